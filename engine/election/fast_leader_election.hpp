// Fast Leader Election as a pure state machine (FastLeaderElection.lookForLeader and its
// WorkerReceiver, ZooKeeper 3.8; reference §2.5-§2.6). Time comes in as `now`; the wait
// for notifications is a deadline the driver turns into a timer.
#pragma once

#include <optional>
#include <vector>

#include "core/messages.hpp"
#include "core/types.hpp"
#include "election/roster.hpp"
#include "trace/trace.hpp"

namespace zs {

// FastLeaderElection.finalizeWait: how long a decided vote waits for a better one. A constant
// in 3.8.0, whatever minNotificationInterval says (that one only sets the first poll timeout).
inline constexpr Ms kFinalizeWaitMs = 200;

// The vote order of totalOrderPredicate: peer epoch, then zxid, then sid (reference §2.3).
// Returns the rule by which `n` beats `cur`, or nullopt when it does not.
std::optional<VoteRule> vote_beats(Sid new_id, Zxid new_zxid, std::int64_t new_epoch, Sid cur_id,
                                   Zxid cur_zxid, std::int64_t cur_epoch);

// What the election needs from the server it runs in.
class ElectionHost {
 public:
  virtual ~ElectionHost() = default;
  virtual Sid myid() const = 0;
  virtual const Roster& roster() const = 0;
  virtual ServerState peer_state() const = 0;
  virtual const Vote& current_vote() const = 0;
  virtual bool is_participant() const = 0;
  virtual Zxid last_logged_zxid() const = 0;
  virtual std::int64_t current_epoch() const = 0;
  // QuorumCnxManager: queue a notification (to myself = loop back), and the two calls
  // the timeout path makes.
  virtual void send_notification(Sid target, const Notification& n) = 0;
  virtual bool have_delivered() const = 0;
  virtual void connect_all() = 0;
  virtual void emit(const TraceBody& event) = 0;
  // The election ended: the server becomes `state` with `end_vote` as its current vote.
  virtual void election_decided(const Vote& end_vote, ServerState state, Ms now) = 0;
};

class FastLeaderElection {
 public:
  // lookForLeader(): a new round with my initial vote, notifications to every voter.
  void start(ElectionHost& host, Ms now);
  // A notification arrives (WorkerReceiver, then the lookForLeader loop when LOOKING).
  void on_notification(ElectionHost& host, Sid from, const Notification& n, Ms now);
  void on_timer(ElectionHost& host, Ms now);
  Ms deadline() const;

  bool active() const { return active_; }
  std::int64_t logical_clock() const { return logical_clock_; }
  Vote proposal() const;  // (proposedLeader, proposedZxid, round, proposedEpoch), LOOKING
  bool finalizing() const { return finalize_deadline_ != kNever; }
  Ms finalize_deadline() const { return finalize_deadline_; }
  // The poll for the next notification: its deadline and its current length.
  Ms poll_deadline() const { return poll_deadline_; }
  Ms poll_timeout() const { return not_timeout_; }
  Ms started_at() const { return started_at_; }
  // The last vote received from each member in this round (recvset), for the GUI.
  const std::vector<std::optional<Vote>>& received() const { return recvset_; }

 private:
  struct Init {
    Sid id;
    Zxid zxid;
    std::int64_t epoch;
  };
  Init initial(const ElectionHost& host) const;
  void update_proposal(ElectionHost& host, Sid leader, Zxid zxid, std::int64_t epoch,
                       VoteRule rule, Sid because_of);
  void update_proposal(ElectionHost& host, const Vote& before, Sid leader, Zxid zxid,
                       std::int64_t epoch, VoteRule rule, Sid because_of);
  void send_notifications(ElectionHost& host);
  void reply(ElectionHost& host, Sid target, const Vote& v, std::int64_t round);
  void loop_step(ElectionHost& host, Sid from, const Notification& n, Ms now);
  void on_looking(ElectionHost& host, Sid from, const Notification& n, Ms now);
  void on_following_or_leading(ElectionHost& host, Sid from, const Notification& n, Ms now);
  bool check_leader(const ElectionHost& host, const std::vector<std::optional<Vote>>& votes,
                    Sid leader, std::int64_t round) const;
  // The members whose recorded vote equals `target` (Vote.equals).
  static SidMask agreeing(const std::vector<std::optional<Vote>>& votes, const Vote& target);
  void decide(ElectionHost& host, Sid leader, const Vote& end_vote, Ms now);

  bool active_ = false;
  std::int64_t logical_clock_ = 0;
  Sid proposed_leader_ = 0;
  Zxid proposed_zxid_{};
  std::int64_t proposed_epoch_ = 0;
  std::vector<std::optional<Vote>> recvset_;        // by roster index
  std::vector<std::optional<Vote>> outofelection_;  // by roster index
  Ms not_timeout_ = 0;                // current poll timeout (doubles on silence)
  Ms poll_deadline_ = kNever;         // the lookForLeader poll gives up at this time
  Ms finalize_deadline_ = kNever;     // set while waiting finalizeWait for a better vote
  Ms started_at_ = 0;                 // start_fle, for "LEADER ELECTION TOOK"
};

}  // namespace zs

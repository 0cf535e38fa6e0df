// Zab's safety properties (reference §9), checked from outside the servers after every event
// of a run, and reported as values: what a lab asserts ("no committed write was lost"), what
// `zooscope sim --check` prints and what the random-fault suites fail on. Pure: no clock,
// thread, socket or random number; it reads the simulator and never changes it.
//
// Every committed txn joins one canonical history C, position by position; then:
//  - each epoch is established by at most one leader;
//  - a serving server's applied history is a prefix of C (same zxid and txn at every
//    position), so nothing committed is lost, reordered or replaced on a server that serves;
//  - only an established, serving leader extends C, always with higher zxids, and when it
//    starts serving it already holds all of C (a committed txn survives into every later
//    leader's history);
//  - a client reply (a write acknowledged) names a txn that is in C, and one session's
//    acknowledged writes have increasing zxids in the order it sent them;
//  - at a quiet moment, servers that applied the same history hold equal trees and agree on
//    the live sessions, and every ephemeral node's owner is a live session.
#pragma once

#include <cstdint>
#include <map>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "core/shared_log.hpp"
#include "core/types.hpp"
#include "peer/payloads.hpp"
#include "trace/trace.hpp"

namespace zs {
class Simulator;
}

namespace zs::check {

enum class Rule : std::uint8_t {
  OneLeaderPerEpoch,        // §9.1 Leadership: each epoch has at most one leader, ever
  AppliedInZxidOrder,       // logged zxids strictly increase
  CommittedPrefix,          // §9.2, §9.4: an applied history is a prefix of C (no write lost or replaced)
  AppliedWasCommitted,      // §9.3 Integrity: a learner applies only what a leader committed
  LeaderHoldsCommitted,     // committed txns survive into every later leader's history
  AckedWasCommitted,        // a write is acknowledged to its client only once committed
  SessionWritesInOrder,     // one session's acknowledged writes have increasing zxids
  SameHistorySameTree,      // equal last applied zxid => equal tree digest
  SameHistorySameSessions,  // ... and equal live sessions
  EphemeralOwnerLive,       // an ephemeral node's owner is a live session
};
// "one_leader_per_epoch", "applied_in_zxid_order", "committed_prefix", ...
std::string_view to_string(Rule r);

// A point of the run: right after event `event` (Simulator::events_processed), at virtual
// time `at`.
struct Moment {
  std::uint64_t event = 0;
  Ms at = 0;
};

struct Violation {
  Rule rule = Rule::OneLeaderPerEpoch;
  Sid server = 0;  // the server that broke the rule (0 = none, e.g. a client's session)
  Sid other = 0;   // the server it disagrees with (0 = none)
  Zxid zxid{};     // the txn concerned (0 = none)
  Moment when;
  std::string details;  // one sentence, e.g. "servers 1 and 3 both led epoch 2"
};
// "<rule>: <details> (t=<ms> ms, event <n>)", e.g.
// "one_leader_per_epoch: servers 1 and 3 both led epoch 2 (t=5012 ms, event 1234)".
std::string to_string(const Violation& v);

// One server as the checker sees it at a moment.
struct ReplicaView {
  Sid sid = 0;
  bool serving = false;  // answers clients: a leader after startZkServer, a learner after UPTODATE
  bool leading = false;  // in LEADING state
  std::int64_t current_epoch = 0;
  const SharedLog<LoggedTxn>* applied = nullptr;  // the txns it applied, in order (not null)
  std::uint64_t history_resets = 0;  // changes whenever `applied` changed other than by appending
};

class SafetyChecker {
 public:
  // Violations kept; later ones are counted in dropped() only (a broken run repeats itself).
  static constexpr std::size_t kMaxViolations = 100;

  // Checks the run as it is after its newest event: every serving server's applied history,
  // and the trace recorded since the last call. Call it after every event: a leader that came
  // and went between two calls is not seen. Forward only: after stepping back, start anew.
  void after_event(const Simulator& sim);
  // At a quiet moment (a run's end): equal histories hold equal trees and sessions, and
  // ephemeral owners are live. Digests every tree, so not after every event.
  void check_replicas(const Simulator& sim);

  // The same rules on plain values (after_event feeds these, a test may feed made-up ones).
  // Leaders are checked before learners, since a learner may apply a commit in the same event
  // its leader made it. `payloads` tells equal txns stored twice apart from different ones (a
  // SNAP copies them); nullptr compares references only.
  void observe_replicas(Moment m, std::span<const ReplicaView> replicas, const PayloadStore* payloads);
  // A client operation's trace event (ClientOp): submissions and the replies to writes.
  void observe_client_op(Moment m, const ClientOp& op);

  const std::vector<Violation>& violations() const { return violations_; }
  bool ok() const { return violations_.empty() && dropped_ == 0; }
  std::size_t dropped() const { return dropped_; }
  std::uint64_t events() const { return events_; }                 // after_event calls
  std::size_t commits() const { return committed_.size(); }        // txns in C
  std::size_t leaders() const { return leader_of_epoch_.size(); }  // epochs established
  std::size_t acknowledged() const { return acked_; }              // write replies checked

 private:
  struct Seen {
    std::uint64_t resets = ~std::uint64_t{0};
    std::size_t verified = 0;  // positions of the applied history already checked
  };
  void observe_leader_start(Moment m, const ReplicaView& r);
  void observe_history(Moment m, const ReplicaView& r, const PayloadStore* payloads);
  bool same_txn(PayloadRef a, PayloadRef b, const PayloadStore* payloads) const;
  void report(Violation v);

  std::vector<LoggedTxn> committed_;  // C, in zxid order
  std::map<Sid, Seen> seen_;
  std::map<Sid, bool> leading_;  // serving as leader at the last check
  std::map<std::int64_t, Sid> leader_of_epoch_;
  std::map<std::int64_t, Zxid> last_acked_;  // per session
  std::size_t acked_ = 0;
  std::size_t trace_seen_ = 0;
  std::uint64_t events_ = 0;
  std::vector<Violation> violations_;
  std::size_t dropped_ = 0;
};

}  // namespace zs::check

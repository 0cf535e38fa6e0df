// The vote order and round handling of FastLeaderElection (reference §2.3-§2.5), each
// rule on its own, driven through the real state machine with a fake server around it.
#include "election/fast_leader_election.hpp"

#include <gtest/gtest.h>

#include <optional>
#include <vector>

#include "config/config.hpp"

namespace zs {
namespace {

class FakeHost final : public ElectionHost {
 public:
  FakeHost(int voters, Sid me, Zxid zxid, std::int64_t epoch, int observers = 0)
      : cfg_(config::default_ensemble(voters, observers)), roster_(cfg_), me_(me), zxid_(zxid), epoch_(epoch) {}
  Sid myid() const override { return me_; }
  const Roster& roster() const override { return roster_; }
  ServerState peer_state() const override { return state_; }
  const Vote& current_vote() const override { return vote_; }
  bool is_participant() const override { return true; }
  Zxid last_logged_zxid() const override { return zxid_; }
  std::int64_t current_epoch() const override { return epoch_; }
  void send_notification(Sid target, const Notification& n) override { sent.push_back({target, n}); }
  bool have_delivered() const override { return true; }
  void connect_all() override {}
  void emit(const TraceBody& e) override {
    if (auto* v = std::get_if<VoteChanged>(&e)) changes.push_back(*v);
  }
  void election_decided(const Vote& v, ServerState s, Ms) override {
    decided = v;
    state_ = s;
    vote_ = v;
  }

  std::vector<std::pair<Sid, Notification>> sent;
  std::vector<VoteChanged> changes;
  std::optional<Vote> decided;

 private:
  config::EnsembleConfig cfg_;
  Roster roster_;
  Sid me_;
  Zxid zxid_;
  std::int64_t epoch_;
  ServerState state_ = ServerState::Looking;
  Vote vote_;
};

Notification looking(Sid leader, Zxid zxid, std::int64_t round, std::int64_t peer_epoch) {
  return Notification{ServerState::Looking, leader, zxid, round, peer_epoch};
}

// Server 1 of 5 with zxid 0x100000005 in epoch 1, its election started at time 0 (round 1).
struct Fixture {
  FakeHost host{5, 1, Zxid(0x100000005), 1};
  FastLeaderElection fle;
  Fixture() { fle.start(host, 0); }
  Vote proposal() const { return fle.proposal(); }
};

TEST(FastLeaderElection, StartsWithOwnVoteInRoundOneAndNotifiesEveryVoterItselfIncluded) {
  Fixture f;
  EXPECT_EQ(f.fle.logical_clock(), 1);
  EXPECT_EQ(f.proposal().leader, 1);
  EXPECT_EQ(f.proposal().zxid, Zxid(0x100000005));
  EXPECT_EQ(f.proposal().peer_epoch, 1);
  ASSERT_EQ(f.host.sent.size(), 5u);  // lookForLeader sends to all voters, itself too
  for (std::size_t i = 0; i < 5; ++i) EXPECT_EQ(f.host.sent[i].first, static_cast<Sid>(i + 1));
}

// The rule before rules 1-4: a higher peer epoch wins even against a higher zxid and sid.
TEST(FastLeaderElection, HigherPeerEpochBeatsHigherZxidAndSid) {
  EXPECT_EQ(vote_beats(2, Zxid(0x200000001), 2, 5, Zxid(0x100000009), 1), VoteRule::HigherPeerEpoch);
  EXPECT_EQ(vote_beats(5, Zxid(0x100000009), 1, 2, Zxid(0x200000001), 2), std::nullopt);
  Fixture f;
  f.fle.on_notification(f.host, 2, looking(2, Zxid(0x200000000), 1, 2), 10);
  EXPECT_EQ(f.proposal().leader, 2);
  EXPECT_EQ(f.host.changes.back().rule, VoteRule::HigherPeerEpoch);
}

// Rounds: a notification from a later round makes the server adopt that round, forget the
// votes of its old round, and re-pick between that vote and its own initial vote.
TEST(FastLeaderElection, HigherRoundIsAdoptedAndOldVotesForgotten) {
  Fixture f;
  f.fle.on_notification(f.host, 3, looking(3, Zxid(0x100000005), 1, 1), 10);  // 3 wins on sid
  ASSERT_EQ(f.proposal().leader, 3);
  ASSERT_TRUE(f.fle.received()[2].has_value());
  // Round 4 from server 2 with a worse vote: adopt round 4, fall back to my own vote.
  f.fle.on_notification(f.host, 2, looking(2, Zxid(0x100000001), 4, 1), 20);
  EXPECT_EQ(f.fle.logical_clock(), 4);
  EXPECT_EQ(f.proposal().leader, 1);  // my initial vote beats (2, 0x100000001)
  EXPECT_EQ(f.host.changes.back().rule, VoteRule::HigherRound);
  EXPECT_FALSE(f.fle.received()[2].has_value()) << "votes of the old round are dropped";
  EXPECT_TRUE(f.fle.received()[1].has_value());
}

// A later round whose vote beats my initial vote: the change names the comparison that
// decided it (here the zxid), not the round, and its `from` vote is still in the old round.
TEST(FastLeaderElection, LaterRoundWithABetterVoteNamesTheComparisonThatDecided) {
  Fixture f;
  f.fle.on_notification(f.host, 3, looking(3, Zxid(0x100000005), 1, 1), 10);  // round 1: 3 on sid
  ASSERT_EQ(f.proposal().leader, 3);
  f.fle.on_notification(f.host, 2, looking(2, Zxid(0x100000007), 2, 1), 20);  // round 2, longer log
  EXPECT_EQ(f.fle.logical_clock(), 2);
  EXPECT_EQ(f.proposal().leader, 2);
  const VoteChanged& c = f.host.changes.back();
  EXPECT_EQ(c.rule, VoteRule::HigherZxid) << "(2, 0x100000007) beats my own (1, 0x100000005) by zxid";
  EXPECT_EQ(c.because_of, 2);
  EXPECT_EQ(c.from.leader, 3);
  EXPECT_EQ(c.from.election_epoch, 1) << "the vote it left, in the round it left";
  EXPECT_EQ(c.to.election_epoch, 2);
  // A later round with a higher peerEpoch: HigherPeerEpoch, even with a lower zxid.
  f.fle.on_notification(f.host, 4, looking(4, Zxid(0x200000000), 3, 2), 30);
  EXPECT_EQ(f.host.changes.back().rule, VoteRule::HigherPeerEpoch);
}

// Rounds: a notification from an older round is ignored by the election (only answered).
TEST(FastLeaderElection, LowerRoundIsIgnoredButAnsweredWithMyRound) {
  Fixture f;
  f.fle.on_notification(f.host, 2, looking(2, Zxid(0x100000001), 3, 1), 5);  // now round 3
  f.host.sent.clear();
  f.fle.on_notification(f.host, 4, looking(4, Zxid(0x100000009), 1, 1), 10);  // better vote, round 1
  EXPECT_EQ(f.proposal().leader, 1) << "a vote from an older round never changes mine";
  EXPECT_FALSE(f.fle.received()[3].has_value());
  ASSERT_EQ(f.host.sent.size(), 1u);
  EXPECT_EQ(f.host.sent[0].first, 4);
  EXPECT_EQ(f.host.sent[0].second.election_epoch, 3) << "the late server learns the round";
}

// The tutorials' rule 1: same round and peer epoch, the higher zxid wins even with a lower sid.
TEST(FastLeaderElection, HigherZxidBeatsHigherSid) {
  EXPECT_EQ(vote_beats(1, Zxid(0x100000007), 1, 5, Zxid(0x100000003), 1), VoteRule::HigherZxid);
  FakeHost host{5, 5, Zxid(0x100000003), 1};
  FastLeaderElection fle;
  fle.start(host, 0);
  fle.on_notification(host, 1, looking(1, Zxid(0x100000007), 1, 1), 10);
  EXPECT_EQ(fle.proposal().leader, 1);
  EXPECT_EQ(host.changes.back().rule, VoteRule::HigherZxid);
  EXPECT_EQ(host.changes.back().because_of, 1);
}

// The tutorials' rules 3 and 4: same round, peer epoch and zxid, the higher sid wins; a lower one does not.
TEST(FastLeaderElection, EqualZxidHigherSidWins) {
  EXPECT_EQ(vote_beats(3, Zxid(0x0), 0, 2, Zxid(0x0), 0), VoteRule::HigherSid);
  EXPECT_EQ(vote_beats(2, Zxid(0x0), 0, 3, Zxid(0x0), 0), std::nullopt);
  EXPECT_EQ(vote_beats(3, Zxid(0x0), 0, 3, Zxid(0x0), 0), std::nullopt) << "equal votes do not beat";
  Fixture f;
  f.fle.on_notification(f.host, 4, looking(4, Zxid(0x100000005), 1, 1), 10);
  EXPECT_EQ(f.proposal().leader, 4);
  EXPECT_EQ(f.host.changes.back().rule, VoteRule::HigherSid);
}

TEST(FastLeaderElection, QuorumOfEqualVotesDecidesOnlyAfterTheFinalizeWait) {
  FakeHost host{3, 1, Zxid(0), 0};
  FastLeaderElection fle;
  fle.start(host, 0);
  fle.on_notification(host, 2, looking(2, Zxid(0), 1, 0), 5);  // switch to 2
  fle.on_notification(host, 1, looking(2, Zxid(0), 1, 0), 6);  // my own re-sent vote
  fle.on_notification(host, 2, looking(2, Zxid(0), 1, 0), 7);
  EXPECT_TRUE(fle.finalizing());
  EXPECT_EQ(fle.deadline(), 7 + 200);
  fle.on_timer(host, 206);
  EXPECT_FALSE(host.decided.has_value());
  // A notification that is not better restarts the 200 ms wait (recvqueue.poll again).
  fle.on_notification(host, 2, looking(2, Zxid(0), 1, 0), 150);
  EXPECT_EQ(fle.deadline(), 350);
  fle.on_timer(host, 350);
  ASSERT_TRUE(host.decided.has_value());
  EXPECT_EQ(host.decided->leader, 2);
  EXPECT_EQ(host.peer_state(), ServerState::Following);
}

TEST(FastLeaderElection, BetterVoteDuringFinalizeWaitReopensTheElection) {
  FakeHost host{3, 1, Zxid(0), 0};
  FastLeaderElection fle;
  fle.start(host, 0);
  fle.on_notification(host, 2, looking(2, Zxid(0), 1, 0), 5);
  fle.on_notification(host, 1, looking(2, Zxid(0), 1, 0), 6);
  ASSERT_TRUE(fle.finalizing());
  fle.on_notification(host, 3, looking(3, Zxid(0), 1, 0), 100);
  EXPECT_FALSE(fle.finalizing());
  EXPECT_EQ(fle.proposal().leader, 3);
  fle.on_timer(host, 300);
  EXPECT_FALSE(host.decided.has_value());
}

TEST(FastLeaderElection, NotificationTimeoutDoublesFrom200To60000) {
  FakeHost host{3, 1, Zxid(0), 0};
  FastLeaderElection fle;
  fle.start(host, 0);
  std::vector<Ms> waits;
  Ms t = 0;
  for (int i = 0; i < 12; ++i) {
    const Ms d = fle.deadline();
    waits.push_back(d - t);
    t = d;
    fle.on_timer(host, t);
  }
  const std::vector<Ms> expected{200, 400, 800, 1600, 3200, 6400, 12800, 25600, 51200, 60000, 60000, 60000};
  EXPECT_EQ(waits, expected);
}

TEST(FastLeaderElection, LateStarterJoinsAnEstablishedLeaderWithoutFinalizeWait) {
  FakeHost host{3, 3, Zxid(0), 0};
  FastLeaderElection fle;
  fle.start(host, 1000);
  const Notification following{ServerState::Following, 2, Zxid(0), 1, 1};
  const Notification leading{ServerState::Leading, 2, Zxid(0), 1, 1};
  fle.on_notification(host, 1, following, 1003);
  EXPECT_FALSE(host.decided.has_value()) << "one follower alone is no quorum";
  fle.on_notification(host, 2, leading, 1004);
  ASSERT_TRUE(host.decided.has_value());
  EXPECT_EQ(host.decided->leader, 2);
  EXPECT_EQ(host.peer_state(), ServerState::Following);
  EXPECT_EQ(fle.logical_clock(), 1) << "no new election round";
}

TEST(FastLeaderElection, FollowersWithoutTheLeadersOwnWordDoNotDecide) {
  // checkLeader: the recorded vote of the named leader itself must say LEADING.
  FakeHost host{5, 5, Zxid(0), 0};
  FastLeaderElection fle;
  fle.start(host, 0);
  for (Sid s : {1, 2, 3}) fle.on_notification(host, s, Notification{ServerState::Following, 4, Zxid(0), 1, 1}, 5);
  EXPECT_FALSE(host.decided.has_value());
  fle.on_notification(host, 4, Notification{ServerState::Leading, 4, Zxid(0), 1, 1}, 6);
  EXPECT_TRUE(host.decided.has_value());
}

TEST(FastLeaderElection, ObserverSenderIsAnsweredAtOnceAndNotCounted) {
  FakeHost host{3, 1, Zxid(0), 0, /*observers=*/1};  // server 4 observes
  FastLeaderElection fle;
  fle.start(host, 0);
  host.sent.clear();
  fle.on_notification(host, 4, looking(kMinLong, Zxid(kMinLong), 1, kMinLong), 5);
  ASSERT_EQ(host.sent.size(), 1u);
  EXPECT_EQ(host.sent[0].first, 4);
  EXPECT_FALSE(fle.received()[3].has_value()) << "observers never vote";
  EXPECT_EQ(fle.proposal().leader, 1);
}

}  // namespace
}  // namespace zs

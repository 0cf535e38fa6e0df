// The votes tab's "why" (view/model_votes.hpp): each server's vote switches in its current
// election with the comparison that decided them, named as the tutorials number their rules
// (or the epoch check ZooKeeper makes before them), kept after the election ended; and every
// switch of the last election in order. From real runs and from hand-made traces.
#include <gtest/gtest.h>

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "../../sim/sim_util.hpp"
#include "config/config.hpp"
#include "lab/lab.hpp"
#include "lab/lab_run.hpp"
#include "sim/simulator.hpp"
#include "view/model.hpp"
#include "view/model_votes.hpp"

namespace zs::view {
namespace {

Vote vote(Sid sid, std::int64_t zxid, std::int64_t peer_epoch, std::int64_t round = 1) {
  Vote v;
  v.leader = sid;
  v.zxid = Zxid(zxid);
  v.peer_epoch = peer_epoch;
  v.election_epoch = round;
  return v;
}

// totalOrderPredicate's order (reference §2.3), named: the epoch first, then the tutorials'
// rules 1-4 for (sid, zxid).
TEST(CompareVotes, NamesTheEpochCheckThenTheTutorialsFourRules) {
  // A higher epoch wins even with a lower zxid and sid, a lower one loses.
  EXPECT_EQ(compare_votes(vote(2, 0x100000007, 2), vote(3, 0x100000009, 1)), VoteCheck::EpochHigher);
  EXPECT_EQ(compare_votes(vote(3, 0x100000009, 1), vote(2, 0x100000007, 2)), VoteCheck::EpochLower);
  // Rule 1 / 2: equal epochs, the zxid decides whatever the sids.
  EXPECT_EQ(compare_votes(vote(1, 0x100000007, 1), vote(2, 0x100000005, 1)), VoteCheck::Rule1);
  EXPECT_EQ(compare_votes(vote(2, 0x100000005, 1), vote(1, 0x100000007, 1)), VoteCheck::Rule2);
  // Rule 3 / 4: equal epochs and zxids, the sid decides.
  EXPECT_EQ(compare_votes(vote(3, 0x100000007, 3), vote(1, 0x100000007, 3)), VoteCheck::Rule3);
  EXPECT_EQ(compare_votes(vote(1, 0x100000007, 3), vote(3, 0x100000007, 3)), VoteCheck::Rule4);
  EXPECT_EQ(compare_votes(vote(3, 0, 0), vote(3, 0, 0, 2)), VoteCheck::Equal) << "the round is not compared";
}

ClusterView model_of(const Simulator& sim, VotesCache& cache) {
  RecentTrace recent;
  ClusterView m = build_model(sim, true, recent);
  cache.build(sim.trace(), m);
  return m;
}

const VoteWhy& why_of(const ClusterView& m, Sid sid) {
  return m.votes.why.at(static_cast<std::size_t>(m.index_of(sid)));
}

// The VoteChanged events that switch a vote (not the start of an election, not the epoch update
// after discovery, not a decision for the vote already held), in trace order, from `from` on.
std::vector<VoteChanged> switches_in(const Simulator& sim, std::size_t from = 0) {
  std::vector<VoteChanged> out;
  for (std::size_t i = from; i < sim.trace().size(); ++i) {
    const TraceEvent ev = sim.trace()[i];
    const auto* v = std::get_if<VoteChanged>(&ev.body);
    if (v == nullptr || v->rule == VoteRule::Initial || v->rule == VoteRule::EpochUpdated) continue;
    if (v->from.leader == v->to.leader && v->from.zxid == v->to.zxid &&
        (v->rule == VoteRule::Decided || v->from.peer_epoch == v->to.peer_epoch))
      continue;
    out.push_back(*v);
  }
  return out;
}

// Three fresh servers started at once: 1 and 2 switch by rule 3 (equal epoch and zxid, higher
// sid), 3 keeps its own vote. After the election their last VoteChanged is the epoch update,
// yet the "why" still names rule 3 and the server whose vote won.
TEST(VotesWhy, AfterTheElectionTheWhyStillNamesTheRuleThatDecided) {
  Simulator sim(config::default_ensemble(3), SimOptions{});
  for (Sid s = 1; s <= 3; ++s) sim.schedule(test::start(s, 0));
  sim.run_until(5000);
  ASSERT_EQ(sim.stable_leader(), 3);
  VotesCache cache;
  const ClusterView m = model_of(sim, cache);
  ASSERT_TRUE(m.votes.election_over);
  for (Sid s : {1, 2}) {
    SCOPED_TRACE("server " + std::to_string(s));
    std::optional<VoteChanged> newest;
    for (const TraceEvent& ev : sim.trace())
      if (const auto* v = std::get_if<VoteChanged>(&ev.body); v && v->sid == s) newest = *v;
    ASSERT_TRUE(newest);
    EXPECT_EQ(newest->rule, VoteRule::EpochUpdated) << "what the old table showed";
    const VoteWhy& w = why_of(m, s);
    ASSERT_TRUE(w.in_election);
    ASSERT_GE(w.switches, 1);
    EXPECT_EQ(w.last.rule, VoteRule::HigherSid);
    EXPECT_EQ(w.last.check, VoteCheck::Rule3);
    EXPECT_EQ(w.last.to.leader, 3);
    EXPECT_FALSE(w.last.joined_round());
    ASSERT_TRUE(w.last.has_sender) << "the notification that won is kept";
    EXPECT_EQ(w.last.sender.leader, 3);
    EXPECT_EQ(w.last.sender.zxid, w.last.from.zxid) << "equal zxid: the sid decided";
  }
  const VoteWhy& three = why_of(m, 3);
  EXPECT_TRUE(three.in_election);
  EXPECT_EQ(three.switches, 0) << "server 3 never switched";

  // The history: every switch of the election, in trace order.
  const std::vector<VoteChanged> expected = switches_in(sim);
  ASSERT_EQ(m.votes.history.size(), expected.size());
  ASSERT_FALSE(expected.empty());
  for (std::size_t i = 0; i < expected.size(); ++i) {
    EXPECT_EQ(m.votes.history[i].sid, expected[i].sid) << i;
    EXPECT_EQ(m.votes.history[i].to.leader, expected[i].to.leader) << i;
    if (i > 0) {
      EXPECT_LT(m.votes.history[i - 1].seq, m.votes.history[i].seq);
    }
  }
  EXPECT_EQ(m.votes.history_started, 0);
}

// Server 3 starts after 1 and 2 elected 2: it follows the leader a quorum already follows
// (FOLLOWING/LEADING answers), not a better vote; that switch is the whole last election.
TEST(VotesWhy, ALateServerFollowsTheEstablishedLeaderWithoutAComparison) {
  Simulator sim(config::default_ensemble(3), SimOptions{});
  sim.schedule(test::start(1, 0));
  sim.schedule(test::start(2, 0));
  sim.schedule(test::start(3, 5000));
  sim.run_until(8000);
  ASSERT_EQ(sim.stable_leader(), 2);
  ASSERT_EQ(sim.peer(3).status, PeerStatus::Following);
  VotesCache cache;
  const ClusterView m = model_of(sim, cache);
  const VoteWhy& three = why_of(m, 3);
  ASSERT_EQ(three.switches, 1);
  EXPECT_EQ(three.last.rule, VoteRule::Decided);
  EXPECT_EQ(three.last.check, VoteCheck::None);
  EXPECT_EQ(three.last.from.leader, 3);
  EXPECT_EQ(three.last.to.leader, 2);
  ASSERT_TRUE(three.last.has_sender);
  EXPECT_NE(three.last.sender.state, ServerState::Looking) << "a FOLLOWING or LEADING answer";
  EXPECT_EQ(three.last.sender.leader, 2);
  // 1's switch to 2 (rule 3) belongs to the first election, still its why.
  EXPECT_EQ(why_of(m, 1).last.check, VoteCheck::Rule3);
  ASSERT_EQ(m.votes.history.size(), 1u);
  EXPECT_EQ(m.votes.history[0].sid, 3);
  EXPECT_GE(m.votes.history_started, 5000);
}

class VoteOrderLab : public ::testing::Test {
 protected:
  void SetUp() override {
    auto lab = lab::load_lab(std::string(ZS_SOURCE_DIR) + "/labs/03-vote-order.toml");
    ASSERT_TRUE(lab.ok()) << lab.error().to_string();
    lab_ = std::make_unique<lab::Lab>(std::move(lab).value());
    run_ = std::make_unique<lab::LabRun>(*lab_);
  }
  ClusterView after_step(std::size_t k) {
    run_->go_to(k);
    return model_of(run_->run().sim(), cache_);
  }
  std::unique_ptr<lab::Lab> lab_;
  std::unique_ptr<lab::LabRun> run_;
  VotesCache cache_;
};

// The vote-order lab, step by step: rule 1, the epoch check (with a round jump), an
// established leader, rule 3; each step's history holds only that election's switches.
TEST_F(VoteOrderLab, EachElectionNamesItsDecisiveComparison) {
  // Step 1: 1 (0x100000007) and 2 (0x100000005), both epoch 1: rule 1, the higher zxid.
  ClusterView m = after_step(1);
  const VoteWhy& two = why_of(m, 2);
  ASSERT_EQ(two.switches, 1);
  EXPECT_EQ(two.last.check, VoteCheck::Rule1);
  EXPECT_EQ(two.last.because_of, 1);
  EXPECT_EQ(two.last.from.leader, 2);
  EXPECT_EQ(two.last.from.zxid, Zxid(0x100000005));
  EXPECT_EQ(two.last.to.leader, 1);
  EXPECT_EQ(two.last.to.zxid, Zxid(0x100000007));
  EXPECT_EQ(why_of(m, 1).switches, 0);
  ASSERT_EQ(m.votes.history.size(), 1u);
  EXPECT_EQ(m.votes.history[0].sid, 2);

  // Step 2: leader 1 crashes, 2 starts a new election alone: nobody has switched in it.
  m = after_step(2);
  EXPECT_EQ(why_of(m, 2).switches, 0);
  EXPECT_TRUE(m.votes.history.empty()) << "the first election's switch is not in this one";

  // Step 3: 3 starts with (3, 0x100000009) epoch 1 in round 1; 2 answers from round 2 with
  // (2, 0x100000007) epoch 2. 3 joins round 2 and the epoch decides, not the round.
  m = after_step(3);
  const VoteWhy& three = why_of(m, 3);
  ASSERT_EQ(three.switches, 1);
  const VoteSwitch& w = three.last;
  EXPECT_EQ(w.rule, VoteRule::HigherPeerEpoch);
  EXPECT_EQ(w.check, VoteCheck::EpochHigher);
  EXPECT_TRUE(w.joined_round());
  EXPECT_EQ(w.from.election_epoch, 1);
  EXPECT_EQ(w.to.election_epoch, 2);
  EXPECT_EQ(w.from.peer_epoch, 1);
  EXPECT_EQ(w.to.peer_epoch, 2);
  EXPECT_EQ(w.from.zxid, Zxid(0x100000009)) << "the higher zxid lost to the higher epoch";
  EXPECT_EQ(w.because_of, 2);
  EXPECT_EQ(why_of(m, 2).switches, 0);
  ASSERT_EQ(m.votes.history.size(), 1u);
  EXPECT_EQ(m.votes.history[0].sid, 3);

  // Step 5: 1 restarts in round 1. Server 3's connection re-sends the last notification it
  // queued for 1 while 1 was down: LOOKING, (2, 0x100000007) from round 2. Equal epoch (2)
  // and zxid, higher sid: rule 3, and 1 joins round 2. Deciding for leader 2 afterwards is
  // no switch.
  m = after_step(5);
  const VoteWhy& one = why_of(m, 1);
  ASSERT_EQ(one.switches, 1);
  EXPECT_EQ(one.last.check, VoteCheck::Rule3);
  EXPECT_TRUE(one.last.joined_round());
  EXPECT_EQ(one.last.from.leader, 1);
  EXPECT_EQ(one.last.to.leader, 2);
  EXPECT_EQ(one.last.because_of, 3);
  ASSERT_TRUE(one.last.has_sender);
  EXPECT_EQ(one.last.sender.state, ServerState::Looking);
  ASSERT_EQ(m.votes.history.size(), 1u);

  // Step 6: leader 2 crashes; 1 and 3 tie on epoch and zxid: rule 3, the higher sid.
  m = after_step(6);
  const VoteWhy& one6 = why_of(m, 1);
  ASSERT_GE(one6.switches, 1);
  EXPECT_EQ(one6.last.check, VoteCheck::Rule3);
  EXPECT_EQ(one6.last.to.leader, 3);
  EXPECT_EQ(why_of(m, 3).switches, 0);
  for (const VoteSwitch& s : m.votes.history) EXPECT_GE(s.at, m.votes.history_started);
  ASSERT_FALSE(m.votes.history.empty());
  EXPECT_EQ(m.votes.history.back().check, VoteCheck::Rule3);
}

// ---- hand-made traces ----------------------------------------------------------------------

struct HandTrace {
  TraceLog log;
  Ms now = 0;
  void push(TraceBody b) { log.push_back(TraceEvent{now, b}); }
  void looking(Sid s) { push(StateChanged{s, PeerStatus::Down, PeerStatus::Looking}); }
  void initial(Sid s, const Vote& v) { push(VoteChanged{s, Vote{}, v, VoteRule::Initial, 0}); }
  void deliver(Sid from, Sid to, const Vote& v) {
    push(MessageDelivered{0, Envelope{from, to, Notification{ServerState::Looking, v.leader, v.zxid, v.election_epoch, v.peer_epoch}}, now});
  }
  void change(Sid s, const Vote& from, const Vote& to, VoteRule r, Sid because) { push(VoteChanged{s, from, to, r, because}); }
};

ClusterView peers_model(int n) {
  ClusterView m;
  for (Sid s = 1; s <= n; ++s) {
    PeerSnapshot p;
    p.sid = s;
    p.up = true;
    p.status = PeerStatus::Looking;
    m.peers.push_back(p);
  }
  return m;
}

// A later round whose vote loses to the server's own initial vote brings that vote back: the
// why is the round, and the comparison that made its own vote win is kept (rule 2 here).
TEST(VotesWhy, ALaterRoundThatBringsTheOwnVoteBackSaysWhyTheSendersLost) {
  HandTrace t;
  t.looking(1);
  t.initial(1, vote(1, 0x100000005, 1, 1));
  t.now = 5;
  t.deliver(3, 1, vote(3, 0x100000005, 1, 1));
  t.change(1, vote(1, 0x100000005, 1, 1), vote(3, 0x100000005, 1, 1), VoteRule::HigherSid, 3);
  t.now = 9;
  t.deliver(2, 1, vote(2, 0x100000001, 1, 4));
  t.change(1, vote(3, 0x100000005, 1, 1), vote(1, 0x100000005, 1, 4), VoteRule::HigherRound, 2);
  ClusterView m = peers_model(3);
  VotesCache cache;
  cache.build(t.log, m);
  const VoteWhy& w = why_of(m, 1);
  ASSERT_EQ(w.switches, 2);
  EXPECT_EQ(w.last.rule, VoteRule::HigherRound);
  EXPECT_EQ(w.last.check, VoteCheck::Rule2) << "(2, 0x100000001) has the lower zxid";
  EXPECT_EQ(w.last.because_of, 2);
  ASSERT_EQ(m.votes.history.size(), 2u);
  EXPECT_EQ(m.votes.history[0].check, VoteCheck::Rule3);
  EXPECT_EQ(m.votes.history[0].at, 5);
  EXPECT_EQ(m.votes.history[1].at, 9);
}

// Memory stays bounded: a server that switches back and forth many times in one election keeps
// its newest kVoteHistory switches and counts the rest; a new election (nobody else LOOKING)
// starts an empty history.
TEST(VotesWhy, HistoryIsBoundedPerServerAndStartsOverWithTheNextElection) {
  HandTrace t;
  t.looking(1);
  t.initial(1, vote(1, 0x0, 0));
  t.looking(2);
  t.initial(2, vote(2, 0x0, 0));
  const std::size_t n = kVoteHistory + 10;
  for (std::size_t i = 0; i < n; ++i) {
    t.now = static_cast<Ms>(i + 1);
    const Sid a = i % 2 == 0 ? 1 : 3;
    const Sid b = i % 2 == 0 ? 3 : 1;
    t.deliver(b, 1, vote(b, 0x0, 0));
    t.change(1, vote(a, 0x0, 0), vote(b, 0x0, 0), VoteRule::HigherSid, b);
  }
  t.deliver(1, 2, vote(3, 0x0, 0));
  t.change(2, vote(2, 0x0, 0), vote(3, 0x0, 0), VoteRule::HigherSid, 1);
  ClusterView m = peers_model(3);
  VotesCache cache;
  cache.build(t.log, m);
  EXPECT_EQ(why_of(m, 1).switches, static_cast<int>(n));
  EXPECT_EQ(m.votes.history.size(), kVoteHistory + 1) << "server 1's newest, and server 2's";
  EXPECT_EQ(m.votes.history_dropped, 10u);
  EXPECT_EQ(m.votes.history.back().sid, 2);
  EXPECT_EQ(m.votes.history.front().at, 11) << "the oldest kept";

  // Both decide and follow; then server 2 alone starts a new election.
  t.push(StateChanged{1, PeerStatus::Looking, PeerStatus::Following});
  t.push(StateChanged{2, PeerStatus::Looking, PeerStatus::Following});
  t.now = 500;
  t.looking(2);
  t.initial(2, vote(2, 0x0, 1, 2));
  cache.build(t.log, m);
  EXPECT_TRUE(m.votes.history.empty());
  EXPECT_EQ(m.votes.history_started, 500);
  EXPECT_EQ(m.votes.history_dropped, 0u);
  EXPECT_EQ(why_of(m, 1).switches, static_cast<int>(n)) << "server 1's election is over but still says why";
  EXPECT_EQ(why_of(m, 2).switches, 0);
}

}  // namespace
}  // namespace zs::view

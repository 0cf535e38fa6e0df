// The election port's connection rule and observers (reference §2.1, §2.5, §1 Quorum).
#include <gtest/gtest.h>

#include "sim_util.hpp"

namespace zs {
namespace {

using namespace zs::test;

// QuorumCnxManager keeps only connections opened by the larger sid: the smaller one drops
// its own attempt and the larger one connects back.
TEST(ElectionConnections, OnlyTheConnectionOpenedByTheLargerSidSurvives) {
  Simulator sim(config::default_ensemble(3), SimOptions{});
  sim.schedule(start(2, 0));
  sim.schedule(start(1, 1000));  // 1 opens the connection to the already running 2
  sim.run_until(3000);
  EXPECT_TRUE(contains(log_lines(sim, 1), "Have smaller server identifier, so dropping the connection: (myId:1 --> sid:2)"));
  bool two_opened_to_one = false;
  bool notification_after = false;
  for (const auto& ev : sim.trace()) {
    if (const auto* d = std::get_if<MessageDelivered>(&ev.body)) {
      if (std::holds_alternative<ElectionConnect>(d->env.msg) && d->env.source == 2 && d->env.target == 1)
        two_opened_to_one = true;
      if (two_opened_to_one && std::holds_alternative<Notification>(d->env.msg) && d->env.source == 1 && d->env.target == 2)
        notification_after = true;
    }
  }
  EXPECT_TRUE(two_opened_to_one) << "2 connects back to 1";
  EXPECT_TRUE(notification_after) << "1's queued vote goes out on the connection 2 opened";
  EXPECT_EQ(sim.stable_leader(), 2);
}

TEST(ElectionConnections, CrashedPeerShowsAsBrokenConnectionAndCannotOpenChannel) {
  Simulator sim(config::default_ensemble(3), SimOptions{});
  for (Sid s = 1; s <= 3; ++s) sim.schedule(start(s, 0));
  sim.schedule(crash(3, 3000));
  sim.run_until(6000);
  const auto log1 = log_lines(sim, 1);
  EXPECT_TRUE(contains(log1, "Connection broken for id 3, my id = 1"));
  EXPECT_TRUE(contains(log1, "Cannot open channel to 3 at election address /127.0.0.1:3890"));
}

TEST(Observers, ObserverNeverVotesAndObservesTheElectedLeader) {
  Simulator sim(config::default_ensemble(3, 1), SimOptions{});  // server 4 observes
  for (Sid s = 1; s <= 4; ++s) sim.schedule(start(s, 0));
  sim.run_until(5000);
  EXPECT_EQ(sim.stable_leader(), 3) << "the observer's higher sid does not win";
  EXPECT_EQ(status(sim, 4), PeerStatus::Observing);
  EXPECT_EQ(sim.peer(4).leader, 3);
  EXPECT_TRUE(sim.peer(4).serving);
  for (const auto& ev : sim.trace())
    if (const auto* v = std::get_if<VoteChanged>(&ev.body)) {
      EXPECT_NE(v->to.leader, 4) << "nobody ever proposes the observer";
    }
}

TEST(Observers, ObserversDoNotMakeAQuorum) {
  // 3 voters + 2 observers: with two voters down the remaining voter and both observers
  // are three servers, but only one vote.
  Simulator sim(config::default_ensemble(3, 2), SimOptions{});
  for (Sid s = 1; s <= 5; ++s) sim.schedule(start(s, 0));
  sim.run_until(5000);
  ASSERT_EQ(sim.stable_leader(), 3);
  sim.schedule(crash(3, 5000));
  sim.schedule(crash(2, 5000));
  sim.run_until(60000);
  EXPECT_EQ(status(sim, 1), PeerStatus::Looking);
  EXPECT_NE(status(sim, 4), PeerStatus::Observing);
}

TEST(Observers, ObserverJoinsAnEstablishedEnsembleLate) {
  Simulator sim(config::default_ensemble(3, 1), SimOptions{});
  for (Sid s = 1; s <= 3; ++s) sim.schedule(start(s, 0));
  sim.schedule(start(4, 4000));
  sim.run_until(6000);
  EXPECT_EQ(status(sim, 4), PeerStatus::Observing);
  EXPECT_EQ(sim.peer(4).current_epoch, 1);
  EXPECT_EQ(sim.peer(3).current_epoch, 1);
}

}  // namespace
}  // namespace zs

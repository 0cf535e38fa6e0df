// The servers' log lines in the order real ZooKeeper 3.8.0 servers write them (issue 16 §1;
// the orders were read off real servers' logs, tests/interop/test_log_kinds.py compares them
// with real servers where Java is installed).
#include <algorithm>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "sim_util.hpp"

namespace zs {
namespace {

using namespace zs::test;

// The lines of `sid` that start with one of `prefixes`, in order.
std::vector<std::string> only(const Simulator& sim, Sid sid, const std::vector<std::string>& prefixes,
                              std::size_t from = 0) {
  std::vector<std::string> out;
  const auto all = log_lines(sim, sid);
  for (std::size_t i = from; i < all.size(); ++i)
    for (const auto& p : prefixes)
      if (all[i].rfind(p, 0) == 0) {
        out.push_back(all[i].substr(0, p.size()));
        break;
      }
  return out;
}

// 1, then 2 a second later (they elect 2), then 3 (which joins by SNAP).
void staggered_three(Simulator& sim) {
  sim.schedule(start(1, 0));
  sim.schedule(start(2, 1000));
  sim.schedule(start(3, 2000));
  sim.run_until(4000);
}

TEST(LogLines, ARoleStartsWithTheStateChangeThenTheRoleThenTheElectionTime) {
  Simulator sim(config::default_ensemble(3), SimOptions{});
  staggered_three(sim);
  ASSERT_EQ(sim.stable_leader(), 2);
  // Longer prefixes first: "LEADING" would also match the election-time line.
  const std::vector<std::string> keys = {"LOOKING", "Peer state changed: leading", "LEADING - LEADER ELECTION TOOK",
                                         "LEADING"};
  EXPECT_EQ(only(sim, 2, keys), (std::vector<std::string>{"LOOKING", "Peer state changed: leading", "LEADING",
                                                           "LEADING - LEADER ELECTION TOOK",
                                                           "Peer state changed: leading", "Peer state changed: leading",
                                                           "Peer state changed: leading"}));
}

TEST(LogLines, TheLeaderLogsItsSyncDecisionBeforeItsOwnSynchronizationState) {
  Simulator sim(config::default_ensemble(3), SimOptions{});
  staggered_three(sim);
  const auto lines = only(sim, 2, {"Follower sid: 1 : info : 127.0.0.1:2888:3888:participant",
                                   "Synchronizing with Learner sid: 1", "Sending DIFF zxid=0x0 for peer sid: 1",
                                   "Peer state changed: leading - synchronization", "Have quorum of supporters, sids: [[1, 2]]",
                                   "Dynamic reconfig feature is disabled"});
  EXPECT_EQ(lines, (std::vector<std::string>{"Follower sid: 1 : info : 127.0.0.1:2888:3888:participant",
                                             "Synchronizing with Learner sid: 1", "Sending DIFF zxid=0x0 for peer sid: 1",
                                             "Peer state changed: leading - synchronization",
                                             "Have quorum of supporters, sids: [[1, 2]]",
                                             "Dynamic reconfig feature is disabled"}));
  // The latecomer gets a snapshot, logged as LearnerHandler logs it; no zooscope summary line.
  EXPECT_TRUE(contains(log_lines(sim, 2),
                       "Sending snapshot last zxid of peer is 0x0, zxid of leader is 0x100000000, send zxid of db "
                       "as 0x100000000, 1 concurrent snapshot sync, snapshot sync was exempt from throttle"));
  for (Sid s = 1; s <= 3; ++s)
    for (const auto& l : log_lines(sim, s)) EXPECT_EQ(l.rfind("Syncing learner", 0), std::string::npos) << l;
}

TEST(LogLines, ASnapLearnerChangesItsModeBeforeGettingTheSnapshotADiffLearnerAfter) {
  Simulator sim(config::default_ensemble(3), SimOptions{});
  staggered_three(sim);
  EXPECT_EQ(only(sim, 3, {"Peer state changed: following - synchronization - snap", "Getting a snapshot from leader"}),
            (std::vector<std::string>{"Peer state changed: following - synchronization - snap",
                                      "Getting a snapshot from leader"}));
  EXPECT_EQ(only(sim, 1, {"Peer state changed: following - synchronization - diff", "Getting a diff from the leader"}),
            (std::vector<std::string>{"Getting a diff from the leader",
                                      "Peer state changed: following - synchronization - diff"}));
}

TEST(LogLines, AFollowerLosingItsLeaderShutsDownThenGoesBackToLookingWithOneStateChange) {
  Simulator sim(config::default_ensemble(3), SimOptions{});
  staggered_three(sim);
  const std::size_t before = log_lines(sim, 1).size();
  sim.schedule(crash(2, 4000));
  sim.run_until(4100);
  const std::vector<std::string> keys = {"Exception when following the leader",
                                         "Disconnected from leader (with address: /127.0.0.1:2889). Was connected for ",
                                         "shutdown Follower", "shutting down", "Peer state changed: ",
                                         "PeerState set to LOOKING", "LOOKING"};
  const auto all = log_lines(sim, 1);
  std::vector<std::string> after(all.begin() + static_cast<std::ptrdiff_t>(before), all.end());
  EXPECT_EQ(only(sim, 1, keys, before),
            (std::vector<std::string>{"Exception when following the leader",
                                      "Disconnected from leader (with address: /127.0.0.1:2889). Was connected for ",
                                      "shutdown Follower", "shutting down", "Peer state changed: ",
                                      "PeerState set to LOOKING", "LOOKING"}));
  EXPECT_TRUE(contains(after, "Peer state changed: looking"));
  EXPECT_TRUE(std::none_of(after.begin(), after.end(),
                           [](const std::string& l) { return l.rfind("Peer state changed: looking -", 0) == 0; }));
  EXPECT_TRUE(contains(after, "Connection broken for id 2, my id = 1"));
  EXPECT_TRUE(contains(after, "Send worker leaving thread id 2 my id = 1"));
}

TEST(LogLines, OnlyAFirstStartCreatesTheEpochFiles) {
  Simulator sim(config::default_ensemble(3), SimOptions{});
  staggered_three(sim);
  const std::string missing =
      "currentEpoch not found! Creating with a reasonable default of 0. This should only happen when you are "
      "upgrading your installation";
  EXPECT_TRUE(contains(log_lines(sim, 2), missing));
  EXPECT_TRUE(contains(log_lines(sim, 2), "2 is accepting connections now, my election bind port: /127.0.0.1:3889"));
  const std::size_t before = log_lines(sim, 2).size();
  sim.schedule(crash(2, 4000));
  sim.schedule(restart(2, 6000));
  sim.run_until(7000);
  const auto all = log_lines(sim, 2);
  const std::vector<std::string> after(all.begin() + static_cast<std::ptrdiff_t>(before), all.end());
  EXPECT_FALSE(contains(after, missing));
  EXPECT_TRUE(contains(after, "2 is accepting connections now, my election bind port: /127.0.0.1:3889"));
}

TEST(LogLines, AckSetsNameSidsNotPositionsInTheServerList) {
  auto cfg = config::parse_zoo_cfg(
      "tickTime=2000\ninitLimit=10\nsyncLimit=5\ndataDir=/tmp/zk\nclientPort=2181\n"
      "server.5=127.0.0.1:2888:3888\nserver.7=127.0.0.1:2889:3889\nserver.9=127.0.0.1:2890:3890\n",
      "zoo.cfg", false);
  ASSERT_TRUE(cfg.ok()) << cfg.error().to_string();
  auto ens = config::ensemble_from({cfg.value()});
  ASSERT_TRUE(ens.ok()) << ens.error().to_string();
  Simulator sim(ens.value(), SimOptions{});
  for (Sid s : {5, 7, 9}) sim.schedule(start(s, 0));
  sim.run_until(3000);
  ASSERT_EQ(sim.stable_leader(), 9);
  const auto leader = only(sim, 9, {"Have quorum of supporters, sids: [["});
  ASSERT_EQ(leader.size(), 1u);
  bool named = false;
  for (const auto& l : log_lines(sim, 9))
    named |= l.rfind("Have quorum of supporters, sids: [[5, 9]]", 0) == 0 ||
             l.rfind("Have quorum of supporters, sids: [[7, 9]]", 0) == 0 ||
             l.rfind("Have quorum of supporters, sids: [[5, 7, 9]]", 0) == 0;
  EXPECT_TRUE(named) << "the ack set lists sids 5, 7, 9, not positions 1, 2, 3";
  // The followers leave; the leader's reason names the sids that were still synced: itself.
  sim.schedule(crash(5, 3000));
  sim.schedule(crash(7, 3000));
  sim.run_until(9000);
  EXPECT_TRUE(contains(log_lines(sim, 9),
                       "Shutdown called. For the reason Not sufficient followers synced, only synced with sids: [ [9] ]"));
}

// 3 voters and an observer (4): 1, 2 a second later (they elect 2), then 3 and 4.
void staggered_three_and_an_observer(Simulator& sim) {
  sim.schedule(start(1, 0));
  sim.schedule(start(2, 1000));
  sim.schedule(start(3, 3000));
  sim.schedule(start(4, 3000));
  sim.run_until(5000);
}

TEST(LogLines, AnObserverNamesItsLeaderAfterItsDiscoveryStateAndBeforeItConnects) {
  Simulator sim(config::default_ensemble(3, 1), SimOptions{});
  staggered_three_and_an_observer(sim);
  ASSERT_EQ(sim.stable_leader(), 2);
  ASSERT_TRUE(sim.peer(4).serving);
  const std::vector<std::string> keys = {"Peer state changed: observing - discovery",
                                         "Peer state changed: observing - synchronization - snap",
                                         "Peer state changed: observing - synchronization",
                                         "Peer state changed: observing - broadcast",
                                         "Peer state changed: observing",
                                         "OBSERVING",
                                         "Observing new leader sid=2 addr=/127.0.0.1:2889",
                                         "Observing new leader",
                                         "Successfully connected to leader, using address: /127.0.0.1:2889",
                                         "Getting a snapshot from leader",
                                         "Learner received NEWLEADER message",
                                         "Learner received UPTODATE message"};
  EXPECT_EQ(only(sim, 4, keys),
            (std::vector<std::string>{"Peer state changed: observing", "OBSERVING",
                                      "Peer state changed: observing - discovery",
                                      "Observing new leader sid=2 addr=/127.0.0.1:2889",
                                      "Successfully connected to leader, using address: /127.0.0.1:2889",
                                      "Peer state changed: observing - synchronization",
                                      "Peer state changed: observing - synchronization - snap",
                                      "Getting a snapshot from leader", "Learner received NEWLEADER message",
                                      "Peer state changed: observing - synchronization",
                                      "Learner received UPTODATE message",
                                      "Peer state changed: observing - broadcast"}));
  // Observer.observeLeader does not log how long the election took; a participant does.
  EXPECT_TRUE(only(sim, 4, {"OBSERVING - LEADER ELECTION TOOK"}).empty());
  // The leader does not exempt an observer's snapshot from the sync throttle.
  EXPECT_TRUE(contains(log_lines(sim, 2),
                       "Sending snapshot last zxid of peer is 0x0, zxid of leader is 0x100000000, send zxid of db "
                       "as 0x100000000, 1 concurrent snapshot sync, snapshot sync was not exempt from throttle"));
}

TEST(LogLines, AnObserverLosingItsLeaderShutsDownAsObserverThenWaitsThenLooksAgain) {
  Simulator sim(config::default_ensemble(3, 1), SimOptions{});
  staggered_three_and_an_observer(sim);
  ASSERT_EQ(sim.stable_leader(), 2);
  const std::size_t before = log_lines(sim, 4).size();
  sim.schedule(crash(2, 5000));
  sim.run_until(12000);
  const std::vector<std::string> keys = {
      "Exception when observing the leader",
      "Disconnected from leader (with address: /127.0.0.1:2889). Was connected for ",
      "shutdown Observer", "shutting down", "Peer state changed: looking", "PeerState set to LOOKING",
      "Waiting for ", "LOOKING", "Peer state changed: observing - discovery", "Observing new leader sid="};
  const auto got = only(sim, 4, keys, before);
  ASSERT_GE(got.size(), 10u);
  EXPECT_EQ(std::vector<std::string>(got.begin(), got.begin() + 10),
            (std::vector<std::string>{"Exception when observing the leader",
                                      "Disconnected from leader (with address: /127.0.0.1:2889). Was connected for ",
                                      "shutdown Observer", "shutting down", "Peer state changed: looking",
                                      "PeerState set to LOOKING", "Waiting for ", "LOOKING",
                                      "Peer state changed: observing - discovery", "Observing new leader sid="}));
  // The voters' answers may still name the dead leader (as on real servers): then the observer
  // is refused, gives up and looks again (never connected: no "Disconnected" line, and it was
  // not serving: no "shutting down"), until it observes the new leader, 3.
  const auto named = only(sim, 4, {"Observing new leader sid=2 addr=/127.0.0.1:2889",
                                   "Observing new leader sid=3 addr=/127.0.0.1:2890"}, before);
  ASSERT_FALSE(named.empty());
  EXPECT_EQ(named.back(), "Observing new leader sid=3 addr=/127.0.0.1:2890");
  if (named.size() > 1) {
    const auto gave_up = only(sim, 4, {"Failed connect to /127.0.0.1:2889", "Exception when observing the leader",
                                       "Disconnected from leader", "shutdown Observer", "shutting down"}, before);
    ASSERT_GE(gave_up.size(), 7u);
    EXPECT_EQ(std::vector<std::string>(gave_up.begin() + 4, gave_up.begin() + 7),
              (std::vector<std::string>{"Failed connect to /127.0.0.1:2889", "Exception when observing the leader",
                                        "shutdown Observer"}));
  }
  EXPECT_TRUE(only(sim, 4, {"shutdown Follower", "Exception when following the leader"}, before).empty());
  EXPECT_TRUE(sim.peer(4).serving);
}

}  // namespace
}  // namespace zs

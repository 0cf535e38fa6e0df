// Election scenarios learners meet in the tutorials, checked against what real ZooKeeper
// 3.8.0 did in the runs quoted in reference §2.8.
#include <gtest/gtest.h>

#include <set>

#include "sim_util.hpp"

namespace zs {
namespace {

using namespace zs::test;

config::EnsembleConfig tutorial_ensemble() {
  auto loaded = config::load_ensemble({tutorial_file(1), tutorial_file(2), tutorial_file(3)});
  EXPECT_TRUE(loaded.ok()) << (loaded.ok() ? "" : loaded.error().to_string());
  return loaded.ok() ? loaded.value() : config::default_ensemble(3);
}

// Reference §2.8 A (samples/runs/exp_a_t2000.txt).
TEST(ElectionScenario, TutorialThreeServersStartedOneByOne) {
  Simulator sim(tutorial_ensemble(), SimOptions{});
  sim.schedule(start(1, 0));
  sim.run_until(8000);
  EXPECT_EQ(status(sim, 1), PeerStatus::Looking) << "one of three is no quorum";
  const auto log1 = log_lines(sim, 1);
  EXPECT_TRUE(contains(log1, "Cannot open channel to 2 at election address /127.0.0.1:3889"));
  EXPECT_TRUE(contains(log1, "Cannot open channel to 3 at election address /127.0.0.1:3890"));
  EXPECT_TRUE(contains(log1, "Notification time out: 400 ms"));
  EXPECT_TRUE(contains(log1, "Notification time out: 3200 ms"));

  sim.schedule(start(2, 8000));
  sim.run_until(9000);
  EXPECT_EQ(status(sim, 2), PeerStatus::Leading);
  EXPECT_EQ(status(sim, 1), PeerStatus::Following);
  EXPECT_EQ(sim.peer(1).leader, 2);
  const std::int64_t round_before = sim.peer(2).round;
  const std::size_t trace_before = sim.trace().size();

  sim.schedule(start(3, 9000));
  sim.run_until(10000);
  EXPECT_EQ(status(sim, 3), PeerStatus::Following);
  EXPECT_EQ(sim.peer(3).leader, 2) << "an established leader is never displaced by a higher sid";
  EXPECT_EQ(sim.peer(3).round, round_before) << "server 3 joins in the same round";
  for (std::size_t i = trace_before; i < sim.trace().size(); ++i) {
    const TraceEvent ev = sim.trace()[i];
    if (const auto* sc = std::get_if<StateChanged>(&ev.body)) {
      EXPECT_EQ(sc->sid, 3) << "servers 1 and 2 must not change state when 3 joins";
    }
  }
  // srvr after the run: 1 synced by an empty DIFF before the leader moved to the new
  // epoch; 3 came later and got a SNAP of 0x100000000.
  EXPECT_EQ(sim.peer(1).last_processed_zxid, Zxid(0x0));
  EXPECT_EQ(sim.peer(2).last_processed_zxid, Zxid(0x100000000));
  EXPECT_EQ(sim.peer(3).last_processed_zxid, Zxid(0x100000000));
  EXPECT_EQ(sim.peer(3).current_epoch, 1);
}

// Reference §2.8 B (samples/runs/exp_b_1.txt): 5 servers, 2.5 s apart -> 3 leads.
TEST(ElectionScenario, FiveServersStartedOneAfterTheOtherElectTheThird) {
  Simulator sim(config::default_ensemble(5), SimOptions{});
  for (Sid s = 1; s <= 5; ++s) sim.schedule(start(s, (s - 1) * 2500));
  sim.run_until(15000);
  EXPECT_EQ(status(sim, 3), PeerStatus::Leading);
  for (Sid s : {1, 2, 4, 5}) {
    EXPECT_EQ(status(sim, s), PeerStatus::Following) << "server " << s;
    EXPECT_EQ(sim.peer(s).leader, 3);
  }
  EXPECT_EQ(sim.peer(4).last_processed_zxid, Zxid(0x100000000));
  EXPECT_EQ(sim.peer(1).last_processed_zxid, Zxid(0x0));
}

TEST(ElectionScenario, FiveServersStartedTogetherElectTheHighestSid) {
  Simulator sim(config::default_ensemble(5), SimOptions{});
  for (Sid s = 1; s <= 5; ++s) sim.schedule(start(s, 0));
  ASSERT_TRUE(sim.run_until(all_running_voters_follow_one_leader, 5000));
  EXPECT_EQ(sim.stable_leader(), 5);
  EXPECT_EQ(sim.peer(5).current_epoch, 1);
}

// A late joiner got a SNAP of the new epoch (0x100000000) while the early followers stayed
// at 0x0: when the leader crashes, the highest zxid wins even against higher sids.
TEST(ElectionScenario, LeaderCrashHighestZxidWinsOverHigherSid) {
  Simulator sim(config::default_ensemble(5), SimOptions{});
  for (Sid s : {1, 3, 4, 5}) sim.schedule(start(s, 0));
  sim.schedule(start(2, 3000));
  sim.run_until(6000);
  ASSERT_EQ(sim.stable_leader(), 5);
  ASSERT_EQ(sim.peer(2).last_processed_zxid, Zxid(0x100000000));
  for (Sid s : {1, 3, 4}) ASSERT_LT(sim.peer(s).last_processed_zxid, Zxid(0x100000000)) << s;
  sim.schedule(crash(5, 6000));
  sim.run_until(6000);
  ASSERT_TRUE(sim.run_until(all_running_voters_follow_one_leader, 20000));
  EXPECT_EQ(sim.stable_leader(), 2);
  EXPECT_EQ(sim.peer(2).current_epoch, 2) << "the new epoch is one higher";
  EXPECT_EQ(sim.peer(2).last_processed_zxid, Zxid(0x200000000));
}

TEST(ElectionScenario, LeaderCrashWithEqualZxidsHighestSurvivingSidWins) {
  SimOptions opts;
  opts.link.latency_min_ms = opts.link.latency_max_ms = 2;  // everyone syncs by the same DIFF
  Simulator sim(config::default_ensemble(5), opts);
  sim.preset_zxid(1, Zxid(0x100000017));
  for (Sid s = 2; s <= 5; ++s) sim.preset_zxid(s, Zxid(0x100000017));
  for (Sid s = 1; s <= 5; ++s) sim.schedule(start(s, 0));
  ASSERT_TRUE(sim.run_until(all_running_voters_follow_one_leader, 5000));
  ASSERT_EQ(sim.stable_leader(), 5);
  for (Sid s = 1; s <= 4; ++s) ASSERT_EQ(sim.peer(s).last_processed_zxid, Zxid(0x100000017)) << s;
  const std::int64_t epoch = sim.peer(5).current_epoch;
  ASSERT_EQ(epoch, 2);
  sim.schedule(crash(5, sim.now()));
  sim.run_until(sim.now());
  ASSERT_TRUE(sim.run_until(all_running_voters_follow_one_leader, sim.now() + 20000));
  EXPECT_EQ(sim.stable_leader(), 4);
  EXPECT_EQ(sim.peer(4).current_epoch, epoch + 1);
  EXPECT_EQ(sim.peer(4).last_processed_zxid, Zxid::make(epoch + 1, 0));
}

TEST(ElectionScenario, PresetZxidsHighestZxidWinsTheFirstElection) {
  Simulator sim(config::default_ensemble(5), SimOptions{});
  sim.preset_zxid(2, Zxid(0x100000007));
  for (Sid s : {1, 3, 4, 5}) sim.preset_zxid(s, Zxid(0x100000003));
  for (Sid s = 1; s <= 5; ++s) sim.schedule(start(s, 0));
  ASSERT_TRUE(sim.run_until(all_running_voters_follow_one_leader, 5000));
  EXPECT_EQ(sim.stable_leader(), 2);
  EXPECT_EQ(sim.peer(2).current_epoch, 2);
}

TEST(ElectionScenario, FiveServersSurviveTwoCrashes) {
  Simulator sim(config::default_ensemble(5), SimOptions{});
  for (Sid s = 1; s <= 5; ++s) sim.schedule(start(s, 0));
  ASSERT_TRUE(sim.run_until(all_running_voters_follow_one_leader, 5000));
  const Sid old_leader = *sim.stable_leader();
  sim.schedule(crash(old_leader, 5000));
  sim.schedule(crash(old_leader == 1 ? 2 : 1, 5000));
  sim.run_until(5001);
  ASSERT_TRUE(sim.run_until(all_running_voters_follow_one_leader, 30000));
  EXPECT_NE(sim.stable_leader(), old_leader);
}

TEST(ElectionScenario, FiveServersWithThreeCrashedNeverElect) {
  Simulator sim(config::default_ensemble(5), SimOptions{});
  for (Sid s = 1; s <= 5; ++s) sim.schedule(start(s, 0));
  ASSERT_TRUE(sim.run_until(all_running_voters_follow_one_leader, 5000));
  for (Sid s : {3, 4, 5}) sim.schedule(crash(s, 5000));
  sim.run_until(5000);
  const std::size_t from = sim.trace().size();
  sim.run_until(120000);
  for (std::size_t i = from; i < sim.trace().size(); ++i) {
    const TraceEvent ev = sim.trace()[i];
    if (const auto* sc = std::get_if<StateChanged>(&ev.body)) {
      EXPECT_NE(sc->to, PeerStatus::Leading) << "server " << sc->sid << " at " << ev.at;
    }
  }
  EXPECT_EQ(status(sim, 1), PeerStatus::Looking);
  EXPECT_EQ(status(sim, 2), PeerStatus::Looking);
}

TEST(ElectionScenario, MinoritySideOfAPartitionNeverLeads) {
  Simulator sim(config::default_ensemble(5), SimOptions{});
  sim.schedule(partition({{1, 2}, {3, 4, 5}}, 0));
  for (Sid s = 1; s <= 5; ++s) sim.schedule(start(s, 0));
  sim.run_until(60000);
  for (const auto& ev : sim.trace())
    if (const auto* sc = std::get_if<StateChanged>(&ev.body)) {
      if (sc->sid <= 2) {
        EXPECT_NE(sc->to, PeerStatus::Leading);
      }
    }
  EXPECT_EQ(sim.stable_leader(), 5);
  EXPECT_EQ(status(sim, 1), PeerStatus::Looking);
}

TEST(ElectionScenario, LeaderCutOffInTheMinorityStepsDownAndMajorityElectsAnother) {
  Simulator sim(config::default_ensemble(5), SimOptions{});
  for (Sid s = 1; s <= 5; ++s) sim.schedule(start(s, 0));
  ASSERT_TRUE(sim.run_until(all_running_voters_follow_one_leader, 5000));
  ASSERT_EQ(sim.stable_leader(), 5);
  sim.schedule(partition({{4, 5}, {1, 2, 3}}, 5000));
  sim.run_until(5000);
  // 1, 2, 3 will elect the best of their votes: highest zxid, then highest sid.
  Sid expected = 1;
  for (Sid s : {2, 3})
    if (std::pair(sim.peer(s).last_processed_zxid, s) > std::pair(sim.peer(expected).last_processed_zxid, expected)) expected = s;
  // tickTime 2000 x syncLimit 5: the minority leader is gone well within 3 x that.
  sim.run_until(5000 + 30000);
  EXPECT_NE(status(sim, 5), PeerStatus::Leading);
  EXPECT_TRUE(contains(log_lines(sim, 5),
                       "Shutdown called. For the reason Not sufficient followers synced, only synced with sids: [ [4, 5] ]"));
  EXPECT_EQ(sim.stable_leader(), expected) << "1, 2, 3 elect the best vote among them";
  sim.schedule(heal(35000));
  sim.run_until(35000);
  ASSERT_TRUE(sim.run_until(all_running_voters_follow_one_leader, 90000));
  EXPECT_EQ(sim.stable_leader(), expected) << "the healed servers join the established leader";
  EXPECT_EQ(sim.peer(5).leader, expected);
}

}  // namespace
}  // namespace zs

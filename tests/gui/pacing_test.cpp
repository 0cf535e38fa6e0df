// The window's pacing and controls without a window: --speed and its range, the slow motion
// that lets a message be seen to travel, the status line after a single step, a scenario
// opened at its start with its card, the selection that stays where the user put it, and
// keys tapped between two frames.
#include <filesystem>
#include <string>
#include <vector>

#include <fmt/format.h>
#include <gtest/gtest.h>

#include "driver.hpp"
#include "i18n.hpp"
#include "key_taps.hpp"
#include "pacer.hpp"

namespace zs::gui {
namespace {

RunSetup servers(int n) {
  RunSetup s;
  s.ensemble = config::default_ensemble(n);
  s.seed = 7;
  return s;
}

// The English texts, as the window loads them.
void use_english() {
  auto c = load_catalog(std::filesystem::path(ZS_SOURCE_DIR) / "assets" / "lang" / "en.json");
  ASSERT_TRUE(c.ok()) << c.error().to_string();
  set_catalog(std::move(c).value());
}

Sid leader_of(const Driver& d) { return d.run().sim().stable_leader().value_or(0); }

RunFile scenario(const std::string& name) {
  auto run = load_run_file((std::filesystem::path(ZS_SOURCE_DIR) / "assets" / "scenarios" / (name + ".json")).string());
  EXPECT_TRUE(run.ok()) << run.error().to_string();
  return run.ok() ? run.value() : RunFile{};
}

TEST(Pacing, SpeedScalesVirtualTimeDownToAHundredth) {
  Driver d(servers(3));
  d.apply(SetSpeed{0.01f});
  EXPECT_FLOAT_EQ(d.speed(), 0.01f);
  d.advance(1000);  // 1 s of wall time at 0.01x
  EXPECT_NEAR(static_cast<double>(d.run().sim().now()), 10.0, 1.0);
  d.apply(SetSpeed{0.001f});
  EXPECT_FLOAT_EQ(d.speed(), kMinSpeed) << "clamped to the slowest speed offered";
  d.apply(SetSpeed{500.0f});
  EXPECT_FLOAT_EQ(d.speed(), kMaxSpeed);
}

TEST(Pacing, SlowMotionHoldsAMessageInFlightForHalfASecondOrMore) {
  Driver d(servers(3));
  d.apply(SetSlowMotion{true});
  // Servers start at 0 and at once send their votes: a flight of 1-5 virtual ms.
  Ms before = d.run().sim().now();
  int frames_with_a_message = 0;
  for (int frame = 0; frame < 30; ++frame) {
    d.advance(16);
    if (shortest_flight(d.run().sim()) >= 0) ++frames_with_a_message;
  }
  const Ms after = d.run().sim().now();
  EXPECT_LE(after - before, 4) << "30 frames (480 ms of wall time) while votes fly move virtual time by ms only";
  EXPECT_GE(frames_with_a_message, 25) << "a vote is on its way in nearly every frame";
  EXPECT_TRUE(d.model().slowed_now);

  // Without slow motion the same wall time runs 480 virtual ms: the election is over.
  Driver fast(servers(3));
  for (int frame = 0; frame < 30; ++frame) fast.advance(16);
  EXPECT_EQ(fast.run().sim().now(), 480);
  EXPECT_FALSE(fast.model().slowed_now);
}

TEST(Pacing, SlowMotionStillReachesTheSameRun) {
  // Pacing changes how fast the run is watched, never what happens: the same seed elects the
  // same leader at the same virtual moment, played slowly or in one go.
  Driver slow(servers(3));
  slow.apply(SetSlowMotion{true});
  slow.apply(SetSpeed{100.0f});
  for (int frame = 0; frame < 4000 && slow.run().sim().now() < 3000; ++frame) slow.advance(16);
  ASSERT_GE(slow.run().sim().now(), 3000);
  Driver direct(servers(3));
  direct.run_to(slow.run().sim().now());
  EXPECT_EQ(slow.run().sim().events_processed(), direct.run().sim().events_processed());
  EXPECT_EQ(leader_of(slow), leader_of(direct));
  EXPECT_NE(leader_of(slow), 0);
}

TEST(Pacing, AStepSaysWhatThatEventDid) {
  use_english();
  Driver d(servers(3));
  d.run_to(3000);
  d.apply(SetPaused{true});
  // Step until an event delivers a message: the status line names it, its sender and receiver.
  bool seen_received = false;
  for (int k = 0; k < 200 && !seen_received; ++k) {
    d.apply(StepForward{});
    const std::string line = d.model().last_happening;
    ASSERT_FALSE(line.empty()) << "every step is described";
    if (line.find("received") != std::string::npos) {
      seen_received = true;
      EXPECT_NE(line.find("from server"), std::string::npos) << line;
    }
  }
  EXPECT_TRUE(seen_received);
  // Write, then step: a follower receives the PROPOSAL and answers ACK, in one event.
  d.apply(WriteButton{leader_of(d), 1});
  bool seen_proposal = false;
  for (int k = 0; k < 2000 && !seen_proposal; ++k) {
    d.apply(StepForward{});
    const std::string line = d.model().last_happening;
    seen_proposal = line.find("received PROPOSAL 0x1000000") != std::string::npos &&
                    line.find("sent ACK 0x1000000") != std::string::npos;
  }
  EXPECT_TRUE(seen_proposal) << d.model().last_happening;
  // Every step's sentence is about the event just run, at its moment, even an event that
  // leaves nothing in the trace (a timer with nothing to do): never an older sentence.
  int quiet = 0;
  for (int k = 0; k < 300; ++k) {
    d.apply(StepForward{});
    const ClusterView& m = d.model();
    const std::string at = fmt::format("{:.3f} s: ", static_cast<double>(m.now) / 1000.0);
    EXPECT_EQ(m.last_happening.rfind(at, 0), 0u) << "step " << k << ": " << m.last_happening;
    quiet += m.last_happening.find("internal event") != std::string::npos;
  }
  EXPECT_GT(quiet, 0) << "timers with nothing to do are among 300 events";
  // A step back describes the event now last, not the newest notable one.
  const std::string forward = d.model().last_happening;
  d.apply(StepForward{});
  d.apply(StepBack{});
  EXPECT_EQ(d.model().last_happening, forward);
}

TEST(Scenario, OpensAtItsStartWithItsTitleAndTheWholeRunOnTheScrubBar) {
  use_english();
  const RunFile run = scenario("startup");
  Driver d(run.setup);
  d.add_scenario("startup", run);
  ASSERT_TRUE(d.open_scenario("startup"));
  const ClusterView& m = d.model();
  EXPECT_EQ(m.now, 0);
  EXPECT_EQ(m.events_processed, 0u);
  EXPECT_TRUE(m.paused);
  EXPECT_GE(m.furthest_ms, 4000) << "the scenario's end is on the scrub bar";
  ASSERT_TRUE(m.scenario.has_value());
  EXPECT_NE(m.scenario->title.find("Startup election"), std::string::npos);
  EXPECT_FALSE(m.scenario->description.empty());
  ASSERT_EQ(m.scenarios.size(), 1u);
  d.apply(SetLanguage{"zh-CN"});
  EXPECT_NE(d.model().scenario->title.find("启动选举"), std::string::npos) << "the card follows the language";
  d.apply(CloseScenarioCard{});
  EXPECT_FALSE(d.model().scenario.has_value());
  EXPECT_EQ(d.model().now, 0) << "hiding the card leaves the run";
  EXPECT_FALSE(d.open_scenario("nosuch"));
}

TEST(Scenario, EveryShippedScenarioHasBothLanguagesAndOpensAtTime0) {
  for (const auto& f : std::filesystem::directory_iterator(std::filesystem::path(ZS_SOURCE_DIR) / "assets" / "scenarios")) {
    const std::string name = f.path().stem().string();
    const RunFile run = scenario(name);
    EXPECT_FALSE(run.title.empty()) << name;
    EXPECT_FALSE(run.title_zh.empty()) << name;
    EXPECT_GE(run.description.size(), 200u) << name << ": a paragraph, not a line";
    EXPECT_FALSE(run.description_zh.empty()) << name;
    Driver d(run.setup);
    d.add_scenario(name, run);
    ASSERT_TRUE(d.open_scenario(name));
    EXPECT_EQ(d.model().now, 0) << name;
  }
}

TEST(Scenario, PartitionHeldPastSyncLimitReelectsOnTheMajoritySide) {
  const RunFile run = scenario("partition");
  ASSERT_EQ(run.setup.ensemble.sync_limit_ticks * run.setup.ensemble.tick_time_ms, 10000);
  Driver d(run.setup);
  d.add_scenario("partition", run);
  // While the cut holds, past syncLimit x tickTime: server 5 no longer leads, 4 does.
  // (The run is rebuilt on each open: take the simulator afresh.)
  ASSERT_TRUE(d.open_scenario("partition", 19000));
  EXPECT_EQ(d.run().sim().stable_leader(), 4);
  EXPECT_NE(d.run().sim().peer(5).status, PeerStatus::Leading) << "the cut-off leader stepped down";
  // At the end (healed): 4 leads, 5 follows it, and every server has the majority's write.
  ASSERT_TRUE(d.open_scenario("partition", run.end_ms));
  EXPECT_EQ(d.run().sim().stable_leader(), 4);
  EXPECT_EQ(d.run().sim().peer(5).status, PeerStatus::Following);
  const std::vector<PeerSnapshot> peers = d.model().peers;  // d.model() rebuilds the model
  ASSERT_EQ(peers.size(), 5U);
  for (const PeerSnapshot& p : peers) EXPECT_EQ(p.last_processed_zxid, peers[3].last_processed_zxid) << p.sid;
  EXPECT_EQ(peers[3].last_processed_zxid.epoch(), 2) << "the majority's write, in the new epoch";
}

TEST(Status, ALeaderCutOffFromItsFollowersIsNotFollowedByAQuorum) {
  Driver d(servers(5));
  d.run_to(3000);
  const Sid leader = leader_of(d);
  ASSERT_NE(leader, 0);
  d.apply(IsolateServer{leader});
  d.run_to(3100);  // long before syncLimit: the followers still say FOLLOWING
  int following = 0;
  for (const PeerSnapshot& p : d.model().peers) following += p.status == PeerStatus::Following;
  EXPECT_GE(following, 3);
  EXPECT_FALSE(d.model().stable_leader.has_value()) << "no leader is followed over cut links";
}

// The timers the window draws as draining rings: a follower cut off from its leader waits
// syncLimit x tickTime for it, from its last packet; a quorum that agrees waits finalizeWait.
TEST(Waits, AFollowerCutOffFromItsLeaderWaitsSyncLimitTicks) {
  Driver d(servers(5));
  d.run_to(3000);
  const Sid leader = leader_of(d);
  ASSERT_NE(leader, 0);
  const Sid follower = leader == 1 ? 2 : 1;
  PeerWait w = d.run().sim().peer(follower).wait;
  EXPECT_EQ(w.kind, WaitKind::LeaderSilence);
  EXPECT_EQ(w.until - w.from, 10000) << "syncLimit 5 x tickTime 2000";
  EXPECT_GT(w.until, 3000);
  d.apply(IsolateServer{leader});
  d.run_to(8000);
  w = d.run().sim().peer(follower).wait;
  ASSERT_EQ(w.kind, WaitKind::LeaderSilence);
  EXPECT_LE(w.until, 3000 + 10000) << "no packet since the cut: the deadline did not move";
  EXPECT_LT(w.from, 3000);
  d.run_to(w.until + 1);
  EXPECT_EQ(d.run().sim().peer(follower).status, PeerStatus::Looking) << "the wait ran out";
}

TEST(Waits, ALeaderCutOffFromItsFollowersStopsLeadingWhenItsRingRunsOut) {
  Driver d(servers(5));
  d.run_to(3000);
  const Sid leader = leader_of(d);
  ASSERT_NE(leader, 0);
  PeerWait w = d.run().sim().peer(leader).wait;
  ASSERT_EQ(w.kind, WaitKind::SyncedQuorum) << "a serving leader checks its quorum every tick";
  EXPECT_EQ(w.until - w.from, 10000) << "syncLimit 5 x tickTime 2000";
  EXPECT_GT(w.until - 3000, 7000) << "its followers speak every tick: the ring is nearly full";
  d.apply(IsolateServer{leader});
  d.run_to(9000);
  w = d.run().sim().peer(leader).wait;
  ASSERT_EQ(w.kind, WaitKind::SyncedQuorum);
  EXPECT_LE(w.until, 3000 + 10000 + 2000) << "nothing heard since the cut: the deadline stays";
  EXPECT_EQ(d.run().sim().peer(leader).status, PeerStatus::Leading);
  d.run_to(w.until - 1);
  EXPECT_EQ(d.run().sim().peer(leader).status, PeerStatus::Leading) << "not before its deadline";
  d.run_to(w.until);
  EXPECT_EQ(d.run().sim().peer(leader).status, PeerStatus::Looking) << "the ring's end is when it steps down";
}

TEST(Waits, AnElectionShowsThePollAndThenTheFinalizeWait) {
  Driver d(servers(3));
  bool poll = false;
  bool finalize = false;
  for (int k = 0; k < 400 && d.run().sim().stable_leader() == std::nullopt; ++k) {
    d.apply(StepForward{});
    for (const PeerSnapshot& p : d.model().peers) {
      if (p.status != PeerStatus::Looking) continue;
      poll = poll || p.wait.kind == WaitKind::Notifications;
      if (p.wait.kind == WaitKind::Finalize) {
        finalize = true;
        EXPECT_EQ(p.wait.until - p.wait.from, 200) << "finalizeWait";
      }
    }
  }
  EXPECT_TRUE(poll);
  EXPECT_TRUE(finalize);
}

TEST(Selection, StaysOnItsServerWhenItGoesDownAndAnotherLeads) {
  Driver d(servers(3));
  d.run_to(3000);
  const Sid first = leader_of(d);
  ASSERT_NE(first, 0);
  EXPECT_EQ(d.model().selected_server, first) << "nothing chosen: the leader is shown";
  d.apply(ConsoleLine{first, "create /a 1"});
  d.apply(CrashServer{first});
  d.run_to(12000);
  ASSERT_NE(leader_of(d), 0);
  ASSERT_NE(leader_of(d), first);
  EXPECT_EQ(d.model().selected_server, first) << "the crashed server keeps the selection";
  d.apply(SelectServer{leader_of(d)});
  EXPECT_EQ(d.model().selected_server, leader_of(d)) << "until the user picks another";
}

TEST(KeyTaps, AKeyPressedAndReleasedBetweenFramesIsDownForOneFrame) {
  bool keys[512] = {};
  KeyTaps taps;
  // Press and release within one frame: the callback saw the press, the key is up again.
  taps.pressed(32);
  taps.released(32);
  taps.apply(keys, 512);
  EXPECT_TRUE(keys[32]) << "ImGui sees it down this frame";
  taps.apply(keys, 512);
  EXPECT_FALSE(keys[32]) << "and up the next";
  // A key held down (press, no release yet) is left alone.
  taps.pressed(65);
  keys[65] = true;
  taps.apply(keys, 512);
  taps.apply(keys, 512);
  EXPECT_TRUE(keys[65]);
  // Tapped again in the frame its forced press ends: up for a frame, then down again, so
  // ImGui sees two presses.
  taps.pressed(32);
  taps.released(32);
  taps.apply(keys, 512);
  EXPECT_TRUE(keys[32]);
  taps.pressed(32);
  taps.released(32);
  taps.apply(keys, 512);
  EXPECT_FALSE(keys[32]);
  taps.apply(keys, 512);
  EXPECT_TRUE(keys[32]);
  taps.apply(keys, 512);
  EXPECT_FALSE(keys[32]);
  // A forced press the user then holds for real stays down.
  taps.pressed(40);
  taps.released(40);
  taps.apply(keys, 512);
  taps.pressed(40);
  keys[40] = true;  // the backend's callback: down, and not let go
  taps.apply(keys, 512);
  taps.apply(keys, 512);
  EXPECT_TRUE(keys[40]);
}

}  // namespace
}  // namespace zs::gui

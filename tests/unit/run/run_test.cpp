// The headless run (engine/run/run.hpp) and its files: the tutorial's start order, timed faults
// as `zooscope sim` schedules them, run files in the action language and in the older kind
// form, every built-in scenario, and errors that name the file and the action.
#include "run/run.hpp"

#include <gtest/gtest.h>

#include <filesystem>
#include <string>

#include "trace/trace.hpp"

namespace zs::run {
namespace {

std::string states(const Simulator& sim) {
  std::string s;
  for (const PeerSnapshot& p : sim.snapshot())
    s += "server." + std::to_string(p.sid) + " " + std::string(to_string(p.status)) + " leader=" + std::to_string(p.leader) + "\n";
  return s;
}

RunFile from_json(const std::string& text) {
  auto r = run_from_json(nlohmann::json::parse(text), "test.json");
  EXPECT_TRUE(r.ok()) << (r.ok() ? "" : r.error().to_string());
  return r.ok() ? r.value() : RunFile{};
}

// The tutorial: "servers 1 to 5 start one after the other, so 3 is the first to see a
// majority of votes for itself and leads" (zookeeper-protocol.md, election).
TEST(HeadlessRun, StartActionsReproduceTheTutorialsFiveServerOrder) {
  const RunFile f = from_json(R"({"zooscope_run": 1, "seed": 1, "voters": 5, "start": [],
    "actions": [{"at_ms": 0, "do": "start 1"}, {"at_ms": 2500, "do": "start 2"},
                {"at_ms": 5000, "do": "start 3"}, {"at_ms": 7500, "do": "start 4"},
                {"at_ms": 10000, "do": "start 5"}]})");
  run::Run r(f.setup);
  r.load(f, 4000);
  EXPECT_EQ(r.sim().peer(1).status, PeerStatus::Looking) << "two of five is not a majority";
  EXPECT_EQ(r.sim().peer(2).status, PeerStatus::Looking);
  EXPECT_EQ(r.sim().peer(3).status, PeerStatus::Down) << "not started yet";
  r.run_to(15000);
  EXPECT_EQ(r.sim().peer(3).status, PeerStatus::Leading) << states(r.sim());
  for (Sid sid : {1, 2, 4, 5}) {
    EXPECT_EQ(r.sim().peer(sid).status, PeerStatus::Following) << states(r.sim());
    EXPECT_EQ(r.sim().peer(sid).leader, 3);
  }
}

TEST(HeadlessRun, AnIsolatedLeaderIsReplacedAndRejoinsAfterHeal) {
  // The followers give up on a silent leader after syncLimit x tickTime = 10 s.
  const RunFile f = from_json(R"({"zooscope_run": 1, "seed": 1, "voters": 3, "end_ms": 40000,
    "actions": [{"at_ms": 4000, "do": "isolate 3"}, {"at_ms": 26000, "do": "heal"}]})");
  run::Run r(f.setup);
  r.load(f, 25000);
  EXPECT_NE(r.sim().stable_leader().value_or(3), 3) << states(r.sim());
  const Sid new_leader = r.sim().stable_leader().value_or(0);
  r.run_to(40000);
  EXPECT_EQ(r.sim().peer(3).status, PeerStatus::Following) << states(r.sim());
  EXPECT_EQ(r.sim().peer(3).leader, new_leader);
}

TEST(HeadlessRun, SavedRunInTheActionLanguageReplaysTheSameTrace) {
  RunSetup setup;
  setup.ensemble = config::default_ensemble(3);
  run::Run a(setup);
  a.run_to(3000);
  a.act(ConsoleLine{1, "create /zk_test my_data"});
  a.run_to(3500);
  a.act(CrashServer{3});
  a.act(SetLinkParams{1, 2, Ratio{20, 100}, 10, 30});
  a.run_to(9000);
  const nlohmann::json saved = to_json(a.run_file());
  EXPECT_EQ(saved["actions"][1]["do"], "crash 3");
  EXPECT_EQ(saved["actions"][2]["do"], "link 1>2 10-30:20%");
  auto loaded = run_from_json(saved, "saved.json");
  ASSERT_TRUE(loaded.ok()) << loaded.error().to_string();
  run::Run b(loaded.value().setup);
  b.load(loaded.value());
  ASSERT_EQ(b.sim().trace().size(), a.sim().trace().size());
  for (std::size_t i = 0; i < a.sim().trace().size(); ++i)
    ASSERT_EQ(format_line(b.sim().trace()[i], b.sim().trace_context()), format_line(a.sim().trace()[i], a.sim().trace_context()))
        << "event " << i;
}

TEST(HeadlessRun, OlderRunFilesWithKindsStillLoad) {
  const RunFile f = from_json(R"({"zooscope_run": 1, "seed": 1, "voters": 3, "observers": 0,
    "actions": [{"kind": "crash", "sid": 3, "at_ms": 4000},
                {"kind": "link", "from": 1, "to": 2, "loss_percent": 30, "latency_min_ms": 5, "latency_max_ms": 9, "at_ms": 100},
                {"kind": "console", "sid": 1, "line": "ls /", "at_ms": 3000}]})");
  ASSERT_EQ(f.actions.size(), 3u);
  EXPECT_EQ(to_text(f.actions[0].action), "crash 3");
  EXPECT_EQ(to_text(f.actions[1].action), "link 1>2 5-9:30%");
  EXPECT_EQ(to_text(f.actions[2].action), "client 1: ls /");
}

TEST(HeadlessRun, BadRunFilesNameTheActionAndTheFix) {
  auto err = [](const std::string& text) {
    auto r = run_from_json(nlohmann::json::parse(text), "lab.json");
    EXPECT_FALSE(r.ok());
    return r.ok() ? std::string{} : r.error().to_string();
  };
  const std::string bad_word = err(R"({"zooscope_run": 1, "seed": 1, "voters": 3,
    "actions": [{"at_ms": 0, "do": "start 1"}, {"at_ms": 10, "do": "explode 2"}]})");
  EXPECT_NE(bad_word.find("lab.json: action 2: \"explode 2\": \"explode\" is not an action"), std::string::npos) << bad_word;
  EXPECT_NE(bad_word.find("(fix: "), std::string::npos);
  const std::string unknown = err(R"({"zooscope_run": 1, "seed": 1, "voters": 3,
    "actions": [{"at_ms": 0, "do": "crash 7"}]})");
  EXPECT_NE(unknown.find("action 1: \"crash 7\": there is no server 7 in this ensemble"), std::string::npos) << unknown;
  const std::string start = err(R"({"zooscope_run": 1, "seed": 1, "voters": 3, "start": [4], "actions": []})");
  EXPECT_NE(start.find("\"start\": there is no server 4"), std::string::npos) << start;
  const std::string size = err(R"({"zooscope_run": 1, "seed": 1, "voters": 0, "actions": []})");
  EXPECT_NE(size.find("0 voters"), std::string::npos) << size;
}

TEST(HeadlessRun, EveryBuiltInScenarioLoadsAndRunsToItsEnd) {
  int count = 0;
  for (const auto& e : std::filesystem::directory_iterator(std::filesystem::path(ZS_SOURCE_DIR) / "assets" / "scenarios")) {
    auto f = load_run_file(e.path().string());
    ASSERT_TRUE(f.ok()) << f.error().to_string();
    EXPECT_FALSE(f.value().title.empty()) << e.path();
    run::Run r(f.value().setup);
    r.load(f.value());
    EXPECT_GE(r.sim().now(), f.value().end_ms) << e.path();
    EXPECT_TRUE(r.sim().stable_leader().has_value()) << e.path() << " ends with a leader\n" << states(r.sim());
    ++count;
  }
  EXPECT_GE(count, 6);
}

TEST(HeadlessRun, ActingBeforeATimedFaultForksAndTheFaultStaysInTheBranch) {
  const RunFile f = from_json(R"({"zooscope_run": 1, "seed": 1, "voters": 3, "end_ms": 8000,
    "actions": [{"at_ms": 4000, "do": "crash 3"}]})");
  run::Run r(f.setup);
  r.load(f);
  EXPECT_EQ(r.sim().peer(3).status, PeerStatus::Down);
  r.seek_time(3000);
  r.act(CrashServer{1});  // a different what-if, before the scheduled crash
  r.run_to(8000);
  EXPECT_NE(r.sim().peer(3).status, PeerStatus::Down) << "the crash of 3 belongs to the old future";
  ASSERT_EQ(r.branches().size(), 1u);
  r.switch_branch(0);
  r.run_to(8000);
  EXPECT_EQ(r.sim().peer(3).status, PeerStatus::Down) << "switching back brings the scheduled crash back";
}

// A watcher (the safety checker, a lab) sees every event once, in order, acts and console
// lines included, and moving back reports the events stepped through again.
TEST(HeadlessRun, OnEventSeesEveryEventOnceInOrder) {
  RunSetup setup;
  setup.ensemble = config::default_ensemble(3);
  run::Run r(setup);
  std::vector<std::uint64_t> seen;
  r.on_event([&](const Simulator& s) { seen.push_back(s.events_processed()); });
  r.run_to(3000);
  r.act(ConsoleLine{1, "create /w x"});
  r.act(CrashServer{3});
  r.run_to(6000);
  ASSERT_EQ(seen.size(), r.sim().events_processed());
  for (std::size_t i = 0; i < seen.size(); ++i) ASSERT_EQ(seen[i], i + 1);
  const std::uint64_t end = r.sim().events_processed();
  r.go_to_event(end / 2);
  r.go_to_event(end);
  EXPECT_EQ(seen.back(), end);
  EXPECT_GT(seen.size(), end) << "the second half was stepped through again";
}

}  // namespace
}  // namespace zs::run

namespace zs::run {
namespace {

// run_to(t) stops at t: no event after t runs, even when the queue's head is a superseded
// timer (a re-armed election or ping timer) that hides a later event. Before this held, a lab
// step "until time +1000" could pause half a second late, and an action saved at 9000 ms
// replayed after an event at 9326 ms.
TEST(HeadlessRun, RunToNeverRunsAnEventAfterItsTime) {
  run::Run r(RunSetup{});
  bool crashed = false;
  for (Ms t = 17; t <= 30000; t += 37) {
    r.run_to(t);
    ASSERT_EQ(r.now(), t);
    const TraceLog& trace = r.sim().trace();
    if (!trace.empty()) {
      ASSERT_LE(trace.at(trace.size() - 1), t) << "run_to(" << t << ")";
    }
    if (t >= 9000 && !crashed) {
      r.act(CrashServer{3});  // an election, with its timers re-armed again and again
      crashed = true;
    }
  }
  EXPECT_NE(r.sim().peer(3).status, PeerStatus::Leading);
}

}  // namespace
}  // namespace zs::run

namespace zs::run {
namespace {

// Quorum connection ids name the server that opened them. Before, two servers that swapped
// roles both numbered their first connection 0x10001: when isolated leader 3 came back as a
// follower of 2, the reset of 2's old connection to 3 broke 3's new one (0x10001 too), and
// 3 logged "Exception when following the leader" 1 ms after following and elected again.
TEST(HeadlessRun, AResetOfAnOldConnectionDoesNotBreakANewOne) {
  auto f = run_from_json(nlohmann::json::parse(R"({"zooscope_run": 1, "seed": 1, "voters": 3,
    "actions": [{"at_ms": 21000, "do": "isolate 3"}, {"at_ms": 21000, "do": "client 3: create /a x"},
                {"at_ms": 45000, "do": "heal"}]})"),
                         "t.json");
  ASSERT_TRUE(f.ok()) << f.error().to_string();
  run::Run r(f.value().setup);
  r.load(f.value(), 60000);
  ASSERT_EQ(r.sim().peer(3).status, PeerStatus::Following);
  int exceptions = 0, elections = 0;
  for (const TraceEvent& e : r.sim().trace()) {
    const auto* line = std::get_if<LogLine>(&e.body);
    if (line == nullptr || line->sid != 3 || e.at < 45000) continue;
    if (line->kind == LogKind::FollowingLeaderFailed) ++exceptions;
    if (line->kind == LogKind::LeaderElectionTook) ++elections;
  }
  EXPECT_EQ(exceptions, 0) << "the new connection to leader 2 stays up";
  EXPECT_EQ(elections, 1) << "server 3 is elected follower once after the heal";
}

}  // namespace
}  // namespace zs::run

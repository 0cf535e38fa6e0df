// The window's driver without a window: hand actions are recorded and replay exactly, stepping
// back and forth lands on the same states, acting in the past forks a branch, run files load
// or fail with a message naming the file, and the status sentence says what happened.
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "cli.hpp"
#include "driver.hpp"
#include "sim_command.hpp"
#include "happening.hpp"
#include "i18n.hpp"

namespace zs::gui {
namespace {

std::string trace_text(const Simulator& sim) {
  std::string out;
  for (const TraceEvent& ev : sim.trace()) out += format_line(ev, sim.trace_context()) + "\n";
  return out;
}

// "" when equal, else the first line that differs in each (a failure message stays short).
std::string first_difference(const std::string& a, const std::string& b) {
  if (a == b) return "";
  std::size_t i = 0;
  while (i < a.size() && i < b.size() && a[i] == b[i]) ++i;
  const std::size_t line = a.rfind('\n', i == 0 ? 0 : i - 1);
  const std::size_t from = line == std::string::npos ? 0 : line + 1;
  auto rest = [&](const std::string& s) { return s.substr(from, s.find('\n', from) - from); };
  return "first difference: [" + rest(a) + "] vs [" + rest(b) + "] (sizes " + std::to_string(a.size()) + ", " +
         std::to_string(b.size()) + ")";
}

RunSetup three() {
  RunSetup s;
  s.ensemble = config::default_ensemble(3);
  s.seed = 7;
  return s;
}

Sid leader_of(const Driver& d) { return d.run().sim().stable_leader().value_or(0); }

TEST(Driver, ServersBootAndElectWhilePlaying) {
  Driver d(three());
  d.advance(1000);  // 1 s of wall time at 1x = 1 s of virtual time
  EXPECT_EQ(d.run().sim().now(), 1000);
  EXPECT_NE(leader_of(d), 0);
  d.apply(SetPaused{true});
  d.advance(1000);
  EXPECT_EQ(d.run().sim().now(), 1000) << "paused: virtual time stands still";
}

TEST(Driver, SavedRunReplaysByteForByte) {
  Driver a(three());
  a.run_to(3000);
  const Sid leader = leader_of(a);
  ASSERT_NE(leader, 0);
  a.apply(CrashServer{leader});
  a.run_to(5000);
  a.apply(CutLink{1, 2});
  a.apply(WriteButton{1});
  a.run_to(9000);
  a.apply(RestartServer{leader});
  a.run_to(15000);

  const RunFile saved = a.run_file();
  ASSERT_EQ(saved.actions.size(), 4u);
  const auto path = std::filesystem::temp_directory_path() / "zooscope-driver-test-run.json";
  {
    std::ofstream out(path);
    out << to_json(saved).dump(2);
  }
  auto loaded = load_run_file(path.string());
  ASSERT_TRUE(loaded) << loaded.error().to_string();
  Driver b(three());
  b.load(loaded.value());
  EXPECT_EQ(b.run().sim().events_processed(), a.run().sim().events_processed());
  EXPECT_EQ(first_difference(trace_text(b.run().sim()), trace_text(a.run().sim())), "");
  std::filesystem::remove(path);
}

TEST(Driver, StepBackThenForwardGivesTheSameMoment) {
  Driver d(three());
  d.run_to(2000);
  d.apply(CrashServer{leader_of(d)});
  d.run_to(6000);
  const std::uint64_t end = d.run().sim().events_processed();
  const std::string full = trace_text(d.run().sim());

  for (int k = 0; k < 25; ++k) d.apply(StepBack{});
  EXPECT_EQ(d.run().sim().events_processed(), end - 25);
  EXPECT_TRUE(d.paused()) << "stepping pauses the run";
  EXPECT_EQ(d.model().furthest_event, end) << "the future is kept for the scrub bar";
  d.apply(SeekEvent{end});
  EXPECT_EQ(d.run().sim().events_processed(), end);
  EXPECT_EQ(first_difference(trace_text(d.run().sim()), full), "");

  // Back before the crash, then forward again: the crash is replayed at its moment.
  d.apply(SeekTime{1000});
  EXPECT_LE(d.run().sim().now(), 1000);
  EXPECT_TRUE(d.branches().empty()) << "looking is not acting: no fork";
  d.apply(SeekEvent{end});
  EXPECT_EQ(first_difference(trace_text(d.run().sim()), full), "");
}

TEST(Driver, ActingInThePastForksAndTheOldFutureIsABranch) {
  Driver d(three());
  d.run_to(2000);
  const Sid leader = leader_of(d);
  d.apply(CrashServer{leader});
  d.run_to(6000);
  const std::string crashed_future = trace_text(d.run().sim());
  const std::uint64_t end = d.run().sim().events_processed();

  d.apply(SeekTime{1500});  // before the crash
  EXPECT_EQ(d.run().sim().now(), 1500);
  const Sid other = leader == 1 ? 2 : 1;
  d.apply(CrashServer{other});  // a different what-if
  ASSERT_EQ(d.branches().size(), 1u);
  EXPECT_EQ(d.actions().size(), 1u);
  EXPECT_EQ(std::get<CrashServer>(d.actions()[0].action).sid, other);
  d.run_to(6000);
  EXPECT_NE(trace_text(d.run().sim()), crashed_future);

  d.apply(SwitchBranch{0});
  d.apply(SeekEvent{end});
  EXPECT_EQ(first_difference(trace_text(d.run().sim()), crashed_future), "") << "the old future comes back exactly";
  EXPECT_EQ(d.branches().size(), 1u) << "the what-if run became the branch";
}

TEST(Driver, ConsoleLinesAreHandActionsAndSurviveStepBack) {
  Driver d(three());
  d.run_to(3000);
  d.apply(ConsoleLine{1, "create /zk_test my_data"});
  d.run_to(4000);
  const ClusterView& m = d.model();
  ASSERT_EQ(m.consoles.size(), 1u);
  std::string printed;
  for (const auto& e : *m.consoles[0].transcript)
    printed += e.printed.text();
  EXPECT_NE(printed.find("Created /zk_test"), std::string::npos) << printed;
  for (const DataTree* t : m.trees) {
    ASSERT_NE(t, nullptr);
    EXPECT_TRUE(t->node("/zk_test").has_value());
  }
  const std::string before = trace_text(d.run().sim());
  d.apply(StepBack{});  // the console is rebuilt by replaying the run
  d.apply(StepForward{});
  EXPECT_EQ(first_difference(trace_text(d.run().sim()), before), "");
  ASSERT_EQ(d.model().consoles.size(), 1u);
}

TEST(Driver, RunFileErrorsNameTheFileAndTheFix) {
  const auto dir = std::filesystem::temp_directory_path();
  auto write = [&](const char* name, const std::string& text) {
    const auto p = dir / name;
    std::ofstream(p) << text;
    return p.string();
  };
  auto missing = load_run_file((dir / "zooscope-no-such-run.json").string());
  ASSERT_FALSE(missing);
  EXPECT_NE(missing.error().to_string().find("zooscope-no-such-run.json"), std::string::npos);

  const std::string not_json = write("zooscope-bad1.json", "{ seed: ");
  auto bad = load_run_file(not_json);
  ASSERT_FALSE(bad);
  EXPECT_NE(bad.error().to_string().find("not JSON"), std::string::npos);

  const std::string kind = write(
      "zooscope-bad2.json",
      R"({"zooscope_run":1,"seed":1,"voters":3,"observers":0,"actions":[{"kind":"explode","at_event":3}]})");
  auto k = load_run_file(kind);
  ASSERT_FALSE(k);
  EXPECT_NE(k.error().to_string().find("explode"), std::string::npos);
  EXPECT_NE(k.error().to_string().find("crash, restart"), std::string::npos) << "says what is valid";

  const std::string order = write(
      "zooscope-bad3.json",
      R"({"zooscope_run":1,"seed":1,"voters":3,"observers":0,"actions":[{"kind":"crash","sid":1,"at_event":9},{"kind":"restart","sid":1,"at_event":3}]})");
  auto o = load_run_file(order);
  ASSERT_FALSE(o);
  EXPECT_NE(o.error().to_string().find("at_event order"), std::string::npos);

  // The driver keeps its run when a file fails to load, and says why.
  Driver d(three());
  d.run_to(2000);
  const auto events = d.run().sim().events_processed();
  d.apply(LoadRun{kind});
  EXPECT_EQ(d.run().sim().events_processed(), events);
  EXPECT_NE(d.model().last_happening.find("explode"), std::string::npos);
  for (const char* f : {"zooscope-bad1.json", "zooscope-bad2.json", "zooscope-bad3.json"}) std::filesystem::remove(dir / f);
}

TEST(Driver, ResetStartsTheSameRunWithoutHandActions) {
  Driver d(three());
  d.run_to(3000);
  const std::string untouched = trace_text(d.run().sim());
  d.apply(CrashServer{1});
  d.run_to(5000);
  d.apply(ResetRun{});
  EXPECT_TRUE(d.actions().empty());
  EXPECT_EQ(d.run().sim().now(), 0);
  d.run_to(3000);
  EXPECT_EQ(first_difference(trace_text(d.run().sim()), untouched), "");
}

TEST(Driver, NextStateChangeStopsAtAStateChange) {
  Driver d(three());
  d.apply(NextStateChange{});
  const TraceLog& t = d.run().sim().trace();
  ASSERT_FALSE(t.empty());
  bool changed = false;
  for (const TraceEvent& ev : t) changed = changed || std::holds_alternative<StateChanged>(ev.body);
  EXPECT_TRUE(changed);
  EXPECT_LT(d.run().sim().now(), 1000) << "the first change (DOWN -> LOOKING) comes at boot";
}

TEST(Driver, IsolatingAServerCutsEveryLinkBothWays) {
  Driver d(three());
  d.run_to(3000);
  d.apply(IsolateServer{2});
  const ClusterView& m = d.model();
  const std::size_t n = m.peers.size();
  for (std::size_t i = 0; i < n; ++i)
    for (std::size_t j = 0; j < n; ++j) {
      if (i == j) continue;
      const bool touches2 = m.peers[i].sid == 2 || m.peers[j].sid == 2;
      EXPECT_EQ(m.cut[i * n + j] != 0, touches2) << i << "->" << j;
    }
  d.apply(HealAll{});
  for (auto c : d.model().cut) EXPECT_EQ(c, 0);
}

TEST(Happening, VoteChangeSentenceNamesTheRuleAndTheSender) {
  TraceEvent ev;
  ev.at = 1234;
  Vote to;
  to.leader = 5;
  to.zxid = Zxid::make(1, 2);
  ev.body = VoteChanged{3, Vote{}, to, VoteRule::HigherZxid, 5};
  set_catalog({{"happening.vote_changed", "server {0} received vote {1} from server {2}: {3}"},
               {"happening.rule.higher_zxid", "equal epoch, higher zxid"}});
  EXPECT_EQ(describe(ev), "1.234 s: server 3 received vote (5, 0x100000002) from server 5: equal epoch, higher zxid");
  set_catalog({});
  EXPECT_EQ(describe(TraceEvent{0, MessageDelivered{}}), "") << "deliveries are not news";
}

// The ACKing servers of a commit are a list the language joins: "1, 3" in English, "1、3" in
// Chinese (zh-terms: 、 between the items of a list). A later round that brings a server's
// own vote back says so, not that it switched to the sender's.
TEST(Happening, ListsJoinAsTheLanguageJoinsThemAndALaterRoundIsNotASwitchToTheSender) {
  TraceEvent commit{2000, Committed{2, Zxid::make(1, 3), 0b101}};
  set_catalog({{"happening.commit", "{3}"}, {"happening.list_sep", "、"}});
  EXPECT_EQ(describe(commit), "2.000 s: 1、3");
  set_catalog({{"happening.commit", "{3}"}, {"happening.list_sep", ", "}});
  EXPECT_EQ(describe(commit), "2.000 s: 1, 3");
  Vote own;
  own.leader = 1;
  own.zxid = Zxid::make(1, 5);
  own.election_epoch = 4;
  TraceEvent back{3000, VoteChanged{1, Vote{}, own, VoteRule::HigherRound, 2}};
  set_catalog({{"happening.vote_later_round", "server {0} joined round {3} of server {2}, own vote {1}"}});
  EXPECT_EQ(describe(back), "3.000 s: server 1 joined round 4 of server 2, own vote (1, 0x100000005)");
  set_catalog({});
}

}  // namespace
}  // namespace zs::gui

namespace zs::gui {
namespace {

// The ephemerals lab: a zkCli creates an ephemeral node and its process is killed; the node
// stays while the session lives (30 s, zkCli's default timeout) and goes when it expires.
TEST(Driver, KilledClientsEphemeralGoesWhenItsSessionExpires) {
  RunSetup s;
  s.ensemble = config::default_ensemble(3);
  Driver d(s);
  d.run_to(3000);
  d.apply(ConsoleLine{1, "create -e /lock owner"});
  d.run_to(4000);
  d.apply(KillClient{1});
  auto has_lock = [&] {
    int n = 0;
    for (const DataTree* t : d.model().trees) n += t != nullptr && t->node("/lock").has_value();
    return n;
  };
  d.run_to(20000);
  EXPECT_EQ(has_lock(), 3) << "the session is still alive: the ephemeral stays";
  d.run_to(40000);
  EXPECT_EQ(has_lock(), 0) << "expired: removed on every server";
  bool expired_logged = false;
  for (const TraceEvent& ev : d.run().sim().trace())
    if (const auto* l = std::get_if<LogLine>(&ev.body)) expired_logged = expired_logged || l->kind == LogKind::ExpiringSession;
  EXPECT_TRUE(expired_logged);

  // The next line on server 1 starts a new zkCli with a new session.
  d.apply(ConsoleLine{1, "ls /"});
  d.run_to(41000);
  ASSERT_EQ(d.model().consoles.size(), 1u);
  EXPECT_FALSE(d.model().consoles[0].transcript->empty());
}

}  // namespace
}  // namespace zs::gui

namespace zs::gui {
namespace {

// Run… → Open zoo.cfg: a good file starts a run with its ensemble; a broken one leaves the
// run as it was and the status line names the file, the line and the fix.
TEST(Driver, OpenConfigRunsItsEnsembleOrSaysWhatIsWrong) {
  Driver d(RunSetup{});
  d.run_to(2000);
  d.apply(OpenConfig{std::string(ZS_SOURCE_DIR) + "/assets/ensembles/five-nodes/zoo.cfg"});
  EXPECT_EQ(d.run().sim().config().servers.size(), 5u);
  EXPECT_EQ(d.run().sim().now(), 0) << "a new run from time 0";
  d.run_to(3000);
  EXPECT_TRUE(d.run().sim().stable_leader().has_value());

  const auto bad = std::filesystem::temp_directory_path() / "zooscope-bad-zoo.cfg";
  std::ofstream(bad) << "tickTime=2000\nserver.1=127.0.0.1:2888:70000\n";
  const std::uint64_t events = d.run().sim().events_processed();
  d.apply(OpenConfig{bad.string()});
  EXPECT_EQ(d.run().sim().events_processed(), events) << "the run is kept";
  const std::string said = d.model().last_happening;
  EXPECT_NE(said.find("zooscope-bad-zoo.cfg:2"), std::string::npos) << said;
  std::filesystem::remove(bad);
}

// `zooscope sim --scenario NAME [--until MS]` prints what the window shows at that moment.
TEST(Driver, HeadlessScenarioEndsInTheStatesTheWindowShows) {
  for (const char* name : {"startup", "leader-crash", "write-path", "partition", "lagging-follower", "sessions"}) {
    for (const std::string until : {"", "5000"}) {
      const auto file = std::filesystem::path(ZS_SOURCE_DIR) / "assets" / "scenarios" / (std::string(name) + ".json");
      auto run = load_run_file(file.string());
      ASSERT_TRUE(run.ok()) << run.error().to_string();
      Driver d(run.value().setup);
      if (until.empty()) {
        d.load(run.value());
      } else {
        d.load(run.value(), std::stoll(until));
      }
      std::string window;
      for (const PeerSnapshot& p : d.model().peers) window += cli::summary_line(p) + "\n";

      std::vector<std::string> args{"zooscope", "sim", "--scenario", name};
      if (!until.empty()) args.insert(args.end(), {"--until", until});
      std::vector<char*> argv;
      for (auto& a : args) argv.push_back(a.data());
      std::ostringstream out, err;
      ASSERT_EQ(cli::run_subcommand(static_cast<int>(argv.size()), argv.data(), out, err), 0) << err.str();
      const std::string printed = out.str();
      ASSERT_GE(printed.size(), window.size());
      EXPECT_EQ(printed.substr(printed.size() - window.size()), window) << name << " until " << until;
    }
  }
}

}  // namespace
}  // namespace zs::gui

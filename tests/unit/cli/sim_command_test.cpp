// `zooscope sim`: the exact output scripts depend on, and clear errors with exit code 2.
#include "sim_command.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <optional>
#include <regex>
#include <sstream>
#include <string>
#include <vector>

#include "cli.hpp"

namespace zs::cli {
namespace {

struct Ran {
  int code;
  std::string out;
  std::string err;
};

Ran run(std::vector<std::string> args) {
  args.insert(args.begin(), "zooscope");
  std::vector<char*> argv;
  for (auto& a : args) argv.push_back(a.data());
  std::ostringstream out, err;
  const auto code = run_subcommand(static_cast<int>(argv.size()), argv.data(), out, err);
  return {code.value_or(-1), out.str(), err.str()};
}

TEST(SimCommand, PrintsOneExactLinePerServerInSidOrder) {
  const Ran r = run({"sim", "--servers", "3", "--start", "1@0,2@8000,3@9200", "--until", "12000"});
  ASSERT_EQ(r.code, 0) << r.err;
  EXPECT_EQ(r.out,
            "server.1 state=FOLLOWING leader=2 epoch=1 zxid=0x0\n"
            "server.2 state=LEADING leader=2 epoch=1 zxid=0x100000000\n"
            "server.3 state=FOLLOWING leader=2 epoch=1 zxid=0x100000000\n");
}

TEST(SimCommand, DownServerShowsWhatItHadAndNoLeader) {
  const Ran r = run({"sim", "--servers", "3", "--crash", "3@5000", "--until", "9000"});
  ASSERT_EQ(r.code, 0) << r.err;
  EXPECT_NE(r.out.find("server.3 state=DOWN leader=- epoch=1 zxid=0x100000000\n"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("server.2 state=LEADING leader=2 epoch=2 zxid=0x200000000\n"), std::string::npos) << r.out;
}

TEST(SimCommand, LoneServerIsLookingWithNoLeader) {
  const Ran r = run({"sim", "--servers", "3", "--start", "1@0", "--until", "5000"});
  ASSERT_EQ(r.code, 0);
  EXPECT_NE(r.out.find("server.1 state=LOOKING leader=- epoch=0 zxid=0x0\n"), std::string::npos);
  EXPECT_NE(r.out.find("server.2 state=DOWN leader=- epoch=0 zxid=0x0\n"), std::string::npos);
}

TEST(SimCommand, JsonGivesTheSameFactsAsOneObject) {
  const Ran r = run({"sim", "--servers", "3", "--json", "--until", "3000"});
  ASSERT_EQ(r.code, 0);
  const auto j = nlohmann::json::parse(r.out);
  ASSERT_EQ(j["servers"].size(), 3u);
  EXPECT_EQ(j["servers"][2]["state"], "LEADING");
  EXPECT_EQ(j["servers"][2]["zxid"], "0x100000000");
  EXPECT_EQ(j["servers"][0]["leader"], 3);
  EXPECT_EQ(j["servers"][0]["epoch"], 1);
}

TEST(SimCommand, ZxidPresetDecidesTheElection) {
  const Ran r = run({"sim", "--servers", "5", "--zxid", "2=0x100000007,1=0x100000003", "--until", "3000"});
  ASSERT_EQ(r.code, 0) << r.err;
  EXPECT_NE(r.out.find("server.2 state=LEADING leader=2 epoch=2 zxid=0x200000000\n"), std::string::npos) << r.out;
}

TEST(SimCommand, PartitionKeepsTheMinorityLooking) {
  const Ran r = run({"sim", "--servers", "5", "--partition", "1,2|3,4,5@0", "--until", "20000"});
  ASSERT_EQ(r.code, 0) << r.err;
  EXPECT_NE(r.out.find("server.1 state=LOOKING"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("server.5 state=LEADING"), std::string::npos) << r.out;
}

TEST(SimCommand, TraceFileHoldsOneJsonObjectPerEvent) {
  const auto path = std::filesystem::temp_directory_path() / "zs_sim_command_trace.jsonl";
  const Ran r = run({"sim", "--servers", "3", "--until", "2000", "--trace", path.string()});
  ASSERT_EQ(r.code, 0) << r.err;
  std::ifstream in(path);
  std::string line;
  int lines = 0;
  bool saw_state = false;
  while (std::getline(in, line)) {
    const auto j = nlohmann::json::parse(line);
    ASSERT_TRUE(j.contains("t"));
    saw_state = saw_state || j["type"] == "state";
    ++lines;
  }
  EXPECT_GT(lines, 50);
  EXPECT_TRUE(saw_state);
  std::filesystem::remove(path);
}

// The lagging follower, headless: once the leader's link to server 1 takes 1.5 s, a write
// through server 2 is committed without server 1, whose console reads the old state until
// `sync` makes it catch up.
TEST(SimCommand, ASlowLinkMakesAStaleReadThatSyncFixes) {
  const std::vector<std::string> base = {"sim", "--servers", "3", "--until", "8000", "--client", "1: ls /@1000",
                                         "--client", "2: create /zk_test v1@3000", "--client", "1: get /zk_test@3100",
                                         "--client", "1: sync /zk_test@3200", "--client", "1: get /zk_test@3300"};
  std::vector<std::string> slow = base;
  slow.insert(slow.end(), {"--link", "3>1:1500-1500@2500"});
  const Ran r = run(slow);
  ASSERT_EQ(r.code, 0) << r.err;
  const auto first = r.out.find("get /zk_test\n");
  ASSERT_NE(first, std::string::npos) << r.out;
  EXPECT_EQ(r.out.substr(first + 13, 30), "Node does not exist: /zk_test\n") << r.out;
  const auto second = r.out.find("get /zk_test\n", first + 1);
  ASSERT_NE(second, std::string::npos) << r.out;
  EXPECT_EQ(r.out.substr(second + 13, 3), "v1\n") << r.out;
  EXPECT_NE(r.out.find("server.3 state=LEADING"), std::string::npos) << r.out;
  // Without the slow link the first read already sees the write.
  const Ran fast = run(base);
  ASSERT_EQ(fast.code, 0) << fast.err;
  const auto f = fast.out.find("get /zk_test\n");
  ASSERT_NE(f, std::string::npos) << fast.out;
  EXPECT_EQ(fast.out.substr(f + 13, 3), "v1\n") << fast.out;
}

// A lossy one-way link on a run without consoles: the trace shows drops on that direction
// only.
TEST(SimCommand, LinkLossDropsMessagesOnThatDirectionOnly) {
  const auto dir = std::filesystem::temp_directory_path() / "zs_sim_link_test";
  std::filesystem::create_directories(dir);
  const std::string file = (dir / "run.jsonl").string();
  const Ran r = run({"sim", "--servers", "3", "--until", "20000", "--link", "1>2:1-5:50%@0", "--trace", file});
  ASSERT_EQ(r.code, 0) << r.err;
  std::ifstream in(file);
  int dropped_1_2 = 0, dropped_other = 0;
  for (std::string line; std::getline(in, line);) {
    const auto j = nlohmann::json::parse(line);
    if (j.value("type", "") != "drop" || j.value("reason", "") != "loss") continue;
    const bool one_two = j["from"] == 1 && j["to"] == 2;
    ++(one_two ? dropped_1_2 : dropped_other);
  }
  EXPECT_GT(dropped_1_2, 0);
  EXPECT_EQ(dropped_other, 0);
}

TEST(SimCommand, LogPrintsZooKeeperStyleLines) {
  const Ran r = run({"sim", "--servers", "3", "--start", "1@0", "--until", "1000", "--log"});
  ASSERT_EQ(r.code, 0);
  EXPECT_NE(r.out.find("[myid:1] - WARN - Cannot open channel to 2 at election address /127.0.0.1:3889"), std::string::npos) << r.out;
}

TEST(SimCommand, HelpDocumentsEveryFlagWithAnExample) {
  const Ran r = run({"sim", "--help"});
  EXPECT_EQ(r.code, 0);
  for (const char* flag : {"--servers", "--config", "--start", "--crash", "--restart", "--zxid", "--partition", "--heal",
                           "--loss", "--link", "--seed", "--until", "--trace", "--json", "--check"})
    EXPECT_NE(r.out.find(flag), std::string::npos) << flag;
  EXPECT_NE(r.out.find("e.g. --partition"), std::string::npos);
}

struct BadFlag {
  std::vector<std::string> args;
  std::string expected;  // part of the message
};

class SimCommandBadInput : public ::testing::TestWithParam<BadFlag> {};

TEST_P(SimCommandBadInput, ExitsTwoWithAClearMessage) {
  std::vector<std::string> args{"sim"};
  for (const auto& a : GetParam().args) args.push_back(a);
  const Ran r = run(args);
  EXPECT_EQ(r.code, 2);
  EXPECT_EQ(r.out, "");
  EXPECT_NE(r.err.find(GetParam().expected), std::string::npos) << r.err;
}

INSTANTIATE_TEST_SUITE_P(
    Errors, SimCommandBadInput,
    ::testing::Values(
        BadFlag{{"--start", "1-0"}, "--start: \"1-0\" is not SID@MS (fix: write a server id and a virtual time in ms, e.g. --start 1@0,2@5000)"},
        BadFlag{{"--crash", "9@100"}, "--crash: there is no server 9 in this ensemble"},
        BadFlag{{"--zxid", "1=100000005"}, "--zxid: \"1=100000005\" is not SID=0xZXID"},
        BadFlag{{"--partition", "1,2|3"}, "--partition: \"1,2|3\" has no @MS"},
        BadFlag{{"--partition", "1,2|2,3@10"}, "server 2 is in two groups"},
        BadFlag{{"--partition", "1,2,3@10"}, "a partition needs at least two groups"},
        BadFlag{{"--heal", "5000"}, "--heal: \"5000\" is not @MS"},
        BadFlag{{"--loss", "1.5"}, "--loss: \"1.5\" is not a probability"},
        BadFlag{{"--latency", "5-1"}, "--latency: \"5-1\" is not MIN-MAX"},
        BadFlag{{"--link", "3>1:5-10"}, "--link: \"3>1:5-10\" has no @MS"},
        BadFlag{{"--link", "3>1:10-5@100"}, "--link: \"10-5\" is not MIN-MAX (ms, 0 <= MIN <= MAX <= 3600000)"},
        BadFlag{{"--link", "3:10-50@100"}, "--link: \"3\" is not FROM>TO (two server ids)"},
        BadFlag{{"--link", "1>1:10-50@100"}, "--link: a link joins two different servers"},
        BadFlag{{"--link", "3>1:10-50:2@100"}, "--link: \"2\" is not a loss chance"},
        BadFlag{{"--link", "3>9:10-50@100"}, "--link: there is no server 9 in this ensemble"},
        BadFlag{{"--servers", "0"}, "--servers"},
        BadFlag{{"--frobnicate"}, "frobnicate"},
        BadFlag{{"--config", "/nonexistent/zoo.cfg"}, "/nonexistent/zoo.cfg"}));

TEST(SimCommand, NoSubcommandMeansOpenTheWindow) {
  EXPECT_EQ(run({}).code, -1);
  EXPECT_EQ(run({"--screenshot", "x.png"}).code, -1);
}

}  // namespace
}  // namespace zs::cli

namespace zs::cli {
namespace {

std::string tutorial(int i) {
  return std::string(ZS_SOURCE_DIR) + "/assets/ensembles/tutorial-3/zoo" + std::to_string(i) + ".cfg";
}

TEST(SimCommandConfig, TutorialFilesLoadAndSayHowEachSidWasFound) {
  const Ran r = run({"sim", "--config", tutorial(1), tutorial(2), tutorial(3), "--start", "1@0,2@8000,3@9200", "--until", "12000"});
  ASSERT_EQ(r.code, 0) << r.err;
  EXPECT_NE(r.out.find("server.2 state=LEADING leader=2 epoch=1 zxid=0x100000000\n"), std::string::npos) << r.out;
  EXPECT_NE(r.err.find("zoo1.cfg is server.1 (sid from the "), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("zoo3.cfg is server.3 (sid from the "), std::string::npos) << r.err;
}

TEST(SimCommandConfig, BrokenConfigNamesFileLineAndFixAndExitsTwo) {
  const auto path = std::filesystem::temp_directory_path() / "zs_sim_bad_zoo.cfg";
  {
    std::ofstream f(path);
    f << "tickTime=2000\ninitLimit=10\nsyncLimit=5\ndataDir=/tmp/zs\n"
         "server.1=127.0.0.1:2888:3888\nserver.2=127.0.0.1:2889:70000\nserver.3=127.0.0.1:2890:3890\n";
  }
  const Ran r = run({"sim", "--config", path.string()});
  EXPECT_EQ(r.code, 2);
  EXPECT_EQ(r.out, "");
  EXPECT_NE(r.err.find(path.string() + ":6:"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("70000"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("(fix: "), std::string::npos) << r.err;
  std::filesystem::remove(path);
}

// Scenarios and run files run headless: the same files the window opens, the same lines.
TEST(SimCommandRunFiles, ScenarioEndsWhereTheFileSays) {
  const Ran r = run({"sim", "--scenario", "leader-crash"});
  EXPECT_EQ(r.code, 0) << r.err;
  EXPECT_NE(r.out.find("server.2 state=LEADING leader=2 epoch=2"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("server.3 state=FOLLOWING leader=2 epoch=2"), std::string::npos) << "3 came back as a follower\n" << r.out;
  EXPECT_NE(r.out.find("set /zk_test after_crash"), std::string::npos) << "the scenario's console lines print\n" << r.out;
}

TEST(SimCommandRunFiles, UntilStopsAScenarioPartWay) {
  const Ran r = run({"sim", "--scenario", "leader-crash", "--until", "5000"});
  EXPECT_EQ(r.code, 0) << r.err;
  EXPECT_NE(r.out.find("server.3 state=DOWN"), std::string::npos) << r.out;
  EXPECT_EQ(r.out.find("after_crash"), std::string::npos) << "the line at 8 s has not run yet\n" << r.out;
}

TEST(SimCommandRunFiles, ReplayRunsAFileWrittenInTheActionLanguage) {
  const auto path = std::filesystem::temp_directory_path() / "zs_sim_replay_test.json";
  {
    std::ofstream f(path);
    f << R"({"zooscope_run": 1, "seed": 1, "voters": 5, "start": [], "end_ms": 15000,
      "actions": [{"at_ms": 0, "do": "start 1"}, {"at_ms": 2500, "do": "start 2"},
                  {"at_ms": 5000, "do": "start 3"}, {"at_ms": 7500, "do": "start 4"},
                  {"at_ms": 10000, "do": "start 5"}]})";
  }
  const Ran r = run({"sim", "--replay", path.string()});
  std::filesystem::remove(path);
  EXPECT_EQ(r.code, 0) << r.err;
  EXPECT_NE(r.out.find("server.3 state=LEADING leader=3"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("server.5 state=FOLLOWING leader=3"), std::string::npos) << r.out;
}

TEST(SimCommandRunFiles, DoTakesAnyActionAtATime) {
  const Ran r = run({"sim", "--do", "isolate 3@4000", "--until", "20000"});
  EXPECT_EQ(r.code, 0) << r.err;
  EXPECT_EQ(r.out.find("server.3 state=LEADING"), std::string::npos) << "an isolated leader loses its quorum\n" << r.out;
  EXPECT_NE(r.out.find("server.2 state=LEADING leader=2"), std::string::npos) << r.out;
}

TEST(SimCommandRunFiles, FlagsAndTheirDoFormsGiveTheSameRun) {
  const Ran flags = run({"sim", "--servers", "5", "--crash", "5@4000", "--partition", "1,2|3,4@6000", "--heal", "@9000",
                         "--until", "14000", "--json"});
  const Ran words = run({"sim", "--servers", "5", "--do", "crash 5@4000", "--do", "partition 1,2|3,4@6000", "--do",
                         "heal@9000", "--until", "14000", "--json"});
  EXPECT_EQ(flags.code, 0) << flags.err;
  EXPECT_EQ(flags.out, words.out);
}

TEST(SimCommandRunFiles, BadScenarioOrActionExitsTwoWithTheFix) {
  const Ran none = run({"sim", "--scenario", "nosuch"});
  EXPECT_EQ(none.code, 2);
  EXPECT_NE(none.err.find("no scenario named \"nosuch\" (fix: use one of "), std::string::npos) << none.err;
  EXPECT_NE(none.err.find("leader-crash"), std::string::npos) << none.err;
  const Ran bad = run({"sim", "--do", "explode 3@100"});
  EXPECT_EQ(bad.code, 2);
  EXPECT_NE(bad.err.find("--do: \"explode 3\": \"explode\" is not an action"), std::string::npos) << bad.err;
  const Ran unknown = run({"sim", "--do", "crash 9@100"});
  EXPECT_NE(unknown.err.find("--do: there is no server 9 in this ensemble"), std::string::npos) << unknown.err;
  const Ran both = run({"sim", "--scenario", "startup", "--servers", "5"});
  EXPECT_EQ(both.code, 2) << "a scenario brings its own ensemble";
}

// ---- --check: Zab's safety rules after every event (check/safety_checker.hpp) -------------

// "check: ok (N events, M commits, K leaders)" as the last line; the numbers, or nullopt.
struct CheckOk {
  long events, commits, leaders;
};
std::optional<CheckOk> check_ok_line(const std::string& out) {
  static const std::regex line(R"(check: ok \((\d+) events, (\d+) commits, (\d+) leaders\)\n$)");
  std::smatch m;
  if (!std::regex_search(out, m, line)) return std::nullopt;
  return CheckOk{std::stol(m[1]), std::stol(m[2]), std::stol(m[3])};
}

TEST(SimCommandCheck, ACrashAndPartitionRunPassesAndPrintsOneOkLineLast) {
  const std::vector<std::string> args{"sim", "--servers", "5", "--crash", "5@4000", "--restart", "5@9000",
                                      "--partition", "1,2|3,4,5@6000", "--heal", "@8000",
                                      "--client", "1: create /a x@5000", "--client", "3: set /a y@10000",
                                      "--until", "14000"};
  const Ran plain = run(args);
  std::vector<std::string> checked_args = args;
  checked_args.push_back("--check");
  const Ran checked = run(checked_args);
  ASSERT_EQ(checked.code, 0) << checked.out << checked.err;
  const auto ok = check_ok_line(checked.out);
  ASSERT_TRUE(ok.has_value()) << checked.out;
  EXPECT_GT(ok->events, 100);
  EXPECT_GE(ok->commits, 2) << "both writes (and the sessions) committed";
  EXPECT_GE(ok->leaders, 2) << "leader 5 crashed, another epoch began";
  // The checker only reads: the run prints what it prints without --check, then the verdict.
  EXPECT_EQ(checked.out.substr(0, plain.out.size()), plain.out);
  EXPECT_EQ(std::count(checked.out.begin() + static_cast<long>(plain.out.size()), checked.out.end(), '\n'), 1);
}

TEST(SimCommandCheck, WorksWithScenarioReplayDoAndJson) {
  const Ran scenario = run({"sim", "--scenario", "leader-crash", "--check"});
  EXPECT_EQ(scenario.code, 0) << scenario.out;
  EXPECT_TRUE(check_ok_line(scenario.out).has_value()) << scenario.out;
  const Ran doing = run({"sim", "--do", "isolate 3@4000", "--do", "heal@9000", "--until", "15000", "--check"});
  EXPECT_EQ(doing.code, 0) << doing.out;
  EXPECT_TRUE(check_ok_line(doing.out).has_value()) << doing.out;
  const auto path = std::filesystem::temp_directory_path() / "zs_sim_check_replay_test.json";
  {
    std::ofstream f(path);
    f << R"({"zooscope_run": 1, "seed": 3, "voters": 3, "end_ms": 12000,
      "actions": [{"at_ms": 3000, "do": "crash 3"}, {"at_ms": 7000, "do": "restart 3"}]})";
  }
  const Ran replay = run({"sim", "--replay", path.string(), "--check"});
  std::filesystem::remove(path);
  EXPECT_EQ(replay.code, 0) << replay.out << replay.err;
  EXPECT_TRUE(check_ok_line(replay.out).has_value()) << replay.out;
  // --json keeps stdout one object: the verdict is its "check" member.
  const Ran json = run({"sim", "--servers", "3", "--crash", "3@4000", "--until", "9000", "--json", "--check"});
  ASSERT_EQ(json.code, 0) << json.out;
  const auto j = nlohmann::json::parse(json.out);
  ASSERT_EQ(j["check"].size(), 1U);
  EXPECT_TRUE(check_ok_line(j["check"][0].get<std::string>() + "\n").has_value()) << json.out;
}

// The failure lines, from a checker fed two leaders of one epoch (Zab.tla Leadership, §9.1).
TEST(SimCommandCheck, AViolationPrintsOneFailedLineEach) {
  check::SafetyChecker checker;
  const SharedLog<LoggedTxn> empty;
  checker.observe_replicas({10, 100}, std::vector{check::ReplicaView{1, true, true, 1, &empty, 0}}, nullptr);
  checker.observe_replicas({20, 200}, std::vector{check::ReplicaView{2, true, true, 1, &empty, 0}}, nullptr);
  EXPECT_EQ(check_lines(checker),
            std::vector<std::string>{"check: FAILED: one_leader_per_epoch: servers 1 and 2 both led epoch 1 "
                                     "(t=200 ms, event 20)"});
}

}  // namespace
}  // namespace zs::cli

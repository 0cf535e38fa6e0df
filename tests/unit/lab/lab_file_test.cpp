// Lab files as a teacher writes them: conditions round-trip through their text, and every
// kind of mistake (bad TOML, an unknown action, a server the ensemble lacks, a condition that
// does not parse, a missing translation, a typo in a key) is named by FILE:LINE:COL with a fix.
// Then the headless command: lab run's lines and exit codes, lab check, lab list.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "lab/lab.hpp"
#include "lab/lab_run.hpp"
#include "lab_command.hpp"

namespace zs::lab {
namespace {

constexpr const char* kHeader = R"(id = "t"
title.en = "T"
title.zh-CN = "测试"
[ensemble]
servers = 3
)";

std::string error_of(const std::string& body) {
  auto r = parse_lab(std::string(kHeader) + body, "labs/t.toml");
  EXPECT_FALSE(r.ok()) << body;
  return r.ok() ? std::string() : r.error().to_string();
}

TEST(LabConditions, ReadBackToTheSameText) {
  for (const char* text : {"time +3000", "time 12000", "server.3 state=LEADING",
                           "server.1 state=FOLLOWING leader=3 epoch=1 zxid=0x100000000", "server.2 state=DOWN leader=-",
                           "server.1 znode /app exists", "server.1 znode /a/b missing", "server.1 znode /app data=\"v \\\"2\\\"\"",
                           "server.1 znode /lock numChildren>=2", "server.2 znode /lock/x ephemeralOwner!=0",
                           "console.1 has \"Node does not exist: /a\"", "log.1 has \"Cannot open channel to 2\"",
                           "messages ACK zxid=0x100000001 before COMMIT >= 2", "messages PROPOSAL to=3 = 0",
                           "messages notification from=1 to=2 > 0", "no committed write lost"}) {
    auto p = parse_predicate(text);
    ASSERT_TRUE(p.ok()) << text << ": " << p.error().to_string();
    EXPECT_EQ(to_text(p.value()), text);
  }
}

TEST(LabConditions, MistakesSayWhatIsWrongAndShowAFormThatWorks) {
  struct Case {
    const char* text;
    const char* says;
  };
  for (const Case& c : std::vector<Case>{
           {"server.3 state=LEADER", "\"LEADER\" is not a state (LOOKING, FOLLOWING, LEADING, OBSERVING or DOWN)"},
           {"server.0 state=LEADING", "does not name a server id"},
           {"server.1 leader=x", "\"x\" is not a server id or -"},
           {"server.1 znode app exists", "\"app\" is not a znode path"},
           {"server.1 znode /app version=1", "\"version=1\" is not exists, missing"},
           {"console.1 has Created", "is not a quoted, non-empty text"},
           {"console.1 has \"open", "never closed"},
           {"messages ACKS >= 2", "\"ACKS\" is not a message kind"},
           {"messages ACK before COMMIT >= 2", "needs the zxid"},
           {"time soon", "\"soon\" is not a time in ms"},
           {"leader is 3", "\"leader\" does not start a condition"},
       }) {
    auto p = parse_predicate(c.text);
    ASSERT_FALSE(p.ok()) << c.text;
    EXPECT_NE(p.error().message.find(c.says), std::string::npos) << c.text << " -> " << p.error().message;
    EXPECT_NE(p.error().hint.find("e.g."), std::string::npos) << c.text;
  }
}

TEST(LabFile, TheIssuesExampleLoadsWithItsMeaning) {
  auto r = parse_lab(std::string(kHeader) + R"(
start = []
[[step]]
do = ["start 1", "start 2"]
until = "time +3000"
narration.en = "Up."
narration.zh-CN = "已启动。"
expect = ["server.1 state=LOOKING"]
[[step]]
do = "start 3"
until = ["server.3 state=LEADING", "time +100"]
question.en = "Who leads?"
question.zh-CN = "谁会成为 leader？"
answer = 3
)",
                     "labs/t.toml");
  ASSERT_TRUE(r.ok()) << r.error().to_string();
  const Lab& lab = r.value();
  EXPECT_EQ(lab.id, "t");
  EXPECT_EQ(lab.title.zh, "测试");
  ASSERT_TRUE(lab.setup.start.has_value());
  EXPECT_TRUE(lab.setup.start->empty());
  ASSERT_EQ(lab.steps.size(), 2u);
  EXPECT_EQ(lab.steps[0].actions.size(), 2u);
  EXPECT_EQ(lab.steps[0].narration.zh, "已启动。");
  EXPECT_EQ(lab.steps[0].expect[0].line, 13);
  EXPECT_EQ(lab.steps[1].until.size(), 2u);
  EXPECT_EQ(lab.steps[1].answer, 3);
  EXPECT_EQ(lab.steps[1].focus, (std::vector<Sid>{3})) << "a step is about the servers it names";
}

TEST(LabFile, EveryMistakeIsNamedByFileLineAndColumn) {
  struct Case {
    const char* body;
    const char* says;
  };
  for (const Case& c : std::vector<Case>{
           {"[[step]]\ndo = [\"start 1\"\n", "labs/t.toml:7:"},  // bad TOML: the array is never closed
           {"[[step]]\ndo = [\"launch 1\"]\n", "labs/t.toml:7:7: do \"launch 1\":"},
           {"[[step]]\ndo = [\"crash 7\"]\n", "labs/t.toml:7:7: do \"crash 7\": there is no server 7 in this ensemble"},
           {"[[step]]\nuntil = \"server.3 state=LEADER\"\n", "labs/t.toml:7:9: until \"server.3 state=LEADER\": \"LEADER\" is not a state"},
           {"[[step]]\nexpect = [\"server.9 state=LEADING\"]\n", "labs/t.toml:7:11: expect \"server.9 state=LEADING\": there is no server 9"},
           {"[[step]]\nexpect = [\"time +5\"]\n", "a time is something to wait for, not to check (fix: move it to until)"},
           {"[[step]]\nnarration.en = \"Only English.\"\n", "labs/t.toml:7:1: narration.zh-CN is missing: every text is given in en and zh-CN"},
           {"[[step]]\nnaration.en = \"typo\"\n", "labs/t.toml:7:1: [[step]] 1 has no key \"naration\" (fix: use one of: config, do, until"},
           {"[[step]]\nquestion.en = \"?\"\nquestion.zh-CN = \"？\"\n", "asks a question but gives no answer"},
           {"[[step]]\nquestion.en = \"?\"\nquestion.zh-CN = \"？\"\nanswer = 9\n", "answer: there is no server 9"},
           {"", "the lab has no steps"},
       }) {
    const std::string e = error_of(c.body);
    EXPECT_NE(e.find(c.says), std::string::npos) << "for:\n" << c.body << "\ngot: " << e;
  }
  // A missing title translation, at the top of the file.
  auto r = parse_lab("id = \"t\"\ntitle.en = \"T\"\n[[step]]\n", "x.toml");
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().to_string().rfind("x.toml:2:", 0), 0u) << r.error().to_string();
  EXPECT_NE(r.error().message.find("title.zh-CN is missing"), std::string::npos);
}

TEST(LabHighlight, ReadsBackToTheSameText) {
  for (const char* text : {"votes 2", "votes 2 3", "rule 2", "zab 0x100000003", "ack 0x100000003 1", "commit 0x100000003",
                           "zab last", "ack last 3", "commit last"}) {
    auto h = parse_highlight(text);
    ASSERT_TRUE(h.ok()) << text << ": " << h.error().to_string();
    EXPECT_EQ(to_text(h.value()), text);
  }
  auto ack = parse_highlight("  ack   0x100000003  1 ");
  ASSERT_TRUE(ack.ok());
  EXPECT_EQ(ack.value().what, Highlight::What::Ack);
  EXPECT_EQ(ack.value().sid, 1);
  EXPECT_EQ(ack.value().zxid, Zxid::make(1, 3));
  EXPECT_FALSE(ack.value().in_votes_tab());
  auto last = parse_highlight("zab last");
  ASSERT_TRUE(last.ok());
  EXPECT_FALSE(last.value().zxid.has_value()) << "last: the newest proposal at the pause";
}

TEST(LabHighlight, MistakesSayWhatIsWrongAndShowAFormThatWorks) {
  struct Case {
    const char* text;
    const char* says;
  };
  for (const Case& c : std::vector<Case>{
           {"vote 2", "\"vote\" is not votes, rule, zab, ack or commit"},
           {"votes", "votes takes a server"},
           {"votes 2 3 4", "votes takes a server"},
           {"votes x", "\"x\" is not a server id"},
           {"rule 2 3", "rule takes one server"},
           {"zab 100000003", "\"100000003\" is not a zxid (0x…) or last"},
           {"ack 0x100000003", "ack takes a zxid and a server"},
           {"commit", "commit takes one zxid"},
           {"", "the highlight is empty"},
       }) {
    auto h = parse_highlight(c.text);
    ASSERT_FALSE(h.ok()) << c.text;
    EXPECT_NE(h.error().message.find(c.says), std::string::npos) << c.text << " -> " << h.error().message;
    EXPECT_NE(h.error().hint.find("e.g."), std::string::npos) << c.text;
  }
}

TEST(LabFile, HighlightIsReadInOrderAndCheckedLikeTheOtherKeys) {
  auto r = parse_lab(std::string(kHeader) + R"([[step]]
until = "time +10"
highlight = ["rule 2", "votes 2 3", "ack 0x100000003 1", "commit last"]
[[step]]
until = "time +10"
highlight = "zab 0x100000003"
)",
                     "labs/t.toml");
  ASSERT_TRUE(r.ok()) << r.error().to_string();
  const auto& h = r.value().steps[0].highlight;
  ASSERT_EQ(h.size(), 4u);
  EXPECT_EQ(to_text(h[0]), "rule 2");
  EXPECT_EQ(to_text(h[1]), "votes 2 3");
  EXPECT_EQ(to_text(h[2]), "ack 0x100000003 1");
  EXPECT_EQ(to_text(h[3]), "commit last");
  ASSERT_EQ(r.value().steps[1].highlight.size(), 1u) << "one text works too, as for until";
  EXPECT_TRUE(r.value().steps[0].focus.empty()) << "a highlight does not change the halo";

  struct Case {
    const char* body;
    const char* says;
  };
  for (const Case& c : std::vector<Case>{
           {"[[step]]\nhighlight = [\"rule 2\", \"vote 3\"]\n",
            "labs/t.toml:7:24: highlight \"vote 3\": \"vote\" is not votes, rule, zab, ack or commit (fix: write it as, e.g., "},
           {"[[step]]\nhighlight = [\"ack 0x100000003 7\"]\n",
            "labs/t.toml:7:14: highlight \"ack 0x100000003 7\": there is no server 7 in this ensemble"},
           {"[[step]]\nhighlight = [\"votes 1 9\"]\n", "labs/t.toml:7:14: highlight \"votes 1 9\": there is no server 9"},
           {"[[step]]\nhighlight = 3\n", "labs/t.toml:7:13: highlight is not a text or a list of texts"},
           {"[[step]]\nhighlights = [\"rule 2\"]\n", "[[step]] 1 has no key \"highlights\""},
       }) {
    const std::string e = error_of(c.body);
    EXPECT_NE(e.find(c.says), std::string::npos) << "for:\n" << c.body << "\ngot: " << e;
  }
}

TEST(LabFile, AConfigIsFoundBesideTheLabOrInTheFolderAboveIt) {
  const std::string lab_path = std::string(ZS_SOURCE_DIR) + "/labs/any.toml";
  auto r = parse_lab(R"(id = "c"
title.en = "C"
title.zh-CN = "配置"
[ensemble]
config = "assets/ensembles/five-nodes/zoo.cfg"
[[step]]
until = "time +10"
)",
                     lab_path);
  ASSERT_TRUE(r.ok()) << r.error().to_string();
  EXPECT_EQ(r.value().setup.ensemble.servers.size(), 5u);
  auto missing = parse_lab("id = \"c\"\ntitle.en = \"C\"\ntitle.zh-CN = \"配置\"\n[ensemble]\nconfig = \"nowhere/zoo.cfg\"\n[[step]]\n",
                           lab_path);
  ASSERT_FALSE(missing.ok());
  EXPECT_NE(missing.error().to_string().find("any.toml:5:10: config:"), std::string::npos) << missing.error().to_string();
}

// A step whose condition never comes fails with what was there instead, within its bound.
TEST(LabRunTest, AConditionThatNeverComesFailsAtItsBound) {
  auto r = parse_lab(std::string(kHeader) + R"(start = [1]
[[step]]
until = "server.1 state=LEADING"
within_ms = 5000
)",
                     "t.toml");
  ASSERT_TRUE(r.ok()) << r.error().to_string();
  LabRun run(r.value());
  const StepOutcome& o = run.next();
  EXPECT_FALSE(o.reached);
  EXPECT_EQ(o.paused_ms, 5000);
  EXPECT_NE(o.not_reached.find("\"server.1 state=LEADING\" did not happen within 5000 ms (at t=5000 ms: server.1 state=LOOKING"),
            std::string::npos)
      << o.not_reached;
}

// A checkpoint that does not hold says what it expected and what it got.
TEST(LabRunTest, FailedCheckpointsShowExpectedAndActual) {
  auto r = parse_lab(std::string(kHeader) + R"([[step]]
until = "server.3 state=LEADING"
expect = ["server.1 state=LEADING", "server.1 znode /zookeeper exists", "server.1 znode /app exists",
          "messages PROPOSAL >= 1", "no committed write lost"]
)",
                     "t.toml");
  ASSERT_TRUE(r.ok()) << r.error().to_string();
  LabRun run(r.value());
  const StepOutcome& o = run.next();
  ASSERT_TRUE(o.reached);
  ASSERT_EQ(o.checks.size(), 5u);
  EXPECT_FALSE(o.checks[0].seen.ok);
  EXPECT_EQ(o.checks[0].seen.actual.rfind("server.1 state=FOLLOWING leader=3", 0), 0u) << o.checks[0].seen.actual;
  EXPECT_TRUE(o.checks[1].seen.ok);
  EXPECT_FALSE(o.checks[2].seen.ok);
  EXPECT_EQ(o.checks[2].seen.actual, "no /app on server 1");
  EXPECT_FALSE(o.checks[3].seen.ok) << "no write yet, so no PROPOSAL";
  EXPECT_EQ(o.checks[3].seen.actual, "0 delivered");
  EXPECT_TRUE(o.checks[4].seen.ok);
  EXPECT_EQ(o.failed(), 3);
}

// The write path, counted: the leader commits once a majority ACKed, and a slow follower's
// ACK arrives after the COMMIT.
TEST(LabRunTest, CountsAcksBeforeAndAfterTheCommit) {
  auto r = parse_lab(std::string(kHeader) + R"([[step]]
until = "server.3 state=LEADING"
[[step]]
do = ["link 3>1 400-400", "link 1>3 400-400", "client 2: create /a x"]
until = "time +3000"
expect = ["messages ACK zxid=0x100000001 to=3 before COMMIT = 1", "messages ACK zxid=0x100000001 from=1 after COMMIT = 1",
          "server.1 znode /a data=\"x\"", "console.2 has \"Created /a\"", "no committed write lost"]
)",
                     "t.toml");
  ASSERT_TRUE(r.ok()) << r.error().to_string();
  LabRun run(r.value());
  run.next();
  const StepOutcome& o = run.next();
  for (const CheckResult& c : o.checks) EXPECT_TRUE(c.seen.ok) << c.condition->text << " -> " << c.seen.actual;
}

std::string temp_lab(const std::string& name, const std::string& text) {
  const auto p = std::filesystem::temp_directory_path() / name;
  std::ofstream(p) << text;
  return p.string();
}

TEST(LabCommand, RunPrintsOkOrFailedPerCheckpointAndExitsByTheResult) {
  const std::string good = temp_lab("zs_lab_good.toml", std::string(kHeader) + R"([[step]]
until = "server.3 state=LEADING"
narration.en = "Three servers, and 3 leads."
narration.zh-CN = "三台服务器，3 当选。"
expect = ["server.3 state=LEADING"]
)");
  const std::string bad = temp_lab("zs_lab_bad.toml", std::string(kHeader) + R"([[step]]
until = "server.3 state=LEADING"
expect = ["server.1 state=LEADING"]
)");
  auto run = [](std::vector<std::string> args, std::string& out, std::string& err) {
    std::vector<char*> argv;
    for (auto& a : args) argv.push_back(a.data());
    std::ostringstream o, e;
    const int rc = cli::run_lab(static_cast<int>(argv.size()), argv.data(), o, e);
    out = o.str();
    err = e.str();
    return rc;
  };
  std::string out, err;
  EXPECT_EQ(run({"lab", "run", good}, out, err), 0) << err;
  EXPECT_NE(out.find("  Three servers, and 3 leads.\n  ok      server.3 state=LEADING\n"), std::string::npos) << out;
  EXPECT_NE(out.find("result: 1 of 1 checkpoints ok"), std::string::npos) << out;
  EXPECT_EQ(run({"lab", "run", good, "--lang", "zh-CN"}, out, err), 0) << err;
  EXPECT_NE(out.find("三台服务器，3 当选。"), std::string::npos) << out;
  EXPECT_EQ(run({"lab", "run", bad}, out, err), 1);
  EXPECT_NE(out.find("  FAILED: expected server.1 state=LEADING, got server.1 state=FOLLOWING leader=3"), std::string::npos) << out;
  EXPECT_EQ(run({"lab", "run", "/nonexistent/lab.toml"}, out, err), 2);
  EXPECT_NE(err.find("is neither a lab file nor the id of a shipped lab"), std::string::npos) << err;
  const std::string broken = temp_lab("zs_lab_broken.toml", std::string(kHeader) + "[[step]]\ndo = [\"crash 9\"]\n");
  EXPECT_EQ(run({"lab", "check", broken}, out, err), 2);
  EXPECT_NE(err.find("zs_lab_broken.toml:7:7: do \"crash 9\": there is no server 9 in this ensemble"), std::string::npos) << err;
  EXPECT_EQ(run({"lab", "check", good}, out, err), 0) << err;
  EXPECT_NE(out.find("ok (t, 1 steps, 1 checkpoints)"), std::string::npos) << out;
  EXPECT_EQ(run({"lab", "list"}, out, err), 0) << err;
  EXPECT_NE(out.find("five-in-order"), std::string::npos) << out;
  EXPECT_EQ(run({"lab", "list", "--lang", "zh-CN"}, out, err), 0) << err;
  EXPECT_NE(out.find("五台服务器依次启动"), std::string::npos) << out;
}

}  // namespace
}  // namespace zs::lab

namespace zs::lab {
namespace {

// Back returns to the pause as it was before the next step's actions: a zxid preset or a
// zkCli line that step 2 took is not there after going back from step 2 to step 1.
TEST(LabRunTest, BackUndoesTheStepsActions) {
  auto r = parse_lab(std::string(kHeader) + R"(start = [1, 2]
[[step]]
until = "server.2 state=LEADING"
[[step]]
do = ["zxid 3=0x100000009", "client 1: create /a x", "start 3"]
until = ["server.3 state=FOLLOWING", "console.1 has \"Created /a\""]
expect = ["server.3 state=FOLLOWING leader=2", "console.1 has \"Created /a\""]
)",
                     "t.toml");
  ASSERT_TRUE(r.ok()) << r.error().to_string();
  LabRun run(r.value());
  run.next();
  const std::uint64_t first_pause = run.run().events_processed();
  const StepOutcome& o = run.next();
  ASSERT_TRUE(o.ok()) << o.not_reached;
  run.back();
  EXPECT_EQ(run.position(), 1u);
  EXPECT_EQ(run.run().events_processed(), first_pause);
  EXPECT_EQ(run.run().sim().peer(3).last_processed_zxid, Zxid{}) << "the preset is step 2's";
  EXPECT_TRUE(run.run().consoles_on(1).empty()) << "the zkCli line is step 2's";
  EXPECT_FALSE(run.evaluate(parse_predicate("server.1 znode /a exists").value()).ok);
  EXPECT_TRUE(run.next().ok()) << "and step 2 plays again the same";
}

}  // namespace
}  // namespace zs::lab

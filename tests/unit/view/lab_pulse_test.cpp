// What a lab step points at in the Votes and Zab tabs (view/lab_pulse.hpp): derived from the
// step's conditions and focus, unless the step says it with `highlight` (explicit beats
// derived). Pure: steps read from TOML, no run.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "lab/lab.hpp"
#include "view/lab_pulse.hpp"

namespace zs::view {
namespace {

// The step's pulse as text, in order.
std::vector<std::string> pulse_of(const std::string& step_body) {
  auto r = lab::parse_lab(R"(id = "t"
title.en = "T"
title.zh-CN = "测试"
[ensemble]
servers = 3
[[step]]
)" + step_body,
                          "labs/t.toml");
  EXPECT_TRUE(r.ok()) << r.error().to_string();
  if (!r.ok()) return {};
  std::vector<std::string> out;
  for (const lab::Highlight& h : lab_pulse(r.value().steps[0])) out.push_back(lab::to_text(h));
  return out;
}

using Texts = std::vector<std::string>;

TEST(LabPulse, AnAckAndACommitOfAZxidPointAtItsZabRowAndCells) {
  EXPECT_EQ(pulse_of(R"(do = ["client 1: create /x hello"]
until = "console.1 has \"Created /x\""
focus = [1, 3]
expect = ["messages PROPOSAL from=3 to=1 zxid=0x100000003 before COMMIT = 1",
          "messages ACK from=1 to=3 zxid=0x100000003 before COMMIT = 1",
          "messages COMMIT from=3 to=1 zxid=0x100000003 >= 1",
          "server.1 znode /x data=\"hello\""]
)"),
            (Texts{"zab 0x100000003", "ack 0x100000003 1", "commit 0x100000003"}))
      << "the zxid named beats the newest row; the znode adds nothing more";
}

TEST(LabPulse, AnAckWithoutASenderPointsAtTheFocusServersCells) {
  EXPECT_EQ(pulse_of(R"(until = "messages ACK zxid=0x100000001 before COMMIT >= 1"
focus = [2, 3]
)"),
            (Texts{"zab 0x100000001", "ack 0x100000001 2", "ack 0x100000001 3"}));
}

TEST(LabPulse, AZnodeAfterAWritePointsAtTheNewestProposal) {
  EXPECT_EQ(pulse_of(R"(do = ["client 2: set /x v2"]
until = "server.2 znode /x data=\"v2\""
)"),
            (Texts{"zab last", "commit last"}));
  EXPECT_EQ(pulse_of(R"(do = ["write 1"]
until = ["time +500"]
expect = ["server.3 znode /zookeeper exists"]
)"),
            (Texts{"zab last", "commit last"}));
  EXPECT_TRUE(pulse_of(R"(do = ["client 2: get /x"]
until = "console.2 has \"/x\""
expect = ["server.2 znode /x missing"]
)").empty())
      << "a read proposes nothing";
}

TEST(LabPulse, AnElectionPointsAtTheFocusServersVotesAndRuleRows) {
  EXPECT_EQ(pulse_of(R"(do = ["start 3"]
until = ["server.2 state=LEADING", "server.3 state=FOLLOWING"]
focus = [2, 3]
)"),
            (Texts{"votes 2", "votes 3", "rule 2", "rule 3"}));
  EXPECT_EQ(pulse_of(R"(do = ["crash 1"]
until = ["server.2 state=LOOKING", "time +2000"]
focus = [2]
)"),
            (Texts{"votes 2", "rule 2"}))
      << "going back to LOOKING starts an election";
}

TEST(LabPulse, AStateCheckedAfterAWriteIsNotAnElection) {
  EXPECT_EQ(pulse_of(R"(do = ["client 1: ls /"]
until = ["console.1 has \"[zookeeper]\"", "time +500"]
expect = ["server.1 state=FOLLOWING zxid=0x100000002", "messages REQUEST from=1 to=3 = 1"]
)"),
            Texts{})
      << "only until's states make an election; REQUEST is not a proposal row";
  EXPECT_EQ(pulse_of(R"(do = ["crash 3"]
until = ["server.3 state=DOWN"]
)"),
            Texts{})
      << "a server going down is no election";
}

TEST(LabPulse, ANotificationBetweenTwoServersPointsAtItsVotesCell) {
  EXPECT_EQ(pulse_of(R"(until = ["messages notification from=1 to=2 >= 1"]
)"),
            (Texts{"votes 2 1"}))
      << "row = the receiver, column = the sender";
}

TEST(LabPulse, AnExplicitHighlightBeatsTheDerivedOne) {
  EXPECT_EQ(pulse_of(R"(do = ["start 3"]
until = ["server.2 state=LEADING", "server.3 state=FOLLOWING"]
focus = [2, 3]
highlight = ["rule 3", "votes 3 2"]
)"),
            (Texts{"rule 3", "votes 3 2"}));
}

TEST(LabPulse, TheShippedWritePathPointsAtTheCommittedWritesAckAndCommit) {
  auto lab = lab::load_lab(std::string(ZS_SOURCE_DIR) + "/labs/05-write-path.toml");
  ASSERT_TRUE(lab.ok()) << lab.error().to_string();
  ASSERT_GE(lab.value().steps.size(), 3u);
  Texts got;
  for (const lab::Highlight& h : lab_pulse(lab.value().steps[2])) got.push_back(lab::to_text(h));
  for (const char* want : {"zab 0x100000003", "ack 0x100000003 1", "commit 0x100000003"})
    EXPECT_NE(std::find(got.begin(), got.end(), want), got.end()) << want;
}

}  // namespace
}  // namespace zs::view

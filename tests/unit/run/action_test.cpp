// The action language (engine/run/action.hpp): every action reads back from its own text, the
// forms a teacher writes are understood, and every mistake is an error that quotes the word
// and shows a line that works.
#include "run/action.hpp"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace zs::run {
namespace {

Action parsed(const std::string& text) {
  auto a = parse_action(text);
  EXPECT_TRUE(a.ok()) << text << ": " << (a.ok() ? "" : a.error().to_string());
  return a.ok() ? a.value() : Action{HealAll{}};
}

std::string error_of(const std::string& text) {
  auto a = parse_action(text);
  EXPECT_FALSE(a.ok()) << text << " parsed as " << (a.ok() ? to_text(a.value()) : "");
  return a.ok() ? "" : a.error().to_string();
}

TEST(ActionLanguage, EveryActionReadsBackFromItsOwnText) {
  const std::vector<std::string> lines{
      "start 3",        "crash 3",         "restart 3",           "isolate 5",
      "heal",           "cut 1>2",         "heal 2>1",            "link 3>1 1500-1500",
      "link 1>2 1-5:20%", "link * 4000-8000:0.125", "partition 1,2|3,4,5", "partition 1|2|3",
      "loss 10%",       "loss 0.05",       "write 1",             "write 2 100",
      "client 1: create /zk_test my_data", "client 2: get -s /a@b", "kill-client 1", "zxid 1=0x100000005"};
  for (const std::string& line : lines) {
    const Action a = parsed(line);
    EXPECT_EQ(to_text(a), line);
    EXPECT_EQ(to_text(parsed(to_text(a))), line);
  }
}

TEST(ActionLanguage, TheWordsMeanWhatTheySay) {
  EXPECT_EQ(std::get<StartServer>(parsed("  start   4 ")).sid, 4);
  const auto p = std::get<Partition>(parsed("partition 1, 2 | 3,4,5"));
  ASSERT_EQ(p.groups.size(), 2u);
  EXPECT_EQ(p.groups[0], (std::vector<Sid>{1, 2}));
  EXPECT_EQ(p.groups[1], (std::vector<Sid>{3, 4, 5}));
  const auto l = std::get<SetLinkParams>(parsed("link 3>1 1500-2000"));
  EXPECT_EQ(l.from, 3);
  EXPECT_EQ(l.to, 1);
  EXPECT_EQ(l.latency_min_ms, 1500);
  EXPECT_EQ(l.latency_max_ms, 2000);
  EXPECT_FALSE(l.loss) << "no loss written: the link keeps the loss it has";
  const auto c = std::get<ConsoleLine>(parsed("client 2:   ls -R /"));
  EXPECT_EQ(c.sid, 2);
  EXPECT_EQ(c.line, "ls -R /");
  EXPECT_EQ(std::get<PresetZxid>(parsed("zxid 2=0x200000007")).zxid, Zxid::make(2, 7));
  EXPECT_EQ(std::get<WriteButton>(parsed("write 3 25")).count, 25);
}

TEST(ActionLanguage, ChancesKeepTheirScale) {
  // The window's loss slider works in whole percents, zooscope sim's flags in millionths; the
  // two draw different random numbers, so each keeps its own.
  const auto whole = parse_chance("10%");
  ASSERT_TRUE(whole.ok());
  EXPECT_EQ(whole.value().numerator, 10u);
  EXPECT_EQ(whole.value().denominator, 100u);
  const auto fine = parse_chance("10%", false);
  ASSERT_TRUE(fine.ok());
  EXPECT_EQ(fine.value().numerator, 100000u);
  EXPECT_EQ(fine.value().denominator, 1000000u);
  EXPECT_EQ(parse_chance("0.125").value().numerator, 125000u);
  EXPECT_EQ(parse_chance("12.5%").value().numerator, 125000u);
  EXPECT_EQ(chance_text(Ratio{125000, 1000000}), "0.125");
  EXPECT_EQ(chance_text(Ratio{10, 100}), "10%");
  EXPECT_FALSE(parse_chance("1.5").ok());
  EXPECT_FALSE(parse_chance("101%").ok());
  EXPECT_FALSE(parse_chance("-0.1").ok());
  EXPECT_FALSE(parse_chance("%").ok());
}

TEST(ActionLanguage, MistakesQuoteTheWordAndShowALineThatWorks) {
  EXPECT_NE(error_of("explode 3").find("\"explode\" is not an action"), std::string::npos);
  EXPECT_NE(error_of("crash").find("no server id"), std::string::npos);
  EXPECT_NE(error_of("crash three").find("\"three\" is not a server id"), std::string::npos);
  EXPECT_NE(error_of("crash 3 now").find("unexpected \"now\""), std::string::npos);
  EXPECT_NE(error_of("partition 1,2").find("at least two groups"), std::string::npos);
  EXPECT_NE(error_of("partition 1,2|2,3").find("server 2 is in two groups"), std::string::npos);
  EXPECT_NE(error_of("cut 1>1").find("two different servers"), std::string::npos);
  EXPECT_NE(error_of("link 3>1 10-5").find("is not MIN-MAX"), std::string::npos);
  EXPECT_NE(error_of("link 3>1 10-50:2").find("\"2\" is not a loss chance"), std::string::npos);
  EXPECT_NE(error_of("client 1 ls /").find("no colon"), std::string::npos);
  EXPECT_NE(error_of("client 1:").find("no zkCli command"), std::string::npos);
  EXPECT_NE(error_of("zxid 1=5").find("is not a zxid in hex"), std::string::npos);
  EXPECT_NE(error_of("write 1 0").find("is not a count of writes"), std::string::npos);
  EXPECT_NE(error_of("").find("an empty action"), std::string::npos);
  EXPECT_NE(error_of("crash 0").find("(fix: write it as, e.g., crash 3)"), std::string::npos);
}

TEST(ActionLanguage, ServersNamedAreListedForChecking) {
  EXPECT_EQ(sids_of(parsed("partition 1,2|3")), (std::vector<Sid>{1, 2, 3}));
  EXPECT_EQ(sids_of(parsed("cut 4>2")), (std::vector<Sid>{4, 2}));
  EXPECT_TRUE(sids_of(parsed("heal")).empty());
  EXPECT_TRUE(sids_of(parsed("link * 1-5")).empty());
}

}  // namespace
}  // namespace zs::run

// Java .properties reading (java.util.Properties.load); the expected values were checked
// against OpenJDK 17's Properties on the same inputs.
#include "config/properties.hpp"

#include <gtest/gtest.h>

namespace zs::config {
namespace {

std::vector<PropertyEntry> read(std::string_view text) {
  auto r = read_properties(text, "zoo.cfg");
  EXPECT_TRUE(r.ok());
  return r.ok() ? r.value() : std::vector<PropertyEntry>{};
}

TEST(ConfigProperties, SeparatorsAndTrailingWhitespaceKept) {
  auto e = read("a=v  \nb = = v\nc==v\nd   v  w\ne:v\nf: x\n");
  ASSERT_EQ(e.size(), 6u);
  EXPECT_EQ(e[0].key, "a");
  EXPECT_EQ(e[0].value, "v  ");  // trailing spaces stay: the loader never trims the value end
  EXPECT_EQ(e[1].value, "= v");  // only one separator is skipped
  EXPECT_EQ(e[2].value, "=v");
  EXPECT_EQ(e[3].key, "d");
  EXPECT_EQ(e[3].value, "v  w");
  EXPECT_EQ(e[4].value, "v");
  EXPECT_EQ(e[5].value, "x");
}

TEST(ConfigProperties, CommentsAndBlankLinesAreSkippedWithLineNumbersKept) {
  auto e = read("# comment\n  ! another\n\n   \ntickTime=2000\n\tinitLimit 10\n");
  ASSERT_EQ(e.size(), 2u);
  EXPECT_EQ(e[0].key, "tickTime");
  EXPECT_EQ(e[0].line, 5);
  EXPECT_EQ(e[1].key, "initLimit");
  EXPECT_EQ(e[1].value, "10");
  EXPECT_EQ(e[1].line, 6);
}

TEST(ConfigProperties, ContinuationJoinsLinesAndSkipsLeadingWhitespace) {
  auto e = read("k=a\\\n   b\nnext=1\n");
  ASSERT_EQ(e.size(), 2u);
  EXPECT_EQ(e[0].value, "ab");
  EXPECT_EQ(e[0].line, 1);
  EXPECT_EQ(e[1].key, "next");
  EXPECT_EQ(e[1].line, 3);
}

TEST(ConfigProperties, ContinuationIntoEmptyLineEndsTheEntry) {
  auto e = read("k=a\\\n\nz=1\n");
  ASSERT_EQ(e.size(), 2u);
  EXPECT_EQ(e[0].value, "a");
  EXPECT_EQ(e[1].key, "z");
}

TEST(ConfigProperties, CommentLineIsNeverContinued) {
  auto e = read("# c \\\nk=v\n");
  ASSERT_EQ(e.size(), 1u);
  EXPECT_EQ(e[0].key, "k");
}

TEST(ConfigProperties, EvenBackslashesDoNotContinue) {
  auto e = read("k=a\\\\\nz=1\n");
  ASSERT_EQ(e.size(), 2u);
  EXPECT_EQ(e[0].value, "a\\");
}

TEST(ConfigProperties, OddBackslashesContinueAfterTheEscapedOne) {
  auto e = read("k=a\\\\\\\n  b\n");
  ASSERT_EQ(e.size(), 1u);
  EXPECT_EQ(e[0].value, "a\\b");
}

TEST(ConfigProperties, FinalBackslashAtEndOfFileIsDropped) {
  auto e = read("k=a\\");
  ASSERT_EQ(e.size(), 1u);
  EXPECT_EQ(e[0].value, "a");
}

TEST(ConfigProperties, EscapedSpaceBelongsToTheKey) {
  auto e = read("k\\ x=v\n");
  ASSERT_EQ(e.size(), 1u);
  EXPECT_EQ(e[0].key, "k x");
}

TEST(ConfigProperties, SingleBackslashesVanishAndAreReported) {
  auto e = read("dataDir=D:\\IdeaProjects\\zk\n");
  ASSERT_EQ(e.size(), 1u);
  EXPECT_EQ(e[0].value, "D:IdeaProjectszk");
  EXPECT_EQ(e[0].surprising_escape, "\\I");
}

TEST(ConfigProperties, DoubledBackslashesGiveOneAndAreOrdinary) {
  auto e = read("dataDir=D:\\\\IdeaProjects\\\\zk\n");
  ASSERT_EQ(e.size(), 1u);
  EXPECT_EQ(e[0].value, "D:\\IdeaProjects\\zk");
  EXPECT_EQ(e[0].surprising_escape, "");
}

TEST(ConfigProperties, ControlAndUnicodeEscapes) {
  auto e = read("a=\\tx\nb=a\\u0041b\nc=caf\\u00e9\nd=D\\:/x\n");
  ASSERT_EQ(e.size(), 4u);
  EXPECT_EQ(e[0].value, "\tx");
  EXPECT_EQ(e[0].surprising_escape, "\\t");
  EXPECT_EQ(e[1].value, "aAb");
  EXPECT_EQ(e[1].surprising_escape, "");
  EXPECT_EQ(e[2].value, "caf\xC3\xA9");
  EXPECT_EQ(e[3].value, "D:/x");
  EXPECT_EQ(e[3].surprising_escape, "");
}

TEST(ConfigProperties, CrLfAndCrLineEnds) {
  auto e = read("a=1\r\nb=2\rc=3");
  ASSERT_EQ(e.size(), 3u);
  EXPECT_EQ(e[0].value, "1");
  EXPECT_EQ(e[1].value, "2");
  EXPECT_EQ(e[1].line, 2);
  EXPECT_EQ(e[2].value, "3");
  EXPECT_EQ(e[2].line, 3);
}

TEST(ConfigProperties, DuplicatesAreAllReturnedInOrder) {
  auto e = read("k=1\nk=2\n");
  ASSERT_EQ(e.size(), 2u);
  EXPECT_EQ(e[0].value, "1");
  EXPECT_EQ(e[1].value, "2");
}

TEST(ConfigProperties, MalformedUnicodeEscapeFailsLikeJava) {
  auto r = read_properties("x=1\nk=\\u00zz\n", "zoo.cfg");
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().file, "zoo.cfg");
  EXPECT_EQ(r.error().line, 2);
  EXPECT_EQ(r.error().message, "Malformed \\uxxxx encoding.");
}

}  // namespace
}  // namespace zs::config

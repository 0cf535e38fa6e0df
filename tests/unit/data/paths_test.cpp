// PathUtils.validatePath rules, one by one (reference §4.1).
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "data/paths.hpp"

namespace zs {
namespace {

TEST(PathUtils, RootAndPlainPathsAreValid) {
  EXPECT_EQ(validate_path("/"), Code::Ok);
  EXPECT_EQ(validate_path("/a"), Code::Ok);
  EXPECT_EQ(validate_path("/app/config"), Code::Ok);
  EXPECT_EQ(validate_path("/q/0000000000"), Code::Ok);
}

TEST(PathUtils, MustBeNonEmptyAndStartWithSlash) {
  EXPECT_EQ(validate_path(""), Code::BadArguments);
  EXPECT_EQ(validate_path("a"), Code::BadArguments);
  EXPECT_EQ(validate_path("a/b"), Code::BadArguments);
}

TEST(PathUtils, NoTrailingSlashExceptRoot) {
  EXPECT_EQ(validate_path("/a/"), Code::BadArguments);
  EXPECT_EQ(validate_path("/a/b/"), Code::BadArguments);
}

TEST(PathUtils, NoEmptySegment) {
  EXPECT_EQ(validate_path("//"), Code::BadArguments);
  EXPECT_EQ(validate_path("/a//b"), Code::BadArguments);
}

TEST(PathUtils, NoDotOrDotDotSegment) {
  EXPECT_EQ(validate_path("/."), Code::BadArguments);
  EXPECT_EQ(validate_path("/.."), Code::BadArguments);
  EXPECT_EQ(validate_path("/a/./b"), Code::BadArguments);
  EXPECT_EQ(validate_path("/a/../b"), Code::BadArguments);
  EXPECT_EQ(validate_path("/a/.."), Code::BadArguments);
  // Dots inside a name are fine.
  EXPECT_EQ(validate_path("/a.b"), Code::Ok);
  EXPECT_EQ(validate_path("/.a"), Code::Ok);
  EXPECT_EQ(validate_path("/..a"), Code::Ok);
  EXPECT_EQ(validate_path("/a.."), Code::Ok);
  EXPECT_EQ(validate_path("/..."), Code::Ok);
}

TEST(PathUtils, NoNulCharacter) {
  EXPECT_EQ(validate_path(std::string("/a\0b", 4)), Code::BadArguments);
}

TEST(PathUtils, NoControlCharacters) {
  EXPECT_EQ(validate_path("/a\x01"), Code::BadArguments);
  EXPECT_EQ(validate_path("/a\x1f"), Code::BadArguments);
  EXPECT_EQ(validate_path("/a\x7f"), Code::BadArguments);
  EXPECT_EQ(validate_path("/a\xc2\x80"), Code::BadArguments);  // U+0080
  EXPECT_EQ(validate_path("/a\xc2\x9f"), Code::BadArguments);  // U+009F
  EXPECT_EQ(validate_path("/a\xc2\xa0"), Code::Ok);            // U+00A0
  EXPECT_EQ(validate_path("/a b"), Code::Ok);
}

TEST(PathUtils, NoSurrogatesPrivateUseOrSpecials) {
  EXPECT_EQ(validate_path("/\xee\x80\x80"), Code::BadArguments);      // U+E000 private use
  EXPECT_EQ(validate_path("/\xef\xa3\xbf"), Code::BadArguments);      // U+F8FF
  EXPECT_EQ(validate_path("/\xef\xa4\x80"), Code::Ok);                // U+F900
  EXPECT_EQ(validate_path("/\xef\xbf\xb0"), Code::BadArguments);      // U+FFF0
  EXPECT_EQ(validate_path("/\xf0\x9f\x98\x80"), Code::BadArguments);  // U+1F600: a surrogate pair in Java
  EXPECT_EQ(validate_path("/\xc3\xa9t\xc3\xa9"), Code::Ok);           // "été"
  EXPECT_EQ(validate_path("/\xff"), Code::BadArguments);              // not UTF-8
}

TEST(PathUtils, ParentAndName) {
  EXPECT_EQ(parent_path("/a/b"), "/a");
  EXPECT_EQ(parent_path("/a"), "");
  EXPECT_EQ(node_name("/a/b"), "b");
}

// The tree lists a node's children by walking its path map in order, so PathLess must
// order exactly as std::string does: bytes as unsigned (UTF-8 after ASCII), a prefix
// first, differences found in any of the eight-byte words or in the tail.
TEST(PathUtils, PathLessOrdersAsStdString) {
  const std::vector<std::string> paths = {
      "", "/", "/a", "/a/b", "/a-b", "/a0", "/ab", "/zookeeper", "/zookeeper/quota",
      "/bench/0000000001", "/bench/0000000010", "/bench/00000000010", "/bench/000000001",
      "/bench/0000000001/x", "/\xc3\xa9t\xc3\xa9", "/\xe4\xb8\xad\xe6\x96\x87", "/~",
      "/12345678", "/12345679", "/1234567", "/123456789abcdefg", "/123456789abcdefh",
      std::string("/a\x7f", 3), std::string("/a\x80", 3)};
  const PathLess less;
  for (const auto& a : paths)
    for (const auto& b : paths)
      EXPECT_EQ(less(a, b), a < b) << '"' << a << "\" vs \"" << b << '"';
}

}  // namespace
}  // namespace zs

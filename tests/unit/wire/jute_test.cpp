// The jute Writer / Reader and the client port's framing, from byte arrays: big-endian
// values, -1 = null, and bounds checks that fail with the field and offset instead of
// reading past the end or allocating what a length field claims.
#include "wire/jute.hpp"

#include <gtest/gtest.h>

#include <string>

namespace zs::wire {
namespace {

std::string bytes(std::initializer_list<int> b) {
  std::string s;
  for (int v : b) s.push_back(static_cast<char>(v));
  return s;
}

TEST(WireJute, WriterIsBigEndianWithLengthPrefixes) {
  Writer w;
  w.int32(0x01020304);
  w.int64(-2);
  w.boolean(true);
  w.ustring("ab");
  w.null();
  EXPECT_EQ(w.bytes(), bytes({1, 2, 3, 4, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xfe,
                              1, 0, 0, 0, 2,    'a',  'b',  0xff, 0xff, 0xff, 0xff}));
}

TEST(WireJute, ReaderReadsWhatWriterWrote) {
  Writer w;
  w.int32(-7);
  w.int64(0x123456789abcdef0LL);
  w.boolean(false);
  w.ustring("");
  w.null();
  w.buffer(std::string("\0x", 2));
  Reader r(w.bytes());
  EXPECT_EQ(r.int32("a"), -7);
  EXPECT_EQ(r.int64("b"), 0x123456789abcdef0LL);
  EXPECT_FALSE(r.boolean("c"));
  EXPECT_EQ(r.nullable_string("d"), std::optional<std::string>(""));
  EXPECT_EQ(r.nullable_string("e"), std::nullopt) << "-1 is null, not empty";
  EXPECT_EQ(r.ustring("f"), std::string("\0x", 2));
  EXPECT_TRUE(r.ok());
  EXPECT_EQ(r.remaining(), 0u);
}

TEST(WireJute, TruncatedValueNamesFieldAndOffset) {
  const std::string in = bytes({0, 0, 0, 1, 0, 0});  // the Reader views it: it must outlive it
  Reader r(in);
  EXPECT_EQ(r.int32("xid"), 1);
  EXPECT_EQ(r.int64("zxid"), 0);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().message, "zxid at offset 4: needs 8 bytes, 2 left");
  // Sticky: later reads do not overwrite the first error.
  r.int32("err");
  EXPECT_EQ(r.error().message, "zxid at offset 4: needs 8 bytes, 2 left");
}

TEST(WireJute, StringLongerThanInputIsAnError) {
  const std::string in = bytes({0x7f, 0xff, 0xff, 0xff, 'a', 'b'});
  Reader r(in);
  EXPECT_EQ(r.nullable_string("path"), std::nullopt);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().message, "path at offset 0: length 2147483647 exceeds the 2 bytes left");
  const std::string n_in = bytes({0xff, 0xff, 0xff, 0xfe});
  Reader n(n_in);
  n.ustring("data");
  EXPECT_NE(n.error().message.find("negative length -2"), std::string::npos);
}

TEST(WireJute, HugeVectorCountFailsBeforeAnyAllocation) {
  // 2^31-1 items announced, 10 bytes left: rejected by the count check itself.
  std::string in = bytes({0x7f, 0xff, 0xff, 0xff});
  in += std::string(10, 'x');
  Reader r(in);
  EXPECT_EQ(r.count("children", 4), 0);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().message,
            "children at offset 0: count 2147483647 cannot fit in the 10 bytes left");
  bool null = false;
  const std::string m_in = bytes({0xff, 0xff, 0xff, 0xff});
  Reader m(m_in);
  EXPECT_EQ(m.count("acl", 12, &null), 0);
  EXPECT_TRUE(m.ok());
  EXPECT_TRUE(null);
  const std::string neg_in = bytes({0x80, 0, 0, 0});
  Reader neg(neg_in);
  neg.count("acl", 12);
  EXPECT_NE(neg.error().message.find("negative count"), std::string::npos);
}

TEST(WireJute, FrameAndSplitterRoundTripByteByByte) {
  const std::string stream = frame("hello") + frame("") + frame(std::string(300, 'z'));
  FrameSplitter s;
  std::vector<std::string> got;
  for (char c : stream) {
    s.feed(std::string_view(&c, 1));
    while (true) {
      auto f = s.next();
      ASSERT_TRUE(f.ok());
      if (!f.value()) break;
      got.push_back(*f.value());
    }
  }
  ASSERT_EQ(got.size(), 3u);
  EXPECT_EQ(got[0], "hello");
  EXPECT_EQ(got[1], "");
  EXPECT_EQ(got[2], std::string(300, 'z'));
  EXPECT_EQ(s.buffered(), 0u);
}

TEST(WireJute, SplitterRejectsHugeAndNegativeLengthsWithoutWaitingForThem) {
  FrameSplitter s;
  s.feed(bytes({0x7f, 0xff, 0xff, 0xff}));
  auto f = s.next();
  ASSERT_FALSE(f.ok());
  EXPECT_EQ(f.error().message,
            "frame length 2147483647 exceeds 1048575+4096 (jute.maxbuffer + reply headers)");
  EXPECT_FALSE(s.next().ok()) << "the error is sticky: the connection is unusable";
  FrameSplitter n;
  n.feed(bytes({0xff, 0xff, 0xff, 0xf0}));
  EXPECT_NE(n.next().error().message.find("frame length -16 is negative"), std::string::npos);
  FrameSplitter small(10);
  small.feed(frame(std::string(11, 'x')));
  EXPECT_NE(small.next().error().message.find("exceeds the maximum 10"), std::string::npos);
  FrameSplitter edge;
  edge.feed(frame(std::string(kJuteMaxBuffer + kFrameMargin, 'x')));
  auto big = edge.next();
  ASSERT_TRUE(big.ok()) << "the largest allowed frame passes";
  EXPECT_EQ(big.value()->size(), kJuteMaxBuffer + kFrameMargin);
}

}  // namespace
}  // namespace zs::wire

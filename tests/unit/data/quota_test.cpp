// StatsTrack's text (data/quota.hpp) as ZooKeeper 3.8.0 writes and reads it in the quota
// nodes, and the data tree keeping a quota's stats node.
#include <gtest/gtest.h>

#include "data/data_tree.hpp"
#include "data/quota.hpp"

namespace zs::quota {
namespace {

TEST(StatsTrack, WritesCountAndBytesFirstThenTheOtherKeysInOrder) {
  StatsTrack t;
  t.set_count(5);
  t.set_bytes(-1);
  t.set_count_hard_limit(-1);
  t.set_byte_hard_limit(-1);
  // What real setquota -n 5 stores (docs/zookeeper-notes.md).
  EXPECT_EQ(t.text(), "count=5,bytes=-1=;byteHardLimit=-1;countHardLimit=-1");
  StatsTrack only;
  only.set_bytes(0);
  only.set_count(3);
  EXPECT_EQ(only.text(), "count=3,bytes=0");
  EXPECT_EQ(StatsTrack().text(), "count=-1,bytes=-1");
}

TEST(StatsTrack, ReadsWhatItWrites) {
  const StatsTrack t("count=5,bytes=-1=;byteHardLimit=7;countHardLimit=-1");
  EXPECT_EQ(t.count(), 5);
  EXPECT_EQ(t.bytes(), -1);
  EXPECT_EQ(t.byte_hard_limit(), 7);
  EXPECT_EQ(t.count_hard_limit(), -1);
  EXPECT_EQ(t.text(), "count=5,bytes=-1=;byteHardLimit=7;countHardLimit=-1");
  // The pre-3.7 form.
  EXPECT_EQ(StatsTrack("count=2,bytes=10").text(), "count=2,bytes=10");
}

}  // namespace
}  // namespace zs::quota

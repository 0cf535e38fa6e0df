// LearnerHandler.syncFollower's rules with an empty committed log (reference §3.4).
#include <gtest/gtest.h>

#include "peer/quorum_peer.hpp"

namespace zs {
namespace {

TEST(SyncDecision, EqualZxidGetsAnEmptyDiff) {
  const auto d = choose_sync(Zxid(0x0), Zxid(0x0));
  EXPECT_EQ(d.mode, SyncMode::Diff);
  EXPECT_EQ(d.zxid, Zxid(0x0));
  EXPECT_EQ(choose_sync(Zxid(0x100000017), Zxid(0x100000017)).mode, SyncMode::Diff);
}

TEST(SyncDecision, PeerAheadWithARealTxnIsTruncatedToTheLeader) {
  const auto d = choose_sync(Zxid(0x100000009), Zxid(0x100000004));
  EXPECT_EQ(d.mode, SyncMode::Trunc);
  EXPECT_EQ(d.zxid, Zxid(0x100000004));
}

TEST(SyncDecision, PeerAheadOnlyByAnEpochStartIsNotTruncated) {
  // A zxid with counter 0 was never a transaction (isPeerNewEpochZxid).
  EXPECT_EQ(choose_sync(Zxid(0x200000000), Zxid(0x100000004)).mode, SyncMode::Snap);
}

TEST(SyncDecision, PeerBehindGetsASnapshotOfTheLeadersDatabase) {
  // Real example E: peer 0x0, nothing in any log starts at zxid 0 -> SNAP.
  const auto d = choose_sync(Zxid(0x0), Zxid(0x100000000));
  EXPECT_EQ(d.mode, SyncMode::Snap);
  EXPECT_EQ(d.zxid, Zxid(0x100000000));
}

}  // namespace
}  // namespace zs

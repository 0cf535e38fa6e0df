// LearnerHandler.syncFollower + queueCommittedProposals (reference §3.4): which packet a
// learner gets, and which committed txns follow it.
#include <gtest/gtest.h>

#include <deque>
#include <vector>

#include "peer/sync_plan.hpp"

namespace zs {
namespace {

// A committed log holding these zxids (payload refs are just the index + 1).
std::deque<LoggedTxn> log_of(std::initializer_list<std::int64_t> zxids) {
  std::deque<LoggedTxn> log;
  PayloadRef ref = 1;
  for (std::int64_t z : zxids) log.push_back(LoggedTxn{Zxid(z), ref++});
  return log;
}

std::vector<std::int64_t> zxids(const std::vector<LoggedTxn>& v) {
  std::vector<std::int64_t> out;
  for (const auto& t : v) out.push_back(t.zxid.raw());
  return out;
}

const std::deque<LoggedTxn> kEmpty;

TEST(SyncDecision, EqualZxidGetsAnEmptyDiff) {
  const auto d = plan_sync(Zxid(0x0), Zxid(0x0), kEmpty);
  EXPECT_EQ(d.mode, SyncMode::Diff);
  EXPECT_EQ(d.zxid, Zxid(0x0));
  EXPECT_TRUE(d.proposals.empty());
  const auto log = log_of({0x100000001, 0x100000002});
  EXPECT_EQ(plan_sync(Zxid(0x100000002), Zxid(0x100000002), log).mode, SyncMode::Diff);
}

TEST(SyncDecision, PeerAheadOfTheCommittedLogIsTruncatedToItsEnd) {
  const auto d = plan_sync(Zxid(0x100000009), Zxid(0x100000004), kEmpty);
  EXPECT_EQ(d.mode, SyncMode::Trunc);
  EXPECT_EQ(d.zxid, Zxid(0x100000004));
  const auto log = log_of({0x100000001, 0x100000002, 0x100000003});
  const auto t = plan_sync(Zxid(0x100000005), Zxid(0x200000000), log);
  EXPECT_EQ(t.mode, SyncMode::Trunc);
  EXPECT_EQ(t.zxid, Zxid(0x100000003));
  EXPECT_TRUE(t.proposals.empty());
}

TEST(SyncDecision, PeerAheadOnlyByAnEpochStartIsNotTruncated) {
  // A zxid with counter 0 was never a transaction (isPeerNewEpochZxid).
  EXPECT_EQ(plan_sync(Zxid(0x200000000), Zxid(0x100000004), kEmpty).mode, SyncMode::Snap);
}

TEST(SyncDecision, PeerBehindAnEmptyCommittedLogGetsASnapshot) {
  // Real example E: peer 0x0, nothing in any log starts at zxid 0 -> SNAP.
  const auto d = plan_sync(Zxid(0x0), Zxid(0x100000000), kEmpty);
  EXPECT_EQ(d.mode, SyncMode::Snap);
  EXPECT_EQ(d.zxid, Zxid(0x100000000));
}

TEST(SyncDecision, PeerInsideTheCommittedLogGetsADiffWithTheTxnsItLacks) {
  const auto log = log_of({0x100000001, 0x100000002, 0x100000003, 0x100000004});
  const auto d = plan_sync(Zxid(0x100000002), Zxid(0x100000004), log);
  EXPECT_EQ(d.mode, SyncMode::Diff);
  EXPECT_EQ(d.zxid, Zxid(0x100000004));  // DIFF carries maxCommittedLog
  EXPECT_EQ(zxids(d.proposals), (std::vector<std::int64_t>{0x100000003, 0x100000004}));
  EXPECT_EQ(d.forwarded_from, Zxid(0x100000004));
}

TEST(SyncDecision, PeerAtAnEpochStartInsideTheLogGetsADiffOfEverythingAfter) {
  // Real example: an early follower stays at 0x0... here one at 0x200000000 while the
  // leader committed txns of epoch 2.
  const auto log = log_of({0x100000005, 0x200000001, 0x200000002});
  const auto d = plan_sync(Zxid(0x200000000), Zxid(0x200000002), log);
  EXPECT_EQ(d.mode, SyncMode::Diff);
  EXPECT_EQ(zxids(d.proposals), (std::vector<std::int64_t>{0x200000001, 0x200000002}));
}

TEST(SyncDecision, PeerWithAnUncommittedTxnOfTheSameEpochIsTruncatedToTheLastCommonOne) {
  // The peer logged 0x100000003 but the leader's history went 0x100000002 -> 0x200000001.
  // Peer 0x100000003 lies inside [min, max]; the first entry above it crosses the epoch.
  const auto cross = plan_sync(Zxid(0x100000003), Zxid(0x200000001),
                               log_of({0x100000001, 0x100000002, 0x200000001}));
  EXPECT_EQ(cross.mode, SyncMode::Snap);
  EXPECT_TRUE(cross.trunc_crossed_epoch);
  EXPECT_TRUE(cross.proposals.empty());
  // Within one epoch: TRUNC to the previous entry, then the rest.
  const auto log = log_of({0x100000001, 0x100000002, 0x100000004, 0x100000005});
  const auto d = plan_sync(Zxid(0x100000003), Zxid(0x100000005), log);
  EXPECT_EQ(d.mode, SyncMode::Trunc);
  EXPECT_EQ(d.zxid, Zxid(0x100000002));
  EXPECT_EQ(zxids(d.proposals), (std::vector<std::int64_t>{0x100000004, 0x100000005}));
}

TEST(SyncDecision, PeerOlderThanTheCommittedLogGetsASnapshot) {
  const auto log = log_of({0x100000010, 0x100000011});
  const auto d = plan_sync(Zxid(0x100000002), Zxid(0x100000011), log);
  EXPECT_EQ(d.mode, SyncMode::Snap);
  EXPECT_EQ(d.zxid, Zxid(0x100000011));
  EXPECT_EQ(d.forwarded_from, Zxid(0x100000011));
}

}  // namespace
}  // namespace zs

// Session ids, timeouts and expiry as ZooKeeper 3.8's SessionTrackerImpl/ExpiryQueue (§5).
#include "session/session_tracker.hpp"

#include <gtest/gtest.h>

namespace zs {
namespace {

TEST(SessionId, MatchesRealServersIds) {
  // samples/runs: 0x100009e53690000 on server 1, 0x30000a4b99a0000 on server 3.
  EXPECT_EQ(initial_session_id(1, 0x9e5369), 0x100009e53690000LL);
  EXPECT_EQ(initial_session_id(3, 0xa4b99a), 0x30000a4b99a0000LL);
}

TEST(SessionId, KeepsOnlyTheLow40BitsOfTheClockAndTheSidInTheTopByte) {
  const std::int64_t id = initial_session_id(2, (Ms{1} << 41) + 5);
  EXPECT_EQ(static_cast<std::uint64_t>(id) >> 56, 2u);
  EXPECT_EQ((static_cast<std::uint64_t>(id) >> 16) & 0xffffffffffULL, 5u);
  EXPECT_EQ(id & 0xffff, 0);
}

TEST(SessionId, NextSessionsCountUpFromTheFirst) {
  SessionTracker t(1, 2000, 0x9e5369);
  EXPECT_EQ(t.create_session(10000, 0x9e5369), 0x100009e53690000LL);
  EXPECT_EQ(t.create_session(10000, 0x9e5369), 0x100009e53690001LL);
}

TEST(SessionTimeout, ClampedToTwoAndTwentyTicks) {
  // tickTime 2000: kazoo asked 10000 and got 10000; the bounds are 4000..40000.
  EXPECT_EQ(negotiate_timeout(10000, 4000, 40000), 10000);
  EXPECT_EQ(negotiate_timeout(1000, 4000, 40000), 4000);
  EXPECT_EQ(negotiate_timeout(100000, 4000, 40000), 40000);
}

TEST(SessionPassword, IsJavaUtilRandomOfTheIdXorB3415C00) {
  // Computed with Java 17: new java.util.Random(0x100009e53690000L ^ 0xB3415C00L).nextBytes(b)
  const std::array<std::uint8_t, 16> expected{0xbd, 0xdb, 0xa5, 0xd7, 0x06, 0x8f, 0xdb, 0x19,
                                              0x63, 0x15, 0x84, 0xfa, 0xbf, 0x55, 0x5a, 0x7c};
  EXPECT_EQ(session_password(0x100009e53690000LL), expected);
}

TEST(SessionExpiry, ExpiresInTheTickBucketAfterTheTimeout) {
  // Touched at 1000 with timeout 10000, tickTime 2000: bucket ((11000 / 2000) + 1) * 2000.
  SessionTracker t(1, 2000, 0);
  const std::int64_t id = t.create_session(10000, 1000);
  EXPECT_TRUE(t.expire(11999).empty());
  const auto gone = t.expire(12000);
  ASSERT_EQ(gone.size(), 1u);
  EXPECT_EQ(gone[0].id, id);
  EXPECT_TRUE(gone[0].closing);
  EXPECT_FALSE(t.touch(id, 12001)) << "a closing session can no longer be touched";
}

TEST(SessionExpiry, ExpiryComesTimeoutToTimeoutPlusATickAfterLastActivity) {
  for (Ms last = 0; last < 4000; last += 250) {
    SessionTracker t(1, 2000, 0);
    const std::int64_t id = t.create_session(10000, 0);
    ASSERT_TRUE(t.touch(id, last));
    Ms when = -1;
    for (Ms now = last; now <= last + 20000 && when < 0; now += 1)
      if (!t.expire(now).empty()) when = now;
    EXPECT_GT(when - last, 10000 - 1) << "last activity " << last;
    EXPECT_LE(when - last, 10000 + 2000) << "last activity " << last;
  }
}

TEST(SessionExpiry, TouchingKeepsASessionAlive) {
  SessionTracker t(1, 2000, 0);
  const std::int64_t id = t.create_session(4000, 0);
  for (Ms now = 1000; now <= 60000; now += 1000) {
    ASSERT_TRUE(t.touch(id, now));
    ASSERT_TRUE(t.expire(now).empty()) << now;
  }
  EXPECT_FALSE(t.expire(70000).empty());
}

TEST(SessionExpiry, RemovedSessionNeverExpires) {
  SessionTracker t(1, 2000, 0);
  const std::int64_t id = t.create_session(4000, 0);
  t.remove(id);
  EXPECT_TRUE(t.expire(100000).empty());
  EXPECT_EQ(t.find(id), nullptr);
}

TEST(ExpiryQueue, PollHandsOutOneBucketPerCallAndCatchesUp) {
  ExpiryQueue q(2000, 0);
  q.update(1, 1000, 0);  // bucket 2000
  q.update(2, 3000, 0);  // bucket 4000
  EXPECT_EQ(q.poll(1999), std::vector<std::int64_t>{});
  EXPECT_EQ(q.poll(9000), std::vector<std::int64_t>{1});
  EXPECT_EQ(q.poll(9000), std::vector<std::int64_t>{2});
  EXPECT_EQ(q.next_expiration(), 6000);
}

TEST(ExpiryQueue, UpdateWithinTheSameBucketChangesNothing) {
  ExpiryQueue q(2000, 0);
  EXPECT_EQ(q.update(7, 3000, 0), Ms{4000});
  EXPECT_EQ(q.update(7, 3000, 500), std::nullopt);
  EXPECT_EQ(q.update(7, 3000, 1000), Ms{6000});
}

}  // namespace
}  // namespace zs

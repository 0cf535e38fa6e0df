// The roster's quorum verifier: QuorumMaj (reference §1, Q/flexible/QuorumMaj.java
// containsQuorum), and the sid-bit sets trace events use.
#include "election/roster.hpp"

#include <gtest/gtest.h>

#include "config/config.hpp"

namespace zs {
namespace {

SidMask mask_of(const Roster& r, std::initializer_list<Sid> sids) {
  SidMask m = 0;
  for (Sid s : sids) m |= r.bit(s);
  return m;
}

TEST(Roster, QuorumMajNeedsMoreThanHalfOfTheVoters) {
  // Reference §1: 3 -> 2, 4 -> 3, 5 -> 3.
  for (auto [voters, size] : {std::pair{1, 1}, {2, 2}, {3, 2}, {4, 3}, {5, 3}, {7, 4}}) {
    const auto cfg = config::default_ensemble(voters);
    const Roster r(cfg);
    EXPECT_EQ(r.quorum_size(), size) << voters << " voters";
    EXPECT_EQ(Roster::majority_size(voters), size) << voters << " voters";
  }
  const auto cfg = config::default_ensemble(4);
  const Roster r(cfg);
  EXPECT_FALSE(r.is_quorum(mask_of(r, {1, 2})));  // half is not more than half
  EXPECT_TRUE(r.is_quorum(mask_of(r, {1, 2, 4})));
  EXPECT_FALSE(r.is_quorum(0));
}

TEST(Roster, ObserversNeverCountTowardsAQuorum) {
  // Leader.java#L1423 (SyncedLearnerTracker counts voting members only).
  const auto cfg = config::default_ensemble(3, 2);  // 1-3 vote, 4 and 5 observe
  const Roster r(cfg);
  EXPECT_EQ(r.voter_count(), 3);
  EXPECT_EQ(r.quorum_size(), 2);
  EXPECT_FALSE(r.is_quorum(mask_of(r, {1, 4, 5})));
  EXPECT_TRUE(r.is_quorum(mask_of(r, {1, 2})));
}

TEST(Roster, SidBitsConvertBothWaysWithSparseSids) {
  config::EnsembleConfig cfg = config::default_ensemble(3);
  cfg.servers[0].sid = 2;
  cfg.servers[1].sid = 7;
  cfg.servers[2].sid = 9;
  const Roster r(cfg);
  const std::uint64_t sid_bits = (std::uint64_t{1} << 6) | (std::uint64_t{1} << 8);  // 7 and 9
  EXPECT_EQ(r.from_sid_bits(sid_bits), mask_of(r, {7, 9}));
  EXPECT_EQ(r.to_sid_bits(mask_of(r, {7, 9})), sid_bits);
  EXPECT_TRUE(r.is_quorum(r.from_sid_bits(sid_bits)));
  EXPECT_EQ(r.from_sid_bits(std::uint64_t{1} << 0), 0U);  // sid 1 is not a member
}

}  // namespace
}  // namespace zs

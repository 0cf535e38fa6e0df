// The ensemble's members as dense indices, so sets of servers are bit masks.
#pragma once

#include <bit>
#include <cstdint>
#include <vector>

#include "core/ensemble.hpp"
#include "core/types.hpp"

namespace zs {

using SidMask = std::uint64_t;  // bit i = the server at index i of Roster::sids
inline constexpr int kMaxServers = 64;

class Roster {
 public:
  explicit Roster(const config::EnsembleConfig& cfg);
  const config::EnsembleConfig& config() const { return *cfg_; }
  int size() const { return static_cast<int>(sids_.size()); }
  Sid sid_at(int index) const { return sids_[static_cast<std::size_t>(index)]; }
  // -1 when the sid is not a member.
  int index_of(Sid sid) const {
    if (sid >= 0 && sid < static_cast<Sid>(by_sid_.size())) return by_sid_[static_cast<std::size_t>(sid)];
    for (int i = 0; i < size(); ++i)
      if (sids_[static_cast<std::size_t>(i)] == sid) return i;
    return -1;
  }
  bool is_member(Sid sid) const { return index_of(sid) >= 0; }
  bool is_voter(Sid sid) const {
    const int i = index_of(sid);
    return i >= 0 && (voter_mask_ >> i & 1U);
  }
  SidMask voter_mask() const { return voter_mask_; }
  SidMask bit(Sid sid) const {
    const int i = index_of(sid);
    return i < 0 ? 0 : SidMask{1} << i;
  }
  int voter_count() const { return std::popcount(voter_mask_); }

  // ---- the quorum verifier (QuorumVerifier) --------------------------------------------
  // Every quorum question in zooscope (election, epoch and NEWLEADER acks, commits, the
  // leader's synced check, the window's tallies, the safety checker) is asked here, so a
  // different verifier changes one file. zooscope has QuorumMaj only: zoo.cfg's group./weight.
  // lines are refused (config.cpp), so there is no QuorumHierarchical to honour; adding one
  // means giving these three functions its rule (weights per group, a majority of groups).

  // QuorumMaj.containsQuorum: more than half of the voters; observers never count.
  bool is_quorum(SidMask mask) const { return std::popcount(mask & voter_mask_) >= quorum_size(); }
  // The fewest voters that make a quorum, for display ("3 of 5").
  int quorum_size() const { return majority_size(voter_count()); }
  // QuorumMaj's rule on a number of voters (half = voters / 2, a quorum is more than half).
  // Static, so zoo.cfg's checks can explain it before an ensemble (and a Roster) exists.
  static constexpr int majority_size(int voters) { return voters / 2 + 1; }

  std::vector<Sid> sids_in(SidMask mask) const;
  // Trace events and the window keep server sets as bit (sid - 1) (Committed::acks); these
  // convert to and from the roster's dense bits. Sids above 64 have no such bit.
  SidMask from_sid_bits(std::uint64_t sid_bits) const;
  std::uint64_t to_sid_bits(SidMask mask) const;

 private:
  const config::EnsembleConfig* cfg_;
  std::vector<Sid> sids_;
  std::vector<int> by_sid_;  // small sids -> index
  SidMask voter_mask_ = 0;
};

}  // namespace zs

#include "election/roster.hpp"

#include "core/assert.hpp"

namespace zs {

Roster::Roster(const config::EnsembleConfig& cfg) : cfg_(&cfg) {
  ZS_ASSERT(cfg.servers.size() <= kMaxServers);
  Sid max_small = 0;
  for (std::size_t i = 0; i < cfg.servers.size(); ++i) {
    const auto& s = cfg.servers[i];
    sids_.push_back(s.sid);
    if (s.type == LearnerType::Participant) voter_mask_ |= SidMask{1} << i;
    if (s.sid >= 0 && s.sid < 4096 && s.sid > max_small) max_small = s.sid;
  }
  by_sid_.assign(static_cast<std::size_t>(max_small) + 1, -1);
  for (std::size_t i = 0; i < sids_.size(); ++i)
    if (sids_[i] >= 0 && sids_[i] <= max_small) by_sid_[static_cast<std::size_t>(sids_[i])] = static_cast<int>(i);
}

std::vector<Sid> Roster::sids_in(SidMask mask) const {
  std::vector<Sid> out;
  for (int i = 0; i < size(); ++i)
    if (mask >> i & 1U) out.push_back(sid_at(i));
  return out;
}

SidMask Roster::from_sid_bits(std::uint64_t sid_bits) const {
  SidMask out = 0;
  for (int i = 0; i < size(); ++i) {
    const Sid sid = sid_at(i);
    if (sid >= 1 && sid <= 64 && (sid_bits >> (sid - 1) & 1U)) out |= SidMask{1} << i;
  }
  return out;
}

std::uint64_t Roster::to_sid_bits(SidMask mask) const {
  std::uint64_t out = 0;
  for (int i = 0; i < size(); ++i) {
    const Sid sid = sid_at(i);
    if ((mask >> i & 1U) && sid >= 1 && sid <= 64) out |= std::uint64_t{1} << (sid - 1);
  }
  return out;
}

}  // namespace zs

// Stat as clients see it and StatPersisted as the tree stores it (reference §4.2, §4.3).
#pragma once

#include <cstdint>
#include <limits>

#include "core/types.hpp"

namespace zs {

// JUTE Stat, fields in wire order (pzxid last).
struct Stat {
  Zxid czxid{};
  Zxid mzxid{};
  Ms ctime = 0;
  Ms mtime = 0;
  std::int32_t version = 0;
  std::int32_t cversion = 0;  // visible: creates + deletes of direct children
  std::int32_t aversion = 0;
  std::int64_t ephemeral_owner = 0;  // 0 for containers and TTL nodes
  std::int32_t data_length = 0;
  std::int32_t num_children = 0;
  Zxid pzxid{};
  friend bool operator==(const Stat&, const Stat&) = default;
};

// JUTE StatPersisted: what a znode stores. `cversion` counts child creates only, and
// `ephemeral_owner` keeps the container / TTL markers.
struct StatPersisted {
  Zxid czxid{};
  Zxid mzxid{};
  Ms ctime = 0;
  Ms mtime = 0;
  std::int32_t version = 0;
  std::int32_t cversion = 0;
  std::int32_t aversion = 0;
  std::int64_t ephemeral_owner = 0;
  Zxid pzxid{};
  friend bool operator==(const StatPersisted&, const StatPersisted&) = default;
};

// EphemeralType: how ephemeralOwner encodes the node kind (S/EphemeralType.java).
enum class EphemeralType : std::uint8_t { Void, Normal, Container, Ttl };

inline constexpr std::int64_t kContainerEphemeralOwner = std::numeric_limits<std::int64_t>::min();
inline constexpr std::uint64_t kExtendedMask = 0xff00000000000000ULL;
inline constexpr std::int64_t kMaxTtlMs = (std::int64_t{1} << 40) - 1;

// TTL markers are recognised by their bit pattern; a TTL node only exists when extended
// types were enabled, and such ensembles keep sids <= 254 so no session id collides.
inline EphemeralType ephemeral_type(std::int64_t owner) {
  if ((static_cast<std::uint64_t>(owner) & kExtendedMask) == kExtendedMask) return EphemeralType::Ttl;
  if (owner == kContainerEphemeralOwner) return EphemeralType::Container;
  return owner == 0 ? EphemeralType::Void : EphemeralType::Normal;
}

// Caller checks 1 <= ttl <= kMaxTtlMs.
inline std::int64_t ttl_ephemeral_owner(std::int64_t ttl_ms) {
  return static_cast<std::int64_t>(kExtendedMask | static_cast<std::uint64_t>(ttl_ms));
}
inline std::int64_t ttl_of_owner(std::int64_t owner) {
  return static_cast<std::int64_t>(static_cast<std::uint64_t>(owner) & 0x000000ffffffffffULL);
}

// DataNode.copyStat: cversion translated to 2*stored - numChildren, markers hidden.
inline Stat to_client_stat(const StatPersisted& s, std::int32_t data_length,
                           std::int32_t num_children) {
  Stat out;
  out.czxid = s.czxid;
  out.mzxid = s.mzxid;
  out.ctime = s.ctime;
  out.mtime = s.mtime;
  out.version = s.version;
  out.cversion = s.cversion * 2 - num_children;
  out.aversion = s.aversion;
  out.ephemeral_owner =
      ephemeral_type(s.ephemeral_owner) == EphemeralType::Normal ? s.ephemeral_owner : 0;
  out.data_length = data_length;
  out.num_children = num_children;
  out.pzxid = s.pzxid;
  return out;
}

}  // namespace zs

// Identifiers and states shared by every part of the engine (reference §1).
#pragma once

#include <cstdint>
#include <limits>
#include <string>
#include <string_view>

namespace zs {

// Server id, the number in myid and in `server.N`.
using Sid = std::int64_t;

// Milliseconds of driver time (virtual in the simulator). The core never reads a clock:
// every entry point receives `now` from its driver.
using Ms = std::int64_t;
inline constexpr Ms kNever = std::numeric_limits<Ms>::max();

// zxid = (epoch << 32) | counter, compared as a signed 64-bit number like ZooKeeper's long.
class Zxid {
 public:
  constexpr Zxid() = default;
  constexpr explicit Zxid(std::int64_t raw) : raw_(raw) {}
  static constexpr Zxid make(std::int64_t epoch, std::int64_t counter) {
    return Zxid(static_cast<std::int64_t>((static_cast<std::uint64_t>(epoch) << 32) |
                                          (static_cast<std::uint64_t>(counter) & 0xffffffffULL)));
  }
  constexpr std::int64_t raw() const { return raw_; }
  constexpr std::int64_t epoch() const { return raw_ >> 32; }
  constexpr std::int64_t counter() const { return raw_ & 0xffffffffLL; }
  friend constexpr auto operator<=>(Zxid, Zxid) = default;

 private:
  std::int64_t raw_ = 0;
};

// Lowercase hex without leading zeros, as Java's Long.toHexString: 0x100000000, 0x0,
// and two's complement for negatives (-1 -> ffffffffffffffff).
std::string hex(std::int64_t v);
inline std::string hex(Zxid z) { return hex(z.raw()); }

// Wire ordinals of QuorumPeer.ServerState.
enum class ServerState : std::uint8_t { Looking = 0, Following = 1, Leading = 2, Observing = 3 };
std::string_view to_string(ServerState s);  // "LOOKING", ...

enum class LearnerType : std::uint8_t { Participant, Observer };

// Zab phase of a server (QuorumPeer.ZabState) and the sync mode a learner got.
enum class ZabState : std::uint8_t { Election, Discovery, Synchronization, Broadcast };
enum class SyncMode : std::uint8_t { None, Diff, Snap, Trunc };
std::string_view to_string(ZabState s);  // "election", ...
std::string_view to_string(SyncMode s);  // "none", "diff", ...

// A vote as ZooKeeper's Vote class holds it. `version` is the notification format version
// of the message it came from (0 for votes built locally); it matters for equality.
struct Vote {
  Sid leader = 0;
  Zxid zxid{};
  std::int64_t election_epoch = 0;  // round / logicalclock
  std::int64_t peer_epoch = 0;      // currentEpoch of the proposed leader
  ServerState state = ServerState::Looking;
  std::int32_t version = 0;
};

// Vote.equals of ZooKeeper 3.8: LOOKING on either side compares leader, zxid, round and
// peerEpoch; otherwise leader only when exactly one side has version > 0, else leader and
// peerEpoch (reference §2.5).
bool votes_equal(const Vote& a, const Vote& b);

// A sid used by non-voters in their initial vote; it never wins.
inline constexpr std::int64_t kMinLong = std::numeric_limits<std::int64_t>::min();

}  // namespace zs

// Sessions as ZooKeeper's SessionTrackerImpl and ExpiryQueue keep them (reference §5): ids
// minted from the server id and its elapsed clock, timeouts clamped to the server's bounds,
// expiry in tickTime buckets. Pure: the elapsed clock comes in as `now`.
#pragma once

#include <array>
#include <cstdint>
#include <map>
#include <optional>
#include <set>
#include <vector>

#include "core/types.hpp"

namespace zs {

// SessionTrackerImpl.initializeNextSessionId: (elapsed << 24) >>> 8, then sid in the top byte;
// the container marker 0x8000000000000000 is skipped.
std::int64_t initial_session_id(Sid server_id, Ms elapsed_ms);

// ZooKeeperServer: the requested timeout clamped to [min, max] (defaults 2 and 20 ticks).
std::int32_t negotiate_timeout(std::int32_t requested_ms, std::int32_t min_ms, std::int32_t max_ms);

// ZooKeeperServer.generatePasswd: 16 bytes of java.util.Random(sessionId ^ 0xB3415C00).
std::array<std::uint8_t, 16> session_password(std::int64_t session_id);

// ExpiryQueue: an element expires in the bucket roundToNextInterval(now + timeout); poll()
// hands out at most one bucket per call, as the tracker's loop does.
class ExpiryQueue {
 public:
  ExpiryQueue(Ms interval_ms, Ms now);
  // Moves `id` to the bucket for now + timeout; returns the new expiry time, or nullopt when
  // it stays in the same bucket.
  std::optional<Ms> update(std::int64_t id, Ms timeout_ms, Ms now);
  std::optional<Ms> remove(std::int64_t id);
  Ms next_expiration() const { return next_expiration_; }
  // The bucket `id` is in: when it expires unless it is heard from before (nullopt: not queued).
  std::optional<Ms> expiry_of(std::int64_t id) const {
    const auto it = expiry_of_.find(id);
    return it == expiry_of_.end() ? std::nullopt : std::optional<Ms>(it->second);
  }
  // The ids of the next due bucket (sorted), or nothing before its time.
  std::vector<std::int64_t> poll(Ms now);

 private:
  Ms round_to_next_interval(Ms t) const { return (t / interval_ + 1) * interval_; }
  Ms interval_;
  Ms next_expiration_;
  std::map<std::int64_t, Ms> expiry_of_;
  std::map<Ms, std::set<std::int64_t>> buckets_;
};

struct SessionInfo {
  std::int64_t id = 0;
  std::int32_t timeout_ms = 0;
  bool closing = false;
};

// The leader's global session tracker (SessionTrackerImpl).
class SessionTracker {
 public:
  SessionTracker(Sid server_id, Ms tick_ms, Ms now);
  // A new session id (the next in line) tracked with `timeout_ms`.
  std::int64_t create_session(std::int32_t timeout_ms, Ms now);
  // Tracks a session created elsewhere (a createSession txn from another server).
  void track(std::int64_t id, std::int32_t timeout_ms, Ms now);
  // Any packet from the client: false when the session is unknown or closing.
  bool touch(std::int64_t id, Ms now);
  void set_closing(std::int64_t id);
  void remove(std::int64_t id);
  const SessionInfo* find(std::int64_t id) const;
  // When session `id` expires unless it is heard from first: its ExpiryQueue bucket (nullopt
  // for a session this tracker does not hold). Read-only, for the views.
  std::optional<Ms> expiry_of(std::int64_t id) const { return queue_.expiry_of(id); }
  // When expire() may next return something.
  Ms next_deadline() const { return queue_.next_expiration(); }
  // Sessions whose bucket is due, marked closing ("Expiring session 0x..., timeout of N ms
  // exceeded"; the caller proposes closeSession for each).
  std::vector<SessionInfo> expire(Ms now);

 private:
  std::int64_t next_id_;
  ExpiryQueue queue_;
  std::map<std::int64_t, SessionInfo> sessions_;
};

}  // namespace zs

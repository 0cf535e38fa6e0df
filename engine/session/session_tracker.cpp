#include "session/session_tracker.hpp"

#include <algorithm>

namespace zs {

std::int64_t initial_session_id(Sid server_id, Ms elapsed_ms) {
  const std::uint64_t shifted = (static_cast<std::uint64_t>(elapsed_ms) << 24) >> 8;  // >>> in Java
  std::uint64_t id = shifted | (static_cast<std::uint64_t>(server_id) << 56);
  if (id == 0x8000000000000000ULL) ++id;  // EphemeralType.CONTAINER_EPHEMERAL_OWNER
  return static_cast<std::int64_t>(id);
}

std::int32_t negotiate_timeout(std::int32_t requested_ms, std::int32_t min_ms, std::int32_t max_ms) {
  return std::clamp(requested_ms, min_ms, max_ms);
}

std::array<std::uint8_t, 16> session_password(std::int64_t session_id) {
  // java.util.Random: a 48-bit linear congruential generator; nextBytes takes nextInt()s and
  // hands out their bytes low byte first.
  constexpr std::uint64_t kMultiplier = 0x5DEECE66DULL;
  constexpr std::uint64_t kMask = (std::uint64_t{1} << 48) - 1;
  std::uint64_t seed = (static_cast<std::uint64_t>(session_id ^ 0xB3415C00LL) ^ kMultiplier) & kMask;
  auto next_int = [&] {
    seed = (seed * kMultiplier + 0xB) & kMask;
    return static_cast<std::uint32_t>(seed >> 16);
  };
  std::array<std::uint8_t, 16> out{};
  for (std::size_t i = 0; i < out.size();) {
    std::uint32_t rnd = next_int();
    for (int n = 0; n < 4 && i < out.size(); ++n, rnd >>= 8) out[i++] = static_cast<std::uint8_t>(rnd);
  }
  return out;
}

ExpiryQueue::ExpiryQueue(Ms interval_ms, Ms now)
    : interval_(interval_ms), next_expiration_((now / interval_ms + 1) * interval_ms) {}

std::optional<Ms> ExpiryQueue::update(std::int64_t id, Ms timeout_ms, Ms now) {
  const Ms expiry = round_to_next_interval(now + timeout_ms);
  auto it = expiry_of_.find(id);
  if (it != expiry_of_.end() && it->second == expiry) return std::nullopt;
  buckets_[expiry].insert(id);
  if (it != expiry_of_.end()) {
    auto old = buckets_.find(it->second);
    if (old != buckets_.end()) {
      old->second.erase(id);
      if (old->second.empty()) buckets_.erase(old);
    }
    it->second = expiry;
  } else {
    expiry_of_.emplace(id, expiry);
  }
  return expiry;
}

std::optional<Ms> ExpiryQueue::remove(std::int64_t id) {
  auto it = expiry_of_.find(id);
  if (it == expiry_of_.end()) return std::nullopt;
  const Ms expiry = it->second;
  expiry_of_.erase(it);
  auto b = buckets_.find(expiry);
  if (b != buckets_.end()) {
    b->second.erase(id);
    if (b->second.empty()) buckets_.erase(b);
  }
  return expiry;
}

std::vector<std::int64_t> ExpiryQueue::poll(Ms now) {
  if (now < next_expiration_) return {};
  const Ms due = next_expiration_;
  next_expiration_ += interval_;
  auto b = buckets_.find(due);
  if (b == buckets_.end()) return {};
  std::vector<std::int64_t> ids(b->second.begin(), b->second.end());
  for (std::int64_t id : ids) expiry_of_.erase(id);
  buckets_.erase(b);
  return ids;
}

SessionTracker::SessionTracker(Sid server_id, Ms tick_ms, Ms now)
    : next_id_(initial_session_id(server_id, now)), queue_(tick_ms, now) {}

std::int64_t SessionTracker::create_session(std::int32_t timeout_ms, Ms now) {
  const std::int64_t id = next_id_++;
  track(id, timeout_ms, now);
  return id;
}

void SessionTracker::track(std::int64_t id, std::int32_t timeout_ms, Ms now) {
  auto [it, fresh] = sessions_.try_emplace(id, SessionInfo{id, timeout_ms, false});
  if (!fresh) return;  // already tracked: the first registration keeps its timeout
  queue_.update(id, timeout_ms, now);
}

bool SessionTracker::touch(std::int64_t id, Ms now) {
  auto it = sessions_.find(id);
  if (it == sessions_.end() || it->second.closing) return false;
  queue_.update(id, it->second.timeout_ms, now);
  return true;
}

void SessionTracker::set_closing(std::int64_t id) {
  if (auto it = sessions_.find(id); it != sessions_.end()) it->second.closing = true;
}

void SessionTracker::remove(std::int64_t id) {
  sessions_.erase(id);
  queue_.remove(id);
}

const SessionInfo* SessionTracker::find(std::int64_t id) const {
  auto it = sessions_.find(id);
  return it == sessions_.end() ? nullptr : &it->second;
}

std::vector<SessionInfo> SessionTracker::expire(Ms now) {
  std::vector<SessionInfo> out;
  while (now >= queue_.next_expiration()) {
    for (std::int64_t id : queue_.poll(now)) {
      auto it = sessions_.find(id);
      if (it == sessions_.end()) continue;
      it->second.closing = true;
      out.push_back(it->second);
    }
  }
  return out;
}

}  // namespace zs

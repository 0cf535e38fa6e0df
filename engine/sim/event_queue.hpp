// The simulator's queue of pending events, popped in (time, sequence) order: the earliest
// virtual time first, and events at the same time in the order they were pushed.
//
// Nearly every event lands within a second of now (messages take milliseconds, pings half a
// tick), so those go into a ring of one bucket per millisecond, each bucket a FIFO of the
// events at exactly that time: a push and a pop cost O(1) instead of a binary heap's
// O(log n) sift over thousands of in-flight messages. Events further out (and any pushed
// for a time before the ring's start) wait in a binary heap; a pop takes whichever of the
// ring's first event and the heap's top is earlier, so the order is exactly the heap's.
#pragma once

#include <algorithm>
#include <array>
#include <bit>
#include <cstdint>
#include <vector>

#include "core/assert.hpp"
#include "core/types.hpp"

namespace zs {

class EventQueue {
 public:
  struct Key {
    Ms at = 0;
    std::uint64_t seq = 0;    // pushes must come with increasing seq
    std::uint32_t slot = 0;   // the caller's handle for the event
  };

  bool empty() const { return size_ == 0; }
  std::size_t size() const { return size_; }

  void push(const Key& k) {
    ++size_;
    if (k.at >= base_ && k.at - base_ < kWindow) {
      const auto b = static_cast<std::size_t>(k.at % kWindow);
      ring_[b].keys.push_back(k);
      occupied_[b / 64] |= std::uint64_t{1} << (b % 64);
      ++in_ring_;
      return;
    }
    far_.push_back(k);
    std::push_heap(far_.begin(), far_.end(), Later{});
  }

  // Calls f(key) for every queued key, in no particular order.
  template <class F>
  void for_each(F&& f) const {
    for (const Bucket& b : ring_)
      for (std::size_t i = b.head; i < b.keys.size(); ++i) f(b.keys[i]);
    for (const Key& k : far_) f(k);
  }

  // The earliest key. Precondition: !empty().
  const Key& top() const {
    const Key* r = ring_front();
    if (r == nullptr) return far_.front();
    if (far_.empty() || before(*r, far_.front())) return *r;
    return far_.front();
  }

  // Removes and returns the earliest key. Precondition: !empty().
  Key pop() {
    ZS_ASSERT(size_ > 0);
    --size_;
    const Key* r = ring_front();
    Key k;
    if (r != nullptr && (far_.empty() || before(*r, far_.front()))) {
      k = *r;
      Bucket& bucket = ring_[static_cast<std::size_t>(k.at % kWindow)];
      if (++bucket.head == bucket.keys.size()) {
        bucket.keys.clear();
        bucket.head = 0;
        const auto b = static_cast<std::size_t>(k.at % kWindow);
        occupied_[b / 64] &= ~(std::uint64_t{1} << (b % 64));
      }
      --in_ring_;
    } else {
      std::pop_heap(far_.begin(), far_.end(), Later{});
      k = far_.back();
      far_.pop_back();
    }
    // Everything left is at k.at or later, so the ring may start there: its buckets then
    // still each hold one time (those within kWindow of k.at).
    base_ = std::max(base_, k.at);
    return k;
  }

 private:
  static constexpr Ms kWindow = 1024;  // ms covered by the ring; a power of two
  struct Bucket {
    std::vector<Key> keys;  // all at the same time, in push order
    std::size_t head = 0;   // keys before head are popped
  };
  struct Later {
    bool operator()(const Key& a, const Key& b) const { return before(b, a); }
  };
  static bool before(const Key& a, const Key& b) { return a.at != b.at ? a.at < b.at : a.seq < b.seq; }

  // The ring's earliest key, or nullptr: the first occupied bucket at or after base_.
  const Key* ring_front() const {
    if (in_ring_ == 0) return nullptr;
    const auto start = static_cast<std::size_t>(base_ % kWindow);
    constexpr std::size_t kWords = static_cast<std::size_t>(kWindow) / 64;
    // Scan the bitmap from `start` round to just before it.
    for (std::size_t step = 0; step <= kWords; ++step) {
      const std::size_t w = (start / 64 + step) % kWords;
      std::uint64_t bits = occupied_[w];
      if (step == 0) bits &= ~std::uint64_t{0} << (start % 64);                  // from start on
      else if (step == kWords) bits &= (std::uint64_t{1} << (start % 64)) - 1;  // wrapped: before start
      if (bits != 0) {
        const Bucket& b = ring_[w * 64 + static_cast<std::size_t>(std::countr_zero(bits))];
        return &b.keys[b.head];
      }
    }
    ZS_ASSERT(false);
    return nullptr;
  }

  Ms base_ = 0;  // every key in the ring is at [base_, base_ + kWindow)
  std::size_t size_ = 0;
  std::size_t in_ring_ = 0;
  std::array<Bucket, static_cast<std::size_t>(kWindow)> ring_{};
  std::array<std::uint64_t, static_cast<std::size_t>(kWindow) / 64> occupied_{};
  std::vector<Key> far_;  // binary heap (earliest on top) of the keys outside the ring
};

}  // namespace zs

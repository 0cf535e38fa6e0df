// The simulator's queue of pending events, popped in (time, sequence) order: the earliest
// virtual time first, and events at the same time in the order they were pushed.
//
// Nearly every event lands within a second of now (messages take milliseconds, pings half a
// tick), so those go into a ring of one bucket per millisecond, each bucket a FIFO (linked
// through the slots) of the events at exactly that time: a push and a pop cost O(1) instead of a binary heap's
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
    std::uint64_t seq = 0;    // pushes for the same time must come with increasing seq
    std::uint32_t slot = 0;   // the caller's handle for the event: unique among queued keys
  };

  bool empty() const { return size_ == 0; }
  // An empty queue whose ring starts at `t` (where a restored queue's earliest key is).
  void start_at(Ms t) {
    ZS_ASSERT(size_ == 0);
    base_ = t;
  }
  std::size_t size() const { return size_; }

  void push(const Key& k) {
    ++size_;
    if (k.at >= base_ && k.at - base_ < kWindow) {
      if (k.slot >= link_.size()) link_.resize(std::max<std::size_t>(k.slot + 1, link_.size() * 2));
      link_[k.slot] = Link{k.seq, kNone};
      const auto i = static_cast<std::size_t>(k.at % kWindow);
      Bucket& b = ring_[i];
      if (b.head == kNone) {
        b = Bucket{k.at, k.slot, k.slot};
        occupied_[i / 64] |= std::uint64_t{1} << (i % 64);
      } else {
        link_[b.tail].next = k.slot;
        b.tail = k.slot;
      }
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
      for (std::uint32_t s = b.head; s != kNone; s = link_[s].next) f(Key{b.at, link_[s].seq, s});
    for (const Key& k : far_) f(k);
  }

  // The earliest key. Precondition: !empty().
  Key top() const {
    if (const std::size_t i = ring_front(); i != kNoBucket) {
      const Bucket& r = ring_[i];
      const Key k{r.at, link_[r.head].seq, r.head};
      if (far_.empty() || before(k, far_.front())) return k;
    }
    return far_.front();
  }

  // Removes and returns the earliest key. Precondition: !empty().
  Key pop() {
    ZS_ASSERT(size_ > 0);
    --size_;
    Key k;
    const std::size_t i = ring_front();
    Key front;
    if (i != kNoBucket) front = Key{ring_[i].at, link_[ring_[i].head].seq, ring_[i].head};
    if (i != kNoBucket && (far_.empty() || before(front, far_.front()))) {
      k = front;
      Bucket& r = ring_[i];
      r.head = link_[k.slot].next;
      if (r.head == kNone) {
        r.tail = kNone;
        occupied_[i / 64] &= ~(std::uint64_t{1} << (i % 64));
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
  static constexpr Ms kWindow = 1024;  // ms covered by the ring; a multiple of 64
  static constexpr std::uint32_t kNone = UINT32_MAX;
  // A bucket is a FIFO of the keys at one time, linked through their slots.
  struct Bucket {
    Ms at = 0;
    std::uint32_t head = kNone;
    std::uint32_t tail = kNone;
  };
  struct Link {
    std::uint64_t seq = 0;
    std::uint32_t next = kNone;
  };
  struct Later {
    bool operator()(const Key& a, const Key& b) const { return before(b, a); }
  };
  static bool before(const Key& a, const Key& b) { return a.at != b.at ? a.at < b.at : a.seq < b.seq; }

  // The ring's earliest bucket, or kNoBucket: the first occupied bucket at or after base_.
  static constexpr std::size_t kNoBucket = SIZE_MAX;
  std::size_t ring_front() const {
    if (in_ring_ == 0) return kNoBucket;
    const auto start = static_cast<std::size_t>(base_ % kWindow);
    constexpr std::size_t kWords = static_cast<std::size_t>(kWindow) / 64;
    // Scan the bitmap from `start` round to just before it.
    for (std::size_t step = 0; step <= kWords; ++step) {
      const std::size_t w = (start / 64 + step) % kWords;
      std::uint64_t bits = occupied_[w];
      if (step == 0) bits &= ~std::uint64_t{0} << (start % 64);                  // from start on
      else if (step == kWords) bits &= (std::uint64_t{1} << (start % 64)) - 1;  // wrapped: before start
      if (bits != 0) return w * 64 + static_cast<std::size_t>(std::countr_zero(bits));
    }
    ZS_ASSERT(false);
    return kNoBucket;
  }

  Ms base_ = 0;  // every key in the ring is at [base_, base_ + kWindow)
  std::size_t size_ = 0;
  std::size_t in_ring_ = 0;
  std::array<Bucket, static_cast<std::size_t>(kWindow)> ring_{};
  std::array<std::uint64_t, static_cast<std::size_t>(kWindow) / 64> occupied_{};
  std::vector<Link> link_;  // by slot: a ring key's sequence and the next slot in its bucket
  std::vector<Key> far_;    // binary heap (earliest on top) of the keys outside the ring
};

}  // namespace zs

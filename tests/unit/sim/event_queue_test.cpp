// The event queue must pop exactly as a binary heap by (time, sequence) would: the
// simulator's traces, and every recorded run a user replays, depend on that order.
#include <gtest/gtest.h>

#include <algorithm>
#include <cstdint>
#include <vector>

#include "core/prng.hpp"
#include "sim/event_queue.hpp"

namespace zs {
namespace {

struct Later {
  bool operator()(const EventQueue::Key& a, const EventQueue::Key& b) const {
    return a.at != b.at ? a.at > b.at : a.seq > b.seq;
  }
};

// Random pushes (mostly within milliseconds of now, some seconds ahead, some before the
// last pop, many ties) interleaved with pops; every pop and top is compared with a heap.
TEST(EventQueue, PopsInTheOrderOfAHeapByTimeThenSequence) {
  for (std::uint64_t seed = 1; seed <= 20; ++seed) {
    Prng rng(seed);
    EventQueue q;
    std::vector<EventQueue::Key> heap;
    std::uint64_t seq = 0;
    Ms now = 0;
    std::size_t popped = 0;
    for (int round = 0; round < 4000; ++round) {
      const int pushes = static_cast<int>(rng.range_inclusive(0, 3));
      for (int i = 0; i < pushes; ++i) {
        Ms at = now;
        const auto kind = rng.range_inclusive(0, 9);
        if (kind < 6) at = now + rng.range_inclusive(0, 5);           // a message
        else if (kind < 8) at = now + rng.range_inclusive(500, 3000);  // a timer, maybe past the ring
        else if (kind < 9) at = now + 1024;                            // the ring's edge
        else at = std::max<Ms>(0, now - rng.range_inclusive(0, 3));   // late: before now
        const EventQueue::Key k{at, seq, static_cast<std::uint32_t>(seq)};
        ++seq;
        q.push(k);
        heap.push_back(k);
        std::push_heap(heap.begin(), heap.end(), Later{});
      }
      ASSERT_EQ(q.size(), heap.size());
      const int pops = static_cast<int>(rng.range_inclusive(0, 3));
      for (int i = 0; i < pops && !heap.empty(); ++i) {
        ASSERT_EQ(q.top().seq, heap.front().seq) << "seed " << seed << " pop " << popped;
        std::pop_heap(heap.begin(), heap.end(), Later{});
        const EventQueue::Key want = heap.back();
        heap.pop_back();
        const EventQueue::Key got = q.pop();
        ASSERT_EQ(got.at, want.at) << "seed " << seed << " pop " << popped;
        ASSERT_EQ(got.seq, want.seq) << "seed " << seed << " pop " << popped;
        ASSERT_EQ(got.slot, want.slot);
        now = std::max(now, got.at);
        ++popped;
      }
    }
    std::size_t listed = 0;
    q.for_each([&](const EventQueue::Key&) { ++listed; });
    EXPECT_EQ(listed, heap.size());
    while (!heap.empty()) {
      std::pop_heap(heap.begin(), heap.end(), Later{});
      ASSERT_EQ(q.pop().seq, heap.back().seq) << "seed " << seed;
      heap.pop_back();
    }
    EXPECT_TRUE(q.empty());
  }
}

// A quiet stretch longer than the ring (an idle ensemble between ticks) and a jump far
// ahead still come back in order.
TEST(EventQueue, EventsFarApartComeBackInOrder) {
  EventQueue q;
  const std::vector<Ms> times = {5, 100000, 1023, 1024, 1025, 2047, 5, 70000, 0, 3000};
  for (std::size_t i = 0; i < times.size(); ++i) q.push({times[i], i, static_cast<std::uint32_t>(i)});
  std::vector<std::pair<Ms, std::uint64_t>> got;
  while (!q.empty()) {
    const auto k = q.pop();
    got.emplace_back(k.at, k.seq);
  }
  const std::vector<std::pair<Ms, std::uint64_t>> want = {{0, 8},    {5, 0},    {5, 6},     {1023, 2},
                                                          {1024, 3}, {1025, 4}, {2047, 5},  {3000, 9},
                                                          {70000, 7}, {100000, 1}};
  EXPECT_EQ(got, want);
}

}  // namespace
}  // namespace zs

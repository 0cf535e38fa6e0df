// SharedSortedMap: the data tree's node map. Copies share unchanged chunks, so a write to
// one copy must never show in another (a checkpoint or snapshot would change under the run),
// and it must answer exactly as the std::map it replaced.
#include <gtest/gtest.h>

#include <map>
#include <string>
#include <vector>

#include "core/prng.hpp"
#include "core/shared_map.hpp"
#include "data/paths.hpp"

namespace zs {
namespace {

using Map = SharedSortedMap<int, PathLess>;
using Ref = std::map<std::string, int, PathLess>;

// A sequential znode's name: /write-0000000042.
std::string seq_name(int i) {
  std::string digits = std::to_string(i);
  return "/write-" + std::string(10 - digits.size(), '0') + digits;
}

void expect_same(const Map& m, const Ref& ref) {
  ASSERT_EQ(m.size(), ref.size());
  auto it = m.begin();
  for (const auto& [k, v] : ref) {
    ASSERT_FALSE(it == m.end());
    EXPECT_EQ(it->first, k);
    EXPECT_EQ(it->second, v);
    ++it;
  }
  EXPECT_TRUE(it == m.end());
}

TEST(SharedSortedMap, AnswersLikeStdMapThroughInsertsErasesAndCopies) {
  Prng rng(7);
  Map m;
  Ref ref;
  std::vector<Map> copies;
  std::vector<Ref> ref_copies;
  for (int step = 0; step < 20000; ++step) {
    const std::string key = "/n/" + std::to_string(rng.next() % 3000);
    switch (rng.next() % 4) {
      case 0:
      case 1: {
        const auto [v, inserted] = m.emplace(key, step);
        const auto [rit, rinserted] = ref.emplace(key, step);
        ASSERT_EQ(inserted, rinserted);
        ASSERT_EQ(*v, rit->second);
        break;
      }
      case 2:
        ASSERT_EQ(m.erase(key), ref.erase(key) == 1);
        break;
      default:
        if (int* v = m.find_mut(key)) {
          *v = -step;
          ref.at(key) = -step;
        } else {
          ASSERT_FALSE(ref.contains(key));
        }
    }
    if (step % 1000 == 0) {
      copies.push_back(m);
      ref_copies.push_back(ref);
    }
    const std::string probe = "/n/" + std::to_string(rng.next() % 3000);
    const auto rlb = ref.lower_bound(probe);
    const auto lb = m.lower_bound(probe);
    if (rlb == ref.end()) {
      ASSERT_TRUE(lb == m.end());
    } else {
      ASSERT_EQ(lb->first, rlb->first);
    }
  }
  expect_same(m, ref);
  // Every copy still holds what it held when it was taken, though the map went on changing.
  for (std::size_t i = 0; i < copies.size(); ++i) expect_same(copies[i], ref_copies[i]);
}

TEST(SharedSortedMap, AWriteToACopyLeavesTheOriginal) {
  Map a;
  for (int i = 0; i < 1000; ++i) a.emplace("/write-" + std::to_string(100000 + i), i);
  Map b = a;
  *b.find_mut("/write-100500") = -1;
  b.erase("/write-100001");
  b.emplace("/write-100000x", 7);
  EXPECT_EQ(*a.find("/write-100500"), 500);
  EXPECT_TRUE(a.contains("/write-100001"));
  EXPECT_FALSE(a.contains("/write-100000x"));
  EXPECT_EQ(a.size(), 1000u);
  EXPECT_EQ(*b.find("/write-100500"), -1);
  EXPECT_EQ(b.size(), 1000u);
}

TEST(SharedSortedMap, SequentialNamesFillWholeChunks) {
  // Sequential znodes (/write-0000000001, ...) append at the end: chunks stay full, so a copy
  // of the map costs about one pointer per kMaxChunk nodes.
  Map m;
  const int n = 100 * static_cast<int>(Map::kMaxChunk);
  for (int i = 0; i < n; ++i) m.emplace(seq_name(i), i);
  EXPECT_EQ(m.chunk_count(), 100u);
}

}  // namespace
}  // namespace zs

// A sorted map whose copies share everything they have not changed since: the entries live in
// chunks of at most kMaxChunk, each reference-counted, and a write copies only the chunk it
// changes when another map still holds it (copy on write). A copy of the map copies the chunk
// pointers, about one per kMaxChunk / 2 entries or better.
//
// A server's data tree is copied by every checkpoint and every snapshot; as a std::map each
// copy cost the whole tree in fresh memory (9 servers x 100,000 znodes x dozens of
// checkpoints). Written for DataTree: string keys, a transparent comparator, no iterator
// invalidation promises (a pointer from find_mut or emplace is good until the next write).
#pragma once

#include <algorithm>
#include <cstddef>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace zs {

template <class V, class Less>
class SharedSortedMap {
 public:
  using Entry = std::pair<std::string, V>;
  static constexpr std::size_t kMaxChunk = 64;

  class const_iterator {
   public:
    const Entry& operator*() const { return (*map_->chunks_[chunk_])[pos_]; }
    const Entry* operator->() const { return &**this; }
    const_iterator& operator++() {
      if (++pos_ == map_->chunks_[chunk_]->size()) {
        ++chunk_;
        pos_ = 0;
      }
      return *this;
    }
    bool operator==(const const_iterator& o) const { return chunk_ == o.chunk_ && pos_ == o.pos_; }

   private:
    friend class SharedSortedMap;
    const_iterator(const SharedSortedMap* m, std::size_t chunk, std::size_t pos) : map_(m), chunk_(chunk), pos_(pos) {
      if (chunk_ < map_->chunks_.size() && pos_ == map_->chunks_[chunk_]->size()) {
        ++chunk_;
        pos_ = 0;
      }
    }
    const SharedSortedMap* map_;
    std::size_t chunk_;
    std::size_t pos_;
  };

  std::size_t size() const { return size_; }
  bool empty() const { return size_ == 0; }
  const_iterator begin() const { return const_iterator(this, 0, 0); }
  const_iterator end() const { return const_iterator(this, chunks_.size(), 0); }

  const_iterator lower_bound(std::string_view key) const {
    if (chunks_.empty()) return end();
    const std::size_t c = chunk_for(key);
    return const_iterator(this, c, position(*chunks_[c], key));
  }
  const V* find(std::string_view key) const {
    if (chunks_.empty()) return nullptr;
    const Chunk& c = *chunks_[chunk_for(key)];
    const std::size_t p = position(c, key);
    return p < c.size() && !less_(key, c[p].first) ? &c[p].second : nullptr;
  }
  bool contains(std::string_view key) const { return find(key) != nullptr; }
  // The value to change in place (its chunk becomes this map's own), or null.
  V* find_mut(std::string_view key) {
    if (chunks_.empty()) return nullptr;
    const std::size_t ci = chunk_for(key);
    const Chunk& c = *chunks_[ci];
    const std::size_t p = position(c, key);
    if (p == c.size() || less_(key, c[p].first)) return nullptr;
    return &own(ci)[p].second;
  }
  // Inserts when the key is absent; the value under the key and whether it was inserted.
  std::pair<V*, bool> emplace(std::string key, V value) {
    if (chunks_.empty()) {
      chunks_.push_back(new_chunk());
      chunks_.back()->push_back(Entry{std::move(key), std::move(value)});
      size_ = 1;
      return {&chunks_.back()->back().second, true};
    }
    std::size_t ci = chunk_for(key);
    std::size_t p = position(*chunks_[ci], key);
    if (p < chunks_[ci]->size() && !less_(key, (*chunks_[ci])[p].first)) return {&own(ci)[p].second, false};
    Chunk& c = own(ci);
    c.insert(c.begin() + static_cast<std::ptrdiff_t>(p), Entry{std::move(key), std::move(value)});
    ++size_;
    if (c.size() > kMaxChunk) {
      // Appending at the end of the last chunk (sequential names) starts a new chunk, so
      // chunks stay full; otherwise the chunk is halved.
      const std::size_t at = ci + 1 == chunks_.size() && p + 1 == c.size() ? kMaxChunk : c.size() / 2;
      auto tail = new_chunk();
      tail->insert(tail->end(), std::make_move_iterator(c.begin() + static_cast<std::ptrdiff_t>(at)),
                   std::make_move_iterator(c.end()));
      c.erase(c.begin() + static_cast<std::ptrdiff_t>(at), c.end());
      chunks_.insert(chunks_.begin() + static_cast<std::ptrdiff_t>(ci + 1), std::move(tail));
      if (p >= at) {
        ++ci;
        p -= at;
      }
    }
    return {&(*chunks_[ci])[p].second, true};
  }
  bool erase(std::string_view key) {
    if (chunks_.empty()) return false;
    const std::size_t ci = chunk_for(key);
    const std::size_t p = position(*chunks_[ci], key);
    if (p == chunks_[ci]->size() || less_(key, (*chunks_[ci])[p].first)) return false;
    if (chunks_[ci]->size() == 1) {
      chunks_.erase(chunks_.begin() + static_cast<std::ptrdiff_t>(ci));
    } else {
      Chunk& c = own(ci);
      c.erase(c.begin() + static_cast<std::ptrdiff_t>(p));
    }
    --size_;
    return true;
  }
  std::size_t chunk_count() const { return chunks_.size(); }
  // Chunks this map (and the map it was copied from) made: new, split off or copied on write.
  std::size_t chunks_made() const { return made_; }

  // Makes this map hold `other`'s chunk wherever the two hold a chunk of exactly the same
  // entries (compared with ==); what the map holds does not change, only where it is kept.
  // Two servers that applied the same txns to trees cut into the same chunks hold equal
  // chunks: after this they keep one. Chunks are walked in key order, both maps at once;
  // chunks already shared cost a pointer comparison. Returns how many chunks were shared.
  std::size_t share_equal_chunks(const SharedSortedMap& other) {
    std::size_t shared = 0;
    std::size_t j = 0;
    for (std::size_t i = 0; i < chunks_.size() && j < other.chunks_.size(); ++i) {
      std::shared_ptr<Chunk>& mine = chunks_[i];
      if (mine == other.chunks_[j]) {  // already shared (most chunks, most of the time)
        ++j;
        continue;
      }
      const std::string& first = mine->front().first;
      // The other map's chunk that starts where this one does, if any.
      while (j < other.chunks_.size() && less_(other.chunks_[j]->front().first, first)) ++j;
      if (j == other.chunks_.size()) break;
      const std::shared_ptr<Chunk>& theirs = other.chunks_[j];
      if (less_(first, theirs->front().first)) continue;  // no chunk of theirs starts here
      if (*mine == *theirs) {
        mine = theirs;
        ++shared;
      }
      ++j;
    }
    return shared;
  }
  // Calls f(key, was, now) for every key whose value differs between `before` and this map:
  // was == nullptr for a key added since, now == nullptr for one removed, in key order.
  // Chunks both maps still share are skipped with a pointer comparison, so a copy that
  // changed a few entries since `before` costs about one comparison per chunk, not per entry.
  template <class F>
  void diff(const SharedSortedMap& before, F&& f) const {
    std::size_t i = 0, pi = 0, j = 0, pj = 0;
    const auto& a = chunks_;
    const auto& b = before.chunks_;
    auto next = [](const std::vector<std::shared_ptr<Chunk>>& cs, std::size_t& c, std::size_t& p) {
      if (++p == cs[c]->size()) {
        ++c;
        p = 0;
      }
    };
    while (i < a.size() || j < b.size()) {
      if (i < a.size() && j < b.size() && pi == 0 && pj == 0 && a[i] == b[j]) {
        ++i;
        ++j;
        continue;
      }
      if (j == b.size() || (i < a.size() && less_((*a[i])[pi].first, (*b[j])[pj].first))) {
        f(std::string_view((*a[i])[pi].first), static_cast<const V*>(nullptr), &(*a[i])[pi].second);
        next(a, i, pi);
      } else if (i == a.size() || less_((*b[j])[pj].first, (*a[i])[pi].first)) {
        f(std::string_view((*b[j])[pj].first), &(*b[j])[pj].second, static_cast<const V*>(nullptr));
        next(b, j, pj);
      } else {
        const V& now = (*a[i])[pi].second;
        const V& was = (*b[j])[pj].second;
        if (!(now == was)) f(std::string_view((*a[i])[pi].first), &was, &now);
        next(a, i, pi);
        next(b, j, pj);
      }
    }
  }

  // Calls f(p) for the address of every chunk this map holds (to count the distinct ones a
  // set of maps holds between them).
  template <class F>
  void for_each_chunk(F&& f) const {
    for (const auto& c : chunks_) f(static_cast<const void*>(c.get()));
  }
  static constexpr std::size_t kChunkBytes = sizeof(Entry) * (kMaxChunk + 1);

 private:
  using Chunk = std::vector<Entry>;

  // The chunk that holds `key` or would: the last one whose first key is not after it.
  std::size_t chunk_for(std::string_view key) const {
    const auto it = std::upper_bound(chunks_.begin(), chunks_.end(), key,
                                     [this](std::string_view k, const std::shared_ptr<Chunk>& c) {
                                       return less_(k, c->front().first);
                                     });
    return it == chunks_.begin() ? 0 : static_cast<std::size_t>(it - chunks_.begin()) - 1;
  }
  std::size_t position(const Chunk& c, std::string_view key) const {
    const auto it = std::lower_bound(c.begin(), c.end(), key,
                                     [this](const Entry& e, std::string_view k) { return less_(e.first, k); });
    return static_cast<std::size_t>(it - c.begin());
  }
  // Room for a full chunk and the entry that splits it, so a chunk never reallocates (a
  // vector's doubling would leave half of every chunk empty).
  std::shared_ptr<Chunk> new_chunk() {
    ++made_;
    auto c = std::make_shared<Chunk>();
    c->reserve(kMaxChunk + 1);
    return c;
  }
  Chunk& own(std::size_t ci) {
    std::shared_ptr<Chunk>& c = chunks_[ci];
    if (c.use_count() > 1) {
      auto copy = new_chunk();
      copy->insert(copy->end(), c->begin(), c->end());
      c = std::move(copy);
    }
    return *c;
  }

  std::vector<std::shared_ptr<Chunk>> chunks_;  // each non-empty, in key order
  std::size_t size_ = 0;
  std::size_t made_ = 0;
  [[no_unique_address]] Less less_{};
};

}  // namespace zs

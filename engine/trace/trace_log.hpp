// Append-only storage for trace events in fixed 2 MiB chunks. Appending never moves or
// copies old events (a growing std::vector re-copies everything and touches twice the
// memory), and truncating for a rewind keeps the chunks, so replaying reuses warm memory.
#pragma once

#include <cstddef>
#include <iterator>
#include <type_traits>
#include <vector>

#include "trace/trace.hpp"

namespace zs {

static_assert(std::is_trivially_copyable_v<TraceEvent>);
static_assert(std::is_trivially_destructible_v<TraceEvent>);

class TraceLog {
 public:
  static constexpr std::size_t kChunkBytes = std::size_t{2} << 20;
  static constexpr std::size_t kPerChunk = kChunkBytes / sizeof(TraceEvent);

  TraceLog() = default;
  TraceLog(const TraceLog&) = delete;
  TraceLog& operator=(const TraceLog&) = delete;
  ~TraceLog();

  void push_back(const TraceEvent& e) {
    if (size_ == chunks_.size() * kPerChunk) add_chunk();
    chunks_[size_ / kPerChunk][size_ % kPerChunk] = e;
    ++size_;
  }
  std::size_t size() const { return size_; }
  bool empty() const { return size_ == 0; }
  const TraceEvent& operator[](std::size_t i) const { return chunks_[i / kPerChunk][i % kPerChunk]; }
  const TraceEvent& back() const { return (*this)[size_ - 1]; }
  // Forgets events from `n` on; the memory stays for the events that replace them.
  void truncate(std::size_t n) {
    if (n < size_) size_ = n;
  }

  class const_iterator {
   public:
    using iterator_category = std::random_access_iterator_tag;
    using value_type = TraceEvent;
    using difference_type = std::ptrdiff_t;
    using pointer = const TraceEvent*;
    using reference = const TraceEvent&;
    const_iterator() = default;
    const_iterator(const TraceLog* log, std::size_t i) : log_(log), i_(i) {}
    reference operator*() const { return (*log_)[i_]; }
    pointer operator->() const { return &(*log_)[i_]; }
    reference operator[](difference_type d) const { return (*log_)[i_ + static_cast<std::size_t>(d)]; }
    const_iterator& operator++() { ++i_; return *this; }
    const_iterator operator++(int) { auto t = *this; ++i_; return t; }
    const_iterator& operator--() { --i_; return *this; }
    const_iterator operator--(int) { auto t = *this; --i_; return t; }
    const_iterator& operator+=(difference_type d) { i_ = static_cast<std::size_t>(static_cast<difference_type>(i_) + d); return *this; }
    const_iterator& operator-=(difference_type d) { return *this += -d; }
    friend const_iterator operator+(const_iterator a, difference_type d) { return a += d; }
    friend const_iterator operator-(const_iterator a, difference_type d) { return a -= d; }
    friend difference_type operator-(const_iterator a, const_iterator b) {
      return static_cast<difference_type>(a.i_) - static_cast<difference_type>(b.i_);
    }
    friend bool operator==(const_iterator a, const_iterator b) { return a.i_ == b.i_; }
    friend auto operator<=>(const_iterator a, const_iterator b) { return a.i_ <=> b.i_; }

   private:
    const TraceLog* log_ = nullptr;
    std::size_t i_ = 0;
  };
  const_iterator begin() const { return {this, 0}; }
  const_iterator end() const { return {this, size_}; }

 private:
  void add_chunk();
  std::vector<TraceEvent*> chunks_;
  std::size_t size_ = 0;
};

void write_jsonl(std::ostream& out, const TraceLog& events, const TraceContext& ctx);

}  // namespace zs

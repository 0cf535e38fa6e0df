// An append-only sequence in fixed-size chunks: elements never move, growing never copies
// (a doubling std::vector copies everything and touches twice the memory; a std::deque of
// large elements allocates one block per element), and truncate() destroys the tail so a
// rewind can append again into memory already mapped. Chunks come from a process-wide arena
// of huge pages (chunk_arena_*): a long run grows these stores by megabytes a second, and on
// a VM every fresh 4 KiB page costs a fault.
#pragma once

#include <cstddef>
#include <new>
#include <utility>
#include <vector>

#include "core/assert.hpp"

namespace zs {

// 64 KiB pieces of 2 MiB blocks advised as huge pages; a freed piece is reused before a new
// block is taken. Thread-safe.
inline constexpr std::size_t kArenaPieceBytes = 64 * 1024;
void* chunk_arena_alloc();
void chunk_arena_free(void* piece) noexcept;
// Bytes of pieces handed out now (the arena maps its blocks itself: malloc's statistics do
// not see them).
std::size_t chunk_arena_bytes_in_use();

template <class T, std::size_t ChunkBytes = kArenaPieceBytes>
class ChunkedStore {
 public:
  static constexpr std::size_t kPerChunk = ChunkBytes / sizeof(T) > 0 ? ChunkBytes / sizeof(T) : 1;

  ChunkedStore() = default;
  ChunkedStore(const ChunkedStore&) = delete;
  ChunkedStore& operator=(const ChunkedStore&) = delete;
  ChunkedStore(ChunkedStore&& o) noexcept : chunks_(std::move(o.chunks_)), size_(std::exchange(o.size_, 0)) {}
  ChunkedStore& operator=(ChunkedStore&& o) noexcept {
    if (this != &o) {
      clear();
      for (Slot* c : chunks_) release(c);
      chunks_ = std::move(o.chunks_);
      size_ = std::exchange(o.size_, 0);
    }
    return *this;
  }
  ~ChunkedStore() {
    clear();
    for (Slot* c : chunks_) release(c);
  }

  template <class... Args>
  T& emplace_back(Args&&... args) {
    if (size_ == chunks_.size() * kPerChunk) chunks_.push_back(acquire());
    T* p = slot(size_);
    ::new (static_cast<void*>(p)) T(std::forward<Args>(args)...);
    ++size_;
    return *std::launder(p);
  }
  void push_back(const T& v) { emplace_back(v); }
  void push_back(T&& v) { emplace_back(std::move(v)); }

  std::size_t size() const { return size_; }
  bool empty() const { return size_ == 0; }
  const T& operator[](std::size_t i) const { return *std::launder(slot(i)); }
  T& operator[](std::size_t i) { return *std::launder(slot(i)); }
  const T& at(std::size_t i) const {
    ZS_ASSERT(i < size_);
    return (*this)[i];
  }
  // Destroys the elements from `n` on; the chunks stay for the elements that replace them.
  void truncate(std::size_t n) {
    while (size_ > n) {
      --size_;
      std::launder(slot(size_))->~T();
    }
  }
  void clear() { truncate(0); }
  const T& back() const { return (*this)[size_ - 1]; }
  // The first index in [0, size) whose element is greater than `v` (elements sorted).
  template <class V>
  std::size_t upper_bound(const V& v) const {
    std::size_t lo = 0, hi = size_;
    while (lo < hi) {
      const std::size_t mid = lo + (hi - lo) / 2;
      if (v < (*this)[mid])
        hi = mid;
      else
        lo = mid + 1;
    }
    return lo;
  }

 private:
  struct alignas(T) Slot {
    unsigned char bytes[sizeof(T)];
  };
  static_assert(ChunkBytes <= kArenaPieceBytes && sizeof(T) <= ChunkBytes && alignof(T) <= 64);
  static Slot* acquire() { return static_cast<Slot*>(chunk_arena_alloc()); }
  static void release(Slot* c) noexcept { chunk_arena_free(c); }
  T* slot(std::size_t i) const {
    return reinterpret_cast<T*>(chunks_[i / kPerChunk][i % kPerChunk].bytes);
  }
  std::vector<Slot*> chunks_;
  std::size_t size_ = 0;
};

}  // namespace zs

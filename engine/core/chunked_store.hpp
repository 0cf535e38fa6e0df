// An append-only sequence in fixed-size chunks: elements never move, growing never copies
// (a doubling std::vector copies everything and touches twice the memory; a std::deque of
// large elements allocates one block per element), and truncate() destroys the tail so a
// rewind can append again into memory already mapped.
#pragma once

#include <cstddef>
#include <memory>
#include <new>
#include <utility>
#include <vector>

#include "core/assert.hpp"

namespace zs {

template <class T, std::size_t ChunkBytes = 64 * 1024>
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
      chunks_ = std::move(o.chunks_);
      size_ = std::exchange(o.size_, 0);
    }
    return *this;
  }
  ~ChunkedStore() { clear(); }

  template <class... Args>
  T& emplace_back(Args&&... args) {
    if (size_ == chunks_.size() * kPerChunk) chunks_.push_back(Chunk(new Slot[kPerChunk]));
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

 private:
  struct alignas(T) Slot {
    unsigned char bytes[sizeof(T)];
  };
  using Chunk = std::unique_ptr<Slot[]>;
  T* slot(std::size_t i) const {
    return reinterpret_cast<T*>(chunks_[i / kPerChunk][i % kPerChunk].bytes);
  }
  std::vector<Chunk> chunks_;
  std::size_t size_ = 0;
};

}  // namespace zs

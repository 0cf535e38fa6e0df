// An append-only log whose copies share everything but the newest entries: full chunks are
// immutable and reference-counted, only the tail (under one chunk) is copied. A server's txn
// log and applied history grow by one entry per write and are copied by every checkpoint
// and snapshot; as std::vectors each copy cost the whole history in fresh memory.
#pragma once

#include <cstddef>
#include <cstring>
#include <iterator>
#include <memory>
#include <type_traits>
#include <vector>

#include "core/chunked_store.hpp"

namespace zs {

template <class T>
class SharedLog {
  static_assert(std::is_trivially_copyable_v<T>);

 public:
  static constexpr std::size_t kPerChunk = kArenaPieceBytes / sizeof(T);

  SharedLog() = default;

  void push_back(const T& v) {
    tail_.push_back(v);
    if (tail_.size() == kPerChunk) seal();
  }
  std::size_t size() const { return full_.size() * kPerChunk + tail_.size(); }
  bool empty() const { return size() == 0; }
  const T& operator[](std::size_t i) const {
    const std::size_t sealed = full_.size() * kPerChunk;
    return i < sealed ? full_[i / kPerChunk].get()[i % kPerChunk] : tail_[i - sealed];
  }
  const T& front() const { return (*this)[0]; }
  const T& back() const { return (*this)[size() - 1]; }
  void clear() {
    full_.clear();
    tail_.clear();
  }
  // Keeps the first n entries.
  void truncate(std::size_t n) {
    if (n >= size()) return;
    const std::size_t sealed = full_.size() * kPerChunk;
    if (n >= sealed) {
      tail_.resize(n - sealed);
      return;
    }
    const std::size_t k = n / kPerChunk;
    const T* chunk = full_[k].get();
    tail_.assign(chunk, chunk + n % kPerChunk);
    full_.resize(k);
  }
  friend bool operator==(const SharedLog& a, const SharedLog& b) {
    if (a.size() != b.size()) return false;
    for (std::size_t i = 0; i < a.size(); ++i)
      if (std::memcmp(&a[i], &b[i], sizeof(T)) != 0) return false;
    return true;
  }

  class const_iterator {
   public:
    using iterator_category = std::random_access_iterator_tag;
    using value_type = T;
    using difference_type = std::ptrdiff_t;
    using reference = const T&;
    using pointer = const T*;
    const_iterator() = default;
    const_iterator(const SharedLog* log, std::size_t i) : log_(log), i_(i) {}
    reference operator*() const { return (*log_)[i_]; }
    pointer operator->() const { return &(*log_)[i_]; }
    const_iterator& operator++() { ++i_; return *this; }
    const_iterator operator++(int) { auto t = *this; ++i_; return t; }
    const_iterator& operator--() { --i_; return *this; }
    const_iterator& operator+=(difference_type d) { i_ = static_cast<std::size_t>(static_cast<difference_type>(i_) + d); return *this; }
    friend const_iterator operator+(const_iterator a, difference_type d) { return a += d; }
    friend difference_type operator-(const_iterator a, const_iterator b) {
      return static_cast<difference_type>(a.i_) - static_cast<difference_type>(b.i_);
    }
    friend bool operator==(const_iterator a, const_iterator b) { return a.i_ == b.i_; }
    friend auto operator<=>(const_iterator a, const_iterator b) { return a.i_ <=> b.i_; }

   private:
    const SharedLog* log_ = nullptr;
    std::size_t i_ = 0;
  };
  const_iterator begin() const { return {this, 0}; }
  const_iterator end() const { return {this, size()}; }

 private:
  // The full tail becomes an immutable chunk in an arena piece (huge pages).
  void seal() {
    auto* chunk = static_cast<T*>(chunk_arena_alloc());
    std::memcpy(static_cast<void*>(chunk), tail_.data(), kPerChunk * sizeof(T));
    full_.emplace_back(chunk, [](const T* p) { chunk_arena_free(const_cast<T*>(p)); });
    tail_.clear();
  }

  std::vector<std::shared_ptr<const T>> full_;
  std::vector<T> tail_;
};

}  // namespace zs

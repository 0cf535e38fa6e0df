// An append-only log whose copies share everything but the newest few entries: full chunks
// and the pieces of the chunk being filled are immutable and reference-counted, only the
// tail (under one piece) is copied. A server's txn log and applied history grow by one entry
// per write and are copied by every checkpoint and snapshot; as std::vectors each copy cost
// the whole history in fresh memory, and with a tail of up to a whole chunk (4,096 entries)
// each copy still cost up to 64 KB per log.
#pragma once

#include <algorithm>
#include <array>
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
  // Entries of a piece: the chunk being filled is kept as pieces until it is full.
  static constexpr std::size_t kPerPiece = 64;
  static_assert(kPerChunk % kPerPiece == 0);

  SharedLog() = default;

  void push_back(const T& v) {
    tail_.push_back(v);
    if (tail_.size() == kPerPiece) seal_piece();
  }
  std::size_t size() const { return full_.size() * kPerChunk + pieces_.size() * kPerPiece + tail_.size(); }
  bool empty() const { return size() == 0; }
  const T& operator[](std::size_t i) const {
    const std::size_t sealed = full_.size() * kPerChunk;
    if (i < sealed) return full_[i / kPerChunk].get()[i % kPerChunk];
    i -= sealed;
    const std::size_t in_pieces = pieces_.size() * kPerPiece;
    return i < in_pieces ? (*pieces_[i / kPerPiece])[i % kPerPiece] : tail_[i - in_pieces];
  }
  const T& front() const { return (*this)[0]; }
  const T& back() const { return (*this)[size() - 1]; }
  void clear() {
    full_.clear();
    pieces_.clear();
    tail_.clear();
  }
  // Keeps the first n entries.
  void truncate(std::size_t n) {
    if (n >= size()) return;
    const std::size_t sealed = full_.size() * kPerChunk;
    if (n < sealed) {
      // Into a full chunk: what is kept of it becomes pieces and the tail again.
      const std::size_t k = n / kPerChunk;
      const T* chunk = full_[k].get();
      pieces_.clear();
      tail_.clear();
      for (std::size_t i = 0; i < n % kPerChunk; ++i) push_back(chunk[i]);
      full_.resize(k);
      return;
    }
    const std::size_t m = n - sealed;
    if (m < pieces_.size() * kPerPiece) {
      const std::size_t k = m / kPerPiece;
      const Piece& piece = *pieces_[k];
      tail_.assign(piece.begin(), piece.begin() + static_cast<std::ptrdiff_t>(m % kPerPiece));
      pieces_.resize(k);
      return;
    }
    tail_.resize(m - pieces_.size() * kPerPiece);
  }
  friend bool operator==(const SharedLog& a, const SharedLog& b) {
    if (a.size() != b.size()) return false;
    for (std::size_t i = 0; i < a.size(); ++i)
      if (std::memcmp(&a[i], &b[i], sizeof(T)) != 0) return false;
    return true;
  }

  // Makes this log hold `other`'s full chunks and pieces wherever the two hold the same
  // entries at the same places (byte for byte); what the log holds does not change. Servers
  // that logged and applied the same txns keep their logs once instead of once each.
  // Chunks and pieces already shared cost a pointer comparison.
  void share_equal_chunks(const SharedLog& other) {
    const std::size_t chunks = std::min(full_.size(), other.full_.size());
    for (std::size_t k = 0; k < chunks; ++k) {
      if (full_[k] != other.full_[k] && std::memcmp(full_[k].get(), other.full_[k].get(), kArenaPieceBytes) == 0)
        full_[k] = other.full_[k];
    }
    if (full_.size() != other.full_.size()) return;
    const std::size_t pieces = std::min(pieces_.size(), other.pieces_.size());
    for (std::size_t k = 0; k < pieces; ++k) {
      if (pieces_[k] != other.pieces_[k] && std::memcmp(pieces_[k]->data(), other.pieces_[k]->data(), sizeof(Piece)) == 0)
        pieces_[k] = other.pieces_[k];
    }
  }
  // Bytes a copy of this log takes (what it does not share with the original).
  std::size_t copy_bytes() const {
    return (full_.size() + pieces_.size()) * sizeof(std::shared_ptr<const T>) + tail_.size() * sizeof(T);
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
  using Piece = std::array<T, kPerPiece>;

  // The full tail becomes an immutable piece; a chunk's worth of pieces becomes an immutable
  // chunk in an arena piece (huge pages).
  void seal_piece() {
    auto piece = std::make_shared<Piece>();
    std::memcpy(static_cast<void*>(piece->data()), tail_.data(), sizeof(Piece));
    pieces_.push_back(std::move(piece));
    tail_.clear();
    if (pieces_.size() * kPerPiece < kPerChunk) return;
    auto* chunk = static_cast<T*>(chunk_arena_alloc());
    for (std::size_t k = 0; k < pieces_.size(); ++k)
      std::memcpy(static_cast<void*>(chunk + k * kPerPiece), pieces_[k]->data(), sizeof(Piece));
    full_.emplace_back(chunk, [](const T* p) { chunk_arena_free(const_cast<T*>(p)); });
    pieces_.clear();
  }

  std::vector<std::shared_ptr<const T>> full_;
  std::vector<std::shared_ptr<const Piece>> pieces_;  // of the chunk being filled
  std::vector<T> tail_;                               // under one piece
};

}  // namespace zs

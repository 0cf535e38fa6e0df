// Append-only storage for trace events, compact. A TraceEvent is 128 bytes (its variant is as
// large as the largest event); stored, each event takes only what it holds: an 8-byte word
// with its time and kinds, then the bytes of its own struct, and for a message only the
// message it carries (a 32-byte QuorumPacket, not the 64 bytes of the Message variant). A
// delivery can be stored as a reference to the send it completes (16 bytes). On this VM
// fresh memory is the main cost of a traced run, so these bytes are its speed.
//
// Events are decoded on access: operator[] returns a TraceEvent by value. Records live in
// chunks from the huge-page arena (core/chunked_store.hpp), appending never copies,
// truncating for a rewind keeps the chunks, so a replay writes into warm memory, and a
// finished trace's chunks go back to the arena for the next simulator.
#pragma once

#include <cstddef>
#include <cstdint>
#include <iterator>
#include <string>
#include <type_traits>
#include <vector>

#include "core/chunked_store.hpp"
#include "trace/trace.hpp"

namespace zs {

static_assert(std::is_trivially_copyable_v<TraceEvent>);
static_assert(std::is_trivially_destructible_v<TraceEvent>);

class TraceLog {
 public:
  static constexpr std::size_t kChunkBytes = kArenaPieceBytes;  // from the huge-page arena
  static constexpr std::size_t kNoRecord = ~std::size_t{0};

  TraceLog() = default;
  TraceLog(const TraceLog&) = delete;
  TraceLog& operator=(const TraceLog&) = delete;
  ~TraceLog();

  void push_back(const TraceEvent& e);
  // A MessageDelivered whose MessageSent is record `sent` (same id and envelope, sent at that
  // record's time), stored as a reference to it.
  void push_delivered(Ms at, std::size_t sent);

  std::size_t size() const { return index_.size(); }
  bool empty() const { return index_.empty(); }
  TraceEvent operator[](std::size_t i) const;
  TraceEvent back() const { return (*this)[size() - 1]; }
  Ms at(std::size_t i) const;  // (*this)[i].at without decoding the body
  // (*this)[i].body.index() without decoding the body.
  std::size_t body_index(std::size_t i) const;
  template <class T>
  bool holds(std::size_t i) const {
    return body_index(i) == TraceBody{std::in_place_type<T>}.index();
  }
  // Forgets events from `n` on; the memory stays for the events that replace them.
  void truncate(std::size_t n);
  // Bytes in use: the records and their index.
  std::size_t bytes() const { return used_ + index_.size() * sizeof(std::uint32_t); }
  // The stored bytes of event i (and of the send a stored delivery refers to): equal
  // fingerprints at the same index mean the same event.
  std::string fingerprint(std::size_t i) const;

  class const_iterator {
   public:
    using iterator_category = std::random_access_iterator_tag;
    using value_type = TraceEvent;
    using difference_type = std::ptrdiff_t;
    using reference = TraceEvent;  // decoded on access
    struct pointer {
      TraceEvent e;
      const TraceEvent* operator->() const { return &e; }
    };
    const_iterator() = default;
    const_iterator(const TraceLog* log, std::size_t i) : log_(log), i_(i) {}
    reference operator*() const { return (*log_)[i_]; }
    pointer operator->() const { return pointer{(*log_)[i_]}; }
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
  const_iterator end() const { return {this, size()}; }

 private:
  // Records are 8-byte aligned; index_[i] = byte offset of record i / 8.
  std::uint64_t* reserve(std::size_t words);
  const std::uint64_t* record(std::size_t i) const;
  std::size_t record_words(std::size_t i) const;
  void add_chunk();

  std::vector<unsigned char*> chunks_;
  ChunkedStore<std::uint32_t> index_;
  std::size_t used_ = 0;  // bytes of records, including the unused tail of full chunks
};

void write_jsonl(std::ostream& out, const TraceLog& events, const TraceContext& ctx);

}  // namespace zs

// Jute, ZooKeeper's record encoding (reference §6.2; zookeeper-jute's BinaryOutputArchive /
// BinaryInputArchive): big-endian ints and longs, booleans as one byte, ustring / buffer /
// vector as an int length or count (-1 = null) followed by the items; records are their
// fields in order. Plus the client port's framing: an int length before every message.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "core/result.hpp"

namespace zs::wire {

// Appends jute values to a byte string.
class Writer {
 public:
  void boolean(bool v) { out_.push_back(v ? '\1' : '\0'); }
  void int32(std::int32_t v);
  void int64(std::int64_t v);
  void ustring(std::string_view v);  // int length + bytes
  void buffer(std::string_view v) { ustring(v); }
  void null() { int32(-1); }  // a null ustring, buffer or vector
  void count(std::size_t n) { int32(static_cast<std::int32_t>(n)); }  // a vector's count
  void raw(std::string_view bytes) { out_.append(bytes); }

  const std::string& bytes() const { return out_; }
  std::string take() { return std::move(out_); }

 private:
  std::string out_;
};

// Reads jute values from a byte string, bounds-checked. The first failure is kept (sticky):
// later reads return zero / empty values, so a decoder reads a whole record and then checks
// ok() once. Nothing is allocated beyond what the input holds: every length and count is
// checked against the bytes left before anything is reserved or copied.
class Reader {
 public:
  explicit Reader(std::string_view in) : in_(in) {}

  bool boolean(const char* field);
  std::int32_t int32(const char* field);
  std::int64_t int64(const char* field);
  // A ustring or buffer; nullopt for a null one (length -1).
  std::optional<std::string> nullable_string(const char* field);
  std::string ustring(const char* field) { return nullable_string(field).value_or(""); }
  // A vector's count: -1 (null) is returned as 0 unless `null` is given. Each item takes at
  // least `min_item_bytes` (4 for strings, 8 for ACLs), so a count the input cannot hold is
  // an error here, before the caller reserves anything.
  std::int32_t count(const char* field, std::size_t min_item_bytes, bool* null = nullptr);

  // The bytes not read yet, and moving past `n` of them (at most what is left).
  std::string_view rest() const { return in_.substr(at_); }
  void skip(std::size_t n) { at_ += n < remaining() ? n : remaining(); }

  bool ok() const { return !error_.has_value(); }
  // The first failure was the input ending early (a value, or a string or vector its length
  // announced, runs past the end), not a value a decoder rejects: on a stream, more bytes
  // may complete it.
  bool truncated() const { return truncated_; }
  const Error& error() const { return *error_; }
  std::size_t offset() const { return at_; }
  std::size_t remaining() const { return in_.size() - at_; }
  // Marks the input bad with `message` at the current offset (a decoder's own check).
  void fail(const char* field, const std::string& message);

 private:
  bool need(const char* field, std::size_t n);

  std::string_view in_;
  std::size_t at_ = 0;
  std::optional<Error> error_;
  bool truncated_ = false;
};

// jute.maxbuffer's default (BinaryInputArchive.maxBuffer): the largest length ZooKeeper
// accepts for a request frame or a single buffer.
inline constexpr std::size_t kJuteMaxBuffer = 0xfffff;
// What a reply may add around one maxbuffer-sized payload: reply header (16), Stat (68),
// length fields. A getData of the largest node the server allows fits in maxbuffer + this.
inline constexpr std::size_t kFrameMargin = 4096;

// The message body with its 4-byte big-endian length in front.
std::string frame(std::string_view body);

// Cuts a byte stream into frames: feed() what the socket read, then take frames with next()
// until it says there is none. A length below 0 or above the maximum is an error (sticky);
// the caller closes the connection. No buffer ever grows past max + 4 bytes of unread data
// per whole frame; a declared length is never allocated up front.
class FrameSplitter {
 public:
  explicit FrameSplitter(std::size_t max_frame = kJuteMaxBuffer + kFrameMargin) : max_(max_frame) {}

  void feed(std::string_view bytes) { buf_.append(bytes); }
  // The next whole frame's body; nullopt when more bytes are needed; an error for a bad length.
  Result<std::optional<std::string>> next();
  // Bytes fed but not yet returned as frames.
  std::size_t buffered() const { return buf_.size() - at_; }
  std::size_t max_frame() const { return max_; }

 private:
  std::size_t max_;
  std::string buf_;
  std::size_t at_ = 0;
  std::optional<Error> error_;
};

}  // namespace zs::wire

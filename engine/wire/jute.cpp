#include "wire/jute.hpp"

namespace zs::wire {

void Writer::int32(std::int32_t v) {
  const auto u = static_cast<std::uint32_t>(v);
  for (int shift = 24; shift >= 0; shift -= 8) out_.push_back(static_cast<char>(u >> shift));
}

void Writer::int64(std::int64_t v) {
  const auto u = static_cast<std::uint64_t>(v);
  for (int shift = 56; shift >= 0; shift -= 8) out_.push_back(static_cast<char>(u >> shift));
}

void Writer::ustring(std::string_view v) {
  int32(static_cast<std::int32_t>(v.size()));
  out_.append(v);
}

void Reader::fail(const char* field, const std::string& message) {
  if (error_) return;
  Error e;
  e.message = std::string(field) + " at offset " + std::to_string(at_) + ": " + message;
  error_ = std::move(e);
}

bool Reader::need(const char* field, std::size_t n) {
  if (error_) return false;
  if (remaining() >= n) return true;
  truncated_ = true;
  fail(field, "needs " + std::to_string(n) + " bytes, " + std::to_string(remaining()) + " left");
  return false;
}

bool Reader::boolean(const char* field) {
  if (!need(field, 1)) return false;
  return in_[at_++] != 0;
}

std::int32_t Reader::int32(const char* field) {
  if (!need(field, 4)) return 0;
  std::uint32_t u = 0;
  for (int i = 0; i < 4; ++i) u = (u << 8) | static_cast<unsigned char>(in_[at_ + i]);
  at_ += 4;
  return static_cast<std::int32_t>(u);
}

std::int64_t Reader::int64(const char* field) {
  if (!need(field, 8)) return 0;
  std::uint64_t u = 0;
  for (int i = 0; i < 8; ++i) u = (u << 8) | static_cast<unsigned char>(in_[at_ + i]);
  at_ += 8;
  return static_cast<std::int64_t>(u);
}

std::optional<std::string> Reader::nullable_string(const char* field) {
  const std::size_t start = at_;
  const std::int32_t len = int32(field);
  if (!ok() || len == -1) return std::nullopt;
  if (len < 0) {
    at_ = start;
    fail(field, "negative length " + std::to_string(len));
    return std::nullopt;
  }
  if (remaining() < static_cast<std::size_t>(len)) {
    at_ = start;
    truncated_ = true;
    fail(field, "length " + std::to_string(len) + " exceeds the " +
                    std::to_string(remaining() - 4) + " bytes left");
    return std::nullopt;
  }
  std::string s(in_.substr(at_, static_cast<std::size_t>(len)));
  at_ += static_cast<std::size_t>(len);
  return s;
}

std::int32_t Reader::count(const char* field, std::size_t min_item_bytes, bool* null) {
  const std::size_t start = at_;
  const std::int32_t n = int32(field);
  if (null) *null = ok() && n == -1;
  if (!ok() || n == -1) return 0;
  if (n < 0) {
    at_ = start;
    fail(field, "negative count " + std::to_string(n));
    return 0;
  }
  if (static_cast<std::size_t>(n) > remaining() / (min_item_bytes ? min_item_bytes : 1)) {
    at_ = start;
    truncated_ = true;
    fail(field, "count " + std::to_string(n) + " cannot fit in the " +
                    std::to_string(remaining() - 4) + " bytes left");
    return 0;
  }
  return n;
}

std::string frame(std::string_view body) {
  Writer w;
  w.int32(static_cast<std::int32_t>(body.size()));
  w.raw(body);
  return w.take();
}

Result<std::optional<std::string>> FrameSplitter::next() {
  if (error_) return *error_;
  if (buffered() < 4) {
    // Keep the buffer from growing with consumed bytes.
    if (at_ > 0) {
      buf_.erase(0, at_);
      at_ = 0;
    }
    return std::optional<std::string>{};
  }
  Reader r(std::string_view(buf_).substr(at_, 4));
  const std::int32_t len = r.int32("frame length");
  if (len < 0 || static_cast<std::size_t>(len) > max_) {
    Error e;
    e.message = "frame length " + std::to_string(len) +
                (len < 0                  ? " is negative"
                 : max_ >= kJuteMaxBuffer ? " exceeds " + std::to_string(kJuteMaxBuffer) + "+" +
                                                std::to_string(max_ - kJuteMaxBuffer) +
                                                " (jute.maxbuffer + reply headers)"
                                          : " exceeds the maximum " + std::to_string(max_));
    error_ = e;
    return e;
  }
  if (buffered() < 4 + static_cast<std::size_t>(len)) {
    if (at_ > 0) {
      buf_.erase(0, at_);
      at_ = 0;
    }
    return std::optional<std::string>{};
  }
  std::string body = buf_.substr(at_ + 4, static_cast<std::size_t>(len));
  at_ += 4 + static_cast<std::size_t>(len);
  if (at_ == buf_.size()) {
    buf_.clear();
    at_ = 0;
  }
  return std::optional<std::string>{std::move(body)};
}

}  // namespace zs::wire

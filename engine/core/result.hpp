// Result<T> for operating errors (bad zoo.cfg, bad flags, malformed packets): the error
// names where the problem is and how to fix it. std::expected is C++23, hence this.
#pragma once

#include <string>
#include <utility>
#include <variant>

#include "core/assert.hpp"

namespace zs {

struct Error {
  std::string file;     // may be empty
  int line = 0;         // 0 = no line
  std::string message;  // what is wrong
  std::string hint;     // how to fix it; may be empty
  int column = 0;       // 0 = no column (a lab file's errors have one: FILE:LINE:COL)

  // "zoo.cfg:7: server.3: election port 70000 is not in 1-65535 (fix: ...)"
  std::string to_string() const {
    std::string s;
    if (!file.empty()) {
      s += file;
      if (line > 0) s += ":" + std::to_string(line);
      if (line > 0 && column > 0) s += ":" + std::to_string(column);
      s += ": ";
    }
    s += message;
    if (!hint.empty()) s += " (fix: " + hint + ")";
    return s;
  }
};

template <class T>
class Result {
 public:
  Result(T value) : v_(std::move(value)) {}
  Result(Error error) : v_(std::move(error)) {}
  bool ok() const { return v_.index() == 0; }
  explicit operator bool() const { return ok(); }
  T& value() & { ZS_ASSERT(ok()); return std::get<0>(v_); }
  const T& value() const& { ZS_ASSERT(ok()); return std::get<0>(v_); }
  T&& value() && { ZS_ASSERT(ok()); return std::get<0>(std::move(v_)); }
  const Error& error() const { ZS_ASSERT(!ok()); return std::get<1>(v_); }
  T* operator->() { return &value(); }
  const T* operator->() const { return &value(); }

 private:
  std::variant<T, Error> v_;
};

}  // namespace zs

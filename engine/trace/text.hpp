// Private helpers of engine/trace: appending numbers and names to a std::string without
// locale or temporary strings. Not part of the trace API.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "core/types.hpp"

namespace zs::trace_detail {

// Decimal, as Java prints a long.
void put_dec(std::string& out, std::int64_t v);
// Lowercase hex without "0x", as Long.toHexString (two's complement for negatives).
void put_hex(std::string& out, std::int64_t v);
// "0x" + put_hex.
inline void put_zxid(std::string& out, std::int64_t v) {
  out.append("0x");
  put_hex(out, v);
}
inline void put_zxid(std::string& out, Zxid z) { put_zxid(out, z.raw()); }
// Sids of a mask (bit sid-1), ascending, ", " separated: "1, 3".
void put_mask_sids(std::string& out, std::uint64_t mask, std::string_view sep);
// A JSON string literal with quotes, escaping '"', '\\' and control characters.
void put_json_string(std::string& out, std::string_view s);
}  // namespace zs::trace_detail

namespace zs {
struct LogLine;
struct TraceContext;
namespace trace_detail {
// format_log appending to `out` (no allocation of its own).
void append_log(std::string& out, const LogLine& line, const TraceContext& ctx);
}  // namespace trace_detail
}  // namespace zs

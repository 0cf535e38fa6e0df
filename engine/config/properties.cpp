#include "config/properties.hpp"

#include <cstdint>

namespace zs::config {
namespace {

// Java's LineReader treats only these three as whitespace.
bool is_ws(char c) { return c == ' ' || c == '\t' || c == '\f'; }

std::size_t skip_ws(std::string_view s, std::size_t from) {
  while (from < s.size() && is_ws(s[from])) ++from;
  return from;
}

// Natural lines, split on \n, \r\n or \r, without their terminators.
std::vector<std::string_view> natural_lines(std::string_view text) {
  std::vector<std::string_view> lines;
  std::size_t start = 0;
  std::size_t i = 0;
  while (i < text.size()) {
    if (text[i] == '\n' || text[i] == '\r') {
      lines.push_back(text.substr(start, i - start));
      if (text[i] == '\r' && i + 1 < text.size() && text[i + 1] == '\n') ++i;
      ++i;
      start = i;
    } else {
      ++i;
    }
  }
  if (start < text.size()) lines.push_back(text.substr(start));
  return lines;
}

bool ends_with_odd_backslashes(std::string_view s) {
  std::size_t n = 0;
  while (n < s.size() && s[s.size() - 1 - n] == '\\') ++n;
  return n % 2 == 1;
}

int hex_digit(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

void append_utf8(std::string& out, std::uint32_t cp) {
  if (cp < 0x80) {
    out += static_cast<char>(cp);
  } else if (cp < 0x800) {
    out += static_cast<char>(0xC0 | (cp >> 6));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  } else {
    out += static_cast<char>(0xE0 | (cp >> 12));
    out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  }
}

// Properties.loadConvert: \t \n \r \f, \uXXXX, and "\x" -> "x" for any other x.
bool unescape(std::string_view in, std::string& out, std::string& surprising) {
  out.clear();
  for (std::size_t i = 0; i < in.size(); ++i) {
    char c = in[i];
    if (c != '\\') {
      out += c;
      continue;
    }
    if (i + 1 >= in.size()) break;  // a lone final backslash is dropped
    char e = in[++i];
    if (e == 'u') {
      std::uint32_t cp = 0;
      for (int k = 1; k <= 4; ++k) {
        if (i + k >= in.size()) return false;
        int d = hex_digit(in[i + k]);
        if (d < 0) return false;
        cp = cp * 16 + static_cast<std::uint32_t>(d);
      }
      i += 4;
      append_utf8(out, cp);
      continue;
    }
    bool ordinary = e == '\\' || e == '=' || e == ':' || e == '#' || e == '!' || e == ' ';
    if (!ordinary && surprising.empty()) surprising = std::string("\\") + e;
    switch (e) {
      case 't': out += '\t'; break;
      case 'n': out += '\n'; break;
      case 'r': out += '\r'; break;
      case 'f': out += '\f'; break;
      default: out += e; break;
    }
  }
  return true;
}

}  // namespace

Result<std::vector<PropertyEntry>> read_properties(std::string_view text, const std::string& path) {
  std::vector<std::string_view> lines = natural_lines(text);
  std::vector<PropertyEntry> entries;
  for (std::size_t i = 0; i < lines.size(); ++i) {
    std::string_view first = lines[i];
    std::size_t p = skip_ws(first, 0);
    if (p == first.size()) continue;                   // blank
    if (first[p] == '#' || first[p] == '!') continue;  // comment; never continued
    int line_no = static_cast<int>(i) + 1;

    // Join continuation lines: an odd number of trailing backslashes continues the line,
    // and the next line's leading whitespace is skipped.
    std::string logical(first.substr(p));
    while (ends_with_odd_backslashes(logical)) {
      logical.pop_back();
      if (i + 1 >= lines.size()) break;
      ++i;
      std::string_view next = lines[i];
      logical += next.substr(skip_ws(next, 0));
    }

    // The key ends at the first unescaped '=', ':' or whitespace.
    std::size_t key_end = logical.size();
    std::size_t value_start = logical.size();
    bool has_separator = false;
    bool backslash = false;
    for (std::size_t k = 0; k < logical.size(); ++k) {
      char c = logical[k];
      if (!backslash && (c == '=' || c == ':')) {
        key_end = k;
        value_start = k + 1;
        has_separator = true;
        break;
      }
      if (!backslash && is_ws(c)) {
        key_end = k;
        value_start = k + 1;
        break;
      }
      backslash = c == '\\' ? !backslash : false;
    }
    // Whitespace, then at most one '=' or ':' if none was seen yet, then whitespace.
    while (value_start < logical.size()) {
      char c = logical[value_start];
      if (!is_ws(c)) {
        if (!has_separator && (c == '=' || c == ':')) {
          has_separator = true;
        } else {
          break;
        }
      }
      ++value_start;
    }

    PropertyEntry e;
    e.line = line_no;
    std::string ignored;
    if (!unescape(std::string_view(logical).substr(0, key_end), e.key, ignored) ||
        !unescape(std::string_view(logical).substr(value_start), e.value, e.surprising_escape)) {
      return Error{path, line_no, "Malformed \\uxxxx encoding.",
                   "a backslash followed by u must be followed by four hex digits, e.g. \\u00e9; "
                   "write \\\\u for a literal backslash and u"};
    }
    entries.push_back(std::move(e));
  }
  return entries;
}

}  // namespace zs::config

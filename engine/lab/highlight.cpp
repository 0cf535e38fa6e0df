// What a lab step points at (highlight.hpp): one line of text <-> one Highlight.
#include "lab/highlight.hpp"

#include <charconv>

#include <fmt/format.h>

namespace zs::lab {
namespace {

constexpr const char* kExample = "votes 2, votes 2 3, rule 2, zab 0x100000003, ack 0x100000003 1 or commit last";

Error bad(const std::string& what) { return Error{"", 0, what, std::string("write it as, e.g., ") + kExample}; }

std::vector<std::string_view> words_of(std::string_view s) {
  std::vector<std::string_view> out;
  std::size_t i = 0;
  while (i < s.size()) {
    while (i < s.size() && (s[i] == ' ' || s[i] == '\t')) ++i;
    const std::size_t start = i;
    while (i < s.size() && s[i] != ' ' && s[i] != '\t') ++i;
    if (i > start) out.push_back(s.substr(start, i - start));
  }
  return out;
}

Result<Sid> sid_of(std::string_view w) {
  Sid v = 0;
  auto [p, ec] = std::from_chars(w.data(), w.data() + w.size(), v);
  if (ec != std::errc{} || p != w.data() + w.size() || v < 1 || v > 255)
    return bad(fmt::format("\"{}\" is not a server id (1-255)", w));
  return v;
}

// "0x100000003" or "last" (nullopt).
Result<std::optional<Zxid>> zxid_of(std::string_view w) {
  if (w == "last") return std::optional<Zxid>{};
  std::int64_t v = 0;
  const bool hex_prefix = w.size() > 2 && w[0] == '0' && (w[1] == 'x' || w[1] == 'X');
  if (hex_prefix) {
    auto [p, ec] = std::from_chars(w.data() + 2, w.data() + w.size(), v, 16);
    if (ec == std::errc{} && p == w.data() + w.size()) return std::optional<Zxid>{Zxid(v)};
  }
  return bad(fmt::format("\"{}\" is not a zxid (0x…) or last", w));
}

}  // namespace

Result<Highlight> parse_highlight(std::string_view text) {
  const std::vector<std::string_view> w = words_of(text);
  if (w.empty()) return bad("the highlight is empty");
  Highlight h;
  const std::string_view kind = w[0];
  if (kind == "votes" || kind == "rule") {
    h.what = kind == "votes" ? Highlight::What::Votes : Highlight::What::Rule;
    const std::size_t most = h.what == Highlight::What::Votes ? 3 : 2;
    if (w.size() < 2 || w.size() > most)
      return bad(h.what == Highlight::What::Votes ? "votes takes a server and, for one cell, a sender: votes 2 or votes 2 3"
                                                  : "rule takes one server: rule 2");
    auto sid = sid_of(w[1]);
    if (!sid) return sid.error();
    h.sid = sid.value();
    if (w.size() == 3) {
      auto from = sid_of(w[2]);
      if (!from) return from.error();
      h.from = from.value();
    }
    return h;
  }
  if (kind == "zab" || kind == "commit" || kind == "ack") {
    h.what = kind == "zab" ? Highlight::What::Zab : kind == "commit" ? Highlight::What::Commit : Highlight::What::Ack;
    const std::size_t want = h.what == Highlight::What::Ack ? 3 : 2;
    if (w.size() != want)
      return bad(h.what == Highlight::What::Ack ? "ack takes a zxid and a server: ack 0x100000003 1"
                                                : fmt::format("{} takes one zxid: {} 0x100000003", kind, kind));
    auto z = zxid_of(w[1]);
    if (!z) return z.error();
    h.zxid = z.value();
    if (h.what == Highlight::What::Ack) {
      auto sid = sid_of(w[2]);
      if (!sid) return sid.error();
      h.sid = sid.value();
    }
    return h;
  }
  return bad(fmt::format("\"{}\" is not votes, rule, zab, ack or commit", kind));
}

std::string to_text(const Highlight& h) {
  const std::string z = h.zxid ? "0x" + hex(*h.zxid) : std::string("last");
  switch (h.what) {
    case Highlight::What::Votes: return h.from != 0 ? fmt::format("votes {} {}", h.sid, h.from) : fmt::format("votes {}", h.sid);
    case Highlight::What::Rule: return fmt::format("rule {}", h.sid);
    case Highlight::What::Zab: return "zab " + z;
    case Highlight::What::Ack: return fmt::format("ack {} {}", z, h.sid);
    case Highlight::What::Commit: return "commit " + z;
  }
  return {};
}

std::vector<Sid> sids_of(const Highlight& h) {
  std::vector<Sid> out;
  if (h.sid != 0) out.push_back(h.sid);
  if (h.from != 0) out.push_back(h.from);
  return out;
}

}  // namespace zs::lab

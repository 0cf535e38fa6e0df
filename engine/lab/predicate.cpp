// The lab language's conditions (predicate.hpp): one line of text <-> one Predicate.
#include "lab/predicate.hpp"
#include "core/overloaded.hpp"

#include <algorithm>
#include <charconv>

#include <fmt/format.h>

namespace zs::lab {
namespace {

constexpr Ms kMaxMs = 86'400'000;  // a day of virtual time

Error bad(const std::string& what, const std::string& example) {
  return Error{"", 0, what, "write it as, e.g., " + example};
}

bool is_space(char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n'; }

// Words separated by blanks; a word may hold a "quoted string" (with \" and \\), kept with
// its quotes so the caller knows it was quoted.
Result<std::vector<std::string>> words_of(std::string_view s) {
  std::vector<std::string> words;
  std::size_t i = 0;
  while (i < s.size()) {
    while (i < s.size() && is_space(s[i])) ++i;
    if (i >= s.size()) break;
    std::string w;
    bool quoted = false;
    while (i < s.size() && (quoted || !is_space(s[i]))) {
      const char c = s[i++];
      if (c == '"') {
        quoted = !quoted;
        w.push_back(c);
      } else if (quoted && c == '\\' && i < s.size()) {
        w.push_back(c);
        w.push_back(s[i++]);
      } else {
        w.push_back(c);
      }
    }
    if (quoted) return bad(fmt::format("the quote in \"{}\" is never closed", w), "console.1 has \"Created /a\"");
    words.push_back(std::move(w));
  }
  return words;
}

// "\"text\"" -> text (escapes undone); nullopt when the word is not one quoted string.
std::optional<std::string> unquote(std::string_view w) {
  if (w.size() < 2 || w.front() != '"' || w.back() != '"') return std::nullopt;
  std::string out;
  for (std::size_t i = 1; i + 1 < w.size(); ++i) {
    if (w[i] == '\\' && i + 2 < w.size()) {
      out.push_back(w[++i]);
    } else if (w[i] == '"') {
      return std::nullopt;
    } else {
      out.push_back(w[i]);
    }
  }
  return out;
}

std::string quote(std::string_view s) {
  std::string out = "\"";
  for (char c : s) {
    if (c == '"' || c == '\\') out.push_back('\\');
    out.push_back(c);
  }
  out.push_back('"');
  return out;
}

template <class T>
bool parse_int(std::string_view t, T& out) {
  int base = 10;
  bool neg = false;
  if (!t.empty() && t.front() == '-') {
    neg = true;
    t.remove_prefix(1);
  }
  if (t.size() > 2 && t[0] == '0' && (t[1] == 'x' || t[1] == 'X')) {
    base = 16;
    t.remove_prefix(2);
  }
  if (t.empty()) return false;
  std::uint64_t v = 0;
  auto [p, ec] = std::from_chars(t.data(), t.data() + t.size(), v, base);
  if (ec != std::errc{} || p != t.data() + t.size()) return false;
  out = neg ? -static_cast<T>(v) : static_cast<T>(v);
  return true;
}

// "server.3" / "console.3" / "log.3" -> 3.
std::optional<Sid> sid_after(std::string_view word, std::string_view prefix) {
  if (word.substr(0, prefix.size()) != prefix) return std::nullopt;
  Sid sid = 0;
  if (!parse_int(word.substr(prefix.size()), sid) || sid <= 0 || sid > 255) return std::nullopt;
  return sid;
}

std::optional<PeerStatus> status_named(std::string_view s) {
  for (PeerStatus p : {PeerStatus::Down, PeerStatus::Looking, PeerStatus::Following, PeerStatus::Leading,
                       PeerStatus::Observing})
    if (to_string(p) == s) return p;
  return std::nullopt;
}

// "name<op>value" -> (name, op, value); the longest operator wins.
struct Comparison {
  std::string name;
  Cmp cmp = Cmp::Eq;
  std::string value;
};
std::optional<Comparison> split_comparison(std::string_view w) {
  static constexpr std::pair<std::string_view, Cmp> kOps[] = {
      {"!=", Cmp::Ne}, {"<=", Cmp::Le}, {">=", Cmp::Ge}, {"=", Cmp::Eq}, {"<", Cmp::Lt}, {">", Cmp::Gt}};
  std::size_t best = std::string_view::npos;
  std::pair<std::string_view, Cmp> op{};
  for (const auto& o : kOps) {
    const auto at = w.find(o.first);
    if (at != std::string_view::npos && (at < best || (at == best && o.first.size() > op.first.size()))) {
      best = at;
      op = o;
    }
  }
  if (best == std::string_view::npos || best == 0) return std::nullopt;
  return Comparison{std::string(w.substr(0, best)), op.second, std::string(w.substr(best + op.first.size()))};
}

constexpr const char* kServerExample = "server.3 state=LEADING, or server.1 state=FOLLOWING leader=3 epoch=1 zxid=0x100000000";

Result<Predicate> parse_server(Sid sid, const std::vector<std::string>& w) {
  if (w.size() >= 2 && w[1] == "znode") {
    const std::string example = "server.1 znode /app exists, ... missing, ... data=\"v2\", ... numChildren=2";
    if (w.size() != 4) return bad("a znode condition is: server.SID znode PATH exists|missing|data=\"…\"|FIELD=N", example);
    ZnodeIs z;
    z.sid = sid;
    z.path = w[2];
    if (z.path.empty() || z.path.front() != '/') return bad(fmt::format("\"{}\" is not a znode path (it starts with /)", z.path), example);
    const std::string& what = w[3];
    if (what == "exists") {
      z.what = ZnodeIs::What::Exists;
    } else if (what == "missing") {
      z.what = ZnodeIs::What::Missing;
    } else if (what.rfind("data=", 0) == 0) {
      auto text = unquote(std::string_view(what).substr(5));
      if (!text) return bad(fmt::format("the data in \"{}\" is not a quoted string", what), "server.1 znode /app data=\"v2\"");
      z.what = ZnodeIs::What::Data;
      z.data = *text;
    } else {
      auto c = split_comparison(what);
      const auto& names = stat_field_names();
      if (!c || std::find(names.begin(), names.end(), c->name) == names.end())
        return bad(fmt::format("\"{}\" is not exists, missing, data=\"…\" or a Stat field (cZxid, mZxid, pZxid, cversion, "
                               "dataVersion, aclVersion, ephemeralOwner, dataLength, numChildren) compared to a number",
                               what),
                   example);
      if (!parse_int(c->value, z.value)) return bad(fmt::format("\"{}\" is not a number (decimal or 0x hex)", c->value), example);
      z.what = ZnodeIs::What::Field;
      z.field = c->name;
      z.cmp = c->cmp;
    }
    return Predicate{z};
  }
  ServerIs s;
  s.sid = sid;
  if (w.size() < 2) return bad(fmt::format("\"{}\" says nothing to check", w[0]), kServerExample);
  for (std::size_t i = 1; i < w.size(); ++i) {
    const auto eq = w[i].find('=');
    if (eq == std::string::npos) return bad(fmt::format("\"{}\" is not FIELD=VALUE", w[i]), kServerExample);
    const std::string key = w[i].substr(0, eq);
    const std::string value = w[i].substr(eq + 1);
    if (key == "state") {
      s.state = status_named(value);
      if (!s.state) return bad(fmt::format("\"{}\" is not a state (LOOKING, FOLLOWING, LEADING, OBSERVING or DOWN)", value), kServerExample);
    } else if (key == "leader") {
      Sid l = 0;
      if (value != "-" && (!parse_int(value, l) || l <= 0 || l > 255))
        return bad(fmt::format("\"{}\" is not a server id or -", value), kServerExample);
      s.leader = l;
    } else if (key == "epoch") {
      std::int64_t e = 0;
      if (!parse_int(value, e) || e < 0) return bad(fmt::format("\"{}\" is not an epoch", value), kServerExample);
      s.epoch = e;
    } else if (key == "zxid") {
      std::int64_t z = 0;
      if (value.rfind("0x", 0) != 0 || !parse_int(value, z)) return bad(fmt::format("\"{}\" is not a zxid (0x…)", value), kServerExample);
      s.zxid = Zxid(z);
    } else {
      return bad(fmt::format("\"{}\" is not state, leader, epoch or zxid", key), kServerExample);
    }
  }
  return Predicate{s};
}

// "console.1 has "text"" / "log.1 has "text"".
template <class T>
Result<Predicate> parse_has(Sid sid, const std::vector<std::string>& w, const std::string& example) {
  if (w.size() != 3 || w[1] != "has") return bad(fmt::format("\"{}\" is followed by has \"TEXT\"", w[0]), example);
  auto text = unquote(w[2]);
  if (!text || text->empty()) return bad(fmt::format("{} is not a quoted, non-empty text", w[2]), example);
  return Predicate{T{sid, *text}};
}

Result<Predicate> parse_messages(const std::vector<std::string>& w) {
  const std::string example = "messages ACK zxid=0x100000001 before COMMIT >= 2";
  if (w.size() < 4) return bad("a count is: messages KIND [from=S] [to=S] [zxid=0x…] [before|after COMMIT] OP N", example);
  MessageCount m;
  m.kind = w[1];
  bool known = m.kind == "notification";
  for (int t = 1; t <= 18 && !known; ++t) known = to_string(static_cast<PacketType>(t)) == m.kind;
  if (!known || m.kind.empty() || m.kind == "?")
    return bad(fmt::format("\"{}\" is not a message kind (notification, PROPOSAL, ACK, COMMIT, INFORM, DIFF, SNAP, TRUNC, "
                           "NEWLEADER, UPTODATE, ...)", m.kind),
               example);
  std::size_t i = 2;
  for (; i + 2 < w.size(); ++i) {
    if (w[i] == "before" || w[i] == "after") {
      if (w[i + 1] != "COMMIT") return bad(fmt::format("\"{} {}\" is not before COMMIT or after COMMIT", w[i], w[i + 1]), example);
      m.around = w[i] == "before" ? MessageCount::Around::BeforeCommit : MessageCount::Around::AfterCommit;
      ++i;
      continue;
    }
    const auto eq = w[i].find('=');
    const std::string key = eq == std::string::npos ? w[i] : w[i].substr(0, eq);
    const std::string value = eq == std::string::npos ? "" : w[i].substr(eq + 1);
    if (key == "from" || key == "to") {
      Sid s = 0;
      if (!parse_int(value, s) || s <= 0 || s > 255) return bad(fmt::format("\"{}\" is not a server id", value), example);
      (key == "from" ? m.from : m.to) = s;
    } else if (key == "zxid") {
      std::int64_t z = 0;
      if (value.rfind("0x", 0) != 0 || !parse_int(value, z)) return bad(fmt::format("\"{}\" is not a zxid (0x…)", value), example);
      m.zxid = Zxid(z);
    } else {
      return bad(fmt::format("\"{}\" is not from=, to=, zxid=, before COMMIT or after COMMIT", w[i]), example);
    }
  }
  if (i + 2 != w.size()) return bad("the count ends with an operator and a number, e.g. >= 2", example);
  static constexpr std::pair<std::string_view, Cmp> kOps[] = {{"=", Cmp::Eq}, {"!=", Cmp::Ne}, {"<", Cmp::Lt},
                                                             {"<=", Cmp::Le}, {">", Cmp::Gt}, {">=", Cmp::Ge}};
  auto op = std::find_if(std::begin(kOps), std::end(kOps), [&](const auto& o) { return o.first == w[i]; });
  if (op == std::end(kOps)) return bad(fmt::format("\"{}\" is not one of = != < <= > >=", w[i]), example);
  m.cmp = op->second;
  if (!parse_int(w[i + 1], m.count) || m.count < 0) return bad(fmt::format("\"{}\" is not a count", w[i + 1]), example);
  if (m.around != MessageCount::Around::Any && !m.zxid)
    return bad("before/after COMMIT needs the zxid whose COMMIT it means", example);
  return Predicate{m};
}

}  // namespace

std::string_view to_string(Cmp c) {
  switch (c) {
    case Cmp::Eq: return "=";
    case Cmp::Ne: return "!=";
    case Cmp::Lt: return "<";
    case Cmp::Le: return "<=";
    case Cmp::Gt: return ">";
    case Cmp::Ge: return ">=";
  }
  return "?";
}

bool compare(std::int64_t a, Cmp c, std::int64_t b) {
  switch (c) {
    case Cmp::Eq: return a == b;
    case Cmp::Ne: return a != b;
    case Cmp::Lt: return a < b;
    case Cmp::Le: return a <= b;
    case Cmp::Gt: return a > b;
    case Cmp::Ge: return a >= b;
  }
  return false;
}

const std::vector<std::string_view>& stat_field_names() {
  static const std::vector<std::string_view> names = {"cZxid",      "mZxid",          "pZxid",      "cversion",   "dataVersion",
                                                      "aclVersion", "ephemeralOwner", "dataLength", "numChildren"};
  return names;
}

Result<Predicate> parse_predicate(std::string_view text) {
  auto words = words_of(text);
  if (!words) return words.error();
  const std::vector<std::string>& w = words.value();
  if (w.empty()) return bad("the condition is empty", kServerExample);
  if (w[0] == "time") {
    const std::string example = "time +3000 (3 s after the step began) or time 12000";
    if (w.size() != 2) return bad("time takes one value in ms", example);
    AtTime t;
    std::string_view v = w[1];
    if (!v.empty() && v.front() == '+') {
      t.relative = true;
      v.remove_prefix(1);
    }
    if (!parse_int(v, t.ms) || t.ms < 0 || t.ms > kMaxMs)
      return bad(fmt::format("\"{}\" is not a time in ms (0 to {})", w[1], kMaxMs), example);
    return Predicate{t};
  }
  if (auto sid = sid_after(w[0], "server.")) return parse_server(*sid, w);
  if (auto sid = sid_after(w[0], "console.")) return parse_has<ConsoleHas>(*sid, w, "console.1 has \"Created /app\"");
  if (auto sid = sid_after(w[0], "log.")) return parse_has<LogHas>(*sid, w, "log.1 has \"Cannot open channel to 2\"");
  if (w[0] == "messages") return parse_messages(w);
  if (w[0] == "config") {
    const std::string example = "config ok, config error has \"Address unresolved\" or config warning has \"even\"";
    if (w.size() == 2 && w[1] == "ok") return Predicate{ConfigIs{ConfigIs::What::Ok, {}}};
    if (w.size() == 4 && (w[1] == "error" || w[1] == "warning") && w[2] == "has") {
      auto quoted = unquote(w[3]);
      if (!quoted || quoted->empty()) return bad(fmt::format("{} is not a quoted, non-empty text", w[3]), example);
      return Predicate{ConfigIs{w[1] == "error" ? ConfigIs::What::ErrorHas : ConfigIs::What::WarningHas, *quoted}};
    }
    return bad("a config condition is: config ok, config error has \"TEXT\" or config warning has \"TEXT\"", example);
  }
  if (w.size() == 4 && w[0] == "no" && w[1] == "committed" && w[2] == "write" && w[3] == "lost") return Predicate{NoWriteLost{}};
  if (w[0].rfind("server.", 0) == 0 || w[0].rfind("console.", 0) == 0 || w[0].rfind("log.", 0) == 0)
    return bad(fmt::format("\"{}\" does not name a server id (1-255)", w[0]), kServerExample);
  return bad(fmt::format("\"{}\" does not start a condition (time, server.SID, console.SID, log.SID, messages, "
                         "no committed write lost, config)",
                         w[0]),
             kServerExample);
}

std::string to_text(const Predicate& p) {
  return std::visit(
      Overloaded{
          [](const AtTime& t) { return fmt::format("time {}{}", t.relative ? "+" : "", t.ms); },
          [](const ServerIs& s) {
            std::string out = fmt::format("server.{}", s.sid);
            if (s.state) out += fmt::format(" state={}", to_string(*s.state));
            if (s.leader) out += *s.leader == 0 ? std::string(" leader=-") : fmt::format(" leader={}", *s.leader);
            if (s.epoch) out += fmt::format(" epoch={}", *s.epoch);
            if (s.zxid) out += " zxid=0x" + hex(*s.zxid);
            return out;
          },
          [](const ZnodeIs& z) {
            std::string out = fmt::format("server.{} znode {} ", z.sid, z.path);
            switch (z.what) {
              case ZnodeIs::What::Exists: return out + "exists";
              case ZnodeIs::What::Missing: return out + "missing";
              case ZnodeIs::What::Data: return out + "data=" + quote(z.data);
              case ZnodeIs::What::Field: return out + z.field + std::string(to_string(z.cmp)) + std::to_string(z.value);
            }
            return out;
          },
          [](const ConsoleHas& c) { return fmt::format("console.{} has {}", c.sid, quote(c.text)); },
          [](const LogHas& c) { return fmt::format("log.{} has {}", c.sid, quote(c.text)); },
          [](const MessageCount& m) {
            std::string out = "messages " + m.kind;
            if (m.from) out += fmt::format(" from={}", m.from);
            if (m.to) out += fmt::format(" to={}", m.to);
            if (m.zxid) out += " zxid=0x" + hex(*m.zxid);
            if (m.around == MessageCount::Around::BeforeCommit) out += " before COMMIT";
            if (m.around == MessageCount::Around::AfterCommit) out += " after COMMIT";
            return out + fmt::format(" {} {}", to_string(m.cmp), m.count);
          },
          [](const NoWriteLost&) { return std::string("no committed write lost"); },
          [](const ConfigIs& c) {
            switch (c.what) {
              case ConfigIs::What::Ok: return std::string("config ok");
              case ConfigIs::What::ErrorHas: return "config error has " + quote(c.text);
              case ConfigIs::What::WarningHas: return "config warning has " + quote(c.text);
            }
            return std::string();
          },
      },
      p);
}

std::vector<Sid> sids_of(const Predicate& p) {
  return std::visit(Overloaded{
                        [](const ServerIs& s) {
                          std::vector<Sid> v{s.sid};
                          if (s.leader && *s.leader != 0) v.push_back(*s.leader);
                          return v;
                        },
                        [](const ZnodeIs& z) { return std::vector<Sid>{z.sid}; },
                        [](const ConsoleHas& c) { return std::vector<Sid>{c.sid}; },
                        [](const LogHas& c) { return std::vector<Sid>{c.sid}; },
                        [](const MessageCount& m) {
                          std::vector<Sid> v;
                          if (m.from) v.push_back(m.from);
                          if (m.to) v.push_back(m.to);
                          return v;
                        },
                        [](const auto&) { return std::vector<Sid>{}; },
                    },
                    p);
}

}  // namespace zs::lab

// The action language (action.hpp): one line of text <-> one Action.
#include "run/action.hpp"
#include "core/overloaded.hpp"

#include <algorithm>
#include <charconv>
#include <set>

#include <fmt/format.h>

namespace zs::run {
namespace {

constexpr std::uint32_t kMillionths = 1'000'000;
constexpr int kMaxWriteCount = 1'000'000;
constexpr Ms kMaxLatencyMs = 3'600'000;

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r' || s.back() == '\n')) s.remove_suffix(1);
  return s;
}

std::vector<std::string_view> split(std::string_view s, char sep) {
  std::vector<std::string_view> parts;
  std::size_t b = 0;
  for (std::size_t i = 0; i <= s.size(); ++i) {
    if (i == s.size() || s[i] == sep) {
      parts.push_back(s.substr(b, i - b));
      b = i + 1;
    }
  }
  return parts;
}

// The first word and the rest, both trimmed.
std::pair<std::string_view, std::string_view> head(std::string_view s) {
  s = trim(s);
  const auto sp = s.find_first_of(" \t");
  if (sp == std::string_view::npos) return {s, {}};
  return {s.substr(0, sp), trim(s.substr(sp + 1))};
}

template <class T>
bool parse_int(std::string_view text, T& out, int base = 10) {
  const std::string_view t = trim(text);
  if (t.empty()) return false;
  auto [p, ec] = std::from_chars(t.data(), t.data() + t.size(), out, base);
  return ec == std::errc{} && p == t.data() + t.size();
}

// What is wrong, without the line: the caller says where it was written (a file's action N, a
// --do flag, a --link flag).
Error bad(std::string_view /*text*/, const std::string& what, const std::string& example) {
  return Error{"", 0, what, "write it as, e.g., " + example};
}

Result<Sid> parse_sid(std::string_view word, std::string_view line, const std::string& example) {
  Sid sid = 0;
  if (!parse_int(word, sid) || sid <= 0 || sid > 255)
    return bad(line, fmt::format("\"{}\" is not a server id (1-255)", trim(word)), example);
  return sid;
}

// "FROM>TO" (two different server ids).
Result<std::pair<Sid, Sid>> parse_direction(std::string_view word, std::string_view line, const std::string& example) {
  const auto gt = word.find('>');
  Sid from = 0, to = 0;
  if (gt == std::string_view::npos || !parse_int(word.substr(0, gt), from) || !parse_int(word.substr(gt + 1), to) ||
      from <= 0 || to <= 0 || from > 255 || to > 255)
    return bad(line, fmt::format("\"{}\" is not FROM>TO (two server ids)", trim(word)), example);
  if (from == to) return bad(line, "a link joins two different servers", example);
  return std::pair{from, to};
}

Result<Action> parse_link(std::string_view line, std::string_view rest, bool whole_percent) {
  const std::string ex = "link 3>1 1500-1500, link 1>2 1-5:20% or link * 1-5";
  auto [target, spec] = head(rest);
  SetLinkParams p;
  if (target != "*") {
    auto dir = parse_direction(target, line, ex);
    if (!dir) return dir.error();
    p.from = dir.value().first;
    p.to = dir.value().second;
  }
  if (spec.empty()) return bad(line, "no MIN-MAX latency after the link", ex);
  const auto parts = split(spec, ':');
  if (parts.size() > 2) return bad(line, fmt::format("\"{}\" is not MIN-MAX[:LOSS]", spec), ex);
  auto latency = parse_latency(parts[0]);
  if (!latency) return bad(line, latency.error().message, ex);
  p.latency_min_ms = latency.value().first;
  p.latency_max_ms = latency.value().second;
  if (parts.size() == 2) {
    auto c = parse_chance(parts[1], whole_percent);
    if (!c) return bad(line, fmt::format("\"{}\" is not a loss chance (0 to 1, or a percentage)", trim(parts[1])), ex);
    p.loss = c.value();
  }
  return Action{p};
}

Result<Action> parse_partition(std::string_view line, std::string_view rest) {
  const std::string ex = "partition 1,2|3,4,5";
  Partition p;
  std::set<Sid> seen;
  for (std::string_view g : split(rest, '|')) {
    std::vector<Sid> group;
    for (std::string_view item : split(g, ',')) {
      auto sid = parse_sid(item, line, ex);
      if (!sid) return sid.error();
      if (!seen.insert(sid.value()).second)
        return bad(line, fmt::format("server {} is in two groups", sid.value()), ex);
      group.push_back(sid.value());
    }
    p.groups.push_back(std::move(group));
  }
  if (p.groups.size() < 2) return bad(line, "a partition needs at least two groups, separated by |", ex);
  return Action{std::move(p)};
}

Result<Action> parse_zxid(std::string_view line, std::string_view rest) {
  const std::string ex = "zxid 1=0x100000005";
  const auto eq = rest.find('=');
  if (eq == std::string_view::npos) return bad(line, "no SID=0xZXID", ex);
  auto sid = parse_sid(rest.substr(0, eq), line, ex);
  if (!sid) return sid.error();
  const std::string_view z = trim(rest.substr(eq + 1));
  std::uint64_t raw = 0;
  if (z.size() < 3 || z[0] != '0' || (z[1] != 'x' && z[1] != 'X') || z.size() > 18 || !parse_int(z.substr(2), raw, 16))
    return bad(line, fmt::format("\"{}\" is not a zxid in hex", z), ex);
  return Action{PresetZxid{sid.value(), Zxid(static_cast<std::int64_t>(raw))}};
}

std::string sids_text(const std::vector<Sid>& sids) {
  std::string s;
  for (Sid sid : sids) s += (s.empty() ? "" : ",") + std::to_string(sid);
  return s;
}

}  // namespace

Result<std::pair<Ms, Ms>> parse_latency(std::string_view text) {
  const auto dash = text.find('-');
  Ms lo = 0, hi = 0;
  if (dash == std::string_view::npos || !parse_int(text.substr(0, dash), lo) || !parse_int(text.substr(dash + 1), hi) ||
      lo < 0 || hi < lo || hi > kMaxLatencyMs)
    return Error{"", 0, fmt::format("\"{}\" is not MIN-MAX (ms, 0 <= MIN <= MAX <= {})", trim(text), kMaxLatencyMs),
                 "write two ms values, e.g. 1-5 or 1500-1500"};
  return std::pair{lo, hi};
}

Result<Ratio> parse_chance(std::string_view text, bool whole_percent) {
  std::string_view v = trim(text);
  const bool percent = !v.empty() && v.back() == '%';
  if (percent) v.remove_suffix(1);
  v = trim(v);
  const Error error{"", 0, fmt::format("\"{}\" is not a chance", trim(text)), "write a number from 0 to 1 or a percentage, e.g. 0.3 or 30%"};
  if (v.empty() || v.size() > 32) return error;
  std::uint32_t whole = 0;
  if (percent && whole_percent && parse_int(v, whole)) {
    if (whole > 100) return error;
    return Ratio{whole, 100};
  }
  // A decimal read digit by digit: no locale, no floating point surprises.
  std::uint64_t int_part = 0;
  std::uint64_t frac = 0;  // in 10^-12
  std::uint64_t scale = 100'000'000'000;
  std::size_t i = 0;
  bool digits = false;
  for (; i < v.size() && v[i] >= '0' && v[i] <= '9'; ++i) {
    int_part = int_part * 10 + static_cast<std::uint64_t>(v[i] - '0');
    digits = true;
    if (int_part > 1000) return error;
  }
  if (i < v.size() && v[i] == '.') {
    for (++i; i < v.size() && v[i] >= '0' && v[i] <= '9'; ++i) {
      frac += static_cast<std::uint64_t>(v[i] - '0') * scale;
      scale /= 10;
      digits = true;
    }
  }
  if (!digits || i != v.size()) return error;
  // The chance in 10^-12, then in millionths, rounded half up.
  std::uint64_t pico = int_part * 1'000'000'000'000 + frac;
  if (percent) pico /= 100;
  if (pico > 1'000'000'000'000) return error;
  return Ratio{static_cast<std::uint32_t>((pico + 500'000) / 1'000'000), kMillionths};
}

std::string chance_text(Ratio r) {
  if (r.denominator == 100) return fmt::format("{}%", r.numerator);
  // Millionths (or anything else, scaled) as the shortest decimal.
  const std::uint64_t m = r.denominator == kMillionths
                              ? r.numerator
                              : (static_cast<std::uint64_t>(r.numerator) * kMillionths + r.denominator / 2) /
                                    std::max<std::uint32_t>(r.denominator, 1);
  if (m % kMillionths == 0) return std::to_string(m / kMillionths);
  std::string frac = fmt::format("{:06}", m % kMillionths);
  while (!frac.empty() && frac.back() == '0') frac.pop_back();
  return fmt::format("{}.{}", m / kMillionths, frac);
}

Result<Action> parse_action(std::string_view text, bool whole_percent) {
  const std::string_view line = trim(text);
  auto [word, rest] = head(line);
  auto one_sid = [&, rest = rest](auto make, const char* example) -> Result<Action> {
    auto [w, extra] = head(rest);
    if (w.empty()) return bad(line, "no server id", example);
    if (!extra.empty()) return bad(line, fmt::format("unexpected \"{}\" after the server id", extra), example);
    auto sid = parse_sid(w, line, example);
    if (!sid) return sid.error();
    return Action{make(sid.value())};
  };
  if (word == "start") return one_sid([](Sid s) { return StartServer{s}; }, "start 3");
  if (word == "crash") return one_sid([](Sid s) { return CrashServer{s}; }, "crash 3");
  if (word == "restart") return one_sid([](Sid s) { return RestartServer{s}; }, "restart 3");
  if (word == "isolate") return one_sid([](Sid s) { return IsolateServer{s}; }, "isolate 3");
  if (word == "kill-client") return one_sid([](Sid s) { return KillClient{s}; }, "kill-client 1");
  if (word == "heal" || word == "cut") {
    const std::string ex = word == "heal" ? "heal, or heal 1>2 for one direction" : "cut 1>2";
    if (rest.empty()) {
      if (word == "heal") return Action{HealAll{}};
      return bad(line, "no FROM>TO", ex);
    }
    auto dir = parse_direction(rest, line, ex);
    if (!dir) return dir.error();
    if (word == "heal") return Action{HealLink{dir.value().first, dir.value().second}};
    return Action{CutLink{dir.value().first, dir.value().second}};
  }
  if (word == "partition") return parse_partition(line, rest);
  if (word == "link") return parse_link(line, rest, whole_percent);
  if (word == "loss") {
    auto c = parse_chance(rest, whole_percent);
    if (!c) return bad(line, fmt::format("\"{}\" is not a loss chance (0 to 1, or a percentage)", rest), "loss 10% or loss 0.1");
    return Action{SetLoss{c.value()}};
  }
  if (word == "write") {
    const std::string ex = "write 1 or write 1 100";
    auto [w, count_text] = head(rest);
    auto sid = parse_sid(w, line, ex);
    if (!sid) return sid.error();
    int count = 1;
    if (!count_text.empty() && (!parse_int(count_text, count) || count < 1 || count > kMaxWriteCount))
      return bad(line, fmt::format("\"{}\" is not a count of writes (1-{})", count_text, kMaxWriteCount), ex);
    return Action{WriteButton{sid.value(), count}};
  }
  if (word == "client" || (word.size() > 6 && word.substr(0, 6) == "client")) {
    const std::string ex = "client 1: create /zk_test my_data";
    const std::string_view after = trim(line.substr(6));
    // The target is the first word up to its last colon: a server id, or zkCli's -server
    // string ("client 127.0.0.1:2181,127.0.0.1:2182: ls /"), whose own colons come first.
    const std::size_t word_end = std::min(after.find_first_of(" \t"), after.size());
    const auto colon = word_end == 0 ? std::string_view::npos : after.rfind(':', word_end - 1);
    if (colon == std::string_view::npos) return bad(line, "no colon after the server id", ex);
    const std::string_view target = after.substr(0, colon);
    const std::string_view command = trim(after.substr(colon + 1));
    if (target.find_first_of(":,/[") != std::string_view::npos) {
      if (command.empty()) return bad(line, "no zkCli command after the colon", ex);
      return Action{ConsoleLine{0, std::string(command), std::string(target)}};
    }
    auto sid = parse_sid(target, line, ex);
    if (!sid) return sid.error();
    if (command.empty()) return bad(line, "no zkCli command after the colon", ex);
    return Action{ConsoleLine{sid.value(), std::string(command)}};
  }
  if (word == "zxid") return parse_zxid(line, rest);
  if (word.empty()) return bad(line, "an empty action", "crash 3");
  return bad(line, fmt::format("\"{}\" is not an action", word),
             "start 3, crash 3, restart 3, isolate 3, partition 1,2|3, heal, cut 1>2, heal 1>2, "
             "link 1>2 1-5[:20%], loss 10%, write 1, client 1: ls /, kill-client 1 or zxid 1=0x100000005");
}

std::string to_text(const Action& a) {
  return std::visit(
      Overloaded{
          [](const StartServer& x) { return fmt::format("start {}", x.sid); },
          [](const CrashServer& x) { return fmt::format("crash {}", x.sid); },
          [](const RestartServer& x) { return fmt::format("restart {}", x.sid); },
          [](const IsolateServer& x) { return fmt::format("isolate {}", x.sid); },
          [](const HealAll&) { return std::string("heal"); },
          [](const CutLink& x) { return fmt::format("cut {}>{}", x.from, x.to); },
          [](const HealLink& x) { return fmt::format("heal {}>{}", x.from, x.to); },
          [](const SetLinkParams& x) {
            std::string s = x.from == 0 ? std::string("link *") : fmt::format("link {}>{}", x.from, x.to);
            s += fmt::format(" {}-{}", x.latency_min_ms, x.latency_max_ms);
            if (x.loss) s += ":" + chance_text(*x.loss);
            return s;
          },
          [](const Partition& x) {
            std::string s = "partition ";
            for (std::size_t g = 0; g < x.groups.size(); ++g) s += (g == 0 ? "" : "|") + sids_text(x.groups[g]);
            return s;
          },
          [](const SetLoss& x) { return "loss " + chance_text(x.loss); },
          [](const WriteButton& x) {
            return x.count == 1 ? fmt::format("write {}", x.sid) : fmt::format("write {} {}", x.sid, x.count);
          },
          [](const ConsoleLine& x) {
            return x.connect.empty() ? fmt::format("client {}: {}", x.sid, x.line)
                                     : fmt::format("client {}: {}", x.connect, x.line);
          },
          [](const KillClient& x) { return fmt::format("kill-client {}", x.sid); },
          [](const PresetZxid& x) { return fmt::format("zxid {}=0x{:x}", x.sid, static_cast<std::uint64_t>(x.zxid.raw())); },
      },
      a);
}

std::vector<Sid> sids_of(const Action& a) {
  return std::visit(
      Overloaded{
          [](const HealAll&) { return std::vector<Sid>{}; },
          [](const SetLoss&) { return std::vector<Sid>{}; },
          [](const CutLink& x) { return std::vector<Sid>{x.from, x.to}; },
          [](const HealLink& x) { return std::vector<Sid>{x.from, x.to}; },
          [](const SetLinkParams& x) { return x.from == 0 ? std::vector<Sid>{} : std::vector<Sid>{x.from, x.to}; },
          [](const Partition& x) {
            std::vector<Sid> all;
            for (const auto& g : x.groups) all.insert(all.end(), g.begin(), g.end());
            return all;
          },
          [](const ConsoleLine& x) { return x.connect.empty() ? std::vector<Sid>{x.sid} : std::vector<Sid>{}; },
          [](const auto& x) { return std::vector<Sid>{x.sid}; },
      },
      a);
}

}  // namespace zs::run

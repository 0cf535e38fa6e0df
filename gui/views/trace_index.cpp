#include "views/trace_index.hpp"

#include <algorithm>
#include <cctype>
#include <cstdio>
#include <ctime>
#include <type_traits>
#include <variant>

#include "views/messages.hpp"

namespace zs::gui {
namespace {

const Envelope* envelope_of(const TraceEvent& ev) {
  if (const auto* m = std::get_if<MessageSent>(&ev.body)) return &m->env;
  if (const auto* m = std::get_if<MessageDelivered>(&ev.body)) return &m->env;
  if (const auto* m = std::get_if<MessageDropped>(&ev.body)) return &m->env;
  return nullptr;
}

bool ping(const TraceEvent& ev) {
  const Envelope* env = envelope_of(ev);
  return env != nullptr && family_of(env->msg) == MessageFamily::Ping;
}

std::string lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

// Case-insensitive `needle` (already lower case) in `hay`.
bool contains(std::string_view hay, std::string_view needle) {
  if (needle.empty()) return true;
  const auto it = std::search(hay.begin(), hay.end(), needle.begin(), needle.end(), [](char a, char b) {
    return std::tolower(static_cast<unsigned char>(a)) == b;
  });
  return it != hay.end();
}

}  // namespace

std::size_t first_at_or_after(const TraceLog& trace, Ms t, std::size_t lo, std::size_t hi) {
  while (lo < hi) {
    const std::size_t mid = lo + (hi - lo) / 2;
    if (trace.at(mid) < t) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

std::size_t gallop_at_or_after(const TraceLog& trace, Ms t, std::size_t lo, std::size_t hi) {
  std::size_t step = 1;
  while (lo < hi) {
    const std::size_t probe = hi - lo > step ? lo + step : hi;
    if (probe == hi || trace.at(probe - 1) >= t) return first_at_or_after(trace, t, lo, probe);
    lo = probe;  // every event before probe is earlier than t
    step *= 2;
  }
  return lo;
}

TraceRange events_between(const TraceLog& trace, Ms t0, Ms t1) {
  TraceRange r;
  r.first = first_at_or_after(trace, t0, 0, trace.size());
  r.last = t1 < t0 ? r.first : first_at_or_after(trace, t1 + 1, r.first, trace.size());
  return r;
}

bool involves(const TraceEvent& ev, Sid sid) {
  if (const Envelope* env = envelope_of(ev)) return env->source == sid || env->target == sid;
  return std::visit(
      [sid](const auto& b) -> bool {
        using T = std::decay_t<decltype(b)>;
        if constexpr (std::is_same_v<T, Fault>) return b.sid == sid || b.target == sid;
        else if constexpr (requires { b.sid; }) return b.sid == sid;
        else return false;
      },
      ev.body);
}

// ---- TimelineIndex ---------------------------------------------------------------------------

void TimelineIndex::reset() {
  scanned_ = 0;
  state_changes_.clear();
  commits_.clear();
  commits_by_sid_.clear();
  max_latency_ms_ = 0;
}

const std::vector<std::size_t>& TimelineIndex::commits_of(Sid sid) const {
  static const std::vector<std::size_t> kNone;
  return sid >= 0 && static_cast<std::size_t>(sid) < commits_by_sid_.size() ? commits_by_sid_[static_cast<std::size_t>(sid)]
                                                                            : kNone;
}

void TimelineIndex::update(const TraceLog& trace) {
  if (&trace != trace_) {
    trace_ = &trace;
    reset();
  }
  if (trace.size() < scanned_) {
    // Stepped back: the events left are the same, the index just ends earlier. (The longest
    // latency stays: it only widens the range the timeline looks at.)
    scanned_ = trace.size();
    while (!state_changes_.empty() && state_changes_.back() >= scanned_) state_changes_.pop_back();
    while (!commits_.empty() && commits_.back() >= scanned_) commits_.pop_back();
    for (auto& of_sid : commits_by_sid_)
      while (!of_sid.empty() && of_sid.back() >= scanned_) of_sid.pop_back();
    // A new run's trace can reuse the old one's memory: then what is kept must still be there.
    bool same = true;
    for (const std::size_t p : state_changes_) same = same && trace.holds<StateChanged>(p);
    for (const std::size_t p : commits_) same = same && trace.holds<Committed>(p);
    if (!same) reset();
    if (scanned_ > 0) {
      last_at_ = trace.at(scanned_ - 1);
      last_kind_ = trace.body_index(scanned_ - 1);
    }
  } else if (scanned_ > 0 &&
             (trace.at(scanned_ - 1) != last_at_ || trace.body_index(scanned_ - 1) != last_kind_)) {
    reset();  // a fork rewrote the trace between two frames
  }
  for (; scanned_ < trace.size(); ++scanned_) {
    const TraceEvent& ev = trace[scanned_];
    if (std::holds_alternative<StateChanged>(ev.body)) {
      state_changes_.push_back(scanned_);
    } else if (const auto* c = std::get_if<Committed>(&ev.body)) {
      commits_.push_back(scanned_);
      if (c->sid >= 0) {
        const auto sid = static_cast<std::size_t>(c->sid);
        if (sid >= commits_by_sid_.size()) commits_by_sid_.resize(sid + 1);
        commits_by_sid_[sid].push_back(scanned_);
      }
    } else if (const auto* d = std::get_if<MessageDelivered>(&ev.body)) {
      max_latency_ms_ = std::max(max_latency_ms_, ev.at - d->sent_at);
    } else if (const auto* x = std::get_if<MessageDropped>(&ev.body)) {
      max_latency_ms_ = std::max(max_latency_ms_, ev.at - x->sent_at);
    }
  }
  if (scanned_ > 0) {
    last_at_ = trace.at(scanned_ - 1);
    last_kind_ = trace.body_index(scanned_ - 1);
  }
}

std::size_t TimelineIndex::first_at_or_after(const TraceLog& trace, const std::vector<std::size_t>& positions,
                                             Ms t) {
  const auto it = std::lower_bound(positions.begin(), positions.end(), t,
                                   [&](std::size_t pos, Ms v) { return trace.at(pos) < v; });
  return static_cast<std::size_t>(it - positions.begin());
}

std::size_t TimelineIndex::gallop_at_or_after(const TraceLog& trace, const std::vector<std::size_t>& positions,
                                              Ms t, std::size_t from) {
  std::size_t lo = from;
  std::size_t step = 1;
  const std::size_t hi = positions.size();
  while (lo < hi) {
    const std::size_t probe = hi - lo > step ? lo + step : hi;
    if (probe == hi || trace.at(positions[probe - 1]) >= t) {
      const auto it = std::lower_bound(positions.begin() + static_cast<std::ptrdiff_t>(lo),
                                       positions.begin() + static_cast<std::ptrdiff_t>(probe), t,
                                       [&](std::size_t pos, Ms v) { return trace.at(pos) < v; });
      return static_cast<std::size_t>(it - positions.begin());
    }
    lo = probe;
    step *= 2;
  }
  return lo;
}

// ---- log lines -------------------------------------------------------------------------------

std::string log_time(Ms at, Ms origin_ms) {
  const Ms wall = origin_ms + at;
  const std::time_t secs = static_cast<std::time_t>(wall / 1000);
  std::tm tm{};
  gmtime_r(&secs, &tm);
  char buf[80];
  std::snprintf(buf, sizeof buf, "%04d-%02d-%02d %02d:%02d:%02d,%03d", tm.tm_year + 1900, tm.tm_mon + 1,
                tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec, static_cast<int>(wall % 1000));
  return buf;
}

std::string zk_log_line(Ms at, const LogLine& line, const TraceContext& ctx, Ms origin_ms) {
  std::string out = log_time(at, origin_ms);
  out += " [myid:";
  out += std::to_string(line.sid);
  out += "] - ";
  const std::string_view level = to_string(line.level);
  out += level;
  out.append(level.size() < 5 ? 5 - level.size() : 0, ' ');  // %-5p
  out += " - ";
  out += format_log(line, ctx);
  return out;
}

std::string LogIndex::line(const TraceLog& trace, std::size_t index, const TraceContext& ctx, bool raw,
                           Ms origin_ms) {
  const TraceEvent& ev = trace[index];
  if (!raw) {
    if (const auto* l = std::get_if<LogLine>(&ev.body)) return zk_log_line(ev.at, *l, ctx, origin_ms);
  }
  return format_line(ev, ctx);
}

bool LogIndex::passes(const TraceEvent& ev, const TraceContext& ctx, Ms origin_ms) const {
  const auto* l = std::get_if<LogLine>(&ev.body);
  if (!filter_.raw && l == nullptr) return false;
  const LogLevel level = l != nullptr ? l->level : LogLevel::Info;
  if (level < filter_.min_level) return false;
  if (filter_.sid != 0 && !involves(ev, filter_.sid)) return false;
  if (filter_.raw && filter_.hide_pings && ping(ev)) return false;
  if (needle_.empty()) return true;
  const std::string text = filter_.raw || l == nullptr ? format_line(ev, ctx) : zk_log_line(ev.at, *l, ctx, origin_ms);
  return contains(text, needle_);
}

void LogIndex::update(const TraceLog& trace, const TraceContext& ctx, const LogFilter& filter, Ms origin_ms,
                      std::size_t format_budget) {
  const bool rewritten = scanned_ > 0 && scanned_ <= trace.size() &&
                         (trace.at(scanned_ - 1) != last_at_ || trace.body_index(scanned_ - 1) != last_kind_);
  if (&trace != trace_ || !(filter == filter_) || rewritten) {
    trace_ = &trace;
    filter_ = filter;
    needle_ = lower(filter.text);
    scanned_ = 0;
    rows_.clear();
  }
  if (trace.size() < scanned_) {  // stepped back
    scanned_ = trace.size();
    while (!rows_.empty() && rows_.back() >= scanned_) rows_.pop_back();
    // A new run's trace can reuse the old one's memory: the last row kept must still pass.
    if (!rows_.empty() && !passes(trace[rows_.back()], ctx, origin_ms)) {
      scanned_ = 0;
      rows_.clear();
    }
  }
  std::size_t formatted = 0;
  for (; scanned_ < trace.size(); ++scanned_) {
    if (!needle_.empty() && formatted >= format_budget) break;
    const TraceEvent& ev = trace[scanned_];
    if (!needle_.empty() && (filter_.raw || std::holds_alternative<LogLine>(ev.body))) ++formatted;
    if (passes(ev, ctx, origin_ms)) rows_.push_back(scanned_);
  }
  if (scanned_ > 0) {
    last_at_ = trace.at(scanned_ - 1);
    last_kind_ = trace.body_index(scanned_ - 1);
  }
}

}  // namespace zs::gui

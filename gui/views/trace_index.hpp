// Small indexes over the whole trace for the timeline and the log. The trace is ordered by
// time, so a time range is two binary searches; what cannot be found that way (the state of
// each server at the left edge of the timeline, the log lines that pass a filter) is indexed
// incrementally as the trace grows (keyed on its size) and cut back when stepping back
// truncates it. Nothing here walks the whole trace per frame.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "trace/trace.hpp"
#include "trace/trace_log.hpp"

namespace zs::gui {

// Trace indices [first, last) of the events with t0 <= at <= t1.
struct TraceRange {
  std::size_t first = 0;
  std::size_t last = 0;
  std::size_t size() const { return last - first; }
};
TraceRange events_between(const TraceLog& trace, Ms t0, Ms t1);
// The first index in [lo, hi) whose event is at or after t (hi when none).
std::size_t first_at_or_after(const TraceLog& trace, Ms t, std::size_t lo, std::size_t hi);
// The same, probing outwards from `lo` (1, 2, 4, ... events on) before the binary search: its
// cost grows with the distance to the answer, not with hi - lo, and its probes stay near `lo`.
// For walking a long trace in short steps (the timeline's pixel columns): a binary search over
// a million events misses the cache at almost every probe.
std::size_t gallop_at_or_after(const TraceLog& trace, Ms t, std::size_t lo, std::size_t hi);

// Whether `ev` concerns server `sid`: its subject, or either end of a message.
bool involves(const TraceEvent& ev, Sid sid);

// Positions of the StateChanged and Committed events, and the longest a message took
// (sent to delivered or dropped): what the timeline needs beyond a time range.
class TimelineIndex {
 public:
  // Indexes the events added since the last call; forgets those a step back removed, and
  // starts over when the trace is another run's (a fork or a new ensemble).
  void update(const TraceLog& trace);

  const std::vector<std::size_t>& state_changes() const { return state_changes_; }
  const std::vector<std::size_t>& commits() const { return commits_; }
  // The commits of one leader (Committed.sid), in order: the timeline draws a lane's ticks
  // by jumping through them instead of decoding every commit of the run each frame.
  const std::vector<std::size_t>& commits_of(Sid sid) const;
  Ms max_latency_ms() const { return max_latency_ms_; }
  std::size_t indexed() const { return scanned_; }

  // The first entry of `positions` (trace indices, in order) whose event is at or after t.
  static std::size_t first_at_or_after(const TraceLog& trace, const std::vector<std::size_t>& positions, Ms t);
  // The first entry at or after `from` whose event is at or after t, probing outwards from `from`.
  static std::size_t gallop_at_or_after(const TraceLog& trace, const std::vector<std::size_t>& positions, Ms t,
                                        std::size_t from);

 private:
  void reset();
  const TraceLog* trace_ = nullptr;
  std::size_t scanned_ = 0;  // events [0, scanned_) are indexed
  Ms last_at_ = 0;           // trace[scanned_ - 1].at, to tell a rewritten trace
  std::size_t last_kind_ = 0;  // trace[scanned_ - 1].body.index()
  std::vector<std::size_t> state_changes_;
  std::vector<std::size_t> commits_;
  std::vector<std::vector<std::size_t>> commits_by_sid_;  // [sid]
  Ms max_latency_ms_ = 0;
};

// The log4j time of a virtual moment, as ZooKeeper's log pattern prints it (%d{ISO8601}):
// "2026-11-23 00:00:03,250". `origin_ms` is the wall clock at virtual time 0 (UTC).
std::string log_time(Ms at, Ms origin_ms);
// A whole ZooKeeper log line: "2026-11-23 00:00:03,250 [myid:1] - INFO  - LOOKING". Real
// lines also name the thread, class and line number ([QuorumPeer...:QuorumPeer@1449]);
// zooscope has no threads to name, so that part is left out.
std::string zk_log_line(Ms at, const LogLine& line, const TraceContext& ctx, Ms origin_ms);

struct LogFilter {
  bool raw = false;         // every trace event as a compact line, not only the log lines
  Sid sid = 0;              // 0 = every server
  LogLevel min_level = LogLevel::Info;  // raw events that are not log lines count as INFO
  bool hide_pings = true;   // raw mode: leave PINGs out
  std::string text;         // case-insensitive substring of the shown line; empty = any
  bool operator==(const LogFilter&) const = default;
};

// The trace indices of the rows the log shows, oldest first.
class LogIndex {
 public:
  // Brings rows() up to date. Without a text filter every new event is looked at; with one
  // each candidate line is formatted, at most `format_budget` per call (the rest on the
  // next calls: complete() says when it caught up).
  void update(const TraceLog& trace, const TraceContext& ctx, const LogFilter& filter, Ms origin_ms,
              std::size_t format_budget = 4000);
  const std::vector<std::size_t>& rows() const { return rows_; }
  bool complete() const { return trace_ != nullptr && scanned_ == trace_->size(); }
  // The text of a row as the log shows it.
  static std::string line(const TraceLog& trace, std::size_t index, const TraceContext& ctx, bool raw,
                          Ms origin_ms);

 private:
  bool passes(const TraceEvent& ev, const TraceContext& ctx, Ms origin_ms) const;
  const TraceLog* trace_ = nullptr;
  LogFilter filter_;
  std::string needle_;  // filter_.text, lower case
  std::size_t scanned_ = 0;
  Ms last_at_ = 0;
  std::size_t last_kind_ = 0;
  std::vector<std::size_t> rows_;
};

}  // namespace zs::gui

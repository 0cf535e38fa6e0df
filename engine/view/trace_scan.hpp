// Follows the trace for a model builder without rescanning it every frame: each update scans
// only the events added since the last one. Stepping back truncates the trace and a what-if
// or a new run replaces its tail, so the scan remembers a fingerprint of the last event it
// saw (and a checkpoint of its state every kEvery events); when the trace no longer holds
// that event it resumes from the newest checkpoint that still matches, or from the start.
#pragma once

#include <cstddef>
#include <string>
#include <vector>

#include "trace/trace_log.hpp"

namespace zs::view {

template <class State>
class TraceScan {
 public:
  static constexpr std::size_t kEvery = 4096;

  // Brings the state up to trace.size(): restore(state) after falling back to a checkpoint
  // (or a fresh State), then apply(state, event, index) for every event not yet scanned.
  template <class Apply, class Restore>
  const State& update(const TraceLog& trace, Apply&& apply, Restore&& restore) {
    if (!still_valid(trace)) fall_back(trace, restore);
    for (std::size_t i = size_; i < trace.size(); ++i) {
      apply(state_, trace[i], i);
      if ((i + 1) % kEvery == 0) marks_.push_back(Mark{i + 1, trace.fingerprint(i), state_});
    }
    size_ = trace.size();
    if (size_ > 0) last_ = trace.fingerprint(size_ - 1);
    return state_;
  }
  // Forgets everything (a different ensemble).
  void clear() {
    state_ = State{};
    size_ = 0;
    marks_.clear();
  }
  const State& state() const { return state_; }
  State& state() { return state_; }
  std::size_t scanned() const { return size_; }

 private:
  // The stored bytes of the event: equal bytes in the same slot mean the same event.
  using Fingerprint = std::string;
  struct Mark {
    std::size_t size = 0;
    Fingerprint last{};
    State state;
  };
  bool still_valid(const TraceLog& trace) const {
    return size_ == 0 || (size_ <= trace.size() && trace.fingerprint(size_ - 1) == last_);
  }
  template <class Restore>
  void fall_back(const TraceLog& trace, Restore&& restore) {
    while (!marks_.empty() && (marks_.back().size > trace.size() ||
                               trace.fingerprint(marks_.back().size - 1) != marks_.back().last))
      marks_.pop_back();
    if (marks_.empty()) {
      state_ = State{};
      size_ = 0;
    } else {
      state_ = marks_.back().state;
      size_ = marks_.back().size;
    }
    restore(state_);
  }

  State state_{};
  std::size_t size_ = 0;
  Fingerprint last_{};
  std::vector<Mark> marks_;
};

}  // namespace zs::view

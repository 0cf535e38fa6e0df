#include "attach/recorded_source.hpp"

#include <algorithm>

#include "attach/attach_source.hpp"

namespace zs::attach {

RecordedSource::RecordedSource(Recording recording) : recording_(std::move(recording)) {
  at_ms_ = recording_.first_poll_ms();  // the first look at every server, not the empty rows before it
}

view::Observes RecordedSource::observes() const {
  view::Observes o;
  o.step = false;  // it moves by time, not by event: seek()
  o.rewind = true;
  o.messages = false;
  o.votes = false;
  o.server_trees = false;
  o.inject_faults = false;
  return o;
}

void RecordedSource::seek(std::int64_t at_ms) {
  at_ms_ = std::clamp(at_ms, recording_.begin_ms(), std::max(recording_.begin_ms(), recording_.end_ms()));
}

void RecordedSource::fill(view::ClusterView& m, const view::Display&) {
  shown_ = recording_.at(at_ms_);
  fill_attached(m, *shown_, recording_.header().hosts, recording_.header().refresh_ms, sids_);
  m.observes = observes();
  // The recording's whole span is there to scrub: the furthest moment is its end.
  m.furthest_ms = recording_.end_ms() - shown_->started_ms;
  view::AttachedModel& a = *m.attached;
  a.recording_path.clear();
  a.recording_active = false;
  a.recorded = true;
  a.recorded_file = recording_.path();
  a.recorded_from_ms = recording_.begin_ms();
  a.recorded_to_ms = recording_.end_ms();
  a.shown_ms = at_ms_;
  a.recorded_closed = recording_.closed();
}

}  // namespace zs::attach

// A recorded attach as a ClusterSource: the same views as a live attach, at a moment of the
// recording the window picks (seek). Nothing is re-simulated: each moment is what the monitor
// had observed then (attach/recording.hpp). It can rewind and seek, never step a server or
// inject a fault, and it sees no more than the live attach saw.
#pragma once

#include <cstdint>
#include <memory>
#include <vector>

#include "attach/recording.hpp"
#include "view/source.hpp"

namespace zs::attach {

class RecordedSource final : public view::ClusterSource {
 public:
  explicit RecordedSource(Recording recording);
  view::Observes observes() const override;
  void fill(view::ClusterView& model, const view::Display& display) override;
  std::optional<run::Happening> last_happening() const override { return std::nullopt; }

  // The moment shown, wall clock ms since 1970, within [begin_ms, end_ms] of the recording
  // (at first: its first_poll_ms).
  void seek(std::int64_t at_ms);
  std::int64_t time() const { return at_ms_; }
  const Recording& recording() const { return recording_; }
  Recording& recording() { return recording_; }

 private:
  Recording recording_;
  std::int64_t at_ms_ = 0;
  std::shared_ptr<const Observation> shown_;
  std::vector<Sid> sids_;
};

}  // namespace zs::attach

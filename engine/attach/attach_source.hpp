// An attached real ensemble as a ClusterSource: the views draw what the monitor observed.
// From outside zooscope sees each server's mode, zxid, epoch and counters, the leader, the
// sessions (`cons`) and the znode tree as one client session reads it; it cannot see votes,
// proposals or messages between servers, nor step, rewind or inject faults (Observes says so,
// and the views say "not observable when attached").
#pragma once

#include <cstdint>
#include <memory>
#include <string>

#include "attach/monitor.hpp"
#include "view/source.hpp"

namespace zs::attach {

class AttachSource final : public view::ClusterSource {
 public:
  explicit AttachSource(MonitorOptions options);
  view::Observes observes() const override;
  void fill(view::ClusterView& model, const view::Display& display) override;
  std::optional<run::Happening> last_happening() const override { return std::nullopt; }

  const Monitor& monitor() const { return *monitor_; }

 private:
  std::unique_ptr<Monitor> monitor_;
  std::shared_ptr<const Observation> shown_;  // keeps the frame's tree alive
  std::vector<Sid> sids_;
};

// Fills `model` from one observation (a live one or a recorded moment): the servers as peers,
// the attached model, the sessions from `cons`. `sids` gets the peers' ids (view_sids).
void fill_attached(view::ClusterView& model, const Observation& o, const std::string& hosts, std::int32_t refresh_ms,
                   std::vector<Sid>& sids);

// The peers a set of rows is drawn as: each server's real id when every serving server's id
// is known and they differ, else 1..N in connect-string order.
std::vector<Sid> view_sids(const std::vector<ServerRow>& rows);

}  // namespace zs::attach

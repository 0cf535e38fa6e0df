// Small helpers for simulator tests.
#pragma once

#include <string>
#include <vector>

#include "config/config.hpp"
#include "peer/quorum_peer.hpp"
#include "sim/simulator.hpp"

namespace zs::test {

inline ScheduledAction act(ScheduledAction::Kind kind, Sid sid, Ms at) {
  ScheduledAction a;
  a.kind = kind;
  a.sid = sid;
  a.at = at;
  return a;
}
inline ScheduledAction start(Sid sid, Ms at) { return act(ScheduledAction::Kind::Start, sid, at); }
inline ScheduledAction crash(Sid sid, Ms at) { return act(ScheduledAction::Kind::Crash, sid, at); }
inline ScheduledAction restart(Sid sid, Ms at) { return act(ScheduledAction::Kind::Restart, sid, at); }
inline ScheduledAction partition(std::vector<std::vector<Sid>> groups, Ms at) {
  ScheduledAction a;
  a.kind = ScheduledAction::Kind::Partition;
  a.groups = std::move(groups);
  a.at = at;
  return a;
}
inline ScheduledAction heal(Ms at) { return act(ScheduledAction::Kind::HealAll, 0, at); }

// Status of one server right now.
inline PeerStatus status(const Simulator& sim, Sid sid) { return sim.peer(sid).status; }

// The ZooKeeper log lines (text after " - ") one server wrote.
inline std::vector<std::string> log_lines(const Simulator& sim, Sid sid) {
  std::vector<std::string> out;
  for (const auto& ev : sim.trace())
    if (const auto* l = std::get_if<LogLine>(&ev.body))
      if (l->sid == sid) out.push_back(format_log(*l, sim.trace_context()));
  return out;
}

inline bool contains(const std::vector<std::string>& lines, const std::string& text) {
  for (const auto& l : lines)
    if (l == text) return true;
  return false;
}

// Running voters all follow one serving leader (and it leads), in its current epoch (a
// follower still attached to an earlier reign of the same leader does not count).
inline bool all_running_voters_follow_one_leader(const Simulator& sim) {
  const auto leader = sim.stable_leader();
  if (!leader) return false;
  const std::int64_t epoch = sim.peer(*leader).current_epoch;
  for (const auto& p : sim.snapshot()) {
    if (!p.up || p.type != LearnerType::Participant) continue;
    if (p.sid == *leader) continue;
    if (p.status != PeerStatus::Following || p.leader != *leader || !p.serving) return false;
    if (p.current_epoch != epoch) return false;
  }
  return true;
}

inline std::string tutorial_file(int i) {
  return std::string(ZS_SOURCE_DIR) + "/assets/ensembles/tutorial-3/zoo" + std::to_string(i) + ".cfg";
}

}  // namespace zs::test

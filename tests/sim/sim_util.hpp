// Small helpers for simulator tests.
#pragma once

#include <string>
#include <vector>

#include "config/config.hpp"
#include "peer/quorum_peer.hpp"
#include "sim/simulator.hpp"

namespace zs::test {

inline ScheduledAction start(Sid sid, Ms at) { return server_action(ScheduledAction::Kind::Start, sid, at); }
inline ScheduledAction crash(Sid sid, Ms at) { return server_action(ScheduledAction::Kind::Crash, sid, at); }
inline ScheduledAction restart(Sid sid, Ms at) { return server_action(ScheduledAction::Kind::Restart, sid, at); }
inline ScheduledAction partition(std::vector<std::vector<Sid>> groups, Ms at) {
  ScheduledAction a;
  a.kind = ScheduledAction::Kind::Partition;
  a.groups = std::move(groups);
  a.at = at;
  return a;
}
inline ScheduledAction heal(Ms at) { return server_action(ScheduledAction::Kind::HealAll, 0, at); }
// A client connected to `sid` (session `session`) sends `request` at `at`.
inline ScheduledAction write(Sid sid, Ms at, WriteRequest request, std::int64_t session = 0) {
  ScheduledAction a = server_action(ScheduledAction::Kind::Write, sid, at);
  a.session_id = session != 0 ? session : sid << 8;
  a.request = std::move(request);
  return a;
}
inline WriteRequest create(std::string path, std::string data) {
  return CreateRequest{std::move(path), std::move(data), open_acl_unsafe(), create_mode::kPersistent, -1, 0};
}
inline WriteRequest set_data(std::string path, std::string data, std::int32_t version = -1) {
  return SetDataRequest{std::move(path), std::move(data), version};
}

// Client number `client` calls `call` (a ConnectRequest connects it to `sid` first).
inline ScheduledAction client_call(std::int32_t client, Ms at, ClientCall call, Sid sid = 0) {
  ScheduledAction a = server_action(ScheduledAction::Kind::Client, sid, at);
  a.client = client;
  a.call = std::move(call);
  return a;
}
inline ScheduledAction client_connect(std::int32_t client, Sid sid, Ms at, std::int32_t timeout_ms = 30000) {
  return client_call(client, at, ConnectRequest{timeout_ms, 0, Zxid{}}, sid);
}
inline ScheduledAction client_kill(std::int32_t client, Ms at) {
  ScheduledAction a = server_action(ScheduledAction::Kind::ClientKill, 0, at);
  a.client = client;
  return a;
}
inline ClientCall get_data(std::string path, bool watch = false) {
  return ReadRequest{opcode::kGetData, std::move(path), watch};
}
inline ClientCall exists(std::string path, bool watch = false) {
  return ReadRequest{opcode::kExists, std::move(path), watch};
}

// Client replies (ClientOp Completed) in the order they happened.
inline std::vector<ClientOp> replies(const Simulator& sim) {
  std::vector<ClientOp> out;
  for (const auto& ev : sim.trace())
    if (const auto* c = std::get_if<ClientOp>(&ev.body))
      if (c->stage == ClientOpStage::Completed) out.push_back(*c);
  return out;
}

// A server's znode data, or "<none>".
inline std::string data_at(const Simulator& sim, Sid sid, const std::string& path) {
  const QuorumPeer* p = sim.peer_object(sid);
  if (!p) return "<down>";
  const auto d = p->tree().get_data(path);
  return d ? d->data : "<none>";
}

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

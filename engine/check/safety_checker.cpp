// Zab's safety rules checked from outside the servers (safety_checker.hpp).
#include "check/safety_checker.hpp"

#include <algorithm>
#include <optional>
#include <variant>

#include <fmt/format.h>

#include "data/errors.hpp"
#include "data/txn.hpp"
#include "peer/quorum_peer.hpp"
#include "sim/simulator.hpp"

namespace zs::check {
namespace {

// Replies that carry a txn of their own: writes and session creation. Reads, syncs and a
// reconnect's validation have none.
bool txn_op(std::int32_t op) {
  return op == opcode::kCreate || op == opcode::kCreate2 || op == opcode::kDelete || op == opcode::kSetData ||
         op == opcode::kSetAcl || op == opcode::kCheck || op == opcode::kMulti || op == opcode::kCreateContainer ||
         op == opcode::kCreateTtl || op == opcode::kCloseSession || op == opcode::kCreateSession;
}

std::string zx(Zxid z) { return "0x" + hex(z); }

}  // namespace

std::string_view to_string(Rule r) {
  switch (r) {
    case Rule::OneLeaderPerEpoch: return "one_leader_per_epoch";
    case Rule::AppliedInZxidOrder: return "applied_in_zxid_order";
    case Rule::CommittedPrefix: return "committed_prefix";
    case Rule::AppliedWasCommitted: return "applied_was_committed";
    case Rule::LeaderHoldsCommitted: return "leader_holds_committed";
    case Rule::AckedWasCommitted: return "acked_was_committed";
    case Rule::SessionWritesInOrder: return "session_writes_in_order";
    case Rule::SameHistorySameTree: return "same_history_same_tree";
    case Rule::SameHistorySameSessions: return "same_history_same_sessions";
    case Rule::EphemeralOwnerLive: return "ephemeral_owner_live";
  }
  return "unknown";
}

std::string to_string(const Violation& v) {
  return fmt::format("{}: {} (t={} ms, event {})", to_string(v.rule), v.details, v.when.at, v.when.event);
}

void SafetyChecker::report(Violation v) {
  if (violations_.size() >= kMaxViolations) {
    ++dropped_;
    return;
  }
  violations_.push_back(std::move(v));
}

bool SafetyChecker::same_txn(PayloadRef a, PayloadRef b, const PayloadStore* payloads) const {
  if (a == b) return true;
  if (payloads == nullptr || !payloads->contains(a) || !payloads->contains(b)) return false;
  return payloads->txn(a) == payloads->txn(b);
}

void SafetyChecker::after_event(const Simulator& sim) {
  ++events_;
  const Moment now{sim.events_processed(), sim.now()};
  std::vector<ReplicaView> replicas;
  replicas.reserve(sim.config().servers.size());
  for (const config::ServerSpec& s : sim.config().servers) {
    const QuorumPeer* p = sim.peer_object(s.sid);
    if (p == nullptr) {
      replicas.push_back(ReplicaView{s.sid});
      continue;
    }
    replicas.push_back(ReplicaView{s.sid, p->serving(), p->state() == ServerState::Leading, p->disk().current_epoch,
                                   &p->applied_history(), p->history_resets()});
  }
  observe_replicas(now, replicas, &sim.payloads());
  const TraceLog& trace = sim.trace();
  for (; trace_seen_ < trace.size(); ++trace_seen_) {
    if (!trace.holds<ClientOp>(trace_seen_)) continue;
    const TraceEvent ev = trace[trace_seen_];
    observe_client_op(Moment{sim.event_of_trace(trace_seen_), ev.at}, std::get<ClientOp>(ev.body));
  }
}

void SafetyChecker::observe_replicas(Moment m, std::span<const ReplicaView> replicas, const PayloadStore* payloads) {
  for (const ReplicaView& r : replicas)
    if (!(r.serving && r.leading)) leading_[r.sid] = false;
  // Leaders first: only they extend C, and a learner may apply a commit in the same event.
  for (const ReplicaView& r : replicas)
    if (r.serving && r.leading) observe_history(m, r, payloads);
  for (const ReplicaView& r : replicas)
    if (r.serving && !r.leading) observe_history(m, r, payloads);
}

void SafetyChecker::observe_leader_start(Moment m, const ReplicaView& r) {
  // Established just now (Leader.startZkServer): one leader per epoch, holding all of C.
  leading_[r.sid] = true;
  auto [it, fresh] = leader_of_epoch_.emplace(r.current_epoch, r.sid);
  if (!fresh && it->second != r.sid)
    report({Rule::OneLeaderPerEpoch, r.sid, it->second, Zxid{}, m,
            fmt::format("servers {} and {} both led epoch {}", it->second, r.sid, r.current_epoch)});
  const std::size_t held = r.applied->size();
  if (held < committed_.size())
    report({Rule::LeaderHoldsCommitted, r.sid, 0, committed_[held].zxid, m,
            fmt::format("leader {} of epoch {} was established without committed txn {} (position {})", r.sid,
                        r.current_epoch, zx(committed_[held].zxid), held)});
}

void SafetyChecker::observe_history(Moment m, const ReplicaView& r, const PayloadStore* payloads) {
  const bool leader = r.leading;
  if (leader && !leading_[r.sid]) observe_leader_start(m, r);
  const SharedLog<LoggedTxn>& h = *r.applied;
  Seen& seen = seen_[r.sid];
  if (seen.resets != r.history_resets) {
    seen.resets = r.history_resets;
    seen.verified = 0;
  }
  const std::string who = fmt::format("{} {}", leader ? "leader" : "server", r.sid);
  for (std::size_t k = seen.verified; k < h.size(); ++k) {
    const Zxid z = h[k].zxid;
    std::optional<Violation> v;
    if (k > 0 && z <= h[k - 1].zxid) {
      v = Violation{Rule::AppliedInZxidOrder, r.sid, 0, z, m,
                    fmt::format("{} applied {} after {}", who, zx(z), zx(h[k - 1].zxid))};
    } else if (k < committed_.size()) {
      if (committed_[k].zxid != z || !same_txn(committed_[k].txn, h[k].txn, payloads))
        v = Violation{Rule::CommittedPrefix, r.sid, 0, z, m,
                      fmt::format("{} applied {} at position {} where the committed history has {}{}", who, zx(z), k,
                                  zx(committed_[k].zxid), committed_[k].zxid == z ? " with another txn" : "")};
    } else if (leader) {
      committed_.push_back(h[k]);  // committed by this leader (or, at its start, by its quorum)
    } else {
      v = Violation{Rule::AppliedWasCommitted, r.sid, 0, z, m,
                    fmt::format("{} applied {} which no leader committed", who, zx(z))};
    }
    if (v) {
      report(std::move(*v));
      break;  // the rest of this history would only repeat it
    }
  }
  seen.verified = h.size();
}

void SafetyChecker::observe_client_op(Moment m, const ClientOp& op) {
  if (op.stage != ClientOpStage::Completed) return;
  if (op.err == static_cast<std::int32_t>(Code::ConnectionLoss)) return;
  if (!txn_op(op.op) || op.zxid.raw() == 0) return;
  // The reply comes after the txn was applied where the client is connected, which happens
  // only once the leader committed it.
  ++acked_;
  const auto pos = std::lower_bound(committed_.begin(), committed_.end(), op.zxid,
                                    [](const LoggedTxn& t, Zxid z) { return t.zxid < z; });
  if (pos == committed_.end() || pos->zxid != op.zxid) {
    report({Rule::AckedWasCommitted, op.sid, 0, op.zxid, m,
            fmt::format("server {} acknowledged {} (session 0x{} cxid {}) before any leader committed it", op.sid,
                        zx(op.zxid), hex(op.session_id), op.cxid)});
    return;
  }
  Zxid& last = last_acked_[op.session_id];
  if (op.zxid <= last)
    report({Rule::SessionWritesInOrder, op.sid, 0, op.zxid, m,
            fmt::format("session 0x{}: write cxid {} got {}, not after its earlier write {}", hex(op.session_id), op.cxid,
                        zx(op.zxid), zx(last))});
  last = std::max(last, op.zxid);
}

void SafetyChecker::check_replicas(const Simulator& sim) {
  const Moment now{sim.events_processed(), sim.now()};
  std::map<std::int64_t, std::pair<Sid, std::uint64_t>> digest_at;
  std::map<std::int64_t, std::pair<Sid, const std::map<std::int64_t, std::int32_t>*>> sessions_at;
  for (const config::ServerSpec& s : sim.config().servers) {
    const QuorumPeer* p = sim.peer_object(s.sid);
    if (p == nullptr || !p->serving()) continue;
    for (std::int64_t owner : p->tree().sessions_with_ephemerals())
      if (!p->sessions().count(owner))
        report({Rule::EphemeralOwnerLive, s.sid, 0, Zxid{}, now,
                fmt::format("server {} holds ephemeral {} of session 0x{}, which is not live", s.sid,
                            p->tree().ephemerals(owner).front(), hex(owner))});
    if (p->applied_history().empty()) continue;
    const Zxid last = p->applied_history().back().zxid;
    const std::uint64_t d = p->tree().digest();
    auto [t, fresh_tree] = digest_at.emplace(last.raw(), std::pair{s.sid, d});
    if (!fresh_tree && t->second.second != d)
      report({Rule::SameHistorySameTree, s.sid, t->second.first, last, now,
              fmt::format("servers {} and {} applied the same history up to {} but their trees differ",
                          t->second.first, s.sid, zx(last))});
    auto [l, fresh_sessions] = sessions_at.emplace(last.raw(), std::pair{s.sid, &p->sessions()});
    if (!fresh_sessions && *l->second.second != p->sessions())
      report({Rule::SameHistorySameSessions, s.sid, l->second.first, last, now,
              fmt::format("servers {} and {} applied the same history up to {} but disagree on the live sessions",
                          l->second.first, s.sid, zx(last))});
  }
}

}  // namespace zs::check

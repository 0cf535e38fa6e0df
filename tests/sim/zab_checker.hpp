// Zab's safety properties (reference §9), checked from outside the servers after every
// simulator step. Every committed txn joins one canonical history C, position by
// position; then:
//  - each epoch is established by at most one leader;
//  - a serving server's applied history is a prefix of C (same zxid and txn at every
//    position), so nothing committed is lost, reordered or replaced on a server that serves;
//  - only an established, serving leader extends C, always with higher zxids, and when it
//    starts serving it already holds all of C (a committed txn survives into every later
//    leader's history);
//  - a client reply (a write acknowledged) names a txn that is in C, and one session's
//    acknowledged writes have increasing zxids in the order it sent them.
#pragma once

#include <algorithm>
#include <map>
#include <string>
#include <vector>

#include "peer/payloads.hpp"
#include "peer/quorum_peer.hpp"
#include "sim/simulator.hpp"

namespace zs::test {

class ZabChecker {
 public:
  explicit ZabChecker(const Simulator& sim) : sim_(sim) {}

  // Returns a description of the first violation, or "".
  std::string check() {
    // Leaders first: a follower may apply a commit in the same step its leader made it.
    for (int pass = 0; pass < 2; ++pass) {
      for (const auto& s : sim_.config().servers) {
        const QuorumPeer* p = sim_.peer_object(s.sid);
        const bool leader = p && p->serving() && p->state() == ServerState::Leading;
        if (pass == 0 && !leader) leading_[s.sid] = false;
        if (!p || !p->serving()) continue;
        if ((pass == 0) != leader) continue;
        if (auto f = check_server(*p, leader); !f.empty()) return f;
      }
    }
    return scan_trace();
  }

  // At quiescence: servers that applied the same history hold identical trees.
  std::string check_trees() const {
    std::map<std::int64_t, std::pair<Sid, std::uint64_t>> digest_at;
    for (const auto& s : sim_.config().servers) {
      const QuorumPeer* p = sim_.peer_object(s.sid);
      if (!p || !p->serving() || p->applied_history().empty()) continue;
      const std::int64_t last = p->applied_history().back().zxid.raw();
      const std::uint64_t d = p->tree().digest();
      auto [it, fresh] = digest_at.emplace(last, std::pair{s.sid, d});
      if (!fresh && it->second.second != d)
        return "servers " + std::to_string(it->second.first) + " and " + std::to_string(s.sid) +
               " applied the same history up to " + hex(Zxid(last)) + " but their trees differ";
    }
    return {};
  }

  // Every ephemeral node belongs to a live session, and servers that applied the same
  // history agree on the sessions.
  std::string check_sessions() const {
    std::map<std::int64_t, std::pair<Sid, std::map<std::int64_t, std::int32_t>>> at;
    for (const auto& s : sim_.config().servers) {
      const QuorumPeer* p = sim_.peer_object(s.sid);
      if (!p || !p->serving()) continue;
      for (std::int64_t owner : p->tree().sessions_with_ephemerals())
        if (!p->sessions().count(owner))
          return "server " + std::to_string(s.sid) + " holds ephemeral " + p->tree().ephemerals(owner).front() +
                 " of session " + hex(owner) + " which is not live";
      if (p->applied_history().empty()) continue;
      auto [it, fresh] = at.emplace(p->applied_history().back().zxid.raw(), std::pair{s.sid, p->sessions()});
      if (!fresh && it->second.second != p->sessions())
        return "servers " + std::to_string(it->second.first) + " and " + std::to_string(s.sid) +
               " applied the same history but disagree on the live sessions";
    }
    return {};
  }

  std::size_t committed() const { return c_.size(); }
  std::size_t acknowledged() const { return acked_; }

 private:
  struct Seen {
    std::uint64_t resets = ~std::uint64_t{0};
    std::size_t verified = 0;
  };

  bool same_txn(PayloadRef a, PayloadRef b) const {
    return a == b || sim_.payloads().txn(a) == sim_.payloads().txn(b);
  }

  std::string scan_trace() {
    const auto& tr = sim_.trace();
    for (; trace_seen_ < tr.size(); ++trace_seen_) {
      const TraceEvent& ev = tr[trace_seen_];
      if (const auto* l = std::get_if<LogLine>(&ev.body)) {
        if (l->kind != LogKind::LeaderHaveQuorum) continue;
        const std::int64_t epoch = Zxid(l->a[0]).epoch();
        auto [it, fresh] = leader_of_epoch_.emplace(epoch, l->sid);
        if (!fresh && it->second != l->sid)
          return "two leaders for epoch " + std::to_string(epoch) + ": " + std::to_string(it->second) +
                 " and " + std::to_string(l->sid) + " at t=" + std::to_string(ev.at);
      } else if (const auto* c = std::get_if<ClientOp>(&ev.body)) {
        if (c->stage == ClientOpStage::Submitted) {
          sent_[c->session_id].push_back(c->cxid);
          continue;
        }
        if (c->err == static_cast<std::int32_t>(Code::ConnectionLoss)) continue;
        // Only answers that carry a txn: writes (and session creation). Reads, syncs and a
        // reconnect's validation have no txn of their own.
        const bool txn_op = c->op == opcode::kCreate || c->op == opcode::kCreate2 || c->op == opcode::kDelete ||
                            c->op == opcode::kSetData || c->op == opcode::kSetAcl || c->op == opcode::kCheck ||
                            c->op == opcode::kMulti || c->op == opcode::kCreateContainer ||
                            c->op == opcode::kCreateTtl || c->op == opcode::kCloseSession ||
                            c->op == opcode::kCreateSession;
        if (!txn_op || c->zxid.raw() == 0) continue;
        // The reply comes after the txn was applied where the client is connected, which
        // happens only once the leader committed it.
        ++acked_;
        const auto pos = std::lower_bound(c_.begin(), c_.end(), c->zxid,
                                          [](const LoggedTxn& t, Zxid z) { return t.zxid < z; });
        const bool in_c = pos != c_.end() && pos->zxid == c->zxid;
        if (!in_c)
          return "server " + std::to_string(c->sid) + " acknowledged " + hex(c->zxid) +
                 " (session " + std::to_string(c->session_id) + " cxid " + std::to_string(c->cxid) +
                 ") before any leader committed it";
        Zxid& last = last_acked_[c->session_id];
        if (c->zxid <= last)
          return "session " + std::to_string(c->session_id) + ": write cxid " + std::to_string(c->cxid) +
                 " got " + hex(c->zxid) + ", not after its earlier write " + hex(last);
        last = c->zxid;
      }
    }
    return {};
  }

  std::string check_server(const QuorumPeer& p, bool leader) {
    const auto& h = p.applied_history();
    Seen& seen = seen_[p.id()];
    if (seen.resets != p.history_resets()) {
      seen.resets = p.history_resets();
      seen.verified = 0;
    }
    const std::string who = (leader ? "leader " : "server ") + std::to_string(p.id());
    if (leader && !leading_[p.id()]) {
      // Established just now: it must hold every txn committed so far.
      leading_[p.id()] = true;
      if (h.size() < c_.size())
        return who + " was established without committed txn " + hex(c_[h.size()].zxid) +
               " (position " + std::to_string(h.size()) + ")";
    }
    for (std::size_t k = seen.verified; k < h.size(); ++k) {
      if (k > 0 && h[k].zxid <= h[k - 1].zxid)
        return who + " applied " + hex(h[k].zxid) + " after " + hex(h[k - 1].zxid);
      if (k < c_.size()) {
        if (c_[k].zxid != h[k].zxid || !same_txn(c_[k].txn, h[k].txn))
          return who + " applied " + hex(h[k].zxid) + " at position " + std::to_string(k) +
                 " where the committed history has " + hex(c_[k].zxid);
      } else if (leader) {
        c_.push_back(h[k]);  // committed by this leader (or, at its start, by its quorum)
      } else {
        return who + " applied " + hex(h[k].zxid) + " which no leader committed";
      }
    }
    seen.verified = h.size();
    return {};
  }

  const Simulator& sim_;
  std::vector<LoggedTxn> c_;
  std::map<Sid, Seen> seen_;
  std::map<Sid, bool> leading_;  // serving as leader at the last check
  std::map<std::int64_t, Sid> leader_of_epoch_;
  std::map<std::int64_t, std::vector<std::int32_t>> sent_;
  std::map<std::int64_t, Zxid> last_acked_;
  std::size_t acked_ = 0;
  std::size_t trace_seen_ = 0;
};

}  // namespace zs::test

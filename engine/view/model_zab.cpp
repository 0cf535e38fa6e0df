// Builds ClusterView::zab.
#include "view/model_zab.hpp"

#include <algorithm>
#include <optional>
#include <variant>

#include "data/txn.hpp"
#include "election/roster.hpp"
#include "peer/quorum_peer.hpp"
#include "view/payload_words.hpp"

namespace zs::view {
namespace {

ProposalNote txn_note(const PayloadStore& store, PayloadRef ref) {
  if (PayloadStore::kind(ref) != PayloadKind::Txn || !store.contains(ref)) return {};
  const Txn& t = store.txn(ref);
  return ProposalNote{t.header.type, txn_words(t)};
}

// The leader's sync decision for one learner is the DIFF, TRUNC or SNAP packet it sends
// (LearnerHandler.syncFollower), read from the packet rather than from the SyncMode log line.
std::optional<SyncMode> sync_mode_of(PacketType type) {
  switch (type) {
    case PacketType::Diff: return SyncMode::Diff;
    case PacketType::Trunc: return SyncMode::Trunc;
    case PacketType::Snap: return SyncMode::Snap;
    default: return std::nullopt;
  }
}

}  // namespace

void ZabCache::build(const Simulator& sim, ClusterView& model) {
  std::vector<Sid> sids;
  sids.reserve(model.peers.size());
  for (const PeerSnapshot& p : model.peers) sids.push_back(p.sid);
  auto size_for = [&](ZabScanState& st) {
    st.sids = sids;
    st.sync.assign(sids.size(), ZabSyncNote{});
  };
  if (scan_.state().sids != sids) {
    scan_.clear();
    history_.clear();
    size_for(scan_.state());
  }
  const PayloadStore& store = sim.payloads();
  const Roster& roster = sim.roster();
  const ZabScanState& s = scan_.update(
      sim.trace(),
      [&](ZabScanState& st, const TraceEvent& ev, std::size_t) {
        if (const auto* c = std::get_if<Committed>(&ev.body)) {
          ZabProposal row;
          row.zxid = c->zxid;
          row.acks = c->acks;
          row.quorum = roster.is_quorum(roster.from_sid_bits(c->acks));
          row.committed = true;
          row.leader = c->sid;
          row.at = ev.at;
          if (auto it = st.proposal_types.find(c->zxid.raw()); it != st.proposal_types.end()) {
            row.type = it->second.type;
            row.what = it->second.what;
          }
          st.proposal_types.erase(st.proposal_types.begin(), st.proposal_types.upper_bound(c->zxid.raw()));
          history_.resize(st.committed);
          history_.push_back(row);
          ++st.committed;
        } else if (const auto* m = std::get_if<MessageSent>(&ev.body)) {
          const auto* p = std::get_if<QuorumPacket>(&m->env.msg);
          if (p == nullptr) return;
          if (p->type == PacketType::Proposal) st.proposal_types[p->zxid.raw()] = txn_note(store, p->payload);
          const auto mode = sync_mode_of(p->type);
          const int i = index_in(st.sids, m->env.target);
          if (mode && i >= 0) st.sync[static_cast<std::size_t>(i)] = ZabSyncNote{true, ev.at, *mode, p->zxid, m->env.source};
        }
      },
      [&](ZabScanState& st) {
        if (st.sids != sids) size_for(st);
        history_.resize(st.committed);
      });
  history_.resize(s.committed);  // a rewind may have left a longer tail

  ZabModel& z = model.zab;
  z.committed_total = history_.size();
  const std::size_t first = history_.size() > kZabRows ? history_.size() - kZabRows : 0;
  z.committed = std::span<const ZabProposal>(history_).subspan(first);
  z.sync = s.sync;
  z.voters = roster.to_sid_bits(roster.voter_mask());
  z.quorum = roster.quorum_size();

  // The leader: a LEADING server (the newest epoch if two think they lead).
  z.leader = 0;
  z.epoch = 0;
  for (const PeerSnapshot& p : model.peers) {
    if (p.status != PeerStatus::Leading) continue;
    if (z.leader == 0 || p.current_epoch > z.epoch) {
      z.leader = p.sid;
      z.epoch = p.current_epoch;
    }
  }
  z.leader_has_quorum = z.leader != 0 && model.stable_leader == z.leader;
  z.pending.clear();
  if (const QuorumPeer* leader = z.leader != 0 ? sim.peer_object(z.leader) : nullptr) {
    const auto& out = leader->outstanding();
    const std::size_t skip = out.size() > kZabRows ? out.size() - kZabRows : 0;
    z.pending.reserve(out.size() - skip);
    for (std::size_t i = skip; i < out.size(); ++i) {
      const QuorumPeer::Proposal& p = out[i];
      ZabProposal row;
      row.zxid = p.zxid;
      const ProposalNote note = txn_note(store, p.txn);
      row.type = note.type;
      row.what = note.what;
      row.acks = roster.to_sid_bits(p.acks);
      row.quorum = roster.is_quorum(p.acks);
      row.leader = z.leader;
      z.pending.push_back(row);
    }
  }
}

}  // namespace zs::view

// Builds ClusterView::txlog.
#include "view/model_txlog.hpp"

#include <algorithm>
#include <variant>

#include "data/txn.hpp"
#include "peer/quorum_peer.hpp"
#include "view/payload_words.hpp"

namespace zs::view {
namespace {

bool committed_by_leader(const std::map<std::int64_t, Zxid>& committed, Zxid z) {
  const auto it = committed.find(z.epoch());
  return it != committed.end() && z <= it->second;
}

constexpr std::size_t kWordsCached = 8192;

}  // namespace

// The txn's opcode and words, when the store still holds it and it is the one for `zxid`.
void TxlogCache::describe(const PayloadStore& store, PayloadRef ref, TxBox& box) {
  if (PayloadStore::kind(ref) != PayloadKind::Txn || !store.contains(ref)) return;
  auto it = words_.find(ref);
  if (it == words_.end()) {
    const Txn& t = store.txn(ref);
    if (t.header.zxid != box.zxid) return;
    if (words_.size() >= kWordsCached) words_.clear();
    it = words_.emplace(ref, Words{t.header.type, txn_words(t)}).first;
  }
  box.type = it->second.type;
  box.what = it->second.what;
}

void TxlogCache::build(const Simulator& sim, ClusterView& model) {
  std::vector<Sid> sids;
  sids.reserve(model.peers.size());
  for (const PeerSnapshot& p : model.peers) sids.push_back(p.sid);
  auto size_for = [&](TxlogScanState& st) {
    st.sids = sids;
    st.sync.assign(sids.size(), ZabSyncNote{});
    st.reported.assign(sids.size(), Zxid{});
    st.cut_to.assign(sids.size(), Zxid{});
    st.cut_from.assign(sids.size(), Zxid{});
  };
  if (scan_.state().sids != sids) {  // another ensemble, another run
    scan_.clear();
    words_.clear();
    built_for_.reset();
    size_for(scan_.state());
  }
  const TxlogScanState& s = scan_.update(
      sim.trace(),
      [&](TxlogScanState& st, const TraceEvent& ev, std::size_t) {
        if (const auto* c = std::get_if<Committed>(&ev.body)) {
          Zxid& newest = st.committed[c->zxid.epoch()];
          newest = std::max(newest, c->zxid);
        } else if (const auto* m = std::get_if<MessageSent>(&ev.body)) {
          const auto* p = std::get_if<QuorumPacket>(&m->env.msg);
          if (p == nullptr) return;
          if (p->type == PacketType::Proposal) {
            st.proposals[p->zxid.raw()] = p->payload;
            if (st.proposals.size() > kTxlogWords) st.proposals.erase(st.proposals.begin());
          } else if (p->type == PacketType::AckEpoch) {
            // Its last zxid, as the leader reads it (peerLastZxid).
            const int i = index_in(st.sids, m->env.source);
            if (i >= 0) st.reported[static_cast<std::size_t>(i)] = p->zxid;
          }
        } else if (const auto* d = std::get_if<MessageDelivered>(&ev.body)) {
          const auto* p = std::get_if<QuorumPacket>(&d->env.msg);
          if (p == nullptr) return;
          SyncMode mode = SyncMode::None;
          switch (p->type) {
            case PacketType::Diff: mode = SyncMode::Diff; break;
            case PacketType::Trunc: mode = SyncMode::Trunc; break;
            case PacketType::Snap: mode = SyncMode::Snap; break;
            default: return;
          }
          const int i = index_in(st.sids, d->env.target);
          if (i < 0) return;
          const auto k = static_cast<std::size_t>(i);
          st.sync[k] = ZabSyncNote{true, ev.at, mode, p->zxid, d->env.source};
          // TRUNC cuts off everything after its zxid, up to the last zxid the learner had.
          st.cut_to[k] = p->zxid;
          st.cut_from[k] = mode == SyncMode::Trunc ? std::max(st.reported[k], p->zxid) : p->zxid;
        }
      },
      [&](TxlogScanState& st) {
        if (st.sids != sids) size_for(st);
        words_.clear();  // a rewind: references may name other txns now
        built_for_.reset();
      });
  Key key{sim.events_processed(), sim.trace().size(), model.messages.size(), sids};
  if (built_for_ == key) {  // nothing happened since the last frame
    model.txlog.rows = rows_;
    return;
  }
  built_for_ = std::move(key);

  const PayloadStore& store = sim.payloads();
  std::vector<std::pair<Sid, const QuorumPacket*>> proposals_in_flight;
  for (const InFlightMessage& msg : model.messages) {
    const auto* qp = std::get_if<QuorumPacket>(&msg.env.msg);
    if (qp != nullptr && qp->type == PacketType::Proposal && !msg.lost) proposals_in_flight.emplace_back(msg.env.target, qp);
  }
  rows_.resize(model.peers.size());
  model.txlog.rows = rows_;
  for (std::size_t r = 0; r < model.peers.size(); ++r) {
    const PeerSnapshot& p = model.peers[r];
    TxlogRow& row = rows_[r];
    row.sid = p.sid;
    row.boxes.clear();
    row.truncated.clear();
    row.sync = r < s.sync.size() ? s.sync[r] : ZabSyncNote{};
    if (row.sync.has && row.sync.mode == SyncMode::Trunc) {
      // The cut-off zxids: consecutive counters of the TRUNC's epoch (ZooKeeper sends a SNAP
      // rather than truncate across an epoch).
      const Zxid to = s.cut_to[r];
      const Zxid from = s.cut_from[r];
      if (from.epoch() == to.epoch() && from > to) {
        const std::int64_t first = std::max(to.counter() + 1, from.counter() - static_cast<std::int64_t>(kTxlogBoxes) + 1);
        for (std::int64_t c = first; c <= from.counter(); ++c) {
          TxBox b;
          b.zxid = Zxid::make(to.epoch(), c);
          if (auto it = s.proposals.find(b.zxid.raw()); it != s.proposals.end()) describe(store, it->second, b);
          row.truncated.push_back(std::move(b));
        }
      }
    }
    const QuorumPeer* q = sim.peer_object(p.sid);
    row.up = q != nullptr;
    if (q == nullptr) {
      row.snapshot_zxid = Zxid{};
      row.log_size = 0;
      continue;
    }
    const PersistedState& disk = q->disk();
    row.snapshot_zxid = disk.snapshot_zxid;
    row.log_size = disk.log.size();
    // A server that finished syncing with a leader of a newer epoch holds only that leader's
    // history before it: committed when a quorum ACKed NEWLEADER.
    const std::int64_t synced_epoch = p.zab == ZabState::Broadcast ? p.current_epoch : -1;
    const Zxid applied = q->last_processed_zxid();
    const std::size_t first = row.log_size > kTxlogBoxes ? row.log_size - kTxlogBoxes : 0;
    row.boxes.reserve(row.log_size - first);
    for (std::size_t i = first; i < row.log_size; ++i) {
      const LoggedTxn& t = disk.log[i];
      TxBox b;
      b.zxid = t.zxid;
      describe(store, t.txn, b);
      b.logged = true;
      b.applied = t.zxid <= applied;
      b.committed = committed_by_leader(s.committed, t.zxid) || t.zxid.epoch() < synced_epoch;
      row.boxes.push_back(std::move(b));
    }
    // The leader's outstanding proposals (logged here at once, waiting for a quorum of ACKs).
    if (p.status == PeerStatus::Leading && !q->outstanding().empty()) {
      const Zxid oldest = q->outstanding().front().zxid;
      for (TxBox& b : row.boxes)
        if (b.zxid >= oldest && !b.committed) b.proposed = true;
    }
    // PROPOSALs on their way to it, newer than its log.
    const Zxid last_logged = disk.last_logged_zxid();
    const std::size_t logged_boxes = row.boxes.size();
    for (const auto& [target, qp] : proposals_in_flight) {
      if (target != p.sid || qp->zxid <= last_logged) continue;
      TxBox b;
      b.zxid = qp->zxid;
      describe(store, qp->payload, b);
      b.proposed = true;
      b.committed = committed_by_leader(s.committed, b.zxid);
      row.boxes.push_back(std::move(b));
    }
    std::sort(row.boxes.begin() + static_cast<std::ptrdiff_t>(logged_boxes), row.boxes.end(),
              [](const TxBox& a, const TxBox& b) { return a.zxid < b.zxid; });
    if (row.boxes.size() > kTxlogBoxes)
      row.boxes.erase(row.boxes.begin(), row.boxes.begin() + static_cast<std::ptrdiff_t>(row.boxes.size() - kTxlogBoxes));
  }
}

}  // namespace zs::view

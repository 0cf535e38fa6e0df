// Builds ClusterView::votes. A cell is the last Notification delivered to the receiver from
// the sender since the receiver's newest "New election" log line: what its recvset (and its
// out-of-election set) saw, including notifications from observers and from finished servers.
#include "view/model_votes.hpp"

#include <algorithm>
#include <variant>

namespace zs::view {
namespace {

void apply(VotesScanState& s, const TraceEvent& ev) {
  const std::size_t n = s.sids.size();
  if (const auto* d = std::get_if<MessageDelivered>(&ev.body)) {
    const auto* note = std::get_if<Notification>(&d->env.msg);
    if (note == nullptr) return;
    const int r = index_in(s.sids, d->env.target);
    const int c = index_in(s.sids, d->env.source);
    if (r < 0 || c < 0) return;
    VoteCell& cell = s.cells[static_cast<std::size_t>(r) * n + static_cast<std::size_t>(c)];
    cell.has = true;
    cell.at = ev.at;
    cell.note = *note;
  } else if (const auto* v = std::get_if<VoteChanged>(&ev.body)) {
    const int r = index_in(s.sids, v->sid);
    if (r < 0) return;
    s.last_change[static_cast<std::size_t>(r)] = VoteChangeNote{true, ev.at, v->from, v->to, v->rule, v->because_of};
  } else if (const auto* l = std::get_if<LogLine>(&ev.body)) {
    if (l->kind != LogKind::NewElection) return;
    const int r = index_in(s.sids, l->sid);
    if (r < 0) return;
    // A new election: the row starts empty again.
    const auto row = s.cells.begin() + static_cast<std::ptrdiff_t>(static_cast<std::size_t>(r) * n);
    std::fill(row, row + static_cast<std::ptrdiff_t>(n), VoteCell{});
    s.election_started[static_cast<std::size_t>(r)] = ev.at;
  }
}

void size_for(VotesScanState& s, const std::vector<Sid>& sids) {
  s.sids = sids;
  s.cells.assign(sids.size() * sids.size(), VoteCell{});
  s.last_change.assign(sids.size(), VoteChangeNote{});
  s.election_started.assign(sids.size(), -1);
}

}  // namespace

void VotesCache::build(const TraceLog& trace, ClusterView& model) {
  std::vector<Sid> sids;
  sids.reserve(model.peers.size());
  for (const PeerSnapshot& p : model.peers) sids.push_back(p.sid);
  if (scan_.state().sids != sids) {
    scan_.clear();
    size_for(scan_.state(), sids);
  }
  const VotesScanState& s = scan_.update(
      trace, [](VotesScanState& st, const TraceEvent& ev, std::size_t) { apply(st, ev); },
      [&](VotesScanState& st) {
        if (st.sids != sids) size_for(st, sids);
      });
  model.votes.cells = s.cells;
  model.votes.last_change = s.last_change;
  model.votes.election_started = s.election_started;
  tally_votes(model);
}

void tally_votes(ClusterView& model) {
  VotesModel& v = model.votes;
  v.tally.clear();
  v.voters = 0;
  for (const PeerSnapshot& p : model.peers) {
    if (p.type != LearnerType::Participant) continue;
    ++v.voters;
    if (!p.up) continue;
    auto it = std::find_if(v.tally.begin(), v.tally.end(), [&](const VoteTally& t) { return t.leader == p.vote.leader; });
    if (it == v.tally.end()) {
      v.tally.push_back(VoteTally{p.vote.leader, 0, false});
      it = v.tally.end() - 1;
    }
    ++it->votes;
  }
  v.quorum = v.voters / 2 + 1;
  for (VoteTally& t : v.tally) t.quorum = t.votes >= v.quorum;
  std::stable_sort(v.tally.begin(), v.tally.end(), [](const VoteTally& a, const VoteTally& b) {
    return a.votes != b.votes ? a.votes > b.votes : a.leader < b.leader;
  });

  // Over when nobody running is LOOKING and a leader leads a quorum.
  bool anyone_looking = false;
  bool anyone_up = false;
  for (const PeerSnapshot& p : model.peers) {
    anyone_up = anyone_up || p.up;
    anyone_looking = anyone_looking || p.status == PeerStatus::Looking;
  }
  v.election_over = anyone_up && !anyone_looking && model.stable_leader.has_value();
  v.winner = v.election_over ? *model.stable_leader : 0;
  v.winner_epoch = 0;
  if (v.election_over) {
    const int i = model.index_of(v.winner);
    if (i >= 0) v.winner_epoch = model.peers[static_cast<std::size_t>(i)].current_epoch;
  }
}

}  // namespace zs::view

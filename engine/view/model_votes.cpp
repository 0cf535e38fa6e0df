// Builds ClusterView::votes from typed trace events only. A cell is the last Notification
// delivered to the receiver from the sender since the receiver's newest election started (its
// VoteChanged with rule Initial, recorded with the "New election" log line): what its recvset
// (and its out-of-election set) saw, including notifications from observers and from finished
// servers.
#include "view/model_votes.hpp"

#include <algorithm>
#include <variant>

#include "election/roster.hpp"

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
    if (v->rule == VoteRule::Initial) {
      // FastLeaderElection.lookForLeader starts over: the row starts empty again.
      const auto row = s.cells.begin() + static_cast<std::ptrdiff_t>(static_cast<std::size_t>(r) * n);
      std::fill(row, row + static_cast<std::ptrdiff_t>(n), VoteCell{});
      s.election_started[static_cast<std::size_t>(r)] = ev.at;
    }
    s.last_change[static_cast<std::size_t>(r)] = VoteChangeNote{true, ev.at, v->from, v->to, v->rule, v->because_of};
  }
}

// The ensemble as the model shows it (each server's sid and type), for the roster's quorum
// rule: VotesCache::build is handed the trace, not the simulator, so the roster is made from
// the peers. It has the same members and voters as Simulator::roster().
config::EnsembleConfig ensemble_of(const std::vector<PeerSnapshot>& peers) {
  config::EnsembleConfig cfg;
  cfg.servers.reserve(peers.size());
  for (const PeerSnapshot& p : peers) {
    config::ServerSpec s;
    s.sid = p.sid;
    s.type = p.type;
    cfg.servers.push_back(s);
  }
  return cfg;
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
  const config::EnsembleConfig ensemble = ensemble_of(model.peers);
  const Roster roster(ensemble);
  v.tally.clear();
  std::vector<SidMask> backers;  // per tally entry: the running voters whose vote names it
  for (const PeerSnapshot& p : model.peers) {
    if (!roster.is_voter(p.sid) || !p.up) continue;
    auto it = std::find_if(v.tally.begin(), v.tally.end(), [&](const VoteTally& t) { return t.leader == p.vote.leader; });
    if (it == v.tally.end()) {
      v.tally.push_back(VoteTally{p.vote.leader, 0, false});
      backers.push_back(0);
      it = v.tally.end() - 1;
    }
    ++it->votes;
    backers[static_cast<std::size_t>(it - v.tally.begin())] |= roster.bit(p.sid);
  }
  v.voters = roster.voter_count();
  v.quorum = roster.quorum_size();
  for (std::size_t i = 0; i < v.tally.size(); ++i) v.tally[i].quorum = roster.is_quorum(backers[i]);
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

// Builds ClusterView::votes from typed trace events only. A cell is the last Notification
// delivered to the receiver from the sender since the receiver's newest election started (its
// VoteChanged with rule Initial, recorded with the "New election" log line): what its recvset
// (and its out-of-election set) saw, including notifications from observers and from finished
// servers. Each server's switches in its current election are kept with the comparison that
// decided them, so they still say why after the election ended.
#include "view/model_votes.hpp"

#include <algorithm>
#include <variant>

#include "election/fast_leader_election.hpp"
#include "election/roster.hpp"

namespace zs::view {

VoteCheck compare_votes(const Vote& received, const Vote& held) {
  if (auto r = vote_beats(received.leader, received.zxid, received.peer_epoch, held.leader, held.zxid, held.peer_epoch)) {
    switch (*r) {
      case VoteRule::HigherPeerEpoch: return VoteCheck::EpochHigher;
      case VoteRule::HigherZxid: return VoteCheck::Rule1;
      case VoteRule::HigherSid: return VoteCheck::Rule3;
      default: return VoteCheck::None;
    }
  }
  if (auto r = vote_beats(held.leader, held.zxid, held.peer_epoch, received.leader, received.zxid, received.peer_epoch)) {
    switch (*r) {
      case VoteRule::HigherPeerEpoch: return VoteCheck::EpochLower;
      case VoteRule::HigherZxid: return VoteCheck::Rule2;
      case VoteRule::HigherSid: return VoteCheck::Rule4;
      default: return VoteCheck::None;
    }
  }
  return VoteCheck::Equal;
}

namespace {

// A change that is no switch: the same vote (a decision for the leader it proposed may still
// bring the peerEpoch its followers now answer with, reference §2.6).
bool same_vote(const VoteChanged& v) {
  const bool same = v.from.leader == v.to.leader && v.from.zxid == v.to.zxid;
  return v.rule == VoteRule::Decided ? same : same && v.from.peer_epoch == v.to.peer_epoch;
}

Vote vote_of(const Notification& n) {
  return Vote{n.leader, n.zxid, n.election_epoch, n.peer_epoch, n.state, 0};
}

// A switch of row r's vote: what decided it, and the notification that caused it (the
// receiver handles a notification as it is delivered, so its cell holds it).
VoteSwitch make_switch(const VotesScanState& s, std::size_t r, const TraceEvent& ev, std::size_t index,
                       const VoteChanged& v) {
  const std::size_t n = s.sids.size();
  VoteSwitch w;
  w.at = ev.at;
  w.seq = index;
  w.sid = v.sid;
  w.from = v.from;
  w.to = v.to;
  w.rule = v.rule;
  w.because_of = v.because_of;
  if (v.rule == VoteRule::Decided && s.last_sender[r] >= 0)
    w.because_of = s.sids[static_cast<std::size_t>(s.last_sender[r])];  // its FOLLOWING/LEADING reply
  const int c = index_in(s.sids, w.because_of);
  if (c >= 0) {
    const VoteCell& cell = s.cells[r * n + static_cast<std::size_t>(c)];
    if (cell.has) {
      w.has_sender = true;
      w.sender = cell.note;
    }
  }
  switch (v.rule) {
    case VoteRule::HigherPeerEpoch: w.check = VoteCheck::EpochHigher; break;
    case VoteRule::HigherZxid: w.check = VoteCheck::Rule1; break;
    case VoteRule::HigherSid: w.check = VoteCheck::Rule3; break;
    case VoteRule::HigherRound:
      // Its own initial vote came back: why the sender's did not beat it.
      if (w.has_sender) w.check = compare_votes(vote_of(w.sender), v.to);
      break;
    default: break;
  }
  return w;
}

void apply(VotesScanState& s, const TraceEvent& ev, std::size_t index) {
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
    s.last_sender[static_cast<std::size_t>(r)] = c;
  } else if (const auto* st = std::get_if<StateChanged>(&ev.body)) {
    const int r = index_in(s.sids, st->sid);
    if (r >= 0) s.looking[static_cast<std::size_t>(r)] = st->to == PeerStatus::Looking;
  } else if (const auto* v = std::get_if<VoteChanged>(&ev.body)) {
    const int ri = index_in(s.sids, v->sid);
    if (ri < 0) return;
    const auto r = static_cast<std::size_t>(ri);
    if (v->rule == VoteRule::Initial) {
      // FastLeaderElection.lookForLeader starts over: the row starts empty again.
      const auto row = s.cells.begin() + static_cast<std::ptrdiff_t>(r * n);
      std::fill(row, row + static_cast<std::ptrdiff_t>(n), VoteCell{});
      // A new election of the ensemble when nobody else is electing.
      bool others_looking = false;
      for (std::size_t i = 0; i < n; ++i) others_looking = others_looking || (i != r && s.looking[i] != 0);
      if (!others_looking) {
        s.episode_seq = index;
        s.episode_at = ev.at;
      }
      s.looking[r] = 1;
      s.why[r] = VoteWhy{true, ev.at, 0, VoteSwitch{}};
      s.switches[r].clear();
      s.dropped[r] = 0;
      s.last_sender[r] = -1;
      return;
    }
    // The epoch update after discovery and a decision for the vote it held are no switch.
    if (v->rule == VoteRule::EpochUpdated || same_vote(*v)) return;
    const VoteSwitch w = make_switch(s, r, ev, index, *v);
    std::vector<VoteSwitch>& list = s.switches[r];
    if (list.size() == kVoteHistory) {
      list.erase(list.begin());
      ++s.dropped[r];
    }
    list.push_back(w);
    ++s.why[r].switches;
    s.why[r].last = w;
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
  s = VotesScanState{};
  s.sids = sids;
  s.cells.assign(sids.size() * sids.size(), VoteCell{});
  s.why.assign(sids.size(), VoteWhy{});
  s.switches.assign(sids.size(), {});
  s.dropped.assign(sids.size(), 0);
  s.looking.assign(sids.size(), 0);
  s.last_sender.assign(sids.size(), -1);
}

// The last election's switches of every server, in trace order.
void fill_history(const VotesScanState& s, VotesModel& v) {
  v.history.clear();
  v.history_dropped = 0;
  v.history_started = s.episode_at;
  for (std::size_t r = 0; r < s.switches.size(); ++r) {
    if (s.why[r].in_election && !s.switches[r].empty() && s.switches[r].front().seq >= s.episode_seq)
      v.history_dropped += s.dropped[r];
    for (const VoteSwitch& w : s.switches[r])
      if (w.seq >= s.episode_seq) v.history.push_back(w);
  }
  std::sort(v.history.begin(), v.history.end(), [](const VoteSwitch& a, const VoteSwitch& b) { return a.seq < b.seq; });
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
      trace, [](VotesScanState& st, const TraceEvent& ev, std::size_t i) { apply(st, ev, i); },
      [&](VotesScanState& st) {
        if (st.sids != sids) size_for(st, sids);
      });
  model.votes.cells = s.cells;
  model.votes.why = s.why;
  fill_history(s, model.votes);
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

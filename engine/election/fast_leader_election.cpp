#include "election/fast_leader_election.hpp"

#include <algorithm>

namespace zs {

std::optional<VoteRule> vote_beats(Sid new_id, Zxid new_zxid, std::int64_t new_epoch, Sid cur_id,
                                   Zxid cur_zxid, std::int64_t cur_epoch) {
  // QuorumMaj gives every server weight 1, so the weight-0 exclusion never applies here.
  if (new_epoch > cur_epoch) return VoteRule::HigherPeerEpoch;
  if (new_epoch < cur_epoch) return std::nullopt;
  if (new_zxid > cur_zxid) return VoteRule::HigherZxid;
  if (new_zxid < cur_zxid) return std::nullopt;
  if (new_id > cur_id) return VoteRule::HigherSid;
  return std::nullopt;
}

FastLeaderElection::Init FastLeaderElection::initial(const ElectionHost& host) const {
  // Non-voters propose Long.MIN_VALUE for everything and so never win (getInitId & co).
  if (!host.is_participant()) return {kMinLong, Zxid(kMinLong), kMinLong};
  return {host.myid(), host.last_logged_zxid(), host.current_epoch()};
}

Vote FastLeaderElection::proposal() const {
  return Vote{proposed_leader_, proposed_zxid_, logical_clock_, proposed_epoch_,
              ServerState::Looking, 0};
}

void FastLeaderElection::update_proposal(ElectionHost& host, Sid leader, Zxid zxid,
                                         std::int64_t epoch, VoteRule rule, Sid because_of) {
  update_proposal(host, proposal(), leader, zxid, epoch, rule, because_of);
}

void FastLeaderElection::update_proposal(ElectionHost& host, const Vote& before, Sid leader, Zxid zxid,
                                         std::int64_t epoch, VoteRule rule, Sid because_of) {
  proposed_leader_ = leader;
  proposed_zxid_ = zxid;
  proposed_epoch_ = epoch;
  host.emit(VoteChanged{host.myid(), before, proposal(), rule, because_of});
}

void FastLeaderElection::send_notifications(ElectionHost& host) {
  const Roster& r = host.roster();
  const Notification n{ServerState::Looking, proposed_leader_, proposed_zxid_, logical_clock_,
                       proposed_epoch_};
  for (int i = 0; i < r.size(); ++i)
    if (r.voter_mask() >> i & 1U) host.send_notification(r.sid_at(i), n);
}

void FastLeaderElection::reply(ElectionHost& host, Sid target, const Vote& v, std::int64_t round) {
  host.send_notification(target,
                         Notification{host.peer_state(), v.leader, v.zxid, round, v.peer_epoch});
}

void FastLeaderElection::start(ElectionHost& host, Ms now) {
  const std::size_t n = static_cast<std::size_t>(host.roster().size());
  active_ = true;
  started_at_ = now;
  recvset_.assign(n, std::nullopt);
  outofelection_.assign(n, std::nullopt);
  not_timeout_ = host.roster().config().min_notification_interval_ms;
  ++logical_clock_;
  const Init init = initial(host);
  update_proposal(host, init.id, init.zxid, init.epoch, VoteRule::Initial, 0);
  LogLine line;
  line.sid = host.myid();
  line.kind = LogKind::NewElection;
  line.a[0] = proposed_zxid_.raw();
  host.emit(line);
  send_notifications(host);
  poll_deadline_ = now + not_timeout_;
  finalize_deadline_ = kNever;
}

void FastLeaderElection::on_notification(ElectionHost& host, Sid from, const Notification& n,
                                         Ms now) {
  const Roster& r = host.roster();
  // WorkerReceiver: a non-voter gets my current vote at once and is not queued.
  if (!r.is_voter(from)) {
    const Vote& cur = host.current_vote();
    reply(host, from, cur, logical_clock_);
    return;
  }
  LogLine line;
  line.sid = host.myid();
  line.kind = LogKind::NotificationReceived;
  line.my_state = host.peer_state();
  line.a[0] = from;
  line.note = n;
  host.emit(line);

  if (host.peer_state() == ServerState::Looking) {
    // A LOOKING sender in an older round learns my round and proposal straight away.
    if (n.state == ServerState::Looking && n.election_epoch < logical_clock_)
      reply(host, from, proposal(), logical_clock_);
    if (active_) loop_step(host, from, n, now);
  } else if (n.state == ServerState::Looking) {
    const Vote& cur = host.current_vote();
    reply(host, from, cur, cur.election_epoch);
  }
}

void FastLeaderElection::loop_step(ElectionHost& host, Sid from, const Notification& n, Ms now) {
  if (finalizing()) {
    // The finalize wait consumes notifications that are not better; a better one goes
    // back to the queue and the election continues with it.
    if (!vote_beats(n.leader, n.zxid, n.peer_epoch, proposed_leader_, proposed_zxid_,
                    proposed_epoch_)) {
      finalize_deadline_ = now + kFinalizeWaitMs;
      return;
    }
    finalize_deadline_ = kNever;
  }
  const Roster& r = host.roster();
  if (r.is_voter(from) && r.is_voter(n.leader)) {
    switch (n.state) {
      case ServerState::Looking: on_looking(host, from, n, now); break;
      case ServerState::Observing: break;
      case ServerState::Following:
      case ServerState::Leading: on_following_or_leading(host, from, n, now); break;
    }
  }
  if (active_ && !finalizing()) poll_deadline_ = now + not_timeout_;
}

SidMask FastLeaderElection::agreeing(const std::vector<std::optional<Vote>>& votes,
                                     const Vote& target) {
  SidMask m = 0;
  for (std::size_t i = 0; i < votes.size(); ++i)
    if (votes[i] && votes_equal(*votes[i], target)) m |= SidMask{1} << i;
  return m;
}

void FastLeaderElection::on_looking(ElectionHost& host, Sid from, const Notification& n, Ms now) {
  const Init init = initial(host);
  if (init.zxid.raw() == -1 || n.zxid.raw() == -1) return;
  if (n.election_epoch > logical_clock_) {
    // The vote before, in its old round: the change shows the round it left.
    const Vote before = proposal();
    logical_clock_ = n.election_epoch;
    std::fill(recvset_.begin(), recvset_.end(), std::nullopt);
    // updateProposal(n's vote) if totalOrderPredicate(n, my initial vote), else my initial
    // vote: the comparison that decided is that one, not the round.
    if (auto rule = vote_beats(n.leader, n.zxid, n.peer_epoch, init.id, init.zxid, init.epoch))
      update_proposal(host, before, n.leader, n.zxid, n.peer_epoch, *rule, from);
    else
      update_proposal(host, before, init.id, init.zxid, init.epoch, VoteRule::HigherRound, from);
    send_notifications(host);
  } else if (n.election_epoch < logical_clock_) {
    return;
  } else if (auto rule = vote_beats(n.leader, n.zxid, n.peer_epoch, proposed_leader_,
                                    proposed_zxid_, proposed_epoch_)) {
    update_proposal(host, n.leader, n.zxid, n.peer_epoch, *rule, from);
    send_notifications(host);
  }
  const int i = host.roster().index_of(from);
  recvset_[static_cast<std::size_t>(i)] =
      Vote{n.leader, n.zxid, n.election_epoch, n.peer_epoch, ServerState::Looking, 0};
  if (host.roster().is_quorum(agreeing(recvset_, proposal())))
    finalize_deadline_ = now + kFinalizeWaitMs;
}

bool FastLeaderElection::check_leader(const ElectionHost& host,
                                      const std::vector<std::optional<Vote>>& votes, Sid leader,
                                      std::int64_t round) const {
  if (leader != host.myid()) {
    const int i = host.roster().index_of(leader);
    if (i < 0) return false;
    const auto& v = votes[static_cast<std::size_t>(i)];
    return v && v->state == ServerState::Leading;
  }
  return logical_clock_ == round;
}

void FastLeaderElection::on_following_or_leading(ElectionHost& host, Sid from,
                                                 const Notification& n, Ms now) {
  const std::size_t i = static_cast<std::size_t>(host.roster().index_of(from));
  const Vote tracked{n.leader, n.zxid, n.election_epoch, n.peer_epoch, n.state, n.version};
  const Vote end_vote{n.leader, n.zxid, n.election_epoch, n.peer_epoch, ServerState::Looking, 0};
  if (n.election_epoch == logical_clock_) {
    // Stored without the format version, so it matches on the leader alone.
    recvset_[i] = Vote{n.leader, n.zxid, n.election_epoch, n.peer_epoch, n.state, 0};
    if (host.roster().is_quorum(agreeing(recvset_, tracked)) &&
        check_leader(host, recvset_, n.leader, n.election_epoch)) {
      decide(host, n.leader, end_vote, now);
      return;
    }
  }
  // Servers that finished an election (any round) and agree on leader and epoch.
  outofelection_[i] = tracked;
  if (host.roster().is_quorum(agreeing(outofelection_, tracked)) &&
      check_leader(host, outofelection_, n.leader, n.election_epoch)) {
    logical_clock_ = n.election_epoch;
    decide(host, n.leader, end_vote, now);
    return;
  }
  // receivedLeadingNotification: no quorum follows this leader yet, and the oracle (only
  // for two-voter ensembles that configure one) says no.
  if (n.state == ServerState::Leading) {
    LogLine line;
    line.sid = host.myid();
    line.kind = LogKind::OracleNotToFollow;
    host.emit(line);
  }
}

void FastLeaderElection::decide(ElectionHost& host, Sid leader, const Vote& end_vote, Ms now) {
  const ServerState ss = leader == host.myid() ? ServerState::Leading
                         : host.is_participant() ? ServerState::Following
                                                 : ServerState::Observing;
  active_ = false;
  poll_deadline_ = kNever;
  finalize_deadline_ = kNever;
  host.election_decided(end_vote, ss, now);
}

void FastLeaderElection::on_timer(ElectionHost& host, Ms now) {
  if (!active_) return;
  if (finalizing()) {
    if (now >= finalize_deadline_) decide(host, proposed_leader_, proposal(), now);
    return;
  }
  if (now < poll_deadline_) return;
  if (host.have_delivered())
    send_notifications(host);
  else
    host.connect_all();
  not_timeout_ = std::min<Ms>(not_timeout_ * 2, host.roster().config().max_notification_interval_ms);
  LogLine line;
  line.sid = host.myid();
  line.kind = LogKind::NotificationTimeout;
  line.a[0] = not_timeout_;
  host.emit(line);
  poll_deadline_ = now + not_timeout_;
}

Ms FastLeaderElection::deadline() const {
  if (!active_) return kNever;
  return finalizing() ? finalize_deadline_ : poll_deadline_;
}

}  // namespace zs

#include "peer/quorum_peer.hpp"

#include <algorithm>
#include <type_traits>

#include "core/assert.hpp"

namespace zs {

namespace {
PeerStatus status_of(ServerState s) {
  switch (s) {
    case ServerState::Looking: return PeerStatus::Looking;
    case ServerState::Following: return PeerStatus::Following;
    case ServerState::Leading: return PeerStatus::Leading;
    case ServerState::Observing: return PeerStatus::Observing;
  }
  return PeerStatus::Down;
}
constexpr std::int64_t kProtocolVersion = 0x10000;  // LearnerInfo / LEADERINFO
}  // namespace

QuorumPeer::QuorumPeer(const Roster* roster, Sid myid, PersistedState disk)
    : roster_(roster), myid_(myid), my_index_(roster->index_of(myid)), disk_(disk) {
  ZS_ASSERT(my_index_ >= 0);
  type_ = roster->config().servers[static_cast<std::size_t>(my_index_)].type;
  links_.resize(static_cast<std::size_t>(roster->size()));
}

SyncDecision choose_sync(Zxid peer, Zxid processed) {
  // min = max = lastProcessedZxid for an empty committed log.
  if (peer == processed) return {SyncMode::Diff, peer};
  if (peer > processed && peer.counter() != 0) return {SyncMode::Trunc, processed};
  // Rules 3 and 4 need committed proposals or a txn log to replay; there are none yet.
  return {SyncMode::Snap, processed};
}

// ---------------------------------------------------------------- plumbing

void QuorumPeer::send(Sid target, const Message& m) { out_->sends.push_back(Envelope{myid_, target, m}); }

void QuorumPeer::log(LogKind kind, LogLevel level, std::int64_t a0, std::int64_t a1,
                     std::int64_t a2, std::int64_t a3, std::int64_t a4) {
  LogLine line;
  line.sid = myid_;
  line.level = level;
  line.kind = kind;
  line.my_state = state_;
  line.a = {a0, a1, a2, a3, a4};
  out_->events.push_back(line);
}

void QuorumPeer::set_state(ServerState s) {
  if (s == state_) return;
  out_->events.push_back(StateChanged{myid_, status_of(state_), status_of(s)});
  state_ = s;
  log(LogKind::PeerStateChanged, LogLevel::Info, static_cast<int>(state_), static_cast<int>(zab_),
      static_cast<int>(sync_));
}

void QuorumPeer::set_zab(ZabState z, SyncMode m) {
  if (z == zab_ && m == sync_) return;
  zab_ = z;
  sync_ = m;
  out_->events.push_back(ZabStateChanged{myid_, zab_, sync_});
  log(LogKind::PeerStateChanged, LogLevel::Info, static_cast<int>(state_), static_cast<int>(zab_),
      static_cast<int>(sync_));
}

void QuorumPeer::set_accepted_epoch(std::int64_t e) {
  out_->events.push_back(EpochChanged{myid_, EpochKind::Accepted, disk_.accepted_epoch, e});
  disk_.accepted_epoch = e;
}

void QuorumPeer::set_current_epoch(std::int64_t e) {
  out_->events.push_back(EpochChanged{myid_, EpochKind::Current, disk_.current_epoch, e});
  disk_.current_epoch = e;
}

Vote QuorumPeer::shown_vote() const {
  return state_ == ServerState::Looking ? fle_.proposal() : current_vote_;
}

Sid QuorumPeer::leader() const {
  switch (state_) {
    case ServerState::Leading: return myid_;
    case ServerState::Following:
    case ServerState::Observing: return learn_.leader;
    case ServerState::Looking: return 0;
  }
  return 0;
}

SidMask QuorumPeer::synced_learners() const {
  if (state_ != ServerState::Leading || !lead_.started) return 0;
  SidMask m = SidMask{1} << my_index_;
  for (std::size_t i = 0; i < lead_.handlers.size(); ++i) {
    const Handler& h = lead_.handlers[i];
    if (h.active && h.participant && lead_.tick <= h.tick_deadline) m |= SidMask{1} << i;
  }
  return m;
}

Ms QuorumPeer::next_deadline() const {
  Ms d = fle_.deadline();
  if (state_ == ServerState::Leading) {
    d = std::min({d, lead_.phase_deadline, lead_.next_half_tick});
  } else if (state_ == ServerState::Following || state_ == ServerState::Observing) {
    d = std::min({d, learn_.retry_at, learn_.read_deadline});
  }
  return d;
}

void QuorumPeer::check_invariants() const {
  ZS_ASSERT(disk_.accepted_epoch >= disk_.current_epoch);
  ZS_ASSERT(fle_.active() == (state_ == ServerState::Looking));
  if (state_ == ServerState::Leading && lead_.started) {
    ZS_ASSERT(lead_.epoch_acked);
    ZS_ASSERT(disk_.current_epoch == lead_.epoch);
    ZS_ASSERT(last_processed_zxid_.epoch() == lead_.epoch);
  }
  if (serving_) ZS_ASSERT(zab_ == ZabState::Broadcast);
}

// ---------------------------------------------------------------- entry points

void QuorumPeer::start(Ms now, Outbox& out) {
  out_ = &out;
  // loadDataBase: the in-memory tree starts from the snapshot + log on disk.
  last_processed_zxid_ = disk_.last_logged_zxid;
  current_vote_ = Vote{myid_, last_processed_zxid_, 0, disk_.current_epoch, ServerState::Looking, 0};
  out.events.push_back(StateChanged{myid_, PeerStatus::Down, PeerStatus::Looking});
  state_ = ServerState::Looking;
  enter_looking(now);
  check_invariants();
  out_ = nullptr;
}

void QuorumPeer::on_message(const Envelope& env, Ms now, Outbox& out) {
  out_ = &out;
  std::visit(
      [&](const auto& m) {
        using T = std::decay_t<decltype(m)>;
        if constexpr (std::is_same_v<T, Notification>) {
          fle_.on_notification(*this, env.source, m, now);
        } else if constexpr (std::is_same_v<T, ElectionConnect>) {
          on_election_connect(env.source);
        } else if constexpr (std::is_same_v<T, QuorumPacket>) {
          on_packet(env.source, m, now);
        } else {
          on_socket_event(env, now);
        }
      },
      env.msg);
  check_invariants();
  out_ = nullptr;
}

void QuorumPeer::on_timer(Ms now, Outbox& out) {
  out_ = &out;
  if (state_ == ServerState::Looking) {
    fle_.on_timer(*this, now);
  } else if (state_ == ServerState::Leading) {
    leader_timer(now);
  } else {
    learner_timer(now);
  }
  check_invariants();
  out_ = nullptr;
}

// ---------------------------------------------------------------- election connections

void QuorumPeer::send_notification(Sid target, const Notification& n) {
  if (target == myid_) {  // loop back into my own receive queue
    send(myid_, n);
    return;
  }
  const int i = roster_->index_of(target);
  if (i < 0) return;
  ElectionLink& link = links_[static_cast<std::size_t>(i)];
  link.queued = n;  // a queue of one: the newest replaces what was not sent yet
  if (link.up)
    flush(i);
  else
    connect_one(i);
}

void QuorumPeer::flush(int index) {
  ElectionLink& link = links_[static_cast<std::size_t>(index)];
  const Sid target = roster_->sid_at(index);
  if (link.queued) {
    send(target, *link.queued);
    link.last_sent = link.queued;
    link.queued.reset();
  } else if (link.last_sent) {
    // A new connection re-sends the last message, which may have been lost with the old one.
    send(target, *link.last_sent);
  }
}

void QuorumPeer::connect_one(int index) {
  ElectionLink& link = links_[static_cast<std::size_t>(index)];
  if (link.up || link.connecting || index == my_index_) return;
  link.connecting = true;
  send(roster_->sid_at(index), ElectionConnect{});
}

bool QuorumPeer::have_delivered() const {
  for (std::size_t i = 0; i < links_.size(); ++i) {
    if (static_cast<int>(i) == my_index_) continue;
    const ElectionLink& l = links_[i];
    const bool has_queue = l.up || l.queued || l.last_sent;
    if (has_queue && !l.queued) return true;
  }
  return false;
}

void QuorumPeer::connect_all() {
  for (int i = 0; i < roster_->size(); ++i) {
    const ElectionLink& l = links_[static_cast<std::size_t>(i)];
    if (l.up || l.queued || l.last_sent) connect_one(i);
  }
}

void QuorumPeer::on_election_connect(Sid from) {
  const int i = roster_->index_of(from);
  if (i < 0) return;
  ElectionLink& link = links_[static_cast<std::size_t>(i)];
  if (from < myid_) {
    // Only the connection opened by the larger sid survives: close theirs, open mine.
    link.up = false;
    connect_one(i);
  } else if (from > myid_) {
    link.up = true;
    flush(i);
  }
}

void QuorumPeer::on_socket_event(const Envelope& env, Ms now) {
  const Sid other = env.source;
  const int i = roster_->index_of(other);
  if (i < 0) return;
  ElectionLink& link = links_[static_cast<std::size_t>(i)];
  if (const auto* c = std::get_if<Connected>(&env.msg)) {
    if (c->channel != Channel::Election) return;
    link.connecting = false;
    if (myid_ < other) {
      log(LogKind::SmallerSidDropping, LogLevel::Info, other);
    } else {
      link.up = true;
      flush(i);
    }
  } else if (const auto* f = std::get_if<ConnectFailed>(&env.msg)) {
    if (f->channel == Channel::Election) {
      link.connecting = false;
      log(LogKind::CannotOpenChannel, LogLevel::Warn, other);
    } else if ((state_ == ServerState::Following || state_ == ServerState::Observing) &&
               other == learn_.leader && f->cnx == learn_.cnx && !learn_.connected) {
      learn_.read_deadline = kNever;
      if (learn_.connect_tries < 5) {
        learn_.retry_at = now + 100;  // Learner.connectToLeader: 5 tries, 100 ms apart
      } else {
        const Ms limit = static_cast<Ms>(roster_->config().init_limit_ticks) * roster_->config().tick_time_ms;
        log(LogKind::LearnerConnectFailed, LogLevel::Warn, other, learn_.connect_tries,
            std::max<Ms>(0, limit - (now - learn_.connect_started_at)));
        learner_fail(now, false);
      }
    }
  } else if (const auto* k = std::get_if<ConnectionClosed>(&env.msg)) {
    if (k->channel == Channel::Election) {
      if (link.up) log(LogKind::ConnectionBroken, LogLevel::Warn, other);
      link.up = false;
      link.connecting = false;
      return;
    }
    if (state_ == ServerState::Leading) {
      Handler& h = lead_.handlers[static_cast<std::size_t>(i)];
      if (h.active && (k->cnx == 0 || k->cnx == h.cnx)) leader_drop(i, false);
    } else if ((state_ == ServerState::Following || state_ == ServerState::Observing) &&
               other == learn_.leader && (k->cnx == 0 || k->cnx == learn_.cnx)) {
      learner_fail(now, false);
    }
  }
}

// ---------------------------------------------------------------- roles

void QuorumPeer::enter_looking(Ms now) {
  set_state(ServerState::Looking);
  set_zab(ZabState::Election, SyncMode::None);
  serving_ = false;
  lead_ = Leading{};
  learn_ = Learning{};
  log(LogKind::Looking);
  fle_.start(*this, now);
}

void QuorumPeer::election_decided(const Vote& end_vote, ServerState state, Ms now) {
  const Vote before = fle_.proposal();
  current_vote_ = end_vote;
  current_vote_.state = state;
  out_->events.push_back(VoteChanged{myid_, before, current_vote_, VoteRule::Decided, 0});
  set_state(state);
  if (state == ServerState::Leading)
    enter_leading(now);
  else
    enter_learning(now);
}

void QuorumPeer::on_packet(Sid from, const QuorumPacket& p, Ms now) {
  if (p.type == PacketType::FollowerInfo || p.type == PacketType::ObserverInfo) {
    if (state_ != ServerState::Leading) {
      // Nobody listens on the quorum port unless leading: the connection is refused.
      send(from, ConnectFailed{Channel::Quorum, false, p.cnx});
      return;
    }
    leader_on_packet(from, p, now);
    return;
  }
  if (state_ == ServerState::Leading) {
    leader_on_packet(from, p, now);
  } else if ((state_ == ServerState::Following || state_ == ServerState::Observing) &&
             from == learn_.leader && p.cnx == learn_.cnx) {
    learner_on_packet(p, now);
  }
}

// ---------------------------------------------------------------- leader

void QuorumPeer::enter_leading(Ms now) {
  log(LogKind::LeaderElectionTook, LogLevel::Info, static_cast<int>(ServerState::Leading),
      now - fle_.started_at());
  set_zab(ZabState::Discovery, SyncMode::None);
  lead_ = Leading{};
  lead_.started_at = now;
  lead_.handlers.resize(static_cast<std::size_t>(roster_->size()));
  // zk.loadData() takes a snapshot of what the server has.
  disk_.last_logged_zxid = last_processed_zxid_;
  lead_.summary_epoch = disk_.current_epoch;
  lead_.summary_zxid = last_processed_zxid_;
  // getEpochToPropose(myid, acceptedEpoch)
  lead_.epoch = disk_.accepted_epoch + 1;
  lead_.connecting = roster_->bit(myid_);
  lead_.phase_deadline = now + static_cast<Ms>(roster_->config().init_limit_ticks) *
                                   roster_->config().tick_time_ms;
  leader_fix_epoch_if_quorum(now);
}

void QuorumPeer::leader_fix_epoch_if_quorum(Ms now) {
  if (lead_.epoch_fixed || !roster_->is_quorum(lead_.connecting)) return;
  lead_.epoch_fixed = true;
  set_accepted_epoch(lead_.epoch);
  lead_.phase_deadline = now + static_cast<Ms>(roster_->config().init_limit_ticks) *
                                   roster_->config().tick_time_ms;
  const Zxid epoch_zxid = Zxid::make(lead_.epoch, 0);
  for (std::size_t i = 0; i < lead_.handlers.size(); ++i) {
    Handler& h = lead_.handlers[i];
    if (!h.active || h.stage != Handler::Stage::WaitEpoch) continue;
    send(roster_->sid_at(static_cast<int>(i)),
         QuorumPacket{PacketType::LeaderInfo, epoch_zxid, kProtocolVersion, h.cnx});
    h.stage = Handler::Stage::WaitAckEpoch;
  }
  // waitForEpochAck(myid, leaderStateSummary): the leader counts itself.
  lead_.electing = roster_->bit(myid_);
  leader_epoch_acked_if_quorum(now);
}

void QuorumPeer::leader_epoch_acked_if_quorum(Ms now) {
  if (!lead_.epoch_fixed || lead_.epoch_acked || !roster_->is_quorum(lead_.electing)) return;
  lead_.epoch_acked = true;
  set_current_epoch(lead_.epoch);
  set_zab(ZabState::Synchronization, SyncMode::None);
  lead_.phase_deadline = now + static_cast<Ms>(roster_->config().init_limit_ticks) *
                                   roster_->config().tick_time_ms;
  lead_.newleader_acks = roster_->bit(myid_);
  for (std::size_t i = 0; i < lead_.handlers.size(); ++i) {
    Handler& h = lead_.handlers[i];
    if (h.active && h.stage == Handler::Stage::WaitEpochQuorum) leader_send_sync(static_cast<int>(i));
  }
  leader_start_if_quorum(now);
}

void QuorumPeer::leader_send_sync(int index) {
  Handler& h = lead_.handlers[static_cast<std::size_t>(index)];
  const Sid sid = roster_->sid_at(index);
  const Zxid peer = h.peer_last_zxid;
  const Zxid processed = last_processed_zxid_;
  // The committed log is empty until Zab broadcast exists, so min = max = lastProcessedZxid
  // (LearnerHandler.syncFollower). The log line shows the raw (empty-log) values, 0.
  log(LogKind::SyncingWithLearner, LogLevel::Info, sid, 0, 0, processed.raw(), peer.raw());
  const SyncDecision d = choose_sync(peer, processed);
  const SyncMode mode = d.mode;
  const PacketType type = mode == SyncMode::Diff    ? PacketType::Diff
                          : mode == SyncMode::Trunc ? PacketType::Trunc
                                                    : PacketType::Snap;
  const QuorumPacket sync{type, d.zxid, 0, h.cnx};
  log(LogKind::SyncMode, LogLevel::Info, static_cast<int>(mode), sync.zxid.raw(), sid);
  send(sid, sync);
  send(sid, QuorumPacket{PacketType::NewLeader, Zxid::make(lead_.epoch, 0), 0, h.cnx});
  h.stage = Handler::Stage::WaitNewLeaderAck;
}

void QuorumPeer::leader_start_if_quorum(Ms now) {
  if (lead_.started || !lead_.epoch_acked || !roster_->is_quorum(lead_.newleader_acks)) return;
  // startZkServer: the database now represents the new epoch.
  lead_.started = true;
  last_processed_zxid_ = Zxid::make(lead_.epoch, 0);
  log(LogKind::LeaderHaveQuorum, LogLevel::Info, last_processed_zxid_.raw(),
      static_cast<std::int64_t>(lead_.newleader_acks));
  serving_ = true;
  set_zab(ZabState::Broadcast, SyncMode::None);
  const Vote before = current_vote_;
  current_vote_.peer_epoch = lead_.epoch;
  out_->events.push_back(VoteChanged{myid_, before, current_vote_, VoteRule::EpochUpdated, 0});
  lead_.phase_deadline = kNever;
  lead_.tick = 0;
  lead_.tick_skip = true;
  lead_.next_half_tick = now + roster_->config().tick_time_ms / 2;
  for (std::size_t i = 0; i < lead_.handlers.size(); ++i) {
    Handler& h = lead_.handlers[i];
    if (!h.active || h.stage != Handler::Stage::WaitStart) continue;
    send(roster_->sid_at(static_cast<int>(i)), QuorumPacket{PacketType::UpToDate, Zxid(-1), 0, h.cnx});
    h.stage = Handler::Stage::Broadcast;
  }
}

void QuorumPeer::leader_on_packet(Sid from, const QuorumPacket& p, Ms now) {
  const int i = roster_->index_of(from);
  if (i < 0) return;
  Handler& h = lead_.handlers[static_cast<std::size_t>(i)];
  const auto& cfg = roster_->config();
  if (p.type == PacketType::FollowerInfo || p.type == PacketType::ObserverInfo) {
    // A new LearnerHandler; an older one for the same sid is replaced.
    h = Handler{};
    h.active = true;
    h.cnx = p.cnx;
    h.participant = p.type == PacketType::FollowerInfo && roster_->is_voter(from);
    h.tick_deadline = lead_.tick + cfg.init_limit_ticks + cfg.sync_limit_ticks;
    const std::int64_t learner_accepted = p.zxid.epoch();
    if (!lead_.epoch_fixed) {
      if (learner_accepted >= lead_.epoch) lead_.epoch = learner_accepted + 1;
      if (h.participant) lead_.connecting |= roster_->bit(from);
      h.stage = Handler::Stage::WaitEpoch;
      leader_fix_epoch_if_quorum(now);
    } else {
      send(from, QuorumPacket{PacketType::LeaderInfo, Zxid::make(lead_.epoch, 0), kProtocolVersion, h.cnx});
      h.stage = Handler::Stage::WaitAckEpoch;
    }
    return;
  }
  if (!h.active || p.cnx != h.cnx) return;  // a packet of a closed connection
  switch (h.stage) {
    case Handler::Stage::WaitAckEpoch: {
      if (p.type != PacketType::AckEpoch) return;
      h.peer_last_zxid = p.zxid;
      h.peer_current_epoch = p.data;
      h.stage = Handler::Stage::WaitEpochQuorum;
      if (lead_.epoch_acked) {  // electionFinished: go straight to sync
        leader_send_sync(i);
        return;
      }
      if (p.data != -1) {
        const bool ahead = p.data > lead_.summary_epoch ||
                           (p.data == lead_.summary_epoch && p.zxid > lead_.summary_zxid);
        if (ahead) {
          log(LogKind::FollowerAhead, LogLevel::Error, lead_.summary_epoch, lead_.summary_zxid.raw(), from);
          leader_drop(i, true);
          return;
        }
        if (p.zxid.raw() != -1 && h.participant) lead_.electing |= roster_->bit(from);
      }
      leader_epoch_acked_if_quorum(now);
      return;
    }
    case Handler::Stage::WaitNewLeaderAck: {
      if (p.type != PacketType::Ack || p.zxid != Zxid::make(lead_.epoch, 0)) {
        leader_drop(i, true);  // "Next packet was supposed to be an ACK"
        return;
      }
      h.stage = Handler::Stage::WaitStart;
      h.tick_deadline = lead_.tick + cfg.sync_limit_ticks;
      if (h.participant) lead_.newleader_acks |= roster_->bit(from);
      if (lead_.started) {
        send(from, QuorumPacket{PacketType::UpToDate, Zxid(-1), 0, h.cnx});
        h.stage = Handler::Stage::Broadcast;
      } else {
        leader_start_if_quorum(now);
      }
      return;
    }
    case Handler::Stage::Broadcast:
    case Handler::Stage::WaitStart:
      // Every packet from a learner (PING replies, the UPTODATE ACK) proves it is alive.
      h.tick_deadline = lead_.tick + cfg.sync_limit_ticks;
      return;
    case Handler::Stage::WaitEpoch:
    case Handler::Stage::WaitEpochQuorum:
      return;
  }
}

void QuorumPeer::leader_drop(int index, bool notify) {
  Handler& h = lead_.handlers[static_cast<std::size_t>(index)];
  if (notify) send(roster_->sid_at(index), ConnectionClosed{Channel::Quorum, h.cnx});
  h = Handler{};
}

void QuorumPeer::leader_shutdown(LogKind why, std::int64_t a0, Ms now) {
  log(LogKind::Shutdown);
  log(why, LogLevel::Warn, a0);
  for (int i = 0; i < roster_->size(); ++i)
    if (lead_.handlers[static_cast<std::size_t>(i)].active) leader_drop(i, true);
  enter_looking(now);
}

void QuorumPeer::leader_timer(Ms now) {
  if (!lead_.started) {
    if (now < lead_.phase_deadline) return;
    if (!lead_.epoch_fixed)
      leader_shutdown(LogKind::TimeoutEpochFromQuorum, 0, now);
    else if (!lead_.epoch_acked)
      leader_shutdown(LogKind::TimeoutEpochAck, 0, now);
    else
      leader_shutdown(LogKind::WaitingForQuorumShutdown, static_cast<std::int64_t>(lead_.newleader_acks), now);
    return;
  }
  if (now < lead_.next_half_tick) return;
  // Leader.lead's loop: wake every tickTime/2, count a tick every second wake-up, and on
  // that wake-up require a quorum of synced learners (me included).
  if (!lead_.tick_skip) ++lead_.tick;
  if (!lead_.tick_skip && !roster_->is_quorum(synced_learners())) {
    leader_shutdown(LogKind::NotSufficientSynced, static_cast<std::int64_t>(synced_learners()), now);
    return;
  }
  lead_.tick_skip = !lead_.tick_skip;
  for (std::size_t i = 0; i < lead_.handlers.size(); ++i) {
    const Handler& h = lead_.handlers[i];
    if (h.active && h.stage == Handler::Stage::Broadcast)
      send(roster_->sid_at(static_cast<int>(i)),
           QuorumPacket{PacketType::Ping, last_processed_zxid_, 0, h.cnx});
  }
  lead_.next_half_tick = now + roster_->config().tick_time_ms / 2;
}

// ---------------------------------------------------------------- learner

void QuorumPeer::enter_learning(Ms now) {
  log(LogKind::LeaderElectionTook, LogLevel::Info, static_cast<int>(state_), now - fle_.started_at());
  set_zab(ZabState::Discovery, SyncMode::None);
  learn_ = Learning{};
  learn_.leader = current_vote_.leader;
  learn_.connect_started_at = now;
  learner_connect(now);
}

void QuorumPeer::learner_connect(Ms now) {
  const auto& cfg = roster_->config();
  learn_.cnx = ((disk_.incarnation & 0xffffU) << 16) | (++next_cnx_ & 0xffffU);
  ++learn_.connect_tries;
  learn_.retry_at = kNever;
  learn_.connected = false;
  learn_.read_deadline = now + static_cast<Ms>(cfg.init_limit_ticks) * cfg.tick_time_ms;
  const PacketType info =
      type_ == LearnerType::Participant ? PacketType::FollowerInfo : PacketType::ObserverInfo;
  send(learn_.leader, QuorumPacket{info, Zxid::make(disk_.accepted_epoch, 0), kProtocolVersion, learn_.cnx});
}

void QuorumPeer::learner_on_packet(const QuorumPacket& p, Ms now) {
  const auto& cfg = roster_->config();
  // Once up to date a learner only takes broadcast traffic; sync packets are not expected.
  if (learn_.uptodate && p.type != PacketType::Ping) return;
  if (learn_.got_newleader && p.type != PacketType::UpToDate && p.type != PacketType::Ping) return;
  learn_.connected = true;
  learn_.read_deadline =
      now + static_cast<Ms>(learn_.got_newleader ? cfg.sync_limit_ticks : cfg.init_limit_ticks) *
                cfg.tick_time_ms;
  switch (p.type) {
    case PacketType::LeaderInfo: {
      const std::int64_t new_epoch = p.zxid.epoch();
      std::int64_t reported = -1;
      if (new_epoch > disk_.accepted_epoch) {
        reported = disk_.current_epoch;
        set_accepted_epoch(new_epoch);
      } else if (new_epoch < disk_.accepted_epoch) {
        log(LogKind::LeadersEpochLower, LogLevel::Error, new_epoch, disk_.accepted_epoch);
        learner_fail(now, true);
        return;
      }
      learn_.new_epoch = new_epoch;
      send(learn_.leader, QuorumPacket{PacketType::AckEpoch, last_processed_zxid_, reported, learn_.cnx});
      set_zab(ZabState::Synchronization, SyncMode::None);
      return;
    }
    case PacketType::Diff:
      log(LogKind::GettingDiff, LogLevel::Info, p.zxid.raw());
      set_zab(ZabState::Synchronization, SyncMode::Diff);
      return;
    case PacketType::Snap:
      log(LogKind::GettingSnapshot, LogLevel::Info, p.zxid.raw());
      last_processed_zxid_ = p.zxid;
      set_zab(ZabState::Synchronization, SyncMode::Snap);
      return;
    case PacketType::Trunc:
      log(LogKind::GettingTrunc, LogLevel::Warn, p.zxid.raw());
      last_processed_zxid_ = p.zxid;
      disk_.last_logged_zxid = p.zxid;  // the log is cut on disk
      set_zab(ZabState::Synchronization, SyncMode::Trunc);
      return;
    case PacketType::NewLeader: {
      log(LogKind::LearnerGotNewLeader);
      // SNAP and TRUNC end with a snapshot; DIFF leaves the files as they are.
      if (sync_ != SyncMode::Diff) disk_.last_logged_zxid = last_processed_zxid_;
      set_current_epoch(learn_.new_epoch);
      set_zab(ZabState::Synchronization, SyncMode::None);
      learn_.got_newleader = true;
      learn_.read_deadline = now + static_cast<Ms>(cfg.sync_limit_ticks) * cfg.tick_time_ms;
      send(learn_.leader, QuorumPacket{PacketType::Ack, Zxid::make(learn_.new_epoch, 0), 0, learn_.cnx});
      return;
    }
    case PacketType::UpToDate: {
      if (!learn_.got_newleader) return;
      log(LogKind::LearnerGotUpToDate);
      learn_.uptodate = true;
      serving_ = true;
      send(learn_.leader, QuorumPacket{PacketType::Ack, Zxid::make(learn_.new_epoch, 0), 0, learn_.cnx});
      set_zab(ZabState::Broadcast, SyncMode::None);
      const Vote before = current_vote_;
      current_vote_.peer_epoch = learn_.new_epoch;  // updateElectionVote
      out_->events.push_back(VoteChanged{myid_, before, current_vote_, VoteRule::EpochUpdated, 0});
      return;
    }
    case PacketType::Ping:
      send(learn_.leader, QuorumPacket{PacketType::Ping, p.zxid, 0, learn_.cnx});
      return;
    default:
      return;
  }
}

void QuorumPeer::learner_timer(Ms now) {
  if (now >= learn_.retry_at) {
    learner_connect(now);
    return;
  }
  if (now >= learn_.read_deadline) {
    if (!learn_.connected && learn_.connect_tries < 5) {
      learner_connect(now);  // the connect attempt timed out
      return;
    }
    learner_fail(now, true);
  }
}

void QuorumPeer::learner_fail(Ms now, bool notify_leader) {
  log(LogKind::FollowingLeaderFailed, LogLevel::Warn);
  if (notify_leader) send(learn_.leader, ConnectionClosed{Channel::Quorum, learn_.cnx});
  enter_looking(now);
}

}  // namespace zs

#include "peer/quorum_peer.hpp"

#include <algorithm>
#include <limits>
#include <type_traits>

#include "core/assert.hpp"

namespace zs {

namespace {

// zooscope's stand-in for the other side's ephemeral port of a connection, which no
// configuration names: a number in Linux's range 32768..60999 decided by `mix` alone, so the
// same in every run.
std::int64_t ephemeral_port(std::uint64_t mix) { return 32768 + static_cast<std::int64_t>(mix % 28232U); }
constexpr std::int64_t kProtocolVersion = 0x10000;  // LearnerInfo / LEADERINFO
}  // namespace

Ms QuorumPeer::init_limit_ms() const {
  return static_cast<Ms>(roster_->config().init_limit_ticks) * roster_->config().tick_time_ms;
}

Ms QuorumPeer::sync_limit_ms() const {
  return static_cast<Ms>(roster_->config().sync_limit_ticks) * roster_->config().tick_time_ms;
}

QuorumPeer::QuorumPeer(const Roster* roster, PayloadStore* payloads, Sid myid, PersistedState disk)
    : roster_(roster), myid_(myid), my_index_(roster->index_of(myid)), payloads_(payloads),
      disk_(std::move(disk)) {
  ZS_ASSERT(my_index_ >= 0);
  type_ = roster->config().servers[static_cast<std::size_t>(my_index_)].type;
  links_.resize(static_cast<std::size_t>(roster->size()));
}


// ---------------------------------------------------------------- database

namespace {

// QuorumMaj.toString: "server.N=host:quorumport:electionport:participant|observer" with
// ";clienthost:clientport" when the line had a client part, one per line, then "version=0"
// (the hex version of a static config). The members come out of a HashMap<Long, ...>: by
// bucket (sid modulo the table size), which is ascending sid for small ensembles.
std::string zookeeper_config_text(const config::EnsembleConfig& cfg) {
  std::vector<const config::ServerSpec*> members;
  for (const auto& s : cfg.servers) members.push_back(&s);
  std::uint32_t table = 16;
  while (static_cast<double>(members.size()) > 0.75 * table) table *= 2;
  std::stable_sort(members.begin(), members.end(), [&](const auto* a, const auto* b) {
    const auto bucket = [&](Sid sid) {
      const auto h = static_cast<std::uint32_t>(static_cast<std::uint64_t>(sid) ^ (static_cast<std::uint64_t>(sid) >> 32));
      return (h ^ (h >> 16)) & (table - 1);
    };
    return bucket(a->sid) < bucket(b->sid);
  });
  std::string text;
  for (const auto* s : members) {
    text += "server." + std::to_string(s->sid) + "=" + s->host + ":" + std::to_string(s->quorum_port) + ":" +
            std::to_string(s->election_port) + ":" +
            (s->type == LearnerType::Observer ? "observer" : "participant");
    if (s->client_port != 0)
      text += ";" + (s->client_host.empty() ? std::string("0.0.0.0") : s->client_host) + ":" +
              std::to_string(s->client_port);
    text += "\n";
  }
  return text + "version=0";
}

}  // namespace

void QuorumPeer::init_config_node() {
  tree_.set_config_node(zookeeper_config_text(roster_->config()), wall_origin_ + now_);
}

void QuorumPeer::load_database() {
  // ZKDatabase.loadDataBase: the newest snapshot, then every logged txn after it.
  if (disk_.snapshot != 0) {
    const SnapshotData& snap = payloads_->snapshot(disk_.snapshot);
    tree_ = snap.tree;
    sessions_db_ = snap.sessions;
    applied_ = snap.history;
  } else {
    tree_ = DataTree{};
    sessions_db_.clear();
    applied_.clear();
  }
  ++history_resets_;
  committed_log_.clear();
  last_processed_zxid_ = disk_.snapshot_zxid;
  for (const LoggedTxn& t : disk_.log)
    if (t.zxid > last_processed_zxid_) apply_txn(t);
  init_config_node();
}

void QuorumPeer::log_database_loaded() {
  // FileTxnSnapLog.restore: a dataDir without a snapshot (and an empty log) gets the empty
  // tree saved as snapshot.0; else the txns logged after the newest snapshot are replayed.
  // The times are 0 ms: zooscope reads no file.
  if (!disk_.snapshot_file) {
    disk_.snapshot_file = disk_.snapshot_zxid;
    if (disk_.log.empty()) log(LogKind::Snapshotting, LogLevel::Info, last_processed_zxid_.raw());
  }
  if (const std::int64_t txns = disk_.txns_after_snapshot_file(); txns > 0)
    log(LogKind::TxnsLoaded, LogLevel::Info, txns, 0);
  log(LogKind::SnapshotLoaded, LogLevel::Info, 0, last_processed_zxid_.raw(), tree_.zk_digest());
}

void QuorumPeer::fast_forward() {
  // ZKDatabase.fastForwardDataBase (on leaving a role): logged txns the tree has not
  // applied yet are applied now, committed or not.
  for (const LoggedTxn& t : disk_.log)
    if (t.zxid > last_processed_zxid_) apply_txn(t);
}

ApplyResult QuorumPeer::apply_txn(const LoggedTxn& t) {
  const Txn& txn = payloads_->txn(t.txn);
  ApplyResult r = tree_.apply(txn.header, txn.body);
  last_processed_zxid_ = t.zxid;
  applied_.push_back(t);
  committed_log_.push_back(t);
  if (committed_log_.size() > kCommitLogCount) committed_log_.pop_front();
  // ZooKeeperServer.processTxn: sessions, then FinalRequestProcessor's watches and reply.
  session_applied(txn);
  fire_watches(txn, r);
  reply_if_mine(txn, r);
  return r;
}

void QuorumPeer::log_txn(const LoggedTxn& t) {
  ZS_ASSERT(t.zxid > disk_.last_logged_zxid());
  disk_.append(t);
}

void QuorumPeer::share_memory_with(const QuorumPeer& other) {
  tree_.share_nodes_with(other.tree_);
  applied_.share_equal_chunks(other.applied_);
  disk_.log.share_equal_chunks(other.disk_.log);
}

std::size_t QuorumPeer::copy_bytes() const {
  return tree_.copy_bytes() + applied_.copy_bytes() + disk_.log.copy_bytes() +
         committed_log_.size() * sizeof(LoggedTxn) + lead_.outstanding.size() * sizeof(Proposal) +
         client_pending_.size() * sizeof(PendingOp) + learn_.pending.size() * sizeof(LoggedTxn) +
         learn_.not_committed.size() * sizeof(LoggedTxn);
}

void QuorumPeer::take_snapshot() {
  // ZooKeeperServer.takeSnapshot: FileTxnSnapLog.save's line, then the time it took (0 ms:
  // zooscope writes no file).
  log(LogKind::Snapshotting, LogLevel::Info, last_processed_zxid_.raw());
  disk_.save_snapshot(payloads_->add(SnapshotData{tree_, last_processed_zxid_, sessions_db_, applied_}),
                      last_processed_zxid_);
  log(LogKind::SnapshotTaken, LogLevel::Info, 0);
}

void QuorumPeer::log_server_shutdown() {
  // ZooKeeperServer.shutdown logs only when the server was running; it keeps the database
  // and fast-forwards it to the txn log, which logs the txns it replays (the proposals logged
  // and not committed). enter_looking applies them.
  if (!serving_) return;
  log(LogKind::ServerShuttingDown);
  if (const std::int64_t txns = disk_.txns_after(last_processed_zxid_); txns > 0)
    log(LogKind::TxnsLoaded, LogLevel::Info, txns, 0);
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

// RateLogger.rateLimitLog(message) with no value, as checkQuota calls it: a new message is
// written at once; the same one again counts, and is written ("Message: ...", "[N times]
// Message: ...") once 100 ms passed since it was last written or when another one comes.
void QuorumPeer::rate_log(const std::string& message) {
  constexpr Ms kInterval = 100;
  RateLogger& r = rate_logger_;
  auto flush = [&] {
    if (r.msg && r.count > 0) {
      const std::string prefix = r.count > 1 ? "[" + std::to_string(r.count) + " times] " : "";
      log(LogKind::QuotaExceeded, LogLevel::Warn, payloads_->add_text(prefix + "Message: " + *r.msg));
    }
    r.msg.reset();
    r.count = 0;
  };
  if (r.msg == message) {
    ++r.count;
    if (now_ - r.at >= kInterval) {
      flush();
      r.msg = message;
      r.at = now_;
    }
    return;
  }
  flush();
  r.msg = message;
  r.at = now_;
  log(LogKind::QuotaExceeded, LogLevel::Warn, payloads_->add_text("Message:" + message + " Value:null"));
}

void QuorumPeer::set_state(ServerState s) {
  if (s == state_) return;
  out_->events.push_back(StateChanged{myid_, peer_status(state_), peer_status(s)});
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

SidMask QuorumPeer::synced_learners() const { return synced_at(lead_.tick); }

SidMask QuorumPeer::synced_at(std::int64_t tick) const {
  if (state_ != ServerState::Leading || !lead_.started) return 0;
  SidMask m = SidMask{1} << my_index_;
  for (std::size_t i = 0; i < lead_.handlers.size(); ++i) {
    const Handler& h = lead_.handlers[i];
    if (h.active && h.participant && tick <= h.tick_deadline) m |= SidMask{1} << i;
  }
  return m;
}

Ms QuorumPeer::next_deadline() const {
  Ms d = std::min(fle_.deadline(), looking_delay_until_);
  if (state_ == ServerState::Leading) {
    d = std::min({d, lead_.phase_deadline, lead_.next_half_tick});
    for (const Handler& h : lead_.handlers)
      if (h.active) d = std::min(d, h.read_deadline);
    if (lead_.tracker) d = std::min(d, lead_.tracker->next_deadline());
    d = std::min(d, lead_.next_container_check);
  } else if (state_ == ServerState::Following || state_ == ServerState::Observing) {
    d = std::min({d, learn_.retry_at, learn_.read_deadline});
  }
  return d;
}

PeerWait QuorumPeer::wait() const {
  const auto& cfg = roster_->config();
  const Ms tick = cfg.tick_time_ms;
  auto make = [](WaitKind k, Ms until, Ms length) { return PeerWait{k, until - length, until}; };
  if (state_ == ServerState::Looking && fle_.active()) {
    if (fle_.finalizing()) return make(WaitKind::Finalize, fle_.finalize_deadline(), kFinalizeWaitMs);
    if (fle_.poll_deadline() != kNever) return make(WaitKind::Notifications, fle_.poll_deadline(), fle_.poll_timeout());
    return {};
  }
  if (state_ == ServerState::Leading) {
    if (!lead_.started && lead_.phase_deadline != kNever)
      return make(WaitKind::LearnerQuorum, lead_.phase_deadline, static_cast<Ms>(cfg.init_limit_ticks) * tick);
    if (lead_.started && lead_.next_half_tick != kNever) {
      // Leader.lead: on every counted tick a quorum must be synced (heard from within
      // syncLimit ticks). The first tick at which it would not be, if no learner spoke again.
      const std::int64_t first = lead_.tick + 1;
      auto synced_at = [&](std::int64_t t) { return roster_->is_quorum(this->synced_at(t)); };
      std::int64_t lost = first;
      if (synced_at(first)) {
        lost = std::numeric_limits<std::int64_t>::max();
        for (const Handler& h : lead_.handlers)
          if (h.active && h.participant && h.tick_deadline + 1 > first && h.tick_deadline + 1 < lost &&
              !synced_at(h.tick_deadline + 1))
            lost = h.tick_deadline + 1;
      }
      if (lost != std::numeric_limits<std::int64_t>::max()) {
        // Ticks are counted on every second wake-up, tickTime / 2 apart.
        const Ms first_at = lead_.next_half_tick + (lead_.tick_skip ? tick / 2 : 0);
        const Ms until = first_at + (lost - first) * tick;
        return make(WaitKind::SyncedQuorum, until, static_cast<Ms>(cfg.sync_limit_ticks) * tick);
      }
    }
    return {};
  }
  // A learner.
  if (learn_.retry_at != kNever) return make(WaitKind::LeaderRetry, learn_.retry_at, 100);
  if (learn_.read_deadline != kNever) {
    const Ms length = static_cast<Ms>(learn_.got_newleader ? cfg.sync_limit_ticks : cfg.init_limit_ticks) * tick;
    return make(WaitKind::LeaderSilence, learn_.read_deadline, length);
  }
  return {};
}

void QuorumPeer::check_invariants() const {
  ZS_ASSERT(disk_.accepted_epoch >= disk_.current_epoch);
  ZS_ASSERT(fle_.active() == (state_ == ServerState::Looking && looking_delay_until_ == kNever));
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
  now_ = now;
  // loadDataBase: the in-memory tree starts from the snapshot + log on disk.
  load_database();
  log_database_loaded();
  // The first start finds no epoch files and creates them (QuorumPeer.loadDataBase).
  if (disk_.incarnation <= 1 && disk_.current_epoch == 0 && disk_.accepted_epoch == 0) {
    log(LogKind::EpochFileMissing, LogLevel::Info, 0, last_processed_zxid_.epoch());
    log(LogKind::EpochFileMissing, LogLevel::Info, 1, last_processed_zxid_.epoch());
  }
  log(LogKind::ElectionListening);
  next_session_id_ = initial_session_id(myid_, now);
  current_vote_ = Vote{myid_, last_processed_zxid_, 0, disk_.current_epoch, ServerState::Looking, 0};
  out.events.push_back(StateChanged{myid_, PeerStatus::Down, PeerStatus::Looking});
  state_ = ServerState::Looking;
  enter_looking(now);
  check_invariants();
  out_ = nullptr;
}

void QuorumPeer::on_message(const Envelope& env, Ms now, Outbox& out) {
  out_ = &out;
  now_ = now;
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
  now_ = now;
  if (state_ == ServerState::Looking && looking_delay_until_ != kNever) {
    if (now >= looking_delay_until_) {  // the observer's delay is over: QuorumPeer.run's LOOKING
      looking_delay_until_ = kNever;
      start_election(now);
    }
  } else if (state_ == ServerState::Looking) {
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
  // The connecting side's ephemeral port: not in the configuration, so a number in Linux's
  // ephemeral range that only the two sids and the count decide (the same in every run).
  ++election_accepts_;
  const std::uint64_t mix = static_cast<std::uint64_t>(myid_) * 2654435761U +
                            static_cast<std::uint64_t>(from) * 40503U + election_accepts_ * 9973U;
  log(LogKind::ElectionConnectionRequest, LogLevel::Info, from, ephemeral_port(mix));
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
      // Learner.connectToLeader: 5 tries, 100 ms apart; its `tries` counts from 0.
      const Ms limit = static_cast<Ms>(roster_->config().init_limit_ticks) * roster_->config().tick_time_ms;
      const Ms remaining = std::max<Ms>(0, limit - (now - learn_.connect_started_at));
      if (learn_.connect_tries < 5 && remaining > 100) {
        log(LogKind::LearnerConnectRetry, LogLevel::Warn, other, learn_.connect_tries - 1, remaining);
        learn_.retry_at = now + 100;
      } else {
        log(LogKind::LearnerConnectFailed, LogLevel::Error, other, learn_.connect_tries - 1, remaining);
        log(LogKind::LeaderConnectorFailed, LogLevel::Error, other);
        learner_fail(now, false);
      }
    }
  } else if (const auto* k = std::get_if<ConnectionClosed>(&env.msg)) {
    if (k->channel == Channel::Election) {
      if (link.up) {
        // RecvWorker's read fails; it stops its SendWorker, which leaves its queue wait.
        log(LogKind::ConnectionBroken, LogLevel::Warn, other);
        log(LogKind::SendWorkerInterrupting, LogLevel::Warn, other);
        log(LogKind::SendWorkerInterrupted, LogLevel::Warn);
        log(LogKind::SendWorkerLeaving, LogLevel::Warn, other);
      }
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
  const bool unfinished_snap = sync_ == SyncMode::Snap;
  const bool was_observing = state_ == ServerState::Observing;
  const bool from_role = state_ != ServerState::Looking;
  // setPeerState(LOOKING) resets the Zab state with it: ZooKeeper logs one "Peer state
  // changed: looking", then QuorumPeer.run's updateServerState warns.
  if (from_role) {
    out_->events.push_back(StateChanged{myid_, peer_status(state_), peer_status(ServerState::Looking)});
    state_ = ServerState::Looking;
  }
  if (zab_ != ZabState::Election || sync_ != SyncMode::None) {
    zab_ = ZabState::Election;
    sync_ = SyncMode::None;
    out_->events.push_back(ZabStateChanged{myid_, zab_, sync_});
  }
  if (from_role) {
    log(LogKind::PeerStateChanged, LogLevel::Info, static_cast<int>(state_), static_cast<int>(zab_),
        static_cast<int>(sync_));
    log(LogKind::PeerStateSetLooking, LogLevel::Warn);
  }
  serving_ = false;
  fail_client_ops();
  // ZooKeeperServer.shutdown keeps the database and fast-forwards it to the txn log. A
  // learner that loaded a SNAP but never reached NEWLEADER (so never saved it) reloads
  // from disk instead: Learner.shutdown shuts its server down fully while the sync mode is
  // SNAP, which clears the database (3.8.0's ZooKeeperServer.shutdown(true) on a server not
  // yet running), and the next election's getLastLoggedZxid loads it again.
  if (unfinished_snap) {
    load_database();
    reload_logged_at_election_ = true;
  } else {
    fast_forward();
  }
  lead_ = Leading{};
  learn_ = Learning{};
  looking_delay_until_ = kNever;
  if (was_observing) {
    // QuorumPeer.run: an observer leaving OBSERVING is LOOKING at once but waits a random
    // 0..199 ms (zookeeper.observer.election.DelayMs = 200) before its election starts.
    const Ms delay = rng_.range_inclusive(0, 199);
    log(LogKind::ObserverElectionDelay, LogLevel::Info, delay);
    looking_delay_until_ = now + delay;
    return;
  }
  start_election(now);
}

void QuorumPeer::start_election(Ms now) {
  log(LogKind::Looking);
  // lookForLeader's first getLastLoggedZxid loads a cleared database, before "New election".
  if (reload_logged_at_election_) {
    reload_logged_at_election_ = false;
    log_database_loaded();
  }
  fle_.start(*this, now);
}

void QuorumPeer::election_decided(const Vote& end_vote, ServerState state, Ms now) {
  const Vote before = fle_.proposal();
  current_vote_ = end_vote;
  current_vote_.state = state;
  out_->events.push_back(VoteChanged{myid_, before, current_vote_, VoteRule::Decided, 0});
  set_state(state);
  log(LogKind::RoleStarted, LogLevel::Info, static_cast<int>(state));
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
  } else {
    reset_connection(from, p.cnx);
  }
}

void QuorumPeer::reset_connection(Sid to, std::uint32_t cnx) {
  // A segment for a connection this process does not have (closed, or opened by a process
  // that crashed since): the OS answers with a reset, and the sender sees it break.
  if (cnx != 0) send(to, ConnectionClosed{Channel::Quorum, cnx});
}

// ---------------------------------------------------------------- leader

void QuorumPeer::enter_leading(Ms now) {
  log(LogKind::LeaderElectionTook, LogLevel::Info, static_cast<int>(ServerState::Leading),
      now - fle_.started_at());
  set_zab(ZabState::Discovery, SyncMode::None);
  // Leader.lead -> ZooKeeperServer.loadData: the database is loaded already (at start, or by
  // the last sync), so it only takes a clean snapshot. zooscope records the file (a restart
  // replays the log after it) and keeps restoring from its older snapshot and the log.
  log(LogKind::Snapshotting, LogLevel::Info, last_processed_zxid_.raw());
  disk_.snapshot_file = last_processed_zxid_;
  log(LogKind::SnapshotTaken, LogLevel::Info, 0);
  lead_ = Leading{};
  lead_.prep = PrepRequestProcessor({roster_->config().extended_types_enabled, roster_->config().enforce_quota});
  lead_.started_at = now;
  lead_.handlers.resize(static_cast<std::size_t>(roster_->size()));
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
  log(LogKind::ReconfigNoStore);
  lead_.phase_deadline = now + static_cast<Ms>(roster_->config().init_limit_ticks) *
                                   roster_->config().tick_time_ms;
  const Zxid epoch_zxid = Zxid::make(lead_.epoch, 0);
  for (std::size_t i = 0; i < lead_.handlers.size(); ++i) {
    Handler& h = lead_.handlers[i];
    if (!h.active || h.stage != Handler::Stage::WaitEpoch) continue;
    send(roster_->sid_at(static_cast<int>(i)),
         QuorumPacket{PacketType::LeaderInfo, epoch_zxid, kProtocolVersion, h.cnx});
    h.stage = Handler::Stage::WaitAckEpoch;
    h.read_deadline = now + init_limit_ms();
  }
  // waitForEpochAck(myid, leaderStateSummary): the leader counts itself.
  lead_.electing = roster_->bit(myid_);
  leader_epoch_acked_if_quorum(now);
}

void QuorumPeer::leader_epoch_acked_if_quorum(Ms now) {
  if (!lead_.epoch_fixed || lead_.epoch_acked || !roster_->is_quorum(lead_.electing)) return;
  lead_.epoch_acked = true;
  set_current_epoch(lead_.epoch);
  lead_.phase_deadline = now + static_cast<Ms>(roster_->config().init_limit_ticks) *
                                   roster_->config().tick_time_ms;
  lead_.newleader_acks = roster_->bit(myid_);
  // The learner handlers waiting in waitForEpochAck start their sync before the leader's own
  // thread logs its state change: that is the order a real leader's log shows.
  for (std::size_t i = 0; i < lead_.handlers.size(); ++i) {
    Handler& h = lead_.handlers[i];
    if (h.active && h.stage == Handler::Stage::WaitEpochQuorum) leader_send_sync(static_cast<int>(i));
  }
  set_zab(ZabState::Synchronization, SyncMode::None);
  leader_start_if_quorum(now);
}

void QuorumPeer::leader_send_sync(int index) {
  Handler& h = lead_.handlers[static_cast<std::size_t>(index)];
  const Sid sid = roster_->sid_at(index);
  const Zxid peer = h.peer_last_zxid;
  const Zxid processed = last_processed_zxid_;
  // The line shows ZKDatabase's raw bounds: 0 while the committed log is empty.
  const std::int64_t max_raw = committed_log_.empty() ? 0 : committed_log_.back().zxid.raw();
  const std::int64_t min_raw = committed_log_.empty() ? 0 : committed_log_.front().zxid.raw();
  log(LogKind::SyncingWithLearner, LogLevel::Info, sid, max_raw, min_raw, processed.raw(), peer.raw());
  const SyncPlan plan = plan_sync(peer, processed, committed_log_);
  if (plan.trunc_crossed_epoch) log(LogKind::CannotTruncCrossEpoch, LogLevel::Warn, sid);
  const PacketType type = plan.mode == SyncMode::Diff    ? PacketType::Diff
                          : plan.mode == SyncMode::Trunc ? PacketType::Trunc
                                                         : PacketType::Snap;
  QuorumPacket sync{type, plan.zxid, 0, h.cnx, 0};
  // A SNAP streams the whole database after the packet.
  if (type == PacketType::Snap) sync.payload = payloads_->add(SnapshotData{tree_, processed, sessions_db_, applied_});
  // LearnerHandler's lines for its decision (the TRUNC to the log's end is DEBUG only).
  if (plan.used_committed_log) log(LogKind::SyncUsingCommittedLog, LogLevel::Info, sid);
  switch (plan.line) {
    case SyncPlan::Line::DiffInSync: log(LogKind::SyncSendingDiff, LogLevel::Info, plan.zxid.raw(), sid); break;
    case SyncPlan::Line::DiffFromLog:
      log(LogKind::SyncSendingDiffFromLog, LogLevel::Info, plan.zxid.raw(), sid);
      break;
    case SyncPlan::Line::TruncFromLog:
    case SyncPlan::Line::DiffAsTrunc: log(LogKind::SyncSendingTrunc, LogLevel::Info, plan.zxid.raw(), sid); break;
    case SyncPlan::Line::None: break;
  }
  if (type == PacketType::Snap) {
    // startForwarding returns the leader's last proposed zxid (the new epoch's first before
    // it proposes anything); one snapshot sync at a time (the packets go out at once), and
    // the throttle exempts participants.
    const Zxid leader_last = lead_.started ? lead_.last_proposed : Zxid::make(lead_.epoch, 0);
    log(LogKind::SyncSendingSnapshot, LogLevel::Info, peer.raw(), leader_last.raw(), processed.raw(), 1,
        h.participant ? 1 : 0);
  }
  send(sid, sync);
  for (const LoggedTxn& t : plan.proposals) {
    send(sid, QuorumPacket{PacketType::Proposal, t.zxid, 0, h.cnx, t.txn});
    send(sid, QuorumPacket{PacketType::Commit, t.zxid, 0, h.cnx, 0});
  }
  // Leader.startForwarding: proposals still waiting for a quorum follow (participants
  // only), and from now on the handler gets every new proposal and commit.
  if (h.participant && lead_.last_proposed > plan.forwarded_from) {
    for (const Proposal& p : lead_.outstanding)
      if (p.zxid > plan.forwarded_from) send(sid, QuorumPacket{PacketType::Proposal, p.zxid, 0, h.cnx, p.txn});
  }
  h.forwarding = true;
  send(sid, QuorumPacket{PacketType::NewLeader, Zxid::make(lead_.epoch, 0), 0, h.cnx, 0});
  h.stage = Handler::Stage::WaitNewLeaderAck;
  h.read_deadline = now_ + init_limit_ms();
}

void QuorumPeer::leader_start_if_quorum(Ms now) {
  if (lead_.started || !lead_.epoch_acked || !roster_->is_quorum(lead_.newleader_acks)) return;
  // startZkServer: the database now represents the new epoch.
  lead_.started = true;
  last_processed_zxid_ = Zxid::make(lead_.epoch, 0);
  lead_.last_proposed = last_processed_zxid_;
  lead_.last_committed = last_processed_zxid_;
  // LeaderSessionTracker: every global session starts a fresh timeout with the new leader,
  // and the new SessionTrackerImpl seeds its id generator from the clock.
  lead_.tracker.emplace(myid_, roster_->config().tick_time_ms, now);
  next_session_id_ = initial_session_id(myid_, now);
  for (const auto& [id, timeout] : sessions_db_) lead_.tracker->track(id, timeout, now);
  lead_.next_container_check = container_interval_ > 0 ? now + container_interval_ : kNever;
  log(LogKind::LeaderHaveQuorum, LogLevel::Info, last_processed_zxid_.raw(), sid_mask(lead_.newleader_acks));
  log(LogKind::ReconfigSkipDesignated);
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
    h.read_deadline = now + sync_limit_ms();
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
    // getPeerInfo: the learner's line of the configuration.
    log(LogKind::LearnerInfo, LogLevel::Info, from, roster_->is_voter(from) ? 1 : 0);
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
      h.read_deadline = now + init_limit_ms();
    }
    return;
  }
  if (!h.active || p.cnx != h.cnx) {  // a packet of a closed connection
    reset_connection(from, p.cnx);
    return;
  }
  switch (h.stage) {
    case Handler::Stage::WaitAckEpoch: {
      if (p.type != PacketType::AckEpoch) return;
      h.peer_last_zxid = p.zxid;
      h.peer_current_epoch = p.data;
      h.stage = Handler::Stage::WaitEpochQuorum;
      h.read_deadline = kNever;  // waitForEpochAck: not reading
      if (lead_.epoch_acked) {  // electionFinished: go straight to sync
        leader_send_sync(i);
        return;
      }
      if (p.data != -1) {
        const bool ahead = p.data > lead_.summary_epoch ||
                           (p.data == lead_.summary_epoch && p.zxid > lead_.summary_zxid);
        if (ahead) {
          // waitForEpochAck throws; LearnerHandler.run's catch logs it and closes the socket,
          // its finally says goodbye.
          log(LogKind::FollowerAhead, LogLevel::Error, lead_.summary_epoch, lead_.summary_zxid.raw(), from);
          leader_close_learner(i);
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
      h.read_deadline = kNever;  // waitForNewLeaderAck, waitForStartup: not reading
      h.slc_started = true;
      if (h.participant) lead_.newleader_acks |= roster_->bit(from);
      if (lead_.started) {
        send(from, QuorumPacket{PacketType::UpToDate, Zxid(-1), 0, h.cnx});
        h.stage = Handler::Stage::Broadcast;
        h.read_deadline = now + sync_limit_ms();
      } else {
        leader_start_if_quorum(now);
      }
      return;
    }
    case Handler::Stage::Broadcast:
    case Handler::Stage::WaitStart:
      // Every packet from a learner (PING replies, the UPTODATE ACK) proves it is alive.
      h.tick_deadline = lead_.tick + cfg.sync_limit_ticks;
      if (h.stage == Handler::Stage::Broadcast) h.read_deadline = now + sync_limit_ms();
      if (p.type == PacketType::Ack) {
        // SyncLimitCheck.updateAck: the oldest tracked proposal is answered (or the newer
        // one, out of order, which ZooKeeper logs and forgets).
        if (h.slc_current_at != kNever && p.zxid == h.slc_current) {
          h.slc_current = h.slc_next;
          h.slc_current_at = h.slc_next_at;
          h.slc_next = Zxid{};
          h.slc_next_at = kNever;
        } else if (h.slc_next_at != kNever && p.zxid == h.slc_next) {
          h.slc_next = Zxid{};
          h.slc_next_at = kNever;
        }
        leader_ack(from, p.zxid);
      } else if (p.type == PacketType::Request && lead_.started && p.payload != 0) {
        const ClientRequest& req = payloads_->request(p.payload);
        if (std::holds_alternative<SyncRequest>(req.call))
          leader_sync(from, h.cnx);
        else
          leader_submit(req, now);
      } else if (p.type == PacketType::Ping && p.payload != 0) {
        // The learner's clients were active: touch their sessions.
        for (std::int64_t id : payloads_->sessions(p.payload).ids) leader_touch(id, now);
      } else if (p.type == PacketType::Revalidate && lead_.started) {
        // Leader: a session may move to that learner if it is still alive here.
        const bool valid = lead_.tracker && lead_.tracker->touch(p.data, now);
        send(from, QuorumPacket{PacketType::Revalidate, Zxid(valid ? 1 : 0), p.data, h.cnx, 0});
      }
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

std::int64_t QuorumPeer::sid_mask(SidMask positions) const {
  std::uint64_t m = 0;
  for (int i = 0; i < roster_->size(); ++i) {
    const Sid sid = roster_->sid_at(i);
    if ((positions >> i & 1U) && sid >= 1 && sid <= 64) m |= std::uint64_t{1} << (sid - 1);
  }
  return static_cast<std::int64_t>(m);
}

void QuorumPeer::leader_lost_learner(int index, bool transaction_timeout) {
  // LearnerHandler: a read timed out (run() catches the SocketTimeoutException), or ping()
  // found a proposal unacknowledged for syncLimit ticks and closed the socket, which the
  // handler's blocked read then reports. Either way the socket closes and the handler ends.
  const Sid sid = roster_->sid_at(index);
  if (transaction_timeout) {
    log(LogKind::TransactionTimeout, LogLevel::Warn);
    log(LogKind::ClosingSocketToLearner, LogLevel::Info, sid);
    log(LogKind::LearnerHandlerException, LogLevel::Error, 1);
    leader_goodbye(index);
  } else {
    log(LogKind::LearnerHandlerException, LogLevel::Error, 0);
    leader_close_learner(index);
  }
}

void QuorumPeer::leader_close_learner(int index) {
  // LearnerHandler.run's catch of an IOException (logged by the caller): closeSocket(), then
  // the finally's goodbye.
  log(LogKind::ClosingSocketToLearner, LogLevel::Info, roster_->sid_at(index));
  leader_goodbye(index);
}

void QuorumPeer::leader_goodbye(int index) {
  const Handler& h = lead_.handlers[static_cast<std::size_t>(index)];
  const std::int64_t port = ephemeral_port(static_cast<std::uint64_t>(h.cnx * 2654435761U));
  log(LogKind::LearnerGoodbye, LogLevel::Warn, roster_->sid_at(index), port);
  leader_drop(index, true);
}

void QuorumPeer::leader_shutdown(LogKind why, std::int64_t a0, Ms now) {
  // Leader.lead's own shutdown(reason), or QuorumPeer.run's catch around an exception from
  // lead(): "Unexpected exception" (the timeout is the exception's message), then
  // shutdown("Forcing shutdown").
  const bool thrown = why == LogKind::TimeoutEpochFromQuorum || why == LogKind::TimeoutEpochAck;
  if (thrown) log(LogKind::UnexpectedException, LogLevel::Warn, why == LogKind::TimeoutEpochAck ? 1 : 0);
  log(LogKind::Shutdown);
  if (thrown)
    log(LogKind::ShutdownForcing);
  else
    log(why, LogLevel::Info, sid_mask(static_cast<SidMask>(a0)));
  log_server_shutdown();
  for (int i = 0; i < roster_->size(); ++i)
    if (lead_.handlers[static_cast<std::size_t>(i)].active) leader_drop(i, true);
  enter_looking(now);
}

void QuorumPeer::leader_timer(Ms now) {
  for (int i = 0; i < roster_->size(); ++i) {
    const Handler& h = lead_.handlers[static_cast<std::size_t>(i)];
    if (h.active && now >= h.read_deadline) leader_lost_learner(i, false);
  }
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
  if (lead_.tracker && now >= lead_.tracker->next_deadline()) {
    for (const auto& [id, client] : connections_) leader_touch(id, now);  // their pings
    for (const SessionInfo& info : lead_.tracker->expire(now)) {
      log(LogKind::ExpiringSession, LogLevel::Info, info.id, info.timeout_ms);
      leader_submit(ClientRequest{info.id, 0, WriteRequest{CloseSessionRequest{}}, AuthInfo{}, -1}, now);
    }
  }
  if (now >= lead_.next_container_check) leader_check_containers(now);
  if (now < lead_.next_half_tick) return;
  // Leader.lead's loop: wake every tickTime/2, count a tick every second wake-up, and on
  // that wake-up require a quorum of synced learners (me included).
  if (!lead_.tick_skip) ++lead_.tick;
  if (!lead_.tick_skip && !roster_->is_quorum(synced_learners())) {
    leader_shutdown(LogKind::NotSufficientSynced, static_cast<std::int64_t>(synced_learners()), now);
    return;
  }
  lead_.tick_skip = !lead_.tick_skip;
  // LearnerHandler.ping: every handler whose sender thread runs (NEWLEADER queued) gets a
  // PING, unless its oldest unacknowledged proposal is syncLimit ticks old.
  for (int i = 0; i < roster_->size(); ++i) {
    const Handler& h = lead_.handlers[static_cast<std::size_t>(i)];
    const bool sending = h.stage == Handler::Stage::WaitNewLeaderAck ||
                         h.stage == Handler::Stage::WaitStart || h.stage == Handler::Stage::Broadcast;
    if (!h.active || !sending) continue;
    if (h.slc_current_at != kNever && now - h.slc_current_at >= sync_limit_ms()) {
      leader_lost_learner(i, true);
      continue;
    }
    send(roster_->sid_at(i), QuorumPacket{PacketType::Ping, lead_.last_proposed, 0, h.cnx, 0});
  }
  lead_.next_half_tick = now + roster_->config().tick_time_ms / 2;
}

void QuorumPeer::leader_submit(const ClientRequest& req, Ms now) {
  // PrepRequestProcessor: the next zxid, checked against the tree plus what is in flight.
  const Zxid zxid = Zxid::make(lead_.epoch, lead_.last_proposed.counter() + 1);
  PrepContext ctx;
  ctx.session_id = req.session_id;
  ctx.cxid = req.cxid;
  ctx.auth = &req.auth;
  ctx.zxid = zxid;
  ctx.now = wall_origin_ + now;
  const WriteRequest& write = std::get<WriteRequest>(req.call);
  // PrepRequestProcessor: SessionTracker.checkSession before a client's op (a session
  // closing or gone fails with SESSIONEXPIRED, still as a txn). Scripted writes (client
  // -1) come from no real session and are not checked.
  const bool session_op = !std::holds_alternative<CreateSessionRequest>(write) &&
                          !std::holds_alternative<CloseSessionRequest>(write) &&
                          !std::holds_alternative<DeleteContainerRequest>(write);
  const SessionInfo* info = lead_.tracker ? lead_.tracker->find(req.session_id) : nullptr;
  PayloadRef ref = 0;
  if (req.client >= 0 && session_op && (!info || info->closing)) {
    ref = payloads_->add(Txn{TxnHeader{req.session_id, req.cxid, zxid, ctx.now, opcode::kError},
                             ErrorTxn{Code::SessionExpired}});
  } else {
    ref = payloads_->add(lead_.prep.prepare(tree_, write, ctx));
    for (const std::string& m : lead_.prep.quota_messages()) rate_log(m);
    // PrepRequestProcessor@412: every simulated server runs without reconfigEnabled.
    if (std::holds_alternative<ReconfigRequest>(write)) log(LogKind::ReconfigDisabledError, LogLevel::Error);
  }
  if (req.session_id != 0) leader_touch(req.session_id, now);
  lead_.last_proposed = zxid;
  lead_.outstanding.push_back(Proposal{zxid, ref, 0});
  // ProposalRequestProcessor: PROPOSAL to the forwarding followers, then log it here.
  for (std::size_t i = 0; i < lead_.handlers.size(); ++i) {
    Handler& h = lead_.handlers[i];
    if (!h.active || !h.forwarding || !h.participant) continue;
    send(roster_->sid_at(static_cast<int>(i)), QuorumPacket{PacketType::Proposal, zxid, 0, h.cnx, ref});
    // SyncLimitCheck.updateProposal: remember the oldest, and overwrite the newest.
    if (!h.slc_started) continue;
    if (h.slc_current_at == kNever) {
      h.slc_current = zxid;
      h.slc_current_at = now;
    } else {
      h.slc_next = zxid;
      h.slc_next_at = now;
    }
  }
  log_txn(LoggedTxn{zxid, ref});
  leader_ack(myid_, zxid);  // AckRequestProcessor: the leader's own ACK once logged
}

void QuorumPeer::leader_ack(Sid from, Zxid zxid) {
  // Leader.processAck
  if (zxid.counter() == 0) return;  // NEWLEADER / UPTODATE acks
  if (lead_.outstanding.empty() || zxid <= lead_.last_committed) return;
  // Proposals of one epoch have consecutive counters, so the ACKed one is found by its
  // distance from the oldest (a scan would cost as much as the proposals in flight).
  auto& q = lead_.outstanding;
  auto it = q.end();
  const Zxid front = q.front().zxid;
  if (zxid.epoch() == front.epoch() && zxid.counter() >= front.counter()) {
    const auto k = static_cast<std::size_t>(zxid.counter() - front.counter());
    if (k < q.size() && q[k].zxid == zxid) it = q.begin() + static_cast<std::ptrdiff_t>(k);
  }
  if (it == q.end()) it = std::find_if(q.begin(), q.end(), [&](const Proposal& p) { return p.zxid == zxid; });
  if (it == q.end()) {
    log(LogKind::CommitFutureProposal, LogLevel::Warn, zxid.raw(), from);
    return;
  }
  if (roster_->is_voter(from)) it->acks |= roster_->bit(from);
  leader_try_commit();
}

void QuorumPeer::leader_try_commit() {
  // tryToCommit: only the oldest outstanding proposal may commit, once a voter quorum
  // (the leader included) has ACKed it.
  while (!lead_.outstanding.empty() && roster_->is_quorum(lead_.outstanding.front().acks)) {
    const Proposal p = lead_.outstanding.front();
    lead_.outstanding.pop_front();
    ZS_ASSERT(p.zxid > lead_.last_committed);
    lead_.last_committed = p.zxid;
    std::uint64_t acks = 0;
    for (int i = 0; i < roster_->size(); ++i) {
      const Sid sid = roster_->sid_at(i);
      if ((p.acks >> i & 1U) && sid >= 1 && sid <= 64) acks |= std::uint64_t{1} << (sid - 1);
    }
    out_->events.push_back(Committed{myid_, p.zxid, acks});
    for (std::size_t i = 0; i < lead_.handlers.size(); ++i) {
      const Handler& h = lead_.handlers[i];
      if (!h.active || !h.forwarding) continue;
      const Sid sid = roster_->sid_at(static_cast<int>(i));
      if (h.participant)
        send(sid, QuorumPacket{PacketType::Commit, p.zxid, 0, h.cnx, 0});
      else
        send(sid, QuorumPacket{PacketType::Inform, p.zxid, 0, h.cnx, p.txn});
    }
    apply_txn(LoggedTxn{p.zxid, p.txn});
    lead_.prep.on_applied(p.zxid);
    // Sync requests waiting for this commit are answered now.
    for (auto it = lead_.pending_syncs.begin(); it != lead_.pending_syncs.end();) {
      if (it->second > p.zxid) {
        ++it;
        continue;
      }
      const int idx = it->first;
      it = lead_.pending_syncs.erase(it);
      if (idx < 0) {
        for (PendingOp& op : client_pending_)
          if (op.kind == PendingOp::Kind::Sync && !op.done) {
            op.done = true;
            answer_ready_reads(op.session_id);
            break;
          }
      } else if (lead_.handlers[static_cast<std::size_t>(idx)].active) {
        send(roster_->sid_at(idx), QuorumPacket{PacketType::Sync, Zxid{}, 0,
                                                lead_.handlers[static_cast<std::size_t>(idx)].cnx, 0});
      }
    }
  }
}

// ---------------------------------------------------------------- learner

void QuorumPeer::enter_learning(Ms now) {
  // Follower.followLeader logs it; Observer.observeLeader does not.
  if (type_ == LearnerType::Participant)
    log(LogKind::LeaderElectionTook, LogLevel::Info, static_cast<int>(state_), now - fle_.started_at());
  set_zab(ZabState::Discovery, SyncMode::None);
  learn_ = Learning{};
  learn_.leader = current_vote_.leader;
  learn_.connect_started_at = now;
  // Observer.findLearnerMaster names the server it will connect to (the leader: zooscope
  // models no observer masters), once per role start, before the connect and its retries.
  if (type_ != LearnerType::Participant) log(LogKind::ObservingNewLeader, LogLevel::Info, learn_.leader);
  learner_connect(now);
}

void QuorumPeer::learner_connect(Ms /*now: the deadline counts from the first try*/) {
  const auto& cfg = roster_->config();
  // The connection's id names its opener (this learner's sid), the opener's incarnation and a
  // counter, so a reset of a connection another server once opened to us never matches one
  // we open (two servers that swapped roles would both have counted 0x10001).
  learn_.cnx = ((static_cast<std::uint32_t>(myid_) & 0xffU) << 24) | ((disk_.incarnation & 0xffU) << 16) |
               (++next_cnx_ & 0xffffU);
  ++learn_.connect_tries;
  learn_.retry_at = kNever;
  learn_.connected = false;
  // A new connection starts the sync from scratch.
  learn_.got_newleader = false;
  learn_.snapshot_needed = true;
  learn_.write_to_log = false;
  learn_.not_committed.clear();
  learn_.committed.clear();
  learn_.pending.clear();
  // Learner$LeaderConnector: each try's socket connect timeout is what is left of the init
  // limit since the first try; a try the network never answers spends it all (the first
  // packet from the leader is where zooscope's connect completes).
  learn_.read_deadline = learn_.connect_started_at + static_cast<Ms>(cfg.init_limit_ticks) * cfg.tick_time_ms;
  const PacketType info =
      type_ == LearnerType::Participant ? PacketType::FollowerInfo : PacketType::ObserverInfo;
  send(learn_.leader, QuorumPacket{info, Zxid::make(disk_.accepted_epoch, 0), kProtocolVersion, learn_.cnx});
}

void QuorumPeer::learner_on_packet(const QuorumPacket& p, Ms now) {
  const auto& cfg = roster_->config();
  if (!learn_.connected) {
    learn_.connected_at = now;
    log(LogKind::ConnectedToLeader, LogLevel::Info, learn_.leader);
  }
  learn_.connected = true;
  learn_.retry_at = kNever;
  learn_.read_deadline =
      now + static_cast<Ms>(learn_.got_newleader ? cfg.sync_limit_ticks : cfg.init_limit_ticks) *
                cfg.tick_time_ms;
  if (learn_.uptodate) {
    learner_broadcast(p, now);
    return;
  }
  const bool sync_packet = p.type == PacketType::LeaderInfo || p.type == PacketType::Diff ||
                           p.type == PacketType::Snap || p.type == PacketType::Trunc;
  if (learn_.got_newleader && sync_packet) return;
  switch (p.type) {
    case PacketType::LeaderInfo: {
      const std::int64_t new_epoch = p.zxid.epoch();
      std::int64_t reported = -1;
      if (new_epoch > disk_.accepted_epoch) {
        reported = disk_.current_epoch;
        set_accepted_epoch(new_epoch);
      } else if (new_epoch < disk_.accepted_epoch) {
        // registerWithLeader throws "Leaders epoch, N is less than accepted epoch, M": ZooKeeper
        // shows that message only in the stack trace under "Exception when following the leader".
        learner_fail(now, true);
        return;
      }
      learn_.new_epoch = new_epoch;
      send(learn_.leader, QuorumPacket{PacketType::AckEpoch, last_processed_zxid_, reported, learn_.cnx, 0});
      set_zab(ZabState::Synchronization, SyncMode::None);
      return;
    }
    case PacketType::Diff:
      log(LogKind::GettingDiff, LogLevel::Info, p.zxid.raw());
      next_session_id_ = initial_session_id(myid_, now);  // zk.createSessionTracker()
      // The txns arrive on top of the existing snapshot and log: no snapshot needed, and
      // commits are remembered until the proposals are logged.
      learn_.snapshot_needed = false;
      learn_.write_to_log = true;
      set_zab(ZabState::Synchronization, SyncMode::Diff);
      return;
    case PacketType::Snap: {
      // Learner.syncWithLeader sets the sync mode before it logs a SNAP or TRUNC (after, for a DIFF).
      set_zab(ZabState::Synchronization, SyncMode::Snap);
      log(LogKind::GettingSnapshot, LogLevel::Info, p.zxid.raw());
      next_session_id_ = initial_session_id(myid_, now);  // zk.createSessionTracker()
      if (p.payload != 0) {  // deserializeSnapshot clears the database first
        const SnapshotData& snap = payloads_->snapshot(p.payload);
        tree_ = snap.tree;
        sessions_db_ = snap.sessions;
        applied_ = snap.history;
        ++history_resets_;
        committed_log_.clear();
        // "Reset config node content from local config after deserialization of snapshot."
        init_config_node();
      }
      last_processed_zxid_ = p.zxid;
      learn_.snapshot_needed = true;
      learn_.write_to_log = false;
      return;
    }
    case PacketType::Trunc: {
      set_zab(ZabState::Synchronization, SyncMode::Trunc);
      log(LogKind::GettingTrunc, LogLevel::Warn, p.zxid.raw());
      next_session_id_ = initial_session_id(myid_, now);  // zk.createSessionTracker()
      // ZKDatabase.truncateLog: cut the log on disk, reload the database from disk.
      if (!disk_.truncate_after(p.zxid)) {  // "Not able to truncate the log": exit 13
        learner_fail(now, true);
        return;
      }
      load_database();
      log_database_loaded();  // ZKDatabase.truncateLog reloads it
      last_processed_zxid_ = p.zxid;
      learn_.snapshot_needed = true;
      learn_.write_to_log = false;
      return;
    }
    case PacketType::Proposal:
      if (sync_ == SyncMode::None && !learn_.got_newleader) return;  // no sync packet yet
      learn_.not_committed.push_back(LoggedTxn{p.zxid, p.payload});
      return;
    case PacketType::Commit:
      if (!learn_.write_to_log) {
        // Before NEWLEADER after a SNAP/TRUNC: applied in memory, saved by the snapshot.
        if (!learn_.not_committed.empty() && learn_.not_committed.front().zxid == p.zxid) {
          const LoggedTxn t = learn_.not_committed.front();
          learn_.not_committed.pop_front();
          apply_txn(t);
        }
      } else {
        learn_.committed.push_back(p.zxid);
      }
      return;
    case PacketType::Inform:
      if (!learn_.write_to_log) {
        apply_txn(LoggedTxn{p.zxid, p.payload});
      } else {
        learn_.not_committed.push_back(LoggedTxn{p.zxid, p.payload});
        learn_.committed.push_back(p.zxid);
      }
      return;
    case PacketType::NewLeader: {
      if (learn_.got_newleader) return;
      log(LogKind::LearnerGotNewLeader);
      log(LogKind::ReconfigNoStore);
      if (learn_.snapshot_needed) take_snapshot();
      set_current_epoch(learn_.new_epoch);
      learn_.write_to_log = true;
      set_zab(ZabState::Synchronization, SyncMode::None);
      learn_.got_newleader = true;
      learn_.read_deadline = now + static_cast<Ms>(cfg.sync_limit_ticks) * cfg.tick_time_ms;
      // A follower logs the proposals received so far before it ACKs NEWLEADER.
      std::vector<LoggedTxn> logged;
      if (type_ == LearnerType::Participant) {
        for (const LoggedTxn& t : learn_.not_committed) {
          log_txn(t);
          learn_.pending.push_back(t);
          logged.push_back(t);
        }
        learn_.not_committed.clear();
      }
      send(learn_.leader, QuorumPacket{PacketType::Ack, Zxid::make(learn_.new_epoch, 0), 0, learn_.cnx, 0});
      // Their ACKs follow (SendAckRequestProcessor), after the NEWLEADER ACK as in later
      // 3.8.x releases (ZOOKEEPER-4646); the leader ignores those it already committed.
      for (const LoggedTxn& t : logged)
        send(learn_.leader, QuorumPacket{PacketType::Ack, t.zxid, 0, learn_.cnx, 0});
      return;
    }
    case PacketType::UpToDate: {
      if (!learn_.got_newleader) return;
      log(LogKind::LearnerGotUpToDate);
      learn_.uptodate = true;
      serving_ = true;
      send(learn_.leader, QuorumPacket{PacketType::Ack, Zxid::make(learn_.new_epoch, 0), 0, learn_.cnx, 0});
      set_zab(ZabState::Broadcast, SyncMode::None);
      const Vote before = current_vote_;
      current_vote_.peer_epoch = learn_.new_epoch;  // updateElectionVote
      out_->events.push_back(VoteChanged{myid_, before, current_vote_, VoteRule::EpochUpdated, 0});
      // Log what came between NEWLEADER and UPTODATE, then commit what was remembered.
      if (type_ == LearnerType::Participant) {
        for (const LoggedTxn& t : learn_.not_committed) {
          log_txn(t);
          learn_.pending.push_back(t);
          send(learn_.leader, QuorumPacket{PacketType::Ack, t.zxid, 0, learn_.cnx, 0});
        }
        learn_.not_committed.clear();
        const std::vector<Zxid> commits = std::move(learn_.committed);
        learn_.committed.clear();
        for (Zxid z : commits) {
          if (!learner_commit(z, now)) return;
        }
      } else {
        for (const LoggedTxn& t : learn_.not_committed) {
          if (learn_.committed.empty() || learn_.committed.front() != t.zxid) continue;
          learn_.committed.erase(learn_.committed.begin());
          log_txn(t);
          apply_txn(t);
        }
        learn_.not_committed.clear();
        learn_.committed.clear();
      }
      return;
    }
    case PacketType::Ping:
      // Learner.syncWithLeader has no case for PING: it only resets the read timeout.
      return;
    default:
      return;
  }
}

void QuorumPeer::learner_broadcast(const QuorumPacket& p, Ms now) {
  switch (p.type) {
    case PacketType::Ping: {
      // Learner.ping: the reply carries the sessions this server's clients kept alive.
      PayloadRef touched = 0;
      if (!connections_.empty()) {
        SessionList list;
        for (const auto& [id, client] : connections_) list.ids.push_back(id);
        touched = payloads_->add(std::move(list));
      }
      send(learn_.leader, QuorumPacket{PacketType::Ping, p.zxid, 0, learn_.cnx, touched});
      return;
    }
    case PacketType::Sync:
      // FollowerZooKeeperServer.sync: the oldest waiting sync is done.
      for (PendingOp& op : client_pending_)
        if (op.kind == PendingOp::Kind::Sync && !op.done) {
          op.done = true;
          answer_ready_reads(op.session_id);
          break;
        }
      return;
    case PacketType::Revalidate: {
      for (const PendingOp& op : client_pending_) {
        if (op.kind != PendingOp::Kind::Connect || op.session_id != p.data) continue;
        const bool valid = p.zxid.raw() == 1;
        ClientResult r;
        r.session_id = valid ? p.data : 0;
        auto t = sessions_db_.find(p.data);
        r.timeout_ms = valid && t != sessions_db_.end() ? t->second : 0;
        const PendingOp done = op;
        complete(done, std::move(r));
        break;
      }
      return;
    }
    case PacketType::Proposal: {
      if (type_ != LearnerType::Participant) return;
      // FollowerZooKeeperServer.logRequest -> SyncRequestProcessor -> SendAckRequestProcessor
      const LoggedTxn t{p.zxid, p.payload};
      log_txn(t);
      learn_.pending.push_back(t);
      send(learn_.leader, QuorumPacket{PacketType::Ack, p.zxid, 0, learn_.cnx, 0});
      return;
    }
    case PacketType::Commit:
      if (type_ == LearnerType::Participant) learner_commit(p.zxid, now);
      return;
    case PacketType::Inform: {
      if (type_ == LearnerType::Participant) return;
      const LoggedTxn t{p.zxid, p.payload};
      log_txn(t);
      apply_txn(t);
      return;
    }
    default:
      return;
  }
}

bool QuorumPeer::learner_commit(Zxid zxid, Ms now) {
  // FollowerZooKeeperServer.commit: the COMMIT must match the oldest pending txn.
  if (learn_.pending.empty()) return true;  // "Committing 0x.. without seeing txn"
  if (learn_.pending.front().zxid != zxid) {
    log(LogKind::CommitUnmatched, LogLevel::Error, zxid.raw(), learn_.pending.front().zxid.raw());
    // ZooKeeper exits (code 12); zooscope sends the server back to LOOKING instead.
    learner_fail(now, true);
    return false;
  }
  const LoggedTxn t = learn_.pending.front();
  learn_.pending.pop_front();
  apply_txn(t);
  return true;
}

void QuorumPeer::learner_timer(Ms now) {
  if (now >= learn_.retry_at) {
    learner_connect(now);
    return;
  }
  if (now >= learn_.read_deadline) {
    if (!learn_.connected) {
      // The connect timed out (no answer, not refused): nothing is left of the init limit,
      // so Learner$LeaderConnector gives up at once, whatever try it was.
      const Ms remaining = std::max<Ms>(0, init_limit_ms() - (now - learn_.connect_started_at));
      log(LogKind::LearnerConnectFailed, LogLevel::Error, learn_.leader, learn_.connect_tries - 1, remaining);
      log(LogKind::LeaderConnectorFailed, LogLevel::Error, learn_.leader);
    }
    learner_fail(now, true);
  }
}

void QuorumPeer::learner_fail(Ms now, bool notify_leader) {
  if (state_ == ServerState::Observing)
    log(LogKind::ObservingLeaderFailed, LogLevel::Warn);
  else
    log(LogKind::FollowingLeaderFailed, LogLevel::Warn);
  // Follower.followLeader's (Observer.observeLeader's) finally, then Follower.shutdown
  // (Observer.shutdown); ZooKeeperServer.shutdown logs only when the server was running.
  if (learn_.connected)
    log(LogKind::DisconnectedFromLeader, LogLevel::Info, learn_.leader, now - learn_.connected_at,
        learn_.uptodate ? 1 : 0);
  log(type_ == LearnerType::Participant ? LogKind::ShutdownFollower : LogKind::ShutdownObserver);
  log_server_shutdown();
  if (notify_leader) send(learn_.leader, ConnectionClosed{Channel::Quorum, learn_.cnx});
  enter_looking(now);
}

}  // namespace zs

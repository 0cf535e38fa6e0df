// One ZooKeeper server (QuorumPeer): its dataDir (epochs, snapshot, txn log), its
// in-memory database, the election with its connection manager, and the Zab roles:
// discovery (FOLLOWERINFO -> LEADERINFO -> ACKEPOCH), synchronization (DIFF/TRUNC/SNAP with
// the txns the learner lacks -> NEWLEADER -> ACK -> UPTODATE) and broadcast (REQUEST ->
// PROPOSAL -> ACK -> COMMIT / INFORM), PINGs and the timeouts that send a server back to
// LOOKING. Pure: time comes in as `now`, messages go out through the Outbox, packet
// payloads live in a shared PayloadStore.
#pragma once

#include <cstdint>
#include <deque>
#include <optional>
#include <vector>

#include "core/messages.hpp"
#include "core/prng.hpp"
#include "core/types.hpp"
#include "election/fast_leader_election.hpp"
#include "election/roster.hpp"
#include "data/watch_manager.hpp"
#include "data/data_tree.hpp"
#include "data/prep.hpp"
#include "peer/payloads.hpp"
#include "peer/sync_plan.hpp"
#include "session/session_tracker.hpp"
#include "trace/cluster_state.hpp"
#include "trace/trace.hpp"

namespace zs {

// What the peer asks its driver to do. The driver clears it after each call.
struct Outbox {
  std::vector<Envelope> sends;
  std::vector<TraceBody> events;
  void clear() {
    sends.clear();
    events.clear();
  }
};

// What survives a crash: the files in dataDir (myid is the sid itself). Writes are synced
// at once: a txn the server logged stays logged, committed or not. Every change goes through
// the operations below (FileTxnSnapLog's: append, truncate, save a snapshot), so an on-disk
// dataDir for the real-time driver can implement the same ones; the simulator keeps it as a
// value, which a checkpoint copies.
struct PersistedState {
  std::int64_t accepted_epoch = 0;  // version-2/acceptedEpoch
  std::int64_t current_epoch = 0;   // version-2/currentEpoch
  PayloadRef snapshot = 0;          // SnapshotData of the newest snapshot; 0 = empty tree
  Zxid snapshot_zxid{};
  SharedLog<LoggedTxn> log;         // txns after the snapshot, zxids increasing
  std::uint32_t incarnation = 0;    // zooscope: process starts, to tell connections apart
  // The zxid of the newest snapshot file (version-2/snapshot.<zxid>), what a restart replays
  // the txn log after; none before the first start saves the empty tree as snapshot.0. The
  // leader's snapshot at the start of its epoch is a file only: `snapshot` stays the older
  // one, which with the log gives the same tree, so this can be newer than snapshot_zxid.
  std::optional<Zxid> snapshot_file;

  Zxid last_logged_zxid() const { return log.empty() ? snapshot_zxid : log.back().zxid; }
  // FileTxnLog.append: zxids only grow.
  void append(const LoggedTxn& t) { log.push_back(t); }
  // FileTxnSnapLog.truncateLog: false when `zxid` is older than the snapshot (exit 13).
  bool truncate_after(Zxid zxid) {
    if (zxid < snapshot_zxid) return false;
    std::size_t keep = log.size();  // zxids increase: the ones after `zxid` are a suffix
    while (keep > 0 && log[keep - 1].zxid > zxid) --keep;
    log.truncate(keep);
    return true;
  }
  // takeSnapshot: the newest snapshot covers everything up to `zxid`; zooscope drops the log
  // entries it covers (and any beyond it, which a learner taking a sync snapshot cannot hold).
  void save_snapshot(PayloadRef snap, Zxid zxid) {
    snapshot = snap;
    snapshot_zxid = zxid;
    snapshot_file = zxid;
    log.clear();
  }
  // Logged txns after `zxid` (zxids increase: a suffix of the log).
  std::int64_t txns_after(Zxid zxid) const {
    std::size_t n = 0;
    while (n < log.size() && log[log.size() - 1 - n].zxid > zxid) ++n;
    return static_cast<std::int64_t>(n);
  }
  // What FileTxnSnapLog.restore replays: the txns after the newest snapshot file.
  std::int64_t txns_after_snapshot_file() const { return txns_after(snapshot_file.value_or(snapshot_zxid)); }
};

// A client request this server has accepted and not answered yet (FinalRequestProcessor
// answers in the order of each session's requests).
struct PendingOp {
  enum class Kind : std::uint8_t { Connect, Write, Read, Sync, Local } kind = Kind::Write;
  std::int32_t client = -1;
  std::int64_t session_id = 0;
  std::int32_t cxid = 0;
  std::int32_t type = 0;  // opcode
  PayloadRef request = 0;
  bool done = false;      // Sync: the leader's SYNC arrived
};

class QuorumPeer final : private ElectionHost {
 public:
  QuorumPeer(const Roster* roster, PayloadStore* payloads, Sid myid, PersistedState disk);

  // The process starts: load the database, enter LOOKING.
  void start(Ms now, Outbox& out);
  void on_message(const Envelope& env, Ms now, Outbox& out);
  void on_timer(Ms now, Outbox& out);
  // A client connected to this server sends a request (in the store): a connect, a write, a
  // read, a sync, a watch change. The answer is a ClientOp trace event; connection changes
  // are ClientSession events, watch notifications WatchFired events.
  void client_request(PayloadRef request, Ms now, Outbox& out);
  // The client closed its TCP connection (or moved away) without closing the session.
  void client_disconnect(std::int32_t client, Ms now, Outbox& out);
  // Scripted writes (tests, benchmarks): a request from a session that need not exist.
  void client_write(PayloadRef request, Ms now, Outbox& out) { client_request(request, now, out); }
  Ms next_deadline() const;
  // What this server waits for now (the window's rings), read from its timers.
  PeerWait wait() const;

  // The simulated wall clock (System.currentTimeMillis) at virtual time 0: txn times, and so
  // ctime/mtime, are origin + now. The elapsed clock (session ids, timeouts) is `now` itself.
  void set_wall_clock_origin(Ms origin) { wall_origin_ = origin; }
  // ContainerManager's period (znode.container.checkIntervalMs, 60 s by default).
  void set_container_check_interval(Ms interval) { container_interval_ = interval; }
  // The seed of this process's own random draws (ThreadLocalRandom: the observer's delay
  // before LOOKING). The driver derives it from the run's seed, so runs stay reproducible.
  void set_random_seed(std::uint64_t seed) { rng_ = Prng(seed); }

  Sid id() const { return myid_; }
  ServerState state() const { return state_; }
  LearnerType type() const { return type_; }
  const PersistedState& disk() const { return disk_; }
  Zxid last_processed_zxid() const { return last_processed_zxid_; }
  ZabState zab_state() const { return zab_; }
  SyncMode sync_mode() const { return sync_; }
  bool serving() const { return serving_; }
  const DataTree& tree() const { return tree_; }
  // Memory only, invisible to the run: this server keeps `other`'s copy of every chunk of
  // znodes (DataTree::share_nodes_with), of its txn log and of its applied history that the
  // two hold exactly alike.
  void share_memory_with(const QuorumPeer& other);
  std::size_t tree_chunks_made() const { return tree_.node_chunks_made(); }
  // Bytes a copy of this server takes that grow with its state (the tree's chunk pointers,
  // the logs' unshared tails, the commit log, queues of proposals and requests).
  std::size_t copy_bytes() const;
  // Every txn applied to the in-memory tree, oldest first (instrumentation for checks and
  // views; a SNAP copies the leader's). `history_resets` counts non-append changes.
  const SharedLog<LoggedTxn>& applied_history() const { return applied_; }
  std::uint64_t history_resets() const { return history_resets_; }
  const std::deque<LoggedTxn>& committed_log() const { return committed_log_; }
  const std::map<std::int64_t, std::int32_t>& sessions() const { return sessions_db_; }
  // The leader's global session tracker (expiry buckets), or nullptr when not leading.
  const SessionTracker* session_tracker() const {
    return state_ == ServerState::Leading && lead_.tracker ? &*lead_.tracker : nullptr;
  }
  const std::map<std::int64_t, std::int32_t>& connections() const { return connections_; }
  const WatchManager& watches() const { return watches_; }
  // Leader: proposals not yet committed, oldest first, with the voters that ACKed them.
  struct Proposal {
    Zxid zxid{};
    PayloadRef txn = 0;
    SidMask acks = 0;
  };
  const std::deque<Proposal>& outstanding() const { return lead_.outstanding; }
  Zxid last_committed() const { return lead_.last_committed; }
  // The vote shown for this server: the proposal while LOOKING, else the current vote.
  Vote shown_vote() const;
  std::int64_t round() const { return fle_.logical_clock(); }
  Sid leader() const;  // 0 = none
  const FastLeaderElection& election() const { return fle_; }
  // Servers this leader counts as synced right now (itself included); 0 if not leading.
  SidMask synced_learners() const;
  // The voters (me included) that count as synced at leader tick `tick` if nothing more is heard.
  SidMask synced_at(std::int64_t tick) const;
  // Our own invariants, checked after every step (ZS_ASSERT).
  void check_invariants() const;

 private:
  // --- ElectionHost
  Sid myid() const override { return myid_; }
  const Roster& roster() const override { return *roster_; }
  ServerState peer_state() const override { return state_; }
  const Vote& current_vote() const override { return current_vote_; }
  bool is_participant() const override { return type_ == LearnerType::Participant; }
  Zxid last_logged_zxid() const override { return last_processed_zxid_; }
  std::int64_t current_epoch() const override { return disk_.current_epoch; }
  void send_notification(Sid target, const Notification& n) override;
  bool have_delivered() const override;
  void connect_all() override;
  void emit(const TraceBody& event) override { out_->events.push_back(event); }
  void election_decided(const Vote& end_vote, ServerState state, Ms now) override;

  // --- election connections (QuorumCnxManager)
  struct ElectionLink {
    bool up = false;
    bool connecting = false;
    std::optional<Notification> queued;     // send queue of capacity 1
    std::optional<Notification> last_sent;  // re-sent when a connection (re)opens
  };
  void connect_one(int index);
  void flush(int index);
  void on_election_connect(Sid from);
  void on_socket_event(const Envelope& env, Ms now);

  // --- roles
  void send(Sid target, const Message& m);
  void log(LogKind kind, LogLevel level = LogLevel::Info, std::int64_t a0 = 0,
           std::int64_t a1 = 0, std::int64_t a2 = 0, std::int64_t a3 = 0, std::int64_t a4 = 0);
  void rate_log(const std::string& message);
  void set_state(ServerState s);
  void set_zab(ZabState z, SyncMode m);
  void set_accepted_epoch(std::int64_t e);
  void set_current_epoch(std::int64_t e);
  void enter_looking(Ms now);
  void enter_leading(Ms now);
  void enter_learning(Ms now);
  void on_packet(Sid from, const QuorumPacket& p, Ms now);
  void reset_connection(Sid to, std::uint32_t cnx);

  // --- database (ZKDatabase)
  // ZKDatabase.initConfigInZKDatabase: /zookeeper/config as this server's config says.
  void init_config_node();
  void load_database();                        // snapshot + whole txn log
  void log_database_loaded();                  // the lines of ZKDatabase.loadDataBase
  void fast_forward();                         // apply logged txns the tree lacks
  ApplyResult apply_txn(const LoggedTxn& t);   // processTxn + committedLog
  void log_txn(const LoggedTxn& t);            // append to the txn log on disk
  void take_snapshot();                        // the tree becomes the newest snapshot
  void log_server_shutdown();                  // ZooKeeperServer.shutdown's lines, if serving
  void start_election(Ms now);                  // QuorumPeer.run's LOOKING
  void reply_if_mine(const Txn& txn, const ApplyResult& r);
  void fail_client_ops();
  void push_pending(const PendingOp& op);
  void recount_pending();
  void complete(const PendingOp& op, ClientResult result);
  void answer_ready_reads(std::int64_t session);
  ClientResult read(const ClientRequest& req);
  void fire_watches(const Txn& txn, const ApplyResult& r);
  void fire(const std::string& path, EventType type, Zxid zxid);
  void set_watches(const SetWatchesRequest& s, std::int64_t session);
  void drop_connection(std::int64_t session, bool expired);
  void submit_write(const ClientRequest& req, PayloadRef ref, Ms now);
  void session_applied(const Txn& txn);

  // Leader (Leader + LearnerHandler).
  struct Handler {
    bool active = false;
    std::uint32_t cnx = 0;
    bool participant = true;
    enum class Stage : std::uint8_t { WaitEpoch, WaitAckEpoch, WaitEpochQuorum, WaitNewLeaderAck,
                                      WaitStart, Broadcast } stage = Stage::WaitEpoch;
    Zxid peer_last_zxid{};
    std::int64_t peer_current_epoch = 0;
    std::int64_t tick_deadline = 0;  // synced while tick <= tick_deadline
    bool forwarding = false;         // startForwarding done: gets new proposals/commits
    // The socket read timeout while the handler thread reads: initLimit ticks for ACKEPOCH
    // and the NEWLEADER ACK, then syncLimit ticks per packet; kNever while it waits on the
    // leader (for the epoch, the epoch quorum, the NEWLEADER quorum).
    Ms read_deadline = kNever;
    // SyncLimitCheck: the oldest PROPOSAL sent and not ACKed (and the newest after it), with
    // the time it went out; started once the NEWLEADER ACK arrived.
    bool slc_started = false;
    Zxid slc_current{};
    Ms slc_current_at = kNever;
    Zxid slc_next{};
    Ms slc_next_at = kNever;
  };
  void leader_lost_learner(int index, bool transaction_timeout);
  void leader_close_learner(int index);  // closing socket, goodbye, drop
  void leader_goodbye(int index);        // goodbye, drop
  Ms init_limit_ms() const;  // tickTime * initLimit
  Ms sync_limit_ms() const;  // tickTime * syncLimit
  void leader_on_packet(Sid from, const QuorumPacket& p, Ms now);
  void leader_fix_epoch_if_quorum(Ms now);
  void leader_epoch_acked_if_quorum(Ms now);
  void leader_start_if_quorum(Ms now);
  void leader_send_sync(int index);
  void leader_timer(Ms now);
  void leader_drop(int index, bool notify);
  void leader_submit(const ClientRequest& req, Ms now);
  void leader_ack(Sid from, Zxid zxid);
  void leader_try_commit();
  void leader_sync(Sid from, std::uint32_t cnx);  // a learner's SYNC request
  void leader_touch(std::int64_t session, Ms now);
  void leader_check_containers(Ms now);
  void leader_shutdown(LogKind why, std::int64_t a0, Ms now);
  // A roster-position mask as the sid mask the ack-set lines print (bit sid-1).
  std::int64_t sid_mask(SidMask positions) const;

  // Learner (Follower / Observer).
  void learner_connect(Ms now);
  void learner_on_packet(const QuorumPacket& p, Ms now);
  void learner_broadcast(const QuorumPacket& p, Ms now);
  bool learner_commit(Zxid zxid, Ms now);  // false: unmatched, the learner left
  void learner_timer(Ms now);
  void learner_fail(Ms now, bool notify_leader);

  const Roster* roster_;
  Sid myid_;
  int my_index_;
  LearnerType type_;
  PayloadStore* payloads_;
  PersistedState disk_;
  Outbox* out_ = nullptr;  // valid only during a call
  Ms now_ = 0;             // valid only during a call
  Ms wall_origin_ = 0;
  Ms container_interval_ = 60000;
  // ZooKeeperServer's RateLogger (one per process, so it outlives a leadership): the message
  // it holds, when that was last written, and how often it came since.
  struct RateLogger {
    std::optional<std::string> msg;
    Ms at = 0;
    int count = 0;
  };
  RateLogger rate_logger_;
  Prng rng_{1};
  // An observer that left OBSERVING waits this long (Observer.waitForObserverElectionDelay)
  // before its election starts; kNever otherwise.
  Ms looking_delay_until_ = kNever;
  // A learner that left during a SNAP cleared its database (Learner.shutdown shuts its server
  // down fully); the next election's first look at the last zxid loads it from disk again,
  // and logs so then.
  bool reload_logged_at_election_ = false;

  ServerState state_ = ServerState::Looking;
  ZabState zab_ = ZabState::Election;
  SyncMode sync_ = SyncMode::None;
  bool serving_ = false;
  Zxid last_processed_zxid_{};  // the in-memory database's
  DataTree tree_;
  SharedLog<LoggedTxn> applied_;
  std::uint64_t history_resets_ = 0;
  std::deque<LoggedTxn> committed_log_;  // ZKDatabase.committedLog, last kCommitLogCount
  // Client requests accepted here and not answered yet, in arrival order.
  std::deque<PendingOp> client_pending_;
  std::map<std::int64_t, std::uint32_t> pending_txns_;  // session -> its pending writes/connects
  std::map<std::int64_t, std::int32_t> sessions_db_;   // global sessions -> timeout (the database's)
  std::map<std::int64_t, std::int32_t> connections_;   // sessions connected here -> client number
  std::int64_t next_session_id_ = 0;                   // this server's session id generator
  WatchManager watches_;
  Vote current_vote_;
  FastLeaderElection fle_;
  std::vector<ElectionLink> links_;  // by roster index
  std::uint32_t next_cnx_ = 0;
  std::uint32_t election_accepts_ = 0;  // election connections accepted (their ephemeral ports)

  // Leader state (valid while LEADING).
  struct Leading {
    Ms started_at = 0;
    std::int64_t tick = 0;
    bool tick_skip = true;
    Ms next_half_tick = kNever;
    Ms phase_deadline = kNever;  // initLimit wait of the current discovery/sync step
    std::int64_t epoch = -1;
    bool epoch_fixed = false;
    bool epoch_acked = false;
    bool started = false;
    SidMask connecting = 0;   // participants that sent FOLLOWERINFO (me included)
    SidMask electing = 0;     // participants whose ACKEPOCH counted (me included)
    SidMask newleader_acks = 0;
    std::int64_t summary_epoch = 0;
    Zxid summary_zxid{};
    std::vector<Handler> handlers;  // by roster index
    Zxid last_proposed{};
    Zxid last_committed{};
    std::deque<Proposal> outstanding;
    PrepRequestProcessor prep;
    std::optional<SessionTracker> tracker;  // global sessions' expiry (SessionTrackerImpl)
    Ms next_container_check = kNever;       // ContainerManager
    // SYNCs waiting for a commit: (learner index or -1 for a local client, zxid to wait for).
    std::vector<std::pair<int, Zxid>> pending_syncs;
  } lead_;

  // Learner state (valid while FOLLOWING / OBSERVING).
  struct Learning {
    Sid leader = 0;
    std::uint32_t cnx = 0;
    bool connected = false;  // got a packet on this connection
    Ms connected_at = 0;     // Follower.followLeader's connectionTime (0: never connected)
    int connect_tries = 0;
    Ms connect_started_at = 0;
    Ms retry_at = kNever;
    Ms read_deadline = kNever;
    std::int64_t new_epoch = 0;
    bool got_newleader = false;
    bool uptodate = false;
    // syncWithLeader: proposals not yet logged, and commits remembered until UPTODATE.
    bool snapshot_needed = true;
    bool write_to_log = false;
    std::deque<LoggedTxn> not_committed;
    std::vector<Zxid> committed;
    // Broadcast: logged proposals waiting for their COMMIT (FollowerZooKeeperServer.pendingTxns).
    std::deque<LoggedTxn> pending;
  } learn_;
};

}  // namespace zs

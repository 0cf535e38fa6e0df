// The read-only model every view draws, filled once per frame by a ClusterSource
// (view/source.hpp): the simulated run today, an attached or a live real ensemble next. Views
// never reach into the engine: what they need is copied here, or pointed to as plain data (a
// DataTree, the trace) valid for this frame. What a source cannot observe it says in
// `observes`, and the views say so instead of drawing empty tables.
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "console/console.hpp"
#include "data/data_tree.hpp"
#include "data/watch_manager.hpp"
#include "trace/cluster_state.hpp"  // PeerSnapshot, InFlightMessage, LinkParams
#include "trace/trace.hpp"
#include "trace/trace_log.hpp"
#include "view/causality.hpp"
#include "view/lab_card.hpp"

namespace zs::view {

// One zkCli console on a server (the console view draws it).
// Where `sid` is in `sids`, or -1.
inline int index_in(const std::vector<Sid>& sids, Sid sid) {
  for (std::size_t i = 0; i < sids.size(); ++i)
    if (sids[i] == sid) return static_cast<int>(i);
  return -1;
}

struct ConsoleModel {
  Sid sid = 0;
  std::string prompt;  // "[zk: 127.0.0.1:2181(CONNECTED) 3] "
  bool busy = false;   // a line is queued or running
  const std::vector<console::TranscriptEntry>* transcript = nullptr;
  const std::map<int, std::string>* history = nullptr;
};

// ---- votes view (filled by engine/view/model_votes.cpp) -------------------------------------------
// The last election notification a receiver got from one sender since its current election
// started (its newest NewElection).
struct VoteCell {
  bool has = false;
  Ms at = 0;
  Notification note;  // the sender's state and vote (leader, zxid, round, peerEpoch)
};
// The comparison that decides between a received vote and the one it is compared with, in
// ZooKeeper's order (totalOrderPredicate, reference §2.3: peerEpoch, then zxid, then sid),
// named as the tutorials number their rules for a (sid, zxid) vote: 1 a higher zxid wins,
// 2 a lower zxid loses, 3 with equal zxids the higher sid wins, 4 a lower sid loses. The epoch
// check comes before them; the tutorials leave it out.
enum class VoteCheck : std::uint8_t {
  None,         // no comparison decided (the server's own first vote, an established leader)
  Equal,        // the same vote: nothing to decide
  EpochHigher,  // the received vote's peerEpoch is higher: it wins before rules 1-4
  EpochLower,   // its peerEpoch is lower: it loses before rules 1-4
  Rule1,        // equal epoch, higher zxid: the received vote wins
  Rule2,        // equal epoch, lower zxid: it loses
  Rule3,        // equal epoch and zxid, higher sid: it wins
  Rule4,        // equal epoch and zxid, lower sid: it loses
};

// One switch of a server's vote (a VoteChanged whose (sid, zxid, peerEpoch) differs, other
// than the start of an election and the epoch update after Zab discovery) and what decided it.
struct VoteSwitch {
  Ms at = 0;
  std::uint64_t seq = 0;  // trace index: orders switches of the same millisecond
  Sid sid = 0;            // the server that switched
  Vote from;              // its vote before (in the round it left, when it joined a later one)
  Vote to;
  // HigherPeerEpoch / HigherZxid / HigherSid: `check` is EpochHigher / Rule1 / Rule3, the
  // sender's vote against the vote it held, or, after joining a later round, against its own
  // initial vote. HigherRound: it joined a later round and went back to its own vote; `check`
  // says why the sender's vote lost to it (EpochLower / Rule2 / Rule4 / Equal). Decided: a
  // quorum already follows that leader (FOLLOWING/LEADING notifications), no comparison.
  VoteRule rule = VoteRule::Initial;
  VoteCheck check = VoteCheck::None;
  Sid because_of = 0;       // the sender whose notification caused it (0 = unknown)
  bool has_sender = false;  // `sender` holds that notification
  Notification sender;
  bool joined_round() const { return to.election_epoch > from.election_epoch; }
};
// Per server: why it holds its vote in its current election.
struct VoteWhy {
  bool in_election = false;  // it has started an election (nothing to say otherwise)
  Ms started = 0;            // when its current election started
  int switches = 0;          // its switches in that election
  VoteSwitch last;           // switches > 0: the newest one
};
// One proposed leader and the voters whose current vote names it.
struct VoteTally {
  Sid leader = 0;
  int votes = 0;
  bool quorum = false;  // the voters naming it are a quorum (Roster::is_quorum)
};
inline constexpr std::size_t kVoteHistory = 32;  // switches kept per server per election
struct VotesModel {
  // [receiver_index * peers.size() + sender_index], both in peers order; empty when unknown.
  std::vector<VoteCell> cells;
  std::vector<VoteWhy> why;                 // per peer index
  // Every switch of the last election, in order: the elections the servers started since
  // the newest one that began while no other server was LOOKING (at most kVoteHistory per
  // server, the newest; `history_dropped` older ones are not kept).
  std::vector<VoteSwitch> history;
  std::size_t history_dropped = 0;
  Ms history_started = -1;                  // when that election began (-1 = none yet)
  std::vector<VoteTally> tally;             // candidates, most votes first
  int voters = 0;                           // participants in the ensemble (observers do not vote)
  int quorum = 0;                           // votes a leader needs (Roster::quorum_size)
  bool election_over = false;               // every running server FOLLOWING/LEADING/OBSERVING
  Sid winner = 0;                           // election_over: the leader
  std::int64_t winner_epoch = 0;            // ... and its current epoch
  const VoteCell* cell(std::size_t receiver, std::size_t sender, std::size_t n) const {
    const std::size_t i = receiver * n + sender;
    return i < cells.size() ? &cells[i] : nullptr;
  }
};

// ---- Zab view (filled by engine/view/model_zab.cpp) -----------------------------------------------
inline constexpr std::int32_t kUnknownTxnType = -1000;
struct ZabProposal {
  Zxid zxid{};
  std::int32_t type = kUnknownTxnType;  // txn opcode (ZooDefs.OpCode), when known
  std::string what;                     // ... with its path: "create /zk_test" (payload_words)
  std::uint64_t acks = 0;               // voters that ACKed, bit sid-1 (the leader included)
  bool quorum = false;                  // the ACKs are a quorum (Roster::is_quorum)
  bool committed = false;               // the leader sent COMMIT
  Sid leader = 0;
  Ms at = 0;                            // committed: when
};
// The leader's last sync decision for one learner (the DIFF, TRUNC or SNAP packet it sent).
struct ZabSyncNote {
  bool has = false;
  Ms at = 0;
  SyncMode mode = SyncMode::None;
  Zxid zxid{};  // of the DIFF/TRUNC/SNAP packet
  Sid leader = 0;
};
struct ZabModel {
  Sid leader = 0;  // a server in LEADING state (0 = none)
  std::int64_t epoch = 0;
  bool leader_has_quorum = false;  // a quorum of voters follows it (stable_leader)
  // The newest committed proposals (at most kZabRows), oldest first, then the leader's
  // outstanding ones.
  std::span<const ZabProposal> committed;
  std::vector<ZabProposal> pending;
  std::uint64_t committed_total = 0;  // Committed events in the whole trace
  std::uint64_t voters = 0;  // bit sid-1 per participant
  int quorum = 0;            // ACKs a proposal needs (Roster::quorum_size), for display
  std::vector<ZabSyncNote> sync;  // per peer index
  std::size_t rows() const { return committed.size() + pending.size(); }
  const ZabProposal& row(std::size_t i) const {
    return i < committed.size() ? committed[i] : pending[i - committed.size()];
  }
};

// ---- transaction logs view (filled by engine/view/model_txlog.cpp) --------------------------------
inline constexpr std::size_t kTxlogBoxes = 64;  // newest entries drawn per server
// Where one txn stands on one server. A server applies txns it has not seen committed when
// it leaves a role (ZKDatabase.fastForwardDataBase): applied without committed is possible.
struct TxBox {
  Zxid zxid{};
  std::int32_t type = kUnknownTxnType;  // txn opcode, when known
  std::string what;                     // "create /zk_test" (payload_words), "" when unknown
  bool proposed = false;   // a PROPOSAL on its way to it, or (leader) outstanding: no quorum yet
  bool logged = false;     // in its txn log on disk
  bool committed = false;  // a leader committed it (COMMIT), or it synced with a newer leader
  bool applied = false;    // applied to its in-memory tree (zxid <= its lastProcessedZxid)
};
struct TxlogRow {
  Sid sid = 0;
  bool up = false;                 // down: its log is on disk, unseen until it restarts
  Zxid snapshot_zxid{};            // its newest snapshot covers every txn up to here
  std::size_t log_size = 0;        // txns in its log after the snapshot
  std::vector<TxBox> boxes;        // the newest kTxlogBoxes of its log, then PROPOSALs coming
  ZabSyncNote sync;                // the last DIFF/TRUNC/SNAP it received (has = false: none)
  // The last TRUNC: the zxids it cut off (zxid > sync.zxid, up to the last zxid the server
  // reported in ACKEPOCH), with their words when a PROPOSAL carried them; at most kTxlogBoxes.
  std::vector<TxBox> truncated;
};
struct TxlogModel {
  std::span<const TxlogRow> rows;  // per peer index (valid for this frame)
};

// ---- clients and their sessions (filled by engine/view/model_clients.cpp) -------------------------
enum class ClientKind : std::uint8_t {
  Console,   // the zkCli of a server's Console tab (typed, or a lab's or run file's lines)
  Scripted,  // a client handle no console drives
  Writes,    // zooscope's scripted writes (the Write button, `write` actions): no session at all
};
// The index of the scripted writes' node (ClientModel::index): not a client handle.
inline constexpr std::int32_t kScriptedWrites = -2;
// One client handle: where it is connected, its session, and that session's clock at the
// leader. Scripted writes (`write`, session 0) have no session: one node of kind Writes,
// at the server the newest of them went in through.
struct ClientModel {
  std::int32_t index = 0;  // the simulator's client number
  ClientKind kind = ClientKind::Scripted;
  Sid console = 0;            // Console: the server whose Console tab it is
  bool console_open = false;  // Console: that tab's zkCli now (not one that quit or was killed)
  Sid server = 0;             // connected to, or trying
  SessionState state = SessionState::Disconnected;  // Expired too once a dropped client's session ended
  bool connected = false;     // Connected and its process alive
  bool dropped = false;       // its process died (kill-client): no pings, no reconnects
  std::int64_t session_id = 0;          // the session it holds, or held last (0: none yet)
  std::int32_t timeout_ms = 0;          // negotiated
  std::int32_t requested_timeout_ms = 0;  // what its connect asked for
  // The leader whose SessionTracker holds the session (0: no leader, or the session is not
  // tracked) and the end of its ExpiryQueue bucket: when it expires unless heard from first.
  Sid tracker = 0;
  Ms expires_at = -1;
  std::vector<std::string> ephemerals;  // its ephemeral znodes (ephemeralOwner), sorted
  bool ended() const { return state == SessionState::Expired || state == SessionState::Closed; }
};
struct ClientsModel {
  std::vector<ClientModel> list;  // by client number
  // The bounds the servers clamp a requested timeout to (minSessionTimeout /
  // maxSessionTimeout: ZooKeeper's defaults, 2 and 20 x tickTime).
  std::int32_t min_timeout_ms = 0;
  std::int32_t max_timeout_ms = 0;
  std::int32_t tick_ms = 0;
  // The client whose session is selected (its ephemerals are marked in the tree), or -1.
  std::int32_t selected = -1;
  // The client owning session `id` (its newest), or nullptr.
  const ClientModel* by_session(std::int64_t id) const {
    const ClientModel* found = nullptr;
    for (const ClientModel& c : list)
      if (id != 0 && c.session_id == id) found = &c;
    return found;
  }
};

// ---- an attached real ensemble (filled by attach::AttachSource, engine/attach) -------------------
// One server of the connect string as seen from outside (four-letter words).
struct AttachedServer {
  std::string address;  // "127.0.0.1:2181", as in the connect string
  // "waiting", "serving", "not-serving", "unreachable", "timeout", "not-zookeeper", "error"
  std::string status;
  std::string mode;     // srvr's Mode: "leader", "follower", "observer", "standalone", "read-only"; "" when not serving
  std::string detail;   // why it is not serving / not reachable, for people
  bool sid_known = false;  // `conf` (or the AdminServer) said its id; else peers[i].sid is its position
  std::int64_t rtt_ms = -1;        // srvr's round trip
  std::int64_t connections = -1;   // srvr: client connections (-1 unknown)
  std::int64_t outstanding = -1;   // srvr: requests queued
  double latency_avg_ms = -1;
  std::int64_t latency_max_ms = -1;
  std::int64_t watches = -1;       // mntr zk_watch_count (or wchs)
  std::int64_t ephemerals = -1;    // mntr zk_ephemerals_count
  std::int64_t sessions = -1;      // cons: connections that have a session
  std::string peer_state;          // mntr zk_peer_state: "following - broadcast"
  std::vector<std::string> refused;  // four-letter words its whitelist refuses
  std::int64_t seen_ms = 0;        // wall clock of its last answer as ZooKeeper (0: never)
};
// One change seen while attached (a server's status, mode or epoch, the leader, a znode, the
// monitor's session), for the Log tab and the status bar.
struct AttachedChange {
  std::int64_t at_ms = 0;  // wall clock, ms since 1970
  std::string kind;        // "status", "mode", "epoch", "leader", "znode", "session"
  std::string text;        // "127.0.0.1:2182 mode follower -> leader" (attach::ObservedEvent::text)
  int server = -1;         // the servers index it is about, -1 for the ensemble or the tree
  // What `text` is made of (attach::ObservedEvent), so a window can say it in its language:
  // the server's address ("" for the ensemble or the tree), from / to / path as the event has them.
  std::string who;
  std::string from;
  std::string to;
  std::string path;
};
struct AttachedModel {
  std::string connect_string;
  std::vector<AttachedServer> servers;  // peers order
  std::string whitelist_hint;           // the zoo.cfg line that would allow the refused words ("": none refused)
  std::int32_t refresh_ms = 0;
  std::uint64_t polls = 0;
  // The monitor's own session, which reads the tree.
  std::string session_state;  // "connecting", "connected", "closed", "auth-failed"
  std::string session_host;
  std::int64_t session_id = 0;
  std::string session_error;
  // The tree as that session reads it (valid for this frame), and how it is kept current.
  const DataTree* tree = nullptr;
  bool tree_loaded = false;
  bool acls_loaded = false;  // the ACLs come in a second pass after the tree (tree_mirror.hpp)
  bool persistent_watch = false;
  std::int64_t tree_load_ms = -1;
  std::int64_t started_ms = 0;       // wall clock when the attach began
  std::int64_t history_from_ms = 0;  // the oldest change still recorded (the history budget)
  std::size_t history_events = 0;
  // The changes seen since the attach began, oldest first (the window keeps the newest few
  // hundred; valid for this frame).
  std::span<const AttachedChange> changes;
  // A live attach being written to a recording (attach/recording.hpp).
  std::string recording_path;   // "" when not recording
  bool recording_active = false;
  std::uint64_t recording_bytes = 0;  // uncompressed bytes written so far
  std::string recording_error;  // why the recording stopped early
  // A recording reopened (attach::RecordedSource): what is shown is the moment `shown_ms` of a
  // recording that spans [recorded_from_ms, recorded_to_ms], not a live ensemble.
  bool recorded = false;
  std::string recorded_file;
  std::int64_t recorded_from_ms = 0;
  std::int64_t recorded_to_ms = 0;
  std::int64_t shown_ms = 0;
  bool recorded_closed = true;  // false: the file ends where zooscope was stopped, unclosed
  // A recording: every change it holds, oldest first (`changes` has those up to shown_ms);
  // filled by the window, which draws them as ticks on its time bar (valid for this frame).
  std::span<const AttachedChange> recorded_changes;
};

// What a source can observe and do. A simulated run can do everything; real servers seen
// from outside show their modes and zxids but not their votes or their Zab packets.
struct Observes {
  bool step = true;             // one event at a time (a live cluster runs on)
  bool rewind = true;           // step back, seek into the past
  bool messages = true;         // messages in flight between servers
  bool votes = true;            // each server's election notifications and votes
  bool server_trees = true;     // every server's own znode tree (not only one client's view)
  bool inject_faults = true;    // crash, restart, cut a link
};

struct ClusterView {
  Observes observes;                   // what the source behind this model can show and do
  std::string source_name;             // "simulation", "127.0.0.1:2181,...": where it comes from
  Ms now = 0;                          // virtual time of the snapshot
  std::uint64_t events_processed = 0;
  std::vector<PeerSnapshot> peers;     // one per server, in sid order
  std::optional<Sid> stable_leader;    // the leader a quorum follows, if any
  // The newest trace events, oldest first; recent_trace[i] is event recent_index[i], or
  // first_trace_index + i when recent_index is empty (no filter).
  std::span<const TraceEvent> recent_trace;
  std::span<const std::uint64_t> recent_index;
  std::uint64_t first_trace_index = 0;
  bool hide_pings = true;  // PINGs are left out of recent_trace (they drown the election)
  const TraceContext* trace_context = nullptr;  // non-null when recent_trace is not empty

  // The whole trace up to now (timeline, log), or nullptr (tests that build a model by hand).
  const TraceLog* trace = nullptr;
  // The furthest moment this run has reached (the scrub bar's end; after stepping back the
  // future is still there to step forward into).
  std::uint64_t furthest_event = 0;
  Ms furthest_ms = 0;

  // Messages on their way (env valid for this frame only) and the links between servers:
  // index [from_index * n + to_index] in peers order.
  std::vector<InFlightMessage> messages;
  // Per message (same index): what a REQUEST, PROPOSAL or INFORM carries ("create /zk_test"),
  // else "".
  std::vector<std::string> message_words;
  std::vector<std::uint8_t> cut;
  std::vector<LinkParams> links;
  LinkParams default_link;

  // Each server's in-memory tree (nullptr while it is down), in peers order.
  std::vector<const DataTree*> trees;

  std::vector<ConsoleModel> consoles;  // one per server that has a console open
  Sid selected_server = 0;             // the server the tree and console show (0 = leader)

  // The lab being played (its card, the halo) and the labs the window can open.
  std::optional<LabCard> lab;
  std::vector<LabListEntry> labs;
  // The built-in scenarios (titles only) and the one whose card is shown.
  std::vector<ScenarioCard> scenarios;
  std::optional<ScenarioCard> scenario;
  // Slow motion: the part of a virtual millisecond already played (0 <= f < 1), so messages in
  // flight move smoothly while a lab replays a step slower than 1 ms per frame.
  double now_fraction = 0;

  // One sentence on what just happened, for the status bar and presenter mode.
  std::string last_happening;

  // What-if branches: futures left behind when a hand action forked the run.
  std::size_t branches = 0;
  std::uint64_t seed = 1;

  // The picked message's causes and effects (view/causality.hpp), nullptr when none is picked;
  // valid for this frame.
  const Causality* causality = nullptr;

  // Driver state the controls show.
  bool paused = false;
  float speed = 1.0f;  // virtual ms per real ms
  bool slow_motion = true;   // messages in flight slow the run down (SetSlowMotion)
  bool slowed_now = false;   // ... and one is on its way now
  bool presenter = false;
  float ui_scale = 1.0f;

  // A real ensemble seen from outside (source_name is its connect string); nullopt when the
  // model comes from a simulation.
  std::optional<AttachedModel> attached;

  // ---- timeline and log (filled by fill_timeline_fields, engine/view/model_timeline.cpp) ----------
  // The servers' wall clock at virtual time 0 (SimOptions::wall_clock_origin_ms: 2026-11-23
  // 00:00:00 UTC), for the log4j times of the log lines.
  Ms wall_clock_origin_ms = 1795392000000;

  // ---- votes and Zab side tabs (engine/view/model_votes.cpp, engine/view/model_zab.cpp)
  VotesModel votes;
  ZabModel zab;
  TxlogModel txlog;  // engine/view/model_txlog.cpp
  ClientsModel clients;  // engine/view/model_clients.cpp

  // ---- the tree and console tabs (filled by fill_tree_model, engine/view/model_tree.cpp) ----------
  // Each server's watches (nullptr while it is down), in peers order, like `trees`.
  std::vector<const WatchManager*> watches;
  // Changes whenever the driver made its consoles anew (a new run, a rewind, a branch), so
  // views caching a transcript know its entries may have been rewritten.
  std::uint64_t console_generation = 0;

  int index_of(Sid sid) const {
    for (std::size_t i = 0; i < peers.size(); ++i)
      if (peers[i].sid == sid) return static_cast<int>(i);
    return -1;
  }
};

}  // namespace zs::view

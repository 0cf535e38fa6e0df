// Typed trace events: the single record of what happened, read by the timeline, the labs,
// the tests and the JSON Lines export (docs/trace-schema.md). Log lines are stored as
// structured events and formatted on demand, so tracing costs no string work.
#pragma once

#include <array>
#include <cstdint>
#include <functional>
#include <iosfwd>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "core/types.hpp"
#include "core/messages.hpp"

namespace zs {

using MessageId = std::uint64_t;

struct MessageSent {
  MessageId id = 0;
  Envelope env;
  Ms deliver_at = 0;  // planned arrival (kNever if it will be dropped)
};
struct MessageDelivered {
  MessageId id = 0;
  Envelope env;
  Ms sent_at = 0;
};
enum class DropReason : std::uint8_t { Loss, LinkCut, TargetDown, SourceDown };
std::string_view to_string(DropReason r);  // "loss", "link_cut", "target_down", "source_down"
struct MessageDropped {
  MessageId id = 0;
  Envelope env;
  Ms sent_at = 0;
  DropReason reason = DropReason::Loss;
};

// A server's state as `srvr` would show it; DOWN is not a ZooKeeper state but a process
// that is not running.
enum class PeerStatus : std::uint8_t { Down, Looking, Following, Leading, Observing };
std::string_view to_string(PeerStatus s);  // "DOWN", "LOOKING", ...
// The status of a running server in its ZooKeeper state.
inline PeerStatus peer_status(ServerState s) {
  switch (s) {
    case ServerState::Looking: return PeerStatus::Looking;
    case ServerState::Following: return PeerStatus::Following;
    case ServerState::Leading: return PeerStatus::Leading;
    case ServerState::Observing: return PeerStatus::Observing;
  }
  return PeerStatus::Down;
}

struct StateChanged {
  Sid sid = 0;
  PeerStatus from = PeerStatus::Down;
  PeerStatus to = PeerStatus::Down;
};

// Why a server changed its proposal (the totalOrderPredicate rule that decided, §2.3).
// A notification from a later round makes the server join that round and compare the
// sender's vote with its own initial vote: when the sender's wins, the rule is the comparison
// that decided (HigherPeerEpoch / HigherZxid / HigherSid), and the change's `from` vote keeps
// the old round; otherwise it goes back to its own vote, HigherRound.
enum class VoteRule : std::uint8_t {
  Initial,          // the server's own initial vote when an election starts
  HigherRound,      // joined a later round; its own initial vote beats (or equals) the sender's
  HigherPeerEpoch,  // higher peerEpoch wins first
  HigherZxid,       // equal peerEpoch, higher zxid
  HigherSid,        // equal peerEpoch and zxid, higher sid
  Decided,          // election ended: the vote the server settled on
  EpochUpdated,     // after Zab agreed a new epoch, the vote carries it (§2.6)
};
std::string_view to_string(VoteRule r);  // "initial", "higher_round", ...

struct VoteChanged {
  Sid sid = 0;
  Vote from;
  Vote to;
  VoteRule rule = VoteRule::Initial;
  Sid because_of = 0;  // the sender whose notification caused it (0 = none)
};

enum class EpochKind : std::uint8_t { Accepted, Current };
struct EpochChanged {
  Sid sid = 0;
  EpochKind kind = EpochKind::Accepted;
  std::int64_t from = 0;
  std::int64_t to = 0;
};

struct ZabStateChanged {
  Sid sid = 0;
  ZabState zab = ZabState::Election;
  SyncMode sync = SyncMode::None;
};

// The leader committed a proposal: a quorum of voters (itself included) ACKed it and every
// earlier proposal is committed. `acks` has bit (sid-1) per ACKing voter.
struct Committed {
  Sid sid = 0;  // the leader
  Zxid zxid{};
  std::uint64_t acks = 0;
};

// A client operation at the server the client is connected to: submitted, then answered
// (with the txn's zxid and ZooKeeper's error code; ConnectionLoss -4 when the server stopped
// serving before it could answer).
enum class ClientOpStage : std::uint8_t { Submitted, Completed };
struct ClientOp {
  Sid sid = 0;
  ClientOpStage stage = ClientOpStage::Submitted;
  std::int64_t session_id = 0;
  std::int32_t cxid = 0;
  std::int32_t op = 0;  // opcode
  Zxid zxid{};          // Completed: the txn's zxid
  std::int32_t err = 0;
  std::int32_t client = -1;         // zooscope's client number; -1 = a scripted write
  std::uint32_t result = 0;         // Completed: ClientResult in the run's PayloadStore
};

// A client's connection state as its Watcher sees it (Watcher.Event.KeeperState).
enum class SessionState : std::uint8_t { Connected, Disconnected, Expired, Closed };
std::string_view to_string(SessionState s);  // KeeperState names: "SyncConnected", "Disconnected", "Expired", "Closed"
struct ClientSession {
  std::int32_t client = 0;
  Sid sid = 0;  // the server it is (or was) connected to
  SessionState state = SessionState::Connected;
  std::int64_t session_id = 0;
  std::int32_t timeout_ms = 0;  // Connected: the negotiated timeout
};

// A watch fired at the server the client is connected to (WatchedEvent to the client).
struct WatchFired {
  std::int32_t client = 0;
  Sid sid = 0;
  std::int64_t session_id = 0;
  std::int32_t type = 0;     // Watcher.Event.EventType (1 NodeCreated ... 4 NodeChildrenChanged)
  Zxid zxid{};               // the txn that fired it
  std::uint32_t path = 0;    // ClientResult with the path, in the run's PayloadStore
};

// Faults and hand actions, so a replay or a lab sees them in the same stream.
enum class FaultKind : std::uint8_t { Start, Crash, Restart, CutLink, HealLink, Partition, HealAll };
std::string_view to_string(FaultKind k);  // "start", "crash", "restart", "cut_link", "heal_link", "partition", "heal_all"
struct Fault {
  FaultKind kind = FaultKind::Start;
  Sid sid = 0;     // Start/Crash/Restart; CutLink/HealLink source
  Sid target = 0;  // CutLink/HealLink target
  std::uint64_t group_mask = 0;  // Partition: bit (sid-1) set for the first group
};

// ZooKeeper-style log lines. format_log gives the text after " - " of the real 3.8.0 line
// (log pattern `%d [myid:%X{myid}] - %-5p [%t:%C{1}@%L] - %m%n`); `sid` is the server
// that logs it. Arguments a[0..4] by kind. Where the real line is a thrown exception, the
// text is the exception message (it shows in the stack trace under "Unexpected exception"
// or "Exception when following the leader"); where zooscope summarises, it says so.
enum class LogKind : std::uint16_t {
  Looking,                 // "LOOKING"
  NewElection,             // "New election. My id = {sid}, proposed zxid=0x{a0}"
  NotificationReceived,    // "Notification: my state:{my_state}; n.sid:{a0}, n.state:..., ..."
                           // (a0 = sender sid; the rest from `note`)
  NotificationTimeout,     // "Notification time out: {a0} ms"
  CannotOpenChannel,       // "Cannot open channel to {a0} at election address /{host}:{port}"
                           // (host:port = ctx.election_address[a0], "/unknown" if missing)
  SmallerSidDropping,      // "Have smaller server identifier, so dropping the connection: (myId:{sid} --> sid:{a0})"
  ConnectionBroken,        // "Connection broken for id {a0}, my id = {sid}"
  LeaderElectionTook,      // "{LEADING|FOLLOWING|OBSERVING} - LEADER ELECTION TOOK - {a1} MS"
                           // (a0 = ServerState ordinal; real 3.8.0 observers do not log it)
  PeerStateChanged,        // "Peer state changed: {state}[ - {zab}][ - {sync}]"
                           // (a0 = ServerState, a1 = ZabState, a2 = SyncMode ordinals)
  FollowingLeaderFailed,   // "Exception when following the leader"
  LearnerGotNewLeader,     // "Learner received NEWLEADER message"
  LearnerGotUpToDate,      // "Learner received UPTODATE message"
  LeaderHaveQuorum,        // "Have quorum of supporters, sids: [[1, 3]]; starting up and setting last processed zxid: 0x{a0}"
                           // (a1 = sid mask, bit sid-1)
  NotSufficientSynced,     // "Shutdown called. For the reason Not sufficient followers synced, only synced with sids: [ [1] ]"
                           // (a0 = sid mask; the reason is logged by Leader.shutdown)
  TimeoutEpochFromQuorum,  // "Timeout while waiting for epoch from quorum" (exception)
  TimeoutEpochAck,         // "Timeout while waiting for epoch to be acked by quorum" (exception)
  TimeoutNewLeaderAck,     // "Timeout while waiting for NEWLEADER to be acked by quorum" (exception)
  LeadersEpochLower,       // "Leaders epoch, {a0} is less than accepted epoch, {a1}" (exception)
  FollowerAhead,           // "Unexpected exception in LearnerHandler: \njava.io.IOException: Follower is ahead of
                           // the leader, leader summary: {a0} (current epoch), {a1} (last zxid)" (both decimal, as
                           // Java prints longs; the exception on the second line, as LearnerHandlerException)
  SyncingWithLearner,      // "Synchronizing with Learner sid: {a0} maxCommittedLog=0x{a1} minCommittedLog=0x{a2} lastProcessedZxid=0x{a3} peerLastZxid=0x{a4}"
  SyncSendingDiff,         // "Sending DIFF zxid=0x{a0} for peer sid: {a1}" (the learner is in sync:
                           // an empty DIFF; LearnerHandler@850)
  GettingDiff,             // "Getting a diff from the leader 0x{a0}"
  GettingSnapshot,         // "Getting a snapshot from leader 0x{a0}"
  GettingTrunc,            // "Truncating log to get in sync with the leader 0x{a0}"
  LearnerConnectFailed,    // after the last try: "Unexpected exception, retries exceeded. tries={a1},
                           // remaining init limit={a2}, connecting to /{host}:{port}" (a0 = leader
                           // sid, host:port = ctx.quorum_address[a0]; "connectToLeader exceeded"
                           // instead of "retries exceeded" when a2 <= 100, as Learner does)
  Shutdown,                // "Shutting down" (leader leaving)
  WaitingForQuorumShutdown,  // "Shutdown called. For the reason Waiting for a quorum of followers, only synced with sids: [ [2] ]"
                             // (a0 = sid mask: the leader's NEWLEADER ack set when initLimit ran out)
  CannotTruncCrossEpoch,   // "Cannot send TRUNC to peer sid: {a0} peer zxid is from different epoch"
  CommitUnmatched,         // "Committing zxid 0x{a0} but next pending txn 0x{a1}" (then exit 12)
  CommitFutureProposal,    // "Trying to commit future proposal: zxid 0x{a0} from {addr of a1}"
  ExpiringSession,         // "Expiring session 0x{a0}, timeout of {a1}ms exceeded"
  EstablishedSession,      // "Established session 0x{a0} with negotiated timeout {a1} for client /127.0.0.1:{a2}"
  RoleStarted,             // "LOOKING" is Looking; this is "FOLLOWING" / "LEADING" / "OBSERVING" (a0 = ServerState)
  PeerStateSetLooking,     // "PeerState set to LOOKING" (a role ended)
  SyncUsingCommittedLog,   // "Using committedLog for peer sid: {a0}"
  SyncSendingDiffFromLog,  // "Sending DIFF zxid=0x{a0}  for peer sid: {a1}" (two spaces, as LearnerHandler@977)
  SyncSendingTrunc,        // "Sending TRUNC zxid=0x{a0}  for peer sid: {a1}" (also the empty DIFF of
                           // LearnerHandler@1032, which ZooKeeper logs with this text)
  SyncSendingSnapshot,     // "Sending snapshot last zxid of peer is 0x{a0}, zxid of leader is 0x{a1}, send zxid
                           // of db as 0x{a2}, {a3} concurrent snapshot sync, snapshot sync was {a4 ? "exempt" :
                           // "not exempt"} from throttle"
  LearnerInfo,             // "Follower sid: {a0} : info : {quorum host:port}:{election port}:{participant|observer}"
                           // (a1 = 1 for a participant)
  ConnectedToLeader,       // "Successfully connected to leader, using address: /{quorum address of a0}"
  LearnerConnectRetry,     // "Unexpected exception, tries={a1}, remaining init limit={a2}, connecting to /{addr of a0}"
  DisconnectedFromLeader,  // "Disconnected from leader (with address: /{addr of a0}). Was connected for {a1}ms.
                           // Sync state: {a2 ? true : false}"
  ShutdownFollower,        // "shutdown Follower"
  ServerShuttingDown,      // "shutting down" (ZooKeeperServer)
  OracleNotToFollow,       // "Oracle indicates not to follow"
  ReconfigNoStore,         // "Dynamic reconfig is disabled, we don't store the last seen config."
  ReconfigSkipDesignated,  // "Dynamic reconfig feature is disabled, skip designatedLeader calculation and reconfig processing."
  EpochFileMissing,        // "{a0 ? acceptedEpoch : currentEpoch} not found! Creating with a reasonable default of {a1}.
                           // This should only happen when you are upgrading your installation"
  ElectionListening,       // "{sid} is accepting connections now, my election bind port: /{election address of sid}"
  ElectionConnectionRequest,  // "Received connection request from /{host of a0}:{a1}" (a1 = the peer's ephemeral port)
  SendWorkerInterrupting,  // "Interrupting SendWorker thread from RecvWorker. sid: {a0}. myId: {sid}"
  SendWorkerInterrupted,   // "Interrupted while waiting for message on queue"
  SendWorkerLeaving,       // "Send worker leaving thread id {a0} my id = {sid}"
  UnexpectedException,     // "Unexpected exception" (QuorumPeer.run's catch around lead(); the exception's
                           // message shows in the stack trace under it, a0 = which: 0 epoch from quorum,
                           // 1 epoch acked)
  ShutdownForcing,         // "Shutdown called. For the reason Forcing shutdown"
  // The leader drops a learner (LearnerHandler): a read timed out (a0 = 0) or the socket was
  // closed under the read by a transaction timeout (a0 = 1). The text is the message line
  // and, on the next line, the exception as log4j prints it (without the stack frames):
  // "Unexpected exception in LearnerHandler: \njava.net.SocketTimeoutException: Read timed out"
  LearnerHandlerException,
  ClosingSocketToLearner,  // "Synchronously closing socket to learner {a0}."
  LearnerGoodbye,          // "******* GOODBYE /{host}:{a1} ********" (a0 = learner sid, host from
                           // ctx.quorum_address[a0]; a1 = its socket's ephemeral port, zooscope's)
  TransactionTimeout,      // "Closing connection to peer due to transaction timeout."
  ObserverElectionDelay,   // "Waiting for {a0} ms before reconnecting with the leader"
  ObservingLeaderFailed,   // "Exception when observing the leader"
  ObservingNewLeader,      // "Observing new leader sid={a0} addr=/{quorum address of a0}"
  ShutdownObserver,        // "shutdown Observer"
  LeaderConnectorFailed,   // "Failed connect to /{quorum address of a0}" (after LearnerConnectFailed)
  // The leader's PrepRequestProcessor with zookeeper.enforceQuota=true, a write that takes a
  // quota past a limit (ZooKeeperServer.checkQuota through its RateLogger): the text of
  // ctx.text(a0), "Message:Quota exceeded: /q [current count=3, softCountLimit=2] Value:null"
  // for a new message, "Message: ..." for the same message again 100 ms or more later, and
  // "[N times] Message: ..." for one repeated N times within 100 ms, written when the next
  // message comes (a0 = the text, a PayloadStore reference).
  QuotaExceeded,
  ReconfigDisabledError,   // "Reconfig operation requested but reconfig feature is disabled."
  // The disk (FileTxnSnapLog, ZooKeeperServer, ZKDatabase). The times are zooscope's: the
  // simulation writes no file, so it prints 0 ms (docs/fidelity.md).
  Snapshotting,            // "Snapshotting: 0x{a0} to {dataDir}/version-2/snapshot.{a0 hex}" (dataDir =
                           // ctx.data_dir[sid] as java.io.File prints it)
  SnapshotTaken,           // "Snapshot taken in {a0} ms"
  SnapshotLoaded,          // "Snapshot loaded in {a0} ms, highest zxid is 0x{a1}, digest is {a2}"
                           // (a2 = DataTree.getTreeDigest, DataTree::zk_digest)
  TxnsLoaded,              // "{a0} txns loaded in {a1} ms" (the txn log replayed after the snapshot)
};
std::string_view to_string(LogKind k);  // "looking", "new_election", "notification_received", ...
enum class LogLevel : std::uint8_t { Info, Warn, Error };
std::string_view to_string(LogLevel l);  // "INFO", "WARN", "ERROR"
// The level ZooKeeper 3.8.0 logs a kind at (for exceptions: the level of the line that
// carries the stack trace on the thread that usually throws it).
LogLevel default_level(LogKind k);

struct LogLine {
  Sid sid = 0;
  LogLevel level = LogLevel::Info;
  LogKind kind = LogKind::Looking;
  ServerState my_state = ServerState::Looking;  // NotificationReceived: the receiver's state
  std::array<std::int64_t, 5> a{};              // arguments, meaning by kind (above)
  Notification note{};                          // NotificationReceived: the notification
};

using TraceBody = std::variant<MessageSent, MessageDelivered, MessageDropped, StateChanged,
                               VoteChanged, EpochChanged, ZabStateChanged, Fault, LogLine,
                               Committed, ClientOp, ClientSession, WatchFired>;

struct TraceEvent {
  Ms at = 0;
  TraceBody body;
};

// Everything that needs host:port text for a sid (log lines) gets it from here.
struct TraceContext {
  // election "host:port" per sid, index = sid; empty when unknown
  std::vector<std::string> election_address;
  // quorum (Zab) "host:port" per sid, index = sid; empty when unknown
  std::vector<std::string> quorum_address;
  // The text a log line names by reference (QuotaExceeded's a0); unset: no texts.
  std::function<std::string(std::int64_t)> text;
  // dataDir per sid as zoo.cfg writes it (EnsembleConfig::data_dir_of), index = sid; empty
  // when unknown
  std::vector<std::string> data_dir;
};

// The text of a log line after " - ", exactly as ZooKeeper 3.8 prints it.
std::string format_log(const LogLine& line, const TraceContext& ctx);
// One compact, stable line per event for golden files and the CLI, e.g.
// "1205 send #17 1->2 notification(LOOKING leader=2 zxid=0x0 round=1 peerEpoch=0)",
// "2001 vote 3 (1,0x0,r1,e0)->(3,0x0,r1,e0) higher_sid from 3",
// "12 log 1 WARN Cannot open channel to 2 at election address /127.0.0.1:3889".
std::string format_line(const TraceEvent& e, const TraceContext& ctx);
// One JSON object (no trailing newline); schema in docs/trace-schema.md. Byte-stable:
// fixed key order, no whitespace.
std::string to_json(const TraceEvent& e, const TraceContext& ctx);
// Appends to_json(e) to `out` without a temporary string.
void append_json(std::string& out, const TraceEvent& e, const TraceContext& ctx);
// One to_json object per event, each followed by '\n'.
void write_jsonl(std::ostream& out, const std::vector<TraceEvent>& events, const TraceContext& ctx);

// Writes events as JSON Lines through one buffer, flushed every ~64 KiB and at the end.
class JsonlWriter {
 public:
  JsonlWriter(std::ostream& out, const TraceContext& ctx);
  ~JsonlWriter();
  JsonlWriter(const JsonlWriter&) = delete;
  JsonlWriter& operator=(const JsonlWriter&) = delete;
  void write(const TraceEvent& e);

 private:
  std::ostream& out_;
  const TraceContext& ctx_;
  std::string buf_;
};

}  // namespace zs

// ZooKeeper 3.8.0 log texts (format_log). Each text was checked against the log statement
// in tag release-3.8.0-1 named beside it (Class@line = the `%C{1}@%L` of the real line);
// the few texts that are zooscope's own say so.
#include <charconv>
#include <cstdio>

#include "trace/text.hpp"
#include "trace/trace.hpp"

namespace zs {
namespace trace_detail {

void put_dec(std::string& out, std::int64_t v) {
  char buf[24];
  const auto res = std::to_chars(buf, buf + sizeof buf, v);  // locale-independent
  out.append(buf, res.ptr);
}

void put_hex(std::string& out, std::int64_t v) {
  char buf[20];
  char* end = buf + sizeof buf;
  char* p = end;
  auto u = static_cast<std::uint64_t>(v);
  do {
    *--p = "0123456789abcdef"[u & 0xf];
    u >>= 4;
  } while (u != 0);
  out.append(p, static_cast<std::size_t>(end - p));
}

void put_mask_sids(std::string& out, std::uint64_t mask, std::string_view sep) {
  bool first = true;
  for (int bit = 0; bit < 64; ++bit) {
    if ((mask >> bit) & 1U) {
      if (!first) out.append(sep);
      first = false;
      put_dec(out, bit + 1);
    }
  }
}

void put_json_string(std::string& out, std::string_view s) {
  out.push_back('"');
  for (const char c : s) {
    switch (c) {
      case '"': out.append("\\\""); break;
      case '\\': out.append("\\\\"); break;
      case '\n': out.append("\\n"); break;
      case '\r': out.append("\\r"); break;
      case '\t': out.append("\\t"); break;
      case '\b': out.append("\\b"); break;
      case '\f': out.append("\\f"); break;
      default:
        if (static_cast<unsigned char>(c) < 0x20) {
          char buf[8];
          std::snprintf(buf, sizeof buf, "\\u%04x", static_cast<unsigned>(c));
          out.append(buf);
        } else {
          out.push_back(c);
        }
    }
  }
  out.push_back('"');
}

namespace {

void put_lower(std::string& out, std::string_view s) {
  for (const char c : s) out.push_back((c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c);
}

// Java's InetSocketAddress.toString for an address given as a literal IP: "/host:port".
void put_address(std::string& out, const std::vector<std::string>& table, std::int64_t sid) {
  out.push_back('/');
  if (sid >= 0 && static_cast<std::uint64_t>(sid) < table.size() &&
      !table[static_cast<std::size_t>(sid)].empty()) {
    out.append(table[static_cast<std::size_t>(sid)]);
  } else {
    out.append("unknown");
  }
}

// java.io.File's toString of new File(new File(dataDir, "version-2"), "snapshot.<zxid hex>"):
// the configured dataDir normalized as File does it (no repeated or trailing separator), so a
// relative dataDir stays relative. A Windows path (D:/x or D:\\x) prints as Windows' File
// does, with backslashes.
void put_snapshot_path(std::string& out, const std::vector<std::string>& table, Sid sid, std::int64_t zxid) {
  std::string_view dir;
  if (sid >= 0 && static_cast<std::uint64_t>(sid) < table.size()) dir = table[static_cast<std::size_t>(sid)];
  const bool windows = dir.size() >= 2 && ((dir[0] >= 'A' && dir[0] <= 'Z') || (dir[0] >= 'a' && dir[0] <= 'z')) &&
                       dir[1] == ':';
  const char sep = windows ? '\\' : '/';
  const std::size_t start = out.size();
  for (char c : dir) {
    if (windows && c == '/') c = '\\';
    if (c == sep && out.size() > start && out.back() == sep) continue;
    out.push_back(c);
  }
  // A trailing separator goes, except the root's own ("/", "D:\\").
  const std::size_t kept = windows ? 3 : 1;
  if (out.size() - start > kept && out.back() == sep) out.pop_back();
  if (out.size() > start && out.back() != sep) out.push_back(sep);
  out.append("version-2");
  out.push_back(sep);
  out.append("snapshot.");
  put_hex(out, zxid);
}

// SyncedLearnerTracker.ackSetsToString with one verifier (static config): the HashSet's
// toString, "[1, 3]" (small Long keys iterate in ascending order).
void put_ack_set(std::string& out, std::int64_t mask) {
  out.push_back('[');
  put_mask_sids(out, static_cast<std::uint64_t>(mask), ", ");
  out.push_back(']');
}

}  // namespace

void append_log(std::string& out, const LogLine& l, const TraceContext& ctx) {
  const auto& a = l.a;
  switch (l.kind) {
    case LogKind::Looking:  // QuorumPeer@1455
      out.append("LOOKING");
      return;
    case LogKind::NewElection:  // FastLeaderElection@946
      out.append("New election. My id = ");
      put_dec(out, l.sid);
      out.append(", proposed zxid=0x");
      put_hex(out, a[0]);
      return;
    case LogKind::NotificationReceived: {  // FastLeaderElection$Messenger$WorkerReceiver@391
      const Notification& n = l.note;
      out.append("Notification: my state:");
      out.append(to_string(l.my_state));
      out.append("; n.sid:");
      put_dec(out, a[0]);
      out.append(", n.state:");
      out.append(to_string(n.state));
      out.append(", n.leader:");
      put_dec(out, n.leader);
      out.append(", n.round:0x");
      put_hex(out, n.election_epoch);
      out.append(", n.peerEpoch:0x");
      put_hex(out, n.peer_epoch);
      out.append(", n.zxid:0x");
      put_hex(out, n.zxid.raw());
      out.append(", message format version:0x");
      put_hex(out, n.version);  // an int widened to long, as Long.toHexString(n.version)
      out.append(", n.config version:0x");
      put_hex(out, n.config_version);
      return;
    }
    case LogKind::NotificationTimeout:  // FastLeaderElection@996
      out.append("Notification time out: ");
      put_dec(out, a[0]);
      out.append(" ms");
      return;
    case LogKind::CannotOpenChannel:  // QuorumCnxManager@401
      out.append("Cannot open channel to ");
      put_dec(out, a[0]);
      out.append(" at election address ");
      put_address(out, ctx.election_address, a[0]);
      return;
    case LogKind::SmallerSidDropping:  // QuorumCnxManager@514
      out.append("Have smaller server identifier, so dropping the connection: (myId:");
      put_dec(out, l.sid);
      out.append(" --> sid:");
      put_dec(out, a[0]);
      out.push_back(')');
      return;
    case LogKind::ConnectionBroken:  // QuorumCnxManager$RecvWorker@1402
      out.append("Connection broken for id ");
      put_dec(out, a[0]);
      out.append(", my id = ");
      put_dec(out, l.sid);
      return;
    case LogKind::LeaderElectionTook:  // Leader@588, Follower@77 (Observer does not log it)
      out.append(to_string(static_cast<ServerState>(a[0])));
      out.append(" - LEADER ELECTION TOOK - ");
      put_dec(out, a[1]);
      out.append(" MS");  // QuorumPeer.FLE_TIME_UNIT
      return;
    case LogKind::PeerStateChanged: {  // QuorumPeer@903/@917/@922, getDetailedPeerState @950
      out.append("Peer state changed: ");
      put_lower(out, to_string(static_cast<ServerState>(a[0])));
      const auto zab = static_cast<ZabState>(a[1]);
      if (zab != ZabState::Election) {
        out.append(" - ");
        out.append(to_string(zab));
      }
      const auto sync = static_cast<zs::SyncMode>(a[2]);
      if (sync != zs::SyncMode::None) {
        out.append(" - ");
        out.append(to_string(sync));
      }
      return;
    }
    case LogKind::FollowingLeaderFailed:  // Follower@128
      out.append("Exception when following the leader");
      return;
    case LogKind::LearnerGotNewLeader:  // Learner@737
      out.append("Learner received NEWLEADER message");
      return;
    case LogKind::LearnerGotUpToDate:  // Learner@721
      out.append("Learner received UPTODATE message");
      return;
    case LogKind::LeaderHaveQuorum:  // Leader@1519
      out.append("Have quorum of supporters, sids: [");
      put_ack_set(out, a[1]);
      out.append("]; starting up and setting last processed zxid: 0x");
      put_hex(out, a[0]);
      return;
    case LogKind::NotSufficientSynced:  // reason built at Leader@787, logged by Leader@819
      out.append("Shutdown called. For the reason Not sufficient followers synced, only synced with sids: [ ");
      put_ack_set(out, a[0]);
      out.append(" ]");
      return;
    case LogKind::TimeoutEpochFromQuorum:  // exception thrown at Leader@1443
      out.append("Timeout while waiting for epoch from quorum");
      return;
    case LogKind::TimeoutEpochAck:  // exception thrown at Leader@1491
      out.append("Timeout while waiting for epoch to be acked by quorum");
      return;
    case LogKind::TimeoutNewLeaderAck:  // exception thrown at Leader@1602
      out.append("Timeout while waiting for NEWLEADER to be acked by quorum");
      return;
    case LogKind::LeadersEpochLower:  // exception thrown at Learner@522
      out.append("Leaders epoch, ");
      put_dec(out, a[0]);
      out.append(" is less than accepted epoch, ");
      put_dec(out, a[1]);
      return;
    case LogKind::FollowerAhead:  // LearnerHandler@719, the IOException thrown at Leader@1468
      out.append("Unexpected exception in LearnerHandler: \njava.io.IOException: ");
      out.append("Follower is ahead of the leader, leader summary: ");
      put_dec(out, a[0]);
      out.append(" (current epoch), ");
      put_dec(out, a[1]);
      out.append(" (last zxid)");
      return;
    case LogKind::SyncingWithLearner:  // LearnerHandler@805
      out.append("Synchronizing with Learner sid: ");
      put_dec(out, a[0]);
      out.append(" maxCommittedLog=0x");
      put_hex(out, a[1]);
      out.append(" minCommittedLog=0x");
      put_hex(out, a[2]);
      out.append(" lastProcessedZxid=0x");
      put_hex(out, a[3]);
      out.append(" peerLastZxid=0x");
      put_hex(out, a[4]);
      return;
    case LogKind::SyncSendingDiff:  // LearnerHandler@850 (peer in sync: empty DIFF)
      out.append("Sending DIFF zxid=0x");
      put_hex(out, a[0]);
      out.append(" for peer sid: ");
      put_dec(out, a[1]);
      return;
    case LogKind::GettingDiff:  // Learner@565
      out.append("Getting a diff from the leader 0x");
      put_hex(out, a[0]);
      return;
    case LogKind::GettingSnapshot:  // Learner@576
      out.append("Getting a snapshot from leader 0x");
      put_hex(out, a[0]);
      return;
    case LogKind::GettingTrunc:  // Learner@599
      out.append("Truncating log to get in sync with the leader 0x");
      put_hex(out, a[0]);
      return;
    case LogKind::LearnerConnectFailed:
      // Learner$LeaderConnector.connectToLeader: @432 when the remaining init limit is at
      // most leaderConnectDelayDuringRetryMs (100), else @440 after the fifth try (then
      // @392 logs LeaderConnectorFailed).
      out.append(a[2] <= 100 ? "Unexpected exception, connectToLeader exceeded. tries="
                             : "Unexpected exception, retries exceeded. tries=");
      put_dec(out, a[1]);
      out.append(", remaining init limit=");
      put_dec(out, a[2]);
      out.append(", connecting to ");
      put_address(out, ctx.quorum_address, a[0]);
      return;
    case LogKind::Shutdown:  // Leader@813
      out.append("Shutting down");
      return;
    case LogKind::WaitingForQuorumShutdown:  // reason built at Leader@669, logged by Leader@819
      out.append("Shutdown called. For the reason Waiting for a quorum of followers, only synced with sids: [ ");
      put_ack_set(out, a[0]);
      out.append(" ]");
      return;
    case LogKind::CannotTruncCrossEpoch:  // LearnerHandler@1001
      out.append("Cannot send TRUNC to peer sid: ");
      put_dec(out, a[0]);
      out.append(" peer zxid is from different epoch");
      return;
    case LogKind::CommitUnmatched:  // FollowerZooKeeperServer@104
      out.append("Committing zxid 0x");
      put_hex(out, a[0]);
      out.append(" but next pending txn 0x");
      put_hex(out, a[1]);
      return;
    case LogKind::CommitFutureProposal:  // Leader@1035 (followerAddr is the learner's socket)
      out.append("Trying to commit future proposal: zxid 0x");
      put_hex(out, a[0]);
      out.append(" from ");
      put_address(out, ctx.quorum_address, a[1]);
      return;
    case LogKind::ExpiringSession:  // ZooKeeperServer@633
      out.append("Expiring session 0x");
      put_hex(out, a[0]);
      out.append(", timeout of ");
      put_dec(out, a[1]);
      out.append("ms exceeded");
      return;
    case LogKind::EstablishedSession:  // ZooKeeperServer@1080 (the client's address is zooscope's)
      out.append("Established session 0x");
      put_hex(out, a[0]);
      out.append(" with negotiated timeout ");
      put_dec(out, a[1]);
      out.append(" for client /127.0.0.1:");
      put_dec(out, a[2]);
      return;
    case LogKind::RoleStarted:  // QuorumPeer@1518 (OBSERVING), @1537 (FOLLOWING), @1549 (LEADING)
      out.append(to_string(static_cast<ServerState>(a[0])));
      return;
    case LogKind::PeerStateSetLooking:  // QuorumPeer@1585 (updateServerState)
      out.append("PeerState set to LOOKING");
      return;
    case LogKind::SyncUsingCommittedLog:  // LearnerHandler@869
      out.append("Using committedLog for peer sid: ");
      put_dec(out, a[0]);
      return;
    case LogKind::SyncSendingDiffFromLog:  // LearnerHandler@977/@988 (queueCommittedProposals)
      out.append("Sending DIFF zxid=0x");
      put_hex(out, a[0]);
      out.append("  for peer sid: ");
      put_dec(out, a[1]);
      return;
    case LogKind::SyncSendingTrunc:  // LearnerHandler@1005, and @1032 for an empty DIFF
      out.append("Sending TRUNC zxid=0x");
      put_hex(out, a[0]);
      out.append("  for peer sid: ");
      put_dec(out, a[1]);
      return;
    case LogKind::SyncSendingSnapshot:  // LearnerHandler@572
      out.append("Sending snapshot last zxid of peer is 0x");
      put_hex(out, a[0]);
      out.append(", zxid of leader is 0x");
      put_hex(out, a[1]);
      out.append(", send zxid of db as 0x");
      put_hex(out, a[2]);
      out.append(", ");
      put_dec(out, a[3]);
      out.append(" concurrent snapshot sync, snapshot sync was ");
      out.append(a[4] != 0 ? "exempt" : "not exempt");
      out.append(" from throttle");
      return;
    case LogKind::LearnerInfo: {  // LearnerHandler@510: the server's line of the configuration
      out.append("Follower sid: ");
      put_dec(out, a[0]);
      out.append(" : info : ");
      const auto sid = static_cast<std::size_t>(a[0]);
      if (sid < ctx.quorum_address.size()) out.append(ctx.quorum_address[sid]);
      out.push_back(':');
      if (sid < ctx.election_address.size()) {
        const std::string& e = ctx.election_address[sid];
        const auto colon = e.rfind(':');
        out.append(colon == std::string::npos ? e : e.substr(colon + 1));
      }
      out.append(a[1] != 0 ? ":participant" : ":observer");
      return;
    }
    case LogKind::ConnectedToLeader:  // Learner$LeaderConnector@384
      out.append("Successfully connected to leader, using address: ");
      put_address(out, ctx.quorum_address, a[0]);
      return;
    case LogKind::LearnerConnectRetry:  // Learner$LeaderConnector@448
      out.append("Unexpected exception, tries=");
      put_dec(out, a[1]);
      out.append(", remaining init limit=");
      put_dec(out, a[2]);
      out.append(", connecting to ");
      put_address(out, ctx.quorum_address, a[0]);
      return;
    case LogKind::DisconnectedFromLeader:  // Follower@142, Observer@144
      out.append("Disconnected from leader (with address: ");
      put_address(out, ctx.quorum_address, a[0]);
      out.append("). Was connected for ");
      put_dec(out, a[1]);
      out.append("ms. Sync state: ");
      out.append(a[2] != 0 ? "true" : "false");
      return;
    case LogKind::ShutdownFollower:  // Follower@286
      out.append("shutdown Follower");
      return;
    case LogKind::ServerShuttingDown:  // ZooKeeperServer@839
      out.append("shutting down");
      return;
    case LogKind::OracleNotToFollow:  // FastLeaderElection@1205
      out.append("Oracle indicates not to follow");
      return;
    case LogKind::ReconfigNoStore:  // QuorumPeer@1892
      out.append("Dynamic reconfig is disabled, we don't store the last seen config.");
      return;
    case LogKind::ReconfigSkipDesignated:  // Leader@1541
      out.append("Dynamic reconfig feature is disabled, skip designatedLeader calculation and reconfig processing.");
      return;
    case LogKind::EpochFileMissing:  // QuorumPeer@1158 (currentEpoch), @1186 (acceptedEpoch)
      out.append(a[0] != 0 ? "acceptedEpoch" : "currentEpoch");
      out.append(" not found! Creating with a reasonable default of ");
      put_dec(out, a[1]);
      out.append(". This should only happen when you are upgrading your installation");
      return;
    case LogKind::ElectionListening:  // QuorumCnxManager$Listener$ListenerHandler@1071
      put_dec(out, l.sid);
      out.append(" is accepting connections now, my election bind port: ");
      put_address(out, ctx.election_address, l.sid);
      return;
    case LogKind::ElectionConnectionRequest: {  // QuorumCnxManager$Listener$ListenerHandler@1076
      out.append("Received connection request from /");
      const auto sid = static_cast<std::size_t>(a[0]);
      const std::string e = sid < ctx.election_address.size() ? ctx.election_address[sid] : std::string{};
      const auto colon = e.rfind(':');
      out.append(e.empty() ? "unknown" : colon == std::string::npos ? e : e.substr(0, colon));
      out.push_back(':');
      put_dec(out, a[1]);
      return;
    }
    case LogKind::SendWorkerInterrupting:  // QuorumCnxManager$RecvWorker@1408
      out.append("Interrupting SendWorker thread from RecvWorker. sid: ");
      put_dec(out, a[0]);
      out.append(". myId: ");
      put_dec(out, l.sid);
      return;
    case LogKind::SendWorkerInterrupted:  // QuorumCnxManager$SendWorker@1288
      out.append("Interrupted while waiting for message on queue");
      return;
    case LogKind::SendWorkerLeaving:  // QuorumCnxManager$SendWorker@1300
      out.append("Send worker leaving thread id ");
      put_dec(out, a[0]);
      out.append(" my id = ");
      put_dec(out, l.sid);
      return;
    case LogKind::UnexpectedException:  // QuorumPeer@1555 (the exception's message is in its trace)
      out.append("Unexpected exception");
      return;
    case LogKind::ShutdownForcing:  // reason given at QuorumPeer@1558, logged by Leader@819
      out.append("Shutdown called. For the reason Forcing shutdown");
      return;
    case LogKind::LearnerHandlerException:  // LearnerHandler@719, then the IOException's toString
      out.append("Unexpected exception in LearnerHandler: \n");
      out.append(a[0] == 0 ? "java.net.SocketTimeoutException: Read timed out"
                           : "java.net.SocketException: Socket closed");
      return;
    case LogKind::ClosingSocketToLearner:  // LearnerHandler@1159 (closeSocketAsync is false)
      out.append("Synchronously closing socket to learner ");
      put_dec(out, a[0]);
      out.push_back('.');
      return;
    case LogKind::LearnerGoodbye: {  // LearnerHandler@735: the learner's end of the socket
      out.append("******* GOODBYE /");
      std::string_view host = "unknown";
      if (a[0] >= 0 && static_cast<std::uint64_t>(a[0]) < ctx.quorum_address.size()) {
        const std::string& addr = ctx.quorum_address[static_cast<std::size_t>(a[0])];
        const auto colon = addr.rfind(':');
        if (!addr.empty()) host = std::string_view(addr).substr(0, colon);
      }
      out.append(host);
      out.push_back(':');
      put_dec(out, a[1]);
      out.append(" ********");
      return;
    }
    case LogKind::TransactionTimeout:  // LearnerHandler@1078
      out.append("Closing connection to peer due to transaction timeout.");
      return;
    case LogKind::ObserverElectionDelay:  // Observer@264
      out.append("Waiting for ");
      put_dec(out, a[0]);
      out.append(" ms before reconnecting with the leader");
      return;
    case LogKind::ObservingLeaderFailed:  // Observer@132
      out.append("Exception when observing the leader");
      return;
    case LogKind::ObservingNewLeader:  // Observer@168 (findLearnerMaster)
      out.append("Observing new leader sid=");
      put_dec(out, a[0]);
      out.append(" addr=");
      put_address(out, ctx.quorum_address, a[0]);
      return;
    case LogKind::ShutdownObserver:  // Observer@249
      out.append("shutdown Observer");
      return;
    case LogKind::LeaderConnectorFailed:  // Learner$LeaderConnector@392
      out.append("Failed connect to ");
      put_address(out, ctx.quorum_address, a[0]);
      return;
    case LogKind::QuotaExceeded:  // RateLogger@87 (ZooKeeperServer.checkQuota)
      out.append(ctx.text ? ctx.text(a[0]) : std::string("Message:Quota exceeded"));
      return;
    case LogKind::ReconfigDisabledError:  // PrepRequestProcessor@412
      out.append("Reconfig operation requested but reconfig feature is disabled.");
      return;
    case LogKind::Snapshotting:  // FileTxnSnapLog@479 (save)
      out.append("Snapshotting: 0x");
      put_hex(out, a[0]);
      out.append(" to ");
      put_snapshot_path(out, ctx.data_dir, l.sid, a[0]);
      return;
    case LogKind::SnapshotTaken:  // ZooKeeperServer@547 (takeSnapshot)
      out.append("Snapshot taken in ");
      put_dec(out, a[0]);
      out.append(" ms");
      return;
    case LogKind::SnapshotLoaded:  // ZKDatabase@289 (loadDataBase)
      out.append("Snapshot loaded in ");
      put_dec(out, a[0]);
      out.append(" ms, highest zxid is 0x");
      put_hex(out, a[1]);
      out.append(", digest is ");
      put_dec(out, a[2]);
      return;
    case LogKind::TxnsLoaded:  // FileTxnSnapLog@372 (fastForwardFromEdits)
      put_dec(out, a[0]);
      out.append(" txns loaded in ");
      put_dec(out, a[1]);
      out.append(" ms");
      return;
  }
  out.append("?");
}

}  // namespace trace_detail

std::string format_log(const LogLine& line, const TraceContext& ctx) {
  std::string out;
  out.reserve(96);
  trace_detail::append_log(out, line, ctx);
  return out;
}

std::string_view to_string(LogKind k) {
  switch (k) {
    case LogKind::Looking: return "looking";
    case LogKind::NewElection: return "new_election";
    case LogKind::NotificationReceived: return "notification_received";
    case LogKind::NotificationTimeout: return "notification_timeout";
    case LogKind::CannotOpenChannel: return "cannot_open_channel";
    case LogKind::SmallerSidDropping: return "smaller_sid_dropping";
    case LogKind::ConnectionBroken: return "connection_broken";
    case LogKind::LeaderElectionTook: return "leader_election_took";
    case LogKind::PeerStateChanged: return "peer_state_changed";
    case LogKind::FollowingLeaderFailed: return "following_leader_failed";
    case LogKind::LearnerGotNewLeader: return "learner_got_new_leader";
    case LogKind::LearnerGotUpToDate: return "learner_got_up_to_date";
    case LogKind::LeaderHaveQuorum: return "leader_have_quorum";
    case LogKind::NotSufficientSynced: return "not_sufficient_synced";
    case LogKind::TimeoutEpochFromQuorum: return "timeout_epoch_from_quorum";
    case LogKind::TimeoutEpochAck: return "timeout_epoch_ack";
    case LogKind::TimeoutNewLeaderAck: return "timeout_new_leader_ack";
    case LogKind::LeadersEpochLower: return "leaders_epoch_lower";
    case LogKind::FollowerAhead: return "follower_ahead";
    case LogKind::SyncingWithLearner: return "syncing_with_learner";
    case LogKind::SyncSendingDiff: return "sync_sending_diff";
    case LogKind::GettingDiff: return "getting_diff";
    case LogKind::GettingSnapshot: return "getting_snapshot";
    case LogKind::GettingTrunc: return "getting_trunc";
    case LogKind::LearnerConnectFailed: return "learner_connect_failed";
    case LogKind::Shutdown: return "shutdown";
    case LogKind::WaitingForQuorumShutdown: return "waiting_for_quorum_shutdown";
    case LogKind::CannotTruncCrossEpoch: return "cannot_trunc_cross_epoch";
    case LogKind::CommitUnmatched: return "commit_unmatched";
    case LogKind::CommitFutureProposal: return "commit_future_proposal";
    case LogKind::ExpiringSession: return "expiring_session";
    case LogKind::EstablishedSession: return "established_session";
    case LogKind::RoleStarted: return "role_started";
    case LogKind::PeerStateSetLooking: return "peer_state_set_looking";
    case LogKind::SyncUsingCommittedLog: return "sync_using_committed_log";
    case LogKind::SyncSendingDiffFromLog: return "sync_sending_diff_from_log";
    case LogKind::SyncSendingTrunc: return "sync_sending_trunc";
    case LogKind::SyncSendingSnapshot: return "sync_sending_snapshot";
    case LogKind::LearnerInfo: return "learner_info";
    case LogKind::ConnectedToLeader: return "connected_to_leader";
    case LogKind::LearnerConnectRetry: return "learner_connect_retry";
    case LogKind::DisconnectedFromLeader: return "disconnected_from_leader";
    case LogKind::ShutdownFollower: return "shutdown_follower";
    case LogKind::ServerShuttingDown: return "server_shutting_down";
    case LogKind::OracleNotToFollow: return "oracle_not_to_follow";
    case LogKind::ReconfigNoStore: return "reconfig_no_store";
    case LogKind::ReconfigSkipDesignated: return "reconfig_skip_designated";
    case LogKind::EpochFileMissing: return "epoch_file_missing";
    case LogKind::ElectionListening: return "election_listening";
    case LogKind::ElectionConnectionRequest: return "election_connection_request";
    case LogKind::SendWorkerInterrupting: return "send_worker_interrupting";
    case LogKind::SendWorkerInterrupted: return "send_worker_interrupted";
    case LogKind::SendWorkerLeaving: return "send_worker_leaving";
    case LogKind::UnexpectedException: return "unexpected_exception";
    case LogKind::ShutdownForcing: return "shutdown_forcing";
    case LogKind::LearnerHandlerException: return "learner_handler_exception";
    case LogKind::ClosingSocketToLearner: return "closing_socket_to_learner";
    case LogKind::LearnerGoodbye: return "learner_goodbye";
    case LogKind::TransactionTimeout: return "transaction_timeout";
    case LogKind::ObserverElectionDelay: return "observer_election_delay";
    case LogKind::ObservingLeaderFailed: return "observing_leader_failed";
    case LogKind::ObservingNewLeader: return "observing_new_leader";
    case LogKind::ShutdownObserver: return "shutdown_observer";
    case LogKind::LeaderConnectorFailed: return "leader_connector_failed";
    case LogKind::QuotaExceeded: return "quota_exceeded";
    case LogKind::ReconfigDisabledError: return "reconfig_disabled_error";
    case LogKind::Snapshotting: return "snapshotting";
    case LogKind::SnapshotTaken: return "snapshot_taken";
    case LogKind::SnapshotLoaded: return "snapshot_loaded";
    case LogKind::TxnsLoaded: return "txns_loaded";
  }
  return "unknown";
}

LogLevel default_level(LogKind k) {
  switch (k) {
    case LogKind::CannotOpenChannel:       // QuorumCnxManager@401 warn
    case LogKind::ConnectionBroken:        // QuorumCnxManager@1402 warn
    case LogKind::FollowingLeaderFailed:   // Follower@128 warn
    case LogKind::LeadersEpochLower:       // under Follower@128 warn
    case LogKind::TimeoutEpochFromQuorum:  // under QuorumPeer "Unexpected exception" warn
    case LogKind::TimeoutEpochAck:         // same
    case LogKind::GettingTrunc:            // Learner@599 warn
    case LogKind::CannotTruncCrossEpoch:   // LearnerHandler@1001 warn
    case LogKind::CommitFutureProposal:    // Leader@1035 warn
    case LogKind::PeerStateSetLooking:     // QuorumPeer@1585 warn
    case LogKind::LearnerConnectRetry:     // Learner$LeaderConnector@448 warn
    case LogKind::SendWorkerInterrupting:  // QuorumCnxManager$RecvWorker@1408 warn
    case LogKind::SendWorkerInterrupted:   // QuorumCnxManager$SendWorker@1288 warn
    case LogKind::SendWorkerLeaving:       // QuorumCnxManager$SendWorker@1300 warn
    case LogKind::UnexpectedException:     // QuorumPeer@1555 warn
    case LogKind::LearnerGoodbye:          // LearnerHandler@735 warn
    case LogKind::TransactionTimeout:      // LearnerHandler@1078 warn
    case LogKind::ObservingLeaderFailed:   // Observer@132 warn
    case LogKind::QuotaExceeded:           // RateLogger@87 warn
      return LogLevel::Warn;
    case LogKind::CommitUnmatched:       // FollowerZooKeeperServer@104 error
    case LogKind::FollowerAhead:         // under LearnerHandler@719 "Unexpected exception in LearnerHandler: " error
    case LogKind::TimeoutNewLeaderAck:   // under LearnerHandler@722 error (lead() catches its own)
    case LogKind::LearnerConnectFailed:  // Learner@432/@440 error
    case LogKind::LearnerHandlerException:  // LearnerHandler@719 error
    case LogKind::LeaderConnectorFailed:    // Learner$LeaderConnector@392 error
    case LogKind::ReconfigDisabledError:    // PrepRequestProcessor@412 error
      return LogLevel::Error;
    default:
      return LogLevel::Info;
  }
}

}  // namespace zs

// format_log against the text of real ZooKeeper 3.8.0 log lines (reference §2, §3, §10 and
// the 3.8.0 sources); every LogKind has at least one exact expectation.
#include <set>
#include <string>

#include <gtest/gtest.h>

#include "trace/trace.hpp"

namespace zs {
namespace {

TraceContext ctx3() {
  TraceContext c;
  c.election_address = {"", "127.0.0.1:25001", "127.0.0.1:25002", "127.0.0.1:3889"};
  c.quorum_address = {"", "127.0.0.1:2888", "127.0.0.1:2889", "127.0.0.1:2890"};
  return c;
}

LogLine line(Sid sid, LogKind kind, std::array<std::int64_t, 5> a = {}) {
  LogLine l;
  l.sid = sid;
  l.kind = kind;
  l.level = default_level(kind);
  l.a = a;
  return l;
}

std::string text(const LogLine& l) { return format_log(l, ctx3()); }

TEST(TraceLog, Looking) { EXPECT_EQ(text(line(1, LogKind::Looking)), "LOOKING"); }

TEST(TraceLog, NewElection) {
  EXPECT_EQ(text(line(1, LogKind::NewElection, {0})), "New election. My id = 1, proposed zxid=0x0");
  EXPECT_EQ(text(line(3, LogKind::NewElection, {Zxid::make(1, 7).raw()})),
            "New election. My id = 3, proposed zxid=0x100000007");
}

TEST(TraceLog, NotificationReceivedFirstVote) {
  LogLine l = line(1, LogKind::NotificationReceived, {1});
  l.my_state = ServerState::Looking;
  l.note.state = ServerState::Looking;
  l.note.leader = 1;
  l.note.zxid = Zxid(0);
  l.note.election_epoch = 1;
  l.note.peer_epoch = 0;
  // samples/runs/exp_a_t2000.txt, node 1
  EXPECT_EQ(text(l),
            "Notification: my state:LOOKING; n.sid:1, n.state:LOOKING, n.leader:1, n.round:0x1, "
            "n.peerEpoch:0x0, n.zxid:0x0, message format version:0x2, n.config version:0x0");
}

TEST(TraceLog, NotificationReceivedExampleE) {
  // reference §2.8 E: node 1's log when node 3 re-sends node 1's vote in round 2.
  LogLine l = line(1, LogKind::NotificationReceived, {3});
  l.note.state = ServerState::Looking;
  l.note.leader = 1;
  l.note.zxid = Zxid::make(1, 7);
  l.note.election_epoch = 2;
  l.note.peer_epoch = 1;
  EXPECT_EQ(text(l),
            "Notification: my state:LOOKING; n.sid:3, n.state:LOOKING, n.leader:1, n.round:0x2, "
            "n.peerEpoch:0x1, n.zxid:0x100000007, message format version:0x2, n.config version:0x0");
}

TEST(TraceLog, NotificationReceivedNonLookingAndNegative) {
  LogLine l = line(2, LogKind::NotificationReceived, {4});
  l.my_state = ServerState::Leading;
  l.note.state = ServerState::Observing;
  l.note.leader = kMinLong;  // a non-voter's initial vote
  l.note.zxid = Zxid(kMinLong);
  l.note.election_epoch = 0x1a;
  l.note.peer_epoch = kMinLong;
  EXPECT_EQ(text(l),
            "Notification: my state:LEADING; n.sid:4, n.state:OBSERVING, "
            "n.leader:-9223372036854775808, n.round:0x1a, n.peerEpoch:0x8000000000000000, "
            "n.zxid:0x8000000000000000, message format version:0x2, n.config version:0x0");
}

TEST(TraceLog, NotificationTimeout) {
  EXPECT_EQ(text(line(1, LogKind::NotificationTimeout, {400})), "Notification time out: 400 ms");
  EXPECT_EQ(text(line(1, LogKind::NotificationTimeout, {60000})),
            "Notification time out: 60000 ms");
}

TEST(TraceLog, CannotOpenChannel) {
  EXPECT_EQ(text(line(1, LogKind::CannotOpenChannel, {2})),
            "Cannot open channel to 2 at election address /127.0.0.1:25002");
  EXPECT_EQ(text(line(1, LogKind::CannotOpenChannel, {3})),
            "Cannot open channel to 3 at election address /127.0.0.1:3889");
  EXPECT_EQ(line(1, LogKind::CannotOpenChannel).level, LogLevel::Warn);
}

TEST(TraceLog, CannotOpenChannelUnknownAddress) {
  EXPECT_EQ(text(line(1, LogKind::CannotOpenChannel, {7})),
            "Cannot open channel to 7 at election address /unknown");
  EXPECT_EQ(format_log(line(1, LogKind::CannotOpenChannel, {2}), TraceContext{}),
            "Cannot open channel to 2 at election address /unknown");
  TraceContext holes;
  holes.election_address = {"", "", ""};
  EXPECT_EQ(format_log(line(1, LogKind::CannotOpenChannel, {2}), holes),
            "Cannot open channel to 2 at election address /unknown");
  EXPECT_EQ(format_log(line(1, LogKind::CannotOpenChannel, {-1}), holes),
            "Cannot open channel to -1 at election address /unknown");
}

TEST(TraceLog, SmallerSidDropping) {
  EXPECT_EQ(text(line(1, LogKind::SmallerSidDropping, {2})),
            "Have smaller server identifier, so dropping the connection: (myId:1 --> sid:2)");
}

TEST(TraceLog, ConnectionBroken) {
  EXPECT_EQ(text(line(1, LogKind::ConnectionBroken, {2})), "Connection broken for id 2, my id = 1");
}

TEST(TraceLog, LeaderElectionTook) {
  EXPECT_EQ(text(line(2, LogKind::LeaderElectionTook, {static_cast<int>(ServerState::Leading), 254})),
            "LEADING - LEADER ELECTION TOOK - 254 MS");
  EXPECT_EQ(text(line(1, LogKind::LeaderElectionTook, {static_cast<int>(ServerState::Following), 8140})),
            "FOLLOWING - LEADER ELECTION TOOK - 8140 MS");
  EXPECT_EQ(text(line(4, LogKind::LeaderElectionTook, {static_cast<int>(ServerState::Observing), 55})),
            "OBSERVING - LEADER ELECTION TOOK - 55 MS");
}

TEST(TraceLog, PeerStateChanged) {
  auto psc = [](ServerState s, ZabState z, SyncMode m) {
    return text(line(1, LogKind::PeerStateChanged,
                     {static_cast<int>(s), static_cast<int>(z), static_cast<int>(m)}));
  };
  EXPECT_EQ(psc(ServerState::Following, ZabState::Synchronization, SyncMode::Diff),
            "Peer state changed: following - synchronization - diff");
  EXPECT_EQ(psc(ServerState::Leading, ZabState::Broadcast, SyncMode::None),
            "Peer state changed: leading - broadcast");
  EXPECT_EQ(psc(ServerState::Looking, ZabState::Election, SyncMode::None), "Peer state changed: looking");
  EXPECT_EQ(psc(ServerState::Following, ZabState::Discovery, SyncMode::None),
            "Peer state changed: following - discovery");
  EXPECT_EQ(psc(ServerState::Observing, ZabState::Synchronization, SyncMode::Snap),
            "Peer state changed: observing - synchronization - snap");
  EXPECT_EQ(psc(ServerState::Following, ZabState::Synchronization, SyncMode::Trunc),
            "Peer state changed: following - synchronization - trunc");
}

TEST(TraceLog, FixedTexts) {
  EXPECT_EQ(text(line(1, LogKind::FollowingLeaderFailed)), "Exception when following the leader");
  EXPECT_EQ(text(line(1, LogKind::LearnerGotNewLeader)), "Learner received NEWLEADER message");
  EXPECT_EQ(text(line(1, LogKind::LearnerGotUpToDate)), "Learner received UPTODATE message");
  EXPECT_EQ(text(line(2, LogKind::TimeoutEpochFromQuorum)), "Timeout while waiting for epoch from quorum");
  EXPECT_EQ(text(line(2, LogKind::TimeoutEpochAck)),
            "Timeout while waiting for epoch to be acked by quorum");
  EXPECT_EQ(text(line(2, LogKind::TimeoutNewLeaderAck)),
            "Timeout while waiting for NEWLEADER to be acked by quorum");
  EXPECT_EQ(text(line(2, LogKind::Shutdown)), "Shutting down");
}

TEST(TraceLog, LeaderHaveQuorum) {
  EXPECT_EQ(text(line(1, LogKind::LeaderHaveQuorum, {Zxid::make(2, 0).raw(), 0b101})),
            "Have quorum of supporters, sids: [[1, 3]]; starting up and setting last processed "
            "zxid: 0x200000000");
  EXPECT_EQ(text(line(2, LogKind::LeaderHaveQuorum, {Zxid::make(1, 0).raw(), 0b11110})),
            "Have quorum of supporters, sids: [[2, 3, 4, 5]]; starting up and setting last "
            "processed zxid: 0x100000000");
}

TEST(TraceLog, NotSufficientSynced) {
  // Leader.java@787 builds "[ " + ackSetsToString() + " ]", and ackSetsToString is the
  // HashSet's "[1]"; Leader.shutdown@819 logs it as the reason.
  EXPECT_EQ(text(line(2, LogKind::NotSufficientSynced, {0b10})),
            "Shutdown called. For the reason Not sufficient followers synced, only synced with "
            "sids: [ [2] ]");
  EXPECT_EQ(text(line(2, LogKind::NotSufficientSynced, {0b1010})),
            "Shutdown called. For the reason Not sufficient followers synced, only synced with "
            "sids: [ [2, 4] ]");
  EXPECT_EQ(text(line(2, LogKind::WaitingForQuorumShutdown, {0b10})),
            "Shutdown called. For the reason Waiting for a quorum of followers, only synced with "
            "sids: [ [2] ]");
}

TEST(TraceLog, EpochErrors) {
  EXPECT_EQ(text(line(1, LogKind::LeadersEpochLower, {1, 2})),
            "Leaders epoch, 1 is less than accepted epoch, 2");
  // Java concatenates the longs: decimal, also for the zxid. LearnerHandler logs the
  // IOException under its own message.
  EXPECT_EQ(text(line(2, LogKind::FollowerAhead, {1, Zxid::make(1, 7).raw()})),
            "Unexpected exception in LearnerHandler: \njava.io.IOException: Follower is ahead of the leader, "
            "leader summary: 1 (current epoch), 4294967303 (last zxid)");
  EXPECT_EQ(default_level(LogKind::FollowerAhead), LogLevel::Error);
}

TEST(TraceLog, SyncingWithLearner) {
  // reference §3.4, verified-here run of example E
  EXPECT_EQ(text(line(1, LogKind::SyncingWithLearner,
                      {3, Zxid::make(1, 7).raw(), Zxid::make(1, 1).raw(), Zxid::make(1, 7).raw(), 0})),
            "Synchronizing with Learner sid: 3 maxCommittedLog=0x100000007 "
            "minCommittedLog=0x100000001 lastProcessedZxid=0x100000007 peerLastZxid=0x0");
}

TEST(TraceLog, SyncDecisionAsLearnerHandlerLogsIt) {
  // Seen in real 3.8.0 logs (a staggered start): one space after the in-sync DIFF's zxid...
  EXPECT_EQ(text(line(2, LogKind::SyncSendingDiff, {0, 1})), "Sending DIFF zxid=0x0 for peer sid: 1");
  // ...two after the DIFF and TRUNC that queueCommittedProposals logs.
  EXPECT_EQ(text(line(1, LogKind::SyncUsingCommittedLog, {2})), "Using committedLog for peer sid: 2");
  EXPECT_EQ(text(line(1, LogKind::SyncSendingDiffFromLog, {Zxid::make(1, 7).raw(), 2})),
            "Sending DIFF zxid=0x100000007  for peer sid: 2");
  EXPECT_EQ(text(line(2, LogKind::SyncSendingTrunc, {Zxid::make(1, 3).raw(), 3})),
            "Sending TRUNC zxid=0x100000003  for peer sid: 3");
  EXPECT_EQ(text(line(2, LogKind::SyncSendingSnapshot,
                      {0, Zxid::make(1, 0).raw(), Zxid::make(1, 0).raw(), 1, 1})),
            "Sending snapshot last zxid of peer is 0x0, zxid of leader is 0x100000000, send zxid of db "
            "as 0x100000000, 1 concurrent snapshot sync, snapshot sync was exempt from throttle");
  EXPECT_EQ(text(line(2, LogKind::SyncSendingSnapshot, {0, 5, 5, 1, 0})),
            "Sending snapshot last zxid of peer is 0x0, zxid of leader is 0x5, send zxid of db as 0x5, "
            "1 concurrent snapshot sync, snapshot sync was not exempt from throttle");
}

TEST(TraceLog, RolesConnectionsAndShutdowns) {
  EXPECT_EQ(text(line(1, LogKind::RoleStarted, {static_cast<int>(ServerState::Following)})), "FOLLOWING");
  EXPECT_EQ(text(line(2, LogKind::RoleStarted, {static_cast<int>(ServerState::Leading)})), "LEADING");
  EXPECT_EQ(text(line(3, LogKind::RoleStarted, {static_cast<int>(ServerState::Observing)})), "OBSERVING");
  EXPECT_EQ(text(line(1, LogKind::PeerStateSetLooking)), "PeerState set to LOOKING");
  EXPECT_EQ(default_level(LogKind::PeerStateSetLooking), LogLevel::Warn);
  EXPECT_EQ(text(line(2, LogKind::LearnerInfo, {1, 1})),
            "Follower sid: 1 : info : 127.0.0.1:2888:25001:participant");
  EXPECT_EQ(text(line(2, LogKind::LearnerInfo, {3, 0})),
            "Follower sid: 3 : info : 127.0.0.1:2890:3889:observer");
  EXPECT_EQ(text(line(1, LogKind::ConnectedToLeader, {2})),
            "Successfully connected to leader, using address: /127.0.0.1:2889");
  EXPECT_EQ(text(line(1, LogKind::LearnerConnectRetry, {2, 0, 19900})),
            "Unexpected exception, tries=0, remaining init limit=19900, connecting to /127.0.0.1:2889");
  EXPECT_EQ(text(line(1, LogKind::DisconnectedFromLeader, {3, 1595, 1})),
            "Disconnected from leader (with address: /127.0.0.1:2890). Was connected for 1595ms. "
            "Sync state: true");
  EXPECT_EQ(text(line(1, LogKind::ShutdownFollower)), "shutdown Follower");
  EXPECT_EQ(text(line(1, LogKind::ServerShuttingDown)), "shutting down");
  EXPECT_EQ(text(line(3, LogKind::OracleNotToFollow)), "Oracle indicates not to follow");
  EXPECT_EQ(text(line(1, LogKind::ReconfigNoStore)),
            "Dynamic reconfig is disabled, we don't store the last seen config.");
  EXPECT_EQ(text(line(2, LogKind::ReconfigSkipDesignated)),
            "Dynamic reconfig feature is disabled, skip designatedLeader calculation and reconfig "
            "processing.");
  EXPECT_EQ(text(line(1, LogKind::EpochFileMissing, {0, 0})),
            "currentEpoch not found! Creating with a reasonable default of 0. This should only happen "
            "when you are upgrading your installation");
  EXPECT_EQ(text(line(1, LogKind::EpochFileMissing, {1, 0})),
            "acceptedEpoch not found! Creating with a reasonable default of 0. This should only happen "
            "when you are upgrading your installation");
  EXPECT_EQ(text(line(2, LogKind::ElectionListening)),
            "2 is accepting connections now, my election bind port: /127.0.0.1:25002");
  EXPECT_EQ(text(line(1, LogKind::ElectionConnectionRequest, {3, 60592})),
            "Received connection request from /127.0.0.1:60592");
  EXPECT_EQ(text(line(1, LogKind::SendWorkerInterrupting, {3})),
            "Interrupting SendWorker thread from RecvWorker. sid: 3. myId: 1");
  EXPECT_EQ(text(line(1, LogKind::SendWorkerInterrupted)), "Interrupted while waiting for message on queue");
  EXPECT_EQ(text(line(1, LogKind::SendWorkerLeaving, {3})), "Send worker leaving thread id 3 my id = 1");
  EXPECT_EQ(text(line(2, LogKind::UnexpectedException)), "Unexpected exception");
  EXPECT_EQ(text(line(2, LogKind::ShutdownForcing)), "Shutdown called. For the reason Forcing shutdown");
}

TEST(TraceLog, LearnerSyncPackets) {
  EXPECT_EQ(text(line(1, LogKind::GettingDiff, {0})), "Getting a diff from the leader 0x0");
  EXPECT_EQ(text(line(3, LogKind::GettingSnapshot, {Zxid::make(1, 7).raw()})),
            "Getting a snapshot from leader 0x100000007");
  EXPECT_EQ(text(line(3, LogKind::GettingTrunc, {Zxid::make(1, 3).raw()})),
            "Truncating log to get in sync with the leader 0x100000003");
  EXPECT_EQ(default_level(LogKind::GettingTrunc), LogLevel::Warn);
}

TEST(TraceLog, LearnerConnectFailed) {
  EXPECT_EQ(text(line(1, LogKind::LearnerConnectFailed, {2, 4, 19500})),
            "Unexpected exception, retries exceeded. tries=4, remaining init limit=19500, "
            "connecting to /127.0.0.1:2889");
  EXPECT_EQ(text(line(1, LogKind::LearnerConnectFailed, {2, 2, 80})),
            "Unexpected exception, connectToLeader exceeded. tries=2, remaining init limit=80, "
            "connecting to /127.0.0.1:2889");
  EXPECT_EQ(format_log(line(1, LogKind::LearnerConnectFailed, {2, 4, 500}), TraceContext{}),
            "Unexpected exception, retries exceeded. tries=4, remaining init limit=500, "
            "connecting to /unknown");
  EXPECT_EQ(default_level(LogKind::LearnerConnectFailed), LogLevel::Error);
  // Learner$LeaderConnector.run's catch, after either.
  EXPECT_EQ(text(line(1, LogKind::LeaderConnectorFailed, {2})), "Failed connect to /127.0.0.1:2889");
  EXPECT_EQ(default_level(LogKind::LeaderConnectorFailed), LogLevel::Error);
  EXPECT_EQ(to_string(LogKind::LeaderConnectorFailed), "leader_connector_failed");
}

TEST(TraceLog, ObserverLines) {
  EXPECT_EQ(text(line(4, LogKind::ObservingNewLeader, {3})), "Observing new leader sid=3 addr=/127.0.0.1:2890");
  EXPECT_EQ(default_level(LogKind::ObservingNewLeader), LogLevel::Info);
  EXPECT_EQ(text(line(4, LogKind::ShutdownObserver, {})), "shutdown Observer");
  EXPECT_EQ(default_level(LogKind::ShutdownObserver), LogLevel::Info);
  EXPECT_EQ(to_string(LogKind::ObservingNewLeader), "observing_new_leader");
  EXPECT_EQ(to_string(LogKind::ShutdownObserver), "shutdown_observer");
}

// ZooKeeperServer.checkQuota's RateLogger line (its text is kept as a PayloadStore text; the
// simulator's TraceContext reads it back) and PrepRequestProcessor's refusal of a reconfig,
// as a real 3.8.0 leader wrote them.
TEST(TraceLog, QuotaExceededAndReconfigDisabled) {
  TraceContext c = ctx3();
  c.text = [](std::int64_t ref) {
    return ref == 7 ? std::string("Message:Quota exceeded: /q [current count=3, softCountLimit=2] Value:null")
                    : std::string("?");
  };
  EXPECT_EQ(format_log(line(3, LogKind::QuotaExceeded, {7}), c),
            "Message:Quota exceeded: /q [current count=3, softCountLimit=2] Value:null");
  EXPECT_EQ(default_level(LogKind::QuotaExceeded), LogLevel::Warn);
  EXPECT_EQ(text(line(3, LogKind::ReconfigDisabledError)), "Reconfig operation requested but reconfig feature is disabled.");
  EXPECT_EQ(default_level(LogKind::ReconfigDisabledError), LogLevel::Error);
}

// The disk lines as real 3.8.0 servers wrote them (docs/reference-captures/disk-lines-3.8.0.txt).
TEST(TraceLog, DiskLines) {
  TraceContext c = ctx3();
  c.data_dir = {"", "/tmp/disk16/real1/server1/data", "/var/lib/zookeeper/", "data"};
  EXPECT_EQ(format_log(line(1, LogKind::Snapshotting, {0}), c),
            "Snapshotting: 0x0 to /tmp/disk16/real1/server1/data/version-2/snapshot.0");
  EXPECT_EQ(format_log(line(1, LogKind::Snapshotting, {Zxid::make(1, 0).raw()}), c),
            "Snapshotting: 0x100000000 to /tmp/disk16/real1/server1/data/version-2/snapshot.100000000");
  // java.io.File drops a trailing separator and keeps a relative dataDir relative.
  EXPECT_EQ(format_log(line(2, LogKind::Snapshotting, {Zxid::make(1, 6).raw()}), c),
            "Snapshotting: 0x100000006 to /var/lib/zookeeper/version-2/snapshot.100000006");
  EXPECT_EQ(format_log(line(3, LogKind::Snapshotting, {0}), c), "Snapshotting: 0x0 to data/version-2/snapshot.0");
  EXPECT_EQ(text(line(2, LogKind::SnapshotTaken, {1})), "Snapshot taken in 1 ms");
  EXPECT_EQ(text(line(1, LogKind::SnapshotLoaded, {34, 0, 1371985504})),
            "Snapshot loaded in 34 ms, highest zxid is 0x0, digest is 1371985504");
  EXPECT_EQ(text(line(1, LogKind::SnapshotLoaded, {41, Zxid::make(1, 6).raw(), 8975156645})),
            "Snapshot loaded in 41 ms, highest zxid is 0x100000006, digest is 8975156645");
  EXPECT_EQ(text(line(1, LogKind::TxnsLoaded, {6, 12})), "6 txns loaded in 12 ms");
  for (const LogKind k : {LogKind::Snapshotting, LogKind::SnapshotTaken, LogKind::SnapshotLoaded, LogKind::TxnsLoaded})
    EXPECT_EQ(default_level(k), LogLevel::Info);
}

TEST(TraceLog, SnapshotPathAsJavaFilePrintsIt) {
  TraceContext c;
  c.data_dir = {"", "//srv//zk///", "D:/IdeaProjects/zookeeperSource/data/zk1",
                "D:\\IdeaProjects\\zookeeperSource\\data\\zk3\\", "/", "./data"};
  EXPECT_EQ(format_log(line(1, LogKind::Snapshotting, {0}), c), "Snapshotting: 0x0 to /srv/zk/version-2/snapshot.0");
  // A Windows dataDir (the tutorial's) as java.io.File prints it on Windows.
  EXPECT_EQ(format_log(line(2, LogKind::Snapshotting, {0}), c),
            "Snapshotting: 0x0 to D:\\IdeaProjects\\zookeeperSource\\data\\zk1\\version-2\\snapshot.0");
  EXPECT_EQ(format_log(line(3, LogKind::Snapshotting, {0}), c),
            "Snapshotting: 0x0 to D:\\IdeaProjects\\zookeeperSource\\data\\zk3\\version-2\\snapshot.0");
  EXPECT_EQ(format_log(line(4, LogKind::Snapshotting, {0}), c), "Snapshotting: 0x0 to /version-2/snapshot.0");
  EXPECT_EQ(format_log(line(5, LogKind::Snapshotting, {0}), c), "Snapshotting: 0x0 to ./data/version-2/snapshot.0");
}

TEST(TraceLog, LevelsAndNames) {
  EXPECT_EQ(to_string(LogLevel::Info), "INFO");
  EXPECT_EQ(to_string(LogLevel::Warn), "WARN");
  EXPECT_EQ(to_string(LogLevel::Error), "ERROR");
  EXPECT_EQ(default_level(LogKind::NotificationReceived), LogLevel::Info);
  EXPECT_EQ(default_level(LogKind::ConnectionBroken), LogLevel::Warn);
  EXPECT_EQ(default_level(LogKind::FollowingLeaderFailed), LogLevel::Warn);
  std::set<std::string> names;
  const int last = static_cast<int>(LogKind::TxnsLoaded);
  for (int k = 0; k <= last; ++k) {
    const auto kind = static_cast<LogKind>(k);
    const std::string name(to_string(kind));
    EXPECT_NE(name, "unknown") << k;
    names.insert(name);
    // every kind formats to something that is not the fallback
    EXPECT_NE(text(line(1, kind)), "?") << name;
  }
  EXPECT_EQ(names.size(), static_cast<std::size_t>(last + 1));
}

}  // namespace
}  // namespace zs

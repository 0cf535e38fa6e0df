// format_line: the compact one-line text used by golden files and the CLI.
#include <string>

#include <gtest/gtest.h>

#include "trace/trace.hpp"

namespace zs {
namespace {

TraceContext ctx3() {
  TraceContext c;
  c.election_address = {"", "127.0.0.1:3888", "127.0.0.1:3889", "127.0.0.1:3890"};
  return c;
}

std::string fl(Ms at, TraceBody body) { return format_line(TraceEvent{at, std::move(body)}, ctx3()); }

Notification looking_vote(Sid leader, std::int64_t round) {
  Notification n;
  n.state = ServerState::Looking;
  n.leader = leader;
  n.election_epoch = round;
  return n;
}

Vote vote(Sid leader, std::int64_t zxid, std::int64_t round, std::int64_t epoch) {
  Vote v;
  v.leader = leader;
  v.zxid = Zxid(zxid);
  v.election_epoch = round;
  v.peer_epoch = epoch;
  return v;
}

TEST(TraceLine, MessageEvents) {
  const Envelope env{1, 2, looking_vote(2, 1)};
  EXPECT_EQ(fl(1205, MessageSent{17, env, 1207}),
            "1205 send #17 1->2 notification(LOOKING leader=2 zxid=0x0 round=1 peerEpoch=0)");
  EXPECT_EQ(fl(1207, MessageDelivered{17, env, 1205}),
            "1207 deliver #17 1->2 notification(LOOKING leader=2 zxid=0x0 round=1 peerEpoch=0)");
  EXPECT_EQ(fl(1300, MessageDropped{18, Envelope{3, 1, looking_vote(3, 1)}, 1299, DropReason::Loss}),
            "1300 drop #18 3->1 loss notification(LOOKING leader=3 zxid=0x0 round=1 peerEpoch=0)");
  EXPECT_EQ(fl(1300, MessageDropped{19, env, 1299, DropReason::TargetDown}).substr(0, 29),
            "1300 drop #19 1->2 target_dow");
}

TEST(TraceLine, NotificationUnusualFields) {
  Notification n = looking_vote(3, 2);
  n.state = ServerState::Following;
  n.zxid = Zxid::make(1, 7);
  n.peer_epoch = 1;
  n.version = 1;
  n.config_version = 0x100000000;
  EXPECT_EQ(fl(5, MessageSent{1, Envelope{3, 4, n}, 6}),
            "5 send #1 3->4 notification(FOLLOWING leader=3 zxid=0x100000007 round=2 peerEpoch=1 "
            "version=1 configVersion=0x100000000)");
}

TEST(TraceLine, PacketsAndSocketEvents) {
  QuorumPacket li{PacketType::LeaderInfo, Zxid::make(1, 0), 0x10000};
  EXPECT_EQ(fl(2100, MessageSent{30, Envelope{2, 1, li}, 2101}),
            "2100 send #30 2->1 LEADERINFO(zxid=0x100000000 data=65536)");
  QuorumPacket ack{PacketType::AckEpoch, Zxid(0), -1};
  EXPECT_EQ(fl(2102, MessageDelivered{31, Envelope{1, 2, ack}, 2101}),
            "2102 deliver #31 1->2 ACKEPOCH(zxid=0x0 data=-1)");
  QuorumPacket ping{PacketType::Ping, Zxid::make(1, 3), 0};
  ping.cnx = 4;
  EXPECT_EQ(fl(3000, MessageSent{40, Envelope{2, 3, ping}, 3001}),
            "3000 send #40 2->3 PING(zxid=0x100000003 cnx=4)");
  EXPECT_EQ(fl(10, MessageSent{2, Envelope{2, 1, ElectionConnect{}}, 11}),
            "10 send #2 2->1 election_connect");
  EXPECT_EQ(fl(12, MessageDelivered{3, Envelope{1, 2, ConnectFailed{Channel::Election, false}}, 11}),
            "12 deliver #3 1->2 connect_failed(election refused)");
  ConnectFailed qf{Channel::Quorum, true};
  qf.cnx = 9;
  EXPECT_EQ(fl(12, MessageDelivered{4, Envelope{1, 2, qf}, 11}),
            "12 deliver #4 1->2 connect_failed(quorum timed_out cnx=9)");
  EXPECT_EQ(fl(13, MessageDelivered{5, Envelope{1, 2, Connected{Channel::Election}}, 12}),
            "13 deliver #5 1->2 connected(election)");
  EXPECT_EQ(fl(14, MessageDelivered{6, Envelope{3, 2, ConnectionClosed{Channel::Quorum}}, 14}),
            "14 deliver #6 3->2 connection_closed(quorum)");
}

TEST(TraceLine, StateVoteEpochZab) {
  EXPECT_EQ(fl(2001, StateChanged{2, PeerStatus::Looking, PeerStatus::Leading}),
            "2001 state 2 LOOKING->LEADING");
  EXPECT_EQ(fl(0, StateChanged{1, PeerStatus::Down, PeerStatus::Looking}), "0 state 1 DOWN->LOOKING");
  EXPECT_EQ(fl(2001, VoteChanged{3, vote(1, 0, 1, 0), vote(3, 0, 1, 0), VoteRule::HigherSid, 3}),
            "2001 vote 3 (1,0x0,r1,e0)->(3,0x0,r1,e0) higher_sid from 3");
  EXPECT_EQ(fl(5, VoteChanged{1, vote(0, 0, 0, 0), vote(1, 0x100000007, 2, 1), VoteRule::Initial, 0}),
            "5 vote 1 (0,0x0,r0,e0)->(1,0x100000007,r2,e1) initial");
  EXPECT_EQ(fl(2100, EpochChanged{2, EpochKind::Accepted, 0, 1}), "2100 epoch 2 accepted 0->1");
  EXPECT_EQ(fl(2150, EpochChanged{2, EpochKind::Current, 0, 1}), "2150 epoch 2 current 0->1");
  EXPECT_EQ(fl(2100, ZabStateChanged{2, ZabState::Synchronization, SyncMode::Diff}),
            "2100 zab 2 synchronization diff");
  EXPECT_EQ(fl(2200, ZabStateChanged{2, ZabState::Broadcast, SyncMode::None}), "2200 zab 2 broadcast");
}

TEST(TraceLine, Faults) {
  EXPECT_EQ(fl(0, Fault{FaultKind::Start, 1, 0, 0}), "0 fault start 1");
  EXPECT_EQ(fl(5000, Fault{FaultKind::Crash, 2, 0, 0}), "5000 fault crash 2");
  EXPECT_EQ(fl(9000, Fault{FaultKind::Restart, 2, 0, 0}), "9000 fault restart 2");
  EXPECT_EQ(fl(100, Fault{FaultKind::CutLink, 1, 2, 0}), "100 fault cut_link 1->2");
  EXPECT_EQ(fl(200, Fault{FaultKind::HealLink, 1, 2, 0}), "200 fault heal_link 1->2");
  EXPECT_EQ(fl(300, Fault{FaultKind::Partition, 0, 0, 0b1}), "300 fault partition 1|2,3");
  EXPECT_EQ(fl(300, Fault{FaultKind::Partition, 0, 0, 0b101}), "300 fault partition 1,3|2");
  EXPECT_EQ(format_line(TraceEvent{300, Fault{FaultKind::Partition, 0, 0, 0b11}}, TraceContext{}),
            "300 fault partition 1,2|rest");
  EXPECT_EQ(fl(400, Fault{FaultKind::HealAll, 0, 0, 0}), "400 fault heal_all");
}

TEST(TraceLine, LogLines) {
  LogLine l;
  l.sid = 1;
  l.level = LogLevel::Warn;
  l.kind = LogKind::CannotOpenChannel;
  l.a[0] = 2;
  EXPECT_EQ(fl(12, l), "12 log 1 WARN Cannot open channel to 2 at election address /127.0.0.1:3889");
  l.level = LogLevel::Info;
  l.kind = LogKind::NewElection;
  l.a[0] = 0;
  EXPECT_EQ(fl(0, l), "0 log 1 INFO New election. My id = 1, proposed zxid=0x0");
}

TEST(TraceLine, EnumNames) {
  EXPECT_EQ(to_string(DropReason::Loss), "loss");
  EXPECT_EQ(to_string(DropReason::LinkCut), "link_cut");
  EXPECT_EQ(to_string(DropReason::TargetDown), "target_down");
  EXPECT_EQ(to_string(DropReason::SourceDown), "source_down");
  EXPECT_EQ(to_string(PeerStatus::Down), "DOWN");
  EXPECT_EQ(to_string(PeerStatus::Looking), "LOOKING");
  EXPECT_EQ(to_string(PeerStatus::Following), "FOLLOWING");
  EXPECT_EQ(to_string(PeerStatus::Leading), "LEADING");
  EXPECT_EQ(to_string(PeerStatus::Observing), "OBSERVING");
  EXPECT_EQ(to_string(VoteRule::Initial), "initial");
  EXPECT_EQ(to_string(VoteRule::HigherRound), "higher_round");
  EXPECT_EQ(to_string(VoteRule::HigherPeerEpoch), "higher_peer_epoch");
  EXPECT_EQ(to_string(VoteRule::HigherZxid), "higher_zxid");
  EXPECT_EQ(to_string(VoteRule::HigherSid), "higher_sid");
  EXPECT_EQ(to_string(VoteRule::Decided), "decided");
  EXPECT_EQ(to_string(VoteRule::EpochUpdated), "epoch_updated");
  EXPECT_EQ(to_string(FaultKind::Start), "start");
  EXPECT_EQ(to_string(FaultKind::Crash), "crash");
  EXPECT_EQ(to_string(FaultKind::Restart), "restart");
  EXPECT_EQ(to_string(FaultKind::CutLink), "cut_link");
  EXPECT_EQ(to_string(FaultKind::HealLink), "heal_link");
  EXPECT_EQ(to_string(FaultKind::Partition), "partition");
  EXPECT_EQ(to_string(FaultKind::HealAll), "heal_all");
}

TEST(TraceLine, PacketTypeNames) {
  // Leader.getPacketType of 3.8.0
  EXPECT_EQ(to_string(PacketType::Request), "REQUEST");
  EXPECT_EQ(to_string(PacketType::Proposal), "PROPOSAL");
  EXPECT_EQ(to_string(PacketType::Ack), "ACK");
  EXPECT_EQ(to_string(PacketType::Commit), "COMMIT");
  EXPECT_EQ(to_string(PacketType::Ping), "PING");
  EXPECT_EQ(to_string(PacketType::Revalidate), "REVALIDATE");
  EXPECT_EQ(to_string(PacketType::Sync), "SYNC");
  EXPECT_EQ(to_string(PacketType::Inform), "INFORM");
  EXPECT_EQ(to_string(PacketType::NewLeader), "NEWLEADER");
  EXPECT_EQ(to_string(PacketType::FollowerInfo), "FOLLOWERINFO");
  EXPECT_EQ(to_string(PacketType::UpToDate), "UPTODATE");
  EXPECT_EQ(to_string(PacketType::Diff), "DIFF");
  EXPECT_EQ(to_string(PacketType::Trunc), "TRUNC");
  EXPECT_EQ(to_string(PacketType::Snap), "SNAP");
  EXPECT_EQ(to_string(PacketType::ObserverInfo), "OBSERVERINFO");
  EXPECT_EQ(to_string(PacketType::LeaderInfo), "LEADERINFO");
  EXPECT_EQ(to_string(PacketType::AckEpoch), "ACKEPOCH");
  EXPECT_EQ(to_string(static_cast<PacketType>(99)), "UNKNOWN");
}

TEST(TraceLine, StableAcrossCalls) {
  const TraceEvent e{1205, MessageSent{17, Envelope{1, 2, looking_vote(2, 1)}, 1207}};
  const std::string first = format_line(e, ctx3());
  for (int i = 0; i < 3; ++i) EXPECT_EQ(format_line(e, ctx3()), first);
}

}  // namespace
}  // namespace zs

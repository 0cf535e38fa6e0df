// TraceLog's compact records: every kind of event, and every message a message event can
// carry, comes back exactly as it went in (compared by its JSON export, which prints every
// field); a delivery stored as a reference to its send reads back as the full delivery; a
// rewind's truncate-and-append gives the new events; and records take far less than a
// 128-byte TraceEvent.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "trace/trace_log.hpp"

namespace zs {
namespace {

TraceContext ctx() {
  TraceContext c;
  c.election_address = {"", "127.0.0.1:3888", "127.0.0.1:3889", "127.0.0.1:3890"};
  c.quorum_address = {"", "127.0.0.1:2888", "127.0.0.1:2889", "127.0.0.1:2890"};
  return c;
}

std::vector<Message> every_message() {
  Notification n;
  n.state = ServerState::Following;
  n.leader = 3;
  n.zxid = Zxid::make(2, 9);
  n.election_epoch = 4;
  n.peer_epoch = 2;
  return {n,
          ElectionConnect{},
          QuorumPacket{PacketType::Proposal, Zxid::make(1, 5), 0x10000, 7, 0x20000003},
          ConnectFailed{Channel::Quorum, true, 9},
          Connected{Channel::Election},
          ConnectionClosed{Channel::Quorum, 12}};
}

std::vector<TraceEvent> every_event() {
  std::vector<TraceEvent> out;
  Ms at = 1;
  MessageId id = 100;
  for (const Message& m : every_message()) {
    const Envelope env{1, 3, m};
    out.push_back({at++, MessageSent{id, env, at + 4}});
    out.push_back({at++, MessageDelivered{id, env, at - 2}});
    out.push_back({at++, MessageDropped{id++, env, at - 3, DropReason::LinkCut}});
  }
  // Sids beyond 32 bits are rare (ZooKeeper asks for 1-255) but allowed.
  out.push_back({at++, MessageSent{id, Envelope{5'000'000'000, 2, QuorumPacket{}}, kNever}});
  out.push_back({at++, StateChanged{2, PeerStatus::Looking, PeerStatus::Following}});
  out.push_back({at++, VoteChanged{3, Vote{1, Zxid::make(1, 2), 3, 1}, Vote{3, Zxid::make(1, 4), 3, 1},
                                   VoteRule::HigherZxid, 3}});
  out.push_back({at++, EpochChanged{1, EpochKind::Current, 1, 2}});
  out.push_back({at++, ZabStateChanged{2, ZabState::Synchronization, SyncMode::Diff}});
  out.push_back({at++, Fault{FaultKind::Partition, 0, 0, 0b101}});
  LogLine l;
  l.sid = 2;
  l.kind = LogKind::NotificationReceived;
  l.a = {3, 0, 0, 0, 0};
  l.note = std::get<Notification>(every_message()[0]);
  out.push_back({at++, l});
  out.push_back({at++, Committed{3, Zxid::make(1, 7), 0b111}});
  out.push_back({at++, ClientOp{2, ClientOpStage::Completed, 0x100, 4, 5, Zxid::make(1, 7), -101, 1, 9}});
  out.push_back({at++, ClientSession{1, 2, SessionState::Expired, 0x100, 0}});
  out.push_back({at++, WatchFired{1, 2, 0x100, 3, Zxid::make(1, 8), 11}});
  return out;
}

TEST(TraceStorage, EveryEventComesBackAsItWentIn) {
  TraceLog log;
  const std::vector<TraceEvent> events = every_event();
  for (const TraceEvent& e : events) log.push_back(e);
  ASSERT_EQ(log.size(), events.size());
  for (std::size_t i = 0; i < events.size(); ++i) {
    EXPECT_EQ(to_json(log[i], ctx()), to_json(events[i], ctx())) << i;
    EXPECT_EQ(log.at(i), events[i].at);
  }
  EXPECT_EQ(to_json(log.back(), ctx()), to_json(events.back(), ctx()));
}

TEST(TraceStorage, ADeliveryByReferenceReadsBackWhole) {
  TraceLog log;
  const Envelope env{2, 3, QuorumPacket{PacketType::Commit, Zxid::make(1, 3), 0, 4, 0}};
  log.push_back({10, MessageSent{42, env, 13}});
  log.push_back({11, StateChanged{1, PeerStatus::Looking, PeerStatus::Leading}});
  log.push_delivered(13, 0);
  EXPECT_EQ(to_json(log[2], ctx()), to_json(TraceEvent{13, MessageDelivered{42, env, 10}}, ctx()));
  // 16 bytes and a 4-byte index entry, against 64 for the send.
  EXPECT_LE(log.bytes(), 64u + 16 + 8 * 4 + 3 * 4 + 8 * 4);
}

TEST(TraceStorage, FingerprintsTellEventsApart) {
  TraceLog a;
  TraceLog b;
  const Envelope env{2, 3, QuorumPacket{PacketType::Ack, Zxid::make(1, 3), 0, 4, 0}};
  a.push_back({10, MessageSent{1, env, 12}});
  b.push_back({10, MessageSent{2, env, 12}});
  a.push_delivered(12, 0);
  b.push_delivered(12, 0);
  EXPECT_NE(a.fingerprint(0), b.fingerprint(0));
  // Same stored reference, different send: the delivery's fingerprint differs too.
  EXPECT_NE(a.fingerprint(1), b.fingerprint(1));
  EXPECT_EQ(a.fingerprint(1), a.fingerprint(1));
}

TEST(TraceStorage, TruncateThenAppendGivesTheNewEvents) {
  TraceLog log;
  // Enough events to fill several 2 MiB chunks.
  const Envelope env{1, 2, QuorumPacket{PacketType::Proposal, Zxid::make(1, 1), 0, 1, 0}};
  for (Ms t = 0; t < 100'000; ++t) log.push_back({t, MessageSent{static_cast<MessageId>(t), env, t + 3}});
  const std::size_t bytes = log.bytes();
  log.truncate(50'000);
  EXPECT_EQ(log.size(), 50'000u);
  EXPECT_LT(log.bytes(), bytes);
  log.push_back({777, Committed{1, Zxid::make(1, 1), 1}});
  log.push_delivered(778, 49'999);
  ASSERT_EQ(log.size(), 50'002u);
  EXPECT_EQ(to_json(log[50'000], ctx()), to_json(TraceEvent{777, Committed{1, Zxid::make(1, 1), 1}}, ctx()));
  EXPECT_EQ(to_json(log[50'001], ctx()),
            to_json(TraceEvent{778, MessageDelivered{49'999, env, 49'999}}, ctx()));
  EXPECT_EQ(to_json(log[49'999], ctx()), to_json(TraceEvent{49'999, MessageSent{49'999, env, 50'002}}, ctx()));
  // A quorum packet's send is 64 bytes and 4 of index, not a 128-byte TraceEvent.
  EXPECT_LT(static_cast<double>(log.bytes()) / static_cast<double>(log.size()), 72.0);
}

}  // namespace
}  // namespace zs

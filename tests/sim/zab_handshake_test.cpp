// The leader establishes its epoch with a quorum before serving (reference §3.3-§3.6).
#include <gtest/gtest.h>

#include "sim_util.hpp"

namespace zs {
namespace {

using namespace zs::test;

std::vector<PacketType> packets_between(const Simulator& sim, Sid a, Sid b) {
  std::vector<PacketType> out;
  for (const auto& ev : sim.trace())
    if (const auto* d = std::get_if<MessageDelivered>(&ev.body))
      if (const auto* p = std::get_if<QuorumPacket>(&d->env.msg))
        if ((d->env.source == a && d->env.target == b) || (d->env.source == b && d->env.target == a))
          if (p->type != PacketType::Ping) out.push_back(p->type);
  return out;
}

TEST(ZabHandshake, FollowerGoesThroughDiscoveryAndSyncInZooKeepersOrder) {
  Simulator sim(config::default_ensemble(3), SimOptions{});
  for (Sid s = 1; s <= 3; ++s) sim.schedule(start(s, 0));
  sim.run_until(5000);
  ASSERT_EQ(sim.stable_leader(), 3);
  using P = PacketType;
  const std::vector<P> expected{P::FollowerInfo, P::LeaderInfo, P::AckEpoch, P::Diff,
                                P::NewLeader,    P::Ack,        P::UpToDate, P::Ack};
  EXPECT_EQ(packets_between(sim, 1, 3), expected);
  EXPECT_EQ(packets_between(sim, 2, 3), expected);
}

TEST(ZabHandshake, EpochFilesMoveAsInAFreshEnsemble) {
  // Reference §3.6: first start 0/0; after LEADERINFO accepted 1; after NEWLEADER current 1.
  Simulator sim(config::default_ensemble(3), SimOptions{});
  for (Sid s = 1; s <= 3; ++s) sim.schedule(start(s, 0));
  std::vector<std::tuple<Sid, EpochKind, std::int64_t>> changes;
  sim.run_until(5000);
  for (const auto& ev : sim.trace())
    if (const auto* e = std::get_if<EpochChanged>(&ev.body)) changes.emplace_back(e->sid, e->kind, e->to);
  for (Sid s = 1; s <= 3; ++s) {
    std::vector<std::pair<EpochKind, std::int64_t>> mine;
    for (auto& [sid, kind, to] : changes)
      if (sid == s) mine.emplace_back(kind, to);
    const std::vector<std::pair<EpochKind, std::int64_t>> expected{{EpochKind::Accepted, 1}, {EpochKind::Current, 1}};
    EXPECT_EQ(mine, expected) << "server " << s << ": acceptedEpoch first, then currentEpoch";
  }
  for (Sid s = 1; s <= 3; ++s) {
    EXPECT_EQ(sim.peer(s).accepted_epoch, 1);
    EXPECT_EQ(sim.peer(s).current_epoch, 1);
  }
}

TEST(ZabHandshake, LeaderServesOnlyAfterAQuorumAckedNewLeader) {
  Simulator sim(config::default_ensemble(5), SimOptions{});
  for (Sid s = 1; s <= 5; ++s) sim.schedule(start(s, 0));
  sim.run_until(5000);
  ASSERT_EQ(sim.stable_leader(), 5);
  std::size_t acks = 0;
  for (const auto& ev : sim.trace()) {
    if (const auto* d = std::get_if<MessageDelivered>(&ev.body)) {
      const auto* p = std::get_if<QuorumPacket>(&d->env.msg);
      if (p && p->type == PacketType::Ack && p->zxid == Zxid::make(1, 0) && d->env.target == 5) ++acks;
    }
    if (const auto* l = std::get_if<LogLine>(&ev.body); l && l->kind == LogKind::LeaderHaveQuorum) {
      EXPECT_GE(acks, 2u) << "the leader plus two NEWLEADER ACKs make 3 of 5";
      EXPECT_EQ(Zxid(l->a[0]), Zxid(0x100000000));
      return;
    }
  }
  ADD_FAILURE() << "the leader never logged 'Have quorum of supporters'";
}

TEST(ZabHandshake, NewEpochIsOneMoreThanTheHighestAcceptedEpochOfTheQuorum) {
  Simulator sim(config::default_ensemble(3), SimOptions{});
  sim.preset_zxid(1, Zxid(0x500000003));  // server 1 has epoch 5 on disk
  for (Sid s = 1; s <= 3; ++s) sim.schedule(start(s, 0));
  sim.run_until(5000);
  ASSERT_EQ(sim.stable_leader(), 1) << "highest peerEpoch wins the vote";
  EXPECT_EQ(sim.peer(1).current_epoch, 6);
  EXPECT_EQ(sim.peer(1).last_processed_zxid, Zxid(0x600000000));
  EXPECT_EQ(sim.peer(2).current_epoch, 6);
  EXPECT_EQ(sim.peer(2).sync, SyncMode::None);
}

TEST(ZabHandshake, ServerWithTxnsTheLeaderLacksIsTruncatedToTheLeadersCommittedLog) {
  // Server 3 logged txns of epoch 1 up to 0x100000009 that the others never saw; they
  // elect 2 (3 is down). Leader 2's committed log (replayed from its txn log at start)
  // ends at 0x100000004, so 3 is ahead of it: TRUNC to 0x100000004 (rule 2).
  Simulator sim(config::default_ensemble(3), SimOptions{});
  sim.preset_zxid(1, Zxid(0x100000004));
  sim.preset_zxid(2, Zxid(0x100000004));
  sim.preset_zxid(3, Zxid(0x100000009));
  sim.schedule(start(1, 0));
  sim.schedule(start(2, 0));
  sim.run_until(3000);
  ASSERT_EQ(sim.stable_leader(), 2);
  ASSERT_EQ(sim.peer(2).last_processed_zxid, Zxid(0x200000000));
  sim.schedule(start(3, 3000));
  sim.run_until(6000);
  EXPECT_EQ(sim.peer(3).leader, 2);
  EXPECT_EQ(sim.peer(3).last_processed_zxid, Zxid(0x100000004));
  EXPECT_EQ(sim.peer_object(3)->disk().last_logged_zxid(), Zxid(0x100000004));
  bool trunc = false;
  for (const auto& l : log_lines(sim, 3)) trunc = trunc || l == "Truncating log to get in sync with the leader 0x100000004";
  EXPECT_TRUE(trunc);
}

TEST(ZabHandshake, ServerWithAnEmptyLogJoiningLaterGetsASnapshot) {
  // The leader's committed log starts at 0x100000001; a peer at 0x0 is older than it and
  // zxid 0 is in no txn log -> SNAP of the leader's database (real example E).
  Simulator sim(config::default_ensemble(3), SimOptions{});
  sim.preset_zxid(1, Zxid(0x100000004));
  sim.preset_zxid(2, Zxid(0x100000004));
  sim.schedule(start(1, 0));
  sim.schedule(start(2, 0));
  sim.run_until(3000);
  ASSERT_EQ(sim.stable_leader(), 2);
  sim.schedule(start(3, 3000));
  sim.run_until(6000);
  EXPECT_EQ(sim.peer(3).leader, 2);
  EXPECT_EQ(sim.peer(3).last_processed_zxid, Zxid(0x200000000));
  bool snap = false;
  for (const auto& l : log_lines(sim, 3)) snap = snap || l == "Getting a snapshot from leader 0x200000000";
  EXPECT_TRUE(snap);
  EXPECT_EQ(sim.peer_object(3)->applied_history().size(), 4U);  // the leader's four txns
}

}  // namespace
}  // namespace zs

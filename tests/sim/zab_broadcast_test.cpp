// Zab broadcast and data sync with real writes (reference §3.4, §3.5): every write goes
// through the leader's PROPOSAL -> ACK -> COMMIT, and crashes never lose a committed one.
#include <gtest/gtest.h>

#include <algorithm>
#include <bit>
#include <memory>
#include <cstdio>
#include <cstdlib>

#include "sim_util.hpp"
#include "check/safety_checker.hpp"

namespace zs {
namespace {

using namespace zs::test;

// A 3- or 5-server ensemble, all started at 0 and settled (server N leads).
std::unique_ptr<Simulator> settled(int n, int observers = 0) {
  auto sim = std::make_unique<Simulator>(config::default_ensemble(n, observers), SimOptions{});
  for (Sid s = 1; s <= n + observers; ++s) sim->schedule(start(s, 0));
  sim->run_until(5000);
  return sim;
}

std::vector<std::string> packet_flow(const Simulator& sim, Zxid zxid) {
  std::vector<std::string> out;
  for (const auto& ev : sim.trace())
    if (const auto* d = std::get_if<MessageDelivered>(&ev.body))
      if (const auto* p = std::get_if<QuorumPacket>(&d->env.msg))
        if (p->zxid == zxid && p->type != PacketType::Ping)
          out.push_back(std::string(to_string(p->type)) + " " + std::to_string(d->env.source) + "->" +
                        std::to_string(d->env.target));
  return out;
}

int count_delivered(const Simulator& sim, PacketType type, Sid to, Ms since = 0) {
  int n = 0;
  for (const auto& ev : sim.trace())
    if (ev.at >= since)
    if (const auto* d = std::get_if<MessageDelivered>(&ev.body))
      if (const auto* p = std::get_if<QuorumPacket>(&d->env.msg))
        if (p->type == type && d->env.target == to) ++n;
  return n;
}

TEST(ZabBroadcast, AWriteThroughAFollowerIsForwardedProposedAckedAndCommittedEverywhere) {
  auto owned = settled(3);
  Simulator& sim = *owned;
  ASSERT_EQ(sim.stable_leader(), 3);
  sim.schedule(write(1, 6000, create("/zk_test", "my_data")));
  sim.run_until(7000);
  const auto r = replies(sim);
  ASSERT_EQ(r.size(), 1U);
  EXPECT_EQ(r[0].sid, 1);
  EXPECT_EQ(r[0].err, 0);
  // The first txn of epoch 1 (no sessions are created by this test client).
  EXPECT_EQ(r[0].zxid, Zxid(0x100000001));
  for (Sid s = 1; s <= 3; ++s) EXPECT_EQ(data_at(sim, s, "/zk_test"), "my_data") << "server " << s;
  // REQUEST to the leader; PROPOSAL to both followers; ACKs; COMMIT to both.
  const auto flow = packet_flow(sim, Zxid(0x100000001));
  const std::vector<std::string> expected_prefix{"PROPOSAL 3->1", "PROPOSAL 3->2"};
  auto pos = [&](const std::string& s) { return std::find(flow.begin(), flow.end(), s) - flow.begin(); };
  ASSERT_LT(pos("PROPOSAL 3->1"), static_cast<long>(flow.size()));
  EXPECT_LT(pos("PROPOSAL 3->1"), pos("ACK 1->3"));
  EXPECT_LT(pos("ACK 1->3"), pos("COMMIT 3->1"));
  EXPECT_LT(pos("PROPOSAL 3->2"), pos("COMMIT 3->2"));
  // The leader's commit names a voter quorum that includes itself.
  bool committed = false;
  for (const auto& ev : sim.trace())
    if (const auto* c = std::get_if<Committed>(&ev.body)) {
      committed = true;
      EXPECT_EQ(c->sid, 3);
      EXPECT_EQ(c->zxid, Zxid(0x100000001));
      EXPECT_TRUE(c->acks & (1U << 2));
      EXPECT_TRUE(sim.roster().is_quorum(sim.roster().from_sid_bits(c->acks)));  // Leader.tryToCommit
    }
  EXPECT_TRUE(committed);
}

TEST(ZabBroadcast, FailedWritesStillTakeAZxidAndReturnZooKeepersErrorCode) {
  auto owned = settled(3);
  Simulator& sim = *owned;
  sim.schedule(write(2, 6000, create("/a", "x")));
  sim.schedule(write(2, 6100, create("/a", "y")));            // NODEEXISTS (-110)
  sim.schedule(write(2, 6200, set_data("/a", "z", 5)));       // BADVERSION (-103)
  sim.schedule(write(2, 6300, create("/missing/child", "")));  // NONODE (-101)
  sim.run_until(7000);
  const auto r = replies(sim);
  ASSERT_EQ(r.size(), 4U);
  EXPECT_EQ(r[0].err, 0);
  EXPECT_EQ(r[1].err, -110);
  EXPECT_EQ(r[2].err, -103);
  EXPECT_EQ(r[3].err, -101);
  EXPECT_EQ(r[3].zxid, Zxid(0x100000004));  // error txns consume zxids too
  EXPECT_EQ(data_at(sim, 1, "/a"), "x");
}

TEST(ZabBroadcast, OneSessionsWritesAreAppliedInTheOrderItSentThem) {
  auto owned = settled(3);
  Simulator& sim = *owned;
  for (int k = 0; k < 20; ++k) sim.schedule(write(1, 6000 + k, set_data("/zookeeper", "v" + std::to_string(k))));
  sim.run_until(8000);
  const auto r = replies(sim);
  ASSERT_EQ(r.size(), 20U);
  for (std::size_t k = 1; k < r.size(); ++k) {
    EXPECT_GT(r[k].cxid, r[k - 1].cxid);
    EXPECT_GT(r[k].zxid, r[k - 1].zxid);
  }
  for (Sid s = 1; s <= 3; ++s) EXPECT_EQ(data_at(sim, s, "/zookeeper"), "v19");
}

TEST(ZabBroadcast, FiveServersKeepWritingWithTwoDownButNotWithThree) {
  auto owned = settled(5);
  Simulator& sim = *owned;
  ASSERT_EQ(sim.stable_leader(), 5);
  sim.schedule(crash(1, 6000));
  sim.schedule(crash(2, 6000));
  sim.schedule(write(3, 7000, create("/two-down", "ok")));
  sim.run_until(8000);
  auto r = replies(sim);
  ASSERT_EQ(r.size(), 1U);
  EXPECT_EQ(r[0].err, 0);
  sim.schedule(crash(3, 9000));
  sim.schedule(write(4, 9500, create("/three-down", "no")));
  sim.run_until(9600);
  // The leader proposed it, but with 2 of 5 voters up nobody can commit it.
  EXPECT_EQ(replies(sim).size(), 1U);
  const QuorumPeer* leader = sim.peer_object(5);
  ASSERT_NE(leader, nullptr);
  EXPECT_EQ(leader->outstanding().size(), 1U);
  EXPECT_EQ(data_at(sim, 4, "/three-down"), "<none>");
  EXPECT_EQ(data_at(sim, 5, "/three-down"), "<none>");
}

// The leader (3) is cut off right after a committed write; a second write reaching it is
// proposed and logged there only. 1 and 2 elect 2 in epoch 2. Returns the simulator at
// t = 30 s, still partitioned.
std::unique_ptr<Simulator> deposed_leader_with_an_uncommitted_txn() {
  auto owned = settled(3);
  Simulator& sim = *owned;
  sim.schedule(write(3, 6000, create("/before", "1")));
  sim.schedule(partition({{3}, {1, 2}}, 6500));
  sim.schedule(write(3, 6600, create("/lost", "never committed")));
  sim.run_until(30000);
  return owned;
}

TEST(ZabBroadcast, AMinorityLeaderCannotCommitAndIsTruncatedWhenItRejoins) {
  auto owned = deposed_leader_with_an_uncommitted_txn();
  Simulator& sim = *owned;
  EXPECT_EQ(sim.peer(2).status, PeerStatus::Leading);
  EXPECT_EQ(sim.peer_object(3)->disk().last_logged_zxid(), Zxid(0x100000002));
  EXPECT_EQ(data_at(sim, 2, "/lost"), "<none>");
  // Rejoining before the new leader wrote anything: 3's 0x100000002 is beyond the new
  // leader's committed log (which ends at 0x100000001) -> TRUNC (rule 2).
  sim.schedule(heal(30000));
  sim.run_until(40000);
  ASSERT_TRUE(all_running_voters_follow_one_leader(sim));
  EXPECT_TRUE(contains(log_lines(sim, 3), "Truncating log to get in sync with the leader 0x100000001"));
  EXPECT_EQ(sim.peer_object(3)->disk().last_logged_zxid(), Zxid(0x100000001));
  sim.schedule(write(1, 40000, create("/after", "2")));
  sim.run_until(41000);
  for (Sid s = 1; s <= 3; ++s) {
    EXPECT_EQ(data_at(sim, s, "/before"), "1") << s;
    EXPECT_EQ(data_at(sim, s, "/after"), "2") << s;
    EXPECT_EQ(data_at(sim, s, "/lost"), "<none>") << s;
  }
  // The old leader's client never got an answer for /lost but ConnectionLoss.
  for (const auto& c : replies(sim))
    if (c.sid == 3 && c.zxid == Zxid(0x100000002)) ADD_FAILURE() << "/lost was acknowledged";
}

TEST(ZabBroadcast, ADeposedLeaderBehindANewEpochGetsASnapshotInsteadOfACrossEpochTrunc) {
  auto owned = deposed_leader_with_an_uncommitted_txn();
  Simulator& sim = *owned;
  sim.schedule(write(1, 30000, create("/after", "2")));  // 0x200000001
  sim.run_until(31000);
  sim.schedule(heal(31000));
  sim.run_until(40000);
  ASSERT_TRUE(all_running_voters_follow_one_leader(sim));
  // Inside the committed log, but the first newer entry is of epoch 2: no TRUNC across an
  // epoch (LearnerHandler), a SNAP instead.
  EXPECT_TRUE(contains(log_lines(sim, 2), "Cannot send TRUNC to peer sid: 3 peer zxid is from different epoch"));
  EXPECT_TRUE(contains(log_lines(sim, 3), "Getting a snapshot from leader 0x200000001"));
  for (Sid s = 1; s <= 3; ++s) {
    EXPECT_EQ(data_at(sim, s, "/after"), "2") << s;
    EXPECT_EQ(data_at(sim, s, "/lost"), "<none>") << s;
  }
}

TEST(ZabBroadcast, ALaggingFollowerCatchesUpByDiffAndAFarBehindOneBySnap) {
  auto owned = settled(3);
  Simulator& sim = *owned;
  sim.schedule(write(1, 5500, create("/first", "f")));  // 1 holds 0x100000001
  sim.schedule(crash(1, 6000));
  for (int k = 0; k < 10; ++k) sim.schedule(write(2, 6100 + k, create("/n" + std::to_string(k), "d")));
  sim.schedule(restart(1, 8000));
  sim.run_until(12000);
  EXPECT_TRUE(contains(log_lines(sim, 1), "Getting a diff from the leader 0x10000000b"));
  EXPECT_EQ(count_delivered(sim, PacketType::Proposal, 1, 8000), 10);  // the ten txns it lacked
  EXPECT_EQ(data_at(sim, 1, "/n9"), "d");

  // More than the 500-txn committed log behind: SNAP.
  sim.schedule(crash(2, 13000));
  for (int k = 0; k < 600; ++k) sim.schedule(write(1, 13100 + k, set_data("/n0", std::to_string(k))));
  sim.schedule(restart(2, 20000));
  sim.run_until(25000);
  bool snap = false;
  for (const auto& l : log_lines(sim, 2)) snap = snap || l.rfind("Getting a snapshot from leader", 0) == 0;
  EXPECT_TRUE(snap);
  EXPECT_EQ(data_at(sim, 2, "/n0"), "599");
  EXPECT_EQ(sim.peer_object(2)->tree().digest(), sim.peer_object(3)->tree().digest());
}

TEST(ZabBroadcast, ObserversGetInformAndNeverAck) {
  auto owned = settled(3, 1);
  Simulator& sim = *owned;  // server 4 observes
  sim.schedule(write(4, 6000, create("/via-observer", "o")));
  sim.run_until(7000);
  const auto r = replies(sim);
  ASSERT_EQ(r.size(), 1U);
  EXPECT_EQ(r[0].err, 0);
  EXPECT_EQ(data_at(sim, 4, "/via-observer"), "o");
  EXPECT_EQ(count_delivered(sim, PacketType::Inform, 4), 1);
  EXPECT_EQ(count_delivered(sim, PacketType::Proposal, 4), 0);
  for (const auto& ev : sim.trace())
    if (const auto* s = std::get_if<MessageSent>(&ev.body))
      if (const auto* p = std::get_if<QuorumPacket>(&s->env.msg))
        if (s->env.source == 4 && p->type == PacketType::Ack) {
          EXPECT_EQ(p->zxid.counter(), 0);
        }
}

TEST(ZabBroadcast, CommittedWritesSurviveTheLeadersCrashAndAFullRestart) {
  auto owned = settled(3);
  Simulator& sim = *owned;
  check::SafetyChecker checker;
  for (int k = 0; k < 30; ++k) sim.schedule(write(1 + k % 3, 6000 + 10 * k, create("/k" + std::to_string(k), "v")));
  sim.schedule(crash(3, 6150));  // mid-workload
  for (Sid s = 1; s <= 3; ++s) sim.schedule(crash(s, 20000));
  for (Sid s = 1; s <= 3; ++s) sim.schedule(restart(s, 21000 + 100 * s));
  while (sim.step() && sim.now() < 40000) {
    checker.after_event(sim);
    ASSERT_TRUE(checker.ok()) << to_string(checker.violations().front());
  }
  ASSERT_TRUE(all_running_voters_follow_one_leader(sim));
  for (const auto& c : replies(sim)) {
    if (c.err != 0) continue;
    const std::string path = "/k" + std::to_string(c.cxid - 1);
    for (Sid s = 1; s <= 3; ++s) EXPECT_EQ(data_at(sim, s, path), "v") << path << " on " << s;
  }
  checker.check_replicas(sim);
  EXPECT_TRUE(checker.ok()) << to_string(checker.violations().front());
  EXPECT_GT(checker.acknowledged(), 10U);
}

TEST(ZabBroadcast, RewindingAcrossWritesReplaysTheSameHistory) {
  auto owned = settled(3);
  Simulator& sim = *owned;
  for (int k = 0; k < 50; ++k) sim.schedule(write(1 + k % 3, 6000 + 7 * k, create("/r" + std::to_string(k), "x")));
  sim.run_until(9000);
  const auto end = sim.events_processed();
  const auto digest = sim.peer_object(1)->tree().digest();
  const auto trace_size = sim.trace().size();
  sim.seek(end / 2);
  sim.seek(end);
  EXPECT_EQ(sim.trace().size(), trace_size);
  EXPECT_EQ(sim.peer_object(1)->tree().digest(), digest);
}

}  // namespace
}  // namespace zs

namespace zs {
namespace {

using namespace zs::test;

TEST(ZabBroadcast, TheLeaderRemovesAnEmptiedContainerOnItsMinuteSweep) {
  Simulator sim(config::default_ensemble(3), SimOptions{});
  for (Sid s = 1; s <= 3; ++s) sim.schedule(start(s, 0));
  auto container = [](std::string path) {
    return CreateRequest{std::move(path), "", open_acl_unsafe(), create_mode::kContainer, -1, 0};
  };
  sim.schedule(write(1, 6000, container("/used")));
  sim.schedule(write(1, 6100, container("/never-used")));
  sim.schedule(write(1, 6200, create("/used/child", "")));
  sim.schedule(write(1, 6300, DeleteRequest{"/used/child", -1}));
  sim.run_until(6500);
  EXPECT_EQ(data_at(sim, 2, "/used"), "");
  // The sweep runs every 60 s from the moment the leader started serving (~0.2 s).
  sim.run_until(62000);
  for (Sid s = 1; s <= 3; ++s) {
    EXPECT_EQ(data_at(sim, s, "/used"), "<none>") << s;
    EXPECT_EQ(data_at(sim, s, "/never-used"), "") << s;  // cversion 0: kept
  }
  bool delete_container = false;
  for (const auto& ev : sim.trace())
    if (const auto* c = std::get_if<ClientOp>(&ev.body))
      delete_container = delete_container || (c->stage == ClientOpStage::Submitted && c->op == opcode::kDeleteContainer);
  // deleteContainer is the leader's own request, not a client's.
  EXPECT_FALSE(delete_container);
}

}  // namespace
}  // namespace zs

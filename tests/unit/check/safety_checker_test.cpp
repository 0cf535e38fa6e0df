// The safety checker on hand-made histories (each rule must be able to fail: a checker that
// cannot fail is not a test), then on a real simulated run with a crash and a partition.
// Rules: reference §9 (Zab.tla's invariants) and safety_checker.hpp.
#include "check/safety_checker.hpp"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "../../sim/sim_util.hpp"
#include "data/txn.hpp"

namespace zs::check {
namespace {

Zxid zxid(std::int64_t epoch, std::int64_t counter) { return Zxid::make(epoch, counter); }

// A few servers whose applied histories a test writes by hand.
struct Ensemble {
  PayloadStore payloads;
  std::vector<SharedLog<LoggedTxn>> applied = std::vector<SharedLog<LoggedTxn>>(5);
  std::vector<ReplicaView> views;

  PayloadRef txn(Zxid z, const std::string& path) {
    Txn t;
    t.header.zxid = z;
    t.header.type = opcode::kCreate;
    t.body = CreateTxn{path, "v", {}, false, 0, false};
    return payloads.add(t);
  }
  void apply(Sid sid, Zxid z, PayloadRef ref) { applied[static_cast<std::size_t>(sid)].push_back(LoggedTxn{z, ref}); }
  // Server `sid` serving, as leader of `epoch` or as a learner.
  ReplicaView serving(Sid sid, bool leading, std::int64_t epoch) const {
    return ReplicaView{sid, true, leading, epoch, &applied[static_cast<std::size_t>(sid)], 0};
  }
};

Moment at(std::uint64_t event) { return Moment{event, static_cast<Ms>(event) * 10}; }

TEST(SafetyChecker, AConsistentHistoryPasses) {
  Ensemble e;
  SafetyChecker c;
  const PayloadRef a = e.txn(zxid(1, 1), "/a");
  const PayloadRef b = e.txn(zxid(1, 2), "/b");
  e.apply(1, zxid(1, 1), a);
  e.apply(1, zxid(1, 2), b);
  e.apply(2, zxid(1, 1), e.txn(zxid(1, 1), "/a"));  // the same txn stored again, as a SNAP copies it
  const std::vector<ReplicaView> now{e.serving(1, true, 1), e.serving(2, false, 1)};
  c.observe_replicas(at(1), now, &e.payloads);
  c.observe_client_op(at(2), ClientOp{1, ClientOpStage::Completed, 0x100, 1, opcode::kCreate, zxid(1, 2)});
  EXPECT_TRUE(c.ok()) << to_string(c.violations().front());
  EXPECT_EQ(c.commits(), 2U);
  EXPECT_EQ(c.leaders(), 1U);
  EXPECT_EQ(c.acknowledged(), 1U);
}

// Zab.tla Leadership (§9.1): an epoch has at most one leader, ever.
TEST(SafetyChecker, TwoLeadersOfOneEpochFail) {
  Ensemble e;
  SafetyChecker c;
  c.observe_replicas(at(1), std::vector{e.serving(1, true, 1)}, &e.payloads);
  c.observe_replicas(at(2), std::vector{e.serving(2, true, 1)}, &e.payloads);
  ASSERT_EQ(c.violations().size(), 1U);
  const Violation& v = c.violations()[0];
  EXPECT_EQ(v.rule, Rule::OneLeaderPerEpoch);
  EXPECT_EQ(v.server, 2);
  EXPECT_EQ(v.other, 1);
  EXPECT_EQ(v.when.event, 2U);
  EXPECT_EQ(to_string(v), "one_leader_per_epoch: servers 1 and 2 both led epoch 1 (t=20 ms, event 2)");
}

// A committed txn survives into every later leader's history (§9 "committed txns survive").
TEST(SafetyChecker, ALaterLeaderWithoutACommittedWriteFails) {
  Ensemble e;
  SafetyChecker c;
  e.apply(1, zxid(1, 1), e.txn(zxid(1, 1), "/a"));
  e.apply(1, zxid(1, 2), e.txn(zxid(1, 2), "/b"));
  c.observe_replicas(at(1), std::vector{e.serving(1, true, 1)}, &e.payloads);
  e.apply(2, zxid(1, 1), e.txn(zxid(1, 1), "/a"));  // server 2 never got 0x100000002
  c.observe_replicas(at(2), std::vector{e.serving(2, true, 2)}, &e.payloads);
  ASSERT_FALSE(c.ok());
  EXPECT_EQ(c.violations()[0].rule, Rule::LeaderHoldsCommitted);
  EXPECT_EQ(c.violations()[0].zxid, zxid(1, 2));
  EXPECT_EQ(c.violations()[0].server, 2);
}

// Prefix consistency (§9.2): no two different txns at one zxid.
TEST(SafetyChecker, TwoDifferentTxnsAtOneZxidFail) {
  Ensemble e;
  SafetyChecker c;
  e.apply(1, zxid(1, 1), e.txn(zxid(1, 1), "/a"));
  e.apply(3, zxid(1, 1), e.txn(zxid(1, 1), "/other"));
  c.observe_replicas(at(7), std::vector{e.serving(1, true, 1), e.serving(3, false, 1)}, &e.payloads);
  ASSERT_EQ(c.violations().size(), 1U);
  EXPECT_EQ(c.violations()[0].rule, Rule::CommittedPrefix);
  EXPECT_EQ(c.violations()[0].server, 3);
  EXPECT_EQ(to_string(c.violations()[0]),
            "committed_prefix: server 3 applied 0x100000001 at position 0 where the committed history has "
            "0x100000001 with another txn (t=70 ms, event 7)");
  // Reported once, not again at every later event.
  c.observe_replicas(at(8), std::vector{e.serving(1, true, 1), e.serving(3, false, 1)}, &e.payloads);
  EXPECT_EQ(c.violations().size(), 1U);
}

// Integrity (§9.3): a learner applies only what a leader committed.
TEST(SafetyChecker, ALearnerAheadOfEveryLeaderFails) {
  Ensemble e;
  SafetyChecker c;
  e.apply(2, zxid(1, 1), e.txn(zxid(1, 1), "/a"));
  c.observe_replicas(at(1), std::vector{e.serving(2, false, 1)}, &e.payloads);
  ASSERT_FALSE(c.ok());
  EXPECT_EQ(c.violations()[0].rule, Rule::AppliedWasCommitted);
}

// Logged zxids strictly increase (§9 "Also assert").
TEST(SafetyChecker, AHistoryOutOfZxidOrderFails) {
  Ensemble e;
  SafetyChecker c;
  e.apply(1, zxid(1, 2), e.txn(zxid(1, 2), "/b"));
  e.apply(1, zxid(1, 1), e.txn(zxid(1, 1), "/a"));
  c.observe_replicas(at(1), std::vector{e.serving(1, true, 1)}, &e.payloads);
  ASSERT_FALSE(c.ok());
  EXPECT_EQ(c.violations()[0].rule, Rule::AppliedInZxidOrder);
}

// A client hears "done" only for a committed txn, and one session's writes in order.
TEST(SafetyChecker, AReplyForAnUncommittedOrReorderedWriteFails) {
  Ensemble e;
  SafetyChecker c;
  c.observe_client_op(at(1), ClientOp{1, ClientOpStage::Completed, 0x100, 1, opcode::kSetData, zxid(1, 1)});
  ASSERT_EQ(c.violations().size(), 1U);
  EXPECT_EQ(c.violations()[0].rule, Rule::AckedWasCommitted);
  e.apply(1, zxid(1, 1), e.txn(zxid(1, 1), "/a"));
  e.apply(1, zxid(1, 2), e.txn(zxid(1, 2), "/b"));
  c.observe_replicas(at(2), std::vector{e.serving(1, true, 1)}, &e.payloads);
  c.observe_client_op(at(3), ClientOp{1, ClientOpStage::Completed, 0x200, 1, opcode::kCreate, zxid(1, 2)});
  c.observe_client_op(at(4), ClientOp{1, ClientOpStage::Completed, 0x200, 2, opcode::kCreate, zxid(1, 1)});
  ASSERT_EQ(c.violations().size(), 2U);
  EXPECT_EQ(c.violations()[1].rule, Rule::SessionWritesInOrder);
}

// The rules hold on a real run: writes, the leader crashing mid-workload, a partition that
// leaves a minority behind, then healing; and at the end equal histories hold equal trees.
TEST(SafetyChecker, ACrashAndPartitionRunPasses) {
  using namespace zs::test;
  Simulator sim(config::default_ensemble(5), SimOptions{});
  for (Sid s = 1; s <= 5; ++s) sim.schedule(start(s, 0));
  for (int k = 0; k < 20; ++k) sim.schedule(write(1 + k % 5, 5000 + 50 * k, create("/k" + std::to_string(k), "v")));
  sim.schedule(crash(5, 5400));
  sim.schedule(partition({{1, 2}, {3, 4, 5}}, 9000));
  sim.schedule(heal(13000));
  sim.schedule(restart(5, 14000));
  SafetyChecker c;
  while (sim.now() < 25000 && sim.step()) c.after_event(sim);
  c.check_replicas(sim);
  EXPECT_TRUE(c.ok()) << to_string(c.violations().front());
  EXPECT_EQ(c.events(), sim.events_processed());
  EXPECT_GE(c.commits(), 10U);
  EXPECT_GE(c.leaders(), 2U) << "the crash of leader 5 elects another";
  EXPECT_GT(c.acknowledged(), 10U);
}

}  // namespace
}  // namespace zs::check

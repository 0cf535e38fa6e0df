// The disk lines where real ZooKeeper 3.8.0 servers write them (issue 16 §1): a first start
// saves the empty tree and loads it (FileTxnSnapLog.restore, ZKDatabase.loadDataBase), a new
// leader takes a snapshot in discovery (Leader.lead -> ZooKeeperServer.loadData), a learner
// synced by SNAP takes one at NEWLEADER (Learner.syncWithLeader), a restart replays the log
// after its newest snapshot. The orders were read off real servers' logs
// (docs/reference-captures/disk-lines-3.8.0.txt).
#include <algorithm>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "sim_util.hpp"

namespace zs {
namespace {

using namespace zs::test;

// The lines of `sid` from index `from` on that start with one of `prefixes` (the prefix only).
std::vector<std::string> disk_only(const Simulator& sim, Sid sid, const std::vector<std::string>& prefixes,
                                   std::size_t from = 0) {
  std::vector<std::string> out;
  const auto all = log_lines(sim, sid);
  for (std::size_t i = from; i < all.size(); ++i)
    for (const auto& p : prefixes)
      if (all[i].rfind(p, 0) == 0) {
        out.push_back(all[i].substr(0, p.size()));
        break;
      }
  return out;
}

std::size_t count_prefix(const std::vector<std::string>& lines, const std::string& prefix) {
  return static_cast<std::size_t>(
      std::count_if(lines.begin(), lines.end(), [&](const std::string& l) { return l.rfind(prefix, 0) == 0; }));
}

// 1, then 2 a second later (they elect 2), then 3 (which joins by SNAP).
void disk_staggered_three(Simulator& sim) {
  sim.schedule(start(1, 0));
  sim.schedule(start(2, 1000));
  sim.schedule(start(3, 2000));
  sim.run_until(4000);
}

TEST(DiskLines, AFirstStartSavesTheEmptyTreeThenLoadsItBeforeTheEpochFiles) {
  Simulator sim(config::default_ensemble(3), SimOptions{});
  disk_staggered_three(sim);
  const auto lines = log_lines(sim, 1);
  ASSERT_GE(lines.size(), 4u);
  // As server.1's main thread: the digest of the empty tree is the real servers' number.
  EXPECT_EQ(lines[0], "Snapshotting: 0x0 to /tmp/zookeeper/server1/version-2/snapshot.0");
  EXPECT_EQ(lines[1], "Snapshot loaded in 0 ms, highest zxid is 0x0, digest is 1371985504");
  EXPECT_EQ(lines[2].rfind("currentEpoch not found!", 0), 0u) << lines[2];
  EXPECT_EQ(lines[3].rfind("acceptedEpoch not found!", 0), 0u) << lines[3];
  EXPECT_EQ(count_prefix(lines, "Snapshot loaded in "), 1u);
}

TEST(DiskLines, TheLeaderSnapshotsOnceInDiscovery) {
  Simulator sim(config::default_ensemble(3), SimOptions{});
  disk_staggered_three(sim);
  ASSERT_EQ(sim.stable_leader(), 2);
  EXPECT_EQ(disk_only(sim, 2, {"Snapshotting: ", "Snapshot taken in ", "Snapshot loaded in ", "LEADING",
                               "Peer state changed: leading - discovery", "Peer state changed: leading - synchronization"}),
            (std::vector<std::string>{"Snapshotting: ", "Snapshot loaded in ", "LEADING", "LEADING",
                                      "Peer state changed: leading - discovery", "Snapshotting: ",
                                      "Snapshot taken in ", "Peer state changed: leading - synchronization"}));
  const auto lines = log_lines(sim, 2);
  EXPECT_TRUE(contains(lines, "Snapshot taken in 0 ms"));
  EXPECT_EQ(count_prefix(lines, "Snapshotting: 0x0 to /tmp/zookeeper/server2/version-2/snapshot.0"), 2u);
}

TEST(DiskLines, ASnapLearnerSnapshotsAtNewLeaderADiffLearnerDoesNot) {
  Simulator sim(config::default_ensemble(3), SimOptions{});
  disk_staggered_three(sim);
  EXPECT_EQ(disk_only(sim, 3, {"Getting a snapshot from leader", "Learner received NEWLEADER message",
                               "Snapshotting: 0x100000000 to /tmp/zookeeper/server3/version-2/snapshot.100000000",
                               "Snapshot taken in 0 ms", "Peer state changed: following - synchronization",
                               "Learner received UPTODATE message"}),
            (std::vector<std::string>{
                // "- synchronization", then "- synchronization - snap"
                "Peer state changed: following - synchronization", "Peer state changed: following - synchronization",
                "Getting a snapshot from leader",
                "Learner received NEWLEADER message",
                "Snapshotting: 0x100000000 to /tmp/zookeeper/server3/version-2/snapshot.100000000",
                "Snapshot taken in 0 ms", "Peer state changed: following - synchronization",
                "Learner received UPTODATE message"}));
  // Server 1 was in sync (DIFF): its only snapshot is the first start's.
  EXPECT_EQ(count_prefix(log_lines(sim, 1), "Snapshotting: "), 1u);
  EXPECT_EQ(count_prefix(log_lines(sim, 1), "Snapshot taken in "), 0u);
}

TEST(DiskLines, ARestartReplaysTheLogAfterItsSnapshotAndPrintsTheTreesDigest) {
  Simulator sim(config::default_ensemble(3), SimOptions{});
  disk_staggered_three(sim);
  sim.schedule(write(1, 4000, create("/a", "hello")));
  sim.schedule(write(1, 4100, create("/a/b", "")));
  sim.schedule(write(1, 4200, set_data("/a", "world")));
  sim.run_until(5000);
  ASSERT_EQ(data_at(sim, 1, "/a"), "world");
  const QuorumPeer* one = sim.peer_object(1);
  ASSERT_NE(one, nullptr);
  const Zxid last = one->last_processed_zxid();
  const std::int64_t digest = one->tree().zk_digest();
  ASSERT_EQ(last, Zxid::make(1, 3));
  // Server 3's tree is the same: the digest is of the nodes, not of the server.
  EXPECT_EQ(sim.peer_object(3)->tree().zk_digest(), digest);
  const std::size_t before = log_lines(sim, 1).size();
  sim.schedule(crash(1, 5000));
  sim.schedule(restart(1, 6000));
  sim.run_until(8000);
  const auto all = log_lines(sim, 1);
  const std::vector<std::string> after(all.begin() + static_cast<std::ptrdiff_t>(before), all.end());
  ASSERT_GE(after.size(), 2u);
  // Server 1 joined by DIFF: its snapshot is still snapshot.0, so the restart replays the 3 txns.
  EXPECT_EQ(after[0], "3 txns loaded in 0 ms");
  EXPECT_EQ(after[1], "Snapshot loaded in 0 ms, highest zxid is 0x100000003, digest is " + std::to_string(digest));
  EXPECT_EQ(count_prefix(after, "Snapshotting: "), 0u);  // the dataDir has a snapshot already
  // Server 3's snapshot (at NEWLEADER, 0x100000000) leaves the same 3 txns to replay; the
  // leader's (0x0, in discovery) too.
  sim.schedule(crash(3, 8000));
  sim.schedule(restart(3, 9000));
  sim.run_until(11000);
  const auto three = log_lines(sim, 3);
  EXPECT_TRUE(contains(three, "3 txns loaded in 0 ms"));
  EXPECT_TRUE(contains(three, "Snapshot loaded in 0 ms, highest zxid is 0x100000003, digest is " + std::to_string(digest)));
}

TEST(DiskLines, ANewLeaderSnapshotsItsLastZxidAndARestartReplaysOnlyWhatCameAfter) {
  Simulator sim(config::default_ensemble(3), SimOptions{});
  disk_staggered_three(sim);
  sim.schedule(write(1, 4000, create("/a", "hello")));
  sim.run_until(4500);
  // The leader 2 goes; 1 and 3 elect 3, which snapshots what it has: 0x100000001.
  sim.schedule(crash(2, 4500));
  sim.run_until(7000);
  ASSERT_EQ(sim.stable_leader(), 3);
  EXPECT_TRUE(contains(log_lines(sim, 3),
                       "Snapshotting: 0x100000001 to /tmp/zookeeper/server3/version-2/snapshot.100000001"));
  sim.schedule(write(1, 7000, create("/b", "")));
  sim.run_until(7500);
  const std::size_t before = log_lines(sim, 3).size();
  sim.schedule(crash(3, 7500));
  sim.schedule(restart(3, 8000));
  sim.run_until(8100);
  const auto all = log_lines(sim, 3);
  const std::vector<std::string> after(all.begin() + static_cast<std::ptrdiff_t>(before), all.end());
  ASSERT_GE(after.size(), 2u);
  EXPECT_EQ(after[0], "1 txns loaded in 0 ms");
  EXPECT_EQ(after[1].rfind("Snapshot loaded in 0 ms, highest zxid is 0x200000001, digest is ", 0), 0u) << after[1];
}

// When server 1 got packet `type` from the leader 2 (the first after `from`), or kNever.
Ms delivered_to_one(const Simulator& sim, PacketType type, Ms from) {
  for (const auto& ev : sim.trace()) {
    const auto* d = std::get_if<MessageDelivered>(&ev.body);
    if (!d || ev.at < from || d->env.source != 2 || d->env.target != 1) continue;
    const auto* p = std::get_if<QuorumPacket>(&d->env.msg);
    if (p && p->type == type) return ev.at;
  }
  return kNever;
}

TEST(DiskLines, AServingFollowerLeavingAppliesTheProposalsItLoggedAndSaysSo) {
  // Server 1 logs a PROPOSAL, then the leader dies before its COMMIT reaches 1: ZooKeeper-
  // Server.shutdown fast-forwards the database to the log, "1 txns loaded in N ms".
  auto schedule = [](Simulator& sim) {
    disk_staggered_three(sim);
    sim.schedule(write(2, 4000, create("/a", "hello")));
  };
  Simulator probe(config::default_ensemble(3), SimOptions{});
  schedule(probe);
  probe.run_until(5000);
  const Ms proposal = delivered_to_one(probe, PacketType::Proposal, 4000);
  const Ms commit = delivered_to_one(probe, PacketType::Commit, 4000);
  ASSERT_NE(proposal, kNever);
  ASSERT_LT(proposal + 1, commit) << "no time between the PROPOSAL and the COMMIT to crash the leader in";

  Simulator sim(config::default_ensemble(3), SimOptions{});
  schedule(sim);
  sim.schedule(crash(2, proposal + 1));
  sim.run_until(proposal + 200);
  EXPECT_EQ(disk_only(sim, 1, {"shutdown Follower", "shutting down", "1 txns loaded in 0 ms", "Peer state changed: looking"}, 0),
            (std::vector<std::string>{"shutdown Follower", "shutting down", "1 txns loaded in 0 ms",
                                      "Peer state changed: looking"}));
}

TEST(DiskLines, ATruncReloadsTheDatabaseAndTheNewLeadersSnapshotFollows) {
  // The leader 3 is cut off after a committed write; a second write is logged there only.
  // Losing its quorum, 3 shuts its server down and applies what it logged (1 txn); 1 and 2
  // elect 2. When 3 rejoins, its 0x100000002 is beyond the new leader's committed log: TRUNC
  // to 0x100000001, and ZKDatabase.truncateLog reloads the database from disk (its snapshot
  // is the one it took leading, 0x0: one txn to replay).
  Simulator sim(config::default_ensemble(3), SimOptions{});
  for (Sid s : {1, 2, 3}) sim.schedule(start(s, 0));
  sim.schedule(write(3, 6000, create("/before", "1")));
  sim.schedule(partition({{3}, {1, 2}}, 6500));
  sim.schedule(write(3, 6600, create("/lost", "never committed")));
  sim.schedule(heal(30000));
  sim.run_until(40000);
  ASSERT_EQ(sim.stable_leader(), 2);
  ASSERT_TRUE(contains(log_lines(sim, 3), "Truncating log to get in sync with the leader 0x100000001"));
  const std::string digest = std::to_string(sim.peer_object(2)->tree().zk_digest());
  EXPECT_EQ(sim.peer_object(3)->tree().zk_digest(), sim.peer_object(2)->tree().zk_digest());
  const std::string snapshot = "Snapshotting: 0x100000001 to /tmp/zookeeper/server3/version-2/snapshot.100000001";
  EXPECT_EQ(disk_only(sim, 3,
                      {"shutting down", "1 txns loaded in 0 ms", "Peer state changed: looking",
                       "Truncating log to get in sync with the leader 0x100000001",
                       "Snapshot loaded in 0 ms, highest zxid is 0x100000001, digest is " + digest,
                       "Learner received NEWLEADER message", snapshot, "Snapshot taken in 0 ms"}),
            (std::vector<std::string>{"Snapshot taken in 0 ms",  // leading epoch 1
                                      "shutting down", "1 txns loaded in 0 ms", "Peer state changed: looking",
                                      "Truncating log to get in sync with the leader 0x100000001", "1 txns loaded in 0 ms",
                                      "Snapshot loaded in 0 ms, highest zxid is 0x100000001, digest is " + digest,
                                      "Learner received NEWLEADER message", snapshot, "Snapshot taken in 0 ms"}));
}

TEST(DiskLines, TheSnapshotPathIsTheConfiguredDataDir) {
  auto cfg = config::parse_zoo_cfg(
      "tickTime=2000\ninitLimit=10\nsyncLimit=5\ndataDir=./data//zk/\nclientPort=2181\n"
      "server.1=127.0.0.1:2888:3888\nserver.2=127.0.0.1:2889:3889\nserver.3=127.0.0.1:2890:3890\n",
      "zoo.cfg", false);
  ASSERT_TRUE(cfg.ok()) << cfg.error().to_string();
  auto ens = config::ensemble_from({cfg.value()});
  ASSERT_TRUE(ens.ok()) << ens.error().to_string();
  Simulator sim(ens.value(), SimOptions{});
  sim.schedule(start(1, 0));
  sim.run_until(100);
  // java.io.File keeps a relative dataDir relative and normalizes its separators.
  EXPECT_EQ(log_lines(sim, 1).front(), "Snapshotting: 0x0 to ./data/zk/version-2/snapshot.0");
}

TEST(DiskLines, APresetDiskReplaysItsTxnsAtStart) {
  Simulator sim(config::default_ensemble(3), SimOptions{});
  sim.preset_zxid(1, Zxid::make(2, 5));
  sim.schedule(start(1, 0));
  sim.run_until(100);
  const auto lines = log_lines(sim, 1);
  ASSERT_GE(lines.size(), 2u);
  // Failed creates (error txns): the tree is still the empty one.
  EXPECT_EQ(lines[0], "5 txns loaded in 0 ms");
  EXPECT_EQ(lines[1], "Snapshot loaded in 0 ms, highest zxid is 0x200000005, digest is 1371985504");
}

}  // namespace
}  // namespace zs

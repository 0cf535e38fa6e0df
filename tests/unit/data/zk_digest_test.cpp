// DataTree::zk_digest against the digests real ZooKeeper 3.8.0 servers printed in
// "Snapshot loaded in N ms, highest zxid is 0x…, digest is N" (ZKDatabase.loadDataBase), for
// the trees captured in docs/reference-captures/disk-lines-3.8.0.txt. DigestCalculator: a
// CRC-32 per node over path, data and StatPersisted, summed; /zookeeper/ left out.
#include <gtest/gtest.h>

#include <string>

#include "data/data_tree.hpp"

namespace zs {
namespace {

constexpr std::int64_t kCapturedSession = 0x10000067bdf0000LL;

ApplyResult apply_captured(DataTree& tree, std::int64_t counter, Ms time, std::int32_t type, TxnBody body,
                           std::int64_t session = kCapturedSession) {
  return tree.apply(TxnHeader{session, static_cast<std::int32_t>(counter), Zxid::make(1, counter), time, type},
                    std::move(body));
}

CreateTxn captured_create(std::string path, std::string data, std::int32_t parent_cversion, bool ephemeral = false) {
  CreateTxn c;
  c.path = std::move(path);
  c.data = std::move(data);
  c.acl = open_acl_unsafe();
  c.ephemeral = ephemeral;
  c.parent_cversion = parent_cversion;
  return c;
}

TEST(ZkDigest, EmptyTreeMatchesRealServers) {
  // Every real server's first start: "Snapshot loaded in 34 ms, highest zxid is 0x0, digest is
  // 1371985504" (the root as "" and /zookeeper; /zookeeper/config and /zookeeper/quota are out).
  DataTree tree;
  EXPECT_EQ(tree.zk_digest(), 1371985504);
  // Each server writes its own membership into /zookeeper/config: not in the digest.
  tree.set_config_node("server.1=127.0.0.1:35227:43571:participant\nversion=0", 1796684569519);
  EXPECT_EQ(tree.zk_digest(), 1371985504);
}

TEST(ZkDigest, CapturedTreeMatchesRealServers) {
  // Run 2 of the capture: the txns of server.1's log.100000001 (TxnLogToolkit), with the
  // times the surviving nodes' ctime/mtime show; the nodes deleted again (/a/b, /e) leave
  // only their parents' pzxid and cversion behind, so their own times do not count.
  DataTree tree;
  apply_captured(tree, 1, 1796684569830, opcode::kCreateSession, CreateSessionTxn{10000});
  apply_captured(tree, 2, 1796684569839, opcode::kCreate, captured_create("/a", "hello", 1));
  apply_captured(tree, 3, 1796684569850, opcode::kCreate, captured_create("/a/b", "", 1));
  apply_captured(tree, 4, 1796684569865, opcode::kCreate, captured_create("/c", "xxxxx", 2));
  apply_captured(tree, 5, 1796684569872, opcode::kSetData, SetDataTxn{"/a", "world", 1});
  apply_captured(tree, 6, 1796684569880, opcode::kCreate, captured_create("/e", "eph", 3, true));
  apply_captured(tree, 7, 1796684569894, opcode::kCreate, captured_create("/s", "", 4));
  apply_captured(tree, 8, 1796684569901, opcode::kCreate, captured_create("/s/seq-0000000000", "q", 1));
  apply_captured(tree, 9, 1796684569905, opcode::kSetAcl, SetAclTxn{"/c", read_acl_unsafe(), 1});
  apply_captured(tree, 10, 1796684569910, opcode::kDelete, DeleteTxn{"/a/b"});
  CreateTxn d = captured_create("/d", "", 5);
  d.null_data = true;
  apply_captured(tree, 11, 1796684569919, opcode::kCreate, d);
  apply_captured(tree, 12, 1796684569925, opcode::kCloseSession, CloseSessionTxn{{"/e"}});
  apply_captured(tree, 13, 1796684570100, opcode::kCreateSession, CreateSessionTxn{10000}, kCapturedSession + 1);
  apply_captured(tree, 14, 1796684570200, opcode::kCloseSession, CloseSessionTxn{}, kCapturedSession + 1);
  // The stats the second session read, as a check that the replay is the captured tree.
  const auto root = tree.exists("/");
  ASSERT_TRUE(root);
  EXPECT_EQ(root->pzxid, Zxid(4294967308));
  EXPECT_EQ(root->cversion, 5);
  const auto a = tree.exists("/a");
  ASSERT_TRUE(a);
  EXPECT_EQ(a->pzxid, Zxid(4294967306));
  EXPECT_EQ(a->cversion, 2);
  EXPECT_EQ(tree.exists("/c")->aversion, 1);
  // server.1 and server.3 restarted: "14 txns loaded in 33 ms", then "Snapshot loaded in 67
  // ms, highest zxid is 0x10000000e, digest is 12301894223".
  EXPECT_EQ(tree.last_processed_zxid(), Zxid::make(1, 14));
  EXPECT_EQ(tree.zk_digest(), 12301894223);
}

TEST(ZkDigest, EveryStatFieldAndTheDataCount) {
  DataTree tree;
  apply_captured(tree, 1, 1000, opcode::kCreate, captured_create("/x", "v", 1));
  const std::int64_t one = tree.zk_digest();
  DataTree other;
  apply_captured(other, 1, 1001, opcode::kCreate, captured_create("/x", "v", 1));  // ctime/mtime differ
  EXPECT_NE(other.zk_digest(), one);
  apply_captured(tree, 2, 1000, opcode::kSetData, SetDataTxn{"/x", "v", 1});  // same data, new version
  EXPECT_NE(tree.zk_digest(), one);
}

}  // namespace
}  // namespace zs

// DataTree.processTxn as a user sees it (reference §4.1-§4.5): stats, node count, multi,
// sessions, digest. Writes go through PrepRequestProcessor as on a real leader.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "data/data_tree.hpp"
#include "data/prep.hpp"

namespace zs {
namespace {

constexpr std::int64_t kSession = 0x100009f0e7f000fLL;
constexpr std::int64_t kOtherSession = 0x300009f106c0003LL;

// A leader in epoch 1: every write takes the next zxid, is applied, then acknowledged to prep.
struct Leader {
  DataTree tree;
  PrepRequestProcessor prep;
  std::int64_t counter = 0;
  Ms now = 1'700'000'000'000;
  AuthInfo auth{{Id{"ip", "127.0.0.1"}}};

  Txn propose(const WriteRequest& r, std::int64_t session = kSession) {
    ++counter;
    now += 10;
    return prep.prepare(tree, r, PrepContext{session, static_cast<std::int32_t>(counter), &auth,
                                             Zxid::make(1, counter), now});
  }
  ApplyResult commit(const Txn& t) {
    ApplyResult rc = tree.apply(t.header, t.body);
    prep.on_applied(t.header.zxid);
    return rc;
  }
  ApplyResult write(const WriteRequest& r, std::int64_t session = kSession) {
    return commit(propose(r, session));
  }
  ApplyResult create(const std::string& path, const std::string& data = "",
                     std::int32_t flags = create_mode::kPersistent,
                     std::int64_t session = kSession) {
    return write(CreateRequest{path, data, open_acl_unsafe(), flags, -1, 0}, session);
  }
};

TEST(DataTree, FreshTreeHasTheZookeeperNodes) {
  DataTree tree;
  EXPECT_EQ(tree.node_count(), 5u);  // root counted twice (srvr "Node count: 5")
  auto root = tree.get_children("/");
  ASSERT_TRUE(root);
  EXPECT_EQ(root->children, std::vector<std::string>{"zookeeper"});
  EXPECT_EQ(root->stat.num_children, 1);
  EXPECT_EQ(root->stat.cversion, -1);  // 2*0 - 1: addChild never counted a create
  auto zk = tree.get_children("/zookeeper");
  ASSERT_TRUE(zk);
  EXPECT_EQ(zk->children, (std::vector<std::string>{"config", "quota"}));
  EXPECT_EQ(tree.get_acl("/zookeeper/config"), read_acl_unsafe());
  EXPECT_EQ(tree.get_acl("/zookeeper"), open_acl_unsafe());
  EXPECT_EQ(tree.last_processed_zxid(), Zxid(0));
}

// §4.1: 8 after /app, /app/config, /app/lock-0000000001.
TEST(DataTree, NodeCountFiveToEight) {
  Leader l;
  EXPECT_EQ(l.create("/app").err, Code::Ok);
  EXPECT_EQ(l.create("/app/config").err, Code::Ok);
  auto rc = l.create("/app/lock-", "", create_mode::kEphemeralSequential);
  EXPECT_EQ(rc.path, "/app/lock-0000000001");
  EXPECT_EQ(l.tree.node_count(), 8u);
}

// §4.3: new node czxid = mzxid = pzxid, versions 0, times = txn time.
TEST(DataTree, NewNodeStat) {
  Leader l;
  l.write(CreateSessionRequest{30000});
  l.create("/zk_test_parent");
  auto rc = l.create("/zk_test_parent/smoke", "root");
  ASSERT_EQ(rc.err, Code::Ok);
  auto got = l.tree.get_data("/zk_test_parent/smoke");
  ASSERT_TRUE(got);
  EXPECT_EQ(got->data, "root");
  const Stat& s = got->stat;
  EXPECT_EQ(s.czxid, Zxid::make(1, 3));
  EXPECT_EQ(s.mzxid, s.czxid);
  EXPECT_EQ(s.pzxid, s.czxid);
  EXPECT_EQ(s.ctime, l.now);
  EXPECT_EQ(s.mtime, l.now);
  EXPECT_EQ(s.version, 0);
  EXPECT_EQ(s.cversion, 0);
  EXPECT_EQ(s.aversion, 0);
  EXPECT_EQ(s.ephemeral_owner, 0);
  EXPECT_EQ(s.data_length, 4);
  EXPECT_EQ(s.num_children, 0);
  EXPECT_EQ(rc.stat, s);  // create2 result
  auto parent = l.tree.exists("/zk_test_parent");
  EXPECT_EQ(parent->cversion, 1);
  EXPECT_EQ(parent->pzxid, Zxid::make(1, 3));
  EXPECT_EQ(parent->mzxid, Zxid::make(1, 2));  // children do not touch mzxid
}

// samples/runs/kazoo_smoke.txt: create+delete child gives cversion 2; sequence suffix counts
// creates only: seq-0000000001, 2, delete, 3; visible cversion 6 with 2 children.
TEST(DataTree, CversionAndSequenceFollowKazooSmoke) {
  Leader l;
  l.create("/smoke", "root");
  l.create("/smoke/child");
  EXPECT_EQ(l.tree.exists("/smoke")->cversion, 1);
  auto del = l.write(DeleteRequest{"/smoke/child", -1});
  ASSERT_EQ(del.err, Code::Ok);
  auto s = *l.tree.exists("/smoke");
  EXPECT_EQ(s.cversion, 2);
  EXPECT_EQ(s.pzxid, del.zxid);
  EXPECT_EQ(l.create("/smoke/seq-", "", create_mode::kPersistentSequential).path,
            "/smoke/seq-0000000001");
  EXPECT_EQ(l.create("/smoke/seq-", "", create_mode::kPersistentSequential).path,
            "/smoke/seq-0000000002");
  EXPECT_EQ(l.write(DeleteRequest{"/smoke/seq-0000000002", -1}).err, Code::Ok);
  EXPECT_EQ(l.create("/smoke/seq-", "", create_mode::kPersistentSequential).path,
            "/smoke/seq-0000000003");
  s = *l.tree.exists("/smoke");
  EXPECT_EQ(s.num_children, 2);
  EXPECT_EQ(s.cversion, 6);
}

TEST(DataTree, SetDataBumpsVersionMzxidMtimeOnly) {
  Leader l;
  l.create("/n", "a");
  const Stat before = *l.tree.exists("/n");
  auto rc = l.write(SetDataRequest{"/n", "hello", 0});
  ASSERT_EQ(rc.err, Code::Ok);
  const Stat after = *l.tree.exists("/n");
  EXPECT_EQ(after.version, 1);
  EXPECT_EQ(after.mzxid, rc.zxid);
  EXPECT_EQ(after.mtime, l.now);
  EXPECT_EQ(after.czxid, before.czxid);
  EXPECT_EQ(after.ctime, before.ctime);
  EXPECT_EQ(after.pzxid, before.pzxid);
  EXPECT_EQ(after.data_length, 5);
  EXPECT_EQ(rc.stat, after);
}

TEST(DataTree, SetAclBumpsAversionButNotMzxid) {
  Leader l;
  l.create("/n", "a");
  const Stat before = *l.tree.exists("/n");
  auto rc = l.write(SetAclRequest{"/n", read_acl_unsafe(), -1});
  ASSERT_EQ(rc.err, Code::Ok);
  const Stat after = *l.tree.exists("/n");
  EXPECT_EQ(after.aversion, 1);
  EXPECT_EQ(after.version, 0);
  EXPECT_EQ(after.mzxid, before.mzxid);
  EXPECT_EQ(after.mtime, before.mtime);
  EXPECT_EQ(l.tree.get_acl("/n"), read_acl_unsafe());
}

// §1: a failed write still consumes its zxid.
TEST(DataTree, FailedWriteAdvancesLastProcessedZxid) {
  Leader l;
  l.create("/n");
  const auto digest = l.tree.digest();
  auto rc = l.create("/n");
  EXPECT_EQ(rc.err, Code::NodeExists);
  EXPECT_EQ(rc.type, opcode::kError);
  EXPECT_EQ(l.tree.last_processed_zxid(), Zxid::make(1, 2));
  EXPECT_EQ(l.tree.digest(), digest);
  // 1 session + 5 creates + close = counter 7 (§1).
  Leader m;
  m.write(CreateSessionRequest{30000});
  for (int i = 0; i < 5; ++i) m.create("/c" + std::to_string(i));
  m.write(CloseSessionRequest{});
  EXPECT_EQ(m.tree.last_processed_zxid().counter(), 7);
}

TEST(DataTree, CloseSessionDeletesItsEphemerals) {
  Leader l;
  l.create("/locks");
  l.create("/locks/lock-", "", create_mode::kEphemeralSequential, kSession);
  l.create("/locks/lock-", "", create_mode::kEphemeralSequential, kOtherSession);
  l.create("/eph", "", create_mode::kEphemeral, kSession);
  EXPECT_EQ(l.tree.exists("/eph")->ephemeral_owner, kSession);
  EXPECT_EQ(l.tree.ephemerals(kSession),
            (std::vector<std::string>{"/eph", "/locks/lock-0000000000"}));
  auto rc = l.write(CloseSessionRequest{}, kSession);
  ASSERT_EQ(rc.err, Code::Ok);
  EXPECT_EQ(rc.deleted_paths, (std::vector<std::string>{"/eph", "/locks/lock-0000000000"}));
  EXPECT_FALSE(l.tree.exists("/eph"));
  EXPECT_TRUE(l.tree.exists("/locks/lock-0000000001"));
  EXPECT_TRUE(l.tree.ephemerals(kSession).empty());
  EXPECT_EQ(l.tree.exists("/locks")->pzxid, rc.zxid);
  EXPECT_EQ(l.tree.exists("/locks")->cversion, 3);  // 2 creates + 1 delete
}

TEST(DataTree, ContainersAndTtlNodesAreRecordedAndShowOwnerZero) {
  Leader l;
  l.prep = PrepRequestProcessor(PrepRequestProcessor::Options{true});
  auto c = l.write(CreateRequest{"/c", "", open_acl_unsafe(), create_mode::kContainer, -1, 0});
  ASSERT_EQ(c.err, Code::Ok);
  EXPECT_EQ(c.type, opcode::kCreateContainer);
  auto t = l.write(CreateRequest{"/t", "", open_acl_unsafe(), create_mode::kPersistentWithTtl, 5000, 0});
  ASSERT_EQ(t.err, Code::Ok);
  EXPECT_EQ(t.type, opcode::kCreateTtl);
  EXPECT_EQ(l.tree.containers(), std::set<std::string>{"/c"});
  EXPECT_EQ(l.tree.ttl_nodes(), std::set<std::string>{"/t"});
  EXPECT_EQ(l.tree.exists("/c")->ephemeral_owner, 0);
  EXPECT_EQ(l.tree.exists("/t")->ephemeral_owner, 0);
  EXPECT_EQ(l.tree.node("/c")->stat->ephemeral_owner, kContainerEphemeralOwner);
  EXPECT_EQ(static_cast<std::uint64_t>(l.tree.node("/t")->stat->ephemeral_owner),
            0xff00000000000000ULL | 5000ULL);
  EXPECT_EQ(l.write(DeleteContainerRequest{"/c"}).err, Code::Ok);
  EXPECT_TRUE(l.tree.containers().empty());
}

// §4.5: a failing op leaves the tree unchanged; earlier ops 0, failing op its code, later -2.
TEST(DataTree, MultiIsAllOrNothing) {
  Leader l;
  l.create("/x");
  const auto digest = l.tree.digest();
  const auto count = l.tree.node_count();
  MultiRequest m{{CreateRequest{"/a", "", open_acl_unsafe(), 0, -1, 0},
                  CreateRequest{"/x", "", open_acl_unsafe(), 0, -1, 0},
                  SetDataRequest{"/x", "d", -1}}};
  auto rc = l.write(m);
  EXPECT_EQ(rc.type, opcode::kMulti);
  EXPECT_EQ(rc.err, Code::NodeExists);
  ASSERT_EQ(rc.multi.size(), 3u);
  EXPECT_EQ(rc.multi[0].err, Code::Ok);
  EXPECT_EQ(rc.multi[0].type, opcode::kError);
  EXPECT_EQ(rc.multi[1].err, Code::NodeExists);
  EXPECT_EQ(rc.multi[2].err, Code::RuntimeInconsistency);
  EXPECT_EQ(l.tree.digest(), digest);
  EXPECT_EQ(l.tree.node_count(), count);
  EXPECT_FALSE(l.tree.exists("/a"));
  EXPECT_EQ(l.tree.last_processed_zxid(), rc.zxid);
}

TEST(DataTree, MultiSuccessAppliesEveryOpWithOneZxid) {
  Leader l;
  MultiRequest m{{CreateRequest{"/a", "1", open_acl_unsafe(), 0, -1, 0},
                  CreateRequest{"/a/b", "", open_acl_unsafe(), 0, -1, 0},
                  SetDataRequest{"/a", "2", 0}, CheckVersionRequest{"/a", 1},
                  DeleteRequest{"/a/b", 0}}};
  auto rc = l.write(m);
  ASSERT_EQ(rc.err, Code::Ok);
  ASSERT_EQ(rc.multi.size(), 5u);
  EXPECT_EQ(rc.multi[0].type, opcode::kCreate);
  EXPECT_EQ(rc.multi[2].type, opcode::kSetData);
  EXPECT_EQ(rc.multi[3].type, opcode::kCheck);
  for (const auto& r : rc.multi) EXPECT_EQ(r.err, Code::Ok);
  auto a = l.tree.get_data("/a");
  EXPECT_EQ(a->data, "2");
  EXPECT_EQ(a->stat.czxid, rc.zxid);
  EXPECT_EQ(a->stat.mzxid, rc.zxid);
  EXPECT_EQ(a->stat.version, 1);
  EXPECT_EQ(a->stat.cversion, 2);
  EXPECT_EQ(a->stat.num_children, 0);
}

TEST(DataTree, DigestEqualForEqualHistoriesOnly) {
  Leader a;
  Leader b;
  for (Leader* l : {&a, &b}) {
    l->create("/x", "1");
    l->create("/x/y", "2", create_mode::kEphemeral);
    l->write(SetDataRequest{"/x", "3", -1});
  }
  EXPECT_EQ(a.tree.digest(), b.tree.digest());
  EXPECT_NE(a.tree.digest(), DataTree().digest());
  b.write(SetDataRequest{"/x", "3", -1});  // same data, new version and mzxid
  EXPECT_NE(a.tree.digest(), b.tree.digest());
}

TEST(DataTree, ChildrenAreSortedAndSkipGrandchildren) {
  Leader l;
  for (const char* p : {"/a", "/a/c", "/a/c/d", "/a/c/d/e", "/a/c!", "/a/c.x", "/a/c0", "/a/b",
                        "/a/b/z", "/ab"}) {
    ASSERT_EQ(l.create(p).err, Code::Ok) << p;
  }
  auto ch = l.tree.get_children("/a");
  ASSERT_TRUE(ch);
  EXPECT_EQ(ch->children, (std::vector<std::string>{"b", "c", "c!", "c.x", "c0"}));
  EXPECT_EQ(l.tree.get_children("/")->children, (std::vector<std::string>{"a", "ab", "zookeeper"}));
  EXPECT_FALSE(l.tree.get_children("/missing"));
}

TEST(DataTree, ApplyingRawTxnsReplaysLikeAFollower) {
  // A follower applies the leader's txns without prep.
  DataTree t;
  TxnHeader h{kSession, 1, Zxid::make(1, 1), 100, opcode::kCreate};
  auto rc = t.apply(h, CreateTxn{"/f", "x", open_acl_unsafe(), false, 1});
  EXPECT_EQ(rc.err, Code::Ok);
  EXPECT_EQ(rc.path, "/f");
  h = {kSession, 2, Zxid::make(1, 2), 200, opcode::kError};
  rc = t.apply(h, ErrorTxn{Code::BadVersion});
  EXPECT_EQ(rc.err, Code::BadVersion);
  EXPECT_EQ(t.last_processed_zxid(), Zxid::make(1, 2));
  h = {kSession, 3, Zxid::make(1, 3), 300, opcode::kDelete};
  EXPECT_EQ(t.apply(h, DeleteTxn{"/nope"}).err, Code::NoNode);
}

}  // namespace
}  // namespace zs

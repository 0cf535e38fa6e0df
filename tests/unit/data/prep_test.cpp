// PrepRequestProcessor: check order per op (reference §4.4), ACL fix-up (§4.6), create modes
// (§4.2), multi (§4.5) and the outstanding-changes overlay.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "data/data_tree.hpp"
#include "data/prep.hpp"

namespace zs {
namespace {

constexpr std::int64_t kSession = 0x100009f0e7f000fLL;
const Id kAlice{"digest", "alice:UaXrdUfIaUCWqRSQdaWkJoMNJJg="};
const Id kBob{"digest", "bob:AAAAAAAAAAAAAAAAAAAAAAAAAAA="};

struct Leader {
  DataTree tree;
  PrepRequestProcessor prep;
  std::int64_t counter = 0;
  Ms now = 1000;
  AuthInfo auth{{Id{"ip", "127.0.0.1"}}};

  Txn propose(const WriteRequest& r, std::int64_t session = kSession) {
    ++counter;
    return prep.prepare(tree, r, PrepContext{session, 1, &auth, Zxid::make(1, counter), now});
  }
  ApplyResult commit(const Txn& t) {
    ApplyResult rc = tree.apply(t.header, t.body);
    prep.on_applied(t.header.zxid);
    return rc;
  }
  ApplyResult write(const WriteRequest& r, std::int64_t session = kSession) {
    return commit(propose(r, session));
  }
  // The error a proposal carries, Ok if it is a real txn.
  Code error_of(const WriteRequest& r) {
    Txn t = propose(r);
    commit(t);
    if (t.header.type != opcode::kError) return Code::Ok;
    return std::get<ErrorTxn>(t.body).err;
  }
};

CreateRequest create(std::string path, AclList acl = open_acl_unsafe(),
                     std::int32_t flags = create_mode::kPersistent) {
  return CreateRequest{std::move(path), "", std::move(acl), flags, -1, 0};
}

AclList only(std::int32_t p, Id id) { return {Acl{p, std::move(id)}}; }

TEST(PrepCreate, FailedCheckBecomesErrorTxnWithItsZxid) {
  Leader l;
  Txn t = l.propose(create("/missing/x"));
  EXPECT_EQ(t.header.type, opcode::kError);
  EXPECT_EQ(t.header.zxid, Zxid::make(1, 1));
  EXPECT_EQ(t.header.client_id, kSession);
  EXPECT_EQ(std::get<ErrorTxn>(t.body).err, Code::NoNode);
}

// create: path -> ACL list -> parent exists -> CREATE on parent -> suffix -> exists ->
// ephemeral parent (PrepRequestProcessor.pRequest2TxnCreate).
TEST(PrepCreate, CheckOrder) {
  Leader l;
  ASSERT_EQ(l.write(create("/locked", only(perms::kAll & ~perms::kCreate, Id{"world", "anyone"}))).err,
            Code::Ok);
  ASSERT_EQ(l.write(create("/eph", open_acl_unsafe(), create_mode::kEphemeral)).err, Code::Ok);
  ASSERT_EQ(l.write(create("/n")).err, Code::Ok);
  // Bad path wins over a bad ACL.
  EXPECT_EQ(l.error_of(create("no-slash", {})), Code::BadArguments);
  EXPECT_EQ(l.error_of(create(std::string("/a\0b", 4), {})), Code::BadArguments);
  // Bad ACL wins over a missing parent.
  EXPECT_EQ(l.error_of(create("/missing/x", {})), Code::InvalidAcl);
  // Missing parent wins over the full path check (only slash and NUL come first).
  EXPECT_EQ(l.error_of(create("/missing//x")), Code::NoNode);
  EXPECT_EQ(l.error_of(create("/missing/x")), Code::NoNode);
  // No CREATE on the parent wins over NodeExists and over the full path check.
  ASSERT_EQ(l.commit(l.propose(create("/n/x"))).err, Code::Ok);
  EXPECT_EQ(l.error_of(create("/locked/x")), Code::NoAuth);
  EXPECT_EQ(l.error_of(create("/n/")), Code::BadArguments);
  EXPECT_EQ(l.error_of(create("/n/x")), Code::NodeExists);
  EXPECT_EQ(l.error_of(create("/eph")), Code::NodeExists);
  EXPECT_EQ(l.error_of(create("/eph/child")), Code::NoChildrenForEphemerals);
  EXPECT_EQ(l.error_of(CreateRequest{"/f", "", open_acl_unsafe(), 7, -1, 0}), Code::BadArguments);
}

TEST(PrepCreate, SequentialSuffixIsCheckedAfterItIsAdded) {
  Leader l;
  l.write(create("/q"));
  auto rc = l.write(create("/q/", open_acl_unsafe(), create_mode::kPersistentSequential));
  EXPECT_EQ(rc.err, Code::Ok);
  EXPECT_EQ(rc.path, "/q/0000000000");
}

TEST(PrepCreate, TtlNeedsExtendedTypesAndARange) {
  Leader off;
  EXPECT_EQ(off.error_of(CreateRequest{"/t", "", open_acl_unsafe(), create_mode::kPersistentWithTtl, 100, 0}),
            Code::Unimplemented);
  Leader on;
  on.prep = PrepRequestProcessor(PrepRequestProcessor::Options{true});
  EXPECT_EQ(on.error_of(CreateRequest{"/t", "", open_acl_unsafe(), create_mode::kPersistentWithTtl, 0, 0}),
            Code::BadArguments);
  EXPECT_EQ(on.error_of(CreateRequest{"/t", "", open_acl_unsafe(), create_mode::kPersistentWithTtl,
                                      kMaxTtlMs + 1, 0}),
            Code::BadArguments);
  // A ttl on a non-TTL mode sent as createTTL.
  EXPECT_EQ(on.error_of(CreateRequest{"/t", "", open_acl_unsafe(), create_mode::kPersistent, 10,
                                      opcode::kCreateTtl}),
            Code::BadArguments);
  Txn t = on.propose(CreateRequest{"/t", "", open_acl_unsafe(), create_mode::kPersistentSequentialWithTtl,
                                   kMaxTtlMs, 0});
  EXPECT_EQ(t.header.type, opcode::kCreateTtl);
  EXPECT_EQ(std::get<CreateTtlTxn>(t.body).path, "/t0000000000");
  EXPECT_EQ(std::get<CreateTtlTxn>(t.body).ttl_ms, kMaxTtlMs);
}

TEST(PrepCreate, AuthSchemeBecomesCallerDigestIds) {
  Leader l;
  // Only an ip id: `auth` has nothing to expand to.
  EXPECT_EQ(l.error_of(create("/a", creator_all_acl())), Code::InvalidAcl);
  l.auth.ids.push_back(kAlice);
  ASSERT_EQ(l.write(create("/a", creator_all_acl())).err, Code::Ok);
  EXPECT_EQ(l.tree.get_acl("/a"), only(perms::kAll, kAlice));
  // Duplicates are dropped.
  AclList dup = {Acl{perms::kRead, Id{"world", "anyone"}}, Acl{perms::kRead, Id{"world", "anyone"}}};
  ASSERT_EQ(l.write(create("/d", dup)).err, Code::Ok);
  EXPECT_EQ(l.tree.get_acl("/d"), read_acl_unsafe());
  EXPECT_EQ(l.error_of(create("/w", only(perms::kAll, Id{"world", "someone"}))), Code::InvalidAcl);
  EXPECT_EQ(l.error_of(create("/u", only(perms::kAll, Id{"nosuch", "x"}))), Code::InvalidAcl);
}

TEST(PrepCreate, AclOfParentDecides) {
  Leader l;
  l.auth.ids.push_back(kAlice);
  ASSERT_EQ(l.write(create("/alice", only(perms::kAll, kAlice))).err, Code::Ok);
  EXPECT_EQ(l.error_of(create("/alice/x")), Code::Ok);
  l.auth.ids = {Id{"ip", "127.0.0.1"}, kBob};
  EXPECT_EQ(l.error_of(create("/alice/y")), Code::NoAuth);
  l.auth.ids = {Id{"super", ""}};
  EXPECT_EQ(l.error_of(create("/alice/z")), Code::Ok);
}

// delete: parent exists -> DELETE on parent -> node exists -> version -> children.
TEST(PrepDelete, CheckOrder) {
  Leader l;
  l.write(create("/p", only(perms::kAll & ~perms::kDelete, Id{"world", "anyone"})));
  l.write(create("/p/c"));
  l.write(create("/p/c/g"));
  l.write(create("/o"));
  l.write(create("/o/c"));
  l.write(create("/o/c/g"));
  EXPECT_EQ(l.error_of(DeleteRequest{"nope", -1}), Code::BadArguments);
  EXPECT_EQ(l.error_of(DeleteRequest{"/zookeeper", -1}), Code::BadArguments);
  EXPECT_EQ(l.error_of(DeleteRequest{"/zookeeper/config", -1}), Code::BadArguments);
  EXPECT_EQ(l.error_of(DeleteRequest{"/missing/x", -1}), Code::NoNode);
  EXPECT_EQ(l.error_of(DeleteRequest{"/p/nope", 5}), Code::NoAuth);  // before NoNode
  EXPECT_EQ(l.error_of(DeleteRequest{"/o/nope", 5}), Code::NoNode);
  EXPECT_EQ(l.error_of(DeleteRequest{"/o/c", 5}), Code::BadVersion);  // before NotEmpty
  EXPECT_EQ(l.error_of(DeleteRequest{"/o/c", 0}), Code::NotEmpty);
  EXPECT_EQ(l.error_of(DeleteRequest{"/o/c/g", 0}), Code::Ok);
}

// setData: exists -> WRITE -> version.
TEST(PrepSetData, CheckOrder) {
  Leader l;
  l.write(create("/ro", read_acl_unsafe()));
  l.write(create("/n"));
  EXPECT_EQ(l.error_of(SetDataRequest{"/n/", "x", -1}), Code::BadArguments);
  EXPECT_EQ(l.error_of(SetDataRequest{"/missing", "x", 3}), Code::NoNode);
  EXPECT_EQ(l.error_of(SetDataRequest{"/ro", "x", 3}), Code::NoAuth);
  EXPECT_EQ(l.error_of(SetDataRequest{"/n", "x", 3}), Code::BadVersion);
  Txn t = l.propose(SetDataRequest{"/n", "x", 0});
  EXPECT_EQ(std::get<SetDataTxn>(t.body).version, 1);
}

// setACL: path -> new ACL list -> exists -> ADMIN -> aversion.
TEST(PrepSetAcl, CheckOrder) {
  Leader l;
  l.write(create("/noadmin", only(perms::kAll & ~perms::kAdmin, Id{"world", "anyone"})));
  l.write(create("/n"));
  EXPECT_EQ(l.error_of(SetAclRequest{"/missing", {}, -1}), Code::InvalidAcl);
  EXPECT_EQ(l.error_of(SetAclRequest{"/missing", open_acl_unsafe(), -1}), Code::NoNode);
  EXPECT_EQ(l.error_of(SetAclRequest{"/noadmin", open_acl_unsafe(), 7}), Code::NoAuth);
  EXPECT_EQ(l.error_of(SetAclRequest{"/n", open_acl_unsafe(), 7}), Code::BadVersion);
  EXPECT_EQ(l.error_of(SetAclRequest{"/n", open_acl_unsafe(), 0}), Code::Ok);
  EXPECT_EQ(l.error_of(SetAclRequest{"/n", open_acl_unsafe(), 0}), Code::BadVersion);
  EXPECT_EQ(l.tree.exists("/n")->aversion, 1);
}

TEST(PrepOutstanding, SecondCreateOfSamePathSeesTheFirstBeforeItIsApplied) {
  Leader l;
  Txn first = l.propose(create("/dup"));
  Txn second = l.propose(create("/dup"));
  EXPECT_EQ(first.header.type, opcode::kCreate);
  EXPECT_EQ(second.header.type, opcode::kError);
  EXPECT_EQ(std::get<ErrorTxn>(second.body).err, Code::NodeExists);
  EXPECT_EQ(l.commit(first).err, Code::Ok);
  EXPECT_EQ(l.commit(second).err, Code::NodeExists);
  EXPECT_EQ(l.prep.outstanding_changes(), 0u);
}

TEST(PrepOutstanding, PendingChangesFeedLaterChecks) {
  Leader l;
  l.write(create("/q"));
  Txn a = l.propose(create("/q/s-", open_acl_unsafe(), create_mode::kPersistentSequential));
  Txn b = l.propose(create("/q/s-", open_acl_unsafe(), create_mode::kPersistentSequential));
  EXPECT_EQ(std::get<CreateTxn>(a.body).path, "/q/s-0000000000");
  EXPECT_EQ(std::get<CreateTxn>(b.body).path, "/q/s-0000000001");
  EXPECT_EQ(std::get<CreateTxn>(b.body).parent_cversion, 2);
  // The parent now has pending children; a pending setData bumps the expected version.
  EXPECT_EQ(std::get<ErrorTxn>(l.propose(DeleteRequest{"/q", -1}).body).err, Code::NotEmpty);
  EXPECT_EQ(l.propose(SetDataRequest{"/q/s-0000000000", "x", 0}).header.type, opcode::kSetData);
  EXPECT_EQ(std::get<ErrorTxn>(l.propose(SetDataRequest{"/q/s-0000000000", "y", 0}).body).err,
            Code::BadVersion);
  EXPECT_EQ(l.propose(DeleteRequest{"/q/s-0000000001", -1}).header.type, opcode::kDelete);
  EXPECT_EQ(std::get<ErrorTxn>(l.propose(DeleteRequest{"/q/s-0000000001", -1}).body).err,
            Code::NoNode);
  l.prep.clear();
  EXPECT_EQ(l.prep.outstanding_changes(), 0u);
}

TEST(PrepMulti, FailureRollsBackPendingChangesAndMarksOps) {
  Leader l;
  l.write(create("/x"));
  Txn t = l.propose(MultiRequest{{create("/a"), create("/x"), DeleteRequest{"/x", -1}}});
  EXPECT_EQ(t.header.type, opcode::kMulti);
  const auto& m = std::get<MultiTxn>(t.body);
  ASSERT_EQ(m.txns.size(), 3u);
  EXPECT_EQ(m.txns[0].type, opcode::kCreate);
  EXPECT_EQ(m.txns[1].type, opcode::kError);
  EXPECT_EQ(std::get<ErrorTxn>(m.txns[1].body).err, Code::NodeExists);
  EXPECT_EQ(std::get<ErrorTxn>(m.txns[2].body).err, Code::RuntimeInconsistency);
  // The rolled-back create of /a does not block a later one.
  EXPECT_EQ(l.propose(create("/a")).header.type, opcode::kCreate);
}

TEST(PrepMulti, OpsSeeEarlierOpsOfTheSameMulti) {
  Leader l;
  Txn t = l.propose(MultiRequest{{create("/a"), create("/a/b"), CheckVersionRequest{"/a/b", 0},
                                  DeleteRequest{"/a", -1}}});
  const auto& m = std::get<MultiTxn>(t.body);
  ASSERT_EQ(m.txns.size(), 4u);
  EXPECT_EQ(m.txns[2].type, opcode::kCheck);
  EXPECT_EQ(std::get<ErrorTxn>(m.txns[3].body).err, Code::NotEmpty);
  auto rc = l.commit(t);
  EXPECT_EQ(rc.err, Code::NotEmpty);
  EXPECT_FALSE(l.tree.exists("/a"));
}

TEST(PrepSession, CloseSessionListsPendingEphemerals) {
  Leader l;
  EXPECT_EQ(l.write(CreateSessionRequest{30000}).type, opcode::kCreateSession);
  l.write(create("/e1", open_acl_unsafe(), create_mode::kEphemeral));
  Txn pending = l.propose(create("/e2", open_acl_unsafe(), create_mode::kEphemeral));
  Txn close = l.propose(CloseSessionRequest{});
  EXPECT_EQ(close.header.type, opcode::kCloseSession);
  EXPECT_EQ(std::get<CloseSessionTxn>(close.body).paths_to_delete,
            (std::vector<std::string>{"/e1", "/e2"}));
  l.commit(pending);
  auto rc = l.commit(close);
  EXPECT_EQ(rc.deleted_paths, (std::vector<std::string>{"/e1", "/e2"}));
  EXPECT_EQ(l.tree.node_count(), 5u);
}

TEST(PrepDeleteContainer, OnlyForContainersAndTtlNodes) {
  Leader l;
  l.write(create("/e", open_acl_unsafe(), create_mode::kEphemeral));
  l.write(create("/c", open_acl_unsafe(), create_mode::kContainer));
  l.write(create("/c/x"));
  EXPECT_EQ(l.error_of(DeleteContainerRequest{"/e"}), Code::BadVersion);
  EXPECT_EQ(l.error_of(DeleteContainerRequest{"/c"}), Code::NotEmpty);
  l.write(DeleteRequest{"/c/x", -1});
  Txn t = l.propose(DeleteContainerRequest{"/c"});
  EXPECT_EQ(t.header.type, opcode::kDeleteContainer);
  EXPECT_EQ(l.commit(t).err, Code::Ok);
}

TEST(Errors, NamesAsKeeperExceptionCode) {
  EXPECT_EQ(to_string(Code::NoNode), "NONODE");
  EXPECT_EQ(to_string(Code::BadVersion), "BADVERSION");
  EXPECT_EQ(to_string(Code::Throttled), "THROTTLEDOP");
  EXPECT_EQ(to_string(Code::Ok), "OK");
}

}  // namespace
}  // namespace zs

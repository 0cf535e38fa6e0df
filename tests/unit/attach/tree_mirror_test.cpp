// The attached tree: loaded with many reads in flight, then kept equal to the server's tree
// by its watch events. The "server" here is the engine's own DataTree answering the reads the
// way a ZooKeeper server does (in order, as a connection answers them).
#include <gtest/gtest.h>

#include <deque>

#include "attach/tree_mirror.hpp"
#include "data/data_tree.hpp"

namespace zs::attach {
namespace {

class FakeServer {
 public:
  bool has_add_watch = true;
  std::size_t max_in_flight_seen = 0;
  std::size_t requests = 0;
  DataTree tree;
  std::int64_t zxid = 0x100000000;

  TreeMirror::Submit submit() {
    return [this](ClientCall call, TreeMirror::Reply done) {
      queue_.push_back({std::move(call), std::move(done)});
      ++requests;
      max_in_flight_seen = std::max(max_in_flight_seen, queue_.size());
    };
  }
  // Answers everything queued (and what those answers queue), in order.
  void answer_all() {
    while (!queue_.empty()) {
      auto [call, done] = std::move(queue_.front());
      queue_.pop_front();
      ClientResult r;
      Code err = Code::Ok;
      if (auto* w = std::get_if<AddWatchRequest>(&call)) {
        err = has_add_watch ? Code::Ok : Code::Unimplemented;
        if (has_add_watch) recursive_ = w->path;
      } else if (auto* rd = std::get_if<ReadRequest>(&call)) {
        err = read(*rd, r);
      }
      done(err, r);
    }
  }
  void create(const std::string& path, const std::string& data, std::int64_t owner = 0) {
    CreateTxn c;
    c.path = path;
    c.data = data;
    c.acl = open_acl_unsafe();
    c.ephemeral = owner != 0;
    TxnHeader h{owner, 1, Zxid{++zxid}, 1795392000000 + zxid % 1000, opcode::kCreate};
    ASSERT_EQ(tree.apply(h, c).err, Code::Ok);
    fire(EventType::NodeCreated, path);
  }
  void set(const std::string& path, const std::string& data) {
    const int v = tree.exists(path)->version + 1;
    TxnHeader h{0, 1, Zxid{++zxid}, 1795392000000, opcode::kSetData};
    ASSERT_EQ(tree.apply(h, SetDataTxn{path, data, v}).err, Code::Ok);
    fire(EventType::NodeDataChanged, path);
  }
  void remove(const std::string& path) {
    TxnHeader h{0, 1, Zxid{++zxid}, 1795392000000, opcode::kDelete};
    ASSERT_EQ(tree.apply(h, DeleteTxn{path}).err, Code::Ok);
    fire(EventType::NodeDeleted, path);
  }
  std::vector<console::HandleWatch> events;  // what the session would deliver

 private:
  Code read(const ReadRequest& rd, ClientResult& r) {
    if (rd.watch) one_shot_[rd.path] = true;
    switch (rd.op) {
      case opcode::kGetData: {
        auto d = tree.get_data(rd.path);
        if (!d) return Code::NoNode;
        r.data = d->data;
        r.null_data = d->null_data;
        r.stat = d->stat;
        return Code::Ok;
      }
      case opcode::kGetAcl: {
        auto a = tree.get_acl(rd.path);
        if (!a) return Code::NoNode;
        r.acl = *a;
        r.stat = *tree.exists(rd.path);
        return Code::Ok;
      }
      case opcode::kGetChildren2: {
        auto c = tree.get_children(rd.path);
        if (!c) return Code::NoNode;
        r.children = c->children;
        r.stat = c->stat;
        return Code::Ok;
      }
      case opcode::kExists: {
        auto s = tree.exists(rd.path);
        if (!s) return Code::NoNode;
        r.stat = *s;
        return Code::Ok;
      }
      default: return Code::Unimplemented;
    }
  }
  void fire(EventType type, const std::string& path) {
    if (!recursive_.empty()) {
      events.push_back({type, path});
      return;
    }
    // One-shot: the data watch of the node; the child watch of its parent on create/delete.
    auto take = [&](const std::string& p, EventType t) {
      auto it = one_shot_.find(p);
      if (it != one_shot_.end() && it->second) {
        it->second = false;
        events.push_back({t, p});
      }
    };
    if (type == EventType::NodeDataChanged || type == EventType::NodeDeleted) take(path, type);
    if (type != EventType::NodeDataChanged) {
      const auto slash = path.rfind('/');
      take(slash == 0 ? "/" : path.substr(0, slash), EventType::NodeChildrenChanged);
    }
  }
  std::deque<std::pair<ClientCall, TreeMirror::Reply>> queue_;
  std::string recursive_;
  std::map<std::string, bool> one_shot_;
};

void deliver(FakeServer& s, TreeMirror& m) {
  auto events = std::exchange(s.events, {});
  for (const auto& e : events) m.on_watch(e);
  s.answer_all();
}

TEST(TreeMirror, LoadsAWholeTreeWithManyReadsInFlightAndEqualsTheServersTree) {
  FakeServer s;
  for (int i = 0; i < 50; ++i) {
    s.create("/app" + std::to_string(i), "v" + std::to_string(i));
    for (int j = 0; j < 20; ++j) s.create("/app" + std::to_string(i) + "/n" + std::to_string(j), "");
  }
  s.create("/app0/n0/lock", "", 0x1000010f8770000);
  s.events.clear();
  TreeMirror m(s.submit());
  m.load();
  EXPECT_FALSE(m.loaded());
  s.answer_all();
  ASSERT_TRUE(m.loaded());
  EXPECT_TRUE(m.persistent());
  EXPECT_EQ(m.tree().node_count(), s.tree.node_count());
  // Every node, its data, its stored Stat and ACL: the same digest as the server's tree.
  EXPECT_EQ(m.tree().digest(), s.tree.digest());
  EXPECT_EQ(m.tree().ephemerals(0x1000010f8770000), std::vector<std::string>{"/app0/n0/lock"});
  // Pipelined: the 20 children of a node are read together, not one round trip each.
  EXPECT_GE(s.max_in_flight_seen, 40u);
  EXPECT_TRUE(m.take_changes().empty());  // the load itself is not a change
}

TEST(TreeMirror, FollowsCreatesDeletesAndDataChangesThroughTheRecursiveWatch) {
  FakeServer s;
  s.create("/a", "1");
  TreeMirror m(s.submit());
  m.load();
  s.answer_all();
  ASSERT_TRUE(m.loaded());
  s.create("/a/b", "x");
  s.create("/a/b/c", "y");
  s.set("/a", "2");
  s.remove("/a/b/c");
  deliver(s, m);
  EXPECT_EQ(m.tree().digest(), s.tree.digest());
  EXPECT_EQ(m.tree().get_data("/a")->data, "2");
  EXPECT_EQ(m.tree().get_data("/a")->stat.cversion, 1);
  // /a/b/c was created and deleted before its read came back: never seen, never reported.
  EXPECT_FALSE(m.tree().exists("/a/b/c"));
  const auto changes = m.take_changes();
  ASSERT_EQ(changes.size(), 2u);
  EXPECT_EQ(changes[0].type, EventType::NodeCreated);
  EXPECT_EQ(changes[0].path, "/a/b");
  EXPECT_EQ(changes[1].type, EventType::NodeDataChanged);
  EXPECT_EQ(changes[1].path, "/a");
  s.remove("/a/b");
  deliver(s, m);
  const auto gone = m.take_changes();
  ASSERT_EQ(gone.size(), 1u);
  EXPECT_EQ(gone[0].type, EventType::NodeDeleted);
  EXPECT_EQ(gone[0].path, "/a/b");
  EXPECT_EQ(m.tree().digest(), s.tree.digest());
}

TEST(TreeMirror, AServerWithoutAddWatchIsFollowedWithOneShotWatches) {
  FakeServer s;
  s.has_add_watch = false;
  s.create("/a", "1");
  s.create("/a/x", "");
  s.events.clear();
  TreeMirror m(s.submit());
  m.load();
  s.answer_all();
  ASSERT_TRUE(m.loaded());
  EXPECT_FALSE(m.persistent());
  s.create("/a/y", "new");
  deliver(s, m);
  s.set("/a/y", "newer");
  s.remove("/a/x");
  deliver(s, m);
  EXPECT_EQ(m.tree().digest(), s.tree.digest());
  // The watches were armed again after firing: a second change to /a/y is seen too.
  s.set("/a/y", "newest");
  deliver(s, m);
  EXPECT_EQ(m.tree().get_data("/a/y")->data, "newest");
}

TEST(TreeMirror, NeverHasMoreReadsInFlightThanItsBound) {
  FakeServer s;
  for (int i = 0; i < 300; ++i) s.create("/n" + std::to_string(i), "");
  TreeMirror::Options o;
  o.max_in_flight = 16;
  TreeMirror m(s.submit(), o);
  m.load();
  s.answer_all();
  ASSERT_TRUE(m.loaded());
  EXPECT_LE(s.max_in_flight_seen, 17u);  // a node's getACL and getData go as a pair
  EXPECT_EQ(m.tree().node_count(), s.tree.node_count());
}

}  // namespace
}  // namespace zs::attach

// A mirror of a real server's tree (engine/attach fills it from getData / getChildren answers):
// what the Tree view then shows must be exactly what the server said.
#include <gtest/gtest.h>

#include "data/data_tree.hpp"

namespace zs {
namespace {

Stat stat_of(std::int64_t czxid, std::int32_t cversion, std::int32_t num_children, std::int64_t owner = 0) {
  Stat s;
  s.czxid = Zxid{czxid};
  s.mzxid = Zxid{czxid};
  s.pzxid = Zxid{czxid + num_children};
  s.ctime = 1795392000123;
  s.mtime = 1795392000456;
  s.version = 2;
  s.cversion = cversion;
  s.aversion = 1;
  s.ephemeral_owner = owner;
  s.num_children = num_children;
  return s;
}

TEST(Mirror, ANodeReadsBackWithEveryStatFieldTheServerGave) {
  DataTree t;
  const Stat app = stat_of(0x100000002, 3, 1);
  ASSERT_EQ(t.mirror_put("/app", "cfg", false, app, nullptr), Code::Ok);
  const Stat lock = stat_of(0x100000004, 0, 0, 0x1000010f8770000);
  const AclList acl{{perms::kRead, {"digest", "bob:x"}}};
  ASSERT_EQ(t.mirror_put("/app/lock-0000000001", "", true, lock, &acl), Code::Ok);

  const auto d = t.get_data("/app");
  ASSERT_TRUE(d);
  EXPECT_EQ(d->data, "cfg");
  EXPECT_EQ(d->stat.cversion, 3);  // stored as (3 + 1) / 2 and shown with its one child again
  EXPECT_EQ(d->stat.num_children, 1);
  EXPECT_EQ(d->stat.czxid, Zxid{0x100000002});
  EXPECT_EQ(d->stat.pzxid, Zxid{0x100000003});
  EXPECT_EQ(d->stat.ctime, 1795392000123);
  EXPECT_EQ(d->stat.version, 2);
  EXPECT_EQ(d->stat.aversion, 1);
  const auto l = t.get_data("/app/lock-0000000001");
  ASSERT_TRUE(l);
  EXPECT_TRUE(l->null_data);
  EXPECT_EQ(l->stat.ephemeral_owner, 0x1000010f8770000);
  EXPECT_EQ(*t.get_acl("/app/lock-0000000001"), acl);
  EXPECT_EQ(t.ephemerals(0x1000010f8770000), std::vector<std::string>{"/app/lock-0000000001"});
}

TEST(Mirror, AChildWithoutItsParentIsRefused) {
  DataTree t;
  EXPECT_EQ(t.mirror_put("/a/b", "", false, stat_of(5, 0, 0), nullptr), Code::NoNode);
  EXPECT_FALSE(t.exists("/a/b"));
}

TEST(Mirror, RemovingANodeTakesItsSubtreeAndItsEphemeralsWithIt) {
  DataTree t;
  t.mirror_put("/a", "", false, stat_of(2, 2, 2), nullptr);
  t.mirror_put("/a/b", "", false, stat_of(3, 0, 1), nullptr);
  t.mirror_put("/a/b/c", "", false, stat_of(4, 0, 0, 0x77), nullptr);
  t.mirror_put("/a/d", "", false, stat_of(5, 0, 0), nullptr);
  t.mirror_put("/ab", "", false, stat_of(6, 0, 0), nullptr);
  EXPECT_EQ(t.mirror_remove("/a/b"), 2u);
  EXPECT_FALSE(t.exists("/a/b/c"));
  EXPECT_TRUE(t.ephemerals(0x77).empty());
  EXPECT_EQ(t.get_children("/a")->children, std::vector<std::string>{"d"});
  EXPECT_TRUE(t.exists("/ab"));  // a sibling whose name starts alike stays
}

TEST(Mirror, AChildrenAnswerDropsTheGoneAndNamesTheNew) {
  DataTree t;
  t.mirror_put("/a", "", false, stat_of(2, 2, 2), nullptr);
  t.mirror_put("/a/x", "", false, stat_of(3, 0, 0), nullptr);
  t.mirror_put("/a/y", "", false, stat_of(4, 0, 0), nullptr);
  const auto fresh = t.mirror_children("/a", {"y", "z"});
  EXPECT_EQ(fresh, std::vector<std::string>{"z"});
  EXPECT_FALSE(t.exists("/a/x"));
  EXPECT_TRUE(t.exists("/a/y"));
  EXPECT_EQ(t.mirror_children("/", {"a", "zookeeper"}), std::vector<std::string>{});
}

}  // namespace
}  // namespace zs

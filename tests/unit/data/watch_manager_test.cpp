// Watch rules of ZooKeeper 3.8.0 (reference §4.7).
#include "data/watch_manager.hpp"

#include <gtest/gtest.h>

namespace zs {
namespace {

using Events = std::vector<WatchEvent>;

TEST(WatchTest, OneShotDataWatchFiresOnce) {
  WatchManager wm;
  wm.add_data_watch("/a", 7);
  EXPECT_EQ(wm.trigger("/a", EventType::NodeDataChanged), (Events{{7, EventType::NodeDataChanged, "/a"}}));
  EXPECT_TRUE(wm.trigger("/a", EventType::NodeDataChanged).empty());
  EXPECT_EQ(wm.watch_count(), 0u);
}

TEST(WatchTest, ExistsWatchOnMissingNodeFiresNodeCreated) {
  WatchManager wm;
  wm.add_data_watch("/new", 3);
  EXPECT_EQ(wm.trigger("/new", EventType::NodeCreated), (Events{{3, EventType::NodeCreated, "/new"}}));
}

TEST(WatchTest, DataWatchesIgnoreChildEvents) {
  WatchManager wm;
  wm.add_data_watch("/a", 1);
  EXPECT_TRUE(wm.trigger("/a", EventType::NodeChildrenChanged).empty());
  wm.add_child_watch("/a", 2);
  // Child watches ignore data events.
  EXPECT_EQ(wm.trigger("/a", EventType::NodeDataChanged), (Events{{1, EventType::NodeDataChanged, "/a"}}));
  EXPECT_TRUE(wm.trigger("/a", EventType::NodeCreated).empty());
  EXPECT_EQ(wm.trigger("/a", EventType::NodeChildrenChanged), (Events{{2, EventType::NodeChildrenChanged, "/a"}}));
}

TEST(WatchTest, OnlyTheExactPathFires) {
  WatchManager wm;
  wm.add_data_watch("/a", 1);
  wm.add_child_watch("/a", 1);
  EXPECT_TRUE(wm.trigger("/a/b", EventType::NodeDataChanged).empty());
  EXPECT_TRUE(wm.trigger("/a/b", EventType::NodeDeleted).empty());
  EXPECT_TRUE(wm.trigger("/ab", EventType::NodeCreated).empty());
  EXPECT_EQ(wm.watch_count(), 2u);
}

TEST(WatchTest, DeleteFiresDataAndChildWatchersOnceEach) {
  WatchManager wm;
  wm.add_data_watch("/a", 5);
  wm.add_child_watch("/a", 5);
  wm.add_child_watch("/a", 2);
  wm.add_data_watch("/a", 9);
  EXPECT_EQ(wm.trigger("/a", EventType::NodeDeleted),
            (Events{{2, EventType::NodeDeleted, "/a"}, {5, EventType::NodeDeleted, "/a"},
                    {9, EventType::NodeDeleted, "/a"}}));
  EXPECT_EQ(wm.watch_count(), 0u);  // both one-shot registrations of 5 are consumed
}

TEST(WatchTest, ParentChildrenChangedGoesToParentChildWatchers) {
  // The tree fires NodeChildrenChanged on the parent; only child watches there get it.
  WatchManager wm;
  wm.add_child_watch("/", 1);
  wm.add_data_watch("/", 2);
  wm.add_child_watch("/p", 3);
  EXPECT_EQ(wm.trigger("/", EventType::NodeChildrenChanged), (Events{{1, EventType::NodeChildrenChanged, "/"}}));
  EXPECT_EQ(wm.trigger("/p", EventType::NodeChildrenChanged), (Events{{3, EventType::NodeChildrenChanged, "/p"}}));
}

TEST(WatchTest, EventsOrderedByWatcherId) {
  WatchManager wm;
  for (WatcherId w : {40u, 3u, 17u}) wm.add_data_watch("/x", w);
  Events ev = wm.trigger("/x", EventType::NodeDataChanged);
  ASSERT_EQ(ev.size(), 3u);
  EXPECT_EQ(ev[0].watcher, 3u);
  EXPECT_EQ(ev[1].watcher, 17u);
  EXPECT_EQ(ev[2].watcher, 40u);
}

TEST(WatchTest, PersistentStaysAndCoversDataAndChildren) {
  WatchManager wm;
  wm.add_watch("/a", 1, WatcherMode::Persistent);
  for (int i = 0; i < 3; ++i) {
    EXPECT_EQ(wm.trigger("/a", EventType::NodeDataChanged).size(), 1u);
    EXPECT_EQ(wm.trigger("/a", EventType::NodeChildrenChanged).size(), 1u);
  }
  EXPECT_EQ(wm.trigger("/a", EventType::NodeDeleted), (Events{{1, EventType::NodeDeleted, "/a"}}));
  EXPECT_EQ(wm.trigger("/a", EventType::NodeCreated), (Events{{1, EventType::NodeCreated, "/a"}}));
  // Not for descendants.
  EXPECT_TRUE(wm.trigger("/a/b", EventType::NodeCreated).empty());
}

TEST(WatchTest, RecursiveCoversDescendantsButNotChildrenChanged) {
  WatchManager wm;
  wm.add_watch("/a", 1, WatcherMode::PersistentRecursive);
  EXPECT_EQ(wm.trigger("/a/b/c", EventType::NodeCreated), (Events{{1, EventType::NodeCreated, "/a/b/c"}}));
  EXPECT_EQ(wm.trigger("/a/b", EventType::NodeDataChanged), (Events{{1, EventType::NodeDataChanged, "/a/b"}}));
  EXPECT_EQ(wm.trigger("/a/b", EventType::NodeDeleted), (Events{{1, EventType::NodeDeleted, "/a/b"}}));
  EXPECT_EQ(wm.trigger("/a", EventType::NodeDataChanged), (Events{{1, EventType::NodeDataChanged, "/a"}}));
  EXPECT_TRUE(wm.trigger("/a", EventType::NodeChildrenChanged).empty());
  EXPECT_TRUE(wm.trigger("/a/b", EventType::NodeChildrenChanged).empty());
  EXPECT_TRUE(wm.trigger("/ab", EventType::NodeCreated).empty());
  EXPECT_TRUE(wm.trigger("/", EventType::NodeDataChanged).empty());
  EXPECT_EQ(wm.watch_count(), 2u);  // still registered in both tables
}

TEST(WatchTest, RecursiveOnRootCoversEverything) {
  WatchManager wm;
  wm.add_watch("/", 4, WatcherMode::PersistentRecursive);
  EXPECT_EQ(wm.trigger("/x/y", EventType::NodeDeleted).size(), 1u);
  EXPECT_EQ(wm.trigger("/", EventType::NodeDataChanged).size(), 1u);
}

TEST(WatchTest, RecursiveAndOneShotTogether) {
  WatchManager wm;
  wm.add_watch("/a", 1, WatcherMode::PersistentRecursive);
  wm.add_data_watch("/a/b", 1);  // same watcher: still one event
  wm.add_data_watch("/a/b", 2);
  EXPECT_EQ(wm.trigger("/a/b", EventType::NodeDataChanged),
            (Events{{1, EventType::NodeDataChanged, "/a/b"}, {2, EventType::NodeDataChanged, "/a/b"}}));
  EXPECT_EQ(wm.trigger("/a/b", EventType::NodeDataChanged), (Events{{1, EventType::NodeDataChanged, "/a/b"}}));
}

TEST(WatchTest, StandardWatchAfterPersistentDowngradesDataTable) {
  // 3.8.0 keeps one mode per (watcher, path) per table; a later getData(watch) resets the
  // data table's mode to standard, the child table stays persistent.
  WatchManager wm;
  wm.add_watch("/a", 1, WatcherMode::Persistent);
  wm.add_data_watch("/a", 1);
  EXPECT_EQ(wm.trigger("/a", EventType::NodeDataChanged).size(), 1u);
  EXPECT_TRUE(wm.trigger("/a", EventType::NodeDataChanged).empty());
  EXPECT_EQ(wm.trigger("/a", EventType::NodeChildrenChanged).size(), 1u);
  EXPECT_EQ(wm.trigger("/a", EventType::NodeChildrenChanged).size(), 1u);
}

TEST(WatchTest, RemoveWatchesByType) {
  WatchManager wm;
  wm.add_data_watch("/a", 1);
  wm.add_child_watch("/a", 1);
  EXPECT_EQ(wm.remove_watches("/a", 1, WatcherType::Data), Code::Ok);
  EXPECT_EQ(wm.remove_watches("/a", 1, WatcherType::Data), Code::NoWatcher);
  EXPECT_TRUE(wm.trigger("/a", EventType::NodeDataChanged).empty());
  EXPECT_EQ(wm.remove_watches("/a", 1, WatcherType::Any), Code::Ok);
  EXPECT_EQ(wm.remove_watches("/a", 1, WatcherType::Any), Code::NoWatcher);
  EXPECT_EQ(wm.watch_count(), 0u);
}

TEST(WatchTest, RemoveWatchesNoWatcher) {
  WatchManager wm;
  EXPECT_EQ(wm.remove_watches("/a", 1, WatcherType::Any), Code::NoWatcher);
  wm.add_data_watch("/a", 2);
  EXPECT_EQ(wm.remove_watches("/a", 1, WatcherType::Data), Code::NoWatcher);  // someone else's
  EXPECT_EQ(wm.remove_watches("/a", 2, WatcherType::Children), Code::NoWatcher);
  EXPECT_EQ(wm.remove_watches("/b", 2, WatcherType::Data), Code::NoWatcher);
}

TEST(WatchTest, RemovePersistentWatch) {
  WatchManager wm;
  wm.add_watch("/a", 1, WatcherMode::PersistentRecursive);
  EXPECT_EQ(wm.remove_watches("/a", 1, WatcherType::Any), Code::Ok);
  EXPECT_TRUE(wm.trigger("/a/b", EventType::NodeCreated).empty());
  EXPECT_EQ(wm.data_watches().recursive_count(), 0);
}

TEST(WatchTest, CheckWatchesFollows380) {
  WatchManager wm;
  wm.add_data_watch("/a", 1);
  EXPECT_EQ(wm.check_watches("/a", 1, WatcherType::Data), Code::Ok);
  EXPECT_EQ(wm.check_watches("/a", 1, WatcherType::Children), Code::NoWatcher);
  // 3.8.0 answers for any registration on the path, not only the caller's.
  EXPECT_EQ(wm.check_watches("/a", 2, WatcherType::Data), Code::Ok);
  EXPECT_EQ(wm.check_watches("/b", 1, WatcherType::Any), Code::NoWatcher);
}

TEST(WatchTest, RemoveSessionDropsAllItsWatches) {
  WatchManager wm;
  wm.add_data_watch("/a", 1);
  wm.add_child_watch("/b", 1);
  wm.add_watch("/c", 1, WatcherMode::PersistentRecursive);
  wm.add_data_watch("/a", 2);
  wm.remove_session(1);
  EXPECT_EQ(wm.watch_count(), 1u);
  EXPECT_EQ(wm.trigger("/a", EventType::NodeDataChanged), (Events{{2, EventType::NodeDataChanged, "/a"}}));
  EXPECT_TRUE(wm.trigger("/c/d", EventType::NodeCreated).empty());
  EXPECT_TRUE(wm.trigger("/b", EventType::NodeChildrenChanged).empty());
}

TEST(WatchTest, SummaryCountsDataWatchesOnly) {
  WatchManager wm;
  wm.add_data_watch("/a", 0x100);
  wm.add_data_watch("/b", 0x100);
  wm.add_data_watch("/a", 0x200);
  wm.add_child_watch("/c", 0x300);  // child watches are not in wchs/wchc/wchp in 3.8.0
  EXPECT_EQ(wm.summary(), (WatchSummary{2, 2, 3}));
  EXPECT_EQ(wm.watch_count(), 4u);
  EXPECT_EQ(wm.by_session().at(0x100), (std::set<std::string>{"/a", "/b"}));
  EXPECT_EQ(wm.by_path().at("/a"), (std::set<WatcherId>{0x100, 0x200}));
  EXPECT_EQ(wm.by_path().count("/c"), 0u);
}

TEST(WatchTest, FiredSessionStillCountsAsConnection) {
  // WatchManager keeps an emptied path set for the watcher until it closes.
  WatchManager wm;
  wm.add_data_watch("/a", 1);
  wm.trigger("/a", EventType::NodeDataChanged);
  EXPECT_EQ(wm.summary(), (WatchSummary{1, 0, 0}));
  wm.remove_session(1);
  EXPECT_EQ(wm.summary(), (WatchSummary{0, 0, 0}));
}

}  // namespace
}  // namespace zs

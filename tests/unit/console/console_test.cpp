// The zkCli console on the simulated ensemble (engine/console): every test runs real console
// lines against a 3-server ensemble and compares the transcript byte for byte with what zkCli
// 3.8.0 prints (docs/reference-captures/zkcli-3.8.0-console.txt), with zooscope's zxids and
// virtual-clock times.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <iostream>
#include <memory>
#include <string>
#include <vector>

#include "console/console.hpp"
#include "run/sim_client_handle.hpp"
#include "peer/quorum_peer.hpp"

namespace zs::console {
namespace {

// Three servers started at 0 and settled by 5 s (seed 1: server 3 leads, epoch 1).
class ConsoleTest : public ::testing::Test {
 protected:
  ConsoleTest() : sim(config::default_ensemble(3), SimOptions{}) {
    for (Sid s = 1; s <= 3; ++s) sim.schedule(server_action(ScheduledAction::Kind::Start, s, 0));
    sim.run_until(5000);
  }

  // A console on `server`, connected (its banner printed).
  Console& open(Sid server, ConsoleOptions options = {}) {
    consoles.push_back(run::open_sim_console(sim, static_cast<std::int32_t>(consoles.size()), server, options));
    settle();
    return *consoles.back();
  }
  Console& open(const std::string& connect_string, ConsoleOptions options = {}) {
    consoles.push_back(
        run::open_sim_console(sim, static_cast<std::int32_t>(consoles.size()), connect_string, options));
    settle();
    return *consoles.back();
  }
  std::vector<Console*> all() const {
    std::vector<Console*> out;
    for (const auto& c : consoles) out.push_back(c.get());
    return out;
  }
  void settle() { EXPECT_TRUE(run::run_until_idle(sim, all(), sim.now() + 60000)); }
  // Enters the lines and steps until every console is idle.
  void run(Console& c, const std::vector<std::string>& lines) {
    for (const auto& l : lines) c.enter(l);
    settle();
  }
  static std::string text(const Console& c) { return transcript_text(c.transcript(), false); }

  Simulator sim;
  std::vector<std::unique_ptr<Console>> consoles;
};


// zkCli.sh -server with the three servers' client ports.
constexpr const char* kAllThree = "127.0.0.1:2181,127.0.0.1:2182,127.0.0.1:2183";

// Stat block of a node created at 00:00:05 (virtual time 5 s) and never changed since.
std::string stat_at_5s(const std::string& czxid, const std::string& mzxid, const std::string& pzxid,
                       int cversion, int version, int data_length, int children) {
  return "cZxid = 0x" + czxid + "\nctime = Mon Nov 23 00:00:05 UTC 2026\nmZxid = 0x" + mzxid +
         "\nmtime = Mon Nov 23 00:00:05 UTC 2026\npZxid = 0x" + pzxid + "\ncversion = " + std::to_string(cversion) +
         "\ndataVersion = " + std::to_string(version) + "\naclVersion = 0\nephemeralOwner = 0x0\ndataLength = " +
         std::to_string(data_length) + "\nnumChildren = " + std::to_string(children) + "\n";
}

constexpr const char* kBanner =
    "Connecting to 127.0.0.1:2181\n"
    "Welcome to ZooKeeper!\n"
    "JLine support is enabled\n"
    "\n"
    "WATCHER::\n"
    "\n"
    "WatchedEvent state:SyncConnected type:None path:null\n";

// ../shared/reference/real-zookeeper-3.8/zkcli-tutorial-session.txt, on a 3-server ensemble:
// creating the session is zxid 0x100000001, so /zk_test is 0x100000002.
TEST_F(ConsoleTest, TutorialSessionPrintsWhatZkCliPrints) {
  ASSERT_EQ(sim.stable_leader(), 3);
  Console& c = open(1);
  run(c, {"create /zk_test my_data", "ls /", "get /zk_test", "set /zk_test junk", "get -s /zk_test",
          "delete /zk_test", "ls /"});
  EXPECT_EQ(transcript_text(c.transcript(), true),
            std::string(kBanner) +
                "[zk: 127.0.0.1:2181(CONNECTED) 0] create /zk_test my_data\n"
                "Created /zk_test\n"
                "[zk: 127.0.0.1:2181(CONNECTED) 1] ls /\n"
                "[zk_test, zookeeper]\n"
                "[zk: 127.0.0.1:2181(CONNECTED) 2] get /zk_test\n"
                "my_data\n"
                "[zk: 127.0.0.1:2181(CONNECTED) 3] set /zk_test junk\n"
                "[zk: 127.0.0.1:2181(CONNECTED) 4] get -s /zk_test\n"
                "junk\n" +
                stat_at_5s("100000002", "100000003", "100000002", 0, 1, 4, 0) +
                "[zk: 127.0.0.1:2181(CONNECTED) 5] delete /zk_test\n"
                "[zk: 127.0.0.1:2181(CONNECTED) 6] ls /\n"
                "[zookeeper]\n");
  EXPECT_EQ(c.prompt_text(), "[zk: 127.0.0.1:2181(CONNECTED) 7] ");
  EXPECT_EQ(c.exit_code(), 0);
  // Results on stdout, "Created" on stderr, as zkCli splits them.
  const client::Printed out = c.take_output();
  EXPECT_EQ(out.text(client::Stream::Err), "Created /zk_test\n");
}

// Reads are answered by the connected server's own tree (reference §5): a follower that hears
// the leader late answers from the past until `sync` makes it catch up.
TEST_F(ConsoleTest, AStaleReadOnALaggingFollowerAndSyncFixingIt) {
  ASSERT_EQ(sim.stable_leader(), 3);
  LinkParams slow;
  slow.latency_min_ms = 500;
  slow.latency_max_ms = 500;
  sim.set_link(3, 1, slow);  // server 1 hears the leader half a second late
  Console& writer = open(2);
  Console& reader = open(1);
  run(writer, {"create /fresh new"});
  run(reader, {"get /fresh", "sync /fresh", "get -s /fresh"});
  EXPECT_EQ(merged_transcript_text({&writer, &reader}),
            "[zk: 127.0.0.1:2182(CONNECTED) 0] create /fresh new\n"
            "Created /fresh\n"
            "[zk: 127.0.0.1:2181(CONNECTED) 0] get /fresh\n"
            "Node does not exist: /fresh\n"
            "[zk: 127.0.0.1:2181(CONNECTED) 1] sync /fresh\n"
            "Sync is OK\n"
            "[zk: 127.0.0.1:2181(CONNECTED) 2] get -s /fresh\n"
            "new\n" +
                stat_at_5s("100000003", "100000003", "100000003", 0, 0, 3, 0));
}

// CreateCommand sends null data when none is given and GetCommand prints "null" for it;
// empty data ("") prints an empty line, and a set makes the data non-null. The followers
// learn the null from the txn, so a console on another server sees the same.
TEST_F(ConsoleTest, ACreateWithoutDataHasNullDataUntilASet) {
  Console& writer = open(3);
  Console& reader = open(1);
  run(writer, {"create /app", "create /empty \"\""});
  run(reader, {"sync /", "get /app", "get /empty", "stat /app"});
  run(writer, {"set /app v1"});
  run(reader, {"sync /", "get /app"});
  const std::string out = text(reader);
  EXPECT_NE(out.find("get /app\nnull\n"), std::string::npos) << out;
  EXPECT_NE(out.find("get /empty\n\n"), std::string::npos) << out;
  EXPECT_NE(out.find("dataLength = 0\n"), std::string::npos) << out;
  EXPECT_NE(out.find("get /app\nv1\n"), std::string::npos) << out;
}

// ZKUtil.visitSubTreeDFS (ls -R: a node's sorted children, then each child's subtree) and
// listSubTreeBFS + deleteInBatch (deleteall), one getChildren per node.
TEST_F(ConsoleTest, LsRecursiveAndDeleteAllWalkTheTree) {
  Console& c = open(1);
  run(c, {"create /r", "create /r/b", "create /r/a", "create /r/a/y", "create /r/a/x", "ls -R /r", "deleteall /r -b 2",
          "ls /", "ls -R /nope", "deleteall /nope"});
  EXPECT_EQ(text(c),
            "[zk: 127.0.0.1:2181(CONNECTED) 0] create /r\n"
            "Created /r\n"
            "[zk: 127.0.0.1:2181(CONNECTED) 1] create /r/b\n"
            "Created /r/b\n"
            "[zk: 127.0.0.1:2181(CONNECTED) 2] create /r/a\n"
            "Created /r/a\n"
            "[zk: 127.0.0.1:2181(CONNECTED) 3] create /r/a/y\n"
            "Created /r/a/y\n"
            "[zk: 127.0.0.1:2181(CONNECTED) 4] create /r/a/x\n"
            "Created /r/a/x\n"
            "[zk: 127.0.0.1:2181(CONNECTED) 5] ls -R /r\n"
            "/r\n"
            "/r/a\n"
            "/r/b\n"
            "/r/a/x\n"
            "/r/a/y\n"
            "[zk: 127.0.0.1:2181(CONNECTED) 6] deleteall /r -b 2\n"
            "[zk: 127.0.0.1:2181(CONNECTED) 7] ls /\n"
            "[zookeeper]\n"
            "[zk: 127.0.0.1:2181(CONNECTED) 8] ls -R /nope\n"
            "Node does not exist: /nope\n"
            "[zk: 127.0.0.1:2181(CONNECTED) 9] deleteall /nope\n"
            "Node does not exist: /nope\n");
  EXPECT_EQ(c.exit_code(), 1);  // the last command failed
}

// A batch whose delete the parent's ACL forbids fails the multi; zkCli says so and goes on.
TEST_F(ConsoleTest, DeleteAllReportsAFailedBatch) {
  Console& c = open(1);
  run(c, {"create /p", "create /p/c", "setAcl /p world:anyone:r", "deleteall /p", "ls -R /p"});
  EXPECT_EQ(text(c),
            "[zk: 127.0.0.1:2181(CONNECTED) 0] create /p\n"
            "Created /p\n"
            "[zk: 127.0.0.1:2181(CONNECTED) 1] create /p/c\n"
            "Created /p/c\n"
            "[zk: 127.0.0.1:2181(CONNECTED) 2] setAcl /p world:anyone:r\n"
            "[zk: 127.0.0.1:2181(CONNECTED) 3] deleteall /p\n"
            "Failed to delete some node(s) in the subtree!\n"
            "[zk: 127.0.0.1:2181(CONNECTED) 4] ls -R /p\n"
            "/p\n"
            "/p/c\n");
}

// setAcl -R sets each node's ACL as it visits it; a failing setACL prints the bare
// KeeperException message with no newline (session 4 of the capture).
TEST_F(ConsoleTest, RecursiveSetAclVisitsEveryNode) {
  Console& c = open(1);
  run(c, {"create /r", "create /r/a", "create /r/a/b", "create /r/c", "setAcl -R /r world:anyone:r",
          "setAcl -R /r world:anyone:cdrwa", "setAcl -R /nope world:anyone:cdrwa", "getAcl /r/a/b"});
  EXPECT_EQ(text(c),
            "[zk: 127.0.0.1:2181(CONNECTED) 0] create /r\n"
            "Created /r\n"
            "[zk: 127.0.0.1:2181(CONNECTED) 1] create /r/a\n"
            "Created /r/a\n"
            "[zk: 127.0.0.1:2181(CONNECTED) 2] create /r/a/b\n"
            "Created /r/a/b\n"
            "[zk: 127.0.0.1:2181(CONNECTED) 3] create /r/c\n"
            "Created /r/c\n"
            "[zk: 127.0.0.1:2181(CONNECTED) 4] setAcl -R /r world:anyone:r\n"
            "[zk: 127.0.0.1:2181(CONNECTED) 5] setAcl -R /r world:anyone:cdrwa\n"
            "KeeperErrorCode = NoAuth for /rKeeperErrorCode = NoAuth for /r/aKeeperErrorCode = NoAuth for "
            "/r/cKeeperErrorCode = NoAuth for /r/a/b"
            "[zk: 127.0.0.1:2181(CONNECTED) 6] setAcl -R /nope world:anyone:cdrwa\n"
            "Node does not exist: /nope\n"
            "[zk: 127.0.0.1:2181(CONNECTED) 7] getAcl /r/a/b\n"
            "'world,'anyone\n"
            ": r\n");
}

// A one-shot data watch set by `get -w` on one console fires once there when another console
// changes the node; the event is printed where it happened, between the other's commands.
TEST_F(ConsoleTest, AWatchFiresOnceOnTheConsoleThatSetIt) {
  Console& a = open(1);
  Console& b = open(2);
  run(a, {"create /w a", "get -w /w"});
  run(b, {"set /w b", "set /w c"});
  EXPECT_EQ(merged_transcript_text({&a, &b}),
            "[zk: 127.0.0.1:2181(CONNECTED) 0] create /w a\n"
            "Created /w\n"
            "[zk: 127.0.0.1:2181(CONNECTED) 1] get -w /w\n"
            "a\n"
            "[zk: 127.0.0.1:2182(CONNECTED) 0] set /w b\n"
            "\n"
            "WATCHER::\n"
            "\n"
            "WatchedEvent state:SyncConnected type:NodeDataChanged path:/w\n"
            "[zk: 127.0.0.1:2182(CONNECTED) 1] set /w c\n");
  EXPECT_EQ(text(a),
            "[zk: 127.0.0.1:2181(CONNECTED) 0] create /w a\n"
            "Created /w\n"
            "[zk: 127.0.0.1:2181(CONNECTED) 1] get -w /w\n"
            "a\n"
            "\n"
            "WATCHER::\n"
            "\n"
            "WatchedEvent state:SyncConnected type:NodeDataChanged path:/w\n");
  ASSERT_EQ(a.transcript().back().kind, TranscriptEntry::Kind::Event);
}

// Session 9 of the capture: `addWatch` without -m keeps the last -m mode; the events come
// before the reply of the create that fired them. Session 5: removewatches.
TEST_F(ConsoleTest, PersistentWatchesAndRemoveWatches) {
  Console& c = open(1);
  run(c, {"create /sticky", "addWatch -m PERSISTENT /sticky", "addWatch /sticky/x", "create /sticky/x",
          "create /sticky/x/y", "set /sticky/x/y 1", "removewatches /sticky", "removewatches /sticky -d",
          "get -w /sticky/x", "removewatches /sticky/x -c", "removewatches /sticky/x -d", "stat -w /newnode",
          "create /newnode"});
  const std::string w = "\nWATCHER::\n\nWatchedEvent state:SyncConnected type:";
  EXPECT_EQ(text(c),
            "[zk: 127.0.0.1:2181(CONNECTED) 0] create /sticky\n"
            "Created /sticky\n"
            "[zk: 127.0.0.1:2181(CONNECTED) 1] addWatch -m PERSISTENT /sticky\n"
            "[zk: 127.0.0.1:2181(CONNECTED) 2] addWatch /sticky/x\n"
            "[zk: 127.0.0.1:2181(CONNECTED) 3] create /sticky/x\n" +
                w + "NodeCreated path:/sticky/x\n" + w + "NodeChildrenChanged path:/sticky\n" +
                "Created /sticky/x\n"
                "[zk: 127.0.0.1:2181(CONNECTED) 4] create /sticky/x/y\n" +
                w + "NodeChildrenChanged path:/sticky/x\n" +
                "Created /sticky/x/y\n"
                "[zk: 127.0.0.1:2181(CONNECTED) 5] set /sticky/x/y 1\n"
                "[zk: 127.0.0.1:2181(CONNECTED) 6] removewatches /sticky\n" +
                w + "PersistentWatchRemoved path:/sticky\n" +
                "[zk: 127.0.0.1:2181(CONNECTED) 7] removewatches /sticky -d\n"
                "KeeperErrorCode = No such watcher for /sticky\n"
                "[zk: 127.0.0.1:2181(CONNECTED) 8] get -w /sticky/x\n"
                "null\n"
                "[zk: 127.0.0.1:2181(CONNECTED) 9] removewatches /sticky/x -c\n"
                "KeeperErrorCode = No such watcher for /sticky/x\n"
                "[zk: 127.0.0.1:2181(CONNECTED) 10] removewatches /sticky/x -d\n" +
                w + "DataWatchRemoved path:/sticky/x\n" +
                "[zk: 127.0.0.1:2181(CONNECTED) 11] stat -w /newnode\n"
                "Node does not exist: /newnode\n"
                "[zk: 127.0.0.1:2181(CONNECTED) 12] create /newnode\n" +
                w + "NodeCreated path:/newnode\n" + "Created /newnode\n");
}

TEST_F(ConsoleTest, ServerErrorsPrintZkClisMessages) {
  Console& c = open(1);
  run(c, {"create /x", "create /x again", "delete -v 3 /x", "set -v 7 /x d", "create /x/y/z", "create -e /e",
          "create /e/c", "create /x/y", "delete /x", "get /nope", "get zk", "create"});
  EXPECT_EQ(text(c),
            "[zk: 127.0.0.1:2181(CONNECTED) 0] create /x\n"
            "Created /x\n"
            "[zk: 127.0.0.1:2181(CONNECTED) 1] create /x again\n"
            "Node already exists: /x\n"
            "[zk: 127.0.0.1:2181(CONNECTED) 2] delete -v 3 /x\n"
            "version No is not valid : /x\n"
            "[zk: 127.0.0.1:2181(CONNECTED) 3] set -v 7 /x d\n"
            "version No is not valid : /x\n"
            "[zk: 127.0.0.1:2181(CONNECTED) 4] create /x/y/z\n"
            "Node does not exist: /x/y/z\n"
            "[zk: 127.0.0.1:2181(CONNECTED) 5] create -e /e\n"
            "Created /e\n"
            "[zk: 127.0.0.1:2181(CONNECTED) 6] create /e/c\n"
            "Ephemerals cannot have children: /e/c\n"
            "[zk: 127.0.0.1:2181(CONNECTED) 7] create /x/y\n"
            "Created /x/y\n"
            "[zk: 127.0.0.1:2181(CONNECTED) 8] delete /x\n"
            "Node not empty: /x\n"
            "[zk: 127.0.0.1:2181(CONNECTED) 9] get /nope\n"
            "Node does not exist: /nope\n"
            "[zk: 127.0.0.1:2181(CONNECTED) 10] get zk\n"
            "Path must start with / character\n"
            "[zk: 127.0.0.1:2181(CONNECTED) 11] create\n"
            "create [-s] [-e] [-c] [-t ttl] path [data] [acl]\n");
  EXPECT_EQ(c.exit_code(), 1);
}

// addauth digest on one console, an auth:: ACL, and another console without the credentials.
TEST_F(ConsoleTest, DigestAuthGuardsANodeFromAnotherConsole) {
  Console& owner = open(1);
  Console& other = open(2);
  run(owner, {"addauth digest user:pass", "create /secret s auth::cdrwa", "getAcl /secret"});
  run(other, {"get /secret", "setAcl /secret world:anyone:r", "getAcl /secret", "addauth digest user:wrong",
              "get /secret", "addauth digest user:pass", "get /secret"});
  EXPECT_EQ(text(owner),
            "[zk: 127.0.0.1:2181(CONNECTED) 0] addauth digest user:pass\n"
            "[zk: 127.0.0.1:2181(CONNECTED) 1] create /secret s auth::cdrwa\n"
            "Created /secret\n"
            "[zk: 127.0.0.1:2181(CONNECTED) 2] getAcl /secret\n"
            "'digest,'user:smGaoVKd/cQkjm7b88GyorAUz20=\n"
            ": cdrwa\n");
  EXPECT_EQ(text(other),
            "[zk: 127.0.0.1:2182(CONNECTED) 0] get /secret\n"
            "Insufficient permission : /secret\n"
            "[zk: 127.0.0.1:2182(CONNECTED) 1] setAcl /secret world:anyone:r\n"
            "Insufficient permission : /secret\n"
            "[zk: 127.0.0.1:2182(CONNECTED) 2] getAcl /secret\n"
            "Insufficient permission : /secret\n"
            "[zk: 127.0.0.1:2182(CONNECTED) 3] addauth digest user:wrong\n"
            "[zk: 127.0.0.1:2182(CONNECTED) 4] get /secret\n"
            "Insufficient permission : /secret\n"
            "[zk: 127.0.0.1:2182(CONNECTED) 5] addauth digest user:pass\n"
            "[zk: 127.0.0.1:2182(CONNECTED) 6] get /secret\n"
            "s\n");
}

// An unknown scheme: the server answers AUTHFAILED and closes the connection for good.
// Real zkCli 3.8.0 with its lines piped: addauth returns at once (the auth packet is only
// queued), the next command goes out behind the packet, the server refuses the packet and
// closes the connection: the AuthFailed event, then that command's AuthFailed error; after
// that every command is "Not connected".
TEST_F(ConsoleTest, AFailedAddAuthLeavesTheConsoleAuthFailed) {
  Console& c = open(1);
  run(c, {"addauth foo bar", "ls /", "history"});
  EXPECT_EQ(text(c),
            "[zk: 127.0.0.1:2181(CONNECTED) 0] addauth foo bar\n"
            "[zk: 127.0.0.1:2181(CONNECTED) 1] ls /\n"
            "\n"
            "WATCHER::\n"
            "\n"
            "WatchedEvent state:AuthFailed type:None path:null\n"
            "KeeperErrorCode = AuthFailed for /\n"
            "[zk: 127.0.0.1:2181(AUTH_FAILED) 2] history\n"
            "0 - addauth foo bar\n"
            "1 - ls /\n"
            "2 - history\n"
            "Not connected\n");
  EXPECT_EQ(c.state(), client::ClientState::AuthFailed);
}

// Session 6 of the capture: close, commands without a live session, connect.
// `connect` returns at once: the next prompt reads CONNECTING (real zkCli's), and that
// line's request waits for the connection.
TEST_F(ConsoleTest, CloseThenCommandsAreNotConnectedUntilConnect) {
  Console& c = open(1);
  run(c, {"create -e /eph x", "close", "ls /", "create /x", "connect 127.0.0.1:2183", "ls /", "connect", "ls /zookeeper"});
  const std::string w = "\nWATCHER::\n\nWatchedEvent state:";
  EXPECT_EQ(text(c),
            "[zk: 127.0.0.1:2181(CONNECTED) 0] create -e /eph x\n"
            "Created /eph\n"
            "[zk: 127.0.0.1:2181(CONNECTED) 1] close\n" +
                w + "Closed type:None path:null\n" +
                "[zk: 127.0.0.1:2181(CLOSED) 2] ls /\n"
                "Not connected\n"
                "[zk: 127.0.0.1:2181(CLOSED) 3] create /x\n"
                "Not connected\n"
                "[zk: 127.0.0.1:2181(CLOSED) 4] connect 127.0.0.1:2183\n"
                "[zk: 127.0.0.1:2183(CONNECTING) 5] ls /\n" +
                w + "SyncConnected type:None path:null\n" +
                "[zookeeper]\n"
                "[zk: 127.0.0.1:2183(CONNECTED) 6] connect\n" +
                w + "Closed type:None path:null\n" +
                "[zk: 127.0.0.1:2183(CONNECTING) 7] ls /zookeeper\n" +
                w + "SyncConnected type:None path:null\n" +
                "[config, quota]\n");
}

// No server has that client port: the new handle never connects, requests lose their
// connection at once.
TEST_F(ConsoleTest, ConnectToAnAddressNoServerHas) {
  Console& c = open(1);
  run(c, {"connect 127.0.0.1:9999"});
  run::run_consoles_until(sim, all(), sim.now() + 5000);
  run(c, {"ls /", "close", "ls /"});
  EXPECT_EQ(text(c),
            "[zk: 127.0.0.1:2181(CONNECTED) 0] connect 127.0.0.1:9999\n"
            "\n"
            "WATCHER::\n"
            "\n"
            "WatchedEvent state:Closed type:None path:null\n"
            "[zk: 127.0.0.1:9999(CONNECTING) 1] ls /\n"
            "KeeperErrorCode = ConnectionLoss for /\n"
            "[zk: 127.0.0.1:9999(CONNECTING) 2] close\n"
            "\n"
            "WATCHER::\n"
            "\n"
            "WatchedEvent state:Closed type:None path:null\n"
            "[zk: 127.0.0.1:9999(CLOSED) 3] ls /\n"
            "Not connected\n");
}

// The connected server dies with a write in flight: the write ends in ConnectionLoss, the
// handle moves to the next server of its connect string with the same session, so the
// ephemeral lives on. The prompt shows the connect string as typed.
TEST_F(ConsoleTest, AServerCrashLosesTheRequestInFlightAndTheSessionMoves) {
  Console& c = open(kAllThree);
  run(c, {"create -e /eph x"});
  c.enter("create /x");
  c.pump();  // the create goes out now
  sim.schedule(server_action(ScheduledAction::Kind::Crash, 1, sim.now()));
  settle();
  run(c, {"ls /", "get /eph"});
  const std::string w = "\nWATCHER::\n\nWatchedEvent state:";
  EXPECT_EQ(text(c),
            "[zk: " + std::string(kAllThree) + "(CONNECTED) 0] create -e /eph x\n"
            "Created /eph\n"
            "[zk: " + kAllThree + "(CONNECTED) 1] create /x\n" +
                w + "Disconnected type:None path:null\n" + "KeeperErrorCode = ConnectionLoss for /x\n" +
                "[zk: " + kAllThree + "(CONNECTING) 2] ls /\n" + w + "SyncConnected type:None path:null\n" +
                "[eph, zookeeper]\n"
                "[zk: " + kAllThree + "(CONNECTED) 3] get /eph\n"
                "x\n");
  EXPECT_EQ(c.host(), "127.0.0.1:2182");
}

// The handle's watches move with it (ClientCnxn.primeConnection sends SetWatches with the
// last zxid it saw; DataTree.setWatches): a watch whose node did not change is registered at
// the new server and fires there later; one whose node changed while the client was away
// fires at once on reconnecting; a persistent watch keeps firing.
TEST_F(ConsoleTest, WatchesMoveWithTheSessionToTheNextServer) {
  Console& other = open(3);
  run(other, {"create /still a", "create /changed a", "create /dir"});
  Console& c = open(kAllThree);
  run(c, {"get -w /still", "get -w /changed", "ls -w /dir", "addWatch -m PERSISTENT /p"});
  sim.schedule(server_action(ScheduledAction::Kind::Crash, 1, sim.now()));
  run(other, {"set /changed b", "create /dir/kid"});  // while c is looking for a server
  sim.run_until(sim.now() + 3000);                     // c reconnects to server 2 (1 s retry)
  run(c, {"ls /dir"});  // answered after the SetWatches that went first on the connection
  ASSERT_EQ(sim.client(1).server, 2);
  const std::string before = text(c);
  const std::string w = "\nWATCHER::\n\nWatchedEvent state:SyncConnected type:";
  // Missed while away: fired by server 2 as soon as the watches arrive, before the ls reply.
  const auto reconnected = before.find(w + "None path:null\n");
  const auto changed = before.find(w + "NodeDataChanged path:/changed\n");
  const auto dir = before.find(w + "NodeChildrenChanged path:/dir\n");
  const auto listing = before.find("[kid]\n");
  ASSERT_NE(reconnected, std::string::npos) << before;
  EXPECT_TRUE(reconnected < changed && changed < dir && dir < listing && listing != std::string::npos) << before;
  EXPECT_EQ(before.find("path:/still"), std::string::npos) << before;
  // Unchanged: server 2 now holds the watch and fires it on the next change; the persistent
  // watch was registered too.
  run(other, {"set /still b", "create /p x", "set /p y"});
  run(c, {"sync /p"});  // server 2 has applied the writes (and fired) before this answer
  const std::string after = text(c).substr(before.size());
  const auto still = after.find(w + "NodeDataChanged path:/still\n");
  const auto created = after.find(w + "NodeCreated path:/p\n");
  const auto set = after.find(w + "NodeDataChanged path:/p\n");
  EXPECT_TRUE(still < created && created < set && set != std::string::npos) << after;
  // Each one-shot watch fired once: nothing is left registered but the persistent one.
  EXPECT_EQ(sim.peer_object(2)->watches().data_watches().size(), 1u);
}

// zkCli.sh -server 127.0.0.1:2181 has one server. Cut off with it in a minority, the client
// keeps trying that server alone (it never moves to the majority): requests fail with
// ConnectionLoss, the session expires at the leader, and the client hears it once its server
// serves again (the partition healed), and the console is closed.
TEST_F(ConsoleTest, AClientWhoseOnlyServerIsInAMinorityLosesItsConnectionAndExpires) {
  ConsoleOptions options;
  options.session_timeout_ms = 4000;
  Console& c = open(1, options);
  run(c, {"create -e /eph x"});
  ScheduledAction cut = server_action(ScheduledAction::Kind::Partition, 0, sim.now());
  cut.groups = {{1}, {2, 3}};
  sim.schedule(cut);
  run::run_consoles_until(sim, all(), sim.now() + 30000);
  run(c, {"ls /"});
  EXPECT_EQ(c.host(), "127.0.0.1:2181");
  EXPECT_EQ(sim.client(0).server, 1);
  sim.schedule(server_action(ScheduledAction::Kind::HealAll, 0, sim.now()));
  run::run_consoles_until(sim, all(), sim.now() + 30000);
  run(c, {"ls /"});
  const std::string w = "\nWATCHER::\n\nWatchedEvent state:";
  EXPECT_EQ(text(c),
            "[zk: 127.0.0.1:2181(CONNECTED) 0] create -e /eph x\n"
            "Created /eph\n" +
                w + "Disconnected type:None path:null\n" +
                "[zk: 127.0.0.1:2181(CONNECTING) 1] ls /\n"
                "KeeperErrorCode = ConnectionLoss for /\n" +
                w + "Expired type:None path:null\n" +
                "[zk: 127.0.0.1:2181(CLOSED) 2] ls /\n"
                "Not connected\n");
  // The ephemeral went with the expired session, at the majority.
  EXPECT_FALSE(sim.peer_object(2)->tree().exists("/eph").has_value());
}

// `connect HOST:PORT` uses exactly that address: the handle does not go elsewhere when that
// server dies. The next prompt comes at once and reads CONNECTING, as in real zkCli; the next
// command waits in the handle's queue for the connection.
TEST_F(ConsoleTest, ConnectUsesExactlyItsConnectString) {
  Console& c = open(2);
  run(c, {"connect 127.0.0.1:2181", "ls /zookeeper"});
  EXPECT_EQ(text(c),
            "[zk: 127.0.0.1:2182(CONNECTED) 0] connect 127.0.0.1:2181\n"
            "\n"
            "WATCHER::\n"
            "\n"
            "WatchedEvent state:Closed type:None path:null\n"
            "[zk: 127.0.0.1:2181(CONNECTING) 1] ls /zookeeper\n"
            "\n"
            "WATCHER::\n"
            "\n"
            "WatchedEvent state:SyncConnected type:None path:null\n"
            "[config, quota]\n");
  EXPECT_EQ(c.host(), "127.0.0.1:2181");
  sim.schedule(server_action(ScheduledAction::Kind::Crash, 1, sim.now()));
  run::run_consoles_until(sim, all(), sim.now() + 10000);
  EXPECT_EQ(c.host(), "127.0.0.1:2181");
  EXPECT_EQ(c.state(), client::ClientState::Connecting);
  // A list: the handle tries the next address of that list.
  run(c, {"connect 127.0.0.1:2181,127.0.0.1:2183"});
  run::run_consoles_until(sim, all(), sim.now() + 10000);
  EXPECT_EQ(c.host(), "127.0.0.1:2183");
  EXPECT_EQ(c.connect_string(), "127.0.0.1:2181,127.0.0.1:2183");
}

// getEphemerals, whoami and getAllChildrenNumber answered by the simulated server as real
// 3.8.0 answers them (captured: same nodes, same order).
TEST_F(ConsoleTest, EphemeralsWhoAmIAndChildrenCountAsZooKeeperAnswers) {
  Console& c = open(1);
  run(c, {"addauth digest alice:secret", "whoami", "create -e /ea", "create -e /eb", "create -e /zz",
          "create -e /e10", "create -e /abc", "create -e /ea2", "getEphemerals", "getEphemerals /e",
          "getEphemerals /ea/x", "getAllChildrenNumber /zookeeper", "getAllChildrenNumber /"});
  const std::string out = text(c);
  EXPECT_NE(out.find("whoami\nAuth scheme: User\ndigest: alice\nip: 127.0.0.1\n"), std::string::npos) << out;
  EXPECT_NE(out.find("getEphemerals\n[/ea2, /e10, /abc, /ea, /eb, /zz]\n"), std::string::npos) << out;
  EXPECT_NE(out.find("getEphemerals /e\n[/ea2, /e10, /ea, /eb]\n"), std::string::npos) << out;
  EXPECT_NE(out.find("getEphemerals /ea/x\n[]\n"), std::string::npos) << out;
  EXPECT_NE(out.find("getAllChildrenNumber /zookeeper\n2\n"), std::string::npos) << out;
  // Every node but the root (real 3.8.0 counts /zookeeper and its two children): 3 + 6.
  EXPECT_NE(out.find("getAllChildrenNumber /\n9\n"), std::string::npos) << out;
  // Another session sees none of them.
  Console& other = open(2);
  run(other, {"getEphemerals"});
  EXPECT_EQ(text(other), "[zk: 127.0.0.1:2182(CONNECTED) 0] getEphemerals\n[]\n");
}

// /zookeeper/config as ZooKeeper writes it (QuorumMaj.toString; a line with a client port
// gets ";0.0.0.0:PORT"), with the Stat of initConfigInZKDatabase: zxid 0, dataVersion and
// aclVersion -1, mtime when this server loaded its database (here at 0 ms).
TEST_F(ConsoleTest, ConfigVersionAndReconfig) {
  Console& c = open(1);
  run(c, {"config", "config -c -s", "version", "reconfig -remove 3", "reconfig", "getAcl /zookeeper/config"});
  const std::string members =
      "server.1=127.0.0.1:2888:3888:participant;0.0.0.0:2181\n"
      "server.2=127.0.0.1:2889:3889:participant;0.0.0.0:2182\n"
      "server.3=127.0.0.1:2890:3890:participant;0.0.0.0:2183\n"
      "version=0";
  EXPECT_EQ(text(c),
            "[zk: 127.0.0.1:2181(CONNECTED) 0] config\n" + members +
                "\n"
                "[zk: 127.0.0.1:2181(CONNECTED) 1] config -c -s\n"
                "0 0.0.0.0:2182,0.0.0.0:2181,0.0.0.0:2183\n"
                "cZxid = 0x0\n"
                "ctime = Thu Jan 01 00:00:00 UTC 1970\n"
                "mZxid = 0x0\n"
                "mtime = Mon Nov 23 00:00:00 UTC 2026\n"
                "pZxid = 0x0\n"
                "cversion = 0\n"
                "dataVersion = -1\n"
                "aclVersion = -1\n"
                "ephemeralOwner = 0x0\n"
                "dataLength = " + std::to_string(members.size()) + "\n"
                "numChildren = 0\n"
                "[zk: 127.0.0.1:2181(CONNECTED) 2] version\n"
                "ZooKeeper CLI version: 3.8.0-${mvngit.commit.id}, built on 2024-12-29 17:54 UTC\n"
                "[zk: 127.0.0.1:2181(CONNECTED) 3] reconfig -remove 3\n"
                "KeeperErrorCode = Reconfig is disabled\n"
                "[zk: 127.0.0.1:2181(CONNECTED) 4] reconfig\n" +
                *client::usage_of("reconfig") +
                "\n"
                "[zk: 127.0.0.1:2181(CONNECTED) 5] getAcl /zookeeper/config\n"
                "'world,'anyone\n"
                ": r\n");
}

// reconfig -file reads the file when the line runs (ReconfigCommand.parse): one it cannot read
// or parse is "Error processing " + path + the exception's message, with no request sent; a
// good one goes to the leader, which refuses it as it refuses every reconfig. Texts measured
// with real zkCli 3.8.0 on a real 3.8.0 ensemble (docs/fidelity.md, ## zkCli).
TEST_F(ConsoleTest, ReconfigFileIsReadThenRefused) {
  const std::filesystem::path dir =
      std::filesystem::temp_directory_path() / ("zooscope-reconfig-" + std::to_string(::testing::UnitTest::GetInstance()->random_seed()));
  std::filesystem::create_directories(dir);
  auto write = [&](const std::string& name, const std::string& text) {
    std::ofstream(dir / name, std::ios::binary) << text;
    return (dir / name).string();
  };
  const std::string members = write("members.cfg",
                                    "server.1=127.0.0.1:2888:3888:participant;127.0.0.1:2181\n"
                                    "server.2=127.0.0.1:2889:3889:participant;127.0.0.1:2182\n"
                                    "server.3=127.0.0.1:2890:3890:participant;127.0.0.1:2183\n");
  const std::string empty = write("empty.cfg", "");
  const std::string badkey = write("badkey.cfg", "foo=bar\n");
  const std::string missing = (dir / "missing.cfg").string();
  Console& c = open(1);
  run(c, {"reconfig -file " + members, "reconfig -file " + missing, "reconfig -file " + empty,
          "reconfig -file " + badkey, "reconfig -file " + dir.string(), "create /after", "stat /after"});
  const std::string t = text(c);
  std::filesystem::remove_all(dir);
  EXPECT_EQ(t.substr(0, t.find("[zk: 127.0.0.1:2181(CONNECTED) 6]")),
            "[zk: 127.0.0.1:2181(CONNECTED) 0] reconfig -file " + members + "\n"
            "KeeperErrorCode = Reconfig is disabled\n"
            "[zk: 127.0.0.1:2181(CONNECTED) 1] reconfig -file " + missing + "\n"
            "Error processing " + missing + missing + " (No such file or directory)\n"
            "[zk: 127.0.0.1:2181(CONNECTED) 2] reconfig -file " + empty + "\n"
            "KeeperErrorCode = Reconfig is disabled\n"
            "[zk: 127.0.0.1:2181(CONNECTED) 3] reconfig -file " + badkey + "\n"
            "Error processing " + badkey + "Unrecognised parameter: foo\n"
            "[zk: 127.0.0.1:2181(CONNECTED) 4] reconfig -file " + dir.string() + "\n"
            "Error processing " + dir.string() + dir.string() + " (Is a directory)\n"
            "[zk: 127.0.0.1:2181(CONNECTED) 5] create /after\n"
            "Created /after\n");
  // The session is 0x100000001; the two reconfigs sent took 0x2 and 0x3 (error txns).
  EXPECT_NE(t.find("cZxid = 0x100000004\n"), std::string::npos) << t;
  // The leader logs PrepRequestProcessor's ERROR once per reconfig it refused.
  int refused = 0;
  for (const auto& ev : sim.trace())
    if (const auto* line = std::get_if<LogLine>(&ev.body); line && line->kind == LogKind::ReconfigDisabledError) {
      EXPECT_EQ(line->level, LogLevel::Error);
      EXPECT_EQ(format_log(*line, sim.trace_context()), "Reconfig operation requested but reconfig feature is disabled.");
      ++refused;
    }
  EXPECT_EQ(refused, 2);
}

// ZooKeeperMain's own commands: history, redo, a line without tokens (runs the last command
// again), printwatches (session 3 and 10 of the capture).
TEST_F(ConsoleTest, HistoryRedoAndPrintWatches) {
  Console& c = open(1);
  run(c, {"create /h x", "\"", "redo 0", "redo 9", "redo 3", "printwatches off", "printwatches", "get -w /h",
          "set /h y", "printwatches on", "history"});
  EXPECT_EQ(text(c),
            "[zk: 127.0.0.1:2181(CONNECTED) 0] create /h x\n"
            "Created /h\n"
            "[zk: 127.0.0.1:2181(CONNECTED) 1] \"\n"
            "Node already exists: /h\n"
            "[zk: 127.0.0.1:2181(CONNECTED) 2] redo 0\n"
            "Node already exists: /h\n"
            "[zk: 127.0.0.1:2181(CONNECTED) 3] redo 9\n"
            "Command index out of range\n"
            "[zk: 127.0.0.1:2181(CONNECTED) 4] redo 3\n"
            "No redoing redos\n"
            "[zk: 127.0.0.1:2181(CONNECTED) 5] printwatches off\n"
            "[zk: 127.0.0.1:2181(CONNECTED) 6] printwatches\n"
            "printwatches is off\n"
            "[zk: 127.0.0.1:2181(CONNECTED) 7] get -w /h\n"
            "x\n"
            "[zk: 127.0.0.1:2181(CONNECTED) 8] set /h y\n"
            "[zk: 127.0.0.1:2181(CONNECTED) 9] printwatches on\n"
            "[zk: 127.0.0.1:2181(CONNECTED) 10] history\n"
            "0 - create /h x\n"
            "1 - \"\n"
            "2 - create /h x\n"
            "3 - redo 9\n"
            "4 - redo 3\n"
            "5 - printwatches off\n"
            "6 - printwatches\n"
            "7 - get -w /h\n"
            "8 - set /h y\n"
            "9 - printwatches on\n"
            "10 - history\n");
  EXPECT_EQ(c.command_count(), 11);
}

// An uncaught Java exception ends zkCli: later lines do not run.
TEST_F(ConsoleTest, ALineThatKillsZkCliEndsTheConsole) {
  Console& c = open(1);
  run(c, {"set -v abc /x d", "ls /"});
  const std::string out = text(c);
  EXPECT_TRUE(out.starts_with("[zk: 127.0.0.1:2181(CONNECTED) 0] set -v abc /x d\n"
                              "Exception in thread \"main\" java.lang.NumberFormatException: For input "
                              "string: \"abc\"\n\tat java.base/"))
      << out;
  EXPECT_TRUE(out.ends_with("(ZooKeeperMain.java:293)\n")) << out;  // and no `ls /`
  EXPECT_TRUE(c.exited());
  EXPECT_EQ(c.exit_code(), 1);
}

// The first line waits for the first connection; until the ensemble serves, the handle is
// CONNECTING. A server not yet serving closes the connection and the handle tries again a
// second later: its connect string holds that one server, so it waits for server 1.
TEST(ConsoleStart, TheFirstLineWaitsForTheFirstConnection) {
  Simulator sim(config::default_ensemble(3), SimOptions{});
  for (Sid s = 1; s <= 3; ++s) sim.schedule(server_action(ScheduledAction::Kind::Start, s, 0));
  const std::unique_ptr<Console> opened = run::open_sim_console(sim, 0, 1);
  Console& c = *opened;
  EXPECT_EQ(c.prompt_text(), "[zk: 127.0.0.1:2181(CONNECTING) 0] ");
  c.enter("ls /");
  std::vector<Console*> all{&c};
  ASSERT_TRUE(run::run_until_idle(sim, all, 60000));
  EXPECT_EQ(transcript_text(c.transcript(), false), "[zk: 127.0.0.1:2181(CONNECTED) 0] ls /\n[zookeeper]\n");
  EXPECT_EQ(c.transcript().front().kind, TranscriptEntry::Kind::Banner);
}

}  // namespace
}  // namespace zs::console

// The zkCli console on a fake ClientHandle: no simulator is linked into this binary, so the
// console is seen to need nothing but the handle. The fake records what the console sends and
// answers only when a test says so, as a server would (ClientCnxn's side of the wire).
#include <gtest/gtest.h>

#include <deque>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "console/client_handle.hpp"
#include "console/console.hpp"

namespace zs::console {
namespace {

class FakeHandle final : public ClientHandle {
 public:
  // --- what the console did -------------------------------------------------------------
  std::vector<std::string> connects;
  std::vector<bool> read_only_connects;  // canBeReadOnly of each connect
  std::vector<ClientCall> calls;  // in the order submitted
  std::vector<std::pair<std::string, std::optional<std::string>>> auths;
  int kills = 0;

  // --- what the "server" says (taken by poll(), in order) ---------------------------------
  void says(HandleEvent e, std::optional<HandleState> state_after = std::nullopt) {
    queue_.push_back(Queued{std::move(e), state_after});
  }
  void connected() { says(HandleStateChange{HandleStateChange::Why::Connected}, HandleState::Connected); }
  void answers(std::int32_t xid, Code err = Code::Ok, ClientResult result = {}) {
    says(HandleReply{xid, err, std::move(result)});
  }
  Ms now = 1000;

  // --- ClientHandle -----------------------------------------------------------------------
  void connect(std::string_view connect_string, std::int32_t, bool read_only) override {
    read_only_connects.push_back(read_only);
    connects.emplace_back(connect_string);
    host_ = std::string(connect_string);
    state_ = HandleState::Connecting;
    next_xid_ = 0;
  }
  std::int32_t submit(ClientCall call) override {
    const bool set_watches = std::holds_alternative<SetWatchesRequest>(call);
    calls.push_back(std::move(call));
    return set_watches ? kSetWatchesXid : ++next_xid_;
  }
  std::int32_t close() override { return submit(WriteRequest{CloseSessionRequest{}}); }
  void add_auth(std::string scheme, std::optional<std::string> auth) override {
    auths.emplace_back(std::move(scheme), std::move(auth));
  }
  void kill() override {
    ++kills;
    state_ = HandleState::Closed;
  }
  std::optional<HandleEvent> poll() override {
    if (queue_.empty()) return std::nullopt;
    Queued q = std::move(queue_.front());
    queue_.pop_front();
    if (q.state_after) state_ = *q.state_after;
    return std::move(q.event);
  }
  HandleState state() const override { return state_; }
  bool reachable() const override { return true; }
  std::string host() const override { return host_; }
  std::int64_t session_id() const override { return state_ == HandleState::Connected ? 0x1000 : 0; }
  Zxid last_zxid_seen() const override { return Zxid{}; }
  Ms now_ms() const override { return now; }
  bool serves_op(std::int32_t op) const override { return real_server_ops && op > 0; }
  bool real_server_ops = false;  // answer getAllChildrenNumber and whoAmI, as a real server does

 private:
  struct Queued {
    HandleEvent event;
    std::optional<HandleState> state_after;
  };
  std::deque<Queued> queue_;
  HandleState state_ = HandleState::Closed;
  std::string host_;
  std::int32_t next_xid_ = 0;
};

// A console on a fake handle that has just connected (its banner printed).
struct Fixture {
  Fixture() {
    auto h = std::make_unique<FakeHandle>();
    fake = h.get();
    console = std::make_unique<Console>(std::move(h), "127.0.0.1:2181");
    fake->connected();
    console->pump();
  }
  std::string text() const { return transcript_text(console->transcript(), false); }
  // The call submitted `k`-th (0-based), as a read.
  const ReadRequest& read(std::size_t k) const { return std::get<ReadRequest>(fake->calls.at(k)); }

  FakeHandle* fake = nullptr;
  std::unique_ptr<Console> console;
};

const std::string kWatcher = "\nWATCHER::\n\nWatchedEvent state:";

TEST(ConsoleOnAHandle, StartsWithZkCliBannerAndConnects) {
  Fixture f;
  EXPECT_EQ(f.fake->connects, std::vector<std::string>{"127.0.0.1:2181"});
  EXPECT_EQ(transcript_text(f.console->transcript(), true),
            "Connecting to 127.0.0.1:2181\nWelcome to ZooKeeper!\nJLine support is enabled\n" + kWatcher +
                "SyncConnected type:None path:null\n");
  EXPECT_EQ(f.console->prompt_text(), "[zk: 127.0.0.1:2181(CONNECTED) 0] ");
}

// zkCli -r: every connection may be read-only (connect's too); a read-only server's session
// is ConnectedReadOnly in the event and the prompt, and a write fails with its NotReadOnly.
TEST(ConsoleOnAHandle, ReadOnlyConnectionShowsAsZkCliShowsIt) {
  auto h = std::make_unique<FakeHandle>();
  FakeHandle* fake = h.get();
  Console c(std::move(h), "127.0.0.1:2181", ConsoleOptions{.read_only = true});
  fake->says(HandleStateChange{HandleStateChange::Why::Connected}, HandleState::ConnectedReadOnly);
  c.pump();
  EXPECT_EQ(c.prompt_text(), "[zk: 127.0.0.1:2181(CONNECTEDREADONLY) 0] ");
  c.enter("create /x");
  c.pump();
  ASSERT_EQ(fake->calls.size(), 1u);  // a write still goes to the server, which decides
  fake->answers(1, Code::NotReadOnly);
  c.pump();
  c.enter("connect 127.0.0.1:2182");
  c.pump();
  fake->answers(2);  // closeSession of the old session
  c.pump();
  EXPECT_EQ(fake->read_only_connects, (std::vector<bool>{true, true}));
  // The new session is at a read-write server: SyncConnected, CONNECTED.
  fake->says(HandleStateChange{HandleStateChange::Why::Connected}, HandleState::Connected);
  c.pump();
  EXPECT_EQ(transcript_text(c.transcript(), true),
            "Connecting to 127.0.0.1:2181\nWelcome to ZooKeeper!\nJLine support is enabled\n" + kWatcher +
                "ConnectedReadOnly type:None path:null\n"
                "[zk: 127.0.0.1:2181(CONNECTEDREADONLY) 0] create /x\n"
                "Not a read-only call: /x\n"
                "[zk: 127.0.0.1:2181(CONNECTEDREADONLY) 1] connect 127.0.0.1:2182\n" +
                kWatcher + "Closed type:None path:null\n" + kWatcher +
                "SyncConnected type:None path:null\n");
  EXPECT_EQ(c.prompt_text(), "[zk: 127.0.0.1:2182(CONNECTED) 2] ");
}

// Without -r the handle is asked for read-write servers only.
TEST(ConsoleOnAHandle, ConnectsReadWriteWithoutDashR) {
  Fixture f;
  EXPECT_EQ(f.fake->read_only_connects, std::vector<bool>{false});
}

// getAllChildrenNumber and whoami go to a server that has them and print its answer as zkCli
// does (ZooKeeper.whoAmI ignores a failed reply: the heading alone). Where the server has
// neither (the simulated ones), the console says so and sends nothing.
TEST(ConsoleOnAHandle, GetAllChildrenNumberAndWhoAmIAskTheServer) {
  Fixture f;
  f.console->enter("whoami");
  f.console->enter("getAllChildrenNumber /");
  f.console->pump();
  EXPECT_TRUE(f.fake->calls.empty());
  EXPECT_EQ(f.text(), "[zk: 127.0.0.1:2181(CONNECTED) 0] whoami\n"
                      "zooscope: `whoami` is not simulated by this console\n"
                      "[zk: 127.0.0.1:2181(CONNECTED) 1] getAllChildrenNumber /\n"
                      "zooscope: `getAllChildrenNumber` is not simulated by this console\n");

  Fixture g;
  g.fake->real_server_ops = true;
  g.console->enter("whoami");
  g.console->enter("getAllChildrenNumber /a");
  g.console->enter("getAllChildrenNumber /nope");
  g.console->enter("whoami");
  g.console->pump();
  ClientResult who;
  who.client_info = {{"ip", "127.0.0.1"}, {"digest", "user"}};
  g.fake->answers(1, Code::Ok, who);
  g.console->pump();
  ClientResult count;
  count.total_number = 7;
  g.fake->answers(2, Code::Ok, count);
  g.console->pump();
  g.fake->answers(3, Code::NoNode);
  g.console->pump();
  g.fake->answers(4, Code::ConnectionLoss);
  g.console->pump();
  ASSERT_EQ(g.fake->calls.size(), 4u);
  EXPECT_EQ(g.read(0).op, opcode::kWhoAmI);
  EXPECT_EQ(g.read(1).op, opcode::kGetAllChildrenNumber);
  EXPECT_EQ(g.read(1).path, "/a");
  EXPECT_EQ(g.text(), "[zk: 127.0.0.1:2181(CONNECTED) 0] whoami\n"
                      "Auth scheme: User\nip: 127.0.0.1\ndigest: user\n"
                      "[zk: 127.0.0.1:2181(CONNECTED) 1] getAllChildrenNumber /a\n"
                      "7\n"
                      "[zk: 127.0.0.1:2181(CONNECTED) 2] getAllChildrenNumber /nope\n"
                      "Node does not exist: /nope\n"
                      "[zk: 127.0.0.1:2181(CONNECTED) 3] whoami\n"
                      "Auth scheme: User\n");
  EXPECT_EQ(g.console->exit_code(), 0);
}

// CreateCommand.exec: zk.create, then "Created <path>" from the server's answer.
TEST(ConsoleOnAHandle, CreateSubmitsACreateAndPrintsCreatedWhenAnswered) {
  Fixture f;
  f.console->enter("create /a x");
  f.console->pump();
  ASSERT_EQ(f.fake->calls.size(), 1u);
  const auto& create = std::get<CreateRequest>(std::get<WriteRequest>(f.fake->calls[0]));
  EXPECT_EQ(create.path, "/a");
  EXPECT_EQ(create.data, "x");
  EXPECT_FALSE(f.console->idle());  // waits for the server

  ClientResult created;
  created.path = "/a";
  f.fake->answers(1, Code::Ok, created);
  f.console->pump();
  EXPECT_TRUE(f.console->idle());
  EXPECT_EQ(f.text(), "[zk: 127.0.0.1:2181(CONNECTED) 0] create /a x\nCreated /a\n");
}

// The server's error, not the console's, decides what a failed create prints.
TEST(ConsoleOnAHandle, AServerErrorIsPrintedAsZkCliPrintsIt) {
  Fixture f;
  f.console->enter("create /a x");
  f.console->pump();
  f.fake->answers(1, Code::NodeExists);
  f.console->pump();
  EXPECT_EQ(f.text(), "[zk: 127.0.0.1:2181(CONNECTED) 0] create /a x\nNode already exists: /a\n");
  EXPECT_EQ(f.console->exit_code(), 1);
}

// ZooKeeperMain.MyWatcher.process prints every WatchedEvent of the default watcher.
TEST(ConsoleOnAHandle, AWatchEventPrintsAsZkCliPrintsIt) {
  Fixture f;
  f.console->enter("get -w /a");
  f.console->pump();
  EXPECT_TRUE(f.read(0).watch);
  ClientResult data;
  data.data = "x";
  f.fake->answers(1, Code::Ok, data);
  f.console->pump();
  f.fake->says(HandleWatch{EventType::NodeDataChanged, "/a"});
  f.fake->now = 2000;
  f.console->pump();
  EXPECT_EQ(f.text(), "[zk: 127.0.0.1:2181(CONNECTED) 0] get -w /a\nx\n" + kWatcher +
                          "SyncConnected type:NodeDataChanged path:/a\n");
  // The event is an entry of its own, at the handle's time.
  EXPECT_EQ(f.console->transcript().back().kind, TranscriptEntry::Kind::Event);
  EXPECT_EQ(f.console->transcript().back().at, 2000);
}

// A lost connection: the Disconnected event, the request in flight fails with
// ConnectionLoss, and the prompt shows the handle's state.
TEST(ConsoleOnAHandle, ADisconnectedHandleShowsInThePrompt) {
  Fixture f;
  f.console->enter("ls /");
  f.console->pump();
  f.fake->says(HandleStateChange{HandleStateChange::Why::Disconnected}, HandleState::Connecting);
  f.console->pump();
  EXPECT_EQ(f.text(), "[zk: 127.0.0.1:2181(CONNECTED) 0] ls /\n" + kWatcher + "Disconnected type:None path:null\n" +
                          "KeeperErrorCode = ConnectionLoss for /\n");
  EXPECT_EQ(f.console->prompt_text(), "[zk: 127.0.0.1:2181(CONNECTING) 1] ");
  // A late answer to the request given up on prints nothing.
  f.fake->answers(1);
  f.console->pump();
  EXPECT_EQ(f.console->transcript().size(), 2u);
}

// ls -R: ZKUtil.visitSubTreeDFS, a getData on the root, then one getChildren at a time in
// the order the walk visits the nodes.
TEST(ConsoleOnAHandle, LsRecursiveMakesItsCallsInZkCliOrder) {
  Fixture f;
  f.console->enter("ls -R /a");
  f.console->pump();
  auto children = [](std::vector<std::string> names) {
    ClientResult r;
    r.children = std::move(names);
    return r;
  };
  const std::vector<std::pair<std::string, std::vector<std::string>>> tree{
      {"/a", {"c", "b"}}, {"/a/b", {"d"}}, {"/a/b/d", {}}, {"/a/c", {}}};
  f.fake->answers(1);  // the root's getData
  for (std::size_t k = 0; k < tree.size(); ++k) {
    f.console->pump();
    ASSERT_EQ(f.fake->calls.size(), k + 2);
    f.fake->answers(static_cast<std::int32_t>(k + 2), Code::Ok, children(tree[k].second));
  }
  f.console->pump();
  ASSERT_EQ(f.fake->calls.size(), 5u);
  EXPECT_EQ(f.read(0).op, opcode::kGetData);
  EXPECT_EQ(f.read(0).path, "/a");
  for (std::size_t k = 0; k < tree.size(); ++k) {
    EXPECT_EQ(f.read(k + 1).op, opcode::kGetChildren);
    EXPECT_EQ(f.read(k + 1).path, tree[k].first);
  }
  EXPECT_EQ(f.text(), "[zk: 127.0.0.1:2181(CONNECTED) 0] ls -R /a\n/a\n/a/b\n/a/c\n/a/b/d\n");
}

// addauth: the credentials go to the server and its answer decides (the console checks
// nothing itself). ZooKeeper.addAuthInfo only queues the auth packet, so the next line runs at
// once behind it; an AUTHFAILED answer then fails that line's request and leaves the console
// AUTH_FAILED (real zkCli with piped lines: the event, then "KeeperErrorCode = AuthFailed").
TEST(ConsoleOnAHandle, AddAuthReturnsAtOnceAndTheVerdictComesLater) {
  Fixture f;
  f.console->enter("addauth digest user:pass");
  f.console->enter("addauth foo bar");
  f.console->enter("ls /");
  f.console->pump();
  ASSERT_EQ(f.fake->auths.size(), 2u);  // a scheme no provider knows still goes to the server
  EXPECT_EQ(f.fake->auths[0].first, "digest");
  EXPECT_EQ(f.fake->auths[0].second, "user:pass");
  EXPECT_EQ(f.fake->auths[1].first, "foo");
  ASSERT_EQ(f.fake->calls.size(), 1u);  // ls went out behind the auth packets
  f.fake->answers(kAuthXid);
  f.fake->says(HandleReply{kAuthXid, Code::AuthFailed, {}}, HandleState::AuthFailed);
  f.console->pump();
  f.console->enter("ls /");
  f.console->pump();
  EXPECT_EQ(f.fake->calls.size(), 1u);
  EXPECT_EQ(f.text(), "[zk: 127.0.0.1:2181(CONNECTED) 0] addauth digest user:pass\n"
                      "[zk: 127.0.0.1:2181(CONNECTED) 1] addauth foo bar\n"
                      "[zk: 127.0.0.1:2181(CONNECTED) 2] ls /\n" +
                          kWatcher + "AuthFailed type:None path:null\n" +
                          "KeeperErrorCode = AuthFailed for /\n"
                          "[zk: 127.0.0.1:2181(AUTH_FAILED) 3] ls /\n"
                          "Not connected\n");
}

// The first line waits for the handle's first connection, as zkCli's first prompt does.
TEST(ConsoleOnAHandle, TheFirstLineWaitsForTheFirstConnection) {
  auto h = std::make_unique<FakeHandle>();
  FakeHandle* fake = h.get();
  Console c(std::move(h), "127.0.0.1:2182");
  c.enter("ls /");
  c.pump();
  EXPECT_TRUE(c.awaiting_first_connection());
  EXPECT_TRUE(fake->calls.empty());
  EXPECT_EQ(c.prompt_text(), "[zk: 127.0.0.1:2182(CONNECTING) 0] ");
  fake->connected();
  c.pump();
  ASSERT_EQ(fake->calls.size(), 1u);
  EXPECT_EQ(std::get<ReadRequest>(fake->calls[0]).op, opcode::kGetChildren2);
}

}  // namespace
}  // namespace zs::console

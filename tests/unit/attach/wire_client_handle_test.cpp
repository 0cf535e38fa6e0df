// The zkCli console on a WireClientHandle, against a fake server on its own thread: lines
// become wire requests, answers come back through poll() in order, the handle's state moves
// as its events are taken, and a connect string that does not parse reaches nothing.
#include "attach/wire_client_handle.hpp"

#include <gtest/gtest.h>

#include <future>
#include <thread>

#include "console/console.hpp"
#include "fake_zk_server.hpp"

namespace zs::attach {
namespace {

using Clock = std::chrono::steady_clock;

// A FakeZk on its own io thread.
struct FakeOnThread {
  boost::asio::io_context io;
  std::optional<test::FakeZk> zk;
  std::optional<boost::asio::executor_work_guard<boost::asio::io_context::executor_type>> work;
  std::thread thread;
  explicit FakeOnThread(test::FakeZkScript script = {}) {
    zk.emplace(io, script);
    work.emplace(io.get_executor());
    thread = std::thread([this] { io.run(); });
  }
  ~FakeOnThread() {
    work.reset();
    io.stop();
    thread.join();
  }
};

bool run_console(console::Console& c, WireClientHandle& h, int limit_ms) {
  const auto end = Clock::now() + std::chrono::milliseconds(limit_ms);
  while (Clock::now() < end) {
    c.pump();
    if (c.idle() && !c.awaiting_first_connection()) return true;
    h.wait_for_event(std::chrono::milliseconds(20));
  }
  return false;
}

TEST(WireClientHandle, ConsoleLinesGoOverTheWire) {
  FakeOnThread fake;
  auto owned = std::make_unique<WireClientHandle>();
  WireClientHandle& h = *owned;
  console::Console c(std::move(owned), fake.zk->address());
  ASSERT_TRUE(run_console(c, h, 3000));
  EXPECT_EQ(h.state(), console::HandleState::Connected);
  EXPECT_EQ(h.session_id(), 0x1000000abcd0000);
  EXPECT_EQ(h.host(), fake.zk->address());
  c.enter("create /zk_test my_data");
  c.enter("get /zk_test");
  ASSERT_TRUE(run_console(c, h, 3000));
  const std::string out = c.take_output().text();
  EXPECT_NE(out.find("Created /zk_test"), std::string::npos) << out;
  EXPECT_NE(out.find("data of /zk_test"), std::string::npos) << out;
  EXPECT_EQ(h.last_zxid_seen(), Zxid(0x100000001));
  const auto now = h.now_ms();
  EXPECT_GT(now, 1700000000000) << "wall clock ms since the epoch";
}

// zkCli -r on a read-only server: the session is CONNECTEDREADONLY, reads are answered and a
// write gets the server's NotReadOnly, printed as zkCli prints it.
TEST(WireClientHandle, ReadOnlyServerShowsInThePromptAndRefusesWrites) {
  FakeOnThread fake(test::FakeZkScript{.read_only = true});
  auto owned = std::make_unique<WireClientHandle>();
  WireClientHandle& h = *owned;
  console::Console c(std::move(owned), fake.zk->address(), console::ConsoleOptions{.read_only = true});
  ASSERT_TRUE(run_console(c, h, 3000));
  EXPECT_EQ(h.state(), console::HandleState::ConnectedReadOnly);
  EXPECT_EQ(c.prompt_text(), "[zk: " + fake.zk->address() + "(CONNECTEDREADONLY) 0] ");
  EXPECT_NE(c.take_output().text().find("WatchedEvent state:ConnectedReadOnly type:None path:null"),
            std::string::npos);
  c.enter("get /a");
  c.enter("create /x");
  ASSERT_TRUE(run_console(c, h, 3000));
  EXPECT_EQ(c.take_output().text(), "data of /a\nNot a read-only call: /x\n");
  EXPECT_EQ(c.exit_code(), 1);
}

// Without -r a read-only server refuses the session: the console keeps trying, never connected.
TEST(WireClientHandle, ReadOnlyServerRefusesAConsoleWithoutDashR) {
  FakeOnThread fake(test::FakeZkScript{.read_only = true});
  auto owned = std::make_unique<WireClientHandle>();
  WireClientHandle& h = *owned;
  console::Console c(std::move(owned), fake.zk->address());
  run_console(c, h, 1500);
  EXPECT_TRUE(h.state() == console::HandleState::Connecting) << c.prompt_text();
  EXPECT_EQ(c.prompt_text(), "[zk: " + fake.zk->address() + "(CONNECTING) 0] ");
}

// getAllChildrenNumber and whoami travel as opcodes 104 and 107 and print the server's answer.
TEST(WireClientHandle, GetAllChildrenNumberAndWhoAmIGoOverTheWire) {
  FakeOnThread fake;
  auto owned = std::make_unique<WireClientHandle>();
  WireClientHandle& h = *owned;
  console::Console c(std::move(owned), fake.zk->address());
  ASSERT_TRUE(run_console(c, h, 3000));
  c.take_output();
  c.enter("getAllChildrenNumber /abcde");
  c.enter("whoami");
  ASSERT_TRUE(run_console(c, h, 3000));
  EXPECT_EQ(c.take_output().text(), "6\nAuth scheme: User\nip: 127.0.0.1\n");
}

TEST(WireClientHandle, QuitClosesTheSession) {
  FakeOnThread fake;
  auto owned = std::make_unique<WireClientHandle>();
  WireClientHandle& h = *owned;
  console::Console c(std::move(owned), fake.zk->address());
  ASSERT_TRUE(run_console(c, h, 3000));
  c.enter("quit");
  run_console(c, h, 1000);
  const auto end = Clock::now() + std::chrono::seconds(3);
  while (h.state() != console::HandleState::Closed && Clock::now() < end) {
    h.wait_for_event(std::chrono::milliseconds(20));
    h.poll();
  }
  EXPECT_EQ(h.state(), console::HandleState::Closed);
  std::this_thread::sleep_for(std::chrono::milliseconds(100));
  std::promise<int> last_op;
  boost::asio::post(fake.io, [&] { last_op.set_value(fake.zk->log.requests.back().op); });
  EXPECT_EQ(last_op.get_future().get(), opcode::kCloseSession);
}

TEST(WireClientHandle, UnparsableConnectStringReachesNothing) {
  WireClientHandle h;
  h.connect("127.0.0.1:99999", 30000, false);
  EXPECT_FALSE(h.reachable());
  EXPECT_NE(h.connect_error().find("port 99999 of host 1"), std::string::npos);
}

TEST(WireClientHandle, RefusedHostSaysWhyWhileConnecting) {
  boost::asio::io_context io;
  const std::string bad = "127.0.0.1:" + std::to_string(test::closed_port(io));
  WireClientHandle h;
  h.connect(bad, 30000, false);
  EXPECT_TRUE(h.reachable());
  const auto end = Clock::now() + std::chrono::seconds(2);
  std::string e;
  while (e.empty() && Clock::now() < end) {
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
    e = h.last_error();
  }
  EXPECT_EQ(e, bad + ": connection refused");
  EXPECT_EQ(h.state(), console::HandleState::Connecting);
}

TEST(WireClientHandle, AConsoleOnARefusedHostGetsConnectionLossAtOnce) {
  boost::asio::io_context io;
  const std::string bad = "127.0.0.1:" + std::to_string(test::closed_port(io));
  auto owned = std::make_unique<WireClientHandle>();
  WireClientHandle& h = *owned;
  console::Console c(std::move(owned), bad);
  // The first (and only) host refused: a whole round failed, so the console stops waiting.
  ASSERT_TRUE(run_console(c, h, 3000));
  EXPECT_FALSE(h.reachable());
  EXPECT_EQ(c.prompt_text(), "[zk: " + bad + "(CONNECTING) 0] ");
  c.enter("ls /");
  ASSERT_TRUE(run_console(c, h, 1000));
  const std::string out = c.take_output().text();
  EXPECT_NE(out.find("KeeperErrorCode = ConnectionLoss for /"), std::string::npos) << out;
}

}  // namespace
}  // namespace zs::attach

// The console's handle on the simulator (engine/run/sim_client_handle.hpp): replies come
// through the simulator's reply channel, so consoles work the same with tracing off, and a
// seek leaves nothing stale in the channel.
#include "run/sim_client_handle.hpp"

#include <gtest/gtest.h>

#include <iostream>
#include <memory>
#include <string>
#include <vector>

namespace zs::run {
namespace {

// A 3-server ensemble settled by 5 s, with or without a trace.
std::unique_ptr<Simulator> settled(bool trace) {
  SimOptions options;
  options.trace = trace;
  auto sim = std::make_unique<Simulator>(config::default_ensemble(3), options);
  for (Sid s = 1; s <= 3; ++s) sim->schedule(server_action(ScheduledAction::Kind::Start, s, 0));
  sim->run_until(5000);
  return sim;
}

// Two consoles (on servers 1 and 2) running the same lines, with a crash of server 1 in the
// middle: writes, reads, a watch firing, ls -R, addauth and ACLs, a lost connection.
std::string session_transcript(bool trace) {
  std::unique_ptr<Simulator> sim = settled(trace);
  // Console a lists every server, so it moves to server 2 when server 1 crashes.
  std::unique_ptr<console::Console> a =
      open_sim_console(*sim, 0, std::string("127.0.0.1:2181,127.0.0.1:2182,127.0.0.1:2183"));
  std::unique_ptr<console::Console> b = open_sim_console(*sim, 1, 2);
  const std::vector<console::Console*> all{a.get(), b.get()};
  auto run = [&](console::Console& c, const std::vector<std::string>& lines) {
    for (const std::string& l : lines) c.enter(l);
    EXPECT_TRUE(run_until_idle(*sim, all, sim->now() + 60000));
  };
  run(*a, {"create /zk_test my_data", "get -w /zk_test", "create -e /zk_test/e x", "addauth digest u:p",
           "create /s x auth::cdrwa"});
  run(*b, {"set /zk_test junk", "ls -R /", "get /s", "addauth foo bar", "ls /"});
  sim->schedule(server_action(ScheduledAction::Kind::Crash, 1, sim->now()));
  run_consoles_until(*sim, all, sim->now() + 3000);
  run(*a, {"ls /zk_test", "getAcl /s", "deleteall /zk_test", "ls /"});
  return console::merged_transcript_text({a.get(), b.get()});
}

// The console hears its handle through the reply channel, not the trace: with tracing off it
// prints exactly what it prints with tracing on.
TEST(SimClientHandle, ConsolesPrintTheSameWithTracingOff) {
  const std::string traced = session_transcript(true);
  const std::string untraced = session_transcript(false);
  EXPECT_EQ(untraced, traced);
  // The session did what it should (not two equal failures).
  EXPECT_NE(traced.find("WatchedEvent state:SyncConnected type:NodeDataChanged path:/zk_test\n"), std::string::npos)
      << traced;
  EXPECT_NE(traced.find("WatchedEvent state:AuthFailed type:None path:null\n"), std::string::npos) << traced;
  EXPECT_NE(traced.find("WatchedEvent state:Disconnected type:None path:null\n"), std::string::npos) << traced;
  EXPECT_NE(traced.find("'digest,'u:"), std::string::npos) << traced;
  if (::testing::Test::HasFailure()) std::cerr << traced;
}

// Tracing off from the start: a console still connects and gets its answers.
TEST(SimClientHandle, AConsoleWorksWithoutATrace) {
  std::unique_ptr<Simulator> sim = settled(false);
  std::unique_ptr<console::Console> c = open_sim_console(*sim, 0, 1);
  c->enter("create /a x");
  c->enter("get /a");
  ASSERT_TRUE(run_until_idle(*sim, {c.get()}, sim->now() + 60000));
  EXPECT_EQ(sim->trace().size(), 0u);
  EXPECT_EQ(console::transcript_text(c->transcript(), false),
            "[zk: 127.0.0.1:2181(CONNECTED) 0] create /a x\nCreated /a\n"
            "[zk: 127.0.0.1:2181(CONNECTED) 1] get /a\nx\n");
}

// A seek (back, then forward again over the same events) puts nothing in a reply channel:
// what the rewound or replayed events said was heard the first time, or belongs to a past
// the handle no longer lives in.
TEST(SimClientHandle, ASeekDeliversNoStaleReplies) {
  std::unique_ptr<Simulator> sim = settled(true);
  SimClientHandle h(*sim, 0);
  h.connect("127.0.0.1:2181", 30000, false);
  sim->run_until(sim->now() + 1000);
  ASSERT_TRUE(h.poll().has_value());  // Connected
  EXPECT_EQ(h.state(), console::HandleState::Connected);
  h.submit(ReadRequest{opcode::kGetChildren2, "/", false});
  sim->run_until(sim->now() + 1000);
  const auto first = h.poll();  // the channel works: the answer is there
  ASSERT_TRUE(first.has_value());
  EXPECT_EQ(std::get<console::HandleReply>(*first).xid, 1);

  const std::uint64_t before = sim->events_processed();
  h.submit(ReadRequest{opcode::kGetChildren2, "/", false});
  sim->run_until(sim->now() + 1000);
  ASSERT_GT(sim->events_processed(), before);
  sim->seek(before);  // the second answer was queued, then rewound away
  EXPECT_FALSE(h.poll().has_value());
  sim->seek(sim->events_processed() + 100);  // replays the read and its answer
  EXPECT_FALSE(h.poll().has_value());
}

// The auth packet's answer comes from the server's provider: an unknown scheme is refused
// and the handle is AUTH_FAILED; the simulated client no longer holds a connection.
TEST(SimClientHandle, AuthIsDecidedByTheServer) {
  std::unique_ptr<Simulator> sim = settled(true);
  SimClientHandle h(*sim, 0);
  h.connect("127.0.0.1:2182", 30000, false);
  sim->run_until(sim->now() + 1000);
  ASSERT_TRUE(h.poll().has_value());
  h.add_auth("digest", "u:p");
  h.add_auth("foo", "bar");
  sim->run_until(sim->now() + 10);
  auto ok = h.poll();
  ASSERT_TRUE(ok.has_value());
  EXPECT_EQ(std::get<console::HandleReply>(*ok).xid, kAuthXid);
  EXPECT_EQ(std::get<console::HandleReply>(*ok).err, Code::Ok);
  EXPECT_EQ(h.state(), console::HandleState::Connected);
  auto refused = h.poll();
  ASSERT_TRUE(refused.has_value());
  EXPECT_EQ(std::get<console::HandleReply>(*refused).err, Code::AuthFailed);
  EXPECT_EQ(h.state(), console::HandleState::AuthFailed);
  EXPECT_EQ(h.host(), "127.0.0.1:2182");
}

}  // namespace
}  // namespace zs::run

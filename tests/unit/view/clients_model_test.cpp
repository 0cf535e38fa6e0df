// Clients and their sessions in the per-frame model (view/model_clients.hpp), from real runs:
// a console's client with its session and server, moving to another server with the same
// session when its server crashes, and a killed client's session counting down at the leader
// until it expires and takes its ephemerals with it.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "config/config.hpp"
#include "run/run.hpp"
#include "view/sim_source.hpp"

namespace zs::view {
namespace {

using run::ConsoleLine;
using run::CrashServer;
using run::KillClient;

ClusterView model_of(const run::Run& r) {
  SimSource source(r);
  ClusterView m;
  source.fill(m, Display{});
  return m;
}

// A run whose leader is server 3, with server 1's console holding the ephemeral /eph.
struct ConsoleRun {
  run::Run r{run::RunSetup{}};
  std::int64_t session = 0;
  ConsoleRun() {
    r.run_to(3000);
    r.act(ConsoleLine{1, "create -e /eph here"});
    r.run_to(4000);
    session = r.consoles().at(0).second->handle().session_id();
  }
};

TEST(ClientsModel, AConnectedConsoleClientHasItsSessionServerAndEphemerals) {
  ConsoleRun run;
  ASSERT_NE(run.session, 0);
  const ClusterView m = model_of(run.r);
  ASSERT_EQ(m.clients.list.size(), 1u);
  const ClientModel& c = m.clients.list[0];
  EXPECT_EQ(c.kind, ClientKind::Console);
  EXPECT_EQ(c.console, 1);
  EXPECT_TRUE(c.console_open);
  EXPECT_EQ(c.server, 1);
  EXPECT_EQ(c.state, SessionState::Connected);
  EXPECT_TRUE(c.connected);
  EXPECT_EQ(c.session_id, run.session);
  EXPECT_EQ(c.requested_timeout_ms, 30000) << "zkCli's default -timeout";
  EXPECT_EQ(c.timeout_ms, 30000) << "within 2..20 x tickTime";
  EXPECT_EQ(c.ephemerals, std::vector<std::string>{"/eph"});
  // The leader's tracker holds it, in a bucket no later than timeout + one tick from now.
  ASSERT_TRUE(m.stable_leader.has_value());
  EXPECT_EQ(c.tracker, *m.stable_leader);
  EXPECT_GT(c.expires_at, m.now);
  EXPECT_LE(c.expires_at, m.now + c.timeout_ms + m.clients.tick_ms);
  EXPECT_EQ(m.clients.min_timeout_ms, 2 * m.clients.tick_ms);
  EXPECT_EQ(m.clients.max_timeout_ms, 20 * m.clients.tick_ms);
  EXPECT_EQ(m.clients.by_session(run.session), &c);
}

// minSessionTimeout / maxSessionTimeout from zoo.cfg bound what a session gets, as
// ZooKeeperServer.processConnectRequest clamps it (the defaults, 2 and 20 ticks, otherwise).
TEST(ClientsModel, ZooCfgsSessionTimeoutBoundsClampWhatTheConsoleAsksFor) {
  auto negotiated = [](const std::string& extra, const std::string& console_line) {
    const std::string text =
        "tickTime=2000\ninitLimit=10\nsyncLimit=5\ndataDir=/tmp/zs-unused\nclientPort=2181\n" + extra +
        "server.1=127.0.0.1:2888:3888\nserver.2=127.0.0.1:2889:3889\nserver.3=127.0.0.1:2890:3890\n";
    auto cfg = config::parse_zoo_cfg(text, "zoo.cfg", false);
    EXPECT_TRUE(cfg) << (cfg ? "" : cfg.error().to_string());
    auto ens = config::ensemble_from({cfg.value()});
    EXPECT_TRUE(ens) << (ens ? "" : ens.error().to_string());
    run::RunSetup setup;
    setup.ensemble = ens.value();
    run::Run r{setup};
    r.run_to(3000);
    r.act(ConsoleLine{1, console_line});
    r.run_to(4000);
    const ClusterView m = model_of(r);
    EXPECT_EQ(m.clients.list.size(), 1u);
    return std::tuple{m.clients.list.at(0).timeout_ms, m.clients.min_timeout_ms, m.clients.max_timeout_ms};
  };
  // zkCli asks 30000 by default: above a maxSessionTimeout of 8000, it gets 8000.
  EXPECT_EQ(negotiated("maxSessionTimeout=8000\n", "ls /"), std::tuple(8000, 4000, 8000));
  // Below a minSessionTimeout of 45000, it gets 45000.
  EXPECT_EQ(negotiated("minSessionTimeout=45000\nmaxSessionTimeout=60000\n", "ls /"), std::tuple(45000, 45000, 60000));
  // Without them: 2 and 20 ticks, and 30000 is within.
  EXPECT_EQ(negotiated("", "ls /"), std::tuple(30000, 4000, 40000));
}

TEST(ClientsModel, ALiveClientsExpiryKeepsMovingOn) {
  ConsoleRun run;
  const Ms first = model_of(run.r).clients.list.at(0).expires_at;
  run.r.run_to(20000);
  const ClusterView m = model_of(run.r);
  // Its pings reach the leader (forwarded by server 1): the bucket moved later.
  EXPECT_GT(m.clients.list.at(0).expires_at, first);
  EXPECT_GT(m.clients.list.at(0).expires_at, m.now);
}

// Server 1's console is zkCli.sh -server 127.0.0.1:2181: when server 1 crashes the client
// stays beside it, disconnected, retrying it; once it is back the client reconnects there with
// the same session.
TEST(ClientsModel, AfterItsServerCrashesTheClientWaitsForItWithTheSameSession) {
  ConsoleRun run;
  run.r.act(CrashServer{1});
  {
    const ClusterView m = model_of(run.r);
    ASSERT_EQ(m.clients.list.size(), 1u);
    EXPECT_EQ(m.clients.list[0].state, SessionState::Disconnected);
    EXPECT_FALSE(m.clients.list[0].connected);
    EXPECT_EQ(m.clients.list[0].session_id, run.session) << "the session lives on";
    EXPECT_EQ(m.clients.list[0].ephemerals, std::vector<std::string>{"/eph"});
  }
  run.r.run_to(run.r.now() + 3000);
  {
    const ClusterView m = model_of(run.r);
    ASSERT_EQ(m.clients.list.size(), 1u);
    EXPECT_FALSE(m.clients.list[0].connected) << "it does not move to another server";
    EXPECT_EQ(m.clients.list[0].server, 1);
  }
  run.r.act(run::RestartServer{1});
  run.r.run_to(run.r.now() + 8000);
  const ClusterView m = model_of(run.r);
  ASSERT_EQ(m.clients.list.size(), 1u);
  const ClientModel& c = m.clients.list[0];
  EXPECT_EQ(c.state, SessionState::Connected);
  EXPECT_EQ(c.server, 1);
  EXPECT_EQ(c.session_id, run.session);
  EXPECT_EQ(c.console, 1) << "still server 1's console";
  EXPECT_EQ(c.ephemerals, std::vector<std::string>{"/eph"});
}

TEST(ClientsModel, AKilledClientsSessionCountsDownAtTheLeaderThenExpiresWithItsEphemerals) {
  ConsoleRun run;
  run.r.act(KillClient{1});
  const ClusterView killed = model_of(run.r);
  ASSERT_EQ(killed.clients.list.size(), 1u);
  const ClientModel& k = killed.clients.list[0];
  EXPECT_TRUE(k.dropped);
  EXPECT_FALSE(k.connected);
  EXPECT_EQ(k.session_id, run.session);
  const Ms deadline = k.expires_at;
  ASSERT_GT(deadline, killed.now);
  // Nothing is heard from it: ten seconds later the deadline has not moved and is nearer.
  run.r.run_to(killed.now + 10000);
  const ClusterView later = model_of(run.r);
  ASSERT_EQ(later.clients.list.size(), 1u);
  EXPECT_EQ(later.clients.list[0].expires_at, deadline);
  EXPECT_EQ(later.clients.list[0].state, killed.clients.list[0].state) << "not over yet";
  EXPECT_EQ(later.clients.list[0].ephemerals, std::vector<std::string>{"/eph"});
  // Past the deadline the leader has expired it: closeSession took /eph.
  run.r.run_to(deadline + 3000);
  const ClusterView after = model_of(run.r);
  ASSERT_EQ(after.clients.list.size(), 1u) << "kept, greyed, while no newer zkCli runs on that console";
  const ClientModel& e = after.clients.list[0];
  EXPECT_EQ(e.state, SessionState::Expired);
  EXPECT_TRUE(e.ended());
  EXPECT_EQ(e.session_id, run.session);
  EXPECT_TRUE(e.ephemerals.empty());
  EXPECT_EQ(e.tracker, 0);
  EXPECT_EQ(e.expires_at, -1);
  const int leader = after.index_of(after.stable_leader.value_or(0));
  ASSERT_GE(leader, 0);
  EXPECT_FALSE(after.trees[static_cast<std::size_t>(leader)]->exists("/eph").has_value()) << "gone from the tree too";
}

TEST(ClientsModel, AnExpiredClientGoesOnceItsConsoleStartsANewZkCli) {
  ConsoleRun run;
  run.r.act(KillClient{1});
  run.r.run_to(run.r.now() + 45000);
  run.r.act(ConsoleLine{1, "ls /"});
  run.r.run_to(run.r.now() + 2000);
  const ClusterView m = model_of(run.r);
  ASSERT_EQ(m.clients.list.size(), 1u);
  EXPECT_EQ(m.clients.list[0].state, SessionState::Connected);
  EXPECT_NE(m.clients.list[0].session_id, run.session) << "a new session";
}

TEST(ClientsModel, ScriptedWritesAreOneNodeWithoutASessionAtTheServerTheNewestWentThrough) {
  run::Run r{run::RunSetup{}};
  r.run_to(3000);
  EXPECT_TRUE(model_of(r).clients.list.empty()) << "no write yet: no node";
  r.act(run::WriteButton{2});
  r.run_to(3500);
  ClusterView m = model_of(r);
  ASSERT_EQ(m.clients.list.size(), 1u);
  const ClientModel& w = m.clients.list[0];
  EXPECT_EQ(w.kind, ClientKind::Writes);
  EXPECT_EQ(w.index, kScriptedWrites);
  EXPECT_EQ(w.server, 2);
  EXPECT_EQ(w.session_id, 0) << "scripted writes come from no session";
  EXPECT_EQ(w.tracker, 0);
  EXPECT_TRUE(w.ephemerals.empty());
  r.act(run::WriteButton{3});
  r.run_to(4000);
  m = model_of(r);
  ASSERT_EQ(m.clients.list.size(), 1u) << "still one node, not one per write";
  EXPECT_EQ(m.clients.list[0].server, 3);
}

}  // namespace
}  // namespace zs::view

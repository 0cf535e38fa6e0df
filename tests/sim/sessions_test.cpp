// Sessions, reads and watches through the in-process ensemble (reference §4.7, §5): a
// session is a txn, reads come from the connected server's own tree, the leader expires
// sessions and removes their ephemerals through Zab, watches fire where the client is.
#include <gtest/gtest.h>

#include <memory>

#include "sim_util.hpp"

namespace zs {
namespace {

using namespace zs::test;

std::unique_ptr<Simulator> settled3() {
  auto sim = std::make_unique<Simulator>(config::default_ensemble(3), SimOptions{});
  for (Sid s = 1; s <= 3; ++s) sim->schedule(start(s, 0));
  sim->run_until(5000);
  return sim;
}

std::vector<ClientOp> replies_of(const Simulator& sim, std::int32_t client) {
  std::vector<ClientOp> out;
  for (const auto& c : replies(sim))
    if (c.client == client) out.push_back(c);
  return out;
}

std::vector<ClientSession> sessions_of(const Simulator& sim, std::int32_t client) {
  std::vector<ClientSession> out;
  for (const auto& ev : sim.trace())
    if (const auto* s = std::get_if<ClientSession>(&ev.body))
      if (s->client == client) out.push_back(*s);
  return out;
}

std::vector<std::pair<std::int32_t, std::string>> watch_events(const Simulator& sim, std::int32_t client) {
  std::vector<std::pair<std::int32_t, std::string>> out;
  for (const auto& ev : sim.trace())
    if (const auto* w = std::get_if<WatchFired>(&ev.body))
      if (w->client == client) out.emplace_back(w->type, sim.payloads().result(w->path).path);
  return out;
}

TEST(Sessions, CreatingASessionIsATxnSoTheFirstCreateIsNotZxidOne) {
  auto owned = settled3();
  Simulator& sim = *owned;
  sim.schedule(client_connect(0, 1, 6000, 30000));
  sim.schedule(client_call(0, 6100, WriteRequest{create("/zk_test", "my_data")}));
  sim.run_until(7000);
  const auto conn = sessions_of(sim, 0);
  ASSERT_FALSE(conn.empty());
  EXPECT_EQ(conn[0].state, SessionState::Connected);
  EXPECT_EQ(conn[0].sid, 1);
  EXPECT_EQ(conn[0].timeout_ms, 30000);
  EXPECT_EQ(conn[0].session_id >> 56, 1);  // minted by server 1
  const auto r = replies_of(sim, 0);
  ASSERT_EQ(r.size(), 2U);
  EXPECT_EQ(r[0].zxid, Zxid(0x100000001));  // createSession
  EXPECT_EQ(r[1].zxid, Zxid(0x100000002));  // the create
  for (Sid s = 1; s <= 3; ++s) EXPECT_EQ(sim.peer_object(s)->sessions().count(conn[0].session_id), 1U) << s;
  EXPECT_TRUE(contains(log_lines(sim, 1), "Established session 0x" + hex(conn[0].session_id) +
                                               " with negotiated timeout 30000 for client /127.0.0.1:40000"));
}

TEST(Sessions, TheNegotiatedTimeoutIsClampedToTwoAndTwentyTicks) {
  auto owned = settled3();
  Simulator& sim = *owned;
  sim.schedule(client_connect(0, 2, 6000, 1000));
  sim.schedule(client_connect(1, 3, 6000, 100000));
  sim.run_until(7000);
  EXPECT_EQ(sim.client(0).timeout_ms, 4000);
  EXPECT_EQ(sim.client(1).timeout_ms, 40000);
}

TEST(Sessions, AnExpiredSessionsEphemeralsGoAndTheirWatchersAreTold) {
  auto owned = settled3();
  Simulator& sim = *owned;
  sim.schedule(client_connect(0, 1, 6000, 4000));
  sim.schedule(client_call(0, 6100, WriteRequest{CreateRequest{"/lock", "me", open_acl_unsafe(), create_mode::kEphemeral, -1, 0}}));
  sim.schedule(client_connect(1, 2, 6000, 30000));
  sim.schedule(client_call(1, 6200, exists("/lock", true)));
  sim.schedule(client_kill(0, 7000));
  sim.run_until(9000);
  EXPECT_EQ(data_at(sim, 3, "/lock"), "me");  // 2 s after the kill: still there
  sim.run_until(14000);
  const std::int64_t session = sim.client(0).session_id == 0 ? sessions_of(sim, 0)[0].session_id : sim.client(0).session_id;
  // Expired between timeout and timeout + one tick after the last activity.
  bool expired = false;
  for (const auto& ev : sim.trace())
    if (const auto* l = std::get_if<LogLine>(&ev.body))
      if (l->kind == LogKind::ExpiringSession) {
        expired = true;
        EXPECT_EQ(l->sid, 3);  // only the leader expires sessions
        EXPECT_EQ(format_log(*l, sim.trace_context()),
                  "Expiring session 0x" + hex(session) + ", timeout of 4000ms exceeded");
        EXPECT_GE(ev.at, 7000 + 4000);
        EXPECT_LE(ev.at, 7000 + 4000 + 2000);
      }
  EXPECT_TRUE(expired);
  for (Sid s = 1; s <= 3; ++s) {
    EXPECT_EQ(data_at(sim, s, "/lock"), "<none>") << s;
    EXPECT_EQ(sim.peer_object(s)->sessions().count(session), 0U) << s;
  }
  const auto w = watch_events(sim, 1);
  ASSERT_EQ(w.size(), 1U);
  EXPECT_EQ(w[0].first, static_cast<std::int32_t>(EventType::NodeDeleted));
  EXPECT_EQ(w[0].second, "/lock");
}

TEST(Sessions, ASessionMovesToAnotherServerWhenItsServerDies) {
  auto owned = settled3();
  Simulator& sim = *owned;
  sim.schedule(client_connect(0, 1, 6000, 10000));
  sim.schedule(client_call(0, 6100, WriteRequest{CreateRequest{"/eph", "x", open_acl_unsafe(), create_mode::kEphemeral, -1, 0}}));
  sim.schedule(crash(1, 7000));
  sim.run_until(12000);
  const auto states = sessions_of(sim, 0);
  ASSERT_GE(states.size(), 3U);
  EXPECT_EQ(states[0].state, SessionState::Connected);
  EXPECT_EQ(states[1].state, SessionState::Disconnected);
  EXPECT_EQ(states.back().state, SessionState::Connected);
  EXPECT_EQ(states.back().sid, 2);  // the next server in its connect string
  EXPECT_EQ(states.back().session_id, states[0].session_id);
  EXPECT_EQ(data_at(sim, 2, "/eph"), "x");  // the session lived on, so did its ephemeral
  sim.run_until(40000);
  EXPECT_EQ(data_at(sim, 3, "/eph"), "x");
}

TEST(Sessions, AReconnectAfterExpiryIsToldTheSessionExpired) {
  auto owned = settled3();
  Simulator& sim = *owned;
  sim.schedule(client_connect(0, 1, 6000, 4000));
  // Cut server 1 off: its client stays connected to it, but the leader hears nothing of
  // the session, expires it, and when 1 rejoins the client learns it is gone.
  sim.schedule(partition({{1}, {2, 3}}, 6500));
  sim.schedule(heal(20000));
  sim.run_until(30000);
  const auto states = sessions_of(sim, 0);
  ASSERT_FALSE(states.empty());
  EXPECT_EQ(states.back().state, SessionState::Expired);
  EXPECT_EQ(sim.client(0).state, SessionState::Expired);
}

TEST(Sessions, ReadsComeFromTheConnectedServerAndSyncCatchesUp) {
  auto owned = settled3();
  Simulator& sim = *owned;
  // Server 1 hears from the leader (3) half a second late.
  LinkParams slow;
  slow.latency_min_ms = 500;
  slow.latency_max_ms = 500;
  sim.set_link(3, 1, slow);
  sim.schedule(client_connect(0, 2, 6000));
  sim.schedule(client_connect(1, 1, 6000));
  sim.run_until(8000);
  sim.schedule(client_call(0, 8000, WriteRequest{create("/fresh", "new")}));
  sim.schedule(client_call(1, 8100, get_data("/fresh")));   // stale: not there yet on 1
  sim.schedule(client_call(1, 8110, SyncRequest{"/fresh"}));
  sim.schedule(client_call(1, 8120, get_data("/fresh")));   // after sync: the new value
  sim.run_until(10000);
  const auto r = replies_of(sim, 1);
  ASSERT_EQ(r.size(), 4U);  // connect, get, sync, get
  EXPECT_EQ(r[1].err, static_cast<std::int32_t>(Code::NoNode));
  EXPECT_EQ(r[2].err, 0);
  EXPECT_EQ(r[3].err, 0);
  EXPECT_EQ(sim.payloads().result(r[3].result).data, "new");
}

TEST(Sessions, CloseRemovesTheSessionAndItsEphemeralsAtOnce) {
  auto owned = settled3();
  Simulator& sim = *owned;
  sim.schedule(client_connect(0, 2, 6000));
  sim.schedule(client_call(0, 6100, WriteRequest{CreateRequest{"/e", "", open_acl_unsafe(), create_mode::kEphemeral, -1, 0}}));
  sim.schedule(client_call(0, 6200, WriteRequest{CloseSessionRequest{}}));
  sim.run_until(6400);
  EXPECT_EQ(sim.client(0).state, SessionState::Closed);
  for (Sid s = 1; s <= 3; ++s) EXPECT_EQ(data_at(sim, s, "/e"), "<none>") << s;
}

TEST(Sessions, OneShotDataWatchFiresOnceWhereTheClientIsConnected) {
  auto owned = settled3();
  Simulator& sim = *owned;
  sim.schedule(client_connect(0, 1, 6000));
  sim.schedule(client_connect(1, 2, 6000));
  sim.schedule(client_call(0, 6100, WriteRequest{create("/w", "a")}));
  sim.schedule(client_call(1, 6200, get_data("/w", true)));
  sim.schedule(client_call(0, 6300, WriteRequest{set_data("/w", "b")}));
  sim.schedule(client_call(0, 6400, WriteRequest{set_data("/w", "c")}));
  sim.run_until(7000);
  const auto w = watch_events(sim, 1);
  ASSERT_EQ(w.size(), 1U);  // one-shot
  EXPECT_EQ(w[0].first, static_cast<std::int32_t>(EventType::NodeDataChanged));
  EXPECT_EQ(w[0].second, "/w");
  for (const auto& ev : sim.trace())
    if (const auto* f = std::get_if<WatchFired>(&ev.body)) {
      EXPECT_EQ(f->sid, 2);
    }
}

}  // namespace
}  // namespace zs

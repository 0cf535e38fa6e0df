// The AdminServer's answers of real ZooKeeper 3.8.0 servers (samples/adminserver, reference
// §7.3): values for serving servers; the not-serving answers (an "error" field, zabstate's
// short form, monitor's HTTP 500) as states; bodies that are not the command's JSON as errors.
#include "wire/admin_json.hpp"

#include <gtest/gtest.h>

#include <string>

#include "sample_file.hpp"

namespace zs::wire {
namespace {

std::string sample(const std::string& name) { return test::read_sample("adminserver/" + name); }

TEST(AdminJson, VotingViewMembersBySid) {
  auto a = parse_admin_voting_view(200, sample("voting_view.leader.json"));
  ASSERT_TRUE(a.ok()) << a.error().to_string();
  EXPECT_EQ(a->status.state, AdminState::Ok);
  EXPECT_EQ(a->status.command, "voting_view");
  ASSERT_TRUE(a->value.has_value());
  const auto& m = a->value->members;
  ASSERT_EQ(m.size(), 3u);
  EXPECT_EQ(m[0].sid, 1);
  EXPECT_EQ(m[0].server_addresses, std::vector<std::string>{"127.0.0.1:29901"});
  EXPECT_EQ(m[0].election_addresses, std::vector<std::string>{"127.0.0.1:30001"});
  EXPECT_EQ(m[0].client_address, "");  // other members' client address is unknown
  EXPECT_EQ(m[1].client_address, "127.0.0.1:29802");
  EXPECT_EQ(m[2].learner_type, LearnerType::Participant);
}

TEST(AdminJson, VotingViewLeavesObserversOut) {
  // Asked on the observer (server.4) of a 3+1 ensemble: only the voters are listed.
  auto a = parse_admin_voting_view(200, sample("voting_view.observer.json"));
  ASSERT_TRUE(a.ok()) << a.error().to_string();
  ASSERT_TRUE(a->value.has_value());
  ASSERT_EQ(a->value->members.size(), 3u);
  for (const VotingMember& m : a->value->members) {
    EXPECT_EQ(m.learner_type, LearnerType::Participant) << m.sid;
    EXPECT_NE(m.sid, 4);
  }
}

TEST(AdminJson, NotServingErrorFieldIsAStateForEveryCommand) {
  auto v = parse_admin_voting_view(200, sample("voting_view.not-serving.json"));
  ASSERT_TRUE(v.ok()) << v.error().to_string();
  EXPECT_EQ(v->status.state, AdminState::NotServing);
  EXPECT_EQ(v->status.error, "This ZooKeeper instance is not currently serving requests");
  EXPECT_FALSE(v->value.has_value());
  EXPECT_EQ(parse_admin_leader(200, sample("leader.not-serving.json"))->status.state,
            AdminState::NotServing);
  EXPECT_EQ(parse_admin_connections(200, sample("connections.not-serving.json"))->status.state,
            AdminState::NotServing);
  EXPECT_EQ(parse_admin_stats(200, sample("stats.not-serving.json"))->status.state,
            AdminState::NotServing);
  EXPECT_EQ(parse_admin_stats(200, sample("srvr.not-serving.json"))->status.command, "srvr");
}

TEST(AdminJson, ZabStateOfLeaderFollowerObserver) {
  auto l = parse_admin_zabstate(200, sample("zabstate.leader.json"));
  ASSERT_TRUE(l.ok()) << l.error().to_string();
  ASSERT_TRUE(l->value.has_value());
  EXPECT_EQ(l->value->myid, 2);
  EXPECT_EQ(l->value->is_leader, true);
  EXPECT_EQ(l->value->quorum_address, "127.0.0.1:29902");
  EXPECT_EQ(l->value->election_address, "127.0.0.1:30002");
  EXPECT_EQ(l->value->client_address, "127.0.0.1:29802");
  EXPECT_TRUE(l->value->voting);
  EXPECT_EQ(l->value->last_zxid, Zxid(0x100000005));
  EXPECT_EQ(l->value->zab_epoch, 1);
  EXPECT_EQ(l->value->zab_counter, 5);
  EXPECT_EQ(l->value->zabstate, "broadcast");
  EXPECT_FALSE(l->value->short_form);
  auto o = parse_admin_zabstate(200, sample("zabstate.observer.json"));
  ASSERT_TRUE(o.ok()) << o.error().to_string();
  EXPECT_FALSE(o->value->voting);
  EXPECT_EQ(o->value->myid, 4);
}

TEST(AdminJson, ZabStateShortFormOfALookingServer) {
  // A standalone 3.8.0 server answers the same short form, so it is not a "not serving" state.
  auto a = parse_admin_zabstate(200, sample("zabstate.not-serving.json"));
  ASSERT_TRUE(a.ok()) << a.error().to_string();
  EXPECT_EQ(a->status.state, AdminState::Ok);
  ASSERT_TRUE(a->value.has_value());
  EXPECT_TRUE(a->value->short_form);
  EXPECT_FALSE(a->value->voting);
  EXPECT_EQ(a->value->zabstate, "");
  EXPECT_FALSE(a->value->myid.has_value());
}

TEST(AdminJson, Leader) {
  auto f = parse_admin_leader(200, sample("leader.follower.json"));
  ASSERT_TRUE(f.ok()) << f.error().to_string();
  EXPECT_FALSE(f->value->is_leader);
  EXPECT_EQ(f->value->leader_id, 2);
  EXPECT_EQ(f->value->leader_ip, "127.0.0.1");
  EXPECT_TRUE(parse_admin_leader(200, sample("leader.leader.json"))->value->is_leader);
}

TEST(AdminJson, MonitorAsMntr) {
  auto a = parse_admin_monitor(200, sample("monitor.leader.json"));
  ASSERT_TRUE(a.ok()) << a.error().to_string();
  const MntrAnswer& m = a->value.value();
  EXPECT_EQ(m.server_state(), "leader");
  EXPECT_EQ(m.peer_state(), "leading - broadcast");
  EXPECT_EQ(m.znode_count(), 8);
  EXPECT_EQ(m.learners(), 2);
  EXPECT_EQ(m.synced_followers(), 2);
  EXPECT_EQ(m.quorum_size(), 3);
  EXPECT_EQ(m.get("zk_avg_latency"), "4.0");
  EXPECT_FALSE(m.get("zk_command").has_value());
}

TEST(AdminJson, MonitorHttp500OnNotServingServerIsAState) {
  // The capture starts with its own "HTTP 500" line, then Jetty's page.
  std::string page = sample("monitor.not-serving.json");
  page = page.substr(page.find('\n') + 1);
  auto a = parse_admin_monitor(500, page);
  ASSERT_TRUE(a.ok()) << a.error().to_string();
  EXPECT_EQ(a->status.state, AdminState::NotServing);
  EXPECT_EQ(a->status.http_status, 500);
  EXPECT_NE(a->status.error.find("NullPointerException"), std::string::npos);
  EXPECT_NE(a->status.error.find("\"zkServer\" is null"), std::string::npos);
  EXPECT_FALSE(a->value.has_value());

  auto other = parse_admin_monitor(404, "<html><title>Error 404 Not Found</title></html>");
  ASSERT_TRUE(other.ok());
  EXPECT_EQ(other->status.state, AdminState::HttpError);
  EXPECT_EQ(other->status.error, "Error 404 Not Found");
  EXPECT_EQ(parse_admin_monitor(503, "")->status.error, "HTTP 503");
}

TEST(AdminJson, ConnectionsWithSession) {
  auto a = parse_admin_connections(200, sample("connections.follower.json"));
  ASSERT_TRUE(a.ok()) << a.error().to_string();
  ASSERT_EQ(a->value->size(), 1u);
  const ConsConnection& c = a->value->front();
  EXPECT_EQ(c.remote_address, "127.0.0.1:47296");
  EXPECT_EQ(c.received, 8);
  ASSERT_TRUE(c.session.has_value());
  EXPECT_EQ(c.session->session_id, 0x1000010f8770000);  // 72057666925953024
  EXPECT_EQ(c.session->last_zxid, Zxid(0x100000005));
  EXPECT_EQ(c.session->last_cxid, 6);
  EXPECT_EQ(c.session->timeout_ms, 10000);
}

TEST(AdminJson, StatsAndServerStatsAsSrvr) {
  auto s = parse_admin_stats(200, sample("stat.follower.json"));
  ASSERT_TRUE(s.ok()) << s.error().to_string();
  const SrvrAnswer& f = s->value.value();
  EXPECT_EQ(f.mode, ServerMode::Follower);
  EXPECT_EQ(f.zxid, Zxid(0x100000005));  // printed in decimal: 4294967301
  EXPECT_EQ(f.node_count, 8);
  EXPECT_DOUBLE_EQ(f.latency_avg_ms, 9.75);
  EXPECT_TRUE(f.has_clients);
  ASSERT_EQ(f.clients.size(), 1u);
  EXPECT_FALSE(f.clients[0].session.has_value());
  auto l = parse_admin_stats(200, sample("srvr.leader.json"));
  ASSERT_TRUE(l.ok()) << l.error().to_string();
  EXPECT_EQ(l->value->mode, ServerMode::Leader);
  ASSERT_TRUE(l->value->proposal_sizes.has_value());
  EXPECT_EQ(l->value->proposal_sizes->min, 48);
  EXPECT_FALSE(l->value->has_clients);
}

TEST(AdminJson, BodiesThatAreNotTheCommandsJsonAreErrors) {
  auto html = parse_admin_leader(200, "<html><body>Welcome to nginx!</body></html>");
  ASSERT_FALSE(html.ok());
  EXPECT_EQ(html.error().to_string(),
            "/commands/leader: the answer is not a JSON object (it starts \"<html><body>Welcome "
            "to nginx!</body></ht\")");
  std::string cut = sample("zabstate.leader.json");
  EXPECT_FALSE(parse_admin_zabstate(200, cut.substr(0, cut.size() / 2)).ok());
  auto wrong = parse_admin_leader(
      200, R"({"is_leader": "no", "leader_id": 2, "leader_ip": "x", "error": null})");
  ASSERT_FALSE(wrong.ok());
  EXPECT_EQ(wrong.error().to_string(), "/commands/leader: is_leader: expected true or false");
  auto member = parse_admin_voting_view(
      200, R"({"current_config": {"1": {"server_addresses": [1]}}, "error": null})");
  ASSERT_FALSE(member.ok());
  EXPECT_EQ(member.error().message,
            "current_config.1.server_addresses: expected an array of strings");
}

TEST(AdminJson, StandaloneServer) {
  // Captured by hand from a standalone 3.8.0 server (samples/README.md).
  auto z = parse_admin_zabstate(200, test::read_sample("standalone/zabstate.json"));
  ASSERT_TRUE(z.ok()) << z.error().to_string();
  EXPECT_TRUE(z->value->short_form);
  auto v = parse_admin_voting_view(200, test::read_sample("standalone/voting_view.json"));
  ASSERT_TRUE(v.ok()) << v.error().to_string();
  EXPECT_TRUE(v->value->members.empty());
  auto l = parse_admin_leader(200, test::read_sample("standalone/leader.json"));
  ASSERT_TRUE(l.ok()) << l.error().to_string();
  EXPECT_EQ(l->status.state, AdminState::CommandError);
  EXPECT_EQ(l->status.error, "server is not initialized");
  EXPECT_FALSE(l->value.has_value());
}

}  // namespace
}  // namespace zs::wire

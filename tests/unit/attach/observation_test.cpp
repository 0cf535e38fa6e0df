// What `zooscope attach` and the attached views say about each server, from real 3.8.0
// answers (tests/unit/wire/samples): modes, zxids, the leader, the whitelist, and the changes
// between two polls.
#include <gtest/gtest.h>

#include "../wire/sample_file.hpp"
#include "attach/observation.hpp"

namespace zs::attach {
namespace {

using wire::test::read_sample;

wire::ConnectString three() {
  return wire::parse_connect_string("127.0.0.1:2181,127.0.0.1:2182,127.0.0.1:2183").value();
}

TEST(Observation, SrvrGivesModeZxidEpochAndNodeCountAndTheLeader) {
  ObservationBuilder b(three());
  b.srvr(0, Reach::Answered, read_sample("4lw/srvr.follower.txt"), "", 3, 1000);
  b.srvr(1, Reach::Answered, read_sample("4lw/srvr.leader.txt"), "", 2, 1000);
  b.srvr(2, Reach::Answered, read_sample("4lw/srvr.observer.txt"), "", 2, 1000);
  const auto& rows = b.rows();
  EXPECT_EQ(rows[0].status, ServerStatus::Serving);
  EXPECT_EQ(rows[0].mode, wire::ServerMode::Follower);
  EXPECT_EQ("0x" + hex(rows[0].zxid), "0x100000005");
  EXPECT_EQ(rows[0].epoch(), 1);
  EXPECT_EQ(rows[0].znodes, 8);
  EXPECT_EQ(rows[1].mode, wire::ServerMode::Leader);
  EXPECT_TRUE(rows[2].observer());
  EXPECT_EQ(b.leader(), 1);
  const auto events = b.take_events();
  ASSERT_EQ(events.size(), 1u);  // the first poll finds the leader: nothing else is a change
  EXPECT_EQ(events[0].text(rows), "leader - -> 127.0.0.1:2182");
}

TEST(Observation, EachWayOfNotAnsweringIsItsOwnStatusWithItsReason) {
  ObservationBuilder b(wire::parse_connect_string("a:1,b:2,c:3,d:4,e:5").value());
  b.srvr(0, Reach::Unreachable, "", "connection refused", -1, 1000);
  b.srvr(1, Reach::Timeout, "", "no complete answer within 3000 ms", -1, 1000);
  b.srvr(2, Reach::Answered, "HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\n\r\n", "", 1, 1000);
  b.srvr(3, Reach::Answered, read_sample("4lw/not-serving.srvr.txt"), "", 1, 1000);
  b.srvr(4, Reach::Answered, "", "", 1, 1000);
  const auto& rows = b.rows();
  EXPECT_EQ(rows[0].status, ServerStatus::Unreachable);
  EXPECT_EQ(rows[0].detail, "connection refused");
  EXPECT_EQ(rows[1].status, ServerStatus::Timeout);
  EXPECT_EQ(rows[2].status, ServerStatus::NotZooKeeper);
  EXPECT_NE(rows[2].detail.find("HTTP"), std::string::npos);
  EXPECT_EQ(rows[3].status, ServerStatus::NotServing);
  EXPECT_EQ(rows[3].detail, "This ZooKeeper instance is not currently serving requests");
  EXPECT_EQ(rows[4].status, ServerStatus::NotZooKeeper);
  EXPECT_EQ(b.leader(), -1);
}

TEST(Observation, TheDefaultWhitelistIsRememberedAndConfGivesTheServerId) {
  ObservationBuilder b(three());
  b.srvr(0, Reach::Answered, read_sample("4lw/default-wl.srvr.txt"), "", 1, 1000);
  for (const char* w : {"mntr", "conf", "cons", "wchs"})
    b.word(0, w, Reach::Answered, read_sample(std::string("4lw/default-wl.") + w + ".txt"), 1000);
  // A set, in one order whichever refusal came first (a recording replays them in another).
  EXPECT_EQ(b.rows()[0].refused, (std::vector<std::string>{"conf", "cons", "mntr", "wchs"}));
  b.word(0, "cons", Reach::Answered, read_sample("4lw/default-wl.cons.txt"), 2000);
  EXPECT_EQ(b.rows()[0].refused.size(), 4U) << "a word refused again is not listed twice";
  EXPECT_FALSE(b.wants(0, "mntr"));
  EXPECT_EQ(b.rows()[0].sid, 0);  // unknown: only srvr answers, and it does not say

  b.srvr(1, Reach::Answered, read_sample("4lw/srvr.follower.txt"), "", 1, 1000);
  b.word(1, "conf", Reach::Answered, read_sample("4lw/conf.follower.txt"), 1000);
  b.word(1, "mntr", Reach::Answered, read_sample("4lw/mntr.follower.txt"), 1000);
  b.word(1, "cons", Reach::Answered, read_sample("4lw/cons.follower.txt"), 1000);
  EXPECT_EQ(b.rows()[1].sid, 1);
  EXPECT_FALSE(b.wants(1, "conf"));  // asked once: the configuration does not change while it runs
  EXPECT_TRUE(b.wants(1, "mntr"));
  ASSERT_TRUE(b.rows()[1].mntr);
  EXPECT_EQ(b.rows()[1].mntr->server_state(), "follower");
  ASSERT_TRUE(b.rows()[1].cons);
  EXPECT_FALSE(b.rows()[1].cons->empty());
}

TEST(Observation, AFollowerThatShowedNoEpochYetAndBecomesLeaderShowsTheEpochBump) {
  // Right after an election followers synced by an empty DIFF say zxid 0x0 (RUNNING.md).
  ObservationBuilder b(three());
  std::string follower = read_sample("4lw/srvr.follower.txt");
  follower.replace(follower.find("Zxid: 0x100000005"), 17, "Zxid: 0x0");
  std::string leader = read_sample("4lw/srvr.leader.txt");
  leader.replace(leader.find("Zxid: 0x1"), 9, "Zxid: 0x1");
  b.srvr(0, Reach::Answered, follower, "", 1, 1000);
  b.srvr(2, Reach::Answered, leader, "", 1, 1000);
  b.take_events();
  b.srvr(2, Reach::Unreachable, "", "connection refused", -1, 2000);
  std::string new_leader = read_sample("4lw/srvr.leader.txt");
  new_leader.replace(new_leader.find("Zxid: 0x1"), 9, "Zxid: 0x2");
  b.srvr(0, Reach::Answered, new_leader, "", 1, 2500);
  std::vector<std::string> lines;
  for (const auto& e : b.take_events()) lines.push_back(e.text(b.rows()));
  EXPECT_EQ(lines, (std::vector<std::string>{"127.0.0.1:2183 serving -> unreachable (connection refused)",
                                             "leader 127.0.0.1:2183 -> -", "127.0.0.1:2181 mode follower -> leader",
                                             "127.0.0.1:2181 epoch 1 -> 2", "leader - -> 127.0.0.1:2181"}));
}

TEST(Observation, AReElectionIsSeenAsModeEpochAndLeaderChanges) {
  ObservationBuilder b(three());
  const std::string leader = read_sample("4lw/srvr.leader.txt");
  const std::string follower = read_sample("4lw/srvr.follower.txt");
  b.srvr(0, Reach::Answered, follower, "", 1, 1000);
  b.srvr(1, Reach::Answered, leader, "", 1, 1000);
  b.srvr(2, Reach::Answered, follower, "", 1, 1000);
  b.take_events();
  // The leader is killed: refused; the others elect server 3 (epoch 2).
  b.srvr(1, Reach::Unreachable, "", "connection refused", -1, 2000);
  b.srvr(0, Reach::Answered, read_sample("4lw/not-serving.srvr.txt"), "", 1, 2000);
  std::string new_leader = leader;
  new_leader.replace(new_leader.find("Zxid: 0x1"), 9, "Zxid: 0x2");
  std::string new_follower = follower;
  new_follower.replace(new_follower.find("Zxid: 0x1"), 9, "Zxid: 0x2");
  b.srvr(2, Reach::Answered, new_leader, "", 1, 2500);
  b.srvr(0, Reach::Answered, new_follower, "", 1, 2500);
  std::vector<std::string> lines;
  for (const auto& e : b.take_events()) lines.push_back(e.text(b.rows()));
  EXPECT_EQ(lines, (std::vector<std::string>{
                       "127.0.0.1:2182 serving -> unreachable (connection refused)",
                       "leader 127.0.0.1:2182 -> -",
                       "127.0.0.1:2181 serving -> not-serving (This ZooKeeper instance is not currently serving requests)",
                       "127.0.0.1:2183 mode follower -> leader",
                       "127.0.0.1:2183 epoch 1 -> 2",
                       "leader - -> 127.0.0.1:2183",
                       "127.0.0.1:2181 not-serving -> serving",
                       "127.0.0.1:2181 epoch 1 -> 2",  // across its time without serving
                   }));
}

}  // namespace
}  // namespace zs::attach

namespace zs::attach {
namespace {

TEST(Observation, AnAdminServerIsMatchedToItsServerByTheClientAddressItNames) {
  // The samples' servers: client ports 29801 (myid 1) and 29802 (myid 2, the leader).
  ObservationBuilder b(wire::parse_connect_string("127.0.0.1:29801,127.0.0.1:29802").value());
  b.srvr(0, Reach::Answered, read_sample("4lw/default-wl.srvr.txt"), "", 1, 1000);
  b.word(0, "mntr", Reach::Answered, read_sample("4lw/default-wl.mntr.txt"), 1000);
  b.word(0, "cons", Reach::Answered, read_sample("4lw/default-wl.cons.txt"), 1000);
  const auto leader = wire::parse_admin_zabstate(200, read_sample("adminserver/zabstate.leader.json"));
  ASSERT_TRUE(leader && leader.value().value);
  // The leader's AdminServer (on port 8081 of the same host) is server 2's, not server 1's.
  EXPECT_EQ(b.admin_zabstate("127.0.0.1", 8081, *leader.value().value), 1);
  EXPECT_EQ(b.rows()[1].sid, 2);
  EXPECT_EQ(b.rows()[1].admin_port, 8081);
  EXPECT_EQ(b.rows()[0].sid, 0);
  // Another host's AdminServer naming the same port is not this server's.
  ObservationBuilder other(wire::parse_connect_string("10.0.0.9:29802").value());
  EXPECT_EQ(other.admin_zabstate("10.0.0.7", 8080, *leader.value().value), -1);
  // Where the whitelist refuses mntr and cons, the AdminServer's monitor and connections count.
  const auto follower = wire::parse_admin_zabstate(200, read_sample("adminserver/zabstate.follower.json"));
  ASSERT_EQ(b.admin_zabstate("127.0.0.1", 8080, *follower.value().value), 0);
  ASSERT_TRUE(b.refuses(0, "mntr"));
  auto monitor = wire::parse_admin_monitor(200, read_sample("adminserver/monitor.follower.json"));
  ASSERT_TRUE(monitor && monitor.value().value);
  b.admin_monitor(0, *monitor.value().value);
  ASSERT_TRUE(b.rows()[0].mntr);
  EXPECT_EQ(b.rows()[0].mntr->server_state(), "follower");
  // A short zabstate (LOOKING, or standalone) names no address: nothing to match.
  const auto looking = wire::parse_admin_zabstate(200, read_sample("adminserver/zabstate.not-serving.json"));
  ASSERT_TRUE(looking && looking.value().value);
  EXPECT_EQ(b.admin_zabstate("127.0.0.1", 8082, *looking.value().value), -1);
}

}  // namespace
}  // namespace zs::attach

namespace zs::attach {
namespace {

TEST(History, ALongAttachKeepsItsRecordWithinTheBudgetAndSaysHowFarBackItReaches) {
  ObservedEvent one{0, ObservedEvent::Kind::Znode, -1, "", "changed", "/app/config-000001"};
  const std::size_t each = History::bytes_of(one);
  History h(each * 100);
  std::uint64_t cursor = 0;
  for (int i = 0; i < 10000; ++i) {
    ObservedEvent e = one;
    e.at_ms = 1000 + i;
    h.push(e);
    EXPECT_LE(h.bytes(), each * 100);
  }
  EXPECT_EQ(h.size(), 100u);
  EXPECT_EQ(h.end(), 10000u);
  EXPECT_EQ(h.dropped(), 9900u);
  EXPECT_EQ(h.from_ms(0), 1000 + 9900);  // the record reaches back to the 9,901st change
  // A reader that fell behind gets what is left, from the oldest kept on.
  const auto left = h.since(cursor);
  ASSERT_EQ(left.size(), 100u);
  EXPECT_EQ(left.front().at_ms, 1000 + 9900);
  EXPECT_EQ(cursor, 10000u);
  h.push(one);
  EXPECT_EQ(h.since(cursor).size(), 1u);
  EXPECT_TRUE(h.since(cursor).empty());
}

}  // namespace
}  // namespace zs::attach

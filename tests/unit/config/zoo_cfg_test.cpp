// parse_zoo_cfg: keys, server lines, and every error and warning with its exact text
// (reference §8; QuorumPeerConfig.parseProperties and QuorumPeer.QuorumServer).
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <string>

#include "config/config.hpp"
#include "config_test_util.hpp"

namespace zs::config {
namespace {

using test::kBasics;
using test::kThreeServers;
using test::parse;
using test::parse_error;
using test::warning_texts;
using ::testing::ElementsAre;
using ::testing::IsEmpty;

// ---- values ----

TEST(ConfigZooCfg, ReadsTheTutorialKeys) {
  auto r = parse(kBasics + "clientPort=2181\n" + kThreeServers);
  ASSERT_TRUE(r.ok()) << r.error().to_string();
  const ZooCfg& c = r.value();
  EXPECT_EQ(c.path, "zoo.cfg");
  EXPECT_EQ(c.tick_time_ms, 2000);
  EXPECT_EQ(c.init_limit_ticks, 10);
  EXPECT_EQ(c.sync_limit_ticks, 5);
  EXPECT_EQ(c.data_dir, "/nonexistent/zooscope-test");
  EXPECT_EQ(c.data_log_dir, "/nonexistent/zooscope-test");  // defaults to dataDir
  EXPECT_EQ(c.client_port, 2181);
  ASSERT_EQ(c.servers.size(), 3u);
  EXPECT_EQ(c.servers[1].sid, 2);
  EXPECT_EQ(c.servers[1].host, "127.0.0.1");
  EXPECT_EQ(c.servers[1].quorum_port, 2889);
  EXPECT_EQ(c.servers[1].election_port, 3889);
  EXPECT_EQ(c.servers[1].type, LearnerType::Participant);
  EXPECT_EQ(c.servers[1].client_port, 0);
  EXPECT_EQ(c.servers[1].file, "zoo.cfg");
  EXPECT_EQ(c.servers[1].line, 7);
  EXPECT_EQ(c.key_lines.at("clientPort"), 5);
  EXPECT_FALSE(c.myid.has_value());
  EXPECT_THAT(c.warnings, IsEmpty());
  EXPECT_THAT(c.other_keys, IsEmpty());
}

TEST(ConfigZooCfg, DefaultsWhenKeysAreAbsent) {
  auto r = parse("dataDir=/nonexistent/zooscope-test\n");
  ASSERT_TRUE(r.ok()) << r.error().to_string();
  const ZooCfg& c = r.value();
  EXPECT_EQ(c.tick_time_ms, 3000);  // ZooKeeperServer.DEFAULT_TICK_TIME
  EXPECT_EQ(c.init_limit_ticks, 0);
  EXPECT_EQ(c.client_port, 0);
  EXPECT_EQ(c.max_client_cnxns, 60);
  EXPECT_EQ(c.min_session_timeout_ms, 0);
  EXPECT_EQ(c.max_session_timeout_ms, 0);
  EXPECT_EQ(c.autopurge_snap_retain_count, 3);
  EXPECT_EQ(c.autopurge_purge_interval_hours, 0);
  EXPECT_THAT(c.four_letter_whitelist, IsEmpty());
  EXPECT_TRUE(c.admin_enable_server);
  EXPECT_EQ(c.admin_server_address, "0.0.0.0");
  EXPECT_EQ(c.admin_server_port, 8080);
  EXPECT_FALSE(c.peer_type.has_value());
  EXPECT_TRUE(c.standalone_enabled);
  EXPECT_FALSE(c.reconfig_enabled);
  EXPECT_THAT(c.servers, IsEmpty());
}

TEST(ConfigZooCfg, ReadsEveryModelledKey) {
  auto r = parse(
      "tickTime: 1000\n"
      "initLimit 7\n"
      "syncLimit = 3\n"
      "dataDir=/nonexistent/d\n"
      "dataLogDir=/nonexistent/log\n"
      "clientPort=2190\n"
      "clientPortAddress=127.0.0.1\n"
      "maxClientCnxns=0\n"
      "minSessionTimeout=3000\n"
      "maxSessionTimeout=90000\n"
      "autopurge.snapRetainCount=5\n"
      "autopurge.purgeInterval=24\n"
      "4lw.commands.whitelist= stat, ruok ,conf,, \n"
      "admin.enableServer=false\n"
      "admin.serverAddress=127.0.0.1\n"
      "admin.serverPort=9090\n"
      "peerType=Participant\n"
      "electionAlg=3\n"
      "standaloneEnabled=FALSE\n"
      "reconfigEnabled=false\n" +
      kThreeServers);
  ASSERT_TRUE(r.ok()) << r.error().to_string();
  const ZooCfg& c = r.value();
  EXPECT_EQ(c.tick_time_ms, 1000);
  EXPECT_EQ(c.init_limit_ticks, 7);
  EXPECT_EQ(c.sync_limit_ticks, 3);
  EXPECT_EQ(c.data_dir, "/nonexistent/d");
  EXPECT_EQ(c.data_log_dir, "/nonexistent/log");
  EXPECT_EQ(c.client_port, 2190);
  EXPECT_EQ(c.client_port_address, "127.0.0.1");
  EXPECT_EQ(c.max_client_cnxns, 0);
  EXPECT_EQ(c.min_session_timeout_ms, 3000);
  EXPECT_EQ(c.max_session_timeout_ms, 90000);
  EXPECT_EQ(c.autopurge_snap_retain_count, 5);
  EXPECT_EQ(c.autopurge_purge_interval_hours, 24);
  EXPECT_THAT(c.four_letter_whitelist, ElementsAre("stat", "ruok", "conf"));
  EXPECT_FALSE(c.admin_enable_server);
  EXPECT_EQ(c.admin_server_address, "127.0.0.1");
  EXPECT_EQ(c.admin_server_port, 9090);
  ASSERT_TRUE(c.peer_type.has_value());
  EXPECT_EQ(*c.peer_type, LearnerType::Participant);
  EXPECT_FALSE(c.standalone_enabled);
  EXPECT_FALSE(c.reconfig_enabled);
  EXPECT_THAT(c.warnings, IsEmpty());
}

TEST(ConfigZooCfg, WhitelistStarIsKept) {
  auto r = parse(kBasics + "4lw.commands.whitelist=*\n");
  ASSERT_TRUE(r.ok());
  EXPECT_THAT(r->four_letter_whitelist, ElementsAre("*"));
  EXPECT_THAT(r->warnings, IsEmpty());
}

TEST(ConfigZooCfg, NormalValuesAreTrimmed) {
  auto r = parse("dataDir=/nonexistent/d   \ntickTime=2000\t\n");
  ASSERT_TRUE(r.ok()) << r.error().to_string();
  EXPECT_EQ(r->data_dir, "/nonexistent/d");
  EXPECT_EQ(r->tick_time_ms, 2000);
}

TEST(ConfigZooCfg, WindowsPathsAreKeptVerbatim) {
  auto fwd = parse("dataDir=D:/IdeaProjects/zookeeperSource/data/zk1\n");
  ASSERT_TRUE(fwd.ok());
  EXPECT_EQ(fwd->data_dir, "D:/IdeaProjects/zookeeperSource/data/zk1");
  auto back = parse_zoo_cfg("dataDir=D:\\\\IdeaProjects\\\\zookeeperSource\\\\data\\\\zk2\n",
                            "zoo2.cfg", /*read_myid_file=*/true);
  ASSERT_TRUE(back.ok());
  EXPECT_EQ(back->data_dir, "D:\\IdeaProjects\\zookeeperSource\\data\\zk2");
  EXPECT_FALSE(back->myid.has_value());
  EXPECT_EQ(back->myid_path, "");
  EXPECT_THAT(back->warnings, IsEmpty());
}

TEST(ConfigZooCfg, ServerLineForms) {
  auto r = parse(kBasics +
                 "server.1=zoo1:2888:3888;2181\n"
                 "server.2=zoo2:2888:3888;0.0.0.0:2182\n"
                 "server.3=[::1]:2890:3890:participant\n"
                 "server.4=127.0.0.1:2891:3891:observer \n"  // ZooKeeper trims the type
                 "server.05=127.0.0.1:2892:3892:\n");        // Java's split drops the empty end
  ASSERT_TRUE(r.ok()) << r.error().to_string();
  const auto& s = r->servers;
  ASSERT_EQ(s.size(), 5u);
  EXPECT_EQ(s[0].host, "zoo1");
  EXPECT_EQ(s[0].client_host, "");
  EXPECT_EQ(s[0].client_port, 2181);
  EXPECT_EQ(s[1].client_host, "0.0.0.0");
  EXPECT_EQ(s[1].client_port, 2182);
  EXPECT_EQ(s[2].host, "::1");
  EXPECT_EQ(s[2].quorum_port, 2890);
  EXPECT_EQ(s[3].type, LearnerType::Observer);
  EXPECT_EQ(s[4].sid, 5);
  EXPECT_EQ(server_value(s[0]), "zoo1:2888:3888;2181");
  EXPECT_EQ(server_value(s[1]), "zoo2:2888:3888;0.0.0.0:2182");
  EXPECT_EQ(server_value(s[2]), "[::1]:2890:3890");
  EXPECT_EQ(server_value(s[3]), "127.0.0.1:2891:3891:observer");
}

TEST(ConfigZooCfg, SingleVoterNeedsNoLimits) {
  // standaloneEnabled and one server line: ZooKeeper is not "distributed" and needs no
  // initLimit/syncLimit; it warns and runs standalone.
  auto r = parse("dataDir=/nonexistent/d\nserver.1=127.0.0.1:2888:3888\n");
  ASSERT_TRUE(r.ok()) << r.error().to_string();
  EXPECT_THAT(warning_texts(r->warnings),
              ElementsAre("zoo.cfg: only one server line: real ZooKeeper logs \"Invalid "
                          "configuration, only one server specified (ignoring)\" and starts a "
                          "standalone server without leader election; zooscope runs an ensemble "
                          "of one voter, which elects itself and tolerates no failure"));
}

TEST(ConfigZooCfg, KnownSystemPropertiesAreKeptWithoutWarning) {
  auto r = parse(kBasics + kThreeServers +
                 "cnxTimeout=3000\n"
                 "electionPortBindRetry=10\n"
                 "extendedTypesEnabled=true\n"
                 "forceSync=no\n"
                 "znode.container.checkIntervalMs=1000\n"
                 "fastleader.minNotificationInterval=100\n"
                 "ssl.quorum.keyStore.location=/x\n"
                 "sslQuorum=false\n"
                 "quorumListenOnAllIPs=true\n");
  ASSERT_TRUE(r.ok()) << r.error().to_string();
  EXPECT_THAT(r->warnings, IsEmpty());
  EXPECT_EQ(r->other_keys.size(), 9u);
  EXPECT_EQ(r->other_keys.at("cnxTimeout"), "3000");
  EXPECT_EQ(r->other_keys.at("forceSync"), "no");
  EXPECT_EQ(r->other_keys.at("znode.container.checkIntervalMs"), "1000");
}

// ---- errors ----

TEST(ConfigErrors, TrailingSpaceAfterElectionPort) {
  std::string text =
      "# one host, three servers\n"
      "tickTime=2000\n"
      "initLimit=10\n"
      "syncLimit=5\n"
      "dataDir=/nonexistent/zooscope-test\n"
      "clientPort=2181\n"
      "#\n#\n#\n#\n#\n"
      "server.1=127.0.0.1:2888:3888 \n"  // line 12
      "server.2=127.0.0.1:2889:3889\n"
      "server.3=127.0.0.1:2890:3890\n";
  EXPECT_EQ(parse_error(text),
            "zoo.cfg:12: server.1: \"127.0.0.1:2888:3888 \" has a trailing space after the "
            "election port; real ZooKeeper fails with \"Address unresolved: 127.0.0.1:3888 \" "
            "(fix: remove the space at the end of the line)");
}

TEST(ConfigErrors, TrailingTabAndSeveralSpaces) {
  EXPECT_EQ(parse_error(kBasics + "server.1=127.0.0.1:2888:3888\t\n"),
            "zoo.cfg:5: server.1: \"127.0.0.1:2888:3888\\t\" has a trailing tab after the "
            "election port; real ZooKeeper fails with \"Address unresolved: 127.0.0.1:3888\\t\" "
            "(fix: remove the tab at the end of the line)");
  EXPECT_EQ(parse_error(kBasics + "server.1=127.0.0.1:2888:3888  \n"),
            "zoo.cfg:5: server.1: \"127.0.0.1:2888:3888  \" has 2 trailing spaces after the "
            "election port; real ZooKeeper fails with \"Address unresolved: 127.0.0.1:3888  \" "
            "(fix: remove the 2 spaces at the end of the line)");
}

TEST(ConfigErrors, SpaceInsideTheServerLine) {
  EXPECT_EQ(parse_error(kBasics + "server.1=127.0.0.1: 2888:3888\n"),
            "zoo.cfg:5: server.1: \"127.0.0.1: 2888:3888\" has a space before the quorum port; "
            "real ZooKeeper fails with \"Address unresolved: 127.0.0.1: 2888\" (fix: remove the "
            "space inside the server line)");
  EXPECT_EQ(parse_error(kBasics + "server.1=127.0.0.1:2888 :3888\n"),
            "zoo.cfg:5: server.1: \"127.0.0.1:2888 :3888\" has a space after the quorum port; "
            "real ZooKeeper fails with \"Address unresolved: 127.0.0.1:2888 \" (fix: remove the "
            "space inside the server line)");
}

TEST(ConfigErrors, TrailingSpaceAfterClientPort) {
  // ZooKeeper prints its hostname field before it is set, hence "null".
  EXPECT_EQ(parse_error(kBasics + "server.1=zoo1:2888:3888;2181 \n"),
            "zoo.cfg:5: server.1: \"zoo1:2888:3888;2181 \" has a trailing space after the client "
            "port; real ZooKeeper fails with \"Address unresolved: null:2181 \" (fix: remove the "
            "space at the end of the line)");
}

TEST(ConfigErrors, EndOfLineCommentOnServerLine) {
  EXPECT_EQ(parse_error(kBasics + "server.1=127.0.0.1:2888:3888 # first\n"),
            "zoo.cfg:5: server.1: \"127.0.0.1:2888:3888 # first\" has text after the election "
            "port; real ZooKeeper fails with \"Address unresolved: 127.0.0.1:3888 # first\" (fix: "
            "Java properties files have no end-of-line comments: put the comment on a line of its "
            "own starting with #)");
}

TEST(ConfigErrors, PortOutOfRange) {
  EXPECT_EQ(parse_error(kBasics + "server.3=127.0.0.1:2890:70000\n"),
            "zoo.cfg:5: server.3: election port 70000 is not in 1-65535; real ZooKeeper fails "
            "with \"port out of range:70000\" (fix: use a port from 1 to 65535, e.g. 3888)");
  EXPECT_EQ(parse_error(kBasics + "server.3=127.0.0.1:0:3890\n"),
            "zoo.cfg:5: server.3: quorum port 0 is not in 1-65535; real ZooKeeper would listen "
            "on a random free port that no other server knows (fix: use a port from 1 to 65535, "
            "e.g. 2888)");
  EXPECT_EQ(parse_error(kBasics + "clientPort=70000\n"),
            "zoo.cfg:5: clientPort: 70000 is not in 1-65535; real ZooKeeper fails with \"port out "
            "of range:70000\" (fix: use a port from 1 to 65535, e.g. clientPort=2181)");
  EXPECT_EQ(parse_error(kBasics + "admin.serverPort=80800\n"),
            "zoo.cfg:5: admin.serverPort: 80800 is not in 1-65535 (fix: use a port from 1 to "
            "65535, e.g. admin.serverPort=8080)");
  EXPECT_EQ(parse_error(kBasics + "clientPort=-1\n"),
            "zoo.cfg:5: clientPort: -1 is not in 1-65535; real ZooKeeper fails with \"port out of "
            "range:-1\" (fix: use a port from 1 to 65535, e.g. clientPort=2181)");
}

TEST(ConfigErrors, PortNotANumber) {
  EXPECT_EQ(parse_error(kBasics + "server.2=127.0.0.1:28a9:3889\n"),
            "zoo.cfg:5: server.2: quorum port \"28a9\" is not a number; real ZooKeeper fails "
            "with \"Address unresolved: 127.0.0.1:28a9\" (fix: the form is "
            "host:quorumPort:electionPort[:participant|:observer][;[clientHost:]clientPort], e.g. "
            "server.2=127.0.0.1:2888:3888)");
  EXPECT_EQ(parse_error(kBasics + "clientPort=21 81\n"),
            "zoo.cfg:5: clientPort: \"21 81\" is not a number; real ZooKeeper fails with "
            "NumberFormatException: For input string: \"21 81\" (fix: write the port alone, e.g. "
            "clientPort=2181)");
}

TEST(ConfigErrors, NumberValueNotANumber) {
  EXPECT_EQ(parse_error("tickTime=2s\ndataDir=/nonexistent/d\n"),
            "zoo.cfg:1: tickTime: \"2s\" is not a number; real ZooKeeper fails with "
            "NumberFormatException: For input string: \"2s\" (fix: tickTime is in milliseconds, "
            "without a unit, e.g. tickTime=2000)");
  EXPECT_EQ(parse_error("dataDir=/nonexistent/d\ninitLimit=99999999999\n"),
            "zoo.cfg:2: initLimit: 99999999999 is out of range (-2147483648 to 2147483647); real "
            "ZooKeeper fails with NumberFormatException: For input string: \"99999999999\" (fix: "
            "initLimit is a number of ticks, e.g. initLimit=10)");
  EXPECT_EQ(parse_error("dataDir=/nonexistent/d\nsyncLimit=\n"),
            "zoo.cfg:2: syncLimit: \"\" is not a number; real ZooKeeper fails with "
            "NumberFormatException: For input string: \"\" (fix: syncLimit is a number of ticks, "
            "e.g. syncLimit=5)");
}

TEST(ConfigErrors, EndOfLineCommentOnNumberKey) {
  EXPECT_EQ(parse_error("dataDir=/nonexistent/d\ntickTime=2000 # ms\n"),
            "zoo.cfg:2: tickTime: \"2000 # ms\" is not a number; real ZooKeeper fails with "
            "NumberFormatException: For input string: \"2000 # ms\" (fix: Java properties files "
            "have no end-of-line comments: put the comment on a line of its own starting with #)");
}

TEST(ConfigErrors, SystemPropertyNumbers) {
  EXPECT_EQ(parse_error(kBasics + "cnxTimeout=5s\n"),
            "zoo.cfg:5: cnxTimeout: \"5s\" is not a number; real ZooKeeper fails with "
            "NumberFormatException: For input string: \"5s\" (fix: cnxTimeout is in milliseconds, "
            "without a unit, e.g. cnxTimeout=5000)");
  EXPECT_EQ(parse_error(kBasics + "admin.serverPort=80a\n"),
            "zoo.cfg:5: admin.serverPort: \"80a\" is not a number; real ZooKeeper silently "
            "ignores it and uses 8080 (fix: write the port alone, e.g. admin.serverPort=8080)");
  EXPECT_EQ(parse_error(kBasics + "fastleader.minNotificationInterval=fast\n"),
            "zoo.cfg:5: fastleader.minNotificationInterval: \"fast\" is not a number; real "
            "ZooKeeper silently ignores it and uses 200 (fix: write a whole number, e.g. "
            "fastleader.minNotificationInterval=...)");
}

TEST(ConfigErrors, TickTimeZeroOrNegative) {
  EXPECT_EQ(parse_error("dataDir=/nonexistent/d\ntickTime=0\n"),
            "zoo.cfg:2: tickTime is 0; real ZooKeeper fails with \"tickTime is not set\" (fix: "
            "tickTime is in milliseconds, without a unit, e.g. tickTime=2000)");
  EXPECT_EQ(parse_error("dataDir=/nonexistent/d\ntickTime=-5\n"),
            "zoo.cfg:2: tickTime: -5 is negative (fix: tickTime is in milliseconds, without a "
            "unit, e.g. tickTime=2000)");
}

TEST(ConfigErrors, DuplicateServerIdNamesBothLines) {
  EXPECT_EQ(parse_error(kBasics + kThreeServers + "server.1=127.0.0.1:2891:3891\n"),
            "zoo.cfg:8: server.1 is defined twice, on lines 5 and 8; real ZooKeeper silently "
            "keeps only one of them (fix: remove one of the two lines, or give the second server "
            "a number of its own)");
  // server.01 is also id 1.
  EXPECT_EQ(parse_error(kBasics + "server.1=127.0.0.1:2888:3888\nserver.01=127.0.0.1:2889:3889\n"),
            "zoo.cfg:6: server.1 is defined twice, on lines 5 and 6; real ZooKeeper silently "
            "keeps only one of them (fix: remove one of the two lines, or give the second server "
            "a number of its own)");
}

TEST(ConfigErrors, QuorumPortEqualsElectionPort) {
  EXPECT_EQ(parse_error(kBasics + "server.1=127.0.0.1:2888:2888\n"),
            "zoo.cfg:5: server.1: quorum port and election port are both 2888; real ZooKeeper "
            "fails with \"Client and election port must be different! Please update the "
            "configuration file on server.1\" (fix: use two different ports, e.g. "
            "server.1=127.0.0.1:2888:3888)");
}

TEST(ConfigErrors, UnrecognisedPeerType) {
  EXPECT_EQ(parse_error(kBasics + "server.3=127.0.0.1:2890:3890:voter\n"),
            "zoo.cfg:5: server.3: unknown peer type \"voter\"; real ZooKeeper fails with "
            "\"Unrecognised peertype: voter\" (fix: end the line with :participant or :observer, "
            "or with nothing (participant), e.g. server.3=127.0.0.1:2890:3890:observer)");
  EXPECT_EQ(parse_error(kBasics + "peerType=voter\n"),
            "zoo.cfg:5: peerType: unknown peer type \"voter\"; real ZooKeeper fails with "
            "\"Unrecognised peertype: voter\" (fix: write peerType=participant or "
            "peerType=observer)");
}

TEST(ConfigErrors, WrongNumberOfParts) {
  EXPECT_EQ(parse_error(kBasics + "server.1=127.0.0.1:2888\n"),
            "zoo.cfg:5: server.1: \"127.0.0.1:2888\" does not have the form "
            "host:quorumPort:electionPort[:participant|:observer][;[clientHost:]clientPort]; real "
            "ZooKeeper fails with \"127.0.0.1:2888 does not have the form server_config or "
            "server_config;client_config ...\" (fix: add the election port: "
            "server.1=127.0.0.1:2888:3888)");
  EXPECT_EQ(parse_error(kBasics + "server.1=a:1:2:observer:x\n"),
            "zoo.cfg:5: server.1: \"a:1:2:observer:x\" does not have the form "
            "host:quorumPort:electionPort[:participant|:observer][;[clientHost:]clientPort]; real "
            "ZooKeeper fails with \"a:1:2:observer:x does not have the form server_config or "
            "server_config;client_config ...\" (fix: e.g. server.1=127.0.0.1:2888:3888, "
            "server.1=127.0.0.1:2891:3891:observer or server.1=zoo1:2888:3888;2181)");
  EXPECT_EQ(parse_error(kBasics + "server.1=a:1:2;3;4\n"),
            "zoo.cfg:5: server.1: \"a:1:2;3;4\" does not have the form "
            "host:quorumPort:electionPort[:participant|:observer][;[clientHost:]clientPort]; real "
            "ZooKeeper fails with \"a:1:2;3;4 does not have the form server_config or "
            "server_config;client_config ...\" (fix: e.g. server.1=127.0.0.1:2888:3888, "
            "server.1=127.0.0.1:2891:3891:observer or server.1=zoo1:2888:3888;2181)");
}

TEST(ConfigErrors, DynamicConfigFileIsNotSupported) {
  EXPECT_EQ(parse_error(kBasics + "dynamicConfigFile=/conf/zoo.cfg.dynamic.100000000\n"),
            "zoo.cfg:5: dynamicConfigFile is not supported: zooscope has no dynamic "
            "reconfiguration, so the server list must be in this file (fix: copy the server.N "
            "lines from /conf/zoo.cfg.dynamic.100000000 into this file and remove the "
            "dynamicConfigFile line)");
}

TEST(ConfigErrors, LimitsRequiredWithSeveralServers) {
  EXPECT_EQ(parse_error("tickTime=2000\nsyncLimit=5\ndataDir=/nonexistent/d\n" + kThreeServers),
            "zoo.cfg: initLimit is not set; it is required with more than one server; real "
            "ZooKeeper fails with \"initLimit is not set\" (fix: add initLimit=10 (ticks a "
            "follower may take to connect to the leader and sync))");
  EXPECT_EQ(parse_error("tickTime=2000\ninitLimit=10\ndataDir=/nonexistent/d\n" + kThreeServers),
            "zoo.cfg: syncLimit is not set; it is required with more than one server; real "
            "ZooKeeper fails with \"syncLimit is not set\" (fix: add syncLimit=5 (ticks a "
            "follower may fall behind the leader))");
  // initLimit=0 is "not set" too, and the message then points at its line.
  EXPECT_EQ(parse_error("initLimit=0\nsyncLimit=5\ndataDir=/nonexistent/d\n" + kThreeServers),
            "zoo.cfg:1: initLimit is not set; it is required with more than one server; real "
            "ZooKeeper fails with \"initLimit is not set\" (fix: add initLimit=10 (ticks a "
            "follower may take to connect to the leader and sync))");
}

TEST(ConfigErrors, DataDirNotSet) {
  EXPECT_EQ(parse_error("tickTime=2000\n"),
            "zoo.cfg: dataDir is not set; real ZooKeeper fails with \"dataDir is not set\" (fix: "
            "add dataDir=<the directory for snapshots and the myid file>, e.g. "
            "dataDir=/var/lib/zookeeper)");
}

TEST(ConfigErrors, ObserversWithoutVoters) {
  EXPECT_EQ(parse_error(kBasics + "server.1=127.0.0.1:2888:3888:observer\n"
                                  "server.2=127.0.0.1:2889:3889:observer\n"),
            "zoo.cfg:5: every server line is an observer and none is a participant; real "
            "ZooKeeper fails with \"Observers w/o participants is an invalid configuration\" "
            "(fix: make at least three servers participants: drop :observer from their lines)");
  EXPECT_EQ(parse_error(kBasics + "server.1=127.0.0.1:2888:3888\n"
                                  "server.2=127.0.0.1:2889:3889:observer\n"),
            "zoo.cfg:6: one participant with 1 observer cannot form a quorum; real ZooKeeper "
            "fails with \"Observers w/o quorum is an invalid configuration\" (fix: add "
            "participants (three or more in all), or set standaloneEnabled=false)");
}

TEST(ConfigErrors, StandaloneDisabledNeedsParticipants) {
  EXPECT_EQ(parse_error("dataDir=/nonexistent/d\nstandaloneEnabled=false\n"),
            "zoo.cfg:2: standaloneEnabled=false but no server line is a participant; real "
            "ZooKeeper fails with \"standaloneEnabled = false then number of participants should "
            "be >0\" (fix: add participant server lines, e.g. server.1=127.0.0.1:2888:3888)");
}

TEST(ConfigErrors, MinSessionTimeoutAboveMax) {
  EXPECT_EQ(parse_error(kBasics + "minSessionTimeout=50000\n"),
            "zoo.cfg:5: minSessionTimeout 50000 is larger than maxSessionTimeout 40000 (not set: "
            "20 x tickTime); real ZooKeeper fails with \"minSessionTimeout must not be larger "
            "than maxSessionTimeout\" (fix: make minSessionTimeout at most maxSessionTimeout "
            "(both in milliseconds))");
  EXPECT_EQ(parse_error(kBasics + "minSessionTimeout=9000\nmaxSessionTimeout=8000\n"),
            "zoo.cfg:5: minSessionTimeout 9000 is larger than maxSessionTimeout 8000; real "
            "ZooKeeper fails with \"minSessionTimeout must not be larger than "
            "maxSessionTimeout\" (fix: make minSessionTimeout at most maxSessionTimeout (both in "
            "milliseconds))");
}

TEST(ConfigErrors, ElectionAlgOnlyThree) {
  EXPECT_EQ(parse_error(kBasics + "electionAlg=1\n"),
            "zoo.cfg:5: electionAlg=1 is not supported, only 3 (fast leader election); real "
            "ZooKeeper fails with \"Invalid electionAlg value. Only 3 is supported.\" (fix: "
            "remove the electionAlg line: 3 is the default and the only value)");
}

TEST(ConfigErrors, BooleansAreTrueOrFalse) {
  EXPECT_EQ(parse_error(kBasics + "admin.enableServer=yes\n"),
            "zoo.cfg:5: Invalid option yes for admin.enableServer. Choose 'true' or 'false.' "
            "(zooscope checks this; real ZooKeeper does not, and keeps the AdminServer on for "
            "anything but exactly \"false\") (fix: write admin.enableServer=true or "
            "admin.enableServer=false)");
  EXPECT_EQ(parse_error(kBasics + "standaloneEnabled=1\n"),
            "zoo.cfg:5: Invalid option 1 for standaloneEnabled. Choose 'true' or 'false.' (fix: "
            "write standaloneEnabled=true or standaloneEnabled=false)");
  EXPECT_EQ(parse_error(kBasics + "sslQuorum=on\n"),
            "zoo.cfg:5: Invalid option on for sslQuorum. Choose 'true' or 'false.' (fix: write "
            "sslQuorum=true or sslQuorum=false)");
}

TEST(ConfigErrors, BadServerIds) {
  EXPECT_EQ(parse_error(kBasics + "server.x=127.0.0.1:2888:3888\n"),
            "zoo.cfg:5: server.x: \"x\" is not a server id; real ZooKeeper fails with "
            "NumberFormatException: For input string: \"x\" (fix: number the servers 1, 2, 3, "
            "...: server.1=127.0.0.1:2888:3888)");
  EXPECT_EQ(parse_error(kBasics + "server.0=127.0.0.1:2888:3888\n"),
            "zoo.cfg:5: server.0: server id 0 is not allowed; zooscope needs ids from 1 up "
            "(ZooKeeper's documentation asks for 1 to 255) (fix: renumber the servers from 1, and "
            "the myid files with them)");
}

TEST(ConfigErrors, ExtendedTypesLimitServerIds) {
  EXPECT_EQ(parse_error(kBasics + "extendedTypesEnabled=true\n" + kThreeServers +
                        "server.300=127.0.0.1:2891:3891\n"),
            "zoo.cfg:9: server.300: with extendedTypesEnabled=true server ids must be at most "
            "254; real ZooKeeper fails with \"extendedTypesEnabled is true but Server ID is too "
            "large. Cannot be larger than 254\" (fix: renumber the servers below 255, or remove "
            "extendedTypesEnabled)");
}

TEST(ConfigErrors, MultiAddressAndHierarchicalQuorums) {
  EXPECT_EQ(parse_error(kBasics + "server.1=10.0.0.1:2888:3888|10.0.1.1:2888:3888\n"),
            "zoo.cfg:5: server.1: \"10.0.0.1:2888:3888|10.0.1.1:2888:3888\" lists several "
            "addresses separated by |; zooscope does not support multi-address server lines "
            "(fix: keep one host:quorumPort:electionPort per server line)");
  EXPECT_EQ(parse_error(kBasics + "group.1=1:2:3\n"),
            "zoo.cfg:5: group.1: hierarchical quorums (group./weight. keys) are not supported; "
            "zooscope uses majority quorums only (fix: remove the group. and weight. lines; every "
            "participant then has one vote)");
}

TEST(ConfigErrors, HostProblems) {
  EXPECT_EQ(parse_error(kBasics + "server.1=127.0.0.1 :2888:3888\n"),
            "zoo.cfg:5: server.1: host \"127.0.0.1 \" contains whitespace; real ZooKeeper cannot "
            "resolve it, so that server is unreachable (fix: remove the space inside the server "
            "line)");
  EXPECT_EQ(parse_error(kBasics + "server.1=[::1:2888:3888\n"),
            "zoo.cfg:5: server.1: \"[::1:2888:3888\" opens an IPv6 address with [ but never "
            "closes it; real ZooKeeper fails with \"[::1:2888:3888 starts with '[' but has no "
            "matching ']:'\" (fix: write IPv6 hosts as [::1]:2888:3888)");
}

TEST(ConfigErrors, ClientPortAddressWithoutClientPort) {
  EXPECT_EQ(parse_error(kBasics + "clientPortAddress=127.0.0.1\n"),
            "zoo.cfg:5: clientPortAddress is set but clientPort is not set; real ZooKeeper fails "
            "with \"clientPortAddress is set but clientPort is not set\" (fix: add "
            "clientPort=2181, or remove clientPortAddress)");
}

TEST(ConfigErrors, ErrorCarriesFileLineMessageHint) {
  auto r = parse_zoo_cfg(kBasics + "server.1=127.0.0.1:2888:2888\n", "conf/zoo2.cfg", false);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().file, "conf/zoo2.cfg");
  EXPECT_EQ(r.error().line, 5);
  EXPECT_EQ(r.error().hint, "use two different ports, e.g. server.1=127.0.0.1:2888:3888");
}

TEST(ConfigErrors, LoadZooCfgMissingFile) {
  auto r = load_zoo_cfg("/nonexistent/zooscope/zoo.cfg");
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().to_string(),
            "/nonexistent/zooscope/zoo.cfg: the file does not exist (fix: check the path; pass "
            "one zoo.cfg for the whole ensemble, or one per server)");
}

// ---- warnings ----

TEST(ConfigWarnings, EvenNumberOfVoters) {
  auto r = parse(kBasics + kThreeServers + "server.4=127.0.0.1:2891:3891\n");
  ASSERT_TRUE(r.ok()) << r.error().to_string();
  EXPECT_THAT(warning_texts(r->warnings),
              ElementsAre("zoo.cfg: Non-optimal configuration, consider an odd number of servers. "
                          "(zooscope: a quorum is more than half the voters, 3 of 4, so 4 voters "
                          "tolerate 1 failure, the same as 3; 2N+1 voters tolerate N failures)"));
}

TEST(ConfigWarnings, SixVotersTolerateTwoLikeFive) {
  auto r = parse(kBasics + kThreeServers +
                 "server.4=127.0.0.1:2891:3891\nserver.5=127.0.0.1:2892:3892\n"
                 "server.6=127.0.0.1:2893:3893\n");
  ASSERT_TRUE(r.ok()) << r.error().to_string();
  EXPECT_THAT(warning_texts(r->warnings),
              ElementsAre("zoo.cfg: Non-optimal configuration, consider an odd number of servers. "
                          "(zooscope: a quorum is more than half the voters, 4 of 6, so 6 voters "
                          "tolerate 2 failures, the same as 5; 2N+1 voters tolerate N failures)"));
}

TEST(ConfigWarnings, ObserversDoNotCountAsVoters) {
  auto r = parse(kBasics + kThreeServers + "server.4=127.0.0.1:2891:3891:observer\n");
  ASSERT_TRUE(r.ok()) << r.error().to_string();
  EXPECT_THAT(r->warnings, IsEmpty());
}

TEST(ConfigWarnings, TwoVoters) {
  auto r = parse(kBasics + "server.1=127.0.0.1:2888:3888\nserver.2=127.0.0.1:2889:3889\n");
  ASSERT_TRUE(r.ok()) << r.error().to_string();
  EXPECT_THAT(warning_texts(r->warnings),
              ElementsAre("zoo.cfg: No server failure will be tolerated. You need at least 3 "
                          "servers. (zooscope: a quorum is more than half the voters, 2 of 2, so "
                          "either voter failing stops the ensemble)"));
}

TEST(ConfigWarnings, OneVoterWithStandaloneDisabled) {
  auto r = parse(kBasics + "standaloneEnabled=false\nserver.1=127.0.0.1:2888:3888\n");
  ASSERT_TRUE(r.ok()) << r.error().to_string();
  EXPECT_THAT(warning_texts(r->warnings),
              ElementsAre("zoo.cfg: No server failure will be tolerated. You need at least 3 "
                          "servers. (zooscope: a quorum is more than half the voters, 1 of 1, so "
                          "the only voter failing stops the ensemble)"));
}

TEST(ConfigWarnings, SnapRetainCountRaisedToThree) {
  auto r = parse(kBasics + "autopurge.snapRetainCount=1\n");
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->autopurge_snap_retain_count, 3);
  EXPECT_THAT(warning_texts(r->warnings),
              ElementsAre("zoo.cfg:5: Invalid autopurge.snapRetainCount: 1. Defaulting to 3 "
                          "(ZooKeeper always keeps at least 3 snapshots)"));
}

TEST(ConfigWarnings, UnknownKeySuggestsClosest) {
  auto r = parse("tickTim=2000\ndataDir=/nonexistent/d\n");
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->tick_time_ms, 3000);  // the misspelt key does not set tickTime
  EXPECT_EQ(r->other_keys.at("tickTim"), "2000");
  EXPECT_THAT(warning_texts(r->warnings),
              ElementsAre("zoo.cfg:1: unknown key tickTim (did you mean tickTime?); real "
                          "ZooKeeper does not complain: it sets the Java system property "
                          "zookeeper.tickTim, which it never reads"));
}

TEST(ConfigWarnings, KeysAreCaseSensitive) {
  auto r = parse("ticktime=2000\ndataDir=/nonexistent/d\nsynclimit=5\n");
  ASSERT_TRUE(r.ok());
  EXPECT_THAT(warning_texts(r->warnings),
              ElementsAre("zoo.cfg:1: unknown key ticktime (did you mean tickTime?); real "
                          "ZooKeeper does not complain: it sets the Java system property "
                          "zookeeper.ticktime, which it never reads",
                          "zoo.cfg:3: unknown key synclimit (did you mean syncLimit?); real "
                          "ZooKeeper does not complain: it sets the Java system property "
                          "zookeeper.synclimit, which it never reads"));
}

TEST(ConfigWarnings, UnknownKeyFarFromAnyKnownOne) {
  auto r = parse("dataDir=/nonexistent/d\nmyCustomSetting=1\n");
  ASSERT_TRUE(r.ok());
  EXPECT_THAT(warning_texts(r->warnings),
              ElementsAre("zoo.cfg:2: unknown key myCustomSetting; real ZooKeeper does not "
                          "complain: it sets the Java system property zookeeper.myCustomSetting, "
                          "which it never reads"));
}

// Found by tests/fuzz/fuzz_zoo_cfg (48 runs/s): each unknown key was compared with every
// known key through a full edit-distance table, so a file that is not a zoo.cfg at all (a
// jar, a snapshot) with one long line stalled: 4.8 s for a 30 KB key at -O2, linear in its
// length. A key far longer than any known one now skips the table (the fuzz run's -timeout
// is what guards the time; this checks the warning is still given, without a suggestion).
TEST(ConfigWarnings, HugeUnknownKeyGetsAWarningWithoutASuggestion) {
  const std::string key(300'000, 'x');
  auto r = parse("dataDir=/nonexistent/d\n" + key + "=1\n");
  ASSERT_TRUE(r.ok()) << r.error().to_string();
  ASSERT_EQ(r->warnings.size(), 1u);
  EXPECT_EQ(r->warnings[0].message.find("did you mean"), std::string::npos);
}

TEST(ConfigWarnings, PrefixedAndJvmOnlyKeys) {
  auto r = parse("dataDir=/nonexistent/d\nzookeeper.forceSync=no\njute.maxbuffer=4194304\n");
  ASSERT_TRUE(r.ok());
  EXPECT_THAT(
      warning_texts(r->warnings),
      ElementsAre("zoo.cfg:2: zookeeper.forceSync has no effect: ZooKeeper adds the zookeeper. "
                  "prefix itself, so this sets zookeeper.zookeeper.forceSync (fix: write "
                  "forceSync=no)",
                  "zoo.cfg:3: jute.maxbuffer has no effect in zoo.cfg: ZooKeeper reads it only as "
                  "the JVM property jute.maxbuffer, and zoo.cfg would set zookeeper.jute.maxbuffer "
                  "(fix: pass -Djute.maxbuffer=4194304 to the JVM, e.g. in SERVER_JVMFLAGS)"));
}

TEST(ConfigWarnings, RepeatedKeyLastWins) {
  auto r = parse("tickTime=2s\ndataDir=/nonexistent/d\ntickTime=3000\n");
  ASSERT_TRUE(r.ok()) << r.error().to_string();  // the bad first value is never read
  EXPECT_EQ(r->tick_time_ms, 3000);
  EXPECT_EQ(r->key_lines.at("tickTime"), 3);
  EXPECT_THAT(warning_texts(r->warnings),
              ElementsAre("zoo.cfg:3: tickTime is set twice, on lines 1 and 3; like ZooKeeper, "
                          "zooscope uses the last value (3000)"));
}

TEST(ConfigWarnings, SingleBackslashInWindowsPath) {
  auto r = parse("dataDir=D:\\IdeaProjects\\zk2\n");
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->data_dir, "D:IdeaProjectszk2");  // what ZooKeeper sees
  EXPECT_THAT(warning_texts(r->warnings),
              ElementsAre("zoo.cfg:1: dataDir: Java reads \"\\I\" as \"I\", so ZooKeeper sees "
                          "dataDir=D:IdeaProjectszk2 (fix: write each backslash twice, \\\\, or "
                          "use / instead)"));
  auto tab = parse("dataDir=C:\\tmp\\zk\n");
  ASSERT_TRUE(tab.ok());
  EXPECT_THAT(warning_texts(tab->warnings),
              ElementsAre("zoo.cfg:1: dataDir: Java reads \"\\t\" as a tab, so ZooKeeper sees "
                          "dataDir=C:\\tmpzk (fix: write each backslash twice, \\\\, or use / "
                          "instead)"));
}

TEST(ConfigWarnings, SamePortTwiceOnOneHost) {
  auto r = parse(kBasics +
                 "server.1=127.0.0.1:2888:3888\nserver.2=127.0.0.1:2888:3889\n"
                 "server.3=127.0.0.1:2890:3890\n");
  ASSERT_TRUE(r.ok());
  EXPECT_THAT(warning_texts(r->warnings),
              ElementsAre("zoo.cfg:6: server.2 uses 127.0.0.1:2888 as its quorum port, which "
                          "server.1 (line 5) uses as its quorum port; on one machine only the "
                          "first of them to start can listen there (java.net.BindException: "
                          "Address already in use)"));
}

TEST(ConfigWarnings, SamePortsOnDifferentHostsAreFine) {
  auto r = parse(kBasics +
                 "server.1=zoo1:2888:3888\nserver.2=zoo2:2888:3888\n"
                 "server.3=zoo3:2888:3888\n");
  ASSERT_TRUE(r.ok());
  EXPECT_THAT(r->warnings, IsEmpty());
}

TEST(ConfigWarnings, AdminEnableServerOnlyLowercaseFalseDisables) {
  auto r = parse(kBasics + "admin.enableServer=False\n");
  ASSERT_TRUE(r.ok());
  EXPECT_TRUE(r->admin_enable_server);
  EXPECT_THAT(warning_texts(r->warnings),
              ElementsAre("zoo.cfg:5: admin.enableServer=False: real ZooKeeper turns the "
                          "AdminServer off only for exactly \"false\", so it stays on (fix: write "
                          "false in lower case)"));
}

TEST(ConfigWarnings, UnknownFourLetterWord) {
  auto r = parse(kBasics + "4lw.commands.whitelist=srvr, ruk, xyzzy\n");
  ASSERT_TRUE(r.ok());
  EXPECT_THAT(r->four_letter_whitelist, ElementsAre("srvr", "ruk", "xyzzy"));
  EXPECT_THAT(warning_texts(r->warnings),
              ElementsAre("zoo.cfg:5: 4lw.commands.whitelist: \"ruk\" is not a four-letter word "
                          "ZooKeeper knows (did you mean ruok?)",
                          "zoo.cfg:5: 4lw.commands.whitelist: \"xyzzy\" is not a four-letter "
                          "word ZooKeeper knows (known: conf, cons, crst, dirs, dump, envi, gtmk, "
                          "hash, isro, mntr, ruok, srst, srvr, stat, stmk, wchc, wchp, wchs)"));
}

TEST(ConfigWarnings, ReconfigEnabledAndOraclePathAreIgnored) {
  auto r = parse(kBasics + "reconfigEnabled=true\noraclePath=/x/oracle\n");
  ASSERT_TRUE(r.ok());
  EXPECT_TRUE(r->reconfig_enabled);
  EXPECT_THAT(warning_texts(r->warnings),
              ElementsAre("zoo.cfg:5: reconfigEnabled=true: zooscope has no dynamic "
                          "reconfiguration, so it runs with reconfig disabled (a reconfig request "
                          "gets RECONFIGDISABLED)",
                          "zoo.cfg:6: oraclePath is ignored: zooscope has no oracle for 2-server "
                          "ensembles (QuorumOracleMaj) and uses plain majority quorums"));
}

TEST(ConfigWarnings, ByteOrderMarkHidesTheFirstKey) {
  auto r = parse("\xEF\xBB\xBFtickTime=2000\ndataDir=/nonexistent/d\n");
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->tick_time_ms, 3000);  // as in ZooKeeper, which sees the key "\xEF\xBB\xBFtickTime"
  EXPECT_THAT(warning_texts(r->warnings),
              ElementsAre("zoo.cfg:1: the file starts with a UTF-8 byte order mark (BOM); Java "
                          "reads it as part of the first key, so real ZooKeeper does not see "
                          "tickTime and neither does zooscope (fix: save the file as UTF-8 "
                          "without BOM)"));
}

TEST(ConfigWarnings, ByteOrderMarkBeforeACommentLosesNothing) {
  auto r = parse("\xEF\xBB\xBF# zoo.cfg\ntickTime=2000\ndataDir=/nonexistent/d\n");
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->tick_time_ms, 2000);
  EXPECT_THAT(warning_texts(r->warnings),
              ElementsAre("zoo.cfg:1: the file starts with a UTF-8 byte order mark (BOM); Java "
                          "reads it as part of the first line, which turns that line into an "
                          "unused key; no setting is lost here (fix: save the file as UTF-8 "
                          "without BOM)"));
}

TEST(ConfigWarnings, WarningToString) {
  EXPECT_EQ((Warning{"zoo.cfg", 12, "m"}).to_string(), "zoo.cfg:12: m");
  EXPECT_EQ((Warning{"zoo.cfg", 0, "m"}).to_string(), "zoo.cfg: m");
  EXPECT_EQ((Warning{"", 0, "m"}).to_string(), "m");
}

}  // namespace
}  // namespace zs::config

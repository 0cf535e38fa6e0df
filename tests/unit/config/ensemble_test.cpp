// myid files, load_ensemble's sid rules and agreement checks, the shipped samples, and
// default_ensemble (reference §1, §8.3; QuorumPeerConfig.setupMyId, QuorumPeer.start).
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "config/config.hpp"
#include "config_test_util.hpp"

namespace zs::config {
namespace {

using test::kThreeServers;
using test::sample;
using test::TempDir;
using test::warning_texts;
using ::testing::ElementsAre;
using ::testing::IsEmpty;

std::string timing() { return "tickTime=2000\ninitLimit=10\nsyncLimit=5\n"; }

// A per-server file: timing, dataDir, clientPort, then the server lines.
std::string server_file(const std::string& data_dir, int client_port,
                        const std::string& servers = kThreeServers) {
  return timing() + "dataDir=" + data_dir + "\nclientPort=" + std::to_string(client_port) + "\n" +
         servers;
}

std::vector<Sid> sids_of(const EnsembleConfig& e) {
  std::vector<Sid> out;
  for (const auto& s : e.servers) out.push_back(s.sid);
  return out;
}

// ---- myid ----

TEST(ConfigMyid, ReadsTheFirstLine) {
  TempDir t;
  std::string dir = t.dir("zk2");
  t.write("zk2/myid", "2\nignored\n");
  auto r = parse_zoo_cfg(server_file(dir, 2182), "zoo2.cfg");
  ASSERT_TRUE(r.ok()) << r.error().to_string();
  ASSERT_TRUE(r->myid.has_value());
  EXPECT_EQ(*r->myid, 2);
  EXPECT_EQ(r->myid_path, dir + "/myid");
}

// A relative dataDir is the working directory's (as ZooKeeper started there reads it), unless
// the caller (a lab) asks for it beside the zoo.cfg, so a lab's myid files travel with it.
TEST(ConfigMyid, RelativeDataDirBesideTheFileWhenAsked) {
  TempDir t;
  t.dir("conf/data");
  t.write("conf/data/myid", "2\n");
  t.write("conf/zoo.cfg", server_file("data", 2182));
  const std::string cfg = t.dir("conf") + "/zoo.cfg";
  auto beside = load_zoo_cfg(cfg, /*data_dir_beside_file=*/true);
  ASSERT_TRUE(beside.ok()) << beside.error().to_string();
  ASSERT_TRUE(beside->myid.has_value());
  EXPECT_EQ(*beside->myid, 2);
  auto from_cwd = load_zoo_cfg(cfg);
  ASSERT_TRUE(from_cwd.ok()) << from_cwd.error().to_string();
  EXPECT_FALSE(from_cwd->myid.has_value()) << "no ./data/myid in the working directory";
}

TEST(ConfigMyid, CrLfLineIsFine) {
  TempDir t;
  std::string dir = t.dir("zk");
  t.write("zk/myid", "3\r\n");
  auto r = parse_zoo_cfg(server_file(dir, 2183), "zoo3.cfg");
  ASSERT_TRUE(r.ok()) << r.error().to_string();
  EXPECT_EQ(*r->myid, 3);
}

TEST(ConfigMyid, NotReadWhenAskedNotTo) {
  TempDir t;
  std::string dir = t.dir("zk");
  t.write("zk/myid", "one\n");
  auto r = parse_zoo_cfg(server_file(dir, 2181), "zoo.cfg", /*read_myid_file=*/false);
  ASSERT_TRUE(r.ok());
  EXPECT_FALSE(r->myid.has_value());
}

TEST(ConfigMyid, NotANumber) {
  TempDir t;
  std::string dir = t.dir("zk");
  t.write("zk/myid", "one\n");
  auto r = parse_zoo_cfg(server_file(dir, 2181), "zoo.cfg");
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().to_string(),
            dir +
                "/myid:1: the first line \"one\" is not a number; real ZooKeeper fails with "
                "\"serverid one is not a number\" (fix: write only this server's id, e.g. 1, "
                "on the first line of " +
                dir + "/myid)");
}

TEST(ConfigMyid, TrailingSpace) {
  TempDir t;
  std::string dir = t.dir("zk");
  t.write("zk/myid", "1 \n");
  auto r = parse_zoo_cfg(server_file(dir, 2181), "zoo.cfg");
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().to_string(),
            dir +
                "/myid:1: the first line \"1 \" has a space after the number; real ZooKeeper "
                "fails with \"serverid 1  is not a number\" (fix: remove the space so the line "
                "is just 1)");
}

TEST(ConfigMyid, EmptyFile) {
  TempDir t;
  std::string dir = t.dir("zk");
  t.write("zk/myid", "");
  auto r = parse_zoo_cfg(server_file(dir, 2181), "zoo.cfg");
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().message,
            "the myid file is empty; real ZooKeeper fails with \"serverid null is not a number\"");
}

TEST(ConfigMyid, ByteOrderMark) {
  TempDir t;
  std::string dir = t.dir("zk");
  t.write("zk/myid",
          "\xEF\xBB\xBF"
          "1\n");
  auto r = parse_zoo_cfg(server_file(dir, 2181), "zoo.cfg");
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().hint,
            "save " + dir + "/myid as plain text without a BOM (e.g. echo 1 > myid)");
}

TEST(ConfigMyid, NotInThePeerList) {
  TempDir t;
  std::string dir = t.dir("zk");
  t.write("zk/myid", "4\n");
  std::string cfg = t.write("zoo.cfg", server_file(dir, 2181));
  auto r = load_ensemble({cfg});
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().to_string(),
            dir + "/myid:1: myid says 4, but " + cfg +
                " has no server.4 line (it has server.1, server.2 and server.3); real ZooKeeper "
                "fails with \"My id 4 not in the peer list\" (fix: write 1, 2 or 3 in " +
                dir + "/myid, or add a server.4 line)");
}

TEST(ConfigMyid, NotInThePeerListOfOneOfSeveralFiles) {
  TempDir t;
  std::string d1 = t.dir("zk1");
  std::string d2 = t.dir("zk2");
  t.write("zk2/myid", "9\n");
  std::string c1 = t.write("zoo1.cfg", server_file(d1, 2181));
  std::string c2 = t.write("zoo2.cfg", server_file(d2, 2182));
  auto r = load_ensemble({c1, c2});
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().file, d2 + "/myid");
  EXPECT_EQ(r.error().line, 1);
  EXPECT_THAT(r.error().message, ::testing::HasSubstr("\"My id 9 not in the peer list\""));
}

// ---- one file for the whole ensemble ----

TEST(ConfigEnsemble, SingleFileSortsServersBySid) {
  auto cfg = parse_zoo_cfg(timing() +
                               "dataDir=/nonexistent/d\n"
                               "server.3=127.0.0.1:2890:3890\n"
                               "server.1=127.0.0.1:2888:3888\n"
                               "server.2=127.0.0.1:2889:3889\n",
                           "zoo.cfg", false);
  ASSERT_TRUE(cfg.ok());
  auto r = ensemble_from({cfg.value()});
  ASSERT_TRUE(r.ok()) << r.error().to_string();
  EXPECT_THAT(sids_of(r.value()), ElementsAre(1, 2, 3));
  EXPECT_THAT(r->files, IsEmpty());
  EXPECT_EQ(r->tick_time_ms, 2000);
  EXPECT_EQ(r->init_limit_ticks, 10);
  EXPECT_EQ(r->sync_limit_ticks, 5);
  EXPECT_EQ(r->cnx_timeout_ms, 5000);
  EXPECT_THAT(r->warnings, IsEmpty());
}

TEST(ConfigEnsemble, SystemPropertiesApplied) {
  auto cfg = parse_zoo_cfg(timing() +
                               "dataDir=/nonexistent/d\ncnxTimeout=2500\n"
                               "fastleader.minNotificationInterval=100\n"
                               "fastleader.maxNotificationInterval=+30000\n" +
                               kThreeServers,
                           "zoo.cfg", false);
  ASSERT_TRUE(cfg.ok()) << cfg.error().to_string();
  auto r = ensemble_from({cfg.value()});
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->cnx_timeout_ms, 2500);
  EXPECT_EQ(r->min_notification_interval_ms, 100);
  EXPECT_EQ(r->max_notification_interval_ms, 30000);
  EXPECT_FALSE(r->enforce_quota);  // ZooKeeper's default
}

// enforceQuota in zoo.cfg becomes the system property zookeeper.enforceQuota, which
// ZooKeeperServer reads with Boolean.parseBoolean (any case of "true").
TEST(ConfigEnsemble, EnforceQuotaFromZooCfg) {
  for (const auto& [value, on] : std::vector<std::pair<std::string, bool>>{{"true", true}, {"TRUE", true}, {"yes", false}}) {
    auto cfg = parse_zoo_cfg(timing() + "dataDir=/nonexistent/d\nenforceQuota=" + value + "\n" + kThreeServers,
                             "zoo.cfg", false);
    ASSERT_TRUE(cfg.ok()) << cfg.error().to_string();
    auto r = ensemble_from({cfg.value()});
    ASSERT_TRUE(r.ok());
    EXPECT_EQ(r->enforce_quota, on) << value;
    EXPECT_THAT(r->warnings, IsEmpty()) << value;
  }
}

TEST(ConfigEnsemble, SingleFileWithMyidChecksPeerType) {
  TempDir t;
  std::string dir = t.dir("zk");
  t.write("zk/myid", "2\n");
  std::string cfg =
      t.write("zoo.cfg", timing() + "dataDir=" + dir + "\npeerType=observer\n" + kThreeServers);
  auto r = load_ensemble({cfg});
  ASSERT_TRUE(r.ok()) << r.error().to_string();
  EXPECT_THAT(warning_texts(r->warnings),
              ElementsAre(cfg + ":5: peerType=observer, but this file is server.2, which its "
                                "server line makes a participant; like ZooKeeper, zooscope "
                                "follows the server line (\"Peer type from servers list "
                                "(PARTICIPANT) doesn't match peerType (OBSERVER). Defaulting to "
                                "servers list.\")"));
  EXPECT_TRUE(r->is_voter(2));
}

TEST(ConfigEnsemble, NoServerLines) {
  auto cfg = parse_zoo_cfg("dataDir=/nonexistent/d\nclientPort=2181\n", "zoo.cfg", false);
  ASSERT_TRUE(cfg.ok());
  auto r = ensemble_from({cfg.value()});
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().to_string(),
            "zoo.cfg: there are no server.N lines; zooscope simulates an ensemble, so it needs "
            "the list of servers (fix: add one line per server, e.g. "
            "server.1=127.0.0.1:2888:3888, server.2=127.0.0.1:2889:3889, "
            "server.3=127.0.0.1:2890:3890, or start from a sample in assets/ensembles)");
}

TEST(ConfigEnsemble, NothingGiven) {
  auto r = load_ensemble({});
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().message, "no zoo.cfg file given");
}

TEST(ConfigEnsemble, FindVoterCountIsVoter) {
  auto r = load_ensemble({sample("with-observer/zoo.cfg")});
  ASSERT_TRUE(r.ok()) << r.error().to_string();
  EXPECT_EQ(r->voter_count(), 3);
  EXPECT_TRUE(r->is_voter(1));
  EXPECT_FALSE(r->is_voter(4));
  EXPECT_FALSE(r->is_voter(9));
  ASSERT_NE(r->find(4), nullptr);
  EXPECT_EQ(r->find(4)->type, LearnerType::Observer);
  EXPECT_EQ(r->find(9), nullptr);
}

// ---- one file per server ----

TEST(ConfigEnsemble, MyidFileRuleWhateverTheOrder) {
  TempDir t;
  std::vector<std::string> paths;
  for (int i = 3; i >= 1; --i) {  // given in reverse order on purpose
    std::string dir = t.dir("zk" + std::to_string(i));
    t.write("zk" + std::to_string(i) + "/myid", std::to_string(i) + "\n");
    paths.push_back(t.write("zoo" + std::to_string(i) + ".cfg", server_file(dir, 2180 + i)));
  }
  auto r = load_ensemble(paths);
  ASSERT_TRUE(r.ok()) << r.error().to_string();
  ASSERT_EQ(r->files.size(), 3u);
  for (int k = 0; k < 3; ++k) {
    EXPECT_EQ(r->files[k].rule, SidRule::MyidFile);
    EXPECT_EQ(r->files[k].sid, 3 - k);
    EXPECT_EQ(r->files[k].path, paths[k]);
    EXPECT_EQ(r->files[k].client_port, 2183 - k);
  }
  EXPECT_THAT(sids_of(r.value()), ElementsAre(1, 2, 3));
  EXPECT_THAT(r->warnings, IsEmpty());
}

TEST(ConfigEnsemble, ClientPortMatchRule) {
  const std::string servers =
      "server.1=127.0.0.1:2888:3888;2181\n"
      "server.2=127.0.0.1:2889:3889;2182\n"
      "server.3=127.0.0.1:2890:3890;2183\n";
  std::vector<ZooCfg> files;
  for (int i : {2, 3, 1}) {
    auto c = parse_zoo_cfg(server_file("/nonexistent/zk" + std::to_string(i), 2180 + i, servers),
                           "zoo" + std::to_string(i) + ".cfg", false);
    ASSERT_TRUE(c.ok()) << c.error().to_string();
    files.push_back(c.value());
  }
  auto r = ensemble_from(files);
  ASSERT_TRUE(r.ok()) << r.error().to_string();
  ASSERT_EQ(r->files.size(), 3u);
  EXPECT_EQ(r->files[0].rule, SidRule::ClientPortMatch);
  EXPECT_EQ(r->files[0].sid, 2);
  EXPECT_EQ(r->files[1].sid, 3);
  EXPECT_EQ(r->files[2].sid, 1);
  EXPECT_EQ(r->files[2].data_dir, "/nonexistent/zk1");
}

TEST(ConfigEnsemble, FilePositionRule) {
  std::vector<ZooCfg> files;
  for (int i = 1; i <= 3; ++i) {
    auto c = parse_zoo_cfg(server_file("/nonexistent/zk" + std::to_string(i), 2180 + i),
                           "zoo" + std::to_string(i) + ".cfg", false);
    ASSERT_TRUE(c.ok());
    files.push_back(c.value());
  }
  auto r = ensemble_from(files);
  ASSERT_TRUE(r.ok()) << r.error().to_string();
  for (int k = 0; k < 3; ++k) {
    EXPECT_EQ(r->files[k].rule, SidRule::FilePosition);
    EXPECT_EQ(r->files[k].sid, k + 1);
    EXPECT_EQ(r->files[k].client_port, 2181 + k);
  }
}

TEST(ConfigEnsemble, ServerListsMustAgree) {
  auto a = parse_zoo_cfg(server_file("/nonexistent/zk1", 2181), "zoo1.cfg", false);
  auto b = parse_zoo_cfg(server_file("/nonexistent/zk2", 2182,
                                     "server.1=127.0.0.1:2888:3888\n"
                                     "server.2=127.0.0.1:2889:3899\n"
                                     "server.3=127.0.0.1:2890:3890\n"),
                         "zoo2.cfg", false);
  ASSERT_TRUE(a.ok() && b.ok());
  auto r = ensemble_from({a.value(), b.value()});
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().to_string(),
            "zoo2.cfg:7: server.2=127.0.0.1:2889:3899 differs from zoo1.cfg:7, which has "
            "server.2=127.0.0.1:2889:3889 (fix: every server's file must have the same server.N "
            "lines; copy them from zoo1.cfg)");
}

TEST(ConfigEnsemble, ServerTypeMustAgree) {
  auto a = parse_zoo_cfg(server_file("/nonexistent/zk1", 2181), "zoo1.cfg", false);
  auto b = parse_zoo_cfg(server_file("/nonexistent/zk2", 2182,
                                     "server.1=127.0.0.1:2888:3888\n"
                                     "server.2=127.0.0.1:2889:3889\n"
                                     "server.3=127.0.0.1:2890:3890:observer\n"),
                         "zoo2.cfg", false);
  ASSERT_TRUE(a.ok() && b.ok()) << b.error().to_string();
  auto r = ensemble_from({a.value(), b.value()});
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().message,
            "server.3=127.0.0.1:2890:3890:observer differs from zoo1.cfg:8, which has "
            "server.3=127.0.0.1:2890:3890");
}

TEST(ConfigEnsemble, MissingAndExtraServers) {
  auto a = parse_zoo_cfg(server_file("/nonexistent/zk1", 2181), "zoo1.cfg", false);
  auto missing = parse_zoo_cfg(server_file("/nonexistent/zk2", 2182,
                                           "server.1=127.0.0.1:2888:3888\n"
                                           "server.2=127.0.0.1:2889:3889\n"),
                               "zoo2.cfg", false);
  auto extra = parse_zoo_cfg(server_file("/nonexistent/zk3", 2183,
                                         kThreeServers + "server.4=127.0.0.1:2891:3891:observer\n"),
                             "zoo3.cfg", false);
  ASSERT_TRUE(a.ok() && missing.ok() && extra.ok());
  auto r1 = ensemble_from({a.value(), missing.value()});
  ASSERT_FALSE(r1.ok());
  EXPECT_EQ(r1.error().to_string(),
            "zoo2.cfg: this file has no server.3 line, but zoo1.cfg:8 has "
            "server.3=127.0.0.1:2890:3890 (fix: every server's file must have the same server.N "
            "lines; copy them from zoo1.cfg)");
  auto r2 = ensemble_from({a.value(), extra.value()});
  ASSERT_FALSE(r2.ok());
  EXPECT_EQ(r2.error().to_string(),
            "zoo3.cfg:9: server.4=127.0.0.1:2891:3891:observer is not in zoo1.cfg, which has "
            "server.1, server.2 and server.3 (fix: every server's file must have the same "
            "server.N lines; copy them from zoo1.cfg)");
}

TEST(ConfigEnsemble, TwoFilesClaimTheSameSid) {
  TempDir t;
  std::string d1 = t.dir("zk1");
  std::string d2 = t.dir("zk2");
  t.write("zk2/myid", "1\n");  // a copy-paste mistake: the second server says it is 1
  std::string c1 = t.write("zoo1.cfg", server_file(d1, 2181));
  std::string c2 = t.write("zoo2.cfg", server_file(d2, 2182));
  auto r = load_ensemble({c1, c2});
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().to_string(),
            c2 + ": this file and " + c1 + " are both server.1 (" + c1 +
                " as file 1 of 2; this file by its myid file " + d2 +
                "/myid) (fix: give each server a myid file in its dataDir with its own id, or "
                "pass the files in server order (the 1st file is the 1st server line))");
}

TEST(ConfigEnsemble, MoreFilesThanServers) {
  std::vector<ZooCfg> files;
  for (int i = 1; i <= 4; ++i) {
    auto c = parse_zoo_cfg(server_file("/nonexistent/zk" + std::to_string(i), 2180 + i),
                           "zoo" + std::to_string(i) + ".cfg", false);
    ASSERT_TRUE(c.ok());
    files.push_back(c.value());
  }
  auto r = ensemble_from(files);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().to_string(),
            "zoo4.cfg: zooscope cannot tell which server this file is: it has no myid file in "
            "/nonexistent/zk4, no server line has its clientPort 2184, and it is file 4 of 4 "
            "while there are only 3 server lines (fix: create <dataDir>/myid with this server's "
            "id, or pass one file per server line, in server order)");
}

TEST(ConfigEnsemble, SamePathTwice) {
  TempDir t;
  std::string c1 = t.write("zoo1.cfg", server_file("/nonexistent/zk1", 2181));
  auto r = load_ensemble({c1, t.path().string() + "/./zoo1.cfg"});
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().message, t.path().string() + "/./zoo1.cfg is given twice");
}

TEST(ConfigEnsemble, ClientPortMustMatchOwnServerLine) {
  TempDir t;
  std::string d1 = t.dir("zk1");
  t.write("zk1/myid", "1\n");
  std::string servers =
      "server.1=127.0.0.1:2888:3888;2181\n"
      "server.2=127.0.0.1:2889:3889;2182\n"
      "server.3=127.0.0.1:2890:3890;2183\n";
  std::string c1 = t.write("zoo1.cfg", server_file(d1, 2182, servers));
  auto r = load_ensemble({c1});
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().to_string(),
            c1 + ":5: clientPort=2182, but this file is server.1 (by its myid file " + d1 +
                "/myid), whose line " + c1 +
                ":6 gives client port 2181; real ZooKeeper fails with \"client address for this "
                "server (id = 1) in static config file is ... is different from client address "
                "found in dynamic file ...\" (fix: make clientPort and the ;port of server.1 the "
                "same)");
}

TEST(ConfigEnsemble, DifferentTimingWarnsAndFirstFileWins) {
  auto a = parse_zoo_cfg(server_file("/nonexistent/zk1", 2181), "zoo1.cfg", false);
  auto b = parse_zoo_cfg(
      "tickTime=3000\ninitLimit=10\nsyncLimit=2\ndataDir=/nonexistent/zk2\n"
      "clientPort=2182\n" +
          kThreeServers,
      "zoo2.cfg", false);
  ASSERT_TRUE(a.ok() && b.ok());
  auto r = ensemble_from({a.value(), b.value()});
  ASSERT_TRUE(r.ok()) << r.error().to_string();
  EXPECT_EQ(r->tick_time_ms, 2000);
  EXPECT_EQ(r->sync_limit_ticks, 5);
  EXPECT_THAT(warning_texts(r->warnings),
              ElementsAre("zoo2.cfg:1: tickTime=3000 differs from zoo1.cfg (2000); zooscope "
                          "runs every server with the first file's value",
                          "zoo2.cfg:3: syncLimit=2 differs from zoo1.cfg (5); zooscope runs "
                          "every server with the first file's value"));
}

TEST(ConfigEnsemble, SharedDataDirAndClientPortWarn) {
  auto a = parse_zoo_cfg(server_file("/nonexistent/zk", 2181), "zoo1.cfg", false);
  auto b = parse_zoo_cfg(server_file("/nonexistent/zk", 2181), "zoo2.cfg", false);
  ASSERT_TRUE(a.ok() && b.ok());
  auto r = ensemble_from({a.value(), b.value()});
  ASSERT_TRUE(r.ok()) << r.error().to_string();
  EXPECT_THAT(warning_texts(r->warnings),
              ElementsAre("zoo2.cfg:4: dataDir /nonexistent/zk is also zoo1.cfg's; two servers "
                          "must not share a dataDir (they would share the myid file and the "
                          "transaction log)",
                          "zoo2.cfg:5: client port 2181 is also zoo1.cfg's, and both servers are "
                          "on 127.0.0.1; the second to start fails with java.net.BindException: "
                          "Address already in use"));
}

TEST(ConfigEnsemble, QuorumWarningsAreSaidOnce) {
  const std::string four = kThreeServers + "server.4=127.0.0.1:2891:3891\n";
  std::vector<ZooCfg> files;
  for (int i = 1; i <= 4; ++i) {
    auto c = parse_zoo_cfg(server_file("/nonexistent/zk" + std::to_string(i), 2180 + i, four),
                           "zoo" + std::to_string(i) + ".cfg", false);
    ASSERT_TRUE(c.ok());
    ASSERT_EQ(c->warnings.size(), 1u);
    files.push_back(c.value());
  }
  auto r = ensemble_from(files);
  ASSERT_TRUE(r.ok()) << r.error().to_string();
  ASSERT_EQ(r->warnings.size(), 1u);
  EXPECT_EQ(r->warnings[0].file, "zoo1.cfg");
  EXPECT_THAT(r->warnings[0].message,
              ::testing::StartsWith("Non-optimal configuration, consider an odd number"));
}

TEST(ConfigEnsemble, SidRuleNames) {
  EXPECT_EQ(to_string(SidRule::MyidFile), "myid file");
  EXPECT_EQ(to_string(SidRule::ClientPortMatch), "client port");
  EXPECT_EQ(to_string(SidRule::FilePosition), "file position");
  EXPECT_EQ(to_string(SidRule::SingleFile), "single file");
}

// ---- default_ensemble ----

TEST(ConfigDefault, ThreeVoters) {
  EnsembleConfig e = default_ensemble(3);
  EXPECT_EQ(e.tick_time_ms, 2000);
  EXPECT_EQ(e.init_limit_ticks, 10);
  EXPECT_EQ(e.sync_limit_ticks, 5);
  ASSERT_EQ(e.servers.size(), 3u);
  EXPECT_EQ(server_value(e.servers[0]), "127.0.0.1:2888:3888;2181");
  EXPECT_EQ(server_value(e.servers[2]), "127.0.0.1:2890:3890;2183");
  EXPECT_EQ(e.voter_count(), 3);
  EXPECT_THAT(e.files, IsEmpty());
}

TEST(ConfigDefault, VotersThenObservers) {
  EnsembleConfig e = default_ensemble(3, 2);
  ASSERT_EQ(e.servers.size(), 5u);
  EXPECT_EQ(e.voter_count(), 3);
  EXPECT_TRUE(e.is_voter(3));
  EXPECT_FALSE(e.is_voter(4));
  EXPECT_EQ(server_value(e.servers[4]), "127.0.0.1:2892:3892:observer;2185");
}

// ---- the shipped samples (assets/ensembles) ----

TEST(ConfigSamples, Tutorial3) {
  auto r = load_ensemble({sample("tutorial-3/zoo1.cfg"), sample("tutorial-3/zoo2.cfg"),
                          sample("tutorial-3/zoo3.cfg")});
  ASSERT_TRUE(r.ok()) << r.error().to_string();
  EXPECT_THAT(sids_of(r.value()), ElementsAre(1, 2, 3));
  EXPECT_EQ(server_value(r->servers[0]), "127.0.0.1:2888:3888");
  EXPECT_EQ(server_value(r->servers[1]), "127.0.0.1:2889:3889");
  EXPECT_EQ(server_value(r->servers[2]), "127.0.0.1:2890:3890");
  EXPECT_EQ(r->tick_time_ms, 2000);
  EXPECT_EQ(r->init_limit_ticks, 10);
  EXPECT_EQ(r->sync_limit_ticks, 5);
  ASSERT_EQ(r->files.size(), 3u);
  EXPECT_EQ(r->files[0].data_dir, "D:/IdeaProjects/zookeeperSource/data/zk1");
  EXPECT_EQ(r->files[1].data_dir, "D:\\IdeaProjects\\zookeeperSource\\data\\zk2");
  EXPECT_EQ(r->files[2].data_dir, "D:\\IdeaProjects\\zookeeperSource\\data\\zk3");
  for (int k = 0; k < 3; ++k) {
    EXPECT_EQ(r->files[k].sid, k + 1);
    EXPECT_EQ(r->files[k].rule, SidRule::FilePosition);
    EXPECT_EQ(r->files[k].client_port, 2181 + k);
  }
  EXPECT_THAT(r->warnings, IsEmpty());
}

TEST(ConfigSamples, Docker3) {
  auto r = load_ensemble({sample("docker-3/zoo.cfg")});
  ASSERT_TRUE(r.ok()) << r.error().to_string();
  ASSERT_EQ(r->servers.size(), 3u);
  for (int k = 0; k < 3; ++k) {
    EXPECT_EQ(r->servers[k].host, "zoo" + std::to_string(k + 1));
    EXPECT_EQ(r->servers[k].quorum_port, 2888);
    EXPECT_EQ(r->servers[k].election_port, 3888);
    EXPECT_EQ(r->servers[k].client_port, 2181);
  }
  EXPECT_EQ(r->tick_time_ms, 2000);
  EXPECT_EQ(r->init_limit_ticks, 5);
  EXPECT_EQ(r->sync_limit_ticks, 2);
  EXPECT_THAT(r->files, IsEmpty());
  EXPECT_THAT(r->warnings, IsEmpty());
}

TEST(ConfigSamples, FiveNodes) {
  auto r = load_ensemble({sample("five-nodes/zoo.cfg")});
  ASSERT_TRUE(r.ok()) << r.error().to_string();
  EXPECT_THAT(sids_of(r.value()), ElementsAre(1, 2, 3, 4, 5));
  EXPECT_EQ(r->voter_count(), 5);
  EXPECT_EQ(server_value(r->servers[4]), "127.0.0.1:2892:3892");
  EXPECT_THAT(r->warnings, IsEmpty());
}

TEST(ConfigSamples, WithObserver) {
  auto r = load_ensemble({sample("with-observer/zoo.cfg")});
  ASSERT_TRUE(r.ok()) << r.error().to_string();
  EXPECT_THAT(sids_of(r.value()), ElementsAre(1, 2, 3, 4));
  EXPECT_EQ(server_value(r->servers[3]), "127.0.0.1:2891:3891:observer");
  EXPECT_EQ(r->voter_count(), 3);
  EXPECT_THAT(r->warnings, IsEmpty());
}

}  // namespace
}  // namespace zs::config

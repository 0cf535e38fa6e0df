// zkCli's output text (cli/StatPrinter, CliWrapperException, KeeperException.getMessage,
// ZooKeeperMain.MyWatcher, usage, getPrompt of ZooKeeper 3.8.0). Expected strings are copied
// from real captures: docs/reference-captures/zkcli-3.8.0-console.txt ("session N"),
// ../shared/reference/real-zookeeper-3.8/zkcli-tutorial-session.txt and samples/runs/exp_f_cli.txt.
#include "client/zkcli_format.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <map>
#include <string>
#include <vector>

#include "data/paths.hpp"

namespace zs::client {
namespace {

constexpr Ms kTutorialTime = 1795447739000;  // Mon Nov 23 15:28:59 UTC 2026
constexpr Ms kExpFTime = 1795373746000;      // Sun Nov 22 18:55:46 UTC 2026

// The Stat of /zk_test after `set /zk_test junk` in the tutorial session.
Stat tutorial_stat() {
  Stat s;
  s.czxid = Zxid(0x2);
  s.mzxid = Zxid(0x3);
  s.pzxid = Zxid(0x2);
  s.ctime = kTutorialTime + 120;
  s.mtime = kTutorialTime + 870;
  s.version = 1;
  s.data_length = 4;
  return s;
}

TEST(JavaDate, PrintsDateToStringInUtc) {
  EXPECT_EQ(java_date(kTutorialTime), "Mon Nov 23 15:28:59 UTC 2026");
  EXPECT_EQ(java_date(kExpFTime), "Sun Nov 22 18:55:46 UTC 2026");
}

TEST(JavaDate, DropsMillisecondsAndPadsFields) {
  EXPECT_EQ(java_date(kTutorialTime + 999), "Mon Nov 23 15:28:59 UTC 2026");
  // The root node's ctime in `ls -s /` (session 2).
  EXPECT_EQ(java_date(0), "Thu Jan 01 00:00:00 UTC 1970");
  EXPECT_EQ(java_date(951782400000), "Tue Feb 29 00:00:00 UTC 2000");
  EXPECT_EQ(java_date(951782400000 + 3 * 86400000LL + 3723000), "Fri Mar 03 01:02:03 UTC 2000");
}

TEST(JavaDate, NegativeTimesRoundDown) {
  EXPECT_EQ(java_date(-1), "Wed Dec 31 23:59:59 UTC 1969");
  EXPECT_EQ(java_date(-1000), "Wed Dec 31 23:59:59 UTC 1969");
  EXPECT_EQ(java_date(-1001), "Wed Dec 31 23:59:58 UTC 1969");
}

TEST(StatBlock, MatchesTutorialGetS) {
  EXPECT_EQ(stat_block(tutorial_stat()),
            "cZxid = 0x2\n"
            "ctime = Mon Nov 23 15:28:59 UTC 2026\n"
            "mZxid = 0x3\n"
            "mtime = Mon Nov 23 15:28:59 UTC 2026\n"
            "pZxid = 0x2\n"
            "cversion = 0\n"
            "dataVersion = 1\n"
            "aclVersion = 0\n"
            "ephemeralOwner = 0x0\n"
            "dataLength = 4\n"
            "numChildren = 0\n");
}

TEST(StatBlock, MatchesExpFCliGetS) {
  Stat s;
  s.czxid = s.mzxid = s.pzxid = Zxid::make(1, 0x19);
  s.ctime = s.mtime = kExpFTime;
  s.data_length = 7;
  EXPECT_EQ(print_get("my_data", s).text(),
            "my_data\n"
            "cZxid = 0x100000019\n"
            "ctime = Sun Nov 22 18:55:46 UTC 2026\n"
            "mZxid = 0x100000019\n"
            "mtime = Sun Nov 22 18:55:46 UTC 2026\n"
            "pZxid = 0x100000019\n"
            "cversion = 0\n"
            "dataVersion = 0\n"
            "aclVersion = 0\n"
            "ephemeralOwner = 0x0\n"
            "dataLength = 7\n"
            "numChildren = 0\n");
}

TEST(StatBlock, EphemeralOwnerAndNegativesPrintAsLongToHexString) {
  Stat s;
  s.ephemeral_owner = 0x1000010f8770000;  // samples/client.txt session A
  s.cversion = -1;
  EXPECT_NE(stat_block(s).find("ephemeralOwner = 0x1000010f8770000\n"), std::string::npos);
  EXPECT_NE(stat_block(s).find("cversion = -1\n"), std::string::npos);
  s.ephemeral_owner = -1;
  EXPECT_NE(stat_block(s).find("ephemeralOwner = 0xffffffffffffffff\n"), std::string::npos);
}

TEST(PrintGet, NullDataPrintsNullAndEmptyDataAnEmptyLine) {
  // session 2: `create /nodata` then `get /nodata`; `create /empty ""` then `get /empty`.
  EXPECT_EQ(print_get(std::nullopt, std::nullopt).text(), "null\n");
  EXPECT_EQ(print_get("", std::nullopt).text(), "\n");
  EXPECT_EQ(print_get("junk", std::nullopt).text(Stream::Out), "junk\n");
}

TEST(PrintChildren, SortsAndJoinsWithCommaSpace) {
  EXPECT_EQ(print_children({"zookeeper", "zk_test"}, std::nullopt).text(), "[zk_test, zookeeper]\n");
  EXPECT_EQ(print_children({}, std::nullopt).text(), "[]\n");
  // Java's String order: upper case before lower case, digits before letters.
  EXPECT_EQ(print_children({"b", "a", "B", "seq0000000010", "seq0000000002"}, std::nullopt).text(),
            "[B, a, b, seq0000000002, seq0000000010]\n");
}

TEST(PrintChildren, WithStatPrintsTheStatBlockAfter) {
  // session 2: `ls -s /` on a fresh standalone server.
  Stat root;
  root.pzxid = Zxid(0x5);
  root.cversion = 1;
  root.num_children = 3;
  EXPECT_EQ(print_children({"zookeeper", "e", "zk_test"}, root).text(),
            "[e, zk_test, zookeeper]\n"
            "cZxid = 0x0\n"
            "ctime = Thu Jan 01 00:00:00 UTC 1970\n"
            "mZxid = 0x0\n"
            "mtime = Thu Jan 01 00:00:00 UTC 1970\n"
            "pZxid = 0x5\n"
            "cversion = 1\n"
            "dataVersion = 0\n"
            "aclVersion = 0\n"
            "ephemeralOwner = 0x0\n"
            "dataLength = 0\n"
            "numChildren = 3\n");
}

TEST(PrintCreated, GoesToStderrWithTheServersPath) {
  Printed p = print_created("/seq0000000006");
  EXPECT_EQ(p.text(), "Created /seq0000000006\n");
  EXPECT_EQ(p.text(Stream::Err), "Created /seq0000000006\n");
  EXPECT_EQ(p.text(Stream::Out), "");
}

TEST(PrintAcl, PrintsIdRecordThenPerms) {
  // session 4: getAcl on a node created with world:anyone:r, and on one with auth::cdrwa after
  // `addauth digest user:pass`.
  EXPECT_EQ(print_acl({Acl{perms::kRead, Id{"world", "anyone"}}}, std::nullopt).text(),
            "'world,'anyone\n: r\n");
  EXPECT_EQ(print_acl({Acl{perms::kAll, Id{"digest", digest_id("user", "pass")}}}, std::nullopt).text(),
            "'digest,'user:smGaoVKd/cQkjm7b88GyorAUz20=\n: cdrwa\n");
}

TEST(PrintAcl, WithStatPrintsTheStatBlockAfter) {
  Printed p = print_acl(open_acl_unsafe(), tutorial_stat());
  EXPECT_EQ(p.text(), "'world,'anyone\n: cdrwa\n" + stat_block(tutorial_stat()));
  EXPECT_EQ(p.text(Stream::Err), "");
}

TEST(CliErrorMessage, MatchesCliWrapperException) {
  EXPECT_EQ(cli_error_message(Code::NoNode, "/does_not_exist"), "Node does not exist: /does_not_exist");
  EXPECT_EQ(cli_error_message(Code::NodeExists, "/zk_test"), "Node already exists: /zk_test");
  EXPECT_EQ(cli_error_message(Code::BadVersion, "/zk_test"), "version No is not valid : /zk_test");
  EXPECT_EQ(cli_error_message(Code::NotEmpty, "/ne"), "Node not empty: /ne");
  EXPECT_EQ(cli_error_message(Code::NoAuth, "/acl"), "Insufficient permission : /acl");
  EXPECT_EQ(cli_error_message(Code::NoChildrenForEphemerals, "/eph/c"),
            "Ephemerals cannot have children: /eph/c");
  EXPECT_EQ(cli_error_message(Code::BadArguments, "/"), "Arguments are not valid : /");
  EXPECT_EQ(cli_error_message(Code::InvalidAcl, "/auth"), "Acl is not valid : /auth");
  EXPECT_EQ(cli_error_message(Code::InvalidAcl, std::nullopt), "Acl is not valid : null");
  EXPECT_EQ(cli_error_message(Code::NotReadOnly, "/x"), "Not a read-only call: /x");
  EXPECT_EQ(cli_error_message(Code::QuotaExceeded, "/q"), "Quota has exceeded : /q");
  EXPECT_EQ(cli_error_message(Code::ReconfigInProgress, "/x"),
            "Another reconfiguration is in progress -- concurrent reconfigs not supported (yet)");
  EXPECT_EQ(cli_error_message(Code::NewConfigNoQuorum, std::nullopt),
            "No quorum of new config is connected and up-to-date with the leader of last "
            "commmitted config - try invoking reconfiguration after new servers are connected "
            "and synced");
}

TEST(CliErrorMessage, OtherCodesUseKeeperExceptionMessage) {
  // session 5 (removewatches), session 7 (ls / after a failed addauth).
  EXPECT_EQ(cli_error_message(Code::NoWatcher, "/w"), "KeeperErrorCode = No such watcher for /w");
  EXPECT_EQ(cli_error_message(Code::AuthFailed, "/"), "KeeperErrorCode = AuthFailed for /");
  EXPECT_EQ(cli_error_message(Code::ConnectionLoss, "/x"), "KeeperErrorCode = ConnectionLoss for /x");
  EXPECT_EQ(cli_error_message(Code::SessionExpired, "/x"), "KeeperErrorCode = Session expired for /x");
  EXPECT_EQ(cli_error_message(Code::Unimplemented, "/ttl"), "KeeperErrorCode = Unimplemented for /ttl");
  EXPECT_EQ(cli_error_message(Code::EphemeralOnLocalSession, "/e"),
            "KeeperErrorCode = Ephemeral node on local session for /e");
  EXPECT_EQ(cli_error_message(Code::Throttled, "/x"),
            "KeeperErrorCode = Op throttled due to high load for /x");
  EXPECT_EQ(cli_error_message(Code::RequestTimeout, "/x"),
            "KeeperErrorCode = Unknown error REQUESTTIMEOUT for /x");
}

TEST(KeeperErrorMessage, OmitsForWithoutPath) {
  EXPECT_EQ(keeper_error_message(Code::InvalidAcl, std::nullopt), "KeeperErrorCode = InvalidACL");
  EXPECT_EQ(keeper_error_message(Code::NoAuth, "/r"), "KeeperErrorCode = NoAuth for /r");
  EXPECT_EQ(keeper_error_message(Code::NotEmpty, "/a"), "KeeperErrorCode = Directory not empty for /a");
}

TEST(PrintError, GoesToStderr) {
  Printed p = print_error(Code::NoNode, "/nope");
  EXPECT_EQ(p.text(Stream::Err), "Node does not exist: /nope\n");
  EXPECT_EQ(p.text(Stream::Out), "");
}

TEST(PrintCreateError, InvalidAclPrintsBothMessages) {
  // session 4: `create /auth x auth::cdrwa` without any auth.
  EXPECT_EQ(print_create_error(Code::InvalidAcl, "/auth").text(),
            "KeeperErrorCode = InvalidACL for /auth\nAcl is not valid : /auth\n");
  // session 8: `create /t2 x bogus`: the client's own empty-list check has no path.
  EXPECT_EQ(print_create_error(Code::InvalidAcl, std::nullopt).text(),
            "KeeperErrorCode = InvalidACL\nAcl is not valid : null\n");
  EXPECT_EQ(print_create_error(Code::EphemeralOnLocalSession, "/e").text(),
            "Unable to create ephemeral node on a local session\n"
            "KeeperErrorCode = Ephemeral node on local session for /e\n");
  EXPECT_EQ(print_create_error(Code::NodeExists, "/zk_test").text(), "Node already exists: /zk_test\n");
}

TEST(PrintRecursiveSetAclError, HasNoNewlineSoFailuresRunTogether) {
  // session 4: `setAcl -R /r world:anyone:cdrwa` on a tree readable only, then a failing
  // `setAcl -R /nope ...`.
  Printed p;
  for (const char* path : {"/r", "/r/a", "/r/c", "/r/a/b"}) {
    p.append(print_recursive_set_acl_error(Code::NoAuth, path));
  }
  p.append(print_error(Code::NoNode, "/nope"));
  EXPECT_EQ(p.text(),
            "KeeperErrorCode = NoAuth for /rKeeperErrorCode = NoAuth for /r/aKeeperErrorCode = "
            "NoAuth for /r/cKeeperErrorCode = NoAuth for /r/a/bNode does not exist: /nope\n");
  EXPECT_EQ(p.chunks().size(), 2u);
  // With an empty ACL list every node fails on the client, without a path.
  EXPECT_EQ(print_recursive_set_acl_error(Code::InvalidAcl, std::nullopt).text(Stream::Out),
            "KeeperErrorCode = InvalidACL");
  EXPECT_EQ(p.chunks()[0].stream, Stream::Out);
  EXPECT_EQ(p.chunks()[1].stream, Stream::Err);
}

TEST(PrintSync, OkOrFailedWithCode) {
  EXPECT_EQ(print_sync(Code::Ok).text(Stream::Out), "Sync is OK\n");
  // session 4: sync after a failed addauth.
  EXPECT_EQ(print_sync(Code::AuthFailed).text(Stream::Out), "Sync has failed. rc=-115\n");
}

// Real zkCli -r on a 3.8.0 read-only server (docs/zookeeper-notes.md): `getAllChildrenNumber /`
// printed "3" and `whoami` "Auth scheme: User" then "ip: 127.0.0.1", all on stdout.
TEST(PrintWhoAmIAndAllChildrenNumber, AsRealZkCli) {
  EXPECT_EQ(print_all_children_number(3).text(Stream::Out), "3\n");
  const Printed w = print_whoami({{"ip", "127.0.0.1"}, {"digest", "user"}});
  EXPECT_EQ(w.text(Stream::Out), "Auth scheme: User\nip: 127.0.0.1\ndigest: user\n");
  EXPECT_EQ(w.text(Stream::Err), "");
  EXPECT_EQ(print_whoami({}).text(), "Auth scheme: User\n");
}

TEST(PrintWatchEvent, MatchesMyWatcher) {
  EXPECT_EQ(print_watch_event(KeeperState::SyncConnected, EventType::NodeDataChanged, "/zk_test").text(),
            "\nWATCHER::\n\nWatchedEvent state:SyncConnected type:NodeDataChanged path:/zk_test\n");
  EXPECT_EQ(print_watch_event(KeeperState::SyncConnected, EventType::None, std::nullopt).text(Stream::Out),
            "\nWATCHER::\n\nWatchedEvent state:SyncConnected type:None path:null\n");
  EXPECT_EQ(print_watch_event(KeeperState::Closed, EventType::None, std::nullopt).text(),
            "\nWATCHER::\n\nWatchedEvent state:Closed type:None path:null\n");
  EXPECT_EQ(print_watch_event(KeeperState::AuthFailed, EventType::None, std::nullopt).text(),
            "\nWATCHER::\n\nWatchedEvent state:AuthFailed type:None path:null\n");
  EXPECT_EQ(print_watch_event(KeeperState::SyncConnected, EventType::PersistentWatchRemoved, "/w").text(),
            "\nWATCHER::\n\nWatchedEvent state:SyncConnected type:PersistentWatchRemoved path:/w\n");
}

TEST(EnumNames, MatchJava) {
  EXPECT_EQ(to_string(EventType::NodeCreated), "NodeCreated");
  EXPECT_EQ(to_string(EventType::NodeDeleted), "NodeDeleted");
  EXPECT_EQ(to_string(EventType::NodeChildrenChanged), "NodeChildrenChanged");
  EXPECT_EQ(to_string(EventType::DataWatchRemoved), "DataWatchRemoved");
  EXPECT_EQ(to_string(EventType::ChildWatchRemoved), "ChildWatchRemoved");
  EXPECT_EQ(to_string(KeeperState::Disconnected), "Disconnected");
  EXPECT_EQ(to_string(KeeperState::Expired), "Expired");
  EXPECT_EQ(to_string(KeeperState::ConnectedReadOnly), "ConnectedReadOnly");
}

TEST(Prompt, MatchesGetPrompt) {
  EXPECT_EQ(prompt("127.0.0.1:32181", ClientState::Connected, 0), "[zk: 127.0.0.1:32181(CONNECTED) 0] ");
  EXPECT_EQ(prompt("127.0.0.1:2181", ClientState::Closed, 12), "[zk: 127.0.0.1:2181(CLOSED) 12] ");
  EXPECT_EQ(prompt("h:1", ClientState::AuthFailed, 3), "[zk: h:1(AUTH_FAILED) 3] ");
  EXPECT_EQ(prompt("h:1", ClientState::Connecting, 3), "[zk: h:1(CONNECTING) 3] ");
}

TEST(ClientState, ClosedAndAuthFailedAreNotAlive) {
  EXPECT_TRUE(is_alive(ClientState::Connected));
  EXPECT_TRUE(is_alive(ClientState::Connecting));
  EXPECT_FALSE(is_alive(ClientState::Closed));
  EXPECT_FALSE(is_alive(ClientState::AuthFailed));
}

TEST(PrintUsage, ListsEveryCommandSorted) {
  // session 3: `xyz`.
  const std::string u = print_usage().text(Stream::Err);
  EXPECT_TRUE(u.starts_with("ZooKeeper -server host:port -client-configuration properties-file cmd args\n"
                            "\taddWatch [-m mode] path # optional mode is one of [PERSISTENT, "
                            "PERSISTENT_RECURSIVE] - default is PERSISTENT_RECURSIVE\n"
                            "\taddauth scheme auth\n"
                            "\tclose \n"
                            "\tconfig [-c] [-w] [-s]\n"));
  EXPECT_NE(u.find("\tdeleteall path [-b batch size]\n\tdelquota [-n|-b|-N|-B] path\n"), std::string::npos);
  EXPECT_NE(u.find("\thistory \n\tlistquota path\n"), std::string::npos);
  EXPECT_NE(u.find("\treconfig [-s] [-v version] [[-file path] | [-members "
                   "serverID=host:port1:port2;port3[,...]*]] | [-add "
                   "serverId=host:port1:port2;port3[,...]]* [-remove serverId[,...]*]\n"),
            std::string::npos);
  EXPECT_TRUE(u.ends_with("\tsync path\n\tversion \n\twhoami \n"));
  EXPECT_EQ(std::count(u.begin(), u.end(), '\n'), 29);
}

TEST(UsageOf, IsNameSpaceOptions) {
  EXPECT_EQ(usage_of("create"), "create [-s] [-e] [-c] [-t ttl] path [data] [acl]");
  EXPECT_EQ(usage_of("close"), "close ");
  EXPECT_EQ(usage_of("help"), std::nullopt);
  EXPECT_EQ(usage_of("getacl"), std::nullopt);  // names are case-sensitive
}

TEST(PrintHistory, ShowsTheLastElevenUpToTheCurrentCommand) {
  std::map<int, std::string> h;
  for (int i = 0; i <= 17; ++i) h[i] = "cmd" + std::to_string(i);
  const std::string t = print_history(h, 17).text(Stream::Out);
  EXPECT_TRUE(t.starts_with("7 - cmd7\n8 - cmd8\n"));
  EXPECT_TRUE(t.ends_with("16 - cmd16\n17 - cmd17\n"));
  EXPECT_EQ(print_history({{0, "close"}, {1, "history"}}, 1).text(), "0 - close\n1 - history\n");
}

TEST(PrintMisc, FixedTexts) {
  EXPECT_EQ(print_printwatches(true).text(Stream::Out), "printwatches is on\n");
  EXPECT_EQ(print_printwatches(false).text(Stream::Out), "printwatches is off\n");
  EXPECT_EQ(print_not_connected().text(Stream::Out), "Not connected\n");
  EXPECT_EQ(print_deleteall_failed().text(Stream::Err), "Failed to delete some node(s) in the subtree!\n");
  EXPECT_EQ(print_paths({"/", "/a"}).text(Stream::Out), "/\n/a\n");
}

TEST(Printed, MergesAdjacentTextOfOneStream) {
  Printed p;
  p.out("a");
  p.out("b");
  p.err("c");
  p.out("");
  p.out("d");
  ASSERT_EQ(p.chunks().size(), 3u);
  EXPECT_EQ(p.chunks()[0], (Chunk{Stream::Out, "ab"}));
  EXPECT_EQ(p.text(), "abcd");
  EXPECT_EQ(p.text(Stream::Out), "abd");
}

TEST(PathError, MatchesPathUtilsMessages) {
  // sessions 2 and 8.
  EXPECT_EQ(path_error("zk"), "Path must start with / character");
  EXPECT_EQ(path_error("/x/"), "Path must not end with / character");
  EXPECT_EQ(path_error(""), "Path length must be > 0");
  EXPECT_EQ(path_error("/a//b"), "Invalid path string \"/a//b\" caused by empty node name specified @3");
  EXPECT_EQ(path_error("/a/./b"), "Invalid path string \"/a/./b\" caused by relative paths not allowed @3");
  EXPECT_EQ(path_error("/a/.."), "Invalid path string \"/a/..\" caused by relative paths not allowed @4");
  EXPECT_EQ(path_error("/a//b", true),
            "Invalid path string \"/a//b1\" caused by empty node name specified @3");
  // The index counts UTF-16 units: "é" is one.
  EXPECT_EQ(path_error("/\xc3\xa9//x"),
            "Invalid path string \"/\xc3\xa9//x\" caused by empty node name specified @3");
  EXPECT_EQ(path_error(std::string("/a\0b", 4)),
            "Invalid path string \"" + std::string("/a\0b", 4) + "\" caused by null character not allowed @2");
  EXPECT_EQ(path_error("/a\x01"), "Invalid path string \"/a\x01\" caused by invalid character @2");
  // U+1F600 is two UTF-16 units; the first, a surrogate, is the invalid one.
  EXPECT_EQ(path_error("/ab\xf0\x9f\x98\x80"),
            "Invalid path string \"/ab\xf0\x9f\x98\x80\" caused by invalid character @3");
  EXPECT_EQ(path_error("/zk_test"), std::nullopt);
  EXPECT_EQ(path_error("/"), std::nullopt);
  EXPECT_EQ(path_error("/a/.b/..c/b.."), std::nullopt);
  // A sequential create of "/x/" checks "/x/1", which is fine (session 2: `create -s /seqdir/`).
  EXPECT_EQ(path_error("/x/", true), std::nullopt);
}

TEST(PathError, AgreesWithTheDataLayerOnValidity) {
  const std::vector<std::string> paths = {
      "/", "/a", "a", "", "/a/", "/a//b", "/.", "/..", "/a/.", "/a/..", "/.a", "/a..", "/...",
      "/a/b/c", "/\xc3\xa9", "/\x7f", "/\xc2\x9f", "/\xc2\xa0", "/\xef\xbf\xaf", "/\xef\xbf\xb0",
      "/\xee\x80\x80", "/\xef\xa3\xbf", "/\xef\xa4\x80", std::string("/\0", 2), "/a\tb", "/ "};
  for (const std::string& p : paths) {
    EXPECT_EQ(path_error(p).has_value(), validate_path(p) != Code::Ok) << p;
  }
}

// A small tree: "/" with zk_test and zookeeper{config, quota}, children listed unsorted.
std::optional<std::vector<std::string>> tree_children(const std::string& path) {
  static const std::map<std::string, std::vector<std::string>> tree = {
      {"/", {"zookeeper", "zk_test", "e"}},
      {"/e", {}},
      {"/zk_test", {}},
      {"/zookeeper", {"quota", "config"}},
      {"/zookeeper/config", {}},
      {"/zookeeper/quota", {}},
  };
  auto it = tree.find(path);
  if (it == tree.end()) return std::nullopt;
  return it->second;
}

TEST(VisitSubtree, ListsEachLevelSortedBeforeDescending) {
  // session 2: `ls -R /`.
  EXPECT_EQ(print_paths(visit_subtree("/", tree_children)).text(),
            "/\n/e\n/zk_test\n/zookeeper\n/zookeeper/config\n/zookeeper/quota\n");
  // session 4: `ls -R /r` with /r/a, /r/a/b, /r/c.
  auto r = [](const std::string& path) -> std::optional<std::vector<std::string>> {
    if (path == "/r") return std::vector<std::string>{"c", "a"};
    if (path == "/r/a") return std::vector<std::string>{"b"};
    return std::vector<std::string>{};
  };
  EXPECT_EQ(visit_subtree("/r", r), (std::vector<std::string>{"/r", "/r/a", "/r/c", "/r/a/b"}));
}

TEST(VisitSubtree, SkipsNodesThatVanished) {
  // /r/a was listed as a child of /r but is gone when zkCli asks for its children.
  auto children = [](const std::string& path) -> std::optional<std::vector<std::string>> {
    if (path == "/r") return std::vector<std::string>{"b", "a"};
    if (path == "/r/b") return std::vector<std::string>{"x"};
    if (path == "/r/b/x") return std::vector<std::string>{};
    return std::nullopt;
  };
  EXPECT_EQ(visit_subtree("/r", children), (std::vector<std::string>{"/r", "/r/a", "/r/b", "/r/b/x"}));
}

TEST(ListSubtreeBfs, KeepsServerOrderBreadthFirst) {
  auto t = list_subtree_bfs("/", tree_children);
  ASSERT_TRUE(t.has_value());
  EXPECT_EQ(*t, (std::vector<std::string>{"/", "/zookeeper", "/zk_test", "/e", "/zookeeper/quota",
                                          "/zookeeper/config"}));
  std::string failed;
  EXPECT_EQ(list_subtree_bfs("/nope", tree_children, &failed), std::nullopt);
  EXPECT_EQ(failed, "/nope");
}

TEST(DeleteBatches, LeavesFirstInBatchesOfTheGivenSize) {
  const std::vector<std::string> tree = {"/r", "/r/a", "/r/c", "/r/a/b"};
  EXPECT_EQ(delete_batches(tree, 1000),
            (std::vector<std::vector<std::string>>{{"/r/a/b", "/r/c", "/r/a", "/r"}}));
  EXPECT_EQ(delete_batches(tree, 3),
            (std::vector<std::vector<std::string>>{{"/r/a/b", "/r/c", "/r/a"}, {"/r"}}));
  EXPECT_EQ(delete_batches(tree, 2),
            (std::vector<std::vector<std::string>>{{"/r/a/b", "/r/c"}, {"/r/a", "/r"}}));
  // A size below 1 never fills a batch: everything goes in the final one.
  EXPECT_EQ(delete_batches(tree, 0).size(), 1u);
  EXPECT_EQ(delete_batches(tree, -5).size(), 1u);
}

// Real zkCli 3.8.0: `getEphemerals` (the order is the server's; see the console tests).
TEST(Ephemerals, PrintsAJavaList) {
  EXPECT_EQ(print_ephemerals({"/ea2", "/e10", "/abc"}).text(Stream::Out), "[/ea2, /e10, /abc]\n");
  EXPECT_EQ(print_ephemerals({}).text(Stream::Out), "[]\n");
}

TEST(Version, IsDebiansBuildOf380) {
  EXPECT_EQ(print_version().text(Stream::Out),
            "ZooKeeper CLI version: 3.8.0-${mvngit.commit.id}, built on 2024-12-29 17:54 UTC\n");
}

TEST(Config, ClientStringListsEachServersClientAddress) {
  // Real zkCli `config -c` on three servers whose lines have no client part: "0 ,,".
  EXPECT_EQ(client_config_string("server.1=127.0.0.1:34777:37613:participant\n"
                                 "server.2=127.0.0.1:55577:36065:participant\n"
                                 "server.3=127.0.0.1:50863:34347:participant\nversion=0"),
            "0 ,,");
  // With client parts: the Properties' order (by String.hashCode bucket), a bare port as
  // 0.0.0.0.
  EXPECT_EQ(client_config_string("server.1=h:1:2:participant;127.0.0.1:2181\n"
                                 "server.2=h:1:2:participant;2182\nversion=100000000"),
            "100000000 0.0.0.0:2182,127.0.0.1:2181");  // server.2 hashes to bucket 4, server.1 to 5
  EXPECT_EQ(print_config(std::nullopt, false, std::nullopt).text(Stream::Out), "null\n");
  EXPECT_EQ(print_config("a\nversion=0", false, std::nullopt).text(Stream::Out), "a\nversion=0\n");
}

}  // namespace
}  // namespace zs::client

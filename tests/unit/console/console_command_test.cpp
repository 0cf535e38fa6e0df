// The console from the command line: `zooscope sim --client "SID: command"@MS` and
// `zooscope console` (cli/sim_command, cli/console_command), exact output and exit codes.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>
#include <sstream>
#include <string>
#include <vector>

#include "cli.hpp"
#include "console_command.hpp"
#include "sim_command.hpp"

namespace zs::cli {
namespace {

struct Ran {
  int code;
  std::string out;
  std::string err;
};

std::vector<char*> argv_of(std::vector<std::string>& args) {
  std::vector<char*> argv;
  for (auto& a : args) argv.push_back(a.data());
  return argv;
}

Ran run(std::vector<std::string> args) {
  args.insert(args.begin(), "zooscope");
  auto argv = argv_of(args);
  std::ostringstream out, err;
  const auto code = run_subcommand(static_cast<int>(argv.size()), argv.data(), out, err);
  return {code.value_or(-1), out.str(), err.str()};
}

// `zooscope console ARGS < input`, stdin not a terminal (lines are echoed).
Ran console(const std::string& input, std::vector<std::string> args = {}) {
  args.insert(args.begin(), "console");
  auto argv = argv_of(args);
  std::istringstream in(input);
  std::ostringstream out, err;
  const int code = run_console(static_cast<int>(argv.size()), argv.data(), in, out, err, true);
  return {code, out.str(), err.str()};
}

// The shell passes `--client "1: ls /"@6100` as `--client "1: ls /@6100"`.
std::vector<std::string> clients(const std::vector<std::string>& lines) {
  std::vector<std::string> args{"sim"};
  for (const auto& l : lines) {
    args.push_back("--client");
    args.push_back(l);
  }
  return args;
}

// ../shared/reference/real-zookeeper-3.8/zkcli-tutorial-session.txt through --client. What
// legitimately differs: the port (server 1's client port is 2181), the zxids (a 3-server
// ensemble is in epoch 1 and the session's creation is 0x100000001) and the times (the
// simulated wall clock starts at 2026-11-23 00:00:00 UTC; the session opens at 6 s).
TEST(SimClient, TutorialSessionPrintsWhatZkCliPrints) {
  const Ran r = run(clients({"1: create /zk_test my_data@6000", "1: ls /@6100", "1: get /zk_test@6200",
                             "1: set /zk_test junk@6300", "1: get -s /zk_test@6400", "1: delete /zk_test@6500",
                             "1: ls /@6600"}));
  ASSERT_EQ(r.code, 0) << r.err;
  EXPECT_EQ(r.err, "");
  EXPECT_EQ(r.out,
            "[zk: 127.0.0.1:2181(CONNECTED) 0] create /zk_test my_data\n"
            "Created /zk_test\n"
            "[zk: 127.0.0.1:2181(CONNECTED) 1] ls /\n"
            "[zk_test, zookeeper]\n"
            "[zk: 127.0.0.1:2181(CONNECTED) 2] get /zk_test\n"
            "my_data\n"
            "[zk: 127.0.0.1:2181(CONNECTED) 3] set /zk_test junk\n"
            "[zk: 127.0.0.1:2181(CONNECTED) 4] get -s /zk_test\n"
            "junk\n"
            "cZxid = 0x100000002\n"
            "ctime = Mon Nov 23 00:00:06 UTC 2026\n"
            "mZxid = 0x100000003\n"
            "mtime = Mon Nov 23 00:00:06 UTC 2026\n"
            "pZxid = 0x100000002\n"
            "cversion = 0\n"
            "dataVersion = 1\n"
            "aclVersion = 0\n"
            "ephemeralOwner = 0x0\n"
            "dataLength = 4\n"
            "numChildren = 0\n"
            "[zk: 127.0.0.1:2181(CONNECTED) 5] delete /zk_test\n"
            "[zk: 127.0.0.1:2181(CONNECTED) 6] ls /\n"
            "[zookeeper]\n"
            "server.1 state=FOLLOWING leader=3 epoch=1 zxid=0x100000004\n"
            "server.2 state=FOLLOWING leader=3 epoch=1 zxid=0x100000004\n"
            "server.3 state=LEADING leader=3 epoch=1 zxid=0x100000004\n");
}

// Lines given out of time order run in time order; each server gets one console; the
// transcripts interleave by time, so the watch event shows after the write that fired it.
TEST(SimClient, ConsolesPerServerInterleaveByTime) {
  const Ran r = run(clients({"1: get /w@6300", "2: create /w a@6000", "1: get -w /w@6100", "2: set /w b@6200"}));
  ASSERT_EQ(r.code, 0) << r.err;
  EXPECT_EQ(r.out,
            "[zk: 127.0.0.1:2182(CONNECTED) 0] create /w a\n"
            "Created /w\n"
            "[zk: 127.0.0.1:2181(CONNECTED) 0] get -w /w\n"
            "a\n"
            "[zk: 127.0.0.1:2182(CONNECTED) 1] set /w b\n"
            "\n"
            "WATCHER::\n"
            "\n"
            "WatchedEvent state:SyncConnected type:NodeDataChanged path:/w\n"
            "[zk: 127.0.0.1:2181(CONNECTED) 1] get /w\n"
            "b\n"
            "server.1 state=FOLLOWING leader=3 epoch=1 zxid=0x100000004\n"
            "server.2 state=FOLLOWING leader=3 epoch=1 zxid=0x100000004\n"
            "server.3 state=LEADING leader=3 epoch=1 zxid=0x100000004\n");
}

// A line after --until still runs: the run goes on until the consoles are idle.
TEST(SimClient, RunsPastUntilToFinishTheLines) {
  const Ran r = run({"sim", "--until", "3000", "--client", "2: ls /@20000", "--json"});
  ASSERT_EQ(r.code, 0) << r.err;
  const auto j = nlohmann::json::parse(r.out);
  EXPECT_EQ(j["transcript"], "[zk: 127.0.0.1:2182(CONNECTED) 0] ls /\n[zookeeper]\n");
  EXPECT_GE(j["time_ms"].get<long long>(), 20000);
}

TEST(SimClient, BadClientValuesExitTwoAndSayWhatIsExpected) {
  const std::string fix =
      " (fix: write the server id (or a connect string), a colon, the zkCli command, then @ and the virtual "
      "time in ms, e.g. --client \"1: create /zk_test my_data\"@6000 or --client "
      "\"127.0.0.1:2181,127.0.0.1:2182: ls /\"@6000)\n";
  const std::string ports = " (fix: their client ports are 127.0.0.1:2181 to 127.0.0.1:2183)\n";
  struct Case {
    std::string value;
    std::string err;
  };
  const std::vector<Case> cases = {
      {"create /x@6000",
       "zooscope sim: --client: \"create /x@6000\" does not start with a server id (or a connect string) and a "
       "colon" + fix},
      {"x: ls /@5",
       "zooscope sim: --client: \"x: ls /@5\" does not start with a server id (or a connect string) and a colon" +
           fix},
      {"1: ls /", "zooscope sim: --client: \"1: ls /\" has no @MS" + fix},
      {"1: ls /@abc", "zooscope sim: --client: \"@abc\" in \"1: ls /@abc\" is not @MS" + fix},
      {"1:@5", "zooscope sim: --client: \"1:@5\" has no command" + fix},
      {"9: ls /@6000",
       "zooscope sim: --client: there is no server 9 in this ensemble (fix: use one of the server ids of the "
       "ensemble)\n"},
      // A connect string: each address must be a simulated server's client address.
      {"127.0.0.1:2181,127.0.0.1:2189: ls /@6000",
       "zooscope sim: --client: no simulated server listens on 127.0.0.1:2189 (in "
       "127.0.0.1:2181,127.0.0.1:2189)" + ports},
      {"127.0.0.1:9999: ls /@6000", "zooscope sim: --client: no simulated server listens on 127.0.0.1:9999" + ports},
      {"127.0.0.1:2181,,127.0.0.1:2182: ls /@6000",
       "zooscope sim: --client: \"127.0.0.1:2181,,127.0.0.1:2182\" is not a connect string: empty host in "
       "127.0.0.1:2181,,127.0.0.1:2182 (fix: write HOST:PORT[,HOST:PORT...], e.g. 127.0.0.1:2181)\n"},
      {"127.0.0.1:2181/app: ls /@6000",
       "zooscope sim: --client: \"127.0.0.1:2181/app\" has the chroot /app, which the simulated console does not "
       "apply (fix: leave out /app and write the paths in full)\n"},
      {"127.0.0.1:2181: @6000", "zooscope sim: --client: \"127.0.0.1:2181: @6000\" has no command" + fix},
  };
  for (const Case& c : cases) {
    const Ran r = run({"sim", "--client", c.value});
    EXPECT_EQ(r.code, 2) << c.value;
    EXPECT_EQ(r.out, "") << c.value;
    EXPECT_EQ(r.err, c.err) << c.value;
  }
}

// `--client "HOST:PORT[,HOST:PORT...]: command"@MS` is the console zkCli.sh -server with that
// string opens: its prompt shows the string, and when its server dies it moves to the next
// one of the string (a console per string, apart from the console per server id).
TEST(SimClient, AConnectStringOpensTheConsoleOnThoseServers) {
  const std::string hosts = "127.0.0.1:2182,127.0.0.1:2183";
  const Ran r = run({"sim", "--client", hosts + ": create /a x@6000", "--client", "1: get /a@6100", "--crash", "2@7000",
                     "--client", hosts + ":get /a@9000"});
  ASSERT_EQ(r.code, 0) << r.err;
  EXPECT_EQ(r.err, "");
  const std::string p = "[zk: " + hosts;
  EXPECT_EQ(r.out.substr(0, r.out.find("server.1 ")),
            p + "(CONNECTED) 0] create /a x\n"
                "Created /a\n"
                "[zk: 127.0.0.1:2181(CONNECTED) 0] get /a\n"
                "x\n"
                "\n"
                "WATCHER::\n"
                "\n"
                "WatchedEvent state:Disconnected type:None path:null\n"
                "\n"
                "WATCHER::\n"
                "\n"
                "WatchedEvent state:SyncConnected type:None path:null\n" +
                p + "(CONNECTED) 1] get /a\n"
                "x\n");
  // The same through --do, as a run file writes it.
  const Ran d = run({"sim", "--do", "client " + hosts + ": create /a x@6000", "--do", "client 1: get /a@6100",
                     "--crash", "2@7000", "--do", "client " + hosts + ":get /a@9000"});
  EXPECT_EQ(d.out, r.out);
  const Ran bad = run({"sim", "--do", "client 127.0.0.1:2181,127.0.0.1:2184: ls /@6000"});
  EXPECT_EQ(bad.code, 2);
  EXPECT_EQ(bad.err,
            "zooscope sim: --do: no simulated server listens on 127.0.0.1:2184 (in 127.0.0.1:2181,127.0.0.1:2184) "
            "(fix: their client ports are 127.0.0.1:2181 to 127.0.0.1:2183)\n");
}

TEST(SimClient, ParseClientKeepsAtSignsInTheCommand) {
  const auto line = parse_client("3:  create /mail a@b.c @7000");
  ASSERT_TRUE(line) << line.error().to_string();
  EXPECT_EQ(line.value().sid, 3);
  EXPECT_EQ(line.value().command, "create /mail a@b.c");
  EXPECT_EQ(line.value().at, 7000);
  // A connect string's own colons come before the one that ends it.
  const auto hosts = parse_client("127.0.0.1:2181,127.0.0.1:2182:create /x a:b@7000");
  ASSERT_TRUE(hosts) << hosts.error().to_string();
  EXPECT_EQ(hosts.value().sid, 0);
  EXPECT_EQ(hosts.value().target, "127.0.0.1:2181,127.0.0.1:2182");
  EXPECT_EQ(hosts.value().command, "create /x a:b");
}

constexpr const char* kIntro =
    "zooscope: 3 simulated servers, server 3 leads; virtual time 230 ms. zkCli's commands, or !help for "
    "zooscope's own.\n";

// What zkCli prints when it starts and connects to server `port`.
std::string banner(const std::string& port) {
  return "Connecting to 127.0.0.1:" + port +
         "\n"
         "Welcome to ZooKeeper!\n"
         "JLine support is enabled\n"
         "\n"
         "WATCHER::\n"
         "\n"
         "WatchedEvent state:SyncConnected type:None path:null\n";
}

// `zooscope console` with piped input: the banner, then each prompt with its echoed line and
// what it printed; zkCli's stderr on err. zooscope's `!` commands act on the ensemble.
// --server with a connect string: the prompt shows it as typed, and the handle moves within it.
TEST(ConsoleCommand, RunsLinesFromStdinAgainstTheChosenServers) {
  const std::string hosts = "127.0.0.1:2182,127.0.0.1:2183";
  const Ran r = console("create /a x\nget /a\n!crash 2\nls /\n!status\nquit\nls /\n", {"--server", hosts});
  EXPECT_EQ(r.code, 0);
  const std::string p = "[zk: " + hosts;
  EXPECT_EQ(r.out, "Connecting to " + hosts +
                       "\n"
                       "Welcome to ZooKeeper!\n"
                       "JLine support is enabled\n"
                       "\n"
                       "WATCHER::\n"
                       "\n"
                       "WatchedEvent state:SyncConnected type:None path:null\n" +
                       p + "(CONNECTED) 0] create /a x\n" +
                       p + "(CONNECTED) 1] get /a\n"
                       "x\n" +
                       p + "(CONNECTED) 2] !crash 2\n"
                       "\n"
                       "WATCHER::\n"
                       "\n"
                       "WatchedEvent state:Disconnected type:None path:null\n" +
                       p + "(CONNECTING) 2] ls /\n"
                       "\n"
                       "WATCHER::\n"
                       "\n"
                       "WatchedEvent state:SyncConnected type:None path:null\n"
                       "[a, zookeeper]\n" +
                       p + "(CONNECTED) 3] !status\n"
                       "server.1 state=FOLLOWING leader=3 epoch=1 zxid=0x100000002\n"
                       "server.2 state=DOWN leader=- epoch=1 zxid=0x100000002\n"
                       "server.3 state=LEADING leader=3 epoch=1 zxid=0x100000002\n"
                       "time=1251 ms\n" +
                       p + "(CONNECTED) 3] quit\n");
  EXPECT_EQ(r.err, std::string(kIntro) + "Created /a\n");
}

// --server SID is `zkCli.sh -server 127.0.0.1:<its port>`: that server only. When it dies the
// next command loses its connection (the next attempt is refused), as real zkCli's does.
TEST(ConsoleCommand, ASingleServerConsoleDoesNotMoveWhenItsServerDies) {
  const Ran r = console("create /a x\n!crash 2\nls /\n", {"--server", "2"});
  EXPECT_EQ(r.code, 1);
  EXPECT_EQ(r.out, banner("2182") +
                       "[zk: 127.0.0.1:2182(CONNECTED) 0] create /a x\n"
                       "[zk: 127.0.0.1:2182(CONNECTED) 1] !crash 2\n"
                       "\n"
                       "WATCHER::\n"
                       "\n"
                       "WatchedEvent state:Disconnected type:None path:null\n"
                       "[zk: 127.0.0.1:2182(CONNECTING) 1] ls /\n"
                       "[zk: 127.0.0.1:2182(CONNECTING) 2] \n");
  EXPECT_EQ(r.err, std::string(kIntro) + "Created /a\nKeeperErrorCode = ConnectionLoss for /\n");
}

// At the end of input zkCli exits with the last command's exit code.
TEST(ConsoleCommand, EndOfInputExitsWithTheLastCommandsCode) {
  const Ran r = console("get /nope\n");
  EXPECT_EQ(r.code, 1);
  EXPECT_EQ(r.out, banner("2181") +
                       "[zk: 127.0.0.1:2181(CONNECTED) 0] get /nope\n"
                       "[zk: 127.0.0.1:2181(CONNECTED) 1] \n");
  EXPECT_EQ(r.err, std::string(kIntro) + "Node does not exist: /nope\n");
}

TEST(ConsoleCommand, AnUncaughtExceptionEndsItWithCodeOne) {
  const Ran r = console("set -v abc /x d\nls /\n");
  EXPECT_EQ(r.code, 1);
  EXPECT_EQ(r.out, banner("2181") + "[zk: 127.0.0.1:2181(CONNECTED) 0] set -v abc /x d\n");
  // The whole trace, as real zkCli on Debian 12 prints it.
  EXPECT_EQ(r.err.substr(0, std::string(kIntro).size()), kIntro);
  EXPECT_NE(r.err.find("Exception in thread \"main\" java.lang.NumberFormatException: For input string: \"abc\"\n"
                       "\tat java.base/java.lang.NumberFormatException.forInputString("),
            std::string::npos);
  EXPECT_TRUE(r.err.ends_with("\tat org.apache.zookeeper.ZooKeeperMain.main(ZooKeeperMain.java:293)\n"));
}

TEST(ConsoleCommand, ZooscopeCommandsCheckTheirArguments) {
  const Ran r = console("!crash 9\n!wait x\n!partition 1\n!nope\n!help\n");
  EXPECT_EQ(r.code, 0);
  const std::string prompt = "[zk: 127.0.0.1:2181(CONNECTED) 0] ";
  EXPECT_EQ(r.out, banner("2181") + prompt + "!crash 9\n" + prompt + "!wait x\n" +
                       prompt + "!partition 1\n" + prompt + "!nope\n" + prompt + "!help\n" +
                       "zooscope's own commands (everything else is zkCli's):\n"
                       "  !status              each server's state, leader, epoch and last zxid\n"
                       "  !crash SID           the server process dies\n"
                       "  !restart SID         a crashed server starts again\n"
                       "  !partition 1,2|3     cut the network between the groups\n"
                       "  !heal                heal every cut link\n"
                       "  !wait MS             let MS milliseconds of virtual time pass (elections, expiry)\n"
                       "  !help                this list\n"
                       "Virtual time only moves while a command runs or during !wait.\n" +
                       prompt + "\n");
  EXPECT_EQ(r.err, std::string(kIntro) +
                       "zooscope: there is no server 9 in this ensemble\n"
                       "zooscope: !wait takes a number of milliseconds, e.g. !wait 5000\n"
                       "zooscope: !partition: a partition needs at least two groups, separated by | (e.g. !partition 1,2|3)\n"
                       "zooscope: unknown command !nope (try !help)\n");
}

TEST(ConsoleCommand, BadFlagsExitTwo) {
  Ran r = console("", {"--server", "7"});
  EXPECT_EQ(r.code, 2);
  EXPECT_EQ(r.out, "");
  EXPECT_EQ(r.err,
            "zooscope console: --server: there is no server 7 in this ensemble (fix: use one of 1-3, or "
            "HOST:PORT[,HOST:PORT...])\n");
  r = console("", {"--server", "127.0.0.1:9999"});
  EXPECT_EQ(r.code, 2);
  EXPECT_EQ(r.err,
            "zooscope console: --server: no simulated server listens on 127.0.0.1:9999 (fix: their client "
            "ports are 127.0.0.1:2181 to 127.0.0.1:2183)\n");
  r = console("", {"--servers", "0"});
  EXPECT_EQ(r.code, 2);
  EXPECT_EQ(r.out, "");
  EXPECT_EQ(r.err, "zooscope console: --servers: Value 0 not in range 1 to 64\n(see zooscope console --help)\n");
  // zkCli's -r means something only on real servers: the simulated ones have no read-only mode.
  for (const char* flag : {"-r", "--read-only"}) {
    r = console("ls /\n", {flag});
    EXPECT_EQ(r.code, 2) << flag;
    EXPECT_EQ(r.out, "") << flag;
    EXPECT_EQ(r.err, "zooscope console: -r/--read-only needs --connect: the simulated servers have no "
                     "read-only mode\n")
        << flag;
  }
}

}  // namespace
}  // namespace zs::cli

// zkCli's setquota, listquota and delquota on the simulated ensemble: the requests they send
// (cli/SetQuotaCommand, ListQuotaCommand, DelQuotaCommand of 3.8.0), the nodes they leave under
// /zookeeper/quota with the zxids they take, what they print, and the server keeping each
// quota's zookeeper_stats up to date as DataTree does.
#include <gtest/gtest.h>

#include <memory>
#include <string>
#include <vector>

#include "console/console.hpp"
#include "peer/quorum_peer.hpp"
#include "run/sim_client_handle.hpp"

namespace zs::console {
namespace {

// Three servers started at 0 and settled by 5 s; a console on server 1 whose session is zxid
// 0x100000001.
class QuotaTest : public ::testing::Test {
 protected:
  QuotaTest() : sim(config::default_ensemble(3), SimOptions{}) {
    for (Sid s = 1; s <= 3; ++s) sim.schedule(server_action(ScheduledAction::Kind::Start, s, 0));
    sim.run_until(5000);
    console = run::open_sim_console(sim, 0, Sid{1});
    settle();
  }
  void settle() { EXPECT_TRUE(run::run_until_idle(sim, {console.get()}, sim.now() + 60000)); }
  // The transcript of `lines` alone (prompts, lines, output).
  std::string run(const std::vector<std::string>& lines) {
    const std::size_t before = console->transcript().size();
    for (const auto& l : lines) console->enter(l);
    settle();
    std::vector<TranscriptEntry> fresh(console->transcript().begin() + static_cast<std::ptrdiff_t>(before),
                                       console->transcript().end());
    return transcript_text(fresh, false);
  }
  const DataTree& tree(Sid sid) const {
    const QuorumPeer* p = sim.peer_object(sid);
    EXPECT_NE(p, nullptr);
    return p->tree();
  }
  std::string data_on(Sid sid, const std::string& path) const {
    auto d = tree(sid).get_data(path);
    return d ? d->data : "(none)";
  }

  Simulator sim;
  std::unique_ptr<Console> console;
};

constexpr const char* kLimit5 = "count=5,bytes=-1=;byteHardLimit=-1;countHardLimit=-1";

TEST_F(QuotaTest, SetquotaMakesThreeNodesAndListquotaReadsThem) {
  run({"create /q", "create /q/a x"});
  EXPECT_EQ(run({"setquota -n 5 /q", "listquota /q"}),
            "[zk: 127.0.0.1:2181(CONNECTED) 2] setquota -n 5 /q\n"
            "[zk: 127.0.0.1:2181(CONNECTED) 3] listquota /q\n"
            "absolute path is /zookeeper/quota/q/zookeeper_limits\n"
            "Output quota for /q " + std::string(kLimit5) + "\n"
            "Output stat for /q count=2,bytes=1\n");
  EXPECT_EQ(console->exit_code(), 0);
  // Three create txns: /zookeeper/quota/q, its limits, its stats (0x4, 0x5, 0x6), on every
  // server alike.
  for (Sid s = 1; s <= 3; ++s) {
    const DataTree& t = tree(s);
    ASSERT_TRUE(t.exists("/zookeeper/quota/q/zookeeper_stats")) << s;
    EXPECT_EQ(t.exists("/zookeeper/quota/q")->czxid, Zxid(0x100000004)) << s;
    EXPECT_EQ(t.exists("/zookeeper/quota/q/zookeeper_limits")->czxid, Zxid(0x100000005)) << s;
    EXPECT_EQ(t.exists("/zookeeper/quota/q/zookeeper_stats")->czxid, Zxid(0x100000006)) << s;
    EXPECT_EQ(data_on(s, "/zookeeper/quota/q/zookeeper_limits"), kLimit5) << s;
  }
  EXPECT_NE(run({"create /after", "stat /after"}).find("cZxid = 0x100000007\n"), std::string::npos);
}

// DataTree.updateQuotaStat on every create, delete and setData below a quota, on every server;
// the stats node's own Stat does not move (no txn writes it).
TEST_F(QuotaTest, TheServersKeepTheStatsNodeUpToDate) {
  run({"create /q", "create /q/a x", "setquota -b 100 /q", "create /q/b yy", "create /q/b/c",
       "set /q/a xyz", "delete /q/b/c", "create /elsewhere zzzz"});
  for (Sid s = 1; s <= 3; ++s) {
    EXPECT_EQ(data_on(s, "/zookeeper/quota/q/zookeeper_stats"), "count=3,bytes=5") << s;
    EXPECT_EQ(tree(s).exists("/zookeeper/quota/q/zookeeper_stats")->version, 0) << s;
  }
  EXPECT_NE(run({"listquota /q"}).find("Output quota for /q count=-1,bytes=100=;byteHardLimit=-1;countHardLimit=-1\n"
                                      "Output stat for /q count=3,bytes=5\n"),
            std::string::npos);
}

TEST_F(QuotaTest, SetquotaRefusesWhatZkCliRefuses) {
  run({"create /q", "create /q/a", "create /r", "create /r/deep", "setquota -n 5 /q", "setquota -N 2 /r/deep"});
  const std::string out =
      run({"setquota -n 2 /q/a", "setquota -b 9 /r", "setquota -n 3 /missing", "setquota -n 0 /q", "setquota -b -1 /q",
           "setquota -n abc /q", "setquota -n 3 /zookeeper/quota/q", "setquota -n 3", "setquota /q",
           "setquota -n 1 -b 2 /q", "setquota -n 2 /"});
  EXPECT_NE(out.find("setquota -n 2 /q/a\n/q/a has a parent /q which has a quota\n"), std::string::npos) << out;
  EXPECT_NE(out.find("setquota -b 9 /r\n/r has a child /r/deep which has a quota\n"), std::string::npos) << out;
  EXPECT_NE(out.find("setquota -n 3 /missing\n/missing does not exist.\n"), std::string::npos) << out;
  EXPECT_NE(out.find("setquota -n 0 /q\nthe num quota must be greater than zero\n"), std::string::npos) << out;
  EXPECT_NE(out.find("setquota -b -1 /q\nthe bytes quota must be greater than or equal to zero\n"), std::string::npos)
      << out;
  EXPECT_NE(out.find("setquota -n abc /q\nNumberFormatException happens when parsing the option value\n"),
            std::string::npos)
      << out;
  EXPECT_NE(out.find("setquota -n 3 /zookeeper/quota/q\ncannot set a quota under the path: /zookeeper/quota\n"),
            std::string::npos)
      << out;
  EXPECT_NE(out.find("setquota -n 3\nsetquota -n|-b|-N|-B val path\n"), std::string::npos) << out;
  EXPECT_NE(out.find("setquota /q\norg.apache.commons.cli.MissingOptionException: Missing required option: [-n num "
                     "soft quota, -b bytes soft quota, -N num hard quota, -B bytes hard quota]\n"),
            std::string::npos)
      << out;
  EXPECT_NE(out.find("setquota -n 1 -b 2 /q\norg.apache.commons.cli.AlreadySelectedException: The option 'b' was "
                     "specified but an option from this group has already been selected: 'n'\n"),
            std::string::npos)
      << out;
  // "/" exists, but the quota path "/zookeeper/quota/" is not a valid path.
  EXPECT_NE(out.find("setquota -n 2 /\nPath must not end with / character\n"), std::string::npos) << out;
  // None of them wrote anything: /q, /q/a, /r, /r/deep and the two quotas took 0x…2-0x…c.
  EXPECT_NE(run({"create /after", "stat /after"}).find("cZxid = 0x10000000d\n"), std::string::npos);
}

// A second setquota on the same path reads the limits, warns when the subtree already holds
// more, and writes them back with one setData.
TEST_F(QuotaTest, ASecondLimitIsASetDataAndWarnsWhenAlreadyExceeded) {
  run({"create /q", "create /q/a", "create /q/b", "setquota -n 5 /q"});
  EXPECT_EQ(run({"setquota -N 2 /q"}),
            "[zk: 127.0.0.1:2181(CONNECTED) 4] setquota -N 2 /q\n"
            "[Warning]: the count quota you create is less than the existing count:3\n");
  EXPECT_EQ(data_on(1, "/zookeeper/quota/q/zookeeper_limits"), "count=5,bytes=-1=;byteHardLimit=-1;countHardLimit=2");
  EXPECT_EQ(tree(1).exists("/zookeeper/quota/q/zookeeper_limits")->version, 1);
}

TEST_F(QuotaTest, DelquotaClearsOneLimitOrRemovesTheQuotaNodes) {
  run({"create /q", "create /p", "create /p/deep", "setquota -n 5 /q", "setquota -b 7 /p/deep"});
  EXPECT_EQ(run({"delquota -n /q", "listquota /q"}),
            "[zk: 127.0.0.1:2181(CONNECTED) 5] delquota -n /q\n"
            "[zk: 127.0.0.1:2181(CONNECTED) 6] listquota /q\n"
            "absolute path is /zookeeper/quota/q/zookeeper_limits\n"
            "Output quota for /q count=-1,bytes=-1=;byteHardLimit=-1;countHardLimit=-1\n"
            "Output stat for /q count=1,bytes=0\n");
  // Without an option: its nodes, then every quota node left empty up to /zookeeper/quota.
  EXPECT_EQ(run({"delquota /q", "ls /zookeeper/quota", "delquota /p/deep", "ls /zookeeper/quota"}),
            "[zk: 127.0.0.1:2181(CONNECTED) 7] delquota /q\n"
            "[zk: 127.0.0.1:2181(CONNECTED) 8] ls /zookeeper/quota\n"
            "[p]\n"
            "[zk: 127.0.0.1:2181(CONNECTED) 9] delquota /p/deep\n"
            "[zk: 127.0.0.1:2181(CONNECTED) 10] ls /zookeeper/quota\n"
            "[]\n");
  EXPECT_EQ(run({"listquota /q", "delquota /q", "listquota q", "delquota -n -b /q", "delquota"}),
            "[zk: 127.0.0.1:2181(CONNECTED) 11] listquota /q\n"
            "absolute path is /zookeeper/quota/q/zookeeper_limits\n"
            "quota for /q does not exist.\n"
            "[zk: 127.0.0.1:2181(CONNECTED) 12] delquota /q\n"
            "Quota does not exist for /q\n"
            "[zk: 127.0.0.1:2181(CONNECTED) 13] listquota q\n"
            "absolute path is /zookeeper/quotaq/zookeeper_limits\n"
            "quota for q does not exist.\n"
            "[zk: 127.0.0.1:2181(CONNECTED) 14] delquota -n -b /q\n"
            "org.apache.commons.cli.AlreadySelectedException: The option 'b' was specified but an option from "
            "this group has already been selected: 'n'\n"
            "[zk: 127.0.0.1:2181(CONNECTED) 15] delquota\n"
            "delquota [-n|-b|-N|-B] path\n");
  // Txns: /q 0x2, /p 0x3, /p/deep 0x4, two quotas 0x5-0x7 and 0x8-0xb (/zookeeper/quota/p
  // too), delquota -n 0xc, delquota /q 0xd-0xf, delquota /p/deep 0x10-0x13.
  EXPECT_NE(run({"create /after", "stat /after"}).find("cZxid = 0x100000014\n"), std::string::npos);
}

// ---- zookeeper.enforceQuota=true (enforceQuota=true in zoo.cfg) ----------------------------

class EnforcedQuotaTest : public ::testing::Test {
 protected:
  static config::EnsembleConfig ensemble(bool enforce) {
    config::EnsembleConfig ens = config::default_ensemble(3);
    ens.enforce_quota = enforce;
    return ens;
  }
  explicit EnforcedQuotaTest(bool enforce = true) : sim(ensemble(enforce), SimOptions{}) {
    for (Sid s = 1; s <= 3; ++s) sim.schedule(server_action(ScheduledAction::Kind::Start, s, 0));
    sim.run_until(5000);
    console = run::open_sim_console(sim, 0, Sid{1});
    settle();
  }
  void settle() { EXPECT_TRUE(run::run_until_idle(sim, {console.get()}, sim.now() + 60000)); }
  std::string run(const std::vector<std::string>& lines) {
    const std::size_t before = console->transcript().size();
    for (const auto& l : lines) console->enter(l);
    settle();
    std::vector<TranscriptEntry> fresh(console->transcript().begin() + static_cast<std::ptrdiff_t>(before),
                                       console->transcript().end());
    return transcript_text(fresh, false);
  }
  // "[myid:N] LEVEL text" of every quota WARN in the trace.
  std::vector<std::string> quota_lines() const {
    std::vector<std::string> out;
    for (const auto& ev : sim.trace())
      if (const auto* line = std::get_if<LogLine>(&ev.body); line && line->kind == LogKind::QuotaExceeded)
        out.push_back("[myid:" + std::to_string(line->sid) + "] " + std::string(to_string(line->level)) + " " +
                      format_log(*line, sim.trace_context()));
    return out;
  }

  Simulator sim;
  std::unique_ptr<Console> console;
};

class UnenforcedQuotaTest : public EnforcedQuotaTest {
 protected:
  UnenforcedQuotaTest() : EnforcedQuotaTest(false) {}
};

// What a real 3.8.0 ensemble with enforceQuota=true did with these lines (zkCli's output and
// the leader's RateLogger WARNs, measured): a write past a hard limit (-N, -B) fails with
// QuotaExceeded before its version is checked, and still takes a zxid; past a soft one (-n,
// -b) it is only logged. Only the leader (server 3) checks.
TEST_F(EnforcedQuotaTest, HardLimitsRefuseWritesAndTheLeaderLogsEveryLimitPassed) {
  EXPECT_EQ(run({"create /h", "setquota -N 2 /h", "create /h/a", "create /h/b", "create /h2 ab", "setquota -B 3 /h2",
                 "set /h2 abc", "set -v 9 /h2 abcd", "create /s", "setquota -b 2 /s", "set /s abc", "set /s abc"}),
            "[zk: 127.0.0.1:2181(CONNECTED) 0] create /h\n"
            "Created /h\n"
            "[zk: 127.0.0.1:2181(CONNECTED) 1] setquota -N 2 /h\n"
            "[zk: 127.0.0.1:2181(CONNECTED) 2] create /h/a\n"
            "Created /h/a\n"
            "[zk: 127.0.0.1:2181(CONNECTED) 3] create /h/b\n"
            "Quota has exceeded : /h/b\n"
            "[zk: 127.0.0.1:2181(CONNECTED) 4] create /h2 ab\n"
            "Created /h2\n"
            "[zk: 127.0.0.1:2181(CONNECTED) 5] setquota -B 3 /h2\n"
            "[zk: 127.0.0.1:2181(CONNECTED) 6] set /h2 abc\n"
            "[zk: 127.0.0.1:2181(CONNECTED) 7] set -v 9 /h2 abcd\n"
            "Quota has exceeded : /h2\n"
            "[zk: 127.0.0.1:2181(CONNECTED) 8] create /s\n"
            "Created /s\n"
            "[zk: 127.0.0.1:2181(CONNECTED) 9] setquota -b 2 /s\n"
            "[zk: 127.0.0.1:2181(CONNECTED) 10] set /s abc\n"
            "[zk: 127.0.0.1:2181(CONNECTED) 11] set /s abc\n");
  EXPECT_EQ(quota_lines(), (std::vector<std::string>{
                               "[myid:3] WARN Message:Quota exceeded: /h [current count=3, hardCountLimit=2] Value:null",
                               "[myid:3] WARN Message:Quota exceeded: /h2 [current bytes=4, hardByteLimit=3] Value:null",
                               "[myid:3] WARN Message:Quota exceeded: /s [current bytes=3, softByteLimit=2] Value:null",
                           }));
    const QuorumPeer* p = sim.peer_object(1);
  ASSERT_NE(p, nullptr);
  EXPECT_FALSE(p->tree().exists("/h/b"));
  EXPECT_EQ(p->tree().get_data("/zookeeper/quota/h/zookeeper_stats")->data, "count=2,bytes=0");
  // Session 0x1; /h 0x2, its quota 0x3-0x5, /h/a 0x6, the refused create 0x7, /h2 0x8, its
  // quota 0x9-0xb, set 0xc, refused set 0xd, /s 0xe, quota 0xf-0x11, two sets 0x12, 0x13.
  EXPECT_NE(run({"create /after", "stat /after"}).find("cZxid = 0x100000014\n"), std::string::npos);
}

// RateLogger: the same message again within 100 ms is counted, and written as "Message: ..."
// when another one comes (or the same one 100 ms after it was last written).
TEST_F(EnforcedQuotaTest, TheSameMessageWithin100MsIsCountedNotRepeated) {
  run({"create /s", "setquota -n 1 /s", "create /s/a", "delete /s/a", "create /s/a", "create /s/b"});
  EXPECT_EQ(quota_lines(), (std::vector<std::string>{
                               "[myid:3] WARN Message:Quota exceeded: /s [current count=2, softCountLimit=1] Value:null",
                               "[myid:3] WARN Message: Quota exceeded: /s [current count=2, softCountLimit=1]",
                               "[myid:3] WARN Message:Quota exceeded: /s [current count=3, softCountLimit=1] Value:null",
                           }));
}

// ZooKeeper's default: checkQuota returns at once, so nothing is refused and nothing logged.
TEST_F(UnenforcedQuotaTest, WithoutEnforceQuotaNothingIsRefusedOrLogged) {
  EXPECT_EQ(run({"create /h", "setquota -N 1 /h", "create /h/a"}),
            "[zk: 127.0.0.1:2181(CONNECTED) 0] create /h\n"
            "Created /h\n"
            "[zk: 127.0.0.1:2181(CONNECTED) 1] setquota -N 1 /h\n"
            "[zk: 127.0.0.1:2181(CONNECTED) 2] create /h/a\n"
            "Created /h/a\n");
  EXPECT_TRUE(quota_lines().empty());
}

}  // namespace
}  // namespace zs::console

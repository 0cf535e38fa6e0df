// The C++ side of the harness (zk_ensemble.hpp), as the attach and console interop tests use
// it: the shared fixture's ensemble reads right, and an ensemble of a test's own can be broken
// and repaired and leaves nothing behind.
//
// Suite names pick the fixture (tests/interop/CMakeLists.txt): Zk3* runs with the shared zk3
// ensemble, OwnZk* holds the JVM start lock.
#include "zk_ensemble.hpp"

#include <gtest/gtest.h>

#include <arpa/inet.h>
#include <csignal>
#include <netinet/in.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <unistd.h>

#include <string>

namespace {

using zs::interop::ZkEnsemble;

// The answer to a four-letter word, over a plain socket (this test needs no zooscope code).
std::string four_letter(std::uint16_t port, const std::string& word) {
  const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  if (fd < 0) return {};
  timeval tv{2, 0};
  ::setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_port = htons(port);
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  std::string out;
  if (::connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) == 0 &&
      ::send(fd, word.data(), word.size(), 0) == static_cast<ssize_t>(word.size())) {
    char buf[4096];
    ssize_t n;
    while ((n = ::recv(fd, buf, sizeof buf, 0)) > 0) out.append(buf, static_cast<size_t>(n));
  }
  ::close(fd);
  return out;
}

// A zombie (killed, not yet reaped by its new parent) counts as gone: its /proc/PID/exe no
// longer resolves.
bool process_alive(int pid) {
  const std::string exe = "/proc/" + std::to_string(pid) + "/exe";
  return pid > 0 && ::kill(pid, 0) == 0 && ::access(exe.c_str(), F_OK) == 0;
}

TEST(Zk3Harness, SharedEnsembleStateMatchesWhatEachServerSays) {
  std::string why;
  auto zk = ZkEnsemble::load(ZS_ZK3_STATE, &why);
  if (!zk) GTEST_SKIP() << why;
  ASSERT_EQ(zk->servers().size(), 3u);
  const auto modes = zk->modes();
  int leaders = 0, followers = 0;
  for (const auto& s : zk->servers()) {
    EXPECT_NE(zk->connect_string().find("127.0.0.1:" + std::to_string(s.client_port)),
              std::string::npos);
    EXPECT_TRUE(s.admin_port.has_value()) << "zk3 runs AdminServers";
    // What the harness reports is what the server itself answers.
    const std::string srvr = four_letter(s.client_port, "srvr");
    const auto& m = modes.at(s.sid);
    EXPECT_NE(srvr.find("Mode: " + m.mode + "\n"), std::string::npos) << srvr;
    leaders += m.mode == "leader";
    followers += m.mode == "follower";
    // whitelist *: every word answers
    EXPECT_EQ(four_letter(s.client_port, "ruok"), "imok");
  }
  EXPECT_EQ(leaders, 1);
  EXPECT_EQ(followers, 2);
  EXPECT_EQ(zk->leader(), [&] {
    for (const auto& [sid, m] : modes)
      if (m.mode == "leader") return sid;
    return 0;
  }());
}

TEST(OwnZkHarness, KillAndStartOneServerThenTheDestructorStopsEverything) {
  std::string why;
  std::vector<int> pids;
  std::uint16_t port = 0;
  {
    auto zk = ZkEnsemble::up("--servers 1", &why);
    if (!zk) GTEST_SKIP() << why;
    ASSERT_EQ(zk->modes().at(1).mode, "standalone");
    const int pid = zk->server(1)->pid;
    ASSERT_TRUE(process_alive(pid));
    port = zk->server(1)->client_port;
    ASSERT_TRUE(zk->kill(1).ok());
    EXPECT_FALSE(process_alive(pid));
    EXPECT_EQ(zk->modes().at(1).mode, "unreachable");
    const auto started = zk->start(1);
    ASSERT_TRUE(started.ok()) << started.output;
    EXPECT_EQ(zk->modes().at(1).mode, "standalone");
    EXPECT_NE(zk->server(1)->pid, pid);
    pids.push_back(zk->server(1)->pid);
    // The default whitelist answers only srvr.
    EXPECT_EQ(four_letter(port, "ruok"),
              "ruok is not executed because it is not in the whitelist.\n");
  }
  for (int pid : pids) EXPECT_FALSE(process_alive(pid)) << pid;
  EXPECT_EQ(four_letter(port, "srvr"), "");
}

TEST(OwnZkHarness, AnUnstartableEnsembleSaysWhy) {
  std::string why;
  auto zk = ZkEnsemble::up("--servers 2 --observers 2", &why);
  EXPECT_FALSE(zk.has_value());
  EXPECT_NE(why.find("observers must be in [0, 1]"), std::string::npos) << why;
}

}  // namespace

// Real ZooKeeper ensembles for C++ interop tests: a thin client of tests/interop/zkharness.py.
//
// Two ways to get one (docs/interop.md):
//   - the shared ensemble of a ctest fixture (zk3: whitelist *, zk3dw: default whitelist), read
//     from its state file: `auto zk = ZkEnsemble::load(ZS_ZK3_STATE, &why);`. Tests on it only
//     read and write znodes; they never kill its servers.
//   - an ensemble of the test's own, started by `zkharness.py up` and stopped (`down`) by the
//     destructor: `auto zk = ZkEnsemble::up("--servers 3 --whitelist '*'", &why);`.
// Either returns std::nullopt with `why` when there is no ensemble (Java missing outside CI:
// the fixture skipped), which a test turns into a skip:
//   std::string why;
//   auto zk = ZkEnsemble::load(ZS_ZK3_STATE, &why);
//   if (!zk) GTEST_SKIP() << why;
// In CI a missing Java fails the fixture, so the test does not run and ctest reports that.
//
// The harness runs as a child process (popen): tests stay in C++, and every process rule
// (pid checks, bounded waits, loopback only) stays in one place, the harness.
#pragma once

#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <map>
#include <optional>
#include <sstream>
#include <string>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

#include <stdlib.h>
#include <sys/wait.h>
#include <unistd.h>

// Set by tests/interop/CMakeLists.txt for every interop gtest binary.
#ifndef ZS_PYTHON
#define ZS_PYTHON "/usr/bin/python3"
#endif
#ifndef ZS_ZKHARNESS
#define ZS_ZKHARNESS "tests/interop/zkharness.py"
#endif

namespace zs::interop {

// One server of the ensemble, as the harness's state file describes it.
struct ZkServer {
  int sid = 0;
  std::uint16_t client_port = 0;
  std::uint16_t quorum_port = 0;
  std::uint16_t election_port = 0;
  std::optional<std::uint16_t> admin_port;  // none when the AdminServer is off
  int pid = 0;                              // 0 while the server is not running
  bool observer = false;
  std::string dir;  // the server's folder: zoo.cfg, data/, server.log
  std::string log;  // its log4j log, for a failing test's message
};

// `srvr`'s view of one server, as `zkharness.py modes` prints it.
struct ZkMode {
  std::string mode;  // leader, follower, observer, standalone, not-serving, unreachable
  std::optional<std::uint64_t> zxid;
  std::optional<std::uint32_t> epoch() const {
    if (!zxid) return std::nullopt;
    return static_cast<std::uint32_t>(*zxid >> 32);
  }
};

// The result of one harness command: its exit status and what it printed (stdout and stderr).
struct HarnessRun {
  int status = -1;
  std::string output;
  bool ok() const { return status == 0; }
};

inline std::string shell_quote(const std::string& s) {
  std::string q = "'";
  for (char c : s) {
    if (c == '\'') {
      q += "'\\''";
    } else {
      q += c;
    }
  }
  return q + "'";
}

// Runs `zkharness.py ARGS` (ARGS already shell-quoted) and collects its output.
inline HarnessRun run_harness(const std::string& args) {
  HarnessRun r;
  const std::string cmd = std::string(ZS_PYTHON) + " " + shell_quote(ZS_ZKHARNESS) + " " + args +
                          " 2>&1";
  FILE* p = ::popen(cmd.c_str(), "r");
  if (p == nullptr) {
    r.output = "popen failed: " + cmd;
    return r;
  }
  char buf[4096];
  std::size_t n;
  while ((n = std::fread(buf, 1, sizeof buf, p)) > 0) r.output.append(buf, n);
  const int st = ::pclose(p);
  r.status = (st != -1 && WIFEXITED(st)) ? WEXITSTATUS(st) : -1;
  return r;
}

class ZkEnsemble {
 public:
  // The ensemble a state file describes (a fixture's). nullopt with `why` when the file is
  // missing or says the fixture skipped.
  static std::optional<ZkEnsemble> load(const std::string& state_path, std::string* why) {
    ZkEnsemble e;
    e.state_path_ = state_path;
    if (!e.reload(why)) return std::nullopt;
    return e;
  }

  // Starts an ensemble of its own (`zkharness.py up UP_ARGS`, e.g. "--servers 3 --admin"),
  // waits until it serves; the destructor stops it. nullopt with `why` (the harness's message)
  // when it could not start.
  static std::optional<ZkEnsemble> up(const std::string& up_args, std::string* why) {
    char tmpl[] = "/tmp/zs-interop-XXXXXX";
    if (::mkdtemp(tmpl) == nullptr) {
      if (why) *why = "mkdtemp failed";
      return std::nullopt;
    }
    ZkEnsemble e;
    e.tmp_dir_ = tmpl;
    e.state_path_ = e.tmp_dir_ + "/state.json";
    e.owned_ = true;
    const HarnessRun r = run_harness("up " + up_args + " --state " + shell_quote(e.state_path_));
    if (!r.ok()) {
      if (why) *why = "zkharness.py up " + up_args + " failed (" +
                      std::to_string(r.status) + "): " + r.output;
      return std::nullopt;  // e's destructor runs `down`, which finds nothing or stops it all
    }
    if (!e.reload(why)) return std::nullopt;
    return e;
  }

  ZkEnsemble(ZkEnsemble&& o) noexcept { *this = std::move(o); }
  ZkEnsemble& operator=(ZkEnsemble&& o) noexcept {
    std::swap(state_path_, o.state_path_);
    std::swap(tmp_dir_, o.tmp_dir_);
    std::swap(owned_, o.owned_);
    std::swap(connect_string_, o.connect_string_);
    std::swap(servers_, o.servers_);
    return *this;
  }
  ZkEnsemble(const ZkEnsemble&) = delete;
  ZkEnsemble& operator=(const ZkEnsemble&) = delete;

  ~ZkEnsemble() {
    if (!owned_) return;
    run_harness("down --state " + shell_quote(state_path_));
    ::rmdir(tmp_dir_.c_str());
  }

  // "127.0.0.1:P1,127.0.0.1:P2,...": every server's client port.
  const std::string& connect_string() const { return connect_string_; }
  const std::vector<ZkServer>& servers() const { return servers_; }
  const ZkServer* server(int sid) const {
    for (const auto& s : servers_) {
      if (s.sid == sid) return &s;
    }
    return nullptr;
  }
  const std::string& state_path() const { return state_path_; }

  // {sid: mode} from `srvr` on each server, now.
  std::map<int, ZkMode> modes() const {
    std::map<int, ZkMode> out;
    const HarnessRun r = run_harness("modes --state " + shell_quote(state_path_));
    std::istringstream in(r.output);
    std::string line;
    while (std::getline(in, line)) {
      std::istringstream l(line);
      int sid = 0;
      std::string mode, zxid;
      if (!(l >> sid >> mode >> zxid)) continue;
      ZkMode m{mode, std::nullopt};
      if (zxid.rfind("0x", 0) == 0) m.zxid = std::stoull(zxid.substr(2), nullptr, 16);
      out[sid] = m;
    }
    return out;
  }

  // The sid `srvr` calls leader (or standalone), or 0.
  int leader() const {
    for (const auto& [sid, m] : modes()) {
      if (m.mode == "leader" || m.mode == "standalone") return sid;
    }
    return 0;
  }

  // SIGKILLs server `sid` (the harness checks the pid is that server first). Only on an
  // ensemble of the test's own: the shared ones serve other tests.
  HarnessRun kill(int sid) { return after(run_harness(cmd_for("kill", sid))); }
  // Starts server `sid` again on its dataDir and waits until it serves.
  HarnessRun start(int sid) { return after(run_harness(cmd_for("start", sid))); }
  // Waits until every running server serves (bounded by `timeout_s`).
  HarnessRun wait(double timeout_s = 20) const {
    return run_harness("wait --state " + shell_quote(state_path_) + " --timeout " +
                       std::to_string(timeout_s));
  }

  // Re-reads the state file (pids change on kill/start).
  bool reload(std::string* why) {
    std::ifstream f(state_path_);
    if (!f) {
      if (why) *why = "no state file " + state_path_ + " (is the test run through ctest?)";
      return false;
    }
    nlohmann::json j = nlohmann::json::parse(f, nullptr, /*allow_exceptions=*/false);
    if (j.is_discarded() || !j.is_object()) {
      if (why) *why = state_path_ + " is not JSON";
      return false;
    }
    if (j.contains("skipped")) {
      if (why) *why = "the ensemble was not started: " + j["skipped"].get<std::string>();
      return false;
    }
    if (!j.contains("servers") || !j.contains("connect_string")) {
      if (why) *why = state_path_ + " is not a zkharness state file";
      return false;
    }
    connect_string_ = j["connect_string"].get<std::string>();
    servers_.clear();
    for (const auto& s : j["servers"]) {
      ZkServer z;
      z.sid = s["sid"].get<int>();
      z.client_port = s["client_port"].get<std::uint16_t>();
      z.quorum_port = s["quorum_port"].get<std::uint16_t>();
      z.election_port = s["election_port"].get<std::uint16_t>();
      if (!s["admin_port"].is_null()) z.admin_port = s["admin_port"].get<std::uint16_t>();
      z.pid = s["pid"].is_null() ? 0 : s["pid"].get<int>();
      z.observer = s.value("observer", false);
      z.dir = s.value("dir", "");
      z.log = s.value("log", "");
      servers_.push_back(z);
    }
    return true;
  }

 private:
  ZkEnsemble() = default;
  std::string cmd_for(const char* verb, int sid) const {
    return std::string(verb) + " --state " + shell_quote(state_path_) + " --sid " +
           std::to_string(sid);
  }
  HarnessRun after(HarnessRun r) {
    reload(nullptr);
    return r;
  }

  std::string state_path_;
  std::string tmp_dir_;
  bool owned_ = false;
  std::string connect_string_;
  std::vector<ZkServer> servers_;
};

}  // namespace zs::interop

// A real ZooKeeper 3.8 ensemble that zooscope starts itself (issue 17): each server a child
// JVM (Debian's `zookeeper` package) with its own zoo.cfg, myid, dataDir and log in a run
// directory zooscope owns, every port on 127.0.0.1 and chosen free. In server i's zoo.cfg
// every other server j's quorum and election addresses are relay ports for the direction
// i -> j (relay.hpp), so every server-to-server connection passes through zooscope.
//
// Safety (../shared/reference/real-zookeeper-3.8/RUNNING.md): only the processes this object
// started are signalled, by their pid, after checking /proc/PID/cmdline is that server's java
// with that server's zoo.cfg; each child dies with zooscope (PR_SET_PDEATHSIG) and all are
// killed when the object goes; heap per server bounded; at most 9 servers.
#pragma once

#include <sys/types.h>

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "core/result.hpp"
#include "core/types.hpp"
#include "live/relay.hpp"

namespace zs::live {

inline constexpr int kMaxLiveServers = 9;

// Where ZooKeeper's server runs from: java and the jars the server needs on its class path
// (zookeeper.jar's manifest brings jetty, netty, jute; servlet-api for the AdminServer, the
// slf4j binding and log4j for its log).
struct ZooKeeperInstall {
  std::string java;
  std::string class_path;
};
// Finds java (PATH, or ZOOSCOPE_JAVA) and the jars in /usr/share/java; the error names what is
// missing and the apt-get line that installs it.
Result<ZooKeeperInstall> find_zookeeper();

struct LiveOptions {
  int servers = 3;
  std::string run_dir;  // empty: a new directory under $TMPDIR (or /tmp), removed at the end
  bool keep_run_dir = false;
  std::int32_t tick_ms = 2000;  // zoo.cfg as the tutorials write it
  std::int32_t init_limit = 10;
  std::int32_t sync_limit = 5;
  std::int32_t heap_mb = 256;
  bool admin_server = true;
};

struct LiveServer {
  Sid sid = 0;
  std::uint16_t client_port = 0;
  std::uint16_t quorum_port = 0;    // its real ports
  std::uint16_t election_port = 0;
  std::uint16_t admin_port = 0;
  std::string dir;   // <run>/server<sid>: zoo.cfg, log4j.properties, zookeeper.log, data/
  std::string cfg;   // <dir>/zoo.cfg
  std::string log;   // <dir>/zookeeper.log
  pid_t pid = 0;     // 0 when not running
};

class LiveEnsemble {
 public:
  // Writes the run directory (configs, myid files) and chooses the ports; starts nothing.
  static Result<std::unique_ptr<LiveEnsemble>> create(const LiveOptions& opt);
  ~LiveEnsemble();  // kills every server still running, removes the run dir unless kept
  LiveEnsemble(const LiveEnsemble&) = delete;
  LiveEnsemble& operator=(const LiveEnsemble&) = delete;

  // Starts server `sid` (again, on its dataDir). An error when it runs already or the JVM
  // cannot be started.
  Result<pid_t> start(Sid sid);
  // SIGKILL of that server's own pid (checked first), then waits until it is gone (bounded);
  // nullopt when it is gone (or was not running), else why it was not signalled.
  std::optional<Error> kill(Sid sid);
  bool running(Sid sid);
  void kill_all();

  const std::vector<LiveServer>& servers() const { return servers_; }
  const LiveServer& server(Sid sid) const;
  // The relay links the configs point at: (i -> j, quorum and election) for every i != j.
  const std::vector<RelayLink>& links() const { return links_; }
  const std::string& run_dir() const { return run_dir_; }
  // The zoo.cfg text of server `sid` as written.
  std::string config_text(Sid sid) const;

 private:
  LiveEnsemble() = default;
  void reap(LiveServer& s);

  LiveOptions opt_;
  ZooKeeperInstall zk_;
  std::string run_dir_;
  bool owns_run_dir_ = false;
  std::vector<LiveServer> servers_;
  std::vector<RelayLink> links_;
};

// `count` distinct ports free on 127.0.0.1 now (bound all at once, then released).
Result<std::vector<std::uint16_t>> pick_free_ports(std::size_t count);

}  // namespace zs::live

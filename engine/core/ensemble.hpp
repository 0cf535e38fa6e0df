// The ensemble as data: its servers (sid, addresses, participant or observer) and its timing.
// The zoo.cfg parser (engine/config) makes one; the roster, the peers and the simulator read
// it without knowing where it came from.
#pragma once

#include <string>
#include <vector>

#include "core/types.hpp"

namespace zs::config {

// One `server.N=host:quorumPort:electionPort[:participant|:observer][;[clientHost:]clientPort]`.
struct ServerSpec {
  Sid sid = 0;
  std::string host;
  int quorum_port = 0;
  int election_port = 0;
  LearnerType type = LearnerType::Participant;
  std::string client_host;  // empty when the line has no client part or only ";port"
  int client_port = 0;      // 0 = the line has no client part
  std::string file;         // where the line is, for messages
  int line = 0;
};

// Something suspicious that does not stop the ensemble (real ZooKeeper would start).
struct Warning {
  std::string file;
  int line = 0;  // 0 = the file as a whole
  std::string message;
  std::string to_string() const;  // "zoo.cfg:12: ..." like Error
};

// How a file's own sid was found, for the message zooscope prints.
enum class SidRule { MyidFile, ClientPortMatch, FilePosition, SingleFile };

// The ensemble the engine runs: the agreed server list and timing.
struct EnsembleConfig {
  int tick_time_ms = 2000;
  int init_limit_ticks = 10;
  int sync_limit_ticks = 5;
  int cnx_timeout_ms = 5000;                 // zookeeper.cnxTimeout
  int min_notification_interval_ms = 200;    // the first poll timeout (finalizeWait is 200 ms always)
  int max_notification_interval_ms = 60000;
  // The bounds a client's requested session timeout is clamped to (ZooKeeperServer's
  // minSessionTimeout / maxSessionTimeout); 0 = ZooKeeper's defaults, 2 and 20 ticks.
  int min_session_timeout_ms = 0;
  int max_session_timeout_ms = 0;
  int min_session_ms() const { return min_session_timeout_ms > 0 ? min_session_timeout_ms : 2 * tick_time_ms; }
  int max_session_ms() const { return max_session_timeout_ms > 0 ? max_session_timeout_ms : 20 * tick_time_ms; }
  // extendedTypesEnabled (the system property zoo.cfg sets): TTL nodes may be created.
  bool extended_types_enabled = false;
  // enforceQuota (the system property zookeeper.enforceQuota, which zoo.cfg sets as it sets
  // every key QuorumPeerConfig does not know): writes past a hard quota fail.
  bool enforce_quota = false;
  std::vector<ServerSpec> servers;  // sorted by sid, unique sids
  // Per-file facts when loaded from one file per server (empty for one shared file).
  struct PerServer {
    Sid sid = 0;
    std::string path;
    SidRule rule = SidRule::SingleFile;
    std::string data_dir;
    int client_port = 0;
  };
  std::vector<PerServer> files;
  std::vector<Warning> warnings;
  // The dataDir of the only (or first) file, as written; empty for a built-in ensemble.
  std::string data_dir;

  const ServerSpec* find(Sid sid) const;
  int voter_count() const;
  bool is_voter(Sid sid) const;
  // The dataDir server `sid` runs on, as written: its own file's, else the one file's, else
  // zooscope's default for a built-in ensemble, /tmp/zookeeper/server<sid> (docs/fidelity.md).
  std::string data_dir_of(Sid sid) const;
};

}  // namespace zs::config

// zoo.cfg and myid loading (reference §8). One file for the whole ensemble, or one file per
// server like the tutorials' zoo1.cfg ... zoo3.cfg.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/ensemble.hpp"
#include "core/result.hpp"
#include "core/types.hpp"

namespace zs::config {

// What one zoo.cfg file says. Keys and defaults as in QuorumPeerConfig (reference §8.2).
struct ZooCfg {
  std::string path;  // as given
  int tick_time_ms = 3000;
  int init_limit_ticks = 0;  // 0 = not set
  int sync_limit_ticks = 0;  // 0 = not set
  std::string data_dir;
  std::string data_log_dir;  // defaults to data_dir
  int client_port = 0;       // 0 = not set
  std::string client_port_address;
  int max_client_cnxns = 60;
  int min_session_timeout_ms = 0;  // 0 = 2 x tickTime
  int max_session_timeout_ms = 0;  // 0 = 20 x tickTime
  int autopurge_snap_retain_count = 3;
  int autopurge_purge_interval_hours = 0;
  std::vector<std::string> four_letter_whitelist;  // empty = "srvr" only (the default)
  bool admin_enable_server = true;
  std::string admin_server_address = "0.0.0.0";
  int admin_server_port = 8080;
  std::optional<LearnerType> peer_type;  // the peerType key, if present
  std::vector<ServerSpec> servers;       // in file order
  // Keys zooscope does not model. Real ZooKeeper silently turns a key QuorumPeerConfig does
  // not know into the system property zookeeper.<key>. Known ones (ZooKeeper system
  // properties such as cnxTimeout, extendedTypesEnabled, and QuorumPeerConfig keys zooscope
  // does not simulate such as sslQuorum) are kept silently; any other key is kept with a
  // warning that suggests the closest known key (docs/config.md).
  std::map<std::string, std::string> other_keys;
  std::optional<Sid> myid;  // from <dataDir>/myid when that file exists
  std::vector<Warning> warnings;
  bool standalone_enabled = true;  // standaloneEnabled
  bool reconfig_enabled = false;   // reconfigEnabled (zooscope has no reconfig; warns if true)
  std::string myid_path;           // the myid file read, empty when none was
  std::map<std::string, int> key_lines;  // line of each key's effective (last) occurrence
};

// Parse one file's text; `path` is used in messages and to find <dataDir>/myid relative to
// nothing (dataDir is taken as written; a Windows path such as D:/x or D:\\x is kept as is
// and simply has no myid file on this machine).
//
// `data_dir_beside_file`: a relative dataDir is taken from the folder of `path` instead of the
// working directory (real ZooKeeper takes it from the directory it was started in). Labs use
// it so a zoo.cfg and its myid file travel together.
Result<ZooCfg> parse_zoo_cfg(std::string_view text, const std::string& path,
                             bool read_myid_file = true, bool data_dir_beside_file = false);
Result<ZooCfg> load_zoo_cfg(const std::string& path, bool data_dir_beside_file = false);

// Builds the ensemble from one file (the whole ensemble) or several (one per server; their
// server lists must agree). Errors name file, line and fix.
Result<EnsembleConfig> load_ensemble(const std::vector<std::string>& paths, bool data_dir_beside_file = false);
Result<EnsembleConfig> ensemble_from(const std::vector<ZooCfg>& files);

// N voters (+ observers) on 127.0.0.1 with the tutorials' ports: server.i =
// 127.0.0.1:(2887+i):(3887+i), client port 2180+i; tickTime 2000, initLimit 10, syncLimit 5.
EnsembleConfig default_ensemble(int voters, int observers = 0);

std::string_view to_string(SidRule r);  // "myid file", "client port", "file position", ...

// The value of a server line as zooscope reads it, for messages and the UI:
// "127.0.0.1:2891:3891:observer;2184" (participant is implied, IPv6 hosts in brackets).
std::string server_value(const ServerSpec& s);

}  // namespace zs::config

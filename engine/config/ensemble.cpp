// From zoo.cfg files to the ensemble the engine runs: one shared file, or one file per
// server whose server lists must agree and whose own sid is found by a documented rule.
#include <fmt/format.h>

#include <algorithm>
#include <cctype>
#include <filesystem>

#include "config/config.hpp"

namespace zs::config {

std::string_view to_string(SidRule r) {
  switch (r) {
    case SidRule::MyidFile: return "myid file";
    case SidRule::ClientPortMatch: return "client port";
    case SidRule::FilePosition: return "file position";
    case SidRule::SingleFile: return "single file";
  }
  return "?";
}

namespace {

const ServerSpec* find_in(const ZooCfg& f, Sid sid) {
  for (const ServerSpec& s : f.servers) {
    if (s.sid == sid) return &s;
  }
  return nullptr;
}

bool same_server(const ServerSpec& a, const ServerSpec& b) {
  return a.host == b.host && a.quorum_port == b.quorum_port && a.election_port == b.election_port &&
         a.type == b.type && a.client_host == b.client_host && a.client_port == b.client_port;
}

int line_of(const ZooCfg& f, const std::string& key) {
  auto it = f.key_lines.find(key);
  return it == f.key_lines.end() ? 0 : it->second;
}

std::string sid_list(const ZooCfg& f) {
  std::vector<Sid> sids;
  for (const ServerSpec& s : f.servers) sids.push_back(s.sid);
  std::sort(sids.begin(), sids.end());
  std::string out;
  for (std::size_t i = 0; i < sids.size(); ++i) {
    if (i > 0) out += i + 1 == sids.size() ? " and " : ", ";
    out += "server." + std::to_string(sids[i]);
  }
  return out;
}

std::string_view type_word(LearnerType t) {
  return t == LearnerType::Observer ? "OBSERVER" : "PARTICIPANT";
}

// Every file of a per-server set must list the same servers as the first one.
std::optional<Error> check_same_servers(const ZooCfg& first, const ZooCfg& f) {
  const std::string hint =
      "every server's file must have the same server.N lines; copy them from " + first.path;
  for (const ServerSpec& s : first.servers) {
    const ServerSpec* t = find_in(f, s.sid);
    if (t == nullptr) {
      return Error{f.path, 0,
                   fmt::format("this file has no server.{} line, but {}:{} has server.{}={}", s.sid,
                               first.path, s.line, s.sid, server_value(s)),
                   hint};
    }
    if (!same_server(s, *t)) {
      return Error{f.path, t->line,
                   fmt::format("server.{}={} differs from {}:{}, which has server.{}={}", t->sid,
                               server_value(*t), first.path, s.line, s.sid, server_value(s)),
                   hint};
    }
  }
  for (const ServerSpec& t : f.servers) {
    if (find_in(first, t.sid) == nullptr) {
      return Error{f.path, t.line,
                   fmt::format("server.{}={} is not in {}, which has {}", t.sid, server_value(t),
                               first.path, sid_list(first)),
                   hint};
    }
  }
  return std::nullopt;
}

// QuorumPeer.start: the id from myid must be one of the server lines.
std::optional<Error> check_myid_listed(const ZooCfg& f) {
  if (!f.myid || find_in(f, *f.myid) != nullptr) return std::nullopt;
  std::string listed;
  for (std::size_t i = 0; i < f.servers.size(); ++i) {
    if (i > 0) listed += i + 1 == f.servers.size() ? " or " : ", ";
    listed += std::to_string(f.servers[i].sid);
  }
  return Error{
      f.myid_path, 1,
      fmt::format("myid says {}, but {} has no server.{} line (it has {}); real "
                  "ZooKeeper fails with \"My id {} not in the peer list\"",
                  *f.myid, f.path, *f.myid, sid_list(f), *f.myid),
      fmt::format("write {} in {}, or add a server.{} line", listed, f.myid_path, *f.myid)};
}

std::string rule_reason(SidRule rule, const ZooCfg& f, std::size_t position, std::size_t count) {
  switch (rule) {
    case SidRule::MyidFile: return "by its myid file " + f.myid_path;
    case SidRule::ClientPortMatch: return fmt::format("by its clientPort {}", f.client_port);
    case SidRule::FilePosition: return fmt::format("as file {} of {}", position + 1, count);
    case SidRule::SingleFile: return "as the only file";
  }
  return "";
}

// ZooKeeper: peerType disagreeing with the server line is a warning; the line wins.
void check_peer_type(const ZooCfg& f, const ServerSpec& own, std::vector<Warning>& out) {
  if (!f.peer_type || *f.peer_type == own.type) return;
  out.push_back(Warning{
      f.path, line_of(f, "peerType"),
      fmt::format("peerType={}, but this file is server.{}, which its server line makes {}; like "
                  "ZooKeeper, zooscope follows the server line (\"Peer type from servers list ({}) "
                  "doesn't match peerType ({}). Defaulting to servers list.\")",
                  *f.peer_type == LearnerType::Observer ? "observer" : "participant", own.sid,
                  own.type == LearnerType::Observer ? "an observer" : "a participant",
                  type_word(own.type), type_word(*f.peer_type))});
}

// QuorumPeerConfig.setupClientPort: clientPort and the line's ";port" must agree.
std::optional<Error> check_client_port(const ZooCfg& f, const ServerSpec& own,
                                       const std::string& reason) {
  if (f.client_port == 0 || own.client_port == 0 || f.client_port == own.client_port) {
    return std::nullopt;
  }
  return Error{
      f.path, line_of(f, "clientPort"),
      fmt::format("clientPort={}, but this file is server.{} ({}), whose line {}:{} gives "
                  "client port {}; real ZooKeeper fails with \"client address for this "
                  "server (id = {}) in static config file is ... is different from "
                  "client address found in dynamic file ...\"",
                  f.client_port, own.sid, reason, own.file, own.line, own.client_port, own.sid),
      fmt::format("make clientPort and the ;port of server.{} the same", own.sid)};
}

int parse_positive(const std::map<std::string, std::string>& keys, const std::string& key,
                   int fallback) {
  auto it = keys.find(key);
  if (it == keys.end()) return fallback;
  // parse_zoo_cfg has already checked that the value is a positive int.
  return std::stoi(it->second);
}

void add_warnings(const ZooCfg& f, std::vector<Warning>& out) {
  for (const Warning& w : f.warnings) {
    // Line-0 warnings about the shared server list are the same in every file: say them once.
    bool repeated = w.line == 0 && std::any_of(out.begin(), out.end(), [&](const Warning& o) {
                      return o.line == 0 && o.message == w.message;
                    });
    if (!repeated) out.push_back(w);
  }
}

}  // namespace

Result<EnsembleConfig> ensemble_from(const std::vector<ZooCfg>& files) {
  if (files.empty()) {
    return Error{"", 0, "no zoo.cfg file given",
                 "pass one zoo.cfg for the whole ensemble, or one file per server"};
  }
  for (const ZooCfg& f : files) {
    if (f.servers.empty()) {
      return Error{f.path, 0,
                   "there are no server.N lines; zooscope simulates an ensemble, so it needs the "
                   "list of servers",
                   "add one line per server, e.g. server.1=127.0.0.1:2888:3888, "
                   "server.2=127.0.0.1:2889:3889, server.3=127.0.0.1:2890:3890, or start from a "
                   "sample in assets/ensembles"};
    }
  }
  const ZooCfg& first = files.front();
  EnsembleConfig ens;
  ens.tick_time_ms = first.tick_time_ms;
  if (first.init_limit_ticks > 0) ens.init_limit_ticks = first.init_limit_ticks;
  if (first.sync_limit_ticks > 0) ens.sync_limit_ticks = first.sync_limit_ticks;
  ens.cnx_timeout_ms = parse_positive(first.other_keys, "cnxTimeout", ens.cnx_timeout_ms);
  ens.min_notification_interval_ms = parse_positive(
      first.other_keys, "fastleader.minNotificationInterval", ens.min_notification_interval_ms);
  ens.max_notification_interval_ms = parse_positive(
      first.other_keys, "fastleader.maxNotificationInterval", ens.max_notification_interval_ms);
  ens.min_session_timeout_ms = first.min_session_timeout_ms;
  if (auto it = first.other_keys.find("extendedTypesEnabled"); it != first.other_keys.end()) {
    // Boolean.getBoolean: "true" in any case turns it on, anything else leaves it off.
    std::string v = it->second;
    for (char& c : v) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    ens.extended_types_enabled = v == "true";
  }
  if (auto it = first.other_keys.find("enforceQuota"); it != first.other_keys.end()) {
    // Boolean.parseBoolean, as ZooKeeperServer reads zookeeper.enforceQuota.
    std::string v = it->second;
    for (char& c : v) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    ens.enforce_quota = v == "true";
  }
  ens.max_session_timeout_ms = first.max_session_timeout_ms;
  ens.servers = first.servers;
  ens.data_dir = first.data_dir;
  std::sort(ens.servers.begin(), ens.servers.end(),
            [](const ServerSpec& a, const ServerSpec& b) { return a.sid < b.sid; });
  for (const ZooCfg& f : files) add_warnings(f, ens.warnings);
  std::vector<Warning> extra;
  if (first.init_limit_ticks == 0 || first.sync_limit_ticks == 0) {
    // Only possible with a single voter, where ZooKeeper would not need them.
    extra.push_back(Warning{first.path, 0,
                            fmt::format("initLimit or syncLimit is not set; zooscope uses "
                                        "initLimit={} and syncLimit={}",
                                        ens.init_limit_ticks, ens.sync_limit_ticks)});
  }

  if (files.size() == 1) {
    if (auto err = check_myid_listed(first)) return *err;
    if (first.myid) {
      const ServerSpec* own = find_in(first, *first.myid);
      check_peer_type(first, *own, extra);
      if (auto err = check_client_port(first, *own, rule_reason(SidRule::MyidFile, first, 0, 1))) {
        return *err;
      }
    }
    ens.warnings.insert(ens.warnings.end(), extra.begin(), extra.end());
    return ens;
  }

  // One file per server.
  std::map<Sid, std::size_t> claimed;  // sid -> index into files
  std::vector<SidRule> rules(files.size());
  for (std::size_t i = 0; i < files.size(); ++i) {
    const ZooCfg& f = files[i];
    for (std::size_t j = 0; j < i; ++j) {
      if (files[j].path == f.path) {
        return Error{f.path, 0, fmt::format("{} is given twice", f.path),
                     "pass each server's file once"};
      }
    }
    if (i > 0) {
      if (auto err = check_same_servers(first, f)) return *err;
    }
    if (auto err = check_myid_listed(f)) return *err;

    Sid sid = 0;
    SidRule rule = SidRule::FilePosition;
    if (f.myid) {
      sid = *f.myid;
      rule = SidRule::MyidFile;
    } else {
      const ServerSpec* match = nullptr;
      int matches = 0;
      for (const ServerSpec& s : f.servers) {
        if (f.client_port != 0 && s.client_port == f.client_port) {
          match = &s;
          ++matches;
        }
      }
      if (matches == 1) {
        sid = match->sid;
        rule = SidRule::ClientPortMatch;
      } else if (i < f.servers.size()) {
        sid = f.servers[i].sid;
      } else {
        return Error{f.path, 0,
                     fmt::format("zooscope cannot tell which server this file is: it has no myid "
                                 "file{}, no server line has its clientPort{}, and it is file {} "
                                 "of {} while there are only {} server lines",
                                 f.data_dir.empty() ? "" : " in " + f.data_dir,
                                 f.client_port ? " " + std::to_string(f.client_port) : "", i + 1,
                                 files.size(), f.servers.size()),
                     "create <dataDir>/myid with this server's id, or pass one file per "
                     "server line, in server order"};
      }
    }
    rules[i] = rule;
    const std::string reason = rule_reason(rule, f, i, files.size());
    if (auto it = claimed.find(sid); it != claimed.end()) {
      const ZooCfg& other = files[it->second];
      return Error{
          f.path, 0,
          fmt::format("this file and {} are both server.{} ({} {}; this file {})", other.path, sid,
                      other.path, rule_reason(rules[it->second], other, it->second, files.size()),
                      reason),
          "give each server a myid file in its dataDir with its own id, or pass the "
          "files in server order (the 1st file is the 1st server line)"};
    }
    claimed[sid] = i;
    const ServerSpec& own = *find_in(f, sid);
    if (auto err = check_client_port(f, own, reason)) return *err;
    check_peer_type(f, own, extra);

    EnsembleConfig::PerServer per;
    per.sid = sid;
    per.path = f.path;
    per.rule = rule;
    per.data_dir = f.data_dir;
    per.client_port = own.client_port != 0 ? own.client_port : f.client_port;
    ens.files.push_back(per);
  }

  // Settings that real ZooKeeper keeps per server but the simulator runs once.
  for (std::size_t i = 1; i < files.size(); ++i) {
    const ZooCfg& f = files[i];
    auto differs = [&](std::string_view key, int mine, int theirs) {
      if (mine == theirs) return;
      extra.push_back(Warning{f.path, line_of(f, std::string(key)),
                              fmt::format("{}={} differs from {} ({}); zooscope runs every "
                                          "server with the first file's value",
                                          key, mine, first.path, theirs)});
    };
    differs("tickTime", f.tick_time_ms, first.tick_time_ms);
    differs("initLimit", f.init_limit_ticks, first.init_limit_ticks);
    differs("syncLimit", f.sync_limit_ticks, first.sync_limit_ticks);
    differs("minSessionTimeout", f.min_session_timeout_ms, first.min_session_timeout_ms);
    differs("maxSessionTimeout", f.max_session_timeout_ms, first.max_session_timeout_ms);
  }
  // Per-server resources that collide when every server runs on one machine.
  for (std::size_t i = 0; i < ens.files.size(); ++i) {
    for (std::size_t j = 0; j < i; ++j) {
      const EnsembleConfig::PerServer& a = ens.files[j];
      const EnsembleConfig::PerServer& b = ens.files[i];
      if (a.data_dir == b.data_dir) {
        extra.push_back(Warning{b.path, line_of(files[i], "dataDir"),
                                fmt::format("dataDir {} is also {}'s; two servers must not share "
                                            "a dataDir (they would share the myid file and the "
                                            "transaction log)",
                                            b.data_dir, a.path)});
      }
      const ServerSpec* sa = ens.find(a.sid);
      const ServerSpec* sb = ens.find(b.sid);
      if (a.client_port != 0 && a.client_port == b.client_port && sa->host == sb->host) {
        extra.push_back(Warning{b.path, line_of(files[i], "clientPort"),
                                fmt::format("client port {} is also {}'s, and both servers are "
                                            "on {}; the second to start fails with "
                                            "java.net.BindException: Address already in use",
                                            b.client_port, a.path, sb->host)});
      }
    }
  }
  ens.warnings.insert(ens.warnings.end(), extra.begin(), extra.end());
  return ens;
}

Result<EnsembleConfig> load_ensemble(const std::vector<std::string>& paths, bool data_dir_beside_file) {
  if (paths.empty()) {
    return Error{"", 0, "no zoo.cfg file given",
                 "pass one zoo.cfg for the whole ensemble, or one file per server"};
  }
  std::vector<ZooCfg> files;
  std::vector<std::filesystem::path> seen;
  for (const std::string& p : paths) {
    std::error_code ec;
    std::filesystem::path canonical = std::filesystem::weakly_canonical(p, ec);
    if (ec) canonical = p;
    if (std::find(seen.begin(), seen.end(), canonical) != seen.end()) {
      return Error{p, 0, fmt::format("{} is given twice", p), "pass each server's file once"};
    }
    seen.push_back(canonical);
    auto cfg = load_zoo_cfg(p, data_dir_beside_file);
    if (!cfg.ok()) return cfg.error();
    files.push_back(std::move(cfg).value());
  }
  return ensemble_from(files);
}

EnsembleConfig default_ensemble(int voters, int observers) {
  ZS_ASSERT(voters >= 1);
  ZS_ASSERT(observers >= 0);
  EnsembleConfig ens;
  ens.tick_time_ms = 2000;
  ens.init_limit_ticks = 10;
  ens.sync_limit_ticks = 5;
  for (int i = 1; i <= voters + observers; ++i) {
    ServerSpec s;
    s.sid = i;
    s.host = "127.0.0.1";
    s.quorum_port = 2887 + i;
    s.election_port = 3887 + i;
    s.client_port = 2180 + i;
    s.type = i <= voters ? LearnerType::Participant : LearnerType::Observer;
    ens.servers.push_back(s);
  }
  return ens;
}

}  // namespace zs::config

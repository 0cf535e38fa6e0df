#include "client/zkcli_format.hpp"

#include <algorithm>
// Calendar conversion of a given instant only: nothing here reads a clock.
#include <ctime>
#include <cstddef>
#include <cstdint>

#include <fmt/format.h>

namespace zs::client {

void Printed::add(Stream stream, std::string_view text) {
  if (text.empty()) return;
  if (!chunks_.empty() && chunks_.back().stream == stream) {
    chunks_.back().text += text;
  } else {
    chunks_.push_back(Chunk{stream, std::string(text)});
  }
}

void Printed::append(const Printed& other) {
  for (const Chunk& c : other.chunks_) add(c.stream, c.text);
}

std::string Printed::text() const {
  std::string s;
  for (const Chunk& c : chunks_) s += c.text;
  return s;
}

std::string Printed::text(Stream stream) const {
  std::string s;
  for (const Chunk& c : chunks_) {
    if (c.stream == stream) s += c.text;
  }
  return s;
}

std::string_view to_string(KeeperState s) {
  switch (s) {
    case KeeperState::Unknown: return "Unknown";
    case KeeperState::Disconnected: return "Disconnected";
    case KeeperState::NoSyncConnected: return "NoSyncConnected";
    case KeeperState::SyncConnected: return "SyncConnected";
    case KeeperState::AuthFailed: return "AuthFailed";
    case KeeperState::ConnectedReadOnly: return "ConnectedReadOnly";
    case KeeperState::SaslAuthenticated: return "SaslAuthenticated";
    case KeeperState::Expired: return "Expired";
    case KeeperState::Closed: return "Closed";
  }
  return "Unknown";
}

std::string_view to_string(EventType t) {
  switch (t) {
    case EventType::None: return "None";
    case EventType::NodeCreated: return "NodeCreated";
    case EventType::NodeDeleted: return "NodeDeleted";
    case EventType::NodeDataChanged: return "NodeDataChanged";
    case EventType::NodeChildrenChanged: return "NodeChildrenChanged";
    case EventType::DataWatchRemoved: return "DataWatchRemoved";
    case EventType::ChildWatchRemoved: return "ChildWatchRemoved";
    case EventType::PersistentWatchRemoved: return "PersistentWatchRemoved";
  }
  return "None";
}

std::string_view to_string(ClientState s) {
  switch (s) {
    case ClientState::Connecting: return "CONNECTING";
    case ClientState::Associating: return "ASSOCIATING";
    case ClientState::Connected: return "CONNECTED";
    case ClientState::ConnectedReadOnly: return "CONNECTEDREADONLY";
    case ClientState::Closed: return "CLOSED";
    case ClientState::AuthFailed: return "AUTH_FAILED";
    case ClientState::NotConnected: return "NOT_CONNECTED";
  }
  return "NOT_CONNECTED";
}

bool is_alive(ClientState s) {
  return s != ClientState::Closed && s != ClientState::AuthFailed;
}

std::string prompt(std::string_view host, ClientState state, int command_count) {
  return fmt::format("[zk: {}({}) {}] ", host, to_string(state), command_count);
}

std::string java_date(Ms ms) {
  static constexpr std::string_view kDays[] = {"Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"};
  static constexpr std::string_view kMonths[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                                 "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
  // A calendar conversion of the simulated clock (libc's gmtime_r; engine folders do not
  // include <chrono>, STYLE.md §2). Java floors milliseconds to the second.
  const std::time_t secs = static_cast<std::time_t>(ms >= 0 ? ms / 1000 : -((-ms + 999) / 1000));
  std::tm t{};
  gmtime_r(&secs, &t);
  return fmt::format("{} {} {:02} {:02}:{:02}:{:02} UTC {}", kDays[t.tm_wday], kMonths[t.tm_mon], t.tm_mday,
                     t.tm_hour, t.tm_min, t.tm_sec, t.tm_year + 1900);
}

std::string stat_block(const Stat& s) {
  std::string out;
  out += "cZxid = 0x" + hex(s.czxid) + "\n";
  out += "ctime = " + java_date(s.ctime) + "\n";
  out += "mZxid = 0x" + hex(s.mzxid) + "\n";
  out += "mtime = " + java_date(s.mtime) + "\n";
  out += "pZxid = 0x" + hex(s.pzxid) + "\n";
  out += fmt::format("cversion = {}\n", s.cversion);
  out += fmt::format("dataVersion = {}\n", s.version);
  out += fmt::format("aclVersion = {}\n", s.aversion);
  out += "ephemeralOwner = 0x" + hex(s.ephemeral_owner) + "\n";
  out += fmt::format("dataLength = {}\n", s.data_length);
  out += fmt::format("numChildren = {}\n", s.num_children);
  return out;
}

namespace {

// KeeperException.getCodeMessage.
std::string code_message(Code code) {
  switch (code) {
    case Code::Ok: return "ok";
    case Code::SystemError: return "SystemError";
    case Code::RuntimeInconsistency: return "RuntimeInconsistency";
    case Code::DataInconsistency: return "DataInconsistency";
    case Code::ConnectionLoss: return "ConnectionLoss";
    case Code::MarshallingError: return "MarshallingError";
    case Code::NewConfigNoQuorum: return "NewConfigNoQuorum";
    case Code::ReconfigInProgress: return "ReconfigInProgress";
    case Code::Unimplemented: return "Unimplemented";
    case Code::OperationTimeout: return "OperationTimeout";
    case Code::BadArguments: return "BadArguments";
    case Code::ApiError: return "APIError";
    case Code::NoNode: return "NoNode";
    case Code::NoAuth: return "NoAuth";
    case Code::BadVersion: return "BadVersion";
    case Code::NoChildrenForEphemerals: return "NoChildrenForEphemerals";
    case Code::NodeExists: return "NodeExists";
    case Code::InvalidAcl: return "InvalidACL";
    case Code::AuthFailed: return "AuthFailed";
    case Code::NotEmpty: return "Directory not empty";
    case Code::SessionExpired: return "Session expired";
    case Code::InvalidCallback: return "Invalid callback";
    case Code::SessionMoved: return "Session moved";
    case Code::NotReadOnly: return "Not a read-only call";
    case Code::EphemeralOnLocalSession: return "Ephemeral node on local session";
    case Code::NoWatcher: return "No such watcher";
    case Code::ReconfigDisabled: return "Reconfig is disabled";
    case Code::SessionClosedRequireSaslAuth:
      return "Session closed because client failed to authenticate";
    case Code::QuotaExceeded: return "Quota has exceeded";
    case Code::Throttled: return "Op throttled due to high load";
    case Code::UnknownSession:
    case Code::RequestTimeout:
      break;
  }
  // Java prints the enum constant's name here.
  return "Unknown error " + std::string(to_string(code));
}

std::string path_or_null(std::optional<std::string_view> path) {
  return path ? std::string(*path) : std::string("null");
}

}  // namespace

std::string keeper_error_message(Code code, std::optional<std::string_view> path) {
  std::string s = "KeeperErrorCode = " + code_message(code);
  if (path && !path->empty()) {
    s += " for ";
    s += *path;
  }
  return s;
}

std::string cli_error_message(Code code, std::optional<std::string_view> path) {
  const std::string p = path_or_null(path);
  switch (code) {
    case Code::NoNode: return "Node does not exist: " + p;
    case Code::NoChildrenForEphemerals: return "Ephemerals cannot have children: " + p;
    case Code::NodeExists: return "Node already exists: " + p;
    case Code::NotEmpty: return "Node not empty: " + p;
    case Code::NotReadOnly: return "Not a read-only call: " + p;
    case Code::InvalidAcl: return "Acl is not valid : " + p;
    case Code::NoAuth: return "Insufficient permission : " + p;
    case Code::BadArguments: return "Arguments are not valid : " + p;
    case Code::BadVersion: return "version No is not valid : " + p;
    case Code::ReconfigInProgress:
      return "Another reconfiguration is in progress -- concurrent reconfigs not supported (yet)";
    case Code::NewConfigNoQuorum:
      // "commmitted" is spelled so in zkCli.
      return "No quorum of new config is connected and up-to-date with the leader of last "
             "commmitted config - try invoking reconfiguration after new servers are connected "
             "and synced";
    case Code::QuotaExceeded: return "Quota has exceeded : " + p;
    default: return keeper_error_message(code, path);
  }
}

namespace {

// UTF-8 to the UTF-16 units Java's String holds. A malformed sequence (truncated, overlong,
// a surrogate, above U+10FFFF) becomes U+FFFD, which PathUtils rejects as an invalid character at
// the same index Java reports.
std::vector<std::uint16_t> utf16_units(std::string_view s) {
  static constexpr std::uint32_t kMin[] = {0, 0x80, 0x800, 0x10000};
  std::vector<std::uint16_t> out;
  out.reserve(s.size());
  std::size_t i = 0;
  while (i < s.size()) {
    const auto b = static_cast<unsigned char>(s[i]);
    std::size_t n = 0;
    std::uint32_t cp = b;
    if ((b & 0xe0) == 0xc0) { cp = b & 0x1fu; n = 1; }
    else if ((b & 0xf0) == 0xe0) { cp = b & 0x0fu; n = 2; }
    else if ((b & 0xf8) == 0xf0) { cp = b & 0x07u; n = 3; }
    bool ok = b < 0x80 || n > 0;
    for (std::size_t k = 1; ok && k <= n; ++k) {
      const auto c = i + k < s.size() ? static_cast<unsigned char>(s[i + k]) : 0;
      ok = (c & 0xc0) == 0x80;
      cp = (cp << 6) | (c & 0x3fu);
    }
    ok = ok && cp >= kMin[n] && cp <= 0x10ffff && (cp < 0xd800 || cp > 0xdfff);
    if (!ok) {
      out.push_back(0xfffd);
      ++i;
      continue;
    }
    i += n + 1;
    if (cp > 0xffff) {
      cp -= 0x10000;
      out.push_back(static_cast<std::uint16_t>(0xd800 + (cp >> 10)));
      out.push_back(static_cast<std::uint16_t>(0xdc00 + (cp & 0x3ff)));
    } else {
      out.push_back(static_cast<std::uint16_t>(cp));
    }
  }
  return out;
}

}  // namespace

std::optional<std::string> path_error(std::string_view path_in, bool sequential) {
  const std::string path = sequential ? std::string(path_in) + "1" : std::string(path_in);
  if (path.empty()) return "Path length must be > 0";
  if (path[0] != '/') return "Path must start with / character";
  if (path.size() == 1) return std::nullopt;
  if (path.back() == '/') return "Path must not end with / character";
  const std::vector<std::uint16_t> c = utf16_units(path);
  const std::size_t n = c.size();
  std::string reason;
  std::uint16_t last = '/';
  for (std::size_t i = 1; i < n; last = c[i], ++i) {
    const std::uint16_t ch = c[i];
    const bool segment_ends = i + 1 == n || c[i + 1] == '/';
    if (ch == 0) {
      reason = fmt::format("null character not allowed @{}", i);
    } else if (ch == '/' && last == '/') {
      reason = fmt::format("empty node name specified @{}", i);
    } else if (ch == '.' && last == '.') {
      if (c[i - 2] == '/' && segment_ends) reason = fmt::format("relative paths not allowed @{}", i);
    } else if (ch == '.') {
      if (c[i - 1] == '/' && segment_ends) reason = fmt::format("relative paths not allowed @{}", i);
    } else if ((ch > 0 && ch <= 0x1f) || (ch >= 0x7f && ch <= 0x9f) ||
               (ch >= 0xd800 && ch <= 0xf8ff) || ch >= 0xfff0) {
      reason = fmt::format("invalid character @{}", i);
    }
    if (!reason.empty()) break;
  }
  if (reason.empty()) return std::nullopt;
  return "Invalid path string \"" + path + "\" caused by " + reason;
}

const std::vector<CommandUsage>& commands() {
  static const std::vector<CommandUsage> kCommands = {
      {"addWatch",
       "[-m mode] path # optional mode is one of [PERSISTENT, PERSISTENT_RECURSIVE] - default is "
       "PERSISTENT_RECURSIVE"},
      {"addauth", "scheme auth"},
      {"close", ""},
      {"config", "[-c] [-w] [-s]"},
      {"connect", "host:port"},
      {"create", "[-s] [-e] [-c] [-t ttl] path [data] [acl]"},
      {"delete", "[-v version] path"},
      {"deleteall", "path [-b batch size]"},
      {"delquota", "[-n|-b|-N|-B] path"},
      {"get", "[-s] [-w] path"},
      {"getAcl", "[-s] path"},
      {"getAllChildrenNumber", "path"},
      {"getEphemerals", "path"},
      {"history", ""},
      {"listquota", "path"},
      {"ls", "[-s] [-w] [-R] path"},
      {"printwatches", "on|off"},
      {"quit", ""},
      {"reconfig",
       "[-s] [-v version] [[-file path] | [-members serverID=host:port1:port2;port3[,...]*]] | "
       "[-add serverId=host:port1:port2;port3[,...]]* [-remove serverId[,...]*]"},
      {"redo", "cmdno"},
      {"removewatches", "path [-c|-d|-a] [-l]"},
      {"set", "[-s] [-v version] path data"},
      {"setAcl", "[-s] [-v version] [-R] path acl"},
      {"setquota", "-n|-b|-N|-B val path"},
      {"stat", "[-w] path"},
      {"sync", "path"},
      {"version", ""},
      {"whoami", ""},
  };
  return kCommands;
}

std::optional<std::string> usage_of(std::string_view command) {
  for (const CommandUsage& c : commands()) {
    if (c.name == command) return std::string(c.name) + " " + std::string(c.options);
  }
  return std::nullopt;
}

Printed print_created(std::string_view created_path) {
  Printed p;
  p.err("Created " + std::string(created_path) + "\n");
  return p;
}

Printed print_error(Code code, std::optional<std::string_view> path) {
  Printed p;
  p.err(cli_error_message(code, path) + "\n");
  return p;
}

Printed print_create_error(Code code, std::optional<std::string_view> path) {
  Printed p;
  if (code == Code::EphemeralOnLocalSession) {
    p.err("Unable to create ephemeral node on a local session\n");
  } else if (code == Code::InvalidAcl) {
    p.err(keeper_error_message(code, path) + "\n");
  }
  p.append(print_error(code, path));
  return p;
}

Printed print_get(std::optional<std::string_view> data, const std::optional<Stat>& stat) {
  Printed p;
  p.out(data ? std::string(*data) + "\n" : std::string("null\n"));
  if (stat) p.out(stat_block(*stat));
  return p;
}

Printed print_children(std::vector<std::string> children, const std::optional<Stat>& stat) {
  std::sort(children.begin(), children.end());
  std::string line = "[";
  for (std::size_t i = 0; i < children.size(); ++i) {
    if (i > 0) line += ", ";
    line += children[i];
  }
  line += "]\n";
  Printed p;
  p.out(line);
  if (stat) p.out(stat_block(*stat));
  return p;
}

Printed print_paths(const std::vector<std::string>& paths) {
  Printed p;
  for (const std::string& path : paths) p.out(path + "\n");
  return p;
}

Printed print_stat(const Stat& stat) {
  Printed p;
  p.out(stat_block(stat));
  return p;
}

Printed print_acl(const AclList& acl, const std::optional<Stat>& stat) {
  Printed p;
  p.out(to_cli(acl));
  if (stat) p.out(stat_block(*stat));
  return p;
}

Printed print_recursive_set_acl_error(Code code, std::optional<std::string_view> path) {
  Printed p;
  p.out(keeper_error_message(code, path));
  return p;
}

Printed print_all_children_number(std::int32_t total) {
  Printed p;
  p.out(fmt::format("{}\n", total));
  return p;
}

Printed print_whoami(const std::vector<ClientInfo>& identities) {
  Printed p;
  p.out("Auth scheme: User\n");
  for (const ClientInfo& c : identities) p.out(c.auth_scheme + ": " + c.user + "\n");
  return p;
}

Printed print_ephemerals(const std::vector<std::string>& paths) {
  Printed p;
  std::string text = "[";
  for (std::size_t i = 0; i < paths.size(); ++i) text += (i == 0 ? "" : ", ") + paths[i];
  p.out(text + "]\n");
  return p;
}

Printed print_version() {
  Printed p;
  // Debian's build of 3.8.0 leaves the git id unfilled (real zkCli on Debian 12 prints this).
  p.out("ZooKeeper CLI version: 3.8.0-${mvngit.commit.id}, built on 2024-12-29 17:54 UTC\n");
  return p;
}

namespace {

std::uint32_t java_hash(std::string_view s) {
  // String.hashCode; the keys here are ASCII ("server.N", "version").
  std::uint32_t h = 0;
  for (const char c : s) h = 31 * h + static_cast<unsigned char>(c);
  return h;
}

std::string_view trim(std::string_view v) {
  while (!v.empty() && (v.front() == ' ' || v.front() == '\t')) v.remove_prefix(1);
  while (!v.empty() && (v.back() == ' ' || v.back() == '\t' || v.back() == '\r')) v.remove_suffix(1);
  return v;
}

}  // namespace

std::string client_config_string(std::string_view config) {
  struct Entry {
    std::string key;
    std::string value;
  };
  std::vector<Entry> entries;
  while (!config.empty()) {
    const std::size_t nl = config.find('\n');
    std::string_view line = config.substr(0, nl);
    config = nl == std::string_view::npos ? std::string_view{} : config.substr(nl + 1);
    line = trim(line);
    if (line.empty() || line.front() == '#' || line.front() == '!') continue;
    const std::size_t eq = line.find_first_of("=:");
    const std::string key(trim(line.substr(0, eq)));
    const std::string value(eq == std::string_view::npos ? "" : trim(line.substr(eq + 1)));
    auto same = std::find_if(entries.begin(), entries.end(), [&](const Entry& e) { return e.key == key; });
    if (same != entries.end()) same->value = value;  // a later line replaces the value in place
    else entries.push_back({key, value});
  }
  auto bucket = [](const std::string& key) {
    const std::uint32_t h = java_hash(key);
    return (h ^ (h >> 16)) & 0x7fffffffU & 15U;
  };
  std::stable_sort(entries.begin(), entries.end(),
                   [&](const Entry& a, const Entry& b) { return bucket(a.key) < bucket(b.key); });
  std::string version;
  std::string list;
  bool first = true;
  for (const Entry& e : entries) {
    if (e.key == "version") version = e.value;
    if (!e.key.starts_with("server.")) continue;
    if (!first) list += ",";
    first = false;
    const std::size_t semi = e.value.find(';');
    if (semi == std::string::npos) continue;
    const std::string client(trim(std::string_view(e.value).substr(semi + 1)));
    const std::size_t colon = client.rfind(':');
    list += colon == std::string::npos ? "0.0.0.0:" + client : client;
  }
  return version + " " + list;
}

Printed print_config(std::optional<std::string_view> data, bool client, const std::optional<Stat>& stat) {
  Printed p;
  const std::string text(data.value_or("null"));
  p.out((client ? client_config_string(text) : text) + "\n");
  if (stat) p.out(stat_block(*stat));
  return p;
}

Printed print_sync(Code rc) {
  Printed p;
  if (rc == Code::Ok) {
    p.out("Sync is OK\n");
  } else {
    p.out(fmt::format("Sync has failed. rc={}\n", static_cast<std::int32_t>(rc)));
  }
  return p;
}

Printed print_deleteall_failed() {
  Printed p;
  p.err("Failed to delete some node(s) in the subtree!\n");
  return p;
}

Printed print_history(const std::map<int, std::string>& history, int command_count) {
  Printed p;
  for (int i = command_count - 10; i <= command_count; ++i) {
    if (i < 0) continue;
    auto it = history.find(i);
    // HashMap.get of a missing key is null, which Java prints as "null".
    p.out(fmt::format("{} - {}\n", i, it == history.end() ? std::string("null") : it->second));
  }
  return p;
}

Printed print_printwatches(bool on) {
  Printed p;
  p.out(on ? "printwatches is on\n" : "printwatches is off\n");
  return p;
}

Printed print_watch_event(KeeperState state, EventType type, std::optional<std::string_view> path) {
  Printed p;
  p.out(fmt::format("\nWATCHER::\n\nWatchedEvent state:{} type:{} path:{}\n", to_string(state),
                    to_string(type), path_or_null(path)));
  return p;
}

Printed print_connecting(std::string_view host) {
  Printed p;
  p.out("Connecting to " + std::string(host) + "\n");
  return p;
}

Printed print_welcome(bool jline) {
  Printed p;
  p.out(jline ? "Welcome to ZooKeeper!\nJLine support is enabled\n"
              : "Welcome to ZooKeeper!\nJLine support is disabled\n");
  return p;
}

Printed print_not_connected() {
  Printed p;
  p.out("Not connected\n");
  return p;
}

Printed print_usage() {
  Printed p;
  std::string s = "ZooKeeper -server host:port -client-configuration properties-file cmd args\n";
  for (const CommandUsage& c : commands()) {
    s += fmt::format("\t{} {}\n", c.name, c.options);
  }
  p.err(s);
  return p;
}

namespace {

void visit_children(const std::string& path, const ChildrenOf& children_of,
                    std::vector<std::string>& out) {
  std::optional<std::vector<std::string>> children = children_of(path);
  if (!children) return;  // deleted between listing and visiting: skipped, as ZKUtil does
  std::sort(children->begin(), children->end());
  const std::string prefix = path == "/" ? path : path + "/";
  for (const std::string& child : *children) out.push_back(prefix + child);
  for (const std::string& child : *children) visit_children(prefix + child, children_of, out);
}

}  // namespace

std::vector<std::string> visit_subtree(const std::string& root, const ChildrenOf& children_of) {
  std::vector<std::string> out{root};
  visit_children(root, children_of, out);
  return out;
}

std::optional<std::vector<std::string>> list_subtree_bfs(const std::string& root,
                                                         const ChildrenOf& children_of,
                                                         std::string* failed_path) {
  std::vector<std::string> tree{root};
  for (std::size_t next = 0; next < tree.size(); ++next) {
    const std::string node = tree[next];
    std::optional<std::vector<std::string>> children = children_of(node);
    if (!children) {
      if (failed_path) *failed_path = node;
      return std::nullopt;
    }
    for (const std::string& child : *children) {
      tree.push_back((node == "/" ? std::string() : node) + "/" + child);
    }
  }
  return tree;
}

std::vector<std::vector<std::string>> delete_batches(const std::vector<std::string>& tree,
                                                     std::int32_t batch_size) {
  std::vector<std::vector<std::string>> batches;
  std::vector<std::string> ops;
  for (std::size_t k = tree.size(); k-- > 0;) {
    ops.push_back(tree[k]);
    // A batch size below 1 never matches, so everything goes in one multi, as in zkCli.
    if (static_cast<std::int64_t>(ops.size()) == batch_size || k == 0) {
      batches.push_back(std::move(ops));
      ops.clear();
    }
  }
  return batches;
}

}  // namespace zs::client

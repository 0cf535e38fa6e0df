#include "attach_command.hpp"

#include <csignal>
#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include <atomic>
#include <chrono>
#include <ctime>

#include "attach/monitor.hpp"
#include "parse_args.hpp"
#include "wire/connect_string.hpp"
#include "wire/four_letter.hpp"

namespace zs::cli {
namespace {

std::atomic<bool> g_interrupted{false};
extern "C" void on_interrupt(int) { g_interrupted = true; }

// mode=<leader|follower|observer|standalone|read-only|unreachable|not-zookeeper|not-serving|...>
std::string mode_word(const attach::ServerRow& r) {
  if (r.status == attach::ServerStatus::Serving && r.mode) return std::string(wire::to_string(*r.mode));
  return std::string(attach::to_string(r.status));
}

std::string server_line(const attach::ServerRow& r) {
  const bool zk = r.status == attach::ServerStatus::Serving;
  std::string line = fmt::format("{} mode={} zxid={} epoch={} znodes={}", r.address.text(), mode_word(r),
                                 zk ? "0x" + hex(r.zxid) : "-", zk ? std::to_string(r.epoch()) : "-",
                                 zk && r.znodes >= 0 ? std::to_string(r.znodes) : "-");
  if (!zk && !r.detail.empty()) line += fmt::format(" reason=\"{}\"", r.detail);
  return line;
}

std::string tree_line(const attach::Observation& o, bool load_tree) {
  if (!load_tree) return "tree=- znodes (not read: --no-tree)";
  if (o.tree && o.tree_loaded) return fmt::format("tree={} znodes", o.tree->node_count());
  if (!o.session_error.empty()) return fmt::format("tree=- znodes (no session: {})", o.session_error);
  return "tree=- znodes (no session: no server serves)";
}

// The words refused anywhere, and the zoo.cfg line that would allow them.
std::string hint_line(const attach::Observation& o) {
  std::vector<std::string> refused;
  for (const attach::ServerRow& r : o.rows)
    for (const std::string& w : r.refused)
      if (std::find(refused.begin(), refused.end(), w) == refused.end()) refused.push_back(w);
  if (refused.empty()) return "";
  return fmt::format(
      "note: the servers' whitelist refuses {}: modes and zxids come from srvr alone. To see sessions, watches and "
      "the configuration, add this line to each server's zoo.cfg and restart it:\n  {}\n",
      fmt::join(refused, ", "), wire::whitelist_hint(refused));
}

nlohmann::json to_json(const attach::Observation& o, bool load_tree) {
  nlohmann::json servers = nlohmann::json::array();
  for (const attach::ServerRow& r : o.rows) {
    const bool zk = r.status == attach::ServerStatus::Serving;
    nlohmann::json s{{"address", r.address.text()}, {"mode", mode_word(r)}, {"status", attach::to_string(r.status)}};
    s["sid"] = r.sid == 0 ? nlohmann::json(nullptr) : nlohmann::json(r.sid);
    s["zxid"] = zk ? nlohmann::json("0x" + hex(r.zxid)) : nlohmann::json(nullptr);
    s["epoch"] = zk ? nlohmann::json(r.epoch()) : nlohmann::json(nullptr);
    s["znodes"] = zk && r.znodes >= 0 ? nlohmann::json(r.znodes) : nlohmann::json(nullptr);
    s["detail"] = r.detail;
    s["rtt_ms"] = r.rtt_ms;
    s["refused"] = r.refused;
    if (r.srvr) {
      s["connections"] = r.srvr->connections;
      s["outstanding"] = r.srvr->outstanding;
      s["latency_ms"] = {{"min", r.srvr->latency_min_ms}, {"avg", r.srvr->latency_avg_ms}, {"max", r.srvr->latency_max_ms}};
    }
    if (r.mntr) {
      if (auto w = r.mntr->watch_count()) s["watches"] = *w;
      if (auto e = r.mntr->ephemerals_count()) s["ephemerals"] = *e;
    }
    servers.push_back(std::move(s));
  }
  nlohmann::json j{{"servers", servers}};
  j["leader"] = o.leader < 0 ? nlohmann::json(nullptr) : nlohmann::json(o.rows[static_cast<std::size_t>(o.leader)].address.text());
  j["tree"] = load_tree && o.tree && o.tree_loaded ? nlohmann::json(o.tree->node_count()) : nlohmann::json(nullptr);
  j["tree_load_ms"] = o.tree_load_ms;
  j["session"] = {{"host", o.session_host}, {"id", fmt::format("0x{:x}", o.session_id)}, {"error", o.session_error}};
  std::vector<std::string> refused;
  for (const attach::ServerRow& r : o.rows)
    for (const std::string& w : r.refused)
      if (std::find(refused.begin(), refused.end(), w) == refused.end()) refused.push_back(w);
  j["whitelist_hint"] = refused.empty() ? nlohmann::json(nullptr) : nlohmann::json(wire::whitelist_hint(refused));
  return j;
}

std::string clock_text(std::int64_t ms) {
  const std::time_t secs = static_cast<std::time_t>(ms / 1000);
  std::tm tm{};
  localtime_r(&secs, &tm);
  return fmt::format("{:02}:{:02}:{:02}.{:03}", tm.tm_hour, tm.tm_min, tm.tm_sec, ms % 1000);
}

}  // namespace

int run_attach(int argc, char** argv, std::ostream& out, std::ostream& err) {
  CLI::App app{"Watch a running ZooKeeper ensemble from outside: each server's mode, zxid and epoch (four-letter "
               "words), the znode tree (one client session with watches). Examples:\n"
               "  zooscope attach 127.0.0.1:2181,127.0.0.1:2182,127.0.0.1:2183 --once\n"
               "  zooscope attach zk1:2181,zk2:2181,zk3:2181/app --auth digest:admin:secret",
               "zooscope attach"};
  app.set_help_flag("-h,--help", "Print this help and exit");
  std::string hosts_text;
  app.add_option("hosts", hosts_text, "Connect string: host:port[,host:port...][/chroot] (port 2181 when left out)")
      ->required();
  bool once = false;
  bool json = false;
  bool no_tree = false;
  std::string auth_text;
  std::int32_t refresh_ms = 1000;
  std::int32_t timeout_ms = 3000;
  std::int32_t wait_ms = 30000;
  app.add_flag("--once", once, "Print one look at every server and the tree, then exit");
  app.add_flag("--json", json, "Print JSON (with --once: one object; else one object per change)");
  app.add_flag("--no-tree", no_tree, "Only the four-letter words: no client session, no tree");
  app.add_option("--auth", auth_text, "Authenticate the session: scheme:auth, e.g. digest:user:password");
  app.add_option("--refresh", refresh_ms, "Milliseconds between two polls of each server")->check(CLI::Range(100, 600000));
  app.add_option("--timeout", timeout_ms, "Milliseconds before a silent server counts as timed out")
      ->check(CLI::Range(100, 60000));
  std::vector<std::uint16_t> admin_ports{8080};
  bool no_admin = false;
  app.add_option("--admin-port", admin_ports,
                 "Ports where the servers' AdminServers may listen, e.g. 8080,8081,8082 (default 8080)")
      ->delimiter(',');
  app.add_flag("--no-admin", no_admin, "Do not ask any AdminServer");
  std::size_t history_mib = 512;
  app.add_option("--history-mib", history_mib,
                 "Memory for the record of changes of a long attach; older changes are dropped first (default 512)")
      ->check(CLI::Range(1, 1 << 20));
  app.add_option("--wait", wait_ms, "With --once: milliseconds to wait for the tree at most")->check(CLI::Range(100, 3600000));
  if (auto rc = parse_or_exit(app, argc, argv, "attach", out, err)) return *rc;

  auto hosts = wire::parse_connect_string(hosts_text);
  if (!hosts) {
    err << "zooscope attach: " << hosts.error().to_string() << "\n";
    return 2;
  }
  attach::MonitorOptions options;
  options.hosts = hosts.value();
  options.refresh_ms = refresh_ms;
  options.timeout_ms = timeout_ms;
  options.load_tree = !no_tree;
  options.history_budget_bytes = history_mib << 20;
  options.admin_ports = no_admin ? std::vector<std::uint16_t>{} : admin_ports;
  if (!auth_text.empty()) {
    auto auth = wire::parse_auth_spec(auth_text);
    if (!auth) {
      err << "zooscope attach: --auth: " << auth.error().to_string() << "\n";
      return 2;
    }
    options.auth = auth.value();
  }

  attach::Monitor monitor(options);
  monitor.wait_settled(std::chrono::milliseconds(once ? wait_ms : timeout_ms * 2 + 1000));
  auto o = monitor.observation();
  if (json && once) {
    out << to_json(*o, !no_tree).dump(2) << "\n";
  } else {
    for (const attach::ServerRow& r : o->rows) out << server_line(r) << "\n";
    out << "leader=" << (o->leader < 0 ? "-" : o->rows[static_cast<std::size_t>(o->leader)].address.text()) << "\n";
    out << tree_line(*o, !no_tree) << "\n";
    out << hint_line(*o);
  }
  out.flush();
  bool any_zk = false;
  for (const attach::ServerRow& r : o->rows)
    any_zk = any_zk || r.status == attach::ServerStatus::Serving || r.status == attach::ServerStatus::NotServing;
  if (once) return any_zk ? 0 : 1;

  // One line per change until interrupted (Ctrl-C).
  g_interrupted = false;
  std::signal(SIGINT, on_interrupt);
  std::signal(SIGTERM, on_interrupt);
  std::uint64_t cursor = o->events;
  std::uint64_t serial = o->serial;
  while (!g_interrupted) {
    monitor.wait_change(serial, std::chrono::milliseconds(200));
    auto now = monitor.observation();
    serial = now->serial;
    for (const attach::ObservedEvent& e : monitor.events_since(cursor)) {
      if (json) {
        out << nlohmann::json{{"at_ms", e.at_ms}, {"change", e.text(now->rows)}}.dump() << "\n";
      } else {
        out << clock_text(e.at_ms) << " " << e.text(now->rows) << "\n";
      }
    }
    out.flush();
  }
  std::signal(SIGINT, SIG_DFL);
  std::signal(SIGTERM, SIG_DFL);
  return 0;
}

}  // namespace zs::cli

#include "attach_command.hpp"

#include <csignal>
#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include <atomic>
#include <chrono>
#include <ctime>

#include "attach/monitor.hpp"
#include "attach/recording.hpp"
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
  nlohmann::json j{{"servers", servers}, {"at_ms", o.taken_ms}};
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

std::string date_text(std::int64_t ms) {
  const std::time_t secs = static_cast<std::time_t>(ms / 1000);
  std::tm tm{};
  localtime_r(&secs, &tm);
  return fmt::format("{:04}-{:02}-{:02} {:02}:{:02}:{:02}", tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday, tm.tm_hour,
                     tm.tm_min, tm.tm_sec);
}

// --at: a time after the recording's start ("90s", "1500ms", "2.5m", "1h"; a bare number is
// seconds) or "end". The moment in wall-clock ms, or an error for people.
std::optional<std::int64_t> parse_at(const std::string& text, const attach::Recording& r, std::string& why) {
  if (text.empty() || text == "end") return r.end_ms();
  std::size_t used = 0;
  double value = 0;
  try {
    value = std::stod(text, &used);
  } catch (const std::exception&) {
    used = 0;
  }
  const std::string unit = text.substr(used);
  double scale = 0;
  if (unit.empty() || unit == "s") scale = 1000;
  else if (unit == "ms") scale = 1;
  else if (unit == "m") scale = 60000;
  else if (unit == "h") scale = 3600000;
  if (used == 0 || scale == 0 || value < 0) {
    why = fmt::format("--at {}: not a time after the recording's start (write e.g. --at 90s, --at 1500ms, --at 2m or --at end)",
                      text);
    return std::nullopt;
  }
  return r.begin_ms() + static_cast<std::int64_t>(value * scale);
}

void print_state(std::ostream& out, const attach::Observation& o, bool json, bool load_tree) {
  if (json) {
    out << to_json(o, load_tree).dump(2) << "\n";
    return;
  }
  for (const attach::ServerRow& r : o.rows) out << server_line(r) << "\n";
  out << "leader=" << (o.leader < 0 ? "-" : o.rows[static_cast<std::size_t>(o.leader)].address.text()) << "\n";
  out << tree_line(o, load_tree) << "\n";
  out << hint_line(o);
}

void print_change(std::ostream& out, const attach::ObservedEvent& e, const std::vector<attach::ServerRow>& rows,
                  bool json) {
  if (json) {
    out << nlohmann::json{{"at_ms", e.at_ms}, {"change", e.text(rows)}}.dump() << "\n";
  } else {
    out << clock_text(e.at_ms) << " " << e.text(rows) << "\n";
  }
}

// `zooscope attach --replay FILE`: what the attach printed, from its recording.
int replay(const std::string& path, bool once, bool json, const std::string& at_text, std::ostream& out,
           std::ostream& err) {
  auto opened = attach::Recording::open(path);
  if (!opened) {
    err << "zooscope attach: --replay: " << opened.error().to_string() << "\n";
    return 2;
  }
  attach::Recording& r = opened.value();
  for (const std::string& w : r.warnings()) err << "zooscope attach: warning: " << path << ": " << w << "\n";
  const bool tree = r.header().tree;
  if (once) {
    std::string why;
    auto at = parse_at(at_text, r, why);
    if (!at) {
      err << "zooscope attach: " << why << "\n";
      return 2;
    }
    print_state(out, *r.at(*at), json, tree);
    return 0;
  }
  if (!json)
    out << fmt::format("recording of {} from {} to {} ({} changes{})\n", r.header().hosts, date_text(r.begin_ms()),
                       clock_text(r.end_ms()), r.events().size(), r.closed() ? "" : ", not closed");
  // As the live attach printed it: the first look at every server, then each change after.
  const std::int64_t first = r.first_poll_ms();
  print_state(out, *r.at(first), json, tree);
  const auto rows = r.at(r.end_ms())->rows;
  for (const attach::ObservedEvent& e : r.events())
    if (e.at_ms > first) print_change(out, e, rows, json);
  return 0;
}

}  // namespace

int run_attach(int argc, char** argv, std::ostream& out, std::ostream& err) {
  CLI::App app{"Watch a running ZooKeeper ensemble from outside: each server's mode, zxid and epoch (four-letter "
               "words), the znode tree (one client session with watches). Examples:\n"
               "  zooscope attach 127.0.0.1:2181,127.0.0.1:2182,127.0.0.1:2183 --once\n"
               "  zooscope attach zk1:2181,zk2:2181,zk3:2181/app --auth digest:admin:secret\n"
               "  zooscope attach 127.0.0.1:2181,127.0.0.1:2182 --record lesson.jsonl.gz   (Ctrl-C ends it)\n"
               "  zooscope attach --replay lesson.jsonl.gz --once --at 90s",
               "zooscope attach"};
  app.set_help_flag("-h,--help", "Print this help and exit");
  std::string hosts_text;
  auto* hosts_opt =
      app.add_option("hosts", hosts_text, "Connect string: host:port[,host:port...][/chroot] (port 2181 when left out)");
  std::string record_path;
  std::string replay_path;
  std::string at_text;
  app.add_option("--record", record_path,
                 "Write everything observed to FILE (gzip'd JSON Lines) to reopen later with --replay or in the window");
  auto* replay_opt = app.add_option("--replay", replay_path,
                                    "Print what a recording shows instead of attaching (with --once: one moment)");
  app.add_option("--at", at_text, "With --replay --once: the moment, after the recording's start (90s, 1500ms, 2m; "
                                  "default: its end)");
  hosts_opt->excludes(replay_opt);
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
  if (!replay_path.empty()) return replay(replay_path, once, json, at_text, out, err);
  if (hosts_text.empty()) {
    err << "zooscope attach: give the servers' connect string, e.g. zooscope attach 127.0.0.1:2181,127.0.0.1:2182 "
           "(or --replay FILE to read a recording)\n";
    return 2;
  }

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
  if (!record_path.empty()) {
    if (auto e = monitor.record(record_path)) {
      err << "zooscope attach: --record: " << e->to_string() << "\n";
      return 2;
    }
  }
  monitor.wait_settled(std::chrono::milliseconds(once ? wait_ms : timeout_ms * 2 + 1000));
  auto o = monitor.observation();
  print_state(out, *o, json && once, !no_tree);
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
    for (const attach::ObservedEvent& e : monitor.events_since(cursor)) print_change(out, e, now->rows, json);
    out.flush();
  }
  std::signal(SIGINT, SIG_DFL);
  std::signal(SIGTERM, SIG_DFL);
  return 0;
}

}  // namespace zs::cli

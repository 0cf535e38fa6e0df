#include "console_command.hpp"
#include "parse_args.hpp"

#include <CLI/CLI.hpp>
#include <chrono>
#include <charconv>
#include <istream>
#include <memory>
#include <ostream>
#include <string>
#include <vector>

#include "attach/wire_client_handle.hpp"
#include "config/config.hpp"
#include "console/console.hpp"
#include "run/sim_client_handle.hpp"
#include "sim/simulator.hpp"
#include "sim_command.hpp"

namespace zs::cli {

namespace {

constexpr Ms kSettleLimitMs = 60000;   // for the first leader
constexpr Ms kCommandLimitMs = 60000;  // for one line to finish

constexpr const char* kBangHelp =
    "zooscope's own commands (everything else is zkCli's):\n"
    "  !status              each server's state, leader, epoch and last zxid\n"
    "  !crash SID           the server process dies\n"
    "  !restart SID         a crashed server starts again\n"
    "  !partition 1,2|3     cut the network between the groups\n"
    "  !heal                heal every cut link\n"
    "  !wait MS             let MS milliseconds of virtual time pass (elections, expiry)\n"
    "  !help                this list\n"
    "Virtual time only moves while a command runs or during !wait.\n";

void write(const client::Printed& p, std::ostream& out, std::ostream& err) {
  for (const client::Chunk& c : p.chunks()) {
    (c.stream == client::Stream::Out ? out : err) << c.text;
    (c.stream == client::Stream::Out ? out : err).flush();
  }
}

// A quorum follows one leader that serves, and every running voter is synced with it.
bool ensemble_ready(const Simulator& sim) {
  const auto leader = sim.stable_leader();
  if (!leader || !sim.peer(*leader).serving) return false;
  for (const auto& p : sim.snapshot()) {
    if (!p.up || p.type != LearnerType::Participant || p.sid == *leader) continue;
    if (p.status != PeerStatus::Following || p.leader != *leader || !p.serving) return false;
  }
  return true;
}

bool parse_sid(const std::string& text, const Simulator& sim, Sid& sid) {
  const char* b = text.data();
  const char* e = b + text.size();
  auto [p, ec] = std::from_chars(b, e, sid);
  return ec == std::errc{} && p == e && sim.config().find(sid) != nullptr;
}

// One `!` line. Returns false when it is not a known command.
bool run_bang(const std::string& line, Simulator& sim, console::Console& console, std::ostream& out,
              std::ostream& err) {
  std::vector<std::string> words;
  {
    std::string w;
    for (char ch : line.substr(1)) {
      if (ch == ' ' || ch == '\t') {
        if (!w.empty()) words.push_back(std::move(w));
        w.clear();
      } else {
        w += ch;
      }
    }
    if (!w.empty()) words.push_back(std::move(w));
  }
  const std::vector<console::Console*> consoles{&console};
  auto apply = [&](ScheduledAction a) {
    a.at = sim.now();
    sim.schedule(a);
    run::run_consoles_until(sim, consoles, sim.now());
    write(console.take_output(), out, err);
  };
  const std::string cmd = words.empty() ? std::string() : words[0];
  if (cmd == "help" && words.size() == 1) {
    out << kBangHelp;
    return true;
  }
  if (cmd == "status" && words.size() == 1) {
    for (const auto& p : sim.snapshot()) out << summary_line(p) << "\n";
    out << "time=" << sim.now() << " ms\n";
    return true;
  }
  if ((cmd == "crash" || cmd == "restart") && words.size() == 2) {
    Sid sid = 0;
    if (!parse_sid(words[1], sim, sid)) {
      err << "zooscope: there is no server " << words[1] << " in this ensemble\n";
      return true;
    }
    ScheduledAction a;
    a.kind = cmd == "crash" ? ScheduledAction::Kind::Crash : ScheduledAction::Kind::Restart;
    a.sid = sid;
    apply(a);
    return true;
  }
  if (cmd == "partition" && words.size() == 2) {
    auto a = parse_partition(words[1] + "@" + std::to_string(sim.now()));
    if (!a) {
      std::string message = a.error().message;  // "--partition: ..."
      if (message.starts_with("--")) message.replace(0, 2, "!");
      err << "zooscope: " << message << " (e.g. !partition 1,2|3)\n";
      return true;
    }
    for (const auto& g : a.value().groups)
      for (Sid sid : g)
        if (sim.config().find(sid) == nullptr) {
          err << "zooscope: there is no server " << sid << " in this ensemble\n";
          return true;
        }
    apply(a.value());
    return true;
  }
  if (cmd == "heal" && words.size() == 1) {
    ScheduledAction a;
    a.kind = ScheduledAction::Kind::HealAll;
    apply(a);
    return true;
  }
  if (cmd == "wait" && words.size() == 2) {
    Ms ms = 0;
    auto [p, ec] = std::from_chars(words[1].data(), words[1].data() + words[1].size(), ms);
    if (ec != std::errc{} || p != words[1].data() + words[1].size() || ms < 0) {
      err << "zooscope: !wait takes a number of milliseconds, e.g. !wait 5000\n";
      return true;
    }
    run::run_consoles_until(sim, consoles, sim.now() + ms);
    write(console.take_output(), out, err);
    return true;
  }
  return false;
}

// Shows the console's prompt and reads the next line into `line` (a CRLF's '\r' dropped),
// echoing it when the input is not a terminal's. False at the end of the input, after ending
// the prompt's line.
bool read_line(const console::Console& console, std::istream& in, std::ostream& out, bool echo,
               std::string& line) {
  out << console.prompt_text();
  out.flush();
  if (!std::getline(in, line)) {
    out << "\n";
    return false;
  }
  if (!line.empty() && line.back() == '\r') line.pop_back();
  if (echo) out << line << "\n";
  return true;
}

constexpr auto kFirstConnectLimit = std::chrono::seconds(15);
constexpr auto kWireCommandLimit = std::chrono::seconds(60);

constexpr const char* kWireBangHelp =
    "zooscope's own ! commands drive the simulated ensemble; on real servers (--connect)\n"
    "there is only this !help. Everything else is zkCli's.\n";

// Pumps `console` until it is idle (and past its first connection) or `limit` passed.
bool pump_until_idle(console::Console& console, attach::WireClientHandle& handle,
                     std::chrono::steady_clock::duration limit) {
  const auto end = std::chrono::steady_clock::now() + limit;
  while (true) {
    console.pump();
    if (console.idle() && !console.awaiting_first_connection()) return true;
    if (std::chrono::steady_clock::now() >= end) return false;
    handle.wait_for_event(std::chrono::milliseconds(20));
  }
}

// After quit (or the end of input): let closeSession be answered before the process ends,
// so the session and its ephemerals go at once, as zkCli's zk.close() does.
void wait_closed(console::Console& console, attach::WireClientHandle& handle) {
  const auto end = std::chrono::steady_clock::now() + std::chrono::seconds(3);
  while (handle.state() != console::HandleState::Closed &&
         handle.state() != console::HandleState::AuthFailed &&
         std::chrono::steady_clock::now() < end) {
    console.pump();
    handle.wait_for_event(std::chrono::milliseconds(20));
  }
}

// `zooscope console --connect HOSTS`: the same shell on real servers over the wire.
int run_wire_console(const std::string& connect, std::int32_t timeout_ms, bool read_only,
                     std::istream& in, std::ostream& out, std::ostream& err, bool echo) {
  auto parsed = wire::parse_connect_string(connect);
  if (!parsed.ok()) {
    err << "zooscope console: --connect: " << parsed.error().to_string() << "\n";
    return 2;
  }
  auto owned = std::make_unique<attach::WireClientHandle>();
  attach::WireClientHandle& handle = *owned;
  console::ConsoleOptions options;
  options.session_timeout_ms = timeout_ms;
  options.read_only = read_only;
  console::Console console(std::move(owned), connect, options);
  if (!pump_until_idle(console, handle, kFirstConnectLimit)) {
    write(console.take_output(), out, err);
    err << "zooscope console: no connection to " << connect << " within "
        << std::chrono::duration_cast<std::chrono::seconds>(kFirstConnectLimit).count()
        << " s: " << handle.last_error() << "\n";
    return 1;
  }
  write(console.take_output(), out, err);
  if (!handle.reachable()) {
    // As zkCli: the prompt says CONNECTING and requests lose their connection, while the
    // session keeps trying every host.
    err << "zooscope console: cannot reach " << connect << " (" << handle.last_error()
        << "); still trying\n";
  }
  std::string line;
  while (!console.exited()) {
    // Watch events that came while the last line was typed.
    console.pump();
    write(console.take_output(), out, err);
    if (!read_line(console, in, out, echo, line)) break;
    if (line.starts_with("!")) {
      if (line == "!help") {
        out << kWireBangHelp;
      } else {
        err << "zooscope: " << line << " needs the simulator; with --connect there is only !help\n";
      }
      continue;
    }
    console.enter(line);
    const bool done = pump_until_idle(console, handle, kWireCommandLimit);
    write(console.take_output(), out, err);
    if (!done) {
      err << "zooscope: no answer within "
          << std::chrono::duration_cast<std::chrono::seconds>(kWireCommandLimit).count()
          << " s; the command keeps waiting and the next lines queue behind it ("
          << handle.last_error() << ")\n";
    }
  }
  if (!console.exited()) console.enter("quit");
  console.pump();
  wait_closed(console, handle);
  return console.exit_code();
}

}  // namespace

int run_console(int argc, char** argv, std::istream& in, std::ostream& out, std::ostream& err, bool echo) {
  CLI::App app{"zkCli's console on a simulated ZooKeeper ensemble in this process. Reads are served by\n"
               "the server the console is connected to. With --connect, the same console on real\n"
               "ZooKeeper servers over the network. Examples:\n"
               "  zooscope console --servers 3 --server 1\n"
               "  zooscope console --connect 127.0.0.1:2181,127.0.0.1:2182/app",
               "zooscope console"};
  app.set_help_flag("-h,--help", "Print this help and exit");
  int servers = 3;
  std::string server_text = "1";
  SimOptions options;
  auto* servers_opt =
      app.add_option("--servers", servers, "Voting servers on 127.0.0.1 (1-64), e.g. --servers 5")->check(CLI::Range(1, 64));
  std::vector<std::string> config_files;
  app.add_option("--config", config_files,
                 "zoo.cfg file(s) of the simulated ensemble: one for the whole ensemble, or one per server\n"
                 "(as zooscope sim --config), e.g. --config zoo1.cfg zoo2.cfg zoo3.cfg")
      ->check(CLI::ExistingFile)
      ->excludes(servers_opt);
  app.add_option("--server", server_text,
                 "The simulated server to connect to, by id or as zkCli's -server string (the console\n"
                 "then tries only those servers), e.g. --server 2 or --server 127.0.0.1:2181,127.0.0.1:2182\n"
                 "(default 1)");
  app.add_option("--seed", options.seed, "Seed of the simulation's random numbers, e.g. --seed 42 (default 1)");
  std::string connect;
  std::int32_t timeout_ms = 30000;
  app.add_option("--connect", connect,
                 "Real ZooKeeper servers instead of the simulator, as zkCli's -server takes them:\n"
                 "HOST:PORT[,HOST:PORT...][/chroot], e.g. --connect 127.0.0.1:2181");
  app.add_option("--timeout", timeout_ms, "Session timeout in ms to ask for (zkCli's -timeout; default 30000)")
      ->check(CLI::Range(1, 1 << 30));
  bool read_only = false;
  app.add_flag("-r,--read-only", read_only,
               "zkCli's -r: a read-only server (one cut off from its quorum, started with\n"
               "readonlymode.enabled=true) may take the session; writes then fail with NotReadOnly.\n"
               "With --connect only (the simulated servers have no read-only mode)");
  app.footer(kBangHelp);
  if (const auto code = parse_or_exit(app, argc, argv, "console", out, err)) return *code;
  if (!connect.empty()) return run_wire_console(connect, timeout_ms, read_only, in, out, err, echo);
  if (read_only) {
    err << "zooscope console: -r/--read-only needs --connect: the simulated servers have no "
           "read-only mode\n";
    return 2;
  }
  config::EnsembleConfig ens;
  if (!config_files.empty()) {
    auto loaded = config::load_ensemble(config_files);
    if (!loaded) {
      err << "zooscope console: " << loaded.error().to_string() << "\n";
      return 2;
    }
    ens = std::move(loaded).value();
    for (const auto& w : ens.warnings) err << "zooscope console: warning: " << w.to_string() << "\n";
    servers = static_cast<int>(ens.servers.size());
  } else {
    ens = config::default_ensemble(servers);
  }
  // --server SID is zkCli.sh -server 127.0.0.1:<SID's client port>; a connect string is taken
  // as typed.
  auto connect_string = console_connect_string(ens, "--server", server_text);
  if (!connect_string) {
    err << "zooscope console: " << connect_string.error().to_string() << "\n";
    return 2;
  }

  Simulator sim(ens, options);
  for (const auto& s : ens.servers) {
    ScheduledAction a;
    a.kind = ScheduledAction::Kind::Start;
    a.sid = s.sid;
    sim.schedule(a);
  }
  if (!sim.run_until([](const Simulator& s) { return ensemble_ready(s); }, kSettleLimitMs)) {
    err << "zooscope console: no leader after " << kSettleLimitMs << " ms of virtual time (seed " << options.seed
        << ")\n";
    return 1;
  }
  err << "zooscope: " << servers << " simulated servers, server " << *sim.stable_leader() << " leads; "
      << "virtual time " << sim.now() << " ms. zkCli's commands, or !help for zooscope's own.\n";

  const std::unique_ptr<console::Console> opened = run::open_sim_console(sim, 0, connect_string.value());
  console::Console& console = *opened;
  const std::vector<console::Console*> consoles{&console};
  run::run_until_idle(sim, consoles, sim.now() + kCommandLimitMs);
  write(console.take_output(), out, err);

  std::string line;
  while (!console.exited()) {
    if (!read_line(console, in, out, echo, line)) break;
    if (line.starts_with("!")) {
      if (!run_bang(line, sim, console, out, err)) err << "zooscope: unknown command " << line << " (try !help)\n";
      continue;
    }
    console.enter(line);
    const bool done = run::run_until_idle(sim, consoles, sim.now() + kCommandLimitMs);
    write(console.take_output(), out, err);
    if (!done) {
      err << "zooscope: no answer within " << kCommandLimitMs / 1000
          << " s of virtual time; the command keeps waiting and the next lines queue behind it (try !status)\n";
    }
  }
  return console.exit_code();
}

}  // namespace zs::cli

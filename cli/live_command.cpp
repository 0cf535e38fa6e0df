#include "live_command.hpp"

#include <CLI/CLI.hpp>

#include <algorithm>
#include <chrono>
#include <csignal>
#include <map>
#include <memory>
#include <mutex>
#include <thread>

#include "attach/wire_client_handle.hpp"
#include "console/console.hpp"
#include "live/ensemble.hpp"
#include "live/relay.hpp"
#include "live/tracker.hpp"
#include "live_util.hpp"
#include "sim_command.hpp"
#include "wire/four_letter.hpp"

namespace zs::cli {

namespace {

volatile std::sig_atomic_t g_live_interrupted = 0;
extern "C" void live_on_interrupt(int) { g_live_interrupted = 1; }

struct LiveAction {
  Ms at = 0;
  enum Kind { Start, Crash, Restart, Partition, Heal, Client } kind = Start;
  Sid sid = 0;
  std::vector<std::vector<Sid>> groups;  // Partition
  std::string command;                   // Client: a zkCli line for the console on `sid`
};

// zkCli's console on one real server (`zkCli.sh -server 127.0.0.1:<its client port>`), over
// the attach layer's wire client.
struct LiveConsole {
  attach::WireClientHandle* handle = nullptr;
  std::unique_ptr<console::Console> console;
};

// Pumps until the console is idle and past its first connection, or `limit` passed.
bool pump_console(LiveConsole& c, std::chrono::milliseconds limit) {
  const auto end = std::chrono::steady_clock::now() + limit;
  while (true) {
    c.console->pump();
    if (c.console->idle() && !c.console->awaiting_first_connection()) return true;
    if (std::chrono::steady_clock::now() >= end) return false;
    c.handle->wait_for_event(std::chrono::milliseconds(20));
  }
}

std::string_view expected_mode(ServerState s) {
  switch (s) {
    case ServerState::Leading: return "leader";
    case ServerState::Following: return "follower";
    case ServerState::Observing: return "observer";
    default: return "";
  }
}

}  // namespace

int run_live(int argc, char** argv, std::ostream& out, std::ostream& err) {
  CLI::App app{"Start real ZooKeeper 3.8 servers (Debian's zookeeper package) on 127.0.0.1 with every "
               "connection between them through zooscope's relay, run a schedule (wall-clock ms from the "
               "start) and print each server's final state from the decoded protocol, checked with srvr.",
               "zooscope live"};
  int servers = 3;
  std::vector<std::string> starts, crashes, restarts, partitions, heals, clients;
  std::int32_t tick_ms = 2000;
  Ms until_ms = 10000;
  bool events = false;
  std::string run_dir;
  bool keep = false;
  app.add_option("--servers", servers, "Number of servers (1-9)")->check(CLI::Range(1, live::kMaxLiveServers));
  app.add_option("--start", starts, "Start servers at SID@MS, e.g. --start 1@0,2@3000 (default: all at 0)");
  app.add_option("--crash", crashes, "Kill servers (SIGKILL of zooscope's own child) at SID@MS");
  app.add_option("--restart", restarts, "Start a killed server again on its dataDir at SID@MS");
  app.add_option("--partition", partitions,
                 "Cut the relay between groups at a time, e.g. --partition \"1,2|3\"@5000 (a server in no group "
                 "is alone); the connections stall as TCP does in a partition");
  app.add_option("--client", clients,
                 "A zkCli line on a server's console at a time, e.g. --client \"1: create /app hello\"@8000 "
                 "(zkCli -server 127.0.0.1:<that server's client port>; the schedule waits for its answer)");
  app.add_option("--heal", heals, "Heal every cut at a time, e.g. --heal @9000 (held bytes are delivered)");
  app.add_option("--tick-ms", tick_ms, "tickTime in every zoo.cfg (default 2000, as the tutorials; initLimit=10, syncLimit=5)")
      ->check(CLI::Range(100, 10000));
  app.add_option("--until", until_ms, "Stop after MS milliseconds (default 10000)")->check(CLI::Range(Ms{0}, Ms{600000}));
  app.add_flag("--events", events, "Print every relayed event as it happens: votes, packets, connections");
  app.add_option("--run-dir", run_dir, "Keep the servers' configs, dataDirs and logs in this directory");
  app.add_flag("--keep", keep, "Keep the run directory (printed at the end)");
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    return app.exit(e, out, err);
  }

  std::vector<LiveAction> plan;
  auto add = [&](const std::vector<std::string>& values, const std::string& flag, LiveAction::Kind kind) -> bool {
    for (const std::string& v : values) {
      auto parsed = parse_sid_times(flag, v);
      if (!parsed) {
        err << "zooscope live: " << parsed.error().to_string() << "\n";
        return false;
      }
      for (auto [sid, ms] : parsed.value()) {
        if (sid < 1 || sid > servers) {
          err << "zooscope live: " << flag << ": there is no server " << sid << " (1.." << servers << ")\n";
          return false;
        }
        plan.push_back(LiveAction{ms, kind, sid, {}, {}});
      }
    }
    return true;
  };
  if (!add(starts, "--start", LiveAction::Start) || !add(crashes, "--crash", LiveAction::Crash) ||
      !add(restarts, "--restart", LiveAction::Restart))
    return 2;
  for (const std::string& v : partitions) {
    auto parsed = parse_partition(v);
    if (!parsed) {
      err << "zooscope live: " << parsed.error().to_string() << "\n";
      return 2;
    }
    LiveAction a{parsed->at, LiveAction::Partition, 0, parsed->groups, {}};
    for (const auto& g : a.groups)
      for (Sid sid : g)
        if (sid < 1 || sid > servers) {
          err << "zooscope live: --partition: there is no server " << sid << " (1.." << servers << ")\n";
          return 2;
        }
    plan.push_back(std::move(a));
  }
  for (const std::string& v : heals) {
    auto ms = parse_at_time("--heal", v);
    if (!ms) {
      err << "zooscope live: " << ms.error().to_string() << "\n";
      return 2;
    }
    plan.push_back(LiveAction{ms.value(), LiveAction::Heal, 0, {}, {}});
  }
  for (const std::string& v : clients) {
    auto parsed = parse_client(v);
    if (!parsed) {
      err << "zooscope live: " << parsed.error().to_string() << "\n";
      return 2;
    }
    if (parsed->sid > servers) {
      err << "zooscope live: --client: there is no server " << parsed->sid << " (1.." << servers << ")\n";
      return 2;
    }
    plan.push_back(LiveAction{parsed->at, LiveAction::Client, parsed->sid, {}, parsed->command});
  }
  if (starts.empty())
    for (Sid s = 1; s <= servers; ++s) plan.push_back(LiveAction{0, LiveAction::Start, s, {}, {}});
  std::stable_sort(plan.begin(), plan.end(), [](const LiveAction& a, const LiveAction& b) { return a.at < b.at; });

  live::LiveOptions opt;
  opt.servers = servers;
  opt.run_dir = run_dir;
  opt.keep_run_dir = keep;
  opt.tick_ms = tick_ms;
  auto created = live::LiveEnsemble::create(opt);
  if (!created.ok()) {
    err << "zooscope live: " << created.error().to_string() << "\n";
    return 2;
  }
  auto& ens = *created.value();

  std::map<Sid, LiveConsole> consoles;
  std::mutex mu;
  bool printing = events;  // until the summary
  live::Tracker tracker(servers);
  live::RelayThread relay(ens.links(), [&](const live::RelayEvent& e) {
    std::lock_guard lock(mu);
    tracker.on(e);
    if (printing) out << live::event_line(e) << "\n" << std::flush;
  });

  auto previous_int = std::signal(SIGINT, live_on_interrupt);
  auto previous_term = std::signal(SIGTERM, live_on_interrupt);
  const auto t0 = std::chrono::steady_clock::now();
  auto elapsed = [&] {
    return std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - t0).count();
  };
  int rc = 0;
  std::size_t next = 0;
  while (!g_live_interrupted && elapsed() < until_ms) {
    while (next < plan.size() && plan[next].at <= elapsed()) {
      const LiveAction& a = plan[next++];
      if (a.kind == LiveAction::Client) {
        LiveConsole& c = consoles[a.sid];
        if (!c.console) {
          auto owned = std::make_unique<attach::WireClientHandle>();
          c.handle = owned.get();
          c.console = std::make_unique<console::Console>(
              std::move(owned), "127.0.0.1:" + std::to_string(ens.server(a.sid).client_port), console::ConsoleOptions{});
          pump_console(c, std::chrono::milliseconds(10000));
          c.console->take_output();  // the connection's own lines: the prompt is printed with the command
        }
        const std::string prompt = c.console->prompt_text();
        c.console->enter(a.command);
        const bool answered = pump_console(c, std::chrono::milliseconds(10000));
        const std::string text = c.console->take_output().text();
        std::lock_guard lock(mu);
        out << prompt << a.command << "\n" << text;
        if (!answered) out << "(zooscope: no answer within 10 s; going on)\n";
        out << std::flush;
        continue;
      }
      if (a.kind == LiveAction::Partition || a.kind == LiveAction::Heal) {
        // Every pair in different groups (a server in no group is alone), both directions.
        std::vector<int> group(static_cast<std::size_t>(servers) + 1, -1);
        for (std::size_t g = 0; g < a.groups.size(); ++g)
          for (Sid sid : a.groups[g]) group[static_cast<std::size_t>(sid)] = static_cast<int>(g);
        relay.post([group, servers, heal = a.kind == LiveAction::Heal](live::Relay& r) {
          for (Sid x = 1; x <= servers; ++x)
            for (Sid y = 1; y <= servers; ++y) {
              if (x == y) continue;
              const int gx = group[static_cast<std::size_t>(x)], gy = group[static_cast<std::size_t>(y)];
              if (heal) {
                r.set_cut(x, y, false);
              } else if (gx < 0 || gy < 0 || gx != gy) {
                r.set_cut(x, y, true);
              }
            }
        });
        continue;
      }
      if (a.kind == LiveAction::Crash) {
        if (auto e = ens.kill(a.sid)) err << "zooscope live: " << e->to_string() << "\n";
        std::lock_guard lock(mu);
        tracker.set_up(a.sid, false);
      } else {
        auto pid = ens.start(a.sid);
        if (!pid.ok()) {
          err << "zooscope live: " << pid.error().to_string() << "\n";
          continue;
        }
        std::lock_guard lock(mu);
        tracker.set_up(a.sid, true);
      }
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  std::signal(SIGINT, previous_int);
  std::signal(SIGTERM, previous_term);

  // Each running server's own word, then the lines.
  std::vector<SrvrLine> srvr(static_cast<std::size_t>(servers));
  for (Sid s = 1; s <= servers; ++s)
    if (ens.running(s)) srvr[static_cast<std::size_t>(s - 1)] = ask_srvr(ens.server(s).client_port);
  {
    std::lock_guard lock(mu);
    printing = false;
    for (Sid s = 1; s <= servers; ++s) {
      const auto& t = tracker.servers()[static_cast<std::size_t>(s - 1)];
      out << tracker.summary_line(s) << "\n";
      const SrvrLine& r = srvr[static_cast<std::size_t>(s - 1)];
      if (!t.up) continue;
      if (!r.ok) {
        out << "  srvr: " << (r.why.empty() ? "no answer" : r.why) << "\n";
        if (t.state != ServerState::Looking) {
          out << "  differs: the decoded protocol says " << to_string(t.state) << ", srvr has no mode\n";
          rc = 1;
        }
        continue;
      }
      out << "  srvr: Mode: " << wire::to_string(r.answer.mode) << " Zxid: 0x" << hex(r.answer.zxid) << "\n";
      if (expected_mode(t.state) != wire::to_string(r.answer.mode)) {
        out << "  differs: the decoded protocol says " << to_string(t.state) << ", srvr says "
            << wire::to_string(r.answer.mode) << "\n";
        rc = 1;
      }
    }
    const live::RelayStats st = relay.stats();
    out << "relay: " << st.connections << " connections, " << st.items << " messages decoded, " << st.bytes_in
        << " bytes, " << st.decode_errors << " undecodable streams, " << st.rewritten_hellos << " hellos rewritten\n";
  }
  for (auto& [sid, c] : consoles) {
    if (!c.console) continue;
    c.console->enter("quit");
    pump_console(c, std::chrono::milliseconds(2000));
  }
  consoles.clear();
  ens.kill_all();
  if (keep || !run_dir.empty()) out << "run directory: " << ens.run_dir() << "\n";
  return g_live_interrupted ? 130 : rc;
}

}  // namespace zs::cli

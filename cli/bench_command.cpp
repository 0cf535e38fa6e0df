#include "bench_command.hpp"

#include <CLI/CLI.hpp>
#include <algorithm>
#include <array>
#include <chrono>
#include <cmath>
#include <cstdint>
#include <ctime>
#include <iomanip>
#include <optional>
#include <ostream>
#include <sstream>
#include <string>
#include <string_view>
#include <vector>

#include "config/config.hpp"
#include "bench_attach.hpp"
#include "bench_relay.hpp"
#include "bench_data.hpp"
#include "bench_recording.hpp"
#include "bench_lab.hpp"
#include "bench_util.hpp"
#include "bench_zab.hpp"
#include "sim/simulator.hpp"


namespace zs::cli {

namespace {

constexpr std::string_view kUsage = "zooscope bench sim [--servers N] [--seconds S]";

using bench::Clock;
using bench::fixed;
using bench::page_faults;
using bench::per_second;
using bench::seconds_since;

// CLI11 2.1 has no usage override: the help starts with the usage line the documentation
// promises, then the description.
class BenchFormatter : public CLI::Formatter {
 public:
  std::string make_description(const CLI::App* app) const override {
    return "Usage: " + std::string(kUsage) + "\n\n" + CLI::Formatter::make_description(app);
  }
  std::string make_usage(const CLI::App*, std::string) const override { return {}; }
};

// The workload: every server starts at 0; then, over and over, the stable leader crashes,
// restarts 1 s later and the ensemble gets 2 s (virtual) in all before the next crash. Each
// cycle is a full re-election (notifications, election connections, the Zab epoch
// handshake) plus the leader's pings and the restarted server rejoining.
constexpr Ms kRestartAfterMs = 1000;
constexpr Ms kCycleMs = 2000;
constexpr Ms kLeaderWaitMs = 60000;  // give up on a cycle when no leader shows up by then
constexpr int kCyclesPerRun = 50;     // then a fresh Simulator, so the trace stays bounded

void start_all(Simulator& sim) {
  for (const auto& s : sim.config().servers) {
    ScheduledAction a;
    a.kind = ScheduledAction::Kind::Start;
    a.sid = s.sid;
    a.at = 0;
    sim.schedule(a);
  }
}

// One cycle. False when no stable leader appeared within kLeaderWaitMs of virtual time.
bool churn_cycle(Simulator& sim) {
  const Ms limit = sim.now() + kLeaderWaitMs;
  std::optional<Sid> leader = sim.stable_leader();
  while (!leader) {
    if (sim.now() >= limit) return false;
    sim.run_until(sim.now() + 250);
    leader = sim.stable_leader();
  }
  const Ms t0 = sim.now();
  ScheduledAction crash;
  crash.kind = ScheduledAction::Kind::Crash;
  crash.sid = *leader;
  crash.at = t0;
  sim.schedule(crash);
  ScheduledAction restart;
  restart.kind = ScheduledAction::Kind::Restart;
  restart.sid = *leader;
  restart.at = t0 + kRestartAfterMs;
  sim.schedule(restart);
  sim.run_until(t0 + kCycleMs);
  return true;
}

config::EnsembleConfig ensemble(int servers) { return config::default_ensemble(servers); }

struct Throughput {
  double seconds = 0;  // wall time inside the runs (construction excluded)
  std::uint64_t delivered = 0;
  std::uint64_t events = 0;
  bool stalled = false;
};

// Fresh Simulators (seeds 1, 2, ...) running the churn workload until `budget` wall
// seconds have been spent stepping them.
Throughput measure_throughput(int servers, bool trace, double budget) {
  Throughput r;
  for (std::uint64_t seed = 1; r.seconds < budget; ++seed) {
    SimOptions opt;
    opt.seed = seed;
    opt.trace = trace;
    Simulator sim(ensemble(servers), opt);
    start_all(sim);
    const auto t0 = Clock::now();
    for (int c = 0; c < kCyclesPerRun && r.seconds + seconds_since(t0) < budget; ++c) {
      if (!churn_cycle(sim)) {
        r.stalled = true;
        break;
      }
    }
    r.seconds += seconds_since(t0);
    r.delivered += sim.messages_delivered();
    r.events += sim.events_processed();
    if (r.stalled) break;
  }
  return r;
}

struct Elections {
  double seconds = 0;
  std::uint64_t done = 0;
  std::uint64_t failed = 0;
};

// Cold starts to a stable leader, each a fresh Simulator (construction included).
Elections measure_elections(int servers, double budget) {
  Elections r;
  const config::EnsembleConfig ens = ensemble(servers);
  const auto t0 = Clock::now();
  for (std::uint64_t seed = 1; r.seconds < budget; ++seed) {
    SimOptions opt;
    opt.seed = seed;
    Simulator sim(ens, opt);
    start_all(sim);
    const bool ok = sim.run_until([](const Simulator& s) { return s.stable_leader().has_value(); }, kLeaderWaitMs);
    ++(ok ? r.done : r.failed);
    r.seconds = seconds_since(t0);
  }
  return r;
}

std::string per_1k(long faults, std::uint64_t events) {
  if (faults < 0 || events == 0) return "unknown";
  return fixed(static_cast<double>(faults) * 1000.0 / static_cast<double>(events), 1);
}

double median(std::vector<double> v) {
  std::sort(v.begin(), v.end());
  const std::size_t m = v.size() / 2;
  return v.size() % 2 == 1 ? v[m] : (v[m - 1] + v[m]) / 2;
}

}  // namespace

int run_bench(int argc, char** argv, std::ostream& out, std::ostream& err) {
  // argv[0] = "bench", argv[1] = the benchmark's name.
  const std::string usage_hint = "usage: " + std::string(kUsage) + " (see zooscope bench sim --help)";
  if (argc < 2) {
    err << "zooscope bench: say what to measure: \"sim\", \"data\", \"zab\", \"lab\", \"attach\", \"recording\" or \"relay\"\n" << usage_hint << "\n";
    return 2;
  }
  const std::string_view what = argv[1];
  if (what == "-h" || what == "--help") {
    out << "Usage: " << kUsage << "\nMeasure how fast zooscope runs on this machine. Benchmarks:\n"
        << "  sim   the simulator: messages/s, elections/s, stepping back, trace size\n"
        << "  data  the data tree: creates/s and bytes per znode\n"
        << "  zab   Zab broadcast: committed writes/s, commit latency, and the data figures\n"
        << "  lab   the shipped labs: ms to open each, and to play its slowest step\n"
        << "  attach    a real ensemble (HOSTS): tree load, change latency, polling cost\n"
        << "  recording an attach recording (FILE): size per hour, open and seek times\n"
        << "  relay     the live relay: decoder packets/s, and its added time with real servers\n"
        << "See zooscope bench sim --help, zooscope bench data --help, zooscope bench zab --help and\n"
        << "zooscope bench lab --help.\n";
    return 0;
  }
  if (what == "data") return run_bench_data(argc - 1, argv + 1, out, err);
  if (what == "zab") return run_bench_zab(argc - 1, argv + 1, out, err);
  if (what == "lab") return run_bench_lab(argc - 1, argv + 1, out, err);
  if (what == "attach") return run_bench_attach(argc - 1, argv + 1, out, err);
  if (what == "recording") return run_bench_recording(argc - 1, argv + 1, out, err);
  if (what == "relay") return run_bench_relay(argc - 1, argv + 1, out, err);
  if (what != "sim") {
    err << "zooscope bench: unknown benchmark \"" << what
        << "\"; the benchmarks are \"sim\", \"data\", \"zab\", \"lab\", \"attach\" and \"recording\"\n"
        << usage_hint << "\n";
    return 2;
  }

  CLI::App app{"Measure the simulator on this machine (one thread) and print one name=value line\n"
               "per figure: delivered messages/s and events/s over many short runs with tracing on\n"
               "and off and over one long traced run, page faults, cold-start elections/s, wall ms\n"
               "to seek back 1, 1000 and 100000 events in a run of 101024+ events, replayed\n"
               "events/s, and the trace's size in memory and as JSON Lines. Each rate is measured\n"
               "for about --seconds of wall time. The figures are explained in docs/PERFORMANCE.md.\n"
               "Example:\n"
               "  zooscope bench sim --servers 5 --seconds 2",
               "zooscope bench sim"};
  app.formatter(std::make_shared<BenchFormatter>());
  app.set_help_flag("-h,--help", "Print this help and exit");
  int servers = 5;
  double seconds = 2.0;
  app.add_option("--servers", servers, "Voting servers in the simulated ensemble (1-64), e.g. --servers 7 (default 5)")
      ->type_name("N")
      ->check(CLI::Range(1, 64).description(""));
  app.add_option("--seconds", seconds,
                 "Wall-clock seconds spent measuring each rate, e.g. --seconds 5 (default 2; the whole bench "
                 "takes about 4x this plus building the 100000-event run)")
      ->type_name("S")
      ->check(CLI::Range(0.001, 3600.0).description(""));
  try {
    app.parse(argc - 1, argv + 1);
  } catch (const CLI::CallForHelp&) {
    out << app.help();
    return 0;
  } catch (const CLI::ParseError& e) {
    err << "zooscope bench sim: " << e.what() << "\n" << usage_hint << "\n";
    return 2;
  }

  auto line = [&](std::string_view name, const std::string& value) {
    out << "sim." << name << "=" << value << "\n" << std::flush;
  };
  const auto t_bench = Clock::now();
  const std::clock_t cpu_bench = std::clock();
  line("servers", std::to_string(servers));
  line("seconds", fixed(seconds, 3));

  // 1. Throughput with tracing on (the figure the target is about), then off.
  const long faults_on = page_faults();
  const Throughput on = measure_throughput(servers, true, seconds);
  line("delivered_msgs_per_s", per_second(static_cast<double>(on.delivered), on.seconds));
  line("events_per_s", per_second(static_cast<double>(on.events), on.seconds));
  line("page_faults_per_1k_events", per_1k(faults_on < 0 ? -1 : page_faults() - faults_on, on.events));
  const Throughput off = measure_throughput(servers, false, seconds / 2);
  line("delivered_msgs_per_s_trace_off", per_second(static_cast<double>(off.delivered), off.seconds));
  if (on.stalled || off.stalled)
    err << "zooscope bench sim: warning: a run found no stable leader within " << kLeaderWaitMs
        << " ms of virtual time; the rates cover the runs up to there\n";

  // 2. Cold-start elections.
  const Elections el = measure_elections(servers, seconds);
  line("elections_per_s", per_second(static_cast<double>(el.done), el.seconds));
  if (el.failed > 0)
    err << "zooscope bench sim: warning: " << el.failed << " cold start(s) found no stable leader within "
        << kLeaderWaitMs << " ms of virtual time\n";

  // 3. Stepping back 1, 1000 and 100000 events in one run. A step back restores the last
  // checkpoint at or before the target and replays from there, so its cost depends on where
  // the target falls between checkpoints: each repetition starts from another point of the
  // run's last checkpoint interval, and the run is long enough for 100000 back from any.
  // Building it is one long traced run, as in the window: reported as the long_run rates.
  const SimOptions run_options;
  const std::uint64_t interval = std::max<std::uint64_t>(1, run_options.checkpoint_every_events);
  const std::uint64_t run_events = 100000 + interval;
  Simulator sim(ensemble(servers), run_options);
  start_all(sim);
  const long faults_build = page_faults();
  const auto t_build = Clock::now();
  while (sim.events_processed() < run_events) {
    if (!churn_cycle(sim)) {
      err << "zooscope bench sim: the run found no stable leader within " << kLeaderWaitMs
          << " ms of virtual time after " << sim.events_processed() << " events\n";
      return 1;
    }
  }
  const double build_s = seconds_since(t_build);
  const std::uint64_t end = sim.events_processed();
  line("long_run_delivered_msgs_per_s", per_second(static_cast<double>(sim.messages_delivered()), build_s));
  line("long_run_events_per_s", per_second(static_cast<double>(end), build_s));
  line("long_run_page_faults_per_1k_events", per_1k(faults_build < 0 ? -1 : page_faults() - faults_build, end));
  line("step_back_run_events", std::to_string(end));
  const std::uint64_t backs[] = {1, 1000, 100000};
  const auto names = std::to_array<std::string_view>({"step_back_1_ms", "step_back_1000_ms", "step_back_100000_ms"});
  double worst = 0;
  double replay_s = 0;  // seeking forward again over events already run: a replay
  std::uint64_t replayed = 0;
  for (std::size_t b = 0; b < std::size(backs); ++b) {
    std::vector<double> ms;
    const auto t_all = Clock::now();
    // At least 8 repetitions (spread over the interval), more while this figure's share of
    // the budget lasts.
    while (ms.size() < 8 || (ms.size() < 64 && seconds_since(t_all) < seconds / 3)) {
      const std::uint64_t from = end - (ms.size() * 389) % interval;  // 389: odd, spreads evenly
      const std::uint64_t before = sim.events_processed();
      const auto t_fwd = Clock::now();
      sim.seek(from);  // forward again (or back) to the starting point: not a step back
      if (from > before) {
        replay_s += seconds_since(t_fwd);
        replayed += from - before;
      }
      const auto t0 = Clock::now();
      sim.seek(from - backs[b]);
      ms.push_back(seconds_since(t0) * 1000.0);
    }
    line(names[b], fixed(median(ms), 3));
    worst = std::max(worst, *std::max_element(ms.begin(), ms.end()));
  }
  line("step_back_max_ms", fixed(worst, 3));
  line("replay_events_per_s", per_second(static_cast<double>(replayed), replay_s));
  sim.seek(end);

  // 4. The trace of that run: exported size and in-memory size.
  std::ostringstream jsonl;
  const auto t_export = Clock::now();
  write_jsonl(jsonl, sim.trace(), sim.trace_context());
  const double export_s = seconds_since(t_export);
  const auto bytes = static_cast<double>(jsonl.tellp());
  const auto trace_events = static_cast<double>(sim.trace().size());
  line("trace_events_per_sim_event", fixed(trace_events / static_cast<double>(end), 2));
  line("trace_bytes_per_event", fixed(std::round(bytes / trace_events), 0));
  // In memory: the compact records and their index (TraceLog::bytes), per event.
  line("trace_mem_bytes_per_event", fixed(static_cast<double>(sim.trace().bytes()) / trace_events, 1));
  line("trace_export_mb_per_s", fixed(export_s > 0 ? bytes / export_s / 1e6 : 0.0, 1));
  // Process CPU time over wall time: well below 1 means other processes took the core and
  // the wall-clock figures above are too low.
  const double cpu_s = static_cast<double>(std::clock() - cpu_bench) / CLOCKS_PER_SEC;
  line("cpu_per_wall", fixed(cpu_s / seconds_since(t_bench), 2));
  return 0;
}

}  // namespace zs::cli

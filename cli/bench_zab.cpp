#include "bench_zab.hpp"
#include "parse_args.hpp"

#include <malloc.h>

#include <CLI/CLI.hpp>
#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdint>
#include <ctime>
#include <iomanip>
#include <map>
#include <optional>
#include <ostream>
#include <sstream>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "bench_data.hpp"
#include "bench_util.hpp"
#include "config/config.hpp"
#include "core/chunked_store.hpp"
#include "data/acl.hpp"
#include "data/prep.hpp"
#include "sim/simulator.hpp"


namespace zs::cli {

namespace {

constexpr std::string_view kUsage =
    "zooscope bench zab [--servers N|N,N,...|all] [--writes W] [--outstanding K] [--op set|create]";

using bench::Clock;
using bench::fixed;
using bench::page_faults;
using bench::per_second;
using bench::seconds_since;

constexpr Ms kLeaderWaitMs = 60000;  // virtual ms for the cold start to a stable leader
constexpr Ms kStallMs = 60000;       // virtual ms without a reply: the ensemble is stuck

// User + system CPU time of the process (page faults are system time).
double cpu_seconds() {
#ifdef ZS_BENCH_HAS_RUSAGE
  rusage u{};
  if (getrusage(RUSAGE_SELF, &u) == 0) {
    auto s = [](const timeval& t) {
      return static_cast<double>(t.tv_sec) + static_cast<double>(t.tv_usec) / 1e6;
    };
    return s(u.ru_utime) + s(u.ru_stime);
  }
#endif
  return static_cast<double>(std::clock()) / CLOCKS_PER_SEC;
}

// This process's CPU time in the kernel (page faults: zeroing fresh memory), or 0 unknown.
double system_seconds() {
#ifdef ZS_BENCH_HAS_RUSAGE
  rusage u{};
  if (getrusage(RUSAGE_SELF, &u) == 0)
    return static_cast<double>(u.ru_stime.tv_sec) + static_cast<double>(u.ru_stime.tv_usec) / 1e6;
#endif
  return 0;
}

// Heap in use, small blocks and mmapped ones alike, plus the pieces of the huge-page arena
// that the trace and the simulator's stores hold.
std::size_t heap_in_use() {
  const auto m = mallinfo2();
  return m.uordblks + m.hblkhd + chunk_arena_bytes_in_use();
}

enum class Op { Set, Create };

struct Options {
  std::vector<int> servers;
  std::uint64_t writes = 0;
  std::uint64_t outstanding = 0;
  std::uint64_t latency_writes = 0;
  Op op = Op::Set;
  bool checkpoints = true;
  std::uint64_t seed = 1;
  int runs = 3;
};

// The bench's clients: one session per server, all writing through the same workload. The
// i-th write goes through server sids[i % N] (round robin) and, for setData, to znode
// /zab-<i % K>, one per outstanding slot, created before anything is measured.
class Workload {
 public:
  Workload(Simulator& sim, const Options& o) : sim_(sim), o_(o) {
    for (const auto& s : sim.config().servers) sids_.push_back(s.sid);
  }

  void start_all() {
    for (Sid sid : sids_) {
      ScheduledAction a;
      a.kind = ScheduledAction::Kind::Start;
      a.sid = sid;
      a.at = 0;
      sim_.schedule(a);
    }
  }

  // A stable leader, and every server serving (followers have their UPTODATE).
  bool wait_for_leader() {
    const auto ready = [this](const Simulator& s) {
      if (!s.stable_leader()) return false;
      for (Sid sid : sids_)
        if (!s.peer(sid).serving) return false;
      return true;
    };
    const bool ok = sim_.run_until(ready, kLeaderWaitMs);
    seen_ = sim_.trace().size();  // the election is not part of any figure
    return ok;
  }

  // Schedules write number `i` now, through server sids[i % N].
  void submit(std::uint64_t i, bool create_slot) {
    const Sid sid = sids_[i % sids_.size()];
    ScheduledAction a;
    a.kind = ScheduledAction::Kind::Write;
    a.at = sim_.now();
    a.sid = sid;
    a.session_id = (static_cast<std::int64_t>(sid) << 56) | 1;  // ZooKeeper puts the sid in the top byte
    const std::string data = "12345678";
    if (create_slot) {
      a.request = CreateRequest{slot_path(i), data, open_acl_unsafe(), create_mode::kPersistent, -1, 0};
    } else if (o_.op == Op::Set) {
      a.request = SetDataRequest{slot_path(i % o_.outstanding), data, -1};
    } else {
      a.request = CreateRequest{"/zab-w" + std::to_string(i), data, open_acl_unsafe(), create_mode::kPersistent,
                                -1, 0};
    }
    sim_.schedule(a);
  }

  // Steps one event, then hands each ClientOp and Committed trace event it added to `f`
  // (the others are not decoded). False when the simulation has nothing left to do.
  template <class F>
  bool step(F&& f) {
    if (!sim_.step()) return false;
    const TraceLog& tr = sim_.trace();
    for (; seen_ < tr.size(); ++seen_)
      if (tr.holds<ClientOp>(seen_) || tr.holds<Committed>(seen_)) f(tr[seen_]);
    return true;
  }

 private:
  static std::string slot_path(std::uint64_t slot) { return "/zab-" + std::to_string(slot); }
  Simulator& sim_;
  const Options& o_;
  std::vector<Sid> sids_;
  std::size_t seen_ = 0;  // trace events already handed out
};

// Completed ClientOps.
struct Replies {
  std::uint64_t ok = 0;
  std::uint64_t failed = 0;  // a ZooKeeper error code, e.g. -4 ConnectionLoss
};

// Creates the K znodes the setData writes go to, K at a time. False when they did not all
// succeed before the ensemble stalled.
bool create_slots(Simulator& sim, Workload& w, std::uint64_t k) {
  for (std::uint64_t i = 0; i < k; ++i) w.submit(i, true);
  Replies r;
  Ms last_reply = sim.now();
  while (r.ok + r.failed < k && sim.now() - last_reply < kStallMs) {
    const bool more = w.step([&](const TraceEvent& e) {
      const auto* op = std::get_if<ClientOp>(&e.body);
      if (op == nullptr || op->stage != ClientOpStage::Completed) return;
      ++(op->err == 0 ? r.ok : r.failed);
      last_reply = sim.now();
    });
    if (!more) break;
  }
  return r.ok == k;
}

struct Latency {
  std::vector<Ms> ms;  // one per successful write, sorted
  std::uint64_t failed = 0;
  bool stalled = false;
  Ms at(double q) const {  // nearest rank
    if (ms.empty()) return 0;
    const auto rank = static_cast<std::size_t>(std::ceil(q * static_cast<double>(ms.size())));
    return ms[std::clamp<std::size_t>(rank, 1, ms.size()) - 1];
  }
};

// One write at a time, each through the next server: virtual ms from the Submitted to the
// Completed ClientOp of the same (session, cxid). With nothing queued this is the protocol's
// own latency: REQUEST (from a follower), PROPOSAL, ACK, COMMIT, each one link delay.
Latency measure_latency(Simulator& sim, Workload& w, std::uint64_t writes, std::uint64_t first_write) {
  Latency r;
  std::map<std::pair<std::int64_t, std::int32_t>, Ms> submitted;
  for (std::uint64_t i = 0; i < writes && !r.stalled; ++i) {
    w.submit(first_write + i, false);
    bool done = false;
    const Ms start = sim.now();
    while (!done) {
      if (sim.now() - start >= kStallMs) {
        r.stalled = true;
        break;
      }
      const bool more = w.step([&](const TraceEvent& e) {
        const auto* op = std::get_if<ClientOp>(&e.body);
        if (op == nullptr) return;
        const auto key = std::pair{op->session_id, op->cxid};
        if (op->stage == ClientOpStage::Submitted) {
          submitted[key] = e.at;
          return;
        }
        done = true;
        const auto it = submitted.find(key);
        if (op->err != 0 || it == submitted.end()) {
          ++r.failed;
        } else {
          r.ms.push_back(e.at - it->second);
        }
        if (it != submitted.end()) submitted.erase(it);
      });
      if (!more) {
        r.stalled = true;
        break;
      }
    }
  }
  std::sort(r.ms.begin(), r.ms.end());
  return r;
}

struct Throughput {
  double seconds = 0;
  double cpu_seconds = 0;  // this process's CPU time (user + system) over the same loop
  double system_seconds = 0;  // of which in the kernel
  std::uint64_t commits = 0;  // Committed events (the leader's)
  Replies replies;
  std::uint64_t events = 0;
  std::uint64_t delivered = 0;
  std::uint64_t trace_events = 0;
  std::size_t trace_bytes = 0;  // TraceLog::bytes() added
  Ms sim_ms = 0;
  long faults = -1;
  bool stalled = false;
};

// The closed loop: K writes outstanding, and each reply schedules the next write at once,
// until `writes` commits have happened. Only this loop is timed.
Throughput measure_throughput(Simulator& sim, Workload& w, const Options& o, std::uint64_t first_write) {
  Throughput r;
  const std::uint64_t events0 = sim.events_processed();
  const std::uint64_t delivered0 = sim.messages_delivered();
  const std::size_t trace0 = sim.trace().size();
  const std::size_t trace_bytes0 = sim.trace().bytes();
  const Ms sim0 = sim.now();
  const long faults0 = page_faults();
  std::uint64_t next = first_write;
  Ms last_commit = sim.now();
  const double cpu0 = cpu_seconds();
  const double sys0 = system_seconds();
  const auto t0 = Clock::now();
  for (std::uint64_t k = 0; k < o.outstanding; ++k) w.submit(next++, false);
  const auto on_event = [&](const TraceEvent& e) {
    if (std::holds_alternative<Committed>(e.body)) {
      ++r.commits;
      last_commit = e.at;
      return;
    }
    const auto* op = std::get_if<ClientOp>(&e.body);
    if (op == nullptr || op->stage != ClientOpStage::Completed) return;
    ++(op->err == 0 ? r.replies.ok : r.replies.failed);
    w.submit(next++, false);
  };
  while (r.commits < o.writes) {
    if (!w.step(on_event) || sim.now() - last_commit >= kStallMs) {
      r.stalled = true;
      break;
    }
  }
  r.seconds = seconds_since(t0);
  r.cpu_seconds = cpu_seconds() - cpu0;
  r.system_seconds = system_seconds() - sys0;
  r.events = sim.events_processed() - events0;
  r.delivered = sim.messages_delivered() - delivered0;
  r.trace_events = sim.trace().size() - trace0;
  r.trace_bytes = sim.trace().bytes() - trace_bytes0;
  r.sim_ms = sim.now() - sim0;
  r.faults = faults0 < 0 ? -1 : page_faults() - faults0;
  return r;
}

// One run: a fresh simulator, set up, then the latency phase and the timed loop.
struct Run {
  Latency latency;
  Throughput throughput;
  std::uint64_t all_commits = 0;  // setup and latency phase included
  std::size_t heap_grown = 0;     // what the simulator held at the end
};

// Nullopt (after saying why on `err`) when the ensemble never got going or stopped.
std::optional<Run> run_once(int servers, const Options& o, std::ostream& err) {
  Run run;
  const std::size_t heap0 = heap_in_use();
  SimOptions opt;
  opt.seed = o.seed;
  opt.trace = true;
  if (!o.checkpoints) opt.checkpoint_every_events = 0;
  Simulator sim(config::default_ensemble(servers), opt);
  Workload w(sim, o);
  w.start_all();
  if (!w.wait_for_leader()) {
    err << "zooscope bench zab: no stable leader with every server serving within " << kLeaderWaitMs
        << " ms of virtual time (" << servers << " servers, seed " << o.seed << ")\n";
    return std::nullopt;
  }
  if (o.op == Op::Set && !create_slots(sim, w, o.outstanding)) {
    err << "zooscope bench zab: creating the " << o.outstanding << " znodes /zab-0... failed\n";
    return std::nullopt;
  }
  // Writes are numbered on from here so setData cycles over the slots and creates get new
  // names.
  std::uint64_t next = o.outstanding;
  run.latency = measure_latency(sim, w, o.latency_writes, next);
  next += o.latency_writes;
  if (run.latency.stalled || run.latency.failed > 0) {
    err << "zooscope bench zab: latency phase: " << run.latency.failed << " write(s) failed"
        << (run.latency.stalled ? ", and the ensemble stopped answering" : "") << "\n";
    return std::nullopt;
  }
  run.throughput = measure_throughput(sim, w, o, next);
  if (run.throughput.stalled) {
    err << "zooscope bench zab: the ensemble stopped committing after " << run.throughput.commits << " of "
        << o.writes << " commits\n";
    return std::nullopt;
  }
  run.all_commits = (o.op == Op::Set ? o.outstanding : 0) + run.latency.ms.size() + run.throughput.commits;
  const std::size_t heap1 = heap_in_use();
  run.heap_grown = heap1 > heap0 ? heap1 - heap0 : 0;
  return run;
}

// One ensemble size: its block of zab.* lines. 1 when the ensemble never got going.
// The same run (same seed, so the same events) is repeated --runs times, each in a fresh
// simulator; the figures are the median run's. The first run also pays for the fresh memory
// its trace and logs grow into (the kernel zeroes each new page: on some virtual machines
// that costs as much as the simulation); later runs reuse the memory the one before gave
// back, so that cost shows as the first run's system time.
int bench_one(int servers, const Options& o, std::ostream& out, std::ostream& err) {
  auto line = [&](std::string_view name, const std::string& value) {
    out << "zab." << name << "=" << value << "\n" << std::flush;
  };
  line("servers", std::to_string(servers));
  line("op", o.op == Op::Set ? "set" : "create");
  line("outstanding", std::to_string(o.outstanding));
  line("checkpoints", o.checkpoints ? "default" : "off");

  std::vector<Run> runs;
  for (int k = 0; k < o.runs; ++k) {
    std::optional<Run> r = run_once(servers, o, err);
    if (!r) return 1;
    runs.push_back(std::move(*r));
  }
  const auto rate = [](const Run& r) {
    return static_cast<double>(r.throughput.commits) / std::max(r.throughput.seconds, 1e-9);
  };
  std::vector<std::size_t> order(runs.size());
  for (std::size_t i = 0; i < order.size(); ++i) order[i] = i;
  std::sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) { return rate(runs[a]) < rate(runs[b]); });
  const Run& median = runs[order[order.size() / 2]];
  const Latency& lat = median.latency;
  const Throughput& t = median.throughput;

  line("latency_writes", std::to_string(lat.ms.size()));
  line("commit_latency_sim_ms_p50", std::to_string(lat.at(0.50)));
  line("commit_latency_sim_ms_p99", std::to_string(lat.at(0.99)));
  line("commit_latency_sim_ms_max", std::to_string(lat.ms.empty() ? 0 : lat.ms.back()));

  const auto commits = static_cast<double>(t.commits);
  line("runs", std::to_string(runs.size()));
  line("commits", std::to_string(t.commits));
  line("client_errors", std::to_string(t.replies.failed));
  line("wall_s", fixed(t.seconds, 3));
  line("commits_per_wall_s", per_second(commits, t.seconds));
  std::string each;
  for (const Run& r : runs)
    each += (each.empty() ? "" : ",") + per_second(static_cast<double>(r.throughput.commits), r.throughput.seconds);
  line("commits_per_wall_s_each_run", each);
  // The same over this process's CPU time: about what the wall figure would be with the
  // core to ourselves. cpu_per_wall well below 1 means other processes took the core.
  line("commits_per_cpu_s", per_second(commits, t.cpu_seconds));
  line("cpu_per_wall", fixed(t.seconds > 0 ? t.cpu_seconds / t.seconds : 0.0, 2));
  line("system_s", fixed(t.system_seconds, 3));
  line("first_run_system_s", fixed(runs.front().throughput.system_seconds, 3));
  line("events_per_wall_s", per_second(static_cast<double>(t.events), t.seconds));
  line("delivered_msgs_per_wall_s", per_second(static_cast<double>(t.delivered), t.seconds));
  line("events_per_commit", fixed(static_cast<double>(t.events) / commits, 2));
  line("trace_events_per_commit", fixed(static_cast<double>(t.trace_events) / commits, 2));
  line("trace_bytes_per_commit",
       fixed(std::round(static_cast<double>(t.trace_bytes) / commits), 0));
  line("commits_per_sim_s", per_second(commits, static_cast<double>(t.sim_ms) / 1000.0));
  const auto faults = [&](const Throughput& x) {
    return x.faults < 0 ? std::string("unknown")
                        : fixed(static_cast<double>(x.faults) * 1000.0 / static_cast<double>(x.commits), 1);
  };
  line("page_faults_per_1k_commits", faults(t));
  line("first_run_page_faults_per_1k_commits", faults(runs.front().throughput));
  // Everything the run holds (trace, checkpoints, the servers' trees and logs, payloads),
  // over every write it committed (setup and latency phase included).
  line("heap_bytes_per_commit",
       fixed(std::round(static_cast<double>(median.heap_grown) / static_cast<double>(median.all_commits)), 0));
  return 0;
}

// "3", "3,5,7" or "all" (3, 5 and 7).
std::optional<std::vector<int>> parse_servers(const std::string& text) {
  if (text == "all") return std::vector<int>{3, 5, 7};
  std::vector<int> r;
  std::istringstream in(text);
  for (std::string part; std::getline(in, part, ',');) {
    const auto digit = [](char c) { return c >= '0' && c <= '9'; };
    if (part.empty() || part.size() > 2 || !std::all_of(part.begin(), part.end(), digit)) return std::nullopt;
    const int n = std::stoi(part);
    if (n < 1 || n > 64) return std::nullopt;
    r.push_back(n);
  }
  if (r.empty()) return std::nullopt;
  return r;
}

// CLI11 2.1 has no usage override: the help starts with the usage line, then the description.
class ZabFormatter : public CLI::Formatter {
 public:
  std::string make_description(const CLI::App* app) const override {
    return "Usage: " + std::string(kUsage) + "\n\n" + CLI::Formatter::make_description(app);
  }
  std::string make_usage(const CLI::App*, std::string) const override { return {}; }
};

}  // namespace

int run_bench_zab(int argc, char** argv, std::ostream& out, std::ostream& err) {
  CLI::App app{"Measure Zab broadcast in the simulator on this machine (one thread, tracing on, default\n"
               "links of 1-5 ms) and print one name=value line per figure. Per ensemble size: start the\n"
               "servers, wait for a leader with every server serving, then\n"
               "  - commit latency: --latency-writes writes, one at a time, round robin over the servers;\n"
               "    virtual ms from Submitted to Completed (light load: the protocol, not queueing);\n"
               "  - throughput: --outstanding writes in flight, each reply schedules the next write\n"
               "    through the next server, until --writes commits; wall-clock commits/s, events/s.\n"
               "Each size is run --runs times in a fresh simulator (the same seed, the same events); the\n"
               "figures are the median run's, and the first run's kernel time shows what fresh memory cost.\n"
               "Then the data tree's figures as `zooscope bench data` prints them (--znodes).\n"
               "The figures are explained in docs/PERFORMANCE.md. Example:\n"
               "  zooscope bench zab --servers all --writes 100000",
               "zooscope bench zab"};
  app.formatter(std::make_shared<ZabFormatter>());
  app.set_help_flag("-h,--help", "Print this help and exit");
  std::string servers_text = "3";
  Options o;
  o.writes = 200000;
  o.outstanding = 1000;
  o.latency_writes = 2000;
  std::string op = "set";
  std::string checkpoints = "default";
  std::vector<std::size_t> znodes{100000, 1000000};
  app.add_option("--servers", servers_text,
                 "Voting servers in the ensemble: N (1-64), a list such as 3,5,7 (one block of figures "
                 "each), or all = 3,5,7 (default 3)")
      ->type_name("N");
  app.add_option("--writes", o.writes, "Commits to time in the throughput phase (default 200000)")
      ->type_name("W")
      ->check(CLI::Range(std::uint64_t{1}, std::uint64_t{100000000}).description(""));
  app.add_option("--outstanding", o.outstanding,
                 "Writes in flight during the throughput phase, spread round robin over the servers "
                 "(default 1000)")
      ->type_name("K")
      ->check(CLI::Range(std::uint64_t{1}, std::uint64_t{1000000}).description(""));
  app.add_option("--latency-writes", o.latency_writes,
                 "Writes in the latency phase, one outstanding at a time (default 2000)")
      ->type_name("L")
      ->check(CLI::Range(std::uint64_t{1}, std::uint64_t{10000000}).description(""));
  app.add_option("--op", op,
                 "set: setData on K znodes created first, so the trees keep their size (default); "
                 "create: a new znode per write")
      ->type_name("set|create")
      ->check(CLI::IsMember({"set", "create"}).description(""));
  app.add_option("--checkpoints", checkpoints,
                 "default: the simulator's rewind checkpoints as in the window; off: none "
                 "(checkpoint_every_events = 0)")
      ->type_name("default|off")
      ->check(CLI::IsMember({"default", "off"}).description(""));
  app.add_option("--seed", o.seed, "Simulation seed (default 1)")->type_name("SEED");
  app.add_option("--runs", o.runs,
                 "Times each ensemble size is run, each in a fresh simulator; figures are the median run's (default 3)")
      ->check(CLI::Range(1, 100))
      ->type_name("R");
  app.add_option("--znodes", znodes,
                 "Znodes for the data tree figures, as in zooscope bench data (default 100000 and 1000000)")
      ->type_name("N")
      ->check(CLI::Range(std::size_t{1000}, std::size_t{10000000}).description(""));
  if (const auto code = parse_or_exit(app, argc, argv, "bench zab", out, err, kUsage)) return *code;
  const auto servers = parse_servers(servers_text);
  if (!servers) {
    err << "zooscope bench zab: --servers: \"" << servers_text
        << "\" is not a server count (1-64), a list such as 3,5,7, or all\nusage: " << kUsage << "\n";
    return 2;
  }
  o.servers = *servers;
  o.op = op == "create" ? Op::Create : Op::Set;
  o.checkpoints = checkpoints == "default";

  for (int n : o.servers) {
    const int code = bench_one(n, o, out, err);
    if (code != 0) return code;
  }
  print_data_figures(out, znodes);
  return 0;
}

}  // namespace zs::cli

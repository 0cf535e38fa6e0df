#include "sim_command.hpp"
#include "parse_args.hpp"

#include <CLI/CLI.hpp>
#include <algorithm>
#include <charconv>
#include <fstream>
#include <memory>
#include <nlohmann/json.hpp>
#include <ostream>

#include "config/config.hpp"
#include "assets.hpp"
#include "console/console.hpp"
#include "run/run.hpp"
#include "run/sim_client_handle.hpp"
#include "wire/connect_string.hpp"

namespace zs::cli {

namespace {

std::string trim(std::string s) {
  const auto b = s.find_first_not_of(" \t");
  const auto e = s.find_last_not_of(" \t");
  return b == std::string::npos ? std::string{} : s.substr(b, e - b + 1);
}

std::vector<std::string> split(const std::string& s, char sep) {
  std::vector<std::string> parts;
  std::string cur;
  for (char c : s) {
    if (c == sep) {
      parts.push_back(cur);
      cur.clear();
    } else {
      cur += c;
    }
  }
  parts.push_back(cur);
  return parts;
}

template <class T>
bool parse_int(const std::string& text, T& out, int base = 10) {
  const std::string t = trim(text);
  if (t.empty()) return false;
  const char* b = t.data();
  const char* e = t.data() + t.size();
  auto [p, ec] = std::from_chars(b, e, out, base);
  return ec == std::errc{} && p == e;
}

Error flag_error(const std::string& flag, const std::string& message, const std::string& hint) {
  return Error{"", 0, flag + ": " + message, hint};
}

}  // namespace

Result<std::vector<std::pair<Sid, Ms>>> parse_sid_times(const std::string& flag, const std::string& value) {
  std::vector<std::pair<Sid, Ms>> out;
  for (const auto& item : split(value, ',')) {
    const auto at = item.find('@');
    Sid sid = 0;
    Ms ms = 0;
    if (at == std::string::npos || !parse_int(item.substr(0, at), sid) ||
        !parse_int(item.substr(at + 1), ms) || sid <= 0 || ms < 0)
      return flag_error(flag, "\"" + item + "\" is not SID@MS",
                        "write a server id and a virtual time in ms, e.g. " + flag + " 1@0,2@5000");
    out.emplace_back(sid, ms);
  }
  return out;
}

Result<std::vector<std::pair<Sid, Zxid>>> parse_zxids(const std::string& value) {
  std::vector<std::pair<Sid, Zxid>> out;
  for (const auto& item : split(value, ',')) {
    const auto eq = item.find('=');
    Sid sid = 0;
    std::uint64_t raw = 0;
    std::string z = eq == std::string::npos ? "" : trim(item.substr(eq + 1));
    const bool hex = z.size() > 2 && z[0] == '0' && (z[1] == 'x' || z[1] == 'X');
    if (eq == std::string::npos || !parse_int(item.substr(0, eq), sid) || sid <= 0 || !hex ||
        !parse_int(z.substr(2), raw, 16))
      return flag_error("--zxid", "\"" + item + "\" is not SID=0xZXID",
                        "give the zxid in hex like ZooKeeper prints it, e.g. --zxid 1=0x100000005,2=0x100000007");
    out.emplace_back(sid, Zxid(static_cast<std::int64_t>(raw)));
  }
  return out;
}

Result<Ms> parse_at_time(const std::string& flag, const std::string& value) {
  Ms ms = 0;
  const std::string v = trim(value);
  if (v.empty() || v[0] != '@' || !parse_int(v.substr(1), ms) || ms < 0)
    return flag_error(flag, "\"" + value + "\" is not @MS", "write the virtual time in ms after @, e.g. " + flag + " @8000");
  return ms;
}

// The flags that take an action of the run files' language read it with that language's
// parser (engine/run/action.hpp); only "@MS" and the flag's own spelling are theirs.
Result<ScheduledAction> parse_partition(const std::string& value) {
  const auto at = value.rfind('@');
  const std::string hint = "write the groups with | between them and the time after @, e.g. --partition \"1,2|3,4,5\"@5000";
  if (at == std::string::npos) return flag_error("--partition", "\"" + value + "\" has no @MS", hint);
  auto ms = parse_at_time("--partition", value.substr(at));
  if (!ms) return ms.error();
  auto parsed = run::parse_action("partition " + value.substr(0, at));
  if (!parsed) return flag_error("--partition", parsed.error().message, hint);
  ScheduledAction a;
  a.kind = ScheduledAction::Kind::Partition;
  a.at = ms.value();
  a.groups = std::get<run::Partition>(parsed.value()).groups;
  return a;
}

Result<Ratio> parse_probability(const std::string& flag, const std::string& value) {
  auto c = run::parse_chance(value, false);
  if (!c)
    return flag_error(flag, "\"" + value + "\" is not a probability",
                      "write a number from 0 to 1 or a percentage, e.g. " + flag + " 0.3 or " + flag + " 30%");
  return c.value();
}

Result<ClientLine> parse_client(const std::string& value) {
  const std::string hint =
      "write the server id (or a connect string), a colon, the zkCli command, then @ and the virtual "
      "time in ms, e.g. --client \"1: create /zk_test my_data\"@6000 or --client "
      "\"127.0.0.1:2181,127.0.0.1:2182: ls /\"@6000";
  const auto at = value.rfind('@');
  if (at == std::string::npos) return flag_error("--client", "\"" + value + "\" has no @MS", hint);
  ClientLine line;
  if (!parse_int(value.substr(at + 1), line.at) || line.at < 0)
    return flag_error("--client", "\"" + value.substr(at) + "\" in \"" + value + "\" is not @MS", hint);
  const std::string head = value.substr(0, at);
  // The target is the first word up to its last colon: a connect string has colons of its
  // own ("127.0.0.1:2181: ls /"), a zkCli command word has none.
  const std::size_t b = head.find_first_not_of(" \t");
  const std::size_t word_end = std::min(head.find_first_of(" \t", b == std::string::npos ? 0 : b), head.size());
  const std::size_t colon = b == std::string::npos ? std::string::npos : head.rfind(':', word_end - 1);
  if (colon == std::string::npos || colon < b)
    return flag_error("--client", "\"" + value + "\" does not start with a server id (or a connect string) and a colon",
                      hint);
  line.target = head.substr(b, colon - b);
  const bool is_connect_string = line.target.find_first_of(":,/[") != std::string::npos;
  if (!is_connect_string && (!parse_int(line.target, line.sid) || line.sid <= 0))
    return flag_error("--client", "\"" + value + "\" does not start with a server id (or a connect string) and a colon",
                      hint);
  line.command = trim(head.substr(colon + 1));
  if (line.command.empty()) return flag_error("--client", "\"" + value + "\" has no command", hint);
  return line;
}

Result<std::string> console_connect_string(const config::EnsembleConfig& ens, const std::string& flag,
                                           const std::string& target) {
  const std::string first = run::client_address(ens, ens.servers.front().sid);
  const std::string last = run::client_address(ens, ens.servers.back().sid);
  if (target.find_first_of(":,/[") == std::string::npos) {
    Sid sid = 0;
    if (!parse_int(target, sid) || ens.find(sid) == nullptr) {
      const bool dense = ens.servers.front().sid == 1 &&
                         ens.servers.back().sid == static_cast<Sid>(ens.servers.size());
      std::string ids;
      if (dense) {
        ids = "1-" + std::to_string(ens.servers.size());
      } else {
        for (const auto& s : ens.servers) ids += (ids.empty() ? "" : ", ") + std::to_string(s.sid);
      }
      return flag_error(flag, "there is no server " + target + " in this ensemble",
                        "use one of " + ids + ", or HOST:PORT[,HOST:PORT...]");
    }
    return run::client_address(ens, sid);
  }
  auto parsed = wire::parse_connect_string(target);
  if (!parsed)
    return flag_error(flag, "\"" + target + "\" is not a connect string: " + parsed.error().message,
                      "write HOST:PORT[,HOST:PORT...], e.g. " + first);
  if (!parsed.value().chroot.empty())
    return flag_error(flag, "\"" + target + "\" has the chroot " + parsed.value().chroot +
                                ", which the simulated console does not apply",
                      "leave out " + parsed.value().chroot + " and write the paths in full");
  const std::string ports =
      first.ends_with(":0") || last.ends_with(":0")
          ? "this zoo.cfg gives the servers no client port of their own (add ;PORT to each server line, or "
            "load one zoo.cfg per server), so use a server id"
          : "their client ports are " + first + " to " + last;
  for (const wire::HostPort& hp : parsed.value().hosts) {
    if (run::servers_for_connect_string(ens, hp.text()).empty()) {
      const std::string where = parsed.value().hosts.size() > 1 ? " (in " + target + ")" : "";
      return flag_error(flag, "no simulated server listens on " + hp.text() + where, ports);
    }
  }
  return target;
}

Result<LinkChange> parse_link(const std::string& value) {
  const std::string hint =
      "write FROM>TO:MIN-MAX in ms, optionally :LOSS, then @ and the virtual time, e.g. "
      "--link \"3>1:1500-1500\"@2500 or --link \"1>2:1-5:20%\"@4000";
  const auto at = value.rfind('@');
  if (at == std::string::npos) return flag_error("--link", "\"" + value + "\" has no @MS", hint);
  auto ms = parse_at_time("--link", value.substr(at));
  if (!ms) return ms.error();
  // FROM>TO:MIN-MAX[:LOSS] is the action "link FROM>TO MIN-MAX[:LOSS]".
  const std::string spec = value.substr(0, at);
  const auto colon = spec.find(':');
  if (colon == std::string::npos) return flag_error("--link", "\"" + value + "\" is not FROM>TO:MIN-MAX[:LOSS]", hint);
  auto parsed = run::parse_action("link " + spec.substr(0, colon) + " " + spec.substr(colon + 1), false);
  if (!parsed) return flag_error("--link", parsed.error().message, hint);
  return LinkChange{std::get<run::SetLinkParams>(parsed.value()), ms.value()};
}

std::string summary_line(const PeerSnapshot& p) {
  std::string s = "server." + std::to_string(p.sid) + " state=" + std::string(to_string(p.status)) +
                  " leader=" + (p.up && p.leader != 0 ? std::to_string(p.leader) : "-") +
                  " epoch=" + std::to_string(p.current_epoch) + " zxid=0x" + hex(p.last_processed_zxid);
  return s;
}

std::string summary_json(const std::vector<PeerSnapshot>& peers, Ms now) {
  nlohmann::ordered_json j;
  j["time_ms"] = now;
  auto& arr = j["servers"] = nlohmann::ordered_json::array();
  for (const auto& p : peers) {
    nlohmann::ordered_json s;
    s["sid"] = p.sid;
    s["state"] = std::string(to_string(p.status));
    if (p.up && p.leader != 0)
      s["leader"] = p.leader;
    else
      s["leader"] = nullptr;
    s["epoch"] = p.current_epoch;
    s["accepted_epoch"] = p.accepted_epoch;
    s["zxid"] = "0x" + hex(p.last_processed_zxid);
    s["round"] = p.round;
    arr.push_back(s);
  }
  return j.dump();
}

std::vector<std::string> check_lines(const check::SafetyChecker& checker) {
  std::vector<std::string> lines;
  if (checker.ok()) {
    lines.push_back("check: ok (" + std::to_string(checker.events()) + " events, " + std::to_string(checker.commits()) +
                    " commits, " + std::to_string(checker.leaders()) + " leaders)");
    return lines;
  }
  for (const check::Violation& v : checker.violations()) lines.push_back("check: FAILED: " + check::to_string(v));
  if (checker.dropped() > 0)
    lines.push_back("check: FAILED: " + std::to_string(checker.dropped()) + " more violations not listed");
  return lines;
}

namespace {

// The flags' actions, timed, in the order `zooscope sim` has always handed them to the
// simulator (presets, starts, crashes, restarts, partitions, heals; then links, clients).
struct FlagValues {
  std::vector<std::string> starts, crashes, restarts, zxids, partitions, heals, clients, links, actions;
};

Result<std::vector<run::RecordedAction>> flag_actions(const FlagValues& f,
                                                      const config::EnsembleConfig& ens) {
  std::vector<run::RecordedAction> out;
  std::optional<Error> unknown;  // the first action naming a server the ensemble lacks
  std::string flag;              // the flag being read
  auto timed = [&](Ms at, run::Action a) {
    for (Sid sid : run::sids_of(a))
      if (!unknown && ens.find(sid) == nullptr)
        unknown = Error{"", 0, flag + ": there is no server " + std::to_string(sid) + " in this ensemble",
                        "use one of the server ids of the ensemble"};
    out.push_back(run::RecordedAction{run::kAtTime, at, std::move(a)});
  };
  flag = "--zxid";
  for (const auto& v : f.zxids) {
    auto parsed = parse_zxids(v);
    if (!parsed) return parsed.error();
    for (auto [sid, z] : parsed.value()) timed(0, run::PresetZxid{sid, z});
  }
  auto add_times = [&](const std::vector<std::string>& values, const std::string& name, auto make) -> std::optional<Error> {
    flag = name;
    for (const auto& v : values) {
      auto parsed = parse_sid_times(name, v);
      if (!parsed) return parsed.error();
      for (auto [sid, ms] : parsed.value()) timed(ms, make(sid));
    }
    return std::nullopt;
  };
  if (auto e = add_times(f.starts, "--start", [](Sid s) { return run::StartServer{s}; })) return *e;
  if (auto e = add_times(f.crashes, "--crash", [](Sid s) { return run::CrashServer{s}; })) return *e;
  if (auto e = add_times(f.restarts, "--restart", [](Sid s) { return run::RestartServer{s}; })) return *e;
  flag = "--partition";
  for (const auto& v : f.partitions) {
    auto a = parse_partition(v);
    if (!a) return a.error();
    timed(a.value().at, run::Partition{a.value().groups});
  }
  for (const auto& v : f.heals) {
    auto ms = parse_at_time("--heal", v);
    if (!ms) return ms.error();
    timed(ms.value(), run::HealAll{});
  }
  flag = "--do";
  for (const auto& v : f.actions) {
    const auto at = v.rfind('@');
    const std::string hint = "write one action, then @ and the virtual time in ms, e.g. --do \"partition 1,2|3\"@5000";
    if (at == std::string::npos) return flag_error("--do", "\"" + v + "\" has no @MS", hint);
    auto ms = parse_at_time("--do", v.substr(at));
    if (!ms) return ms.error();
    auto a = run::parse_action(v.substr(0, at), false);
    if (!a) return flag_error("--do", "\"" + v.substr(0, at) + "\": " + a.error().message, a.error().hint);
    if (const auto* c = std::get_if<run::ConsoleLine>(&a.value()); c != nullptr && !c->connect.empty()) {
      auto connect = console_connect_string(ens, "--do", c->connect);
      if (!connect) return connect.error();
    }
    timed(ms.value(), std::move(a).value());
  }
  flag = "--link";
  for (const auto& v : f.links) {
    auto c = parse_link(v);
    if (!c) return c.error();
    timed(c.value().at, c.value().change);
  }
  flag = "--client";
  for (const auto& v : f.clients) {
    auto line = parse_client(v);
    if (!line) return line.error();
    if (line.value().sid != 0) {
      timed(line.value().at, run::ConsoleLine{line.value().sid, line.value().command});
      continue;
    }
    auto connect = console_connect_string(ens, "--client", line.value().target);
    if (!connect) return connect.error();
    timed(line.value().at, run::ConsoleLine{0, line.value().command, connect.value()});
  }
  if (unknown) return *unknown;
  return out;
}

}  // namespace

int run_sim(int argc, char** argv, std::ostream& out, std::ostream& err) {
  CLI::App app{"Run a simulated ZooKeeper ensemble headless and print each server's final state.\n"
               "Times are virtual milliseconds. Example:\n"
               "  zooscope sim --servers 5 --start 1@0,2@2500,3@5000,4@7500,5@10000 --until 15000\n"
               "  zooscope sim --client \"1: create /zk_test my_data\"@6000 --client \"1: get -s /zk_test\"@6100\n"
               "  zooscope sim --scenario leader-crash --until 9000",
               "zooscope sim"};
  app.set_help_flag("-h,--help", "Print this help and exit");
  SimRequest req;
  FlagValues f;
  std::string loss, latency, scenario, replay;
  auto* servers = app.add_option("--servers", req.servers, "Voting servers on 127.0.0.1 (1-64), e.g. --servers 5")
                      ->check(CLI::Range(1, 64));
  auto* observers = app.add_option("--observers", req.observers, "Observers added after the voters, e.g. --observers 1")->check(CLI::Range(0, 63));
  auto* cfg = app.add_option("--config", req.config_files,
                             "zoo.cfg file(s): one for the whole ensemble, or one per server, e.g. --config zoo1.cfg zoo2.cfg zoo3.cfg")
                  ->check(CLI::ExistingFile);
  servers->excludes(cfg);
  auto* scenario_opt = app.add_option("--scenario", scenario,
                                      "Run a built-in scenario (the window's --scenario), e.g. --scenario leader-crash; "
                                      "it ends where the file says unless --until is given");
  auto* replay_opt = app.add_option("--replay", replay,
                                    "Run a saved run file (the window's Save run, or one written by hand), e.g. --replay run.json")
                         ->check(CLI::ExistingFile);
  scenario_opt->excludes(replay_opt);
  for (auto* o : {scenario_opt, replay_opt}) {
    o->excludes(servers);
    o->excludes(observers);
    o->excludes(cfg);
  }
  app.add_option("--start", f.starts, "Start servers at virtual times SID@MS, e.g. --start 1@0,2@5000 (default: all at 0)");
  app.add_option("--crash", f.crashes, "Crash servers SID@MS, e.g. --crash 3@8000");
  app.add_option("--restart", f.restarts, "Restart crashed servers SID@MS, e.g. --restart 3@12000");
  app.add_option("--zxid", f.zxids, "Preset a server's last logged zxid SID=0xZXID, e.g. --zxid 1=0x100000005,2=0x100000007");
  app.add_option("--partition", f.partitions, "Cut the network into groups at a time, e.g. --partition \"1,2|3,4,5\"@5000");
  app.add_option("--heal", f.heals, "Heal every cut link at a time, e.g. --heal @9000");
  app.add_option("--loss", loss, "Chance that a message is lost on any link, e.g. --loss 0.1 or --loss 10%");
  app.add_option("--link", f.links,
                 "From a virtual time on, one direction of one link takes MIN-MAX ms (and loses LOSS), "
                 "\"FROM>TO:MIN-MAX[:LOSS]\"@MS (repeatable), e.g. --link \"3>1:1500-1500\"@2500");
  app.add_option("--do", f.actions,
                 "Any action of the run files' language at a virtual time, \"ACTION\"@MS (repeatable), e.g. "
                 "--do \"isolate 3\"@4000, --do \"link 1>2 1-5:20%\"@4000, --do \"client 1: ls /\"@6000 "
                 "(actions: docs/run-files.md)");
  app.add_option("--latency", latency, "One-way latency range in ms MIN-MAX, e.g. --latency 1-5 (default 1-5)");
  auto* seed_opt = app.add_option("--seed", req.options.seed, "Seed of the simulation's random numbers, e.g. --seed 42 (default 1)");
  auto* until_opt = app.add_option("--until", req.until_ms, "Stop at this virtual time in ms, e.g. --until 20000 (default 10000)")
                        ->check(CLI::NonNegativeNumber);
  app.add_option("--trace", req.trace_file, "Write every trace event as JSON Lines, e.g. --trace run.jsonl (schema: docs/trace-schema.md)");
  app.add_option("--client", f.clients,
                 "Run a zkCli command on a console connected to server SID at a virtual time, \"SID: command\"@MS, "
                 "or to zkCli's -server string, \"HOST:PORT[,HOST:PORT...]: command\"@MS "
                 "(repeatable; one console per server or string, connected at its first command; the run goes past --until "
                 "until the lines are done; the transcripts are printed before the final states, or as "
                 "\"transcript\" with --json), e.g. "
                 "--client \"1: create /zk_test my_data\"@6000");
  app.add_flag("--json", req.json, "Print the final states as one JSON object instead of lines");
  app.add_flag("--log", req.log, "Print the servers' ZooKeeper-style log lines before the final states");
  app.add_flag("--check", req.check,
               "Check Zab's safety rules after every event (one leader per epoch, no committed write lost, "
               "equal histories hold equal trees) and print \"check: ok (...)\" or one \"check: FAILED: ...\" "
               "line per violation last (with --json: a \"check\" member); exit 1 on a violation");
  if (const auto code = parse_or_exit(app, argc, argv, "sim", out, err)) return *code;

  auto fail = [&](const Error& e) {
    err << "zooscope sim: " << e.to_string() << "\n";
    return 2;
  };

  // The run: a scenario or run file, or the ensemble of the flags.
  run::RunFile file;
  const bool from_file = !scenario.empty() || !replay.empty();
  if (from_file) {
    std::string path = replay;
    if (!scenario.empty()) {
      path = find_scenario(scenario).string();
      if (path.empty()) {
        std::string names;
        for (const auto& n : scenario_names()) names += (names.empty() ? "" : ", ") + n;
        return fail(Error{"", 0, "--scenario: there is no scenario named \"" + scenario + "\"", "use one of " + names});
      }
    }
    auto loaded = run::load_run_file(path);
    if (!loaded) return fail(loaded.error());
    file = std::move(loaded).value();
    if (seed_opt->count() > 0) file.setup.seed = req.options.seed;
  } else {
    if (!req.config_files.empty()) {
      auto loaded = config::load_ensemble(req.config_files);
      if (!loaded) return fail(loaded.error());
      file.setup.ensemble = std::move(loaded).value();
      file.setup.config_path = req.config_files.size() == 1 ? req.config_files[0] : std::string{};
      for (const auto& w : file.setup.ensemble.warnings) err << "zooscope sim: warning: " << w.to_string() << "\n";
      for (const auto& c : file.setup.ensemble.files)
        err << "zooscope sim: " << c.path << " is server." << c.sid << " (sid from the "
            << config::to_string(c.rule) << ")\n";
    } else {
      file.setup.ensemble = config::default_ensemble(req.servers, req.observers);
    }
    file.setup.seed = req.options.seed;
  }
  const config::EnsembleConfig& ens = file.setup.ensemble;

  if (!latency.empty()) {
    auto range = run::parse_latency(latency);
    if (!range) return fail(flag_error("--latency", range.error().message, "write two ms values, e.g. --latency 1-5"));
    file.setup.link.latency_min_ms = range.value().first;
    file.setup.link.latency_max_ms = range.value().second;
  }
  if (!loss.empty()) {
    auto p = parse_probability("--loss", loss);
    if (!p) return fail(p.error());
    file.setup.link.loss = p.value();
  }
  auto actions = flag_actions(f, ens);
  if (!actions) return fail(actions.error());
  Ms last_client_ms = 0;
  for (const run::RecordedAction& r : actions.value())
    if (std::holds_alternative<run::ConsoleLine>(r.action)) last_client_ms = std::max(last_client_ms, r.at_ms);
  if (!f.starts.empty()) file.setup.start = std::vector<Sid>{};  // only the --start servers run
  file.actions.insert(file.actions.end(), actions.value().begin(), actions.value().end());

  // A file ends where it says, unless --until says otherwise; flags run to --until, and past it
  // until the --client lines are done.
  run::Run r(file.setup);
  check::SafetyChecker checker;
  if (req.check) r.on_event([&](const Simulator& s) { checker.after_event(s); });
  std::optional<Ms> at;
  if (!from_file || until_opt->count() > 0) at = std::max(req.until_ms, f.clients.empty() ? Ms{0} : last_client_ms);
  r.load(file, at);
  if (!f.clients.empty()) {
    constexpr Ms kFinishMs = 60000;
    for (Sid sid : r.finish_consoles(r.sim().now() + kFinishMs))
      err << "zooscope sim: the console on server " << sid << " was still busy at " << r.sim().now()
          << " ms (60 s of virtual time after its last line); its transcript stops there\n";
  }
  const Simulator& sim = r.sim();
  if (req.check) checker.check_replicas(sim);  // the run's end is its quiet moment
  const std::string transcript = console::merged_transcript_text(r.all_consoles());

  if (req.log) {
    for (const auto& ev : sim.trace())
      if (const auto* line = std::get_if<LogLine>(&ev.body))
        out << ev.at << " [myid:" << line->sid << "] - " << to_string(line->level) << " - "
            << format_log(*line, sim.trace_context()) << "\n";
  }
  if (!req.trace_file.empty()) {
    std::ofstream tf(req.trace_file, std::ios::binary);
    if (!tf) return fail(Error{req.trace_file, 0, "cannot write the trace file", "check the directory exists and is writable"});
    write_jsonl(tf, sim.trace(), sim.trace_context());
  }
  const auto peers = sim.snapshot();
  const bool has_consoles = !r.all_consoles().empty();
  if (req.json) {
    if (!has_consoles && !req.check) {
      out << summary_json(peers, sim.now()) << "\n";
    } else {
      auto j = nlohmann::ordered_json::parse(summary_json(peers, sim.now()));
      if (has_consoles) j["transcript"] = transcript;
      if (req.check) j["check"] = check_lines(checker);
      out << j.dump() << "\n";
    }
  } else {
    out << transcript;
    for (const auto& p : peers) out << summary_line(p) << "\n";
    if (req.check)
      for (const std::string& line : check_lines(checker)) out << line << "\n";
  }
  return req.check && !checker.ok() ? 1 : 0;
}

}  // namespace zs::cli

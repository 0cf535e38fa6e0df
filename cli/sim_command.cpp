#include "sim_command.hpp"
#include "parse_args.hpp"

#include <CLI/CLI.hpp>
#include <algorithm>
#include <charconv>
#include <fstream>
#include <memory>
#include <nlohmann/json.hpp>
#include <ostream>
#include <set>
#include <sstream>

#include "config/config.hpp"
#include "console/console.hpp"

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

// "MIN-MAX" in ms with 0 <= MIN <= MAX into the link's latency range; false when it is not.
bool parse_latency_range(const std::string& text, LinkParams& link) {
  const auto dash = text.find('-');
  Ms lo = 0, hi = 0;
  if (dash == std::string::npos || !parse_int(text.substr(0, dash), lo) || !parse_int(text.substr(dash + 1), hi) ||
      lo < 0 || hi < lo)
    return false;
  link.latency_min_ms = lo;
  link.latency_max_ms = hi;
  return true;
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

Result<ScheduledAction> parse_partition(const std::string& value) {
  const auto at = value.rfind('@');
  const std::string hint = "write the groups with | between them and the time after @, e.g. --partition \"1,2|3,4,5\"@5000";
  if (at == std::string::npos) return flag_error("--partition", "\"" + value + "\" has no @MS", hint);
  auto ms = parse_at_time("--partition", value.substr(at));
  if (!ms) return ms.error();
  ScheduledAction a;
  a.kind = ScheduledAction::Kind::Partition;
  a.at = ms.value();
  std::set<Sid> seen;
  for (const auto& g : split(value.substr(0, at), '|')) {
    std::vector<Sid> group;
    for (const auto& item : split(g, ',')) {
      Sid sid = 0;
      if (!parse_int(item, sid) || sid <= 0)
        return flag_error("--partition", "\"" + trim(item) + "\" is not a server id", hint);
      if (!seen.insert(sid).second)
        return flag_error("--partition", "server " + std::to_string(sid) + " is in two groups", hint);
      group.push_back(sid);
    }
    a.groups.push_back(group);
  }
  if (a.groups.size() < 2) return flag_error("--partition", "a partition needs at least two groups", hint);
  return a;
}

Result<Ratio> parse_probability(const std::string& flag, const std::string& value) {
  std::string v = trim(value);
  double scale = 1.0;
  if (!v.empty() && v.back() == '%') {
    v.pop_back();
    scale = 100.0;
  }
  double p = -1;
  std::istringstream in(v);
  in.imbue(std::locale::classic());
  in >> p;
  if (!in || !in.eof() || p < 0 || p / scale > 1.0)
    return flag_error(flag, "\"" + value + "\" is not a probability", "write a number from 0 to 1 or a percentage, e.g. " + flag + " 0.3 or " + flag + " 30%");
  return Ratio{static_cast<std::uint32_t>(p / scale * 1000000.0 + 0.5), 1000000};
}

Result<ClientLine> parse_client(const std::string& value) {
  const std::string hint =
      "write the server id, a colon, the zkCli command, then @ and the virtual time in ms, e.g. "
      "--client \"1: create /zk_test my_data\"@6000";
  const auto at = value.rfind('@');
  if (at == std::string::npos) return flag_error("--client", "\"" + value + "\" has no @MS", hint);
  ClientLine line;
  if (!parse_int(value.substr(at + 1), line.at) || line.at < 0)
    return flag_error("--client", "\"" + value.substr(at) + "\" in \"" + value + "\" is not @MS", hint);
  const std::string head = value.substr(0, at);
  const auto colon = head.find(':');
  if (colon == std::string::npos || !parse_int(head.substr(0, colon), line.sid) || line.sid <= 0)
    return flag_error("--client", "\"" + value + "\" does not start with a server id and a colon", hint);
  line.command = trim(head.substr(colon + 1));
  if (line.command.empty()) return flag_error("--client", "\"" + value + "\" has no command", hint);
  return line;
}

Result<LinkChange> parse_link(const std::string& value, const LinkParams& base) {
  const std::string hint =
      "write FROM>TO:MIN-MAX in ms, optionally :LOSS, then @ and the virtual time, e.g. "
      "--link \"3>1:1500-1500\"@2500 or --link \"1>2:1-5:20%\"@4000";
  const auto at = value.rfind('@');
  if (at == std::string::npos) return flag_error("--link", "\"" + value + "\" has no @MS", hint);
  auto ms = parse_at_time("--link", value.substr(at));
  if (!ms) return ms.error();
  LinkChange c;
  c.at = ms.value();
  c.params = base;
  const std::vector<std::string> parts = split(value.substr(0, at), ':');
  if (parts.size() < 2 || parts.size() > 3) return flag_error("--link", "\"" + value + "\" is not FROM>TO:MIN-MAX[:LOSS]", hint);
  const auto gt = parts[0].find('>');
  if (gt == std::string::npos || !parse_int(parts[0].substr(0, gt), c.from) || !parse_int(parts[0].substr(gt + 1), c.to) ||
      c.from <= 0 || c.to <= 0)
    return flag_error("--link", "\"" + trim(parts[0]) + "\" is not FROM>TO (two server ids)", hint);
  if (c.from == c.to) return flag_error("--link", "a link joins two different servers", hint);
  if (!parse_latency_range(parts[1], c.params))
    return flag_error("--link", "\"" + trim(parts[1]) + "\" is not MIN-MAX (ms, MIN <= MAX)", hint);
  if (parts.size() == 3) {
    auto p = parse_probability("--link", parts[2]);
    if (!p) return flag_error("--link", "\"" + trim(parts[2]) + "\" is not a loss chance (0 to 1, or a percentage)", hint);
    c.params.loss = p.value();
  }
  return c;
}

std::string run_clients(Simulator& sim, const std::vector<ClientLine>& clients, Ms until_ms, std::ostream& err,
                        const std::vector<LinkChange>& links) {
  constexpr Ms kFinishMs = 60000;
  std::vector<Sid> sids;  // index = client handle
  for (const auto& c : clients)
    if (std::find(sids.begin(), sids.end(), c.sid) == sids.end()) sids.push_back(c.sid);
  std::vector<std::unique_ptr<console::Console>> consoles(sids.size());
  std::vector<console::Console*> live;
  std::vector<ClientLine> lines = clients;
  std::stable_sort(lines.begin(), lines.end(), [](const ClientLine& a, const ClientLine& b) { return a.at < b.at; });
  std::vector<LinkChange> changes = links;
  std::stable_sort(changes.begin(), changes.end(), [](const LinkChange& a, const LinkChange& b) { return a.at < b.at; });
  std::size_t j = 0;
  for (std::size_t k = 0; k < lines.size() || j < changes.size();) {
    const Ms t = std::min(k < lines.size() ? lines[k].at : kNever, j < changes.size() ? changes[j].at : kNever);
    console::run_consoles_until(sim, live, t);
    for (; j < changes.size() && changes[j].at == t; ++j) sim.set_link(changes[j].from, changes[j].to, changes[j].params);
    for (; k < lines.size() && lines[k].at == t; ++k) {
      const auto handle = static_cast<std::size_t>(std::find(sids.begin(), sids.end(), lines[k].sid) - sids.begin());
      if (!consoles[handle]) {
        consoles[handle] = std::make_unique<console::Console>(sim, static_cast<std::int32_t>(handle), lines[k].sid);
        live.push_back(consoles[handle].get());
      }
      consoles[handle]->enter(lines[k].command);
    }
    for (auto* c : live) c->pump();
  }
  if (sim.now() < until_ms) console::run_consoles_until(sim, live, until_ms);
  if (!console::run_until_idle(sim, live, sim.now() + kFinishMs)) {
    for (std::size_t h = 0; h < consoles.size(); ++h) {
      if (consoles[h]->idle() && !consoles[h]->awaiting_first_connection()) continue;
      err << "zooscope sim: the console on server " << sids[h] << " was still busy at " << sim.now()
          << " ms (60 s of virtual time after its last line); its transcript stops there\n";
    }
  }
  std::vector<const console::Console*> in_order;
  for (const auto& c : consoles) in_order.push_back(c.get());
  return console::merged_transcript_text(in_order);
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

int run_sim(int argc, char** argv, std::ostream& out, std::ostream& err) {
  CLI::App app{"Run a simulated ZooKeeper ensemble headless and print each server's final state.\n"
               "Times are virtual milliseconds. Example:\n"
               "  zooscope sim --servers 5 --start 1@0,2@2500,3@5000,4@7500,5@10000 --until 15000\n"
               "  zooscope sim --client \"1: create /zk_test my_data\"@6000 --client \"1: get -s /zk_test\"@6100",
               "zooscope sim"};
  app.set_help_flag("-h,--help", "Print this help and exit");
  SimRequest req;
  std::vector<std::string> starts, crashes, restarts, zxids, partitions, heals, clients, link_values;
  std::string loss, latency;
  auto* servers = app.add_option("--servers", req.servers, "Voting servers on 127.0.0.1 (1-64), e.g. --servers 5")
                      ->check(CLI::Range(1, 64));
  app.add_option("--observers", req.observers, "Observers added after the voters, e.g. --observers 1")->check(CLI::Range(0, 63));
  auto* cfg = app.add_option("--config", req.config_files,
                             "zoo.cfg file(s): one for the whole ensemble, or one per server, e.g. --config zoo1.cfg zoo2.cfg zoo3.cfg")
                  ->check(CLI::ExistingFile);
  servers->excludes(cfg);
  app.add_option("--start", starts, "Start servers at virtual times SID@MS, e.g. --start 1@0,2@5000 (default: all at 0)");
  app.add_option("--crash", crashes, "Crash servers SID@MS, e.g. --crash 3@8000");
  app.add_option("--restart", restarts, "Restart crashed servers SID@MS, e.g. --restart 3@12000");
  app.add_option("--zxid", zxids, "Preset a server's last logged zxid SID=0xZXID, e.g. --zxid 1=0x100000005,2=0x100000007");
  app.add_option("--partition", partitions, "Cut the network into groups at a time, e.g. --partition \"1,2|3,4,5\"@5000");
  app.add_option("--heal", heals, "Heal every cut link at a time, e.g. --heal @9000");
  app.add_option("--loss", loss, "Chance that a message is lost on any link, e.g. --loss 0.1 or --loss 10%");
  app.add_option("--link", link_values,
                 "From a virtual time on, one direction of one link takes MIN-MAX ms (and loses LOSS), "
                 "\"FROM>TO:MIN-MAX[:LOSS]\"@MS (repeatable), e.g. --link \"3>1:1500-1500\"@2500");
  app.add_option("--latency", latency, "One-way latency range in ms MIN-MAX, e.g. --latency 1-5 (default 1-5)");
  app.add_option("--seed", req.options.seed, "Seed of the simulation's random numbers, e.g. --seed 42 (default 1)");
  app.add_option("--until", req.until_ms, "Stop at this virtual time in ms, e.g. --until 20000 (default 10000)")->check(CLI::NonNegativeNumber);
  app.add_option("--trace", req.trace_file, "Write every trace event as JSON Lines, e.g. --trace run.jsonl (schema: docs/trace-schema.md)");
  app.add_option("--client", clients,
                 "Run a zkCli command on a console connected to server SID at a virtual time, \"SID: command\"@MS "
                 "(repeatable; one console per server, connected at its first command; the run goes past --until "
                 "until the lines are done; the transcripts are printed before the final states, or as "
                 "\"transcript\" with --json), e.g. "
                 "--client \"1: create /zk_test my_data\"@6000");
  app.add_flag("--json", req.json, "Print the final states as one JSON object instead of lines");
  app.add_flag("--log", req.log, "Print the servers' ZooKeeper-style log lines before the final states");
  if (const auto code = parse_or_exit(app, argc, argv, "sim", out, err)) return *code;

  auto fail = [&](const Error& e) {
    err << "zooscope sim: " << e.to_string() << "\n";
    return 2;
  };

  config::EnsembleConfig ens;
  if (!req.config_files.empty()) {
    auto loaded = config::load_ensemble(req.config_files);
    if (!loaded) return fail(loaded.error());
    ens = std::move(loaded).value();
    for (const auto& w : ens.warnings) err << "zooscope sim: warning: " << w.to_string() << "\n";
    for (const auto& f : ens.files)
      err << "zooscope sim: " << f.path << " is server." << f.sid << " (sid from the "
          << config::to_string(f.rule) << ")\n";
  } else {
    ens = config::default_ensemble(req.servers, req.observers);
  }
  auto known = [&](Sid sid) { return ens.find(sid) != nullptr; };
  auto unknown = [&](const std::string& flag, Sid sid) {
    return Error{"", 0, flag + ": there is no server " + std::to_string(sid) + " in this ensemble",
                 "use one of the server ids of the ensemble"};
  };

  if (!latency.empty()) {
    if (!parse_latency_range(latency, req.options.link))
      return fail(Error{"", 0, "--latency: \"" + latency + "\" is not MIN-MAX", "write two ms values, e.g. --latency 1-5"});
  }
  if (!loss.empty()) {
    auto p = parse_probability("--loss", loss);
    if (!p) return fail(p.error());
    req.options.link.loss = p.value();
  }

  Simulator sim(ens, req.options);
  auto add_times = [&](const std::vector<std::string>& values, const std::string& flag, ScheduledAction::Kind kind) -> std::optional<Error> {
    for (const auto& v : values) {
      auto parsed = parse_sid_times(flag, v);
      if (!parsed) return parsed.error();
      for (auto [sid, ms] : parsed.value()) {
        if (!known(sid)) return unknown(flag, sid);
        ScheduledAction a;
        a.kind = kind;
        a.sid = sid;
        a.at = ms;
        sim.schedule(a);
      }
    }
    return std::nullopt;
  };
  for (const auto& v : zxids) {
    auto parsed = parse_zxids(v);
    if (!parsed) return fail(parsed.error());
    for (auto [sid, z] : parsed.value()) {
      if (!known(sid)) return fail(unknown("--zxid", sid));
      sim.preset_zxid(sid, z);
    }
  }
  if (starts.empty()) {
    for (const auto& s : ens.servers) {
      ScheduledAction a;
      a.kind = ScheduledAction::Kind::Start;
      a.sid = s.sid;
      sim.schedule(a);
    }
  } else if (auto e = add_times(starts, "--start", ScheduledAction::Kind::Start)) {
    return fail(*e);
  }
  if (auto e = add_times(crashes, "--crash", ScheduledAction::Kind::Crash)) return fail(*e);
  if (auto e = add_times(restarts, "--restart", ScheduledAction::Kind::Restart)) return fail(*e);
  for (const auto& v : partitions) {
    auto a = parse_partition(v);
    if (!a) return fail(a.error());
    for (const auto& g : a.value().groups)
      for (Sid sid : g)
        if (!known(sid)) return fail(unknown("--partition", sid));
    sim.schedule(a.value());
  }
  for (const auto& v : heals) {
    auto ms = parse_at_time("--heal", v);
    if (!ms) return fail(ms.error());
    ScheduledAction a;
    a.kind = ScheduledAction::Kind::HealAll;
    a.at = ms.value();
    sim.schedule(a);
  }

  std::vector<LinkChange> links;
  for (const auto& v : link_values) {
    auto c = parse_link(v, req.options.link);
    if (!c) return fail(c.error());
    if (!known(c.value().from)) return fail(unknown("--link", c.value().from));
    if (!known(c.value().to)) return fail(unknown("--link", c.value().to));
    links.push_back(c.value());
  }

  for (const auto& v : clients) {
    auto line = parse_client(v);
    if (!line) return fail(line.error());
    if (!known(line.value().sid)) return fail(unknown("--client", line.value().sid));
    req.clients.push_back(line.value());
  }

  std::string transcript;
  if (req.clients.empty()) {
    std::stable_sort(links.begin(), links.end(), [](const LinkChange& a, const LinkChange& b) { return a.at < b.at; });
    for (const LinkChange& c : links) {
      if (c.at > req.until_ms) break;
      sim.run_until(c.at);
      sim.set_link(c.from, c.to, c.params);
    }
    sim.run_until(req.until_ms);
  } else {
    transcript = run_clients(sim, req.clients, req.until_ms, err, links);
  }

  if (req.log) {
    for (const auto& ev : sim.trace())
      if (const auto* line = std::get_if<LogLine>(&ev.body))
        out << ev.at << " [myid:" << line->sid << "] - " << to_string(line->level) << " - "
            << format_log(*line, sim.trace_context()) << "\n";
  }
  if (!req.trace_file.empty()) {
    std::ofstream f(req.trace_file, std::ios::binary);
    if (!f) return fail(Error{req.trace_file, 0, "cannot write the trace file", "check the directory exists and is writable"});
    write_jsonl(f, sim.trace(), sim.trace_context());
  }
  const auto peers = sim.snapshot();
  if (req.json) {
    if (req.clients.empty()) {
      out << summary_json(peers, sim.now()) << "\n";
    } else {
      auto j = nlohmann::ordered_json::parse(summary_json(peers, sim.now()));
      j["transcript"] = transcript;
      out << j.dump() << "\n";
    }
  } else {
    out << transcript;
    for (const auto& p : peers) out << summary_line(p) << "\n";
  }
  return 0;
}

}  // namespace zs::cli

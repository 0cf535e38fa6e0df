// Run files (run_file.hpp): JSON <-> RunFile.
#include "run/run_file.hpp"

#include <algorithm>
#include <fstream>

#include <fmt/format.h>

namespace zs::run {
namespace {

// A run file saved before the action language named its actions by kind and fields.
Result<Action> legacy_action(const nlohmann::json& j) {
  const std::string kind = j.at("kind").get<std::string>();
  auto sid = [&] { return j.at("sid").get<Sid>(); };
  if (kind == "start") return Action{StartServer{sid()}};
  if (kind == "crash") return Action{CrashServer{sid()}};
  if (kind == "restart") return Action{RestartServer{sid()}};
  if (kind == "isolate") return Action{IsolateServer{sid()}};
  if (kind == "heal_all") return Action{HealAll{}};
  if (kind == "cut_link") return Action{CutLink{j.at("from").get<Sid>(), j.at("to").get<Sid>()}};
  if (kind == "heal_link") return Action{HealLink{j.at("from").get<Sid>(), j.at("to").get<Sid>()}};
  if (kind == "link") {
    const int percent = std::clamp(j.at("loss_percent").get<int>(), 0, 100);
    return Action{SetLinkParams{j.at("from").get<Sid>(), j.at("to").get<Sid>(), Ratio{static_cast<std::uint32_t>(percent), 100},
                                j.at("latency_min_ms").get<Ms>(), j.at("latency_max_ms").get<Ms>()}};
  }
  if (kind == "write") return Action{WriteButton{sid(), j.value("count", 1)}};
  if (kind == "console") return Action{ConsoleLine{sid(), j.at("line").get<std::string>()}};
  if (kind == "kill_client") return Action{KillClient{sid()}};
  return Error{"", 0, fmt::format("unknown action kind \"{}\"", kind),
               "write the action as \"do\": \"crash 3\" (see docs/run-files.md), or use a kind among crash, "
               "restart, isolate, heal_all, cut_link, heal_link, link, write, console or kill_client"};
}

Result<LinkParams> link_defaults(const nlohmann::json& j, const std::string& source) {
  LinkParams link;
  if (j.contains("latency")) {
    auto latency = parse_latency(j.at("latency").get<std::string>());
    if (!latency) return Error{source, 0, "\"latency\": " + latency.error().message, latency.error().hint};
    link.latency_min_ms = latency.value().first;
    link.latency_max_ms = latency.value().second;
  }
  if (j.contains("loss")) {
    auto c = parse_chance(j.at("loss").get<std::string>(), false);
    if (!c) return Error{source, 0, "\"loss\": " + c.error().message, c.error().hint};
    link.loss = c.value();
  }
  return link;
}

}  // namespace

std::optional<Error> check_servers(const Action& a, const config::EnsembleConfig& ensemble) {
  for (Sid sid : sids_of(a)) {
    if (ensemble.find(sid) == nullptr)
      return Error{"", 0, fmt::format("\"{}\": there is no server {} in this ensemble", to_text(a), sid),
                   "use one of the ensemble's server ids"};
  }
  return std::nullopt;
}

nlohmann::json to_json(const RunFile& run) {
  nlohmann::json j;
  j["zooscope_run"] = 1;
  if (!run.title.empty()) j["title"] = run.title;
  if (!run.title_zh.empty()) j["title_zh-CN"] = run.title_zh;
  if (!run.description.empty()) j["description"] = run.description;
  if (!run.description_zh.empty()) j["description_zh-CN"] = run.description_zh;
  j["seed"] = run.setup.seed;
  nlohmann::json servers = nlohmann::json::array();
  for (const config::ServerSpec& s : run.setup.ensemble.servers) servers.push_back(config::server_value(s));
  j["servers"] = servers;
  nlohmann::json sids = nlohmann::json::array();
  for (const config::ServerSpec& s : run.setup.ensemble.servers) sids.push_back(s.sid);
  j["sids"] = sids;
  j["voters"] = run.setup.ensemble.voter_count();
  j["observers"] = static_cast<int>(run.setup.ensemble.servers.size()) - run.setup.ensemble.voter_count();
  if (!run.setup.config_path.empty()) j["config"] = run.setup.config_path;
  if (run.setup.start) j["start"] = *run.setup.start;
  const LinkParams defaults;
  if (run.setup.link.latency_min_ms != defaults.latency_min_ms || run.setup.link.latency_max_ms != defaults.latency_max_ms)
    j["latency"] = fmt::format("{}-{}", run.setup.link.latency_min_ms, run.setup.link.latency_max_ms);
  if (run.setup.link.loss.numerator != 0) j["loss"] = chance_text(run.setup.link.loss);
  j["end_event"] = run.end_event;
  j["end_ms"] = run.end_ms;
  nlohmann::json actions = nlohmann::json::array();
  for (const RecordedAction& a : run.actions) {
    nlohmann::json x;
    if (a.at_event != kAtTime) x["at_event"] = a.at_event;
    x["at_ms"] = a.at_ms;
    x["do"] = to_text(a.action);
    actions.push_back(std::move(x));
  }
  j["actions"] = actions;
  return j;
}

Result<RunFile> run_from_json(const nlohmann::json& j, const std::string& source) {
  try {
    if (!j.is_object() || !j.contains("zooscope_run")) {
      return Error{source, 0, "not a zooscope run file (no \"zooscope_run\" key)",
                   "save one with the window's Save run button"};
    }
    RunFile run;
    run.setup.seed = j.at("seed").get<std::uint64_t>();
    if (j.contains("config")) {
      run.setup.config_path = j.at("config").get<std::string>();
      auto loaded = config::load_ensemble({run.setup.config_path});
      if (!loaded) return Error{source, 0, loaded.error().to_string(), ""};
      run.setup.ensemble = std::move(loaded).value();
    } else {
      const int voters = j.at("voters").get<int>();
      const int observers = j.value("observers", 0);
      if (voters < 1 || voters > 64 || observers < 0 || voters + observers > 64)
        return Error{source, 0, fmt::format("{} voters and {} observers is not an ensemble zooscope runs", voters, observers),
                     "use 1-64 voters and 0-63 observers, 64 servers at most"};
      run.setup.ensemble = config::default_ensemble(voters, observers);
    }
    auto link = link_defaults(j, source);
    if (!link) return link.error();
    run.setup.link = link.value();
    if (j.contains("start")) {
      run.setup.start = j.at("start").get<std::vector<Sid>>();
      for (Sid sid : *run.setup.start) {
        if (run.setup.ensemble.find(sid) == nullptr)
          return Error{source, 0, fmt::format("\"start\": there is no server {} in this ensemble", sid),
                       "list the servers running at time 0 by their ids"};
      }
    }
    run.title = j.value("title", std::string{});
    run.title_zh = j.value("title_zh-CN", std::string{});
    run.description = j.value("description", std::string{});
    run.description_zh = j.value("description_zh-CN", std::string{});
    run.end_event = j.value("end_event", std::uint64_t{0});
    run.end_ms = j.value("end_ms", Ms{0});
    std::uint64_t last = 0;
    int n = 0;
    for (const auto& x : j.at("actions")) {
      ++n;
      const bool text = x.contains("do");
      auto a = text ? parse_action(x.at("do").get<std::string>()) : legacy_action(x);
      if (!a) {
        const std::string where = text ? fmt::format("action {}: \"{}\"", n, x.at("do").get<std::string>())
                                       : fmt::format("action {}", n);
        return Error{source, 0, fmt::format("{}: {}", where, a.error().message), a.error().hint};
      }
      if (auto e = check_servers(a.value(), run.setup.ensemble))
        return Error{source, 0, fmt::format("action {}: {}", n, e->message), e->hint};
      RecordedAction r{x.contains("at_event") ? x.at("at_event").get<std::uint64_t>() : kAtTime,
                       x.value("at_ms", Ms{0}), std::move(a).value()};
      if (r.at_event == kAtTime && !x.contains("at_ms")) {
        return Error{source, 0, fmt::format("action {} has neither at_event nor at_ms", n),
                     "give the moment as at_ms (virtual ms)"};
      }
      if (r.at_ms < 0) return Error{source, 0, fmt::format("action {}: at_ms {} is before the start", n, r.at_ms), "use 0 or later"};
      if (r.at_event != kAtTime && r.at_event < last) {
        return Error{source, 0, fmt::format("action at_event {} comes after at_event {}", r.at_event, last),
                     "list the actions in at_event order"};
      }
      if (r.at_event != kAtTime) last = r.at_event;
      run.actions.push_back(std::move(r));
    }
    return run;
  } catch (const nlohmann::json::exception& e) {
    return Error{source, 0, e.what(), "a run file has seed, voters, observers and actions"};
  }
}

Result<RunFile> load_run_file(const std::string& path) {
  std::ifstream in(path);
  if (!in) return Error{path, 0, "cannot open the run file", "check the path"};
  try {
    return run_from_json(nlohmann::json::parse(in), path);
  } catch (const nlohmann::json::parse_error& e) {
    return Error{path, 0, fmt::format("not JSON: {}", e.what()), "a run file is the JSON the Save run button writes"};
  }
}

}  // namespace zs::run

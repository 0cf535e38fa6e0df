// A run as data: the ensemble, the seed and the actions with their moments. What the window's
// Save run writes, what --replay and the built-in scenarios open, and what `zooscope sim`'s
// flags become. JSON (nlohmann), one object:
//
//   { "zooscope_run": 1, "seed": 1, "voters": 5, "observers": 0,      (or "config": "zoo.cfg")
//     "start": [1, 2],                 servers running at time 0 (default: every server)
//     "latency": "1-5", "loss": "0",   every link's default (optional)
//     "title": "...", "end_ms": 16000, "end_event": 12345,
//     "actions": [ {"at_ms": 4000, "do": "isolate 5"},                        written by hand
//                  {"at_event": 812, "at_ms": 2004, "do": "crash 3"} ] }      recorded
//
// An action's "do" is one line of the action language (action.hpp). Run files saved before it
// existed name the action by "kind" and fields ({"kind": "crash", "sid": 3}); they still load.
#pragma once

#include <cstdint>
#include <limits>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "config/config.hpp"
#include "core/result.hpp"
#include "run/action.hpp"
#include "sim/simulator.hpp"

namespace zs::run {

struct RunSetup {
  config::EnsembleConfig ensemble = config::default_ensemble(3);
  std::uint64_t seed = 1;
  std::string config_path;  // the zoo.cfg it came from, empty for a default ensemble
  // Servers running at time 0, in the order they boot; nullopt = every server, in sid order.
  std::optional<std::vector<Sid>> start;
  LinkParams link;  // every link's default latency and loss
};

// An action given by time only (written by hand, or a flag) has no event index: it is taken
// when virtual time reaches at_ms.
inline constexpr std::uint64_t kAtTime = std::numeric_limits<std::uint64_t>::max();

// When an action is taken:
// - recorded by hand (at_event set): right after event at_event, at virtual time at_ms;
// - by time (at_event == kAtTime): a fault the simulator schedules (start, crash, restart,
//   isolate, partition, heal, cut, loss) is handed to it before the run starts and fires at
//   at_ms, as `zooscope sim --crash 3@8000` does; the others (a console line, a link's
//   latency, writes, a killed client) are taken once every event up to at_ms has run.
//   A zxid preset is applied before anything starts.
struct RecordedAction {
  std::uint64_t at_event = kAtTime;
  Ms at_ms = 0;
  Action action;
};

struct RunFile {
  RunSetup setup;
  std::vector<RecordedAction> actions;
  std::uint64_t end_event = 0;  // how far the run went when saved
  Ms end_ms = 0;                // or, in a hand-written run, how long it lasts
  // A scenario's one-line title and one-paragraph description, in English and in Chinese
  // (keys "title", "title_zh-CN", "description", "description_zh-CN"); empty = none.
  std::string title;
  std::string title_zh;
  std::string description;
  std::string description_zh;
};

nlohmann::json to_json(const RunFile& run);
// `source` names the file in errors. Every action's servers must exist in the ensemble.
Result<RunFile> run_from_json(const nlohmann::json& j, const std::string& source);
Result<RunFile> load_run_file(const std::string& path);

// An error if the action names a server the ensemble does not have.
std::optional<Error> check_servers(const Action& a, const config::EnsembleConfig& ensemble);

}  // namespace zs::run

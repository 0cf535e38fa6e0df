// The window's driver: owns the simulated run, moves its virtual time, applies what the user
// asked for, and builds the ClusterView the views draw. No GL and no window, so tests drive
// it headless.
//
// A run = the ensemble + seed + the hand actions (crash, cut a link, a console line, ...),
// each recorded with the event index it happened after. Replaying them at the same indices
// gives the same run, byte for byte (the simulator is deterministic), which is what a saved
// run file holds and what stepping back relies on.
//
// Stepping back moves to an earlier moment and keeps the future: stepping forward again
// replays it. A hand action taken in the past forks the run there; the old future is kept as
// a branch the user can switch back to (or discard).
#pragma once

#include <cstdint>
#include <limits>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "cluster_view.hpp"
#include "config/config.hpp"
#include "console/console.hpp"
#include "core/result.hpp"
#include "model.hpp"
#include "model_votes.hpp"
#include "model_zab.hpp"
#include "sim/simulator.hpp"
#include "ui_bus.hpp"

namespace zs::gui {

struct RunSetup {
  config::EnsembleConfig ensemble = config::default_ensemble(3);
  std::uint64_t seed = 1;
  std::string config_path;  // the zoo.cfg it came from, empty for a default ensemble
};

// A run file written by hand (the built-in scenarios) may give only at_ms: the action is then
// taken when virtual time reaches at_ms, after the events before it.
inline constexpr std::uint64_t kAtTime = std::numeric_limits<std::uint64_t>::max();

struct RecordedAction {
  std::uint64_t at_event = 0;  // applied right after this event (0 = before the first); kAtTime: by at_ms
  Ms at_ms = 0;                // virtual time then (informative; at_event decides)
  HandAction action;
};

struct RunFile {
  RunSetup setup;
  std::vector<RecordedAction> actions;
  std::uint64_t end_event = 0;  // how far the run went when saved
  Ms end_ms = 0;                // or, in a hand-written run, how long it lasts
};

nlohmann::json to_json(const RunFile& run);
Result<RunFile> run_from_json(const nlohmann::json& j, const std::string& source);
Result<RunFile> load_run_file(const std::string& path);

class Driver {
 public:
  explicit Driver(RunSetup setup);
  ~Driver();
  Driver(const Driver&) = delete;
  Driver& operator=(const Driver&) = delete;

  // Plays `real_ms` of wall time at the current speed (nothing while paused).
  void advance(double real_ms);
  // Applies one event (hand actions are recorded; navigation moves the run).
  void apply(const UiEvent& e);
  // Replays a saved run up to its end (or to `at_ms` when given).
  void load(const RunFile& run, std::optional<Ms> at_ms = std::nullopt);

  // The model for this frame; valid until the next call that changes the run.
  const ClusterView& model();

  const Simulator& sim() const { return *sim_; }
  const RunSetup& setup() const { return setup_; }
  const std::vector<RecordedAction>& actions() const { return actions_; }
  struct Branch {
    std::vector<RecordedAction> actions;  // the whole run's actions, up to its end
    std::uint64_t end_event = 0;
  };
  const std::vector<Branch>& branches() const { return branches_; }
  RunFile run_file() const;
  bool paused() const { return paused_; }
  float speed() const { return speed_; }
  // A message for the status bar after an action that failed (a file that would not open).
  const std::string& notice() const { return notice_; }

  // Moves to the moment right after event `index` (backwards or forwards).
  void go_to_event(std::uint64_t index);
  // Runs forward until virtual time `t` (consoles pumped after every event).
  void run_to(Ms t);

  // Benchmarks build large states without tracing (Simulator::set_tracing).
  void set_tracing(bool on) { sim_->set_tracing(on); }

  // What the window (not the driver) handles: language, presenter mode, exports. The driver
  // keeps the presenter state for the model.
  void set_presenter(bool on, float scale) {
    presenter_ = on;
    ui_scale_ = on ? scale : 1.0f;
  }

 private:
  void reset(RunSetup setup);
  void start_over(RunSetup setup);  // a new run: no actions, no branches, no future
  void start_servers();
  bool step_one();  // one event, then due recorded actions and console pumps
  void apply_due_actions(Ms until);
  // Replays the run from scratch to event `index` (then to virtual time `time`).
  void rebuild_to(std::uint64_t index, std::optional<Ms> time);
  void hand(const HandAction& a);          // record (forking if in the past) and apply
  void perform(const HandAction& a);       // apply to the simulator
  console::Console& console_for(Sid sid);
  void pump_consoles();
  void note_furthest();

  RunSetup setup_;
  std::unique_ptr<Simulator> sim_;
  std::vector<RecordedAction> actions_;
  // Actions [0, applied_) were given to the current simulator (which replays them itself
  // when it moves back and forth through checkpoints).
  std::size_t applied_ = 0;
  std::vector<Branch> branches_;
  std::vector<std::pair<Sid, std::unique_ptr<console::Console>>> consoles_;
  std::uint64_t console_generation_ = 0;  // reset() count: ClusterView::console_generation
  std::int32_t next_handle_ = 0;
  std::uint64_t furthest_event_ = 0;
  Ms furthest_ms_ = 0;
  bool paused_ = false;
  float speed_ = 1.0f;
  bool hide_pings_ = true;
  Sid selected_ = 0;
  bool presenter_ = false;
  float ui_scale_ = 1.0f;
  double pending_ms_ = 0;  // virtual time owed but smaller than 1 ms
  std::string notice_;
  RecentTrace recent_;
  VotesCache votes_cache_;  // the votes and Zab tabs' incremental trace scans
  ZabCache zab_cache_;
  ClusterView model_;
};

}  // namespace zs::gui

// A headless run of the simulated ensemble: the simulator, the actions taken on it with their
// moments, the consoles, stepping in both directions and what-if branches. The window, the
// `zooscope sim` command and (next) the labs all move a run through this class; none of it
// knows a screen, a clock or a language.
//
// A run = setup + actions. Replaying the same actions at the same moments gives the same run,
// byte for byte (the simulator is deterministic); that is what a run file holds and what
// stepping back relies on.
//
// Stepping back moves to an earlier moment and keeps the future: stepping forward again
// replays it. An action taken in the past forks the run there; the old future is kept as a
// branch to switch back to.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "console/console.hpp"
#include "run/action.hpp"
#include "run/happening.hpp"
#include "run/run_file.hpp"
#include "sim/simulator.hpp"

namespace zs::run {

class Run {
 public:
  explicit Run(RunSetup setup);
  ~Run();
  Run(const Run&) = delete;
  Run& operator=(const Run&) = delete;

  // ---- moving ---------------------------------------------------------------------------
  // One event (then the actions due and the consoles); false when nothing is left to do, or
  // when the next event is later than `limit`.
  bool step(Ms limit = kNever);
  // Runs forward until virtual time `t` (consoles pumped after every event).
  void run_to(Ms t);
  // Moves to the moment right after event `index`, backwards (through the simulator's
  // checkpoints, or a replay from the start when consoles are open) or forwards.
  void go_to_event(std::uint64_t index);
  // The last event at or before `t` (or forward to `t`), then time passes to `t`.
  void seek_time(Ms t);
  // Steps until some server changes state (at most a bounded number of events); false when
  // none did.
  bool next_state_change();
  // Runs until every console has finished its lines (or `limit`); returns the servers whose
  // console was still busy then.
  std::vector<Sid> finish_consoles(Ms limit);

  // ---- acting ---------------------------------------------------------------------------
  // Takes an action now and records it. In the past (after stepping back) this forks the run.
  void act(const Action& a);
  // Replaces the run: its setup and actions, run to its end (or to `at_ms`).
  void load(const RunFile& run, std::optional<Ms> at_ms = std::nullopt);
  // A new run: no actions, no branches, no future.
  void start_over(RunSetup setup);

  // ---- branches ---------------------------------------------------------------------------
  struct Branch {
    std::vector<RecordedAction> actions;  // the whole run's actions, up to its end
    std::uint64_t end_event = 0;
  };
  const std::vector<Branch>& branches() const { return branches_; }
  // Makes branch `index` the run (the run left becomes a branch), at the same moment.
  void switch_branch(std::size_t index);
  void discard_branches() { branches_.clear(); }

  // ---- reading --------------------------------------------------------------------------
  const Simulator& sim() const { return *sim_; }
  Ms now() const { return sim_->now(); }
  std::uint64_t events_processed() const { return sim_->events_processed(); }
  const RunSetup& setup() const { return setup_; }
  // Every action of this run: the timed ones the simulator scheduled, then the others in the
  // order they were taken.
  std::vector<RecordedAction> actions() const;
  RunFile run_file() const;
  // The furthest moment the run has reached (after stepping back, the future is still there).
  std::uint64_t furthest_event() const { return std::max(furthest_event_, sim_->events_processed()); }
  Ms furthest_ms() const { return std::max(furthest_ms_, sim_->now()); }
  // The consoles open now, one per server, in the order they were opened (not those opened
  // on a connect string: the views show one console per server).
  std::vector<std::pair<Sid, const console::Console*>> consoles() const;
  // Every console this run opened (a quit or killed zkCli stays, with its transcript).
  std::vector<const console::Console*> all_consoles() const;
  // Every console this run opened on server `sid` (a quit one and the one after it).
  std::vector<const console::Console*> consoles_on(Sid sid) const;
  // Changes whenever consoles were made anew (a new run, a rewind, a branch), so a view that
  // caches a transcript knows its entries may have been rewritten.
  std::uint64_t console_generation() const { return console_generation_; }
  // The newest notable event, as a sentence key and its arguments.
  std::optional<Happening> last_happening() const;

  // Benchmarks build large states without tracing (Simulator::set_tracing).
  void set_tracing(bool on) { sim_->set_tracing(on); }

  // ---- watching -------------------------------------------------------------------------
  // Called right after every event the run processes (a safety checker, a lab's predicate).
  // After moving back (go_to_event, a fork), the events stepped through again are reported
  // again: an observer that keeps history starts over when events_processed() goes back.
  void on_event(std::function<void(const Simulator&)> observer) { on_event_ = std::move(observer); }

 private:
  void reset(RunSetup setup);  // a fresh simulator for `setup`, with the timed actions
  bool step_one(Ms limit = kNever);  // one event (none after `limit`), then consoles pumped
  void apply_due_actions(Ms until);
  void rebuild_to(std::uint64_t index, std::optional<Ms> time);
  void perform(const Action& a);
  void schedule_timed(const RecordedAction& r);
  // The console on server `sid`, or with `connect` the one on that connect string.
  console::Console& console_for(Sid sid, const std::string& connect);
  void pump_consoles();
  void note_furthest();
  void set_actions(std::vector<RecordedAction> all);

  RunSetup setup_;
  std::unique_ptr<Simulator> sim_;
  // Timed faults, handed to the simulator when it is made (they fire at their at_ms).
  std::vector<RecordedAction> timed_;
  // The other actions, in the order they are taken; [0, applied_) were given to this
  // simulator (which replays them itself when it moves back and forth through checkpoints).
  std::vector<RecordedAction> actions_;
  std::size_t applied_ = 0;
  std::vector<Branch> branches_;
  struct OpenConsole {
    Sid sid = 0;  // for a connect string: the first server it names (0 when none)
    std::unique_ptr<console::Console> console;
    bool current = true;  // false: exited and replaced by a newer one on the same server
    std::string connect;  // zkCli's -server string; empty: the console on `sid`
  };
  std::vector<OpenConsole> consoles_;
  std::uint64_t console_generation_ = 0;
  std::int32_t next_handle_ = 0;
  std::uint64_t furthest_event_ = 0;
  Ms furthest_ms_ = 0;
  std::function<void(const Simulator&)> on_event_;
};

// Does the simulator schedule this action ahead when it is given by time (run_file.hpp)?
bool scheduled_by_time(const Action& a);

}  // namespace zs::run

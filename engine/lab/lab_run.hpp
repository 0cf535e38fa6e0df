// A lab being played: its run, the pause after each step, and what each step's checkpoints
// found. The window's narration card and `zooscope lab run` both move through this class.
//
// Pause 0 is the start (time 0, nothing run). next() takes step k's actions at pause k-1,
// runs until its condition holds (or its bound passes), pauses and checks. back() returns to
// pause k-1 exactly, before step k's actions were taken: the run starts over and plays steps
// 1..k-1 again, which gives the same events (the run is deterministic). Pure.
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "check/safety_checker.hpp"
#include "lab/lab.hpp"
#include "run/run.hpp"

namespace zs::lab {

// A condition at a moment: did it hold, and what was there (in the condition's own words).
struct Seen {
  bool ok = false;
  std::string actual;  // e.g. "server.3 state=LOOKING leader=- epoch=0 zxid=0x0"
};

struct CheckResult {
  const Condition* condition = nullptr;  // into the Lab
  Seen seen;
};

// The zoo.cfg files a step loaded, as zooscope read them.
struct ConfigTried {
  std::vector<std::string> files;
  bool ok = false;
  std::string error;                  // Error::to_string(): file:line: what (fix: how)
  std::vector<std::string> warnings;  // each "file:line: what"
};

struct StepOutcome {
  Ms began_ms = 0;
  Ms paused_ms = 0;
  std::uint64_t paused_event = 0;
  bool reached = true;      // the step's until held within its bound
  std::string not_reached;  // when not: which condition, and what was there instead
  std::vector<CheckResult> checks;
  std::optional<ConfigTried> config;  // when the step tried zoo.cfg files
  bool ok() const;  // reached and every check held
  int failed() const;  // checks that did not hold (+1 when the condition was not reached)
};

class LabRun {
 public:
  // The lab must outlive this run (outcomes point at its conditions).
  explicit LabRun(const Lab& lab);
  ~LabRun();
  LabRun(const LabRun&) = delete;
  LabRun& operator=(const LabRun&) = delete;

  const Lab& lab() const { return lab_; }
  const run::Run& run() const { return *run_; }
  // The window acts on the run between pauses (a crash clicked by hand): call forget_future()
  // after, since the later pauses no longer follow.
  run::Run& run() { return *run_; }

  std::size_t steps() const { return lab_.steps.size(); }
  // The pause the run is at: 0 before step 1, k after step k.
  std::size_t position() const { return position_; }
  bool finished() const { return position_ == lab_.steps.size(); }
  // Plays the next step and pauses; its outcome. At the end, does nothing (returns the last).
  const StepOutcome& next();
  // Back to the previous pause, exactly as it was.
  void back();
  // To pause k (0..steps()), playing the steps not played yet.
  void go_to(std::size_t k);
  // The outcome of step k (1-based) once played, else nullptr.
  const StepOutcome* outcome(std::size_t k) const;
  // The run left the lab's path (an action by hand, which forked the run): the pauses after
  // this one are gone, and the safety checker is rebuilt from the run as it now is.
  void forget_future();

  // A condition now (the window shows checkpoints live; tests probe).
  Seen evaluate(const Predicate& p) const;
  // The safety checker's verdict so far (what "no committed write lost" reads).
  const check::SafetyChecker& checker() const { return checker_; }

 private:
  struct Scan {
    std::size_t scanned = 0;  // trace records read
    std::int64_t before = 0, after = 0;
    bool committed = false;
    bool found = false;
  };
  StepOutcome play(const Step& s);
  void replay_to(std::size_t k);  // the run anew, steps 1..k played again
  bool holds_all(const std::vector<Condition>& conds) const;
  Seen evaluate(const Predicate& p, Scan* scan) const;

  const Lab& lab_;
  std::unique_ptr<run::Run> run_;
  check::SafetyChecker checker_;
  std::uint64_t checked_through_ = 0;  // the checker has seen events up to here
  std::size_t position_ = 0;
  std::optional<ConfigTried> config_;  // the last config tried up to this moment
  std::vector<StepOutcome> outcomes_;  // one per step played, in order
  // Incremental scans of the trace (a message count or a log line checked after every event).
  mutable std::map<const Condition*, Scan> scans_;
  Ms step_began_ = 0;  // for relative times while a step plays
};

}  // namespace zs::lab

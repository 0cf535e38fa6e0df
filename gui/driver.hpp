// The window's driver: a thin adapter between the UI and the run. It turns UI events into
// calls on the headless run (engine/run/run.hpp), moves the run's virtual time with the wall
// clock while playing, keeps what only the window has (paused, speed, selection, presenter
// state, requests for the window such as a language or an export) and asks the run's source
// (view/sim_source.hpp) for the ClusterView the views draw. No GL and no window, so tests
// drive it headless.
//
// While a lab is open (LabOpen), the run on screen is the lab's (LabSession): navigation and
// hand actions act on it, and a hand action forks the lab (it goes on from there).
//
// While attached to a real ensemble (AttachTo), the model comes from an attach::AttachSource
// instead: what its monitor observed, taken without waiting (the monitor polls on its own
// thread). The simulated run waits as it was until Detach; what only a simulation can do
// (step, seek, faults, scenarios, labs) is refused with a notice saying why. An attach can be
// written to a recording (RecordAttach, AttachTo::record: Monitor::record only opens a file).
//
// A recording reopened (OpenRecording) is shown the same way, from an attach::RecordedSource
// at the moment the window picks (SeekRecorded, JumpChange, or playing it at 1x-60x): nothing
// is re-simulated and nothing reaches a server, so consoles are refused as well.
//
// Every UI event is handled here, in apply(): the window only carries out what it is asked
// for in window_requests() (a language, a new look, a PNG or SVG export).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include <filesystem>
#include <map>
#include <memory>

#include "cluster_view.hpp"
#include "console/console.hpp"
#include "lab/lab.hpp"
#include "lab_session.hpp"
#include "pacer.hpp"
#include "run/run.hpp"
#include "ui_bus.hpp"
#include "view/sim_source.hpp"

namespace zs::attach {
class AttachSource;
class RecordedSource;
struct ObservedEvent;
struct ServerRow;
}

namespace zs::gui {

using run::kAtTime;
using run::load_run_file;
using run::RecordedAction;
using run::run_from_json;
using run::RunFile;
using run::RunSetup;
using run::to_json;

// What the window itself must do after the events of a frame.
struct WindowRequests {
  std::optional<std::string> language;  // SetLanguage
  bool look_changed = false;            // SetPresenter: rebuild fonts and style
  std::string png;                      // ExportPng: written after the next frame is drawn
  std::string svg;                      // ExportTimelineSvg
  std::string tab;                      // SelectServer from a client node: the side tab to show
};

class Driver {
 public:
  explicit Driver(RunSetup setup);
  ~Driver();
  Driver(const Driver&) = delete;
  Driver& operator=(const Driver&) = delete;

  // Plays `real_ms` of wall time at the current speed (nothing while paused).
  void advance(double real_ms);
  // Applies one UI event: actions go to the run, navigation moves it, the rest is the
  // window's state or a request for the window.
  void apply(const UiEvent& e);
  // Replays a saved run up to its end (or to `at_ms` when given), then pauses.
  void load(const RunFile& run, std::optional<Ms> at_ms = std::nullopt);

  // The model for this frame; valid until the next call that changes the run.
  const ClusterView& model();

  // The run on screen: the lab's while a lab is open, else the window's own.
  const run::Run& run() const { return lab_ ? lab_->run() : run_; }
  const RunSetup& setup() const { return run().setup(); }
  std::vector<RecordedAction> actions() const { return run().actions(); }
  const std::vector<run::Run::Branch>& branches() const { return run().branches(); }
  RunFile run_file() const { return run().run_file(); }
  // A recording shown is paused unless it plays; else the simulation's (or lab's) pause.
  bool paused() const;
  const std::optional<view::MessagePick>& picked_message() const { return picked_; }
  float speed() const { return speed_; }
  bool slow_motion() const { return slow_motion_; }
  // A message for the status bar after an action that failed (a file that would not open).
  const std::string& notice() const { return notice_; }
  // What the window must do (taken once per frame).
  WindowRequests take_window_requests() { return std::exchange(requests_, {}); }
  bool presenter() const { return presenter_; }
  float ui_scale() const { return ui_scale_; }

  void go_to_event(std::uint64_t index) { active().go_to_event(index); }
  void run_to(Ms t) { active().run_to(t); }
  // Benchmarks build large states without tracing (Simulator::set_tracing).
  void set_tracing(bool on) { active().set_tracing(on); }
  void set_presenter(bool on, float scale) {
    presenter_ = on;
    ui_scale_ = on ? scale : 1.0f;
  }

  // ---- scenarios (assets/scenarios) ----------------------------------------------------------
  // A scenario OpenScenario can name; one with the same name replaces it.
  void add_scenario(std::string name, RunFile run);
  // Opens a scenario: its run, paused at its start (or at `at_ms`); the future up to its end
  // is on the scrub bar. False when there is no scenario by that name.
  bool open_scenario(const std::string& name, std::optional<Ms> at_ms = std::nullopt);

  // ---- an attached real ensemble (AttachTo, Detach) ------------------------------------------
  bool attached() const { return attach_ != nullptr; }
  // The source while attached, else nullptr (screenshots wait for its monitor to settle).
  const attach::AttachSource* attach_source() const { return attach_.get(); }
  // Where a successful AttachTo is remembered for the dialog's list (recent.hpp); empty (the
  // default, tests) = nowhere.
  void set_recent_file(std::filesystem::path file) { recent_file_ = std::move(file); }

  // ---- a recording reopened (OpenRecording) ------------------------------------------------
  bool recorded() const { return recorded_ != nullptr; }
  const attach::RecordedSource* recorded_source() const { return recorded_.get(); }
  float recorded_speed() const { return rec_speed_; }
  // Why the last RecordAttach (or AttachTo::record) could not open its file ("" = it did).
  const std::string& record_error() const { return record_error_; }

  // ---- labs ---------------------------------------------------------------------------------
  // The labs LabOpen can name (the shipped ones, and one opened by path). A lab with the id
  // of one already there replaces it.
  void add_lab(lab::Lab lab);
  const std::vector<lab::Lab>& labs() const { return labs_; }
  // The open lab, or nullptr.
  const LabSession* lab() const { return lab_.get(); }
  LabSession* lab() { return lab_.get(); }
  // Whether Next plays a step in slow motion (the window: yes; tests and screenshots: no).
  void set_lab_slow_motion(bool on) { lab_animate_ = on; }

 private:
  run::Run& active() { return lab_ ? lab_->run() : run_; }
  void act(const run::Action& a);
  void pick_message(const SelectMessage& s);
  void apply_lab(const UiEvent& e);
  void attach_to(const AttachTo& a);
  void record(const std::string& path);
  void open_recording(const std::string& path);
  // Leaves a live attach or a recording shown (Detach, or before another one opens).
  void leave_observed();
  // False (with the notice saying why) for what a recording cannot do.
  bool allowed_while_recorded(const UiEvent& e);
  void fill_recorded();
  // The selection, consoles' generation, notice and display fields both fill_* share.
  void fill_observed_common();
  void seek_recorded(std::int64_t at_ms);
  void jump_change(bool forward);
  // False (with the notice saying why) for what only a simulated run can do, while attached.
  bool allowed_while_attached(const UiEvent& e);
  void fill_attached();
  // A console line (or a kill) for a real server's console, while attached.
  void real_console(const UiEvent& e);

  run::Run run_;
  view::SimSource source_{run_};  // the model's source: the simulated run
  bool paused_ = false;
  float speed_ = 1.0f;
  bool hide_pings_ = true;
  Sid selected_ = 0;
  std::int32_t selected_client_ = -1;  // ClusterView::clients.selected
  std::optional<view::MessagePick> picked_;  // the message whose chain is highlighted
  bool presenter_ = false;
  float ui_scale_ = 1.0f;
  bool slow_motion_ = false;  // the window turns it on (--no-slow-motion keeps it off)
  bool step_note_ = false;  // the last event was a single step: the status line describes it
  Pacer pacer_;  // free play's clock: the fraction of a virtual ms owed, the pace
  std::string notice_;
  WindowRequests requests_;
  ClusterView model_;
  std::vector<lab::Lab> labs_;
  std::vector<std::pair<std::string, RunFile>> scenarios_;
  std::string scenario_;  // the open scenario whose card shows ("" = none)
  std::unique_ptr<LabSession> lab_;
  bool lab_animate_ = true;
  lab::Lang lang_ = lab::Lang::En;

  std::unique_ptr<attach::AttachSource> attach_;
  std::uint64_t attach_cursor_ = 0;             // Monitor::events_since
  std::vector<view::AttachedChange> changes_;   // the newest kKeptChanges, oldest first
  std::filesystem::path recent_file_;
  Sid other_selected_ = 0;  // the simulation's selection while attached (and back)
  // The Console tab of each attached server (by its sid in the model): zkCli on a
  // WireClientHandle connected to that server only. Kept here, not in the AttachSource: the
  // source only observes, and a console is the user acting on the ensemble, as the
  // simulation's consoles are the driver's hand actions. They close on Detach.
  std::map<Sid, std::unique_ptr<console::Console>> real_consoles_;
  std::uint64_t console_generation_ = 0;  // ClusterView::console_generation while attached
  std::string record_error_;

  std::unique_ptr<attach::RecordedSource> recorded_;
  std::vector<view::AttachedChange> recorded_changes_;  // all of the recording's, oldest first
  bool rec_playing_ = false;
  float rec_speed_ = 1.0f;      // recorded ms per real ms
  double rec_owed_ms_ = 0;      // the fraction of a recorded ms played but not yet shown
};

// One observed change as the views get it: its English line (ObservedEvent::text) and the
// parts a window composes its own language's line from. `rows`: the server rows the event's
// index refers to (only their addresses are read).
view::AttachedChange attached_change(const attach::ObservedEvent& e, const std::vector<attach::ServerRow>& rows);

}  // namespace zs::gui

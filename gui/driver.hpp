// The window's driver: a thin adapter between the UI and the run. It turns UI events into
// calls on the headless run (engine/run/run.hpp), moves the run's virtual time with the wall
// clock while playing, keeps what only the window has (paused, speed, selection, presenter
// state, requests for the window such as a language or an export) and asks the run's source
// (view/sim_source.hpp) for the ClusterView the views draw. No GL and no window, so tests
// drive it headless.
//
// Every UI event is handled here, in apply(): the window only carries out what it is asked
// for in window_requests() (a language, a new look, a PNG or SVG export).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "cluster_view.hpp"
#include "run/run.hpp"
#include "ui_bus.hpp"
#include "view/sim_source.hpp"

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

  const run::Run& run() const { return run_; }
  const RunSetup& setup() const { return run_.setup(); }
  std::vector<RecordedAction> actions() const { return run_.actions(); }
  const std::vector<run::Run::Branch>& branches() const { return run_.branches(); }
  RunFile run_file() const { return run_.run_file(); }
  bool paused() const { return paused_; }
  float speed() const { return speed_; }
  // A message for the status bar after an action that failed (a file that would not open).
  const std::string& notice() const { return notice_; }
  // What the window must do (taken once per frame).
  WindowRequests take_window_requests() { return std::exchange(requests_, {}); }
  bool presenter() const { return presenter_; }
  float ui_scale() const { return ui_scale_; }

  void go_to_event(std::uint64_t index) { run_.go_to_event(index); }
  void run_to(Ms t) { run_.run_to(t); }
  // Benchmarks build large states without tracing (Simulator::set_tracing).
  void set_tracing(bool on) { run_.set_tracing(on); }
  void set_presenter(bool on, float scale) {
    presenter_ = on;
    ui_scale_ = on ? scale : 1.0f;
  }

 private:
  run::Run run_;
  view::SimSource source_{run_};  // the model's source: the simulated run
  bool paused_ = false;
  float speed_ = 1.0f;
  bool hide_pings_ = true;
  Sid selected_ = 0;
  bool presenter_ = false;
  float ui_scale_ = 1.0f;
  double pending_ms_ = 0;  // virtual time owed but smaller than 1 ms
  std::string notice_;
  WindowRequests requests_;
  ClusterView model_;
};

}  // namespace zs::gui

// The window's driver (driver.hpp): UI events -> the run, and the model for each frame.
#include "driver.hpp"

#include <algorithm>
#include <fstream>

#include <fmt/format.h>

#include "happening.hpp"

namespace zs::gui {
namespace {

template <class... F>
struct Overloaded : F... {
  using F::operator()...;
};

// Is T one of the run's actions?
template <class T, class V>
struct is_alternative;
template <class T, class... A>
struct is_alternative<T, std::variant<A...>> : std::bool_constant<(std::is_same_v<T, A> || ...)> {};

}  // namespace

Driver::Driver(RunSetup setup) : run_(std::move(setup)) {}
Driver::~Driver() = default;

void Driver::advance(double real_ms) {
  if (paused_) return;
  pending_ms_ += real_ms * speed_;
  const auto dt = static_cast<Ms>(pending_ms_);
  pending_ms_ -= static_cast<double>(dt);
  if (dt > 0) run_.run_to(run_.now() + dt);
}

void Driver::load(const RunFile& run, std::optional<Ms> at_ms) {
  run_.load(run, at_ms);
  paused_ = true;  // a loaded run waits for the user
}

void Driver::apply(const UiEvent& e) {
  notice_.clear();
  std::visit(
      [&](const auto& x) {
        using T = std::decay_t<decltype(x)>;
        if constexpr (is_alternative<T, run::Action>::value) {
          run_.act(run::Action{x});
        } else {
          Overloaded{
              [&](const SetPaused& p) { paused_ = p.paused; },
              [&](const SetSpeed& s) { speed_ = std::clamp(s.speed, 0.1f, 100.0f); },
              [&](const SetHidePings& h) { hide_pings_ = h.hide; },
              [&](const StepForward&) {
                paused_ = true;
                run_.step();
              },
              [&](const StepBack&) {
                paused_ = true;
                if (run_.events_processed() > 0) run_.go_to_event(run_.events_processed() - 1);
              },
              [&](const NextStateChange&) {
                paused_ = true;
                run_.next_state_change();
              },
              [&](const SeekEvent& s) { run_.go_to_event(std::min(s.index, run_.furthest_event())); },
              [&](const SeekTime& s) { run_.seek_time(s.at); },
              [&](const SelectServer& s) { selected_ = s.sid; },
              [&](const NewEnsemble& n) {
                RunSetup s;
                s.ensemble = config::default_ensemble(std::clamp(n.servers, 1, 15), std::clamp(n.observers, 0, 6));
                s.seed = n.seed;
                run_.start_over(std::move(s));
              },
              [&](const ResetRun&) { run_.start_over(run_.setup()); },
              [&](const OpenConfig& o) {
                auto loaded = config::load_ensemble({o.path});
                if (!loaded) {
                  notice_ = loaded.error().to_string();
                  return;
                }
                RunSetup s;
                s.ensemble = std::move(loaded).value();
                s.seed = run_.setup().seed;
                s.config_path = o.path;
                run_.start_over(std::move(s));
              },
              [&](const SaveRun& s) {
                std::ofstream out(s.path);
                out << to_json(run_.run_file()).dump(2) << "\n";
                if (!out) notice_ = fmt::format("{}: cannot write the run file", s.path);
                else notice_ = fmt::format("saved {}", s.path);
              },
              [&](const LoadRun& l) {
                auto loaded = load_run_file(l.path);
                if (!loaded) {
                  notice_ = loaded.error().to_string();
                  return;
                }
                load(loaded.value());
              },
              [&](const SwitchBranch& b) { run_.switch_branch(b.index); },
              [&](const DiscardBranches&) { run_.discard_branches(); },
              [&](const SetLanguage& l) { requests_.language = l.lang; },
              [&](const SetPresenter& p) {
                set_presenter(p.on, p.scale);
                requests_.look_changed = true;
              },
              [&](const ExportTimelineSvg& t) { requests_.svg = t.path; },
              [&](const ExportPng& p) { requests_.png = p.path; },
          }(x);
        }
      },
      e);
}

const ClusterView& Driver::model() {
  source_.fill(model_, view::Display{hide_pings_});
  ClusterView& m = model_;
  m.paused = paused_;
  m.speed = speed_;
  m.selected_server = selected_;
  if (!notice_.empty()) {
    m.last_happening = notice_;
  } else if (const auto h = source_.last_happening()) {
    m.last_happening = translate(*h);
  }
  m.presenter = presenter_;
  m.ui_scale = ui_scale_;
  return model_;
}

}  // namespace zs::gui

// The window's driver (driver.hpp): UI events -> the run, and the model for each frame.
#include "driver.hpp"
#include "core/overloaded.hpp"

#include <algorithm>
#include <fstream>

#include <fmt/format.h>

#include "happening.hpp"

namespace zs::gui {
namespace {

// Is T one of the run's actions?
template <class T, class V>
struct is_alternative;
template <class T, class... A>
struct is_alternative<T, std::variant<A...>> : std::bool_constant<(std::is_same_v<T, A> || ...)> {};

}  // namespace

Driver::Driver(RunSetup setup) : run_(std::move(setup)) {}
Driver::~Driver() = default;

void Driver::advance(double real_ms) {
  if (lab_ && lab_->playing()) {
    lab_->animate(real_ms);  // the lab's slow motion, whatever the window's speed
    return;
  }
  if (paused_) return;
  pending_ms_ += real_ms * speed_;
  const auto dt = static_cast<Ms>(pending_ms_);
  pending_ms_ -= static_cast<double>(dt);
  if (dt > 0) active().run_to(active().now() + dt);
}

void Driver::load(const RunFile& run, std::optional<Ms> at_ms) {
  lab_.reset();
  run_.load(run, at_ms);
  paused_ = true;  // a loaded run waits for the user
}

void Driver::apply(const UiEvent& e) {
  notice_.clear();
  std::visit(
      [&](const auto& x) {
        using T = std::decay_t<decltype(x)>;
        if constexpr (is_alternative<T, run::Action>::value) {
          act(run::Action{x});
        } else {
          Overloaded{
              [&](const SetPaused& p) { paused_ = p.paused; },
              [&](const SetSpeed& s) { speed_ = std::clamp(s.speed, 0.1f, 100.0f); },
              [&](const SetHidePings& h) { hide_pings_ = h.hide; },
              [&](const StepForward&) {
                paused_ = true;
                active().step();
              },
              [&](const StepBack&) {
                paused_ = true;
                if (active().events_processed() > 0) active().go_to_event(active().events_processed() - 1);
              },
              [&](const NextStateChange&) {
                paused_ = true;
                active().next_state_change();
              },
              [&](const SeekEvent& s) { active().go_to_event(std::min(s.index, active().furthest_event())); },
              [&](const SeekTime& s) { active().seek_time(s.at); },
              [&](const SelectServer& s) { selected_ = s.sid; },
              [&](const NewEnsemble& n) {
                RunSetup s;
                s.ensemble = config::default_ensemble(std::clamp(n.servers, 1, 15), std::clamp(n.observers, 0, 6));
                s.seed = n.seed;
                lab_.reset();
                run_.start_over(std::move(s));
              },
              [&](const ResetRun&) {
                if (lab_) {
                  lab_->go_to(0);  // the lab from its start
                  return;
                }
                run_.start_over(run_.setup());
              },
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
                lab_.reset();
                run_.start_over(std::move(s));
              },
              [&](const SaveRun& s) {
                std::ofstream out(s.path);
                out << to_json(run().run_file()).dump(2) << "\n";
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
              [&](const SwitchBranch& b) { active().switch_branch(b.index); },
              [&](const DiscardBranches&) { active().discard_branches(); },
              [&](const SetLanguage& l) {
                requests_.language = l.lang;
                lang_ = lab::lang_named(l.lang).value_or(lab::Lang::En);
              },
              [&](const SetPresenter& p) {
                set_presenter(p.on, p.scale);
                requests_.look_changed = true;
              },
              [&](const ExportTimelineSvg& t) { requests_.svg = t.path; },
              [&](const ExportPng& p) { requests_.png = p.path; },
              [&](const LabOpen&) { apply_lab(e); },
              [&](const LabClose&) { apply_lab(e); },
              [&](const LabNext&) { apply_lab(e); },
              [&](const LabBack&) { apply_lab(e); },
              [&](const LabAnswer&) { apply_lab(e); },
              [&](const LabSlowMotion&) { apply_lab(e); },
          }(x);
        }
      },
      e);
}

void Driver::act(const run::Action& a) {
  if (!lab_) {
    run_.act(a);
    return;
  }
  lab_->settle();  // a replay in progress lands on its pause first
  lab_->run().act(a);
  lab_->after_hand_action();
}

void Driver::add_lab(lab::Lab lab) {
  for (lab::Lab& l : labs_) {
    if (l.id == lab.id) {
      l = std::move(lab);
      return;
    }
  }
  labs_.push_back(std::move(lab));
}

void Driver::apply_lab(const UiEvent& e) {
  if (const auto* o = std::get_if<LabOpen>(&e)) {
    for (const lab::Lab& l : labs_) {
      if (l.id != o->id) continue;
      const float slow = lab_ ? lab_->slow_motion() : 1.0f;
      lab_ = std::make_unique<LabSession>(l);
      lab_->set_slow_motion(slow);
      paused_ = true;  // the lab moves by Next and Back
      pending_ms_ = 0;
      return;
    }
    notice_ = fmt::format("no lab \"{}\"", o->id);
    return;
  }
  if (std::holds_alternative<LabClose>(e)) {
    lab_.reset();
    return;
  }
  if (!lab_) return;
  if (std::holds_alternative<LabNext>(e)) lab_->next(lab_animate_);
  if (std::holds_alternative<LabBack>(e)) lab_->back();
  if (const auto* a = std::get_if<LabAnswer>(&e)) lab_->answer(a->pick, lab_animate_);
  if (const auto* f = std::get_if<LabSlowMotion>(&e)) lab_->set_slow_motion(f->factor);
  paused_ = true;
}

const ClusterView& Driver::model() {
  view::SimSource& source = lab_ ? lab_->source() : source_;
  source.fill(model_, view::Display{hide_pings_});
  ClusterView& m = model_;
  m.paused = paused_;
  m.speed = speed_;
  m.selected_server = selected_;
  if (!notice_.empty()) {
    m.last_happening = notice_;
  } else if (const auto h = source.last_happening()) {
    m.last_happening = translate(*h);
  }
  m.presenter = presenter_;
  m.ui_scale = ui_scale_;
  m.labs.clear();
  for (const lab::Lab& l : labs_) m.labs.push_back(view::LabListEntry{l.id, l.title.in(lang_)});
  if (lab_) {
    m.lab = lab_->card(lang_);
    m.now_fraction = lab_->now_fraction();
  }
  return model_;
}

}  // namespace zs::gui

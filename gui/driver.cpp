// The window's driver (driver.hpp): UI events -> the run, and the model for each frame.
#include "driver.hpp"
#include "core/overloaded.hpp"

#include <algorithm>
#include <fstream>

#include <fmt/format.h>

#include "attach/attach_source.hpp"
#include "attach/recorded_source.hpp"
#include "attach/recording.hpp"
#include "attach/wire_client_handle.hpp"
#include "happening.hpp"
#include "i18n.hpp"
#include "views/observed_text.hpp"
#include "views/recent.hpp"
#include "views/widgets.hpp"
#include "wire/connect_string.hpp"

namespace zs::gui {
namespace {

// Is T one of the run's actions?
template <class T, class V>
struct is_alternative;
template <class T, class... A>
struct is_alternative<T, std::variant<A...>> : std::bool_constant<(std::is_same_v<T, A> || ...)> {};

// The observed changes the window keeps for the Log tab (the monitor keeps its own history).
constexpr std::size_t kKeptChanges = 500;

// The recorded speeds the window offers stay within these (SetRecordedSpeed).
constexpr float kMinRecordedSpeed = 0.25f;
constexpr float kMaxRecordedSpeed = 600.0f;

}  // namespace

view::AttachedChange attached_change(const attach::ObservedEvent& e, const std::vector<attach::ServerRow>& rows) {
  view::AttachedChange c;
  c.at_ms = e.at_ms;
  c.kind = std::string(attach::to_string(e.kind));
  c.text = e.text(rows);
  c.server = e.server;
  if (e.server >= 0 && static_cast<std::size_t>(e.server) < rows.size())
    c.who = rows[static_cast<std::size_t>(e.server)].address.text();
  c.from = e.from;
  c.to = e.to;
  c.path = e.path;
  return c;
}

Driver::Driver(RunSetup setup) : run_(std::move(setup)) {}
Driver::~Driver() = default;

bool Driver::paused() const { return recorded_ ? !rec_playing_ : paused_; }

void Driver::advance(double real_ms) {
  if (recorded_) {
    // A recording plays on the wall clock at its speed, and stops at its end.
    if (!rec_playing_) return;
    rec_owed_ms_ += real_ms * static_cast<double>(rec_speed_);
    const auto whole = static_cast<std::int64_t>(rec_owed_ms_);
    rec_owed_ms_ -= static_cast<double>(whole);
    const std::int64_t end = recorded_->recording().end_ms();
    const std::int64_t to = std::min(end, recorded_->time() + whole);
    if (whole > 0) recorded_->seek(to);
    if (to >= end) rec_playing_ = false;
    return;
  }
  if (attach_) return;  // the simulated run waits while a real ensemble is on screen
  if (lab_ && lab_->playing()) {
    lab_->animate(real_ms);  // the lab's slow motion, whatever the window's speed
    return;
  }
  if (paused_) return;
  step_note_ = false;
  pacer_.quiet_pace = speed_;
  pacer_.busy_pace = slow_motion_ ? speed_ * kFlightPace : speed_;
  pacer_.longest_flight_real_ms = slow_motion_ ? kLongestFlightRealMs / speed_ : 0;
  pacer_.play(active(), real_ms);
}

void Driver::load(const RunFile& run, std::optional<Ms> at_ms) {
  lab_.reset();
  scenario_.clear();
  run_.load(run, at_ms);
  paused_ = true;  // a loaded run waits for the user
}

void Driver::apply(const UiEvent& e) {
  notice_.clear();
  if (recorded_ && !allowed_while_recorded(e)) return;
  if (attach_ && !allowed_while_attached(e)) return;
  if (attach_ && (std::holds_alternative<ConsoleLine>(e) || std::holds_alternative<KillClient>(e))) {
    real_console(e);
    return;
  }
  // After a single step the status line says what that event did; anything else (play, a
  // seek, an action) brings back the newest notable happening.
  // Picking a message changes nothing in the run: the step's sentence stays.
  step_note_ = std::holds_alternative<StepForward>(e) || std::holds_alternative<StepBack>(e) ||
               (step_note_ && std::holds_alternative<SelectMessage>(e));
  // A line typed into the console shown before anything was selected pins that console.
  if (const auto* c = std::get_if<ConsoleLine>(&e); c != nullptr && selected_ == 0) selected_ = c->sid;
  // A new run, a lab or a scenario: a message or a client picked in the old one means nothing
  // there.
  if (std::holds_alternative<NewEnsemble>(e) || std::holds_alternative<OpenConfig>(e) ||
      std::holds_alternative<LoadRun>(e) || std::holds_alternative<OpenScenario>(e) ||
      std::holds_alternative<LabOpen>(e) || std::holds_alternative<LabClose>(e)) {
    picked_.reset();
    selected_client_ = -1;
  }
  std::visit(
      [&](const auto& x) {
        using T = std::decay_t<decltype(x)>;
        if constexpr (is_alternative<T, run::Action>::value) {
          act(run::Action{x});
        } else {
          Overloaded{
              [&](const SetPaused& p) {
                if (!recorded_) {
                  paused_ = p.paused;
                  return;
                }
                // Play at the end of a recording plays it again from its start.
                if (!p.paused && recorded_->time() >= recorded_->recording().end_ms())
                  recorded_->seek(recorded_->recording().begin_ms());
                rec_playing_ = !p.paused;
                rec_owed_ms_ = 0;
              },
              [&](const SetSpeed& s) { speed_ = std::clamp(s.speed, kMinSpeed, kMaxSpeed); },
              [&](const SetSlowMotion& s) { slow_motion_ = s.on; },
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
              [&](const SelectServer& s) {
                selected_ = s.sid;
                if (s.client) selected_client_ = *s.client;
                if (!s.tab.empty()) requests_.tab = s.tab;
              },
              [&](const SelectMessage& s) { pick_message(s); },
              [&](const NewEnsemble& n) {
                RunSetup s;
                s.ensemble = config::default_ensemble(std::clamp(n.servers, 1, 15), std::clamp(n.observers, 0, 6));
                s.seed = n.seed;
                lab_.reset();
                scenario_.clear();
                run_.start_over(std::move(s));
              },
              [&](const OpenScenario& o) {
                if (!open_scenario(o.name)) notice_ = fmt::format("no scenario \"{}\"", o.name);
              },
              [&](const CloseScenarioCard&) { scenario_.clear(); },
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
                scenario_.clear();
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
              [&](const AttachTo& a) { attach_to(a); },
              [&](const Detach&) {
                if (!attach_ && !recorded_) return;
                leave_observed();
                std::swap(selected_, other_selected_);
                selected_client_ = -1;
              },
              [&](const RecordAttach& r) { record(r.path); },
              [&](const StopRecording&) {
                if (attach_) attach_->monitor().stop_recording();
              },
              [&](const OpenRecording& o) { open_recording(o.path); },
              [&](const SeekRecorded& s) {
                if (recorded_) seek_recorded(s.at_ms);
              },
              [&](const JumpChange& j) {
                if (recorded_) jump_change(j.forward);
              },
              [&](const SetRecordedSpeed& s) { rec_speed_ = std::clamp(s.speed, kMinRecordedSpeed, kMaxRecordedSpeed); },
          }(x);
        }
      },
      e);
}

void Driver::pick_message(const SelectMessage& s) {
  picked_.reset();
  if (s.id == 0) return;
  if (s.sent_at >= 0) {
    picked_ = view::MessagePick{s.id, s.sent_at};
    return;
  }
  // By its id alone (the command line): its send, wherever it is in the trace.
  const TraceLog& trace = run().sim().trace();
  for (std::size_t i = 0; i < trace.size(); ++i) {
    if (!trace.holds<MessageSent>(i) || std::get<MessageSent>(trace[i].body).id != s.id) continue;
    picked_ = view::MessagePick{s.id, trace.at(i)};
    return;
  }
  notice_ = fmt::format("no message #{} has been sent by now", s.id);
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

void Driver::add_scenario(std::string name, RunFile run) {
  for (auto& [n, r] : scenarios_) {
    if (n == name) {
      r = std::move(run);
      return;
    }
  }
  scenarios_.emplace_back(std::move(name), std::move(run));
}

bool Driver::open_scenario(const std::string& name, std::optional<Ms> at_ms) {
  for (const auto& [n, r] : scenarios_) {
    if (n != name) continue;
    load(r);  // to its end, so the scrub bar spans it ...
    if (at_ms) active().seek_time(*at_ms);
    else active().go_to_event(0);  // ... and shown from its start
    scenario_ = name;
    return true;
  }
  return false;
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
      pacer_.fraction = 0;
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

// What only a simulation can do: step, rewind, open or save runs and labs, the message pick.
template <class T>
constexpr bool steps_or_reruns() {
  return std::is_same_v<T, StepForward> || std::is_same_v<T, StepBack> || std::is_same_v<T, NextStateChange> ||
         std::is_same_v<T, SeekEvent> || std::is_same_v<T, SeekTime> || std::is_same_v<T, NewEnsemble> ||
         std::is_same_v<T, OpenConfig> || std::is_same_v<T, OpenScenario> || std::is_same_v<T, ResetRun> ||
         std::is_same_v<T, SaveRun> || std::is_same_v<T, LoadRun> || std::is_same_v<T, SwitchBranch> ||
         std::is_same_v<T, DiscardBranches> || std::is_same_v<T, LabOpen> || std::is_same_v<T, LabNext> ||
         std::is_same_v<T, LabBack> || std::is_same_v<T, LabAnswer> || std::is_same_v<T, ExportTimelineSvg> ||
         std::is_same_v<T, SelectMessage>;
}

bool Driver::allowed_while_recorded(const UiEvent& e) {
  // A recording is what was observed: it plays, seeks and jumps between changes, but nothing
  // in it can be stepped, broken or sent a command, and it is not itself recorded again.
  const bool refused = std::visit(
      [](const auto& x) {
        using T = std::decay_t<decltype(x)>;
        if constexpr (is_alternative<T, run::Action>::value) return true;  // consoles, faults, writes
        else return steps_or_reruns<T>() || std::is_same_v<T, RecordAttach>;
      },
      e);
  if (refused) notice_ = tr("recorded.watch_only");
  return !refused;
}

bool Driver::allowed_while_attached(const UiEvent& e) {
  // A real ensemble runs on its own: nothing to step, rewind or break from here. Display,
  // selection, language, consoles and attach/detach stay.
  const bool sim_only = std::visit(
      [](const auto& x) {
        using T = std::decay_t<decltype(x)>;
        if constexpr (std::is_same_v<T, ConsoleLine> || std::is_same_v<T, KillClient>) return false;
        else if constexpr (is_alternative<T, run::Action>::value) return true;
        else return steps_or_reruns<T>() || std::is_same_v<T, SetPaused>;
      },
      e);
  if (sim_only) notice_ = tr("attach.watch_only");
  return !sim_only;
}

void Driver::attach_to(const AttachTo& a) {
  auto hosts = wire::parse_connect_string(a.connect_string);
  if (!hosts) {
    notice_ = fmt::format("{}: {}", tr("attach.cannot_attach"), hosts.error().to_string());
    return;
  }
  attach::MonitorOptions o;
  o.hosts = std::move(hosts).value();
  if (!a.auth.empty()) {
    auto auth = wire::parse_auth_spec(a.auth);
    if (!auth) {
      notice_ = fmt::format("{}: {}", tr("attach.cannot_attach"), auth.error().to_string());
      return;
    }
    o.auth = std::move(auth).value();
  }
  o.refresh_ms = std::clamp(a.refresh_ms, kMinRefreshMs, kMaxRefreshMs);
  if (!attach_ && !recorded_) std::swap(selected_, other_selected_);  // the simulation's selection waits too
  leave_observed();  // a previous attach stops (or a recording closes) before the new one starts
  attach_ = std::make_unique<attach::AttachSource>(std::move(o));
  picked_.reset();
  selected_ = 0;
  selected_client_ = -1;
  if (!a.record.empty()) record(a.record);
  if (!recent_file_.empty()) {
    std::vector<RecentAttach> recent = load_recent(recent_file_);
    remember(recent, recent_entry(a.connect_string, a.auth, a.refresh_ms));
    std::string error;
    if (!save_recent(recent_file_, recent, &error)) notice_ = error;
  }
}

void Driver::leave_observed() {
  real_consoles_.clear();  // each zkCli's session closes with it
  ++console_generation_;
  attach_.reset();  // stops the monitor's thread (and closes its recording); no waiting on the network
  changes_.clear();
  attach_cursor_ = 0;
  record_error_.clear();
  recorded_.reset();
  recorded_changes_.clear();
  rec_playing_ = false;
  rec_owed_ms_ = 0;
}

void Driver::record(const std::string& path) {
  if (!attach_) {
    notice_ = tr("recording.not_attached");
    return;
  }
  // Monitor::record opens the file and hands the rest to the writer's own thread: this
  // thread never waits on the network, nor on the disk beyond the open.
  // AttachSource gives its monitor const; the monitor itself is not (the source owns it).
  attach::Monitor& monitor = attach_->monitor();
  if (auto error = monitor.record(expand_home(path))) {
    record_error_ = error->to_string();
    notice_ = record_error_;
    return;
  }
  record_error_.clear();
}

void Driver::open_recording(const std::string& path) {
  auto opened = attach::Recording::open(expand_home(path));
  if (!opened) {
    notice_ = opened.error().to_string();  // names the file and line; what is shown stays
    return;
  }
  if (!attach_ && !recorded_) std::swap(selected_, other_selected_);
  leave_observed();
  lab_.reset();  // as a loaded run does, a recording replaces a lab on screen
  recorded_ = std::make_unique<attach::RecordedSource>(std::move(opened).value());
  const attach::Recording& r = recorded_->recording();
  // The rows' addresses, for the changes' lines: the connect string the recording was made of.
  std::vector<attach::ServerRow> rows;
  if (auto hosts = wire::parse_connect_string(r.header().hosts)) {
    for (const wire::HostPort& h : hosts.value().hosts) {
      attach::ServerRow row;
      row.address = h;
      rows.push_back(std::move(row));
    }
  }
  for (const attach::ObservedEvent& e : r.events()) recorded_changes_.push_back(attached_change(e, rows));
  // At its first look (every server asked once), paused: the user plays or scrubs it.
  recorded_->seek(r.first_poll_ms());
  picked_.reset();
  selected_ = 0;
  selected_client_ = -1;
  if (!r.warnings().empty()) {
    std::string w;
    for (const std::string& x : r.warnings()) w += (w.empty() ? "" : "; ") + x;
    notice_ = w;
  }
}

void Driver::seek_recorded(std::int64_t at_ms) {
  const attach::Recording& r = recorded_->recording();
  recorded_->seek(std::clamp(at_ms, r.begin_ms(), std::max(r.begin_ms(), r.end_ms())));
  rec_owed_ms_ = 0;
}

void Driver::jump_change(bool forward) {
  // To the moment of the next change after the one shown (or of the last one before it): the
  // moment shown includes the changes at that very ms, so the jump lands right on it.
  const std::int64_t t = recorded_->time();
  rec_playing_ = false;
  if (forward) {
    for (const view::AttachedChange& c : recorded_changes_) {
      if (c.at_ms > t) {
        seek_recorded(c.at_ms);
        return;
      }
    }
    notice_ = tr("recorded.no_later_change");
    return;
  }
  for (auto it = recorded_changes_.rbegin(); it != recorded_changes_.rend(); ++it) {
    if (it->at_ms < t) {
      seek_recorded(it->at_ms);
      return;
    }
  }
  seek_recorded(recorded_->recording().begin_ms());
  notice_ = tr("recorded.no_earlier_change");
}

void Driver::real_console(const UiEvent& e) {
  if (const auto* k = std::get_if<KillClient>(&e)) {
    if (auto it = real_consoles_.find(k->sid); it != real_consoles_.end()) it->second->kill();
    return;
  }
  const auto& c = std::get<ConsoleLine>(e);
  std::unique_ptr<console::Console>& console = real_consoles_[c.sid];
  if (!console || console->exited()) {
    // zkCli on that server alone (with the connect string's chroot), as
    // `zkCli.sh -server HOST:PORT` would be started beside it.
    const auto observation = attach_->monitor().observation();
    const std::vector<Sid> sids = attach::view_sids(observation->rows);
    const int i = view::index_in(sids, c.sid);
    if (i < 0) {
      notice_ = fmt::format("no server {} in {}", c.sid, attach_->monitor().options().hosts.text());
      real_consoles_.erase(c.sid);
      return;
    }
    const std::string server = observation->rows[static_cast<std::size_t>(i)].address.text() +
                               attach_->monitor().options().hosts.chroot;
    console = std::make_unique<console::Console>(std::make_unique<attach::WireClientHandle>(), server);
  }
  console->enter(c.line);
  console->pump();
}

void Driver::fill_attached() {
  attach_->fill(model_, view::Display{hide_pings_, std::nullopt});
  ClusterView& m = model_;
  const auto observation = attach_->monitor().observation();
  for (const attach::ObservedEvent& e : attach_->monitor().events_since(attach_cursor_))
    changes_.push_back(attached_change(e, observation->rows));
  if (changes_.size() > kKeptChanges)
    changes_.erase(changes_.begin(), changes_.begin() + static_cast<std::ptrdiff_t>(changes_.size() - kKeptChanges));
  if (m.attached) {
    view::AttachedModel& a = *m.attached;
    a.changes = changes_;
    // The recording this attach is written to (the source may fill these too: same values).
    const attach::RecordingStatus& rs = observation->recording;
    a.recording_path = rs.path;
    a.recording_active = rs.active;
    a.recording_bytes = rs.bytes;
    a.recording_error = rs.error;
    if (!record_error_.empty() && !rs.active) a.recording_error = record_error_;  // the file did not open
  }
  // The consoles take what their handles heard (never waiting: each handle has its thread).
  m.consoles.clear();
  for (auto& [sid, console] : real_consoles_) {
    console->pump();
    m.consoles.push_back(view::ConsoleModel{sid, console->prompt_text(), !console->idle(), &console->transcript(),
                                            &console->history()});
  }
  fill_observed_common();
}

void Driver::fill_recorded() {
  recorded_->fill(model_, view::Display{hide_pings_, std::nullopt});
  ClusterView& m = model_;
  const std::int64_t t = recorded_->time();
  if (m.attached) {
    view::AttachedModel& a = *m.attached;
    // RecordedSource::fill marks it recorded (from, to, shown, closed); here: its changes.
    // The changes up to the moment shown (the newest kKeptChanges of them), and all of them
    // for the time bar's ticks.
    const auto end = std::upper_bound(recorded_changes_.begin(), recorded_changes_.end(), t,
                                      [](std::int64_t at, const view::AttachedChange& c) { return at < c.at_ms; });
    const auto n = static_cast<std::size_t>(end - recorded_changes_.begin());
    const std::size_t first = n > kKeptChanges ? n - kKeptChanges : 0;
    a.changes = std::span<const view::AttachedChange>(recorded_changes_.data() + first, n - first);
    a.recorded_changes = recorded_changes_;
  }
  m.paused = !rec_playing_;
  m.speed = rec_speed_;
  m.consoles.clear();  // nothing reaches a recorded server
  m.console_generation = (std::uint64_t{1} << 62) | console_generation_;
  fill_observed_common();
}

void Driver::fill_observed_common() {
  ClusterView& m = model_;
  if ((selected_ == 0 || m.index_of(selected_) < 0) && m.stable_leader) selected_ = *m.stable_leader;
  m.selected_server = selected_;
  m.clients.selected = selected_client_;
  const std::span<const view::AttachedChange> shown =
      m.attached ? m.attached->changes : std::span<const view::AttachedChange>{};
  if (!notice_.empty()) {
    m.last_happening = notice_;
  } else if (!shown.empty()) {
    m.last_happening = fmt::format("{} {}", wall_clock_text(shown.back().at_ms), change_text(shown.back()));
  }
  m.presenter = presenter_;
  m.ui_scale = ui_scale_;
  m.labs.clear();
  for (const lab::Lab& l : labs_) m.labs.push_back(view::LabListEntry{l.id, l.title.in(lang_)});
  for (const auto& [name, r] : scenarios_) m.scenarios.push_back(view::ScenarioCard{name, r.title, r.description});
}

const ClusterView& Driver::model() {
  if (recorded_) {
    fill_recorded();
    return model_;
  }
  if (attach_) {
    fill_attached();
    return model_;
  }
  view::SimSource& source = lab_ ? lab_->source() : source_;
  source.fill(model_, view::Display{hide_pings_, picked_});
  ClusterView& m = model_;
  // A picked message that is not in the trace (stepped back to before it was sent) is no
  // longer picked.
  if (picked_ && (m.causality == nullptr || !m.causality->found)) {
    picked_.reset();
    m.causality = nullptr;
  }
  m.paused = paused_;
  m.speed = speed_;
  m.slow_motion = slow_motion_;
  m.slowed_now = !paused_ && !lab_ && slow_motion_ && pacer_.pace_now > 0 && pacer_.pace_now < speed_;
  // The selection changes only when the user changes it: until then the views show the first
  // leader a quorum follows, and keep showing that server (its console, its transcript) when
  // it goes down or another is elected.
  if ((selected_ == 0 || m.index_of(selected_) < 0) && m.stable_leader) selected_ = *m.stable_leader;
  m.selected_server = selected_;
  m.clients.selected = selected_client_;
  std::string step_words;
  if (step_note_ && notice_.empty()) {
    // The trace entries the last event left: those recorded right before this moment.
    const Simulator& sim = run().sim();
    const TraceLog& trace = sim.trace();
    const std::uint64_t at = sim.events_processed();
    std::size_t from = trace.size();
    constexpr std::size_t kMaxEntries = 256;  // one event leaves a handful
    while (from > 0 && trace.size() - from < kMaxEntries && sim.event_of_trace(from - 1) == at) --from;
    step_words = describe_event(trace, from, trace.size());
    if (step_words.empty() && at > 0)  // a timer with nothing to do, a connect still pending
      step_words = fmt::format("{:.3f} s: {}", static_cast<double>(sim.now()) / 1000.0, tr("happening.quiet_step"));
  }
  if (!notice_.empty()) {
    m.last_happening = notice_;
  } else if (!step_words.empty()) {
    m.last_happening = step_words;
  } else if (const auto h = source.last_happening()) {
    m.last_happening = translate(*h);
  }
  m.presenter = presenter_;
  m.ui_scale = ui_scale_;
  m.scenarios.clear();
  m.scenario.reset();
  for (const auto& [name, r] : scenarios_) {
    view::ScenarioCard c{name, r.title, r.description};
    if (lang_ == lab::Lang::ZhCN) {
      if (!r.title_zh.empty()) c.title = r.title_zh;
      if (!r.description_zh.empty()) c.description = r.description_zh;
    }
    if (name == scenario_ && !lab_) m.scenario = c;
    m.scenarios.push_back(std::move(c));
  }
  m.labs.clear();
  for (const lab::Lab& l : labs_) m.labs.push_back(view::LabListEntry{l.id, l.title.in(lang_)});
  if (lab_) {
    m.lab = lab_->card(lang_);
    m.now_fraction = lab_->now_fraction();
  }
  return model_;
}

}  // namespace zs::gui

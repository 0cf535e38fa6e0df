// A headless run (run.hpp): the simulator, its actions, consoles, stepping and branches.
#include "run/run.hpp"
#include "core/overloaded.hpp"

#include <algorithm>

#include <fmt/format.h>

#include "data/acl.hpp"
#include "data/prep.hpp"
#include "run/sim_client_handle.hpp"

namespace zs::run {
namespace {

constexpr std::uint64_t kMaxStepsPerCall = 2'000'000;  // next_state_change gives up after this
constexpr const char* kWritePath = "/write-";          // the write button's sequential node

using K = ScheduledAction::Kind;

ScheduledAction link_action(K kind, Sid from, Sid to, Ms at) {
  ScheduledAction x = server_action(kind, from, at);
  x.target = to;
  return x;
}

}  // namespace

bool scheduled_by_time(const Action& a) {
  return std::holds_alternative<StartServer>(a) || std::holds_alternative<CrashServer>(a) ||
         std::holds_alternative<RestartServer>(a) || std::holds_alternative<IsolateServer>(a) ||
         std::holds_alternative<Partition>(a) || std::holds_alternative<HealAll>(a) ||
         std::holds_alternative<CutLink>(a) || std::holds_alternative<HealLink>(a) ||
         std::holds_alternative<SetLoss>(a);
}

Run::Run(RunSetup setup) { reset(std::move(setup)); }
Run::~Run() = default;

void Run::reset(RunSetup setup) {
  consoles_.clear();  // they point into the old simulator
  ++console_generation_;
  setup_ = std::move(setup);
  SimOptions options;
  options.seed = setup_.seed;
  options.link = setup_.link;
  sim_ = std::make_unique<Simulator>(setup_.ensemble, options);
  // Presets first (a server's log before it starts), then the servers running at time 0,
  // then the timed faults in the order given: the order `zooscope sim` schedules its flags.
  for (const RecordedAction& r : timed_)
    if (const auto* z = std::get_if<PresetZxid>(&r.action)) sim_->preset_zxid(z->sid, z->zxid);
  if (setup_.start) {
    for (Sid sid : *setup_.start) sim_->schedule(server_action(K::Start, sid, 0));
  } else {
    for (const config::ServerSpec& s : sim_->config().servers) sim_->schedule(server_action(K::Start, s.sid, 0));
  }
  for (const RecordedAction& r : timed_) schedule_timed(r);
  applied_ = 0;
  next_handle_ = 0;
}

void Run::schedule_timed(const RecordedAction& r) {
  Simulator& sim = *sim_;
  const Ms at = r.at_ms;
  std::visit(
      Overloaded{
          [&](const StartServer& c) { sim.schedule(server_action(K::Start, c.sid, at)); },
          [&](const CrashServer& c) { sim.schedule(server_action(K::Crash, c.sid, at)); },
          [&](const RestartServer& c) { sim.schedule(server_action(K::Restart, c.sid, at)); },
          [&](const IsolateServer& c) {
            for (const config::ServerSpec& s : sim.config().servers) {
              if (s.sid == c.sid) continue;
              sim.schedule(link_action(K::CutLink, c.sid, s.sid, at));
              sim.schedule(link_action(K::CutLink, s.sid, c.sid, at));
            }
          },
          [&](const Partition& p) {
            ScheduledAction x = server_action(K::Partition, 0, at);
            x.groups = p.groups;
            sim.schedule(x);
          },
          [&](const HealAll&) { sim.schedule(server_action(K::HealAll, 0, at)); },
          [&](const CutLink& c) { sim.schedule(link_action(K::CutLink, c.from, c.to, at)); },
          [&](const HealLink& c) { sim.schedule(link_action(K::HealLink, c.from, c.to, at)); },
          [&](const SetLoss& l) {
            ScheduledAction x = server_action(K::SetLoss, 0, at);
            x.loss = l.loss;
            sim.schedule(x);
          },
          [&](const auto&) {},  // presets are applied in reset(); the rest are not timed faults
      },
      r.action);
}

void Run::perform(const Action& a) {
  Simulator& sim = *sim_;
  const Ms now = sim.now();
  std::visit(
      Overloaded{
          [&](const SetLinkParams& c) {
            for (const config::ServerSpec& s : sim.config().servers) {
              for (const config::ServerSpec& t : sim.config().servers) {
                if (s.sid == t.sid) continue;
                if (c.from != 0 && (s.sid != c.from || t.sid != c.to)) continue;
                LinkParams p = sim.link(s.sid, t.sid);
                if (c.loss) p.loss = *c.loss;
                p.latency_min_ms = std::max<Ms>(0, c.latency_min_ms);
                p.latency_max_ms = std::max(p.latency_min_ms, c.latency_max_ms);
                sim.set_link(s.sid, t.sid, p);
              }
            }
          },
          [&](const WriteButton& c) {
            for (int k = 0; k < std::clamp(c.count, 1, 1'000'000); ++k) {
              ScheduledAction x = server_action(K::Write, c.sid, now);
              x.request = CreateRequest{kWritePath, fmt::format("written at {} ms", now), open_acl_unsafe(),
                                        create_mode::kPersistentSequential, -1, 0};
              sim.schedule(x);
            }
          },
          [&](const ConsoleLine& c) {
            console::Console& con = console_for(c.sid, c.connect);
            con.enter(c.line);
            con.pump();
          },
          [&](const KillClient& c) {
            for (OpenConsole& o : consoles_)
              if (o.sid == c.sid && o.current) o.console->kill();
          },
          [&](const PresetZxid& z) { sim.preset_zxid(z.sid, z.zxid); },
          [&](const auto&) { schedule_timed(RecordedAction{kAtTime, now, a}); },  // a fault, now
      },
      a);
}

console::Console& Run::console_for(Sid sid, const std::string& connect) {
  if (!connect.empty()) {
    const std::vector<Sid> named = servers_for_connect_string(sim_->config(), connect);
    sid = named.empty() ? 0 : named.front();
  }
  for (OpenConsole& o : consoles_) {
    if (o.sid != sid || o.connect != connect || !o.current) continue;
    if (!o.console->exited()) return *o.console;
    // After quit or a kill, the next line starts a new zkCli (a new handle and session).
    o.current = false;
    ++console_generation_;  // views drop what they cached of the old transcript
    break;
  }
  if (connect.empty()) {
    consoles_.push_back(OpenConsole{sid, open_sim_console(*sim_, next_handle_++, sid), true, {}});
  } else {
    consoles_.push_back(OpenConsole{sid, open_sim_console(*sim_, next_handle_++, connect), true, connect});
  }
  return *consoles_.back().console;
}

void Run::pump_consoles() {
  for (OpenConsole& o : consoles_)
    if (o.current) o.console->pump();
}

void Run::apply_due_actions(Ms until) {
  // An action recorded by hand was taken right after event at_event, when virtual time was
  // at_ms (no event happened in between). One given by time is due once every event up to
  // at_ms has run; from then on it is an exact moment too.
  while (applied_ < actions_.size()) {
    RecordedAction& r = actions_[applied_];
    if (r.at_ms > until) break;
    if (r.at_event == kAtTime) {
      if (sim_->next_event_time() <= r.at_ms) break;
    } else if (r.at_event > sim_->events_processed()) {
      break;
    }
    if (sim_->now() < r.at_ms) sim_->run_until(r.at_ms);  // time passes, nothing happens
    if (r.at_event == kAtTime) r.at_event = sim_->events_processed();
    perform(r.action);
    ++applied_;
  }
}

bool Run::step_one(Ms limit) {
  for (;;) {
    apply_due_actions(std::min(sim_->next_event_time(), limit));
    // No event may run past the next action's moment: the queue's head can be a superseded
    // timer that hides how late the next real event is.
    const Ms action_at = applied_ < actions_.size() ? actions_[applied_].at_ms : kNever;
    if (sim_->step(std::min(limit, action_at))) break;
    if (action_at > limit) return false;
    // Nothing ran up to the action's moment (the stale timers are gone): it may be due now.
    const std::size_t before = applied_;
    apply_due_actions(std::min(sim_->next_event_time(), limit));
    if (applied_ == before) {  // not due after all (recorded after a later event)
      if (sim_->step(limit)) break;
      return false;
    }
  }
  if (on_event_) on_event_(*sim_);
  pump_consoles();
  note_furthest();
  return true;
}

bool Run::step(Ms limit) { return step_one(limit); }

void Run::note_furthest() {
  if (sim_->events_processed() >= furthest_event_) {
    furthest_event_ = sim_->events_processed();
    furthest_ms_ = std::max(furthest_ms_, sim_->now());
  }
}

void Run::act(const Action& a) {
  const std::uint64_t at = sim_->events_processed();
  const Ms now = sim_->now();
  // Acting in the past forks the run: the old future (its actions and how far it went) is
  // kept as a branch, and this run forgets the actions after this moment.
  auto later = [&](const RecordedAction& r) {
    if (r.at_event == kAtTime) return r.at_ms > now;
    return r.at_event > at || (r.at_event == at && r.at_ms > now);
  };
  const bool timed_later = std::any_of(timed_.begin(), timed_.end(), later);
  if (at < furthest_event_ || timed_later || std::any_of(actions_.begin(), actions_.end(), later)) {
    branches_.push_back(Branch{actions(), std::max(furthest_event_, at)});
    // The simulator forgets changes made after this event by itself. Timed faults it was
    // given at the start, and an action given to it at this very event but later in time,
    // need a replay without them.
    bool rebuild = timed_later;
    for (std::size_t i = 0; i < applied_ && i < actions_.size(); ++i)
      rebuild = rebuild || (actions_[i].at_event == at && actions_[i].at_ms > now);
    std::erase_if(actions_, later);
    std::erase_if(timed_, later);
    applied_ = std::min(applied_, actions_.size());
    if (rebuild) rebuild_to(at, now);
    furthest_event_ = at;
    furthest_ms_ = now;
  }
  apply_due_actions(now);
  actions_.push_back(RecordedAction{at, now, a});
  perform(a);
  applied_ = actions_.size();
  // A crash or a cut shows at once, even while paused: run what happens at this instant.
  while (sim_->next_event_time() <= now && step_one()) {
  }
  note_furthest();
}

void Run::rebuild_to(std::uint64_t index, std::optional<Ms> time) {
  const std::uint64_t furthest = furthest_event_;
  const Ms furthest_ms = furthest_ms_;
  reset(setup_);
  while (sim_->events_processed() < index && step_one()) {
  }
  if (time) {
    apply_due_actions(*time);
    if (sim_->now() < *time) sim_->run_until(*time);
  }
  furthest_event_ = furthest;
  furthest_ms_ = furthest_ms;
}

void Run::go_to_event(std::uint64_t index) {
  if (index < sim_->events_processed()) {
    if (consoles_.empty()) {
      // Checkpoints; the simulator re-applies the changes recorded up to this event. Later
      // actions are the run's to apply again as time reaches them (the simulator then
      // drops its own copies of them and takes the same ones anew).
      sim_->seek(index);
      applied_ = static_cast<std::size_t>(std::count_if(actions_.begin(), actions_.end(), [&](const RecordedAction& r) {
        return r.at_event != kAtTime && r.at_event <= index;
      }));
    } else {
      rebuild_to(index, std::nullopt);  // consoles are not rewound with the simulator
    }
    return;
  }
  while (sim_->events_processed() < index && step_one()) {
  }
  note_furthest();
}

void Run::seek_time(Ms t) {
  if (t >= sim_->now()) {
    run_to(t);
    return;
  }
  go_to_event(sim_->last_event_at_or_before(t));
  apply_due_actions(t);
  if (sim_->now() < t) sim_->run_until(t);
}

void Run::run_to(Ms t) {
  while (true) {
    apply_due_actions(std::min(sim_->next_event_time(), t));
    if (sim_->next_event_time() > t || !step_one(t)) break;
  }
  apply_due_actions(t);  // actions given by time at t, once every event up to t has run
  if (sim_->now() < t) sim_->run_until(t);  // nothing due before t: time just passes
  furthest_ms_ = std::max(furthest_ms_, sim_->now());
}

bool Run::next_state_change() {
  for (std::uint64_t k = 0; k < kMaxStepsPerCall; ++k) {
    const std::size_t before = sim_->trace().size();
    if (!step_one()) return false;
    for (std::size_t i = before; i < sim_->trace().size(); ++i)
      if (sim_->trace().holds<StateChanged>(i)) return true;
  }
  return false;
}

std::vector<Sid> Run::finish_consoles(Ms limit) {
  auto busy = [&](const console::Console& c) { return !c.idle() || c.awaiting_first_connection(); };
  auto all_idle = [&] {
    return std::none_of(consoles_.begin(), consoles_.end(),
                        [&](const OpenConsole& o) { return o.current && busy(*o.console); });
  };
  while (!all_idle() && sim_->next_event_time() <= limit && step_one(limit)) {
  }
  std::vector<Sid> out;
  for (const OpenConsole& o : consoles_)
    if (o.current && busy(*o.console)) out.push_back(o.sid);
  return out;
}

void Run::set_actions(std::vector<RecordedAction> all) {
  timed_.clear();
  actions_.clear();
  for (RecordedAction& r : all) {
    const bool timed = r.at_event == kAtTime && (scheduled_by_time(r.action) || std::holds_alternative<PresetZxid>(r.action));
    (timed ? timed_ : actions_).push_back(std::move(r));
  }
  // Actions given by time are taken in time order (a file may list them in any order).
  std::stable_sort(actions_.begin(), actions_.end(), [](const RecordedAction& a, const RecordedAction& b) {
    if (a.at_event != kAtTime && b.at_event != kAtTime) return false;  // keep recorded order
    return a.at_ms < b.at_ms;
  });
}

void Run::load(const RunFile& run, std::optional<Ms> at_ms) {
  set_actions(run.actions);
  reset(run.setup);
  branches_.clear();
  furthest_event_ = 0;
  furthest_ms_ = 0;
  if (at_ms) {
    run_to(*at_ms);
  } else {
    while (sim_->events_processed() < run.end_event && step_one()) {
    }
    if (run.end_ms > sim_->now()) run_to(run.end_ms);  // then time passed to the save
  }
}

void Run::start_over(RunSetup setup) {
  timed_.clear();
  actions_.clear();
  reset(std::move(setup));
  branches_.clear();
  furthest_event_ = 0;
  furthest_ms_ = 0;
}

void Run::switch_branch(std::size_t index) {
  if (index >= branches_.size()) return;
  Branch target = std::move(branches_[index]);
  branches_.erase(branches_.begin() + static_cast<std::ptrdiff_t>(index));
  // The run we leave becomes a branch in its turn.
  Branch leaving{actions(), furthest_event()};
  const std::uint64_t here = sim_->events_processed();
  RunFile f;
  f.setup = setup_;
  f.actions = std::move(target.actions);
  f.end_event = target.end_event;
  auto kept = std::move(branches_);
  load(f);
  branches_ = std::move(kept);
  branches_.push_back(std::move(leaving));
  if (here < sim_->events_processed()) go_to_event(here);
}

std::vector<RecordedAction> Run::actions() const {
  std::vector<RecordedAction> all = timed_;
  all.insert(all.end(), actions_.begin(), actions_.end());
  return all;
}

RunFile Run::run_file() const {
  RunFile f;
  f.setup = setup_;
  f.actions = actions();
  f.end_event = furthest_event();
  f.end_ms = furthest_ms();
  return f;
}

std::vector<std::pair<Sid, const console::Console*>> Run::consoles() const {
  std::vector<std::pair<Sid, const console::Console*>> out;
  for (const OpenConsole& o : consoles_)
    if (o.current && o.connect.empty()) out.emplace_back(o.sid, o.console.get());
  return out;
}

std::vector<const console::Console*> Run::all_consoles() const {
  std::vector<const console::Console*> out;
  for (const OpenConsole& o : consoles_) out.push_back(o.console.get());
  return out;
}

std::vector<const console::Console*> Run::consoles_on(Sid sid) const {
  std::vector<const console::Console*> out;
  for (const OpenConsole& o : consoles_)
    if (o.sid == sid) out.push_back(o.console.get());
  return out;
}

std::optional<Happening> Run::last_happening() const { return run::last_happening(sim_->trace()); }

}  // namespace zs::run

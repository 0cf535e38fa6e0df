// The window's driver (driver.hpp): the run, its hand actions, stepping, and the model.
#include "driver.hpp"
#include "model_timeline.hpp"

#include <algorithm>
#include <fstream>
#include <sstream>

#include <fmt/format.h>

#include "data/acl.hpp"
#include "data/prep.hpp"
#include "happening.hpp"
#include "model_tree.hpp"
#include "peer/quorum_peer.hpp"

namespace zs::gui {
namespace {

template <class... F>
struct Overloaded : F... {
  using F::operator()...;
};

constexpr std::uint64_t kMaxStepsPerCall = 2'000'000;  // NextStateChange gives up after this
constexpr const char* kWritePath = "/write-";          // the write button's sequential node

// ---- run files -------------------------------------------------------------------------------

nlohmann::json action_json(const HandAction& a) {
  return std::visit(
      Overloaded{
          [](const CrashServer& c) { return nlohmann::json{{"kind", "crash"}, {"sid", c.sid}}; },
          [](const RestartServer& c) { return nlohmann::json{{"kind", "restart"}, {"sid", c.sid}}; },
          [](const IsolateServer& c) { return nlohmann::json{{"kind", "isolate"}, {"sid", c.sid}}; },
          [](const HealAll&) { return nlohmann::json{{"kind", "heal_all"}}; },
          [](const CutLink& c) { return nlohmann::json{{"kind", "cut_link"}, {"from", c.from}, {"to", c.to}}; },
          [](const HealLink& c) { return nlohmann::json{{"kind", "heal_link"}, {"from", c.from}, {"to", c.to}}; },
          [](const SetLinkParams& c) {
            return nlohmann::json{{"kind", "link"},          {"from", c.from},
                                  {"to", c.to},              {"loss_percent", c.loss_percent},
                                  {"latency_min_ms", c.latency_min_ms},
                                  {"latency_max_ms", c.latency_max_ms}};
          },
          [](const WriteButton& c) { return nlohmann::json{{"kind", "write"}, {"sid", c.sid}, {"count", c.count}}; },
          [](const ConsoleLine& c) {
            return nlohmann::json{{"kind", "console"}, {"sid", c.sid}, {"line", c.line}};
          },
          [](const KillClient& c) { return nlohmann::json{{"kind", "kill_client"}, {"sid", c.sid}}; },
      },
      a);
}

Result<HandAction> action_from_json(const nlohmann::json& j) {
  const std::string kind = j.at("kind").get<std::string>();
  auto sid = [&] { return j.at("sid").get<Sid>(); };
  if (kind == "crash") return HandAction{CrashServer{sid()}};
  if (kind == "restart") return HandAction{RestartServer{sid()}};
  if (kind == "isolate") return HandAction{IsolateServer{sid()}};
  if (kind == "heal_all") return HandAction{HealAll{}};
  if (kind == "cut_link") return HandAction{CutLink{j.at("from").get<Sid>(), j.at("to").get<Sid>()}};
  if (kind == "heal_link") return HandAction{HealLink{j.at("from").get<Sid>(), j.at("to").get<Sid>()}};
  if (kind == "link") {
    return HandAction{SetLinkParams{j.at("from").get<Sid>(), j.at("to").get<Sid>(),
                                    j.at("loss_percent").get<int>(),
                                    j.at("latency_min_ms").get<Ms>(),
                                    j.at("latency_max_ms").get<Ms>()}};
  }
  if (kind == "write") return HandAction{WriteButton{sid(), j.value("count", 1)}};
  if (kind == "console") return HandAction{ConsoleLine{sid(), j.at("line").get<std::string>()}};
  if (kind == "kill_client") return HandAction{KillClient{sid()}};
  return Error{"", 0, fmt::format("unknown action kind \"{}\"", kind),
               "use crash, restart, isolate, heal_all, cut_link, heal_link, link, write, console or kill_client"};
}

}  // namespace

nlohmann::json to_json(const RunFile& run) {
  nlohmann::json j;
  j["zooscope_run"] = 1;
  j["seed"] = run.setup.seed;
  nlohmann::json servers = nlohmann::json::array();
  for (const config::ServerSpec& s : run.setup.ensemble.servers) servers.push_back(config::server_value(s));
  j["servers"] = servers;
  nlohmann::json sids = nlohmann::json::array();
  for (const config::ServerSpec& s : run.setup.ensemble.servers) sids.push_back(s.sid);
  j["sids"] = sids;
  j["voters"] = run.setup.ensemble.voter_count();
  j["observers"] = static_cast<int>(run.setup.ensemble.servers.size()) - run.setup.ensemble.voter_count();
  if (!run.setup.config_path.empty()) j["config"] = run.setup.config_path;
  j["end_event"] = run.end_event;
  j["end_ms"] = run.end_ms;
  nlohmann::json actions = nlohmann::json::array();
  for (const RecordedAction& a : run.actions) {
    nlohmann::json x = action_json(a.action);
    x["at_event"] = a.at_event;
    x["at_ms"] = a.at_ms;
    actions.push_back(std::move(x));
  }
  j["actions"] = actions;
  return j;
}

Result<RunFile> run_from_json(const nlohmann::json& j, const std::string& source) {
  try {
    if (!j.is_object() || !j.contains("zooscope_run")) {
      return Error{source, 0, "not a zooscope run file (no \"zooscope_run\" key)",
                   "save one with the window's Save run button"};
    }
    RunFile run;
    run.setup.seed = j.at("seed").get<std::uint64_t>();
    if (j.contains("config")) {
      run.setup.config_path = j.at("config").get<std::string>();
      auto loaded = config::load_ensemble({run.setup.config_path});
      if (!loaded) return Error{source, 0, loaded.error().to_string(), ""};
      run.setup.ensemble = std::move(loaded).value();
    } else {
      run.setup.ensemble = config::default_ensemble(j.at("voters").get<int>(), j.at("observers").get<int>());
    }
    run.end_event = j.value("end_event", std::uint64_t{0});
    run.end_ms = j.value("end_ms", Ms{0});
    std::uint64_t last = 0;
    for (const auto& x : j.at("actions")) {
      auto a = action_from_json(x);
      if (!a) return Error{source, 0, a.error().message, a.error().hint};
      RecordedAction r{x.contains("at_event") ? x.at("at_event").get<std::uint64_t>() : kAtTime,
                       x.value("at_ms", Ms{0}), std::move(a).value()};
      if (r.at_event == kAtTime && !x.contains("at_ms")) {
        return Error{source, 0, "an action has neither at_event nor at_ms", "give the moment as at_ms (virtual ms)"};
      }
      if (r.at_event != kAtTime && r.at_event < last) {
        return Error{source, 0, fmt::format("action at_event {} comes after at_event {}", r.at_event, last),
                     "list the actions in at_event order"};
      }
      if (r.at_event != kAtTime) last = r.at_event;
      run.actions.push_back(std::move(r));
    }
    return run;
  } catch (const nlohmann::json::exception& e) {
    return Error{source, 0, e.what(), "a run file has seed, voters, observers and actions"};
  }
}

Result<RunFile> load_run_file(const std::string& path) {
  std::ifstream in(path);
  if (!in) return Error{path, 0, "cannot open the run file", "check the path"};
  try {
    return run_from_json(nlohmann::json::parse(in), path);
  } catch (const nlohmann::json::parse_error& e) {
    return Error{path, 0, fmt::format("not JSON: {}", e.what()), "a run file is the JSON the Save run button writes"};
  }
}

// ---- the driver --------------------------------------------------------------------------------

Driver::Driver(RunSetup setup) { reset(std::move(setup)); }
Driver::~Driver() = default;

void Driver::reset(RunSetup setup) {
  consoles_.clear();  // they point into the old simulator
  ++console_generation_;
  setup_ = std::move(setup);
  SimOptions options;
  options.seed = setup_.seed;
  sim_ = std::make_unique<Simulator>(setup_.ensemble, options);
  start_servers();
  applied_ = 0;
  next_handle_ = 0;
  model_ = ClusterView{};
}

void Driver::start_over(RunSetup setup) {
  reset(std::move(setup));
  actions_.clear();
  branches_.clear();
  furthest_event_ = 0;
  furthest_ms_ = 0;
}

void Driver::start_servers() {
  for (const config::ServerSpec& s : sim_->config().servers) {
    sim_->schedule(server_action(ScheduledAction::Kind::Start, s.sid, 0));  // all boot at time 0
  }
}

void Driver::perform(const HandAction& a) {
  Simulator& sim = *sim_;
  const Ms now = sim.now();
  using K = ScheduledAction::Kind;
  std::visit(
      Overloaded{
          [&](const CrashServer& c) { sim.schedule(server_action(K::Crash, c.sid, now)); },
          [&](const RestartServer& c) { sim.schedule(server_action(K::Restart, c.sid, now)); },
          [&](const IsolateServer& c) {
            for (const config::ServerSpec& s : sim.config().servers) {
              if (s.sid == c.sid) continue;
              ScheduledAction out = server_action(K::CutLink, c.sid, now);
              out.target = s.sid;
              sim.schedule(out);
              ScheduledAction in = server_action(K::CutLink, s.sid, now);
              in.target = c.sid;
              sim.schedule(in);
            }
          },
          [&](const HealAll&) { sim.schedule(server_action(K::HealAll, 0, now)); },
          [&](const CutLink& c) {
            ScheduledAction x = server_action(K::CutLink, c.from, now);
            x.target = c.to;
            sim.schedule(x);
          },
          [&](const HealLink& c) {
            ScheduledAction x = server_action(K::HealLink, c.from, now);
            x.target = c.to;
            sim.schedule(x);
          },
          [&](const SetLinkParams& c) {
            for (const config::ServerSpec& s : sim.config().servers) {
              for (const config::ServerSpec& t : sim.config().servers) {
                if (s.sid == t.sid) continue;
                if (c.from != 0 && (s.sid != c.from || t.sid != c.to)) continue;
                LinkParams p = sim.link(s.sid, t.sid);
                p.loss = Ratio{static_cast<std::uint32_t>(std::clamp(c.loss_percent, 0, 100)), 100};
                p.latency_min_ms = std::max<Ms>(0, c.latency_min_ms);
                p.latency_max_ms = std::max(p.latency_min_ms, c.latency_max_ms);
                sim.set_link(s.sid, t.sid, p);
              }
            }
          },
          [&](const WriteButton& c) {
            for (int k = 0; k < std::clamp(c.count, 1, 1'000'000); ++k) {
              ScheduledAction x = server_action(K::Write, c.sid, now);
              x.request = CreateRequest{kWritePath, fmt::format("written at {} ms", now),
                                        open_acl_unsafe(), create_mode::kPersistentSequential, -1, 0};
              sim.schedule(x);
            }
          },
          [&](const ConsoleLine& c) {
            console::Console& con = console_for(c.sid);
            con.enter(c.line);
            con.pump();
          },
          [&](const KillClient& c) {
            for (auto& [s, con] : consoles_)
              if (s == c.sid) con->kill();
          },
      },
      a);
}

console::Console& Driver::console_for(Sid sid) {
  for (auto& [s, c] : consoles_) {
    if (s != sid) continue;
    // After quit or a kill, the next line starts a new zkCli (a new handle and session).
    if (c->exited()) {
      c = std::make_unique<console::Console>(*sim_, next_handle_++, sid);
      ++console_generation_;  // views drop what they cached of the old transcript
    }
    return *c;
  }
  consoles_.emplace_back(sid, std::make_unique<console::Console>(*sim_, next_handle_++, sid));
  return *consoles_.back().second;
}

void Driver::pump_consoles() {
  for (auto& [s, c] : consoles_) c->pump();
}

void Driver::apply_due_actions(Ms until) {
  // A recorded action was taken right after event at_event, when virtual time was at_ms
  // (no event happened in between): it is due once that event has run and time reaches it.
  while (applied_ < actions_.size()) {
    RecordedAction& r = actions_[applied_];
    if ((r.at_event != kAtTime && r.at_event > sim_->events_processed()) || r.at_ms > until) break;
    if (sim_->now() < r.at_ms) sim_->run_until(r.at_ms);  // time passes, nothing happens
    if (r.at_event == kAtTime) r.at_event = sim_->events_processed();  // now an exact moment
    perform(r.action);
    ++applied_;
  }
}

bool Driver::step_one() {
  apply_due_actions(sim_->next_event_time());
  if (!sim_->step()) return false;
  pump_consoles();
  note_furthest();
  return true;
}

void Driver::note_furthest() {
  if (sim_->events_processed() >= furthest_event_) {
    furthest_event_ = sim_->events_processed();
    furthest_ms_ = std::max(furthest_ms_, sim_->now());
  }
}

void Driver::hand(const HandAction& a) {
  const std::uint64_t at = sim_->events_processed();
  const Ms now = sim_->now();
  // Acting in the past forks the run: the old future (its actions and how far it went) is
  // kept as a branch, and this run forgets the actions recorded after this moment.
  auto later = [&](const RecordedAction& r) { return r.at_event > at || (r.at_event == at && r.at_ms > now); };
  if (at < furthest_event_ || std::any_of(actions_.begin(), actions_.end(), later)) {
    branches_.push_back(Branch{actions_, std::max(furthest_event_, at)});
    // The simulator forgets changes made after this event by itself; an action already
    // handed to it at this very event but later in time needs a rebuild without it.
    bool rebuild = false;
    for (std::size_t i = 0; i < applied_ && i < actions_.size(); ++i)
      rebuild = rebuild || (actions_[i].at_event == at && actions_[i].at_ms > now);
    std::erase_if(actions_, later);
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
}

void Driver::rebuild_to(std::uint64_t index, std::optional<Ms> time) {
  std::vector<RecordedAction> keep = std::move(actions_);
  std::vector<Branch> branches = std::move(branches_);
  const std::uint64_t furthest = furthest_event_;
  const Ms furthest_ms = furthest_ms_;
  reset(setup_);
  actions_ = std::move(keep);
  branches_ = std::move(branches);
  while (sim_->events_processed() < index && step_one()) {
  }
  if (time) {
    apply_due_actions(*time);
    if (sim_->now() < *time) sim_->run_until(*time);
  }
  furthest_event_ = furthest;
  furthest_ms_ = furthest_ms;
}

void Driver::go_to_event(std::uint64_t index) {
  if (index < sim_->events_processed()) {
    if (consoles_.empty()) {
      // Checkpoints; the simulator re-applies the changes recorded up to this event. Later
      // actions are the driver's to apply again as time reaches them (the simulator then
      // drops its own copies of them and takes the same ones anew).
      sim_->seek(index);
      applied_ = static_cast<std::size_t>(
          std::count_if(actions_.begin(), actions_.end(), [&](const RecordedAction& r) { return r.at_event <= index; }));
    } else {
      rebuild_to(index, std::nullopt);  // consoles are not rewound with the simulator
    }
    return;
  }
  while (sim_->events_processed() < index && step_one()) {
  }
}

void Driver::run_to(Ms t) {
  while (true) {
    apply_due_actions(std::min(sim_->next_event_time(), t));
    if (sim_->next_event_time() > t || !step_one()) break;
  }
  if (sim_->now() < t) sim_->run_until(t);  // nothing due before t: time just passes
  furthest_ms_ = std::max(furthest_ms_, sim_->now());
}

void Driver::advance(double real_ms) {
  if (paused_) return;
  pending_ms_ += real_ms * speed_;
  const auto dt = static_cast<Ms>(pending_ms_);
  pending_ms_ -= static_cast<double>(dt);
  if (dt > 0) run_to(sim_->now() + dt);
}

void Driver::load(const RunFile& run, std::optional<Ms> at_ms) {
  reset(run.setup);
  branches_.clear();
  actions_ = run.actions;
  furthest_event_ = 0;
  furthest_ms_ = 0;
  if (at_ms) {
    run_to(*at_ms);
  } else {
    while (sim_->events_processed() < run.end_event && step_one()) {
    }
    if (run.end_ms > sim_->now()) run_to(run.end_ms);  // then time passed to the save
  }
  paused_ = true;  // a loaded run waits for the user
}

RunFile Driver::run_file() const {
  RunFile f;
  f.setup = setup_;
  f.actions = actions_;
  f.end_event = std::max(furthest_event_, sim_->events_processed());
  f.end_ms = std::max(furthest_ms_, sim_->now());
  return f;
}

void Driver::apply(const UiEvent& e) {
  notice_.clear();
  std::visit(
      Overloaded{
          [&](const CrashServer& a) { hand(a); },
          [&](const RestartServer& a) { hand(a); },
          [&](const IsolateServer& a) { hand(a); },
          [&](const HealAll& a) { hand(a); },
          [&](const CutLink& a) { hand(a); },
          [&](const HealLink& a) { hand(a); },
          [&](const SetLinkParams& a) { hand(a); },
          [&](const WriteButton& a) { hand(a); },
          [&](const ConsoleLine& a) { hand(a); },
          [&](const KillClient& a) { hand(a); },
          [&](const SetPaused& p) { paused_ = p.paused; },
          [&](const SetSpeed& s) { speed_ = std::clamp(s.speed, 0.1f, 100.0f); },
          [&](const SetHidePings& h) { hide_pings_ = h.hide; },
          [&](const StepForward&) {
            paused_ = true;
            step_one();
          },
          [&](const StepBack&) {
            paused_ = true;
            if (sim_->events_processed() > 0) go_to_event(sim_->events_processed() - 1);
          },
          [&](const NextStateChange&) {
            paused_ = true;
            for (std::uint64_t k = 0; k < kMaxStepsPerCall; ++k) {
              const std::size_t before = sim_->trace().size();
              if (!step_one()) break;
              bool changed = false;
              for (std::size_t i = before; i < sim_->trace().size() && !changed; ++i)
                changed = std::holds_alternative<StateChanged>(sim_->trace()[i].body);
              if (changed) break;
            }
          },
          [&](const SeekEvent& s) {
            go_to_event(std::min(s.index, std::max(furthest_event_, sim_->events_processed())));
          },
          [&](const SeekTime& s) {
            if (s.at >= sim_->now()) {
              run_to(s.at);
              return;
            }
            go_to_event(sim_->last_event_at_or_before(s.at));
            apply_due_actions(s.at);
            if (sim_->now() < s.at) sim_->run_until(s.at);
          },
          [&](const SelectServer& s) { selected_ = s.sid; },
          [&](const NewEnsemble& n) {
            RunSetup s;
            s.ensemble = config::default_ensemble(std::clamp(n.servers, 1, 15), std::clamp(n.observers, 0, 6));
            s.seed = n.seed;
            start_over(std::move(s));
          },
          [&](const ResetRun&) { start_over(setup_); },
          [&](const OpenConfig& o) {
            auto loaded = config::load_ensemble({o.path});
            if (!loaded) {
              notice_ = loaded.error().to_string();
              return;
            }
            RunSetup s;
            s.ensemble = std::move(loaded).value();
            s.seed = setup_.seed;
            s.config_path = o.path;
            start_over(std::move(s));
          },
          [&](const SaveRun& s) {
            std::ofstream out(s.path);
            out << to_json(run_file()).dump(2) << "\n";
            if (!out) notice_ = fmt::format("{}: cannot write the run file", s.path);
            else notice_ = fmt::format("saved {}", s.path);
          },
          [&](const LoadRun& l) {
            auto run = load_run_file(l.path);
            if (!run) {
              notice_ = run.error().to_string();
              return;
            }
            load(run.value());
          },
          [&](const SwitchBranch& b) {
            if (b.index >= branches_.size()) return;
            Branch target = std::move(branches_[b.index]);
            branches_.erase(branches_.begin() + static_cast<std::ptrdiff_t>(b.index));
            // The run we leave becomes a branch in its turn.
            Branch leaving{actions_, std::max(furthest_event_, sim_->events_processed())};
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
          },
          [&](const DiscardBranches&) { branches_.clear(); },
          [&](const SetLanguage&) {},       // the window's business
          [&](const SetPresenter& p) { set_presenter(p.on, p.scale); },
          [&](const ExportTimelineSvg&) {},  // the window's business
          [&](const ExportPng&) {},          // the window's business
      },
      e);
  note_furthest();
}

const ClusterView& Driver::model() {
  model_ = build_model(*sim_, paused_, speed_, hide_pings_, recent_);
  ClusterView& m = model_;
  const Simulator& sim = *sim_;
  m.trace = &sim.trace();
  m.furthest_event = std::max(furthest_event_, sim.events_processed());
  m.furthest_ms = std::max(furthest_ms_, sim.now());
  m.messages = sim.in_flight();
  const std::size_t n = m.peers.size();
  m.cut.assign(n * n, 0);
  m.links.assign(n * n, LinkParams{});
  m.trees.assign(n, nullptr);
  for (std::size_t i = 0; i < n; ++i) {
    for (std::size_t j = 0; j < n; ++j) {
      m.cut[i * n + j] = sim.link_cut(m.peers[i].sid, m.peers[j].sid) ? 1 : 0;
      m.links[i * n + j] = sim.link(m.peers[i].sid, m.peers[j].sid);
    }
    if (const QuorumPeer* p = sim.peer_object(m.peers[i].sid)) m.trees[i] = &p->tree();
  }
  m.default_link = sim.options().link;
  for (const auto& [sid, c] : consoles_) {
    m.consoles.push_back(ConsoleModel{sid, c->prompt_text(), !c->idle(), &c->transcript(), &c->history()});
  }
  m.selected_server = selected_;
  fill_tree_model(sim, m);
  m.console_generation = console_generation_;
  m.last_happening = notice_.empty() ? describe_last_happening(sim.trace()) : notice_;
  m.branches = branches_.size();
  m.seed = setup_.seed;
  m.presenter = presenter_;
  m.ui_scale = ui_scale_;
  fill_timeline_fields(m, sim);
  votes_cache_.build(sim.trace(), m);
  zab_cache_.build(sim, m);
  return model_;
}

}  // namespace zs::gui

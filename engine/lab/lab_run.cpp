// Playing a lab (lab_run.hpp): steps, pauses, and conditions evaluated on the run.
#include "lab/lab_run.hpp"
#include "core/overloaded.hpp"

#include <algorithm>

#include <fmt/format.h>

#include "config/config.hpp"
#include "peer/quorum_peer.hpp"

namespace zs::lab {
namespace {

std::string server_words(const PeerSnapshot& p) {
  return fmt::format("server.{} state={} leader={} epoch={} zxid=0x{}", p.sid, to_string(p.status),
                     p.up && p.leader != 0 ? std::to_string(p.leader) : std::string("-"), p.current_epoch,
                     hex(p.last_processed_zxid));
}

std::int64_t stat_field(const Stat& s, std::string_view f) {
  if (f == "cZxid") return s.czxid.raw();
  if (f == "mZxid") return s.mzxid.raw();
  if (f == "pZxid") return s.pzxid.raw();
  if (f == "cversion") return s.cversion;
  if (f == "dataVersion") return s.version;
  if (f == "aclVersion") return s.aversion;
  if (f == "ephemeralOwner") return s.ephemeral_owner;
  if (f == "dataLength") return s.data_length;
  return s.num_children;
}

bool is_zxid_field(std::string_view f) { return f == "cZxid" || f == "mZxid" || f == "pZxid" || f == "ephemeralOwner"; }

// Does a delivered message match the count's kind, ends and zxid?
bool matches(const MessageCount& m, const Envelope& env) {
  if (m.from != 0 && env.source != m.from) return false;
  if (m.to != 0 && env.target != m.to) return false;
  if (m.kind == "notification") {
    const auto* n = std::get_if<Notification>(&env.msg);
    return n != nullptr && (!m.zxid || n->zxid == *m.zxid);
  }
  const auto* q = std::get_if<QuorumPacket>(&env.msg);
  return q != nullptr && to_string(q->type) == m.kind && (!m.zxid || q->zxid == *m.zxid);
}

}  // namespace

bool StepOutcome::ok() const { return failed() == 0; }

int StepOutcome::failed() const {
  int n = reached ? 0 : 1;
  for (const CheckResult& c : checks) n += c.seen.ok ? 0 : 1;
  return n;
}

LabRun::LabRun(const Lab& lab) : lab_(lab), run_(std::make_unique<run::Run>(lab.setup)) {
  run_->on_event([this](const Simulator& sim) {
    // After moving back, events stepped through again were checked already.
    if (sim.events_processed() <= checked_through_) return;
    checker_.after_event(sim);
    checked_through_ = sim.events_processed();
  });
}

LabRun::~LabRun() = default;

const StepOutcome* LabRun::outcome(std::size_t k) const {
  return k >= 1 && k <= outcomes_.size() ? &outcomes_[k - 1] : nullptr;
}

const StepOutcome& LabRun::next() {
  if (finished()) return outcomes_.back();
  StepOutcome o = play(lab_.steps[position_]);
  if (position_ < outcomes_.size())
    outcomes_[position_] = std::move(o);  // played before: the same again (deterministic)
  else
    outcomes_.push_back(std::move(o));
  ++position_;
  return outcomes_[position_ - 1];
}

void LabRun::back() {
  if (position_ > 0) replay_to(position_ - 1);
}

void LabRun::go_to(std::size_t k) {
  k = std::min(k, steps());
  if (k < position_) replay_to(k);
  while (position_ < k) next();
}

void LabRun::replay_to(std::size_t k) {
  // The run at pause k holds the actions of steps 1..k only: step k+1's actions were taken at
  // that very moment, and a rewind of the run would keep them (a console line already typed,
  // a preset already on disk). So the run starts over and steps 1..k play again.
  run_->start_over(lab_.setup);
  checker_ = check::SafetyChecker{};
  checked_through_ = 0;
  scans_.clear();
  config_.reset();
  position_ = 0;
  while (position_ < k) next();
}

void LabRun::forget_future() {
  outcomes_.resize(position_);
  scans_.clear();
  // The checker saw the old future: it hears this run again from the start, in a copy.
  checker_ = check::SafetyChecker{};
  run::Run again(lab_.setup);
  again.on_event([this](const Simulator& sim) { checker_.after_event(sim); });
  run::RunFile so_far = run_->run_file();
  so_far.end_event = run_->events_processed();
  so_far.end_ms = run_->now();
  again.load(so_far);
  checked_through_ = again.events_processed();
}

StepOutcome LabRun::play(const Step& s) {
  StepOutcome out;
  out.began_ms = run_->now();
  step_began_ = out.began_ms;
  if (!s.config.empty()) {
    ConfigTried tried;
    tried.files = s.config;
    auto loaded = config::load_ensemble(s.config, true);
    tried.ok = loaded.ok();
    if (loaded.ok()) {
      for (const config::Warning& w : loaded.value().warnings)
        tried.warnings.push_back(w.to_string());
    } else {
      tried.error = loaded.error().to_string();
    }
    config_ = tried;
    out.config = std::move(tried);
  }
  for (const run::Action& a : s.actions) run_->act(a);
  const Ms deadline = out.began_ms + s.within_ms;
  // The latest time the until names: the step does not pause before it.
  Ms not_before = out.began_ms;
  bool only_time = true;
  for (const Condition& c : s.until) {
    if (const auto* t = std::get_if<AtTime>(&c.predicate))
      not_before = std::max(not_before, t->relative ? out.began_ms + t->ms : t->ms);
    else
      only_time = false;
  }
  if (only_time) {
    run_->run_to(not_before);
  } else {
    while (run_->now() < deadline) {
      bool rest = true;  // every condition but time holds
      for (const Condition& c : s.until)
        if (!std::holds_alternative<AtTime>(c.predicate) && !evaluate(c.predicate, &scans_[&c]).ok) rest = false;
      if (rest && run_->now() >= not_before) break;
      // Once only time is missing, it passes to not_before; else events run up to the bound.
      const Ms limit = rest ? not_before : deadline;
      if (!run_->step(limit)) run_->run_to(limit);
    }
    if (!holds_all(s.until)) {
      out.reached = false;
      for (const Condition& c : s.until) {
        const Seen seen = evaluate(c.predicate, &scans_[&c]);
        if (seen.ok) continue;
        out.not_reached = fmt::format("\"{}\" did not happen within {} ms (at t={} ms: {})", c.text, s.within_ms,
                                      run_->now(), seen.actual);
        break;
      }
    }
  }
  out.paused_ms = run_->now();
  out.paused_event = run_->events_processed();
  for (const Condition& c : s.expect) out.checks.push_back(CheckResult{&c, evaluate(c.predicate, &scans_[&c])});
  return out;
}

bool LabRun::holds_all(const std::vector<Condition>& conds) const {
  for (const Condition& c : conds)
    if (!evaluate(c.predicate, &scans_[&c]).ok) return false;
  return true;
}

Seen LabRun::evaluate(const Predicate& p) const { return evaluate(p, nullptr); }

Seen LabRun::evaluate(const Predicate& p, Scan* scan) const {
  const Simulator& sim = run_->sim();
  const TraceLog& trace = sim.trace();
  Scan local;
  Scan& sc = scan ? *scan : local;
  if (sc.scanned > trace.size()) sc = Scan{};  // the run went back
  return std::visit(
      Overloaded{
          [&](const AtTime& t) {
            const Ms at = t.relative ? step_began_ + t.ms : t.ms;
            return Seen{run_->now() >= at, fmt::format("t={} ms", run_->now())};
          },
          [&](const ServerIs& s) {
            const PeerSnapshot peer = sim.peer(s.sid);
            bool ok = true;
            if (s.state && peer.status != *s.state) ok = false;
            if (s.leader && (peer.up ? peer.leader : 0) != *s.leader) ok = false;
            if (s.epoch && peer.current_epoch != *s.epoch) ok = false;
            if (s.zxid && peer.last_processed_zxid != *s.zxid) ok = false;
            return Seen{ok, server_words(peer)};
          },
          [&](const ZnodeIs& z) {
            const QuorumPeer* peer = sim.peer_object(z.sid);
            if (peer == nullptr) return Seen{false, fmt::format("server {} is down", z.sid)};
            const auto node = peer->tree().get_data(z.path);
            switch (z.what) {
              case ZnodeIs::What::Exists:
                return Seen{node.has_value(), node ? fmt::format("{} exists on server {}", z.path, z.sid)
                                                   : fmt::format("no {} on server {}", z.path, z.sid)};
              case ZnodeIs::What::Missing:
                return Seen{!node.has_value(), node ? fmt::format("{} exists on server {}", z.path, z.sid)
                                                    : fmt::format("no {} on server {}", z.path, z.sid)};
              case ZnodeIs::What::Data:
                if (!node) return Seen{false, fmt::format("no {} on server {}", z.path, z.sid)};
                return Seen{!node->null_data && node->data == z.data,
                            node->null_data ? std::string("data=null") : fmt::format("data=\"{}\"", node->data)};
              case ZnodeIs::What::Field: {
                if (!node) return Seen{false, fmt::format("no {} on server {}", z.path, z.sid)};
                const std::int64_t v = stat_field(node->stat, z.field);
                return Seen{compare(v, z.cmp, z.value),
                            is_zxid_field(z.field) ? fmt::format("{}=0x{}", z.field, hex(v)) : fmt::format("{}={}", z.field, v)};
              }
            }
            return Seen{};
          },
          [&](const ConsoleHas& c) {
            const auto consoles = run_->consoles_on(c.sid);
            if (consoles.empty()) return Seen{false, fmt::format("no zkCli was opened on server {}", c.sid)};
            std::string last;
            for (const console::Console* con : consoles) {
              for (const console::TranscriptEntry& e : con->transcript()) {
                const std::string text = e.printed.text();
                if (text.find(c.text) != std::string::npos) return Seen{true, "printed"};
                if (!text.empty()) last = text;
              }
            }
            while (!last.empty() && last.back() == '\n') last.pop_back();
            if (const auto nl = last.rfind('\n'); nl != std::string::npos) last = last.substr(nl + 1);
            return Seen{false, last.empty() ? std::string("nothing printed yet") : fmt::format("last printed \"{}\"", last)};
          },
          [&](const LogHas& l) {
            for (; sc.scanned < trace.size() && !sc.found; ++sc.scanned) {
              if (!trace.holds<LogLine>(sc.scanned)) continue;
              const auto line = std::get<LogLine>(trace[sc.scanned].body);
              if (line.sid == l.sid && format_log(line, sim.trace_context()).find(l.text) != std::string::npos) sc.found = true;
            }
            return Seen{sc.found, sc.found ? "logged" : fmt::format("server {} logged no such line", l.sid)};
          },
          [&](const MessageCount& m) {
            for (; sc.scanned < trace.size(); ++sc.scanned) {
              if (m.zxid && !sc.committed && trace.holds<Committed>(sc.scanned)) {
                if (std::get<Committed>(trace[sc.scanned].body).zxid == *m.zxid) sc.committed = true;
                continue;
              }
              if (!trace.holds<MessageDelivered>(sc.scanned)) continue;
              if (!matches(m, std::get<MessageDelivered>(trace[sc.scanned].body).env)) continue;
              ++(sc.committed ? sc.after : sc.before);
            }
            std::int64_t n = sc.before + sc.after;
            if (m.around == MessageCount::Around::BeforeCommit) n = sc.before;
            if (m.around == MessageCount::Around::AfterCommit) n = sc.after;
            std::string actual = fmt::format("{} delivered", n);
            if (m.around != MessageCount::Around::Any && !sc.committed)
              actual += fmt::format(" (0x{} is not committed yet)", hex(*m.zxid));
            return Seen{compare(n, m.cmp, m.count), actual};
          },
          [&](const ConfigIs& c) {
            if (!config_) return Seen{false, "no config tried yet"};
            switch (c.what) {
              case ConfigIs::What::Ok:
                return Seen{config_->ok, config_->ok ? std::string("loaded") : config_->error};
              case ConfigIs::What::ErrorHas:
                return Seen{!config_->ok && config_->error.find(c.text) != std::string::npos,
                            config_->ok ? std::string("loaded without an error") : config_->error};
              case ConfigIs::What::WarningHas:
                for (const std::string& w : config_->warnings)
                  if (w.find(c.text) != std::string::npos) return Seen{true, w};
                return Seen{false, config_->ok ? fmt::format("{} warnings, none with that text", config_->warnings.size())
                                               : config_->error};
            }
            return Seen{};
          },
          [&](const NoWriteLost&) {
            check::SafetyChecker at_pause = checker_;  // the quiet-moment rules, without keeping them
            at_pause.check_replicas(sim);
            if (at_pause.ok())
              return Seen{true, fmt::format("{} commits checked on every server", at_pause.commits())};
            return Seen{false, check::to_string(at_pause.violations().front())};
          },
      },
      p);
}

}  // namespace zs::lab

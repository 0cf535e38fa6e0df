// A lab open in the window (lab_session.hpp): the card's phases and the slow-motion replay.
#include "lab_session.hpp"

#include <algorithm>
#include <utility>
#include <vector>

#include "pacer.hpp"
#include "view/lab_pulse.hpp"

namespace zs::gui {
namespace {

bool is_ping(const Envelope& env) {
  const auto* q = std::get_if<QuorumPacket>(&env.msg);
  return q != nullptr && q->type == PacketType::Ping;
}

// Virtual ms in [from_ms, to_ms] during which some message other than a PING was on its way
// (the union of their flights), read from the trace the step left.
Ms busy_ms(const TraceLog& trace, Ms from_ms, Ms to_ms) {
  std::vector<std::pair<Ms, Ms>> flights;
  for (std::size_t k = trace.size(); k > 0; --k) {
    const TraceEvent& ev = trace[k - 1];
    if (ev.at < from_ms) break;
    const auto* s = std::get_if<MessageSent>(&ev.body);
    if (s == nullptr || is_ping(s->env)) continue;
    const Ms end = s->deliver_at == kNever ? ev.at + 5 : s->deliver_at;
    flights.emplace_back(ev.at, std::min(end, to_ms));
  }
  std::sort(flights.begin(), flights.end());
  Ms total = 0;
  Ms covered = from_ms;
  for (const auto& [a, b] : flights) {
    const Ms start = std::max(a, covered);
    if (b > start) {
      total += b - start;
      covered = b;
    }
  }
  return total;
}

}  // namespace

LabSession::LabSession(lab::Lab lab)
    : lab_(std::make_unique<lab::Lab>(std::move(lab))),
      run_(std::make_unique<lab::LabRun>(*lab_)),
      source_(run_->run()) {}

LabSession::~LabSession() = default;

void LabSession::next(bool animate) {
  switch (phase_) {
    case Phase::Playing: finish_playback(); return;
    case Phase::Asking: play_step(animate); return;
    case Phase::Intro:
    case Phase::Shown: {
      if (run_->finished()) return;
      step_ = run_->position() + 1;
      picked_ = 0;
      if (!lab_->steps[step_ - 1].question.empty()) {
        phase_ = Phase::Asking;
        return;
      }
      play_step(animate);
      return;
    }
  }
}

void LabSession::back() {
  forked_ = false;
  if (phase_ == Phase::Intro) return;
  if (phase_ == Phase::Asking) {
    // Nothing of this step was played: only the card moves back.
    step_ = run_->position();
    phase_ = step_ == 0 ? Phase::Intro : Phase::Shown;
    return;
  }
  fraction_ = 0;
  run_->back();
  step_ = run_->position();
  phase_ = step_ == 0 ? Phase::Intro : Phase::Shown;
  anchor_at_pause();
}

void LabSession::answer(std::int64_t pick, bool animate) {
  if (phase_ != Phase::Asking || pick == 0) return;
  picked_ = pick;
  play_step(animate);
}

void LabSession::go_to(std::size_t k) {
  fraction_ = 0;
  forked_ = false;
  picked_ = 0;
  run_->go_to(k);
  step_ = run_->position();
  phase_ = step_ == 0 ? Phase::Intro : Phase::Shown;
  anchor_at_pause();
}

void LabSession::anchor_at_pause() {
  const lab::StepOutcome* o = run_->outcome(run_->position());
  anchor_event_ = o ? o->paused_event : 0;
  anchor_ms_ = o ? o->paused_ms : 0;
  land(anchor_event_, anchor_ms_);
}

void LabSession::land(std::uint64_t event, Ms ms) {
  run::Run& r = run();
  if (r.events_processed() != event) r.go_to_event(event);
  // A pause that waited for time ("time +3000") is later than its last event: time passes to
  // it. The run holds no action after the pause (LabRun plays a step's actions only when the
  // step plays), so nothing is taken on the way.
  if (r.now() < ms) r.run_to(ms);
}

void LabSession::after_hand_action() {
  run_->forget_future();
  forked_ = true;
  anchor_event_ = run().events_processed();
  anchor_ms_ = run().now();
}

void LabSession::set_slow_motion(float factor) { slow_motion_ = std::clamp(factor, 0.25f, 4.0f); }

void LabSession::return_to_anchor() {
  // Forked by hand, the lab goes on from wherever the run is now; else from its last pause
  // (the user may have played or scrubbed away from it).
  if (forked_) return;
  run::Run& r = run();
  if (r.events_processed() != anchor_event_ || r.now() != anchor_ms_) land(anchor_event_, anchor_ms_);
}

void LabSession::play_step(bool animate) {
  return_to_anchor();
  run::Run& r = run();
  const std::uint64_t from_event = r.events_processed();
  const Ms from_ms = r.now();
  const lab::StepOutcome& o = run_->next();
  step_ = run_->position();
  anchor_event_ = o.paused_event;
  anchor_ms_ = o.paused_ms;
  if (!animate || o.paused_event <= from_event) {
    phase_ = Phase::Shown;
    return;
  }
  // Paced from what the step did: its messages' flights slow, the rest quick, both capped.
  const double factor = slow_motion_;
  const Ms span = std::max<Ms>(1, o.paused_ms - from_ms);
  const Ms busy = busy_ms(r.sim().trace(), from_ms, o.paused_ms);
  playback_ = Playback{};
  playback_.to_event = o.paused_event;
  playback_.from_ms = from_ms;
  playback_.to_ms = o.paused_ms;
  playback_.busy_pace = std::max(kBusyMsPerRealSecond / 1000.0, static_cast<double>(busy) / kMaxBusyRealMs) / factor;
  playback_.quiet_pace = std::max(kQuietPace, static_cast<double>(span - busy) / kMaxQuietRealMs) / factor;
  playback_.pace_now = playback_.quiet_pace;
  // The same events again, watched: back to where the step began (deterministic, so the
  // replay reaches the very pause LabRun computed). By event only: the step's actions are
  // recorded at that moment and are part of the replay.
  r.go_to_event(from_event);
  fraction_ = 0;
  phase_ = Phase::Playing;
}

void LabSession::finish_playback() {
  land(playback_.to_event, playback_.to_ms);
  fraction_ = 0;
  phase_ = Phase::Shown;
}

void LabSession::animate(double real_ms) {
  if (!playing()) return;
  Pacer pacer;
  pacer.quiet_pace = playback_.quiet_pace;
  pacer.busy_pace = playback_.busy_pace;
  pacer.fraction = fraction_;
  const bool reached = pacer.play(run(), real_ms, playback_.to_ms, playback_.to_event);
  playback_.pace_now = pacer.pace_now;
  fraction_ = pacer.fraction;
  if (reached) finish_playback();
}

view::LabCard LabSession::card(lab::Lang lang) const {
  view::LabCard c;
  c.phase = phase_;
  c.lab_id = lab_->id;
  c.lab_title = lab_->title.in(lang);
  c.summary = lab_->summary.in(lang);
  c.steps = lab_->steps.size();
  c.step = step_;
  c.forked = forked_;
  if (step_ == 0) return c;
  const lab::Step& s = lab_->steps[step_ - 1];
  c.title = s.title.in(lang);
  c.question = s.question.in(lang);
  for (const lab::Text& t : s.choices) c.choices.push_back(t.in(lang));
  c.answer = s.answer;
  c.picked = picked_;
  for (const run::Action& a : s.actions) c.actions.push_back(run::to_text(a));
  c.focus = s.focus;
  c.pulse = view::lab_pulse(s);
  if (phase_ == Phase::Playing) {
    const double span = static_cast<double>(std::max<Ms>(1, playback_.to_ms - playback_.from_ms));
    const double done = static_cast<double>(run().now() - playback_.from_ms) + fraction_;
    c.progress = static_cast<float>(std::clamp(done / span, 0.0, 1.0));
    c.pace = static_cast<float>(playback_.pace_now);
  }
  if (phase_ != Phase::Shown) return c;
  c.narration = s.narration.in(lang);
  c.explanation = s.explanation.in(lang);
  c.finished = step_ == lab_->steps.size();
  if (const lab::StepOutcome* o = run_->outcome(step_)) {
    c.reached = o->reached;
    c.not_reached = o->not_reached;
    for (const lab::CheckResult& k : o->checks)
      c.checks.push_back(view::LabCheck{k.seen.ok, k.condition->text, k.seen.actual});
  }
  return c;
}

}  // namespace zs::gui

// A lab open in the window: the lab, its run (lab::LabRun), where the narration card is (the
// step's question, the step replaying, the step shown with its checkpoints), the learner's
// answer, and the slow motion that replays a step so its messages can be watched. The Driver
// owns one while a lab is open and sends it the lab's UI events; no GL and no window.
//
// Slow motion. Next computes the whole step at once (LabRun::next(): the pause and the
// checkpoints are exact and do not depend on frame rate), then moves the run back to where
// the step began and replays the same events at a pace of its own, independent of the
// window's speed: while a message other than a PING is in flight, virtual time moves at
// kBusyMsPerRealSecond (a 1-5 ms hop takes a good fraction of a second to cross the ring);
// when nothing is in flight it moves fast, event by event, and stops at the moment the next
// message leaves. The pace is capped so a long step never replays for more than about
// kMaxBusyRealMs + kMaxQuietRealMs; the teacher's slow-motion factor scales both. Next during
// the replay jumps to the pause; the model carries the fraction of a millisecond played, so
// dots move smoothly between integer milliseconds.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>

#include "lab/lab.hpp"
#include "lab/lab_run.hpp"
#include "view/lab_card.hpp"
#include "view/sim_source.hpp"

namespace zs::gui {

inline constexpr double kBusyMsPerRealSecond = 8.0;  // virtual ms per real second, messages in flight
inline constexpr double kQuietPace = 1.0;            // virtual ms per real ms, nothing in flight
inline constexpr double kMaxBusyRealMs = 16'000;     // a step's messages replay at most this long
inline constexpr double kMaxQuietRealMs = 5'000;     // ... and its quiet stretches this long

class LabSession {
 public:
  using Phase = view::LabCard::Phase;

  explicit LabSession(lab::Lab lab);
  ~LabSession();
  LabSession(const LabSession&) = delete;
  LabSession& operator=(const LabSession&) = delete;

  const lab::Lab& lab() const { return *lab_; }
  lab::LabRun& lab_run() { return *run_; }
  const lab::LabRun& lab_run() const { return *run_; }
  run::Run& run() { return run_->run(); }
  const run::Run& run() const { return run_->run(); }
  view::SimSource& source() { return source_; }

  Phase phase() const { return phase_; }
  // The step the card is about: 1-based, 0 in the intro.
  std::size_t step() const { return step_; }
  std::int64_t picked() const { return picked_; }
  bool forked() const { return forked_; }
  bool playing() const { return phase_ == Phase::Playing; }

  // Next: the intro or a shown step -> the next step's question when it has one, else it
  // plays; a question -> it plays (unanswered: the answer is revealed); while playing -> to
  // the pause at once.
  void next(bool animate = true);
  // Back: to the previous pause exactly (a question goes back without moving the run).
  void back();
  // The learner's pick for the open question (a server or a choice); the step then plays.
  void answer(std::int64_t pick, bool animate = true);
  // To the pause after step k (0 = the start), without slow motion (--step).
  void go_to(std::size_t k);
  // A hand action was taken on run(): the lab's later pauses no longer follow; the card says
  // it goes on from here.
  void after_hand_action();
  // Call before a hand action: a replay in progress lands on its pause first.
  void settle() { if (playing()) finish_playback(); }
  // Slow motion for `real_ms` of wall time (does nothing unless a step is playing).
  void animate(double real_ms);
  void set_slow_motion(float factor);
  float slow_motion() const { return slow_motion_; }
  double now_fraction() const { return playing() ? fraction_ : 0.0; }

  // The card in `lang`.
  view::LabCard card(lab::Lang lang) const;

 private:
  void play_step(bool animate);  // step_ plays from its anchor
  void finish_playback();
  void return_to_anchor();
  // To a pause: its event, then its time when the pause waited for time.
  void land(std::uint64_t event, Ms ms);
  void anchor_at_pause();  // the anchor = the pause LabRun is at

  std::unique_ptr<lab::Lab> lab_;  // LabRun points into it: never moves
  std::unique_ptr<lab::LabRun> run_;
  view::SimSource source_;
  Phase phase_ = Phase::Intro;
  std::size_t step_ = 0;
  std::int64_t picked_ = 0;
  bool forked_ = false;
  // Where the next step plays from: the last pause (the user may have moved the run away with
  // play, step or seek since; Next comes back to it). Once forked, from wherever the run is.
  std::uint64_t anchor_event_ = 0;
  Ms anchor_ms_ = 0;
  float slow_motion_ = 1.0f;
  // The replay in progress.
  struct Playback {
    std::uint64_t to_event = 0;
    Ms from_ms = 0;
    Ms to_ms = 0;
    double busy_pace = 0;   // virtual ms per real ms
    double quiet_pace = 0;
    double pace_now = 0;
  };
  Playback playback_;
  double fraction_ = 0;  // of the current virtual millisecond, played
};

}  // namespace zs::gui

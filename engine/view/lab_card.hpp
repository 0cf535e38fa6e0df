// What the window's lab card shows this frame: the lab, the step, its question and what the
// learner picked, the checkpoints at the pause, the servers the step is about. Plain values in
// the window's current language (the driver's lab session fills it; views only draw it).
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "core/types.hpp"
#include "lab/highlight.hpp"  // plain values: what a step points at in the Votes and Zab tabs

namespace zs::view {

// A checkpoint at the pause: the condition as written and what was there.
struct LabCheck {
  bool ok = false;
  std::string text;    // "server.3 state=LEADING"
  std::string actual;  // "server.3 state=FOLLOWING leader=5 ..."
};

struct LabCard {
  // Intro: the lab's summary, nothing played. Asking: step `step` not played yet, its question
  // open. Playing: step `step` replays in slow motion towards its pause. Shown: paused after
  // step `step`, its narration, answer and checkpoints.
  enum class Phase : std::uint8_t { Intro, Asking, Playing, Shown };
  Phase phase = Phase::Intro;
  std::string lab_id;
  std::string lab_title;
  std::string summary;
  std::size_t step = 0;   // 1-based; 0 in Intro
  std::size_t steps = 0;
  std::string title;      // the step's (may be empty)
  std::string narration;  // shown once the step has played
  std::string question;   // empty: the step asks nothing
  std::vector<std::string> choices;  // empty: answered by clicking a server
  std::int64_t answer = 0;           // the right server or choice number (1..n)
  std::int64_t picked = 0;           // the learner's pick; 0 = none
  std::string explanation;
  std::vector<std::string> actions;  // the step's actions as text ("start 3")
  bool reached = true;               // the step's condition came
  std::string not_reached;
  std::vector<LabCheck> checks;      // Shown only
  std::vector<Sid> focus;            // halo on these, the rest dimmed (empty: none)
  // The Votes/Zab cells and rows the step is about (view/lab_pulse.hpp): they pulse and the
  // other rows of their table dim while the step plays or is shown (empty: none).
  std::vector<lab::Highlight> pulse;
  bool forked = false;               // a hand action left the lab's path; it goes on from here
  bool finished = false;             // the last step is shown
  float progress = 0;                // Playing: 0..1 of the step's virtual time
  float pace = 1;                    // Playing: virtual ms per real ms right now

  // The pulse is drawn while the step plays or is shown (not over a question or the intro).
  bool pulsing() const { return (phase == Phase::Playing || phase == Phase::Shown) && !pulse.empty(); }
  // Some pulse is in the Votes tab (votes, rule) / the Zab tab (zab, ack, commit).
  bool pulses_votes_tab() const { return pulses_tab(true); }
  bool pulses_zab_tab() const { return pulses_tab(false); }

 private:
  bool pulses_tab(bool votes) const {
    if (!pulsing()) return false;
    for (const lab::Highlight& h : pulse)
      if (h.in_votes_tab() == votes) return true;
    return false;
  }
};

// A lab the window can open: its id and title in the current language.
struct LabListEntry {
  std::string id;
  std::string title;
};

// A built-in scenario (assets/scenarios): the Run menu lists them; the one open shows its
// title and description on a card over the cluster until closed.
struct ScenarioCard {
  std::string name;  // the file's name without .json, what --scenario takes
  std::string title;
  std::string description;
};

}  // namespace zs::view

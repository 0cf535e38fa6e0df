// Wall time played on a run at two paces: slowly while a message other than a PING is on its
// way (so a viewer sees it travel from one server to the other), quickly otherwise. A quick
// stretch stops at the event that sends a message, so no flight is skipped by a large frame.
// Used by free play (Driver::advance) and by a lab step's replay (LabSession::animate).
#pragma once

#include <cstdint>
#include <limits>

#include "run/run.hpp"

namespace zs::gui {

// Virtual ms per real ms while a message flies in free play, at speed 1 (a 5 ms flight then
// takes about 0.6 s); the speed multiplies it.
inline constexpr double kFlightPace = 0.008;
// ... but no flight takes longer than this many real ms at speed 1 (a 2 s latency, a connect
// that times out): the pace rises for long flights.
inline constexpr double kLongestFlightRealMs = 2500;

// The shortest flight (arrival - sending, virtual ms) of the messages on their way other than
// PINGs (drawn only on request); -1 when there is none.
Ms shortest_flight(const Simulator& sim);

struct Pacer {
  double quiet_pace = 1.0;  // virtual ms per real ms, nothing in flight
  double busy_pace = 1.0;   // ... a message in flight
  // When > 0: while messages fly, the pace rises so that the shortest of them takes at most
  // this many real ms (free play); 0 = busy_pace whatever the flights (a lab's replay).
  double longest_flight_real_ms = 0;
  double fraction = 0;      // of the current virtual millisecond, played
  double pace_now = 0;      // the pace of the last frame's end (what the UI shows)

  // Plays `real_ms` of wall time on `r`, never past virtual time `to_ms` nor past event
  // `to_event`. Returns true when that limit was reached: nothing was run towards it, the
  // caller lands on it (the limit is exact; a frame's fraction is not).
  bool play(run::Run& r, double real_ms, Ms to_ms = kNever,
            std::uint64_t to_event = std::numeric_limits<std::uint64_t>::max());
};

}  // namespace zs::gui

// Pacer (pacer.hpp).
#include "pacer.hpp"

#include <algorithm>
#include <cmath>

namespace zs::gui {

Ms shortest_flight(const Simulator& sim) {
  Ms shortest = -1;
  for (const InFlightMessage& m : sim.in_flight()) {
    const auto* q = std::get_if<QuorumPacket>(&m.env.msg);
    if (q != nullptr && q->type == PacketType::Ping) continue;
    const Ms d = std::max<Ms>(1, m.arrive_at - m.sent_at);
    if (shortest < 0 || d < shortest) shortest = d;
  }
  return shortest;
}

bool Pacer::play(run::Run& r, double real_ms, Ms to_ms, std::uint64_t to_event) {
  // One pace whatever flies (slow motion off): plain time.
  if (busy_pace == quiet_pace && longest_flight_real_ms <= 0) {
    pace_now = quiet_pace;
    const double target = static_cast<double>(r.now()) + fraction + real_ms * quiet_pace;
    if (target >= static_cast<double>(to_ms) || r.events_processed() >= to_event) return true;
    const auto whole = static_cast<Ms>(std::floor(target));
    if (whole > r.now()) r.run_to(whole);
    fraction = target - static_cast<double>(whole);
    return false;
  }
  double budget = real_ms;
  // Each pass either ends the frame or moves to the moment a message leaves; bounded anyway.
  for (int pass = 0; pass < 64 && budget > 0; ++pass) {
    const Ms flight = shortest_flight(r.sim());
    const bool busy = flight >= 0;
    double pace = quiet_pace;
    if (busy) {
      pace = busy_pace;
      if (longest_flight_real_ms > 0)
        pace = std::min(quiet_pace, std::max(pace, static_cast<double>(flight) / longest_flight_real_ms));
    }
    pace_now = pace;
    if (pace <= 0) return false;
    const double exact = static_cast<double>(r.now()) + fraction;
    const double target = exact + budget * pace;
    if (target >= static_cast<double>(to_ms) || r.events_processed() >= to_event) return true;
    const auto whole = static_cast<Ms>(std::floor(target));
    if (!busy) {
      // Quick through the quiet, one event at a time, until a message leaves.
      bool sent = false;
      while (r.sim().next_event_time() <= whole && r.events_processed() < to_event) {
        if (!r.step()) break;
        if (shortest_flight(r.sim()) >= 0) {
          sent = true;
          break;
        }
      }
      if (sent) {
        fraction = 0;
        budget -= std::max(0.0, (static_cast<double>(r.now()) - exact) / pace);
        continue;  // the rest of the frame at the slow pace
      }
    }
    if (whole > r.now()) r.run_to(whole);
    fraction = target - static_cast<double>(whole);
    budget = 0;
  }
  return false;
}

}  // namespace zs::gui

// One sentence on what just happened in the run, for the status bar and presenter mode:
// "server 3 received vote (5, 0x100000002) from server 5 and switched to it: higher zxid".
// The run finds the newest notable event (engine/run/happening.hpp); this translates it.
#pragma once

#include <string>

#include "run/happening.hpp"
#include "trace/trace.hpp"
#include "trace/trace_log.hpp"

namespace zs::gui {

// The happening, translated, after its time in seconds ("1.234 s: ...").
std::string translate(const run::Happening& h);
// The sentence for one event, or "" when the event is not notable (PINGs, deliveries, ...).
std::string describe(const TraceEvent& ev);
// The newest notable event among the last few thousand, described; "" when none.
std::string describe_last_happening(const TraceLog& trace);
// What one simulator event did, from the trace entries it left (trace[from, to)): the
// message it delivered or the fault it applied, then what followed from it (a state or vote
// change, a commit, up to two messages sent), for the status line after a single step:
// "3.012 s: server.2 received PROPOSAL 0x100000002 from server.3 · server.2 sent ACK ...".
std::string describe_event(const TraceLog& trace, std::size_t from, std::size_t to);

}  // namespace zs::gui

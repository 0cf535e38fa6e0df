// What a lab step points at in the Votes and Zab tabs (the window pulses it): the step's own
// `highlight` list when it has one (explicit beats derived), else what its conditions and
// focus say:
//
//   messages PROPOSAL|ACK|COMMIT zxid=Z ...   the Zab row of Z; an ACK also its cell for
//                                              `from=` (else for each focus server), a COMMIT
//                                              the row's COMMIT cell
//   messages notification from=S to=R ...     the Votes cell of receiver R, sender S
//   server.N znode ... after a write action   the newest Zab row and its COMMIT cell (`last`)
//   (create/set/delete... on a console, or write N) when no condition named a zxid
//   until waits for server.N state=...         an election: the Votes row and the "why" Rule
//   (LOOKING, FOLLOWING, LEADING, OBSERVING)   row of each focus server
//
// Election states are read from `until` only (what the step waits for): a checkpoint such as
// "server.1 state=FOLLOWING zxid=0x100000002" after a write is not about a vote. Pure.
#pragma once

#include <vector>

#include "lab/highlight.hpp"
#include "lab/lab.hpp"

namespace zs::view {

// The step's pulse targets, in a stable order, without repeats.
std::vector<lab::Highlight> lab_pulse(const lab::Step& step);

}  // namespace zs::view

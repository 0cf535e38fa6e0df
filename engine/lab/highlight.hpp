// What a lab step points at in the Votes and Zab tabs: the window pulses those cells and rows
// and dims the rest. One line of text each, in a step's optional `highlight` list:
//
//   votes 2                 server 2's row of the vote matrix (the vote it holds, what it got)
//   votes 2 3               the cell: the last notification server 2 got from server 3
//   rule 2                  server 2's row under "why each server holds its vote"
//   zab 0x100000003         the Zab tab's proposal row of that zxid
//   ack 0x100000003 1       server 1's ACK cell in that row
//   commit 0x100000003      that row's COMMIT cell
//
// A zxid may be `last`: the newest proposal when the step pauses. A step without `highlight`
// gets one derived from its conditions (view/lab_pulse.hpp). Parsing never throws. Pure.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.hpp"
#include "core/types.hpp"

namespace zs::lab {

struct Highlight {
  enum class What : std::uint8_t { Votes, Rule, Zab, Ack, Commit };
  What what = What::Votes;
  Sid sid = 0;   // Votes: the receiver's row; Rule: the server; Ack: the voter; else 0
  Sid from = 0;  // Votes: the sender's cell in that row; 0 = the whole row
  std::optional<Zxid> zxid;  // Zab, Ack, Commit: the proposal; nullopt = `last`
  bool operator==(const Highlight&) const = default;
  // The Votes tab (votes, rule) or the Zab tab (zab, ack, commit).
  bool in_votes_tab() const { return what == What::Votes || what == What::Rule; }
};

// One line -> a highlight. Errors say what is wrong and give a form that works.
Result<Highlight> parse_highlight(std::string_view text);
// The highlight as one line that parse_highlight reads back to it.
std::string to_text(const Highlight& h);
// Every server id it names (to check them against an ensemble).
std::vector<Sid> sids_of(const Highlight& h);

}  // namespace zs::lab

// What just happened in a run, as a sentence key and its arguments, for the status bar and
// presenter mode ("server 3 received vote (5, 0x100000002) from server 5 and switched to it:
// rule 1, equal epoch and a higher zxid"). The window translates the key (assets/lang happening.*); an
// argument may itself be a key (the rule that decided a vote).
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "trace/trace.hpp"
#include "trace/trace_log.hpp"

namespace zs::run {

struct Happening {
  struct Arg {
    std::string text;
    bool is_key = false;   // text is a sentence key to translate
    bool is_list = false;  // text is items separated by '\n', joined as the language joins a list
  };
  Ms at = 0;
  std::string key;  // "happening.vote_changed"
  std::vector<Arg> args;
};

// The happening of one event, or nullopt when the event is not notable (PINGs, deliveries).
std::optional<Happening> describe(const TraceEvent& ev);
// The newest notable event among the last few thousand; nullopt when none.
std::optional<Happening> last_happening(const TraceLog& trace);

}  // namespace zs::run

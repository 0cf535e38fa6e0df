// Sentences for the status bar (happening.hpp): the run's happening (engine/run/happening.hpp)
// translated. Protocol words stay untranslated; the sentence frames come from the language
// files (happening.*), with fmt positional fields.
#include "happening.hpp"

#include <fmt/args.h>
#include <fmt/format.h>

#include "i18n.hpp"

namespace zs::gui {

std::string translate(const run::Happening& h) {
  fmt::dynamic_format_arg_store<fmt::format_context> args;
  for (const run::Happening::Arg& a : h.args) {
    if (a.is_key) {
      args.push_back(std::string(tr(a.text)));
    } else if (a.is_list) {
      std::string joined = a.text;  // "1\n3" -> "1, 3" / "1、3"
      const std::string sep = tr("happening.list_sep");
      for (std::size_t at = joined.find('\n'); at != std::string::npos; at = joined.find('\n', at + sep.size()))
        joined.replace(at, 1, sep);
      args.push_back(joined);
    } else {
      args.push_back(a.text);
    }
  }
  const char* pattern = tr(h.key);
  std::string what;
  try {
    what = fmt::vformat(pattern, args);
  } catch (const fmt::format_error&) {
    what = pattern;  // a broken translation shows as written rather than throwing mid-frame
  }
  return fmt::format("{:.3f} s: {}", static_cast<double>(h.at) / 1000.0, what);
}

std::string describe(const TraceEvent& ev) {
  const auto h = run::describe(ev);
  return h ? translate(*h) : std::string{};
}

std::string describe_last_happening(const TraceLog& trace) {
  const auto h = run::last_happening(trace);
  return h ? translate(*h) : std::string{};
}

}  // namespace zs::gui

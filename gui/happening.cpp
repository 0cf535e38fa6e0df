// Sentences for the status bar (happening.hpp): the run's happening (engine/run/happening.hpp)
// translated. Protocol words stay untranslated; the sentence frames come from the language
// files (happening.*), with fmt positional fields.
#include "happening.hpp"

#include <fmt/args.h>
#include <fmt/format.h>

#include "i18n.hpp"
#include "views/messages.hpp"

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

namespace {

std::string sentence(const char* key, fmt::dynamic_format_arg_store<fmt::format_context>& args) {
  try {
    return fmt::vformat(tr(key), args);
  } catch (const fmt::format_error&) {
    return tr(key);
  }
}

// One trace entry in words without its time; "" for entries a step need not mention.
std::string entry_words(const TraceEvent& ev) {
  fmt::dynamic_format_arg_store<fmt::format_context> args;
  if (const auto* m = std::get_if<MessageSent>(&ev.body)) {
    args.push_back(m->env.source);
    args.push_back(message_label(m->env.msg));
    args.push_back(m->env.target);
    return sentence("happening.sent", args);
  }
  if (const auto* m = std::get_if<MessageDelivered>(&ev.body)) {
    args.push_back(m->env.target);
    args.push_back(message_label(m->env.msg));
    args.push_back(m->env.source);
    return sentence("happening.received", args);
  }
  if (const auto* m = std::get_if<MessageDropped>(&ev.body)) {
    args.push_back(m->env.source);
    args.push_back(message_label(m->env.msg));
    args.push_back(m->env.target);
    args.push_back(std::string(tr(fmt::format("happening.drop.{}", to_string(m->reason)).c_str())));
    return sentence("happening.dropped", args);
  }
  if (const auto h = run::describe(ev)) {
    const std::string t = translate(*h);
    const auto colon = t.find(": ");  // translate() puts the time first
    return colon == std::string::npos ? t : t.substr(colon + 2);
  }
  return {};
}

}  // namespace

std::string describe_event(const TraceLog& trace, std::size_t from, std::size_t to) {
  to = std::min(to, trace.size());
  if (from >= to) return {};
  constexpr std::size_t kMaxParts = 4;  // the cause and up to three consequences
  constexpr std::size_t kMaxSends = 2;
  std::vector<std::string> parts;
  std::size_t sends = 0;
  std::size_t more_sends = 0;
  for (std::size_t i = from; i < to; ++i) {
    const TraceEvent& ev = trace[i];
    const bool send = std::holds_alternative<MessageSent>(ev.body);
    if (send && sends >= kMaxSends) {
      ++more_sends;
      continue;
    }
    std::string w = entry_words(ev);
    if (w.empty() || parts.size() >= kMaxParts) continue;
    if (send) ++sends;
    parts.push_back(std::move(w));
  }
  if (parts.empty()) return {};
  std::string out = fmt::format("{:.3f} s: ", static_cast<double>(trace[from].at) / 1000.0);
  for (std::size_t k = 0; k < parts.size(); ++k) out += (k == 0 ? "" : " · ") + parts[k];
  if (more_sends > 0) {
    fmt::dynamic_format_arg_store<fmt::format_context> args;
    args.push_back(more_sends);
    out += " · " + sentence("happening.more_sent", args);
  }
  return out;
}

}  // namespace zs::gui

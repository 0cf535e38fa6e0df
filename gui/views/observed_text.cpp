// Observed changes and the recording banner in the window's language (observed_text.hpp).
#include "views/observed_text.hpp"

#include <chrono>
#include <cstdlib>
#include <ctime>

#include "i18n.hpp"
#include "views/theme.hpp"
#include "views/widgets.hpp"

namespace zs::gui {
namespace {

// A word the engine writes in English (a status, a mode, a znode change, a session state),
// in the current language: "attach.word.<group>.<word>", or the word itself when the file has
// no entry for it (a word a newer engine added still shows).
std::string word(const std::string& group, const std::string& w) {
  if (w.empty() || w == "-") return w;
  const std::string key = "attach.word." + group + "." + w;
  const char* t = tr(key);
  return key == t ? w : std::string(t);
}

// " (detail)" in the language's brackets, or "" without a detail.
std::string aside(const std::string& detail) {
  return detail.empty() ? "" : fill(tr("attach.change.aside"), detail);
}

std::string local_text(std::int64_t ms, const char* format) {
  const std::time_t t = static_cast<std::time_t>(ms / 1000);
  std::tm local{};
  localtime_r(&t, &local);
  char buf[32];
  std::strftime(buf, sizeof buf, format, &local);
  return buf;
}

}  // namespace

std::string change_text(const view::AttachedChange& c) {
  if (c.kind == "status")
    return fill(tr("attach.change.status"), c.who, word("status", c.from), word("status", c.to), aside(c.path));
  if (c.kind == "mode") return fill(tr("attach.change.mode"), c.who, word("mode", c.from), word("mode", c.to));
  if (c.kind == "epoch") return fill(tr("attach.change.epoch"), c.who, c.from, c.to);
  if (c.kind == "leader") return fill(tr("attach.change.leader"), c.from, c.to);
  if (c.kind == "znode") return fill(tr("attach.change.znode"), word("znode", c.to), c.path);
  if (c.kind == "session")
    return fill(tr("attach.change.session"), word("session", c.to), c.path.empty() ? "" : " " + c.path, aside(c.from));
  return c.text;  // a kind this window does not know: the engine's own line
}

std::string wall_date_time_text(std::int64_t ms) { return local_text(ms, "%Y-%m-%d %H:%M:%S"); }

std::string default_recording_path(std::int64_t now_ms) {
  const char* home = std::getenv("HOME");
  const std::string name = "zooscope-attach-" + local_text(now_ms, "%Y%m%d-%H%M%S") + ".jsonl.gz";
  return home != nullptr && *home != '\0' ? std::string(home) + "/" + name : name;
}

std::string expand_home(const std::string& path) {
  const char* home = std::getenv("HOME");
  if (home == nullptr || *home == '\0' || !(path == "~" || path.starts_with("~/"))) return path;
  return std::string(home) + path.substr(1);
}

std::string recorded_banner(const view::AttachedModel& a) {
  if (!a.recorded) return "";
  const bool same_day = local_text(a.recorded_from_ms, "%Y-%m-%d") == local_text(a.recorded_to_ms, "%Y-%m-%d");
  std::string text = fill(tr("recorded.banner"), wall_date_time_text(a.recorded_from_ms),
                          same_day ? wall_clock_text(a.recorded_to_ms) : wall_date_time_text(a.recorded_to_ms));
  if (!a.recorded_closed) text += tr("recorded.unclosed");
  return text;
}

std::string recorded_banner_within(const view::AttachedModel& a, float width) {
  std::string full = recorded_banner(a);
  if (ImGui::CalcTextSize(full.c_str()).x <= width) return full;
  return std::string(tr("recorded.short")) + (a.recorded_closed ? "" : tr("recorded.unclosed"));
}

void draw_recorded_banner(const view::AttachedModel& a) {
  if (!a.recorded) return;
  text_wrapped_colored(kWarnColor, recorded_banner(a));
  help_tooltip(fill(tr("recorded.banner_help"), a.recorded_file).c_str());
}

}  // namespace zs::gui

// The Log tab: the whole run as ZooKeeper's servers would have logged it
// ("2026-11-23 00:00:03,250 [myid:2] - INFO  - LEADING - LEADER ELECTION TOOK - 250 MS"),
// or every trace event as a compact line. Filtered by server, level and text through an
// index built as the trace grows (LogIndex), drawn through a clipper, following the end
// while the view is at the bottom. A click on a line jumps to its moment.
#include <array>
#include <cstdio>
#include <string>
#include <type_traits>
#include <variant>

#include "glyphs.hpp"
#include "i18n.hpp"
#include "views/observed_text.hpp"
#include "views/theme.hpp"
#include "views/trace_index.hpp"
#include "views/view.hpp"
#include "views/widgets.hpp"

namespace zs::gui {
namespace {

// State changes in the colour of the new state, faults and errors stand out, drops fade.
ImU32 event_color(const TraceEvent& ev) {
  return std::visit(
      [](const auto& b) -> ImU32 {
        using T = std::decay_t<decltype(b)>;
        if constexpr (std::is_same_v<T, StateChanged>) {
          return status_color(b.to);
        } else if constexpr (std::is_same_v<T, Fault>) {
          return kErrorColor;
        } else if constexpr (std::is_same_v<T, MessageDropped>) {
          return kDimColor;
        } else if constexpr (std::is_same_v<T, LogLine>) {
          if (b.level == LogLevel::Error) return kErrorColor;
          if (b.level == LogLevel::Warn) return kWarnColor;
          return ImGui::GetColorU32(ImGuiCol_Text);
        } else {
          return ImGui::GetColorU32(ImGuiCol_Text);
        }
      },
      ev.body);
}

constexpr std::array<LogLevel, 3> kLevels = {LogLevel::Info, LogLevel::Warn, LogLevel::Error};

class LogView final : public View {
 public:
  std::string title() const override { return tr_id("view.log.title", "log"); }
  Slot slot() const override { return Slot::Side; }

  void draw_content(const ClusterView& model, UiBus& bus) override {
    if (model.attached) {
      observed_changes(*model.attached);
      return;
    }
    filters(model, bus);
    if (model.trace == nullptr || model.trace_context == nullptr || model.trace->empty()) {
      ImGui::TextDisabled("%s", tr("view.log.empty"));
      return;
    }
    const TraceLog& trace = *model.trace;
    index_.update(trace, *model.trace_context, filter_, model.wall_clock_origin_ms);
    const auto& rows = index_.rows();
    ImGui::SameLine();
    ImGui::TextDisabled("%zu %s%s", rows.size(), tr(filter_.raw ? "view.log.events" : "view.log.lines"),
                        index_.complete() ? "" : " ...");
    if (rows.empty()) {
      ImGui::TextDisabled("%s", tr(index_.complete() ? "view.log.no_match" : "view.log.searching"));
      return;
    }

    ImGui::BeginChild("log_lines", {0, 0}, false, ImGuiWindowFlags_HorizontalScrollbar);
    if (ImFont* mono = mono_font()) ImGui::PushFont(mono);
    bool hovered = false;
    std::string hovered_line;  // shown whole in the tooltip when it runs past the pane
    const float visible_w = ImGui::GetContentRegionAvail().x;
    ImGuiListClipper clipper;
    clipper.Begin(static_cast<int>(rows.size()));
    while (clipper.Step()) {
      for (int row = clipper.DisplayStart; row < clipper.DisplayEnd; ++row) {
        const std::size_t i = rows[static_cast<std::size_t>(row)];
        const TraceEvent& ev = trace[i];
        const std::string line =
            LogIndex::line(trace, i, *model.trace_context, filter_.raw, model.wall_clock_origin_ms);
        need_glyphs(line);  // znode paths and data a learner typed
        ImGui::PushID(row);
        ImGui::PushStyleColor(ImGuiCol_Text, event_color(ev));
        if (ImGui::Selectable(line.c_str(), false)) bus.post(SeekTime{ev.at});
        ImGui::PopStyleColor();
        if (ImGui::IsItemHovered()) {
          hovered = true;
          if (ImGui::CalcTextSize(line.c_str()).x > visible_w) hovered_line = line;
        }
        ImGui::PopID();
      }
    }
    if (mono_font() != nullptr) ImGui::PopFont();
    // After the mono font is popped: the tooltip in the UI font.
    if (hovered) {
      ImGui::BeginTooltip();
      ImGui::PushTextWrapPos(ImGui::GetFontSize() * 40.0f);
      if (!hovered_line.empty()) ImGui::TextUnformatted(hovered_line.c_str());
      ImGui::TextDisabled("%s", tr("view.log.click_help"));
      ImGui::PopTextWrapPos();
      ImGui::EndTooltip();
    }
    // Follow new lines only while the view is at the bottom (ExampleAppLog).
    if (ImGui::GetScrollY() >= ImGui::GetScrollMaxY()) ImGui::SetScrollHereY(1.0f);
    ImGui::EndChild();
  }

 private:
  // Attached: real servers' logs are not ours to read; what the monitor saw change instead,
  // one line each with its wall-clock time, newest at the bottom.
  static void observed_changes(const view::AttachedModel& a) {
    draw_recorded_banner(a);  // a recording's changes end at the moment shown
    ImGui::TextUnformatted(fill(tr("view.log.observed"), a.changes.size()).c_str());
    help_tooltip(tr("view.log.observed_help"));
    if (a.changes.empty()) {
      ImGui::TextDisabled("%s", tr("view.log.observed_none"));
      return;
    }
    ImGui::BeginChild("observed_lines", {0, 0}, false, ImGuiWindowFlags_HorizontalScrollbar);
    if (ImFont* mono = mono_font()) ImGui::PushFont(mono);
    ImGuiListClipper clipper;
    clipper.Begin(static_cast<int>(a.changes.size()));
    while (clipper.Step()) {
      for (int row = clipper.DisplayStart; row < clipper.DisplayEnd; ++row) {
        const view::AttachedChange& c = a.changes[static_cast<std::size_t>(row)];
        const std::string line = wall_clock_text(c.at_ms) + "  " + change_text(c);
        need_glyphs(line);
        ImGui::PushStyleColor(ImGuiCol_Text, c.kind == "znode" ? ImGui::GetColorU32(ImGuiCol_Text) : change_color(c.kind));
        ImGui::TextUnformatted(line.c_str());
        ImGui::PopStyleColor();
      }
    }
    if (mono_font() != nullptr) ImGui::PopFont();
    if (ImGui::GetScrollY() >= ImGui::GetScrollMaxY()) ImGui::SetScrollHereY(1.0f);
    ImGui::EndChild();
  }

  void filters(const ClusterView& model, UiBus& bus) {
    bool hide = model.hide_pings;
    if (ImGui::Checkbox(tr("view.log.hide_pings"), &hide)) bus.post(SetHidePings{hide});
    if (ImGui::IsItemHovered()) ImGui::SetTooltip("%s", tr("view.log.hide_pings_help"));
    filter_.hide_pings = model.hide_pings;
    ImGui::SameLine();
    ImGui::Checkbox(tr("view.log.raw"), &filter_.raw);
    if (ImGui::IsItemHovered()) ImGui::SetTooltip("%s", tr("view.log.raw_help"));

    ImGui::SameLine();
    char label[32];
    if (filter_.sid == 0) std::snprintf(label, sizeof label, "%s", tr("view.log.all_servers"));
    else std::snprintf(label, sizeof label, "server.%lld", static_cast<long long>(filter_.sid));
    ImGui::SetNextItemWidth(ImGui::CalcTextSize("server.000").x + ImGui::GetFrameHeight() * 2);
    if (ImGui::BeginCombo("##log_server", label)) {
      if (ImGui::Selectable(tr("view.log.all_servers"), filter_.sid == 0)) filter_.sid = 0;
      for (const PeerSnapshot& p : model.peers) {
        std::snprintf(label, sizeof label, "server.%lld", static_cast<long long>(p.sid));
        if (ImGui::Selectable(label, filter_.sid == p.sid)) filter_.sid = p.sid;
      }
      ImGui::EndCombo();
    }
    if (ImGui::IsItemHovered()) ImGui::SetTooltip("%s", tr("view.log.server_help"));

    ImGui::SameLine();
    const std::string_view level = to_string(filter_.min_level);
    std::snprintf(label, sizeof label, "%.*s+", static_cast<int>(level.size()), level.data());
    ImGui::SetNextItemWidth(ImGui::CalcTextSize("ERROR+").x + ImGui::GetFrameHeight() * 2);
    if (ImGui::BeginCombo("##log_level", label)) {
      for (const LogLevel l : kLevels) {
        const std::string_view name = to_string(l);
        std::snprintf(label, sizeof label, "%.*s", static_cast<int>(name.size()), name.data());
        if (ImGui::Selectable(label, filter_.min_level == l)) filter_.min_level = l;
      }
      ImGui::EndCombo();
    }
    if (ImGui::IsItemHovered()) ImGui::SetTooltip("%s", tr("view.log.level_help"));

    ImGui::SetNextItemWidth(std::max(120.0f, ImGui::GetContentRegionAvail().x * 0.5f));
    ImGui::InputTextWithHint("##log_text", tr("view.log.filter_hint"), text_.data(), text_.size());
    filter_.text = text_.data();
    need_glyphs(filter_.text);
  }

  LogFilter filter_;
  std::array<char, 128> text_{};
  LogIndex index_;
};

}  // namespace

std::unique_ptr<View> make_log_view() { return std::make_unique<LogView>(); }

}  // namespace zs::gui

// The newest trace events, one compact line each (format_line), in a clipped table that
// follows the end while the user has not scrolled up.
#include <string>
#include <type_traits>
#include <variant>

#include "i18n.hpp"
#include "views/theme.hpp"
#include "views/view.hpp"

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

class LogView final : public View {
 public:
  std::string title() const override { return tr_id("view.log.title", "trace"); }
  Slot slot() const override { return Slot::Side; }

  void draw_content(const ClusterView& model, UiBus& bus) override {
    bool hide = model.hide_pings;
    if (ImGui::Checkbox(tr("view.log.hide_pings"), &hide)) bus.post(SetHidePings{hide});
    if (ImGui::IsItemHovered()) ImGui::SetTooltip("%s", tr("view.log.hide_pings_help"));
    const auto& events = model.recent_trace;
    if (events.empty() || model.trace_context == nullptr) {
      ImGui::TextDisabled("%s", tr("view.log.empty"));
      return;
    }
    ImGui::SameLine();
    ImGui::TextDisabled("%s %zu", tr("view.log.newest"), events.size());

    const ImGuiTableFlags flags = ImGuiTableFlags_ScrollY | ImGuiTableFlags_ScrollX |
                                  ImGuiTableFlags_RowBg | ImGuiTableFlags_BordersInnerV |
                                  ImGuiTableFlags_SizingFixedFit;
    if (!ImGui::BeginTable("trace_table", 2, flags)) return;
    ImGui::TableSetupScrollFreeze(0, 1);
    ImGui::TableSetupColumn("#");
    ImGui::TableSetupColumn(tr("view.log.event"));
    ImGui::TableHeadersRow();

    if (ImFont* mono = mono_font()) ImGui::PushFont(mono);
    ImGuiListClipper clipper;
    clipper.Begin(static_cast<int>(events.size()));
    while (clipper.Step()) {
      for (int row = clipper.DisplayStart; row < clipper.DisplayEnd; ++row) {
        const TraceEvent& ev = events[static_cast<std::size_t>(row)];
        ImGui::TableNextRow();
        ImGui::TableNextColumn();
        const std::size_t r = static_cast<std::size_t>(row);
        const std::uint64_t index =
            r < model.recent_index.size() ? model.recent_index[r] : model.first_trace_index + r;
        ImGui::TextDisabled("%llu", static_cast<unsigned long long>(index));
        ImGui::TableNextColumn();
        const std::string line = format_line(ev, *model.trace_context);
        ImGui::PushStyleColor(ImGuiCol_Text, event_color(ev));
        ImGui::TextUnformatted(line.c_str());
        ImGui::PopStyleColor();
      }
    }
    if (mono_font() != nullptr) ImGui::PopFont();
    // Follow new events only while the view is at the bottom (ExampleAppLog).
    if (ImGui::GetScrollY() >= ImGui::GetScrollMaxY()) ImGui::SetScrollHereY(1.0f);
    ImGui::EndTable();
  }
};

}  // namespace

std::unique_ptr<View> make_log_view() { return std::make_unique<LogView>(); }

}  // namespace zs::gui

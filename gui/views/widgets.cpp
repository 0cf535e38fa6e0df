#include "views/widgets.hpp"

#include <algorithm>

#include <imgui_internal.h>  // RenderTextEllipsis

namespace zs::gui {

void help_tooltip(const char* text) {
  if (!ImGui::IsItemHovered()) return;
  // Full alpha even over a dimmed row (a lab step's pulse, a finished election).
  ImGui::PushStyleVar(ImGuiStyleVar_Alpha, 1.0f);
  ImGui::BeginTooltip();
  ImGui::PushTextWrapPos(ImGui::GetFontSize() * 28);
  ImGui::TextUnformatted(text);
  ImGui::PopTextWrapPos();
  ImGui::EndTooltip();
  ImGui::PopStyleVar();
}

void table_header(int column, const char* label, const char* help) {
  ImGui::TableSetColumnIndex(column);
  ImGui::TableHeader(label);
  help_tooltip(help);
}

void swatch(ImU32 col) {
  const float s = ImGui::GetTextLineHeight() * 0.8f;
  const ImVec2 p = ImGui::GetCursorScreenPos();
  const float dy = (ImGui::GetTextLineHeight() - s) / 2;
  ImGui::GetWindowDrawList()->AddRectFilled({p.x, p.y + dy}, {p.x + s, p.y + dy + s}, col, 2.0f);
  ImGui::Dummy({s, ImGui::GetTextLineHeight()});
}

void same_line_or_wrap(float width, float spacing) {
  ImGui::SameLine(0, spacing);
  const float right = ImGui::GetWindowContentRegionMax().x + ImGui::GetWindowPos().x;
  if (ImGui::GetCursorScreenPos().x + width > right) ImGui::NewLine();
}

float checkbox_width(const char* label) {
  return ImGui::GetFrameHeight() + ImGui::GetStyle().ItemInnerSpacing.x + ImGui::CalcTextSize(label, nullptr, true).x;
}

float button_width(const char* label) {
  return ImGui::CalcTextSize(label, nullptr, true).x + 2 * ImGui::GetStyle().FramePadding.x;
}

void text_ellipsis(const char* text, float max_w, ImU32 col) {
  const ImVec2 pos = ImGui::GetCursorScreenPos();
  const float avail = ImGui::GetContentRegionAvail().x;
  const float w = max_w > 0 ? std::min(max_w, avail) : avail;
  const ImVec2 size = ImGui::CalcTextSize(text);
  if (size.x <= w) {
    if (col != 0) ImGui::PushStyleColor(ImGuiCol_Text, col);
    ImGui::TextUnformatted(text);
    if (col != 0) ImGui::PopStyleColor();
    return;
  }
  ImGui::Dummy({std::max(w, 1.0f), size.y});
  if (col != 0) ImGui::PushStyleColor(ImGuiCol_Text, col);
  const ImVec2 end{pos.x + w, pos.y + size.y};
  ImGui::RenderTextEllipsis(ImGui::GetWindowDrawList(), pos, end, end.x, end.x, text, nullptr, &size);
  if (col != 0) ImGui::PopStyleColor();
  if (ImGui::IsItemHovered()) {
    ImGui::BeginTooltip();
    ImGui::PushTextWrapPos(ImGui::GetFontSize() * 32.0f);
    ImGui::TextUnformatted(text);
    ImGui::PopTextWrapPos();
    ImGui::EndTooltip();
  }
}

}  // namespace zs::gui

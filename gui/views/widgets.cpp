#include "views/widgets.hpp"

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

}  // namespace zs::gui

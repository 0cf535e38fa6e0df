#include "views/theme.hpp"

namespace zs::gui {
namespace {
ImFont* g_mono = nullptr;
ImFont* g_large = nullptr;
float g_line_scale = 1.0f;
}

void style_high_contrast(ImGuiStyle& style) {
  ImGui::StyleColorsDark(&style);
  ImVec4* c = style.Colors;
  c[ImGuiCol_Text] = {1, 1, 1, 1};
  c[ImGuiCol_TextDisabled] = {0.80f, 0.80f, 0.80f, 1};
  c[ImGuiCol_WindowBg] = {0, 0, 0, 1};
  c[ImGuiCol_ChildBg] = {0, 0, 0, 1};
  c[ImGuiCol_PopupBg] = {0.05f, 0.05f, 0.05f, 1};
  c[ImGuiCol_Border] = {0.85f, 0.85f, 0.85f, 1};
  c[ImGuiCol_FrameBg] = {0.15f, 0.15f, 0.15f, 1};
  c[ImGuiCol_TitleBg] = {0.10f, 0.10f, 0.10f, 1};
  c[ImGuiCol_TitleBgActive] = {0.20f, 0.20f, 0.45f, 1};
  c[ImGuiCol_Button] = {0.10f, 0.25f, 0.60f, 1};
  c[ImGuiCol_ButtonHovered] = {0.20f, 0.40f, 0.85f, 1};
  c[ImGuiCol_Tab] = {0.10f, 0.20f, 0.45f, 1};
  c[ImGuiCol_TabActive] = {0.25f, 0.45f, 0.95f, 1};
  c[ImGuiCol_TableRowBgAlt] = {0.12f, 0.12f, 0.12f, 1};
  style.WindowBorderSize = 2.0f;
  style.FrameBorderSize = 1.0f;
}

void set_line_scale(float scale) { g_line_scale = scale; }
float line_scale() { return g_line_scale; }

ImU32 status_color(PeerStatus s) {
  switch (s) {
    case PeerStatus::Down: return IM_COL32(128, 128, 128, 255);
    case PeerStatus::Looking: return IM_COL32(255, 176, 0, 255);
    case PeerStatus::Following: return IM_COL32(66, 135, 245, 255);
    case PeerStatus::Leading: return IM_COL32(52, 178, 76, 255);
    case PeerStatus::Observing: return IM_COL32(160, 100, 220, 255);
  }
  return IM_COL32(255, 0, 255, 255);
}

void set_mono_font(ImFont* font) { g_mono = font; }
ImFont* mono_font() { return g_mono; }
void set_large_font(ImFont* font) { g_large = font; }
ImFont* large_font() { return g_large; }

ImU32 change_color(std::string_view kind) {
  if (kind == "leader") return status_color(PeerStatus::Leading);
  if (kind == "mode") return status_color(PeerStatus::Following);
  if (kind == "epoch") return kWarnColor;
  if (kind == "status") return kErrorColor;
  if (kind == "session") return kWaitColor;
  return kDimColor;  // znode
}

}  // namespace zs::gui

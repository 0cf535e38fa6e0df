// An ImGui context for drawing views without a window or GL (reference/gui-stack.md §8):
// a 1280x800 display, 60 frames per second, a built font atlas, keys mapped to themselves.
#pragma once

#include <imgui.h>

namespace zs::gui {

inline void create_headless_imgui() {
  ImGui::CreateContext();
  ImGuiIO& io = ImGui::GetIO();
  io.IniFilename = nullptr;
  io.DisplaySize = {1280, 800};
  io.DeltaTime = 1.0f / 60;
  for (int k = 0; k < ImGuiKey_COUNT; ++k) io.KeyMap[k] = k;
  io.Fonts->Build();  // NewFrame asserts without an atlas
}

}  // namespace zs::gui

// The only list of views, and the fixed layout: toolbar on top, the cluster diagram on the
// left, the trace on the right, the status bar at the bottom. Recomputed every frame, so
// the layout follows the window size.
#include "views/view.hpp"

namespace zs::gui {

Views::Views() {
  views_.push_back(make_controls_view());
  views_.push_back(make_cluster_view());
  views_.push_back(make_log_view());
  views_.push_back(make_status_view());
}

void Views::draw(const ClusterView& model, UiBus& bus) {
  const ImGuiIO& io = ImGui::GetIO();
  const ImGuiStyle& style = ImGui::GetStyle();
  const float w = io.DisplaySize.x;
  const float h = io.DisplaySize.y;
  const float toolbar_h = ImGui::GetFrameHeight() + 2 * style.WindowPadding.y;
  const float status_h = ImGui::GetTextLineHeight() + 2 * style.WindowPadding.y;
  const float middle_h = h - toolbar_h - status_h;
  const float main_w = w * 0.5f;

  for (auto& view : views_) {
    ImVec2 pos;
    ImVec2 size;
    switch (view->slot()) {
      case Slot::Toolbar: pos = {0, 0}; size = {w, toolbar_h}; break;
      case Slot::Main: pos = {0, toolbar_h}; size = {main_w, middle_h}; break;
      case Slot::Side: pos = {main_w, toolbar_h}; size = {w - main_w, middle_h}; break;
      case Slot::StatusBar: pos = {0, h - status_h}; size = {w, status_h}; break;
    }
    ImGui::SetNextWindowPos(pos);
    ImGui::SetNextWindowSize(size);
    const ImGuiWindowFlags flags = ImGuiWindowFlags_NoMove | ImGuiWindowFlags_NoResize |
                                   ImGuiWindowFlags_NoCollapse |
                                   ImGuiWindowFlags_NoSavedSettings | view->extra_flags();
    if (ImGui::Begin(view->title().c_str(), nullptr, flags)) view->draw_content(model, bus);
    ImGui::End();
  }
}

}  // namespace zs::gui

// The toolbar: play/pause and the speed of virtual time.
#include "i18n.hpp"
#include "views/view.hpp"

namespace zs::gui {
namespace {

class ControlsView final : public View {
 public:
  std::string title() const override { return tr_id("view.controls.title", "controls"); }
  Slot slot() const override { return Slot::Toolbar; }
  ImGuiWindowFlags extra_flags() const override {
    return ImGuiWindowFlags_NoTitleBar | ImGuiWindowFlags_NoScrollbar;
  }

  void draw_content(const ClusterView& model, UiBus& bus) override {
    const std::string play = model.paused ? tr_id("view.controls.play", "play_pause")
                                          : tr_id("view.controls.pause", "play_pause");
    if (ImGui::Button(play.c_str(), {ImGui::GetFontSize() * 6, 0})) {
      bus.post(SetPaused{!model.paused});
    }
    ImGui::SameLine();
    ImGui::AlignTextToFramePadding();
    ImGui::TextUnformatted(tr("view.controls.speed"));
    ImGui::SameLine();
    float speed = model.speed;
    ImGui::SetNextItemWidth(ImGui::GetFontSize() * 14);
    if (ImGui::SliderFloat("##speed", &speed, 0.1f, 100.0f, "%.1fx",
                           ImGuiSliderFlags_Logarithmic | ImGuiSliderFlags_AlwaysClamp)) {
      bus.post(SetSpeed{speed});
    }
    if (ImGui::IsItemHovered()) ImGui::SetTooltip("%s", tr("view.controls.speed_help"));
  }
};

}  // namespace

std::unique_ptr<View> make_controls_view() { return std::make_unique<ControlsView>(); }

}  // namespace zs::gui

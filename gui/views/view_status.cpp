// The status bar: virtual time, events processed and the leader a quorum follows.
#include "i18n.hpp"
#include "views/theme.hpp"
#include "views/view.hpp"
#include "views/widgets.hpp"

namespace zs::gui {
namespace {

class StatusView final : public View {
 public:
  std::string title() const override { return tr_id("view.status.title", "status"); }
  Slot slot() const override { return Slot::StatusBar; }
  ImGuiWindowFlags extra_flags() const override {
    return ImGuiWindowFlags_NoTitleBar | ImGuiWindowFlags_NoScrollbar;
  }

  void draw_content(const ClusterView& model, UiBus&) override {
    ImGui::Text("%s %.3f s", tr("view.status.virtual_time"), static_cast<double>(model.now) / 1000.0);
    separator();
    if (model.stable_leader) {
      ImGui::Text("%s server.%lld", tr("view.status.leader"), static_cast<long long>(*model.stable_leader));
    } else {
      ImGui::TextColored(ImColor(kWarnColor), "%s", tr("view.status.no_leader"));
    }
    if (model.paused) {
      separator();
      ImGui::TextColored(ImColor(kWarnColor), "%s", tr("view.status.paused"));
    }
    if (model.slowed_now) {
      separator();
      ImGui::TextColored(ImColor(IM_COL32(140, 220, 255, 255)), "%s", tr("view.status.slowed"));
      if (ImGui::IsItemHovered()) ImGui::SetTooltip("%s", tr("view.controls.slow_motion_help"));
    }
    if (model.branches > 0) {
      separator();
      ImGui::Text("%s %zu", tr("view.status.branches"), model.branches);
    }
    // Where the simulation differs from a real ensemble, one hover away.
    separator();
    ImGui::TextDisabled("%s", tr("view.status.simplified"));
    if (ImGui::IsItemHovered()) {
      ImGui::BeginTooltip();
      ImGui::PushTextWrapPos(ImGui::GetFontSize() * 32.0f);
      text_wrapped(tr("view.status.simplified_help"));
      ImGui::PopTextWrapPos();
      ImGui::EndTooltip();
    }
    // What just happened, in one sentence (what a presenter reads out).
    if (!model.last_happening.empty()) {
      separator();
      // The rest of the bar; a longer sentence ends in "…" and is whole in its tooltip.
      text_ellipsis(model.last_happening.c_str(), 0, IM_COL32(140, 220, 255, 255));
    }
  }

 private:
  static void separator() {
    ImGui::SameLine();
    ImGui::TextDisabled("|");
    ImGui::SameLine();
  }
};

}  // namespace

std::unique_ptr<View> make_status_view() { return std::make_unique<StatusView>(); }

}  // namespace zs::gui

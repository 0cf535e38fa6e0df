// The status bar: virtual time, events processed and the leader a quorum follows.
#include <fmt/format.h>

#include <string>

#include "i18n.hpp"
#include "views/observed_text.hpp"
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
    // Each part ends in "…" (whole in its tooltip) when the bar has no room left for it, as in
    // presenter mode on a small screen; parts after a cut one are left out.
    const ImU32 plain = ImGui::GetColorU32(ImGuiCol_Text);
    const ImU32 faint = ImGui::GetColorU32(ImGuiCol_TextDisabled);
    const ImU32 sky = IM_COL32(140, 220, 255, 255);
    room_ = true;
    if (model.attached) {
      attached(model, plain, sky);
      return;
    }
    part(fmt::format("{} {:.3f} s", tr("view.status.virtual_time"), static_cast<double>(model.now) / 1000.0), plain,
         false);
    if (model.stable_leader) {
      part(fmt::format("{} server.{}", tr("view.status.leader"), *model.stable_leader), plain);
    } else {
      part(tr("view.status.no_leader"), ImColor(kWarnColor));
    }
    if (model.paused) part(tr("view.status.paused"), ImColor(kWarnColor));
    if (model.slowed_now && part(tr("view.status.slowed"), sky) && ImGui::IsItemHovered())
      help_tooltip(tr("view.controls.slow_motion_help"));
    if (model.branches > 0) part(fmt::format("{} {}", tr("view.status.branches"), model.branches), plain);
    // Where the simulation differs from a real ensemble, one hover away.
    if (part(tr("view.status.simplified"), faint) && ImGui::IsItemHovered())
      help_tooltip(tr("view.status.simplified_help"));
    // What just happened, in one sentence (what a presenter reads out).
    if (!model.last_happening.empty()) part(model.last_happening, sky);
  }

 private:
  // What is attached, its leader by address, the newest observed change.
  void attached(const ClusterView& model, ImU32 plain, ImU32 sky) {
    const view::AttachedModel& a = *model.attached;
    if (a.recorded) {
      if (part(recorded_banner(a), ImColor(kWarnColor), false) && ImGui::IsItemHovered())
        help_tooltip(fill(tr("recorded.banner_help"), a.recorded_file).c_str());
      part(a.connect_string, plain);
    } else if (part(fmt::format("{} {}", tr("view.status.attached"), a.connect_string), plain, false) &&
               ImGui::IsItemHovered()) {
      help_tooltip(tr("attach.watch_only"));
    }
    if (a.recording_active) part(fill(tr("recording.short"), a.recording_path), ImColor(kErrorColor));
    const int li = model.stable_leader ? model.index_of(*model.stable_leader) : -1;
    if (li >= 0 && static_cast<std::size_t>(li) < a.servers.size()) {
      part(fmt::format("{} {}", tr("view.status.leader"), a.servers[static_cast<std::size_t>(li)].address), plain);
    } else {
      part(tr("view.status.no_leader"), ImColor(kWarnColor));
    }
    if (!model.last_happening.empty()) part(model.last_happening, sky);
  }

  // One part of the bar after a separator (none before the first); false when it was left
  // out for want of room.
  bool part(const std::string& text, ImU32 col, bool separated = true) {
    if (!room_) return false;
    if (separated) {
      ImGui::SameLine();
      if (ImGui::GetContentRegionAvail().x < ImGui::CalcTextSize("| …").x) {
        room_ = false;
        return false;
      }
      ImGui::TextDisabled("|");
      ImGui::SameLine();
    }
    const float avail = ImGui::GetContentRegionAvail().x;
    if (ImGui::CalcTextSize(text.c_str()).x > avail) room_ = false;  // cut: nothing after it
    text_ellipsis(text.c_str(), 0, col);
    return true;
  }
  bool room_ = true;
};

}  // namespace

std::unique_ptr<View> make_status_view() { return std::make_unique<StatusView>(); }

}  // namespace zs::gui

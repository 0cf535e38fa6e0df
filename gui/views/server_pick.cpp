// The tree and console tabs' server choice (server_pick.hpp).
#include "views/server_pick.hpp"

#include <string>

#include <fmt/format.h>
#include <imgui.h>

#include "i18n.hpp"
#include "views/theme.hpp"

namespace zs::gui {

Sid shown_server(const ClusterView& model) {
  if (model.selected_server != 0 && model.index_of(model.selected_server) >= 0) return model.selected_server;
  if (model.stable_leader) return *model.stable_leader;
  return model.peers.empty() ? 0 : model.peers.front().sid;
}

void server_combo(const ClusterView& model, Sid shown, UiBus& bus) {
  auto label = [](const PeerSnapshot& p) {
    return fmt::format("server.{} ({})", p.sid, to_string(p.status));
  };
  const int shown_index = model.index_of(shown);
  const std::string preview =
      shown_index >= 0 ? label(model.peers[static_cast<std::size_t>(shown_index)]) : std::string();
  ImGui::AlignTextToFramePadding();
  ImGui::TextUnformatted(tr("view.pick.server"));
  ImGui::SameLine();
  ImGui::SetNextItemWidth(ImGui::GetFontSize() * 13);
  if (ImGui::BeginCombo("##server", preview.c_str())) {
    for (const PeerSnapshot& p : model.peers) {
      ImGui::PushStyleColor(ImGuiCol_Text, status_color(p.status));
      if (ImGui::Selectable(label(p).c_str(), p.sid == shown)) bus.post(SelectServer{p.sid});
      ImGui::PopStyleColor();
    }
    ImGui::EndCombo();
  }
  if (ImGui::IsItemHovered()) ImGui::SetTooltip("%s", tr("view.pick.help"));
}

}  // namespace zs::gui

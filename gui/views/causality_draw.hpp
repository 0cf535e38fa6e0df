// How the views show the picked message's chain (view/causality.hpp), ShiViz-style: the
// message itself white, its causes orange, its effects blue, everything else dimmed; and a
// caption saying what is picked, what caused it and what it caused.
#pragma once

#include <string>
#include <vector>

#include <imgui.h>

#include "cluster_view.hpp"
#include "ui_bus.hpp"

namespace zs::gui {

using view::Causality;

inline constexpr ImU32 kPickedColor = IM_COL32(255, 255, 255, 255);
inline constexpr ImU32 kCauseColor = IM_COL32(255, 150, 40, 255);   // orange
inline constexpr ImU32 kEffectColor = IM_COL32(70, 190, 255, 255);  // sky blue

// The picked chain, or nullptr when no message is picked.
inline const Causality* picked_chain(const ClusterView& m) {
  return m.causality != nullptr && m.causality->found ? m.causality : nullptr;
}
// The colour of a message on the chain; 0 for one that is not on it.
ImU32 role_color(Causality::Role role);

// The caption in three parts, each drawn in its colour on its own line: what is picked
// (white), what caused it (orange), what it caused (blue).
struct CausalityCaption {
  std::string picked;   // "Selected: PROPOSAL 0x100000001 (server.3 → server.1)"
  std::string because;  // "caused by REQUEST create /a"
  std::string caused;   // "caused ACK 0x100000001, 2× COMMIT 0x100000001"
};
CausalityCaption causality_caption_parts(const ClusterView& m);
// The three parts, a line each ("" when nothing is picked).
std::string causality_caption(const ClusterView& m);

// The caption over the cluster diagram while a message is picked: a button that clears the
// pick, then its parts in their colours, wrapped at the pane's edge; hovering it lists every
// cause and effect.
void causality_bar(const ClusterView& m, UiBus& bus);

// A message dot drawn on the cluster diagram this frame, for clicking it.
struct MessageDot {
  ImVec2 at;
  float radius = 0;
  std::size_t index = 0;  // into model.messages
};
// The dot under the mouse (its tooltip; a left click picks it): true when there is one, so
// the canvas does not treat the click as one on a link or on empty space.
bool message_dot_hover(const ClusterView& m, const std::vector<MessageDot>& dots, UiBus& bus);

// One line for a tooltip: what the hovered message is on the picked chain ("" when nothing
// is picked or it is not on the chain).
const char* role_words(Causality::Role role);

}  // namespace zs::gui

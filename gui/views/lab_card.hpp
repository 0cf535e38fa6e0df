// The lab's narration card across the top of the cluster pane (model.lab): the step, its
// question and the learner's answer, the narration, the checkpoints, Back / Next.
#pragma once

#include "cluster_view.hpp"
#include "ui_bus.hpp"

namespace zs::gui {

// Draws the card at the cursor, the pane's full width; nothing without a lab.
void draw_lab_card(const ClusterView& model, UiBus& bus);

// Whether a click on a server answers the card's question now (rather than selecting it).
bool lab_wants_server_answer(const ClusterView& model);

}  // namespace zs::gui

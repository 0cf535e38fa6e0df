// The lab's narration card across the top of the cluster pane (model.lab): the step, its
// question and the learner's answer, the narration, the checkpoints, Back / Next.
#pragma once

#include "cluster_view.hpp"
#include "ui_bus.hpp"

namespace zs::gui {

// Whether the pane is short for its font (presenter mode on a small screen): then the card is
// compact (the normal font, the question once answered left out, the checkpoints in one line
// when they all hold) and goes beside the ring rather than above it.
bool lab_card_compact();
// Draws the card at the cursor, `width` wide; nothing without a lab.
void draw_lab_card(const ClusterView& model, UiBus& bus, float width, bool compact);

// The open scenario's card (model.scenario, when no lab is open): its title and description,
// with a button that closes the card; nothing otherwise.
void draw_scenario_card(const ClusterView& model, UiBus& bus, float width);

// Whether a click on a server answers the card's question now (rather than selecting it).
bool lab_wants_server_answer(const ClusterView& model);

}  // namespace zs::gui

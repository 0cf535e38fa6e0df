// A lab step's pulse in the Votes and Zab tabs (LabCard::pulse): which rows and cells of a
// table the step points at, the soft animated outline drawn on them, the dim of the rows it is
// not about, and the mark on a tab's label. The targets come from the model; only the
// animation reads the clock (ImGui::GetTime()). The outline always keeps a solid core, so a
// still image (a screenshot) shows it at any phase.
#pragma once

#include <string>
#include <vector>

#include <imgui.h>

#include "cluster_view.hpp"

namespace zs::gui {

inline constexpr ImU32 kPulseColor = IM_COL32(255, 214, 64, 255);  // #ffd640
inline constexpr float kPulseDim = 0.55f;  // content alpha of the rows a step is not about

// What the current lab step points at in the tabs, for this frame; nothing outside a lab
// step that plays or is shown.
class Pulse {
 public:
  explicit Pulse(const ClusterView& model);

  // The votes matrix: `votes R` (the row) and `votes R S` (one cell).
  bool votes_any() const;
  bool votes_row(Sid receiver) const;
  bool votes_cell(Sid receiver, Sid sender) const;
  bool votes_row_touched(Sid receiver) const;  // the row or one of its cells: not dimmed
  // The "why each server holds its vote" rows: `rule R`.
  bool rules_any() const;
  bool rule_row(Sid sid) const;
  // The Zab proposals: `newest` is the zxid of the table's last row (what `last` names).
  bool zab_any() const;
  bool zab_row(Zxid z, Zxid newest) const;
  bool ack_cell(Zxid z, Sid sid, Zxid newest) const;
  bool commit_cell(Zxid z, Zxid newest) const;
  bool zab_row_touched(Zxid z, Zxid newest) const;  // the row or one of its cells

 private:
  const std::vector<lab::Highlight>* targets_ = nullptr;
};

// Brings a scrolling table's pulsed cells into view, once per lab step (the user may scroll
// away after): note() each pulsed cell while drawing the rows, then apply() before EndTable().
class PulseScroll {
 public:
  void note(int column);
  void apply(const ClusterView& model);

 private:
  float min_x_ = 0;
  float max_x_ = 0;
  bool seen_ = false;
  std::string done_for_;  // "lab/step" already brought into view
  std::string pending_;   // "lab/step" whose cells were seen, settled_ frames in a row
  int settled_ = 0;
};

// 0..1, the phase of the pulse now (about one beat a second).
float pulse_wave();
// Inside the current row of a table: an outline on the cell of `column` / on the whole row,
// `row_h` high (the row's height, padding included). Call before drawing the cell's content.
void pulse_cell(int column, float row_h);
void pulse_row(float row_h);
// Right after BeginTabItem() of a label made with pulse_tab_label(): a pulsing dot in the
// room the label keeps at its left.
std::string pulse_tab_label(const std::string& title);
void pulse_tab_mark();

}  // namespace zs::gui

// A lab step's pulse in the Votes and Zab tabs (pulse.hpp).
#include "views/pulse.hpp"

#include <algorithm>
#include <cmath>
#include <string>
#include <utility>

#include <imgui_internal.h>  // the current table's row and columns

#include "views/theme.hpp"

namespace zs::gui {
namespace {

using What = lab::Highlight::What;

ImU32 with_alpha(ImU32 col, float a) {
  const auto alpha = static_cast<ImU32>(std::clamp(a, 0.0f, 1.0f) * 255.0f);
  return (col & ~IM_COL32_A_MASK) | (alpha << IM_COL32_A_SHIFT);
}

bool same_zxid(const lab::Highlight& h, Zxid z, Zxid newest) { return h.zxid ? *h.zxid == z : z == newest; }

// A soft fill, a solid core outline and a ring that breathes, clipped to the table's rows (not
// over its frozen header) in a draw command of its own.
// A cell of a column that scrolls (`column` past the frozen ones) is clipped to the right of
// the frozen columns; a row (column -1) spans them all.
void draw_pulse(ImRect r, int column) {
  ImGuiTable* table = ImGui::GetCurrentTable();
  if (table == nullptr) return;
  ImRect clip = table->BgClipRect;
  clip.ClipWithFull(table->InnerClipRect);
  if (column >= table->FreezeColumnsCount && table->FreezeColumnsCount > 0)
    clip.Min.x = std::max(clip.Min.x, ImGui::TableGetCellBgRect(table, table->FreezeColumnsCount - 1).Max.x);
  if (r.Max.x <= clip.Min.x || r.Min.x >= clip.Max.x || r.Max.y <= clip.Min.y || r.Min.y >= clip.Max.y) return;
  const float wave = pulse_wave();
  const float ls = line_scale();
  ImDrawList* dl = ImGui::GetWindowDrawList();
  dl->PushClipRect(clip.Min, clip.Max, false);
  const float rounding = 3.0f * ls;
  dl->AddRectFilled(r.Min, r.Max, with_alpha(kPulseColor, 0.10f + 0.16f * wave), rounding);
  const float in = 1.5f * ls;
  dl->AddRect({r.Min.x + in, r.Min.y + in}, {r.Max.x - in, r.Max.y - in}, kPulseColor, rounding, 0, 2.0f * ls);
  const float ring = 3.3f * ls - 2.0f * ls * wave;  // breathes outwards from inside the core
  dl->AddRect({r.Min.x + ring, r.Min.y + ring}, {r.Max.x - ring, r.Max.y - ring},
              with_alpha(kPulseColor, 0.25f + 0.5f * (1.0f - wave)), rounding, 0, 1.0f * ls);
  dl->PopClipRect();
}

ImRect row_rect(float row_h) {
  ImGuiTable* table = ImGui::GetCurrentTable();
  const float y1 = table->RowPosY1;
  const ImRect first = ImGui::TableGetCellBgRect(table, 0);
  const ImRect last = ImGui::TableGetCellBgRect(table, table->ColumnsCount - 1);
  return ImRect(first.Min.x, y1, last.Max.x, y1 + row_h);
}

}  // namespace

Pulse::Pulse(const ClusterView& model) {
  if (model.lab && model.lab->pulsing()) targets_ = &model.lab->pulse;
}

bool Pulse::votes_any() const {
  return targets_ && std::any_of(targets_->begin(), targets_->end(), [](const auto& h) { return h.what == What::Votes; });
}
bool Pulse::votes_row(Sid receiver) const {
  return targets_ && std::any_of(targets_->begin(), targets_->end(), [&](const auto& h) {
           return h.what == What::Votes && h.sid == receiver && h.from == 0;
         });
}
bool Pulse::votes_cell(Sid receiver, Sid sender) const {
  return targets_ && std::any_of(targets_->begin(), targets_->end(), [&](const auto& h) {
           return h.what == What::Votes && h.sid == receiver && h.from == sender;
         });
}
bool Pulse::votes_row_touched(Sid receiver) const {
  return targets_ && std::any_of(targets_->begin(), targets_->end(),
                                 [&](const auto& h) { return h.what == What::Votes && h.sid == receiver; });
}
bool Pulse::rules_any() const {
  return targets_ && std::any_of(targets_->begin(), targets_->end(), [](const auto& h) { return h.what == What::Rule; });
}
bool Pulse::rule_row(Sid sid) const {
  return targets_ && std::any_of(targets_->begin(), targets_->end(),
                                 [&](const auto& h) { return h.what == What::Rule && h.sid == sid; });
}
bool Pulse::zab_any() const {
  return targets_ && std::any_of(targets_->begin(), targets_->end(), [](const auto& h) { return !h.in_votes_tab(); });
}
bool Pulse::zab_row(Zxid z, Zxid newest) const {
  return targets_ && std::any_of(targets_->begin(), targets_->end(), [&](const auto& h) {
           return h.what == What::Zab && same_zxid(h, z, newest);
         });
}
bool Pulse::ack_cell(Zxid z, Sid sid, Zxid newest) const {
  return targets_ && std::any_of(targets_->begin(), targets_->end(), [&](const auto& h) {
           return h.what == What::Ack && h.sid == sid && same_zxid(h, z, newest);
         });
}
bool Pulse::commit_cell(Zxid z, Zxid newest) const {
  return targets_ && std::any_of(targets_->begin(), targets_->end(), [&](const auto& h) {
           return h.what == What::Commit && same_zxid(h, z, newest);
         });
}
bool Pulse::zab_row_touched(Zxid z, Zxid newest) const {
  return targets_ && std::any_of(targets_->begin(), targets_->end(), [&](const auto& h) {
           return !h.in_votes_tab() && same_zxid(h, z, newest);
         });
}

void PulseScroll::note(int column) {
  ImGuiTable* table = ImGui::GetCurrentTable();
  if (table == nullptr) return;
  const ImRect cell = ImGui::TableGetCellBgRect(table, column);
  min_x_ = seen_ ? std::min(min_x_, cell.Min.x) : cell.Min.x;
  max_x_ = seen_ ? std::max(max_x_, cell.Max.x) : cell.Max.x;
  seen_ = true;
}

void PulseScroll::apply(const ClusterView& model) {
  const bool seen = std::exchange(seen_, false);
  ImGuiTable* table = ImGui::GetCurrentTable();
  if (!seen || table == nullptr || !model.lab) return;
  const std::string key = model.lab->lab_id + "/" + std::to_string(model.lab->step);
  if (key == done_for_) return;
  // A table's first frame has no column widths yet: wait until the cells were seen twice.
  settled_ = key == pending_ ? settled_ + 1 : 1;
  pending_ = key;
  if (settled_ < 3) return;
  done_for_ = key;
  // The part of the table that scrolls: right of its frozen columns (frozen once it scrolls).
  const ImGuiWindow* w = ImGui::GetCurrentWindow();
  float left = table->InnerClipRect.Min.x;
  if (table->FreezeColumnsRequest > 0) left = ImGui::TableGetCellBgRect(table, table->FreezeColumnsRequest - 1).Max.x;
  const float right = table->InnerClipRect.Max.x;
  if (min_x_ >= left && max_x_ <= right) return;
  // The rightmost pulsed cell at the right edge, unless that hides the leftmost one.
  const float by_right = max_x_ - right;
  const float by_left = min_x_ - left;
  const float delta = max_x_ - min_x_ <= right - left ? by_right : by_left;
  ImGui::SetScrollX(std::max(0.0f, w->Scroll.x + delta));
}

float pulse_wave() {
  constexpr double kBeatS = 1.1;
  const double t = std::fmod(ImGui::GetTime(), kBeatS) / kBeatS;
  return static_cast<float>(0.5 - 0.5 * std::cos(t * 2 * 3.14159265358979));
}

void pulse_cell(int column, float row_h) {
  ImGuiTable* table = ImGui::GetCurrentTable();
  if (table == nullptr) return;
  const ImRect cell = ImGui::TableGetCellBgRect(table, column);
  draw_pulse(ImRect(cell.Min.x, table->RowPosY1, cell.Max.x, table->RowPosY1 + row_h), column);
}

void pulse_row(float row_h) {
  if (ImGui::GetCurrentTable() == nullptr) return;
  draw_pulse(row_rect(row_h), -1);
}

namespace {
// The room the mark takes at the left of a tab's label: a dot and a gap.
float mark_width() { return ImGui::GetFontSize() * 0.9f; }
}  // namespace

std::string pulse_tab_label(const std::string& title) {
  const float space = std::max(1.0f, ImGui::CalcTextSize(" ").x);
  const int n = static_cast<int>(std::ceil(mark_width() / space));
  return std::string(static_cast<std::size_t>(n), ' ') + title;
}

void pulse_tab_mark() {
  const ImVec2 min = ImGui::GetItemRectMin();
  const ImVec2 max = ImGui::GetItemRectMax();
  const float r = ImGui::GetFontSize() * 0.28f;
  const ImVec2 c(min.x + ImGui::GetStyle().FramePadding.x + r, (min.y + max.y) / 2);
  const float wave = pulse_wave();
  ImDrawList* dl = ImGui::GetWindowDrawList();
  dl->PushClipRect(min, max, true);
  dl->AddCircleFilled(c, r * (1.15f + 0.45f * wave), with_alpha(kPulseColor, 0.45f * (1.0f - wave)), 20);
  dl->AddCircleFilled(c, r, kPulseColor, 20);
  dl->PopClipRect();
}

}  // namespace zs::gui

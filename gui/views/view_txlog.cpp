// Each server's transaction log as RaftScope draws it: one row per server, its txns as boxes
// left to right by zxid, coloured by epoch, outlined or filled by how far each got (proposed,
// logged, committed, applied); the snapshot the log starts after as a block, and the txns a
// TRUNC cut off struck out at the row's end. Comparing the rows' right ends shows why the
// highest zxid wins an election, and what becomes of a deposed leader's uncommitted proposal.
#include <algorithm>
#include <cmath>
#include <iterator>
#include <string>

#include <fmt/format.h>

#include "i18n.hpp"
#include "views/theme.hpp"
#include "views/view.hpp"
#include "views/widgets.hpp"

namespace zs::gui {
namespace {

// Epoch colours, epoch % size: neighbouring epochs differ in hue.
constexpr ImU32 kEpochColors[] = {
    IM_COL32(95, 160, 235, 255),   // blue
    IM_COL32(235, 150, 60, 255),   // orange
    IM_COL32(120, 200, 110, 255),  // green
    IM_COL32(200, 120, 220, 255),  // violet
    IM_COL32(225, 200, 80, 255),   // yellow
    IM_COL32(90, 200, 195, 255),   // teal
};
ImU32 epoch_color(std::int64_t epoch) {
  const auto n = static_cast<std::int64_t>(std::size(kEpochColors));
  return kEpochColors[static_cast<std::size_t>(((epoch % n) + n) % n)];
}
ImU32 with_alpha(ImU32 col, int alpha) { return (col & ~IM_COL32_A_MASK) | (static_cast<ImU32>(alpha) << IM_COL32_A_SHIFT); }
// A wrapped tooltip now (its characters reach need_glyphs() through text_wrapped).
void tooltip(const std::string& text) {
  ImGui::BeginTooltip();
  ImGui::PushTextWrapPos(ImGui::GetFontSize() * 28);
  text_wrapped(text);
  ImGui::PopTextWrapPos();
  ImGui::EndTooltip();
}

constexpr ImU32 kCutColor = IM_COL32(240, 90, 80, 255);

const char* sync_name(SyncMode m) {
  switch (m) {
    case SyncMode::Diff: return "DIFF";
    case SyncMode::Trunc: return "TRUNC";
    case SyncMode::Snap: return "SNAP";
    case SyncMode::None: break;
  }
  return "-";
}

void dashed_rect(ImDrawList* dl, ImVec2 a, ImVec2 b, ImU32 col, float dash) {
  auto line = [&](ImVec2 p, ImVec2 q) {
    const float len = std::max(std::abs(q.x - p.x), std::abs(q.y - p.y));
    for (float t = 0; t < len; t += 2 * dash) {
      const float e = std::min(t + dash, len);
      dl->AddLine({p.x + (q.x - p.x) * t / len, p.y + (q.y - p.y) * t / len},
                  {p.x + (q.x - p.x) * e / len, p.y + (q.y - p.y) * e / len}, col, 1.5f);
    }
  };
  line(a, {b.x, a.y});
  line({b.x, a.y}, b);
  line(b, {a.x, b.y});
  line({a.x, b.y}, a);
}

// `col` with its alpha times `fade`.
ImU32 faded(ImU32 col, float fade) {
  const auto a = static_cast<float>((col >> IM_COL32_A_SHIFT) & 0xff);
  return with_alpha(col, static_cast<int>(a * fade));
}
// One box: fill by how far the txn got, outline by whether it is logged; `fade` < 1 draws it
// faint (old log entries a SNAP held in memory supersedes).
void draw_box(ImDrawList* dl, ImVec2 a, ImVec2 b, const TxBox& box, bool cut, float fade = 1.0f) {
  const ImU32 col = faded(epoch_color(box.zxid.epoch()), fade);
  if (cut) {
    dl->AddRect(a, b, faded(with_alpha(col, 150), fade), 2.0f, 0, 1.5f);
    dl->AddLine(a, b, faded(kCutColor, fade), 2.0f);
    dl->AddLine({a.x, b.y}, {b.x, a.y}, faded(kCutColor, fade), 2.0f);
    return;
  }
  if (box.applied)
    dl->AddRectFilled(a, b, col, 2.0f);
  else if (box.committed)
    dl->AddRectFilled(a, b, faded(with_alpha(col, 120), fade), 2.0f);
  else if (box.logged)
    dl->AddRectFilled(a, b, faded(with_alpha(col, 40), fade), 2.0f);
  if (box.proposed)
    dashed_rect(dl, a, b, col, 3.0f);
  else
    dl->AddRect(a, b, col, 2.0f, 0, box.logged ? 1.5f : 1.0f);
  if (box.applied && !box.committed) {  // applied without a COMMIT: a red corner
    const float s = (b.y - a.y) * 0.4f;
    dl->AddTriangleFilled({b.x - s, a.y}, {b.x, a.y}, {b.x, a.y + s}, faded(kCutColor, fade));
  }
}

std::string box_tooltip(const TxlogRow& row, const TxBox& box, bool cut, bool leader) {
  std::string t = fill(tr("view.txlog.box_tip"), hex(box.zxid), box.zxid.epoch(), fmt::format("{:x}", box.zxid.counter()));
  t += "\n";
  t += box.what.empty() ? tr("view.txlog.unknown_txn") : box.what;
  t += "\n";
  if (cut) {
    t += fill(tr("view.txlog.state.truncated"), row.sid);
    return t;
  }
  if (box.proposed) {
    t += tr(leader ? "view.txlog.state.proposed_leader" : "view.txlog.state.proposed");
    t += "\n";
  }
  t += tr(box.logged ? "view.txlog.state.logged" : "view.txlog.state.not_logged");
  t += "\n";
  t += tr(box.committed ? "view.txlog.state.committed" : "view.txlog.state.not_committed");
  t += "\n";
  t += tr(box.applied ? "view.txlog.state.applied" : "view.txlog.state.not_applied");
  if (box.applied && !box.committed) {
    t += "\n";
    t += tr("view.txlog.state.unsafe");
  }
  return t;
}

class TxlogView final : public View {
 public:
  std::string title() const override { return tr_id("view.txlog.title", "txlog"); }
  Slot slot() const override { return Slot::Side; }
  ImGuiWindowFlags extra_flags() const override { return ImGuiWindowFlags_HorizontalScrollbar; }

  void draw_content(const ClusterView& model, UiBus&) override {
    if (model.peers.empty()) {
      ImGui::TextDisabled("%s", tr("view.txlog.empty"));
      return;
    }
    if (!model.observes.server_trees || model.txlog.rows.size() != model.peers.size()) {
      text_wrapped(tr("view.txlog.not_observable"));
      return;
    }
    text_wrapped(fill(tr("view.txlog.intro"), kTxlogBoxes));
    help_tooltip(tr("view.txlog.intro_help"));
    draw_legend();
    ImGui::Separator();
    const float box_w = ImGui::CalcTextSize("fff").x + 8.0f;
    const float box_h = ImGui::GetFrameHeight();
    const float gap = 3.0f;
    float label_w = 0;
    for (const PeerSnapshot& p : model.peers)
      label_w = std::max(label_w, ImGui::CalcTextSize(fmt::format("server.{}", p.sid).c_str()).x);
    label_w += ImGui::GetStyle().ItemSpacing.x;
    for (std::size_t r = 0; r < model.peers.size(); ++r) {
      const PeerSnapshot& p = model.peers[r];
      const TxlogRow& row = model.txlog.rows[r];
      ImGui::PushID(static_cast<int>(r));
      ImGui::AlignTextToFramePadding();
      ImGui::PushStyleColor(ImGuiCol_Text, status_color(p.status));
      ImGui::TextUnformatted(fmt::format("server.{}", p.sid).c_str());
      ImGui::PopStyleColor();
      if (ImGui::IsItemHovered()) ImGui::SetTooltip("%s", std::string(to_string(p.status)).c_str());
      ImGui::SameLine(label_w);
      if (!row.up) {
        ImGui::TextDisabled("%s", tr("view.txlog.down"));
        draw_sync_note(row);
        ImGui::PopID();
        continue;
      }
      draw_row(row, p.status == PeerStatus::Leading, box_w, box_h, gap);
      draw_sync_note(row);
      ImGui::PopID();
    }
  }

 private:
  static void draw_legend() {
    const float h = ImGui::GetTextLineHeight();
    const float w = h * 1.4f;
    auto sample = [&](const TxBox& b, bool cut, const char* key) {
      const ImVec2 a = ImGui::GetCursorScreenPos();
      ImGui::Dummy({w, h});
      draw_box(ImGui::GetWindowDrawList(), a, {a.x + w, a.y + h}, b, cut);
      ImGui::SameLine(0, 4);
      ImGui::TextDisabled("%s", tr(key));
      ImGui::SameLine();
    };
    TxBox b;
    b.zxid = Zxid::make(1, 1);
    b.proposed = true;
    sample(b, false, "view.txlog.legend.proposed");
    b.proposed = false;
    b.logged = true;
    sample(b, false, "view.txlog.legend.logged");
    b.committed = true;
    sample(b, false, "view.txlog.legend.committed");
    b.applied = true;
    sample(b, false, "view.txlog.legend.applied");
    sample(b, true, "view.txlog.legend.truncated");
    b.committed = false;
    sample(b, false, "view.txlog.legend.unsafe");
    ImGui::NewLine();
    // Colour = epoch: the first few.
    ImGui::TextDisabled("%s", tr("view.txlog.legend.epoch"));
    for (std::int64_t e = 1; e <= 4; ++e) {
      ImGui::SameLine();
      const ImVec2 a = ImGui::GetCursorScreenPos();
      ImGui::Dummy({h, h});
      ImGui::GetWindowDrawList()->AddRectFilled(a, {a.x + h, a.y + h}, epoch_color(e), 2.0f);
      ImGui::SameLine(0, 2);
      ImGui::TextDisabled("%lld", static_cast<long long>(e));
    }
    help_tooltip(tr("view.txlog.legend.epoch_help"));
  }

  // The snapshot block, the boxes, the struck-out txns of the last TRUNC.
  static void draw_row(const TxlogRow& row, bool leader, float box_w, float box_h, float gap) {
    ImDrawList* dl = ImGui::GetWindowDrawList();
    const ImVec2 start = ImGui::GetCursorScreenPos();
    float x = start.x;
    const float y = start.y;
    const bool snap = row.sync.has && row.sync.mode == SyncMode::Snap;
    // A SNAP received but not saved yet (it is, at NEWLEADER): its tree is the leader's up to
    // the SNAP's zxid, its log on disk still the old one, drawn faint behind the block.
    const bool snap_in_memory = snap && row.snapshot_zxid < row.sync.zxid;
    // The snapshot the log starts after (an empty tree at zxid 0 draws nothing).
    std::string block;
    const Zxid block_zxid = snap_in_memory ? row.sync.zxid : row.snapshot_zxid;
    if (block_zxid.raw() != 0)
      block = fill(tr(snap ? "view.txlog.snap_block" : "view.txlog.snapshot_block"), hex(block_zxid));
    if (!block.empty()) {
      const float w = ImGui::CalcTextSize(block.c_str()).x + 10.0f;
      const ImU32 col = epoch_color(block_zxid.epoch());
      dl->AddRectFilled({x, y}, {x + w, y + box_h}, with_alpha(col, snap ? 200 : 90), 2.0f);
      dl->AddRect({x, y}, {x + w, y + box_h}, col, 2.0f, 0, 1.0f);
      dl->AddText({x + 5.0f, y + (box_h - ImGui::GetTextLineHeight()) / 2}, snap ? kTextOnColor : IM_COL32_WHITE, block.c_str());
      if (ImGui::IsMouseHoveringRect({x, y}, {x + w, y + box_h}) && ImGui::IsWindowHovered())
        tooltip(snap_in_memory ? fill(tr("view.txlog.snap_pending_tip"), row.sid, hex(row.sync.zxid))
                               : fill(tr("view.txlog.snapshot_tip"), row.sid, hex(row.snapshot_zxid), row.log_size));
      x += w + gap;
    }
    const std::size_t older = row.log_size > kTxlogBoxes ? row.log_size - kTxlogBoxes : 0;
    if (older > 0) {
      const std::string more = fill(tr("view.txlog.older"), older);
      dl->AddText({x, y + (box_h - ImGui::GetTextLineHeight()) / 2}, kDimColor, more.c_str());
      x += ImGui::CalcTextSize(more.c_str()).x + gap * 2;
    }
    auto put = [&](const TxBox& b, bool cut) {
      const bool superseded = snap_in_memory && b.zxid <= row.sync.zxid;
      const ImVec2 a{x, y};
      const ImVec2 c{x + box_w, y + box_h};
      draw_box(dl, a, c, b, cut, superseded ? 0.35f : 1.0f);
      const std::string low = fmt::format("{:x}", b.zxid.counter() & 0xfff);
      const ImVec2 ts = ImGui::CalcTextSize(low.c_str());
      if (ts.x <= box_w - 2) {
        const ImU32 tc = faded(cut ? kDimColor : (b.applied ? kTextOnColor : IM_COL32_WHITE), superseded ? 0.35f : 1.0f);
        dl->AddText({x + (box_w - ts.x) / 2, y + (box_h - ts.y) / 2}, tc, low.c_str());
      }
      if (ImGui::IsMouseHoveringRect(a, c) && ImGui::IsWindowHovered())
        tooltip(box_tooltip(row, b, cut, leader));
      x += box_w + gap;
    };
    for (const TxBox& b : row.boxes) put(b, false);
    if (row.sync.has && row.sync.mode == SyncMode::Trunc && !row.truncated.empty()) {
      // The cut: a red bar at the truncation zxid, then what it cut off.
      x += gap;
      dl->AddLine({x - gap, y - 2}, {x - gap, y + box_h + 2}, kCutColor, 2.0f);
      for (const TxBox& b : row.truncated) put(b, true);
    }
    if (row.boxes.empty() && block.empty() && row.truncated.empty()) {
      const char* none = tr("view.txlog.no_txns");
      dl->AddText({x, y + (box_h - ImGui::GetTextLineHeight()) / 2}, kDimColor, none);
      x += ImGui::CalcTextSize(none).x;
    }
    ImGui::Dummy({std::max(1.0f, x - start.x), box_h});
  }

  // What the last DIFF, TRUNC or SNAP did, in words (text the label checks see).
  static void draw_sync_note(const TxlogRow& row) {
    if (!row.sync.has) return;
    ImGui::SameLine();
    std::string note;
    switch (row.sync.mode) {
      case SyncMode::Trunc: note = fill(tr("view.txlog.trunc"), hex(row.sync.zxid), row.truncated.size()); break;
      case SyncMode::Snap: note = fill(tr("view.txlog.snap"), hex(row.sync.zxid)); break;
      case SyncMode::Diff: note = fill(tr("view.txlog.diff"), hex(row.sync.zxid)); break;
      case SyncMode::None: return;
    }
    ImGui::AlignTextToFramePadding();
    if (row.sync.mode == SyncMode::Trunc)
      ImGui::TextColored(ImColor(kCutColor), "%s", note.c_str());
    else
      ImGui::TextDisabled("%s", note.c_str());
    if (ImGui::IsItemHovered())
      help_tooltip(fill(tr("view.txlog.sync_tip"), row.sid, sync_name(row.sync.mode), hex(row.sync.zxid), row.sync.leader,
                        row.sync.at)
                       .c_str());
  }
};

}  // namespace

std::unique_ptr<View> make_txlog_view() { return std::make_unique<TxlogView>(); }

}  // namespace zs::gui

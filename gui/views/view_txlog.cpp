// Each server's transaction log as RaftScope draws it: one row per server, its txns as boxes
// left to right by zxid, coloured by epoch, outlined or filled by how far each got (proposed,
// logged, committed, applied); the snapshot the log starts after as a block, and the txns a
// TRUNC cut off struck out at the row's end. Comparing the rows' right ends shows why the
// highest zxid wins an election, and what becomes of a deposed leader's uncommitted proposal.
#include <algorithm>
#include <cmath>
#include <iterator>
#include <string>
#include <vector>

#include <fmt/format.h>

#include "i18n.hpp"
#include "views/messages.hpp"
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

// One box: fill by how far the txn got, outline by whether it is logged.
void draw_box(ImDrawList* dl, ImVec2 a, ImVec2 b, const TxBox& box, bool cut) {
  const ImU32 col = epoch_color(box.zxid.epoch());
  if (cut) {
    dl->AddRect(a, b, with_alpha(col, 150), 2.0f, 0, 1.5f);
    dl->AddLine(a, b, kErrorColor, 2.0f);
    dl->AddLine({a.x, b.y}, {b.x, a.y}, kErrorColor, 2.0f);
    return;
  }
  if (box.applied)
    dl->AddRectFilled(a, b, col, 2.0f);
  else if (box.committed)
    dl->AddRectFilled(a, b, with_alpha(col, 120), 2.0f);
  else if (box.logged)
    dl->AddRectFilled(a, b, with_alpha(col, 40), 2.0f);
  if (box.proposed)
    dashed_rect(dl, a, b, col, 4.0f);
  else
    dl->AddRect(a, b, col, 2.0f, 0, box.logged ? 1.5f : 1.0f);
  if (box.applied && !box.committed) {  // applied without a COMMIT: a red corner
    const float s = (b.y - a.y) * 0.4f;
    dl->AddTriangleFilled({b.x - s, a.y}, {b.x, a.y}, {b.x, a.y + s}, kErrorColor);
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

  void draw_content(const ClusterView& model, UiBus&) override {
    if (model.peers.empty()) {
      ImGui::TextDisabled("%s", tr("view.txlog.empty"));
      return;
    }
    if (!model.observes.server_trees || model.txlog.rows.size() != model.peers.size()) {
      text_wrapped(tr(model.attached ? "view.txlog.attached_not_observable" : "view.txlog.not_observable"));
      return;
    }
    text_wrapped(fill(tr("view.txlog.intro"), kTxlogBoxes));
    help_tooltip(tr("view.txlog.intro_help"));
    draw_legend();
    draw_rows(model);
  }

 private:
  static void draw_legend() {
    const float h = ImGui::GetTextLineHeight();
    const float w = h * 1.4f;
    bool first = true;
    // Items flow onto the next line when the pane is narrow.
    auto place = [&](float width) {
      if (!first) {
        ImGui::SameLine();
        if (ImGui::GetContentRegionAvail().x < width) ImGui::NewLine();
      }
      first = false;
    };
    auto sample = [&](const TxBox& b, bool cut, const char* key) {
      place(w + 4 + ImGui::CalcTextSize(tr(key)).x);
      const ImVec2 a = ImGui::GetCursorScreenPos();
      ImGui::Dummy({w, h});
      draw_box(ImGui::GetWindowDrawList(), a, {a.x + w, a.y + h}, b, cut);
      ImGui::SameLine(0, 4);
      ImGui::TextDisabled("%s", tr(key));
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
    // Colour = epoch: the first few.
    place(ImGui::CalcTextSize(tr("view.txlog.legend.epoch")).x + 4 * (h + 20));
    ImGui::TextDisabled("%s", tr("view.txlog.legend.epoch"));
    help_tooltip(tr("view.txlog.legend.epoch_help"));
    for (std::int64_t e = 1; e <= 4; ++e) {
      ImGui::SameLine();
      const ImVec2 a = ImGui::GetCursorScreenPos();
      ImGui::Dummy({h, h});
      ImGui::GetWindowDrawList()->AddRectFilled(a, {a.x + h, a.y + h}, epoch_color(e), 2.0f);
      ImGui::SameLine(0, 2);
      ImGui::TextDisabled("%lld", static_cast<long long>(e));
    }
  }

  // The columns: the newest kTxlogBoxes zxids any row holds (or had cut off), so one zxid is
  // one column in every row and the rows' right ends compare at a glance.
  void columns_for(const ClusterView& model) {
    columns_.clear();
    for (const TxlogRow& row : model.txlog.rows) {
      for (const TxBox& b : row.boxes) columns_.push_back(b.zxid);
      for (const TxBox& b : row.truncated) columns_.push_back(b.zxid);
    }
    std::sort(columns_.begin(), columns_.end());
    columns_.erase(std::unique(columns_.begin(), columns_.end()), columns_.end());
    if (columns_.size() > kTxlogBoxes)
      columns_.erase(columns_.begin(), columns_.begin() + static_cast<std::ptrdiff_t>(columns_.size() - kTxlogBoxes));
  }

  void draw_rows(const ClusterView& model) {
    columns_for(model);
    const float box_w = ImGui::CalcTextSize("0000").x + 4.0f;  // three hex digits and a margin
    const float box_h = ImGui::GetFrameHeight();
    const float gap = 3.0f;
    // The start of each row: its snapshot block and "+N older", as wide as the widest.
    float start_w = 0;
    for (std::size_t r = 0; r < model.peers.size(); ++r) start_w = std::max(start_w, start_width(model.txlog.rows[r], gap));
    float grid_w = start_w + static_cast<float>(columns_.size()) * (box_w + gap);
    for (const TxlogRow& row : model.txlog.rows)
      if (!row.up) grid_w = std::max(grid_w, ImGui::CalcTextSize(tr("view.txlog.down")).x + gap);
    const ImGuiTableFlags flags = ImGuiTableFlags_ScrollX | ImGuiTableFlags_ScrollY | ImGuiTableFlags_RowBg |
                                  ImGuiTableFlags_BordersOuter | ImGuiTableFlags_SizingFixedFit;
    // The last sync of each learner goes below the rows, in words.
    int notes = 0;
    for (std::size_t r = 0; r < model.peers.size(); ++r) notes += has_note(model.peers[r], model.txlog.rows[r]);
    const float notes_h = static_cast<float>(notes) * ImGui::GetTextLineHeightWithSpacing() + ImGui::GetStyle().ItemSpacing.y;
    const float rows_h = static_cast<float>(model.peers.size()) * (box_h + 4 + 2 * ImGui::GetStyle().CellPadding.y) +
                         ImGui::GetStyle().ScrollbarSize + 8;
    const float table_h = std::min(rows_h, std::max(box_h * 3, ImGui::GetContentRegionAvail().y - notes_h));
    if (!ImGui::BeginTable("txlog_rows", 2, flags, {0, table_h})) return;
    ImGui::TableSetupScrollFreeze(1, 0);
    ImGui::TableSetupColumn("server");
    ImGui::TableSetupColumn("log", ImGuiTableColumnFlags_WidthFixed, grid_w);
    for (std::size_t r = 0; r < model.peers.size(); ++r) {
      const PeerSnapshot& p = model.peers[r];
      const TxlogRow& row = model.txlog.rows[r];
      ImGui::PushID(static_cast<int>(r));
      ImGui::TableNextRow(ImGuiTableRowFlags_None, box_h + 4);
      ImGui::TableSetColumnIndex(0);
      ImGui::AlignTextToFramePadding();
      ImGui::PushStyleColor(ImGuiCol_Text, status_color(p.status));
      ImGui::TextUnformatted(fmt::format("server.{}", p.sid).c_str());
      ImGui::PopStyleColor();
      if (ImGui::IsItemHovered()) ImGui::SetTooltip("%s", std::string(to_string(p.status)).c_str());
      ImGui::TableSetColumnIndex(1);
      if (row.up) {
        draw_row(row, p.status == PeerStatus::Leading, start_w, box_w, box_h, gap);
      } else {
        ImGui::AlignTextToFramePadding();
        ImGui::TextDisabled("%s", tr("view.txlog.down"));
      }
      ImGui::PopID();
    }
    // Open at the newest txns (the right end) and follow them, until the user scrolls left.
    const float max = ImGui::GetScrollMaxX();
    if (ImGui::GetScrollX() + 1 < last_set_ && max <= last_max_ + 1) follow_ = false;
    if (ImGui::GetScrollX() >= max - 1) follow_ = true;
    if (follow_) {
      ImGui::SetScrollX(max);
      last_set_ = max;
    }
    last_max_ = max;
    ImGui::EndTable();
    for (std::size_t r = 0; r < model.peers.size(); ++r)
      if (has_note(model.peers[r], model.txlog.rows[r])) draw_sync_note(model.txlog.rows[r]);
  }

  // A learner's last sync (a leader's is from before it led: left out).
  static bool has_note(const PeerSnapshot& p, const TxlogRow& row) {
    return row.sync.has && row.sync.mode != SyncMode::None && p.status != PeerStatus::Leading;
  }

  // The snapshot block's text ("" when there is none) and the zxid it stands for.
  static std::string block_text(const TxlogRow& row) {
    const bool snap = row.sync.has && row.sync.mode == SyncMode::Snap;
    const Zxid z = snap && row.snapshot_zxid < row.sync.zxid ? row.sync.zxid : row.snapshot_zxid;
    if (z.raw() == 0) return "";
    return fill(tr(snap ? "view.txlog.snap_block" : "view.txlog.snapshot_block"), hex(z));
  }
  std::size_t older_than_columns(const TxlogRow& row) const {
    const std::size_t shown = columns_.empty() ? 0 : static_cast<std::size_t>(std::count_if(row.boxes.begin(), row.boxes.end(), [&](const TxBox& b) { return b.zxid >= columns_.front(); }));
    return row.log_size > shown ? row.log_size - std::min(row.log_size, shown) : 0;
  }
  float start_width(const TxlogRow& row, float gap) const {
    if (!row.up) return 0;
    float w = 0;
    const std::string block = block_text(row);
    if (!block.empty()) w += ImGui::CalcTextSize(block.c_str()).x + 10.0f + gap;
    if (const std::size_t older = older_than_columns(row); older > 0)
      w += ImGui::CalcTextSize(fill(tr("view.txlog.older"), older).c_str()).x + gap * 2;
    return w;
  }

  // The snapshot block, the boxes in their zxid's column, the struck-out txns of a TRUNC.
  void draw_row(const TxlogRow& row, bool leader, float start_w, float box_w, float box_h, float gap) const {
    ImDrawList* dl = ImGui::GetWindowDrawList();
    const ImVec2 start = ImGui::GetCursorScreenPos();
    float x = start.x;
    const float y = start.y + 2;
    const bool snap = row.sync.has && row.sync.mode == SyncMode::Snap;
    // A SNAP received but not saved yet (it is, at NEWLEADER): its tree is the leader's up to
    // the SNAP's zxid, its log on disk still the old one, drawn faint.
    const bool snap_in_memory = snap && row.snapshot_zxid < row.sync.zxid;
    const float grid_x = start.x + start_w;
    const float col_w = box_w + gap;
    // The row's start ends where its first column is: the first box, else the column after
    // its snapshot.
    const Zxid block_zxid = snap_in_memory ? row.sync.zxid : row.snapshot_zxid;
    // A SNAP held in memory stands where the snapshot will be; the old log it supersedes is
    // not drawn (the block's tooltip says it is still on disk).
    const Zxid first_zxid = row.boxes.empty() || snap_in_memory ? Zxid(block_zxid.raw() + 1) : row.boxes.front().zxid;
    float right = grid_x + static_cast<float>(std::lower_bound(columns_.begin(), columns_.end(), first_zxid) - columns_.begin()) * col_w;
    if (const std::size_t older = snap_in_memory ? 0 : older_than_columns(row); older > 0) {
      const std::string more = fill(tr("view.txlog.older"), older);
      const float w = ImGui::CalcTextSize(more.c_str()).x;
      right -= w + gap * 2;
      dl->AddText({right, y + (box_h - ImGui::GetTextLineHeight()) / 2}, kDimColor, more.c_str());
    }
    const std::string block = block_text(row);
    if (!block.empty()) {
      const float w = ImGui::CalcTextSize(block.c_str()).x + 10.0f;
      x = right - w - gap;
      const ImU32 col = epoch_color(block_zxid.epoch());
      dl->AddRectFilled({x, y}, {x + w, y + box_h}, with_alpha(col, snap ? 200 : 90), 2.0f);
      dl->AddRect({x, y}, {x + w, y + box_h}, col, 2.0f, 0, 1.0f);
      dl->AddText({x + 5.0f, y + (box_h - ImGui::GetTextLineHeight()) / 2}, snap ? kTextOnColor : IM_COL32_WHITE, block.c_str());
      if (ImGui::IsMouseHoveringRect({x, y}, {x + w, y + box_h}) && ImGui::IsWindowHovered())
        tooltip(snap_in_memory ? fill(tr("view.txlog.snap_pending_tip"), row.sid, hex(row.sync.zxid))
                               : fill(tr("view.txlog.snapshot_tip"), row.sid, hex(row.snapshot_zxid), row.log_size));
    }
    x = right;
    auto put = [&](const TxBox& b, bool cut) {
      const auto it = std::lower_bound(columns_.begin(), columns_.end(), b.zxid);
      if (it == columns_.end() || *it != b.zxid) return;  // older than the columns
      const float bx = grid_x + static_cast<float>(it - columns_.begin()) * col_w;
      if (snap_in_memory && b.zxid <= row.sync.zxid) return;
      const ImVec2 a{bx, y};
      const ImVec2 c{bx + box_w, y + box_h};
      if (!ImGui::IsRectVisible({a.x - gap, a.y - 2}, {c.x, c.y + 2})) return;  // scrolled out of view
      draw_box(dl, a, c, b, cut);
      const std::string low = fmt::format("{:x}", b.zxid.counter() & 0xfff);
      const ImVec2 ts = ImGui::CalcTextSize(low.c_str());
      if (ts.x <= box_w - 2) {
        const ImU32 tc = cut ? kDimColor : (b.applied ? kTextOnColor : IM_COL32_WHITE);
        dl->AddText({bx + (box_w - ts.x) / 2, y + (box_h - ts.y) / 2}, tc, low.c_str());
      }
      if (ImGui::IsMouseHoveringRect(a, c) && ImGui::IsWindowHovered()) tooltip(box_tooltip(row, b, cut, leader));
      if (cut && b.zxid == row.truncated.front().zxid)  // the cut: a red bar before the first
        dl->AddLine({bx - gap / 2 - 1, y - 2}, {bx - gap / 2 - 1, y + box_h + 2}, kErrorColor, 2.0f);
    };
    for (const TxBox& b : row.boxes) put(b, false);
    if (row.sync.has && row.sync.mode == SyncMode::Trunc)
      for (const TxBox& b : row.truncated) put(b, true);
    if (row.boxes.empty() && block.empty() && row.truncated.empty())
      dl->AddText({x, y + (box_h - ImGui::GetTextLineHeight()) / 2}, kDimColor, tr("view.txlog.no_txns"));
    ImGui::Dummy({std::max(1.0f, grid_x + static_cast<float>(columns_.size()) * col_w - start.x), box_h + 2});
  }

  // What the last DIFF, TRUNC or SNAP did, in words (text the label checks see).
  static void draw_sync_note(const TxlogRow& row) {
    std::string note = fmt::format("server.{}: ", row.sid);
    switch (row.sync.mode) {
      case SyncMode::Trunc: note += fill(tr("view.txlog.trunc"), hex(row.sync.zxid), row.truncated.size()); break;
      case SyncMode::Snap: note += fill(tr("view.txlog.snap"), hex(row.sync.zxid)); break;
      case SyncMode::Diff: note += fill(tr("view.txlog.diff"), hex(row.sync.zxid)); break;
      case SyncMode::None: return;
    }
    if (row.sync.mode == SyncMode::Trunc)
      ImGui::TextColored(ImColor(kErrorColor), "%s", note.c_str());
    else
      ImGui::TextDisabled("%s", note.c_str());
    if (ImGui::IsItemHovered())
      help_tooltip(fill(tr("view.txlog.sync_tip"), row.sid, sync_name(row.sync.mode), hex(row.sync.zxid), row.sync.leader,
                        row.sync.at)
                       .c_str());
  }

  std::vector<Zxid> columns_;
  bool follow_ = true;
  float last_set_ = 0;
  float last_max_ = 0;
};

}  // namespace

std::unique_ptr<View> make_txlog_view() { return std::make_unique<TxlogView>(); }

}  // namespace zs::gui

// Zab from the leader's side: per learner how it synced after the last election and which
// Zab phase it is in, then the leader's proposals as rows (newest at the bottom) with the
// ACK of every voter, the quorum, whether COMMIT went out and which servers applied it.
#include <algorithm>
#include <bit>
#include <string>

#include <fmt/format.h>

#include "data/txn.hpp"
#include "view/op_name.hpp"
#include "i18n.hpp"
#include "views/messages.hpp"
#include "views/pulse.hpp"
#include "views/theme.hpp"
#include "views/view.hpp"
#include "views/widgets.hpp"

namespace zs::gui {
namespace {

std::uint64_t bit_of(Sid sid) { return sid >= 1 && sid <= 64 ? std::uint64_t{1} << (sid - 1) : 0; }

// The "applied" colour: the COMMIT family's green, faint behind text.
ImU32 applied_bg() { return (family_color(MessageFamily::Commit) & ~IM_COL32_A_MASK) | IM_COL32(0, 0, 0, 80); }

class ZabView final : public View {
 public:
  std::string title() const override { return tr_id("view.zab.title", "zab"); }
  Slot slot() const override { return Slot::Side; }
  bool pointed_at(const ClusterView& model) const override { return model.lab && model.lab->pulses_zab_tab(); }

  void draw_content(const ClusterView& model, UiBus& bus) override {
    if (model.peers.empty()) {
      ImGui::TextDisabled("%s", tr("view.zab.empty"));
      return;
    }
    if (!model.observes.messages) {
      text_wrapped(tr(model.attached ? "view.zab.attached_not_observable" : "view.zab.not_observable"));
      return;
    }
    draw_leader(model);
    draw_servers(model, bus);
    ImGui::Spacing();
    draw_proposals(model);
  }

 private:
  static void draw_leader(const ClusterView& model) {
    const ZabModel& z = model.zab;
    if (z.leader == 0) {
      ImGui::PushStyleColor(ImGuiCol_Text, kErrorColor);
      text_wrapped(tr("view.zab.no_leader"));
      ImGui::PopStyleColor();
      return;
    }
    const int i = model.index_of(z.leader);
    const std::string phase = i >= 0 ? zab_phase_name(model.peers[static_cast<std::size_t>(i)].zab) : "";
    ImGui::PushStyleColor(ImGuiCol_Text, status_color(PeerStatus::Leading));
    text_wrapped(fill(tr("view.zab.leader"), z.leader, z.epoch, phase));
    ImGui::PopStyleColor();
    help_tooltip(tr("view.zab.leader_help"));
    if (!z.leader_has_quorum) {
      ImGui::PushStyleColor(ImGuiCol_Text, kWarnColor);
      text_wrapped(fill(tr("view.zab.no_quorum"), z.leader));
      ImGui::PopStyleColor();
    }
  }

  // One row per server: role, Zab phase, how it synced, how far it applied.
  static void draw_servers(const ClusterView& model, UiBus& bus) {
    const ZabModel& z = model.zab;
    const ImGuiTableFlags flags = ImGuiTableFlags_BordersInner | ImGuiTableFlags_BordersOuter |
                                  ImGuiTableFlags_SizingFixedFit | ImGuiTableFlags_RowBg;
    if (!ImGui::BeginTable("zab_servers", 5, flags)) return;
    ImGui::TableSetupColumn(tr("view.zab.col.server"));
    ImGui::TableSetupColumn(tr("view.zab.col.state"));
    ImGui::TableSetupColumn(tr("view.zab.col.phase"));
    ImGui::TableSetupColumn(tr("view.zab.col.sync"));
    ImGui::TableSetupColumn(tr("view.zab.col.last_zxid"));
    ImGui::TableNextRow(ImGuiTableRowFlags_Headers);
    table_header(0, tr("view.zab.col.server"), tr("view.zab.col.server_help"));
    table_header(1, tr("view.zab.col.state"), tr("view.zab.col.state_help"));
    table_header(2, tr("view.zab.col.phase"), tr("view.zab.col.phase_help"));
    table_header(3, tr("view.zab.col.sync"), tr("view.zab.col.sync_help"));
    table_header(4, tr("view.zab.col.last_zxid"), tr("view.zab.col.last_zxid_help"));
    for (std::size_t r = 0; r < model.peers.size(); ++r) {
      const PeerSnapshot& p = model.peers[r];
      ImGui::TableNextRow();
      ImGui::PushID(static_cast<int>(r));
      ImGui::TableSetColumnIndex(0);
      if (ImGui::Selectable(fmt::format("server.{}", p.sid).c_str(), model.selected_server == p.sid,
                            ImGuiSelectableFlags_SpanAllColumns))
        bus.post(SelectServer{p.sid});
      ImGui::TableSetColumnIndex(1);
      ImGui::PushStyleColor(ImGuiCol_Text, status_color(p.status));
      ImGui::TextUnformatted(std::string(to_string(p.status)).c_str());
      ImGui::PopStyleColor();
      ImGui::TableSetColumnIndex(2);
      if (p.up)
        ImGui::TextUnformatted(zab_phase_name(p.zab));
      else
        ImGui::TextDisabled("-");
      ImGui::TableSetColumnIndex(3);
      const ZabSyncNote* note = r < z.sync.size() && z.sync[r].has ? &z.sync[r] : nullptr;
      if (p.status == PeerStatus::Leading) {
        ImGui::TextDisabled("%s", tr("view.zab.is_leader"));
      } else if (note != nullptr) {
        // The current sync while it is synchronizing, else the last decision about it.
        const SyncMode mode = p.sync != SyncMode::None ? p.sync : note->mode;
        ImGui::Text("%s 0x%s", sync_name(mode), hex(note->zxid).c_str());
        if (ImGui::IsItemHovered())
          help_tooltip(fill(tr("view.zab.sync_tip"), p.sid, sync_name(note->mode), hex(note->zxid), note->leader,
                            note->at)
                           .c_str());
      } else {
        ImGui::TextDisabled("-");
      }
      ImGui::TableSetColumnIndex(4);
      if (p.up) {
        ImGui::Text("0x%s", hex(p.last_processed_zxid).c_str());
        // A learner synced by an empty DIFF stays at 0x0 until the first txn of the epoch.
        if (p.last_processed_zxid.raw() == 0 && p.status != PeerStatus::Leading && ImGui::IsItemHovered())
          help_tooltip(tr("view.common.zxid0_help"));
      } else
        ImGui::TextDisabled("-");
      ImGui::PopID();
    }
    ImGui::EndTable();
  }

  void draw_proposals(const ClusterView& model) {
    const ZabModel& z = model.zab;
    const std::size_t n = model.peers.size();
    const std::size_t rows = z.rows();
    text_wrapped(fill(tr("view.zab.counts"), z.committed_total, z.pending.size(), rows));
    help_tooltip(tr("view.zab.counts_help"));
    // Legend: what the per-server cells say.
    ImGui::PushStyleColor(ImGuiCol_Text, family_color(MessageFamily::Ack));
    ImGui::TextUnformatted("ACK");
    ImGui::PopStyleColor();
    // The legend wraps in a narrow pane rather than run past its edge.
    ImGui::PushTextWrapPos(0.0f);
    ImGui::SameLine();
    ImGui::TextDisabled("%s", tr("view.zab.legend_ack"));
    same_line_or_wrap(ImGui::GetTextLineHeight() + 4 + ImGui::CalcTextSize(tr("view.zab.legend_applied")).x);
    swatch(applied_bg() | IM_COL32_A_MASK);
    ImGui::SameLine(0, 4);
    ImGui::TextDisabled("%s", tr("view.zab.legend_applied"));
    ImGui::PopTextWrapPos();
    if (rows == 0) {
      ImGui::TextDisabled("%s", tr("view.zab.no_proposals"));
      return;
    }

    const int columns = static_cast<int>(n) + 5;
    const ImGuiTableFlags flags = ImGuiTableFlags_ScrollX | ImGuiTableFlags_ScrollY | ImGuiTableFlags_RowBg |
                                  ImGuiTableFlags_BordersInnerV | ImGuiTableFlags_BordersOuter |
                                  ImGuiTableFlags_SizingFixedFit;
    const float min_h = 8 * ImGui::GetFrameHeightWithSpacing();
    const float h = std::max(min_h, ImGui::GetContentRegionAvail().y);
    if (!ImGui::BeginTable("zab_proposals", columns, flags, {0, h})) return;
    ImGui::TableSetupScrollFreeze(1, 1);
    ImGui::TableSetupColumn("zxid");
    ImGui::TableSetupColumn(tr("view.zab.col.txn"));
    ImGui::TableSetupColumn(tr("view.zab.col.quorum"));
    ImGui::TableSetupColumn("COMMIT");
    ImGui::TableSetupColumn(tr("view.zab.col.applied"));
    for (std::size_t c = 0; c < n; ++c) ImGui::TableSetupColumn(fmt::format("{}###s{}", model.peers[c].sid, c).c_str());
    ImGui::TableNextRow(ImGuiTableRowFlags_Headers);
    table_header(0, "zxid", tr("view.zab.col.zxid_help"));
    table_header(1, tr("view.zab.col.txn"), tr("view.zab.col.txn_help"));
    // The summary columns first, so they stay in view with 9 servers; then one per server.
    constexpr int quorum_col = 2;
    constexpr int first_server_col = 5;
    table_header(quorum_col, tr("view.zab.col.quorum"), tr("view.zab.col.quorum_help"));
    table_header(quorum_col + 1, "COMMIT", tr("view.zab.col.commit_help"));
    table_header(quorum_col + 2, tr("view.zab.col.applied"), tr("view.zab.col.applied_help"));
    for (std::size_t c = 0; c < n; ++c) {
      ImGui::PushID(static_cast<int>(c));
      const PeerSnapshot& p = model.peers[c];
      const std::string label = fmt::format("{}{}", p.sid, p.type == LearnerType::Observer ? "*" : "");
      table_header(first_server_col + static_cast<int>(c), label.c_str(),
             p.type == LearnerType::Observer ? tr("view.zab.col.observer_help") : tr("view.zab.col.voter_help"));
      ImGui::PopID();
    }

    const int voters = std::popcount(z.voters);
    const ImU32 ack_col = family_color(MessageFamily::Ack);
    const ImU32 commit_col = family_color(MessageFamily::Commit);
    // A lab step's proposal pulses (`last`: the newest row); the other rows dim, once the
    // proposal it is about is in the table.
    const Pulse pulse(model);
    const Zxid newest = z.row(rows - 1).zxid;
    bool pulse_here = false;
    for (std::size_t i = rows; pulse.zab_any() && i > 0 && !pulse_here; --i)
      pulse_here = pulse.zab_row_touched(z.row(i - 1).zxid, newest);
    const float row_h = ImGui::GetTextLineHeight() + 2 * ImGui::GetStyle().CellPadding.y;
    ImGuiListClipper clipper;
    clipper.Begin(static_cast<int>(rows));
    while (clipper.Step()) {
      for (int row = clipper.DisplayStart; row < clipper.DisplayEnd; ++row) {
        const ZabProposal& pr = z.row(static_cast<std::size_t>(row));
        const bool dim = pulse_here && !pulse.zab_row_touched(pr.zxid, newest);
        ImGui::TableNextRow();
        ImGui::PushStyleVar(ImGuiStyleVar_Alpha, ImGui::GetStyle().Alpha * (dim ? kPulseDim : 1.0f));
        ImGui::TableSetColumnIndex(0);
        if (pulse.zab_row(pr.zxid, newest)) pulse_row(row_h);
        ImGui::Text("0x%s", hex(pr.zxid).c_str());
        ImGui::TableSetColumnIndex(1);
        if (pr.type == kUnknownTxnType) {
          ImGui::TextDisabled("?");
        } else {
          // "create /zk_test"; a session's txns are marked, as they surprise a first look.
          const bool session = pr.type == opcode::kCreateSession || pr.type == opcode::kCloseSession;
          if (session) {
            ImGui::TextColored(ImColor(IM_COL32(150, 200, 255, 255)), "%s", tr("view.zab.session_txn"));
            help_tooltip(tr(pr.type == opcode::kCreateSession ? "view.zab.create_session_help" : "view.zab.close_session_help"));
            ImGui::SameLine();
          }
          ImGui::TextUnformatted(pr.what.empty() ? view::op_name(pr.type) : pr.what.c_str());
          if (!pr.what.empty() && ImGui::IsItemHovered()) ImGui::SetTooltip("%s", pr.what.c_str());
        }
        int applied = 0;
        for (std::size_t c = 0; c < n; ++c) {
          const PeerSnapshot& p = model.peers[c];
          ImGui::TableSetColumnIndex(first_server_col + static_cast<int>(c));
          if (pulse.ack_cell(pr.zxid, p.sid, newest)) {
            pulse_cell(first_server_col + static_cast<int>(c), row_h);
            scroll_.note(first_server_col + static_cast<int>(c));
          }
          const bool has_applied = p.up && p.last_processed_zxid >= pr.zxid;
          applied += has_applied;
          if (has_applied) ImGui::TableSetBgColor(ImGuiTableBgTarget_CellBg, applied_bg());
          if (p.type == LearnerType::Observer) {
            ImGui::TextDisabled("%s", "obs");
          } else if (pr.acks & bit_of(p.sid)) {
            ImGui::PushStyleColor(ImGuiCol_Text, ack_col);
            ImGui::TextUnformatted("ACK");
            ImGui::PopStyleColor();
          } else {
            ImGui::TextDisabled("-");
          }
          if (ImGui::IsItemHovered())
            help_tooltip(fill(tr("view.zab.cell_tip"), p.sid, hex(pr.zxid),
                              (pr.acks & bit_of(p.sid)) ? tr("common.yes") : tr("common.no"),
                              has_applied ? tr("common.yes") : tr("common.no"), hex(p.last_processed_zxid))
                             .c_str());
        }
        const int acks = std::popcount(pr.acks & z.voters);
        ImGui::TableSetColumnIndex(quorum_col);
        const bool reached = pr.quorum;  // the roster decides (observers never count)
        ImGui::PushStyleColor(ImGuiCol_Text, reached ? commit_col : kWarnColor);
        ImGui::TextUnformatted(
            fill(reached ? tr("view.zab.quorum_yes") : tr("view.zab.quorum_no"), acks, voters, z.quorum).c_str());
        ImGui::PopStyleColor();
        ImGui::TableSetColumnIndex(quorum_col + 1);
        if (pulse.commit_cell(pr.zxid, newest)) {
          pulse_cell(quorum_col + 1, row_h);
          scroll_.note(quorum_col + 1);
        }
        if (pr.committed) {
          ImGui::PushStyleColor(ImGuiCol_Text, commit_col);
          ImGui::TextUnformatted(tr("view.zab.sent"));
          ImGui::PopStyleColor();
        } else {
          ImGui::TextDisabled("%s", tr("view.zab.not_sent"));
        }
        ImGui::TableSetColumnIndex(quorum_col + 2);
        ImGui::Text("%d/%zu", applied, n);
        ImGui::PopStyleVar();
      }
    }
    scroll_.apply(model);
    // Follow the newest proposal while the list is at its bottom (ExampleAppLog).
    if (ImGui::GetScrollY() >= ImGui::GetScrollMaxY()) ImGui::SetScrollHereY(1.0f);
    ImGui::EndTable();
  }

  PulseScroll scroll_;
};

}  // namespace

std::unique_ptr<View> make_zab_view() { return std::make_unique<ZabView>(); }

}  // namespace zs::gui

// The election as a matrix: row = the server that received, column = the sender, each cell
// the last notification that receiver got from that sender in its current election, coloured
// by the proposed leader. Next to it the vote each server holds now, the tally per candidate
// and, per server, its last vote change with the rule that caused it.
#include <string>

#include <fmt/format.h>

#include "i18n.hpp"
#include "views/messages.hpp"
#include "views/pulse.hpp"
#include "views/theme.hpp"
#include "views/view.hpp"
#include "views/widgets.hpp"

namespace zs::gui {
namespace {

// One colour per proposed leader, the same in every cell, the tally and the legend.
ImU32 vote_color(Sid leader, int alpha = 255) {
  static constexpr ImU32 kPalette[] = {
      IM_COL32(230, 97, 1, 0),    IM_COL32(31, 160, 200, 0),  IM_COL32(178, 223, 138, 0),
      IM_COL32(240, 80, 160, 0),  IM_COL32(250, 210, 60, 0),  IM_COL32(140, 110, 240, 0),
      IM_COL32(0, 190, 140, 0),   IM_COL32(200, 60, 60, 0),   IM_COL32(150, 150, 230, 0),
      IM_COL32(200, 170, 120, 0)};
  if (leader <= 0) return IM_COL32(120, 120, 120, alpha);  // an observer's "no vote"
  const ImU32 rgb = kPalette[static_cast<std::size_t>(leader - 1) % std::size(kPalette)];
  return rgb | (static_cast<ImU32>(alpha) << IM_COL32_A_SHIFT);
}

// The vote as srvr and the cluster view print it: (leader, 0xzxid); observers vote for nobody.
std::string vote_text(Sid leader, Zxid zxid) {
  if (leader == kMinLong) return "-";
  return fmt::format("({}, 0x{})", leader, hex(zxid));
}

const char* rule_short(VoteRule r) {
  switch (r) {
    case VoteRule::Initial: return tr("view.votes.rule.initial");
    case VoteRule::HigherRound: return tr("view.votes.rule.higher_round");
    case VoteRule::HigherPeerEpoch: return tr("view.votes.rule.higher_epoch");
    case VoteRule::HigherZxid: return tr("view.votes.rule.higher_zxid");
    case VoteRule::HigherSid: return tr("view.votes.rule.higher_sid");
    case VoteRule::Decided: return tr("view.votes.rule.decided");
    case VoteRule::EpochUpdated: return tr("view.votes.rule.epoch_updated");
  }
  return "";
}

// One sentence: the rule of totalOrderPredicate (or the election step) that decided.
const char* rule_sentence(VoteRule r) {
  switch (r) {
    case VoteRule::Initial: return tr("view.votes.rule_help.initial");
    case VoteRule::HigherRound: return tr("view.votes.rule_help.higher_round");
    case VoteRule::HigherPeerEpoch: return tr("view.votes.rule_help.higher_epoch");
    case VoteRule::HigherZxid: return tr("view.votes.rule_help.higher_zxid");
    case VoteRule::HigherSid: return tr("view.votes.rule_help.higher_sid");
    case VoteRule::Decided: return tr("view.votes.rule_help.decided");
    case VoteRule::EpochUpdated: return tr("view.votes.rule_help.epoch_updated");
  }
  return "";
}

class VotesView final : public View {
 public:
  std::string title() const override { return tr_id("view.votes.title", "votes"); }
  Slot slot() const override { return Slot::Side; }
  bool pointed_at(const ClusterView& model) const override { return model.lab && model.lab->pulses_votes_tab(); }

  void draw_content(const ClusterView& model, UiBus& bus) override {
    const std::size_t n = model.peers.size();
    if (n == 0) {
      ImGui::TextDisabled("%s", tr("view.votes.empty"));
      return;
    }
    if (!model.observes.votes) {
      ImGui::TextWrapped("%s", tr("view.votes.not_observable"));
      return;
    }
    draw_status(model);
    draw_tally(model);
    ImGui::Spacing();
    draw_matrix(model, bus);
    ImGui::Spacing();
    draw_changes(model);
    ImGui::Spacing();
    draw_legend(model);
  }

 private:
  static void draw_status(const ClusterView& model) {
    const VotesModel& v = model.votes;
    if (v.election_over) {
      ImGui::PushStyleColor(ImGuiCol_Text, status_color(PeerStatus::Leading));
      ImGui::TextWrapped("%s", fill(tr("view.votes.over"), v.winner, v.winner_epoch).c_str());
      ImGui::PopStyleColor();
      return;
    }
    int looking = 0;
    int up = 0;
    for (const PeerSnapshot& p : model.peers) {
      looking += p.status == PeerStatus::Looking;
      up += p.up;
    }
    if (up == 0) {
      ImGui::TextDisabled("%s", tr("view.votes.all_down"));
      return;
    }
    ImGui::PushStyleColor(ImGuiCol_Text, status_color(PeerStatus::Looking));
    ImGui::TextWrapped("%s", fill(tr("view.votes.running"), looking, model.peers.size()).c_str());
    ImGui::PopStyleColor();
  }

  static void draw_tally(const ClusterView& model) {
    const VotesModel& v = model.votes;
    ImGui::TextUnformatted(tr("view.votes.tally"));
    if (ImGui::IsItemHovered()) help_tooltip(fill(tr("view.votes.tally_help"), v.voters, v.quorum).c_str());
    for (const VoteTally& t : v.tally) {
      ImGui::SameLine();
      swatch(vote_color(t.leader));
      ImGui::SameLine(0, 4);
      const std::string who = t.leader == kMinLong ? std::string("-") : fmt::format("server.{}", t.leader);
      const std::string line = fill(t.quorum ? tr("view.votes.tally_quorum") : tr("view.votes.tally_no_quorum"), who,
                                   t.votes, v.voters, v.quorum);
      if (t.quorum) ImGui::PushStyleColor(ImGuiCol_Text, status_color(PeerStatus::Leading));
      ImGui::TextUnformatted(line.c_str());
      if (t.quorum) ImGui::PopStyleColor();
      if (ImGui::IsItemHovered()) help_tooltip(fill(tr("view.votes.tally_help"), v.voters, v.quorum).c_str());
    }
    if (v.tally.empty()) {
      ImGui::SameLine();
      ImGui::TextDisabled("%s", tr("view.votes.tally_none"));
    }
  }

  // Rows: receivers; frozen columns: the receiver and the vote it holds now; then one column
  // per sender.
  void draw_matrix(const ClusterView& model, UiBus& bus) {
    const std::size_t n = model.peers.size();
    const VotesModel& v = model.votes;
    const ImGuiStyle& style = ImGui::GetStyle();
    const float line = ImGui::GetTextLineHeight();
    const float row_h = 2 * line + style.ItemSpacing.y + 2 * style.CellPadding.y;
    const float header_h = line + 2 * style.CellPadding.y;
    const float height = header_h + static_cast<float>(n) * row_h + style.ScrollbarSize;
    const ImGuiTableFlags flags = ImGuiTableFlags_ScrollX | ImGuiTableFlags_ScrollY | ImGuiTableFlags_BordersInner |
                                  ImGuiTableFlags_BordersOuter | ImGuiTableFlags_SizingFixedFit;
    const int columns = static_cast<int>(n) + 2;
    if (!ImGui::BeginTable("votes_matrix", columns, flags, {0, height})) return;
    ImGui::TableSetupScrollFreeze(2, 1);
    ImGui::TableSetupColumn(tr("view.votes.col.receiver"));
    ImGui::TableSetupColumn(tr("view.votes.col.holds"));
    for (std::size_t c = 0; c < n; ++c) ImGui::TableSetupColumn(fmt::format("{}###from{}", model.peers[c].sid, c).c_str());

    ImGui::TableNextRow(ImGuiTableRowFlags_Headers);
    table_header(0, tr("view.votes.col.receiver"), tr("view.votes.col.receiver_help"));
    table_header(1, tr("view.votes.col.holds"), tr("view.votes.col.holds_help"));
    for (std::size_t c = 0; c < n; ++c) {
      ImGui::PushID(static_cast<int>(c));
      const PeerSnapshot& sender = model.peers[c];
      const std::string label = fill(tr("view.votes.col.from"), sender.sid) + (sender.type == LearnerType::Observer ? "*" : "");
      table_header(static_cast<int>(c) + 2, label.c_str(), tr("view.votes.col.from_help"));
      ImGui::PopID();
    }

    const Pulse pulse(model);
    for (std::size_t r = 0; r < n; ++r) {
      const PeerSnapshot& p = model.peers[r];
      // A row whose election is over (or whose server is down) keeps its cells, greyed; a
      // row the lab step is not about is dimmed.
      const bool grey = p.status != PeerStatus::Looking;
      const bool dim = pulse.votes_any() && !pulse.votes_row_touched(p.sid);
      const int bg_alpha = dim ? 40 : 70;
      ImGui::TableNextRow(ImGuiTableRowFlags_None, row_h - 2 * style.CellPadding.y);
      ImGui::PushID(static_cast<int>(r));
      ImGui::PushStyleVar(ImGuiStyleVar_Alpha, ImGui::GetStyle().Alpha * (dim ? kPulseDim : 1.0f));

      ImGui::TableSetColumnIndex(0);
      if (pulse.votes_row(p.sid)) pulse_row(row_h);
      const char* mark = p.type == LearnerType::Observer ? "*" : "";
      if (ImGui::Selectable(fmt::format("server.{}{}", p.sid, mark).c_str(), model.selected_server == p.sid))
        bus.post(SelectServer{p.sid});
      ImGui::PushStyleColor(ImGuiCol_Text, status_color(p.status));
      ImGui::TextUnformatted(std::string(to_string(p.status)).c_str());
      ImGui::PopStyleColor();

      ImGui::TableSetColumnIndex(1);
      if (p.up) {
        ImGui::TableSetBgColor(ImGuiTableBgTarget_CellBg, vote_color(p.vote.leader, bg_alpha));
        ImGui::BeginGroup();
        ImGui::TextUnformatted(vote_text(p.vote.leader, p.vote.zxid).c_str());
        ImGui::TextDisabled("e=%lld", static_cast<long long>(p.round));
        ImGui::EndGroup();
        if (ImGui::IsItemHovered())
          help_tooltip(fill(tr("view.votes.holds_tip"), p.sid, vote_text(p.vote.leader, p.vote.zxid), p.round,
                         p.vote.peer_epoch, to_string(p.status))
                         .c_str());
      } else {
        ImGui::TextDisabled("-");
      }

      for (std::size_t c = 0; c < n; ++c) {
        ImGui::TableSetColumnIndex(static_cast<int>(c) + 2);
        if (pulse.votes_cell(p.sid, model.peers[c].sid)) {
          pulse_cell(static_cast<int>(c) + 2, row_h);
          scroll_.note(static_cast<int>(c) + 2);
        }
        const VoteCell* cell = v.cell(r, c, n);
        if (cell == nullptr || !cell->has) {
          ImGui::TextDisabled("-");
          continue;
        }
        const Notification& note = cell->note;
        ImGui::TableSetBgColor(ImGuiTableBgTarget_CellBg, vote_color(note.leader, grey ? 25 : bg_alpha));
        if (grey) ImGui::PushStyleVar(ImGuiStyleVar_Alpha, ImGui::GetStyle().Alpha * 0.45f);
        ImGui::BeginGroup();
        ImGui::TextUnformatted(message_label(Message{note}).c_str());
        ImGui::PushStyleColor(ImGuiCol_Text, status_color(peer_status(note.state)));
        ImGui::TextUnformatted(std::string(to_string(note.state)).c_str());
        ImGui::PopStyleColor();
        ImGui::EndGroup();
        if (grey) ImGui::PopStyleVar();  // before the tooltip, which would inherit it
        if (ImGui::IsItemHovered())
          help_tooltip(fill(tr("view.votes.cell_tip"), p.sid, model.peers[c].sid, cell->at, message_label(Message{note}),
                         note.peer_epoch, to_string(note.state))
                         .c_str());
      }
      ImGui::PopStyleVar();
      ImGui::PopID();
    }
    scroll_.apply(model);
    ImGui::EndTable();
  }

  // Per server: its newest vote change and the rule behind it.
  static void draw_changes(const ClusterView& model) {
    const std::size_t n = model.peers.size();
    const VotesModel& v = model.votes;
    ImGui::TextUnformatted(tr("view.votes.changes"));
    help_tooltip(tr("view.votes.changes_help"));
    const ImGuiTableFlags flags = ImGuiTableFlags_BordersInner | ImGuiTableFlags_BordersOuter |
                                  ImGuiTableFlags_SizingFixedFit | ImGuiTableFlags_RowBg;
    if (!ImGui::BeginTable("votes_changes", 5, flags)) return;
    ImGui::TableSetupColumn(tr("view.votes.col.server"));
    ImGui::TableSetupColumn(tr("view.votes.col.when"));
    ImGui::TableSetupColumn(tr("view.votes.col.change"));
    ImGui::TableSetupColumn(tr("view.votes.col.rule"));
    ImGui::TableSetupColumn(tr("view.votes.col.because"));
    ImGui::TableNextRow(ImGuiTableRowFlags_Headers);
    table_header(0, tr("view.votes.col.server"), tr("view.votes.col.server_help"));
    table_header(1, tr("view.votes.col.when"), tr("view.votes.col.when_help"));
    table_header(2, tr("view.votes.col.change"), tr("view.votes.col.change_help"));
    table_header(3, tr("view.votes.col.rule"), tr("view.votes.col.rule_help"));
    table_header(4, tr("view.votes.col.because"), tr("view.votes.col.because_help"));
    const Pulse pulse(model);
    const float row_h = ImGui::GetTextLineHeight() + 2 * ImGui::GetStyle().CellPadding.y;
    for (std::size_t r = 0; r < n; ++r) {
      const PeerSnapshot& p = model.peers[r];
      const bool dim = pulse.rules_any() && !pulse.rule_row(p.sid);
      ImGui::TableNextRow();
      ImGui::PushStyleVar(ImGuiStyleVar_Alpha, ImGui::GetStyle().Alpha * (dim ? kPulseDim : 1.0f));
      ImGui::TableSetColumnIndex(0);
      if (pulse.rule_row(p.sid)) pulse_row(row_h);
      ImGui::Text("server.%lld", static_cast<long long>(p.sid));
      const VoteChangeNote* c = r < v.last_change.size() ? &v.last_change[r] : nullptr;
      if (c == nullptr || !c->has) {
        ImGui::TableSetColumnIndex(1);
        ImGui::TextDisabled("-");
        ImGui::PopStyleVar();
        continue;
      }
      ImGui::TableSetColumnIndex(1);
      ImGui::Text("%lld ms", static_cast<long long>(c->at));
      ImGui::TableSetColumnIndex(2);
      ImGui::TableSetBgColor(ImGuiTableBgTarget_CellBg, vote_color(c->to.leader, 70));
      ImGui::Text("%s -> %s", vote_text(c->from.leader, c->from.zxid).c_str(), vote_text(c->to.leader, c->to.zxid).c_str());
      ImGui::TableSetColumnIndex(3);
      ImGui::TextUnformatted(rule_short(c->rule));
      help_tooltip(rule_sentence(c->rule));
      ImGui::TableSetColumnIndex(4);
      if (c->because_of != 0)
        ImGui::Text("server.%lld", static_cast<long long>(c->because_of));
      else
        ImGui::TextDisabled("-");
      ImGui::PopStyleVar();
    }
    ImGui::EndTable();
  }

  static void draw_legend(const ClusterView& model) {
    ImGui::TextDisabled("%s", tr("view.votes.legend"));
    for (const PeerSnapshot& p : model.peers) {
      if (p.type != LearnerType::Participant) continue;
      ImGui::SameLine();
      swatch(vote_color(p.sid));
      ImGui::SameLine(0, 4);
      ImGui::TextUnformatted(fmt::format("{}", p.sid).c_str());
    }
    ImGui::PushStyleColor(ImGuiCol_Text, ImGui::GetColorU32(ImGuiCol_TextDisabled));
    ImGui::TextWrapped("%s", tr("view.votes.legend_grey"));
    ImGui::PopStyleColor();
  }

  PulseScroll scroll_;
};

}  // namespace

std::unique_ptr<View> make_votes_view() { return std::make_unique<VotesView>(); }

}  // namespace zs::gui

// The election as a matrix: row = the server that received, column = the sender, each cell
// the last notification that receiver got from that sender in its current election, coloured
// by the proposed leader. Next to it the vote each server holds now, the tally per candidate,
// per server its last switch with the comparison that decided it (the tutorials' rules 1-4
// for a (sid, zxid) vote, or the epoch check ZooKeeper makes before them), and every switch
// of the last election in order.
#include <algorithm>
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

// The vote as the tutorials write it, (sid, zxid): the proposed leader's sid and its last
// zxid; observers vote for nobody.
std::string vote_text(Sid leader, Zxid zxid) {
  if (leader == kMinLong) return "-";
  return fmt::format("({}, 0x{})", leader, hex(zxid));
}
std::string vote_text(const Vote& v) { return vote_text(v.leader, v.zxid); }
// ... with the vote's epoch (peerEpoch) beside it, where the epoch decides.
std::string vote_epoch_text(const Vote& v) { return fill(tr("view.votes.vote_epoch"), vote_text(v), v.peer_epoch); }

// The comparison of a received vote with the one it met, as the tutorials number it.
const char* check_name(VoteCheck c) {
  switch (c) {
    case VoteCheck::None: return "";
    case VoteCheck::Equal: return tr("view.votes.check.equal");
    case VoteCheck::EpochHigher: return tr("view.votes.check.epoch_higher");
    case VoteCheck::EpochLower: return tr("view.votes.check.epoch_lower");
    case VoteCheck::Rule1: return tr("view.votes.check.rule1");
    case VoteCheck::Rule2: return tr("view.votes.check.rule2");
    case VoteCheck::Rule3: return tr("view.votes.check.rule3");
    case VoteCheck::Rule4: return tr("view.votes.check.rule4");
  }
  return "";
}

bool epoch_decided(const VoteSwitch& w) {
  return w.check == VoteCheck::EpochHigher || w.check == VoteCheck::EpochLower;
}

// The "why" of a switch, short: the decisive comparison (the epoch check or rule 1-4), a later
// round that brought its own vote back, or a leader a quorum already follows.
std::string why_short(const VoteSwitch& w) {
  std::string what;
  switch (w.rule) {
    case VoteRule::HigherRound: what = tr("view.votes.why.later_round"); break;
    case VoteRule::Decided: what = tr("view.votes.why.established"); break;
    default: what = check_name(w.check); break;
  }
  if (w.rule != VoteRule::HigherRound && w.joined_round()) what = fill(tr("view.votes.why.joined_round"), what, w.to.election_epoch);
  return what;
}

// One or two sentences behind it.
std::string why_sentence(const VoteSwitch& w) {
  std::string out;
  switch (w.rule) {
    case VoteRule::HigherPeerEpoch: out = tr("view.votes.why_help.epoch"); break;
    case VoteRule::HigherZxid: out = tr("view.votes.why_help.rule1"); break;
    case VoteRule::HigherSid: out = tr("view.votes.why_help.rule3"); break;
    case VoteRule::HigherRound:
      out = fill(tr("view.votes.why_help.later_round"), w.to.election_epoch,
                 w.check == VoteCheck::None ? std::string("-") : std::string(check_name(w.check)));
      break;
    case VoteRule::Decided: out = tr("view.votes.why_help.established"); break;
    default: break;
  }
  if (w.rule != VoteRule::HigherRound && w.joined_round())
    out += fill(tr("view.votes.why_help.joined_round"), w.to.election_epoch);
  if (w.has_sender)
    out += fill(tr("view.votes.why_help.sender"), w.because_of, vote_epoch_text(Vote{w.sender.leader, w.sender.zxid, 0, w.sender.peer_epoch}),
                w.sender.election_epoch, to_string(w.sender.state));
  return out;
}

// The row cells of one switch from `first_column` on: why (the decisive comparison), the
// vote change (with the epochs beside the votes where they decided), because of whom. The why
// comes first: in a narrow tab it is what must show.
void switch_cells(const VoteSwitch& w, int first_column) {
  ImGui::TableSetColumnIndex(first_column);
  ImGui::TextUnformatted(why_short(w).c_str());
  if (ImGui::IsItemHovered()) help_tooltip(why_sentence(w).c_str());
  ImGui::TableSetColumnIndex(first_column + 1);
  ImGui::TableSetBgColor(ImGuiTableBgTarget_CellBg, vote_color(w.to.leader, 70));
  if (epoch_decided(w))
    ImGui::Text("%s -> %s", vote_epoch_text(w.from).c_str(), vote_epoch_text(w.to).c_str());
  else
    ImGui::Text("%s -> %s", vote_text(w.from).c_str(), vote_text(w.to).c_str());
  ImGui::TableSetColumnIndex(first_column + 2);
  if (w.because_of != 0)
    ImGui::Text("server.%lld", static_cast<long long>(w.because_of));
  else
    ImGui::TextDisabled("-");
}

// The columns after the first ones: why, vote change, because of.
void setup_switch_columns() {
  ImGui::TableSetupColumn(tr("view.votes.col.rule"));
  ImGui::TableSetupColumn(tr("view.votes.col.change"));
  ImGui::TableSetupColumn(tr("view.votes.col.because"));
}
void switch_headers(int first_column) {
  table_header(first_column, tr("view.votes.col.rule"), tr("view.votes.col.rule_help"));
  table_header(first_column + 1, tr("view.votes.col.change"), tr("view.votes.col.change_help"));
  table_header(first_column + 2, tr("view.votes.col.because"), tr("view.votes.col.because_help"));
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
      text_wrapped(tr(model.attached ? "view.votes.attached_not_observable" : "view.votes.not_observable"));
      return;
    }
    draw_status(model);
    draw_tally(model);
    ImGui::Spacing();
    draw_matrix(model, bus);
    ImGui::Spacing();
    draw_changes(model);
    ImGui::Spacing();
    draw_history(model);
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
    if (looking == 0) {
      // Everyone follows or leads, but no leader is followed by a quorum yet: a leader still
      // bringing its followers in sync, or a cut the servers have not noticed yet
      // (model.stable_leader ignores followers behind cut links).
      // Syncing: a leader, or one of its followers, that does not serve yet.
      Sid syncing = 0;
      for (const PeerSnapshot& q : model.peers) {
        if (!q.up || q.serving) continue;
        if (q.status == PeerStatus::Leading) syncing = q.sid;
        if (q.status == PeerStatus::Following && syncing == 0) syncing = q.leader;
      }
      // One short line (the matrix stays in view); the why is one hover away.
      if (syncing != 0) {
        text_ellipsis(fill(tr("view.votes.syncing"), syncing).c_str());
        if (ImGui::IsItemHovered()) help_tooltip(fill(tr("view.votes.syncing_help"), syncing).c_str());
      } else {
        text_ellipsis(tr("view.votes.unnoticed"), 0, ImColor(kWarnColor));
        if (ImGui::IsItemHovered()) help_tooltip(tr("view.votes.unnoticed_help"));
      }
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
        ImGui::TextDisabled("%s", fill(tr("view.votes.holds_round"), p.round).c_str());
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

  // Per server: its newest switch in its current election and the comparison that decided it
  // (kept after the election ended), or its own vote when it never switched.
  static void draw_changes(const ClusterView& model) {
    const std::size_t n = model.peers.size();
    const VotesModel& v = model.votes;
    ImGui::TextWrapped("%s", tr("view.votes.changes"));
    help_tooltip(tr("view.votes.changes_help"));
    const ImGuiTableFlags flags = ImGuiTableFlags_BordersInner | ImGuiTableFlags_BordersOuter | ImGuiTableFlags_SizingFixedFit |
                                  ImGuiTableFlags_RowBg | ImGuiTableFlags_ScrollX;
    const ImGuiStyle& style = ImGui::GetStyle();
    const float row_h = ImGui::GetTextLineHeight() + 2 * style.CellPadding.y;
    const float height = row_h * static_cast<float>(n + 1) + style.ScrollbarSize + 2;
    if (!ImGui::BeginTable("votes_changes", 5, flags, {0, height})) return;
    ImGui::TableSetupScrollFreeze(1, 0);
    ImGui::TableSetupColumn(tr("view.votes.col.server"));
    setup_switch_columns();
    ImGui::TableSetupColumn(tr("view.votes.col.when"));
    ImGui::TableNextRow(ImGuiTableRowFlags_Headers);
    table_header(0, tr("view.votes.col.server"), tr("view.votes.col.server_help"));
    switch_headers(1);
    table_header(4, tr("view.votes.col.when"), tr("view.votes.col.when_help"));
    const Pulse pulse(model);
    for (std::size_t r = 0; r < n; ++r) {
      const PeerSnapshot& p = model.peers[r];
      const bool dim = pulse.rules_any() && !pulse.rule_row(p.sid);
      ImGui::TableNextRow();
      ImGui::PushStyleVar(ImGuiStyleVar_Alpha, ImGui::GetStyle().Alpha * (dim ? kPulseDim : 1.0f));
      ImGui::TableSetColumnIndex(0);
      if (pulse.rule_row(p.sid)) pulse_row(row_h);
      ImGui::Text("server.%lld", static_cast<long long>(p.sid));
      const VoteWhy* why = r < v.why.size() ? &v.why[r] : nullptr;
      if (why == nullptr || !why->in_election) {
        ImGui::TableSetColumnIndex(1);
        ImGui::TextDisabled("-");
      } else if (why->switches == 0) {
        // Never switched: it holds the vote it started with.
        ImGui::TableSetColumnIndex(1);
        ImGui::TextUnformatted(tr("view.votes.why.own"));
        if (ImGui::IsItemHovered()) help_tooltip(tr("view.votes.why_help.own"));
        ImGui::TableSetColumnIndex(2);
        if (p.up) {
          ImGui::TableSetBgColor(ImGuiTableBgTarget_CellBg, vote_color(p.vote.leader, 70));
          ImGui::TextUnformatted(vote_text(p.vote.leader, p.vote.zxid).c_str());
        } else {
          ImGui::TextDisabled("-");
        }
        ImGui::TableSetColumnIndex(3);
        ImGui::TextDisabled("-");
        ImGui::TableSetColumnIndex(4);
        ImGui::Text("%lld ms", static_cast<long long>(why->started));
      } else {
        switch_cells(why->last, 1);
        ImGui::TableSetColumnIndex(4);
        ImGui::Text("%lld ms", static_cast<long long>(why->last.at));
      }
      ImGui::PopStyleVar();
    }
    ImGui::EndTable();
  }

  // Every switch of the last election, in order, under a header that folds.
  static void draw_history(const ClusterView& model) {
    const VotesModel& v = model.votes;
    const std::string header = fill(tr("view.votes.history"), v.history.size());
    const bool open = ImGui::CollapsingHeader((header + "###votes_history").c_str(), ImGuiTreeNodeFlags_DefaultOpen);
    if (ImGui::IsItemHovered()) help_tooltip(tr("view.votes.history_help"));
    if (!open) return;
    if (v.history_started < 0) {
      ImGui::TextDisabled("%s", tr("view.votes.history_none"));
      return;
    }
    ImGui::TextDisabled("%s", fill(tr("view.votes.history_began"), v.history_started).c_str());
    if (v.history.empty()) {
      ImGui::TextDisabled("%s", tr("view.votes.history_empty"));
      return;
    }
    if (v.history_dropped > 0) ImGui::TextDisabled("%s", fill(tr("view.votes.history_dropped"), v.history_dropped).c_str());
    const ImGuiStyle& style = ImGui::GetStyle();
    const float row_h = ImGui::GetTextLineHeight() + 2 * style.CellPadding.y;
    const std::size_t shown = std::min<std::size_t>(v.history.size(), 12);
    const float height = row_h * static_cast<float>(shown + 1) + style.ScrollbarSize + 2;
    const ImGuiTableFlags flags = ImGuiTableFlags_BordersInner | ImGuiTableFlags_BordersOuter | ImGuiTableFlags_SizingFixedFit |
                                  ImGuiTableFlags_RowBg | ImGuiTableFlags_ScrollY | ImGuiTableFlags_ScrollX;
    if (!ImGui::BeginTable("votes_history", 5, flags, {0, height})) return;
    ImGui::TableSetupScrollFreeze(2, 1);
    ImGui::TableSetupColumn(tr("view.votes.col.when"));
    ImGui::TableSetupColumn(tr("view.votes.col.server"));
    setup_switch_columns();
    ImGui::TableNextRow(ImGuiTableRowFlags_Headers);
    table_header(0, tr("view.votes.col.when"), tr("view.votes.col.history_when_help"));
    table_header(1, tr("view.votes.col.server"), tr("view.votes.col.server_help"));
    switch_headers(2);
    ImGuiListClipper clipper;
    clipper.Begin(static_cast<int>(v.history.size()));
    while (clipper.Step()) {
      for (int i = clipper.DisplayStart; i < clipper.DisplayEnd; ++i) {
        const VoteSwitch& w = v.history[static_cast<std::size_t>(i)];
        ImGui::TableNextRow();
        ImGui::PushID(i);
        ImGui::TableSetColumnIndex(0);
        ImGui::Text("%lld ms", static_cast<long long>(w.at));
        ImGui::TableSetColumnIndex(1);
        ImGui::Text("server.%lld", static_cast<long long>(w.sid));
        switch_cells(w, 2);
        ImGui::PopID();
      }
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
    ImGui::TextWrapped("%s", tr("view.votes.legend_numbers"));
    ImGui::TextWrapped("%s", tr("view.votes.legend_grey"));
    ImGui::PopStyleColor();
  }

  PulseScroll scroll_;
};

}  // namespace

std::unique_ptr<View> make_votes_view() { return std::make_unique<VotesView>(); }

}  // namespace zs::gui

// The Servers tab of an attached real ensemble: one row per server of the connect string with
// what the four-letter words said (status, mode, zxid, epoch, znodes, round trip, latency,
// connections, outstanding requests, watches, sessions, ephemerals, peer state), why a server
// is not serving, then the zoo.cfg line that would allow the refused words, the monitor's own
// session, how the tree is kept current, how far back the history reaches and the refresh
// period. Only shown while attached: a simulation has its servers on the ring already.
#include <string>

#include <fmt/format.h>

#include "i18n.hpp"
#include "views/observed_text.hpp"
#include "views/theme.hpp"
#include "views/view.hpp"
#include "views/widgets.hpp"

namespace zs::gui {
namespace {

// The status word in its colour: serving green, not serving amber, the rest red.
ImU32 status_word_color(const std::string& status) {
  if (status == "serving") return status_color(PeerStatus::Leading);
  if (status == "not-serving" || status == "waiting") return kWarnColor;
  return kErrorColor;
}

std::string count(std::int64_t v) { return v < 0 ? "-" : std::to_string(v); }

class ServersView final : public View {
 public:
  std::string title() const override { return tr_id("view.servers.title", "servers"); }
  Slot slot() const override { return Slot::Side; }
  bool shown(const ClusterView& model) const override { return model.attached.has_value(); }

  void draw_content(const ClusterView& model, UiBus& bus) override {
    if (!model.attached) {
      text_wrapped(tr("view.servers.not_attached"));
      return;
    }
    const view::AttachedModel& a = *model.attached;
    draw_recorded_banner(a);
    recording_line(a);
    table(model, bus);
    ImGui::Spacing();
    // Why a server is not serving, in the words of its answer (or of the failed connect).
    for (std::size_t i = 0; i < a.servers.size(); ++i) {
      const view::AttachedServer& s = a.servers[i];
      if (s.status == "serving" || s.detail.empty()) continue;
      ImGui::PushStyleColor(ImGuiCol_Text, status_word_color(s.status));
      text_wrapped(fmt::format("{}: {}", s.address, s.detail));
      ImGui::PopStyleColor();
    }
    if (!a.whitelist_hint.empty()) {
      ImGui::Separator();
      text_wrapped(tr("view.servers.whitelist"));
      ImGui::PushStyleColor(ImGuiCol_Text, kWarnColor);
      ImGui::TextUnformatted(a.whitelist_hint.c_str());
      ImGui::PopStyleColor();
      ImGui::SameLine();
      if (ImGui::SmallButton(tr("view.servers.copy"))) ImGui::SetClipboardText(a.whitelist_hint.c_str());
      help_tooltip(tr("view.servers.copy_help"));
    }
    ImGui::Separator();
    session_lines(a);
  }

 private:
  static void table(const ClusterView& model, UiBus& bus) {
    const view::AttachedModel& a = *model.attached;
    struct Col {
      const char* key;
      const char* help;
    };
    static constexpr Col kCols[] = {
        {"view.servers.col.address", "view.servers.col.address_help"},
        {"view.servers.col.sid", "view.servers.col.sid_help"},
        {"view.servers.col.status", "view.servers.col.status_help"},
        {"view.servers.col.mode", "view.servers.col.mode_help"},
        {"view.servers.col.zxid", "view.servers.col.zxid_help"},
        {"view.servers.col.epoch", "view.servers.col.epoch_help"},
        {"view.servers.col.znodes", "view.servers.col.znodes_help"},
        {"view.servers.col.rtt", "view.servers.col.rtt_help"},
        {"view.servers.col.latency", "view.servers.col.latency_help"},
        {"view.servers.col.connections", "view.servers.col.connections_help"},
        {"view.servers.col.outstanding", "view.servers.col.outstanding_help"},
        {"view.servers.col.watches", "view.servers.col.watches_help"},
        {"view.servers.col.sessions", "view.servers.col.sessions_help"},
        {"view.servers.col.ephemerals", "view.servers.col.ephemerals_help"},
        {"view.servers.col.peer_state", "view.servers.col.peer_state_help"},
    };
    constexpr int n = static_cast<int>(std::size(kCols));
    const ImGuiTableFlags flags = ImGuiTableFlags_ScrollX | ImGuiTableFlags_RowBg | ImGuiTableFlags_BordersInnerV |
                                  ImGuiTableFlags_BordersOuterH | ImGuiTableFlags_SizingFixedFit;
    const float rows_h = ImGui::GetTextLineHeightWithSpacing() * (static_cast<float>(a.servers.size()) + 1.5f) +
                         ImGui::GetStyle().ScrollbarSize;
    if (!ImGui::BeginTable("servers", n, flags, {0, rows_h})) return;
    ImGui::TableSetupScrollFreeze(1, 1);
    for (const Col& c : kCols) ImGui::TableSetupColumn(tr(c.key));
    ImGui::TableNextRow(ImGuiTableRowFlags_Headers);
    for (int c = 0; c < n; ++c) table_header(c, tr(kCols[c].key), tr(kCols[c].help));
    for (std::size_t i = 0; i < a.servers.size() && i < model.peers.size(); ++i) {
      const view::AttachedServer& s = a.servers[i];
      const PeerSnapshot& p = model.peers[i];
      const bool serving = s.status == "serving";
      ImGui::TableNextRow();
      ImGui::TableNextColumn();
      ImGui::PushID(static_cast<int>(i));
      // A click selects the server: its console and the ring's selection follow.
      if (ImGui::Selectable(s.address.c_str(), model.selected_server == p.sid, ImGuiSelectableFlags_SpanAllColumns))
        bus.post(SelectServer{p.sid});
      ImGui::PopID();
      ImGui::TableNextColumn();
      if (s.sid_known) {
        ImGui::Text("%lld", static_cast<long long>(p.sid));
      } else {
        ImGui::TextDisabled("?");
        help_tooltip(tr("view.servers.sid_unknown"));
      }
      ImGui::TableNextColumn();
      const std::string word_key = "view.servers.status." + s.status;
      ImGui::PushStyleColor(ImGuiCol_Text, status_word_color(s.status));
      ImGui::TextUnformatted(tr(word_key));
      ImGui::PopStyleColor();
      if (!s.detail.empty()) help_tooltip(s.detail.c_str());
      ImGui::TableNextColumn();
      ImGui::TextUnformatted(s.mode.empty() ? "-" : s.mode.c_str());
      ImGui::TableNextColumn();
      if (serving) ImGui::Text("0x%llx", static_cast<unsigned long long>(p.last_processed_zxid.raw()));
      else ImGui::TextDisabled("-");
      ImGui::TableNextColumn();
      if (serving) ImGui::Text("%lld", static_cast<long long>(p.last_processed_zxid.epoch()));
      else ImGui::TextDisabled("-");
      ImGui::TableNextColumn();
      ImGui::TextUnformatted(serving ? std::to_string(p.znodes).c_str() : "-");
      ImGui::TableNextColumn();
      ImGui::TextUnformatted(s.rtt_ms < 0 ? "-" : fmt::format("{} ms", s.rtt_ms).c_str());
      ImGui::TableNextColumn();
      ImGui::TextUnformatted(s.latency_avg_ms < 0 ? "-"
                                                  : fmt::format("{:.1f} / {} ms", s.latency_avg_ms, s.latency_max_ms).c_str());
      ImGui::TableNextColumn();
      ImGui::TextUnformatted(count(s.connections).c_str());
      ImGui::TableNextColumn();
      ImGui::TextUnformatted(count(s.outstanding).c_str());
      ImGui::TableNextColumn();
      ImGui::TextUnformatted(count(s.watches).c_str());
      if (s.watches < 0 && !s.refused.empty()) help_tooltip(tr("view.servers.refused_help"));
      ImGui::TableNextColumn();
      ImGui::TextUnformatted(count(s.sessions).c_str());
      if (s.sessions < 0 && !s.refused.empty()) help_tooltip(tr("view.servers.refused_help"));
      ImGui::TableNextColumn();
      ImGui::TextUnformatted(count(s.ephemerals).c_str());
      ImGui::TableNextColumn();
      ImGui::TextUnformatted(s.peer_state.empty() ? "-" : s.peer_state.c_str());
    }
    ImGui::EndTable();
  }

  // A live attach being written to a file: where, how much, or why it stopped.
  static void recording_line(const view::AttachedModel& a) {
    if (!a.recording_error.empty()) {
      text_wrapped_colored(kErrorColor, fill(tr("recording.failed"), a.recording_error));
    } else if (a.recording_active) {
      text_wrapped_colored(kErrorColor, fill(tr("recording.to"), a.recording_path,
                                            fmt::format("{:.1f}", static_cast<double>(a.recording_bytes) / 1e6)));
      help_tooltip(tr("recording.to_help"));
    }
  }

  static void session_lines(const view::AttachedModel& a) {
    // The session that reads the tree: where, which, in what state, and its last error.
    std::string session = fill(tr("view.servers.session"), a.session_host.empty() ? "-" : a.session_host,
                               fmt::format("0x{:x}", static_cast<std::uint64_t>(a.session_id)),
                               tr(("view.servers.session_state." + a.session_state).c_str()));
    text_wrapped(session);
    if (!a.session_error.empty()) text_wrapped_colored(kWarnColor, fill(tr("view.servers.session_error"), a.session_error));
    // The tree: how many znodes, how long the load took, how it stays current.
    if (a.tree != nullptr && a.tree_loaded) {
      text_wrapped(fill(tr(a.persistent_watch ? "view.servers.tree_persistent" : "view.servers.tree_oneshot"),
                        a.tree->node_count(), a.tree_load_ms));
    } else if (a.tree != nullptr) {
      text_wrapped(fill(tr("view.servers.tree_loading"), a.tree->node_count()));
    } else {
      ImGui::TextDisabled("%s", tr("view.servers.tree_none"));
    }
    text_wrapped(fill(tr(a.history_events == 1 ? "view.servers.history_one" : "view.servers.history"), wall_clock_text(a.history_from_ms > 0 ? a.history_from_ms : a.started_ms),
                      a.history_events));
    text_wrapped(fill(tr(a.polls == 1 ? "view.servers.refresh_one" : "view.servers.refresh"),
                      a.refresh_ms, a.polls));
  }
};

}  // namespace

std::unique_ptr<View> make_servers_view() { return std::make_unique<ServersView>(); }

}  // namespace zs::gui

// The znode tree of one server, next to the leader's: expand nodes like zkCli's ls, see what
// a lagging follower lacks (ghost rows) or holds differently (coloured rows), and read a
// node's data, Stat (as zkCli's stat prints it), ACL and the watches set on it there.
//
// Only the expanded part of the tree is listed (ZnodeRows caches it by the parents' stats),
// the rows are clipped, and differences are computed for the rows on screen only.
#include <algorithm>
#include <cctype>
#include <set>
#include <string>
#include <string_view>

#include <fmt/format.h>
#include <imgui.h>

#include "client/zkcli_format.hpp"
#include "glyphs.hpp"
#include "i18n.hpp"
#include "views/clients_draw.hpp"  // session_hex
#include "views/server_pick.hpp"
#include "views/observed_text.hpp"
#include "views/theme.hpp"
#include "views/tree_rows.hpp"
#include "views/view.hpp"
#include "views/widgets.hpp"

namespace zs::gui {
namespace {

constexpr std::size_t kTextPreviewBytes = 4096;  // text mode shows this much; hex shows all
constexpr int kHexBytesPerLine = 16;

ImU32 diff_color(DiffKind k) {
  switch (k) {
    case DiffKind::MissingHere: return kGhostRowColor;
    case DiffKind::MissingOnLeader: return kExtraRowColor;
    case DiffKind::Changed: return kChangedRowColor;
    case DiffKind::ChildrenDiffer: return kChildrenRowColor;
    case DiffKind::Same: break;
  }
  return 0;
}

const char* diff_label(DiffKind k) {
  switch (k) {
    case DiffKind::MissingHere: return tr("view.tree.diff.missing_here");
    case DiffKind::MissingOnLeader: return tr("view.tree.diff.missing_on_leader");
    case DiffKind::Changed: return tr("view.tree.diff.changed");
    case DiffKind::ChildrenDiffer: return tr("view.tree.diff.children");
    case DiffKind::Same: break;
  }
  return "";
}

// The one-sentence help for a Stat line ("cZxid = 0x2" -> view.tree.stat.cZxid).
void stat_line(const std::string& line) {
  ImGui::TextUnformatted(line.c_str());
  if (!ImGui::IsItemHovered()) return;
  const std::string_view field = std::string_view(line).substr(0, line.find(' '));
  ImGui::SetTooltip("%s", tr(fmt::format("view.tree.stat.{}", field)));
}

bool printable(const std::string& data) {
  return std::all_of(data.begin(), data.end(), [](char c) {
    const auto u = static_cast<unsigned char>(c);
    return u >= 0x20 || c == '\n' || c == '\t' || c == '\r';
  });
}

void heading(const char* text) {
  ImGui::Spacing();
  ImGui::TextColored(ImGui::ColorConvertU32ToFloat4(kDimColor), "%s", text);
  ImGui::Separator();
}

// A small coloured tag after a name: EPH, SEQ, CONTAINER, TTL, DIFF (临时、顺序…… in Chinese).
void badge(const char* text, ImU32 color, const std::string& help) {
  ImGui::SameLine(0, ImGui::GetStyle().ItemInnerSpacing.x);
  ImGui::PushStyleColor(ImGuiCol_Text, color);
  ImGui::TextUnformatted(text);
  ImGui::PopStyleColor();
  if (ImGui::IsItemHovered() && !help.empty()) ImGui::SetTooltip("%s", help.c_str());
}

class TreeView final : public View {
 public:
  std::string title() const override { return tr_id("view.tree.title", "tree"); }
  Slot slot() const override { return Slot::Side; }

  void draw_content(const ClusterView& model, UiBus& bus) override {
    clients_ = &model.clients;
    if (model.peers.empty()) {
      ImGui::TextDisabled("%s", tr("view.tree.no_servers"));
      return;
    }
    if (!model.observes.server_trees) {
      // Attached: the tree as the monitor's one session reads it, no per-server comparison.
      if (model.attached && model.attached->tree != nullptr) {
        draw_attached(model);
        return;
      }
      text_wrapped(tr(model.attached ? "view.tree.attached_none" : "view.tree.not_observable"));
      return;
    }
    const Sid sid = shown_server(model);
    server_combo(model, sid, bus);
    const int index = model.index_of(sid);
    const DataTree* here =
        index >= 0 && static_cast<std::size_t>(index) < model.trees.size() ? model.trees[static_cast<std::size_t>(index)]
                                                                            : nullptr;
    if (here == nullptr) {
      ImGui::TextColored(ImGui::ColorConvertU32ToFloat4(kErrorColor), "%s",
                         fmt::format(fmt::runtime(tr("view.tree.down")), sid).c_str());
      return;
    }
    const DataTree* leader = nullptr;
    Sid leader_sid = 0;
    if (model.stable_leader) {
      leader_sid = *model.stable_leader;
      const int li = model.index_of(leader_sid);
      if (li >= 0 && static_cast<std::size_t>(li) < model.trees.size()) leader = model.trees[static_cast<std::size_t>(li)];
    }
    if (leader == nullptr) {
      ImGui::TextDisabled("%s", tr("view.tree.no_leader"));
    } else if (leader == here) {
      ImGui::TextDisabled("%s", tr("view.tree.is_leader"));
      leader = nullptr;
    } else {
      ImGui::TextDisabled("%s", fmt::format(fmt::runtime(tr("view.tree.compared")), leader_sid).c_str());
      legend();
    }
    ImGui::TextDisabled("%s", fmt::format(fmt::runtime(tr("view.tree.summary")), here->node_count(),
                                          "0x" + hex(here->last_processed_zxid()))
                                  .c_str());

    rows_.update(*here, leader, open_);
    const float tree_h = std::max(ImGui::GetTextLineHeightWithSpacing() * 6, ImGui::GetContentRegionAvail().y * 0.52f);
    draw_rows(*here, leader, tree_h);
    draw_details(model, index, *here, leader, sid);
  }

 private:
  void draw_attached(const ClusterView& model) {
    const view::AttachedModel& a = *model.attached;
    const DataTree& tree = *a.tree;
    draw_recorded_banner(a);
    text_wrapped_colored(ImGui::GetColorU32(ImGuiCol_Text),
                         fill(tr("view.tree.attached_caption"), a.session_host.empty() ? "-" : a.session_host));
    help_tooltip(tr("view.tree.not_observable"));
    ImGui::TextDisabled("%s", fill(tr(a.tree_loaded ? "view.tree.attached_summary" : "view.tree.attached_loading"),
                                   tree.node_count(), "0x" + hex(tree.last_processed_zxid()))
                                  .c_str());
    rows_.update(tree, nullptr, open_);
    const float tree_h = std::max(ImGui::GetTextLineHeightWithSpacing() * 6, ImGui::GetContentRegionAvail().y * 0.52f);
    draw_rows(tree, nullptr, tree_h);
    draw_details(model, -1, tree, nullptr, 0);
  }

  void legend() {
    const DiffKind kinds[] = {DiffKind::MissingHere, DiffKind::MissingOnLeader, DiffKind::Changed,
                              DiffKind::ChildrenDiffer};
    const float right = ImGui::GetWindowPos().x + ImGui::GetWindowContentRegionMax().x;
    for (DiffKind k : kinds) {
      ImGui::SameLine();
      const float w = ImGui::GetTextLineHeight() + 3 + ImGui::CalcTextSize(diff_label(k)).x;
      if (ImGui::GetCursorScreenPos().x + w > right) ImGui::NewLine();
      const ImVec2 p = ImGui::GetCursorScreenPos();
      const float s = ImGui::GetTextLineHeight();
      ImGui::GetWindowDrawList()->AddRectFilled(p, {p.x + s, p.y + s}, diff_color(k));
      ImGui::Dummy({s, s});
      ImGui::SameLine(0, 3);
      ImGui::TextUnformatted(diff_label(k));
    }
  }

  void draw_rows(const DataTree& here, const DataTree* leader, float height) {
    const ImGuiTableFlags flags = ImGuiTableFlags_ScrollY | ImGuiTableFlags_RowBg | ImGuiTableFlags_BordersInnerV |
                                  ImGuiTableFlags_Resizable | ImGuiTableFlags_BordersOuterH;
    if (!ImGui::BeginTable("znodes", 4, flags, {0, height})) return;
    ImGui::TableSetupScrollFreeze(0, 1);
    ImGui::TableSetupColumn(tr("view.tree.col.name"), ImGuiTableColumnFlags_WidthStretch | ImGuiTableColumnFlags_NoHide);
    ImGui::TableSetupColumn(tr("view.tree.col.flags"), ImGuiTableColumnFlags_WidthFixed, ImGui::GetFontSize() * 8);
    ImGui::TableSetupColumn("numChildren", ImGuiTableColumnFlags_WidthFixed, ImGui::GetFontSize() * 5.5f);
    ImGui::TableSetupColumn("mZxid", ImGuiTableColumnFlags_WidthFixed, ImGui::GetFontSize() * 7.5f);
    ImGui::TableHeadersRow();

    const float indent = ImGui::GetStyle().IndentSpacing;
    ImGuiListClipper clipper;
    clipper.Begin(static_cast<int>(rows_.size()));
    while (clipper.Step()) {
      for (int i = clipper.DisplayStart; i < clipper.DisplayEnd; ++i) {
        const ZnodeRows::Row& row = rows_.row(static_cast<std::size_t>(i));
        const std::string path = rows_.path(row);
        const Presence presence = rows_.presence(row);
        const DiffKind diff = presence == Presence::LeaderOnly ? DiffKind::MissingHere : diff_kind(here, leader, path);
        // A ghost row shows the leader's copy: this server has none.
        const DataTree& src = presence == Presence::LeaderOnly && leader != nullptr ? *leader : here;
        const auto node = src.node(path);

        ImGui::TableNextRow();
        if (diff != DiffKind::Same) ImGui::TableSetBgColor(ImGuiTableBgTarget_RowBg1, diff_color(diff));
        ImGui::TableNextColumn();
        ImGui::PushID(path.c_str());
        const float dx = indent * static_cast<float>(row.depth);
        if (dx > 0) ImGui::Indent(dx);
        const bool has_children = node && node->num_children > 0;
        const bool is_open = open_.contains(path);
        ImGuiTreeNodeFlags tf = ImGuiTreeNodeFlags_SpanFullWidth | ImGuiTreeNodeFlags_OpenOnArrow |
                                ImGuiTreeNodeFlags_OpenOnDoubleClick | ImGuiTreeNodeFlags_NoTreePushOnOpen;
        if (!has_children) tf |= ImGuiTreeNodeFlags_Leaf;
        if (path == selected_) tf |= ImGuiTreeNodeFlags_Selected;
        if (presence == Presence::LeaderOnly) ImGui::PushStyleColor(ImGuiCol_Text, kDimColor);
        ImGui::SetNextItemOpen(is_open);
        const std::string_view name = rows_.name(row);
        need_glyphs(name);
        ImGui::TreeNodeEx("##node", tf, "%.*s", static_cast<int>(name.size()), name.data());
        if (presence == Presence::LeaderOnly) ImGui::PopStyleColor();
        if (ImGui::IsItemToggledOpen()) {
          if (is_open) open_.erase(path);
          else open_.insert(path);
        } else if (ImGui::IsItemClicked()) {
          selected_ = path;
        }
        if (ImGui::IsItemHovered() && diff != DiffKind::Same) diff_tooltip(here, leader, path, diff);
        if (dx > 0) ImGui::Unindent(dx);

        ImGui::TableNextColumn();
        badges(row, node ? node->stat : nullptr, diff, here, leader, path);
        ImGui::TableNextColumn();
        if (node) ImGui::Text("%d", node->num_children);
        ImGui::TableNextColumn();
        if (node) ImGui::TextUnformatted(("0x" + hex(node->stat->mzxid)).c_str());
        ImGui::PopID();
      }
    }
    ImGui::EndTable();
  }

  void badges(const ZnodeRows::Row& row, const StatPersisted* stat, DiffKind diff, const DataTree& here,
              const DataTree* leader, const std::string& path) {
    ImGui::Dummy({0, 0});  // badges go SameLine after this
    if (stat != nullptr) {
      switch (ephemeral_type(stat->ephemeral_owner)) {
        case EphemeralType::Normal: {
          // Whose it is: the client holding that session, when the drawing shows one.
          const ClientModel* owner = clients_ ? clients_->by_session(stat->ephemeral_owner) : nullptr;
          const std::string session = session_hex(stat->ephemeral_owner);
          if (owner == nullptr) {
            badge(tr("view.tree.badge.eph"), kEphemeralColor, fill(tr("view.tree.badge.ephemeral"), session));
            break;
          }
          const std::string who = owner->kind == ClientKind::Console ? fill(tr("view.tree.owner.console"), owner->console)
                                                                     : fill(tr("view.tree.owner.client"), owner->index);
          badge(tr("view.tree.badge.eph"), kEphemeralColor, fill(tr("view.tree.badge.ephemeral_of"), session, who));
          // The selected client's ephemerals: the row lit and its session named.
          if (clients_->selected == owner->index) {
            ImGui::TableSetBgColor(ImGuiTableBgTarget_RowBg1, IM_COL32(120, 255, 220, 40));
            badge(session_hex(stat->ephemeral_owner, true).c_str(), kWaitColor,
                  fill(tr("view.tree.owner_selected"), session));
          }
          break;
        }
        case EphemeralType::Container: badge(tr("view.tree.badge.cont"), kBadgeColor, tr("view.tree.badge.container")); break;
        case EphemeralType::Ttl:
          badge(tr("view.tree.badge.ttl_tag"), kBadgeColor,
                fmt::format(fmt::runtime(tr("view.tree.badge.ttl")), ttl_of_owner(stat->ephemeral_owner)));
          break;
        case EphemeralType::Void: break;
      }
    }
    if (looks_sequential(rows_.name(row))) badge(tr("view.tree.badge.seq"), kBadgeColor, tr("view.tree.badge.sequential"));
    if (diff != DiffKind::Same) {
      const char* tag = diff == DiffKind::MissingHere       ? tr("view.tree.badge.ghost")
                        : diff == DiffKind::MissingOnLeader ? tr("view.tree.badge.extra")
                                                            : tr("view.tree.badge.diff");
      const ImU32 color = diff == DiffKind::MissingHere       ? kErrorColor
                          : diff == DiffKind::ChildrenDiffer ? kDimColor
                                                              : kWarnColor;
      badge(tag, color, "");
      if (ImGui::IsItemHovered()) diff_tooltip(here, leader, path, diff);
    }
  }

  void diff_tooltip(const DataTree& here, const DataTree* leader, const std::string& path, DiffKind diff) {
    ImGui::BeginTooltip();
    ImGui::TextUnformatted(diff_label(diff));
    ImGui::Separator();
    switch (diff) {
      case DiffKind::MissingHere: ImGui::TextUnformatted(tr("view.tree.diff.missing_here_help")); break;
      case DiffKind::MissingOnLeader: ImGui::TextUnformatted(tr("view.tree.diff.missing_on_leader_help")); break;
      case DiffKind::Changed:
      case DiffKind::ChildrenDiffer:
        if (leader != nullptr) {
          for (const FieldDiff& f : diff_fields(here, *leader, path)) {
            const std::string line =
                f.field == "data"
                    ? fmt::format(fmt::runtime(tr("view.tree.diff.data")), f.here)
                    : fmt::format(fmt::runtime(tr("view.tree.diff.field")), f.field, f.here, f.leader);
            ImGui::TextUnformatted(line.c_str());
          }
        }
        break;
      case DiffKind::Same: break;
    }
    ImGui::EndTooltip();
  }

  void draw_details(const ClusterView& model, int index, const DataTree& here, const DataTree* leader, Sid sid) {
    ImGui::BeginChild("details", {0, 0}, true);
    const bool ghost = !here.node(selected_) && leader != nullptr && leader->node(selected_);
    const DataTree& src = ghost ? *leader : here;
    const auto stat = src.exists(selected_);
    const auto node = src.node(selected_);
    need_glyphs(selected_);
    if (ImFont* mono = mono_font()) ImGui::PushFont(mono);
    ImGui::TextUnformatted(selected_.c_str());
    if (mono_font() != nullptr) ImGui::PopFont();
    if (!stat || !node) {
      ImGui::TextDisabled("%s", tr("view.tree.gone"));
      ImGui::EndChild();
      return;
    }
    if (ghost) {
      ImGui::TextColored(ImGui::ColorConvertU32ToFloat4(kErrorColor), "%s",
                         fmt::format(fmt::runtime(tr("view.tree.ghost_details")), sid).c_str());
    }
    if (ImGui::BeginTable("details_cols", 2, ImGuiTableFlags_SizingStretchSame | ImGuiTableFlags_BordersInnerV)) {
      ImGui::TableNextColumn();
      if (ImFont* mono = mono_font()) ImGui::PushFont(mono);
      heading("Stat");
      if (ImGui::IsItemHovered()) ImGui::SetTooltip("%s", tr("view.tree.stat_help"));
      const std::string block = client::stat_block(*stat);
      for (std::size_t at = 0; at < block.size();) {
        const std::size_t nl = block.find('\n', at);
        stat_line(block.substr(at, nl - at));  // a copy: ImGui's log reads past a line's end
        at = nl + 1;
      }
      heading("ACL");
      if (ImGui::IsItemHovered()) ImGui::SetTooltip("%s", tr("view.tree.acl_help"));
      ImGui::TextUnformatted(to_cli(*node->acl).c_str());
      if (mono_font() != nullptr) ImGui::PopFont();

      ImGui::TableNextColumn();
      data_section(*node->data, node->null_data);
      if (!model.attached) watches_section(model, index, sid);  // a real server's are not visible
      ImGui::EndTable();
    }
    ImGui::EndChild();
  }

  void data_section(const std::string& data, bool null_data) {
    heading(fmt::format(fmt::runtime(tr("view.tree.data")), data.size()).c_str());
    const bool text_ok = printable(data);
    int mode = hex_ || !text_ok ? 1 : 0;
    ImGui::BeginDisabled(!text_ok);
    if (ImGui::RadioButton(tr("view.tree.as_text"), mode == 0)) hex_ = false;
    ImGui::EndDisabled();
    ImGui::SameLine();
    if (ImGui::RadioButton(tr("view.tree.as_hex"), mode == 1)) hex_ = true;
    if (!text_ok) {
      ImGui::SameLine();
      ImGui::TextDisabled("%s", tr("view.tree.binary"));
    }
    // Translated words in the UI font, the bytes in mono.
    if (data.empty()) {
      ImGui::TextDisabled("%s", tr(null_data ? "view.tree.null_data" : "view.tree.no_data"));
      return;
    }
    std::size_t cut = 0;
    if (ImFont* mono = mono_font()) ImGui::PushFont(mono);
    if (mode == 0) {
      const std::size_t n = std::min(data.size(), kTextPreviewBytes);
      text_wrapped(std::string_view(data).substr(0, n));
      cut = data.size() - n;
    } else {
      hex_dump(data);
    }
    if (mono_font() != nullptr) ImGui::PopFont();
    if (cut > 0) ImGui::TextDisabled("%s", fmt::format(fmt::runtime(tr("view.tree.more_bytes")), cut).c_str());
  }

  // "00000010  68 65 6c 6c 6f 20 77 6f  72 6c 64 0a 00 00 00 00  |hello world.....|", clipped.
  static void hex_dump(const std::string& data) {
    const int lines = static_cast<int>((data.size() + kHexBytesPerLine - 1) / kHexBytesPerLine);
    const float line_h = ImGui::GetTextLineHeightWithSpacing();
    const float h = std::min(static_cast<float>(lines) * line_h + 8, line_h * 12);
    ImGui::BeginChild("hex", {0, h}, false, ImGuiWindowFlags_HorizontalScrollbar);
    ImGuiListClipper clipper;
    clipper.Begin(lines);
    std::string line;
    while (clipper.Step()) {
      for (int l = clipper.DisplayStart; l < clipper.DisplayEnd; ++l) {
        const std::size_t start = static_cast<std::size_t>(l) * kHexBytesPerLine;
        line = fmt::format("{:08x} ", start);
        std::string ascii;
        for (int k = 0; k < kHexBytesPerLine; ++k) {
          const std::size_t at = start + static_cast<std::size_t>(k);
          if (k == kHexBytesPerLine / 2) line += ' ';
          if (at < data.size()) {
            const auto b = static_cast<unsigned char>(data[at]);
            line += fmt::format(" {:02x}", b);
            ascii += b >= 0x20 && b < 0x7f ? static_cast<char>(b) : '.';
          } else {
            line += "   ";
          }
        }
        line += "  |" + ascii + "|";
        ImGui::TextUnformatted(line.c_str());
      }
    }
    ImGui::EndChild();
  }

  void watches_section(const ClusterView& model, int index, Sid sid) {
    heading(fmt::format(fmt::runtime(tr("view.tree.watches")), sid).c_str());
    const WatchManager* wm = index >= 0 && static_cast<std::size_t>(index) < model.watches.size()
                                 ? model.watches[static_cast<std::size_t>(index)]
                                 : nullptr;
    int shown = 0;
    if (wm != nullptr) {
      auto line = [&](WatcherId w, const char* key) {
        const std::string text = fmt::format(fmt::runtime(tr(key)), "0x" + hex(static_cast<std::int64_t>(w)));
        ImGui::BulletText("%s", text.c_str());
        ++shown;
      };
      const WatchTable& data = wm->data_watches();
      const WatchTable& child = wm->child_watches();
      if (const auto it = data.by_path().find(selected_); it != data.by_path().end()) {
        for (const WatcherId w : it->second) {
          switch (data.mode(selected_, w)) {
            case WatcherMode::Standard: line(w, "view.tree.watch.data"); break;
            case WatcherMode::Persistent: line(w, "view.tree.watch.persistent"); break;
            case WatcherMode::PersistentRecursive: line(w, "view.tree.watch.recursive"); break;
          }
        }
      }
      if (const auto it = child.by_path().find(selected_); it != child.by_path().end()) {
        // addWatch registers in both tables: its persistent watches were listed above.
        for (const WatcherId w : it->second)
          if (child.mode(selected_, w) == WatcherMode::Standard) line(w, "view.tree.watch.child");
      }
      // Persistent recursive watches on an ancestor fire for this node too.
      for (std::string up(selected_); up != "/";) {
        const auto slash = up.rfind('/');
        up = slash == 0 ? std::string("/") : up.substr(0, slash);
        const auto it = data.by_path().find(up);
        if (it == data.by_path().end()) continue;
        for (const WatcherId w : it->second) {
          if (data.mode(up, w) != WatcherMode::PersistentRecursive) continue;
          const std::string text = fmt::format(fmt::runtime(tr("view.tree.watch.inherited")),
                                               "0x" + hex(static_cast<std::int64_t>(w)), up);
          need_glyphs(up);
          ImGui::BulletText("%s", text.c_str());
          ++shown;
        }
      }
    }
    if (shown == 0) ImGui::TextDisabled("%s", tr("view.tree.watch.none"));
  }

  std::set<std::string> open_{"/"};
  const view::ClientsModel* clients_ = nullptr;  // this frame's clients (owners of ephemerals)
  std::string selected_ = "/";
  bool hex_ = false;
  ZnodeRows rows_;
};

}  // namespace

std::unique_ptr<View> make_tree_view() { return std::make_unique<TreeView>(); }

}  // namespace zs::gui

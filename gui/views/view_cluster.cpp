// The ensemble as a ring of servers coloured by state, with an arrow from each follower to
// its leader and from each LOOKING server to the server it currently votes for.
// Right-click a server to crash or restart it.
#include <algorithm>
#include <cmath>
#include <numbers>
#include <string>
#include <vector>

#include <fmt/format.h>

#include "i18n.hpp"
#include "views/theme.hpp"
#include "views/view.hpp"

namespace zs::gui {
namespace {

constexpr PeerStatus kLegend[] = {PeerStatus::Down, PeerStatus::Looking, PeerStatus::Following,
                                  PeerStatus::Leading, PeerStatus::Observing};

const char* status_help(PeerStatus s) {
  switch (s) {
    case PeerStatus::Down: return tr("view.cluster.legend.down");
    case PeerStatus::Looking: return tr("view.cluster.legend.looking");
    case PeerStatus::Following: return tr("view.cluster.legend.following");
    case PeerStatus::Leading: return tr("view.cluster.legend.leading");
    case PeerStatus::Observing: return tr("view.cluster.legend.observing");
  }
  return "";
}

void text(std::string_view s) { ImGui::TextUnformatted(s.data(), s.data() + s.size()); }

void draw_legend() {
  const float box = ImGui::GetTextLineHeight() * 0.8f;
  bool first = true;
  for (PeerStatus s : kLegend) {
    if (!first) ImGui::SameLine(0, ImGui::GetFontSize() * 1.2f);
    first = false;
    ImGui::BeginGroup();
    const ImVec2 p = ImGui::GetCursorScreenPos();
    const float pad = (ImGui::GetTextLineHeight() - box) / 2;
    ImGui::GetWindowDrawList()->AddRectFilled({p.x, p.y + pad}, {p.x + box, p.y + pad + box},
                                              status_color(s), 2.0f);
    ImGui::Dummy({box, ImGui::GetTextLineHeight()});
    ImGui::SameLine();
    text(to_string(s));
    ImGui::EndGroup();
    if (ImGui::IsItemHovered()) ImGui::SetTooltip("%s", status_help(s));
  }
}

// What is written under a server's circle; `compact` keeps the name and state only (the
// tooltip has the rest). Protocol words stay untranslated.
std::vector<std::string> label_lines(const PeerSnapshot& p, bool compact) {
  std::vector<std::string> lines;
  lines.push_back(fmt::format("server.{}", p.sid));
  lines.emplace_back(to_string(p.status));
  if (compact) return lines;
  if (p.up) {
    lines.push_back(fmt::format("vote ({}, 0x{})", p.vote.leader, hex(p.vote.zxid)));
    lines.push_back(fmt::format("round {}   epoch {}", p.round, p.current_epoch));
  } else {
    lines.push_back(fmt::format("epoch {}", p.current_epoch));  // persisted, survives a crash
  }
  lines.push_back(fmt::format("zxid 0x{}", hex(p.last_processed_zxid)));
  return lines;
}

struct RingLayout {
  float r = 0;                                   // circle radius
  std::vector<ImVec2> pos;                       // circle centres, one per server
  std::vector<std::vector<std::string>> labels;  // lines under each circle
};

// Servers on a ring starting at the top, clockwise, as large as the canvas allows once the
// circles and their labels fit. When full labels would overlap their neighbours, the labels
// get compact and the circles smaller.
RingLayout layout_ring(const std::vector<PeerSnapshot>& peers, ImVec2 origin, ImVec2 canvas) {
  const float line_h = ImGui::GetTextLineHeight();
  const float margin = line_h;
  const std::size_t n = peers.size();
  std::vector<ImVec2> unit(n);
  float xmin = 0, xmax = 0, ymin = 0, ymax = 0;
  for (std::size_t i = 0; i < n; ++i) {
    const double a = -std::numbers::pi / 2 +
                     2 * std::numbers::pi * static_cast<double>(i) / static_cast<double>(n);
    unit[i] = {static_cast<float>(std::cos(a)), static_cast<float>(std::sin(a))};
    xmin = std::min(xmin, unit[i].x);
    xmax = std::max(xmax, unit[i].x);
    ymin = std::min(ymin, unit[i].y);
    ymax = std::max(ymax, unit[i].y);
  }

  RingLayout out;
  for (const bool compact : {false, true}) {
    out.r = std::clamp(std::min(canvas.x, canvas.y) * 0.06f, 16.0f, 34.0f);
    out.labels.clear();
    float label_w = 0;
    std::size_t lines = 0;
    for (const auto& p : peers) {
      out.labels.push_back(label_lines(p, compact));
      for (const auto& l : out.labels.back()) {
        label_w = std::max(label_w, ImGui::CalcTextSize(l.c_str()).x);
      }
      lines = std::max(lines, out.labels.back().size());
    }
    const float label_h = static_cast<float>(lines) * line_h;
    const float half_w = std::max(label_w / 2, out.r);
    float ring = 0;
    float spacing = FLT_MAX;  // distance between neighbouring centres
    if (n > 1) {
      const float fit_x = (canvas.x - 2 * margin - 2 * half_w) / (xmax - xmin);
      const float fit_y = (canvas.y - 2 * margin - 2 * out.r - 4 - label_h) / (ymax - ymin);
      ring = std::max(0.0f, std::min(fit_x, fit_y));
      spacing = 2 * ring * static_cast<float>(std::sin(std::numbers::pi / static_cast<double>(n)));
    }
    if (!compact && spacing < label_w + line_h) continue;
    out.r = std::max(10.0f, std::min(out.r, spacing * 0.3f));
    const ImVec2 center{origin.x + canvas.x / 2 - ring * (xmax + xmin) / 2,
                        origin.y + margin + out.r - ring * ymin};
    out.pos.resize(n);
    for (std::size_t i = 0; i < n; ++i) {
      out.pos[i] = {center.x + ring * unit[i].x, center.y + ring * unit[i].y};
    }
    break;
  }
  return out;
}

// A line from circle a to circle b (radius r each) with a head at b.
void draw_arrow(ImDrawList* dl, ImVec2 a, ImVec2 b, float r, ImU32 col, float thickness) {
  const float dx = b.x - a.x;
  const float dy = b.y - a.y;
  const float len = std::sqrt(dx * dx + dy * dy);
  if (len < 2 * r + 8) return;
  const ImVec2 u{dx / len, dy / len};
  const ImVec2 from{a.x + u.x * (r + 4), a.y + u.y * (r + 4)};
  const ImVec2 tip{b.x - u.x * (r + 4), b.y - u.y * (r + 4)};
  const float head = 6 + 2 * thickness;
  const ImVec2 base{tip.x - u.x * head, tip.y - u.y * head};
  dl->AddLine(from, base, col, thickness);
  dl->AddTriangleFilled(tip, {base.x - u.y * head * 0.6f, base.y + u.x * head * 0.6f},
                        {base.x + u.y * head * 0.6f, base.y - u.x * head * 0.6f}, col);
}

// Whom a server points at: its leader when it follows one, its vote while LOOKING.
Sid arrow_target(const PeerSnapshot& p) {
  if (!p.up) return 0;
  if (p.status == PeerStatus::Following || p.status == PeerStatus::Observing) return p.leader;
  if (p.status == PeerStatus::Looking && p.vote.leader != p.sid) return p.vote.leader;
  return 0;
}

void server_tooltip(const PeerSnapshot& p) {
  ImGui::BeginTooltip();
  ImGui::Text("server.%lld  %.*s", static_cast<long long>(p.sid),
              static_cast<int>(to_string(p.status).size()), to_string(p.status).data());
  ImGui::Separator();
  ImGui::Text("%s: %s", tr("view.cluster.tip.type"),
              p.type == LearnerType::Observer ? "observer" : "participant");
  ImGui::Text("leader: %lld", static_cast<long long>(p.leader));
  ImGui::Text("vote: (%lld, 0x%s) peerEpoch %lld", static_cast<long long>(p.vote.leader),
              hex(p.vote.zxid).c_str(), static_cast<long long>(p.vote.peer_epoch));
  ImGui::Text("round (logicalclock): %lld", static_cast<long long>(p.round));
  ImGui::Text("acceptedEpoch %lld   currentEpoch %lld", static_cast<long long>(p.accepted_epoch),
              static_cast<long long>(p.current_epoch));
  ImGui::Text("lastProcessedZxid 0x%s", hex(p.last_processed_zxid).c_str());
  ImGui::Text("zab: %.*s   sync: %.*s", static_cast<int>(to_string(p.zab).size()),
              to_string(p.zab).data(), static_cast<int>(to_string(p.sync).size()),
              to_string(p.sync).data());
  ImGui::Text("%s: %s", tr("view.cluster.tip.serving"),
              p.serving ? tr("common.yes") : tr("common.no"));
  ImGui::Separator();
  ImGui::TextDisabled("%s", tr("view.cluster.hint"));
  ImGui::EndTooltip();
}

void server_menu(const PeerSnapshot& p, UiBus& bus) {
  if (!ImGui::BeginPopupContextItem("server_menu")) return;
  ImGui::TextDisabled("server.%lld", static_cast<long long>(p.sid));
  ImGui::Separator();
  if (ImGui::MenuItem(tr("view.cluster.crash"), nullptr, false, p.up)) {
    bus.post(CrashServer{p.sid});
  }
  if (ImGui::MenuItem(tr("view.cluster.restart"), nullptr, false, !p.up)) {
    bus.post(RestartServer{p.sid});
  }
  ImGui::EndPopup();
}

class ClusterDiagram final : public View {
 public:
  std::string title() const override { return tr_id("view.cluster.title", "cluster"); }
  Slot slot() const override { return Slot::Main; }

  void draw_content(const ClusterView& model, UiBus& bus) override {
    draw_legend();
    ImGui::Separator();
    const auto& peers = model.peers;
    if (peers.empty()) {
      ImGui::TextDisabled("%s", tr("view.cluster.empty"));
      return;
    }

    const char* hint = tr("view.cluster.hint");
    const ImVec2 origin = ImGui::GetCursorScreenPos();
    const ImVec2 avail = ImGui::GetContentRegionAvail();
    const float hint_h = ImGui::CalcTextSize(hint, nullptr, false, avail.x).y +
                         ImGui::GetStyle().ItemSpacing.y;
    const ImVec2 canvas{std::max(avail.x, 200.0f), std::max(avail.y - hint_h, 200.0f)};
    const RingLayout ring = layout_ring(peers, origin, canvas);
    const std::vector<ImVec2>& pos = ring.pos;
    const auto& labels = ring.labels;
    const float r = ring.r;
    const float line_h = ImGui::GetTextLineHeight();
    const std::size_t n = peers.size();

    ImDrawList* dl = ImGui::GetWindowDrawList();
    dl->PushClipRect(origin, {origin.x + canvas.x, origin.y + canvas.y}, true);
    for (std::size_t i = 0; i < n; ++i) {
      const Sid target = arrow_target(peers[i]);
      for (std::size_t j = 0; j < n; ++j) {
        if (j != i && peers[j].sid == target) {
          const bool looking = peers[i].status == PeerStatus::Looking;
          const ImU32 col = (status_color(peers[i].status) & ~IM_COL32_A_MASK) |
                            (looking ? IM_COL32(0, 0, 0, 150) : IM_COL32(0, 0, 0, 220));
          draw_arrow(dl, pos[i], pos[j], r, col, looking ? 1.0f : 2.0f);
        }
      }
    }
    ImFont* font = ImGui::GetFont();
    for (std::size_t i = 0; i < n; ++i) {
      const PeerSnapshot& p = peers[i];
      const ImVec2 c = pos[i];
      dl->AddCircleFilled(c, r, status_color(p.status), 40);
      // A white ring: the leader started serving, or the learner got UPTODATE.
      if (p.serving) dl->AddCircle(c, r + 3, IM_COL32(255, 255, 255, 230), 40, 2.0f);
      const std::string id = std::to_string(p.sid);
      const float big = ImGui::GetFontSize() * 1.5f;
      const ImVec2 id_size = font->CalcTextSizeA(big, FLT_MAX, 0, id.c_str());
      dl->AddText(font, big, {c.x - id_size.x / 2, c.y - id_size.y / 2}, kTextOnColor, id.c_str());

      // The label on a backing plate, so arrows passing behind it do not cross the text.
      float plate_w = 0;
      for (const auto& l : labels[i]) plate_w = std::max(plate_w, ImGui::CalcTextSize(l.c_str()).x);
      float y = c.y + r + 4;
      dl->AddRectFilled({c.x - plate_w / 2 - 4, y},
                        {c.x + plate_w / 2 + 4, y + static_cast<float>(labels[i].size()) * line_h},
                        ImGui::GetColorU32(ImGuiCol_WindowBg, 0.85f), 4.0f);
      for (std::size_t k = 0; k < labels[i].size(); ++k) {
        const std::string& l = labels[i][k];
        const float lw = ImGui::CalcTextSize(l.c_str()).x;
        ImU32 col = p.up ? IM_COL32(220, 220, 220, 255) : kDimColor;
        if (k == 0) col = IM_COL32(255, 255, 255, 255);
        if (k == 1) col = status_color(p.status);
        dl->AddText({c.x - lw / 2, y}, col, l.c_str());
        y += line_h;
      }

      ImGui::SetCursorScreenPos({c.x - r, c.y - r});
      ImGui::PushID(static_cast<int>(p.sid));
      ImGui::InvisibleButton("server", {2 * r, 2 * r});
      if (ImGui::IsItemHovered() && !ImGui::IsPopupOpen("server_menu")) server_tooltip(p);
      server_menu(p, bus);
      ImGui::PopID();
    }
    dl->PopClipRect();

    ImGui::SetCursorScreenPos(origin);
    ImGui::Dummy(canvas);
    ImGui::PushTextWrapPos(0.0f);
    ImGui::TextDisabled("%s", hint);
    ImGui::PopTextWrapPos();
  }
};

}  // namespace

std::unique_ptr<View> make_cluster_view() { return std::make_unique<ClusterDiagram>(); }

}  // namespace zs::gui

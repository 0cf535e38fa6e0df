// The ensemble as a ring of servers coloured by state, with an arrow from each follower to
// its leader and from each LOOKING server to the server it currently votes for.
// Right-click a server to crash or restart it.
#include <algorithm>
#include <cmath>
#include <numbers>
#include <string>
#include <vector>

#include <fmt/format.h>
#include <imgui_internal.h>  // ImRect

#include "i18n.hpp"
#include "views/clients_draw.hpp"
#include "views/lab_card.hpp"
#include "views/causality_draw.hpp"
#include "views/messages.hpp"
#include "views/text_sink.hpp"
#include "views/observed_text.hpp"
#include "views/theme.hpp"
#include "views/view.hpp"
#include "views/widgets.hpp"

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
    const std::string_view name = to_string(s);
    // On the row, or on the next when it would run past the pane's edge.
    if (!first) same_line_or_wrap(box + ImGui::GetStyle().ItemSpacing.x + ImGui::CalcTextSize(name.data(), name.data() + name.size()).x, ImGui::GetFontSize() * 1.2f);
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

// The attached server at peers index `i`, or nullptr (a simulation).
const view::AttachedServer* attached_at(const std::optional<view::AttachedModel>& a, std::size_t i) {
  return a && i < a->servers.size() ? &a->servers[i] : nullptr;
}

// What is written under a server's circle; `compact` keeps the name and state only (the
// tooltip has the rest). Protocol words stay untranslated.
// An attached server (`at`) is named by its address, with server.N when `conf` said its id;
// it has no vote to show, and a server that is down says why in its tooltip.
std::vector<std::string> label_lines(const PeerSnapshot& p, bool compact, const view::AttachedServer* at = nullptr) {
  std::vector<std::string> lines;
  if (at != nullptr) {
    lines.push_back(at->sid_known ? fmt::format("{}  server.{}", at->address, p.sid) : at->address);
    lines.emplace_back(to_string(p.status));
    if (compact) return lines;
    if (at->status == "serving") {
      lines.push_back(fmt::format("epoch {}  zxid 0x{}", p.last_processed_zxid.epoch(), hex(p.last_processed_zxid)));
    } else {
      lines.push_back(tr(("view.servers.status." + at->status).c_str()));
    }
    return lines;
  }
  lines.push_back(fmt::format("server.{}", p.sid));
  lines.emplace_back(to_string(p.status));
  if (compact) return lines;
  if (p.up) {
    lines.push_back(fmt::format("vote ({}, 0x{}) round {}", p.vote.leader, hex(p.vote.zxid), p.round));
  }
  // The epoch is persisted and survives a crash; so does the last zxid logged.
  lines.push_back(fmt::format("epoch {}  zxid 0x{}", p.current_epoch, hex(p.last_processed_zxid)));
  return lines;
}

// A server's label, as drawn: its lines (wrapped to fit), which one is the state (drawn in
// the state's colour), and the plate behind them.
struct LabelBlock {
  std::vector<std::string> lines;
  int state_line = -1;
  float font_size = 0;
  ImVec2 size{0, 0};  // the plate, padding included
};

struct RingLayout {
  float r = 0;                     // circle radius
  std::vector<ImVec2> pos;         // circle centres, one per server
  std::vector<LabelBlock> labels;  // each server's label (no lines: none drawn)
  std::vector<ImRect> plates;      // where each label's plate goes
  std::vector<float> halo;         // around each circle: a lab step's halo, or 0
};

// The halo a lab step draws around its servers: wide enough to see from the back of the
// room, never over a neighbour.
float halo_width(float r) { return std::min(14.0f * line_scale(), r * 0.7f); }

// What a crowded ring still shows for a server: its state, its vote (sid, zxid) and its last
// zxid (the round and epoch are in the tooltip and the Votes tab).
std::vector<std::string> essential_lines(const PeerSnapshot& p, const view::AttachedServer* at) {
  std::vector<std::string> lines;
  if (at != nullptr) lines.push_back(at->address);  // what names a real server
  lines.emplace_back(to_string(p.status));
  if (p.up && at == nullptr) lines.push_back(fmt::format("vote ({}, 0x{})", p.vote.leader, hex(p.vote.zxid)));
  lines.push_back(fmt::format("zxid 0x{}", hex(p.last_processed_zxid)));
  return lines;
}

// The label of `p` at a level of detail: 0 = everything, 1 = without the name (the sid is in
// the circle), 2 = state, vote and zxid, 3 = name and state, 4 = nothing. Lines wider than `max_w` break between their
// fields (label_lines puts two spaces between "epoch 1" and "zxid 0x..."), then at spaces; a
// word wider still ends in an ellipsis (the server's tooltip has it all).
LabelBlock label_block(const PeerSnapshot& p, const view::AttachedServer* at, int level, float font_size, float max_w,
                       float pad) {
  LabelBlock b;
  b.font_size = font_size;
  if (level >= 4) return b;
  std::vector<std::string> lines = level == 2 ? essential_lines(p, at) : label_lines(p, level == 3, at);
  int state = 1;  // label_lines: the name, then the state
  if (level == 1 && !lines.empty()) {
    // The circle has the sid; an attached server keeps its address, which it does not.
    if (at != nullptr) {
      lines[0] = at->address;
    } else {
      lines.erase(lines.begin());
      state = 0;
    }
  }
  if (level == 2) state = at != nullptr ? 1 : 0;
  ImFont* font = ImGui::GetFont();
  const float size = font_size;
  // Fields of a line that is too wide go on lines of their own.
  for (std::size_t k = 0; k < lines.size(); ++k) {
    const auto sep = lines[k].find("  ");
    if (sep == std::string::npos || font->CalcTextSizeA(size, FLT_MAX, 0, lines[k].c_str()).x <= max_w) continue;
    std::string rest = lines[k].substr(sep);
    rest.erase(0, rest.find_first_not_of(' '));
    lines[k].resize(sep);
    lines.insert(lines.begin() + static_cast<std::ptrdiff_t>(k) + 1, rest);
    if (static_cast<int>(k) < state) ++state;
  }
  for (std::size_t k = 0; k < lines.size(); ++k) {
    const char* s = lines[k].c_str();
    const char* end = s + lines[k].size();
    while (s < end) {
      const char* wrap = font->CalcWordWrapPositionA(size / font->FontSize, s, end, max_w);
      if (wrap == s) wrap = s + 1;  // never stall
      std::string piece(s, wrap);
      while (!piece.empty() && piece.back() == ' ') piece.pop_back();
      if (font->CalcTextSizeA(size, FLT_MAX, 0, piece.c_str()).x > max_w) {
        const std::string ell = "\xE2\x80\xA6";  // …
        while (piece.size() > 1 && font->CalcTextSizeA(size, FLT_MAX, 0, (piece + ell).c_str()).x > max_w) piece.pop_back();
        piece += ell;
      }
      if (static_cast<int>(k) == state && b.state_line < 0) b.state_line = static_cast<int>(b.lines.size());
      b.lines.push_back(std::move(piece));
      s = wrap;
      while (s < end && *s == ' ') ++s;
    }
  }
  float w = 0;
  for (const auto& l : b.lines) w = std::max(w, font->CalcTextSizeA(size, FLT_MAX, 0, l.c_str()).x);
  b.size = {w + 2 * pad, static_cast<float>(b.lines.size()) * size};
  return b;
}

bool rect_hits_circle(const ImRect& box, ImVec2 c, float r) {
  const float x = std::clamp(c.x, box.Min.x, box.Max.x) - c.x;
  const float y = std::clamp(c.y, box.Min.y, box.Max.y) - c.y;
  return x * x + y * y < r * r;
}

// Places every server's label next to its circle: the side facing away from the ring's
// centre first, then the others around it (with `outward`, none that faces the centre: a label
// inside the ring is hard to tell apart from its neighbour's); a place must lie inside
// `area` and clear of every circle and every label placed before. False when some label
// has no place.
bool place_labels(RingLayout& ring, const std::vector<ImVec2>& unit, const ImRect& area, float gap, bool outward) {
  static constexpr float kD = 0.7071f;
  static const ImVec2 kDirs[] = {{0, 1}, {0, -1}, {1, 0}, {-1, 0}, {kD, kD}, {-kD, kD}, {kD, -kD}, {-kD, -kD}};
  const std::size_t n = ring.pos.size();
  ring.plates.assign(n, ImRect{});
  for (std::size_t i = 0; i < n; ++i) {
    const float reach = ring.r + ring.halo[i] + gap;
    const ImVec2 size = ring.labels[i].size;
    if (ring.labels[i].lines.empty()) continue;
    const ImVec2 c = ring.pos[i];
    int order[8] = {0, 1, 2, 3, 4, 5, 6, 7};
    // Outward first; below wins a tie (a single server, or the sides of a ring).
    auto score = [&](int k) { return kDirs[k].x * unit[i].x + kDirs[k].y * unit[i].y + (k == 0 ? 0.05f : 0.0f); };
    std::stable_sort(std::begin(order), std::end(order), [&](int a, int b) { return score(a) > score(b); });
    bool placed = false;
    for (const int k : order) {
      const ImVec2 d = kDirs[k];
      if (outward && d.x * unit[i].x + d.y * unit[i].y < -0.4f) break;  // the rest face the centre
      const ImVec2 corner{c.x + d.x * reach, c.y + d.y * reach};
      ImVec2 min{d.x > 0.1f ? corner.x : d.x < -0.1f ? corner.x - size.x : c.x - size.x / 2,
                 d.y > 0.1f ? corner.y : d.y < -0.1f ? corner.y - size.y : c.y - size.y / 2};
      const ImRect box(min, {min.x + size.x, min.y + size.y});
      if (!area.Contains(box)) continue;
      bool clear = true;
      for (std::size_t j = 0; j < n && clear; ++j) {
        clear = !rect_hits_circle(box, ring.pos[j], ring.r + ring.halo[j] + gap * 0.5f);
        if (clear && j < i && !ring.labels[j].lines.empty()) clear = !box.Overlaps(ring.plates[j]);
      }
      if (!clear) continue;
      ring.plates[i] = box;
      placed = true;
      break;
    }
    if (!placed) return false;
  }
  return true;
}

// Servers on a ring starting at the top, clockwise, with their labels beside them. The ring
// is as large as the canvas allows once every label has a place (an oval on a wide or tall
// canvas); when none does, the labels lose the name (it is in the circle), then get a size
// or two smaller, then keep only state, vote and zxid, then only the name and state, then go
// (the tooltip has everything).
// Circles, text and gaps grow with the presenter scale.
RingLayout layout_ring(const std::vector<PeerSnapshot>& peers, const std::optional<view::AttachedModel>& attached,
                       const std::vector<Sid>& focus, ImVec2 origin,
                       ImVec2 canvas) {
  const float ls = line_scale();
  const float margin = 4 * ls;
  const float gap = 3 * ls;
  const float pad = 4 * ls;
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
  const ImRect area({origin.x + margin, origin.y + margin}, {origin.x + canvas.x - margin, origin.y + canvas.y - margin});
  // Lines wrap at most this wide: a part of the canvas, or narrower (about 12 characters)
  // when that lets the labels sit outside the ring.
  const float wide_w = std::max(canvas.x * 0.45f, ImGui::GetFontSize() * 8);
  // Label text: the window's size, then a little smaller (never under 15 px).
  const float font = ImGui::GetFontSize();
  const float sizes[] = {font, std::max(std::min(font, 15.0f), std::round(font * 0.85f)),
                         std::max(std::min(font, 15.0f), std::round(font * 0.72f))};
  std::vector<LabelBlock> blocks[5][3][2];
  auto block = [&](int level, int s, int narrow) -> const std::vector<LabelBlock>& {
    auto& b = blocks[level][s][narrow];
    const float max_w = narrow ? std::min(wide_w, sizes[s] * 7.5f) : wide_w;
    if (b.empty())
      for (std::size_t i = 0; i < peers.size(); ++i)
        b.push_back(label_block(peers[i], attached_at(attached, i), level, sizes[s], max_w, pad));
    return b;
  };

  RingLayout out;
  auto attempt = [&](int level, int s, int narrow, float f, bool outward) {
    out.labels = block(level, s, narrow);
    out.r = std::clamp(std::min(canvas.x, canvas.y) * 0.06f, 16.0f * ls, 34.0f * ls);
    ImVec2 ring{0, 0};
    if (n > 1) {
      // Room around each circle for its rings and a lab's halo (14 px at 1x).
      const float around = margin + 14 * ls;
      const float fit_x = (canvas.x - 2 * around - 2 * out.r) / (xmax - xmin);
      const float fit_y = (canvas.y - 2 * around - 2 * out.r) / (ymax - ymin);
      // An oval no flatter than 3:2.
      const float small = std::max(0.0f, std::min(fit_x, fit_y));
      ring = {std::min(std::max(0.0f, fit_x), small * 1.5f) * f, std::min(std::max(0.0f, fit_y), small * 1.5f) * f};
      const float spacing = 2 * std::min(ring.x, ring.y) * static_cast<float>(std::sin(std::numbers::pi / static_cast<double>(n)));
      out.r = std::max(std::min(10.0f * ls, out.r), std::min(out.r, spacing * 0.3f));
    }
    const ImVec2 center{origin.x + canvas.x / 2 - ring.x * (xmax + xmin) / 2,
                        origin.y + canvas.y / 2 - ring.y * (ymax + ymin) / 2};
    out.pos.resize(n);
    out.halo.assign(n, 0.0f);
    for (std::size_t i = 0; i < n; ++i) {
      out.pos[i] = {center.x + ring.x * unit[i].x, center.y + ring.y * unit[i].y};
      if (index_in(focus, peers[i].sid) >= 0) out.halo[i] = halo_width(out.r);
    }
    return place_labels(out, unit, area, gap, outward);
  };
  static constexpr float kShrink[] = {1.0f, 0.9f, 0.8f, 0.7f, 0.6f, 0.5f, 0.42f};
  for (const bool outward : {true, false}) {
    for (int s = 0; s < 3; ++s)
      for (const int narrow : {0, 1})
        for (const float f : kShrink)
          for (const int level : {0, 1})
            if (attempt(level, s, narrow, f, outward)) return out;
  }
  for (const bool outward : {true, false})
    for (int s = 0; s < 3; ++s)
      for (const int narrow : {0, 1})
        for (const float f : kShrink)
          if (attempt(2, s, narrow, f, outward)) return out;
  for (const bool outward : {true, false})
    for (const float f : kShrink)
      if (attempt(3, 0, 0, f, outward)) return out;
  attempt(4, 0, 0, 1.0f, false);
  return out;
}

// A line from circle a to circle b (radius r each) with a head at b.
void draw_arrow(ImDrawList* dl, ImVec2 a, ImVec2 b, float r, ImU32 col, float thickness) {
  const float dx = b.x - a.x;
  const float dy = b.y - a.y;
  const float len = std::sqrt(dx * dx + dy * dy);
  const float g = 4 * line_scale();
  if (len < 2 * (r + g)) return;
  const ImVec2 u{dx / len, dy / len};
  const ImVec2 from{a.x + u.x * (r + g), a.y + u.y * (r + g)};
  const ImVec2 tip{b.x - u.x * (r + g), b.y - u.y * (r + g)};
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

// The part of a server's wait still to run (1 = just started, 0 = due), or -1 when no ring is
// drawn: no wait, or a timeout that a packet refreshed lately (a follower in touch with its
// leader gets PINGs every half tick, a leader hears from its followers as often; the ring
// shows once a quarter of the timeout passed in silence).
float wait_left(const PeerSnapshot& p, double now) {
  if (!p.up || p.wait.kind == WaitKind::None || p.wait.until <= p.wait.from) return -1;
  const double span = static_cast<double>(p.wait.until - p.wait.from);
  const double left = std::clamp((static_cast<double>(p.wait.until) - now) / span, 0.0, 1.0);
  if ((p.wait.kind == WaitKind::LeaderSilence || p.wait.kind == WaitKind::SyncedQuorum) && left > 0.75) return -1;
  return static_cast<float>(left);
}

// One sentence: what the server waits for, how long is left, which setting decides it.
std::string wait_words(const PeerSnapshot& p, Ms now) {
  const Ms left = std::max<Ms>(0, p.wait.until - now);
  const Ms span = p.wait.until - p.wait.from;
  const std::string key = fmt::format("view.cluster.wait.{}", to_string(p.wait.kind));
  return fill(tr(key.c_str()), left, span, now - p.wait.from);
}

// What zooscope knows of an attached server: its address, status (and why), mode, zxid.
void attached_tooltip(const PeerSnapshot& p, const view::AttachedServer& at) {
  ImGui::BeginTooltip();
  ImGui::PushTextWrapPos(ImGui::GetFontSize() * 28.0f);
  ImGui::Text("%s  %.*s", at.address.c_str(), static_cast<int>(to_string(p.status).size()), to_string(p.status).data());
  if (at.sid_known) ImGui::Text("server.%lld", static_cast<long long>(p.sid));
  else ImGui::TextDisabled("%s", tr("view.servers.sid_unknown"));
  ImGui::Separator();
  ImGui::Text("%s: %s", tr("view.servers.col.status"), tr(("view.servers.status." + at.status).c_str()));
  if (!at.detail.empty()) ImGui::TextWrapped("%s", at.detail.c_str());
  if (at.status == "serving") {
    ImGui::Text("Mode: %s", at.mode.c_str());
    ImGui::Text("Zxid: 0x%s   epoch %lld", hex(p.last_processed_zxid).c_str(),
                static_cast<long long>(p.last_processed_zxid.epoch()));
    ImGui::Text("Node count: %zu", p.znodes);
  }
  ImGui::Separator();
  ImGui::TextDisabled("%s", tr("view.cluster.attached_hint"));
  ImGui::PopTextWrapPos();
  ImGui::EndTooltip();
}

void server_tooltip(const PeerSnapshot& p, Ms now, const view::AttachedServer* at = nullptr) {
  if (at != nullptr) {
    attached_tooltip(p, *at);
    return;
  }
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
  if (p.up && p.last_processed_zxid.raw() == 0 &&
      (p.status == PeerStatus::Following || p.status == PeerStatus::Observing)) {
    ImGui::PushTextWrapPos(ImGui::GetFontSize() * 28.0f);
    ImGui::TextDisabled("%s", tr("view.common.zxid0_help"));
    ImGui::PopTextWrapPos();
  }
  ImGui::Text("zab: %s   sync: %.*s", zab_phase_name(p.zab), static_cast<int>(to_string(p.sync).size()),
              to_string(p.sync).data());
  ImGui::Text("%s: %s", tr("view.cluster.tip.serving"),
              p.serving ? tr("common.yes") : tr("common.no"));
  if (p.up && p.wait.kind != WaitKind::None) {
    ImGui::PushTextWrapPos(ImGui::GetFontSize() * 28.0f);
    ImGui::TextColored(ImColor(kWaitColor), "%s", wait_words(p, now).c_str());
    ImGui::PopTextWrapPos();
  }
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
  if (ImGui::MenuItem(tr("view.cluster.isolate"))) bus.post(IsolateServer{p.sid});
  if (ImGui::MenuItem(tr("view.cluster.heal_all"))) bus.post(HealAll{});
  ImGui::Separator();
  if (ImGui::MenuItem(tr("view.cluster.write_here"), nullptr, false, p.up)) bus.post(WriteButton{p.sid});
  if (ImGui::MenuItem(tr("view.cluster.select"))) bus.post(SelectServer{p.sid});
  ImGui::EndPopup();
}

// ---- links and messages ---------------------------------------------------------------------

struct Seg {
  ImVec2 a;
  ImVec2 b;
};

// The line drawn for the direction i -> j: offset to the right of the travel direction, so
// the two directions of a link are two parallel lines.
Seg direction_line(ImVec2 pi, ImVec2 pj, float r, float offset) {
  const float dx = pj.x - pi.x;
  const float dy = pj.y - pi.y;
  const float len = std::max(1.0f, std::sqrt(dx * dx + dy * dy));
  const ImVec2 u{dx / len, dy / len};
  const ImVec2 n{-u.y * offset, u.x * offset};
  const float g = 6 * line_scale();
  return {{pi.x + u.x * (r + g) + n.x, pi.y + u.y * (r + g) + n.y},
          {pj.x - u.x * (r + g) + n.x, pj.y - u.y * (r + g) + n.y}};
}

float distance_to(const Seg& s, ImVec2 p) {
  const float dx = s.b.x - s.a.x;
  const float dy = s.b.y - s.a.y;
  const float l2 = dx * dx + dy * dy;
  float t = l2 > 0 ? ((p.x - s.a.x) * dx + (p.y - s.a.y) * dy) / l2 : 0;
  t = std::clamp(t, 0.0f, 1.0f);
  const float x = s.a.x + t * dx - p.x;
  const float y = s.a.y + t * dy - p.y;
  return std::sqrt(x * x + y * y);
}

ImVec2 lerp(ImVec2 a, ImVec2 b, float t) { return {a.x + (b.x - a.x) * t, a.y + (b.y - a.y) * t}; }

void dashed(ImDrawList* dl, ImVec2 a, ImVec2 b, ImU32 col, float thickness) {
  const float dx = b.x - a.x;
  const float dy = b.y - a.y;
  const float len = std::sqrt(dx * dx + dy * dy);
  const int n = std::max(1, static_cast<int>(len / 8));
  for (int k = 0; k < n; k += 2) {
    dl->AddLine(lerp(a, b, static_cast<float>(k) / static_cast<float>(n)),
                lerp(a, b, static_cast<float>(k + 1) / static_cast<float>(n)), col, thickness);
  }
}

ImU32 with_alpha(ImU32 col, float a) {
  const auto alpha = static_cast<ImU32>(std::clamp(a, 0.0f, 1.0f) * 255.0f);
  return (col & ~IM_COL32_A_MASK) | (alpha << IM_COL32_A_SHIFT);
}

bool hidden_ping(const Message& m, bool hide_pings) {
  return hide_pings && family_of(m) == MessageFamily::Ping;
}

class ClusterDiagram final : public View {
 public:
  std::string title() const override { return tr_id("view.cluster.title", "cluster"); }
  Slot slot() const override { return Slot::Main; }

  void draw_content(const ClusterView& model, UiBus& bus) override {
    // A lab's card across the top; the ring below it.
    // A lab's card across the top, or when the pane is short for the font (presenter mode on
    // a small screen) as a column on the left, with the ring beside it and no legends.
    // A pane short for its font without a lab (presenter mode on a small screen) leaves out
    // the legends and the hint: every server's label names its state in its colour.
    const bool card_beside = model.lab && lab_card_compact();
    // Beside the ring, the card takes this part of the pane's width: its text wraps in a
    // column; the ring keeps room for each server's state, vote and zxid.
    constexpr float kCardBeside = 0.4f;
    const bool compact = card_beside || (!model.lab && ImGui::GetContentRegionAvail().y < ImGui::GetFontSize() * 18);
    const ImVec2 pane = ImGui::GetCursorScreenPos();
    const float avail_w = ImGui::GetContentRegionAvail().x;
    draw_lab_card(model, bus, card_beside ? avail_w * kCardBeside : avail_w, card_beside);
    // A scenario's card: always at its start; later only when the pane has room for it.
    if (!compact || model.now == 0) draw_scenario_card(model, bus, avail_w);
    if (card_beside) ImGui::SetCursorScreenPos({pane.x + avail_w * kCardBeside + ImGui::GetStyle().ItemSpacing.x, pane.y});
    if (!compact) draw_legend();
    // The message colours too, when there is room (the timeline has the same legend).
    if (!compact && model.observes.messages && ImGui::GetContentRegionAvail().y > ImGui::GetFontSize() * 20)
      draw_message_legend(model);
    if (!compact) ImGui::Separator();
    const auto& peers = model.peers;
    if (peers.empty()) {
      ImGui::TextDisabled("%s", tr("view.cluster.empty"));
      return;
    }

    const char* hint = tr(model.attached ? "view.cluster.attached_hint" : "view.cluster.hint");
    causality_bar(model, bus);  // a picked message's caption, over the ring
    const ImVec2 origin = ImGui::GetCursorScreenPos();
    const ImVec2 avail = ImGui::GetContentRegionAvail();
    const float hint_h = compact ? 0.0f : ImGui::GetTextLineHeightWithSpacing();
    const ImVec2 canvas{std::max(avail.x, 200.0f), std::max(avail.y - hint_h, 200.0f)};
    const std::vector<Sid> no_focus;
    const std::vector<Sid>& focus = model.lab ? model.lab->focus : no_focus;
    // The placement tries many rings; it is redone only when what it depends on changed.
    std::string key = fmt::format("{} {} {} {} {} {}|", origin.x, origin.y, canvas.x, canvas.y, ImGui::GetFontSize(),
                                  line_scale());
    for (const Sid s : focus) key += fmt::format("{},", s);
    for (const auto& p : peers) {
      for (const auto& l : label_lines(p, false, attached_at(model.attached, static_cast<std::size_t>(&p - peers.data())))) {
        key += l;
        key += '\n';
      }
    }
    if (key != ring_key_) {
      ring_ = layout_ring(peers, model.attached, focus, origin, canvas);
      ring_key_ = std::move(key);
    }
    const RingLayout& ring = ring_;
    const std::vector<ImVec2>& pos = ring.pos;
    const auto& labels = ring.labels;
    const float r = ring.r;
    const std::size_t n = peers.size();
    const float ls = line_scale();

    ImDrawList* dl = ImGui::GetWindowDrawList();
    dl->PushClipRect(origin, {origin.x + canvas.x, origin.y + canvas.y}, true);

    // The links: two parallel lines per pair, one per direction; a cut direction is red and
    // dashed with a cross in its middle.
    const float offset = 3.0f * ls;
    std::vector<Seg> dir_lines(n * n);
    for (std::size_t i = 0; i < n; ++i) {
      for (std::size_t j = 0; j < n; ++j) {
        if (i == j) continue;
        const Seg seg = direction_line(pos[i], pos[j], r, offset);
        dir_lines[i * n + j] = seg;
        const bool cut = i * n + j < model.cut.size() && model.cut[i * n + j] != 0;
        if (cut) {
          dashed(dl, seg.a, seg.b, kErrorColor, 1.5f * ls);
          const ImVec2 mid = lerp(seg.a, seg.b, 0.5f);
          const float x = 5 * ls;
          dl->AddLine({mid.x - x, mid.y - x}, {mid.x + x, mid.y + x}, kErrorColor, 2 * ls);
          dl->AddLine({mid.x - x, mid.y + x}, {mid.x + x, mid.y - x}, kErrorColor, 2 * ls);
        } else {
          dl->AddLine(seg.a, seg.b, IM_COL32(110, 110, 120, 70), 1.0f * ls);
        }
      }
    }

    for (std::size_t i = 0; i < n; ++i) {
      const Sid target = arrow_target(peers[i]);
      for (std::size_t j = 0; j < n; ++j) {
        if (j != i && peers[j].sid == target) {
          const bool looking = peers[i].status == PeerStatus::Looking;
          const ImU32 col = (status_color(peers[i].status) & ~IM_COL32_A_MASK) |
                            (looking ? IM_COL32(0, 0, 0, 110) : IM_COL32(0, 0, 0, 150));
          draw_arrow(dl, pos[i], pos[j], r, col, (looking ? 1.0f : 2.0f) * ls);
        }
      }
    }

    draw_recent(model, pos, dir_lines, n, dl);
    // The clients beside their servers, placed before the message labels that keep off them.
    std::vector<float> reach(n);
    for (std::size_t i = 0; i < n; ++i) reach[i] = std::max(ring.halo[i], 14.0f * ls);
    clients_.place(model, pos, r, reach, ring.plates, {origin, {origin.x + canvas.x, origin.y + canvas.y}});
    draw_in_flight(model, dir_lines, n, ring, {origin, {origin.x + canvas.x, origin.y + canvas.y}}, dl, clients_.taken(), dots_);

    // A click on a link (not on a server) opens that direction's menu.
    // Submitted before the servers, whose buttons then win the hover over it.
    ImGui::SetCursorScreenPos(origin);
    ImGui::InvisibleButton("links", canvas, ImGuiButtonFlags_MouseButtonLeft | ImGuiButtonFlags_MouseButtonRight);
    ImGui::SetItemAllowOverlap();
    // A message dot under the mouse is picked by a click (its causes and effects light up).
    if (model.observes.inject_faults && ImGui::IsItemHovered() && !message_dot_hover(model, dots_, bus)) {
      const ImVec2 mouse = ImGui::GetIO().MousePos;
      int best = -1;
      float best_d = 7.0f * ls;
      for (std::size_t k = 0; k < dir_lines.size(); ++k) {
        if (k / n == k % n) continue;
        const float d = distance_to(dir_lines[k], mouse);
        if (d < best_d) {
          best_d = d;
          best = static_cast<int>(k);
        }
      }
      if (best >= 0) {
        const auto from = static_cast<std::size_t>(best) / n;
        const auto to = static_cast<std::size_t>(best) % n;
        const Seg& seg = dir_lines[static_cast<std::size_t>(best)];
        dl->AddLine(seg.a, seg.b, IM_COL32(255, 255, 255, 200), 3.0f * ls);
        ImGui::SetTooltip("server.%lld → server.%lld\n%s", static_cast<long long>(peers[from].sid),
                          static_cast<long long>(peers[to].sid), tr("view.cluster.link_hint"));
        if (ImGui::IsItemClicked(ImGuiMouseButton_Left) || ImGui::IsItemClicked(ImGuiMouseButton_Right)) {
          link_from_ = peers[from].sid;
          link_to_ = peers[to].sid;
          const LinkParams& lp = model.links.empty() ? model.default_link : model.links[static_cast<std::size_t>(best)];
          loss_ = loss_percent(lp.loss);
          lat_min_ = static_cast<int>(lp.latency_min_ms);
          lat_max_ = static_cast<int>(lp.latency_max_ms);
          // The menu opens beside the link's middle, on the side away from the ring's centre,
          // so it covers neither of the two servers it is about.
          ImVec2 centre{0, 0};
          for (const ImVec2& q : pos) centre = {centre.x + q.x / static_cast<float>(n), centre.y + q.y / static_cast<float>(n)};
          const ImVec2 mid{(seg.a.x + seg.b.x) / 2, (seg.a.y + seg.b.y) / 2};
          ImVec2 normal{-(seg.b.y - seg.a.y), seg.b.x - seg.a.x};
          const float len = std::max(1.0f, std::sqrt(normal.x * normal.x + normal.y * normal.y));
          normal = {normal.x / len, normal.y / len};
          if (normal.x * (mid.x - centre.x) + normal.y * (mid.y - centre.y) < 0) normal = {-normal.x, -normal.y};
          const float gap = 12.0f * ls;
          link_anchor_ = {mid.x + normal.x * gap, mid.y + normal.y * gap};
          link_pivot_ = {normal.x >= 0 ? 0.0f : 1.0f, normal.y >= 0 ? 0.0f : 1.0f};
          ImGui::OpenPopup("link_menu");
        }
      } else if (ImGui::IsItemClicked(ImGuiMouseButton_Left) && picked_chain(model) != nullptr) {
        bus.post(SelectMessage{});  // a click on empty space lets go of the picked message
      }
    }
    ImFont* font = ImGui::GetFont();
    // A lab step's servers get a halo; the others are dimmed.
    const bool answering = lab_wants_server_answer(model);
    for (std::size_t i = 0; i < n; ++i) {
      const PeerSnapshot& p = peers[i];
      const ImVec2 c = pos[i];
      const bool focused = index_in(focus, p.sid) >= 0;
      if (focused) {
        const float halo = halo_width(r);
        dl->AddCircleFilled(c, r + halo, IM_COL32(255, 230, 120, 45), 48);
        dl->AddCircle(c, r + halo, IM_COL32(255, 230, 120, 110), 48, 0.4f * halo);
        dl->AddCircle(c, r + halo * 0.62f, IM_COL32(255, 236, 150, 255), 48, 0.25f * halo);
      }
      dl->AddCircleFilled(c, r, status_color(p.status), 40);
      // A white ring: the leader started serving, or the learner got UPTODATE.
      if (p.serving) dl->AddCircle(c, r + 3 * ls, IM_COL32(255, 255, 255, 230), 40, 2.0f * ls);
      if (model.selected_server == p.sid) dl->AddCircle(c, r + 7 * ls, IM_COL32(255, 255, 255, 120), 40, 1.0f * ls);
      // Its timer drains clockwise from the top: the faint track is the whole wait.
      if (const float left = wait_left(p, static_cast<double>(model.now) + model.now_fraction); left >= 0) {
        const float rr = r + 11 * ls;
        const float top = -std::numbers::pi_v<float> / 2;
        dl->PathArcTo(c, rr, top, top + 2 * std::numbers::pi_v<float>, 48);
        dl->PathStroke(IM_COL32(120, 255, 220, 50), false, 3.0f * ls);
        if (left > 0) {
          dl->PathArcTo(c, rr, top, top + 2 * std::numbers::pi_v<float> * left, std::max(4, static_cast<int>(48 * left)));
          dl->PathStroke(kWaitColor, false, 4.0f * ls);
        }
      }
      canvas_circle(c, r);
      const std::string id = std::to_string(p.sid);
      const float big = ImGui::GetFontSize() * 1.5f;
      const ImVec2 id_size = font->CalcTextSizeA(big, FLT_MAX, 0, id.c_str());
      canvas_text(dl, font, big, {c.x - id_size.x / 2, c.y - id_size.y / 2}, kTextOnColor, id);

      // The label on a backing plate, so arrows passing behind it do not cross the text.
      const LabelBlock& label = labels[i];
      const ImRect& plate = ring.plates[i];
      if (!label.lines.empty()) {
        dl->AddRectFilled(plate.Min, plate.Max, ImGui::GetColorU32(ImGuiCol_WindowBg, 0.85f), 4.0f * ls);
        float y = plate.Min.y;
        for (std::size_t k = 0; k < label.lines.size(); ++k) {
          const std::string& l = label.lines[k];
          const float lw = font->CalcTextSizeA(label.font_size, FLT_MAX, 0, l.c_str()).x;
          ImU32 col = p.up ? ImGui::GetColorU32(ImGuiCol_Text) : kDimColor;
          if (static_cast<int>(k) == label.state_line) col = status_color(p.status);
          canvas_text(dl, font, label.font_size, {(plate.Min.x + plate.Max.x - lw) / 2, y}, col, l, DrawnKind::Label);
          y += label.font_size;
        }
        // The label's text is the server's: its tooltip on hover too.
        if (ImGui::IsWindowHovered() && plate.Contains(ImGui::GetIO().MousePos) && !ImGui::IsPopupOpen("server_menu")) {
          server_tooltip(p, model.now, attached_at(model.attached, i));
        }
      }
      if (!focus.empty() && !focused) {
        // Dimmed: the window's background over the circle and its label.
        const ImU32 veil = ImGui::GetColorU32(ImGuiCol_WindowBg, 0.6f);
        dl->AddCircleFilled(c, r + 1, veil, 40);
        if (!label.lines.empty()) dl->AddRectFilled(plate.Min, plate.Max, veil, 4.0f * ls);
      }

      ImGui::SetCursorScreenPos({c.x - r, c.y - r});
      ImGui::PushID(static_cast<int>(p.sid));
      ImGui::InvisibleButton("server", {2 * r, 2 * r});
      if (ImGui::IsItemClicked(ImGuiMouseButton_Left)) {
        // A lab's open question is answered by clicking a server.
        if (answering) {
          bus.post(LabAnswer{p.sid});
        } else {
          bus.post(SelectServer{p.sid});
        }
      }
      if (answering && ImGui::IsItemHovered()) {
        dl->AddCircle(c, r + 5 * ls, IM_COL32(255, 200, 60, 255), 40, 3.0f * ls);
        ImGui::SetMouseCursor(ImGuiMouseCursor_Hand);
      }
      if (ImGui::IsItemHovered() && !ImGui::IsPopupOpen("server_menu"))
        server_tooltip(p, model.now, attached_at(model.attached, i));
      if (model.observes.inject_faults) server_menu(p, bus);
      ImGui::PopID();
    }
    clients_.draw(model, pos, dl, bus);
    dl->PopClipRect();

    link_menu(model, bus);

    ImGui::SetCursorScreenPos({origin.x, origin.y + canvas.y});
    if (compact) return;
    // How to use the diagram: one line, the rest on hover. Under a recording's ring, that it
    // is one.
    if (model.attached && model.attached->recorded)
      ImGui::TextColored(ImColor(kWarnColor), "%s", recorded_banner(*model.attached).c_str());
    else
      ImGui::TextDisabled("%s", tr(model.attached ? "view.cluster.attached_hint_short" : "view.cluster.hint_short"));
    if (ImGui::IsItemHovered()) {
      ImGui::BeginTooltip();
      ImGui::PushTextWrapPos(ImGui::GetFontSize() * 30.0f);
      text_wrapped(hint);
      ImGui::PopTextWrapPos();
      ImGui::EndTooltip();
    }
  }

 private:
  // The message families as coloured dots; hovering one explains it.
  static void draw_message_legend(const ClusterView& model) {
    ImGui::TextDisabled("%s", tr("view.cluster.messages"));
    const float d = ImGui::GetTextLineHeight() * 0.5f;
    const float right = ImGui::GetWindowContentRegionMax().x + ImGui::GetWindowPos().x;
    for (MessageFamily f : kMessageFamilies) {
      if (f == MessageFamily::Ping && model.hide_pings) continue;
      const std::string_view name = family_label(f);
      const float w = d + 3 + ImGui::CalcTextSize(name.data(), name.data() + name.size()).x;
      ImGui::SameLine(0, ImGui::GetFontSize() * 0.6f);
      if (ImGui::GetCursorScreenPos().x + w > right) ImGui::NewLine();  // wrap the legend
      ImGui::BeginGroup();
      const ImVec2 p = ImGui::GetCursorScreenPos();
      ImGui::GetWindowDrawList()->AddCircleFilled({p.x + d / 2, p.y + ImGui::GetTextLineHeight() / 2}, d / 2,
                                                  family_color(f), 12);
      ImGui::Dummy({d, ImGui::GetTextLineHeight()});
      ImGui::SameLine(0, 3);
      ImGui::TextUnformatted(name.data(), name.data() + name.size());
      ImGui::EndGroup();
      if (ImGui::IsItemHovered()) ImGui::SetTooltip("%s", tr(family_key(f)));
    }
  }

  // Messages on their way: a dot along the direction's line at the fraction of the latency
  // elapsed, with a label when few are in flight. A label goes beside its dot where it covers
  // no server, no server's label and no other message's label; with no such place it is
  // left out (the timeline's tooltip names the message).
  static void draw_in_flight(const ClusterView& model, const std::vector<Seg>& lines, std::size_t n,
                             const RingLayout& ring, const ImRect& area, ImDrawList* dl,
                             const std::vector<ImRect>& keep_clear, std::vector<MessageDot>& dots) {
    const float ls = line_scale();
    dots.clear();
    const Causality* chain = picked_chain(model);
    std::size_t shown = 0;
    for (const InFlightMessage& m : model.messages) {
      if (hidden_ping(m.env.msg, model.hide_pings)) continue;
      ++shown;
    }
    const bool labels = shown <= 16;
    // Many in flight: hexagons without anti-aliased edges, a sixth of a labelled dot's
    // vertices (llvmpipe pays per vertex; at 9 px the edge is not missed).
    const ImDrawListFlags flags = dl->Flags;
    if (!labels) dl->Flags &= ~ImDrawListFlags_AntiAliasedFill;
    std::vector<ImRect> used;
    for (std::size_t i = 0; i < ring.plates.size(); ++i)
      if (!ring.labels[i].lines.empty()) used.push_back(ring.plates[i]);
    used.insert(used.end(), keep_clear.begin(), keep_clear.end());  // the clients and their labels
    const float gap = 2 * ls;
    auto clear = [&](const ImRect& box) {
      if (!area.Contains(box)) return false;
      for (const ImRect& u : used)
        if (u.Overlaps(box)) return false;
      for (const ImVec2& c : ring.pos)
        if (rect_hits_circle(box, c, ring.r + gap)) return false;
      return true;
    };
    for (const InFlightMessage& m : model.messages) {
      if (hidden_ping(m.env.msg, model.hide_pings)) continue;
      const int i = model.index_of(m.env.source);
      const int j = model.index_of(m.env.target);
      if (i < 0 || j < 0 || i == j) continue;
      const Seg& seg = lines[static_cast<std::size_t>(i) * n + static_cast<std::size_t>(j)];
      const double span = static_cast<double>(std::max<Ms>(1, m.arrive_at - m.sent_at));
      // now_fraction: a lab's slow motion plays parts of a millisecond.
      const double now = static_cast<double>(model.now) + model.now_fraction;
      const auto t = static_cast<float>(std::clamp((now - static_cast<double>(m.sent_at)) / span, 0.0, 1.0));
      const ImVec2 at = lerp(seg.a, seg.b, t);
      ImU32 col = family_color(family_of(m.env.msg));
      const int segments = labels ? 12 : 6;
      // In a lab, a message to or from one of the step's servers is drawn large with a white
      // ring, and the others faint, so the one the narration is about stands out.
      float radius = 4.5f * ls;
      if (model.lab && !model.lab->focus.empty()) {
        const auto& f = model.lab->focus;
        const bool about = std::find(f.begin(), f.end(), m.env.source) != f.end() ||
                           std::find(f.begin(), f.end(), m.env.target) != f.end();
        if (about) {
          radius = 7.5f * ls;
          dl->AddCircle(at, radius + 1.5f * ls, IM_COL32(255, 255, 255, 230), segments, 1.5f * ls);
        } else {
          col = (col & ~IM_COL32_A_MASK) | IM_COL32(0, 0, 0, 90);
        }
      }
      // A picked message's chain: large, ringed in its colour, labelled in it; the rest faint
      // and unlabelled.
      const ImU32 role = chain != nullptr ? role_color(chain->role(m.id)) : 0;
      if (chain != nullptr && role == 0) col = (col & ~IM_COL32_A_MASK) | IM_COL32(0, 0, 0, 70);
      if (role != 0) {
        radius = 7.5f * ls;
        dl->AddCircle(at, radius + 2.0f * ls, role, 16, 3.0f * ls);
      }
      dl->AddCircleFilled(at, radius, col, segments);
      if (m.lost) dl->AddCircle(at, radius + 2.0f * ls, kErrorColor, segments, 1.5f * ls);
      dots.push_back(MessageDot{at, radius, static_cast<std::size_t>(&m - model.messages.data())});
      if (!labels || (chain != nullptr && role == 0)) continue;
      if (role != 0) col = role;
      const std::size_t mi = static_cast<std::size_t>(&m - model.messages.data());
      const std::string label =
          message_label(m.env.msg, mi < model.message_words.size() ? model.message_words[mi] : std::string_view{});
      const ImVec2 size = ImGui::CalcTextSize(label.c_str());
      // Above right of the dot, then the other corners, then level with it, then centred
      // above or below it, then the corners a line further out.
      const float d = radius + gap;
      const float e = d + size.y;
      const ImVec2 tries[] = {{at.x + d, at.y - d - size.y}, {at.x - d - size.x, at.y - d - size.y},
                              {at.x + d, at.y + d},          {at.x - d - size.x, at.y + d},
                              {at.x + d, at.y - size.y / 2}, {at.x - d - size.x, at.y - size.y / 2},
                              {at.x - size.x / 2, at.y - d - size.y}, {at.x - size.x / 2, at.y + d},
                              {at.x + d, at.y - e - size.y}, {at.x - d - size.x, at.y - e - size.y},
                              {at.x + d, at.y + e},          {at.x - d - size.x, at.y + e}};
      for (const ImVec2& p : tries) {
        const ImRect box(p, {p.x + size.x, p.y + size.y});
        if (!clear(box)) continue;
        used.push_back(box);
        dl->AddRectFilled(box.Min, box.Max, IM_COL32(0, 0, 0, 170), 2.0f);
        canvas_text(dl, box.Min, col, label, DrawnKind::Label);
        break;
      }
    }
    dl->Flags = flags;
  }

  // What just happened, fading: deliveries as a streak along their line, drops as a red dot
  // falling off the link. The window is about 0.3 s of real time at the current speed.
  static void draw_recent(const ClusterView& model, const std::vector<ImVec2>& pos, const std::vector<Seg>& lines,
                          std::size_t n, ImDrawList* dl) {
    (void)pos;
    if (model.trace == nullptr || model.trace->empty()) return;
    const float ls = line_scale();
    // While a lab replays a step in slow motion, the window follows its pace.
    const bool slow = model.lab && model.lab->phase == view::LabCard::Phase::Playing;
    const double speed = slow ? static_cast<double>(model.lab->pace) : static_cast<double>(model.speed);
    const double window = std::clamp(300.0 * speed, slow ? 1.0 : 30.0, 5000.0);
    const double now = static_cast<double>(model.now) + model.now_fraction;
    const TraceLog& trace = *model.trace;
    constexpr std::size_t kMaxScan = 4000;
    for (std::size_t k = trace.size(), scanned = 0; k > 0 && scanned < kMaxScan; --k, ++scanned) {
      const TraceEvent& ev = trace[k - 1];
      if (static_cast<double>(ev.at) + window < now) break;
      const float age = static_cast<float>((now - static_cast<double>(ev.at)) / window);
      if (const auto* d = std::get_if<MessageDelivered>(&ev.body)) {
        if (hidden_ping(d->env.msg, model.hide_pings)) continue;
        const int i = model.index_of(d->env.source);
        const int j = model.index_of(d->env.target);
        if (i < 0 || j < 0 || i == j) continue;
        const Seg& seg = lines[static_cast<std::size_t>(i) * n + static_cast<std::size_t>(j)];
        const ImU32 col = with_alpha(family_color(family_of(d->env.msg)), 0.9f * (1 - age));
        dl->AddLine(lerp(seg.a, seg.b, 0.55f), seg.b, col, 2.5f * ls);
        dl->AddCircleFilled(seg.b, 3.5f * ls, col, 10);
      } else if (const auto* x = std::get_if<MessageDropped>(&ev.body)) {
        if (hidden_ping(x->env.msg, model.hide_pings)) continue;
        const int i = model.index_of(x->env.source);
        const int j = model.index_of(x->env.target);
        if (i < 0 || j < 0 || i == j) continue;
        const Seg& seg = lines[static_cast<std::size_t>(i) * n + static_cast<std::size_t>(j)];
        const ImVec2 mid = lerp(seg.a, seg.b, 0.5f);
        const ImVec2 fall{mid.x, mid.y + age * 40.0f * ls};
        dl->AddCircleFilled(fall, 4.0f * ls, with_alpha(kErrorColor, 1 - age), 10);
      }
    }
  }

  void link_menu(const ClusterView& model, UiBus& bus) {
    ImGui::SetNextWindowPos(link_anchor_, ImGuiCond_Appearing, link_pivot_);
    if (!ImGui::BeginPopup("link_menu")) return;
    // The link as it is now, each way: open or cut, its loss and latency.
    const int a = model.index_of(link_from_);
    const int b = model.index_of(link_to_);
    const std::size_t n = model.peers.size();
    auto state_of = [&](int from, int to) -> std::pair<bool, LinkParams> {
      if (from < 0 || to < 0) return {false, model.default_link};
      const std::size_t k = static_cast<std::size_t>(from) * n + static_cast<std::size_t>(to);
      return {k < model.cut.size() && model.cut[k] != 0, k < model.links.size() ? model.links[k] : model.default_link};
    };
    const auto [cut_ab, p_ab] = state_of(a, b);
    const auto [cut_ba, p_ba] = state_of(b, a);
    auto line = [&](Sid x, Sid y, bool cut, const LinkParams& p) {
      const std::string text = fill(tr(cut ? "view.cluster.link_state_cut" : "view.cluster.link_state_open"), x, y,
                                    loss_percent(p.loss), p.latency_min_ms, p.latency_max_ms);
      ImGui::TextColored(ImColor(cut ? kErrorColor : IM_COL32(200, 200, 200, 255)), "%s", text.c_str());
    };
    line(link_from_, link_to_, cut_ab, p_ab);
    line(link_to_, link_from_, cut_ba, p_ba);
    ImGui::Separator();
    if (ImGui::MenuItem(tr("view.cluster.cut_dir"), nullptr, false, !cut_ab)) bus.post(CutLink{link_from_, link_to_});
    if (ImGui::MenuItem(tr("view.cluster.heal_dir"), nullptr, false, cut_ab)) bus.post(HealLink{link_from_, link_to_});
    if (ImGui::MenuItem(tr("view.cluster.cut_both"), nullptr, false, !cut_ab || !cut_ba)) {
      bus.post(CutLink{link_from_, link_to_});
      bus.post(CutLink{link_to_, link_from_});
    }
    if (ImGui::MenuItem(tr("view.cluster.heal_both"), nullptr, false, cut_ab || cut_ba)) {
      bus.post(HealLink{link_from_, link_to_});
      bus.post(HealLink{link_to_, link_from_});
    }
    ImGui::Separator();
    ImGui::SetNextItemWidth(ImGui::GetFontSize() * 10);
    ImGui::SliderInt(tr("view.controls.loss"), &loss_, 0, 100, "%d %%");
    ImGui::SetNextItemWidth(ImGui::GetFontSize() * 10);
    ImGui::SliderInt(tr("view.controls.latency_min"), &lat_min_, 0, 2000, "%d ms", ImGuiSliderFlags_Logarithmic);
    ImGui::SetNextItemWidth(ImGui::GetFontSize() * 10);
    ImGui::SliderInt(tr("view.controls.latency_max"), &lat_max_, 0, 2000, "%d ms", ImGuiSliderFlags_Logarithmic);
    lat_max_ = std::max(lat_max_, lat_min_);
    if (ImGui::Button(tr("view.controls.apply"))) {
      bus.post(SetLinkParams{link_from_, link_to_, Ratio{static_cast<std::uint32_t>(loss_), 100}, lat_min_, lat_max_});
      ImGui::CloseCurrentPopup();
    }
    ImGui::EndPopup();
  }

  std::vector<MessageDot> dots_;  // the message dots drawn this frame, for clicks
  std::string ring_key_;  // what ring_ was laid out for
  ClientNodes clients_;   // the clients beside their servers (clients_draw.hpp)
  RingLayout ring_;
  Sid link_from_ = 0;
  Sid link_to_ = 0;
  ImVec2 link_anchor_{0, 0};  // where the link menu opens (beside the link's middle)
  ImVec2 link_pivot_{0, 0};
  int loss_ = 0;
  int lat_min_ = 1;
  int lat_max_ = 5;
};

}  // namespace

std::unique_ptr<View> make_cluster_view() { return std::make_unique<ClusterDiagram>(); }

}  // namespace zs::gui

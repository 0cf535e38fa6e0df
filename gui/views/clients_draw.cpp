// The clients on the cluster drawing (clients_draw.hpp).
#include "views/clients_draw.hpp"

#include <algorithm>
#include <cmath>
#include <numbers>

#include <fmt/format.h>

#include "i18n.hpp"
#include "views/text_sink.hpp"
#include "views/theme.hpp"
#include "views/widgets.hpp"

namespace zs::gui {
namespace {

constexpr ImU32 kClientColor = IM_COL32(235, 235, 245, 255);  // a connected client's node
constexpr float kMoveSeconds = 0.4f;                            // a reconnect's glide

bool box_hits_circle(const ImRect& box, ImVec2 c, float r) {
  const float x = std::clamp(c.x, box.Min.x, box.Max.x) - c.x;
  const float y = std::clamp(c.y, box.Min.y, box.Max.y) - c.y;
  return x * x + y * y < r * r;
}

ImVec2 mix(ImVec2 a, ImVec2 b, float t) { return {a.x + (b.x - a.x) * t, a.y + (b.y - a.y) * t}; }

// A line in dashes (a client that is not connected: it is only trying).
void dashes(ImDrawList* dl, ImVec2 a, ImVec2 b, ImU32 col, float thickness, float dash) {
  const float len = std::hypot(b.x - a.x, b.y - a.y);
  const int n = std::max(1, static_cast<int>(len / dash));
  for (int k = 0; k < n; k += 2)
    dl->AddLine(mix(a, b, static_cast<float>(k) / static_cast<float>(n)),
                mix(a, b, static_cast<float>(k + 1) / static_cast<float>(n)), col, thickness);
}

// The word under the session id when the client is not simply connected. KeeperState names
// (Disconnected, Expired, Closed) are ZooKeeper's and stay as they are.
std::string state_word(const ClientModel& c) {
  if (c.kind == ClientKind::Writes) return {};
  if (c.ended()) return std::string(to_string(c.state));
  if (c.dropped) return tr("view.cluster.client.killed");
  if (!c.connected) return std::string(to_string(SessionState::Disconnected));
  return {};
}

ImU32 node_color(const ClientModel& c) {
  if (c.ended()) return kDimColor;
  if (c.dropped) return kErrorColor;
  if (!c.connected) return kWarnColor;
  return kClientColor;
}

void tooltip(const ClusterView& m, const ClientModel& c) {
  ImGui::BeginTooltip();
  ImGui::PushTextWrapPos(ImGui::GetFontSize() * 30.0f);
  const std::string id = c.session_id != 0 ? session_hex(c.session_id) : tr("view.cluster.client.no_session");
  if (c.kind == ClientKind::Writes) {
    // No session: nothing waits, nothing is owned; say where they go in and why no id.
    text_wrapped(fill(tr("view.cluster.client.writes_help"), c.server));
    ImGui::PopTextWrapPos();
    ImGui::EndTooltip();
    return;
  }
  const std::string title = c.kind == ClientKind::Console ? fill(tr("view.cluster.client.title_console"), c.console, id)
                                                           : fill(tr("view.cluster.client.title_scripted"), c.index, id);
  text_wrapped(title);
  ImGui::Separator();
  std::string state;
  switch (c.state) {
    case SessionState::Expired: state = tr("view.cluster.client.expired"); break;
    case SessionState::Closed: state = tr("view.cluster.client.closed"); break;
    default:
      if (c.dropped) state = tr("view.cluster.client.dropped");
      else if (c.connected) state = fill(tr("view.cluster.client.connected"), c.server);
      else state = fill(tr("view.cluster.client.disconnected"), c.server);
  }
  text_wrapped(state);
  // What is being waited for, and which setting sets it: one sentence.
  if (!c.ended() && c.session_id != 0) {
    if (c.tracker != 0 && c.expires_at >= 0) {
      const double left = std::max(0.0, static_cast<double>(c.expires_at) - static_cast<double>(m.now)) / 1000.0;
      text_wrapped_colored(kWaitColor, fill(tr("view.cluster.client.wait"), c.tracker, left, c.timeout_ms,
                                            c.requested_timeout_ms, m.clients.min_timeout_ms, m.clients.max_timeout_ms));
    } else {
      text_wrapped_colored(kWaitColor, tr("view.cluster.client.no_tracker"));
    }
  }
  if (!c.ephemerals.empty()) {
    std::string list;
    for (const std::string& p : c.ephemerals) list += (list.empty() ? "" : ", ") + p;
    text_wrapped(fill(tr("view.cluster.client.ephemerals"), list));
  } else if (!c.ended()) {
    ImGui::TextDisabled("%s", tr("view.cluster.client.no_ephemerals"));
  }
  if (c.kind == ClientKind::Console) {
    ImGui::Separator();
    ImGui::TextDisabled("%s", tr("view.cluster.client.hint"));
  }
  ImGui::PopTextWrapPos();
  ImGui::EndTooltip();
}

}  // namespace

std::string session_hex(std::int64_t session_id, bool shortened) {
  std::string h = "0x" + hex(session_id);
  if (shortened && h.size() > 11) h = h.substr(0, 7) + "\xE2\x80\xA6" + h.substr(h.size() - 4);  // …
  return h;
}

float session_left(const ClientModel& c, double now) {
  if (c.tracker == 0 || c.expires_at < 0 || c.timeout_ms <= 0) return -1;
  return static_cast<float>(std::clamp((static_cast<double>(c.expires_at) - now) / c.timeout_ms, 0.0, 1.0));
}

void ClientNodes::place(const ClusterView& m, const std::vector<ImVec2>& pos, float r, const std::vector<float>& reach,
                        const std::vector<ImRect>& plates, const ImRect& area) {
  spots_.clear();
  taken_.clear();
  const float ls = line_scale();
  node_r_ = 8.0f * ls;
  server_r_ = r;
  font_size_ = std::max(13.0f, std::round(ImGui::GetFontSize() * 0.85f));
  small_size_ = std::max(13.0f, std::round(ImGui::GetFontSize() * 0.6f));
  if (pos.empty()) return;
  ImFont* font = ImGui::GetFont();
  ImVec2 centre{0, 0};
  for (const ImVec2& p : pos) centre = {centre.x + p.x / static_cast<float>(pos.size()), centre.y + p.y / static_cast<float>(pos.size())};
  const float gap = 3.0f * ls;
  const float outer = node_r_ + 5.5f * ls;  // the node with its session ring
  auto clear = [&](const ImRect& box) {
    if (!area.Contains(box)) return false;
    for (std::size_t j = 0; j < pos.size(); ++j) {
      if (box_hits_circle(box, pos[j], r + (j < reach.size() ? reach[j] : 0.0f) + gap)) return false;
      if (j < plates.size() && plates[j].GetWidth() > 0 && box.Overlaps(plates[j])) return false;
    }
    for (const ImRect& t : taken_)
      if (box.Overlaps(t)) return false;
    return true;
  };
  for (std::size_t k = 0; k < m.clients.list.size(); ++k) {
    const ClientModel& c = m.clients.list[k];
    const int i = m.index_of(c.server);
    if (i < 0 || static_cast<std::size_t>(i) >= pos.size()) continue;
    const ImVec2 p = pos[static_cast<std::size_t>(i)];
    const float base = std::atan2(p.y - centre.y, p.x - centre.x);
    const bool alone = std::hypot(p.x - centre.x, p.y - centre.y) < 1.0f;  // a single server
    const float a0 = alone ? std::numbers::pi_v<float> / 2 : base;
    const float around = r + (static_cast<std::size_t>(i) < reach.size() ? reach[static_cast<std::size_t>(i)] : 0.0f);
    // The label: the session id (shortened when the full one finds no room), and the state
    // word when the client is not simply connected.
    const std::string word = state_word(c);
    Spot best;
    bool placed = false;
    // Tried in order: the full id at the label size, then a size smaller, then shortened.
    struct Variant {
      bool shortened;
      float font;
    };
    const Variant variants[] = {{false, font_size_}, {false, small_size_}, {true, small_size_}};
    // The ring's outer half first, in every variant, before the inside of the ring.
    for (int zone = 0; zone < 2 && !placed; ++zone)
    for (const Variant& v : variants) {
      std::vector<std::string> lines;
      lines.push_back(c.kind == ClientKind::Writes ? std::string(tr("view.cluster.client.writes"))
                      : c.session_id != 0         ? session_hex(c.session_id, v.shortened)
                                                  : std::string(tr("view.cluster.client.no_session")));
      if (!word.empty()) lines.push_back(word);
      ImVec2 size{0, 0};
      for (const std::string& l : lines) {
        size.x = std::max(size.x, font->CalcTextSizeA(v.font, FLT_MAX, 0, l.c_str()).x);
        size.y += v.font;
      }
      // Outward from the ring first, then turning either way in steps of 11.25 degrees, near
      // the server or further out; facing the ring's inside only when the outer half has no
      // room.
      static constexpr float kFar[] = {0.0f, 0.7f, 1.4f, 2.2f};
      for (int pass = 0; pass < 4 && !placed; ++pass) {
        const bool inner = zone == 1;
        const float far = kFar[pass] * outer;
        for (int step = 0; step <= 32 && !placed; ++step) {
          const int turn = (step + 1) / 2 * (step % 2 == 1 ? 1 : -1);
          if (step > 0 && turn == -16) continue;  // the same as +16
          if ((std::abs(turn) > 8) != inner) continue;
          const float a = a0 + static_cast<float>(turn) * std::numbers::pi_v<float> / 16;
          const ImVec2 d{std::cos(a), std::sin(a)};
          const float dist = around + gap + outer + far + 1.0f;  // clear of the circle by a pixel
          const ImVec2 at{p.x + d.x * dist, p.y + d.y * dist};
          const ImRect node({at.x - outer, at.y - outer}, {at.x + outer, at.y + outer});
          if (!clear(node)) continue;
          // The label beside the node, away from its server first: right or left, below or
          // above, then the other sides.
          const float off = outer + 2.0f * ls;
          // Beside it, level with its middle, its top or its bottom.
          const float sx = d.x >= 0 ? at.x + off : at.x - off - size.x;
          const float ox = d.x >= 0 ? at.x - off - size.x : at.x + off;
          const float levels[3] = {at.y - size.y / 2, at.y - outer, at.y + outer - size.y};
          const ImVec2 end{at.x - size.x / 2, d.y >= 0 ? at.y + off : at.y - off - size.y};
          const ImVec2 other_end{at.x - size.x / 2, d.y >= 0 ? at.y - off - size.y : at.y + off};
          const bool sideways = std::abs(d.x) >= 0.35f;
          std::vector<ImVec2> tries;
          if (!sideways) tries.push_back(end);
          for (const float y : levels) tries.push_back({sx, y});
          if (sideways) tries.push_back(end);
          for (const float y : levels) tries.push_back({ox, y});
          tries.push_back(other_end);
          for (const ImVec2& t : tries) {
            const ImRect label(t, {t.x + size.x, t.y + size.y});
            if (!clear(label) || label.Overlaps(node)) continue;
            best = Spot{k, i, at, label, lines, v.font};
            placed = true;
            break;
          }
        }
      }
      if (placed) break;
    }
    if (!placed) {
      // No room for a label: the node alone (its tooltip has the id) where it is free, near
      // its server or further out; with no free place at all it is left out of the drawing
      // (a ring this crowded has no room for it; its console still has it).
      bool free = false;
      static constexpr float kFarther[] = {0.0f, 0.7f, 1.4f, 2.2f, 3.0f};
      for (int pass = 0; pass < 5 && !free; ++pass) {
        const float dist = around + gap + outer + kFarther[pass] * outer + 1.0f;
        for (int step = 0; step <= 32 && !free; ++step) {
          const int turn = (step + 1) / 2 * (step % 2 == 1 ? 1 : -1);
          const float a = a0 + static_cast<float>(turn) * std::numbers::pi_v<float> / 16;
          const ImVec2 at{p.x + std::cos(a) * dist, p.y + std::sin(a) * dist};
          if (!clear(ImRect({at.x - outer, at.y - outer}, {at.x + outer, at.y + outer}))) continue;
          best = Spot{k, i, at, ImRect{}, {}, 0};
          free = true;
        }
      }
      if (!free) continue;
    }
    taken_.push_back(ImRect({best.at.x - outer, best.at.y - outer}, {best.at.x + outer, best.at.y + outer}));
    if (best.label.GetWidth() > 0) taken_.push_back(best.label);
    spots_.push_back(std::move(best));
  }
}

void ClientNodes::draw(const ClusterView& m, const std::vector<ImVec2>& pos, ImDrawList* dl, UiBus& bus) {
  const float ls = line_scale();
  const float dt = ImGui::GetIO().DeltaTime;
  const double now = static_cast<double>(m.now) + m.now_fraction;
  ImFont* font = ImGui::GetFont();
  std::map<std::int32_t, Motion> seen;
  for (const Spot& s : spots_) {
    const ClientModel& c = m.clients.list[s.client];
    // A reconnect to another server: the node glides there.
    Motion mo;
    if (auto it = motion_.find(c.index); it != motion_.end()) {
      mo = it->second;
      if (mo.server != c.server) {
        mo.from = mo.shown;
        mo.t = 0;
        mo.server = c.server;
      }
      mo.t = std::min(1.0f, mo.t + dt / kMoveSeconds);
    } else {
      mo.server = c.server;
      mo.from = s.at;
      mo.t = 1;
    }
    const float ease = 1 - (1 - mo.t) * (1 - mo.t);
    mo.shown = mo.t >= 1 ? s.at : mix(mo.from, s.at, ease);
    seen[c.index] = mo;
    const ImVec2 at = mo.shown;
    const bool moving = mo.t < 1;
    const bool selected = m.clients.selected == c.index;

    // The line to its server: solid while connected, dashed while it is trying; none once
    // its process died or its session ended (there is no connection).
    const ImVec2 server = pos[static_cast<std::size_t>(s.server)];
    const float len = std::max(1.0f, std::hypot(server.x - at.x, server.y - at.y));
    const ImVec2 u{(server.x - at.x) / len, (server.y - at.y) / len};
    const ImVec2 a{at.x + u.x * (node_r_ + 5 * ls), at.y + u.y * (node_r_ + 5 * ls)};
    const ImVec2 b{server.x - u.x * (server_r_ + 3 * ls), server.y - u.y * (server_r_ + 3 * ls)};
    if (c.connected) {
      dl->AddLine(a, b, IM_COL32(235, 235, 245, 150), 1.5f * ls);
    } else if (!c.dropped && !c.ended()) {
      dashes(dl, a, b, kWarnColor, 1.5f * ls, 5.0f * ls);
    }
    // The session's clock at the leader: a ring that drains clockwise from the top.
    if (const float left = session_left(c, now); left >= 0) {
      const float rr = node_r_ + 3.5f * ls;
      const float top = -std::numbers::pi_v<float> / 2;
      dl->PathArcTo(at, rr, top, top + 2 * std::numbers::pi_v<float>, 32);
      dl->PathStroke(IM_COL32(120, 255, 220, 60), false, 3.0f * ls);
      if (left > 0) {
        dl->PathArcTo(at, rr, top, top + 2 * std::numbers::pi_v<float> * left, std::max(4, static_cast<int>(32 * left)));
        dl->PathStroke(kWaitColor, false, 3.0f * ls);
      }
    }
    const ImU32 col = node_color(c);
    if (c.ended()) {
      dl->AddCircle(at, node_r_, col, 20, 1.5f * ls);
    } else {
      dl->AddCircleFilled(at, node_r_, col, 20);
      if (c.dropped) {  // a cross: the process is gone
        const float x = node_r_ * 0.55f;
        dl->AddLine({at.x - x, at.y - x}, {at.x + x, at.y + x}, kTextOnColor, 1.5f * ls);
        dl->AddLine({at.x - x, at.y + x}, {at.x + x, at.y - x}, kTextOnColor, 1.5f * ls);
      }
    }
    if (selected) dl->AddCircle(at, node_r_ + 7.5f * ls, IM_COL32(255, 255, 255, 200), 24, 1.5f * ls);
    canvas_circle(at, node_r_ + 5.0f * ls);
    // Its label, once it has arrived (no label slides across the ring).
    if (s.label.GetWidth() > 0 && !moving) {
      dl->AddRectFilled(s.label.Min, s.label.Max, ImGui::GetColorU32(ImGuiCol_WindowBg, 0.85f), 3.0f * ls);
      float y = s.label.Min.y;
      for (std::size_t k = 0; k < s.lines.size(); ++k) {
        const ImU32 tc = k == 0 ? (c.ended() ? kDimColor : ImGui::GetColorU32(ImGuiCol_Text)) : col;
        canvas_text(dl, font, s.font, {s.label.Min.x, y}, tc, s.lines[k], DrawnKind::Label);
        y += s.font;
      }
    }
    // Hover: its tooltip; click: its console (and its ephemerals marked in the tree).
    ImGui::PushID(static_cast<int>(c.index) + 100000);
    const float hit = node_r_ + 5.0f * ls;
    ImGui::SetCursorScreenPos({at.x - hit, at.y - hit});
    ImGui::InvisibleButton("client", {2 * hit, 2 * hit});
    bool hovered = ImGui::IsItemHovered();
    bool clicked = ImGui::IsItemClicked(ImGuiMouseButton_Left);
    if (s.label.GetWidth() > 0 && !moving) {
      ImGui::SetCursorScreenPos(s.label.Min);
      ImGui::InvisibleButton("client_label", s.label.GetSize());
      hovered = hovered || ImGui::IsItemHovered();
      clicked = clicked || ImGui::IsItemClicked(ImGuiMouseButton_Left);
    }
    ImGui::PopID();
    if (hovered) {
      dl->AddCircle(at, node_r_ + 1.5f * ls, IM_COL32(255, 255, 255, 255), 20, 2.0f * ls);
      if (c.kind == ClientKind::Console) ImGui::SetMouseCursor(ImGuiMouseCursor_Hand);
      tooltip(m, c);
    }
    if (clicked) {
      if (c.kind == ClientKind::Console) bus.post(SelectServer{c.console, "console", c.index});
      else bus.post(SelectServer{c.server, "", c.index});
    }
  }
  motion_ = std::move(seen);
}

}  // namespace zs::gui

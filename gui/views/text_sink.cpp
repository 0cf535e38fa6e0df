#include "views/text_sink.hpp"

#include <imgui_internal.h>  // the current window's name

#include <algorithm>

#include <fmt/format.h>

namespace zs::gui {
namespace {

TextSink* g_sink = nullptr;

// "###cluster" -> "cluster"; a side tab's child "###side/###votes_1A2B3C4D" -> "votes".
std::string window_id() {
  const ImGuiWindow* w = ImGui::GetCurrentWindowRead();
  if (w == nullptr) return {};
  std::string name = w->Name;
  if (const auto p = name.rfind("###"); p != std::string::npos) name = name.substr(p + 3);
  if (w->Flags & ImGuiWindowFlags_ChildWindow) {
    if (const auto u = name.rfind('_'); u != std::string::npos) name.resize(u);
  }
  return name;
}

void record(ImVec2 min, ImVec2 max, std::string_view text, DrawnKind kind, ImDrawList* dl) {
  bool cut = false;
  if (dl != nullptr) {
    const ImVec4 clip = dl->_ClipRectStack.empty() ? ImVec4(-1e9f, -1e9f, 1e9f, 1e9f) : dl->_ClipRectStack.back();
    // Wholly outside: not drawn at all, so not something the viewer sees.
    if (max.x <= clip.x || min.x >= clip.z || max.y <= clip.y || min.y >= clip.w) return;
    cut = min.x < clip.x - 0.5f || min.y < clip.y - 0.5f || max.x > clip.z + 0.5f || max.y > clip.w + 0.5f;
  }
  g_sink->add({window_id(), std::string(text), min, max, kind, cut});
}

}  // namespace

void set_text_sink(TextSink* sink) { g_sink = sink; }
TextSink* text_sink() { return g_sink; }

ImVec2 canvas_text(ImDrawList* dl, ImVec2 pos, ImU32 col, std::string_view text, DrawnKind kind) {
  return canvas_text(dl, ImGui::GetFont(), ImGui::GetFontSize(), pos, col, text, kind);
}

ImVec2 canvas_text(ImDrawList* dl, ImFont* font, float size, ImVec2 pos, ImU32 col, std::string_view text,
                   DrawnKind kind) {
  const char* b = text.data();
  const char* e = b + text.size();
  dl->AddText(font, size, pos, col, b, e);
  const ImVec2 s = font->CalcTextSizeA(size, FLT_MAX, 0.0f, b, e);
  if (g_sink != nullptr && !text.empty()) record(pos, {pos.x + s.x, pos.y + s.y}, text, kind, dl);
  return s;
}

void canvas_circle(ImVec2 c, float r) {
  if (g_sink != nullptr) record({c.x - r, c.y - r}, {c.x + r, c.y + r}, {}, DrawnKind::Circle, nullptr);
}

std::vector<std::pair<std::size_t, std::size_t>> overlapping_labels(const std::vector<DrawnText>& items) {
  std::vector<std::pair<std::size_t, std::size_t>> out;
  for (std::size_t i = 0; i < items.size(); ++i) {
    if (items[i].kind != DrawnKind::Label) continue;
    for (std::size_t j = 0; j < items.size(); ++j) {
      if (j == i || items[j].kind == DrawnKind::Text || items[j].window != items[i].window) continue;
      if (items[j].kind == DrawnKind::Label && j < i) continue;  // each pair once
      const DrawnText& a = items[i];
      const DrawnText& b = items[j];
      bool hit = rects_overlap(a.min, a.max, b.min, b.max);
      if (hit && b.kind == DrawnKind::Circle) {
        const float r = (b.max.x - b.min.x) / 2;
        const ImVec2 c{b.min.x + r, b.min.y + r};
        const float dx = std::clamp(c.x, a.min.x, a.max.x) - c.x;
        const float dy = std::clamp(c.y, a.min.y, a.max.y) - c.y;
        hit = dx * dx + dy * dy < r * r;
      }
      if (hit) out.emplace_back(i, j);
    }
  }
  return out;
}

std::string format_rects(const std::vector<DrawnText>& items) {
  std::string out;
  for (const DrawnText& t : items) {
    const char* kind = t.kind == DrawnKind::Label ? "label" : t.kind == DrawnKind::Circle ? "circle" : "text";
    out += fmt::format("{} {} {:.0f} {:.0f} {:.0f} {:.0f}{} | {}\n", t.window, kind, t.min.x, t.min.y, t.max.x,
                       t.max.y, t.cut ? " cut" : "", t.text);
  }
  return out;
}

}  // namespace zs::gui

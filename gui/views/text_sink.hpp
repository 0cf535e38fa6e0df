// What the canvases draw as text, and where. The cluster ring and the timeline draw their
// labels straight into a draw list, which ImGui's log (the text of the widgets) never sees;
// every such text goes through canvas_text(), which records it while a frame is captured
// (--labels, --labels-rects, tests) and costs one pointer test otherwise.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include <imgui.h>

namespace zs::gui {

// How a recorded rectangle takes part in the overlap check.
enum class DrawnKind : unsigned char {
  Text,      // drawn where its view put it (axis ticks, lane names, the sid in a circle)
  Label,     // placed to avoid the others: no two Labels overlap, no Label covers a Circle
  Circle,    // a server's circle (min/max: its bounding square), which no Label may cover; no text
};

struct DrawnText {
  std::string window;  // the view's id: "cluster", "timeline"
  std::string text;    // empty for a Circle
  ImVec2 min;          // screen rectangle
  ImVec2 max;
  DrawnKind kind = DrawnKind::Text;
  bool cut = false;    // part of it lies outside the clip rectangle: the viewer cannot read it all
};

class TextSink {
 public:
  void clear() { items_.clear(); }
  void add(DrawnText t) { items_.push_back(std::move(t)); }
  const std::vector<DrawnText>& items() const { return items_; }

 private:
  std::vector<DrawnText> items_;
};

// The sink this frame records into; nullptr (the default) records nothing.
void set_text_sink(TextSink* sink);
TextSink* text_sink();

// Draws `text` with its top-left at `pos` (the window's font at its size, or `font` at
// `size`) and records it. Returns the text's size.
ImVec2 canvas_text(ImDrawList* dl, ImVec2 pos, ImU32 col, std::string_view text,
                   DrawnKind kind = DrawnKind::Text);
ImVec2 canvas_text(ImDrawList* dl, ImFont* font, float size, ImVec2 pos, ImU32 col, std::string_view text,
                   DrawnKind kind = DrawnKind::Text);
// Records a circle Labels must stay off (nothing is drawn).
void canvas_circle(ImVec2 center, float radius);

// Rectangles [a_min, a_max] and [b_min, b_max] share more than an edge.
inline bool rects_overlap(ImVec2 a_min, ImVec2 a_max, ImVec2 b_min, ImVec2 b_max) {
  return a_min.x < b_max.x && b_min.x < a_max.x && a_min.y < b_max.y && b_min.y < a_max.y;
}

// The pairs a viewer could not read: Labels over Labels or Circles, in one window.
std::vector<std::pair<std::size_t, std::size_t>> overlapping_labels(const std::vector<DrawnText>& items);

// One line per item: "window kind x0 y0 x1 y1 [cut] | text" (--labels-rects).
std::string format_rects(const std::vector<DrawnText>& items);

}  // namespace zs::gui

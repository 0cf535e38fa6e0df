// The timeline: a space-time diagram of the whole run across the bottom of the window. A lane
// per server coloured by its state over time, an arrow per message from (sent, source) to
// (delivered, target), the current moment as a cursor and the future kept after stepping
// back as a hatched region. Declared here (not only in view_timeline.cpp) so tests can set
// the visible range and read the time axis.
#pragma once

#include <cstdint>
#include <vector>

#include "views/trace_index.hpp"
#include "views/view.hpp"

namespace zs::gui {

// Time along x: t = t0 + (x - x0) * ms_per_px.
struct TimeAxis {
  float x0 = 0;      // screen x of t0 (the plot's left edge)
  float width = 1;   // plot width, px
  double t0 = 0;     // virtual ms at the left edge
  double ms_per_px = 1;
  float top = 0;     // the lanes' vertical extent; the time axis labels are under `bottom`
  float bottom = 0;
  double t1() const { return t0 + width * ms_per_px; }
  float x_of(double t) const { return x0 + static_cast<float>((t - t0) / ms_per_px); }
  double t_at(float x) const { return t0 + (x - x0) * ms_per_px; }
};

class TimelineView final : public View {
 public:
  std::string title() const override;
  Slot slot() const override { return Slot::Bottom; }
  ImGuiWindowFlags extra_flags() const override {
    return ImGuiWindowFlags_NoScrollbar | ImGuiWindowFlags_NoScrollWithMouse;
  }
  void draw_content(const ClusterView& model, UiBus& bus) override;

  // Shows [t0, t1] from the next frame on (leaves "fit the whole run").
  void show_range(double t0, double t1);
  // The axis drawn in the last frame.
  const TimeAxis& axis() const { return axis_; }
  // Events the last frame looked at, and whether it drew them one by one or as density.
  std::size_t events_looked_at() const { return looked_at_; }
  bool aggregated() const { return aggregated_; }

 private:
  struct Hover {
    enum class Kind : std::uint8_t { None, Message, State, Commit, Flight } kind = Kind::None;
    std::size_t index = 0;  // trace index (Flight: index into model.messages)
    float dist = 1e9f;
  };
  void toolbar(const ClusterView& m, UiBus& bus);
  // Attached: each server's observed changes as marks on a wall-clock axis since the attach.
  void draw_attached(const ClusterView& m, UiBus& bus);
  int lane(Sid sid) const;  // index in model.peers, -1 when not drawn
  void zoom(double factor, double t_center, float x_center);
  void clamp(Ms end);
  void focus_chain(const ClusterView& m, Ms end);  // a newly picked message's chain into view
  void draw_states(const ClusterView& m, ImDrawList* dl, float lane_top, float lane_h, const ImVec2& mouse);
  void draw_messages(const ClusterView& m, ImDrawList* dl, float lane_top, float lane_h, float plot_bottom,
                     const ImVec2& mouse);
  void tooltip(const ClusterView& m, double t_mouse) const;

  TimelineIndex index_;
  TimeAxis axis_;
  bool fit_ = true;      // the whole run fits the width
  bool follow_ = true;   // keep the cursor in view while the run plays
  bool dragged_ = false; // the press became a drag, so its release is not a click
  Ms last_now_ = -1;
  std::size_t looked_at_ = 0;
  bool aggregated_ = false;
  Hover hover_;
  int dense_count_ = 0;  // events under the mouse's pixel column when aggregated
  std::vector<int> last_x_;  // per lane pair: the pixel column last drawn (vertical arrows)
  std::vector<float> last_dot_x_;  // per lane: the last state dot / commit mark drawn
  // Per-frame scratch, sized by the number of servers (never by the trace).
  std::vector<int> lane_by_sid_;
  std::vector<PeerStatus> state_;
  std::vector<float> band_x_;
  std::vector<std::uint8_t> resolved_;
  MessageId last_pick_ = 0;  // the picked message focus_chain() last saw
  double pending_t0_ = 0;  // show_range() for the next frame, when pending_t1_ > pending_t0_
  double pending_t1_ = 0;
};

}  // namespace zs::gui

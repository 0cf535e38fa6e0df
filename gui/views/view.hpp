// One window of the app. Each view lives in its own file (view_<name>.cpp) and draws only
// from the ClusterView it is given; user actions go to the UiBus.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include <imgui.h>

#include "cluster_view.hpp"
#include "ui_bus.hpp"

namespace zs::gui {

// Where a view sits; the registry turns slots into rectangles each frame. Side views share
// one window as tabs; Bottom is the full-width strip above the status bar (the timeline).
enum class Slot { Toolbar, Main, Side, Bottom, StatusBar };

class View {
 public:
  virtual ~View() = default;
  // "<translated title>###<stable id>", e.g. tr_id("view.cluster.title", "cluster").
  virtual std::string title() const = 0;
  virtual Slot slot() const = 0;
  virtual ImGuiWindowFlags extra_flags() const { return ImGuiWindowFlags_None; }
  virtual void draw_content(const ClusterView& model, UiBus& bus) = 0;
  // The lab step on screen points at something in this view (its tab label gets a pulsing
  // mark, so the teacher sees where to look; the open tab never changes by itself).
  virtual bool pointed_at(const ClusterView&) const { return false; }
  // Whether the side tab is there for this model (the Servers tab only while attached).
  virtual bool shown(const ClusterView&) const { return true; }
  // The stable id inside title() (after "###"): "cluster", "votes", ...
  std::string id() const {
    const std::string t = title();
    const auto p = t.find("###");
    return p == std::string::npos ? t : t.substr(p + 3);
  }
};

// Whether the toolbar fits its controls on one row at this window width and font size.
inline bool controls_wide(float window_width) { return window_width >= ImGui::GetFontSize() * 64.0f; }

std::unique_ptr<View> make_controls_view();
std::unique_ptr<View> make_cluster_view();
std::unique_ptr<View> make_tree_view();
std::unique_ptr<View> make_console_view();
std::unique_ptr<View> make_log_view();
std::unique_ptr<View> make_status_view();
std::unique_ptr<View> make_timeline_view();
std::unique_ptr<View> make_votes_view();
std::unique_ptr<View> make_zab_view();
std::unique_ptr<View> make_txlog_view();
std::unique_ptr<View> make_servers_view();

class TextSink;

// Where the panes are this frame (pixels). `column`: the cluster pane takes the whole height
// and the side tabs sit above the timeline on its right (a lab, or a window short for its
// font); otherwise the timeline runs across the bottom. `gap` is the splitter bar between panes.
struct Layout {
  bool column = false;
  float gap = 0;
  float toolbar_h = 0;
  float status_h = 0;
  float top = 0;       // under the toolbar
  float main_w = 0;    // the cluster pane's width
  float middle_h = 0;  // the cluster pane's height
  float side_h = 0;    // the side tabs' height
  float bottom_h = 0;  // the timeline's height
};

// All views, laid out to fill the display. registry.cpp is the only list of views.
class Views {
 public:
  Views();
  // Call between ImGui::NewFrame() and ImGui::Render(). With `text`, the text every window
  // drew this frame is appended to it: the widgets' (ImGui's log capture), then each text the
  // window's canvases drew, one a line (screenshots' label checks). With `sink`, the canvas
  // texts are also recorded there with their rectangles.
  void draw(const ClusterView& model, UiBus& bus, std::string* text = nullptr, TextSink* sink = nullptr);
  // The panes' rectangles for this model at the current display size and font.
  Layout layout(const ClusterView& model) const;
  const Layout& last_layout() const { return last_layout_; }
  // Brings a side tab to the front on the next frame ("votes", "zab", "tree", "console",
  // "log"); false when no side view has that id.
  bool select_tab(const std::string& id);
  std::vector<std::string> tab_ids() const;
  const std::string& current_tab() const { return current_tab_; }

 private:
  std::vector<std::unique_ptr<View>> views_;
  std::string select_tab_;   // to select on the next frame
  std::string current_tab_;  // the tab drawn last frame
  bool was_attached_ = false;  // the last frame's model was an attached ensemble
  // What the splitters set, for the session: the cluster pane's share of the width and the
  // timeline's share of the height, per arrangement (0 = timeline across the bottom,
  // 1 = the column); 0 = the default.
  float main_frac_[2] = {0, 0};
  float bottom_frac_[2] = {0, 0};
  Layout last_layout_;
};

}  // namespace zs::gui

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

// All views, laid out to fill the display. registry.cpp is the only list of views.
class Views {
 public:
  Views();
  // Call between ImGui::NewFrame() and ImGui::Render(). With `text`, the text every window
  // drew this frame is appended to it (ImGui's log capture; screenshots' label checks).
  void draw(const ClusterView& model, UiBus& bus, std::string* text = nullptr);
  // Brings a side tab to the front on the next frame ("votes", "zab", "tree", "console",
  // "log"); false when no side view has that id.
  bool select_tab(const std::string& id);
  std::vector<std::string> tab_ids() const;
  const std::string& current_tab() const { return current_tab_; }

 private:
  std::vector<std::unique_ptr<View>> views_;
  std::string select_tab_;   // to select on the next frame
  std::string current_tab_;  // the tab drawn last frame
};

}  // namespace zs::gui

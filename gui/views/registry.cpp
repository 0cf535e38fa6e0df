// The only list of views, and the fixed layout: the toolbar on top, the cluster diagram on
// the left, the side tabs (votes, Zab, logs, tree, console, log) on the right, the timeline across
// the bottom, the status bar under it. During a lab the cluster pane is wider and as tall as
// the window allows, with the side tabs above the timeline on its right. Recomputed every
// frame, so it follows the window size.
#include "i18n.hpp"
#include "views/pulse.hpp"
#include "views/view.hpp"

#include <imgui_internal.h>  // the log buffer

#include <algorithm>

namespace zs::gui {

Views::Views() {
  views_.push_back(make_controls_view());
  views_.push_back(make_cluster_view());
  views_.push_back(make_votes_view());
  views_.push_back(make_zab_view());
  views_.push_back(make_txlog_view());
  views_.push_back(make_tree_view());
  views_.push_back(make_console_view());
  views_.push_back(make_log_view());
  views_.push_back(make_timeline_view());
  views_.push_back(make_status_view());
}

bool Views::select_tab(const std::string& id) {
  for (const auto& v : views_) {
    if (v->slot() == Slot::Side && v->id() == id) {
      select_tab_ = id;
      return true;
    }
  }
  return false;
}

std::vector<std::string> Views::tab_ids() const {
  std::vector<std::string> ids;
  for (const auto& v : views_)
    if (v->slot() == Slot::Side) ids.push_back(v->id());
  return ids;
}

namespace {

// ImGui's log stops at the End() of a top-level window, so the capture is per window.
void begin_capture(const std::string* text) {
  if (text != nullptr) ImGui::LogToBuffer();
}
void end_capture(std::string* text) {
  if (text == nullptr) return;
  *text += ImGui::GetCurrentContext()->LogBuffer.c_str();
  *text += "\n";
  ImGui::LogFinish();
}

}  // namespace

void Views::draw(const ClusterView& model, UiBus& bus, std::string* text) {
  const ImGuiIO& io = ImGui::GetIO();
  const ImGuiStyle& style = ImGui::GetStyle();
  const float w = io.DisplaySize.x;
  const float h = io.DisplaySize.y;
  // The toolbar wraps to three rows when the window is narrow for its font (presenter mode
  // on a small screen); controls_wide() is the same test the toolbar makes.
  const float toolbar_h = (controls_wide(w) ? 2 : 3) * ImGui::GetFrameHeightWithSpacing() + 2 * style.WindowPadding.y;
  const float status_h = ImGui::GetTextLineHeight() + 2 * style.WindowPadding.y;
  bool has_bottom = false;
  for (const auto& v : views_) has_bottom = has_bottom || v->slot() == Slot::Bottom;
  // The timeline: about a quarter of the height, more when its lanes need it (many servers,
  // large fonts), never more than 36 %.
  const float lanes_h = (static_cast<float>(model.peers.size()) + 4.0f) * ImGui::GetFrameHeightWithSpacing();
  const float rest = h - toolbar_h - status_h;
  const float bottom_h = has_bottom ? std::min(rest * 0.36f, std::max({120.0f, rest * 0.27f, lanes_h})) : 0.0f;
  // A lab gives the cluster pane (its card and ring) most of the width and the whole height;
  // the side tabs and the timeline share the column on its right.
  const bool lab = model.lab.has_value();
  const float main_w = w * (lab ? (w < ImGui::GetFontSize() * 50 ? 0.74f : 0.68f) : 0.46f);
  const float middle_h = lab ? rest : h - toolbar_h - status_h - bottom_h;
  const float lab_bottom_h = std::min(rest * 0.55f, std::max(rest * 0.4f, lanes_h));
  const float side_h = lab ? rest - lab_bottom_h : middle_h;
  const ImGuiWindowFlags fixed = ImGuiWindowFlags_NoMove | ImGuiWindowFlags_NoResize |
                                 ImGuiWindowFlags_NoCollapse | ImGuiWindowFlags_NoSavedSettings;

  auto place = [&](Slot slot) {
    switch (slot) {
      case Slot::Toolbar: ImGui::SetNextWindowPos({0, 0}); ImGui::SetNextWindowSize({w, toolbar_h}); break;
      case Slot::Main:
        ImGui::SetNextWindowPos({0, toolbar_h});
        ImGui::SetNextWindowSize({main_w, middle_h});
        break;
      case Slot::Side:
        ImGui::SetNextWindowPos({main_w, toolbar_h});
        ImGui::SetNextWindowSize({w - main_w, side_h});
        break;
      case Slot::Bottom:
        if (lab) {
          ImGui::SetNextWindowPos({main_w, toolbar_h + side_h});
          ImGui::SetNextWindowSize({w - main_w, lab_bottom_h});
          break;
        }
        ImGui::SetNextWindowPos({0, toolbar_h + middle_h});
        ImGui::SetNextWindowSize({w, bottom_h});
        break;
      case Slot::StatusBar:
        ImGui::SetNextWindowPos({0, h - status_h});
        ImGui::SetNextWindowSize({w, status_h});
        break;
    }
  };

  for (auto& view : views_) {
    if (view->slot() == Slot::Side) continue;
    place(view->slot());
    if (ImGui::Begin(view->title().c_str(), nullptr, fixed | view->extra_flags())) {
      begin_capture(text);
      view->draw_content(model, bus);
      end_capture(text);
    }
    ImGui::End();
  }

  // The side views: one window, a tab each.
  place(Slot::Side);
  if (ImGui::Begin("###side", nullptr, fixed | ImGuiWindowFlags_NoTitleBar)) {
    begin_capture(text);
    if (ImGui::BeginTabBar("side_tabs")) {
      for (auto& view : views_) {
        if (view->slot() != Slot::Side) continue;
        const std::string id = view->id();
        const ImGuiTabItemFlags flags = select_tab_ == id ? ImGuiTabItemFlags_SetSelected : 0;
        const bool marked = view->pointed_at(model);
        const std::string label = marked ? pulse_tab_label(view->title()) : view->title();
        const bool open = ImGui::BeginTabItem(label.c_str(), nullptr, flags);
        if (marked) pulse_tab_mark();
        if (open) {
          current_tab_ = id;
          // A child with the view's id, so tests and screenshots find it by name.
          ImGui::BeginChild(("###" + id).c_str(), {0, 0}, false, view->extra_flags());
          view->draw_content(model, bus);
          ImGui::EndChild();
          ImGui::EndTabItem();
        }
      }
      ImGui::EndTabBar();
    }
    select_tab_.clear();
    end_capture(text);
  }
  ImGui::End();
}

}  // namespace zs::gui

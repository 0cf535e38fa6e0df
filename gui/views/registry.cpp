// The only list of views, and the layout: the toolbar on top, the cluster diagram on the
// left, the side tabs (votes, Zab, logs, tree, console, log) on the right, the timeline across the
// bottom, the status bar under it. When the window is short for its font (presenter mode, or
// a lab) the cluster pane takes the whole height and most of the width, and the side tabs sit
// above the timeline in the column on its right. Splitter bars between the panes resize them;
// the sizes are kept for the session (one set per arrangement). Recomputed every frame, so it
// follows the window size.
#include "i18n.hpp"
#include "views/pulse.hpp"
#include "views/text_sink.hpp"
#include "views/theme.hpp"
#include "views/view.hpp"

#include <imgui_internal.h>  // the log buffer

#include <algorithm>
#include <cmath>

namespace zs::gui {

Views::Views() {
  views_.push_back(make_controls_view());
  views_.push_back(make_cluster_view());
  views_.push_back(make_servers_view());  // first of the side tabs, shown while attached
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

// ImGui's log stops at the End() of a top-level window, so the capture is per window: the
// widgets' text as ImGui logs it, then what the window's canvases drew, one text a line.
struct Capture {
  std::string* text = nullptr;
  TextSink* sink = nullptr;
  std::size_t first = 0;  // the sink's first item of this window

  void begin() {
    if (text == nullptr) return;
    ImGui::LogToBuffer();
    first = sink->items().size();
  }
  void end() {
    if (text == nullptr) return;
    *text += ImGui::GetCurrentContext()->LogBuffer.c_str();
    *text += "\n";
    ImGui::LogFinish();
    const auto& items = sink->items();
    for (std::size_t i = first; i < items.size(); ++i) {
      if (items[i].text.empty()) continue;
      *text += items[i].text;
      *text += "\n";
    }
  }
};

// A bar between two panes, `size` at `pos`; dragging it moves the boundary by the mouse's
// motion. Returns the pixels it moved this frame.
float splitter(const char* id, ImVec2 pos, ImVec2 size, bool vertical) {
  ImGui::SetNextWindowPos(pos);
  ImGui::SetNextWindowSize(size);
  ImGui::PushStyleVar(ImGuiStyleVar_WindowPadding, {0, 0});
  ImGui::PushStyleVar(ImGuiStyleVar_WindowMinSize, {1, 1});
  ImGui::PushStyleVar(ImGuiStyleVar_WindowBorderSize, 0);
  const ImGuiWindowFlags flags = ImGuiWindowFlags_NoDecoration | ImGuiWindowFlags_NoSavedSettings |
                                 ImGuiWindowFlags_NoBackground | ImGuiWindowFlags_NoFocusOnAppearing |
                                 ImGuiWindowFlags_NoNav | ImGuiWindowFlags_NoMove;
  float moved = 0;
  if (ImGui::Begin(id, nullptr, flags)) {
    ImGui::InvisibleButton("##bar", size);
    const bool active = ImGui::IsItemActive();
    const bool hovered = ImGui::IsItemHovered();
    if (active) moved = vertical ? ImGui::GetIO().MouseDelta.x : ImGui::GetIO().MouseDelta.y;
    if (active || hovered) ImGui::SetMouseCursor(vertical ? ImGuiMouseCursor_ResizeEW : ImGuiMouseCursor_ResizeNS);
    ImDrawList* dl = ImGui::GetWindowDrawList();
    const ImVec2 max{pos.x + size.x, pos.y + size.y};
    if (active || hovered) {
      dl->AddRectFilled(pos, max, ImGui::GetColorU32(active ? ImGuiCol_SeparatorActive : ImGuiCol_SeparatorHovered));
    } else {
      // A grip in the middle, so the bar can be found.
      const ImVec2 c{pos.x + size.x / 2, pos.y + size.y / 2};
      const float r = std::max(1.5f, std::min(size.x, size.y) * 0.22f);
      const float step = r * 3.2f;
      for (int k = -1; k <= 1; ++k) {
        const ImVec2 p = vertical ? ImVec2{c.x, c.y + static_cast<float>(k) * step}
                                  : ImVec2{c.x + static_cast<float>(k) * step, c.y};
        dl->AddCircleFilled(p, r, ImGui::GetColorU32(ImGuiCol_Separator), 8);
      }
    }
    if (hovered && !active) ImGui::SetTooltip("%s", tr("view.layout.splitter_help"));
  }
  ImGui::End();
  ImGui::PopStyleVar(3);
  return moved;
}

}  // namespace

Layout Views::layout(const ClusterView& model) const {
  const ImGuiIO& io = ImGui::GetIO();
  const ImGuiStyle& style = ImGui::GetStyle();
  const float w = io.DisplaySize.x;
  const float h = io.DisplaySize.y;
  const float font = ImGui::GetFontSize();
  Layout l;
  l.gap = std::round(std::max(6.0f, font * 0.35f));
  // The toolbar wraps to three rows when the window is narrow for its font (presenter mode
  // on a small screen); controls_wide() is the same test the toolbar makes.
  l.toolbar_h = (controls_wide(w) ? 2 : 3) * ImGui::GetFrameHeightWithSpacing() + 2 * style.WindowPadding.y;
  l.status_h = ImGui::GetTextLineHeight() + 2 * style.WindowPadding.y;
  bool has_bottom = false;
  for (const auto& v : views_) has_bottom = has_bottom || v->slot() == Slot::Bottom;
  const float rest = std::max(1.0f, h - l.toolbar_h - l.status_h);
  const bool lab = model.lab.has_value();
  // Short for the font: fewer than about 36 text lines between the toolbar and the status
  // bar (presenter mode at 1.5x on 1600x1000 or 2x on 1280x800).
  l.column = lab || rest < font * 36;
  const int arrangement = l.column ? 1 : 0;
  // The timeline: its toolbar, a text line per lane (so lane names never overlap), the
  // time axis and its scrollbar.
  const float lanes_h = ImGui::GetFrameHeightWithSpacing() * 2 + ImGui::GetTextLineHeight() * 2 +
                        static_cast<float>(model.peers.size()) * ImGui::GetTextLineHeightWithSpacing() * 1.15f +
                        style.ScrollbarSize + 2 * style.WindowPadding.y;

  // The shortest the timeline gets: its toolbar, the time axis and half a text line per lane.
  const float lanes_min_h = ImGui::GetFrameHeightWithSpacing() * 2 + ImGui::GetTextLineHeight() * 2 +
                            static_cast<float>(model.peers.size()) * font * 0.6f + style.ScrollbarSize +
                            2 * style.WindowPadding.y;

  float main_frac = lab ? (w < font * 50 ? 0.74f : 0.68f) : l.column ? 0.62f : 0.46f;
  // Attached, the Servers table wants the width more than the ring does.
  if (model.attached && l.column) main_frac = 0.5f;
  if (main_frac_[arrangement] > 0) main_frac = main_frac_[arrangement];
  const float min_w = std::min(w * 0.3f, font * 12);
  l.main_w = std::clamp(std::round(w * main_frac), min_w, std::max(min_w, w - min_w - l.gap));
  l.top = l.toolbar_h;
  if (!has_bottom) {
    l.middle_h = rest;
    l.side_h = rest;
    return l;
  }
  if (l.column) {
    // The column right of the cluster: the side tabs over the timeline.
    float bottom = lab ? std::min(rest * 0.55f, std::max(rest * 0.4f, lanes_h)) : std::min(rest * 0.6f, std::max(rest * 0.45f, lanes_h));
    // Attached, the Servers table is what there is to read; the timeline has only a few dots.
    if (model.attached) bottom = rest * 0.3f;
    if (bottom_frac_[arrangement] > 0) bottom = rest * bottom_frac_[arrangement];
    const float min_h = model.attached ? font * 4 : std::min(rest * 0.5f, std::max(font * 5, lanes_min_h));
    const float min_side = std::min(rest * 0.25f, font * 5);
    l.bottom_h = std::clamp(std::round(bottom), min_h, std::max(min_h, rest - min_side - l.gap));
    l.middle_h = rest;
    l.side_h = rest - l.bottom_h - l.gap;
  } else {
    // About a quarter of the height, more when its lanes need it, never more than 36 %.
    float bottom = std::min(rest * 0.36f, std::max({120.0f, rest * 0.27f, lanes_h}));
    if (bottom_frac_[arrangement] > 0) bottom = rest * bottom_frac_[arrangement];
    const float min_h = std::min(rest * 0.5f, std::max(font * 5, lanes_min_h));
    const float min_middle = std::min(rest * 0.25f, font * 5);
    l.bottom_h = std::clamp(std::round(bottom), min_h, std::max(min_h, rest - min_middle - l.gap));
    l.middle_h = rest - l.bottom_h - l.gap;
    l.side_h = l.middle_h;
  }
  return l;
}

void Views::draw(const ClusterView& model, UiBus& bus, std::string* text, TextSink* sink) {
  const ImGuiIO& io = ImGui::GetIO();
  const float w = io.DisplaySize.x;
  const float h = io.DisplaySize.y;
  const Layout l = layout(model);
  last_layout_ = l;
  const ImGuiWindowFlags fixed = ImGuiWindowFlags_NoMove | ImGuiWindowFlags_NoResize |
                                 ImGuiWindowFlags_NoCollapse | ImGuiWindowFlags_NoSavedSettings;
  // Canvas text is recorded while someone asked for it.
  TextSink own;
  if (text != nullptr && sink == nullptr) sink = &own;
  if (sink != nullptr) sink->clear();
  TextSink* const before = text_sink();
  set_text_sink(sink);
  Capture capture{text, sink};

  const float right_x = l.main_w + l.gap;
  const float right_w = w - right_x;
  auto place = [&](Slot slot) {
    switch (slot) {
      case Slot::Toolbar: ImGui::SetNextWindowPos({0, 0}); ImGui::SetNextWindowSize({w, l.toolbar_h}); break;
      case Slot::Main:
        ImGui::SetNextWindowPos({0, l.top});
        ImGui::SetNextWindowSize({l.main_w, l.middle_h});
        break;
      case Slot::Side:
        ImGui::SetNextWindowPos({right_x, l.top});
        ImGui::SetNextWindowSize({right_w, l.side_h});
        break;
      case Slot::Bottom:
        if (l.column) {
          ImGui::SetNextWindowPos({right_x, l.top + l.side_h + l.gap});
          ImGui::SetNextWindowSize({right_w, l.bottom_h});
          break;
        }
        ImGui::SetNextWindowPos({0, l.top + l.middle_h + l.gap});
        ImGui::SetNextWindowSize({w, l.bottom_h});
        break;
      case Slot::StatusBar:
        ImGui::SetNextWindowPos({0, h - l.status_h});
        ImGui::SetNextWindowSize({w, l.status_h});
        break;
    }
  };

  // In the column arrangement (a window short for its font, or a lab) the timeline, and
  // without a lab the ring, need no title bar to be recognised, and get its height.
  for (auto& view : views_) {
    if (view->slot() == Slot::Side) continue;
    place(view->slot());
    const bool untitled = l.column && (view->slot() == Slot::Bottom || (view->slot() == Slot::Main && !model.lab));
    if (ImGui::Begin(view->title().c_str(), nullptr, fixed | view->extra_flags() | (untitled ? ImGuiWindowFlags_NoTitleBar : 0))) {
      capture.begin();
      view->draw_content(model, bus);
      capture.end();
    }
    ImGui::End();
  }

  // The side views: one window, a tab each.
  place(Slot::Side);
  if (ImGui::Begin("###side", nullptr, fixed | ImGuiWindowFlags_NoTitleBar)) {
    capture.begin();
    // Tabs that would be squeezed to a letter or two (a narrow pane at presenter scale) keep
    // their names: the bar scrolls, with a list of every tab at its left.
    float tabs_w = 0;
    // Attaching brings the Servers tab to the front; detaching, whatever tab the
    // simulation shows first.
    if (model.attached.has_value() != was_attached_ && select_tab_.empty())
      select_tab_ = model.attached ? "servers" : "";
    was_attached_ = model.attached.has_value();
    for (auto& view : views_) {
      if (view->slot() != Slot::Side || !view->shown(model)) continue;
      tabs_w += ImGui::CalcTextSize(view->title().c_str(), nullptr, true).x + 2 * ImGui::GetStyle().FramePadding.x +
                ImGui::GetStyle().ItemInnerSpacing.x;
    }
    const ImGuiTabBarFlags tab_flags = tabs_w > ImGui::GetContentRegionAvail().x
                                           ? ImGuiTabBarFlags_FittingPolicyScroll | ImGuiTabBarFlags_TabListPopupButton
                                           : ImGuiTabBarFlags_None;
    if (ImGui::BeginTabBar("side_tabs", tab_flags)) {
      for (auto& view : views_) {
        if (view->slot() != Slot::Side || !view->shown(model)) continue;
        const std::string id = view->id();
        const ImGuiTabItemFlags flags = select_tab_ == id ? ImGuiTabItemFlags_SetSelected : 0;
        const bool marked = view->pointed_at(model);
        const std::string label = marked ? pulse_tab_label(view->title()) : view->title();
        const bool open = ImGui::BeginTabItem(label.c_str(), nullptr, flags);
        if (marked) pulse_tab_mark();
        // A tab squeezed to "Vo…" (a narrow pane, large text) names itself on hover.
        const std::string title = view->title();
        const float full_w = ImGui::CalcTextSize(title.c_str(), nullptr, true).x + 2 * ImGui::GetStyle().FramePadding.x;
        if (ImGui::IsItemHovered() && ImGui::GetItemRectSize().x + 1 < full_w) {
          ImGui::SetTooltip("%s", title.substr(0, title.find("###")).c_str());
        }
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
    capture.end();
  }
  ImGui::End();
  set_text_sink(before);

  // The splitters: between the cluster and the right-hand panes, and above the timeline.
  const int arrangement = l.column ? 1 : 0;
  const float column_h = l.column ? l.middle_h : l.side_h;
  if (const float dx = splitter("##split_main", {l.main_w, l.top}, {l.gap, column_h}, true); dx != 0) {
    main_frac_[arrangement] = std::clamp((l.main_w + dx) / w, 0.1f, 0.9f);
  }
  if (l.bottom_h > 0) {
    const ImVec2 at = l.column ? ImVec2{right_x, l.top + l.side_h} : ImVec2{0, l.top + l.middle_h};
    const ImVec2 size = l.column ? ImVec2{right_w, l.gap} : ImVec2{w, l.gap};
    const float rest = l.column ? l.middle_h : l.middle_h + l.gap + l.bottom_h;
    if (const float dy = splitter("##split_bottom", at, size, false); dy != 0) {
      bottom_frac_[arrangement] = std::clamp((l.bottom_h - dy) / rest, 0.05f, 0.95f);
    }
  }
}

}  // namespace zs::gui

// The views drawn headless: an ImGui context with a built font atlas and no GL or window
// (reference/gui-stack.md §8). Mouse input is fed frame by frame like a backend would.
#include <algorithm>
#include <string>
#include <variant>
#include <vector>

#include <gtest/gtest.h>
#include <imgui.h>
#include <imgui_internal.h>

#include "cluster_view.hpp"
#include "view/model.hpp"
#include "config/config.hpp"
#include "ui_bus.hpp"
#include "views/theme.hpp"
#include "views/view.hpp"
#include "headless.hpp"

namespace zs::gui {
using namespace view;  // the simulated source's model builders
namespace {

PeerSnapshot peer(Sid sid, PeerStatus status, Sid leader) {
  PeerSnapshot p;
  p.sid = sid;
  p.up = status != PeerStatus::Down;
  p.status = status;
  p.leader = leader;
  p.vote.leader = leader == 0 ? sid : leader;
  p.vote.zxid = Zxid::make(0, 0);
  p.round = 1;
  p.current_epoch = leader == 0 ? 0 : 1;
  p.accepted_epoch = p.current_epoch;
  p.last_processed_zxid = leader == 0 ? Zxid{} : Zxid::make(1, 0);
  p.serving = leader != 0;
  return p;
}

// Server 2 leads servers 1 and 3, as after the first election of a fresh 3-server ensemble.
ClusterView elected_ensemble() {
  ClusterView m;
  m.now = 3000;
  m.events_processed = 42;
  m.peers = {peer(1, PeerStatus::Following, 2), peer(2, PeerStatus::Leading, 2),
             peer(3, PeerStatus::Following, 2)};
  m.stable_leader = 2;
  return m;
}

ClusterView electing_ensemble() {
  ClusterView m;
  m.peers = {peer(1, PeerStatus::Looking, 0), peer(2, PeerStatus::Looking, 0),
             peer(3, PeerStatus::Looking, 0)};
  return m;
}

// A view's window by its "###id": a top-level window, or the child a side tab draws in
// (ImGui names those "<parent>/###id_<hash>").
ImGuiWindow* find_view_window(const char* id) {
  if (ImGuiWindow* w = ImGui::FindWindowByName(id)) return w;
  const std::string child = std::string("/") + id + "_";
  for (ImGuiWindow* w : ImGui::GetCurrentContext()->Windows)
    if (std::string(w->Name).find(child) != std::string::npos) return w;
  return nullptr;
}

class HeadlessViews : public ::testing::Test {
 protected:
  void SetUp() override {
    create_headless_imgui();
    // The tests below look at the trace tab, not the first one; selecting a tab takes a frame.
    views_.select_tab("log");
    frame(ClusterView{});
    frame(ClusterView{});
  }
  void TearDown() override { ImGui::DestroyContext(); }

  void frame(const ClusterView& m) {
    ImGui::NewFrame();
    views_.draw(m, bus_);
    ImGui::Render();
  }

  // Opaque vertices of exactly `col` drawn by a window and its child windows (a table's
  // rows are in a child): circles, swatches, text.
  static int vertices_of_color(const char* window, ImU32 col) {
    const ImGuiWindow* root = find_view_window(window);
    if (root == nullptr) return -1;
    int n = 0;
    for (const ImGuiWindow* w : ImGui::GetCurrentContext()->Windows) {
      if (w != root && w->ParentWindow != root) continue;
      const auto& vb = w->DrawList->VtxBuffer;
      n += static_cast<int>(std::count_if(vb.begin(), vb.end(),
                                          [&](const ImDrawVert& v) { return v.col == col; }));
    }
    return n;
  }

  // Moves the mouse down the column x until an item (other than `ignore`) is under it;
  // returns its y, or -1.
  float find_item_below(const ClusterView& m, float x, float y0, ImGuiID ignore = 0) {
    for (float y = y0; y < ImGui::GetIO().DisplaySize.y; y += 2) {
      ImGui::GetIO().MousePos = {x, y};
      frame(m);
      frame(m);  // hover is resolved from the previous frame's items
      const ImGuiID hovered = ImGui::GetCurrentContext()->HoveredId;
      if (hovered != 0 && hovered != ignore) return y;
    }
    return -1;
  }

  void click(const ClusterView& m, int button) {
    ImGui::GetIO().MouseDown[button] = true;
    frame(m);
    ImGui::GetIO().MouseDown[button] = false;
    frame(m);
    frame(m);
  }

  Views views_;
  UiBus bus_;
};

TEST_F(HeadlessViews, ClusterWindowIsDrawn) {
  frame(elected_ensemble());

  const ImGuiWindow* cluster = ImGui::FindWindowByName("###cluster");
  ASSERT_NE(cluster, nullptr);
  EXPECT_TRUE(cluster->Active);
  EXPECT_GT(cluster->DrawList->VtxBuffer.Size, 1000);
  EXPECT_GT(ImGui::GetDrawData()->TotalVtxCount, 0);
  for (const char* name : {"###controls", "###log", "###timeline", "###status"}) {
    EXPECT_NE(find_view_window(name), nullptr) << name;
  }
  EXPECT_TRUE(bus_.pending().empty());
}

// The leader's circle is filled green: many more green vertices than the legend swatch and
// the "LEADING" label give while nobody leads.
TEST_F(HeadlessViews, LeaderIsDrawnGreen) {
  const ImU32 green = status_color(PeerStatus::Leading);
  frame(electing_ensemble());
  const int without_leader = vertices_of_color("###cluster", green);
  frame(elected_ensemble());
  const int with_leader = vertices_of_color("###cluster", green);

  ASSERT_GE(without_leader, 0);
  EXPECT_GE(with_leader - without_leader, 40);  // a 40-segment filled circle and its label
}

// With no servers only the legend swatch is green, as while everyone is LOOKING.
TEST_F(HeadlessViews, EmptyEnsembleDrawsNoServers) {
  const ImU32 green = status_color(PeerStatus::Leading);
  frame(electing_ensemble());
  const int electing = vertices_of_color("###cluster", green);
  frame(ClusterView{});
  const int empty = vertices_of_color("###cluster", green);

  EXPECT_GT(empty, 0);
  EXPECT_EQ(empty, electing);
}

TEST_F(HeadlessViews, PlayPauseButtonPostsSetPaused) {
  ClusterView m = elected_ensemble();
  const float y = find_item_below(m, 30, 0);
  ASSERT_GE(y, 0);
  click(m, 0);

  const auto events = bus_.take();
  ASSERT_EQ(events.size(), 1u);
  ASSERT_TRUE(std::holds_alternative<SetPaused>(events[0]));
  EXPECT_TRUE(std::get<SetPaused>(events[0]).paused);
}

// Right-click the only server, then pick the first menu entry: Crash.
TEST_F(HeadlessViews, RightClickServerCrashesIt) {
  ClusterView m;
  m.peers = {peer(1, PeerStatus::Leading, 1)};
  frame(m);
  const ImGuiWindow* cluster = ImGui::FindWindowByName("###cluster");
  ASSERT_NE(cluster, nullptr);
  // One server sits on the horizontal centre of the diagram, below the legend.
  const float x = cluster->Pos.x + cluster->Size.x / 2;
  const float legend_bottom = cluster->Pos.y + cluster->TitleBarHeight() + 3 * ImGui::GetFontSize();
  // The diagram's canvas (where links are clicked) lies under the servers: skip it.
  const float canvas_y = find_item_below(m, x, legend_bottom);
  ASSERT_GE(canvas_y, 0) << "no diagram under the mouse";
  const float y = find_item_below(m, x, canvas_y, ImGui::GetCurrentContext()->HoveredId);
  ASSERT_GE(y, 0) << "no server under the mouse";
  click(m, 1);
  ASSERT_TRUE(ImGui::IsPopupOpen("", ImGuiPopupFlags_AnyPopupId));

  const float item_y = find_item_below(m, x + 20, y + 1);
  ASSERT_GE(item_y, 0) << "no menu entry under the mouse";
  click(m, 0);

  const auto events = bus_.take();
  ASSERT_EQ(events.size(), 1u);
  ASSERT_TRUE(std::holds_alternative<CrashServer>(events[0]));
  EXPECT_EQ(std::get<CrashServer>(events[0]).sid, 1);
}

// Log rows are drawn through a clipper: 200 lines cost about as much as the rows that fit.
TEST_F(HeadlessViews, LogViewDrawsOnlyVisibleRows) {
  TraceLog trace;
  TraceContext ctx;
  ctx.election_address = {"", "127.0.0.1:3888", "127.0.0.1:3889", "127.0.0.1:3890"};
  auto add = [&](std::size_t n) {
    for (std::size_t i = 0; i < n; ++i) {
      LogLine line;
      line.sid = 1;
      line.kind = LogKind::CannotOpenChannel;
      line.level = LogLevel::Warn;
      line.a[0] = 2;
      trace.push_back(TraceEvent{static_cast<Ms>(trace.size()), line});
    }
  };
  auto warn_vertices = [&] {
    ClusterView m = elected_ensemble();
    m.trace = &trace;
    m.trace_context = &ctx;
    frame(m);
    frame(m);  // the list settles its scroll position in the second frame
    return vertices_of_color("###log", kWarnColor);
  };
  add(10);
  const int few = warn_vertices();
  add(190);
  const int many = warn_vertices();

  EXPECT_GT(few, 0);
  EXPECT_GT(many, few);
  EXPECT_LT(many, 8 * few);  // about 40 rows fit; without clipping it would be 20x
}

TEST_F(HeadlessViews, HidePingsCheckboxPostsTheFilter) {
  ClusterView m = elected_ensemble();
  m.hide_pings = true;
  // The checkbox is the first item of the log window; find it by hovering down its left edge.
  ImGuiWindow* w = nullptr;
  frame(m);
  for (ImGuiWindow* win : ImGui::GetCurrentContext()->Windows)
    if (std::string(win->Name).find("###log") != std::string::npos) w = win;
  ASSERT_NE(w, nullptr);
  ImGui::GetIO().MousePos = {w->ContentRegionRect.Min.x + 8, w->ContentRegionRect.Min.y + 8};
  click(m, 0);
  bool posted = false;
  for (const auto& e : bus_.take())
    if (const auto* h = std::get_if<SetHidePings>(&e)) posted = !h->hide;
  EXPECT_TRUE(posted) << "unticking the box asks to show PINGs";
}

// Every transport button in the toolbar's first row posts its own event: sweep the row
// left to right, clicking each new item under the mouse.
TEST_F(HeadlessViews, TransportButtonsPostTheirEvents) {
  ClusterView m = elected_ensemble();
  const float y = ImGui::GetStyle().WindowPadding.y + ImGui::GetFrameHeight() / 2;
  bool paused = false, back = false, step = false, next = false;
  ImGuiID last = 0;
  for (float x = 4; x < 600 && !(paused && back && step && next); x += 3) {
    ImGui::GetIO().MousePos = {x, y};
    frame(m);
    frame(m);
    const ImGuiID hovered = ImGui::GetCurrentContext()->HoveredId;
    if (hovered == 0 || hovered == last) continue;
    last = hovered;
    click(m, 0);
    for (const UiEvent& e : bus_.take()) {
      paused = paused || std::holds_alternative<SetPaused>(e);
      back = back || std::holds_alternative<StepBack>(e);
      step = step || std::holds_alternative<StepForward>(e);
      next = next || std::holds_alternative<NextStateChange>(e);
    }
  }
  EXPECT_TRUE(paused);
  EXPECT_TRUE(back);
  EXPECT_TRUE(step);
  EXPECT_TRUE(next);
}

// The scrub bar spans the whole run, future included: a click on it asks for a moment in it.
TEST_F(HeadlessViews, ScrubBarSeeksWithinTheRun) {
  ClusterView m = elected_ensemble();
  m.now = 4000;
  m.furthest_ms = 10000;
  const float y = ImGui::GetStyle().WindowPadding.y + ImGui::GetFrameHeightWithSpacing() +
                  ImGui::GetFrameHeight() / 2;
  ImGui::GetIO().MousePos = {900, y};  // right of the current moment
  frame(m);
  frame(m);
  click(m, 0);
  bool sought = false;
  for (const UiEvent& e : bus_.take()) {
    if (const auto* s = std::get_if<SeekTime>(&e)) {
      sought = true;
      EXPECT_GT(s->at, m.now) << "the click lies right of the current moment: the kept future";
      EXPECT_LE(s->at, m.furthest_ms);
    }
  }
  EXPECT_TRUE(sought);
}

// Clicking one of the two lines of a link opens its menu; the first entry cuts that direction.
TEST_F(HeadlessViews, ClickingALinkCutsOneDirection) {
  ClusterView m;
  m.peers = {peer(1, PeerStatus::Leading, 1), peer(2, PeerStatus::Following, 1)};
  m.cut.assign(4, 0);
  frame(m);
  const ImGuiWindow* cluster = find_view_window("###cluster");
  ASSERT_NE(cluster, nullptr);
  // Two servers sit one above the other on the diagram's centre line; the link's two
  // directions are lines 3 px either side of it. Look for a spot between them where the
  // tooltip names a direction.
  const float x = cluster->Pos.x + cluster->Size.x / 2 + 3;
  const float top = cluster->Pos.y + cluster->Size.y * 0.35f;
  bool opened = false;
  for (float y = top; y < cluster->Pos.y + cluster->Size.y * 0.65f && !opened; y += 4) {
    ImGui::GetIO().MousePos = {x, y};
    frame(m);
    frame(m);
    click(m, 0);
    opened = ImGui::IsPopupOpen("", ImGuiPopupFlags_AnyPopupId);
  }
  ASSERT_TRUE(opened) << "no link under the mouse";
  const ImVec2 at = ImGui::GetIO().MousePos;
  const float item_y = find_item_below(m, at.x + 20, at.y + 1);
  ASSERT_GE(item_y, 0) << "no menu entry under the mouse";
  click(m, 0);
  const auto events = bus_.take();
  ASSERT_EQ(events.size(), 1u);
  const auto* cut = std::get_if<CutLink>(&events[0]);
  ASSERT_NE(cut, nullptr);
  EXPECT_NE(cut->from, cut->to);
  EXPECT_TRUE((cut->from == 1 && cut->to == 2) || (cut->from == 2 && cut->to == 1));
}

TEST(Model, PingsAreLeftOutOfTheTracePanelWhenHidden) {
  Simulator sim(config::default_ensemble(3), SimOptions{});
  for (Sid s = 1; s <= 3; ++s) {
    ScheduledAction a;
    a.sid = s;
    sim.schedule(a);
  }
  sim.run_until(60000);  // a minute of PINGs after the election
  RecentTrace recent;
  const ClusterView hidden = build_model(sim, true, recent);
  ASSERT_FALSE(hidden.recent_trace.empty());
  for (const auto& ev : hidden.recent_trace) EXPECT_FALSE(is_ping(ev));
  ASSERT_EQ(hidden.recent_index.size(), hidden.recent_trace.size());
  for (std::size_t i = 1; i < hidden.recent_index.size(); ++i) EXPECT_LT(hidden.recent_index[i - 1], hidden.recent_index[i]);
  RecentTrace all;
  const ClusterView shown = build_model(sim, false, all);
  EXPECT_EQ(shown.recent_trace.size(), kLogRows);
  std::size_t pings = 0;
  for (const auto& ev : shown.recent_trace) pings += is_ping(ev);
  EXPECT_GT(pings, kLogRows / 2) << "without the filter the panel is mostly PINGs";
  EXPECT_EQ(shown.recent_index.back() + 1, sim.trace().size());
}

}  // namespace
}  // namespace zs::gui

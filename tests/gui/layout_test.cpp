// The layout headless: the splitters resize the panes and keep the size, presenter mode gives
// the ring the room to show each server's state, vote and last zxid without two labels
// overlapping, and --labels lists what the canvases drew.
#include <algorithm>
#include <regex>
#include <string>
#include <vector>

#include <gtest/gtest.h>
#include <imgui.h>
#include <imgui_internal.h>

#include "cluster_view.hpp"
#include "headless.hpp"
#include "ui_bus.hpp"
#include "views/text_sink.hpp"
#include "views/theme.hpp"
#include "views/view.hpp"

namespace zs::gui {
namespace {

PeerSnapshot peer(Sid sid, PeerStatus status, Sid leader) {
  PeerSnapshot p;
  p.sid = sid;
  p.up = status != PeerStatus::Down;
  p.status = status;
  p.leader = leader;
  p.vote.leader = leader == 0 ? sid : leader;
  p.vote.zxid = Zxid::make(0, 0);  // elected at startup; applied 7 writes since
  p.round = 1;
  p.current_epoch = 1;
  p.accepted_epoch = 1;
  p.last_processed_zxid = Zxid::make(1, 7);
  p.serving = leader != 0;
  return p;
}

ClusterView five_elected() {
  ClusterView m;
  m.now = 3000;
  for (Sid s = 1; s <= 5; ++s) m.peers.push_back(peer(s, s == 5 ? PeerStatus::Leading : PeerStatus::Following, 5));
  m.stable_leader = 5;
  return m;
}

class Layouts : public ::testing::Test {
 protected:
  void SetUp() override { create_headless_imgui(); }
  void TearDown() override {
    set_line_scale(1.0f);
    ImGui::DestroyContext();
  }

  // Presenter mode at `scale` for an 18 px font, as the window sets it (the default font is
  // 13 px; its glyphs are about as wide as the app's at the same size).
  static void presenter(float scale) {
    ImGui::GetIO().FontGlobalScale = 18.0f * scale / 13.0f;
    ImGuiStyle style;
    style_high_contrast(style);
    style.ScaleAllSizes(scale);
    ImGui::GetStyle() = style;
    set_line_scale(scale);
  }

  void frame(const ClusterView& m, std::string* text = nullptr) {
    ImGui::NewFrame();
    views_.draw(m, bus_, text, &sink_);
    ImGui::Render();
  }

  // Presses the left button at `from`, drags to `to` over a few frames and lets go.
  void drag(const ClusterView& m, ImVec2 from, ImVec2 to) {
    ImGuiIO& io = ImGui::GetIO();
    io.MousePos = from;
    frame(m);
    io.MouseDown[0] = true;
    frame(m);
    for (int k = 1; k <= 4; ++k) {
      io.MousePos = {from.x + (to.x - from.x) * static_cast<float>(k) / 4, from.y + (to.y - from.y) * static_cast<float>(k) / 4};
      frame(m);
    }
    io.MouseDown[0] = false;
    frame(m);
    io.MousePos = {-FLT_MAX, -FLT_MAX};
    frame(m);
  }

  std::vector<DrawnText> drawn(const char* window) const {
    std::vector<DrawnText> out;
    for (const auto& t : sink_.items())
      if (t.window == window) out.push_back(t);
    return out;
  }

  static int count(const std::vector<DrawnText>& items, const char* pattern) {
    const std::regex re(pattern);
    return static_cast<int>(std::count_if(items.begin(), items.end(), [&](const DrawnText& t) { return std::regex_match(t.text, re); }));
  }

  Views views_;
  UiBus bus_;
  TextSink sink_;
};

TEST_F(Layouts, DraggingTheSplittersResizesThePanesForTheSession) {
  const ClusterView m = five_elected();
  frame(m);
  frame(m);
  const Layout before = views_.last_layout();
  ASSERT_FALSE(before.column);
  ASSERT_GT(before.gap, 0);
  const ImGuiWindow* cluster = ImGui::FindWindowByName("###cluster");
  ASSERT_NE(cluster, nullptr);
  const float w0 = cluster->Size.x;

  // The bar between the cluster and the side tabs, dragged 120 px to the right.
  const ImVec2 bar{before.main_w + before.gap / 2, before.top + before.middle_h / 2};
  drag(m, bar, {bar.x + 120, bar.y});
  EXPECT_NEAR(views_.last_layout().main_w, before.main_w + 120, 2);
  EXPECT_NEAR(ImGui::FindWindowByName("###cluster")->Size.x, w0 + 120, 2);

  // The bar above the timeline, dragged 80 px up: the timeline grows by as much.
  const Layout mid = views_.last_layout();
  const ImVec2 hbar{400, mid.top + mid.middle_h + mid.gap / 2};
  drag(m, hbar, {hbar.x, hbar.y - 80});
  EXPECT_NEAR(views_.last_layout().bottom_h, mid.bottom_h + 80, 2);

  // Kept on later frames, and the panes still fill the window without overlapping.
  for (int k = 0; k < 3; ++k) frame(m);
  const Layout after = views_.last_layout();
  EXPECT_NEAR(after.main_w, before.main_w + 120, 2);
  EXPECT_NEAR(after.bottom_h, mid.bottom_h + 80, 2);
  const float h = ImGui::GetIO().DisplaySize.y;
  EXPECT_NEAR(after.toolbar_h + after.middle_h + after.gap + after.bottom_h + after.status_h, h, 1);
  EXPECT_TRUE(bus_.pending().empty());
}

TEST_F(Layouts, PresenterGivesTheRingMostOfTheWindowAndEveryServerItsStateVoteAndZxid) {
  presenter(2.0f);
  const ClusterView m = five_elected();
  frame(m);
  frame(m);
  const Layout l = views_.last_layout();
  EXPECT_TRUE(l.column) << "the ring takes the whole height";
  EXPECT_GE(l.main_w, 0.6f * 1280);

  const auto ring = drawn("cluster");
  EXPECT_EQ(count(ring, "LEADING"), 1);
  EXPECT_EQ(count(ring, "FOLLOWING"), 4);
  EXPECT_EQ(count(ring, "vote.*"), 5);
  EXPECT_EQ(count(ring, "(.*zxid )?0x100000007"), 5);
  for (const auto& [i, j] : overlapping_labels(ring)) ADD_FAILURE() << ring[i].text << " overlaps " << (ring[j].text.empty() ? "a circle" : ring[j].text);
  for (const auto& t : ring) EXPECT_FALSE(t.kind == DrawnKind::Label && t.cut) << t.text;
  // Drawn large: the labels are at least two thirds of the presenter's text size (36 px).
  const auto state = std::find_if(ring.begin(), ring.end(), [](const DrawnText& t) { return t.text == "LEADING"; });
  ASSERT_NE(state, ring.end());
  EXPECT_GE(state->max.y - state->min.y, 24);

  // The timeline's lane names: one per server, none over another.
  const auto lanes = drawn("timeline");
  EXPECT_EQ(count(lanes, "server\\.[1-5]"), 5);
  EXPECT_TRUE(overlapping_labels(lanes).empty());
}

TEST_F(Layouts, LaneNamesShrinkRatherThanOverlapWhenTheTimelineIsDraggedShort) {
  ClusterView m = five_elected();
  for (Sid s = 6; s <= 9; ++s) m.peers.push_back(peer(s, PeerStatus::Following, 5));
  frame(m);
  frame(m);
  const Layout l = views_.last_layout();
  const ImVec2 hbar{400, l.top + l.middle_h + l.gap / 2};
  drag(m, hbar, {hbar.x, hbar.y + 400});  // as short as it goes
  EXPECT_LT(views_.last_layout().bottom_h, l.bottom_h - 50);
  const auto lanes = drawn("timeline");
  EXPECT_EQ(count(lanes, "server\\.[1-9]"), 9);
  for (const auto& [i, j] : overlapping_labels(lanes)) ADD_FAILURE() << lanes[i].text << " overlaps " << lanes[j].text;
}

TEST_F(Layouts, LabelsListTheCanvasTextsOneALine) {
  const ClusterView m = five_elected();
  frame(m);
  std::string text;
  frame(m, &text);
  // The ring's state words and the timeline's lane names, each on a line of its own.
  EXPECT_NE(text.find("\nLEADING\n"), std::string::npos) << text;
  EXPECT_NE(text.find("\nserver.3\n"), std::string::npos) << text;
  EXPECT_TRUE(std::regex_search(text, std::regex("\n[^\n]*0x100000007\n"))) << text;
}

}  // namespace
}  // namespace zs::gui

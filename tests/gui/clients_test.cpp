// Clients on the cluster drawing, drawn headless: each console's client is labelled with its
// session id beside its server, and a click on it selects its console (the Console tab comes
// to the front) and that client (its ephemerals lit in the tree).
#include <filesystem>
#include <string>

#include <gtest/gtest.h>

#include <imgui_internal.h>

#include "driver.hpp"
#include "headless.hpp"
#include "run/run_file.hpp"
#include "views/clients_draw.hpp"
#include "views/text_sink.hpp"
#include "views/view.hpp"

namespace zs::gui {
namespace {

class ClientViews : public ::testing::Test {
 protected:
  void SetUp() override { create_headless_imgui(); }
  void TearDown() override { ImGui::DestroyContext(); }
  void frame(const ClusterView& m) {
    sink_.clear();
    ImGui::NewFrame();
    views_.draw(m, bus_, nullptr, &sink_);  // the canvas texts with their rectangles
    ImGui::Render();
  }
  // The sessions scenario at 4 s: server 1's console holds the ephemeral /lock, server 2's
  // watches it.
  static Driver& sessions_at(std::optional<Driver>& d, Ms at) {
    const auto file = std::filesystem::path(ZS_SOURCE_DIR) / "assets" / "scenarios" / "sessions.json";
    auto run = run::load_run_file(file.string());
    EXPECT_TRUE(run.ok());
    d.emplace(run.value().setup);
    d->load(run.value(), at);
    return *d;
  }
  Views views_;
  UiBus bus_;
  TextSink sink_;
};

TEST_F(ClientViews, EachClientIsLabelledWithItsSessionIdAndAClickOpensItsConsole) {
  std::optional<Driver> holder;
  Driver& d = sessions_at(holder, 4000);
  const ClusterView& m = d.model();
  ASSERT_EQ(m.clients.list.size(), 2u);
  frame(m);
  frame(m);
  // Both session ids are drawn on the cluster canvas as labels.
  const ClientModel& first = m.clients.list[0];
  ASSERT_EQ(first.console, 1);
  const DrawnText* label = nullptr;
  int ids = 0;
  for (const DrawnText& t : sink_.items()) {
    if (t.window != "cluster" || t.kind != DrawnKind::Label) continue;
    for (const ClientModel& c : m.clients.list)
      if (t.text == "0x" + hex(c.session_id)) ++ids;
    if (t.text == "0x" + hex(first.session_id)) label = &t;
  }
  EXPECT_EQ(ids, 2);
  ASSERT_NE(label, nullptr);
  // Hovering it opens its tooltip (what is waited for, which setting sets it).
  ImGui::GetIO().MousePos = {(label->min.x + label->max.x) / 2, (label->min.y + label->max.y) / 2};
  frame(m);
  frame(m);
  const ImGuiWindow* tip = ImGui::FindWindowByName("##Tooltip_00");
  ASSERT_NE(tip, nullptr);
  EXPECT_TRUE(tip->Active);
  // A click on that label: server 1's console, in front, with this client selected.
  ImGui::GetIO().MouseDown[0] = true;
  frame(m);
  ImGui::GetIO().MouseDown[0] = false;
  frame(m);
  bool clicked = false;
  for (const UiEvent& e : bus_.take()) {
    const auto* s = std::get_if<SelectServer>(&e);
    if (s == nullptr) continue;
    clicked = true;
    EXPECT_EQ(s->sid, 1);
    EXPECT_EQ(s->tab, "console");
    EXPECT_EQ(s->client, first.index);
    d.apply(e);
  }
  ASSERT_TRUE(clicked);
  const WindowRequests requests = d.take_window_requests();
  EXPECT_EQ(requests.tab, "console");
  ASSERT_TRUE(views_.select_tab(requests.tab));
  const ClusterView& after = d.model();
  EXPECT_EQ(after.selected_server, 1);
  EXPECT_EQ(after.clients.selected, first.index);
  ImGui::GetIO().MousePos = {-FLT_MAX, -FLT_MAX};
  frame(after);
  frame(after);
  EXPECT_EQ(views_.current_tab(), "console");
  // The tree (of server 1, selected) marks the selected client's ephemeral /lock with its
  // session, and only that one.
  ASSERT_TRUE(views_.select_tab("tree"));
  frame(after);
  std::string drawn;
  ImGui::NewFrame();
  views_.draw(after, bus_, &drawn, &sink_);
  ImGui::Render();
  EXPECT_EQ(views_.current_tab(), "tree");
  const std::string mark = session_hex(first.session_id, true);
  const auto at = drawn.find(mark);
  ASSERT_NE(at, std::string::npos) << drawn;
  EXPECT_NE(drawn.rfind("lock", at), std::string::npos);
  EXPECT_EQ(drawn.find(mark, at + 1), std::string::npos);
  // A new run: the client picked in the old one is no longer selected.
  d.apply(NewEnsemble{3, 0, 1});
  EXPECT_EQ(d.model().clients.selected, -1);
}

}  // namespace
}  // namespace zs::gui

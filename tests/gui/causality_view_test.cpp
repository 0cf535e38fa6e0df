// Picking a message (view/causality.hpp on screen): the driver keeps the pick and the model
// carries its chain, the caption says in words what caused it and what it caused, the
// timeline draws the chain in its two colours over the dimmed rest, and a click on an arrow
// picks it while a click on the empty plot lets go.
#include <algorithm>
#include <string>

#include <gtest/gtest.h>
#include <imgui.h>
#include <imgui_internal.h>

#include "driver.hpp"
#include "headless.hpp"
#include "i18n.hpp"
#include "views/causality_draw.hpp"
#include "views/widgets.hpp"
#include "views/messages.hpp"
#include "views/timeline.hpp"
#include "views/view.hpp"

namespace zs::gui {
namespace {

// Three servers elected by 5 s, then a client on server 1 writes /a through the leader.
RunSetup write_through_follower() {
  RunSetup s;
  s.ensemble = config::default_ensemble(3);
  s.seed = 1;
  return s;
}

struct Found {
  MessageId id = 0;
  Ms sent_at = 0;
};

// The first message sent from `from` of packet `type` at or after `since`.
Found first_packet(const Simulator& sim, PacketType type, Sid from, Ms since = 0) {
  const TraceLog& trace = sim.trace();
  for (std::size_t i = 0; i < trace.size(); ++i) {
    if (trace.at(i) < since || !trace.holds<MessageSent>(i)) continue;
    const MessageSent s = std::get<MessageSent>(trace[i].body);
    const auto* q = std::get_if<QuorumPacket>(&s.env.msg);
    if (q != nullptr && q->type == type && s.env.source == from) return {s.id, trace.at(i)};
  }
  return {};
}

class CausalityView : public ::testing::Test {
 protected:
  void SetUp() override {
    auto en = load_catalog(std::filesystem::path(ZS_SOURCE_DIR) / "assets" / "lang" / "en.json");
    ASSERT_TRUE(en.ok());
    set_catalog(en.value());
    driver_.run_to(5000);
    leader_ = driver_.run().sim().stable_leader().value_or(0);
    ASSERT_EQ(leader_, 3);
    driver_.apply(WriteButton{1, 1});
    driver_.run_to(6500);
    driver_.apply(SetPaused{true});
  }
  void TearDown() override { set_catalog({}); }

  Driver driver_{write_through_follower()};
  Sid leader_ = 0;
};

// The leader's own ACK and the first follower ACK to arrive make the quorum of 3: the PROPOSAL
// to that follower caused its ACK and the COMMITs; the other follower's ACK came too late.
TEST_F(CausalityView, ThePickedProposalsCaptionNamesTheRequestAndTheAcksAndCommits) {
  const Simulator& sim = driver_.run().sim();
  std::vector<std::string> captions;
  for (Sid to : {1, 2}) {
    Found proposal;
    const TraceLog& trace = sim.trace();
    for (std::size_t i = 0; i < trace.size() && proposal.id == 0; ++i) {
      if (trace.at(i) < 5000 || !trace.holds<MessageSent>(i)) continue;
      const MessageSent s = std::get<MessageSent>(trace[i].body);
      const auto* q = std::get_if<QuorumPacket>(&s.env.msg);
      if (q != nullptr && q->type == PacketType::Proposal && s.env.target == to) proposal = {s.id, trace.at(i)};
    }
    ASSERT_NE(proposal.id, 0U);
    driver_.apply(SelectMessage{proposal.id, proposal.sent_at});
    const ClusterView& m = driver_.model();
    ASSERT_NE(picked_chain(m), nullptr);
    captions.push_back(causality_caption(m));
    const std::string& caption = captions.back();
    EXPECT_NE(caption.find(fill("Selected: PROPOSAL 0x100000001 (server.3 → server.{})", to)), std::string::npos)
        << caption;
    EXPECT_NE(caption.find("\ncaused by REQUEST create /write-\n"), std::string::npos) << caption;
    EXPECT_NE(caption.find("caused ACK 0x100000001"), std::string::npos) << caption;
  }
  const auto with_commit = std::count_if(captions.begin(), captions.end(), [](const std::string& c) {
    return c.find("ACK 0x100000001, 2× COMMIT 0x100000001") != std::string::npos;
  });
  EXPECT_EQ(with_commit, 1) << captions[0] << "\n" << captions[1];
}

TEST_F(CausalityView, AClientRequestIsCausedByTheClientAndAPickByIdAloneFindsItsSend) {
  const Found request = first_packet(driver_.run().sim(), PacketType::Request, 1, 5000);
  ASSERT_NE(request.id, 0U);
  driver_.apply(SelectMessage{request.id});  // as --select-message does
  ASSERT_TRUE(driver_.picked_message().has_value());
  EXPECT_EQ(driver_.picked_message()->sent_at, request.sent_at);
  const std::string caption = causality_caption(driver_.model());
  EXPECT_NE(caption.find("caused by a client's request on server.1"), std::string::npos) << caption;
  EXPECT_NE(caption.find("2× PROPOSAL 0x100000001"), std::string::npos) << caption;
  EXPECT_NE(caption.find("server.1 answered its client"), std::string::npos) << caption;
}

TEST_F(CausalityView, SteppingBackBeforeItWasSentOrAClearLetsGoOfThePick) {
  const Found request = first_packet(driver_.run().sim(), PacketType::Request, 1, 5000);
  driver_.apply(SelectMessage{request.id, request.sent_at});
  EXPECT_NE(picked_chain(driver_.model()), nullptr);
  driver_.apply(SelectMessage{});
  EXPECT_EQ(driver_.model().causality, nullptr);
  EXPECT_FALSE(driver_.picked_message().has_value());

  driver_.apply(SelectMessage{request.id, request.sent_at});
  driver_.apply(SeekTime{request.sent_at - 1});
  EXPECT_EQ(driver_.model().causality, nullptr) << "not sent yet at this moment";
  driver_.apply(SeekTime{6500});
  EXPECT_EQ(driver_.model().causality, nullptr) << "stays let go of";
}

// The timeline alone in a 1280x300 window, as the bottom strip.
class CausalityTimeline : public CausalityView {
 protected:
  void SetUp() override {
    CausalityView::SetUp();
    create_headless_imgui();
  }
  void TearDown() override {
    ImGui::DestroyContext();
    CausalityView::TearDown();
  }
  void frame(const ClusterView& m) {
    ImGui::NewFrame();
    ImGui::SetNextWindowPos({0, 500});
    ImGui::SetNextWindowSize({1280, 300});
    ImGui::Begin("###timeline", nullptr,
                 ImGuiWindowFlags_NoMove | ImGuiWindowFlags_NoResize | ImGuiWindowFlags_NoSavedSettings |
                     view_.extra_flags());
    view_.draw_content(m, bus_);
    ImGui::End();
    ImGui::Render();
  }
  int vertices_of_color(ImU32 col) const {
    const auto& vb = ImGui::FindWindowByName("###timeline")->DrawList->VtxBuffer;
    return static_cast<int>(std::count_if(vb.begin(), vb.end(), [&](const ImDrawVert& v) { return v.col == col; }));
  }
  void click_at(const ClusterView& m, ImVec2 p) {
    ImGui::GetIO().MousePos = p;
    frame(m);
    frame(m);
    ImGui::GetIO().MouseDown[0] = true;
    frame(m);
    ImGui::GetIO().MouseDown[0] = false;
    frame(m);
  }

  TimelineView view_;
  UiBus bus_;
};

TEST_F(CausalityTimeline, TheChainIsDrawnInItsColoursAndAClickOnAnArrowPicksIt) {
  const Found proposal = first_packet(driver_.run().sim(), PacketType::Proposal, leader_, 5000);
  // Nothing picked: no arrow in the chain's colours.
  const ClusterView& plain = driver_.model();
  view_.show_range(5900, 6400);
  frame(plain);
  frame(plain);
  EXPECT_EQ(vertices_of_color(kCauseColor), 0);
  EXPECT_EQ(vertices_of_color(kEffectColor), 0);

  driver_.apply(SelectMessage{proposal.id, proposal.sent_at});
  const ClusterView& m = driver_.model();
  frame(m);
  EXPECT_GT(vertices_of_color(kPickedColor), 0);
  EXPECT_GT(vertices_of_color(kCauseColor), 0) << "the REQUEST, orange";
  EXPECT_GT(vertices_of_color(kEffectColor), 0) << "the ACK and the COMMITs, blue";

  // A click on the REQUEST's arrow (server 1's lane to the leader's) picks it, not a seek.
  const Causality& chain = *picked_chain(m);
  ASSERT_FALSE(chain.causes.empty());
  const view::CausalMessage& req = chain.causes[0];
  const TimeAxis& ax = view_.axis();
  const float lane_h = (ax.bottom - ax.top) / 3;
  const ImVec2 a{ax.x_of(static_cast<double>(req.sent_at)), ax.top + 0.5f * lane_h};                      // server.1
  const ImVec2 b{ax.x_of(static_cast<double>(req.ended_at)), ax.top + 2.5f * lane_h};                     // server.3
  bus_.take();
  click_at(m, {(a.x + b.x) / 2, (a.y + b.y) / 2});
  bool picked = false;
  for (const UiEvent& e : bus_.take()) {
    EXPECT_FALSE(std::holds_alternative<SeekTime>(e)) << "a message click does not move the run";
    if (const auto* s = std::get_if<SelectMessage>(&e)) {
      picked = true;
      EXPECT_EQ(s->id, req.id);
      EXPECT_EQ(s->sent_at, req.sent_at);
    }
  }
  EXPECT_TRUE(picked);

  // A click on the empty time axis lets go (and still jumps there).
  click_at(m, {ax.x0 + ax.width / 2, ax.bottom + 6});
  bool cleared = false;
  bool sought = false;
  for (const UiEvent& e : bus_.take()) {
    if (const auto* s = std::get_if<SelectMessage>(&e)) cleared = s->id == 0;
    sought |= std::holds_alternative<SeekTime>(e);
  }
  EXPECT_TRUE(cleared);
  EXPECT_TRUE(sought);
}


// The cluster diagram: a PROPOSAL on its way between two servers. A click on its dot picks it;
// picked, the dot wears a white ring; a click on the empty canvas lets go.
class CausalityCluster : public ::testing::Test {
 protected:
  void SetUp() override {
    auto en = load_catalog(std::filesystem::path(ZS_SOURCE_DIR) / "assets" / "lang" / "en.json");
    ASSERT_TRUE(en.ok());
    set_catalog(en.value());
    create_headless_imgui();
    for (Sid s : {1, 2}) {
      PeerSnapshot p;
      p.sid = s;
      p.up = true;
      p.status = s == 1 ? PeerStatus::Leading : PeerStatus::Following;
      p.leader = 1;
      m_.peers.push_back(p);
    }
    m_.now = 1050;
    m_.cut.assign(4, 0);
    InFlightMessage f;
    f.id = 77;
    f.env = Envelope{1, 2, QuorumPacket{PacketType::Proposal, Zxid::make(1, 5), 0, 0, 0}};
    f.sent_at = 1000;
    f.arrive_at = 1100;
    m_.messages = {f};
    m_.message_words = {""};
  }
  void TearDown() override {
    ImGui::DestroyContext();
    set_catalog({});
  }
  void frame() {
    ImGui::NewFrame();
    views_.draw(m_, bus_);
    ImGui::Render();
  }
  ImGuiWindow* cluster() const { return ImGui::FindWindowByName("###cluster"); }
  // The mean position of the cluster's lowest shape of exactly `col` (the vertices within
  // 12 px of the lowest one: under the legend's swatches); count 0: none.
  std::pair<ImVec2, int> where(ImU32 col) const {
    const auto& vb = cluster()->DrawList->VtxBuffer;
    float low = -1;
    for (const ImDrawVert& v : vb)
      if (v.col == col) low = std::max(low, v.pos.y);
    ImVec2 sum{0, 0};
    int n = 0;
    for (const ImDrawVert& v : vb) {
      if (v.col != col || v.pos.y < low - 12) continue;
      sum = {sum.x + v.pos.x, sum.y + v.pos.y};
      ++n;
    }
    return {n > 0 ? ImVec2{sum.x / static_cast<float>(n), sum.y / static_cast<float>(n)} : sum, n};
  }
  void click_at(ImVec2 p) {
    ImGui::GetIO().MousePos = p;
    frame();
    frame();
    ImGui::GetIO().MouseDown[0] = true;
    frame();
    ImGui::GetIO().MouseDown[0] = false;
    frame();
  }

  ClusterView m_;
  Views views_;
  UiBus bus_;
};

TEST_F(CausalityCluster, AClickOnAMessageDotPicksItAndOnEmptySpaceLetsGo) {
  frame();
  const auto [dot, n] = where(family_color(MessageFamily::Proposal));
  ASSERT_GT(n, 0) << "the PROPOSAL's dot is drawn";
  bus_.take();
  click_at(dot);
  std::vector<SelectMessage> picks;
  for (const UiEvent& e : bus_.take()) {
    EXPECT_FALSE(std::holds_alternative<CutLink>(e));
    if (const auto* p = std::get_if<SelectMessage>(&e)) picks.push_back(*p);
  }
  EXPECT_FALSE(ImGui::IsPopupOpen("", ImGuiPopupFlags_AnyPopupId)) << "not the link's menu";
  ASSERT_EQ(picks.size(), 1u);
  EXPECT_EQ(picks[0].id, 77u);
  EXPECT_EQ(picks[0].sent_at, 1000);

  // Picked (as the source fills it): ringed in white, and the caption names it.
  Causality chain;
  chain.found = true;
  chain.selected.id = 77;
  chain.selected.env = m_.messages[0].env;
  chain.selected.sent_at = 1000;
  m_.causality = &chain;
  frame();
  frame();
  EXPECT_GT(where(kPickedColor).second, 0);
  const std::string caption = causality_caption(m_);
  EXPECT_NE(caption.find("PROPOSAL 0x100000005"), std::string::npos) << caption;
  EXPECT_NE(caption.find("still on its way"), std::string::npos) << caption;

  // A click far from any server, link or dot: the canvas's bottom-left corner.
  const ImGuiWindow* w = cluster();
  bus_.take();
  click_at({w->Pos.x + 12, w->Pos.y + w->Size.y * 0.75f});
  bool cleared = false;
  for (const UiEvent& e : bus_.take())
    if (const auto* p = std::get_if<SelectMessage>(&e)) cleared = p->id == 0;
  EXPECT_TRUE(cleared);
}

}  // namespace
}  // namespace zs::gui

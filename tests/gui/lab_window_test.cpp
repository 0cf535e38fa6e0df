// A lab in the window, through the driver, headless: opening one, Next to each pause (the
// same pauses and checkpoints as `zooscope lab run`), Back to the very same moment, answering
// a question, a hand action forking the lab, and the slow-motion replay landing on the pause.
#include <cstdio>
#include <string>

#include <gtest/gtest.h>

#include <imgui_internal.h>

#include "driver.hpp"
#include "headless.hpp"
#include "i18n.hpp"
#include "lab_command.hpp"
#include "views/view.hpp"

namespace zs::gui {
namespace {

using Phase = view::LabCard::Phase;

lab::Lab five_in_order() {
  auto path = cli::find_lab("five-in-order");
  EXPECT_TRUE(path) << path.error().to_string();
  auto lab = lab::load_lab(path.value().string());
  EXPECT_TRUE(lab) << lab.error().to_string();
  return lab.value();
}

RunSetup three() {
  RunSetup s;
  s.ensemble = config::default_ensemble(3);
  s.seed = 7;
  return s;
}

// A driver with the lab open, Next playing steps at once (no slow motion).
struct LabDriver {
  explicit LabDriver(bool slow = false) : d(three()) {
    d.set_lab_slow_motion(slow);
    d.add_lab(five_in_order());
    d.apply(LabOpen{"five-in-order"});
  }
  const view::LabCard& card() { return *d.model().lab; }
  // Next until step k is shown (answering nothing).
  void to_step(std::size_t k) {
    for (int guard = 0; guard < 20 && !(card().phase == Phase::Shown && card().step == k); ++guard) d.apply(LabNext{});
  }
  Driver d;
};

TEST(LabWindow, OpensAtItsIntroWithTheLabsRunOnScreen) {
  LabDriver l;
  const ClusterView& m = l.d.model();
  ASSERT_TRUE(m.lab);
  EXPECT_EQ(m.lab->phase, Phase::Intro);
  EXPECT_EQ(m.lab->steps, 3u);
  EXPECT_EQ(m.lab->lab_title, "Five servers start one by one");
  EXPECT_EQ(m.peers.size(), 5u) << "the lab's ensemble replaces the window's three servers";
  EXPECT_EQ(m.now, 0);
  EXPECT_TRUE(m.paused);
  ASSERT_EQ(m.labs.size(), 1u);
  EXPECT_EQ(m.labs[0].id, "five-in-order");
}

TEST(LabWindow, NextPausesWhereTheHeadlessLabDoesWithTheSameCheckpoints) {
  const lab::Lab lab = five_in_order();
  lab::LabRun reference(lab);
  LabDriver l;
  for (std::size_t k = 1; k <= lab.steps.size(); ++k) {
    const lab::StepOutcome& want = reference.next();
    l.d.apply(LabNext{});
    if (l.card().phase == Phase::Asking) {
      EXPECT_EQ(l.card().step, k);
      EXPECT_FALSE(l.card().question.empty());
      EXPECT_EQ(l.d.run().events_processed(), k == 1 ? 0u : reference.outcome(k - 1)->paused_event)
          << "a question is asked before the step plays";
      l.d.apply(LabNext{});  // reveal without answering
    }
    const view::LabCard& c = l.card();
    EXPECT_EQ(c.phase, Phase::Shown);
    EXPECT_EQ(c.step, k);
    EXPECT_EQ(l.d.run().events_processed(), want.paused_event) << "step " << k;
    EXPECT_EQ(l.d.run().now(), want.paused_ms) << "step " << k;
    ASSERT_EQ(c.checks.size(), want.checks.size());
    for (std::size_t i = 0; i < c.checks.size(); ++i) {
      EXPECT_TRUE(c.checks[i].ok) << c.checks[i].text << ": " << c.checks[i].actual;
      EXPECT_EQ(c.checks[i].text, want.checks[i].condition->text);
    }
    EXPECT_FALSE(c.narration.empty());
    EXPECT_FALSE(c.focus.empty()) << "every step names the servers it is about";
  }
  EXPECT_TRUE(l.card().finished);
}

TEST(LabWindow, BackReturnsToTheSamePause) {
  LabDriver l;
  l.to_step(2);
  const std::uint64_t at2 = l.d.run().events_processed();
  const Ms ms2 = l.d.run().now();
  const std::vector<PeerSnapshot> peers2 = l.d.model().peers;
  l.to_step(3);
  ASSERT_GT(l.d.run().events_processed(), at2);
  l.d.apply(LabBack{});
  EXPECT_EQ(l.card().phase, Phase::Shown);
  EXPECT_EQ(l.card().step, 2u);
  EXPECT_EQ(l.d.run().events_processed(), at2);
  EXPECT_EQ(l.d.run().now(), ms2);
  const std::vector<PeerSnapshot> peers = l.d.model().peers;
  ASSERT_EQ(peers.size(), peers2.size());
  for (std::size_t i = 0; i < peers.size(); ++i) {
    EXPECT_EQ(peers[i].status, peers2[i].status);
    EXPECT_EQ(peers[i].leader, peers2[i].leader);
  }
  // Back to the start, then forward again to the same pause.
  l.d.apply(LabBack{});
  l.d.apply(LabBack{});
  EXPECT_EQ(l.card().phase, Phase::Intro);
  EXPECT_EQ(l.d.run().events_processed(), 0u);
  l.to_step(2);
  EXPECT_EQ(l.d.run().events_processed(), at2);
}

TEST(LabWindow, AQuestionIsAnsweredByAServerThenRevealed) {
  LabDriver l;
  l.to_step(1);
  l.d.apply(LabNext{});
  ASSERT_EQ(l.card().phase, Phase::Asking);
  EXPECT_EQ(l.card().step, 2u);
  EXPECT_TRUE(l.card().choices.empty()) << "answered by clicking a server";
  l.d.apply(LabAnswer{2});
  EXPECT_EQ(l.card().phase, Phase::Shown);
  EXPECT_EQ(l.card().picked, 2);
  EXPECT_EQ(l.card().answer, 3);
  // Again, the right one this time.
  l.d.apply(LabBack{});
  l.d.apply(LabNext{});
  ASSERT_EQ(l.card().phase, Phase::Asking);
  EXPECT_EQ(l.card().picked, 0) << "a new attempt starts unanswered";
  l.d.apply(LabAnswer{3});
  EXPECT_EQ(l.card().picked, 3);
  EXPECT_EQ(l.card().picked, l.card().answer);
}

TEST(LabWindow, AHandActionForksTheLabAndItGoesOnFromThere) {
  LabDriver l;
  l.to_step(3);  // all played: the lab knows its three pauses
  l.d.apply(LabBack{});
  ASSERT_NE(l.d.lab()->lab_run().outcome(3), nullptr);
  const std::uint64_t at2 = l.d.run().events_processed();
  l.d.apply(CrashServer{3});  // the leader, by hand
  EXPECT_TRUE(l.card().forked);
  EXPECT_EQ(l.d.lab()->lab_run().position(), 2u);
  EXPECT_EQ(l.d.lab()->lab_run().outcome(3), nullptr) << "the later pause no longer follows";
  // Time passes by hand; Next plays step 3 from there, not from pause 2.
  l.d.run_to(l.d.run().now() + 500);
  const Ms moved_ms = l.d.run().now();
  ASSERT_GT(l.d.run().events_processed(), at2);
  l.d.apply(LabNext{});
  ASSERT_NE(l.d.lab()->lab_run().outcome(3), nullptr);
  EXPECT_EQ(l.d.lab()->lab_run().outcome(3)->began_ms, moved_ms);
  EXPECT_EQ(l.card().phase, Phase::Shown);
  EXPECT_EQ(l.card().step, 3u);
  const view::LabCard& c = l.card();
  bool some_failed = false;
  for (const view::LabCheck& k : c.checks) some_failed = some_failed || !k.ok;
  EXPECT_TRUE(some_failed) << "server 3 is down: 4 and 5 cannot follow it";
  EXPECT_EQ(l.d.run().sim().peer(3).status, PeerStatus::Down);
}

TEST(LabWindow, SlowMotionReplaysTheStepAndLandsOnItsPause) {
  const lab::Lab lab = five_in_order();
  lab::LabRun reference(lab);
  const std::uint64_t pause1 = reference.next().paused_event;
  const lab::StepOutcome want = reference.next();
  LabDriver l(/*slow=*/true);
  l.d.apply(LabNext{});  // step 1 starts replaying
  ASSERT_EQ(l.card().phase, Phase::Playing);
  l.d.apply(LabNext{});  // to its pause at once
  ASSERT_EQ(l.card().phase, Phase::Shown);
  EXPECT_EQ(l.d.run().events_processed(), pause1);
  l.d.apply(LabNext{});  // step 2's question
  l.d.apply(LabAnswer{3});
  ASSERT_EQ(l.card().phase, Phase::Playing);
  EXPECT_EQ(l.d.run().events_processed(), pause1) << "the replay starts where step 1 paused";
  // Frames of 1/60 s until it pauses: monotonic, messages seen in flight between whole ms.
  int frames = 0;
  bool fraction_seen = false;
  bool message_seen = false;
  std::uint64_t last = l.d.run().events_processed();
  for (; frames < 60 * 120 && l.card().phase == Phase::Playing; ++frames) {
    l.d.advance(1000.0 / 60);
    const ClusterView& m = l.d.model();
    EXPECT_GE(m.events_processed, last);
    last = m.events_processed;
    fraction_seen = fraction_seen || m.now_fraction > 0;
    message_seen = message_seen || !m.messages.empty();
  }
  EXPECT_EQ(l.card().phase, Phase::Shown);
  EXPECT_EQ(l.d.run().events_processed(), want.paused_event);
  EXPECT_EQ(l.d.run().now(), want.paused_ms);
  EXPECT_TRUE(fraction_seen);
  EXPECT_TRUE(message_seen);
  const double real_s = frames / 60.0;
  std::printf("step 2 (%lld virtual ms) replayed in %.1f s\n", static_cast<long long>(want.paused_ms - want.began_ms), real_s);
  const double virtual_ms = static_cast<double>(want.paused_ms - want.began_ms);
  EXPECT_GT(real_s * 1000, virtual_ms * 5) << "the election is watched at least five times slower than it ran";
  EXPECT_LT(real_s, (kMaxBusyRealMs + kMaxQuietRealMs) / 1000 + 2) << "and never for longer than the caps";
  for (const view::LabCheck& k : l.card().checks) EXPECT_TRUE(k.ok) << k.text;
  EXPECT_EQ(l.card().picked, 3);
}

TEST(LabWindow, ClosingTheLabGivesBackTheWindowsRun) {
  LabDriver l;
  l.to_step(2);
  l.d.apply(LabClose{});
  EXPECT_FALSE(l.d.model().lab);
  EXPECT_EQ(l.d.model().peers.size(), 3u);
}

}  // namespace
}  // namespace zs::gui

namespace zs::gui {
namespace {

// The card drawn headless: most of the width for the cluster pane, and a click on a server
// while a question is open answers it (and does not select the server).
class LabViews : public ::testing::Test {
 protected:
  void SetUp() override { create_headless_imgui(); }
  void TearDown() override { ImGui::DestroyContext(); }
  void frame(const ClusterView& m) {
    ImGui::NewFrame();
    views_.draw(m, bus_);
    ImGui::Render();
  }
  Views views_;
  UiBus bus_;
};

TEST_F(LabViews, TheClusterPaneTakesMostOfTheWidthAndAClickAnswers) {
  LabDriver l;
  l.to_step(1);
  l.d.apply(LabNext{});
  ASSERT_EQ(l.card().phase, Phase::Asking);
  const ClusterView& m = l.d.model();
  frame(m);
  frame(m);
  const ImGuiWindow* cluster = ImGui::FindWindowByName(tr_id("view.cluster.title", "cluster").c_str());
  ASSERT_NE(cluster, nullptr);
  EXPECT_GT(cluster->Size.x, ImGui::GetIO().DisplaySize.x * 0.6f);
  // Server 3's button: the third of the ring's invisible buttons, found by its id.
  const int three_sid = 3;  // PushID(3) then "server", inside the cluster window
  const ImGuiID server3 = ImHashStr("server", 0, ImHashData(&three_sid, sizeof(three_sid), cluster->ID));
  bool answered = false;
  bool selected = false;
  for (float y = cluster->Pos.y; y < cluster->Pos.y + cluster->Size.y && !answered; y += 6) {
    for (float x = cluster->Pos.x; x < cluster->Pos.x + cluster->Size.x && !answered; x += 6) {
      ImGui::GetIO().MousePos = {x, y};
      frame(m);
      if (ImGui::GetCurrentContext()->HoveredId != server3) continue;
      ImGui::GetIO().MouseDown[0] = true;
      frame(m);
      ImGui::GetIO().MouseDown[0] = false;
      frame(m);
      for (const UiEvent& e : bus_.take()) {
        if (const auto* a = std::get_if<LabAnswer>(&e)) answered = a->pick == 3;
        selected = selected || std::holds_alternative<SelectServer>(e);
      }
    }
  }
  EXPECT_TRUE(answered);
  EXPECT_FALSE(selected);
}

}  // namespace
}  // namespace zs::gui

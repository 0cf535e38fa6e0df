// The timeline and the Log tab: their indexes over a real simulated run (a 5-server ensemble
// whose leader crashes, so there is a second election), the timeline drawn headless with a
// 100,000-event trace, clicks that seek, the log's filters and ZooKeeper's log format, and
// the SVG export.
#include <optional>
#include <algorithm>
#include <cmath>
#include <regex>
#include <string>
#include <variant>
#include <vector>

#include <fmt/format.h>
#include <gtest/gtest.h>
#include <imgui.h>
#include <imgui_internal.h>

#include "cluster_view.hpp"
#include "config/config.hpp"
#include "sim/simulator.hpp"
#include "timeline_svg.hpp"
#include "ui_bus.hpp"
#include "views/messages.hpp"
#include "views/theme.hpp"
#include "views/timeline.hpp"
#include "views/trace_index.hpp"
#include "views/view.hpp"
#include "headless.hpp"

namespace zs::gui {
namespace {

// Five servers elect a leader; 2 s later the leader crashes and the other four elect another.
struct RealRun {
  Simulator sim{config::default_ensemble(5), SimOptions{}};
  Sid first_leader = 0;
  Sid second_leader = 0;
  RealRun() {
    for (Sid s = 1; s <= 5; ++s) {
      ScheduledAction a;
      a.sid = s;
      sim.schedule(a);
    }
    sim.run_until([](const Simulator& s) { return s.stable_leader().has_value(); }, 20000);
    first_leader = sim.stable_leader().value_or(0);
    ScheduledAction crash;
    crash.kind = ScheduledAction::Kind::Crash;
    crash.at = sim.now() + 2000;
    crash.sid = first_leader;
    sim.schedule(crash);
    sim.run_until(crash.at + 1);
    const Sid old = first_leader;
    sim.run_until([old](const Simulator& s) { return s.stable_leader().has_value() && *s.stable_leader() != old; },
                  sim.now() + 30000);
    second_leader = sim.stable_leader().value_or(0);
    sim.run_until(sim.now() + 3000);
  }
};

ClusterView model_of(const Simulator& sim) {
  ClusterView m;
  m.now = sim.now();
  m.peers = sim.snapshot();
  m.stable_leader = sim.stable_leader();
  m.trace = &sim.trace();
  m.trace_context = &sim.trace_context();
  m.furthest_ms = sim.now();
  m.wall_clock_origin_ms = sim.options().wall_clock_origin_ms;
  return m;
}

TEST(RealRun, HasTwoElections) {
  RealRun run;
  ASSERT_NE(run.first_leader, 0);
  ASSERT_NE(run.second_leader, 0);
  EXPECT_NE(run.first_leader, run.second_leader);
}

// ---- the visible range ------------------------------------------------------------------------

TEST(TimelineRange, MatchesALinearScan) {
  RealRun run;
  const TraceLog& trace = run.sim.trace();
  ASSERT_GT(trace.size(), 500u);
  const Ms end = trace.back().at;
  const std::vector<std::pair<Ms, Ms>> ranges = {
      {0, 0}, {0, 50}, {-100, 10}, {200, 260}, {end / 3, end / 2}, {end - 10, end}, {end, end + 1000},
      {end + 1, end + 5}, {trace[trace.size() / 2].at, trace[trace.size() / 2].at}, {0, end}, {300, 299}};
  for (const auto& [t0, t1] : ranges) {
    const TraceRange r = events_between(trace, t0, t1);
    std::size_t first = trace.size();
    std::size_t count = 0;
    for (std::size_t i = 0; i < trace.size(); ++i) {
      if (trace[i].at >= t0 && first == trace.size()) first = i;
      count += trace[i].at >= t0 && trace[i].at <= t1;
    }
    EXPECT_EQ(r.first, first) << "[" << t0 << ", " << t1 << "]";
    EXPECT_EQ(r.size(), count) << "[" << t0 << ", " << t1 << "]";
    for (std::size_t i = r.first; i < r.last; ++i) {
      EXPECT_GE(trace[i].at, t0);
      EXPECT_LE(trace[i].at, t1);
    }
  }
}

// The timeline walks its pixel columns with the outward search: from any start it finds what
// the binary search finds (both the event search and the one over an index's positions).
TEST(TimelineRange, OutwardSearchFindsWhatTheBinarySearchFinds) {
  RealRun run;
  const TraceLog& trace = run.sim.trace();
  const Ms end = trace.back().at;
  TimelineIndex index;
  index.update(trace);
  const auto& sc = index.state_changes();
  for (const std::size_t lo : {std::size_t{0}, trace.size() / 7, trace.size() / 2, trace.size() - 1, trace.size()}) {
    for (Ms t = -5; t <= end + 5; t += 37) {
      EXPECT_EQ(gallop_at_or_after(trace, t, lo, trace.size()), first_at_or_after(trace, t, lo, trace.size()))
          << "from " << lo << " at " << t;
    }
  }
  for (std::size_t from = 0; from <= sc.size(); ++from) {
    for (Ms t = -5; t <= end + 5; t += 37) {
      const std::size_t want = std::max(from, TimelineIndex::first_at_or_after(trace, sc, t));
      EXPECT_EQ(TimelineIndex::gallop_at_or_after(trace, sc, t, from), want) << "from " << from << " at " << t;
    }
  }
}

// The index of state changes follows the trace as it grows, shrinks (stepping back) and
// grows again, and always equals a scan from scratch.
TEST(TimelineIndex, FollowsStepsBackAndForth) {
  RealRun run;
  auto scan = [&] {
    std::vector<std::size_t> v;
    for (std::size_t i = 0; i < run.sim.trace().size(); ++i)
      if (std::holds_alternative<StateChanged>(run.sim.trace()[i].body)) v.push_back(i);
    return v;
  };
  TimelineIndex index;
  index.update(run.sim.trace());
  EXPECT_EQ(index.state_changes(), scan());
  EXPECT_GE(index.state_changes().size(), 15u);  // two elections of five servers, and a crash
  EXPECT_GT(index.max_latency_ms(), 0);
  const std::uint64_t end = run.sim.events_processed();
  run.sim.seek(end / 3);
  index.update(run.sim.trace());
  EXPECT_EQ(index.state_changes(), scan());
  run.sim.seek(end);
  index.update(run.sim.trace());
  EXPECT_EQ(index.state_changes(), scan());
}

// Each leader's commits (the ticks on its lane) follow the trace back and forth too.
TEST(TimelineIndex, CommitsOfEachLeaderFollowStepsBackAndForth) {
  RealRun run;
  // Writes under the second leader (the first one's commits are in the trace already when it
  // led before the crash; these give the second its own).
  for (int k = 0; k < 20; ++k) {
    ScheduledAction w;
    w.kind = ScheduledAction::Kind::Write;
    w.sid = run.second_leader;
    w.session_id = 0;
    w.at = run.sim.now() + 10 + 50 * k;
    w.request = CreateRequest{"/c-", "v", open_acl_unsafe(), create_mode::kPersistentSequential, -1, 0};
    run.sim.schedule(w);
  }
  run.sim.run_until(run.sim.now() + 3000);
  ASSERT_GE(run.sim.trace().size(), 100u);
  auto scan = [&](Sid sid) {
    std::vector<std::size_t> v;
    for (std::size_t i = 0; i < run.sim.trace().size(); ++i)
      if (const TraceEvent ev = run.sim.trace()[i]; std::holds_alternative<Committed>(ev.body) &&
                                                      std::get<Committed>(ev.body).sid == sid)
        v.push_back(i);
    return v;
  };
  TimelineIndex index;
  const std::uint64_t end = run.sim.events_processed();
  for (const std::uint64_t at : {end, end / 2, end}) {
    run.sim.seek(at);
    index.update(run.sim.trace());
    std::size_t total = 0;
    for (Sid sid = 1; sid <= 5; ++sid) {
      EXPECT_EQ(index.commits_of(sid), scan(sid)) << "server " << sid << " at event " << at;
      total += index.commits_of(sid).size();
    }
    EXPECT_EQ(total, index.commits().size());
  }
  EXPECT_GE(index.commits_of(run.second_leader).size(), 20u);
}

// ---- the timeline drawn ------------------------------------------------------------------------

constexpr Ms kProposalAt = 10000;  // the only PROPOSAL of the synthetic trace arrives then
constexpr Sid kProposalFrom = 1;
constexpr Sid kProposalTo = 4;

// 100,000 events over 20 s, five a millisecond: votes and ACKs between every pair, a state
// change every 1,000 events, a commit every 20, and one PROPOSAL in a quiet stretch.
void synthetic_trace(TraceLog& t) {
  std::uint64_t x = 12345;
  for (std::size_t i = 0; i < 100000; ++i) {
    TraceEvent ev;
    ev.at = static_cast<Ms>(i / 5);
    x = x * 6364136223846793005ULL + 1442695040888963407ULL;
    const Sid a = static_cast<Sid>(1 + (x >> 33) % 5);
    const Sid b = static_cast<Sid>(1 + (a + (x >> 40) % 4) % 5);
    if (ev.at >= kProposalAt - 20 && ev.at <= kProposalAt + 20) {
      if (ev.at == kProposalAt && i % 5 == 0) {
        QuorumPacket p;
        p.type = PacketType::Proposal;
        p.zxid = Zxid::make(1, 1);
        ev.body = MessageDelivered{i, Envelope{kProposalFrom, kProposalTo, p}, kProposalAt - 3};
      } else {
        ev.body = LogLine{};  // not drawn: keeps the PROPOSAL alone under the mouse
      }
    } else if (i % 1000 == 0) {
      const bool up = (i / 1000) % 2 == 0;
      ev.body = StateChanged{a, up ? PeerStatus::Following : PeerStatus::Looking,
                             up ? PeerStatus::Looking : PeerStatus::Following};
    } else if (i % 20 == 0) {
      ev.body = Committed{1, Zxid::make(1, static_cast<std::int64_t>(i)), 0b111};
    } else if (i % 2 == 0) {
      ev.body = MessageDelivered{i, Envelope{a, b, Notification{}}, ev.at - 2};
    } else {
      QuorumPacket p;
      p.type = PacketType::Ack;
      ev.body = MessageDelivered{i, Envelope{a, b, p}, ev.at - 1};
    }
    t.push_back(ev);
  }
}

ClusterView five_servers(const TraceLog& trace) {
  ClusterView m;
  for (Sid s = 1; s <= 5; ++s) {
    PeerSnapshot p;
    p.sid = s;
    p.up = true;
    p.status = s == 1 ? PeerStatus::Leading : PeerStatus::Following;
    m.peers.push_back(p);
  }
  m.trace = &trace;
  m.now = trace.back().at;
  m.furthest_ms = m.now;
  return m;
}

class HeadlessTimeline : public ::testing::Test {
 protected:
  void SetUp() override {
    create_headless_imgui();
  }
  void TearDown() override { ImGui::DestroyContext(); }

  // The timeline alone, in a 1280x260 window like the bottom strip.
  void frame(const ClusterView& m) {
    ImGui::NewFrame();
    ImGui::SetNextWindowPos({0, 500});
    ImGui::SetNextWindowSize({1280, 260});
    ImGui::Begin("###timeline", nullptr,
                 ImGuiWindowFlags_NoMove | ImGuiWindowFlags_NoResize | ImGuiWindowFlags_NoSavedSettings |
                     view_.extra_flags());
    view_.draw_content(m, bus_);
    ImGui::End();
    ImGui::Render();
  }
  int vertices() const { return ImGui::FindWindowByName("###timeline")->DrawList->VtxBuffer.Size; }
  int vertices_of_color(ImU32 col) const {
    const auto& vb = ImGui::FindWindowByName("###timeline")->DrawList->VtxBuffer;
    return static_cast<int>(std::count_if(vb.begin(), vb.end(), [&](const ImDrawVert& v) { return v.col == col; }));
  }
  void move_to(const ClusterView& m, ImVec2 p) {
    ImGui::GetIO().MousePos = p;
    frame(m);
    frame(m);
  }
  void click(const ClusterView& m) {
    ImGui::GetIO().MouseDown[0] = true;
    frame(m);
    ImGui::GetIO().MouseDown[0] = false;
    frame(m);
  }
  std::vector<Ms> seeks() {
    std::vector<Ms> out;
    for (const UiEvent& e : bus_.take())
      if (const auto* s = std::get_if<SeekTime>(&e)) out.push_back(s->at);
    return out;
  }

  TimelineView view_;
  UiBus bus_;
};

TEST_F(HeadlessTimeline, ZoomedOutA100kTraceStaysBounded) {
  TraceLog trace;
  synthetic_trace(trace);
  const ClusterView m = five_servers(trace);
  frame(m);  // the whole run fits: 20 s in about 1,150 px
  frame(m);

  EXPECT_TRUE(view_.aggregated());
  EXPECT_LT(view_.events_looked_at(), 10000u) << "zoomed out, a few samples per pixel column";
  EXPECT_LT(vertices(), 60000);
  const ImU32 vote = family_color(MessageFamily::Vote);
  EXPECT_GT(vertices_of_color((vote & ~IM_COL32_A_MASK) | (170u << IM_COL32_A_SHIFT)), 100)
      << "the samples are drawn in their family's colour";
}

TEST_F(HeadlessTimeline, ZoomedInDrawsTheArrowsInRange) {
  TraceLog trace;
  synthetic_trace(trace);
  const ClusterView m = five_servers(trace);
  const ImU32 pink = (family_color(MessageFamily::Proposal) & ~IM_COL32_A_MASK) | (230u << IM_COL32_A_SHIFT);
  const ImU32 amber = (family_color(MessageFamily::Vote) & ~IM_COL32_A_MASK) | (230u << IM_COL32_A_SHIFT);

  view_.show_range(kProposalAt - 30, kProposalAt + 30);
  frame(m);
  EXPECT_FALSE(view_.aggregated());
  EXPECT_GT(vertices_of_color(pink), 0) << "the PROPOSAL in view is drawn";
  EXPECT_GT(vertices_of_color(amber), 0) << "so are the votes around it";
  EXPECT_LT(vertices(), 60000);

  view_.show_range(5000, 5060);
  frame(m);
  EXPECT_FALSE(view_.aggregated());
  EXPECT_EQ(vertices_of_color(pink), 0) << "no PROPOSAL in this range";
  EXPECT_GT(vertices_of_color(amber), 0);
}

// A click on a message picks it (its causes and effects light up, causality_view_test.cpp)
// and leaves the moment where it is.
TEST_F(HeadlessTimeline, ClickingAnArrowPicksItsMessage) {
  TraceLog trace;
  synthetic_trace(trace);
  const ClusterView m = five_servers(trace);
  view_.show_range(kProposalAt - 8, kProposalAt + 8);
  frame(m);
  const TimeAxis& ax = view_.axis();
  const float lane_h = (ax.bottom - ax.top) / 5;
  const float y0 = ax.top + (static_cast<float>(kProposalFrom) - 0.5f) * lane_h;
  const float y1 = ax.top + (static_cast<float>(kProposalTo) - 0.5f) * lane_h;
  const float x0 = ax.x_of(static_cast<double>(kProposalAt - 3));
  const float x1 = ax.x_of(static_cast<double>(kProposalAt));
  move_to(m, {(x0 + x1) / 2, (y0 + y1) / 2});
  click(m);

  std::vector<SelectMessage> picks;
  for (const UiEvent& e : bus_.take()) {
    EXPECT_FALSE(std::holds_alternative<SeekTime>(e));
    if (const auto* p = std::get_if<SelectMessage>(&e)) picks.push_back(*p);
  }
  ASSERT_EQ(picks.size(), 1u);
  EXPECT_EQ(picks[0].sent_at, kProposalAt - 3);
  const TraceEvent ev = trace[picks[0].id];  // the synthetic trace's ids are record indices
  const auto* d = std::get_if<MessageDelivered>(&ev.body);
  ASSERT_NE(d, nullptr);
  EXPECT_EQ(std::get<QuorumPacket>(d->env.msg).type, PacketType::Proposal);
}

TEST_F(HeadlessTimeline, ClickingAnEmptySpotSeeksToTheTimeUnderTheMouse) {
  RealRun run;
  const ClusterView m = model_of(run.sim);
  view_.show_range(1000, 3000);
  frame(m);
  const TimeAxis& ax = view_.axis();
  EXPECT_NEAR(ax.t_at(ax.x0), 1000, 1e-6);
  EXPECT_NEAR(ax.t_at(ax.x0 + ax.width), 3000, 1e-6);
  const double px_ms = 2000.0 / ax.width;

  // On the time axis under the lanes, a quarter of the way across: 1500 ms.
  move_to(m, {ax.x0 + ax.width / 4, ax.bottom + 6});
  click(m);
  const auto s = seeks();
  ASSERT_EQ(s.size(), 1u);
  EXPECT_NEAR(static_cast<double>(s[0]), 1500.0, px_ms + 0.5);
}

TEST_F(HeadlessTimeline, WheelZoomsAroundTheMouse) {
  RealRun run;
  const ClusterView m = model_of(run.sim);
  view_.show_range(0, 4000);
  frame(m);
  const float x = view_.axis().x0 + view_.axis().width * 0.3f;
  move_to(m, {x, view_.axis().bottom + 6});
  const double before = view_.axis().t_at(x);
  const double width_before = view_.axis().t1() - view_.axis().t0;
  ImGui::GetIO().MouseWheel = 2;
  frame(m);
  ImGui::GetIO().MouseWheel = 0;
  frame(m);

  EXPECT_NEAR(view_.axis().t_at(x), before, view_.axis().ms_per_px);
  EXPECT_LT(view_.axis().t1() - view_.axis().t0, width_before * 0.7);
}

// ---- the log ------------------------------------------------------------------------------------

std::vector<std::size_t> rows_of(const RealRun& run, const LogFilter& f) {
  LogIndex index;
  index.update(run.sim.trace(), run.sim.trace_context(), f, run.sim.options().wall_clock_origin_ms);
  EXPECT_TRUE(index.complete());
  return index.rows();
}

TEST(LogIndex, ServerFilterKeepsOnlyThatServersLines) {
  RealRun run;
  const TraceLog& trace = run.sim.trace();
  LogFilter f;
  f.sid = run.second_leader;
  const auto rows = rows_of(run, f);
  std::size_t expected = 0;
  for (const TraceEvent& ev : trace)
    if (const auto* l = std::get_if<LogLine>(&ev.body)) expected += l->sid == run.second_leader;
  ASSERT_GT(expected, 5u);
  EXPECT_EQ(rows.size(), expected);
  for (const std::size_t i : rows) {
    const TraceEvent ev = trace[i];
    const auto* l = std::get_if<LogLine>(&ev.body);
    ASSERT_NE(l, nullptr);
    EXPECT_EQ(l->sid, run.second_leader);
  }
  const auto all = rows_of(run, LogFilter{});
  EXPECT_GT(all.size(), rows.size());
}

TEST(LogIndex, LevelFilterKeepsWarningsAndErrors) {
  RealRun run;
  const TraceLog& trace = run.sim.trace();
  LogFilter f;
  f.min_level = LogLevel::Warn;
  const auto rows = rows_of(run, f);
  std::size_t expected = 0;
  for (const TraceEvent& ev : trace)
    if (const auto* l = std::get_if<LogLine>(&ev.body)) expected += l->level != LogLevel::Info;
  ASSERT_GT(expected, 0u) << "the crash makes the others warn";
  EXPECT_EQ(rows.size(), expected);
  for (const std::size_t i : rows) EXPECT_NE(std::get<LogLine>(trace[i].body).level, LogLevel::Info);
}

TEST(LogIndex, TextFilterAndRawMode) {
  RealRun run;
  const TraceLog& trace = run.sim.trace();
  LogFilter f;
  f.text = "leader election took";  // case-insensitive
  const auto rows = rows_of(run, f);
  std::size_t took = 0;
  for (const TraceEvent& ev : trace)
    if (const auto* l = std::get_if<LogLine>(&ev.body)) took += l->kind == LogKind::LeaderElectionTook;
  EXPECT_GE(took, 9u) << "five servers, then four";
  EXPECT_EQ(rows.size(), took);

  LogFilter raw;
  raw.raw = true;
  raw.hide_pings = false;
  EXPECT_EQ(rows_of(run, raw).size(), trace.size()) << "raw mode without filters shows every event";
  raw.hide_pings = true;
  EXPECT_LT(rows_of(run, raw).size(), trace.size());
}

// With a text filter the index formats a bounded number of lines per frame and catches up.
TEST(LogIndex, TextFilterWorkIsSpreadOverFrames) {
  RealRun run;
  LogFilter f;
  f.raw = true;
  f.text = "LEADING";
  LogIndex index;
  const Ms origin = run.sim.options().wall_clock_origin_ms;
  index.update(run.sim.trace(), run.sim.trace_context(), f, origin, 100);
  EXPECT_FALSE(index.complete());
  for (int k = 0; k < 10000 && !index.complete(); ++k) index.update(run.sim.trace(), run.sim.trace_context(), f, origin, 100);
  EXPECT_TRUE(index.complete());
  EXPECT_EQ(index.rows(), rows_of(run, f));
}

TEST(LogIndex, FollowsStepsBack) {
  RealRun run;
  LogIndex index;
  const LogFilter f;
  const Ms origin = run.sim.options().wall_clock_origin_ms;
  index.update(run.sim.trace(), run.sim.trace_context(), f, origin);
  const std::uint64_t end = run.sim.events_processed();
  run.sim.seek(end / 2);
  index.update(run.sim.trace(), run.sim.trace_context(), f, origin);
  EXPECT_EQ(index.rows(), rows_of(run, f));
  run.sim.seek(end);
  index.update(run.sim.trace(), run.sim.trace_context(), f, origin);
  EXPECT_EQ(index.rows(), rows_of(run, f));
}

// ZooKeeper 3.8 logs `%d{ISO8601} [myid:%X{myid}] - %-5p [...] - %m`; QuorumPeer logs
// "LEADING - LEADER ELECTION TOOK - <ms> MS" when the winner starts leading.
TEST(LogLineText, LeaderElectionTookAsZooKeeperPrintsIt) {
  RealRun run;
  const TraceLog& trace = run.sim.trace();
  std::optional<TraceEvent> found;  // decoded: the log hands out copies
  for (const TraceEvent& ev : trace) {
    const auto* l = std::get_if<LogLine>(&ev.body);
    if (l != nullptr && l->kind == LogKind::LeaderElectionTook && l->sid == run.first_leader) {
      found = ev;
      break;
    }
  }
  ASSERT_TRUE(found.has_value());
  const LogLine& l = std::get<LogLine>(found->body);
  const std::string line = zk_log_line(found->at, l, run.sim.trace_context(), run.sim.options().wall_clock_origin_ms);
  ASSERT_LT(found->at, 60000);
  const std::string prefix = fmt::format("2026-11-23 00:00:{:02},{:03} [myid:{}] - INFO  - ", found->at / 1000,
                                         found->at % 1000, run.first_leader);
  EXPECT_EQ(line.substr(0, prefix.size()), prefix) << line;
  EXPECT_TRUE(std::regex_match(line.substr(prefix.size()), std::regex("LEADING - LEADER ELECTION TOOK - [0-9]+ MS")))
      << line;
  EXPECT_EQ(log_time(3250, run.sim.options().wall_clock_origin_ms), "2026-11-23 00:00:03,250");
  EXPECT_EQ(log_time(86400000 + 61001, run.sim.options().wall_clock_origin_ms), "2026-11-24 00:01:01,001");
}

// Clicking a line of the Log tab jumps to its moment.
TEST(LogView, ClickingALinePostsItsTime) {
  create_headless_imgui();
  TraceLog trace;
  for (Ms at : {100, 200, 300}) {
    LogLine l;
    l.sid = 1;
    l.kind = LogKind::Looking;
    trace.push_back(TraceEvent{at, l});
  }
  TraceContext ctx;
  ClusterView m;
  m.trace = &trace;
  m.trace_context = &ctx;
  Views views;
  UiBus bus;
  views.select_tab("log");
  auto frame = [&] {
    ImGui::NewFrame();
    views.draw(m, bus);
    ImGui::Render();
  };
  frame();
  frame();
  ImGuiWindow* lines = nullptr;
  for (ImGuiWindow* w : ImGui::GetCurrentContext()->Windows)
    if (std::string(w->Name).find("log_lines") != std::string::npos) lines = w;
  ASSERT_NE(lines, nullptr);
  // The first row is at the top of the list.
  ImGui::GetIO().MousePos = {lines->Pos.x + 40, lines->Pos.y + ImGui::GetTextLineHeight() / 2 + 1};
  frame();
  frame();
  bus.take();
  ImGui::GetIO().MouseDown[0] = true;
  frame();
  ImGui::GetIO().MouseDown[0] = false;
  frame();
  std::vector<Ms> seeks;
  for (const UiEvent& e : bus.take())
    if (const auto* s = std::get_if<SeekTime>(&e)) seeks.push_back(s->at);
  ImGui::DestroyContext();
  ASSERT_EQ(seeks.size(), 1u);
  EXPECT_EQ(seeks[0], 100);
}

// ---- the SVG export ------------------------------------------------------------------------------

// Tags open and close in order (<a><b/></a>); returns the first problem, or "".
std::string unbalanced(const std::string& xml) {
  std::vector<std::string> open;
  for (std::size_t i = xml.find('<'); i != std::string::npos; i = xml.find('<', i + 1)) {
    const std::size_t end = xml.find('>', i);
    if (end == std::string::npos) return "unterminated tag";
    const std::string tag = xml.substr(i + 1, end - i - 1);
    if (tag.empty()) return "empty tag";
    if (tag[0] == '?' || tag[0] == '!') continue;
    if (tag[0] == '/') {
      if (open.empty() || open.back() != tag.substr(1)) return "unexpected </" + tag.substr(1) + ">";
      open.pop_back();
    } else if (tag.back() != '/') {
      open.push_back(tag.substr(0, tag.find_first_of(" \n\t")));
    }
    i = end;
  }
  return open.empty() ? "" : "<" + open.back() + "> not closed";
}

std::size_t count(const std::string& s, const std::string& what) {
  std::size_t n = 0;
  for (std::size_t i = s.find(what); i != std::string::npos; i = s.find(what, i + 1)) ++n;
  return n;
}

TEST(TimelineSvg, ALaneAndBandsPerServerInBalancedXml) {
  RealRun run;
  const std::string svg = timeline_svg(model_of(run.sim));
  EXPECT_EQ(unbalanced(svg), "");
  EXPECT_EQ(svg.rfind("<svg", 0), 0u);
  EXPECT_EQ(count(svg, "class=\"lane\""), 5u);
  for (Sid s = 1; s <= 5; ++s) EXPECT_NE(svg.find(fmt::format(">server.{}<", s)), std::string::npos) << s;
  // Bands in the window's colours: both leaders led, the others followed.
  auto hex_of = [](ImU32 c) {
    return fmt::format("#{:02x}{:02x}{:02x}", c & 0xFF, (c >> 8) & 0xFF, (c >> 16) & 0xFF);
  };
  EXPECT_GE(count(svg, "fill=\"" + hex_of(status_color(PeerStatus::Leading)) + "\"><title>LEADING"), 2u);
  EXPECT_GE(count(svg, "fill=\"" + hex_of(status_color(PeerStatus::Following)) + "\"><title>FOLLOWING"), 4u);
  EXPECT_NE(svg.find(hex_of(family_color(MessageFamily::Vote))), std::string::npos);
  EXPECT_NE(svg.find(">PROPOSAL<"), std::string::npos) << "the legend names the families";
}

}  // namespace
}  // namespace zs::gui

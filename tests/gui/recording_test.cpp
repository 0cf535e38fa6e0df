// The window and recordings of an attach: a recording opens in the attached views (not as a
// run, not live), seeking moves what the rows say, the change buttons land on the changes,
// the changes read in the window's language, and a file that does not open leaves the run on
// screen as it was. The recording is the story of recording_story.hpp (a leader lost at
// +120 s, server.3 leading from +122 s).
#include <algorithm>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <optional>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "attach/attach_source.hpp"
#include "attach/recorded_source.hpp"
#include "attach/recording.hpp"
#include "driver.hpp"
#include "headless.hpp"
#include "i18n.hpp"
#include "recording_story.hpp"
#include "views/observed_text.hpp"
#include "views/view.hpp"

namespace zs::gui {
namespace {

using test::kStoryEndMs;
using test::kStoryLeaderChangeMs;
using test::kStoryLeaderLostMs;
using test::kStoryStartMs;

std::string temp_path(const std::string& name) {
  return (std::filesystem::path(::testing::TempDir()) / ("zs-gui-recording-" + name)).string();
}

// The story, written once per test.
std::string story(const std::string& name) {
  const std::string path = temp_path(name);
  const std::string error = test::write_story_recording(path);
  EXPECT_EQ(error, "");
  return path;
}

// The address of the server the model shows as the leader a quorum follows, or "-".
std::string leader_address(Driver& d) {
  const ClusterView& m = d.model();
  if (!m.stable_leader || !m.attached) return "-";
  const int i = m.index_of(*m.stable_leader);
  return i < 0 ? "-" : m.attached->servers[static_cast<std::size_t>(i)].address;
}

std::string status_of(Driver& d, std::size_t server) { return d.model().attached->servers.at(server).status; }

Catalog load(const std::string& lang) {
  auto c = load_catalog(std::filesystem::path(ZS_SOURCE_DIR) / "assets" / "lang" / (lang + ".json"));
  EXPECT_TRUE(c) << c.error().to_string();
  return c ? c.value() : Catalog{};
}

// The language for one test; no catalog again after it, as the other tests expect (every
// test here reads English text unless it says otherwise).
struct Language {
  explicit Language(const std::string& lang) {
    set_catalog(load(lang));
    set_current_language(lang);
  }
  ~Language() {
    set_catalog({});  // as the other tests leave it
    set_current_language("en");
  }
};

TEST(RecordedWindow, ARecordingOpensInTheAttachedViewsFromItsStartMarkedNotLive) {
  Language en("en");
  const std::string path = story("opens.jsonl.gz");
  // What --replay checks to open a recording rather than a run file.
  EXPECT_TRUE(attach::Recording::looks_like(path));
  EXPECT_FALSE(attach::Recording::looks_like(std::string(ZS_SOURCE_DIR) + "/tests/gui/follower_cut_off.json"));

  Driver d(RunSetup{});
  d.run_to(3000);
  d.apply(OpenRecording{path});
  ASSERT_TRUE(d.recorded()) << d.notice();
  ASSERT_NE(d.recorded_source(), nullptr);
  EXPECT_FALSE(d.attached());
  const ClusterView& m = d.model();
  ASSERT_TRUE(m.attached);
  const view::AttachedModel& a = *m.attached;
  EXPECT_TRUE(a.recorded);
  EXPECT_EQ(a.recorded_file, path);
  EXPECT_EQ(a.recorded_from_ms, kStoryStartMs);
  EXPECT_EQ(a.recorded_to_ms, kStoryEndMs);
  // At its first look: every server asked once (the story's first state line, +0.4 s).
  EXPECT_EQ(a.shown_ms, d.recorded_source()->recording().first_poll_ms());
  EXPECT_EQ(a.shown_ms, kStoryStartMs + 400);
  EXPECT_TRUE(a.recorded_closed);
  EXPECT_EQ(a.connect_string, test::kStoryHosts);
  ASSERT_EQ(a.servers.size(), 3u);
  EXPECT_FALSE(m.observes.inject_faults);
  EXPECT_FALSE(m.observes.step);
  EXPECT_TRUE(d.paused());
  // Every change of the recording is there for the time bar; none after the moment shown in
  // the list.
  EXPECT_EQ(a.recorded_changes.size(), d.recorded_source()->recording().events().size());
  EXPECT_GT(a.recorded_changes.size(), 8u);
  for (const view::AttachedChange& c : a.changes) EXPECT_LE(c.at_ms, a.shown_ms) << c.text;
  EXPECT_LT(a.changes.size(), a.recorded_changes.size());
  EXPECT_NE(recorded_banner(a).find("not live"), std::string::npos) << recorded_banner(a);

  // What a recording cannot do is refused with the reason, and changes nothing.
  d.apply(ConsoleLine{1, "create /x"});
  EXPECT_EQ(d.notice(), tr("recorded.watch_only"));
  d.apply(CrashServer{1});
  EXPECT_EQ(d.notice(), tr("recorded.watch_only"));
  EXPECT_TRUE(d.model().consoles.empty());

  // Close: the simulation comes back as it was.
  d.apply(Detach{});
  EXPECT_FALSE(d.recorded());
  EXPECT_FALSE(d.model().attached);
  EXPECT_EQ(d.model().now, 3000);
}

TEST(RecordedWindow, SeekingMovesTheRowsTheOldLeaderBeforeTheChangeTheNewOneAfter) {
  Language en("en");
  Driver d(RunSetup{});
  d.apply(OpenRecording{story("seek.jsonl.gz")});
  ASSERT_TRUE(d.recorded()) << d.notice();
  d.apply(SeekRecorded{kStoryLeaderLostMs - 1000});
  EXPECT_EQ(leader_address(d), "127.0.0.1:2182");
  EXPECT_EQ(d.model().attached->servers[1].mode, "leader");
  EXPECT_EQ(status_of(d, 1), "serving");
  // In the election: no leader, server.2 unreachable.
  d.apply(SeekRecorded{kStoryLeaderLostMs + 1000});
  EXPECT_EQ(leader_address(d), "-");
  EXPECT_EQ(status_of(d, 1), "unreachable");
  d.apply(SeekRecorded{kStoryLeaderChangeMs + 1000});
  EXPECT_EQ(leader_address(d), "127.0.0.1:2183");
  EXPECT_EQ(d.model().attached->servers[2].mode, "leader");
  EXPECT_EQ(d.model().peers[2].last_processed_zxid.epoch(), 2);
  // And back again: scrubbing is not one way.
  d.apply(SeekRecorded{kStoryStartMs + 30000});
  EXPECT_EQ(leader_address(d), "127.0.0.1:2182");
  EXPECT_EQ(d.model().peers[1].last_processed_zxid.epoch(), 1);
  // The tree is the one of that moment: /app/workers/w-1 lived from +40 s to +240 s.
  EXPECT_FALSE(d.model().attached->tree->exists("/app/workers/w-1").has_value());
  d.apply(SeekRecorded{kStoryStartMs + 100000});
  EXPECT_TRUE(d.model().attached->tree->exists("/app/workers/w-1").has_value());
  // A moment outside the recording shows its end.
  d.apply(SeekRecorded{kStoryEndMs + 3600000});
  EXPECT_EQ(d.model().attached->shown_ms, kStoryEndMs);
  EXPECT_FALSE(d.model().attached->tree->exists("/app/workers/w-1").has_value());
}

TEST(RecordedWindow, NextAndPreviousChangeLandOnTheChangesAndTheListEndsThere) {
  Language en("en");
  Driver d(RunSetup{});
  d.apply(OpenRecording{story("jump.jsonl.gz")});
  ASSERT_TRUE(d.recorded()) << d.notice();
  std::vector<std::int64_t> times;
  for (const attach::ObservedEvent& e : d.recorded_source()->recording().events()) times.push_back(e.at_ms);
  ASSERT_TRUE(std::is_sorted(times.begin(), times.end()));
  // From the +30 s mark, Next lands on the znode created at +40 s; the list ends with it.
  d.apply(SeekRecorded{kStoryStartMs + 30000});
  d.apply(JumpChange{true});
  EXPECT_EQ(d.recorded_source()->time(), kStoryStartMs + 40000);
  ASSERT_FALSE(d.model().attached->changes.empty());
  EXPECT_EQ(d.model().attached->changes.back().text, "znode created /app/workers/w-1");
  // Next again: the data change at +60 s, then the lost leader at +120 s.
  d.apply(JumpChange{true});
  EXPECT_EQ(d.recorded_source()->time(), kStoryStartMs + 60000);
  EXPECT_EQ(d.model().attached->changes.back().text, "znode changed /app/config");
  d.apply(JumpChange{true});
  EXPECT_EQ(d.recorded_source()->time(), kStoryLeaderLostMs);
  EXPECT_EQ(leader_address(d), "-");
  // Every change shown happened by then, and none is left out.
  const auto shown = static_cast<std::size_t>(
      std::upper_bound(times.begin(), times.end(), kStoryLeaderLostMs) - times.begin());
  EXPECT_EQ(d.model().attached->changes.size(), shown);
  // Previous goes back to the change before the moment shown.
  d.apply(JumpChange{false});
  EXPECT_EQ(d.recorded_source()->time(), kStoryStartMs + 60000);
  // Past the last change: it stays, and says so.
  d.apply(SeekRecorded{kStoryEndMs});
  d.apply(JumpChange{true});
  EXPECT_EQ(d.recorded_source()->time(), kStoryEndMs);
  EXPECT_EQ(d.notice(), tr("recorded.no_later_change"));
}

TEST(RecordedWindow, PlayingMovesTheMomentAtTheChosenSpeedAndStopsAtTheEnd) {
  Language en("en");
  Driver d(RunSetup{});
  d.apply(OpenRecording{story("play.jsonl.gz")});
  ASSERT_TRUE(d.recorded()) << d.notice();
  const std::int64_t from = d.recorded_source()->time();
  d.apply(SetRecordedSpeed{60});
  d.apply(SetPaused{false});
  EXPECT_FALSE(d.paused());
  d.advance(1000);  // one real second at 60x: a recorded minute
  EXPECT_EQ(d.recorded_source()->time(), from + 60000);
  for (int i = 0; i < 10; ++i) d.advance(1000);
  EXPECT_EQ(d.recorded_source()->time(), kStoryEndMs);
  EXPECT_TRUE(d.paused());
}

TEST(RecordedWindow, TheChangesReadInTheWindowsLanguageAndInEnglishAsZooscopeAttachPrintsThem) {
  Language en("en");
  Driver d(RunSetup{});
  d.apply(OpenRecording{story("zh.jsonl.gz")});
  ASSERT_TRUE(d.recorded()) << d.notice();
  const auto all = d.model().attached->recorded_changes;
  // English: each line exactly as ObservedEvent::text (what `zooscope attach` prints).
  std::set<std::string> kinds;
  for (const view::AttachedChange& c : all) {
    EXPECT_EQ(change_text(c), c.text);
    kinds.insert(c.kind);
  }
  EXPECT_EQ(kinds, (std::set<std::string>{"status", "mode", "epoch", "leader", "znode", "session"}));
  auto find = [&](const std::string& english) -> const view::AttachedChange& {
    const auto it = std::find_if(all.begin(), all.end(), [&](const view::AttachedChange& c) { return c.text == english; });
    EXPECT_NE(it, all.end()) << english;
    return it == all.end() ? all.front() : *it;
  };
  const view::AttachedChange& mode = find("127.0.0.1:2183 mode follower -> leader");
  const view::AttachedChange& leader = find("leader - -> 127.0.0.1:2183");
  const view::AttachedChange& epoch = find("127.0.0.1:2183 epoch 1 -> 2");
  const view::AttachedChange& created = find("znode created /app/workers/w-1");
  const view::AttachedChange& session = find("session connected 127.0.0.1:2181");
  const auto lost = std::find_if(all.begin(), all.end(), [](const view::AttachedChange& c) {
    return c.kind == "status" && c.who == "127.0.0.1:2182" && c.to == "unreachable";
  });
  ASSERT_NE(lost, all.end());

  set_catalog(load("zh-CN"));
  set_current_language("zh-CN");
  EXPECT_EQ(change_text(mode), "127.0.0.1:2183 角色 Follower -> Leader");
  EXPECT_EQ(change_text(leader), "Leader - -> 127.0.0.1:2183");
  EXPECT_EQ(change_text(epoch), "127.0.0.1:2183 的 epoch 1 -> 2");
  EXPECT_EQ(change_text(created), "znode 已创建：/app/workers/w-1");
  EXPECT_EQ(change_text(session), "会话已连接 127.0.0.1:2181");
  EXPECT_EQ(change_text(*lost).rfind("127.0.0.1:2182 状态 正在服务 -> 无法连接（", 0), 0u) << change_text(*lost);
  // The status bar says the newest change shown in Chinese too, and the banner is Chinese.
  d.apply(SeekRecorded{kStoryStartMs + 40000});
  EXPECT_NE(d.model().last_happening.find("znode 已创建：/app/workers/w-1"), std::string::npos)
      << d.model().last_happening;
  EXPECT_NE(recorded_banner(*d.model().attached).find("不是实时画面"), std::string::npos);
}

TEST(RecordedWindow, ARecordingThatDoesNotOpenIsNamedAndTheRunOnScreenStays) {
  Language en("en");
  const std::string good = story("good.jsonl.gz");
  // A recording whose second line names a fourth server of three.
  const std::string broken = temp_path("broken.jsonl");
  {
    std::ofstream out(broken);
    out << "{\"zooscope_attach_recording\":1,\"hosts\":\"" << test::kStoryHosts
        << "\",\"attach_started_ms\":5,\"from_ms\":5}\n"
        << "{\"t\":6,\"a\":\"srvr\",\"server\":3,\"reach\":\"answered\",\"body\":\"\",\"error\":\"\",\"rtt\":1}\n";
  }
  Driver d(RunSetup{});
  d.run_to(4000);
  const std::uint64_t events = d.model().events_processed;
  d.apply(OpenRecording{broken});
  EXPECT_FALSE(d.recorded());
  EXPECT_NE(d.notice().find(broken + ":2:"), std::string::npos) << d.notice();
  EXPECT_EQ(d.model().last_happening, d.notice());  // the status bar says it
  EXPECT_FALSE(d.model().attached);
  EXPECT_EQ(d.model().events_processed, events);
  EXPECT_EQ(d.model().now, 4000);

  // Over a recording already open, it keeps that one, at the moment it was.
  d.apply(OpenRecording{good});
  ASSERT_TRUE(d.recorded());
  d.apply(SeekRecorded{kStoryLeaderChangeMs + 5000});
  d.apply(OpenRecording{temp_path("no-such-file.jsonl.gz")});
  EXPECT_NE(d.notice().find("no-such-file.jsonl.gz"), std::string::npos) << d.notice();
  ASSERT_TRUE(d.recorded());
  EXPECT_EQ(d.model().attached->recorded_file, good);
  EXPECT_EQ(d.model().attached->shown_ms, kStoryLeaderChangeMs + 5000);
  EXPECT_EQ(leader_address(d), "127.0.0.1:2183");
}

TEST(RecordedWindow, ARecordingCutShortSaysItEndedWithoutClosing) {
  Language en("en");
  const std::string path = temp_path("unclosed.jsonl");
  {
    // The header and one poll, and no end line: zooscope was killed while recording.
    std::ofstream out(path);
    out << "{\"zooscope_attach_recording\":1,\"hosts\":\"" << test::kStoryHosts
        << "\",\"attach_started_ms\":5000,\"from_ms\":5000}\n";
  }
  Driver d(RunSetup{});
  d.apply(OpenRecording{path});
  ASSERT_TRUE(d.recorded()) << d.notice();
  EXPECT_FALSE(d.model().attached->recorded_closed);
  EXPECT_NE(recorded_banner(*d.model().attached).find("ended without closing"), std::string::npos);
}

// The Record… popup shows why a file could not be written, and the toolbar of a recording
// shows its controls with the simulation's step and faults disabled.
TEST(RecordedWindow, TheToolbarOfARecordingDrawsItsTimeBarAndNoLiveControls) {
  Language en("en");
  create_headless_imgui();
  Driver d(RunSetup{});
  d.apply(OpenRecording{story("bar.jsonl.gz")});
  ASSERT_TRUE(d.recorded()) << d.notice();
  d.apply(SeekRecorded{kStoryLeaderChangeMs});
  Views views;
  UiBus bus;
  std::string drawn;
  ImGui::NewFrame();
  views.draw(d.model(), bus, &drawn);
  ImGui::Render();
  ImGui::DestroyContext();
  EXPECT_NE(drawn.find("Close recording"), std::string::npos);
  EXPECT_NE(drawn.find("Change ▶"), std::string::npos);
  EXPECT_NE(drawn.find(", not live"), std::string::npos);
  EXPECT_EQ(drawn.find("Detach"), std::string::npos);  // a live attach's control
  EXPECT_EQ(drawn.find("Record…"), std::string::npos);
}

// ---- recording a real ensemble (ctest fixture zk3, label interop) ------------------------------

std::string zk3_hosts() {
  std::ifstream in(ZS_ZK3_STATE);
  if (!in) return "";
  const auto j = nlohmann::json::parse(in, nullptr, /*allow_exceptions=*/false);
  return j.is_object() && j.contains("connect_string") ? j["connect_string"].get<std::string>() : "";
}

template <class F>
bool model_until(Driver& d, F done) {
  const auto until = std::chrono::steady_clock::now() + std::chrono::seconds(10);
  while (std::chrono::steady_clock::now() < until) {
    if (done(d.model())) return true;
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  return done(d.model());
}

// Record… on a real attach: a place that cannot be written says why and the attach goes on;
// a good path records (the toolbar's size grows), and the file reopens in the window with
// the rows the live attach showed.
TEST(Zk3RecordedWindow, RecordingARealAttachAndReopeningItShowsTheSameServers) {
  const std::string hosts = zk3_hosts();
  if (hosts.empty()) GTEST_SKIP() << "no zk3 ensemble (" << ZS_ZK3_STATE << ")";
  Language en("en");
  const std::string path = temp_path("zk3.jsonl.gz");
  Driver d(RunSetup{});
  d.apply(AttachTo{hosts, "", 500});
  ASSERT_TRUE(d.attach_source()->monitor().wait_settled(std::chrono::seconds(20)));
  const std::string bad = temp_path("no-such-dir") + "/x.jsonl.gz";
  d.apply(RecordAttach{bad});
  EXPECT_NE(d.record_error().find(bad), std::string::npos) << d.record_error();
  EXPECT_NE(d.model().attached->recording_error.find(bad), std::string::npos);
  EXPECT_FALSE(d.model().attached->recording_active);
  EXPECT_TRUE(d.attached());

  d.apply(RecordAttach{path});
  EXPECT_EQ(d.record_error(), "");
  ASSERT_TRUE(model_until(d, [&](const ClusterView& m) {
    return m.attached->recording_active && m.attached->recording_path == path && m.attached->recording_bytes > 0;
  }));
  EXPECT_EQ(d.model().attached->recording_error, "");
  std::vector<std::string> modes;
  for (const view::AttachedServer& s : d.model().attached->servers) modes.push_back(s.address + " " + s.mode);
  std::this_thread::sleep_for(std::chrono::milliseconds(1200));  // a couple more polls
  d.apply(StopRecording{});
  ASSERT_TRUE(model_until(d, [](const ClusterView& m) { return !m.attached->recording_active; }));
  d.apply(Detach{});

  d.apply(OpenRecording{path});
  ASSERT_TRUE(d.recorded()) << d.notice();
  const view::AttachedModel& a = *d.model().attached;
  EXPECT_TRUE(a.recorded_closed);
  EXPECT_EQ(a.connect_string, hosts);
  std::vector<std::string> replayed;
  for (const view::AttachedServer& s : a.servers) replayed.push_back(s.address + " " + s.mode);
  EXPECT_EQ(replayed, modes);
  EXPECT_NE(a.tree, nullptr);
}

}  // namespace
}  // namespace zs::gui

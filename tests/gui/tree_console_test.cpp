// The tree and console tabs: the driver end to end (a console line creates a znode on every
// server), differences from the leader on a real partitioned run, and the views drawn
// headless (clipped rows, the Stat text, the input line and its history).
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <iterator>
#include <map>
#include <set>
#include <string>
#include <variant>
#include <vector>

#include <fmt/format.h>
#include <gtest/gtest.h>
#include <imgui.h>
#include <imgui_internal.h>

#include "client/zkcli_format.hpp"
#include "cluster_view.hpp"
#include "driver.hpp"
#include "i18n.hpp"
#include "ui_bus.hpp"
#include "views/tree_rows.hpp"
#include "views/view.hpp"
#include "headless.hpp"

namespace zs::gui {
namespace {

const ConsoleModel* console_of(const ClusterView& m, Sid sid) {
  for (const ConsoleModel& c : m.consoles)
    if (c.sid == sid) return &c;
  return nullptr;
}

std::string transcript_of(const ClusterView& m, Sid sid) {
  const ConsoleModel* c = console_of(m, sid);
  return c == nullptr || c->transcript == nullptr ? std::string() : console::transcript_text(*c->transcript, false);
}

const DataTree* tree_of(const ClusterView& m, Sid sid) {
  const int i = m.index_of(sid);
  return i < 0 ? nullptr : m.trees[static_cast<std::size_t>(i)];
}

// Every path of a tree, walked with get_children (independent of ZnodeRows).
void all_paths(const DataTree& t, const std::string& path, std::set<std::string>& out) {
  out.insert(path);
  const auto c = t.get_children(path);
  if (!c) return;
  for (const std::string& name : c->children) all_paths(t, child_path(path, name), out);
}

// ---- the driver, end to end ----------------------------------------------------------------

// ZooKeeperMain on server 1 creates /zk_test; the create is a txn every server applies. The
// console's session was the first txn of the epoch (createSession), so the create is the
// second: zxid (epoch, 2), as a fresh real ensemble gives 0x100000002.
// A tree built by create txns with consecutive zxids (epoch 1), as a server applies them.
struct TreeBuilder {
  DataTree t;
  std::int32_t counter = 0;
  void create(const std::string& path) {
    TxnHeader h{1, counter, Zxid::make(1, ++counter), 1000, opcode::kCreate};
    t.apply(h, CreateTxn{path, "", open_acl_unsafe(), false, -1});
  }
};

TEST(TreeConsoleDriver, ConsoleCreateReachesEveryServersTree) {
  Driver d{RunSetup{}};
  d.run_to(3000);
  ASSERT_TRUE(d.model().stable_leader.has_value()) << "no leader after 3 s";
  d.apply(ConsoleLine{1, "create /zk_test my_data"});
  d.run_to(6000);

  const ClusterView& m = d.model();
  EXPECT_NE(transcript_of(m, 1).find("Created /zk_test"), std::string::npos) << transcript_of(m, 1);
  const ConsoleModel* c = console_of(m, 1);
  ASSERT_NE(c, nullptr);
  EXPECT_FALSE(c->busy);
  ASSERT_EQ(m.trees.size(), 3u);
  const Sid leader = *m.stable_leader;
  const std::int64_t epoch = m.peers[static_cast<std::size_t>(m.index_of(leader))].current_epoch;
  for (const PeerSnapshot& p : m.peers) {
    const DataTree* t = tree_of(m, p.sid);
    ASSERT_NE(t, nullptr) << "server " << p.sid;
    const auto got = t->get_data("/zk_test");
    ASSERT_TRUE(got.has_value()) << "server " << p.sid << " lacks /zk_test";
    EXPECT_EQ(got->data, "my_data");
    EXPECT_EQ(got->stat.czxid, Zxid::make(epoch, 2)) << "server " << p.sid;
    EXPECT_EQ(got->stat.mzxid, got->stat.czxid);
    EXPECT_EQ(got->stat.version, 0);
    EXPECT_EQ(got->stat.ephemeral_owner, 0);
    EXPECT_EQ(got->stat.data_length, 7);
    EXPECT_EQ(got->stat.num_children, 0);
    EXPECT_EQ(got->stat, tree_of(m, leader)->exists("/zk_test").value()) << "server " << p.sid;
  }
  EXPECT_EQ(epoch, 1);  // the first election of a fresh ensemble: 0x100000002

  // What zkCli's stat prints on server 1 is the tree's Stat through the formatter.
  d.apply(ConsoleLine{1, "stat /zk_test"});
  d.run_to(7000);
  const std::string block = client::stat_block(tree_of(d.model(), 1)->exists("/zk_test").value());
  EXPECT_NE(transcript_of(d.model(), 1).find("stat /zk_test\n" + block), std::string::npos)
      << transcript_of(d.model(), 1);
}

// A line sent while paused waits: the console stays busy until the run moves.
TEST(TreeConsoleDriver, LineSentWhilePausedWaitsForPlay) {
  Driver d{RunSetup{}};
  d.run_to(3000);
  d.apply(SetPaused{true});
  d.apply(ConsoleLine{2, "create /p x"});
  d.advance(5000);  // paused: no time passes
  const ConsoleModel* c = console_of(d.model(), 2);
  ASSERT_NE(c, nullptr);
  EXPECT_TRUE(c->busy);
  EXPECT_EQ(transcript_of(d.model(), 2).find("Created /p"), std::string::npos);
  d.apply(SetPaused{false});
  d.advance(3000);
  EXPECT_FALSE(console_of(d.model(), 2)->busy);
  EXPECT_NE(transcript_of(d.model(), 2).find("Created /p"), std::string::npos);
}

// ---- differences from the leader on a real run -----------------------------------------------

struct PartitionedRun {
  Driver d{RunSetup{}};
  Sid leader = 0;
  Sid lagging = 0;
  Sid writer = 0;

  PartitionedRun() {
    d.run_to(3000);
    leader = *d.model().stable_leader;
    for (const PeerSnapshot& p : d.model().peers) {
      if (p.sid == leader) continue;
      if (lagging == 0) lagging = p.sid;
      else writer = p.sid;
    }
    d.apply(ConsoleLine{writer, "create /zk_test my_data"});
    d.apply(ConsoleLine{writer, "create /zk_test/kept k"});
    d.run_to(5000);
    d.apply(IsolateServer{lagging});
    d.apply(ConsoleLine{writer, "set /zk_test junk"});
    d.apply(ConsoleLine{writer, "create /zk_test/a 1"});
    d.apply(ConsoleLine{writer, "create -s /zk_test/seq- 2"});
    d.apply(ConsoleLine{writer, "create /other 3"});
    d.apply(ConsoleLine{writer, "delete /zk_test/kept"});
    d.run_to(9000);
  }
};

TEST(TreeConsoleDiff, IsolatedFollowerShowsGhostsForExactlyWhatItLacks) {
  PartitionedRun run;
  const ClusterView& m = run.d.model();
  const std::string out = transcript_of(m, run.writer);
  ASSERT_NE(out.find("Created /other"), std::string::npos) << out;
  const DataTree* here = tree_of(m, run.lagging);
  const DataTree* lead = tree_of(m, run.leader);
  ASSERT_NE(here, nullptr);
  ASSERT_NE(lead, nullptr);

  // What the trees say, walked independently.
  std::set<std::string> on_here, on_leader, lacking, extra;
  all_paths(*here, "/", on_here);
  all_paths(*lead, "/", on_leader);
  std::set_difference(on_leader.begin(), on_leader.end(), on_here.begin(), on_here.end(),
                      std::inserter(lacking, lacking.end()));
  std::set_difference(on_here.begin(), on_here.end(), on_leader.begin(), on_leader.end(),
                      std::inserter(extra, extra.end()));
  ASSERT_EQ(lacking.size(), 3u);  // /other, /zk_test/a, /zk_test/seq-000000000N
  ASSERT_EQ(extra, std::set<std::string>{"/zk_test/kept"});

  // Every path expanded: the rows are the union of both trees.
  ZnodeRows rows;
  std::set<std::string> open(on_leader.begin(), on_leader.end());
  open.insert(on_here.begin(), on_here.end());
  rows.update(*here, lead, open);
  std::set<std::string> ghosts, missing_on_leader, changed, shown;
  for (std::size_t i = 0; i < rows.size(); ++i) {
    const std::string path = rows.path(rows.row(i));
    shown.insert(path);
    if (rows.presence(rows.row(i)) == Presence::LeaderOnly) ghosts.insert(path);
    const DiffKind k = diff_kind(*here, lead, path);
    if (k == DiffKind::MissingHere) {
      EXPECT_TRUE(ghosts.contains(path)) << path;
    }
    if (k == DiffKind::MissingOnLeader) missing_on_leader.insert(path);
    if (k == DiffKind::Changed) changed.insert(path);
  }
  std::set<std::string> all = on_here;
  all.insert(on_leader.begin(), on_leader.end());
  EXPECT_EQ(shown, all);
  EXPECT_EQ(ghosts, lacking);
  EXPECT_EQ(missing_on_leader, extra);
  EXPECT_EQ(changed, std::set<std::string>{"/zk_test"});  // set while it was cut off
  EXPECT_EQ(diff_kind(*here, lead, "/"), DiffKind::ChildrenDiffer);
  EXPECT_EQ(diff_kind(*here, lead, "/zookeeper"), DiffKind::Same);

  // The tooltip's words: mZxid here and on the leader, as the trees hold them.
  const auto fields = diff_fields(*here, *lead, "/zk_test");
  const auto mz = std::find_if(fields.begin(), fields.end(), [](const FieldDiff& f) { return f.field == "mZxid"; });
  ASSERT_NE(mz, fields.end());
  EXPECT_EQ(mz->here, "0x" + hex(here->exists("/zk_test")->mzxid));
  EXPECT_EQ(mz->leader, "0x" + hex(lead->exists("/zk_test")->mzxid));
  EXPECT_NE(mz->here, mz->leader);

  // Compared with itself the leader differs nowhere.
  ZnodeRows self;
  self.update(*lead, lead, open);
  for (std::size_t i = 0; i < self.size(); ++i) {
    EXPECT_EQ(self.presence(self.row(i)), Presence::Both);
    EXPECT_EQ(diff_kind(*lead, lead, self.path(self.row(i))), DiffKind::Same);
  }

  // Healed, the follower catches up and the differences go away.
  run.d.apply(HealAll{});
  run.d.run_to(15000);
  const ClusterView& healed = run.d.model();
  const DataTree* h2 = tree_of(healed, run.lagging);
  const DataTree* l2 = tree_of(healed, *healed.stable_leader);
  ASSERT_NE(h2, nullptr);
  ZnodeRows after;
  after.update(*h2, l2, open);
  for (std::size_t i = 0; i < after.size(); ++i) {
    EXPECT_EQ(diff_kind(*h2, l2, after.path(after.row(i))), DiffKind::Same) << after.path(after.row(i));
  }
}

TEST(TreeConsoleDiff, RowsAreSortedLikeLsAndRebuiltOnlyOnChange) {
  TreeBuilder b;
  DataTree& t = b.t;
  for (const char* p : {"/b", "/a", "/a0", "/a/x", "/B"}) b.create(p);
  ZnodeRows rows;
  rows.update(t, nullptr, {"/"});
  std::vector<std::string> names;
  for (std::size_t i = 0; i < rows.size(); ++i) names.emplace_back(rows.name(rows.row(i)));
  // zkCli's ls order: byte order ("B" before "a"), and /a/x hidden while /a is closed.
  EXPECT_EQ(names, (std::vector<std::string>{"/", "B", "a", "a0", "b", "zookeeper"}));
  const auto builds = rows.rebuilds();
  rows.update(t, nullptr, {"/"});
  EXPECT_EQ(rows.rebuilds(), builds);
  rows.update(t, nullptr, {"/", "/a"});
  EXPECT_EQ(rows.size(), 7u);
  EXPECT_EQ(rows.path(rows.row(3)), "/a/x");
  EXPECT_EQ(rows.row(3).depth, 2u);
  b.create("/a/w");
  rows.update(t, nullptr, {"/", "/a"});
  EXPECT_EQ(rows.size(), 8u);
  EXPECT_EQ(rows.path(rows.row(3)), "/a/w");
}

// Writes landing in an open directory of 100,000 children do not relist it every frame: the
// listing catches up within kBigListingRefreshUpdates updates; a small one at once.
TEST(TreeConsoleDiff, HugeListingIsRefreshedAtMostEverySoManyUpdates) {
  TreeBuilder b;
  DataTree& t = b.t;
  b.create("/big");
  b.create("/small");
  for (int i = 0; i < 20'000; ++i) b.create(fmt::format("/big/n{:06d}", i));
  const std::set<std::string> open{"/", "/big", "/small"};
  ZnodeRows rows;
  rows.update(t, nullptr, open);
  const std::size_t before = rows.size();
  b.create("/big/zz");
  b.create("/small/a");
  rows.update(t, nullptr, open);
  EXPECT_EQ(rows.size(), before + 1);  // /small/a at once, /big/zz not yet
  for (std::uint64_t i = 0; i < ZnodeRows::kBigListingRefreshUpdates; ++i) rows.update(t, nullptr, open);
  EXPECT_EQ(rows.size(), before + 2);
}

// ---- the views drawn headless ---------------------------------------------------------------

class TreeConsoleViews : public ::testing::Test {
 protected:
  void SetUp() override {
    create_headless_imgui();
  }
  void TearDown() override { ImGui::DestroyContext(); }

  // One view in a full-screen window; `log` gets the text it drew (ImGui's log capture).
  void frame(View& view, const ClusterView& m, std::string* log = nullptr) {
    ImGui::NewFrame();
    ImGui::SetNextWindowPos({0, 0});
    ImGui::SetNextWindowSize(ImGui::GetIO().DisplaySize);
    ImGui::Begin("host", nullptr, ImGuiWindowFlags_NoDecoration);
    if (log != nullptr) ImGui::LogToBuffer();
    view.draw_content(m, bus_);
    if (log != nullptr) {
      *log = ImGui::GetCurrentContext()->LogBuffer.c_str();
      ImGui::LogFinish();
    }
    ImGui::End();
    ImGui::Render();
  }

  static int host_vertices(ImU32 col = 0) {
    int n = 0;
    for (const ImGuiWindow* w : ImGui::GetCurrentContext()->Windows) {
      if (w->RootWindow == nullptr || std::string(w->RootWindow->Name) != "host" || !w->Active) continue;
      const auto& vb = w->DrawList->VtxBuffer;
      n += col == 0 ? vb.Size
                    : static_cast<int>(std::count_if(vb.begin(), vb.end(), [&](const ImDrawVert& v) { return v.col == col; }));
    }
    return n;
  }

  // The y of the k-th distinct item hovered going down the column at x (0: the first).
  float item_y(View& view, const ClusterView& m, float x, int k, float y0 = 0) {
    ImGuiID last = 0;
    int seen = -1;
    for (float y = y0; y < ImGui::GetIO().DisplaySize.y; y += 2) {
      ImGui::GetIO().MousePos = {x, y};
      frame(view, m);
      frame(view, m);
      const ImGuiID id = ImGui::GetCurrentContext()->HoveredId;
      if (id != 0 && id != last && ++seen == k) return y;
      if (id != 0) last = id;
    }
    return -1;
  }

  void click(View& view, const ClusterView& m) {
    ImGui::GetIO().MouseDown[0] = true;
    frame(view, m);
    ImGui::GetIO().MouseDown[0] = false;
    frame(view, m);
  }

  void key(View& view, const ClusterView& m, int k) {
    ImGui::GetIO().KeysDown[k] = true;
    frame(view, m);
    ImGui::GetIO().KeysDown[k] = false;
    frame(view, m);
  }

  UiBus bus_;
  double median_ms_ = 0;  // HugeDirectoryIsClipped: the last measured frame time
};

PeerSnapshot up_peer(Sid sid, PeerStatus status) {
  PeerSnapshot p;
  p.sid = sid;
  p.up = true;
  p.status = status;
  return p;
}

// One leading server holding `tree`.
ClusterView single(const DataTree& tree) {
  ClusterView m;
  m.peers = {up_peer(1, PeerStatus::Leading)};
  m.stable_leader = 1;
  m.trees = {&tree};
  m.watches = {nullptr};
  return m;
}

DataTree tree_with_children(int n) {
  TreeBuilder b;
  b.create("/big");
  for (int i = 0; i < n; ++i) b.create(fmt::format("/big/node-{:06d}", i));
  return std::move(b.t);
}

// The name column's rows: header, "/", "big", "zookeeper".
TEST_F(TreeConsoleViews, HugeDirectoryIsClipped) {
  const float x = 300;  // in the name column, right of the server combo
  auto expanded_vertices = [&](const DataTree& t) {
    auto view = make_tree_view();
    const ClusterView m = single(t);
    frame(*view, m);
    const float y = item_y(*view, m, x, 2);  // header "Name", row "/", row "big"
    EXPECT_GT(y, 0);
    const int closed = host_vertices();
    click(*view, m);
    click(*view, m);  // a double click opens it
    frame(*view, m);
    const int open = host_vertices();
    EXPECT_GT(open, closed + 1000) << "the double click did not expand /big";
    std::vector<double> ms;
    for (int i = 0; i < 41; ++i) {
      const auto t0 = std::chrono::steady_clock::now();
      frame(*view, m);
      ms.push_back(std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count());
    }
    std::nth_element(ms.begin(), ms.begin() + 20, ms.end());
    median_ms_ = ms[20];
    return open;
  };
  const DataTree small = tree_with_children(300);
  const DataTree huge = tree_with_children(100'000);
  const int small_open = expanded_vertices(small);
  const double small_ms = median_ms_;
  const int huge_open = expanded_vertices(huge);
  const double huge_ms = median_ms_;
  // Per frame, nothing walks the 100,000 children: the frame costs about what 300 cost.
  std::printf("tree tab frame, median: %.3f ms with 300 children open, %.3f ms with 100,000\n", small_ms, huge_ms);
  EXPECT_LT(huge_ms, 4 * small_ms + 0.3);
  // Both fill the table: the 100,000 rows cost what the 300 do, give or take the wider
  // numbers.
  EXPECT_LT(huge_open, small_open * 5 / 4);
  EXPECT_LT(huge_open, 150'000);
}

TEST_F(TreeConsoleViews, StatTextIsZkCliStat) {
  Driver d{RunSetup{}};
  d.run_to(3000);
  d.apply(ConsoleLine{1, "create /zk_test my_data"});
  d.run_to(6000);
  d.apply(SelectServer{2});
  const ClusterView& m = d.model();
  const DataTree* t = tree_of(m, 2);
  ASSERT_NE(t, nullptr);
  auto view = make_tree_view();
  frame(*view, m);
  // Rows: header, "/", "zk_test", "zookeeper": click zk_test to show its details.
  const float y = item_y(*view, m, 300, 2);
  ASSERT_GT(y, 0);
  click(*view, m);
  std::string log;
  frame(*view, m, &log);
  const std::string block = client::stat_block(t->exists("/zk_test").value());
  EXPECT_NE(log.find(block), std::string::npos) << "drawn:\n" << log << "\nexpected:\n" << block;
  EXPECT_NE(log.find("'world,'anyone\n: cdrwa"), std::string::npos) << log;
  EXPECT_NE(log.find("my_data"), std::string::npos);
}

// get -w leaves a data watch at the console's server, owned by its session (the same session
// that owns the ephemeral it created); the details list it in the English text.
TEST_F(TreeConsoleViews, WatchesAtTheServerAreListed) {
  auto catalog = load_catalog(std::filesystem::path(ZS_SOURCE_DIR) / "assets" / "lang" / "en.json");
  ASSERT_TRUE(catalog.ok());
  set_catalog(std::move(catalog).value());
  Driver d{RunSetup{}};
  d.run_to(3000);
  d.apply(ConsoleLine{1, "create /zk_test my_data"});
  d.apply(ConsoleLine{1, "create -e /zk_test/eph e"});
  d.apply(ConsoleLine{1, "get -w /zk_test"});
  d.run_to(6000);
  d.apply(SelectServer{1});
  const ClusterView& m = d.model();
  const auto eph = tree_of(m, 1)->exists("/zk_test/eph");
  ASSERT_TRUE(eph.has_value());
  auto view = make_tree_view();
  frame(*view, m);
  ASSERT_GT(item_y(*view, m, 300, 2), 0);  // right of the combo: header, "/", "zk_test"
  click(*view, m);
  std::string log;
  frame(*view, m, &log);
  set_catalog({});
  EXPECT_NE(log.find(fmt::format("session 0x{}: data watch", hex(eph->ephemeral_owner))), std::string::npos)
      << log;
}

TEST_F(TreeConsoleViews, GhostRowsOnlyWhenTheFollowerLacksNodes) {
  PartitionedRun run;
  auto view = make_tree_view();
  run.d.apply(SelectServer{run.leader});
  frame(*view, run.d.model());
  frame(*view, run.d.model());
  EXPECT_EQ(host_vertices(kGhostRowColor), 0);
  EXPECT_EQ(host_vertices(kChangedRowColor), 0);
  run.d.apply(SelectServer{run.lagging});
  frame(*view, run.d.model());
  frame(*view, run.d.model());
  // The legend swatch (4 vertices) plus the ghost row of /other under the open root.
  EXPECT_GT(host_vertices(kGhostRowColor), 4);
  auto catalog = load_catalog(std::filesystem::path(ZS_SOURCE_DIR) / "assets" / "lang" / "en.json");
  ASSERT_TRUE(catalog.ok());
  set_catalog(std::move(catalog).value());
  std::string log;
  frame(*view, run.d.model(), &log);
  set_catalog({});
  EXPECT_NE(log.find("GHOST"), std::string::npos) << log;
}

TEST_F(TreeConsoleViews, DownServerSaysSo) {
  DataTree t;
  ClusterView m = single(t);
  m.peers.push_back(up_peer(2, PeerStatus::Down));
  m.peers.back().up = false;
  m.trees.push_back(nullptr);
  m.watches.push_back(nullptr);
  m.selected_server = 2;
  auto view = make_tree_view();
  std::string log;
  frame(*view, m, &log);
  EXPECT_NE(log.find("view.tree.down"), std::string::npos) << log;  // no catalog: the key shows
}

TEST_F(TreeConsoleViews, EnterPostsTheLineToTheSelectedServer) {
  ClusterView m;
  m.peers = {up_peer(1, PeerStatus::Following), up_peer(2, PeerStatus::Leading), up_peer(3, PeerStatus::Following)};
  m.stable_leader = 2;
  m.selected_server = 3;
  auto view = make_console_view();
  frame(*view, m);
  frame(*view, m);  // the input takes the keyboard focus when the tab first shows
  ImGui::GetIO().AddInputCharactersUTF8("ls /");
  frame(*view, m);
  key(*view, m, ImGuiKey_Enter);
  ASSERT_EQ(bus_.pending().size(), 1u);
  const auto* line = std::get_if<ConsoleLine>(&bus_.pending()[0]);
  ASSERT_NE(line, nullptr);
  EXPECT_EQ(line->sid, 3);
  EXPECT_EQ(line->line, "ls /");

  // The input keeps the focus: the next line goes straight in.
  ImGui::GetIO().AddInputCharactersUTF8("get /a");
  frame(*view, m);
  key(*view, m, ImGuiKey_Enter);
  ASSERT_EQ(bus_.pending().size(), 2u);
  EXPECT_EQ(std::get<ConsoleLine>(bus_.pending()[1]).line, "get /a");
}

TEST_F(TreeConsoleViews, UpRecallsThePreviousLine) {
  std::vector<console::TranscriptEntry> transcript;
  std::map<int, std::string> history{{0, "create /zk_test my_data"}, {1, "ls /"}};
  ClusterView m;
  m.peers = {up_peer(1, PeerStatus::Leading)};
  m.stable_leader = 1;
  m.consoles.push_back(ConsoleModel{1, "[zk: 127.0.0.1:2181(CONNECTED) 2] ", false, &transcript, &history});
  auto view = make_console_view();
  frame(*view, m);
  frame(*view, m);
  key(*view, m, ImGuiKey_UpArrow);
  key(*view, m, ImGuiKey_Enter);
  ASSERT_EQ(bus_.pending().size(), 1u);
  EXPECT_EQ(std::get<ConsoleLine>(bus_.pending()[0]).line, "ls /");
  key(*view, m, ImGuiKey_UpArrow);
  key(*view, m, ImGuiKey_UpArrow);
  key(*view, m, ImGuiKey_Enter);
  ASSERT_EQ(bus_.pending().size(), 2u);
  EXPECT_EQ(std::get<ConsoleLine>(bus_.pending()[1]).line, "create /zk_test my_data");
  EXPECT_EQ(std::get<ConsoleLine>(bus_.pending()[1]).sid, 1);
}

// After a rewind the driver makes its consoles anew; a transcript at the same address then
// holds another history, and the view must not keep the old lines.
TEST_F(TreeConsoleViews, NewConsolesReplaceTheCachedTranscript) {
  auto entry = [](const char* out) {
    console::TranscriptEntry e;
    e.kind = console::TranscriptEntry::Kind::Command;
    e.prompt = "> ";
    e.line = "ls /";
    e.printed.out(out);
    return e;
  };
  std::vector<console::TranscriptEntry> t{entry("[old_a]\n"), entry("[old_b]\n")};
  std::map<int, std::string> history;
  ClusterView m;
  m.peers = {up_peer(1, PeerStatus::Leading)};
  m.stable_leader = 1;
  m.consoles.push_back(ConsoleModel{1, "> ", false, &t, &history});
  auto view = make_console_view();
  std::string log;
  frame(*view, m, &log);
  ASSERT_NE(log.find("[old_a]"), std::string::npos) << log;

  t = {entry("[new_a]\n"), entry("[new_b]\n"), entry("[new_c]\n")};
  m.console_generation = 1;
  frame(*view, m, &log);
  EXPECT_EQ(log.find("[old_a]"), std::string::npos) << log;
  EXPECT_NE(log.find("[new_a]"), std::string::npos) << log;
  EXPECT_NE(log.find("[new_c]"), std::string::npos) << log;
}

TEST_F(TreeConsoleViews, LongTranscriptIsClipped) {
  auto entries = [](int n) {
    std::vector<console::TranscriptEntry> t;
    for (int i = 0; i < n; ++i) {
      console::TranscriptEntry e;
      e.kind = console::TranscriptEntry::Kind::Command;
      e.prompt = fmt::format("[zk: 127.0.0.1:2181(CONNECTED) {}] ", i);
      e.line = "ls /";
      e.printed.out("[zookeeper]\n");
      t.push_back(std::move(e));
    }
    return t;
  };
  auto drawn = [&](const std::vector<console::TranscriptEntry>& t) {
    std::map<int, std::string> history;
    ClusterView m;
    m.peers = {up_peer(1, PeerStatus::Leading)};
    m.stable_leader = 1;
    m.consoles.push_back(ConsoleModel{1, "> ", false, &t, &history});
    auto view = make_console_view();
    frame(*view, m);
    frame(*view, m);
    frame(*view, m);
    // The transcript follows the end: scrolled to the bottom.
    const ImGuiWindow* w = nullptr;
    for (const ImGuiWindow* x : ImGui::GetCurrentContext()->Windows)
      if (std::string(x->Name).find("/transcript_") != std::string::npos) w = x;
    EXPECT_NE(w, nullptr);
    if (w != nullptr) {
      EXPECT_GT(w->ScrollMax.y, 0);
      EXPECT_EQ(w->Scroll.y, w->ScrollMax.y);
    }
    return host_vertices();
  };
  const auto small = entries(100);
  const auto big = entries(50'000);
  const int small_v = drawn(small);
  const int big_v = drawn(big);
  EXPECT_LT(big_v, small_v * 5 / 4);
}

}  // namespace
}  // namespace zs::gui

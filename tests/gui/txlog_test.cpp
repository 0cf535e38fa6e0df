// The transaction logs tab: its model read from the servers of a real lab run (DIFF, SNAP and
// a deposed leader's proposal cut off by TRUNC), the leader's proposals waiting for a quorum,
// the bound on boxes per row, and the tab drawn headless.
#include <algorithm>
#include <memory>
#include <stdexcept>
#include <string>

#include <gtest/gtest.h>
#include <imgui.h>
#include <imgui_internal.h>

#include "../sim/sim_util.hpp"
#include "lab_command.hpp"
#include "cluster_view.hpp"
#include "headless.hpp"
#include "i18n.hpp"
#include "lab/lab_run.hpp"
#include "view/model.hpp"
#include "view/model_txlog.hpp"
#include "views/view.hpp"

namespace zs::gui {
using namespace view;
namespace {

using namespace zs::test;

void build(const Simulator& sim, TxlogCache& cache, ClusterView& model) {
  RecentTrace recent;
  model = build_model(sim, true, recent);
  model.messages = sim.in_flight();
  cache.build(sim, model);
}

const TxlogRow& row_of(const ClusterView& m, Sid sid) {
  const int i = m.index_of(sid);
  if (i < 0 || static_cast<std::size_t>(i) >= m.txlog.rows.size()) throw std::out_of_range("no row for that server");
  return m.txlog.rows[static_cast<std::size_t>(i)];
}

const TxBox* box_of(const TxlogRow& row, Zxid z) {
  for (const TxBox& b : row.boxes)
    if (b.zxid == z) return &b;
  return nullptr;
}

// The lab "catching-up" played to the end of step `k` (1-based).
class CatchingUp : public ::testing::Test {
 protected:
  void SetUp() override {
    auto path = cli::find_lab("catching-up");
    ASSERT_TRUE(path);
    auto lab = lab::load_lab(path.value().string());
    ASSERT_TRUE(lab) << lab.error().to_string();
    lab_ = std::move(lab).value();
    run_ = std::make_unique<lab::LabRun>(lab_);
  }
  void play_to(std::size_t k) {
    while (run_->position() < k) (void)run_->next();
    build(run_->run().sim(), cache_, m_);
  }
  lab::Lab lab_;
  std::unique_ptr<lab::LabRun> run_;
  TxlogCache cache_;
  ClusterView m_;
};

// Step 4: server 1 missed 0x100000003 and 0x100000004; the leader's DIFF replays them and
// its row ends with both, committed and applied, with their words.
TEST_F(CatchingUp, DiffFillsTheRowWithTheMissedTxns) {
  play_to(4);
  const TxlogRow& r1 = row_of(m_, 1);
  ASSERT_TRUE(r1.sync.has);
  EXPECT_EQ(r1.sync.mode, SyncMode::Diff);
  EXPECT_EQ(r1.sync.zxid, Zxid(0x100000004));
  ASSERT_FALSE(r1.boxes.empty());
  EXPECT_EQ(r1.boxes.back().zxid, Zxid(0x100000004));
  for (std::int64_t z : {0x100000003LL, 0x100000004LL}) {
    const TxBox* b = box_of(r1, Zxid(z));
    ASSERT_NE(b, nullptr) << hex(Zxid(z));
    EXPECT_TRUE(b->logged && b->committed && b->applied);
    EXPECT_EQ(b->what, "setData /a");
  }
  // Every server's row ends at the same zxid now.
  for (const TxlogRow& r : m_.txlog.rows) EXPECT_EQ(r.boxes.back().zxid, Zxid(0x100000004)) << r.sid;
}

// Step 5: 600 writes: the rows show only the newest kTxlogBoxes, ending at the newest txn.
TEST_F(CatchingUp, RowsAreBoundedToTheNewestEntries) {
  play_to(5);
  const TxlogRow& r3 = row_of(m_, 3);
  EXPECT_GT(r3.log_size, kTxlogBoxes);
  ASSERT_EQ(r3.boxes.size(), kTxlogBoxes);
  EXPECT_EQ(r3.boxes.back().zxid, m_.peers[static_cast<std::size_t>(m_.index_of(3))].last_processed_zxid);
  EXPECT_TRUE(std::is_sorted(r3.boxes.begin(), r3.boxes.end(), [](const TxBox& a, const TxBox& b) { return a.zxid < b.zxid; }));
  EXPECT_FALSE(row_of(m_, 1).up) << "server 1 is down";
}

// Step 6: SNAP. The step pauses as soon as server 1 holds the leader's tree (the SNAP
// arrived): its tree is the leader's, up to 0x10000025f, while its log on disk still holds
// its old txns; it saves the snapshot at NEWLEADER, and from then on its row starts there.
TEST_F(CatchingUp, SnapReplacesTheRowsStart) {
  play_to(6);
  {
    const TxlogRow& r1 = row_of(m_, 1);
    ASSERT_TRUE(r1.sync.has);
    EXPECT_EQ(r1.sync.mode, SyncMode::Snap);
    EXPECT_EQ(r1.sync.zxid, Zxid(0x10000025f));
    EXPECT_EQ(r1.sync.leader, 3);
    const TxBox* old = box_of(r1, Zxid(0x100000004));
    ASSERT_NE(old, nullptr) << "still in its log on disk";
    EXPECT_TRUE(old->logged);
    EXPECT_TRUE(old->applied) << "covered by the snapshot in memory";
  }
  play_to(7);
  const TxlogRow& r1 = row_of(m_, 1);
  EXPECT_GE(r1.snapshot_zxid, Zxid(0x10000025f));
  for (const TxBox& b : r1.boxes) EXPECT_GT(b.zxid, r1.snapshot_zxid);
  EXPECT_EQ(box_of(r1, Zxid(0x100000004)), nullptr) << "its old log is gone";
}

// Steps 7 and 8: the isolated leader 3 logs 0x100000260, which no quorum ever logs: on its
// row it is logged and never committed (applied when it left its role); the others' rows end
// at 0x10000025f. After the heal, Leader 2's TRUNC cuts it off: the row ends at 0x10000025f
// and the cut-off zxid is listed as truncated.
TEST_F(CatchingUp, TruncCutsTheDeposedLeadersUncommittedProposal) {
  play_to(7);
  {
    const TxlogRow& r3 = row_of(m_, 3);
    const TxBox* lost = box_of(r3, Zxid(0x100000260));
    ASSERT_NE(lost, nullptr);
    EXPECT_TRUE(lost->logged);
    EXPECT_FALSE(lost->committed);
    EXPECT_EQ(lost->what, "create /lost");
    for (Sid s : {1, 2}) {
      const TxlogRow& r = row_of(m_, s);
      EXPECT_EQ(box_of(r, Zxid(0x100000260)), nullptr) << s;
      const Zxid last = r.boxes.empty() ? r.snapshot_zxid : r.boxes.back().zxid;
      EXPECT_EQ(last, Zxid(0x10000025f)) << s;
    }
  }
  play_to(8);
  const TxlogRow& r3 = row_of(m_, 3);
  ASSERT_TRUE(r3.sync.has);
  EXPECT_EQ(r3.sync.mode, SyncMode::Trunc);
  EXPECT_EQ(r3.sync.zxid, Zxid(0x10000025f));
  EXPECT_EQ(r3.sync.leader, 2);
  ASSERT_EQ(r3.truncated.size(), 1U);
  EXPECT_EQ(r3.truncated[0].zxid, Zxid(0x100000260));
  EXPECT_EQ(box_of(r3, Zxid(0x100000260)), nullptr);
  for (const TxBox& b : r3.boxes) EXPECT_LE(b.zxid, Zxid(0x10000025f));
  for (Sid s : {1, 2}) EXPECT_TRUE(row_of(m_, s).truncated.empty()) << s;

  // The same model from a fresh scan (nothing left over from the earlier frames).
  TxlogCache fresh;
  ClusterView again;
  build(run_->run().sim(), fresh, again);
  const TxlogRow& f3 = row_of(again, 3);
  ASSERT_EQ(f3.truncated.size(), 1U);
  EXPECT_EQ(f3.truncated[0].zxid, Zxid(0x100000260));
}

// A leader's proposal without a quorum: proposed (and logged) on the leader's row, never
// committed, not on the crashed followers' rows.
TEST(TxlogModel, ProposalWithoutQuorumIsProposedOnTheLeadersRow) {
  auto sim = std::make_unique<Simulator>(config::default_ensemble(3), SimOptions{});
  for (Sid s = 1; s <= 3; ++s) sim->schedule(start(s, 0));
  sim->run_until(5000);
  ASSERT_EQ(sim->stable_leader(), 3);
  sim->schedule(crash(1, 6000));
  sim->schedule(crash(2, 6000));
  sim->schedule(write(3, 6000, create("/stuck", "x")));
  ASSERT_TRUE(sim->run_until(
      [](const Simulator& s) { return s.peer_object(3) != nullptr && !s.peer_object(3)->outstanding().empty(); },
      7000));
  TxlogCache cache;
  ClusterView m;
  build(*sim, cache, m);
  const TxlogRow& r3 = row_of(m, 3);
  const TxBox* b = box_of(r3, Zxid(0x100000001));
  ASSERT_NE(b, nullptr);
  EXPECT_TRUE(b->proposed);
  EXPECT_TRUE(b->logged);
  EXPECT_FALSE(b->committed);
  EXPECT_FALSE(b->applied);
  EXPECT_EQ(b->what, "create /stuck");
  EXPECT_FALSE(row_of(m, 1).up);
}

// ---- drawn headless -----------------------------------------------------------------------

std::string drawn_text(const char* id) {
  const std::string key = std::string("/") + id + "_";
  const ImGuiWindow* root = nullptr;
  for (ImGuiWindow* w : ImGui::GetCurrentContext()->Windows) {
    const std::string name = w->Name;
    const auto at = name.find(key);
    if (at != std::string::npos && name.find('/', at + 1) == std::string::npos) root = w;
  }
  if (root == nullptr) return "<no window>";
  const ImFont* font = ImGui::GetFont();
  std::string out;
  for (const ImGuiWindow* w : ImGui::GetCurrentContext()->Windows) {
    const ImGuiWindow* p = w;
    while (p != nullptr && p != root) p = p->ParentWindow;
    if (p == nullptr || !w->Active) continue;
    const auto& vb = w->DrawList->VtxBuffer;
    for (int i = 0; i + 1 < vb.Size; ++i)
      for (const ImFontGlyph& g : font->Glyphs)
        if (g.Visible && vb[i].uv.x == g.U0 && vb[i].uv.y == g.V0 && vb[i + 1].uv.x == g.U1 && vb[i + 1].uv.y == g.V0) {
          out += static_cast<char>(g.Codepoint);
          break;
        }
  }
  return out;
}

TEST_F(CatchingUp, TabDrawsTheTruncAndTheStruckOutZxid) {
  play_to(8);
  create_headless_imgui();
  auto catalog = load_catalog(std::string(ZS_SOURCE_DIR) + "/assets/lang/en.json");
  ASSERT_TRUE(catalog);
  set_catalog(std::move(catalog).value());
  Views views;
  UiBus bus;
  ASSERT_TRUE(views.select_tab("txlog"));
  for (int i = 0; i < 5; ++i) {  // the rows scroll to their newest end
    ImGui::NewFrame();
    views.draw(m_, bus);
    ImGui::Render();
  }
  const std::string text = drawn_text("###txlog");
  set_catalog(Catalog{});
  ImGui::DestroyContext();
  EXPECT_NE(text.find("TRUNCto0x10000025f:1txn(s)cutoff"), std::string::npos) << text;
  EXPECT_NE(text.find("server.3"), std::string::npos);
  EXPECT_NE(text.find("260"), std::string::npos) << "the struck-out box's zxid: " << text;
}

}  // namespace
}  // namespace zs::gui

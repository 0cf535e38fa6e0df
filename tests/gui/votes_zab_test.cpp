// The votes and Zab tabs: their models built from real simulated runs (checked against the
// trace the engine wrote), the incremental scans across rewinds, and the tabs drawn headless.
#include <optional>
#include <algorithm>
#include <bit>
#include <memory>
#include <string>
#include <vector>

#include <gtest/gtest.h>
#include <imgui.h>
#include <imgui_internal.h>

#include "../sim/sim_util.hpp"
#include "cluster_view.hpp"
#include "driver.hpp"
#include "i18n.hpp"
#include "view/model.hpp"
#include "view/model_votes.hpp"
#include "view/model_zab.hpp"
#include "view/payload_words.hpp"
#include "views/view.hpp"
#include "headless.hpp"
#include "lab_command.hpp"
#include "views/pulse.hpp"

namespace zs::gui {
using namespace view;  // the simulated source's model builders
namespace {

using namespace zs::test;

std::unique_ptr<Simulator> started(int n) {
  auto sim = std::make_unique<Simulator>(config::default_ensemble(n), SimOptions{});
  for (Sid s = 1; s <= n; ++s) sim->schedule(start(s, 0));
  return sim;
}

// The model the driver builds, without the driver: peers, leader, then the two tabs' blocks.
void build(const Simulator& sim, VotesCache& votes, ZabCache& zab, ClusterView& model) {
  RecentTrace recent;
  model = build_model(sim, true, recent);
  model.recent_trace = {};
  model.recent_index = {};
  votes.build(sim.trace(), model);
  zab.build(sim, model);
}

// What the engine says each receiver processed: the last NotificationReceived log line per
// (receiver, sender) after the receiver's newest "New election" line.
struct Received {
  bool has = false;
  Notification note;
};
std::vector<Received> received_since_new_election(const Simulator& sim, int n) {
  std::vector<Received> out(static_cast<std::size_t>(n * n));
  for (const TraceEvent& ev : sim.trace()) {
    const auto* l = std::get_if<LogLine>(&ev.body);
    if (l == nullptr) continue;
    const auto r = static_cast<std::size_t>(l->sid - 1);
    if (l->kind == LogKind::NewElection) {
      for (int c = 0; c < n; ++c) out[r * static_cast<std::size_t>(n) + static_cast<std::size_t>(c)] = Received{};
    } else if (l->kind == LogKind::NotificationReceived) {
      out[r * static_cast<std::size_t>(n) + static_cast<std::size_t>(l->a[0] - 1)] = Received{true, l->note};
    }
  }
  return out;
}

void expect_cells_match_trace(const Simulator& sim, const ClusterView& m, int n) {
  const auto expected = received_since_new_election(sim, n);
  ASSERT_EQ(m.votes.cells.size(), expected.size());
  for (std::size_t i = 0; i < expected.size(); ++i) {
    const VoteCell& cell = m.votes.cells[i];
    SCOPED_TRACE("receiver " + std::to_string(i / static_cast<std::size_t>(n) + 1) + " sender " +
                 std::to_string(i % static_cast<std::size_t>(n) + 1));
    ASSERT_EQ(cell.has, expected[i].has);
    if (!cell.has) continue;
    EXPECT_EQ(cell.note.leader, expected[i].note.leader);
    EXPECT_EQ(cell.note.zxid, expected[i].note.zxid);
    EXPECT_EQ(cell.note.election_epoch, expected[i].note.election_epoch);
    EXPECT_EQ(cell.note.peer_epoch, expected[i].note.peer_epoch);
    EXPECT_EQ(cell.note.state, expected[i].note.state);
  }
}

class StartupElection : public ::testing::TestWithParam<int> {};

// FastLeaderElection.lookForLeader on a fresh ensemble: every vote ends at the highest sid.
TEST_P(StartupElection, VotesModelMatchesTheTraceAndTheServers) {
  const int n = GetParam();
  auto sim = started(n);
  sim->run_until(5000);
  ASSERT_TRUE(all_running_voters_follow_one_leader(*sim));
  VotesCache votes;
  ZabCache zab;
  ClusterView m;
  build(*sim, votes, zab, m);

  // Holds now: each server's current vote, as the snapshot (srvr) reports it.
  ASSERT_EQ(m.peers.size(), static_cast<std::size_t>(n));
  for (const PeerSnapshot& p : m.peers) {
    EXPECT_EQ(p.vote.leader, sim->peer(p.sid).vote.leader);
    EXPECT_EQ(p.vote.zxid, sim->peer(p.sid).vote.zxid);
  }
  expect_cells_match_trace(*sim, m, n);
  // Every receiver heard from every sender in the election it finished.
  for (const VoteCell& c : m.votes.cells) EXPECT_TRUE(c.has);

  // The tally: the winner holds every vote, more than half the voters (QuorumMaj, reference §1).
  ASSERT_FALSE(m.votes.tally.empty());
  EXPECT_EQ(m.votes.tally[0].leader, n);
  EXPECT_EQ(m.votes.tally[0].votes, n);
  EXPECT_TRUE(m.votes.tally[0].quorum);
  EXPECT_EQ(m.votes.voters, n);
  EXPECT_EQ(m.votes.quorum, n == 3 ? 2 : 3);
  EXPECT_TRUE(m.votes.election_over);
  EXPECT_EQ(m.votes.winner, n);
  EXPECT_EQ(m.votes.winner_epoch, sim->peer(n).current_epoch);

  // Why each server holds its vote: its last switch (its last VoteChanged that changed the
  // vote), not the decision or the epoch update after the election.
  for (Sid s = 1; s <= n; ++s) {
    std::optional<VoteChanged> last;  // a copy: the trace hands out decoded events
    for (const TraceEvent& ev : sim->trace())
      if (const auto* v = std::get_if<VoteChanged>(&ev.body);
          v && v->sid == s && v->rule != VoteRule::Initial && v->rule != VoteRule::EpochUpdated &&
          (v->from.leader != v->to.leader || v->from.zxid != v->to.zxid))
        last = *v;
    const VoteWhy& why = m.votes.why[static_cast<std::size_t>(s - 1)];
    ASSERT_TRUE(why.in_election);
    if (s == n) {
      EXPECT_FALSE(last.has_value()) << "the winner kept its own vote";
      EXPECT_EQ(why.switches, 0);
      continue;
    }
    ASSERT_TRUE(last.has_value()) << "server " << s;
    ASSERT_GE(why.switches, 1);
    EXPECT_EQ(why.last.rule, last->rule) << "server " << s;
    EXPECT_EQ(why.last.to.leader, n);
    if (last->rule != VoteRule::Decided) {
      EXPECT_EQ(why.last.because_of, last->because_of);
    }
  }
  // Server 1's last VoteChanged is the epoch update after Zab's discovery, yet its why still
  // names the rule that made it switch: equal epoch and zxid, the higher sid (rule 3).
  EXPECT_EQ(m.votes.why[0].last.rule, VoteRule::HigherSid);
  EXPECT_EQ(m.votes.why[0].last.check, VoteCheck::Rule3);
}

INSTANTIATE_TEST_SUITE_P(ThreeAndFive, StartupElection, ::testing::Values(3, 5));

// Mid-election (5 servers, a few ms in): some voters still propose themselves, and the
// candidate with most votes may not have a quorum yet. Cells still match the trace.
TEST(VotesModel, MidElectionCellsAndTallyFollowTheServers) {
  auto sim = started(5);
  sim->run_until(3);
  VotesCache votes;
  ZabCache zab;
  ClusterView m;
  build(*sim, votes, zab, m);
  EXPECT_FALSE(m.votes.election_over);
  expect_cells_match_trace(*sim, m, 5);
  int counted = 0;
  for (const VoteTally& t : m.votes.tally) {
    int holders = 0;
    for (const PeerSnapshot& p : m.peers) holders += p.up && p.vote.leader == t.leader;
    EXPECT_EQ(t.votes, holders) << "candidate " << t.leader;
    EXPECT_EQ(t.quorum, t.votes >= 3);
    counted += t.votes;
  }
  EXPECT_EQ(counted, 5);
}

// The scan is incremental: building at every step, then stepping back (the trace shrinks)
// and forward again, gives what a fresh scan of the same trace gives.
TEST(VotesModel, IncrementalScanSurvivesRewindAndReplay) {
  auto sim = started(5);
  VotesCache votes;
  ZabCache zab;
  ClusterView m;
  for (Ms t = 1; t < 400; t += 7) {
    sim->run_until(t);
    build(*sim, votes, zab, m);
  }
  const std::uint64_t end = sim->events_processed();
  sim->seek(end / 3);
  build(*sim, votes, zab, m);
  expect_cells_match_trace(*sim, m, 5);
  sim->seek(end);
  build(*sim, votes, zab, m);
  expect_cells_match_trace(*sim, m, 5);
  // A long run crosses several checkpoints; going back to the middle still matches.
  sim->schedule(crash(5, 10000));
  sim->run_until(40000);
  build(*sim, votes, zab, m);
  sim->seek(sim->events_processed() / 2);
  build(*sim, votes, zab, m);
  expect_cells_match_trace(*sim, m, 5);
  VotesCache fresh;
  ClusterView f;
  build(*sim, fresh, zab, f);
  ASSERT_EQ(f.votes.cells.size(), m.votes.cells.size());
  for (std::size_t i = 0; i < f.votes.cells.size(); ++i) EXPECT_EQ(f.votes.cells[i].at, m.votes.cells[i].at);
}

// ---- Zab --------------------------------------------------------------------------------

std::vector<Committed> committed_events(const Simulator& sim) {
  std::vector<Committed> out;
  for (const TraceEvent& ev : sim.trace())
    if (const auto* c = std::get_if<Committed>(&ev.body)) out.push_back(*c);
  return out;
}

// Leader.tryToCommit: every committed zxid shows, in order, with the ACK set of its commit.
TEST(ZabModel, CommittedProposalsFollowTheCommitEventsInOrder) {
  auto sim = started(3);
  sim->run_until(5000);
  VotesCache votes;
  ZabCache zab;
  ClusterView m;
  build(*sim, votes, zab, m);  // before any write: the cache is warm and empty
  EXPECT_EQ(m.zab.rows(), 0U);
  constexpr int kWrites = 25;
  for (int i = 0; i < kWrites; ++i)
    sim->schedule(write(1 + i % 3, 6000 + 40 * i, create("/n" + std::to_string(i), "x")));
  sim->run_until(6000 + 40 * 10);
  build(*sim, votes, zab, m);  // part way
  sim->run_until(9000);
  build(*sim, votes, zab, m);

  const auto commits = committed_events(*sim);
  ASSERT_EQ(commits.size(), static_cast<std::size_t>(kWrites));
  ASSERT_EQ(m.zab.committed.size(), commits.size());
  EXPECT_EQ(m.zab.committed_total, commits.size());
  EXPECT_TRUE(m.zab.pending.empty());
  for (std::size_t i = 0; i < commits.size(); ++i) {
    const ZabProposal& row = m.zab.committed[i];
    EXPECT_EQ(row.zxid, commits[i].zxid) << i;
    EXPECT_EQ(row.acks, commits[i].acks) << i;
    EXPECT_TRUE(row.committed);
    EXPECT_EQ(row.type, opcode::kCreate) << "the PROPOSAL's txn is a create";
    EXPECT_EQ(row.what.rfind("create /n", 0), 0U) << "type and path: " << row.what;
    if (i > 0) {
      EXPECT_LT(m.zab.committed[i - 1].zxid, row.zxid);
    }
  }
  EXPECT_EQ(m.zab.leader, 3);
  EXPECT_EQ(m.zab.epoch, 1);
  EXPECT_TRUE(m.zab.leader_has_quorum);
  EXPECT_EQ(m.zab.quorum, 2);
  EXPECT_EQ(std::popcount(m.zab.voters), 3);
  // Each follower was synced by DIFF after the election (a fresh ensemble, nothing to send).
  for (Sid s : {1, 2}) {
    const ZabSyncNote& note = m.zab.sync[static_cast<std::size_t>(s - 1)];
    EXPECT_TRUE(note.has) << s;
    EXPECT_EQ(note.mode, SyncMode::Diff) << s;
    EXPECT_EQ(note.leader, 3);
  }

  // Stepping back before some commits drops them; forward again brings them back.
  sim->seek(sim->event_of_trace(sim->trace().size() / 2));
  build(*sim, votes, zab, m);
  EXPECT_EQ(m.zab.committed.size(), committed_events(*sim).size());
  EXPECT_LT(m.zab.committed.size(), commits.size());
  sim->run_until(9000);
  build(*sim, votes, zab, m);
  ASSERT_EQ(m.zab.committed.size(), commits.size());
  for (std::size_t i = 0; i < commits.size(); ++i) EXPECT_EQ(m.zab.committed[i].zxid, commits[i].zxid);
}

// What the Zab view and the message labels say a packet carries: ZooKeeper's op names
// (Request.op2String) with the path; session transactions with their session id.
TEST(PayloadWords, TxnsAndRequestsInZooKeepersWords) {
  Txn create;
  create.header.type = opcode::kCreate;
  create.body = CreateTxn{"/zk_test", "my_data", {}, false, -1, false};
  EXPECT_EQ(view::txn_words(create), "create /zk_test");
  Txn session;
  session.header.type = opcode::kCreateSession;
  session.header.client_id = 0x100000a7b3c0000;
  session.body = CreateSessionTxn{30000};
  EXPECT_EQ(view::txn_words(session), "createSession 0x100000a7b3c0000");
  EXPECT_TRUE(view::is_session_txn(session.header.type));
  EXPECT_FALSE(view::is_session_txn(create.header.type));
  Txn set;
  set.header.type = opcode::kSetData;
  set.body = SetDataTxn{"/a/b", "v2", 1};
  EXPECT_EQ(view::txn_words(set), "setData /a/b");
  ClientRequest r;
  r.call = WriteRequest{SetDataRequest{"/zk_test", "junk", -1}};
  EXPECT_EQ(view::request_words(r), "setData /zk_test");
  r.call = SyncRequest{"/zk_test"};
  EXPECT_EQ(view::request_words(r), "sync /zk_test");
  CreateRequest eph;
  eph.path = "/lock";
  eph.flags = create_mode::kEphemeral;
  r.call = WriteRequest{eph};
  EXPECT_EQ(view::request_words(r), "create /lock");
}

// With both followers down the leader keeps LEADING until syncLimit runs out; a write it
// proposes meanwhile has only the leader's own ACK and stays pending: no quorum, no COMMIT.
TEST(ZabModel, PendingProposalShowsWhenTheQuorumIsLost) {
  auto sim = started(3);
  sim->run_until(5000);
  ASSERT_EQ(sim->stable_leader(), 3);
  sim->schedule(crash(1, 6000));
  sim->schedule(crash(2, 6000));
  sim->schedule(write(3, 6000, create("/stuck", "x")));
  // Until the leader proposed it (it steps down at its next tick without synced followers).
  ASSERT_TRUE(sim->run_until(
      [](const Simulator& s) { return s.peer_object(3) != nullptr && !s.peer_object(3)->outstanding().empty(); },
      7000));
  ASSERT_EQ(sim->peer(3).status, PeerStatus::Leading);
  VotesCache votes;
  ZabCache zab;
  ClusterView m;
  build(*sim, votes, zab, m);
  EXPECT_EQ(m.zab.leader, 3);
  EXPECT_FALSE(m.zab.leader_has_quorum);
  EXPECT_TRUE(m.zab.committed.empty());
  ASSERT_EQ(m.zab.pending.size(), 1U);
  const ZabProposal& p = m.zab.pending[0];
  EXPECT_FALSE(p.committed);
  EXPECT_EQ(p.zxid, Zxid(0x100000001));
  EXPECT_EQ(p.acks, std::uint64_t{1} << 2) << "only the leader's own ACK";
  EXPECT_EQ(p.type, opcode::kCreate);
  EXPECT_FALSE(p.quorum);
}

// Observers never vote and never ACK (reference §1; Leader.java#L1423): with 3 voters and 2
// observers the tally and the Zab tab need 2 of the 3 voters. The learners' sync notes are
// read from the packet each one got (reference §3.4): the followers a DIFF while the leader
// was still synchronizing, the observers, which came after it started (zxid 0x100000000)
// with an empty committed log, a SNAP.
TEST(VotesZabModels, ObserversNeverCountTowardsTheQuorum) {
  auto sim = std::make_unique<Simulator>(config::default_ensemble(3, 2), SimOptions{});
  for (Sid s = 1; s <= 5; ++s) sim->schedule(start(s, 0));
  sim->run_until(5000);
  ASSERT_EQ(sim->stable_leader(), 3);
  sim->schedule(write(4, 6000, create("/o", "x")));
  sim->run_until(7000);
  VotesCache votes;
  ZabCache zab;
  ClusterView m;
  build(*sim, votes, zab, m);
  EXPECT_EQ(m.votes.voters, 3);
  EXPECT_EQ(m.votes.quorum, 2);
  ASSERT_FALSE(m.votes.tally.empty());
  EXPECT_EQ(m.votes.tally[0].leader, 3);
  EXPECT_EQ(m.votes.tally[0].votes, 3) << "the observers' votes are not tallied";
  EXPECT_TRUE(m.votes.tally[0].quorum);
  EXPECT_EQ(m.zab.quorum, 2);
  EXPECT_EQ(m.zab.voters, 0b111U);
  ASSERT_EQ(m.zab.committed.size(), 1U);
  EXPECT_TRUE(m.zab.committed[0].quorum);
  EXPECT_EQ(m.zab.committed[0].acks & ~m.zab.voters, 0U) << "no observer ACKs";
  for (Sid s : {1, 2, 4, 5}) {
    const ZabSyncNote& note = m.zab.sync[static_cast<std::size_t>(s - 1)];
    EXPECT_TRUE(note.has) << s;
    EXPECT_EQ(note.mode, s <= 2 ? SyncMode::Diff : SyncMode::Snap) << s;
    EXPECT_EQ(note.zxid, s <= 2 ? Zxid(0) : Zxid(0x100000000)) << s;
    EXPECT_EQ(note.leader, 3) << s;
  }
}

// ---- drawn headless -----------------------------------------------------------------------

// The child window a side tab draws in ("<side>/###id_<hash>"; its tables are children of it).
const ImGuiWindow* tab_window(const char* id) {
  const std::string key = std::string("/") + id + "_";
  for (ImGuiWindow* w : ImGui::GetCurrentContext()->Windows) {
    const std::string name = w->Name;
    const auto at = name.find(key);
    if (at != std::string::npos && name.find('/', at + 1) == std::string::npos) return w;
  }
  return nullptr;
}

// The text a window (and the windows inside it) drew, read back from the glyph quads: each
// glyph's top-left vertex carries its (U0, V0) in the font atlas. Spaces draw nothing.
std::string drawn_text(const char* id) {
  const ImGuiWindow* root = tab_window(id);
  if (root == nullptr) return "<no window>";
  const ImFont* font = ImGui::GetFont();
  std::string out;
  for (const ImGuiWindow* w : ImGui::GetCurrentContext()->Windows) {
    const ImGuiWindow* p = w;
    while (p != nullptr && p != root) p = p->ParentWindow;
    if (p == nullptr || !w->Active) continue;
    const auto& vb = w->DrawList->VtxBuffer;
    for (int i = 0; i + 1 < vb.Size; ++i) {
      for (const ImFontGlyph& g : font->Glyphs) {
        if (g.Visible && vb[i].uv.x == g.U0 && vb[i].uv.y == g.V0 && vb[i + 1].uv.x == g.U1 && vb[i + 1].uv.y == g.V0) {
          out += static_cast<char>(g.Codepoint);
          break;
        }
      }
    }
  }
  return out;
}

int vertices_in(const char* id) {
  int n = 0;
  const ImGuiWindow* root = tab_window(id);
  if (root == nullptr) return -1;
  for (const ImGuiWindow* w : ImGui::GetCurrentContext()->Windows) {
    const ImGuiWindow* p = w;
    while (p != nullptr && p != root) p = p->ParentWindow;
    if (p != nullptr && w->Active) n += w->DrawList->VtxBuffer.Size;
  }
  return n;
}

std::string no_spaces(std::string s) {
  std::erase(s, ' ');
  return s;
}

class VotesZabTabs : public ::testing::Test {
 protected:
  void SetUp() override {
    create_headless_imgui();
    auto catalog = load_catalog(std::string(ZS_SOURCE_DIR) + "/assets/lang/en.json");
    ASSERT_TRUE(catalog);
    set_catalog(std::move(catalog).value());
  }
  void TearDown() override {
    set_catalog(Catalog{});
    ImGui::DestroyContext();
  }
  void show(const char* tab, const ClusterView& m) {
    ASSERT_TRUE(views_.select_tab(tab));
    for (int i = 0; i < 3; ++i) {
      ImGui::NewFrame();
      views_.draw(m, bus_);
      ImGui::Render();
    }
  }
  Views views_;
  UiBus bus_;
};

TEST_F(VotesZabTabs, VotesTabNamesTheWinnerAndTheVotes) {
  Driver driver(RunSetup{});
  driver.run_to(3000);
  const ClusterView& m = driver.model();
  ASSERT_EQ(m.stable_leader, 3);
  show("votes", m);
  const std::string text = drawn_text("###votes");
  EXPECT_NE(text.find(no_spaces("Election over: server.3 won and leads epoch 1")), std::string::npos) << text;
  EXPECT_NE(text.find(no_spaces("vote(3, 0x0) round 1")), std::string::npos) << "a notification cell";
  EXPECT_EQ(text.find("e=1"), std::string::npos) << "the round is written \"round\"";
  EXPECT_NE(text.find(no_spaces("server.3: 3/3 votes, quorum 2 reached")), std::string::npos);
  // After the election the why column still names the rule that decided each switch.
  EXPECT_NE(text.find(no_spaces("rule 3: equal epoch and zxid, higher sid")), std::string::npos) << text;
  EXPECT_NE(text.find(no_spaces("own vote, never switched")), std::string::npos) << "server 3";
  EXPECT_EQ(text.find(no_spaces("epoch updated")), std::string::npos);
  // The history of the election lists each switch; the legend says which number is which.
  EXPECT_NE(text.find(no_spaces("Every switch of the last election")), std::string::npos);
  EXPECT_NE(text.find(no_spaces("round = the election round (logicalclock)")), std::string::npos);
}

TEST_F(VotesZabTabs, ZabTabShowsCommittedZxidsAndSaysWhenThereIsNoLeader) {
  Driver driver(RunSetup{});
  driver.run_to(3000);
  driver.apply(WriteButton{1});
  driver.run_to(4000);
  const ClusterView& m = driver.model();
  ASSERT_EQ(m.zab.committed_total, 1U);
  show("zab", m);
  std::string text = drawn_text("###zab");
  EXPECT_NE(text.find("0x100000001"), std::string::npos) << text;
  EXPECT_NE(text.find(no_spaces("Leader: server.3, epoch 1")), std::string::npos);
  EXPECT_EQ(text.find(no_spaces("No leader")), std::string::npos);

  ClusterView none;
  none.peers = m.peers;
  for (PeerSnapshot& p : none.peers) p.status = PeerStatus::Looking;
  show("zab", none);
  text = drawn_text("###zab");
  EXPECT_NE(text.find(no_spaces("No leader: nothing can be proposed or committed")), std::string::npos) << text;
}

// A source that cannot see votes, Zab packets or each server's tree (real servers seen from
// outside) says so in those tabs instead of drawing empty tables.
TEST_F(VotesZabTabs, WhatTheSourceCannotObserveIsSaidNotDrawnEmpty) {
  Driver driver(RunSetup{});
  driver.run_to(3000);
  ClusterView m = driver.model();
  show("votes", m);
  EXPECT_EQ(drawn_text("###votes").find(no_spaces("not observable")), std::string::npos);
  m.observes.votes = false;
  m.observes.messages = false;
  m.observes.server_trees = false;
  show("votes", m);
  std::string text = drawn_text("###votes");
  EXPECT_NE(text.find(no_spaces("Votes are not observable here.")), std::string::npos) << text;
  EXPECT_EQ(text.find(no_spaces("Election over")), std::string::npos) << "no matrix, no tally";
  show("zab", m);
  text = drawn_text("###zab");
  EXPECT_NE(text.find(no_spaces("PROPOSAL, ACK and COMMIT are not observable here")), std::string::npos) << text;
  show("tree", m);
  text = drawn_text("###tree");
  EXPECT_NE(text.find(no_spaces("Each server's own znode tree is not observable here")), std::string::npos) << text;
}

// The proposal list is clipped: 2000 rows cost about what the visible ones cost.
TEST_F(VotesZabTabs, ProposalRowsAreClipped) {
  Driver driver(RunSetup{});
  driver.run_to(3000);
  ClusterView m = driver.model();
  auto with_rows = [&](std::size_t rows) {
    std::vector<ZabProposal> props(rows);
    for (std::size_t i = 0; i < rows; ++i) {
      props[i].zxid = Zxid::make(1, static_cast<std::int64_t>(i + 1));
      props[i].acks = 0b101;
      props[i].committed = true;
      props[i].type = opcode::kCreate;
    }
    ClusterView c = m;
    c.zab.committed = props;
    c.zab.committed_total = rows;
    show("zab", c);
    return vertices_in("###zab");
  };
  const int few = with_rows(20);
  const int many = with_rows(2000);
  ASSERT_GT(few, 0);
  EXPECT_LT(many, 2 * few) << "2000 rows are drawn like 20: only the visible ones";
}

// ---- a lab step's pulse -------------------------------------------------------------------

// A pulse outline: a draw command of its own (pulse.cpp pushes a clip rect for it) whose
// vertices are all the pulse colour, and the text drawn inside it.
struct PulseRect {
  ImVec2 min;
  ImVec2 max;
  std::string window;
  std::string text;
};

std::string text_inside(const ImDrawList* dl, ImVec2 min, ImVec2 max) {
  const ImFont* font = ImGui::GetFont();
  std::string out;
  const auto& vb = dl->VtxBuffer;
  for (int i = 0; i + 1 < vb.Size; ++i) {
    const ImVec2 p = vb[i].pos;
    if (p.x < min.x || p.x > max.x || p.y < min.y || p.y > max.y) continue;
    for (const ImFontGlyph& g : font->Glyphs)
      if (g.Visible && vb[i].uv.x == g.U0 && vb[i].uv.y == g.V0 && vb[i + 1].uv.x == g.U1 && vb[i + 1].uv.y == g.V0) {
        out += static_cast<char>(g.Codepoint);
        break;
      }
  }
  return out;
}

std::vector<PulseRect> pulse_rects() {
  std::vector<PulseRect> out;
  for (const ImGuiWindow* w : ImGui::GetCurrentContext()->Windows) {
    if (!w->Active) continue;
    const ImDrawList* dl = w->DrawList;
    for (const ImDrawCmd& cmd : dl->CmdBuffer) {
      if (cmd.ElemCount == 0) continue;
      bool all = true;
      ImVec2 min{1e9f, 1e9f};
      ImVec2 max{-1e9f, -1e9f};
      for (unsigned k = 0; k < cmd.ElemCount && all; ++k) {
        const ImDrawVert& v = dl->VtxBuffer[static_cast<int>(cmd.VtxOffset + dl->IdxBuffer[static_cast<int>(cmd.IdxOffset + k)])];
        all = (v.col & ~IM_COL32_A_MASK) == (kPulseColor & ~IM_COL32_A_MASK);
        min = {std::min(min.x, v.pos.x), std::min(min.y, v.pos.y)};
        max = {std::max(max.x, v.pos.x), std::max(max.y, v.pos.y)};
      }
      if (all) out.push_back(PulseRect{min, max, w->Name, text_inside(dl, min, max)});
    }
  }
  return out;
}

class LabPulseTabs : public VotesZabTabs {
 protected:
  // The lab open in a driver, at the pause after step k (no slow motion).
  void open(const char* id, std::size_t k) {
    auto path = cli::find_lab(id);
    ASSERT_TRUE(path) << path.error().to_string();
    auto lab = lab::load_lab(path.value().string());
    ASSERT_TRUE(lab) << lab.error().to_string();
    driver_.set_lab_slow_motion(false);
    driver_.add_lab(std::move(lab).value());
    driver_.apply(LabOpen{id});
    for (int guard = 0; guard < 30; ++guard) {
      const view::LabCard& c = *driver_.model().lab;
      if (c.phase == view::LabCard::Phase::Shown && c.step == k) break;
      driver_.apply(LabNext{});
    }
    ASSERT_EQ(driver_.model().lab->step, k);
  }
  // Enough frames for a table to measure its columns and bring the pulse into view.
  void show_settled(const char* tab) {
    show(tab, driver_.model());
    show(tab, driver_.model());
  }
  std::vector<PulseRect> in_tab(const char* id) {
    std::vector<PulseRect> out;
    for (PulseRect& r : pulse_rects())
      if (r.window.find(std::string("/") + id + "_") != std::string::npos) out.push_back(std::move(r));
    return out;
  }
  Driver driver_{RunSetup{}};
};

// write-path step 3: highlight = ["zab 0x100000003", "ack 0x100000003 3", "ack 0x100000003 1",
// "commit 0x100000003"]: the row, the two ACKs of the majority and the COMMIT cell pulse.
TEST_F(LabPulseTabs, TheZabTabPulsesTheRowTheAcksAndTheCommitOfTheStep) {
  open("write-path", 3);
  ASSERT_TRUE(driver_.model().lab->pulses_zab_tab());
  show_settled("zab");
  const std::vector<PulseRect> rects = in_tab("###zab");
  std::vector<std::string> texts;
  for (const PulseRect& r : rects) texts.push_back(r.text);
  ASSERT_EQ(rects.size(), 4u) << ::testing::PrintToString(texts);
  int rows = 0, acks = 0, commits = 0;
  for (const std::string& t : texts) {
    rows += t.rfind("0x100000003", 0) == 0;
    acks += t == "ACK";
    commits += t == "sent";
  }
  EXPECT_EQ(rows, 1) << "the proposal's row: " << ::testing::PrintToString(texts);
  EXPECT_EQ(acks, 2) << "the leader's own ACK and server 1's";
  EXPECT_EQ(commits, 1) << "the COMMIT cell";
  // Server 2's cell ("-": its PROPOSAL is still on the slow link) does not pulse on its own.
  for (const std::string& t : texts) EXPECT_NE(t, "-");
}

// vote-order step 3: highlight = ["votes 3 2", "rule 3"]; with the Zab tab open the Votes tab
// is not switched to, its label gets the mark.
TEST_F(LabPulseTabs, TheVotesTabPulsesTheCellAndTheRuleRowAndItsLabelIsMarked) {
  open("vote-order", 3);
  show_settled("votes");
  const std::vector<PulseRect> rects = in_tab("###votes");
  std::vector<std::string> texts;
  for (const PulseRect& r : rects) texts.push_back(r.text);
  ASSERT_EQ(rects.size(), 2u) << ::testing::PrintToString(texts);
  std::sort(texts.begin(), texts.end());  // the matrix and the rule table are two windows
  EXPECT_EQ(texts[1].rfind("vote(2,0x100000007)", 0), 0u) << "what 3 got from 2: " << texts[1];
  // Server 3's why row: the epoch decided its switch, in the round it joined.
  // (", joined round 2" follows when the pane is wide enough: gui_shot_lab_pulse_votes checks it.)
  EXPECT_EQ(texts[0].rfind("server.3higherepoch(beforerules1-4)", 0), 0u) << "server 3's rule row: " << texts[0];

  show_settled("zab");
  EXPECT_EQ(views_.current_tab(), "zab") << "the step never switches the tab by itself";
  EXPECT_TRUE(in_tab("###zab").empty()) << "nothing of this step is in the Zab tab";
  int marks = 0;
  for (const PulseRect& r : pulse_rects()) marks += r.window == "###side";
  EXPECT_EQ(marks, 1) << "a dot on the Votes tab's label";
}

// Outside a step that plays or is shown (the intro, a question), nothing pulses.
TEST_F(LabPulseTabs, NothingPulsesOverAQuestion) {
  open("vote-order", 2);
  driver_.apply(LabNext{});  // step 3's question
  ASSERT_EQ(driver_.model().lab->phase, view::LabCard::Phase::Asking);
  show_settled("votes");
  EXPECT_TRUE(pulse_rects().empty());
}

}  // namespace
}  // namespace zs::gui

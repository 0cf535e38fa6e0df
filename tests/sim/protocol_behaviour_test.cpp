// Protocol behaviour that timing decides (issue 16 §2), each as a user sees it: who leads and
// follows, what the servers log, what a client gets back. Real 3.8.0 did the same on this
// machine (docs/zookeeper-notes.md, "Timeouts on the quorum connection").
#include <gtest/gtest.h>

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "sim_util.hpp"
#include "session/session_tracker.hpp"

namespace zs {
namespace {

using namespace zs::test;

std::unique_ptr<Simulator> ensemble(config::EnsembleConfig cfg, SimOptions opt = {}) {
  auto sim = std::make_unique<Simulator>(std::move(cfg), opt);
  const int n = static_cast<int>(sim->config().servers.size());
  for (Sid s = 1; s <= n; ++s) sim->schedule(start(s, 0));
  return sim;
}

LinkParams fixed_latency(Ms ms) {
  LinkParams p;
  p.latency_min_ms = ms;
  p.latency_max_ms = ms;
  return p;
}

struct Logged {
  Ms at = 0;
  LogLevel level = LogLevel::Info;
  std::string text;
};

std::vector<Logged> logged(const Simulator& sim, Sid sid, Ms since = 0) {
  std::vector<Logged> out;
  for (const auto& ev : sim.trace())
    if (const auto* l = std::get_if<LogLine>(&ev.body))
      if (l->sid == sid && ev.at >= since) out.push_back({ev.at, l->level, format_log(*l, sim.trace_context())});
  return out;
}

std::optional<Logged> first_starting(const std::vector<Logged>& lines, const std::string& prefix) {
  for (const auto& l : lines)
    if (l.text.rfind(prefix, 0) == 0) return l;
  return std::nullopt;
}

// When `sid` first entered `to` at or after `since`.
std::optional<Ms> entered(const Simulator& sim, Sid sid, PeerStatus to, Ms since) {
  for (const auto& ev : sim.trace())
    if (const auto* s = std::get_if<StateChanged>(&ev.body))
      if (s->sid == sid && s->to == to && ev.at >= since) return ev.at;
  return std::nullopt;
}

// The first PING the leader sends `to` at or after `since`.
std::optional<Ms> ping_sent(const Simulator& sim, Sid from, Sid to, Ms since) {
  for (const auto& ev : sim.trace())
    if (const auto* m = std::get_if<MessageSent>(&ev.body))
      if (const auto* p = std::get_if<QuorumPacket>(&m->env.msg))
        if (p->type == PacketType::Ping && m->env.source == from && m->env.target == to && ev.at >= since)
          return ev.at;
  return std::nullopt;
}

const char kReadTimedOut[] = "Unexpected exception in LearnerHandler: \njava.net.SocketTimeoutException: Read timed out";
const char kSocketClosed[] = "Unexpected exception in LearnerHandler: \njava.net.SocketException: Socket closed";

// ---------------------------------------------------------------- LearnerHandler read timeout

TEST(ProtocolBehaviour, ALearnerWhosePacketsAreDelayed15sIsDroppedAfterSyncLimitAndGoesLooking) {
  auto owned = ensemble(config::default_ensemble(3));
  Simulator& sim = *owned;
  sim.run_until(6000);
  ASSERT_EQ(sim.stable_leader(), 3);
  // From now on everything server 1 sends the leader takes 15 s (tickTime 2000 x syncLimit 5
  // = 10 s is the leader's read timeout).
  sim.set_link(1, 3, fixed_latency(15000));
  sim.run_until(30000);
  const auto leader = logged(sim, 3, 6000);
  const auto error = first_starting(leader, "Unexpected exception in LearnerHandler");
  ASSERT_TRUE(error) << "the leader never dropped server 1";
  EXPECT_EQ(error->text, kReadTimedOut);
  EXPECT_EQ(error->level, LogLevel::Error);
  // The last PING reply left server 1 before 6000 and arrived within 5 ms; 10 s later the read
  // times out.
  EXPECT_GE(error->at, 6000 + 9000);
  EXPECT_LE(error->at, 6000 + 10010);
  // ZooKeeper's three lines, in its order, at the same moment.
  std::vector<std::string> drop;
  for (const auto& l : leader)
    if (l.at == error->at) drop.push_back(l.text);
  ASSERT_GE(drop.size(), 3U);
  EXPECT_EQ(drop[0], kReadTimedOut);
  EXPECT_EQ(drop[1], "Synchronously closing socket to learner 1.");
  EXPECT_EQ(drop[2].rfind("******* GOODBYE /127.0.0.1:", 0), 0U) << drop[2];
  EXPECT_EQ(drop[2].substr(drop[2].size() - 9), " ********");
  EXPECT_EQ(first_starting(leader, "******* GOODBYE")->level, LogLevel::Warn);
  // The follower learns it from the closed connection and looks for a leader again.
  const auto looking = entered(sim, 1, PeerStatus::Looking, 6000);
  ASSERT_TRUE(looking) << "server 1 stayed FOLLOWING";
  EXPECT_GT(*looking, error->at);
  EXPECT_TRUE(contains(log_lines(sim, 1), "Exception when following the leader"));
  // The other follower keeps the quorum: server 3 still leads, server 2 still follows it.
  EXPECT_EQ(status(sim, 3), PeerStatus::Leading);
  EXPECT_EQ(status(sim, 2), PeerStatus::Following);
}

TEST(ProtocolBehaviour, ADelayShorterThanSyncLimitDropsNobody) {
  auto owned = ensemble(config::default_ensemble(3));
  Simulator& sim = *owned;
  sim.run_until(6000);
  ASSERT_EQ(sim.stable_leader(), 3);
  sim.set_link(1, 3, fixed_latency(3000));  // a 3 s gap once, then replies every second
  sim.run_until(30000);
  EXPECT_FALSE(first_starting(logged(sim, 3, 6000), "Unexpected exception in LearnerHandler"));
  EXPECT_FALSE(entered(sim, 1, PeerStatus::Looking, 6000));
  EXPECT_TRUE(all_running_voters_follow_one_leader(sim));
}

TEST(ProtocolBehaviour, BothDirectionsSlowed15sSendTheFollowerBackToLookingAgainAndAgain) {
  auto owned = ensemble(config::default_ensemble(3));
  Simulator& sim = *owned;
  sim.run_until(6000);
  sim.set_link(1, 3, fixed_latency(15000));
  sim.set_link(3, 1, fixed_latency(15000));
  sim.run_until(120000);
  // Every attempt to follow over a 30 s round trip fails within initLimit (20 s): server 1 is
  // never serving again, while 2 and 3 go on.
  EXPECT_TRUE(entered(sim, 1, PeerStatus::Looking, 6000));
  EXPECT_FALSE(sim.peer(1).serving);
  EXPECT_EQ(status(sim, 3), PeerStatus::Leading);
  EXPECT_TRUE(sim.peer(2).serving);
}

// ---------------------------------------------------------------- the learner's connect

// Runs `sim` a millisecond at a time until `sid` is in `status` (or `limit`); returns the time.
Ms run_until_status(Simulator& sim, Sid sid, PeerStatus want, Ms from, Ms limit) {
  Ms t = from;
  while (status(sim, sid) != want && t < limit) sim.run_until(++t);
  return t;
}

TEST(ProtocolBehaviour, AQuorumConnectNobodyAnswersSpendsTheWholeInitLimitOnOneTry) {
  auto owned = ensemble(config::default_ensemble(3));
  Simulator& sim = *owned;
  sim.schedule(crash(1, 3000));
  sim.schedule(restart(1, 4000));
  sim.run_until(4000);
  ASSERT_EQ(sim.stable_leader(), 3);
  // 1 decides to follow 3 again; from that moment nothing 1 sends 3 arrives (a firewall that
  // drops, not a closed port): its connect to the quorum port gets no answer.
  const Ms decided = run_until_status(sim, 1, PeerStatus::Following, 4000, 10000);
  ASSERT_EQ(status(sim, 1), PeerStatus::Following);
  ScheduledAction cut = server_action(ScheduledAction::Kind::CutLink, 1, decided);
  cut.target = 3;
  sim.schedule(cut);
  sim.run_until(decided + 25000);
  const auto lines = logged(sim, 1, decided);
  // No retries: Learner$LeaderConnector's one try waits for the whole initLimit
  // (10 x 2000 ms), then nothing is left of it.
  EXPECT_FALSE(first_starting(lines, "Unexpected exception, tries="));
  EXPECT_FALSE(first_starting(lines, "Successfully connected to leader"));
  const auto exceeded = first_starting(lines, "Unexpected exception, connectToLeader exceeded.");
  ASSERT_TRUE(exceeded) << "the connect never gave up";
  EXPECT_EQ(exceeded->text,
            "Unexpected exception, connectToLeader exceeded. tries=0, remaining init limit=0, connecting to "
            "/127.0.0.1:2890");
  EXPECT_EQ(exceeded->level, LogLevel::Error);
  EXPECT_EQ(exceeded->at, decided + 20000);
  std::vector<Logged> then;
  for (const auto& l : lines)
    if (l.at == exceeded->at) then.push_back(l);
  ASSERT_GE(then.size(), 6u);
  EXPECT_EQ(then[1].text, "Failed connect to /127.0.0.1:2890");
  EXPECT_EQ(then[1].level, LogLevel::Error);
  EXPECT_EQ(then[2].text, "Exception when following the leader");
  // Never connected: no "Disconnected from leader" line; not serving: no "shutting down".
  EXPECT_EQ(then[3].text, "shutdown Follower");
  EXPECT_EQ(then[4].text, "Peer state changed: looking");
  EXPECT_EQ(then[5].text, "PeerState set to LOOKING");
  EXPECT_EQ(entered(sim, 1, PeerStatus::Looking, decided), exceeded->at);
  // 2 and 3 go on.
  EXPECT_EQ(status(sim, 3), PeerStatus::Leading);
  EXPECT_TRUE(sim.peer(2).serving);
}

TEST(ProtocolBehaviour, ARefusedQuorumConnectIsTriedFiveTimes100MsApart) {
  // 4 observes 3; 3 crashes: 4's election answers still name 3 when it looks again (the
  // voters' current votes until they decide again), so it observes the dead leader first and
  // its connects are refused: every try is logged, 100 ms (and the refusal's round trip)
  // apart, and the fifth gives up. Real 3.8.0 did the same here, 101 ms apart.
  auto owned = ensemble(config::default_ensemble(3, 1));
  Simulator& sim = *owned;
  sim.run_until(6000);
  ASSERT_EQ(sim.stable_leader(), 3);
  sim.schedule(crash(3, 6000));
  sim.run_until(20000);
  const auto lines = logged(sim, 4, 6000);
  std::vector<Logged> tries;
  for (const auto& l : lines)
    if (l.text.rfind("Unexpected exception, tries=", 0) == 0) tries.push_back(l);
  ASSERT_TRUE(first_starting(lines, "Observing new leader sid=3 addr=/127.0.0.1:2890"));
  ASSERT_EQ(tries.size(), 4u);
  for (std::size_t k = 0; k < tries.size(); ++k) {
    EXPECT_EQ(tries[k].level, LogLevel::Warn);
    EXPECT_EQ(tries[k].text.rfind("Unexpected exception, tries=" + std::to_string(k) + ", remaining init limit=", 0), 0u);
    if (k > 0) {
      EXPECT_GE(tries[k].at, tries[k - 1].at + 100);
      EXPECT_LE(tries[k].at, tries[k - 1].at + 110);
    }
  }
  const auto exceeded = first_starting(lines, "Unexpected exception, retries exceeded. tries=4, remaining init limit=");
  ASSERT_TRUE(exceeded);
  EXPECT_GE(exceeded->at, tries[3].at + 100);
  EXPECT_LE(exceeded->at, tries[3].at + 110);
  EXPECT_EQ(exceeded->level, LogLevel::Error);
  const auto failed = first_starting(lines, "Failed connect to /127.0.0.1:2890");
  ASSERT_TRUE(failed);
  EXPECT_EQ(failed->at, exceeded->at);
  EXPECT_TRUE(sim.peer(4).serving);
}

// ---------------------------------------------------------------- a learner ahead of the leader

TEST(ProtocolBehaviour, ALeaderDropsALearnerAheadOfItWithLearnerHandlersLines) {
  // 1, 2, 3 elect 3 with empty logs; what 1 and 2 send 3 takes 2 s, so their FOLLOWERINFOs
  // and ACKEPOCHs reach 3 late. 4 has epoch 5 on disk; it starts once 3 leads, follows it (the
  // three answer its notifications with their decided votes) and its ACKEPOCH, over a fast
  // link, arrives before the epoch is acked by a quorum: waitForEpochAck finds it ahead.
  auto owned = std::make_unique<Simulator>(config::default_ensemble(5), SimOptions{});
  Simulator& sim = *owned;
  sim.preset_zxid(4, Zxid(0x500000003));
  for (Sid s : {1, 2}) sim.set_link(s, 3, fixed_latency(2000));
  for (Sid s = 1; s <= 3; ++s) sim.schedule(start(s, 0));
  const Ms leading = run_until_status(sim, 3, PeerStatus::Leading, 0, 30000);
  ASSERT_EQ(status(sim, 3), PeerStatus::Leading);
  sim.schedule(start(4, leading + 10));
  sim.run_until(leading + 8000);
  const auto leader = logged(sim, 3, leading);
  const auto error = first_starting(leader, "Unexpected exception in LearnerHandler: \njava.io.IOException: "
                                            "Follower is ahead of the leader");
  ASSERT_TRUE(error) << "the leader never found 4 ahead";
  EXPECT_EQ(error->text,
            "Unexpected exception in LearnerHandler: \njava.io.IOException: Follower is ahead of the leader, leader "
            "summary: 0 (current epoch), 0 (last zxid)");
  EXPECT_EQ(error->level, LogLevel::Error);
  std::vector<std::string> drop;
  for (const auto& l : leader)
    if (l.at == error->at) drop.push_back(l.text);
  ASSERT_GE(drop.size(), 3u);
  EXPECT_EQ(drop[0], error->text);
  EXPECT_EQ(drop[1], "Synchronously closing socket to learner 4.");
  EXPECT_EQ(drop[2].rfind("******* GOODBYE /127.0.0.1:", 0), 0u) << drop[2];
  // No bare exception message of zooscope's own.
  for (const auto& l : leader) EXPECT_NE(l.text.rfind("Follower is ahead", 0), 0u) << l.text;
  // 4 sees its connection close while it waits for the sync.
  const auto learner = logged(sim, 4, leading);
  const auto lost = first_starting(learner, "Exception when following the leader");
  ASSERT_TRUE(lost);
  EXPECT_GE(lost->at, error->at);
  EXPECT_TRUE(first_starting(learner, "Disconnected from leader (with address: /127.0.0.1:2890). Was connected for "));
}

// ---------------------------------------------------------------- SyncLimitCheck

TEST(ProtocolBehaviour, AProposalUnackedForSyncLimitClosesTheLearnerBeforeItsReadTimesOut) {
  // 900 ms each way between 1 and 3: a PING reply arrives a full second after the PING left,
  // so the last packet the leader reads from 1 comes after the proposal went out.
  auto owned = ensemble(config::default_ensemble(3));
  Simulator& sim = *owned;
  sim.set_link(1, 3, fixed_latency(900));
  sim.set_link(3, 1, fixed_latency(900));
  sim.run_until(20000);
  ASSERT_EQ(sim.stable_leader(), 3);
  ASSERT_TRUE(sim.peer(1).serving);
  const auto p = ping_sent(sim, 3, 1, 20000 - 1000);
  ASSERT_TRUE(p);
  const Ms ping = *p;
  sim.run_until(ping + 10);
  sim.schedule(write(3, ping + 10, create("/slow", "x")));
  // Server 1 answers that PING at ping+900 and ACKs the proposal at ping+910; only the ACK
  // (and what follows) takes 15 s.
  sim.run_until(ping + 905);
  sim.set_link(1, 3, fixed_latency(15000));
  sim.run_until(ping + 20000);
  const auto leader = logged(sim, 3, ping);
  const auto warn = first_starting(leader, "Closing connection to peer due to transaction timeout.");
  ASSERT_TRUE(warn) << "no transaction timeout";
  EXPECT_EQ(warn->level, LogLevel::Warn);
  // The first PING round at least syncLimit (10 s) after the proposal: 11 rounds of 1 s later.
  EXPECT_EQ(warn->at, ping + 11000);
  std::vector<std::string> drop;
  for (const auto& l : leader)
    if (l.at == warn->at) drop.push_back(l.text);
  ASSERT_GE(drop.size(), 4U);
  EXPECT_EQ(drop[0], "Closing connection to peer due to transaction timeout.");
  EXPECT_EQ(drop[1], "Synchronously closing socket to learner 1.");
  EXPECT_EQ(drop[2], kSocketClosed);
  EXPECT_EQ(drop[3].rfind("******* GOODBYE /127.0.0.1:", 0), 0U) << drop[3];
  // The write committed anyway (2 and 3 are a quorum), and 1 goes LOOKING.
  EXPECT_EQ(data_at(sim, 2, "/slow"), "x");
  EXPECT_TRUE(entered(sim, 1, PeerStatus::Looking, ping));
}

// ---------------------------------------------------------------- PINGs during the sync

TEST(ProtocolBehaviour, ALateLearnerIsPingedBetweenNewLeaderAndUpToDateAndDoesNotAnswer) {
  auto owned = ensemble(config::default_ensemble(3));
  Simulator& sim = *owned;
  sim.schedule(crash(1, 0));  // 1 joins late, after the leader runs
  sim.run_until(6000);
  ASSERT_EQ(sim.stable_leader(), 3);
  // The leader's handler for 1 waits 3 s for its NEWLEADER ACK: 1's packets are slow.
  sim.set_link(1, 3, fixed_latency(3000));
  sim.schedule(restart(1, 6000));
  sim.run_until(30000);
  // PINGs 3 -> 1 sent between 3's NEWLEADER and its UPTODATE to 1.
  Ms newleader = -1, uptodate = -1;
  for (const auto& ev : sim.trace())
    if (const auto* m = std::get_if<MessageSent>(&ev.body))
      if (const auto* p = std::get_if<QuorumPacket>(&m->env.msg))
        if (m->env.source == 3 && m->env.target == 1 && ev.at >= 6000) {
          if (p->type == PacketType::NewLeader && newleader < 0) newleader = ev.at;
          if (p->type == PacketType::UpToDate && uptodate < 0) uptodate = ev.at;
        }
  ASSERT_GT(newleader, 0);
  ASSERT_GT(uptodate, newleader);
  const auto ping = ping_sent(sim, 3, 1, newleader);
  ASSERT_TRUE(ping);
  EXPECT_LT(*ping, uptodate);
  // Learner.syncWithLeader ignores them: 1 sends no PING before it got UPTODATE.
  Ms uptodate_seen = -1;
  for (const auto& ev : sim.trace())
    if (const auto* d = std::get_if<MessageDelivered>(&ev.body))
      if (const auto* p = std::get_if<QuorumPacket>(&d->env.msg))
        if (d->env.target == 1 && p->type == PacketType::UpToDate && ev.at >= 6000 && uptodate_seen < 0)
          uptodate_seen = ev.at;
  ASSERT_GT(uptodate_seen, 0);
  const auto reply = ping_sent(sim, 1, 3, 6000);
  ASSERT_TRUE(reply);
  EXPECT_GE(*reply, uptodate_seen);
  EXPECT_TRUE(all_running_voters_follow_one_leader(sim));
}

// ---------------------------------------------------------------- election timing

TEST(ProtocolBehaviour, FinalizeWaitIs200MsWhateverTheNotificationInterval) {
  auto cfg = config::default_ensemble(3);
  cfg.min_notification_interval_ms = 3000;
  auto owned = ensemble(cfg);
  Simulator& sim = *owned;
  sim.run_until(10000);
  ASSERT_EQ(sim.stable_leader(), 3);
  // All three start at 0 and agree within a few ms; 200 ms later they decide (a 3 s
  // finalize wait would decide after 3000).
  const auto leading = entered(sim, 3, PeerStatus::Leading, 0);
  ASSERT_TRUE(leading);
  EXPECT_GE(*leading, 200);
  EXPECT_LT(*leading, 300);
}

TEST(ProtocolBehaviour, AnObserverWaitsARandomUnder200MsBeforeItsElectionStarts) {
  std::vector<Ms> delays;
  for (std::uint64_t seed : {1U, 2U, 3U, 4U, 5U}) {
    SimOptions opt;
    opt.seed = seed;
    auto owned = ensemble(config::default_ensemble(3, 1), opt);
    Simulator& sim = *owned;
    sim.run_until(6000);
    ASSERT_EQ(sim.stable_leader(), 3);
    ASSERT_TRUE(sim.peer(4).serving);
    sim.schedule(crash(3, 6000));
    sim.run_until(20000);
    const auto lines = logged(sim, 4, 6000);
    const auto failed = first_starting(lines, "Exception when observing the leader");
    ASSERT_TRUE(failed) << "seed " << seed;
    EXPECT_EQ(failed->level, LogLevel::Warn);
    EXPECT_FALSE(first_starting(lines, "Exception when following the leader"));
    const auto wait = first_starting(lines, "Waiting for ");
    ASSERT_TRUE(wait) << "seed " << seed;
    const Ms delay = std::stoll(wait->text.substr(12));
    EXPECT_EQ(wait->text, "Waiting for " + std::to_string(delay) + " ms before reconnecting with the leader");
    EXPECT_GE(delay, 0);
    EXPECT_LT(delay, 200);
    // LOOKING at once; the election (its "LOOKING" line and first notification) after the delay.
    const auto looking = entered(sim, 4, PeerStatus::Looking, 6000);
    ASSERT_TRUE(looking);
    EXPECT_EQ(*looking, wait->at);
    const auto election = first_starting(lines, "New election.");
    ASSERT_TRUE(election);
    EXPECT_EQ(election->at, wait->at + delay);
    EXPECT_TRUE(sim.peer(4).serving) << "seed " << seed << ": the observer observes the new leader";
    delays.push_back(delay);
  }
  // The delay comes from the seed: not the same for every run.
  bool differ = false;
  for (Ms d : delays) differ |= d != delays[0];
  EXPECT_TRUE(differ);
}

// ---------------------------------------------------------------- sessions and sync

// The session a client connecting to `sid` at `at` gets.
std::int64_t session_at(Simulator& sim, std::int32_t client, Sid sid, Ms at) {
  sim.schedule(client_connect(client, sid, at));
  sim.run_until(at + 1000);
  return sim.client(client).session_id;
}

std::optional<Ms> synced_at(const Simulator& sim, Sid sid, Ms since) {
  for (const auto& ev : sim.trace())
    if (const auto* l = std::get_if<LogLine>(&ev.body))
      if (l->sid == sid && ev.at >= since &&
          (l->kind == LogKind::GettingDiff || l->kind == LogKind::GettingSnapshot || l->kind == LogKind::GettingTrunc))
        return ev.at;
  return std::nullopt;
}

TEST(ProtocolBehaviour, SessionIdsAreSeededFromTheClockAtEachLeaderStartAndLearnerSync) {
  auto owned = ensemble(config::default_ensemble(3));
  Simulator& sim = *owned;
  sim.run_until(5000);
  ASSERT_EQ(sim.stable_leader(), 3);
  const auto first_sync = synced_at(sim, 1, 0);
  ASSERT_TRUE(first_sync);
  // Like 0x100043befe90000 from a real server: the sid in the top byte, the elapsed clock at
  // the tracker's creation in the middle.
  const std::int64_t a = session_at(sim, 1, 1, 6000);
  EXPECT_EQ(a, initial_session_id(1, *first_sync));
  EXPECT_EQ(static_cast<std::uint64_t>(a) >> 56, 1U);
  // The leader dies; server 1 syncs with the new leader and its generator starts over.
  sim.schedule(crash(3, 8000));
  sim.run_until(20000);
  ASSERT_EQ(sim.stable_leader(), 2);
  const auto second_sync = synced_at(sim, 1, 8000);
  ASSERT_TRUE(second_sync);
  const std::int64_t b = session_at(sim, 2, 1, 21000);
  EXPECT_EQ(b, initial_session_id(1, *second_sync));
  // And the new leader's own clients get ids seeded when it started leading.
  const auto leading = entered(sim, 2, PeerStatus::Leading, 8000);
  ASSERT_TRUE(leading);
  const std::int64_t c = session_at(sim, 3, 2, 23000);
  EXPECT_EQ(static_cast<std::uint64_t>(c) >> 56, 2U);
  EXPECT_GT(c, initial_session_id(2, *leading));  // seeded at startZkServer, after LEADING
  EXPECT_LT(c, initial_session_id(2, *leading + 2000));
}

TEST(ProtocolBehaviour, ASyncAtTheLeaderWaitsOnlyForItsOwnSession) {
  auto owned = ensemble(config::default_ensemble(3));
  Simulator& sim = *owned;
  sim.run_until(6000);
  ASSERT_EQ(sim.stable_leader(), 3);
  // From now on proposals take a second to be acked: 500 ms each way to both followers.
  for (Sid f : {1, 2}) {
    sim.set_link(3, f, fixed_latency(500));
    sim.set_link(f, 3, fixed_latency(500));
  }
  sim.run_until(10000);
  ASSERT_EQ(sim.stable_leader(), 3);
  sim.schedule(client_connect(1, 3, 10000));
  sim.schedule(client_connect(2, 3, 10000));
  sim.run_until(14000);
  ASSERT_EQ(sim.client(1).state, SessionState::Connected);
  ASSERT_EQ(sim.client(2).state, SessionState::Connected);
  // Client 1 writes; client 2 syncs 10 ms later while the write is still being acked.
  sim.schedule(client_call(1, 14000, WriteRequest{create("/w", "1")}));
  sim.schedule(client_call(2, 14010, SyncRequest{"/"}));
  sim.run_until(17000);
  Ms write_done = -1, sync_done = -1;
  for (const auto& ev : sim.trace())
    if (const auto* c = std::get_if<ClientOp>(&ev.body))
      if (c->stage == ClientOpStage::Completed && ev.at >= 14000) {
        if (c->client == 1 && c->op == create_opcode_for_flags(create_mode::kPersistent)) write_done = ev.at;
        if (c->client == 2 && c->op == opcode::kSync) sync_done = ev.at;
      }
  ASSERT_GT(write_done, 0);
  ASSERT_GT(sync_done, 0);
  EXPECT_EQ(sync_done, 14010);       // nothing of its own session was in flight
  EXPECT_GE(write_done, 14000 + 1000);  // the write needed a follower's ACK
  // A sync from a session with a write in flight still waits for that write.
  sim.schedule(client_call(2, 17000, WriteRequest{create("/w2", "2")}));
  sim.schedule(client_call(2, 17005, SyncRequest{"/"}));
  sim.run_until(20000);
  Ms w2 = -1, s2 = -1;
  for (const auto& ev : sim.trace())
    if (const auto* c = std::get_if<ClientOp>(&ev.body))
      if (c->stage == ClientOpStage::Completed && ev.at >= 17000 && c->client == 2) {
        if (c->op == create_opcode_for_flags(create_mode::kPersistent)) w2 = ev.at;
        if (c->op == opcode::kSync) s2 = ev.at;
      }
  ASSERT_GT(w2, 0);
  EXPECT_EQ(s2, w2);
}

// ---------------------------------------------------------------- TTL nodes

WriteRequest create_ttl(std::string path, std::int64_t ttl_ms) {
  CreateRequest r{std::move(path), "x", open_acl_unsafe(), create_mode::kPersistentWithTtl, ttl_ms, 0};
  return r;
}

TEST(ProtocolBehaviour, TtlNodesNeedExtendedTypesEnabledOtherwiseUnimplemented) {
  auto owned = ensemble(config::default_ensemble(3));
  Simulator& sim = *owned;
  sim.run_until(5000);
  sim.schedule(client_connect(1, 3, 5000));
  sim.run_until(6000);
  sim.schedule(client_call(1, 6000, create_ttl("/ttl1", 1000)));
  sim.run_until(7000);
  const auto r = replies(sim);
  ASSERT_FALSE(r.empty());
  const ClientOp& op = r.back();
  EXPECT_EQ(op.err, static_cast<std::int32_t>(Code::Unimplemented));
  // As in the real leader's log: the failed request still took a zxid (an error txn).
  EXPECT_NE(op.zxid, Zxid{});
  EXPECT_EQ(data_at(sim, 3, "/ttl1"), "<none>");
}

TEST(ProtocolBehaviour, WithExtendedTypesEnabledATtlNodeIsRemovedByTheMinuteSweepAfterItsTtl) {
  auto cfg = config::default_ensemble(3);
  cfg.extended_types_enabled = true;
  auto owned = ensemble(cfg);
  Simulator& sim = *owned;
  sim.run_until(5000);
  sim.schedule(client_connect(1, 1, 5000));
  sim.run_until(6000);
  sim.schedule(client_call(1, 6000, create_ttl("/ttl1", 1000)));
  sim.schedule(client_call(1, 6000, create_ttl("/ttl_long", 120000)));
  sim.run_until(7000);
  for (const auto& op : replies(sim)) EXPECT_EQ(op.err, 0);
  EXPECT_EQ(data_at(sim, 1, "/ttl1"), "x");
  // The leader checks every 60 s from its start: /ttl1 (1 s) goes at the first check, the
  // 2-minute one stays.
  const auto leading = entered(sim, 3, PeerStatus::Leading, 0);
  ASSERT_TRUE(leading);
  sim.run_until(*leading + 60000 - 500);
  EXPECT_EQ(data_at(sim, 1, "/ttl1"), "x");
  sim.run_until(*leading + 60000 + 1000);
  for (Sid s = 1; s <= 3; ++s) {
    EXPECT_EQ(data_at(sim, s, "/ttl1"), "<none>") << "server " << s;
    EXPECT_EQ(data_at(sim, s, "/ttl_long"), "x") << "server " << s;
  }
}

TEST(ProtocolBehaviour, ZooCfgExtendedTypesEnabledReachesTheEnsemble) {
  const std::string base =
      "tickTime=2000\ninitLimit=10\nsyncLimit=5\ndataDir=/tmp/zs-none\nclientPort=2181\n"
      "server.1=127.0.0.1:2888:3888\nserver.2=127.0.0.1:2889:3889\nserver.3=127.0.0.1:2890:3890\n";
  for (const auto& [line, on] : std::vector<std::pair<std::string, bool>>{
           {"", false}, {"extendedTypesEnabled=true\n", true}, {"extendedTypesEnabled=TRUE\n", true},
           {"extendedTypesEnabled=yes\n", false}}) {
    auto cfg = config::parse_zoo_cfg(base + line, "zoo.cfg", false);
    ASSERT_TRUE(cfg.ok()) << line;
    auto ens = config::ensemble_from({cfg.value()});
    ASSERT_TRUE(ens.ok()) << line;
    EXPECT_EQ(ens.value().extended_types_enabled, on) << line;
  }
}

}  // namespace
}  // namespace zs

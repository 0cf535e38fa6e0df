// A message's causes and effects (view/causality.hpp) on real simulated runs: the write path
// REQUEST -> PROPOSAL -> ACK -> COMMIT (linked in the step that handled each message, and by
// zxid across steps), an election notification that changed a vote, and what stays out of
// the chain.
#include <gtest/gtest.h>

#include <algorithm>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "../../sim/sim_util.hpp"
#include "config/config.hpp"
#include "sim/simulator.hpp"
#include "view/causality.hpp"
#include "view/sim_source.hpp"

namespace zs::view {
namespace {

using namespace zs::test;

// n servers started at 0, settled by 5 s (server n leads), then a client on server 1 creates
// /a at 6 s; run to 7 s.
std::unique_ptr<Simulator> write_through_follower(int n) {
  auto sim = std::make_unique<Simulator>(config::default_ensemble(n, 0), SimOptions{});
  for (Sid s = 1; s <= n; ++s) sim->schedule(start(s, 0));
  sim->run_until(5000);
  sim->schedule(write(1, 6000, create("/a", "x")));
  sim->run_until(7000);
  return sim;
}

struct Sent {
  std::size_t index = 0;
  MessageSent msg;
};

// The messages sent, in order, that match.
template <class Pred>
std::vector<Sent> sends(const Simulator& sim, Pred pred) {
  std::vector<Sent> out;
  const TraceLog& trace = sim.trace();
  for (std::size_t i = 0; i < trace.size(); ++i) {
    const TraceEvent ev = trace[i];
    if (const auto* s = std::get_if<MessageSent>(&ev.body); s != nullptr && pred(*s)) out.push_back({i, *s});
  }
  return out;
}

auto packet(PacketType type, Sid from = 0, Sid to = 0) {
  return [=](const MessageSent& s) {
    const auto* q = std::get_if<QuorumPacket>(&s.env.msg);
    return q != nullptr && q->type == type && (from == 0 || s.env.source == from) && (to == 0 || s.env.target == to);
  };
}

MessagePick pick_of(const Simulator& sim, const Sent& s) { return MessagePick{s.msg.id, sim.trace().at(s.index)}; }

Causality chain(const Simulator& sim, const Sent& s) {
  return trace_causality(sim.trace(), steps_of(sim), pick_of(sim, s), &sim.payloads());
}

bool has(const std::vector<MessageId>& ids, MessageId id) { return std::binary_search(ids.begin(), ids.end(), id); }

int count_packets(const std::vector<CausalMessage>& v, PacketType type) {
  return static_cast<int>(std::count_if(v.begin(), v.end(), [&](const CausalMessage& m) {
    const auto* q = std::get_if<QuorumPacket>(&m.env.msg);
    return q != nullptr && q->type == type;
  }));
}

// The delivery of message `id` (its trace index), if any.
std::optional<std::size_t> delivery_of(const Simulator& sim, MessageId id) {
  for (std::size_t i = 0; i < sim.trace().size(); ++i)
    if (const TraceEvent ev = sim.trace()[i]; std::holds_alternative<MessageDelivered>(ev.body) &&
                                               std::get<MessageDelivered>(ev.body).id == id)
      return i;
  return std::nullopt;
}

TEST(Causality, AProposalIsCausedByTheForwardedRequestAndCausesTheAckAndTheCommits) {
  auto owned = write_through_follower(3);
  const Simulator& sim = *owned;
  ASSERT_EQ(sim.stable_leader(), 3);
  const auto requests = sends(sim, packet(PacketType::Request, 1, 3));
  ASSERT_EQ(requests.size(), 1U);
  const auto proposals = sends(sim, packet(PacketType::Proposal, 3));
  ASSERT_EQ(proposals.size(), 2U);  // to server 1 and server 2
  const auto commits = sends(sim, packet(PacketType::Commit, 3));
  ASSERT_EQ(commits.size(), 2U);

  // The leader's own ACK and the first follower ACK to arrive make the quorum of 3: the
  // PROPOSAL to that follower leads to its ACK and then to both COMMITs.
  const auto acks = sends(sim, packet(PacketType::Ack, 0, 3));
  std::optional<Sent> first_ack;
  std::size_t first_delivery = ~std::size_t{0};
  for (const Sent& a : acks) {
    if (std::get<QuorumPacket>(a.msg.env.msg).zxid != std::get<QuorumPacket>(proposals[0].msg.env.msg).zxid) continue;
    const auto d = delivery_of(sim, a.msg.id);
    if (d && *d < first_delivery) {
      first_delivery = *d;
      first_ack = a;
    }
  }
  ASSERT_TRUE(first_ack.has_value());
  const Sid quorum_follower = first_ack->msg.env.source;
  const Sent& proposal = proposals[0].msg.env.target == quorum_follower ? proposals[0] : proposals[1];
  ASSERT_EQ(proposal.msg.env.target, quorum_follower);

  const Causality c = chain(sim, proposal);
  ASSERT_TRUE(c.found);
  EXPECT_EQ(c.selected.id, proposal.msg.id);
  EXPECT_EQ(c.origin, StepOrigin::Message);
  // Caused by the REQUEST server 1 forwarded (the leader proposed while handling it), which a
  // client's call on server 1 started.
  EXPECT_TRUE(has(c.cause_ids, requests[0].msg.id));
  ASSERT_FALSE(c.causes.empty());
  EXPECT_EQ(c.causes[0].id, requests[0].msg.id) << "the nearest cause comes first";
  EXPECT_EQ(c.causes[0].depth, 1);
  EXPECT_EQ(c.causes[0].words, "create /a");
  const bool client_submitted = std::any_of(c.cause_events.begin(), c.cause_events.end(), [&](std::size_t i) {
    const TraceEvent ev = sim.trace()[i];
    const auto* op = std::get_if<ClientOp>(&ev.body);
    return op != nullptr && op->stage == ClientOpStage::Submitted && op->sid == 1;
  });
  EXPECT_TRUE(client_submitted) << "the client's create on server 1 is on the chain";
  // Its effects: the follower's ACK, then the COMMIT to each follower.
  EXPECT_TRUE(has(c.effect_ids, first_ack->msg.id));
  for (const Sent& cm : commits) EXPECT_TRUE(has(c.effect_ids, cm.msg.id)) << "COMMIT to server." << cm.msg.env.target;
  EXPECT_EQ(count_packets(c.effects, PacketType::Ack), 1);
  // The leader's Committed record, with the ACK mask, is on the chain too.
  const bool committed = std::any_of(c.effect_events.begin(), c.effect_events.end(), [&](std::size_t i) {
    return std::holds_alternative<Committed>(sim.trace()[i].body);
  });
  EXPECT_TRUE(committed);
  // The other PROPOSAL is a sibling (same cause), neither a cause nor an effect.
  const Sent& other = &proposal == &proposals[0] ? proposals[1] : proposals[0];
  EXPECT_EQ(c.role(other.msg.id), Causality::Role::None);
}

TEST(Causality, TheCommitFollowsEveryAckCountedBeforeItAndALateAckCausesNothing) {
  // Five servers: the leader and two followers' ACKs make the quorum, so the first ACK to
  // arrive does not commit by itself; the COMMIT comes in the step of the second.
  auto owned = write_through_follower(5);
  const Simulator& sim = *owned;
  ASSERT_EQ(sim.stable_leader(), 5);
  const auto commits = sends(sim, packet(PacketType::Commit, 5));
  ASSERT_EQ(commits.size(), 4U);
  const Zxid z = std::get<QuorumPacket>(commits[0].msg.env.msg).zxid;
  std::vector<std::pair<std::size_t, Sent>> acks;  // by arrival
  for (const Sent& a : sends(sim, packet(PacketType::Ack, 0, 5))) {
    if (std::get<QuorumPacket>(a.msg.env.msg).zxid != z) continue;
    if (const auto d = delivery_of(sim, a.msg.id)) acks.emplace_back(*d, a);
  }
  std::sort(acks.begin(), acks.end(), [](const auto& x, const auto& y) { return x.first < y.first; });
  ASSERT_EQ(acks.size(), 4U);
  ASSERT_LT(acks[1].first, commits[0].index) << "the second ACK completes the quorum";
  ASSERT_GT(acks[2].first, commits[0].index) << "the third arrives after the COMMIT";

  const Causality commit = chain(sim, commits[0]);
  EXPECT_TRUE(has(commit.cause_ids, acks[0].second.msg.id)) << "counted in an earlier step: linked by zxid";
  EXPECT_TRUE(has(commit.cause_ids, acks[1].second.msg.id)) << "the ACK that completed the quorum";
  EXPECT_FALSE(has(commit.cause_ids, acks[2].second.msg.id)) << "arrived after the COMMIT";
  EXPECT_EQ(count_packets(commit.causes, PacketType::Proposal), 2) << "the PROPOSALs those two ACKed";
  EXPECT_EQ(count_packets(commit.causes, PacketType::Request), 1);

  const Causality early = chain(sim, acks[0].second);
  for (const Sent& cm : commits) EXPECT_TRUE(has(early.effect_ids, cm.msg.id));
  const auto by_zxid = std::find_if(early.effects.begin(), early.effects.end(),
                                    [](const CausalMessage& m) { return m.by_zxid; });
  EXPECT_NE(by_zxid, early.effects.end()) << "the COMMITs come in a later step";

  const Causality late = chain(sim, acks[2].second);
  EXPECT_TRUE(late.effects.empty()) << "the leader had committed already";
}

TEST(Causality, ANotificationThatChangedAVoteCausedTheNotificationsSentWithTheNewVote) {
  auto sim = std::make_unique<Simulator>(config::default_ensemble(3, 0), SimOptions{});
  for (Sid s = 1; s <= 3; ++s) sim->schedule(start(s, 0));
  sim->run_until(5000);
  const TraceLog& trace = sim->trace();
  // The first switch to another server's vote because of a notification (rules by comparison).
  std::size_t change = 0;
  VoteChanged vc;
  for (std::size_t i = 0; i < trace.size(); ++i) {
    const TraceEvent ev = trace[i];
    const auto* v = std::get_if<VoteChanged>(&ev.body);
    if (v != nullptr && v->because_of != 0 && v->to.leader != v->from.leader) {
      change = i;
      vc = *v;
      break;
    }
  }
  ASSERT_NE(change, 0U);
  // The notification delivered in that step, from `because_of`.
  std::size_t d = change;
  while (d > 0 && !std::holds_alternative<MessageDelivered>(trace[d].body)) --d;
  const MessageDelivered got = std::get<MessageDelivered>(trace[d].body);
  ASSERT_EQ(got.env.source, vc.because_of);
  ASSERT_EQ(got.env.target, vc.sid);

  const Causality c = trace_causality(trace, steps_of(*sim), MessagePick{got.id, got.sent_at});
  ASSERT_TRUE(c.found);
  EXPECT_TRUE(std::find(c.effect_events.begin(), c.effect_events.end(), change) != c.effect_events.end())
      << "the VoteChanged is on the chain";
  // The receiver sent its new vote to the others in that same step: each is a direct effect.
  int resent = 0;
  for (std::size_t i = change; i < trace.size() && trace.at(i) == trace.at(change); ++i) {
    const TraceEvent ev = trace[i];
    const auto* s = std::get_if<MessageSent>(&ev.body);
    if (s == nullptr || s->env.source != vc.sid) continue;
    const auto* n = std::get_if<Notification>(&s->env.msg);
    if (n == nullptr || n->leader != vc.to.leader) continue;
    ++resent;
    EXPECT_EQ(c.role(s->id), Causality::Role::Effect) << "to server." << s->env.target;
    const auto it = std::find_if(c.effects.begin(), c.effects.end(), [&](const CausalMessage& m) { return m.id == s->id; });
    ASSERT_NE(it, c.effects.end());
    EXPECT_EQ(it->depth, 1);
  }
  EXPECT_GE(resent, 1);
  EXPECT_LE(c.effects.size(), kCausalityMessages);
}

TEST(Causality, AProposalSentDuringASyncIsLinkedByZxidToTheAckThatComesAfterNewLeader) {
  // Server 1 has /a and is down while /b is written; when it comes back the leader syncs it by
  // DIFF: the PROPOSAL and COMMIT of /b, then NEWLEADER. A follower logs the sync's proposals and ACKs
  // them only after it ACKed NEWLEADER, a later step than the PROPOSAL's (Learner.syncWithLeader).
  auto sim = std::make_unique<Simulator>(config::default_ensemble(3, 0), SimOptions{});
  for (Sid s = 1; s <= 3; ++s) sim->schedule(start(s, 0));
  sim->run_until(3500);
  ASSERT_EQ(sim->stable_leader(), 3);
  sim->schedule(write(2, 4000, create("/a", "x")));
  sim->schedule(crash(1, 5000));
  sim->schedule(write(2, 5500, create("/b", "x")));
  sim->schedule(restart(1, 6000));
  sim->run_until(9000);
  const auto proposals = sends(*sim, packet(PacketType::Proposal, 3, 1));
  ASSERT_FALSE(proposals.empty()) << "the DIFF carries the missed write as a PROPOSAL";
  const Sent& synced = proposals.back();
  const Zxid z = std::get<QuorumPacket>(synced.msg.env.msg).zxid;
  std::optional<Sent> ack;
  for (const Sent& a : sends(*sim, packet(PacketType::Ack, 1, 3)))
    if (std::get<QuorumPacket>(a.msg.env.msg).zxid == z) ack = a;
  ASSERT_TRUE(ack.has_value()) << "server 1 ACKs the synced proposal";
  const auto d = delivery_of(*sim, synced.msg.id);
  ASSERT_TRUE(d.has_value());
  ASSERT_NE(steps_of(*sim)(*d).first, steps_of(*sim)(ack->index).first) << "a later step";

  const Causality c = chain(*sim, synced);
  const auto it = std::find_if(c.effects.begin(), c.effects.end(), [&](const CausalMessage& m) { return m.id == ack->msg.id; });
  ASSERT_NE(it, c.effects.end());
  EXPECT_TRUE(it->by_zxid);
  const Causality back = chain(*sim, *ack);
  EXPECT_TRUE(has(back.cause_ids, synced.msg.id)) << "and backwards, from the ACK";
}

TEST(Causality, APingOfTheSameMomentsIsNotOnTheWriteChain) {
  auto owned = write_through_follower(3);
  const Simulator& sim = *owned;
  const auto requests = sends(sim, packet(PacketType::Request, 1, 3));
  ASSERT_EQ(requests.size(), 1U);
  const Causality c = chain(sim, requests[0]);
  ASSERT_TRUE(c.found);
  EXPECT_EQ(c.origin, StepOrigin::ClientCall) << "a client's call on server 1 started it";
  EXPECT_TRUE(c.causes.empty());
  EXPECT_EQ(count_packets(c.effects, PacketType::Proposal), 2);
  EXPECT_EQ(count_packets(c.effects, PacketType::Commit), 2);
  // The leader pings its followers every half tick the whole time: those of the write's
  // second are not caused by it, nor cause it.
  const auto pings = sends(sim, packet(PacketType::Ping));
  int near = 0;
  for (const Sent& p : pings) {
    if (sim.trace().at(p.index) < 5900 || sim.trace().at(p.index) > 6500) continue;
    ++near;
    EXPECT_EQ(c.role(p.msg.id), Causality::Role::None) << "PING #" << p.msg.id;
  }
  EXPECT_GT(near, 0) << "PINGs went out while the write was on its way";
}

TEST(Causality, AMessageNotSentYetIsNotFoundAndTheCacheRecomputesOnlyWhenTheTraceChanges) {
  auto owned = write_through_follower(3);
  Simulator& sim = *owned;
  const auto requests = sends(sim, packet(PacketType::Request, 1, 3));
  ASSERT_EQ(requests.size(), 1U);
  EXPECT_FALSE(trace_causality(sim.trace(), steps_of(sim), MessagePick{requests[0].msg.id, 5999}).found)
      << "the id with another send time is not that message";

  CausalityCache cache;
  const auto pick = pick_of(sim, requests[0]);
  EXPECT_EQ(cache.build(sim.trace(), steps_of(sim), std::nullopt), nullptr);
  const Causality* a = cache.build(sim.trace(), steps_of(sim), pick);
  ASSERT_NE(a, nullptr);
  EXPECT_TRUE(a->found);
  cache.build(sim.trace(), steps_of(sim), pick);
  EXPECT_EQ(cache.builds(), 1U) << "same pick, same trace: the kept answer";
  sim.run_until(7500);
  cache.build(sim.trace(), steps_of(sim), pick);
  EXPECT_EQ(cache.builds(), 2U) << "the trace grew";
  // Stepping back to before the REQUEST was sent: it is no longer in the trace.
  sim.seek(sim.last_event_at_or_before(5990));
  const Causality* gone = cache.build(sim.trace(), steps_of(sim), pick);
  ASSERT_NE(gone, nullptr);
  EXPECT_FALSE(gone->found);
}

}  // namespace
}  // namespace zs::view

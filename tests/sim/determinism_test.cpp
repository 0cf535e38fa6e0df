// Same seed -> the same trace, byte for byte; rewinding lands on exactly the same state.
#include <gtest/gtest.h>

#include <memory>
#include <sstream>

#include "sim_util.hpp"

namespace zs {
namespace {

using namespace zs::test;

std::string run_jsonl(std::uint64_t seed) {
  SimOptions opts;
  opts.seed = seed;
  opts.link.loss = Ratio{1, 10};
  Simulator sim(config::default_ensemble(5), opts);
  for (Sid s = 1; s <= 5; ++s) sim.schedule(start(s, (s * 37) % 400));
  sim.schedule(crash(5, 4000));
  sim.schedule(restart(5, 9000));
  sim.schedule(partition({{1, 2}, {3, 4, 5}}, 12000));
  sim.schedule(heal(20000));
  sim.run_until(40000);
  std::ostringstream out;
  write_jsonl(out, sim.trace(), sim.trace_context());
  return out.str();
}

TEST(Determinism, SameSeedGivesByteIdenticalTrace) {
  const std::string a = run_jsonl(7);
  const std::string b = run_jsonl(7);
  ASSERT_GT(a.size(), 10000u);
  EXPECT_TRUE(a == b);
}

TEST(Determinism, DifferentSeedsGiveDifferentMessageTimings) {
  SimOptions o1, o2;
  o1.seed = 1;
  o2.seed = 2;
  Simulator s1(config::default_ensemble(3), o1), s2(config::default_ensemble(3), o2);
  for (auto* s : {&s1, &s2}) {
    for (Sid id = 1; id <= 3; ++id) s->schedule(start(id, 0));
    s->run_until(3000);
  }
  auto deliveries = [](const Simulator& s) {
    std::vector<Ms> t;
    for (const auto& ev : s.trace())
      if (std::holds_alternative<MessageDelivered>(ev.body)) t.push_back(ev.at);
    return t;
  };
  EXPECT_NE(deliveries(s1), deliveries(s2));
}

struct Moment {
  std::vector<PeerSnapshot> peers;
  std::size_t trace_size;
  Ms now;
};

bool same(const PeerSnapshot& a, const PeerSnapshot& b) {
  return a.sid == b.sid && a.up == b.up && a.status == b.status && a.leader == b.leader &&
         a.vote.leader == b.vote.leader && a.vote.zxid == b.vote.zxid && a.round == b.round &&
         a.accepted_epoch == b.accepted_epoch && a.current_epoch == b.current_epoch &&
         a.last_processed_zxid == b.last_processed_zxid && a.zab == b.zab && a.sync == b.sync;
}

std::unique_ptr<Simulator> rewind_scenario() {
  SimOptions opts;
  opts.seed = 3;
  opts.link.loss = Ratio{1, 20};
  auto sim = std::make_unique<Simulator>(config::default_ensemble(5), opts);
  for (Sid s = 1; s <= 5; ++s) sim->schedule(start(s, 0));
  for (int k = 0; k < 40; ++k) {
    sim->schedule(crash(1 + k % 5, 5000 + k * 6000));
    sim->schedule(restart(1 + k % 5, 8000 + k * 6000));
  }
  return sim;
}

TEST(Rewind, SeekBackReachesExactlyTheEarlierStateAndTrace) {
  std::uint64_t end = 0;
  {
    auto dry = rewind_scenario();
    dry->run_until(250000);
    end = dry->events_processed();
  }
  ASSERT_GT(end, 3000u) << "long enough to cross several checkpoints";
  auto sim = rewind_scenario();
  std::vector<std::pair<std::uint64_t, Moment>> moments;
  for (std::uint64_t target : {std::uint64_t{1}, end / 7, std::uint64_t{1024}, std::uint64_t{1025}, end / 2, end - 1}) {
    sim->seek(target);
    ASSERT_EQ(sim->events_processed(), target);
    moments.push_back({target, Moment{sim->snapshot(), sim->trace().size(), sim->now()}});
  }
  sim->seek(end);
  ASSERT_EQ(sim->events_processed(), end);
  std::ostringstream full;
  write_jsonl(full, sim->trace(), sim->trace_context());

  for (auto it = moments.rbegin(); it != moments.rend(); ++it) {
    sim->seek(it->first);
    EXPECT_EQ(sim->events_processed(), it->first);
    EXPECT_EQ(sim->now(), it->second.now);
    EXPECT_EQ(sim->trace().size(), it->second.trace_size);
    const auto peers = sim->snapshot();
    for (std::size_t i = 0; i < peers.size(); ++i) EXPECT_TRUE(same(peers[i], it->second.peers[i])) << "event " << it->first;
  }
  sim->seek(end);
  std::ostringstream again;
  write_jsonl(again, sim->trace(), sim->trace_context());
  EXPECT_TRUE(full.str() == again.str()) << "replaying forward reproduces the same future";
}

// Scrubbing the timeline back and forth re-runs stretches already run: that must neither
// add checkpoints (each is a copy of the whole state, so memory would grow with every
// scrub) nor leave a seek far from its nearest checkpoint.
TEST(Rewind, ReplayingAfterASeekBackAddsNoCheckpoints) {
  auto sim = rewind_scenario();
  sim->run_until(200000);
  const std::uint64_t end = sim->events_processed();
  const std::size_t held = sim->checkpoint_count();
  ASSERT_GE(held, 3u);
  for (const std::uint64_t back : {end / 2, std::uint64_t{10}, end - 1}) {
    sim->seek(back);
    sim->seek(end);
    EXPECT_EQ(sim->checkpoint_count(), held) << "after seeking back to event " << back << " and forward again";
  }
  // Going on past the end takes new ones as before.
  sim->run_until(400000);
  EXPECT_GT(sim->checkpoint_count(), held);
}

TEST(Rewind, HandActionAfterSteppingBackForksTheRun) {
  Simulator sim(config::default_ensemble(3), SimOptions{});
  for (Sid s = 1; s <= 3; ++s) sim.schedule(start(s, 0));
  sim.run_until(5000);
  ASSERT_EQ(sim.stable_leader(), 3);
  const std::uint64_t end = sim.events_processed();
  sim.seek(end / 4);
  const Ms t = sim.now();
  sim.schedule(crash(3, t));  // what if 3 had crashed here?
  sim.run_until(20000);
  EXPECT_EQ(status(sim, 3), PeerStatus::Down);
  EXPECT_EQ(sim.stable_leader(), 2);
  sim.seek(end / 4 + 1);  // going back inside the fork keeps the crash
  sim.run_until(20000);
  EXPECT_EQ(status(sim, 3), PeerStatus::Down);
}

TEST(Rewind, HandActionAtACheckpointBoundarySurvivesEveryRewind) {
  auto sim = rewind_scenario();
  sim->seek(3000);
  sim->seek(1024);  // exactly a checkpoint
  const Ms at = sim->now();
  sim->schedule(crash(2, at));
  sim->run_until(at + 30000);
  std::ostringstream first;
  write_jsonl(first, sim->trace(), sim->trace_context());
  const std::uint64_t end = sim->events_processed();
  for (std::uint64_t back : {std::uint64_t{1024}, std::uint64_t{1025}, std::uint64_t{500}, std::uint64_t{0}}) {
    sim->seek(back);
    sim->seek(end);
    std::ostringstream again;
    write_jsonl(again, sim->trace(), sim->trace_context());
    EXPECT_TRUE(first.str() == again.str()) << "after going back to " << back;
  }
  EXPECT_NE(first.str().find("\"type\":\"fault\",\"kind\":\"crash\",\"sid\":2"), std::string::npos) << "the crash is in the trace";
}

}  // namespace
}  // namespace zs

// A big run's memory: servers that applied the same txns keep their znodes once (shared
// chunks), checkpoints keep only what they must. None of it may show: every server answers
// as its own tree, a seek back lands on the same trees, and the trace does not change.
#include <gtest/gtest.h>

#include <sstream>
#include <string>

#include "sim_util.hpp"

namespace zs {
namespace {

using namespace zs::test;

// 5 servers; 3,000 creates (about 47 chunks of znodes a tree), a follower crashed and
// restarted in the middle of them, then setData on some of them.
std::unique_ptr<Simulator> writes_run() {
  auto sim = std::make_unique<Simulator>(config::default_ensemble(5), SimOptions{});
  for (Sid s = 1; s <= 5; ++s) sim->schedule(start(s, 0));
  for (int i = 0; i < 3000; ++i)
    sim->schedule(write(5, 4000 + i / 10, create("/n-" + std::to_string(100000 + i), "some data " + std::to_string(i))));
  sim->schedule(crash(2, 4100));
  sim->schedule(restart(2, 6000));
  for (int i = 0; i < 300; ++i)
    sim->schedule(write(5, 9000 + i, set_data("/n-" + std::to_string(100000 + i * 7), "changed " + std::to_string(i))));
  return sim;
}

std::vector<std::uint64_t> digests(const Simulator& sim) {
  std::vector<std::uint64_t> out;
  for (Sid s = 1; s <= 5; ++s) out.push_back(sim.peer_object(s)->tree().digest());
  return out;
}

TEST(SharedMemory, ServersWithTheSameTxnsKeepTheirZnodesOnce) {
  auto sim = writes_run();
  sim->run_until(20000);
  const auto d = digests(*sim);
  for (Sid s = 2; s <= 5; ++s) ASSERT_EQ(sim->peer_object(s)->tree().node_count(), sim->peer_object(1)->tree().node_count());
  for (std::uint64_t x : d) EXPECT_EQ(x, d[0]) << "the servers applied the same txns";
  const auto ct = sim->checkpoint_trees();
  // 5 trees of about 3,000 znodes each in chunks of at most 64: unshared, the live trees
  // alone would be 5 times a tree's chunks, plus the older chunks the checkpoints hold.
  std::size_t one_tree = 0;
  sim->peer_object(1)->tree().for_each_node_chunk([&](const void*) { ++one_tree; });
  ASSERT_GT(one_tree, 40u);
  EXPECT_LT(ct.distinct_chunks, 3 * one_tree) << "live trees and checkpoints hold " << ct.distinct_chunks << " chunks";
}

TEST(SharedMemory, SeekBackGivesTheSameTreesAndTrace) {
  auto sim = writes_run();
  sim->run_until(20000);
  const std::uint64_t end = sim->events_processed();
  const auto at_end = digests(*sim);
  std::ostringstream full;
  write_jsonl(full, sim->trace(), sim->trace_context());
  // Back to the middle of the creates (follower 2 down), then forward again.
  const std::uint64_t mid = sim->last_event_at_or_before(5000);
  sim->seek(mid);
  EXPECT_EQ(sim->peer_object(2), nullptr);
  sim->seek(end);
  EXPECT_EQ(digests(*sim), at_end);
  std::ostringstream again;
  write_jsonl(again, sim->trace(), sim->trace_context());
  EXPECT_TRUE(full.str() == again.str());
  // A fresh run to the same moment holds the same trees as the rewound one.
  auto fresh = writes_run();
  fresh->seek(mid);
  sim->seek(mid);
  for (Sid s : {1, 3, 4, 5}) EXPECT_EQ(sim->peer_object(s)->tree().digest(), fresh->peer_object(s)->tree().digest());
}

TEST(SharedMemory, ReplayTracesOnlyWhatWasTraced) {
  auto sim = writes_run();
  sim->run_until(3000);
  sim->set_tracing(false);
  sim->run_until(12000);
  sim->set_tracing(true);
  sim->run_until(20000);
  const std::size_t size = sim->trace().size();
  const std::uint64_t end = sim->events_processed();
  sim->seek(sim->last_event_at_or_before(5000));  // inside the untraced stretch
  sim->seek(end);
  EXPECT_EQ(sim->trace().size(), size);
}

}  // namespace
}  // namespace zs

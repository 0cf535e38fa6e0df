// TTL nodes through the zkCli console (`create -t`): refused unless zoo.cfg has
// extendedTypesEnabled=true, as real 3.8.0 does (docs/zookeeper-notes.md), and swept by the
// leader's ContainerManager once their TTL has passed.
#include <gtest/gtest.h>

#include <memory>
#include <string>
#include <vector>

#include "console/console.hpp"
#include "run/sim_client_handle.hpp"

namespace zs::console {
namespace {

struct Ttl {
  explicit Ttl(bool extended) : sim(make(extended), SimOptions{}) {
    for (Sid s = 1; s <= 3; ++s) sim.schedule(server_action(ScheduledAction::Kind::Start, s, 0));
    sim.run_until(5000);
    console = run::open_sim_console(sim, 0, 1, ConsoleOptions{});
    settle();
  }
  static config::EnsembleConfig make(bool extended) {
    auto cfg = config::default_ensemble(3);
    cfg.extended_types_enabled = extended;
    return cfg;
  }
  void settle() { EXPECT_TRUE(run::run_until_idle(sim, {console.get()}, sim.now() + 60000)); }
  // The console's output for `line` alone (prompt line excluded).
  std::string answer(const std::string& line) {
    const std::size_t before = transcript_text(console->transcript(), false).size();
    console->enter(line);
    settle();
    std::string all = transcript_text(console->transcript(), false).substr(before);
    return all.substr(all.find('\n') + 1);
  }
  Simulator sim;
  std::unique_ptr<Console> console;
};

TEST(ConsoleTtl, WithoutExtendedTypesACreateWithTtlIsUnimplemented) {
  Ttl t(false);
  EXPECT_EQ(t.answer("create -t 1000 /ttl1 x"), "KeeperErrorCode = Unimplemented for /ttl1\n");
  EXPECT_EQ(t.answer("ls /"), "[zookeeper]\n");
}

TEST(ConsoleTtl, WithExtendedTypesATtlNodeLivesUntilTheSweepAfterItsTtl) {
  Ttl t(true);
  EXPECT_EQ(t.answer("create -t 1000 /ttl1 x"), "Created /ttl1\n");
  EXPECT_EQ(t.answer("create -t 600000 /ttl2 y"), "Created /ttl2\n");
  const std::string stat = t.answer("stat /ttl1");
  // The TTL is kept in the node's ephemeralOwner (0xff000000000003e8), but DataNode.copyStat
  // shows clients 0 for TTL and container nodes.
  EXPECT_NE(stat.find("ephemeralOwner = 0x0\n"), std::string::npos) << stat;
  EXPECT_EQ(t.answer("ls /"), "[ttl1, ttl2, zookeeper]\n");
  // The leader (started at ~0.2 s) sweeps every 60 s.
  t.sim.run_until(61000);
  EXPECT_EQ(t.answer("ls /"), "[ttl2, zookeeper]\n");
}

}  // namespace
}  // namespace zs::console

// A recording started while attached to a real ensemble (Monitor::record): it opens with the
// rows as they were when it began (each server's last answers come first, not as changes),
// the tree as the session read it, and the whitelist's refusals. On zk3dw (ZooKeeper's default
// whitelist: only srvr answers), so the refusals and the AdminServer's ids must come back too.
#include <gtest/gtest.h>

#include <filesystem>

#include "attach/monitor.hpp"
#include "attach/recording.hpp"
#include "zk_ensemble.hpp"

namespace zs::attach {
namespace {

using zs::interop::ZkEnsemble;

TEST(Zk3dwRecording, ARecordingStartedWhileAttachedOpensWithTheRowsAsTheyWere) {
  std::string why;
  auto zk = ZkEnsemble::load(ZS_ZK3DW_STATE, &why);
  if (!zk) GTEST_SKIP() << why;
  MonitorOptions options;
  options.hosts = wire::parse_connect_string(zk->connect_string()).value();
  options.refresh_ms = 300;
  options.timeout_ms = 10000;  // Jetty's first answer can be slow on a loaded machine
  options.admin_ports.clear();
  for (const auto& s : zk->servers())
    if (s.admin_port) options.admin_ports.push_back(*s.admin_port);
  const std::string path =
      (std::filesystem::path(::testing::TempDir()) / "zs-real-recording.jsonl.gz").string();
  std::shared_ptr<const Observation> live;
  {
    Monitor monitor(options);
    ASSERT_TRUE(monitor.wait_settled(std::chrono::seconds(40)));
    live = monitor.observation();
    ASSERT_FALSE(monitor.record(path).has_value());
    // A few polls into the recording, then stop it.
    for (int i = 0; i < 4; ++i) monitor.wait_change(monitor.observation()->serial, std::chrono::seconds(2));
    monitor.stop_recording();
    for (int i = 0; i < 50 && monitor.observation()->recording.active; ++i)
      monitor.wait_change(monitor.observation()->serial, std::chrono::milliseconds(200));
    const RecordingStatus st = monitor.observation()->recording;
    EXPECT_EQ(st.path, path);
    EXPECT_FALSE(st.active);
    EXPECT_EQ(st.error, "");
    EXPECT_GT(st.lines, 3u);
  }
  auto opened = Recording::open(path);
  ASSERT_TRUE(opened) << opened.error().to_string();
  Recording& r = opened.value();
  EXPECT_TRUE(r.closed());
  EXPECT_TRUE(r.warnings().empty());
  // Its first look (the monitor's first observation after record(): a few ms after begin_ms).
  auto first = r.at(r.first_poll_ms());
  EXPECT_LT(r.first_poll_ms() - r.begin_ms(), 1000);
  ASSERT_EQ(first->rows.size(), live->rows.size());
  for (std::size_t i = 0; i < live->rows.size(); ++i) {
    const ServerRow& want = live->rows[i];
    const ServerRow& got = first->rows[i];
    EXPECT_EQ(got.status, want.status) << want.address.text();
    EXPECT_EQ(got.mode, want.mode) << want.address.text();
    EXPECT_EQ(got.sid, want.sid) << want.address.text() << " (the AdminServer's myid)";
    EXPECT_EQ(got.refused, want.refused) << want.address.text();
    EXPECT_EQ(got.admin_port, want.admin_port) << want.address.text();
  }
  EXPECT_EQ(first->leader, live->leader);
  ASSERT_TRUE(first->tree);
  EXPECT_EQ(first->tree->node_count(), live->tree->node_count());
  // What was known before the recording began is not shown as changes in it.
  for (const ObservedEvent& e : r.events())
    EXPECT_NE(e.kind, ObservedEvent::Kind::Leader) << e.text(first->rows);
  std::filesystem::remove(path);
}

}  // namespace
}  // namespace zs::attach

// Recording an attach and reopening it (attach/recording.hpp): a reopened recording shows at
// each moment what the live attach showed then (rows, leader, changes, tree), scrubbing any
// way gives the same moments, and damaged or foreign files give errors naming file and line.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include "../wire/sample_file.hpp"
#include "attach/monitor.hpp"
#include "attach/recorded_source.hpp"
#include "attach/recording.hpp"

namespace zs::attach {
namespace {

using wire::test::read_sample;

const char* kHosts = "127.0.0.1:2181,127.0.0.1:2182,127.0.0.1:2183";

std::string temp_path(const std::string& name) {
  return (std::filesystem::path(::testing::TempDir()) / ("zs-recording-" + name)).string();
}

RecordingHeader header(std::int64_t from_ms) {
  RecordingHeader h;
  h.hosts = kHosts;
  h.attach_started_ms = from_ms;
  h.from_ms = from_ms;
  h.refresh_ms = 1000;
  h.admin_ports = {8080};
  return h;
}

Answer srvr(std::size_t server, std::string body, std::int64_t t, Reach reach = Reach::Answered) {
  Answer a;
  a.at_ms = t;
  a.kind = Answer::Kind::Srvr;
  a.server = server;
  a.reach = reach;
  a.body = std::move(body);
  if (reach != Reach::Answered) a.error = "connection refused";
  a.rtt_ms = 2;
  return a;
}

std::string with_zxid(std::string body, const std::string& zxid) {
  const auto at = body.find("Zxid: 0x");
  body.replace(at, body.find('\n', at) - at, "Zxid: " + zxid);
  return body;
}

Stat stat_of(std::int64_t zxid, std::int32_t version) {
  Stat s;
  s.czxid = Zxid(zxid);
  s.mzxid = Zxid(zxid + version);
  s.ctime = 1700000000000;
  s.mtime = 1700000000000 + version;
  s.version = version;
  return s;
}

// What one live attach went through: answers to a builder and trees published, each written
// to the recording as the monitor does.
struct Live {
  ObservationBuilder builder{wire::parse_connect_string(kHosts).value()};
  std::unique_ptr<RecordingWriter> writer;
  DataTree tree;
  std::vector<ObservedEvent> events;
  std::map<std::int64_t, std::vector<ServerRow>> rows_at;
  std::map<std::int64_t, std::uint64_t> digest_at;
  std::map<std::int64_t, int> leader_at;
  bool keep_rows = true;  // false: a long recording (rows_at would hold every answer's rows)

  explicit Live(const std::string& path, std::int64_t from_ms) {
    auto w = RecordingWriter::create(path, header(from_ms));
    EXPECT_TRUE(w) << (w ? "" : w.error().to_string());
    writer = std::move(w.value());
  }
  void answer(const Answer& a) {
    apply(builder, a);
    for (ObservedEvent& e : builder.take_events()) events.push_back(std::move(e));
    writer->answer(a);
    if (keep_rows) rows_at[a.at_ms] = builder.rows();
    leader_at[a.at_ms] = builder.leader();
  }
  void publish(std::int64_t t) {
    auto o = std::make_shared<Observation>();
    o->taken_ms = t;
    o->rows = builder.rows();
    o->tree = std::make_shared<const DataTree>(tree);
    o->tree_loaded = true;
    o->session_state = console::HandleState::Connected;
    o->session_host = "127.0.0.1:2181";
    writer->observation(o);
    digest_at[t] = tree.digest();
  }
};

TEST(Recording, AReopenedRecordingShowsWhatTheLiveAttachShowedAtEachMoment) {
  const std::string path = temp_path("moments.jsonl.gz");
  const std::string leader = read_sample("4lw/srvr.leader.txt");
  const std::string follower = read_sample("4lw/srvr.follower.txt");
  {
    Live live(path, 1000);
    live.answer(srvr(0, follower, 1000));
    live.answer(srvr(1, leader, 1000));
    live.answer(srvr(2, follower, 1000));
    Answer mntr;
    mntr.at_ms = 1000;
    mntr.kind = Answer::Kind::Word;
    mntr.word = "mntr";
    mntr.body = read_sample("4lw/mntr.follower.txt");
    live.answer(mntr);
    live.tree.mirror_put("/app", "config-v1", false, stat_of(0x100000002, 0), nullptr);
    live.publish(1500);
    // The leader dies; server 3 leads epoch 2.
    live.answer(srvr(1, "", 2000, Reach::Unreachable));
    live.answer(srvr(0, read_sample("4lw/not-serving.srvr.txt"), 2000));
    live.answer(srvr(2, with_zxid(leader, "0x200000000"), 2500));
    live.answer(srvr(0, with_zxid(follower, "0x200000000"), 2500));
    // Binary data, a child, then the subtree goes and another node comes.
    live.tree.mirror_put("/app/blob", std::string("\xff\x00\x01\xfe", 4), false, stat_of(0x200000001, 0), nullptr);
    const AclList digest_acl{Acl{31, Id{"digest", "bob:6yRCSqUNq2tyTJ2nqIKGfTsiaMw="}}};
    live.tree.mirror_put("/app", "config-v2", false, stat_of(0x100000002, 1), &digest_acl);
    live.publish(3000);
    live.tree.mirror_remove("/app");
    live.tree.mirror_put("/b", "", true, stat_of(0x200000003, 0), nullptr);
    live.publish(3500);
    live.writer->close(4000);
    EXPECT_EQ(live.writer->status().error, "");
    EXPECT_FALSE(live.writer->status().active);

    auto opened = Recording::open(path);
    ASSERT_TRUE(opened) << opened.error().to_string();
    Recording& r = opened.value();
    EXPECT_TRUE(r.closed());
    EXPECT_TRUE(r.warnings().empty());
    EXPECT_EQ(r.begin_ms(), 1000);
    EXPECT_EQ(r.end_ms(), 4000);
    EXPECT_EQ(r.header().hosts, kHosts);

    // The same changes at the same times.
    ASSERT_EQ(r.events().size(), live.events.size());
    for (std::size_t i = 0; i < live.events.size(); ++i) {
      EXPECT_EQ(r.events()[i].text(live.builder.rows()), live.events[i].text(live.builder.rows()));
      EXPECT_EQ(r.events()[i].at_ms, live.events[i].at_ms);
    }
    // The rows and the leader of each moment.
    for (const auto& [t, rows] : live.rows_at) {
      auto o = r.at(t);
      ASSERT_EQ(o->rows.size(), rows.size());
      for (std::size_t i = 0; i < rows.size(); ++i) {
        EXPECT_EQ(o->rows[i].status, rows[i].status) << "t=" << t << " row " << i;
        EXPECT_EQ(o->rows[i].mode, rows[i].mode) << "t=" << t << " row " << i;
        EXPECT_EQ(o->rows[i].zxid, rows[i].zxid) << "t=" << t << " row " << i;
        EXPECT_EQ(o->rows[i].detail, rows[i].detail) << "t=" << t << " row " << i;
      }
      EXPECT_EQ(o->leader, live.leader_at[t]) << "t=" << t;
    }
    EXPECT_EQ(r.at(1999)->leader, 1);
    EXPECT_EQ(r.at(2200)->leader, -1);
    EXPECT_EQ(r.at(2600)->leader, 2);
    ASSERT_TRUE(r.at(1000)->rows[0].mntr);
    // The tree of each moment, byte for byte (data, Stat, ACL).
    for (const auto& [t, digest] : live.digest_at) {
      auto o = r.at(t);
      ASSERT_TRUE(o->tree) << "t=" << t;
      EXPECT_EQ(o->tree->digest(), digest) << "t=" << t;
    }
    EXPECT_EQ(r.at(1200)->tree, nullptr);  // nothing read yet
    auto mid = r.at(3200);
    EXPECT_EQ(mid->tree->get_data("/app/blob")->data, std::string("\xff\x00\x01\xfe", 4));
    EXPECT_EQ(mid->tree->get_acl("/app")->at(0).id.scheme, "digest");
    EXPECT_EQ(r.at(3999)->tree->exists("/app"), std::nullopt);
    EXPECT_TRUE(r.at(3999)->tree->get_data("/b")->null_data);
    // How many changes had been seen by then.
    EXPECT_EQ(r.at(1000)->events, 1u);  // the first leader
    EXPECT_EQ(r.at(999999)->events, live.events.size());
    EXPECT_EQ(r.at(999999)->taken_ms, 4000);  // clamped to the end
  }
  std::filesystem::remove(path);
}

TEST(Recording, ScrubbingBackAndForthGivesTheSameMomentsAsGoingForwardOnce) {
  const std::string path = temp_path("scrub.jsonl.gz");
  const std::string leader = read_sample("4lw/srvr.leader.txt");
  const std::string follower = read_sample("4lw/srvr.follower.txt");
  constexpr int kPolls = 12000;
  {
    Live live(path, 0);
    live.keep_rows = false;
    // 36,000 answers and 6,000 tree changes: more checkpoints than are kept (every other one
    // goes, twice), so moments far from any checkpoint are rebuilt too.
    for (int i = 0; i < kPolls; ++i) {
      const std::int64_t t = 10 * i;
      const std::size_t lead = static_cast<std::size_t>((i / 100) % 3);
      for (std::size_t s = 0; s < 3; ++s)
        live.answer(srvr(s, with_zxid(s == lead ? leader : follower, "0x" + std::to_string(i / 100 + 1) + "00000000"), t));
      if (i % 2 == 0) {
        live.tree.mirror_put("/n" + std::to_string(i % 97), std::to_string(i), false, stat_of(i, i), nullptr);
        if (i % 10 == 0) live.tree.mirror_remove("/n" + std::to_string((i + 50) % 97));
        live.publish(t + 5);
      }
    }
    live.writer->close(10 * kPolls);
  }
  auto forward = Recording::open(path);
  auto scrubbed = Recording::open(path);
  ASSERT_TRUE(forward && scrubbed);
  std::vector<std::int64_t> times;
  for (std::int64_t t = 0; t <= 10 * kPolls; t += 997) times.push_back(t);
  std::map<std::int64_t, std::pair<std::uint64_t, int>> expected;
  for (std::int64_t t : times) {
    auto o = forward.value().at(t);
    expected[t] = {o->tree ? o->tree->digest() : 0, o->leader};
    // The leader of poll t / 10: the rows really are those of that moment.
    EXPECT_EQ(o->leader, static_cast<int>((t / 10 / 100) % 3)) << "t=" << t;
  }
  // Back, forth, and far jumps, in a fixed order.
  std::vector<std::int64_t> order;
  for (std::size_t i = 0; i < times.size(); ++i) order.push_back(times[(i * 53) % times.size()]);
  for (std::size_t i = times.size(); i-- > 0;) order.push_back(times[i]);
  for (std::int64_t t : order) {
    auto o = scrubbed.value().at(t);
    EXPECT_EQ(o->tree ? o->tree->digest() : 0, expected[t].first) << "t=" << t;
    EXPECT_EQ(o->leader, expected[t].second) << "t=" << t;
  }
  std::filesystem::remove(path);
}

std::string file_bytes(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(in), {});
}
void write_bytes(const std::string& path, const std::string& bytes) {
  std::ofstream(path, std::ios::binary | std::ios::trunc) << bytes;
}

TEST(Recording, ARecordingCutShortOpensWithAWarningAndWhatCameBefore) {
  const std::string path = temp_path("cut.jsonl.gz");
  {
    Live live(path, 1000);
    for (int i = 0; i < 400; ++i) live.answer(srvr(static_cast<std::size_t>(i % 3), read_sample("4lw/srvr.follower.txt"), 1000 + i));
    live.writer->close(2000);
  }
  // The gzip stream cut at two thirds (the machine died while zooscope wrote).
  const std::string whole = file_bytes(path);
  const std::string cut_path = temp_path("cut-short.jsonl.gz");
  write_bytes(cut_path, whole.substr(0, whole.size() * 2 / 3));
  auto cut = Recording::open(cut_path);
  ASSERT_TRUE(cut) << cut.error().to_string();
  EXPECT_FALSE(cut.value().closed());
  ASSERT_FALSE(cut.value().warnings().empty());
  EXPECT_NE(cut.value().warnings()[0].find("stopped while writing"), std::string::npos) << cut.value().warnings()[0];
  EXPECT_GT(cut.value().lines(), 10u);
  EXPECT_EQ(cut.value().at(cut.value().end_ms())->rows[0].status, ServerStatus::Serving);

  // A plain (uncompressed) file whose last line stops mid-way.
  const std::string plain = temp_path("cut-line.jsonl");
  write_bytes(plain, std::string("{\"zooscope_attach_recording\":1,\"hosts\":\"") + kHosts +
                         "\",\"attach_started_ms\":5,\"from_ms\":5}\n"
                         "{\"t\":6,\"a\":\"srvr\",\"server\":1,\"reach\":\"unreachable\",\"body\":\"\",\"error\":\"refused\",\"rtt\":-1}\n"
                         "{\"t\":7,\"a\":\"srvr\",\"server\":2,\"re");
  auto line_cut = Recording::open(plain);
  ASSERT_TRUE(line_cut) << line_cut.error().to_string();
  EXPECT_EQ(line_cut.value().end_ms(), 6);
  EXPECT_NE(line_cut.value().warnings().at(0).find("line 3 is cut short"), std::string::npos);
  EXPECT_EQ(line_cut.value().at(6)->rows[1].status, ServerStatus::Unreachable);
  for (const auto& p : {path, cut_path, plain}) std::filesystem::remove(p);
}

TEST(Recording, ADamagedOrForeignFileIsAnErrorNamingFileAndLine) {
  const std::string head = std::string("{\"zooscope_attach_recording\":1,\"hosts\":\"") + kHosts +
                           "\",\"attach_started_ms\":5,\"from_ms\":5}\n";
  const std::string p = temp_path("damaged.jsonl");
  write_bytes(p, head + "{\"t\":6,\"a\":\"srvr\",\"server\":9,\"reach\":\"answered\",\"body\":\"\",\"error\":\"\",\"rtt\":1}\n");
  auto r = Recording::open(p);
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().file, p);
  EXPECT_EQ(r.error().line, 2);
  EXPECT_NE(r.error().message.find("server 9 is not one of the 3 servers"), std::string::npos) << r.error().message;

  write_bytes(p, head + "{\"t\":6,\"state\":{}}\nnot json at all\n");
  r = Recording::open(p);
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().line, 2);
  EXPECT_NE(r.error().message.find("\"polls\""), std::string::npos) << r.error().message;

  write_bytes(p, head + "{\"t\":6,\"put\":\"/a\",\"data\":\"x\",\"stat\":[1,2],\"acl\":[]}\n");
  r = Recording::open(p);
  ASSERT_FALSE(r);
  EXPECT_NE(r.error().to_string().find(":2: \"stat\" has 2 numbers, not 9"), std::string::npos) << r.error().to_string();

  // A run file is not a recording, and says where to open it.
  write_bytes(p, "{\"zooscope_run\": 1, \"seed\": 1, \"voters\": 3, \"actions\": []}\n");
  EXPECT_FALSE(Recording::looks_like(p));
  r = Recording::open(p);
  ASSERT_FALSE(r);
  EXPECT_NE(r.error().to_string().find("not a zooscope attach recording"), std::string::npos);
  EXPECT_NE(r.error().to_string().find("--replay"), std::string::npos);

  r = Recording::open(temp_path("no-such-file"));
  ASSERT_FALSE(r);
  EXPECT_NE(r.error().message.find("cannot read it"), std::string::npos);
  std::filesystem::remove(p);
}

TEST(Recording, AnUnwritablePlaceIsAClearErrorBeforeAnythingIsLost) {
  auto w = RecordingWriter::create("/nonexistent-zooscope-dir/x.jsonl.gz", header(0));
  ASSERT_FALSE(w);
  EXPECT_EQ(w.error().file, "/nonexistent-zooscope-dir/x.jsonl.gz");
  EXPECT_NE(w.error().message.find("No such file or directory"), std::string::npos) << w.error().message;
}

TEST(Recording, GarbageAnswersReplayByteForByte) {
  // A TLS server on a client port: binary bytes, not UTF-8. Replayed, it is the same
  // "not ZooKeeper" with the same reason.
  const std::string path = temp_path("garbage.jsonl.gz");
  ObservationBuilder live(wire::parse_connect_string(kHosts).value());
  {
    auto w = RecordingWriter::create(path, header(0));
    ASSERT_TRUE(w);
    const Answer a = srvr(0, std::string("\x16\x03\x01\x00\xa5\x01\x00\x00\xa1\x03\x03\xff", 12), 10);
    apply(live, a);
    w.value()->answer(a);
  }
  auto r = Recording::open(path);
  ASSERT_TRUE(r) << r.error().to_string();
  EXPECT_TRUE(r.value().closed());  // the writer's destructor closes it
  auto o = r.value().at(10);
  EXPECT_EQ(o->rows[0].status, ServerStatus::NotZooKeeper);
  EXPECT_EQ(o->rows[0].detail, live.rows()[0].detail);
  EXPECT_TRUE(Recording::looks_like(path));
  std::filesystem::remove(path);
}

TEST(Recording, TheRecordedSourceFillsTheAttachedViewsAtTheMomentSought) {
  const std::string path = temp_path("source.jsonl.gz");
  {
    Live live(path, 1000);
    live.answer(srvr(0, read_sample("4lw/srvr.follower.txt"), 1000));
    live.answer(srvr(1, read_sample("4lw/srvr.leader.txt"), 1000));
    live.answer(srvr(1, "", 3000, Reach::Unreachable));
    live.writer->close(5000);
  }
  auto r = Recording::open(path);
  ASSERT_TRUE(r);
  RecordedSource source(std::move(r.value()));
  view::ClusterView m;
  source.seek(2000);
  source.fill(m, view::Display{});
  ASSERT_TRUE(m.attached);
  EXPECT_TRUE(m.attached->recorded);
  EXPECT_EQ(m.attached->shown_ms, 2000);
  EXPECT_EQ(m.attached->recorded_to_ms, 5000);
  EXPECT_EQ(m.attached->servers[1].mode, "leader");
  EXPECT_EQ(m.stable_leader, m.peers[1].sid);
  EXPECT_FALSE(m.observes.inject_faults);
  EXPECT_TRUE(m.observes.rewind);
  source.seek(4000);
  source.fill(m, view::Display{});
  EXPECT_EQ(m.attached->servers[1].status, "unreachable");
  EXPECT_FALSE(m.stable_leader);
  source.seek(-5);  // before the start: the start
  EXPECT_EQ(source.time(), 1000);
  std::filesystem::remove(path);
}

// DataTree::diff, which the writer uses between two published trees.
TEST(Recording, TheTreeDiffNamesExactlyTheNodesThatChanged) {
  DataTree before;
  for (int i = 0; i < 3000; ++i) before.mirror_put("/n" + std::to_string(i), "v", false, stat_of(i, 0), nullptr);
  DataTree after = before;  // shares every chunk
  std::vector<std::string> seen;
  after.diff(before, [&](std::string_view p, bool) { seen.emplace_back(p); });
  EXPECT_TRUE(seen.empty());
  after.mirror_put("/n17", "w", false, stat_of(17, 1), nullptr);
  after.mirror_remove("/n2500");
  for (int i = 0; i < 100; ++i) after.mirror_put("/n17x" + std::to_string(i), "", false, stat_of(i, 0), nullptr);
  const AclList acl{Acl{1, Id{"world", "anyone"}}};
  after.mirror_acl("/n999", acl);
  std::map<std::string, bool> got;
  after.diff(before, [&](std::string_view p, bool removed) { got[std::string(p)] = removed; });
  std::map<std::string, bool> want{{"/", false}, {"/n17", false}, {"/n2500", true}, {"/n999", false}};
  for (int i = 0; i < 100; ++i) want["/n17x" + std::to_string(i)] = false;
  EXPECT_EQ(got, want);  // "/" for its child count
}

}  // namespace
}  // namespace zs::attach

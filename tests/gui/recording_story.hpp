// A recording of a three-server ensemble losing its leader, written with RecordingWriter as
// the monitor writes one, from answers real ZooKeeper 3.8.0 servers gave (the captured samples
// in tests/unit/wire/samples/4lw, their zxids and ids edited to tell the story):
//
//   +0 s     127.0.0.1:2182 (server.2) leads epoch 1, the others follow; the tree is read
//   +40 s    /app/workers/w-1 is created, +60 s /app/config changes
//   +120 s   server.2 is unreachable, the other two stop serving (an election)
//   +122 s   127.0.0.1:2183 (server.3) leads epoch 2, server.1 follows it
//   +180 s   server.2 is back, following
//   +240 s   /app/workers/w-1 is deleted
//   +300 s   the recording is closed
//
// Shared by the window's recording tests and the recorded-run screenshots (make_recording).
#pragma once

#include <cstdint>
#include <fstream>
#include <memory>
#include <sstream>
#include <string>

#include "attach/monitor.hpp"
#include "attach/recording.hpp"
#include "wire/connect_string.hpp"

namespace zs::gui::test {

inline constexpr const char* kStoryHosts = "127.0.0.1:2181,127.0.0.1:2182,127.0.0.1:2183";
inline constexpr std::int64_t kStoryStartMs = 1796652300000;  // 2026-12-07 14:05:00 UTC
inline constexpr std::int64_t kStoryLeaderLostMs = kStoryStartMs + 120000;
inline constexpr std::int64_t kStoryLeaderChangeMs = kStoryStartMs + 122000;
inline constexpr std::int64_t kStoryEndMs = kStoryStartMs + 300000;

inline std::string story_sample(const std::string& name) {
  std::ifstream in(std::string(ZS_SOURCE_DIR) + "/tests/unit/wire/samples/4lw/" + name, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

// `body` with the line starting with `key` replaced by `line`.
inline std::string with_line(std::string body, const std::string& key, const std::string& line) {
  const auto at = body.find(key);
  if (at == std::string::npos) return body;
  body.replace(at, body.find('\n', at) - at, line);
  return body;
}

class StoryWriter {
 public:
  explicit StoryWriter(const std::string& path) {
    attach::RecordingHeader h;
    h.hosts = kStoryHosts;
    h.attach_started_ms = kStoryStartMs;
    h.from_ms = kStoryStartMs;
    h.refresh_ms = 1000;
    auto w = attach::RecordingWriter::create(path, h);
    if (!w) {
      error_ = w.error().to_string();
      return;
    }
    writer_ = std::move(w.value());
  }
  const std::string& error() const { return error_; }

  void srvr(std::size_t server, const std::string& mode, const std::string& zxid, std::int64_t t) {
    attach::Answer a;
    a.at_ms = t;
    a.kind = attach::Answer::Kind::Srvr;
    a.server = server;
    a.rtt_ms = 2;
    if (mode == "unreachable") {
      a.reach = attach::Reach::Unreachable;
      a.error = "Connection refused";
    } else if (mode == "not-serving") {
      a.body = story_sample("not-serving.srvr.txt");
    } else {
      a.body = with_line(story_sample("srvr." + mode + ".txt"), "Zxid: ", "Zxid: " + zxid);
    }
    give(a);
  }
  // `conf` as the server with id `sid` answers it (the ring then names it server.N).
  void conf(std::size_t server, int sid, std::int64_t t) {
    attach::Answer a;
    a.at_ms = t;
    a.kind = attach::Answer::Kind::Word;
    a.server = server;
    a.word = "conf";
    a.body = with_line(story_sample("conf.follower.txt"), "serverId=", "serverId=" + std::to_string(sid));
    give(a);
  }
  void note(attach::ObservedEvent::Kind kind, const std::string& to, const std::string& path, std::int64_t t) {
    attach::Answer a;
    a.at_ms = t;
    a.kind = attach::Answer::Kind::Note;
    a.note.at_ms = t;
    a.note.kind = kind;
    a.note.to = to;
    a.note.path = path;
    give(a);
  }
  void put(const std::string& path, const std::string& data, std::int64_t zxid, std::int32_t version) {
    Stat s;
    s.czxid = Zxid(zxid);
    s.mzxid = Zxid(zxid + version);
    s.ctime = kStoryStartMs - 86400000;
    s.mtime = s.ctime + version;
    s.version = version;
    tree_.mirror_put(path, data, false, s, nullptr);
  }
  void remove(const std::string& path) { tree_.mirror_remove(path); }
  void publish(std::int64_t t) {
    auto o = std::make_shared<attach::Observation>();
    o->started_ms = kStoryStartMs;
    o->taken_ms = t;
    o->rows = builder_.rows();
    o->leader = builder_.leader();
    o->polls = polls_;
    o->tree = std::make_shared<const DataTree>(tree_);
    o->tree_loaded = true;
    o->persistent_watch = true;
    o->session_state = console::HandleState::Connected;
    o->session_host = "127.0.0.1:2181";
    o->session_id = 0x100000a3c1e0000;
    writer_->observation(o);
  }
  void close(std::int64_t t) { writer_->close(t); }
  void poll_done() { ++polls_; }

 private:
  void give(const attach::Answer& a) {
    attach::apply(builder_, a);
    (void)builder_.take_events();
    writer_->answer(a);
  }
  std::string error_;
  std::unique_ptr<attach::RecordingWriter> writer_;
  attach::ObservationBuilder builder_{wire::parse_connect_string(kStoryHosts).value()};
  DataTree tree_;
  std::uint64_t polls_ = 0;
};

// Writes the story to `path`; "" or why it could not be written.
inline std::string write_story_recording(const std::string& path) {
  using K = attach::ObservedEvent::Kind;
  StoryWriter w(path);
  if (!w.error().empty()) return w.error();
  const std::int64_t t0 = kStoryStartMs;
  // Every poll: srvr to each server (as the monitor asks every refresh period).
  auto poll = [&](std::int64_t t, const char* m0, const char* m1, const char* m2, const std::string& zxid) {
    w.srvr(0, m0, zxid, t);
    w.srvr(1, m1, zxid, t);
    w.srvr(2, m2, zxid, t);
    w.poll_done();
  };
  poll(t0, "follower", "leader", "follower", "0x100000005");
  for (int i = 0; i < 3; ++i) w.conf(static_cast<std::size_t>(i), i + 1, t0 + 10);
  w.note(K::Session, "connected", "127.0.0.1:2181", t0 + 200);
  w.put("/app", "", 0x100000002, 0);
  w.put("/app/config", "mode=blue", 0x100000003, 0);
  w.put("/app/workers", "", 0x100000004, 0);
  w.put("/locks", "", 0x100000005, 0);
  w.publish(t0 + 400);
  // The lines go in time order, as the monitor writes them.
  auto polls = [&](std::int64_t from_s, std::int64_t to_s, const char* m0, const char* m1, const char* m2,
                   const std::string& zxid) {
    for (std::int64_t s = from_s; s <= to_s; s += 10) poll(t0 + s * 1000, m0, m1, m2, zxid);
  };
  polls(10, 30, "follower", "leader", "follower", "0x100000005");
  w.note(K::Znode, "created", "/app/workers/w-1", t0 + 40000);
  w.put("/app/workers/w-1", "host-a", 0x100000006, 0);
  w.publish(t0 + 40050);
  polls(45, 55, "follower", "leader", "follower", "0x100000006");
  w.note(K::Znode, "changed", "/app/config", t0 + 60000);
  w.put("/app/config", "mode=green", 0x100000003, 1);
  w.publish(t0 + 60050);
  polls(65, 115, "follower", "leader", "follower", "0x100000007");
  // The leader is lost; an election; server.3 leads epoch 2.
  poll(kStoryLeaderLostMs, "not-serving", "unreachable", "not-serving", "");
  w.publish(kStoryLeaderLostMs + 50);
  w.srvr(2, "leader", "0x200000000", kStoryLeaderChangeMs);
  w.srvr(0, "follower", "0x200000000", kStoryLeaderChangeMs);
  w.publish(kStoryLeaderChangeMs + 50);
  polls(130, 170, "follower", "unreachable", "leader", "0x200000000");
  polls(180, 230, "follower", "follower", "leader", "0x200000000");
  w.note(K::Znode, "deleted", "/app/workers/w-1", t0 + 240000);
  w.remove("/app/workers/w-1");
  w.publish(t0 + 240050);
  polls(250, 290, "follower", "follower", "leader", "0x200000001");
  w.close(kStoryEndMs);
  return "";
}

}  // namespace zs::gui::test

// WireSession against small fake servers on 127.0.0.1: the session's protocol (handshake,
// pipelining, pings, chroot, reconnect with SetWatches and auth replay, expiry, read-only)
// and every fault the issue lists, each reported within its timeout, after which the session
// moves on to the next (good) host of the connect string.
#include "attach/wire_session.hpp"

#include <gtest/gtest.h>

#include <chrono>

#include "fake_zk_server.hpp"

namespace zs::attach {
namespace {

using console::HandleStateChange;
using test::FakeZk;
using test::FakeZkScript;
using test::Listener;
using Clock = std::chrono::steady_clock;
namespace asio = boost::asio;
using asio::ip::tcp;

// Runs `io` until `done` holds or `limit_ms` passed; true when `done` held.
template <class Pred>
bool run_until(asio::io_context& io, Pred done, int limit_ms) {
  const auto end = Clock::now() + std::chrono::milliseconds(limit_ms);
  while (!done()) {
    if (Clock::now() >= end) return false;
    io.run_one_for(std::chrono::milliseconds(10));
  }
  return true;
}

wire::ConnectString hosts(std::string text) {
  auto cs = wire::parse_connect_string(text);
  EXPECT_TRUE(cs.ok()) << text;
  return cs.value();
}

std::shared_ptr<WireSession> make(asio::io_context& io, std::string connect,
                                  SessionOptions o = {}) {
  o.hosts = hosts(std::move(connect));
  return std::make_shared<WireSession>(io, std::move(o));
}

bool connected(const std::shared_ptr<WireSession>& s) {
  return s->state() == SessionState::Connected || s->state() == SessionState::ConnectedReadOnly;
}

TEST(WireSession, HandshakeNegotiatesTimeoutAndReportsConnected) {
  asio::io_context io;
  FakeZk zk(io, FakeZkScript{.max_timeout_ms = 6000});
  SessionOptions o;
  o.session_timeout_ms = 10000;
  auto s = make(io, zk.address(), o);
  std::vector<HandleStateChange::Why> states;
  s->on_state([&](const console::HandleStateChange& c) { states.push_back(c.why); });
  s->start();
  ASSERT_TRUE(run_until(
      io, [&] { return connected(s); }, 3000))
      << s->last_error();
  EXPECT_EQ(s->negotiated_timeout_ms(), 6000);
  EXPECT_EQ(s->session_id(), 0x1000000abcd0000);
  EXPECT_EQ(s->host(), zk.address());
  ASSERT_EQ(zk.log.connects.size(), 1u);
  EXPECT_EQ(zk.log.connects[0].timeout_ms, 10000);
  EXPECT_EQ(zk.log.connects[0].session_id, 0);
  EXPECT_FALSE(zk.log.connects[0].read_only);
  EXPECT_EQ(states, std::vector<HandleStateChange::Why>{HandleStateChange::Why::Connected});
}

TEST(WireSession, PipelinesRequestsAndMatchesAnswersInOrder) {
  asio::io_context io;
  // The fake answers nothing until it holds 500 requests: a client that waited for each
  // answer before sending the next would never finish.
  FakeZk zk(io, FakeZkScript{.answer_after = 500});
  auto s = make(io, zk.address());
  s->start();
  std::vector<std::int32_t> order;
  std::vector<std::string> data;
  std::vector<std::int32_t> xids;
  for (int i = 0; i < 500; ++i) {
    xids.push_back(s->submit(ReadRequest{opcode::kGetData, "/n" + std::to_string(i), false},
                             [&](const console::HandleReply& r) {
                               order.push_back(r.xid);
                               data.push_back(r.result.data);
                             }));
  }
  ASSERT_TRUE(run_until(
      io, [&] { return order.size() == 500; }, 5000))
      << order.size() << " " << s->last_error();
  EXPECT_EQ(order, xids);
  EXPECT_EQ(data[0], "data of /n0");
  EXPECT_EQ(data[499], "data of /n499");
  EXPECT_EQ(s->in_flight(), 0u);
}

TEST(WireSession, InFlightIsBoundedAndTheRestWaitsUnsent) {
  asio::io_context io;
  FakeZk zk(io, FakeZkScript{.answer_after = 1000000});  // never answers
  SessionOptions o;
  o.max_in_flight = 8;
  o.max_queued = 20;
  auto s = make(io, zk.address(), o);
  s->start();
  ASSERT_TRUE(run_until(
      io, [&] { return connected(s); }, 3000));
  std::vector<Code> refused;
  for (int i = 0; i < 30; ++i) {
    s->submit(SyncRequest{"/"}, [&](const console::HandleReply& r) { refused.push_back(r.err); });
  }
  run_until(
      io, [&] { return zk.log.requests.size() >= 8 && refused.size() >= 2; }, 1000);
  EXPECT_EQ(s->in_flight(), 8u);
  EXPECT_EQ(s->queued(), 20u);
  EXPECT_EQ(refused, std::vector<Code>(2, Code::Throttled)) << "the 29th and 30th";
  EXPECT_EQ(zk.log.requests.size(), 8u);
}

TEST(WireSession, PingsWhenIdle) {
  asio::io_context io;
  FakeZk zk(io, FakeZkScript{.max_timeout_ms = 1500});  // read timeout 1000, ping after 500
  auto s = make(io, zk.address());
  s->start();
  ASSERT_TRUE(run_until(
      io, [&] { return connected(s); }, 3000));
  zk.zxid = 0x500000000;
  run_until(
      io, [] { return false; }, 1800);
  EXPECT_GE(zk.log.pings, 2);
  EXPECT_TRUE(connected(s)) << s->last_error();
  EXPECT_EQ(s->last_zxid_seen(), Zxid{}) << "ping answers do not move lastZxid (ClientCnxn)";
}

TEST(WireSession, ChrootPrefixesWhatGoesOutAndStripsWhatComesBack) {
  asio::io_context io;
  FakeZk zk(io);
  auto s = make(io, zk.address() + "/app");
  std::vector<console::HandleWatch> events;
  s->on_watch([&](const console::HandleWatch& w) { events.push_back(w); });
  s->start();
  std::string created;
  s->submit(WriteRequest{CreateRequest{"/x", "d", open_acl_unsafe(), 0, -1, 0, false}},
            [&](const console::HandleReply& r) { created = r.result.path; });
  s->submit(ReadRequest{opcode::kGetChildren, "/", true}, {});
  ASSERT_TRUE(run_until(
      io, [&] { return !created.empty() && zk.log.requests.size() >= 2; }, 3000));
  EXPECT_EQ(created, "/x");
  const auto& c = std::get<CreateRequest>(std::get<WriteRequest>(*zk.log.requests[0].call));
  EXPECT_EQ(c.path, "/app/x");
  EXPECT_EQ(std::get<ReadRequest>(*zk.log.requests[1].call).path, "/app") << "'/' is the chroot";
  zk.fire({EventType::NodeDataChanged, 3, "/app/x"});
  zk.fire({EventType::NodeChildrenChanged, 3, "/app"});
  ASSERT_TRUE(run_until(
      io, [&] { return events.size() == 2; }, 2000));
  EXPECT_EQ(events[0].path, "/x");
  EXPECT_EQ(events[1].path, "/");
}

TEST(WireSession, ReconnectsToTheNextHostKeepingSessionWatchesAndAuth) {
  asio::io_context io;
  FakeZk a(io);
  FakeZk b(io);
  auto s = make(io, a.address() + "," + b.address());
  std::vector<HandleStateChange::Why> states;
  s->on_state([&](const console::HandleStateChange& c) { states.push_back(c.why); });
  std::vector<Code> auth;
  s->start();
  ASSERT_TRUE(run_until(
      io, [&] { return connected(s); }, 3000));
  s->add_auth({"digest", "u:p"}, [&](const console::HandleReply& r) { auth.push_back(r.err); });
  int answered = 0;
  s->submit(ReadRequest{opcode::kGetData, "/d", true}, [&](auto&) { ++answered; });
  s->submit(ReadRequest{opcode::kExists, "/missing", true}, [&](auto&) { ++answered; });
  s->submit(ReadRequest{opcode::kGetChildren, "/c", true}, [&](auto&) { ++answered; });
  s->submit(AddWatchRequest{"/r", WatcherMode::PersistentRecursive}, [&](auto&) { ++answered; });
  s->submit(WriteRequest{CreateRequest{"/z", "", open_acl_unsafe(), 0, -1, 0, false}},
            [&](auto&) { ++answered; });
  ASSERT_TRUE(run_until(
      io, [&] { return answered == 5 && auth.size() == 1; }, 3000));
  const Zxid seen = s->last_zxid_seen();
  EXPECT_EQ(seen, Zxid(a.zxid));
  // A request in flight when the server goes gets ConnectionLoss.
  Code lost = Code::Ok;
  a.script_.answer_after = 1000;
  s->submit(SyncRequest{"/"}, [&](const console::HandleReply& r) { lost = r.err; });
  run_until(
      io, [&] { return a.log.requests.size() >= 7; }, 1000);
  a.drop_all();
  ASSERT_TRUE(run_until(
      io, [&] { return connected(s) && s->host() == b.address(); }, 3000))
      << s->last_error();
  EXPECT_EQ(lost, Code::ConnectionLoss);
  EXPECT_EQ(states, (std::vector<HandleStateChange::Why>{HandleStateChange::Why::Connected,
                                                         HandleStateChange::Why::Disconnected,
                                                         HandleStateChange::Why::Connected}));
  ASSERT_EQ(b.log.connects.size(), 1u);
  EXPECT_EQ(b.log.connects[0].session_id, 0x1000000abcd0000) << "the same session";
  EXPECT_EQ(b.log.connects[0].password, std::string(16, 'p'));
  EXPECT_EQ(b.log.connects[0].last_zxid_seen, seen);
  ASSERT_TRUE(run_until(
      io, [&] { return b.log.requests.size() >= 2; }, 2000));
  // primeConnection's order: SetWatches2 (it carries a persistent watch), then auth.
  EXPECT_EQ(b.log.requests[0].op, wire::op::kSetWatches2);
  const auto& sw = std::get<SetWatchesRequest>(*b.log.requests[0].call);
  EXPECT_EQ(sw.relative_zxid, seen);
  EXPECT_EQ(sw.data, std::vector<std::string>{"/d"});
  EXPECT_EQ(sw.exist, std::vector<std::string>{"/missing"});
  EXPECT_EQ(sw.child, std::vector<std::string>{"/c"});
  EXPECT_EQ(sw.persistent_recursive, std::vector<std::string>{"/r"});
  EXPECT_EQ(b.log.requests[1].op, wire::op::kAuth);
  EXPECT_EQ(b.log.requests[1].auth, std::optional<std::string>("u:p"));
  EXPECT_EQ(auth.size(), 1u) << "a replayed auth that succeeds is not reported again";
}

TEST(WireSession, AFiredWatchIsNotRestored) {
  asio::io_context io;
  FakeZk a(io);
  FakeZk b(io);
  auto s = make(io, a.address() + "," + b.address());
  s->start();
  int answered = 0;
  s->submit(ReadRequest{opcode::kGetData, "/d", true}, [&](auto&) { ++answered; });
  s->submit(ReadRequest{opcode::kGetData, "/e", true}, [&](auto&) { ++answered; });
  ASSERT_TRUE(run_until(
      io, [&] { return answered == 2; }, 3000));
  a.fire({EventType::NodeDataChanged, 3, "/d"});
  run_until(
      io, [] { return false; }, 100);
  a.drop_all();
  ASSERT_TRUE(run_until(
      io, [&] { return !b.log.requests.empty(); }, 3000));
  EXPECT_EQ(b.log.requests[0].op, wire::op::kSetWatches);
  EXPECT_EQ(std::get<SetWatchesRequest>(*b.log.requests[0].call).data,
            std::vector<std::string>{"/e"});
}

TEST(WireSession, KillFromAConnectionLossCallbackStaysKilled) {
  asio::io_context io;
  FakeZk zk(io, FakeZkScript{.answer_after = 1000});
  auto s = make(io, zk.address());
  s->start();
  ASSERT_TRUE(run_until(io, [&] { return connected(s); }, 3000));
  Code lost = Code::Ok;
  s->submit(SyncRequest{"/"}, [&](const console::HandleReply& r) {
    lost = r.err;
    s->kill();
  });
  ASSERT_TRUE(run_until(io, [&] { return !zk.log.requests.empty(); }, 2000));
  zk.drop_all();
  ASSERT_TRUE(run_until(io, [&] { return lost != Code::Ok; }, 2000));
  run_until(io, [] { return false; }, 300);
  EXPECT_EQ(lost, Code::ConnectionLoss);
  EXPECT_EQ(s->state(), SessionState::Closed);
  EXPECT_EQ(zk.log.connects.size(), 1u) << "a killed session does not reconnect";
}

TEST(WireSession, ExpiredSessionStops) {
  asio::io_context io;
  FakeZk zk(io, FakeZkScript{.expired = true});
  auto s = make(io, zk.address());
  std::vector<HandleStateChange::Why> states;
  s->on_state([&](const console::HandleStateChange& c) { states.push_back(c.why); });
  s->start();
  ASSERT_TRUE(run_until(
      io, [&] { return s->state() == SessionState::Expired; }, 3000));
  EXPECT_EQ(states, std::vector<HandleStateChange::Why>{HandleStateChange::Why::Expired});
  EXPECT_NE(s->last_error().find("expired"), std::string::npos);
  Code c = Code::Ok;
  s->submit(SyncRequest{"/"}, [&](const console::HandleReply& r) { c = r.err; });
  run_until(
      io, [&] { return c != Code::Ok; }, 500);
  EXPECT_EQ(c, Code::SessionExpired);
  run_until(
      io, [] { return false; }, 300);
  EXPECT_EQ(zk.log.connects.size(), 1u) << "an expired session does not reconnect";
}

TEST(WireSession, ReadOnlyServer) {
  asio::io_context io;
  FakeZk zk(io, FakeZkScript{.read_only = true});
  SessionOptions o;
  o.can_be_read_only = true;
  auto s = make(io, zk.address(), o);
  s->start();
  ASSERT_TRUE(run_until(
      io, [&] { return s->state() == SessionState::ConnectedReadOnly; }, 3000));
  EXPECT_TRUE(zk.log.connects[0].read_only);
}

// A 3.8 read-only server without local sessions answers a new session's connect with a bare
// NotReadOnly reply header (seen on real 3.8.0): the session says so and keeps trying.
TEST(WireSession, ReadOnlyServerWithoutLocalSessionsSaysWhy) {
  asio::io_context io;
  FakeZk zk(io, FakeZkScript{.read_only = true, .no_local_sessions = true});
  SessionOptions o;
  o.can_be_read_only = true;
  auto s = make(io, zk.address(), o);
  s->start();
  ASSERT_TRUE(run_until(
      io, [&] { return !s->last_error().empty(); }, 3000));
  EXPECT_EQ(s->last_error(), zk.address() +
                                 ": the read-only server refused to open a new session "
                                 "(NotReadOnly); ZooKeeper 3.8 read-only servers open sessions "
                                 "only with localSessionsEnabled=true");
  EXPECT_EQ(s->state(), SessionState::Connecting);
}

TEST(WireSession, AuthFailedEndsTheSession) {
  asio::io_context io;
  FakeZk zk(io, FakeZkScript{.refuse_auth = true});
  auto s = make(io, zk.address());
  s->start();
  Code got = Code::Ok;
  s->add_auth({"digest", "u:bad"}, [&](const console::HandleReply& r) { got = r.err; });
  ASSERT_TRUE(run_until(
      io, [&] { return s->state() == SessionState::AuthFailed; }, 3000));
  EXPECT_EQ(got, Code::AuthFailed);
}

TEST(WireSession, CloseSendsCloseSessionAndWaitsForTheAnswer) {
  asio::io_context io;
  FakeZk zk(io);
  auto s = make(io, zk.address());
  std::vector<HandleStateChange::Why> states;
  s->on_state([&](const console::HandleStateChange& c) { states.push_back(c.why); });
  s->start();
  ASSERT_TRUE(run_until(
      io, [&] { return connected(s); }, 3000));
  bool done = false;
  std::int32_t answered_xid = 0;
  const std::int32_t xid =
      s->close([&] { done = true; }, [&](const console::HandleReply& r) { answered_xid = r.xid; });
  ASSERT_TRUE(run_until(
      io, [&] { return done; }, 3000));
  EXPECT_EQ(answered_xid, xid);
  EXPECT_EQ(s->state(), SessionState::Closed);
  ASSERT_FALSE(zk.log.requests.empty());
  EXPECT_EQ(zk.log.requests.back().op, opcode::kCloseSession);
  EXPECT_EQ(states.back(), HandleStateChange::Why::Closed);
}

// --- faults: each names what went wrong within its timeout, then the good host is used ---

struct FaultRun {
  std::string error;
  std::int64_t ms = 0;  // until connected at the good host
  bool connected_to_good = false;
};

FaultRun run_fault(asio::io_context& io, const std::string& bad, int connect_timeout_ms = 3000) {
  FakeZk good(io);
  SessionOptions o;
  o.connect_timeout_ms = connect_timeout_ms;
  auto s = make(io, bad + "," + good.address(), o);
  const auto t0 = Clock::now();
  s->start();
  FaultRun r;
  r.connected_to_good = run_until(
      io, [&] { return connected(s) && s->host() == good.address(); }, connect_timeout_ms + 2000);
  r.ms = std::chrono::duration_cast<std::chrono::milliseconds>(Clock::now() - t0).count();
  r.error = s->last_error();
  s->kill();
  return r;
}

TEST(WireSessionFault, UnreachablePort) {
  asio::io_context io;
  const std::string bad = "127.0.0.1:" + std::to_string(test::closed_port(io));
  FaultRun r = run_fault(io, bad);
  EXPECT_TRUE(r.connected_to_good);
  EXPECT_EQ(r.error, bad + ": connection refused");
  EXPECT_LT(r.ms, 1000);
}

TEST(WireSessionFault, AcceptsAndNeverAnswers) {
  asio::io_context io;
  std::vector<std::shared_ptr<tcp::socket>> held;
  Listener mute(io, [&](auto s) { held.push_back(std::move(s)); });
  FaultRun r = run_fault(io, mute.address(), 1500);
  EXPECT_TRUE(r.connected_to_good);
  EXPECT_EQ(r.error, mute.address() + ": timed out after 1500 ms waiting for the connect response");
  EXPECT_GE(r.ms, 1450);
  EXPECT_LT(r.ms, 2500);
}

// A server that writes `bytes` as soon as it accepts (and reads nothing).
struct Sayer {
  Sayer(asio::io_context& io, std::string bytes, bool close_after)
      : listener(io, [this, bytes, close_after](std::shared_ptr<tcp::socket> s) {
          held.push_back(s);
          auto data = std::make_shared<std::string>(bytes);
          asio::async_write(*s, asio::buffer(*data), [s, data, close_after](auto, auto) {
            boost::system::error_code ec;
            if (close_after) s->close(ec);
          });
        }) {}
  Listener listener;
  std::vector<std::shared_ptr<tcp::socket>> held;
};

TEST(WireSessionFault, GarbageBytes) {
  asio::io_context io;
  // A small length and a body that is no ConnectResponse.
  Sayer g(io, std::string("\0\0\0\x08garbage!", 12), false);
  FaultRun r = run_fault(io, g.listener.address());
  EXPECT_TRUE(r.connected_to_good);
  EXPECT_EQ(r.error,
            g.listener.address() +
                " is not a ZooKeeper server (ConnectResponse: sessionId at offset 8: needs 8 "
                "bytes, 0 left)");
  EXPECT_LT(r.ms, 1000);
}

TEST(WireSessionFault, TwoGigabyteLengthPrefix) {
  asio::io_context io;
  Sayer g(io, std::string("\x7f\xff\xff\xff\x01\x02", 6), false);
  FaultRun r = run_fault(io, g.listener.address());
  EXPECT_TRUE(r.connected_to_good);
  EXPECT_EQ(r.error, g.listener.address() +
                         ": frame length 2147483647 exceeds 1048575+4096 (jute.maxbuffer + reply "
                         "headers)");
  EXPECT_LT(r.ms, 1000);
}

TEST(WireSessionFault, ClosesMidReply) {
  asio::io_context io;
  wire::ConnectResponseRecord resp;
  resp.timeout_ms = 30000;
  resp.session_id = 7;
  const std::string full = wire::frame(wire::encode_connect_response(resp));
  Sayer g(io, full.substr(0, 20), true);
  FaultRun r = run_fault(io, g.listener.address());
  EXPECT_TRUE(r.connected_to_good);
  // Closed or reset (it closed with our connect request unread): either way, mid-frame.
  EXPECT_EQ(r.error.find(g.listener.address() + ": the server "), 0u) << r.error;
  EXPECT_NE(r.error.find("the connection in the middle of a frame (20 bytes of it had arrived)"),
            std::string::npos)
      << r.error;
  EXPECT_LT(r.ms, 1000);
}

TEST(WireSessionFault, OneBytePerSecond) {
  asio::io_context io;
  wire::ConnectResponseRecord resp;
  resp.timeout_ms = 30000;
  const auto full = std::make_shared<std::string>(wire::frame(wire::encode_connect_response(resp)));
  std::vector<std::shared_ptr<asio::steady_timer>> timers;
  // The test owns each connection's ticker; the ticker and its timer's handler only refer to
  // it weakly, so no cycle outlives the test (LeakSanitizer checks).
  std::vector<std::shared_ptr<std::function<void()>>> tickers;
  Listener slow(io, [&](std::shared_ptr<tcp::socket> s) {
    auto t = std::make_shared<asio::steady_timer>(io);
    timers.push_back(t);
    auto at = std::make_shared<std::size_t>(0);
    auto tick = std::make_shared<std::function<void()>>();
    tickers.push_back(tick);
    std::weak_ptr<std::function<void()>> weak = tick;
    *tick = [s, t, at, full, weak] {
      if (*at >= full->size() || !s->is_open()) return;
      asio::write(*s, asio::buffer(full->data() + *at, 1));
      ++*at;
      t->expires_after(std::chrono::seconds(1));
      t->async_wait([weak](const boost::system::error_code& ec) {
        if (auto f = weak.lock(); f && !ec) (*f)();
      });
    };
    (*tick)();
  });
  FaultRun r = run_fault(io, slow.address());
  for (auto& t : timers) t->cancel();
  EXPECT_TRUE(r.connected_to_good);
  EXPECT_NE(r.error.find(slow.address() + ": timed out after 3000 ms waiting for the connect "
                                          "response (got "),
            std::string::npos)
      << r.error;
  EXPECT_LT(r.ms, 4000);
}

TEST(WireSessionFault, HttpServer) {
  asio::io_context io;
  Sayer h(io, "HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\nConnection: close\r\n\r\n", true);
  FaultRun r = run_fault(io, h.listener.address());
  EXPECT_TRUE(r.connected_to_good);
  EXPECT_EQ(r.error, h.listener.address() +
                         " is not a ZooKeeper server (it answered HTTP/1.1 400 Bad Request)");
  EXPECT_LT(r.ms, 1000);
}

TEST(WireSessionFault, SshBanner) {
  asio::io_context io;
  Sayer h(io, "SSH-2.0-OpenSSH_9.2p1 Debian-2\r\n", false);
  FaultRun r = run_fault(io, h.listener.address());
  EXPECT_TRUE(r.connected_to_good);
  EXPECT_EQ(r.error, h.listener.address() +
                         " is not a ZooKeeper server (it sent an SSH banner: "
                         "SSH-2.0-OpenSSH_9.2p1 Debian-2)");
  EXPECT_LT(r.ms, 1000);
}

TEST(WireSessionFault, AnswersTheConnectThenGoesSilent) {
  asio::io_context io;
  // Negotiates 3000 ms: read timeout 2000 ms, pings after 1000 ms that are never answered.
  FakeZk mute(io, FakeZkScript{.max_timeout_ms = 3000, .silent_after_connect = true});
  FakeZk good(io);
  SessionOptions o;
  o.session_timeout_ms = 3000;
  auto s = make(io, mute.address() + "," + good.address(), o);
  std::vector<HandleStateChange::Why> states;
  s->on_state([&](const console::HandleStateChange& c) { states.push_back(c.why); });
  s->start();
  ASSERT_TRUE(run_until(
      io, [&] { return connected(s); }, 3000));
  const auto t0 = Clock::now();
  ASSERT_TRUE(run_until(
      io, [&] { return connected(s) && s->host() == good.address(); }, 4000))
      << s->last_error();
  const auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(Clock::now() - t0).count();
  EXPECT_GE(ms, 1900);
  EXPECT_LT(ms, 3000);
  EXPECT_NE(s->last_error().find(mute.address() + ": no answer for "), std::string::npos)
      << s->last_error();
  EXPECT_NE(s->last_error().find("read timeout 2000 ms"), std::string::npos);
  EXPECT_GE(std::count_if(mute.log.requests.begin(), mute.log.requests.end(),
                          [](const auto& r) { return r.op == opcode::kPing; }),
            1);
  EXPECT_EQ(good.log.connects.at(0).session_id, 0x1000000abcd0000) << "the session moves along";
  EXPECT_EQ(states.size(), 3u);
}

TEST(WireSessionFault, EveryHostBadKeepsTryingWithoutHanging) {
  asio::io_context io;
  const std::string a = "127.0.0.1:" + std::to_string(test::closed_port(io));
  const std::string b = "127.0.0.1:" + std::to_string(test::closed_port(io));
  auto s = make(io, a + "," + b);
  s->start();
  run_until(
      io, [] { return false; }, 1500);
  EXPECT_EQ(s->state(), SessionState::Connecting);
  EXPECT_NE(s->last_error().find("connection refused"), std::string::npos);
  s->kill();
  EXPECT_EQ(s->state(), SessionState::Closed);
}

}  // namespace
}  // namespace zs::attach

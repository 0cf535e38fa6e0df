// The relay between real servers (live/relay.hpp) against small fake servers in the test:
// plain loopback sockets standing in for two ZooKeeper servers' peer ports. Every wait is
// bounded.
#include <gtest/gtest.h>

#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/read.hpp>
#include <boost/asio/write.hpp>

#include <atomic>
#include <chrono>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "live/relay.hpp"
#include "wire/peer_codec.hpp"

namespace zs::live {
namespace {

namespace asio = boost::asio;
using tcp = asio::ip::tcp;
using namespace std::chrono_literals;

std::string be(std::uint64_t v, int bytes) {
  std::string out;
  for (int i = bytes - 1; i >= 0; --i) out.push_back(static_cast<char>((v >> (8 * i)) & 0xff));
  return out;
}
std::string i32(std::int64_t v) { return be(static_cast<std::uint64_t>(v), 4); }
std::string i64(std::int64_t v) { return be(static_cast<std::uint64_t>(v), 8); }
std::string str(const std::string& s) { return i32(static_cast<std::int64_t>(s.size())) + s; }

// A port nothing listens on right now.
std::uint16_t free_port() {
  asio::io_context io;
  tcp::acceptor a(io, tcp::endpoint(asio::ip::address_v4::loopback(), 0));
  return a.local_endpoint().port();
}

// The relay on its own io thread; events collected for the test.
class RelayFixture {
 public:
  explicit RelayFixture(std::vector<RelayLink> links)
      : relay_(io_, std::move(links), [this](const RelayEvent& e) {
          std::lock_guard lock(mu_);
          events_.push_back(e);
        }) {
    relay_.start();
    thread_ = std::thread([this] {
      auto guard = asio::make_work_guard(io_);
      io_.run();
    });
  }
  ~RelayFixture() {
    asio::post(io_, [this] { relay_.stop(); });
    std::this_thread::sleep_for(20ms);
    io_.stop();
    thread_.join();
  }
  template <class F>
  void on_io(F f) {
    std::atomic<bool> done{false};
    asio::post(io_, [&] {
      f(relay_);
      done = true;
    });
    for (int i = 0; i < 200 && !done; ++i) std::this_thread::sleep_for(5ms);
  }
  std::vector<RelayEvent> events() {
    std::lock_guard lock(mu_);
    return events_;
  }
  // Waits (bounded) until `pred` holds for the events so far.
  template <class P>
  bool wait_events(P pred, std::chrono::milliseconds limit = 3000ms) {
    const auto end = std::chrono::steady_clock::now() + limit;
    while (std::chrono::steady_clock::now() < end) {
      if (pred(events())) return true;
      std::this_thread::sleep_for(5ms);
    }
    return pred(events());
  }
  bool wait_listening(std::size_t link, bool want) {
    for (int i = 0; i < 300; ++i) {
      bool now = false;
      on_io([&](Relay& r) { now = r.listening(link); });
      if (now == want) return true;
      std::this_thread::sleep_for(10ms);
    }
    return false;
  }
  RelayStats stats() {
    RelayStats s;
    on_io([&](Relay& r) { s = r.stats(); });
    return s;
  }

 private:
  asio::io_context io_;
  Relay relay_;
  std::mutex mu_;
  std::vector<RelayEvent> events_;
  std::thread thread_;
};

// Reads exactly n bytes within a bounded time (the socket has a receive timeout).
std::string read_n(tcp::socket& s, std::size_t n) {
  std::string out(n, '\0');
  boost::system::error_code ec;
  asio::read(s, asio::buffer(out), ec);
  EXPECT_FALSE(ec) << ec.message();
  return out;
}

void set_timeouts(tcp::socket& s) {
  struct timeval tv {2, 0};
  setsockopt(s.native_handle(), SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
}

template <class T>
std::size_t count_of(const std::vector<RelayEvent>& ev) {
  std::size_t n = 0;
  for (const auto& e : ev) n += std::holds_alternative<T>(e.item) ? 1 : 0;
  return n;
}

// Learner 2 connected to leader 3 through one relay link (2 -> 3, quorum), both ends with a
// receive timeout.
struct RelayedPair {
  const std::uint16_t target = free_port();
  const std::uint16_t relay_port = free_port();
  asio::io_context io;
  tcp::acceptor leader{io, tcp::endpoint(asio::ip::address_v4::loopback(), target)};
  RelayFixture f{{RelayLink{2, 3, Channel::Quorum, relay_port, target, ""}}};
  tcp::socket learner{io};
  tcp::socket at_leader{io};

  // False when the relay never listened or never joined the connection to the leader.
  bool connect() {
    if (!f.wait_listening(0, true)) return false;
    learner.connect(tcp::endpoint(asio::ip::address_v4::loopback(), relay_port));
    set_timeouts(learner);
    at_leader = leader.accept();
    set_timeouts(at_leader);
    return f.wait_events([](const auto& ev) { return count_of<RelayOpened>(ev) == 1; });
  }
};

TEST(Relay, ListensOnlyWhileItsTargetListens) {
  const std::uint16_t target = free_port();
  const std::uint16_t relay_port = free_port();
  RelayFixture f({RelayLink{1, 2, Channel::Quorum, relay_port, target, ""}});
  asio::io_context io;
  // Target down: a connect to the relay port is refused, as a connect to the target would be.
  std::this_thread::sleep_for(60ms);
  {
    tcp::socket s(io);
    boost::system::error_code ec;
    s.connect(tcp::endpoint(asio::ip::address_v4::loopback(), relay_port), ec);
    EXPECT_EQ(ec, asio::error::connection_refused);
  }
  // Target up: the relay listens within a few polls.
  auto acc = std::make_unique<tcp::acceptor>(io, tcp::endpoint(asio::ip::address_v4::loopback(), target));
  EXPECT_TRUE(f.wait_listening(0, true));
  // Down again: refused again.
  acc.reset();
  EXPECT_TRUE(f.wait_listening(0, false));
  tcp::socket s(io);
  boost::system::error_code ec;
  s.connect(tcp::endpoint(asio::ip::address_v4::loopback(), relay_port), ec);
  EXPECT_EQ(ec, asio::error::connection_refused);
}

TEST(Relay, ForwardsAQuorumStreamByteForByteAndDecodesIt) {
  RelayedPair p;
  ASSERT_TRUE(p.connect());
  tcp::socket& learner = p.learner;
  tcp::socket& at_leader = p.at_leader;
  RelayFixture& f = p.f;

  // Learner -> leader: FOLLOWERINFO, sent in two pieces.
  const std::string info = i64(2) + i32(0x10000) + i64(0);
  const std::string followerinfo = i32(11) + i64(0x100000003) + str(info) + i32(-1);
  asio::write(learner, asio::buffer(followerinfo.substr(0, 7)));
  std::this_thread::sleep_for(20ms);
  asio::write(learner, asio::buffer(followerinfo.substr(7)));
  EXPECT_EQ(read_n(at_leader, followerinfo.size()), followerinfo);

  // Leader -> learner: LEADERINFO, SNAP with its dump, UPTODATE in one write.
  std::string dump = i32(0) + i32(0);  // no sessions, empty ACL cache
  dump += str("") + i32(-1) + i64(-1) + std::string(60, '\0');
  dump += str("/") + str("BenWasHere");
  const std::string stream = i32(17) + i64(0x200000000) + str(i32(0x10000)) + i32(-1) + i32(15) +
                             i64(0x100000003) + i32(-1) + i32(-1) + dump + i32(12) + i64(-1) + i32(-1) + i32(-1);
  asio::write(at_leader, asio::buffer(stream));
  EXPECT_EQ(read_n(learner, stream.size()), stream);

  ASSERT_TRUE(f.wait_events([](const auto& ev) { return count_of<wire::QuorumRecord>(ev) >= 4; }));
  const auto ev = f.events();
  std::vector<std::string> seen;
  for (const auto& e : ev) {
    if (const auto* q = std::get_if<wire::QuorumRecord>(&e.item))
      seen.push_back(std::string(e.forward ? "2>3 " : "3>2 ") + wire::quorum_type_name(q->type));
    if (std::holds_alternative<wire::SnapshotDump>(e.item)) seen.push_back("3>2 dump");
  }
  EXPECT_EQ(seen, (std::vector<std::string>{"2>3 FOLLOWERINFO", "3>2 LEADERINFO", "3>2 SNAP", "3>2 dump", "3>2 UPTODATE"}));
  EXPECT_EQ(count_of<RelayOpened>(ev), 1u);
  EXPECT_EQ(count_of<RelayDecodeError>(ev), 0u);
  // Counted when each write completes, which may be just after the learner read the bytes.
  RelayStats st = f.stats();
  for (int i = 0; i < 200 && st.bytes_out < st.bytes_in; ++i, st = f.stats()) std::this_thread::sleep_for(5ms);
  EXPECT_EQ(st.bytes_in, followerinfo.size() + stream.size());
  EXPECT_EQ(st.bytes_out, st.bytes_in);

  // The leader closes: the learner sees the end of the stream, and the relay says so.
  at_leader.close();
  char c;
  boost::system::error_code ec;
  learner.read_some(asio::buffer(&c, 1), ec);
  EXPECT_EQ(ec, asio::error::eof);
  EXPECT_TRUE(f.wait_events([](const auto& e) { return count_of<RelayClosed>(e) == 1; }));
}

TEST(Relay, RewritesOnlyTheElectionHellosAddress) {
  const std::uint16_t target = free_port();
  const std::uint16_t relay_port = free_port();
  asio::io_context io;
  tcp::acceptor server3(io, tcp::endpoint(asio::ip::address_v4::loopback(), target));
  RelayFixture f({RelayLink{1, 3, Channel::Election, relay_port, target, "127.0.0.1:40999"}});
  ASSERT_TRUE(f.wait_listening(0, true));

  tcp::socket server1(io);
  server1.connect(tcp::endpoint(asio::ip::address_v4::loopback(), relay_port));
  set_timeouts(server1);
  tcp::socket at3 = server3.accept();
  set_timeouts(at3);

  const std::string config = "server.1=127.0.0.1:2888:3888:participant\nversion=0";
  const std::string note = i32(0) + i64(1) + i64(0) + i64(1) + i64(0) + i32(2) + str(config);
  const std::string hello = i64(-65536) + i64(1) + str("127.0.0.1:3888");
  const std::string framed = i32(static_cast<std::int64_t>(note.size())) + note;
  // The hello arrives in pieces, the first notification right behind it.
  asio::write(server1, asio::buffer(hello.substr(0, 10)));
  std::this_thread::sleep_for(20ms);
  asio::write(server1, asio::buffer(hello.substr(10) + framed));
  const std::string want_hello = i64(-65536) + i64(1) + str("127.0.0.1:40999");
  EXPECT_EQ(read_n(at3, want_hello.size()), want_hello);
  EXPECT_EQ(read_n(at3, framed.size()), framed);
  // The other direction is not rewritten.
  asio::write(at3, asio::buffer(framed));
  EXPECT_EQ(read_n(server1, framed.size()), framed);

  ASSERT_TRUE(f.wait_events([](const auto& ev) { return count_of<wire::ElectionNote>(ev) == 2; }));
  const auto ev = f.events();
  for (const auto& e : ev) {
    if (const auto* h = std::get_if<wire::ElectionHello>(&e.item)) {
      EXPECT_EQ(h->sid, 1);
      EXPECT_EQ(h->addresses, "127.0.0.1:3888");  // the event shows what the server sent
    }
  }
  EXPECT_EQ(f.stats().rewritten_hellos, 1u);
}

TEST(Relay, ACutStallsOneDirectionAndTheHealDeliversInOrder) {
  RelayedPair p;
  ASSERT_TRUE(p.connect());
  tcp::socket& learner = p.learner;
  tcp::socket& at_leader = p.at_leader;
  RelayFixture& f = p.f;

  f.on_io([](Relay& r) { r.set_cut(2, 3, true); });
  const std::string ack1 = i32(3) + i64(0x100000001) + i32(-1) + i32(-1);
  const std::string ack2 = i32(3) + i64(0x100000002) + i32(-1) + i32(-1);
  asio::write(learner, asio::buffer(ack1));
  asio::write(learner, asio::buffer(ack2));
  // Nothing arrives while the direction 2 -> 3 is cut...
  at_leader.non_blocking(true);
  std::this_thread::sleep_for(150ms);
  char c;
  boost::system::error_code ec;
  at_leader.read_some(asio::buffer(&c, 1), ec);
  EXPECT_EQ(ec, asio::error::would_block);
  at_leader.non_blocking(false);
  // ... while 3 -> 2 still flows.
  const std::string ping = i32(5) + i64(0x100000002) + i32(-1) + i32(-1);
  asio::write(at_leader, asio::buffer(ping));
  EXPECT_EQ(read_n(learner, ping.size()), ping);
  // Healed: both ACKs, in order.
  f.on_io([](Relay& r) { r.set_cut(2, 3, false); });
  EXPECT_EQ(read_n(at_leader, ack1.size() + ack2.size()), ack1 + ack2);
}

TEST(Relay, APartitionStallsBothDirectionsWithoutClosingAnything) {
  RelayedPair p;
  ASSERT_TRUE(p.connect());
  tcp::socket& learner = p.learner;
  tcp::socket& at_leader = p.at_leader;
  RelayFixture& f = p.f;

  f.on_io([](Relay& r) {
    r.set_cut(2, 3, true);
    r.set_cut(3, 2, true);
  });
  const std::string ack = i32(3) + i64(0x100000001) + i32(-1) + i32(-1);
  const std::string ping = i32(5) + i64(0x100000001) + i32(-1) + i32(-1);
  asio::write(learner, asio::buffer(ack));
  asio::write(at_leader, asio::buffer(ping));
  // Both directions held, with nothing pending on the connection, for a while: still open.
  std::this_thread::sleep_for(300ms);
  for (tcp::socket* s : {&learner, &at_leader}) {
    s->non_blocking(true);
    char c;
    boost::system::error_code ec;
    s->read_some(asio::buffer(&c, 1), ec);
    EXPECT_EQ(ec, asio::error::would_block) << ec.message();  // not eof: nothing was closed
    s->non_blocking(false);
  }
  f.on_io([](Relay& r) {
    r.set_cut(2, 3, false);
    r.set_cut(3, 2, false);
  });
  EXPECT_EQ(read_n(at_leader, ack.size()), ack);
  EXPECT_EQ(read_n(learner, ping.size()), ping);
  EXPECT_EQ(count_of<RelayClosed>(f.events()), 0u);
}

}  // namespace
}  // namespace zs::live

// The relay between real ZooKeeper servers (issue 17; ../shared/reference/real-zookeeper-3.8/
// RELAY.md): for every ordered pair of servers (i, j) and each of the two peer ports, one
// loopback port that i's zoo.cfg names as j's address. Whatever i sends there goes to j's
// real port and back, byte for byte, and is decoded on the way (wire/peer_codec.hpp) into
// RelayEvents: a connection opened, refused or closed, an election hello, a notification, a
// quorum packet, a SNAP's database dump, a stream that does not decode.
//
// What the relay must do to stay invisible (RELAY.md):
// - Listen for a target only while the target's real port listens (read from /proc/net/tcp
//   and tcp6 every `poll_ms`): a relay that accepted while the target is down would turn a
//   refused connect into connect-then-EOF, which ZooKeeper handles differently (a follower
//   gives up on its leader and the leader waits out initLimit).
// - Rewrite the election hello's address (the opener's own election address, which the
//   receiver connects back to when the opener has the smaller sid) to the relay's port for
//   the reverse direction, in one write: the only bytes it ever changes.
//
// Faults act on directions, sender -> receiver, as the simulator's links do (bytes from i to
// j travel on the connection i opened and on the one j opened): a cut direction stalls, as TCP
// stalls in a partition — bytes and a close are held, in order, and delivered when it heals,
// unless a server gave up on the connection first. A connection opened while either direction
// between the two is cut is accepted but joined to its target only after the heal, so the
// opener's reads time out as over a dead network (a real partition times out the connect
// itself: docs say so). A delay holds each chunk for that long before forwarding it.
//
// Everything runs on the io_context the caller runs, on one thread; the sink is called there.
#pragma once

#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/io_context.hpp>

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <thread>
#include <string>
#include <variant>
#include <vector>

#include "core/messages.hpp"
#include "core/types.hpp"
#include "wire/peer_codec.hpp"

namespace zs::live {

// One relay port: `from` reaches `to`'s `channel` port (quorum or election) through it.
struct RelayLink {
  Sid from = 0;
  Sid to = 0;
  Channel channel = Channel::Election;
  std::uint16_t listen_port = 0;  // on 127.0.0.1: what from's zoo.cfg names for `to`
  std::uint16_t target_port = 0;  // to's real port on 127.0.0.1
  // Election links: the address written into from's hello instead of its own (the relay
  // port of the reverse link, to -> from), e.g. "127.0.0.1:40123". Empty: forwarded as is.
  std::string hello_address;
};

struct RelayOpened {};                    // the target accepted the relayed connection
struct RelayRefused { std::string why; }; // the target refused or was unreachable: closed
struct RelayClosed { std::string why; };  // one side closed or broke; both are closed
struct RelayDecodeError { std::string message; };  // the stream stopped decoding (still forwarded)

struct RelayEvent {
  std::int64_t at_us = 0;  // steady clock, microseconds since the relay started
  Sid from = 0;            // the link's opener
  Sid to = 0;
  Channel channel = Channel::Election;
  std::uint32_t connection = 0;  // numbered from 1 per relay, in accept order
  bool forward = true;           // the bytes went from -> to (else to -> from)
  std::variant<RelayOpened, RelayRefused, RelayClosed, RelayDecodeError, wire::ElectionHello,
               wire::ElectionNote, wire::QuorumRecord, wire::SnapshotDump>
      item;
};

struct RelayOptions {
  std::int32_t poll_ms = 20;         // how often the targets' listening state is read
  std::int32_t connect_timeout_ms = 2000;
  // Keep, for each forwarded chunk, the time from its read to the end of its write (what the
  // relay adds; a benchmark's measure). At most this many samples; 0: none kept.
  std::size_t latency_samples = 0;
};

// Counters for a benchmark and for checks: bytes and decoded items per byte direction.
struct RelayStats {
  std::uint64_t bytes_in = 0;       // read from either side
  std::uint64_t bytes_out = 0;      // written to either side
  std::uint64_t items = 0;          // decoded items
  std::uint64_t decode_errors = 0;
  std::uint64_t connections = 0;
  std::uint64_t rewritten_hellos = 0;
};

class Relay {
 public:
  using Sink = std::function<void(const RelayEvent&)>;
  Relay(boost::asio::io_context& io, std::vector<RelayLink> links, Sink sink, RelayOptions opt = {});
  ~Relay();
  Relay(const Relay&) = delete;
  Relay& operator=(const Relay&) = delete;

  // Starts polling the targets (and listening for those that listen). Call on the io thread
  // or before the io_context runs.
  void start();
  // Closes every listener and connection. Safe to call twice.
  void stop();

  // Faults on the direction from -> to (bytes `from` sends `to`, both channels, both
  // connections): cut (true) or heal (false); delay each chunk by `ms` (0: none).
  void set_cut(Sid from, Sid to, bool cut);
  void set_delay_ms(Sid from, Sid to, std::int32_t ms);

  const std::vector<RelayLink>& links() const;
  RelayStats stats() const;
  // The forwarding times kept since the last call (microseconds), handed over and cleared.
  std::vector<std::int64_t> take_latency_us();
  // Whether the relay listens for the link now (its target listens).
  bool listening(std::size_t link) const;

  struct Impl;  // relay.cpp (its connections reach it too)

 private:
  std::shared_ptr<Impl> impl_;
};

// A relay on an io thread of its own, for the headless commands: started at construction,
// stopped and joined at destruction. post() runs `f(relay)` on that thread.
class RelayThread {
 public:
  RelayThread(std::vector<RelayLink> links, Relay::Sink sink, RelayOptions opt = {});
  ~RelayThread();
  RelayThread(const RelayThread&) = delete;
  RelayThread& operator=(const RelayThread&) = delete;

  void post(std::function<void(Relay&)> f);
  RelayStats stats() const { return relay_.stats(); }
  std::vector<std::int64_t> take_latency_us() { return relay_.take_latency_us(); }

 private:
  boost::asio::io_context io_;
  Relay relay_;
  std::optional<boost::asio::executor_work_guard<boost::asio::io_context::executor_type>> work_;
  std::thread thread_;
};

// The TCP ports in LISTEN state on this machine (/proc/net/tcp and /proc/net/tcp6: Java
// listens as [::ffff:127.0.0.1]).
std::vector<std::uint16_t> listening_ports();

}  // namespace zs::live

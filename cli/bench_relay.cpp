#include "bench_relay.hpp"

#include <CLI/CLI.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/read.hpp>
#include <boost/asio/write.hpp>
#include <fmt/format.h>

#include <algorithm>
#include <chrono>
#include <map>
#include <mutex>
#include <thread>
#include <vector>

#include "attach/wire_client_handle.hpp"
#include "bench_util.hpp"
#include "live_util.hpp"
#include "live/ensemble.hpp"
#include "live/relay.hpp"
#include "live/tracker.hpp"
#include "wire/four_letter.hpp"
#include "wire/jute.hpp"
#include "wire/peer_codec.hpp"

namespace zs::cli {
namespace {

using bench::Clock;
using bench::fixed;

double pct(std::vector<std::int64_t> v, double p) {
  if (v.empty()) return 0;
  std::sort(v.begin(), v.end());
  const auto i = static_cast<std::size_t>(p * static_cast<double>(v.size() - 1) + 0.5);
  return static_cast<double>(v[std::min(i, v.size() - 1)]);
}

// The leader's side of a broadcast as bytes: PROPOSAL (a create of ~`data` bytes with its
// digest) and COMMIT, `n` times; what a relay decodes on a leader -> follower connection.
std::string broadcast_stream(int n, std::size_t data) {
  std::string bytes;
  for (int i = 1; i <= n; ++i) {
    wire::TxnRecord t;
    t.client_id = 0x100000a1b2c0000;
    t.cxid = i;
    t.zxid = Zxid::make(1, i).raw();
    t.time = 1765000000000 + i;
    t.type = 1;
    t.path = fmt::format("/zooscope-bench/n-{:010}", i);
    t.data = std::string(data, 'x');
    t.acl = open_acl_unsafe();
    t.version = i;
    t.digest = 1371985504 + i;
    t.digest_version = 2;
    bytes += wire::encode_quorum_record(wire::QuorumRecord{2, t.zxid, wire::encode_txn(t), std::nullopt});
    bytes += wire::encode_quorum_record(wire::QuorumRecord{4, t.zxid, std::nullopt, std::nullopt});
  }
  return bytes;
}

}  // namespace

int run_bench_relay(int argc, char** argv, std::ostream& out, std::ostream& err) {
  CLI::App app{"Measure the live relay (docs/PERFORMANCE.md): its decoders on a broadcast stream (one core), and "
               "with real ZooKeeper servers behind it, the time it adds to each forwarded chunk while a pipelined "
               "client writes as fast as the ensemble accepts, with every packet counted. Example:\n"
               "  zooscope bench relay --servers 3 --writes 20000 --window 200",
               "zooscope bench relay"};
  app.set_help_flag("-h,--help", "Print this help and exit");
  int servers = 3;
  int writes = 20000;
  int window = 200;
  int decode_packets = 200000;
  bool decode_only = false;
  app.add_option("--servers", servers, "Real servers behind the relay (1-9)")->check(CLI::Range(1, live::kMaxLiveServers));
  app.add_option("--writes", writes, "Creates the pipelined client sends")->check(CLI::Range(1, 1000000));
  app.add_option("--window", window, "Creates in flight at once")->check(CLI::Range(1, 10000));
  app.add_option("--decode-packets", decode_packets, "PROPOSAL+COMMIT pairs in the decoder benchmark")->check(CLI::Range(1000, 10000000));
  app.add_flag("--decode-only", decode_only, "Only the decoder and loopback benchmarks (no real servers)");
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    return app.exit(e, out, err);
  }

  // 1. Decoders on one core: a broadcast stream fed in 64 KiB reads, each PROPOSAL's txn decoded.
  {
    const std::string stream = broadcast_stream(decode_packets, 100);
    std::vector<double> rates;
    std::uint64_t packets = 0;
    for (int run = 0; run < 5; ++run) {
      wire::QuorumStream q;
      packets = 0;
      std::uint64_t txns = 0;
      const auto t0 = Clock::now();
      for (std::size_t at = 0; at < stream.size(); at += 65536) {
        q.feed(std::string_view(stream).substr(at, 65536));
        while (true) {
          auto next = q.next();
          if (!next.ok() || !next.value()) break;
          ++packets;
          const auto& rec = std::get<wire::QuorumRecord>(*next.value());
          if (rec.type == 2 && rec.data && wire::decode_txn(*rec.data).ok()) ++txns;
        }
      }
      const double s = bench::seconds_since(t0);
      if (packets != 2ull * static_cast<std::uint64_t>(decode_packets) || txns != static_cast<std::uint64_t>(decode_packets)) {
        err << "zooscope bench relay: the decoder lost packets (" << packets << " of " << 2 * decode_packets << ")\n";
        return 1;
      }
      rates.push_back(static_cast<double>(packets) / s);
    }
    std::sort(rates.begin(), rates.end());
    out << "decode: " << packets << " packets (" << stream.size() / 1024 << " KiB) per run, median "
        << fixed(rates[2] / 1e6, 2) << " M packets/s, " << fixed(rates[2] * static_cast<double>(stream.size()) /
                                                                       static_cast<double>(packets) / (1 << 20), 0)
        << " MiB/s (5 runs: " << fixed(rates.front() / 1e6, 2) << "-" << fixed(rates.back() / 1e6, 2) << ")\n";
  }
  // 2. The relay alone, no JVM: ping-pong of a 28-byte packet between two sockets of this
  // process through one relay link, one message in flight.
  {
    namespace asio = boost::asio;
    using tcp = asio::ip::tcp;
    auto ports = live::pick_free_ports(2);
    if (!ports.ok()) {
      err << "zooscope bench relay: " << ports.error().to_string() << "\n";
      return 1;
    }
    asio::io_context io;
    tcp::acceptor target(io, tcp::endpoint(asio::ip::address_v4::loopback(), ports.value()[0]));
    live::RelayOptions lopt;
    lopt.latency_samples = 1'000'000;
    live::RelayThread relay({live::RelayLink{1, 2, Channel::Quorum, ports.value()[1], ports.value()[0], ""}},
                            [](const live::RelayEvent&) {}, lopt);
    tcp::socket opener(io);
    boost::system::error_code ec;
    for (int i = 0; i < 200; ++i) {  // the relay listens once its poll saw the target
      opener.connect(tcp::endpoint(asio::ip::address_v4::loopback(), ports.value()[1]), ec);
      if (!ec) break;
      opener.close();
      std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
    if (ec) {
      err << "zooscope bench relay: cannot connect through the relay: " << ec.message() << "\n";
      return 1;
    }
    tcp::socket far = target.accept();
    opener.set_option(tcp::no_delay(true));
    far.set_option(tcp::no_delay(true));
    const std::string ack = wire::encode_quorum_record(wire::QuorumRecord{3, Zxid::make(1, 1).raw(), std::nullopt, std::nullopt});
    std::string buf(ack.size(), '\0');
    constexpr int kRounds = 20000;
    (void)relay.take_latency_us();
    const auto t0 = Clock::now();
    for (int i = 0; i < kRounds; ++i) {
      asio::write(opener, asio::buffer(ack));
      asio::read(far, asio::buffer(buf));
      asio::write(far, asio::buffer(ack));
      asio::read(opener, asio::buffer(buf));
    }
    const double secs = bench::seconds_since(t0);
    const std::vector<std::int64_t> lat = relay.take_latency_us();
    out << fmt::format("loopback: {} round trips through one relay link in {} s ({} us each), added time per "
                       "message p50 {} us, p99 {} us, max {} us\n",
                       kRounds, fixed(secs, 2), fixed(secs * 1e6 / kRounds, 1), fixed(pct(lat, 0.50), 0),
                       fixed(pct(lat, 0.99), 0), fixed(pct(lat, 1.0), 0));
  }
  if (decode_only) return 0;

  // 2. Real servers behind the relay, a pipelined writer on a follower.
  live::LiveOptions opt;
  opt.servers = servers;
  opt.admin_server = false;
  auto created = live::LiveEnsemble::create(opt);
  if (!created.ok()) {
    err << "zooscope bench relay: " << created.error().to_string() << "\n";
    return 2;
  }
  auto& ens = *created.value();
  std::mutex mu;
  live::Tracker tracker(servers);
  std::map<std::pair<Sid, Sid>, std::uint64_t> proposals, commits;  // (leader, learner)
  live::RelayOptions ropt;
  ropt.latency_samples = 4'000'000;
  live::RelayThread relay(
      ens.links(),
      [&](const live::RelayEvent& e) {
        std::lock_guard lock(mu);
        tracker.on(e);
        if (const auto* q = std::get_if<wire::QuorumRecord>(&e.item); q && !e.forward) {
          if (q->type == 2) ++proposals[{e.to, e.from}];
          if (q->type == 4) ++commits[{e.to, e.from}];
        }
      },
      ropt);
  auto finish = [&](int rc) {
    ens.kill_all();
    return rc;
  };
  for (Sid s = 1; s <= servers; ++s) {
    if (auto pid = ens.start(s); !pid.ok()) {
      err << "zooscope bench relay: " << pid.error().to_string() << "\n";
      return finish(1);
    }
  }
  // Serving: every server answers srvr with a mode, one of them leader.
  Sid leader = 0;
  const auto ready_by = Clock::now() + std::chrono::seconds(60);
  while (Clock::now() < ready_by && leader == 0) {
    std::this_thread::sleep_for(std::chrono::milliseconds(200));
    int serving = 0;
    Sid l = 0;
    for (Sid s = 1; s <= servers; ++s) {
      const SrvrLine a = ask_srvr(ens.server(s).client_port, 2000);
      if (!a.ok) break;
      ++serving;
      if (a.answer.mode == wire::ServerMode::Leader || a.answer.mode == wire::ServerMode::Standalone) l = s;
    }
    if (serving == servers) leader = l;
  }
  if (leader == 0) {
    err << "zooscope bench relay: the ensemble did not serve within 60 s\n";
    return finish(1);
  }
  const Sid via = leader == 1 ? std::min<Sid>(2, servers) : 1;
  const Zxid zxid0 = ask_srvr(ens.server(leader).client_port).answer.zxid;
  attach::WireClientHandle writer;
  writer.connect("127.0.0.1:" + std::to_string(ens.server(via).client_port), 30000, false);
  const auto conn_by = Clock::now() + std::chrono::seconds(10);
  while (Clock::now() < conn_by && writer.state() != console::HandleState::Connected) {
    while (writer.poll()) {
    }
    writer.wait_for_event(std::chrono::milliseconds(20));
  }
  if (writer.state() != console::HandleState::Connected) {
    err << "zooscope bench relay: cannot connect to server." << via << "\n";
    return finish(1);
  }
  auto submit_create = [&](const std::string& path) {
    CreateRequest c;
    c.path = path;
    c.data = std::string(100, 'x');
    c.acl = open_acl_unsafe();
    return writer.submit(WriteRequest{c});
  };
  // The parent, then the writes.
  std::int32_t parent_xid = submit_create("/zooscope-bench");
  bool parent_done = false;
  while (!parent_done && writer.wait_for_event(std::chrono::seconds(10))) {
    while (auto e = writer.poll())
      if (auto* r = std::get_if<console::HandleReply>(&*e); r && r->xid == parent_xid) parent_done = true;
  }
  (void)relay.take_latency_us();
  {
    std::lock_guard lock(mu);
    proposals.clear();
    commits.clear();
  }
  int sent = 0, done = 0, failed = 0;
  const auto t0 = Clock::now();
  while (done < writes && bench::seconds_since(t0) < 300) {
    while (sent < writes && sent - done < window) submit_create(fmt::format("/zooscope-bench/n-{:010}", sent++));
    writer.wait_for_event(std::chrono::milliseconds(100));
    while (auto e = writer.poll()) {
      if (auto* r = std::get_if<console::HandleReply>(&*e)) {
        ++done;
        if (r->err != Code::Ok) ++failed;
      }
    }
  }
  const double secs = bench::seconds_since(t0);
  std::this_thread::sleep_for(std::chrono::milliseconds(500));  // the last COMMITs to the other learners
  const std::vector<std::int64_t> lat = relay.take_latency_us();
  const SrvrLine zxid1 = ask_srvr(ens.server(leader).client_port);
  const live::RelayStats st = relay.stats();
  out << fmt::format("writes: {} creates of 100 bytes through server.{} (leader server.{}), window {}: {} done, {} failed "
                     "in {} s = {} writes/s\n",
                     writes, via, leader, window, done, failed, fixed(secs, 2), bench::per_second(done, secs));
  out << fmt::format("relay: {} forwarded chunks during the writes, added time p50 {} us, p99 {} us, max {} us\n",
                     lat.size(), fixed(pct(lat, 0.50), 0), fixed(pct(lat, 0.99), 0), fixed(pct(lat, 1.0), 0));
  int rc = done == writes && failed == 0 ? 0 : 1;
  {
    std::lock_guard lock(mu);
    for (Sid s = 1; s <= servers; ++s) {
      if (s == leader) continue;
      const std::uint64_t p = proposals[{leader, s}], c = commits[{leader, s}];
      out << fmt::format("decoded to server.{}: {} PROPOSALs, {} COMMITs\n", s, p, c);
      if (p != static_cast<std::uint64_t>(writes) || c != static_cast<std::uint64_t>(writes)) rc = 1;
    }
  }
  if (zxid1.ok) {
    const std::int64_t delta = zxid1.answer.zxid.counter() - zxid0.counter();
    // The writer's session and the parent are transactions too.
    out << fmt::format("leader's srvr: zxid 0x{} -> 0x{} ({} txns: {} creates + the session and the parent)\n",
                       hex(zxid0), hex(zxid1.answer.zxid), delta, writes);
    if (delta != writes + 2) rc = 1;
  }
  out << fmt::format("streams: {} connections, {} messages decoded, {} undecodable\n", st.connections, st.items,
                     st.decode_errors);
  if (st.decode_errors != 0) rc = 1;
  return finish(rc);
}

}  // namespace zs::cli

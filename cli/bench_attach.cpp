#include "bench_attach.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <chrono>
#include <thread>
#include <vector>

#include "attach/monitor.hpp"
#include "attach/wire_client_handle.hpp"
#include "bench_util.hpp"
#include "parse_args.hpp"
#include "wire/connect_string.hpp"

namespace zs::cli {
namespace {

using bench::Clock;
using bench::fixed;
using bench::seconds_since;

double percentile(std::vector<double> v, double p) {
  if (v.empty()) return 0;
  std::sort(v.begin(), v.end());
  const auto i = static_cast<std::size_t>(p * static_cast<double>(v.size() - 1) + 0.5);
  return v[std::min(i, v.size() - 1)];
}

// Waits for the handle's reply to `xid` (bounded); its error code, or nullopt on timeout.
std::optional<Code> await_reply(attach::WireClientHandle& h, std::int32_t xid, std::chrono::milliseconds limit) {
  const auto end = Clock::now() + limit;
  while (Clock::now() < end) {
    while (auto e = h.poll()) {
      if (auto* r = std::get_if<console::HandleReply>(&*e); r != nullptr && r->xid == xid) return r->err;
    }
    h.wait_for_event(std::chrono::milliseconds(20));
  }
  return std::nullopt;
}

bool await_connected(attach::WireClientHandle& h, std::chrono::milliseconds limit) {
  const auto end = Clock::now() + limit;
  while (Clock::now() < end && h.state() != console::HandleState::Connected) {
    while (h.poll()) {
    }
    h.wait_for_event(std::chrono::milliseconds(20));
  }
  return h.state() == console::HandleState::Connected;
}

}  // namespace

int run_bench_attach(int argc, char** argv, std::ostream& out, std::ostream& err) {
  CLI::App app{"Measure the attach layer against a running ensemble: how long the tree takes to load, how soon "
               "a write by another client shows in the attached model, and what the polling costs the servers. "
               "It writes only under /zooscope-bench. Example:\n"
               "  zooscope bench attach 127.0.0.1:2181,127.0.0.1:2182,127.0.0.1:2183 --loads 5 --writes 200",
               "zooscope bench attach"};
  app.set_help_flag("-h,--help", "Print this help and exit");
  std::string hosts_text;
  int loads = 3;
  int writes = 200;
  std::string write_via;
  app.add_option("hosts", hosts_text, "Connect string of the ensemble to attach to")->required();
  app.add_option("--loads", loads, "Times to attach afresh and load the whole tree")->check(CLI::Range(0, 100));
  app.add_option("--writes", writes, "Writes whose arrival in the model is timed")->check(CLI::Range(0, 100000));
  app.add_option("--write-via", write_via, "host:port the writes go to (default: the last server of HOSTS)");
  if (auto rc = parse_or_exit(app, argc, argv, "bench attach", out, err)) return *rc;
  auto hosts = wire::parse_connect_string(hosts_text);
  if (!hosts) {
    err << "zooscope bench attach: " << hosts.error().to_string() << "\n";
    return 2;
  }
  attach::MonitorOptions options;
  options.hosts = hosts.value();

  // 1. Loads: a new monitor each time, until its session has the whole tree.
  std::vector<double> load_s;
  std::vector<double> session_load_ms;
  std::size_t znodes = 0;
  std::uint64_t requests = 0;
  for (int i = 0; i < loads; ++i) {
    const auto t0 = Clock::now();
    attach::Monitor m(options);
    if (!m.wait_settled(std::chrono::minutes(5)) || !m.observation()->tree_loaded) {
      err << "zooscope bench attach: the tree did not load within 5 minutes\n";
      return 1;
    }
    load_s.push_back(seconds_since(t0));
    const auto o = m.observation();
    session_load_ms.push_back(static_cast<double>(o->tree_load_ms));
    znodes = o->tree->node_count();
    requests = o->tree_requests;
  }
  if (loads > 0) {
    out << fmt::format("load: {} znodes (srvr's count), {} reads; attach to whole tree min {} / median {} / max {} s; "
                       "the session's load alone median {} ms\n",
                       znodes, requests, fixed(percentile(load_s, 0), 3), fixed(percentile(load_s, 0.5), 3),
                       fixed(percentile(load_s, 1), 3), fixed(percentile(session_load_ms, 0.5), 0));
  }

  // 2. Change latency: a write by another client (its own session, to another server) until
  // the attached model shows the new data.
  if (writes > 0) {
    attach::Monitor m(options);
    if (!m.wait_settled(std::chrono::minutes(5)) || !m.observation()->tree_loaded) {
      err << "zooscope bench attach: the tree did not load within 5 minutes\n";
      return 1;
    }
    const std::string via = write_via.empty() ? hosts.value().hosts.back().text() : write_via;
    attach::WireClientHandle writer;
    writer.connect(via, 30000, false);
    if (!await_connected(writer, std::chrono::seconds(10))) {
      err << "zooscope bench attach: the writer could not connect to " << via << "\n";
      return 1;
    }
    const std::string path = "/zooscope-bench";
    CreateRequest c;
    c.path = path;
    c.acl = open_acl_unsafe();
    const auto created = await_reply(writer, writer.submit(WriteRequest{c}), std::chrono::seconds(10));
    if (!created || (*created != Code::Ok && *created != Code::NodeExists)) {
      err << "zooscope bench attach: cannot create " << path << "\n";
      return 1;
    }
    std::vector<double> latency_ms;
    int lost = 0;
    const auto run0 = Clock::now();
    const std::uint64_t fetches0 = m.observation()->fetches;
    for (int i = 0; i < writes; ++i) {
      const std::string data = fmt::format("bench {}", i);
      const auto t0 = Clock::now();
      writer.submit(WriteRequest{SetDataRequest{path, data, -1}});
      bool seen = false;
      std::uint64_t serial = 0;
      while (!seen && Clock::now() - t0 < std::chrono::seconds(5)) {
        const auto o = m.observation();
        serial = o->serial;
        if (o->tree) {
          const auto d = o->tree->get_data(path);
          seen = d && d->data == data;
        }
        if (!seen) m.wait_change(serial, std::chrono::milliseconds(50));
      }
      while (writer.poll()) {
      }
      if (!seen) {
        ++lost;
        continue;
      }
      latency_ms.push_back(std::chrono::duration<double, std::milli>(Clock::now() - t0).count());
    }
    const double secs = seconds_since(run0);
    const auto fetches = m.observation()->fetches - fetches0;
    out << fmt::format("change latency ({} writes via {}, seen in the model): p50 {} ms, p99 {} ms, max {} ms{}\n",
                       latency_ms.size(), via, fixed(percentile(latency_ms, 0.5), 1),
                       fixed(percentile(latency_ms, 0.99), 1), fixed(percentile(latency_ms, 1), 1),
                       lost > 0 ? fmt::format(" ({} not seen within 5 s)", lost) : "");
    out << fmt::format("polling: {} four-letter-word connections in {} s = {} per second for {} servers at the "
                       "default refresh ({} ms), i.e. {} per server per second\n",
                       fetches, fixed(secs, 1), fixed(static_cast<double>(fetches) / secs, 2),
                       hosts.value().hosts.size(), options.refresh_ms,
                       fixed(static_cast<double>(fetches) / secs / static_cast<double>(hosts.value().hosts.size()), 2));
    writer.close();
  }
  return 0;
}

}  // namespace zs::cli

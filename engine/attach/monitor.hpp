// The attach monitor: watches a real ZooKeeper ensemble from outside and keeps what it sees
// for the views and for `zooscope attach`.
//
// Every refresh period it asks each server of the connect string `srvr` (always whitelisted),
// then `mntr`, `conf` (once), `cons` and `wchs` unless the server refused them; one client
// session over the whole connect string loads the znode tree with pipelined reads and keeps
// it current through its watch (tree_mirror.hpp). All of it runs on the monitor's own thread
// (one Boost.Asio io_context); callers only ever take a finished Observation, so a window
// never waits on the network.
#pragma once

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <deque>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "attach/observation.hpp"
#include "attach/recording.hpp"
#include "console/client_handle.hpp"
#include "data/data_tree.hpp"
#include "wire/connect_string.hpp"

namespace zs::attach {

struct MonitorOptions {
  wire::ConnectString hosts;
  std::optional<wire::AuthSpec> auth;
  std::int32_t refresh_ms = 1000;   // between two polls of the four-letter words
  std::int32_t timeout_ms = 3000;   // one fetch, one connect: a server silent longer is "timeout"
  std::int32_t session_timeout_ms = 30000;
  bool load_tree = true;            // false: four-letter words only, no client session
  // Ports where each host's AdminServer may listen (ZooKeeper's default 8080; a pseudo-cluster
  // on one machine gives each server its own). An AdminServer found there is matched to its
  // server by the client address its `zabstate` names. Empty: no AdminServer is asked.
  std::vector<std::uint16_t> admin_ports{8080};
  // The recorded history of changes keeps at most this many bytes; older changes are
  // dropped first and Observation::history_from_ms says how far back it reaches.
  std::size_t history_budget_bytes = std::size_t{512} << 20;
};

// One look at the ensemble, as of `taken_ms`.
struct Observation {
  std::int64_t started_ms = 0;  // wall clock when the monitor started
  std::int64_t taken_ms = 0;
  std::uint64_t serial = 0;     // one more with every observation published
  std::vector<ServerRow> rows;  // one per server of the connect string, in its order
  int leader = -1;              // the row that says it leads
  std::uint64_t polls = 0;      // complete polls of every server so far
  std::uint64_t fetches = 0;    // four-letter words asked so far (one connection each)
  std::size_t admin_pending = 0;  // AdminServers asked and not answered yet

  // The monitor's own session (the tree's reader).
  console::HandleState session_state = console::HandleState::Connecting;
  std::string session_host;     // the server it is connected to (or tries)
  std::int64_t session_id = 0;
  std::string session_error;    // the last reason it lost or could not make a connection

  std::shared_ptr<const DataTree> tree;  // as the session last read it (nullptr: never)
  bool tree_loaded = false;              // the newest load has every answer
  bool acls_loaded = false;              // ... and the ACLs of its nodes (a second pass)
  bool persistent_watch = false;         // kept current by addWatch (else one-shot watches)
  std::int64_t tree_load_ms = -1;        // how long the last complete load took
  std::uint64_t tree_requests = 0;       // reads sent by the session so far

  std::int64_t history_from_ms = 0;      // the oldest change still recorded
  std::size_t history_bytes = 0;         // what the record takes (at most the budget)
  std::uint64_t events = 0;              // changes recorded so far (events_since cursors)

  RecordingStatus recording;             // the file this attach is written to, if any
};

class Monitor {
 public:
  explicit Monitor(MonitorOptions options);
  ~Monitor();  // stops the thread; closes the session without waiting for the server
  Monitor(const Monitor&) = delete;
  Monitor& operator=(const Monitor&) = delete;

  // The newest observation (never nullptr; the first one has every row Waiting).
  std::shared_ptr<const Observation> observation() const;
  // Changes recorded after `cursor` (an Observation::events value, or a previous return's
  // end); `cursor` moves past them. Changes dropped by the history budget are skipped.
  std::vector<ObservedEvent> events_since(std::uint64_t& cursor) const;
  // Waits until every server was polled once and the tree is loaded (or there is no session
  // to load it: no server serves), at most `limit`. True when settled.
  bool wait_settled(std::chrono::milliseconds limit) const;
  // Waits until an observation newer than `serial` is published or `limit` passes.
  void wait_change(std::uint64_t serial, std::chrono::milliseconds limit) const;

  // Starts writing what the monitor receives to a recording at `path` (attach/recording.hpp);
  // a recording already being written is closed first. The error names the file and why it
  // cannot be written. A recording started after the attach begins with each server's last
  // answers, so it opens with the rows as they were.
  std::optional<Error> record(const std::string& path);
  // Closes the recording (its end line), if one is being written.
  void stop_recording();

  const MonitorOptions& options() const { return options_; }

 private:
  struct Impl;
  MonitorOptions options_;
  std::unique_ptr<Impl> impl_;
};

// Wall clock in ms since 1970 (the monitor's times, the attached timeline).
std::int64_t wall_ms();

}  // namespace zs::attach

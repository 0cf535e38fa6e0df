// The read-only model every view draws, built once per frame by the driver (today the
// simulator; later the attach layer). Views never reach into the engine: what they need is
// copied here, or pointed to as plain data (a DataTree, the trace) valid for this frame.
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "console/console.hpp"
#include "data/data_tree.hpp"
#include "data/watch_manager.hpp"
#include "sim/simulator.hpp"  // PeerSnapshot, InFlightMessage, LinkParams
#include "trace/trace.hpp"
#include "trace/trace_log.hpp"

namespace zs::gui {

// One zkCli console on a server (the console view draws it).
struct ConsoleModel {
  Sid sid = 0;
  std::string prompt;  // "[zk: 127.0.0.1:2181(CONNECTED) 3] "
  bool busy = false;   // a line is queued or running
  const std::vector<console::TranscriptEntry>* transcript = nullptr;
  const std::map<int, std::string>* history = nullptr;
};

struct ClusterView {
  Ms now = 0;                          // virtual time of the snapshot
  std::uint64_t events_processed = 0;
  std::vector<PeerSnapshot> peers;     // one per server, in sid order
  std::optional<Sid> stable_leader;    // the leader a quorum follows, if any
  // The newest trace events, oldest first; recent_trace[i] is event recent_index[i], or
  // first_trace_index + i when recent_index is empty (no filter).
  std::span<const TraceEvent> recent_trace;
  std::span<const std::uint64_t> recent_index;
  std::uint64_t first_trace_index = 0;
  bool hide_pings = true;  // PINGs are left out of recent_trace (they drown the election)
  const TraceContext* trace_context = nullptr;  // non-null when recent_trace is not empty

  // The whole trace up to now (timeline, log), or nullptr (tests that build a model by hand).
  const TraceLog* trace = nullptr;
  // The furthest moment this run has reached (the scrub bar's end; after stepping back the
  // future is still there to step forward into).
  std::uint64_t furthest_event = 0;
  Ms furthest_ms = 0;

  // Messages on their way (env valid for this frame only) and the links between servers:
  // index [from_index * n + to_index] in peers order.
  std::vector<InFlightMessage> messages;
  std::vector<std::uint8_t> cut;
  std::vector<LinkParams> links;
  LinkParams default_link;

  // Each server's in-memory tree (nullptr while it is down), in peers order.
  std::vector<const DataTree*> trees;

  std::vector<ConsoleModel> consoles;  // one per server that has a console open
  Sid selected_server = 0;             // the server the tree and console show (0 = leader)

  // One sentence on what just happened, for the status bar and presenter mode.
  std::string last_happening;

  // What-if branches: futures left behind when a hand action forked the run.
  std::size_t branches = 0;
  std::uint64_t seed = 1;

  // Driver state the controls show.
  bool paused = false;
  float speed = 1.0f;  // virtual ms per real ms
  bool presenter = false;
  float ui_scale = 1.0f;

  // ---- the tree and console tabs (filled by fill_tree_model, gui/model_tree.cpp) ----------
  // Each server's watches (nullptr while it is down), in peers order, like `trees`.
  std::vector<const WatchManager*> watches;
  // Changes whenever the driver made its consoles anew (a new run, a rewind, a branch), so
  // views caching a transcript know its entries may have been rewritten.
  std::uint64_t console_generation = 0;

  int index_of(Sid sid) const {
    for (std::size_t i = 0; i < peers.size(); ++i)
      if (peers[i].sid == sid) return static_cast<int>(i);
    return -1;
  }
};

}  // namespace zs::gui

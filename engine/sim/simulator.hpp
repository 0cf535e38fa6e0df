// The deterministic simulator: virtual time in ms, one event queue, one seeded PRNG, no
// threads and no wall clock. Same config + options + seed -> byte-identical trace.
#pragma once

#include <cstdint>
#include <deque>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "config/config.hpp"
#include "core/chunked_store.hpp"
#include "data/prep.hpp"
#include "peer/payloads.hpp"
#include "core/prng.hpp"
#include "core/types.hpp"
#include "core/messages.hpp"
#include "trace/trace.hpp"
#include "trace/trace_log.hpp"
#include "trace/cluster_state.hpp"

namespace zs {

class QuorumPeer;
class Roster;
class PayloadStore;
struct Outbox;

struct SimOptions {
  std::uint64_t seed = 1;
  LinkParams link;
  // Rewind cost: at most this many replays, or more once the servers hold large trees and
  // logs (a checkpoint is then taken every C/32 events for a state that costs C bytes to
  // copy, so copying stays O(1) per event; large checkpoints are thinned out with age).
  std::uint32_t checkpoint_every_events = 1024;
  // The servers' wall clock at virtual time 0 (ms since 1970, UTC): 2026-11-23 00:00:00.
  // Znode ctime/mtime and txn times read it; nothing reads the host's clock.
  Ms wall_clock_origin_ms = 1795392000000;
  bool trace = true;
};

// A scripted fault or preset at a virtual time.
struct ScheduledAction {
  enum class Kind : std::uint8_t { Start, Crash, Restart, Partition, HealAll, CutLink, HealLink, SetLoss, Write,
                                   Client, ClientAuth, ClientKill };
  Kind kind = Kind::Start;
  Ms at = 0;
  Sid sid = 0;                   // Start/Crash/Restart; CutLink/HealLink source
  Sid target = 0;                // CutLink/HealLink target
  std::vector<std::vector<Sid>> groups;  // Partition: links between groups are cut
  Ratio loss{0, 1};                      // SetLoss
  // Write: a client connected to `sid` sends this request (session 0 = the simulator's
  // own test client; cxids count up per run).
  std::int64_t session_id = 0;
  WriteRequest request;
  // Client: client number `client` makes a call. A ConnectRequest (re)starts the handle,
  // connecting first to `sid`; anything else goes to the server it is connected to.
  // ClientAuth: addauth `scheme` `credentials` on that handle: the server's provider
  // decides; on success the id is kept with its connection, on failure the server closes the
  // connection for good. The answer goes to the handle's reply channel only (not traced).
  // ClientKill: the client process dies: its connection closes, its session lives on at
  // the leader until it expires.
  std::int32_t client = 0;
  ClientCall call;
  std::string scheme;
  std::string credentials;
  bool null_credentials = false;  // ClientAuth: Java's null auth bytes (addauth digest alone)
  // Client with a ConnectRequest: the servers of the connect string, in its order; the handle
  // only ever tries these (ClientCnxn's HostProvider). Empty: every server, from `sid` on.
  std::vector<Sid> servers;
};

// What most faults and presets need: `kind` for server `sid` at virtual time `at`.
inline ScheduledAction server_action(ScheduledAction::Kind kind, Sid sid, Ms at) {
  ScheduledAction a;
  a.kind = kind;
  a.sid = sid;
  a.at = at;
  return a;
}

// A ZooKeeper client handle as the simulator runs it: its connect string is the servers its
// connect call lists (every server, starting with the one named, when it lists none); after a
// disconnect it tries the next one of those 1 s later (the same one when it has only one),
// re-attaching its session, until it is connected, expired or closed.
// zooscope's simplification: a connected client's pings always reach its server, and the
// client-server link is never cut (faults act on the servers and the links between them).
struct ClientView {
  bool exists = false;
  Sid server = 0;            // connected to, or trying
  SessionState state = SessionState::Disconnected;
  std::int64_t session_id = 0;
  std::int32_t timeout_ms = 0;  // negotiated
  Zxid last_zxid_seen{};
  std::int32_t requested_timeout_ms = 0;  // what its connect asked for (zkCli's -timeout)
  // Its connection closed for good while its session lived (ClientKill, a failed addauth):
  // no more reconnects; the session lives on at the leader until it expires.
  bool dropped = false;
  // The session it holds or held last (session_id is 0 once Expired or Closed).
  std::int64_t last_session_id = 0;
};

// One thing the simulator tells a client handle through its reply channel: an answer
// (ClientOp, Completed), a session change (ClientSession) or a watch (WatchFired), in the
// order they happened. The same records the trace holds (plus the answer to addauth, which
// is not traced), kept whether or not tracing is on.
struct ClientNotice {
  std::variant<ClientOp, ClientSession, WatchFired> body;
  Ms at = 0;
  ClientResult result;  // ClientOp: the reply body; WatchFired: its path in result.path
};

class Simulator {
 public:
  Simulator(config::EnsembleConfig config, SimOptions options);
  ~Simulator();
  Simulator(const Simulator&) = delete;
  Simulator& operator=(const Simulator&) = delete;

  // Setup (before or during a run).
  void preset_zxid(Sid sid, Zxid zxid);  // a server's last logged zxid (persisted)
  void schedule(const ScheduledAction& action);
  void set_link(Sid source, Sid target, const LinkParams& params);

  // Stepping.
  // One event; false when nothing is left to do, or when the next event is later than
  // `limit` (superseded timers before it are discarded, as they are not events).
  bool step(Ms limit = kNever);
  void run_until(Ms t);
  // Runs until pred() holds (checked after every event) or time passes `limit`.
  bool run_until(const std::function<bool(const Simulator&)>& pred, Ms limit);
  // Goes to the moment just after event `index` was processed (0 = before any event),
  // backwards through checkpoints or forwards by stepping.
  void seek(std::uint64_t index);
  // Checkpoints held (each a copy of the whole state): one per stretch of events run, never
  // more for running the same stretch again after a seek back.
  std::size_t checkpoint_count() const;
  // What the checkpoints hold (where a big run's memory goes): znodes in their servers' data
  // trees, all checkpoints and servers summed, and the same count for the servers running now;
  // and how many chunks of znodes all those trees keep between them (each kept once however
  // many trees share it), with the bytes of their entries (strings' heap parts not counted).
  struct CheckpointTrees {
    std::size_t checkpoints = 0;
    std::size_t checkpoint_znodes = 0;
    std::size_t live_znodes = 0;
    std::size_t distinct_chunks = 0;
    std::size_t chunk_bytes = 0;
  };
  CheckpointTrees checkpoint_trees() const;

  Ms now() const;
  // When the next queued event happens (kNever when nothing is queued).
  Ms next_event_time() const;
  std::uint64_t events_processed() const;  // index of the current moment
  std::uint64_t messages_delivered() const;

  const config::EnsembleConfig& config() const;
  const SimOptions& options() const { return options_; }
  // Turns tracing off or on from now on. Untraced events are missing from the timeline (for
  // building large states quickly, benchmarks); consoles hear their handles through the reply
  // channels, traced or not. Kept with the event it was given at, also when a hand action
  // forks the run: a replay after a seek back traces exactly the events that were traced
  // (options().trace stays the setting the run started with).
  void set_tracing(bool on);
  const TraceLog& trace() const;
  const TraceContext& trace_context() const;
  std::vector<PeerSnapshot> snapshot() const;  // one per server, in sid order
  PeerSnapshot peer(Sid sid) const;
  // The leader a quorum of running voters follows over links that are not cut, if there is
  // exactly one such.
  std::optional<Sid> stable_leader() const;

  // For the GUI and tests that look inside a server (votes received, synced learners).
  const Roster& roster() const;
  const QuorumPeer* peer_object(Sid sid) const;  // nullptr when down
  const PayloadStore& payloads() const { return *payloads_; }
  ClientView client(std::int32_t index) const;
  // Client numbers in use are below this (some may never have connected).
  std::int32_t client_count() const;
  // The reply channel of client `index`: once opened, every answer, session change and watch
  // event of that client is queued for take_client_notice(), whether or not tracing is on.
  // Not rewound: seek() empties every channel and queues nothing from the events it passes
  // through, so a handle kept across a seek must be rebuilt (the Run rebuilds its consoles).
  void open_client_channel(std::int32_t index);
  void close_client_channel(std::int32_t index);
  std::optional<ClientNotice> take_client_notice(std::int32_t index);
  // Messages sent and not yet delivered or dropped, in no particular order.
  std::vector<InFlightMessage> in_flight() const;
  bool link_cut(Sid source, Sid target) const;
  LinkParams link(Sid source, Sid target) const;
  // The moment (event index, for seek) right after the event that recorded trace[i]; 0 for
  // events recorded while setting up.
  std::uint64_t event_of_trace(std::size_t trace_index) const;
  // The last event at or before virtual time t (0 = before any event); only events up to
  // now are known.
  std::uint64_t last_event_at_or_before(Ms t) const;
  // Trace size right after event `index` (index <= events_processed()).
  std::size_t trace_size_at(std::uint64_t index) const;

  struct QEvent;  // internal: one entry of the event queue

 private:
  struct World;
  struct Checkpoint;
  // A change made from outside (setup or a hand action), kept so a rewind replays it.
  struct Change {
    std::uint64_t at_event = 0;
    enum class Kind : std::uint8_t { Preset, Schedule, Link } kind = Kind::Schedule;
    std::uint32_t item = 0;  // Schedule: index into actions_; Link: into link_params_
    Sid sid = 0;
    Sid target = 0;
    Zxid zxid{};
  };
  // A scheduled action as kept for replays: what every kind uses, the request of a Write or
  // the call of a Client, and the rarely used rest boxed, so the many writes of a client
  // workload take a third of a ScheduledAction each.
  struct StoredAction {
    struct Rare {
      std::vector<std::vector<Sid>> groups;
      Ratio loss{0, 1};
      std::string scheme;
      std::string credentials;
      bool null_credentials = false;
      std::vector<Sid> servers;
    };
    explicit StoredAction(const ScheduledAction& a);
    ScheduledAction::Kind kind = ScheduledAction::Kind::Start;
    Ms at = 0;
    Sid sid = 0;
    Sid target = 0;
    std::int64_t session_id = 0;
    std::int32_t client = 0;
    ClientCall call;  // Write: its WriteRequest; Client: the call
    std::unique_ptr<const Rare> rare;  // Partition, SetLoss, ClientAuth
  };
  bool begin_change();  // false: still setting up the initial state
  void change(const Change& c);
  void apply_change(const Change& c);
  void replay_changes_at(std::uint64_t index);
  void retrace_at(std::uint64_t index);
  void take_checkpoint();
  void load_queue(std::vector<QEvent> events);  // events in pop order become the queue
  // Memory only, invisible to the run: running servers keep equal chunks of znodes once.
  void share_trees();
  void maybe_share_trees();
  std::size_t tree_chunks_made() const;
  void push(QEvent e);
  std::size_t record(const TraceBody& body);  // its trace index, or TraceLog::kNoRecord
  Ms draw_latency(const LinkParams& p);
  void route(const Envelope& env);
  void drain(int index, Outbox& out);
  bool deliver(const QEvent& e, Outbox& out);  // false: held in flight, not an event
  void apply_action(const StoredAction& a, Outbox& out);
  void crash(int index);
  void client_connect(std::int32_t index, Outbox& out);
  void client_event(const TraceBody& body);
  void tell_client(const TraceBody& body);  // into the client's reply channel, if open
  void drop_client(std::int32_t index, Outbox& out);  // its connection closes for good
  void client_auth(const StoredAction& a, Outbox& out);
  std::size_t state_cost() const;  // rough bytes of a checkpoint, what grows with the state
  void thin_checkpoints();
  void boot(int index, Outbox& out);

  config::EnsembleConfig config_;
  SimOptions options_;
  std::unique_ptr<Roster> roster_;
  TraceContext ctx_;
  std::unique_ptr<World> world_;
  std::unique_ptr<Outbox> outbox_;
  std::unique_ptr<PayloadStore> payloads_;  // shared by the peers; truncated on rewind
  TraceLog trace_;
  std::size_t next_change_ = 0;  // replay cursor into changes_ (sorted by at_event)
  std::vector<Checkpoint> checkpoints_;
  ChunkedStore<Change> changes_;
  // set_tracing calls: (event index, on), in index order.
  std::vector<std::pair<std::uint64_t, bool>> tracing_changes_;
  // Every action ever scheduled, append-only; an Action event in the queue holds its index.
  // Kept out of World so a checkpoint does not copy them all (a client workload schedules
  // one per write), and a replay re-queues the same entry. Chunked: appending neither moves
  // the entries nor invalidates a reference to one.
  ChunkedStore<StoredAction> actions_;
  ChunkedStore<LinkParams> link_params_;  // of Link changes, append-only likewise
  // trace_end_[k] = trace size right after event k+1; truncated with the trace on a rewind.
  ChunkedStore<std::uint32_t> trace_end_;
  ChunkedStore<Ms> event_at_;  // event_at_[k] = virtual time of event k+1; truncated likewise
  bool replaying_ = false;
  // Reply channels by client index (see open_client_channel). Outside World: a checkpoint
  // neither copies nor restores them.
  std::map<std::int32_t, std::deque<ClientNotice>> channels_;
  std::size_t chunks_made_at_share_ = 0;  // tree_chunks_made() when the trees last shared
  std::uint64_t next_cost_check_ = 0;  // no checkpoint before this event (state_cost is not free)
};

}  // namespace zs

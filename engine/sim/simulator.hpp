// The deterministic simulator: virtual time in ms, one event queue, one seeded PRNG, no
// threads and no wall clock. Same config + options + seed -> byte-identical trace.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <vector>

#include "config/config.hpp"
#include "data/prep.hpp"
#include "core/prng.hpp"
#include "core/types.hpp"
#include "core/messages.hpp"
#include "trace/trace.hpp"
#include "trace/trace_log.hpp"

namespace zs {

class QuorumPeer;
class Roster;
class PayloadStore;
struct Outbox;

// Delay and faults of one directed link (or the default for all links).
struct LinkParams {
  Ms latency_min_ms = 1;
  Ms latency_max_ms = 5;  // uniform in [min, max], drawn from the seeded PRNG
  Ratio loss{0, 1};
  Ratio duplicate{0, 1};
  bool reorder = false;  // false: FIFO per link (like TCP); true: latency alone decides
};

struct SimOptions {
  std::uint64_t seed = 1;
  LinkParams link;
  // Rewind cost: at most this many replays, or more once the servers hold large trees and
  // logs (a checkpoint is then taken every state-size/2 events, so copying stays O(1) per
  // event).
  std::uint32_t checkpoint_every_events = 1024;
  bool trace = true;
};

// A scripted fault or preset at a virtual time.
struct ScheduledAction {
  enum class Kind : std::uint8_t { Start, Crash, Restart, Partition, HealAll, CutLink, HealLink, SetLoss, Write };
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
};

// What a server looks like from outside, as `srvr` and the GUI show it.
struct PeerSnapshot {
  Sid sid = 0;
  bool up = false;
  PeerStatus status = PeerStatus::Down;
  LearnerType type = LearnerType::Participant;
  Sid leader = 0;  // 0 = none known
  Vote vote;       // current vote / proposal
  std::int64_t round = 0;
  std::int64_t accepted_epoch = 0;
  std::int64_t current_epoch = 0;
  Zxid last_processed_zxid{};
  ZabState zab = ZabState::Election;
  SyncMode sync = SyncMode::None;
  bool serving = false;  // leader started / learner got UPTODATE
  std::size_t znodes = 0;  // srvr "Node count" of its in-memory tree (0 when down)
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
  bool step();  // one event; false when nothing is left to do
  void run_until(Ms t);
  // Runs until pred() holds (checked after every event) or time passes `limit`.
  bool run_until(const std::function<bool(const Simulator&)>& pred, Ms limit);
  // Goes to the moment just after event `index` was processed (0 = before any event),
  // backwards through checkpoints or forwards by stepping.
  void seek(std::uint64_t index);

  Ms now() const;
  std::uint64_t events_processed() const;  // index of the current moment
  std::uint64_t messages_delivered() const;

  const config::EnsembleConfig& config() const;
  const SimOptions& options() const { return options_; }
  const TraceLog& trace() const;
  const TraceContext& trace_context() const;
  std::vector<PeerSnapshot> snapshot() const;  // one per server, in sid order
  PeerSnapshot peer(Sid sid) const;
  // The leader a quorum of running voters follows, if there is exactly one such.
  std::optional<Sid> stable_leader() const;

  // For the GUI and tests that look inside a server (votes received, synced learners).
  const Roster& roster() const;
  const QuorumPeer* peer_object(Sid sid) const;  // nullptr when down
  const PayloadStore& payloads() const { return *payloads_; }

  struct QEvent;  // internal: one entry of the event queue

 private:
  struct World;
  struct Checkpoint;
  // A change made from outside (setup or a hand action), kept so a rewind replays it.
  struct Change {
    std::uint64_t at_event = 0;
    enum class Kind : std::uint8_t { Preset, Schedule, Link } kind = Kind::Schedule;
    ScheduledAction action;
    Sid sid = 0;
    Zxid zxid{};
    Sid target = 0;
    LinkParams link;
  };
  bool begin_change();  // false: still setting up the initial state
  void change(const Change& c);
  void apply_change(const Change& c);
  void replay_changes_at(std::uint64_t index);
  void take_checkpoint();
  void push(QEvent e);
  void record(const TraceBody& body);
  Ms draw_latency(const LinkParams& p);
  void route(const Envelope& env);
  void drain(int index, Outbox& out);
  bool deliver(const QEvent& e, Outbox& out);  // false: held in flight, not an event
  void apply_action(const ScheduledAction& a, Outbox& out);
  void crash(int index);
  std::size_t state_cost() const;  // rough size of a checkpoint, in entries
  void boot(int index, Outbox& out);
  Ms next_event_time() const;

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
  std::vector<Change> changes_;
  bool replaying_ = false;
};

}  // namespace zs

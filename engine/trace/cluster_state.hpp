// What a cluster looks like from outside, as values: each server's state, the links between
// servers, messages on their way. The simulator produces them, and so will an attached or a
// live real ensemble; the window draws them (engine/view). Pure: no simulator, no clock.
#pragma once

#include <cstdint>
#include <string_view>

#include "core/messages.hpp"
#include "core/prng.hpp"
#include "core/types.hpp"
#include "trace/trace.hpp"

namespace zs {

// Delay and faults of one directed link (or the default for all links).
struct LinkParams {
  Ms latency_min_ms = 1;
  Ms latency_max_ms = 5;  // uniform in [min, max], drawn from the seeded PRNG
  Ratio loss{0, 1};
  Ratio duplicate{0, 1};
  bool reorder = false;  // false: FIFO per link (like TCP); true: latency alone decides
};

// A message on its way, as the GUI draws it (a copy: the envelope is a small trivially
// copyable value).
struct InFlightMessage {
  MessageId id = 0;
  Envelope env;
  Ms sent_at = 0;
  Ms arrive_at = 0;
  bool lost = false;  // will be dropped on arrival (loss drawn when it was sent)
};

// What a server looks like from outside, as `srvr` and the GUI show it.
// What a running server is waiting for now, with a deadline (the rings the window draws):
// - Finalize: LOOKING, a quorum agrees; finalizeWait (200 ms) for a better vote first;
// - Notifications: LOOKING, the poll for the next notification (its timeout doubles on
//   silence up to maxNotificationInterval) before it re-sends its vote;
// - LeaderSilence: a learner's read timeout on its leader: initLimit ticks while it
//   connects and syncs, syncLimit ticks once it got NEWLEADER (reset by every packet);
// - LeaderRetry: a learner's next connect attempt (Learner.connectToLeader, 100 ms apart);
// - LearnerQuorum: a leader's initLimit wait for a quorum of FOLLOWERINFO / ACKEPOCH /
//   NEWLEADER ACKs in discovery and sync;
// - SyncedQuorum: a serving leader's check, every tick, that a quorum of voters was heard
//   from within syncLimit ticks (Leader.lead); `until` is the tick it would fail if no
//   learner spoke again.
enum class WaitKind : std::uint8_t { None, Finalize, Notifications, LeaderSilence, LeaderRetry, LearnerQuorum, SyncedQuorum };
std::string_view to_string(WaitKind k);  // "none", "finalize", ...
struct PeerWait {
  WaitKind kind = WaitKind::None;
  Ms from = 0;   // when the wait started (deadline - its full length)
  Ms until = 0;  // its deadline
};

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
  PeerWait wait;           // what it waits for now (None when down or not waiting)
};

}  // namespace zs

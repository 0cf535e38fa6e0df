// What caused one message and what it caused, as ShiViz draws a happens-before chain: the
// model behind "click a message, see its causes and effects" (the timeline and the cluster
// diagram highlight it, a caption says it in words).
//
// The simulator runs one step at a time: one delivery, one timer, or one action (a client's
// call, a fault). Everything a server records and sends while it handles that step is traced
// right after it, so the messages a step sends were caused by what started the step: the
// message delivered in it (its MessageDelivered is the step's first message record), or
// nothing that travelled (a timer, a connection event, a client call). The trace has no
// record that marks where a step ends; the simulator keeps that apart (the trace size after
// each step, Simulator::trace_size_at), and the source hands it in as a StepOf.
//
// Some causes lie in earlier steps, so Zab's messages are also linked by zxid: a learner's
// ACK(z) follows the PROPOSAL(z) it got (during a sync it ACKs after NEWLEADER or UPTODATE),
// and the leader's COMMIT(z) follows every ACK(z) it counted before it committed (the
// Committed record's ACK mask), not only the one that completed the quorum.
#pragma once

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "trace/trace.hpp"
#include "trace/trace_log.hpp"

namespace zs {
class PayloadStore;
}

namespace zs::view {

// Messages kept each way (nearest first): the chain of an election message fans out fast.
inline constexpr std::size_t kCausalityMessages = 64;
inline constexpr std::size_t kNoTraceIndex = ~std::size_t{0};

// The trace records one simulator step left: [first, last).
struct StepRange {
  std::size_t first = 0;
  std::size_t last = 0;
};
// The step that recorded trace[i].
using StepOf = std::function<StepRange(std::size_t trace_index)>;

// The message the user picked: its id (unique in a run) and when it was sent, which finds its
// MessageSent record with one binary search.
struct MessagePick {
  MessageId id = 0;
  Ms sent_at = 0;
  bool operator==(const MessagePick&) const = default;
};

// What started the step that sent the selected message, when no message did.
enum class StepOrigin : std::uint8_t {
  Message,     // a delivered message (the direct cause)
  ClientCall,  // a client's request at that server (a ClientOp submitted in the step)
  Fault,       // a server started or restarted, a link healed ... (a Fault in the step)
  Local,       // the server's own timer or a connection event: nothing in the trace names it
};

struct CausalMessage {
  MessageId id = 0;
  Envelope env;
  Ms sent_at = 0;
  std::size_t sent = kNoTraceIndex;   // trace index of its MessageSent
  std::size_t ended = kNoTraceIndex;  // of its MessageDelivered or MessageDropped; none while in flight
  Ms ended_at = 0;                    // ended: when; in flight: when it is due (kNever: will be dropped)
  bool dropped = false;
  std::string words;  // REQUEST / PROPOSAL / INFORM: what it carries ("create /zk_test")
  int depth = 0;      // hops from the selected message (1 = a direct cause or effect)
  bool by_zxid = false;  // linked by its zxid to a message of another step (not by the step itself)
};

struct Causality {
  bool found = false;  // the picked message is in the trace (it has been sent by now)
  CausalMessage selected;
  StepOrigin origin = StepOrigin::Local;  // what started the step that sent it
  std::size_t origin_event = kNoTraceIndex;  // ClientCall / Fault: that record
  // Nearest first (breadth first over the chain), at most kCausalityMessages each.
  std::vector<CausalMessage> causes;
  std::vector<CausalMessage> effects;
  bool causes_cut = false;   // the chain goes on past kCausalityMessages
  bool effects_cut = false;
  // Other records on the chain, as trace indices in order: the VoteChanged, Committed,
  // ClientOp and StateChanged records of the steps that sent the causes and the selected
  // message (cause_events), and of the steps where the selected message and its effects
  // arrived (effect_events).
  std::vector<std::size_t> cause_events;
  std::vector<std::size_t> effect_events;
  // The same ids, sorted, for the views' lookups while they draw.
  std::vector<MessageId> cause_ids;
  std::vector<MessageId> effect_ids;

  enum class Role : std::uint8_t { None, Selected, Cause, Effect };
  // Inline: the views (which do not link the engine's view library) ask it while drawing.
  Role role(MessageId id) const {
    if (!found) return Role::None;
    if (id == selected.id) return Role::Selected;
    if (std::binary_search(cause_ids.begin(), cause_ids.end(), id)) return Role::Cause;
    if (std::binary_search(effect_ids.begin(), effect_ids.end(), id)) return Role::Effect;
    return Role::None;
  }
};

// The chain of one message: its causes (backwards: the delivery that made its sender send it,
// that message's cause, ...; and Zab's zxid links) and its effects (forwards: what its
// receiver sent while handling it, ...), each bounded by kCausalityMessages and by the end of
// the trace. `payloads` (may be null) gives the words of REQUESTs and PROPOSALs.
Causality trace_causality(const TraceLog& trace, const StepOf& step_of, const MessagePick& pick,
                          const PayloadStore* payloads = nullptr);

// The trace index of a message's MessageSent (kNoTraceIndex when it is not there).
std::size_t find_send(const TraceLog& trace, const MessagePick& pick);

// Keeps the answer for the picked message; computes it again only when the pick or the trace
// changed (it grew, or a step back or a branch rewrote it).
class CausalityCache {
 public:
  // nullptr when nothing is picked.
  const Causality* build(const TraceLog& trace, const StepOf& step_of, const std::optional<MessagePick>& pick,
                         const PayloadStore* payloads = nullptr);
  std::size_t builds() const { return builds_; }  // how many times it computed (tests)

 private:
  std::optional<MessagePick> pick_;
  const TraceLog* trace_ = nullptr;
  std::size_t size_ = 0;
  std::string last_;  // fingerprint of the trace's last record
  Causality value_;
  std::size_t builds_ = 0;
};

}  // namespace zs::view

// A message's causes and effects (causality.hpp).
#include "view/causality.hpp"

#include <algorithm>
#include <deque>
#include <unordered_set>

#include "view/payload_words.hpp"

namespace zs::view {
namespace {

// Records a zxid link or a message's arrival looks through at most: a chain is computed while
// a frame is built, and a link that far away is not one a viewer could follow.
constexpr std::size_t kScanBudget = 200000;

std::size_t first_at_or_after(const TraceLog& trace, Ms t) {
  std::size_t lo = 0;
  std::size_t hi = trace.size();
  while (lo < hi) {
    const std::size_t mid = lo + (hi - lo) / 2;
    if (trace.at(mid) < t) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

const QuorumPacket* packet_of(const Envelope& env, PacketType type) {
  const auto* q = std::get_if<QuorumPacket>(&env.msg);
  return q != nullptr && q->type == type ? q : nullptr;
}

// An ACK of a proposal (counter 0 is the ACK of NEWLEADER or UPTODATE, no proposal's).
const QuorumPacket* proposal_ack(const Envelope& env) {
  const QuorumPacket* q = packet_of(env, PacketType::Ack);
  return q != nullptr && q->zxid.counter() != 0 ? q : nullptr;
}

const QuorumPacket* commit_of(const Envelope& env) {
  if (const QuorumPacket* q = packet_of(env, PacketType::Commit)) return q;
  return packet_of(env, PacketType::Inform);
}

bool notable(const TraceLog& trace, std::size_t i) {
  return trace.holds<VoteChanged>(i) || trace.holds<Committed>(i) || trace.holds<ClientOp>(i) ||
         trace.holds<StateChanged>(i);
}

class Walker {
 public:
  Walker(const TraceLog& trace, const StepOf& step_of, const PayloadStore* payloads)
      : trace_(trace), step_of_(step_of), payloads_(payloads) {}

  // The message sent by record `sent` (a MessageSent).
  CausalMessage message_at(std::size_t sent) const {
    const MessageSent s = std::get<MessageSent>(trace_[sent].body);
    CausalMessage m;
    m.id = s.id;
    m.env = s.env;
    m.sent_at = trace_.at(sent);
    m.sent = sent;
    m.ended_at = s.deliver_at;
    if (payloads_ != nullptr) {
      if (const auto* q = std::get_if<QuorumPacket>(&s.env.msg)) m.words = packet_words(*payloads_, *q);
    }
    return m;
  }

  // Where the message arrived or was dropped, if it has by the end of the trace. Delivery is
  // never earlier than planned (a packet held behind a cut link comes later), so the search
  // starts at the planned moment.
  void find_end(CausalMessage& m) const {
    std::size_t j = m.sent + 1;
    if (m.ended_at != kNever && m.ended_at > m.sent_at) j = std::max(j, first_at_or_after(trace_, m.ended_at));
    for (std::size_t n = 0; j < trace_.size() && n < kScanBudget; ++j, ++n) {
      const bool delivered = trace_.holds<MessageDelivered>(j);
      if (!delivered && !trace_.holds<MessageDropped>(j)) continue;
      const TraceEvent ev = trace_[j];
      const MessageId id = delivered ? std::get<MessageDelivered>(ev.body).id : std::get<MessageDropped>(ev.body).id;
      if (id != m.id) continue;
      m.ended = j;
      m.ended_at = ev.at;
      m.dropped = !delivered;
      return;
    }
  }

  StepRange step(std::size_t i) const {
    StepRange r = step_of_(i);
    r.first = std::min(r.first, i);
    r.last = std::clamp(r.last, i + 1, trace_.size());
    return r;
  }

  // The message delivered in the step before record `before`, if any: the step's cause.
  std::size_t delivery_before(const StepRange& r, std::size_t before) const {
    for (std::size_t j = r.first; j < before; ++j)
      if (trace_.holds<MessageDelivered>(j)) return j;
    return kNoTraceIndex;
  }

  // The PROPOSAL(z) the leader sent to `learner` before record `before`.
  std::size_t proposal_to(Sid learner, Zxid z, std::size_t before) const {
    for (std::size_t j = before, n = 0; j > 0 && n < kScanBudget; --j, ++n) {
      if (!trace_.holds<MessageSent>(j - 1)) continue;
      const MessageSent s = std::get<MessageSent>(trace_[j - 1].body);
      const QuorumPacket* q = packet_of(s.env, PacketType::Proposal);
      if (q == nullptr || s.env.target != learner) continue;
      if (q->zxid == z) return j - 1;
      if (q->zxid < z) return kNoTraceIndex;  // an older proposal: this one was not sent to it
    }
    return kNoTraceIndex;
  }

  // The ACK(z)s the leader received before record `before` (back to its PROPOSAL(z)s).
  std::vector<std::size_t> acks_before(Sid leader, Zxid z, std::size_t before) const {
    std::vector<std::size_t> out;
    for (std::size_t j = before, n = 0; j > 0 && n < kScanBudget; --j, ++n) {
      const bool sent = trace_.holds<MessageSent>(j - 1);
      if (!sent && !trace_.holds<MessageDelivered>(j - 1)) continue;
      const TraceEvent ev = trace_[j - 1];
      if (sent) {
        const auto& s = std::get<MessageSent>(ev.body);
        const QuorumPacket* q = packet_of(s.env, PacketType::Proposal);
        if (q != nullptr && s.env.source == leader && q->zxid == z) break;  // every ACK(z) is after it
        continue;
      }
      const auto& d = std::get<MessageDelivered>(ev.body);
      const QuorumPacket* q = proposal_ack(d.env);
      if (q != nullptr && d.env.target == leader && q->zxid == z) out.push_back(j - 1);
    }
    std::reverse(out.begin(), out.end());
    return out;
  }

  // The ACK(z) `learner` sent to `leader` after record `from` (a sync's ACK comes a step later).
  std::size_t ack_from(Sid learner, Sid leader, Zxid z, std::size_t from) const {
    for (std::size_t j = from, n = 0; j < trace_.size() && n < kScanBudget; ++j, ++n) {
      if (trace_.holds<StateChanged>(j) && std::get<StateChanged>(trace_[j].body).sid == learner) break;
      if (!trace_.holds<MessageSent>(j)) continue;
      const MessageSent s = std::get<MessageSent>(trace_[j].body);
      const QuorumPacket* q = proposal_ack(s.env);
      if (q == nullptr || s.env.source != learner || s.env.target != leader) continue;
      if (q->zxid == z) return j;
      if (q->zxid > z) break;  // ACKs go out in zxid order
    }
    return kNoTraceIndex;
  }

  // The leader's Committed(z) after record `from`.
  std::size_t committed_after(Sid leader, Zxid z, std::size_t from) const {
    for (std::size_t j = from, n = 0; j < trace_.size() && n < kScanBudget; ++j, ++n) {
      if (trace_.holds<StateChanged>(j) && std::get<StateChanged>(trace_[j].body).sid == leader) break;
      if (!trace_.holds<Committed>(j)) continue;
      const Committed c = std::get<Committed>(trace_[j].body);
      if (c.sid != leader) continue;
      if (c.zxid == z) return j;
      if (c.zxid > z) break;  // commits go in zxid order
    }
    return kNoTraceIndex;
  }

  const TraceLog& trace() const { return trace_; }

 private:
  const TraceLog& trace_;
  const StepOf& step_of_;
  const PayloadStore* payloads_;
};

// One direction of the chain, breadth first from the selected message.
class Side {
 public:
  Side(const Walker& w, MessageId selected, std::vector<CausalMessage>& out, std::vector<std::size_t>& events, bool& cut)
      : w_(w), out_(out), events_(events), cut_(cut) {
    seen_.insert(selected);
  }

  // Adds the message sent by record `sent` (none: kNoTraceIndex); past kCausalityMessages the
  // chain is marked cut instead.
  void add_send(std::size_t sent, int depth, bool by_zxid) {
    if (sent == kNoTraceIndex) return;
    const MessageId id = std::get<MessageSent>(w_.trace()[sent].body).id;
    if (seen_.count(id) != 0) return;
    if (out_.size() >= kCausalityMessages) {
      cut_ = true;
      return;
    }
    seen_.insert(id);
    CausalMessage m = w_.message_at(sent);
    m.depth = depth;
    m.by_zxid = by_zxid;
    out_.push_back(std::move(m));
  }

  // The notable records of [first, last), once per step.
  void add_events(std::size_t first, std::size_t last) {
    if (!steps_.insert(first).second) return;
    for (std::size_t j = first; j < last; ++j)
      if (notable(w_.trace(), j)) events_.push_back(j);
  }

 private:
  const Walker& w_;
  std::vector<CausalMessage>& out_;
  std::vector<std::size_t>& events_;
  bool& cut_;
  std::unordered_set<MessageId> seen_;
  std::unordered_set<std::size_t> steps_;
};

// What made the server send `m`: the message delivered in its step, and the zxid links.
void expand_causes(const Walker& w, const CausalMessage& m, Side& side) {
  const TraceLog& trace = w.trace();
  const StepRange r = w.step(m.sent);
  const std::size_t d = w.delivery_before(r, m.sent);
  side.add_events(r.first, m.sent);
  Sid trigger_from = 0;
  const QuorumPacket* trigger = nullptr;
  MessageDelivered delivered;
  if (d != kNoTraceIndex) {
    delivered = std::get<MessageDelivered>(trace[d].body);
    trigger_from = delivered.env.source;
    trigger = std::get_if<QuorumPacket>(&delivered.env.msg);
    side.add_send(find_send(trace, MessagePick{delivered.id, delivered.sent_at}), m.depth + 1, false);
  }
  if (const QuorumPacket* ack = proposal_ack(m.env)) {
    // A learner ACKs the PROPOSAL it logged: in the same step, or after NEWLEADER / UPTODATE
    // for the proposals of a sync.
    const bool same_step = trigger != nullptr && trigger->type == PacketType::Proposal && trigger->zxid == ack->zxid &&
                           trigger_from == m.env.target;
    if (!same_step) side.add_send(w.proposal_to(m.env.source, ack->zxid, m.sent), m.depth + 1, true);
  } else if (const QuorumPacket* c = commit_of(m.env)) {
    // Every ACK the leader counted before it committed, the quorum-completing one included.
    for (const std::size_t a : w.acks_before(m.env.source, c->zxid, m.sent)) {
      const MessageDelivered ad = std::get<MessageDelivered>(trace[a].body);
      side.add_send(find_send(trace, MessagePick{ad.id, ad.sent_at}), m.depth + 1, true);
    }
  }
}

// What the receiver of `m` did because of it: what it sent while handling it, and the zxid
// links to later steps.
void expand_effects(const Walker& w, CausalMessage& m, Side& side) {
  if (m.ended == kNoTraceIndex) w.find_end(m);
  if (m.ended == kNoTraceIndex || m.dropped) return;
  const TraceLog& trace = w.trace();
  const StepRange r = w.step(m.ended);
  side.add_events(m.ended, r.last);
  bool acked = false;
  bool committed = false;
  const QuorumPacket* proposal = packet_of(m.env, PacketType::Proposal);
  const QuorumPacket* ack = proposal_ack(m.env);
  for (std::size_t j = m.ended + 1; j < r.last; ++j) {
    if (trace.holds<Committed>(j)) {
      const Committed c = std::get<Committed>(trace[j].body);
      committed |= ack != nullptr && c.zxid == ack->zxid;
    }
    if (!trace.holds<MessageSent>(j)) continue;
    const MessageSent s = std::get<MessageSent>(trace[j].body);
    if (const QuorumPacket* a = proposal_ack(s.env)) acked |= proposal != nullptr && a->zxid == proposal->zxid;
    side.add_send(j, m.depth + 1, false);
  }
  if (proposal != nullptr && !acked) {
    side.add_send(w.ack_from(m.env.target, m.env.source, proposal->zxid, r.last), m.depth + 1, true);
  } else if (ack != nullptr && !committed) {
    // The ACK counted towards a quorum completed later: the COMMIT that followed is its effect.
    const std::size_t c = w.committed_after(m.env.target, ack->zxid, r.last);
    if (c == kNoTraceIndex) return;
    const Committed rec = std::get<Committed>(trace[c].body);
    if (m.env.source < 1 || m.env.source > 64 || ((rec.acks >> (m.env.source - 1)) & 1U) == 0) return;
    const StepRange cr = w.step(c);
    side.add_events(c, cr.last);
    for (std::size_t j = c + 1; j < cr.last; ++j) {
      if (!trace.holds<MessageSent>(j)) continue;
      const MessageSent s = std::get<MessageSent>(trace[j].body);
      const QuorumPacket* q = commit_of(s.env);
      if (q != nullptr && q->zxid == ack->zxid) side.add_send(j, m.depth + 1, true);
    }
  }
}

std::vector<MessageId> sorted_ids(const std::vector<CausalMessage>& v) {
  std::vector<MessageId> ids;
  ids.reserve(v.size());
  for (const CausalMessage& m : v) ids.push_back(m.id);
  std::sort(ids.begin(), ids.end());
  return ids;
}

}  // namespace

std::size_t find_send(const TraceLog& trace, const MessagePick& pick) {
  for (std::size_t i = first_at_or_after(trace, pick.sent_at); i < trace.size() && trace.at(i) == pick.sent_at; ++i) {
    if (trace.holds<MessageSent>(i) && std::get<MessageSent>(trace[i].body).id == pick.id) return i;
  }
  return kNoTraceIndex;
}

Causality trace_causality(const TraceLog& trace, const StepOf& step_of, const MessagePick& pick,
                          const PayloadStore* payloads) {
  Causality out;
  const std::size_t sent = find_send(trace, pick);
  if (sent == kNoTraceIndex) return out;
  const Walker w(trace, step_of, payloads);
  out.found = true;
  out.selected = w.message_at(sent);
  w.find_end(out.selected);

  // What started the step that sent it, when no message did.
  const StepRange r = w.step(sent);
  if (const std::size_t d = w.delivery_before(r, sent); d != kNoTraceIndex) {
    out.origin = StepOrigin::Message;
    out.origin_event = d;
  } else {
    for (std::size_t j = r.first; j < sent && out.origin == StepOrigin::Local; ++j) {
      if (trace.holds<ClientOp>(j) && std::get<ClientOp>(trace[j].body).stage == ClientOpStage::Submitted) {
        out.origin = StepOrigin::ClientCall;
        out.origin_event = j;
      } else if (trace.holds<Fault>(j)) {
        out.origin = StepOrigin::Fault;
        out.origin_event = j;
      }
    }
  }

  Side causes(w, out.selected.id, out.causes, out.cause_events, out.causes_cut);
  expand_causes(w, out.selected, causes);
  for (std::size_t k = 0; k < out.causes.size(); ++k) {
    const CausalMessage m = out.causes[k];  // a copy: expanding appends to the vector
    expand_causes(w, m, causes);
  }
  Side effects(w, out.selected.id, out.effects, out.effect_events, out.effects_cut);
  CausalMessage selected = out.selected;
  expand_effects(w, selected, effects);
  for (std::size_t k = 0; k < out.effects.size(); ++k) {
    CausalMessage m = out.effects[k];
    expand_effects(w, m, effects);
    out.effects[k].ended = m.ended;
    out.effects[k].ended_at = m.ended_at;
    out.effects[k].dropped = m.dropped;
  }
  // The causes' arrivals, for drawing them (each arrived: it caused something).
  for (CausalMessage& m : out.causes) w.find_end(m);
  std::sort(out.cause_events.begin(), out.cause_events.end());
  std::sort(out.effect_events.begin(), out.effect_events.end());
  out.cause_ids = sorted_ids(out.causes);
  out.effect_ids = sorted_ids(out.effects);
  return out;
}

const Causality* CausalityCache::build(const TraceLog& trace, const StepOf& step_of,
                                       const std::optional<MessagePick>& pick, const PayloadStore* payloads) {
  if (!pick) {
    pick_.reset();
    return nullptr;
  }
  std::string last = trace.empty() ? std::string() : trace.fingerprint(trace.size() - 1);
  if (pick_ == pick && trace_ == &trace && size_ == trace.size() && last_ == last) return &value_;
  value_ = trace_causality(trace, step_of, *pick, payloads);
  pick_ = pick;
  trace_ = &trace;
  size_ = trace.size();
  last_ = std::move(last);
  ++builds_;
  return &value_;
}

}  // namespace zs::view

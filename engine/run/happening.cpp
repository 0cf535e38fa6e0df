// The newest notable event as a sentence key and arguments (happening.hpp).
#include "run/happening.hpp"

#include <fmt/format.h>

#include "trace/text.hpp"

namespace zs::run {
namespace {

constexpr std::size_t kLookBack = 4000;  // trace events scanned back for a notable one

const char* rule_key(VoteRule r) {
  switch (r) {
    case VoteRule::Initial: return "happening.rule.initial";
    case VoteRule::HigherRound: return "happening.rule.higher_round";
    case VoteRule::HigherPeerEpoch: return "happening.rule.higher_epoch";
    case VoteRule::HigherZxid: return "happening.rule.higher_zxid";
    case VoteRule::HigherSid: return "happening.rule.higher_sid";
    case VoteRule::Decided: return "happening.rule.decided";
    case VoteRule::EpochUpdated: return "happening.rule.epoch_updated";
  }
  return "";
}

const char* sync_key(SyncMode m) {
  switch (m) {
    case SyncMode::None: break;
    case SyncMode::Diff: return "sync.mode.diff";
    case SyncMode::Snap: return "sync.mode.snap";
    case SyncMode::Trunc: return "sync.mode.trunc";
  }
  return "sync.mode.none";
}

const char* zab_key(ZabState z) {
  switch (z) {
    case ZabState::Election: return "zab.phase.election";
    case ZabState::Discovery: return "zab.phase.discovery";
    case ZabState::Synchronization: return "zab.phase.synchronization";
    case ZabState::Broadcast: return "zab.phase.broadcast";
  }
  return "";
}

std::string vote_text(const Vote& v) { return fmt::format("({}, 0x{})", v.leader, hex(v.zxid)); }

template <class... A>
Happening make(Ms at, const char* key, const A&... args) {
  Happening h{at, key, {}};
  (h.args.push_back(Happening::Arg{fmt::format("{}", args), false}), ...);
  return h;
}

Happening::Arg key_arg(const char* key) { return Happening::Arg{key, true}; }

}  // namespace

std::optional<Happening> describe(const TraceEvent& ev) {
  if (const auto* v = std::get_if<VoteChanged>(&ev.body)) {
    if (v->rule == VoteRule::Initial) return make(ev.at, "happening.vote_initial", v->sid, vote_text(v->to));
    if (v->rule == VoteRule::HigherRound) {
      // Its own initial vote came back, not the sender's.
      return make(ev.at, "happening.vote_later_round", v->sid, vote_text(v->to), v->because_of, v->to.election_epoch);
    }
    if (v->rule == VoteRule::Decided || v->rule == VoteRule::EpochUpdated || v->because_of == 0) {
      Happening h = make(ev.at, "happening.vote_settled", v->sid, vote_text(v->to));
      h.args.push_back(key_arg(rule_key(v->rule)));
      return h;
    }
    Happening h = make(ev.at, "happening.vote_changed", v->sid, vote_text(v->to), v->because_of);
    h.args.push_back(key_arg(rule_key(v->rule)));
    return h;
  }
  if (const auto* s = std::get_if<StateChanged>(&ev.body))
    return make(ev.at, "happening.state", s->sid, to_string(s->from), to_string(s->to));
  if (const auto* e = std::get_if<EpochChanged>(&ev.body))
    return make(ev.at, e->kind == EpochKind::Accepted ? "happening.accepted_epoch" : "happening.current_epoch", e->sid,
                e->from, e->to);
  if (const auto* z = std::get_if<ZabStateChanged>(&ev.body)) {
    if (z->sync == SyncMode::None) return std::nullopt;
    Happening h = make(ev.at, "happening.sync", z->sid);
    h.args.push_back(key_arg(sync_key(z->sync)));  // 差异化同步（DIFF） in Chinese
    h.args.push_back(key_arg(zab_key(z->zab)));
    return h;
  }
  if (const auto* c = std::get_if<Committed>(&ev.body)) {
    int acks = 0;
    std::string who;
    for (int b = 0; b < 64; ++b) {
      if ((c->acks >> b) & 1U) {
        ++acks;
        who += (who.empty() ? "" : "\n") + std::to_string(b + 1);
      }
    }
    Happening h = make(ev.at, "happening.commit", c->sid, hex(c->zxid), acks, who);
    h.args.back().is_list = true;
    return h;
  }
  if (const auto* f = std::get_if<Fault>(&ev.body)) {
    switch (f->kind) {
      case FaultKind::Start: return make(ev.at, "happening.start", f->sid);
      case FaultKind::Crash: return make(ev.at, "happening.crash", f->sid);
      case FaultKind::Restart: return make(ev.at, "happening.restart", f->sid);
      case FaultKind::CutLink: return make(ev.at, "happening.cut", f->sid, f->target);
      case FaultKind::HealLink: return make(ev.at, "happening.heal", f->sid, f->target);
      case FaultKind::Partition: return make(ev.at, "happening.partition");
      case FaultKind::HealAll: return make(ev.at, "happening.heal_all");
    }
    return std::nullopt;
  }
  if (const auto* cs = std::get_if<ClientSession>(&ev.body)) {
    if (cs->state == SessionState::Expired) return make(ev.at, "happening.expired", hex(cs->session_id));
  }
  return std::nullopt;
}

std::optional<Happening> last_happening(const TraceLog& trace) {
  for (std::size_t i = trace.size(), k = 0; i > 0 && k < kLookBack; --i, ++k) {
    if (auto h = describe(trace[i - 1])) return h;
  }
  return std::nullopt;
}

}  // namespace zs::run

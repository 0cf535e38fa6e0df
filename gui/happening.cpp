// Sentences for the status bar (happening.hpp). Protocol words stay untranslated; the
// sentence frames come from the language files (happening.*), with fmt positional fields.
#include "happening.hpp"

#include <fmt/format.h>

#include "i18n.hpp"
#include "views/widgets.hpp"

namespace zs::gui {
namespace {

constexpr std::size_t kLookBack = 4000;  // trace events scanned back for a notable one

const char* rule_text(VoteRule r) {
  switch (r) {
    case VoteRule::Initial: return tr("happening.rule.initial");
    case VoteRule::HigherRound: return tr("happening.rule.higher_round");
    case VoteRule::HigherPeerEpoch: return tr("happening.rule.higher_epoch");
    case VoteRule::HigherZxid: return tr("happening.rule.higher_zxid");
    case VoteRule::HigherSid: return tr("happening.rule.higher_sid");
    case VoteRule::Decided: return tr("happening.rule.decided");
    case VoteRule::EpochUpdated: return tr("happening.rule.epoch_updated");
  }
  return "";
}

std::string vote_text(const Vote& v) { return fmt::format("({}, 0x{})", v.leader, hex(v.zxid)); }

std::string format(const char* key, auto&&... args) {
  return fill(tr(key), std::forward<decltype(args)>(args)...);
}

}  // namespace

std::string describe(const TraceEvent& ev) {
  const double at_s = static_cast<double>(ev.at) / 1000.0;
  std::string what;
  if (const auto* v = std::get_if<VoteChanged>(&ev.body)) {
    if (v->rule == VoteRule::Initial) {
      what = format("happening.vote_initial", v->sid, vote_text(v->to));
    } else if (v->rule == VoteRule::Decided || v->rule == VoteRule::EpochUpdated || v->because_of == 0) {
      what = format("happening.vote_settled", v->sid, vote_text(v->to), rule_text(v->rule));
    } else {
      what = format("happening.vote_changed", v->sid, vote_text(v->to), v->because_of,
                    rule_text(v->rule));
    }
  } else if (const auto* s = std::get_if<StateChanged>(&ev.body)) {
    what = format("happening.state", s->sid, to_string(s->from), to_string(s->to));
  } else if (const auto* e = std::get_if<EpochChanged>(&ev.body)) {
    what = format(e->kind == EpochKind::Accepted ? "happening.accepted_epoch" : "happening.current_epoch",
                  e->sid, e->from, e->to);
  } else if (const auto* z = std::get_if<ZabStateChanged>(&ev.body)) {
    if (z->sync == SyncMode::None) return {};
    what = format("happening.sync", z->sid, to_string(z->sync), to_string(z->zab));
  } else if (const auto* c = std::get_if<Committed>(&ev.body)) {
    int acks = 0;
    std::string who;
    for (int b = 0; b < 64; ++b) {
      if ((c->acks >> b) & 1U) {
        ++acks;
        who += (who.empty() ? "" : ", ") + std::to_string(b + 1);
      }
    }
    what = format("happening.commit", c->sid, hex(c->zxid), acks, who);
  } else if (const auto* f = std::get_if<Fault>(&ev.body)) {
    switch (f->kind) {
      case FaultKind::Start: what = format("happening.start", f->sid); break;
      case FaultKind::Crash: what = format("happening.crash", f->sid); break;
      case FaultKind::Restart: what = format("happening.restart", f->sid); break;
      case FaultKind::CutLink: what = format("happening.cut", f->sid, f->target); break;
      case FaultKind::HealLink: what = format("happening.heal", f->sid, f->target); break;
      case FaultKind::Partition: what = format("happening.partition"); break;
      case FaultKind::HealAll: what = format("happening.heal_all"); break;
    }
  } else if (const auto* cs = std::get_if<ClientSession>(&ev.body)) {
    if (cs->state == SessionState::Expired) what = format("happening.expired", hex(cs->session_id));
    else return {};
  } else {
    return {};
  }
  return fmt::format("{:.3f} s: {}", at_s, what);
}

std::string describe_last_happening(const TraceLog& trace) {
  for (std::size_t i = trace.size(), k = 0; i > 0 && k < kLookBack; --i, ++k) {
    std::string s = describe(trace[i - 1]);
    if (!s.empty()) return s;
  }
  return {};
}

}  // namespace zs::gui

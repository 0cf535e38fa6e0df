#include "peer/sync_plan.hpp"

namespace zs {

Zxid min_committed(const std::deque<LoggedTxn>& log, Zxid last_processed) {
  return log.empty() ? last_processed : log.front().zxid;
}
Zxid max_committed(const std::deque<LoggedTxn>& log, Zxid last_processed) {
  return log.empty() ? last_processed : log.back().zxid;
}

SyncPlan plan_sync(Zxid peer, Zxid processed, const std::deque<LoggedTxn>& log) {
  const Zxid min = min_committed(log, processed);
  const Zxid max = max_committed(log, processed);
  const bool peer_new_epoch = peer.counter() == 0;
  SyncPlan plan;
  if (processed == peer) {
    plan.mode = SyncMode::Diff;
    plan.zxid = peer;
    plan.forwarded_from = peer;
    plan.line = SyncPlan::Line::DiffInSync;
    return plan;
  }
  if (peer > max && !peer_new_epoch) {
    plan.mode = SyncMode::Trunc;
    plan.zxid = max;
    plan.forwarded_from = max;
    return plan;
  }
  if (min <= peer && peer <= max) {
    // queueCommittedProposals(committedLog, peer, max): the first entry at or after the
    // peer's zxid decides between DIFF and TRUNC; every later entry is queued.
    plan.used_committed_log = true;
    bool need_op = true;
    Zxid queued = peer;
    Zxid prev{-1};
    for (const LoggedTxn& t : log) {
      if (t.zxid < peer) {
        prev = t.zxid;
        continue;
      }
      if (need_op) {
        if (t.zxid == peer) {
          plan.mode = SyncMode::Diff;
          plan.zxid = max;
          plan.line = SyncPlan::Line::DiffFromLog;
          need_op = false;
          continue;
        }
        if (peer_new_epoch) {
          plan.mode = SyncMode::Diff;
          plan.zxid = max;
          plan.line = SyncPlan::Line::DiffFromLog;
          need_op = false;
        } else if (t.zxid > peer) {
          if (t.zxid.epoch() != peer.epoch()) {
            plan.trunc_crossed_epoch = true;
            break;  // nothing queued: the handler falls back to a snapshot
          }
          plan.mode = SyncMode::Trunc;
          plan.zxid = prev;
          plan.line = SyncPlan::Line::TruncFromLog;
          need_op = false;
        }
      }
      if (t.zxid <= queued) continue;
      plan.proposals.push_back(t);
      queued = t.zxid;
    }
    if (need_op && peer_new_epoch) {
      plan.mode = SyncMode::Diff;
      plan.zxid = max;
      plan.line = SyncPlan::Line::DiffAsTrunc;  // LearnerHandler@1032 logs it as a TRUNC
      need_op = false;
    }
    if (!need_op) {
      plan.forwarded_from = queued;
      return plan;
    }
    plan.proposals.clear();
    plan.line = SyncPlan::Line::None;
  }
  plan.mode = SyncMode::Snap;
  plan.zxid = processed;
  plan.forwarded_from = processed;
  return plan;
}

}  // namespace zs

// LearnerHandler.syncFollower + queueCommittedProposals (reference §3.4): how a leader
// brings a learner up to date, from the learner's last zxid, the leader's last processed
// zxid and the leader's committed log (its last 500 applied txns).
#pragma once

#include <cstdint>
#include <deque>
#include <vector>

#include "core/types.hpp"
#include "peer/payloads.hpp"

namespace zs {

inline constexpr std::size_t kCommitLogCount = 500;  // zookeeper.commitLogCount

struct SyncPlan {
  SyncMode mode = SyncMode::Snap;
  Zxid zxid{};                       // the DIFF / TRUNC / SNAP packet's zxid
  std::vector<LoggedTxn> proposals;  // sent as PROPOSAL + COMMIT pairs after the packet
  Zxid forwarded_from{};             // startForwarding(lastSeenZxid): later txns follow live
  // Why it is a SNAP although the peer was inside the committed log: a TRUNC would have
  // crossed an epoch ("Cannot send TRUNC to peer sid: N peer zxid is from different epoch").
  bool trunc_crossed_epoch = false;
  // What LearnerHandler logs of its decision, besides the SNAP line: "Using committedLog for
  // peer sid: N" when the peer was inside the committed log, then the op packet's line.
  enum class Line : std::uint8_t {
    None,         // a SNAP, or a TRUNC to the log's end (logged at DEBUG only)
    DiffInSync,   // "Sending DIFF zxid=0x.. for peer sid: N"
    DiffFromLog,  // "Sending DIFF zxid=0x..  for peer sid: N"
    TruncFromLog, // "Sending TRUNC zxid=0x..  for peer sid: N"
    DiffAsTrunc,  // an empty DIFF that ZooKeeper logs with the TRUNC text
  };
  bool used_committed_log = false;
  Line line = Line::None;
};

// The committed log's bounds as the "Synchronizing with Learner" line prints them: both
// lastProcessedZxid when the log is empty.
Zxid min_committed(const std::deque<LoggedTxn>& log, Zxid last_processed);
Zxid max_committed(const std::deque<LoggedTxn>& log, Zxid last_processed);

// Rules in order: equal -> empty DIFF; peer ahead of the log (and not a fresh-epoch zxid)
// -> TRUNC to the log's end; peer inside the log -> DIFF (or TRUNC to the last common txn)
// plus the txns it lacks; otherwise SNAP. The txn-log rule (replaying the on-disk log for a
// peer older than the committed log) never applies in zooscope: ZooKeeper only uses it when
// the preallocated 64 MiB log file is under a third of the latest snapshot's size
// (snapshotSizeFactor 0.33), i.e. for databases over ~190 MiB.
SyncPlan plan_sync(Zxid peer_last_zxid, Zxid last_processed, const std::deque<LoggedTxn>& committed_log);

}  // namespace zs

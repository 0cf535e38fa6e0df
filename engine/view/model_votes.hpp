// The votes tab's model: who told whom which vote, who holds which vote now and why it
// changed, derived from the trace incrementally (view/trace_scan.hpp).
#pragma once

#include <vector>

#include "view/cluster_view.hpp"
#include "view/trace_scan.hpp"

namespace zs::view {

// `received` against `held`, as FastLeaderElection.totalOrderPredicate orders them (peerEpoch,
// zxid, sid), named by the tutorials' rules 1-4 or the epoch check before them.
VoteCheck compare_votes(const Vote& received, const Vote& held);

// What the scan keeps per run; copied into ClusterView::votes each frame (n*n cells, and per
// server at most kVoteHistory switches).
struct VotesScanState {
  std::vector<Sid> sids;  // the ensemble, in peers order
  std::vector<VoteCell> cells;
  std::vector<VoteWhy> why;
  std::vector<std::vector<VoteSwitch>> switches;  // per server, in its current election
  std::vector<std::size_t> dropped;               // per server: older switches not kept
  std::vector<std::uint8_t> looking;              // per server: LOOKING now
  std::vector<int> last_sender;                   // per receiver: column of its last notification
  std::uint64_t episode_seq = 0;                  // the trace index the last election began at
  Ms episode_at = -1;
};

class VotesCache {
 public:
  // Fills model.votes from the trace (scanning only what is new) and model.peers.
  void build(const TraceLog& trace, ClusterView& model);

 private:
  TraceScan<VotesScanState> scan_;
};

// The tally and the "election over" line from the servers' current votes (model.peers).
void tally_votes(ClusterView& model);

}  // namespace zs::view

// The votes tab's model: who told whom which vote, who holds which vote now and why it
// changed, derived from the trace incrementally (view/trace_scan.hpp).
#pragma once

#include <vector>

#include "view/cluster_view.hpp"
#include "view/trace_scan.hpp"

namespace zs::view {

// What the scan keeps per run; copied into ClusterView::votes each frame (n*n cells).
struct VotesScanState {
  std::vector<Sid> sids;  // the ensemble, in peers order
  std::vector<VoteCell> cells;
  std::vector<VoteChangeNote> last_change;
  std::vector<Ms> election_started;
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

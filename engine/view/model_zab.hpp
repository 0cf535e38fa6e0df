// The Zab tab's model: the leader's proposals (committed history from the trace, scanned
// incrementally; outstanding ones from the leader itself), the ACKs each got, and the sync
// mode each learner got after the last election.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "view/cluster_view.hpp"
#include "sim/simulator.hpp"
#include "view/trace_scan.hpp"

namespace zs::view {

inline constexpr std::size_t kZabRows = 2000;  // committed proposals the tab keeps

// A PROPOSAL not yet committed: its txn's opcode and words ("create /zk_test").
struct ProposalNote {
  std::int32_t type = kUnknownTxnType;
  std::string what;
};

struct ZabScanState {
  std::size_t committed = 0;  // entries of ZabCache's history this trace prefix produced
  std::map<std::int64_t, ProposalNote> proposal_types;  // zxid -> PROPOSALs not yet committed
  std::vector<Sid> sids;                                // peers order
  std::vector<ZabSyncNote> sync;                        // per peer index
};

class ZabCache {
 public:
  // Fills model.zab (model.peers and model.stable_leader already set).
  void build(const Simulator& sim, ClusterView& model);

 private:
  TraceScan<ZabScanState> scan_;
  std::vector<ZabProposal> history_;  // every Committed event of the trace prefix, in order
};

}  // namespace zs::view

// The transaction logs tab's model: per server the newest entries of its txn log (after its
// snapshot), what each has become (proposed, logged, committed, applied), and what the last
// DIFF, TRUNC or SNAP did to the row. The sync notes and the commits come from the trace,
// scanned incrementally; the logs themselves are read from the servers each frame (at most
// kTxlogBoxes entries per server).
#pragma once

#include <cstdint>
#include <map>
#include <vector>

#include "sim/simulator.hpp"
#include "view/cluster_view.hpp"
#include "view/trace_scan.hpp"

namespace zs::view {

inline constexpr std::size_t kTxlogWords = 512;  // PROPOSALs remembered for a TRUNC's words

struct TxlogScanState {
  std::vector<Sid> sids;             // peers order
  std::vector<ZabSyncNote> sync;     // per peer index: the last DIFF/TRUNC/SNAP delivered
  std::vector<Zxid> reported;        // per peer index: the zxid of its last ACKEPOCH
  std::vector<Zxid> cut_to;          // per peer index: its last TRUNC cut (cut_to, cut_from]
  std::vector<Zxid> cut_from;
  std::map<std::int64_t, Zxid> committed;          // epoch -> newest zxid a leader committed
  std::map<std::int64_t, PayloadRef> proposals;    // zxid -> txn of the newest PROPOSALs
};

class TxlogCache {
 public:
  // Fills model.txlog (model.peers and model.messages already set).
  void build(const Simulator& sim, ClusterView& model);

 private:
  TraceScan<TxlogScanState> scan_;
};

}  // namespace zs::view

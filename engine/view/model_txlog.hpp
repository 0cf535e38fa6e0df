// The transaction logs tab's model: per server the newest entries of its txn log (after its
// snapshot), what each has become (proposed, logged, committed, applied), and what the last
// DIFF, TRUNC or SNAP did to the row. The sync notes and the commits come from the trace,
// scanned incrementally; the logs themselves are read from the servers each frame (at most
// kTxlogBoxes entries per server).
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <unordered_map>
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
  struct Words {
    std::int32_t type = kUnknownTxnType;
    std::string what;
  };
  void describe(const PayloadStore& store, PayloadRef ref, TxBox& box);

  TraceScan<TxlogScanState> scan_;
  std::vector<TxlogRow> rows_;  // model.txlog.rows points here
  // The moment rows_ were built for: the same moment (a paused window) reuses them.
  struct Key {
    std::uint64_t event = 0;
    std::size_t trace_size = 0;
    std::size_t messages = 0;
    std::vector<Sid> sids;
    bool operator==(const Key&) const = default;
  };
  std::optional<Key> built_for_;
  // Each txn's words by its payload reference, so a frame formats only new ones. A rewind
  // (the scan falling back) may hand references to other txns: the cache is emptied then.
  std::unordered_map<PayloadRef, Words> words_;
};

}  // namespace zs::view

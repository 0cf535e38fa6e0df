// What quorum packets carry besides their header: the txn of a PROPOSAL/INFORM, the
// database of a SNAP, the client request of a REQUEST. Real servers send these as bytes;
// the simulated ones share them through an append-only store and pass 32-bit references,
// so packets (and the trace that records them) stay small and trivially copyable.
// Entries never change once added. The simulator truncates the store when it rewinds to a
// checkpoint: replay re-creates the same entries under the same references.
#pragma once

#include <cstdint>
#include <memory>
#include <variant>
#include <vector>

#include "core/messages.hpp"
#include "core/types.hpp"
#include "data/acl.hpp"
#include "data/data_tree.hpp"
#include "data/prep.hpp"
#include "data/txn.hpp"

namespace zs {

// One entry of a server's history: the txn with this zxid.
struct LoggedTxn {
  Zxid zxid{};
  PayloadRef txn = 0;
};

// A database image: the tree, and (zooscope's instrumentation, not in ZooKeeper's file)
// the txns that built it, so safety checks can compare histories across a SNAP.
struct SnapshotData {
  DataTree tree;
  Zxid zxid{};
  std::vector<LoggedTxn> history;
};

// A client write as a server receives it, and as a learner forwards it in a REQUEST.
struct ClientRequest {
  std::int64_t session_id = 0;
  std::int32_t cxid = 0;
  WriteRequest request;
  AuthInfo auth;
};

using Payload = std::variant<Txn, SnapshotData, ClientRequest>;

class PayloadStore {
 public:
  PayloadRef add(Payload p) {
    items_.push_back(std::make_shared<const Payload>(std::move(p)));
    return static_cast<PayloadRef>(items_.size());
  }
  const Payload& get(PayloadRef r) const { return *items_.at(r - 1); }
  const Txn& txn(PayloadRef r) const { return std::get<Txn>(get(r)); }
  const SnapshotData& snapshot(PayloadRef r) const { return std::get<SnapshotData>(get(r)); }
  const ClientRequest& request(PayloadRef r) const { return std::get<ClientRequest>(get(r)); }
  std::size_t size() const { return items_.size(); }
  void truncate(std::size_t n) {
    if (n < items_.size()) items_.resize(n);
  }

 private:
  std::vector<std::shared_ptr<const Payload>> items_;
};

}  // namespace zs

// What quorum packets carry besides their header: the txn of a PROPOSAL/INFORM, the
// database of a SNAP, the client request of a REQUEST. Real servers send these as bytes;
// the simulated ones share them through an append-only store and pass 32-bit references,
// so packets (and the trace that records them) stay small and trivially copyable.
// Entries never change once added. The simulator truncates the store when it rewinds to a
// checkpoint: replay re-creates the same entries under the same references.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <memory>
#include <variant>
#include <vector>

#include "core/assert.hpp"
#include "core/chunked_store.hpp"
#include "core/shared_log.hpp"
#include "core/messages.hpp"
#include "core/types.hpp"
#include "data/acl.hpp"
#include "data/client_protocol.hpp"
#include "data/data_tree.hpp"
#include "data/prep.hpp"
#include "data/txn.hpp"
#include "data/watch_manager.hpp"

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
  std::map<std::int64_t, std::int32_t> sessions;  // session id -> timeout (ms)
  SharedLog<LoggedTxn> history;
};

// A client request as a server receives it, and as a learner forwards a write in a REQUEST.
struct ClientRequest {
  std::int64_t session_id = 0;
  std::int32_t cxid = 0;
  ClientCall call;
  AuthInfo auth;       // the connection's authInfo (addauth)
  std::int32_t client = -1;  // zooscope's client number (which connection); -1 = none
};

// Sessions a follower's clients kept alive, reported in a PING reply.
struct SessionList {
  std::vector<std::int64_t> ids;
};

// What a PayloadRef refers to: its top three bits (zero for 0 = none).
enum class PayloadKind : std::uint32_t { None = 0, Txn = 1, Snapshot = 2, Request = 3, Result = 4, Sessions = 5, Text = 6 };

// Each kind is kept in its own store, so every entry takes its own size (a txn 152 bytes, a
// request 176) and never the size of the largest kind; a reference is the kind in its top
// three bits and the 1-based place in that kind's store.
class PayloadStore {
 public:
  // Sizes of every kind's store: where a checkpoint puts the store back (truncate).
  struct Mark {
    std::size_t txns = 0, snapshots = 0, requests = 0, results = 0, sessions = 0, texts = 0;
  };

  PayloadRef add(Txn t) { return put(txns_, PayloadKind::Txn, std::move(t)); }
  PayloadRef add(SnapshotData snap) {
    return put(snapshots_, PayloadKind::Snapshot, std::make_unique<const SnapshotData>(std::move(snap)));
  }
  PayloadRef add(ClientRequest r) { return put(requests_, PayloadKind::Request, std::move(r)); }
  PayloadRef add(ClientResult r) { return put(results_, PayloadKind::Result, std::move(r)); }
  PayloadRef add(SessionList l) { return put(sessions_, PayloadKind::Sessions, std::move(l)); }
  // A text a log line names (a LogLine argument; TraceContext::text reads it back).
  PayloadRef add_text(std::string t) { return put(texts_, PayloadKind::Text, std::move(t)); }

  static PayloadKind kind(PayloadRef r) { return static_cast<PayloadKind>(r >> kIndexBits); }
  // True when `r` names an entry that exists now (not 0, not truncated away).
  bool contains(PayloadRef r) const {
    const std::size_t i = index(r);
    switch (kind(r)) {
      case PayloadKind::None: return false;
      case PayloadKind::Txn: return i < txns_.size();
      case PayloadKind::Snapshot: return i < snapshots_.size();
      case PayloadKind::Request: return i < requests_.size();
      case PayloadKind::Result: return i < results_.size();
      case PayloadKind::Sessions: return i < sessions_.size();
      case PayloadKind::Text: return i < texts_.size();
    }
    return false;
  }
  const Txn& txn(PayloadRef r) const { return txns_.at(checked(r, PayloadKind::Txn)); }
  const SnapshotData& snapshot(PayloadRef r) const { return *snapshots_.at(checked(r, PayloadKind::Snapshot)); }
  const ClientRequest& request(PayloadRef r) const { return requests_.at(checked(r, PayloadKind::Request)); }
  const ClientResult& result(PayloadRef r) const { return results_.at(checked(r, PayloadKind::Result)); }
  const SessionList& sessions(PayloadRef r) const { return sessions_.at(checked(r, PayloadKind::Sessions)); }
  const std::string& text(PayloadRef r) const { return texts_.at(checked(r, PayloadKind::Text)); }

  // Frees up to `n` snapshots retired by truncate; the number still retired.
  std::size_t release_retired(std::size_t n) {
    for (; n > 0 && !retired_.empty(); --n) retired_.pop_back();
    return retired_.size();
  }

  Mark mark() const {
    return Mark{txns_.size(), snapshots_.size(), requests_.size(), results_.size(), sessions_.size(), texts_.size()};
  }
  // Snapshots cut off are not freed here but retired (a pointer move each): a step back
  // over a long churn drops thousands of them, each a whole tree, and freeing them all at
  // once would make the step take milliseconds. release_retired frees them a few at a time.
  void truncate(const Mark& m) {
    txns_.truncate(m.txns);
    for (std::size_t i = m.snapshots; i < snapshots_.size(); ++i) retired_.push_back(std::move(snapshots_[i]));
    snapshots_.truncate(m.snapshots);
    requests_.truncate(m.requests);
    results_.truncate(m.results);
    sessions_.truncate(m.sessions);
    texts_.truncate(m.texts);
  }

 private:
  static constexpr unsigned kIndexBits = 29;
  static constexpr PayloadRef kIndexMask = (PayloadRef{1} << kIndexBits) - 1;
  static std::size_t index(PayloadRef r) { return static_cast<std::size_t>((r & kIndexMask) - 1); }
  static std::size_t checked(PayloadRef r, PayloadKind k) {
    ZS_ASSERT(kind(r) == k && (r & kIndexMask) != 0);
    return index(r);
  }
  template <class Store, class T>
  static PayloadRef put(Store& store, PayloadKind k, T&& v) {
    ZS_ASSERT(store.size() < kIndexMask);
    store.push_back(std::forward<T>(v));
    return static_cast<PayloadRef>(static_cast<std::uint32_t>(k) << kIndexBits) |
           static_cast<PayloadRef>(store.size());
  }

  ChunkedStore<Txn> txns_;
  ChunkedStore<std::unique_ptr<const SnapshotData>> snapshots_;  // rare and large: boxed
  std::vector<std::unique_ptr<const SnapshotData>> retired_;    // truncated, not yet freed
  ChunkedStore<ClientRequest> requests_;
  ChunkedStore<ClientResult> results_;
  ChunkedStore<SessionList> sessions_;
  ChunkedStore<std::string> texts_;
};

}  // namespace zs

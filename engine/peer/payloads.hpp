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
#include <deque>
#include <memory>
#include <variant>
#include <vector>

#include "core/messages.hpp"
#include "core/types.hpp"
#include "data/acl.hpp"
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
  std::vector<LoggedTxn> history;
};

// What a client sends its server (the client port's requests, reference §6.4).
struct ConnectRequest {
  std::int32_t timeout_ms = 30000;
  std::int64_t session_id = 0;  // 0 = a new session; else reconnect
  Zxid last_zxid_seen{};
};
// getData (4), exists (3), getChildren (8), getChildren2 (12), getACL (6).
struct ReadRequest {
  std::int32_t op = opcode::kGetData;
  std::string path;
  bool watch = false;
};
struct SyncRequest {
  std::string path;
};
struct AddWatchRequest {
  std::string path;
  WatcherMode mode = WatcherMode::Persistent;
};
struct RemoveWatchesRequest {
  std::string path;
  WatcherType type = WatcherType::Any;
};
using ClientCall = std::variant<ConnectRequest, WriteRequest, ReadRequest, SyncRequest,
                                AddWatchRequest, RemoveWatchesRequest>;

// A client request as a server receives it, and as a learner forwards a write in a REQUEST.
struct ClientRequest {
  std::int64_t session_id = 0;
  std::int32_t cxid = 0;
  ClientCall call;
  AuthInfo auth;       // the connection's authInfo (addauth)
  std::int32_t client = -1;  // zooscope's client number (which connection); -1 = none
};

// What the server answers (the reply header's err and zxid, and the reply body).
struct ClientResult {
  Code err = Code::Ok;
  Zxid zxid{};
  std::string path;  // create: the created path; a watch event: its path
  std::string data;
  bool has_stat = false;
  Stat stat;
  std::vector<std::string> children;
  AclList acl;
  std::vector<OpResult> multi;
  std::int64_t session_id = 0;  // connect
  std::int32_t timeout_ms = 0;  // connect: negotiated
};

// Sessions a follower's clients kept alive, reported in a PING reply.
struct SessionList {
  std::vector<std::int64_t> ids;
};

// A snapshot is boxed: it is rare and large, and every slot of the store is as big as the
// largest alternative.
using Payload = std::variant<Txn, std::unique_ptr<const SnapshotData>, ClientRequest, ClientResult, SessionList>;

class PayloadStore {
 public:
  PayloadRef add(Payload p) {
    items_.push_back(std::move(p));
    return static_cast<PayloadRef>(items_.size());
  }
  PayloadRef add(SnapshotData snap) {
    return add(Payload{std::make_unique<const SnapshotData>(std::move(snap))});
  }
  const Payload& get(PayloadRef r) const { return items_.at(r - 1); }
  const Txn& txn(PayloadRef r) const { return std::get<Txn>(get(r)); }
  const SnapshotData& snapshot(PayloadRef r) const {
    return *std::get<std::unique_ptr<const SnapshotData>>(get(r));
  }
  const ClientRequest& request(PayloadRef r) const { return std::get<ClientRequest>(get(r)); }
  const ClientResult& result(PayloadRef r) const { return std::get<ClientResult>(get(r)); }
  const SessionList& sessions(PayloadRef r) const { return std::get<SessionList>(get(r)); }
  std::size_t size() const { return items_.size(); }
  void truncate(std::size_t n) {
    if (n < items_.size()) items_.resize(n);
  }

 private:
  std::deque<Payload> items_;  // a deque: entries never move, and no allocation per entry
};

}  // namespace zs

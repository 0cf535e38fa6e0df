// The client port's requests and replies (reference §6.4) as plain values: what a ZooKeeper
// client sends and what its server answers. Shared by the servers (engine/peer), the zkCli
// console and any client handle, simulated or on the wire.
#pragma once

#include <cstdint>
#include <string>
#include <variant>
#include <vector>

#include "core/types.hpp"
#include "data/acl.hpp"
#include "data/data_tree.hpp"
#include "data/errors.hpp"
#include "data/prep.hpp"
#include "data/stat.hpp"
#include "data/watch_manager.hpp"

namespace zs {

// What a client sends its server (the client port's requests, reference §6.4).
struct ConnectRequest {
  std::int32_t timeout_ms = 30000;
  std::int64_t session_id = 0;  // 0 = a new session; else reconnect
  Zxid last_zxid_seen{};
};
// getData (4), exists (3), getChildren (8), getChildren2 (12), getACL (6); on the wire also
// getEphemerals (103), getAllChildrenNumber (104) and whoAmI (107, no path).
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
// SetWatches / SetWatches2 (ClientCnxn.primeConnection, xid -8): a handle that reconnects
// re-registers the watches it holds at the new server. A watched node that changed after
// `relative_zxid` (the last zxid the client saw) fires at once instead (DataTree.setWatches).
struct SetWatchesRequest {
  Zxid relative_zxid{};
  std::vector<std::string> data;
  std::vector<std::string> exist;
  std::vector<std::string> child;
  std::vector<std::string> persistent;
  std::vector<std::string> persistent_recursive;
};
inline constexpr std::int32_t kSetWatchesXid = -8;  // ClientCnxn.SET_WATCHES_XID
// addauth travels as an auth packet with this xid (ClientCnxn.AUTHPACKET_XID) and opcode
// (OpCode.auth); the server answers it with Ok, or AuthFailed and closes the connection.
inline constexpr std::int32_t kAuthXid = -4;
inline constexpr std::int32_t kAuthOpcode = 100;

using ClientCall = std::variant<ConnectRequest, WriteRequest, ReadRequest, SyncRequest,
                                AddWatchRequest, RemoveWatchesRequest, SetWatchesRequest>;

// One of the identities a whoAmI answer lists (jute ClientInfo): "digest", "user".
struct ClientInfo {
  std::string auth_scheme;
  std::string user;
  friend bool operator==(const ClientInfo&, const ClientInfo&) = default;
};

// What the server answers (the reply header's err and zxid, and the reply body).
struct ClientResult {
  Code err = Code::Ok;
  Zxid zxid{};
  std::string path;  // create: the created path; a watch event: its path
  std::string data;
  bool null_data = false;  // getData of a node created without data
  bool has_stat = false;
  Stat stat;
  std::vector<std::string> children;
  AclList acl;
  std::vector<OpResult> multi;
  std::int64_t session_id = 0;  // connect
  std::int32_t timeout_ms = 0;  // connect: negotiated
  std::int32_t total_number = 0;        // getAllChildrenNumber
  std::vector<ClientInfo> client_info;  // whoAmI: the session's identities
};

}  // namespace zs

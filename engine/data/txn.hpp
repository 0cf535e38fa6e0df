// Transactions as the leader proposes them: ZooKeeper's TxnHeader and txn bodies (JUTE
// "txn" module), with ZooDefs.OpCode numbers.
#pragma once

#include <cstdint>
#include <string>
#include <variant>
#include <vector>

#include "core/types.hpp"
#include "data/acl.hpp"
#include "data/errors.hpp"

namespace zs {

namespace opcode {
inline constexpr std::int32_t kNotification = 0;
inline constexpr std::int32_t kCreate = 1;
inline constexpr std::int32_t kDelete = 2;
inline constexpr std::int32_t kExists = 3;
inline constexpr std::int32_t kGetData = 4;
inline constexpr std::int32_t kSetData = 5;
inline constexpr std::int32_t kGetAcl = 6;
inline constexpr std::int32_t kSetAcl = 7;
inline constexpr std::int32_t kGetChildren = 8;
inline constexpr std::int32_t kSync = 9;
inline constexpr std::int32_t kPing = 11;
inline constexpr std::int32_t kGetChildren2 = 12;
inline constexpr std::int32_t kCheck = 13;
inline constexpr std::int32_t kMulti = 14;
inline constexpr std::int32_t kCreate2 = 15;
inline constexpr std::int32_t kReconfig = 16;
inline constexpr std::int32_t kCreateContainer = 19;
inline constexpr std::int32_t kDeleteContainer = 20;
inline constexpr std::int32_t kCreateTtl = 21;
inline constexpr std::int32_t kMultiRead = 22;
// Reads of ZooKeeper 3.6+ (zkCli's getEphemerals, getAllChildrenNumber and whoami).
inline constexpr std::int32_t kGetEphemerals = 103;
inline constexpr std::int32_t kGetAllChildrenNumber = 104;
inline constexpr std::int32_t kWhoAmI = 107;
inline constexpr std::int32_t kCreateSession = -10;
inline constexpr std::int32_t kCloseSession = -11;
inline constexpr std::int32_t kError = -1;
}  // namespace opcode

struct TxnHeader {
  std::int64_t client_id = 0;  // session id
  std::int32_t cxid = 0;
  Zxid zxid{};
  Ms time = 0;  // leader's clock when the txn was prepared
  std::int32_t type = opcode::kError;
  friend bool operator==(const TxnHeader&, const TxnHeader&) = default;
};

// create (1) and create2 (15).
struct CreateTxn {
  std::string path;
  std::string data;
  AclList acl;
  bool ephemeral = false;
  std::int32_t parent_cversion = -1;  // stored cversion the parent gets; -1 = current + 1
  bool null_data = false;             // the request had no data (null, not empty)
  friend bool operator==(const CreateTxn&, const CreateTxn&) = default;
};
struct CreateContainerTxn {
  std::string path;
  std::string data;
  AclList acl;
  std::int32_t parent_cversion = -1;
  bool null_data = false;
  friend bool operator==(const CreateContainerTxn&, const CreateContainerTxn&) = default;
};
struct CreateTtlTxn {
  std::string path;
  std::string data;
  AclList acl;
  std::int32_t parent_cversion = -1;
  std::int64_t ttl_ms = 0;
  bool null_data = false;
  friend bool operator==(const CreateTtlTxn&, const CreateTtlTxn&) = default;
};
// delete (2) and deleteContainer (20).
struct DeleteTxn {
  std::string path;
  friend bool operator==(const DeleteTxn&, const DeleteTxn&) = default;
};
struct SetDataTxn {
  std::string path;
  std::string data;
  std::int32_t version = 0;  // the new version
  friend bool operator==(const SetDataTxn&, const SetDataTxn&) = default;
};
struct SetAclTxn {
  std::string path;
  AclList acl;
  std::int32_t version = 0;  // the new aversion
  friend bool operator==(const SetAclTxn&, const SetAclTxn&) = default;
};
struct CheckVersionTxn {
  std::string path;
  std::int32_t version = 0;
  friend bool operator==(const CheckVersionTxn&, const CheckVersionTxn&) = default;
};
struct CreateSessionTxn {
  std::int32_t timeout_ms = 0;
  friend bool operator==(const CreateSessionTxn&, const CreateSessionTxn&) = default;
};
// 3.8 CloseSessionTxn: the ephemerals the leader saw at prepare time. Applying also deletes
// any other ephemerals the session still owns.
struct CloseSessionTxn {
  std::vector<std::string> paths_to_delete;
  friend bool operator==(const CloseSessionTxn&, const CloseSessionTxn&) = default;
};
struct ErrorTxn {
  Code err = Code::Ok;
  friend bool operator==(const ErrorTxn&, const ErrorTxn&) = default;
};

// One op of a multi: type is its opcode (or kError).
using SubTxnBody = std::variant<CreateTxn, CreateContainerTxn, CreateTtlTxn, DeleteTxn,
                                SetDataTxn, CheckVersionTxn, ErrorTxn>;
struct SubTxn {
  std::int32_t type = opcode::kError;
  SubTxnBody body;
  friend bool operator==(const SubTxn&, const SubTxn&) = default;
};
struct MultiTxn {
  std::vector<SubTxn> txns;
  friend bool operator==(const MultiTxn&, const MultiTxn&) = default;
};

using TxnBody = std::variant<CreateTxn, CreateContainerTxn, CreateTtlTxn, DeleteTxn, SetDataTxn,
                             SetAclTxn, CheckVersionTxn, CreateSessionTxn, CloseSessionTxn,
                             ErrorTxn, MultiTxn>;

struct Txn {
  TxnHeader header;
  TxnBody body;
  friend bool operator==(const Txn&, const Txn&) = default;
};

}  // namespace zs

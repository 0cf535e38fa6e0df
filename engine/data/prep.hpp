// PrepRequestProcessor (S/PrepRequestProcessor.java) as a pure object: turns a client write
// into the txn the leader proposes, checking it against the tree plus the effects of txns
// proposed but not yet applied (ZooKeeper's outstandingChanges). A failed check yields an
// ErrorTxn, which still consumes its zxid (reference §1, §4.4, §4.5).
#pragma once

#include <cstdint>
#include <deque>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <variant>
#include <vector>

#include "core/types.hpp"
#include "data/acl.hpp"
#include "data/data_tree.hpp"
#include "data/errors.hpp"
#include "data/paths.hpp"
#include "data/stat.hpp"
#include "data/txn.hpp"

namespace zs {

// CreateMode flags (reference §4.2).
namespace create_mode {
inline constexpr std::int32_t kPersistent = 0;
inline constexpr std::int32_t kEphemeral = 1;
inline constexpr std::int32_t kPersistentSequential = 2;
inline constexpr std::int32_t kEphemeralSequential = 3;
inline constexpr std::int32_t kContainer = 4;
inline constexpr std::int32_t kPersistentWithTtl = 5;
inline constexpr std::int32_t kPersistentSequentialWithTtl = 6;
}  // namespace create_mode

// The opcode the Java client sends for a create with these flags (ZooKeeper.create):
// containers createContainer, TTL modes createTTL, the rest create.
std::int32_t create_opcode_for_flags(std::int32_t flags);

struct CreateRequest {
  std::string path;
  std::string data;
  AclList acl;
  std::int32_t flags = create_mode::kPersistent;
  std::int64_t ttl_ms = -1;  // read only for opcode createTTL
  std::int32_t type = 0;     // create / create2 / createContainer / createTTL; 0 = from flags
  bool null_data = false;    // no data at all (zkCli `create path`): getData returns null
};
struct DeleteRequest {
  std::string path;
  std::int32_t version = -1;
};
struct SetDataRequest {
  std::string path;
  std::string data;
  std::int32_t version = -1;
};
struct SetAclRequest {
  std::string path;
  AclList acl;
  std::int32_t version = -1;
};
struct CheckVersionRequest {
  std::string path;
  std::int32_t version = -1;
};
using MultiOp = std::variant<CreateRequest, DeleteRequest, SetDataRequest, CheckVersionRequest>;
struct MultiRequest {
  std::vector<MultiOp> ops;
};
struct CreateSessionRequest {
  std::int32_t timeout_ms = 0;
};
struct CloseSessionRequest {};
// The leader's container/TTL sweep (ContainerManager).
struct DeleteContainerRequest {
  std::string path;
};

// ZooKeeperAdmin.reconfigure (zkCli's reconfig): ReconfigRequest's fields, null when absent.
// Servers without reconfigEnabled (ZooKeeper's default, and every simulated one) refuse it at
// the leader's PrepRequestProcessor: an error txn with ReconfigDisabled, which takes a zxid.
struct ReconfigRequest {
  std::optional<std::string> joining;
  std::optional<std::string> leaving;
  std::optional<std::string> members;
  std::int64_t version = -1;  // curConfigId
};

using WriteRequest =
    std::variant<CreateRequest, DeleteRequest, SetDataRequest, SetAclRequest, CheckVersionRequest,
                 MultiRequest, CreateSessionRequest, CloseSessionRequest, DeleteContainerRequest,
                 ReconfigRequest>;

// Who sends the request and where it goes in the history.
struct PrepContext {
  std::int64_t session_id = 0;
  std::int32_t cxid = 0;
  const AuthInfo* auth = nullptr;  // required for ops that check ACLs
  Zxid zxid{};                     // the zxid this txn consumes
  Ms now = 0;                      // becomes TxnHeader.time
};

class PrepRequestProcessor {
 public:
  struct Options {
    bool extended_types_enabled = false;  // zookeeper.extendedTypesEnabled: TTL nodes
    // zookeeper.enforceQuota: ZooKeeperServer.checkQuota on every create and setData (a write
    // past a hard limit fails with QuotaExceeded; past any limit it is logged).
    bool enforce_quota = false;
  };

  PrepRequestProcessor() = default;
  explicit PrepRequestProcessor(Options options) : options_(options) {}

  // The txn for `request`. `tree` must be the tree this processor's overlay sits on: every
  // txn prepared earlier is either applied to it (and reported via on_applied) or pending.
  Txn prepare(const DataTree& tree, const WriteRequest& request, const PrepContext& ctx);

  // The txn with this zxid (and all before) is now in the tree: drop its change records.
  void on_applied(Zxid zxid);
  // Forget every pending change (leadership lost).
  void clear();
  // What checkQuota handed its RateLogger while the last prepare ran ("Quota exceeded: /q
  // [current count=3, softCountLimit=2]"), in order; empty unless enforce_quota.
  const std::vector<std::string>& quota_messages() const { return quota_messages_; }
  std::size_t outstanding_changes() const { return overlay_.outstanding.size(); }

 private:
  // ZooKeeperServer.ChangeRecord: a node as it will be once pending txns apply.
  struct ChangeRecord {
    Zxid zxid{};
    std::string path;
    std::optional<StatPersisted> stat;  // nullopt: deleted
    std::int32_t child_count = 0;
    std::string data;
    AclList acl;
  };
  using RecordPtr = std::shared_ptr<const ChangeRecord>;

  struct Overlay {
    std::deque<RecordPtr> outstanding;
    std::map<std::string, RecordPtr, PathLess> for_path;
  };

  // getRecordForPath: NoNode when missing or pending delete.
  Code record_for_path(const DataTree& tree, std::string_view path, ChangeRecord& out) const;
  Code checked_node(const DataTree& tree, const std::string& path, std::int32_t perm,
                    std::int32_t version, const AuthInfo& auth, ChangeRecord& node,
                    std::int32_t& next_version) const;
  void add_change_record(ChangeRecord record);

  Code prep_op(const DataTree& tree, const CreateRequest& r, const PrepContext& ctx,
               std::int32_t& type, SubTxnBody& body);
  Code prep_op(const DataTree& tree, const DeleteRequest& r, const PrepContext& ctx,
               std::int32_t& type, SubTxnBody& body);
  Code prep_op(const DataTree& tree, const SetDataRequest& r, const PrepContext& ctx,
               std::int32_t& type, SubTxnBody& body);
  Code prep_op(const DataTree& tree, const CheckVersionRequest& r, const PrepContext& ctx,
               std::int32_t& type, SubTxnBody& body);
  Code prep_set_acl(const DataTree& tree, const SetAclRequest& r, const PrepContext& ctx,
                    SetAclTxn& out);
  Code prep_delete_container(const DataTree& tree, const DeleteContainerRequest& r,
                             const PrepContext& ctx, DeleteTxn& out);
  CloseSessionTxn prep_close_session(const DataTree& tree, const PrepContext& ctx);
  Code check_quota(const DataTree& tree, const std::string& path, std::int64_t bytes_diff, std::int64_t count_diff);

  Options options_;
  std::vector<std::string> quota_messages_;
  // Pending change records in zxid order, and the newest per path. A failed multi restores
  // the copy taken before its first op (rollbackPendingChanges).
  Overlay overlay_;
};

// PrepRequestProcessor.fixupACL via acl.hpp's fix_acl: Ok and `out` set, or InvalidAcl.
Code fixup_acl(const AclList& acl, const AuthInfo& who, AclList& out);

}  // namespace zs

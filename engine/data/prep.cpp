#include "data/prep.hpp"

#include <cstdio>
#include <set>
#include <type_traits>

#include "core/assert.hpp"
#include "data/paths.hpp"
#include "data/quota.hpp"

namespace zs {
namespace {

bool is_sequential(std::int32_t flags) {
  return flags == create_mode::kPersistentSequential ||
         flags == create_mode::kEphemeralSequential ||
         flags == create_mode::kPersistentSequentialWithTtl;
}
bool is_ephemeral(std::int32_t flags) {
  return flags == create_mode::kEphemeral || flags == create_mode::kEphemeralSequential;
}
bool is_ttl(std::int32_t flags) {
  return flags == create_mode::kPersistentWithTtl ||
         flags == create_mode::kPersistentSequentialWithTtl;
}

Code check_version(std::int32_t current, std::int32_t expected, std::int32_t& next) {
  if (expected != -1 && expected != current) return Code::BadVersion;
  next = current + 1;
  return Code::Ok;
}

// PrepRequestProcessor.getParentPathAndValidate (delete, deleteContainer).
Code parent_for_delete(std::string_view path, std::string_view& parent) {
  if (path.find('/') == std::string_view::npos || path.find('\0') != std::string_view::npos ||
      path == "/" || path == "/zookeeper" || path == "/zookeeper/quota" ||
      path == "/zookeeper/config") {
    return Code::BadArguments;
  }
  parent = parent_path(path);
  return Code::Ok;
}

}  // namespace

std::int32_t create_opcode_for_flags(std::int32_t flags) {
  if (flags == create_mode::kContainer) return opcode::kCreateContainer;
  if (is_ttl(flags)) return opcode::kCreateTtl;
  return opcode::kCreate;
}

Code fixup_acl(const AclList& acl, const AuthInfo& who, AclList& out) {
  AclFixup f = fix_acl(acl, who);
  if (f.code == Code::Ok) out = std::move(f.acl);
  return f.code;
}

Code PrepRequestProcessor::record_for_path(const DataTree& tree, std::string_view path,
                                           ChangeRecord& out) const {
  if (auto it = overlay_.for_path.find(path); it != overlay_.for_path.end()) {
    if (!it->second->stat) return Code::NoNode;
    out = *it->second;
    return Code::Ok;
  }
  auto n = tree.node(path);
  if (!n) return Code::NoNode;
  out.zxid = Zxid(-1);
  out.path = std::string(path);
  out.stat = *n->stat;
  out.child_count = n->num_children;
  out.data = *n->data;
  out.acl = *n->acl;
  return Code::Ok;
}

void PrepRequestProcessor::add_change_record(ChangeRecord record) {
  auto p = std::make_shared<const ChangeRecord>(std::move(record));
  overlay_.outstanding.push_back(p);
  overlay_.for_path.insert_or_assign(p->path, p);
}

void PrepRequestProcessor::on_applied(Zxid zxid) {
  auto& q = overlay_.outstanding;
  while (!q.empty() && q.front()->zxid <= zxid) {
    RecordPtr r = q.front();
    q.pop_front();
    auto it = overlay_.for_path.find(r->path);
    if (it != overlay_.for_path.end() && it->second == r) overlay_.for_path.erase(it);
  }
}

void PrepRequestProcessor::clear() { overlay_ = Overlay{}; }

// pRequest2TxnCreate, checks in ZooKeeper's order.
Code PrepRequestProcessor::prep_op(const DataTree& tree, const CreateRequest& r,
                                   const PrepContext& ctx, std::int32_t& type, SubTxnBody& body) {
  ZS_ASSERT(ctx.auth != nullptr);
  type = r.type != 0 ? r.type : create_opcode_for_flags(r.flags);
  if (r.flags < 0 || r.flags > 6) return Code::BadArguments;  // CreateMode.fromFlag
  const std::int64_t ttl = type == opcode::kCreateTtl ? r.ttl_ms : -1;
  if (is_ttl(r.flags) && !options_.extended_types_enabled) return Code::Unimplemented;
  if (is_ttl(r.flags) ? (ttl <= 0 || ttl > kMaxTtlMs) : ttl >= 0) return Code::BadArguments;
  // validatePathForCreate
  if (r.path.find('/') == std::string::npos || r.path.find('\0') != std::string::npos) {
    return Code::BadArguments;
  }
  const std::string parent_key(parent_path(r.path));
  AclList acl;
  if (Code c = fixup_acl(r.acl, *ctx.auth, acl); c != Code::Ok) return c;
  ChangeRecord parent;
  if (Code c = record_for_path(tree, parent_key, parent); c != Code::Ok) return c;
  if (!check_acl(parent.acl, perms::kCreate, *ctx.auth)) return Code::NoAuth;
  std::string path = r.path;
  if (is_sequential(r.flags)) {
    char suffix[16];
    std::snprintf(suffix, sizeof suffix, "%010d", parent.stat->cversion);
    path += suffix;
  }
  if (validate_path(path) != Code::Ok) return Code::BadArguments;
  if (ChangeRecord existing; record_for_path(tree, path, existing) == Code::Ok) {
    return Code::NodeExists;
  }
  if (ephemeral_type(parent.stat->ephemeral_owner) == EphemeralType::Normal) {
    return Code::NoChildrenForEphemerals;
  }
  const std::int32_t new_cversion = parent.stat->cversion + 1;
  if (Code c = check_quota(tree, path, static_cast<std::int64_t>(r.data.size()), 1); c != Code::Ok) return c;
  if (type == opcode::kCreateContainer) {
    body = CreateContainerTxn{path, r.data, acl, new_cversion, r.null_data};
  } else if (type == opcode::kCreateTtl) {
    body = CreateTtlTxn{path, r.data, acl, new_cversion, ttl, r.null_data};
  } else {
    body = CreateTxn{path, r.data, acl, is_ephemeral(r.flags), new_cversion, r.null_data};
  }
  std::int64_t owner = 0;
  if (r.flags == create_mode::kContainer) {
    owner = kContainerEphemeralOwner;
  } else if (is_ttl(r.flags)) {
    owner = ttl_ephemeral_owner(ttl);
  } else if (is_ephemeral(r.flags)) {
    owner = ctx.session_id;
  }
  parent.zxid = ctx.zxid;
  parent.child_count += 1;
  parent.stat->cversion = new_cversion;
  parent.stat->pzxid = ctx.zxid;
  add_change_record(std::move(parent));
  ChangeRecord node;
  node.zxid = ctx.zxid;
  node.path = path;
  node.stat = StatPersisted{};
  node.stat->czxid = ctx.zxid;
  node.stat->mzxid = ctx.zxid;
  node.stat->pzxid = ctx.zxid;
  node.stat->ctime = ctx.now;
  node.stat->mtime = ctx.now;
  node.stat->ephemeral_owner = owner;
  node.data = r.data;
  node.acl = std::move(acl);
  add_change_record(std::move(node));
  return Code::Ok;
}

Code PrepRequestProcessor::prep_op(const DataTree& tree, const DeleteRequest& r,
                                   const PrepContext& ctx, std::int32_t& type, SubTxnBody& body) {
  ZS_ASSERT(ctx.auth != nullptr);
  type = opcode::kDelete;
  std::string_view parent_key;
  if (Code c = parent_for_delete(r.path, parent_key); c != Code::Ok) return c;
  ChangeRecord parent;
  if (Code c = record_for_path(tree, parent_key, parent); c != Code::Ok) return c;
  if (!check_acl(parent.acl, perms::kDelete, *ctx.auth)) return Code::NoAuth;
  ChangeRecord node;
  if (Code c = record_for_path(tree, r.path, node); c != Code::Ok) return c;
  std::int32_t next = 0;
  if (Code c = check_version(node.stat->version, r.version, next); c != Code::Ok) return c;
  if (node.child_count > 0) return Code::NotEmpty;
  body = DeleteTxn{r.path};
  parent.zxid = ctx.zxid;
  parent.child_count -= 1;
  parent.stat->pzxid = ctx.zxid;
  add_change_record(std::move(parent));
  add_change_record(ChangeRecord{ctx.zxid, r.path, std::nullopt, -1, {}, {}});
  return Code::Ok;
}

// setData and check: path, node (NoNode), permission (NoAuth), then version (BadVersion).
Code PrepRequestProcessor::checked_node(const DataTree& tree, const std::string& path,
                                        std::int32_t perm, std::int32_t version,
                                        const AuthInfo& auth, ChangeRecord& node,
                                        std::int32_t& next_version) const {
  if (validate_path(path) != Code::Ok) return Code::BadArguments;
  if (Code c = record_for_path(tree, path, node); c != Code::Ok) return c;
  if (!check_acl(node.acl, perm, auth)) return Code::NoAuth;
  return check_version(node.stat->version, version, next_version);
}

Code PrepRequestProcessor::prep_op(const DataTree& tree, const SetDataRequest& r,
                                   const PrepContext& ctx, std::int32_t& type, SubTxnBody& body) {
  ZS_ASSERT(ctx.auth != nullptr);
  type = opcode::kSetData;
  // As checked_node, with checkQuota between the ACL and the version.
  if (validate_path(r.path) != Code::Ok) return Code::BadArguments;
  ChangeRecord node;
  if (Code c = record_for_path(tree, r.path, node); c != Code::Ok) return c;
  if (!check_acl(node.acl, perms::kWrite, *ctx.auth)) return Code::NoAuth;
  const auto bytes_diff = static_cast<std::int64_t>(r.data.size()) - static_cast<std::int64_t>(node.data.size());
  if (Code c = check_quota(tree, r.path, bytes_diff, 0); c != Code::Ok) return c;
  std::int32_t next = 0;
  if (Code c = check_version(node.stat->version, r.version, next); c != Code::Ok) return c;
  body = SetDataTxn{r.path, r.data, next};
  node.zxid = ctx.zxid;
  node.stat->version = next;
  node.stat->mtime = ctx.now;
  node.stat->mzxid = ctx.zxid;
  node.data = r.data;
  add_change_record(std::move(node));
  return Code::Ok;
}

Code PrepRequestProcessor::prep_op(const DataTree& tree, const CheckVersionRequest& r,
                                   const PrepContext& ctx, std::int32_t& type, SubTxnBody& body) {
  ZS_ASSERT(ctx.auth != nullptr);
  type = opcode::kCheck;
  ChangeRecord node;
  std::int32_t next = 0;
  if (Code c = checked_node(tree, r.path, perms::kRead, r.version, *ctx.auth, node, next); c != Code::Ok)
    return c;
  body = CheckVersionTxn{r.path, next};
  return Code::Ok;
}

// ZooKeeperServer.checkQuota (zookeeper.enforceQuota): the quota nearest above `path`, its
// limits and counts read from the tree as applied, not from the pending changes, as ZooKeeper
// reads its ZKDatabase. A limit passed is a message for the RateLogger; a hard one fails.
Code PrepRequestProcessor::check_quota(const DataTree& tree, const std::string& path,
                                       std::int64_t bytes_diff, std::int64_t count_diff) {
  if (!options_.enforce_quota) return Code::Ok;
  const auto root = tree.node(quota::kQuotaRoot);
  if (!root || root->num_children == 0) return Code::Ok;
  // getMaxPrefixWithQuota: the longest prefix by whole names ("/" never has a quota).
  std::string last;
  for (std::size_t slash = path.find('/', 1);; slash = path.find('/', slash + 1)) {
    const std::string_view prefix = std::string_view(path).substr(0, slash);
    if (prefix.size() > 1 && tree.node(quota::limit_path(prefix))) last = std::string(prefix);
    if (slash == std::string::npos) break;
  }
  if (last.empty()) return Code::Ok;
  const auto limit_node = tree.node(quota::limit_path(last));
  const quota::StatsTrack limits(*limit_node->data);
  const bool check_count = count_diff != 0 && (limits.count() > -1 || limits.count_hard_limit() > -1);
  const bool check_bytes = bytes_diff != 0 && (limits.bytes() > -1 || limits.byte_hard_limit() > -1);
  if (!check_count && !check_bytes) return Code::Ok;
  const auto stat_node = tree.node(quota::stat_path(last));
  if (!stat_node) return Code::Ok;  // ZooKeeper logs "Missing node for stat" and lets it pass
  const quota::StatsTrack current(*stat_node->data);
  auto over = [&](const char* what, std::int64_t now, std::int64_t soft, std::int64_t hard_limit) {
    const bool hard = hard_limit > -1;
    const std::int64_t limit = hard ? hard_limit : soft;
    if (now <= limit) return false;
    quota_messages_.push_back("Quota exceeded: " + last + " [current " + what + "=" + std::to_string(now) + ", " +
                              (hard ? "hard" : "soft") + (what[0] == 'c' ? "CountLimit=" : "ByteLimit=") +
                              std::to_string(limit) + "]");
    return hard;
  };
  if (check_count && over("count", current.count() + count_diff, limits.count(), limits.count_hard_limit()))
    return Code::QuotaExceeded;
  if (check_bytes && over("bytes", current.bytes() + bytes_diff, limits.bytes(), limits.byte_hard_limit()))
    return Code::QuotaExceeded;
  return Code::Ok;
}

// setACL as 3.8.0 orders it: path, then the new ACL list, then node, ADMIN, aversion.
Code PrepRequestProcessor::prep_set_acl(const DataTree& tree, const SetAclRequest& r,
                                        const PrepContext& ctx, SetAclTxn& out) {
  ZS_ASSERT(ctx.auth != nullptr);
  if (validate_path(r.path) != Code::Ok) return Code::BadArguments;
  AclList acl;
  if (Code c = fixup_acl(r.acl, *ctx.auth, acl); c != Code::Ok) return c;
  ChangeRecord node;
  if (Code c = record_for_path(tree, r.path, node); c != Code::Ok) return c;
  if (!check_acl(node.acl, perms::kAdmin, *ctx.auth)) return Code::NoAuth;
  std::int32_t next = 0;
  if (Code c = check_version(node.stat->aversion, r.version, next); c != Code::Ok) return c;
  out = SetAclTxn{r.path, acl, next};
  node.zxid = ctx.zxid;
  node.stat->aversion = next;
  add_change_record(std::move(node));
  return Code::Ok;
}

Code PrepRequestProcessor::prep_delete_container(const DataTree& tree,
                                                 const DeleteContainerRequest& r,
                                                 const PrepContext& ctx, DeleteTxn& out) {
  std::string_view parent_key;
  if (Code c = parent_for_delete(r.path, parent_key); c != Code::Ok) return c;
  ChangeRecord node;
  if (Code c = record_for_path(tree, r.path, node); c != Code::Ok) return c;
  if (node.child_count > 0) return Code::NotEmpty;
  if (ephemeral_type(node.stat->ephemeral_owner) == EphemeralType::Normal) {
    return Code::BadVersion;
  }
  ChangeRecord parent;
  if (Code c = record_for_path(tree, parent_key, parent); c != Code::Ok) return c;
  out = DeleteTxn{r.path};
  parent.zxid = ctx.zxid;
  parent.child_count -= 1;
  parent.stat->pzxid = ctx.zxid;
  add_change_record(std::move(parent));
  add_change_record(ChangeRecord{ctx.zxid, r.path, std::nullopt, -1, {}, {}});
  return Code::Ok;
}

// closeSession: the session's ephemerals as they will be once pending txns apply.
CloseSessionTxn PrepRequestProcessor::prep_close_session(const DataTree& tree,
                                                         const PrepContext& ctx) {
  const auto current = tree.ephemerals(ctx.session_id);
  std::set<std::string> es(current.begin(), current.end());
  for (const RecordPtr& c : overlay_.outstanding) {
    if (!c->stat) {
      es.erase(c->path);
    } else if (c->stat->ephemeral_owner == ctx.session_id) {
      es.insert(c->path);
    }
  }
  for (const std::string& path : es) {
    // With digests enabled (the 3.8 default) the parent's pzxid is recorded too.
    ChangeRecord parent;
    if (record_for_path(tree, parent_path(path), parent) == Code::Ok) {
      parent.zxid = ctx.zxid;
      parent.stat->pzxid = ctx.zxid;
      add_change_record(std::move(parent));
    }
    add_change_record(ChangeRecord{ctx.zxid, path, std::nullopt, 0, {}, {}});
  }
  return CloseSessionTxn{{es.begin(), es.end()}};
}

Txn PrepRequestProcessor::prepare(const DataTree& tree, const WriteRequest& request,
                                  const PrepContext& ctx) {
  quota_messages_.clear();
  Txn txn;
  txn.header = TxnHeader{ctx.session_id, ctx.cxid, ctx.zxid, ctx.now, opcode::kError};
  auto fail = [&](Code c) {
    txn.header.type = opcode::kError;
    txn.body = ErrorTxn{c};
  };
  std::visit(
      [&](const auto& r) {
        using R = std::decay_t<decltype(r)>;
        if constexpr (std::is_same_v<R, CreateRequest> || std::is_same_v<R, DeleteRequest> ||
                      std::is_same_v<R, SetDataRequest> ||
                      std::is_same_v<R, CheckVersionRequest>) {
          std::int32_t type = opcode::kError;
          SubTxnBody body = ErrorTxn{};
          if (Code c = prep_op(tree, r, ctx, type, body); c != Code::Ok) return fail(c);
          txn.header.type = type;
          std::visit([&](auto&& b) { txn.body = std::move(b); }, std::move(body));
        } else if constexpr (std::is_same_v<R, SetAclRequest>) {
          SetAclTxn body;
          if (Code c = prep_set_acl(tree, r, ctx, body); c != Code::Ok) return fail(c);
          txn.header.type = opcode::kSetAcl;
          txn.body = std::move(body);
        } else if constexpr (std::is_same_v<R, DeleteContainerRequest>) {
          DeleteTxn body;
          if (Code c = prep_delete_container(tree, r, ctx, body); c != Code::Ok) return fail(c);
          txn.header.type = opcode::kDeleteContainer;
          txn.body = std::move(body);
        } else if constexpr (std::is_same_v<R, CreateSessionRequest>) {
          txn.header.type = opcode::kCreateSession;
          txn.body = CreateSessionTxn{r.timeout_ms};
        } else if constexpr (std::is_same_v<R, CloseSessionRequest>) {
          txn.header.type = opcode::kCloseSession;
          txn.body = prep_close_session(tree, ctx);
        } else if constexpr (std::is_same_v<R, MultiRequest>) {
          txn.header.type = opcode::kMulti;
          MultiTxn multi;
          const Overlay before = overlay_;
          bool failed = false;
          for (const MultiOp& op : r.ops) {
            SubTxn& sub = multi.txns.emplace_back();
            if (failed) {
              sub.type = opcode::kError;
              sub.body = ErrorTxn{Code::RuntimeInconsistency};
              continue;
            }
            const Code c = std::visit(
                [&](const auto& o) { return prep_op(tree, o, ctx, sub.type, sub.body); }, op);
            if (c != Code::Ok) {
              failed = true;
              sub.type = opcode::kError;
              sub.body = ErrorTxn{c};
              overlay_ = before;  // rollbackPendingChanges
            }
          }
          txn.body = std::move(multi);
        } else if constexpr (std::is_same_v<R, ReconfigRequest>) {
          // "Reconfig operation requested but reconfig feature is disabled."
          fail(Code::ReconfigDisabled);
        } else {
          static_assert(sizeof(R) == 0, "unhandled request");
        }
      },
      request);
  return txn;
}

}  // namespace zs

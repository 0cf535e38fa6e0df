#include "data/data_tree.hpp"

#include <algorithm>
#include <type_traits>
#include <utility>

#include "core/assert.hpp"
#include "data/paths.hpp"
#include "data/quota.hpp"

namespace zs {
namespace {

constexpr std::string_view kProcZookeeper = "/zookeeper";
constexpr std::string_view kQuotaZookeeper = "/zookeeper/quota";
constexpr std::string_view kConfigZookeeper = "/zookeeper/config";

struct Fnv {
  std::uint64_t h = 0xcbf29ce484222325ULL;
  void bytes(const void* p, std::size_t n) {
    const auto* b = static_cast<const unsigned char*>(p);
    for (std::size_t i = 0; i < n; ++i) {
      h ^= b[i];
      h *= 0x100000001b3ULL;
    }
  }
  void i64(std::int64_t v) {
    unsigned char b[8];
    for (int i = 0; i < 8; ++i) b[i] = static_cast<unsigned char>(static_cast<std::uint64_t>(v) >> (56 - 8 * i));
    bytes(b, 8);
  }
  void str(std::string_view s) {
    i64(static_cast<std::int64_t>(s.size()));
    bytes(s.data(), s.size());
  }
};

// CRC-32 (IEEE 802.3, reflected, as java.util.zip.CRC32) for the tree digest.
struct TreeDigestCrc {
  std::uint32_t table[256];
  constexpr TreeDigestCrc() : table{} {
    for (std::uint32_t i = 0; i < 256; ++i) {
      std::uint32_t c = i;
      for (int k = 0; k < 8; ++k) c = (c & 1U) ? 0xedb88320U ^ (c >> 1) : c >> 1;
      table[i] = c;
    }
  }
  // `crc` is the running value as CRC32.getValue returns it (0 at the start).
  constexpr std::uint32_t update(std::uint32_t crc, const unsigned char* p, std::size_t n) const {
    crc = ~crc;
    for (std::size_t i = 0; i < n; ++i) crc = table[(crc ^ p[i]) & 0xffU] ^ (crc >> 8);
    return ~crc;
  }
};
constexpr TreeDigestCrc kTreeDigestCrc;

// ---- quotas (DataTree's pTrie, updateQuotaStat, updateQuotaForPath) ---------------------------
// ZooKeeper keeps the paths with a quota in a trie; here a path has a quota exactly when its
// zookeeper_limits node exists, which is what the trie is built from. Templates over the node
// map so the tree's header stays as it is.

// The longest path prefix of `path` (by whole names, "/" excluded) that has a quota.
template <class Map>
std::optional<std::string> max_prefix_with_quota(const Map& nodes, std::string_view path) {
  // Most trees have no quota at all: one lookup then.
  const auto* root = nodes.find(kQuotaZookeeper);
  if (root == nullptr || root->num_children == 0) return std::nullopt;
  std::optional<std::string> best;
  for (std::size_t slash = path.find('/', 1);; slash = path.find('/', slash + 1)) {
    const std::string_view prefix = path.substr(0, slash);
    if (prefix.size() > 1 && nodes.find(quota::limit_path(prefix)) != nullptr) best = std::string(prefix);
    if (slash == std::string_view::npos) break;
  }
  return best;
}

// Adds to the counts in the zookeeper_stats node of the quota on `prefix`. Not a setData: the
// node's Stat (version, mzxid) stays as it was.
template <class Map>
void update_quota_stat(Map& nodes, const std::string& prefix, std::int64_t bytes_diff, std::int64_t count_diff) {
  auto* stats = nodes.find_mut(quota::stat_path(prefix));
  if (stats == nullptr) return;  // ZooKeeper logs "Missing node for stat" and goes on
  quota::StatsTrack t(stats->data);
  t.set_count(t.count() + count_diff);
  t.set_bytes(t.bytes() + bytes_diff);
  stats->data = t.text();
  stats->null_data = false;
}

// Sets the zookeeper_stats node of the quota on `path` to its subtree's count (the node itself
// included) and bytes.
template <class Map>
void update_quota_for_path(Map& nodes, const std::string& path) {
  const Map& view = nodes;
  if (view.find(quota::stat_path(path)) == nullptr) return;
  std::int64_t count = 0;
  std::int64_t bytes = 0;
  if (const auto* self = view.find(path == "/" ? std::string_view{} : std::string_view(path))) {
    count = 1;
    bytes = static_cast<std::int64_t>(self->data.size());
    const std::string prefix = path == "/" || path.empty() ? std::string("/") : path + "/";
    for (auto it = view.lower_bound(prefix); it != view.end(); ++it) {
      if (!std::string_view(it->first).starts_with(prefix)) break;
      ++count;
      bytes += static_cast<std::int64_t>(it->second.data.size());
    }
  }
  quota::StatsTrack t;
  t.set_bytes(bytes);
  t.set_count(count);
  auto* stats = nodes.find_mut(quota::stat_path(path));
  stats->data = t.text();
  stats->null_data = false;
}

}  // namespace

DataTree::DataTree() {
  acls_.push_back(open_acl_unsafe());  // index 0 is what the proc nodes use (ACL id -1 in ZK)
  nodes_.emplace(std::string(kRootKey), Node{});
  nodes_.emplace(std::string(kProcZookeeper), Node{});
  nodes_.emplace(std::string(kQuotaZookeeper), Node{});
  Node config;
  config.acl = intern_acl(read_acl_unsafe());
  // addConfigNode sets the ACL with version -1, which becomes the aversion.
  config.stat.aversion = -1;
  nodes_.emplace(std::string(kConfigZookeeper), config);
  // addChild does not touch the stored cversion: the initial nodes all have zero stats.
  find(kRootKey)->num_children = 1;
  find(kProcZookeeper)->num_children = 2;
}

std::size_t DataTree::node_chunk_bytes() { return decltype(nodes_)::kChunkBytes; }

DataTree::Node* DataTree::find(std::string_view key) { return nodes_.find_mut(key); }

const DataTree::Node* DataTree::find(std::string_view key) const { return nodes_.find(key); }

std::int32_t DataTree::intern_acl(const AclList& acl) {
  for (std::size_t i = 0; i < acls_.size(); ++i) {
    if (acls_[i] == acl) return static_cast<std::int32_t>(i);
  }
  acls_.push_back(acl);
  return static_cast<std::int32_t>(acls_.size() - 1);
}

Stat DataTree::client_stat(const Node& n) const {
  return to_client_stat(n.stat, static_cast<std::int32_t>(n.data.size()), n.num_children);
}

Code DataTree::create_node(const std::string& path, const std::string& data, bool null_data, const AclList& acl,
                           std::int64_t ephemeral_owner, std::int32_t parent_cversion, Zxid zxid,
                           Ms time, Stat* out) {
  if (path.find('/') == std::string::npos) return Code::NoNode;
  const std::string_view parent_key = parent_path(path);
  Node* parent = find(parent_key);
  if (parent == nullptr) return Code::NoNode;
  if (nodes_.contains(std::string_view(path))) return Code::NodeExists;
  if (parent_cversion == -1) parent_cversion = parent->stat.cversion + 1;
  // Only move forward: a replayed create must not roll back cversion/pzxid.
  if (parent_cversion > parent->stat.cversion) {
    parent->stat.cversion = parent_cversion;
    parent->stat.pzxid = zxid;
  }
  parent->num_children += 1;
  Node child;
  child.stat.czxid = zxid;
  child.stat.mzxid = zxid;
  child.stat.pzxid = zxid;
  child.stat.ctime = time;
  child.stat.mtime = time;
  child.stat.ephemeral_owner = ephemeral_owner;
  child.data = data;
  child.null_data = null_data;
  child.acl = intern_acl(acl);
  switch (ephemeral_type(ephemeral_owner)) {
    case EphemeralType::Container: containers_.insert(path); break;
    case EphemeralType::Ttl: ttls_.insert(path); break;
    case EphemeralType::Normal: ephemerals_[ephemeral_owner].insert(path); break;
    case EphemeralType::Void: break;
  }
  auto [node, inserted] = nodes_.emplace(path, std::move(child));
  ZS_ASSERT(inserted);
  // DataTree.createNode: a new zookeeper_stats node is filled with its subtree's counts now;
  // then the node counts towards the quota above it.
  const std::string_view name = std::string_view(path).substr(path.rfind('/') + 1);
  if (parent_key.starts_with(kQuotaZookeeper) && name == quota::kStatNode) {
    update_quota_for_path(nodes_, std::string(parent_key.substr(kQuotaZookeeper.size())));
  }
  if (auto prefix = max_prefix_with_quota(nodes_, path)) {
    update_quota_stat(nodes_, *prefix, static_cast<std::int64_t>(data.size()), 1);
  }
  if (out != nullptr) *out = client_stat(*find(path));
  return Code::Ok;
}

Code DataTree::delete_node(const std::string& path, Zxid zxid) {
  if (path.find('/') == std::string::npos) return Code::NoNode;
  Node* parent = find(parent_path(path));
  if (parent == nullptr) return Code::NoNode;
  // The parent's pzxid moves even when the child is already gone (DataTree.deleteNode).
  if (zxid > parent->stat.pzxid) parent->stat.pzxid = zxid;
  const Node* node = std::as_const(nodes_).find(std::string_view(path));
  if (node == nullptr) return Code::NoNode;
  ZS_ASSERT(parent->num_children > 0);
  parent->num_children -= 1;
  const std::int64_t owner = node->stat.ephemeral_owner;
  const auto bytes = static_cast<std::int64_t>(node->data.size());
  nodes_.erase(path);
  // DataTree.deleteNode: the quota above loses the node (looked up after a zookeeper_limits
  // node itself is gone, so deleting a quota's limits never counts against it).
  if (auto prefix = max_prefix_with_quota(nodes_, path)) update_quota_stat(nodes_, *prefix, -bytes, -1);
  switch (ephemeral_type(owner)) {
    case EphemeralType::Container: containers_.erase(path); break;
    case EphemeralType::Ttl: ttls_.erase(path); break;
    case EphemeralType::Normal: {
      auto e = ephemerals_.find(owner);
      if (e != ephemerals_.end()) {
        e->second.erase(path);
        if (e->second.empty()) ephemerals_.erase(e);
      }
      break;
    }
    case EphemeralType::Void: break;
  }
  return Code::Ok;
}

Code DataTree::set_data(const std::string& path, const std::string& data, std::int32_t version,
                        Zxid zxid, Ms time, Stat* out) {
  Node* n = find(key_of(path));
  if (n == nullptr) return Code::NoNode;
  const auto diff = static_cast<std::int64_t>(data.size()) - static_cast<std::int64_t>(n->data.size());
  n->data = data;
  n->null_data = false;
  n->stat.mtime = time;
  n->stat.mzxid = zxid;
  n->stat.version = version;
  if (out != nullptr) *out = client_stat(*n);
  if (auto prefix = max_prefix_with_quota(nodes_, path)) update_quota_stat(nodes_, *prefix, diff, 0);
  return Code::Ok;
}


Code DataTree::set_acl(const std::string& path, const AclList& acl, std::int32_t version,
                       Stat* out) {
  Node* n = find(key_of(path));
  if (n == nullptr) return Code::NoNode;
  n->stat.aversion = version;
  n->acl = intern_acl(acl);
  if (out != nullptr) *out = client_stat(*n);
  return Code::Ok;
}

Code DataTree::set_cversion_pzxid(std::string_view path, std::int32_t cversion, Zxid zxid) {
  if (path.size() > 0 && path.back() == '/') path.remove_suffix(1);
  Node* n = find(path);
  if (n == nullptr) return Code::NoNode;
  if (cversion == -1) cversion = n->stat.cversion + 1;
  if (cversion > n->stat.cversion) {
    n->stat.cversion = cversion;
    n->stat.pzxid = zxid;
  }
  return Code::Ok;
}

// The per-op part of processTxn, shared by top-level txns and multi sub-txns.
template <class Body>
void DataTree::process_op(const TxnHeader& h, const Body& body, OpResult& rc) {
  rc.type = h.type;
  if constexpr (std::is_same_v<Body, CreateTxn>) {
    ZS_ASSERT(h.type == opcode::kCreate || h.type == opcode::kCreate2);
    rc.path = body.path;
    rc.err = create_node(body.path, body.data, body.null_data, body.acl, body.ephemeral ? h.client_id : 0,
                         body.parent_cversion, h.zxid, h.time, &rc.stat);
    // Replay of a create whose node survived in a fuzzy snapshot: still advance the parent.
    if (h.type == opcode::kCreate && rc.err == Code::NodeExists) {
      const Code e = set_cversion_pzxid(parent_path(rc.path), body.parent_cversion, h.zxid);
      if (e != Code::Ok) rc.err = e;
    }
  } else if constexpr (std::is_same_v<Body, CreateContainerTxn>) {
    ZS_ASSERT(h.type == opcode::kCreateContainer);
    rc.path = body.path;
    rc.err = create_node(body.path, body.data, body.null_data, body.acl, kContainerEphemeralOwner,
                         body.parent_cversion, h.zxid, h.time, &rc.stat);
  } else if constexpr (std::is_same_v<Body, CreateTtlTxn>) {
    ZS_ASSERT(h.type == opcode::kCreateTtl);
    ZS_ASSERT(body.ttl_ms > 0);
    ZS_ASSERT(body.ttl_ms <= kMaxTtlMs);
    rc.path = body.path;
    rc.err = create_node(body.path, body.data, body.null_data, body.acl, ttl_ephemeral_owner(body.ttl_ms),
                         body.parent_cversion, h.zxid, h.time, &rc.stat);
  } else if constexpr (std::is_same_v<Body, DeleteTxn>) {
    ZS_ASSERT(h.type == opcode::kDelete || h.type == opcode::kDeleteContainer);
    rc.path = body.path;
    rc.err = delete_node(body.path, h.zxid);
  } else if constexpr (std::is_same_v<Body, SetDataTxn>) {
    ZS_ASSERT(h.type == opcode::kSetData);
    rc.path = body.path;
    rc.err = set_data(body.path, body.data, body.version, h.zxid, h.time, &rc.stat);
  } else if constexpr (std::is_same_v<Body, SetAclTxn>) {
    ZS_ASSERT(h.type == opcode::kSetAcl);
    rc.path = body.path;
    rc.err = set_acl(body.path, body.acl, body.version, &rc.stat);
  } else if constexpr (std::is_same_v<Body, CheckVersionTxn>) {
    ZS_ASSERT(h.type == opcode::kCheck);
    rc.path = body.path;
  } else if constexpr (std::is_same_v<Body, ErrorTxn>) {
    ZS_ASSERT(h.type == opcode::kError);
    rc.err = body.err;
  } else {
    static_assert(sizeof(Body) == 0, "not an op body");
  }
}

void DataTree::process(const TxnHeader& h, const TxnBody& body, ApplyResult& rc) {
  rc.client_id = h.client_id;
  rc.cxid = h.cxid;
  rc.zxid = h.zxid;
  rc.type = h.type;
  rc.err = Code::Ok;
  std::visit(
      [&](const auto& b) {
        using B = std::decay_t<decltype(b)>;
        if constexpr (std::is_same_v<B, CreateSessionTxn>) {
          ZS_ASSERT(h.type == opcode::kCreateSession);
        } else if constexpr (std::is_same_v<B, CloseSessionTxn>) {
          ZS_ASSERT(h.type == opcode::kCloseSession);
          std::set<std::string> local;
          if (auto e = ephemerals_.find(h.client_id); e != ephemerals_.end()) {
            local = std::move(e->second);
            ephemerals_.erase(e);
          }
          for (const auto& p : b.paths_to_delete) {
            if (delete_node(p, h.zxid) == Code::Ok) rc.deleted_paths.push_back(p);
            local.erase(p);
          }
          for (const auto& p : local) {
            if (delete_node(p, h.zxid) == Code::Ok) rc.deleted_paths.push_back(p);
          }
        } else if constexpr (std::is_same_v<B, MultiTxn>) {
          ZS_ASSERT(h.type == opcode::kMulti);
          const bool failed = std::any_of(b.txns.begin(), b.txns.end(), [](const SubTxn& t) {
            return t.type == opcode::kError;
          });
          bool post_failed = false;
          rc.multi.reserve(b.txns.size());
          for (const SubTxn& sub : b.txns) {
            TxnHeader sh = h;
            sh.type = sub.type;
            OpResult& r = rc.multi.emplace_back();
            if (sub.type == opcode::kError) post_failed = true;
            if (failed && sub.type != opcode::kError) {
              // Ops before the failing one report 0, ops after it RUNTIMEINCONSISTENCY.
              sh.type = opcode::kError;
              process_op(sh, ErrorTxn{post_failed ? Code::RuntimeInconsistency : Code::Ok}, r);
            } else {
              std::visit([&](const auto& sb) { process_op(sh, sb, r); }, sub.body);
            }
            if (r.err != Code::Ok && rc.err == Code::Ok) rc.err = r.err;
          }
        } else {
          OpResult r;
          process_op(h, b, r);
          rc.err = r.err;
          rc.path = std::move(r.path);
          rc.stat = r.stat;
        }
      },
      body);
}

ApplyResult DataTree::apply(const TxnHeader& header, const TxnBody& body) {
  ApplyResult rc;
  process(header, body, rc);
  // After the whole txn (a multi counts once), as processTxn does for !isSubTxn.
  if (header.zxid > last_processed_zxid_) last_processed_zxid_ = header.zxid;
  return rc;
}

std::optional<DataTree::NodeView> DataTree::node(std::string_view path) const {
  const Node* n = find(key_of(path));
  if (n == nullptr) return std::nullopt;
  return NodeView{&n->stat, &n->data, &acls_[static_cast<std::size_t>(n->acl)], n->num_children, n->null_data};
}

std::optional<DataAndStat> DataTree::get_data(std::string_view path) const {
  const Node* n = find(key_of(path));
  if (n == nullptr) return std::nullopt;
  return DataAndStat{n->data, client_stat(*n), n->null_data};
}

std::optional<Stat> DataTree::exists(std::string_view path) const {
  const Node* n = find(key_of(path));
  if (n == nullptr) return std::nullopt;
  return client_stat(*n);
}

std::optional<AclList> DataTree::get_acl(std::string_view path) const {
  const Node* n = find(key_of(path));
  if (n == nullptr) return std::nullopt;
  return acls_[static_cast<std::size_t>(n->acl)];
}

std::optional<ChildrenAndStat> DataTree::get_children(std::string_view path) const {
  const std::string_view key = key_of(path);
  const Node* n = find(key);
  if (n == nullptr) return std::nullopt;
  ChildrenAndStat out;
  out.stat = client_stat(*n);
  out.children.reserve(static_cast<std::size_t>(n->num_children));
  std::string prefix(key);
  prefix += '/';
  auto it = nodes_.lower_bound(std::string_view(prefix));
  // Keys under `prefix` are sorted; a key with a further '/' belongs to a grandchild's
  // subtree, which is skipped whole by seeking past "<prefix><child>/" ('0' follows '/').
  while (it != nodes_.end() && it->first.starts_with(prefix)) {
    const std::string_view rest = std::string_view(it->first).substr(prefix.size());
    const auto slash = rest.find('/');
    if (slash == std::string_view::npos) {
      out.children.emplace_back(rest);
      ++it;
    } else {
      std::string next = prefix;
      next += rest.substr(0, slash);
      next += '0';
      it = nodes_.lower_bound(std::string_view(next));
    }
  }
  ZS_ASSERT(out.children.size() == static_cast<std::size_t>(n->num_children));
  return out;
}

Code DataTree::mirror_put(std::string_view path, std::string data, bool null_data, const Stat& stat,
                          const AclList* acl) {
  const std::string_view key = key_of(path);
  Node* node = find(key);
  if (node == nullptr) {
    if (key == kRootKey || path.find('/') == std::string_view::npos) return Code::BadArguments;
    Node* parent = find(parent_path(path));
    if (parent == nullptr) return Code::NoNode;
    parent->num_children += 1;
    node = nodes_.emplace(std::string(key), Node{}).first;
  }
  const std::int64_t old_owner = node->stat.ephemeral_owner;
  StatPersisted& s = node->stat;
  s.czxid = stat.czxid;
  s.mzxid = stat.mzxid;
  s.ctime = stat.ctime;
  s.mtime = stat.mtime;
  s.version = stat.version;
  // The client's cversion is the stored one twice less the children (to_client_stat).
  s.cversion = (stat.cversion + stat.num_children) / 2;
  s.aversion = stat.aversion;
  s.ephemeral_owner = stat.ephemeral_owner;
  s.pzxid = stat.pzxid;
  node->data = std::move(data);
  node->null_data = null_data;
  if (acl != nullptr) node->acl = intern_acl(*acl);
  if (old_owner != stat.ephemeral_owner) {
    const std::string p(key);
    if (ephemeral_type(old_owner) == EphemeralType::Normal) {
      auto e = ephemerals_.find(old_owner);
      if (e != ephemerals_.end()) {
        e->second.erase(p);
        if (e->second.empty()) ephemerals_.erase(e);
      }
    }
    if (ephemeral_type(stat.ephemeral_owner) == EphemeralType::Normal) ephemerals_[stat.ephemeral_owner].insert(p);
  }
  return Code::Ok;
}

Code DataTree::mirror_acl(std::string_view path, const AclList& acl) {
  Node* node = find(key_of(path));
  if (node == nullptr) return Code::NoNode;
  node->acl = intern_acl(acl);
  return Code::Ok;
}

std::size_t DataTree::mirror_remove(std::string_view path) {
  const std::string_view key = key_of(path);
  if (key == kRootKey || find(key) == nullptr) return 0;
  std::vector<std::string> gone{std::string(key)};
  const std::string prefix = std::string(key) + '/';
  for (auto it = nodes_.lower_bound(std::string_view(prefix)); it != nodes_.end() && it->first.starts_with(prefix); ++it)
    gone.push_back(it->first);
  for (const std::string& p : gone) {
    const std::int64_t owner = find(p)->stat.ephemeral_owner;
    if (ephemeral_type(owner) == EphemeralType::Normal) {
      auto e = ephemerals_.find(owner);
      if (e != ephemerals_.end()) {
        e->second.erase(p);
        if (e->second.empty()) ephemerals_.erase(e);
      }
    }
    containers_.erase(p);
    ttls_.erase(p);
    nodes_.erase(p);
  }
  Node* parent = find(parent_path(key));
  if (parent != nullptr && parent->num_children > 0) parent->num_children -= 1;
  return gone.size();
}

std::vector<std::string> DataTree::mirror_children(std::string_view path, const std::vector<std::string>& names) {
  std::vector<std::string> fresh;
  const auto have = get_children(path);
  if (!have) return fresh;
  const std::string base = path == "/" ? std::string() : std::string(path);
  for (const std::string& child : have->children) {
    if (std::find(names.begin(), names.end(), child) == names.end()) mirror_remove(base + "/" + child);
  }
  for (const std::string& name : names) {
    if (!std::binary_search(have->children.begin(), have->children.end(), name)) fresh.push_back(name);
  }
  return fresh;
}

std::vector<std::string> DataTree::ephemerals(std::int64_t session) const {
  auto it = ephemerals_.find(session);
  if (it == ephemerals_.end()) return {};
  return {it->second.begin(), it->second.end()};
}

void DataTree::set_config_node(std::string data, Ms time) {
  Node* n = find(kConfigZookeeper);
  if (n == nullptr) return;
  n->data = std::move(data);
  n->null_data = false;
  n->stat.version = -1;
  n->stat.mzxid = Zxid{};
  n->stat.mtime = time;
}

std::int32_t DataTree::count_below(std::string_view path) const {
  std::string prefix(path);
  if (prefix.empty() || prefix.back() != '/') prefix += '/';
  std::int32_t n = 0;
  // Keys are in byte order, so the ones with the prefix are one run.
  for (auto it = nodes_.lower_bound(prefix); it != nodes_.end(); ++it) {
    if (!std::string_view(it->first).starts_with(prefix)) break;
    ++n;
  }
  return n;
}

std::vector<std::int64_t> DataTree::sessions_with_ephemerals() const {
  std::vector<std::int64_t> out;
  out.reserve(ephemerals_.size());
  for (const auto& [s, paths] : ephemerals_) out.push_back(s);
  return out;
}

std::uint64_t DataTree::digest() const {
  Fnv f;
  for (const auto& [path, n] : nodes_) {
    // ZooKeeper's digest leaves out the /zookeeper subtree; the config node in particular
    // differs between servers (each writes its own mtime).
    if (path == kConfigZookeeper) continue;
    f.str(path);
    f.str(n.data);
    f.i64(n.stat.czxid.raw());
    f.i64(n.stat.mzxid.raw());
    f.i64(n.stat.ctime);
    f.i64(n.stat.mtime);
    f.i64(n.stat.version);
    f.i64(n.stat.cversion);
    f.i64(n.stat.aversion);
    f.i64(n.stat.ephemeral_owner);
    f.i64(n.stat.pzxid.raw());
    f.i64(n.num_children);
    const AclList& acl = acls_[static_cast<std::size_t>(n.acl)];
    f.i64(static_cast<std::int64_t>(acl.size()));
    for (const Acl& a : acl) {
      f.i64(a.perms);
      f.str(a.id.scheme);
      f.str(a.id.id);
    }
  }
  return f.h;
}

std::int64_t DataTree::zk_digest() const {
  std::int64_t sum = 0;  // AdHash: a long that wraps
  for (const auto& [path, n] : nodes_) {
    if (path.starts_with("/zookeeper/")) continue;  // ZooDefs.ZOOKEEPER_NODE_SUBTREE
    unsigned char stat[60];
    std::size_t at = 0;
    auto put = [&](std::uint64_t v, int bytes) {
      for (int i = bytes - 1; i >= 0; --i) stat[at++] = static_cast<unsigned char>(v >> (8 * i));
    };
    put(static_cast<std::uint64_t>(n.stat.czxid.raw()), 8);
    put(static_cast<std::uint64_t>(n.stat.mzxid.raw()), 8);
    put(static_cast<std::uint64_t>(n.stat.pzxid.raw()), 8);
    put(static_cast<std::uint64_t>(n.stat.ctime), 8);
    put(static_cast<std::uint64_t>(n.stat.mtime), 8);
    put(static_cast<std::uint32_t>(n.stat.version), 4);
    put(static_cast<std::uint32_t>(n.stat.cversion), 4);
    put(static_cast<std::uint32_t>(n.stat.aversion), 4);
    put(static_cast<std::uint64_t>(n.stat.ephemeral_owner), 8);
    std::uint32_t crc = kTreeDigestCrc.update(0, reinterpret_cast<const unsigned char*>(path.data()), path.size());
    crc = kTreeDigestCrc.update(crc, reinterpret_cast<const unsigned char*>(n.data.data()), n.data.size());
    crc = kTreeDigestCrc.update(crc, stat, sizeof stat);
    sum = static_cast<std::int64_t>(static_cast<std::uint64_t>(sum) + crc);
  }
  return sum;
}

}  // namespace zs

namespace zs {

void DataTree::diff(const DataTree& before, const std::function<void(std::string_view path, bool removed)>& f) const {
  nodes_.diff(before.nodes_, [&](std::string_view key, const Node* was, const Node* now) {
    const std::string_view path = key == kRootKey ? std::string_view("/") : key;
    // The same ACL index may name different lists in two trees that interned separately:
    // compare the lists when everything else is equal.
    if (was != nullptr && now != nullptr && was->stat == now->stat && was->data == now->data &&
        was->null_data == now->null_data && was->num_children == now->num_children &&
        before.acls_[static_cast<std::size_t>(was->acl)] == acls_[static_cast<std::size_t>(now->acl)])
      return;
    f(path, now == nullptr);
  });
}

}  // namespace zs

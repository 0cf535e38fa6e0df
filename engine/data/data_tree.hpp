// The replicated znode tree (S/DataTree.java): applies committed txns exactly as
// DataTree.processTxn does and answers reads. Pure: time arrives inside the txn header.
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "core/shared_map.hpp"
#include "core/types.hpp"
#include "data/acl.hpp"
#include "data/errors.hpp"
#include "data/paths.hpp"
#include "data/stat.hpp"
#include "data/txn.hpp"

namespace zs {

// ProcessTxnResult of one op inside a multi.
struct OpResult {
  std::int32_t type = opcode::kError;  // the sub-txn type; kError for failed / rolled-back ops
  Code err = Code::Ok;
  std::string path;
  Stat stat;  // set for create2-like results and setData
};

// DataTree.ProcessTxnResult.
struct ApplyResult {
  std::int64_t client_id = 0;
  std::int32_t cxid = 0;
  Zxid zxid{};
  std::int32_t type = opcode::kError;
  Code err = Code::Ok;
  std::string path;  // path of the txn; for creates the created path (with suffix)
  Stat stat;         // the node's stat after create / setData / setACL
  std::vector<OpResult> multi;              // one per op, for multi
  std::vector<std::string> deleted_paths;   // closeSession: ephemerals removed, in order
};

struct DataAndStat {
  std::string data;
  Stat stat;
  bool null_data = false;  // created without data: ZooKeeper returns null (zkCli prints "null")
};
struct ChildrenAndStat {
  std::vector<std::string> children;  // names, sorted
  Stat stat;
};

class DataTree {
 public:
  // Internal key of the root; "/" is an alias (ZooKeeper holds both keys).
  static constexpr std::string_view kRootKey = "";

  DataTree();

  ApplyResult apply(const TxnHeader& header, const TxnBody& body);
  Zxid last_processed_zxid() const { return last_processed_zxid_; }

  // Reads. Paths are client paths ("/" for the root).
  std::optional<DataAndStat> get_data(std::string_view path) const;
  std::optional<ChildrenAndStat> get_children(std::string_view path) const;
  std::optional<Stat> exists(std::string_view path) const;
  std::optional<AclList> get_acl(std::string_view path) const;

  // What prep needs: the stored form of a node.
  struct NodeView {
    const StatPersisted* stat = nullptr;
    const std::string* data = nullptr;
    const AclList* acl = nullptr;
    std::int32_t num_children = 0;
    bool null_data = false;
  };
  std::optional<NodeView> node(std::string_view path) const;

  // ZKDatabase.initConfigInZKDatabase: /zookeeper/config gets `data` (the membership as
  // QuorumVerifier.toString writes it) with setData's version -1 and zxid 0, at wall time
  // `time`. Not a transaction: each server does it on its own (at start, after a SNAP).
  void set_config_node(std::string data, Ms time);

  // Ephemerals owned by `session`, sorted.
  std::vector<std::string> ephemerals(std::int64_t session) const;
  std::vector<std::int64_t> sessions_with_ephemerals() const;
  // DataTree.getAllChildrenNumber: how many nodes lie below `path` (every key starting with
  // `path` + "/"; for "/" every node but the root, /zookeeper and its children included, as
  // real 3.8.0 counts them).
  std::int32_t count_below(std::string_view path) const;
  const std::set<std::string>& containers() const { return containers_; }
  const std::set<std::string>& ttl_nodes() const { return ttls_; }

  // ---- a mirror of a real server's tree, as a client reads it (engine/attach) -----------------
  // Sets the node at `path` to what a read returned (getData's data and Stat, getACL's list),
  // making it when it is new. The parent must be there already (NoNode otherwise): a mirror
  // learns children from their parent. Nothing here is a transaction: no zxid moves, no watch
  // fires. `stat.num_children` is what the server said; the node's children are the ones
  // mirrored, so the cversion shown is exact once they are all mirrored.
  Code mirror_put(std::string_view path, std::string data, bool null_data, const Stat& stat,
                  const AclList* acl);
  // Sets the ACL of a mirrored node (a getACL answer). NoNode when it is not there.
  Code mirror_acl(std::string_view path, const AclList& acl);
  // Removes the node at `path` and every node under it (the server no longer has it, so
  // none of its children can be there either). How many nodes went.
  std::size_t mirror_remove(std::string_view path);
  // Removes the children of `path` that are not in `names` (a getChildren answer), with
  // their subtrees; the names not mirrored yet are returned, in the order given.
  std::vector<std::string> mirror_children(std::string_view path, const std::vector<std::string>& names);

  // The paths whose node differs between `before` and this tree (data, Stat, ACL), in path
  // order (a parent before its children): `removed` when this tree no longer has it. Chunks
  // of nodes the two trees share are skipped (a published copy of a mirror and the next one
  // share all but what changed in between).
  void diff(const DataTree& before, const std::function<void(std::string_view path, bool removed)>& f) const;

  // srvr "Node count": the map size with the root counted twice.
  std::size_t node_count() const { return nodes_.size() + 1; }
  // Bytes a copy of this tree takes of its own (a pointer per chunk of nodes).
  std::size_t copy_bytes() const { return nodes_.chunk_count() * 2 * sizeof(void*); }
  // FNV-1a 64 over every node (path, data, stored stat, ACL) in path order.
  std::uint64_t digest() const;
  // ZooKeeper's tree digest (DataTree.getTreeDigest, digest enabled as by default): the sum of
  // DigestCalculator.calculateDigest over the nodes, each a CRC-32 of its path ("" for the
  // root), its data and its StatPersisted (czxid, mzxid, pzxid, ctime, mtime, version,
  // cversion, aversion, ephemeralOwner); the nodes under /zookeeper/ are left out, /zookeeper
  // itself counts. Equal to the real server's for the same nodes, times included.
  std::int64_t zk_digest() const;

  // Keeps `other`'s copy of every chunk of nodes this tree holds too, exactly as stored
  // (SharedSortedMap::share_equal_chunks): nothing this tree answers changes, but servers
  // that applied the same txns keep their znodes once instead of once each. How many chunks
  // were shared.
  std::size_t share_nodes_with(const DataTree& other) { return nodes_.share_equal_chunks(other.nodes_); }
  // Chunks of nodes this tree made so far (each a copy or a new one): how much it may have
  // grown apart from other trees since they last shared.
  std::size_t node_chunks_made() const { return nodes_.chunks_made(); }
  // Calls f(address) for every chunk of nodes this tree holds.
  template <class F>
  void for_each_node_chunk(F&& f) const {
    nodes_.for_each_chunk(f);
  }
  // Bytes of one chunk of nodes, its entries' inline part.
  static std::size_t node_chunk_bytes();

 private:
  struct Node {
    StatPersisted stat;
    std::string data;
    std::int32_t acl : 31 = 0;        // index into acls_
    bool null_data : 1 = false;       // created without data; a setData makes it non-null
    std::int32_t num_children = 0;  // == number of keys whose parent is this node
    friend bool operator==(const Node&, const Node&) = default;
  };

  static std::string_view key_of(std::string_view path) { return path == "/" ? kRootKey : path; }
  Node* find(std::string_view key);
  const Node* find(std::string_view key) const;
  std::int32_t intern_acl(const AclList& acl);

  Code create_node(const std::string& path, const std::string& data, bool null_data, const AclList& acl,
                   std::int64_t ephemeral_owner, std::int32_t parent_cversion, Zxid zxid, Ms time,
                   Stat* out);
  Code delete_node(const std::string& path, Zxid zxid);
  Code set_data(const std::string& path, const std::string& data, std::int32_t version,
                Zxid zxid, Ms time, Stat* out);
  Code set_acl(const std::string& path, const AclList& acl, std::int32_t version, Stat* out);
  Code set_cversion_pzxid(std::string_view path, std::int32_t cversion, Zxid zxid);
  Stat client_stat(const Node& n) const;
  // One txn; `sub` mirrors processTxn's isSubTxn.
  void process(const TxnHeader& header, const TxnBody& body, ApplyResult& rc);
  template <class Body>
  void process_op(const TxnHeader& header, const Body& body, OpResult& rc);

  // Ordered by path, so a node's children are the keys "<path>/<name>" without a further '/'.
  // Copies (checkpoints, snapshots, a SNAP) share the chunks of nodes neither side changed.
  SharedSortedMap<Node, PathLess> nodes_;
  std::vector<AclList> acls_;  // ACL cache: nodes hold an index; entries never change
  std::map<std::int64_t, std::set<std::string>> ephemerals_;
  std::set<std::string> containers_;
  std::set<std::string> ttls_;
  Zxid last_processed_zxid_{};
};

}  // namespace zs

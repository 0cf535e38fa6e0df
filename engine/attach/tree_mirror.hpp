// The znode tree of a real ensemble as one client session sees it: loaded with pipelined
// reads (many in flight, never one round trip per node) and kept current by watches. It
// decides what to read and applies the answers; the session that carries the requests is the
// caller's (a WireSession in the monitor, a fake in the tests), so this part has no socket,
// no thread and no clock.
//
// With a server that has addWatch (3.6+), one persistent recursive watch on "/" reports every
// create, delete and data change below it: a created node is read, a deleted one dropped, a
// changed one read again, and the parent of a created or deleted node has its Stat read again
// (cversion, pzxid, numChildren move). Older servers answer addWatch with an error
// (UNIMPLEMENTED, or they close the connection on the unknown opcode); then every read sets a
// one-shot watch instead and each event re-reads and re-arms what it fired for.
//
// ACL changes fire no watch in ZooKeeper (setACL triggers nothing), so an ACL changed after the
// load shows only after the next load (a reconnect reloads everything).
#pragma once

#include <cstddef>
#include <cstdint>
#include <deque>
#include <functional>
#include <map>
#include <string>

#include "console/client_handle.hpp"
#include "data/client_protocol.hpp"
#include "data/data_tree.hpp"

namespace zs::attach {

class TreeMirror {
 public:
  // Sends one request on the session; `done` is called with its answer (err and result).
  using Reply = std::function<void(Code err, const ClientResult& result)>;
  using Submit = std::function<void(ClientCall call, Reply done)>;

  struct Options {
    bool persistent_watch = true;  // try addWatch first (false: one-shot watches from the start)
    // Requests in flight at most; the rest wait their turn (bounded memory on huge trees: a
    // node's children are queued as names, read when a slot frees).
    std::size_t max_in_flight = 2000;
  };

  TreeMirror(Submit submit, Options options);
  TreeMirror(Submit submit) : TreeMirror(std::move(submit), Options{}) {}

  // (Re)loads the whole tree: call on every new or re-established connection (events missed
  // while disconnected are not replayed for persistent watches, so a reload is the only sure
  // way). Nodes already mirrored stay until the answers say they are gone.
  void load();
  // A watch event of the session (path as the client sees it).
  void on_watch(const console::HandleWatch& w);

  const DataTree& tree() const { return tree_; }
  // The first load after load() has every answer (nothing in flight or queued from it).
  bool loaded() const { return loaded_; }
  // The ACLs of the loaded nodes have been read too. A load reads data, Stat and children
  // first (the tree is whole sooner); the ACLs follow in a second pass. Until then a node
  // shows the ACL it had before, or world:anyone when it is new.
  bool acls_loaded() const { return acls_loaded_; }
  // Changes with every answer that changed the tree.
  std::uint64_t generation() const { return generation_; }
  bool persistent() const { return mode_ == Mode::Persistent; }
  std::size_t in_flight() const { return in_flight_; }
  std::size_t queued() const { return queue_.size(); }
  std::uint64_t requests_sent() const { return sent_; }
  // Nodes read since the last load() began.
  std::uint64_t nodes_read() const { return nodes_read_; }
  // A change the mirror saw (for the attach timeline and `zooscope attach`'s change lines).
  struct Change {
    EventType type = EventType::None;  // NodeCreated, NodeDeleted, NodeDataChanged
    std::string path;
  };
  // The changes seen since the last call (after the first load; the load itself is none).
  std::deque<Change> take_changes() { return std::exchange(changes_, {}); }

 private:
  enum class Mode : std::uint8_t { Unknown, Persistent, OneShot };
  enum class Read : std::uint8_t { Node, Data, Children, Stat, Acl };
  struct Pending {
    Read what;
    std::string path;
  };

  void read(Read what, std::string path);
  void send(const Pending& p);
  void pump();
  void answered(const Pending& p, Code err, const ClientResult& r);
  void arm_watch();
  void read_acls();
  void note(EventType type, const std::string& path);
  bool watch_reads() const { return mode_ == Mode::OneShot; }

  Submit submit_;
  Options options_;
  DataTree tree_;
  Mode mode_ = Mode::Unknown;
  bool loaded_ = false;
  bool loading_ = false;
  bool acls_loaded_ = false;
  std::size_t acl_outstanding_ = 0;  // getACLs of the second pass not answered yet
  std::uint64_t load_epoch_ = 0;  // answers to an older load() still update, never finish it
  std::size_t load_outstanding_ = 0;  // requests of the current load not answered yet
  std::size_t in_flight_ = 0;
  std::deque<Pending> queue_;
  std::map<std::string, AclList> acl_;  // getACL answers waiting for their node's getData
  std::uint64_t generation_ = 0;
  std::uint64_t sent_ = 0;
  std::uint64_t nodes_read_ = 0;
  std::deque<Change> changes_;
};

}  // namespace zs::attach

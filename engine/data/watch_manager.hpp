// Watches of one server (reference §4.7), as DataTree keeps them in 3.8.0: two tables, one for
// data watches (getData/exists) and one for child watches (getChildren); addWatch registers
// in both with its mode. Watchers are session ids. Deterministic: every result is ordered by
// watcher id / path. Pure: no I/O, clocks or threads.
#pragma once

#include <cstddef>
#include <cstdint>
#include <map>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "data/errors.hpp"

namespace zs {

// Watcher.Event.EventType with wire values.
enum class EventType : std::int32_t {
  None = -1,
  NodeCreated = 1,
  NodeDeleted = 2,
  NodeDataChanged = 3,
  NodeChildrenChanged = 4,
  DataWatchRemoved = 5,
  ChildWatchRemoved = 6,
  PersistentWatchRemoved = 7,
};

// server/watch/WatcherMode. addWatch's wire mode 0 = Persistent, 1 = PersistentRecursive.
enum class WatcherMode : std::int32_t { Standard = -1, Persistent = 0, PersistentRecursive = 1 };

// Watcher.WatcherType (removeWatches / checkWatches request field) with wire values.
enum class WatcherType : std::int32_t { Children = 1, Data = 2, Any = 3 };

using WatcherId = std::uint64_t;  // the session id of the connection that set the watch

struct WatchEvent {
  WatcherId watcher = 0;
  EventType type = EventType::None;
  std::string path;
  friend bool operator==(const WatchEvent&, const WatchEvent&) = default;
};

// One IWatchManager (server/watch/WatchManager): path -> watchers, watcher -> paths, and the
// non-standard mode of each (watcher, path).
class WatchTable {
 public:
  // Registers (path, w); mode Standard clears any persistent mode set before for the same
  // (w, path), as 3.8.0 does. Returns true when the path is new for w.
  bool add(const std::string& path, WatcherId w, WatcherMode mode);
  // Fires for an event on `path`: watchers on `path` itself, plus recursive watchers on its
  // ancestors (never for NodeChildrenChanged). One-shot registrations on `path` are removed.
  // Returns the watchers that fired (including those in `suppress`, which the caller does not
  // deliver to).
  std::set<WatcherId> trigger(const std::string& path, EventType type);
  // removeWatcher(path, w): false when w has no watch on path.
  bool remove(const std::string& path, WatcherId w);
  // removeWatcher(w): drops all of w's registrations.
  void remove_watcher(WatcherId w);
  // containsWatcher(path, w) with 3.8.0's semantics: any watcher registered on path, or w's
  // mode on path is recursive.
  bool contains(const std::string& path, WatcherId w) const;
  WatcherMode mode(const std::string& path, WatcherId w) const;

  std::size_t size() const;  // number of (path, watcher) registrations
  const std::map<std::string, std::set<WatcherId>>& by_path() const { return by_path_; }
  const std::map<WatcherId, std::set<std::string>>& by_watcher() const { return by_watcher_; }
  int recursive_count() const { return recursive_; }

 private:
  void set_mode(WatcherId w, const std::string& path, WatcherMode m);
  std::map<std::string, std::set<WatcherId>> by_path_;
  std::map<WatcherId, std::set<std::string>> by_watcher_;
  std::map<std::pair<WatcherId, std::string>, WatcherMode> modes_;
  int recursive_ = 0;
};

// wchs numbers (WatchesSummary): "<connections> connections watching <paths> paths" /
// "Total watches:<total>".
struct WatchSummary {
  std::size_t connections = 0;
  std::size_t paths = 0;
  std::size_t total = 0;
  friend bool operator==(const WatchSummary&, const WatchSummary&) = default;
};

class WatchManager {
 public:
  // getData(watch) / exists(watch) (also on a missing node): a one-shot data watch.
  void add_data_watch(const std::string& path, WatcherId w);
  // getChildren(watch) (the node must exist; the caller checks): a one-shot child watch.
  void add_child_watch(const std::string& path, WatcherId w);
  // addWatch: mode Persistent or PersistentRecursive, registered in both tables.
  void add_watch(const std::string& path, WatcherId w, WatcherMode mode);

  // What DataTree fires for a change of `path`, ordered by watcher id:
  //  NodeCreated / NodeDataChanged -> data watches on path (+ recursive ones above);
  //  NodeChildrenChanged -> child watches on path (the tree passes the parent);
  //  NodeDeleted -> data watches, then child watches, on path; each watcher once.
  // Other types fire nothing.
  std::vector<WatchEvent> trigger(const std::string& path, EventType type);

  // removeWatches: Ok, or NoWatcher when nothing of that type was registered on path.
  Code remove_watches(const std::string& path, WatcherId w, WatcherType type);
  // checkWatches: Ok, or NoWatcher.
  Code check_watches(const std::string& path, WatcherId w, WatcherType type) const;
  // Connection closed / session gone: drop all of w's watches.
  void remove_session(WatcherId w);

  // zk_watch_count: data + child registrations.
  std::size_t watch_count() const { return data_.size() + child_.size(); }
  // The 4lw reports, which (as in 3.8.0) cover the data watches only.
  WatchSummary summary() const;                                            // wchs
  const std::map<WatcherId, std::set<std::string>>& by_session() const;   // wchc
  const std::map<std::string, std::set<WatcherId>>& by_path() const;      // wchp

  const WatchTable& data_watches() const { return data_; }
  const WatchTable& child_watches() const { return child_; }

 private:
  WatchTable data_;
  WatchTable child_;
};

}  // namespace zs

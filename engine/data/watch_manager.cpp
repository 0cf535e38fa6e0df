// Watch bookkeeping with ZooKeeper 3.8.0's rules (server/watch/WatchManager, WatcherModeManager,
// DataTree's trigger calls).
#include "data/watch_manager.hpp"

namespace zs {

namespace {

bool is_recursive(WatcherMode m) { return m == WatcherMode::PersistentRecursive; }
bool is_persistent(WatcherMode m) { return m != WatcherMode::Standard; }

// The path itself, then each ancestor up to "/".
std::vector<std::string> path_and_parents(const std::string& path) {
  std::vector<std::string> out;
  std::string p = path;
  while (!p.empty()) {
    out.push_back(p);
    if (p == "/") break;
    auto slash = p.rfind('/');
    p = slash == 0 || slash == std::string::npos ? std::string("/") : p.substr(0, slash);
    if (slash == std::string::npos) break;
  }
  return out;
}

}  // namespace

void WatchTable::set_mode(WatcherId w, const std::string& path, WatcherMode m) {
  auto key = std::make_pair(w, path);
  WatcherMode old = WatcherMode::Standard;
  if (auto it = modes_.find(key); it != modes_.end()) {
    old = it->second;
    if (m == WatcherMode::Standard) modes_.erase(it);
  }
  if (m != WatcherMode::Standard) modes_[key] = m;
  if (is_recursive(old) != is_recursive(m)) recursive_ += is_recursive(m) ? 1 : -1;
}

WatcherMode WatchTable::mode(const std::string& path, WatcherId w) const {
  auto it = modes_.find(std::make_pair(w, path));
  return it == modes_.end() ? WatcherMode::Standard : it->second;
}

bool WatchTable::add(const std::string& path, WatcherId w, WatcherMode m) {
  by_path_[path].insert(w);
  set_mode(w, path, m);
  return by_watcher_[w].insert(path).second;
}

std::set<WatcherId> WatchTable::trigger(const std::string& path, EventType type) {
  std::set<WatcherId> fired;
  bool at_parent = false;
  for (const std::string& p : path_and_parents(path)) {
    auto it = by_path_.find(p);
    if (it != by_path_.end()) {
      std::set<WatcherId>& ws = it->second;
      for (auto wi = ws.begin(); wi != ws.end();) {
        WatcherId w = *wi;
        WatcherMode m = mode(p, w);
        if (is_recursive(m)) {
          if (type != EventType::NodeChildrenChanged) fired.insert(w);
        } else if (!at_parent) {
          fired.insert(w);
          if (!is_persistent(m)) {
            wi = ws.erase(wi);
            if (auto pw = by_watcher_.find(w); pw != by_watcher_.end()) {
              pw->second.erase(p);
              // Java keeps an empty path set for the watcher (it still counts as a
              // connection in wchs until it closes).
            }
            continue;
          }
        }
        ++wi;
      }
      if (ws.empty()) by_path_.erase(it);
    }
    at_parent = true;
  }
  return fired;
}

bool WatchTable::remove(const std::string& path, WatcherId w) {
  auto pw = by_watcher_.find(w);
  if (pw == by_watcher_.end() || pw->second.erase(path) == 0) return false;
  auto it = by_path_.find(path);
  if (it == by_path_.end() || it->second.erase(w) == 0) return false;
  if (it->second.empty()) by_path_.erase(it);
  set_mode(w, path, WatcherMode::Standard);
  return true;
}

void WatchTable::remove_watcher(WatcherId w) {
  auto pw = by_watcher_.find(w);
  if (pw == by_watcher_.end()) return;
  std::set<std::string> paths = std::move(pw->second);
  by_watcher_.erase(pw);
  for (const std::string& p : paths) {
    if (auto it = by_path_.find(p); it != by_path_.end()) {
      it->second.erase(w);
      if (it->second.empty()) by_path_.erase(it);
    }
    set_mode(w, p, WatcherMode::Standard);
  }
}

bool WatchTable::contains(const std::string& path, WatcherId w) const {
  WatcherMode m = mode(path, w);
  bool at_parent = false;
  // 3.8.0 walks the path (and its parents only when some recursive watch exists): at the
  // path itself a registration by anyone counts; otherwise true as soon as w's own mode on
  // `path` is recursive.
  std::vector<std::string> walk = recursive_ == 0 ? std::vector<std::string>{path} : path_and_parents(path);
  for (const std::string& p : walk) {
    if (!at_parent && by_path_.count(p) != 0) return true;
    if (is_recursive(m)) return true;
    at_parent = true;
  }
  return false;
}

std::size_t WatchTable::size() const {
  std::size_t n = 0;
  for (const auto& [p, ws] : by_path_) n += ws.size();
  return n;
}

void WatchManager::add_data_watch(const std::string& path, WatcherId w) {
  data_.add(path, w, WatcherMode::Standard);
}

void WatchManager::add_child_watch(const std::string& path, WatcherId w) {
  child_.add(path, w, WatcherMode::Standard);
}

void WatchManager::add_watch(const std::string& path, WatcherId w, WatcherMode mode) {
  data_.add(path, w, mode);
  child_.add(path, w, mode);
}

std::vector<WatchEvent> WatchManager::trigger(const std::string& path, EventType type) {
  std::set<WatcherId> fired;
  switch (type) {
    case EventType::NodeCreated:
    case EventType::NodeDataChanged:
      fired = data_.trigger(path, type);
      break;
    case EventType::NodeChildrenChanged:
      fired = child_.trigger(path, type);
      break;
    case EventType::NodeDeleted: {
      fired = data_.trigger(path, type);
      std::set<WatcherId> more = child_.trigger(path, type);  // suppressed: already notified
      fired.insert(more.begin(), more.end());
      break;
    }
    default:
      break;
  }
  std::vector<WatchEvent> out;
  out.reserve(fired.size());
  for (WatcherId w : fired) out.push_back(WatchEvent{w, type, path});
  return out;
}

Code WatchManager::remove_watches(const std::string& path, WatcherId w, WatcherType type) {
  bool removed = false;
  switch (type) {
    case WatcherType::Children:
      removed = child_.remove(path, w);
      break;
    case WatcherType::Data:
      removed = data_.remove(path, w);
      break;
    case WatcherType::Any: {
      bool c = child_.remove(path, w);
      bool d = data_.remove(path, w);
      removed = c || d;
      break;
    }
  }
  return removed ? Code::Ok : Code::NoWatcher;
}

Code WatchManager::check_watches(const std::string& path, WatcherId w, WatcherType type) const {
  bool has = false;
  switch (type) {
    case WatcherType::Children:
      has = child_.contains(path, w);
      break;
    case WatcherType::Data:
      has = data_.contains(path, w);
      break;
    case WatcherType::Any:
      has = child_.contains(path, w) || data_.contains(path, w);
      break;
  }
  return has ? Code::Ok : Code::NoWatcher;
}

void WatchManager::remove_session(WatcherId w) {
  data_.remove_watcher(w);
  child_.remove_watcher(w);
}

WatchSummary WatchManager::summary() const {
  WatchSummary s;
  s.connections = data_.by_watcher().size();
  s.paths = data_.by_path().size();
  for (const auto& [w, paths] : data_.by_watcher()) s.total += paths.size();
  return s;
}

const std::map<WatcherId, std::set<std::string>>& WatchManager::by_session() const {
  return data_.by_watcher();
}

const std::map<std::string, std::set<WatcherId>>& WatchManager::by_path() const {
  return data_.by_path();
}

}  // namespace zs

// The tree tab's rows and differences (tree_rows.hpp).
#include "views/tree_rows.hpp"

#include <algorithm>

#include <fmt/format.h>

namespace zs::gui {
namespace {

bool stat_differs(const StatPersisted& a, const StatPersisted& b) {
  return a.czxid != b.czxid || a.mzxid != b.mzxid || a.version != b.version ||
         a.aversion != b.aversion || a.ephemeral_owner != b.ephemeral_owner || a.ctime != b.ctime ||
         a.mtime != b.mtime;
}

// The prefix of `path`'s children's paths: "/" for the root, "/a/" for "/a".
std::string children_prefix(std::string_view path) {
  std::string p(path);
  if (p != "/") p += '/';
  return p;
}

}  // namespace

DiffKind diff_kind(const DataTree& here, const DataTree* leader, std::string_view path) {
  if (leader == nullptr || leader == &here) return DiffKind::Same;
  const auto h = here.node(path);
  const auto l = leader->node(path);
  if (!h && !l) return DiffKind::Same;
  if (!l) return DiffKind::MissingOnLeader;
  if (!h) return DiffKind::MissingHere;
  if (stat_differs(*h->stat, *l->stat) || *h->data != *l->data || *h->acl != *l->acl) {
    return DiffKind::Changed;
  }
  if (h->stat->pzxid != l->stat->pzxid || h->stat->cversion != l->stat->cversion ||
      h->num_children != l->num_children) {
    return DiffKind::ChildrenDiffer;
  }
  return DiffKind::Same;
}

std::vector<FieldDiff> diff_fields(const DataTree& here, const DataTree& leader, std::string_view path) {
  std::vector<FieldDiff> out;
  const auto h = here.exists(path);
  const auto l = leader.exists(path);
  if (!h || !l) return out;
  auto zxid = [&](std::string_view field, Zxid a, Zxid b) {
    if (a != b) out.push_back({field, "0x" + hex(a), "0x" + hex(b)});
  };
  auto num = [&](std::string_view field, std::int64_t a, std::int64_t b) {
    if (a != b) out.push_back({field, fmt::format("{}", a), fmt::format("{}", b)});
  };
  zxid("cZxid", h->czxid, l->czxid);
  zxid("mZxid", h->mzxid, l->mzxid);
  zxid("pZxid", h->pzxid, l->pzxid);
  num("cversion", h->cversion, l->cversion);
  num("dataVersion", h->version, l->version);
  num("aclVersion", h->aversion, l->aversion);
  if (h->ephemeral_owner != l->ephemeral_owner) {
    out.push_back({"ephemeralOwner", "0x" + hex(h->ephemeral_owner), "0x" + hex(l->ephemeral_owner)});
  }
  num("dataLength", h->data_length, l->data_length);
  num("numChildren", h->num_children, l->num_children);
  const auto hn = here.node(path);
  const auto ln = leader.node(path);
  if (*hn->data != *ln->data && h->data_length == l->data_length) {
    out.push_back({"data", fmt::format("{}", hn->data->size()), fmt::format("{}", ln->data->size())});
  }
  if (*hn->acl != *ln->acl) out.push_back({"acl", acl_to_string(*hn->acl), acl_to_string(*ln->acl)});
  return out;
}

std::string child_path(std::string_view parent, std::string_view name) {
  std::string p = children_prefix(parent);
  p += name;
  return p;
}

std::string_view base_name(std::string_view path) {
  if (path == "/") return path;
  const auto slash = path.rfind('/');
  return slash == std::string_view::npos ? path : path.substr(slash + 1);
}

bool looks_sequential(std::string_view name) {
  if (name.size() < 10) return false;
  return std::all_of(name.end() - 10, name.end(), [](char c) { return c >= '0' && c <= '9'; });
}

// ---- ZnodeRows ------------------------------------------------------------------------------

ZnodeRows::Dir::Key ZnodeRows::key_for(const DataTree& here, const DataTree* leader,
                                       const std::string& path) const {
  Dir::Key k;
  k.here = &here;
  k.leader = leader;
  if (const auto n = here.node(path)) {
    k.here_exists = true;
    k.here_pzxid = n->stat->pzxid;
    k.here_cversion = n->stat->cversion;
    k.here_children = n->num_children;
  }
  if (leader != nullptr) {
    if (const auto n = leader->node(path)) {
      k.leader_exists = true;
      k.leader_pzxid = n->stat->pzxid;
      k.leader_cversion = n->stat->cversion;
      k.leader_children = n->num_children;
    }
  }
  return k;
}

ZnodeRows::Dir& ZnodeRows::dir_for(const std::string& path, const DataTree& here, const DataTree* leader,
                                   bool& changed) {
  auto it = dirs_.find(path);
  if (it == dirs_.end()) it = dirs_.emplace(path, Dir{}).first;
  Dir& d = it->second;
  const Dir::Key key = key_for(here, leader, path);
  const bool stale_ok = d.children.size() >= kBigListing && d.key.here == key.here && d.key.leader == key.leader &&
                        updates_ - d.built_at < kBigListingRefreshUpdates;
  if (d.path.empty() || (!(d.key == key) && !stale_ok)) {
    changed = true;
    d.built_at = updates_;
    d.path = path;
    d.key = key;
    d.children.clear();
    std::vector<std::string> mine;
    std::vector<std::string> theirs;
    if (auto c = here.get_children(path)) mine = std::move(c->children);
    if (leader != nullptr) {
      if (auto c = leader->get_children(path)) theirs = std::move(c->children);
    } else {
      theirs = mine;
    }
    d.children.reserve(std::max(mine.size(), theirs.size()));
    // Both lists are sorted: merge them, marking who has each name.
    std::size_t i = 0;
    std::size_t j = 0;
    while (i < mine.size() || j < theirs.size()) {
      if (j == theirs.size() || (i < mine.size() && mine[i] < theirs[j])) {
        d.children.push_back({std::move(mine[i++]), Presence::HereOnly});
      } else if (i == mine.size() || theirs[j] < mine[i]) {
        d.children.push_back({std::move(theirs[j++]), Presence::LeaderOnly});
      } else {
        d.children.push_back({std::move(mine[i++]), Presence::Both});
        ++j;
      }
    }
  }
  return d;
}

namespace {

// Indexes of `dir`'s children that are in `open`, ascending. Walks only the open paths under
// the directory, never its children.
std::vector<std::uint32_t> open_children(const ZnodeRows::Dir& dir, const std::set<std::string>& open) {
  std::vector<std::uint32_t> out;
  const std::string prefix = children_prefix(dir.path);
  for (auto it = open.lower_bound(prefix); it != open.end() && it->starts_with(prefix); ++it) {
    const std::string_view name = std::string_view(*it).substr(prefix.size());
    if (name.empty() || name.find('/') != std::string_view::npos) continue;
    const auto c = std::lower_bound(dir.children.begin(), dir.children.end(), name,
                                    [](const ZnodeRows::Child& a, std::string_view b) { return a.name < b; });
    if (c != dir.children.end() && c->name == name) {
      out.push_back(static_cast<std::uint32_t>(c - dir.children.begin()));
    }
  }
  std::sort(out.begin(), out.end());
  return out;
}

}  // namespace

void ZnodeRows::visit(const std::string& path, const DataTree& here, const DataTree* leader,
                      const std::set<std::string>& open, bool& changed) {
  Dir& d = dir_for(path, here, leader, changed);
  d.seen = true;
  for (const std::uint32_t i : open_children(d, open)) {
    visit(child_path(d.path, d.children[i].name), here, leader, open, changed);
  }
}

void ZnodeRows::flatten(const Dir& dir, std::uint32_t depth, const std::set<std::string>& open) {
  const std::vector<std::uint32_t> expanded = open_children(dir, open);
  std::size_t next = 0;
  for (std::uint32_t i = 0; i < dir.children.size(); ++i) {
    rows_.push_back(Row{&dir, i, depth});
    if (next < expanded.size() && expanded[next] == i) {
      ++next;
      const auto it = dirs_.find(child_path(dir.path, dir.children[i].name));
      if (it != dirs_.end()) flatten(it->second, depth + 1, open);
    }
  }
}

void ZnodeRows::update(const DataTree& here, const DataTree* leader, const std::set<std::string>& open) {
  if (leader == &here) leader = nullptr;
  ++updates_;
  bool changed = rows_.empty() || open != open_;
  for (auto& [path, d] : dirs_) d.seen = false;
  if (open.contains("/")) visit("/", here, leader, open, changed);
  // Rows never point into a dropped listing: a listing becomes unreachable only when the open
  // set or a parent's listing changed, and both rebuild the rows.
  if (std::erase_if(dirs_, [](const auto& kv) { return !kv.second.seen; }) > 0) changed = true;
  if (!changed) return;
  rows_.clear();
  rows_.push_back(Row{nullptr, 0, 0});
  if (const auto it = dirs_.find("/"); it != dirs_.end()) flatten(it->second, 1, open);
  open_ = open;
  ++rebuilds_;
}

std::string ZnodeRows::path(const Row& r) const {
  return r.dir == nullptr ? std::string("/") : child_path(r.dir->path, r.dir->children[r.child].name);
}

std::string_view ZnodeRows::name(const Row& r) const {
  return r.dir == nullptr ? std::string_view("/") : std::string_view(r.dir->children[r.child].name);
}

Presence ZnodeRows::presence(const Row& r) const {
  return r.dir == nullptr ? Presence::Both : r.dir->children[r.child].presence;
}

}  // namespace zs::gui

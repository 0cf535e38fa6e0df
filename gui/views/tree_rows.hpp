// What the tree tab draws, without ImGui: the rows of the expanded part of one server's znode
// tree (with the leader's nodes it lacks as ghost rows) and how a znode differs from the
// leader's copy. Kept apart from the view so tests check it against real simulated trees.
//
// Cost: nothing here walks the whole tree. A directory's children are listed only when it is
// expanded and again only when its stat says they changed (pzxid, cversion, numChildren);
// differences are computed per path, for the rows on screen. A listing of kBigListing
// children or more is rebuilt at most once every kBigListingRefreshUpdates updates (listing
// 100,000 children twice and merging them takes tens of ms): while writes keep landing in
// such a directory its rows lag a moment behind, and each row's Stat is still read live.
#pragma once

#include <cstdint>
#include <map>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include <imgui.h>

#include "data/data_tree.hpp"

namespace zs::gui {

// Row backgrounds for differences from the leader, and the badges' colours.
inline constexpr ImU32 kGhostRowColor = IM_COL32(200, 60, 50, 110);      // missing here
inline constexpr ImU32 kExtraRowColor = IM_COL32(170, 90, 200, 100);     // missing on the leader
inline constexpr ImU32 kChangedRowColor = IM_COL32(230, 160, 0, 100);    // data or stat differ
inline constexpr ImU32 kChildrenRowColor = IM_COL32(230, 160, 0, 40);    // children differ
inline constexpr ImU32 kEphemeralColor = IM_COL32(110, 190, 255, 255);
inline constexpr ImU32 kBadgeColor = IM_COL32(170, 170, 210, 255);

// Where a path exists: on the server shown, on the leader only (a ghost row: the server has
// not got it yet, or lost it), or on the server only (the leader has not got it: deleted
// there, or this server holds uncommitted history).
enum class Presence : std::uint8_t { Both, HereOnly, LeaderOnly };

enum class DiffKind : std::uint8_t {
  Same,             // equal to the leader's copy (or nothing to compare with)
  MissingOnLeader,  // on this server, not on the leader
  MissingHere,      // on the leader, not on this server
  Changed,          // both have it; its data or its own stat differ (czxid, mzxid, version...)
  ChildrenDiffer,   // the node itself agrees, but its children differ (pzxid, numChildren...)
};

// `leader` nullptr (no leader, or the server shown is the leader): always Same.
DiffKind diff_kind(const DataTree& here, const DataTree* leader, std::string_view path);

// One field that differs, in zkCli's names ("mZxid", "dataVersion", "data", ...), with both
// values as zkCli prints them ("0x100000005"); data shows its length.
struct FieldDiff {
  std::string_view field;
  std::string here;
  std::string leader;
};
std::vector<FieldDiff> diff_fields(const DataTree& here, const DataTree& leader, std::string_view path);

// "/a" + "b" -> "/a/b"; "/" + "b" -> "/b".
std::string child_path(std::string_view parent, std::string_view name);
// The last path element ("/" for the root).
std::string_view base_name(std::string_view path);
// Ends like a sequential node's name: ten digits (ZooKeeper's %010d suffix).
bool looks_sequential(std::string_view name);

// The expanded part of the tree as a flat list of rows, for ImGuiListClipper.
class ZnodeRows {
 public:
  static constexpr std::size_t kBigListing = 10'000;
  static constexpr std::uint64_t kBigListingRefreshUpdates = 30;  // half a second at 60 fps

  struct Child {
    std::string name;
    Presence presence = Presence::Both;
  };
  struct Dir {
    std::string path;
    std::vector<Child> children;  // sorted by name (byte order, as zkCli's ls)
    // What the listing was made from; a change rebuilds it.
    struct Key {
      const DataTree* here = nullptr;
      const DataTree* leader = nullptr;
      bool here_exists = false, leader_exists = false;
      Zxid here_pzxid{}, leader_pzxid{};
      std::int32_t here_cversion = 0, leader_cversion = 0;
      std::int32_t here_children = 0, leader_children = 0;
      friend bool operator==(const Key&, const Key&) = default;
    } key;
    bool seen = false;           // reachable in the last update
    std::uint64_t built_at = 0;  // the update that listed the children
  };
  struct Row {
    const Dir* dir = nullptr;  // nullptr: the root row
    std::uint32_t child = 0;   // index into dir->children
    std::uint32_t depth = 0;   // the root is 0
  };

  // Brings the rows up to date for the server's tree `here`, compared with `leader` (nullptr
  // for no comparison), with the paths in `open` expanded ("/" for the root). Cost: a few
  // lookups per reachable expanded node, plus a rebuild of what changed.
  void update(const DataTree& here, const DataTree* leader, const std::set<std::string>& open);

  std::size_t size() const { return rows_.size(); }
  const Row& row(std::size_t i) const { return rows_[i]; }
  std::string path(const Row& r) const;
  std::string_view name(const Row& r) const;
  Presence presence(const Row& r) const;
  // Times the flat list was rebuilt (tests check an unchanged tree rebuilds nothing).
  std::uint64_t rebuilds() const { return rebuilds_; }

 private:
  Dir::Key key_for(const DataTree& here, const DataTree* leader, const std::string& path) const;
  void flatten(const Dir& dir, std::uint32_t depth, const std::set<std::string>& open);
  Dir& dir_for(const std::string& path, const DataTree& here, const DataTree* leader, bool& changed);
  void visit(const std::string& path, const DataTree& here, const DataTree* leader,
             const std::set<std::string>& open, bool& changed);

  std::map<std::string, Dir, std::less<>> dirs_;
  std::vector<Row> rows_;
  std::set<std::string> open_;  // the open set the rows were built for
  std::uint64_t rebuilds_ = 0;
  std::uint64_t updates_ = 0;
};

}  // namespace zs::gui

// ZooKeeper's quota bookkeeping, shared by the data tree (which keeps each quota's
// zookeeper_stats node up to date, as DataTree does) and zkCli's quota commands: the node
// layout of Quotas.java and the "count=…,bytes=…" text of StatsTrack, both of 3.8.0.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <string_view>

namespace zs::quota {

inline constexpr std::string_view kQuotaRoot = "/zookeeper/quota";
inline constexpr std::string_view kLimitNode = "zookeeper_limits";
inline constexpr std::string_view kStatNode = "zookeeper_stats";

// "/zookeeper/quota" + path: the node under which a quota on `path` lives. Plain string
// concatenation, as zkCli does it ("/" gives "/zookeeper/quota/", "a" "/zookeeper/quotaa").
inline std::string quota_path(std::string_view path) { return std::string(kQuotaRoot) + std::string(path); }
inline std::string limit_path(std::string_view path) { return quota_path(path) + "/" + std::string(kLimitNode); }
inline std::string stat_path(std::string_view path) { return quota_path(path) + "/" + std::string(kStatNode); }

// StatsTrack: named counters read from and written as a quota node's data. Keys not given read
// as -1. Text: "count=C,bytes=B", and when any other key is set "=" then ";key=value" for each
// other key in name order (the extra "=" keeps pre-3.7 readers working): a limit set by
// setquota -n 5 is "count=5,bytes=-1=;byteHardLimit=-1;countHardLimit=-1".
class StatsTrack {
 public:
  StatsTrack() = default;
  // Pairs split at runs of ',' and ';', each "key=value" (an empty value reads as -1). A value
  // that is not a number reads as -1 (Java would throw; zkCli never writes one).
  explicit StatsTrack(std::string_view text);

  std::int64_t count() const { return get("count"); }
  std::int64_t bytes() const { return get("bytes"); }
  std::int64_t count_hard_limit() const { return get("countHardLimit"); }
  std::int64_t byte_hard_limit() const { return get("byteHardLimit"); }
  void set_count(std::int64_t v) { values_["count"] = v; }
  void set_bytes(std::int64_t v) { values_["bytes"] = v; }
  void set_count_hard_limit(std::int64_t v) { values_["countHardLimit"] = v; }
  void set_byte_hard_limit(std::int64_t v) { values_["byteHardLimit"] = v; }

  std::string text() const;

 private:
  std::int64_t get(const std::string& key) const;
  std::map<std::string, std::int64_t> values_;
};

}  // namespace zs::quota

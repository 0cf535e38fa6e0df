#include "data/quota.hpp"

#include <charconv>
#include <vector>

namespace zs::quota {

StatsTrack::StatsTrack(std::string_view text) {
  std::size_t i = 0;
  while (i < text.size()) {
    const std::size_t end = text.find_first_of(",;", i);
    const std::string_view pair = text.substr(i, end == std::string_view::npos ? std::string_view::npos : end - i);
    i = end == std::string_view::npos ? text.size() : text.find_first_not_of(",;", end);
    if (i == std::string_view::npos) i = text.size();
    if (pair.empty()) continue;
    // String.split("=") drops trailing empty parts: "bytes=-1=" is {"bytes", "-1"}.
    const std::size_t eq = pair.find('=');
    const std::string key(pair.substr(0, eq));
    std::string_view value = eq == std::string_view::npos ? std::string_view{} : pair.substr(eq + 1);
    value = value.substr(0, value.find('='));
    std::int64_t v = -1;
    if (!value.empty()) {
      const char* first = value.data();
      if (*first == '+') ++first;
      auto [ptr, ec] = std::from_chars(first, value.data() + value.size(), v);
      if (ec != std::errc{} || ptr != value.data() + value.size()) v = -1;
    }
    values_[key] = v;
  }
}

std::int64_t StatsTrack::get(const std::string& key) const {
  auto it = values_.find(key);
  return it == values_.end() ? -1 : it->second;
}

std::string StatsTrack::text() const {
  std::string out = "count=" + std::to_string(count()) + ",bytes=" + std::to_string(bytes());
  bool first = true;
  for (const auto& [key, value] : values_) {
    if (key == "count" || key == "bytes") continue;
    if (first) out += "=";
    first = false;
    out += ";" + key + "=" + std::to_string(value);
  }
  return out;
}

}  // namespace zs::quota

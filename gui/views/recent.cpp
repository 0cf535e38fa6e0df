// The Attach dialog's recent connect strings (recent.hpp).
#include "views/recent.hpp"

#include <algorithm>
#include <cstdlib>
#include <fstream>
#include <system_error>

#include <nlohmann/json.hpp>

namespace zs::gui {

RecentAttach recent_entry(const std::string& connect_string, const std::string& auth, std::int32_t refresh_ms) {
  RecentAttach r;
  r.connect_string = connect_string;
  r.refresh_ms = refresh_ms;
  const auto colon = auth.find(':');
  if (auth.empty() || colon == std::string::npos) return r;
  r.auth_scheme = auth.substr(0, colon);
  // digest's auth is "user:password": the user is kept, the password never. Another scheme's
  // bytes may be a secret as a whole, so nothing of them is kept.
  if (r.auth_scheme == "digest") {
    const std::string rest = auth.substr(colon + 1);
    r.auth_user = rest.substr(0, rest.find(':'));
  }
  return r;
}

std::string auth_prefill(const RecentAttach& r) {
  if (r.auth_scheme.empty()) return "";
  if (r.auth_scheme == "digest") return r.auth_scheme + ":" + r.auth_user + ":";
  return r.auth_scheme + ":";
}

std::filesystem::path recent_file() {
  const char* xdg = std::getenv("XDG_CONFIG_HOME");
  if (xdg != nullptr && *xdg == '/') return std::filesystem::path(xdg) / "zooscope" / "recent.json";
  const char* home = std::getenv("HOME");
  if (home != nullptr && *home != '\0') return std::filesystem::path(home) / ".config" / "zooscope" / "recent.json";
  return {};
}

std::vector<RecentAttach> load_recent(const std::filesystem::path& file, std::string* error) {
  std::vector<RecentAttach> out;
  std::error_code ec;
  if (file.empty() || !std::filesystem::exists(file, ec)) return out;
  std::ifstream in(file);
  const nlohmann::json j = nlohmann::json::parse(in, nullptr, /*allow_exceptions=*/false);
  if (j.is_discarded() || !j.is_object() || !j.contains("recent") || !j["recent"].is_array()) {
    if (error != nullptr) *error = file.string() + ": not a recent-attach list (left alone; attach once to rewrite it)";
    return out;
  }
  for (const nlohmann::json& e : j["recent"]) {
    if (!e.is_object() || !e.contains("connect") || !e["connect"].is_string()) continue;
    RecentAttach r;
    r.connect_string = e["connect"].get<std::string>();
    if (r.connect_string.empty()) continue;
    if (e.contains("auth_scheme") && e["auth_scheme"].is_string()) r.auth_scheme = e["auth_scheme"].get<std::string>();
    if (e.contains("auth_user") && e["auth_user"].is_string()) r.auth_user = e["auth_user"].get<std::string>();
    if (e.contains("refresh_ms") && e["refresh_ms"].is_number_integer())
      r.refresh_ms = std::clamp(e["refresh_ms"].get<std::int32_t>(), 100, 60000);
    out.push_back(std::move(r));
    if (out.size() == kMaxRecent) break;
  }
  return out;
}

bool save_recent(const std::filesystem::path& file, const std::vector<RecentAttach>& list, std::string* error) {
  if (file.empty()) {
    if (error != nullptr) *error = "no place for the recent list (neither XDG_CONFIG_HOME nor HOME is set)";
    return false;
  }
  std::error_code ec;
  std::filesystem::create_directories(file.parent_path(), ec);
  nlohmann::json j;
  j["about"] = "zooscope's recent attaches; passwords are never stored here";
  j["recent"] = nlohmann::json::array();
  for (std::size_t i = 0; i < list.size() && i < kMaxRecent; ++i) {
    const RecentAttach& r = list[i];
    nlohmann::json e{{"connect", r.connect_string}, {"refresh_ms", r.refresh_ms}};
    if (!r.auth_scheme.empty()) e["auth_scheme"] = r.auth_scheme;
    if (!r.auth_user.empty()) e["auth_user"] = r.auth_user;
    j["recent"].push_back(std::move(e));
  }
  std::ofstream out(file);
  out << j.dump(2) << "\n";
  if (!out) {
    if (error != nullptr) *error = file.string() + ": cannot write the recent list";
    return false;
  }
  return true;
}

void remember(std::vector<RecentAttach>& list, RecentAttach e) {
  std::erase_if(list, [&](const RecentAttach& r) { return r.connect_string == e.connect_string; });
  list.insert(list.begin(), std::move(e));
  if (list.size() > kMaxRecent) list.resize(kMaxRecent);
}

}  // namespace zs::gui

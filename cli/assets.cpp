#include "assets.hpp"

#include <algorithm>
#include <system_error>

namespace zs::cli {

std::vector<std::filesystem::path> asset_dirs() {
  std::error_code ec;
  const auto exe = std::filesystem::read_symlink("/proc/self/exe", ec);
  std::vector<std::filesystem::path> dirs;
  if (!ec) dirs.push_back(exe.parent_path() / "assets");
  dirs.push_back(std::filesystem::path(ZS_SOURCE_DIR) / "assets");
  return dirs;
}

std::filesystem::path find_scenario(const std::string& name) {
  if (name.empty() || name.find('/') != std::string::npos) return {};
  for (const auto& d : asset_dirs()) {
    const auto f = d / "scenarios" / (name + ".json");
    std::error_code ec;
    if (std::filesystem::is_regular_file(f, ec)) return f;
  }
  return {};
}

std::vector<std::string> scenario_names() {
  std::vector<std::string> names;
  for (const auto& d : asset_dirs()) {
    std::error_code ec;
    for (const auto& e : std::filesystem::directory_iterator(d / "scenarios", ec)) {
      if (e.path().extension() == ".json") names.push_back(e.path().stem().string());
    }
    if (!names.empty()) break;
  }
  std::sort(names.begin(), names.end());
  return names;
}

std::filesystem::path labs_dir() {
  std::error_code ec;
  const auto exe = std::filesystem::read_symlink("/proc/self/exe", ec);
  if (!ec && std::filesystem::is_directory(exe.parent_path() / "labs", ec)) return exe.parent_path() / "labs";
  return std::filesystem::path(ZS_SOURCE_DIR) / "labs";
}

std::vector<std::filesystem::path> lab_files() {
  std::vector<std::filesystem::path> files;
  std::error_code ec;
  for (const auto& e : std::filesystem::directory_iterator(labs_dir(), ec))
    if (e.path().extension() == ".toml") files.push_back(e.path());
  std::sort(files.begin(), files.end());
  return files;
}

}  // namespace zs::cli

#include "assets.hpp"

#include <algorithm>
#include <system_error>

namespace zs::cli {
namespace fs = std::filesystem;

namespace {

// `path` is `dir` or inside it (both made absolute and normal, symlinks resolved if they exist).
bool is_within(const fs::path& path, const fs::path& dir) {
  std::error_code ec;
  const fs::path p = fs::weakly_canonical(path, ec);
  if (ec) return false;
  const fs::path d = fs::weakly_canonical(dir, ec);
  if (ec) return false;
  auto [d_end, p_it] = std::mismatch(d.begin(), d.end(), p.begin(), p.end());
  // A trailing separator leaves an empty last element in `d`.
  return d_end == d.end() || (std::next(d_end) == d.end() && d_end->empty());
}

}  // namespace

std::vector<fs::path> data_roots_for(const fs::path& exe, const fs::path& source_dir,
                                     const fs::path& build_dir) {
  std::vector<fs::path> roots;
  if (!exe.empty()) {
    const fs::path bin = exe.parent_path();
    roots.push_back(bin);
    roots.push_back((bin / ZS_DATA_FROM_BINDIR).lexically_normal());
  }
  if (exe.empty() || is_within(exe, build_dir)) roots.push_back(source_dir);
  return roots;
}

std::vector<fs::path> data_roots() {
  std::error_code ec;
  fs::path exe = fs::read_symlink("/proc/self/exe", ec);
  if (ec) exe.clear();
  return data_roots_for(exe, ZS_SOURCE_DIR, ZS_BINARY_DIR);
}

std::vector<fs::path> asset_dirs() {
  std::vector<fs::path> dirs;
  for (const auto& r : data_roots()) dirs.push_back(r / "assets");
  return dirs;
}

fs::path find_scenario(const std::string& name) {
  if (name.empty() || name.find('/') != std::string::npos) return {};
  for (const auto& d : asset_dirs()) {
    const auto f = d / "scenarios" / (name + ".json");
    std::error_code ec;
    if (fs::is_regular_file(f, ec)) return f;
  }
  return {};
}

std::vector<std::string> scenario_names() {
  std::vector<std::string> names;
  for (const auto& d : asset_dirs()) {
    std::error_code ec;
    for (const auto& e : fs::directory_iterator(d / "scenarios", ec)) {
      if (e.path().extension() == ".json") names.push_back(e.path().stem().string());
    }
    if (!names.empty()) break;
  }
  std::sort(names.begin(), names.end());
  return names;
}

fs::path labs_dir() {
  const auto roots = data_roots();
  for (const auto& r : roots) {
    std::error_code ec;
    if (fs::is_directory(r / "labs", ec)) return r / "labs";
  }
  return roots.back() / "labs";
}

std::vector<fs::path> lab_files() {
  std::vector<fs::path> files;
  std::error_code ec;
  for (const auto& e : fs::directory_iterator(labs_dir(), ec))
    if (e.path().extension() == ".toml") files.push_back(e.path());
  std::sort(files.begin(), files.end());
  return files;
}

}  // namespace zs::cli

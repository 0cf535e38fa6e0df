// Where zooscope finds its assets (language files, scenarios, sample zoo.cfg sets): beside
// the executable, then in the source tree it was built from.
#pragma once

#include <filesystem>
#include <string>
#include <vector>

namespace zs::cli {

std::vector<std::filesystem::path> asset_dirs();
// assets/scenarios/<name>.json, or an empty path when no such scenario exists.
std::filesystem::path find_scenario(const std::string& name);
// The built-in scenarios' names, sorted.
std::vector<std::string> scenario_names();

// The shipped labs' folder: labs/ beside the executable, else in the source tree.
std::filesystem::path labs_dir();
// The shipped lab files (labs/*.toml), sorted by file name.
std::vector<std::filesystem::path> lab_files();

}  // namespace zs::cli

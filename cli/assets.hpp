// Where zooscope finds its data (language files, scenarios, sample zoo.cfg sets, labs): in
// the first of these folders that has them, each holding assets/ and labs/:
//   - the executable's own folder (a tree copied next to the binary);
//   - <prefix>/share/zooscope for an installed <prefix>/bin/zooscope (cmake --install, the
//     .deb), found relative to the executable, so any --prefix works;
//   - the source tree, only for a binary that lives in the build tree it was built in
//     (build/zooscope, the test binaries): an installed copy never reads the source tree.
#pragma once

#include <filesystem>
#include <string>
#include <vector>

namespace zs::cli {

// The folders above, in that order, for the running executable.
std::vector<std::filesystem::path> data_roots();
// The same for an executable at `exe` (an absolute path; empty when unknown, which counts as
// the build tree). `source_dir` and `build_dir` are where it was built from and in.
std::vector<std::filesystem::path> data_roots_for(const std::filesystem::path& exe,
                                                  const std::filesystem::path& source_dir,
                                                  const std::filesystem::path& build_dir);

// <root>/assets for each data root.
std::vector<std::filesystem::path> asset_dirs();
// assets/scenarios/<name>.json, or an empty path when no such scenario exists.
std::filesystem::path find_scenario(const std::string& name);
// The built-in scenarios' names, sorted.
std::vector<std::string> scenario_names();

// The shipped labs' folder: the first data root's labs/ that exists (else the last root's,
// where they belong, for the message that says none were found).
std::filesystem::path labs_dir();
// The shipped lab files (labs/*.toml), sorted by file name.
std::vector<std::filesystem::path> lab_files();

}  // namespace zs::cli

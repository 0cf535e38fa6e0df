// Where zooscope looks for its data: the build tree reads the source tree; an installed copy
// reads <prefix>/share/zooscope next to its bin/ (GNUInstallDirs' default layout) and never the
// source tree.
#include "assets.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <vector>

namespace zs::cli {
namespace {

namespace fs = std::filesystem;
using Paths = std::vector<fs::path>;

const fs::path kSource = "/src/zooscope";
const fs::path kBuild = "/src/zooscope/build";

TEST(Assets, BinaryInItsBuildTreeFallsBackToTheSourceTree) {
  EXPECT_EQ(data_roots_for("/src/zooscope/build/zooscope", kSource, kBuild),
            (Paths{"/src/zooscope/build", "/src/zooscope/share/zooscope", kSource}));
  // The test binaries live below the build folder.
  EXPECT_EQ(data_roots_for("/src/zooscope/build/tests/zs_sim_tests", kSource, kBuild).back(), kSource);
}

TEST(Assets, InstalledBinaryReadsShareZooscopeBesideItsBinAndNotTheSourceTree) {
  EXPECT_EQ(data_roots_for("/usr/bin/zooscope", kSource, kBuild),
            (Paths{"/usr/bin", "/usr/share/zooscope"}));
  EXPECT_EQ(data_roots_for("/home/ann/.local/bin/zooscope", kSource, kBuild),
            (Paths{"/home/ann/.local/bin", "/home/ann/.local/share/zooscope"}));
}

TEST(Assets, AFolderNamedLikeTheBuildFolderIsNotInsideIt) {
  EXPECT_EQ(data_roots_for("/src/zooscope/build2/zooscope", kSource, kBuild),
            (Paths{"/src/zooscope/build2", "/src/zooscope/share/zooscope"}));
}

TEST(Assets, UnknownExecutableReadsTheSourceTree) {
  EXPECT_EQ(data_roots_for("", kSource, kBuild), (Paths{kSource}));
}

// The running test binary is in the build tree: it finds the shipped labs and scenarios.
TEST(Assets, TestBinaryFindsTheShippedLabsAndScenarios) {
  const auto labs = lab_files();
  EXPECT_NE(std::find(labs.begin(), labs.end(), fs::path(ZS_SOURCE_DIR) / "labs" / "02-five-in-order.toml"),
            labs.end());
  EXPECT_FALSE(find_scenario("leader-crash").empty());
}

}  // namespace
}  // namespace zs::cli

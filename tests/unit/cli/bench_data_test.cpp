// `zooscope bench data` prints its figures as name=value lines (not a timing test: only that
// the figures are there and plausible).
#include <gtest/gtest.h>

#include <map>
#include <sstream>
#include <string>
#include <vector>

#include "cli.hpp"

namespace zs::cli {
namespace {

TEST(BenchData, PrintsCreateRateAndBytesPerZnode) {
  std::vector<std::string> args{"zooscope", "bench", "data", "--znodes", "2000"};
  std::vector<char*> argv;
  for (auto& a : args) argv.push_back(a.data());
  std::ostringstream out, err;
  const auto code = run_subcommand(static_cast<int>(argv.size()), argv.data(), out, err);
  ASSERT_EQ(code, 0) << err.str();
  std::map<std::string, double> v;
  std::istringstream lines(out.str());
  for (std::string line; std::getline(lines, line);) {
    const auto eq = line.find('=');
    ASSERT_NE(eq, std::string::npos) << line;
    if (line.rfind("data.bytes_source=", 0) == 0) continue;  // "heap" or "resident"
    v[line.substr(0, eq)] = std::stod(line.substr(eq + 1));
  }
  EXPECT_GT(v["data.create_per_s"], 0);
  // A znode holds at least its 21-byte path and 8 bytes of data (under a sanitizer the
  // figure comes from resident memory, which is larger still).
  EXPECT_GT(v["data.bytes_per_znode"], 29);
  EXPECT_NE(out.str().find("data.bytes_source="), std::string::npos);
  EXPECT_TRUE(v.count("data.overhead_per_znode_2000"));
}

TEST(BenchData, UnknownBenchmarkNamesThemAll) {
  std::vector<std::string> args{"zooscope", "bench", "disk"};
  std::vector<char*> argv;
  for (auto& a : args) argv.push_back(a.data());
  std::ostringstream out, err;
  EXPECT_EQ(run_subcommand(static_cast<int>(argv.size()), argv.data(), out, err), 2);
  EXPECT_NE(err.str().find("\"sim\", \"data\", \"zab\", \"lab\", \"attach\" and \"recording\""), std::string::npos) << err.str();
}

}  // namespace
}  // namespace zs::cli

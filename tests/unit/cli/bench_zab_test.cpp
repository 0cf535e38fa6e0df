// `zooscope bench zab` prints its figures as name=value lines (not a timing test: only that
// the figures are there and plausible).
#include <gtest/gtest.h>

#include <algorithm>
#include <cctype>
#include <map>
#include <sstream>
#include <string>
#include <vector>

#include "cli.hpp"

namespace zs::cli {
namespace {

struct Ran {
  int code;
  std::string out;
  std::string err;
};

Ran run(std::vector<std::string> args) {
  args.insert(args.begin(), {"zooscope", "bench", "zab"});
  std::vector<char*> argv;
  for (auto& a : args) argv.push_back(a.data());
  std::ostringstream out, err;
  const auto code = run_subcommand(static_cast<int>(argv.size()), argv.data(), out, err);
  return {code.value_or(-1), out.str(), err.str()};
}

// name -> value of every numeric line (later blocks overwrite earlier ones).
std::map<std::string, double> numbers(const std::string& out) {
  std::map<std::string, double> v;
  std::istringstream lines(out);
  for (std::string line; std::getline(lines, line);) {
    const auto eq = line.find('=');
    EXPECT_NE(eq, std::string::npos) << line;
    if (eq == std::string::npos) continue;
    const std::string value = line.substr(eq + 1);
    if (value.empty() || !(std::isdigit(static_cast<unsigned char>(value[0])) || value[0] == '-')) continue;
    v[line.substr(0, eq)] = std::stod(value);
  }
  return v;
}

TEST(BenchZab, PrintsCommitRateLatencyAndDataFigures) {
  const Ran r = run({"--servers", "3", "--writes", "300", "--outstanding", "20", "--latency-writes", "30",
                     "--znodes", "2000"});
  ASSERT_EQ(r.code, 0) << r.err;
  auto v = numbers(r.out);
  EXPECT_EQ(v["zab.servers"], 3);
  EXPECT_GE(v["zab.commits"], 300);
  EXPECT_GT(v["zab.commits_per_wall_s"], 0);
  EXPECT_GT(v["zab.events_per_wall_s"], 0);
  EXPECT_EQ(v["zab.client_errors"], 0);
  // A write crosses at least a PROPOSAL and an ACK (a follower's also a REQUEST and a
  // COMMIT), each at least the 1 ms minimum link latency.
  EXPECT_GE(v["zab.commit_latency_sim_ms_p50"], 2);
  EXPECT_LE(v["zab.commit_latency_sim_ms_p50"], v["zab.commit_latency_sim_ms_p99"]);
  EXPECT_EQ(v["zab.latency_writes"], 30);
  // Every commit is at least its PROPOSAL, ACK and COMMIT events, traced.
  EXPECT_GE(v["zab.events_per_commit"], 3);
  EXPECT_GE(v["zab.trace_events_per_commit"], v["zab.events_per_commit"]);
  EXPECT_GT(v["data.create_per_s"], 0);
  EXPECT_GT(v["data.bytes_per_znode"], 29);  // at least the 21-byte path and 8 bytes of data
  EXPECT_NE(r.out.find("zab.op=set\n"), std::string::npos) << r.out;
  // Three runs by default, each one's rate listed; the figures are the median run's.
  EXPECT_EQ(v["zab.runs"], 3);
  const auto each = r.out.find("zab.commits_per_wall_s_each_run=");
  ASSERT_NE(each, std::string::npos) << r.out;
  const std::string list = r.out.substr(each, r.out.find('\n', each) - each);
  EXPECT_EQ(std::count(list.begin(), list.end(), ','), 2) << list;
}

TEST(BenchZab, RunsOptionRepeatsTheSameRun) {
  const Ran r = run({"--servers", "3", "--writes", "100", "--outstanding", "10", "--latency-writes", "10",
                     "--runs", "2", "--znodes", "1000"});
  ASSERT_EQ(r.code, 0) << r.err;
  const auto v = numbers(r.out);
  EXPECT_EQ(v.at("zab.runs"), 2);
  EXPECT_GE(v.at("zab.system_s"), 0);
  EXPECT_NE(r.out.find("zab.first_run_page_faults_per_1k_commits="), std::string::npos) << r.out;
  EXPECT_EQ(run({"--runs", "0"}).code, 2);
}

TEST(BenchZab, OneBlockPerEnsembleSizeWithCreatesAndNoCheckpoints) {
  const Ran r = run({"--servers", "3,5", "--writes", "100", "--outstanding", "10", "--latency-writes", "10",
                     "--op", "create", "--checkpoints", "off", "--znodes", "1000"});
  ASSERT_EQ(r.code, 0) << r.err;
  EXPECT_NE(r.out.find("zab.servers=3\n"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("zab.servers=5\n"), std::string::npos) << r.out;
  EXPECT_LT(r.out.find("zab.servers=3\n"), r.out.find("zab.servers=5\n"));
  EXPECT_NE(r.out.find("zab.op=create\n"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("zab.checkpoints=off\n"), std::string::npos) << r.out;
  const auto v = numbers(r.out);
  EXPECT_GE(v.at("zab.commits"), 100);
}

TEST(BenchZab, BadServerListIsExitCode2WithUsage) {
  const Ran r = run({"--servers", "3,x"});
  EXPECT_EQ(r.code, 2);
  EXPECT_NE(r.err.find("--servers"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("usage: zooscope bench zab"), std::string::npos) << r.err;
}

}  // namespace
}  // namespace zs::cli

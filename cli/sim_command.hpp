// `zooscope sim`: run a scripted ensemble headless and print each server's final state.
#pragma once

#include <iosfwd>
#include <string>
#include <vector>

#include "core/result.hpp"
#include "sim/simulator.hpp"

namespace zs::cli {

// Everything `zooscope sim` was asked to do, parsed and checked.
struct SimRequest {
  int servers = 3;
  int observers = 0;
  std::vector<std::string> config_files;
  std::vector<ScheduledAction> actions;
  bool explicit_start = false;  // without --start every server starts at 0
  std::vector<std::pair<Sid, Zxid>> zxids;
  SimOptions options;
  Ms until_ms = 10000;
  std::string trace_file;
  bool json = false;
  bool log = false;
};

// Parsers for the flag values, each with an error that says what was expected.
Result<std::vector<std::pair<Sid, Ms>>> parse_sid_times(const std::string& flag, const std::string& value);
Result<std::vector<std::pair<Sid, Zxid>>> parse_zxids(const std::string& value);
Result<ScheduledAction> parse_partition(const std::string& value);
Result<Ms> parse_at_time(const std::string& flag, const std::string& value);
Result<Ratio> parse_probability(const std::string& flag, const std::string& value);

// The end-of-run line of one server, exactly:
// server.<sid> state=<LOOKING|FOLLOWING|LEADING|OBSERVING|DOWN> leader=<sid or -> epoch=<n> zxid=0x<hex>
std::string summary_line(const PeerSnapshot& p);
std::string summary_json(const std::vector<PeerSnapshot>& peers, Ms now);

int run_sim(int argc, char** argv, std::ostream& out, std::ostream& err);

}  // namespace zs::cli

// `zooscope sim`: run a scripted ensemble headless and print each server's final state.
#pragma once

#include <iosfwd>
#include <string>
#include <vector>

#include "check/safety_checker.hpp"
#include "core/result.hpp"
#include "run/action.hpp"
#include "sim/simulator.hpp"

namespace zs::cli {

// One `--client "SID: command"@MS`: a zkCli console line for the console on server SID, or
// `--client "HOST:PORT[,HOST:PORT...]: command"@MS` for the console on that connect string
// (`target` keeps what was written before the colon).
struct ClientLine {
  Sid sid = 0;          // 0 when `target` is a connect string
  std::string target;
  std::string command;
  Ms at = 0;
};

// One `--link "FROM>TO:MIN-MAX[:LOSS]"@MS`: from that virtual time on, messages from FROM to
// TO take MIN-MAX ms and are lost with chance LOSS (the other direction is unchanged; without
// LOSS the link keeps the loss it has).
struct LinkChange {
  run::SetLinkParams change;
  Ms at = 0;
};

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
  bool check = false;  // run the safety checker after every event (check/safety_checker.hpp)
  std::vector<ClientLine> clients;  // in command-line order
};

// Parsers for the flag values, each with an error that says what was expected.
Result<std::vector<std::pair<Sid, Ms>>> parse_sid_times(const std::string& flag, const std::string& value);
Result<std::vector<std::pair<Sid, Zxid>>> parse_zxids(const std::string& value);
Result<ScheduledAction> parse_partition(const std::string& value);
Result<Ms> parse_at_time(const std::string& flag, const std::string& value);
Result<Ratio> parse_probability(const std::string& flag, const std::string& value);
// "SID: command@MS" (the shell has taken the quotes of `"1: ls /"@6000`); the last '@' starts
// the time, so a command may contain '@'.
Result<ClientLine> parse_client(const std::string& value);
// The connect string of a console's target as `zooscope console --server` and `zooscope sim
// --client` take it: a server id (zkCli.sh -server 127.0.0.1:<its client port>) or zkCli's
// -server string, every address of which must be a simulated server's client address. The
// error names the part that is wrong; `flag` starts it.
Result<std::string> console_connect_string(const config::EnsembleConfig& ens, const std::string& flag,
                                           const std::string& target);
Result<LinkChange> parse_link(const std::string& value);

// The end-of-run line of one server, exactly:
// server.<sid> state=<LOOKING|FOLLOWING|LEADING|OBSERVING|DOWN> leader=<sid or -> epoch=<n> zxid=0x<hex>
std::string summary_line(const PeerSnapshot& p);
std::string summary_json(const std::vector<PeerSnapshot>& peers, Ms now);
// --check's verdict, one line each: "check: ok (N events, M commits, K leaders)", or
// "check: FAILED: <rule>: <details>" per violation.
std::vector<std::string> check_lines(const check::SafetyChecker& checker);

int run_sim(int argc, char** argv, std::ostream& out, std::ostream& err);

}  // namespace zs::cli

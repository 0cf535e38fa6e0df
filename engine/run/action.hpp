// The action language: what a run, a run file, a `zooscope sim` flag and (next) a lab step
// can do to a simulated ensemble, as typed values and as one line of text.
//
//   start 3                     a server that has not started yet boots
//   crash 3 / restart 3         kill -9 / start it again on its persisted state
//   isolate 3                   cut every link to and from server 3
//   partition 1,2|3,4,5         cut every link between the groups (a server in no group is alone)
//   heal                        every cut link heals
//   cut 1>2 / heal 1>2          one direction of one link
//   link 1>2 1500-1500[:20%]    one direction takes MIN-MAX ms (and loses LOSS)
//   link * 1-5[:0.1]            every link
//   loss 10%                    every link loses 10% (0.1 works too)
//   write 1 [COUNT]             a client on server 1 creates COUNT /write- nodes at once
//   client 1: create /a data    a zkCli line on the console of server 1
//   kill-client 1               that zkCli process dies (kill -9); its session expires later
//   zxid 1=0x100000005          a server that has not started holds this last logged zxid
//
// Parsing never throws; a line that does not parse gets an Error naming the column and the fix.
// Pure: no simulator, no clock.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <variant>
#include <vector>

#include "core/prng.hpp"
#include "core/result.hpp"
#include "core/types.hpp"

namespace zs::run {

struct StartServer { Sid sid = 0; };
struct CrashServer { Sid sid = 0; };
struct RestartServer { Sid sid = 0; };
struct IsolateServer { Sid sid = 0; };
struct HealAll {};
struct CutLink { Sid from = 0; Sid to = 0; };
struct HealLink { Sid from = 0; Sid to = 0; };
// Latency (and loss) of one directed link, or of every link when from == 0.
struct SetLinkParams {
  Sid from = 0;
  Sid to = 0;
  std::optional<Ratio> loss;  // nullopt: the link keeps the loss it has
  Ms latency_min_ms = 1;
  Ms latency_max_ms = 5;
};
struct Partition { std::vector<std::vector<Sid>> groups; };
struct SetLoss { Ratio loss{0, 1}; };  // every link
// A client on `sid` creates `count` persistent sequential nodes /write-NNNNNNNNNN at once.
struct WriteButton {
  Sid sid = 0;
  int count = 1;
};
// The console on server `sid`; with `connect` (zkCli's -server string, "127.0.0.1:2181,
// 127.0.0.1:2182"), the console on that string instead, whose first server is `sid`.
struct ConsoleLine {
  Sid sid = 0;
  std::string line;
  std::string connect = {};
};
// The zkCli process of the console on `sid` dies: its session expires later at the leader,
// taking its ephemeral nodes with it. The next line on `sid` starts a new zkCli.
struct KillClient { Sid sid = 0; };
// A server that has not started yet holds this last logged zxid (a setup preset).
struct PresetZxid { Sid sid = 0; Zxid zxid{}; };

using Action = std::variant<StartServer, CrashServer, RestartServer, IsolateServer, HealAll, CutLink,
                            HealLink, SetLinkParams, Partition, SetLoss, WriteButton, ConsoleLine,
                            KillClient, PresetZxid>;

// One line of the action language -> an action. An error says what is wrong (quoting the
// word; the caller adds where the line was written) and gives an example that works; it
// never throws. `whole_percent`: see parse_chance
// (`zooscope sim`'s flags have always read every chance in millionths).
Result<Action> parse_action(std::string_view text, bool whole_percent = true);
// The action as one line that parse_action reads back to the same action.
std::string to_text(const Action& a);

// Every server id the action names (to check them against an ensemble).
std::vector<Sid> sids_of(const Action& a);

// A latency range in ms as written by a user: "1-5", "1500-1500".
Result<std::pair<Ms, Ms>> parse_latency(std::string_view text);

// A chance as written by a user: "0.1", "12.5%" (0 to 1, or 0% to 100%), in millionths. With
// `whole_percent`, a whole percentage ("10%") is kept in hundredths, as the window's loss
// slider sets it (the two draw different random numbers, so a run keeps the one it had).
Result<Ratio> parse_chance(std::string_view text, bool whole_percent = true);
std::string chance_text(Ratio r);

}  // namespace zs::run

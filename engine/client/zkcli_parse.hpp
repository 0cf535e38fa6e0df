// zkCli's command line as a pure function: ZooKeeperMain (parseCommand, processZKCmd) and the
// parse and pre-request checks of cli/*Command.java in ZooKeeper 3.8.0, with the option grammar
// of commons-cli 1.5.0's DefaultParser (what Debian 12 runs). One console line in: a typed
// command ready to send, or exactly what zkCli prints when it stops before any request goes out.
// Real outputs: docs/reference-captures/zkcli-3.8.0-console.txt.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "client/zkcli_format.hpp"
#include "data/acl.hpp"
#include "data/prep.hpp"
#include "data/watch_manager.hpp"

namespace zs::client {

// MyCommandOptions.parseCommand: whitespace-separated tokens; "..." or '...' is one token with
// the quotes removed; an unmatched quote is skipped.
std::vector<std::string> tokenize(std::string_view line);

// --- Commands, with every argument checked as zkCli checks it before sending ---------------

struct CreateCmd {
  std::string path;
  std::optional<std::string> data;  // nullopt: no data argument, the node's data is null
  AclList acl = open_acl_unsafe();  // never empty
  std::int32_t flags = create_mode::kPersistent;
  std::int64_t ttl_ms = -1;  // 1..kMaxTtlMs for the two TTL modes, else -1
  friend bool operator==(const CreateCmd&, const CreateCmd&) = default;
};
struct GetCmd {
  std::string path;
  bool stat = false;
  bool watch = false;
  friend bool operator==(const GetCmd&, const GetCmd&) = default;
};
struct SetCmd {
  std::string path;
  std::string data;
  std::int32_t version = -1;
  bool stat = false;
  friend bool operator==(const SetCmd&, const SetCmd&) = default;
};
struct LsCmd {
  std::string path;
  bool stat = false;
  bool watch = false;
  bool recursive = false;  // -R: visit_subtree, one getChildren per node; -s is then ignored
  friend bool operator==(const LsCmd&, const LsCmd&) = default;
};
struct StatCmd {
  std::string path;
  bool watch = false;
  friend bool operator==(const StatCmd&, const StatCmd&) = default;
};
struct DeleteCmd {
  std::string path;
  std::int32_t version = -1;
  friend bool operator==(const DeleteCmd&, const DeleteCmd&) = default;
};
struct DeleteAllCmd {
  std::string path;
  std::int32_t batch_size = 1000;  // -b; see delete_batches
  friend bool operator==(const DeleteAllCmd&, const DeleteAllCmd&) = default;
};
struct SyncCmd {
  std::string path;
  friend bool operator==(const SyncCmd&, const SyncCmd&) = default;
};
struct AddAuthCmd {
  std::string scheme;
  std::optional<std::string> auth;  // nullopt: no auth argument (null bytes, which fail)
  friend bool operator==(const AddAuthCmd&, const AddAuthCmd&) = default;
};
struct GetAclCmd {
  std::string path;
  bool stat = false;
  friend bool operator==(const GetAclCmd&, const GetAclCmd&) = default;
};
struct SetAclCmd {
  std::string path;
  // Empty only with `recursive`: zkCli then visits the tree and every node's setACL fails on
  // the client, printing print_recursive_set_acl_error(Code::InvalidAcl, std::nullopt).
  AclList acl;
  std::int32_t version = -1;
  bool stat = false;
  bool recursive = false;  // -R: visit_subtree after a getData on `path`
  friend bool operator==(const SetAclCmd&, const SetAclCmd&) = default;
};
struct AddWatchCmd {
  std::string path;
  // nullopt when -m was not given: zkCli keeps the mode of the last `addWatch -m` of this
  // shell (its command object is shared), PersistentRecursive before any.
  std::optional<WatcherMode> mode;
  friend bool operator==(const AddWatchCmd&, const AddWatchCmd&) = default;
};
struct RemoveWatchesCmd {
  std::string path;
  WatcherType type = WatcherType::Any;  // -c children, else -d data, else any
  bool local = false;                   // -l
  friend bool operator==(const RemoveWatchesCmd&, const RemoveWatchesCmd&) = default;
};
struct CloseCmd {
  friend bool operator==(const CloseCmd&, const CloseCmd&) = default;
};

// The shell's own commands. After history, printwatches and redo (and connect, which leaves a
// live session), zkCli goes on to print print_not_connected() when the session is not alive.
struct ConnectCmd {
  std::optional<std::string> host;  // nullopt: reconnect to the current host
  friend bool operator==(const ConnectCmd&, const ConnectCmd&) = default;
};
struct HistoryCmd {
  friend bool operator==(const HistoryCmd&, const HistoryCmd&) = default;
};
struct RedoCmd {
  // nullopt: `redo` without an argument does nothing. Otherwise the caller checks 0 <= index <
  // command count ("Command index out of range") and that the line is not a redo ("No
  // redoing redos"), records that line as this command's history entry, and runs it.
  std::optional<std::int32_t> index;
  friend bool operator==(const RedoCmd&, const RedoCmd&) = default;
};
struct PrintWatchesCmd {
  std::optional<bool> on;  // nullopt: print the setting; else on = (argument == "on")
  friend bool operator==(const PrintWatchesCmd&, const PrintWatchesCmd&) = default;
};
struct QuitCmd {
  friend bool operator==(const QuitCmd&, const QuitCmd&) = default;
};
// getAllChildrenNumber PATH: how many nodes are below PATH (the server counts them).
struct GetAllChildrenNumberCmd {
  std::string path;
  friend bool operator==(const GetAllChildrenNumberCmd&, const GetAllChildrenNumberCmd&) = default;
};
// whoami: the identities the server holds for this session (WhoAmICommand looks at no
// argument).
struct WhoAmICmd {
  friend bool operator==(const WhoAmICmd&, const WhoAmICmd&) = default;
};
// getEphemerals [PATH]: the session's ephemeral nodes whose path starts with PATH (all of
// them without PATH: ZooKeeper.getEphemerals() asks with the prefix "/").
struct GetEphemeralsCmd {
  std::string prefix = "/";
  friend bool operator==(const GetEphemeralsCmd&, const GetEphemeralsCmd&) = default;
};
// version: zkCli's own version; no request goes out (but the session must be alive).
struct VersionCmd {
  friend bool operator==(const VersionCmd&, const VersionCmd&) = default;
};
// config [-c] [-w] [-s]: a getData of /zookeeper/config (never under the chroot).
struct ConfigCmd {
  bool client = false;  // -c: "version host:port,..." (ConfigUtils.getClientConfigStr)
  bool watch = false;   // -w
  bool stat = false;    // -s
  friend bool operator==(const ConfigCmd&, const ConfigCmd&) = default;
};
// reconfig with an operation (-add, -remove, -members, -file): the servers zooscope
// simulates, like a 3.8.0 server without reconfigEnabled, refuse it (ReconfigDisabled).
struct ReconfigCmd {
  std::optional<std::string> joining;  // -add, lower-cased as zkCli does
  std::optional<std::string> leaving;  // -remove
  std::optional<std::string> members;  // -members
  std::optional<std::string> file;     // -file: read when the command runs (it gives members)
  std::int64_t version = -1;           // -v, hexadecimal
  bool stat = false;                   // -s
  friend bool operator==(const ReconfigCmd&, const ReconfigCmd&) = default;
};
// setquota -n|-b|-N|-B val path: one limit (the options are one group); -1 = not given.
struct SetQuotaCmd {
  std::string path;
  std::int64_t count = -1;            // -n
  std::int64_t bytes = -1;            // -b
  std::int64_t count_hard_limit = -1; // -N
  std::int64_t byte_hard_limit = -1;  // -B
  friend bool operator==(const SetQuotaCmd&, const SetQuotaCmd&) = default;
};
// listquota path: the limits and stats of the quota on `path`.
struct ListQuotaCmd {
  std::string path;
  friend bool operator==(const ListQuotaCmd&, const ListQuotaCmd&) = default;
};
// delquota [-n|-b|-N|-B] path: without an option the whole quota (its nodes) goes; with one,
// that limit is set back to -1.
struct DelQuotaCmd {
  std::string path;
  bool count = false;
  bool bytes = false;
  bool count_hard_limit = false;
  bool byte_hard_limit = false;
  bool whole() const { return !count && !bytes && !count_hard_limit && !byte_hard_limit; }
  friend bool operator==(const DelQuotaCmd&, const DelQuotaCmd&) = default;
};
// A zkCli command zooscope does not run; its arguments are not checked. (Every command of
// zkCli 3.8.0 is run now; kept for a console whose server lacks a request.)
struct UnsupportedCmd {
  std::string name;
  friend bool operator==(const UnsupportedCmd&, const UnsupportedCmd&) = default;
};

using Command = std::variant<CreateCmd, GetCmd, SetCmd, LsCmd, StatCmd, DeleteCmd, DeleteAllCmd,
                             SyncCmd, AddAuthCmd, GetAclCmd, SetAclCmd, AddWatchCmd,
                             RemoveWatchesCmd, CloseCmd, ConnectCmd, HistoryCmd, RedoCmd,
                             PrintWatchesCmd, QuitCmd, GetAllChildrenNumberCmd, WhoAmICmd,
                             GetEphemeralsCmd, VersionCmd, ConfigCmd, ReconfigCmd, SetQuotaCmd,
                             ListQuotaCmd, DelQuotaCmd, UnsupportedCmd>;

// --- One line ------------------------------------------------------------------------------

enum class LineOutcome : std::uint8_t {
  Run,       // `command` is ready; `printed` is what zkCli printed first (deprecation notes,
             // ACL warnings, ls -? help), often nothing
  Failed,    // zkCli printed `printed` and sent nothing; its exit code is now `exit_code`
  Aborted,   // zkCli died with an uncaught Java exception (e.g. `set -v abc /x d`); `printed`
             // holds what came before it and the exception's first line, without the stack
  Empty,     // "": zkCli ignores the line (no history entry, the prompt number stays)
  NoTokens,  // not empty but no token (e.g. a lone "): zkCli records it in the history, counts
             // it, and runs the previous command again
};

struct ParsedLine {
  LineOutcome outcome = LineOutcome::Empty;
  std::optional<Command> command;  // set when outcome == Run
  Printed printed;
  // CliException.getExitCode when Failed: 1, 127 for an unknown command, 0 for "Not
  // connected"; 1 when Aborted.
  int exit_code = 0;
};

// One console line. `connected` = the session is alive (is_alive): if not, every command that
// talks to the server fails with "Not connected" before its arguments are looked at.
ParsedLine parse_line(std::string_view line, bool connected = true);
// The same from tokens already split (args[0] is the command), as zkCli.sh's own arguments.
ParsedLine parse_args(std::vector<std::string> args, bool connected = true);

// reconfig -file: what ReconfigCommand.parse makes of the file's text (Properties.load, then
// QuorumPeerConfig.parseDynamicConfig): the members it sends (QuorumMaj.toString), or the
// message of the exception that refused the file (zkCli prints "Error processing " + path +
// that message). Keys are read in file order, where Java walks a hash table: with two bad
// lines the one reported may differ.
struct DynamicConfig {
  std::string members;
  std::optional<std::string> error;
};
DynamicConfig parse_dynamic_config(std::string_view text);

}  // namespace zs::client

// The text zkCli (ZooKeeperMain and cli/*Command.java of ZooKeeper 3.8.0) prints for results,
// errors, watch events and its prompt, as pure functions. Checked byte for byte against real
// captures (docs/reference-captures/zkcli-3.8.0-console.txt,
// ../shared/reference/real-zookeeper-3.8/zkcli-tutorial-session.txt, samples/runs/exp_f_cli.txt).
// Every line a function returns ends with '\n' unless it says otherwise.
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/types.hpp"
#include "data/acl.hpp"
#include "data/client_protocol.hpp"
#include "data/errors.hpp"
#include "data/stat.hpp"
#include "data/watch_manager.hpp"

namespace zs::client {

// zkCli writes results to System.out and errors (plus "Created /x") to System.err; a console
// shows both in the order printed.
enum class Stream : std::uint8_t { Out, Err };

struct Chunk {
  Stream stream = Stream::Out;
  std::string text;
  friend bool operator==(const Chunk&, const Chunk&) = default;
};

// What zkCli prints for one step, in order. Adjacent text for the same stream is merged.
class Printed {
 public:
  void out(std::string_view text) { add(Stream::Out, text); }
  void err(std::string_view text) { add(Stream::Err, text); }
  void append(const Printed& other);
  bool empty() const { return chunks_.empty(); }
  const std::vector<Chunk>& chunks() const { return chunks_; }
  // Everything, as a terminal shows it with both streams.
  std::string text() const;
  std::string text(Stream stream) const;

 private:
  void add(Stream stream, std::string_view text);
  std::vector<Chunk> chunks_;
};

// Watcher.Event.KeeperState, wire values.
enum class KeeperState : std::int32_t {
  Unknown = -1,
  Disconnected = 0,
  NoSyncConnected = 1,
  SyncConnected = 3,
  AuthFailed = 4,
  ConnectedReadOnly = 5,
  SaslAuthenticated = 6,
  Expired = -112,
  Closed = 7,
};
std::string_view to_string(KeeperState s);  // "SyncConnected"
std::string_view to_string(EventType t);    // "NodeDataChanged"

// ZooKeeper.States, as the prompt shows the client's state.
enum class ClientState : std::uint8_t {
  Connecting,
  Associating,
  Connected,
  ConnectedReadOnly,
  Closed,
  AuthFailed,
  NotConnected,
};
std::string_view to_string(ClientState s);  // "CONNECTED", "AUTH_FAILED", ...
// States.isAlive: commands other than connect/history/printwatches/redo/quit need it.
bool is_alive(ClientState s);

// ZooKeeperMain.getPrompt: "[zk: 127.0.0.1:2181(CONNECTED) 0] " (no newline). `command_count`
// counts the non-empty lines entered so far.
std::string prompt(std::string_view host, ClientState state, int command_count);

// java.util.Date.toString in the UTC zone: "Mon Nov 23 15:28:59 UTC 2026" (no newline).
// Proleptic Gregorian; Java switches to the Julian calendar before 1582-10-15.
std::string java_date(Ms ms);

// StatPrinter.print: the eleven "cZxid = 0x2" ... "numChildren = 0" lines. Zxids and
// ephemeralOwner print as Long.toHexString.
std::string stat_block(const Stat& stat);

// KeeperException.getMessage: "KeeperErrorCode = NoNode for /x"; without a path (the client's
// own empty-ACL check) "KeeperErrorCode = InvalidACL". No newline.
std::string keeper_error_message(Code code, std::optional<std::string_view> path);
// CliWrapperException's message for a KeeperException: "Node does not exist: /x",
// "version No is not valid : /x", ...; codes without a zkCli text fall back to
// keeper_error_message. A missing path prints as "null". No newline.
std::string cli_error_message(Code code, std::optional<std::string_view> path);

// PathUtils.validatePath's message, or nullopt for a valid path: "Path must start with /
// character", "Invalid path string \"/a//b\" caused by empty node name specified @3". A
// sequential create checks path + "1". The index counts UTF-16 units, as Java does. Agrees with
// data/paths.hpp validate_path on which paths are valid (tests check both).
std::optional<std::string> path_error(std::string_view path, bool sequential = false);

// ZooKeeperMain.commandMap: every command zkCli 3.8.0 knows with its option text, in the order
// usage() lists them (String order, so "addWatch" comes before "addauth").
struct CommandUsage {
  std::string_view name;
  std::string_view options;
};
const std::vector<CommandUsage>& commands();
// CliCommand.getUsageStr, "<name> <options>": what a command prints for missing arguments.
std::optional<std::string> usage_of(std::string_view command);

// --- Results ---------------------------------------------------------------------------------

// create: "Created /path" on stderr, with the server's sequential suffix in `created_path`.
Printed print_created(std::string_view created_path);
// A failed server call: the CliWrapperException message on stderr. All commands but create print
// just this; a nullopt path (setAcl's own empty-ACL check) prints as "null".
Printed print_error(Code code, std::optional<std::string_view> path);
// A failed create also prints the exception's own message first for InvalidACL, and "Unable to
// create ephemeral node on a local session" for EphemeralOnLocalSession. `path` is nullopt for
// the client's own empty-ACL check (zkCli then prints "... : null").
Printed print_create_error(Code code, std::optional<std::string_view> path);
// get: the data as text ("null" when the node has no data), then the Stat block with -s.
Printed print_get(std::optional<std::string_view> data, const std::optional<Stat>& stat);
// ls: "[a, b]" with the children sorted (byte order, which is Java's String order for valid
// znode names: they hold no surrogates), then the Stat block with -s.
Printed print_children(std::vector<std::string> children, const std::optional<Stat>& stat);
// ls -R: one path per line, in the order visit_subtree gives.
Printed print_paths(const std::vector<std::string>& paths);
// stat, set -s, setAcl -s: the Stat block on stdout.
Printed print_stat(const Stat& stat);
// getAcl: "'world,'anyone\n: cdrwa" per entry, then the Stat block with -s.
Printed print_acl(const AclList& acl, const std::optional<Stat>& stat);
// setAcl -R: a failed setACL on one node prints the KeeperException message on stdout with no
// newline, so consecutive failures run together. nullopt path: the client's empty-ACL check.
Printed print_recursive_set_acl_error(Code code, std::optional<std::string_view> path);
// sync: "Sync is OK" or "Sync has failed. rc=-101".
Printed print_sync(Code rc);
// getAllChildrenNumber: the number of nodes below the path (not counting it), on stdout.
Printed print_all_children_number(std::int32_t total);
// whoami: "Auth scheme: User", then "<scheme>: <user>" per identity of the session. zkCli
// prints the heading alone when the request failed: ZooKeeper.whoAmI ignores the error.
Printed print_whoami(const std::vector<ClientInfo>& identities);
// getEphemerals: the list as Java prints it, "[/a, /b]", in the server's order.
Printed print_ephemerals(const std::vector<std::string>& paths);
// version: "ZooKeeper CLI version: " and Version.getFullVersion() of the zkCli zooscope
// matches, Debian 12's ZooKeeper 3.8.0 build.
Printed print_version();
// ConfigUtils.getClientConfigStr: "<version> <host:port>,..." from a /zookeeper/config text,
// one entry per server line (empty for a line without a client address), in the order a
// java.util.Properties (a ConcurrentHashMap of 16 buckets) lists the lines. No newline.
std::string client_config_string(std::string_view config);
// config: the node's data (or "null"), or with -c its client config string; then the Stat
// block with -s.
Printed print_config(std::optional<std::string_view> data, bool client, const std::optional<Stat>& stat);
// deleteall when a batch failed: "Failed to delete some node(s) in the subtree!" on stderr.
Printed print_deleteall_failed();
// history: "<n> - <line>" for the last 11 entries up to and including the current command
// (`command_count` is its number).
Printed print_history(const std::map<int, std::string>& history, int command_count);
// printwatches without an argument: "printwatches is on".
Printed print_printwatches(bool on);
// A watch event as MyWatcher prints it (when printwatches is on):
// "\nWATCHER::\n\nWatchedEvent state:SyncConnected type:NodeDataChanged path:/zk_test\n".
// `path` nullopt prints "null" (connection events).
Printed print_watch_event(KeeperState state, EventType type, std::optional<std::string_view> path);
// ZooKeeperMain's start: "Connecting to <host>", then for an interactive shell "Welcome to
// ZooKeeper!" and whether JLine (line editing, the prompt) is on; all on stdout.
Printed print_connecting(std::string_view host);
Printed print_welcome(bool jline);
// A command that needs a live session while the session is not alive: "Not connected".
Printed print_not_connected();
// ZooKeeperMain.usage: "ZooKeeper -server host:port -client-configuration properties-file cmd
// args" then one "\t<cmd> <options>" line per command, on stderr.
Printed print_usage();

// --- Walks zkCli does on the client side ----------------------------------------------------

// What a getChildren on `path` returned: the children, or nullopt when the node is gone.
using ChildrenOf = std::function<std::optional<std::vector<std::string>>(const std::string& path)>;
// ZKUtil.visitSubTreeDFS after its first getData on `root` (the caller reports that error):
// `root`, then each node's sorted children, then the same for each child in turn. A node that
// vanished is skipped. Used by ls -R and setAcl -R.
std::vector<std::string> visit_subtree(const std::string& root, const ChildrenOf& children_of);
// ZKUtil.listSubTreeBFS: `root` first, then breadth first in the order the server listed the
// children. nullopt when a getChildren failed with NoNode (deleteall prints "Node does not
// exist: <that path>"; `failed_path` says which).
std::optional<std::vector<std::string>> list_subtree_bfs(const std::string& root,
                                                         const ChildrenOf& children_of,
                                                         std::string* failed_path = nullptr);
// ZKUtil.deleteInBatch: the multi-delete batches for a BFS listing, leaves first, at most
// `batch_size` deletes each. zkCli stops submitting once a batch has failed.
std::vector<std::vector<std::string>> delete_batches(const std::vector<std::string>& tree,
                                                     std::int32_t batch_size);

}  // namespace zs::client

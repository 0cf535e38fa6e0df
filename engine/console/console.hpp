// zkCli on a client handle: ZooKeeperMain's loop (history, redo, printwatches, connect, quit),
// the cli/*Command.java exec methods of ZooKeeper 3.8.0, and the client-side half of the
// ZooKeeper object (requests held while connecting, conLossPacket, ZKWatchManager, the
// EventThread's state events), driving one ClientHandle (client_handle.hpp): the simulated
// ensemble's (engine/run/sim_client_handle.hpp) or, later, a real server's. Parsing and every
// printed word come from engine/client (zkcli_parse, zkcli_format); this layer only decides
// which calls go to the server, in which order, and what their answers print. Every server
// decision (errors, ACLs, authentication) comes back in the handle's answers.
//
// The console never waits. Its driver (CLI, GUI, tests) moves the handle's world on and
// calls pump(); pump() takes what the handle heard, advances the running command (ls -R,
// deleteall and setAcl -R make several calls, in zkCli's order) and submits its next call.
// Nothing here is rewound: a driver that goes back in time builds its consoles anew.
#pragma once

#include <cstdint>
#include <deque>
#include <map>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "client/zkcli_format.hpp"
#include "client/zkcli_parse.hpp"
#include "console/client_handle.hpp"

namespace zs::console {

// One piece of what the console printed, as a transcript shows it.
struct TranscriptEntry {
  enum class Kind : std::uint8_t {
    Banner,   // ZooKeeperMain's start: "Connecting to ...", "Welcome to ZooKeeper!", and what
              // the first connection printed before the first prompt
    Command,  // a line: `prompt` + `line`, then everything printed until it finished
    Event,    // printed while no command ran (a watch or connection event)
  };
  Kind kind = Kind::Event;
  Ms at = 0;            // the handle's time (virtual, when simulated) it began
  std::string prompt;   // Command: the prompt shown before the line
  std::string line;     // Command: the line as entered
  client::Printed printed;
};

struct ConsoleOptions {
  std::int32_t session_timeout_ms = 30000;  // zkCli's -timeout default
  // zkCli's -r: every connection (the first and `connect`'s) may be taken by a read-only
  // server; the prompt then says CONNECTEDREADONLY and writes fail with NotReadOnly.
  bool read_only = false;
};

class Console {
 public:
  // Connects `handle` to `connect_string` (a new session, as zkCli does at start), now.
  // Nothing else may drive that handle.
  Console(std::unique_ptr<ClientHandle> handle, std::string connect_string, ConsoleOptions options = {});
  ~Console();
  Console(const Console&) = delete;
  Console& operator=(const Console&) = delete;

  // Queues one console line. Lines run one after the other; the first waits until the
  // handle's first connection succeeded (or its session died), as zkCli's first prompt does.
  void enter(std::string line);
  // Call whenever the handle may have heard something (after every simulator step), and after
  // enter().
  void pump();
  // The zkCli process dies (kill -9): nothing more runs, its connection closes, and its
  // session lives on at the leader until it expires (its ephemerals with it).
  void kill();

  // No line is queued or running. Watch events may still arrive later.
  bool idle() const;
  // zkCli's first handle has not been connected yet and may still be: the first line waits
  // (as -waitforconnection). After `connect` nothing waits: the prompt reads CONNECTING.
  bool awaiting_first_connection() const;
  // quit, or a line that made zkCli die (an uncaught Java exception): nothing more runs.
  bool exited() const { return exited_; }
  // ZooKeeperMain.exitCode: 0 after a command that succeeded or printed "Not connected", else
  // the failed command's CliException code (1; 127 for an unknown command; 1 after an
  // uncaught exception).
  int exit_code() const { return exit_code_; }

  const ClientHandle& handle() const { return *handle_; }
  // ZooKeeper.getState as zkCli's prompt shows it (as it was when zkCli exited, after that).
  client::ClientState state() const;
  // "127.0.0.1:2181": the server the handle is on (or trying), or the connect string of a
  // `connect` to an address no server has.
  std::string host() const { return handle_->host(); }
  // The connect string zkCli was started with (-server) or last given to `connect`, as typed.
  const std::string& connect_string() const { return connect_string_; }
  // What zkCli shows before reading the next line: "[zk: 127.0.0.1:2181(CONNECTED) 3] ", with
  // the connect string as typed.
  std::string prompt_text() const;
  int command_count() const { return command_count_; }
  const std::map<int, std::string>& history() const { return history_; }
  bool print_watches() const { return print_watches_; }

  // Everything printed so far, with the prompts and lines.
  const std::vector<TranscriptEntry>& transcript() const { return transcript_; }
  // What was printed since the last call, without prompts and lines (a terminal echoes those).
  client::Printed take_output();

 private:
  struct Job;
  enum class Step : std::uint8_t;
  struct Request {
    ClientCall call;
    Step step;
    std::string path;
  };
  struct Reply {
    Step step;
    std::string path;
    Code err = Code::Ok;
    ClientResult result;  // default when the handle answered nothing but an error
  };
  struct InFlight {
    std::int32_t xid;
    Request request;
  };

  // --- lines --------------------------------------------------------------------------------
  void start_next_line();
  void close_line();  // the running line ended: later output is an event
  // One line as ZooKeeperMain.executeLine runs it.
  void run_line(const std::string& line);
  // processCmd for parsed tokens (a line's, or the line `redo` names).
  void run_tokens(const std::vector<std::string>& tokens);
  void run_command(client::Command command);
  void begin_job(client::Command command, int alive_checks);
  void finish_job();
  void fail_job(Code code, const std::string& path);

  // --- the server ---------------------------------------------------------------------------
  void call(ClientCall call, Step step, std::string path);
  void send_now(const Request& r);
  void connect_handle(const std::string& connect_string);
  void kill_handle();
  void exit_now();  // zkCli's process ends: nothing more runs
  void on_event(const HandleReply& r);
  void on_event(const HandleStateChange& c);
  void on_event(const HandleWatch& w);
  void on_auth(Code err);
  void on_reply(Reply r);
  void connection_event(client::KeeperState state);
  // Fails every request held for the connection or in flight (ConnectionLoss, or what zkCli's
  // conLossPacket gives for a closed or auth-failed handle).
  void fail_requests(bool in_flight, bool held, Code code);

  // --- commands -----------------------------------------------------------------------------
  void begin(const client::CreateCmd& c);
  void begin(const client::GetCmd& c);
  void begin(const client::SetCmd& c);
  void begin(const client::LsCmd& c);
  void begin(const client::StatCmd& c);
  void begin(const client::DeleteCmd& c);
  void begin(const client::DeleteAllCmd& c);
  void begin(const client::SyncCmd& c);
  void begin(const client::GetAclCmd& c);
  void begin(const client::SetAclCmd& c);
  void begin(const client::AddWatchCmd& c);
  void begin(const client::RemoveWatchesCmd& c);
  void begin(const client::CloseCmd& c);
  void begin(const client::ConnectCmd& c);
  void begin(const client::AddAuthCmd& c);
  void begin(const client::GetAllChildrenNumberCmd& c);
  void begin(const client::WhoAmICmd& c);
  void begin(const client::GetEphemeralsCmd& c);
  void begin(const client::VersionCmd& c);
  void begin(const client::ConfigCmd& c);
  void begin(const client::ReconfigCmd& c);
  void begin(const client::SetQuotaCmd& c);
  void begin(const client::ListQuotaCmd& c);
  void begin(const client::DelQuotaCmd& c);
  void reply(const client::CreateCmd& c, const Reply& r);
  void reply(const client::GetCmd& c, const Reply& r);
  void reply(const client::SetCmd& c, const Reply& r);
  void reply(const client::LsCmd& c, const Reply& r);
  void reply(const client::StatCmd& c, const Reply& r);
  void reply(const client::DeleteCmd& c, const Reply& r);
  void reply(const client::DeleteAllCmd& c, const Reply& r);
  void reply(const client::SyncCmd& c, const Reply& r);
  void reply(const client::GetAclCmd& c, const Reply& r);
  void reply(const client::SetAclCmd& c, const Reply& r);
  void reply(const client::AddWatchCmd& c, const Reply& r);
  void reply(const client::RemoveWatchesCmd& c, const Reply& r);
  void reply(const client::GetAllChildrenNumberCmd& c, const Reply& r);
  void reply(const client::WhoAmICmd& c, const Reply& r);
  void reply(const client::GetEphemeralsCmd& c, const Reply& r);
  void reply(const client::ConfigCmd& c, const Reply& r);
  void reply(const client::ReconfigCmd& c, const Reply& r);
  void reply(const client::SetQuotaCmd& c, const Reply& r);
  void reply(const client::ListQuotaCmd& c, const Reply& r);
  void reply(const client::DelQuotaCmd& c, const Reply& r);
  void quota_answer(const Reply& r);
  void quota_next();
  void walk_next();
  void deleteall_next();

  // --- output -------------------------------------------------------------------------------
  void emit(const client::Printed& p);
  void watch_event(client::KeeperState state, EventType type, std::optional<std::string_view> path);
  void forget_watches();
  // The handle is closed (close, or the old handle of connect): Closed event, requests fail.
  void handle_closed();
  // connect's new handle, or zkCli's message when the host names no server.
  void open_new_handle(Job& j);
  void reset_watches();

  std::unique_ptr<ClientHandle> handle_;
  ConsoleOptions options_;
  std::string connect_string_;
  bool reconnected_ = false;  // a `connect` made a new handle: no more waiting at the prompt

  // The connection as zkCli's ZooKeeper object sees it (the rest is the handle's).
  bool ever_connected_ = false;  // since this ZooKeeper object was made
  // EventThread.sessionState: a connection event equal to the last one is not delivered.
  client::KeeperState event_state_ = client::KeeperState::Disconnected;
  std::optional<client::ClientState> state_at_exit_;  // the prompt's state once zkCli is gone

  std::deque<Request> held_;  // waiting for a connection, in order
  std::deque<InFlight> in_flight_;
  std::deque<Reply> ready_;  // answers decided on the client side, delivered by pump()

  // ZKWatchManager's tables for the default watcher (the only one zkCli uses).
  std::set<std::string> data_watches_;
  std::set<std::string> exist_watches_;
  std::set<std::string> child_watches_;
  std::map<std::string, WatcherMode> persistent_watches_;
  WatcherMode add_watch_mode_ = WatcherMode::PersistentRecursive;  // AddWatchCommand.mode

  // ZooKeeperMain's shell state.
  std::deque<std::string> lines_;
  std::unique_ptr<Job> job_;
  std::map<int, std::string> history_;
  int command_count_ = 0;
  std::vector<std::string> last_tokens_;  // MyCommandOptions keeps the last line with tokens
  bool print_watches_ = true;
  int exit_code_ = 0;
  bool exited_ = false;
  bool started_ = false;    // a line has started: output no longer belongs to the banner
  bool line_open_ = false;  // a line is running; its entry is the transcript's last

  std::vector<TranscriptEntry> transcript_;
  client::Printed unread_;
};

// The transcript as a terminal shows it: for each command its prompt and line, then what it
// printed; events where they happened. The banner only when asked.
std::string transcript_text(const std::vector<TranscriptEntry>& entries, bool with_banner);
// Several consoles' transcripts in one, ordered by the time each entry began (ties: the
// console listed first). Banners are left out.
std::string merged_transcript_text(const std::vector<const Console*>& consoles);

}  // namespace zs::console

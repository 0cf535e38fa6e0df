#include "console/console.hpp"

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <tuple>
#include <type_traits>
#include <utility>
#include <variant>

#include "console/quota_script.hpp"
#include "core/assert.hpp"
#include "data/acl.hpp"
#include "data/txn.hpp"

#include <sys/stat.h>

namespace zs::console {

namespace {

// new FileInputStream(path) and reading it all: the text, or the IOException's message as
// Java words it ("PATH (No such file or directory)", "PATH (Is a directory)").
bool read_whole_file(const std::string& path, std::string& text, std::string& error) {
  struct stat st {};
  if (::stat(path.c_str(), &st) == 0 && S_ISDIR(st.st_mode)) {
    error = path + " (Is a directory)";
    return false;
  }
  std::FILE* f = std::fopen(path.c_str(), "rb");
  if (f == nullptr) {
    error = path + " (" + std::strerror(errno) + ")";
    return false;
  }
  char buf[4096];
  for (std::size_t n; (n = std::fread(buf, 1, sizeof buf, f)) > 0;) text.append(buf, n);
  std::fclose(f);
  return true;
}

}  // namespace

using client::ClientState;
using client::KeeperState;
using client::Printed;

// Which part of a command a request belongs to.
enum class Console::Step : std::uint8_t {
  Main,      // the command's one call
  Root,      // ls -R / setAcl -R: the getData on the root (ZKUtil.visitSubTreeDFS)
  Children,  // a getChildren of a walk
  SetAcl,    // setAcl -R: the setACL of one node
  Batch,     // deleteall: one multi of deletes (ZKUtil.deleteInBatch)
  Close,     // close / connect: the closeSession of the old session
};

struct Console::Job {
  client::Command command;
  // processZKCmd's "Below commands all need a live connection" check after a shell command
  // (connect, and the outer command of a redo): "Not connected" when the session is not alive.
  int alive_checks = 0;
  bool redone = false;  // run by redo: the outer processCmd then sets exit code 0
  bool failed = false;  // a CliException ended it (exit code 1)
  bool done = false;

  // Walks (ls -R, setAcl -R, deleteall): what each getChildren answered, by path. The walk
  // functions of engine/client are re-run over these answers; the first path they ask about
  // that has no answer yet is the next getChildren zkCli would send.
  struct Children {
    Code err = Code::Ok;
    std::vector<std::string> children;
  };
  std::map<std::string, Children> answers;
  std::size_t acl_done = 0;  // setAcl -R: nodes of the walk whose setACL was sent or printed

  // deleteall after its listing: the multi batches, as ZKUtil.deleteInBatch sends them.
  bool listed = false;
  std::vector<std::vector<std::string>> batches;
  std::size_t next_batch = 0;
  int batches_in_flight = 0;
  bool batch_failed = false;

  // connect: where to go once the old session is closed.
  std::string connect_string;

  // setquota, listquota, delquota: the answers so far, replayed by quota_step.
  std::vector<QuotaAnswer> quota_answers;

};

namespace {

// ZKUtil.deleteInBatch: at most this many multis outstanding.
constexpr int kDeleteRateLimit = 10;

std::string entry_text(const TranscriptEntry& e) {
  if (e.kind == TranscriptEntry::Kind::Command) return e.prompt + e.line + "\n" + e.printed.text();
  return e.printed.text();
}

}  // namespace

Console::Console(std::unique_ptr<ClientHandle> handle, std::string connect_string, ConsoleOptions options)
    : handle_(std::move(handle)), options_(options) {
  ZS_ASSERT(handle_ != nullptr);
  emit(client::print_connecting(connect_string));
  emit(client::print_welcome(true));
  connect_handle(connect_string);
}

Console::~Console() = default;

void Console::enter(std::string line) {
  if (exited_) return;
  lines_.push_back(std::move(line));
}

bool Console::idle() const { return exited_ || ((!job_ || job_->done) && lines_.empty()); }

bool Console::awaiting_first_connection() const {
  // Only zkCli's start waits (as -waitforconnection does); after `connect` the next prompt
  // comes at once and reads CONNECTING, and the next command's requests wait for the
  // connection in the handle's queue.
  return !exited_ && !reconnected_ && !ever_connected_ && handle_->state() == HandleState::Connecting &&
         handle_->reachable();
}

ClientState Console::state() const {
  if (state_at_exit_) return *state_at_exit_;
  switch (handle_->state()) {
    case HandleState::Connecting: return ClientState::Connecting;
    case HandleState::Connected: return ClientState::Connected;
    case HandleState::ConnectedReadOnly: return ClientState::ConnectedReadOnly;
    case HandleState::Closed: return ClientState::Closed;
    case HandleState::AuthFailed: return ClientState::AuthFailed;
  }
  return ClientState::Closed;
}

std::string Console::prompt_text() const { return client::prompt(connect_string_, state(), command_count_); }

Printed Console::take_output() { return std::exchange(unread_, Printed{}); }

// ---------------------------------------------------------------- the loop

void Console::pump() {
  for (;;) {
    bool progress = false;
    while (std::optional<HandleEvent> e = handle_->poll()) {
      progress = true;
      if (exited_) continue;
      std::visit([this](const auto& x) { on_event(x); }, *e);
      if (job_ && job_->done) close_line();
    }
    while (!ready_.empty()) {
      Reply r = std::move(ready_.front());
      ready_.pop_front();
      progress = true;
      on_reply(std::move(r));
      if (job_ && job_->done) close_line();
    }
    if (!job_ && !exited_ && !lines_.empty() && !awaiting_first_connection()) {
      start_next_line();
      progress = true;
    }
    if (!progress) return;
  }
}

void Console::start_next_line() {
  std::string line = std::move(lines_.front());
  lines_.pop_front();
  started_ = true;
  TranscriptEntry e;
  e.kind = TranscriptEntry::Kind::Command;
  e.at = handle_->now_ms();
  e.prompt = prompt_text();
  e.line = line;
  transcript_.push_back(std::move(e));
  line_open_ = true;
  run_line(line);
  if (!job_ || job_->done) close_line();
}

void Console::close_line() {
  job_.reset();
  line_open_ = false;
}

void Console::run_line(const std::string& line) {
  if (line.empty()) return;  // executeLine ignores it: no history entry, same number
  const std::vector<std::string> tokens = client::tokenize(line);
  history_[command_count_] = line;
  ++command_count_;
  if (!tokens.empty()) {
    last_tokens_ = tokens;
  } else if (last_tokens_.empty()) {
    // MyCommandOptions has no command yet: processZKCmd's "No command entered".
    Printed p = client::print_usage();
    p.err("No command entered\n");
    emit(p);
    exit_code_ = 1;
    return;
  }
  // A line without tokens leaves MyCommandOptions as it was: the previous command runs again.
  run_tokens(last_tokens_);
}

void Console::run_tokens(const std::vector<std::string>& tokens) {
  client::ParsedLine p = client::parse_args(tokens, client::is_alive(state()));
  emit(p.printed);
  switch (p.outcome) {
    case client::LineOutcome::Run:
      if (auto* r = std::get_if<client::ReconfigCmd>(&*p.command); r != nullptr && r->file) {
        // ReconfigCommand.parse reads the file: what it cannot read or parse is a
        // CliParseException, "Error processing " + path + the exception's message.
        std::string text, error;
        if (read_whole_file(*r->file, text, error)) {
          client::DynamicConfig dyn = client::parse_dynamic_config(text);
          if (dyn.error) error = *dyn.error;
          else r->members = std::move(dyn.members);
        }
        if (!error.empty()) {
          Printed e;
          e.err("Error processing " + *r->file + error + "\n");
          emit(e);
          exit_code_ = 1;
          return;
        }
        r->file.reset();
      }
      run_command(std::move(*p.command));
      return;
    case client::LineOutcome::Failed:
      exit_code_ = p.exit_code;
      return;
    case client::LineOutcome::Aborted:
      // The uncaught exception ends zkCli; its session lives on until it expires.
      exit_code_ = p.exit_code;
      exit_now();
      kill_handle();
      return;
    case client::LineOutcome::Empty:
    case client::LineOutcome::NoTokens:
      return;
  }
}

void Console::run_command(client::Command command) {
  auto alive_check = [&] {
    if (!client::is_alive(state())) emit(client::print_not_connected());
  };
  if (std::holds_alternative<client::QuitCmd>(command)) {
    // zk.close(), then the process exits: the Closed event is never printed.
    const bool connected = is_connected(handle_->state());
    exit_now();
    if (connected)
      handle_->close();
    else
      kill_handle();
    return;
  }
  if (const auto* redo = std::get_if<client::RedoCmd>(&command)) {
    if (redo->index) {
      const int i = *redo->index;
      const int number = command_count_ - 1;  // this line's number (commandCount in zkCli)
      if (number <= i || i < 0) {
        Printed p;
        p.err("Command index out of range\n");
        emit(p);
        exit_code_ = 1;
        return;
      }
      const std::string line = history_[i];
      const std::vector<std::string> tokens = client::tokenize(line);
      if (!tokens.empty()) last_tokens_ = tokens;
      if (last_tokens_.front() == "redo") {
        Printed p;
        p.err("No redoing redos\n");
        emit(p);
        exit_code_ = 1;
        return;
      }
      history_[number] = line;
      run_tokens(last_tokens_);
      if (exited_) return;
      if (job_ && !job_->done) {
        job_->alive_checks += 1;
        job_->redone = true;
        return;
      }
    }
    alive_check();
    exit_code_ = 0;
    return;
  }
  if (std::holds_alternative<client::HistoryCmd>(command)) {
    emit(client::print_history(history_, command_count_ - 1));
    alive_check();
    exit_code_ = 0;
    return;
  }
  if (const auto* pw = std::get_if<client::PrintWatchesCmd>(&command)) {
    if (pw->on) {
      print_watches_ = *pw->on;
    } else {
      emit(client::print_printwatches(print_watches_));
    }
    alive_check();
    exit_code_ = 0;
    return;
  }
  std::optional<std::string> not_run;
  if (const auto* u = std::get_if<client::UnsupportedCmd>(&command)) not_run = u->name;
  if (std::holds_alternative<client::GetAllChildrenNumberCmd>(command) &&
      !handle_->serves_op(opcode::kGetAllChildrenNumber)) {
    not_run = "getAllChildrenNumber";
  }
  if (std::holds_alternative<client::GetEphemeralsCmd>(command) && !handle_->serves_op(opcode::kGetEphemerals)) {
    not_run = "getEphemerals";
  }
  if (std::holds_alternative<client::WhoAmICmd>(command) && !handle_->serves_op(opcode::kWhoAmI)) {
    not_run = "whoami";
  }
  if (not_run) {
    Printed p;
    p.err("zooscope: `" + *not_run + "` is not simulated by this console\n");
    emit(p);
    exit_code_ = 1;
    return;
  }
  const bool connect = std::holds_alternative<client::ConnectCmd>(command);
  begin_job(std::move(command), connect ? 1 : 0);
}

void Console::begin_job(client::Command command, int alive_checks) {
  job_ = std::make_unique<Job>();
  job_->command = std::move(command);
  job_->alive_checks = alive_checks;
  // A copy: begin() may finish the job, and the pump loop then drops it.
  const client::Command c = job_->command;
  std::visit(
      [this](const auto& cmd) {
        if constexpr (requires { this->begin(cmd); }) this->begin(cmd);
      },
      c);
}

void Console::finish_job() {
  Job& j = *job_;
  if (j.done) return;
  j.done = true;
  for (int k = 0; k < j.alive_checks; ++k) {
    if (!client::is_alive(state())) emit(client::print_not_connected());
  }
  exit_code_ = j.redone ? 0 : (j.failed ? 1 : 0);
}

void Console::fail_job(Code code, const std::string& path) {
  emit(client::print_error(code, path));
  job_->failed = true;
  finish_job();
}

// ---------------------------------------------------------------- the server

void Console::connect_handle(const std::string& connect_string) {
  connect_string_ = connect_string;
  handle_->connect(connect_string, options_.session_timeout_ms, options_.read_only);
  // A new ZooKeeper object: a new session, a new event thread, no watches.
  ever_connected_ = false;
  event_state_ = KeeperState::Disconnected;
  forget_watches();
}

void Console::kill() {
  if (exited_) return;
  exit_now();
  kill_handle();
}

void Console::exit_now() {
  state_at_exit_ = state();
  exited_ = true;
  lines_.clear();
  held_.clear();
  in_flight_.clear();
}

void Console::kill_handle() { handle_->kill(); }

void Console::call(ClientCall c, Step step, std::string path) {
  Request r{std::move(c), step, std::move(path)};
  // ClientCnxn.conLossPacket: what a request gets when the handle cannot send.
  const HandleState state = handle_->state();
  if (state == HandleState::Closed || state == HandleState::AuthFailed || !handle_->reachable()) {
    const Code code = state == HandleState::Closed       ? Code::SessionExpired
                      : state == HandleState::AuthFailed ? Code::AuthFailed
                                                         : Code::ConnectionLoss;
    ready_.push_back(Reply{r.step, r.path, code, {}});
    return;
  }
  if (!is_connected(state)) {
    held_.push_back(std::move(r));  // sent once connected, as the outgoing queue is
    return;
  }
  send_now(r);
}

void Console::send_now(const Request& r) {
  // ZooKeeper.close's closeSession goes through the handle's close(): the handle is Closed
  // once it is answered.
  const std::int32_t xid = r.step == Step::Close ? handle_->close() : handle_->submit(r.call);
  in_flight_.push_back(InFlight{xid, r});
}

void Console::fail_requests(bool in_flight, bool held, Code code) {
  if (in_flight) {
    for (InFlight& f : in_flight_) ready_.push_back(Reply{f.request.step, f.request.path, code, {}});
    in_flight_.clear();
  }
  if (held) {
    for (Request& r : held_) ready_.push_back(Reply{r.step, r.path, code, {}});
    held_.clear();
  }
}

void Console::on_event(const HandleReply& h) {
  if (h.xid == kAuthXid) return on_auth(h.err);
  auto it = std::find_if(in_flight_.begin(), in_flight_.end(), [&](const InFlight& f) { return f.xid == h.xid; });
  if (it == in_flight_.end()) return;  // given up on (the connection was lost), or SetWatches
  Reply r{it->request.step, it->request.path, h.err, h.result};
  in_flight_.erase(it);
  on_reply(std::move(r));
}

void Console::on_event(const HandleStateChange& c) {
  using Why = HandleStateChange::Why;
  switch (c.why) {
    case Why::Connected: {
      ever_connected_ = true;
      // ClientCnxn.onConnected: a read-only server's session is ConnectedReadOnly.
      connection_event(handle_->state() == HandleState::ConnectedReadOnly
                           ? KeeperState::ConnectedReadOnly
                           : KeeperState::SyncConnected);
      reset_watches();
      std::deque<Request> held = std::exchange(held_, {});
      for (const Request& r : held) send_now(r);
      return;
    }
    case Why::Disconnected:
      // The connection (or an attempt at one) failed; the handle tries the next server of its
      // connect string. ClientCnxn.cleanup fails what was sent and what waited to be sent.
      connection_event(KeeperState::Disconnected);
      fail_requests(true, true, Code::ConnectionLoss);
      return;
    case Why::Expired:
    case Why::Closed:
      connection_event(c.why == Why::Expired ? KeeperState::Expired : KeeperState::Closed);
      forget_watches();
      fail_requests(true, true, Code::SessionExpired);
      return;
  }
}

void Console::on_event(const HandleWatch& w) {
  const std::string& path = w.path;
  // ZKWatchManager.materialize: one-shot registrations are used up.
  switch (w.type) {
    case EventType::NodeCreated:
    case EventType::NodeDataChanged:
      data_watches_.erase(path);
      exist_watches_.erase(path);
      break;
    case EventType::NodeChildrenChanged:
      child_watches_.erase(path);
      break;
    case EventType::NodeDeleted:
      data_watches_.erase(path);
      exist_watches_.erase(path);
      child_watches_.erase(path);
      break;
    default:
      break;
  }
  watch_event(KeeperState::SyncConnected, w.type, path);
}

// The server's answer to addauth. AUTHFAILED: the server closed the connection and the
// handle is AUTH_FAILED for good (ClientCnxn.readResponse for AUTHPACKET_XID).
void Console::on_auth(Code err) {
  if (err == Code::AuthFailed) {
    connection_event(KeeperState::AuthFailed);
    fail_requests(true, true, Code::AuthFailed);
  }
}

void Console::connection_event(KeeperState state) {
  if (state == event_state_) return;  // EventThread.queueEvent drops a repeated state
  event_state_ = state;
  watch_event(state, EventType::None, std::nullopt);
}

void Console::watch_event(KeeperState state, EventType type, std::optional<std::string_view> path) {
  if (print_watches_) emit(client::print_watch_event(state, type, path));
}

void Console::reset_watches() {
  // ClientCnxn.primeConnection: the watches this handle holds go first on a new connection,
  // with the last zxid it saw (so after a move to another server they keep working).
  if (data_watches_.empty() && exist_watches_.empty() && child_watches_.empty() && persistent_watches_.empty())
    return;
  SetWatchesRequest s;
  s.relative_zxid = handle_->last_zxid_seen();
  s.data.assign(data_watches_.begin(), data_watches_.end());
  s.exist.assign(exist_watches_.begin(), exist_watches_.end());
  s.child.assign(child_watches_.begin(), child_watches_.end());
  for (const auto& [path, mode] : persistent_watches_)
    (mode == WatcherMode::PersistentRecursive ? s.persistent_recursive : s.persistent).push_back(path);
  handle_->submit(std::move(s));  // xid -8: no reply is waited for
}

void Console::forget_watches() {
  data_watches_.clear();
  exist_watches_.clear();
  child_watches_.clear();
  persistent_watches_.clear();
}

// ---------------------------------------------------------------- commands

void Console::begin(const client::CreateCmd& c) {
  // CreateCommand passes null data when none is given: `get` then prints "null".
  call(WriteRequest{CreateRequest{c.path, c.data.value_or(""), c.acl, c.flags, c.ttl_ms, 0, !c.data.has_value()}},
       Step::Main, c.path);
}

void Console::begin(const client::GetCmd& c) {
  call(ReadRequest{opcode::kGetData, c.path, c.watch}, Step::Main, c.path);
}

void Console::begin(const client::SetCmd& c) {
  call(WriteRequest{SetDataRequest{c.path, c.data, c.version}}, Step::Main, c.path);
}

void Console::begin(const client::LsCmd& c) {
  if (c.recursive) {
    call(ReadRequest{opcode::kGetData, c.path, c.watch}, Step::Root, c.path);
  } else {
    call(ReadRequest{opcode::kGetChildren2, c.path, c.watch}, Step::Main, c.path);
  }
}

void Console::begin(const client::StatCmd& c) {
  call(ReadRequest{opcode::kExists, c.path, c.watch}, Step::Main, c.path);
}

void Console::begin(const client::DeleteCmd& c) {
  call(WriteRequest{DeleteRequest{c.path, c.version}}, Step::Main, c.path);
}

void Console::begin(const client::DeleteAllCmd&) { deleteall_next(); }

void Console::begin(const client::SyncCmd& c) { call(SyncRequest{c.path}, Step::Main, c.path); }

void Console::begin(const client::GetAllChildrenNumberCmd& c) {
  call(ReadRequest{opcode::kGetAllChildrenNumber, c.path, false}, Step::Main, c.path);
}

void Console::begin(const client::WhoAmICmd&) {
  call(ReadRequest{opcode::kWhoAmI, "", false}, Step::Main, "");
}

void Console::begin(const client::GetEphemeralsCmd& c) {
  call(ReadRequest{opcode::kGetEphemerals, c.prefix, false}, Step::Main, c.prefix);
}

void Console::begin(const client::VersionCmd&) {
  emit(client::print_version());
  finish_job();
}

// ZooKeeper.getConfig: a getData of the config node, outside any chroot.
void Console::begin(const client::ConfigCmd& c) {
  call(ReadRequest{opcode::kGetData, "/zookeeper/config", c.watch}, Step::Main, "/zookeeper/config");
}

// ZooKeeperAdmin.reconfigure. The simulated servers, like ZooKeeper's default, run without
// reconfigEnabled: the leader refuses it with ReconfigDisabled (an error txn).
void Console::begin(const client::ReconfigCmd& c) {
  call(WriteRequest{ReconfigRequest{c.joining, c.leaving, c.members, c.version}}, Step::Main, "");
}

void Console::begin(const client::SetQuotaCmd&) { quota_next(); }
void Console::begin(const client::ListQuotaCmd&) { quota_next(); }
void Console::begin(const client::DelQuotaCmd&) { quota_next(); }
void Console::reply(const client::SetQuotaCmd&, const Reply& r) { quota_answer(r); }
void Console::reply(const client::ListQuotaCmd&, const Reply& r) { quota_answer(r); }
void Console::reply(const client::DelQuotaCmd&, const Reply& r) { quota_answer(r); }

void Console::quota_answer(const Reply& r) {
  job_->quota_answers.push_back(QuotaAnswer{r.err, r.result});
  quota_next();
}

// The quota commands are chains of blocking calls (quota_script.hpp): one request at a time,
// everything printed once the chain ends.
void Console::quota_next() {
  Job& j = *job_;
  QuotaCommand command;
  if (const auto* s = std::get_if<client::SetQuotaCmd>(&j.command)) command = *s;
  if (const auto* l = std::get_if<client::ListQuotaCmd>(&j.command)) command = *l;
  if (const auto* d = std::get_if<client::DelQuotaCmd>(&j.command)) command = *d;
  QuotaProgress p = quota_step(command, j.quota_answers);
  if (p.next) {
    call(std::move(*p.next), Step::Main, std::move(p.next_path));
    return;
  }
  emit(p.printed);
  j.failed = p.failed;
  finish_job();
}

void Console::reply(const client::ReconfigCmd& c, const Reply& r) {
  if (r.err != Code::Ok) {
    // CliWrapperException of a KeeperException without a path: "KeeperErrorCode = ...".
    Printed p;
    p.err(client::keeper_error_message(r.err, std::nullopt) + "\n");
    emit(p);
    job_->failed = true;
    return finish_job();
  }
  Printed p;
  p.out("Committed new configuration:\n" + (r.result.null_data ? std::string("null") : r.result.data) + "\n");
  if (c.stat) p.out(client::stat_block(r.result.stat));
  emit(p);
  finish_job();
}

void Console::begin(const client::GetAclCmd& c) {
  call(ReadRequest{opcode::kGetAcl, c.path, false}, Step::Main, c.path);
}

void Console::begin(const client::SetAclCmd& c) {
  if (c.recursive) {
    call(ReadRequest{opcode::kGetData, c.path, false}, Step::Root, c.path);
  } else {
    call(WriteRequest{SetAclRequest{c.path, c.acl, c.version}}, Step::Main, c.path);
  }
}

void Console::begin(const client::AddWatchCmd& c) {
  // The command object is the shell's own, so its mode stays for the next addWatch.
  if (c.mode) add_watch_mode_ = *c.mode;
  call(AddWatchRequest{c.path, add_watch_mode_}, Step::Main, c.path);
}

void Console::begin(const client::RemoveWatchesCmd& c) {
  call(RemoveWatchesRequest{c.path, c.type}, Step::Main, c.path);
}

// addauth: the auth packet goes out and the server's provider decides. zooscope's client link
// has no latency, so the next line waits for the answer (and already sees AUTH_FAILED).
// ZooKeeper.addAuthInfo queues the auth packet and returns: the next prompt comes at once and
// still reads CONNECTED. A refusal arrives later as the AuthFailed event, and whatever was
// sent after the packet fails with AuthFailed (real zkCli, piped: "KeeperErrorCode =
// AuthFailed for /" after the event).
void Console::begin(const client::AddAuthCmd& c) {
  handle_->add_auth(c.scheme, c.auth);
  finish_job();
}

void Console::begin(const client::CloseCmd&) {
  if (is_connected(handle_->state())) {
    call(WriteRequest{CloseSessionRequest{}}, Step::Close, "");
    return;
  }
  // Not connected: the closeSession cannot go out; ZooKeeper.close gives up and disconnects.
  kill_handle();
  handle_closed();
  finish_job();
}

void Console::handle_closed() {
  connection_event(KeeperState::Closed);
  forget_watches();
  fail_requests(true, true, Code::SessionExpired);
}

void Console::open_new_handle(Job& j) {
  // ZooKeeperMain.connectToZK returns once the new ZooKeeper object exists: the connection
  // comes later (or never, when no server has that address: every request then loses its
  // connection).
  reconnected_ = true;
  connect_handle(j.connect_string);
  finish_job();
}

void Console::begin(const client::ConnectCmd& c) {
  Job& j = *job_;
  // ZooKeeperMain.connectToZK: close the old handle if it is alive, then a new one.
  // Without an argument, the current -server string again.
  j.connect_string = c.host ? *c.host : connect_string_;
  const bool alive = client::is_alive(state());
  if (alive && is_connected(handle_->state())) {
    call(WriteRequest{CloseSessionRequest{}}, Step::Close, "");
    return;
  }
  if (alive) {
    kill_handle();
    connection_event(KeeperState::Closed);
  }
  open_new_handle(j);
}

void Console::on_reply(Reply r) {
  if (!job_ || job_->done) return;
  Job& j = *job_;
  if (r.step == Step::Close) {
    // ZooKeeper.close: the closeSession's answer (or its failure), then the Closed event.
    if (r.err != Code::Ok) kill_handle();
    handle_closed();
    if (std::holds_alternative<client::ConnectCmd>(j.command))
      open_new_handle(j);
    else
      finish_job();
    return;
  }
  std::visit(
      [&](const auto& c) {
        if constexpr (requires { this->reply(c, r); }) this->reply(c, r);
      },
      j.command);
}

void Console::reply(const client::CreateCmd& c, const Reply& r) {
  if (r.err != Code::Ok) {
    emit(client::print_create_error(r.err, c.path));
    job_->failed = true;
  } else {
    emit(client::print_created(r.result.path));
  }
  finish_job();
}

void Console::reply(const client::GetCmd& c, const Reply& r) {
  if (r.err != Code::Ok) return fail_job(r.err, c.path);
  if (c.watch) data_watches_.insert(c.path);
  std::optional<Stat> stat;
  if (c.stat) stat = r.result.stat;
  emit(client::print_get(r.result.null_data ? std::nullopt : std::optional<std::string_view>(r.result.data), stat));
  finish_job();
}

void Console::reply(const client::SetCmd& c, const Reply& r) {
  if (r.err != Code::Ok) return fail_job(r.err, c.path);
  if (c.stat) emit(client::print_stat(r.result.stat));
  finish_job();
}

void Console::reply(const client::LsCmd& c, const Reply& r) {
  const bool ok = r.err == Code::Ok;
  if (!c.recursive) {
    if (!ok) return fail_job(r.err, c.path);
    if (c.watch) child_watches_.insert(c.path);
    std::optional<Stat> stat;
    if (c.stat) stat = r.result.stat;
    emit(client::print_children(r.result.children, stat));
    finish_job();
    return;
  }
  if (r.step == Step::Root) {
    if (!ok) return fail_job(r.err, c.path);
    if (c.watch) data_watches_.insert(c.path);
  } else {
    if (ok && c.watch) child_watches_.insert(r.path);
    job_->answers[r.path] = Job::Children{r.err, r.result.children};
  }
  walk_next();
}

void Console::reply(const client::StatCmd& c, const Reply& r) {
  if (r.err != Code::Ok) {
    // ExistsWatchRegistration: a watch on a missing node waits for its creation.
    if (r.err == Code::NoNode && c.watch) exist_watches_.insert(c.path);
    return fail_job(r.err, c.path);
  }
  if (c.watch) data_watches_.insert(c.path);
  emit(client::print_stat(r.result.stat));
  finish_job();
}

void Console::reply(const client::DeleteCmd& c, const Reply& r) {
  if (r.err != Code::Ok) return fail_job(r.err, c.path);
  finish_job();
}

void Console::reply(const client::DeleteAllCmd&, const Reply& r) {
  if (r.step == Step::Children) {
    job_->answers[r.path] = Job::Children{r.err, r.result.children};
  } else {
    --job_->batches_in_flight;
    if (r.err != Code::Ok) job_->batch_failed = true;
  }
  deleteall_next();
}

void Console::reply(const client::SyncCmd&, const Reply& r) {
  emit(client::print_sync(r.err));
  finish_job();
}

void Console::reply(const client::GetAllChildrenNumberCmd& c, const Reply& r) {
  if (r.err != Code::Ok) return fail_job(r.err, c.path);
  emit(client::print_all_children_number(r.result.total_number));
  finish_job();
}

// ZooKeeper.whoAmI drops the reply's error: a failed request prints the heading alone, and
// the command succeeds.
void Console::reply(const client::WhoAmICmd&, const Reply& r) {
  emit(client::print_whoami(r.err == Code::Ok ? r.result.client_info : std::vector<ClientInfo>{}));
  finish_job();
}

void Console::reply(const client::GetEphemeralsCmd& c, const Reply& r) {
  if (r.err != Code::Ok) return fail_job(r.err, c.prefix);
  emit(client::print_ephemerals(r.result.children));
  finish_job();
}

void Console::reply(const client::ConfigCmd& c, const Reply& r) {
  if (r.err != Code::Ok) return fail_job(r.err, "/zookeeper/config");
  if (c.watch) data_watches_.insert("/zookeeper/config");
  std::optional<std::string_view> data;
  if (!r.result.null_data) data = r.result.data;
  std::optional<Stat> stat;
  if (c.stat) stat = r.result.stat;
  emit(client::print_config(data, c.client, stat));
  finish_job();
}

void Console::reply(const client::GetAclCmd& c, const Reply& r) {
  if (r.err != Code::Ok) return fail_job(r.err, c.path);
  std::optional<Stat> stat;
  if (c.stat) stat = r.result.stat;
  emit(client::print_acl(r.result.acl, stat));
  finish_job();
}

void Console::reply(const client::SetAclCmd& c, const Reply& r) {
  const bool ok = r.err == Code::Ok;
  if (!c.recursive) {
    if (!ok) return fail_job(r.err, c.path);
    if (c.stat) emit(client::print_stat(r.result.stat));
    finish_job();
    return;
  }
  if (r.step == Step::Root) {
    if (!ok) return fail_job(r.err, c.path);
  } else if (r.step == Step::SetAcl) {
    if (!ok) emit(client::print_recursive_set_acl_error(r.err, r.path));
  } else {
    job_->answers[r.path] = Job::Children{r.err, r.result.children};
  }
  walk_next();
}

void Console::reply(const client::AddWatchCmd& c, const Reply& r) {
  if (r.err != Code::Ok) return fail_job(r.err, c.path);
  persistent_watches_[c.path] = add_watch_mode_;
  finish_job();
}

// ZKWatchManager.removeWatcher, once the server answered: the client's own tables decide
// NoWatcher first, then the server's error (unless -l), then what is removed.
void Console::reply(const client::RemoveWatchesCmd& c, const Reply& r) {
  const std::string& p = c.path;
  const bool child = child_watches_.count(p) > 0;
  const bool data = data_watches_.count(p) > 0 || exist_watches_.count(p) > 0;
  const bool persistent = persistent_watches_.count(p) > 0;
  const bool contains = persistent || (c.type == WatcherType::Children ? child
                                       : c.type == WatcherType::Data   ? data
                                                                       : child || data);
  if (!contains) return fail_job(Code::NoWatcher, p);
  if (!c.local && r.err != Code::Ok) return fail_job(r.err, p);
  bool removed_data = false;
  bool removed_child = false;
  bool removed_persistent = false;
  if (c.type != WatcherType::Data) removed_child = child_watches_.erase(p) > 0;
  if (c.type != WatcherType::Children) {
    removed_data = data_watches_.erase(p) > 0;
    removed_data = exist_watches_.erase(p) > 0 || removed_data;
  }
  if (c.type == WatcherType::Any) removed_persistent = persistent_watches_.erase(p) > 0;
  if (!removed_data && !removed_child && !removed_persistent) return fail_job(Code::NoWatcher, p);
  // The removed watchers hear of it (ClientCnxn.queueEvent for a watch deregistration).
  const KeeperState state = r.err == Code::ConnectionLoss || r.err == Code::SessionExpired
                                ? KeeperState::Disconnected
                                : KeeperState::SyncConnected;
  if (removed_data) watch_event(state, EventType::DataWatchRemoved, p);
  if (removed_child) watch_event(state, EventType::ChildWatchRemoved, p);
  if (removed_persistent) watch_event(state, EventType::PersistentWatchRemoved, p);
  finish_job();
}

// ls -R and setAcl -R: ZKUtil.visitSubTreeDFS, one getChildren at a time.
void Console::walk_next() {
  Job& j = *job_;
  const auto* ls = std::get_if<client::LsCmd>(&j.command);
  const auto* set_acl = std::get_if<client::SetAclCmd>(&j.command);
  const std::string root = ls != nullptr ? ls->path : set_acl->path;
  const bool watch = ls != nullptr && ls->watch;

  std::optional<std::string> missing;
  std::optional<std::pair<Code, std::string>> error;
  const client::ChildrenOf children_of = [&](const std::string& p) -> std::optional<std::vector<std::string>> {
    if (missing || error) return std::vector<std::string>{};
    auto it = j.answers.find(p);
    if (it == j.answers.end()) {
      missing = p;
      return std::vector<std::string>{};
    }
    if (it->second.err == Code::NoNode) return std::nullopt;  // deleted meanwhile: skipped
    if (it->second.err != Code::Ok) {
      error = std::make_pair(it->second.err, p);
      return std::vector<std::string>{};
    }
    return it->second.children;
  };
  // The nodes visited before the first unanswered (or failed) getChildren, in visiting order.
  const std::vector<std::string> paths = client::visit_subtree(root, children_of);

  if (set_acl != nullptr) {
    // The visitor's setACL runs for each node as it is visited, before the next getChildren.
    while (j.acl_done < paths.size()) {
      const std::string& p = paths[j.acl_done++];
      if (set_acl->acl.empty()) {
        emit(client::print_recursive_set_acl_error(Code::InvalidAcl, std::nullopt));
        continue;
      }
      call(WriteRequest{SetAclRequest{p, set_acl->acl, set_acl->version}}, Step::SetAcl, p);
      return;
    }
  }
  if (missing) {
    call(ReadRequest{opcode::kGetChildren, *missing, watch}, Step::Children, *missing);
    return;
  }
  if (ls != nullptr) emit(client::print_paths(paths));
  if (error) return fail_job(error->first, error->second);
  finish_job();
}

// deleteall: ZKUtil.listSubTreeBFS, then deleteInBatch.
void Console::deleteall_next() {
  Job& j = *job_;
  const auto& c = std::get<client::DeleteAllCmd>(j.command);
  if (!j.listed) {
    std::optional<std::string> missing;
    Code failure = Code::NoNode;
    const client::ChildrenOf children_of = [&](const std::string& p) -> std::optional<std::vector<std::string>> {
      if (missing) return std::vector<std::string>{};
      auto it = j.answers.find(p);
      if (it == j.answers.end()) {
        missing = p;
        return std::vector<std::string>{};
      }
      if (it->second.err != Code::Ok) {
        failure = it->second.err;
        return std::nullopt;
      }
      return it->second.children;
    };
    std::string failed_path;
    const auto tree = client::list_subtree_bfs(c.path, children_of, &failed_path);
    if (missing) {
      call(ReadRequest{opcode::kGetChildren, *missing, false}, Step::Children, *missing);
      return;
    }
    if (!tree) return fail_job(failure, failed_path);
    j.listed = true;
    j.batches = client::delete_batches(*tree, c.batch_size);
  }
  // Fail fast: no new batch once one failed; those already sent still answer.
  while (!j.batch_failed && j.next_batch < j.batches.size() && j.batches_in_flight < kDeleteRateLimit) {
    MultiRequest m;
    for (const std::string& p : j.batches[j.next_batch]) m.ops.emplace_back(DeleteRequest{p, -1});
    ++j.next_batch;
    ++j.batches_in_flight;
    call(WriteRequest{std::move(m)}, Step::Batch, "");
  }
  if (j.batches_in_flight > 0) return;
  if (j.batch_failed) emit(client::print_deleteall_failed());
  finish_job();
}

// ---------------------------------------------------------------- output

void Console::emit(const Printed& p) {
  if (p.empty()) return;
  unread_.append(p);
  if (!started_) {
    if (transcript_.empty()) {
      TranscriptEntry e;
      e.kind = TranscriptEntry::Kind::Banner;
      e.at = handle_->now_ms();
      transcript_.push_back(std::move(e));
    }
    transcript_.back().printed.append(p);
    return;
  }
  // A running line owns what is printed until it ends (its entry is the last one).
  if (line_open_ ||
      (transcript_.back().kind == TranscriptEntry::Kind::Event && transcript_.back().at == handle_->now_ms())) {
    transcript_.back().printed.append(p);
    return;
  }
  TranscriptEntry e;
  e.kind = TranscriptEntry::Kind::Event;
  e.at = handle_->now_ms();
  e.printed = p;
  transcript_.push_back(std::move(e));
}

std::string transcript_text(const std::vector<TranscriptEntry>& entries, bool with_banner) {
  std::string out;
  for (const TranscriptEntry& e : entries) {
    if (e.kind == TranscriptEntry::Kind::Banner && !with_banner) continue;
    out += entry_text(e);
  }
  return out;
}

std::string merged_transcript_text(const std::vector<const Console*>& consoles) {
  std::vector<std::tuple<Ms, std::size_t, std::size_t>> order;
  for (std::size_t c = 0; c < consoles.size(); ++c) {
    const auto& t = consoles[c]->transcript();
    for (std::size_t i = 0; i < t.size(); ++i) {
      if (t[i].kind != TranscriptEntry::Kind::Banner) order.emplace_back(t[i].at, c, i);
    }
  }
  std::sort(order.begin(), order.end());
  std::string out;
  for (const auto& [at, c, i] : order) out += entry_text(consoles[c]->transcript()[i]);
  return out;
}

}  // namespace zs::console

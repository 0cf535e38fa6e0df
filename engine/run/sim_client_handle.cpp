#include "run/sim_client_handle.hpp"

#include <algorithm>
#include <charconv>
#include <utility>

#include "core/assert.hpp"

namespace zs::run {

using console::HandleEvent;
using console::HandleReply;
using console::HandleState;
using console::HandleStateChange;
using console::HandleWatch;

namespace {

int client_port_of(const config::EnsembleConfig& cfg, const config::ServerSpec& s) {
  if (s.client_port != 0) return s.client_port;
  for (const auto& f : cfg.files)
    if (f.sid == s.sid) return f.client_port;
  return 0;
}

}  // namespace

std::string client_address(const config::EnsembleConfig& cfg, Sid sid) {
  const config::ServerSpec* s = cfg.find(sid);
  if (s == nullptr) return "127.0.0.1:0";
  std::string host = s->client_host;
  if (host.empty() || host == "0.0.0.0") host = "127.0.0.1";
  return host + ":" + std::to_string(client_port_of(cfg, *s));
}

namespace {

// The server whose client port one "host:port" names, or 0.
Sid server_for_address(const config::EnsembleConfig& cfg, std::string_view host) {
  const auto colon = host.rfind(':');
  int port = 2181;  // ZooKeeper's default client port
  if (colon != std::string_view::npos) {
    const std::string_view digits = host.substr(colon + 1);
    auto [p, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), port);
    if (ec != std::errc{} || p != digits.data() + digits.size()) return 0;
  }
  for (const auto& s : cfg.servers)
    if (client_port_of(cfg, s) == port) return s.sid;
  return 0;
}

}  // namespace

Sid server_for_host(const config::EnsembleConfig& cfg, std::string_view connect_string) {
  std::string_view host = connect_string.substr(0, connect_string.find(','));
  host = host.substr(0, host.find('/'));  // a chroot suffix
  return server_for_address(cfg, host);
}

std::vector<Sid> servers_for_connect_string(const config::EnsembleConfig& cfg, std::string_view connect_string) {
  // ConnectStringParser: a chroot follows the first '/', addresses are split at ','.
  connect_string = connect_string.substr(0, connect_string.find('/'));
  std::vector<Sid> out;
  while (!connect_string.empty()) {
    const std::size_t comma = connect_string.find(',');
    const std::string_view one = connect_string.substr(0, comma);
    connect_string = comma == std::string_view::npos ? std::string_view{} : connect_string.substr(comma + 1);
    if (one.empty()) continue;
    const Sid sid = server_for_address(cfg, one);
    if (sid != 0) out.push_back(sid);
  }
  return out;
}

SimClientHandle::SimClientHandle(Simulator& sim, std::int32_t index) : sim_(sim), index_(index) {
  ZS_ASSERT(index >= 0);
  sim_.open_client_channel(index_);
}

SimClientHandle::~SimClientHandle() { sim_.close_client_channel(index_); }

void SimClientHandle::schedule(ScheduledAction a) {
  a.client = index_;
  a.at = sim_.now();
  sim_.schedule(a);
}

void SimClientHandle::retire_session() {
  if (session_id_ != 0) retired_sessions_.insert(session_id_);
}

void SimClientHandle::connect(std::string_view connect_string, std::int32_t session_timeout_ms,
                              bool /*can_be_read_only*/) {
  retire_session();
  session_id_ = 0;
  next_xid_ = 0;
  close_xid_ = 0;
  state_ = HandleState::Connecting;
  const std::vector<Sid> servers = servers_for_connect_string(sim_.config(), connect_string);
  server_ = servers.empty() ? 0 : servers.front();
  unknown_host_ = server_ != 0 ? "" : std::string(connect_string.substr(0, connect_string.find(',')));
  // No server has that client port: nothing to connect to, the simulated client stays as it was.
  if (server_ == 0) return;
  ScheduledAction a;
  a.kind = ScheduledAction::Kind::Client;
  a.sid = server_;
  a.servers = servers;
  a.call = ConnectRequest{session_timeout_ms, 0, Zxid{}};
  schedule(std::move(a));
}

std::int32_t SimClientHandle::submit(ClientCall call) {
  // SetWatches uses up no request number (the simulated client counts the same way).
  const bool set_watches = std::holds_alternative<SetWatchesRequest>(call);
  ScheduledAction a;
  a.kind = ScheduledAction::Kind::Client;
  a.call = std::move(call);
  schedule(std::move(a));
  return set_watches ? kSetWatchesXid : ++next_xid_;
}

std::int32_t SimClientHandle::close() {
  close_xid_ = submit(WriteRequest{CloseSessionRequest{}});
  return close_xid_;
}

void SimClientHandle::add_auth(std::string scheme, std::optional<std::string> auth) {
  ScheduledAction a;
  a.kind = ScheduledAction::Kind::ClientAuth;
  a.scheme = std::move(scheme);
  a.null_credentials = !auth.has_value();
  a.credentials = auth.value_or("");
  schedule(std::move(a));
}

void SimClientHandle::kill() {
  retire_session();
  ScheduledAction a;
  a.kind = ScheduledAction::Kind::ClientKill;
  schedule(std::move(a));
  state_ = HandleState::Closed;
}

std::string SimClientHandle::host() const {
  return server_ != 0 ? client_address(sim_.config(), server_) : unknown_host_;
}

Zxid SimClientHandle::last_zxid_seen() const { return sim_.client(index_).last_zxid_seen; }

std::optional<HandleEvent> SimClientHandle::poll() {
  while (std::optional<ClientNotice> n = sim_.take_client_notice(index_)) {
    std::optional<HandleEvent> e;
    if (const auto* op = std::get_if<ClientOp>(&n->body)) {
      e = on_reply(*op, std::move(n->result));
    } else if (const auto* s = std::get_if<ClientSession>(&n->body)) {
      e = on_session(*s);
    } else if (const auto& w = std::get<WatchFired>(n->body); w.session_id == session_id_) {
      e = HandleWatch{static_cast<EventType>(w.type), std::move(n->result.path)};
    }
    if (e) return e;
  }
  return std::nullopt;
}

std::optional<HandleEvent> SimClientHandle::on_reply(const ClientOp& op, ClientResult result) {
  const Code err = static_cast<Code>(op.err);
  if (op.cxid == kAuthXid) {
    // The server refused the credentials and closed the connection: AUTH_FAILED for good.
    if (err == Code::AuthFailed) state_ = HandleState::AuthFailed;
    return HandleReply{op.cxid, err, std::move(result)};
  }
  // The connect's own reply: the ClientSession that goes with it says what became of it.
  if (op.cxid == 0 || retired_sessions_.count(op.session_id) > 0) return std::nullopt;
  if (close_xid_ != 0 && op.cxid == close_xid_) {
    close_xid_ = 0;
    retire_session();
    state_ = HandleState::Closed;
  }
  return HandleReply{op.cxid, err, std::move(result)};
}

std::optional<HandleEvent> SimClientHandle::on_session(const ClientSession& s) {
  // A closed (or auth-failed) handle hears nothing more, and the last word of a session it
  // closed or gave up on is not news.
  if (state_ == HandleState::Closed || state_ == HandleState::AuthFailed) return std::nullopt;
  if (s.session_id != 0 && retired_sessions_.count(s.session_id) > 0) return std::nullopt;
  using Why = HandleStateChange::Why;
  switch (s.state) {
    case SessionState::Connected:
      state_ = HandleState::Connected;
      server_ = s.sid;
      session_id_ = s.session_id;
      return HandleStateChange{Why::Connected};
    case SessionState::Disconnected:
      state_ = HandleState::Connecting;
      return HandleStateChange{Why::Disconnected};
    case SessionState::Expired:
    case SessionState::Closed:
      state_ = HandleState::Closed;
      return HandleStateChange{s.state == SessionState::Expired ? Why::Expired : Why::Closed};
  }
  return std::nullopt;
}

std::unique_ptr<console::Console> open_sim_console(Simulator& sim, std::int32_t index, Sid server,
                                                   console::ConsoleOptions options) {
  return open_sim_console(sim, index, client_address(sim.config(), server), options);
}

std::unique_ptr<console::Console> open_sim_console(Simulator& sim, std::int32_t index, std::string connect_string,
                                                   console::ConsoleOptions options) {
  return std::make_unique<console::Console>(std::make_unique<SimClientHandle>(sim, index),
                                            std::move(connect_string), options);
}

// ---------------------------------------------------------------- drivers

namespace {

void pump_all(const std::vector<console::Console*>& consoles) {
  for (console::Console* c : consoles) c->pump();
}

bool all_idle(const std::vector<console::Console*>& consoles) {
  return std::all_of(consoles.begin(), consoles.end(),
                     [](const console::Console* c) { return c->idle() && !c->awaiting_first_connection(); });
}

}  // namespace

void run_consoles_until(Simulator& sim, const std::vector<console::Console*>& consoles, Ms until) {
  sim.run_until(
      [&](const Simulator&) {
        pump_all(consoles);
        return false;
      },
      until);
  if (sim.now() < until) sim.run_until(until);
  pump_all(consoles);
}

bool run_until_idle(Simulator& sim, const std::vector<console::Console*>& consoles, Ms limit) {
  return sim.run_until(
      [&](const Simulator&) {
        pump_all(consoles);
        return all_idle(consoles);
      },
      limit);
}

}  // namespace zs::run

#include "attach/wire_session.hpp"

#include <boost/asio/connect.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/write.hpp>

#include <algorithm>

#include "core/overloaded.hpp"

namespace zs::attach {

namespace asio = boost::asio;
using asio::ip::tcp;
using console::HandleReply;
using console::HandleStateChange;
using console::HandleWatch;
using Why = console::HandleStateChange::Why;

std::string_view to_string(SessionState s) {
  switch (s) {
    case SessionState::Idle:
      return "idle";
    case SessionState::Connecting:
      return "connecting";
    case SessionState::Connected:
      return "connected";
    case SessionState::ConnectedReadOnly:
      return "connected read-only";
    case SessionState::Closed:
      return "closed";
    case SessionState::Expired:
      return "expired";
    case SessionState::AuthFailed:
      return "auth failed";
  }
  return "?";
}

namespace {

constexpr auto kWatchdogPeriod = std::chrono::milliseconds(50);
// HostProvider's spinDelay: after every host of the list failed once, wait before the next round.
constexpr auto kRoundDelay = std::chrono::milliseconds(1000);

std::int64_t ms_between(std::chrono::steady_clock::time_point a,
                        std::chrono::steady_clock::time_point b) {
  return std::chrono::duration_cast<std::chrono::milliseconds>(b - a).count();
}

std::string describe(const boost::system::error_code& ec) {
  if (ec == asio::error::connection_refused) return "connection refused";
  if (ec == asio::error::eof) return "the server closed the connection";
  if (ec == asio::error::connection_reset) return "the server reset the connection";
  return ec.message();
}

// The first line of what a non-ZooKeeper peer sent, printable characters only.
std::string first_line(std::string_view bytes) {
  std::string line;
  for (char c : bytes) {
    if (c == '\r' || c == '\n' || line.size() >= 60) break;
    line.push_back(c >= 0x20 && c < 0x7f ? c : '?');
  }
  return line;
}

// Why a peer that answered with `bytes` is not a ZooKeeper server, or "" when it looks binary.
std::string name_the_peer(std::string_view bytes) {
  if (bytes.substr(0, 5) == "HTTP/") return "it answered " + first_line(bytes);
  if (bytes.substr(0, 4) == "SSH-") return "it sent an SSH banner: " + first_line(bytes);
  if (bytes.size() >= 4 &&
      std::all_of(bytes.begin(), bytes.begin() + 4, [](char c) { return c >= 0x20 && c < 0x7f; })) {
    return "it sent text: " + first_line(bytes);
  }
  return {};
}

template <class F>
void for_each_path(ClientCall& call, F&& f) {
  std::visit(
      Overloaded{
          [](ConnectRequest&) {},
          [&](WriteRequest& w) {
            std::visit(Overloaded{
                           [&](CreateRequest& c) { f(c.path); },
                           [&](DeleteRequest& d) { f(d.path); },
                           [&](SetDataRequest& s) { f(s.path); },
                           [&](SetAclRequest& s) { f(s.path); },
                           [&](CheckVersionRequest& c) { f(c.path); },
                           [&](MultiRequest& m) {
                             for (MultiOp& op : m.ops) {
                               std::visit([&](auto& o) { f(o.path); }, op);
                             }
                           },
                           [](CloseSessionRequest&) {},
                           [](CreateSessionRequest&) {},
                           [&](DeleteContainerRequest& d) { f(d.path); },
                           [](ReconfigRequest&) {},  // the config node is outside any chroot
                       },
                       w);
          },
          [&](ReadRequest& r) { f(r.path); },
          [&](SyncRequest& s) { f(s.path); },
          [&](AddWatchRequest& a) { f(a.path); },
          [&](RemoveWatchesRequest& r) { f(r.path); },
          [&](SetWatchesRequest& s) {
            for (auto* v : {&s.data, &s.exist, &s.child, &s.persistent, &s.persistent_recursive}) {
              for (std::string& p : *v) f(p);
            }
          },
      },
      call);
}

}  // namespace

WireSession::WireSession(asio::io_context& io, SessionOptions options)
    : io_(io),
      opt_(std::move(options)),
      resolver_(io),
      socket_(io),
      watchdog_(io),
      retry_timer_(io) {}

bool WireSession::finished() const {
  return state_ == SessionState::Closed || state_ == SessionState::Expired ||
         state_ == SessionState::AuthFailed;
}

std::string WireSession::host() const {
  if (opt_.hosts.hosts.empty()) return "";
  return opt_.hosts.hosts[host_index_ % opt_.hosts.hosts.size()].text();
}

std::int32_t WireSession::connect_timeout_ms() const {
  const auto n = static_cast<std::int32_t>(std::max<std::size_t>(1, opt_.hosts.hosts.size()));
  return std::clamp(opt_.session_timeout_ms / n, 100, std::max(100, opt_.connect_timeout_ms));
}

std::string WireSession::chroot_path(const std::string& path) const {
  if (opt_.hosts.chroot.empty()) return path;
  return path == "/" ? opt_.hosts.chroot : opt_.hosts.chroot + path;
}

std::string WireSession::strip_chroot(const std::string& path) const {
  const std::string& c = opt_.hosts.chroot;
  if (c.empty() || path.compare(0, c.size(), c) != 0) return path;
  if (path.size() == c.size()) return "/";
  return path.substr(c.size());
}

void WireSession::set_state(SessionState s) { state_ = s; }

// --- connecting ----------------------------------------------------------------------------

void WireSession::start() {
  if (state_ != SessionState::Idle) return;
  if (opt_.hosts.hosts.empty()) {
    last_error_ = "the connect string names no host";
    set_state(SessionState::Closed);
    return;
  }
  set_state(SessionState::Connecting);
  connect_next();
}

void WireSession::connect_next() {
  if (finished()) return;
  const std::uint64_t gen = ++gen_;
  boost::system::error_code ignored;
  socket_.close(ignored);
  splitter_ = wire::FrameSplitter();
  tcp_connected_ = false;
  handshake_done_ = false;
  bytes_this_connection_ = 0;
  first_bytes_.clear();
  writes_.clear();
  write_buf_.clear();
  writing_ = false;
  attempt_start_ = Clock::now();
  arm_watchdog(gen);
  const wire::HostPort hp = opt_.hosts.hosts[host_index_ % opt_.hosts.hosts.size()];
  auto self = shared_from_this();
  resolver_.async_resolve(
      hp.host, std::to_string(hp.port),
      [self, gen, hp](const boost::system::error_code& ec, tcp::resolver::results_type results) {
        if (gen != self->gen_ || self->finished()) return;
        if (ec) {
          self->drop_connection(hp.text() + ": cannot resolve " + hp.host + " (" + ec.message() +
                                ")");
          return;
        }
        asio::async_connect(
            self->socket_, results,
            [self, gen](const boost::system::error_code& ec2, const tcp::endpoint&) {
              if (gen != self->gen_ || self->finished()) return;
              if (ec2) {
                self->drop_connection(self->host() + ": " + describe(ec2));
                return;
              }
              self->on_connected(gen);
            });
      });
}

void WireSession::on_connected(std::uint64_t gen) {
  tcp_connected_ = true;
  boost::system::error_code ignored;
  socket_.set_option(tcp::no_delay(true), ignored);
  wire::ConnectRequestRecord req;
  req.last_zxid_seen = last_zxid_;
  req.timeout_ms = opt_.session_timeout_ms;
  req.session_id = session_id_;
  req.password = password_;
  req.read_only = opt_.can_be_read_only;
  write(wire::encode_connect_request(req));
  start_read(gen);
}

void WireSession::arm_watchdog(std::uint64_t gen) {
  watchdog_.expires_after(kWatchdogPeriod);
  auto self = shared_from_this();
  watchdog_.async_wait([self, gen](const boost::system::error_code& ec) {
    if (ec || gen != self->gen_ || self->finished()) return;
    const Clock::time_point now = Clock::now();
    if (!self->handshake_done_) {
      const std::int64_t waited = ms_between(self->attempt_start_, now);
      if (waited >= self->connect_timeout_ms()) {
        std::string what = !self->tcp_connected_ ? " connecting"
                           : self->bytes_this_connection_ == 0
                               ? " waiting for the connect response"
                               : " waiting for the connect response (got " +
                                     std::to_string(self->bytes_this_connection_) + " bytes)";
        self->drop_connection(self->host() + ": timed out after " +
                              std::to_string(self->connect_timeout_ms()) + " ms" + what);
        return;
      }
    } else {
      const std::int64_t quiet = ms_between(self->last_recv_, now);
      if (quiet >= self->read_timeout_ms()) {
        self->drop_connection(self->host() + ": no answer for " + std::to_string(quiet) +
                              " ms (read timeout " + std::to_string(self->read_timeout_ms()) +
                              " ms, 2/3 of the negotiated session timeout)");
        return;
      }
      // ClientCnxn pings when nothing was sent for half the read timeout.
      if (ms_between(self->last_send_, now) >= self->read_timeout_ms() / 2) {
        self->write(wire::encode_ping());
      }
    }
    self->arm_watchdog(gen);
  });
}

void WireSession::start_read(std::uint64_t gen) {
  auto self = shared_from_this();
  socket_.async_read_some(
      asio::buffer(read_buf_), [self, gen](const boost::system::error_code& ec, std::size_t n) {
        if (gen != self->gen_ || self->finished()) return;
        if (ec) {
          std::string why = describe(ec);
          if (self->splitter_.buffered() > 0) {
            why += " in the middle of a frame (" + std::to_string(self->splitter_.buffered()) +
                   " bytes of it had arrived)";
          } else if (!self->handshake_done_) {
            why += " before answering the connect request";
          }
          self->drop_connection(self->host() + ": " + why);
          return;
        }
        self->on_bytes(n);
        if (gen == self->gen_ && !self->finished()) self->start_read(gen);
      });
}

void WireSession::on_bytes(std::size_t n) {
  const std::uint64_t gen = gen_;
  last_recv_ = Clock::now();
  const std::string_view got(read_buf_.data(), n);
  if (first_bytes_.size() < 64) first_bytes_.append(got.substr(0, 64 - first_bytes_.size()));
  bytes_this_connection_ += n;
  splitter_.feed(got);
  while (gen == gen_ && !finished()) {
    auto f = splitter_.next();
    if (!f.ok()) {
      const std::string peer = handshake_done_ ? "" : name_the_peer(first_bytes_);
      drop_connection(peer.empty() ? host() + ": " + f.error().message
                                   : host() + " is not a ZooKeeper server (" + peer + ")");
      return;
    }
    if (!f.value()) return;
    if (!handshake_done_) {
      on_connect_response(*f.value());
    } else {
      on_reply_frame(*f.value());
    }
  }
}

void WireSession::on_connect_response(const std::string& body) {
  auto r = wire::decode_connect_response(body);
  if (!r.ok()) {
    // A 3.8 read-only server without local sessions runs the new session's createSession
    // through its ReadOnlyRequestProcessor, which answers it like a write: a bare reply header
    // with NotReadOnly instead of a ConnectResponse (docs/zookeeper-notes.md).
    auto h = wire::decode_reply_header(body);
    if (body.size() == 16 && h.ok() && h->err == Code::NotReadOnly) {
      drop_connection(host() +
                      ": the read-only server refused to open a new session (NotReadOnly); "
                      "ZooKeeper 3.8 read-only servers open sessions only with "
                      "localSessionsEnabled=true");
      return;
    }
    const std::string peer = name_the_peer(first_bytes_);
    drop_connection(host() + " is not a ZooKeeper server (" +
                    (peer.empty() ? r.error().message : peer) + ")");
    return;
  }
  if (r->timeout_ms <= 0) {
    // The server no longer knows this session (ZooKeeperServer.finishSessionInit).
    last_error_ = "session 0x" + hex(session_id_) + " expired (" + host() +
                  " answered the reconnect with timeout 0)";
    finish(SessionState::Expired, Why::Expired);
    return;
  }
  handshake_done_ = true;
  session_id_ = r->session_id;
  password_ = r->password;
  negotiated_timeout_ms_ = r->timeout_ms;
  failed_in_row_ = 0;
  last_recv_ = Clock::now();
  set_state(r->read_only ? SessionState::ConnectedReadOnly : SessionState::Connected);
  was_connected_ = true;
  // ClientCnxn.primeConnection's order: watches, then auth, then what waited.
  if (auto sw = watches_to_restore()) {
    ClientCall call = std::move(*sw);
    for_each_path(call, [&](std::string& p) { p = chroot_path(p); });
    write(wire::encode_request(kSetWatchesXid, call).value());
  }
  for (std::size_t i = 0; i < auths_.size(); ++i) {
    write(wire::encode_auth(auths_[i].spec.scheme, auths_[i].spec.auth));
    auth_waiting_.push_back(i);
  }
  const std::uint64_t gen = gen_;
  if (on_state_) on_state_(HandleStateChange{Why::Connected});
  if (gen == gen_ && !finished()) flush_outgoing();
}

// --- answers -------------------------------------------------------------------------------

void WireSession::on_reply_frame(const std::string& body) {
  auto h = wire::decode_reply_header(body);
  if (!h.ok()) {
    drop_connection(host() + ": " + h.error().message);
    return;
  }
  switch (h->xid) {
    case wire::kNotificationXid: {
      auto e = wire::decode_watch_event(body);
      if (!e.ok()) {
        drop_connection(host() + ": " + e.error().message);
        return;
      }
      e->path = strip_chroot(e->path);
      untrack_event(e.value());
      if (on_watch_) on_watch_(HandleWatch{e->type, e->path});
      return;
    }
    case wire::kPingXid:
    case kSetWatchesXid:
      return;
    case kAuthXid: {
      if (auth_waiting_.empty()) return;
      const std::size_t i = auth_waiting_.front();
      auth_waiting_.pop_front();
      Auth& a = auths_[i];
      const bool first = !a.answered;
      a.answered = true;
      if (h->err == Code::AuthFailed) {
        last_error_ = host() + ": the server refused the " + a.spec.scheme + " credentials";
        ReplyFn cb = a.on_reply;
        if (cb) cb(HandleReply{kAuthXid, h->err, {}});
        finish(SessionState::AuthFailed, Why::Closed);
        return;
      }
      if (first && a.on_reply) a.on_reply(HandleReply{kAuthXid, h->err, {}});
      return;
    }
    default:
      break;
  }
  if (pending_.empty() || pending_.front().xid != h->xid) {
    // ClientCnxn.readResponse: "Xid out of order".
    drop_connection(host() + ": answer for xid " + std::to_string(h->xid) +
                    (pending_.empty() ? " but no request is waiting"
                                      : " but the next request waiting is xid " +
                                            std::to_string(pending_.front().xid)));
    return;
  }
  auto d = wire::decode_reply(body, pending_.front().op);
  if (!d.ok()) {
    drop_connection(host() + ": " + d.error().message);
    return;
  }
  Pending p = std::move(pending_.front());
  pending_.pop_front();
  // Only answers to requests move lastZxid (ClientCnxn.readResponse): pings, auth and watch
  // events do not.
  if (h->zxid.raw() > 0) last_zxid_ = h->zxid;
  ClientResult& res = d->result;
  if (!res.path.empty()) res.path = strip_chroot(res.path);
  for (OpResult& o : res.multi) {
    if (!o.path.empty()) o.path = strip_chroot(o.path);
  }
  HandleReply reply{p.xid, d->err, std::move(res)};
  track(p, reply);
  const bool closing = close_xid_ && *close_xid_ == p.xid;
  const std::uint64_t gen = gen_;
  if (p.on_reply) p.on_reply(reply);
  if (closing) {
    close_xid_.reset();
    finish(SessionState::Closed, Why::Closed);
    return;
  }
  if (gen == gen_ && !finished()) flush_outgoing();
}

// --- sending -------------------------------------------------------------------------------

std::int32_t WireSession::submit(ClientCall call, ReplyFn on_reply, std::int32_t xid) {
  if (std::holds_alternative<SetWatchesRequest>(call)) {
    if (handshake_done_ && !finished()) {
      for_each_path(call, [&](std::string& p) { p = chroot_path(p); });
      write(wire::encode_request(kSetWatchesXid, call).value());
    }
    return kSetWatchesXid;
  }
  if (xid == 0) xid = next_xid_;
  next_xid_ = std::max(next_xid_, xid + 1);
  Code refuse = Code::Ok;
  if (finished() || state_ == SessionState::Idle) {
    // ClientCnxn.conLossPacket's codes.
    refuse = state_ == SessionState::AuthFailed ? Code::AuthFailed
             : state_ == SessionState::Idle     ? Code::ConnectionLoss
                                                : Code::SessionExpired;
  } else if (outgoing_.size() >= opt_.max_queued) {
    refuse = Code::Throttled;
    last_error_ = "outgoing queue full (" + std::to_string(opt_.max_queued) + " requests)";
  }
  if (refuse != Code::Ok) {
    if (on_reply) {
      asio::post(io_, [cb = std::move(on_reply), xid, refuse] {
        cb(HandleReply{xid, refuse, {}});
      });
    }
    return xid;
  }
  outgoing_.push_back(Outgoing{xid, std::move(call), std::move(on_reply)});
  flush_outgoing();
  return xid;
}

void WireSession::add_auth(wire::AuthSpec auth, ReplyFn on_reply) {
  auths_.push_back(Auth{std::move(auth), std::move(on_reply), false});
  if (handshake_done_ && !finished()) {
    write(wire::encode_auth(auths_.back().spec.scheme, auths_.back().spec.auth));
    auth_waiting_.push_back(auths_.size() - 1);
  }
}

void WireSession::flush_outgoing() {
  if (!handshake_done_ || finished()) return;
  while (!outgoing_.empty() && pending_.size() < opt_.max_in_flight) {
    Outgoing o = std::move(outgoing_.front());
    outgoing_.pop_front();
    send_now(std::move(o));
  }
}

void WireSession::send_now(Outgoing o) {
  ClientCall wire_call = o.call;
  for_each_path(wire_call, [&](std::string& p) { p = chroot_path(p); });
  auto bytes = wire::encode_request(o.xid, wire_call);
  if (!bytes.ok()) {
    if (o.on_reply) {
      asio::post(io_, [cb = std::move(o.on_reply), xid = o.xid] {
        cb(HandleReply{xid, Code::MarshallingError, {}});
      });
    }
    return;
  }
  pending_.push_back(
      Pending{o.xid, wire::opcode_of(o.call), std::move(o.call), std::move(o.on_reply)});
  write(bytes.value());
}

void WireSession::write(const std::string& body) {
  writes_ += wire::frame(body);
  last_send_ = Clock::now();
  pump_writes(gen_);
}

void WireSession::pump_writes(std::uint64_t gen) {
  if (writing_ || writes_.empty() || !tcp_connected_) return;
  writing_ = true;
  // Everything queued goes in one write: pipelined requests share TCP segments.
  write_buf_.swap(writes_);
  writes_.clear();
  auto self = shared_from_this();
  asio::async_write(socket_, asio::buffer(write_buf_),
                    [self, gen](const boost::system::error_code& ec, std::size_t) {
                      if (gen != self->gen_ || self->finished()) return;
                      self->writing_ = false;
                      self->write_buf_.clear();
                      if (ec) {
                        self->drop_connection(self->host() + ": " + describe(ec));
                        return;
                      }
                      self->pump_writes(gen);
                    });
}

// --- ending --------------------------------------------------------------------------------

std::int32_t WireSession::close(std::function<void()> done, ReplyFn on_reply, std::int32_t xid) {
  if (xid == 0) xid = next_xid_;
  next_xid_ = std::max(next_xid_, xid + 1);
  if (finished() || !handshake_done_) {
    if (!finished()) finish(SessionState::Closed, Why::Closed);
    if (on_reply)
      asio::post(io_, [cb = std::move(on_reply), xid] { cb(HandleReply{xid, Code::Ok, {}}); });
    if (done) asio::post(io_, std::move(done));
    return xid;
  }
  close_done_ = std::move(done);
  close_xid_ = xid;
  submit(WriteRequest{CloseSessionRequest{}}, std::move(on_reply), xid);
  return xid;
}

void WireSession::kill() {
  on_watch_ = nullptr;
  on_state_ = nullptr;
  on_round_failed_ = nullptr;
  ++gen_;
  set_state(SessionState::Closed);
  boost::system::error_code ignored;
  socket_.close(ignored);
  resolver_.cancel();
  watchdog_.cancel();
  retry_timer_.cancel();
  pending_.clear();
  outgoing_.clear();
  auth_waiting_.clear();
  close_done_ = nullptr;
}

void WireSession::fail_all(Code code) {
  std::deque<Pending> pending = std::exchange(pending_, {});
  std::deque<Outgoing> outgoing = std::exchange(outgoing_, {});
  auth_waiting_.clear();
  for (Pending& p : pending) {
    if (p.on_reply) p.on_reply(HandleReply{p.xid, code, {}});
  }
  for (Outgoing& o : outgoing) {
    if (o.on_reply) o.on_reply(HandleReply{o.xid, code, {}});
  }
}

void WireSession::finish(SessionState s, Why why) {
  ++gen_;
  set_state(s);
  boost::system::error_code ignored;
  socket_.close(ignored);
  watchdog_.cancel();
  retry_timer_.cancel();
  fail_all(s == SessionState::Expired      ? Code::SessionExpired
           : s == SessionState::AuthFailed ? Code::AuthFailed
                                           : Code::ConnectionLoss);
  if (s != SessionState::AuthFailed && on_state_) on_state_(HandleStateChange{why});
  if (close_done_) {
    auto done = std::move(close_done_);
    close_done_ = nullptr;
    done();
  }
}

void WireSession::drop_connection(std::string why) {
  if (finished()) return;
  last_error_ = std::move(why);
  ++gen_;
  boost::system::error_code ignored;
  socket_.close(ignored);
  watchdog_.cancel();
  writes_.clear();
  write_buf_.clear();
  writing_ = false;
  handshake_done_ = false;
  tcp_connected_ = false;
  if (close_xid_) {
    // closeSession cannot be answered any more: the session is closed as far as we care.
    close_xid_.reset();
    finish(SessionState::Closed, Why::Closed);
    return;
  }
  fail_all(Code::ConnectionLoss);
  if (finished()) return;  // a callback killed or closed the session
  if (was_connected_) {
    was_connected_ = false;
    set_state(SessionState::Connecting);
    const std::uint64_t gen = gen_;
    if (on_state_) on_state_(HandleStateChange{Why::Disconnected});
    if (gen != gen_ || finished()) return;
  }
  host_index_ = (host_index_ + 1) % opt_.hosts.hosts.size();
  ++failed_in_row_;
  const std::uint64_t gen = gen_;
  auto self = shared_from_this();
  if (failed_in_row_ % opt_.hosts.hosts.size() == 0) {
    if (on_round_failed_) on_round_failed_();
    if (gen != gen_ || finished()) return;
    retry_timer_.expires_after(kRoundDelay);
    retry_timer_.async_wait([self, gen](const boost::system::error_code& ec) {
      if (!ec && gen == self->gen_) self->connect_next();
    });
  } else {
    asio::post(io_, [self, gen] {
      if (gen == self->gen_) self->connect_next();
    });
  }
}

// --- watches -------------------------------------------------------------------------------

void WireSession::track(const Pending& p, const HandleReply& r) {
  if (!opt_.track_watches) return;
  if (const auto* read = std::get_if<ReadRequest>(&p.call); read && read->watch) {
    switch (read->op) {
      case opcode::kExists:
        // ExistsWatchRegistration: a node that exists gets a data watch, a missing one an
        // exist watch.
        if (r.err == Code::Ok) data_watches_.insert(read->path);
        if (r.err == Code::NoNode) exist_watches_.insert(read->path);
        break;
      case opcode::kGetData:
        if (r.err == Code::Ok) data_watches_.insert(read->path);
        break;
      case opcode::kGetChildren:
      case opcode::kGetChildren2:
        if (r.err == Code::Ok) child_watches_.insert(read->path);
        break;
      default:
        break;
    }
  } else if (const auto* add = std::get_if<AddWatchRequest>(&p.call); add && r.err == Code::Ok) {
    persistent_watches_[add->path] = add->mode;
  } else if (const auto* rm = std::get_if<RemoveWatchesRequest>(&p.call); rm && r.err == Code::Ok) {
    if (rm->type != WatcherType::Children) {
      data_watches_.erase(rm->path);
      exist_watches_.erase(rm->path);
    }
    if (rm->type != WatcherType::Data) child_watches_.erase(rm->path);
    if (rm->type == WatcherType::Any) persistent_watches_.erase(rm->path);
  }
}

void WireSession::untrack_event(const wire::WatchEventRecord& e) {
  switch (e.type) {
    case EventType::NodeCreated:
    case EventType::NodeDataChanged:
      data_watches_.erase(e.path);
      exist_watches_.erase(e.path);
      break;
    case EventType::NodeChildrenChanged:
      child_watches_.erase(e.path);
      break;
    case EventType::NodeDeleted:
      data_watches_.erase(e.path);
      exist_watches_.erase(e.path);
      child_watches_.erase(e.path);
      break;
    default:
      break;
  }
}

std::optional<SetWatchesRequest> WireSession::watches_to_restore() const {
  if (!opt_.track_watches) return std::nullopt;
  if (data_watches_.empty() && exist_watches_.empty() && child_watches_.empty() &&
      persistent_watches_.empty()) {
    return std::nullopt;
  }
  SetWatchesRequest s;
  s.relative_zxid = last_zxid_;
  s.data.assign(data_watches_.begin(), data_watches_.end());
  s.exist.assign(exist_watches_.begin(), exist_watches_.end());
  s.child.assign(child_watches_.begin(), child_watches_.end());
  for (const auto& [path, mode] : persistent_watches_) {
    (mode == WatcherMode::PersistentRecursive ? s.persistent_recursive : s.persistent)
        .push_back(path);
  }
  return s;
}

}  // namespace zs::attach

#include "attach/wire_client_handle.hpp"

#include <boost/asio/post.hpp>

#include <future>

namespace zs::attach {

using console::HandleEvent;
using console::HandleReply;
using console::HandleState;
using console::HandleStateChange;
using console::HandleWatch;

WireClientHandle::WireClientHandle() : work_(io_.get_executor()), thread_([this] { io_.run(); }) {}

WireClientHandle::~WireClientHandle() {
  on_io([this] {
    if (session_) session_->kill();
    session_.reset();
  });
  work_.reset();
  thread_.join();
}

template <class F>
void WireClientHandle::on_io(F&& f) {
  boost::asio::post(io_, std::forward<F>(f));
}

void WireClientHandle::push(Item item) {
  {
    std::lock_guard lock(mu_);
    events_.push_back(std::move(item));
  }
  cv_.notify_all();
}

Ms WireClientHandle::now_ms() const {
  return std::chrono::duration_cast<std::chrono::milliseconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

void WireClientHandle::connect(std::string_view connect_string, std::int32_t session_timeout_ms,
                               bool can_be_read_only) {
  const std::uint64_t gen = ++session_gen_;
  next_xid_ = 1;
  close_xid_ = 0;
  session_id_ = 0;
  last_zxid_ = Zxid{};
  auto parsed = wire::parse_connect_string(connect_string);
  if (!parsed.ok()) {
    // Nothing to reach: the console answers every request with ConnectionLoss at once.
    connect_error_ = parsed.error().to_string();
    reachable_ = false;
    state_ = HandleState::Connecting;
    host_ = std::string(connect_string.substr(0, connect_string.find(',')));
    on_io([this] {
      if (session_) session_->kill();
      session_.reset();
    });
    return;
  }
  connect_error_.clear();
  reachable_ = true;
  state_ = HandleState::Connecting;
  host_ = parsed->hosts.front().text();
  SessionOptions o;
  o.hosts = std::move(parsed).value();
  o.session_timeout_ms = session_timeout_ms;
  o.can_be_read_only = can_be_read_only;
  // The console keeps zkCli's watch tables and sends SetWatches itself on reconnect.
  o.track_watches = false;
  on_io([this, gen, o = std::move(o)]() mutable {
    if (session_) session_->kill();
    session_ = std::make_shared<WireSession>(io_, std::move(o));
    WireSession* s = session_.get();
    s->on_state([this, gen, s](const HandleStateChange& c) {
      Item item{gen,          c,           s->host(), s->session_id(), s->last_zxid_seen(),
                std::nullopt, std::nullopt};
      switch (c.why) {
        case HandleStateChange::Why::Connected:
          item.state = s->state() == SessionState::ConnectedReadOnly
                           ? HandleState::ConnectedReadOnly
                           : HandleState::Connected;
          item.reachable = true;
          break;
        case HandleStateChange::Why::Disconnected:
          item.state = HandleState::Connecting;
          break;
        case HandleStateChange::Why::Expired:
        case HandleStateChange::Why::Closed:
          item.state = HandleState::Closed;
          break;
      }
      push(std::move(item));
    });
    s->on_watch([this, gen, s](const HandleWatch& w) {
      push(Item{gen, w, s->host(), s->session_id(), s->last_zxid_seen(), std::nullopt,
                std::nullopt});
    });
    s->on_round_failed([this, gen, s] {
      if (s->state() != SessionState::Connecting || s->session_id() != 0) return;
      push(Item{gen, std::nullopt, s->host(), 0, s->last_zxid_seen(), std::nullopt, false});
    });
    s->start();
  });
}

std::int32_t WireClientHandle::submit(ClientCall call) {
  const bool set_watches = std::holds_alternative<SetWatchesRequest>(call);
  const std::int32_t xid = set_watches ? kSetWatchesXid : next_xid_++;
  const std::uint64_t gen = session_gen_;
  on_io([this, gen, xid, call = std::move(call)]() mutable {
    // Posts run in order, so session_ is the one this submit was made for.
    if (!session_) return;
    WireSession* s = session_.get();
    s->submit(
        std::move(call),
        [this, gen, s](const HandleReply& r) {
          push(Item{gen, r, s->host(), s->session_id(), s->last_zxid_seen(), std::nullopt,
                    std::nullopt});
        },
        xid == kSetWatchesXid ? 0 : xid);
  });
  return xid;
}

std::int32_t WireClientHandle::close() {
  const std::int32_t xid = next_xid_++;
  close_xid_ = xid;
  const std::uint64_t gen = session_gen_;
  on_io([this, gen, xid] {
    if (!session_) return;
    WireSession* s = session_.get();
    s->close(
        {},
        [this, gen, s](const HandleReply& r) {
          push(Item{gen, r, s->host(), s->session_id(), s->last_zxid_seen(), HandleState::Closed,
                    std::nullopt});
        },
        xid);
  });
  return xid;
}

void WireClientHandle::add_auth(std::string scheme, std::optional<std::string> auth) {
  const std::uint64_t gen = session_gen_;
  on_io([this, gen, scheme = std::move(scheme), auth = std::move(auth)]() mutable {
    if (!session_) return;
    WireSession* s = session_.get();
    s->add_auth(
        wire::AuthSpec{std::move(scheme), auth.value_or("")}, [this, gen, s](const HandleReply& r) {
          Item item{gen,          r,           s->host(), s->session_id(), s->last_zxid_seen(),
                    std::nullopt, std::nullopt};
          if (r.err == Code::AuthFailed) item.state = HandleState::AuthFailed;
          push(std::move(item));
        });
  });
}

void WireClientHandle::kill() {
  ++session_gen_;  // whatever the old session still says is not news
  state_ = HandleState::Closed;
  on_io([this] {
    if (session_) session_->kill();
    session_.reset();
  });
}

std::optional<HandleEvent> WireClientHandle::poll() {
  std::unique_lock lock(mu_);
  while (!events_.empty()) {
    Item item = std::move(events_.front());
    events_.pop_front();
    if (item.session != session_gen_) continue;
    // A closed or auth-failed handle hears nothing more but the answers it waits for.
    if ((state_ == HandleState::Closed || state_ == HandleState::AuthFailed) &&
        (!item.event || std::holds_alternative<HandleStateChange>(*item.event))) {
      continue;
    }
    host_ = item.host;
    if (item.session_id != 0) session_id_ = item.session_id;
    last_zxid_ = item.last_zxid;
    if (item.state) state_ = *item.state;
    if (item.reachable) reachable_ = *item.reachable;
    if (!item.event) continue;
    return std::move(item.event);
  }
  return std::nullopt;
}

bool WireClientHandle::wait_for_event(std::chrono::milliseconds timeout) {
  std::unique_lock lock(mu_);
  return cv_.wait_for(lock, timeout, [this] { return !events_.empty(); });
}

std::string WireClientHandle::last_error() {
  auto result = std::make_shared<std::promise<std::string>>();
  std::future<std::string> f = result->get_future();
  on_io([this, result] { result->set_value(session_ ? session_->last_error() : ""); });
  if (f.wait_for(std::chrono::seconds(1)) != std::future_status::ready) return "";
  return f.get();
}

}  // namespace zs::attach

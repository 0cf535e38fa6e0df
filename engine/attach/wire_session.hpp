// One ZooKeeper client session over the wire, as ClientCnxn runs it: connect to the servers
// of a connect string, negotiate the session, ping when idle, reconnect to the next server
// on loss (keeping session id, password and the last zxid seen), replay auth and watches,
// chroot, read-only servers, expiry. Requests are pipelined: submit() never waits for
// earlier answers, and answers are matched to requests in order.
//
// Everything runs on one boost::asio::io_context that the caller runs: every method must be
// called, and every callback is called, on that context's thread. Create it with
// std::make_shared (its handlers keep it alive until they have run).
#pragma once

#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/steady_timer.hpp>

#include <array>
#include <chrono>
#include <cstdint>
#include <deque>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <set>
#include <string>

#include "console/client_handle.hpp"
#include "wire/client_codec.hpp"
#include "wire/connect_string.hpp"

namespace zs::attach {

struct SessionOptions {
  wire::ConnectString hosts;
  std::int32_t session_timeout_ms = 30000;  // requested; the server clamps it
  std::optional<wire::AuthSpec> auth;       // sent after every (re)connect
  bool can_be_read_only = false;            // readOnly flag of the ConnectRequest
  // Per-host limit for TCP connect + connect response. ZooKeeper uses sessionTimeout / hosts;
  // we take that, capped at this value, so a dead host never costs more than 3 s.
  std::int32_t connect_timeout_ms = 3000;
  // Re-register watches this session saw set (getData/exists/getChildren with watch,
  // addWatch) with SetWatches / SetWatches2 after a reconnect. Off when the caller keeps its
  // own watch tables and sends SetWatches itself (the zkCli console does).
  bool track_watches = true;
  // Requests sent and not yet answered; more wait unsent in the outgoing queue.
  std::size_t max_in_flight = 4096;
  // Requests waiting unsent (not connected yet, or max_in_flight reached). Beyond this,
  // submit() answers at once with Code::Throttled instead of growing without bound.
  std::size_t max_queued = 1'000'000;
};

enum class SessionState : std::uint8_t {
  Idle,               // not started
  Connecting,         // trying the hosts (first time, or after a loss)
  Connected,          // session established at host()
  ConnectedReadOnly,  // established at a read-only server (writes get NotReadOnly)
  Closed,             // close() answered, or kill()
  Expired,            // a server said the session is gone
  AuthFailed,         // a server refused the auth packet
};
std::string_view to_string(SessionState s);

class WireSession : public std::enable_shared_from_this<WireSession> {
 public:
  using ReplyFn = std::function<void(const console::HandleReply&)>;
  using WatchFn = std::function<void(const console::HandleWatch&)>;
  using StateFn = std::function<void(const console::HandleStateChange&)>;

  WireSession(boost::asio::io_context& io, SessionOptions options);
  WireSession(const WireSession&) = delete;
  WireSession& operator=(const WireSession&) = delete;

  void start();
  // closeSession, then Closed; `done` runs once the server answered (or the connection was
  // already gone, or no answer came within the read timeout). The answer itself goes to
  // `on_reply` with the returned xid (`xid` 0 = the next one).
  std::int32_t close(std::function<void()> done, ReplyFn on_reply = {}, std::int32_t xid = 0);
  // Drops the connection without closeSession (the server expires the session later). No
  // callback runs after this.
  void kill();

  // Queues `call` (sent at once when connected and under max_in_flight). Returns its xid
  // (kSetWatchesXid for SetWatches, which gets no callback). `xid` 0 = the next one.
  // Paths are relative to the chroot. On connection loss every unanswered request gets
  // ConnectionLoss, as ClientCnxn does.
  std::int32_t submit(ClientCall call, ReplyFn on_reply, std::int32_t xid = 0);
  // addauth: sent now if connected and after every reconnect; the answer (Ok or AuthFailed)
  // goes to `on_reply` with xid kAuthXid.
  void add_auth(wire::AuthSpec auth, ReplyFn on_reply);

  void on_watch(WatchFn f) { on_watch_ = std::move(f); }
  void on_state(StateFn f) { on_state_ = std::move(f); }
  // Every host of the connect string failed once in a row (last_error() says the last why);
  // the session waits a second and tries them again.
  void on_round_failed(std::function<void()> f) { on_round_failed_ = std::move(f); }

  SessionState state() const { return state_; }
  std::int64_t session_id() const { return session_id_; }
  std::int32_t negotiated_timeout_ms() const { return negotiated_timeout_ms_; }
  // The server connected to, or being tried.
  std::string host() const;
  Zxid last_zxid_seen() const { return last_zxid_; }
  // Why the last connection failed or ended ("127.0.0.1:2181: connection refused"); "" if none.
  const std::string& last_error() const { return last_error_; }
  std::size_t in_flight() const { return pending_.size(); }
  std::size_t queued() const { return outgoing_.size(); }

 private:
  struct Pending {
    std::int32_t xid = 0;
    std::int32_t op = 0;
    ClientCall call;  // as submitted (paths without chroot), for watch tracking
    ReplyFn on_reply;
  };
  struct Outgoing {
    std::int32_t xid = 0;
    ClientCall call;
    ReplyFn on_reply;
  };

  using Clock = std::chrono::steady_clock;

  bool finished() const;
  void connect_next();
  void on_connected(std::uint64_t gen);
  void start_read(std::uint64_t gen);
  void on_bytes(std::size_t n);
  void on_frame(std::string body);
  void on_connect_response(const std::string& body);
  void on_reply_frame(const std::string& body);
  void arm_watchdog(std::uint64_t gen);
  void write(const std::string& body);
  void pump_writes(std::uint64_t gen);
  void flush_outgoing();
  void send_now(Outgoing o);
  void drop_connection(std::string why);
  void fail_all(Code code);
  void set_state(SessionState s);
  void finish(SessionState s, console::HandleStateChange::Why why);
  void track(const Pending& p, const console::HandleReply& r);
  void untrack_event(const wire::WatchEventRecord& e);
  std::optional<SetWatchesRequest> watches_to_restore() const;
  std::string chroot_path(const std::string& path) const;
  std::string strip_chroot(const std::string& path) const;
  std::int32_t connect_timeout_ms() const;
  std::int32_t read_timeout_ms() const { return negotiated_timeout_ms_ * 2 / 3; }

  boost::asio::io_context& io_;
  SessionOptions opt_;
  boost::asio::ip::tcp::resolver resolver_;
  boost::asio::ip::tcp::socket socket_;
  boost::asio::steady_timer watchdog_;
  boost::asio::steady_timer retry_timer_;

  SessionState state_ = SessionState::Idle;
  std::uint64_t gen_ = 0;       // one per connection attempt; stale handlers compare it
  std::size_t host_index_ = 0;  // into opt_.hosts.hosts
  std::size_t failed_in_row_ = 0;
  bool tcp_connected_ = false;   // this attempt's TCP connection is up
  bool handshake_done_ = false;  // the ConnectResponse of this connection arrived
  bool was_connected_ = false;   // Disconnected is reported once per loss
  Clock::time_point attempt_start_{};
  Clock::time_point last_recv_{};
  Clock::time_point last_send_{};
  std::size_t bytes_this_connection_ = 0;
  std::string first_bytes_;  // up to 64 bytes of the connection's start, to name a non-ZK peer

  std::int64_t session_id_ = 0;
  std::string password_ = std::string(wire::kPasswordBytes, '\0');
  std::int32_t negotiated_timeout_ms_ = 0;
  Zxid last_zxid_{};
  std::int32_t next_xid_ = 1;
  std::string last_error_;

  std::array<char, 64 * 1024> read_buf_{};
  wire::FrameSplitter splitter_;
  std::string writes_;     // frames waiting for the socket
  std::string write_buf_;  // frames being written (one async_write at a time)
  bool writing_ = false;
  std::deque<Pending> pending_;    // sent, awaiting answers in order
  std::deque<Outgoing> outgoing_;  // not sent yet
  struct Auth {
    wire::AuthSpec spec;
    ReplyFn on_reply;
    bool answered = false;  // replays after a reconnect report only a failure
  };
  std::vector<Auth> auths_;
  std::deque<std::size_t> auth_waiting_;  // into auths_: auth answers come back in order
  std::optional<std::int32_t> close_xid_;
  std::function<void()> close_done_;

  // Watches to restore (paths relative to the chroot), when opt_.track_watches.
  std::set<std::string> data_watches_, exist_watches_, child_watches_;
  std::map<std::string, WatcherMode> persistent_watches_;

  WatchFn on_watch_;
  StateFn on_state_;
  std::function<void()> on_round_failed_;
};

}  // namespace zs::attach

// The console's ClientHandle on real ZooKeeper servers: a WireSession on its own io thread.
// The console's thread calls the ClientHandle methods; they post work to the io thread, and
// what the servers say comes back through a mutex-protected queue that poll() drains.
// state(), host(), session_id() and last_zxid_seen() change as poll() hands out the events
// that changed them, never before (the ClientHandle contract).
#pragma once

#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/io_context.hpp>

#include <chrono>
#include <condition_variable>
#include <deque>
#include <memory>
#include <mutex>
#include <thread>

#include "attach/wire_session.hpp"
#include "console/client_handle.hpp"

namespace zs::attach {

class WireClientHandle final : public console::ClientHandle {
 public:
  WireClientHandle();
  ~WireClientHandle() override;
  WireClientHandle(const WireClientHandle&) = delete;
  WireClientHandle& operator=(const WireClientHandle&) = delete;

  void connect(std::string_view connect_string, std::int32_t session_timeout_ms,
               bool can_be_read_only) override;
  std::int32_t submit(ClientCall call) override;
  std::int32_t close() override;
  void add_auth(std::string scheme, std::optional<std::string> auth) override;
  void kill() override;
  std::optional<console::HandleEvent> poll() override;

  console::HandleState state() const override { return state_; }
  // False until a connection came, once every host of the connect string failed in a row (the
  // console then answers requests with ConnectionLoss at once, as zkCli does while it is
  // CONNECTING); true again when a connection comes. The handle keeps trying all along.
  bool reachable() const override { return reachable_; }
  std::string host() const override { return host_; }
  std::int64_t session_id() const override { return session_id_; }
  Zxid last_zxid_seen() const override { return last_zxid_; }
  Ms now_ms() const override;

  // Blocks until an event is waiting for poll() or `timeout` passed; true when one is.
  bool wait_for_event(std::chrono::milliseconds timeout);
  // Why the session's last connection failed ("127.0.0.1:2181: connection refused"), for a
  // terminal that wants to say why it is still connecting. "" when nothing failed.
  std::string last_error();
  // Why connect() could not use its connect string (the parse error); "" when it could.
  const std::string& connect_error() const { return connect_error_; }

 private:
  // One queued event (or a change of reachable() alone) and the handle's view after it.
  struct Item {
    std::uint64_t session = 0;  // which connect() it belongs to
    std::optional<console::HandleEvent> event;
    std::string host;
    std::int64_t session_id = 0;
    Zxid last_zxid{};
    std::optional<console::HandleState> state;  // the state this event moves the handle to
    std::optional<bool> reachable;              // a new answer for reachable()
  };
  void push(Item item);
  // Runs `f` on the io thread.
  template <class F>
  void on_io(F&& f);

  boost::asio::io_context io_;
  boost::asio::executor_work_guard<boost::asio::io_context::executor_type> work_;
  std::thread thread_;

  // Touched on the io thread only.
  std::shared_ptr<WireSession> session_;

  mutable std::mutex mu_;
  std::condition_variable cv_;
  std::deque<Item> events_;

  // The console thread's view.
  std::uint64_t session_gen_ = 0;
  std::int32_t next_xid_ = 1;
  std::int32_t close_xid_ = 0;
  console::HandleState state_ = console::HandleState::Closed;
  bool reachable_ = false;
  std::string host_;
  std::int64_t session_id_ = 0;
  Zxid last_zxid_{};
  std::string connect_error_;
};

}  // namespace zs::attach

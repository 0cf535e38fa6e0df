// Small fake servers for the wire session tests, on 127.0.0.1 with a port the OS picks. They
// run on the test's io_context (the same thread as the session). FakeZk speaks the client
// protocol with the codec's server-side encoders; FakeRaw does one misbehaviour.
#pragma once

#include <boost/asio.hpp>

#include <functional>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "wire/client_codec.hpp"

namespace zs::attach::test {

namespace asio = boost::asio;
using asio::ip::tcp;

// Accepts connections and hands each socket to `on_accept`.
class Listener {
 public:
  using OnAccept = std::function<void(std::shared_ptr<tcp::socket>)>;
  Listener(asio::io_context& io, OnAccept on_accept)
      : acceptor_(io, tcp::endpoint(asio::ip::make_address("127.0.0.1"), 0)),
        on_accept_(std::move(on_accept)) {
    accept();
  }
  std::uint16_t port() const { return acceptor_.local_endpoint().port(); }
  std::string address() const { return "127.0.0.1:" + std::to_string(port()); }
  int accepted = 0;

 private:
  void accept() {
    auto sock = std::make_shared<tcp::socket>(acceptor_.get_executor());
    acceptor_.async_accept(*sock, [this, sock](const boost::system::error_code& ec) {
      if (ec) return;
      ++accepted;
      on_accept_(sock);
      accept();
    });
  }
  tcp::acceptor acceptor_;
  OnAccept on_accept_;
};

// A port nothing listens on (bound, then closed).
inline std::uint16_t closed_port(asio::io_context& io) {
  tcp::acceptor a(io, tcp::endpoint(asio::ip::make_address("127.0.0.1"), 0));
  const std::uint16_t p = a.local_endpoint().port();
  a.close();
  return p;
}

// What a FakeZk saw and how it behaves.
struct FakeZkScript {
  std::int32_t max_timeout_ms = 40000;  // negotiated = min(requested, this)
  std::int64_t session_id = 0x1000000abcd0000;
  bool expired = false;               // answer every connect with timeout 0
  // A read-only server: takes only sessions that may be read-only (closes the others, as
  // ZooKeeperServer.processConnectRequest does), says so, and answers writes NotReadOnly.
  bool read_only = false;
  // With read_only: a 3.8 read-only server without localSessionsEnabled, which answers a new
  // session's connect request with a bare NotReadOnly reply header.
  bool no_local_sessions = false;
  bool silent_after_connect = false;  // answer the connect, then nothing (not even pings)
  std::size_t answer_after = 0;       // hold answers until this many requests arrived
  int close_after_requests = -1;      // drop the connection after this many requests (-1: never)
  bool refuse_auth = false;
};
struct FakeZkLog {
  std::vector<wire::ConnectRequestRecord> connects;
  std::vector<wire::DecodedRequest> requests;  // every request incl. pings, auth, SetWatches
  int pings = 0;
};

class FakeZk {
 public:
  FakeZk(asio::io_context& io, FakeZkScript script = {})
      : script_(script), listener_(io, [this](auto s) { serve(std::move(s)); }) {}
  std::string address() const { return listener_.address(); }
  FakeZkScript script_;
  FakeZkLog log;
  std::int64_t zxid = 0x100000000;
  // Sends a watch event on every open connection.
  void fire(const wire::WatchEventRecord& e) {
    for (auto& c : conns_) {
      if (c->sock->is_open()) send(c, wire::encode_watch_event(e));
    }
  }
  void drop_all() {
    for (auto& c : conns_) {
      boost::system::error_code ec;
      c->sock->close(ec);
    }
  }

 private:
  struct Conn {
    std::shared_ptr<tcp::socket> sock;
    wire::FrameSplitter splitter;
    bool connected = false;
    std::array<char, 4096> buf{};
    std::vector<wire::DecodedRequest> held;
    int requests = 0;
  };
  void send(const std::shared_ptr<Conn>& c, const std::string& body) {
    auto data = std::make_shared<std::string>(wire::frame(body));
    asio::async_write(*c->sock, asio::buffer(*data), [data, c](auto, auto) {});
  }
  void serve(std::shared_ptr<tcp::socket> s) {
    auto c = std::make_shared<Conn>();
    c->sock = std::move(s);
    conns_.push_back(c);
    read(c);
  }
  void read(const std::shared_ptr<Conn>& c) {
    c->sock->async_read_some(asio::buffer(c->buf),
                             [this, c](const boost::system::error_code& ec, std::size_t n) {
                               if (ec) return;
                               c->splitter.feed(std::string_view(c->buf.data(), n));
                               while (true) {
                                 auto f = c->splitter.next();
                                 if (!f.ok() || !f.value()) break;
                                 on_frame(c, *f.value());
                               }
                               if (c->sock->is_open()) read(c);
                             });
  }
  void on_frame(const std::shared_ptr<Conn>& c, const std::string& body) {
    if (!c->connected) {
      auto req = wire::decode_connect_request(body);
      if (!req.ok()) return;
      log.connects.push_back(req.value());
      if (script_.read_only && !req->read_only) {
        boost::system::error_code ec;
        c->sock->close(ec);
        return;
      }
      if (script_.read_only && script_.no_local_sessions && req->session_id == 0) {
        send(c, wire::encode_reply(0, Zxid(zxid), Code::NotReadOnly, opcode::kCreateSession, {}));
        return;
      }
      c->connected = true;
      wire::ConnectResponseRecord r;
      r.timeout_ms = script_.expired ? 0 : std::min(req->timeout_ms, script_.max_timeout_ms);
      r.session_id = script_.expired ? 0 : (req->session_id ? req->session_id : script_.session_id);
      r.password = std::string(16, script_.expired ? '\0' : 'p');
      r.read_only = script_.read_only;
      r.has_read_only = req->has_read_only;
      send(c, wire::encode_connect_response(r));
      return;
    }
    auto d = wire::decode_request(body);
    if (!d.ok()) return;
    log.requests.push_back(d.value());
    if (script_.silent_after_connect) return;
    if (d->op == opcode::kPing) {
      ++log.pings;
      send(c, wire::encode_reply(wire::kPingXid, Zxid(zxid), Code::Ok, opcode::kPing, {}));
      return;
    }
    if (d->op == wire::op::kAuth) {
      send(c, wire::encode_reply(kAuthXid, Zxid(zxid),
                                 script_.refuse_auth ? Code::AuthFailed : Code::Ok, wire::op::kAuth,
                                 {}));
      return;
    }
    if (d->xid == kSetWatchesXid) {
      send(c, wire::encode_reply(kSetWatchesXid, Zxid(zxid), Code::Ok, d->op, {}));
      return;
    }
    ++c->requests;
    if (script_.close_after_requests >= 0 && c->requests > script_.close_after_requests) {
      boost::system::error_code ec;
      c->sock->close(ec);
      return;
    }
    c->held.push_back(d.value());
    if (c->held.size() < script_.answer_after) return;
    for (const auto& h : c->held) answer(c, h);
    c->held.clear();
  }
  void answer(const std::shared_ptr<Conn>& c, const wire::DecodedRequest& d) {
    ClientResult r;
    Code err = Code::Ok;
    std::string path;
    if (d.call) {
      std::visit(
          [&](const auto& x) {
            if constexpr (requires { x.path; }) path = x.path;
          },
          *d.call);
      if (const auto* w = std::get_if<WriteRequest>(&*d.call)) {
        std::visit(
            [&](const auto& x) {
              if constexpr (requires { x.path; }) path = x.path;
            },
            *w);
      }
    }
    const bool write = d.call && std::holds_alternative<WriteRequest>(*d.call) &&
                       d.op != opcode::kCloseSession;
    if (script_.read_only && write) {
      send(c, wire::encode_reply(d.xid, Zxid(zxid), Code::NotReadOnly, d.op, {}));
      return;
    }
    switch (d.op) {
      case opcode::kCreate:
      case opcode::kCreate2:
        ++zxid;
        r.path = path;
        break;
      case opcode::kGetData:
        r.data = "data of " + path;
        r.stat.data_length = static_cast<std::int32_t>(r.data.size());
        break;
      case opcode::kExists:
        if (path.find("missing") != std::string::npos) err = Code::NoNode;
        break;
      case opcode::kGetAllChildrenNumber:
        r.total_number = static_cast<std::int32_t>(path.size());  // any number the test can tell
        break;
      case opcode::kWhoAmI:
        r.client_info = {{"ip", "127.0.0.1"}};
        break;
      case opcode::kCloseSession:
        ++zxid;
        send(c, wire::encode_reply(d.xid, Zxid(zxid), Code::Ok, d.op, r));
        {
          boost::system::error_code ec;
          c->sock->shutdown(tcp::socket::shutdown_send, ec);
        }
        return;
      default:
        break;
    }
    send(c, wire::encode_reply(d.xid, Zxid(zxid), err, d.op, r));
  }
  std::vector<std::shared_ptr<Conn>> conns_;
  Listener listener_;
};

}  // namespace zs::attach::test

#include "attach/probe.hpp"

#include <algorithm>
#include <array>
#include <boost/asio/connect.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/write.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/http.hpp>
#include <chrono>
#include <memory>
#include <utility>

#include "wire/four_letter.hpp"

// Completion handlers rather than coroutines: Asio 1.18 enables co_await only under g++ with
// libstdc++, and these fetchers are small state machines that read as well either way.
namespace zs::attach {
namespace {

namespace asio = boost::asio;
namespace http = boost::beast::http;
using tcp = asio::ip::tcp;
using boost::system::error_code;

// What the deadline message says the fetch was doing when time ran out.
enum class Phase { Resolving, Connecting, Sending, Reading };

bool is_unreachable(const error_code& ec) {
  return ec == asio::error::connection_refused || ec == asio::error::host_unreachable ||
         ec == asio::error::network_unreachable || ec == asio::error::host_not_found ||
         ec == asio::error::host_not_found_try_again || ec == asio::error::no_data ||
         ec == asio::error::address_family_not_supported;
}

// "connection refused" rather than Asio's "Connection refused".
std::string describe(const error_code& ec) {
  std::string m = ec.message();
  if (!m.empty() && m[0] >= 'A' && m[0] <= 'Z' && (m.size() < 2 || m[1] < 'A' || m[1] > 'Z')) {
    m[0] = static_cast<char>(m[0] - 'A' + 'a');
  }
  return m;
}

// The state both fetchers share: resolver, socket, the one deadline and the exactly-once
// callback. Every handler holds a shared_ptr to it; after finish() the pending handlers
// complete with operation_aborted and see `done_`.
class Fetch : public std::enable_shared_from_this<Fetch> {
 public:
  Fetch(asio::io_context& io, std::string host, std::uint16_t port, FetchLimits limits,
        FetchCallback done)
      : resolver_(io),
        socket_(io),
        deadline_(io),
        host_(std::move(host)),
        port_(port),
        limits_(limits),
        done_callback_(std::move(done)),
        started_(std::chrono::steady_clock::now()) {}
  virtual ~Fetch() = default;

  void start() {
    auto self = shared_from_this();
    deadline_.expires_after(std::chrono::milliseconds(limits_.timeout_ms));
    deadline_.async_wait([self](const error_code& ec) {
      if (!ec) self->on_deadline();
    });
    resolver_.async_resolve(host_, std::to_string(port_),
                            [self](const error_code& ec, tcp::resolver::results_type results) {
                              self->on_resolve(ec, std::move(results));
                            });
  }

 protected:
  virtual void on_connected() = 0;
  // Bytes received so far, for the deadline's message and a TooLarge/Timeout body.
  virtual std::size_t bytes_so_far() const = 0;
  virtual std::string partial_body() { return {}; }

  bool done() const { return done_; }
  void set_phase(Phase p) { phase_ = p; }

  void finish(FetchStatus status, std::string body, std::string error, int http_status = 0) {
    if (done_) return;
    done_ = true;
    error_code ignored;
    deadline_.cancel();
    resolver_.cancel();
    socket_.shutdown(tcp::socket::shutdown_both, ignored);
    socket_.close(ignored);
    FetchResult r;
    r.status = status;
    r.body = std::move(body);
    r.error = std::move(error);
    r.http_status = http_status;
    r.elapsed_ms = std::chrono::duration_cast<std::chrono::milliseconds>(
                       std::chrono::steady_clock::now() - started_)
                       .count();
    FetchCallback callback = std::move(done_callback_);
    callback(std::move(r));
  }

  // A socket error: unreachable kinds are Unreachable, the rest Error.
  void fail(const error_code& ec, const std::string& what) {
    finish(is_unreachable(ec) ? FetchStatus::Unreachable : FetchStatus::Error, partial_body(),
           what + describe(ec));
  }

  tcp::socket& socket() { return socket_; }
  const FetchLimits& limits() const { return limits_; }
  const std::string& host() const { return host_; }

 private:
  void on_resolve(const error_code& ec, tcp::resolver::results_type results) {
    if (done_) return;
    if (ec) {
      finish(FetchStatus::Unreachable, {}, "name not found: " + host_ + " (" + describe(ec) + ")");
      return;
    }
    phase_ = Phase::Connecting;
    auto self = shared_from_this();
    asio::async_connect(socket_, results, [self](const error_code& cec, const tcp::endpoint&) {
      if (self->done_) return;
      if (cec) {
        self->fail(cec, "");
        return;
      }
      self->phase_ = Phase::Sending;
      self->on_connected();
    });
  }

  void on_deadline() {
    if (done_) return;
    const std::string ms = std::to_string(limits_.timeout_ms) + " ms";
    std::string message;
    switch (phase_) {
      case Phase::Resolving: message = "could not resolve " + host_ + " within " + ms; break;
      case Phase::Connecting: message = "no connection within " + ms; break;
      case Phase::Sending:
      case Phase::Reading:
        message = "no complete answer within " + ms + " (" + std::to_string(bytes_so_far()) +
                  " bytes so far)";
        break;
    }
    finish(FetchStatus::Timeout, partial_body(), message);
  }

  tcp::resolver resolver_;
  tcp::socket socket_;
  asio::steady_timer deadline_;
  std::string host_;
  std::uint16_t port_;
  FetchLimits limits_;
  FetchCallback done_callback_;
  std::chrono::steady_clock::time_point started_;
  Phase phase_ = Phase::Resolving;
  bool done_ = false;
};

// ---- four-letter words -------------------------------------------------------------------

// Writes the word and reads until EOF: ZooKeeper closes the connection after each reply.
class FourLetterFetch final : public Fetch {
 public:
  FourLetterFetch(asio::io_context& io, const std::string& host, std::uint16_t port,
                  std::string_view word, FetchLimits limits, FetchCallback done)
      : Fetch(io, host, port, limits, std::move(done)), word_(word) {}

 private:
  void on_connected() override {
    auto self = std::static_pointer_cast<FourLetterFetch>(shared_from_this());
    asio::async_write(socket(), asio::buffer(word_), [self](const error_code& ec, std::size_t) {
      if (self->done()) return;
      if (ec) {
        self->fail(ec, "sending " + self->word_ + ": ");
        return;
      }
      self->set_phase(Phase::Reading);
      self->read_more();
    });
  }

  void read_more() {
    auto self = std::static_pointer_cast<FourLetterFetch>(shared_from_this());
    socket().async_read_some(asio::buffer(chunk_),
                             [self](const error_code& ec, std::size_t n) { self->on_read(ec, n); });
  }

  void on_read(const error_code& ec, std::size_t n) {
    if (done()) return;
    body_.append(chunk_.data(), n);
    if (body_.size() > limits().max_bytes) {
      body_.resize(limits().max_bytes);
      finish(FetchStatus::TooLarge, std::move(body_),
             "the answer is larger than " + std::to_string(limits().max_bytes) + " bytes");
      return;
    }
    if (!ec) {
      read_more();
      return;
    }
    if (ec == asio::error::eof) {
      finish(FetchStatus::Ok, std::move(body_), {});
    } else if (ec == asio::error::connection_reset && !body_.empty()) {
      // A reset after bytes is still the end of the reply as far as we can tell; the parser
      // decides whether it is whole.
      finish(FetchStatus::Ok, std::move(body_),
             "connection reset after " + std::to_string(body_.size()) + " bytes");
    } else {
      fail(ec, "reading the answer to " + word_ + ": ");
    }
  }

  std::size_t bytes_so_far() const override { return body_.size(); }
  std::string partial_body() override { return std::move(body_); }

  std::string word_;
  std::string body_;
  std::array<char, 16384> chunk_{};
};

// ---- AdminServer -------------------------------------------------------------------------

class AdminFetch final : public Fetch {
 public:
  AdminFetch(asio::io_context& io, const std::string& host, std::uint16_t port,
             std::string_view command, FetchLimits limits, FetchCallback done)
      : Fetch(io, host, port, limits, std::move(done)),
        target_("/commands/" + std::string(command)),
        buffer_(limits.max_bytes) {
    request_.method(http::verb::get);
    request_.target(target_);
    request_.version(11);
    // An IPv6 literal goes in brackets in a Host header ("[::1]:8080", RFC 7230 5.4).
    const bool ipv6 = this->host().find(':') != std::string::npos;
    request_.set(http::field::host,
                 (ipv6 ? "[" + this->host() + "]" : this->host()) + ":" + std::to_string(port));
    request_.set(http::field::user_agent, "zooscope");
    request_.set(http::field::accept, "application/json");
    request_.set(http::field::connection, "close");
    parser_.body_limit(limits.max_bytes);
    // Jetty's headers are small; a header this big is not an AdminServer's.
    parser_.header_limit(
        static_cast<std::uint32_t>(std::min<std::size_t>(limits.max_bytes, 64 << 10)));
  }

 private:
  void on_connected() override {
    auto self = std::static_pointer_cast<AdminFetch>(shared_from_this());
    http::async_write(socket(), request_, [self](const error_code& ec, std::size_t) {
      if (self->done()) return;
      if (ec) {
        self->fail(ec, "sending GET " + self->target_ + ": ");
        return;
      }
      self->set_phase(Phase::Reading);
      http::async_read(self->socket(), self->buffer_, self->parser_,
                       [self](const error_code& rec, std::size_t n) { self->on_read(rec, n); });
    });
  }

  void on_read(const error_code& ec, std::size_t) {
    if (done()) return;
    if (!ec) {
      const int status = static_cast<int>(parser_.get().result_int());
      finish(FetchStatus::Ok, std::move(parser_.get().body()), {}, status);
      return;
    }
    if (ec == http::error::body_limit || ec == http::error::header_limit ||
        ec == http::error::buffer_overflow) {
      finish(FetchStatus::TooLarge, {},
             "the answer is larger than " + std::to_string(limits().max_bytes) + " bytes");
      return;
    }
    const bool http_category =
        ec.category() == boost::beast::http::make_error_code(http::error::bad_version).category();
    if (http_category && ec != http::error::partial_message && ec != http::error::end_of_stream) {
      // Not HTTP: say what it looked like (an SSH banner, a ZooKeeper reply, binary).
      std::string seen = raw_bytes();
      const std::string what =
          seen.empty() ? std::string("nothing readable") : wire::describe_foreign(target_, seen);
      finish(FetchStatus::Error, std::move(seen), "not an HTTP answer: " + what);
      return;
    }
    if (ec == http::error::end_of_stream || ec == asio::error::eof) {
      finish(FetchStatus::Error, raw_bytes(), "the server closed the connection without an answer");
      return;
    }
    if (ec == http::error::partial_message) {
      finish(FetchStatus::Error, raw_bytes(),
             "the answer was cut short (" + std::to_string(bytes_so_far()) + " bytes)");
      return;
    }
    fail(ec, "reading GET " + target_ + ": ");
  }

  std::string raw_bytes() const {
    const auto data = buffer_.cdata();
    return std::string(static_cast<const char*>(data.data()), data.size());
  }

  std::size_t bytes_so_far() const override {
    return buffer_.size() + (parser_.is_header_done() ? parser_.get().body().size() : 0);
  }

  std::string target_;
  http::request<http::empty_body> request_;
  boost::beast::flat_buffer buffer_;
  http::response_parser<http::string_body> parser_;
};

}  // namespace

std::string_view to_string(FetchStatus s) {
  switch (s) {
    case FetchStatus::Ok: return "ok";
    case FetchStatus::Unreachable: return "unreachable";
    case FetchStatus::Timeout: return "timeout";
    case FetchStatus::TooLarge: return "too-large";
    case FetchStatus::Error: return "error";
  }
  return "?";
}

void fetch_four_letter(asio::io_context& io, const std::string& host, std::uint16_t port,
                       std::string_view word, FetchLimits limits, FetchCallback done) {
  std::make_shared<FourLetterFetch>(io, host, port, word, limits, std::move(done))->start();
}

void fetch_admin(asio::io_context& io, const std::string& host, std::uint16_t port,
                 std::string_view command, FetchLimits limits, FetchCallback done) {
  std::make_shared<AdminFetch>(io, host, port, command, limits, std::move(done))->start();
}

}  // namespace zs::attach

// The fetchers against small fake servers on 127.0.0.1 (ports the OS picks): every fault the
// issue lists ends within its bound with the status a user is told, and the bytes of answers
// that are not ZooKeeper's are described by the pure classifier. Everything, fake servers
// included, runs on one io_context on the test thread; every run is bounded by run_for.
#include "attach/probe.hpp"

#include <gtest/gtest.h>

#include <array>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/read.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/write.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/http.hpp>
#include <chrono>
#include <functional>
#include <memory>
#include <optional>
#include <string>

#include "wire/admin_json.hpp"
#include "wire/four_letter.hpp"

namespace zs::attach {
namespace {

namespace asio = boost::asio;
namespace http = boost::beast::http;
using tcp = asio::ip::tcp;
using boost::system::error_code;
using namespace std::chrono_literals;

// One accepted connection of a fake server; `behave` decides what it does with it.
using Behaviour = std::function<void(std::shared_ptr<tcp::socket>)>;

// Listens on 127.0.0.1:<OS-picked port> and hands each connection to `behave`. Sockets are
// kept alive here so that a "silent" server stays silent until the test ends.
class FakeServer {
 public:
  FakeServer(asio::io_context& io, Behaviour behave)
      : io_(io),
        acceptor_(io, tcp::endpoint(asio::ip::make_address("127.0.0.1"), 0)),
        behave_(std::move(behave)) {
    accept();
  }
  std::uint16_t port() const { return acceptor_.local_endpoint().port(); }

 private:
  void accept() {
    auto socket = std::make_shared<tcp::socket>(io_);
    acceptor_.async_accept(*socket, [this, socket](const error_code& ec) {
      if (ec) return;
      kept_.push_back(socket);
      behave_(socket);
      accept();
    });
  }
  asio::io_context& io_;
  tcp::acceptor acceptor_;
  Behaviour behave_;
  std::vector<std::shared_ptr<tcp::socket>> kept_;
};

// Reads the 4 bytes of the word, then writes `reply` and closes (what ZooKeeper does).
Behaviour reply_and_close(std::string reply) {
  return [reply = std::make_shared<std::string>(std::move(reply))](auto socket) {
    auto word = std::make_shared<std::array<char, 4>>();
    asio::async_read(*socket, asio::buffer(*word), [socket, reply, word](error_code, std::size_t) {
      asio::async_write(*socket, asio::buffer(*reply), [socket, reply](error_code, std::size_t) {
        error_code ignored;
        socket->shutdown(tcp::socket::shutdown_both, ignored);
        socket->close(ignored);
      });
    });
  };
}

// Writes `reply` at once on accept and keeps the connection open (a banner, like SSH).
Behaviour banner(std::string text) {
  return [text = std::make_shared<std::string>(std::move(text))](auto socket) {
    asio::async_write(*socket, asio::buffer(*text), [socket, text](error_code, std::size_t) {});
  };
}

// Writes 64 KiB chunks for as long as the peer reads (a 2 GB answer, never finished here).
void flood(std::shared_ptr<tcp::socket> socket, std::shared_ptr<std::string> chunk,
           std::shared_ptr<std::size_t> sent) {
  asio::async_write(*socket, asio::buffer(*chunk),
                    [socket, chunk, sent](const error_code& ec, std::size_t n) {
                      if (ec) return;
                      *sent += n;
                      flood(socket, chunk, sent);
                    });
}

// One byte of `text` per second, from the start again at its end, forever.
void trickle(std::shared_ptr<tcp::socket> socket, std::shared_ptr<asio::steady_timer> timer,
             std::shared_ptr<const std::string> text, std::size_t at = 0) {
  asio::async_write(*socket, asio::buffer(text->data() + at % text->size(), 1),
                    [socket, timer, text, at](const error_code& ec, std::size_t) {
                      if (ec) return;
                      timer->expires_after(1s);
                      timer->async_wait([socket, timer, text, at](const error_code& tec) {
                        if (!tec) trickle(socket, timer, text, at + 1);
                      });
                    });
}

// An AdminServer-like HTTP server (Beast): answers each GET with `status` and `body`, and
// remembers the target it was asked for.
Behaviour http_server(int status, std::string body, std::shared_ptr<std::string> target_seen) {
  return [status, body, target_seen](std::shared_ptr<tcp::socket> socket) {
    auto buffer = std::make_shared<boost::beast::flat_buffer>();
    auto request = std::make_shared<http::request<http::string_body>>();
    http::async_read(
        *socket, *buffer, *request,
        [socket, buffer, request, status, body, target_seen](error_code ec, std::size_t) {
          if (ec) return;
          *target_seen = std::string(request->target());
          auto response = std::make_shared<http::response<http::string_body>>(
              static_cast<http::status>(status), 11);
          response->set(http::field::content_type, "application/json");
          response->body() = body;
          response->prepare_payload();
          http::async_write(*socket, *response, [socket, response](error_code, std::size_t) {
            error_code ignored;
            socket->shutdown(tcp::socket::shutdown_both, ignored);
          });
        });
  };
}

// Runs one fetch to its callback, bounded by `bound`; the callback must come exactly once.
struct Outcome {
  std::optional<FetchResult> result;
  int calls = 0;
  std::chrono::milliseconds wall{0};
};

template <class Start>
Outcome run(asio::io_context& io, Start start, std::chrono::milliseconds bound = 10s) {
  Outcome r;
  const auto t0 = std::chrono::steady_clock::now();
  start([&r, &io](FetchResult f) {
    ++r.calls;
    r.result = std::move(f);
    io.stop();
  });
  io.run_for(bound);
  r.wall =
      std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - t0);
  // Let the fetch's own cleanup handlers run: a second callback would show up here.
  io.restart();
  io.run_for(50ms);
  return r;
}

Outcome four_letter(asio::io_context& io, std::uint16_t port, std::string word,
                    FetchLimits limits = {}) {
  return run(io, [&](FetchCallback cb) {
    fetch_four_letter(io, "127.0.0.1", port, word, limits, std::move(cb));
  });
}

Outcome admin(asio::io_context& io, std::uint16_t port, std::string command,
              FetchLimits limits = {}) {
  return run(io, [&](FetchCallback cb) {
    fetch_admin(io, "127.0.0.1", port, command, limits, std::move(cb));
  });
}

// A port nothing listens on: bound by the OS, then closed.
std::uint16_t closed_port(asio::io_context& io) {
  tcp::acceptor a(io, tcp::endpoint(asio::ip::make_address("127.0.0.1"), 0));
  const std::uint16_t port = a.local_endpoint().port();
  a.close();
  return port;
}

// ---- four-letter words -------------------------------------------------------------------

TEST(ProbeFourLetter, WholeAnswerIsOkAndParses) {
  asio::io_context io;
  const std::string srvr =
      "Zookeeper version: 3.8.0\nLatency min/avg/max: 0/0.0/0\nReceived: 1\nSent: 0\n"
      "Connections: 1\nOutstanding: 0\nZxid: 0x100000005\nMode: follower\nNode count: 8\n";
  FakeServer server(io, reply_and_close(srvr));
  Outcome r = four_letter(io, server.port(), "srvr");
  ASSERT_EQ(r.calls, 1);
  EXPECT_EQ(r.result->status, FetchStatus::Ok) << r.result->error;
  EXPECT_EQ(r.result->body, srvr);
  auto parsed = wire::parse_srvr(r.result->body);
  ASSERT_TRUE(parsed.ok());
  EXPECT_EQ(parsed->zxid, Zxid(0x100000005));
  EXPECT_LT(r.wall, 1s);
}

TEST(ProbeFourLetter, RefusedPortIsUnreachable) {
  asio::io_context io;
  Outcome r = four_letter(io, closed_port(io), "srvr");
  ASSERT_EQ(r.calls, 1);
  EXPECT_EQ(r.result->status, FetchStatus::Unreachable);
  EXPECT_EQ(r.result->error, "connection refused");
  EXPECT_LT(r.wall, 1s);
}

TEST(ProbeFourLetter, UnknownHostNameIsUnreachable) {
  asio::io_context io;
  Outcome r = run(io, [&](FetchCallback cb) {
    fetch_four_letter(io, "no-such-host.invalid", 2181, "srvr", {}, std::move(cb));
  });
  ASSERT_EQ(r.calls, 1);
  // The resolver may also give up at the deadline on a machine whose DNS does not answer.
  EXPECT_TRUE(r.result->status == FetchStatus::Unreachable ||
              r.result->status == FetchStatus::Timeout)
      << to_string(r.result->status);
  EXPECT_NE(r.result->error.find("no-such-host.invalid"), std::string::npos) << r.result->error;
  EXPECT_LE(r.wall, 3500ms);
}

TEST(ProbeFourLetter, SilentServerTimesOutWithinTheDefaultThreeSeconds) {
  asio::io_context io;
  FakeServer server(io, [](auto) {});  // accepts, reads nothing, says nothing
  Outcome r = four_letter(io, server.port(), "srvr");
  ASSERT_EQ(r.calls, 1);
  EXPECT_EQ(r.result->status, FetchStatus::Timeout);
  EXPECT_EQ(r.result->error, "no complete answer within 3000 ms (0 bytes so far)");
  EXPECT_GE(r.result->elapsed_ms, 2990);
  EXPECT_LE(r.wall, 3500ms);
}

TEST(ProbeFourLetter, OneBytePerSecondTimesOut) {
  asio::io_context io;
  FakeServer server(io, [&io](auto socket) {
    trickle(socket, std::make_shared<asio::steady_timer>(io),
            std::make_shared<const std::string>("Zookeeper version: 3.8.0\n"));
  });
  Outcome r = four_letter(io, server.port(), "srvr", FetchLimits{1500, 4 << 20});
  ASSERT_EQ(r.calls, 1);
  EXPECT_EQ(r.result->status, FetchStatus::Timeout);
  EXPECT_EQ(r.result->body, "Zo");  // at 0 s and 1 s
  EXPECT_EQ(r.result->error, "no complete answer within 1500 ms (2 bytes so far)");
  EXPECT_LE(r.wall, 2000ms);
}

TEST(ProbeFourLetter, ReplyCutShortIsOkAndTheParserSaysWhatIsMissing) {
  // A close mid-reply cannot be told from a short reply (ZooKeeper closes after every one).
  asio::io_context io;
  FakeServer server(io, reply_and_close("Zookeeper version: 3.8.0\nLatency min/avg/max: 0/0.0/0\n"
                                        "Received: 1\nSe"));
  Outcome r = four_letter(io, server.port(), "srvr");
  ASSERT_EQ(r.calls, 1);
  EXPECT_EQ(r.result->status, FetchStatus::Ok);
  EXPECT_EQ(wire::classify_four_letter("srvr", r.result->body).kind, wire::FourLetterKind::Answer);
  auto parsed = wire::parse_srvr(r.result->body);
  ASSERT_FALSE(parsed.ok());
  EXPECT_EQ(parsed.error().to_string(), "srvr:4: expected \"Key: value\", got \"Se\"");
}

TEST(ProbeFourLetter, GarbageBytesAreNotZooKeeper) {
  asio::io_context io;
  FakeServer server(io, reply_and_close(std::string("\x16\x03\x01\x00\xa5\x01\x00\x00", 8)));
  Outcome r = four_letter(io, server.port(), "mntr");
  ASSERT_EQ(r.calls, 1);
  EXPECT_EQ(r.result->status, FetchStatus::Ok);
  auto c = wire::classify_four_letter("mntr", r.result->body);
  EXPECT_EQ(c.kind, wire::FourLetterKind::NotZooKeeper);
  EXPECT_EQ(c.description, "8 bytes that are not text");
}

TEST(ProbeFourLetter, EndlessAnswerStopsAtMaxBytes) {
  // A server promising 2 GB: the fetch keeps max_bytes and stops reading.
  asio::io_context io;
  auto sent = std::make_shared<std::size_t>(0);
  FakeServer server(io, [sent](auto socket) {
    flood(socket, std::make_shared<std::string>(64 << 10, 'x'), sent);
  });
  const FetchLimits limits{3000, 1 << 20};
  Outcome r = four_letter(io, server.port(), "dump", limits);
  ASSERT_EQ(r.calls, 1);
  EXPECT_EQ(r.result->status, FetchStatus::TooLarge);
  EXPECT_EQ(r.result->body.size(), limits.max_bytes);
  EXPECT_EQ(r.result->error, "the answer is larger than 1048576 bytes");
  EXPECT_LT(*sent, std::size_t{64} << 20);  // stopped long before 2 GB
  EXPECT_LT(r.wall, 2s);
}

TEST(ProbeFourLetter, HttpServerOnTheClientPortIsNotZooKeeper) {
  asio::io_context io;
  FakeServer server(io, reply_and_close("HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\n"
                                        "Connection: close\r\n\r\n"));
  Outcome r = four_letter(io, server.port(), "srvr");
  ASSERT_EQ(r.calls, 1);
  EXPECT_EQ(r.result->status, FetchStatus::Ok);
  auto c = wire::classify_four_letter("srvr", r.result->body);
  EXPECT_EQ(c.kind, wire::FourLetterKind::NotZooKeeper);
  EXPECT_EQ(c.description, "an HTTP server (HTTP/1.1 400 Bad Request)");
}

TEST(ProbeFourLetter, SshBannerThenSilenceTimesOutWithTheBannerToDescribe) {
  // sshd sends its banner and waits for ours: no EOF, so Timeout; the bytes still say "SSH".
  asio::io_context io;
  FakeServer server(io, banner("SSH-2.0-OpenSSH_9.2p1 Debian-2+deb12u3\r\n"));
  Outcome r = four_letter(io, server.port(), "srvr", FetchLimits{1000, 4 << 20});
  ASSERT_EQ(r.calls, 1);
  EXPECT_EQ(r.result->status, FetchStatus::Timeout);
  EXPECT_EQ(wire::classify_four_letter("srvr", r.result->body).description,
            "an SSH server (SSH-2.0-OpenSSH_9.2p1 Debian-2+deb12u3)");
  EXPECT_LE(r.wall, 1500ms);
}

TEST(ProbeFourLetter, ClosedWithoutAByteIsOkAndEmpty) {
  asio::io_context io;
  FakeServer server(io, reply_and_close(""));
  Outcome r = four_letter(io, server.port(), "abcd");
  ASSERT_EQ(r.calls, 1);
  EXPECT_EQ(r.result->status, FetchStatus::Ok);
  EXPECT_EQ(wire::classify_four_letter("abcd", r.result->body).kind, wire::FourLetterKind::Empty);
}

// ---- AdminServer -------------------------------------------------------------------------

TEST(ProbeAdmin, JsonAnswerIsOkWithItsStatus) {
  asio::io_context io;
  auto target = std::make_shared<std::string>();
  const std::string json =
      R"({"is_leader" : false, "leader_id" : 2, "leader_ip" : "127.0.0.1", )"
      R"("command" : "leader", "error" : null})";
  FakeServer server(io, http_server(200, json, target));
  Outcome r = admin(io, server.port(), "leader");
  ASSERT_EQ(r.calls, 1);
  EXPECT_EQ(r.result->status, FetchStatus::Ok) << r.result->error;
  EXPECT_EQ(r.result->http_status, 200);
  EXPECT_EQ(*target, "/commands/leader");
  auto parsed = wire::parse_admin_leader(r.result->http_status, r.result->body);
  ASSERT_TRUE(parsed.ok());
  EXPECT_EQ(parsed->value->leader_id, 2);
  EXPECT_LT(r.wall, 1s);
}

TEST(ProbeAdmin, Http500IsOkWithTheStatusAndParsesAsAState) {
  asio::io_context io;
  auto target = std::make_shared<std::string>();
  FakeServer server(io, http_server(500,
                                    "<html><head><title>Error 500 java.lang.NullPointerException: "
                                    "Cannot invoke &quot;x&quot; because &quot;zkServer&quot; is "
                                    "null</title></head></html>",
                                    target));
  Outcome r = admin(io, server.port(), "monitor");
  ASSERT_EQ(r.calls, 1);
  EXPECT_EQ(r.result->status, FetchStatus::Ok);
  EXPECT_EQ(r.result->http_status, 500);
  auto parsed = wire::parse_admin_monitor(r.result->http_status, r.result->body);
  ASSERT_TRUE(parsed.ok());
  EXPECT_EQ(parsed->status.state, wire::AdminState::NotServing);
}

TEST(ProbeAdmin, Http404IsOkWithTheStatus) {
  asio::io_context io;
  auto target = std::make_shared<std::string>();
  FakeServer server(io, http_server(404, "not found", target));
  Outcome r = admin(io, server.port(), "no_such_command");
  ASSERT_EQ(r.calls, 1);
  EXPECT_EQ(r.result->status, FetchStatus::Ok);
  EXPECT_EQ(r.result->http_status, 404);
  EXPECT_EQ(*target, "/commands/no_such_command");
}

TEST(ProbeAdmin, RefusedPortIsUnreachable) {
  // Newer releases turn the AdminServer off: a closed port is a normal state.
  asio::io_context io;
  Outcome r = admin(io, closed_port(io), "voting_view");
  ASSERT_EQ(r.calls, 1);
  EXPECT_EQ(r.result->status, FetchStatus::Unreachable);
  EXPECT_EQ(r.result->error, "connection refused");
}

TEST(ProbeAdmin, NonHttpAnswerIsAnErrorSayingWhatItWas) {
  asio::io_context io;
  FakeServer server(io, banner("SSH-2.0-OpenSSH_9.2p1\r\n"));
  Outcome r = admin(io, server.port(), "voting_view");
  ASSERT_EQ(r.calls, 1);
  EXPECT_EQ(r.result->status, FetchStatus::Error);
  EXPECT_EQ(r.result->error, "not an HTTP answer: an SSH server (SSH-2.0-OpenSSH_9.2p1)");
  EXPECT_LT(r.wall, 1s);
}

TEST(ProbeAdmin, ZooKeeperClientPortAsAdminPortIsNotHttp) {
  // A user who gives the client port as the AdminServer's: ZooKeeper reads "GET " as a
  // length, finds it too large and closes without a byte.
  asio::io_context io;
  FakeServer server(io, reply_and_close(""));
  Outcome r = admin(io, server.port(), "leader");
  ASSERT_EQ(r.calls, 1);
  EXPECT_EQ(r.result->status, FetchStatus::Error);
  EXPECT_EQ(r.result->error, "the server closed the connection without an answer");
}

TEST(ProbeAdmin, SilentServerTimesOut) {
  asio::io_context io;
  FakeServer server(io, [](auto) {});
  Outcome r = admin(io, server.port(), "leader", FetchLimits{1000, 4 << 20});
  ASSERT_EQ(r.calls, 1);
  EXPECT_EQ(r.result->status, FetchStatus::Timeout);
  EXPECT_EQ(r.result->error, "no complete answer within 1000 ms (0 bytes so far)");
  EXPECT_LE(r.wall, 1500ms);
}

TEST(ProbeAdmin, TwoGigabyteContentLengthIsTooLargeAtOnce) {
  asio::io_context io;
  auto sent = std::make_shared<std::size_t>(0);
  FakeServer server(io, [sent](auto socket) {
    auto head = std::make_shared<std::string>(
        "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 2147483648\r\n\r\n");
    asio::async_write(*socket, asio::buffer(*head),
                      [socket, head, sent](error_code ec, std::size_t) {
                        if (!ec) flood(socket, std::make_shared<std::string>(64 << 10, '{'), sent);
                      });
  });
  Outcome r = admin(io, server.port(), "monitor");
  ASSERT_EQ(r.calls, 1);
  EXPECT_EQ(r.result->status, FetchStatus::TooLarge);
  EXPECT_LT(*sent, std::size_t{64} << 20);
  EXPECT_LT(r.wall, 2s);
}

TEST(ProbeAdmin, ChunkedEndlessBodyIsTooLargeAtMaxBytes) {
  asio::io_context io;
  auto sent = std::make_shared<std::size_t>(0);
  FakeServer server(io, [sent](auto socket) {
    auto head =
        std::make_shared<std::string>("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n");
    asio::async_write(*socket, asio::buffer(*head),
                      [socket, head, sent](error_code ec, std::size_t) {
                        std::string chunk = "10000\r\n" + std::string(0x10000, 'x') + "\r\n";
                        if (!ec) flood(socket, std::make_shared<std::string>(chunk), sent);
                      });
  });
  Outcome r = admin(io, server.port(), "monitor", FetchLimits{3000, 1 << 20});
  ASSERT_EQ(r.calls, 1);
  EXPECT_EQ(r.result->status, FetchStatus::TooLarge);
  EXPECT_GE(*sent, std::size_t{1} << 20);
  EXPECT_LT(*sent, std::size_t{64} << 20);
  EXPECT_LT(r.wall, 2s);
}

TEST(ProbeAdmin, OneBytePerSecondTimesOut) {
  asio::io_context io;
  FakeServer server(io, [&io](auto socket) {
    trickle(socket, std::make_shared<asio::steady_timer>(io),
            std::make_shared<const std::string>("HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\n{}"));
  });
  Outcome r = admin(io, server.port(), "leader", FetchLimits{1500, 4 << 20});
  ASSERT_EQ(r.calls, 1);
  // "HT" of a valid answer at 1 byte/s: the parser waits for more, then time is up.
  EXPECT_EQ(r.result->status, FetchStatus::Timeout);
  EXPECT_EQ(r.result->error, "no complete answer within 1500 ms (2 bytes so far)");
  EXPECT_LE(r.wall, 2000ms);
}

}  // namespace
}  // namespace zs::attach

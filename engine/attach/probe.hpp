// Fetchers for what a ZooKeeper server tells outsiders: a four-letter word's answer on the
// client port, and an AdminServer command over HTTP (Boost.Beast). They only move bytes, with
// one overall deadline and a byte cap, so a dead, silent, trickling, flooding or foreign
// server costs at most `timeout_ms` and `max_bytes`; what the bytes mean is decided by the
// pure parsers in wire/four_letter.hpp and wire/admin_json.hpp.
//
// Everything runs on the caller's io_context (name resolution included); the callback is
// called exactly once, on that io_context's thread, provided the io_context keeps running
// until then (stopping or destroying it first drops the callback with the operation).
#pragma once

#include <boost/asio/io_context.hpp>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <string>
#include <string_view>

namespace zs::attach {

struct FetchLimits {
  std::int32_t timeout_ms = 3000;      // the whole fetch: resolve, connect, send, read
  std::size_t max_bytes = 4 << 20;     // answer bytes kept; more is TooLarge
};

enum class FetchStatus {
  Ok,           // a whole answer: the 4lw server closed the connection (a reply cut short by
                // a close is indistinguishable from a short reply: the parser says what is
                // missing), or a complete HTTP response of any status (see http_status)
  Unreachable,  // connection refused, no route, host or network unreachable, name not found
  Timeout,      // no complete answer in time (silent server, one byte per second, ...)
  TooLarge,     // more than max_bytes (body holds the first max_bytes)
  Error,        // another socket error, or (AdminServer) an answer that is not HTTP
};
std::string_view to_string(FetchStatus s);  // "ok", "unreachable", "timeout", ...

struct FetchResult {
  FetchStatus status = FetchStatus::Error;
  std::string body;   // the bytes read (4lw: all of them; HTTP: the body, or for a non-HTTP
                      // answer the bytes that were not HTTP)
  std::string error;  // for people: "connection refused", "no complete answer within
                      // 3000 ms (17 bytes so far)"; may be set with Ok as a note
  std::int64_t elapsed_ms = 0;
  int http_status = 0;  // fetch_admin with Ok: 200, 404, 500, ...
};

using FetchCallback = std::function<void(FetchResult)>;

// Sends `word` (e.g. "srvr") to host:port and reads until the server closes the connection.
void fetch_four_letter(boost::asio::io_context& io, const std::string& host, std::uint16_t port,
                       std::string_view word, FetchLimits limits, FetchCallback done);

// GET /commands/<command> (e.g. "voting_view") from the AdminServer at host:port.
void fetch_admin(boost::asio::io_context& io, const std::string& host, std::uint16_t port,
                 std::string_view command, FetchLimits limits, FetchCallback done);

}  // namespace zs::attach

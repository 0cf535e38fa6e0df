// libFuzzer target for the client-port decoders: the first byte picks the opcode the reply
// answers, the rest is a byte stream from a server cut into frames by FrameSplitter (in
// chunks, as sockets deliver them); each frame goes to decode_reply, decode_watch_event,
// decode_connect_response and decode_request. Whatever decodes must re-encode to something
// that decodes to the same bytes again. Any crash or sanitizer report is a bug.
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <string_view>

#include "wire/client_codec.hpp"

namespace {

void require(bool ok, const char* what) {
  if (ok) return;
  std::fprintf(stderr, "fuzz_jute_reply: property broken: %s\n", what);
  __builtin_trap();
}

constexpr std::int32_t kOps[] = {1,  2,  3,  4,  5,  6,   7,   8,   9,   11,  12, 13,
                                 14, 15, 18, 19, 21, 100, 101, 103, 105, 106, -11};

void decode_all(std::string_view body, std::int32_t op) {
  auto reply = zs::wire::decode_reply(body, op);
  if (reply.ok()) {
    const std::string again =
        zs::wire::encode_reply(reply->xid, reply->zxid, reply->err, op, reply->result);
    auto twice = zs::wire::decode_reply(again, op);
    require(twice.ok(), "a re-encoded reply does not decode");
    require(zs::wire::encode_reply(twice->xid, twice->zxid, twice->err, op, twice->result) == again,
            "re-encoding a reply is not stable");
  } else {
    require(!reply.error().message.empty(), "a rejected reply has no message");
  }
  (void)zs::wire::decode_watch_event(body);
  auto conn = zs::wire::decode_connect_response(body);
  if (conn.ok()) {
    auto back = zs::wire::decode_connect_response(zs::wire::encode_connect_response(conn.value()));
    require(back.ok() && back.value() == conn.value(), "connect response round trip");
  }
  auto req = zs::wire::decode_request(body);
  if (req.ok() && req->call) {
    auto enc = zs::wire::encode_request(req->xid, *req->call);
    if (enc.ok()) require(zs::wire::decode_request(enc.value()).ok(), "re-encoded request");
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size == 0) return 0;
  const std::int32_t op = kOps[data[0] % (sizeof(kOps) / sizeof(kOps[0]))];
  std::string_view stream(reinterpret_cast<const char*>(data) + 1, size - 1);
  // Small frames keep the fuzzer fast; the limit itself is what is being tested.
  zs::wire::FrameSplitter splitter(4096);
  const std::size_t chunk = 1 + data[0] / 16;
  while (!stream.empty()) {
    const std::size_t n = stream.size() < chunk ? stream.size() : chunk;
    splitter.feed(stream.substr(0, n));
    stream.remove_prefix(n);
    while (true) {
      auto f = splitter.next();
      if (!f.ok()) return 0;
      if (!f.value()) break;
      decode_all(*f.value(), op);
    }
    require(splitter.buffered() <= 4096 + 4 + chunk, "the splitter holds more than one frame");
  }
  return 0;
}

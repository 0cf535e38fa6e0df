// The client port's messages (reference §6.3, §6.4; zookeeper.jute) in both directions:
// what a client sends (connect, requests, ping, auth, SetWatches, closeSession) and what a
// server answers (connect response, replies, watch events). Clients use the request
// encoders and reply decoders; tests and fake servers use the other half. Bodies only: put
// frame() around them to send, and use FrameSplitter to cut them out of a stream.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "core/result.hpp"
#include "data/client_protocol.hpp"
#include "wire/jute.hpp"

namespace zs::wire {

// Special xids (ClientCnxn): server-initiated watch events, pings, auth, SetWatches.
inline constexpr std::int32_t kNotificationXid = -1;
inline constexpr std::int32_t kPingXid = -2;
// kAuthXid (-4) and kSetWatchesXid (-8) are in data/client_protocol.hpp.

// Opcodes the engine's opcode:: namespace does not list (ZooDefs.OpCode).
namespace op {
inline constexpr std::int32_t kCheckWatches = 17;
inline constexpr std::int32_t kRemoveWatches = 18;
inline constexpr std::int32_t kAuth = 100;
inline constexpr std::int32_t kSetWatches = 101;
inline constexpr std::int32_t kSetWatches2 = 105;
inline constexpr std::int32_t kAddWatch = 106;
inline constexpr std::int32_t kGetEphemerals = opcode::kGetEphemerals;
inline constexpr std::int32_t kGetAllChildrenNumber = opcode::kGetAllChildrenNumber;
inline constexpr std::int32_t kWhoAmI = opcode::kWhoAmI;
}  // namespace op

inline constexpr std::size_t kPasswordBytes = 16;

// ConnectRequest + the trailing readOnly flag every 3.x client sends (45-byte frame).
struct ConnectRequestRecord {
  std::int32_t protocol_version = 0;
  Zxid last_zxid_seen{};
  std::int32_t timeout_ms = 30000;
  std::int64_t session_id = 0;                               // 0 = a new session
  std::string password = std::string(kPasswordBytes, '\0');  // zeros for a new session
  bool read_only = false;     // canBeReadOnly: a read-only server may take this session
  bool has_read_only = true;  // false: the flag is absent (pre-3.4 clients)
  friend bool operator==(const ConnectRequestRecord&, const ConnectRequestRecord&) = default;
};

// ConnectResponse (+ readOnly when the client sent one: 37 bytes, else 36). timeout 0 and
// session 0 mean the session has expired.
struct ConnectResponseRecord {
  std::int32_t protocol_version = 0;
  std::int32_t timeout_ms = 0;
  std::int64_t session_id = 0;
  std::string password = std::string(kPasswordBytes, '\0');
  bool read_only = false;
  bool has_read_only = true;
  friend bool operator==(const ConnectResponseRecord&, const ConnectResponseRecord&) = default;
};

std::string encode_connect_request(const ConnectRequestRecord& r);
Result<ConnectRequestRecord> decode_connect_request(std::string_view body);
std::string encode_connect_response(const ConnectResponseRecord& r);
Result<ConnectResponseRecord> decode_connect_response(std::string_view body);

// --- client -> server --------------------------------------------------------------------

// The opcode `call` travels with: reads their op, creates their type (or the one their flags
// pick, as ZooKeeper.create does), SetWatches 101 or 105 (105 when it carries persistent
// watches), closeSession -11. -1 for what is not a client request (ConnectRequest,
// createSession, deleteContainer).
std::int32_t opcode_of(const ClientCall& call);

// RequestHeader{xid, type} + the request record. An error for calls a client cannot send.
Result<std::string> encode_request(std::int32_t xid, const ClientCall& call);
std::string encode_ping();                           // xid -2, type 11, no record
std::string encode_close_session(std::int32_t xid);  // type -11, no record
// AuthPacket{type 0, scheme, auth}; an absent auth is a null buffer.
std::string encode_auth(std::string_view scheme, const std::optional<std::string>& auth);

// A request as a server reads it.
struct DecodedRequest {
  std::int32_t xid = 0;
  std::int32_t op = 0;
  std::optional<ClientCall> call;   // none for ping and auth
  std::string auth_scheme;          // auth packets
  std::optional<std::string> auth;  // auth packets; nullopt = null bytes
};
Result<DecodedRequest> decode_request(std::string_view body);

// --- server -> client --------------------------------------------------------------------

struct ReplyHeader {
  std::int32_t xid = 0;
  Zxid zxid{};
  Code err = Code::Ok;
};
Result<ReplyHeader> decode_reply_header(std::string_view body);

// A reply to a request of opcode `op`: the header, and the body decoded into `result` only
// when err == 0 (reference §6.4: an error reply has no body). result.err and result.zxid
// repeat the header. Multi results carry one OpResult per op, failed ones with type -1.
struct DecodedReply {
  std::int32_t xid = 0;
  Zxid zxid{};
  Code err = Code::Ok;
  ClientResult result;
};
Result<DecodedReply> decode_reply(std::string_view body, std::int32_t op);

// A watch event (xid -1): WatcherEvent{type, state, path}; state 3 = SyncConnected.
struct WatchEventRecord {
  EventType type = EventType::None;
  std::int32_t state = 3;
  std::string path;
  friend bool operator==(const WatchEventRecord&, const WatchEventRecord&) = default;
};
Result<WatchEventRecord> decode_watch_event(std::string_view body);  // header included

// What a server sends: ReplyHeader + (when err == 0) the record for `op` filled from
// `result` (create: path; create2: path + stat; getData: data + stat; ...).
std::string encode_reply(std::int32_t xid, Zxid zxid, Code err, std::int32_t op,
                         const ClientResult& result);
std::string encode_watch_event(const WatchEventRecord& e);  // header xid -1, zxid -1

}  // namespace zs::wire

// What ZooKeeper servers send each other (reference §2.2, §3; RELAY.md), decoded from the
// bytes on the wire, for a relay that sits between real servers and shows their protocol:
// - the election port (QuorumCnxManager): the opener's initial message, then on both
//   directions notifications framed by an int length (FastLeaderElection.buildMsg);
// - the quorum port (Learner / LearnerHandler): bare jute QuorumPacket records, no length
//   in front, and after a SNAP the leader's database dump (sessions, ACL cache, nodes up to
//   the path "/", the signature "BenWasHere") with no framing at all;
// - what a packet's data holds: LearnerInfo, epochs, a txn (TxnHeader + record + digest), a
//   learner's REQUEST, the session list of a learner's PING.
// Decoding never changes a byte; the one rewrite a relay needs (the opener's own election
// address, which the receiver may connect back to) re-encodes the initial message.
// Pure: no sockets, no clock. Every length is checked against what arrived before anything is
// allocated, so a hostile stream costs at most the bytes it sends.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "core/messages.hpp"
#include "core/result.hpp"
#include "data/acl.hpp"
#include "data/stat.hpp"

namespace zs::wire {

// --- election port -----------------------------------------------------------------------

// QuorumCnxManager.PROTOCOL_VERSION_V1 (one address, 3.8.0's default) and V2 (addresses
// joined by '|', only with multiAddress.enabled=true).
inline constexpr std::int64_t kElectionProtocolV1 = -65536;
inline constexpr std::int64_t kElectionProtocolV2 = -65535;
// QuorumCnxManager.maxBuffer: the longest address part of an initial message it accepts.
inline constexpr std::size_t kElectionAddressMax = 2048;
// QuorumCnxManager.PACKETMAXSIZE: the longest notification frame a RecvWorker accepts.
inline constexpr std::size_t kElectionFrameMax = 512 * 1024;

// The first bytes on an election connection, from the side that opened it.
struct ElectionHello {
  // kElectionProtocolV1/V2; a value >= 0 is a pre-3.5 header holding only the sid.
  std::int64_t protocol = kElectionProtocolV1;
  Sid sid = 0;
  std::string addresses;  // "host:port" (V1) or "h1:p1|h2:p2" (V2); empty for the old header
  friend bool operator==(const ElectionHello&, const ElectionHello&) = default;
};

std::string encode_election_hello(const ElectionHello& h);
// The same hello announcing `address` instead of the sender's own (the relay's port for the
// reverse direction), its length fixed: what a relay forwards in its place.
std::string rewrite_election_hello(const ElectionHello& h, std::string_view address);

// A notification (FastLeaderElection.Notification) and the bytes it came in.
struct ElectionNote {
  Notification note;   // state, leader, zxid, electionEpoch, peerEpoch, version, config version
  std::string config;  // the sender's config text (format version 2 and later), else empty
  std::size_t size = 0;  // body bytes: 28 and 40 are the two older formats
};

// One notification body (without its int length). Errors name the field; a state outside
// LOOKING..OBSERVING is an error here (FastLeaderElection drops such a message).
Result<ElectionNote> decode_notification(std::string_view body);
// The body as 3.8.0 builds it (format version 2 with config), without the length in front.
std::string encode_notification(const Notification& n, std::string_view config);

// One direction of an election connection, cut into what was sent: feed() the bytes as they
// arrive, then take items with next() until it returns nullopt (more bytes needed). A
// malformed stream is an error (sticky): the relay closes the connection, as the receiving
// server would. The opener's direction starts with an ElectionHello; the other does not.
class ElectionStream {
 public:
  using Item = std::variant<ElectionHello, ElectionNote>;
  explicit ElectionStream(bool opener) : need_hello_(opener) {}

  void feed(std::string_view bytes) { buf_.append(bytes); }
  Result<std::optional<Item>> next();
  // Bytes of the item next() returned last, as they came (for byte-exact forwarding checks).
  std::string_view last_bytes() const { return last_; }
  std::size_t buffered() const { return buf_.size() - at_; }

 private:
  void compact();

  bool need_hello_;
  std::string buf_;
  std::size_t at_ = 0;
  std::string last_;
  std::optional<Error> error_;
};

// --- quorum port -------------------------------------------------------------------------

// QuorumPacket as jute writes it: type, zxid, data (a buffer, null allowed), authinfo (a
// vector of Id, null allowed).
struct QuorumRecord {
  std::int32_t type = 0;  // Leader.REQUEST=1 ... INFORMANDACTIVATE=19 (PacketType)
  std::int64_t zxid = 0;
  std::optional<std::string> data;
  std::optional<std::vector<Id>> authinfo;
  friend bool operator==(const QuorumRecord&, const QuorumRecord&) = default;
};

std::string encode_quorum_record(const QuorumRecord& q);
// The name ZooKeeper's packet tracing uses (LearnerHandler.packetToString): "PROPOSAL",
// "ACKEPOCH", ...; "UNKNOWN<n>" for a type it does not know.
std::string quorum_type_name(std::int32_t type);

// A node of the database dump that follows SNAP (DataTree.serializeNodes).
struct SnapshotNode {
  std::string path;  // "" is the root
  std::optional<std::string> data;
  std::int64_t acl = 0;  // the ACL cache's key
  StatPersisted stat;
  friend bool operator==(const SnapshotNode&, const SnapshotNode&) = default;
};

// The dump as a whole (SerializeUtils.serializeSnapshot + the signature).
struct SnapshotDump {
  std::vector<std::pair<std::int64_t, std::int32_t>> sessions;  // (session id, timeout ms)
  std::vector<std::pair<std::int64_t, AclList>> acls;           // the ACL cache
  std::vector<SnapshotNode> nodes;                              // in the order sent
  std::string signature;                                        // "BenWasHere"
  std::size_t bytes = 0;
  friend bool operator==(const SnapshotDump&, const SnapshotDump&) = default;
};

std::string encode_snapshot_dump(const SnapshotDump& d);  // nodes, then "/", then the signature

// One direction of a quorum connection: feed() bytes, next() items. On the leader's
// direction a SNAP record is followed by its SnapshotDump (decoded piece by piece, so a large
// dump is never re-parsed from its start). Limits: a record's data up to `max_record` bytes
// (jute.maxbuffer plus room); anything longer or malformed is a sticky error.
class QuorumStream {
 public:
  using Item = std::variant<QuorumRecord, SnapshotDump>;
  explicit QuorumStream(std::size_t max_record = 4 * 1024 * 1024) : max_(max_record) {}

  void feed(std::string_view bytes) { buf_.append(bytes); }
  Result<std::optional<Item>> next();
  std::size_t buffered() const { return buf_.size() - at_; }
  // Whether a SNAP's dump is being read (for a relay's status).
  bool in_snapshot() const { return phase_ != Phase::Packets; }

 private:
  enum class Phase : std::uint8_t { Packets, Sessions, Acls, Nodes, Signature };
  Result<std::optional<Item>> next_dump_piece();
  void compact();

  std::size_t max_;
  std::string buf_;
  std::size_t at_ = 0;
  std::optional<Error> error_;
  Phase phase_ = Phase::Packets;
  std::int64_t left_ = 0;  // sessions or ACL entries still to read in this phase
  SnapshotDump dump_;
};

// --- what a packet's data holds -----------------------------------------------------------

// FOLLOWERINFO / OBSERVERINFO data: LearnerInfo.
struct LearnerInfoRecord {
  Sid sid = 0;
  std::int32_t protocol = 0;  // 0x10000
  std::int64_t config_version = 0;
  friend bool operator==(const LearnerInfoRecord&, const LearnerInfoRecord&) = default;
};
Result<LearnerInfoRecord> decode_learner_info(std::string_view data);

// LEADERINFO data (the protocol version, 0x10000) and ACKEPOCH data (the learner's
// currentEpoch): a single int.
Result<std::int32_t> decode_int_data(std::string_view data);

// A txn as a PROPOSAL or INFORM carries it (Util.marshallTxnEntry): TxnHeader, the record
// of its type, and the TxnDigest when digests are on.
struct TxnRecord {
  std::int64_t client_id = 0;  // the session
  std::int32_t cxid = 0;
  std::int64_t zxid = 0;
  std::int64_t time = 0;  // the leader's wall clock, ms
  std::int32_t type = 0;  // OpCode: create 1, delete 2, setData 5, createSession -10, ...
  std::string path;       // create*, delete*, setData, setACL, check
  std::optional<std::string> data;  // create*, setData
  AclList acl;                      // create*, setACL
  bool ephemeral = false;           // create / create2
  std::int32_t version = 0;         // setData, setACL, check; parentCVersion for creates
  std::int64_t ttl = 0;             // createTTL
  std::int32_t timeout = 0;         // createSession
  std::int32_t err = 0;             // error
  std::vector<std::string> paths;   // closeSession: the ephemerals it deletes
  std::vector<TxnRecord> ops;       // multi: each op (its header fields left 0)
  std::optional<std::int64_t> digest;  // TxnDigest.treeDigest
  std::int32_t digest_version = 0;
  friend bool operator==(const TxnRecord&, const TxnRecord&) = default;
};
Result<TxnRecord> decode_txn(std::string_view data);
std::string encode_txn(const TxnRecord& t);
// "create", "setData", "closeSession", ... (ZooDefs.OpCode names); "op<n>" for others.
std::string txn_type_name(std::int32_t type);

// A learner's REQUEST data (Learner.request): session, cxid, op type, then the client's
// request bytes as they came.
struct ForwardedRequest {
  std::int64_t session = 0;
  std::int32_t cxid = 0;
  std::int32_t type = 0;
  std::string request;
  friend bool operator==(const ForwardedRequest&, const ForwardedRequest&) = default;
};
Result<ForwardedRequest> decode_forwarded_request(std::string_view data);

// A learner's PING data: (session id, timeout) per session it touched since the last one.
Result<std::vector<std::pair<std::int64_t, std::int32_t>>> decode_learner_ping(std::string_view data);

}  // namespace zs::wire

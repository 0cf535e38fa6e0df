#include "wire/peer_codec.hpp"

#include <charconv>

#include "wire/jute.hpp"
#include "wire/records.hpp"

namespace zs::wire {

// Helpers with names of their own: this file shares unity batches with the client codec.
namespace peer_codec_detail {

constexpr std::size_t kMinIdBytes = 8;  // two string lengths

Error peer_error(std::string message) {
  Error e;
  e.message = std::move(message);
  return e;
}

// Drops what a stream has consumed: at once when all of it was, else once it is most of a
// large buffer.
void compact_buffer(std::string& buf, std::size_t& at) {
  if (at == buf.size()) {
    buf.clear();
    at = 0;
  } else if (at > 64 * 1024 && at * 2 > buf.size()) {
    buf.erase(0, at);
    at = 0;
  }
}

// The config text's "version=<hex>" line (QuorumVerifier.toString ends with it).
std::int64_t config_version_of(std::string_view config) {
  std::size_t at = 0;
  while (at <= config.size()) {
    const std::size_t end = std::min(config.find('\n', at), config.size());
    const std::string_view line = config.substr(at, end - at);
    constexpr std::string_view kKey = "version=";
    if (line.substr(0, kKey.size()) == kKey) {
      std::int64_t v = 0;
      const std::string_view hex = line.substr(kKey.size());
      const auto [p, ec] = std::from_chars(hex.data(), hex.data() + hex.size(), v, 16);
      if (ec == std::errc() && p == hex.data() + hex.size()) return v;
    }
    at = end + 1;
  }
  return 0;
}

// The record of a txn's type, after the TxnHeader (or inside a multi's Txn).
void get_txn_body(Reader& r, TxnRecord& t, int depth);

void put_txn_body(Writer& w, const TxnRecord& t);

bool known_txn_type(std::int32_t type) {
  switch (type) {
    case 1: case 2: case 5: case 7: case 13: case 14: case 15: case 16: case 19: case 20:
    case 21: case -1: case -10: case -11:
      return true;
    default:
      return false;
  }
}

void get_txn_body(Reader& r, TxnRecord& t, int depth) {
  switch (t.type) {
    case 1:   // create
    case 15:  // create2
      t.path = r.ustring("CreateTxn.path");
      t.data = r.nullable_string("CreateTxn.data");
      t.acl = read_acls(r, "CreateTxn.acl");
      t.ephemeral = r.boolean("CreateTxn.ephemeral");
      t.version = r.int32("CreateTxn.parentCVersion");
      break;
    case 19:  // createContainer
      t.path = r.ustring("CreateContainerTxn.path");
      t.data = r.nullable_string("CreateContainerTxn.data");
      t.acl = read_acls(r, "CreateContainerTxn.acl");
      t.version = r.int32("CreateContainerTxn.parentCVersion");
      break;
    case 21:  // createTTL
      t.path = r.ustring("CreateTTLTxn.path");
      t.data = r.nullable_string("CreateTTLTxn.data");
      t.acl = read_acls(r, "CreateTTLTxn.acl");
      t.version = r.int32("CreateTTLTxn.parentCVersion");
      t.ttl = r.int64("CreateTTLTxn.ttl");
      break;
    case 2:   // delete
    case 20:  // deleteContainer
      t.path = r.ustring("DeleteTxn.path");
      break;
    case 5:   // setData
    case 16:  // reconfig
      t.path = r.ustring("SetDataTxn.path");
      t.data = r.nullable_string("SetDataTxn.data");
      t.version = r.int32("SetDataTxn.version");
      break;
    case 7:  // setACL
      t.path = r.ustring("SetACLTxn.path");
      t.acl = read_acls(r, "SetACLTxn.acl");
      t.version = r.int32("SetACLTxn.version");
      break;
    case 13:  // check
      t.path = r.ustring("CheckVersionTxn.path");
      t.version = r.int32("CheckVersionTxn.version");
      break;
    case -10:  // createSession
      t.timeout = r.int32("CreateSessionTxn.timeOut");
      break;
    case -11: {  // closeSession: a CloseSessionTxn, unless closeSession txns are disabled
      // (zookeeper.closeSessionTxn.enabled=false): then only the digest (12 bytes) or nothing
      // follows the header. Taken as a CloseSessionTxn when one parses and leaves 0 or 12.
      if (depth > 0 || r.remaining() == 0) break;
      Reader probe(r.rest());
      std::vector<std::string> paths;
      const std::int32_t n = probe.count("CloseSessionTxn.paths2Delete", 4);
      for (std::int32_t i = 0; i < n && probe.ok(); ++i) paths.push_back(probe.ustring("CloseSessionTxn.path"));
      if (probe.ok() && (probe.remaining() == 0 || probe.remaining() == 12)) {
        t.paths = std::move(paths);
        r.skip(probe.offset());
      }
      break;
    }
    case -1:  // error
      t.err = r.int32("ErrorTxn.err");
      break;
    case 14: {  // multi
      if (depth > 0) {
        r.fail("MultiTxn", "a multi inside a multi");
        break;
      }
      const std::int32_t n = r.count("MultiTxn.txns", 8);
      for (std::int32_t i = 0; i < n && r.ok(); ++i) {
        TxnRecord op;
        op.type = r.int32("Txn.type");
        const std::optional<std::string> bytes = r.nullable_string("Txn.data");
        if (!r.ok()) break;
        if (!known_txn_type(op.type) || op.type == -10 || op.type == -11) {
          r.fail("Txn.type", "type " + std::to_string(op.type) + " cannot be an op of a multi");
          break;
        }
        const std::string body = bytes.value_or("");
        Reader sub(body);
        get_txn_body(sub, op, depth + 1);
        if (!sub.ok() || sub.remaining() != 0) {
          r.fail("Txn.data", sub.ok() ? std::to_string(sub.remaining()) + " bytes after the op's record"
                                      : sub.error().message);
          break;
        }
        t.ops.push_back(std::move(op));
      }
      break;
    }
    default:
      r.fail("TxnHeader.type", "unknown txn type " + std::to_string(t.type));
  }
}

void put_txn_body(Writer& w, const TxnRecord& t) {
  switch (t.type) {
    case 1:
    case 15:
      w.ustring(t.path);
      write_nullable(w, t.data);
      write_acls(w, t.acl);
      w.boolean(t.ephemeral);
      w.int32(t.version);
      break;
    case 19:
      w.ustring(t.path);
      write_nullable(w, t.data);
      write_acls(w, t.acl);
      w.int32(t.version);
      break;
    case 21:
      w.ustring(t.path);
      write_nullable(w, t.data);
      write_acls(w, t.acl);
      w.int32(t.version);
      w.int64(t.ttl);
      break;
    case 2:
    case 20:
      w.ustring(t.path);
      break;
    case 5:
    case 16:
      w.ustring(t.path);
      write_nullable(w, t.data);
      w.int32(t.version);
      break;
    case 7:
      w.ustring(t.path);
      write_acls(w, t.acl);
      w.int32(t.version);
      break;
    case 13:
      w.ustring(t.path);
      w.int32(t.version);
      break;
    case -10:
      w.int32(t.timeout);
      break;
    case -11:
      w.count(t.paths.size());
      for (const std::string& p : t.paths) w.ustring(p);
      break;
    case -1:
      w.int32(t.err);
      break;
    case 14:
      w.count(t.ops.size());
      for (const TxnRecord& op : t.ops) {
        Writer sub;
        put_txn_body(sub, op);
        w.int32(op.type);
        w.buffer(sub.bytes());
      }
      break;
    default:
      break;
  }
}

}  // namespace peer_codec_detail

using namespace peer_codec_detail;

// --- election port -----------------------------------------------------------------------

std::string encode_election_hello(const ElectionHello& h) {
  Writer w;
  w.int64(h.protocol);
  if (h.protocol >= 0) return w.take();  // the old header: the sid is the first long
  w.int64(h.sid);
  w.int32(static_cast<std::int32_t>(h.addresses.size()));
  w.raw(h.addresses);
  return w.take();
}

std::string rewrite_election_hello(const ElectionHello& h, std::string_view address) {
  ElectionHello out = h;
  if (h.protocol < 0) out.addresses = std::string(address);
  return encode_election_hello(out);
}

Result<ElectionNote> decode_notification(std::string_view body) {
  // FastLeaderElection's receiver: at least 28 bytes; 28 and 40 are the formats before
  // peerEpoch and before the version field; a version above 1 carries the config.
  if (body.size() < 28) return peer_error("notification of " + std::to_string(body.size()) + " bytes (at least 28)");
  Reader r(body);
  ElectionNote out;
  out.size = body.size();
  const std::int32_t state = r.int32("state");
  if (state < 0 || state > 3) return peer_error("notification state " + std::to_string(state) + " is not LOOKING..OBSERVING");
  out.note.state = static_cast<ServerState>(state);
  out.note.leader = r.int64("leader");
  out.note.zxid = Zxid(r.int64("zxid"));
  out.note.election_epoch = r.int64("electionEpoch");
  if (body.size() == 28) {
    out.note.peer_epoch = static_cast<std::int64_t>(out.note.zxid.epoch());
    out.note.version = 0;
    return out;
  }
  out.note.peer_epoch = r.int64("peerEpoch");
  if (body.size() == 40) {
    out.note.version = 0;
    return out;
  }
  out.note.version = r.int32("version");
  if (!r.ok()) return r.error();
  if (out.note.version > 1) {
    const std::int32_t len = r.int32("configLength");
    if (!r.ok()) return r.error();
    if (len < 0 || static_cast<std::size_t>(len) > r.remaining())
      return peer_error("configLength " + std::to_string(len) + " with " + std::to_string(r.remaining()) + " bytes left");
    out.config = std::string(body.substr(r.offset(), static_cast<std::size_t>(len)));
    out.note.config_version = config_version_of(out.config);
  }
  return out;
}

std::string encode_notification(const Notification& n, std::string_view config) {
  Writer w;
  w.int32(static_cast<std::int32_t>(n.state));
  w.int64(n.leader);
  w.int64(n.zxid.raw());
  w.int64(n.election_epoch);
  w.int64(n.peer_epoch);
  w.int32(n.version);
  w.int32(static_cast<std::int32_t>(config.size()));
  w.raw(config);
  return w.take();
}

void ElectionStream::compact() { compact_buffer(buf_, at_); }

Result<std::optional<ElectionStream::Item>> ElectionStream::next() {
  using Out = std::optional<Item>;
  if (error_) return *error_;
  const std::string_view in = std::string_view(buf_).substr(at_);
  if (need_hello_) {
    if (in.size() < 8) return Out{};
    Reader r(in);
    ElectionHello h;
    h.protocol = r.int64("protocol version");
    if (h.protocol >= 0) {
      h.sid = h.protocol;
    } else {
      if (h.protocol != kElectionProtocolV1 && h.protocol != kElectionProtocolV2) {
        error_ = peer_error("Got unrecognized protocol version " + std::to_string(h.protocol));
        return *error_;
      }
      if (in.size() < 20) return Out{};
      h.sid = r.int64("sid");
      const std::int32_t len = r.int32("address length");
      if (len <= 0 || static_cast<std::size_t>(len) > kElectionAddressMax) {
        error_ = peer_error("Unreasonable buffer length: " + std::to_string(len));
        return *error_;
      }
      if (r.remaining() < static_cast<std::size_t>(len)) return Out{};
      h.addresses = std::string(in.substr(r.offset(), static_cast<std::size_t>(len)));
      last_ = std::string(in.substr(0, 20 + static_cast<std::size_t>(len)));
      at_ += last_.size();
      need_hello_ = false;
      compact();
      return Out{Item{std::move(h)}};
    }
    last_ = std::string(in.substr(0, 8));
    at_ += 8;
    need_hello_ = false;
    compact();
    return Out{Item{std::move(h)}};
  }
  if (in.size() < 4) return Out{};
  Reader r(in.substr(0, 4));
  const std::int32_t len = r.int32("length");
  if (len <= 0 || static_cast<std::size_t>(len) > kElectionFrameMax) {
    error_ = peer_error("Received packet with invalid packet: " + std::to_string(len));
    return *error_;
  }
  if (in.size() < 4 + static_cast<std::size_t>(len)) return Out{};
  auto note = decode_notification(in.substr(4, static_cast<std::size_t>(len)));
  if (!note.ok()) {
    error_ = note.error();
    return *error_;
  }
  last_ = std::string(in.substr(0, 4 + static_cast<std::size_t>(len)));
  at_ += last_.size();
  compact();
  return Out{Item{std::move(note).value()}};
}

// --- quorum port -------------------------------------------------------------------------

std::string encode_quorum_record(const QuorumRecord& q) {
  Writer w;
  w.int32(q.type);
  w.int64(q.zxid);
  write_nullable(w, q.data);
  if (q.authinfo) {
    w.count(q.authinfo->size());
    for (const Id& id : *q.authinfo) {
      w.ustring(id.scheme);
      w.ustring(id.id);
    }
  } else {
    w.null();
  }
  return w.take();
}

std::string quorum_type_name(std::int32_t type) {
  switch (type) {
    case 1: return "REQUEST";
    case 2: return "PROPOSAL";
    case 3: return "ACK";
    case 4: return "COMMIT";
    case 5: return "PING";
    case 6: return "REVALIDATE";
    case 7: return "SYNC";
    case 8: return "INFORM";
    case 9: return "COMMITANDACTIVATE";
    case 10: return "NEWLEADER";
    case 11: return "FOLLOWERINFO";
    case 12: return "UPTODATE";
    case 13: return "DIFF";
    case 14: return "TRUNC";
    case 15: return "SNAP";
    case 16: return "OBSERVERINFO";
    case 17: return "LEADERINFO";
    case 18: return "ACKEPOCH";
    case 19: return "INFORMANDACTIVATE";
    default: return "UNKNOWN" + std::to_string(type);
  }
}

std::string encode_snapshot_dump(const SnapshotDump& d) {
  Writer w;
  w.int32(static_cast<std::int32_t>(d.sessions.size()));
  for (const auto& [id, timeout] : d.sessions) {
    w.int64(id);
    w.int32(timeout);
  }
  w.int32(static_cast<std::int32_t>(d.acls.size()));
  for (const auto& [key, list] : d.acls) {
    w.int64(key);
    write_acls(w, list);
  }
  for (const SnapshotNode& n : d.nodes) {
    w.ustring(n.path);
    write_nullable(w, n.data);
    w.int64(n.acl);
    write_stat_persisted(w, n.stat);
  }
  w.ustring("/");
  w.ustring(d.signature);
  return w.take();
}

void QuorumStream::compact() { compact_buffer(buf_, at_); }

Result<std::optional<QuorumStream::Item>> QuorumStream::next() {
  using Out = std::optional<Item>;
  if (error_) return *error_;
  if (phase_ != Phase::Packets) return next_dump_piece();
  const std::string_view in = std::string_view(buf_).substr(at_);
  Reader r(in);
  QuorumRecord q;
  q.type = r.int32("QuorumPacket.type");
  q.zxid = r.int64("QuorumPacket.zxid");
  // The data's length: checked against the limit before waiting for that many bytes.
  if (r.ok() && r.remaining() >= 4) {
    Reader len_reader(in.substr(r.offset(), 4));
    const std::int32_t len = len_reader.int32("QuorumPacket.data");
    if (len < -1 || (len > 0 && static_cast<std::size_t>(len) > max_)) {
      error_ = peer_error("QuorumPacket.data length " + std::to_string(len) +
                          (len < 0 ? " is negative" : " exceeds " + std::to_string(max_)));
      return *error_;
    }
  }
  q.data = r.nullable_string("QuorumPacket.data");
  bool null_auth = false;
  const std::int32_t n = r.count("QuorumPacket.authinfo", kMinIdBytes, &null_auth);
  if (r.ok() && !null_auth) {
    q.authinfo.emplace();
    for (std::int32_t i = 0; i < n && r.ok(); ++i) {
      Id id;
      id.scheme = r.ustring("Id.scheme");
      id.id = r.ustring("Id.id");
      q.authinfo->push_back(std::move(id));
    }
  }
  if (!r.ok()) {
    if (r.truncated() && in.size() <= max_ + 64 * 1024) return Out{};
    error_ = r.truncated() ? peer_error("a QuorumPacket longer than " + std::to_string(max_) + " bytes")
                           : r.error();
    return *error_;
  }
  at_ += r.offset();
  compact();
  if (q.type == 15) {  // SNAP: the database dump follows, unframed
    phase_ = Phase::Sessions;
    left_ = -1;
    dump_ = SnapshotDump{};
  }
  return Out{Item{std::move(q)}};
}

Result<std::optional<QuorumStream::Item>> QuorumStream::next_dump_piece() {
  using Out = std::optional<Item>;
  // Each piece (a count, a session, an ACL entry, a node, the signature) is read whole or
  // not at all; pieces are small, so a large dump costs one pass.
  while (true) {
    const std::string_view in = std::string_view(buf_).substr(at_);
    Reader r(in);
    switch (phase_) {
      case Phase::Packets:
        return Out{};
      case Phase::Sessions:
      case Phase::Acls: {
        // Two counted lists: the sessions (id, timeout), then the ACL cache (key, ACL list).
        const bool sessions = phase_ == Phase::Sessions;
        if (left_ < 0) {
          const char* what = sessions ? "snapshot session count" : "ACL cache size";
          const std::int32_t count = r.int32(what);
          if (!r.ok()) return Out{};
          if (count < 0) {
            error_ = peer_error(std::string(what) + " " + std::to_string(count) + " is negative");
            return *error_;
          }
          left_ = count;
        } else if (left_ == 0) {
          phase_ = sessions ? Phase::Acls : Phase::Nodes;
          left_ = -1;
          continue;
        } else if (sessions) {
          const std::int64_t id = r.int64("session id");
          const std::int32_t timeout = r.int32("session timeout");
          if (!r.ok()) return Out{};
          dump_.sessions.emplace_back(id, timeout);
          --left_;
        } else {
          const std::int64_t key = r.int64("ACL cache key");
          AclList list = read_acls(r, "ACL list");
          if (!r.ok()) break;
          dump_.acls.emplace_back(key, std::move(list));
          --left_;
        }
        break;
      }
      case Phase::Nodes: {
        std::string path = r.ustring("node path");
        if (!r.ok()) break;
        if (path == "/") {
          phase_ = Phase::Signature;
          break;
        }
        SnapshotNode node;
        node.path = std::move(path);
        node.data = r.nullable_string("node data");
        node.acl = r.int64("node acl");
        if (r.ok() && r.remaining() < kStatPersistedBytes) return Out{};  // the rest is on its way
        node.stat = read_stat_persisted(r);
        if (!r.ok()) break;
        dump_.nodes.push_back(std::move(node));
        break;
      }
      case Phase::Signature:
        dump_.signature = r.ustring("signature");
        if (!r.ok()) break;
        if (dump_.signature != "BenWasHere") {
          error_ = peer_error("the snapshot's signature is \"" + dump_.signature.substr(0, 64) +
                              "\", not BenWasHere");
          return *error_;
        }
        break;
    }
    if (!r.ok()) {
      if (r.truncated() && in.size() <= max_ + 64 * 1024) return Out{};
      error_ = r.truncated() ? peer_error("a snapshot record longer than " + std::to_string(max_) + " bytes")
                             : r.error();
      return *error_;
    }
    at_ += r.offset();
    dump_.bytes += r.offset();
    compact();
    if (phase_ == Phase::Signature && !dump_.signature.empty()) {
      phase_ = Phase::Packets;
      SnapshotDump done = std::move(dump_);
      dump_ = SnapshotDump{};
      return Out{Item{std::move(done)}};
    }
  }
}

// --- what a packet's data holds -----------------------------------------------------------

Result<LearnerInfoRecord> decode_learner_info(std::string_view data) {
  Reader r(data);
  LearnerInfoRecord out;
  out.sid = r.int64("LearnerInfo.serverid");
  out.protocol = r.int32("LearnerInfo.protocolVersion");
  out.config_version = r.int64("LearnerInfo.configVersion");
  if (!r.ok()) return r.error();
  if (r.remaining() != 0) return peer_error(std::to_string(r.remaining()) + " bytes after LearnerInfo");
  return out;
}

Result<std::int32_t> decode_int_data(std::string_view data) {
  if (data.size() != 4) return peer_error("an int of " + std::to_string(data.size()) + " bytes");
  Reader r(data);
  return r.int32("int");
}

Result<TxnRecord> decode_txn(std::string_view data) {
  Reader r(data);
  TxnRecord t;
  t.client_id = r.int64("TxnHeader.clientId");
  t.cxid = r.int32("TxnHeader.cxid");
  t.zxid = r.int64("TxnHeader.zxid");
  t.time = r.int64("TxnHeader.time");
  t.type = r.int32("TxnHeader.type");
  if (!r.ok()) return r.error();
  get_txn_body(r, t, 0);
  if (!r.ok()) return r.error();
  if (r.remaining() == 12) {
    t.digest_version = r.int32("TxnDigest.version");
    t.digest = r.int64("TxnDigest.treeDigest");
  }
  if (r.remaining() != 0)
    return peer_error(std::to_string(r.remaining()) + " bytes after the " + txn_type_name(t.type) + " txn");
  return t;
}

std::string encode_txn(const TxnRecord& t) {
  Writer w;
  w.int64(t.client_id);
  w.int32(t.cxid);
  w.int64(t.zxid);
  w.int64(t.time);
  w.int32(t.type);
  put_txn_body(w, t);
  if (t.digest) {
    w.int32(t.digest_version);
    w.int64(*t.digest);
  }
  return w.take();
}

std::string txn_type_name(std::int32_t type) {
  switch (type) {
    case 1: return "create";
    case 2: return "delete";
    case 5: return "setData";
    case 7: return "setACL";
    case 13: return "check";
    case 14: return "multi";
    case 15: return "create2";
    case 16: return "reconfig";
    case 19: return "createContainer";
    case 20: return "deleteContainer";
    case 21: return "createTTL";
    case -1: return "error";
    case -10: return "createSession";
    case -11: return "closeSession";
    default: return "op" + std::to_string(type);
  }
}

Result<ForwardedRequest> decode_forwarded_request(std::string_view data) {
  Reader r(data);
  ForwardedRequest out;
  out.session = r.int64("Request.sessionId");
  out.cxid = r.int32("Request.cxid");
  out.type = r.int32("Request.type");
  if (!r.ok()) return r.error();
  out.request = std::string(data.substr(r.offset()));
  return out;
}

Result<std::vector<std::pair<std::int64_t, std::int32_t>>> decode_learner_ping(std::string_view data) {
  if (data.size() % 12 != 0)
    return peer_error("a learner PING of " + std::to_string(data.size()) + " bytes (12 per session)");
  Reader r(data);
  std::vector<std::pair<std::int64_t, std::int32_t>> out;
  out.reserve(data.size() / 12);
  while (r.remaining() > 0) {
    const std::int64_t id = r.int64("session id");
    const std::int32_t timeout = r.int32("timeout");
    out.emplace_back(id, timeout);
  }
  return out;
}

}  // namespace zs::wire

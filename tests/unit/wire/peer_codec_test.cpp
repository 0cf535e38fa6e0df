// The server-to-server decoders a relay between real servers uses (wire/peer_codec.hpp):
// byte layouts as 3.8.0 writes them (QuorumCnxManager.startConnection, FastLeaderElection
// .buildMsg, QuorumPacket, SerializeUtils.serializeSnapshot, Util.marshallTxnEntry), fed
// whole and in the small pieces a socket delivers.
#include <gtest/gtest.h>

#include <string>
#include <variant>
#include <vector>

#include "wire/jute.hpp"
#include "wire/peer_codec.hpp"

namespace zs::wire {
namespace {

// Big-endian bytes written out by hand, independent of the codec under test.
std::string be(std::uint64_t v, int bytes) {
  std::string out;
  for (int i = bytes - 1; i >= 0; --i) out.push_back(static_cast<char>((v >> (8 * i)) & 0xff));
  return out;
}
std::string i32(std::int64_t v) { return be(static_cast<std::uint64_t>(v), 4); }
std::string i64(std::int64_t v) { return be(static_cast<std::uint64_t>(v), 8); }
std::string str(const std::string& s) { return i32(static_cast<std::int64_t>(s.size())) + s; }

const std::string kConfig =
    "server.1=127.0.0.1:2888:3888:participant\nserver.2=127.0.0.1:2889:3889:participant\n"
    "server.3=127.0.0.1:2890:3890:participant\nversion=0";

// A 3.8.0 notification body: LOOKING for (3, 0x100000002), round 2, peerEpoch 1.
std::string notification_body() {
  return i32(0) + i64(3) + i64(0x100000002) + i64(2) + i64(1) + i32(2) + str(kConfig);
}

template <class Stream>
std::vector<typename Stream::Item> drain(Stream& s, const std::string& bytes, std::size_t chunk) {
  std::vector<typename Stream::Item> items;
  for (std::size_t at = 0; at < bytes.size(); at += chunk) {
    s.feed(std::string_view(bytes).substr(at, chunk));
    while (true) {
      auto next = s.next();
      EXPECT_TRUE(next.ok()) << (next.ok() ? "" : next.error().message);
      if (!next.ok() || !next.value()) break;
      items.push_back(std::move(*next.value()));
    }
  }
  return items;
}

TEST(PeerCodec, ElectionHelloV1AsThreeEightSendsIt) {
  const std::string addr = "127.0.0.1:41202";
  const std::string bytes = i64(-65536) + i64(2) + str(addr);
  ASSERT_EQ(bytes.size(), 35u);  // RELAY.md: 35 bytes for this address
  for (std::size_t chunk : {1u, 3u, 64u}) {
    ElectionStream s(/*opener=*/true);
    auto items = drain(s, bytes, chunk);
    ASSERT_EQ(items.size(), 1u) << chunk;
    const auto& h = std::get<ElectionHello>(items[0]);
    EXPECT_EQ(h.protocol, kElectionProtocolV1);
    EXPECT_EQ(h.sid, 2);
    EXPECT_EQ(h.addresses, addr);
    EXPECT_EQ(s.last_bytes(), bytes);
    EXPECT_EQ(encode_election_hello(h), bytes);
  }
}

TEST(PeerCodec, RewritingTheHelloChangesOnlyTheAddressAndItsLength) {
  const ElectionHello h{kElectionProtocolV1, 2, "127.0.0.1:3889"};
  const std::string out = rewrite_election_hello(h, "127.0.0.1:40001");
  EXPECT_EQ(out, i64(-65536) + i64(2) + str("127.0.0.1:40001"));
  // The old header (the sid alone) has no address to rewrite.
  EXPECT_EQ(rewrite_election_hello(ElectionHello{5, 5, ""}, "x:1"), i64(5));
}

TEST(PeerCodec, HelloThenNotificationsOnTheOpenersDirection) {
  const std::string body = notification_body();
  const std::string bytes = i64(-65536) + i64(1) + str("127.0.0.1:3888") + i32(static_cast<std::int64_t>(body.size())) + body +
                            i32(static_cast<std::int64_t>(body.size())) + body;
  ElectionStream s(true);
  auto items = drain(s, bytes, 5);
  ASSERT_EQ(items.size(), 3u);
  EXPECT_TRUE(std::holds_alternative<ElectionHello>(items[0]));
  const auto& n = std::get<ElectionNote>(items[2]).note;
  EXPECT_EQ(n.state, ServerState::Looking);
  EXPECT_EQ(n.leader, 3);
  EXPECT_EQ(n.zxid, Zxid(0x100000002));
  EXPECT_EQ(n.election_epoch, 2);
  EXPECT_EQ(n.peer_epoch, 1);
  EXPECT_EQ(n.version, 2);
  EXPECT_EQ(std::get<ElectionNote>(items[2]).config, kConfig);
  EXPECT_EQ(s.buffered(), 0u);
}

TEST(PeerCodec, NotificationSizeWithThreeServersIsWhatRealServersSend) {
  // RELAY.md: 182 bytes with 3 servers whose addresses are 127.0.0.1 and 5-digit ports.
  const std::string config =
      "server.1=127.0.0.1:38001:38002:participant\nserver.2=127.0.0.1:38003:38004:participant\n"
      "server.3=127.0.0.1:38005:38006:participant\nversion=0";
  Notification n;
  EXPECT_EQ(encode_notification(n, config).size(), 182u);
  auto back = decode_notification(encode_notification(n, config));
  ASSERT_TRUE(back.ok());
  EXPECT_EQ(back->config, config);
}

TEST(PeerCodec, OlderNotificationFormatsAndTheConfigVersion) {
  // 28 bytes: no peerEpoch (taken from the zxid), no version.
  auto old28 = decode_notification(i32(1) + i64(2) + i64(0x300000007) + i64(4));
  ASSERT_TRUE(old28.ok());
  EXPECT_EQ(old28->note.state, ServerState::Following);
  EXPECT_EQ(old28->note.peer_epoch, 3);
  EXPECT_EQ(old28->note.version, 0);
  // 40 bytes: peerEpoch and an int FastLeaderElection does not read (the format is taken as
  // version 0).
  auto old40 = decode_notification(i32(2) + i64(2) + i64(0x300000007) + i64(4) + i64(3) + i32(1));
  ASSERT_TRUE(old40.ok());
  EXPECT_EQ(old40->note.state, ServerState::Leading);
  EXPECT_EQ(old40->size, 40u);
  // A reconfigured ensemble's config ends with its version in hex.
  auto v = decode_notification(i32(0) + i64(1) + i64(0) + i64(1) + i64(0) + i32(2) +
                               str("server.1=a:1:2:participant\nversion=100000003"));
  ASSERT_TRUE(v.ok());
  EXPECT_EQ(v->note.config_version, 0x100000003);
}

TEST(PeerCodec, MalformedElectionBytesAreErrorsThatStick) {
  EXPECT_FALSE(decode_notification(i32(0) + i64(1)).ok());                          // 12 bytes
  EXPECT_FALSE(decode_notification(i32(9) + i64(1) + i64(0) + i64(1)).ok());         // state 9
  auto long_config = decode_notification(i32(0) + i64(1) + i64(0) + i64(1) + i64(0) + i32(2) + i32(500) + "x");
  ASSERT_FALSE(long_config.ok());
  EXPECT_NE(long_config.error().message.find("configLength 500"), std::string::npos);

  ElectionStream bad_version(true);
  bad_version.feed(i64(-7) + i64(1));
  auto r = bad_version.next();
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().message, "Got unrecognized protocol version -7");

  ElectionStream long_addr(true);
  long_addr.feed(i64(-65536) + i64(1) + i32(4096));
  ASSERT_FALSE(long_addr.next().ok());

  ElectionStream zero_frame(false);
  zero_frame.feed(i32(0));
  auto z = zero_frame.next();
  ASSERT_FALSE(z.ok());
  EXPECT_EQ(z.error().message, "Received packet with invalid packet: 0");
  zero_frame.feed(i32(4) + "abcd");
  EXPECT_FALSE(zero_frame.next().ok());  // sticky: the connection is closed
}

// --- quorum port ---------------------------------------------------------------------------

std::string packet(std::int32_t type, std::int64_t zxid, const std::string* data) {
  return i32(type) + i64(zxid) + (data ? str(*data) : i32(-1)) + i32(-1);
}

std::string stat_persisted(std::int64_t czxid, std::int64_t mzxid, std::int32_t version, std::int64_t owner) {
  return i64(czxid) + i64(mzxid) + i64(1000) + i64(2000) + i32(version) + i32(0) + i32(0) + i64(owner) + i64(czxid);
}

// What follows a SNAP: one session, the ACL cache with world:anyone, nodes "", /zookeeper,
// /zookeeper/quota, /app, then "/" and the signature.
std::string snapshot_dump() {
  std::string d = i32(1) + i64(0x100000a1b2c0000) + i32(30000);
  d += i32(1) + i64(1) + i32(1) + i32(31) + str("world") + str("anyone");
  d += str("") + i32(-1) + i64(-1) + stat_persisted(0, 0, 0, 0);
  d += str("/zookeeper") + str("") + i64(-1) + stat_persisted(0, 0, 0, 0);
  d += str("/zookeeper/quota") + str("") + i64(-1) + stat_persisted(0, 0, 0, 0);
  d += str("/app") + str("hello") + i64(1) + stat_persisted(0x100000002, 0x100000003, 1, 0x100000a1b2c0000);
  d += str("/") + str("BenWasHere");
  return d;
}

TEST(PeerCodec, TheLeadersSideOfASnapSyncInAnyChunking) {
  const std::string leaderinfo = i32(0x10000);
  const std::string newleader = kConfig;
  const std::string bytes = packet(17, 0x200000000, &leaderinfo) + packet(15, 0x100000003, nullptr) +
                            snapshot_dump() + packet(10, 0x200000000, &newleader) + packet(12, -1, nullptr);
  for (std::size_t chunk : {1u, 7u, 4096u}) {
    QuorumStream s;
    auto items = drain(s, bytes, chunk);
    ASSERT_EQ(items.size(), 5u) << chunk;
    const auto& li = std::get<QuorumRecord>(items[0]);
    EXPECT_EQ(quorum_type_name(li.type), "LEADERINFO");
    EXPECT_EQ(li.zxid, 0x200000000);
    EXPECT_EQ(decode_int_data(*li.data).value(), 0x10000);
    EXPECT_EQ(quorum_type_name(std::get<QuorumRecord>(items[1]).type), "SNAP");
    const auto& dump = std::get<SnapshotDump>(items[2]);
    ASSERT_EQ(dump.sessions.size(), 1u);
    EXPECT_EQ(dump.sessions[0].second, 30000);
    ASSERT_EQ(dump.acls.size(), 1u);
    EXPECT_EQ(dump.acls[0].second[0].id.scheme, "world");
    ASSERT_EQ(dump.nodes.size(), 4u);
    EXPECT_EQ(dump.nodes[0].path, "");
    EXPECT_FALSE(dump.nodes[0].data.has_value());
    EXPECT_EQ(dump.nodes[3].path, "/app");
    EXPECT_EQ(dump.nodes[3].data, "hello");
    EXPECT_EQ(dump.nodes[3].stat.mzxid, Zxid(0x100000003));
    EXPECT_EQ(dump.nodes[3].stat.ephemeral_owner, 0x100000a1b2c0000);
    EXPECT_EQ(dump.signature, "BenWasHere");
    EXPECT_EQ(dump.bytes, snapshot_dump().size());
    EXPECT_EQ(encode_snapshot_dump(dump), snapshot_dump());
    EXPECT_EQ(std::get<QuorumRecord>(items[3]).data, kConfig);
    EXPECT_EQ(quorum_type_name(std::get<QuorumRecord>(items[4]).type), "UPTODATE");
    EXPECT_FALSE(s.in_snapshot());
  }
}

TEST(PeerCodec, TheLearnersSideFollowerInfoAckEpochRequestAndPing) {
  const std::string info = i64(2) + i32(0x10000) + i64(0);
  const std::string ackepoch = i32(1);
  const std::string request = i64(0x100000a1b2c0000) + i32(5) + i32(1) + str("/app") + "rest";
  const std::string ping = i64(0x100000a1b2c0000) + i32(30000) + i64(0x200000a1b2c0001) + i32(4000);
  std::string bytes = packet(11, 0x100000003, &info) + packet(18, 0x100000003, &ackepoch);
  bytes += i32(1) + i64(-1) + str(request) + i32(1) + str("ip") + str("127.0.0.1");  // authinfo
  bytes += packet(5, 0x200000001, &ping);
  QuorumStream s;
  auto items = drain(s, bytes, 3);
  ASSERT_EQ(items.size(), 4u);
  auto li = decode_learner_info(*std::get<QuorumRecord>(items[0]).data);
  ASSERT_TRUE(li.ok());
  EXPECT_EQ(li->sid, 2);
  EXPECT_EQ(li->protocol, 0x10000);
  EXPECT_EQ(decode_int_data(*std::get<QuorumRecord>(items[1]).data).value(), 1);
  const auto& req = std::get<QuorumRecord>(items[2]);
  ASSERT_TRUE(req.authinfo.has_value());
  EXPECT_EQ((*req.authinfo)[0].id, "127.0.0.1");
  auto fwd = decode_forwarded_request(*req.data);
  ASSERT_TRUE(fwd.ok());
  EXPECT_EQ(fwd->cxid, 5);
  EXPECT_EQ(fwd->type, 1);
  EXPECT_EQ(fwd->request, str("/app") + "rest");
  auto sessions = decode_learner_ping(*std::get<QuorumRecord>(items[3]).data);
  ASSERT_TRUE(sessions.ok());
  ASSERT_EQ(sessions->size(), 2u);
  EXPECT_EQ(sessions.value()[1].second, 4000);
  EXPECT_FALSE(decode_learner_ping("12345").ok());
}

TEST(PeerCodec, MalformedQuorumStreamsAreErrors) {
  QuorumStream negative;
  negative.feed(i32(2) + i64(1) + i32(-5));
  EXPECT_FALSE(negative.next().ok());

  // A length past the limit is refused at once, not waited for.
  QuorumStream huge(1024);
  huge.feed(i32(2) + i64(1) + i32(1 << 30));
  auto h = huge.next();
  ASSERT_FALSE(h.ok());
  EXPECT_NE(h.error().message.find("exceeds 1024"), std::string::npos);

  // A dump whose signature is not ZooKeeper's.
  std::string dump = snapshot_dump();
  dump.replace(dump.size() - 10, 10, "BenWasGone");
  QuorumStream bad_sig;
  bad_sig.feed(packet(15, 1, nullptr) + dump);
  ASSERT_TRUE(bad_sig.next().ok());
  auto sig = bad_sig.next();
  ASSERT_FALSE(sig.ok());
  EXPECT_NE(sig.error().message.find("BenWasGone"), std::string::npos);

  // Incomplete input is not an error: it waits.
  QuorumStream partial;
  partial.feed(i32(2) + i64(1) + i32(100) + "abc");
  auto p = partial.next();
  ASSERT_TRUE(p.ok());
  EXPECT_FALSE(p.value().has_value());
}

// --- txns -----------------------------------------------------------------------------------

std::string header(std::int64_t session, std::int32_t cxid, std::int64_t zxid, std::int32_t type) {
  return i64(session) + i32(cxid) + i64(zxid) + i64(1765000000000) + i32(type);
}

TEST(PeerCodec, AProposalsCreateTxnWithItsDigest) {
  const std::string acl = i32(1) + i32(31) + str("world") + str("anyone");
  const std::string bytes = header(0x100000a1b2c0000, 1, 0x100000004, 1) + str("/app") + str("v1") + acl +
                            std::string(1, '\1') + i32(3) + i32(2) + i64(1371985504);
  auto t = decode_txn(bytes);
  ASSERT_TRUE(t.ok()) << t.error().message;
  EXPECT_EQ(txn_type_name(t->type), "create");
  EXPECT_EQ(t->zxid, 0x100000004);
  EXPECT_EQ(t->path, "/app");
  EXPECT_EQ(t->data, "v1");
  EXPECT_TRUE(t->ephemeral);
  EXPECT_EQ(t->version, 3);  // parentCVersion
  ASSERT_TRUE(t->digest.has_value());
  EXPECT_EQ(*t->digest, 1371985504);
  EXPECT_EQ(encode_txn(t.value()), bytes);
}

TEST(PeerCodec, MultiCloseSessionAndCreateSessionTxns) {
  std::string multi = header(7, 9, 0x100000010, 14) + i32(3);
  const std::string create = str("/a") + str("") + i32(1) + i32(31) + str("world") + str("anyone") + std::string(1, '\0') + i32(0);
  const std::string set = str("/b") + str("x") + i32(-1);
  const std::string err = i32(-101);
  multi += i32(1) + str(create) + i32(5) + str(set) + i32(-1) + str(err);
  auto m = decode_txn(multi);
  ASSERT_TRUE(m.ok()) << m.error().message;
  ASSERT_EQ(m->ops.size(), 3u);
  EXPECT_EQ(m->ops[0].path, "/a");
  EXPECT_EQ(m->ops[1].data, "x");
  EXPECT_EQ(m->ops[2].err, -101);
  EXPECT_FALSE(m->digest.has_value());
  EXPECT_EQ(encode_txn(m.value()), multi);

  // closeSession with the ephemerals it removes, and with the digest after them.
  auto close = decode_txn(header(7, 0, 0x100000011, -11) + i32(2) + str("/e1") + str("/e2") + i32(2) + i64(99));
  ASSERT_TRUE(close.ok()) << close.error().message;
  EXPECT_EQ(close->paths, (std::vector<std::string>{"/e1", "/e2"}));
  EXPECT_EQ(close->digest, 99);
  // closeSession txns disabled: the digest follows the header directly.
  auto bare = decode_txn(header(7, 0, 0x100000012, -11) + i32(2) + i64(99));
  ASSERT_TRUE(bare.ok()) << bare.error().message;
  EXPECT_TRUE(bare->paths.empty());
  EXPECT_EQ(bare->digest, 99);

  auto session = decode_txn(header(7, 0, 0x100000001, -10) + i32(30000));
  ASSERT_TRUE(session.ok());
  EXPECT_EQ(txn_type_name(session->type), "createSession");
  EXPECT_EQ(session->timeout, 30000);

  EXPECT_FALSE(decode_txn(header(7, 0, 1, 42)).ok());                   // no such txn type
  EXPECT_FALSE(decode_txn(header(7, 0, 1, -10) + i32(1) + "zz").ok());  // trailing bytes
}

}  // namespace
}  // namespace zs::wire

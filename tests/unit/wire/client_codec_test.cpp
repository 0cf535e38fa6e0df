// The client port's messages: hand-built bytes reasoned out from zookeeper.jute, real bytes
// captured between a real zkCli and a real 3.8.0 server (captured/zkcli_session.hex), round
// trips through both directions' encoders and decoders, and malformed replies.
#include "wire/client_codec.hpp"

#include <gtest/gtest.h>

#include <fstream>
#include <map>
#include <sstream>

namespace zs::wire {
namespace {

std::string unhex(std::string_view h) {
  std::string out;
  for (std::size_t i = 0; i + 1 < h.size(); i += 2) {
    out.push_back(static_cast<char>(std::stoi(std::string(h.substr(i, 2)), nullptr, 16)));
  }
  return out;
}

std::string hex(std::string_view b) {
  static const char* d = "0123456789abcdef";
  std::string s;
  for (unsigned char c : b) {
    s.push_back(d[c >> 4]);
    s.push_back(d[c & 15]);
  }
  return s;
}

TEST(WireCodec, ConnectRequestIsA45ByteFrame) {
  ConnectRequestRecord c;
  c.timeout_ms = 30000;
  const std::string f = frame(encode_connect_request(c));
  // int len 45 | int protocolVersion 0 | long lastZxidSeen 0 | int timeOut 30000 |
  // long sessionId 0 | buffer passwd (int 16 + 16 zeros) | boolean readOnly false
  EXPECT_EQ(hex(f),
            "0000002d"
            "00000000"
            "0000000000000000"
            "00007530"
            "0000000000000000"
            "00000010" +
                std::string(32, '0') + "00");
  auto back = decode_connect_request(encode_connect_request(c));
  ASSERT_TRUE(back.ok());
  EXPECT_EQ(back.value(), c);
}

TEST(WireCodec, ConnectResponseWithAndWithoutReadOnly) {
  // As a 3.8.0 server answered (captured): 37 bytes, session 0x10002cd06d90000.
  const std::string body =
      unhex("0000000000007530010002cd06d9000000000010ad02482d36c32144d36d8bc96f9d2fe300");
  auto r = decode_connect_response(body);
  ASSERT_TRUE(r.ok()) << r.error().to_string();
  EXPECT_EQ(body.size(), 37u);
  EXPECT_EQ(r->timeout_ms, 30000);
  EXPECT_EQ(r->session_id, 0x10002cd06d90000LL);
  EXPECT_EQ(r->password.size(), 16u);
  EXPECT_TRUE(r->has_read_only);
  EXPECT_FALSE(r->read_only);
  // An older server leaves out readOnly: 36 bytes, still a session.
  auto old = decode_connect_response(body.substr(0, 36));
  ASSERT_TRUE(old.ok());
  EXPECT_FALSE(old->has_read_only);
  EXPECT_EQ(old->session_id, r->session_id);
  // A read-only server sets the flag.
  ConnectResponseRecord ro = r.value();
  ro.read_only = true;
  EXPECT_TRUE(decode_connect_response(encode_connect_response(ro))->read_only);
  // Cut inside the password: an error naming it.
  auto cut = decode_connect_response(body.substr(0, 20));
  ASSERT_FALSE(cut.ok());
  EXPECT_NE(cut.error().message.find("passwd at offset 16"), std::string::npos)
      << cut.error().message;
}

TEST(WireCodec, PingAuthAndCloseBytes) {
  EXPECT_EQ(hex(frame(encode_ping())),
            "00000008"
            "fffffffe"
            "0000000b");
  EXPECT_EQ(hex(encode_close_session(17)),
            "00000011"
            "fffffff5");
  // RequestHeader{-4, 100} + AuthPacket{int 0, ustring "digest", buffer "u:p"}
  EXPECT_EQ(hex(encode_auth("digest", std::string("u:p"))),
            "fffffffc"
            "00000064"
            "00000000"
            "00000006" +
                hex("digest") + "00000003" + hex("u:p"));
  EXPECT_EQ(hex(encode_auth("x", std::nullopt)).substr(16 + 8 + 10), "ffffffff");
  auto d = decode_request(encode_auth("digest", std::string("u:p")));
  ASSERT_TRUE(d.ok());
  EXPECT_EQ(d->xid, kAuthXid);
  EXPECT_EQ(d->auth_scheme, "digest");
  EXPECT_EQ(d->auth, std::optional<std::string>("u:p"));
}

TEST(WireCodec, SetWatchesPicksOpcode101Or105) {
  SetWatchesRequest s;
  s.relative_zxid = Zxid(0x100000005);
  s.data = {"/a"};
  s.child = {"/b", "/c"};
  auto plain = encode_request(kSetWatchesXid, s);
  ASSERT_TRUE(plain.ok());
  // header -8 / 101 | long relativeZxid | data[1] "/a" | exist[0] | child[2] "/b" "/c"
  EXPECT_EQ(hex(plain.value()),
            "fffffff8"
            "00000065"
            "0000000100000005"
            "00000001"
            "00000002" +
                hex("/a") +
                "00000000"
                "00000002"
                "00000002" +
                hex("/b") + "00000002" + hex("/c"));
  s.persistent_recursive = {"/r"};
  auto v2 = encode_request(kSetWatchesXid, s);
  ASSERT_TRUE(v2.ok());
  EXPECT_EQ(hex(v2.value()).substr(8, 8), "00000069");
  EXPECT_EQ(hex(v2.value()).substr(hex(v2.value()).size() - 28),
            "00000000"
            "00000001"
            "00000002" +
                hex("/r"));
}

TEST(WireCodec, RequestsAClientCannotSendAreErrors) {
  EXPECT_FALSE(encode_request(1, ConnectRequest{}).ok());
  EXPECT_FALSE(encode_request(1, WriteRequest{CreateSessionRequest{}}).ok());
  EXPECT_FALSE(encode_request(1, ReadRequest{opcode::kSetData, "/a", false}).ok());
}

// Every request the console sends: encode, decode as a server does, encode again.
TEST(WireCodec, EveryRequestRoundTrips) {
  CreateRequest ttl{"/t", "d", open_acl_unsafe(), create_mode::kPersistentWithTtl, 5000, 0, false};
  CreateRequest container{"/c", "", open_acl_unsafe(), create_mode::kContainer, -1, 0, true};
  CreateRequest two{"/2", "x", {{perms::kRead, {"digest", "u:abc="}}}, 3, -1, opcode::kCreate2,
                    false};
  MultiRequest multi;
  multi.ops = {CreateRequest{"/m", "1", open_acl_unsafe(), 0, -1, 0, false},
               DeleteRequest{"/m/x", 3}, SetDataRequest{"/m", "2", -1},
               CheckVersionRequest{"/m", 4}};
  SetWatchesRequest sw{Zxid(9), {"/d"}, {"/e"}, {"/c"}, {"/p"}, {"/pr"}};
  const std::vector<ClientCall> calls = {WriteRequest{ttl},
                                         WriteRequest{container},
                                         WriteRequest{two},
                                         WriteRequest{DeleteRequest{"/a", 7}},
                                         WriteRequest{SetDataRequest{"/a", "v", 2}},
                                         WriteRequest{SetAclRequest{"/a", read_acl_unsafe(), 1}},
                                         WriteRequest{CheckVersionRequest{"/a", 1}},
                                         WriteRequest{multi},
                                         WriteRequest{CloseSessionRequest{}},
                                         ReadRequest{opcode::kExists, "/a", true},
                                         ReadRequest{opcode::kGetData, "/a", false},
                                         ReadRequest{opcode::kGetChildren, "/", true},
                                         ReadRequest{opcode::kGetChildren2, "/", false},
                                         ReadRequest{opcode::kGetAcl, "/a", false},
                                         ReadRequest{op::kGetAllChildrenNumber, "/a", false},
                                         ReadRequest{op::kWhoAmI, "", false},
                                         SyncRequest{"/"},
                                         AddWatchRequest{"/a", WatcherMode::PersistentRecursive},
                                         RemoveWatchesRequest{"/a", WatcherType::Data},
                                         sw};
  std::int32_t xid = 1;
  for (const ClientCall& call : calls) {
    auto bytes = encode_request(xid, call);
    ASSERT_TRUE(bytes.ok()) << call.index();
    auto d = decode_request(bytes.value());
    ASSERT_TRUE(d.ok()) << d.error().to_string();
    EXPECT_EQ(d->xid, xid);
    EXPECT_EQ(d->op, opcode_of(call));
    ASSERT_TRUE(d->call.has_value());
    EXPECT_EQ(encode_request(xid, *d->call).value(), bytes.value()) << "op " << d->op;
    ++xid;
  }
  auto t = decode_request(encode_request(1, WriteRequest{ttl}).value());
  const auto& c = std::get<CreateRequest>(std::get<WriteRequest>(*t->call));
  EXPECT_EQ(t->op, opcode::kCreateTtl);
  EXPECT_EQ(c.ttl_ms, 5000);
  auto n = decode_request(encode_request(1, WriteRequest{container}).value());
  EXPECT_EQ(n->op, opcode::kCreateContainer);
  EXPECT_TRUE(std::get<CreateRequest>(std::get<WriteRequest>(*n->call)).null_data)
      << "create without data sends a null buffer, not an empty one";
}

Stat sample_stat() {
  Stat s;
  s.czxid = Zxid(0x100000002);
  s.mzxid = Zxid(0x100000003);
  s.ctime = 1700000000000;
  s.mtime = 1700000000500;
  s.version = 1;
  s.cversion = 2;
  s.aversion = 3;
  s.ephemeral_owner = 0x10002cd06d90000;
  s.data_length = 4;
  s.num_children = 5;
  s.pzxid = Zxid(0x100000004);
  return s;
}

// Every reply body: encode as a server, decode as a client.
TEST(WireCodec, EveryReplyRoundTrips) {
  ClientResult r;
  r.path = "/p0000000001";
  r.data = std::string("d\0a", 3);
  r.stat = sample_stat();
  r.children = {"a", "b"};
  r.acl = {{perms::kAll, {"world", "anyone"}}, {perms::kRead, {"ip", "10.0.0.0/8"}}};
  r.multi = {OpResult{opcode::kCreate, Code::Ok, "/m", {}},
             OpResult{opcode::kDelete, Code::Ok, "", {}},
             OpResult{opcode::kSetData, Code::Ok, "", sample_stat()},
             OpResult{opcode::kCreate2, Code::Ok, "/n", sample_stat()}};
  const std::vector<std::int32_t> ops = {
      opcode::kCreate,    opcode::kCreate2,     opcode::kCreateContainer,
      opcode::kCreateTtl, opcode::kDelete,      opcode::kExists,
      opcode::kGetData,   opcode::kSetData,     opcode::kGetAcl,
      opcode::kSetAcl,    opcode::kGetChildren, opcode::kGetChildren2,
      opcode::kSync,      opcode::kMulti,       op::kAddWatch,
      op::kRemoveWatches, op::kGetEphemerals, op::kGetAllChildrenNumber,
      op::kWhoAmI};
  r.total_number = 10105;
  r.client_info = {{"ip", "127.0.0.1"}, {"digest", "user"}};
  for (std::int32_t o : ops) {
    const std::string bytes = encode_reply(42, Zxid(0x100000009), Code::Ok, o, r);
    auto d = decode_reply(bytes, o);
    ASSERT_TRUE(d.ok()) << o << ": " << d.error().to_string();
    EXPECT_EQ(d->xid, 42);
    EXPECT_EQ(d->zxid, Zxid(0x100000009));
    EXPECT_EQ(encode_reply(42, Zxid(0x100000009), Code::Ok, o, d->result), bytes) << "op " << o;
    if (d->result.has_stat) {
      EXPECT_EQ(d->result.stat, sample_stat()) << o;
    }
  }
  auto g = decode_reply(encode_reply(1, Zxid(1), Code::Ok, opcode::kGetData, r), opcode::kGetData);
  EXPECT_EQ(g->result.data, r.data);
  auto a = decode_reply(encode_reply(1, Zxid(1), Code::Ok, opcode::kGetAcl, r), opcode::kGetAcl);
  EXPECT_EQ(a->result.acl, r.acl);
  auto m = decode_reply(encode_reply(1, Zxid(1), Code::Ok, opcode::kMulti, r), opcode::kMulti);
  ASSERT_EQ(m->result.multi.size(), 4u);
  EXPECT_EQ(m->result.multi[0].path, "/m");
  EXPECT_EQ(m->result.multi[3].stat, sample_stat());
  ClientResult nul;
  nul.null_data = true;
  auto n =
      decode_reply(encode_reply(1, Zxid(1), Code::Ok, opcode::kGetData, nul), opcode::kGetData);
  EXPECT_TRUE(n->result.null_data);
}

// zookeeper.jute: GetAllChildrenNumberRequest{ustring path} -> {int totalNumber}; whoAmI is a
// bare request header -> WhoAmIResponse{vector<ClientInfo{ustring authScheme; ustring user}>}.
TEST(WireCodec, GetAllChildrenNumberAndWhoAmIBytes) {
  EXPECT_EQ(hex(encode_request(3, ReadRequest{op::kGetAllChildrenNumber, "/a", false}).value()),
            "00000003"
            "00000068"
            "00000002"
            "2f61");
  EXPECT_EQ(hex(encode_request(4, ReadRequest{op::kWhoAmI, "", false}).value()),
            "00000004"
            "0000006b");
  auto n = decode_reply(unhex("00000003"
                              "0000000100000002"
                              "00000000"
                              "00000003"),
                        op::kGetAllChildrenNumber);
  ASSERT_TRUE(n.ok()) << n.error().to_string();
  EXPECT_EQ(n->result.total_number, 3);
  auto w = decode_reply(unhex("00000004"
                              "0000000100000002"
                              "00000000"
                              "00000001"
                              "00000002"
                              "6970"
                              "00000009"
                              "3132372e302e302e31"),
                        op::kWhoAmI);
  ASSERT_TRUE(w.ok()) << w.error().to_string();
  EXPECT_EQ(w->result.client_info, (std::vector<ClientInfo>{{"ip", "127.0.0.1"}}));
  // A count of identities the bytes cannot hold is an error before anything is reserved.
  auto bad = decode_reply(unhex("00000004"
                                "0000000100000002"
                                "00000000"
                                "7fffffff"
                                "00000000"),
                          op::kWhoAmI);
  EXPECT_FALSE(bad.ok());
}

TEST(WireCodec, ErrorReplyHasNoBody) {
  // exists of a missing node: ReplyHeader{xid 5, zxid 0x7, err -101}, nothing after it.
  const std::string bytes = unhex(
      "00000005"
      "0000000000000007"
      "ffffff9b");
  auto d = decode_reply(bytes, opcode::kExists);
  ASSERT_TRUE(d.ok());
  EXPECT_EQ(d->err, Code::NoNode);
  EXPECT_FALSE(d->result.has_stat);
  EXPECT_EQ(encode_reply(5, Zxid(7), Code::NoNode, opcode::kExists, ClientResult{}), bytes);
}

TEST(WireCodec, MultiWithAFailedOpCarriesErrorResults) {
  // A multi whose second op failed: every op answers an ErrorResult (type -1), the one that
  // failed with its code, the others with 0 (done before) or -2 (not run).
  ClientResult r;
  r.multi = {OpResult{opcode::kError, Code::Ok, "", {}},
             OpResult{opcode::kError, Code::NoNode, "", {}},
             OpResult{opcode::kError, Code::RuntimeInconsistency, "", {}}};
  const std::string bytes = encode_reply(3, Zxid(8), Code::Ok, opcode::kMulti, r);
  EXPECT_EQ(hex(bytes).substr(32, 26),
            "ffffffff"
            "00"
            "00000000"
            "00000000");
  auto d = decode_reply(bytes, opcode::kMulti);
  ASSERT_TRUE(d.ok());
  ASSERT_EQ(d->result.multi.size(), 3u);
  EXPECT_EQ(d->result.multi[1].type, opcode::kError);
  EXPECT_EQ(d->result.multi[1].err, Code::NoNode);
  EXPECT_EQ(d->result.multi[2].err, Code::RuntimeInconsistency);
}

TEST(WireCodec, MalformedRepliesAreErrorsNotCrashes) {
  ClientResult r;
  r.data = "value";
  r.stat = sample_stat();
  const std::string full = encode_reply(9, Zxid(1), Code::Ok, opcode::kGetData, r);
  for (std::size_t n = 0; n < full.size(); ++n) {
    auto d = decode_reply(std::string_view(full).substr(0, n), opcode::kGetData);
    EXPECT_FALSE(d.ok()) << "a getData reply cut to " << n << " bytes decoded";
    if (!d.ok()) {
      EXPECT_FALSE(d.error().message.empty());
    }
  }
  // getChildren announcing 2^31-1 children with 10 bytes left.
  std::string huge = unhex(
      "00000009"
      "0000000000000001"
      "00000000"
      "7fffffff");
  huge += std::string(10, 'a');
  auto h = decode_reply(huge, opcode::kGetChildren);
  ASSERT_FALSE(h.ok());
  EXPECT_EQ(h.error().message,
            "reply: children at offset 16: count 2147483647 cannot fit in the 10 bytes left");
  // getData whose data length is 2 GB.
  auto g = decode_reply(unhex("00000009"
                              "0000000000000001"
                              "00000000"
                              "7ffffff0"
                              "00"),
                        opcode::kGetData);
  ASSERT_FALSE(g.ok());
  EXPECT_NE(g.error().message.find("data at offset 16: length 2147483632"), std::string::npos);
  // A multi result of a type no multi has.
  auto m = decode_reply(unhex("00000009"
                              "0000000000000001"
                              "00000000"
                              "00000004"
                              "00"
                              "00000000"),
                        opcode::kMulti);
  ASSERT_FALSE(m.ok());
  EXPECT_NE(m.error().message.find("result type 4"), std::string::npos);
}

TEST(WireCodec, WatchEventBytes) {
  // As captured: NodeDeleted /zk_test/eph, SyncConnected, header xid -1 zxid -1 err 0.
  const std::string bytes = unhex(
      "ffffffffffffffffffffffff00000000"
      "00000002"
      "00000003"
      "0000000c" +
      hex("/zk_test/eph"));
  auto e = decode_watch_event(bytes);
  ASSERT_TRUE(e.ok());
  EXPECT_EQ(e->type, EventType::NodeDeleted);
  EXPECT_EQ(e->state, 3);
  EXPECT_EQ(e->path, "/zk_test/eph");
  EXPECT_EQ(encode_watch_event(e.value()), bytes);
}

// --- the captured real session --------------------------------------------------------------

struct Capture {
  std::vector<std::string> client_frames;  // connect request first
  std::vector<std::string> server_frames;  // connect response first
};

// The frames of each TCP connection in a capture file ("--" lines separate connections).
std::vector<Capture> load_captures(const std::string& name) {
  std::ifstream in(std::string(ZS_SOURCE_DIR) + "/tests/unit/wire/captured/" + name);
  EXPECT_TRUE(in.good()) << name;
  std::vector<Capture> all(1);
  FrameSplitter to_server;
  FrameSplitter to_client;
  std::string line;
  while (std::getline(in, line)) {
    if (line.empty() || line[0] == '#') continue;
    if (line == "--") {
      EXPECT_EQ(to_server.buffered(), 0u);
      EXPECT_EQ(to_client.buffered(), 0u);
      to_server = FrameSplitter();
      to_client = FrameSplitter();
      all.emplace_back();
      continue;
    }
    const bool from_client = line[0] == 'C';
    FrameSplitter& s = from_client ? to_server : to_client;
    s.feed(unhex(line.substr(2)));
    while (true) {
      auto f = s.next();
      EXPECT_TRUE(f.ok());
      if (!f.ok() || !f.value()) break;
      (from_client ? all.back().client_frames : all.back().server_frames).push_back(*f.value());
    }
  }
  EXPECT_EQ(to_server.buffered(), 0u);
  EXPECT_EQ(to_client.buffered(), 0u);
  return all;
}

Capture load_capture(const std::string& name) { return load_captures(name).at(0); }

TEST(WireCodec, CapturedZkCliSessionDecodesAndReencodesByteForByte) {
  const Capture cap = load_capture("zkcli_session.hex");
  ASSERT_GE(cap.client_frames.size(), 2u);
  ASSERT_GE(cap.server_frames.size(), 2u);
  auto creq = decode_connect_request(cap.client_frames[0]);
  ASSERT_TRUE(creq.ok());
  EXPECT_EQ(creq->timeout_ms, 30000);
  EXPECT_EQ(encode_connect_request(creq.value()), cap.client_frames[0]);
  auto cresp = decode_connect_response(cap.server_frames[0]);
  ASSERT_TRUE(cresp.ok());
  EXPECT_EQ(encode_connect_response(cresp.value()), cap.server_frames[0]);

  std::map<std::int32_t, std::int32_t> op_of_xid;
  for (std::size_t i = 1; i < cap.client_frames.size(); ++i) {
    auto d = decode_request(cap.client_frames[i]);
    ASSERT_TRUE(d.ok()) << i << ": " << d.error().to_string();
    op_of_xid[d->xid] = d->op;
    const std::string again = d->op == opcode::kPing ? encode_ping()
                              : d->op == opcode::kCloseSession
                                  ? encode_close_session(d->xid)
                                  : encode_request(d->xid, *d->call).value();
    EXPECT_EQ(hex(again), hex(cap.client_frames[i])) << "request " << i << " op " << d->op;
  }
  std::map<std::int32_t, DecodedReply> replies;
  std::vector<WatchEventRecord> events;
  for (std::size_t i = 1; i < cap.server_frames.size(); ++i) {
    auto h = decode_reply_header(cap.server_frames[i]);
    ASSERT_TRUE(h.ok());
    if (h->xid == kNotificationXid) {
      auto e = decode_watch_event(cap.server_frames[i]);
      ASSERT_TRUE(e.ok());
      EXPECT_EQ(encode_watch_event(e.value()), cap.server_frames[i]);
      events.push_back(e.value());
      continue;
    }
    ASSERT_TRUE(op_of_xid.count(h->xid)) << "a reply to xid " << h->xid << " nobody sent";
    const std::int32_t o = op_of_xid[h->xid];
    auto d = decode_reply(cap.server_frames[i], o);
    ASSERT_TRUE(d.ok()) << d.error().to_string();
    EXPECT_EQ(hex(encode_reply(d->xid, d->zxid, d->err, o, d->result)), hex(cap.server_frames[i]))
        << "reply to op " << o;
    replies[d->xid] = d.value();
  }
  // What zkCli printed for these (see the header of the capture).
  EXPECT_EQ(replies.at(1).result.path, "/zk_test");  // create
  EXPECT_EQ(replies.at(2).result.children,
            (std::vector<std::string>{"zookeeper", "zk_test"}));  // ls /
  EXPECT_EQ(replies.at(3).result.data, "my_data");                // get
  EXPECT_EQ(replies.at(3).result.stat.czxid, Zxid(2));
  EXPECT_EQ(replies.at(4).result.stat.version, 1);                            // set
  EXPECT_EQ(replies.at(5).result.stat.mzxid, Zxid(3));                        // stat
  EXPECT_EQ(replies.at(8).result.acl, open_acl_unsafe());                     // getAcl
  EXPECT_EQ(replies.at(9).result.children, std::vector<std::string>{"eph"});  // ls -s
  EXPECT_EQ(replies.at(9).result.stat.num_children, 1);
  EXPECT_EQ(replies.at(12).result.path, "/zk_test/seq0000000001");  // create -s
  ASSERT_EQ(replies.at(15).result.multi.size(), 2u);                // deleteall's multi
  EXPECT_EQ(replies.at(15).result.multi[0].type, opcode::kDelete);
  EXPECT_EQ(replies.at(16).result.path, "/");  // sync
  EXPECT_EQ(op_of_xid.at(10), op::kAddWatch);
  EXPECT_EQ(op_of_xid.at(17), opcode::kCloseSession);
  ASSERT_EQ(events.size(), 4u);
  EXPECT_EQ(events[0], (WatchEventRecord{EventType::NodeDeleted, 3, "/zk_test/eph"}));
  EXPECT_EQ(events[1], (WatchEventRecord{EventType::NodeCreated, 3, "/zk_test/seq0000000001"}));
  EXPECT_EQ(events[3], (WatchEventRecord{EventType::NodeDeleted, 3, "/zk_test"}));
}

TEST(WireCodec, CapturedReconnectWithSetWatches2) {
  const std::vector<Capture> conns = load_captures("zkcli_reconnect_setwatches.hex");
  ASSERT_EQ(conns.size(), 2u);
  auto first = decode_connect_response(conns[0].server_frames.at(0));
  ASSERT_TRUE(first.ok());
  // The reconnect: same session and password, and the last zxid the client saw.
  auto again = decode_connect_request(conns[1].client_frames.at(0));
  ASSERT_TRUE(again.ok());
  EXPECT_EQ(again->session_id, first->session_id);
  EXPECT_EQ(again->password, first->password);
  EXPECT_EQ(again->last_zxid_seen, Zxid(0x2755));
  EXPECT_EQ(encode_connect_request(again.value()), conns[1].client_frames[0]);
  for (const Capture& c : conns) {
    for (std::size_t i = 1; i < c.client_frames.size(); ++i) {
      auto d = decode_request(c.client_frames[i]);
      ASSERT_TRUE(d.ok()) << d.error().to_string();
      if (d->op == opcode::kCloseSession) continue;
      EXPECT_EQ(hex(encode_request(d->xid, *d->call).value()), hex(c.client_frames[i])) << d->op;
    }
  }
  auto sw = decode_request(conns[1].client_frames.at(1));
  ASSERT_TRUE(sw.ok());
  EXPECT_EQ(sw->op, op::kSetWatches2);
  EXPECT_EQ(sw->xid, 6) << "3.8.0's client gives SetWatches an ordinary xid";
  const auto& w = std::get<SetWatchesRequest>(*sw->call);
  EXPECT_EQ(w.relative_zxid, Zxid(0x2755));
  EXPECT_EQ(w.data, std::vector<std::string>{"/sw"});
  EXPECT_EQ(w.exist, std::vector<std::string>{"/missing"});
  EXPECT_EQ(w.child, std::vector<std::string>{"/"});
  EXPECT_EQ(w.persistent, std::vector<std::string>{"/pp"});
  EXPECT_EQ(w.persistent_recursive, std::vector<std::string>{"/pw"});
  // addWatch answers ErrorResponse{0}; exists of a missing node answers NONODE, no body.
  auto add = decode_reply(conns[0].server_frames.at(3), op::kAddWatch);
  ASSERT_TRUE(add.ok());
  EXPECT_EQ(add->err, Code::Ok);
  auto missing = decode_reply(conns[0].server_frames.at(5), opcode::kExists);
  ASSERT_TRUE(missing.ok());
  EXPECT_EQ(missing->err, Code::NoNode);
}

}  // namespace
}  // namespace zs::wire

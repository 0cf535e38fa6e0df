// to_json / write_jsonl: every event type parses back with the fields documented in
// docs/trace-schema.md, keys come in a fixed order, and the same events give the same bytes.
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "trace/trace.hpp"

namespace zs {
namespace {

using nlohmann::json;

TraceContext ctx3() {
  TraceContext c;
  c.election_address = {"", "127.0.0.1:3888", "127.0.0.1:3889", "127.0.0.1:3890"};
  c.quorum_address = {"", "127.0.0.1:2888", "127.0.0.1:2889", "127.0.0.1:2890"};
  return c;
}

Notification looking_vote(Sid leader, std::int64_t round) {
  Notification n;
  n.state = ServerState::Looking;
  n.leader = leader;
  n.election_epoch = round;
  return n;
}

Vote vote(Sid leader, std::int64_t zxid, std::int64_t round, std::int64_t epoch) {
  Vote v;
  v.leader = leader;
  v.zxid = Zxid(zxid);
  v.election_epoch = round;
  v.peer_epoch = epoch;
  return v;
}

// One event of every type and message kind, with the JSON line docs/trace-schema.md shows.
struct Example {
  TraceEvent event;
  std::string json;
};

std::vector<Example> examples() {
  std::vector<Example> ex;
  ex.push_back({{1205, MessageSent{17, Envelope{1, 2, looking_vote(2, 1)}, 1207}},
                R"({"t":1205,"type":"send","id":17,"from":1,"to":2,"deliver_at":1207,"msg":{"kind":"notification","state":"LOOKING","leader":2,"zxid":"0x0","round":1,"peerEpoch":0,"version":2,"configVersion":0}})"});
  ex.push_back({{1300, MessageSent{18, Envelope{3, 1, looking_vote(3, 1)}, kNever}},
                R"({"t":1300,"type":"send","id":18,"from":3,"to":1,"deliver_at":null,"msg":{"kind":"notification","state":"LOOKING","leader":3,"zxid":"0x0","round":1,"peerEpoch":0,"version":2,"configVersion":0}})"});
  ex.push_back({{1207, MessageDelivered{17, Envelope{1, 2, looking_vote(2, 1)}, 1205}},
                R"({"t":1207,"type":"deliver","id":17,"from":1,"to":2,"sent_at":1205,"msg":{"kind":"notification","state":"LOOKING","leader":2,"zxid":"0x0","round":1,"peerEpoch":0,"version":2,"configVersion":0}})"});
  ex.push_back({{1300, MessageDropped{18, Envelope{3, 1, looking_vote(3, 1)}, 1300, DropReason::Loss}},
                R"({"t":1300,"type":"drop","id":18,"from":3,"to":1,"sent_at":1300,"reason":"loss","msg":{"kind":"notification","state":"LOOKING","leader":3,"zxid":"0x0","round":1,"peerEpoch":0,"version":2,"configVersion":0}})"});
  QuorumPacket li{PacketType::LeaderInfo, Zxid::make(1, 0), 0x10000};
  li.cnx = 1;
  ex.push_back({{2100, MessageSent{30, Envelope{2, 1, li}, 2101}},
                R"({"t":2100,"type":"send","id":30,"from":2,"to":1,"deliver_at":2101,"msg":{"kind":"packet","packet":"LEADERINFO","zxid":"0x100000000","data":65536,"cnx":1}})"});
  ex.push_back({{10, MessageSent{2, Envelope{2, 1, ElectionConnect{}}, 11}},
                R"({"t":10,"type":"send","id":2,"from":2,"to":1,"deliver_at":11,"msg":{"kind":"election_connect"}})"});
  ex.push_back({{11, MessageDelivered{2, Envelope{2, 1, Connected{Channel::Election}}, 11}},
                R"({"t":11,"type":"deliver","id":2,"from":2,"to":1,"sent_at":11,"msg":{"kind":"connected","channel":"election"}})"});
  ex.push_back({{12, MessageDelivered{3, Envelope{1, 3, ConnectFailed{Channel::Election, false}}, 11}},
                R"({"t":12,"type":"deliver","id":3,"from":1,"to":3,"sent_at":11,"msg":{"kind":"connect_failed","channel":"election","timedOut":false,"cnx":0}})"});
  ConnectionClosed closed{Channel::Quorum};
  closed.cnx = 1;
  ex.push_back({{5000, MessageDelivered{90, Envelope{2, 1, closed}, 5000}},
                R"({"t":5000,"type":"deliver","id":90,"from":2,"to":1,"sent_at":5000,"msg":{"kind":"connection_closed","channel":"quorum","cnx":1}})"});
  ex.push_back({{2001, StateChanged{2, PeerStatus::Looking, PeerStatus::Leading}},
                R"({"t":2001,"type":"state","sid":2,"from":"LOOKING","to":"LEADING"})"});
  ex.push_back({{2001, VoteChanged{3, vote(1, 0, 1, 0), vote(3, 0, 1, 0), VoteRule::HigherSid, 3}},
                R"({"t":2001,"type":"vote","sid":3,"rule":"higher_sid","because_of":3,"from":{"leader":1,"zxid":"0x0","round":1,"peerEpoch":0,"state":"LOOKING","version":0},"to":{"leader":3,"zxid":"0x0","round":1,"peerEpoch":0,"state":"LOOKING","version":0}})"});
  ex.push_back({{2100, EpochChanged{2, EpochKind::Accepted, 0, 1}},
                R"({"t":2100,"type":"epoch","sid":2,"kind":"accepted","from":0,"to":1})"});
  ex.push_back({{2100, ZabStateChanged{1, ZabState::Synchronization, SyncMode::Diff}},
                R"({"t":2100,"type":"zab","sid":1,"zab":"synchronization","sync":"diff"})"});
  ex.push_back({{0, Fault{FaultKind::Start, 1, 0, 0}}, R"({"t":0,"type":"fault","kind":"start","sid":1})"});
  ex.push_back({{100, Fault{FaultKind::CutLink, 1, 2, 0}},
                R"({"t":100,"type":"fault","kind":"cut_link","sid":1,"target":2})"});
  ex.push_back({{300, Fault{FaultKind::Partition, 0, 0, 0b1}},
                R"({"t":300,"type":"fault","kind":"partition","group":[1]})"});
  ex.push_back({{400, Fault{FaultKind::HealAll, 0, 0, 0}}, R"({"t":400,"type":"fault","kind":"heal_all"})"});
  LogLine log;
  log.sid = 1;
  log.level = LogLevel::Warn;
  log.kind = LogKind::CannotOpenChannel;
  log.a[0] = 2;
  ex.push_back({{12, log},
                R"({"t":12,"type":"log","sid":1,"level":"WARN","kind":"cannot_open_channel","text":"Cannot open channel to 2 at election address /127.0.0.1:3889"})"});
  return ex;
}

TEST(TraceJson, ExactBytesPerType) {
  for (const Example& e : examples()) {
    EXPECT_EQ(to_json(e.event, ctx3()), e.json);
  }
}

TEST(TraceJson, EveryTypeParsesWithDocumentedFields) {
  for (const Example& e : examples()) {
    const json j = json::parse(to_json(e.event, ctx3()));
    ASSERT_TRUE(j.is_object());
    EXPECT_EQ(j.at("t").get<Ms>(), e.event.at);
    const std::string type = j.at("type").get<std::string>();
    if (type == "send" || type == "deliver" || type == "drop") {
      EXPECT_TRUE(j.at("id").is_number_unsigned());
      EXPECT_TRUE(j.at("from").is_number_integer());
      EXPECT_TRUE(j.at("to").is_number_integer());
      const json& m = j.at("msg");
      const std::string kind = m.at("kind").get<std::string>();
      if (kind == "notification") {
        for (const char* k : {"leader", "round", "peerEpoch", "version", "configVersion"}) {
          EXPECT_TRUE(m.at(k).is_number_integer()) << k;
        }
        EXPECT_EQ(m.at("zxid").get<std::string>().rfind("0x", 0), 0U);
        EXPECT_TRUE(m.at("state").is_string());
      } else if (kind == "packet") {
        EXPECT_TRUE(m.at("packet").is_string());
        EXPECT_EQ(m.at("zxid").get<std::string>().rfind("0x", 0), 0U);
        EXPECT_TRUE(m.at("data").is_number_integer());
        EXPECT_TRUE(m.at("cnx").is_number_integer());
      } else if (kind == "connect_failed") {
        EXPECT_TRUE(m.at("channel").is_string());
        EXPECT_TRUE(m.at("timedOut").is_boolean());
      } else if (kind == "connected" || kind == "connection_closed") {
        EXPECT_TRUE(m.at("channel").is_string());
      } else {
        EXPECT_EQ(kind, "election_connect");
      }
      if (type == "send") {
        EXPECT_TRUE(j.at("deliver_at").is_number_integer() || j.at("deliver_at").is_null());
      } else {
        EXPECT_TRUE(j.at("sent_at").is_number_integer());
      }
      if (type == "drop") {
        EXPECT_TRUE(j.at("reason").is_string());
      }
    } else if (type == "state") {
      EXPECT_TRUE(j.at("sid").is_number_integer());
      EXPECT_TRUE(j.at("from").is_string());
      EXPECT_TRUE(j.at("to").is_string());
    } else if (type == "vote") {
      EXPECT_TRUE(j.at("rule").is_string());
      EXPECT_TRUE(j.at("because_of").is_number_integer());
      for (const char* side : {"from", "to"}) {
        const json& v = j.at(side);
        EXPECT_TRUE(v.at("leader").is_number_integer());
        EXPECT_TRUE(v.at("zxid").is_string());
        EXPECT_TRUE(v.at("round").is_number_integer());
        EXPECT_TRUE(v.at("peerEpoch").is_number_integer());
        EXPECT_TRUE(v.at("state").is_string());
        EXPECT_TRUE(v.at("version").is_number_integer());
      }
    } else if (type == "epoch") {
      EXPECT_TRUE(j.at("kind") == "accepted" || j.at("kind") == "current");
      EXPECT_TRUE(j.at("from").is_number_integer());
      EXPECT_TRUE(j.at("to").is_number_integer());
    } else if (type == "zab") {
      EXPECT_TRUE(j.at("zab").is_string());
      EXPECT_TRUE(j.at("sync").is_string());
    } else if (type == "fault") {
      EXPECT_TRUE(j.at("kind").is_string());
    } else {
      ASSERT_EQ(type, "log");
      EXPECT_TRUE(j.at("sid").is_number_integer());
      EXPECT_TRUE(j.at("level").is_string());
      EXPECT_TRUE(j.at("kind").is_string());
      EXPECT_TRUE(j.at("text").is_string());
    }
  }
}

TEST(TraceJson, ValuesRoundTrip) {
  Notification n = looking_vote(kMinLong, 7);
  n.zxid = Zxid(-1);
  n.peer_epoch = kMinLong;
  const json j = json::parse(to_json(TraceEvent{42, MessageSent{1, Envelope{4, 1, n}, 43}}, ctx3()));
  EXPECT_EQ(j["msg"]["leader"].get<std::int64_t>(), kMinLong);
  EXPECT_EQ(j["msg"]["zxid"], "0xffffffffffffffff");  // Long.toHexString(-1)
  EXPECT_EQ(j["msg"]["peerEpoch"].get<std::int64_t>(), kMinLong);
  EXPECT_EQ(j["msg"]["round"], 7);

  const json p = json::parse(
      to_json(TraceEvent{1, Fault{FaultKind::Partition, 0, 0, 0b10110}}, ctx3()));
  EXPECT_EQ(p["group"], json::array({2, 3, 5}));
}

TEST(TraceJson, LogTextIsEscaped) {
  TraceContext odd;
  odd.election_address = {"", "", "we\"ird\\host\n:1"};
  LogLine l;
  l.sid = 1;
  l.kind = LogKind::CannotOpenChannel;
  l.a[0] = 2;
  const std::string s = to_json(TraceEvent{5, l}, odd);
  EXPECT_EQ(s.find('\n'), std::string::npos);
  const json j = json::parse(s);
  EXPECT_EQ(j["text"], "Cannot open channel to 2 at election address /we\"ird\\host\n:1");
  EXPECT_EQ(j["text"], format_log(l, odd));
  EXPECT_EQ(j["kind"], "cannot_open_channel");
  EXPECT_EQ(j["level"], "INFO");
}

TEST(TraceJson, NotificationLogText) {
  LogLine l;
  l.sid = 1;
  l.kind = LogKind::NotificationReceived;
  l.a[0] = 1;
  l.note = looking_vote(1, 1);
  const json j = json::parse(to_json(TraceEvent{0, l}, ctx3()));
  EXPECT_EQ(j["text"],
            "Notification: my state:LOOKING; n.sid:1, n.state:LOOKING, n.leader:1, n.round:0x1, "
            "n.peerEpoch:0x0, n.zxid:0x0, message format version:0x2, n.config version:0x0");
}

TEST(TraceJson, WriteJsonlLinesAndStability) {
  std::vector<TraceEvent> events;
  std::string expected;
  // Enough events to cross write_jsonl's internal flush threshold several times.
  for (int round = 0; round < 2000; ++round) {
    for (const Example& e : examples()) {
      TraceEvent ev = e.event;
      ev.at += round;
      events.push_back(ev);
      expected += to_json(ev, ctx3());
      expected += '\n';
    }
  }
  std::ostringstream a;
  write_jsonl(a, events, ctx3());
  std::ostringstream b;
  write_jsonl(b, events, ctx3());
  EXPECT_EQ(a.str(), expected);
  EXPECT_EQ(a.str(), b.str());

  std::istringstream in(a.str());
  std::string line;
  std::size_t n = 0;
  while (std::getline(in, line)) {
    ASSERT_FALSE(line.empty());
    EXPECT_TRUE(json::accept(line)) << line;
    ++n;
  }
  EXPECT_EQ(n, events.size());
  ASSERT_FALSE(a.str().empty());
  EXPECT_EQ(a.str().back(), '\n');
}

TEST(TraceJson, EmptyExportWritesNothing) {
  std::ostringstream out;
  write_jsonl(out, {}, ctx3());
  EXPECT_TRUE(out.str().empty());
}

#ifdef ZS_SOURCE_DIR
// The schema document shows exactly what the code writes.
TEST(TraceJson, SchemaDocShowsTheseLines) {
  std::ifstream f(std::string(ZS_SOURCE_DIR) + "/docs/trace-schema.md");
  ASSERT_TRUE(f.good()) << "docs/trace-schema.md missing";
  std::stringstream ss;
  ss << f.rdbuf();
  const std::string doc = ss.str();
  for (const Example& e : examples()) {
    EXPECT_NE(doc.find(e.json + "\n"), std::string::npos) << "not in docs/trace-schema.md: " << e.json;
  }
}
#endif

}  // namespace
}  // namespace zs

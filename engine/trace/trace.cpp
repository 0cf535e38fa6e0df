// Trace events as text: compact lines for golden files and JSON Lines for export
// (docs/trace-schema.md). Everything is appended to one std::string per event, with fixed
// key order and no locale, so the same events always give the same bytes.
#include "trace/trace.hpp"
#include "trace/cluster_state.hpp"

#include <ostream>

#include "trace/text.hpp"

namespace zs {

std::string_view to_string(DropReason r) {
  switch (r) {
    case DropReason::Loss: return "loss";
    case DropReason::LinkCut: return "link_cut";
    case DropReason::TargetDown: return "target_down";
    case DropReason::SourceDown: return "source_down";
  }
  return "unknown";
}

std::string_view to_string(WaitKind k) {
  switch (k) {
    case WaitKind::None: return "none";
    case WaitKind::Finalize: return "finalize";
    case WaitKind::Notifications: return "notifications";
    case WaitKind::LeaderSilence: return "leader_silence";
    case WaitKind::LeaderRetry: return "leader_retry";
    case WaitKind::LearnerQuorum: return "learner_quorum";
    case WaitKind::SyncedQuorum: return "synced_quorum";
  }
  return "unknown";
}

std::string_view to_string(PeerStatus s) {
  switch (s) {
    case PeerStatus::Down: return "DOWN";
    case PeerStatus::Looking: return "LOOKING";
    case PeerStatus::Following: return "FOLLOWING";
    case PeerStatus::Leading: return "LEADING";
    case PeerStatus::Observing: return "OBSERVING";
  }
  return "UNKNOWN";
}

std::string_view to_string(VoteRule r) {
  switch (r) {
    case VoteRule::Initial: return "initial";
    case VoteRule::HigherRound: return "higher_round";
    case VoteRule::HigherPeerEpoch: return "higher_peer_epoch";
    case VoteRule::HigherZxid: return "higher_zxid";
    case VoteRule::HigherSid: return "higher_sid";
    case VoteRule::Decided: return "decided";
    case VoteRule::EpochUpdated: return "epoch_updated";
  }
  return "unknown";
}

std::string_view to_string(FaultKind k) {
  switch (k) {
    case FaultKind::Start: return "start";
    case FaultKind::Crash: return "crash";
    case FaultKind::Restart: return "restart";
    case FaultKind::CutLink: return "cut_link";
    case FaultKind::HealLink: return "heal_link";
    case FaultKind::Partition: return "partition";
    case FaultKind::HealAll: return "heal_all";
  }
  return "unknown";
}

std::string_view to_string(SessionState s) {
  switch (s) {
    case SessionState::Connected: return "SyncConnected";
    case SessionState::Disconnected: return "Disconnected";
    case SessionState::Expired: return "Expired";
    case SessionState::Closed: return "Closed";
  }
  return "Unknown";
}

std::string_view to_string(LogLevel l) {
  switch (l) {
    case LogLevel::Info: return "INFO";
    case LogLevel::Warn: return "WARN";
    case LogLevel::Error: return "ERROR";
  }
  return "UNKNOWN";
}

namespace {

using namespace trace_detail;

std::string_view channel_name(Channel c) {
  return c == Channel::Election ? "election" : "quorum";
}

// Packets whose `data` field means something (messages.hpp): always shown in lines.
bool packet_has_data(PacketType t) {
  return t == PacketType::LeaderInfo || t == PacketType::FollowerInfo ||
         t == PacketType::ObserverInfo || t == PacketType::AckEpoch;
}

// ---- compact lines -------------------------------------------------------------------

struct LineMsg {
  std::string& out;
  void operator()(const Notification& n) const {
    out.append("notification(");
    out.append(to_string(n.state));
    out.append(" leader=");
    put_dec(out, n.leader);
    out.append(" zxid=");
    put_zxid(out, n.zxid);
    out.append(" round=");
    put_dec(out, n.election_epoch);
    out.append(" peerEpoch=");
    put_dec(out, n.peer_epoch);
    if (n.version != 2) {
      out.append(" version=");
      put_dec(out, n.version);
    }
    if (n.config_version != 0) {
      out.append(" configVersion=");
      put_zxid(out, n.config_version);
    }
    out.push_back(')');
  }
  void operator()(const ElectionConnect&) const { out.append("election_connect"); }
  void operator()(const QuorumPacket& p) const {
    out.append(to_string(p.type));
    out.append("(zxid=");
    put_zxid(out, p.zxid);
    if (packet_has_data(p.type) || p.data != 0) {
      out.append(" data=");
      put_dec(out, p.data);
    }
    put_cnx(p.cnx);
    out.push_back(')');
  }
  void operator()(const ConnectFailed& f) const {
    out.append("connect_failed(");
    out.append(channel_name(f.channel));
    out.append(f.timed_out ? " timed_out" : " refused");
    put_cnx(f.cnx);
    out.push_back(')');
  }
  void operator()(const Connected& c) const {
    out.append("connected(");
    out.append(channel_name(c.channel));
    out.push_back(')');
  }
  void operator()(const ConnectionClosed& c) const {
    out.append("connection_closed(");
    out.append(channel_name(c.channel));
    put_cnx(c.cnx);
    out.push_back(')');
  }
  // zooscope's quorum connection id, shown when set.
  void put_cnx(std::uint32_t cnx) const {
    if (cnx != 0) {
      out.append(" cnx=");
      put_dec(out, cnx);
    }
  }
};

void put_vote_short(std::string& out, const Vote& v) {
  out.push_back('(');
  put_dec(out, v.leader);
  out.push_back(',');
  put_zxid(out, v.zxid);
  out.append(",r");
  put_dec(out, v.election_epoch);
  out.append(",e");
  put_dec(out, v.peer_epoch);
  out.push_back(')');
}

void put_envelope_line(std::string& out, std::string_view what, MessageId id, const Envelope& env) {
  out.append(what);
  out.append(" #");
  put_dec(out, static_cast<std::int64_t>(id));
  out.push_back(' ');
  put_dec(out, env.source);
  out.append("->");
  put_dec(out, env.target);
  out.push_back(' ');
}

struct LineBody {
  std::string& out;
  const TraceContext& ctx;

  void operator()(const MessageSent& m) const {
    put_envelope_line(out, "send", m.id, m.env);
    std::visit(LineMsg{out}, m.env.msg);
  }
  void operator()(const MessageDelivered& m) const {
    put_envelope_line(out, "deliver", m.id, m.env);
    std::visit(LineMsg{out}, m.env.msg);
  }
  void operator()(const MessageDropped& m) const {
    put_envelope_line(out, "drop", m.id, m.env);
    out.append(to_string(m.reason));
    out.push_back(' ');
    std::visit(LineMsg{out}, m.env.msg);
  }
  void operator()(const StateChanged& s) const {
    out.append("state ");
    put_dec(out, s.sid);
    out.push_back(' ');
    out.append(to_string(s.from));
    out.append("->");
    out.append(to_string(s.to));
  }
  void operator()(const VoteChanged& v) const {
    out.append("vote ");
    put_dec(out, v.sid);
    out.push_back(' ');
    put_vote_short(out, v.from);
    out.append("->");
    put_vote_short(out, v.to);
    out.push_back(' ');
    out.append(to_string(v.rule));
    if (v.because_of != 0) {
      out.append(" from ");
      put_dec(out, v.because_of);
    }
  }
  void operator()(const EpochChanged& e) const {
    out.append("epoch ");
    put_dec(out, e.sid);
    out.append(e.kind == EpochKind::Accepted ? " accepted " : " current ");
    put_dec(out, e.from);
    out.append("->");
    put_dec(out, e.to);
  }
  void operator()(const ZabStateChanged& z) const {
    out.append("zab ");
    put_dec(out, z.sid);
    out.push_back(' ');
    out.append(to_string(z.zab));
    if (z.sync != SyncMode::None) {
      out.push_back(' ');
      out.append(to_string(z.sync));
    }
  }
  void operator()(const Fault& f) const {
    out.append("fault ");
    out.append(to_string(f.kind));
    switch (f.kind) {
      case FaultKind::Start:
      case FaultKind::Crash:
      case FaultKind::Restart:
        out.push_back(' ');
        put_dec(out, f.sid);
        break;
      case FaultKind::CutLink:
      case FaultKind::HealLink:
        out.push_back(' ');
        put_dec(out, f.sid);
        out.append("->");
        put_dec(out, f.target);
        break;
      case FaultKind::Partition: {
        // "1|2,3" like the scenario scripts; the second group is every known sid (one with
        // an election address) outside the mask.
        out.push_back(' ');
        put_mask_sids(out, f.group_mask, ",");
        out.push_back('|');
        bool any = false;
        for (std::size_t sid = 1; sid < ctx.election_address.size(); ++sid) {
          if (ctx.election_address[sid].empty()) continue;
          if (sid <= 64 && ((f.group_mask >> (sid - 1)) & 1U)) continue;
          if (any) out.push_back(',');
          any = true;
          put_dec(out, static_cast<std::int64_t>(sid));
        }
        if (!any) out.append("rest");
        break;
      }
      case FaultKind::HealAll:
        break;
    }
  }
  void operator()(const Committed& c) const {
    out.append("commit ");
    put_dec(out, c.sid);
    out.push_back(' ');
    put_zxid(out, c.zxid);
    out.append(" acks=");
    put_mask_sids(out, c.acks, ",");
  }
  void operator()(const ClientOp& c) const {
    out.append(c.stage == ClientOpStage::Submitted ? "client_submit " : "client_reply ");
    put_dec(out, c.sid);
    out.append(" session=");
    put_zxid(out, c.session_id);
    out.append(" cxid=");
    put_dec(out, c.cxid);
    out.append(" op=");
    put_dec(out, c.op);
    if (c.stage == ClientOpStage::Completed) {
      out.append(" zxid=");
      put_zxid(out, c.zxid);
      out.append(" err=");
      put_dec(out, c.err);
    }
    if (c.client >= 0) {
      out.append(" client=");
      put_dec(out, c.client);
    }
  }
  void operator()(const ClientSession& c) const {
    out.append("session ");
    put_dec(out, c.sid);
    out.append(" client=");
    put_dec(out, c.client);
    out.push_back(' ');
    out.append(to_string(c.state));
    out.append(" session=");
    put_zxid(out, c.session_id);
    if (c.state == SessionState::Connected) {
      out.append(" timeout=");
      put_dec(out, c.timeout_ms);
    }
  }
  void operator()(const WatchFired& w) const {
    out.append("watch ");
    put_dec(out, w.sid);
    out.append(" client=");
    put_dec(out, w.client);
    out.append(" session=");
    put_zxid(out, w.session_id);
    out.append(" type=");
    put_dec(out, w.type);
    out.append(" zxid=");
    put_zxid(out, w.zxid);
  }
  void operator()(const LogLine& l) const {
    out.append("log ");
    put_dec(out, l.sid);
    out.push_back(' ');
    out.append(to_string(l.level));
    out.push_back(' ');
    append_log(out, l, ctx);
  }
};

void append_line(std::string& out, const TraceEvent& e, const TraceContext& ctx) {
  put_dec(out, e.at);
  out.push_back(' ');
  std::visit(LineBody{out, ctx}, e.body);
}

// ---- JSON ----------------------------------------------------------------------------

// `,"name":` — every object starts with a fixed first key written by hand.
void key(std::string& out, std::string_view name) {
  out.append(",\"");
  out.append(name);
  out.append("\":");
}
void put_str(std::string& out, std::string_view s) {  // our own names: no escaping needed
  out.push_back('"');
  out.append(s);
  out.push_back('"');
}
void put_zxid_str(std::string& out, std::int64_t z) {
  out.append("\"0x");
  put_hex(out, z);
  out.push_back('"');
}

struct JsonMsg {
  std::string& out;
  void operator()(const Notification& n) const {
    out.append("{\"kind\":\"notification\"");
    key(out, "state");
    put_str(out, to_string(n.state));
    key(out, "leader");
    put_dec(out, n.leader);
    key(out, "zxid");
    put_zxid_str(out, n.zxid.raw());
    key(out, "round");
    put_dec(out, n.election_epoch);
    key(out, "peerEpoch");
    put_dec(out, n.peer_epoch);
    key(out, "version");
    put_dec(out, n.version);
    key(out, "configVersion");
    put_dec(out, n.config_version);
    out.push_back('}');
  }
  void operator()(const ElectionConnect&) const { out.append("{\"kind\":\"election_connect\"}"); }
  void operator()(const QuorumPacket& p) const {
    out.append("{\"kind\":\"packet\"");
    key(out, "packet");
    put_str(out, to_string(p.type));
    key(out, "zxid");
    put_zxid_str(out, p.zxid.raw());
    key(out, "data");
    put_dec(out, p.data);
    key(out, "cnx");
    put_dec(out, p.cnx);
    out.push_back('}');
  }
  void operator()(const ConnectFailed& f) const {
    out.append("{\"kind\":\"connect_failed\"");
    key(out, "channel");
    put_str(out, channel_name(f.channel));
    key(out, "timedOut");
    out.append(f.timed_out ? "true" : "false");
    key(out, "cnx");
    put_dec(out, f.cnx);
    out.push_back('}');
  }
  void operator()(const Connected& c) const {
    out.append("{\"kind\":\"connected\"");
    key(out, "channel");
    put_str(out, channel_name(c.channel));
    out.push_back('}');
  }
  void operator()(const ConnectionClosed& c) const {
    out.append("{\"kind\":\"connection_closed\"");
    key(out, "channel");
    put_str(out, channel_name(c.channel));
    key(out, "cnx");
    put_dec(out, c.cnx);
    out.push_back('}');
  }
};

void put_vote_json(std::string& out, const Vote& v) {
  out.append("{\"leader\":");
  put_dec(out, v.leader);
  key(out, "zxid");
  put_zxid_str(out, v.zxid.raw());
  key(out, "round");
  put_dec(out, v.election_epoch);
  key(out, "peerEpoch");
  put_dec(out, v.peer_epoch);
  key(out, "state");
  put_str(out, to_string(v.state));
  key(out, "version");
  put_dec(out, v.version);
  out.push_back('}');
}

void put_type(std::string& out, std::string_view type) {
  key(out, "type");
  put_str(out, type);
}

void put_envelope_json(std::string& out, std::string_view type, MessageId id, const Envelope& env) {
  put_type(out, type);
  key(out, "id");
  put_dec(out, static_cast<std::int64_t>(id));
  key(out, "from");
  put_dec(out, env.source);
  key(out, "to");
  put_dec(out, env.target);
}

struct JsonBody {
  std::string& out;
  const TraceContext& ctx;

  void operator()(const MessageSent& m) const {
    put_envelope_json(out, "send", m.id, m.env);
    key(out, "deliver_at");
    if (m.deliver_at == kNever) {
      out.append("null");
    } else {
      put_dec(out, m.deliver_at);
    }
    key(out, "msg");
    std::visit(JsonMsg{out}, m.env.msg);
  }
  void operator()(const MessageDelivered& m) const {
    put_envelope_json(out, "deliver", m.id, m.env);
    key(out, "sent_at");
    put_dec(out, m.sent_at);
    key(out, "msg");
    std::visit(JsonMsg{out}, m.env.msg);
  }
  void operator()(const MessageDropped& m) const {
    put_envelope_json(out, "drop", m.id, m.env);
    key(out, "sent_at");
    put_dec(out, m.sent_at);
    key(out, "reason");
    put_str(out, to_string(m.reason));
    key(out, "msg");
    std::visit(JsonMsg{out}, m.env.msg);
  }
  void operator()(const StateChanged& s) const {
    put_type(out, "state");
    key(out, "sid");
    put_dec(out, s.sid);
    key(out, "from");
    put_str(out, to_string(s.from));
    key(out, "to");
    put_str(out, to_string(s.to));
  }
  void operator()(const VoteChanged& v) const {
    put_type(out, "vote");
    key(out, "sid");
    put_dec(out, v.sid);
    key(out, "rule");
    put_str(out, to_string(v.rule));
    key(out, "because_of");
    put_dec(out, v.because_of);
    key(out, "from");
    put_vote_json(out, v.from);
    key(out, "to");
    put_vote_json(out, v.to);
  }
  void operator()(const EpochChanged& e) const {
    put_type(out, "epoch");
    key(out, "sid");
    put_dec(out, e.sid);
    key(out, "kind");
    put_str(out, e.kind == EpochKind::Accepted ? "accepted" : "current");
    key(out, "from");
    put_dec(out, e.from);
    key(out, "to");
    put_dec(out, e.to);
  }
  void operator()(const ZabStateChanged& z) const {
    put_type(out, "zab");
    key(out, "sid");
    put_dec(out, z.sid);
    key(out, "zab");
    put_str(out, to_string(z.zab));
    key(out, "sync");
    put_str(out, to_string(z.sync));
  }
  void operator()(const Fault& f) const {
    put_type(out, "fault");
    key(out, "kind");
    put_str(out, to_string(f.kind));
    switch (f.kind) {
      case FaultKind::Start:
      case FaultKind::Crash:
      case FaultKind::Restart:
        key(out, "sid");
        put_dec(out, f.sid);
        break;
      case FaultKind::CutLink:
      case FaultKind::HealLink:
        key(out, "sid");
        put_dec(out, f.sid);
        key(out, "target");
        put_dec(out, f.target);
        break;
      case FaultKind::Partition:
        key(out, "group");
        out.push_back('[');
        put_mask_sids(out, f.group_mask, ",");
        out.push_back(']');
        break;
      case FaultKind::HealAll:
        break;
    }
  }
  void operator()(const Committed& c) const {
    put_type(out, "commit");
    key(out, "sid");
    put_dec(out, c.sid);
    key(out, "zxid");
    put_zxid_str(out, c.zxid.raw());
    key(out, "acks");
    out.push_back('[');
    put_mask_sids(out, c.acks, ",");
    out.push_back(']');
  }
  void operator()(const ClientOp& c) const {
    put_type(out, c.stage == ClientOpStage::Submitted ? "client_submit" : "client_reply");
    key(out, "sid");
    put_dec(out, c.sid);
    key(out, "session");
    put_zxid_str(out, c.session_id);
    key(out, "cxid");
    put_dec(out, c.cxid);
    key(out, "op");
    put_dec(out, c.op);
    if (c.stage == ClientOpStage::Completed) {
      key(out, "zxid");
      put_zxid_str(out, c.zxid.raw());
      key(out, "err");
      put_dec(out, c.err);
    }
    key(out, "client");
    put_dec(out, c.client);
  }
  void operator()(const ClientSession& c) const {
    put_type(out, "session");
    key(out, "sid");
    put_dec(out, c.sid);
    key(out, "client");
    put_dec(out, c.client);
    key(out, "state");
    put_str(out, to_string(c.state));
    key(out, "session");
    put_zxid_str(out, c.session_id);
    key(out, "timeout");
    put_dec(out, c.timeout_ms);
  }
  void operator()(const WatchFired& w) const {
    put_type(out, "watch");
    key(out, "sid");
    put_dec(out, w.sid);
    key(out, "client");
    put_dec(out, w.client);
    key(out, "session");
    put_zxid_str(out, w.session_id);
    key(out, "event");
    put_dec(out, w.type);
    key(out, "zxid");
    put_zxid_str(out, w.zxid.raw());
  }
  void operator()(const LogLine& l) const {
    put_type(out, "log");
    key(out, "sid");
    put_dec(out, l.sid);
    key(out, "level");
    put_str(out, to_string(l.level));
    key(out, "kind");
    put_str(out, to_string(l.kind));
    key(out, "text");
    // Written in place; the text may hold host names from zoo.cfg, so re-write it escaped
    // in the rare case it needs escaping.
    out.push_back('"');
    const std::size_t start = out.size();
    append_log(out, l, ctx);
    bool plain = true;
    for (std::size_t i = start; i < out.size(); ++i) {
      const auto c = static_cast<unsigned char>(out[i]);
      if (c == '"' || c == '\\' || c < 0x20) {
        plain = false;
        break;
      }
    }
    if (plain) {
      out.push_back('"');
    } else {
      const std::string text = out.substr(start);
      out.resize(start - 1);
      put_json_string(out, text);
    }
  }
};

}  // namespace

void append_json(std::string& out, const TraceEvent& e, const TraceContext& ctx) {
  out.append("{\"t\":");
  put_dec(out, e.at);
  std::visit(JsonBody{out, ctx}, e.body);
  out.push_back('}');
}


std::string format_line(const TraceEvent& e, const TraceContext& ctx) {
  std::string out;
  out.reserve(96);
  append_line(out, e, ctx);
  return out;
}

std::string to_json(const TraceEvent& e, const TraceContext& ctx) {
  std::string out;
  out.reserve(192);
  append_json(out, e, ctx);
  return out;
}

JsonlWriter::JsonlWriter(std::ostream& out, const TraceContext& ctx) : out_(out), ctx_(ctx) {
  buf_.reserve(1 << 17);
}

JsonlWriter::~JsonlWriter() {
  if (!buf_.empty()) out_.write(buf_.data(), static_cast<std::streamsize>(buf_.size()));
}

void JsonlWriter::write(const TraceEvent& e) {
  append_json(buf_, e, ctx_);
  buf_.push_back('\n');
  if (buf_.size() >= (1 << 16)) {
    out_.write(buf_.data(), static_cast<std::streamsize>(buf_.size()));
    buf_.clear();
  }
}

void write_jsonl(std::ostream& out, const std::vector<TraceEvent>& events, const TraceContext& ctx) {
  JsonlWriter w(out, ctx);
  for (const TraceEvent& e : events) w.write(e);
}

}  // namespace zs

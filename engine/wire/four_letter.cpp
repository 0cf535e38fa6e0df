#include "wire/four_letter.hpp"

#include <algorithm>
#include <array>
#include <charconv>
#include <cstddef>
#include <string>

namespace zs::wire {
namespace {

constexpr std::string_view kNotServing =
    "This ZooKeeper instance is not currently serving requests";
constexpr std::string_view kNotWhitelistedTail =
    " is not executed because it is not in the whitelist.";

// Lines of a reply with their 1-based numbers. A final line without '\n' counts (conf ends
// with "version=0" and no newline); a trailing '\n' does not start another line.
class Lines {
 public:
  explicit Lines(std::string_view text) : text_(text) {}
  bool next(std::string_view& line) {
    if (pos_ >= text_.size()) return false;
    std::size_t end = text_.find('\n', pos_);
    if (end == std::string_view::npos) end = text_.size();
    line = text_.substr(pos_, end - pos_);
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    pos_ = end + 1;
    ++number_;
    return true;
  }
  int number() const { return number_; }

 private:
  std::string_view text_;
  std::size_t pos_ = 0;
  int number_ = 0;
};

Error error_at(std::string_view word, int line, std::string message) {
  return Error{std::string(word), line, std::move(message), {}};
}

// A line shown inside an error: at most 60 bytes, control bytes as '?'.
std::string shown(std::string_view line) {
  std::string out;
  for (char c : line.substr(0, 60)) {
    const auto u = static_cast<unsigned char>(c);
    out += (u < 0x20 || u == 0x7f) ? '?' : c;
  }
  if (line.size() > 60) out += "...";
  return out;
}

bool starts_with(std::string_view s, std::string_view prefix) {
  return s.substr(0, prefix.size()) == prefix;
}

std::optional<std::int64_t> to_int(std::string_view s) {
  std::int64_t v = 0;
  const char* end = s.data() + s.size();
  auto [p, ec] = std::from_chars(s.data(), end, v);
  if (ec != std::errc() || p != end || s.empty()) return std::nullopt;
  return v;
}

// Java's Long.toHexString: lowercase, no sign, two's complement for negatives; "0x" optional.
std::optional<std::int64_t> to_hex(std::string_view s) {
  if (starts_with(s, "0x")) s.remove_prefix(2);
  std::uint64_t v = 0;
  const char* end = s.data() + s.size();
  auto [p, ec] = std::from_chars(s.data(), end, v, 16);
  if (ec != std::errc() || p != end || s.empty()) return std::nullopt;
  return static_cast<std::int64_t>(v);
}

std::optional<double> to_double(std::string_view s) {
  double v = 0;
  const char* end = s.data() + s.size();
  auto [p, ec] = std::from_chars(s.data(), end, v);
  if (ec != std::errc() || p != end || s.empty()) return std::nullopt;
  return v;
}

std::optional<std::uint16_t> to_port(std::string_view s) {
  auto v = to_int(s);
  if (!v || *v < 0 || *v > 65535) return std::nullopt;
  return static_cast<std::uint16_t>(*v);
}

// Bytes a ZooKeeper text answer never holds: control bytes other than tab, CR and LF.
std::size_t count_binary(std::string_view s) {
  return static_cast<std::size_t>(std::count_if(s.begin(), s.end(), [](char c) {
    const auto u = static_cast<unsigned char>(c);
    return (u < 0x20 && c != '\t' && c != '\n' && c != '\r') || u == 0x7f;
  }));
}

std::string first_line(std::string_view s) {
  std::size_t end = s.find_first_of("\r\n");
  return shown(s.substr(0, end));
}

// Does `reply` begin the way ZooKeeper 3.8 answers `cmd`? Known words are checked against
// their first bytes (samples/4lw); other printable text is let through to its parser.
bool looks_like_answer(std::string_view cmd, std::string_view reply) {
  if (count_binary(reply) > 0) return false;
  if (starts_with(reply, "HTTP/") || starts_with(reply, "SSH-")) return false;
  if (cmd == "srvr" || cmd == "stat") return starts_with(reply, "Zookeeper version: ");
  if (cmd == "mntr") return starts_with(reply, "zk_");
  if (cmd == "conf") return reply.find('=') < reply.find('\n');
  if (cmd == "cons") return starts_with(reply, " /") || reply == "\n";
  if (cmd == "wchs") return reply.find(" connections watching ") != std::string_view::npos;
  if (cmd == "dump") return starts_with(reply, "SessionTracker dump:");
  if (cmd == "envi") return starts_with(reply, "Environment:");
  if (cmd == "ruok") return reply == "imok";
  if (cmd == "isro") return reply == "rw" || reply == "ro" || reply == "null";
  if (cmd == "dirs") return starts_with(reply, "datadir_size: ");
  if (cmd == "gtmk") return to_int(reply).has_value();
  if (cmd == "wchc" || cmd == "wchp") {
    return reply == "\n" || starts_with(reply, "0x") || starts_with(reply, "/");
  }
  return true;
}

}  // namespace

std::string describe_foreign(std::string_view cmd, std::string_view reply) {
  if (starts_with(reply, "HTTP/")) return "an HTTP server (" + first_line(reply) + ")";
  if (starts_with(reply, "SSH-")) return "an SSH server (" + first_line(reply) + ")";
  if (reply.size() >= 3 && static_cast<unsigned char>(reply[0]) == 0x15 && reply[1] == 0x03) {
    return "a TLS server (it sent a TLS alert)";
  }
  if (count_binary(reply) > 0) {
    return std::to_string(reply.size()) + " bytes that are not text";
  }
  return "text that is not ZooKeeper's answer to " + std::string(cmd) + " (\"" + first_line(reply) +
         "\")";
}

std::string_view to_string(FourLetterKind k) {
  switch (k) {
    case FourLetterKind::Answer: return "answer";
    case FourLetterKind::NotWhitelisted: return "not-whitelisted";
    case FourLetterKind::NotServing: return "not-serving";
    case FourLetterKind::Empty: return "empty";
    case FourLetterKind::NotZooKeeper: return "not-zookeeper";
  }
  return "?";
}

FourLetterAnswer classify_four_letter(std::string_view cmd, std::string_view reply) {
  if (reply.empty()) return {FourLetterKind::Empty, {}};
  // NIOServerCnxn prints the refused word itself; a refusal of another word is not an
  // answer to ours.
  std::string_view line = reply.substr(0, reply.find('\n'));
  if (line.size() > kNotWhitelistedTail.size() &&
      line.substr(line.size() - kNotWhitelistedTail.size()) == kNotWhitelistedTail) {
    std::string_view word = line.substr(0, line.size() - kNotWhitelistedTail.size());
    if (word == cmd) return {FourLetterKind::NotWhitelisted, std::string(line)};
    return {FourLetterKind::NotZooKeeper,
            "a refusal of \"" + shown(word) + "\", not of " + std::string(cmd)};
  }
  // `hash` prints the sentence without its newline; the others with it.
  if (starts_with(reply, kNotServing) &&
      (reply.size() == kNotServing.size() || reply.substr(kNotServing.size()) == "\n")) {
    return {FourLetterKind::NotServing, std::string(kNotServing)};
  }
  if (looks_like_answer(cmd, reply)) return {FourLetterKind::Answer, {}};
  return {FourLetterKind::NotZooKeeper, describe_foreign(cmd, reply)};
}

std::string whitelist_hint(const std::vector<std::string>& refused) {
  // srvr is listed although FourLetterCommands always adds it (§7.1): the line replaces
  // the user's whole whitelist, and with srvr in it the line reads as the complete set
  // zooscope uses, the same set the server logs at start-up ("[[srvr, mntr, ...]]").
  constexpr std::array<std::string_view, 6> kOrder = {"srvr", "mntr", "conf",
                                                      "cons", "wchs", "dump"};
  std::vector<std::string> words;
  auto valid = [](std::string_view w) {
    return w.size() == 4 &&
           std::all_of(w.begin(), w.end(), [](char c) { return c >= 'a' && c <= 'z'; });
  };
  for (const std::string& w : refused) {
    if (valid(w) && std::find(words.begin(), words.end(), w) == words.end()) words.push_back(w);
  }
  if (words.empty()) return {};
  std::vector<std::string> ordered = {"srvr"};
  for (std::string_view w : kOrder) {
    if (w != "srvr" && std::find(words.begin(), words.end(), w) != words.end()) {
      ordered.emplace_back(w);
    }
  }
  for (const std::string& w : words) {
    if (std::find(ordered.begin(), ordered.end(), w) == ordered.end()) ordered.push_back(w);
  }
  std::string line = "4lw.commands.whitelist=";
  for (std::size_t i = 0; i < ordered.size(); ++i) {
    if (i > 0) line += ',';
    line += ordered[i];
  }
  return line;
}

// ---- srvr / stat -------------------------------------------------------------------------

std::string_view to_string(ServerMode m) {
  switch (m) {
    case ServerMode::Leader: return "leader";
    case ServerMode::Follower: return "follower";
    case ServerMode::Observer: return "observer";
    case ServerMode::Standalone: return "standalone";
    case ServerMode::ReadOnly: return "read-only";
  }
  return "?";
}

Result<ServerMode> parse_server_mode(std::string_view text) {
  if (text == "leader") return ServerMode::Leader;
  if (text == "follower") return ServerMode::Follower;
  if (text == "observer") return ServerMode::Observer;
  if (text == "standalone") return ServerMode::Standalone;
  if (text == "read-only") return ServerMode::ReadOnly;
  return Error{{},
               0,
               "unknown mode \"" + shown(text) +
                   "\" (ZooKeeper prints leader, follower, observer, standalone or read-only)",
               {}};
}

namespace {

// cons's numeric fields (ServerCnxn.dumpConnectionInfo): hex ones are Long.toHexString.
struct ConsField {
  std::string_view key;
  bool hex;
  void (*set)(ConsConnection&, ConsSession&, std::int64_t);
};
constexpr std::array<ConsField, 13> kConsFields = {{
    {"queued", false, [](ConsConnection& c, ConsSession&, std::int64_t v) { c.queued = v; }},
    {"recved", false, [](ConsConnection& c, ConsSession&, std::int64_t v) { c.received = v; }},
    {"sent", false, [](ConsConnection& c, ConsSession&, std::int64_t v) { c.sent = v; }},
    {"sid", true, [](ConsConnection&, ConsSession& s, std::int64_t v) { s.session_id = v; }},
    {"est", false, [](ConsConnection&, ConsSession& s, std::int64_t v) { s.established_ms = v; }},
    {"to", false, [](ConsConnection&, ConsSession& s, std::int64_t v) { s.timeout_ms = v; }},
    {"lcxid", true, [](ConsConnection&, ConsSession& s, std::int64_t v) { s.last_cxid = v; }},
    {"lzxid", true, [](ConsConnection&, ConsSession& s, std::int64_t v) { s.last_zxid = Zxid(v); }},
    {"lresp", false,
     [](ConsConnection&, ConsSession& s, std::int64_t v) { s.last_response_ms = v; }},
    {"llat", false, [](ConsConnection&, ConsSession& s, std::int64_t v) { s.last_latency_ms = v; }},
    {"minlat", false,
     [](ConsConnection&, ConsSession& s, std::int64_t v) { s.min_latency_ms = v; }},
    {"avglat", false,
     [](ConsConnection&, ConsSession& s, std::int64_t v) { s.avg_latency_ms = v; }},
    {"maxlat", false,
     [](ConsConnection&, ConsSession& s, std::int64_t v) { s.max_latency_ms = v; }},
}};
constexpr unsigned kSidBit = 1u << 3;

// " /127.0.0.1:47296[1](queued=0,recved=8,sent=8[,sid=0x...,...])" (ServerCnxn.dumpConnectionInfo)
Result<ConsConnection> parse_connection_line(std::string_view word, int n, std::string_view line) {
  const std::string_view whole = line;
  auto bad = [&](const std::string& what) {
    return error_at(word, n, what + " in connection line \"" + shown(whole) + "\"");
  };
  if (!starts_with(line, " ")) return bad("no leading space");
  line.remove_prefix(1);
  // The interest ops are the last "[...](" group; an IPv6 address has its own brackets.
  const std::size_t open_paren = line.find("](");
  if (open_paren == std::string_view::npos) return bad("no \"[ops](\"");
  const std::size_t open_bracket = line.rfind('[', open_paren);
  if (open_bracket == std::string_view::npos) return bad("no \"[ops]\"");
  if (line.back() != ')') return bad("no closing ')'");
  ConsConnection c;
  std::string_view address = line.substr(0, open_bracket);
  // InetSocketAddress.toString: "host/ip:port" or "/ip:port"; keep "ip:port".
  const std::size_t slash = address.find('/');
  if (slash != std::string_view::npos) address.remove_prefix(slash + 1);
  if (address.empty()) return bad("empty remote address");
  c.remote_address = std::string(address);
  std::string_view ops = line.substr(open_bracket + 1, open_paren - open_bracket - 1);
  auto ops_value = to_hex(ops);
  if (!ops_value || *ops_value < 0 || *ops_value > 0xffff) return bad("interest ops not hex");
  c.interest_ops = static_cast<std::int32_t>(*ops_value);
  std::string_view fields = line.substr(open_paren + 2, line.size() - open_paren - 3);
  ConsSession s;
  unsigned seen = 0;  // kConsFields bits
  while (!fields.empty()) {
    std::size_t comma = fields.find(',');
    std::string_view field = fields.substr(0, comma);
    fields = comma == std::string_view::npos ? std::string_view{} : fields.substr(comma + 1);
    const std::size_t eq = field.find('=');
    if (eq == std::string_view::npos) return bad("field \"" + shown(field) + "\" has no '='");
    std::string_view key = field.substr(0, eq), value = field.substr(eq + 1);
    if (key == "lop") {
      s.last_operation = std::string(value);
      continue;
    }
    // Other keys: a newer server's addition; ignored.
    for (std::size_t i = 0; i < kConsFields.size(); ++i) {
      const ConsField& f = kConsFields[i];
      if (key != f.key) continue;
      auto v = f.hex ? to_hex(value) : to_int(value);
      if (!v) return bad(std::string(key) + "=" + shown(value) + " is not a number");
      f.set(c, s, *v);
      seen |= 1u << i;
    }
  }
  constexpr unsigned kCounters = 0b111;  // queued, recved, sent
  if ((seen & kCounters) != kCounters) return bad("queued, recved or sent missing");
  if (seen & kSidBit) c.session = std::move(s);
  return c;
}

struct SrvrSeen {
  bool latency = false, received = false, sent = false, connections = false;
  bool outstanding = false, zxid = false, mode = false, node_count = false;
};

// One "Key: value" line of srvr after the version (and Clients) part.
std::optional<Error> apply_srvr_line(SrvrAnswer& a, SrvrSeen& seen, int n, std::string_view line) {
  const std::size_t colon = line.find(": ");
  if (colon == std::string_view::npos) {
    return error_at("srvr", n, "expected \"Key: value\", got \"" + shown(line) + "\"");
  }
  std::string_view key = line.substr(0, colon), value = line.substr(colon + 2);
  auto bad = [&](std::string_view expected) {
    return error_at(
        "srvr", n, std::string(key) + ": \"" + shown(value) + "\" is not " + std::string(expected));
  };
  auto three = [](std::string_view v, std::string_view& a1, std::string_view& a2,
                  std::string_view& a3) {
    const std::size_t s1 = v.find('/');
    const std::size_t s2 = s1 == std::string_view::npos ? s1 : v.find('/', s1 + 1);
    if (s2 == std::string_view::npos) return false;
    a1 = v.substr(0, s1), a2 = v.substr(s1 + 1, s2 - s1 - 1), a3 = v.substr(s2 + 1);
    return true;
  };
  std::string_view x, y, z;
  if (key == "Latency min/avg/max") {
    auto mn = three(value, x, y, z) ? to_int(x) : std::nullopt;
    auto avg = mn ? to_double(y) : std::nullopt;
    auto mx = avg ? to_int(z) : std::nullopt;
    if (!mx) return bad("min/avg/max");
    a.latency_min_ms = *mn, a.latency_avg_ms = *avg, a.latency_max_ms = *mx;
    seen.latency = true;
  } else if (key == "Proposal sizes last/min/max") {
    auto l = three(value, x, y, z) ? to_int(x) : std::nullopt;
    auto mn = l ? to_int(y) : std::nullopt;
    auto mx = mn ? to_int(z) : std::nullopt;
    if (!mx) return bad("last/min/max");
    a.proposal_sizes = ProposalSizes{*l, *mn, *mx};
  } else if (key == "Zxid") {
    if (!starts_with(value, "0x")) return bad("a 0x zxid");
    auto v = to_hex(value);
    if (!v) return bad("a 0x zxid");
    a.zxid = Zxid(*v);
    seen.zxid = true;
  } else if (key == "Mode") {
    auto m = parse_server_mode(value);
    if (!m) return error_at("srvr", n, "Mode: " + m.error().message);
    a.mode = m.value();
    seen.mode = true;
  } else {
    struct Counter {
      std::string_view key;
      std::int64_t SrvrAnswer::*field;
      bool SrvrSeen::*seen;
    };
    static constexpr std::array<Counter, 5> kCounters = {{
        {"Received", &SrvrAnswer::received, &SrvrSeen::received},
        {"Sent", &SrvrAnswer::sent, &SrvrSeen::sent},
        {"Connections", &SrvrAnswer::connections, &SrvrSeen::connections},
        {"Outstanding", &SrvrAnswer::outstanding, &SrvrSeen::outstanding},
        {"Node count", &SrvrAnswer::node_count, &SrvrSeen::node_count},
    }};
    for (const Counter& c : kCounters) {
      if (key != c.key) continue;
      auto v = to_int(value);
      if (!v) return bad("a number");
      a.*c.field = *v;
      seen.*c.seen = true;
      return std::nullopt;
    }
    // An unknown key: a newer server's addition; ignored.
  }
  return std::nullopt;
}

}  // namespace

// What a read-only server's srvr and stat say right after the version (StatCommand).
constexpr std::string_view kReadOnlyLine = "READ-ONLY mode; serving only read-only clients";

Result<SrvrAnswer> parse_srvr(std::string_view reply) {
  SrvrAnswer a;
  Lines lines(reply);
  std::string_view line;
  constexpr std::string_view kVersion = "Zookeeper version: ";
  if (!lines.next(line)) return error_at("srvr", 1, "empty answer");
  if (!starts_with(line, kVersion)) {
    return error_at("srvr", 1, "expected \"Zookeeper version: ...\", got \"" + shown(line) + "\"");
  }
  a.version = std::string(line.substr(kVersion.size()));
  SrvrSeen seen;
  bool in_clients = false;
  int clients_line = 2;  // where stat's Clients: may start
  while (lines.next(line)) {
    const int n = lines.number();
    if (n == 2 && line == kReadOnlyLine) {
      a.read_only_line = true;
      clients_line = 3;
      continue;
    }
    if (n == clients_line && line == "Clients:") {
      a.has_clients = true;
      in_clients = true;
      continue;
    }
    if (in_clients) {
      if (line.empty()) {
        in_clients = false;
        continue;
      }
      auto c = parse_connection_line("stat", n, line);
      if (!c) return c.error();
      a.clients.push_back(std::move(c).value());
      continue;
    }
    if (line.empty()) continue;
    if (auto e = apply_srvr_line(a, seen, n, line)) return *e;
  }
  const int last = lines.number();
  auto missing = [&](std::string_view what) {
    return error_at("srvr", last,
                    "the answer ends without a \"" + std::string(what) + ":\" line (truncated?)");
  };
  if (in_clients) return missing("Latency min/avg/max");
  if (!seen.latency) return missing("Latency min/avg/max");
  if (!seen.received) return missing("Received");
  if (!seen.sent) return missing("Sent");
  if (!seen.connections) return missing("Connections");
  if (!seen.outstanding) return missing("Outstanding");
  if (!seen.zxid) return missing("Zxid");
  if (!seen.mode) return missing("Mode");
  if (!seen.node_count) return missing("Node count");
  return a;
}

// ---- mntr --------------------------------------------------------------------------------

std::optional<std::string_view> MntrAnswer::get(std::string_view key) const {
  for (const auto& [k, v] : entries) {
    if (k == key) return std::string_view(v);
  }
  return std::nullopt;
}

std::optional<std::int64_t> MntrAnswer::get_int(std::string_view key) const {
  auto v = get(key);
  return v ? to_int(*v) : std::nullopt;
}

std::optional<double> MntrAnswer::get_double(std::string_view key) const {
  auto v = get(key);
  return v ? to_double(*v) : std::nullopt;
}

Result<MntrAnswer> parse_mntr(std::string_view reply) {
  MntrAnswer a;
  Lines lines(reply);
  std::string_view line;
  while (lines.next(line)) {
    if (line.empty()) continue;
    const std::size_t tab = line.find('\t');
    if (tab == std::string_view::npos || tab == 0) {
      return error_at("mntr", lines.number(),
                      "expected \"key<TAB>value\", got \"" + shown(line) + "\"");
    }
    a.entries.emplace_back(std::string(line.substr(0, tab)), std::string(line.substr(tab + 1)));
  }
  if (a.entries.empty()) return error_at("mntr", 1, "empty answer");
  if (!a.server_state()) {
    return error_at("mntr", lines.number(), "no zk_server_state line (truncated?)");
  }
  return a;
}

// ---- conf --------------------------------------------------------------------------------

namespace {

// "host:port" with an optional [IPv6] host.
bool split_host_port(std::string_view s, std::string& host, std::uint16_t& port) {
  std::size_t colon;
  if (starts_with(s, "[")) {
    const std::size_t close = s.find(']');
    if (close == std::string_view::npos || close + 1 >= s.size() || s[close + 1] != ':') {
      return false;
    }
    host = std::string(s.substr(1, close - 1));
    colon = close + 1;
  } else {
    colon = s.rfind(':');
    if (colon == std::string_view::npos) return false;
    host = std::string(s.substr(0, colon));
  }
  auto p = to_port(s.substr(colon + 1));
  if (!p) return false;
  port = *p;
  return true;
}

// QuorumServer.toString: "addr[|addr...]:role[;clientHost:clientPort]", each addr
// "host:quorumPort:electionPort".
Result<ConfMember> parse_member(int n, std::string_view line) {
  auto bad = [&](const std::string& what) {
    return error_at("conf", n, what + " in \"" + shown(line) + "\"");
  };
  ConfMember m;
  const std::size_t eq = line.find('=');
  auto sid = to_int(line.substr(7, eq == std::string_view::npos ? 0 : eq - 7));
  if (eq == std::string_view::npos || !sid) return bad("expected server.N=");
  m.sid = *sid;
  std::string_view rest = line.substr(eq + 1);
  const std::size_t semi = rest.find(';');
  if (semi != std::string_view::npos) {
    if (!split_host_port(rest.substr(semi + 1), m.client_host, m.client_port)) {
      return bad("client address is not host:port");
    }
    rest = rest.substr(0, semi);
  }
  for (auto [suffix, role] : {std::pair{std::string_view(":participant"), LearnerType::Participant},
                              std::pair{std::string_view(":observer"), LearnerType::Observer}}) {
    if (rest.size() > suffix.size() && rest.substr(rest.size() - suffix.size()) == suffix) {
      m.role = role;
      rest.remove_suffix(suffix.size());
      break;
    }
  }
  std::string_view first = rest.substr(0, rest.find('|'));
  // host:quorumPort:electionPort; the host may be [IPv6].
  const std::size_t last_colon = first.rfind(':');
  if (last_colon == std::string_view::npos) return bad("expected host:quorumPort:electionPort");
  auto election = to_port(first.substr(last_colon + 1));
  if (!election) return bad("election port is not in 0-65535");
  m.election_port = *election;
  if (!split_host_port(first.substr(0, last_colon), m.host, m.quorum_port)) {
    return bad("expected host:quorumPort:electionPort");
  }
  return m;
}

std::optional<Error> apply_conf_entry(ConfAnswer& a, int n, std::string_view key,
                                      std::string_view value) {
  auto bad = [&](std::string_view expected) {
    return error_at("conf", n,
                    std::string(key) + "=" + shown(value) + " is not " + std::string(expected));
  };
  struct IntKey {
    std::string_view key;
    std::optional<std::int64_t> ConfAnswer::*field;
  };
  static constexpr std::array<IntKey, 6> kInts = {{
      {"tickTime", &ConfAnswer::tick_time_ms},
      {"minSessionTimeout", &ConfAnswer::min_session_timeout_ms},
      {"maxSessionTimeout", &ConfAnswer::max_session_timeout_ms},
      {"initLimit", &ConfAnswer::init_limit_ticks},
      {"syncLimit", &ConfAnswer::sync_limit_ticks},
      {"serverId", &ConfAnswer::server_id},
  }};
  for (const IntKey& k : kInts) {
    if (key != k.key) continue;
    auto v = to_int(value);
    if (!v) return bad("a number");
    a.*k.field = *v;
    return std::nullopt;
  }
  struct PortKey {
    std::string_view key;
    std::optional<std::uint16_t> ConfAnswer::*field;
  };
  static constexpr std::array<PortKey, 3> kPorts = {{
      {"clientPort", &ConfAnswer::client_port},
      {"electionPort", &ConfAnswer::election_port},
      {"quorumPort", &ConfAnswer::quorum_port},
  }};
  for (const PortKey& k : kPorts) {
    if (key != k.key) continue;
    auto v = to_port(value);
    if (!v) return bad("a port in 0-65535");
    a.*k.field = *v;
    return std::nullopt;
  }
  if (key == "dataDir") {
    a.data_dir = std::string(value);
  } else if (key == "peerType") {
    if (value == "0")
      a.peer_type = LearnerType::Participant;
    else if (value == "1")
      a.peer_type = LearnerType::Observer;
    else
      return bad("0 (participant) or 1 (observer)");
  }
  return std::nullopt;
}

}  // namespace

Result<ConfAnswer> parse_conf(std::string_view reply) {
  ConfAnswer a;
  Lines lines(reply);
  std::string_view line;
  bool in_membership = false;
  while (lines.next(line)) {
    const int n = lines.number();
    if (line.empty()) continue;
    // "membership: " with its trailing space (QuorumPeer's config dump).
    if (line == "membership: " || line == "membership:") {
      in_membership = true;
      continue;
    }
    if (in_membership && starts_with(line, "server.")) {
      auto m = parse_member(n, line);
      if (!m) return m.error();
      a.membership.push_back(std::move(m).value());
      continue;
    }
    const std::size_t eq = line.find('=');
    if (eq == std::string_view::npos || eq == 0) {
      return error_at("conf", n, "expected \"key=value\", got \"" + shown(line) + "\"");
    }
    std::string_view key = line.substr(0, eq), value = line.substr(eq + 1);
    if (in_membership) {
      if (key != "version") {
        return error_at("conf", n,
                        "expected server.N=... or version=, got \"" + shown(line) + "\"");
      }
      auto v = to_hex(value);
      if (!v) return error_at("conf", n, "version=" + shown(value) + " is not hex");
      a.config_version = *v;
      continue;
    }
    if (auto e = apply_conf_entry(a, n, key, value)) return *e;
    a.entries.emplace_back(std::string(key), std::string(value));
  }
  if (a.entries.empty()) return error_at("conf", 1, "empty answer");
  if (!a.client_port && !a.tick_time_ms) {
    return error_at("conf", lines.number(), "neither clientPort= nor tickTime= (truncated?)");
  }
  if (in_membership && !a.config_version) {
    return error_at("conf", lines.number(),
                    "the membership ends without its version= line (truncated?)");
  }
  return a;
}

// ---- cons, wchs, dump, envi, ruok, isro --------------------------------------------------

Result<std::vector<ConsConnection>> parse_cons(std::string_view reply) {
  std::vector<ConsConnection> out;
  Lines lines(reply);
  std::string_view line;
  bool ended = false;
  while (lines.next(line)) {
    if (line.empty()) {
      ended = true;
      continue;
    }
    if (ended) {
      return error_at("cons", lines.number(),
                      "text after the list's empty line: \"" + shown(line) + "\"");
    }
    auto c = parse_connection_line("cons", lines.number(), line);
    if (!c) return c.error();
    out.push_back(std::move(c).value());
  }
  // ZooKeeper ends the list with an empty line; without it the answer was cut short and the
  // last line may be a part of one (its closing ')' check caught a cut inside the line).
  if (!ended) {
    if (lines.number() == 0) return error_at("cons", 1, "empty answer");
    return error_at("cons", lines.number(), "the list has no closing empty line (truncated?)");
  }
  return out;
}

Result<WchsAnswer> parse_wchs(std::string_view reply) {
  WchsAnswer a;
  Lines lines(reply);
  std::string_view line;
  constexpr std::string_view kMiddle = " connections watching ";
  constexpr std::string_view kPaths = " paths";
  if (!lines.next(line)) return error_at("wchs", 1, "empty answer");
  const std::size_t mid = line.find(kMiddle);
  const bool paths_end =
      line.size() > kPaths.size() && line.substr(line.size() - kPaths.size()) == kPaths;
  auto conns = mid == std::string_view::npos ? std::nullopt : to_int(line.substr(0, mid));
  auto paths = conns && paths_end
                   ? to_int(line.substr(mid + kMiddle.size(),
                                        line.size() - kPaths.size() - mid - kMiddle.size()))
                   : std::nullopt;
  if (!paths) {
    return error_at("wchs", 1,
                    "expected \"N connections watching M paths\", got \"" + shown(line) + "\"");
  }
  a.connections = *conns;
  a.paths = *paths;
  constexpr std::string_view kTotal = "Total watches:";
  if (!lines.next(line)) return error_at("wchs", 1, "no \"Total watches:\" line (truncated?)");
  auto total = starts_with(line, kTotal) ? to_int(line.substr(kTotal.size())) : std::nullopt;
  if (!total) {
    return error_at("wchs", 2, "expected \"Total watches:K\", got \"" + shown(line) + "\"");
  }
  a.total_watches = *total;
  return a;
}

namespace {

// "Session Sets (3)/(2):" -> 3 ; "Global Sessions(2):" -> 2 ; checks the shape only.
bool header_count(std::string_view line, std::string_view prefix) {
  if (!starts_with(line, prefix) || line.back() != ':') return false;
  return line.find('(') != std::string_view::npos;
}

// "<n> expire at <date>:" (ExpiryQueue / SessionTrackerImpl dump).
bool expiry_bucket(std::string_view line, std::string& at) {
  const std::size_t sp = line.find(" expire at ");
  if (sp == std::string_view::npos || line.back() != ':' || !to_int(line.substr(0, sp))) {
    return false;
  }
  at = std::string(line.substr(sp + 11, line.size() - sp - 12));
  return true;
}

enum class DumpPart { Start, Sessions, Ephemerals, Connections };

std::optional<Error> dump_session_line(DumpAnswer& a, int n, std::string_view line,
                                       const std::string& bucket) {
  auto bad = [&] { return error_at("dump", n, "unexpected session line \"" + shown(line) + "\""); };
  if (a.form == DumpAnswer::Form::Leader) {
    std::string at;
    if (expiry_bucket(line, at)) return std::nullopt;  // the caller tracks the bucket
    if (!starts_with(line, "\t")) return bad();
    auto id = to_hex(line.substr(1));
    if (!id) return bad();
    a.sessions.push_back({*id, std::nullopt, bucket});
    return std::nullopt;
  }
  // Learner: "0x...\t10000ms".
  const std::size_t tab = line.find('\t');
  auto id = tab == std::string_view::npos ? std::nullopt : to_hex(line.substr(0, tab));
  std::string_view ms = tab == std::string_view::npos ? std::string_view{} : line.substr(tab + 1);
  if (ms.size() < 2 || ms.substr(ms.size() - 2) != "ms") return bad();
  auto timeout = id ? to_int(ms.substr(0, ms.size() - 2)) : std::nullopt;
  if (!timeout) return bad();
  a.sessions.push_back({*id, *timeout, {}});
  return std::nullopt;
}

std::optional<Error> dump_ephemeral_line(DumpAnswer& a, int n, std::string_view line) {
  if (starts_with(line, "Sessions with Ephemerals")) return std::nullopt;
  if (starts_with(line, "\t")) {
    if (a.ephemerals.empty()) {
      return error_at("dump", n, "an ephemeral path before its session: \"" + shown(line) + "\"");
    }
    a.ephemerals.back().paths.emplace_back(line.substr(1));
    return std::nullopt;
  }
  auto id = line.back() == ':' ? to_hex(line.substr(0, line.size() - 1)) : std::nullopt;
  if (!id) return error_at("dump", n, "expected \"0x<session>:\", got \"" + shown(line) + "\"");
  a.ephemerals.push_back({*id, {}});
  return std::nullopt;
}

std::optional<Error> dump_connection_line(DumpAnswer& a, int n, std::string_view line) {
  std::string at;
  if (starts_with(line, "Connections Sets") || expiry_bucket(line, at)) return std::nullopt;
  constexpr std::string_view kIp = "\tip: ";
  constexpr std::string_view kSession = " sessionId: ";
  const std::size_t s = line.find(kSession);
  auto id = s == std::string_view::npos ? std::nullopt : to_hex(line.substr(s + kSession.size()));
  if (!starts_with(line, kIp) || !id) {
    return error_at("dump", n,
                    "expected \"\\tip: <address> sessionId: 0x...\", got \"" + shown(line) + "\"");
  }
  std::string_view address = line.substr(kIp.size(), s - kIp.size());
  const std::size_t slash = address.find('/');
  if (slash != std::string_view::npos) address.remove_prefix(slash + 1);
  a.connections.push_back({std::string(address), *id});
  return std::nullopt;
}

}  // namespace

Result<DumpAnswer> parse_dump(std::string_view reply) {
  DumpAnswer a;
  Lines lines(reply);
  std::string_view line;
  if (!lines.next(line)) return error_at("dump", 1, "empty answer");
  if (line != "SessionTracker dump:") {
    return error_at("dump", 1, "expected \"SessionTracker dump:\", got \"" + shown(line) + "\"");
  }
  DumpPart part = DumpPart::Start;
  std::string bucket;
  bool saw_ephemerals = false, saw_connections = false;
  while (lines.next(line)) {
    const int n = lines.number();
    if (line.empty()) continue;
    if (part == DumpPart::Start) {
      if (header_count(line, "Session Sets"))
        a.form = DumpAnswer::Form::Leader;
      else if (header_count(line, "Global Sessions"))
        a.form = DumpAnswer::Form::Learner;
      else
        return error_at(
            "dump", n,
            "expected \"Session Sets\" or \"Global Sessions\", got \"" + shown(line) + "\"");
      part = DumpPart::Sessions;
      continue;
    }
    if (line == "ephemeral nodes dump:") {
      part = DumpPart::Ephemerals;
      saw_ephemerals = true;
      continue;
    }
    if (line == "Connections dump:") {
      part = DumpPart::Connections;
      saw_connections = true;
      continue;
    }
    std::optional<Error> e;
    if (part == DumpPart::Sessions) {
      // A learner also lists its local sessions ("Local Sessions(n):") in the same form.
      if (header_count(line, "Local Sessions")) continue;
      std::string at;
      if (a.form == DumpAnswer::Form::Leader && expiry_bucket(line, at)) {
        bucket = at;
        continue;
      }
      e = dump_session_line(a, n, line, bucket);
    } else if (part == DumpPart::Ephemerals) {
      e = dump_ephemeral_line(a, n, line);
    } else {
      e = dump_connection_line(a, n, line);
    }
    if (e) return *e;
  }
  if (part == DumpPart::Start || !saw_ephemerals || !saw_connections) {
    return error_at(
        "dump", lines.number(),
        "the answer ends before its \"ephemeral nodes dump:\" and \"Connections dump:\" "
        "parts (truncated?)");
  }
  return a;
}

Result<std::vector<std::pair<std::string, std::string>>> parse_envi(std::string_view reply) {
  std::vector<std::pair<std::string, std::string>> out;
  Lines lines(reply);
  std::string_view line;
  if (!lines.next(line) || line != "Environment:") {
    return error_at("envi", 1, "expected \"Environment:\", got \"" + shown(line) + "\"");
  }
  while (lines.next(line)) {
    if (line.empty()) continue;
    const std::size_t eq = line.find('=');
    if (eq == std::string_view::npos || eq == 0) {
      return error_at("envi", lines.number(),
                      "expected \"key=value\", got \"" + shown(line) + "\"");
    }
    out.emplace_back(std::string(line.substr(0, eq)), std::string(line.substr(eq + 1)));
  }
  return out;
}

Result<bool> parse_ruok(std::string_view reply) {
  if (reply == "imok") return true;
  return error_at("ruok", 1, "expected \"imok\", got \"" + shown(reply) + "\"");
}

Result<IsroAnswer> parse_isro(std::string_view reply) {
  if (reply == "rw") return IsroAnswer::ReadWrite;
  if (reply == "ro") return IsroAnswer::ReadOnly;
  if (reply == "null") return IsroAnswer::NotServing;
  return error_at("isro", 1, "expected \"rw\", \"ro\" or \"null\", got \"" + shown(reply) + "\"");
}

}  // namespace zs::wire

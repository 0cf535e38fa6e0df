// zoo.cfg parsing (reference §8). Every error says what is wrong in zooscope's words, then
// what real ZooKeeper 3.8 would say, so a learner can match it with a real server's log.
#include "config/config.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cctype>
#include <filesystem>
#include <fstream>
#include <limits>
#include <sstream>

#include "config/keys.hpp"
#include "config/properties.hpp"
#include "election/roster.hpp"  // QuorumMaj's rule (header only: zs_core does not link zs_peer)

namespace zs::config {

std::string server_value(const ServerSpec& s) {
  auto host = [](const std::string& h) {
    return h.find(':') != std::string::npos ? "[" + h + "]" : h;
  };
  std::string v = fmt::format("{}:{}:{}", host(s.host), s.quorum_port, s.election_port);
  if (s.type == LearnerType::Observer) v += ":observer";
  if (s.client_port != 0) {
    v += ";";
    if (!s.client_host.empty()) v += host(s.client_host) + ":";
    v += std::to_string(s.client_port);
  }
  return v;
}

namespace {

constexpr std::string_view kRealFails = "; real ZooKeeper fails with ";
constexpr std::string_view kServerForm =
    "host:quorumPort:electionPort[:participant|:observer][;[clientHost:]clientPort]";
constexpr std::string_view kUtf8Bom = "\xEF\xBB\xBF";
constexpr int kMinSnapRetainCount = 3;
constexpr Sid kMaxExtendedServerId = 254;

bool starts_with(std::string_view s, std::string_view p) { return s.substr(0, p.size()) == p; }

// java.lang.String.trim: drops every char <= ' ' at both ends.
std::string java_trim(std::string_view s) {
  std::size_t b = 0;
  std::size_t e = s.size();
  while (b < e && static_cast<unsigned char>(s[b]) <= ' ') ++b;
  while (e > b && static_cast<unsigned char>(s[e - 1]) <= ' ') --e;
  return std::string(s.substr(b, e - b));
}

// java.lang.String.split with a one-char pattern: trailing empty strings are removed, and
// an empty input gives one empty string.
std::vector<std::string> java_split(std::string_view s, char sep) {
  std::vector<std::string> parts;
  std::size_t start = 0;
  for (std::size_t i = 0; i <= s.size(); ++i) {
    if (i == s.size() || s[i] == sep) {
      parts.emplace_back(s.substr(start, i - start));
      start = i + 1;
    }
  }
  if (s.empty()) return parts;
  while (!parts.empty() && parts.back().empty()) parts.pop_back();
  return parts;
}

// Long.parseLong / Integer.parseInt on ASCII digits: optional sign, no spaces.
enum class NumberError { None, NotANumber, TooLarge };
struct ParsedNumber {
  std::int64_t value = 0;
  NumberError error = NumberError::None;
};
ParsedNumber java_parse(std::string_view s, std::int64_t lo, std::int64_t hi) {
  std::size_t i = 0;
  bool negative = false;
  if (i < s.size() && (s[i] == '+' || s[i] == '-')) {
    negative = s[i] == '-';
    ++i;
  }
  if (i == s.size()) return {0, NumberError::NotANumber};
  for (std::size_t k = i; k < s.size(); ++k) {
    if (s[k] < '0' || s[k] > '9') return {0, NumberError::NotANumber};
  }
  std::string_view digits = s.substr(i);
  while (digits.size() > 1 && digits.front() == '0') digits.remove_prefix(1);
  if (digits.size() > 19) return {0, NumberError::TooLarge};
  std::uint64_t magnitude = 0;
  for (char c : digits) magnitude = magnitude * 10 + static_cast<std::uint64_t>(c - '0');
  constexpr std::uint64_t kMaxMagnitude = std::uint64_t{1} << 63;
  if (magnitude > (negative ? kMaxMagnitude : kMaxMagnitude - 1)) return {0, NumberError::TooLarge};
  std::int64_t v = negative ? (magnitude == kMaxMagnitude ? std::numeric_limits<std::int64_t>::min()
                                                          : -static_cast<std::int64_t>(magnitude))
                            : static_cast<std::int64_t>(magnitude);
  if (v < lo || v > hi) return {0, NumberError::TooLarge};
  return {v, NumberError::None};
}

constexpr std::int64_t kIntMin = std::numeric_limits<std::int32_t>::min();
constexpr std::int64_t kIntMax = std::numeric_limits<std::int32_t>::max();
constexpr std::int64_t kLongMin = std::numeric_limits<std::int64_t>::min();
constexpr std::int64_t kLongMax = std::numeric_limits<std::int64_t>::max();

// Tabs and line breaks made visible inside quotes.
std::string show(std::string_view s) {
  std::string out;
  for (char c : s) {
    switch (c) {
      case '\t': out += "\\t"; break;
      case '\n': out += "\\n"; break;
      case '\r': out += "\\r"; break;
      case '\f': out += "\\f"; break;
      default: out += c; break;
    }
  }
  return out;
}

std::string quote_text(std::string_view s) { return "\"" + show(s) + "\""; }

bool has_end_of_line_comment(std::string_view v) {
  std::size_t hash = v.find('#');
  return hash != std::string_view::npos && hash > 0 &&
         std::isspace(static_cast<unsigned char>(v[hash - 1]));
}

constexpr std::string_view kCommentHint =
    "Java properties files have no end-of-line comments: put the comment on a line of its own "
    "starting with #";

// "a space", "2 spaces", "a tab", "whitespace", with an optional adjective before the noun.
std::string whitespace_phrase(std::string_view ws, std::string_view adjective) {
  bool spaces = std::all_of(ws.begin(), ws.end(), [](char c) { return c == ' '; });
  bool tabs = std::all_of(ws.begin(), ws.end(), [](char c) { return c == '\t'; });
  std::string adj = adjective.empty() ? "" : std::string(adjective) + " ";
  if (!spaces && !tabs) return adj + "whitespace";
  std::string noun = spaces ? "space" : "tab";
  if (ws.size() == 1) return "a " + adj + noun;
  return fmt::format("{} {}{}s", ws.size(), adj, noun);
}

// What to remove, for hints: "space", "2 spaces", "tab", "whitespace".
std::string whitespace_noun(std::string_view ws) {
  std::string p = whitespace_phrase(ws, "");
  return starts_with(p, "a ") ? p.substr(2) : p;
}

bool is_windows_drive_path(std::string_view p) {
  return p.size() >= 2 && std::isalpha(static_cast<unsigned char>(p[0])) && p[1] == ':' &&
         (p.size() == 2 || p[2] == '/' || p[2] == '\\');
}

std::string int_hint(std::string_view key) {
  if (key == "tickTime") return "tickTime is in milliseconds, without a unit, e.g. tickTime=2000";
  if (key == "initLimit") return "initLimit is a number of ticks, e.g. initLimit=10";
  if (key == "syncLimit") return "syncLimit is a number of ticks, e.g. syncLimit=5";
  if (key == "clientPort") return "write the port alone, e.g. clientPort=2181";
  if (key == "maxClientCnxns") return "e.g. maxClientCnxns=60 (0 means no limit)";
  if (key == "minSessionTimeout" || key == "maxSessionTimeout" || key == "cnxTimeout")
    return fmt::format("{} is in milliseconds, without a unit, e.g. {}={}", key, key,
                       key == "minSessionTimeout" ? 4000
                       : key == "cnxTimeout"      ? 5000
                                                  : 40000);
  if (key == "autopurge.snapRetainCount") return "e.g. autopurge.snapRetainCount=3";
  if (key == "autopurge.purgeInterval")
    return "autopurge.purgeInterval is in hours, e.g. autopurge.purgeInterval=1 (0 = off)";
  if (key == "electionAlg")
    return "remove the electionAlg line: 3 is the default and the only value";
  if (key == "admin.serverPort") return "write the port alone, e.g. admin.serverPort=8080";
  return fmt::format("write a whole number, e.g. {}=...", key);
}

// Parses one zoo.cfg; `cfg_` collects values and warnings, methods return the first error.
class CfgParser {
 public:
  CfgParser(const std::string& path, ZooCfg& cfg, bool data_dir_beside_file)
      : path_(path), cfg_(cfg), data_dir_beside_file_(data_dir_beside_file) {}

  std::optional<Error> entry(const PropertyEntry& e, const std::string& key);
  std::optional<Error> finish(bool read_myid_file);
  void set_bom_key(std::string k) { bom_key_ = std::move(k); }

 private:
  Error error(int line, std::string message, std::string hint) const {
    return Error{path_, line, std::move(message), std::move(hint)};
  }
  void warn(int line, std::string message) {
    cfg_.warnings.push_back(Warning{path_, line, std::move(message)});
  }
  int line_of(const std::string& key) const {
    auto it = cfg_.key_lines.find(key);
    return it == cfg_.key_lines.end() ? 0 : it->second;
  }

  // Integer.parseInt / Long.parseLong as QuorumPeerConfig calls them.
  std::optional<Error> java_number(int line, std::string_view key, const std::string& value,
                                   std::int64_t lo, std::int64_t hi, std::int64_t& out) const;
  // Integer.getInteger: real ZooKeeper silently falls back to the default on a bad value;
  // zooscope refuses it.
  std::optional<Error> lenient_int(int line, std::string_view key, const std::string& value,
                                   int zk_default, std::int64_t& out) const;
  std::optional<Error> java_bool(int line, std::string_view key, const std::string& value,
                                 bool& out) const;
  std::optional<Error> port(int line, std::string_view key, std::int64_t v) const;
  std::optional<Error> server(const PropertyEntry& e, const std::string& key);
  std::optional<Error> server_port(int line, const std::string& label, const std::string& value,
                                   const std::string& host_for_zk, const std::string& token,
                                   std::string_view what, int& out) const;
  std::optional<Error> host_and_port(int line, const std::string& label, const std::string& value,
                                     const std::string& s, std::vector<std::string>& out) const;
  std::optional<Error> other_key(const PropertyEntry& e, const std::string& key,
                                 const std::string& value);
  void whitelist(int line, const std::string& value);
  std::optional<Error> check_servers();
  std::optional<Error> read_myid();

  const std::string& path_;
  ZooCfg& cfg_;
  bool data_dir_beside_file_ = false;
  std::map<Sid, int> server_lines_;
  bool min_session_set_ = false;
  bool max_session_set_ = false;
  bool extended_types_ = false;
  std::string bom_key_;
};

std::optional<Error> CfgParser::java_number(int line, std::string_view key,
                                            const std::string& value, std::int64_t lo,
                                            std::int64_t hi, std::int64_t& out) const {
  ParsedNumber n = java_parse(value, lo, hi);
  if (n.error == NumberError::None) {
    out = n.value;
    return std::nullopt;
  }
  std::string hint = has_end_of_line_comment(value) ? std::string(kCommentHint) : int_hint(key);
  std::string what = n.error == NumberError::TooLarge
                         ? fmt::format("{} is out of range ({} to {})", value, lo, hi)
                         : fmt::format("{} is not a number", quote_text(value));
  return error(line,
               fmt::format("{}: {}{}NumberFormatException: For input string: \"{}\"", key, what,
                           kRealFails, show(value)),
               hint);
}

std::optional<Error> CfgParser::lenient_int(int line, std::string_view key,
                                            const std::string& value, int zk_default,
                                            std::int64_t& out) const {
  ParsedNumber n = java_parse(value, kIntMin, kIntMax);
  if (n.error == NumberError::None) {
    out = n.value;
    return std::nullopt;
  }
  std::string hint = has_end_of_line_comment(value) ? std::string(kCommentHint) : int_hint(key);
  return error(line,
               fmt::format("{}: {} is not a number; real ZooKeeper silently ignores it and uses {}",
                           key, quote_text(value), zk_default),
               hint);
}

std::optional<Error> CfgParser::java_bool(int line, std::string_view key, const std::string& value,
                                          bool& out) const {
  std::string lower = value;
  std::transform(lower.begin(), lower.end(), lower.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  if (lower == "true" || lower == "false") {
    out = lower == "true";
    return std::nullopt;
  }
  return error(line,
               fmt::format("Invalid option {} for {}. Choose 'true' or 'false.'", show(value), key),
               fmt::format("write {}=true or {}=false", key, key));
}

std::optional<Error> CfgParser::port(int line, std::string_view key, std::int64_t v) const {
  if (v >= 1 && v <= 65535) return std::nullopt;
  // Only clientPort goes through QuorumPeerConfig's InetSocketAddress; the AdminServer's
  // port fails later, inside Jetty.
  std::string real = key == "clientPort" ? fmt::format("{}\"port out of range:{}\"", kRealFails, v)
                                         : std::string();
  return error(line, fmt::format("{}: {} is not in 1-65535{}", key, v, real),
               fmt::format("use a port from 1 to 65535, e.g. {}={}", key,
                           key == "admin.serverPort" ? 8080 : 2181));
}

std::optional<Error> CfgParser::entry(const PropertyEntry& e, const std::string& key) {
  cfg_.key_lines[key] = e.line;
  if (!e.surprising_escape.empty()) {
    std::string effect = e.surprising_escape == "\\t"   ? std::string("a tab")
                         : e.surprising_escape == "\\n" ? "a line break"
                         : e.surprising_escape == "\\r" ? "a carriage return"
                         : e.surprising_escape == "\\f" ? "a form feed"
                                                        : quote_text(e.surprising_escape.substr(1));
    warn(e.line,
         fmt::format("{}: Java reads {} as {}, so ZooKeeper sees {}={} (fix: write each "
                     "backslash twice, \\\\, or use / instead)",
                     key, quote_text(e.surprising_escape), effect, key, show(java_trim(e.value))));
  }
  if (starts_with(key, "server.")) return server(e, key);

  const std::string value = java_trim(e.value);
  const int line = e.line;
  std::int64_t n = 0;
  if (key == "tickTime") {
    if (auto err = java_number(line, key, value, kIntMin, kIntMax, n)) return err;
    if (n == 0)
      return error(line, fmt::format("tickTime is 0{}\"tickTime is not set\"", kRealFails),
                   int_hint(key));
    if (n < 0) return error(line, fmt::format("tickTime: {} is negative", n), int_hint(key));
    cfg_.tick_time_ms = static_cast<int>(n);
  } else if (key == "initLimit" || key == "syncLimit") {
    if (auto err = java_number(line, key, value, kIntMin, kIntMax, n)) return err;
    if (n < 0) return error(line, fmt::format("{}: {} is negative", key, n), int_hint(key));
    (key == "initLimit" ? cfg_.init_limit_ticks : cfg_.sync_limit_ticks) = static_cast<int>(n);
  } else if (key == "dataDir") {
    cfg_.data_dir = value;
  } else if (key == "dataLogDir") {
    cfg_.data_log_dir = value;
  } else if (key == "clientPort") {
    if (auto err = java_number(line, key, value, kIntMin, kIntMax, n)) return err;
    if (n != 0) {  // 0 means "not set" in ZooKeeper
      if (auto err = port(line, key, n)) return err;
    }
    cfg_.client_port = static_cast<int>(n);
  } else if (key == "clientPortAddress") {
    cfg_.client_port_address = value;
  } else if (key == "maxClientCnxns") {
    if (auto err = java_number(line, key, value, kIntMin, kIntMax, n)) return err;
    cfg_.max_client_cnxns = static_cast<int>(n);
  } else if (key == "minSessionTimeout" || key == "maxSessionTimeout") {
    if (auto err = java_number(line, key, value, kIntMin, kIntMax, n)) return err;
    if (n < 0) return error(line, fmt::format("{}: {} is negative", key, n), int_hint(key));
    bool is_min = key == "minSessionTimeout";
    (is_min ? cfg_.min_session_timeout_ms : cfg_.max_session_timeout_ms) = static_cast<int>(n);
    (is_min ? min_session_set_ : max_session_set_) = true;
  } else if (key == "autopurge.snapRetainCount") {
    if (auto err = java_number(line, key, value, kIntMin, kIntMax, n)) return err;
    if (n < kMinSnapRetainCount) {
      warn(line, fmt::format("Invalid autopurge.snapRetainCount: {}. Defaulting to {} "
                             "(ZooKeeper always keeps at least {} snapshots)",
                             n, kMinSnapRetainCount, kMinSnapRetainCount));
      n = kMinSnapRetainCount;
    }
    cfg_.autopurge_snap_retain_count = static_cast<int>(n);
  } else if (key == "autopurge.purgeInterval") {
    if (auto err = java_number(line, key, value, kIntMin, kIntMax, n)) return err;
    cfg_.autopurge_purge_interval_hours = static_cast<int>(n);
  } else if (key == "4lw.commands.whitelist") {
    whitelist(line, value);
  } else if (key == "admin.enableServer") {
    // ZooKeeper turns the AdminServer off only for exactly "false" and does not check the
    // value; zooscope asks for true or false and otherwise follows ZooKeeper.
    bool b = true;
    if (java_bool(line, key, value, b)) {
      return error(line,
                   fmt::format("Invalid option {} for admin.enableServer. Choose 'true' or "
                               "'false.' (zooscope checks this; real ZooKeeper does not, and "
                               "keeps the AdminServer on for anything but exactly \"false\")",
                               show(value)),
                   "write admin.enableServer=true or admin.enableServer=false");
    }
    if (!b && value != "false") {
      warn(line, fmt::format("admin.enableServer={}: real ZooKeeper turns the AdminServer off "
                             "only for exactly \"false\", so it stays on (fix: write false in "
                             "lower case)",
                             show(value)));
      b = true;
    }
    cfg_.admin_enable_server = b;
  } else if (key == "admin.serverAddress") {
    cfg_.admin_server_address = value;
  } else if (key == "admin.serverPort") {
    if (auto err = lenient_int(line, key, value, 8080, n)) return err;
    if (auto err = port(line, key, n)) return err;
    cfg_.admin_server_port = static_cast<int>(n);
  } else if (key == "peerType") {
    std::string lower = value;
    std::transform(lower.begin(), lower.end(), lower.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    if (lower == "observer") {
      cfg_.peer_type = LearnerType::Observer;
    } else if (lower == "participant") {
      cfg_.peer_type = LearnerType::Participant;
    } else {
      return error(line,
                   fmt::format("peerType: unknown peer type {}{}\"Unrecognised peertype: {}\"",
                               quote_text(value), kRealFails, show(value)),
                   "write peerType=participant or peerType=observer");
    }
  } else if (key == "electionAlg") {
    if (auto err = java_number(line, key, value, kIntMin, kIntMax, n)) return err;
    if (n != 3) {
      return error(line,
                   fmt::format("electionAlg={} is not supported, only 3 (fast leader election)"
                               "{}\"Invalid electionAlg value. Only 3 is supported.\"",
                               n, kRealFails),
                   int_hint(key));
    }
  } else if (key == "standaloneEnabled") {
    if (auto err = java_bool(line, key, value, cfg_.standalone_enabled)) return err;
  } else if (key == "reconfigEnabled") {
    if (auto err = java_bool(line, key, value, cfg_.reconfig_enabled)) return err;
    if (cfg_.reconfig_enabled) {
      warn(line,
           "reconfigEnabled=true: zooscope has no dynamic reconfiguration, so it runs "
           "with reconfig disabled (a reconfig request gets RECONFIGDISABLED)");
    }
  } else if (key == "dynamicConfigFile") {
    return error(line,
                 fmt::format("dynamicConfigFile is not supported: zooscope has no dynamic "
                             "reconfiguration, so the server list must be in this file"),
                 fmt::format("copy the server.N lines from {} into this file and remove the "
                             "dynamicConfigFile line",
                             value.empty() ? std::string("the dynamic file") : value));
  } else if (starts_with(key, "group.") || starts_with(key, "weight.")) {
    return error(line,
                 fmt::format("{}: hierarchical quorums (group./weight. keys) are not supported; "
                             "zooscope uses majority quorums only",
                             key),
                 "remove the group. and weight. lines; every participant then has one vote");
  } else {
    return other_key(e, key, value);
  }
  return std::nullopt;
}

std::optional<Error> CfgParser::other_key(const PropertyEntry& e, const std::string& key,
                                          const std::string& value) {
  const int line = e.line;
  std::int64_t n = 0;
  bool b = false;
  const KeyKind kind = classify_key(key);
  if (kind == KeyKind::QpcBool) {
    if (auto err = java_bool(line, key, value, b)) return err;
  } else if (kind == KeyKind::QpcInt) {
    if (auto err = java_number(line, key, value, kIntMin, kIntMax, n)) return err;
  } else if (kind == KeyKind::QpcLong) {
    if (auto err = java_number(line, key, value, kLongMin, kLongMax, n)) return err;
  } else if (key == "cnxTimeout") {
    if (auto err = java_number(line, key, value, kIntMin, kIntMax, n)) return err;
    if (n <= 0) {
      return error(line, fmt::format("cnxTimeout: {} must be positive (milliseconds)", n),
                   int_hint(key));
    }
  } else if (key == "fastleader.minNotificationInterval" ||
             key == "fastleader.maxNotificationInterval") {
    bool is_min = key == "fastleader.minNotificationInterval";
    if (auto err = lenient_int(line, key, value, is_min ? 200 : 60000, n)) return err;
    if (n <= 0) {
      return error(line, fmt::format("{}: {} must be positive (milliseconds)", key, n),
                   fmt::format("e.g. {}={}", key, is_min ? 200 : 60000));
    }
  } else if (key == "extendedTypesEnabled") {
    // Boolean.getBoolean: only "true" in any case turns it on.
    std::string lower = value;
    std::transform(lower.begin(), lower.end(), lower.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    extended_types_ = lower == "true";
  } else if (key == "oraclePath") {
    warn(line,
         "oraclePath is ignored: zooscope has no oracle for 2-server ensembles "
         "(QuorumOracleMaj) and uses plain majority quorums");
  } else if (kind == KeyKind::JvmOnly) {
    warn(line, fmt::format("{} has no effect in zoo.cfg: ZooKeeper reads it only as the JVM "
                           "property {}, and zoo.cfg would set zookeeper.{} (fix: pass "
                           "-D{}={} to the JVM, e.g. in SERVER_JVMFLAGS)",
                           key, key, key, key, show(value)));
  } else if (starts_with(key, "zookeeper.") && classify_key(key.substr(10)) != KeyKind::Unknown &&
             classify_key(key.substr(10)) != KeyKind::JvmOnly) {
    warn(line, fmt::format("{} has no effect: ZooKeeper adds the zookeeper. prefix itself, so "
                           "this sets zookeeper.{} (fix: write {}={})",
                           key, key, key.substr(10), show(value)));
  } else if (kind == KeyKind::Unknown && key != bom_key_) {
    std::string guess = closest_known_key(key);
    std::string suggestion = guess.empty() ? "" : fmt::format(" (did you mean {}?)", guess);
    warn(line, fmt::format("unknown key {}{}; real ZooKeeper does not complain: it sets the "
                           "Java system property zookeeper.{}, which it never reads",
                           key, suggestion, key));
  }
  cfg_.other_keys[key] = value;
  return std::nullopt;
}

void CfgParser::whitelist(int line, const std::string& value) {
  cfg_.four_letter_whitelist.clear();
  for (const std::string& part : java_split(value, ',')) {
    std::string word = java_trim(part);
    if (word.empty()) continue;
    if (word != "*" && !is_four_letter_word(word)) {
      std::string guess = closest_four_letter_word(word);
      warn(line, fmt::format("4lw.commands.whitelist: {} is not a four-letter word ZooKeeper "
                             "knows{}",
                             quote_text(word),
                             guess.empty() ? fmt::format(" (known: {})", four_letter_word_list())
                                           : fmt::format(" (did you mean {}?)", guess)));
    }
    cfg_.four_letter_whitelist.push_back(word);
  }
}

// ConfigUtils.getHostAndPort: "[v6]:a:b" or "host:a:b", split on ':'.
std::optional<Error> CfgParser::host_and_port(int line, const std::string& label,
                                              const std::string& value, const std::string& s,
                                              std::vector<std::string>& out) const {
  if (!starts_with(s, "[")) {
    out = java_split(s, ':');
    return std::nullopt;
  }
  std::size_t close = s.find(']');
  if (close == std::string::npos) {
    return error(line,
                 fmt::format("{}: {} opens an IPv6 address with [ but never closes it{}\"{} "
                             "starts with '[' but has no matching ']:'\"",
                             label, quote_text(value), kRealFails, show(s)),
                 "write IPv6 hosts as [::1]:2888:3888");
  }
  if (close + 2 == s.size()) {
    return error(line,
                 fmt::format("{}: {} has no port after the IPv6 address{}\"{} doesn't have a port "
                             "after colon\"",
                             label, quote_text(value), kRealFails, show(s)),
                 "write IPv6 hosts as [::1]:2888:3888");
  }
  out.clear();
  out.push_back(s.substr(1, close - 1));
  if (close + 2 < s.size()) {
    for (std::string& p : java_split(std::string_view(s).substr(close + 2), ':')) {
      out.push_back(std::move(p));
    }
  }
  return std::nullopt;
}

// One port of a server line. `value` is the whole line value for messages; `token` is the
// text Integer.parseInt sees; `host_for_zk` is what ZooKeeper prints before it.
std::optional<Error> CfgParser::server_port(int line, const std::string& label,
                                            const std::string& value,
                                            const std::string& host_for_zk,
                                            const std::string& token, std::string_view what,
                                            int& out) const {
  ParsedNumber n = java_parse(token, kIntMin, kIntMax);
  if (n.error == NumberError::None) {
    if (n.value < 1 || n.value > 65535) {
      std::string real = n.value == 0
                             ? std::string(
                                   "; real ZooKeeper would listen on a random free port that "
                                   "no other server knows")
                             : fmt::format("{}\"port out of range:{}\"", kRealFails, n.value);
      return error(
          line, fmt::format("{}: {} {} is not in 1-65535{}", label, what, n.value, real),
          fmt::format("use a port from 1 to 65535, e.g. {}", what == "quorum port"     ? 2888
                                                             : what == "election port" ? 3888
                                                                                       : 2181));
    }
    out = static_cast<int>(n.value);
    return std::nullopt;
  }
  const std::string real =
      fmt::format("{}\"Address unresolved: {}:{}\"", kRealFails, host_for_zk, show(token));
  const std::string trimmed = java_trim(token);
  const bool at_end = value.size() >= token.size() &&
                      value.compare(value.size() - token.size(), token.size(), token) == 0;
  if (!trimmed.empty() && java_parse(trimmed, kIntMin, kIntMax).error == NumberError::None) {
    std::size_t lead_len = token.find(trimmed);
    std::string lead = token.substr(0, lead_len);
    std::string trail = token.substr(lead_len + trimmed.size());
    if (lead.empty() && at_end) {
      return error(line,
                   fmt::format("{}: {} has {} after the {}{}", label, quote_text(value),
                               whitespace_phrase(trail, "trailing"), what, real),
                   fmt::format("remove the {} at the end of the line", whitespace_noun(trail)));
    }
    std::string where = !lead.empty() ? whitespace_phrase(lead, "") + " before"
                                      : whitespace_phrase(trail, "") + " after";
    return error(line,
                 fmt::format("{}: {} has {} the {}{}", label, quote_text(value), where, what, real),
                 fmt::format("remove the {} inside the server line",
                             whitespace_noun(lead.empty() ? trail : lead)));
  }
  // "3888 # server one": a number, whitespace, then more text.
  std::size_t digits = 0;
  while (digits < token.size() && std::isdigit(static_cast<unsigned char>(token[digits]))) ++digits;
  if (digits > 0 && digits < token.size() &&
      std::isspace(static_cast<unsigned char>(token[digits]))) {
    bool comment = token.find('#') != std::string::npos;
    return error(
        line, fmt::format("{}: {} has text after the {}{}", label, quote_text(value), what, real),
        comment ? std::string(kCommentHint)
                : "remove the text after the port; the form is " + std::string(kServerForm));
  }
  return error(line,
               fmt::format("{}: {} {} is not a number{}", label, what, quote_text(token), real),
               fmt::format("the form is {}, e.g. {}=127.0.0.1:2888:3888", kServerForm, label));
}

std::optional<Error> CfgParser::server(const PropertyEntry& e, const std::string& key) {
  const int line = e.line;
  const std::string sid_text = key.substr(7);
  ParsedNumber sid = java_parse(sid_text, kLongMin, kLongMax);
  if (sid.error != NumberError::None) {
    return error(line,
                 fmt::format("{}: {} is not a server id{}NumberFormatException: For input string: "
                             "\"{}\"",
                             key, quote_text(sid_text), kRealFails, show(sid_text)),
                 "number the servers 1, 2, 3, ...: server.1=127.0.0.1:2888:3888");
  }
  if (sid.value < 1) {
    return error(line,
                 fmt::format("{}: server id {} is not allowed; zooscope needs ids from 1 up "
                             "(ZooKeeper's documentation asks for 1 to 255)",
                             key, sid.value),
                 "renumber the servers from 1, and the myid files with them");
  }
  if (auto it = server_lines_.find(sid.value); it != server_lines_.end()) {
    return error(line,
                 fmt::format("server.{} is defined twice, on lines {} and {}; real ZooKeeper "
                             "silently keeps only one of them",
                             sid.value, it->second, line),
                 "remove one of the two lines, or give the second server a number of its own");
  }
  server_lines_[sid.value] = line;

  // Untrimmed on purpose: QuorumMaj hands ZooKeeper's parser the raw value.
  const std::string& value = e.value;
  const std::string label = fmt::format("server.{}", sid.value);
  const std::string wrong_form = fmt::format(
      "{}: {} does not have the form {}{}\"{} does not have the form server_config "
      "or server_config;client_config ...\"",
      label, quote_text(value), kServerForm, kRealFails, show(value));
  const std::string form_hint = fmt::format(
      "e.g. {0}=127.0.0.1:2888:3888, {0}=127.0.0.1:2891:3891:observer or "
      "{0}=zoo1:2888:3888;2181",
      label);

  ServerSpec spec;
  spec.sid = sid.value;
  spec.file = path_;
  spec.line = line;

  std::vector<std::string> server_client = java_split(value, ';');
  if (server_client.empty() || server_client.size() > 2) return error(line, wrong_form, form_hint);

  if (server_client.size() == 2) {
    std::vector<std::string> client;
    if (auto err = host_and_port(line, label, value, server_client[1], client)) return err;
    if (client.empty() || client.size() > 2) return error(line, wrong_form, form_hint);
    if (client.size() == 2) spec.client_host = client[0];
    // ZooKeeper prints its not-yet-set hostname field here, hence "null".
    if (auto err = server_port(line, label, value, "null", client.back(), "client port",
                               spec.client_port)) {
      return err;
    }
  }

  if (server_client[0].find('|') != std::string::npos) {
    return error(line,
                 fmt::format("{}: {} lists several addresses separated by |; zooscope does not "
                             "support multi-address server lines",
                             label, quote_text(value)),
                 "keep one host:quorumPort:electionPort per server line");
  }

  std::vector<std::string> parts;
  if (auto err = host_and_port(line, label, value, server_client[0], parts)) return err;
  if (parts.size() < 3 || parts.size() > 4) {
    std::string hint = parts.size() == 2 ? fmt::format("add the election port: {}={}:3888", label,
                                                       java_trim(server_client[0]))
                                         : form_hint;
    return error(line, wrong_form, hint);
  }
  spec.host = parts[0];
  if (auto err =
          server_port(line, label, value, spec.host, parts[1], "quorum port", spec.quorum_port)) {
    return err;
  }
  if (auto err = server_port(line, label, value, spec.host, parts[2], "election port",
                             spec.election_port)) {
    return err;
  }
  if (spec.quorum_port == spec.election_port) {
    return error(line,
                 fmt::format("{}: quorum port and election port are both {}{}\"Client and "
                             "election port must be different! Please update the configuration "
                             "file on server.{}\"",
                             label, spec.quorum_port, kRealFails, sid.value),
                 fmt::format("use two different ports, e.g. {}={}:2888:3888", label, spec.host));
  }
  if (parts.size() == 4) {
    std::string type = java_trim(parts[3]);
    std::transform(type.begin(), type.end(), type.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    if (type == "observer") {
      spec.type = LearnerType::Observer;
    } else if (type == "participant") {
      spec.type = LearnerType::Participant;
    } else {
      return error(line,
                   fmt::format("{}: unknown peer type {}{}\"Unrecognised peertype: {}\"", label,
                               quote_text(parts[3]), kRealFails, show(parts[3])),
                   fmt::format("end the line with :participant or :observer, or with nothing "
                               "(participant), e.g. {}={}:{}:{}:observer",
                               label, spec.host, spec.quorum_port, spec.election_port));
    }
  }
  // Checked after the ports because ZooKeeper does not fail on a bad host at all.
  if (spec.host.empty()) {
    return error(line,
                 fmt::format("{}: {} has no host before the quorum port", label, quote_text(value)),
                 form_hint);
  }
  if (std::any_of(spec.host.begin(), spec.host.end(),
                  [](unsigned char c) { return std::isspace(c); })) {
    return error(line,
                 fmt::format("{}: host {} contains whitespace; real ZooKeeper cannot resolve it, "
                             "so that server is unreachable",
                             label, quote_text(spec.host)),
                 "remove the space inside the server line");
  }
  cfg_.servers.push_back(std::move(spec));
  return std::nullopt;
}

std::optional<Error> CfgParser::check_servers() {
  int voters = 0;
  int observers = 0;
  const ServerSpec* first_observer = nullptr;
  for (const ServerSpec& s : cfg_.servers) {
    if (s.type == LearnerType::Participant) {
      ++voters;
    } else {
      ++observers;
      if (!first_observer) first_observer = &s;
    }
  }
  // QuorumPeerConfig.parseDynamicConfig, in its order.
  if (voters == 0) {
    if (!cfg_.standalone_enabled) {
      return error(line_of("standaloneEnabled"),
                   fmt::format("standaloneEnabled=false but no server line is a participant{}"
                               "\"standaloneEnabled = false then number of participants should "
                               "be >0\"",
                               kRealFails),
                   "add participant server lines, e.g. server.1=127.0.0.1:2888:3888");
    }
    if (observers > 0) {
      return error(first_observer->line,
                   fmt::format("every server line is an observer and none is a participant{}"
                               "\"Observers w/o participants is an invalid configuration\"",
                               kRealFails),
                   "make at least three servers participants: drop :observer from their lines");
    }
  } else if (voters == 1 && cfg_.standalone_enabled) {
    if (observers > 0) {
      return error(first_observer->line,
                   fmt::format("one participant with {} observer{} cannot form a quorum{}"
                               "\"Observers w/o quorum is an invalid configuration\"",
                               observers, observers == 1 ? "" : "s", kRealFails),
                   "add participants (three or more in all), or set standaloneEnabled=false");
    }
    warn(0,
         "only one server line: real ZooKeeper logs \"Invalid configuration, only one server "
         "specified (ignoring)\" and starts a standalone server without leader election; "
         "zooscope runs an ensemble of one voter, which elects itself and tolerates no "
         "failure");
  } else {
    const int quorum = Roster::majority_size(voters);
    if (voters <= 2) {
      warn(0, fmt::format("No server failure will be tolerated. You need at least 3 servers. "
                          "(zooscope: a quorum is more than half the voters, {} of {}, so {})",
                          quorum, voters,
                          voters == 1 ? "the only voter failing stops the ensemble"
                                      : "either voter failing stops the ensemble"));
    } else if (voters % 2 == 0) {
      warn(0, fmt::format("Non-optimal configuration, consider an odd number of servers. "
                          "(zooscope: a quorum is more than half the voters, {} of {}, so {} "
                          "voters tolerate {} failure{}, the same as {}; 2N+1 voters tolerate N "
                          "failures)",
                          quorum, voters, voters, (voters - 1) / 2,
                          (voters - 1) / 2 == 1 ? "" : "s", voters - 1));
    }
  }
  if (extended_types_) {
    for (const ServerSpec& s : cfg_.servers) {
      if (s.sid > kMaxExtendedServerId) {
        return error(s.line,
                     fmt::format("server.{}: with extendedTypesEnabled=true server ids must be at "
                                 "most {}{}\"extendedTypesEnabled is true but Server ID is too "
                                 "large. Cannot be larger than {}\"",
                                 s.sid, kMaxExtendedServerId, kRealFails, kMaxExtendedServerId),
                     "renumber the servers below 255, or remove extendedTypesEnabled");
      }
    }
  }
  // Two lines on one host with the same port: ZooKeeper does not check, a bind fails later.
  std::map<std::string, std::pair<const ServerSpec*, std::string_view>> used;
  for (const ServerSpec& s : cfg_.servers) {
    for (auto [p, what] : {std::pair<int, std::string_view>{s.quorum_port, "quorum port"},
                           std::pair<int, std::string_view>{s.election_port, "election port"}}) {
      std::string where = fmt::format("{}:{}", s.host, p);
      auto [it, inserted] = used.emplace(where, std::make_pair(&s, what));
      if (!inserted) {
        warn(s.line, fmt::format("server.{} uses {} as its {}, which server.{} (line {}) uses as "
                                 "its {}; on one machine only the first of them to start can "
                                 "listen there (java.net.BindException: Address already in use)",
                                 s.sid, where, what, it->second.first->sid, it->second.first->line,
                                 it->second.second));
      }
    }
  }
  return std::nullopt;
}

std::optional<Error> CfgParser::read_myid() {
  // A Windows path (D:/x, D:\x) names nothing on this machine: no lookup at all.
  if (cfg_.data_dir.empty() || is_windows_drive_path(cfg_.data_dir)) return std::nullopt;
  std::filesystem::path dir(cfg_.data_dir);
  if (data_dir_beside_file_ && dir.is_relative()) dir = std::filesystem::path(path_).parent_path() / dir;
  std::filesystem::path p = dir / "myid";
  std::error_code ec;
  if (!std::filesystem::is_regular_file(p, ec)) return std::nullopt;
  std::ifstream in(p, std::ios::binary);
  if (!in) return std::nullopt;
  std::string first;
  constexpr std::size_t kMaxLine = 4096;
  char c = 0;
  bool any = false;
  while (first.size() < kMaxLine && in.get(c)) {
    any = true;
    if (c == '\n' || c == '\r') break;
    first += c;
  }
  const std::string myid_path = p.string();
  const std::string hint = "write only this server's id, e.g. 1, on the first line of " + myid_path;
  if (!any) {
    return Error{
        myid_path, 1,
        fmt::format("the myid file is empty{}\"serverid null is not a number\"", kRealFails), hint};
  }
  ParsedNumber n = java_parse(first, kLongMin, kLongMax);
  if (n.error != NumberError::None) {
    std::string what = fmt::format("the first line {} is not a number", quote_text(first));
    std::string h = hint;
    std::string trimmed = java_trim(first);
    if (starts_with(first, kUtf8Bom)) {
      what = fmt::format("the first line {} starts with a UTF-8 byte order mark (BOM)",
                         quote_text(first));
      h = "save " + myid_path + " as plain text without a BOM (e.g. echo 1 > myid)";
    } else if (!trimmed.empty() &&
               java_parse(trimmed, kLongMin, kLongMax).error == NumberError::None) {
      std::size_t lead = first.find(trimmed);
      std::string ws = lead > 0 ? first.substr(0, lead) : first.substr(lead + trimmed.size());
      what = fmt::format("the first line {} has {} {} the number", quote_text(first),
                         whitespace_phrase(ws, ""), lead > 0 ? "before" : "after");
      h = fmt::format("remove the {} so the line is just {}", whitespace_noun(ws), trimmed);
    }
    return Error{myid_path, 1,
                 fmt::format("{}{}\"serverid {} is not a number\"", what, kRealFails, show(first)),
                 h};
  }
  cfg_.myid = n.value;
  cfg_.myid_path = myid_path;
  return std::nullopt;
}

std::optional<Error> CfgParser::finish(bool read_myid_file) {
  // QuorumPeerConfig.parseProperties, then setupQuorumPeerConfig, in their order.
  if (!cfg_.key_lines.count("dataDir")) {
    return error(0, fmt::format("dataDir is not set{}\"dataDir is not set\"", kRealFails),
                 "add dataDir=<the directory for snapshots and the myid file>, e.g. "
                 "dataDir=/var/lib/zookeeper");
  }
  if (cfg_.data_dir.empty()) {
    return error(line_of("dataDir"), "dataDir is empty",
                 "write the directory for snapshots and the myid file, e.g. "
                 "dataDir=/var/lib/zookeeper");
  }
  if (!cfg_.key_lines.count("dataLogDir")) cfg_.data_log_dir = cfg_.data_dir;
  if (cfg_.client_port == 0 && cfg_.key_lines.count("clientPortAddress")) {
    return error(
        line_of("clientPortAddress"),
        fmt::format("clientPortAddress is set but clientPort is not set{}\"clientPortAddress "
                    "is set but clientPort is not set\"",
                    kRealFails),
        "add clientPort=2181, or remove clientPortAddress");
  }
  const int min_ms = min_session_set_ ? cfg_.min_session_timeout_ms : 2 * cfg_.tick_time_ms;
  const int max_ms = max_session_set_ ? cfg_.max_session_timeout_ms : 20 * cfg_.tick_time_ms;
  if (min_ms > max_ms) {
    auto describe = [&](bool set, std::string_view key, int ms, int factor) {
      return set ? fmt::format("{} {}", key, ms)
                 : fmt::format("{} {} (not set: {} x tickTime)", key, ms, factor);
    };
    int line = min_session_set_ ? line_of("minSessionTimeout") : line_of("maxSessionTimeout");
    return error(
        line,
        fmt::format("{} is larger than {}{}\"minSessionTimeout must not be larger than "
                    "maxSessionTimeout\"",
                    describe(min_session_set_, "minSessionTimeout", min_ms, 2),
                    describe(max_session_set_, "maxSessionTimeout", max_ms, 20), kRealFails),
        "make minSessionTimeout at most maxSessionTimeout (both in milliseconds)");
  }
  if (auto err = check_servers()) return err;
  if (read_myid_file) {
    if (auto err = read_myid()) return err;
  }
  int voters = static_cast<int>(
      std::count_if(cfg_.servers.begin(), cfg_.servers.end(),
                    [](const ServerSpec& s) { return s.type == LearnerType::Participant; }));
  const bool distributed = !cfg_.servers.empty() && (!cfg_.standalone_enabled || voters > 1);
  if (distributed) {
    if (cfg_.init_limit_ticks == 0) {
      return error(
          line_of("initLimit"),
          fmt::format("initLimit is not set; it is required with more than one "
                      "server{}\"initLimit is not set\"",
                      kRealFails),
          "add initLimit=10 (ticks a follower may take to connect to the leader and sync)");
    }
    if (cfg_.sync_limit_ticks == 0) {
      return error(line_of("syncLimit"),
                   fmt::format("syncLimit is not set; it is required with more than one "
                               "server{}\"syncLimit is not set\"",
                               kRealFails),
                   "add syncLimit=5 (ticks a follower may fall behind the leader)");
    }
  }
  return std::nullopt;
}

}  // namespace

Result<ZooCfg> parse_zoo_cfg(std::string_view text, const std::string& path, bool read_myid_file,
                             bool data_dir_beside_file) {
  auto entries = read_properties(text, path);
  if (!entries.ok()) return entries.error();

  ZooCfg cfg;
  cfg.path = path;
  CfgParser parser(path, cfg, data_dir_beside_file);

  // Java reads a UTF-8 BOM as three ISO-8859-1 characters at the start of the first key.
  if (starts_with(text, kUtf8Bom) && !entries->empty() &&
      starts_with(java_trim(entries->front().key), kUtf8Bom)) {
    const PropertyEntry& e = entries->front();
    std::string key = java_trim(e.key);
    std::string meant = key.substr(kUtf8Bom.size());
    parser.set_bom_key(key);
    bool harmless = meant.empty() || meant[0] == '#' || meant[0] == '!';
    cfg.warnings.push_back(Warning{
        path, e.line,
        harmless ? std::string("the file starts with a UTF-8 byte order mark (BOM); Java reads "
                               "it as part of the first line, which turns that line into an "
                               "unused key; no setting is lost here (fix: save the file as "
                               "UTF-8 without BOM)")
                 : fmt::format("the file starts with a UTF-8 byte order mark (BOM); Java reads it "
                               "as part of the first key, so real ZooKeeper does not see {} and "
                               "neither does zooscope (fix: save the file as UTF-8 without BOM)",
                               meant)});
  }

  // Properties keeps only the last value of a repeated key; server.N repeats are errors.
  std::map<std::string, std::size_t> last;
  for (std::size_t i = 0; i < entries->size(); ++i) {
    std::string key = java_trim(entries.value()[i].key);
    if (starts_with(key, "server.")) continue;
    if (auto it = last.find(key); it != last.end()) {
      const PropertyEntry& before = entries.value()[it->second];
      const PropertyEntry& now = entries.value()[i];
      cfg.warnings.push_back(Warning{
          path, now.line,
          fmt::format("{} is set twice, on lines {} and {}; like ZooKeeper, zooscope uses the "
                      "last value ({})",
                      key, before.line, now.line, show(java_trim(now.value)))});
    }
    last[key] = i;
  }
  for (std::size_t i = 0; i < entries->size(); ++i) {
    const PropertyEntry& e = entries.value()[i];
    std::string key = java_trim(e.key);
    if (!starts_with(key, "server.") && last[key] != i) continue;
    if (auto err = parser.entry(e, key)) return *err;
  }
  if (auto err = parser.finish(read_myid_file)) return *err;
  return cfg;
}

Result<ZooCfg> load_zoo_cfg(const std::string& path, bool data_dir_beside_file) {
  std::error_code ec;
  if (!std::filesystem::exists(path, ec)) {
    return Error{path, 0, "the file does not exist",
                 "check the path; pass one zoo.cfg for the whole ensemble, or one per server"};
  }
  if (std::filesystem::is_directory(path, ec)) {
    return Error{path, 0, "this is a directory, not a zoo.cfg file",
                 "pass the zoo.cfg file inside it, e.g. " + path + "/zoo.cfg"};
  }
  std::ifstream in(path, std::ios::binary);
  if (!in) return Error{path, 0, "the file cannot be read", "check its permissions"};
  std::ostringstream text;
  text << in.rdbuf();
  return parse_zoo_cfg(text.str(), path, true, data_dir_beside_file);
}

}  // namespace zs::config

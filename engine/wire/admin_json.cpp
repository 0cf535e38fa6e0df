#include "wire/admin_json.hpp"

#include <algorithm>
#include <charconv>
#include <nlohmann/json.hpp>
#include <utility>

namespace zs::wire {
namespace {

using nlohmann::json;

constexpr std::string_view kNotServing =
    "This ZooKeeper instance is not currently serving requests";

// A field read failed: the message names the command and the field's path.
struct FieldError {
  std::string path;
  std::string expected;
};

Error make_error(std::string_view command, std::string message) {
  return Error{"/commands/" + std::string(command), 0, std::move(message), {}};
}

// Jetty's error page: the <title>'s text with its few HTML entities decoded, shortened.
std::string html_title(std::string_view body) {
  const std::size_t open = body.find("<title>");
  const std::size_t close = body.find("</title>");
  if (open == std::string_view::npos || close == std::string_view::npos || close < open) {
    return {};
  }
  std::string_view t = body.substr(open + 7, close - open - 7);
  std::string out;
  for (std::size_t i = 0; i < t.size() && out.size() < 200; ++i) {
    static constexpr std::pair<std::string_view, char> kEntities[] = {
        {"&quot;", '"'}, {"&amp;", '&'}, {"&lt;", '<'}, {"&gt;", '>'}, {"&#39;", '\''}};
    bool replaced = false;
    for (auto [entity, c] : kEntities) {
      if (t.substr(i, entity.size()) == entity) {
        out += c;
        i += entity.size() - 1;
        replaced = true;
        break;
      }
    }
    if (!replaced) out += t[i];
  }
  return out;
}

// The status of an answer from its HTTP status and, for 200, its "command"/"error" fields.
// Returns the parsed JSON for 200 answers, or an error when the body is not a JSON object.
Result<json> open_answer(std::string_view command, int http_status, std::string_view body,
                         AdminStatus& status) {
  status.http_status = http_status;
  if (http_status != 200) {
    status.state = AdminState::HttpError;
    std::string title = html_title(body);
    // 3.8.0's monitor dereferences a null ZooKeeperServer while the server is LOOKING
    // (samples/adminserver/monitor.not-serving.json): the server is not serving.
    if (http_status == 500 && title.find("\"zkServer\" is null") != std::string::npos) {
      status.state = AdminState::NotServing;
    }
    status.error = title.empty() ? "HTTP " + std::to_string(http_status) : std::move(title);
    return json();
  }
  json j = json::parse(body.begin(), body.end(), nullptr, /*allow_exceptions=*/false);
  if (j.is_discarded() || !j.is_object()) {
    std::string start;
    for (char c : body.substr(0, 40)) {
      start += (static_cast<unsigned char>(c) < 0x20) ? ' ' : c;
    }
    return make_error(command, "the answer is not a JSON object (it starts \"" + start + "\")");
  }
  if (auto c = j.find("command"); c != j.end() && c->is_string()) {
    status.command = c->get<std::string>();
  }
  if (auto e = j.find("error"); e != j.end() && !e->is_null()) {
    status.error = e->is_string() ? e->get<std::string>() : e->dump();
    status.state = status.error == kNotServing ? AdminState::NotServing : AdminState::CommandError;
  }
  return j;
}

// Typed field reads that name the path of what is missing or of the wrong type.
class Fields {
 public:
  Fields(const json& object, std::string path) : object_(object), path_(std::move(path)) {}

  const json* find(std::string_view key) const {
    if (!object_.is_object()) return nullptr;
    auto it = object_.find(key);
    return it == object_.end() ? nullptr : &*it;
  }
  std::string path(std::string_view key) const {
    return path_.empty() ? std::string(key) : path_ + "." + std::string(key);
  }
  std::optional<FieldError> get_int(std::string_view key, std::int64_t& out) const {
    const json* v = find(key);
    if (!v || !v->is_number_integer()) return FieldError{path(key), "an integer"};
    out = v->get<std::int64_t>();
    return std::nullopt;
  }
  std::optional<FieldError> get_double(std::string_view key, double& out) const {
    const json* v = find(key);
    if (!v || !v->is_number()) return FieldError{path(key), "a number"};
    out = v->get<double>();
    return std::nullopt;
  }
  std::optional<FieldError> get_bool(std::string_view key, bool& out) const {
    const json* v = find(key);
    if (!v || !v->is_boolean()) return FieldError{path(key), "true or false"};
    out = v->get<bool>();
    return std::nullopt;
  }
  std::optional<FieldError> get_string(std::string_view key, std::string& out) const {
    const json* v = find(key);
    if (!v || !v->is_string()) return FieldError{path(key), "a string"};
    out = v->get<std::string>();
    return std::nullopt;
  }
  std::optional<FieldError> get_strings(std::string_view key, std::vector<std::string>& out) const {
    const json* v = find(key);
    if (!v || !v->is_array()) return FieldError{path(key), "an array of strings"};
    for (const json& s : *v) {
      if (!s.is_string()) return FieldError{path(key), "an array of strings"};
      out.push_back(s.get<std::string>());
    }
    return std::nullopt;
  }

 private:
  const json& object_;
  std::string path_;
};

// Runs field reads in order and keeps the first failure.
class FirstError {
 public:
  FirstError& operator<<(std::optional<FieldError> e) {
    if (!error_ && e) error_ = std::move(e);
    return *this;
  }
  const std::optional<FieldError>& error() const { return error_; }

 private:
  std::optional<FieldError> error_;
};

Error field_error(std::string_view command, const FieldError& e) {
  return make_error(command, e.path + ": expected " + e.expected);
}

template <class T>
using Parsed = Result<AdminAnswer<T>>;

// The common frame: open the answer, and unless it is Ok return its status without a value.
template <class T, class Fill>
Parsed<T> parse_with(std::string_view command, int http_status, std::string_view body, Fill fill) {
  AdminAnswer<T> answer;
  auto j = open_answer(command, http_status, body, answer.status);
  if (!j) return j.error();
  if (answer.status.state != AdminState::Ok) return answer;
  T value{};
  FirstError errors;
  fill(j.value(), value, errors, answer.status);
  if (errors.error()) return field_error(command, *errors.error());
  answer.value = std::move(value);
  return answer;
}

std::optional<FieldError> learner_type(const Fields& f, LearnerType& out) {
  std::string text;
  if (auto e = f.get_string("learner_type", text)) return e;
  if (text == "participant")
    out = LearnerType::Participant;
  else if (text == "observer")
    out = LearnerType::Observer;
  else
    return FieldError{f.path("learner_type"), "\"participant\" or \"observer\""};
  return std::nullopt;
}

// zabstate's address objects (MultipleAddresses as JSON): "one", or the first of
// "all_addresses"; a plain string is accepted too.
std::optional<FieldError> address_of(const Fields& f, std::string_view key, std::string& out) {
  const json* v = f.find(key);
  if (v && v->is_string()) {
    out = v->get<std::string>();
    return std::nullopt;
  }
  if (v && v->is_object()) {
    Fields inner(*v, f.path(key));
    if (!inner.get_string("one", out)) return std::nullopt;
    std::vector<std::string> all;
    if (!inner.get_strings("all_addresses", all) && !all.empty()) {
      out = all.front();
      return std::nullopt;
    }
  }
  return FieldError{f.path(key), "an address object with \"one\""};
}

std::optional<Zxid> parse_zxid_text(std::string_view s) {
  if (s.substr(0, 2) != "0x" || s.size() == 2) return std::nullopt;
  std::uint64_t v = 0;
  auto [p, ec] = std::from_chars(s.data() + 2, s.data() + s.size(), v, 16);
  if (ec != std::errc() || p != s.data() + s.size()) return std::nullopt;
  return Zxid(static_cast<std::int64_t>(v));
}

void fill_connection(const Fields& f, ConsConnection& c, FirstError& errors) {
  std::int64_t ops = 0;
  errors << f.get_string("remote_socket_address", c.remote_address)
         << f.get_int("interest_ops", ops) << f.get_int("outstanding_requests", c.queued)
         << f.get_int("packets_received", c.received) << f.get_int("packets_sent", c.sent);
  c.interest_ops = static_cast<std::int32_t>(ops);
  if (!f.find("session_id")) return;  // brief form, or no session yet
  ConsSession s;
  std::int64_t cxid = -1, zxid = 0;
  errors << f.get_int("session_id", s.session_id)
         << f.get_string("last_operation", s.last_operation)
         << f.get_int("established", s.established_ms) << f.get_int("session_timeout", s.timeout_ms)
         << f.get_int("last_cxid", cxid) << f.get_int("last_zxid", zxid)
         << f.get_int("last_response_time", s.last_response_ms)
         << f.get_int("last_latency", s.last_latency_ms)
         << f.get_int("min_latency", s.min_latency_ms) << f.get_int("avg_latency", s.avg_latency_ms)
         << f.get_int("max_latency", s.max_latency_ms);
  if (cxid >= 0) s.last_cxid = cxid;
  s.last_zxid = Zxid(zxid);
  if (s.session_id != 0) c.session = std::move(s);
}

std::optional<FieldError> fill_connection_list(const Fields& top, std::string_view key,
                                               std::vector<ConsConnection>& out,
                                               FirstError& errors) {
  const json* list = top.find(key);
  if (!list || !list->is_array()) return FieldError{top.path(key), "an array of connections"};
  std::size_t i = 0;
  for (const json& item : *list) {
    if (!item.is_object()) return FieldError{top.path(key), "an array of connections"};
    Fields f(item, top.path(key) + "[" + std::to_string(i++) + "]");
    ConsConnection c;
    fill_connection(f, c, errors);
    out.push_back(std::move(c));
  }
  return std::nullopt;
}

}  // namespace

std::string_view to_string(AdminState s) {
  switch (s) {
    case AdminState::Ok: return "ok";
    case AdminState::NotServing: return "not-serving";
    case AdminState::CommandError: return "command-error";
    case AdminState::HttpError: return "http-error";
  }
  return "?";
}

Parsed<VotingView> parse_admin_voting_view(int http_status, std::string_view body) {
  return parse_with<VotingView>(
      "voting_view", http_status, body,
      [](const json& j, VotingView& v, FirstError& errors, AdminStatus&) {
        const json* config = Fields(j, "").find("current_config");
        if (!config || !config->is_object()) {
          errors << FieldError{"current_config", "an object of members by sid"};
          return;
        }
        for (const auto& [key, member] : config->items()) {
          Fields f(member, "current_config." + key);
          VotingMember m;
          auto [p, ec] = std::from_chars(key.data(), key.data() + key.size(), m.sid);
          if (ec != std::errc() || p != key.data() + key.size() || !member.is_object()) {
            errors << FieldError{"current_config." + key, "a member under its numeric sid"};
            return;
          }
          errors << f.get_strings("server_addresses", m.server_addresses)
                 << f.get_strings("election_addresses", m.election_addresses)
                 << f.get_string("client_address", m.client_address)
                 << learner_type(f, m.learner_type);
          v.members.push_back(std::move(m));
        }
        std::sort(v.members.begin(), v.members.end(),
                  [](const VotingMember& a, const VotingMember& b) { return a.sid < b.sid; });
      });
}

Parsed<ZabStateAnswer> parse_admin_zabstate(int http_status, std::string_view body) {
  return parse_with<ZabStateAnswer>(
      "zabstate", http_status, body,
      [](const json& j, ZabStateAnswer& z, FirstError& errors, AdminStatus&) {
        Fields f(j, "");
        errors << f.get_bool("voting", z.voting) << f.get_string("zabstate", z.zabstate);
        // Only these two while no quorum peer runs Zab: LOOKING, or a standalone server.
        if (!f.find("myid")) {
          z.short_form = true;
          return;
        }
        std::int64_t myid = 0, epoch = 0, counter = 0;
        bool is_leader = false;
        std::string zxid;
        errors << f.get_int("myid", myid) << f.get_bool("is_leader", is_leader)
               << address_of(f, "quorum_address", z.quorum_address)
               << address_of(f, "election_address", z.election_address)
               << f.get_string("client_address", z.client_address)
               << f.get_string("last_zxid", zxid) << f.get_int("zab_epoch", epoch)
               << f.get_int("zab_counter", counter);
        z.myid = myid;
        z.is_leader = is_leader;
        z.zab_epoch = epoch;
        z.zab_counter = counter;
        z.last_zxid = parse_zxid_text(zxid);
        if (!errors.error() && !z.last_zxid) errors << FieldError{"last_zxid", "a \"0x...\" zxid"};
      });
}

Parsed<LeaderAnswer> parse_admin_leader(int http_status, std::string_view body) {
  return parse_with<LeaderAnswer>(
      "leader", http_status, body,
      [](const json& j, LeaderAnswer& l, FirstError& errors, AdminStatus&) {
        Fields f(j, "");
        errors << f.get_bool("is_leader", l.is_leader) << f.get_int("leader_id", l.leader_id)
               << f.get_string("leader_ip", l.leader_ip);
      });
}

Parsed<MntrAnswer> parse_admin_monitor(int http_status, std::string_view body) {
  return parse_with<MntrAnswer>(
      "monitor", http_status, body,
      [](const json& j, MntrAnswer& m, FirstError& errors, AdminStatus&) {
        for (const auto& [key, value] : j.items()) {
          if (key == "command" || key == "error") continue;
          m.entries.emplace_back("zk_" + key,
                                 value.is_string() ? value.get<std::string>() : value.dump());
        }
        if (!m.server_state()) errors << FieldError{"server_state", "a string"};
      });
}

Parsed<std::vector<ConsConnection>> parse_admin_connections(int http_status,
                                                            std::string_view body) {
  return parse_with<std::vector<ConsConnection>>(
      "connections", http_status, body,
      [](const json& j, std::vector<ConsConnection>& out, FirstError& errors, AdminStatus&) {
        Fields f(j, "");
        errors << fill_connection_list(f, "connections", out, errors);
        // Older servers have no secure_connections; a TLS client shows up there.
        if (f.find("secure_connections")) {
          errors << fill_connection_list(f, "secure_connections", out, errors);
        }
      });
}

Parsed<SrvrAnswer> parse_admin_stats(int http_status, std::string_view body) {
  // The command name in the error is the one the body says (stats or server_stats); both
  // share this shape.
  return parse_with<SrvrAnswer>(
      "stats", http_status, body,
      [](const json& j, SrvrAnswer& a, FirstError& errors, AdminStatus&) {
        Fields top(j, "");
        errors << top.get_string("version", a.version) << top.get_int("node_count", a.node_count);
        const json* stats = top.find("server_stats");
        if (!stats || !stats->is_object()) {
          errors << FieldError{"server_stats", "an object"};
          return;
        }
        Fields s(*stats, "server_stats");
        std::string state;
        std::int64_t zxid = 0;
        errors << s.get_int("packets_sent", a.sent) << s.get_int("packets_received", a.received)
               << s.get_string("server_state", state)
               << s.get_int("outstanding_requests", a.outstanding)
               << s.get_int("min_latency", a.latency_min_ms)
               << s.get_double("avg_latency", a.latency_avg_ms)
               << s.get_int("max_latency", a.latency_max_ms)
               << s.get_int("last_processed_zxid", zxid)
               << s.get_int("num_alive_client_connections", a.connections);
        a.zxid = Zxid(zxid);
        if (auto mode = parse_server_mode(state); mode.ok()) {
          a.mode = mode.value();
        } else if (!errors.error()) {
          errors << FieldError{"server_stats.server_state",
                               "leader, follower, observer, standalone or read-only"};
        }
        if (const json* p = top.find("proposal_stats"); p && p->is_object()) {
          Fields pf(*p, "proposal_stats");
          ProposalSizes sizes;
          errors << pf.get_int("last_buffer_size", sizes.last)
                 << pf.get_int("min_buffer_size", sizes.min)
                 << pf.get_int("max_buffer_size", sizes.max);
          a.proposal_sizes = sizes;
        }
        if (top.find("connections")) {
          a.has_clients = true;
          errors << fill_connection_list(top, "connections", a.clients, errors);
        }
      });
}

}  // namespace zs::wire

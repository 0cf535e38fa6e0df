#include "attach/observation.hpp"

#include <fmt/format.h>

#include <algorithm>

namespace zs::attach {

std::string_view to_string(ServerStatus s) {
  switch (s) {
    case ServerStatus::Waiting: return "waiting";
    case ServerStatus::Serving: return "serving";
    case ServerStatus::NotServing: return "not-serving";
    case ServerStatus::Unreachable: return "unreachable";
    case ServerStatus::Timeout: return "timeout";
    case ServerStatus::NotZooKeeper: return "not-zookeeper";
    case ServerStatus::Error: return "error";
  }
  return "?";
}

std::string ObservedEvent::text(const std::vector<ServerRow>& rows) const {
  const std::string who =
      server >= 0 && static_cast<std::size_t>(server) < rows.size() ? rows[static_cast<std::size_t>(server)].address.text() : "";
  switch (kind) {
    case Kind::Status: return fmt::format("{} {} -> {}{}", who, from, to, path.empty() ? "" : " (" + path + ")");
    case Kind::Mode: return fmt::format("{} mode {} -> {}", who, from, to);
    case Kind::Epoch: return fmt::format("{} epoch {} -> {}", who, from, to);
    case Kind::Leader: return fmt::format("leader {} -> {}", from, to);
    case Kind::Znode: return fmt::format("znode {} {}", to, path);
    case Kind::Session: return fmt::format("session {}{}{}", to, path.empty() ? "" : " " + path, from.empty() ? "" : " (" + from + ")");
  }
  return "";
}

ObservationBuilder::ObservationBuilder(const wire::ConnectString& hosts) {
  for (const wire::HostPort& h : hosts.hosts) {
    ServerRow row;
    row.address = h;
    rows_.push_back(std::move(row));
  }
}

int ObservationBuilder::leader() const {
  for (std::size_t i = 0; i < rows_.size(); ++i)
    if (rows_[i].status == ServerStatus::Serving && rows_[i].mode == wire::ServerMode::Leader) return static_cast<int>(i);
  return -1;
}

bool ObservationBuilder::wants(std::size_t server, const std::string& word) const {
  const ServerRow& r = rows_[server];
  for (const std::string& w : r.refused)
    if (w == word) return false;
  if (word == "conf") return !r.conf.has_value();
  return true;
}

void ObservationBuilder::set_status(std::size_t server, ServerStatus s, std::string detail, std::int64_t now_ms) {
  ServerRow& r = rows_[server];
  if (r.status != s && r.status != ServerStatus::Waiting) {
    ObservedEvent e;
    e.at_ms = now_ms;
    e.kind = ObservedEvent::Kind::Status;
    e.server = static_cast<int>(server);
    e.from = std::string(to_string(r.status));
    e.to = std::string(to_string(s));
    e.path = s == ServerStatus::Serving ? "" : detail;
    pending_.push_back(std::move(e));
  }
  if (s != ServerStatus::Serving && r.mode) {
    // It no longer serves in that mode; the mode change is part of the status change.
    r.mode.reset();
  }
  if (s == ServerStatus::Unreachable || s == ServerStatus::NotZooKeeper) {
    // A server that comes back may have been restarted with another configuration.
    r.refused.clear();
    r.conf.reset();
  }
  r.status = s;
  r.detail = std::move(detail);
}

void ObservationBuilder::srvr(std::size_t server, Reach reach, const std::string& body, const std::string& error,
                              std::int64_t rtt_ms, std::int64_t now_ms) {
  ServerRow& r = rows_[server];
  switch (reach) {
    case Reach::Unreachable: set_status(server, ServerStatus::Unreachable, error, now_ms); break;
    case Reach::Timeout: set_status(server, ServerStatus::Timeout, error, now_ms); break;
    case Reach::TooLarge:
      set_status(server, ServerStatus::NotZooKeeper, error.empty() ? "its answer to srvr is far too long" : error, now_ms);
      break;
    case Reach::Error: set_status(server, ServerStatus::Unreachable, error, now_ms); break;
    case Reach::Answered: {
      const wire::FourLetterAnswer a = wire::classify_four_letter("srvr", body);
      switch (a.kind) {
        case wire::FourLetterKind::NotServing:
          r.seen_ms = now_ms;
          r.rtt_ms = rtt_ms;
          set_status(server, ServerStatus::NotServing, a.description, now_ms);
          break;
        case wire::FourLetterKind::Empty:
          // srvr is on every whitelist: a ZooKeeper always answers it.
          set_status(server, ServerStatus::NotZooKeeper, "it closed the connection without answering srvr", now_ms);
          break;
        case wire::FourLetterKind::NotZooKeeper:
        case wire::FourLetterKind::NotWhitelisted:
          set_status(server, ServerStatus::NotZooKeeper, a.description, now_ms);
          break;
        case wire::FourLetterKind::Answer: {
          auto parsed = wire::parse_srvr(body);
          if (!parsed) {
            set_status(server, ServerStatus::Error, parsed.error().to_string(), now_ms);
            break;
          }
          const wire::SrvrAnswer& s = parsed.value();
          set_status(server, ServerStatus::Serving, "", now_ms);
          r.mode = s.mode;
          r.zxid = s.zxid;
          r.znodes = s.node_count;
          r.srvr = s;
          r.rtt_ms = rtt_ms;
          r.seen_ms = now_ms;
          if (r.last_mode && *r.last_mode != s.mode) {
            pending_.push_back(ObservedEvent{now_ms, ObservedEvent::Kind::Mode, static_cast<int>(server),
                                             std::string(to_string(*r.last_mode)), std::string(to_string(s.mode)), ""});
          }
          r.last_mode = s.mode;
          // A follower synced by an empty DIFF says 0x0 until the next write (reference,
          // RUNNING.md): a zxid of 0 is no epoch to compare.
          // Such a follower that becomes leader has shown no epoch of its own yet: compare
          // with the newest epoch any server showed.
          if (s.zxid.raw() != 0) {
            const std::int64_t before = r.last_epoch != 0 ? r.last_epoch : epoch_;
            if (before != 0 && before != r.epoch()) {
              pending_.push_back(ObservedEvent{now_ms, ObservedEvent::Kind::Epoch, static_cast<int>(server),
                                               std::to_string(before), std::to_string(r.epoch()), ""});
            }
            r.last_epoch = r.epoch();
            epoch_ = std::max(epoch_, r.epoch());
          }
          break;
        }
      }
      break;
    }
  }
  leader_check(now_ms);
}

void ObservationBuilder::word(std::size_t server, const std::string& word, Reach reach, const std::string& body,
                              std::int64_t) {
  if (reach != Reach::Answered) return;  // srvr's poll says how the server stands
  ServerRow& r = rows_[server];
  const wire::FourLetterAnswer a = wire::classify_four_letter(word, body);
  if (a.kind == wire::FourLetterKind::NotWhitelisted) {
    bool known = false;
    for (const std::string& w : r.refused) known = known || w == word;
    if (!known) r.refused.push_back(word);
    return;
  }
  if (a.kind != wire::FourLetterKind::Answer) return;
  if (word == "mntr") {
    if (auto m = wire::parse_mntr(body)) r.mntr = std::move(m.value());
  } else if (word == "conf") {
    if (auto c = wire::parse_conf(body)) {
      if (c->server_id) r.sid = *c->server_id;
      r.conf = std::move(c.value());
    }
  } else if (word == "cons") {
    if (auto c = wire::parse_cons(body)) r.cons = std::move(c.value());
  } else if (word == "wchs") {
    if (auto w = wire::parse_wchs(body)) r.wchs = w.value();
  }
}

void ObservationBuilder::leader_check(std::int64_t now_ms) {
  const int l = leader();
  const std::string now = l < 0 ? "-" : rows_[static_cast<std::size_t>(l)].address.text();
  if (now == leader_) return;
  // A moment with no leader between two polls is only news when no server leads at all.
  pending_.push_back(ObservedEvent{now_ms, ObservedEvent::Kind::Leader, l, leader_, now, ""});
  leader_ = now;
}

}  // namespace zs::attach

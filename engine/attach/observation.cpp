#include "attach/observation.hpp"

#include <fmt/format.h>

#include <algorithm>

namespace zs::attach {

std::string_view to_string(ObservedEvent::Kind k) {
  switch (k) {
    case ObservedEvent::Kind::Status: return "status";
    case ObservedEvent::Kind::Mode: return "mode";
    case ObservedEvent::Kind::Epoch: return "epoch";
    case ObservedEvent::Kind::Leader: return "leader";
    case ObservedEvent::Kind::Znode: return "znode";
    case ObservedEvent::Kind::Session: return "session";
  }
  return "?";
}


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

std::size_t History::bytes_of(const ObservedEvent& e) {
  return sizeof(ObservedEvent) + e.from.capacity() + e.to.capacity() + e.path.capacity();
}

void History::push(ObservedEvent e) {
  bytes_ += bytes_of(e);
  events_.push_back(std::move(e));
  while (bytes_ > budget_ && !events_.empty()) {
    bytes_ -= bytes_of(events_.front());
    events_.pop_front();
    ++first_;
  }
}

std::vector<ObservedEvent> History::since(std::uint64_t& cursor) const {
  std::vector<ObservedEvent> out;
  if (cursor < first_) cursor = first_;
  for (std::uint64_t i = cursor - first_; i < events_.size(); ++i) out.push_back(events_[i]);
  cursor = end();
  return out;
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
    case Reach::Timeout:
    case Reach::TooLarge: {
      // What came before the silence (or the flood) may show what is listening there: an SSH
      // server greets first and then waits, and no ZooKeeper answers srvr with megabytes.
      // A slow ZooKeeper's answer cut off by the deadline is only a timeout: the bytes must
      // say "another service" (a banner, a status line, binary) before they count.
      const wire::FourLetterAnswer a = wire::classify_four_letter("srvr", body);
      const bool foreign = body.starts_with("SSH-") || body.starts_with("HTTP/") ||
                           std::any_of(body.begin(), body.end(), [](char c) {
                             const auto u = static_cast<unsigned char>(c);
                             return u < 0x20 && c != '\n' && c != '\r' && c != '\t';
                           });
      if (foreign && a.kind == wire::FourLetterKind::NotZooKeeper)
        set_status(server, ServerStatus::NotZooKeeper, a.description + "; " + error, now_ms);
      else if (reach == Reach::TooLarge)
        set_status(server, ServerStatus::NotZooKeeper, error.empty() ? "its answer to srvr is far too long" : error, now_ms);
      else
        set_status(server, ServerStatus::Timeout, error, now_ms);
      break;
    }
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
    // Kept sorted: a set of words, the same whichever answer came first (a recording's
    // prelude replays each server's last answers in its own order).
    const auto at = std::lower_bound(r.refused.begin(), r.refused.end(), word);
    if (at == r.refused.end() || *at != word) r.refused.insert(at, word);
    return;
  }
  if (a.kind != wire::FourLetterKind::Answer) return;
  if (word == "mntr") {
    if (auto m = wire::parse_mntr(body)) {
      r.mntr = std::move(m.value());
      r.mntr_from_admin = false;
    }
  } else if (word == "conf") {
    if (auto c = wire::parse_conf(body)) {
      if (c->server_id) r.sid = *c->server_id;
      r.conf = std::move(c.value());
    }
  } else if (word == "cons") {
    if (auto c = wire::parse_cons(body)) {
      r.cons = std::move(c.value());
      r.cons_from_admin = false;
    }
  } else if (word == "wchs") {
    if (auto w = wire::parse_wchs(body)) r.wchs = w.value();
  }
}

bool ObservationBuilder::refuses(std::size_t server, const std::string& word) const {
  for (const std::string& w : rows_[server].refused)
    if (w == word) return true;
  return false;
}

int ObservationBuilder::admin_zabstate(const std::string& host, std::uint16_t admin_port,
                                       const wire::ZabStateAnswer& z) {
  // "127.0.0.1:29802": the client address the server was configured with. The AdminServer
  // and the client port belong to one process on one machine: a row on that port whose host
  // is the AdminServer's (as the user wrote it) or the configured one is that server.
  const auto colon = z.client_address.rfind(':');
  if (z.short_form || colon == std::string::npos) return -1;
  std::string zhost = z.client_address.substr(0, colon);
  if (zhost.size() > 2 && zhost.front() == '[') zhost = zhost.substr(1, zhost.size() - 2);
  const std::string zport = z.client_address.substr(colon + 1);
  for (std::size_t i = 0; i < rows_.size(); ++i) {
    ServerRow& r = rows_[i];
    if (std::to_string(r.address.port) != zport) continue;
    if (r.address.host != host && r.address.host != zhost) continue;
    r.admin_port = admin_port;
    r.zabstate = z;
    if (r.sid == 0 && z.myid) r.sid = *z.myid;
    return static_cast<int>(i);
  }
  return -1;
}

void ObservationBuilder::admin_monitor(std::size_t server, wire::MntrAnswer m) {
  if (refuses(server, "mntr") || !rows_[server].mntr) {
    rows_[server].mntr = std::move(m);
    rows_[server].mntr_from_admin = true;
  }
}

void ObservationBuilder::admin_connections(std::size_t server, std::vector<wire::ConsConnection> c) {
  if (refuses(server, "cons") || !rows_[server].cons) {
    rows_[server].cons = std::move(c);
    rows_[server].cons_from_admin = true;
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

#include "live/tracker.hpp"

#include <algorithm>
#include <cstdio>
#include <variant>

#include "wire/peer_codec.hpp"

namespace zs::live {

namespace {

Sid sender_of(const RelayEvent& e) { return e.forward ? e.from : e.to; }
Sid receiver_of(const RelayEvent& e) { return e.forward ? e.to : e.from; }

constexpr std::int32_t kProposal = 2, kCommit = 4, kFollowerInfo = 11, kUpToDate = 12,
                       kDiff = 13, kTrunc = 14, kSnap = 15, kObserverInfo = 16, kLeaderInfo = 17, kInform = 8;

}  // namespace

Tracker::Tracker(int servers) {
  for (int i = 1; i <= servers; ++i) {
    TrackedServer s;
    s.sid = i;
    servers_.push_back(s);
  }
}

TrackedServer* Tracker::at(Sid sid) {
  if (sid < 1 || sid > static_cast<Sid>(servers_.size())) return nullptr;
  return &servers_[static_cast<std::size_t>(sid - 1)];
}

void Tracker::set_up(Sid sid, bool up) {
  TrackedServer* s = at(sid);
  if (s == nullptr) return;
  s->up = up;
  s->state = ServerState::Looking;
  s->leader = 0;
  learner_of_.erase(sid);
}

void Tracker::on(const RelayEvent& e) {
  TrackedServer* from = at(sender_of(e));
  TrackedServer* to = at(receiver_of(e));
  if (from == nullptr || to == nullptr) return;
  if (const auto* n = std::get_if<wire::ElectionNote>(&e.item)) {
    if (n->note.state != ServerState::Looking) return;
    from->round = std::max(from->round, n->note.election_epoch);
    if (from->state != ServerState::Looking && n->note.election_epoch > from->decided_round) {
      from->state = ServerState::Looking;
      from->leader = 0;
    }
    return;
  }
  if (std::holds_alternative<RelayClosed>(e.item) && e.channel == Channel::Quorum) {
    // The quorum connection of a learner (the opener, e.from) to its leader broke.
    TrackedServer* learner = at(e.from);
    if (learner && learner_of_.count(e.from) && learner_of_[e.from] == e.to && learner->state != ServerState::Leading) {
      learner->state = ServerState::Looking;
      learner->leader = 0;
      learner_of_.erase(e.from);
    }
    return;
  }
  const auto* q = std::get_if<wire::QuorumRecord>(&e.item);
  if (q == nullptr) return;
  const Zxid z(q->zxid);
  switch (q->type) {
    case kFollowerInfo:
    case kObserverInfo:
      observer_[from->sid] = q->type == kObserverInfo;
      learner_of_[from->sid] = to->sid;
      break;
    case kLeaderInfo:
      if (from->state != ServerState::Leading) from->decided_round = from->round;
      from->state = ServerState::Leading;
      from->leader = from->sid;
      from->epoch = z.epoch();
      if (Zxid::make(z.epoch(), 0) > from->zxid) from->zxid = Zxid::make(z.epoch(), 0);
      to->epoch = z.epoch();
      to->leader = from->sid;
      break;
    case kDiff:
    case kTrunc:
    case kSnap:
      if (q->type != kDiff || z > to->zxid) to->zxid = z;
      break;
    case kUpToDate:
      to->decided_round = to->round;
      to->state = observer_[to->sid] ? ServerState::Observing : ServerState::Following;
      to->leader = from->sid;
      break;
    case kProposal:
    case kInform:
      if (z > from->zxid && from->state == ServerState::Leading) from->zxid = z;
      if (q->type == kInform && z > to->zxid) to->zxid = z;
      break;
    case kCommit:
      if (z > to->zxid) to->zxid = z;
      break;
    default:  // NEWLEADER, ACK, PING, REQUEST, ...: nothing about the servers' states
      break;
  }
}

std::string Tracker::summary_line(Sid sid) const {
  const TrackedServer& s = servers_.at(static_cast<std::size_t>(sid - 1));
  std::string state = s.up ? std::string(to_string(s.state)) : "DOWN";
  return "server." + std::to_string(sid) + " state=" + state +
         " leader=" + (s.up && s.leader != 0 ? std::to_string(s.leader) : "-") + " epoch=" + std::to_string(s.epoch) +
         " zxid=0x" + hex(s.zxid);
}

std::string event_line(const RelayEvent& e) {
  char head[64];
  std::snprintf(head, sizeof head, "%lld.%03lld %lld->%lld ", static_cast<long long>(e.at_us / 1000),
                static_cast<long long>(e.at_us % 1000), static_cast<long long>(sender_of(e)),
                static_cast<long long>(receiver_of(e)));
  std::string out = head;
  out += e.channel == Channel::Election ? "election " : "quorum ";
  std::visit(
      [&](const auto& item) {
        using T = std::decay_t<decltype(item)>;
        if constexpr (std::is_same_v<T, RelayOpened>) {
          out += "connected #" + std::to_string(e.connection);
        } else if constexpr (std::is_same_v<T, RelayRefused>) {
          out += "refused #" + std::to_string(e.connection) + " (" + item.why + ")";
        } else if constexpr (std::is_same_v<T, RelayClosed>) {
          out += "closed #" + std::to_string(e.connection) + " (" + item.why + ")";
        } else if constexpr (std::is_same_v<T, RelayDecodeError>) {
          out += "undecodable #" + std::to_string(e.connection) + ": " + item.message;
        } else if constexpr (std::is_same_v<T, wire::ElectionHello>) {
          out += "hello(sid=" + std::to_string(item.sid) + " protocol=" + std::to_string(item.protocol) +
                 (item.addresses.empty() ? "" : " address=" + item.addresses) + ")";
        } else if constexpr (std::is_same_v<T, wire::ElectionNote>) {
          const Notification& n = item.note;
          out += "notification(" + std::string(to_string(n.state)) + " leader=" + std::to_string(n.leader) +
                 " zxid=0x" + hex(n.zxid) + " round=" + std::to_string(n.election_epoch) +
                 " peerEpoch=" + std::to_string(n.peer_epoch) + ")";
        } else if constexpr (std::is_same_v<T, wire::QuorumRecord>) {
          out += wire::quorum_type_name(item.type) + (item.zxid == -1 ? std::string(" -1") : " 0x" + hex(Zxid(item.zxid)));
          if ((item.type == 2 || item.type == 8) && item.data) {
            auto t = wire::decode_txn(*item.data);
            if (t.ok()) {
              out += " " + wire::txn_type_name(t->type);
              if (!t->path.empty()) out += " " + t->path;
            }
          }
        } else if constexpr (std::is_same_v<T, wire::SnapshotDump>) {
          out += "snapshot(" + std::to_string(item.nodes.size()) + " nodes, " + std::to_string(item.sessions.size()) +
                 " sessions, " + std::to_string(item.bytes) + " bytes)";
        }
      },
      e.item);
  return out;
}

}  // namespace zs::live

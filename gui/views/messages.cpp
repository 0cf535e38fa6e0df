#include "views/messages.hpp"

#include <fmt/format.h>

#include "i18n.hpp"

namespace zs::gui {

MessageFamily family_of(const Message& m) {
  if (std::holds_alternative<Notification>(m)) return MessageFamily::Vote;
  const auto* p = std::get_if<QuorumPacket>(&m);
  if (p == nullptr) return MessageFamily::Connect;
  switch (p->type) {
    case PacketType::FollowerInfo:
    case PacketType::ObserverInfo:
    case PacketType::LeaderInfo:
    case PacketType::AckEpoch: return MessageFamily::Epoch;
    case PacketType::Diff:
    case PacketType::Trunc:
    case PacketType::Snap:
    case PacketType::NewLeader:
    case PacketType::UpToDate: return MessageFamily::Sync;
    case PacketType::Request:
    case PacketType::Revalidate:
    case PacketType::Sync: return MessageFamily::Request;
    case PacketType::Proposal: return MessageFamily::Proposal;
    case PacketType::Ack: return MessageFamily::Ack;
    case PacketType::Commit:
    case PacketType::Inform: return MessageFamily::Commit;
    case PacketType::Ping: return MessageFamily::Ping;
  }
  return MessageFamily::Request;
}

ImU32 family_color(MessageFamily f) {
  switch (f) {
    case MessageFamily::Vote: return IM_COL32(255, 196, 60, 255);      // amber, like LOOKING
    case MessageFamily::Connect: return IM_COL32(170, 170, 170, 255);
    case MessageFamily::Epoch: return IM_COL32(0, 200, 200, 255);      // cyan
    case MessageFamily::Sync: return IM_COL32(120, 170, 255, 255);     // light blue
    case MessageFamily::Request: return IM_COL32(230, 230, 230, 255);  // white
    case MessageFamily::Proposal: return IM_COL32(255, 120, 200, 255); // pink
    case MessageFamily::Ack: return IM_COL32(130, 230, 110, 255);      // light green
    case MessageFamily::Commit: return IM_COL32(40, 200, 90, 255);     // green
    case MessageFamily::Ping: return IM_COL32(110, 110, 130, 255);     // dim
  }
  return IM_COL32(255, 0, 255, 255);
}

std::string_view family_key(MessageFamily f) {
  switch (f) {
    case MessageFamily::Vote: return "msg.vote";
    case MessageFamily::Connect: return "msg.connect";
    case MessageFamily::Epoch: return "msg.epoch";
    case MessageFamily::Sync: return "msg.sync";
    case MessageFamily::Request: return "msg.request";
    case MessageFamily::Proposal: return "msg.proposal";
    case MessageFamily::Ack: return "msg.ack";
    case MessageFamily::Commit: return "msg.commit";
    case MessageFamily::Ping: return "msg.ping";
  }
  return "";
}

std::string_view family_name(MessageFamily f) {
  switch (f) {
    case MessageFamily::Vote: return "vote";
    case MessageFamily::Connect: return "connect";
    case MessageFamily::Epoch: return "epoch";
    case MessageFamily::Sync: return "sync";
    case MessageFamily::Request: return "REQUEST";
    case MessageFamily::Proposal: return "PROPOSAL";
    case MessageFamily::Ack: return "ACK";
    case MessageFamily::Commit: return "COMMIT";
    case MessageFamily::Ping: return "PING";
  }
  return "";
}

const char* family_label(MessageFamily f) {
  switch (f) {
    case MessageFamily::Vote: return tr("msg.name.vote");
    case MessageFamily::Connect: return tr("msg.name.connect");
    case MessageFamily::Epoch: return tr("msg.name.epoch");
    case MessageFamily::Sync: return tr("msg.name.sync");
    case MessageFamily::Request: return tr("msg.name.request");
    case MessageFamily::Proposal: return tr("msg.name.proposal");
    case MessageFamily::Ack: return tr("msg.name.ack");
    case MessageFamily::Commit: return tr("msg.name.commit");
    case MessageFamily::Ping: return tr("msg.name.ping");
  }
  return "";
}

const char* zab_phase_name(ZabState z) {
  switch (z) {
    case ZabState::Election: return tr("zab.phase.election");
    case ZabState::Discovery: return tr("zab.phase.discovery");
    case ZabState::Synchronization: return tr("zab.phase.synchronization");
    case ZabState::Broadcast: return tr("zab.phase.broadcast");
  }
  return "";
}

const char* sync_name(SyncMode m) {
  switch (m) {
    case SyncMode::Diff: return "DIFF";
    case SyncMode::Trunc: return "TRUNC";
    case SyncMode::Snap: return "SNAP";
    case SyncMode::None: break;
  }
  return "-";
}

std::string message_label(const Message& m, std::string_view words) {
  if (const auto* n = std::get_if<Notification>(&m)) {
    return fmt::format("vote({}, 0x{}) round {}", n->leader, hex(n->zxid), n->election_epoch);
  }
  if (std::holds_alternative<ElectionConnect>(m)) return "connect";
  if (const auto* p = std::get_if<QuorumPacket>(&m)) {
    switch (p->type) {
      case PacketType::Ping:
      case PacketType::UpToDate: return std::string(to_string(p->type));
      case PacketType::Request:
        return words.empty() ? std::string(to_string(p->type)) : fmt::format("{} {}", to_string(p->type), words);
      case PacketType::LeaderInfo:
      case PacketType::FollowerInfo:
      case PacketType::ObserverInfo:
      case PacketType::AckEpoch:
        return fmt::format("{} 0x{}", to_string(p->type), hex(p->zxid));
      default: return fmt::format("{} 0x{}", to_string(p->type), hex(p->zxid));
    }
  }
  return "socket";
}

}  // namespace zs::gui

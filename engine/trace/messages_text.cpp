// Names of the quorum packet types, as ZooKeeper's Leader.getPacketType prints them.
#include "core/messages.hpp"

namespace zs {

std::string_view to_string(PacketType t) {
  switch (t) {
    case PacketType::Request: return "REQUEST";
    case PacketType::Proposal: return "PROPOSAL";
    case PacketType::Ack: return "ACK";
    case PacketType::Commit: return "COMMIT";
    case PacketType::Ping: return "PING";
    case PacketType::Revalidate: return "REVALIDATE";
    case PacketType::Sync: return "SYNC";
    case PacketType::Inform: return "INFORM";
    case PacketType::NewLeader: return "NEWLEADER";
    case PacketType::FollowerInfo: return "FOLLOWERINFO";
    case PacketType::UpToDate: return "UPTODATE";
    case PacketType::Diff: return "DIFF";
    case PacketType::Trunc: return "TRUNC";
    case PacketType::Snap: return "SNAP";
    case PacketType::ObserverInfo: return "OBSERVERINFO";
    case PacketType::LeaderInfo: return "LEADERINFO";
    case PacketType::AckEpoch: return "ACKEPOCH";
  }
  return "UNKNOWN";
}

}  // namespace zs

// What servers send each other. Field names follow ZooKeeper's records (reference §2.2,
// §3.1). Every struct is trivially copyable so messages and trace events stay cheap.
#pragma once

#include <cstdint>
#include <string_view>
#include <variant>

#include "core/types.hpp"

namespace zs {

// A reference to data a packet carries (peer/payloads.hpp); 0 = none.
using PayloadRef = std::uint32_t;

// An election notification (FastLeaderElection ToSend/Notification, format version 2).
struct Notification {
  ServerState state = ServerState::Looking;  // the sender's state
  Sid leader = 0;                            // proposed leader
  Zxid zxid{};                               // proposed leader's zxid
  std::int64_t election_epoch = 0;           // sender's round (logicalclock)
  std::int64_t peer_epoch = 0;               // proposed leader's currentEpoch
  std::int32_t version = 2;                  // message format version
  std::int64_t config_version = 0;           // static configs: 0
};

// Opening a connection to the election port: TCP connect plus the protocol header
// (protocol version, sender sid, address). Only the one opened by the larger sid survives.
struct ElectionConnect {};

// Quorum-port packets (QuorumPacket.type). Only the types zooscope sends are listed.
enum class PacketType : std::int32_t {
  Request = 1,
  Proposal = 2,
  Ack = 3,
  Commit = 4,
  Ping = 5,
  Revalidate = 6,
  Sync = 7,
  Inform = 8,
  NewLeader = 10,
  FollowerInfo = 11,
  UpToDate = 12,
  Diff = 13,
  Trunc = 14,
  Snap = 15,
  ObserverInfo = 16,
  LeaderInfo = 17,
  AckEpoch = 18,
};
std::string_view to_string(PacketType t);  // "PROPOSAL", "FOLLOWERINFO", ...

// QuorumPacket{type, zxid, data}. `data` carries the one integer some packets have:
// LEADERINFO/FOLLOWERINFO protocol version 0x10000, ACKEPOCH the learner's currentEpoch or -1.
// FOLLOWERINFO/OBSERVERINFO also open the quorum connection (reference §3.3).
struct QuorumPacket {
  PacketType type = PacketType::Ping;
  Zxid zxid{};
  std::int64_t data = 0;
  // zooscope's id of the TCP connection the packet travels on (not on the wire): packets
  // of a connection that was closed are discarded, as the OS would.
  std::uint32_t cnx = 0;
  // The bytes after the header (PROPOSAL/INFORM txn, SNAP database, REQUEST), as a
  // reference into the run's PayloadStore (peer/payloads.hpp); 0 = none.
  PayloadRef payload = 0;
};

// Which of a server's two peer ports a socket event is about.
enum class Channel : std::uint8_t { Election, Quorum };

// A connection attempt that did not succeed: refused (the target is down or not listening)
// or timed out (unreachable). Produced by the target's network stack or the network model.
struct ConnectFailed {
  Channel channel = Channel::Election;
  bool timed_out = false;
  std::uint32_t cnx = 0;  // Quorum: the connection id of the attempt
};

// The opener's connect() returned: the target's port accepted the TCP connection (election
// port only; the quorum port answers with packets).
struct Connected {
  Channel channel = Channel::Election;
};

// An established connection that broke (the other side closed it or crashed).
struct ConnectionClosed {
  Channel channel = Channel::Election;
  std::uint32_t cnx = 0;  // Quorum: which connection
};

using Message = std::variant<Notification, ElectionConnect, QuorumPacket, ConnectFailed,
                             Connected, ConnectionClosed>;

struct Envelope {
  Sid source = 0;
  Sid target = 0;
  Message msg;
};

// True for the socket-level events that are not sent over the network model.
inline bool is_socket_event(const Message& m) {
  return std::holds_alternative<ConnectFailed>(m) || std::holds_alternative<Connected>(m) ||
         std::holds_alternative<ConnectionClosed>(m);
}

}  // namespace zs

#include "core/types.hpp"

#include <cstdio>

namespace zs {

std::string hex(std::int64_t v) {
  char buf[20];
  std::snprintf(buf, sizeof buf, "%llx", static_cast<unsigned long long>(v));
  return buf;
}

std::string_view to_string(ServerState s) {
  switch (s) {
    case ServerState::Looking: return "LOOKING";
    case ServerState::Following: return "FOLLOWING";
    case ServerState::Leading: return "LEADING";
    case ServerState::Observing: return "OBSERVING";
  }
  return "?";
}

std::string_view to_string(ZabState s) {
  switch (s) {
    case ZabState::Election: return "election";
    case ZabState::Discovery: return "discovery";
    case ZabState::Synchronization: return "synchronization";
    case ZabState::Broadcast: return "broadcast";
  }
  return "?";
}

std::string_view to_string(SyncMode s) {
  switch (s) {
    case SyncMode::None: return "none";
    case SyncMode::Diff: return "diff";
    case SyncMode::Snap: return "snap";
    case SyncMode::Trunc: return "trunc";
  }
  return "?";
}

bool votes_equal(const Vote& a, const Vote& b) {
  if (a.state == ServerState::Looking || b.state == ServerState::Looking) {
    return a.leader == b.leader && a.zxid == b.zxid && a.election_epoch == b.election_epoch &&
           a.peer_epoch == b.peer_epoch;
  }
  if ((a.version > 0) != (b.version > 0)) return a.leader == b.leader;
  return a.leader == b.leader && a.peer_epoch == b.peer_epoch;
}

}  // namespace zs

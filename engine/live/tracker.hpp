// What the relay's decoded traffic says about each real server (issue 17): its state, its
// leader, its epoch and zxid, as far as the protocol shows them — the votes it sends while
// LOOKING, the LEADERINFO / UPTODATE of a sync, the proposals and commits it sends or gets.
// And one text line per relayed event, in the simulator's trace vocabulary.
//
// A server's own state is not on the wire: a leader says nothing when it decides to lead,
// a follower nothing when it decides to follow. The tracker takes a server as LEADING once it
// sends a LEADERINFO, as FOLLOWING (OBSERVING) once it sent FOLLOWERINFO (OBSERVERINFO) and
// got its UPTODATE, and as LOOKING when it sends a LOOKING notification or loses the
// connection to its leader; zooscope cross-checks it with each server's `srvr`. A LOOKING
// vote of a round it already decided is not taken as a return to LOOKING: QuorumCnxManager
// keeps the last vote queued for a peer it could not reach and sends it when that peer
// connects, long after the election (a server that looks again votes in a newer round).
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "core/types.hpp"
#include "live/relay.hpp"

namespace zs::live {

struct TrackedServer {
  Sid sid = 0;
  bool up = false;                          // started and not crashed (told by the caller)
  ServerState state = ServerState::Looking;
  Sid leader = 0;                           // 0 = none
  std::int64_t epoch = 0;                   // the epoch of its leader's LEADERINFO
  Zxid zxid{};                              // newest txn it sent or got in a sync or broadcast
  std::int64_t round = 0;          // the newest election round (logicalclock) it voted in
  std::int64_t decided_round = -1;  // the round it was in when it last led or followed
};

class Tracker {
 public:
  explicit Tracker(int servers);

  void on(const RelayEvent& e);
  void set_up(Sid sid, bool up);  // the caller started / killed the server

  const std::vector<TrackedServer>& servers() const { return servers_; }
  // "server.2 state=LEADING leader=2 epoch=1 zxid=0x100000000", as `zooscope sim` prints it.
  std::string summary_line(Sid sid) const;

 private:
  TrackedServer* at(Sid sid);
  std::vector<TrackedServer> servers_;
  std::map<Sid, bool> observer_;     // sent OBSERVERINFO rather than FOLLOWERINFO
  std::map<Sid, Sid> learner_of_;    // learner -> the server it sent FOLLOWERINFO to
};

// One line per event: "1523.114 1->2 election notification(LOOKING leader=2 zxid=0x0 round=1
// peerEpoch=0)", "2004.870 3->1 quorum PROPOSAL 0x100000001 create /app", ... (milliseconds
// since the relay started, sender->receiver).
std::string event_line(const RelayEvent& e);

}  // namespace zs::live

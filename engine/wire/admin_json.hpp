// The AdminServer's JSON answers (GET /commands/<name>, reference §7.3, samples/adminserver/)
// read into structs. Pure: an HTTP status and a body in, values out; the bytes come from
// attach/probe (fetch_admin). Where a command says what a four-letter word says, the same
// struct is used (monitor -> MntrAnswer, stats/srvr -> SrvrAnswer, connections ->
// ConsConnection), so the views read one shape whichever way it came.
//
// A server that is not serving answers every command with an "error" field (zabstate with a
// short form and no error, monitor with HTTP 500 in 3.8.0): that is a state of the server,
// reported in AdminStatus, not a parse failure. Result errors are for bodies that are not the
// JSON the command answers (another HTTP service on the port, a cut body, a wrong type).
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.hpp"
#include "core/types.hpp"
#include "wire/four_letter.hpp"

namespace zs::wire {

enum class AdminState {
  Ok,            // HTTP 200 and "error": null: the value is filled
  NotServing,    // "This ZooKeeper instance is not currently serving requests", or
                 // monitor's HTTP 500 (NullPointerException) in 3.8.0
  CommandError,  // HTTP 200 with another "error" text
  HttpError,     // another HTTP status (404 unknown command, 500 ...): see `error`
};
std::string_view to_string(AdminState s);  // "ok", "not-serving", "command-error", "http-error"

struct AdminStatus {
  AdminState state = AdminState::Ok;
  int http_status = 200;
  std::string command;  // the answer's "command" field; empty when the body has none
  std::string error;    // the "error" field, or for HttpError Jetty's page title / "HTTP 404"
};

template <class T>
struct AdminAnswer {
  AdminStatus status;
  std::optional<T> value;  // set when status.state is Ok
};

// /commands/voting_view: the voting members as this server sees them.
struct VotingMember {
  Sid sid = 0;
  std::vector<std::string> server_addresses;    // "127.0.0.1:29901"
  std::vector<std::string> election_addresses;  // "127.0.0.1:30001"
  std::string client_address;  // "" for other members unless their line has ";host:port"
  LearnerType learner_type = LearnerType::Participant;
};
struct VotingView {
  std::vector<VotingMember> members;  // sorted by sid
};
Result<AdminAnswer<VotingView>> parse_admin_voting_view(int http_status, std::string_view body);

// /commands/zabstate. A server with no quorum peer in a Zab role answers a short form, only
// "voting": false and "zabstate": "" with "error": null: a LOOKING server (samples/adminserver/
// zabstate.not-serving.json) and also a standalone server (tried on 3.8.0). So the short form
// is Ok with `short_form` set and the rest empty; srvr's Mode or 4lw's not-serving tells which.
struct ZabStateAnswer {
  bool short_form = false;
  std::optional<Sid> myid;
  std::optional<bool> is_leader;
  std::string quorum_address;    // "127.0.0.1:29902" (the address object's "one")
  std::string election_address;  // "127.0.0.1:30002"
  std::string client_address;    // "127.0.0.1:29802"
  bool voting = false;
  std::optional<Zxid> last_zxid;  // last *processed* zxid ("0x0" on a fresh follower)
  std::optional<std::int64_t> zab_epoch;
  std::optional<std::int64_t> zab_counter;
  std::string zabstate;  // "broadcast", "synchronization", ... ; "" when not serving
};
Result<AdminAnswer<ZabStateAnswer>> parse_admin_zabstate(int http_status, std::string_view body);

// /commands/leader.
struct LeaderAnswer {
  bool is_leader = false;
  Sid leader_id = 0;
  std::string leader_ip;  // the leader's host, without a port
};
Result<AdminAnswer<LeaderAnswer>> parse_admin_leader(int http_status, std::string_view body);

// /commands/monitor: the mntr keys without their "zk_" prefix; turned back into mntr's
// "zk_<key>" / text value form (numbers as JSON prints them, 4.0 stays "4.0").
Result<AdminAnswer<MntrAnswer>> parse_admin_monitor(int http_status, std::string_view body);

// /commands/connections: "connections" then "secure_connections", in that order.
Result<AdminAnswer<std::vector<ConsConnection>>> parse_admin_connections(int http_status,
                                                                        std::string_view body);

// /commands/stats (alias stat) and /commands/server_stats (alias srvr): what `srvr` says,
// plus the clients for stats (no session part: the AdminServer lists them brief).
Result<AdminAnswer<SrvrAnswer>> parse_admin_stats(int http_status, std::string_view body);

}  // namespace zs::wire

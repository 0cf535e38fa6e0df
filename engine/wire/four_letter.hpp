// The four-letter words' answers as ZooKeeper 3.8 prints them (reference §7.1-§7.2,
// samples/4lw/): what kind of answer came back, and parsers from its text to values.
// Pure: text in, values or an Error naming the word and the line out. The bytes come from
// attach/probe (fetch_four_letter); nothing here touches a socket.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/result.hpp"
#include "core/types.hpp"

namespace zs::wire {

// ---- What came back ----------------------------------------------------------------------

enum class FourLetterKind {
  Answer,          // the word's own answer: hand it to its parser
  NotWhitelisted,  // "<cmd> is not executed because it is not in the whitelist."
  NotServing,      // "This ZooKeeper instance is not currently serving requests" (LOOKING)
  Empty,           // closed without a byte: an unknown word, `hash` with digests off, or
                   // not a ZooKeeper (ZooKeeper reads an unknown word as a frame length)
  NotZooKeeper,    // bytes that no ZooKeeper prints for this word (HTTP, SSH, binary...)
};
std::string_view to_string(FourLetterKind k);  // "answer", "not-whitelisted", ...

struct FourLetterAnswer {
  FourLetterKind kind = FourLetterKind::Empty;
  // For people. NotZooKeeper: what it looked like ("an HTTP server (HTTP/1.1 400 Bad
  // Request)", "an SSH server (SSH-2.0-OpenSSH_9.2p1)", "12 bytes that are not text");
  // NotWhitelisted/NotServing: ZooKeeper's own sentence; otherwise empty.
  std::string description;
};

// `cmd` is the word that was sent ("srvr"); `reply` every byte read until the server closed.
FourLetterAnswer classify_four_letter(std::string_view cmd, std::string_view reply);

// What bytes that are not a ZooKeeper answer look like, for a status line: "an HTTP server
// (HTTP/1.1 400 Bad Request)", "an SSH server (SSH-2.0-...)", "12 bytes that are not text",
// or "text that is not ZooKeeper's answer to <cmd> (\"<first line>\")".
std::string describe_foreign(std::string_view cmd, std::string_view reply);

// The zoo.cfg line that enables the refused words, e.g.
// "4lw.commands.whitelist=srvr,mntr,conf,cons,wchs,dump"; empty when nothing was refused.
// Words that are not four lowercase letters are left out (they never came from a server).
std::string whitelist_hint(const std::vector<std::string>& refused);

// ---- srvr / stat -------------------------------------------------------------------------

// ServerStats.getServerState: "leader", "follower", "observer", "standalone", "read-only".
enum class ServerMode { Leader, Follower, Observer, Standalone, ReadOnly };
std::string_view to_string(ServerMode m);
Result<ServerMode> parse_server_mode(std::string_view text);

// One connection line of `cons` (and, without the session part, of `stat`'s Clients):
// " /127.0.0.1:47296[1](queued=0,recved=8,sent=8,sid=0x...,lop=PING,...)".
struct ConsSession {
  std::int64_t session_id = 0;         // sid=0x...
  std::string last_operation;          // lop: PING, CREA, GETD, ... ("NA" before any)
  std::int64_t established_ms = 0;     // est: wall clock of the server, ms since 1970
  std::int64_t timeout_ms = 0;         // to: negotiated session timeout
  std::optional<std::int64_t> last_cxid;  // lcxid: absent until the first request
  Zxid last_zxid{};                    // lzxid
  std::int64_t last_response_ms = 0;   // lresp: the server's elapsed-time clock
  std::int64_t last_latency_ms = 0;    // llat
  std::int64_t min_latency_ms = 0;
  std::int64_t avg_latency_ms = 0;
  std::int64_t max_latency_ms = 0;
};
struct ConsConnection {
  std::string remote_address;  // "127.0.0.1:47296" (Java's leading "/" and host name dropped)
  std::int32_t interest_ops = 0;  // printed in hex by ZooKeeper
  std::int64_t queued = 0;
  std::int64_t received = 0;
  std::int64_t sent = 0;
  std::optional<ConsSession> session;  // only once the connection has a session
};

struct ProposalSizes {
  std::int64_t last = -1;  // -1/-1/-1 until the leader's first proposal
  std::int64_t min = -1;
  std::int64_t max = -1;
};

struct SrvrAnswer {
  std::string version;  // "3.8.0-..., built on ..."
  // "READ-ONLY mode; serving only read-only clients" came after the version: a read-only
  // server (Mode: read-only says the same).
  bool read_only_line = false;
  std::int64_t latency_min_ms = 0;
  double latency_avg_ms = 0;
  std::int64_t latency_max_ms = 0;
  std::int64_t received = 0;
  std::int64_t sent = 0;
  std::int64_t connections = 0;
  std::int64_t outstanding = 0;
  Zxid zxid{};  // last processed zxid (0x0 on a follower synced by an empty DIFF)
  ServerMode mode = ServerMode::Standalone;
  std::int64_t node_count = 0;
  std::optional<ProposalSizes> proposal_sizes;  // the leader only
  bool has_clients = false;                     // `stat`: a Clients: block was present
  std::vector<ConsConnection> clients;          // `stat` only, without session parts
};

// Parses `srvr` and `stat` (stat = srvr plus a Clients: block after the version line, and
// after the READ-ONLY line of a read-only server).
Result<SrvrAnswer> parse_srvr(std::string_view reply);

// ---- mntr --------------------------------------------------------------------------------

// `mntr`: "key\tvalue" lines (~500). Every line is kept in order; the accessors read the keys
// the views need and are empty when the key is absent (zk_learners on a follower) or its value
// is not a number. AdminServer's `monitor` is turned into the same shape (admin_json.hpp).
struct MntrAnswer {
  std::vector<std::pair<std::string, std::string>> entries;

  std::optional<std::string_view> get(std::string_view key) const;  // first match
  std::optional<std::int64_t> get_int(std::string_view key) const;
  std::optional<double> get_double(std::string_view key) const;

  std::optional<std::string_view> version() const { return get("zk_version"); }
  std::optional<std::string_view> server_state() const { return get("zk_server_state"); }
  std::optional<std::string_view> peer_state() const { return get("zk_peer_state"); }
  std::optional<std::int64_t> znode_count() const { return get_int("zk_znode_count"); }
  std::optional<std::int64_t> watch_count() const { return get_int("zk_watch_count"); }
  std::optional<std::int64_t> ephemerals_count() const { return get_int("zk_ephemerals_count"); }
  std::optional<std::int64_t> num_alive_connections() const {
    return get_int("zk_num_alive_connections");
  }
  std::optional<std::int64_t> outstanding_requests() const {
    return get_int("zk_outstanding_requests");
  }
  std::optional<double> avg_latency_ms() const { return get_double("zk_avg_latency"); }
  std::optional<std::int64_t> min_latency_ms() const { return get_int("zk_min_latency"); }
  std::optional<std::int64_t> max_latency_ms() const { return get_int("zk_max_latency"); }
  std::optional<std::int64_t> global_sessions() const { return get_int("zk_global_sessions"); }
  std::optional<std::int64_t> local_sessions() const { return get_int("zk_local_sessions"); }
  std::optional<std::int64_t> quorum_size() const { return get_int("zk_quorum_size"); }
  std::optional<std::int64_t> uptime_ms() const { return get_int("zk_uptime"); }
  // The leader only:
  std::optional<std::int64_t> learners() const { return get_int("zk_learners"); }
  std::optional<std::int64_t> synced_followers() const { return get_int("zk_synced_followers"); }
  std::optional<std::int64_t> synced_observers() const { return get_int("zk_synced_observers"); }
  std::optional<std::int64_t> pending_syncs() const { return get_int("zk_pending_syncs"); }
  std::optional<std::int64_t> proposal_count() const { return get_int("zk_proposal_count"); }
};
Result<MntrAnswer> parse_mntr(std::string_view reply);

// ---- conf --------------------------------------------------------------------------------

// One `server.N=...` line of conf's membership: host:quorumPort:electionPort[:role][;client].
struct ConfMember {
  Sid sid = 0;
  std::string host;  // the first address when there are several ("a|b", 3.6+ multi-address)
  std::uint16_t quorum_port = 0;
  std::uint16_t election_port = 0;
  LearnerType role = LearnerType::Participant;
  std::string client_host;         // empty unless the line carries ";host:port"
  std::uint16_t client_port = 0;   // 0 unless the line carries ";host:port"
};

struct ConfAnswer {
  std::vector<std::pair<std::string, std::string>> entries;  // every key=value before membership
  std::optional<std::uint16_t> client_port;
  std::string data_dir;
  std::optional<std::int64_t> tick_time_ms;
  std::optional<std::int64_t> min_session_timeout_ms;
  std::optional<std::int64_t> max_session_timeout_ms;
  // Quorum servers only (a standalone server prints none of these):
  std::optional<std::int64_t> init_limit_ticks;
  std::optional<std::int64_t> sync_limit_ticks;
  std::optional<Sid> server_id;
  std::optional<std::uint16_t> election_port;
  std::optional<std::uint16_t> quorum_port;
  std::optional<LearnerType> peer_type;  // peerType=0 participant, 1 observer
  std::vector<ConfMember> membership;    // sorted as printed (by sid)
  std::optional<std::int64_t> config_version;  // "version=" (hex, as in dynamic config files)
};
Result<ConfAnswer> parse_conf(std::string_view reply);

// ---- cons, wchs, dump, envi, ruok, isro --------------------------------------------------

// `cons`: one ConsConnection per line; the list ends with an empty line.
Result<std::vector<ConsConnection>> parse_cons(std::string_view reply);

struct WchsAnswer {
  std::int64_t connections = 0;  // "N connections watching M paths"
  std::int64_t paths = 0;
  std::int64_t total_watches = 0;  // "Total watches:K"
};
Result<WchsAnswer> parse_wchs(std::string_view reply);

// `dump`. The leader (and a standalone server) lists its session-expiry buckets
// ("Session Sets (3)/(2):", "1 expire at <date>:", "\t0x..."); a learner lists the global
// sessions with their timeouts ("Global Sessions(2):", "0x...\t10000ms").
struct DumpSession {
  std::int64_t session_id = 0;
  std::optional<std::int64_t> timeout_ms;  // learner form
  std::string expires_at;                  // leader form: ZooKeeper's date text
};
struct DumpEphemerals {
  std::int64_t session_id = 0;
  std::vector<std::string> paths;
};
struct DumpConnection {
  std::string remote_address;  // "127.0.0.1:50450"
  std::int64_t session_id = 0;  // 0 = no session yet (the 4lw connection itself)
};
struct DumpAnswer {
  enum class Form { Leader, Learner };
  Form form = Form::Leader;
  std::vector<DumpSession> sessions;
  std::vector<DumpEphemerals> ephemerals;
  std::vector<DumpConnection> connections;
};
Result<DumpAnswer> parse_dump(std::string_view reply);

// `envi`: "Environment:" then key=value lines (the value may hold '=').
Result<std::vector<std::pair<std::string, std::string>>> parse_envi(std::string_view reply);

// `ruok`: "imok" (also on a server that is not serving). Anything else is an Error.
Result<bool> parse_ruok(std::string_view reply);

// `isro`: "rw", "ro" (read-only server), "null" (not serving).
enum class IsroAnswer { ReadWrite, ReadOnly, NotServing };
Result<IsroAnswer> parse_isro(std::string_view reply);

}  // namespace zs::wire

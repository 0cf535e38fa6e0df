// What zooscope knows about an attached ensemble: one row per server of the connect string
// (its status, mode, zxid and the counters the four-letter words give) and the changes seen
// between two polls (mode, epoch, leader, reachability) as events with their wall-clock time.
//
// ObservationBuilder turns the polls' answers into that. It is pure (answers and times come
// in as values), so it is tested from captured answers without a network; the monitor
// (monitor.hpp) feeds it from real sockets.
#pragma once

#include <cstdint>
#include <deque>
#include <optional>
#include <string>
#include <vector>

#include "core/types.hpp"
#include "wire/admin_json.hpp"
#include "wire/connect_string.hpp"
#include "wire/four_letter.hpp"

namespace zs::attach {

// Where a server stands, as far as zooscope can tell from outside.
enum class ServerStatus : std::uint8_t {
  Waiting,       // not asked yet
  Serving,       // answers `srvr` with a mode: leader, follower, observer, standalone, read-only
  NotServing,    // a ZooKeeper that says it is not serving requests (electing, syncing)
  Unreachable,   // nothing listens there (refused, no route, unknown host)
  Timeout,       // no complete answer within the timeout (silent, or far too slow)
  NotZooKeeper,  // something answers, but not as ZooKeeper would (HTTP, SSH, garbage)
  Error,         // a ZooKeeper answer zooscope could not read (the detail says which line)
};
// "waiting", "serving", "not-serving", "unreachable", "timeout", "not-zookeeper", "error".
std::string_view to_string(ServerStatus s);

// How one fetch ended, before its text is read (attach/probe's FetchStatus, without Asio).
enum class Reach : std::uint8_t { Answered, Unreachable, Timeout, TooLarge, Error };

struct ServerRow {
  wire::HostPort address;
  ServerStatus status = ServerStatus::Waiting;
  std::string detail;  // for people: why it is not serving, unreachable, not ZooKeeper ...
  // The server's id: `conf`'s serverId (or the AdminServer's myid). 0 while unknown (srvr
  // does not say it: with the default whitelist the id stays unknown).
  Sid sid = 0;
  std::optional<wire::ServerMode> mode;
  Zxid zxid{};               // srvr's Zxid: the last processed one
  std::int64_t epoch() const { return zxid.epoch(); }
  std::int64_t znodes = -1;  // srvr's Node count (-1 unknown)
  std::optional<wire::SrvrAnswer> srvr;
  std::optional<wire::MntrAnswer> mntr;
  std::optional<wire::ConfAnswer> conf;
  std::optional<std::vector<wire::ConsConnection>> cons;
  std::optional<wire::WchsAnswer> wchs;
  std::vector<std::string> refused;  // words the server's whitelist does not allow (sorted)
  // Its AdminServer, once one answered `zabstate` naming this server's client address (0:
  // none found). The AdminServer ignores the four-letter whitelist, so it fills in the id,
  // `monitor` (mntr) and `connections` (cons) where the whitelist refuses them.
  std::uint16_t admin_port = 0;
  std::optional<wire::ZabStateAnswer> zabstate;
  bool mntr_from_admin = false;  // `mntr` holds the AdminServer's monitor
  bool cons_from_admin = false;  // `cons` holds the AdminServer's connections
  std::int64_t rtt_ms = -1;          // the last srvr's round trip, connect to close
  std::int64_t seen_ms = 0;          // wall clock of its last answer as ZooKeeper (0: never)
  // The mode and epoch it had when it last served: a server that stops serving (an election)
  // and serves again shows its mode and epoch changes across the gap.
  std::optional<wire::ServerMode> last_mode;
  std::int64_t last_epoch = 0;
  bool observer() const { return mode == wire::ServerMode::Observer; }
};

// One change seen between two polls, or by the tree's watch.
struct ObservedEvent {
  enum class Kind : std::uint8_t {
    Status,   // a server's status changed (serving -> unreachable ...): from/to are statuses
    Mode,     // a serving server's mode changed: from/to are modes ("-" when none)
    Epoch,    // the epoch of its zxid moved: from/to are numbers
    Leader,   // the ensemble's leader changed: from/to are host:port or "-"
    Znode,    // the tree changed: `what` is created / deleted / changed, `path` the znode
    Session,  // the monitor's own session: connected / disconnected / expired, `path` = host
  };
  std::int64_t at_ms = 0;  // wall clock, ms since 1970
  Kind kind = Kind::Status;
  int server = -1;         // row index, -1 for the ensemble or the tree
  std::string from;
  std::string to;
  std::string path;
  // One line as `zooscope attach` prints it after its time: "127.0.0.1:2182 mode follower ->
  // leader", "leader 127.0.0.1:2183 -> 127.0.0.1:2182", "znode created /app".
  std::string text(const std::vector<ServerRow>& rows) const;
};

// "status", "mode", "epoch", "leader", "znode", "session".
std::string_view to_string(ObservedEvent::Kind k);

// The recorded changes of a long attach, within a byte budget: when a new change would go
// over it, the oldest changes are dropped first, so memory stays bounded however long the
// attach runs, and from_ms() says how far back the record still reaches.
class History {
 public:
  explicit History(std::size_t budget_bytes) : budget_(budget_bytes) {}
  void push(ObservedEvent e);
  // The changes after `cursor` (a previous end()), oldest first; `cursor` moves to end().
  // Changes dropped meanwhile are skipped.
  std::vector<ObservedEvent> since(std::uint64_t& cursor) const;
  std::uint64_t end() const { return first_ + events_.size(); }  // changes recorded so far
  std::uint64_t dropped() const { return first_; }
  std::size_t bytes() const { return bytes_; }
  std::size_t size() const { return events_.size(); }
  // When the oldest change kept happened, or `if_empty`.
  std::int64_t from_ms(std::int64_t if_empty) const { return events_.empty() ? if_empty : events_.front().at_ms; }
  // The bytes one change takes here (what the budget counts).
  static std::size_t bytes_of(const ObservedEvent& e);

 private:
  std::size_t budget_;
  std::deque<ObservedEvent> events_;
  std::uint64_t first_ = 0;  // the number of events_.front()
  std::size_t bytes_ = 0;
};

class ObservationBuilder {
 public:
  explicit ObservationBuilder(const wire::ConnectString& hosts);

  // The answer to `srvr` (every poll starts with it; it is whitelisted on every server).
  void srvr(std::size_t server, Reach reach, const std::string& body, const std::string& error, std::int64_t rtt_ms,
            std::int64_t now_ms);
  // The answer to another word (mntr, conf, cons, wchs): filled in, or remembered as refused.
  void word(std::size_t server, const std::string& word, Reach reach, const std::string& body, std::int64_t now_ms);
  // An AdminServer at `host`:`admin_port` answered zabstate: the row whose client address it
  // names takes it (its id, its AdminServer). The row's index, or -1 when none matches.
  int admin_zabstate(const std::string& host, std::uint16_t admin_port, const wire::ZabStateAnswer& z);
  // That AdminServer's `monitor` and `connections`: used where the whitelist refuses mntr/cons.
  void admin_monitor(std::size_t server, wire::MntrAnswer m);
  void admin_connections(std::size_t server, std::vector<wire::ConsConnection> c);
  bool refuses(std::size_t server, const std::string& word) const;
  // A change the tree's watch reported, or of the monitor's session.
  void note(ObservedEvent e) { pending_.push_back(std::move(e)); }

  const std::vector<ServerRow>& rows() const { return rows_; }
  // The row of the server that says it leads (-1: none).
  int leader() const;
  // Words worth asking this server now: not refused, and conf only until it answered once.
  bool wants(std::size_t server, const std::string& word) const;
  // The events since the last call, oldest first.
  std::vector<ObservedEvent> take_events() { return std::exchange(pending_, {}); }

 private:
  void set_status(std::size_t server, ServerStatus s, std::string detail, std::int64_t now_ms);
  void leader_check(std::int64_t now_ms);

  std::vector<ServerRow> rows_;
  std::string leader_ = "-";
  std::int64_t epoch_ = 0;  // the newest epoch any server showed
  std::vector<ObservedEvent> pending_;
};

}  // namespace zs::attach

// The lab language's conditions: what a step waits for (`until`) and what it checks when it
// pauses (`expect`). One line of text each, e.g.
//
//   time +3000                                  3 s after the step began (until only)
//   time 12000                                  virtual time 12 s (until only)
//   server.3 state=LEADING                      the words `zooscope sim` prints; a field left
//   server.1 state=FOLLOWING leader=3 epoch=1 zxid=0x100000000    out is not checked
//   server.2 state=DOWN
//   server.1 znode /app exists                  a znode in server 1's data tree
//   server.1 znode /app missing
//   server.1 znode /app data="v2"
//   server.1 znode /lock numChildren=2          a Stat field as `stat` prints it (cZxid,
//   server.1 znode /lock/x ephemeralOwner!=0    mZxid, pZxid, cversion, dataVersion, aclVersion,
//                                               ephemeralOwner, dataLength, numChildren), with
//                                               = != < <= > >=
//   console.1 has "Node does not exist: /a"     a line printed by a zkCli on server 1 contains it
//   log.1 has "Cannot open channel to 2"        a log line of server 1 contains it
//   messages ACK zxid=0x100000001 before COMMIT >= 2    delivered quorum packets of a kind
//   messages ACK zxid=0x100000001 after COMMIT >= 1     (PROPOSAL, ACK, COMMIT, DIFF, SNAP,
//   messages PROPOSAL to=3 = 0                          TRUNC, INFORM, ... or notification),
//                                                       optionally from=/to=/zxid=, counted
//                                                       before or after the leader's COMMIT
//   no committed write lost                     the safety checker found nothing (check/)
//   config ok                                   the zoo.cfg files the step tried (its `config`
//   config error has "Address unresolved"       key) loaded, or failed with this text, or
//   config warning has "even number"            loaded with a warning holding this text
//
// Parsing never throws; an error says what is wrong and shows a form that works. Pure.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "core/result.hpp"
#include "core/types.hpp"
#include "trace/trace.hpp"

namespace zs::lab {

enum class Cmp : std::uint8_t { Eq, Ne, Lt, Le, Gt, Ge };
std::string_view to_string(Cmp c);  // "=", "!=", ...
bool compare(std::int64_t actual, Cmp c, std::int64_t expected);

// `time +MS` (relative to the moment the step began) or `time MS`.
struct AtTime {
  bool relative = false;
  Ms ms = 0;
};

struct ServerIs {
  Sid sid = 0;
  std::optional<PeerStatus> state;
  std::optional<Sid> leader;  // 0 = "leader=-" (none known)
  std::optional<std::int64_t> epoch;
  std::optional<Zxid> zxid;
};

struct ZnodeIs {
  enum class What : std::uint8_t { Exists, Missing, Data, Field };
  Sid sid = 0;
  std::string path;
  What what = What::Exists;
  std::string data;   // Data
  std::string field;  // Field: the Stat field's name as zkCli's `stat` prints it
  Cmp cmp = Cmp::Eq;
  std::int64_t value = 0;
};

struct ConsoleHas {
  Sid sid = 0;
  std::string text;
};

struct LogHas {
  Sid sid = 0;
  std::string text;
};

struct MessageCount {
  enum class Around : std::uint8_t { Any, BeforeCommit, AfterCommit };
  std::string kind;  // a PacketType name ("ACK") or "notification"
  Sid from = 0;      // 0 = any
  Sid to = 0;        // 0 = any
  std::optional<Zxid> zxid;
  Around around = Around::Any;  // relative to the leader committing `zxid` (needs zxid)
  Cmp cmp = Cmp::Ge;
  std::int64_t count = 0;
};

struct NoWriteLost {};

struct ConfigIs {
  enum class What : std::uint8_t { Ok, ErrorHas, WarningHas };
  What what = What::Ok;
  std::string text;
};

using Predicate = std::variant<AtTime, ServerIs, ZnodeIs, ConsoleHas, LogHas, MessageCount, NoWriteLost, ConfigIs>;

// One line -> a predicate. Errors say what is wrong and give a form that works.
Result<Predicate> parse_predicate(std::string_view text);
// The predicate as one line that parse_predicate reads back to it.
std::string to_text(const Predicate& p);
// Every server id the predicate names (to check them against an ensemble).
std::vector<Sid> sids_of(const Predicate& p);

// The Stat fields a ZnodeIs may name, in zkCli's `stat` order.
const std::vector<std::string_view>& stat_field_names();

}  // namespace zs::lab

// What the zkCli console talks to: one ZooKeeper client connection to an ensemble, the part
// of ZooKeeper's ClientCnxn that moves requests and answers. The console keeps the rest of
// the ZooKeeper object (the outgoing queue while connecting, conLossPacket, ZKWatchManager's
// tables, EventThread) and all of ZooKeeperMain.
//
// Implementations: SimClientHandle (engine/run) on the simulated ensemble; a wire-protocol
// client to real servers can implement the same. Nothing here names the simulator: time,
// addresses and state all come through this interface.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <variant>

#include "core/types.hpp"
#include "data/client_protocol.hpp"
#include "data/errors.hpp"
#include "data/watch_manager.hpp"

namespace zs::console {

// The server's answer to one submitted request (ReplyHeader err + the reply body).
struct HandleReply {
  std::int32_t xid = 0;  // as submit() (or add_auth: kAuthXid) returned it
  Code err = Code::Ok;
  ClientResult result;  // default when the server answered nothing but an error
};

// A watch the server fired for this session (WatcherEvent: type and path).
struct HandleWatch {
  EventType type = EventType::None;
  std::string path;
};

// The connection as ZooKeeper.States names it, plus where the session went.
enum class HandleState : std::uint8_t {
  Connecting,  // not connected yet, or lost its server and tries the next one
  Connected,   // requests can go out now
  // Requests can go out, to a read-only server (one cut off from its quorum, started with
  // readonlymode.enabled): reads are answered, writes get NotReadOnly. Only a handle that
  // connected with can_be_read_only gets here.
  ConnectedReadOnly,
  Closed,      // closed, killed or expired: nothing more comes from this connection
  AuthFailed,  // the server refused an auth packet and closed the connection for good
};

// A change of the connection's state, in order with the replies and watches.
struct HandleStateChange {
  enum class Why : std::uint8_t {
    Connected,     // a session was established (or re-attached) at a server; state() says
                   // whether that server is read-only
    Disconnected,  // the server went away; the handle tries the next one
    Expired,       // the server says the session is gone
    Closed,        // the session was closed (closeSession answered)
  };
  Why why = Why::Connected;
};

// ZooKeeper.States.isConnected: requests go out now (to a read-write or a read-only server).
constexpr bool is_connected(HandleState s) {
  return s == HandleState::Connected || s == HandleState::ConnectedReadOnly;
}

using HandleEvent = std::variant<HandleReply, HandleWatch, HandleStateChange>;

class ClientHandle {
 public:
  virtual ~ClientHandle() = default;

  // A new session (ZooKeeper's constructor): the previous session of this handle is
  // forgotten (its late answers never come out of poll()), and the handle connects to the
  // first address of `connect_string` ("host:port[,host:port...][/chroot]").
  // `can_be_read_only` is ZooKeeper's canBeReadOnly (zkCli's -r): a read-only server may take
  // the session (ConnectedReadOnly); without it such a server refuses it.
  virtual void connect(std::string_view connect_string, std::int32_t session_timeout_ms,
                       bool can_be_read_only) = 0;
  // Sends `call` on the current connection (only while Connected or ConnectedReadOnly); its
  // answer comes out of poll() with the returned xid. SetWatches travels with kSetWatchesXid and gets no answer.
  virtual std::int32_t submit(ClientCall call) = 0;
  // ZooKeeper.close's closeSession: the answer comes with the returned xid, and the state is
  // Closed from then on.
  virtual std::int32_t close() = 0;
  // addauth: the server's authentication provider decides. Its answer comes out of poll()
  // with xid kAuthXid: Ok, or AuthFailed (the handle is then AuthFailed for good). An absent
  // `auth` is Java's null bytes.
  virtual void add_auth(std::string scheme, std::optional<std::string> auth) = 0;
  // The process dies (or gives up): the connection closes without closeSession, the session
  // lives on at the server until it expires. The state is Closed.
  virtual void kill() = 0;

  // The next thing the server said, in order; nullopt when there is nothing new. state(),
  // host() and session_id() change as events are taken, never before.
  virtual std::optional<HandleEvent> poll() = 0;

  virtual HandleState state() const = 0;
  // False when the connect string names nothing this handle can reach: no connection will
  // ever come and every request loses its connection at once.
  virtual bool reachable() const = 0;
  // "127.0.0.1:2181": the server it is connected to (or was last, or tries first), or the
  // first address of the connect string when it reaches nothing.
  virtual std::string host() const = 0;
  virtual std::int64_t session_id() const = 0;  // 0 until connected
  // The newest zxid the server's answers carried (ClientCnxn.lastZxid), for SetWatches.
  virtual Zxid last_zxid_seen() const = 0;
  // The handle's clock in ms (virtual time when simulated), for the transcript's times.
  virtual Ms now_ms() const = 0;
  // Whether the servers answer `op` of the reads only some servers have (ZooKeeper 3.6+:
  // opcode::kGetEphemerals, kGetAllChildrenNumber, kWhoAmI). The console sends them only where
  // they are answered. The simulated servers and real 3.8 servers answer all three.
  virtual bool serves_op(std::int32_t op) const {
    return op == opcode::kGetEphemerals || op == opcode::kGetAllChildrenNumber || op == opcode::kWhoAmI;
  }
};

}  // namespace zs::console

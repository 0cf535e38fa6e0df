// The client-facing half of a server: connections and sessions (ZooKeeperServer,
// LearnerSessionTracker, SessionTrackerImpl on the leader), reads served from this server's
// own tree (FinalRequestProcessor), writes sent through Zab, sync, and the watches this
// server fires for the clients connected to it.
#include <algorithm>
#include <type_traits>

#include "core/assert.hpp"
#include "peer/quorum_peer.hpp"

namespace zs {

namespace {

// The opcode a client write travels under (ZooDefs.OpCode).
std::int32_t opcode_of(const WriteRequest& r) {
  return std::visit(
      [](const auto& q) -> std::int32_t {
        using T = std::decay_t<decltype(q)>;
        if constexpr (std::is_same_v<T, CreateRequest>) return q.type != 0 ? q.type : create_opcode_for_flags(q.flags);
        else if constexpr (std::is_same_v<T, DeleteRequest>) return opcode::kDelete;
        else if constexpr (std::is_same_v<T, SetDataRequest>) return opcode::kSetData;
        else if constexpr (std::is_same_v<T, SetAclRequest>) return opcode::kSetAcl;
        else if constexpr (std::is_same_v<T, CheckVersionRequest>) return opcode::kCheck;
        else if constexpr (std::is_same_v<T, MultiRequest>) return opcode::kMulti;
        else if constexpr (std::is_same_v<T, CreateSessionRequest>) return opcode::kCreateSession;
        else if constexpr (std::is_same_v<T, CloseSessionRequest>) return opcode::kCloseSession;
        else if constexpr (std::is_same_v<T, ReconfigRequest>) return opcode::kReconfig;
        else return opcode::kDeleteContainer;
      },
      r);
}

std::int32_t opcode_of(const ClientCall& c) {
  if (const auto* w = std::get_if<WriteRequest>(&c)) return opcode_of(*w);
  if (const auto* r = std::get_if<ReadRequest>(&c)) return r->op;
  if (std::holds_alternative<SyncRequest>(c)) return opcode::kSync;
  if (std::holds_alternative<AddWatchRequest>(c)) return 106;        // OpCode.addWatch
  if (std::holds_alternative<RemoveWatchesRequest>(c)) return 18;    // OpCode.removeWatches
  if (const auto* s = std::get_if<SetWatchesRequest>(&c))
    // OpCode.setWatches2 when persistent watches are in it, else setWatches
    return s->persistent.empty() && s->persistent_recursive.empty() ? 101 : 105;
  return opcode::kCreateSession;                                     // connect
}

std::string parent_of(const std::string& path) {
  const auto slash = path.rfind('/');
  return slash == 0 || slash == std::string::npos ? "/" : path.substr(0, slash);
}

bool is_create(std::int32_t type) {
  return type == opcode::kCreate || type == opcode::kCreate2 || type == opcode::kCreateContainer ||
         type == opcode::kCreateTtl;
}
// java.lang.String.hashCode over the UTF-16 units of a UTF-8 path.
std::int32_t java_string_hash(std::string_view s) {
  std::uint32_t h = 0;
  auto unit = [&h](std::uint32_t u) { h = 31 * h + u; };
  for (std::size_t i = 0; i < s.size();) {
    const auto b = static_cast<unsigned char>(s[i]);
    std::uint32_t cp = b;
    std::size_t len = 1;
    if (b >= 0xF0) { cp = b & 0x07u; len = 4; }
    else if (b >= 0xE0) { cp = b & 0x0Fu; len = 3; }
    else if (b >= 0xC0) { cp = b & 0x1Fu; len = 2; }
    for (std::size_t k = 1; k < len && i + k < s.size(); ++k)
      cp = (cp << 6) | (static_cast<unsigned char>(s[i + k]) & 0x3Fu);
    i += len;
    if (cp >= 0x10000) {
      cp -= 0x10000;
      unit(0xD800 + (cp >> 10));
      unit(0xDC00 + (cp & 0x3FF));
    } else {
      unit(cp);
    }
  }
  return static_cast<std::int32_t>(h);
}

// The table size java.util.HashMap ends with after putting `n` entries into an empty map of
// `initial` buckets (it doubles past 3/4 full).
std::uint32_t java_table_size(std::size_t n, std::uint32_t initial) {
  std::uint32_t t = initial;
  while (static_cast<double>(n) > 0.75 * t) t *= 2;
  return t;
}

// getEphemerals answers in the iteration order of a clone of the session's HashSet<String>:
// by bucket of the clone's table, ties in the original set's order (its own buckets, then
// insertion, which is creation order). The original grew from 16 buckets; HashMap.clone sizes
// its table for the entry count alone.
void java_hashset_clone_order(std::vector<std::pair<std::string, Zxid>>& paths) {
  const std::size_t n = paths.size();
  const std::uint32_t original = java_table_size(n, 16);
  std::uint32_t wanted = static_cast<std::uint32_t>(static_cast<float>(n) / 0.75F + 1.0F);
  std::uint32_t clone = 1;
  while (clone < wanted) clone *= 2;
  auto spread = [](const std::string& p) {
    const auto h = static_cast<std::uint32_t>(java_string_hash(p));
    return h ^ (h >> 16);
  };
  std::stable_sort(paths.begin(), paths.end(), [&](const auto& a, const auto& b) {
    const std::uint32_t ha = spread(a.first), hb = spread(b.first);
    if ((ha & (clone - 1)) != (hb & (clone - 1))) return (ha & (clone - 1)) < (hb & (clone - 1));
    if ((ha & (original - 1)) != (hb & (original - 1))) return (ha & (original - 1)) < (hb & (original - 1));
    return a.second < b.second;
  });
}

bool is_delete(std::int32_t type) { return type == opcode::kDelete || type == opcode::kDeleteContainer; }

}  // namespace

// ---------------------------------------------------------------- requests

void QuorumPeer::client_request(PayloadRef ref, Ms now, Outbox& out) {
  out_ = &out;
  now_ = now;
  const ClientRequest& req = payloads_->request(ref);
  const std::int32_t type = opcode_of(req.call);
  out.events.push_back(ClientOp{myid_, ClientOpStage::Submitted, req.session_id, req.cxid, type, Zxid{}, 0,
                                req.client, 0});
  PendingOp op{PendingOp::Kind::Write, req.client, req.session_id, req.cxid, type, ref, false};
  if (!serving_) {
    // "ZooKeeperServer not running": the connection is closed, nothing is answered.
    if (std::holds_alternative<ConnectRequest>(req.call)) {
      out.events.push_back(ClientSession{req.client, myid_, SessionState::Disconnected, req.session_id, 0});
    } else {
      ClientResult lost;
      lost.err = Code::ConnectionLoss;
      complete(op, std::move(lost));
    }
  } else if (const auto* c = std::get_if<ConnectRequest>(&req.call)) {
    op.kind = PendingOp::Kind::Connect;
    const auto& cfg = roster_->config();
    if (c->last_zxid_seen > last_processed_zxid_) {
      // "Refusing session request for client ... as it has seen zxid 0x.. our last zxid is
      // 0x.. client must try another server"
      out.events.push_back(ClientSession{req.client, myid_, SessionState::Disconnected, c->session_id, 0});
    } else if (c->session_id == 0) {
      // A new session: this server mints the id, the leader makes it global by a txn.
      // ZooKeeperServer.processConnectRequest: clamped to [minSessionTimeout, maxSessionTimeout].
      const std::int32_t timeout = negotiate_timeout(c->timeout_ms, cfg.min_session_ms(), cfg.max_session_ms());
      op.session_id = next_session_id_++;
      op.cxid = 0;
      push_pending(op);
      ClientRequest create{op.session_id, 0, WriteRequest{CreateSessionRequest{timeout}}, req.auth, req.client};
      submit_write(create, payloads_->add(std::move(create)), now);
    } else if (state_ == ServerState::Leading) {
      // Reconnect at the leader: touchSession decides.
      const bool valid = lead_.tracker && lead_.tracker->touch(c->session_id, now);
      push_pending(op);
      ClientResult r;
      r.session_id = valid ? c->session_id : 0;
      r.timeout_ms = valid ? sessions_db_[c->session_id] : 0;
      complete(op, std::move(r));
    } else {
      // Reconnect at a learner: REVALIDATE with the leader.
      push_pending(op);
      send(learn_.leader, QuorumPacket{PacketType::Revalidate, Zxid(-1), c->session_id, learn_.cnx, 0});
    }
  } else if (std::holds_alternative<WriteRequest>(req.call)) {
    push_pending(op);
    submit_write(req, ref, now);
  } else if (std::holds_alternative<SyncRequest>(req.call)) {
    op.kind = PendingOp::Kind::Sync;
    push_pending(op);
    if (state_ == ServerState::Leading) {
      // ProposalRequestProcessor: only a learner's sync goes to Leader.processSync; a sync
      // from the leader's own client passes on like a read, answered after its session's
      // earlier requests, whatever other sessions have in flight.
      client_pending_.back().done = true;
    } else {
      send(learn_.leader, QuorumPacket{PacketType::Request, Zxid(-1), 0, learn_.cnx, ref});
    }
    answer_ready_reads(req.session_id);
  } else {
    op.kind = std::holds_alternative<ReadRequest>(req.call) ? PendingOp::Kind::Read : PendingOp::Kind::Local;
    push_pending(op);
    answer_ready_reads(req.session_id);
  }
  check_invariants();
  out_ = nullptr;
}

void QuorumPeer::submit_write(const ClientRequest& req, PayloadRef ref, Ms now) {
  if (state_ == ServerState::Leading)
    leader_submit(req, now);
  else  // FollowerRequestProcessor / ObserverRequestProcessor: writes go to the leader.
    send(learn_.leader, QuorumPacket{PacketType::Request, Zxid(-1), 0, learn_.cnx, ref});
}

void QuorumPeer::client_disconnect(std::int32_t client, Ms now, Outbox& out) {
  out_ = &out;
  now_ = now;
  for (auto it = connections_.begin(); it != connections_.end(); ++it) {
    if (it->second != client) continue;
    watches_.remove_session(static_cast<WatcherId>(it->first));
    connections_.erase(it);
    break;
  }
  std::erase_if(client_pending_, [&](const PendingOp& op) { return op.client == client; });
  recount_pending();
  out_ = nullptr;
}

// ---------------------------------------------------------------- answers

void QuorumPeer::complete(const PendingOp& op, ClientResult result) {
  auto it = std::find_if(client_pending_.begin(), client_pending_.end(), [&](const PendingOp& p) {
    return p.client == op.client && p.session_id == op.session_id && p.cxid == op.cxid && p.kind == op.kind;
  });
  if (it != client_pending_.end()) {
    if (it->kind == PendingOp::Kind::Write || it->kind == PendingOp::Kind::Connect) {
      auto c = pending_txns_.find(it->session_id);
      if (c != pending_txns_.end() && --c->second == 0) pending_txns_.erase(c);
    }
    client_pending_.erase(it);
  }
  if (op.kind == PendingOp::Kind::Connect) {
    const auto& cfg = roster_->config();
    if (result.session_id != 0) {
      connections_[result.session_id] = op.client;
      log(LogKind::EstablishedSession, LogLevel::Info, result.session_id, result.timeout_ms,
          op.client >= 0 ? 40000 + op.client : 0);
      out_->events.push_back(ClientSession{op.client, myid_, SessionState::Connected, result.session_id,
                                           result.timeout_ms});
    } else {
      out_->events.push_back(ClientSession{op.client, myid_, SessionState::Expired, op.session_id, 0});
    }
    (void)cfg;
  }
  const Zxid zxid = result.zxid;
  const std::int32_t err = static_cast<std::int32_t>(result.err);
  // Scripted writes (no client handle) need no reply body.
  const PayloadRef ref = op.client >= 0 ? payloads_->add(std::move(result)) : 0;
  out_->events.push_back(ClientOp{myid_, ClientOpStage::Completed, op.session_id, op.cxid, op.type, zxid, err,
                                  op.client, ref});
  if (op.session_id != 0) answer_ready_reads(op.session_id);
}

void QuorumPeer::answer_ready_reads(std::int64_t session) {
  // Requests of one session are answered in order: reads, finished syncs and watch changes
  // at the head of the session's queue go now; a write or an unfinished sync holds the rest.
  for (;;) {
    auto it = std::find_if(client_pending_.begin(), client_pending_.end(),
                           [&](const PendingOp& p) { return p.session_id == session; });
    if (it == client_pending_.end()) return;
    const PendingOp op = *it;
    if (op.kind == PendingOp::Kind::Read || op.kind == PendingOp::Kind::Local) {
      const ClientRequest& req = payloads_->request(op.request);
      ClientResult r = read(req);
      complete(op, std::move(r));
      return;  // complete() recursed into the rest of the queue
    }
    if (op.kind == PendingOp::Kind::Sync && op.done) {
      ClientResult r;
      r.zxid = last_processed_zxid_;
      r.path = std::get<SyncRequest>(payloads_->request(op.request).call).path;
      complete(op, std::move(r));
      return;
    }
    return;
  }
}

ClientResult QuorumPeer::read(const ClientRequest& req) {
  ClientResult r;
  r.zxid = last_processed_zxid_;
  const auto w = static_cast<WatcherId>(req.session_id);
  if (const auto* a = std::get_if<AddWatchRequest>(&req.call)) {
    watches_.add_watch(a->path, w, a->mode);
    return r;
  }
  if (const auto* rm = std::get_if<RemoveWatchesRequest>(&req.call)) {
    r.err = watches_.remove_watches(rm->path, w, rm->type);
    return r;
  }
  if (const auto* s = std::get_if<SetWatchesRequest>(&req.call)) {
    set_watches(*s, req.session_id);
    return r;
  }
  const auto& q = std::get<ReadRequest>(req.call);
  r.path = q.path;
  if (q.op == opcode::kWhoAmI) {
    // The connection's authInfo: the ip id it was made with, then each id addauth added
    // (ServerCnxn.addAuthInfo keeps no duplicates); each shown by its provider's user name.
    std::vector<Id> ids{Id{"ip", "127.0.0.1"}};
    for (const Id& id : req.auth.ids)
      if (std::find(ids.begin(), ids.end(), id) == ids.end()) ids.push_back(id);
    // authInfo is a set over a ConcurrentHashMap (16 buckets): listed by bucket of the jute
    // Id.hashCode, ties in the order added. (Real 3.8.0 lists "digest: alice" before "ip".)
    auto bucket = [](const Id& id) {
      std::uint32_t h = 17;
      h = 37 * h + static_cast<std::uint32_t>(java_string_hash(id.scheme));
      h = 37 * h + static_cast<std::uint32_t>(java_string_hash(id.id));
      return (h ^ (h >> 16)) & 0x7fffffffU & 15U;
    };
    std::stable_sort(ids.begin(), ids.end(), [&](const Id& a, const Id& b) { return bucket(a) < bucket(b); });
    for (const Id& id : ids) {
      std::string user = id.id;
      if (id.scheme == "digest") user = user.substr(0, user.find(':'));
      r.client_info.push_back(ClientInfo{id.scheme, user});
    }
    return r;
  }
  if (q.op == opcode::kGetEphemerals) {
    // FinalRequestProcessor: the session's ephemerals whose path starts with the prefix (an
    // empty prefix takes them all); no node is looked up, so no NoNode and no ACL check.
    std::vector<std::pair<std::string, Zxid>> mine;
    for (std::string& p : tree_.ephemerals(req.session_id)) {
      const auto n = tree_.node(p);
      mine.emplace_back(std::move(p), n ? n->stat->czxid : Zxid{});
    }
    java_hashset_clone_order(mine);
    for (auto& [p, z] : mine)
      if (q.path.empty() || p.starts_with(q.path)) r.children.push_back(std::move(p));
    return r;
  }
  const auto node = tree_.node(q.path);
  switch (q.op) {
    case opcode::kGetAllChildrenNumber: {
      if (!node || !check_acl(*node->acl, perms::kRead, req.auth)) {
        r.err = node ? Code::NoAuth : Code::NoNode;
        return r;
      }
      r.total_number = tree_.count_below(q.path);
      return r;
    }
    case opcode::kExists: {
      // 3.8.0 checks no ACL for exists; the watch is set even when the node is missing.
      if (q.watch) watches_.add_data_watch(q.path, w);
      if (const auto st = tree_.exists(q.path)) {
        r.has_stat = true;
        r.stat = *st;
      } else {
        r.err = Code::NoNode;
      }
      return r;
    }
    case opcode::kGetData: {
      if (!node || !check_acl(*node->acl, perms::kRead, req.auth)) {
        r.err = node ? Code::NoAuth : Code::NoNode;
        return r;
      }
      if (q.watch) watches_.add_data_watch(q.path, w);
      const auto d = tree_.get_data(q.path);
      r.data = d->data;
      r.null_data = d->null_data;
      r.has_stat = true;
      r.stat = d->stat;
      return r;
    }
    case opcode::kGetChildren:
    case opcode::kGetChildren2: {
      if (!node || !check_acl(*node->acl, perms::kRead, req.auth)) {
        r.err = node ? Code::NoAuth : Code::NoNode;
        return r;
      }
      if (q.watch) watches_.add_child_watch(q.path, w);
      const auto c = tree_.get_children(q.path);
      r.children = c->children;
      r.has_stat = q.op == opcode::kGetChildren2;
      r.stat = c->stat;
      return r;
    }
    case opcode::kGetAcl: {
      if (!node) {
        r.err = Code::NoNode;
        return r;
      }
      if (!check_acl(*node->acl, perms::kRead | perms::kAdmin, req.auth)) {
        r.err = Code::NoAuth;
        return r;
      }
      r.acl = *tree_.get_acl(q.path);
      if (!check_acl(*node->acl, perms::kAdmin, req.auth)) {
        // Without ADMIN the digest passwords are masked ("user:x").
        for (Acl& a : r.acl)
          if (a.id.scheme == "digest") a.id.id = a.id.id.substr(0, a.id.id.find(':')) + ":x";
      }
      r.has_stat = true;
      r.stat = *tree_.exists(q.path);
      return r;
    }
    default:
      r.err = Code::Unimplemented;
      return r;
  }
}

void QuorumPeer::push_pending(const PendingOp& op) {
  client_pending_.push_back(op);
  if (op.kind == PendingOp::Kind::Write || op.kind == PendingOp::Kind::Connect) ++pending_txns_[op.session_id];
}

void QuorumPeer::recount_pending() {
  pending_txns_.clear();
  for (const PendingOp& op : client_pending_)
    if (op.kind == PendingOp::Kind::Write || op.kind == PendingOp::Kind::Connect) ++pending_txns_[op.session_id];
}

void QuorumPeer::reply_if_mine(const Txn& txn, const ApplyResult& r) {
  // Most txns a server applies belong to other servers' clients: skip the scan for those.
  if (!pending_txns_.contains(txn.header.client_id)) return;
  for (const PendingOp& op : client_pending_) {
    if (op.session_id != txn.header.client_id) continue;
    const bool connect = op.kind == PendingOp::Kind::Connect && txn.header.type == opcode::kCreateSession;
    const bool write = op.kind == PendingOp::Kind::Write && op.cxid == txn.header.cxid;
    if (!connect && !write) continue;
    ClientResult res;
    res.err = r.err;
    res.zxid = txn.header.zxid;
    res.path = r.path;
    res.has_stat = r.err == Code::Ok && (txn.header.type == opcode::kSetData || txn.header.type == opcode::kCreate2 ||
                                         txn.header.type == opcode::kSetAcl ||
                                         txn.header.type == opcode::kCreateContainer ||
                                         txn.header.type == opcode::kCreateTtl);
    res.stat = r.stat;
    res.multi = r.multi;
    if (connect) {
      res.session_id = op.session_id;
      res.timeout_ms = std::get<CreateSessionTxn>(txn.body).timeout_ms;
    }
    const PendingOp done = op;
    complete(done, std::move(res));
    if (txn.header.type == opcode::kCloseSession && done.client >= 0) {
      out_->events.push_back(ClientSession{done.client, myid_, SessionState::Closed, done.session_id, 0});
      connections_.erase(done.session_id);
      watches_.remove_session(static_cast<WatcherId>(done.session_id));
    }
    return;
  }
}

void QuorumPeer::fail_client_ops() {
  // The server stops serving: its client connections close, pending requests end in
  // ConnectionLoss (whether a write commits later is unknown to the client).
  const std::deque<PendingOp> ops = std::move(client_pending_);
  client_pending_.clear();
  pending_txns_.clear();
  for (const PendingOp& op : ops) {
    if (op.kind == PendingOp::Kind::Connect) {
      out_->events.push_back(ClientSession{op.client, myid_, SessionState::Disconnected, op.session_id, 0});
      continue;
    }
    out_->events.push_back(ClientOp{myid_, ClientOpStage::Completed, op.session_id, op.cxid, op.type, Zxid{},
                                    static_cast<std::int32_t>(Code::ConnectionLoss), op.client, 0});
  }
  for (const auto& [session, client] : connections_) {
    watches_.remove_session(static_cast<WatcherId>(session));
    out_->events.push_back(ClientSession{client, myid_, SessionState::Disconnected, session, 0});
  }
  connections_.clear();
}

void QuorumPeer::drop_connection(std::int64_t session, bool expired) {
  auto it = connections_.find(session);
  if (it == connections_.end()) return;
  const std::int32_t client = it->second;
  connections_.erase(it);
  watches_.remove_session(static_cast<WatcherId>(session));
  std::erase_if(client_pending_, [&](const PendingOp& op) { return op.session_id == session; });
  recount_pending();
  // The server closes the connection; the client learns the session expired when it
  // reconnects.
  (void)expired;
  out_->events.push_back(ClientSession{client, myid_, SessionState::Disconnected, session, 0});
}

// ---------------------------------------------------------------- sessions and watches

void QuorumPeer::session_applied(const Txn& txn) {
  const std::int64_t id = txn.header.client_id;
  if (txn.header.type == opcode::kCreateSession) {
    const auto timeout = std::get<CreateSessionTxn>(txn.body).timeout_ms;
    sessions_db_[id] = timeout;
    if (lead_.tracker) lead_.tracker->track(id, timeout, now_);
  } else if (txn.header.type == opcode::kCloseSession) {
    sessions_db_.erase(id);
    if (lead_.tracker) lead_.tracker->remove(id);
    // Closed by expiry (or by the client elsewhere): this server drops the connection.
    const bool own_close = std::any_of(client_pending_.begin(), client_pending_.end(), [&](const PendingOp& op) {
      return op.session_id == id && op.cxid == txn.header.cxid && op.kind == PendingOp::Kind::Write;
    });
    if (!own_close) drop_connection(id, true);
  }
}

void QuorumPeer::set_watches(const SetWatchesRequest& s, std::int64_t session) {
  // DataTree.setWatches: re-register, or fire now what the client missed while it was away.
  const auto w = static_cast<WatcherId>(session);
  const auto c = connections_.find(session);
  auto fire_one = [&](const std::string& path, EventType type) {
    if (c == connections_.end()) return;
    ClientResult r;
    r.path = path;
    out_->events.push_back(WatchFired{c->second, myid_, session, static_cast<std::int32_t>(type),
                                      last_processed_zxid_, payloads_->add(std::move(r))});
  };
  for (const std::string& path : s.data) {
    const auto st = tree_.exists(path);
    if (!st)
      fire_one(path, EventType::NodeDeleted);
    else if (st->mzxid > s.relative_zxid)
      fire_one(path, EventType::NodeDataChanged);
    else
      watches_.add_data_watch(path, w);
  }
  for (const std::string& path : s.exist) {
    if (tree_.exists(path))
      fire_one(path, EventType::NodeCreated);
    else
      watches_.add_data_watch(path, w);
  }
  for (const std::string& path : s.child) {
    const auto st = tree_.exists(path);
    if (!st)
      fire_one(path, EventType::NodeDeleted);
    else if (st->pzxid > s.relative_zxid)
      fire_one(path, EventType::NodeChildrenChanged);
    else
      watches_.add_child_watch(path, w);
  }
  for (const std::string& path : s.persistent) watches_.add_watch(path, w, WatcherMode::Persistent);
  for (const std::string& path : s.persistent_recursive) watches_.add_watch(path, w, WatcherMode::PersistentRecursive);
}

void QuorumPeer::fire(const std::string& path, EventType type, Zxid zxid) {
  for (const WatchEvent& e : watches_.trigger(path, type)) {
    auto c = connections_.find(static_cast<std::int64_t>(e.watcher));
    if (c == connections_.end()) continue;
    ClientResult r;
    r.path = e.path;
    out_->events.push_back(WatchFired{c->second, myid_, c->first, static_cast<std::int32_t>(e.type), zxid,
                                      payloads_->add(std::move(r))});
  }
}

void QuorumPeer::fire_watches(const Txn& txn, const ApplyResult& r) {
  if (watches_.watch_count() == 0) return;
  const Zxid z = txn.header.zxid;
  auto one = [&](std::int32_t type, Code err, const std::string& path) {
    if (err != Code::Ok) return;
    if (is_create(type)) {
      fire(path, EventType::NodeCreated, z);
      fire(parent_of(path), EventType::NodeChildrenChanged, z);
    } else if (is_delete(type)) {
      fire(path, EventType::NodeDeleted, z);
      fire(parent_of(path), EventType::NodeChildrenChanged, z);
    } else if (type == opcode::kSetData) {
      fire(path, EventType::NodeDataChanged, z);
    }
  };
  if (txn.header.type == opcode::kMulti) {
    for (const OpResult& op : r.multi) one(op.type, op.err, op.path);
  } else if (txn.header.type == opcode::kCloseSession) {
    for (const std::string& p : r.deleted_paths) one(opcode::kDelete, Code::Ok, p);
  } else {
    one(txn.header.type, r.err, r.path);
  }
}

// ---------------------------------------------------------------- leader side

void QuorumPeer::leader_sync(Sid from, std::uint32_t cnx) {
  const int i = roster_->index_of(from);
  if (lead_.outstanding.empty())
    send(from, QuorumPacket{PacketType::Sync, Zxid{}, 0, cnx, 0});
  else
    lead_.pending_syncs.emplace_back(i, lead_.last_proposed);
}

void QuorumPeer::leader_check_containers(Ms now) {
  // ContainerManager.checkContainers: empty containers that once had a child (cversion > 0),
  // and TTL nodes without children unchanged for longer than their TTL, are deleted with a
  // deleteContainer request (session 0). maxNeverUsedIntervalMs is 0, so a container that
  // never had a child stays.
  lead_.next_container_check = now + container_interval_;
  std::vector<std::string> doomed;
  for (const std::string& path : tree_.containers()) {
    const auto n = tree_.node(path);
    if (n && n->num_children == 0 && n->stat->cversion > 0) doomed.push_back(path);
  }
  for (const std::string& path : tree_.ttl_nodes()) {
    const auto n = tree_.node(path);
    if (!n || n->num_children != 0) continue;
    const std::int64_t ttl = ttl_of_owner(n->stat->ephemeral_owner);
    if (ttl != 0 && wall_origin_ + now - n->stat->mtime > ttl) doomed.push_back(path);
  }
  for (const std::string& path : doomed)
    leader_submit(ClientRequest{0, 0, WriteRequest{DeleteContainerRequest{path}}, AuthInfo{}, -1}, now);
}

void QuorumPeer::leader_touch(std::int64_t session, Ms now) {
  if (lead_.tracker) lead_.tracker->touch(session, now);
}

}  // namespace zs

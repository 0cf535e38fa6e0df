#include "wire/client_codec.hpp"

#include "core/overloaded.hpp"
#include "wire/records.hpp"

namespace zs::wire {
namespace {

Error fail(std::string message) {
  Error e;
  e.message = std::move(message);
  return e;
}

void write_strings(Writer& w, const std::vector<std::string>& v) {
  w.count(v.size());
  for (const std::string& s : v) w.ustring(s);
}

std::vector<std::string> read_strings(Reader& r, const char* field) {
  const std::int32_t n = r.count(field, kMinStringBytes);
  std::vector<std::string> v;
  v.reserve(static_cast<std::size_t>(n));
  for (std::int32_t i = 0; i < n && r.ok(); ++i) v.push_back(r.ustring(field));
  return v;
}

void write_data(Writer& w, const std::string& data, bool null_data) {
  if (null_data) {
    w.null();
  } else {
    w.buffer(data);
  }
}

bool is_create2_like(std::int32_t type) {
  return type == opcode::kCreate2 || type == opcode::kCreateContainer || type == opcode::kCreateTtl;
}

std::int32_t create_type(const CreateRequest& c) {
  return c.type != 0 ? c.type : create_opcode_for_flags(c.flags);
}

void write_create(Writer& w, const CreateRequest& c, std::int32_t type) {
  w.ustring(c.path);
  write_data(w, c.data, c.null_data);
  write_acls(w, c.acl);
  w.int32(c.flags);
  if (type == opcode::kCreateTtl) w.int64(c.ttl_ms);
}

CreateRequest read_create(Reader& r, std::int32_t type) {
  CreateRequest c;
  c.type = type;
  c.path = r.ustring("create.path");
  auto data = r.nullable_string("create.data");
  c.null_data = !data.has_value();
  c.data = data.value_or("");
  c.acl = read_acls(r);
  c.flags = r.int32("create.flags");
  if (type == opcode::kCreateTtl) c.ttl_ms = r.int64("create.ttl");
  return c;
}

std::int32_t multi_op_type(const MultiOp& op) {
  return std::visit(Overloaded{
                        [](const CreateRequest& c) { return create_type(c); },
                        [](const DeleteRequest&) { return opcode::kDelete; },
                        [](const SetDataRequest&) { return opcode::kSetData; },
                        [](const CheckVersionRequest&) { return opcode::kCheck; },
                    },
                    op);
}

void write_multi_header(Writer& w, std::int32_t type, bool done, std::int32_t err) {
  w.int32(type);
  w.boolean(done);
  w.int32(err);
}

// A multi's ops (MultiOperationRecord): a MultiHeader before each, one with done at the end.
// The bodies shared by a request of their own and an op of a multi (zookeeper.jute's
// DeleteRequest, SetDataRequest, CheckVersionRequest).
void write_delete(Writer& w, const DeleteRequest& d) {
  w.ustring(d.path);
  w.int32(d.version);
}
void write_set_data(Writer& w, const SetDataRequest& s) {
  w.ustring(s.path);
  w.buffer(s.data);
  w.int32(s.version);
}
void write_check(Writer& w, const CheckVersionRequest& c) {
  w.ustring(c.path);
  w.int32(c.version);
}

void write_multi(Writer& w, const MultiRequest& m) {
  for (const MultiOp& op : m.ops) {
    const std::int32_t type = multi_op_type(op);
    write_multi_header(w, type, false, -1);
    std::visit(Overloaded{
                   [&](const CreateRequest& c) { write_create(w, c, type); },
                   [&](const DeleteRequest& d) { write_delete(w, d); },
                   [&](const SetDataRequest& s) { write_set_data(w, s); },
                   [&](const CheckVersionRequest& c) { write_check(w, c); },
               },
               op);
  }
  write_multi_header(w, -1, true, -1);
}

MultiRequest read_multi(Reader& r) {
  MultiRequest m;
  // Each op is at least a 9-byte header, so the loop ends with the input.
  while (r.ok()) {
    const std::int32_t type = r.int32("multi.header.type");
    const bool done = r.boolean("multi.header.done");
    r.int32("multi.header.err");
    if (!r.ok() || done) break;
    switch (type) {
      case opcode::kCreate:
      case opcode::kCreate2:
      case opcode::kCreateContainer:
      case opcode::kCreateTtl:
        m.ops.emplace_back(read_create(r, type));
        break;
      case opcode::kDelete: {
        DeleteRequest d;
        d.path = r.ustring("delete.path");
        d.version = r.int32("delete.version");
        m.ops.emplace_back(std::move(d));
        break;
      }
      case opcode::kSetData: {
        SetDataRequest s;
        s.path = r.ustring("setData.path");
        s.data = r.ustring("setData.data");
        s.version = r.int32("setData.version");
        m.ops.emplace_back(std::move(s));
        break;
      }
      case opcode::kCheck: {
        CheckVersionRequest c;
        c.path = r.ustring("check.path");
        c.version = r.int32("check.version");
        m.ops.emplace_back(std::move(c));
        break;
      }
      default:
        r.fail("multi.header.type", "op type " + std::to_string(type) + " cannot be in a multi");
    }
  }
  return m;
}

void write_header(Writer& w, std::int32_t xid, std::int32_t type) {
  w.int32(xid);
  w.int32(type);
}

template <class T>
Result<T> finish(Reader& r, T value, const char* what) {
  if (!r.ok()) {
    Error e = r.error();
    e.message = std::string(what) + ": " + e.message;
    return e;
  }
  return value;
}

}  // namespace

// --- connect -------------------------------------------------------------------------------

std::string encode_connect_request(const ConnectRequestRecord& c) {
  Writer w;
  w.int32(c.protocol_version);
  w.int64(c.last_zxid_seen.raw());
  w.int32(c.timeout_ms);
  w.int64(c.session_id);
  w.buffer(c.password);
  if (c.has_read_only) w.boolean(c.read_only);
  return w.take();
}

Result<ConnectRequestRecord> decode_connect_request(std::string_view body) {
  Reader r(body);
  ConnectRequestRecord c;
  c.protocol_version = r.int32("protocolVersion");
  c.last_zxid_seen = Zxid(r.int64("lastZxidSeen"));
  c.timeout_ms = r.int32("timeOut");
  c.session_id = r.int64("sessionId");
  c.password = r.ustring("passwd");
  c.has_read_only = r.ok() && r.remaining() > 0;
  if (c.has_read_only) c.read_only = r.boolean("readOnly");
  return finish(r, std::move(c), "ConnectRequest");
}

std::string encode_connect_response(const ConnectResponseRecord& c) {
  Writer w;
  w.int32(c.protocol_version);
  w.int32(c.timeout_ms);
  w.int64(c.session_id);
  w.buffer(c.password);
  if (c.has_read_only) w.boolean(c.read_only);
  return w.take();
}

Result<ConnectResponseRecord> decode_connect_response(std::string_view body) {
  Reader r(body);
  ConnectResponseRecord c;
  c.protocol_version = r.int32("protocolVersion");
  c.timeout_ms = r.int32("timeOut");
  c.session_id = r.int64("sessionId");
  c.password = r.ustring("passwd");
  // Servers before 3.4 end here; ClientCnxnSocket reads the flag only when it is there.
  c.has_read_only = r.ok() && r.remaining() > 0;
  if (c.has_read_only) c.read_only = r.boolean("readOnly");
  if (r.ok() && c.timeout_ms < 0)
    r.fail("timeOut", "negative timeout " + std::to_string(c.timeout_ms));
  return finish(r, std::move(c), "ConnectResponse");
}

// --- requests ------------------------------------------------------------------------------

std::int32_t opcode_of(const ClientCall& call) {
  return std::visit(
      Overloaded{
          [](const ConnectRequest&) { return std::int32_t{-1}; },
          [](const WriteRequest& w) {
            return std::visit(Overloaded{
                                  [](const CreateRequest& c) { return create_type(c); },
                                  [](const DeleteRequest&) { return opcode::kDelete; },
                                  [](const SetDataRequest&) { return opcode::kSetData; },
                                  [](const SetAclRequest&) { return opcode::kSetAcl; },
                                  [](const CheckVersionRequest&) { return opcode::kCheck; },
                                  [](const MultiRequest&) { return opcode::kMulti; },
                                  [](const CloseSessionRequest&) { return opcode::kCloseSession; },
                                  [](const CreateSessionRequest&) { return std::int32_t{-1}; },
                                  [](const DeleteContainerRequest&) { return std::int32_t{-1}; },
                                  [](const ReconfigRequest&) { return opcode::kReconfig; },
                              },
                              w);
          },
          [](const ReadRequest& r) { return r.op; },
          [](const SyncRequest&) { return opcode::kSync; },
          [](const AddWatchRequest&) { return op::kAddWatch; },
          [](const RemoveWatchesRequest&) { return op::kRemoveWatches; },
          [](const SetWatchesRequest& s) {
            return s.persistent.empty() && s.persistent_recursive.empty() ? op::kSetWatches
                                                                          : op::kSetWatches2;
          },
      },
      call);
}

Result<std::string> encode_request(std::int32_t xid, const ClientCall& call) {
  const std::int32_t type = opcode_of(call);
  if (type == -1) return fail("not a request a client sends on an open connection");
  Writer w;
  write_header(w, xid, type);
  bool bad_read = false;
  std::visit(Overloaded{
                 [](const ConnectRequest&) {},
                 [&](const WriteRequest& req) {
                   std::visit(Overloaded{
                                  [&](const CreateRequest& c) { write_create(w, c, type); },
                                  [&](const DeleteRequest& d) { write_delete(w, d); },
                                  [&](const SetDataRequest& s) { write_set_data(w, s); },
                                  [&](const SetAclRequest& s) {
                                    w.ustring(s.path);
                                    write_acls(w, s.acl);
                                    w.int32(s.version);
                                  },
                                  [&](const CheckVersionRequest& c) { write_check(w, c); },
                                  [&](const MultiRequest& m) { write_multi(w, m); },
                                  [](const CloseSessionRequest&) {},
                                  [](const CreateSessionRequest&) {},
                                  [](const DeleteContainerRequest&) {},
                                  [&](const ReconfigRequest& r) {
                                    // jute ReconfigRequest: joiningServers, leavingServers,
                                    // newMembers (each may be null), curConfigId
                                    for (const auto* s : {&r.joining, &r.leaving, &r.members}) {
                                      if (*s) w.ustring(**s);
                                      else w.null();
                                    }
                                    w.int64(r.version);
                                  },
                              },
                              req);
                 },
                 [&](const ReadRequest& r) {
                   switch (r.op) {
                     case opcode::kExists:
                     case opcode::kGetData:
                     case opcode::kGetChildren:
                     case opcode::kGetChildren2:
                       w.ustring(r.path);
                       w.boolean(r.watch);
                       break;
                     case opcode::kGetAcl:
                     case op::kGetEphemerals:
                     case op::kGetAllChildrenNumber:
                       w.ustring(r.path);
                       break;
                     case op::kWhoAmI:
                       break;  // the header alone (ZooKeeper.whoAmI sends no record)
                     default:
                       bad_read = true;
                   }
                 },
                 [&](const SyncRequest& s) { w.ustring(s.path); },
                 [&](const AddWatchRequest& a) {
                   w.ustring(a.path);
                   w.int32(static_cast<std::int32_t>(a.mode));
                 },
                 [&](const RemoveWatchesRequest& r) {
                   w.ustring(r.path);
                   w.int32(static_cast<std::int32_t>(r.type));
                 },
                 [&](const SetWatchesRequest& s) {
                   w.int64(s.relative_zxid.raw());
                   write_strings(w, s.data);
                   write_strings(w, s.exist);
                   write_strings(w, s.child);
                   if (type == op::kSetWatches2) {
                     write_strings(w, s.persistent);
                     write_strings(w, s.persistent_recursive);
                   }
                 },
             },
             call);
  if (bad_read) return fail("read op " + std::to_string(type) + " is not a read this client sends");
  return w.take();
}

std::string encode_ping() {
  Writer w;
  write_header(w, kPingXid, opcode::kPing);
  return w.take();
}

std::string encode_close_session(std::int32_t xid) {
  Writer w;
  write_header(w, xid, opcode::kCloseSession);
  return w.take();
}

std::string encode_auth(std::string_view scheme, const std::optional<std::string>& auth) {
  Writer w;
  write_header(w, kAuthXid, op::kAuth);
  w.int32(0);
  w.ustring(scheme);
  if (auth) {
    w.buffer(*auth);
  } else {
    w.null();
  }
  return w.take();
}

Result<DecodedRequest> decode_request(std::string_view body) {
  Reader r(body);
  DecodedRequest d;
  d.xid = r.int32("header.xid");
  d.op = r.int32("header.type");
  if (!r.ok()) return finish(r, std::move(d), "request");
  switch (d.op) {
    case opcode::kPing:
      break;
    case opcode::kCloseSession:
      d.call = WriteRequest{CloseSessionRequest{}};
      break;
    case op::kAuth:
      r.int32("auth.type");
      d.auth_scheme = r.ustring("auth.scheme");
      d.auth = r.nullable_string("auth.auth");
      break;
    case opcode::kCreate:
    case opcode::kCreate2:
    case opcode::kCreateContainer:
    case opcode::kCreateTtl:
      d.call = WriteRequest{read_create(r, d.op)};
      break;
    case opcode::kDelete: {
      DeleteRequest x;
      x.path = r.ustring("delete.path");
      x.version = r.int32("delete.version");
      d.call = WriteRequest{std::move(x)};
      break;
    }
    case opcode::kSetData: {
      SetDataRequest x;
      x.path = r.ustring("setData.path");
      x.data = r.ustring("setData.data");
      x.version = r.int32("setData.version");
      d.call = WriteRequest{std::move(x)};
      break;
    }
    case opcode::kSetAcl: {
      SetAclRequest x;
      x.path = r.ustring("setACL.path");
      x.acl = read_acls(r);
      x.version = r.int32("setACL.version");
      d.call = WriteRequest{std::move(x)};
      break;
    }
    case opcode::kCheck: {
      CheckVersionRequest x;
      x.path = r.ustring("check.path");
      x.version = r.int32("check.version");
      d.call = WriteRequest{std::move(x)};
      break;
    }
    case opcode::kMulti:
      d.call = WriteRequest{read_multi(r)};
      break;
    case opcode::kExists:
    case opcode::kGetData:
    case opcode::kGetChildren:
    case opcode::kGetChildren2: {
      ReadRequest x;
      x.op = d.op;
      x.path = r.ustring("read.path");
      x.watch = r.boolean("read.watch");
      d.call = std::move(x);
      break;
    }
    case opcode::kGetAcl:
    case op::kGetEphemerals:
    case op::kGetAllChildrenNumber: {
      ReadRequest x;
      x.op = d.op;
      x.path = r.ustring("read.path");
      d.call = std::move(x);
      break;
    }
    case op::kWhoAmI: {
      ReadRequest x;
      x.op = d.op;
      d.call = std::move(x);
      break;
    }
    case opcode::kSync:
      d.call = SyncRequest{r.ustring("sync.path")};
      break;
    case op::kAddWatch: {
      AddWatchRequest x;
      x.path = r.ustring("addWatch.path");
      x.mode = static_cast<WatcherMode>(r.int32("addWatch.mode"));
      d.call = std::move(x);
      break;
    }
    case op::kRemoveWatches: {
      RemoveWatchesRequest x;
      x.path = r.ustring("removeWatches.path");
      x.type = static_cast<WatcherType>(r.int32("removeWatches.type"));
      d.call = std::move(x);
      break;
    }
    case op::kSetWatches:
    case op::kSetWatches2: {
      SetWatchesRequest x;
      x.relative_zxid = Zxid(r.int64("setWatches.relativeZxid"));
      x.data = read_strings(r, "setWatches.dataWatches");
      x.exist = read_strings(r, "setWatches.existWatches");
      x.child = read_strings(r, "setWatches.childWatches");
      if (d.op == op::kSetWatches2) {
        x.persistent = read_strings(r, "setWatches.persistentWatches");
        x.persistent_recursive = read_strings(r, "setWatches.persistentRecursiveWatches");
      }
      d.call = std::move(x);
      break;
    }
    default:
      r.fail("header.type", "unknown opcode " + std::to_string(d.op));
  }
  return finish(r, std::move(d), "request");
}

// --- replies -------------------------------------------------------------------------------

Result<ReplyHeader> decode_reply_header(std::string_view body) {
  Reader r(body);
  ReplyHeader h;
  h.xid = r.int32("reply.xid");
  h.zxid = Zxid(r.int64("reply.zxid"));
  h.err = static_cast<Code>(r.int32("reply.err"));
  return finish(r, h, "ReplyHeader");
}

namespace {

void read_multi_results(Reader& r, std::vector<OpResult>& out) {
  while (r.ok()) {
    const std::int32_t type = r.int32("multi.header.type");
    const bool done = r.boolean("multi.header.done");
    const std::int32_t err = r.int32("multi.header.err");
    if (!r.ok() || done) break;
    OpResult o;
    o.type = type;
    o.err = static_cast<Code>(err);
    switch (type) {
      case opcode::kCreate:
        o.path = r.ustring("multi.create.path");
        break;
      case opcode::kCreate2:
      case opcode::kCreateContainer:
      case opcode::kCreateTtl:
        o.path = r.ustring("multi.create2.path");
        o.stat = read_stat(r);
        break;
      case opcode::kDelete:
      case opcode::kCheck:
        break;
      case opcode::kSetData:
        o.stat = read_stat(r);
        break;
      case opcode::kError:
        o.err = static_cast<Code>(r.int32("multi.error.err"));
        break;
      default:
        r.fail("multi.header.type", "result type " + std::to_string(type) + " is not known");
    }
    out.push_back(std::move(o));
  }
}

}  // namespace

Result<DecodedReply> decode_reply(std::string_view body, std::int32_t op) {
  Reader r(body);
  DecodedReply d;
  d.xid = r.int32("reply.xid");
  d.zxid = Zxid(r.int64("reply.zxid"));
  d.err = static_cast<Code>(r.int32("reply.err"));
  d.result.err = d.err;
  d.result.zxid = d.zxid;
  if (!r.ok() || d.err != Code::Ok) return finish(r, std::move(d), "reply");
  ClientResult& out = d.result;
  switch (op) {
    case opcode::kCreate:
    case opcode::kSync:
      out.path = r.ustring("path");
      break;
    case opcode::kCreate2:
    case opcode::kCreateContainer:
    case opcode::kCreateTtl:
      out.path = r.ustring("path");
      out.stat = read_stat(r);
      out.has_stat = true;
      break;
    case opcode::kExists:
    case opcode::kSetData:
    case opcode::kSetAcl:
      out.stat = read_stat(r);
      out.has_stat = true;
      break;
    case opcode::kGetData:
    case opcode::kReconfig: {  // GetDataResponse: the new config and the config node's Stat
      auto data = r.nullable_string("data");
      out.null_data = !data.has_value();
      out.data = data.value_or("");
      out.stat = read_stat(r);
      out.has_stat = true;
      break;
    }
    case opcode::kGetAcl:
      out.acl = read_acls(r);
      out.stat = read_stat(r);
      out.has_stat = true;
      break;
    case opcode::kGetChildren:
    case op::kGetEphemerals:
      out.children = read_strings(r, "children");
      break;
    case opcode::kGetChildren2:
      out.children = read_strings(r, "children");
      out.stat = read_stat(r);
      out.has_stat = true;
      break;
    case opcode::kMulti:
      read_multi_results(r, out.multi);
      break;
    case op::kAddWatch:
      // 3.8 answers ErrorResponse{0}; nothing in it is needed, and older servers send none.
      if (r.remaining() >= 4) r.int32("addWatch.err");
      break;
    case op::kGetAllChildrenNumber:
      out.total_number = r.int32("totalNumber");
      break;
    case op::kWhoAmI: {
      // Each ClientInfo is two strings.
      const std::int32_t n = r.count("clientInfo", 2 * kMinStringBytes);
      for (std::int32_t i = 0; i < n && r.ok(); ++i) {
        ClientInfo c;
        c.auth_scheme = r.ustring("clientInfo.authScheme");
        c.user = r.ustring("clientInfo.user");
        out.client_info.push_back(std::move(c));
      }
      break;
    }
    default:
      // delete, check, removeWatches, closeSession, ping, auth, setWatches: header only.
      break;
  }
  return finish(r, std::move(d), "reply");
}

Result<WatchEventRecord> decode_watch_event(std::string_view body) {
  Reader r(body);
  r.int32("reply.xid");
  r.int64("reply.zxid");
  r.int32("reply.err");
  WatchEventRecord e;
  e.type = static_cast<EventType>(r.int32("event.type"));
  e.state = r.int32("event.state");
  e.path = r.ustring("event.path");
  return finish(r, std::move(e), "WatcherEvent");
}

std::string encode_reply(std::int32_t xid, Zxid zxid, Code err, std::int32_t op,
                         const ClientResult& res) {
  Writer w;
  w.int32(xid);
  w.int64(zxid.raw());
  w.int32(static_cast<std::int32_t>(err));
  if (err != Code::Ok) return w.take();
  switch (op) {
    case opcode::kCreate:
    case opcode::kSync:
      w.ustring(res.path);
      break;
    case opcode::kCreate2:
    case opcode::kCreateContainer:
    case opcode::kCreateTtl:
      w.ustring(res.path);
      write_stat(w, res.stat);
      break;
    case opcode::kExists:
    case opcode::kSetData:
    case opcode::kSetAcl:
      write_stat(w, res.stat);
      break;
    case opcode::kGetData:
      write_data(w, res.data, res.null_data);
      write_stat(w, res.stat);
      break;
    case opcode::kGetAcl:
      write_acls(w, res.acl);
      write_stat(w, res.stat);
      break;
    case opcode::kGetChildren:
    case op::kGetEphemerals:
      write_strings(w, res.children);
      break;
    case opcode::kGetChildren2:
      write_strings(w, res.children);
      write_stat(w, res.stat);
      break;
    case opcode::kMulti:
      for (const OpResult& o : res.multi) {
        if (o.type == opcode::kError) {
          write_multi_header(w, opcode::kError, false, static_cast<std::int32_t>(o.err));
          w.int32(static_cast<std::int32_t>(o.err));
          continue;
        }
        write_multi_header(w, o.type, false, 0);
        if (o.type == opcode::kCreate) {
          w.ustring(o.path);
        } else if (is_create2_like(o.type)) {
          w.ustring(o.path);
          write_stat(w, o.stat);
        } else if (o.type == opcode::kSetData) {
          write_stat(w, o.stat);
        }
      }
      write_multi_header(w, -1, true, -1);
      break;
    case op::kAddWatch:
      w.int32(0);
      break;
    case op::kGetAllChildrenNumber:
      w.int32(res.total_number);
      break;
    case op::kWhoAmI:
      w.int32(static_cast<std::int32_t>(res.client_info.size()));
      for (const ClientInfo& c : res.client_info) {
        w.ustring(c.auth_scheme);
        w.ustring(c.user);
      }
      break;
    default:
      break;
  }
  return w.take();
}

std::string encode_watch_event(const WatchEventRecord& e) {
  Writer w;
  w.int32(kNotificationXid);
  w.int64(-1);
  w.int32(0);
  w.int32(static_cast<std::int32_t>(e.type));
  w.int32(e.state);
  w.ustring(e.path);
  return w.take();
}

}  // namespace zs::wire

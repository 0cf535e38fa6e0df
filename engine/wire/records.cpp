#include "wire/records.hpp"

namespace zs::wire {

void write_acls(Writer& w, const AclList& acl) {
  w.count(acl.size());
  for (const Acl& a : acl) {
    w.int32(a.perms);
    w.ustring(a.id.scheme);
    w.ustring(a.id.id);
  }
}

AclList read_acls(Reader& r, const char* field) {
  const std::int32_t n = r.count(field, kMinAclBytes);
  AclList acl;
  acl.reserve(static_cast<std::size_t>(n));
  for (std::int32_t i = 0; i < n && r.ok(); ++i) {
    Acl a;
    a.perms = r.int32("acl.perms");
    a.id.scheme = r.ustring("acl.id.scheme");
    a.id.id = r.ustring("acl.id.id");
    acl.push_back(std::move(a));
  }
  return acl;
}

void write_stat(Writer& w, const Stat& s) {
  w.int64(s.czxid.raw());
  w.int64(s.mzxid.raw());
  w.int64(s.ctime);
  w.int64(s.mtime);
  w.int32(s.version);
  w.int32(s.cversion);
  w.int32(s.aversion);
  w.int64(s.ephemeral_owner);
  w.int32(s.data_length);
  w.int32(s.num_children);
  w.int64(s.pzxid.raw());
}

Stat read_stat(Reader& r) {
  Stat s;
  s.czxid = Zxid(r.int64("stat.czxid"));
  s.mzxid = Zxid(r.int64("stat.mzxid"));
  s.ctime = r.int64("stat.ctime");
  s.mtime = r.int64("stat.mtime");
  s.version = r.int32("stat.version");
  s.cversion = r.int32("stat.cversion");
  s.aversion = r.int32("stat.aversion");
  s.ephemeral_owner = r.int64("stat.ephemeralOwner");
  s.data_length = r.int32("stat.dataLength");
  s.num_children = r.int32("stat.numChildren");
  s.pzxid = Zxid(r.int64("stat.pzxid"));
  return s;
}

void write_stat_persisted(Writer& w, const StatPersisted& s) {
  w.int64(s.czxid.raw());
  w.int64(s.mzxid.raw());
  w.int64(s.ctime);
  w.int64(s.mtime);
  w.int32(s.version);
  w.int32(s.cversion);
  w.int32(s.aversion);
  w.int64(s.ephemeral_owner);
  w.int64(s.pzxid.raw());
}

StatPersisted read_stat_persisted(Reader& r) {
  StatPersisted s;
  s.czxid = Zxid(r.int64("stat.czxid"));
  s.mzxid = Zxid(r.int64("stat.mzxid"));
  s.ctime = r.int64("stat.ctime");
  s.mtime = r.int64("stat.mtime");
  s.version = r.int32("stat.version");
  s.cversion = r.int32("stat.cversion");
  s.aversion = r.int32("stat.aversion");
  s.ephemeral_owner = r.int64("stat.ephemeralOwner");
  s.pzxid = Zxid(r.int64("stat.pzxid"));
  return s;
}

void write_nullable(Writer& w, const std::optional<std::string>& s) {
  if (s) {
    w.buffer(*s);
  } else {
    w.null();
  }
}

}  // namespace zs::wire

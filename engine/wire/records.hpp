// The jute records both sides of ZooKeeper's protocols share (zookeeper.jute): ACL lists,
// Stat (the client's view) and StatPersisted (what a znode stores and a snapshot carries),
// and a nullable buffer. Used by the client codec and the server-to-server decoders.
#pragma once

#include <optional>
#include <string>

#include "data/acl.hpp"
#include "data/stat.hpp"
#include "wire/jute.hpp"

namespace zs::wire {

// Smallest encodings, for bounding vector counts before anything is reserved.
inline constexpr std::size_t kMinStringBytes = 4;  // int length
inline constexpr std::size_t kMinAclBytes = 12;    // perms + two string lengths
inline constexpr std::size_t kStatPersistedBytes = 60;

void write_acls(Writer& w, const AclList& acl);
// A vector<ACL>; a null vector reads as empty. `field` names it in errors.
AclList read_acls(Reader& r, const char* field = "acl count");

void write_stat(Writer& w, const Stat& s);
Stat read_stat(Reader& r);
void write_stat_persisted(Writer& w, const StatPersisted& s);
StatPersisted read_stat_persisted(Reader& r);

// A buffer that may be null (length -1).
void write_nullable(Writer& w, const std::optional<std::string>& s);

}  // namespace zs::wire

// ACLs as ZooKeeper keeps them (reference §4.6): Id{scheme, id}, ACL{perms, id}.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.hpp"
#include "data/errors.hpp"

namespace zs {

namespace perms {
inline constexpr std::int32_t kRead = 1;
inline constexpr std::int32_t kWrite = 2;
inline constexpr std::int32_t kCreate = 4;
inline constexpr std::int32_t kDelete = 8;
inline constexpr std::int32_t kAdmin = 16;
inline constexpr std::int32_t kAll = 31;
}  // namespace perms

struct Id {
  std::string scheme;  // "world", "auth", "digest", "ip", "super"
  std::string id;      // "anyone", "user:base64(sha1(user:password))", "10.0.0.0/8", ...
  friend bool operator==(const Id&, const Id&) = default;
};

struct Acl {
  std::int32_t perms = perms::kAll;
  Id id;
  friend bool operator==(const Acl&, const Acl&) = default;
};

using AclList = std::vector<Acl>;

// ZooDefs.Ids
AclList open_acl_unsafe();   // [31 world:anyone]
AclList creator_all_acl();   // [31 auth:]
AclList read_acl_unsafe();   // [1 world:anyone]

// What a client has authenticated as (ServerCnxn.getAuthInfo): always includes its ip.
struct AuthInfo {
  std::vector<Id> ids;
};

// ZooKeeperServer.checkACL: true when `needed` is granted by `acl` to `who`. An empty ACL
// list or a `super` id allows everything. Defined in acl.cpp.
bool check_acl(const AclList& acl, std::int32_t needed, const AuthInfo& who);

// --- Authentication providers (ProviderRegistry defaults: "ip" and "digest") ---------------

// DigestAuthenticationProvider.generateDigest: `id_password` is "user:password"; the result
// is the part before the first ':' + ":" + base64(SHA-1(whole string)).
std::string generate_digest(std::string_view id_password);
// "user:" + base64(SHA-1("user:password")), e.g. digest_id("super","test") ==
// "super:D/InIHSb7yEEbrWz8b9l71RjZJU=".
std::string digest_id(std::string_view user, std::string_view password);

// Provider hooks as ZooKeeper's providers answer them. Schemes without a provider
// ("world", "auth", "super", anything else) answer false.
bool provider_exists(std::string_view scheme);
bool provider_is_authenticated(std::string_view scheme);  // digest: true, ip: false
bool provider_is_valid(std::string_view scheme, std::string_view id);
// digest: exact string equality; ip: IPv4 address or CIDR "a.b.c.d/bits" (IPv6 never matches,
// as in 3.8.0).
bool provider_matches(std::string_view scheme, std::string_view caller_id, std::string_view acl_id);

// Server-side settings that affect authentication.
struct AuthConfig {
  // zookeeper.DigestAuthenticationProvider.superDigest, e.g. "super:D/InIHSb7yEEbrWz8b9l71RjZJU=";
  // empty = no super user.
  std::string super_digest;
};

// Outcome of an auth packet (addauth). code is Ok or AuthFailed; on Ok, `ids` are to be added
// (in order) to the connection's AuthInfo with add_auth_id. A failed auth closes the connection.
struct AuthOutcome {
  Code code = Code::AuthFailed;
  std::vector<Id> ids;
};
// scheme "digest": auth bytes "user:password" -> [super:"" if it equals the super digest,]
// digest:user:hash. scheme "ip": adds ip:<remote_ip> whatever the bytes. Other schemes:
// AuthFailed.
AuthOutcome authenticate(std::string_view scheme, std::string_view auth_bytes,
                         const AuthConfig& config = {}, std::string_view remote_ip = {});
// ServerCnxn.addAuthInfo: appends unless already present.
void add_auth_id(AuthInfo& who, const Id& id);

// --- ACL fix-up for create / setACL (PrepRequestProcessor.fixupACL) ----------------------

struct AclFixup {
  Code code = Code::Ok;  // Ok or InvalidAcl
  AclList acl;           // the ACL to store when code == Ok
  bool ok() const { return code == Code::Ok; }
};
// Duplicates removed (first kept), empty -> InvalidAcl; world:anyone kept; auth:<anything>
// replaced by one entry per caller id whose provider is authenticated (digest), none ->
// InvalidAcl (expanded entries are not de-duplicated again); other schemes need a provider
// whose isValid accepts the id (digest "user:hash", ip address/CIDR), else InvalidAcl.
// Perms are not checked in 3.8.0.
AclFixup fix_acl(const AclList& acl, const AuthInfo& who);

// getACL without ADMIN: digest ids shown as "user:x" (FinalRequestProcessor).
AclList redact_digests(const AclList& acl);

// --- zkCli text forms --------------------------------------------------------------------

// ZKUtil.getPermString: letters in the order c d r w a.
std::string perm_string(std::int32_t perms);
// AclParser.getPermFromString: r w c d a in any order; unknown letters are reported and skipped.
std::int32_t parse_perms(std::string_view s, std::vector<std::string>* warnings = nullptr);
// AclParser.parse: comma-separated "scheme:id:perm"; scheme is before the first ':', perm
// after the last. Entries without two distinct colons are skipped with the warning
// "<entry> does not have the form scheme:id:perm".
AclList parse_acl(std::string_view text, std::vector<std::string>* warnings = nullptr);
// What zkCli's getAcl prints for each entry: the Id record's toString then ": perms", e.g.
// "'world,'anyone\n: cdrwa\n".
std::string to_cli(const AclList& acl);
// ZKUtil.aclToString: "scheme:id:perms" entries concatenated without separator.
std::string acl_to_string(const AclList& acl);

}  // namespace zs

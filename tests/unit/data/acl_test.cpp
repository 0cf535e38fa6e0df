// ACL rules of ZooKeeper 3.8.0 (reference §4.6).
#include "data/acl.hpp"

#include <gtest/gtest.h>

namespace zs {
namespace {

AuthInfo who(std::vector<Id> ids) { return AuthInfo{std::move(ids)}; }

TEST(DigestTest, KnownSuperTestValue) {
  // printf 'super:test' | openssl dgst -binary -sha1 | base64
  EXPECT_EQ(digest_id("super", "test"), "super:D/InIHSb7yEEbrWz8b9l71RjZJU=");
  EXPECT_EQ(digest_id("bob", "secret"), "bob:fyVmFCwVbTJYrznoSu1koqYEYF0=");
}

TEST(DigestTest, GenerateDigestUsesTextBeforeFirstColonAsUser) {
  EXPECT_EQ(generate_digest("super:test"), "super:D/InIHSb7yEEbrWz8b9l71RjZJU=");
  // A password with colons is hashed whole; the user is still the first field.
  EXPECT_EQ(generate_digest("a:b:c").substr(0, 2), "a:");
  EXPECT_NE(generate_digest("a:b:c"), generate_digest("a:b"));
}

TEST(DigestTest, AuthenticateDigestGivesDigestId) {
  AuthOutcome r = authenticate("digest", "bob:secret");
  EXPECT_EQ(r.code, Code::Ok);
  ASSERT_EQ(r.ids.size(), 1u);
  EXPECT_EQ(r.ids[0], (Id{"digest", "bob:fyVmFCwVbTJYrznoSu1koqYEYF0="}));
}

TEST(DigestTest, AuthenticateSuperDigestAlsoGrantsSuper) {
  AuthConfig cfg{"super:D/InIHSb7yEEbrWz8b9l71RjZJU="};
  AuthOutcome r = authenticate("digest", "super:test", cfg);
  EXPECT_EQ(r.code, Code::Ok);
  ASSERT_EQ(r.ids.size(), 2u);
  EXPECT_EQ(r.ids[0], (Id{"super", ""}));
  EXPECT_EQ(r.ids[1], (Id{"digest", "super:D/InIHSb7yEEbrWz8b9l71RjZJU="}));
  // Wrong password: only the digest id.
  AuthOutcome w = authenticate("digest", "super:nope", cfg);
  ASSERT_EQ(w.ids.size(), 1u);
  EXPECT_EQ(w.ids[0].scheme, "digest");
}

TEST(DigestTest, UnknownSchemeFails) {
  EXPECT_EQ(authenticate("kerberos", "x").code, Code::AuthFailed);
  EXPECT_EQ(authenticate("world", "anyone").code, Code::AuthFailed);
  EXPECT_EQ(authenticate("super", "x").code, Code::AuthFailed);
}

TEST(DigestTest, IpSchemeAddsRemoteAddress) {
  AuthOutcome r = authenticate("ip", "whatever", {}, "10.1.2.3");
  EXPECT_EQ(r.code, Code::Ok);
  ASSERT_EQ(r.ids.size(), 1u);
  EXPECT_EQ(r.ids[0], (Id{"ip", "10.1.2.3"}));
}

TEST(AclTest, AddAuthIdSkipsDuplicates) {
  AuthInfo a = who({{"ip", "127.0.0.1"}});
  add_auth_id(a, Id{"digest", "u:h"});
  add_auth_id(a, Id{"digest", "u:h"});
  EXPECT_EQ(a.ids.size(), 2u);
}

TEST(AclTest, IdsConstants) {
  EXPECT_EQ(open_acl_unsafe(), (AclList{{31, {"world", "anyone"}}}));
  EXPECT_EQ(creator_all_acl(), (AclList{{31, {"auth", ""}}}));
  EXPECT_EQ(read_acl_unsafe(), (AclList{{1, {"world", "anyone"}}}));
}

TEST(AclTest, EmptyAclAllowsEverything) {
  EXPECT_TRUE(check_acl({}, perms::kAdmin, who({})));
}

TEST(AclTest, WorldAnyoneNeedsTheBit) {
  EXPECT_TRUE(check_acl(open_acl_unsafe(), perms::kWrite, who({{"ip", "1.2.3.4"}})));
  EXPECT_TRUE(check_acl(read_acl_unsafe(), perms::kRead, who({})));
  EXPECT_FALSE(check_acl(read_acl_unsafe(), perms::kWrite, who({{"ip", "1.2.3.4"}})));
}

TEST(AclTest, WorldOtherThanAnyoneNeverMatches) {
  AclList acl{{31, {"world", "someone"}}};
  EXPECT_FALSE(check_acl(acl, perms::kRead, who({{"world", "someone"}})));
}

TEST(AclTest, SuperBypassesEverything) {
  AclList acl{{perms::kRead, {"digest", "bob:fyVmFCwVbTJYrznoSu1koqYEYF0="}}};
  EXPECT_FALSE(check_acl(acl, perms::kAdmin, who({{"ip", "1.2.3.4"}})));
  EXPECT_TRUE(check_acl(acl, perms::kAdmin, who({{"ip", "1.2.3.4"}, {"super", ""}})));
}

TEST(AclTest, DigestMatchesExactId) {
  std::string bob = digest_id("bob", "secret");
  AclList acl{{perms::kRead | perms::kWrite, {"digest", bob}}};
  EXPECT_TRUE(check_acl(acl, perms::kWrite, who({{"ip", "1.2.3.4"}, {"digest", bob}})));
  EXPECT_FALSE(check_acl(acl, perms::kWrite, who({{"digest", digest_id("bob", "wrong")}})));
  EXPECT_FALSE(check_acl(acl, perms::kDelete, who({{"digest", bob}})));
  // The scheme must match too.
  EXPECT_FALSE(check_acl(acl, perms::kRead, who({{"ip", bob}})));
}

TEST(AclTest, IpExactAddressMatches) {
  AclList acl{{perms::kRead, {"ip", "10.0.0.5"}}};
  EXPECT_TRUE(check_acl(acl, perms::kRead, who({{"ip", "10.0.0.5"}})));
  EXPECT_FALSE(check_acl(acl, perms::kRead, who({{"ip", "10.0.0.6"}})));
}

TEST(AclTest, IpCidrMatch) {
  AclList acl{{perms::kRead, {"ip", "10.0.0.0/8"}}};
  EXPECT_TRUE(check_acl(acl, perms::kRead, who({{"ip", "10.200.3.4"}})));
  AclList acl20{{perms::kRead, {"ip", "192.168.16.0/20"}}};
  EXPECT_TRUE(check_acl(acl20, perms::kRead, who({{"ip", "192.168.31.255"}})));
  AclList any{{perms::kRead, {"ip", "0.0.0.0/0"}}};
  EXPECT_TRUE(check_acl(any, perms::kRead, who({{"ip", "8.8.8.8"}})));
}

TEST(AclTest, IpCidrMismatch) {
  AclList acl{{perms::kRead, {"ip", "10.0.0.0/8"}}};
  EXPECT_FALSE(check_acl(acl, perms::kRead, who({{"ip", "11.0.0.1"}})));
  AclList acl20{{perms::kRead, {"ip", "192.168.16.0/20"}}};
  EXPECT_FALSE(check_acl(acl20, perms::kRead, who({{"ip", "192.168.32.1"}})));
  // Malformed expressions and IPv6 callers never match.
  EXPECT_FALSE(check_acl({{perms::kRead, {"ip", "10.0.0.0/33"}}}, perms::kRead, who({{"ip", "10.0.0.1"}})));
  EXPECT_FALSE(check_acl({{perms::kRead, {"ip", "10.0.0/8"}}}, perms::kRead, who({{"ip", "10.0.0.1"}})));
  EXPECT_FALSE(check_acl(acl, perms::kRead, who({{"ip", "::1"}})));
}

TEST(AclTest, ProviderValidity) {
  EXPECT_TRUE(provider_is_valid("digest", "u:hash"));
  EXPECT_FALSE(provider_is_valid("digest", "u"));
  EXPECT_FALSE(provider_is_valid("digest", "u:h:x"));
  EXPECT_FALSE(provider_is_valid("digest", "u:"));     // Java split drops the empty tail
  EXPECT_TRUE(provider_is_valid("digest", "u:h:"));    // ... so this is two parts
  EXPECT_TRUE(provider_is_valid("ip", "1.2.3.4"));
  EXPECT_TRUE(provider_is_valid("ip", "1.2.3.0/24"));
  EXPECT_FALSE(provider_is_valid("ip", "1.2.3.4/40"));
  EXPECT_FALSE(provider_is_valid("ip", "1.2.3.256"));
  EXPECT_FALSE(provider_is_valid("ip", "host.example"));
  EXPECT_FALSE(provider_is_valid("world", "anyone"));
}

TEST(AclTest, FixupAuthExpandsToDigestIdsOnly) {
  std::string bob = digest_id("bob", "secret");
  AclFixup r = fix_acl(creator_all_acl(), who({{"ip", "1.2.3.4"}, {"digest", bob}, {"super", ""}}));
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r.acl, (AclList{{31, {"digest", bob}}}));
}

TEST(AclTest, FixupAuthExpandsToEveryDigestId) {
  AuthInfo a = who({{"digest", "a:1"}, {"ip", "1.2.3.4"}, {"digest", "b:2"}});
  AclFixup r = fix_acl({{perms::kRead, {"auth", "ignored"}}}, a);
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r.acl, (AclList{{1, {"digest", "a:1"}}, {1, {"digest", "b:2"}}}));
}

TEST(AclTest, FixupAuthWithoutAuthenticatedIdIsInvalid) {
  EXPECT_EQ(fix_acl(creator_all_acl(), who({{"ip", "1.2.3.4"}})).code, Code::InvalidAcl);
  EXPECT_EQ(fix_acl(creator_all_acl(), who({{"super", ""}})).code, Code::InvalidAcl);
}

TEST(AclTest, FixupEmptyListIsInvalid) {
  EXPECT_EQ(fix_acl({}, who({})).code, Code::InvalidAcl);
}

TEST(AclTest, FixupBadIdsAreInvalid) {
  EXPECT_EQ(fix_acl({{31, {"digest", "bob"}}}, who({})).code, Code::InvalidAcl);
  EXPECT_EQ(fix_acl({{31, {"ip", "10.0.0.0/99"}}}, who({})).code, Code::InvalidAcl);
  EXPECT_EQ(fix_acl({{31, {"world", "everyone"}}}, who({})).code, Code::InvalidAcl);
  EXPECT_EQ(fix_acl({{31, {"super", ""}}}, who({})).code, Code::InvalidAcl);
  EXPECT_EQ(fix_acl({{31, {"sasl", "bob"}}}, who({})).code, Code::InvalidAcl);
}

TEST(AclTest, FixupKeepsValidEntriesAndRemovesDuplicates) {
  AclList in{{31, {"world", "anyone"}}, {1, {"ip", "10.0.0.0/8"}}, {31, {"world", "anyone"}},
             {3, {"digest", "u:h"}}};
  AclFixup r = fix_acl(in, who({}));
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r.acl, (AclList{{31, {"world", "anyone"}}, {1, {"ip", "10.0.0.0/8"}}, {3, {"digest", "u:h"}}}));
  // Same id with different perms is not a duplicate.
  AclFixup r2 = fix_acl({{1, {"world", "anyone"}}, {2, {"world", "anyone"}}}, who({}));
  EXPECT_EQ(r2.acl.size(), 2u);
}

TEST(AclTest, FixupDoesNotCheckPerms) {
  // 3.8.0's fixupACL has no perms check: 0 and out-of-range bits are stored as given.
  AclFixup r = fix_acl({{0, {"world", "anyone"}}}, who({}));
  EXPECT_TRUE(r.ok());
}

TEST(AclTest, RedactDigestsForGetAclWithoutAdmin) {
  AclList in{{31, {"digest", "bob:fyVmFCwVbTJYrznoSu1koqYEYF0="}}, {1, {"world", "anyone"}}};
  EXPECT_EQ(redact_digests(in), (AclList{{31, {"digest", "bob:x"}}, {1, {"world", "anyone"}}}));
}

TEST(AclTest, PermStringOrderIsCdrwa) {
  EXPECT_EQ(perm_string(31), "cdrwa");
  EXPECT_EQ(perm_string(perms::kRead | perms::kAdmin), "ra");
  EXPECT_EQ(perm_string(0), "");
}

TEST(AclTest, ParseAclLikeZkCli) {
  AclList acl = parse_acl("world:anyone:cdrwa,digest:u:hash:r");
  EXPECT_EQ(acl, (AclList{{31, {"world", "anyone"}}, {1, {"digest", "u:hash"}}}));
  EXPECT_EQ(parse_acl("ip:10.0.0.0/8:ar"), (AclList{{17, {"ip", "10.0.0.0/8"}}}));
  EXPECT_EQ(parse_acl("auth::cdrwa"), (AclList{{31, {"auth", ""}}}));
}

TEST(AclTest, ParseAclSkipsMalformedEntriesAndUnknownPerms) {
  std::vector<std::string> warn;
  AclList acl = parse_acl("world:anyone,ip:1.2.3.4:rx", &warn);
  EXPECT_EQ(acl, (AclList{{1, {"ip", "1.2.3.4"}}}));
  ASSERT_EQ(warn.size(), 2u);
  EXPECT_EQ(warn[0], "world:anyone does not have the form scheme:id:perm");
  EXPECT_EQ(warn[1], "Unknown perm type: x");
}

TEST(AclTest, ToCliPrintsLikeGetAcl) {
  EXPECT_EQ(to_cli(open_acl_unsafe()), "'world,'anyone\n: cdrwa\n");
  EXPECT_EQ(to_cli({{1, {"digest", "u:h"}}, {17, {"ip", "10.0.0.0/8"}}}),
            "'digest,'u:h\n: r\n'ip,'10.0.0.0/8\n: ra\n");
  // jute escaping of ',' and '%'
  EXPECT_EQ(to_cli({{1, {"x", "a,b%"}}}), "'x,'a%2Cb%25\n: r\n");
}

TEST(AclTest, ParsePrintRoundTrip) {
  AclList acl = parse_acl("world:anyone:r,digest:bob:fyVmFCwVbTJYrznoSu1koqYEYF0=:cdrwa,ip:10.0.0.0/8:wa");
  EXPECT_EQ(acl_to_string(acl),
            "world:anyone:rdigest:bob:fyVmFCwVbTJYrznoSu1koqYEYF0=:cdrwaip:10.0.0.0/8:wa");
  std::string text;
  for (const Acl& a : acl) text += (text.empty() ? "" : ",") + a.id.scheme + ":" + a.id.id + ":" + perm_string(a.perms);
  EXPECT_EQ(parse_acl(text), acl);
  EXPECT_EQ(to_cli(acl),
            "'world,'anyone\n: r\n'digest,'bob:fyVmFCwVbTJYrznoSu1koqYEYF0=\n: cdrwa\n'ip,'10.0.0.0/8\n: wa\n");
}

}  // namespace
}  // namespace zs

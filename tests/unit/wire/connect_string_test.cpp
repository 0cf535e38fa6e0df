// The connect-string and auth-spec parsers: what ZooKeeper's ConnectStringParser accepts,
// and errors that name the bad entry.
#include "wire/connect_string.hpp"

#include <gtest/gtest.h>

namespace zs::wire {
namespace {

ConnectString ok(std::string_view text) {
  auto r = parse_connect_string(text);
  EXPECT_TRUE(r.ok()) << text << ": " << (r.ok() ? "" : r.error().to_string());
  return r.ok() ? r.value() : ConnectString{};
}

std::string err(std::string_view text) {
  auto r = parse_connect_string(text);
  EXPECT_FALSE(r.ok()) << text << " parsed";
  return r.ok() ? "" : r.error().to_string();
}

TEST(WireConnectString, HostsInOrderWithDefaultPort) {
  ConnectString cs = ok("127.0.0.1:2182,zk2,zk3:2999");
  ASSERT_EQ(cs.hosts.size(), 3u);
  EXPECT_EQ(cs.hosts[0], (HostPort{"127.0.0.1", 2182}));
  EXPECT_EQ(cs.hosts[1], (HostPort{"zk2", 2181}));
  EXPECT_EQ(cs.hosts[2], (HostPort{"zk3", 2999}));
  EXPECT_EQ(cs.chroot, "");
}

TEST(WireConnectString, EmptyPortAfterColonKeepsTheDefaultAsZooKeeperDoes) {
  EXPECT_EQ(ok("zk1:").hosts[0], (HostPort{"zk1", 2181}));
}

TEST(WireConnectString, Ipv6InBrackets) {
  ConnectString cs = ok("[::1]:2183,[fe80::1]");
  ASSERT_EQ(cs.hosts.size(), 2u);
  EXPECT_EQ(cs.hosts[0], (HostPort{"::1", 2183}));
  EXPECT_EQ(cs.hosts[1], (HostPort{"fe80::1", 2181}));
  EXPECT_EQ(cs.text(), "[::1]:2183,[fe80::1]:2181");
  EXPECT_NE(err("[::1:2181").find("must end with ']'"), std::string::npos);
  EXPECT_NE(err("[::1]x").find("expected ':'"), std::string::npos);
  EXPECT_NE(err("::1:2181").find("must be written in brackets"), std::string::npos);
  EXPECT_NE(err("a]:2181").find("must be written in brackets"), std::string::npos);
  EXPECT_NE(err("[[::1]:2181").find("'[' inside"), std::string::npos);
}

TEST(WireConnectString, ChrootAfterTheFirstSlash) {
  ConnectString cs = ok("127.0.0.1:2181,127.0.0.1:2182/app/x");
  EXPECT_EQ(cs.hosts.size(), 2u);
  EXPECT_EQ(cs.chroot, "/app/x");
  EXPECT_EQ(cs.text(), "127.0.0.1:2181,127.0.0.1:2182/app/x");
  EXPECT_EQ(ok("127.0.0.1:2181/").chroot, "") << "'/' alone means no chroot";
}

TEST(WireConnectString, BadChrootSaysWhy) {
  EXPECT_NE(err("127.0.0.1:2181//a").find("chroot //a: empty node name"), std::string::npos);
  EXPECT_NE(err("h/a/").find("must not end with /"), std::string::npos);
  EXPECT_NE(err("h/a/../b").find("relative paths"), std::string::npos);
  EXPECT_NE(err("h/a/./b").find("relative paths"), std::string::npos);
  EXPECT_NE(err(std::string_view("h/a\x01z", 5)).find("invalid character"), std::string::npos);
  EXPECT_NE(err(std::string_view("h/a\0z", 5)).find("null character"), std::string::npos);
  // ".." inside a name is allowed, as ZooKeeper allows it.
  EXPECT_EQ(ok("h/a..b").chroot, "/a..b");
}

TEST(WireConnectString, BadPortNamesHostAndIndex) {
  EXPECT_EQ(err("127.0.0.1:2181,127.0.0.1:99999"),
            "port 99999 of host 2 (127.0.0.1:99999) is not a port number 1-65535");
  EXPECT_NE(err("h:0").find("port 0 of host 1"), std::string::npos);
  EXPECT_NE(err("h:21x").find("port 21x"), std::string::npos);
  EXPECT_NE(err("h:-1").find("port -1"), std::string::npos);
}

TEST(WireConnectString, EmptyEntriesAndHostsAreErrors) {
  EXPECT_NE(err("127.0.0.1:2181,,x").find("empty host in 127.0.0.1:2181,,x"), std::string::npos);
  EXPECT_NE(err("").find("no host"), std::string::npos);
  EXPECT_NE(err("/chroot").find("no host"), std::string::npos);
  EXPECT_NE(err(":2181").find("empty host name"), std::string::npos);
  EXPECT_NE(err("a,").find("empty host"), std::string::npos);
  EXPECT_NE(err("a b:2181").find("whitespace"), std::string::npos);
}

TEST(WireConnectString, TextRoundTrips) {
  for (std::string_view s : {"a:1", "a:1,b:2/c", "[::1]:5,x:65535/x/y"}) {
    EXPECT_EQ(ok(s).text(), s);
    EXPECT_EQ(ok(ok(s).text()), ok(s));
  }
}

TEST(WireAuthSpec, DigestSplitsAtTheFirstColon) {
  auto r = parse_auth_spec("digest:user:pa:ss");
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->scheme, "digest");
  EXPECT_EQ(r->auth, "user:pa:ss");
  auto ip = parse_auth_spec("ip:127.0.0.1");
  ASSERT_TRUE(ip.ok());
  EXPECT_EQ(ip->scheme, "ip");
}

TEST(WireAuthSpec, Errors) {
  EXPECT_NE(parse_auth_spec("digest").error().to_string().find("no scheme"), std::string::npos);
  EXPECT_NE(parse_auth_spec(":x").error().to_string().find("no scheme"), std::string::npos);
  EXPECT_NE(parse_auth_spec("digest:").error().to_string().find("empty"), std::string::npos);
  EXPECT_NE(parse_auth_spec("digest:userpass").error().to_string().find("user:password"),
            std::string::npos);
  EXPECT_NE(parse_auth_spec("digest::pw").error().to_string().find("user:password"),
            std::string::npos);
}

}  // namespace
}  // namespace zs::wire

// Connect strings and auth specs as a ZooKeeper client takes them: "h1:2181,h2:2182/chroot"
// (Z/client/ConnectStringParser.java) and "digest:user:password" (zkCli addauth, --auth).
// Pure parsing; nothing is resolved or connected here.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.hpp"

namespace zs::wire {

inline constexpr std::uint16_t kDefaultClientPort = 2181;

// One server of a connect string. `host` is a name or an address, IPv6 without brackets.
struct HostPort {
  std::string host;
  std::uint16_t port = kDefaultClientPort;
  // "127.0.0.1:2181", "[::1]:2181": how the user would write it back.
  std::string text() const;
  friend bool operator==(const HostPort&, const HostPort&) = default;
};

struct ConnectString {
  std::vector<HostPort> hosts;  // at least one, in the order given
  std::string chroot;           // "" = none; else a valid absolute path other than "/"
  // The hosts joined by ',' plus the chroot: parse_connect_string(text()) gives it back.
  std::string text() const;
  friend bool operator==(const ConnectString&, const ConnectString&) = default;
};

// ConnectStringParser's rules: the chroot starts at the first '/' ("/" alone = none) and must
// pass PathUtils.validatePath; hosts are a comma list; a host without ":port" (or with an
// empty one) gets 2181; "[v6addr]:port" for IPv6. Stricter than ZooKeeper where it silently
// accepts a likely typo: an empty entry ("a,,b") is an error here, not skipped, and so are
// whitespace inside a host and an empty host. Errors name the entry and what is wrong.
Result<ConnectString> parse_connect_string(std::string_view text);

// An addauth / --auth argument: the scheme before the first ':', the rest is the auth bytes
// as given (ZooKeeper sends them as they are; for digest the server hashes "user:password").
struct AuthSpec {
  std::string scheme;
  std::string auth;
  friend bool operator==(const AuthSpec&, const AuthSpec&) = default;
};

// "digest:user:password" -> {digest, user:password}. A scheme and non-empty auth are
// required; digest needs "user:password" with a non-empty user.
Result<AuthSpec> parse_auth_spec(std::string_view text);

// Why PathUtils.validatePath rejects `path` ("empty node name at offset 1"), or "" when
// it is valid. Shared by the chroot check and anyone who wants to explain a bad path.
std::string path_problem(std::string_view path);

}  // namespace zs::wire

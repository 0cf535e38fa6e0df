#include "wire/connect_string.hpp"

#include <charconv>

#include "data/paths.hpp"

namespace zs::wire {
namespace {

Error fail(std::string message, std::string hint = {}) {
  Error e;
  e.message = std::move(message);
  e.hint = std::move(hint);
  return e;
}

bool has_space(std::string_view s) {
  for (char c : s) {
    if (c == ' ' || c == '\t' || c == '\r' || c == '\n') return true;
  }
  return false;
}

// One comma-separated entry (1-based `index`) into host and port, as ConnectStringParser
// does: "[v6]:port" via NetUtils.getIPV6HostAndPort, else the port after the last ':'.
Result<HostPort> parse_host(std::string_view entry, std::size_t index, std::string_view all) {
  const std::string where = "host " + std::to_string(index) + " (" + std::string(entry) + ")";
  if (entry.empty()) {
    return fail("empty host in " + std::string(all),
                "list servers as host:port separated by single commas");
  }
  if (has_space(entry)) return fail(where + " contains whitespace");
  HostPort hp;
  std::string_view port_text;
  bool has_port = false;
  if (entry.front() == '[') {
    const std::size_t close = entry.find(']');
    if (close == std::string_view::npos) return fail(where + ": IPv6 address must end with ']'");
    hp.host = std::string(entry.substr(1, close - 1));
    if (hp.host.empty()) return fail(where + ": empty IPv6 address in []");
    if (hp.host.find('[') != std::string::npos) return fail(where + ": '[' inside an IPv6 address");
    std::string_view rest = entry.substr(close + 1);
    if (!rest.empty()) {
      if (rest.front() != ':') return fail(where + ": expected ':' after the IPv6 address");
      port_text = rest.substr(1);
      has_port = true;
    }
  } else {
    const std::size_t colon = entry.rfind(':');
    if (colon != std::string_view::npos) {
      port_text = entry.substr(colon + 1);
      has_port = true;
      entry = entry.substr(0, colon);
    }
    hp.host = std::string(entry);
    if (hp.host.empty()) return fail("empty host name in " + where);
    // Java would take "::1:2181" as host "::1", port 2181 by the last ':'; that is ambiguous,
    // so IPv6 addresses must come in brackets.
    if (hp.host.find_first_of(":[]") != std::string::npos) {
      return fail(where + ": an IPv6 address must be written in brackets, e.g. [::1]:2181");
    }
  }
  // ZooKeeper keeps the default port for "host:" (nothing after the colon).
  if (has_port && !port_text.empty()) {
    int port = 0;
    auto [end, ec] = std::from_chars(port_text.data(), port_text.data() + port_text.size(), port);
    if (ec != std::errc() || end != port_text.data() + port_text.size() || port < 1 ||
        port > 65535) {
      return fail("port " + std::string(port_text) + " of " + where +
                  " is not a port number 1-65535");
    }
    hp.port = static_cast<std::uint16_t>(port);
  }
  return hp;
}

}  // namespace

std::string HostPort::text() const {
  const bool v6 = host.find(':') != std::string::npos;
  return (v6 ? "[" + host + "]" : host) + ":" + std::to_string(port);
}

std::string ConnectString::text() const {
  std::string s;
  for (const HostPort& h : hosts) {
    if (!s.empty()) s += ',';
    s += h.text();
  }
  return s + chroot;
}

std::string path_problem(std::string_view path) {
  if (path.empty()) return "path is empty";
  if (path[0] != '/') return "path must start with /";
  if (path.size() == 1) return {};
  if (path.back() == '/') return "path must not end with /";
  for (std::size_t i = 1; i < path.size(); ++i) {
    const char c = path[i];
    const bool segment_ends = i + 1 == path.size() || path[i + 1] == '/';
    if (c == '\0') return "null character at offset " + std::to_string(i);
    if (c == '/' && path[i - 1] == '/') return "empty node name at offset " + std::to_string(i);
    if (c == '.' && segment_ends &&
        (path[i - 1] == '/' || (path[i - 1] == '.' && path[i - 2] == '/'))) {
      return "relative paths (. or ..) are not allowed, at offset " + std::to_string(i);
    }
  }
  if (validate_path(path) != Code::Ok) {
    return "invalid character (a control, surrogate or private-use code point, or bad UTF-8)";
  }
  return {};
}

Result<ConnectString> parse_connect_string(std::string_view text) {
  ConnectString cs;
  std::string_view hosts = text;
  const std::size_t slash = text.find('/');
  if (slash != std::string_view::npos) {
    const std::string_view chroot = text.substr(slash);
    hosts = text.substr(0, slash);
    if (chroot.size() > 1) {
      const std::string problem = path_problem(chroot);
      if (!problem.empty()) return fail("chroot " + std::string(chroot) + ": " + problem);
      cs.chroot = std::string(chroot);
    }
  }
  if (hosts.empty()) {
    return fail("no host in connect string '" + std::string(text) + "'",
                "give host:port[,host:port...][/chroot], e.g. 127.0.0.1:2181");
  }
  std::size_t index = 0;
  std::size_t from = 0;
  while (true) {
    const std::size_t comma = hosts.find(',', from);
    const std::string_view entry =
        hosts.substr(from, comma == std::string_view::npos ? std::string_view::npos : comma - from);
    ++index;
    auto hp = parse_host(entry, index, hosts);
    if (!hp.ok()) return hp.error();
    cs.hosts.push_back(std::move(hp).value());
    if (comma == std::string_view::npos) break;
    from = comma + 1;
  }
  return cs;
}

Result<AuthSpec> parse_auth_spec(std::string_view text) {
  const std::size_t colon = text.find(':');
  if (colon == std::string_view::npos || colon == 0) {
    return fail("auth '" + std::string(text) + "' has no scheme",
                "write scheme:auth, e.g. digest:user:password");
  }
  AuthSpec spec{std::string(text.substr(0, colon)), std::string(text.substr(colon + 1))};
  if (spec.auth.empty()) return fail("auth for scheme " + spec.scheme + " is empty");
  if (spec.scheme == "digest") {
    const std::size_t sep = spec.auth.find(':');
    if (sep == std::string::npos || sep == 0) {
      return fail("digest auth needs user:password", "write digest:user:password");
    }
  }
  return spec;
}

}  // namespace zs::wire

// ACL checks, authentication providers and zkCli ACL text, following ZooKeeper 3.8.0
// (ZooKeeperServer.checkACL, PrepRequestProcessor.fixupACL, Digest/IPAuthenticationProvider,
// cli/AclParser, ZKUtil). Pure: no I/O, no clocks.
#include "data/acl.hpp"

#include <openssl/evp.h>

#include <array>
#include <optional>

namespace zs {

AclList open_acl_unsafe() { return {Acl{perms::kAll, Id{"world", "anyone"}}}; }
AclList creator_all_acl() { return {Acl{perms::kAll, Id{"auth", ""}}}; }
AclList read_acl_unsafe() { return {Acl{perms::kRead, Id{"world", "anyone"}}}; }

namespace {

// java.lang.String.split with a single-character separator. limit > 0: at most `limit`
// pieces; limit == 0: trailing empty pieces dropped; limit < 0: everything kept. An input
// without the separator yields itself.
std::vector<std::string> java_split(std::string_view s, char sep, int limit) {
  std::vector<std::string> out;
  std::size_t start = 0;
  bool matched = false;
  while (true) {
    if (limit > 0 && static_cast<int>(out.size()) == limit - 1) break;
    std::size_t pos = s.find(sep, start);
    if (pos == std::string_view::npos) break;
    matched = true;
    out.emplace_back(s.substr(start, pos - start));
    start = pos + 1;
  }
  if (!matched) return {std::string(s)};
  out.emplace_back(s.substr(start));
  if (limit == 0) {
    while (!out.empty() && out.back().empty()) out.pop_back();
  }
  return out;
}

// Integer.parseInt: optional sign then ASCII digits, within int32.
std::optional<std::int32_t> java_parse_int(std::string_view s) {
  if (s.empty()) return std::nullopt;
  bool neg = false;
  std::size_t i = 0;
  if (s[0] == '+' || s[0] == '-') {
    neg = s[0] == '-';
    i = 1;
    if (s.size() == 1) return std::nullopt;
  }
  std::int64_t v = 0;
  for (; i < s.size(); ++i) {
    if (s[i] < '0' || s[i] > '9') return std::nullopt;
    v = v * 10 + (s[i] - '0');
    if (v > 2147483648LL) return std::nullopt;
  }
  if (neg) v = -v;
  if (v > 2147483647LL || v < -2147483648LL) return std::nullopt;
  return static_cast<std::int32_t>(v);
}

// IPAuthenticationProvider.v4addr2Bytes (the only form 3.8.0 understands).
std::optional<std::array<std::uint8_t, 4>> v4_bytes(std::string_view addr) {
  auto parts = java_split(addr, '.', -1);
  if (parts.size() != 4) return std::nullopt;
  std::array<std::uint8_t, 4> b{};
  for (std::size_t i = 0; i < 4; ++i) {
    auto v = java_parse_int(parts[i]);
    if (!v || *v < 0 || *v > 255) return std::nullopt;
    b[i] = static_cast<std::uint8_t>(*v);
  }
  return b;
}

void mask_bits(std::array<std::uint8_t, 4>& b, int bits) {
  for (int i = 0; i < 4; ++i) {
    int keep = bits - i * 8;  // bits of this byte to keep
    if (keep >= 8) continue;
    if (keep <= 0) {
      b[i] = 0;
    } else {
      b[i] = static_cast<std::uint8_t>(b[i] & (0xFF << (8 - keep)));
    }
  }
}

// Parses "addr[/bits]" as the ip provider does; nullopt when isValid would say false.
std::optional<std::pair<std::array<std::uint8_t, 4>, int>> ip_expr(std::string_view expr) {
  auto parts = java_split(expr, '/', 2);
  auto addr = v4_bytes(parts[0]);
  if (!addr) return std::nullopt;
  int bits = 32;
  if (parts.size() == 2) {
    auto b = java_parse_int(parts[1]);
    if (!b || *b < 0 || *b > 32) return std::nullopt;
    bits = *b;
  }
  return std::make_pair(*addr, bits);
}

bool ip_matches(std::string_view caller, std::string_view acl_expr) {
  auto e = ip_expr(acl_expr);
  if (!e) return false;
  auto [acl_addr, bits] = *e;
  mask_bits(acl_addr, bits);
  auto remote = v4_bytes(caller);
  if (!remote) return false;
  mask_bits(*remote, bits);
  return *remote == acl_addr;
}

std::string base64_sha1(std::string_view data) {
  unsigned char md[EVP_MAX_MD_SIZE];
  unsigned int md_len = 0;
  int ok = EVP_Digest(data.data(), data.size(), md, &md_len, EVP_sha1(), nullptr);
  ZS_ASSERT(ok == 1);
  std::string out(4 * ((md_len + 2) / 3) + 1, '\0');
  int n = EVP_EncodeBlock(reinterpret_cast<unsigned char*>(out.data()), md, static_cast<int>(md_len));
  out.resize(static_cast<std::size_t>(n));
  return out;
}

// jute's ToStringOutputArchive string escaping.
std::string jute_escape(std::string_view s) {
  std::string out = "'";
  for (char c : s) {
    switch (c) {
      case '\0': out += "%00"; break;
      case '\n': out += "%0A"; break;
      case '\r': out += "%0D"; break;
      case ',': out += "%2C"; break;
      case '}': out += "%7D"; break;
      case '%': out += "%25"; break;
      default: out += c;
    }
  }
  return out;
}

}  // namespace

std::string generate_digest(std::string_view id_password) {
  auto user = id_password.substr(0, id_password.find(':'));
  return std::string(user) + ":" + base64_sha1(id_password);
}

std::string digest_id(std::string_view user, std::string_view password) {
  std::string idp(user);
  idp += ':';
  idp += password;
  return generate_digest(idp);
}

bool provider_exists(std::string_view scheme) { return scheme == "ip" || scheme == "digest"; }

bool provider_is_authenticated(std::string_view scheme) { return scheme == "digest"; }

bool provider_is_valid(std::string_view scheme, std::string_view id) {
  if (scheme == "digest") return java_split(id, ':', 0).size() == 2;
  if (scheme == "ip") return ip_expr(id).has_value();
  return false;
}

bool provider_matches(std::string_view scheme, std::string_view caller_id, std::string_view acl_id) {
  if (scheme == "digest") return caller_id == acl_id;
  if (scheme == "ip") return ip_matches(caller_id, acl_id);
  return false;
}

bool check_acl(const AclList& acl, std::int32_t needed, const AuthInfo& who) {
  if (acl.empty()) return true;
  for (const Id& id : who.ids) {
    if (id.scheme == "super") return true;
  }
  for (const Acl& a : acl) {
    if ((a.perms & needed) == 0) continue;
    if (a.id.scheme == "world" && a.id.id == "anyone") return true;
    if (!provider_exists(a.id.scheme)) continue;
    for (const Id& caller : who.ids) {
      if (caller.scheme == a.id.scheme && provider_matches(a.id.scheme, caller.id, a.id.id)) {
        return true;
      }
    }
  }
  return false;
}

AuthOutcome authenticate(std::string_view scheme, std::string_view auth_bytes, const AuthConfig& config,
                         std::string_view remote_ip) {
  AuthOutcome out;
  if (scheme == "digest") {
    std::string digest = generate_digest(auth_bytes);
    if (!config.super_digest.empty() && digest == config.super_digest) {
      out.ids.push_back(Id{"super", ""});
    }
    out.ids.push_back(Id{"digest", std::move(digest)});
    out.code = Code::Ok;
  } else if (scheme == "ip") {
    out.ids.push_back(Id{"ip", std::string(remote_ip)});
    out.code = Code::Ok;
  } else {
    out.code = Code::AuthFailed;
  }
  return out;
}

void add_auth_id(AuthInfo& who, const Id& id) {
  for (const Id& have : who.ids) {
    if (have == id) return;
  }
  who.ids.push_back(id);
}

AclFixup fix_acl(const AclList& acl, const AuthInfo& who) {
  AclList uniq;
  for (const Acl& a : acl) {
    bool seen = false;
    for (const Acl& u : uniq) seen = seen || u == a;
    if (!seen) uniq.push_back(a);
  }
  AclFixup out;
  if (uniq.empty()) return AclFixup{Code::InvalidAcl, {}};
  for (const Acl& a : uniq) {
    if (a.id.scheme == "world" && a.id.id == "anyone") {
      out.acl.push_back(a);
    } else if (a.id.scheme == "auth") {
      bool any = false;
      for (const Id& caller : who.ids) {
        if (provider_exists(caller.scheme) && provider_is_authenticated(caller.scheme)) {
          any = true;
          out.acl.push_back(Acl{a.perms, caller});
        }
      }
      if (!any) return AclFixup{Code::InvalidAcl, {}};
    } else {
      if (!provider_exists(a.id.scheme) || !provider_is_valid(a.id.scheme, a.id.id)) {
        return AclFixup{Code::InvalidAcl, {}};
      }
      out.acl.push_back(a);
    }
  }
  return out;
}

AclList redact_digests(const AclList& acl) {
  AclList out;
  out.reserve(acl.size());
  for (const Acl& a : acl) {
    if (a.id.scheme != "digest") {
      out.push_back(a);
      continue;
    }
    // Java's replaceAll(":.*", ":x"): '.' stops at line terminators, so each line's tail
    // after its first ':' becomes "x".
    std::string r;
    const std::string& s = a.id.id;
    std::size_t i = 0;
    while (i < s.size()) {
      char c = s[i];
      if (c == ':') {
        r += ":x";
        ++i;
        while (i < s.size() && s[i] != '\n' && s[i] != '\r') ++i;
      } else {
        r += c;
        ++i;
      }
    }
    out.push_back(Acl{a.perms, Id{a.id.scheme, r}});
  }
  return out;
}

std::string perm_string(std::int32_t p) {
  std::string s;
  if (p & perms::kCreate) s += 'c';
  if (p & perms::kDelete) s += 'd';
  if (p & perms::kRead) s += 'r';
  if (p & perms::kWrite) s += 'w';
  if (p & perms::kAdmin) s += 'a';
  return s;
}

std::int32_t parse_perms(std::string_view s, std::vector<std::string>* warnings) {
  std::int32_t p = 0;
  for (char c : s) {
    switch (c) {
      case 'r': p |= perms::kRead; break;
      case 'w': p |= perms::kWrite; break;
      case 'c': p |= perms::kCreate; break;
      case 'd': p |= perms::kDelete; break;
      case 'a': p |= perms::kAdmin; break;
      default:
        if (warnings) warnings->push_back(std::string("Unknown perm type: ") + c);
    }
  }
  return p;
}

AclList parse_acl(std::string_view text, std::vector<std::string>* warnings) {
  AclList out;
  for (const std::string& a : java_split(text, ',', 0)) {
    std::size_t first = a.find(':');
    std::size_t last = a.rfind(':');
    if (first == std::string::npos || first == last) {
      if (warnings) warnings->push_back(a + " does not have the form scheme:id:perm");
      continue;
    }
    Acl acl;
    acl.id = Id{a.substr(0, first), a.substr(first + 1, last - first - 1)};
    acl.perms = parse_perms(std::string_view(a).substr(last + 1), warnings);
    out.push_back(std::move(acl));
  }
  return out;
}

std::string to_cli(const AclList& acl) {
  std::string out;
  for (const Acl& a : acl) {
    out += jute_escape(a.id.scheme);
    out += ',';
    out += jute_escape(a.id.id);
    out += "\n: ";
    out += perm_string(a.perms);
    out += '\n';
  }
  return out;
}

std::string acl_to_string(const AclList& acl) {
  std::string out;
  for (const Acl& a : acl) {
    out += a.id.scheme + ":" + a.id.id + ":" + perm_string(a.perms);
  }
  return out;
}

}  // namespace zs

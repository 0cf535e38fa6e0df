// libFuzzer target for the connect-string and auth-spec parsers: any bytes either parse into
// something that prints back to itself, or give an error with a message.
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <string_view>

#include "wire/connect_string.hpp"

namespace {

void require(bool ok, const char* what) {
  if (ok) return;
  std::fprintf(stderr, "fuzz_connect_string: property broken: %s\n", what);
  __builtin_trap();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  auto cs = zs::wire::parse_connect_string(text);
  if (cs.ok()) {
    require(!cs->hosts.empty(), "an accepted connect string has no host");
    for (const auto& h : cs->hosts) require(!h.host.empty() && h.port > 0, "empty host or port 0");
    require(cs->chroot.empty() || zs::wire::path_problem(cs->chroot).empty(), "bad chroot kept");
    auto again = zs::wire::parse_connect_string(cs->text());
    require(again.ok() && again.value() == cs.value(), "text() does not parse back to itself");
  } else {
    require(!cs.error().message.empty(), "a rejection has an empty message");
  }
  auto auth = zs::wire::parse_auth_spec(text);
  if (auth.ok()) {
    require(!auth->scheme.empty() && !auth->auth.empty(), "accepted auth with empty part");
  } else {
    require(!auth.error().message.empty(), "a rejection has an empty message");
  }
  return 0;
}

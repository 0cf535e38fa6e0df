// libFuzzer target for the action language (engine/run/action.hpp), the one parser behind
// `zooscope sim --do`, run files' "do" and lab steps: arbitrary bytes go to parse_action in
// both chance scales. A crash, a sanitizer report, an escaping exception or a broken
// property below is a bug:
// - a rejection says what is wrong and how to write it (message and hint not empty);
// - an accepted action's text reads back to an action with the very same text.
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <string>
#include <string_view>

#include "run/action.hpp"

namespace {

void require(bool ok, const char* what, std::string_view input) {
  if (ok) return;
  std::fprintf(stderr, "fuzz_action: property broken: %s (input \"%.*s\")\n", what,
               static_cast<int>(input.size()), input.data());
  __builtin_trap();
}

void check(std::string_view input, bool whole_percent) {
  const auto parsed = zs::run::parse_action(input, whole_percent);
  if (!parsed) {
    require(!parsed.error().message.empty(), "a rejection has an empty message", input);
    require(!parsed.error().hint.empty(), "a rejection has no hint", input);
    return;
  }
  const std::string text = zs::run::to_text(parsed.value());
  const auto again = zs::run::parse_action(text, whole_percent);
  require(again.ok(), "an accepted action's own text does not parse", input);
  require(zs::run::to_text(again.value()) == text, "an action's text does not read back to itself", input);
  (void)zs::run::sids_of(again.value());
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view input(reinterpret_cast<const char*>(data), size);
  check(input, true);
  check(input, false);
  return 0;
}

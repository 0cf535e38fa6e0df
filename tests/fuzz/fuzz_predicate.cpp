// libFuzzer target for the labs' condition language (engine/lab/predicate.hpp), what every
// `until` and `expect` of a lab file is read with: arbitrary bytes go to parse_predicate. A
// crash, a sanitizer report, an escaping exception or a broken property below is a bug:
// - a rejection says what is wrong and how to write it (message and hint not empty);
// - an accepted condition's text reads back to a condition with the very same text.
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <string>
#include <string_view>

#include "lab/predicate.hpp"

namespace {

void require(bool ok, const char* what, std::string_view input) {
  if (ok) return;
  std::fprintf(stderr, "fuzz_predicate: property broken: %s (input \"%.*s\")\n", what,
               static_cast<int>(input.size()), input.data());
  __builtin_trap();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view input(reinterpret_cast<const char*>(data), size);
  const auto parsed = zs::lab::parse_predicate(input);
  if (!parsed) {
    require(!parsed.error().message.empty(), "a rejection has an empty message", input);
    require(!parsed.error().hint.empty(), "a rejection has no hint", input);
    return 0;
  }
  const std::string text = zs::lab::to_text(parsed.value());
  const auto again = zs::lab::parse_predicate(text);
  require(again.ok(), "an accepted condition's own text does not parse", input);
  require(zs::lab::to_text(again.value()) == text, "a condition's text does not read back to itself", input);
  (void)zs::lab::sids_of(again.value());
  return 0;
}

// libFuzzer target for the four-letter words' and the AdminServer's answers: arbitrary bytes go
// to classify_four_letter (as the answer to every word zooscope sends), to every 4lw parser
// and to every AdminServer parser (as a 200 and as a 500 body). A crash, a sanitizer report,
// an escaping exception or a broken property below is a bug.
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <string>
#include <string_view>
#include <vector>

#include "wire/admin_json.hpp"
#include "wire/four_letter.hpp"

namespace {

void require(bool ok, const char* what) {
  if (ok) return;
  std::fprintf(stderr, "fuzz_four_letter: property broken: %s\n", what);
  __builtin_trap();
}

// A 4lw parser's rejection names the word and a line, and says something.
template <class R>
void check_4lw(const R& r) {
  if (r.ok()) return;
  require(!r.error().message.empty(), "a 4lw rejection has an empty message");
  require(!r.error().file.empty(), "a 4lw rejection does not name its word");
  require(r.error().line >= 1, "a 4lw rejection does not name a line");
}

// An AdminServer answer: an error names the command; a state that is not Ok has no value,
// and Ok has one.
template <class R>
void check_admin(const R& r) {
  if (!r.ok()) {
    require(!r.error().message.empty(), "an admin rejection has an empty message");
    require(r.error().file.rfind("/commands/", 0) == 0, "an admin rejection names no command");
    return;
  }
  const auto& a = r.value();
  if (a.status.state == zs::wire::AdminState::Ok) {
    require(a.value.has_value(), "an Ok admin answer has no value");
  } else {
    require(!a.value.has_value(), "a failed admin answer has a value");
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace zs::wire;
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  for (std::string_view word : {"srvr", "stat", "mntr", "conf", "cons", "wchs", "dump", "envi",
                                "ruok", "isro", "xyzw"}) {
    const FourLetterAnswer a = classify_four_letter(word, text);
    require(a.kind != FourLetterKind::NotZooKeeper || !a.description.empty(),
            "NotZooKeeper without a description");
    require((a.kind == FourLetterKind::Empty) == text.empty(), "Empty iff no bytes");
  }
  auto srvr = parse_srvr(text);
  check_4lw(srvr);
  if (srvr.ok()) require(srvr->clients.empty() || srvr->has_clients, "clients without a block");
  auto mntr = parse_mntr(text);
  check_4lw(mntr);
  if (mntr.ok()) require(mntr->server_state().has_value(), "mntr accepted without a state");
  check_4lw(parse_conf(text));
  check_4lw(parse_cons(text));
  check_4lw(parse_wchs(text));
  check_4lw(parse_dump(text));
  check_4lw(parse_envi(text));
  check_4lw(parse_ruok(text));
  check_4lw(parse_isro(text));
  for (int status : {200, 500}) {
    check_admin(parse_admin_voting_view(status, text));
    check_admin(parse_admin_zabstate(status, text));
    check_admin(parse_admin_leader(status, text));
    check_admin(parse_admin_monitor(status, text));
    check_admin(parse_admin_connections(status, text));
    check_admin(parse_admin_stats(status, text));
  }
  // The hint from words cut out of the input never holds anything but a-z, ',' and '='.
  std::vector<std::string> words;
  for (std::size_t i = 0; i + 4 <= text.size() && words.size() < 8; i += 4) {
    words.emplace_back(text.substr(i, 4));
  }
  const std::string hint = whitelist_hint(words);
  for (char c : hint) {
    require((c >= 'a' && c <= 'z') || c == ',' || c == '=' || c == '.' || c == '4',
            "the whitelist hint holds a character no zoo.cfg word has");
  }
  return 0;
}

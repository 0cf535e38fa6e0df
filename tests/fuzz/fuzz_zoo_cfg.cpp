// libFuzzer target for the zoo.cfg parser: arbitrary bytes go to parse_zoo_cfg (no myid
// file is read, so no file system is touched) and, when they parse, to ensemble_from.
// A crash, a sanitizer report, an escaping exception or a broken property below is a bug.
//
// A line "%%" splits the input into several files (zoo1.cfg, zoo2.cfg, ...), so the
// one-file-per-server checks of ensemble_from are reached too.
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <string>
#include <string_view>
#include <vector>

#include "config/config.hpp"

namespace {

constexpr std::string_view kFileSeparator = "\n%%\n";
constexpr std::size_t kMaxFiles = 4;

// Like an assert, but also in the fuzz build's release flags, and with a line to read.
void require(bool ok, const char* what) {
  if (ok) return;
  std::fprintf(stderr, "fuzz_zoo_cfg: property broken: %s\n", what);
  __builtin_trap();
}

// What the user is told must say something: a rejection with an empty message is useless.
void check_error(const zs::Error& e) {
  require(!e.message.empty(), "a rejection has an empty Error::message");
}

void check_warnings(const std::vector<zs::config::Warning>& warnings) {
  for (const zs::config::Warning& w : warnings) {
    require(!w.message.empty(), "a warning has an empty message");
  }
}

// EnsembleConfig::servers: "sorted by sid, unique sids"; an accepted ensemble has a voter.
void check_ensemble(const zs::config::EnsembleConfig& ens) {
  require(!ens.servers.empty(), "an accepted ensemble has no servers");
  for (std::size_t i = 1; i < ens.servers.size(); ++i) {
    require(ens.servers[i - 1].sid < ens.servers[i].sid,
            "ensemble servers are not sorted by unique sid");
  }
  require(ens.voter_count() >= 1, "an accepted ensemble has no participant");
  check_warnings(ens.warnings);
}

std::vector<std::string_view> split_files(std::string_view text) {
  std::vector<std::string_view> files;
  while (files.size() + 1 < kMaxFiles) {
    std::size_t at = text.find(kFileSeparator);
    if (at == std::string_view::npos) break;
    files.push_back(text.substr(0, at + 1));
    text.remove_prefix(at + kFileSeparator.size());
  }
  files.push_back(text);
  return files;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  std::vector<zs::config::ZooCfg> parsed;
  std::size_t index = 0;
  for (std::string_view file : split_files(text)) {
    ++index;
    const std::string path = "zoo" + std::to_string(index) + ".cfg";
    auto cfg = zs::config::parse_zoo_cfg(file, path, /*read_myid_file=*/false);
    if (!cfg.ok()) {
      check_error(cfg.error());
      continue;
    }
    check_warnings(cfg->warnings);
    parsed.push_back(std::move(cfg).value());
  }
  if (parsed.empty()) return 0;
  auto ens = zs::config::ensemble_from(parsed);
  if (!ens.ok()) {
    check_error(ens.error());
    return 0;
  }
  check_ensemble(ens.value());
  return 0;
}

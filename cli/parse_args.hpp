// One way for every subcommand to parse its flags with CLI11 and report a bad one.
#pragma once

#include <CLI/CLI.hpp>
#include <optional>
#include <ostream>
#include <string>
#include <string_view>

namespace zs::cli {

// Parses argv with `app`. nullopt: go on. Otherwise the exit code: 0 after --help (printed to
// `out`), 2 after a parse error, printed to `err` as
// "zooscope <command>: <what>\n[usage: <usage> ](see zooscope <command> --help)\n".
inline std::optional<int> parse_or_exit(CLI::App& app, int argc, char** argv, std::string_view command,
                                        std::ostream& out, std::ostream& err, std::string_view usage = {}) {
  try {
    app.parse(argc, argv);
  } catch (const CLI::CallForHelp&) {
    out << app.help();
    return 0;
  } catch (const CLI::ParseError& e) {
    err << "zooscope " << command << ": " << e.what() << "\n";
    if (!usage.empty()) err << "usage: " << usage << " ";
    err << "(see zooscope " << command << " --help)\n";
    return 2;
  }
  return std::nullopt;
}

}  // namespace zs::cli

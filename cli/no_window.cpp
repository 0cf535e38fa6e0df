// window_main in a build without the window (-DZS_BUILD_GUI=OFF): every window option gets
// the same clear answer, and --help says what this build can do.
#include <iostream>
#include <string_view>

#include "window_entry.hpp"

namespace zs::app {

bool has_window() { return false; }

int window_main(int argc, char** argv) {
  const bool help = argc > 1 && (std::string_view(argv[1]) == "--help" || std::string_view(argv[1]) == "-h");
  std::ostream& out = help ? std::cout : std::cerr;
  out << "zooscope: this build has no window (it was configured with -DZS_BUILD_GUI=OFF), so the window's "
         "options (--scenario, --screenshot, --presenter, ...) are not available.\n"
         "Headless commands: zooscope sim --help, zooscope console --help, zooscope attach --help, zooscope live --help, zooscope bench --help "
         "(zooscope sim --scenario NAME runs a scenario without a window).\n";
  return help ? 0 : 2;
}

}  // namespace zs::app

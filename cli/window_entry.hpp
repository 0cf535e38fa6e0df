// The window, as the zooscope executable sees it: gui/window_main.cpp in a build with the
// window, cli/no_window.cpp in one without (-DZS_BUILD_GUI=OFF). cli/main.cpp runs a headless
// subcommand when argv names one and calls window_main otherwise.
#pragma once

namespace zs::app {

// True when this build can open the window.
bool has_window();
// Parses the window's options and opens it; returns the exit code.
int window_main(int argc, char** argv);

}  // namespace zs::app

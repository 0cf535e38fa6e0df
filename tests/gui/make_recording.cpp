// make_recording FILE: writes the story recording (recording_story.hpp) to FILE, for the
// recorded-run screenshots (zooscope --replay FILE).
#include <iostream>

#include "recording_story.hpp"

int main(int argc, char** argv) {
  if (argc != 2) {
    std::cerr << "usage: make_recording FILE\n";
    return 2;
  }
  const std::string error = zs::gui::test::write_story_recording(argv[1]);
  if (!error.empty()) {
    std::cerr << "make_recording: " << error << "\n";
    return 1;
  }
  std::cout << "make_recording: wrote " << argv[1] << "\n";
  return 0;
}

// Keys tapped between two frames. ImGui 1.86 (Debian 12's) reads the keyboard as
// io.KeysDown[] once per frame, so a key pressed and let go between two frames (what a
// presenter's clicker sends, or xdotool) was never seen: Space did not play. KeyTaps notes
// each press the GLFW key callback reports and, when the key is already up again by the
// frame, holds it down for that one frame, so ImGui sees a press and then a release.
#pragma once

#include <vector>

struct GLFWwindow;

namespace zs::gui {

class KeyTaps {
 public:
  // The key callback saw GLFW_PRESS, or GLFW_RELEASE, for `key`.
  void pressed(int key);
  void released(int key);
  // Once per frame after the events were polled: a key pressed since the last call but up
  // now is set down for this frame; a key held down that way last frame is let go, and if it
  // was tapped again meanwhile, set down again the frame after (two taps, two presses).
  void apply(bool* keys_down, int count);

 private:
  std::vector<int> pressed_;   // since the last apply
  std::vector<int> down_;      // physically down now
  std::vector<int> held_;      // set down by the last apply
  std::vector<int> deferred_;  // tapped again while held: set down by the next apply
};

// Installs the key callback that feeds KeyTaps; call before ImGui_ImplGlfw_InitForOpenGL,
// which chains its own callback to it.
void install_key_taps(GLFWwindow* window, KeyTaps* taps);

}  // namespace zs::gui

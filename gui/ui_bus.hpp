// What the user asked for during a frame. Views post; the driver takes the events after the
// frame is drawn and applies them, so nothing changes the model mid-draw.
#pragma once

#include <utility>
#include <variant>
#include <vector>

#include "core/types.hpp"

namespace zs::gui {

struct CrashServer { Sid sid = 0; };    // right-click menu on a server
struct RestartServer { Sid sid = 0; };  // right-click menu on a crashed server
struct SetPaused { bool paused = false; };
struct SetSpeed { float speed = 1.0f; };  // virtual ms per real ms
struct SetHidePings { bool hide = true; };  // the trace panel's PING filter

using UiEvent = std::variant<CrashServer, RestartServer, SetPaused, SetSpeed, SetHidePings>;

class UiBus {
 public:
  void post(UiEvent e) { events_.push_back(e); }
  std::vector<UiEvent> take() { return std::exchange(events_, {}); }
  const std::vector<UiEvent>& pending() const { return events_; }

 private:
  std::vector<UiEvent> events_;
};

}  // namespace zs::gui

// What the user asked for during a frame. Views post; the driver takes the events after the
// frame is drawn and applies them, so nothing changes the model mid-draw.
//
// Two families: hand actions change the simulated world (crash, cut a link, a console line);
// the driver records them with the moment they happened, so a run can be saved, replayed
// exactly and forked. Everything else navigates or changes how things are shown.
#pragma once

#include <cstdint>
#include <string>
#include <utility>
#include <variant>
#include <vector>

#include "core/types.hpp"

namespace zs::gui {

// ---- hand actions (recorded, replayed) ---------------------------------------------------
struct CrashServer { Sid sid = 0; };    // right-click menu on a server
struct RestartServer { Sid sid = 0; };  // right-click menu on a crashed server
struct IsolateServer { Sid sid = 0; };  // cut every link to and from it
struct HealAll {};                       // every cut link heals
struct CutLink { Sid from = 0; Sid to = 0; };   // one direction
struct HealLink { Sid from = 0; Sid to = 0; };  // one direction
// Loss and latency of one directed link, or of every link when from == 0.
struct SetLinkParams {
  Sid from = 0;
  Sid to = 0;
  int loss_percent = 0;
  Ms latency_min_ms = 1;
  Ms latency_max_ms = 5;
};
// A client on `sid` creates `count` persistent sequential nodes /write-NNNNNNNNNN at once.
struct WriteButton {
  Sid sid = 0;
  int count = 1;
};
struct ConsoleLine { Sid sid = 0; std::string line; };  // the console on server `sid`
// The zkCli process of the console on `sid` dies: its session expires later at the leader,
// taking its ephemeral nodes with it. The next line on `sid` starts a new zkCli.
struct KillClient { Sid sid = 0; };

// ---- navigation and display ----------------------------------------------------------------
struct SetPaused { bool paused = false; };
struct SetSpeed { float speed = 1.0f; };  // virtual ms per real ms
struct SetHidePings { bool hide = true; };  // the trace panel's PING filter
struct StepForward {};
struct StepBack {};
struct NextStateChange {};             // run until some server changes state
struct SeekEvent { std::uint64_t index = 0; };  // the moment after event `index`
struct SeekTime { Ms at = 0; };                  // the last event at or before `at`
struct SelectServer { Sid sid = 0; };            // the server the tree and console show
struct NewEnsemble { int servers = 3; int observers = 0; std::uint64_t seed = 1; };
struct OpenConfig { std::string path; };  // a zoo.cfg: a new run with its ensemble
struct ResetRun {};  // the same ensemble and seed from time 0, without hand actions
struct SaveRun { std::string path; };
struct LoadRun { std::string path; };
struct SwitchBranch { std::size_t index = 0; };  // a future left behind by a what-if
struct DiscardBranches {};
struct SetLanguage { std::string lang; };
struct SetPresenter { bool on = false; float scale = 1.75f; };
struct ExportTimelineSvg { std::string path; };
struct ExportPng { std::string path; };

using UiEvent =
    std::variant<CrashServer, RestartServer, IsolateServer, HealAll, CutLink, HealLink,
                 SetLinkParams, WriteButton, ConsoleLine, KillClient, SetPaused, SetSpeed, SetHidePings,
                 StepForward, StepBack, NextStateChange, SeekEvent, SeekTime, SelectServer,
                 NewEnsemble, OpenConfig, ResetRun, SaveRun, LoadRun, SwitchBranch, DiscardBranches,
                 SetLanguage, SetPresenter, ExportTimelineSvg, ExportPng>;

// The hand actions, the only events a run file holds.
using HandAction = std::variant<CrashServer, RestartServer, IsolateServer, HealAll, CutLink,
                                HealLink, SetLinkParams, WriteButton, ConsoleLine, KillClient>;

class UiBus {
 public:
  void post(UiEvent e) { events_.push_back(std::move(e)); }
  std::vector<UiEvent> take() { return std::exchange(events_, {}); }
  const std::vector<UiEvent>& pending() const { return events_; }

 private:
  std::vector<UiEvent> events_;
};

}  // namespace zs::gui

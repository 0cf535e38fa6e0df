// What the user asked for during a frame. Views post; the driver takes the events after the
// frame is drawn and applies them, so nothing changes the model mid-draw.
//
// Two families: hand actions change the simulated world (crash, cut a link, a console line);
// the driver records them with the moment they happened, so a run can be saved, replayed
// exactly and forked. Everything else navigates or changes how things are shown.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <variant>
#include <vector>

#include "core/types.hpp"
#include "run/action.hpp"
#include "trace/trace.hpp"

namespace zs::gui {

// ---- hand actions (recorded, replayed): the run's action language (engine/run/action.hpp)
using run::StartServer;    // a server not started yet (a run file's or a lab's start order)
using run::CrashServer;    // right-click menu on a server
using run::RestartServer;  // right-click menu on a crashed server
using run::IsolateServer;  // cut every link to and from it
using run::HealAll;        // every cut link heals
using run::CutLink;        // one direction
using run::HealLink;       // one direction
using run::SetLinkParams;  // latency and loss of one directed link, or of every link (from == 0)
using run::Partition;
using run::SetLoss;
using run::WriteButton;    // a client on `sid` creates `count` /write- nodes at once
using run::ConsoleLine;    // the console on server `sid`
using run::KillClient;     // the console's zkCli dies; the next line on `sid` starts a new one
using run::PresetZxid;

// ---- navigation and display ----------------------------------------------------------------
struct SetPaused { bool paused = false; };
struct SetSpeed { float speed = 1.0f; };  // virtual ms per real ms, kMinSpeed..kMaxSpeed
inline constexpr float kMinSpeed = 0.01f;
inline constexpr float kMaxSpeed = 100.0f;
struct SetHidePings { bool hide = true; };  // the trace panel's PING filter
// While a message other than a PING is on its way, time goes kFlightPace times slower, so
// a message is seen to travel even when the rest of the run races.
struct SetSlowMotion { bool on = true; };
struct StepForward {};
struct StepBack {};
struct NextStateChange {};             // run until some server changes state
struct SeekEvent { std::uint64_t index = 0; };  // the moment after event `index`
struct SeekTime { Ms at = 0; };                  // the last event at or before `at`
// The server the tree and console show. A click on a client node also brings its side tab
// (`tab`: "console") to the front and selects that client (its ephemerals marked in the tree);
// without `client` the client selection stays.
struct SelectServer {
  SelectServer() = default;
  SelectServer(Sid s, std::string show_tab = {}, std::optional<std::int32_t> select_client = {})
      : sid(s), tab(std::move(show_tab)), client(select_client) {}
  Sid sid = 0;
  std::string tab;
  std::optional<std::int32_t> client;
};
// The message whose causes and effects are highlighted (a click on an arrow or a dot; id 0,
// Esc or a click on empty space: none). sent_at < 0: found by its id alone (--select-message).
struct SelectMessage { MessageId id = 0; Ms sent_at = -1; };
struct NewEnsemble { int servers = 3; int observers = 0; std::uint64_t seed = 1; };
struct OpenConfig { std::string path; };  // a zoo.cfg: a new run with its ensemble
struct OpenScenario { std::string name; };  // a built-in scenario, at its start
struct CloseScenarioCard {};                  // the run stays; only its card goes
struct ResetRun {};  // the same ensemble and seed from time 0, without hand actions
struct SaveRun { std::string path; };
struct LoadRun { std::string path; };
struct SwitchBranch { std::size_t index = 0; };  // a future left behind by a what-if
struct DiscardBranches {};
struct SetLanguage { std::string lang; };
struct SetPresenter { bool on = false; float scale = 1.75f; };
struct ExportTimelineSvg { std::string path; };
struct ExportPng { std::string path; };

// ---- a real ensemble (engine/attach) ---------------------------------------------------------
// Watch the ZooKeeper servers of `connect_string` ("h1:2181,h2:2181[/chroot]") instead of the
// simulated run, which waits as it is until Detach. `auth` is "" or "digest:user:password"
// (zkCli's addauth form); `refresh_ms` is how often the four-letter words are asked.
struct AttachTo {
  std::string connect_string;
  std::string auth;
  std::int32_t refresh_ms = 1000;
  std::string record = {};  // "" or a file the attach is written to from its start (RecordAttach)
};
// The refresh periods an attach may ask for (AttachTo::refresh_ms is clamped to them).
inline constexpr std::int32_t kMinRefreshMs = 200;
inline constexpr std::int32_t kMaxRefreshMs = 60000;
struct Detach {};  // back to the simulated run, as it was (also closes a recording shown)
// Writes the attach on screen to a recording at `path` (attach/recording.hpp) until
// StopRecording, Detach or another RecordAttach; only while attached live.
struct RecordAttach { std::string path; };
struct StopRecording {};

// ---- a recording of an attach, reopened (attach::RecordedSource) ------------------------------
// Opens a recording instead of the run on screen (which waits, as during an attach); a file
// that does not open leaves everything as it was, its error in the notice.
struct OpenRecording { std::string path; };
struct SeekRecorded { std::int64_t at_ms = 0; };  // wall clock, ms since 1970 (clamped to the recording)
struct JumpChange { bool forward = true; };       // to the next (or previous) observed change
// How fast a recording plays: recorded seconds per real second (1, 10, 60).
struct SetRecordedSpeed { float speed = 1.0f; };

// ---- labs (gui/lab_session.hpp) ---------------------------------------------------------------
struct LabOpen { std::string id; };  // a lab of the list (by id): its run replaces the window's
struct LabClose {};                  // back to the run the window had before the lab
struct LabNext {};                   // ask the next step's question, or play it to its pause
struct LabBack {};                   // back to the previous pause, exactly
struct LabAnswer { std::int64_t pick = 0; };  // a server id, or a choice number (1..n)
struct LabSlowMotion { float factor = 1.0f; };  // 0.25..4: how slowly a step replays

using UiEvent =
    std::variant<StartServer, CrashServer, RestartServer, IsolateServer, HealAll, CutLink, HealLink,
                 SetLinkParams, Partition, SetLoss, WriteButton, ConsoleLine, KillClient, PresetZxid, SetPaused, SetSpeed, SetHidePings, SetSlowMotion,
                 StepForward, StepBack, NextStateChange, SeekEvent, SeekTime, SelectServer, SelectMessage,
                 NewEnsemble, OpenConfig, OpenScenario, CloseScenarioCard, ResetRun, SaveRun, LoadRun, SwitchBranch, DiscardBranches,
                 SetLanguage, SetPresenter, ExportTimelineSvg, ExportPng, LabOpen, LabClose, LabNext, LabBack,
                 LabAnswer, LabSlowMotion, AttachTo, Detach, RecordAttach, StopRecording, OpenRecording,
                 SeekRecorded, JumpChange, SetRecordedSpeed>;

// The hand actions, the only events a run file holds.
using HandAction = run::Action;

class UiBus {
 public:
  void post(UiEvent e) { events_.push_back(std::move(e)); }
  std::vector<UiEvent> take() { return std::exchange(events_, {}); }
  const std::vector<UiEvent>& pending() const { return events_; }

 private:
  std::vector<UiEvent> events_;
};

}  // namespace zs::gui

// What an attach observed, in the window's language: one observed change as a line (composed
// from its parts with the language file's patterns; in English exactly what
// attach::ObservedEvent::text and `zooscope attach` print), and the line that marks a
// recording as recorded, not live, wherever it is shown.
#pragma once

#include <cstdint>
#include <string>

#include "cluster_view.hpp"

namespace zs::gui {

// "127.0.0.1:2182 mode follower -> leader" / "127.0.0.1:2182 角色 Follower -> Leader".
std::string change_text(const view::AttachedChange& c);

// "2026-12-07 16:20:01": the local date and time of a wall-clock ms since 1970.
std::string wall_date_time_text(std::int64_t ms);

// "Recorded 2026-12-07 16:20:01 – 16:35:12, not live" (the end's date too when it is another
// day; ", ended without closing" when the file ends where zooscope was stopped). "" when `a`
// is not a recording.
std::string recorded_banner(const view::AttachedModel& a);

// Where Record… proposes to write: ~/zooscope-attach-YYYYMMDD-HHMMSS.jsonl.gz at `now_ms`
// (local time), in the user's home ($HOME; the working directory without one).
std::string default_recording_path(std::int64_t now_ms);
// `path` with a leading "~/" as the shell would expand it ($HOME), else unchanged.
std::string expand_home(const std::string& path);

// The banner when it fits in `width` (ImGui's current font), else "Recorded, not live".
std::string recorded_banner_within(const view::AttachedModel& a, float width);

// The banner in the warning colour, with its tooltip (what a recording is and is not).
void draw_recorded_banner(const view::AttachedModel& a);

}  // namespace zs::gui

// Colours and fonts the views share.
#pragma once

#include <imgui.h>

#include <string_view>

#include "trace/trace.hpp"  // PeerStatus

namespace zs::gui {

// DOWN grey, LOOKING amber, FOLLOWING blue, LEADING green, OBSERVING purple.
ImU32 status_color(PeerStatus s);

inline constexpr ImU32 kTextOnColor = IM_COL32(20, 20, 20, 255);
inline constexpr ImU32 kWarnColor = IM_COL32(255, 191, 0, 255);
inline constexpr ImU32 kErrorColor = IM_COL32(240, 90, 80, 255);
inline constexpr ImU32 kDimColor = IM_COL32(150, 150, 150, 255);
// A server's timer (finalizeWait, the notification poll, initLimit/syncLimit): a ring that
// drains around its circle.
inline constexpr ImU32 kWaitColor = IM_COL32(120, 255, 220, 255);

// An observed change of an attached ensemble by its kind ("mode", "leader", "epoch",
// "status", "znode", "session"): leader changes green, epochs amber, status red, the rest dim.
ImU32 change_color(std::string_view kind);

// Presenter mode: black background, white text, saturated accents, thicker borders.
void style_high_contrast(ImGuiStyle& style);
// Line widths in the diagrams scale with the presenter scale (1 normally).
void set_line_scale(float scale);
float line_scale();

// A monospaced font for the trace, or nullptr to use the default font (set by the app after
// it built the font atlas; tests leave it unset).
void set_mono_font(ImFont* font);
ImFont* mono_font();
// A larger font for the lab card (read from the back of the room), or nullptr (the default
// font, as in tests).
void set_large_font(ImFont* font);
ImFont* large_font();

}  // namespace zs::gui

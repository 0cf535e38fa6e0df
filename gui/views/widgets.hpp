// Small ImGui pieces the views share: translated patterns with fields, one-sentence tooltips,
// table headers with help, colour swatches.
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <string_view>
#include <utility>

#include <fmt/format.h>
#include <imgui.h>

namespace zs::gui {

// A translated pattern with {0}, {1}... filled in; a broken translation shows as written
// rather than throwing mid-frame.
template <class... Args>
std::string fill(const char* pattern, Args&&... args) {
  try {
    return fmt::format(fmt::runtime(pattern), std::forward<Args>(args)...);
  } catch (const fmt::format_error&) {
    return pattern;
  }
}

// `text` with a '\n' at each line break so no line is wider than `width` (advance(c): the
// width of character c). Chinese wraps at any character, as Chinese typesetting does, except
// before closing punctuation (，。、：；？！）” …) and after opening punctuation (（“ …);
// Latin words wrap at spaces and stay whole, and a word keeps the number after it ("epoch 2").
// Spaces where a line breaks are dropped; a word longer than a line is cut anywhere.
std::string break_lines(std::string_view text, float width, const std::function<float(unsigned)>& advance);

// ImGui::TextWrapped with break_lines(): wraps at the wrap position pushed
// (PushTextWrapPos), else at the content region's right edge. Its characters are passed to
// need_glyphs() (text from outside the language files shows too).
void text_wrapped(std::string_view text);
void text_wrapped_colored(ImU32 col, std::string_view text);

// A wrapped tooltip for the last item while it is hovered.
void help_tooltip(const char* text);
// The same for a disabled item (BeginDisabled): why it cannot be used here.
void why_disabled(const char* text);
void help_tooltip_if(bool show, const char* text);
// A table header cell with a one-sentence tooltip.
void table_header(int column, const char* label, const char* help);
// A small filled square in `col`, one text line high.
void swatch(ImU32 col);
// Puts the next item, `width` wide, on the current row, or on a new row when it would run
// past the window's right edge (a row of controls in a narrow pane).
void same_line_or_wrap(float width, float spacing = -1.0f);
// The width of a checkbox or a button with this label.
float checkbox_width(const char* label);
float button_width(const char* label);
// Text on one line, `max_w` wide at most (the rest of the row when 0): when it is wider it
// ends in an ellipsis and the whole text is its tooltip. Never cut at the pane's edge.
void text_ellipsis(const char* text, float max_w = 0.0f, ImU32 col = 0);

// A wall-clock time (ms since 1970) as the local "HH:MM:SS" (an attached ensemble's changes).
std::string wall_clock_text(std::int64_t ms);

}  // namespace zs::gui

#include "views/widgets.hpp"

#include <algorithm>
#include <ctime>
#include <vector>

#include <imgui_internal.h>  // CalcWrapWidthForPos, RenderTextEllipsis

#include "glyphs.hpp"

namespace zs::gui {
namespace {

// Characters for line breaking (a small part of Unicode's UAX #14 and of the Chinese rules
// for what may not start or end a line).
bool is_wide(unsigned c) {
  return (c >= 0x1100 && c <= 0x115F) || (c >= 0x2E80 && c <= 0x303E) || (c >= 0x3041 && c <= 0x33FF) ||
         (c >= 0x3400 && c <= 0x4DBF) || (c >= 0x4E00 && c <= 0x9FFF) || (c >= 0xA000 && c <= 0xA4CF) ||
         (c >= 0xAC00 && c <= 0xD7A3) || (c >= 0xF900 && c <= 0xFAFF) || (c >= 0xFE30 && c <= 0xFE4F) ||
         (c >= 0xFF00 && c <= 0xFF60) || (c >= 0xFFE0 && c <= 0xFFE6);
}
// No line starts with these.
bool is_closing(unsigned c) {
  switch (c) {
    case ',': case '.': case ';': case ':': case '!': case '?': case ')': case ']': case '}': case '%':
    case 0x3001: case 0x3002: case 0xFF0C: case 0xFF0E: case 0xFF1A: case 0xFF1B: case 0xFF01: case 0xFF1F:
    case 0xFF09: case 0xFF3D: case 0xFF5D: case 0x300D: case 0x300F: case 0x3011: case 0x300B: case 0x3009:
    case 0x3015: case 0x2019: case 0x201D: case 0x2026: case 0x2014: case 0x30FC: case 0xFF05:
      return true;
    default: return false;
  }
}
// No line ends with these.
bool is_opening(unsigned c) {
  switch (c) {
    case '(': case '[': case '{':
    case 0xFF08: case 0xFF3B: case 0xFF5B: case 0x300C: case 0x300E: case 0x3010: case 0x300A: case 0x3008:
    case 0x3014: case 0x2018: case 0x201C:
      return true;
    default: return false;
  }
}
bool is_latin_letter(unsigned c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }
bool is_digit(unsigned c) { return c >= '0' && c <= '9'; }

// One UTF-8 character at s[i]: its code point and where the next one starts.
unsigned next_char(std::string_view s, std::size_t i, std::size_t& next) {
  const auto b0 = static_cast<unsigned char>(s[i]);
  const std::size_t len = b0 >= 0xF0 ? 4 : b0 >= 0xE0 ? 3 : b0 >= 0xC0 ? 2 : 1;
  if (len == 1 || i + len > s.size()) {
    next = i + 1;
    return b0;
  }
  unsigned c = b0 & (0x7Fu >> len);
  for (std::size_t k = 1; k < len; ++k) c = (c << 6) | (static_cast<unsigned char>(s[i + k]) & 0x3Fu);
  next = i + len;
  return c;
}

// A piece no line breaks inside (unless it is wider than a line): text [begin, end), then
// the spaces after it up to `after`.
struct Unit {
  std::size_t begin = 0;
  std::size_t end = 0;
  std::size_t after = 0;
  float w = 0;
  float space_w = 0;
  bool hard_break = false;  // a '\n' follows
};

}  // namespace

std::string break_lines(std::string_view text, float width, const std::function<float(unsigned)>& advance) {
  std::vector<Unit> units;
  bool open = false;     // units.back() takes more characters
  bool spaces = false;   // spaces since the last character
  unsigned prev = 0;
  for (std::size_t i = 0; i < text.size();) {
    std::size_t next = 0;
    const unsigned c = next_char(text, i, next);
    if (c == '\n') {
      if (!open) units.push_back({i, i, i, 0, 0, false});
      units.back().hard_break = true;
      open = false;
      spaces = false;
      prev = 0;
    } else if (c == ' ' || c == '\t') {
      if (!open) {  // leading spaces count as text
        units.push_back({i, next, next, advance(c), 0, false});
        open = true;
      } else {
        units.back().after = next;
        units.back().space_w += advance(c);
        spaces = true;
      }
    } else {
      bool brk = false;
      if (open && prev != 0) {
        if (spaces) brk = !(is_latin_letter(prev) && is_digit(c)) && !is_closing(c);
        else brk = !is_closing(c) && !is_opening(prev) && (is_wide(prev) || is_wide(c));
      }
      if (!open || brk) {
        units.push_back({i, next, next, advance(c), 0, false});
        open = true;
      } else {
        Unit& u = units.back();
        u.w += u.space_w + advance(c);  // the spaces, if any, are inside the unit now
        u.space_w = 0;
        u.end = next;
        u.after = next;
      }
      spaces = false;
      prev = c;
    }
    i = next;
  }

  std::string out;
  out.reserve(text.size() + 16);
  float line_w = 0;
  bool line_empty = true;
  std::size_t line_end = 0;   // where the line's text ends (its trailing spaces left out)
  float pending_space = 0;    // spaces after the line's last unit
  auto new_line = [&] {
    out += '\n';
    line_w = 0;
    line_empty = true;
    pending_space = 0;
  };
  for (const Unit& u : units) {
    if (!line_empty && line_w + pending_space + u.w > width) new_line();
    if (u.w > width && u.end > u.begin) {
      // Longer than a line: cut it wherever the line is full.
      for (std::size_t i = u.begin; i < u.end;) {
        std::size_t next = 0;
        const float cw = advance(next_char(text, i, next));
        if (!line_empty && line_w + pending_space + cw > width) new_line();
        if (!line_empty && pending_space > 0) {
          out.append(text.substr(line_end, i - line_end));
          line_w += pending_space;
          pending_space = 0;
        }
        out.append(text.substr(i, next - i));
        line_w += cw;
        line_empty = false;
        line_end = next;
        i = next;
      }
    } else {
      if (!line_empty) {
        out.append(text.substr(line_end, u.begin - line_end));  // the spaces between
        line_w += pending_space;
      }
      out.append(text.substr(u.begin, u.end - u.begin));
      line_w += u.w;
      line_empty = false;
    }
    line_end = u.end;
    pending_space = u.space_w;
    if (u.hard_break) new_line();
  }
  return out;
}

void text_wrapped(std::string_view text) {
  need_glyphs(text);
  ImGuiWindow* window = ImGui::GetCurrentWindow();
  const float wrap_pos = window->DC.TextWrapPos < 0 ? 0.0f : window->DC.TextWrapPos;
  const float width = ImGui::CalcWrapWidthForPos(window->DC.CursorPos, wrap_pos);
  ImFont* font = ImGui::GetFont();
  const float k = ImGui::GetFontSize() / font->FontSize;
  const std::string lines = break_lines(text, width, [&](unsigned c) {
    return c > 0xFFFF ? font->FallbackAdvanceX * k : font->GetCharAdvance(static_cast<ImWchar>(c)) * k;
  });
  ImGui::PushTextWrapPos(-1.0f);  // broken already
  ImGui::TextUnformatted(lines.data(), lines.data() + lines.size());
  ImGui::PopTextWrapPos();
}

void text_wrapped_colored(ImU32 col, std::string_view text) {
  ImGui::PushStyleColor(ImGuiCol_Text, col);
  text_wrapped(text);
  ImGui::PopStyleColor();
}

void help_tooltip(const char* text) { help_tooltip_if(ImGui::IsItemHovered(), text); }

void why_disabled(const char* text) {
  help_tooltip_if(ImGui::IsItemHovered(ImGuiHoveredFlags_AllowWhenDisabled), text);
}

void help_tooltip_if(bool show, const char* text) {
  if (!show) return;
  // Full alpha even over a dimmed row (a lab step's pulse, a finished election).
  ImGui::PushStyleVar(ImGuiStyleVar_Alpha, 1.0f);
  ImGui::BeginTooltip();
  ImGui::PushTextWrapPos(ImGui::GetFontSize() * 28);
  text_wrapped(text);
  ImGui::PopTextWrapPos();
  ImGui::EndTooltip();
  ImGui::PopStyleVar();
}

void table_header(int column, const char* label, const char* help) {
  ImGui::TableSetColumnIndex(column);
  ImGui::TableHeader(label);
  help_tooltip(help);
}

void swatch(ImU32 col) {
  const float s = ImGui::GetTextLineHeight() * 0.8f;
  const ImVec2 p = ImGui::GetCursorScreenPos();
  const float dy = (ImGui::GetTextLineHeight() - s) / 2;
  ImGui::GetWindowDrawList()->AddRectFilled({p.x, p.y + dy}, {p.x + s, p.y + dy + s}, col, 2.0f);
  ImGui::Dummy({s, ImGui::GetTextLineHeight()});
}

void same_line_or_wrap(float width, float spacing) {
  ImGui::SameLine(0, spacing);
  const float right = ImGui::GetWindowContentRegionMax().x + ImGui::GetWindowPos().x;
  if (ImGui::GetCursorScreenPos().x + width > right) ImGui::NewLine();
}

float checkbox_width(const char* label) {
  return ImGui::GetFrameHeight() + ImGui::GetStyle().ItemInnerSpacing.x + ImGui::CalcTextSize(label, nullptr, true).x;
}

float button_width(const char* label) {
  return ImGui::CalcTextSize(label, nullptr, true).x + 2 * ImGui::GetStyle().FramePadding.x;
}

void text_ellipsis(const char* text, float max_w, ImU32 col) {
  const ImVec2 pos = ImGui::GetCursorScreenPos();
  const float avail = ImGui::GetContentRegionAvail().x;
  const float w = max_w > 0 ? std::min(max_w, avail) : avail;
  const ImVec2 size = ImGui::CalcTextSize(text);
  if (size.x <= w) {
    if (col != 0) ImGui::PushStyleColor(ImGuiCol_Text, col);
    ImGui::TextUnformatted(text);
    if (col != 0) ImGui::PopStyleColor();
    return;
  }
  ImGui::Dummy({std::max(w, 1.0f), size.y});
  if (col != 0) ImGui::PushStyleColor(ImGuiCol_Text, col);
  const ImVec2 end{pos.x + w, pos.y + size.y};
  ImGui::RenderTextEllipsis(ImGui::GetWindowDrawList(), pos, end, end.x, end.x, text, nullptr, &size);
  if (col != 0) ImGui::PopStyleColor();
  if (ImGui::IsItemHovered()) {
    ImGui::BeginTooltip();
    ImGui::PushTextWrapPos(ImGui::GetFontSize() * 32.0f);
    ImGui::TextUnformatted(text);
    ImGui::PopTextWrapPos();
    ImGui::EndTooltip();
  }
}

std::string wall_clock_text(std::int64_t ms) {
  const std::time_t t = static_cast<std::time_t>(ms / 1000);
  std::tm local{};
  localtime_r(&t, &local);
  char buf[16];
  std::strftime(buf, sizeof buf, "%H:%M:%S", &local);
  return buf;
}

}  // namespace zs::gui

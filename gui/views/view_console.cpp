// The zkCli console on the chosen server: the transcript exactly as zkCli prints it (prompts,
// lines, results, watch events), an input line with the prompt before it and zkCli's history
// on Up/Down, and example commands a learner can click to fill the input.
//
// The transcript is split into lines once (only what was added since the last frame is
// split again) and drawn clipped, so a long session costs the lines on screen.
#include <algorithm>
#include <cstring>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include <fmt/format.h>
#include <imgui.h>

#include "glyphs.hpp"
#include "i18n.hpp"
#include "views/server_pick.hpp"
#include "views/observed_text.hpp"
#include "views/theme.hpp"
#include "views/view.hpp"
#include "views/widgets.hpp"

namespace zs::gui {
namespace {

constexpr std::size_t kMaxLineChars = 4000;  // longer lines (ls of a huge node) are cut when drawn
constexpr ImU32 kPromptColor = IM_COL32(120, 200, 120, 255);

struct Example {
  const char* line;
  const char* help_key;
};
constexpr Example kExamples[] = {
    {"create /zk_test my_data", "view.console.ex.create"},
    {"ls /", "view.console.ex.ls"},
    {"get -s /zk_test", "view.console.ex.get"},
    {"set /zk_test junk", "view.console.ex.set"},
    {"get -w /zk_test", "view.console.ex.watch"},
    {"create -e /zk_test/eph", "view.console.ex.ephemeral"},
    {"create -s /zk_test/seq-", "view.console.ex.sequential"},
    {"stat /zk_test", "view.console.ex.stat"},
    {"sync /", "view.console.ex.sync"},
    {"delete /zk_test", "view.console.ex.delete"},
    {"history", "view.console.ex.history"},
};

// One console's transcript as terminal lines. Entries before the last one seen never change,
// so an update re-splits from the last entry seen on.
class TranscriptLines {
 public:
  struct Line {
    std::size_t start = 0;
    std::size_t len = 0;
  };
  struct Command {
    std::size_t at = 0;  // where its prompt starts in text()
    std::size_t prompt_len = 0;
    std::size_t line_len = 0;
  };

  // True when lines were added or changed.
  bool update(const std::vector<console::TranscriptEntry>& t) {
    if (source_ != &t || t.size() < entries_) {
      source_ = &t;
      entries_ = 0;
      text_.clear();
      lines_.clear();
      commands_.clear();
      entry_start_.clear();
    }
    std::size_t from = entries_;
    if (entries_ > 0 && signature(t[entries_ - 1]) != last_signature_) from = entries_ - 1;
    if (from == t.size()) return false;

    const std::size_t cut = from < entry_start_.size() ? entry_start_[from] : text_.size();
    text_.resize(cut);
    entry_start_.resize(from);
    while (!commands_.empty() && commands_.back().at >= cut) commands_.pop_back();
    // Re-split from the start of the line `cut` falls in (an entry may end mid-line).
    while (!lines_.empty() && lines_.back().start >= cut) lines_.pop_back();
    std::size_t split_from = cut;
    if (!lines_.empty() && lines_.back().start + lines_.back().len >= cut &&
        (cut == 0 || text_[cut - 1] != '\n')) {
      split_from = lines_.back().start;
      lines_.pop_back();
    }
    for (std::size_t i = from; i < t.size(); ++i) {
      const console::TranscriptEntry& e = t[i];
      entry_start_.push_back(text_.size());
      if (e.kind == console::TranscriptEntry::Kind::Command) {
        commands_.push_back({text_.size(), e.prompt.size(), e.line.size()});
        text_ += e.prompt;
        text_ += e.line;
        text_ += '\n';
      }
      for (const client::Chunk& c : e.printed.chunks()) text_ += c.text;
    }
    need_glyphs(std::string_view(text_).substr(cut));  // a learner's Chinese, echoed and printed
    for (std::size_t at = split_from; at < text_.size();) {
      const std::size_t nl = text_.find('\n', at);
      const std::size_t end = nl == std::string::npos ? text_.size() : nl;
      lines_.push_back({at, end - at});
      at = nl == std::string::npos ? text_.size() : nl + 1;
    }
    entries_ = t.size();
    last_signature_ = signature(t.back());
    return true;
  }

  const std::string& text() const { return text_; }
  const std::vector<Line>& lines() const { return lines_; }
  // The command whose prompt starts at `at`, if one does.
  const Command* command_at(std::size_t at) const {
    const auto it = std::lower_bound(commands_.begin(), commands_.end(), at,
                                     [](const Command& c, std::size_t a) { return c.at < a; });
    return it != commands_.end() && it->at == at ? &*it : nullptr;
  }

 private:
  // Changes whenever an entry's printed text grows (Printed merges same-stream text).
  static std::pair<std::size_t, std::size_t> signature(const console::TranscriptEntry& e) {
    const auto& chunks = e.printed.chunks();
    return {chunks.size(), chunks.empty() ? 0 : chunks.back().text.size()};
  }

  const std::vector<console::TranscriptEntry>* source_ = nullptr;
  std::size_t entries_ = 0;
  std::pair<std::size_t, std::size_t> last_signature_{0, 0};
  std::string text_;
  std::vector<std::size_t> entry_start_;
  std::vector<Line> lines_;
  std::vector<Command> commands_;
};

class ConsoleView final : public View {
 public:
  std::string title() const override { return tr_id("view.console.title", "console"); }
  Slot slot() const override { return Slot::Side; }

  void draw_content(const ClusterView& model, UiBus& bus) override {
    if (model.peers.empty()) {
      ImGui::TextDisabled("%s", tr("view.console.no_servers"));
      return;
    }
    if (model.console_generation != generation_) {
      generation_ = model.console_generation;
      lines_.clear();  // the consoles were made anew: a cached transcript may be another's
    }
    // A recording: what was observed, with no server behind it to type to.
    const bool recorded = model.attached && model.attached->recorded;
    if (recorded) draw_recorded_banner(*model.attached);
    const Sid sid = shown_server(model);
    server_combo(model, sid, bus);
    const ConsoleModel* cm = nullptr;
    for (const ConsoleModel& c : model.consoles)
      if (c.sid == sid) cm = &c;

    ImGui::SameLine();
    if (cm != nullptr && cm->busy) {
      static constexpr char kSpin[] = "|/-\\";
      const int frame = static_cast<int>(ImGui::GetTime() * 8) % 4;
      ImGui::TextColored(ImGui::ColorConvertU32ToFloat4(kWarnColor), "%c %s", kSpin[frame], tr("view.console.busy"));
    } else {
      ImGui::TextDisabled("%s", tr("view.console.idle"));
    }
    // The client bar: this zkCli's process can die (kill -9): its session then expires at
    // the leader after its timeout, taking its ephemeral nodes with it.
    if (cm != nullptr) {
      ImGui::SameLine();
      if (ImGui::SmallButton(tr("view.console.kill"))) bus.post(KillClient{sid});
      if (ImGui::IsItemHovered()) {
        ImGui::BeginTooltip();
        ImGui::PushTextWrapPos(ImGui::GetFontSize() * 28.0f);
        text_wrapped(tr("view.console.kill_help"));
        ImGui::PopTextWrapPos();
        ImGui::EndTooltip();
      }
    }
    const int index = model.index_of(sid);
    ImGui::PushTextWrapPos(0.0f);  // the notices wrap in a narrow pane
    if (index >= 0 && !model.peers[static_cast<std::size_t>(index)].up) {
      ImGui::TextColored(ImGui::ColorConvertU32ToFloat4(kErrorColor), "%s",
                         fmt::format(fmt::runtime(tr("view.console.server_down")), sid).c_str());
    }
    if (model.paused && cm != nullptr && cm->busy) {
      ImGui::TextColored(ImGui::ColorConvertU32ToFloat4(kWarnColor), "%s", tr("view.console.paused_queued"));
    }
    ImGui::PopTextWrapPos();
    examples();

    const float input_h = ImGui::GetFrameHeightWithSpacing() + ImGui::GetStyle().ItemSpacing.y;
    ImGui::BeginChild("transcript", {0, -input_h}, true, ImGuiWindowFlags_HorizontalScrollbar);
    if (cm == nullptr || cm->transcript == nullptr) {
      text_wrapped_colored(ImGui::GetColorU32(ImGuiCol_TextDisabled),
                           fmt::format(fmt::runtime(tr("view.console.empty")), sid));
    } else {
      if (ImFont* mono = mono_font()) ImGui::PushFont(mono);
      transcript(lines_[sid], *cm->transcript);
      if (mono_font() != nullptr) ImGui::PopFont();
    }
    ImGui::EndChild();

    ImGui::BeginDisabled(recorded);
    input(cm, sid, bus);
    ImGui::EndDisabled();
    if (recorded) why_disabled(tr("recorded.no_console"));
  }

 private:
  void examples() {
    ImGui::TextDisabled("%s", tr("view.console.examples"));
    const float right = ImGui::GetWindowPos().x + ImGui::GetWindowContentRegionMax().x;
    for (const Example& ex : kExamples) {
      const float w = ImGui::CalcTextSize(ex.line).x + ImGui::GetStyle().FramePadding.x * 2;
      ImGui::SameLine();
      if (ImGui::GetItemRectMax().x + ImGui::GetStyle().ItemSpacing.x + w > right) ImGui::NewLine();
      if (ImGui::SmallButton(ex.line)) {
        std::snprintf(buf_, sizeof buf_, "%s", ex.line);
        focus_input_ = true;
      }
      if (ImGui::IsItemHovered()) ImGui::SetTooltip("%s", tr(ex.help_key));
    }
  }

  static void transcript(TranscriptLines& cache, const std::vector<console::TranscriptEntry>& entries) {
    const bool grew = cache.update(entries);
    const bool at_bottom = ImGui::GetScrollY() >= ImGui::GetScrollMaxY();
    const std::string& text = cache.text();
    const auto& lines = cache.lines();
    ImGuiListClipper clipper;
    clipper.Begin(static_cast<int>(lines.size()));
    while (clipper.Step()) {
      for (int i = clipper.DisplayStart; i < clipper.DisplayEnd; ++i) {
        const TranscriptLines::Line& l = lines[static_cast<std::size_t>(i)];
        const char* s = text.data() + l.start;
        const std::size_t n = std::min(l.len, kMaxLineChars);
        const std::string_view line(s, l.len);
        if (const TranscriptLines::Command* c = cache.command_at(l.start)) {
          ImGui::PushStyleColor(ImGuiCol_Text, kPromptColor);
          ImGui::TextUnformatted(s, s + std::min(c->prompt_len, n));
          ImGui::PopStyleColor();
          ImGui::SameLine(0, 0);
          ImGui::TextUnformatted(s + std::min(c->prompt_len, n), s + n);
        } else if (line.starts_with("WATCHER::") || line.starts_with("WatchedEvent ")) {
          ImGui::PushStyleColor(ImGuiCol_Text, kWarnColor);
          ImGui::TextUnformatted(s, s + n);
          ImGui::PopStyleColor();
        } else {
          ImGui::TextUnformatted(s, s + n);
        }
        if (n < l.len) {  // a note in the UI font, not the transcript's
          ImGui::SameLine(0, 0);
          if (mono_font() != nullptr) ImGui::PopFont();
          ImGui::TextDisabled("%s", fmt::format(fmt::runtime(tr("view.console.cut")), l.len - n).c_str());
          if (ImFont* mono = mono_font()) ImGui::PushFont(mono);
        }
      }
    }
    // Follow new output only while the view is at the bottom (ExampleAppLog).
    if (grew && at_bottom) ImGui::SetScrollHereY(1.0f);
  }

  void input(const ConsoleModel* cm, Sid sid, UiBus& bus) {
    // The history Up/Down walks: zkCli's own (what `history` prints), or what was typed here
    // when that is longer (lines still waiting for the connection are not in zkCli's yet).
    history_.clear();
    if (cm != nullptr && cm->history != nullptr)
      for (const auto& [n, line] : *cm->history) history_.push_back(line);
    if (const auto it = typed_.find(sid); it != typed_.end() && it->second.size() > history_.size()) {
      history_ = it->second;
    }
    if (sid != history_sid_) {
      history_sid_ = sid;
      history_pos_ = -1;
    }

    const std::string prompt = cm != nullptr ? cm->prompt : fmt::format("[zk: server.{}] ", sid);
    need_glyphs(buf_);  // pasted text (typed characters are added as they come)
    if (ImFont* mono = mono_font()) ImGui::PushFont(mono);
    ImGui::AlignTextToFramePadding();
    ImGui::PushStyleColor(ImGuiCol_Text, kPromptColor);
    ImGui::TextUnformatted(prompt.c_str());
    ImGui::PopStyleColor();
    ImGui::SameLine(0, 0);
    ImGui::SetNextItemWidth(-1);
    const ImGuiInputTextFlags flags = ImGuiInputTextFlags_EnterReturnsTrue | ImGuiInputTextFlags_CallbackHistory;
    bool refocus = false;
    if (ImGui::InputText("##line", buf_, sizeof buf_, flags, &ConsoleView::on_history, this)) {
      const std::string line(buf_);
      if (line.find_first_not_of(" \t") != std::string::npos) {
        bus.post(ConsoleLine{sid, line});
        typed_[sid].push_back(line);
      }
      buf_[0] = '\0';
      history_pos_ = -1;
      refocus = true;
    }
    if (mono_font() != nullptr) ImGui::PopFont();
    if (ImGui::IsItemHovered()) ImGui::SetTooltip("%s", tr("view.console.input_help"));
    ImGui::SetItemDefaultFocus();
    if (refocus || focus_input_ || !shown_before_) ImGui::SetKeyboardFocusHere(-1);
    focus_input_ = false;
    shown_before_ = true;
  }

  static int on_history(ImGuiInputTextCallbackData* d) {
    auto* self = static_cast<ConsoleView*>(d->UserData);
    if (d->EventFlag != ImGuiInputTextFlags_CallbackHistory || self->history_.empty()) return 0;
    const int n = static_cast<int>(self->history_.size());
    const int before = self->history_pos_;
    if (d->EventKey == ImGuiKey_UpArrow) {
      if (self->history_pos_ == -1) self->history_pos_ = n - 1;
      else if (self->history_pos_ > 0) --self->history_pos_;
    } else if (d->EventKey == ImGuiKey_DownArrow) {
      if (self->history_pos_ != -1 && ++self->history_pos_ >= n) self->history_pos_ = -1;
    }
    if (before != self->history_pos_) {
      d->DeleteChars(0, d->BufTextLen);
      if (self->history_pos_ >= 0) d->InsertChars(0, self->history_[static_cast<std::size_t>(self->history_pos_)].c_str());
    }
    return 0;
  }

  char buf_[1024] = {};
  bool focus_input_ = false;
  bool shown_before_ = false;
  std::map<Sid, TranscriptLines> lines_;
  std::uint64_t generation_ = 0;  // model.console_generation lines_ was built for
  std::map<Sid, std::vector<std::string>> typed_;
  std::vector<std::string> history_;  // this frame's, for the callback
  Sid history_sid_ = 0;
  int history_pos_ = -1;  // -1: a new line, else an index into history_
};

}  // namespace

std::unique_ptr<View> make_console_view() { return std::make_unique<ConsoleView>(); }

}  // namespace zs::gui

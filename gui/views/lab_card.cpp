// The lab's narration card (lab_card.hpp). Large text on a plate across the cluster pane: a
// teacher's projector shows it to the back of the room. The lab's own texts come in the
// model already in the current language; the words around them are i18n keys.
#include "views/lab_card.hpp"

#include <algorithm>
#include <string>

#include "i18n.hpp"
#include "views/theme.hpp"
#include "views/widgets.hpp"

namespace zs::gui {
namespace {

using Phase = view::LabCard::Phase;

constexpr ImU32 kOkColor = IM_COL32(80, 200, 110, 255);
constexpr ImU32 kQuestionColor = IM_COL32(255, 200, 60, 255);
constexpr ImU32 kAccentColor = IM_COL32(90, 170, 255, 255);

void wrapped(const std::string& s, ImU32 col) { text_wrapped_colored(col, s); }
void wrapped(const std::string& s) { text_wrapped(s); }

// A tick or a cross in a disc, one text line high (drawn, so no font needs the glyph).
void mark(bool ok) {
  const float h = ImGui::GetTextLineHeight();
  const ImVec2 p = ImGui::GetCursorScreenPos();
  const ImVec2 c{p.x + h / 2, p.y + h / 2};
  const float r = h * 0.42f;
  ImDrawList* dl = ImGui::GetWindowDrawList();
  dl->AddCircleFilled(c, r, ok ? kOkColor : kErrorColor, 20);
  const float t = std::max(2.0f, h * 0.12f);
  if (ok) {
    dl->AddLine({c.x - r * 0.5f, c.y}, {c.x - r * 0.1f, c.y + r * 0.45f}, kTextOnColor, t);
    dl->AddLine({c.x - r * 0.1f, c.y + r * 0.45f}, {c.x + r * 0.55f, c.y - r * 0.45f}, kTextOnColor, t);
  } else {
    dl->AddLine({c.x - r * 0.45f, c.y - r * 0.45f}, {c.x + r * 0.45f, c.y + r * 0.45f}, kTextOnColor, t);
    dl->AddLine({c.x - r * 0.45f, c.y + r * 0.45f}, {c.x + r * 0.45f, c.y - r * 0.45f}, kTextOnColor, t);
  }
  ImGui::Dummy({h, h});
  ImGui::SameLine();
}

std::string answer_words(const view::LabCard& c, std::int64_t pick) {
  if (c.choices.empty()) return fill(tr("lab.card.server_n"), pick);
  const auto i = static_cast<std::size_t>(pick - 1);
  return i < c.choices.size() ? c.choices[i] : std::to_string(pick);
}

// The top row: which lab, which step; Back and Next on the right.
// `right`: where the buttons end, in window coordinates.
void header(const view::LabCard& c, UiBus& bus, float right) {
  const std::string where =
      c.step == 0 ? std::string(tr("lab.card.intro")) : fill(tr("lab.card.step_of"), c.step, c.steps);
  ImGui::TextColored(ImColor(kAccentColor), "%s", where.c_str());
  const std::string back = tr_id("lab.card.back", "lab_back");
  const std::string next = tr_id(c.phase == Phase::Playing ? "lab.card.skip" : c.step == 0 ? "lab.card.begin" : "lab.card.next",
                                 "lab_next");
  const ImGuiStyle& st = ImGui::GetStyle();
  auto width = [&](const std::string& label) {
    return ImGui::CalcTextSize(label.c_str(), nullptr, true).x + 2 * st.FramePadding.x;
  };
  const float x = right - width(back) - width(next) - st.ItemSpacing.x;
  // The lab's title between, when it fits (the intro shows it in full).
  if (c.step > 0) {
    const float title_w = ImGui::CalcTextSize(c.lab_title.c_str()).x;
    ImGui::SameLine();
    if (ImGui::GetCursorPosX() + title_w + st.ItemSpacing.x < x) ImGui::TextDisabled("%s", c.lab_title.c_str());
  }
  // The buttons stay on the row when it has room for them, else they get a row of their own
  // (a narrow card in presenter mode), never cut off at the card's edge.
  ImGui::SameLine();
  if (ImGui::GetCursorPosX() + st.ItemSpacing.x > x) {
    ImGui::NewLine();
  } else {
    ImGui::SameLine(x);
  }
  ImGui::BeginDisabled(c.phase == Phase::Intro);
  if (ImGui::Button(back.c_str())) bus.post(LabBack{});
  ImGui::EndDisabled();
  help_tooltip(tr("lab.card.back_help"));
  ImGui::SameLine();
  ImGui::BeginDisabled(c.finished);
  ImGui::PushStyleColor(ImGuiCol_Button, ImGui::GetStyleColorVec4(ImGuiCol_ButtonHovered));
  if (ImGui::Button(next.c_str())) bus.post(LabNext{});
  ImGui::PopStyleColor();
  ImGui::EndDisabled();
  help_tooltip(tr("lab.card.next_help"));
}

void question_part(const view::LabCard& c, UiBus& bus, bool compact) {
  if (c.question.empty()) return;
  if (c.phase == Phase::Asking) {
    wrapped(c.question, kQuestionColor);
    if (c.choices.empty()) {
      ImGui::TextDisabled("%s", tr("lab.card.click_server"));
      return;
    }
    for (std::size_t i = 0; i < c.choices.size(); ++i) {
      const std::string label = fill("{0}. {1}##choice{0}", i + 1, c.choices[i]);
      if (ImGui::Button(label.c_str())) bus.post(LabAnswer{static_cast<std::int64_t>(i + 1)});
    }
    ImGui::TextDisabled("%s", tr("lab.card.or_next"));
    return;
  }
  if (!compact) {
    ImGui::PushFont(ImGui::GetIO().Fonts->Fonts[0]);  // asked already: the normal size
    wrapped(c.question, kDimColor);
    ImGui::PopFont();
  }
  if (c.phase == Phase::Playing) {
    if (c.picked != 0) wrapped(fill(tr("lab.card.your_pick"), answer_words(c, c.picked)));
    return;
  }
  // Shown: the answer, and whether the learner's pick was it.
  const std::string right = answer_words(c, c.answer);
  if (c.picked == 0) {
    mark(true);
    wrapped(fill(tr("lab.card.answer_is"), right), kOkColor);
  } else if (c.picked == c.answer) {
    mark(true);
    wrapped(fill(tr("lab.card.right"), right), kOkColor);
  } else {
    mark(false);
    wrapped(fill(tr("lab.card.wrong"), answer_words(c, c.picked), right), kErrorColor);
  }
}

void checks_part(const view::LabCard& c, bool compact) {
  if (c.checks.empty() && c.reached) return;
  ImGui::PushFont(ImGui::GetIO().Fonts->Fonts[0]);  // the checkpoints in the normal size
  std::size_t held = 0;
  for (const view::LabCheck& k : c.checks) held += k.ok ? 1 : 0;
  if (compact && c.reached && held == c.checks.size()) {
    // Short of room: one line, the list on hover. A failed checkpoint is always listed.
    mark(true);
    ImGui::TextUnformatted(fill(tr("lab.card.checks_held"), held, c.checks.size()).c_str());
    if (ImGui::IsItemHovered()) {
      ImGui::BeginTooltip();
      for (const view::LabCheck& k : c.checks) ImGui::TextUnformatted(k.text.c_str());
      ImGui::EndTooltip();
    }
    ImGui::PopFont();
    return;
  }
  ImGui::TextDisabled("%s", tr("lab.card.checkpoints"));
  if (!c.reached) {
    mark(false);
    wrapped(fill(tr("lab.card.not_reached"), c.not_reached), kErrorColor);
  }
  for (const view::LabCheck& k : c.checks) {
    mark(k.ok);
    if (k.ok) {
      ImGui::TextUnformatted(k.text.c_str());
    } else {
      wrapped(fill(tr("lab.card.expected_got"), k.text, k.actual), kErrorColor);
    }
  }
  ImGui::PopFont();
}

void body(const view::LabCard& c, UiBus& bus, bool compact) {
  if (c.phase == Phase::Intro) {
    wrapped(c.lab_title);
    if (!c.summary.empty()) wrapped(c.summary);
    ImGui::TextDisabled("%s", tr("lab.card.press_next"));
    return;
  }
  if (!c.title.empty()) wrapped(c.title, kAccentColor);
  question_part(c, bus, compact);
  if (c.phase == Phase::Asking && c.question.empty()) ImGui::TextDisabled("%s", tr("lab.card.press_next"));
  if (c.phase == Phase::Playing) {
    const std::string label = tr("lab.card.playing");
    ImGui::ProgressBar(c.progress, {-1, 0}, label.c_str());
    return;
  }
  if (c.phase != Phase::Shown) return;
  if (!c.narration.empty()) wrapped(c.narration);
  if (!c.explanation.empty()) wrapped(c.explanation);
  checks_part(c, compact);
  if (c.finished) ImGui::TextColored(ImColor(kAccentColor), "%s", tr("lab.card.finished"));
}

}  // namespace

bool lab_wants_server_answer(const ClusterView& model) {
  return model.lab && model.lab->phase == Phase::Asking && !model.lab->question.empty() && model.lab->choices.empty();
}

bool lab_card_compact() { return ImGui::GetContentRegionAvail().y < ImGui::GetFontSize() * 26; }

// The card's text on its plate, `width` wide, from the cursor; returns the height it took.
static float draw_card_content(const ClusterView& model, UiBus& bus, float width, bool compact) {
  ImFont* big = compact ? nullptr : large_font();
  const view::LabCard& c = *model.lab;
  ImDrawList* dl = ImGui::GetWindowDrawList();
  const ImGuiStyle& st = ImGui::GetStyle();
  const float pad = st.WindowPadding.x;
  const ImVec2 top = ImGui::GetCursorScreenPos();
  const float right = top.x + width;
  // The plate's accent goes behind the text once its height is known.
  dl->ChannelsSplit(2);
  dl->ChannelsSetCurrent(1);
  ImGui::PushID("lab_card");
  ImGui::SetCursorScreenPos({top.x + pad, top.y + pad * 0.5f});
  ImGui::BeginGroup();
  ImGui::PushTextWrapPos(right - ImGui::GetWindowPos().x - pad);
  if (big != nullptr) ImGui::PushFont(big);
  header(c, bus, right - ImGui::GetWindowPos().x - pad);
  body(c, bus, compact);
  if (c.forked) {
    mark(false);
    wrapped(tr("lab.card.forked"), kWarnColor);
  }
  if (big != nullptr) ImGui::PopFont();
  ImGui::PopTextWrapPos();
  ImGui::EndGroup();
  ImGui::PopID();
  const float bottom = ImGui::GetItemRectMax().y + pad * 0.5f;
  dl->ChannelsSetCurrent(0);
  dl->AddRectFilled(top, {top.x + 5.0f * line_scale(), bottom}, kAccentColor);
  dl->ChannelsMerge();
  return bottom - top.y;
}

void draw_lab_card(const ClusterView& model, UiBus& bus, float width, bool compact) {
  if (!model.lab) return;
  // Across the top, the card takes at most half of the pane so the ring always shows below
  // it; what does not fit (a long list of checkpoints) scrolls inside the card. Its height
  // is last frame's content height, kept in ImGui's state storage.
  ImGuiStorage* storage = ImGui::GetStateStorage();
  const ImGuiID height_id = ImGui::GetID("lab_card_height");
  const float max_h = compact ? ImGui::GetContentRegionAvail().y : ImGui::GetContentRegionAvail().y * 0.5f;
  const float last = storage->GetFloat(height_id, max_h);
  const float h = std::clamp(last, ImGui::GetFontSize() * 3, std::max(max_h, ImGui::GetFontSize() * 3));
  ImGui::PushStyleVar(ImGuiStyleVar_WindowPadding, {0, 0});
  ImGui::PushStyleColor(ImGuiCol_ChildBg, IM_COL32(40, 48, 66, 255));
  ImGui::BeginChild("lab_card", {width, h}, false);
  ImGui::PopStyleColor();
  ImGui::PopStyleVar();
  const float content_h = draw_card_content(model, bus, ImGui::GetContentRegionAvail().x, compact);
  ImGui::EndChild();
  storage->SetFloat(height_id, content_h);
  // Across the top, a little space before the ring; beside it, none (the card is the pane's
  // full height, and more would make the pane scroll).
  if (!compact) ImGui::Dummy({0, ImGui::GetStyle().ItemSpacing.y * 0.5f});
}

// `s` cut at a character boundary to fit `width` pixels, ending in "…" when cut.
static std::string fit_line(const std::string& s, float width) {
  if (ImGui::CalcTextSize(s.c_str()).x <= width) return s;
  const char* ellipsis = "…";
  const float e = ImGui::CalcTextSize(ellipsis).x;
  std::size_t end = s.size();
  while (end > 0) {
    do --end;  // to the start of the previous UTF-8 character
    while (end > 0 && (static_cast<unsigned char>(s[end]) & 0xC0) == 0x80);
    if (ImGui::CalcTextSize(s.data(), s.data() + end).x + e <= width) break;
  }
  return s.substr(0, end) + ellipsis;
}

void draw_scenario_card(const ClusterView& model, UiBus& bus, float width) {
  if (!model.scenario || model.lab) return;
  const view::ScenarioCard& sc = *model.scenario;
  // As the lab card: at most a third of the pane, its height last frame's content's.
  ImGuiStorage* storage = ImGui::GetStateStorage();
  const ImGuiID height_id = ImGui::GetID("scenario_card_height");
  const float max_h = std::max(ImGui::GetContentRegionAvail().y / 3, ImGui::GetFontSize() * 3);
  const float h = std::clamp(storage->GetFloat(height_id, max_h), ImGui::GetFontSize() * 2, max_h);
  ImGui::PushStyleColor(ImGuiCol_ChildBg, IM_COL32(40, 48, 66, 255));
  ImGui::BeginChild("scenario_card", {width, h}, false, ImGuiWindowFlags_AlwaysUseWindowPadding);
  ImGui::PopStyleColor();
  const float top = ImGui::GetCursorPosY();
  const std::string close = tr_id("view.scenario.close", "scenario_close");
  const float close_w = ImGui::CalcTextSize(close.c_str(), nullptr, true).x + 2 * ImGui::GetStyle().FramePadding.x;
  const float right = ImGui::GetContentRegionAvail().x;
  ImGui::PushTextWrapPos(right - close_w - ImGui::GetStyle().ItemSpacing.x);
  // At the start the title in full and the paragraph; once the run moves, the title on one
  // line (the rest one hover away), so the ring gets its room back.
  const bool at_start = model.now == 0;
  const std::string& title = sc.title.empty() ? sc.name : sc.title;
  ImGui::PushStyleColor(ImGuiCol_Text, kAccentColor);
  if (at_start) ImGui::TextWrapped("%s", title.c_str());
  ImGui::PopTextWrapPos();
  if (!at_start) ImGui::TextUnformatted(fit_line(title, right - close_w - 2 * ImGui::GetStyle().ItemSpacing.x).c_str());
  ImGui::PopStyleColor();
  if (!at_start && ImGui::IsItemHovered()) {
    ImGui::BeginTooltip();
    ImGui::PushTextWrapPos(ImGui::GetFontSize() * 32.0f);
    ImGui::TextUnformatted(title.c_str());
    if (!sc.description.empty()) ImGui::TextUnformatted(sc.description.c_str());
    ImGui::PopTextWrapPos();
    ImGui::EndTooltip();
  }
  const float after_title = ImGui::GetCursorPosY();
  ImGui::SetCursorPos({right - close_w + ImGui::GetStyle().WindowPadding.x, top});
  if (ImGui::SmallButton(close.c_str())) bus.post(CloseScenarioCard{});
  help_tooltip(tr("view.scenario.close_help"));
  ImGui::SetCursorPosY(std::max(after_title, ImGui::GetCursorPosY()));
  // The paragraph at the start; once the run moves, the title alone (the paragraph one hover
  // away), so the ring gets its room back.
  if (!sc.description.empty() && at_start) {
    ImGui::PushTextWrapPos(0);
    ImGui::TextWrapped("%s", sc.description.c_str());
    ImGui::PopTextWrapPos();
  }
  const float content_h = ImGui::GetCursorPosY() + ImGui::GetStyle().WindowPadding.y;
  ImGui::EndChild();
  storage->SetFloat(height_id, content_h);
}

}  // namespace zs::gui

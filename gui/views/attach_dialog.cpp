// The Attach dialog (attach_dialog.hpp).
#include "views/attach_dialog.hpp"

#include <algorithm>
#include <chrono>
#include <cstdio>

#include "i18n.hpp"
#include "views/observed_text.hpp"
#include "views/theme.hpp"
#include "views/widgets.hpp"
#include "wire/connect_string.hpp"

namespace zs::gui {
namespace {

constexpr const char* kPopup = "###attach_dialog";

template <std::size_t N>
void copy_to(std::array<char, N>& buf, const std::string& s) {
  std::snprintf(buf.data(), buf.size(), "%s", s.c_str());
}

}  // namespace

void AttachDialog::open(std::filesystem::path recent) {
  open_next_ = true;
  recent_error_.clear();
  recent_ = load_recent(recent, &recent_error_);
}

void AttachDialog::set_connect(const std::string& text) { copy_to(connect_, text); }
void AttachDialog::set_auth(const std::string& text) { copy_to(auth_, text); }
void AttachDialog::set_record(const std::string& path) {
  record_ = !path.empty();
  copy_to(record_path_, path);
}

std::string AttachDialog::connect_error() const {
  const std::string text = connect();
  if (text.empty()) return tr("attach.dialog.connect_empty");
  auto parsed = wire::parse_connect_string(text);
  return parsed ? "" : parsed.error().to_string();
}

std::string AttachDialog::auth_error() const {
  const std::string text = auth();
  if (text.empty()) return "";
  auto parsed = wire::parse_auth_spec(text);
  return parsed ? "" : parsed.error().to_string();
}

std::optional<AttachTo> AttachDialog::request() const {
  if (!connect_error().empty() || !auth_error().empty()) return std::nullopt;
  const std::string record = record_ ? std::string(record_path_.data()) : "";
  return AttachTo{connect(), auth(), refresh_ms_, record};
}

void AttachDialog::draw(const ClusterView& model, UiBus& bus) {
  const std::string title = std::string(tr("attach.dialog.title")) + kPopup;
  if (open_next_) {
    ImGui::OpenPopup(title.c_str());
    open_next_ = false;
  }
  const ImVec2 centre{ImGui::GetIO().DisplaySize.x / 2, ImGui::GetIO().DisplaySize.y / 2};
  ImGui::SetNextWindowPos(centre, ImGuiCond_Appearing, {0.5f, 0.5f});
  ImGui::SetNextWindowSizeConstraints({ImGui::GetFontSize() * 30, 0},
                                      {ImGui::GetIO().DisplaySize.x * 0.95f, ImGui::GetIO().DisplaySize.y * 0.9f});
  if (!ImGui::BeginPopupModal(title.c_str(), nullptr, ImGuiWindowFlags_AlwaysAutoResize)) return;
  if (draw_form(model, bus)) ImGui::CloseCurrentPopup();
  ImGui::SameLine();
  if (ImGui::Button(tr("attach.dialog.cancel"))) ImGui::CloseCurrentPopup();
  if (model.attached) {
    ImGui::SameLine();
    if (ImGui::Button(tr("attach.dialog.detach"))) {
      bus.post(Detach{});
      ImGui::CloseCurrentPopup();
    }
    help_tooltip(tr("attach.dialog.detach_help"));
  }
  ImGui::EndPopup();
}

bool AttachDialog::draw_form(const ClusterView& model, UiBus& bus) {
  const float field_w = ImGui::GetFontSize() * 28;
  if (model.attached) {
    ImGui::TextUnformatted(fill(tr("attach.dialog.attached_now"), model.attached->connect_string).c_str());
    ImGui::Separator();
  }
  ImGui::TextUnformatted(tr("attach.dialog.connect"));
  ImGui::SetNextItemWidth(field_w);
  const bool enter = ImGui::InputTextWithHint("##connect", "127.0.0.1:2181,127.0.0.1:2182,127.0.0.1:2183",
                                              connect_.data(), connect_.size(), ImGuiInputTextFlags_EnterReturnsTrue);
  help_tooltip(tr("attach.dialog.connect_help"));
  // Checked as it is typed: the parser's own words, so what the window refuses is what
  // `zooscope attach` and `zooscope console --connect` refuse.
  const std::string cerr = connect_error();
  if (!cerr.empty()) {
    ImGui::PushTextWrapPos(ImGui::GetCursorPosX() + field_w);
    ImGui::PushStyleColor(ImGuiCol_Text, connect()[0] == '\0' ? kDimColor : kErrorColor);
    ImGui::TextWrapped("%s", cerr.c_str());
    ImGui::PopStyleColor();
    ImGui::PopTextWrapPos();
  }

  ImGui::TextUnformatted(tr("attach.dialog.auth"));
  ImGui::SetNextItemWidth(field_w);
  // Masked unless asked: the window is often projected, and the spec holds a password.
  ImGui::InputTextWithHint("##auth", "digest:user:password", auth_.data(), auth_.size(),
                           show_auth_ ? ImGuiInputTextFlags_None : ImGuiInputTextFlags_Password);
  help_tooltip(tr("attach.dialog.auth_help"));
  ImGui::SameLine();
  ImGui::Checkbox(tr("attach.dialog.show_auth"), &show_auth_);
  ImGui::TextDisabled("%s", tr("attach.dialog.auth_note"));
  const std::string aerr = auth_error();
  if (!aerr.empty()) {
    ImGui::PushTextWrapPos(ImGui::GetCursorPosX() + field_w);
    ImGui::PushStyleColor(ImGuiCol_Text, kErrorColor);
    ImGui::TextWrapped("%s", aerr.c_str());
    ImGui::PopStyleColor();
    ImGui::PopTextWrapPos();
  }

  ImGui::SetNextItemWidth(ImGui::GetFontSize() * 10);
  ImGui::SliderInt(tr("attach.dialog.refresh"), &refresh_ms_, kMinRefreshMs, 10000, "%d ms",
                   ImGuiSliderFlags_Logarithmic | ImGuiSliderFlags_AlwaysClamp);
  help_tooltip(tr("attach.dialog.refresh_help"));

  // Recording from the first answer on (Record… in the toolbar starts one later).
  if (ImGui::Checkbox(tr("attach.dialog.record"), &record_) && record_ && record_path_[0] == '\0') {
    copy_to(record_path_, default_recording_path(std::chrono::duration_cast<std::chrono::milliseconds>(
                                                     std::chrono::system_clock::now().time_since_epoch())
                                                     .count()));
  }
  help_tooltip(tr("attach.dialog.record_help"));
  if (record_) {
    ImGui::SameLine();
    ImGui::SetNextItemWidth(std::max(ImGui::GetFontSize() * 8, field_w - ImGui::GetItemRectSize().x));
    ImGui::InputText("##record_path", record_path_.data(), record_path_.size());
    if (model.attached && !model.attached->recording_error.empty()) {
      ImGui::PushTextWrapPos(ImGui::GetCursorPosX() + field_w);
      ImGui::PushStyleColor(ImGuiCol_Text, kErrorColor);
      ImGui::TextWrapped("%s", model.attached->recording_error.c_str());
      ImGui::PopStyleColor();
      ImGui::PopTextWrapPos();
    }
  }

  if (!recent_.empty() || !recent_error_.empty()) {
    ImGui::Separator();
    ImGui::TextUnformatted(tr("attach.dialog.recent"));
    ImGui::SameLine();
    ImGui::TextDisabled("(?)");
    help_tooltip(tr("attach.dialog.recent_help"));
    for (std::size_t i = 0; i < recent_.size(); ++i) {
      const RecentAttach& r = recent_[i];
      std::string label = r.connect_string;
      if (!r.auth_scheme.empty()) label += "  (" + auth_prefill(r) + "…)";
      label += "###recent" + std::to_string(i);
      if (ImGui::Selectable(label.c_str(), r.connect_string == connect())) {
        set_connect(r.connect_string);
        set_auth(auth_prefill(r));
        refresh_ms_ = std::clamp(r.refresh_ms, kMinRefreshMs, 10000);
      }
    }
    if (!recent_error_.empty()) ImGui::TextColored(ImColor(kWarnColor), "%s", recent_error_.c_str());
  }
  ImGui::Separator();
  const std::optional<AttachTo> req = request();
  ImGui::BeginDisabled(!req);
  const bool clicked = ImGui::Button(tr("attach.dialog.attach"));
  ImGui::EndDisabled();
  if ((clicked || enter) && req) {
    bus.post(*req);
    return true;
  }
  return false;
}

}  // namespace zs::gui

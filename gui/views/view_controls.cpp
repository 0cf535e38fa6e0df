// The toolbar. Row 1: play/pause, step back/forward, jump to the next state change, speed;
// the write button; the network (loss, latency, heal); the run menu (new ensemble, zoo.cfg,
// save/load/branches, exports); presenter mode and language. Row 2: the scrub bar over the
// whole run (0 .. the furthest moment reached), with the current moment.
#include <algorithm>
#include <array>
#include <chrono>
#include <cstdio>
#include <limits>
#include <string>

#include <fmt/format.h>

#include "i18n.hpp"
#include "views/attach_dialog.hpp"
#include "views/messages.hpp"
#include "views/observed_text.hpp"
#include "views/theme.hpp"
#include "views/view.hpp"
#include "views/widgets.hpp"

namespace zs::gui {
namespace {

void help(const char* key) { help_tooltip(tr(key)); }

// A text field that keeps its contents across frames (one per use site).
struct PathField {
  std::array<char, 512> buf{};
  bool draw(const char* id, const char* hint) {
    ImGui::SetNextItemWidth(ImGui::GetFontSize() * 22);
    return ImGui::InputTextWithHint(id, hint, buf.data(), buf.size(),
                                    ImGuiInputTextFlags_EnterReturnsTrue);
  }
  std::string value() const { return std::string(buf.data()); }
  void set(const std::string& s) { std::snprintf(buf.data(), buf.size(), "%s", s.c_str()); }
};

class ControlsView final : public View {
 public:
  std::string title() const override { return tr_id("view.controls.title", "controls"); }
  Slot slot() const override { return Slot::Toolbar; }
  ImGuiWindowFlags extra_flags() const override {
    return ImGuiWindowFlags_NoTitleBar | ImGuiWindowFlags_NoScrollbar;
  }

  void draw_content(const ClusterView& model, UiBus& bus) override {
    if (model.attached && model.attached->recorded) {
      recorded_bar(model, bus);
      return;
    }
    if (model.attached) {
      attached_bar(model, bus);
      dialog_.draw(model, bus);
      return;
    }
    transport(model, bus);
    if (controls_wide(ImGui::GetIO().DisplaySize.x)) {
      ImGui::SameLine(0, ImGui::GetFontSize());
    } else if (slow_wrapped_) {
      ImGui::SameLine();  // the second row began with the slow-motion checkbox
    }
    write_button(model, bus);
    ImGui::SameLine();
    network_menu(model, bus);
    ImGui::SameLine();
    run_menu(model, bus);
    ImGui::SameLine();
    labs_menu(model, bus);
    ImGui::SameLine();
    attach_button();
    ImGui::SameLine();
    display_menu(model, bus);
    scrub_bar(model, bus);
    dialog_.draw(model, bus);
  }

 private:
  void attach_button() {
    if (ImGui::Button(tr_id("view.controls.attach", "attach").c_str())) dialog_.open();
    help("view.controls.attach_help");
  }

  // While attached: no transport, faults, scenarios or labs (a real ensemble runs on its
  // own), but what is attached, Attach (another) and Detach, and the display settings.
  void attached_bar(const ClusterView& model, UiBus& bus) {
    const view::AttachedModel& a = *model.attached;
    if (ImGui::Button(tr_id("view.controls.detach", "detach").c_str())) bus.post(Detach{});
    help("view.controls.detach_help");
    ImGui::SameLine();
    attach_button();
    ImGui::SameLine();
    record_controls(a, bus);
    ImGui::SameLine();
    display_menu(model, bus);
    ImGui::SameLine();
    if (ImGui::Button(tr_id("view.controls.export_png", "export_png").c_str())) bus.post(ExportPng{"zooscope-attached.png"});
    // Row 2, where the scrub bar is in a simulation: the recording this attach is written to,
    // what is watched and why nothing steps.
    if (a.recording_active) {
      text_ellipsis(fill(tr("recording.to"), a.recording_path,
                         fmt::format("{:.1f}", static_cast<double>(a.recording_bytes) / 1e6))
                        .c_str(),
                    ImGui::GetContentRegionAvail().x * 0.5f, kErrorColor);
      help("recording.to_help");
      ImGui::SameLine();
    } else if (!a.recording_error.empty()) {
      text_ellipsis(fill(tr("recording.failed"), a.recording_error).c_str(), ImGui::GetContentRegionAvail().x * 0.6f,
                    kErrorColor);
      if (ImGui::IsItemHovered()) help_tooltip(a.recording_error.c_str());
      ImGui::SameLine();
    }
    text_ellipsis(fill(tr(a.polls == 1 ? "view.controls.attached_line_one" : "view.controls.attached_line"),
                       a.connect_string, wall_clock_text(a.started_ms),
                       a.refresh_ms, a.polls)
                      .c_str());
    if (ImGui::IsItemHovered()) help_tooltip(tr("attach.watch_only"));
  }

  // Record… (a path, then Start) while not recording; Stop while recording. The path is a
  // text field, as Save run's is (the window has no file dialog).
  void record_controls(const view::AttachedModel& a, UiBus& bus) {
    if (a.recording_active) {
      if (ImGui::Button(tr_id("view.controls.stop_recording", "stop_recording").c_str())) bus.post(StopRecording{});
      help("view.controls.stop_recording_help");
    } else {
      if (ImGui::Button(tr_id("view.controls.record", "record").c_str())) {
        record_path_.set(default_recording_path(std::chrono::duration_cast<std::chrono::milliseconds>(
                                                    std::chrono::system_clock::now().time_since_epoch())
                                                    .count()));
        record_posted_ = false;
        ImGui::OpenPopup("record_popup");
      }
      help("view.controls.record_help");
    }
    if (!ImGui::BeginPopup("record_popup")) return;
    ImGui::TextUnformatted(tr("recording.path"));
    bool start = record_path_.draw("##recordpath", "~/zooscope-attach.jsonl.gz");
    ImGui::SameLine();
    start = ImGui::Button(tr("recording.start")) || start;
    if (start && !record_path_.value().empty()) {
      bus.post(RecordAttach{record_path_.value()});
      record_posted_ = true;
    }
    ImGui::TextDisabled("%s", tr("recording.path_note"));
    // Once the file is open the popup has done its work; a file that did not open says why
    // here, and the path can be fixed and tried again.
    if (record_posted_ && a.recording_active) {
      record_posted_ = false;
      ImGui::CloseCurrentPopup();
    } else if (record_posted_ && !a.recording_error.empty()) {
      ImGui::PushTextWrapPos(ImGui::GetFontSize() * 30);
      text_wrapped_colored(kErrorColor, a.recording_error);
      ImGui::PopTextWrapPos();
    }
    ImGui::EndPopup();
  }

  // A recording reopened: Close, play/pause at 1x/10x/60x, the previous and next change, the
  // simulation's step and faults shown disabled (with why), and a time bar over the whole
  // recording in wall-clock time with its changes as ticks. Marked as recorded, not live.
  void recorded_bar(const ClusterView& model, UiBus& bus) {
    const view::AttachedModel& a = *model.attached;
    open_posted_ = false;  // it opened
    if (ImGui::Button(tr_id("view.controls.close_recording", "close_recording").c_str())) bus.post(Detach{});
    help("view.controls.close_recording_help");
    ImGui::SameLine();
    const std::string play = model.paused ? tr_id("view.controls.play", "play_pause")
                                          : tr_id("view.controls.pause", "play_pause");
    if (ImGui::Button(play.c_str(), {ImGui::GetFontSize() * 5, 0})) bus.post(SetPaused{!model.paused});
    help("recorded.play_help");
    for (const int s : {1, 10, 60}) {
      ImGui::SameLine();
      const std::string label = fill(tr("recorded.speed"), s) + "##rspeed" + std::to_string(s);
      if (ImGui::RadioButton(label.c_str(), static_cast<int>(model.speed) == s)) bus.post(SetRecordedSpeed{static_cast<float>(s)});
      help("recorded.speed_help");
    }
    ImGui::SameLine();
    if (ImGui::Button(tr_id("recorded.prev_change", "prev_change").c_str())) bus.post(JumpChange{false});
    help("recorded.prev_change_help");
    ImGui::SameLine();
    if (ImGui::Button(tr_id("recorded.next_change", "next_change").c_str())) bus.post(JumpChange{true});
    help("recorded.next_change_help");
    // What a simulation could do here, shown but disabled: a recording is what was seen. On a
    // narrow window (presenter mode) they start the second row.
    const bool wide = controls_wide(ImGui::GetIO().DisplaySize.x);
    if (wide) ImGui::SameLine();
    ImGui::BeginDisabled();
    ImGui::Button(tr_id("view.controls.step", "step").c_str());
    ImGui::EndDisabled();
    why_disabled(tr("recorded.no_step"));
    ImGui::SameLine();
    ImGui::BeginDisabled();
    ImGui::Button(tr_id("view.controls.network", "network").c_str());
    ImGui::EndDisabled();
    why_disabled(tr("recorded.no_faults"));
    ImGui::SameLine();
    display_menu(model, bus);
    // The last row: recorded, not live (with its dates when they fit); then the time bar.
    const std::string banner = recorded_banner_within(a, ImGui::GetContentRegionAvail().x * 0.42f);
    text_ellipsis(banner.c_str(), ImGui::GetContentRegionAvail().x * 0.42f, kWarnColor);
    help_tooltip(fill(tr("recorded.banner_help"), a.recorded_file).c_str());
    ImGui::SameLine();
    time_bar(a, bus);
  }

  // The recording from its first to its last line: the part up to the moment shown filled,
  // a tick per change (the ensemble's - status, mode, epoch, leader, session - full height
  // in their colours, the tree's short and grey), the moment shown as a bar with its time.
  // A click or a drag seeks; hovering names the time and the nearest change.
  static void time_bar(const view::AttachedModel& a, UiBus& bus) {
    const float h = ImGui::GetFrameHeight();
    const float w = std::max(ImGui::GetFontSize() * 4, ImGui::GetContentRegionAvail().x);
    const ImVec2 p0 = ImGui::GetCursorScreenPos();
    const ImVec2 p1{p0.x + w, p0.y + h};
    ImGui::InvisibleButton("##recorded_bar", {w, h});
    const double from = static_cast<double>(a.recorded_from_ms);
    const double to = std::max(static_cast<double>(a.recorded_to_ms), from + 1);
    auto x_of = [&](double t) { return p0.x + static_cast<float>((t - from) / (to - from)) * w; };
    const float mouse_x = std::clamp(ImGui::GetIO().MousePos.x, p0.x, p1.x);
    const double t_mouse = from + static_cast<double>((mouse_x - p0.x) / w) * (to - from);
    if (ImGui::IsItemActive() && ImGui::IsMouseDown(ImGuiMouseButton_Left))
      bus.post(SeekRecorded{static_cast<std::int64_t>(t_mouse)});
    ImDrawList* dl = ImGui::GetWindowDrawList();
    const float shown_x = x_of(static_cast<double>(a.shown_ms));
    dl->AddRectFilled(p0, p1, ImGui::GetColorU32(ImGuiCol_FrameBg));
    dl->AddRectFilled(p0, {shown_x, p1.y}, ImGui::GetColorU32(ImGuiCol_FrameBgActive));
    const float thick = std::max(1.0f, ImGui::GetFontSize() * 0.1f);
    for (const view::AttachedChange& c : a.recorded_changes) {
      const float x = x_of(static_cast<double>(c.at_ms));
      if (c.kind == "znode") dl->AddLine({x, p1.y - h * 0.35f}, {x, p1.y}, kDimColor, thick);
      else dl->AddLine({x, p0.y}, {x, p1.y}, change_color(c.kind), thick * 2);
    }
    dl->AddRectFilled({shown_x - thick * 2, p0.y}, {shown_x + thick * 2, p1.y}, ImGui::GetColorU32(ImGuiCol_Text));
    // The moment shown, beside its bar (on the side with room); the ends' times, faint.
    const ImU32 faint = ImGui::GetColorU32(ImGuiCol_TextDisabled);
    const float pad = ImGui::GetStyle().FramePadding.y;
    const std::string shown = wall_clock_text(a.shown_ms);
    const float shown_w = ImGui::CalcTextSize(shown.c_str()).x;
    const float tx = shown_x + thick * 3 + shown_w < p1.x ? shown_x + thick * 3 : shown_x - thick * 3 - shown_w;
    const std::string first = wall_clock_text(a.recorded_from_ms);
    const std::string last = wall_clock_text(a.recorded_to_ms);
    const float last_w = ImGui::CalcTextSize(last.c_str()).x;
    // The ends' times only where neither the moment's bar nor its time covers them.
    const float left = std::min(tx, shown_x - thick * 3);
    const float right = std::max(tx + shown_w, shown_x + thick * 3);
    if (left > p0.x + ImGui::CalcTextSize(first.c_str()).x + pad * 4) dl->AddText({p0.x + pad * 2, p0.y + pad}, faint, first.c_str());
    if (right < p1.x - last_w - pad * 4) dl->AddText({p1.x - last_w - pad * 2, p0.y + pad}, faint, last.c_str());
    dl->AddText({tx, p0.y + pad}, ImGui::GetColorU32(ImGuiCol_Text), shown.c_str());
    if (!ImGui::IsItemHovered() || ImGui::IsItemActive()) return;
    const view::AttachedChange* near = nullptr;
    float best = ImGui::GetFontSize() * 0.5f;
    for (const view::AttachedChange& c : a.recorded_changes) {
      const float d = std::abs(x_of(static_cast<double>(c.at_ms)) - ImGui::GetIO().MousePos.x);
      if (d < best) {
        best = d;
        near = &c;
      }
    }
    ImGui::BeginTooltip();
    ImGui::TextUnformatted(wall_date_time_text(static_cast<std::int64_t>(t_mouse)).c_str());
    if (near != nullptr) ImGui::Text("%s  %s", wall_clock_text(near->at_ms).c_str(), change_text(*near).c_str());
    ImGui::TextDisabled("%s", tr("recorded.bar_help"));
    ImGui::EndTooltip();
  }

  void transport(const ClusterView& model, UiBus& bus) {
    const std::string play = model.paused ? tr_id("view.controls.play", "play_pause")
                                          : tr_id("view.controls.pause", "play_pause");
    if (ImGui::Button(play.c_str(), {ImGui::GetFontSize() * 5, 0})) bus.post(SetPaused{!model.paused});
    help("view.controls.play_help");
    ImGui::SameLine();
    if (ImGui::Button(tr_id("view.controls.back", "step_back").c_str())) bus.post(StepBack{});
    help("view.controls.back_help");
    ImGui::SameLine();
    if (ImGui::Button(tr_id("view.controls.step", "step").c_str())) bus.post(StepForward{});
    help("view.controls.step_help");
    ImGui::SameLine();
    if (ImGui::Button(tr_id("view.controls.next_state", "next_state").c_str())) bus.post(NextStateChange{});
    help("view.controls.next_state_help");
    ImGui::SameLine();
    float speed = model.speed;
    // Narrower on two rows, so the slow-motion checkbox still fits on the first (presenter 2x).
    ImGui::SetNextItemWidth(ImGui::GetFontSize() * (controls_wide(ImGui::GetIO().DisplaySize.x) ? 8.0f : 6.0f));
    if (ImGui::SliderFloat("##speed", &speed, kMinSpeed, kMaxSpeed, speed < 0.1f ? "%.2fx" : "%.1fx",
                           ImGuiSliderFlags_Logarithmic | ImGuiSliderFlags_AlwaysClamp)) {
      bus.post(SetSpeed{speed});
    }
    help("view.controls.speed_help");
    // The checkbox goes to the next row when this one has no room for it (presenter 2x).
    const ImGuiStyle& st = ImGui::GetStyle();
    const float slow_w = ImGui::GetFrameHeight() + st.ItemInnerSpacing.x +
                         ImGui::CalcTextSize(tr("view.controls.slow_motion")).x;
    slow_wrapped_ = ImGui::GetItemRectMax().x + st.ItemSpacing.x + slow_w > ImGui::GetWindowContentRegionMax().x +
                                                                               ImGui::GetWindowPos().x;
    if (!slow_wrapped_) ImGui::SameLine();
    bool slow = model.slow_motion;
    if (ImGui::Checkbox(tr("view.controls.slow_motion"), &slow)) bus.post(SetSlowMotion{slow});
    help("view.controls.slow_motion_help");
  }

  void write_button(const ClusterView& model, UiBus& bus) {
    // Writes enter through the selected server (or the leader): a follower forwards them.
    Sid via = model.selected_server != 0 ? model.selected_server
                                         : model.stable_leader.value_or(model.peers.empty() ? 0 : model.peers.front().sid);
    const std::string label = fill(tr("view.controls.write"), via) + "###write";
    ImGui::BeginDisabled(via == 0);
    if (ImGui::Button(label.c_str())) bus.post(WriteButton{via});
    ImGui::EndDisabled();
    help("view.controls.write_help");
  }

  void network_menu(const ClusterView& model, UiBus& bus) {
    if (ImGui::Button(tr_id("view.controls.network", "network").c_str())) ImGui::OpenPopup("network_popup");
    help("view.controls.network_help");
    if (!ImGui::BeginPopup("network_popup")) {
      editing_links_ = false;  // read the links afresh next time it opens
      return;
    }
    ImGui::TextUnformatted(tr("view.controls.all_links"));
    if (!editing_links_) {
      loss_ = loss_percent(model.default_link.loss);
      lat_min_ = static_cast<int>(model.default_link.latency_min_ms);
      lat_max_ = static_cast<int>(model.default_link.latency_max_ms);
      if (!model.links.empty()) {  // show what the first real link has now
        const std::size_t n = model.peers.size();
        const LinkParams& p = model.links[n > 1 ? 1 : 0];
        loss_ = loss_percent(p.loss);
        lat_min_ = static_cast<int>(p.latency_min_ms);
        lat_max_ = static_cast<int>(p.latency_max_ms);
      }
      editing_links_ = true;
    }
    ImGui::SetNextItemWidth(ImGui::GetFontSize() * 12);
    ImGui::SliderInt(tr("view.controls.loss"), &loss_, 0, 100, "%d %%");
    ImGui::SetNextItemWidth(ImGui::GetFontSize() * 12);
    ImGui::SliderInt(tr("view.controls.latency_min"), &lat_min_, 0, 2000, "%d ms", ImGuiSliderFlags_Logarithmic);
    ImGui::SetNextItemWidth(ImGui::GetFontSize() * 12);
    ImGui::SliderInt(tr("view.controls.latency_max"), &lat_max_, 0, 2000, "%d ms", ImGuiSliderFlags_Logarithmic);
    lat_max_ = std::max(lat_max_, lat_min_);
    if (ImGui::Button(tr("view.controls.apply"))) {
      bus.post(SetLinkParams{0, 0, Ratio{static_cast<std::uint32_t>(loss_), 100}, lat_min_, lat_max_});
      editing_links_ = false;
    }
    ImGui::SameLine();
    if (ImGui::Button(tr("view.controls.heal_all"))) bus.post(HealAll{});
    help("view.controls.heal_all_help");
    ImGui::Separator();
    ImGui::TextDisabled("%s", tr("view.controls.network_hint"));
    ImGui::EndPopup();
  }

  void run_menu(const ClusterView& model, UiBus& bus) {
    if (ImGui::Button(tr_id("view.controls.run", "run").c_str())) {
      ImGui::OpenPopup("run_popup");
      open_error_.clear();
    }
    help("view.controls.run_help");
    if (!ImGui::BeginPopup("run_popup")) return;
    if (ImGui::Selectable(tr("view.controls.attach_menu"))) {
      dialog_.open();
      ImGui::CloseCurrentPopup();
    }
    help("view.controls.attach_help");
    ImGui::Separator();
    ImGui::TextUnformatted(tr("view.controls.new_ensemble"));
    ImGui::SetNextItemWidth(ImGui::GetFontSize() * 8);
    ImGui::SliderInt(tr("view.controls.servers"), &voters_, 1, 9, "%d", ImGuiSliderFlags_AlwaysClamp);
    // How many may fail: a quorum is a strict majority (QuorumMaj), so 2N+1 voters survive
    // N failures and 2N+2 no more.
    const int quorum = voters_ / 2 + 1;
    ImGui::TextDisabled("%s", fill(tr("view.controls.tolerates"), voters_, quorum, voters_ - quorum).c_str());
    ImGui::SetNextItemWidth(ImGui::GetFontSize() * 8);
    ImGui::SliderInt(tr("view.controls.observers"), &observers_, 0, 3);
    ImGui::SetNextItemWidth(ImGui::GetFontSize() * 8);
    if (seed_ == 0) seed_ = static_cast<int>(model.seed);
    ImGui::InputInt(tr("view.controls.seed"), &seed_);
    seed_ = std::max(seed_, 1);
    if (ImGui::Button(tr("view.controls.start_new"))) {
      bus.post(NewEnsemble{voters_, observers_, static_cast<std::uint64_t>(seed_)});
      ImGui::CloseCurrentPopup();
    }
    help("view.controls.start_new_help");
    ImGui::SameLine();
    if (ImGui::Button(tr("view.controls.reset"))) {
      bus.post(ResetRun{});
      ImGui::CloseCurrentPopup();
    }
    help("view.controls.reset_help");
    // The built-in scenarios: each opens at its start, its title and description on a card.
    if (!model.scenarios.empty()) {
      ImGui::Separator();
      ImGui::TextUnformatted(tr("view.controls.scenarios"));
      for (const view::ScenarioCard& sc : model.scenarios) {
        const bool open = model.scenario && model.scenario->name == sc.name;
        const std::string label = fill("{0}###scenario_{1}", sc.title.empty() ? sc.name : sc.title, sc.name);
        if (ImGui::Selectable(label.c_str(), open)) {
          bus.post(OpenScenario{sc.name});
          ImGui::CloseCurrentPopup();
        }
      }
    }
    ImGui::Separator();
    if (config_.draw("##zoocfg", tr("view.controls.config_hint")) ||
        (ImGui::SameLine(), ImGui::Button(tr("view.controls.open_config")))) {
      bus.post(OpenConfig{config_.value()});
    }
    if (run_path_.value().empty()) run_path_.set("zooscope-run.json");
    run_path_.draw("##runpath", tr("view.controls.run_hint"));
    ImGui::SameLine();
    if (ImGui::Button(tr("view.controls.save_run"))) bus.post(SaveRun{run_path_.value()});
    help("view.controls.save_run_help");
    ImGui::SameLine();
    if (ImGui::Button(tr("view.controls.load_run"))) bus.post(LoadRun{run_path_.value()});
    // A recording of an attach (zooscope attach --record, or Record… while attached).
    ImGui::Separator();
    ImGui::TextUnformatted(tr("view.controls.open_recording"));
    help("view.controls.open_recording_help");
    // The frame after Open: the driver's notice (in last_happening) is why it did not open.
    if (open_posted_) {
      open_posted_ = false;
      open_error_ = model.last_happening;
    }
    if (recording_path_.draw("##recordingpath", tr("view.controls.open_recording_hint")) ||
        (ImGui::SameLine(), ImGui::Button(tr("view.controls.open")))) {
      bus.post(OpenRecording{recording_path_.value()});
      open_posted_ = true;
    }
    // A file that did not open says why right here (the status bar says it too).
    if (!open_error_.empty()) {
      ImGui::PushTextWrapPos(ImGui::GetFontSize() * 34);
      text_wrapped_colored(kErrorColor, open_error_);
      ImGui::PopTextWrapPos();
    }
    if (model.branches > 0) {
      ImGui::Separator();
      ImGui::Text("%s %zu", tr("view.controls.branches"), model.branches);
      help("view.controls.branches_help");
      for (std::size_t i = 0; i < model.branches; ++i) {
        ImGui::SameLine();
        const std::string b = fmt::format("{}##branch{}", i + 1, i);
        if (ImGui::SmallButton(b.c_str())) bus.post(SwitchBranch{i});
      }
      ImGui::SameLine();
      if (ImGui::SmallButton(tr("view.controls.discard_branches"))) bus.post(DiscardBranches{});
    }
    ImGui::Separator();
    if (export_.value().empty()) export_.set("zooscope");
    export_.draw("##export", "zooscope");
    ImGui::SameLine();
    if (ImGui::Button(tr("view.controls.export_png"))) bus.post(ExportPng{export_.value() + ".png"});
    ImGui::SameLine();
    if (ImGui::Button(tr("view.controls.export_svg"))) bus.post(ExportTimelineSvg{export_.value() + "-timeline.svg"});
    ImGui::EndPopup();
  }

  // The shipped labs by title in the current language; choosing one opens it.
  static void labs_menu(const ClusterView& model, UiBus& bus) {
    if (ImGui::Button(tr_id("view.controls.labs", "labs").c_str())) ImGui::OpenPopup("labs_popup");
    help("view.controls.labs_help");
    if (!ImGui::BeginPopup("labs_popup")) return;
    if (model.labs.empty()) ImGui::TextDisabled("%s", tr("view.controls.no_labs"));
    for (const view::LabListEntry& l : model.labs) {
      const bool open = model.lab && model.lab->lab_id == l.id;
      const std::string label = fill("{0}###lab_{1}", l.title, l.id);
      if (ImGui::Selectable(label.c_str(), open)) bus.post(LabOpen{l.id});
    }
    if (model.lab) {
      ImGui::Separator();
      if (ImGui::Selectable(tr("view.controls.close_lab"))) bus.post(LabClose{});
    }
    ImGui::EndPopup();
  }

  void display_menu(const ClusterView& model, UiBus& bus) {
    bool presenter = model.presenter;
    if (ImGui::Checkbox(tr("view.controls.presenter"), &presenter)) bus.post(SetPresenter{presenter, 1.75f});
    help("view.controls.presenter_help");
    ImGui::SameLine();
    ImGui::SetNextItemWidth(ImGui::GetFontSize() * 6);
    const auto& langs = supported_languages();
    // The chosen language shows, each by its own name; what the box is says its tooltip.
    if (ImGui::BeginCombo("##lang", language_name(current_language()))) {
      for (const std::string& l : langs) {
        if (ImGui::Selectable(language_name(l), l == current_language())) bus.post(SetLanguage{l});
      }
      ImGui::EndCombo();
    }
    help("view.controls.language");
  }

  void scrub_bar(const ClusterView& model, UiBus& bus) {
    const Ms end = std::max<Ms>({model.furthest_ms, model.now, 1});
    int at = static_cast<int>(std::min<Ms>(model.now, std::numeric_limits<int>::max()));
    ImGui::SetNextItemWidth(-ImGui::GetFontSize() * 12);
    const std::string fmt_text = fmt::format("{:.3f} s / {:.3f} s", static_cast<double>(model.now) / 1000.0,
                                             static_cast<double>(end) / 1000.0);
    if (ImGui::SliderInt("##scrub", &at, 0, static_cast<int>(std::min<Ms>(end, std::numeric_limits<int>::max())),
                         fmt_text.c_str(), ImGuiSliderFlags_AlwaysClamp)) {
      bus.post(SeekTime{at});
    }
    help("view.controls.scrub_help");
    ImGui::SameLine();
    ImGui::Text("%s %llu", tr("view.controls.event"), static_cast<unsigned long long>(model.events_processed));
  }

  bool slow_wrapped_ = false;  // the slow-motion checkbox started the second row
  bool editing_links_ = false;
  int loss_ = 0;
  int lat_min_ = 1;
  int lat_max_ = 5;
  int voters_ = 3;
  int observers_ = 0;
  int seed_ = 0;
  PathField config_;
  PathField run_path_;
  PathField export_;
  PathField record_path_;
  bool record_posted_ = false;  // Start was pressed: the popup waits for the file to open
  PathField recording_path_;
  bool open_posted_ = false;  // Open was pressed last frame
  std::string open_error_;    // why the recording named did not open
  AttachDialog dialog_;
};

}  // namespace

std::unique_ptr<View> make_controls_view() { return std::make_unique<ControlsView>(); }

}  // namespace zs::gui

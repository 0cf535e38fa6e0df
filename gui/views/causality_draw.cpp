// The picked message's chain on screen (causality_draw.hpp).
#include "views/causality_draw.hpp"

#include <algorithm>
#include <cmath>
#include <tuple>
#include <utility>

#include "i18n.hpp"
#include "views/messages.hpp"
#include "views/widgets.hpp"

namespace zs::gui {
namespace {

constexpr std::size_t kCaptionGroups = 4;  // kinds of effects the sentence names; then "…"

// "2× ACK 0x100000001, COMMIT 0x100000001": equal labels counted, in order of first appearance.
std::string grouped(const std::vector<const view::CausalMessage*>& msgs, std::size_t max_groups, bool more) {
  std::vector<std::pair<std::string, int>> groups;
  for (const view::CausalMessage* c : msgs) {
    std::string label = message_label(c->env.msg, c->words);
    bool counted = false;
    for (auto& [l, n] : groups) {
      if (l == label) {
        ++n;
        counted = true;
        break;
      }
    }
    if (!counted) groups.emplace_back(std::move(label), 1);
  }
  std::string out;
  for (std::size_t i = 0; i < groups.size() && i < max_groups; ++i) {
    if (!out.empty()) out += tr("causality.list_sep");
    if (groups[i].second > 1) out += fmt::format("{}× ", groups[i].second);
    out += groups[i].first;
  }
  if (groups.size() > max_groups || more) out += tr("causality.more");
  return out;
}

// What started the step that sent the picked message, when no message did.
std::string origin_words(const ClusterView& m, const Causality& c) {
  const Sid sid = c.selected.env.source;
  switch (c.origin) {
    case view::StepOrigin::Message: break;
    case view::StepOrigin::ClientCall: return fill(tr("causality.origin.client"), sid);
    case view::StepOrigin::Fault: {
      if (m.trace != nullptr && c.origin_event < m.trace->size()) {
        const TraceEvent ev = (*m.trace)[c.origin_event];
        const auto* f = std::get_if<Fault>(&ev.body);
        if (f != nullptr && (f->kind == FaultKind::Start || f->kind == FaultKind::Restart))
          return fill(tr("causality.origin.start"), f->sid);
      }
      return tr("causality.origin.action");
    }
    case view::StepOrigin::Local: return fill(tr("causality.origin.local"), sid);
  }
  return {};
}

// The records on the effect side a viewer cares about: a vote that changed, a client answered.
std::string effect_event_words(const ClusterView& m, const Causality& c) {
  std::string out;
  if (m.trace == nullptr) return out;
  for (const std::size_t i : c.effect_events) {
    if (i >= m.trace->size()) continue;
    const TraceEvent ev = (*m.trace)[i];
    std::string w;
    if (const auto* v = std::get_if<VoteChanged>(&ev.body)) {
      if (v->because_of != 0 && (v->to.leader != v->from.leader || v->to.zxid != v->from.zxid))
        w = fill(tr("causality.vote_changed"), v->sid, v->to.leader, hex(v->to.zxid));
    } else if (const auto* op = std::get_if<ClientOp>(&ev.body)) {
      if (op->stage == ClientOpStage::Completed) w = fill(tr("causality.client_answer"), op->sid);
    }
    if (w.empty() || out.find(w) != std::string::npos) continue;
    if (!out.empty()) out += tr("causality.list_sep");
    out += w;
  }
  return out;
}

}  // namespace

ImU32 role_color(Causality::Role role) {
  switch (role) {
    case Causality::Role::Selected: return kPickedColor;
    case Causality::Role::Cause: return kCauseColor;
    case Causality::Role::Effect: return kEffectColor;
    case Causality::Role::None: break;
  }
  return 0;
}

const char* role_words(Causality::Role role) {
  switch (role) {
    case Causality::Role::Selected: return tr("causality.tip.selected");
    case Causality::Role::Cause: return tr("causality.tip.cause");
    case Causality::Role::Effect: return tr("causality.tip.effect");
    case Causality::Role::None: break;
  }
  return "";
}

CausalityCaption causality_caption_parts(const ClusterView& m) {
  const Causality* c = picked_chain(m);
  if (c == nullptr) return {};
  CausalityCaption out;
  const view::CausalMessage& s = c->selected;
  out.picked = fill(tr("causality.selected"), message_label(s.env.msg, s.words), s.env.source, s.env.target);

  std::vector<const view::CausalMessage*> direct;
  for (const view::CausalMessage& x : c->causes)
    if (x.depth == 1) direct.push_back(&x);
  out.because = fill(tr("causality.caused_by"),
                     direct.empty() ? origin_words(m, *c) : grouped(direct, kCaptionGroups, false));

  if (s.ended == view::kNoTraceIndex) {
    out.caused = tr("causality.in_flight");
  } else if (s.dropped) {
    out.caused = tr("causality.dropped");
  } else {
    std::vector<const view::CausalMessage*> all;
    for (const view::CausalMessage& x : c->effects) all.push_back(&x);
    std::string list = all.empty() ? std::string() : grouped(all, kCaptionGroups, c->effects_cut);
    const std::string events = effect_event_words(m, *c);
    if (!events.empty()) list = list.empty() ? events : list + tr("causality.list_sep") + events;
    out.caused = list.empty() ? std::string(tr("causality.caused_nothing")) : fill(tr("causality.caused"), list);
  }
  return out;
}

std::string causality_caption(const ClusterView& m) {
  const CausalityCaption c = causality_caption_parts(m);
  if (c.picked.empty()) return {};
  return c.picked + "\n" + c.because + "\n" + c.caused;
}

namespace {

// Every cause and effect, one a line (at most a screenful each).
void chain_tooltip(const Causality& c) {
  constexpr std::size_t kLines = 16;
  ImGui::BeginTooltip();
  for (const auto& [list, key, col] : {std::tuple{&c.causes, "causality.tip.causes", kCauseColor},
                                      std::tuple{&c.effects, "causality.tip.effects", kEffectColor}}) {
    ImGui::TextColored(ImColor(col), "%s", fill(tr(key), list->size()).c_str());
    for (std::size_t i = 0; i < list->size() && i < kLines; ++i) {
      const view::CausalMessage& x = (*list)[i];
      ImGui::Text("  %s (server.%lld -> server.%lld)", message_label(x.env.msg, x.words).c_str(),
                  static_cast<long long>(x.env.source), static_cast<long long>(x.env.target));
    }
    if (list->size() > kLines) ImGui::TextDisabled("  \xE2\x80\xA6");
  }
  ImGui::TextDisabled("%s", tr("causality.clear_help"));
  ImGui::EndTooltip();
}

}  // namespace

void causality_bar(const ClusterView& m, UiBus& bus) {
  const Causality* c = picked_chain(m);
  if (c == nullptr) return;
  if (ImGui::SmallButton(tr("causality.clear"))) bus.post(SelectMessage{});
  if (ImGui::IsItemHovered()) ImGui::SetTooltip("%s", tr("causality.clear_help"));
  ImGui::SameLine();
  // A line per part, each in its colour, wrapped at the pane's edge.
  const CausalityCaption caption = causality_caption_parts(m);
  ImGui::BeginGroup();
  ImGui::PushTextWrapPos(0.0f);
  text_wrapped_colored(kPickedColor, caption.picked);
  text_wrapped_colored(kCauseColor, caption.because);
  text_wrapped_colored(kEffectColor, caption.caused);
  ImGui::PopTextWrapPos();
  ImGui::EndGroup();
  if (ImGui::IsItemHovered()) chain_tooltip(*c);
}

bool message_dot_hover(const ClusterView& m, const std::vector<MessageDot>& dots, UiBus& bus) {
  const ImVec2 mouse = ImGui::GetIO().MousePos;
  const MessageDot* best = nullptr;
  float best_d = 1e9f;
  for (const MessageDot& d : dots) {
    const float dist = std::hypot(mouse.x - d.at.x, mouse.y - d.at.y);
    if (dist <= d.radius + 4.0f && dist < best_d && d.index < m.messages.size()) {
      best_d = dist;
      best = &d;
    }
  }
  if (best == nullptr) return false;
  const InFlightMessage& f = m.messages[best->index];
  const std::string label =
      message_label(f.env.msg, best->index < m.message_words.size() ? m.message_words[best->index] : std::string());
  ImGui::BeginTooltip();
  ImGui::TextUnformatted(label.c_str());
  ImGui::Text("server.%lld -> server.%lld", static_cast<long long>(f.env.source), static_cast<long long>(f.env.target));
  if (const Causality* c = picked_chain(m)) {
    const Causality::Role r = c->role(f.id);
    if (r != Causality::Role::None) ImGui::TextColored(ImColor(role_color(r)), "%s", role_words(r));
  }
  ImGui::TextDisabled("%s", tr("view.timeline.click_message"));
  ImGui::EndTooltip();
  if (ImGui::IsItemClicked(ImGuiMouseButton_Left)) bus.post(SelectMessage{f.id, f.sent_at});
  return true;
}

}  // namespace zs::gui

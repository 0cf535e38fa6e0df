// The timeline (timeline.hpp). Cost per frame: two binary searches for the events in view,
// then either each of them (at most kDetailBudget) or, zoomed out, a few samples per pixel
// column; the state bands come from the index of StateChanged events. Nothing walks the
// whole trace.
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <string>

#include <imgui_internal.h>  // ScrollbarEx

#include "i18n.hpp"
#include "views/causality_draw.hpp"
#include "views/messages.hpp"
#include "views/text_sink.hpp"
#include "views/observed_text.hpp"
#include "views/theme.hpp"
#include "views/timeline.hpp"
#include "views/widgets.hpp"

namespace zs::gui {
namespace {

constexpr std::size_t kDetailBudget = 2500;  // events drawn one by one (~14 vertices an arrow); more: density
constexpr int kSamplesPerColumn = 3;         // events looked at per pixel column when dense
constexpr double kMinMsPerPx = 0.02;         // closest zoom: 50 px per ms
constexpr float kHoverPx = 5;
constexpr ImU32 kCursorColor = IM_COL32(255, 255, 255, 235);
constexpr ImU32 kLaneLineColor = IM_COL32(255, 255, 255, 38);
constexpr ImU32 kGridColor = IM_COL32(255, 255, 255, 22);
constexpr ImU32 kOffChainColor = IM_COL32(150, 150, 150, 80);  // a message off the picked chain

ImU32 with_alpha(ImU32 c, int a) {
  return (c & ~IM_COL32_A_MASK) | (static_cast<ImU32>(a) << IM_COL32_A_SHIFT);
}

float dist_to_segment(ImVec2 p, ImVec2 a, ImVec2 b) {
  const float dx = b.x - a.x;
  const float dy = b.y - a.y;
  const float len2 = dx * dx + dy * dy;
  float u = len2 > 0 ? ((p.x - a.x) * dx + (p.y - a.y) * dy) / len2 : 0;
  u = std::clamp(u, 0.0f, 1.0f);
  const float cx = a.x + u * dx - p.x;
  const float cy = a.y + u * dy - p.y;
  return std::sqrt(cx * cx + cy * cy);
}

// 1, 2 or 5 x 10^k ms, so that ticks are at least `min_px` apart.
double tick_step(double ms_per_px, float min_px) {
  const double want = ms_per_px * min_px;
  for (double base = 1; base < 1e12; base *= 10)
    for (double m : {1.0, 2.0, 5.0})
      if (base * m >= want) return base * m;
  return 1e12;
}

// Seconds once ticks are a second or more apart (or the times are large); ms when close.
void tick_label(char* buf, std::size_t n, double t, double step) {
  if (step >= 1000) std::snprintf(buf, n, "%.0f s", t / 1000);
  else if (step >= 100) std::snprintf(buf, n, "%.1f s", t / 1000);
  else if (step >= 10 && t >= 10000) std::snprintf(buf, n, "%.2f s", t / 1000);
  else std::snprintf(buf, n, "%.0f ms", t);
}

MessageId message_id(const TraceEvent& ev) {
  if (const auto* d = std::get_if<MessageDelivered>(&ev.body)) return d->id;
  if (const auto* x = std::get_if<MessageDropped>(&ev.body)) return x->id;
  return 0;
}

const Envelope* message_env(const TraceEvent& ev, Ms* sent_at) {
  if (const auto* d = std::get_if<MessageDelivered>(&ev.body)) {
    *sent_at = d->sent_at;
    return &d->env;
  }
  if (const auto* x = std::get_if<MessageDropped>(&ev.body)) {
    *sent_at = x->sent_at;
    return &x->env;
  }
  return nullptr;
}

void arrow_head(ImDrawList* dl, ImVec2 from, ImVec2 to, ImU32 col, float size) {
  const float dx = to.x - from.x;
  const float dy = to.y - from.y;
  const float len = std::sqrt(dx * dx + dy * dy);
  if (len < 2 * size) return;
  const float ux = dx / len;
  const float uy = dy / len;
  const ImVec2 base{to.x - ux * size, to.y - uy * size};
  dl->AddTriangleFilled(to, {base.x - uy * size * 0.5f, base.y + ux * size * 0.5f},
                        {base.x + uy * size * 0.5f, base.y - ux * size * 0.5f}, col);
}

void dashed(ImDrawList* dl, ImVec2 a, ImVec2 b, ImU32 col, float thickness) {
  const float dx = b.x - a.x;
  const float dy = b.y - a.y;
  const float len = std::sqrt(dx * dx + dy * dy);
  const int dashes = std::clamp(static_cast<int>(len / 6), 1, 12);
  for (int i = 0; i < dashes; ++i) {
    const float u0 = static_cast<float>(i) / static_cast<float>(dashes);
    const float u1 = u0 + 0.6f / static_cast<float>(dashes);
    dl->AddLine({a.x + dx * u0, a.y + dy * u0}, {a.x + dx * u1, a.y + dy * u1}, col, thickness);
  }
}

std::string ack_list(std::uint64_t mask) {
  std::string s;
  for (int b = 0; b < 64; ++b) {
    if ((mask >> b) & 1) {
      if (!s.empty()) s += ", ";
      s += std::to_string(b + 1);
    }
  }
  return s;
}

}  // namespace

std::string TimelineView::title() const { return tr_id("view.timeline.title", "timeline"); }

void TimelineView::show_range(double t0, double t1) {
  fit_ = false;
  pending_t0_ = t0;
  pending_t1_ = std::max(t1, t0 + 1);
}

void TimelineView::focus_chain(const ClusterView& m, Ms end) {
  // A newly picked message's neighbourhood (two hops each way) that would be a sliver of the
  // view, or out of it, is brought into view.
  const Causality* chain = picked_chain(m);
  const MessageId id = chain != nullptr ? chain->selected.id : 0;
  if (id == last_pick_) return;
  last_pick_ = id;
  if (chain == nullptr) return;
  double t_min = static_cast<double>(chain->selected.sent_at);
  double t_max = t_min;
  auto take = [&](const view::CausalMessage& c) {
    if (c.depth > 2) return;
    t_min = std::min(t_min, static_cast<double>(c.sent_at));
    t_max = std::max(t_max, static_cast<double>(c.ended_at != kNever ? c.ended_at : c.sent_at));
  };
  take(chain->selected);
  for (const view::CausalMessage& c : chain->causes) take(c);
  for (const view::CausalMessage& c : chain->effects) take(c);
  const double v0 = fit_ ? 0.0 : axis_.t0;
  const double v1 = fit_ ? static_cast<double>(end) : axis_.t1();
  const double span = t_max - t_min;
  if (t_min >= v0 && t_max <= v1 && span >= 0.12 * (v1 - v0)) return;
  const double pad = std::max(0.15 * span, 10.0);
  show_range(std::max(-pad, t_min - pad), t_max + pad);
}

void TimelineView::zoom(double factor, double t_center, float x_center) {
  fit_ = false;
  axis_.ms_per_px = std::max(kMinMsPerPx, axis_.ms_per_px * factor);
  axis_.t0 = t_center - (x_center - axis_.x0) * axis_.ms_per_px;
}

void TimelineView::clamp(Ms end) {
  const double max_ms_per_px = std::max(kMinMsPerPx, static_cast<double>(end) * 1.05 / axis_.width);
  axis_.ms_per_px = std::clamp(axis_.ms_per_px, kMinMsPerPx, max_ms_per_px);
  const double w = axis_.width * axis_.ms_per_px;
  const double lo = -0.02 * w;
  axis_.t0 = std::clamp(axis_.t0, lo, std::max(lo, static_cast<double>(end) - 0.5 * w));
}

void TimelineView::toolbar(const ClusterView& m, UiBus& bus) {
  const double now = static_cast<double>(m.now);
  const bool now_in_view = now >= axis_.t0 && now <= axis_.t1();
  const double tc = now_in_view ? now : (axis_.t0 + axis_.t1()) / 2;
  if (ImGui::Button("-##zoom_out")) zoom(1.5, tc, axis_.x_of(tc));
  if (ImGui::IsItemHovered()) ImGui::SetTooltip("%s", tr("view.timeline.zoom_out"));
  ImGui::SameLine();
  if (ImGui::Button("+##zoom_in")) zoom(1 / 1.5, tc, axis_.x_of(tc));
  if (ImGui::IsItemHovered()) ImGui::SetTooltip("%s", tr("view.timeline.zoom_in"));
  ImGui::SameLine();
  if (ImGui::Button(tr("view.timeline.fit"))) fit_ = true;
  if (ImGui::IsItemHovered()) ImGui::SetTooltip("%s", tr("view.timeline.fit_help"));

  // The rest of the row: the two options and the legend (a swatch per message family, its
  // protocol name, what it is on hover). When they do not fit on the row (a narrow pane, large
  // text) they move into a "…" menu, so the lanes keep their height.
  const ImGuiStyle& style = ImGui::GetStyle();
  const float sw = ImGui::GetTextLineHeight() * 0.7f;
  const char* follow = tr("view.timeline.follow");
  const char* pings = tr("view.timeline.hide_pings");
  float need = checkbox_width(follow) + checkbox_width(pings) + 2 * style.ItemSpacing.x;
  for (const MessageFamily f : kMessageFamilies) {
    if (f == MessageFamily::Ping && m.hide_pings) continue;
    need += style.ItemSpacing.x * 1.5f + sw + 3 + ImGui::CalcTextSize(family_label(f)).x;
  }
  auto options = [&](bool in_row) {
    if (in_row) ImGui::SameLine();
    ImGui::Checkbox(follow, &follow_);
    if (ImGui::IsItemHovered()) ImGui::SetTooltip("%s", tr("view.timeline.follow_help"));
    if (in_row) ImGui::SameLine();
    bool hide = m.hide_pings;
    if (ImGui::Checkbox(pings, &hide)) bus.post(SetHidePings{hide});
    if (ImGui::IsItemHovered()) ImGui::SetTooltip("%s", tr("view.log.hide_pings_help"));
    for (const MessageFamily f : kMessageFamilies) {
      if (f == MessageFamily::Ping && m.hide_pings) continue;
      if (in_row) ImGui::SameLine(0, style.ItemSpacing.x * 1.5f);
      ImGui::AlignTextToFramePadding();
      const ImVec2 p = ImGui::GetCursorScreenPos();
      const float y = p.y + (ImGui::GetFrameHeight() - sw) / 2;
      ImGui::GetWindowDrawList()->AddRectFilled({p.x, y}, {p.x + sw, y + sw}, family_color(f), 2);
      ImGui::Dummy({sw, ImGui::GetFrameHeight()});
      ImGui::SameLine(0, 3);
      ImGui::TextUnformatted(family_label(f));
      if (ImGui::IsItemHovered()) ImGui::SetTooltip("%s", tr(family_key(f)));
    }
  };
  const float right = ImGui::GetWindowContentRegionMax().x + ImGui::GetWindowPos().x;
  if (ImGui::GetItemRectMax().x + need <= right) {
    options(true);
    return;
  }
  ImGui::SameLine();
  if (ImGui::Button("\xE2\x80\xA6##timeline_more")) ImGui::OpenPopup("timeline_more");
  if (ImGui::IsItemHovered()) ImGui::SetTooltip("%s", tr("view.timeline.more"));
  if (ImGui::BeginPopup("timeline_more")) {
    options(false);
    ImGui::EndPopup();
  }
}

void TimelineView::draw_states(const ClusterView& m, ImDrawList* dl, float lane_top, float lane_h,
                               const ImVec2& mouse) {
  const std::size_t n = m.peers.size();
  const float ls = line_scale();
  const float band_h = std::clamp(lane_h * 0.18f, 3.0f, 7.0f) * ls;
  const double t_end = std::min(static_cast<double>(m.now), axis_.t1());
  const float x_end = axis_.x_of(t_end);
  auto lane_y = [&](std::size_t i) { return lane_top + (static_cast<float>(i) + 0.5f) * lane_h; };
  auto band = [&](std::size_t i, float xa, float xb, PeerStatus s) {
    if (xb <= xa) return;
    const float y = lane_y(i);
    dl->AddRectFilled({xa, y - band_h / 2}, {xb, y + band_h / 2}, with_alpha(status_color(s), 210));
  };

  // Each lane's state at the left edge: the `from` of its first change after it, or its
  // state now when it has not changed since.
  state_.assign(n, PeerStatus::Down);
  for (std::size_t i = 0; i < n; ++i) state_[i] = m.peers[i].status;
  band_x_.assign(n, axis_.x_of(std::max(0.0, axis_.t0)));
  last_dot_x_.assign(n, -1e9f);
  if (m.trace == nullptr) {
    for (std::size_t i = 0; i < n; ++i) band(i, band_x_[i], x_end, state_[i]);
    return;
  }
  const TraceLog& trace = *m.trace;
  const auto& sc = index_.state_changes();
  const std::size_t k0 = TimelineIndex::first_at_or_after(trace, sc, static_cast<Ms>(std::floor(axis_.t0)));
  resolved_.assign(n, 0);
  std::size_t left = n;
  for (std::size_t k = k0; k < sc.size() && left > 0; ++k) {
    const StateChanged s = std::get<StateChanged>(trace[sc[k]].body);  // a copy: trace[] decodes into a temporary
    const int i = lane(s.sid);
    if (i < 0 || resolved_[static_cast<std::size_t>(i)]) continue;
    resolved_[static_cast<std::size_t>(i)] = 1;
    state_[static_cast<std::size_t>(i)] = s.from;
    --left;
  }
  const std::size_t k1 = TimelineIndex::first_at_or_after(trace, sc, static_cast<Ms>(std::ceil(axis_.t1())) + 1);
  const bool dots = k1 - k0 <= 1500;  // beyond that a dot per change would be a smear
  const float r = 3.5f * ls;
  for (std::size_t k = k0; k < k1; ++k) {
    const TraceEvent& ev = trace[sc[k]];
    const auto& s = std::get<StateChanged>(ev.body);
    const int li = lane(s.sid);
    if (li < 0) continue;
    const auto i = static_cast<std::size_t>(li);
    const float x = axis_.x_of(static_cast<double>(ev.at));
    if (x - band_x_[i] >= 1.0f) {  // narrower segments are covered by the next one
      band(i, band_x_[i], x, state_[i]);
      band_x_[i] = x;
    }
    state_[i] = s.to;
    if (!dots || x - last_dot_x_[i] < 2 * r) continue;
    last_dot_x_[i] = x;
    const ImVec2 c{x, lane_y(i)};
    dl->AddCircleFilled(c, r + 1, IM_COL32(20, 20, 20, 255), 10);
    dl->AddCircleFilled(c, r, status_color(s.to), 10);
    const float d = std::hypot(mouse.x - c.x, mouse.y - c.y);
    if (d < r + kHoverPx && d < hover_.dist) hover_ = {Hover::Kind::State, sc[k], d};
  }
  for (std::size_t i = 0; i < n; ++i) band(i, band_x_[i], x_end, state_[i]);

  // Commits, on the leader's lane: a small green tick above the band, at least 4 px apart.
  // Each lane jumps from a tick to the first commit 4 px later (a binary search), so the cost
  // is the ticks drawn, not the commits of the run (tens of thousands in a long run).
  const ImU32 green = family_color(MessageFamily::Commit);
  const Ms view_t0 = static_cast<Ms>(std::floor(axis_.t0));
  const Ms view_t1 = static_cast<Ms>(std::ceil(axis_.t1())) + 1;
  for (std::size_t i = 0; i < n; ++i) {
    const auto& cm = index_.commits_of(m.peers[i].sid);
    const std::size_t c1 = TimelineIndex::first_at_or_after(trace, cm, view_t1);
    std::size_t k = TimelineIndex::first_at_or_after(trace, cm, view_t0);
    while (k < c1) {
      const float x = axis_.x_of(static_cast<double>(trace.at(cm[k])));
      const float y = lane_y(i) - band_h / 2 - 2;
      dl->AddTriangleFilled({x, y}, {x - 3.5f * ls, y - 7 * ls}, {x + 3.5f * ls, y - 7 * ls}, green);
      const float d = std::hypot(mouse.x - x, mouse.y - (y - 3.5f * ls));
      if (d < 4 * ls + kHoverPx && d < hover_.dist) hover_ = {Hover::Kind::Commit, cm[k], d};
      // The next tick: the first commit at least 4 px to the right.
      const Ms t_next = static_cast<Ms>(std::floor(axis_.t_at(x + 4)));
      std::size_t next = k + 1;
      if (next < c1 && trace.at(cm[next]) < t_next)
        next = TimelineIndex::gallop_at_or_after(trace, cm, t_next, next);
      while (next < c1 && axis_.x_of(static_cast<double>(trace.at(cm[next]))) - x < 4) ++next;
      k = next;
    }
  }
}

int TimelineView::lane(Sid sid) const {
  if (sid >= 0 && static_cast<std::size_t>(sid) < lane_by_sid_.size()) return lane_by_sid_[static_cast<std::size_t>(sid)];
  return -1;
}

void TimelineView::draw_messages(const ClusterView& m, ImDrawList* dl, float lane_top, float lane_h,
                                 float plot_bottom, const ImVec2& mouse) {
  const std::size_t n = m.peers.size();
  const float ls = line_scale();
  auto lane_y = [&](int i) { return lane_top + (static_cast<float>(i) + 0.5f) * lane_h; };
  last_x_.assign(n * n, -1);
  const float left = axis_.x0;
  const float right = axis_.x0 + axis_.width;

  // A picked message's chain is drawn last, on top, in its colours (draw_chain); the rest
  // dimmed.
  const Causality* chain = picked_chain(m);
  // One message: an arrow, or a red stub that stops halfway and falls off.
  auto draw_one = [&](const Envelope& env, Ms sent_at, Ms at, bool dropped, std::size_t index, Hover::Kind kind,
                      int alpha, MessageId id, ImU32 role = 0) {
    const int si = lane(env.source);
    const int ti = lane(env.target);
    if (si < 0 || ti < 0) return;
    const ImVec2 a{axis_.x_of(static_cast<double>(sent_at)), lane_y(si)};
    ImVec2 b{axis_.x_of(static_cast<double>(at)), lane_y(ti)};
    if (dropped) b = {a.x + (b.x - a.x) * 0.5f, a.y + (b.y - a.y) * 0.45f};
    if (std::max(a.x, b.x) < left || std::min(a.x, b.x) > right) return;
    const MessageFamily f = family_of(env.msg);
    if (f == MessageFamily::Ping && m.hide_pings && role == 0) return;
    if (chain != nullptr && role == 0 && chain->role(id) != Causality::Role::None) return;  // drawn with the chain
    // Arrows narrower than a pixel all look alike: one per column and pair of lanes.
    const bool vertical = std::abs(b.x - a.x) < 1.0f;
    if (vertical && role == 0) {
      const int col = static_cast<int>(b.x);
      int& last = last_x_[static_cast<std::size_t>(si) * n + static_cast<std::size_t>(ti)];
      if (last == col && kind == Hover::Kind::Message) return;
      last = col;
    }
    // Off the chain while one is picked: grey and faint, so every colour is the chain's.
    const ImU32 col = role != 0           ? role
                      : chain != nullptr ? kOffChainColor
                      : dropped          ? kErrorColor
                                         : with_alpha(family_color(f), alpha);
    // On the chain: thick, the picked one thicker still.
    const float w = role == 0 ? 1.0f : role == kPickedColor ? 3.2f : 2.4f;
    if (dropped) {
      dashed(dl, a, b, col, 1.5f * w * ls);
      dl->AddLine({b.x - 3, b.y + 2}, {b.x + 3, b.y + 8}, col, 1.5f * w * ls);  // falls off
    } else {
      dl->AddLine(a, b, col, 1.3f * w * ls);
      arrow_head(dl, a, b, col, (role == 0 ? 6.0f : 9.0f) * ls);
    }
    if (mouse.x >= left && mouse.x <= right && mouse.y <= plot_bottom) {
      const float d = dist_to_segment(mouse, a, b);
      if (d < kHoverPx && d < hover_.dist) hover_ = {kind, index, d};
    }
  };

  // Messages on their way now, up to their arrival (in the future part when it is kept).
  for (std::size_t k = 0; k < m.messages.size(); ++k) {
    const InFlightMessage& f = m.messages[k];
    draw_one(f.env, f.sent_at, f.arrive_at, false, k, Hover::Kind::Flight, 110, f.id);
  }
  if (m.trace == nullptr) return;
  // The chain over everything else: effects, causes, then the picked message on top.
  auto draw_chain = [&]() {
    if (chain == nullptr) return;
    auto one = [&](const view::CausalMessage& c, ImU32 role) {
      std::size_t index = c.ended;
      Hover::Kind kind = Hover::Kind::Message;
      Ms at = c.ended_at;
      if (c.ended == view::kNoTraceIndex) {  // on its way: the in-flight list has it
        kind = Hover::Kind::Flight;
        index = m.messages.size();
        for (std::size_t k = 0; k < m.messages.size(); ++k)
          if (m.messages[k].id == c.id) index = k;
        if (index == m.messages.size()) return;
        at = m.messages[index].arrive_at;
      }
      draw_one(c.env, c.sent_at, at, c.dropped, index, kind, 255, c.id, role);
    };
    for (const view::CausalMessage& c : chain->effects) one(c, kEffectColor);
    for (const view::CausalMessage& c : chain->causes) one(c, kCauseColor);
    one(chain->selected, kPickedColor);
  };

  const TraceLog& trace = *m.trace;
  const Ms t0 = static_cast<Ms>(std::floor(axis_.t0));
  const Ms t1 = static_cast<Ms>(std::ceil(axis_.t1()));
  // Arrows are stored at their delivery: look a little past the right edge for those sent
  // inside the view and delivered after it.
  const std::size_t first = first_at_or_after(trace, t0, 0, trace.size());
  const std::size_t last_in_view = first_at_or_after(trace, t1 + 1, first, trace.size());
  const std::size_t last = first_at_or_after(trace, t1 + 1 + index_.max_latency_ms(), last_in_view, trace.size());
  looked_at_ = last - first;
  aggregated_ = looked_at_ > kDetailBudget;
  dense_count_ = -1;

  if (!aggregated_) {
    for (std::size_t i = first; i < last; ++i) {
      const TraceEvent& ev = trace[i];
      Ms sent_at = 0;
      const Envelope* env = message_env(ev, &sent_at);
      if (env == nullptr) continue;
      draw_one(*env, sent_at, ev.at, std::holds_alternative<MessageDropped>(ev.body), i, Hover::Kind::Message, 230,
               message_id(ev));
    }
    draw_chain();
    return;
  }

  // Too many to draw one by one: per pixel column, a density bar and a few sampled messages
  // as one-pixel lines (at this zoom an arrow is narrower than a pixel anyway).
  looked_at_ = 0;
  const int columns = static_cast<int>(axis_.width);
  const float bar_max = std::min(14.0f, lane_h * 0.6f);
  std::size_t a = first;
  for (int c = 0; c < columns && a < last_in_view; ++c) {
    const double tc1 = axis_.t0 + (c + 1) * axis_.ms_per_px;
    const std::size_t b = gallop_at_or_after(trace, static_cast<Ms>(std::ceil(tc1)), a, last_in_view);
    const std::size_t count = b - a;
    if (count == 0) continue;
    const float x = left + static_cast<float>(c);
    const float h = std::min(bar_max, 1.5f + 1.5f * std::log2(static_cast<float>(count)));
    dl->AddRectFilled({x, plot_bottom - h}, {x + 1, plot_bottom}, IM_COL32(220, 220, 220, 90));
    if (static_cast<int>(mouse.x - left) == c) dense_count_ = static_cast<int>(count);
    const std::size_t take = std::min<std::size_t>(count, kSamplesPerColumn);
    for (std::size_t s = 0; s < take; ++s) {
      const std::size_t i = a + s * count / take;
      ++looked_at_;
      const TraceEvent& ev = trace[i];
      Ms sent_at = 0;
      const Envelope* env = message_env(ev, &sent_at);
      if (env == nullptr) continue;
      const MessageFamily f = family_of(env->msg);
      if (f == MessageFamily::Ping && m.hide_pings) continue;
      const int si = lane(env->source);
      const int ti = lane(env->target);
      if (si < 0 || ti < 0) continue;
      int& lastc = last_x_[static_cast<std::size_t>(si) * n + static_cast<std::size_t>(ti)];
      if (lastc == c) continue;
      lastc = c;
      const bool dropped = std::holds_alternative<MessageDropped>(ev.body);
      float ya = lane_y(si);
      float yb = lane_y(ti);
      if (dropped) yb = ya + (yb - ya) * 0.45f;
      if (ya > yb) std::swap(ya, yb);
      dl->AddRectFilled({x, ya}, {x + 1, yb + 1},
                        chain != nullptr ? kOffChainColor : dropped ? kErrorColor : with_alpha(family_color(f), 170));
    }
    a = b;
  }
  looked_at_ += static_cast<std::size_t>(columns);  // one binary search per column
  draw_chain();
  (void)ls;
}

void TimelineView::tooltip(const ClusterView& m, double t_mouse) const {
  ImGui::BeginTooltip();
  const TraceLog* trace = m.trace;
  auto lanes = [](const Envelope& env) { ImGui::Text("server.%lld -> server.%lld", static_cast<long long>(env.source), static_cast<long long>(env.target)); };
  switch (hover_.kind) {
    case Hover::Kind::Message: {
      const TraceEvent& ev = (*trace)[hover_.index];
      if (const auto* d = std::get_if<MessageDelivered>(&ev.body)) {
        ImGui::TextUnformatted(message_label(d->env.msg).c_str());
        lanes(d->env);
        ImGui::Text("%s %lld ms, %s %lld ms (%lld ms)", tr("view.timeline.sent"), static_cast<long long>(d->sent_at),
                    tr("view.timeline.delivered"), static_cast<long long>(ev.at),
                    static_cast<long long>(ev.at - d->sent_at));
      } else if (const auto* x = std::get_if<MessageDropped>(&ev.body)) {
        ImGui::TextUnformatted(message_label(x->env.msg).c_str());
        lanes(x->env);
        const std::string_view why = to_string(x->reason);
        ImGui::TextColored(ImGui::ColorConvertU32ToFloat4(kErrorColor), "%s %lld ms, %s %lld ms: %.*s",
                           tr("view.timeline.sent"), static_cast<long long>(x->sent_at), tr("view.timeline.dropped"),
                           static_cast<long long>(ev.at), static_cast<int>(why.size()), why.data());
      }
      if (const Causality* c = picked_chain(m); c != nullptr && c->role(message_id(ev)) != Causality::Role::None)
        ImGui::TextColored(ImColor(role_color(c->role(message_id(ev)))), "%s", role_words(c->role(message_id(ev))));
      ImGui::TextDisabled("%s", tr("view.timeline.click_message"));
      break;
    }
    case Hover::Kind::State: {
      const TraceEvent& ev = (*trace)[hover_.index];
      const auto& s = std::get<StateChanged>(ev.body);
      const std::string_view from = to_string(s.from);
      const std::string_view to = to_string(s.to);
      ImGui::Text("server.%lld: %.*s -> %.*s", static_cast<long long>(s.sid), static_cast<int>(from.size()), from.data(),
                  static_cast<int>(to.size()), to.data());
      ImGui::Text("%s %lld ms", tr("view.timeline.at"), static_cast<long long>(ev.at));
      ImGui::TextDisabled("%s", tr("view.timeline.click_event"));
      break;
    }
    case Hover::Kind::Commit: {
      const TraceEvent& ev = (*trace)[hover_.index];
      const auto& c = std::get<Committed>(ev.body);
      ImGui::Text("%s 0x%s (server.%lld)", tr("view.timeline.committed"), hex(c.zxid).c_str(),
                  static_cast<long long>(c.sid));
      ImGui::Text("%s %s", tr("view.timeline.acks"), ack_list(c.acks).c_str());
      ImGui::Text("%s %lld ms", tr("view.timeline.at"), static_cast<long long>(ev.at));
      ImGui::TextDisabled("%s", tr("view.timeline.click_event"));
      break;
    }
    case Hover::Kind::Flight: {
      const InFlightMessage& f = m.messages[hover_.index];
      ImGui::TextUnformatted(message_label(f.env.msg).c_str());
      lanes(f.env);
      ImGui::Text("%s %lld ms, %s %lld ms", tr("view.timeline.sent"), static_cast<long long>(f.sent_at),
                  tr("view.timeline.arrives"), static_cast<long long>(f.arrive_at));
      if (f.lost) ImGui::TextColored(ImGui::ColorConvertU32ToFloat4(kErrorColor), "%s", tr("view.timeline.will_drop"));
      if (const Causality* c = picked_chain(m); c != nullptr && c->role(f.id) != Causality::Role::None)
        ImGui::TextColored(ImColor(role_color(c->role(f.id))), "%s", role_words(c->role(f.id)));
      ImGui::TextDisabled("%s", tr("view.timeline.click_message"));
      break;
    }
    case Hover::Kind::None: {
      ImGui::Text("%.0f ms", t_mouse);
      if (dense_count_ > 0) ImGui::Text("%d %s", dense_count_, tr("view.timeline.dense"));
      if (t_mouse > static_cast<double>(m.now) && t_mouse <= static_cast<double>(m.furthest_ms))
        ImGui::TextDisabled("%s", tr("view.timeline.future_help"));
      else
        ImGui::TextDisabled("%s", tr("view.timeline.click_time"));
      break;
    }
  }
  ImGui::EndTooltip();
}

void TimelineView::draw_attached(const ClusterView& m, UiBus& bus) {
  const view::AttachedModel& a = *m.attached;
  if (a.recorded) {
    text_ellipsis(recorded_banner_within(a, ImGui::GetContentRegionAvail().x).c_str(), 0, kWarnColor);
    help_tooltip(fill(tr("recorded.banner_help"), a.recorded_file).c_str());
  } else {
    ImGui::TextUnformatted(fill(tr("view.timeline.attached"), a.changes.size()).c_str());
    help_tooltip(tr("view.timeline.attached_help"));
  }
  // The servers, then the ensemble (leader, tree, session); one lane for all when the pane is
  // too short for a text line per lane (presenter mode on a small screen).
  const float room = ImGui::GetContentRegionAvail().y - 2 * ImGui::GetTextLineHeightWithSpacing();
  const bool one_lane = room < static_cast<float>(a.servers.size() + 1) * ImGui::GetTextLineHeight();
  const std::size_t n = one_lane ? 0 : a.servers.size();
  const std::size_t lanes = n + 1;
  float label_w = ImGui::CalcTextSize(tr("view.timeline.ensemble")).x;
  for (std::size_t i = 0; i < n; ++i) label_w = std::max(label_w, ImGui::CalcTextSize(a.servers[i].address.c_str()).x);
  label_w += ImGui::GetFontSize();
  const ImVec2 origin = ImGui::GetCursorScreenPos();
  const ImVec2 avail = ImGui::GetContentRegionAvail();
  const float axis_h = ImGui::GetTextLineHeight() + 6;
  const float plot_w = std::max(20.0f, avail.x - label_w);
  const float plot_h = std::max(20.0f, avail.y - axis_h);
  const ImVec2 plot_min{origin.x + label_w, origin.y};
  const ImVec2 plot_max{plot_min.x + plot_w, origin.y + plot_h};
  ImGui::InvisibleButton("##attached_timeline", {label_w + plot_w, plot_h + axis_h});
  const bool hovered = ImGui::IsItemHovered();
  // The whole attach in view: from its start (or the oldest change kept) to now, at least a
  // minute so the first marks do not sit at the right edge.
  // A recording: the whole of it, its changes after the moment shown faded, a line at that
  // moment, and a click moves there.
  const double t0 = a.recorded ? static_cast<double>(a.recorded_from_ms)
                               : static_cast<double>(std::max(a.started_ms, a.history_from_ms));
  const double t1 = a.recorded ? std::max(static_cast<double>(a.recorded_to_ms), t0 + 1000.0)
                               : std::max(static_cast<double>(a.started_ms + m.now), t0 + 60000.0);
  const double ms_per_px = (t1 - t0) / plot_w;
  auto x_of = [&](double t) { return plot_min.x + static_cast<float>((t - t0) / ms_per_px); };
  const float lane_h = plot_h / static_cast<float>(lanes);
  auto lane_y = [&](std::size_t i) { return plot_min.y + (static_cast<float>(i) + 0.5f) * lane_h; };
  ImDrawList* dl = ImGui::GetWindowDrawList();
  dl->AddRectFilled(plot_min, plot_max, IM_COL32(255, 255, 255, 8));
  // Ticks at a round number of seconds or minutes, labelled with the local time.
  constexpr double kSteps[] = {1000, 5000, 10000, 30000, 60000, 300000, 600000, 1800000, 3600000};
  double step = kSteps[std::size(kSteps) - 1];
  const float min_gap = ImGui::CalcTextSize("00:00:00").x * 1.6f;
  for (const double s : kSteps) {
    if (static_cast<float>(s / ms_per_px) >= min_gap) {
      step = s;
      break;
    }
  }
  for (double t = std::ceil(t0 / step) * step; t <= t1; t += step) {
    const float x = x_of(t);
    dl->AddLine({x, plot_min.y}, {x, plot_max.y}, kGridColor);
    canvas_text(dl, {x + 3, plot_max.y + 2}, ImGui::GetColorU32(ImGuiCol_TextDisabled),
                wall_clock_text(static_cast<std::int64_t>(t)));
  }
  for (std::size_t i = 0; i < lanes; ++i) {
    const float y = lane_y(i);
    dl->AddLine({plot_min.x, y}, {plot_max.x, y}, kLaneLineColor);
    ImU32 col = ImGui::GetColorU32(ImGuiCol_Text);
    if (i < n && i < m.peers.size()) col = status_color(m.peers[i].status);
    const std::string name = i < n ? a.servers[i].address : tr("view.timeline.ensemble");
    canvas_text(dl, {origin.x, y - ImGui::GetTextLineHeight() / 2}, col, name);
  }
  // The marks; the one nearest the mouse names itself.
  const ImVec2 mouse = ImGui::GetIO().MousePos;
  const view::AttachedChange* near = nullptr;
  float best = ImGui::GetFontSize() * 0.6f;
  const float r = std::max(3.0f, ImGui::GetFontSize() * 0.28f);
  for (const view::AttachedChange& c : a.recorded ? a.recorded_changes : a.changes) {
    const std::size_t lane = c.server >= 0 && static_cast<std::size_t>(c.server) < n ? static_cast<std::size_t>(c.server) : n;
    const ImVec2 p{x_of(static_cast<double>(c.at_ms)), lane_y(lane)};
    if (p.x < plot_min.x - r || p.x > plot_max.x + r) continue;
    ImU32 col = change_color(c.kind);
    if (a.recorded && c.at_ms > a.shown_ms) col = (col & ~IM_COL32_A_MASK) | IM_COL32(0, 0, 0, 70);
    dl->AddCircleFilled(p, r, col, 12);
    const float d = std::hypot(p.x - mouse.x, p.y - mouse.y);
    if (hovered && d < best) {
      best = d;
      near = &c;
    }
  }
  if (a.recorded) {
    const float x = x_of(static_cast<double>(a.shown_ms));
    dl->AddLine({x, plot_min.y}, {x, plot_max.y}, kWarnColor, std::max(2.0f, ImGui::GetFontSize() * 0.12f));
    if (hovered && ImGui::IsMouseClicked(ImGuiMouseButton_Left) && mouse.x >= plot_min.x)
      bus.post(SeekRecorded{static_cast<std::int64_t>(t0 + (mouse.x - plot_min.x) * ms_per_px)});
  }
  if (near != nullptr) ImGui::SetTooltip("%s  %s", wall_clock_text(near->at_ms).c_str(), change_text(*near).c_str());
}

void TimelineView::draw_content(const ClusterView& m, UiBus& bus) {
  if (m.attached) {
    draw_attached(m, bus);
    return;
  }
  if (m.trace != nullptr) index_.update(*m.trace);
  const Ms end = std::max<Ms>({m.furthest_ms, m.now, 1000});
  const std::size_t n = m.peers.size();
  Sid max_sid = 0;
  for (const auto& p : m.peers) max_sid = std::max(max_sid, p.sid);
  lane_by_sid_.assign(static_cast<std::size_t>(std::min<Sid>(max_sid, 1 << 16)) + 1, -1);
  for (std::size_t i = 0; i < n; ++i)
    if (m.peers[i].sid >= 0 && static_cast<std::size_t>(m.peers[i].sid) < lane_by_sid_.size())
      lane_by_sid_[static_cast<std::size_t>(m.peers[i].sid)] = static_cast<int>(i);

  toolbar(m, bus);

  const ImGuiStyle& style = ImGui::GetStyle();
  const ImVec2 origin = ImGui::GetCursorScreenPos();
  const ImVec2 avail = ImGui::GetContentRegionAvail();
  const float label_w = ImGui::CalcTextSize("server.00").x + ImGui::GetTextLineHeight() + 8;
  const float axis_h = ImGui::GetTextLineHeight() + 6;
  const float bar_h = style.ScrollbarSize;
  const float plot_w = std::max(20.0f, avail.x - label_w);
  const float plot_h = std::max(20.0f, avail.y - axis_h - bar_h);
  const ImVec2 plot_min{origin.x + label_w, origin.y};
  const ImVec2 plot_max{plot_min.x + plot_w, origin.y + plot_h};
  axis_.x0 = plot_min.x;
  axis_.width = plot_w;
  axis_.top = plot_min.y;
  axis_.bottom = plot_max.y;

  focus_chain(m, end);
  // Where the view is: the whole run, a range a test asked for, or following the cursor.
  if (pending_t1_ > pending_t0_) {
    axis_.t0 = pending_t0_;
    axis_.ms_per_px = (pending_t1_ - pending_t0_) / plot_w;
    pending_t0_ = pending_t1_ = 0;
  } else if (fit_) {
    axis_.t0 = 0;
    axis_.ms_per_px = static_cast<double>(end) / plot_w;
  } else if (follow_ && last_now_ >= 0 && m.now != last_now_) {
    const double now = static_cast<double>(m.now);
    const double w = axis_.t1() - axis_.t0;
    if (now < axis_.t0 || now > axis_.t0 + 0.95 * w) axis_.t0 = now - 0.8 * w;
  }
  last_now_ = m.now;

  // Mouse: wheel zooms around the mouse, a drag pans, a click (press and release without a
  // drag) jumps there.
  ImGui::InvisibleButton("##timeline_canvas", {label_w + plot_w, plot_h + axis_h});
  const bool hovered = ImGui::IsItemHovered();
  const bool active = ImGui::IsItemActive();
  const bool released = ImGui::IsItemDeactivated();
  if (ImGui::IsItemActivated()) dragged_ = false;
  const ImGuiIO& io = ImGui::GetIO();
  if (hovered && io.MouseWheel != 0 && io.MousePos.x >= plot_min.x) {
    zoom(std::pow(1.25, -static_cast<double>(io.MouseWheel)), axis_.t_at(io.MousePos.x), io.MousePos.x);
  }
  if (active && ImGui::IsMouseDragging(ImGuiMouseButton_Left, 3.0f)) {
    dragged_ = true;
    fit_ = false;
    axis_.t0 -= static_cast<double>(io.MouseDelta.x) * axis_.ms_per_px;
  }
  if (!fit_) clamp(end);

  ImDrawList* dl = ImGui::GetWindowDrawList();
  const ImVec2 mouse = hovered && !dragged_ ? io.MousePos : ImVec2{-1e9f, -1e9f};
  hover_ = Hover{};
  const float lane_h = plot_h / static_cast<float>(std::max<std::size_t>(n, 1));
  auto lane_y = [&](std::size_t i) { return plot_min.y + (static_cast<float>(i) + 0.5f) * lane_h; };

  dl->AddRectFilled(plot_min, plot_max, IM_COL32(255, 255, 255, 8));
  dl->PushClipRect(plot_min, {plot_max.x, plot_max.y + axis_h}, true);
  // Past the furthest moment nothing exists yet; between now and it, the kept future.
  const float now_x = axis_.x_of(static_cast<double>(m.now));
  const float far_x = axis_.x_of(static_cast<double>(std::max(m.furthest_ms, m.now)));
  if (far_x < plot_max.x) dl->AddRectFilled({std::max(far_x, plot_min.x), plot_min.y}, plot_max, IM_COL32(0, 0, 0, 70));
  if (far_x > now_x + 1 && far_x > plot_min.x && now_x < plot_max.x) {
    const float xa = std::max(now_x, plot_min.x);
    const float xb = std::min(far_x, plot_max.x);
    dl->AddRectFilled({xa, plot_min.y}, {xb, plot_max.y}, IM_COL32(255, 255, 255, 14));
    dl->PushClipRect({xa, plot_min.y}, {xb, plot_max.y}, true);
    for (float x = xa - plot_h; x < xb; x += 10) dl->AddLine({x, plot_max.y}, {x + plot_h, plot_min.y}, IM_COL32(255, 255, 255, 28));
    dl->PopClipRect();
  }
  // Grid and time ticks.
  const double step = tick_step(axis_.ms_per_px, 90);
  char buf[48];
  for (double t = std::ceil(axis_.t0 / step) * step; t <= axis_.t1(); t += step) {
    if (t < 0) continue;
    const float x = axis_.x_of(t);
    dl->AddLine({x, plot_min.y}, {x, plot_max.y}, kGridColor);
    dl->AddLine({x, plot_max.y}, {x, plot_max.y + 4}, IM_COL32(200, 200, 200, 200));
    tick_label(buf, sizeof buf, t, step);
    canvas_text(dl, {x + 3, plot_max.y + 2}, ImGui::GetColorU32(ImGuiCol_TextDisabled), buf);
  }
  for (std::size_t i = 0; i < n; ++i) dl->AddLine({plot_min.x, lane_y(i)}, {plot_max.x, lane_y(i)}, kLaneLineColor);

  draw_states(m, dl, plot_min.y, lane_h, mouse);
  draw_messages(m, dl, plot_min.y, lane_h, plot_max.y, mouse);

  // The cursor: the current moment.
  if (now_x >= plot_min.x - 1 && now_x <= plot_max.x + 1) {
    dl->AddLine({now_x, plot_min.y}, {now_x, plot_max.y + axis_h}, kCursorColor, 2 * line_scale());
    dl->AddTriangleFilled({now_x - 5, plot_min.y}, {now_x + 5, plot_min.y}, {now_x, plot_min.y + 6}, kCursorColor);
  }
  dl->PopClipRect();

  // Lane names, with the state each server is in now; smaller when the lanes are narrower
  // than a line of text (the pane dragged short), so that they never overlap.
  const float th = ImGui::GetTextLineHeight();
  const float name_size = std::min(ImGui::GetFontSize(), std::floor(lane_h));
  for (std::size_t i = 0; i < n; ++i) {
    const float y = lane_y(i);
    dl->AddCircleFilled({origin.x + th * 0.5f, y}, std::min(th, lane_h) * 0.32f, status_color(m.peers[i].status), 12);
    std::snprintf(buf, sizeof buf, "server.%lld", static_cast<long long>(m.peers[i].sid));
    canvas_text(dl, ImGui::GetFont(), name_size, {origin.x + th + 2, y - name_size / 2}, ImGui::GetColorU32(ImGuiCol_Text),
                buf, DrawnKind::Label);
  }
  if (n == 0) canvas_text(dl, {plot_min.x + 8, plot_min.y + 8}, ImGui::GetColorU32(ImGuiCol_TextDisabled), tr("view.timeline.empty"));

  // The horizontal scrollbar: pixels of the whole run at this zoom.
  const ImRect bar_bb({plot_min.x, plot_max.y + axis_h}, {plot_max.x, plot_max.y + axis_h + bar_h});
  const auto contents = static_cast<ImS64>(static_cast<double>(end) / axis_.ms_per_px) + 1;
  const auto avail_px = static_cast<ImS64>(plot_w);
  if (!fit_ && contents > avail_px) {
    ImS64 scroll = static_cast<ImS64>(std::max(0.0, axis_.t0) / axis_.ms_per_px);
    const ImS64 before = scroll;
    ImGui::ScrollbarEx(bar_bb, ImGui::GetID("##timeline_scroll"), ImGuiAxis_X, &scroll, avail_px, contents,
                       ImDrawFlags_RoundCornersAll);
    if (scroll != before) axis_.t0 = static_cast<double>(scroll) * axis_.ms_per_px;
  }
  ImGui::Dummy({label_w + plot_w, bar_h});

  const double t_mouse = axis_.t_at(io.MousePos.x);
  if (hovered && !active && io.MousePos.x >= plot_min.x) tooltip(m, t_mouse);
  if (released && !dragged_) {
    const ImVec2 at = io.MouseClickedPos[0];
    if (at.x < plot_min.x) {
      // A lane name: that server's tree and console.
      const int i = static_cast<int>((at.y - plot_min.y) / lane_h);
      if (i >= 0 && static_cast<std::size_t>(i) < n) bus.post(SelectServer{m.peers[static_cast<std::size_t>(i)].sid});
      return;
    }
    // A message picks it (its causes and effects light up; the moment stays, so what it caused
    // later stays in view); an event or the empty plot jumps there, and the empty plot also
    // lets go of a picked message.
    Ms t = 0;
    switch (hover_.kind) {
      case Hover::Kind::Message: {
        const TraceEvent ev = (*m.trace)[hover_.index];
        Ms sent_at = 0;
        if (message_env(ev, &sent_at) != nullptr) bus.post(SelectMessage{message_id(ev), sent_at});
        return;
      }
      case Hover::Kind::Flight:
        bus.post(SelectMessage{m.messages[hover_.index].id, m.messages[hover_.index].sent_at});
        return;
      case Hover::Kind::State:
      case Hover::Kind::Commit: t = m.trace->at(hover_.index); break;
      case Hover::Kind::None:
        if (picked_chain(m) != nullptr) bus.post(SelectMessage{});
        t = static_cast<Ms>(std::llround(axis_.t_at(at.x)));
        break;
    }
    bus.post(SeekTime{std::clamp<Ms>(t, 0, std::max(m.furthest_ms, m.now))});
  }
}

std::unique_ptr<View> make_timeline_view() { return std::make_unique<TimelineView>(); }

}  // namespace zs::gui

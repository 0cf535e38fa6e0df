#include "timeline_svg.hpp"

#include <algorithm>

#include <fmt/format.h>

#include "model.hpp"
#include "views/messages.hpp"
#include "views/theme.hpp"

namespace zs::gui {
namespace {

constexpr double kLaneGap = 60;     // px between lanes
constexpr double kLeft = 110;       // px for the lane names
constexpr double kPxPerMsMin = 0.05;
constexpr double kWidthMax = 20000; // px: a long run is compressed to this width

std::string rgb(ImU32 c) {
  return fmt::format("#{:02x}{:02x}{:02x}", (c >> IM_COL32_R_SHIFT) & 0xFF,
                     (c >> IM_COL32_G_SHIFT) & 0xFF, (c >> IM_COL32_B_SHIFT) & 0xFF);
}

std::string escape(std::string_view s) {
  std::string out;
  for (char ch : s) {
    switch (ch) {
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '&': out += "&amp;"; break;
      case '"': out += "&quot;"; break;
      default: out += ch;
    }
  }
  return out;
}

}  // namespace

std::string timeline_svg(const ClusterView& m) {
  const std::size_t n = m.peers.size();
  const double span_ms = std::max<double>(1.0, static_cast<double>(m.now));
  const double px_per_ms = std::max(kPxPerMsMin, std::min(1.0, (kWidthMax - kLeft) / span_ms));
  const double width = kLeft + span_ms * px_per_ms + 40;
  const double height = 50 + kLaneGap * static_cast<double>(std::max<std::size_t>(n, 1)) + 30;
  auto x_of = [&](Ms t) { return kLeft + static_cast<double>(t) * px_per_ms; };
  auto lane_y = [&](Sid sid) {
    const int i = m.index_of(sid);
    return 50 + kLaneGap * (i < 0 ? 0 : i);
  };

  std::string out = fmt::format(
      "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{:.0f}\" height=\"{:.0f}\" "
      "font-family=\"DejaVu Sans, sans-serif\" font-size=\"12\">\n"
      "<rect width=\"100%\" height=\"100%\" fill=\"#15151a\"/>\n"
      "<text x=\"10\" y=\"20\" fill=\"#ffffff\">zooscope timeline: seed {}, {} servers, 0 to {} ms "
      "of virtual time</text>\n",
      width, height, m.seed, n, m.now);
  // Time ticks every second (or every 10 s on long runs).
  const Ms tick = span_ms > 60000 ? 10000 : 1000;
  for (Ms t = 0; t <= m.now; t += tick) {
    out += fmt::format("<line x1=\"{0:.1f}\" y1=\"30\" x2=\"{0:.1f}\" y2=\"{1:.0f}\" stroke=\"#333\"/>"
                       "<text x=\"{0:.1f}\" y=\"{2:.0f}\" fill=\"#999\">{3} s</text>\n",
                       x_of(t), height - 25, height - 10, t / 1000);
  }
  for (const PeerSnapshot& p : m.peers) {
    const double y = lane_y(p.sid);
    out += fmt::format("<line x1=\"{:.0f}\" y1=\"{:.0f}\" x2=\"{:.0f}\" y2=\"{:.0f}\" stroke=\"#777\"/>"
                       "<text x=\"10\" y=\"{:.0f}\" fill=\"#fff\">server.{}</text>\n",
                       kLeft, y, width - 20, y, y + 4, p.sid);
  }
  if (m.trace != nullptr) {
    for (const TraceEvent& ev : *m.trace) {
      if (const auto* d = std::get_if<MessageDelivered>(&ev.body)) {
        if (is_ping(ev)) continue;
        const MessageFamily f = family_of(d->env.msg);
        out += fmt::format(
            "<line x1=\"{:.1f}\" y1=\"{:.0f}\" x2=\"{:.1f}\" y2=\"{:.0f}\" stroke=\"{}\" "
            "stroke-width=\"1\"><title>{}</title></line>\n",
            x_of(d->sent_at), lane_y(d->env.source), x_of(ev.at), lane_y(d->env.target),
            rgb(family_color(f)), escape(message_label(d->env.msg)));
      } else if (const auto* x = std::get_if<MessageDropped>(&ev.body)) {
        if (is_ping(ev)) continue;
        const double y0 = lane_y(x->env.source);
        const double y1 = lane_y(x->env.target);
        out += fmt::format(
            "<line x1=\"{:.1f}\" y1=\"{:.0f}\" x2=\"{:.1f}\" y2=\"{:.0f}\" stroke=\"#f05a50\" "
            "stroke-dasharray=\"3,3\"><title>dropped: {}</title></line>\n",
            x_of(x->sent_at), y0, x_of(ev.at), (y0 + y1) / 2, escape(message_label(x->env.msg)));
      } else if (const auto* s = std::get_if<StateChanged>(&ev.body)) {
        out += fmt::format(
            "<circle cx=\"{:.1f}\" cy=\"{:.0f}\" r=\"5\" fill=\"{}\"><title>server.{} {} → {}"
            "</title></circle>\n",
            x_of(ev.at), lane_y(s->sid), rgb(status_color(s->to)), s->sid, to_string(s->from),
            to_string(s->to));
      }
    }
  }
  out += "</svg>\n";
  return out;
}

}  // namespace zs::gui

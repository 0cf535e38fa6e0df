// The timeline as an SVG file, drawn like the window's timeline (views/view_timeline.cpp): a
// lane per server with its state as a coloured band, an arrow per message in its family's
// colour, dropped messages as red dashed stubs, state changes as dots, commits as green
// marks on the leader's lane, the current moment as a white cursor and the future kept after
// stepping back hatched. PINGs are left out. A legend names the families and the states.
#include "timeline_svg.hpp"

#include <algorithm>
#include <iterator>
#include <vector>

#include <fmt/format.h>

#include "views/messages.hpp"
#include "views/theme.hpp"

namespace zs::gui {
namespace {

constexpr double kLaneGap = 48;     // px between lanes
constexpr double kBandH = 6;        // px: the state band
constexpr double kLeft = 110;       // px for the lane names
constexpr double kTop = 80;         // px: title and legend
constexpr double kPxPerMsMax = 2.0;
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

// 1, 2 or 5 x 10^k ms, at least `min_px` apart (as the window's axis).
double tick_step(double px_per_ms, double min_px) {
  const double want = min_px / px_per_ms;
  for (double base = 1; base < 1e12; base *= 10)
    for (double m : {1.0, 2.0, 5.0})
      if (base * m >= want) return base * m;
  return 1e12;
}

std::string tick_label(double t, double step) {
  if (step >= 1000) return fmt::format("{:.0f} s", t / 1000);
  if (step >= 100) return fmt::format("{:.1f} s", t / 1000);
  if (step >= 10 && t >= 10000) return fmt::format("{:.2f} s", t / 1000);
  return fmt::format("{:.0f} ms", t);
}

bool ping(const Envelope& env) { return family_of(env.msg) == MessageFamily::Ping; }

}  // namespace

std::string timeline_svg(const ClusterView& m) {
  const std::size_t n = m.peers.size();
  const Ms end = std::max({m.furthest_ms, m.now, Ms{1}});
  const double span_ms = static_cast<double>(end);
  const double px_per_ms = std::min(kPxPerMsMax, (kWidthMax - kLeft) / span_ms);
  const double plot_w = span_ms * px_per_ms;
  const double width = std::max(kLeft + plot_w + 40, 900.0);
  const double lanes_bottom = kTop + kLaneGap * static_cast<double>(std::max<std::size_t>(n, 1));
  const double height = lanes_bottom + 40;
  auto x_of = [&](Ms t) { return kLeft + static_cast<double>(t) * px_per_ms; };
  auto lane_y = [&](Sid sid) {
    const int i = m.index_of(sid);
    return kTop + kLaneGap * (i < 0 ? 0 : i) + kLaneGap / 2;
  };

  std::string out;
  auto w = std::back_inserter(out);
  fmt::format_to(w,
                 "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{:.0f}\" height=\"{:.0f}\" "
                 "font-family=\"DejaVu Sans, sans-serif\" font-size=\"12\">\n"
                 "<defs><pattern id=\"future\" width=\"10\" height=\"10\" patternUnits=\"userSpaceOnUse\" "
                 "patternTransform=\"rotate(45)\"><rect width=\"10\" height=\"10\" fill=\"#ffffff\" "
                 "fill-opacity=\"0.05\"/><line x1=\"0\" y1=\"0\" x2=\"0\" y2=\"10\" stroke=\"#ffffff\" "
                 "stroke-opacity=\"0.12\"/></pattern></defs>\n"
                 "<rect width=\"100%\" height=\"100%\" fill=\"#15151a\"/>\n"
                 "<text x=\"10\" y=\"20\" fill=\"#ffffff\">zooscope timeline: seed {}, {} servers, 0 to {} ms "
                 "of virtual time (now {} ms)</text>\n",
                 width, height, m.seed, n, end, m.now);

  // Legend: message families (PINGs are left out), then the states of the bands.
  double lx = 10;
  out += "<g class=\"legend\">\n";
  for (const MessageFamily f : kMessageFamilies) {
    if (f == MessageFamily::Ping) continue;
    const std::string_view name = family_name(f);
    fmt::format_to(w, "<rect x=\"{:.0f}\" y=\"32\" width=\"10\" height=\"10\" fill=\"{}\"/>"
                      "<text x=\"{:.0f}\" y=\"41\" fill=\"#dddddd\">{}</text>\n",
                   lx, rgb(family_color(f)), lx + 14, escape(name));
    lx += 14 + 8 * static_cast<double>(name.size()) + 16;
  }
  fmt::format_to(w, "<line x1=\"{0:.0f}\" y1=\"37\" x2=\"{1:.0f}\" y2=\"37\" stroke=\"{2}\" stroke-dasharray=\"3,3\" "
                    "stroke-width=\"1.5\"/><text x=\"{3:.0f}\" y=\"41\" fill=\"#dddddd\">dropped</text>\n",
                 lx, lx + 18, rgb(kErrorColor), lx + 22);
  lx = 10;
  for (const PeerStatus s : {PeerStatus::Down, PeerStatus::Looking, PeerStatus::Following, PeerStatus::Leading,
                             PeerStatus::Observing}) {
    const std::string_view name = to_string(s);
    fmt::format_to(w, "<rect x=\"{:.0f}\" y=\"52\" width=\"18\" height=\"{:.0f}\" fill=\"{}\"/>"
                      "<text x=\"{:.0f}\" y=\"60\" fill=\"#dddddd\">{}</text>\n",
                   lx, kBandH, rgb(status_color(s)), lx + 22, name);
    lx += 22 + 8 * static_cast<double>(name.size()) + 16;
  }
  out += "</g>\n";

  // The kept future, then the time axis.
  if (m.furthest_ms > m.now) {
    fmt::format_to(w, "<rect class=\"future\" x=\"{:.1f}\" y=\"{:.0f}\" width=\"{:.1f}\" height=\"{:.0f}\" "
                      "fill=\"url(#future)\"/>\n",
                   x_of(m.now), kTop, x_of(m.furthest_ms) - x_of(m.now), lanes_bottom - kTop);
  }
  const double step = tick_step(px_per_ms, 90);
  for (double t = 0; t <= span_ms; t += step) {
    fmt::format_to(w, "<line x1=\"{0:.1f}\" y1=\"{1:.0f}\" x2=\"{0:.1f}\" y2=\"{2:.0f}\" stroke=\"#2a2a30\"/>"
                      "<text x=\"{3:.1f}\" y=\"{4:.0f}\" fill=\"#999999\">{5}</text>\n",
                   kLeft + t * px_per_ms, kTop, lanes_bottom + 4, kLeft + t * px_per_ms + 3, lanes_bottom + 18,
                   tick_label(t, step));
  }

  // Lanes: the name, a thin line, the state as bands between its StateChanged events.
  const TraceLog* trace = m.trace;
  for (const PeerSnapshot& p : m.peers) {
    const double y = lane_y(p.sid);
    fmt::format_to(w, "<g class=\"lane\" id=\"lane-{0}\"><text x=\"28\" y=\"{1:.0f}\" fill=\"#ffffff\">server.{0}</text>"
                      "<circle cx=\"16\" cy=\"{2:.0f}\" r=\"5\" fill=\"{3}\"/>"
                      "<line x1=\"{4:.0f}\" y1=\"{2:.0f}\" x2=\"{5:.0f}\" y2=\"{2:.0f}\" stroke=\"#ffffff\" "
                      "stroke-opacity=\"0.15\"/>\n",
                   p.sid, y + 4, y, rgb(status_color(p.status)), kLeft, kLeft + plot_w);
    PeerStatus state = PeerStatus::Down;
    Ms since = 0;
    auto band = [&](Ms until) {
      if (until <= since) return;
      fmt::format_to(w, "<rect x=\"{:.1f}\" y=\"{:.1f}\" width=\"{:.1f}\" height=\"{:.0f}\" fill=\"{}\"><title>{}</title></rect>\n",
                     x_of(since), y - kBandH / 2, x_of(until) - x_of(since), kBandH, rgb(status_color(state)),
                     to_string(state));
    };
    bool first = true;
    if (trace != nullptr) {
      for (const TraceEvent& ev : *trace) {
        const auto* s = std::get_if<StateChanged>(&ev.body);
        if (s == nullptr || s->sid != p.sid) continue;
        if (first) state = s->from;
        first = false;
        band(ev.at);
        state = s->to;
        since = ev.at;
      }
    }
    if (first) state = p.status;  // no change recorded: as it is now
    band(m.now);
    out += "</g>\n";
  }

  if (trace != nullptr) {
    for (const TraceEvent& ev : *trace) {
      if (const auto* d = std::get_if<MessageDelivered>(&ev.body)) {
        if (ping(d->env)) continue;
        const MessageFamily f = family_of(d->env.msg);
        fmt::format_to(w, "<line x1=\"{:.1f}\" y1=\"{:.0f}\" x2=\"{:.1f}\" y2=\"{:.0f}\" stroke=\"{}\" "
                          "stroke-width=\"1.3\"><title>{} (server.{} to server.{}, sent {} ms, delivered {} ms)</title></line>\n",
                       x_of(d->sent_at), lane_y(d->env.source), x_of(ev.at), lane_y(d->env.target), rgb(family_color(f)),
                       escape(message_label(d->env.msg)), d->env.source, d->env.target, d->sent_at, ev.at);
      } else if (const auto* x = std::get_if<MessageDropped>(&ev.body)) {
        if (ping(x->env)) continue;
        const double y0 = lane_y(x->env.source);
        const double y1 = y0 + (lane_y(x->env.target) - y0) * 0.45;
        const double x0 = x_of(x->sent_at);
        const double x1 = x0 + (x_of(ev.at) - x0) * 0.5;
        fmt::format_to(w, "<line x1=\"{:.1f}\" y1=\"{:.0f}\" x2=\"{:.1f}\" y2=\"{:.0f}\" stroke=\"{}\" "
                          "stroke-width=\"1.5\" stroke-dasharray=\"3,3\"><title>dropped ({}): {}</title></line>\n",
                       x0, y0, x1, y1, rgb(kErrorColor), to_string(x->reason), escape(message_label(x->env.msg)));
      } else if (const auto* s = std::get_if<StateChanged>(&ev.body)) {
        fmt::format_to(w, "<circle cx=\"{:.1f}\" cy=\"{:.0f}\" r=\"4\" fill=\"{}\" stroke=\"#141414\"><title>server.{} {} → {} at {} ms"
                          "</title></circle>\n",
                       x_of(ev.at), lane_y(s->sid), rgb(status_color(s->to)), s->sid, to_string(s->from),
                       to_string(s->to), ev.at);
      } else if (const auto* c = std::get_if<Committed>(&ev.body)) {
        const double cx = x_of(ev.at);
        const double cy = lane_y(c->sid) - kBandH / 2 - 2;
        fmt::format_to(w, "<polygon points=\"{0:.1f},{1:.1f} {2:.1f},{3:.1f} {4:.1f},{3:.1f}\" fill=\"{5}\">"
                          "<title>committed 0x{6}</title></polygon>\n",
                       cx, cy, cx - 3.5, cy - 7, cx + 3.5, rgb(family_color(MessageFamily::Commit)), hex(c->zxid));
      }
    }
  }
  fmt::format_to(w, "<line class=\"now\" x1=\"{0:.1f}\" y1=\"{1:.0f}\" x2=\"{0:.1f}\" y2=\"{2:.0f}\" stroke=\"#ffffff\" "
                    "stroke-width=\"2\"/>\n",
                 x_of(m.now), kTop - 4, lanes_bottom + 4);
  out += "</svg>\n";
  return out;
}

}  // namespace zs::gui

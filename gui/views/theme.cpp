#include "views/theme.hpp"

namespace zs::gui {
namespace {
ImFont* g_mono = nullptr;
}

ImU32 status_color(PeerStatus s) {
  switch (s) {
    case PeerStatus::Down: return IM_COL32(128, 128, 128, 255);
    case PeerStatus::Looking: return IM_COL32(255, 176, 0, 255);
    case PeerStatus::Following: return IM_COL32(66, 135, 245, 255);
    case PeerStatus::Leading: return IM_COL32(52, 178, 76, 255);
    case PeerStatus::Observing: return IM_COL32(160, 100, 220, 255);
  }
  return IM_COL32(255, 0, 255, 255);
}

void set_mono_font(ImFont* font) { g_mono = font; }
ImFont* mono_font() { return g_mono; }

}  // namespace zs::gui

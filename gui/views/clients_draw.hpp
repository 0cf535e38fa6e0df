// The clients on the cluster drawing: each client handle (a console's zkCli) as a small node
// just outside the ring beside the server it is connected to or trying, with a line to that
// server (dashed while it is not connected), its session id in ZooKeeper's hex form, and its
// session's clock at the leader as a ring that drains as the session nears expiry. It glides
// to its new server when it reconnects; an expired or closed session stays greyed while its
// console has no newer zkCli. Hover: what is being waited for and which setting sets it;
// click: its console.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include <imgui.h>
#include <imgui_internal.h>  // ImRect

#include "cluster_view.hpp"
#include "ui_bus.hpp"

namespace zs::gui {

// "0x100000a3b0000" (zkCli's and `cons`' form), or "0x10000…0000" when `shortened`.
std::string session_hex(std::int64_t session_id, bool shortened = false);

// The part of a session's timeout still to run at the leader (1 = just heard, 0 = due), or -1
// when no leader tracks it.
float session_left(const ClientModel& c, double now);

class ClientNodes {
 public:
  // Where each client goes this frame: beside its server, clear of every server's circle
  // (radius r plus its rings and halo, `reach` beyond r, per server), the server labels
  // (`plates`; an empty ImRect for none) and the other clients, inside `area`.
  void place(const ClusterView& m, const std::vector<ImVec2>& pos, float r, const std::vector<float>& reach,
             const std::vector<ImRect>& plates, const ImRect& area);
  // The nodes and labels placed: message labels keep off them.
  const std::vector<ImRect>& taken() const { return taken_; }
  // Draws the clients placed; hovering one shows its tooltip, clicking it selects its console.
  void draw(const ClusterView& m, const std::vector<ImVec2>& pos, ImDrawList* dl, UiBus& bus);

 private:
  struct Spot {
    std::size_t client = 0;  // index into m.clients.list
    int server = -1;         // peers index of its server
    ImVec2 at{0, 0};         // the node's centre (where it ends up)
    ImRect label;            // empty: no label (no room)
    std::vector<std::string> lines;
    float font = 0;  // the label's text size
  };
  // A move to another server, played over a fraction of a second of real time.
  struct Motion {
    Sid server = 0;
    ImVec2 from{0, 0};
    ImVec2 shown{0, 0};
    float t = 1;  // 0..1 along the move
  };
  std::vector<Spot> spots_;
  std::vector<ImRect> taken_;
  std::map<std::int32_t, Motion> motion_;  // by client number
  float node_r_ = 0;
  float server_r_ = 0;
  float font_size_ = 0;   // a client's label, or smaller where it finds no room
  float small_size_ = 0;
};

}  // namespace zs::gui

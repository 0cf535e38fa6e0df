// The console's ClientHandle on the simulated ensemble: one simulator client (by number)
// driven by hand actions (ScheduledAction Kind::Client, ClientAuth, ClientKill) at the
// current virtual time, and heard through the simulator's reply channel for that client,
// never through the trace (so consoles work with tracing off).
//
// Also the drivers that step a simulator while pumping consoles on such handles.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "console/client_handle.hpp"
#include "console/console.hpp"
#include "sim/simulator.hpp"

namespace zs::run {

class SimClientHandle final : public console::ClientHandle {
 public:
  // Client number `index` of `sim` (no other handle may use it). `sim` must outlive the
  // handle and only move forward while it is open (see Simulator::open_client_channel).
  SimClientHandle(Simulator& sim, std::int32_t index);
  ~SimClientHandle() override;
  SimClientHandle(const SimClientHandle&) = delete;
  SimClientHandle& operator=(const SimClientHandle&) = delete;

  // The simulated servers have no read-only mode: `can_be_read_only` changes nothing.
  void connect(std::string_view connect_string, std::int32_t session_timeout_ms,
               bool can_be_read_only) override;
  std::int32_t submit(ClientCall call) override;
  std::int32_t close() override;
  void add_auth(std::string scheme, std::optional<std::string> auth) override;
  void kill() override;
  std::optional<console::HandleEvent> poll() override;

  console::HandleState state() const override { return state_; }
  bool reachable() const override { return server_ != 0; }
  std::string host() const override;
  std::int64_t session_id() const override { return session_id_; }
  Zxid last_zxid_seen() const override;
  Ms now_ms() const override { return sim_.now(); }

  std::int32_t index() const { return index_; }

 private:
  void schedule(ScheduledAction a);
  void retire_session();
  std::optional<console::HandleEvent> on_reply(const ClientOp& op, ClientResult result);
  std::optional<console::HandleEvent> on_session(const ClientSession& s);

  Simulator& sim_;
  const std::int32_t index_;
  console::HandleState state_ = console::HandleState::Closed;
  Sid server_ = 0;             // connected to, or tried first; 0: the connect string names no server
  std::string unknown_host_;   // that connect string's first address
  std::int64_t session_id_ = 0;  // of the last Connected taken; 0 until then
  std::int32_t next_xid_ = 0;    // mirrors the simulated client's cxid counter
  std::int32_t close_xid_ = 0;   // the closeSession waiting for its answer, 0 for none
  // Sessions this handle closed, killed or left for a new one: their late word is not news.
  std::set<std::int64_t> retired_sessions_;
};

// The address a learner types to reach `sid`'s client port ("127.0.0.1:2181").
std::string client_address(const config::EnsembleConfig& cfg, Sid sid);
// The server whose client port a connect string's first address names, or 0.
Sid server_for_host(const config::EnsembleConfig& cfg, std::string_view connect_string);
// The servers a connect string names ("127.0.0.1:2181,127.0.0.1:2182/app"), in its order;
// addresses no simulated server has are left out. The handle tries only these.
std::vector<Sid> servers_for_connect_string(const config::EnsembleConfig& cfg, std::string_view connect_string);

// A zkCli console on a new SimClientHandle (client number `index`) connected to `server`.
// zkCli.sh -server 127.0.0.1:<that server's client port>: only that server, ever.
std::unique_ptr<console::Console> open_sim_console(Simulator& sim, std::int32_t index, Sid server,
                                                   console::ConsoleOptions options = {});
// The same with zkCli's -server string as typed ("127.0.0.1:2181,127.0.0.1:2182[/chroot]").
std::unique_ptr<console::Console> open_sim_console(Simulator& sim, std::int32_t index,
                                                   std::string connect_string,
                                                   console::ConsoleOptions options = {});

// Steps `sim` up to virtual time `until`, pumping every console after each event, and leaves
// now() at `until` (when it was not already later).
void run_consoles_until(Simulator& sim, const std::vector<console::Console*>& consoles, Ms until);
// Steps until every console is idle and none awaits its first connection, or virtual time
// passes `limit`. True when they all became idle.
bool run_until_idle(Simulator& sim, const std::vector<console::Console*>& consoles, Ms limit);

}  // namespace zs::run

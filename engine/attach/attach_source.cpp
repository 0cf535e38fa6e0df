#include "attach/attach_source.hpp"

#include <algorithm>
#include <set>

namespace zs::attach {
namespace {

PeerStatus status_of(const ServerRow& r) {
  switch (r.status) {
    case ServerStatus::Serving:
      switch (r.mode.value_or(wire::ServerMode::Standalone)) {
        case wire::ServerMode::Leader: return PeerStatus::Leading;
        case wire::ServerMode::Follower: return PeerStatus::Following;
        case wire::ServerMode::Observer: return PeerStatus::Observing;
        // A standalone server leads itself; a read-only one is LOOKING while it serves reads.
        case wire::ServerMode::Standalone: return PeerStatus::Leading;
        case wire::ServerMode::ReadOnly: return PeerStatus::Looking;
      }
      return PeerStatus::Looking;
    case ServerStatus::NotServing: return PeerStatus::Looking;
    default: return PeerStatus::Down;
  }
}

// mntr's zk_peer_state: "leading - broadcast", "following - synchronization - snap".
ZabState zab_of(const ServerRow& r) {
  if (!r.mntr) return r.status == ServerStatus::Serving ? ZabState::Broadcast : ZabState::Election;
  const auto ps = r.mntr->peer_state();
  if (!ps) return ZabState::Broadcast;
  if (ps->find("broadcast") != std::string_view::npos) return ZabState::Broadcast;
  if (ps->find("synchronization") != std::string_view::npos) return ZabState::Synchronization;
  if (ps->find("discovery") != std::string_view::npos) return ZabState::Discovery;
  return ZabState::Election;
}

}  // namespace

std::vector<Sid> view_sids(const std::vector<ServerRow>& rows) {
  std::vector<Sid> sids;
  std::set<Sid> seen;
  bool real = true;
  for (const ServerRow& r : rows) {
    if (r.sid == 0 || !seen.insert(r.sid).second) real = false;
    sids.push_back(r.sid);
  }
  if (!real)
    for (std::size_t i = 0; i < sids.size(); ++i) sids[i] = static_cast<Sid>(i + 1);
  return sids;
}

AttachSource::AttachSource(MonitorOptions options) : monitor_(std::make_unique<Monitor>(std::move(options))) {}

view::Observes AttachSource::observes() const {
  view::Observes o;
  o.step = false;
  o.rewind = false;
  o.messages = false;
  o.votes = false;
  o.server_trees = false;
  o.inject_faults = false;
  return o;
}

void AttachSource::fill(view::ClusterView& m, const view::Display&) {
  shown_ = monitor_->observation();
  fill_attached(m, *shown_, monitor_->options().hosts.text(), monitor_->options().refresh_ms, sids_);
  m.observes = observes();
}

void fill_attached(view::ClusterView& m, const Observation& o, const std::string& hosts, std::int32_t refresh_ms,
                   std::vector<Sid>& sids_) {
  m = view::ClusterView{};
  m.source_name = hosts;
  m.now = o.taken_ms - o.started_ms;
  m.wall_clock_origin_ms = o.started_ms;
  m.furthest_ms = m.now;
  sids_ = view_sids(o.rows);
  const Sid leader_sid = o.leader >= 0 ? sids_[static_cast<std::size_t>(o.leader)] : 0;
  view::AttachedModel a;
  a.connect_string = m.source_name;
  a.refresh_ms = refresh_ms;
  a.polls = o.polls;
  std::vector<std::string> refused_all;
  for (std::size_t i = 0; i < o.rows.size(); ++i) {
    const ServerRow& r = o.rows[i];
    PeerSnapshot p;
    p.sid = sids_[i];
    p.status = status_of(r);
    p.up = p.status != PeerStatus::Down;
    p.type = r.observer() || (r.conf && r.conf->peer_type == LearnerType::Observer) ? LearnerType::Observer
                                                                                    : LearnerType::Participant;
    p.serving = r.status == ServerStatus::Serving;
    if (p.serving && p.status != PeerStatus::Leading) p.leader = leader_sid;
    if (p.status == PeerStatus::Leading) p.leader = p.sid;
    p.last_processed_zxid = r.zxid;
    p.current_epoch = p.serving ? r.epoch() : 0;
    p.accepted_epoch = p.current_epoch;
    p.zab = zab_of(r);
    p.znodes = r.znodes > 0 ? static_cast<std::size_t>(r.znodes) : 0;
    m.peers.push_back(p);

    view::AttachedServer s;
    s.address = r.address.text();
    s.status = std::string(to_string(r.status));
    s.mode = r.status == ServerStatus::Serving && r.mode ? std::string(wire::to_string(*r.mode)) : "";
    s.detail = r.detail;
    s.sid_known = r.sid != 0 && sids_[i] == r.sid;
    s.rtt_ms = r.rtt_ms;
    if (r.srvr) {
      s.connections = r.srvr->connections;
      s.outstanding = r.srvr->outstanding;
      s.latency_avg_ms = r.srvr->latency_avg_ms;
      s.latency_max_ms = r.srvr->latency_max_ms;
    }
    if (r.mntr) {
      s.watches = r.mntr->watch_count().value_or(-1);
      s.ephemerals = r.mntr->ephemerals_count().value_or(-1);
      if (auto ps = r.mntr->peer_state()) s.peer_state = std::string(*ps);
    } else if (r.wchs) {
      s.watches = r.wchs->total_watches;
    }
    if (r.cons) {
      s.sessions = 0;
      for (const wire::ConsConnection& c : *r.cons) s.sessions += c.session ? 1 : 0;
    }
    s.refused = r.refused;
    s.seen_ms = r.seen_ms;
    for (const std::string& w : r.refused)
      if (std::find(refused_all.begin(), refused_all.end(), w) == refused_all.end()) refused_all.push_back(w);
    a.servers.push_back(std::move(s));
  }
  if (leader_sid != 0) m.stable_leader = leader_sid;
  m.trees.assign(m.peers.size(), nullptr);
  m.watches.assign(m.peers.size(), nullptr);
  a.whitelist_hint = refused_all.empty() ? "" : wire::whitelist_hint(refused_all);
  switch (o.session_state) {
    case console::HandleState::Connecting: a.session_state = "connecting"; break;
    case console::HandleState::Connected: a.session_state = "connected"; break;
    case console::HandleState::Closed: a.session_state = "closed"; break;
    case console::HandleState::AuthFailed: a.session_state = "auth-failed"; break;
    case console::HandleState::ConnectedReadOnly: a.session_state = "connected-read-only"; break;
  }
  a.session_host = o.session_host;
  a.session_id = o.session_id;
  a.session_error = o.session_error;
  a.tree = o.tree.get();
  a.tree_loaded = o.tree_loaded;
  a.acls_loaded = o.acls_loaded;
  a.persistent_watch = o.persistent_watch;
  a.tree_load_ms = o.tree_load_ms;
  a.started_ms = o.started_ms;
  a.history_from_ms = o.history_from_ms;
  a.history_events = static_cast<std::size_t>(o.events);
  a.recording_path = o.recording.path;
  a.recording_active = o.recording.active;
  a.recording_bytes = o.recording.bytes;
  a.recording_error = o.recording.error;

  // Sessions as `cons` lists them, each at its server, with its ephemerals from the tree.
  std::int32_t index = 0;
  for (std::size_t i = 0; i < o.rows.size(); ++i) {
    if (!o.rows[i].cons) continue;
    for (const wire::ConsConnection& c : *o.rows[i].cons) {
      if (!c.session || c.session->session_id == 0) continue;
      view::ClientModel cm;
      cm.index = index++;
      cm.kind = view::ClientKind::Scripted;
      cm.server = sids_[i];
      cm.state = SessionState::Connected;
      cm.connected = true;
      cm.session_id = c.session->session_id;
      cm.timeout_ms = static_cast<std::int32_t>(c.session->timeout_ms);
      cm.requested_timeout_ms = cm.timeout_ms;
      if (o.tree) cm.ephemerals = o.tree->ephemerals(cm.session_id);
      m.clients.list.push_back(std::move(cm));
    }
  }
  m.attached = std::move(a);
}

}  // namespace zs::attach

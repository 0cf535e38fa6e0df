#include "sim/simulator.hpp"

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <type_traits>
#include <unordered_set>

#include "core/assert.hpp"
#include "peer/payloads.hpp"
#include "peer/quorum_peer.hpp"
#include "sim/event_queue.hpp"

namespace zs {

namespace {

enum class EvKind : std::uint8_t { Deliver, Socket, Timer, Action, ClientTimer };

constexpr Ms kClientRetryMs = 1000;  // a disconnected client tries the next server after this
// The address every simulated client connects from, as the servers' ip provider sees it.
constexpr const char* kClientIp = "127.0.0.1";

struct SimClient {
  Sid server = 0;
  SessionState state = SessionState::Disconnected;
  bool connected = false;
  bool connecting = false;
  bool gone = false;  // expired or closed: no more reconnects
  std::int64_t session = 0;
  std::int64_t last_session = 0;  // the session of its last Connected (kept after it ends)
  std::int32_t requested_timeout = 30000;
  std::int32_t timeout = 0;
  std::int32_t next_cxid = 0;
  AuthInfo auth;
  Zxid last_seen{};
  int next_server = 0;  // roster index (or place in `servers`) of the next server to try
  std::vector<Sid> servers;  // the connect string's servers; empty: every server
  std::uint32_t gen = 0;
};

}  // namespace

struct Simulator::QEvent {
  Ms at = 0;
  std::uint64_t seq = 0;  // ties at the same time go in insertion order
  EvKind kind = EvKind::Deliver;
  bool lost = false;
  bool local = false;      // Socket: produced by the receiver's own OS, crosses no link
  std::int32_t peer = 0;   // Timer: the peer index
  std::uint32_t gen = 0;   // Timer: generation; Action: index into Simulator::actions_
  MessageId id = 0;
  Ms sent_at = 0;
  std::uint64_t stream_seq = 0;  // Deliver of a quorum-stream packet: its place in the stream
  std::size_t sent_record = TraceLog::kNoRecord;  // Deliver: the trace record of its MessageSent
  Envelope env;
};

namespace {
using QEvent = Simulator::QEvent;

constexpr std::size_t kRetiredSnapshotsPerStep = 1;  // freed after each event (see PayloadStore::truncate)
constexpr Ms kTcpRtoMs = 200;            // first TCP retransmission timeout
constexpr Ms kTcpGiveUpMs = 60000;       // a stream stuck behind a cut link breaks after this
// How often (in events) the servers' trees are looked at for chunks to share, and how many
// chunks they must have made since they last shared (about 13 KB each with their strings).
constexpr std::uint64_t kShareCheckEvents = 256;
constexpr std::size_t kShareAfterChunks = 256;
// A checkpoint renumbers the live queue's slots when more than twice this many plus twice
// the queued events are held.
constexpr std::size_t kCompactSlabAbove = 4096;
// Checkpoints: at most this many bytes copied per event run (a checkpoint of a state that
// costs C bytes to copy comes (C - kCheckpointFreeBytes) / this events after the last one, and at least
// SimOptions::checkpoint_every_events after it); checkpoints of at least kThinAboveBytes
// are thinned out with age (thin_checkpoints).
constexpr std::size_t kCheckpointBytesPerEvent = 32;
constexpr std::size_t kCheckpointFreeBytes = 256 * 1024;  // a small state: every checkpoint_every_events
constexpr std::size_t kThinAboveBytes = 64 * 1024;
constexpr std::uint64_t kThinAge = 4;

bool opens_connection(const Message& m) {
  if (std::holds_alternative<ElectionConnect>(m)) return true;
  if (const auto* p = std::get_if<QuorumPacket>(&m))
    return p->type == PacketType::FollowerInfo || p->type == PacketType::ObserverInfo;
  return false;
}

}  // namespace

// Everything that changes while the simulation runs. Copyable: a checkpoint is a copy.
struct Simulator::World {
  Ms now = 0;
  std::uint64_t events = 0;
  std::uint64_t seq = 0;
  MessageId next_id = 1;
  std::uint64_t delivered = 0;
  Prng prng{1};
  EventQueue queue;                // (at, seq, slot) of the queued events
  std::vector<QEvent> slab;        // the queued events, by slot: the queue moves small keys
  std::vector<std::uint32_t> free_slots;
  std::vector<std::optional<QuorumPeer>> peers;  // engaged = process running
  std::vector<PersistedState> disks;             // what a down server has on disk
  std::vector<Ms> timer_at;
  std::vector<std::uint32_t> timer_gen;
  int n = 0;
  std::vector<LinkParams> links;     // n*n, [source*n + target]
  std::vector<std::uint8_t> cut;     // n*n
  std::vector<Ms> last_deliver_at;   // n*n, FIFO per link
  // Quorum-port streams, n*n: packets numbered as sent and as consumed (delivered or
  // dropped), and when the packet at the head, held behind a cut, is retried next.
  std::vector<std::uint64_t> stream_sent;
  std::vector<std::uint64_t> stream_done;
  std::vector<Ms> stream_held_until;
  std::vector<std::optional<Zxid>> down_zxid;  // last processed zxid when it went down
  std::int32_t next_cxid = 0;        // the test client's request counter
  std::vector<SimClient> clients;
  bool tracing = true;  // set_tracing; SimOptions::trace at first
};

struct Simulator::Checkpoint {
  std::uint64_t events = 0;
  World world;  // with an empty queue, slab and free list: the queued events are below
  std::size_t trace_size = 0;
  PayloadStore::Mark payloads;
  // The queued events, in the order they will be popped. The slab keeps every slot it ever
  // used (a burst of 5,000 writes to 9 servers queues about 50,000 events at once) and the
  // queue a link per slot: copied into every checkpoint, mostly free slots, they were a
  // tenth of a big run's memory. Which slot an event has is never seen: a restored queue
  // numbers them anew and pops them in the same order.
  std::vector<QEvent> queued;
  std::size_t bytes = 0;  // state_cost() when it was taken
};

Simulator::Simulator(config::EnsembleConfig config, SimOptions options)
    : config_(std::move(config)), options_(options), world_(std::make_unique<World>()) {
  roster_ = std::make_unique<Roster>(config_);
  World& w = *world_;
  w.prng = Prng(options_.seed);
  w.tracing = options_.trace;
  w.n = roster_->size();
  const std::size_t n = static_cast<std::size_t>(w.n);
  w.peers.resize(n);
  w.disks.resize(n);
  w.timer_at.assign(n, kNever);
  w.timer_gen.assign(n, 0);
  w.links.assign(n * n, options_.link);
  w.cut.assign(n * n, 0);
  w.last_deliver_at.assign(n * n, 0);
  w.stream_held_until.assign(n * n, 0);
  w.stream_sent.assign(n * n, 0);
  w.stream_done.assign(n * n, 0);
  w.down_zxid.assign(n, std::nullopt);
  outbox_ = std::make_unique<Outbox>();
  payloads_ = std::make_unique<PayloadStore>();
  Sid max_sid = 0;
  for (const auto& s : config_.servers) max_sid = std::max(max_sid, s.sid);
  ctx_.election_address.resize(static_cast<std::size_t>(max_sid) + 1);
  ctx_.quorum_address.resize(static_cast<std::size_t>(max_sid) + 1);
  ctx_.data_dir.resize(static_cast<std::size_t>(max_sid) + 1);
  for (const auto& s : config_.servers) {
    ctx_.election_address[static_cast<std::size_t>(s.sid)] = s.host + ":" + std::to_string(s.election_port);
    ctx_.quorum_address[static_cast<std::size_t>(s.sid)] = s.host + ":" + std::to_string(s.quorum_port);
    ctx_.data_dir[static_cast<std::size_t>(s.sid)] = config_.data_dir_of(s.sid);
  }
  ctx_.text = [store = payloads_.get()](std::int64_t ref) {
    const auto r = static_cast<PayloadRef>(ref);
    return store->contains(r) && PayloadStore::kind(r) == PayloadKind::Text ? store->text(r) : std::string("?");
  };
}

Simulator::~Simulator() = default;

const config::EnsembleConfig& Simulator::config() const { return config_; }
const TraceLog& Simulator::trace() const { return trace_; }
const TraceContext& Simulator::trace_context() const { return ctx_; }
Ms Simulator::now() const { return world_->now; }
std::uint64_t Simulator::events_processed() const { return world_->events; }
std::uint64_t Simulator::messages_delivered() const { return world_->delivered; }

// ---------------------------------------------------------------- setup and injections

bool Simulator::begin_change() {
  // Before the first step a change is part of the initial state (checkpoint 0).
  if (world_->events == 0 && checkpoints_.empty()) return false;
  // A change after the run began forks it here: later checkpoints and changes are dropped.
  const std::uint64_t at = world_->events;
  std::erase_if(checkpoints_, [&](const Checkpoint& c) { return c.events > at; });
  next_cost_check_ = 0;
  // changes_ is in at_event order (each change is appended after the later ones are
  // dropped), so the ones to drop are at the back: a client workload that schedules a
  // write per reply would otherwise scan every earlier change each time.
  std::size_t keep = changes_.size();
  while (keep > 0 && changes_[keep - 1].at_event > at) --keep;
  changes_.truncate(keep);
  return true;
}

void Simulator::change(const Change& c) {
  if (begin_change()) changes_.push_back(c);
  apply_change(c);
}

void Simulator::preset_zxid(Sid sid, Zxid zxid) {
  change(Change{world_->events, Change::Kind::Preset, 0, sid, 0, zxid});
}

void Simulator::schedule(const ScheduledAction& action) {
  actions_.emplace_back(action);
  const auto index = static_cast<std::uint32_t>(actions_.size() - 1);
  change(Change{world_->events, Change::Kind::Schedule, index, 0, 0, {}});
}

void Simulator::set_link(Sid source, Sid target, const LinkParams& params) {
  link_params_.push_back(params);
  const auto index = static_cast<std::uint32_t>(link_params_.size() - 1);
  change(Change{world_->events, Change::Kind::Link, index, source, target, {}});
}

void Simulator::set_tracing(bool on) {
  const std::uint64_t at = world_->events;
  std::erase_if(tracing_changes_, [&](const auto& t) { return t.first >= at; });
  tracing_changes_.emplace_back(at, on);
  world_->tracing = on;
}

void Simulator::apply_change(const Change& c) {
  World& w = *world_;
  switch (c.kind) {
    case Change::Kind::Preset: {
      const int i = roster_->index_of(c.sid);
      ZS_ASSERT(i >= 0);
      PersistedState& d = w.disks[static_cast<std::size_t>(i)];
      // The server logged txns 1..counter of the zxid's epoch: failed creates (error
      // txns), so every server with a preset holds the same tree and the logs agree.
      d.snapshot = 0;
      d.snapshot_zxid = Zxid::make(c.zxid.epoch(), 0);
      d.snapshot_file = d.snapshot_zxid;  // the empty tree, saved at the epoch's start
      d.log.clear();
      for (std::int64_t k = 1; k <= c.zxid.counter(); ++k) {
        const Zxid z = Zxid::make(c.zxid.epoch(), k);
        Txn txn{TxnHeader{0, 0, z, 0, opcode::kError}, ErrorTxn{Code::NodeExists}};
        d.log.push_back(LoggedTxn{z, payloads_->add(std::move(txn))});
      }
      // A missing epoch file is created from the last zxid's epoch (QuorumPeer.loadDataBase).
      d.current_epoch = std::max(d.current_epoch, c.zxid.epoch());
      d.accepted_epoch = std::max(d.accepted_epoch, d.current_epoch);
      return;
    }
    case Change::Kind::Schedule: {
      QEvent e;
      e.at = std::max(actions_[c.item].at, w.now);
      e.kind = EvKind::Action;
      e.gen = c.item;
      push(e);
      return;
    }
    case Change::Kind::Link: {
      const int s = roster_->index_of(c.sid);
      const int t = roster_->index_of(c.target);
      ZS_ASSERT(s >= 0 && t >= 0);
      w.links[static_cast<std::size_t>(s * w.n + t)] = link_params_[c.item];
      return;
    }
  }
}

// ---------------------------------------------------------------- the event loop

void Simulator::push(QEvent e) {
  World& w = *world_;
  e.seq = w.seq++;
  std::uint32_t slot = 0;
  if (w.free_slots.empty()) {
    slot = static_cast<std::uint32_t>(w.slab.size());
    w.slab.push_back(e);
  } else {
    slot = w.free_slots.back();
    w.free_slots.pop_back();
    w.slab[slot] = e;
  }
  w.queue.push(EventQueue::Key{e.at, e.seq, slot});
}

std::size_t Simulator::record(const TraceBody& body) {
  if (!world_->tracing) return TraceLog::kNoRecord;
  trace_.push_back(TraceEvent{world_->now, body});
  return trace_.size() - 1;
}

Ms Simulator::draw_latency(const LinkParams& p) {
  return world_->prng.range_inclusive(p.latency_min_ms, std::max(p.latency_min_ms, p.latency_max_ms));
}

void Simulator::route(const Envelope& env) {
  World& w = *world_;
  const int s = roster_->index_of(env.source);
  const int t = roster_->index_of(env.target);
  if (s < 0 || t < 0) return;
  const std::size_t link = static_cast<std::size_t>(s * w.n + t);
  QEvent e;
  e.env = env;
  e.sent_at = w.now;
  if (is_socket_event(env.msg)) {
    e.kind = EvKind::Socket;
    e.at = w.now + draw_latency(w.links[link]);
    push(e);
    return;
  }
  e.kind = EvKind::Deliver;
  e.id = w.next_id++;
  if (s == t) {  // loopback inside the process: next in line, never lost
    e.at = w.now;
  } else {
    const LinkParams& p = w.links[link];
    // Quorum-port packets travel on one TCP stream: never reordered or duplicated. Election
    // notifications may be, and FastLeaderElection copes with both.
    const bool stream = std::holds_alternative<QuorumPacket>(env.msg) && !opens_connection(env.msg);
    e.lost = w.prng.chance(p.loss);
    e.at = w.now + draw_latency(p);
    if (stream) {
      // TCP retransmits a lost segment after its timeout (200 ms, doubling).
      for (Ms rto = kTcpRtoMs; e.lost && rto <= 8 * kTcpRtoMs; rto *= 2) {
        e.at += rto;
        e.lost = w.prng.chance(p.loss);
      }
      e.lost = false;
    }
    if (!p.reorder || stream) {
      e.at = std::max(e.at, w.last_deliver_at[link]);
      w.last_deliver_at[link] = e.at;
    }
    if (stream) e.stream_seq = w.stream_sent[link]++;
    // A connection is opened once (a duplicated SYN is absorbed by TCP).
    if (!stream && !opens_connection(env.msg) && w.prng.chance(p.duplicate)) {
      QEvent dup = e;
      dup.id = w.next_id++;
      dup.lost = false;
      dup.at = w.now + draw_latency(p);
      if (!p.reorder) dup.at = std::max(dup.at, e.at);
      dup.sent_record = record(MessageSent{dup.id, env, dup.at});
      push(dup);
    }
  }
  e.sent_record = record(MessageSent{e.id, env, e.at});
  push(e);
}

void Simulator::drain(int index, Outbox& out) {
  World& w = *world_;
  for (auto& ev : out.events) {
    record(ev);
    if (std::holds_alternative<ClientSession>(ev) || std::holds_alternative<ClientOp>(ev)) client_event(ev);
    tell_client(ev);
  }
  for (const auto& env : out.sends) route(env);
  out.clear();
  const auto& peer = w.peers[static_cast<std::size_t>(index)];
  const Ms d = peer ? peer->next_deadline() : kNever;
  if (d != w.timer_at[static_cast<std::size_t>(index)]) {
    w.timer_at[static_cast<std::size_t>(index)] = d;
    const std::uint32_t gen = ++w.timer_gen[static_cast<std::size_t>(index)];
    if (d != kNever) {
      QEvent e;
      e.kind = EvKind::Timer;
      e.at = std::max(d, w.now);
      e.peer = index;
      e.gen = gen;
      push(e);
    }
  }
}

void Simulator::crash(int i) {
  World& w = *world_;
  auto& peer = w.peers[static_cast<std::size_t>(i)];
  if (!peer) return;
  const Sid sid = roster_->sid_at(i);
  const PeerStatus before = peer_status(peer->state());
  w.disks[static_cast<std::size_t>(i)] = peer->disk();
  w.down_zxid[static_cast<std::size_t>(i)] = peer->last_processed_zxid();
  peer.reset();
  ++w.timer_gen[static_cast<std::size_t>(i)];
  w.timer_at[static_cast<std::size_t>(i)] = kNever;
  record(StateChanged{sid, before, PeerStatus::Down});
  // Its clients lose their connection and go looking for another server.
  for (std::size_t k = 0; k < w.clients.size(); ++k) {
    const SimClient& c = w.clients[k];
    if (c.server != sid || !(c.connected || c.connecting)) continue;
    const ClientSession lost{static_cast<std::int32_t>(k), sid, SessionState::Disconnected, c.session, 0};
    record(lost);
    client_event(lost);
    tell_client(lost);
  }
  // The operating system closes the dead process's sockets: peers see them break.
  for (int j = 0; j < w.n; ++j) {
    if (j == i || !w.peers[static_cast<std::size_t>(j)]) continue;
    if (w.cut[static_cast<std::size_t>(i * w.n + j)]) continue;
    const Sid other = roster_->sid_at(j);
    route(Envelope{sid, other, ConnectionClosed{Channel::Election, 0}});
    route(Envelope{sid, other, ConnectionClosed{Channel::Quorum, 0}});
  }
}

void Simulator::client_connect(std::int32_t index, Outbox& out) {
  World& w = *world_;
  SimClient& c = w.clients[static_cast<std::size_t>(index)];
  int si = c.next_server % w.n;
  int place = si;
  if (!c.servers.empty()) {
    place = c.next_server % static_cast<int>(c.servers.size());
    si = roster_->index_of(c.servers[static_cast<std::size_t>(place)]);
  }
  c.server = roster_->sid_at(si);
  c.connecting = true;
  auto& peer = w.peers[static_cast<std::size_t>(si)];
  if (!peer) {
    // Connection refused: try the next server after the retry delay. The handle hears of the
    // failed attempt (ClientCnxn's cleanup fails its queued requests with ConnectionLoss);
    // nothing is traced, the client never reached a server.
    c.connecting = false;
    c.next_server = place + 1;
    tell_client(ClientSession{index, c.server, SessionState::Disconnected, c.session, 0});
    QEvent e;
    e.kind = EvKind::ClientTimer;
    e.at = w.now + kClientRetryMs;
    e.peer = index;
    e.gen = ++c.gen;
    push(e);
    return;
  }
  const PayloadRef ref = payloads_->add(
      ClientRequest{c.session, 0, ConnectRequest{c.requested_timeout, c.session, c.last_seen}, c.auth, index});
  peer->client_request(ref, w.now, out);
  drain(si, out);
}

void Simulator::client_event(const TraceBody& body) {
  World& w = *world_;
  // Where `sid` is in the order the client tries its servers.
  auto place_of = [&](const SimClient& c, Sid sid) {
    if (c.servers.empty()) return roster_->index_of(sid);
    const auto it = std::find(c.servers.begin(), c.servers.end(), sid);
    return it == c.servers.end() ? 0 : static_cast<int>(it - c.servers.begin());
  };
  auto handle = [&](std::int32_t index) -> SimClient* {
    if (index < 0 || static_cast<std::size_t>(index) >= w.clients.size()) return nullptr;
    return &w.clients[static_cast<std::size_t>(index)];
  };
  if (const auto* s = std::get_if<ClientSession>(&body)) {
    SimClient* c = handle(s->client);
    if (!c) return;
    c->state = s->state;
    c->connecting = false;
    switch (s->state) {
      case SessionState::Connected:
        c->connected = true;
        c->server = s->sid;
        c->session = s->session_id;
        c->last_session = s->session_id;
        c->timeout = s->timeout_ms;
        c->next_server = place_of(*c, s->sid);
        return;
      case SessionState::Disconnected: {
        c->connected = false;
        if (c->gone) return;
        c->next_server = place_of(*c, s->sid) + 1;
        QEvent e;
        e.kind = EvKind::ClientTimer;
        e.at = w.now + kClientRetryMs;
        e.peer = s->client;
        e.gen = ++c->gen;
        push(e);
        return;
      }
      case SessionState::Expired:
      case SessionState::Closed:
        c->connected = false;
        c->gone = true;
        c->session = 0;
        return;
    }
  } else if (const auto* o = std::get_if<ClientOp>(&body)) {
    SimClient* c = handle(o->client);
    if (c && o->stage == ClientOpStage::Completed && o->zxid > c->last_seen) c->last_seen = o->zxid;
  }
}

void Simulator::drop_client(std::int32_t index, Outbox& out) {
  World& w = *world_;
  SimClient& c = w.clients[static_cast<std::size_t>(index)];
  const bool was_connected = c.connected;
  c.connected = false;
  c.connecting = false;
  c.gone = true;
  ++c.gen;
  const int si = roster_->index_of(c.server);
  if (was_connected && si >= 0 && w.peers[static_cast<std::size_t>(si)]) {
    w.peers[static_cast<std::size_t>(si)]->client_disconnect(index, w.now, out);
    drain(si, out);
  }
}

// addauth as the server handles the auth packet (ZooKeeperServer.processPacket): its
// ProviderRegistry turns the bytes into ids for the connection, or the server answers
// AUTHFAILED and closes the connection. The answer (xid -4) goes to the reply channel only,
// so traces stay as they were before the server decided.
void Simulator::client_auth(const StoredAction& a, Outbox& out) {
  World& w = *world_;
  if (a.client < 0) return;
  const bool known = static_cast<std::size_t>(a.client) < w.clients.size();
  AuthOutcome verdict;
  // DigestAuthenticationProvider throws on null bytes; the server answers AUTHFAILED.
  if (!(a.rare->null_credentials && a.rare->scheme == "digest"))
    verdict = authenticate(a.rare->scheme, a.rare->credentials, AuthConfig{}, kClientIp);
  Sid sid = 0;
  std::int64_t session = 0;
  if (known) {
    SimClient& c = w.clients[static_cast<std::size_t>(a.client)];
    sid = c.server;
    session = c.session;
    // The ids are appended as the sim always kept them (no de-duplication).
    if (verdict.code == Code::Ok) c.auth.ids.insert(c.auth.ids.end(), verdict.ids.begin(), verdict.ids.end());
  }
  tell_client(ClientOp{sid, ClientOpStage::Completed, session, kAuthXid, kAuthOpcode, Zxid{},
                       static_cast<std::int32_t>(verdict.code), a.client, 0});
  if (known && verdict.code != Code::Ok) drop_client(a.client, out);
}

void Simulator::tell_client(const TraceBody& body) {
  // A seek replays events the handles already heard (or that belong to a rewound past).
  if (channels_.empty() || replaying_) return;
  ClientNotice n;
  n.at = world_->now;
  std::int32_t client = -1;
  if (const auto* o = std::get_if<ClientOp>(&body)) {
    if (o->stage != ClientOpStage::Completed) return;
    client = o->client;
    if (o->result != 0) n.result = payloads_->result(o->result);
    n.body = *o;
  } else if (const auto* s = std::get_if<ClientSession>(&body)) {
    client = s->client;
    n.body = *s;
  } else if (const auto* wf = std::get_if<WatchFired>(&body)) {
    client = wf->client;
    n.result.path = payloads_->result(wf->path).path;
    n.body = *wf;
  } else {
    return;
  }
  auto it = channels_.find(client);
  if (it != channels_.end()) it->second.push_back(std::move(n));
}

void Simulator::open_client_channel(std::int32_t index) { channels_[index]; }

void Simulator::close_client_channel(std::int32_t index) { channels_.erase(index); }

std::optional<ClientNotice> Simulator::take_client_notice(std::int32_t index) {
  auto it = channels_.find(index);
  if (it == channels_.end() || it->second.empty()) return std::nullopt;
  ClientNotice n = std::move(it->second.front());
  it->second.pop_front();
  return n;
}

ClientView Simulator::client(std::int32_t index) const {
  const World& w = *world_;
  ClientView v;
  if (index < 0 || static_cast<std::size_t>(index) >= w.clients.size()) return v;
  const SimClient& c = w.clients[static_cast<std::size_t>(index)];
  v.exists = true;
  v.server = c.server;
  v.state = c.state;
  v.session_id = c.session;
  v.timeout_ms = c.timeout;
  v.last_zxid_seen = c.last_seen;
  v.requested_timeout_ms = c.requested_timeout;
  v.dropped = c.gone && c.state != SessionState::Expired && c.state != SessionState::Closed;
  v.last_session_id = c.last_session;
  return v;
}

std::int32_t Simulator::client_count() const { return static_cast<std::int32_t>(world_->clients.size()); }

void Simulator::boot(int i, Outbox& out) {
  World& w = *world_;
  auto& peer = w.peers[static_cast<std::size_t>(i)];
  if (peer) return;
  PersistedState& d = w.disks[static_cast<std::size_t>(i)];
  ++d.incarnation;
  peer.emplace(roster_.get(), payloads_.get(), roster_->sid_at(i), d);
  peer->set_wall_clock_origin(options_.wall_clock_origin_ms);
  // Each process draws from its own stream, so its draws do not shift the network's.
  peer->set_random_seed(options_.seed ^ (static_cast<std::uint64_t>(roster_->sid_at(i)) << 32) ^
                        (static_cast<std::uint64_t>(d.incarnation) * 0x9e3779b97f4a7c15ULL));
  peer->start(w.now, out);
  drain(i, out);
}

Simulator::StoredAction::StoredAction(const ScheduledAction& a)
    : kind(a.kind), at(a.at), sid(a.sid), target(a.target), session_id(a.session_id), client(a.client) {
  using K = ScheduledAction::Kind;
  if (a.kind == K::Write) call = a.request;
  if (a.kind == K::Client) call = a.call;
  if (a.kind == K::Partition || a.kind == K::SetLoss || a.kind == K::ClientAuth || !a.servers.empty())
    rare = std::make_unique<const Rare>(
        Rare{a.groups, a.loss, a.scheme, a.credentials, a.null_credentials, a.servers});
}

void Simulator::apply_action(const StoredAction& a, Outbox& out) {
  World& w = *world_;
  const int i = roster_->index_of(a.sid);
  using K = ScheduledAction::Kind;
  switch (a.kind) {
    case K::Start:
    case K::Restart:
      if (i < 0) return;
      record(Fault{a.kind == K::Start ? FaultKind::Start : FaultKind::Restart, a.sid, 0, 0});
      boot(i, out);
      return;
    case K::Crash:
      if (i < 0) return;
      record(Fault{FaultKind::Crash, a.sid, 0, 0});
      crash(i);
      return;
    case K::Partition: {
      // group of each server; a server in no group is alone
      std::vector<int> group(static_cast<std::size_t>(w.n), -1);
      std::uint64_t first_mask = 0;
      for (std::size_t g = 0; g < a.rare->groups.size(); ++g)
        for (Sid sid : a.rare->groups[g]) {
          const int k = roster_->index_of(sid);
          if (k >= 0) group[static_cast<std::size_t>(k)] = static_cast<int>(g);
          if (g == 0 && sid >= 1 && sid <= 64) first_mask |= std::uint64_t{1} << (sid - 1);
        }
      record(Fault{FaultKind::Partition, 0, 0, first_mask});
      for (int s = 0; s < w.n; ++s)
        for (int t = 0; t < w.n; ++t) {
          const int gs = group[static_cast<std::size_t>(s)];
          const int gt = group[static_cast<std::size_t>(t)];
          w.cut[static_cast<std::size_t>(s * w.n + t)] = s != t && (gs != gt || gs < 0);
        }
      return;
    }
    case K::HealAll:
      record(Fault{FaultKind::HealAll, 0, 0, 0});
      std::fill(w.cut.begin(), w.cut.end(), 0);
      return;
    case K::CutLink:
    case K::HealLink: {
      const int t = roster_->index_of(a.target);
      if (i < 0 || t < 0) return;
      record(Fault{a.kind == K::CutLink ? FaultKind::CutLink : FaultKind::HealLink, a.sid, a.target, 0});
      w.cut[static_cast<std::size_t>(i * w.n + t)] = a.kind == K::CutLink;
      return;
    }
    case K::SetLoss:
      for (auto& l : w.links) l.loss = a.rare->loss;
      return;
    case K::Client: {
      if (a.client < 0) return;
      if (w.clients.size() <= static_cast<std::size_t>(a.client)) w.clients.resize(static_cast<std::size_t>(a.client) + 1);
      SimClient& c = w.clients[static_cast<std::size_t>(a.client)];
      if (const auto* conn = std::get_if<ConnectRequest>(&a.call)) {
        const AuthInfo keep;  // a new handle starts without authentication
        c = SimClient{};
        c.auth = keep;
        c.requested_timeout = conn->timeout_ms;
        c.next_server = std::max(0, i);
        if (a.rare) {
          for (Sid sid : a.rare->servers)
            if (roster_->index_of(sid) >= 0) c.servers.push_back(sid);
          c.next_server = 0;
        }
        client_connect(a.client, out);
        return;
      }
      // SetWatches travels with xid -8 and uses up no request number; without a connection
      // it is not sent (the next connection sends its own).
      const bool set_watches = std::holds_alternative<SetWatchesRequest>(a.call);
      if (set_watches && !c.connected) return;
      const std::int32_t cxid = set_watches ? kSetWatchesXid : ++c.next_cxid;
      if (!c.connected) {
        // The handle has no connection: zkCli sees ConnectionLoss at once.
        const std::int32_t op = std::holds_alternative<ReadRequest>(a.call) ? std::get<ReadRequest>(a.call).op : 0;
        record(ClientOp{c.server, ClientOpStage::Submitted, c.session, cxid, op, Zxid{}, 0, a.client, 0});
        const ClientOp lost{c.server, ClientOpStage::Completed, c.session, cxid, op, Zxid{},
                            static_cast<std::int32_t>(Code::ConnectionLoss), a.client, 0};
        record(lost);
        tell_client(lost);
        return;
      }
      const int si = roster_->index_of(c.server);
      auto& peer = w.peers[static_cast<std::size_t>(si)];
      if (!peer) return;
      const PayloadRef ref = payloads_->add(ClientRequest{c.session, cxid, a.call, c.auth, a.client});
      peer->client_request(ref, w.now, out);
      drain(si, out);
      return;
    }
    case K::ClientKill:
      if (a.client < 0 || w.clients.size() <= static_cast<std::size_t>(a.client)) return;
      drop_client(a.client, out);
      return;
    case K::ClientAuth:
      client_auth(a, out);
      return;
    case K::Write: {
      if (i < 0) return;
      const std::int32_t cxid = ++w.next_cxid;
      auto& peer = w.peers[static_cast<std::size_t>(i)];
      if (!peer) {
        // Nothing listens on a down server's client port: the client cannot send.
        record(ClientOp{a.sid, ClientOpStage::Completed, a.session_id, cxid, 0, Zxid{},
                        static_cast<std::int32_t>(Code::ConnectionLoss)});
        return;
      }
      const PayloadRef ref = payloads_->add(ClientRequest{a.session_id, cxid, a.call, AuthInfo{}});
      peer->client_write(ref, w.now, out);
      drain(i, out);
      return;
    }
  }
}

bool Simulator::deliver(const QEvent& e, Outbox& out) {
  World& w = *world_;
  const int s = roster_->index_of(e.env.source);
  const int t = roster_->index_of(e.env.target);
  auto& target = w.peers[static_cast<std::size_t>(t)];
  const bool cut = s != t && w.cut[static_cast<std::size_t>(s * w.n + t)];
  if (e.kind == EvKind::Socket) {
    // Socket events are not messages: they reach a running process or nothing.
    if (!target || (cut && !e.local)) return true;
    target->on_message(e.env, w.now, out);
    drain(t, out);
    return true;
  }
  std::optional<DropReason> reason;
  if (!target) reason = DropReason::TargetDown;
  else if (cut) reason = DropReason::LinkCut;
  else if (e.lost) reason = DropReason::Loss;
  const bool stream = std::holds_alternative<QuorumPacket>(e.env.msg) && !opens_connection(e.env.msg);
  const std::size_t link = static_cast<std::size_t>(s * w.n + t);
  if (stream && s != t && e.stream_seq != w.stream_done[link]) {
    // An earlier packet of this stream is still being retransmitted: TCP keeps the stream
    // whole, so this one waits behind it (pushed later, it is processed after it).
    QEvent again = e;
    again.at = std::max(w.now + 1, w.stream_held_until[link]);
    push(again);
    return false;
  }
  if (reason == DropReason::LinkCut && stream) {
    if (w.now - e.sent_at < kTcpGiveUpMs) {
      // The packet stays in flight, retransmitted until the link heals; nothing behind it
      // may overtake it.
      QEvent again = e;
      again.at = w.now + kTcpRtoMs;
      Ms& last = w.last_deliver_at[link];
      last = std::max(last, again.at);
      w.stream_held_until[link] = again.at;
      push(again);
      return false;
    }
    ++w.stream_done[link];
    // TCP gives up: both ends see the connection break.
    record(MessageDropped{e.id, e.env, e.sent_at, *reason});
    const std::uint32_t cnx = std::get<QuorumPacket>(e.env.msg).cnx;
    for (auto [from, to] : {std::pair{e.env.source, e.env.target}, std::pair{e.env.target, e.env.source}}) {
      QEvent c;
      c.kind = EvKind::Socket;
      c.local = true;
      c.at = w.now;
      c.env = Envelope{from, to, ConnectionClosed{Channel::Quorum, cnx}};
      push(c);
    }
    return true;
  }
  if (stream && s != t) ++w.stream_done[link];
  if (reason) {
    record(MessageDropped{e.id, e.env, e.sent_at, *reason});
    if (opens_connection(e.env.msg) && w.peers[static_cast<std::size_t>(s)]) {
      // The opener learns the connect failed: refused at once by a host whose port is
      // closed, or after the connect timeout when nothing answers.
      const bool refused = *reason == DropReason::TargetDown;
      const Channel ch = std::holds_alternative<ElectionConnect>(e.env.msg) ? Channel::Election : Channel::Quorum;
      const std::uint32_t cnx = ch == Channel::Quorum ? std::get<QuorumPacket>(e.env.msg).cnx : 0;
      QEvent f;
      f.kind = EvKind::Socket;
      f.local = true;
      f.env = Envelope{e.env.target, e.env.source, ConnectFailed{ch, !refused, cnx}};
      f.at = refused ? w.now + draw_latency(w.links[static_cast<std::size_t>(t * w.n + s)])
             : ch == Channel::Election
                 ? e.sent_at + config_.cnx_timeout_ms
                 : kNever;  // a lost quorum connect: the learner's own read timeout decides
      if (f.at != kNever) push(f);
    }
    return true;
  }
  if (w.tracing && e.sent_record < trace_.size())
    trace_.push_delivered(w.now, e.sent_record);  // the send's record has the rest
  else
    record(MessageDelivered{e.id, e.env, e.sent_at});
  ++w.delivered;
  if (std::holds_alternative<ElectionConnect>(e.env.msg) && w.peers[static_cast<std::size_t>(s)]) {
    QEvent c;
    c.kind = EvKind::Socket;
    c.local = true;
    c.at = w.now;
    c.env = Envelope{e.env.target, e.env.source, Connected{Channel::Election}};
    push(c);
  }
  target->on_message(e.env, w.now, out);
  drain(t, out);
  return true;
}

namespace {
// The simulator being stepped, so a broken invariant can say how to reproduce it.
thread_local const Simulator* g_stepping = nullptr;

void print_reproduction() {
  const Simulator* sim = g_stepping;
  if (!sim) return;
  std::fprintf(stderr, "zooscope: seed %llu, virtual time %lld ms, event %llu; last trace events:\n",
               static_cast<unsigned long long>(sim->options().seed), static_cast<long long>(sim->now()),
               static_cast<unsigned long long>(sim->events_processed()));
  const auto& tr = sim->trace();
  std::size_t tail = 30;  // ZS_TRACE_TAIL=N shows more
  if (const char* env = std::getenv("ZS_TRACE_TAIL")) tail = std::strtoull(env, nullptr, 10);
  for (std::size_t i = tr.size() > tail ? tr.size() - tail : 0; i < tr.size(); ++i)
    std::fprintf(stderr, "  %s\n", format_line(tr[i], sim->trace_context()).c_str());
}

struct SteppingScope {
  explicit SteppingScope(const Simulator* s) : prev(g_stepping) {
    g_stepping = s;
    set_assert_hook(&print_reproduction);
  }
  ~SteppingScope() { g_stepping = prev; }
  const Simulator* prev;
};
}  // namespace

bool Simulator::step(Ms limit) {
  SteppingScope scope(this);
  World& w = *world_;
  if (checkpoints_.empty()) take_checkpoint();
  Outbox& out = *outbox_;
  while (!w.queue.empty()) {
    if (w.queue.top().at > limit) return false;  // run_until(t) never runs an event after t
    const std::uint32_t slot = w.queue.pop().slot;
    QEvent e = w.slab[slot];
    w.free_slots.push_back(slot);
    if (e.kind == EvKind::Timer) {
      const std::size_t i = static_cast<std::size_t>(e.peer);
      if (e.gen != w.timer_gen[i] || !w.peers[i]) continue;  // superseded: not an event
      w.now = e.at;
      w.timer_at[i] = kNever;
      w.peers[i]->on_timer(w.now, out);
      drain(e.peer, out);
    } else if (e.kind == EvKind::Action) {
      w.now = e.at;
      apply_action(actions_[e.gen], out);
    } else if (e.kind == EvKind::ClientTimer) {
      SimClient& c = w.clients[static_cast<std::size_t>(e.peer)];
      if (e.gen != c.gen || c.connected || c.connecting || c.gone) continue;  // not an event
      w.now = e.at;
      client_connect(e.peer, out);
    } else {
      w.now = e.at;
      if (!deliver(e, out)) continue;  // held back in flight: not an event
    }
    ++w.events;
    trace_end_.push_back(static_cast<std::uint32_t>(trace_.size()));
    event_at_.push_back(w.now);
    // A checkpoint is the state after its event and before any change made at that moment.
    // The state's size is looked at again only when the last look allowed a checkpoint: it
    // grows, so the earliest event that can take one is last + cost/2.
    // Replaying after a seek back stays behind the last checkpoint: the ones ahead already
    // hold the states it is re-creating.
    const std::uint64_t last = checkpoints_.back().events;
    const std::uint64_t since = w.events > last ? w.events - last : 0;
    if (options_.checkpoint_every_events > 0 && since >= options_.checkpoint_every_events &&
        w.events >= next_cost_check_) {
      const std::size_t cost = state_cost();
      const std::size_t interval = cost > kCheckpointFreeBytes ? (cost - kCheckpointFreeBytes) / kCheckpointBytesPerEvent : 0;
      if (since >= interval)
        take_checkpoint();
      else
        next_cost_check_ = checkpoints_.back().events + interval;
    }
    if ((w.events & (kShareCheckEvents - 1)) == 0) maybe_share_trees();
    replay_changes_at(w.events);
    retrace_at(w.events);
    payloads_->release_retired(kRetiredSnapshotsPerStep);
    return true;
  }
  return false;
}

void Simulator::retrace_at(std::uint64_t index) {
  // Tracing as it was at this moment when the run first passed it (a replay, by seek or
  // by stepping again after one).
  for (const auto& [at, on] : tracing_changes_)
    if (at == index) world_->tracing = on;
}

void Simulator::replay_changes_at(std::uint64_t index) {
  // Only while replaying after a rewind: changes recorded at this index are re-applied.
  // changes_ is ordered by at_event, so a cursor finds them without a scan.
  if (!replaying_) return;
  while (next_change_ < changes_.size() && changes_[next_change_].at_event == index)
    apply_change(changes_[next_change_++]);
}

void Simulator::share_trees() {
  auto& peers = world_->peers;
  for (std::size_t i = 1; i < peers.size(); ++i) {
    if (!peers[i]) continue;
    for (std::size_t j = 0; j < i; ++j)
      if (peers[j]) peers[i]->share_memory_with(*peers[j]);
  }
  chunks_made_at_share_ = tree_chunks_made();
}

std::size_t Simulator::tree_chunks_made() const {
  std::size_t made = 0;
  for (const auto& p : world_->peers)
    if (p) made += p->tree_chunks_made();
  return made;
}

void Simulator::maybe_share_trees() {
  // Between checkpoints the servers' trees grow apart by the chunks each writes; once they
  // made enough (a few MB), the equal ones are shared again. Not after every few chunks: a
  // shared chunk is copied again by each server that writes it next.
  const std::size_t made = tree_chunks_made();
  if (made < chunks_made_at_share_) chunks_made_at_share_ = made;  // a rewind or a restart
  if (made - chunks_made_at_share_ >= kShareAfterChunks) share_trees();
}

void Simulator::take_checkpoint() {
  // The trees are about to be shared with the checkpoint (copy on write from now on), so
  // sharing them between the servers too costs the run no extra copies.
  share_trees();
  World& w = *world_;
  // The world is copied without its queue, slab and free list.
  EventQueue queue = std::move(w.queue);
  std::vector<QEvent> slab = std::move(w.slab);
  std::vector<std::uint32_t> free_slots = std::move(w.free_slots);
  w.queue = EventQueue{};
  w.slab.clear();
  w.free_slots.clear();
  Checkpoint c{w.events, w, trace_.size(), payloads_->mark(), {}, state_cost()};
  w.queue = std::move(queue);
  w.slab = std::move(slab);
  w.free_slots = std::move(free_slots);
  c.queued.reserve(w.queue.size());
  w.queue.for_each([&](const EventQueue::Key& k) { c.queued.push_back(w.slab[k.slot]); });
  std::sort(c.queued.begin(), c.queued.end(),
            [](const QEvent& a, const QEvent& b) { return a.at != b.at ? a.at < b.at : a.seq < b.seq; });
  // After a burst the slab and the queue's links keep every slot the burst used (a 5,000-write
  // burst to 9 servers: 50 MB); renumbered from the checkpoint's copy, they shrink again.
  if (w.slab.size() > 2 * c.queued.size() + kCompactSlabAbove) load_queue(std::vector<QEvent>(c.queued));
  checkpoints_.push_back(std::move(c));
  thin_checkpoints();
}

void Simulator::load_queue(std::vector<QEvent> events) {
  World& w = *world_;
  w.slab = std::move(events);
  w.free_slots = {};
  w.queue = EventQueue{};
  w.queue.start_at(w.now);
  for (std::size_t i = 0; i < w.slab.size(); ++i) {
    const QEvent& e = w.slab[i];
    w.queue.push(EventQueue::Key{e.at, e.seq, static_cast<std::uint32_t>(i)});
  }
}

std::size_t Simulator::state_cost() const {
  const World& w = *world_;
  std::size_t bytes = w.queue.size() * sizeof(QEvent);
  for (const auto& p : w.peers)
    if (p) bytes += p->copy_bytes();
  for (const auto& d : w.disks) bytes += d.log.copy_bytes();
  return bytes;
}

void Simulator::thin_checkpoints() {
  // Far back, checkpoints may be further apart: one whose neighbours are closer together
  // than a quarter of their age goes, if it is a large one (small ones cost nothing worth
  // the slower seek). Checkpoint 0 and the newest stay.
  const std::uint64_t now = world_->events;
  for (std::size_t i = checkpoints_.size() - 1; i-- > 1;) {
    const Checkpoint& c = checkpoints_[i];
    if (c.bytes < kThinAboveBytes || i + 1 >= checkpoints_.size()) continue;
    const std::uint64_t gap = checkpoints_[i + 1].events - checkpoints_[i - 1].events;
    if (gap * kThinAge <= now - checkpoints_[i + 1].events)
      checkpoints_.erase(checkpoints_.begin() + static_cast<std::ptrdiff_t>(i));
  }
}

void Simulator::run_until(Ms t) {
  World& w = *world_;
  while (!w.queue.empty() && next_event_time() <= t) step(t);
  if (w.now < t) w.now = t;
}

Ms Simulator::next_event_time() const {
  // The queue's first event may be a superseded timer; it is still a lower bound, which is
  // enough for run_until (stepping skips it).
  return world_->queue.empty() ? kNever : world_->queue.top().at;
}

bool Simulator::run_until(const std::function<bool(const Simulator&)>& pred, Ms limit) {
  if (pred(*this)) return true;
  while (next_event_time() <= limit) {
    if (!step(limit)) break;
    if (pred(*this)) return true;
  }
  if (world_->now < limit && world_->queue.empty()) world_->now = limit;
  return false;
}

std::size_t Simulator::checkpoint_count() const { return checkpoints_.size(); }

Simulator::CheckpointTrees Simulator::checkpoint_trees() const {
  CheckpointTrees out;
  out.checkpoints = checkpoints_.size();
  for (const Checkpoint& c : checkpoints_)
    for (const auto& p : c.world.peers)
      if (p) out.checkpoint_znodes += p->tree().node_count();
  for (const auto& p : world_->peers)
    if (p) out.live_znodes += p->tree().node_count();
  std::unordered_set<const void*> chunks;
  auto count = [&](const World& w) {
    for (const auto& p : w.peers)
      if (p) p->tree().for_each_node_chunk([&](const void* c) { chunks.insert(c); });
  };
  count(*world_);
  for (const Checkpoint& c : checkpoints_) count(c.world);
  out.distinct_chunks = chunks.size();
  out.chunk_bytes = chunks.size() * DataTree::node_chunk_bytes();
  return out;
}

void Simulator::seek(std::uint64_t index) {
  if (checkpoints_.empty()) take_checkpoint();
  auto first_change_from = [&](std::uint64_t at) {
    std::size_t lo = 0, hi = changes_.size();  // the first change at or after `at`
    while (lo < hi) {
      const std::size_t mid = lo + (hi - lo) / 2;
      if (changes_[mid].at_event < at)
        lo = mid + 1;
      else
        hi = mid;
    }
    return lo;
  };
  replaying_ = true;
  next_cost_check_ = 0;
  for (auto& [client, queue] : channels_) queue.clear();  // nothing stale after a seek
  if (index < world_->events) {
    // The last checkpoint at or before the target, then replay forward.
    auto it = std::upper_bound(checkpoints_.begin(), checkpoints_.end(), index,
                               [](std::uint64_t v, const Checkpoint& c) { return v < c.events; });
    ZS_ASSERT(it != checkpoints_.begin());
    --it;
    *world_ = it->world;
    load_queue(it->queued);
    trace_.truncate(it->trace_size);
    trace_end_.truncate(static_cast<std::size_t>(world_->events));
    event_at_.truncate(static_cast<std::size_t>(world_->events));
    payloads_->truncate(it->payloads);
    next_change_ = first_change_from(world_->events);
    replay_changes_at(world_->events);  // changes made at the checkpoint's own moment
    retrace_at(world_->events);
  } else {
    next_change_ = first_change_from(world_->events + 1);  // those at this moment are applied
  }
  while (world_->events < index && step()) {
  }
  replaying_ = false;
}

// ---------------------------------------------------------------- views

std::vector<InFlightMessage> Simulator::in_flight() const {
  std::vector<InFlightMessage> out;
  world_->queue.for_each([&](const EventQueue::Key& k) {
    const QEvent& e = world_->slab[k.slot];
    if (e.kind == EvKind::Deliver) out.push_back(InFlightMessage{e.id, e.env, e.sent_at, e.at, e.lost});
  });
  // In the order they were sent.
  std::sort(out.begin(), out.end(), [](const InFlightMessage& a, const InFlightMessage& b) { return a.id < b.id; });
  return out;
}

bool Simulator::link_cut(Sid source, Sid target) const {
  const int s = roster_->index_of(source);
  const int t = roster_->index_of(target);
  if (s < 0 || t < 0) return false;
  return world_->cut[static_cast<std::size_t>(s * world_->n + t)] != 0;
}

LinkParams Simulator::link(Sid source, Sid target) const {
  const int s = roster_->index_of(source);
  const int t = roster_->index_of(target);
  if (s < 0 || t < 0) return options_.link;
  return world_->links[static_cast<std::size_t>(s * world_->n + t)];
}

std::uint64_t Simulator::event_of_trace(std::size_t trace_index) const {
  // The first event whose trace end passes trace_index recorded it.
  const std::size_t k = trace_end_.upper_bound(trace_index);
  if (k == trace_end_.size()) return world_->events;
  return static_cast<std::uint64_t>(k) + 1;
}

std::uint64_t Simulator::last_event_at_or_before(Ms t) const {
  return static_cast<std::uint64_t>(event_at_.upper_bound(t));
}

std::size_t Simulator::trace_size_at(std::uint64_t index) const {
  if (index == 0) return checkpoints_.empty() ? trace_.size() : checkpoints_.front().trace_size;
  const auto k = static_cast<std::size_t>(std::min<std::uint64_t>(index, trace_end_.size()));
  return k == 0 ? 0 : trace_end_[k - 1];
}

PeerSnapshot Simulator::peer(Sid sid) const {
  const World& w = *world_;
  const int i = roster_->index_of(sid);
  ZS_ASSERT(i >= 0);
  PeerSnapshot s;
  s.sid = sid;
  s.type = config_.servers[static_cast<std::size_t>(i)].type;
  const auto& p = w.peers[static_cast<std::size_t>(i)];
  if (!p) {
    const PersistedState& d = w.disks[static_cast<std::size_t>(i)];
    s.accepted_epoch = d.accepted_epoch;
    s.current_epoch = d.current_epoch;
    s.last_processed_zxid = w.down_zxid[static_cast<std::size_t>(i)].value_or(d.last_logged_zxid());
    return s;
  }
  s.up = true;
  s.status = peer_status(p->state());
  s.leader = p->leader();
  s.vote = p->shown_vote();
  s.round = p->round();
  s.accepted_epoch = p->disk().accepted_epoch;
  s.current_epoch = p->disk().current_epoch;
  s.last_processed_zxid = p->last_processed_zxid();
  s.zab = p->zab_state();
  s.sync = p->sync_mode();
  s.serving = p->serving();
  s.znodes = p->tree().node_count();
  s.wait = p->wait();
  return s;
}

std::vector<PeerSnapshot> Simulator::snapshot() const {
  std::vector<PeerSnapshot> out;
  for (const auto& s : config_.servers) out.push_back(peer(s.sid));
  return out;
}

std::optional<Sid> Simulator::stable_leader() const {
  const World& w = *world_;
  std::optional<Sid> found;
  for (int i = 0; i < w.n; ++i) {
    const auto& p = w.peers[static_cast<std::size_t>(i)];
    if (!p || p->state() != ServerState::Leading || !p->serving()) continue;
    SidMask followers = roster_->bit(p->id());
    for (int j = 0; j < w.n; ++j) {
      const auto& q = w.peers[static_cast<std::size_t>(j)];
      // A follower behind a cut link still says FOLLOWING until its read timeout: it is not
      // following in any sense the leader can count on.
      if (q && q->state() == ServerState::Following && q->serving() && q->leader() == p->id() &&
          !link_cut(p->id(), q->id()) && !link_cut(q->id(), p->id()))
        followers |= roster_->bit(q->id());
    }
    if (roster_->is_quorum(followers)) {
      if (found) return std::nullopt;
      found = p->id();
    }
  }
  return found;
}

const Roster& Simulator::roster() const { return *roster_; }

const QuorumPeer* Simulator::peer_object(Sid sid) const {
  const int i = roster_->index_of(sid);
  if (i < 0) return nullptr;
  const auto& p = world_->peers[static_cast<std::size_t>(i)];
  return p ? &*p : nullptr;
}

}  // namespace zs

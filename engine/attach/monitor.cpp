#include "attach/monitor.hpp"

#include <boost/asio.hpp>
#include <map>

#include "attach/probe.hpp"
#include "attach/tree_mirror.hpp"
#include "attach/wire_session.hpp"
#include "wire/admin_json.hpp"

namespace zs::attach {

std::int64_t wall_ms() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::system_clock::now().time_since_epoch())
      .count();
}

namespace {

Reach reach_of(FetchStatus s) {
  switch (s) {
    case FetchStatus::Ok: return Reach::Answered;
    case FetchStatus::Unreachable: return Reach::Unreachable;
    case FetchStatus::Timeout: return Reach::Timeout;
    case FetchStatus::TooLarge: return Reach::TooLarge;
    case FetchStatus::Error: return Reach::Error;
  }
  return Reach::Error;
}

constexpr std::int32_t kPublishCoalesceMs = 2;  // tree answers arrive in bursts: one copy per burst
constexpr std::int32_t kPublishWhileLoadingMs = 250;
constexpr std::int32_t kSessionRetryMs = 1000;  // after a session expired or could not start

}  // namespace

struct Monitor::Impl {
  explicit Impl(const MonitorOptions& o) : options(o), builder(o.hosts), poll_timer(io), publish_timer(io), retry_timer(io) {}

  MonitorOptions options;
  boost::asio::io_context io;
  std::optional<boost::asio::executor_work_guard<boost::asio::io_context::executor_type>> work;
  std::thread thread;

  // ---- owned by the io thread ----
  ObservationBuilder builder;
  boost::asio::steady_timer poll_timer;
  boost::asio::steady_timer publish_timer;
  boost::asio::steady_timer retry_timer;
  bool publish_pending = false;
  std::size_t poll_outstanding = 0;
  std::uint64_t polls = 0;
  std::uint64_t fetches = 0;
  std::size_t admin_outstanding = 0;  // zabstate probes not answered yet
  std::shared_ptr<WireSession> session;
  std::unique_ptr<TreeMirror> mirror;
  std::int64_t load_started_ms = -1;
  std::int64_t load_ms = -1;
  bool was_loaded = false;
  std::string session_error;
  bool stopping = false;
  // The recording being written (io thread), each answer's newest copy (a recording started
  // later begins with them), and what the last recording ended with.
  std::unique_ptr<RecordingWriter> recorder;
  std::map<std::string, Answer> last_answers;
  RecordingStatus last_recording;

  // ---- shared, under mutex ----
  mutable std::mutex mutex;
  mutable std::condition_variable changed;
  std::shared_ptr<const Observation> current = std::make_shared<Observation>();
  History history{options.history_budget_bytes};
  std::int64_t started_ms = wall_ms();

  void start() {
    work.emplace(io.get_executor());
    thread = std::thread([this] { io.run(); });
    boost::asio::post(io, [this] {
      poll();
      if (options.load_tree) open_session();
      publish();
    });
  }

  void stop() {
    boost::asio::post(io, [this] {
      stopping = true;
      poll_timer.cancel();
      publish_timer.cancel();
      retry_timer.cancel();
      if (session) session->kill();
      work.reset();
      io.stop();
    });
    if (thread.joinable()) thread.join();
    // Handlers left in the context reference the session and the mirror: drop them first.
    mirror.reset();
    session.reset();
    if (recorder) recorder->close(wall_ms());
  }

  // ---- the builder's input, and the recording ---------------------------------------------------
  // Every answer goes to the builder through here, so a recording holds exactly what the
  // builder was given (attach/recording.hpp replays it through the same apply()).
  int feed(Answer a) {
    const int row = apply(builder, a);
    if (recorder) recorder->answer(a);
    if (a.kind != Answer::Kind::Note) {
      std::string key = std::string(1, static_cast<char>('0' + static_cast<int>(a.kind))) + ":" +
                        std::to_string(a.server) + ":" + a.word + ":" + a.host + ":" + std::to_string(a.admin_port);
      last_answers[key] = std::move(a);
    }
    return row;
  }

  void start_recording(std::unique_ptr<RecordingWriter> w) {
    if (recorder) {
      recorder->close(wall_ms());
      last_recording = recorder->status();
    }
    recorder = std::move(w);
    // The answers the rows stand on now, oldest first: the recording opens with the rows as
    // they are, without showing them as changes.
    std::vector<const Answer*> prelude;
    for (const auto& [key, a] : last_answers) prelude.push_back(&a);
    std::stable_sort(prelude.begin(), prelude.end(), [](const Answer* x, const Answer* y) { return x->at_ms < y->at_ms; });
    for (const Answer* a : prelude) recorder->answer(*a, true);
    publish();
  }

  void end_recording() {
    if (!recorder) return;
    recorder->close(wall_ms());
    last_recording = recorder->status();
    recorder.reset();
    publish();
  }

  // ---- four-letter words ---------------------------------------------------------------------
  void poll() {
    if (stopping) return;
    const auto started = std::chrono::steady_clock::now();
    const FetchLimits limits{options.timeout_ms, std::size_t{4} << 20};
    poll_outstanding = builder.rows().size();
    for (std::size_t i = 0; i < builder.rows().size(); ++i) {
      const wire::HostPort addr = builder.rows()[i].address;
      ++fetches;
      fetch_four_letter(io, addr.host, addr.port, "srvr", limits, [this, i, addr, limits](FetchResult r) {
        if (stopping) return;
        Answer a;
        a.at_ms = wall_ms();
        a.kind = Answer::Kind::Srvr;
        a.server = i;
        a.reach = reach_of(r.status);
        a.body = std::move(r.body);
        a.error = std::move(r.error);
        a.rtt_ms = r.elapsed_ms;
        feed(std::move(a));
        const ServerStatus s = builder.rows()[i].status;
        std::vector<std::string> words;
        if (s == ServerStatus::Serving)
          for (const char* w : {"mntr", "conf", "cons", "wchs"})
            if (builder.wants(i, w)) words.emplace_back(w);
        finish_words(i, addr, limits, std::move(words), 0);
      });
    }
    poll_timer.expires_at(started + std::chrono::milliseconds(options.refresh_ms));
    poll_admin(limits);
  }

  // ---- AdminServers ---------------------------------------------------------------------------
  // Hosts x admin ports not matched to a server yet are asked `zabstate` on the first poll and
  // every kAdminRetryPolls after; matched ones give `monitor` and `connections` where the
  // four-letter whitelist refuses mntr and cons.
  static constexpr std::uint64_t kAdminRetryPolls = 10;
  void poll_admin(FetchLimits limits) {
    if (options.admin_ports.empty()) return;
    const auto& rows = builder.rows();
    std::vector<std::string> hosts;
    for (const ServerRow& r : rows)
      if (std::find(hosts.begin(), hosts.end(), r.address.host) == hosts.end()) hosts.push_back(r.address.host);
    for (const std::string& host : hosts) {
      for (std::uint16_t port : options.admin_ports) {
        bool matched = false;
        for (const ServerRow& r : rows) matched = matched || (r.admin_port == port && r.address.host == host);
        if (matched || polls % kAdminRetryPolls != 0) continue;
        ++admin_outstanding;
        fetch_admin(io, host, port, "zabstate", limits, [this, host, port](FetchResult r) {
          if (stopping) return;
          --admin_outstanding;
          if (r.status == FetchStatus::Ok) {
            Answer a;
            a.at_ms = wall_ms();
            a.kind = Answer::Kind::AdminZabstate;
            a.host = host;
            a.admin_port = port;
            a.http_status = r.http_status;
            a.body = std::move(r.body);
            // Found: its monitor and connections at once, not a poll later.
            const int row = feed(std::move(a));
            if (row >= 0) admin_row(static_cast<std::size_t>(row), FetchLimits{options.timeout_ms, std::size_t{4} << 20});
          }
          publish_soon();
        });
      }
    }
    for (std::size_t i = 0; i < rows.size(); ++i)
      if (rows[i].admin_port != 0) admin_row(i, limits);
  }

  // `monitor` and `connections` from server i's AdminServer, where the whitelist refuses the
  // four-letter words that say the same.
  void admin_row(std::size_t i, FetchLimits limits) {
    const ServerRow& r = builder.rows()[i];
    if (r.status != ServerStatus::Serving) return;
    // Also while the four-letter answers are still on their way (the first poll): an answer
    // that comes second never overwrites mntr's or cons' own.
    if (builder.refuses(i, "mntr") || !r.mntr) {
      ++admin_outstanding;
      fetch_admin(io, r.address.host, r.admin_port, "monitor", limits, [this, i](FetchResult f) {
        if (stopping) return;
        --admin_outstanding;
        if (f.status == FetchStatus::Ok) feed(admin_answer(Answer::Kind::AdminMonitor, i, f));
        publish_soon();
      });
    }
    if (builder.refuses(i, "cons") || !r.cons) {
      ++admin_outstanding;
      fetch_admin(io, r.address.host, r.admin_port, "connections", limits, [this, i](FetchResult f) {
        if (stopping) return;
        --admin_outstanding;
        if (f.status == FetchStatus::Ok) feed(admin_answer(Answer::Kind::AdminConnections, i, f));
        publish_soon();
      });
    }
  }

  static Answer admin_answer(Answer::Kind kind, std::size_t i, FetchResult& f) {
    Answer a;
    a.at_ms = wall_ms();
    a.kind = kind;
    a.server = i;
    a.http_status = f.http_status;
    a.body = std::move(f.body);
    return a;
  }

  // The words of one server one after the other (a server answers each on its own
  // connection; in a row they cost it one connection at a time).
  void finish_words(std::size_t i, wire::HostPort addr, FetchLimits limits, std::vector<std::string> words,
                    std::size_t next) {
    if (next == words.size()) {
      server_polled();
      return;
    }
    const std::string word = words[next];
    ++fetches;
    fetch_four_letter(io, addr.host, addr.port, word, limits,
                      [this, i, addr, limits, words = std::move(words), next, word](FetchResult r) mutable {
                        if (stopping) return;
                        Answer a;
                        a.at_ms = wall_ms();
                        a.kind = Answer::Kind::Word;
                        a.server = i;
                        a.word = word;
                        a.reach = reach_of(r.status);
                        a.body = std::move(r.body);
                        feed(std::move(a));
                        finish_words(i, addr, limits, std::move(words), next + 1);
                      });
  }

  void server_polled() {
    if (--poll_outstanding > 0) return;
    ++polls;
    publish();
    // The next poll a period after this one began, or now when the answers took longer.
    poll_timer.async_wait([this](const boost::system::error_code& ec) {
      if (!ec) poll();
    });
  }

  // ---- the session and its tree ------------------------------------------------------------------
  void open_session() {
    if (stopping) return;
    SessionOptions so;
    so.hosts = options.hosts;
    so.session_timeout_ms = options.session_timeout_ms;
    so.auth = options.auth;
    so.connect_timeout_ms = options.timeout_ms;
    // Like zkCli -r: a server that lost its quorum (read-only mode) still shows its tree.
    so.can_be_read_only = true;
    session = std::make_shared<WireSession>(io, so);
    WireSession* s = session.get();
    mirror = std::make_unique<TreeMirror>([this, s](ClientCall call, TreeMirror::Reply done) {
      s->submit(std::move(call), [this, done = std::move(done)](const console::HandleReply& r) {
        done(r.err, r.result);
        tree_changed();  // an answer (a re-read after a watch event) is what changes the tree
      });
    });
    session->on_watch([this](const console::HandleWatch& w) {
      mirror->on_watch(w);
      tree_changed();
    });
    session->on_state([this](const console::HandleStateChange& c) { session_state(c); });
    session->start();
  }

  void session_state(const console::HandleStateChange& c) {
    using Why = console::HandleStateChange::Why;
    ObservedEvent e;
    e.at_ms = wall_ms();
    e.kind = ObservedEvent::Kind::Session;
    switch (c.why) {
      case Why::Connected:
        e.to = "connected";
        e.path = session->host();
        session_error.clear();
        load_started_ms = wall_ms();
        mirror->load();
        break;
      case Why::Disconnected:
        e.to = "disconnected";
        session_error = session->last_error();
        e.from = session_error;
        break;
      case Why::Expired:
      case Why::Closed:
        e.to = c.why == Why::Expired ? "expired" : "closed";
        session_error = session->last_error();
        e.from = session_error;
        // A new session after a pause (the old one is gone at the servers).
        retry_timer.expires_after(std::chrono::milliseconds(kSessionRetryMs));
        retry_timer.async_wait([this](const boost::system::error_code& ec) {
          if (ec || stopping) return;
          // The old session keeps itself alive until its handlers ran (shared_from_this); its
          // mirror goes with it after them.
          boost::asio::post(io, [old = std::move(session), oldm = std::move(mirror)]() mutable {});
          open_session();
        });
        break;
    }
    feed(note_answer(std::move(e)));
    publish_soon();
  }

  void tree_changed() {
    if (!mirror) return;
    const bool loaded = mirror->loaded();
    if (loaded && !was_loaded) {
      // The whole tree is in: show it now, not after the loading pace's timer.
      load_ms = wall_ms() - load_started_ms;
      was_loaded = true;
      publish();
      return;
    }
    was_loaded = loaded;
    publish_soon();
  }

  static Answer note_answer(ObservedEvent e) {
    Answer a;
    a.at_ms = e.at_ms;
    a.kind = Answer::Kind::Note;
    a.server = e.server >= 0 ? static_cast<std::size_t>(e.server) : 0;
    a.note = std::move(e);
    return a;
  }

  void publish_soon() {
    if (publish_pending) return;
    publish_pending = true;
    // While a load runs, a copy of the half-read tree every few ms would cost the load its
    // speed (each copy makes the next writes copy their chunks): a few per second suffice.
    const bool loading = mirror && !mirror->loaded();
    publish_timer.expires_after(std::chrono::milliseconds(loading ? kPublishWhileLoadingMs : kPublishCoalesceMs));
    publish_timer.async_wait([this](const boost::system::error_code& ec) {
      publish_pending = false;
      if (!ec) publish();
    });
  }

  void publish() {
    if (mirror) {
      if (mirror->loaded() && !was_loaded) load_ms = wall_ms() - load_started_ms;
      was_loaded = mirror->loaded();
      for (TreeMirror::Change& c : mirror->take_changes()) {
        ObservedEvent e;
        e.at_ms = wall_ms();
        e.kind = ObservedEvent::Kind::Znode;
        e.to = c.type == EventType::NodeCreated ? "created" : c.type == EventType::NodeDeleted ? "deleted" : "changed";
        e.path = std::move(c.path);
        feed(note_answer(std::move(e)));
      }
    }
    auto o = std::make_shared<Observation>();
    o->started_ms = started_ms;
    o->taken_ms = wall_ms();
    o->rows = builder.rows();
    o->leader = builder.leader();
    o->polls = polls;
    o->fetches = fetches;
    o->admin_pending = admin_outstanding;
    if (session) {
      switch (session->state()) {
        case SessionState::Idle:
        case SessionState::Connecting: o->session_state = console::HandleState::Connecting; break;
        case SessionState::Connected: o->session_state = console::HandleState::Connected; break;
        case SessionState::ConnectedReadOnly: o->session_state = console::HandleState::ConnectedReadOnly; break;
        case SessionState::Closed:
        case SessionState::Expired: o->session_state = console::HandleState::Closed; break;
        case SessionState::AuthFailed: o->session_state = console::HandleState::AuthFailed; break;
      }
      o->session_host = session->host();
      o->session_id = session->session_id();
    }
    o->session_error = session_error;
    if (mirror) {
      o->tree = std::make_shared<const DataTree>(mirror->tree());
      o->tree_loaded = mirror->loaded();
      o->acls_loaded = mirror->acls_loaded();
      o->persistent_watch = mirror->persistent();
      o->tree_requests = mirror->requests_sent();
    }
    o->tree_load_ms = load_ms;
    std::vector<ObservedEvent> fresh = builder.take_events();
    {
      std::lock_guard lock(mutex);
      for (ObservedEvent& e : fresh) history.push(std::move(e));
      o->history_from_ms = history.from_ms(started_ms);
      o->history_bytes = history.bytes();
      o->events = history.end();
      o->serial = current->serial + 1;
    }
    o->recording = recorder ? recorder->status() : last_recording;
    std::shared_ptr<const Observation> shared = std::move(o);
    if (recorder) recorder->observation(shared);
    {
      std::lock_guard lock(mutex);
      current = std::move(shared);
    }
    changed.notify_all();
  }
};

Monitor::Monitor(MonitorOptions options) : options_(std::move(options)), impl_(std::make_unique<Impl>(options_)) {
  impl_->start();
}

Monitor::~Monitor() { impl_->stop(); }

std::shared_ptr<const Observation> Monitor::observation() const {
  std::lock_guard lock(impl_->mutex);
  return impl_->current;
}

std::vector<ObservedEvent> Monitor::events_since(std::uint64_t& cursor) const {
  std::lock_guard lock(impl_->mutex);
  return impl_->history.since(cursor);
}

bool Monitor::wait_settled(std::chrono::milliseconds limit) const {
  std::unique_lock lock(impl_->mutex);
  return impl_->changed.wait_for(lock, limit, [&] {
    const Observation& o = *impl_->current;
    if (o.polls == 0 || o.admin_pending > 0) return false;
    if (!options_.load_tree || o.tree_loaded) return true;
    // Nothing to load from: no server serves, so no session can be made.
    for (const ServerRow& r : o.rows)
      if (r.status == ServerStatus::Serving) return false;
    return true;
  });
}

std::optional<Error> Monitor::record(const std::string& path) {
  RecordingHeader h;
  h.hosts = options_.hosts.text();
  h.attach_started_ms = impl_->started_ms;
  h.from_ms = wall_ms();
  h.refresh_ms = options_.refresh_ms;
  h.admin_ports = options_.admin_ports;
  h.tree = options_.load_tree;
  auto w = RecordingWriter::create(path, h);
  if (!w) return w.error();
  auto shared = std::make_shared<std::unique_ptr<RecordingWriter>>(std::move(w.value()));
  boost::asio::post(impl_->io, [this, shared] {
    if (!impl_->stopping) impl_->start_recording(std::move(*shared));
  });
  return std::nullopt;
}

void Monitor::stop_recording() {
  boost::asio::post(impl_->io, [this] { impl_->end_recording(); });
}

void Monitor::wait_change(std::uint64_t serial, std::chrono::milliseconds limit) const {
  std::unique_lock lock(impl_->mutex);
  impl_->changed.wait_for(lock, limit, [&] { return impl_->current->serial > serial; });
}

}  // namespace zs::attach

#include "attach/recording.hpp"

#include <zlib.h>

#include <algorithm>
#include <cerrno>
#include <condition_variable>
#include <cstring>
#include <deque>
#include <mutex>
#include <nlohmann/json.hpp>
#include <thread>
#include <variant>

#include "attach/monitor.hpp"
#include "wire/admin_json.hpp"

#ifndef ZS_VERSION_STRING
#define ZS_VERSION_STRING "dev"
#endif

namespace zs::attach {

using json = nlohmann::ordered_json;  // lines keep their keys in the order written ("t" first)

int apply(ObservationBuilder& b, const Answer& a) {
  switch (a.kind) {
    case Answer::Kind::Srvr: b.srvr(a.server, a.reach, a.body, a.error, a.rtt_ms, a.at_ms); return -1;
    case Answer::Kind::Word: b.word(a.server, a.word, a.reach, a.body, a.at_ms); return -1;
    case Answer::Kind::AdminZabstate:
      if (auto z = wire::parse_admin_zabstate(a.http_status, a.body); z && z.value().value)
        return b.admin_zabstate(a.host, a.admin_port, *z.value().value);
      return -1;
    case Answer::Kind::AdminMonitor:
      if (auto m = wire::parse_admin_monitor(a.http_status, a.body); m && m.value().value)
        b.admin_monitor(a.server, std::move(*m.value().value));
      return -1;
    case Answer::Kind::AdminConnections:
      if (auto c = wire::parse_admin_connections(a.http_status, a.body); c && c.value().value)
        b.admin_connections(a.server, std::move(*c.value().value));
      return -1;
    case Answer::Kind::Note: b.note(a.note); return -1;
  }
  return -1;
}

namespace {

// ---- the lines ----------------------------------------------------------------------------------

constexpr const char* kMagicKey = "zooscope_attach_recording";

const char* reach_name(Reach r) {
  switch (r) {
    case Reach::Answered: return "answered";
    case Reach::Unreachable: return "unreachable";
    case Reach::Timeout: return "timeout";
    case Reach::TooLarge: return "too-large";
    case Reach::Error: return "error";
  }
  return "error";
}
std::optional<Reach> reach_of(std::string_view s) {
  for (Reach r : {Reach::Answered, Reach::Unreachable, Reach::Timeout, Reach::TooLarge, Reach::Error})
    if (s == reach_name(r)) return r;
  return std::nullopt;
}

const char* kind_key(Answer::Kind k) {
  switch (k) {
    case Answer::Kind::Srvr: return "srvr";
    case Answer::Kind::Word: return "word";
    case Answer::Kind::AdminZabstate: return "zabstate";
    case Answer::Kind::AdminMonitor: return "monitor";
    case Answer::Kind::AdminConnections: return "connections";
    case Answer::Kind::Note: return "note";
  }
  return "?";
}
std::optional<Answer::Kind> kind_of(std::string_view s) {
  for (Answer::Kind k : {Answer::Kind::Srvr, Answer::Kind::Word, Answer::Kind::AdminZabstate,
                         Answer::Kind::AdminMonitor, Answer::Kind::AdminConnections, Answer::Kind::Note})
    if (s == kind_key(k)) return k;
  return std::nullopt;
}

std::optional<ObservedEvent::Kind> event_kind_of(std::string_view s) {
  for (ObservedEvent::Kind k : {ObservedEvent::Kind::Status, ObservedEvent::Kind::Mode, ObservedEvent::Kind::Epoch,
                                ObservedEvent::Kind::Leader, ObservedEvent::Kind::Znode, ObservedEvent::Kind::Session})
    if (s == to_string(k)) return k;
  return std::nullopt;
}

// Bytes as JSON: a string when they are UTF-8 (what ZooKeeper's texts and most znode data
// are), else hex under `key`_hex (a garbage answer, binary data), so nothing is altered.
void put_bytes(json& j, const char* key, const std::string& s) {
  try {
    (void)json(s).dump();
    j[key] = s;
  } catch (const json::type_error&) {
    static constexpr char kHex[] = "0123456789abcdef";
    std::string h;
    h.reserve(s.size() * 2);
    for (unsigned char c : s) {
      h += kHex[c >> 4];
      h += kHex[c & 15];
    }
    j[std::string(key) + "_hex"] = std::move(h);
  }
}
std::optional<std::string> get_bytes(const json& j, const char* key) {
  if (auto it = j.find(key); it != j.end()) {
    if (!it->is_string()) return std::nullopt;
    return it->get<std::string>();
  }
  auto it = j.find(std::string(key) + "_hex");
  if (it == j.end()) return std::string();
  if (!it->is_string()) return std::nullopt;
  const std::string& h = it->get_ref<const std::string&>();
  if (h.size() % 2 != 0) return std::nullopt;
  auto nib = [](char c) -> int {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    return -1;
  };
  std::string s;
  s.reserve(h.size() / 2);
  for (std::size_t i = 0; i < h.size(); i += 2) {
    const int hi = nib(h[i]), lo = nib(h[i + 1]);
    if (hi < 0 || lo < 0) return std::nullopt;
    s += static_cast<char>(hi * 16 + lo);
  }
  return s;
}

json answer_line(const Answer& a, std::int64_t t, bool prelude) {
  json j;
  j["t"] = t;
  j["a"] = kind_key(a.kind);
  if (prelude) j["prelude"] = true;
  switch (a.kind) {
    case Answer::Kind::Srvr:
      j["server"] = a.server;
      j["reach"] = reach_name(a.reach);
      put_bytes(j, "body", a.body);
      if (!a.error.empty()) put_bytes(j, "error", a.error);
      j["rtt"] = a.rtt_ms;
      break;
    case Answer::Kind::Word:
      j["server"] = a.server;
      j["word"] = a.word;
      j["reach"] = reach_name(a.reach);
      put_bytes(j, "body", a.body);
      break;
    case Answer::Kind::AdminZabstate:
      j["host"] = a.host;
      j["port"] = a.admin_port;
      j["http"] = a.http_status;
      put_bytes(j, "body", a.body);
      break;
    case Answer::Kind::AdminMonitor:
    case Answer::Kind::AdminConnections:
      j["server"] = a.server;
      j["http"] = a.http_status;
      put_bytes(j, "body", a.body);
      break;
    case Answer::Kind::Note:
      j["server"] = a.note.server;
      j["kind"] = std::string(to_string(a.note.kind));
      put_bytes(j, "from", a.note.from);
      put_bytes(j, "to", a.note.to);
      put_bytes(j, "path", a.note.path);
      break;
  }
  return j;
}

const char* session_name(console::HandleState s) {
  switch (s) {
    case console::HandleState::Connecting: return "connecting";
    case console::HandleState::Connected: return "connected";
    case console::HandleState::Closed: return "closed";
    case console::HandleState::AuthFailed: return "auth-failed";
    case console::HandleState::ConnectedReadOnly: return "connected-read-only";
  }
  return "connected";
}
std::optional<console::HandleState> session_of(std::string_view s) {
  for (console::HandleState h : {console::HandleState::Connecting, console::HandleState::Connected,
                                 console::HandleState::Closed, console::HandleState::AuthFailed,
                                 console::HandleState::ConnectedReadOnly})
    if (s == session_name(h)) return h;
  return std::nullopt;
}

// What an Observation says beyond its rows and tree (the monitor's own counters and session).
json state_of(const Observation& o) {
  return json{{"polls", o.polls},
              {"fetches", o.fetches},
              {"admin_pending", o.admin_pending},
              {"session", session_name(o.session_state)},
              {"host", o.session_host},
              {"id", o.session_id},
              {"error", o.session_error},
              {"loaded", o.tree_loaded},
              {"acls", o.acls_loaded},
              {"persistent", o.persistent_watch},
              {"load_ms", o.tree_load_ms},
              {"requests", o.tree_requests},
              {"has_tree", o.tree != nullptr}};
}

json put_line(std::string_view path, const DataTree::NodeView& n, std::int64_t t) {
  json j;
  j["t"] = t;
  j["put"] = std::string(path);
  put_bytes(j, "data", *n.data);
  if (n.null_data) j["null"] = true;
  const StatPersisted& s = *n.stat;
  j["stat"] = json::array({s.czxid.raw(), s.mzxid.raw(), s.ctime, s.mtime, s.version, s.cversion, s.aversion,
                           s.ephemeral_owner, s.pzxid.raw()});
  json acl = json::array();
  for (const Acl& a : *n.acl) acl.push_back(json::array({a.perms, a.id.scheme, a.id.id}));
  j["acl"] = std::move(acl);
  return j;
}

const DataTree& empty_tree() {
  static const DataTree t;
  return t;
}

}  // namespace

// ---- writing ------------------------------------------------------------------------------------

struct RecordingWriter::Impl {
  struct AnswerItem {
    Answer a;
    bool prelude;
  };
  struct ObservationItem {
    std::shared_ptr<const Observation> o;
  };
  struct CloseItem {
    std::int64_t at_ms;
  };
  using Item = std::variant<AnswerItem, ObservationItem, CloseItem>;

  gzFile file = nullptr;
  std::string path;
  std::thread thread;

  mutable std::mutex mutex;
  std::condition_variable wake;
  std::deque<Item> queue;
  bool closing = false;  // a CloseItem is queued: later items are dropped
  RecordingStatus status;

  // ---- the writer thread's own ----
  std::int64_t last_t = 0;
  std::shared_ptr<const Observation> last_obs;
  std::shared_ptr<const DataTree> last_tree;
  json last_state;
  bool failed = false;
  std::chrono::steady_clock::time_point last_flush = std::chrono::steady_clock::now();

  ~Impl() {
    if (thread.joinable()) thread.join();
    if (file != nullptr) gzclose(file);
  }

  std::int64_t time(std::int64_t t) {
    last_t = std::max(last_t, t);  // a wall clock set back never makes the file go back
    return last_t;
  }

  template <class J>
  void write(const J& j) {
    if (failed) return;
    std::string line = j.dump();
    line += '\n';
    if (gzwrite(file, line.data(), static_cast<unsigned>(line.size())) != static_cast<int>(line.size())) {
      int err = 0;
      const char* msg = gzerror(file, &err);
      fail(err == Z_ERRNO ? std::strerror(errno) : msg);
      return;
    }
    std::lock_guard lock(mutex);
    status.lines += 1;
    status.bytes += line.size();
  }

  void fail(const std::string& why) {
    failed = true;
    std::lock_guard lock(mutex);
    status.error = path + ": " + why;
    status.active = false;
  }

  void observation(const std::shared_ptr<const Observation>& o) {
    const std::int64_t t = time(o->taken_ms);
    json s = state_of(*o);
    if (s != last_state) {
      write(json{{"t", t}, {"state", s}});
      last_state = std::move(s);
    }
    if (o->tree && o->tree != last_tree) {
      const DataTree& before = last_tree ? *last_tree : empty_tree();
      const DataTree& now = *o->tree;
      now.diff(before, [&](std::string_view node_path, bool removed) {
        if (removed) {
          write(json{{"t", t}, {"del", std::string(node_path)}});
        } else if (auto n = now.node(node_path)) {
          write(put_line(node_path, *n, t));
        }
      });
      last_tree = o->tree;
    }
    last_obs = o;
  }

  void run() {
    for (;;) {
      Item item;
      {
        std::unique_lock lock(mutex);
        if (queue.empty()) {
          // Idle: make what is written so far readable even if zooscope is killed next
          // (a sync flush ends a complete deflate block), at most once a second.
          lock.unlock();
          if (!failed && std::chrono::steady_clock::now() - last_flush > std::chrono::seconds(1)) {
            gzflush(file, Z_SYNC_FLUSH);
            last_flush = std::chrono::steady_clock::now();
          }
          lock.lock();
          wake.wait_for(lock, std::chrono::milliseconds(500), [&] { return !queue.empty(); });
          if (queue.empty()) continue;
        }
        item = std::move(queue.front());
        queue.pop_front();
      }
      if (auto* a = std::get_if<AnswerItem>(&item)) {
        const std::int64_t t = time(a->a.at_ms);
        write(answer_line(a->a, t, a->prelude));
      } else if (auto* o = std::get_if<ObservationItem>(&item)) {
        observation(o->o);
      } else {
        const std::int64_t t = time(std::get<CloseItem>(item).at_ms);
        write(json{{"t", t}, {"end", true}});
        const int rc = gzclose(file);
        file = nullptr;
        if (rc != Z_OK && !failed) fail(rc == Z_ERRNO ? std::strerror(errno) : "could not finish the gzip stream");
        std::lock_guard lock(mutex);
        status.active = false;
        return;
      }
    }
  }

  void push(Item item) {
    {
      std::lock_guard lock(mutex);
      if (closing) return;
      if (std::holds_alternative<CloseItem>(item)) closing = true;
      queue.push_back(std::move(item));
    }
    wake.notify_one();
  }
};

RecordingWriter::RecordingWriter(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}

Result<std::unique_ptr<RecordingWriter>> RecordingWriter::create(const std::string& path,
                                                                  const RecordingHeader& h) {
  errno = 0;
  gzFile f = gzopen(path.c_str(), "wb6");
  if (f == nullptr) {
    return Error{path, 0, std::string("cannot write the recording: ") + (errno != 0 ? std::strerror(errno) : "gzopen failed"),
                 "pick a file in a directory you can write to"};
  }
  auto impl = std::make_unique<Impl>();
  impl->file = f;
  impl->path = path;
  impl->status.path = path;
  impl->status.active = true;
  impl->last_t = h.from_ms;
  // Ordered: the magic key first, so looks_like() needs only the first bytes.
  nlohmann::ordered_json head{{kMagicKey, h.format},          {"hosts", h.hosts},
            {"attach_started_ms", h.attach_started_ms}, {"from_ms", h.from_ms},
            {"refresh_ms", h.refresh_ms},    {"admin_ports", h.admin_ports},
            {"tree", h.tree},                {"zooscope", h.zooscope.empty() ? ZS_VERSION_STRING : h.zooscope}};
  impl->write(head);
  gzflush(f, Z_SYNC_FLUSH);
  if (impl->failed) {
    std::string why = impl->status.error;
    return Error{"", 0, why, "pick a file on a disk with room"};
  }
  Impl* raw = impl.get();
  impl->thread = std::thread([raw] { raw->run(); });
  return std::unique_ptr<RecordingWriter>(new RecordingWriter(std::move(impl)));
}

RecordingWriter::~RecordingWriter() {
  if (impl_) close(0);  // 0: at the last line's time (a line's time never goes back)
}

void RecordingWriter::answer(const Answer& a, bool prelude) { impl_->push(Impl::AnswerItem{a, prelude}); }

void RecordingWriter::observation(std::shared_ptr<const Observation> o) {
  if (o) impl_->push(Impl::ObservationItem{std::move(o)});
}

void RecordingWriter::close(std::int64_t at_ms) {
  impl_->push(Impl::CloseItem{at_ms});
  if (impl_->thread.joinable()) impl_->thread.join();
}

RecordingStatus RecordingWriter::status() const {
  std::lock_guard lock(impl_->mutex);
  return impl_->status;
}

// ---- reading ------------------------------------------------------------------------------------

namespace {

struct StateRec {
  std::uint64_t polls = 0, fetches = 0, requests = 0;
  std::size_t admin_pending = 0;
  console::HandleState session = console::HandleState::Connecting;
  std::string host, error;
  std::int64_t id = 0, load_ms = -1;
  bool loaded = false, acls = false, persistent = false, has_tree = false;
};
struct AnswerRec {
  Answer a;
  bool prelude = false;
};
struct PutRec {
  std::string path;
  std::string data;
  bool null_data = false;
  Stat stat;  // as mirror_put takes it: cversion doubled, num_children 0 (the stored cversion)
  AclList acl;
};
struct DelRec {
  std::string path;
};
struct EndRec {};
using Rec = std::variant<AnswerRec, StateRec, PutRec, DelRec, EndRec>;

// A line's fields, each checked: a wrong type or a missing field is an error naming it.
class Fields {
 public:
  explicit Fields(const json& j) : j_(j) {}
  template <class T>
  bool get(const char* key, T& out, bool required = true) {
    auto it = j_.find(key);
    if (it == j_.end()) {
      if (required) missing_ = key;
      return !required;
    }
    try {
      out = it->get<T>();
      return true;
    } catch (const json::exception&) {
      missing_ = key;
      return false;
    }
  }
  bool bytes(const char* key, std::string& out) {
    auto b = get_bytes(j_, key);
    if (!b) {
      missing_ = key;
      return false;
    }
    out = std::move(*b);
    return true;
  }
  const std::string& bad() const { return missing_; }

 private:
  const json& j_;
  std::string missing_;
};

}  // namespace

namespace {

// Reads one line (any length) from `f` into `line`, without its '\n'. False at the end.
// `complete` says whether the line ended with '\n'.
bool read_line(gzFile f, std::string& line, bool& complete) {
  line.clear();
  complete = false;
  char buf[65536];
  while (gzgets(f, buf, sizeof buf) != nullptr) {
    const std::size_t n = std::strlen(buf);
    line.append(buf, n);
    if (n > 0 && buf[n - 1] == '\n') {
      line.pop_back();
      complete = true;
      return true;
    }
  }
  return !line.empty();
}

Error line_error(const std::string& path, std::size_t line, std::string what) {
  return Error{path, static_cast<int>(line), std::move(what),
               "a recording is written by zooscope (`zooscope attach --record FILE` or Record in the window); this "
               "line was changed or damaged after"};
}

}  // namespace

namespace {

// Record line `n` of `path` (already parsed as `j`), at time `t` (its own, never before the
// line before), in a recording of `rows` servers.
Result<Rec> parse_record(const json& j, const std::string& path, std::size_t n, std::size_t rows, std::int64_t t) {
  Fields fl(j);
  Rec rec;
  if (j.contains("a")) {
    AnswerRec ar;
    Answer& a = ar.a;
    a.at_ms = t;
    std::string kind;
    fl.get("a", kind);
    auto k = kind_of(kind);
    if (!k) return line_error(path, n, "unknown answer kind \"" + kind + "\"");
    a.kind = *k;
    fl.get("prelude", ar.prelude, false);
    bool ok = true;
    std::string reach = "answered";
    switch (a.kind) {
      case Answer::Kind::Srvr:
        ok = fl.get("server", a.server) && fl.get("reach", reach) && fl.bytes("body", a.body) &&
             fl.bytes("error", a.error) && fl.get("rtt", a.rtt_ms);
        break;
      case Answer::Kind::Word:
        ok = fl.get("server", a.server) && fl.get("word", a.word) && fl.get("reach", reach) && fl.bytes("body", a.body);
        break;
      case Answer::Kind::AdminZabstate:
        ok = fl.get("host", a.host) && fl.get("port", a.admin_port) && fl.get("http", a.http_status) &&
             fl.bytes("body", a.body);
        break;
      case Answer::Kind::AdminMonitor:
      case Answer::Kind::AdminConnections:
        ok = fl.get("server", a.server) && fl.get("http", a.http_status) && fl.bytes("body", a.body);
        break;
      case Answer::Kind::Note: {
        std::string ek;
        int server = -1;
        ok = fl.get("server", server) && fl.get("kind", ek) && fl.bytes("from", a.note.from) &&
             fl.bytes("to", a.note.to) && fl.bytes("path", a.note.path);
        if (!ok) break;
        auto e = event_kind_of(ek);
        if (!e) return line_error(path, n, "unknown change kind \"" + ek + "\"");
        if (server < -1 || server >= static_cast<int>(rows))
          return line_error(path, n, "server " + std::to_string(server) + " is not one of the " +
                                         std::to_string(rows) + " servers of the connect string");
        a.note.kind = *e;
        a.note.server = server;
        a.note.at_ms = t;
        break;
      }
    }
    if (!ok) return line_error(path, n, "\"" + fl.bad() + "\" is missing or of the wrong type");
    auto r = reach_of(reach);
    if (!r) return line_error(path, n, "unknown reach \"" + reach + "\"");
    a.reach = *r;
    const bool by_row = a.kind == Answer::Kind::Srvr || a.kind == Answer::Kind::Word ||
                        a.kind == Answer::Kind::AdminMonitor || a.kind == Answer::Kind::AdminConnections;
    if (by_row && a.server >= rows)
      return line_error(path, n, "server " + std::to_string(a.server) + " is not one of the " +
                                     std::to_string(rows) + " servers of the connect string");
    rec = std::move(ar);
  } else if (j.contains("state")) {
    const json& s = j["state"];
    if (!s.is_object()) return line_error(path, n, "\"state\" is not an object");
    Fields sf(s);
    StateRec st;
    std::string session;
    if (!sf.get("polls", st.polls) || !sf.get("fetches", st.fetches) || !sf.get("admin_pending", st.admin_pending) ||
        !sf.get("session", session) || !sf.get("host", st.host) || !sf.get("id", st.id) ||
        !sf.get("error", st.error) || !sf.get("loaded", st.loaded) || !sf.get("acls", st.acls) ||
        !sf.get("persistent", st.persistent) || !sf.get("load_ms", st.load_ms) ||
        !sf.get("requests", st.requests) || !sf.get("has_tree", st.has_tree))
      return line_error(path, n, "the state's \"" + sf.bad() + "\" is missing or of the wrong type");
    auto hs = session_of(session);
    if (!hs) return line_error(path, n, "unknown session state \"" + session + "\"");
    st.session = *hs;
    rec = std::move(st);
  } else if (j.contains("put")) {
    PutRec p;
    std::vector<std::int64_t> stat;
    std::vector<std::tuple<std::int32_t, std::string, std::string>> acl;
    if (!fl.get("put", p.path) || !fl.bytes("data", p.data) || !fl.get("null", p.null_data, false) ||
        !fl.get("stat", stat) || !fl.get("acl", acl))
      return line_error(path, n, "\"" + fl.bad() + "\" is missing or of the wrong type");
    if (p.path.empty() || p.path[0] != '/') return line_error(path, n, "\"" + p.path + "\" is not a znode path");
    if (stat.size() != 9) return line_error(path, n, "\"stat\" has " + std::to_string(stat.size()) + " numbers, not 9");
    p.stat.czxid = Zxid(stat[0]);
    p.stat.mzxid = Zxid(stat[1]);
    p.stat.ctime = stat[2];
    p.stat.mtime = stat[3];
    p.stat.version = static_cast<std::int32_t>(stat[4]);
    p.stat.cversion = static_cast<std::int32_t>(stat[5] * 2);
    p.stat.aversion = static_cast<std::int32_t>(stat[6]);
    p.stat.ephemeral_owner = stat[7];
    p.stat.pzxid = Zxid(stat[8]);
    p.stat.num_children = 0;
    for (auto& [perms, scheme, id] : acl) p.acl.push_back(Acl{perms, Id{scheme, id}});
    rec = std::move(p);
  } else if (j.contains("del")) {
    DelRec d;
    if (!fl.get("del", d.path)) return line_error(path, n, "\"del\" is not a path");
    rec = std::move(d);
  } else if (j.contains("end")) {
    rec = EndRec{};
  } else {
    return line_error(path, n, "a line of no kind zooscope writes (none of a, state, put, del, end)");
  }
  return rec;
}

}  // namespace

struct Recording::Impl {
  std::string path;
  RecordingHeader header;
  wire::ConnectString hosts;
  std::vector<std::int64_t> times;  // record i's time, never decreasing (record 0 is line 2)
  std::vector<ObservedEvent> events;
  std::vector<std::string> warnings;
  bool closed = false;
  std::size_t lines = 0;
  std::int64_t end_ms = 0;
  std::optional<std::int64_t> first_poll_ms;

  struct Moment {
    std::size_t next = 0;  // records applied: [0, next)
    ObservationBuilder builder;
    DataTree tree;
    StateRec state;
  };
  // The records' text is kept compressed in blocks of kBlock records (a recording costs about
  // its file size in memory, not its parsed size: every answer's body), and a copy of the
  // moment (the builder's rows, a tree sharing its unchanged chunks) every checkpoint_every
  // records. The copies cost a few hundred KB each on a busy tree, so there are at most
  // kMaxCheckpoints: when more come, every other one goes and the spacing doubles. A moment is
  // then at most checkpoint_every records from a checkpoint: 256 in a recording of minutes,
  // about 2,300 in one of an hour (docs/PERFORMANCE.md, "Attach: recordings").
  static constexpr std::size_t kBlock = 256;
  static constexpr std::size_t kMaxCheckpoints = 128;
  std::size_t checkpoint_every = kBlock;
  std::vector<Moment> checkpoints;  // by next, each a multiple of checkpoint_every
  struct Block {
    std::string z;        // the records' lines, '\n'-terminated, deflated
    std::size_t raw = 0;  // their size inflated
  };
  std::vector<Block> blocks;  // blocks[k]: records [k * kBlock, (k + 1) * kBlock)
  std::size_t parsed_block = static_cast<std::size_t>(-1);
  std::vector<Rec> parsed;  // the records of blocks[parsed_block]
  std::optional<Moment> cursor;  // the moment at() last built
  std::shared_ptr<const Observation> shown;
  std::size_t shown_next = static_cast<std::size_t>(-1);

  void seal_block(std::string& text) {
    if (times.empty()) return;  // nothing before the first checkpoint
    Block blk;
    blk.raw = text.size();
    uLongf size = compressBound(static_cast<uLong>(text.size()));
    blk.z.resize(size);
    compress2(reinterpret_cast<Bytef*>(blk.z.data()), &size, reinterpret_cast<const Bytef*>(text.data()),
              static_cast<uLong>(text.size()), 1);
    blk.z.resize(size);
    blk.z.shrink_to_fit();  // it was sized for the worst case, about the text's own size
    blocks.push_back(std::move(blk));
    text.clear();
  }

  // Record i, parsed again from its block (the text was checked when the file was opened).
  const Rec& record(std::size_t i) {
    const std::size_t b = i / kBlock;
    if (b != parsed_block) {
      const Block& blk = blocks[b];
      std::string text(blk.raw, '\0');
      uLongf size = static_cast<uLongf>(blk.raw);
      uncompress(reinterpret_cast<Bytef*>(text.data()), &size, reinterpret_cast<const Bytef*>(blk.z.data()),
                 static_cast<uLong>(blk.z.size()));
      parsed.clear();
      std::size_t at = 0;
      for (std::size_t r = b * kBlock; at < text.size(); ++r) {
        const std::size_t nl = text.find('\n', at);
        auto rec = parse_record(json::parse(text.substr(at, nl - at)), path, r + 2, hosts.hosts.size(), times[r]);
        ZS_ASSERT(rec.ok());
        parsed.push_back(std::move(rec.value()));
        at = nl + 1;
      }
      parsed_block = b;
    }
    return parsed[i % kBlock];
  }

  // Applies record `r` (time `t`) to m; the builder's changes go to `out` (or nowhere).
  static void step(Moment& m, const Rec& r, std::int64_t t, std::vector<ObservedEvent>* out) {
    ++m.next;
    if (const auto* a = std::get_if<AnswerRec>(&r)) {
      apply(m.builder, a->a);
      std::vector<ObservedEvent> ev = m.builder.take_events();
      if (out != nullptr && !a->prelude)
        for (ObservedEvent& e : ev) {
          e.at_ms = std::max(e.at_ms, t);
          out->push_back(std::move(e));
        }
    } else if (const auto* s = std::get_if<StateRec>(&r)) {
      m.state = *s;
    } else if (const auto* p = std::get_if<PutRec>(&r)) {
      // NoNode when its parent was never written (a file edited by hand): it hangs nowhere.
      (void)m.tree.mirror_put(p->path, p->data, p->null_data, p->stat, &p->acl);
    } else if (const auto* d = std::get_if<DelRec>(&r)) {
      m.tree.mirror_remove(d->path);
    }
  }

  std::shared_ptr<const Observation> observe(const Moment& m, std::int64_t at) const {
    auto o = std::make_shared<Observation>();
    o->started_ms = header.attach_started_ms;
    o->taken_ms = at;
    o->serial = m.next;
    o->rows = m.builder.rows();
    o->leader = m.builder.leader();
    o->polls = m.state.polls;
    o->fetches = m.state.fetches;
    o->admin_pending = m.state.admin_pending;
    o->session_state = m.state.session;
    o->session_host = m.state.host;
    o->session_id = m.state.id;
    o->session_error = m.state.error;
    if (m.state.has_tree) o->tree = std::make_shared<const DataTree>(m.tree);
    o->tree_loaded = m.state.loaded;
    o->acls_loaded = m.state.acls;
    o->persistent_watch = m.state.persistent;
    o->tree_load_ms = m.state.load_ms;
    o->tree_requests = m.state.requests;
    o->history_from_ms = header.from_ms;
    o->events = static_cast<std::uint64_t>(
        std::upper_bound(events.begin(), events.end(), at,
                         [](std::int64_t t, const ObservedEvent& e) { return t < e.at_ms; }) -
        events.begin());
    o->recording.path = path;
    return o;
  }
};

bool Recording::looks_like(const std::string& path) {
  gzFile f = gzopen(path.c_str(), "rb");
  if (f == nullptr) return false;
  char buf[64] = {};
  const int n = gzread(f, buf, sizeof buf - 1);
  gzclose(f);
  if (n <= 0) return false;
  const std::string head(buf, static_cast<std::size_t>(n));
  return head.rfind(std::string("{\"") + kMagicKey + "\"", 0) == 0;
}

Result<Recording> Recording::open(const std::string& path) {
  errno = 0;
  gzFile f = gzopen(path.c_str(), "rb");
  if (f == nullptr)
    return Error{path, 0, std::string("cannot read it: ") + (errno != 0 ? std::strerror(errno) : "gzopen failed"), ""};
  struct Closer {
    gzFile f;
    ~Closer() { gzclose(f); }
  } closer{f};

  auto impl = std::make_unique<Impl>();
  impl->path = path;
  std::string line;
  bool complete = false;
  std::size_t n = 0;
  std::int64_t last_t = 0;
  bool ended = false;
  std::optional<Impl::Moment> m;  // the moment after each record (from the header on)
  std::string block;              // the records' text since the last checkpoint
  while (read_line(f, line, complete)) {
    ++n;
    json j;
    try {
      j = json::parse(line);
    } catch (const json::parse_error& e) {
      if (!complete && n > 1) {
        impl->warnings.push_back("line " + std::to_string(n) +
                                 " is cut short: the recording was not closed (zooscope stopped while writing it); "
                                 "it ends at line " + std::to_string(n - 1));
        break;
      }
      if (n == 1) return Error{path, 1, "not a zooscope attach recording (its first line is not JSON)",
                               "open a file written by `zooscope attach --record FILE` or the window's Record"};
      return line_error(path, n, std::string("not JSON: ") + e.what());
    }
    if (!j.is_object()) return line_error(path, n, "not a JSON object");
    Fields fl(j);
    if (n == 1) {
      RecordingHeader& h = impl->header;
      if (!j.contains(kMagicKey))
        return Error{path, 1, "not a zooscope attach recording (no \"zooscope_attach_recording\" in its first line)",
                     "open a file written by `zooscope attach --record FILE`; a run file opens with --replay"};
      if (!fl.get(kMagicKey, h.format) || !fl.get("hosts", h.hosts) || !fl.get("attach_started_ms", h.attach_started_ms) ||
          !fl.get("from_ms", h.from_ms) || !fl.get("refresh_ms", h.refresh_ms, false) ||
          !fl.get("admin_ports", h.admin_ports, false) || !fl.get("tree", h.tree, false) ||
          !fl.get("zooscope", h.zooscope, false))
        return line_error(path, 1, "the header's \"" + fl.bad() + "\" is missing or of the wrong type");
      if (h.format != 1)
        return Error{path, 1, "recording format " + std::to_string(h.format) + " is newer than this zooscope reads (1)",
                     "open it with the zooscope that wrote it (" + h.zooscope + ") or newer"};
      auto hosts = wire::parse_connect_string(h.hosts);
      if (!hosts) return line_error(path, 1, "its connect string does not parse: " + hosts.error().message);
      impl->hosts = hosts.value();
      last_t = h.from_ms;
      m.emplace(Impl::Moment{0, ObservationBuilder(impl->hosts), DataTree{}, StateRec{}});
      continue;
    }
    if (ended) return line_error(path, n, "a line after the end line");
    std::int64_t t = 0;
    if (!fl.get("t", t)) return line_error(path, n, "no time (\"t\")");
    t = std::max(t, last_t);
    last_t = t;
    auto rec = parse_record(j, path, n, impl->hosts.hosts.size(), t);
    if (!rec) return rec.error();
    ended = std::holds_alternative<EndRec>(rec.value());
    if (const auto* st = std::get_if<StateRec>(&rec.value()); st && st->polls > 0 && !impl->first_poll_ms)
      impl->first_poll_ms = t;
    if (impl->times.size() % Impl::kBlock == 0) impl->seal_block(block);
    if (impl->times.size() % impl->checkpoint_every == 0) {
      impl->checkpoints.push_back(*m);
      if (impl->checkpoints.size() > Impl::kMaxCheckpoints) {
        std::vector<Impl::Moment> kept;
        for (std::size_t c = 0; c < impl->checkpoints.size(); c += 2) kept.push_back(std::move(impl->checkpoints[c]));
        impl->checkpoints = std::move(kept);
        impl->checkpoint_every *= 2;
      }
    }
    impl->times.push_back(t);
    Impl::step(*m, rec.value(), t, &impl->events);
    block += line;
    block += '\n';
  }
  int err = 0;
  const char* msg = gzerror(f, &err);
  if (err != Z_OK && err != Z_STREAM_END)
    impl->warnings.push_back(std::string("the file ends before its compressed stream does (") + msg +
                             "): zooscope was stopped while writing it; everything before is shown");
  if (n == 0) return Error{path, 0, "the file is empty", "open a file written by `zooscope attach --record FILE`"};
  impl->closed = ended;
  if (!ended && impl->warnings.empty())
    impl->warnings.push_back("the recording has no end line: zooscope was stopped before it could close it");
  impl->lines = n;
  impl->end_ms = impl->times.empty() ? impl->header.from_ms : impl->times.back();

  if (!block.empty()) impl->seal_block(block);
  if (impl->checkpoints.empty()) impl->checkpoints.push_back(*m);
  return Recording(std::move(impl));
}

Recording::Recording(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
Recording::Recording(Recording&&) noexcept = default;
Recording& Recording::operator=(Recording&&) noexcept = default;
Recording::~Recording() = default;

const RecordingHeader& Recording::header() const { return impl_->header; }
const std::string& Recording::path() const { return impl_->path; }
std::int64_t Recording::begin_ms() const { return impl_->header.from_ms; }
std::int64_t Recording::end_ms() const { return impl_->end_ms; }
std::int64_t Recording::first_poll_ms() const { return impl_->first_poll_ms.value_or(impl_->end_ms); }
bool Recording::closed() const { return impl_->closed; }
const std::vector<std::string>& Recording::warnings() const { return impl_->warnings; }
std::size_t Recording::lines() const { return impl_->lines; }
const std::vector<ObservedEvent>& Recording::events() const { return impl_->events; }

std::shared_ptr<const Observation> Recording::at(std::int64_t at_ms) {
  Impl& im = *impl_;
  at_ms = std::clamp(at_ms, begin_ms(), std::max(begin_ms(), end_ms()));
  // Every line at or before the moment.
  const std::size_t want =
      static_cast<std::size_t>(std::upper_bound(im.times.begin(), im.times.end(), at_ms) - im.times.begin());
  if (im.shown && im.shown_next == want && im.shown->taken_ms == at_ms) return im.shown;
  // The last checkpoint at or before the wanted record.
  const std::size_t k = static_cast<std::size_t>(
      std::upper_bound(im.checkpoints.begin(), im.checkpoints.end(), want,
                       [](std::size_t w, const Impl::Moment& c) { return w < c.next; }) -
      im.checkpoints.begin()) - 1;
  // Go on from the last moment when it lies between the checkpoint and the wanted one.
  if (!im.cursor || im.cursor->next > want || im.cursor->next < im.checkpoints[k].next) im.cursor = im.checkpoints[k];
  while (im.cursor->next < want) {
    const std::size_t i = im.cursor->next;
    Impl::step(*im.cursor, im.record(i), im.times[i], nullptr);
  }
  im.shown = im.observe(*im.cursor, at_ms);
  im.shown_next = want;
  return im.shown;
}

}  // namespace zs::attach

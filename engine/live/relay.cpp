#include "live/relay.hpp"

#include <boost/asio/connect.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/write.hpp>

#include <algorithm>
#include <array>
#include <chrono>
#include <deque>
#include <fstream>
#include <map>
#include <mutex>
#include <optional>
#include <set>
#include <sstream>

namespace zs::live {

namespace asio = boost::asio;
using tcp = asio::ip::tcp;

std::vector<std::uint16_t> listening_ports() {
  std::set<std::uint16_t> ports;
  for (const char* name : {"/proc/net/tcp", "/proc/net/tcp6"}) {
    std::ifstream in(name);
    std::string line;
    std::getline(in, line);  // the header
    while (std::getline(in, line)) {
      std::istringstream fields(line);
      std::string slot, local, remote, state;
      fields >> slot >> local >> remote >> state;
      if (state != "0A") continue;  // TCP_LISTEN
      const std::size_t colon = local.rfind(':');
      if (colon == std::string::npos) continue;
      ports.insert(static_cast<std::uint16_t>(std::stoul(local.substr(colon + 1), nullptr, 16)));
    }
  }
  return {ports.begin(), ports.end()};
}

namespace {

constexpr std::size_t kChunk = 64 * 1024;
constexpr std::size_t kHoldMax = 16 * 1024 * 1024;  // held per direction while cut; then TCP backs up

// One byte direction of a relayed connection and its decoder.
struct Pump {
  bool forward = true;  // from -> to
  std::optional<wire::ElectionStream> election;
  std::optional<wire::QuorumStream> quorum;
  bool decoding = true;  // false after the stream stopped decoding
  std::array<char, kChunk> buf{};
  std::string held;      // stalled by a cut: written when the link heals
  bool eof_held = false;  // the side closed while the link was cut
};

}  // namespace

struct RelayConn;

struct Relay::Impl : std::enable_shared_from_this<Relay::Impl> {
  Impl(asio::io_context& io_, std::vector<RelayLink> links_, Sink sink_, RelayOptions opt_)
      : io(io_), links(std::move(links_)), sink(std::move(sink_)), opt(opt_), poll(io_),
        acceptors(links.size()), t0(std::chrono::steady_clock::now()) {}

  std::int64_t now_us() const {
    return std::chrono::duration_cast<std::chrono::microseconds>(std::chrono::steady_clock::now() - t0).count();
  }

  template <class T>
  void emit(std::size_t link, std::uint32_t conn, bool forward, T item) {
    RelayEvent e;
    e.at_us = now_us();
    e.from = links[link].from;
    e.to = links[link].to;
    e.channel = links[link].channel;
    e.connection = conn;
    e.forward = forward;
    e.item = std::move(item);
    if (sink) sink(e);
  }

  void poll_targets();
  void open(std::size_t link);
  void close(std::size_t link);
  void accept(std::size_t link);
  void heal();
  bool is_cut(Sid sender, Sid receiver) const { return cut.count({sender, receiver}) != 0; }
  std::int32_t delay_of(Sid sender, Sid receiver) const {
    const auto it = delay.find({sender, receiver});
    return it == delay.end() ? 0 : it->second;
  }

  asio::io_context& io;
  std::vector<RelayLink> links;
  Sink sink;
  RelayOptions opt;
  asio::steady_timer poll;
  std::vector<std::unique_ptr<tcp::acceptor>> acceptors;
  std::set<std::pair<Sid, Sid>> cut;              // (sender, receiver): bytes stall
  std::map<std::pair<Sid, Sid>, std::int32_t> delay;  // (sender, receiver): ms per chunk
  // Owned here, not only by pending handlers: a connection stalled by a cut in both
  // directions has no operation pending and must stay open until the heal.
  std::vector<std::shared_ptr<RelayConn>> conns;
  std::chrono::steady_clock::time_point t0;
  std::uint32_t next_conn = 0;
  bool stopped = false;
  mutable std::mutex stats_mu;
  RelayStats stats;
  std::vector<std::int64_t> latency_us;  // under stats_mu
};

struct RelayConn : std::enable_shared_from_this<RelayConn> {
  RelayConn(std::shared_ptr<Relay::Impl> r, std::size_t l, tcp::socket s)
      : relay(std::move(r)), link(l), a(std::move(s)), b(relay->io), timer(relay->io) {
    id = ++relay->next_conn;
    const bool election = relay->links[link].channel == Channel::Election;
    pumps[0].forward = true;
    pumps[1].forward = false;
    for (Pump& p : pumps) {
      if (election) {
        p.election.emplace(p.forward);
      } else {
        p.quorum.emplace();
      }
    }
    hello_pending = election && !relay->links[link].hello_address.empty();
  }

  tcp::socket& in(int d) { return d == 0 ? a : b; }
  tcp::socket& out(int d) { return d == 0 ? b : a; }
  // Who sends the bytes of direction d, and who receives them.
  Sid sender(int d) const { return d == 0 ? relay->links[link].from : relay->links[link].to; }
  Sid receiver(int d) const { return d == 0 ? relay->links[link].to : relay->links[link].from; }
  bool cut(int d) const { return relay->is_cut(sender(d), receiver(d)); }

  void begin() {
    if (cut(0) || cut(1)) {
      accepted_during_cut = true;  // joined to the target, if still open, when the link heals
      return;
    }
    join();
  }

  void join() {
    auto self = shared_from_this();
    timer.expires_after(std::chrono::milliseconds(relay->opt.connect_timeout_ms));
    timer.async_wait([self](const boost::system::error_code& ec) {
      if (!ec && !self->joined) self->b.close();
    });
    b.async_connect(tcp::endpoint(asio::ip::address_v4::loopback(), relay->links[link].target_port),
                    [self](const boost::system::error_code& ec) {
                      self->timer.cancel();
                      if (ec || self->closed) {
                        self->relay->emit(self->link, self->id, true,
                                          RelayRefused{ec ? ec.message() : std::string("closed")});
                        self->shut();
                        return;
                      }
                      self->joined = true;
                      boost::system::error_code ignore;
                      self->b.set_option(tcp::no_delay(true), ignore);
                      self->relay->emit(self->link, self->id, true, RelayOpened{});
                      self->read(0);
                      self->read(1);
                    });
  }

  // At most one read per direction at a time; its bytes go on (or are held) before the next.
  void read(int d) {
    if (closed || reading[d]) return;
    reading[d] = true;
    auto self = shared_from_this();
    in(d).async_read_some(asio::buffer(pumps[d].buf), [self, d](const boost::system::error_code& ec, std::size_t n) {
      self->reading[d] = false;
      if (self->closed) return;
      if (ec) {
        if (self->cut(d)) {
          self->pumps[d].eof_held = true;  // a closed side shows only once the link heals
          return;
        }
        self->relay->emit(self->link, self->id, d == 0, RelayClosed{(d == 0 ? "opener: " : "target: ") + ec.message()});
        self->shut();
        return;
      }
      self->got(d, std::string_view(self->pumps[d].buf.data(), n));
    });
  }

  void decode(int d, std::string_view bytes) {
    Pump& p = pumps[d];
    if (!p.decoding) return;
    auto report = [&](const Error& e) {
      p.decoding = false;
      {
        std::lock_guard lock(relay->stats_mu);
        ++relay->stats.decode_errors;
      }
      relay->emit(link, id, p.forward, RelayDecodeError{e.message});
    };
    if (p.election) {
      p.election->feed(bytes);
      while (true) {
        auto next = p.election->next();
        if (!next.ok()) return report(next.error());
        if (!next.value()) break;
        if (const auto* h = std::get_if<wire::ElectionHello>(&*next.value()); h && hello_pending && d == 0) {
          rewritten = wire::rewrite_election_hello(*h, relay->links[link].hello_address);
          hello_size = p.election->last_bytes().size();
        }
        {
          std::lock_guard lock(relay->stats_mu);
          ++relay->stats.items;
        }
        std::visit([&](auto&& item) { relay->emit(link, id, p.forward, std::move(item)); }, std::move(*next.value()));
      }
    } else {
      p.quorum->feed(bytes);
      while (true) {
        auto next = p.quorum->next();
        if (!next.ok()) return report(next.error());
        if (!next.value()) break;
        {
          std::lock_guard lock(relay->stats_mu);
          ++relay->stats.items;
        }
        std::visit([&](auto&& item) { relay->emit(link, id, p.forward, std::move(item)); }, std::move(*next.value()));
      }
    }
  }

  void got(int d, std::string_view bytes) {
    {
      std::lock_guard lock(relay->stats_mu);
      relay->stats.bytes_in += bytes.size();
    }
    read_at[d] = std::chrono::steady_clock::now();
    if (!(d == 0 && hello_pending)) {
      // Forwarded first, decoded after: the decoders and the sink add nothing to the delay.
      forward(d, std::string(bytes));
      decode(d, bytes);
      return;
    }
    decode(d, bytes);
    // The opener's hello is held until it is whole, then forwarded with the relay's address
    // in it, in one write (ZooKeeper reads the address with a single read()).
    held_hello.append(bytes);
    if (hello_size == 0 && pumps[0].decoding) {
      read(d);
      return;
    }
    hello_pending = false;
    std::string send;
    if (hello_size == 0) {  // not a hello ZooKeeper would accept: forwarded as it came
      send = std::move(held_hello);
    } else {
      send = rewritten + held_hello.substr(std::min(hello_size, held_hello.size()));
      std::lock_guard lock(relay->stats_mu);
      ++relay->stats.rewritten_hellos;
    }
    forward(d, std::move(send));
  }

  // Bytes for the other side of direction d: written in order, one write at a time. A cut
  // direction holds them, as TCP stalls in a partition, and goes on reading (and decoding:
  // zooscope still sees what the server sends) up to kHoldMax bytes.
  void forward(int d, std::string bytes) {
    if (cut(d)) {
      pumps[d].held.append(bytes);
      if (pumps[d].held.size() < kHoldMax) read(d);
      return;
    }
    outq[d].append(bytes);
    if (!writing[d]) write(d);
  }

  void write(int d) {
    if (closed || outq[d].empty()) return;
    writing[d] = true;
    auto data = std::make_shared<std::string>(std::move(outq[d]));
    outq[d].clear();
    auto self = shared_from_this();
    auto go = [self, d, data]() {
      if (self->closed) return;
      asio::async_write(self->out(d), asio::buffer(*data), [self, d, data](const boost::system::error_code& ec, std::size_t n) {
        self->writing[d] = false;
        if (self->closed) return;
        if (ec) {
          self->relay->emit(self->link, self->id, d == 0, RelayClosed{std::string("write: ") + ec.message()});
          self->shut();
          return;
        }
        {
          std::lock_guard lock(self->relay->stats_mu);
          self->relay->stats.bytes_out += n;
          if (self->relay->latency_us.size() < self->relay->opt.latency_samples)
            self->relay->latency_us.push_back(std::chrono::duration_cast<std::chrono::microseconds>(
                                                  std::chrono::steady_clock::now() - self->read_at[d])
                                                  .count());
        }
        if (!self->outq[d].empty()) {
          self->write(d);
        } else {
          self->read(d);
        }
      });
    };
    const std::int32_t ms = relay->delay_of(sender(d), receiver(d));
    if (ms <= 0) {
      go();
      return;
    }
    auto t = std::make_shared<asio::steady_timer>(relay->io, std::chrono::milliseconds(ms));
    t->async_wait([t, go](const boost::system::error_code&) { go(); });
  }

  // The link healed: deliver what the cut held, in order, then go on.
  void resume() {
    if (closed) return;
    if (accepted_during_cut) {
      if (cut(0) || cut(1)) return;
      accepted_during_cut = false;
      join();
      return;
    }
    for (int d = 0; d < 2; ++d) {
      if (cut(d)) continue;
      std::string held = std::move(pumps[d].held);
      pumps[d].held.clear();
      if (!held.empty()) {
        forward(d, std::move(held));  // a close behind it is read again once it is written
        pumps[d].eof_held = false;
      } else if (pumps[d].eof_held) {
        relay->emit(link, id, d == 0, RelayClosed{d == 0 ? "opener closed" : "target closed"});
        shut();
        return;
      } else {
        read(d);
      }
    }
  }

  void shut() {
    if (closed) return;
    closed = true;
    boost::system::error_code ignore;
    a.close(ignore);
    b.close(ignore);
    timer.cancel();
  }

  std::shared_ptr<Relay::Impl> relay;
  std::size_t link;
  std::uint32_t id = 0;
  tcp::socket a;  // accepted from the link's opener
  tcp::socket b;  // to the target's real port
  asio::steady_timer timer;
  std::array<Pump, 2> pumps;
  std::array<bool, 2> reading{false, false};
  std::array<bool, 2> writing{false, false};
  std::array<std::string, 2> outq;  // waiting for the write in progress
  std::array<std::chrono::steady_clock::time_point, 2> read_at{};  // of the chunk being forwarded
  bool hello_pending = false;
  std::string held_hello;
  std::string rewritten;
  std::size_t hello_size = 0;
  bool joined = false;
  bool closed = false;
  bool accepted_during_cut = false;
};

void Relay::Impl::poll_targets() {
  if (stopped) return;
  const std::vector<std::uint16_t> ports = listening_ports();
  for (std::size_t i = 0; i < links.size(); ++i) {
    const bool up = std::binary_search(ports.begin(), ports.end(), links[i].target_port);
    if (up && !acceptors[i]) open(i);
    if (!up && acceptors[i]) close(i);
  }
  poll.expires_after(std::chrono::milliseconds(opt.poll_ms));
  poll.async_wait([self = shared_from_this()](const boost::system::error_code& ec) {
    if (!ec) self->poll_targets();
  });
}

void Relay::Impl::open(std::size_t link) {
  auto acc = std::make_unique<tcp::acceptor>(io);
  boost::system::error_code ec;
  const tcp::endpoint at(asio::ip::address_v4::loopback(), links[link].listen_port);
  acc->open(at.protocol(), ec);
  if (!ec) acc->set_option(tcp::acceptor::reuse_address(true), ec);
  if (!ec) acc->bind(at, ec);
  if (!ec) acc->listen(asio::socket_base::max_listen_connections, ec);
  if (ec) return;  // tried again at the next poll
  acceptors[link] = std::move(acc);
  accept(link);
}

void Relay::Impl::close(std::size_t link) {
  boost::system::error_code ignore;
  acceptors[link]->close(ignore);
  acceptors[link].reset();
}

void Relay::Impl::accept(std::size_t link) {
  tcp::acceptor* acc = acceptors[link].get();
  if (acc == nullptr) return;
  acc->async_accept([self = shared_from_this(), link, acc](const boost::system::error_code& ec, tcp::socket s) {
    if (ec || self->stopped || self->acceptors[link].get() != acc) return;  // closed meanwhile
    boost::system::error_code ignore;
    s.set_option(tcp::no_delay(true), ignore);
    auto conn = std::make_shared<RelayConn>(self, link, std::move(s));
    {
      std::lock_guard lock(self->stats_mu);
      ++self->stats.connections;
    }
    std::erase_if(self->conns, [](const std::shared_ptr<RelayConn>& c) { return c->closed; });
    self->conns.push_back(conn);
    conn->begin();
    self->accept(link);
  });
}

void Relay::Impl::heal() {
  const auto open = conns;  // resume() may close some
  for (const auto& c : open) c->resume();
  std::erase_if(conns, [](const std::shared_ptr<RelayConn>& c) { return c->closed; });
}

Relay::Relay(asio::io_context& io, std::vector<RelayLink> links, Sink sink, RelayOptions opt)
    : impl_(std::make_shared<Impl>(io, std::move(links), std::move(sink), opt)) {}

Relay::~Relay() { stop(); }

void Relay::start() {
  impl_->t0 = std::chrono::steady_clock::now();
  impl_->poll_targets();
}

void Relay::stop() {
  if (impl_->stopped) return;
  impl_->stopped = true;
  impl_->poll.cancel();
  for (std::size_t i = 0; i < impl_->acceptors.size(); ++i) {
    if (impl_->acceptors[i]) impl_->close(i);
  }
  for (const auto& c : impl_->conns) c->shut();
  impl_->conns.clear();
}

void Relay::set_cut(Sid from, Sid to, bool cut) {
  if (cut) {
    impl_->cut.insert({from, to});
  } else if (impl_->cut.erase({from, to}) != 0) {
    impl_->heal();
  }
}

void Relay::set_delay_ms(Sid from, Sid to, std::int32_t ms) {
  if (ms <= 0) {
    impl_->delay.erase({from, to});
  } else {
    impl_->delay[{from, to}] = ms;
  }
}

const std::vector<RelayLink>& Relay::links() const { return impl_->links; }

RelayStats Relay::stats() const {
  std::lock_guard lock(impl_->stats_mu);
  return impl_->stats;
}

std::vector<std::int64_t> Relay::take_latency_us() {
  std::lock_guard lock(impl_->stats_mu);
  std::vector<std::int64_t> out;
  out.swap(impl_->latency_us);
  return out;
}

bool Relay::listening(std::size_t link) const { return link < impl_->acceptors.size() && impl_->acceptors[link] != nullptr; }

RelayThread::RelayThread(std::vector<RelayLink> links, Relay::Sink sink, RelayOptions opt)
    : relay_(io_, std::move(links), std::move(sink), opt) {
  relay_.start();
  work_.emplace(asio::make_work_guard(io_));
  thread_ = std::thread([this] { io_.run(); });
}

RelayThread::~RelayThread() {
  asio::post(io_, [this] { relay_.stop(); });
  work_.reset();
  thread_.join();  // run() returns once the stop's handlers are done
}

void RelayThread::post(std::function<void(Relay&)> f) {
  asio::post(io_, [this, f = std::move(f)] { f(relay_); });
}

}  // namespace zs::live

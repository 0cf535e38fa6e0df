#include "live/ensemble.hpp"

#include <fcntl.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>

#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <thread>

namespace zs::live {

namespace fs = std::filesystem;

namespace {

constexpr const char* kJavaDir = "/usr/share/java";
constexpr const char* kServerMain = "org.apache.zookeeper.server.quorum.QuorumPeerMain";
constexpr const char* kInstallLine =
    "apt-get install zookeeper libservlet-api-java libslf4j-java liblog4j1.2-java "
    "(or: bash scripts/install-deps.sh)";
const char* const kServerJars[] = {"zookeeper.jar", "servlet-api.jar", "slf4j-log4j12.jar", "log4j-1.2.jar"};

Error live_error(std::string message, std::string hint = {}) {
  Error e;
  e.message = std::move(message);
  e.hint = std::move(hint);
  return e;
}

bool executable(const std::string& path) { return ::access(path.c_str(), X_OK) == 0; }

std::string which(const std::string& name) {
  const char* path = std::getenv("PATH");
  std::istringstream dirs(path ? path : "/usr/bin:/bin");
  std::string dir;
  while (std::getline(dirs, dir, ':')) {
    const std::string candidate = (dir.empty() ? "." : dir) + "/" + name;
    if (executable(candidate)) return candidate;
  }
  return {};
}

// The NUL-separated argv of a process, or empty when it is gone.
std::vector<std::string> cmdline(pid_t pid) {
  std::ifstream in("/proc/" + std::to_string(pid) + "/cmdline", std::ios::binary);
  std::vector<std::string> argv;
  std::string arg;
  while (std::getline(in, arg, '\0')) argv.push_back(arg);
  return argv;
}

bool is_our_server(pid_t pid, const std::string& cfg) {
  const std::vector<std::string> argv = cmdline(pid);
  if (argv.empty() || fs::path(argv[0]).filename() != "java") return false;
  bool main_class = false;
  for (const std::string& a : argv) main_class = main_class || a == kServerMain;
  return main_class && argv.back() == cfg;
}

bool write_file(const std::string& path, const std::string& text) {
  std::ofstream out(path, std::ios::trunc);
  out << text;
  return static_cast<bool>(out);
}

}  // namespace

Result<ZooKeeperInstall> find_zookeeper() {
  ZooKeeperInstall z;
  const char* env = std::getenv("ZOOSCOPE_JAVA");
  z.java = env && *env ? env : which("java");
  if (z.java.empty() || !executable(z.java))
    return live_error("java not found (ZooKeeper's servers run on Java 17)", kInstallLine);
  std::string missing;
  for (const char* jar : kServerJars) {
    const std::string path = std::string(kJavaDir) + "/" + jar;
    if (!fs::exists(path)) {
      missing += (missing.empty() ? "" : ", ") + std::string(jar);
      continue;
    }
    z.class_path += (z.class_path.empty() ? "" : ":") + path;
  }
  if (!missing.empty())
    return live_error("ZooKeeper's jars not found in " + std::string(kJavaDir) + " (" + missing + ")", kInstallLine);
  return z;
}

Result<std::vector<std::uint16_t>> pick_free_ports(std::size_t count) {
  namespace asio = boost::asio;
  asio::io_context io;
  std::vector<std::unique_ptr<asio::ip::tcp::acceptor>> held;
  std::vector<std::uint16_t> ports;
  for (std::size_t i = 0; i < count; ++i) {
    boost::system::error_code ec;
    auto a = std::make_unique<asio::ip::tcp::acceptor>(io);
    const asio::ip::tcp::endpoint at(asio::ip::address_v4::loopback(), 0);
    a->open(at.protocol(), ec);
    if (!ec) a->bind(at, ec);
    if (ec) return live_error("cannot pick a free port on 127.0.0.1: " + ec.message());
    ports.push_back(a->local_endpoint().port());
    held.push_back(std::move(a));
  }
  return ports;
}

Result<std::unique_ptr<LiveEnsemble>> LiveEnsemble::create(const LiveOptions& opt) {
  if (opt.servers < 1 || opt.servers > kMaxLiveServers)
    return live_error("--servers " + std::to_string(opt.servers) + ": a live ensemble has 1 to " +
                      std::to_string(kMaxLiveServers) + " servers");
  auto zk = find_zookeeper();
  if (!zk.ok()) return zk.error();
  std::unique_ptr<LiveEnsemble> e(new LiveEnsemble());
  e->opt_ = opt;
  e->zk_ = zk.value();
  if (opt.run_dir.empty()) {
    const char* tmp = std::getenv("TMPDIR");
    std::string templ = std::string(tmp && *tmp ? tmp : "/tmp") + "/zooscope-live-XXXXXX";
    if (::mkdtemp(templ.data()) == nullptr) return live_error("cannot create a run directory " + templ);
    e->run_dir_ = templ;
    e->owns_run_dir_ = !opt.keep_run_dir;
  } else {
    std::error_code ec;
    fs::create_directories(opt.run_dir, ec);
    if (ec) return live_error("cannot create the run directory " + opt.run_dir + ": " + ec.message());
    e->run_dir_ = fs::absolute(opt.run_dir).string();
  }
  const std::size_t n = static_cast<std::size_t>(opt.servers);
  auto ports = pick_free_ports(4 * n + 2 * n * (n - 1));
  if (!ports.ok()) return ports.error();
  std::size_t next = 0;
  for (std::size_t i = 0; i < n; ++i) {
    LiveServer s;
    s.sid = static_cast<Sid>(i + 1);
    s.client_port = ports.value()[next++];
    s.quorum_port = ports.value()[next++];
    s.election_port = ports.value()[next++];
    s.admin_port = ports.value()[next++];
    s.dir = e->run_dir_ + "/server" + std::to_string(s.sid);
    s.cfg = s.dir + "/zoo.cfg";
    s.log = s.dir + "/zookeeper.log";
    e->servers_.push_back(s);
  }
  // Relay ports: (i -> j) quorum and election for every ordered pair.
  auto relay_port = [&](Sid from, Sid to, Channel ch) -> std::uint16_t {
    for (const RelayLink& l : e->links_)
      if (l.from == from && l.to == to && l.channel == ch) return l.listen_port;
    return 0;
  };
  for (const LiveServer& a : e->servers_) {
    for (const LiveServer& b : e->servers_) {
      if (a.sid == b.sid) continue;
      e->links_.push_back(RelayLink{a.sid, b.sid, Channel::Quorum, ports.value()[next++], b.quorum_port, ""});
      e->links_.push_back(RelayLink{a.sid, b.sid, Channel::Election, ports.value()[next++], b.election_port, ""});
    }
  }
  // An election hello from i to j announces the relay port j uses to reach i.
  for (RelayLink& l : e->links_) {
    if (l.channel == Channel::Election)
      l.hello_address = "127.0.0.1:" + std::to_string(relay_port(l.to, l.from, Channel::Election));
  }
  for (const LiveServer& s : e->servers_) {
    std::error_code ec;
    fs::create_directories(s.dir + "/data", ec);
    if (ec) return live_error("cannot create " + s.dir + "/data: " + ec.message());
    const std::string log4j =
        "log4j.rootLogger=INFO, FILE\n"
        "log4j.appender.FILE=org.apache.log4j.FileAppender\n"
        "log4j.appender.FILE.File=" + s.log + "\n"
        "log4j.appender.FILE.layout=org.apache.log4j.PatternLayout\n"
        "log4j.appender.FILE.layout.ConversionPattern=%d{ISO8601} [myid:%X{myid}] - %-5p [%t:%C{1}@%L] - %m%n\n";
    if (!write_file(s.cfg, e->config_text(s.sid)) || !write_file(s.dir + "/data/myid", std::to_string(s.sid) + "\n") ||
        !write_file(s.dir + "/log4j.properties", log4j))
      return live_error("cannot write the files of server." + std::to_string(s.sid) + " in " + s.dir);
  }
  return e;
}

std::string LiveEnsemble::config_text(Sid sid) const {
  const LiveServer& s = server(sid);
  std::ostringstream out;
  out << "tickTime=" << opt_.tick_ms << "\n"
      << "initLimit=" << opt_.init_limit << "\n"
      << "syncLimit=" << opt_.sync_limit << "\n"
      << "dataDir=" << s.dir << "/data\n"
      << "clientPort=" << s.client_port << "\n"
      << "clientPortAddress=127.0.0.1\n";
  if (opt_.admin_server) {
    out << "admin.serverAddress=127.0.0.1\nadmin.serverPort=" << s.admin_port << "\n";
  } else {
    out << "admin.enableServer=false\n";
  }
  out << "4lw.commands.whitelist=*\n";
  if (servers_.size() > 1) {
    for (const LiveServer& o : servers_) {
      if (o.sid == sid) {
        out << "server." << o.sid << "=127.0.0.1:" << o.quorum_port << ":" << o.election_port << "\n";
        continue;
      }
      std::uint16_t q = 0, el = 0;
      for (const RelayLink& l : links_) {
        if (l.from != sid || l.to != o.sid) continue;
        (l.channel == Channel::Quorum ? q : el) = l.listen_port;
      }
      out << "server." << o.sid << "=127.0.0.1:" << q << ":" << el << "\n";
    }
  }
  return out.str();
}

const LiveServer& LiveEnsemble::server(Sid sid) const { return servers_.at(static_cast<std::size_t>(sid - 1)); }

Result<pid_t> LiveEnsemble::start(Sid sid) {
  if (sid < 1 || sid > static_cast<Sid>(servers_.size()))
    return live_error("there is no server." + std::to_string(sid) + " (1.." + std::to_string(servers_.size()) + ")");
  LiveServer& s = servers_[static_cast<std::size_t>(sid - 1)];
  if (running(sid)) return live_error("server." + std::to_string(sid) + " is running already (pid " + std::to_string(s.pid) + ")");
  // Everything the child needs is built before fork(): between fork and exec only
  // async-signal-safe calls.
  const std::vector<std::string> args = {
      zk_.java, "-Xms32m", "-Xmx" + std::to_string(opt_.heap_mb) + "m", "-cp", zk_.class_path,
      "-Dlog4j.configuration=file:" + s.dir + "/log4j.properties", kServerMain, s.cfg};
  std::vector<char*> argv;
  for (const std::string& a : args) argv.push_back(const_cast<char*>(a.c_str()));
  argv.push_back(nullptr);
  const std::string out_path = s.dir + "/stdout.log";
  const pid_t parent = ::getpid();
  const pid_t pid = ::fork();
  if (pid < 0) return live_error("cannot start server." + std::to_string(sid) + ": fork failed");
  if (pid == 0) {
    ::prctl(PR_SET_PDEATHSIG, SIGKILL);  // dies with zooscope, however zooscope dies
    if (::getppid() != parent) ::_exit(127);
    ::setsid();
    const int devnull = ::open("/dev/null", O_RDONLY);
    const int out = ::open(out_path.c_str(), O_WRONLY | O_CREAT | O_APPEND, 0644);
    if (devnull >= 0) ::dup2(devnull, 0);
    if (out >= 0) {
      ::dup2(out, 1);
      ::dup2(out, 2);
    }
    // Nothing else of zooscope's goes with it: a relay socket the JVM inherited would keep
    // that connection open after the relay closed it (a follower would never see its
    // leader's connection end).
    if (::syscall(SYS_close_range, 3U, ~0U, 0U) != 0) {
      for (int fd = 3; fd < 65536; ++fd) ::close(fd);
    }
    if (::chdir(s.dir.c_str()) != 0) ::_exit(127);
    ::execv(argv[0], argv.data());
    ::_exit(127);
  }
  s.pid = pid;
  return pid;
}

bool LiveEnsemble::running(Sid sid) {
  if (sid < 1 || sid > static_cast<Sid>(servers_.size())) return false;
  LiveServer& s = servers_[static_cast<std::size_t>(sid - 1)];
  if (s.pid == 0) return false;
  int status = 0;
  if (::waitpid(s.pid, &status, WNOHANG) == s.pid) {
    s.pid = 0;
    return false;
  }
  return true;
}

void LiveEnsemble::reap(LiveServer& s) {
  for (int i = 0; i < 500 && s.pid != 0; ++i) {  // 5 s at most
    int status = 0;
    const pid_t r = ::waitpid(s.pid, &status, WNOHANG);
    if (r == s.pid || r < 0) {
      s.pid = 0;
      return;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
}

std::optional<Error> LiveEnsemble::kill(Sid sid) {
  if (!running(sid)) return std::nullopt;
  LiveServer& s = servers_[static_cast<std::size_t>(sid - 1)];
  // A JVM just forked may not have exec'd yet: its cmdline is still ours. Wait for it briefly.
  for (int i = 0; i < 100 && !is_our_server(s.pid, s.cfg) && running(sid); ++i)
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  if (!running(sid)) return std::nullopt;
  if (!is_our_server(s.pid, s.cfg))
    return live_error("server." + std::to_string(sid) + ": pid " + std::to_string(s.pid) +
                      " is not the ZooKeeper server of " + s.cfg + "; not signalling it");
  ::kill(s.pid, SIGKILL);
  reap(s);
  return std::nullopt;
}

void LiveEnsemble::kill_all() {
  for (const LiveServer& s : servers_) (void)kill(s.sid);
}

LiveEnsemble::~LiveEnsemble() {
  kill_all();
  if (owns_run_dir_) {
    std::error_code ec;
    fs::remove_all(run_dir_, ec);
  }
}

}  // namespace zs::live

#!/usr/bin/env python3
"""Real ZooKeeper 3.8.0 ensembles on loopback for zooscope's interop tests and benchmarks.

A module and a command line. The module's `Ensemble` starts N real servers (Debian's
`zookeeper` package, OpenJDK 17), each as its own JVM on 127.0.0.1 with ports the OS picked,
waits until they serve, reads their modes with `srvr`, kills and restarts single servers and
stops every server it started. The command line does the same across processes through a JSON
state file, so C++ tests and ctest fixtures can share one ensemble (docs/interop.md).

Safety (docs/interop.md): it signals only the pids it recorded, after checking that
/proc/PID/cmdline is that server's java with that server's zoo.cfg (pids get reused); it never
signals by name; every wait is bounded; everything listens on 127.0.0.1 only.

Python 3 standard library only (kazoo is for zkload.py and the tests).
"""

import argparse
import atexit
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import weakref

# The jars Debian's own launcher leaves off the class path: without servlet-api the Jetty
# AdminServer does not load, without the slf4j binding and log4j the server logs nothing.
# zookeeper.jar's manifest brings the rest (jetty, netty, jute, ...).
JAVA_DIR = "/usr/share/java"
SERVER_JARS = ["zookeeper.jar", "servlet-api.jar", "slf4j-log4j12.jar", "log4j-1.2.jar"]
CLI_JARS = SERVER_JARS + ["jline2.jar"]  # without jline zkCli prints no prompt
SERVER_MAIN = "org.apache.zookeeper.server.quorum.QuorumPeerMain"
CLI_MAIN = "org.apache.zookeeper.ZooKeeperMain"
JVM_HEAP = ["-Xms32m", "-Xmx256m"]
HOST = "127.0.0.1"
SERVING_MODES = ("leader", "follower", "observer", "standalone")
INSTALL_HINT = "apt-get install zookeeper (or: bash scripts/install-deps.sh)"
# Exit status of the command line when Java or ZooKeeper is missing outside CI: ctest's
# SKIP_RETURN_CODE (the Automake convention).
EXIT_SKIP = 77
STATE_VERSION = 1


class HarnessError(Exception):
  """A failure the user should read: says what failed and, for a server, what its log says."""


class MissingZooKeeper(HarnessError):
  """Java or the ZooKeeper jars are not installed."""


class _PortTaken(HarnessError):
  """A server could not bind a port picked for it (another process took it meanwhile)."""


def _cli_jar_path(jars):
  return ":".join(os.path.join(JAVA_DIR, j) for j in jars)


def find_java():
  """The java binary (ZKHARNESS_JAVA overrides PATH); raises MissingZooKeeper with the fix."""
  java = os.environ.get("ZKHARNESS_JAVA") or shutil.which("java")
  if not java or not os.access(java, os.X_OK):
    raise MissingZooKeeper(f"java not found: {INSTALL_HINT}")
  missing = [j for j in SERVER_JARS if not os.path.exists(os.path.join(JAVA_DIR, j))]
  if missing:
    raise MissingZooKeeper(
        f"ZooKeeper's jars not found in {JAVA_DIR} ({', '.join(missing)}): "
        "apt-get install zookeeper libservlet-api-java libslf4j-java liblog4j1.2-java "
        "(or: bash scripts/install-deps.sh)")
  return java


def zkcli_command(hosts, *args, java=None, log4j=None):
  """argv of a real zkCli (ZooKeeperMain) against `hosts`, running `args` when given.

  `log4j` is a log4j.properties path; without one log4j prints its no-appender warning."""
  java = java or find_java()
  cmd = [java, *JVM_HEAP, "-cp", _cli_jar_path(CLI_JARS)]
  if log4j:
    cmd.append(f"-Dlog4j.configuration=file:{log4j}")
  return cmd + [CLI_MAIN, "-server", hosts, *args]


# ---- four-letter words -------------------------------------------------------------------


def four_letter(port, cmd, timeout=2.0, host=HOST):
  """Sends a four-letter word and returns the whole answer (the server closes after it).

  Raises OSError (refused, reset, timeout) like a socket does."""
  with socket.create_connection((host, port), timeout=timeout) as s:
    s.settimeout(timeout)
    s.sendall(cmd.encode("ascii"))
    chunks = []
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
      b = s.recv(65536)
      if not b:
        break
      chunks.append(b)
    return b"".join(chunks).decode("utf-8", "replace")


def parse_srvr(text):
  """`srvr`'s answer as (mode, zxid). A server that is up but has no quorum answers
  "This ZooKeeper instance is not currently serving requests": ("not-serving", None)."""
  mode, zxid = None, None
  for line in text.splitlines():
    if line.startswith("Mode: "):
      mode = line[len("Mode: "):].strip()
    elif line.startswith("Zxid: "):
      zxid = int(line[len("Zxid: "):].strip(), 16)
  if mode is None:
    if "not currently serving" in text:
      return ("not-serving", None)
    return ("not-zookeeper", None)
  return (mode, zxid)


def srvr_mode(port, timeout=1.0):
  """(mode, zxid) of the server on `port`; mode "unreachable" when nothing answers."""
  try:
    text = four_letter(port, "srvr", timeout=timeout)
  except OSError:
    return ("unreachable", None)
  if not text:
    return ("unreachable", None)
  return parse_srvr(text)


def epoch_of(zxid):
  """The epoch: the high 32 bits of a zxid."""
  return None if zxid is None else zxid >> 32


# ---- processes ---------------------------------------------------------------------------


def _cmdline(pid):
  try:
    with open(f"/proc/{pid}/cmdline", "rb") as f:
      return [a.decode("utf-8", "replace") for a in f.read().split(b"\0") if a]
  except OSError:
    return None


def _alive(pid):
  """True while pid exists and is not a zombie (a killed server whose parent is gone may sit
  as a zombie until init reaps it; its sockets are closed already)."""
  try:
    with open(f"/proc/{pid}/stat", "rb") as f:
      stat = f.read()
  except OSError:
    return False
  # The state letter follows the command name in parentheses, which may contain spaces.
  state = stat[stat.rfind(b")") + 2:stat.rfind(b")") + 3]
  return state not in (b"Z", b"X")


def is_server_process(pid, cfg_path):
  """True when pid is a ZooKeeper server JVM started with exactly `cfg_path`."""
  argv = _cmdline(pid)
  if not argv:
    return False
  return (os.path.basename(argv[0]) == "java" and SERVER_MAIN in argv
          and argv[-1] == cfg_path)


def _listening_ports():
  """Loopback/any TCP ports in LISTEN state, from /proc/net/tcp{,6}."""
  ports = set()
  for name in ("/proc/net/tcp", "/proc/net/tcp6"):
    try:
      with open(name) as f:
        next(f)
        for line in f:
          fields = line.split()
          if fields[3] == "0A":  # TCP_LISTEN
            ports.add(int(fields[1].rsplit(":", 1)[1], 16))
    except OSError:
      pass
  return ports


def listening(port):
  """True when something listens on TCP `port` on this machine."""
  return port in _listening_ports()


def _pick_free_ports(count):
  """`count` distinct ports the OS says are free on 127.0.0.1: all bound at once (so no two
  are equal), then released. Another process may take one before the server binds it; the
  ensemble start retries with new ports then."""
  socks = []
  try:
    for _ in range(count):
      s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
      s.bind((HOST, 0))
      socks.append(s)
    return [s.getsockname()[1] for s in socks]
  finally:
    for s in socks:
      s.close()


def _tail(path, lines=12):
  try:
    with open(path, "rb") as f:
      f.seek(0, os.SEEK_END)
      size = f.tell()
      f.seek(max(0, size - 64 * 1024))
      text = f.read().decode("utf-8", "replace")
  except OSError:
    return "(no log)"
  return "\n".join(text.splitlines()[-lines:]) or "(empty log)"


def _log_excerpt(path):
  """What a server's log says about a failure: its first ERROR lines and exception messages
  (the cause; a Java stack trace buries it), then its last lines."""
  try:
    with open(path, "rb") as f:
      lines = f.read()[-256 * 1024:].decode("utf-8", "replace").splitlines()
  except OSError:
    return "(no log)"
  causes = [l for l in lines if " ERROR " in l or ("Exception" in l and not l.startswith("\t"))]
  last = lines[-6:]
  picked = [l for l in causes[:6] if l not in last] + last
  return "\n".join(picked) or "(empty log)"


def _contains(path, needle):
  try:
    with open(path, "rb") as f:
      return needle.encode() in f.read()
  except OSError:
    return False


# Every ensemble of this process that may still have servers, stopped at exit and on
# SIGTERM/SIGHUP (SIGINT raises KeyboardInterrupt, which unwinds to the same atexit).
_live = weakref.WeakSet()
_handlers_installed = False


def _stop_all_live():
  for e in list(_live):
    try:
      e.stop()
    except Exception as ex:  # noqa: BLE001 - at exit, report and go on with the others
      print(f"zkharness: stopping {e.root}: {ex}", file=sys.stderr)


def _on_signal(signum, _frame):
  _stop_all_live()
  signal.signal(signum, signal.SIG_DFL)
  os.kill(os.getpid(), signum)


def _install_cleanup_handlers():
  global _handlers_installed
  if _handlers_installed:
    return
  _handlers_installed = True
  atexit.register(_stop_all_live)
  if threading.current_thread() is not threading.main_thread():
    return
  for sig in (signal.SIGTERM, signal.SIGHUP):
    # Someone else's handler (a test runner's) stays; ours only replaces the default, which
    # would end the process without running atexit.
    if signal.getsignal(sig) in (signal.SIG_DFL, None):
      signal.signal(sig, _on_signal)


# ---- the ensemble ------------------------------------------------------------------------


class Server:
  """One server of an ensemble: its sid, ports, files and the pid of its JVM (None when not
  running)."""

  def __init__(self, sid, client_port, quorum_port, election_port, admin_port, dir_,
               observer=False, pid=None):
    self.sid = sid
    self.client_port = client_port
    self.quorum_port = quorum_port
    self.election_port = election_port
    self.admin_port = admin_port
    self.dir = dir_
    self.observer = observer
    self.pid = pid
    self.proc = None  # the Popen when this process started it (to reap it)

  @property
  def cfg(self):
    return os.path.join(self.dir, "zoo.cfg")

  @property
  def log(self):
    return os.path.join(self.dir, "server.log")

  @property
  def out(self):
    return os.path.join(self.dir, "stdout.log")

  def to_json(self):
    return {"sid": self.sid, "client_port": self.client_port, "quorum_port": self.quorum_port,
            "election_port": self.election_port, "admin_port": self.admin_port,
            "dir": self.dir, "cfg": self.cfg, "log": self.log, "observer": self.observer,
            "pid": self.pid}

  @classmethod
  def from_json(cls, d):
    return cls(d["sid"], d["client_port"], d["quorum_port"], d["election_port"],
               d["admin_port"], d["dir"], d.get("observer", False), d.get("pid"))


class Ensemble:
  """N real ZooKeeper 3.8.0 servers on 127.0.0.1 (n=1 runs a standalone server).

  `whitelist`: the `4lw.commands.whitelist` line ("*" for all words); None writes no line, so
  the server keeps ZooKeeper's default (only `srvr`). `admin`: the Jetty AdminServer on a
  picked port, or `admin.enableServer=false`. `tick_ms`, `init_limit`, `sync_limit`: as in
  zoo.cfg. `observers`: how many of the n servers (the highest sids) are observers.
  `root`: the folder for the servers' dirs (a new temp dir by default, removed by stop()).
  `extra_cfg`: more zoo.cfg lines, {key: value}. `jvm_props`: Java system properties for every
  server's JVM, {key: value} (`-Dkey=value`), for settings ZooKeeper reads only from there,
  e.g. {"readonlymode.enabled": "true"}. `attempts`: how many times start() picks new
  ports when one was taken meanwhile.

  Use it as a context manager, or call start() and stop(); stop() also runs at exit and on
  SIGTERM/SIGHUP. Servers die with this process when it started them from the main thread
  (PR_SET_PDEATHSIG), so even a SIGKILLed test leaves no JVM behind."""

  def __init__(self, n=3, whitelist="*", admin=True, tick_ms=2000, observers=0, root=None,
               init_limit=10, sync_limit=5, extra_cfg=None, attempts=3, die_with_parent=True,
               jvm_props=None):
    if n < 1:
      raise ValueError("an ensemble needs at least one server")
    if not 0 <= observers < n:
      raise ValueError(f"observers must be in [0, {n - 1}] for {n} servers")
    if tick_ms < 1:
      raise ValueError("tick_ms must be positive")
    self.n = n
    self.whitelist = whitelist
    self.admin = admin
    self.tick_ms = tick_ms
    self.observers = observers
    self.init_limit = init_limit
    self.sync_limit = sync_limit
    self.extra_cfg = dict(extra_cfg or {})
    self.jvm_props = {str(k): str(v) for k, v in (jvm_props or {}).items()}
    for k in self.jvm_props:
      if not k or "=" in k or k.startswith("-"):
        raise ValueError(f"jvm_props: {k!r} is not a Java system property name")
    self.attempts = attempts
    self.die_with_parent = die_with_parent
    self.owns_root = root is None
    self.root = root
    self.servers = {}
    self._java = None
    self._stopped = False
    # When set, the state file is written as soon as the servers are launched, so a `down`
    # finds them even if this process dies while waiting for them.
    self.state_path = None

  # -- lifecycle --

  def __enter__(self):
    self.start()
    return self

  def __exit__(self, *exc):
    self.stop()
    return False

  def start(self, sid=None, timeout=None, wait=True):
    """start(): writes every server's files, starts them all and waits until each serves.
    start(sid): starts that one server again on its dataDir and ports (after kill(sid)) and
    waits until it serves unless wait=False.

    Retries with new ports when a server could not bind one. Raises HarnessError naming the
    server and quoting its log when a server dies or does not serve within `timeout` s."""
    if sid is not None:
      self.start_server(sid, wait=wait, timeout=timeout)
      return self
    if any(s.pid is not None and _alive(s.pid) for s in self.servers.values()):
      raise HarnessError("this ensemble runs already: start(sid) restarts one server")
    self._java = find_java()
    if self.root is None:
      self.root = tempfile.mkdtemp(prefix="zkharness-")
    os.makedirs(self.root, exist_ok=True)
    _live.add(self)
    _install_cleanup_handlers()
    self._stopped = False
    last = None
    for attempt in range(1, self.attempts + 1):
      self._configure()
      try:
        for sid in self.servers:
          self.start_server(sid, wait=False)
        if self.state_path:
          self.write_state(self.state_path)
        self.wait_serving(timeout)
        self._wait_admin_servers()
        return self
      except _PortTaken as e:
        last = e
        print(f"zkharness: attempt {attempt}: {e}; retrying with new ports", file=sys.stderr)
        self._stop_servers()
      except BaseException:
        # A failed start leaves nothing running (a `with` block's __exit__ does not run when
        # __enter__ raises); the files stay for the reader of the error.
        self._stop_servers()
        raise
    raise HarnessError(f"could not start after {self.attempts} attempts: {last}")

  def _configure(self):
    per = 4 if self.admin else 3
    ports = _pick_free_ports(self.n * per)
    self.servers = {}
    for i in range(self.n):
      sid = i + 1
      p = ports[i * per:(i + 1) * per]
      d = os.path.join(self.root, f"server{sid}")
      # A new attempt starts clean: an old log would still say "Address already in use".
      shutil.rmtree(d, ignore_errors=True)
      os.makedirs(os.path.join(d, "data"), exist_ok=True)
      self.servers[sid] = Server(sid, p[0], p[1], p[2], p[3] if self.admin else None, d,
                                 observer=sid > self.n - self.observers)
    for s in self.servers.values():
      self._write_files(s)

  def _write_files(self, s):
    lines = [
        f"tickTime={self.tick_ms}",
        f"initLimit={self.init_limit}",
        f"syncLimit={self.sync_limit}",
        f"dataDir={os.path.join(s.dir, 'data')}",
        f"clientPort={s.client_port}",
        f"clientPortAddress={HOST}",
    ]
    if self.admin:
      lines += [f"admin.serverAddress={HOST}", f"admin.serverPort={s.admin_port}"]
    else:
      lines.append("admin.enableServer=false")
    if self.whitelist is not None:
      lines.append(f"4lw.commands.whitelist={self.whitelist}")
    if s.observer:
      lines.append("peerType=observer")
    if self.n > 1:
      for o in self.servers.values():
        role = ":observer" if o.observer else ""
        lines.append(f"server.{o.sid}={HOST}:{o.quorum_port}:{o.election_port}{role}")
    lines += [f"{k}={v}" for k, v in self.extra_cfg.items()]
    with open(s.cfg, "w") as f:
      f.write("\n".join(lines) + "\n")
    with open(os.path.join(s.dir, "data", "myid"), "w") as f:
      f.write(f"{s.sid}\n")
    with open(os.path.join(s.dir, "log4j.properties"), "w") as f:
      f.write("log4j.rootLogger=INFO, FILE\n"
              "log4j.appender.FILE=org.apache.log4j.FileAppender\n"
              f"log4j.appender.FILE.File={s.log}\n"
              "log4j.appender.FILE.layout=org.apache.log4j.PatternLayout\n"
              "log4j.appender.FILE.layout.ConversionPattern="
              "%d{ISO8601} [myid:%X{myid}] - %-5p [%t:%C{1}@%L] - %m%n\n")

  def start_server(self, sid, wait=True, timeout=None):
    """Starts server `sid` (again) on its own dataDir and ports; waits until it serves
    unless wait=False. Raises HarnessError when it is running already."""
    s = self._server(sid)
    if s.pid is not None and _alive(s.pid) and is_server_process(s.pid, s.cfg):
      raise HarnessError(f"server.{sid} is running already (pid {s.pid})")
    java = self._java or find_java()
    cmd = [java, *JVM_HEAP, "-cp", _cli_jar_path(SERVER_JARS),
           f"-Dlog4j.configuration=file:{os.path.join(s.dir, 'log4j.properties')}",
           *(f"-D{k}={v}" for k, v in self.jvm_props.items()),
           SERVER_MAIN, s.cfg]
    if self.die_with_parent and threading.current_thread() is threading.main_thread():
      # The kernel kills the JVM when this process dies, however it dies. setpriv execs java,
      # so the pid and /proc/PID/cmdline stay the JVM's. Only from the main thread: the
      # signal follows the thread that forked, not the process.
      setpriv = shutil.which("setpriv")
      if setpriv:
        cmd = [setpriv, "--pdeathsig", "KILL", "--", *cmd]
    out = open(s.out, "ab")
    try:
      s.proc = subprocess.Popen(cmd, cwd=s.dir, stdin=subprocess.DEVNULL, stdout=out,
                                stderr=subprocess.STDOUT, start_new_session=True)
    finally:
      out.close()
    s.pid = s.proc.pid
    if wait:
      self.wait_serving(timeout, sids=[sid])

  def kill(self, sid, wait=5.0):
    """SIGKILLs server `sid` (after checking its pid is that server) and waits until it is
    gone. A server that is not running is left alone."""
    s = self._server(sid)
    if s.pid is None:
      return
    if not _alive(s.pid):
      self._reap(s)
      return
    if not is_server_process(s.pid, s.cfg):
      raise HarnessError(f"server.{sid}: pid {s.pid} is not the ZooKeeper server of {s.cfg} "
                         "(it exited and the pid was reused?); not signalling it")
    os.kill(s.pid, signal.SIGKILL)
    self._wait_gone(s, wait)

  def _wait_gone(self, s, bound):
    deadline = time.monotonic() + bound
    while _alive(s.pid) and time.monotonic() < deadline:
      if s.proc is not None:
        try:
          s.proc.wait(timeout=0.05)
        except subprocess.TimeoutExpired:
          pass
      else:
        time.sleep(0.05)
    if _alive(s.pid):
      raise HarnessError(f"server.{s.sid} (pid {s.pid}) still runs {bound} s after its signal")
    self._reap(s)

  def _reap(self, s):
    if s.proc is not None:
      try:
        s.proc.wait(timeout=1)
      except subprocess.TimeoutExpired:
        pass
    s.proc = None
    s.pid = None

  def _stop_servers(self, term_wait=5.0):
    running = [s for s in self.servers.values()
               if s.pid is not None and _alive(s.pid) and is_server_process(s.pid, s.cfg)]
    for s in running:
      try:
        os.kill(s.pid, signal.SIGTERM)
      except ProcessLookupError:
        pass
    deadline = time.monotonic() + term_wait
    for s in running:
      while _alive(s.pid) and time.monotonic() < deadline:
        if s.proc is not None:
          try:
            s.proc.wait(timeout=0.05)
          except subprocess.TimeoutExpired:
            pass
        else:
          time.sleep(0.05)
    for s in running:
      if _alive(s.pid) and is_server_process(s.pid, s.cfg):
        os.kill(s.pid, signal.SIGKILL)
      self._wait_gone(s, 5.0)
    for s in self.servers.values():
      if s.pid is not None and not _alive(s.pid):
        self._reap(s)

  def stop(self, keep_dir=None):
    """Stops every server this ensemble started (SIGTERM, then SIGKILL after 5 s) and removes
    the root dir when it made it (kept when ZKHARNESS_KEEP=1 or keep_dir)."""
    if self._stopped:
      return
    self._stop_servers()
    self._stopped = True
    _live.discard(self)
    if keep_dir is None:
      keep_dir = os.environ.get("ZKHARNESS_KEEP") == "1"
    if self.owns_root and self.root and not keep_dir:
      shutil.rmtree(self.root, ignore_errors=True)

  # -- observing --

  def wait_serving(self, timeout=None, sids=None):
    """Polls `srvr` until every server in `sids` (default: every running one) reports
    leader, follower, observer or standalone. Raises HarnessError after `timeout` s
    (default 20 + 2 per server) naming the servers that do not serve and quoting their log."""
    if timeout is None:
      timeout = 20 + 2 * self.n
    if sids is None:
      sids = [sid for sid, s in self.servers.items() if s.pid is not None]
    deadline = time.monotonic() + timeout
    modes = {}
    while True:
      waiting = []
      for sid in sids:
        s = self._server(sid)
        if s.pid is None or not _alive(s.pid):
          self._raise_dead(s)
        modes[sid] = srvr_mode(s.client_port, timeout=1.0)
        if modes[sid][0] not in SERVING_MODES:
          waiting.append(sid)
      if not waiting:
        return {sid: modes[sid] for sid in sids}
      for sid in waiting:
        if _contains(self.servers[sid].log, "Address already in use"):
          raise _PortTaken(f"server.{sid} could not bind a port: "
                           f"{_tail(self.servers[sid].log, 3)}")
      if time.monotonic() >= deadline:
        parts = []
        for sid in waiting:
          s = self.servers[sid]
          parts.append(f"server.{sid} (client port {s.client_port}) did not answer srvr as a "
                       f"serving server within {timeout:g} s (last: {modes[sid][0]}); "
                       f"its log {s.log} says:\n{_log_excerpt(s.log)}")
        raise HarnessError("\n".join(parts))
      time.sleep(0.1)

  def _wait_admin_servers(self, bound=5.0):
    """A server whose AdminServer could not bind its port still serves clients (Jetty's
    failure is logged, not fatal), so check the admin ports listen too."""
    if not self.admin:
      return
    deadline = time.monotonic() + bound
    while True:
      missing = [s for s in self.servers.values()
                 if s.pid is not None and s.admin_port not in _listening_ports()]
      if not missing:
        return
      for s in missing:
        if _contains(s.log, "Address already in use"):
          raise _PortTaken(f"server.{s.sid} could not bind its admin port {s.admin_port}")
      if time.monotonic() >= deadline:
        s = missing[0]
        raise HarnessError(f"server.{s.sid} serves but its AdminServer does not listen on "
                           f"{s.admin_port} after {bound:g} s; its log {s.log} says:\n"
                           f"{_log_excerpt(s.log)}")
      time.sleep(0.05)

  def _raise_dead(self, s):
    code = None
    if s.proc is not None:
      code = s.proc.poll()
    if _contains(s.log, "Address already in use") or _contains(s.out, "Address already in use"):
      raise _PortTaken(f"server.{s.sid} could not bind a port: {_tail(s.log, 3)}")
    raise HarnessError(f"server.{s.sid} exited (status {code}) before serving; its log {s.log} "
                       f"says:\n{_log_excerpt(s.log)}\nand its stdout {s.out}:\n{_tail(s.out, 6)}")

  def modes(self, sids=None):
    """{sid: (mode, zxid)} from `srvr` on each server: mode is leader, follower, observer,
    standalone, not-serving or unreachable (zxid None then)."""
    sids = list(self.servers) if sids is None else sids
    return {sid: srvr_mode(self._server(sid).client_port) for sid in sids}

  def leader(self):
    """The sid whose `srvr` says leader (or standalone), or None."""
    for sid, (mode, _) in self.modes().items():
      if mode in ("leader", "standalone"):
        return sid
    return None

  def wait_leader(self, timeout=10.0, exclude=()):
    """Waits until exactly one server leads and every running server serves; returns the
    leader's sid. `exclude`: sids that must not be the leader (e.g. the one just killed)."""
    deadline = time.monotonic() + timeout
    last = {}
    while time.monotonic() < deadline:
      running = [sid for sid, s in self.servers.items() if s.pid is not None]
      last = self.modes(running)
      leaders = [sid for sid, (m, _) in last.items() if m == "leader"]
      if (len(leaders) == 1 and leaders[0] not in exclude
          and all(m in SERVING_MODES for m, _ in last.values())):
        return leaders[0]
      time.sleep(0.05)
    raise HarnessError(f"no single leader within {timeout:g} s: {self._format_modes(last)}")

  @staticmethod
  def _format_modes(modes):
    return ", ".join(f"server.{sid}={m}" + (f"/0x{z:x}" if z is not None else "")
                     for sid, (m, z) in sorted(modes.items()))

  def connect_string(self, sids=None):
    """host:port of each server's client port, comma-separated (a ZooKeeper connect
    string)."""
    sids = list(self.servers) if sids is None else sids
    return ",".join(f"{HOST}:{self._server(sid).client_port}" for sid in sids)

  def client_port(self, sid):
    return self._server(sid).client_port

  def admin_port(self, sid):
    """The AdminServer's port, or None when the ensemble runs without it."""
    return self._server(sid).admin_port

  def pids(self):
    return {sid: s.pid for sid, s in self.servers.items() if s.pid is not None}

  def _server(self, sid):
    try:
      return self.servers[int(sid)]
    except (KeyError, ValueError):
      raise HarnessError(f"no server.{sid} in this ensemble (sids: "
                         f"{', '.join(map(str, self.servers)) or 'none'})") from None

  # -- state file (the command line) --

  def to_state(self):
    return {"version": STATE_VERSION, "root": self.root, "owns_root": self.owns_root,
            "n": self.n, "whitelist": self.whitelist, "admin": self.admin,
            "tick_ms": self.tick_ms, "observers": self.observers, "jvm_props": self.jvm_props,
            "connect_string": self.connect_string(),
            "servers": [s.to_json() for s in self.servers.values()]}

  def write_state(self, path):
    tmp = f"{path}.tmp{os.getpid()}"
    with open(tmp, "w") as f:
      json.dump(self.to_state(), f, indent=2)
      f.write("\n")
    os.replace(tmp, path)

  @classmethod
  def from_state(cls, path):
    """The ensemble a state file describes, to kill, start, wait for or stop its servers
    from another process. Its servers do not die with this process."""
    try:
      with open(path) as f:
        st = json.load(f)
    except OSError as e:
      raise HarnessError(f"cannot read the state file {path}: {e.strerror}") from None
    except json.JSONDecodeError as e:
      raise HarnessError(f"{path} is not a zkharness state file: {e}") from None
    if st.get("skipped"):
      raise MissingZooKeeper(f"{path}: the ensemble was not started: {st['skipped']}")
    if st.get("version") != STATE_VERSION or "servers" not in st:
      raise HarnessError(f"{path} is not a zkharness state file (version "
                         f"{st.get('version')!r}, expected {STATE_VERSION})")
    e = cls(n=st["n"], whitelist=st["whitelist"], admin=st["admin"], tick_ms=st["tick_ms"],
            observers=st.get("observers", 0), root=st["root"], die_with_parent=False,
            jvm_props=st.get("jvm_props"))
    e.owns_root = st.get("owns_root", False)
    e.servers = {d["sid"]: Server.from_json(d) for d in st["servers"]}
    return e


# ---- the command line --------------------------------------------------------------------


def _clear_previous(a):
  """A run that was killed before its `down` (ctest killed, a crash) leaves its servers and
  its dir: stop the servers its state file names (pid- and cmdline-checked) and empty the
  root, since old data dirs would change the new ensemble's epochs and zxids. A root that
  holds anything but a previous ensemble is refused, not removed."""
  if os.path.exists(a.state):
    try:
      old = Ensemble.from_state(a.state)
      old.owns_root = False
      old.stop()
      print(f"up: stopped the servers a previous run left ({a.state})", file=sys.stderr)
    except HarnessError:
      pass
    os.remove(a.state)
  if a.root and os.path.isdir(a.root) and os.listdir(a.root):
    entries = os.listdir(a.root)
    ours = all(n.startswith("server") and os.path.exists(os.path.join(a.root, n, "zoo.cfg"))
               for n in entries)
    if not ours:
      raise HarnessError(f"--root {a.root} is not empty and is not a previous ensemble's "
                         "folder; give an empty or new folder")
    shutil.rmtree(a.root)


def _cmd_up(a):
  _clear_previous(a)
  props = {}
  for kv in a.jvm_prop or []:
    key, eq, value = kv.partition("=")
    if not eq or not key:
      raise HarnessError(f"--jvm-prop {kv!r}: expected KEY=VALUE, e.g. readonlymode.enabled=true")
    props[key] = value
  e = Ensemble(n=a.servers, whitelist=a.whitelist, admin=a.admin, tick_ms=a.tick_ms,
               observers=a.observers, root=a.root, die_with_parent=False, jvm_props=props)
  if a.root is not None:
    e.owns_root = True  # the command line's `down` removes what `up` made
  e.state_path = a.state
  t0 = time.monotonic()
  try:
    e.start(timeout=a.timeout)
  except BaseException:
    e.stop(keep_dir=True)  # the logs stay for the reader of the error
    if os.path.exists(a.state):
      os.remove(a.state)
    print(f"up: the servers' files are kept in {e.root}", file=sys.stderr)
    raise
  e.write_state(a.state)
  # The servers outlive this process: `down` stops them.
  _live.discard(e)
  modes = e.modes()
  print(f"up: {a.servers} servers serving after {time.monotonic() - t0:.2f} s; "
        f"connect string {e.connect_string()}; state {a.state}")
  for sid, (m, z) in sorted(modes.items()):
    print(f"{sid} {m} 0x{z:x}" if z is not None else f"{sid} {m} -")
  return 0


def _cmd_down(a):
  if not os.path.exists(a.state):
    print(f"down: no state file {a.state}; nothing to stop")
    return 0
  try:
    e = Ensemble.from_state(a.state)
  except MissingZooKeeper as ex:
    print(f"down: {ex}; nothing to stop")
    os.remove(a.state)
    return 0
  e.stop(keep_dir=True if a.keep else None)  # None: ZKHARNESS_KEEP=1 keeps it too
  os.remove(a.state)
  print(f"down: stopped {e.n} servers" + ("" if a.keep else f", removed {e.root}"))
  return 0


def _cmd_kill(a):
  e = Ensemble.from_state(a.state)
  e.kill(a.sid)
  e.write_state(a.state)
  print(f"kill: server.{a.sid} killed")
  return 0


def _cmd_start(a):
  e = Ensemble.from_state(a.state)
  e._java = find_java()
  e.start_server(a.sid, wait=False)
  e.write_state(a.state)
  e.wait_serving(a.timeout, sids=[a.sid])
  print(f"start: server.{a.sid} serving (pid {e.servers[a.sid].pid})")
  return 0


def _cmd_wait(a):
  e = Ensemble.from_state(a.state)
  modes = e.wait_serving(a.timeout)
  for sid, (m, z) in sorted(modes.items()):
    print(f"{sid} {m} 0x{z:x}" if z is not None else f"{sid} {m} -")
  return 0


def _cmd_modes(a):
  e = Ensemble.from_state(a.state)
  for sid, (m, z) in sorted(e.modes().items()):
    print(f"{sid} {m} 0x{z:x}" if z is not None else f"{sid} {m} -")
  return 0


def _cmd_exec(a):
  """Runs a command with the ensemble in its environment: ZS_ZK_CONNECT (the connect
  string) and, for one server, ZS_REAL_ZK=127.0.0.1:<client port>:<admin port> (the form
  zs_attach_tests' ProbeRealServer tests read), ZS_ZK_SID and ZS_ZK_MODE. --each runs it once per
  server (leader, followers, observers: each mode answers differently)."""
  e = Ensemble.from_state(a.state)
  if not a.command:
    raise HarnessError("exec needs a command after --")
  sids = sorted(e.servers) if a.each else [a.sid or min(e.servers)]
  modes = e.modes(sids)
  worst = 0
  for sid in sids:
    s = e._server(sid)
    env = dict(os.environ, ZS_ZK_CONNECT=e.connect_string(), ZS_ZK_SID=str(sid),
               ZS_ZK_MODE=modes[sid][0],
               ZS_REAL_ZK=f"{HOST}:{s.client_port}:{s.admin_port or 0}")
    print(f"exec: server.{sid} ({modes[sid][0]}, {HOST}:{s.client_port}): "
          f"{' '.join(a.command)}", flush=True)
    try:
      code = subprocess.run(a.command, env=env, timeout=a.timeout).returncode
    except subprocess.TimeoutExpired:
      print(f"exec: server.{sid}: the command ran over {a.timeout:g} s", file=sys.stderr)
      code = 1
    except OSError as ex:
      raise HarnessError(f"cannot run {a.command[0]}: {ex.strerror}") from None
    if code != 0:
      print(f"exec: server.{sid}: exit status {code}", file=sys.stderr)
      worst = worst or code
  return worst


def main(argv=None):
  p = argparse.ArgumentParser(
      prog="zkharness.py",
      description="Start, break and stop real ZooKeeper 3.8.0 ensembles on 127.0.0.1.")
  sub = p.add_subparsers(dest="cmd", required=True)
  up = sub.add_parser("up", help="start an ensemble, wait until it serves, write the state "
                      "file and exit leaving the servers running")
  up.add_argument("--servers", type=int, default=3)
  up.add_argument("--observers", type=int, default=0)
  up.add_argument("--whitelist", default=None,
                  help="4lw.commands.whitelist (e.g. '*'); default: no line (only srvr)")
  up.add_argument("--admin", action="store_true", help="run the AdminServer on a free port")
  up.add_argument("--tick-ms", type=int, default=2000)
  up.add_argument("--jvm-prop", action="append", metavar="KEY=VALUE",
                  help="a Java system property for every server (-DKEY=VALUE), repeatable; "
                       "e.g. readonlymode.enabled=true")
  up.add_argument("--root", default=None, help="the servers' folder (default: a temp dir)")
  up.add_argument("--timeout", type=float, default=None)
  up.add_argument("--state", required=True)
  down = sub.add_parser("down", help="stop the servers of a state file and remove its dir")
  down.add_argument("--state", required=True)
  down.add_argument("--keep", action="store_true", help="keep the servers' dir (logs)")
  for name, hlp in (("kill", "SIGKILL one server"), ("start", "start one server again")):
    sp = sub.add_parser(name, help=hlp)
    sp.add_argument("--state", required=True)
    sp.add_argument("--sid", type=int, required=True)
    sp.add_argument("--timeout", type=float, default=None)
  w = sub.add_parser("wait", help="wait until every running server serves")
  w.add_argument("--state", required=True)
  w.add_argument("--timeout", type=float, default=None)
  m = sub.add_parser("modes", help="print 'sid mode zxid' per server")
  m.add_argument("--state", required=True)
  x = sub.add_parser("exec", help="run a command with ZS_ZK_CONNECT and ZS_REAL_ZK set")
  x.add_argument("--state", required=True)
  x.add_argument("--sid", type=int, default=None, help="the server ZS_REAL_ZK names")
  x.add_argument("--each", action="store_true", help="once per server")
  x.add_argument("--timeout", type=float, default=120, help="bound on each run (s)")
  x.add_argument("command", nargs=argparse.REMAINDER, help="-- COMMAND [ARG ...]")
  a = p.parse_args(argv)
  if a.cmd == "exec" and a.command[:1] == ["--"]:
    a.command = a.command[1:]
  cmds = {"up": _cmd_up, "down": _cmd_down, "kill": _cmd_kill, "start": _cmd_start,
          "wait": _cmd_wait, "modes": _cmd_modes, "exec": _cmd_exec}
  try:
    return cmds[a.cmd](a)
  except MissingZooKeeper as ex:
    # Outside CI a machine without Java skips the interop tests; in CI it is a failure,
    # since CI installs them (scripts/install-deps.sh).
    in_ci = os.environ.get("CI", "").lower() in ("1", "true", "yes")
    if a.cmd == "up":
      with open(a.state, "w") as f:
        json.dump({"version": STATE_VERSION, "skipped": str(ex)}, f)
        f.write("\n")
    print(f"{a.cmd}: {ex}" + ("" if in_ci else " (skipped)"), file=sys.stderr)
    return 1 if in_ci else EXIT_SKIP
  except (HarnessError, ValueError) as ex:
    print(f"{a.cmd}: {ex}", file=sys.stderr)
    return 1


if __name__ == "__main__":
  sys.exit(main())

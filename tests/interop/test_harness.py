#!/usr/bin/env python3
"""Tests of the real-ZooKeeper harness (zkharness.py) and its load tool (zkload.py).

Every interop test of zooscope stands on this harness, so these check what those tests rely
on: the ensemble it reports is the one real clients see, breaking a server behaves like
ZooKeeper (a new leader with a new epoch; a restarted server follows), stopping leaves nothing
behind, and it never signals a process that is not its server.

One case per run: `test_harness.py CASE`, each a ctest entry (tests/interop/CMakeLists.txt).
The shared ensembles come from the ctest fixtures: ZS_ZK3_STATE / ZS_ZK3DW_STATE name their
state files. Exit 0 pass, 1 fail, 77 skipped (no Java/ZooKeeper outside CI).
"""

import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
import zkharness  # noqa: E402
from zkharness import Ensemble, HarnessError, MissingZooKeeper, epoch_of  # noqa: E402
import zkload  # noqa: E402  (imports kazoo, with the Debian fallback)
from kazoo.client import KazooClient  # noqa: E402
from casekit import Skip, check, run_case, shared  # noqa: E402,F401

HARNESS = [sys.executable, os.path.join(HERE, "zkharness.py")]
LOAD = [sys.executable, os.path.join(HERE, "zkload.py")]


def kazoo(hosts):
  zk = KazooClient(hosts=hosts, timeout=10)
  zk.start(timeout=10)
  return zk


def admin_get(port, command):
  with urllib.request.urlopen(f"http://127.0.0.1:{port}/commands/{command}", timeout=5) as r:
    return json.load(r)


def run(cmd, env=None, timeout=120):
  return subprocess.run(cmd, capture_output=True, text=True, env=env, timeout=timeout)


def assert_gone(pids, ports):
  """Every pid is gone (or a zombie) and nothing listens on any of the ports."""
  alive = [p for p in pids if zkharness._alive(p)]
  check(not alive, f"server processes still alive after stop: {alive}")
  still = sorted(set(ports) & zkharness._listening_ports())
  check(not still, f"ports still listening after stop: {still}")


def all_ports(e):
  return [p for s in e.servers.values()
          for p in (s.client_port, s.quorum_port, s.election_port, s.admin_port) if p]


# ---- cases on the shared ensembles (fixtures zk3 / zk3dw) ---------------------------------


def shared_zk3_modes_match_kazoo_and_adminserver():
  """zk3: one leader and two followers in one epoch; the membership kazoo reads from
  /zookeeper/config is the harness's servers and ports; each AdminServer agrees on the
  leader; a write reaches every server."""
  e = shared("ZS_ZK3_STATE")
  modes = e.wait_serving(20)
  roles = sorted(m for m, _ in modes.values())
  check(roles == ["follower", "follower", "leader"], f"modes {modes}")
  leader = e.leader()
  zk = kazoo(e.connect_string())
  try:
    config, _ = zk.get("/zookeeper/config")
    lines = config.decode().splitlines()
    expected = [f"server.{s.sid}=127.0.0.1:{s.quorum_port}:{s.election_port}:participant"
                for s in e.servers.values()]
    check(sorted(l for l in lines if l.startswith("server.")) == sorted(expected),
          f"/zookeeper/config says {lines}, the harness {expected}")
    path = zk.create("/harness-write-", b"x", sequence=True)
    mzxid = zk.exists(path).mzxid
  finally:
    zk.stop()
    zk.close()
  for sid, s in e.servers.items():
    answer = admin_get(s.admin_port, "leader")
    check(answer["is_leader"] == (sid == leader) and answer["leader_id"] == leader,
          f"AdminServer of server.{sid} says {answer}; srvr says the leader is {leader}")
  # Followers apply the write when the leader commits it: wait for each to reach it.
  deadline = time.monotonic() + 5
  while True:
    modes = e.modes()
    if all(z is not None and z >= mzxid for _, z in modes.values()):
      break
    check(time.monotonic() < deadline, f"the write 0x{mzxid:x} not on every server: {modes}")
    time.sleep(0.05)
  check(len({epoch_of(z) for _, z in modes.values()}) == 1, f"epochs differ: {modes}")
  check(zkharness.four_letter(e.client_port(1), "mntr").startswith("zk_version"),
        "whitelist '*': mntr should answer")
  # exec --each: the command runs once per server, with that server in ZS_REAL_ZK.
  r = run(HARNESS + ["exec", "--state", os.environ["ZS_ZK3_STATE"], "--each", "--",
                     sys.executable, "-c",
                     "import os; print('ENV', os.environ['ZS_ZK_SID'], os.environ['ZS_ZK_MODE'],"
                     " os.environ['ZS_REAL_ZK'], os.environ['ZS_ZK_CONNECT'])"])
  got = [l.split()[1:] for l in r.stdout.splitlines() if l.startswith("ENV ")]
  want = [[str(sid), modes[sid][0], f"127.0.0.1:{s.client_port}:{s.admin_port}",
           e.connect_string()] for sid, s in sorted(e.servers.items())]
  check(r.returncode == 0 and got == want, f"exec gave {got}, expected {want}: {r.stderr}")


def shared_zk3dw_default_whitelist_answers_only_srvr():
  """zk3dw (no whitelist line): srvr gives the modes, other words get ZooKeeper's refusal."""
  e = shared("ZS_ZK3DW_STATE")
  modes = e.wait_serving(20)
  check(sorted(m for m, _ in modes.values()) == ["follower", "follower", "leader"],
        f"modes {modes}")
  for word in ("mntr", "conf", "cons", "wchs"):
    answer = zkharness.four_letter(e.client_port(1), word)
    check(answer.strip() == f"{word} is not executed because it is not in the whitelist.",
          f"{word} answered {answer!r}")
  with open(e.servers[1].cfg) as f:
    check("4lw.commands.whitelist" not in f.read(), "zk3dw's zoo.cfg has a whitelist line")


def zkload_populates_a_tree_and_times_writes():
  """populate makes exactly COUNT znodes in the promised shape; a second run finds them all;
  write reports the mzxid a client reads; latency sees every write through a watch."""
  e = shared("ZS_ZK3_STATE")
  hosts = e.connect_string()
  prefix = f"/zkload-{os.getpid()}"
  r = run(LOAD + ["populate", "--hosts", hosts, "--count", "300", "--prefix", prefix,
                  "--fanout", "7"])
  check(r.returncode == 0 and "300 created, 0 existed" in r.stdout, r.stdout + r.stderr)
  zk = kazoo(hosts)
  try:
    count, depth, stack = 0, 0, [(prefix, 0)]
    while stack:
      path, d = stack.pop()
      for child in zk.get_children(path):
        count += 1
        depth = max(depth, d + 1)
        stack.append((f"{path}/{child}", d + 1))
    check(count == 300, f"{count} znodes under {prefix}, expected 300")
    check(len(zk.get_children(prefix)) == 7, "the prefix should have FANOUT children")
    # 7 + 49 + 243 > 300 >= 7 + 49: three levels
    check(depth == 3, f"tree depth {depth}, expected 3 for 300 znodes of fan-out 7")
    r = run(LOAD + ["populate", "--hosts", hosts, "--count", "300", "--prefix", prefix,
                    "--fanout", "7"])
    check("0 created, 300 existed" in r.stdout, r.stdout + r.stderr)
    r = run(LOAD + ["write", "--hosts", hosts, "--path", f"{prefix}/w/x", "--data", "hello"])
    data, stat = zk.get(f"{prefix}/w/x")
    check(r.returncode == 0 and data == b"hello" and f"mzxid=0x{stat.mzxid:x}" in r.stdout,
          f"{r.stdout}{r.stderr} vs mzxid 0x{stat.mzxid:x}")
  finally:
    zk.stop()
    zk.close()
  r = run(LOAD + ["latency", "--hosts", e.connect_string([1]), "--watch-hosts",
                  e.connect_string([3]), "--path", f"{prefix}/lat", "--count", "20",
                  "--interval-ms", "5", "--json"])
  recs = [json.loads(l) for l in r.stdout.splitlines() if l.startswith("{")]
  check(r.returncode == 0 and len(recs) == 20 and all("watch_ms" in x for x in recs),
        r.stdout + r.stderr)
  check("latency: 20 writes" in r.stdout and "p99" in r.stdout, r.stdout)


# ---- cases with an ensemble of their own --------------------------------------------------


def own_kill_leader_reelects_with_epoch_bump_and_restarted_server_follows():
  """Kill the leader: the survivors elect a new one within 10 s in a higher epoch. Start the
  old leader again: it follows in that epoch. stop(): no process, no listening port."""
  with Ensemble(n=3, whitelist="*", admin=False) as e:
    modes = e.modes()
    old = e.leader()
    check(old is not None, f"no leader: {modes}")
    old_epoch = epoch_of(modes[old][1])
    t0 = time.monotonic()
    e.kill(old)
    check(e.modes([old])[old][0] == "unreachable", "the killed server still answers")
    new = e.wait_leader(timeout=10, exclude=(old,))
    took = time.monotonic() - t0
    new_epoch = epoch_of(e.modes([new])[new][1])
    check(new_epoch > old_epoch, f"epoch {old_epoch} -> {new_epoch}: no bump")
    print(f"leader server.{old} killed: server.{new} leads epoch {new_epoch} after {took:.2f} s")
    e.start(old)
    check(e.modes([old])[old][0] == "follower", f"restarted server.{old}: {e.modes()}")
    # A follower synced by an empty DIFF reports zxid 0 until the next write (RUNNING.md):
    # after one, the restarted server holds it, in the new epoch.
    zk = kazoo(e.connect_string([new]))
    try:
      mzxid = zk.exists(zk.create("/after-restart", b"x")).mzxid
    finally:
      zk.stop()
      zk.close()
    deadline = time.monotonic() + 5
    while (e.modes([old])[old][1] or 0) < mzxid and time.monotonic() < deadline:
      time.sleep(0.05)
    mode, zxid = e.modes([old])[old]
    check(mode == "follower" and zxid >= mzxid and epoch_of(zxid) == new_epoch,
          f"restarted server.{old}: {mode} zxid {zxid}, expected a follower holding the write "
          f"0x{mzxid:x} of epoch {new_epoch}")
    pids, ports, root = list(e.pids().values()), all_ports(e), e.root
  assert_gone(pids, ports)
  check(not os.path.exists(root), f"{root} not removed")


def cli_up_modes_kill_start_down_with_an_observer():
  """The command line: up 3 voters + 1 observer with a short tick, modes, kill a follower,
  start it again, down; down leaves no process, no port and no dir."""
  with tempfile.TemporaryDirectory() as tmp:
    state = os.path.join(tmp, "ens.json")
    r = run(HARNESS + ["up", "--servers", "4", "--observers", "1", "--tick-ms", "500",
                       "--admin", "--state", state])
    if r.returncode == 77:
      raise Skip(r.stderr.strip())
    check(r.returncode == 0, f"up failed: {r.stdout}{r.stderr}")
    try:
      st = json.load(open(state))
      check(st["connect_string"].count("127.0.0.1:") == 4, st["connect_string"])
      with open(st["servers"][0]["cfg"]) as f:
        check("tickTime=500\n" in f.read(), "--tick-ms not in zoo.cfg")
      lines = run(HARNESS + ["modes", "--state", state]).stdout.split("\n")
      modes = {int(l.split()[0]): l.split()[1] for l in lines if l}
      check(modes[4] == "observer" and sorted(modes[s] for s in (1, 2, 3))
            == ["follower", "follower", "leader"], f"modes {modes}")
      follower = min(s for s in (1, 2, 3) if modes[s] == "follower")
      old_pid = st["servers"][follower - 1]["pid"]
      r = run(HARNESS + ["kill", "--state", state, "--sid", str(follower)])
      check(r.returncode == 0 and not zkharness._alive(old_pid), r.stdout + r.stderr)
      lines = run(HARNESS + ["modes", "--state", state]).stdout
      check(f"{follower} unreachable -" in lines, lines)
      r = run(HARNESS + ["start", "--state", state, "--sid", str(follower)])
      check(r.returncode == 0, r.stdout + r.stderr)
      r = run(HARNESS + ["wait", "--state", state, "--timeout", "20"])
      check(r.returncode == 0 and f"{follower} follower 0x" in r.stdout, r.stdout + r.stderr)
      st = json.load(open(state))
    finally:
      d = run(HARNESS + ["down", "--state", state])
    check(d.returncode == 0, d.stdout + d.stderr)
    ports = [s[k] for s in st["servers"] for k in ("client_port", "quorum_port",
                                                   "election_port", "admin_port")]
    assert_gone([s["pid"] for s in st["servers"] if s["pid"]], ports)
    check(not os.path.exists(st["root"]) and not os.path.exists(state),
          "down left the root dir or the state file")


def up_again_after_a_killed_run_stops_what_that_run_left():
  """A run killed before its `down` (ctest timeout, crash) leaves servers and a state file; the
  next `up` on the same state and root stops them and starts clean (old data would change the
  new ensemble's epochs)."""
  with tempfile.TemporaryDirectory() as tmp:
    state, root = os.path.join(tmp, "state.json"), os.path.join(tmp, "servers")
    r = run(HARNESS + ["up", "--servers", "1", "--root", root, "--state", state])
    if r.returncode == 77:
      raise Skip(r.stderr.strip())
    check(r.returncode == 0, r.stdout + r.stderr)
    old = json.load(open(state))["servers"][0]
    zk = kazoo(f"127.0.0.1:{old['client_port']}")
    zk.create("/left-by-the-old-run", b"x")
    zk.stop()
    zk.close()
    try:
      r = run(HARNESS + ["up", "--servers", "1", "--root", root, "--state", state])
      check(r.returncode == 0 and "stopped the servers a previous run left" in r.stderr,
            r.stdout + r.stderr)
      check(not zkharness._alive(old["pid"]), "the old run's server still runs")
      new = json.load(open(state))["servers"][0]
      zk = kazoo(f"127.0.0.1:{new['client_port']}")
      try:
        check(zk.exists("/left-by-the-old-run") is None, "the new ensemble has the old data")
      finally:
        zk.stop()
        zk.close()
    finally:
      run(HARNESS + ["down", "--state", state])
    check(not zkharness._alive(new["pid"]), "down left the server running")
    # The same root holding anything else is refused, not removed.
    os.makedirs(os.path.join(tmp, "other"))
    open(os.path.join(tmp, "other", "precious"), "w").close()
    r = run(HARNESS + ["up", "--servers", "1", "--root", os.path.join(tmp, "other"),
                       "--state", state])
    check(r.returncode == 1 and "is not empty" in r.stderr
          and os.path.exists(os.path.join(tmp, "other", "precious")), r.stderr)


CHILD = """
import sys, time
sys.path.insert(0, sys.argv[1])
from zkharness import Ensemble
e = Ensemble(n=1, whitelist=None, admin=False)
e.start()
print(e.servers[1].pid, e.root, flush=True)
time.sleep(120)
"""


def a_test_process_that_dies_leaves_no_server_behind():
  """A test process ended by SIGTERM stops its servers and removes their folder; one ended by
  SIGKILL (a ctest timeout) cannot run any code, and its servers die with it all the same."""
  for sig in (signal.SIGTERM, signal.SIGKILL):
    child = subprocess.Popen([sys.executable, "-c", CHILD, HERE], stdout=subprocess.PIPE,
                             stderr=subprocess.PIPE, text=True)
    try:
      line = child.stdout.readline().split()
      if not line:
        err = child.stderr.read()
        if "java not found" in err or "jars not found" in err:
          raise Skip(err.strip().splitlines()[-1])
        raise AssertionError(f"the child did not start its server: {err}")
      pid, root = int(line[0]), line[1]
      check(zkharness._alive(pid), "the child's server is not running")
      child.send_signal(sig)
      child.wait(timeout=15)
      deadline = time.monotonic() + 10
      while zkharness._alive(pid) and time.monotonic() < deadline:
        time.sleep(0.05)
      check(not zkharness._alive(pid), f"{signal.Signals(sig).name}: server pid {pid} outlived "
                                       "the test process")
      if sig == signal.SIGTERM:
        check(not os.path.exists(root), f"SIGTERM: {root} not removed")
      else:
        shutil.rmtree(root, ignore_errors=True)
    finally:
      if child.poll() is None:
        child.kill()
        child.wait()


def standalone_start_retries_when_a_picked_port_is_taken():
  """A port taken between picking and binding (another process got it) costs a retry with
  new ports, not a failed test: the client port (the server exits) and the AdminServer's.
  n=1 runs a standalone server."""
  taken = socket.socket()
  taken.bind(("127.0.0.1", 0))
  taken.listen(1)
  busy = taken.getsockname()[1]
  real_pick = zkharness._pick_free_ports
  calls = []

  def picker(index):
    """Ports as the OS gives them, but the first time with `busy` at `index`."""
    def pick(count):
      calls.append(count)
      ports = real_pick(count)
      if len(calls) == 1:
        ports[index] = busy
      return ports
    return pick

  try:
    zkharness._pick_free_ports = picker(0)  # server.1's client port
    with Ensemble(n=1, whitelist=None, admin=False) as e:
      check(len(calls) == 2, f"ports picked {len(calls)} times, expected a retry")
      check(e.client_port(1) != busy, "still on the taken port")
      mode, _ = e.modes()[1]
      check(mode == "standalone", f"mode {mode}")
    calls.clear()
    zkharness._pick_free_ports = picker(3)  # server.1's admin port
    with Ensemble(n=1, whitelist=None, admin=True) as e:
      check(len(calls) == 2 and e.admin_port(1) != busy,
            f"admin port: {len(calls)} picks, port {e.admin_port(1)} (taken: {busy})")
      check(admin_get(e.admin_port(1), "ruok")["error"] is None, "the AdminServer answers")
  finally:
    zkharness._pick_free_ports = real_pick
    taken.close()


def a_server_that_cannot_start_is_reported_with_its_log():
  """A zoo.cfg ZooKeeper rejects: start() fails at once, naming the server and quoting the
  log line that says why; nothing is left running."""
  e = Ensemble(n=1, admin=False, extra_cfg={"initLimit": "ten"})
  try:
    e.start(timeout=20)
    raise AssertionError("an invalid zoo.cfg started")
  except MissingZooKeeper:
    raise
  except HarnessError as ex:
    msg = str(ex)
    check("server.1 exited" in msg and "Invalid config" in msg, msg)
  finally:
    pids = [s.pid for s in e.servers.values() if s.pid]
    e.stop()
  assert_gone(pids, all_ports(e))


def kill_and_down_never_signal_a_process_that_is_not_the_server():
  """A state file whose pid is another process (pid reuse): kill refuses and names why,
  down leaves it alone. No JVM needed."""
  other = subprocess.Popen(["sleep", "60"])
  try:
    with tempfile.TemporaryDirectory() as tmp:
      state = os.path.join(tmp, "ens.json")
      srv = {"sid": 1, "client_port": 1, "quorum_port": 2, "election_port": 3,
             "admin_port": None, "dir": tmp, "cfg": os.path.join(tmp, "zoo.cfg"),
             "observer": False, "pid": other.pid}
      json.dump({"version": 1, "root": tmp, "owns_root": False, "n": 1, "whitelist": None,
                 "admin": False, "tick_ms": 2000, "servers": [srv],
                 "connect_string": "127.0.0.1:1"}, open(state, "w"))
      r = run(HARNESS + ["kill", "--state", state, "--sid", "1"])
      check(r.returncode == 1 and "is not the ZooKeeper server" in r.stderr, r.stderr)
      check(other.poll() is None, "kill signalled a process that is not the server")
      r = run(HARNESS + ["down", "--state", state])
      check(r.returncode == 0, r.stderr)
      check(other.poll() is None, "down signalled a process that is not the server")
  finally:
    other.kill()
    other.wait()


def missing_java_skips_outside_ci_and_fails_in_ci():
  """Without Java: a message with the fix; exit 77 (ctest skip) outside CI, 1 in CI; the
  state file says why, and commands on it say so too."""
  with tempfile.TemporaryDirectory() as tmp:
    state = os.path.join(tmp, "ens.json")
    env = dict(os.environ, ZKHARNESS_JAVA=os.path.join(tmp, "no-java"))
    env.pop("CI", None)
    r = run(HARNESS + ["up", "--state", state], env=env)
    check(r.returncode == 77 and "java not found: apt-get install zookeeper" in r.stderr,
          f"{r.returncode} {r.stderr}")
    r = run(HARNESS + ["modes", "--state", state], env=env)
    check(r.returncode == 77 and "was not started: java not found" in r.stderr, r.stderr)
    env["CI"] = "true"
    r = run(HARNESS + ["up", "--state", state], env=env)
    check(r.returncode == 1 and "java not found" in r.stderr, f"{r.returncode} {r.stderr}")


CASES = {f.__name__: f for f in (
    shared_zk3_modes_match_kazoo_and_adminserver,
    shared_zk3dw_default_whitelist_answers_only_srvr,
    zkload_populates_a_tree_and_times_writes,
    own_kill_leader_reelects_with_epoch_bump_and_restarted_server_follows,
    cli_up_modes_kill_start_down_with_an_observer,
    standalone_start_retries_when_a_picked_port_is_taken,
    up_again_after_a_killed_run_stops_what_that_run_left,
    a_test_process_that_dies_leaves_no_server_behind,
    a_server_that_cannot_start_is_reported_with_its_log,
    kill_and_down_never_signal_a_process_that_is_not_the_server,
    missing_java_skips_outside_ci_and_fails_in_ci,
)}


def main(argv):
  if len(argv) != 2 or argv[1] not in CASES:
    print("usage: test_harness.py CASE\ncases:\n  " + "\n  ".join(CASES), file=sys.stderr)
    return 2
  return run_case(argv[0], argv[1], CASES[argv[1]])

if __name__ == "__main__":
  sys.exit(main(sys.argv))

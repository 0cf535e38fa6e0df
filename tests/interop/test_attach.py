#!/usr/bin/env python3
"""`zooscope attach` against real ZooKeeper 3.8.0 ensembles (the harness in zkharness.py).

What a user of `zooscope attach` relies on: the modes and zxids it prints are the ones the
servers' own `srvr` gives; a write by another client shows in its tree through the watch; a
killed leader shows as a re-election with an epoch bump within 10 s, and the restarted server
as a follower; with ZooKeeper's default whitelist it still draws modes (from srvr) and names
the zoo.cfg line that would allow the rest.

One case per run: `test_attach.py ZOOSCOPE CASE` (tests/interop/CMakeLists.txt). Exit 0 pass,
1 fail, 77 skipped (no Java/ZooKeeper outside CI).
"""

import json
import os
import queue
import signal
import subprocess
import sys
import threading
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
from zkharness import Ensemble, MissingZooKeeper, epoch_of, srvr_mode  # noqa: E402
import zkload  # noqa: E402,F401  (kazoo with the Debian fallback)
from kazoo.client import KazooClient  # noqa: E402
from casekit import check, run_case, shared  # noqa: E402

ZOOSCOPE = None


def attach_once(hosts, *extra, timeout=40):
  p = subprocess.run([ZOOSCOPE, "attach", hosts, "--once", *extra], capture_output=True, text=True,
                     timeout=timeout)
  return p


def srvr_zxid(port):
  """The server's own `srvr`: mode, zxid (as ZooKeeper prints it) and node count."""
  from zkharness import four_letter
  out = {}
  for line in four_letter(port, "srvr").splitlines():
    if line.startswith("Mode: "):
      out["mode"] = line[6:].strip()
    elif line.startswith("Zxid: "):
      out["zxid"] = line[6:].strip()
    elif line.startswith("Node count: "):
      out["node_count"] = int(line[12:].strip())
  return out


class Follow:
  """`zooscope attach HOSTS` running: its change lines, read on a thread."""

  def __init__(self, hosts, *extra):
    self.p = subprocess.Popen([ZOOSCOPE, "attach", hosts, *extra], stdout=subprocess.PIPE,
                              stderr=subprocess.PIPE, text=True)
    self.lines = queue.Queue()
    self.seen = []
    threading.Thread(target=self._read, daemon=True).start()

  def _read(self):
    for line in self.p.stdout:
      self.lines.put(line.rstrip("\n"))

  def wait_for(self, predicate, timeout, what):
    end = time.monotonic() + timeout
    for line in self.seen:
      if predicate(line):
        return line
    while time.monotonic() < end:
      try:
        line = self.lines.get(timeout=max(0.01, end - time.monotonic()))
      except queue.Empty:
        break
      self.seen.append(line)
      if predicate(line):
        return line
    raise AssertionError(f"no line for {what} within {timeout} s; got:\n  " + "\n  ".join(self.seen))

  def stop(self):
    if self.p.poll() is None:
      self.p.send_signal(signal.SIGINT)
      try:
        self.p.wait(timeout=10)
      except subprocess.TimeoutExpired:
        self.p.kill()
        self.p.wait()
    return self.p.returncode


# ---- cases -------------------------------------------------------------------------------------

def once_modes_and_zxids_match_srvr():
  ens = shared("ZS_ZK3_STATE")
  hosts = ens.connect_string()
  zk = KazooClient(hosts=hosts, timeout=10)
  zk.start(timeout=10)
  try:
    zk.ensure_path("/attach_once")
    zk.create("/attach_once/n", b"x")
  finally:
    zk.stop()
    zk.close()
  time.sleep(0.3)  # followers apply the commit
  # zooscope's own session is a transaction (createSession, and closeSession at exit): the
  # zxids it saw lie between what srvr says before and after it ran.
  before = {sid: srvr_zxid(ens.client_port(sid)) for sid in (1, 2, 3)}
  p = attach_once(hosts)
  after = {sid: srvr_zxid(ens.client_port(sid)) for sid in (1, 2, 3)}
  check(p.returncode == 0, f"exit {p.returncode}: {p.stderr}")
  lines = p.stdout.splitlines()
  by_addr = {}
  for line in lines:
    if " mode=" in line:
      addr, rest = line.split(" ", 1)
      fields = dict(f.split("=", 1) for f in rest.split(" ") if "=" in f)
      by_addr[addr] = fields
  check(len(by_addr) == 3, f"three server lines expected:\n{p.stdout}")
  leader = None
  for sid in (1, 2, 3):
    port = ens.client_port(sid)
    mine = by_addr[f"127.0.0.1:{port}"]
    lo, hi = before[sid], after[sid]
    check(mine["mode"] == lo["mode"] == hi["mode"], f"server.{sid}: attach says {mine['mode']}, srvr says {lo['mode']}")
    z = int(mine["zxid"], 16)
    check(int(lo["zxid"], 16) <= z <= int(hi["zxid"], 16),
          f"server.{sid}: attach says zxid {mine['zxid']}, srvr said {lo['zxid']} before and {hi['zxid']} after")
    check(mine["epoch"] == str(epoch_of(z)), f"server.{sid}: epoch {mine['epoch']}")
    check(mine["znodes"] == str(lo["node_count"]), f"server.{sid}: znodes {mine['znodes']} vs {lo['node_count']}")
    if lo["mode"] == "leader":
      leader = f"127.0.0.1:{port}"
  check(f"leader={leader}" in lines, f"leader={leader} expected:\n{p.stdout}")
  tree = [l for l in lines if l.startswith("tree=")]
  check(tree and tree[0] != "tree=- znodes" and "tree=- " not in tree[0], f"a loaded tree expected:\n{p.stdout}")
  n = int(tree[0].split("=")[1].split(" ")[0])
  leader_nodes = srvr_zxid(int(leader.split(":")[1]))["node_count"]
  check(n == leader_nodes, f"the tree has {n} znodes, the leader's srvr says {leader_nodes}")
  # --json says the same
  pj = attach_once(hosts, "--json")
  j = json.loads(pj.stdout)
  check(j["leader"] == leader, f"json leader {j['leader']}")
  check(j["tree"] == n, f"json tree {j['tree']} vs {n}")
  check(j["whitelist_hint"] is None, "whitelist * refuses nothing")


def default_whitelist_modes_from_srvr_and_the_hint():
  ens = shared("ZS_ZK3DW_STATE")
  p = attach_once(ens.connect_string())
  check(p.returncode == 0, f"exit {p.returncode}: {p.stderr}")
  modes = sorted(l.split(" mode=")[1].split(" ")[0] for l in p.stdout.splitlines() if " mode=" in l)
  check(modes == ["follower", "follower", "leader"], f"modes from srvr alone:\n{p.stdout}")
  check("4lw.commands.whitelist=" in p.stdout, f"the zoo.cfg line to allow the rest:\n{p.stdout}")
  hint = [l.strip() for l in p.stdout.splitlines() if l.strip().startswith("4lw.commands.whitelist=")][0]
  for w in ("mntr", "conf", "cons", "wchs"):
    check(w in hint.split("=")[1].split(","), f"{w} missing from {hint}")
  # The AdminServers ignore the whitelist: given their ports, each server's id is known.
  ports = ",".join(str(ens.admin_port(sid)) for sid in (1, 2, 3))
  # (Jetty's first answer can take seconds on a loaded machine: a generous timeout.)
  pj = attach_once(ens.connect_string(), "--json", "--admin-port", ports, "--timeout", "15000")
  j = json.loads(pj.stdout)
  for sid in (1, 2, 3):
    row = [s for s in j["servers"] if s["address"] == f"127.0.0.1:{ens.client_port(sid)}"][0]
    check(row["sid"] == sid, f"server.{sid}: the AdminServer's myid should name it: {row}")
    check(row.get("watches") is not None, f"server.{sid}: the AdminServer's monitor gives the watches: {row}")


def a_write_by_another_client_shows_through_the_watch():
  ens = shared("ZS_ZK3_STATE")
  hosts = ens.connect_string()
  f = Follow(hosts, "--refresh", "500")
  try:
    f.wait_for(lambda l: l.startswith("tree=") and "tree=-" not in l, 30, "the loaded tree")
    zk = KazooClient(hosts=hosts, timeout=10)
    zk.start(timeout=10)
    try:
      path = f"/attach_watch_{os.getpid()}"
      zk.create(path, b"v1")
      f.wait_for(lambda l: l.endswith(f"znode created {path}"), 10, f"{path} created")
      zk.set(path, b"v2")
      f.wait_for(lambda l: l.endswith(f"znode changed {path}"), 10, f"{path} changed")
      zk.delete(path)
      f.wait_for(lambda l: l.endswith(f"znode deleted {path}"), 10, f"{path} deleted")
    finally:
      zk.stop()
      zk.close()
  finally:
    f.stop()


def killed_leader_reelection_epoch_bump_and_restart_follows():
  with Ensemble(n=3, whitelist="*", admin=False) as ens:
    hosts = ens.connect_string()
    recording = os.path.join(ens.root, "attach-recording.jsonl.gz")
    f = Follow(hosts, "--refresh", "250", "--record", recording)
    try:
      f.wait_for(lambda l: l.startswith("leader="), 30, "the first look")
      zk = KazooClient(hosts=hosts, timeout=10)
      zk.start(timeout=10)
      try:
        zk.create("/recorded", b"before the crash")
        f.wait_for(lambda l: l.endswith("znode created /recorded"), 10, "/recorded created")
      finally:
        zk.stop()
        zk.close()
      old = ens.leader()
      old_addr = f"127.0.0.1:{ens.client_port(old)}"
      old_epoch = epoch_of(srvr_mode(ens.client_port(old))[1])
      t0 = time.monotonic()
      ens.kill(old)
      f.wait_for(lambda l: l.endswith(f"{old_addr} serving -> unreachable (connection refused)"), 10,
                 "the killed leader unreachable")
      line = f.wait_for(lambda l: " leader " in l and not l.endswith("-> -"), 10, "a new leader")
      took = time.monotonic() - t0
      new_addr = line.rsplit(" ", 1)[1]
      check(new_addr != old_addr, f"the new leader is another server: {line}")
      f.wait_for(lambda l: f"{new_addr} epoch {old_epoch} -> {old_epoch + 1}" in l, 10, "the epoch bump")
      check(took < 10, f"re-election seen after {took:.1f} s")
      ens.start_server(old)
      f.wait_for(lambda l: l.endswith(f"{old_addr} unreachable -> serving")
                 or l.endswith(f"{old_addr} not-serving -> serving"), 30, "the restarted server serving")
      p = attach_once(hosts)
      mine = [l for l in p.stdout.splitlines() if l.startswith(old_addr + " ")][0]
      check(" mode=follower " in mine, f"the restarted server follows: {mine}")
    finally:
      f.stop()
    replay_shows_what_the_live_attach_printed(recording, f.seen, old_addr, new_addr)


def replay_shows_what_the_live_attach_printed(recording, live_lines, old_addr, new_addr):
  """The recording of that attach, reopened: the same change lines, and each moment as it was."""
  p = subprocess.run([ZOOSCOPE, "attach", "--replay", recording], capture_output=True, text=True, timeout=30)
  check(p.returncode == 0, f"--replay exits 0: {p.returncode} {p.stderr}")
  check(p.stderr == "", f"a closed recording opens without warnings: {p.stderr}")
  replayed = p.stdout.splitlines()
  check(replayed and replayed[0].startswith("recording of "), f"a header line: {replayed[:1]}")
  # Every change line the live attach printed is in the replay, in the same order, same time.
  changes = [l for l in live_lines if l[:2].isdigit() and l[2] == ":"]
  check(len(changes) >= 6, f"the live attach printed its changes: {changes}")
  at = 0
  for line in changes:
    try:
      at = replayed.index(line, at) + 1
    except ValueError:
      raise AssertionError(f"live line {line!r} is not in the replay (in order):\n  " + "\n  ".join(replayed))
  def state_at(when):
    q = subprocess.run([ZOOSCOPE, "attach", "--replay", recording, "--once", "--at", when],
                       capture_output=True, text=True, timeout=30)
    check(q.returncode == 0, f"--replay --once --at {when}: {q.stderr}")
    return q.stdout.splitlines()
  def leader_of(lines):
    return [l for l in lines if l.startswith("leader=")][0].split("=", 1)[1]
  first = state_at("0s")
  check(leader_of(first) in ("-", old_addr), f"at the start the old leader leads: {first}")
  end = state_at("end")
  check(leader_of(end) == new_addr, f"at the end {new_addr} leads: {end}")
  mine = [l for l in end if l.startswith(old_addr + " ")][0]
  check(" mode=follower " in mine, f"at the end the restarted server follows: {mine}")
  # Either side of the moment the killed leader stopped answering.
  pj = subprocess.run([ZOOSCOPE, "attach", "--replay", recording, "--json"], capture_output=True, text=True,
                      timeout=30)
  events = [json.loads(l) for l in pj.stdout.splitlines() if l.startswith('{"at_ms"')]
  crash_ms = [e["at_ms"] for e in events if e["change"] == f"{old_addr} serving -> unreachable (connection refused)"][0]
  q = subprocess.run([ZOOSCOPE, "attach", "--replay", recording, "--once", "--json", "--at", "0s"],
                     capture_output=True, text=True, timeout=30)
  begin_ms = json.loads(q.stdout)["at_ms"]
  before = state_at(f"{crash_ms - begin_ms - 1}ms")
  check(leader_of(before) == old_addr, f"just before the crash {old_addr} leads: {before}")
  after = state_at(f"{crash_ms - begin_ms}ms")
  gone = [l for l in after if l.startswith(old_addr + " ")][0]
  check(" mode=unreachable " in gone, f"at the crash {old_addr} is unreachable: {after}")


def main():
  global ZOOSCOPE
  if len(sys.argv) != 3:
    print("usage: test_attach.py ZOOSCOPE CASE", file=sys.stderr)
    return 2
  ZOOSCOPE = sys.argv[1]
  case = globals().get(sys.argv[2])
  if case is None:
    print(f"no case {sys.argv[2]}", file=sys.stderr)
    return 2
  return run_case(sys.argv[0], sys.argv[2], case)

if __name__ == "__main__":
  sys.exit(main())

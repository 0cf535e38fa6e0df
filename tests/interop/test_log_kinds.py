#!/usr/bin/env python3
"""The log-line differential: real ZooKeeper 3.8.0 servers and `zooscope sim --log` on the
same schedule write the same kinds of log line (issue 16 §1 and §4).

usage: test_log_kinds.py ZOOSCOPE [--keep DIR] [--report FILE] [--only RUN]

Three runs, each on real servers (tests/interop/zkharness.py) and in the simulation:
  three:    server 1, 2 (1 s later, then both serve), 3 — then the leader (2) is killed, the two
            others elect a new one, and 2 starts again and follows;
  five:     servers 1..5 one a second apart (leader 3) — then the leader and server 4 are
            killed together and 1, 2, 5 elect 5;
  observer: voters 1, 2 (1 s later, then both serve), voter 3, then (once 3 serves) observer 4 —
            then the leader (2) is killed, 1 and 3 elect 3, and the observer observes it.
Each run has two phases (before and after the first kill), and each phase is a scenario of
the table in docs/fidelity.md (## Log lines): "staggered start", "leader crash and restart",
"double crash", "observer: start", "observer: leader crash".

A line's *kind* is its level and message with the variable parts as placeholders (numbers N,
hex 0xH, addresses ADDR, the states of a notification S). Only the quorum classes count
(CLASSES); their startup configuration echo (CONFIG_ECHO) is not something zooscope shows.

It fails when
  - zooscope writes a kind the real servers did not write in that phase (unless it is in
    TIMING: a kind the real servers write in that phase only when their threads happen to
    interleave so, with the reason);
  - a kind the real servers wrote is missing from zooscope and not on MISSING_OK (the
    allow-list: each entry says why zooscope does not write it);
  - a server's key lines (KEY) come in another order than on the real server.
It prints every kind with its verdict, so a run shows what matches and what is still missing.
A run whose comparison fails is repeated once on new real servers (their timing follows the
machine's load); the second result counts.
Exit 77 when Java or ZooKeeper is missing outside CI (zkharness's rule).
"""

import datetime
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import zkharness  # noqa: E402

# The quorum classes whose lines the simulation models (%C{1} of the log pattern, inner
# classes included).
CLASSES = re.compile(
    r"^(FastLeaderElection|QuorumCnxManager|QuorumPeer|Leader|LearnerHandler|Learner|Follower|"
    r"Observer|ZooKeeperServer|SessionTrackerImpl|FileTxnSnapLog|ZKDatabase)(\$\w+)*$")

# What a server echoes of its configuration and environment while it starts (and each time a
# role builds its ZooKeeperServer): settings, not events; zooscope shows the configuration in
# its own views instead.
CONFIG_ECHO = [
    r"^(?!PeerState)[\w.]+ set to ", r"^[a-z][\w.]* ?[=:] ", r"^[\w.]+=", r"^Using .* as ", r"^Local session",
    r"^Port unification", r"^QuorumPeer communication is not secured", r"^Using insecure",
    r"^Election port bind maximum retries", r"^TCP NoDelay", r"^leaderConnectDelayDuringRetryMs",
    r"^Created server with tickTime", r"^On disk txn sync enabled", r"^minSessionTimeout",
    r"^maxSessionTimeout", r"^The large request", r"^The max bytes", r"^Using Nms as the quorum",
]

# Kinds the real servers write that zooscope does not (yet), and why. A missing kind not
# matched here fails the test: the list only shrinks.
MISSING_OK = []

# Kinds a real server writes in a phase or not depending on how its threads interleave; the
# simulation may write them where this run's real servers happened not to.
TIMING = [
    (r"^INFO Notification time out: N ms$",
     "written when no notification arrives within the (doubling) wait; whether a real server "
     "waits that long depends on how fast its peers' JVMs start"),
    (r"^INFO Have smaller server identifier",
     "written by the smaller sid when it connects first: a race between the two connectors"),
    (r"^INFO Notification: ",
     "which states a notification carries depends on when it crosses the role changes"),
    (r"^WARN Cannot open channel to N at election address ADDR$",
     "written while a peer's election port is closed: how often depends on JVM start times"),
    (r"^WARN (Connection broken for id N, my id = N|Interrupting SendWorker thread from RecvWorker\. "
     r"sid: N\. myId: N|Interrupted while waiting for message on queue|Send worker leaving thread id N "
     r"my id = N)$",
     "a connection's teardown: after a crash by those that had one open, and at a start when two "
     "servers connected to each other at once and one of the two connections is closed"),
    (r"^INFO Oracle indicates not to follow$",
     "written when a LEADING notification arrives before enough FOLLOWING ones: the order in "
     "which the peers' answers arrive"),
    (r"^WARN Exception when using channel: for id N my id = N$",
     "written when a SendWorker was writing to the peer at the moment it died"),
    (r"^WARN Unexpected exception, tries=N, remaining init limit=N, connecting to ADDR$",
     "a learner that decided before its leader's JVM opened the quorum port retries (the "
     "simulation's learner does so when its FOLLOWERINFO arrives before the leader leads)"),
    (r"^ERROR (Unexpected exception, retries exceeded\. tries=N, remaining init limit=N, connecting to "
     r"ADDR|Failed connect to ADDR)$",
     "an observer whose leader died gives up on a refused quorum port when its new election's "
     "answers still named the dead leader: the voters answer with their current vote until they "
     "have decided again, so it depends on whether their election or the observer's delay ends first"),
]

# The lines whose order within one server (its QuorumPeer thread) must be ZooKeeper's.
KEY = re.compile(
    r"^(INFO|WARN) (LOOKING|FOLLOWING|LEADING|OBSERVING|Peer state changed|PeerState set to|"
    r"[A-Z]+ - LEADER ELECTION TOOK|Getting a |Learner received|Truncating log|"
    r"Disconnected from leader|shutdown Follower|Exception when following|New election|"
    r"Observing new leader|shutdown Observer|Exception when observing|Waiting for N ms)")

REAL_LINE = re.compile(
    r"^(\d{4}-\d\d-\d\d \d\d:\d\d:\d\d,\d{3}) \[myid:(\d*)\] - (\w+)\s*\[(.*):([A-Za-z0-9_$]+)@\d+\] - (.*)$")
SIM_LINE = re.compile(r"^(\d+) \[myid:(\d+)\] - (\w+)\s* - (.*)$")


def kind_of(level, message):
  m = re.sub(r"/?\b\d{1,3}(\.\d{1,3}){3}:\d+", "ADDR", message)
  m = re.sub(r"(?<![\w/])/[\w.-]+(/[\w.-]+)+", "PATH", m)
  m = re.sub(r"(my state:|n\.state:)[A-Z]+", r"\1S", m)
  m = re.sub(r"0x[0-9a-fA-F]+", "0xH", m)
  m = re.sub(r"(?<![A-Za-z])\d+(?!x)", "N", m)
  m = re.sub(r"\[\[N(, N)*\]\]", "[[N]]", m)
  m = re.sub(r"\[ \[N(, N)*\] \]", "[ [N] ]", m)
  return f"{level} {m.rstrip()}"


def in_scope(cls, kind):
  if not CLASSES.match(cls):
    return False
  msg = kind.split(" ", 1)[1]
  return not any(re.search(p, msg) for p in CONFIG_ECHO)


def read_real(ens, split_at):
  """{phase: {sid: [(kind, on_quorum_peer_thread)]}} from each server's log, phase 0 before
  split_at (a wall-clock time), 1 after."""
  out = {0: {}, 1: {}}
  for sid, s in ens.servers.items():
    with open(s.log, errors="replace") as f:
      for line in f:
        m = REAL_LINE.match(line.rstrip("\n"))
        if not m:
          continue
        when, _, level, thread, cls, msg = m.groups()
        k = kind_of(level, msg)
        if not in_scope(cls, k):
          continue
        t = datetime.datetime.strptime(when, "%Y-%m-%d %H:%M:%S,%f").timestamp()
        phase = 0 if t < split_at else 1
        out[phase].setdefault(sid, []).append((k, thread.startswith("QuorumPeer[")))
  return out


def read_sim(zooscope, args, split_ms):
  p = subprocess.run([zooscope, "sim", "--log", *args], capture_output=True, text=True,
                     timeout=60)
  if p.returncode != 0:
    raise SystemExit(f"zooscope sim {' '.join(args)} failed ({p.returncode}): {p.stderr}")
  out = {0: {}, 1: {}}
  for line in p.stdout.splitlines():
    m = SIM_LINE.match(line)
    if not m:
      continue
    at, sid, level, msg = m.groups()
    phase = 0 if int(at) < split_ms else 1
    out[phase].setdefault(int(sid), []).append(kind_of(level, msg))
  return out, p.stdout


def match_reason(table, kind):
  for pattern, why in table:
    if re.search(pattern, kind):
      return why
  return None


def compare(name, real, sim, report):
  """Appends verdict lines to report; returns the failures."""
  failures = []
  real_kinds = {k for lines in real.values() for k, _ in lines}
  sim_kinds = {k for lines in sim.values() for k in lines}
  report.append(f"## {name}")
  for k in sorted(real_kinds | sim_kinds):
    if k in real_kinds and k in sim_kinds:
      report.append(f"  matches   {k}")
    elif k in real_kinds:
      why = match_reason(MISSING_OK, k)
      if not why and match_reason(TIMING, k):
        why = "timing: " + match_reason(TIMING, k)
      report.append(f"  missing   {k}" + (f"   ({why})" if why else "   (NOT ALLOWED)"))
      if not why:
        failures.append(f"{name}: zooscope does not write `{k}`, which real ZooKeeper writes")
    else:
      why = match_reason(TIMING, k)
      report.append(f"  extra     {k}" + (f"   (timing: {why})" if why else "   (NOT WRITTEN BY ZOOKEEPER)"))
      if not why:
        failures.append(f"{name}: zooscope writes `{k}`, which real ZooKeeper does not write here")
  # Order: per server, the key lines of the QuorumPeer thread, restricted to the kinds both
  # sides write on that server.
  qp_kinds = {k for lines in real.values() for k, qp in lines if qp}
  for sid in sorted(set(real) & set(sim)):
    rk = [k for k, qp in real[sid] if qp and KEY.match(k)]
    sk = [k for k in sim[sid] if k in qp_kinds and KEY.match(k)]
    common = set(rk) & set(sk)
    rk = [k for k in rk if k in common]
    sk = [k for k in sk if k in common]
    if rk != sk:
      failures.append(f"{name}: server.{sid} writes its key lines in another order than real "
                      f"ZooKeeper:\n    real: {rk}\n    sim:  {sk}")
  return failures


def wait_serving(ens, sids, timeout=30):
  ens.wait_serving(timeout, sids=sids)


def run_three(ens):
  """1; 2 a second later; both serve (2 leads); 3; all serve. Returns the kill time."""
  ens.start_server(1, wait=False)
  time.sleep(1.0)
  ens.start_server(2, wait=False)
  wait_serving(ens, [1, 2])
  ens.start_server(3, wait=False)
  wait_serving(ens, [1, 2, 3])
  time.sleep(0.5)
  leader = ens.leader()
  if leader != 2:
    raise SystemExit(f"three: expected server.2 to lead after the staggered start, got {leader}")
  split = time.time()
  ens.kill(2)
  ens.wait_leader(timeout=20, exclude=(2,))
  time.sleep(0.5)
  ens.start_server(2, wait=False)
  wait_serving(ens, [1, 2, 3])
  time.sleep(0.5)
  return split


def run_five(ens):
  """1..5 a second apart (3 leads: the first quorum is 1, 2, 3); then 3 and 4 killed."""
  for sid in range(1, 6):
    ens.start_server(sid, wait=False)
    if sid == 3:
      wait_serving(ens, [1, 2, 3])
    time.sleep(1.0)
  wait_serving(ens, [1, 2, 3, 4, 5])
  time.sleep(0.5)
  leader = ens.leader()
  if leader != 3:
    raise SystemExit(f"five: expected server.3 to lead after the staggered start, got {leader}")
  split = time.time()
  ens.kill(3)
  ens.kill(4)
  wait_serving(ens, [1, 2, 5])
  time.sleep(0.5)
  return split


def run_observer(ens):
  """Voters 1; 2 a second later; both serve (2 leads); voter 3; once it serves, observer 4
  (started together, the observer's first election could end before 3's JVM listens, and it
  would open its connection to 3 only in the next phase). Then the leader (2) is killed: 1 and
  3 elect 3 and 4 observes it. Returns the kill time."""
  ens.start_server(1, wait=False)
  time.sleep(1.0)
  ens.start_server(2, wait=False)
  wait_serving(ens, [1, 2])
  ens.start_server(3, wait=False)
  wait_serving(ens, [1, 2, 3])
  ens.start_server(4, wait=False)
  wait_serving(ens, [1, 2, 3, 4])
  time.sleep(0.5)
  leader = ens.leader()
  if leader != 2:
    raise SystemExit(f"observer: expected server.2 to lead after the staggered start, got {leader}")
  split = time.time()
  ens.kill(2)
  wait_serving(ens, [1, 3, 4])
  time.sleep(0.5)
  return split


RUNS = [
    # name, servers (the last `observers` of them observers), observers, real schedule,
    # zooscope sim arguments, the sim's kill time, phase names
    ("three", 3, 0, run_three,
     ["--servers", "3", "--start", "1@0,2@1000,3@3000", "--crash", "2@5000",
      "--restart", "2@8000", "--until", "11000"], 5000,
     ("staggered start (3 servers)", "leader crash and restart (3 servers)")),
    ("five", 5, 0, run_five,
     ["--servers", "5", "--start", "1@0,2@1000,3@2000,4@3000,5@4000", "--crash", "3@7000,4@7000",
      "--until", "11000"], 7000,
     ("staggered start (5 servers)", "double crash: leader and a follower (5 servers)")),
    ("observer", 4, 1, run_observer,
     ["--servers", "3", "--observers", "1", "--start", "1@0,2@1000,3@3000,4@4000", "--crash", "2@6000",
      "--until", "10000"], 6000,
     ("observer: staggered start (3 voters, 1 observer)", "observer: leader crash (3 voters, 1 observer)")),
]


def run_real(java, name, n, observers, schedule, keep):
  """Runs `schedule` on n new real servers (the last `observers` of them observers); returns
  (their lines by phase, the split time)."""
  root = os.path.join(keep, name) if keep else tempfile.mkdtemp(prefix="zklogkinds-")
  shutil.rmtree(root, ignore_errors=True)
  ens = zkharness.Ensemble(n=n, whitelist="*", admin=False, root=root, observers=observers)
  ens.owns_root = not keep  # removed by stop() unless kept
  ens._java = java
  os.makedirs(ens.root, exist_ok=True)
  zkharness._live.add(ens)
  zkharness._install_cleanup_handlers()
  try:
    ens._configure()
    split = schedule(ens)
    ens._stop_servers()
    real = read_real(ens, split)
  finally:
    ens.stop()
  return real, split


def main():
  if len(sys.argv) < 2:
    print(__doc__, file=sys.stderr)
    return 2
  zooscope = sys.argv[1]
  keep = sys.argv[sys.argv.index("--keep") + 1] if "--keep" in sys.argv else None
  report_path = sys.argv[sys.argv.index("--report") + 1] if "--report" in sys.argv else None
  only = sys.argv[sys.argv.index("--only") + 1] if "--only" in sys.argv else None
  try:
    java = zkharness.find_java()
  except zkharness.MissingZooKeeper as e:
    if os.environ.get("CI"):
      print(f"FAIL: {e}", file=sys.stderr)
      return 1
    print(f"SKIP: {e}")
    return zkharness.EXIT_SKIP
  failures, report = [], []
  started = time.monotonic()
  for name, n, observers, schedule, sim_args, split_ms, phases in RUNS:
    if only and name != only:
      continue
    sim, text = read_sim(zooscope, sim_args, split_ms)
    # The real servers' timing follows the machine's load (a JVM that stalls for a second can
    # make a leader time out and a second election happen): a run whose comparison fails is
    # repeated once on new servers, and only a second failure fails the test.
    for attempt in (1, 2):
      real, split = run_real(java, name, n, observers, schedule, keep)
      run_report, run_failures = [], []
      for phase, title in enumerate(phases):
        run_failures += compare(title, real[phase], sim[phase], run_report)
      if not run_failures or attempt == 2:
        break
      report.append(f"# {name}: attempt 1 differed, run again on new servers:")
      report += ["#   " + f.replace("\n", "\n#   ") for f in run_failures]
    report += run_report
    failures += run_failures
    if keep:
      with open(os.path.join(keep, f"{name}.sim.log"), "w") as f:
        f.write(text)
      with open(os.path.join(keep, f"{name}.split"), "w") as f:
        f.write(f"{split}\n")
  report.append(f"# {time.monotonic() - started:.1f} s")
  text = "\n".join(report)
  print(text)
  if report_path:
    with open(report_path, "w") as f:
      f.write(text + "\n")
  if failures:
    print("\nFAILED:\n" + "\n".join(failures), file=sys.stderr)
    return 1
  print("ok")
  return 0


if __name__ == "__main__":
  sys.exit(main())

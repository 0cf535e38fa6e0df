#!/usr/bin/env python3
"""A follower the leader stops hearing from: real ZooKeeper 3.8.0 and zooscope side by side.

Real: a 3-server ensemble with tickTime=500, syncLimit=5 (a 2.5 s read timeout on each
learner). One follower's JVM is stopped (SIGSTOP) for 5 s, then continued. The leader's
LearnerHandler read times out; it logs ERROR `Unexpected exception in LearnerHandler: ` with
`java.net.SocketTimeoutException: Read timed out` on the next line, INFO `Synchronously closing
socket to learner N.`, WARN `******* GOODBYE /127.0.0.1:PORT ********`; the follower, continued,
logs WARN `Exception when following the leader`, goes LOOKING and follows the same leader again.

zooscope: `zooscope sim` on the same zoo.cfg files, the same follower's link to the leader
slowed to 5 s at the same moment. The test compares the leader's drop lines (text with the
learner's sid and port as placeholders, level, order), how long after the stop they come (both
within syncLimit x tickTime + 1 s), and the follower's return to LOOKING and then FOLLOWING.

Usage: test_learner_timeout.py ZOOSCOPE. Exit 0 pass, 1 fail, 77 skipped (no Java/ZooKeeper
outside CI).
"""

import os
import re
import shutil
import signal
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
from zkharness import Ensemble, srvr_mode  # noqa: E402
from casekit import check, run_case  # noqa: E402

TICK_MS = 500
SYNC_LIMIT = 5
STOP_S = 5.0
# log4j's pattern in zkharness: "DATE TIME [myid:N] - LEVEL [THREAD:Class@line] - message".
# The thread name may hold brackets itself (QuorumPeer[myid=1](plain=…)): up to "@LINE] - ".
REAL_LINE = re.compile(r"^(\S+ \S+) \[myid:\d*\] - (\w+)\s+\[.*?@\d+\] - (.*)$")
SIM_LINE = re.compile(r"^(\d+) \[myid:(\d+)\] - (\w+) - (.*)$")
DROP = ("Unexpected exception in LearnerHandler", "Synchronously closing socket to learner",
        "******* GOODBYE")


def normalize(text, sid):
  text = text.replace(f"learner {sid}.", "learner N.")
  return re.sub(r"/127\.0\.0\.1:\d+", "/127.0.0.1:PORT", text)


def real_lines(path):
  """[(epoch seconds, level, message)], a stack trace's first line joined to its message."""
  out = []
  with open(path, encoding="utf-8", errors="replace") as f:
    for raw in f:
      raw = raw.rstrip("\n")
      m = REAL_LINE.match(raw)
      if m:
        t = time.mktime(time.strptime(m.group(1)[:19], "%Y-%m-%d %H:%M:%S"))
        t += int(m.group(1)[20:23]) / 1000.0
        out.append([t, m.group(2), m.group(3)])
      elif out and out[-1][2].endswith(": ") and raw and not raw.startswith("\tat "):
        out[-1][2] += "\n" + raw
  return out


def real_side():
  with Ensemble(n=3, tick_ms=TICK_MS, sync_limit=SYNC_LIMIT, init_limit=10) as ens:
    leader = ens.wait_leader(timeout=30)
    follower = min(s for s in ens.servers if s != leader)
    srv = ens.servers[follower]
    with open(f"/proc/{srv.pid}/cmdline", "rb") as f:
      check("QuorumPeerMain" in f.read().decode(errors="replace"), "the pid is our server")
    stopped_at = time.time()
    os.kill(srv.pid, signal.SIGSTOP)
    try:
      time.sleep(STOP_S)
    finally:
      os.kill(srv.pid, signal.SIGCONT)
    ens.wait_leader(timeout=30)
    # The resumed follower notices the drop, goes LOOKING and follows again: wait for it
    # (bounded) rather than read the modes at once, which under load finds it mid-election.
    ens.wait_serving(timeout=30)
    modes = ens.modes()
    lead_log = real_lines(ens.servers[leader].log)
    fol_log = real_lines(srv.log)
    cfgs = [ens.servers[s].cfg for s in sorted(ens.servers)]
    # The simulation below reads the same files; keep copies past the ensemble's cleanup.
    texts = {}
    for s in sorted(ens.servers):
      with open(ens.servers[s].cfg) as f:
        texts[s] = f.read()
    return leader, follower, stopped_at, lead_log, fol_log, modes, texts, cfgs


def drop_lines(lines, sid):
  """The leader's drop lines for learner `sid` as (level, normalized text), and when."""
  out, when = [], None
  for t, level, text in lines:
    if any(text.startswith(d) for d in DROP):
      if text.startswith("Synchronously closing") and f"learner {sid}." not in text:
        continue
      when = when or t
      out.append((level, normalize(text, sid)))
  return out, when


def learner_timeout(zooscope):
  leader, follower, stopped_at, lead_log, fol_log, modes, texts, _ = real_side()
  real_drop, real_when = drop_lines(lead_log, follower)
  check(real_drop[:3] == [
      ("ERROR", "Unexpected exception in LearnerHandler: \njava.net.SocketTimeoutException: Read timed out"),
      ("INFO", "Synchronously closing socket to learner N."),
      ("WARN", "******* GOODBYE /127.0.0.1:PORT ********")], f"real leader's drop lines: {real_drop}")
  real_delay = real_when - stopped_at
  limit = TICK_MS * SYNC_LIMIT / 1000.0
  check(limit - 1.0 <= real_delay <= limit + 1.0, f"real drop {real_delay:.2f} s after the stop")
  fol_text = [t for _, _, t in fol_log]
  check("Exception when following the leader" in fol_text, f"real follower's WARN: {fol_text[-15:]}")
  check("Peer state changed: looking" in fol_text, "real follower went LOOKING")
  check(modes[follower][0] == "follower", f"real follower follows again: {modes}")
  print(f"real: dropped after {real_delay:.2f} s")

  # zooscope on the same files, the same follower's packets to the leader delayed as long as
  # the JVM was stopped, from 10 s on (the ensemble has settled by then).
  workdir = os.path.join(os.environ.get("TMPDIR", "/tmp"), f"zs-learner-timeout-{os.getpid()}")
  os.makedirs(workdir, exist_ok=True)
  try:
    zooscope_side(zooscope, workdir, texts, real_drop, limit)
  finally:
    shutil.rmtree(workdir, ignore_errors=True)


def zooscope_side(zooscope, workdir, texts, real_drop, limit):
  paths = []
  for s, text in texts.items():
    d = os.path.join(workdir, f"server{s}")
    os.makedirs(d, exist_ok=True)
    text = re.sub(r"^dataDir=.*$", f"dataDir={d}", text, flags=re.M)
    with open(os.path.join(d, "zoo.cfg"), "w") as f:
      f.write(text)
    with open(os.path.join(d, "myid"), "w") as f:
      f.write(f"{s}\n")
    paths.append(os.path.join(d, "zoo.cfg"))
  at = 10000
  cmd = [zooscope, "sim", "--config", *paths, "--log", "--until", str(at + 20000)]
  first = subprocess.run(cmd, capture_output=True, text=True, timeout=60)
  check(first.returncode == 0, f"zooscope sim: {first.stderr}")
  sim_leader = max(int(m.group(1)) for m in re.finditer(r"server\.(\d+) state=LEADING", first.stdout))
  sim_follower = min(s for s in texts if s != sim_leader)
  stop_ms = int(STOP_S * 1000)
  run = subprocess.run(cmd + ["--link", f"{sim_follower}>{sim_leader}:{stop_ms}-{stop_ms}@{at}"],
                       capture_output=True, text=True, timeout=60)
  check(run.returncode == 0, f"zooscope sim: {run.stderr}")
  # --log prints one event per line; a two-line text continues on the next line.
  events = []
  for raw in run.stdout.splitlines():
    m = SIM_LINE.match(raw)
    if m:
      events.append([int(m.group(1)), int(m.group(2)), m.group(3), m.group(4)])
    elif events and events[-1][3].endswith(": "):
      events[-1][3] += "\n" + raw
  sim_drop, sim_when = drop_lines([(t / 1000.0, lvl, txt) for t, sid, lvl, txt in events
                                   if sid == sim_leader], sim_follower)
  check(sim_drop[:3] == real_drop[:3], f"zooscope's drop lines {sim_drop} vs real {real_drop}")
  sim_delay = sim_when - at / 1000.0
  check(limit - 1.0 <= sim_delay <= limit + 1.0, f"zooscope drop {sim_delay:.2f} s after the delay")
  sim_fol = [txt for t, sid, _, txt in events if sid == sim_follower and t >= at]
  check("Exception when following the leader" in sim_fol, "zooscope follower's WARN")
  check("Peer state changed: looking" in sim_fol, "zooscope follower went LOOKING")
  check(re.search(rf"server\.{sim_follower} state=FOLLOWING", run.stdout) is not None,
        f"zooscope follower follows again:\n{run.stdout[-600:]}")
  print(f"zooscope: dropped after {sim_delay:.2f} s; lines match")


def main():
  if len(sys.argv) != 2:
    print("usage: test_learner_timeout.py ZOOSCOPE", file=sys.stderr)
    return 2
  return run_case(sys.argv[0], "learner_timeout", lambda: learner_timeout(sys.argv[1]))


if __name__ == "__main__":
  sys.exit(main())

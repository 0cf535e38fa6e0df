#!/usr/bin/env python3
"""A real ZooKeeper 3.8.0 server in read-only mode, seen through zooscope.

A 3-server ensemble started with read-only mode on (the JVM property readonlymode.enabled=true,
and localSessionsEnabled=true in zoo.cfg: without local sessions a 3.8.0 read-only server takes
no session at all, see docs/zookeeper-notes.md). Two servers are killed; the third loses its
quorum and turns read-only (`srvr` says `Mode: read-only`, `isro` answers `ro`). Then:
- `zooscope attach --once` prints mode=read-only for it and mode=unreachable for the others,
  and reads its tree (the attach's session allows read-only, as zkCli -r does);
- `zooscope console -r --connect` to it prints what real zkCli -r prints for the same lines
  (the ConnectedReadOnly event, reads, a write's NotReadOnly error, whoami,
  getAllChildrenNumber), and its prompt says CONNECTEDREADONLY;
- without -r the server refuses the session, and both consoles' `ls /` lose the connection.

Usage: test_readonly.py ZOOSCOPE. Exit 0 pass, 1 fail, 77 skipped (no Java/ZooKeeper outside CI).
"""

import os
import re
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
from zkharness import Ensemble, four_letter, srvr_mode, zkcli_command  # noqa: E402
from casekit import check, run_case  # noqa: E402

# Lines whose outputs do not depend on the session or the ports, typed into both consoles.
LINES = ["ls /", "create /x", "get /x", "ls /zookeeper", "set /zookeeper x", "whoami",
         "getAllChildrenNumber /", "getAllChildrenNumber /zookeeper"]
PROMPT = re.compile(r"^\[zk: [^\]]*\] ")
NOISE = (re.compile(r"^Connecting to "), re.compile(r"^log4j:"), re.compile(r"^$"))
CONNECTED_RO = "WatchedEvent state:ConnectedReadOnly type:None path:null"


def wait_read_only(port, timeout=30):
  """Polls srvr until the server says read-only; returns the seconds it took."""
  t0 = time.monotonic()
  last = None
  while time.monotonic() - t0 < timeout:
    last = srvr_mode(port)
    if last[0] == "read-only":
      return time.monotonic() - t0
    time.sleep(0.2)
  raise AssertionError(f"server on {port} did not turn read-only within {timeout} s "
                       f"(last srvr mode: {last[0]})")


def zkcli(host, *args):
  """Real zkCli, one JVM for one command; stdout and stderr in the order printed."""
  p = subprocess.run(zkcli_command(host, *args), stdout=subprocess.PIPE,
                     stderr=subprocess.STDOUT, text=True, timeout=60)
  return [l for l in p.stdout.splitlines() if not any(n.search(l) for n in NOISE)]


def console(zooscope, host, lines, *flags):
  """zooscope's console: one session, `lines` on stdin. Returns (banner lines, [(prompt,
  line, output lines)]) and the whole text."""
  p = subprocess.run([zooscope, "console", *flags, "--connect", host],
                     input="\n".join(lines + ["quit"]) + "\n", stdout=subprocess.PIPE,
                     stderr=subprocess.STDOUT, text=True, timeout=90)
  banner, ran = [], []
  for line in p.stdout.splitlines():
    m = PROMPT.match(line)
    if m:
      ran.append((m.group(0), line[m.end():], []))
    elif ran:
      ran[-1][2].append(line)
    else:
      banner.append(line)
  return banner, ran, p.stdout


def read_only_server():
  zooscope = sys.argv[1]
  with Ensemble(n=3, whitelist="*", admin=False, jvm_props={"readonlymode.enabled": "true"},
                extra_cfg={"localSessionsEnabled": "true"}) as ens:
    host = f"127.0.0.1:{ens.client_port(1)}"
    ens.kill(2)
    ens.kill(3)
    took = wait_read_only(ens.client_port(1))
    print(f"server.1 read-only {took:.1f} s after server.2 and server.3 were killed")
    check(four_letter(ens.client_port(1), "isro") == "ro", "isro did not answer ro")

    # attach --once: the read-only server and the two that are gone.
    p = subprocess.run([zooscope, "attach", ens.connect_string(), "--once"], capture_output=True,
                       text=True, timeout=60)
    modes = {}
    for line in p.stdout.splitlines():
      m = re.match(r"^(\S+) mode=(\S+)", line)
      if m:
        modes[m.group(1)] = m.group(2)
    want = {host: "read-only", f"127.0.0.1:{ens.client_port(2)}": "unreachable",
            f"127.0.0.1:{ens.client_port(3)}": "unreachable"}
    check(modes == want, f"attach --once: modes {modes}, expected {want}\n"
                         f"stdout:\n{p.stdout}\nstderr:\n{p.stderr}")
    # Its session allows read-only (as zkCli -r does), so the read-only server's tree shows.
    tree = [l for l in p.stdout.splitlines() if l.startswith("tree=")]
    check(tree and re.match(r"^tree=\d+ znodes$", tree[0]) is not None,
          f"attach --once reads the read-only server's tree: {tree}\nstdout:\n{p.stdout}")

    # The console with -r, line by line against real zkCli -r (one JVM per line).
    banner, ran, text = console(zooscope, host, LINES, "-r")
    check(CONNECTED_RO in banner, f"no ConnectedReadOnly event before the first prompt:\n{text}")
    check(len(ran) >= len(LINES), f"the console ran {len(ran)} of {len(LINES)} lines:\n{text}")
    failures = []
    for i, cmd in enumerate(LINES):
      prompt, line, out = ran[i]
      if prompt != f"[zk: {host}(CONNECTEDREADONLY) {i}] " or line != cmd:
        failures.append(f"{cmd!r}: prompt and line {prompt + line!r}")
      want = [l for l in zkcli(host, "-r", *cmd.split(" ")) if l not in ("WATCHER::", CONNECTED_RO)]
      got = [l for l in out if l != ""]
      if not want:
        failures.append(f"{cmd!r}: real zkCli -r printed nothing")
      elif got != want:
        failures.append(f"{cmd!r}:\n  zkCli -r: {want}\n  zooscope: {got}")
    check(not failures, "\n".join(failures) + "\nzooscope's whole transcript:\n" + text)

    # Without -r the read-only server refuses the session: ConnectionLoss for both.
    want = zkcli(host, "ls", "/")
    check(want == ["KeeperErrorCode = ConnectionLoss for /"], f"real zkCli without -r: {want}")
    banner, ran, text = console(zooscope, host, ["ls /"])
    check(ran and ran[0][0] == f"[zk: {host}(CONNECTING) 0] " and
          [l for l in ran[0][2] if l] == want, f"zooscope without -r:\n{text}")


def main():
  if len(sys.argv) != 2:
    print("usage: test_readonly.py ZOOSCOPE", file=sys.stderr)
    return 2
  return run_case(sys.argv[0], "read_only_server", read_only_server)


if __name__ == "__main__":
  sys.exit(main())

#!/usr/bin/env python3
"""`zooscope console --connect` against a real ZooKeeper 3.8.0 ensemble prints what real zkCli
prints for the tutorial session and a few more commands (getAllChildrenNumber, whoami), times
and zxids aside (they differ between any two runs).

Each tutorial line runs through zooscope's console (one session, lines on stdin), then through
real zkCli (`ZooKeeperMain -server HOST/CHROOT CMD ARGS`, one JVM per line, so zkCli's own
piped-stdin quirks do not come in), on the same server and the same chroot, starting from the
same empty folder; the outputs are compared line by line.

Usage: test_console.py ZOOSCOPE. Exit 0 pass, 1 fail, 77 skipped (no Java/ZooKeeper outside CI).
"""

import os
import re
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
from zkharness import zkcli_command  # noqa: E402
import zkload  # noqa: E402,F401
from kazoo.client import KazooClient  # noqa: E402
from casekit import check, run_case, shared  # noqa: E402

TUTORIAL = [
    "create /zk_test my_data",
    "ls /",
    "get /zk_test",
    "set /zk_test junk",
    "get -s /zk_test",
    "create /zk_test/c1 child",
    "stat /zk_test",
    "get /zk_test/nope",
    "delete /zk_test",
    "deleteall /zk_test",
    "ls /",
    # Beyond the tutorial: reads only a real server answers (getAllChildrenNumber, whoAmI).
    "create /n",
    "create /n/a",
    "create /n/a/b",
    "getAllChildrenNumber /n",
    "getAllChildrenNumber /",
    "getAllChildrenNumber /nope",
    "getAllChildrenNumber",
    "getAllChildrenNumber n",
    "whoami",
    "deleteall /n",
]

PROMPT = re.compile(r"^\[zk: [^\]]*\] ")
NOISE = (re.compile(r"^Connecting to "), re.compile(r"^WATCHER::$"), re.compile(r"^log4j:"),
         re.compile(r"^WatchedEvent state:SyncConnected type:None path:null$"), re.compile(r"^$"))
TIME = re.compile(r"^(ctime|mtime) = .*$")
ZXID = re.compile(r"^(cZxid|mZxid|pZxid) = 0x[0-9a-f]+$")
OWNER = re.compile(r"^ephemeralOwner = 0x[0-9a-f]+$")


def mask(line):
  line = TIME.sub(r"\1 = <time>", line)
  line = ZXID.sub(r"\1 = <zxid>", line)
  if line != "ephemeralOwner = 0x0":
    line = OWNER.sub("ephemeralOwner = <session>", line)
  return line


def clean(text):
  return [mask(l) for l in text.splitlines() if not any(n.search(l) for n in NOISE)]


def fresh(zk, chroot):
  if zk.exists(chroot):
    zk.delete(chroot, recursive=True)
  zk.create(chroot, b"")


def tutorial(zooscope):
  ens = shared("ZS_ZK3_STATE")
  server = f"127.0.0.1:{ens.client_port(1)}"
  chroot = f"/console_tutorial_{os.getpid()}"
  zk = KazooClient(hosts=ens.connect_string(), timeout=10)
  zk.start(timeout=10)
  try:
    # zooscope's console: one session, the lines on stdin (echoed after each prompt).
    fresh(zk, chroot)
    p = subprocess.run([zooscope, "console", "--connect", server + chroot],
                       input="\n".join(TUTORIAL + ["quit"]) + "\n", stdout=subprocess.PIPE,
                       stderr=subprocess.STDOUT, text=True, timeout=60)
    mine = []  # (line, its output) in order
    for line in p.stdout.splitlines():
      if PROMPT.match(line):
        mine.append((PROMPT.sub("", line), []))
      elif mine:
        mine[-1][1].append(line)
    # Real zkCli, one JVM per line, from the same empty folder.
    fresh(zk, chroot)
    failures = []
    for i, cmd in enumerate(TUTORIAL):
      real = subprocess.run(zkcli_command(server + chroot, *cmd.split(" ")), capture_output=True,
                            text=True, timeout=60)
      want = clean(real.stdout + real.stderr)
      ran = mine[i] if i < len(mine) and mine[i][0] == cmd else (cmd, ["<the console ran no such line>"])
      got = [mask(l) for l in ran[1] if l != ""]
      if got != want:
        failures.append(f"{cmd!r}:\n  zkCli:    {want}\n  zooscope: {got}")
  finally:
    if zk.exists(chroot):
      zk.delete(chroot, recursive=True)
    zk.stop()
    zk.close()
  check(not failures, "\n".join(failures) + "\nzooscope's whole transcript:\n" + p.stdout)


def main():
  if len(sys.argv) != 2:
    print("usage: test_console.py ZOOSCOPE", file=sys.stderr)
    return 2
  return run_case(sys.argv[0], "tutorial", lambda: tutorial(sys.argv[1]))


if __name__ == "__main__":
  sys.exit(main())

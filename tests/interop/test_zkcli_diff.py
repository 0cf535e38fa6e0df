#!/usr/bin/env python3
"""zkCli differential: the same zkCli lines typed into real zkCli 3.8.0 (ZooKeeperMain on a
fresh real 3-server ensemble) and into `zooscope console` (a fresh simulated 3-server
ensemble), both on server 1 (`-server 127.0.0.1:<server 1's client port>`); the transcripts
must be equal.

What is normalized, and nothing else: times (ctime/mtime lines), ports (any 127.0.0.1:PORT and
the ports of /zookeeper/config lines), session ids (a non-zero ephemeralOwner). Zxids are
compared as they are: both ensembles are fresh, so both sessions start at zxid 0x100000001.
One more allowance, for what real zkCli itself does not order: zkCli prints watch events from
its event thread and "Created ..." on stderr, so within the output of one line that printed a
watch event the lines are compared as a sorted list.

The lines run in one zkCli session each side (so zxids line up), a learner's sessions one after
the other: the tutorial, sequential and ephemeral nodes, watches, digest ACLs, errors, quotas
(enforced: the servers run with enforceQuota=true in zoo.cfg, which 3.8.0 turns into the system
property zookeeper.enforceQuota), config, version and reconfig (with -file on files this test
writes), and last the line that makes zkCli die (set -v abc). Real zkCli reads piped lines as
they come, so each line is sent once the previous one's output has gone quiet.

The simulated ensemble is loaded from the real servers' own zoo.cfg files (`zooscope console
--config`), so /zookeeper/config is written from the same lines on both sides (server lines
without a client part: the harness writes clientPort= on its own line).

Usage: test_zkcli_diff.py ZOOSCOPE. Exit 0 pass, 1 fail, 77 skipped (no Java/ZooKeeper outside
CI).
"""

import os
import re
import select
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
from zkharness import Ensemble, zkcli_command  # noqa: E402
from casekit import check, run_case  # noqa: E402

SESSIONS = {
    "tutorial": [
        "create /zk_test my_data",
        "ls /",
        "get /zk_test",
        "set /zk_test junk",
        "get -s /zk_test",
        "ls -s /",
        "stat /zk_test",
        "create /zk_test/c1 child",
        "delete /zk_test",
        "deleteall /zk_test",
        "ls /",
    ],
    "sequential and ephemeral": [
        "create /app",
        "create -s /app/job- a",
        "create -s /app/job- b",
        "create -e /app/lock x",
        "create -e -s /app/e- y",
        "ls /app",
        "getEphemerals",
        "getEphemerals /app/l",
        "getAllChildrenNumber /app",
        "stat /app/lock",
        "getAllChildrenNumber /",
    ],
    "watches": [
        "create /w 1",
        "get -w /w",
        "set /w 2",
        "ls -w /w",
        "create /w/c",
        "stat -w /nope",
        "create /nope",
        "addWatch /w",
        "set /w 3",
        "removewatches /w",
        "set /w 4",
    ],
    "digest ACLs": [
        "create /secure x",
        "addauth digest alice:secret",
        "setAcl /secure auth:alice:cdrwa",
        "getAcl /secure",
        "get /secure",
        "whoami",
        "create /open y world:anyone:r",
        "set /open z",
        "getAcl -s /open",
    ],
    "errors": [
        "get /missing",
        "create /e a",
        "create /e a",
        "set -v 5 /e b",
        "create /e/x",
        "delete /e",
        "delete -v 9 /e/x",
        "ls e",
        "getEphemerals e",
        "getAllChildrenNumber /missing",
        "sync /e",
    ],
    "quotas": [
        "create /q",
        "create /q/a x",
        "setquota -n 5 /q",
        "listquota /q",
        "create /q/b yy",
        "set /q/a xyz",
        "delete /q/b",
        "listquota /q",
        "setquota -b 10 /q",
        "listquota /q",
        "setquota -n 1 /q",
        "setquota -n 2 /q/a",
        "setquota -n 2 /",
        "setquota -n 3 /missing",
        "setquota -n 0 /q",
        "setquota -b -1 /q",
        "setquota -n abc /q",
        "setquota -n 1 -b 2 /q",
        "setquota /q",
        "setquota -n 3",
        "setquota -n 3 /zookeeper/quota/q",
        "delquota -b /q",
        "listquota /q",
        "listquota /nope",
        "listquota nope",
        "delquota /nope",
        "create /q2",
        "create /q2/deep",
        "setquota -N 4 /q2/deep",
        "setquota -B 100 /q2",
        "delquota /q",
        "listquota /q",
        "ls /zookeeper/quota",
        "delquota /q2/deep",
        "ls /zookeeper/quota",
        "create /after-quota",
        "stat /after-quota",
    ],
    "enforced quotas": [
        "create /h",
        "setquota -N 2 /h",
        "create /h/a",
        "create /h/b",
        "set /h/b x",
        "create /h2 ab",
        "setquota -B 3 /h2",
        "set /h2 abc",
        "set -v 0 /h2 abcd",
        "set -v 7 /h2 abcd",
        "create /h2/x",
        "create /s",
        "setquota -n 1 /s",
        "create /s/a",
        "create /s/b",
        "stat /h2",
        "listquota /h",
    ],
    "config": [
        "config",
        "config -s",
        "config -c",
    ],
    "version and reconfig": [
        "version",
        "reconfig -remove 3",
        "reconfig",
        "reconfig -file {dir}/members.cfg",
        "reconfig -s -file {dir}/members.cfg",
        "reconfig -file {dir}/missing.cfg",
        "reconfig -file {dir}/empty.cfg",
        "reconfig -file {dir}/badkey.cfg",
        "reconfig -file {dir}/noelect.cfg",
        "reconfig -file {dir}/badid.cfg",
        "reconfig -file {dir}/badport.cfg",
        "reconfig -file {dir}",
        "reconfig -members server.1=127.0.0.1:2888:3888",
        "create /after",
        "stat /after",  # the refused reconfig took a zxid (an error txn at the leader)
        "ls /zookeeper",
        "set -v abc /e d",
    ],
}
LINES = [line for lines in SESSIONS.values() for line in lines]

# The files the reconfig -file lines read ({dir} in a line is their folder).
RECONFIG_FILES = {
    "members.cfg": "server.1=127.0.0.1:2888:3888:participant;127.0.0.1:2181\n"
                   "server.2=127.0.0.1:2889:3889:participant;127.0.0.1:2182\n"
                   "server.3=127.0.0.1:2890:3890:participant;127.0.0.1:2183\n",
    "empty.cfg": "",
    "badkey.cfg": "foo=bar\n",
    "noelect.cfg": "server.1=127.0.0.1:2888\nserver.2=127.0.0.1:2889:3889\nserver.3=127.0.0.1:2890:3890\n",
    "badid.cfg": "server.a=127.0.0.1:2888:3888\n",
    "badport.cfg": "server.1=127.0.0.1:x:3888\nserver.2=127.0.0.1:2889:3889\n",
}


def write_reconfig_files(folder):
  for name, text in RECONFIG_FILES.items():
    with open(os.path.join(folder, name), "w") as f:
      f.write(text)
  return [line.replace("{dir}", folder) for line in LINES]

MARK = ">> "
QUIET_S = 0.5    # real zkCli: a line's output is over once nothing came for this long
LINE_LIMIT_S = 10


def drive_real(host, lines):
  """Real zkCli on `host`, one line at a time; returns the lines with what each printed."""
  cmd = zkcli_command(host, "-waitforconnection")
  p = subprocess.Popen(cmd, stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                       stderr=subprocess.STDOUT)
  buf = []

  def drain(quiet, limit):
    end = time.monotonic() + limit
    last = time.monotonic()
    while time.monotonic() < end:
      r, _, _ = select.select([p.stdout], [], [], 0.05)
      if r:
        b = os.read(p.stdout.fileno(), 65536)
        if not b:
          return
        buf.append(b.decode(errors="replace"))
        last = time.monotonic()
      elif time.monotonic() - last > quiet:
        return

  try:
    drain(2.0, 30)  # the JVM starts and connects
    for line in lines:
      if p.poll() is not None:
        break
      p.stdin.write((line + "\n").encode())
      p.stdin.flush()
      buf.append(f"\n{MARK}{line}\n")
      drain(QUIET_S, LINE_LIMIT_S)
    p.stdin.close()
    p.wait(timeout=10)
  finally:
    if p.poll() is None:
      p.kill()
      p.wait()
  return "".join(buf)


def drive_zooscope(zooscope, cfgs, lines):
  """`zooscope console` on simulated server 1 of the ensemble of the zoo.cfg files `cfgs`, with
  every line piped at once: it prints each prompt and line, then what the line printed (stdout
  and stderr in one pipe, in order: it flushes every piece)."""
  p = subprocess.run([zooscope, "console", "--config", *cfgs, "--server", "1"],
                     input="\n".join(lines) + "\n", stdout=subprocess.PIPE,
                     stderr=subprocess.STDOUT, text=True, timeout=60)
  out = []
  for l in p.stdout.splitlines():
    m = re.match(r"^\[zk: [^\]]*\] (.*)$", l)
    out.append(f"\n{MARK}{m.group(1)}" if m else l)
  return "\n".join(out) + "\n"


TIME = re.compile(r"^(ctime|mtime) = .*$")
OWNER = re.compile(r"^ephemeralOwner = 0x[0-9a-f]+$")
PORT = re.compile(r"127\.0\.0\.1:\d+(:\d+)*")
NOISE = (re.compile(r"^log4j:"), re.compile(r"^$"))


def normalize(line):
  line = TIME.sub(r"\1 = <time>", line)
  if line != "ephemeralOwner = 0x0":
    line = OWNER.sub("ephemeralOwner = <session>", line)
  return PORT.sub("127.0.0.1:<port>", line)


def blocks(text):
  """{index: [lines]} for each marked line, normalized; what came before the first mark (the
  banner) is left out."""
  parts = text.split("\n" + MARK)[1:]
  out = []
  for part in parts:
    head, _, rest = part.partition("\n")
    body = [normalize(l) for l in rest.splitlines() if not any(n.search(l) for n in NOISE)]
    out.append((head, body))
  return out


def differential():
  zooscope = sys.argv[1]
  with tempfile.TemporaryDirectory(prefix="zkcli-diff-") as folder, \
       Ensemble(n=3, whitelist=None, admin=False, extra_cfg={"enforceQuota": "true"}) as ens:
    lines = write_reconfig_files(folder)
    real = blocks(drive_real(f"127.0.0.1:{ens.client_port(1)}", lines))
    # The simulator opens no socket: it reads the servers' zoo.cfg (and myid) files only.
    sim = blocks(drive_zooscope(zooscope, [ens.servers[sid].cfg for sid in (1, 2, 3)], lines))
  problems = []
  check(len(real) == len(LINES), f"real zkCli ran {len(real)} of {len(LINES)} lines")
  check(len(sim) == len(LINES), f"zooscope ran {len(sim)} of {len(LINES)} lines")
  for i, ((line, want), (_, got)) in enumerate(zip(real, sim)):
    if any(l == "WATCHER::" for l in want + got):
      want, got = sorted(want), sorted(got)
    if want != got:
      problems.append(f"line {i} `{line}`:\n  real zkCli: {want}\n  zooscope:   {got}")
  check(not problems, "transcripts differ:\n" + "\n".join(problems))
  print(f"{len(LINES)} lines in {len(SESSIONS)} sessions print the same")


if __name__ == "__main__":
  sys.exit(run_case(__file__, "zkcli_differential", differential))

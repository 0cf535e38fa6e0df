#!/usr/bin/env python3
"""Load for real ZooKeeper servers through a real client (kazoo), for interop tests and the
attach benchmarks (docs/interop.md, docs/PERFORMANCE.md "Attach: baselines").

  populate --hosts H --count N [--prefix /bench] [--fanout F] [--data-size B]
      creates N znodes under PREFIX as a tree of fan-out F, pipelined (many creates in flight
      on one session: ZooKeeper applies a session's requests in order, so a parent is created
      before its children), and prints the rate.
  write --hosts H --path P --data D
      creates P (and its parents) with D, or sets D when P exists; prints the new mzxid.
  latency --hosts H [--watch-hosts H2] [--path /zkload-latency] [--count N] [--interval-ms M]
      writes "SEQ WALL_NS" to PATH N times, M ms apart. Each write's data carries its wall
      time, so any observer (zooscope attached to the ensemble) can time when it saw it. A second
      kazoo session on H2 watches PATH and prints kazoo's own write-to-notification latency
      (p50/p99/max) as the real client's baseline; --no-watch only writes.

Needs python3-kazoo (Debian). A python3 from elsewhere (pyenv) does not see Debian's
dist-packages; kazoo is pure Python, so that folder is tried as a fallback.
"""

import argparse
import collections
import json
import math
import sys
import threading
import time

try:
  from kazoo.client import KazooClient
  from kazoo.exceptions import NodeExistsError
except ImportError:
  sys.path.append("/usr/lib/python3/dist-packages")
  try:
    from kazoo.client import KazooClient
    from kazoo.exceptions import NodeExistsError
  except ImportError:
    print(f"kazoo not found for {sys.executable}: apt-get install python3-kazoo "
          "(or: bash scripts/install-deps.sh), then run with /usr/bin/python3",
          file=sys.stderr)
    sys.exit(1)

# Creates in flight at once: enough to hide the round trip on loopback, few enough that a
# failure stops the run promptly.
WINDOW = 1000


def connect(hosts, timeout=10.0):
  zk = KazooClient(hosts=hosts, timeout=timeout)
  zk.start(timeout=timeout)
  return zk


def tree_paths(prefix, count, fanout):
  """The paths of `count` znodes under `prefix`: node k (1..count) is a child of node
  (k - 1) // fanout, node 0 being the prefix. Parents come before their children."""
  paths = [prefix.rstrip("/") or ""]
  for k in range(1, count + 1):
    paths.append(f"{paths[(k - 1) // fanout]}/n{k}")
  return paths[1:]


def populate(zk, count, prefix="/bench", fanout=100, data=b"", window=WINDOW):
  """Creates the tree; returns (created, already_there, seconds)."""
  if fanout < 1:
    raise ValueError("fanout must be at least 1")
  if prefix != "/":
    zk.ensure_path(prefix)
  t0 = time.monotonic()
  pending = collections.deque()
  created = existed = 0

  def settle(result):
    nonlocal created, existed
    try:
      result.get(timeout=30)
      created += 1
    except NodeExistsError:
      existed += 1

  for path in tree_paths(prefix, count, fanout):
    pending.append(zk.create_async(path, data))
    if len(pending) >= window:
      settle(pending.popleft())
  while pending:
    settle(pending.popleft())
  return created, existed, time.monotonic() - t0


def write(zk, path, data):
  """Sets `data` on `path`, creating it (and its parents) when missing; returns the Stat."""
  if zk.exists(path) is None:
    try:
      zk.create(path, data, makepath=True)
    except NodeExistsError:
      zk.set(path, data)
  else:
    zk.set(path, data)
  return zk.exists(path)


def percentile(values, p):
  """Nearest-rank percentile of `values` (p in 0..100)."""
  if not values:
    return None
  s = sorted(values)
  k = max(0, min(len(s) - 1, math.ceil(p / 100.0 * len(s)) - 1))
  return s[k]


def latency(hosts, watch_hosts, path, count, interval_ms, watch=True, records=None,
            timeout=5.0):
  """Writes "SEQ WALL_NS" to `path` `count` times; returns kazoo's write-to-notification
  latencies in ms (empty with watch=False). `records`: a list that gets one dict per write."""
  writer = connect(hosts)
  watcher = connect(watch_hosts) if watch else None
  seen = {}
  cond = threading.Condition()
  try:
    write(writer, path, b"start")
    if watcher is not None:
      def on_data(data, _stat):
        now = time.time_ns()
        if data is None:
          return
        try:
          seq, sent = (int(x) for x in data.decode().split())
        except ValueError:
          return
        with cond:
          seen[seq] = (now - sent) / 1e6
          cond.notify_all()
      watcher.DataWatch(path, on_data)
    lat = []
    for seq in range(count):
      sent = time.time_ns()
      stat = writer.set(path, f"{seq} {sent}".encode())
      rec = {"seq": seq, "wall_ns": sent, "mzxid": f"0x{stat.mzxid:x}"}
      if watcher is not None:
        with cond:
          if not cond.wait_for(lambda: seq in seen, timeout=timeout):
            raise RuntimeError(f"the watcher on {watch_hosts} saw write {seq} not within "
                               f"{timeout:g} s")
          rec["watch_ms"] = seen[seq]
          lat.append(seen[seq])
      if records is not None:
        records.append(rec)
      time.sleep(interval_ms / 1000.0)
    return lat
  finally:
    writer.stop()
    writer.close()
    if watcher is not None:
      watcher.stop()
      watcher.close()


def main(argv=None):
  p = argparse.ArgumentParser(prog="zkload.py", description="Load for real ZooKeeper servers.")
  sub = p.add_subparsers(dest="cmd", required=True)
  pp = sub.add_parser("populate", help="create COUNT znodes, pipelined")
  pp.add_argument("--hosts", required=True)
  pp.add_argument("--count", type=int, required=True)
  pp.add_argument("--prefix", default="/bench")
  pp.add_argument("--fanout", type=int, default=100,
                  help="children per znode (default 100: a flat 100,000-child list would not "
                       "fit a client's 1 MB packet limit)")
  pp.add_argument("--data-size", type=int, default=0, help="bytes of data per znode")
  pw = sub.add_parser("write", help="create or set one znode")
  pw.add_argument("--hosts", required=True)
  pw.add_argument("--path", required=True)
  pw.add_argument("--data", default="")
  pl = sub.add_parser("latency", help="timed writes; kazoo's own watch latency")
  pl.add_argument("--hosts", required=True)
  pl.add_argument("--watch-hosts", default=None, help="the watcher's servers (default --hosts)")
  pl.add_argument("--path", default="/zkload-latency")
  pl.add_argument("--count", type=int, default=100)
  pl.add_argument("--interval-ms", type=float, default=20)
  pl.add_argument("--no-watch", action="store_true")
  pl.add_argument("--json", action="store_true", help="one JSON line per write")
  a = p.parse_args(argv)

  if a.cmd == "populate":
    if a.count < 0 or a.data_size < 0:
      p.error("--count and --data-size must not be negative")
    zk = connect(a.hosts)
    try:
      created, existed, secs = populate(zk, a.count, a.prefix, a.fanout, b"x" * a.data_size)
    finally:
      zk.stop()
      zk.close()
    rate = created / secs if secs > 0 else 0
    print(f"populate: {created} created, {existed} existed under {a.prefix} "
          f"(fan-out {a.fanout}) in {secs:.2f} s: {rate:.0f} creates/s")
    return 0
  if a.cmd == "write":
    zk = connect(a.hosts)
    try:
      stat = write(zk, a.path, a.data.encode())
    finally:
      zk.stop()
      zk.close()
    print(f"write: {a.path} version={stat.version} mzxid=0x{stat.mzxid:x}")
    return 0
  if a.cmd == "latency":
    records = []
    lat = latency(a.hosts, a.watch_hosts or a.hosts, a.path, a.count, a.interval_ms,
                  watch=not a.no_watch, records=records)
    if a.json:
      for r in records:
        print(json.dumps(r))
    if lat:
      print(f"latency: {len(lat)} writes to {a.path}; kazoo watcher on "
            f"{a.watch_hosts or a.hosts}: p50 {percentile(lat, 50):.2f} ms, "
            f"p99 {percentile(lat, 99):.2f} ms, max {max(lat):.2f} ms")
    else:
      print(f"latency: {len(records)} writes to {a.path}")
    return 0
  return 2


if __name__ == "__main__":
  sys.exit(main())

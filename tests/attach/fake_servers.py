#!/usr/bin/env python3
"""`zooscope attach` against things that are not (working) ZooKeeper servers.

Each fake listens on 127.0.0.1 (a port the OS picks) and misbehaves in one way: silent, an
HTTP server, an SSH banner then silence, one byte per second, garbage bytes, a 2 GB length
prefix followed by a flood, a server that closes mid-reply; plus a port where nothing listens.
`zooscope attach ALL --once --timeout 2000` must name each one's status within its timeout
(never hang, never crash, never grow without bound) and exit 1 (no ZooKeeper answered).

Usage: fake_servers.py ZOOSCOPE. Exit 0 pass, 1 fail.
"""

import os
import resource
import socket
import subprocess
import sys
import threading
import time

STOP = threading.Event()


def serve(behaviour):
  ls = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
  ls.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
  ls.bind(("127.0.0.1", 0))
  ls.listen(16)
  ls.settimeout(0.2)

  def loop():
    while not STOP.is_set():
      try:
        c, _ = ls.accept()
      except socket.timeout:
        continue
      threading.Thread(target=handle, args=(c, behaviour), daemon=True).start()
    ls.close()

  threading.Thread(target=loop, daemon=True).start()
  return ls.getsockname()[1]


def handle(c, behaviour):
  try:
    c.settimeout(0.2)
    if behaviour == "ssh":
      c.sendall(b"SSH-2.0-OpenSSH_9.2p1 Debian-2\r\n")
    if behaviour == "http":
      try:
        c.recv(4096)
      except socket.timeout:
        pass
      c.sendall(b"HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\nConnection: close\r\n\r\n")
      return
    if behaviour == "garbage":
      c.sendall(bytes([0x00, 0xff, 0x13, 0x37, 0x80, 0x01, 0xfe, 0x02] * 8))
      return
    if behaviour == "cut":
      c.sendall(b"Zookeeper version: 3.8.0-abc, built on 2024-12-29 17:54 UTC\nLatency min/avg/max: 0/0.0/0\nRecei")
      return
    if behaviour == "huge":
      c.sendall(b"\x7f\xff\xff\xff")
      chunk = b"\0" * 65536
      for _ in range(256):  # 16 MiB at most, then give up: bounded
        if STOP.is_set():
          return
        c.sendall(chunk)
      return
    if behaviour == "trickle":
      for b in b"Zookeeper version: 3.8.0\nLatency min/avg/max: 0/0.0/0\n":
        if STOP.is_set():
          return
        c.sendall(bytes([b]))
        time.sleep(1)
      return
    # silent (and ssh after its banner): hold the connection until the test ends
    while not STOP.is_set():
      try:
        if not c.recv(4096):
          return
      except socket.timeout:
        continue
  except OSError:
    pass
  finally:
    c.close()


def free_port():
  s = socket.socket()
  s.bind(("127.0.0.1", 0))
  p = s.getsockname()[1]
  s.close()
  return p


def main():
  if len(sys.argv) != 2:
    print("usage: fake_servers.py ZOOSCOPE", file=sys.stderr)
    return 2
  zooscope = sys.argv[1]
  expected = {}
  for b, want in [("silent", "timeout"), ("http", "not-zookeeper"), ("ssh", "not-zookeeper"),
                  ("trickle", "timeout"), ("garbage", "not-zookeeper"), ("huge", "not-zookeeper"),
                  ("cut", "error")]:
    expected[f"127.0.0.1:{serve(b)}"] = (b, want)
  expected[f"127.0.0.1:{free_port()}"] = ("nothing", "unreachable")
  hosts = ",".join(expected)
  t0 = time.monotonic()
  p = subprocess.run([zooscope, "attach", hosts, "--once", "--timeout", "2000", "--no-admin"],
                     capture_output=True, text=True, timeout=60)
  took = time.monotonic() - t0
  STOP.set()
  failures = []
  print(p.stdout)
  if p.returncode != 1:
    failures.append(f"exit {p.returncode} (1 expected: no ZooKeeper answered); stderr: {p.stderr}")
  for line in p.stdout.splitlines():
    if " mode=" not in line:
      continue
    addr = line.split(" ", 1)[0]
    b, want = expected[addr]
    mode = line.split(" mode=")[1].split(" ")[0]
    if mode != want:
      failures.append(f"{b}: mode={mode}, expected {want}: {line}")
    if "reason=\"" not in line:
      failures.append(f"{b}: no reason given: {line}")
  # Every fetch has its own 2 s deadline, and they run at once; the session cannot start
  # (nothing serves): the whole look takes about one timeout, never one per server.
  if took > 8:
    failures.append(f"took {took:.1f} s for {len(expected)} servers with a 2 s timeout")
  for f in failures:
    print("FAILED:", f)
  return 1 if failures else 0


if __name__ == "__main__":
  sys.exit(main())

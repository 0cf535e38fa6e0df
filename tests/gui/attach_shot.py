#!/usr/bin/env python3
"""A screenshot of the window attached to a shared real ensemble (the ctest fixture zk3).

attach_shot.py XVFB_RUN ZOOSCOPE SCREEN [zooscope args...]

Reads the connect string from the fixture's state file ($ZS_ZK3_STATE), runs
`xvfb-run -a -s "-screen 0 SCREEN" zooscope --attach HOSTS args...` (bounded) and passes its
output and exit code through. Exit 77 (skip) when the fixture skipped (no Java here)."""
import json
import os
import subprocess
import sys


def main():
    xvfb, zooscope, screen, *args = sys.argv[1:]
    state_file = os.environ.get("ZS_ZK3_STATE", "")
    try:
        with open(state_file) as f:
            hosts = json.load(f)["connect_string"]
    except (OSError, ValueError, KeyError) as e:
        print(f"attach_shot: no zk3 ensemble ({state_file}: {e}); skipped")
        return 77
    cmd = [xvfb, "-a", "-s", f"-screen 0 {screen}x24", zooscope, "--attach", hosts, *args]
    try:
        p = subprocess.run(cmd, capture_output=True, text=True, timeout=120)
    except subprocess.TimeoutExpired:
        print("attach_shot: zooscope did not finish within 120 s")
        return 1
    sys.stdout.write(p.stdout)
    sys.stderr.write(p.stderr)
    return p.returncode


if __name__ == "__main__":
    sys.exit(main())

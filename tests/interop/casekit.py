"""What every interop test script shares: failing a check, the fixtures' shared ensembles, and
running one named case with ctest's exit codes (0 pass, 1 fail, 77 skipped).

Java/ZooKeeper missing skips outside CI only: in CI (CI=true) it fails, so a missing install
step never passes as a skip.
"""

import os
import time

from zkharness import Ensemble, HarnessError, MissingZooKeeper


class Skip(Exception):
  """The case cannot run here (and says why)."""


def check(cond, msg):
  if not cond:
    raise AssertionError(msg)


def shared(env_name):
  """The fixture's ensemble (its state file is named by `env_name`), or Skip when the fixture
  could not start one outside CI."""
  path = os.environ.get(env_name)
  check(path, f"{env_name} is not set: run this test through ctest (its fixture sets it)")
  try:
    return Ensemble.from_state(path)
  except MissingZooKeeper as e:
    raise Skip(str(e)) from None


def run_case(script, name, case):
  """Runs `case()` and returns the exit code, printing PASS/FAIL/SKIP with the case's name."""
  t0 = time.monotonic()
  try:
    case()
  except Skip as s:
    print(f"SKIP {name}: {s}")
    return 77
  except MissingZooKeeper as m:
    in_ci = os.environ.get("CI", "").lower() in ("1", "true", "yes")
    print(f"{'FAIL' if in_ci else 'SKIP'} {name}: {m}")
    return 1 if in_ci else 77
  except (AssertionError, HarnessError) as ex:
    print(f"FAIL {name}: {ex}")
    return 1
  print(f"PASS {name} ({time.monotonic() - t0:.2f} s)")
  return 0

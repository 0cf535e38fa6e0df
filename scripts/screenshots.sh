#!/usr/bin/env bash
# Regenerates docs/screenshots/*.png with the app's own screenshot option under Xvfb (one per
# view, in a scenario where it has something to show). Usage: bash scripts/screenshots.sh [BUILD_DIR]
set -euo pipefail
cd "$(dirname "$0")/.."
app=${1:-build}/zooscope
out=docs/screenshots
mkdir -p "$out"
shot() {
  local name=$1
  shift
  xvfb-run -a -s "-screen 0 1600x1000x24" "$app" "$@" --screenshot "$out/$name.png" --frames 5
}
shot cluster-votes   --scenario leader-crash --at 4220 --view votes
shot zab             --scenario write-path --at 4700 --view zab
shot timeline-log    --scenario partition --at 32000 --view log
shot tree-lagging    --scenario lagging-follower --at 3900 --view tree --select 1
shot console         --scenario write-path --at 6000 --view console --select 1
shot nine-servers    --servers 9 --at 3000 --view votes
shot presenter-zh    --scenario leader-crash --at 4300 --presenter 1.5 --lang zh-CN --view zab
shot presenter-2x-partition --scenario partition --at 19000 --presenter 2
shot scenario-start  --scenario startup
shot txlog-trunc     --lab catching-up --step 8 --view txlog
shot causality       --scenario write-path --at 3310 --select-message 68 --view zab
shot lab-five-in-order           --lab five-in-order --step 2
shot lab-five-in-order-zh        --lab five-in-order --step 2 --lang zh-CN
shot lab-five-in-order-presenter --lab five-in-order --step 2 --presenter 2
# One per shipped lab (docs/labs.md), at the step that shows its point.
shot lab-tutorial-3       --lab tutorial-3 --step 3 --view log
shot lab-vote-order       --lab vote-order --step 3 --view votes
shot lab-leader-crash     --lab leader-crash --step 5 --view votes
shot lab-write-path       --lab write-path --step 3 --view zab
shot lab-2n-plus-1        --lab 2n-plus-1 --step 4 --view zab
shot lab-split-brain      --lab split-brain --step 5 --view zab
shot lab-catching-up      --lab catching-up --step 6 --view log
shot lab-sessions         --lab sessions --step 5 --view tree --select 2
shot lab-observers        --lab observers --step 2 --view zab
shot lab-stale-read-sync  --lab stale-read-sync --step 4 --view console --select 1
shot lab-config-pitfalls  --lab config-pitfalls --step 2
# Attached to a real 3.8.0 ensemble the script starts itself (tests/interop/zkharness.py, on
# 127.0.0.1) and stops again; left out where Java or ZooKeeper is missing.
zk_state=$(mktemp -d)/zk3.json
if python3 tests/interop/zkharness.py up --servers 3 --whitelist '*' --state "$zk_state" >/dev/null; then
  trap 'python3 tests/interop/zkharness.py down --state "$zk_state" >/dev/null' EXIT
  hosts=$(python3 -c 'import json, sys; print(json.load(open(sys.argv[1]))["connect_string"])' "$zk_state")
  shot attached-servers  --attach "$hosts" --window-size 1600x1000 --view servers
  shot attached-tree-zh  --attach "$hosts" --window-size 1600x1000 --view tree --lang zh-CN
  shot attached-presenter --attach "$hosts" --presenter 2 --view servers
  python3 tests/interop/zkharness.py down --state "$zk_state" >/dev/null
  trap - EXIT
else
  echo "screenshots.sh: no real ZooKeeper here; the attached pictures are left as they are" >&2
fi

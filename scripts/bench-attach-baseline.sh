#!/usr/bin/env bash
# The baselines zooscope's attach is measured against (docs/PERFORMANCE.md "Attach: baselines"):
# a real 3-server ZooKeeper 3.8.0 ensemble on 127.0.0.1 (tests/interop/zkharness.py), COUNT
# znodes created by a real client (tests/interop/zkload.py populate, fan-out 100), then real
# zkCli's `ls -R /` against server.1, timed as a whole process (JVM start included) RUNS times
# with /usr/bin/time. Also times the harness's own start for 3 and 5 servers.
#
#   bash scripts/bench-attach-baseline.sh [COUNT ...]    (default: 10000 100000)
#   RUNS=5 START_RUNS=5 ZS_ATTACH_CMD='...'
# ZS_ATTACH_CMD, when set, is timed the same way in the same run right after zkCli, with
# {hosts} replaced by server.1's host:port, so the two are compared on the same server and tree.
#
# Every server is stopped on exit, also on failure or Ctrl-C (trap); only 127.0.0.1 is used.
set -euo pipefail
cd "$(dirname "$0")/.."

py=/usr/bin/python3
[ -x "$py" ] || py=python3
harness=tests/interop/zkharness.py
load=tests/interop/zkload.py
runs=${RUNS:-5}
start_runs=${START_RUNS:-5}
counts=("$@")
[ ${#counts[@]} -gt 0 ] || counts=(10000 100000)

tmp=$(mktemp -d /tmp/zs-bench-XXXXXX)
state=$tmp/state.json
cleanup() {
  "$py" "$harness" down --state "$state" >/dev/null 2>&1 || true
  rm -rf "$tmp"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# min / median / max of the numbers on stdin, one a line
summary() {
  sort -g | awk '{v[NR]=$1} END {if (NR==0) {print "-"; exit}
    m = (NR % 2) ? v[(NR+1)/2] : (v[NR/2] + v[NR/2+1]) / 2
    printf "min %.2f  median %.2f  max %.2f  (n=%d)\n", v[1], m, v[NR], NR}'
}

# a quiet log4j for zkCli: warnings and errors only, on stderr
cat > "$tmp/log4j-cli.properties" <<'EOF'
log4j.rootLogger=WARN, ERR
log4j.appender.ERR=org.apache.log4j.ConsoleAppender
log4j.appender.ERR.Target=System.err
log4j.appender.ERR.layout=org.apache.log4j.PatternLayout
log4j.appender.ERR.layout.ConversionPattern=%-5p %m%n
EOF

echo "== machine: $(nproc) cores, $(uname -r); $(java -version 2>&1 | head -n 1)"

echo "== harness start: up (until every server serves) for 3 and 5 servers, $start_runs runs each"
for n in 3 5; do
  : > "$tmp/up$n"
  for _ in $(seq "$start_runs"); do
    out=$("$py" "$harness" up --servers "$n" --whitelist '*' --admin --state "$state")
    echo "$out" | sed -n 's/.*serving after \([0-9.]*\) s.*/\1/p' >> "$tmp/up$n"
    "$py" "$harness" down --state "$state" >/dev/null
  done
  echo "up --servers $n: $(summary < "$tmp/up$n") s"
done

for count in "${counts[@]}"; do
  echo "== $count znodes"
  "$py" "$harness" up --servers 3 --whitelist '*' --admin --state "$state" >/dev/null
  hosts=$("$py" -c 'import json, sys; print(json.load(open(sys.argv[1]))["connect_string"])' \
    "$state")
  server1=${hosts%%,*}
  "$py" "$load" populate --hosts "$hosts" --count "$count" --prefix /bench --fanout 100
  mapfile -t cli < <("$py" -c 'import sys; sys.path.insert(0, "tests/interop"); import zkharness
for a in zkharness.zkcli_command(sys.argv[1], "ls", "-R", "/", log4j=sys.argv[2]): print(a)' \
    "$server1" "$tmp/log4j-cli.properties")
  echo "zkCli: ${cli[*]}"
  : > "$tmp/cli$count"
  : > "$tmp/att$count"
  for r in $(seq "$runs"); do
    /usr/bin/time -f '%e %M' -o "$tmp/time" "${cli[@]}" > "$tmp/ls.out" 2> "$tmp/ls.err" || {
      echo "zkCli failed:"; tail -n 20 "$tmp/ls.err"; exit 1; }
    read -r secs kb < "$tmp/time"
    paths=$(grep -c '^/' "$tmp/ls.out" || true)
    echo "run $r: zkCli ls -R / printed $paths paths in $secs s (peak RSS $((kb / 1024)) MiB)"
    echo "$secs" >> "$tmp/cli$count"
    if [ -n "${ZS_ATTACH_CMD:-}" ]; then
      cmd=${ZS_ATTACH_CMD//\{hosts\}/$server1}
      /usr/bin/time -f '%e %M' -o "$tmp/time" sh -c "$cmd" > "$tmp/att.out" 2>&1 || {
        echo "ZS_ATTACH_CMD failed:"; tail -n 20 "$tmp/att.out"; exit 1; }
      read -r secs kb < "$tmp/time"
      echo "run $r: $cmd: $secs s (peak RSS $((kb / 1024)) MiB)"
      echo "$secs" >> "$tmp/att$count"
    fi
  done
  echo "zkCli ls -R / on $count znodes: $(summary < "$tmp/cli$count") s"
  if [ -n "${ZS_ATTACH_CMD:-}" ]; then
    echo "ZS_ATTACH_CMD on $count znodes: $(summary < "$tmp/att$count") s"
  fi
  "$py" "$harness" down --state "$state" >/dev/null
done

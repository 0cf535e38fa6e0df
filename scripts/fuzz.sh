#!/usr/bin/env bash
# Builds the libFuzzer targets (clang, ASan + UBSan, -DZS_FUZZ=ON) in build-fuzz/ and runs
# each one for ZS_FUZZ_SECONDS (default 60) on a copy of its checked-in seed corpus, so new
# inputs never land in tests/fuzz/corpus/. Exits non-zero if any target crashes; a crash's
# input is kept under build-fuzz/fuzz-run/<target>/ and replays with
#   build-fuzz/tests/fuzz/<target> <that file>
# Env: ZS_FUZZ_SECONDS (per target), ZS_FUZZ_JOBS (build parallelism, default nproc),
# ZS_FUZZ_TARGETS (space-separated names to run; default every target).
set -euo pipefail
cd "$(dirname "$0")/.."

seconds=${ZS_FUZZ_SECONDS:-60}
jobs=${ZS_FUZZ_JOBS:-$(nproc 2>/dev/null || echo 2)}
build=build-fuzz

echo "== fuzz build ($build/) =="
cmake -S . -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo -DZS_FUZZ=ON \
  -DCMAKE_C_COMPILER=clang -DCMAKE_CXX_COMPILER=clang++ \
  -DCMAKE_CXX_FLAGS_RELWITHDEBINFO="-O1 -gline-tables-only -DNDEBUG" \
  -DCMAKE_C_FLAGS_RELWITHDEBINFO="-O1 -gline-tables-only -DNDEBUG"
cmake --build "$build" -j "$jobs"

manifest=$build/fuzz_targets.tsv
if [ ! -s "$manifest" ]; then
  echo "fuzz: no targets listed in $manifest" >&2
  exit 1
fi

export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1:abort_on_error=0}
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}

summary=()
failed=0
while IFS=$'\t' read -r name binary corpus dict; do
  if [ -n "${ZS_FUZZ_TARGETS:-}" ] && [[ " $ZS_FUZZ_TARGETS " != *" $name "* ]]; then
    continue
  fi
  work=$build/fuzz-run/$name
  rm -rf "$work"
  mkdir -p "$work/artifacts"
  cp -r "$corpus" "$work/corpus"
  args=(-max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 -print_final_stats=1
        -artifact_prefix="$work/artifacts/")
  if [ "$dict" != "-" ]; then args+=(-dict="$dict"); fi

  echo "== $name: ${seconds} s on a copy of $corpus =="
  start=$(date +%s)
  set +e
  "$binary" "${args[@]}" "$work/corpus" >"$work/log.txt" 2>&1
  rc=$?
  set -e
  elapsed=$(( $(date +%s) - start ))
  runs=$(grep -oE 'stat::number_of_executed_units: *[0-9]+' "$work/log.txt" | grep -oE '[0-9]+$' | tail -n 1 || true)
  crashes=$(find "$work/artifacts" -type f | wc -l)
  if [ "$rc" -ne 0 ] && [ "$crashes" -eq 0 ]; then crashes=1; fi  # e.g. a failure at start-up
  line="$name: ${runs:-?} runs in $elapsed s, $crashes crashes"
  if [ "$crashes" -ne 0 ]; then
    failed=1
    tail -n 60 "$work/log.txt"
    for a in "$work"/artifacts/*; do
      [ -e "$a" ] && line+=" (replay: $binary $a)"
    done
  fi
  summary+=("$line")
done <"$manifest"

echo
for line in "${summary[@]}"; do echo "$line"; done
exit "$failed"

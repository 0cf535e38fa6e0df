#!/usr/bin/env bash
# Installs the dependencies, then builds and runs every test twice: first with
# AddressSanitizer + UndefinedBehaviorSanitizer (build-asan/, no window, since Mesa's own
# leaks under ASan are not ours), then, after the fuzz targets have run for a bounded time
# (scripts/fuzz.sh, build-fuzz/), the normal build (build/), whose ctest summary is the
# last thing printed. Any failure stops the script with a non-zero exit.
set -euo pipefail
cd "$(dirname "$0")/.."

bash scripts/install-deps.sh

jobs=$(nproc 2>/dev/null || echo 2)

echo "== sanitizer build (build-asan/) =="
# -O1 -g1 (line tables, no variable info): half the compile time of -O2 -g, and ASan's
# reports still name file and line. Both builds are unity builds (CMAKE_UNITY_BUILD: a few
# files per translation unit, so gtest, json, Asio and fmt are compiled once per batch; see
# zs_no_unity in CMakeLists.txt); a developer's incremental build is not.
cmake -S . -B build-asan -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo -DZS_SANITIZE=ON -DZS_BUILD_GUI=OFF -DZS_BUILD_INTEROP_TESTS=OFF \
  -DCMAKE_UNITY_BUILD=ON \
  -DCMAKE_CXX_FLAGS_RELWITHDEBINFO="-O1 -g1 -DNDEBUG" -DCMAKE_C_FLAGS_RELWITHDEBINFO="-O1 -g1 -DNDEBUG"
cmake --build build-asan -j "$jobs"
# The real-ZooKeeper interop tests (label interop: JVM starts, seconds of waiting each) run in
# the normal build only; here the same attach code runs against the fake servers of
# tests/unit/attach and tests/attach, which is where a sanitizer finds what it finds.
ASAN_OPTIONS=detect_leaks=1:halt_on_error=1 \
UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
  ctest --test-dir build-asan --output-on-failure --no-tests=error -j2 -LE interop

# libFuzzer targets (clang, build-fuzz/): ZS_FUZZ_SECONDS per target on a copy of the seed
# corpus; a crash stops the script here.
ZS_FUZZ_SECONDS="${ZS_FUZZ_SECONDS:-15}" ZS_FUZZ_JOBS="$jobs" bash scripts/fuzz.sh

echo "== normal build (build/) =="
# -g1: line tables for backtraces, a quarter less compile time than full -g.
cmake -S . -B build -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo -DCMAKE_UNITY_BUILD=ON \
  -DCMAKE_CXX_FLAGS_RELWITHDEBINFO="-O2 -g1 -DNDEBUG" -DCMAKE_C_FLAGS_RELWITHDEBINFO="-O2 -g1 -DNDEBUG"
cmake --build build -j "$jobs"
set +e
ctest --test-dir build --output-on-failure --no-tests=error -j2 2>&1 | tee build/ctest-output.txt
rc=${PIPESTATUS[0]}
set -e
# ctest lists skipped tests after its summary; repeat the summary so it is the last line.
summary=$(grep -E '^[0-9]+% tests passed' build/ctest-output.txt | tail -n 1 || true)
if [ -n "$summary" ]; then
  echo
  echo "$summary"
fi
exit "$rc"

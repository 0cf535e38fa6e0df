#!/usr/bin/env bash
# Installs the dependencies, builds build/ and opens the zooscope window. Arguments go to
# zooscope, e.g. `bash scripts/run.sh --servers 5` or `bash scripts/run.sh sim --help`.
set -euo pipefail
cd "$(dirname "$0")/.."

bash scripts/install-deps.sh
cmake -S . -B build -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo
cmake --build build -j "$(nproc 2>/dev/null || echo 2)" --target zooscope
exec build/zooscope "$@"

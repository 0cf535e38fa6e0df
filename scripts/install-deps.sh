#!/usr/bin/env bash
# Installs every Debian 12 package the build, the tests and the app need. Idempotent: when
# all are installed already it does nothing (no apt-get update), so repeat runs are fast.
set -euo pipefail

packages=(
  # build
  build-essential cmake ninja-build pkg-config
  # fuzz targets (scripts/fuzz.sh): clang and its libFuzzer/sanitizer runtimes, which clang
  # only recommends
  clang libclang-rt-dev
  # engine, CLI and tests
  libboost-dev libgtest-dev libgmock-dev libbenchmark-dev libcli11-dev nlohmann-json3-dev libfmt-dev libssl-dev libtomlplusplus-dev zlib1g-dev
  # window: Dear ImGui (+ stb), GLFW, the glad loader generator
  libimgui-dev libstb-dev libglfw3-dev python3-glad
  # fonts for the English and Chinese UI
  fonts-noto-cjk fonts-dejavu-core
  # GUI tests under a virtual X server (Mesa llvmpipe)
  xvfb xauth libgl1-mesa-dri
  # packaging: CPack's .deb runs file and dpkg-shlibdeps; the .desktop file's test
  file dpkg-dev desktop-file-utils
  # interop tests and benchmarks against real ZooKeeper 3.8.0 servers (tests/interop/): the
  # server jars (they bring OpenJDK 17), a real Python client, and the jars Debian's launcher
  # leaves off the class path: servlet-api for the Jetty AdminServer, slf4j's log4j binding
  # and log4j for the server's log, jline2 for a real zkCli's prompt
  zookeeper python3-kazoo libservlet-api-java libslf4j-java liblog4j1.2-java libjline2-java
)

missing=()
for p in "${packages[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q '^install ok installed$'; then
    missing+=("$p")
  fi
done

if [ ${#missing[@]} -eq 0 ]; then
  echo "install-deps: all ${#packages[@]} packages are installed"
  exit 0
fi

# Root runs apt-get directly; anyone else goes through sudo when it exists.
as_root=()
if [ "$(id -u)" -ne 0 ]; then
  if command -v sudo >/dev/null 2>&1; then
    as_root=(sudo)
  else
    echo "install-deps: missing packages: ${missing[*]}" >&2
    echo "install-deps: run this script as root (sudo is not available)" >&2
    exit 1
  fi
fi

echo "install-deps: installing ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
"${as_root[@]}" env DEBIAN_FRONTEND=noninteractive apt-get update
"${as_root[@]}" env DEBIAN_FRONTEND=noninteractive \
  apt-get install -y --no-install-recommends "${packages[@]}"

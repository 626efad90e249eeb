#!/usr/bin/env bash
# Installs what cofetch needs from Debian's packages (only what is missing, with
# one apt-get update) and builds it in Release mode into build/ (binary: build/cofetch).
#
# Environment: COFETCH_WERROR=ON treats warnings as errors (CI); COFETCH_JOBS sets
# the build's parallelism (default 2).
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)

packages=(
  g++ make cmake pkg-config
  libcurl4-openssl-dev libuv1-dev libcli11-dev libfmt-dev doctest-dev nlohmann-json3-dev
  python3 python3-pytest
  curl           # the conformance suite's oracle: Debian's curl on the same requests
  nginx openssl  # the TLS and HTTP/2 tests run against a real server on loopback
  tmux           # the progress line is tested in a real terminal
  python3-yaml parallel  # the scaling examples (Kubernetes manifest, GNU parallel) are tested
  clang libclang-rt-14-dev  # libFuzzer: the parsers of untrusted text are fuzzed
  valgrind                  # memcheck runs over whole fetches in the leak tests
  groff-base zsh fish  # the man page and the shell completions are tested
  dpkg-dev file                        # cpack -G DEB finds the package's dependencies
)

missing=()
for package in "${packages[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$package")
  fi
done

if ((${#missing[@]} > 0)); then
  sudo=""
  if [ "$(id -u)" -ne 0 ]; then
    command -v sudo >/dev/null || { echo "setup: run as root to install: ${missing[*]}" >&2; exit 1; }
    sudo="sudo"
  fi
  echo "setup: installing ${missing[*]}"
  # Installing nginx would start it as a service on port 80; the tests start their
  # own. Where no policy says otherwise, forbid service starts for this install.
  policy=/usr/sbin/policy-rc.d
  if [ ! -e "$policy" ]; then
    printf '#!/bin/sh\nexit 101\n' | $sudo tee "$policy" >/dev/null
    $sudo chmod +x "$policy"
    trap '$sudo rm -f "$policy"' EXIT
  fi
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

cmake -S "$root" -B "$root/build" -DCMAKE_BUILD_TYPE=Release -DCOFETCH_WERROR="${COFETCH_WERROR:-OFF}" >/dev/null
cmake --build "$root/build" -j "${COFETCH_JOBS:-2}"

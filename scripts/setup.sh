#!/usr/bin/env bash
# Installs what is missing from Debian's packages (one apt-get update) and builds
# cofetch in Release mode into build/.
#
#   scripts/setup.sh           what building and running cofetch needs; builds
#                              build/cofetch and build/cofetch-test-server
#   scripts/setup.sh --tests   adds what the tests need; builds everything
#   scripts/setup.sh --list    prints the packages it would make sure of (with
#                              --tests: the tests' too), and does nothing else
#
# The build prints one line (its log is build/build.log, shown if it fails) and
# is skipped when build/ is newer than every source. Services that the packages
# it installs would start (nginx, sysstat) are left disabled and stopped; what
# each such service was before and after the set-up is written to
# build/setup-services.txt (the tests check that the set-up turned none on).
#
# Environment: COFETCH_WERROR=ON treats warnings as errors (CI); COFETCH_JOBS sets
# the build's parallelism (default 2).
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
tests=0
list=0
for arg in "$@"; do
  case "$arg" in
    --tests) tests=1 ;;
    --list) list=1 ;;
    *) echo "usage: scripts/setup.sh [--tests] [--list]" >&2; exit 2 ;;
  esac
done

# Building and running cofetch (and the local test server of the demo).
packages=(
  g++ make cmake pkg-config
  libcurl4-openssl-dev libuv1-dev libcli11-dev libfmt-dev nlohmann-json3-dev
  libssl-dev  # SHA-256 of bodies (--hash), from the OpenSSL libcurl already uses
)
if ((tests)); then
  packages+=(
    doctest-dev python3 python3-pytest
    curl           # the conformance suite's oracle: Debian's curl on the same requests
    nginx openssl  # TLS and HTTP/2 against a real server on loopback
    tinyproxy microsocks  # -x: an HTTP proxy (with CONNECT) and SOCKS5 with a password
    tmux           # the progress line is tested in a real terminal
    python3-yaml parallel  # the scaling examples (Kubernetes manifest, GNU parallel)
    slurm-wlm munge        # the Slurm array example, on a one-node cluster the test starts
    clang libclang-rt-14-dev  # the sanitizer build and libFuzzer
    valgrind                  # memcheck runs over whole fetches in the leak tests
    strace                    # a name that does not resolve is looked up once: counted
    groff-base zsh fish  # the man page and the shell completions are tested
    dpkg-dev file        # cpack -G DEB finds the package's dependencies
    chromium             # --report is opened in a real browser (headless)
  )
fi
if ((list)); then
  printf '%s\n' "${packages[@]}"
  exit 0
fi

# Whether `service` would start at boot and whether it runs now, as one word each:
# "enabled"/"disabled" and "running"/"stopped".
watched_services=(nginx sysstat tinyproxy munge slurmctld slurmd)
# The process each runs as, where its name is not the service's.
declare -A service_process=([munge]=munged)
service_state() {
  local service=$1 boot=disabled run=stopped
  if command -v systemctl >/dev/null && [ "$(systemctl is-enabled "$service" 2>/dev/null)" = enabled ]; then
    boot=enabled
  fi
  if [ -e "/etc/systemd/system/multi-user.target.wants/$service.service" ] ||
     compgen -G "/etc/rc[2345].d/S??$service" >/dev/null; then
    boot=enabled
  fi
  local comm process=${service_process[$service]:-$service}  # (no pgrep: procps may not be installed yet)
  for comm in /proc/[0-9]*/comm; do
    if [ "$(cat "$comm" 2>/dev/null)" = "$process" ]; then run=running; break; fi
  done
  echo "$boot $run"
}
declare -A services_before
for service in "${watched_services[@]}"; do services_before[$service]=$(service_state "$service"); done

missing=()
for package in "${packages[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$package")
  fi
done

# Installs `missing`; what the new packages would run as services stays off.
install_missing() {
  local sudo=""
  if [ "$(id -u)" -ne 0 ]; then
    command -v sudo >/dev/null || { echo "setup: run as root to install: ${missing[*]}" >&2; exit 1; }
    sudo="sudo"
  fi
  local before
  before=$(dpkg-query -W -f='${Package}\n' 2>/dev/null | sort)
  echo "setup: installing ${#missing[@]} packages and what they need: ${missing[*]}"
  # Installing nginx would start it as a service on port 80; the tests start their
  # own. Where no policy says otherwise, forbid service starts for this install.
  local policy=/usr/sbin/policy-rc.d
  local own_policy=0
  if [ ! -e "$policy" ]; then
    printf '#!/bin/sh\nexit 101\n' | $sudo tee "$policy" >/dev/null
    $sudo chmod +x "$policy"
    own_policy=1
  fi
  # apt's own chatter goes to a log, shown if it fails.
  local log
  log=$(mktemp)
  if ! { $sudo apt-get update -qq &&
         DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends \
           "${missing[@]}"; } >"$log" 2>&1; then
    cat "$log" >&2
    ((own_policy)) && $sudo rm -f "$policy"
    echo "setup: installing the packages failed (apt's output above)" >&2
    exit 1
  fi
  rm -f "$log"
  ((own_policy)) && $sudo rm -f "$policy"
  # Every package this install added (dependencies too) keeps its services off:
  # not enabled for the next boot, not running now.
  local package unit
  for package in $(comm -13 <(echo "$before") <(dpkg-query -W -f='${Package}\n' | sort)); do
    for unit in $(dpkg -L "$package" 2>/dev/null | grep -E '^/(usr/)?lib/systemd/system/[^/]+\.service$' || true); do
      unit=$(basename "$unit")
      if command -v systemctl >/dev/null; then
        $sudo systemctl disable --quiet "$unit" 2>/dev/null || true
        $sudo systemctl stop "$unit" 2>/dev/null || true
      else  # no systemd here (a container): its links are still made for a later boot
        $sudo deb-systemd-helper disable "$unit" >/dev/null 2>&1 || true
      fi
    done
    if [ -x "/etc/init.d/$package" ]; then
      $sudo update-rc.d "$package" disable >/dev/null 2>&1 || true
    fi
  done
}
if ((${#missing[@]} > 0)); then install_missing; fi

# What the set-up did to the services it could have turned on: "name before after".
mkdir -p "$root/build"
for service in "${watched_services[@]}"; do
  echo "$service ${services_before[$service]} $(service_state "$service")"
done >"$root/build/setup-services.txt"

# Configures build/ and builds what `targets` name (everything when none), quietly.
# A stamp written after a good build tells whether any source changed since.
build() {
  local what=$1 stamp=$2 took=$3
  shift 3
  local newer=missing
  if [ -e "$stamp" ]; then
    newer=$(find "$root/src" "$root/include" "$root/tests" "$root/cmake" "$root/examples" \
                 "$root/CMakeLists.txt" -newer "$stamp" -print -quit)
  fi
  if [ -z "$newer" ]; then
    echo "setup: $what up to date in build/"
    return
  fi
  echo "setup: building $what (about $took on 2 cores the first time; log: build/build.log)"
  mkdir -p "$root/build"
  local log="$root/build/build.log" started=$SECONDS
  local configure=(-DCMAKE_BUILD_TYPE=Release -DCOFETCH_WERROR="${COFETCH_WERROR:-OFF}")
  # The tests (and their doctest) only when asked; a build/ set up for them stays so.
  if ((tests)); then
    configure+=(-DCOFETCH_TESTS=ON -DCOFETCH_EXAMPLES=ON)
  elif [ ! -e "$root/build/CMakeCache.txt" ]; then
    configure+=(-DCOFETCH_TESTS=OFF -DCOFETCH_EXAMPLES=OFF)
  fi
  if ! { cmake -S "$root" -B "$root/build" "${configure[@]}" &&
         cmake --build "$root/build" -j "${COFETCH_JOBS:-2}" "$@"; } >"$log" 2>&1; then
    cat "$log" >&2
    echo "setup: the build failed (log above, and in build/build.log)" >&2
    exit 1
  fi
  touch "$stamp"
  echo "setup: built in $((SECONDS - started)) s"
}

if ((tests)); then
  build "cofetch, its tests and docs" "$root/build/.built-for-tests" "a minute"
else
  build "cofetch and its test server" "$root/build/.built-for-demo" "half a minute" \
    --target cofetch cofetch-test-server
fi

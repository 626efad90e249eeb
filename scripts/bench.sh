#!/usr/bin/env bash
# The benchmark: cofetch against the tools people use for the same job, on the
# same URL lists, in the same run, against nginx on loopback. Not part of the
# test suite. See docs/PERFORMANCE.md for what it measures and the latest figures.
#
#   scripts/bench.sh                  # every workload, 3 runs each (median)
#   scripts/bench.sh --workloads A,G  # some of them
#   scripts/bench.sh --runs 5
#   scripts/bench.sh --instructions   # instructions and allocations per request (valgrind)
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
"$root/scripts/setup.sh"

# nghttp2-client: h2load, the HTTP/2 ceiling; valgrind: --instructions.
packages=(nginx libnginx-mod-http-echo wrk wget2 aria2 curl python3-aiohttp util-linux openssl
          nghttp2-client valgrind)
missing=()
for package in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" || missing+=("$package")
done
if ((${#missing[@]} > 0)); then
  sudo=""
  [ "$(id -u)" -ne 0 ] && sudo="sudo"
  echo "bench: installing ${missing[*]}"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

# Debian's Python packages (aiohttp) belong to /usr/bin/python3.
exec /usr/bin/python3 "$root/scripts/bench/run.py" --cofetch "$root/build/cofetch" "$@"

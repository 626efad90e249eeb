#!/usr/bin/env bash
# Sets up what building and running cofetch needs (scripts/setup.sh), starts the
# bundled test server on 127.0.0.1, and lets cofetch fetch examples/slow-urls.txt
# (20 URLs the server answers after 0.2 to 1 s) one at a time and then
# concurrently, printing what concurrency bought. The server stops at the end.
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
"$root/scripts/setup.sh"

port_file=$(mktemp)
"$root/build/cofetch-test-server" --host 127.0.0.1 --port 0 >"$port_file" &
server=$!
trap 'kill "$server" 2>/dev/null || true; wait "$server" 2>/dev/null || true; rm -f "$port_file"' EXIT

for _ in $(seq 50); do
  [ -s "$port_file" ] && break
  sleep 0.1
done
port=$(head -n 1 "$port_file")
[ -n "$port" ] || { echo "demo: the test server did not start" >&2; exit 1; }

echo
echo "demo: the test server listens on http://127.0.0.1:$port; examples/slow-urls.txt lists"
echo "      20 of its URLs, answered after 0.2 to 1 s. cofetch fetches them one at a time,"
echo "      then 20 at once:"
echo
echo "\$ ./build/cofetch --compare -j 20 -i - < examples/slow-urls.txt"
# The example list holds paths; the server's port is chosen at start.
sed -e '/^#/d' -e "s|^/|http://127.0.0.1:$port/|" "$root/examples/slow-urls.txt" |
  "$root/build/cofetch" --compare -j 20 -i -

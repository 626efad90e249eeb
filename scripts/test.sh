#!/usr/bin/env bash
# Sets everything up (scripts/setup.sh --tests), builds, and runs every test
# through ctest twice: on the Release build, then on a clang build with
# AddressSanitizer and UndefinedBehaviorSanitizer (build-sanitize/), where any
# sanitizer report fails the run. That build carries libFuzzer's instrumentation
# too, and then fuzzes every parser of untrusted text for a bounded time
# (scripts/fuzz.sh).
#
# Environment: COFETCH_SANITIZERS=0 skips the sanitizer pass and the fuzzing,
# COFETCH_FUZZ=0 the fuzzing; FUZZ_SECONDS sets the time per fuzz target (default
# 10); COFETCH_WERROR=ON treats warnings as errors (CI).
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
jobs=${COFETCH_JOBS:-2}

"$root/scripts/setup.sh" --tests

# Every pass leaves its counts here; the last line adds them up (passes, failures,
# skips and why), whether the run ends well or not.
counts=$(mktemp -d)
passes=()
print_counts() {
  echo "== tests: $(/usr/bin/python3 "$root/scripts/test_counts.py" "${passes[@]}")"
  rm -rf "$counts"
}
trap print_counts EXIT
# Runs ctest in `build` as pass `name`.
run_pass() {
  local name=$1 build=$2
  mkdir -p "$counts/$name"
  passes+=("$counts/$name:$counts/$name.xml")
  (cd "$build" && COFETCH_TEST_COUNTS="$counts/$name" \
     ctest --output-on-failure -j "$jobs" --output-junit "$counts/$name.xml")
}

echo "== tests: Release build"
run_pass release "$root/build"

if [ "${COFETCH_SANITIZERS:-1}" != 0 ]; then
  sanitize="$root/build-sanitize"
  # One clang build serves both: the sanitizer pass and the fuzz targets.
  if [ -e "$sanitize/CMakeCache.txt" ] && ! grep -q '^CMAKE_CXX_COMPILER:.*clang' "$sanitize/CMakeCache.txt"; then
    rm -rf "$sanitize"  # made with another compiler: CMake cannot switch in place
  fi
  echo "== tests: AddressSanitizer + UndefinedBehaviorSanitizer build (clang; log: build-sanitize/build.log)"
  mkdir -p "$sanitize"
  if ! { CC=clang CXX=clang++ cmake -S "$root" -B "$sanitize" -DCMAKE_BUILD_TYPE=Debug \
           -DCMAKE_CXX_FLAGS_DEBUG="-O1 -g1" -DCOFETCH_SANITIZE=ON -DCOFETCH_FUZZ=ON \
           -DCOFETCH_WERROR="${COFETCH_WERROR:-OFF}" &&
         cmake --build "$sanitize" -j "$jobs"; } >"$sanitize/build.log" 2>&1; then
    cat "$sanitize/build.log" >&2
    exit 1
  fi
  # A report aborts the process with status 86; LeakSanitizer runs at every exit.
  export ASAN_OPTIONS="detect_leaks=1:exitcode=86:abort_on_error=0:detect_stack_use_after_return=1"
  export UBSAN_OPTIONS="print_stacktrace=1:halt_on_error=1:exitcode=86"
  run_pass sanitizers "$sanitize"

  if [ "${COFETCH_FUZZ:-1}" != 0 ]; then
    FUZZ_BUILD="$sanitize" FUZZ_SECONDS="${FUZZ_SECONDS:-10}" "$root/scripts/fuzz.sh"
  fi
fi
echo "== all tests passed"  # (the counts follow)

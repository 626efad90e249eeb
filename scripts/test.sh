#!/usr/bin/env bash
# Sets everything up, builds, and runs every test through ctest twice: on the
# Release build, then on a build with AddressSanitizer and UndefinedBehaviorSanitizer
# (build-sanitize/), where any sanitizer report fails the run. Then fuzzes every
# parser of untrusted text with libFuzzer for a bounded time (scripts/fuzz.sh).
#
# Environment: COFETCH_SANITIZERS=0 skips the sanitizer pass, COFETCH_FUZZ=0 the
# fuzzing; FUZZ_SECONDS sets the time per fuzz target (default 10);
# COFETCH_WERROR=ON treats warnings as errors (CI).
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
jobs=${COFETCH_JOBS:-2}

"$root/scripts/setup.sh"

echo "== tests: Release build"
(cd "$root/build" && ctest --output-on-failure -j "$jobs")

if [ "${COFETCH_SANITIZERS:-1}" != 0 ]; then
  echo "== tests: AddressSanitizer + UndefinedBehaviorSanitizer build"
  cmake -S "$root" -B "$root/build-sanitize" -DCMAKE_BUILD_TYPE=Debug -DCMAKE_CXX_FLAGS_DEBUG="-O1 -g1" \
    -DCOFETCH_SANITIZE=ON -DCOFETCH_WERROR="${COFETCH_WERROR:-OFF}" >/dev/null
  cmake --build "$root/build-sanitize" -j "$jobs"
  # A report aborts the process with status 86; LeakSanitizer runs at every exit.
  export ASAN_OPTIONS="detect_leaks=1:exitcode=86:abort_on_error=0:detect_stack_use_after_return=1"
  export UBSAN_OPTIONS="print_stacktrace=1:halt_on_error=1:exitcode=86"
  (cd "$root/build-sanitize" && ctest --output-on-failure -j "$jobs")
fi

if [ "${COFETCH_FUZZ:-1}" != 0 ]; then
  FUZZ_SECONDS="${FUZZ_SECONDS:-10}" "$root/scripts/fuzz.sh"
fi
echo "== all tests passed"

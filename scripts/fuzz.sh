#!/usr/bin/env bash
# Fuzzes every parser of untrusted text with libFuzzer (Debian's clang), each
# target for FUZZ_SECONDS (default 30), two at a time. A crash is copied into
# tests/fuzz/regressions/<target>/ (replayed by the tests from then on) and the
# script fails. Each run draws a fresh seed and prints it, so every run explores
# new inputs; FUZZ_SEED=N replays the run that printed N. FUZZ_BUILD names a build
# made with clang and -DCOFETCH_FUZZ=ON to use as it is (scripts/test.sh's
# sanitizer build); without it, build-fuzz/ is made.
# Usage: scripts/fuzz.sh [target...]
set -euo pipefail
cd "$(dirname "$0")/.."

seconds="${FUZZ_SECONDS:-30}"
seed="${FUZZ_SEED:-$(( $(od -An -N4 -tu4 /dev/urandom) % 2147483646 + 1 ))}"
build="${FUZZ_BUILD:-build-fuzz}"
targets=("$@")
if [ ${#targets[@]} -eq 0 ]; then
  targets=(url_lines write_out retry_after option_values resume_records writers_roundtrip)
fi

if [ -z "${FUZZ_BUILD:-}" ]; then
  echo "== fuzz: building with clang (libFuzzer, AddressSanitizer, UndefinedBehaviorSanitizer)"
  # -O1 and line tables only: the build takes a good part of a short fuzzing run,
  # and reports still name file and line.
  CC=clang CXX=clang++ cmake -S . -B "$build" -DCMAKE_BUILD_TYPE=RelWithDebInfo \
    -DCMAKE_CXX_FLAGS_RELWITHDEBINFO="-O1 -g1" -DCOFETCH_FUZZ=ON -DCOFETCH_WERROR=OFF >/dev/null
fi
cmake --build "$build" -j2 --target "${targets[@]/#/fuzz_}" >/dev/null

# One target: its corpus grows in the build tree from the seeds; findings land in
# the build tree's artifacts folder first.
fuzz_one() {
  local target=$1
  local corpus="$build/fuzz-corpus/$target" artifacts="$build/fuzz-artifacts/$target"
  rm -rf "$artifacts"  # only this run's findings are copied
  mkdir -p "$corpus" "$artifacts"
  cp -n tests/fuzz/corpus/"$target"/* "$corpus"/ 2>/dev/null || true
  if "$build/tests/fuzz_$target" -seed="$seed" -max_total_time="$seconds" -max_len=4096 -timeout=10 \
       -rss_limit_mb=2048 -print_final_stats=1 -artifact_prefix="$artifacts/" \
       "$corpus" >"$build/fuzz-$target.log" 2>&1; then
    echo "   $target: $(grep -m1 -o 'stat::number_of_executed_units: *[0-9]*' "$build/fuzz-$target.log" |
                       grep -o '[0-9]*$') runs, no finding"
  else
    mkdir -p tests/fuzz/regressions/"$target"
    cp "$artifacts"/* tests/fuzz/regressions/"$target"/ 2>/dev/null || true
    echo "   $target: FINDING with seed $seed (saved in tests/fuzz/regressions/$target); log:"
    tail -40 "$build/fuzz-$target.log"
    return 1
  fi
}

echo "== fuzz: ${#targets[@]} targets, ${seconds} s each, two at a time, seed $seed (FUZZ_SEED=$seed replays it)"
failed=0
for ((i = 0; i < ${#targets[@]}; i += 2)); do
  pids=()
  for target in "${targets[@]:i:2}"; do
    fuzz_one "$target" & pids+=($!)
  done
  for pid in "${pids[@]}"; do wait "$pid" || failed=1; done
done
exit "$failed"

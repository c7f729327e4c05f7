#!/usr/bin/env bash
# Builds the libFuzzer targets with clang (ASan + UBSan) into build-fuzz and runs each for
# SECONDS_PER_TARGET seconds (default 30 each), starting from the committed seeds in
# tests/fuzz/corpus. --long HOURS runs each target for HOURS hours instead (outside CI; fractions
# such as 0.5 work). New interesting inputs accumulate in build-fuzz/corpus,
# so repeated or long runs (scripts/fuzz.sh 3600) pick up where the last stopped. A crash or a
# hang stops the run with the input saved under build-fuzz/artifacts/<target>/; it becomes a
# regression test by copying it to tests/fuzz/regressions/<target>/ (docs/testing.md).
#   scripts/fuzz.sh [SECONDS_PER_TARGET] [TARGET...]
#   scripts/fuzz.sh --long HOURS [TARGET...]
set -euo pipefail
cd "$(dirname "$0")/.."
if [[ ${1:-} == --long ]]; then
  if [[ ! ${2:-} =~ ^[0-9]+([.][0-9]+)?$ ]]; then
    echo "scripts/fuzz.sh: --long needs a number of hours per target, e.g. --long 2" >&2
    exit 2
  fi
  seconds=$(awk -v h="$2" 'BEGIN { printf "%d", h * 3600 }')
  shift 2
else
  seconds=${1:-30}
  if [[ ! $seconds =~ ^[0-9]+$ ]]; then
    echo "scripts/fuzz.sh: SECONDS_PER_TARGET must be a whole number, got '$seconds'" >&2
    exit 2
  fi
  shift || true
fi
targets=("$@")
if ((${#targets[@]} == 0)); then
  targets=(safetensors torch_pickle torch_zip gguf config tokenizer_files tokenizer_json sentencepiece encode session lesson)
  targets+=(safetensors_index family_config tokenizer_json_encode sentencepiece_encode)
fi

bash scripts/install-deps.sh
jobs=$(( $(nproc) < 2 ? $(nproc) : 2 ))
CC=clang CXX=clang++ cmake -S . -B build-fuzz -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo \
  -DCMAKE_CXX_FLAGS_RELWITHDEBINFO="-O1 -g" -DATTNSCOPE_FUZZ=ON -DATTNSCOPE_NATIVE=OFF >/dev/null
cmake --build build-fuzz -j "$jobs" --target $(printf 'fuzz_%s ' "${targets[@]}")

# Scratch files of the targets go here, not into the system temp folder.
export TMPDIR="$PWD/build-fuzz/tmp"
export ASAN_OPTIONS=detect_leaks=1:abort_on_error=0
export UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1
status=0
printf '%-16s %10s %9s %12s %s\n' target executions exec/s corpus result
for target in "${targets[@]}"; do
  mkdir -p "build-fuzz/corpus/$target" "build-fuzz/artifacts/$target" build-fuzz/logs "$TMPDIR"
  log="build-fuzz/logs/$target.log"
  # encode runs every tokenizer on each input: longer texts only slow it down, and 1 KB is already
  # past every test model's maximum positions.
  extra=()
  if [[ $target == encode ]]; then extra=(-max_len=1024); fi
  # -timeout: an input taking over 10 s counts as a hang; -rss_limit_mb: over 2 GB as a leak or a
  # missing size check. Each target's largest seed sets the longest input the fuzzer tries.
  if "build-fuzz/tests/fuzz/fuzz_$target" "build-fuzz/corpus/$target" "tests/fuzz/corpus/$target" \
      -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 -print_final_stats=1 \
      -artifact_prefix="build-fuzz/artifacts/$target/" "${extra[@]}" >"$log" 2>&1; then
    result=clean
  else
    result="FAILED: see $log and build-fuzz/artifacts/$target/"
    status=1
  fi
  # || true: a target that stops before its first status line (a crash or hang on a seed) must
  # still get its row; with pipefail a grep that finds nothing would end the script silently.
  executions=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -1 || true)
  rate=$(sed -n 's/^stat::average_exec_per_sec: *//p' "$log" | tail -1 || true)
  corpus=$( (grep -Eo 'corp: [0-9]+/[0-9]+[a-zA-Z]*' "$log" || true) | tail -1 | cut -d' ' -f2)
  printf '%-16s %10s %9s %12s %s\n' "$target" "${executions:-?}" "${rate:-?}" "${corpus:-?}" "$result"
done
rm -rf "$TMPDIR"
exit "$status"

#!/usr/bin/env bash
# Builds the libFuzzer targets with clang (ASan + UBSan) into build-asan (the sanitizer build that
# scripts/sanitize.sh shares: scripts/configure-asan.sh) and runs each for
# SECONDS_PER_TARGET seconds (default 30 each), starting from the committed seeds in
# tests/fuzz/corpus. --long HOURS runs each target for HOURS hours instead (outside CI; fractions
# such as 0.5 work). New interesting inputs accumulate in build-asan/corpus,
# so repeated or long runs (scripts/fuzz.sh 3600) pick up where the last stopped. A crash or a
# hang stops the run with the input saved under build-asan/artifacts/<target>/; it becomes a
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
bash scripts/configure-asan.sh
cmake --build build-asan -j "$jobs" --target $(printf 'fuzz_%s ' "${targets[@]}")

# Scratch files of the targets go here, not into the system temp folder.
export TMPDIR="$PWD/build-asan/tmp"
export ASAN_OPTIONS=detect_leaks=1:abort_on_error=0
export UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1
status=0
failures=()
printf '%-16s %10s %9s %12s %s\n' target executions exec/s corpus result
for target in "${targets[@]}"; do
  mkdir -p "build-asan/corpus/$target" "build-asan/artifacts/$target" build-asan/logs "$TMPDIR"
  log="build-asan/logs/$target.log"
  # encode runs every tokenizer on each input: longer texts only slow it down, and 1 KB is already
  # past every test model's maximum positions.
  extra=()
  if [[ $target == encode ]]; then extra=(-max_len=1024); fi
  # -timeout: an input taking over 10 s counts as a hang; -rss_limit_mb: over 2 GB as a leak or a
  # missing size check. Each target's largest seed sets the longest input the fuzzer tries.
  if "build-asan/tests/fuzz/fuzz_$target" "build-asan/corpus/$target" "tests/fuzz/corpus/$target" \
      -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 -print_final_stats=1 \
      -artifact_prefix="build-asan/artifacts/$target/" "${extra[@]}" >"$log" 2>&1; then
    result=clean
  else
    result="FAILED: see $log and build-asan/artifacts/$target/"
    status=1
  fi
  # || true: a target that stops before its first status line (a crash or hang on a seed) must
  # still get its row; with pipefail a grep that finds nothing would end the script silently.
  executions=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -1 || true)
  rate=$(sed -n 's/^stat::average_exec_per_sec: *//p' "$log" | tail -1 || true)
  corpus=$( (grep -Eo 'corp: [0-9]+/[0-9]+[a-zA-Z]*' "$log" || true) | tail -1 | cut -d' ' -f2)
  printf '%-16s %10s %9s %12s %s\n' "$target" "${executions:-?}" "${rate:-?}" "${corpus:-?}" "$result"
  failures+=("$target")
  [[ $result == clean ]] && unset 'failures[-1]'
done
# A CI run keeps only what this script prints: each failure's report and its input (base64, when
# small), so the input can be rebuilt and committed as a regression without the build folder.
for target in "${failures[@]}"; do
  echo "--- $target: the end of build-asan/logs/$target.log"
  grep -v -E '^#[0-9]+' "build-asan/logs/$target.log" | tail -n 40 || true
  for input in "build-asan/artifacts/$target"/*; do
    [[ -f $input ]] || continue
    if (($(stat -c %s "$input") <= 16384)); then
      echo "--- $input (base64; rebuild with: base64 -d > FILE)"
      base64 -w 100 "$input"
    else
      echo "--- $input: $(stat -c %s "$input") bytes, too long to print"
    fi
  done
done
rm -rf "$TMPDIR"
exit "$status"

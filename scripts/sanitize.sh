#!/usr/bin/env bash
# The test suites under AddressSanitizer + UndefinedBehaviorSanitizer, in build-asan (clang; the
# same build scripts/fuzz.sh uses, configured by scripts/configure-asan.sh): the core and
# command-line tests and the tokenizer tests, then the GUI suites labelled `sanitized` (all but
# tst_long_inputs: tests/ui/CMakeLists.txt says why), the monkey at 500 actions. Any report fails
# the run: UBSan halts on the first error and ASan checks for leaks at exit (tests/lsan.supp: leaks
# in system libraries only, each with its reason). docs/testing.md says what this stage costs.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install-deps.sh
jobs=$(( $(nproc) < 2 ? $(nproc) : 2 ))
bash scripts/configure-asan.sh
# Only what ctest runs here: the benchmarks would add build time and no tests.
gui_suites=$(cd build-asan && ctest -N -L sanitized | sed -n 's/^ *Test *#[0-9]*: //p')
# shellcheck disable=SC2086 # one target per word
cmake --build build-asan -j "$jobs" --target attnscope-cli core_tests text_tests $gui_suites
export ASAN_OPTIONS=detect_leaks=1:abort_on_error=0:strict_string_checks=1:detect_stack_use_after_return=1
export LSAN_OPTIONS="suppressions=$PWD/tests/lsan.supp:print_suppressions=0"
export UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1
# The forward-pass suites forced onto lower kernel sets (core_tests_on_*_kernels) check numerics,
# not memory, and cost 4-5 min under ASan: left out. Kernels.* in core_tests already runs every
# kernel set the CPU has under the sanitizers. The Python module is not built here (loading an
# ASan library into Debian's interpreter needs the runtime preloaded), nor are the packaging checks.
ctest --test-dir build-asan --output-on-failure -j "$jobs" -LE 'gui|python' \
  -E '^(core_tests_on_|PackageRefusesNativeBuild_)'
# The GUI suites: the monkey's 2,000 actions are the Release run's; 500 here find memory errors on
# the same paths at a quarter of the cost.
MONKEY_ACTIONS=500 ctest --test-dir build-asan --output-on-failure -j "$jobs" -L sanitized

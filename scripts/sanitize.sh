#!/usr/bin/env bash
# The core and command-line tests under AddressSanitizer + UndefinedBehaviorSanitizer, in their own
# build directory (build-asan) without the GUI. Any report fails the run: UBSan halts on the first
# error and ASan checks for leaks at exit. docs/testing.md says what this stage costs.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install-deps.sh
jobs=$(( $(nproc) < 2 ? $(nproc) : 2 ))
# Portable code generation (ATTNSCOPE_NATIVE=OFF): at -O1 GCC 12 warns falsely inside Eigen's
# AVX-512 intrinsics, and the sanitizers check the same C++ either way.
sanitizers="-fsanitize=address,undefined -fno-sanitize-recover=undefined -fno-omit-frame-pointer"
cmake -S . -B build-asan -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo \
  -DCMAKE_CXX_FLAGS_RELWITHDEBINFO="-O1 -g" \
  -DCMAKE_CXX_FLAGS="$sanitizers" \
  -DCMAKE_EXE_LINKER_FLAGS="-fsanitize=address,undefined" \
  -DATTNSCOPE_BUILD_GUI=OFF -DATTNSCOPE_NATIVE=OFF >/dev/null
# Only what ctest runs: the benchmarks would add build time and no tests.
cmake --build build-asan -j "$jobs" --target attnscope-cli core_tests text_tests
export ASAN_OPTIONS=detect_leaks=1:abort_on_error=0:strict_string_checks=1:detect_stack_use_after_return=1
export UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1
# The forward-pass suites forced onto lower kernel sets (core_tests_on_*_kernels) check numerics,
# not memory, and cost 4-5 min under ASan: left out. Kernels.* in core_tests already runs every
# kernel set the CPU has under the sanitizers.
ctest --test-dir build-asan --output-on-failure -j "$jobs" -E '^core_tests_on_'

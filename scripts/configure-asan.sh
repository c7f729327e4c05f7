#!/usr/bin/env bash
# Configures build-asan: clang, -O1, AddressSanitizer + UndefinedBehaviorSanitizer everywhere, and
# libFuzzer's coverage in the folders of core that read files and text (ATTNSCOPE_FUZZ). One build
# serves both scripts/sanitize.sh (the test suites under the sanitizers) and scripts/fuzz.sh (the
# fuzz targets), so CI compiles the sanitized core once. Both must configure it the same way, or
# each run would rebuild everything: this script is that one way.
set -euo pipefail
cd "$(dirname "$0")/.."
# -gline-tables-only: file and line in every report, at a fraction of full -g's compile and link time.
# -fno-sanitize-recover=undefined: UBSan stops at its first report.
flags="-fsanitize=address,undefined -fno-sanitize-recover=undefined -fno-omit-frame-pointer -gline-tables-only"
# With Qt: scripts/sanitize.sh runs the GUI suites labelled `sanitized` here too; scripts/fuzz.sh
# builds only its targets, so the widget code is compiled only by the stage that runs it.
# Portable code generation (ATTNSCOPE_NATIVE=OFF): the kernel units add their own instruction sets,
# and the sanitizers check the same C++ either way.
# A build-asan left by GCC (before the sanitizer and fuzz builds were one) cannot switch compilers.
if [[ -f build-asan/CMakeCache.txt ]] && ! grep -q '^CMAKE_CXX_COMPILER:[A-Z]*=.*clang' build-asan/CMakeCache.txt; then
  echo "scripts/configure-asan.sh: build-asan was configured for another compiler; starting it afresh"
  rm -rf build-asan
fi
# CMAKE_UNITY_BUILD: each library compiles its files in batches of eight, one compiler run a
# batch (27 % less CPU for the core and widget libraries under ASan, docs/testing.md); the test
# folders keep one unit a file (tests/CMakeLists.txt).
# ATTNSCOPE_GTEST_SHARDS=8: core_tests and text_tests run as eight GoogleTest shards each, not as
# 1,700 processes of their own, each paying ASan's start and leak scan (tests/CMakeLists.txt).
CC=clang CXX=clang++ cmake -S . -B build-asan -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo \
  -DCMAKE_CXX_FLAGS_RELWITHDEBINFO="-O1" \
  -DCMAKE_CXX_FLAGS="$flags" \
  -DCMAKE_EXE_LINKER_FLAGS="-fsanitize=address,undefined" \
  -DCMAKE_SHARED_LINKER_FLAGS="-fsanitize=address,undefined" \
  -DATTNSCOPE_BUILD_GUI=ON -DATTNSCOPE_FUZZ=ON -DATTNSCOPE_NATIVE=OFF -DATTNSCOPE_GTEST_SHARDS=8 -DCMAKE_UNITY_BUILD=ON >/dev/null

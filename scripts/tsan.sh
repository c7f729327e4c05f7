#!/usr/bin/env bash
# The suites that run threads, under ThreadSanitizer, in their own build directory (build-tsan).
# First the core's (core_thread_tests in tests/CMakeLists.txt): the thread pool and forward passes
# split over it (1-3 threads, and passes from several threads at once), head analysis and
# ablation, and the trainer's pause and stop from another thread. Then the GUI suites labelled
# tsan (tests/ui/CMakeLists.txt, target tsan_ui_tests, `ctest -L tsan`): the job runner, model
# loads and forward passes on their lanes (tst_job_threads, ui/state only), and the widget suites
# whose work runs on JobRunner lanes or the checkpoint timeline's loader thread (training, long
# inputs' overview, slices and tiles, the Heads tab, methods and lens, q·k pages, What If, the
# Classroom), which compiles all of ui/ here. Any report fails the run (halt_on_error).
# tests/tsan.supp holds suppressions for code outside the project (GLib's and Qt's own locking
# and memory operations, invisible in Debian's uninstrumented Qt), each with its reason; the
# project's hand-overs between threads tell TSan of themselves (ui/state/hand_over_event.h).
# docs/testing.md says what this stage costs.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install-deps.sh
jobs=$(( $(nproc) < 2 ? $(nproc) : 2 ))
# The libraries as unity builds, as in build-asan (scripts/configure-asan.sh).
cmake -S . -B build-tsan -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo \
  -DCMAKE_CXX_FLAGS_RELWITHDEBINFO="-O1 -g1" \
  -DCMAKE_CXX_FLAGS="-fsanitize=thread -fno-omit-frame-pointer" \
  -DCMAKE_EXE_LINKER_FLAGS="-fsanitize=thread" \
  -DATTNSCOPE_NATIVE=OFF -DCMAKE_UNITY_BUILD=ON >/dev/null
cmake --build build-tsan -j "$jobs" --target core_thread_tests tsan_ui_tests

# The two trainer tests that train for hundreds of steps (ShortRunCutsTheLossFiveFold,
# SavedModelReproducesTrainingLogits) are left out: they run the same threads as
# SameSeedSameWeights for many more steps, at TSan's 5-15x slowdown.
filter='ThreadPool.*:ParallelForward.*:GemmNt.*:HeadAnalysis.*:HeadAblation*:Trainer.SameSeedSameWeights:Trainer.StopAndPauseFromAnotherThread'
export TSAN_OPTIONS="halt_on_error=1:second_deadlock_stack=1:history_size=4:suppressions=$PWD/tests/tsan.supp"
build-tsan/tests/core_thread_tests --gtest_brief=1 --gtest_filter="$filter"
# The GUI suites labelled tsan (tests/ui/CMakeLists.txt); ctest sets their offscreen platform. One
# at a time, so that on two cores each suite's lanes and GUI thread keep a core each and its waits
# for a model or a pass keep their margin at TSan's slowdown.
ctest --test-dir build-tsan -L tsan --output-on-failure

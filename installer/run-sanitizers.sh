#!/usr/bin/env bash
# The sanitizer and fuzz jobs (issue 16), run by CI after the README's test command:
#  1. AddressSanitizer + UndefinedBehaviorSanitizer (clang 14, lean -O1 Debug build): the core,
#     cluster (in-memory and shared-memory transports) and model tests, and every fuzz target over
#     its seed corpus and its regressions.
#  2. ThreadSanitizer: the shared-memory transport, the metrics rings and the threaded schedules
#     (tst_schedules). Built without oneDNN and run with OpenBLAS on one thread, because TSan cannot
#     see libgomp's or OpenBLAS's own synchronisation: they are left out, not suppressed.
#  3. libFuzzer: every fuzz target for FFW_FUZZ_SECONDS (default 30) from its seed corpus, with
#     ASan + UBSan. A crash stops the job and names the input to add to tests/fuzz/regressions.
# Any report fails the job. Usage: installer/run-sanitizers.sh [asan|tsan|fuzz]... (default: all)
set -euo pipefail
cd "$(dirname "$0")/.."
installer/install-deps.sh
jobs=("$@")
((${#jobs[@]})) || jobs=(asan tsan fuzz)

export CC=clang-14 CXX=clang++-14
lean=(-G Ninja -DCMAKE_BUILD_TYPE=Debug "-DCMAKE_CXX_FLAGS_DEBUG=-O1 -gline-tables-only")
asan_tests=(tst_gradients tst_datasets tst_experiment tst_training tst_model_file tst_gemm
            tst_schedule_simulator tst_planner tst_schedules tst_models)
fuzz_targets=(experiment idx cifar10 csv model_file hostfile sweep run_directory)
export ASAN_OPTIONS=detect_leaks=1:abort_on_error=0:strict_string_checks=1:detect_stack_use_after_return=1
export UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1
export TSAN_OPTIONS=halt_on_error=1:second_deadlock_stack=1:suppressions=$PWD/tests/sanitizers/tsan.supp
export LSAN_OPTIONS=suppressions=$PWD/tests/sanitizers/lsan.supp:print_suppressions=0
regex() { local IFS='|'; echo "^($*)\$"; }

build_asan() {
  if [[ ! -f build-asan/CMakeCache.txt ]]; then
    cmake -S . -B build-asan "${lean[@]}" -DFFW_SANITIZE=address,undefined -DFFW_FUZZ=ON
  fi
  cmake --build build-asan --target "${asan_tests[@]}" "${fuzz_targets[@]/#/fuzz_}"
}

for job in "${jobs[@]}"; do
  case $job in
    asan)
      build_asan
      ctest --test-dir build-asan --output-on-failure -j"$(nproc)" \
        -R "$(regex "${asan_tests[@]}" "${fuzz_targets[@]/#/fuzz_replay\\.}")"
      ;;
    tsan)
      if [[ ! -f build-tsan/CMakeCache.txt ]]; then
        cmake -S . -B build-tsan "${lean[@]}" -DFFW_SANITIZE=thread -DFFW_ONEDNN=OFF
      fi
      cmake --build build-tsan --target tst_schedules
      OPENBLAS_NUM_THREADS=1 ctest --test-dir build-tsan --output-on-failure -R '^tst_schedules$'
      ;;
    fuzz)
      build_asan
      seconds=${FFW_FUZZ_SECONDS:-30}
      for t in "${fuzz_targets[@]}"; do
        work=build-asan/fuzz-corpus/$t
        mkdir -p "$work" build-asan/fuzz-crashes
        echo "fuzz: $t for $seconds s"
        if ! QT_QPA_PLATFORM=offscreen build-asan/tests/fuzz/fuzz_$t -seed="${FFW_FUZZ_SEED:-1}" \
               -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 -max_len=16384 -print_final_stats=1 \
               -artifact_prefix="build-asan/fuzz-crashes/$t-" "$work" "tests/fuzz/corpus/$t" 2>&1 | tail -n 30; then
          echo "fuzz: $t found a crash: add build-asan/fuzz-crashes/$t-* to tests/fuzz/regressions/$t and fix it" >&2
          exit 1
        fi
      done
      ;;
    *) echo "run-sanitizers: unknown job $job (asan, tsan or fuzz)" >&2; exit 2 ;;
  esac
done

#!/usr/bin/env bash
# README command 2 (and CI): install what is missing, build, and run the whole test suite.
set -euo pipefail
cd "$(dirname "$0")/.."
installer/install-deps.sh
cmake -S . -B build -G Ninja -DCMAKE_BUILD_TYPE=Release
cmake --build build
ctest --test-dir build --output-on-failure -j"$(nproc)"

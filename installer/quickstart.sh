#!/usr/bin/env bash
# README command 1: install what is missing, build (Release) and run the quickstart experiment
# (Fashion-MNIST from Debian's dataset-fashion-mnist). Extra arguments go to `ffw run`.
set -euo pipefail
cd "$(dirname "$0")/.."
installer/install-deps.sh
cmake -S . -B build -G Ninja -DCMAKE_BUILD_TYPE=Release
cmake --build build --target ffw
exec ./build/app/cli/ffw run resources/experiments/quickstart.json "$@"

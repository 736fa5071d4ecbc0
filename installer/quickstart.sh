#!/usr/bin/env bash
# README command 1: install what is missing, build (Release) and run the quickstart experiment
# (All-Layers PFF on 2 Open MPI ranks, Fashion-MNIST from Debian's dataset-fashion-mnist).
# With a display, the workbench opens with the quickstart running live; without one (ssh, CI),
# `ffw run` trains headless. FFW_HEADLESS=1 forces the latter. Extra arguments go to `ffw run`.
set -euo pipefail
cd "$(dirname "$0")/.."
installer/install-deps.sh
cmake -S . -B build -G Ninja -DCMAKE_BUILD_TYPE=Release
if [[ -z "${FFW_HEADLESS:-}" && ( -n "${DISPLAY:-}" || -n "${WAYLAND_DISPLAY:-}" ) ]]; then
  cmake --build build --target ffw-workbench
  exec ./build/app/workbench/ffw-workbench --runs runs --run resources/experiments/quickstart.json
fi
cmake --build build --target ffw
exec ./build/app/cli/ffw run resources/experiments/quickstart.json "$@"

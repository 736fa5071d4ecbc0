#!/usr/bin/env bash
# Installs exactly the Debian 12 packages FF Workbench needs to build, test and run.
# A no-op when they are all present. Runs apt-get through sudo when not root.
set -euo pipefail

packages=(
  # toolchain
  g++ cmake ninja-build ccache pkg-config libcli11-dev
  # core: oneDNN is the second GEMM backend and the only one with bf16
  libeigen3-dev nlohmann-json3-dev zlib1g-dev libopenblas-dev libdnnl-dev
  # cluster
  libboost-dev libopenmpi-dev openmpi-bin
  # the network lab: namespaces, veths, bridges and tbf (ip, tc), unshare and taskset
  iproute2 util-linux
  # workbench, export and report; QtTest drives the whole suite
  qt6-base-dev qt6-charts-dev qt6-svg-dev qt6-tools-dev qt6-tools-dev-tools qt6-l10n-tools libqt6opengl6-dev
  libgl-dev fonts-ipafont-gothic
  # GUI tests and screenshots
  xvfb xauth poppler-utils
  # the sanitizer and fuzz jobs (installer/run-sanitizers.sh): clang's ASan, UBSan, TSan, libFuzzer
  clang-14 libfuzzer-14-dev
  # the portable-binary test: objdump, and an emulated old CPU
  binutils qemu-user
  # real data for the main job
  dataset-fashion-mnist
)

missing=()
for p in "${packages[@]}"; do
  status=$(dpkg-query -W -f='${Status}' "$p" 2>/dev/null || true)
  [[ "$status" == "install ok installed" ]] || missing+=("$p")
done

if ((${#missing[@]} == 0)); then
  echo "install-deps: all ${#packages[@]} packages present"
  exit 0
fi

echo "install-deps: installing ${missing[*]}"
sudo_cmd=()
if [[ $(id -u) -ne 0 ]]; then sudo_cmd=(sudo); fi
export DEBIAN_FRONTEND=noninteractive
"${sudo_cmd[@]}" apt-get update -qq
"${sudo_cmd[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}"

#!/usr/bin/env bash
# The cluster binary runs on every x86-64-v2 machine (issue 12): ffw-worker holds no AVX or AVX-512
# instruction of its own outside run-time dispatched clones, runs --version and one batch of training on an emulated Nehalem (qemu-user,
# a CPU without AVX), and on a CPU older than its target says what is missing instead of dying with
# SIGILL. Run directly, not through mpirun. Usage: check_portable_worker.sh PATH/TO/ffw-worker
set -euo pipefail
worker=$1
fail() { echo "FAIL: $*" >&2; exit 1; }

# 1. Our own code: no instruction with a VEX/EVEX encoding (AVX mnemonics start with "v"; the VMX
#    ones do too and are not vector code) and no ymm/zmm/mask register, except in the clones of
#    the optimizer's update loops (core/optimizer.cpp), which the loader picks only on a CPU that
#    has their ISA (GCC target_clones: symbols ending .arch_x86_64_v3 / .arch_x86_64_v4). The
#    libraries' own run-time dispatch (OpenBLAS, oneDNN, glibc) lives in shared objects.
counts=$(objdump -d --no-show-raw-insn "$worker" |
  awk -F'\t' '/^[0-9a-f]+ <.*>:$/ { fn = $0; next }
    NF >= 2 { split($2, w, " "); m = w[1];
      if ((m ~ /^v/ && m !~ /^(verr|verw|vmcall|vmlaunch|vmresume|vmxoff|vmxon|vmread|vmwrite|vmptrld|vmptrst|vmclear|vmfunc)$/) ||
          $2 ~ /%[yz]mm[0-9]/ || $2 ~ /%k[0-7]([^0-9]|$)/) {
        if (fn ~ /_update.*\.arch_x86_64_v[34]>:$/) cloned++; else own++ } }
    END { print own + 0, cloned + 0 }')
read -r avx cloned <<<"$counts"
echo "AVX/AVX-512 instructions in $(basename "$worker"): $avx outside dispatched clones, $cloned in them"
[[ $avx == 0 ]] || fail "$worker holds $avx AVX or AVX-512 instructions of its own outside the dispatched clones"
if objdump -d "$worker" | grep -q '_update.*\.resolver>:'; then
  [[ $cloned -gt 0 ]] || fail "the update loops' clones hold no AVX: did the dispatch break?"
fi

if ! command -v qemu-x86_64 >/dev/null; then
  echo "qemu-x86_64 is not installed (installer/install-deps.sh installs qemu-user): the emulated-CPU checks did not run"
  exit 0
fi
# 2. On an emulated Nehalem (x86-64-v2, no AVX). OPENBLAS_CORETYPE forces AVX2 kernels on this
#    project's machines (../shared/docs/engineering-notes.md, G); an old machine has no such
#    variable, so this child runs without it, and OpenBLAS picks its kernel from the emulated CPU.
old_cpu() { env -u OPENBLAS_CORETYPE -u OPENBLAS_L2_SIZE -u ONEDNN_MAX_CPU_ISA qemu-x86_64 -cpu "$@"; }
out=$(old_cpu Nehalem "$worker" --version) || fail "--version under qemu -cpu Nehalem exited $?"
echo "Nehalem: $out"
out=$(timeout 300 env -u OPENBLAS_CORETYPE -u OPENBLAS_L2_SIZE qemu-x86_64 -cpu Nehalem "$worker" --self-test) ||
  fail "--self-test under qemu -cpu Nehalem exited $?"
echo "Nehalem: $out"
[[ $out == *'"self_test":"ok"'* ]] || fail "the one-batch training step did not report ok"
[[ $out != *avx* ]] || fail "a kernel with AVX ran on an emulated CPU without it: $out"

# 3. Older than the target (qemu64: SSE3 but no SSSE3, SSE4 or POPCNT): one clear line, exit 132.
set +e
err=$(old_cpu qemu64 "$worker" --version 2>&1 >/dev/null)
code=$?
set -e
echo "qemu64 (exit $code): $err"
[[ $code == 132 ]] || fail "expected exit 132 on a CPU older than the build's target, got $code"
[[ $err == *"lacks"*"sse4.2"*"x86-64-v2"* ]] || fail "the message does not name what is missing: $err"
echo "PASS"

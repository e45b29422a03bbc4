#!/usr/bin/env bash
# Regenerates the committed PTX of the executor's kernel library.
#   scripts/build-ptx.sh [output-dir]
# Each executor/src/main/cuda/*.cu becomes <name>.compute_80.ptx (tensor-core path, JIT-compiled by
# the driver for sm_80 and newer, e.g. sm_90 on H100) and <name>.compute_75.ptx (Turing: CUDA-core
# GEMM fallback). CUDA 13 no longer targets anything older than compute_75.
# The unit test PtxInStepTest runs this into a temp dir and compares with the committed files.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
src="$root/executor/src/main/cuda"
out="${1:-$root/executor/src/main/resources/io/fleetwise/executor/ptx}"
NVCC="${NVCC:-nvcc}"
mkdir -p "$out"
for cu in "$src"/*.cu; do
  name="$(basename "$cu" .cu)"
  for arch in compute_80 compute_75; do
    "$NVCC" -ptx -O3 -std=c++17 -arch="$arch" -I"$src" "$cu" -o "$out/$name.$arch.ptx"
  done
done
echo "PTX written to $out"

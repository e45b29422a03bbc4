#!/usr/bin/env bash
# On a machine with an NVIDIA GPU and driver: runs the executor's GPU tests (every kernel against the
# CPU reference, the plan runner on the GPU) and the speed table (PyTorch reference + our kernels,
# same shapes, same run). Output: test results, executor/target/pytorch-speed.csv and
# docs/executor-speed-table.md.
#   scripts/gpu-check.sh            (needs JDK 17, Maven; PyTorch with CUDA for the reference column)
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"
nvidia-smi --query-gpu=name,driver_version,memory.total --format=csv || echo "nvidia-smi not available"

echo "== GPU tests (mvn -Pgpu -pl executor -am test)"
mvn -B -Pgpu -pl executor -am test -Dsurefire.failIfNoSpecifiedTests=false

echo "== PyTorch reference"
mkdir -p executor/target
if python3 -c "import torch, sys; sys.exit(0 if torch.cuda.is_available() else 1)" 2>/dev/null; then
  python3 scripts/speed-table.py --out executor/target/pytorch-speed.csv
else
  echo "PyTorch with CUDA not found: the table will have no PyTorch column"
fi

echo "== Fleetwise kernels"
mvn -B -q -pl executor -am test-compile -Dmdep.outputFile="$root/executor/target/classpath.txt" dependency:build-classpath
java -cp "executor/target/test-classes:executor/target/classes:planner/target/classes:$(cat executor/target/classpath.txt)" \
  io.fleetwise.executor.KernelSpeedBenchmark executor/target/pytorch-speed.csv docs/executor-speed-table.md

#!/usr/bin/env bash
# The GPU path in one command: the executor's and profiler's GPU tests (every kernel against the CPU
# reference, plan runs on the GPU, a TP group on two GPUs with peer copies, calibrated iteration times
# within 10%) and the kernel speed table (ours against PyTorch on the same shapes).
#
#   scripts/gpu-check.sh             build the bundle (needs JDK 17 + Maven) and run it on this machine
#   scripts/gpu-check.sh --bundle    only build the bundle: target/gpu-check/ (< 64 MiB, git-ignored)
#   target/gpu-check/run.sh          run a bundle on a CUDA machine that has no Java and no Maven
#
# The bundle holds a jlinked Java runtime (java.base, java.logging, java.sql, java.management,
# java.naming, java.xml, jdk.unsupported, jdk.management, jdk.zipfs), the module jars, their test classes and only the
# dependencies the GPU path loads (the JCuda driver binding; SQLite's Linux x86_64 library). Results land in
# target/gpu-check/out/ (and in $OUT when that is set): test log, speed table (markdown), PyTorch CSV.
# Without a GPU every GPU test is reported skipped with the reason, and the speed table is not measured.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"
bundle="$root/target/gpu-check"
mode="${1:-all}"
case "$mode" in all|--bundle) ;; *) echo "usage: scripts/gpu-check.sh [--bundle]" >&2; exit 64 ;; esac

echo "== Building the bundle in $bundle"
command -v mvn >/dev/null || { echo "Maven is needed to build the bundle; on a machine without Java run a bundle built elsewhere: target/gpu-check/run.sh" >&2; exit 1; }
command -v jlink >/dev/null || { echo "jlink (JDK 17) is needed to build the bundle" >&2; exit 1; }
# MAVEN_ARGS: e.g. -o where the local repository already holds every dependency
mvn -B -q ${MAVEN_ARGS:-} -pl executor,profiler -am -DskipTests package test-compile dependency:build-classpath \
  -Dmdep.outputFile="$root/target/gpu-check-classpath.txt"
rm -rf "$bundle"
mkdir -p "$bundle/lib" "$bundle/out"
for m in planner datastore executor profiler; do
  cp "$m"/target/"$m"-*.jar "$bundle/lib/"
  (cd "$m/target/test-classes" && jar --create --file "$bundle/lib/$m-tests.jar" .)
done
tr ':' '\n' < "$root/target/gpu-check-classpath.txt" | while read -r jar; do
  [ -f "$jar" ] || continue
  name="$(basename "$jar")"
  case "$name" in
    # The GPU path never loads these: OR-Tools and protobuf (fleet allocator), JNA (OR-Tools), other platforms' natives.
    ortools-*|protobuf-*|jna-*|*-windows-x86_64.jar|*-apple-*|*-macosx-*) continue ;;
    io.fleetwise*|planner-*|datastore-*|executor-*|profiler-*) continue ;;
    jcuda-natives-*-linux-x86_64.jar)
      # Only the driver API binding: the runtime, NVRTC and nvPTX-compiler bindings are never loaded (24 MB).
      tmp="$(mktemp -d)"; (cd "$tmp" && unzip -q "$jar" 'lib/libJCudaDriver-*' 'META-INF/*' && jar --create --file "$bundle/lib/$name" .); rm -rf "$tmp" ;;
    sqlite-jdbc-*)
      cp "$jar" "$bundle/lib/$name"
      zip -q -d "$bundle/lib/$name" 'org/sqlite/native/FreeBSD/*' 'org/sqlite/native/Mac/*' 'org/sqlite/native/Windows/*' \
        'org/sqlite/native/Linux-Musl/*' 'org/sqlite/native/Linux-Android/*' 'org/sqlite/native/Linux/arm*' \
        'org/sqlite/native/Linux/ppc64/*' 'org/sqlite/native/Linux/riscv64/*' 'org/sqlite/native/Linux/x86/*' >/dev/null || true ;;
    *) cp "$jar" "$bundle/lib/$name" ;;
  esac
done
jlink --add-modules java.base,java.logging,java.sql,java.management,java.naming,java.xml,jdk.unsupported,jdk.management,jdk.zipfs \
  --strip-debug --no-header-files --no-man-pages --compress=2 --output "$bundle/jre"
cp scripts/speed-table.py "$bundle/"

cat > "$bundle/run.sh" <<'RUN'
#!/usr/bin/env bash
# Runs the Fleetwise GPU checks with the bundled Java runtime (see scripts/gpu-check.sh).
set -uo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
out="$here/out"; mkdir -p "$out"
java="$here/jre/bin/java"
cp="$(ls "$here"/lib/*.jar | tr '\n' ':')"
log="$out/gpu-check.log"
: > "$log"
say() { echo "$@" | tee -a "$log"; }
say "== Machine"
(nvidia-smi --query-gpu=index,name,driver_version,memory.total --format=csv 2>&1 || echo "nvidia-smi not available: no NVIDIA driver here") | tee -a "$log"
say "== Bundled runtime: $("$java" -version 2>&1 | head -1)"
say "== Smoke tests on the CPU device (prove the runtime has every module the path loads)"
"$java" -cp "$cp" io.fleetwise.executor.GpuCheckLauncher smoke io.fleetwise.executor.run.TensorParallelRunTest \
  io.fleetwise.executor.device.DeviceDiscoveryTest io.fleetwise.profiler.ExecuteCalibrateCpuTest 2>&1 | tee -a "$log"
smoke=${PIPESTATUS[0]}
say "== GPU tests (tag gpu: executor kernels and plan runs, 2-GPU tensor parallel, profiler calibration accuracy)"
"$java" -cp "$cp" io.fleetwise.executor.GpuCheckLauncher gpu io.fleetwise.executor io.fleetwise.profiler 2>&1 | tee -a "$log"
gpu=${PIPESTATUS[0]}
say "== Speed table"
if python3 -c "import torch, sys; sys.exit(0 if torch.cuda.is_available() else 1)" 2>/dev/null; then
  python3 "$here/speed-table.py" --out "$out/pytorch-speed.csv" 2>&1 | tee -a "$log"
else
  say "PyTorch with CUDA not found: the table will have no PyTorch column"
fi
"$java" -cp "$cp" io.fleetwise.executor.KernelSpeedBenchmark "$out/pytorch-speed.csv" "$out/executor-speed-table.md" 2>&1 | tee -a "$log"
speed=${PIPESTATUS[0]}
if [ "$speed" = 2 ]; then
  say "Speed table NOT measured: no usable CUDA GPU (reason above)."
fi
if [ -n "${OUT:-}" ] && [ -d "${OUT:-}" ]; then cp -r "$out"/. "$OUT"/; fi
say "== Summary: smoke exit $smoke, GPU tests exit $gpu, speed table exit $speed; results in $out"
if [ "$smoke" != 0 ] || [ "$gpu" = 1 ]; then exit 1; fi
exit 0
RUN
chmod +x "$bundle/run.sh"
size_kib=$(du -sk "$bundle" | cut -f1)
echo "== Bundle: $bundle, $((size_kib / 1024)) MiB"
if [ "$size_kib" -ge $((64 * 1024)) ]; then
  echo "The bundle is over 64 MiB and cannot be carried to a device machine as it is" >&2
  exit 1
fi
if [ "$mode" = "--bundle" ]; then
  echo "Run it on a CUDA machine: target/gpu-check/run.sh"
  exit 0
fi
exec "$bundle/run.sh"

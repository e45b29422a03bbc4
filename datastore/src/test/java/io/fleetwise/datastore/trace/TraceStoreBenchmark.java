package io.fleetwise.datastore.trace;

import io.fleetwise.datastore.trace.model.TimelineWindow;
import io.fleetwise.planner.progress.ProgressListener;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Random;

/**
 * Builds a synthetic GPU-serving trace (default 10M events) and reports insert time and window-query
 * latency at full and zoomed-in resolution. Run:
 * mvn -o -q -pl datastore -am test-compile exec:java -Dexec.classpathScope=test
 *   -Dexec.mainClass=io.fleetwise.datastore.trace.TraceStoreBenchmark -Dexec.args="10000000"
 */
public final class TraceStoreBenchmark {
    static final int GPUS = 8;
    static final int STREAMS = 4;
    static final int WIDTH_PX = 1600;

    private TraceStoreBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        long events = args.length > 0 ? Long.parseLong(args[0]) : 10_000_000L;
        Path db = args.length > 1 ? Path.of(args[1]) : Files.createTempDirectory("trace-bench").resolve("bench.db");
        boolean reuse = Files.exists(db);
        System.out.println("load average: " + loadAverage());
        long open0 = System.nanoTime();
        long openCpu0 = java.lang.management.ManagementFactory.getThreadMXBean().getCurrentThreadCpuTime();
        TraceStore store = TraceStore.open(db);
        System.out.printf(Locale.ROOT, "| open + migrate %s | wall %.1f s | CPU %.1f s |%n", db, (System.nanoTime() - open0) / 1e9,
                (java.lang.management.ManagementFactory.getThreadMXBean().getCurrentThreadCpuTime() - openCpu0) / 1e9);
        if (reuse && !store.listTraces().isEmpty()) {
            TraceInfo existing = store.listTraces().get(0);
            System.out.printf(Locale.ROOT, "| reusing %s: %,d events (insert not measured) | | |%n", db, existing.eventCount());
            queries(store, existing);
            return;
        }
        long t0 = System.nanoTime();
        java.lang.management.ThreadMXBean mx = java.lang.management.ManagementFactory.getThreadMXBean();
        long cpu0 = mx.getCurrentThreadCpuTime();
        long[] commitStart = {0, 0};
        ProgressListener marksCommit = (fraction, message) -> {
            if (commitStart[0] == 0 && message.startsWith("Resolving flows")) {
                commitStart[0] = System.nanoTime();
                commitStart[1] = mx.getCurrentThreadCpuTime();
            }
        };
        TraceInfo info = buildSyntheticTrace(store, events, 42, marksCommit);
        long tEnd = System.nanoTime();
        long cpuEnd = mx.getCurrentThreadCpuTime();
        double insertS = (tEnd - t0) / 1e9;
        double cpuS = (cpuEnd - cpu0) / 1e9;
        System.out.printf(Locale.ROOT, "| insert %,d events (incl. depth + LOD summaries) | wall %.1f s | inserting thread CPU %.1f s | %.0f events/s wall |%n",
                info.eventCount(), insertS, cpuS, info.eventCount() / insertS);
        System.out.printf(Locale.ROOT, "| of which commit (flows, depths, LOD tiles) | wall %.1f s | CPU %.2f s | |%n",
                (tEnd - commitStart[0]) / 1e9, (cpuEnd - commitStart[1]) / 1e9);
        queries(store, info);
        System.out.println("database: " + db + " (" + Files.size(db) / (1 << 20) + " MiB)");
    }

    private static void queries(TraceStore store, TraceInfo info) {
        List<Long> ids = new ArrayList<>();
        for (TrackInfo t : store.tracks(info.id())) {
            if (t.parentId() != null) {
                ids.add(t.id());
            }
        }
        long span = info.durationNs();
        report("window query, whole trace", store, info.id(), ids, info.startNs(), span, 0.0, 30);
        report("window query, 1/20 of trace, panning", store, info.id(), ids, info.startNs(), span / 20, 0.02, 60);
        report("window query, 1/1000 of trace, panning", store, info.id(), ids, info.startNs(), span / 1_000, 0.002, 60);
        report("window query, 1/10000 of trace, panning", store, info.id(), ids, info.startNs(), span / 10_000, 0.0005, 60);
        System.out.println("load average: " + loadAverage());
    }

    static String loadAverage() {
        try {
            return Files.readString(Path.of("/proc/loadavg")).trim();
        } catch (java.io.IOException e) {
            return "unknown";
        }
    }

    /** Each query runs on a fresh reader, so its tile cache is cold: these are first-visit costs. */
    private static void report(String label, TraceStore store, long traceId, List<Long> ids, long traceStart, long windowNs,
                               double panStepFraction, int frames) {
        double[] ms = new double[frames];
        double[] cpuMs = new double[frames];
        java.lang.management.ThreadMXBean mx = java.lang.management.ManagementFactory.getThreadMXBean();
        long rows = 0;
        Random rnd = new Random(7);
        long start = traceStart + (panStepFraction == 0 ? 0 : (long) (rnd.nextDouble() * windowNs * 5));
        for (int i = 0; i < frames; i++) {
            long from = start + (long) (i * panStepFraction * windowNs * 10);
            TimelineWindow w;
            try (TraceReader reader = store.openReader(traceId)) {
                long t = System.nanoTime();
                long cpu = mx.getCurrentThreadCpuTime();
                w = reader.window(ids, from, from + windowNs, windowNs / (double) WIDTH_PX);
                ms[i] = (System.nanoTime() - t) / 1e6;
                cpuMs[i] = (mx.getCurrentThreadCpuTime() - cpu) / 1e6;
            }
            rows += w.tracks().values().stream().mapToLong(tw -> tw.rowCount()).sum();
        }
        Arrays.sort(ms);
        Arrays.sort(cpuMs);
        System.out.printf(Locale.ROOT, "| %s (%d tracks, %d px) | p50 %.1f ms | p95 %.1f ms | CPU p50 %.1f ms, p95 %.1f ms | %,d slices+buckets+samples/frame |%n",
                label, ids.size(), WIDTH_PX, ms[frames / 2], ms[(int) Math.ceil(frames * 0.95) - 1],
                cpuMs[frames / 2], cpuMs[(int) Math.ceil(frames * 0.95) - 1], rows / frames);
    }

    /**
     * GPU streams run iterations ("step" slices) each holding kernels; a CPU thread per GPU launches them
     * (flows every 64th kernel); a counter per GPU samples the batch size; about `events` events in all.
     */
    public static TraceInfo buildSyntheticTrace(TraceStore store, long events, long seed) {
        return buildSyntheticTrace(store, events, seed, ProgressListener.NONE);
    }

    public static TraceInfo buildSyntheticTrace(TraceStore store, long events, long seed, ProgressListener listener) {
        Random rnd = new Random(seed);
        String[] kernels = {"gemm_fp16", "flash_attn_fwd", "layernorm", "rotary_emb", "allreduce", "silu_mul", "sampling"};
        try (TraceWriter w = store.beginTrace("synthetic " + events, null, "benchmark", listener)) {
            long[] streams = new long[GPUS * STREAMS];
            long[] threads = new long[GPUS];
            long[] counters = new long[GPUS];
            for (int g = 0; g < GPUS; g++) {
                long gpu = w.process("GPU " + g, 100 + g);
                for (int s = 0; s < STREAMS; s++) {
                    streams[g * STREAMS + s] = w.track(gpu, TrackKind.THREAD, "stream " + (7 + s), 7 + s);
                }
                long cpu = w.process("worker " + g, 1000 + g);
                threads[g] = w.track(cpu, TrackKind.THREAD, "main", 1);
                counters[g] = w.track(gpu, TrackKind.COUNTER, "batch size", 0);
            }
            long perTrack = events / streams.length;
            for (int tr = 0; tr < streams.length; tr++) {
                long t = 0;
                long written = 0;
                int g = tr / STREAMS;
                while (written < perTrack) {
                    int n = 8 + rnd.nextInt(24);
                    long stepStart = t;
                    long cursor = t + 2_000;
                    long[] starts = new long[n];
                    long[] durs = new long[n];
                    for (int k = 0; k < n; k++) {
                        starts[k] = cursor;
                        durs[k] = 1_000 + (long) (Math.exp(rnd.nextGaussian() * 1.2) * 15_000);
                        cursor += durs[k] + 500 + rnd.nextInt(3_000);
                    }
                    w.slice(streams[tr], stepStart, cursor - stepStart, "step", "iteration", "{\"batch\":" + n + "}");
                    written++;
                    for (int k = 0; k < n && written < perTrack; k++) {
                        long id = w.slice(streams[tr], starts[k], durs[k], kernels[rnd.nextInt(kernels.length)], "kernel", null);
                        written++;
                        if ((written & 63) == 0 && tr % STREAMS == 0) {
                            long launch = w.slice(threads[g], Math.max(0, starts[k] - 5_000), 3_000, "cudaLaunchKernel", "cuda_api", null);
                            w.flow(launch, id, "ac2g", "ac2g");
                            if (tr % STREAMS == 0) {
                                w.counter(counters[g], starts[k], n);
                            }
                        }
                    }
                    t = cursor + rnd.nextInt(20_000);
                }
            }
            return w.commit();
        }
    }
}

package io.fleetwise.datastore.trace;

import io.fleetwise.datastore.trace.interop.ChromeTraceExporter;
import io.fleetwise.datastore.trace.interop.ChromeTraceImporter;
import io.fleetwise.datastore.trace.interop.ImportResult;
import io.fleetwise.planner.progress.ProgressListener;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * Builds a synthetic trace (default 1M events), exports it as Chrome JSON and times the export and the
 * streaming re-import into a fresh store (parse + insert + depth + LOD summaries). Run:
 * java -cp ... io.fleetwise.datastore.trace.TraceImportBenchmark 1000000
 */
public final class TraceImportBenchmark {
    private TraceImportBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        long events = args.length > 0 ? Long.parseLong(args[0]) : 1_000_000L;
        Path dir = Files.createTempDirectory("trace-import-bench");
        TraceStore source = TraceStore.open(dir.resolve("source.db"));
        TraceInfo built = TraceStoreBenchmark.buildSyntheticTrace(source, events, 42);
        Path json = dir.resolve("trace.json");
        long t0 = System.nanoTime();
        long written = new ChromeTraceExporter(source).export(built.id(), json, ProgressListener.NONE);
        double exportS = (System.nanoTime() - t0) / 1e9;
        System.out.printf(Locale.ROOT, "| export Chrome JSON (%,d trace events, %d MiB) | %.1f s |%n", written, Files.size(json) >> 20, exportS);
        for (int run = 1; run <= 2; run++) {
            TraceStore target = TraceStore.open(dir.resolve("target" + run + ".db"));
            long t1 = System.nanoTime();
            long cpu1 = java.lang.management.ManagementFactory.getThreadMXBean().getCurrentThreadCpuTime();
            ImportResult r = new ChromeTraceImporter(target).importFile(json, "imported", null, ProgressListener.NONE);
            double importS = (System.nanoTime() - t1) / 1e9;
            double cpuS = (java.lang.management.ManagementFactory.getThreadMXBean().getCurrentThreadCpuTime() - cpu1) / 1e9;
            System.out.printf(Locale.ROOT,
                    "| import Chrome JSON run %d (%,d stored events, %d flows unresolved) | wall %.1f s | importing thread CPU %.1f s | %.0f events/s wall |%n",
                    run, r.trace().eventCount(), r.unresolvedFlows(), importS, cpuS, r.trace().eventCount() / importS);
        }
        System.out.println("load average: " + TraceStoreBenchmark.loadAverage());
        // The JSON and three databases take about 300 MiB; the shared machine's /tmp is not ours to fill.
        try (var files = Files.walk(dir)) {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
        }
    }
}

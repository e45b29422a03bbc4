package io.fleetwise.scaleout;

import io.fleetwise.planner.throughput.CellResult;
import io.fleetwise.planner.throughput.ThroughputCell;
import io.fleetwise.planner.throughput.ThroughputCellStore;
import io.fleetwise.planner.throughput.ThroughputCells;
import org.apache.spark.sql.SparkSession;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * Issue 17's scale-out figures (docs/scale-out.md): one sweep's cells searched on this machine's threads (the
 * single-machine path, {@code ThroughputCells}) and as Spark tasks on {@code local[1]} and {@code local[2]}, at two
 * sweep sizes (the first half of the cells and all of them), every run from an empty store, after one untimed run of
 * every cell (the JIT), in interleaved order over the rounds so every variant sees the same machine load; then whether every run gave the single-machine answers cell
 * for cell. A main that prints tables, not a test.
 *
 * <pre>
 * mvn -B -o -q -pl scaleout -am package -DskipTests &amp;&amp; mvn -B -o -q -pl scaleout -am test-compile
 * java @scaleout/target/sweep-jvm.options -cp "scaleout/target/test-classes:scaleout/target/fleetwise-scaleout-job.jar:$(cat scaleout/target/spark.classpath)" \
 *     io.fleetwise.scaleout.ScaleoutBenchmark docs/examples/sweep-bench.json [--rounds 2]
 * </pre>
 *
 * The spec must use the built-in calibration and no what-if entries (as {@code SweepJob} reads a SPEC.json).
 */
public final class ScaleoutBenchmark {

    /** One way of searching a list of cells. */
    private interface Variant {
        String name();

        Run search(List<ThroughputCell> cells);
    }

    /**
     * @param seconds    wall time of the search (a Spark session's start is not in it)
     * @param cpuSeconds CPU time of this whole process meanwhile (Spark's own threads included)
     */
    private record Run(List<CellResult> results, double seconds, double cpuSeconds) {
    }

    private static double cpuSeconds() {
        return ((com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory
                .getOperatingSystemMXBean()).getProcessCpuTime() / 1e9;
    }

    private ScaleoutBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        if (System.getProperty("log4j2.configurationFile") == null) {
            System.setProperty("log4j2.configurationFile", SweepJob.LOG_CONFIG);
        }
        if (args.length < 1) {
            System.err.println("Usage: ScaleoutBenchmark SPEC.json [--rounds 2]");
            System.exit(2);
        }
        int rounds = args.length >= 3 && args[1].equals("--rounds") ? Integer.parseInt(args[2]) : 2;
        SweepJob.Input input = SweepJob.read(Path.of(args[0]));
        List<ThroughputCell> all = input.cells();
        List<ThroughputCell> half = all.subList(0, all.size() / 2);
        System.out.printf(Locale.ROOT, "# Scale-out benchmark, %s, %d CPUs, Java %s, load average at start: %s%n",
                java.time.Instant.now(), Runtime.getRuntime().availableProcessors(), System.getProperty("java.version"),
                loadAverage());
        System.out.printf(Locale.ROOT, "sweep \"%s\" (%s): %d cells; %d rounds%n%n", input.name(), args[0], all.size(),
                rounds);

        List<Variant> variants = List.of(threads(1), threads(2), spark("local[1]"), spark("local[2]"));
        // the JIT compiles the simulator and Spark's task path once, before anything is timed
        threads(2).search(all);
        spark("local[2]").search(all.subList(0, Math.min(8, all.size())));
        String firstSession = SESSION_STARTS.get(0);
        SESSION_STARTS.clear();

        Map<String, List<Double>> seconds = new LinkedHashMap<>();
        Map<String, List<Double>> cpu = new LinkedHashMap<>();
        Map<String, List<CellResult>> answers = new LinkedHashMap<>();
        for (int r = 0; r < rounds; r++) {
            List<Variant> order = new ArrayList<>(variants);
            if (r % 2 == 1) {
                java.util.Collections.reverse(order);
            }
            for (Variant v : order) {
                for (List<ThroughputCell> cells : List.of(half, all)) {
                    Run run = v.search(cells);
                    double s = run.seconds();
                    String key = v.name() + "\t" + cells.size();
                    seconds.computeIfAbsent(key, k -> new ArrayList<>()).add(s);
                    cpu.computeIfAbsent(key, k -> new ArrayList<>()).add(run.cpuSeconds());
                    answers.putIfAbsent(key + "\t" + r, run.results());
                    System.err.printf(Locale.ROOT, "round %d: %s, %d cells: %.2f s%n", r + 1, v.name(), cells.size(), s);
                }
            }
        }

        List<CellResult> reference = answers.get(variants.get(0).name() + "\t" + all.size() + "\t0");
        System.out.println("| searched on | cells | wall s (median) | CPU s (median) | cells/s | speed-up over local[1] "
                + "| answers equal to the single-machine path |");
        System.out.println("| --- | ---: | ---: | ---: | ---: | ---: | --- |");
        for (List<ThroughputCell> cells : List.of(half, all)) {
            double local1 = median(seconds.get("Spark local[1]\t" + cells.size()));
            for (Variant v : variants) {
                String key = v.name() + "\t" + cells.size();
                double s = median(seconds.get(key));
                int differ = 0;
                for (int r = 0; r < rounds; r++) {
                    List<CellResult> got = answers.get(key + "\t" + r);
                    for (int i = 0; i < got.size(); i++) {
                        CellResult want = reference.get(i);
                        if (got.get(i).maxRatePerS() != want.maxRatePerS()
                                || got.get(i).simulations() != want.simulations()) {
                            differ++;
                        }
                    }
                }
                System.out.printf(Locale.ROOT, "| %s | %d | %.2f | %.2f | %.2f | %s | %s |%n", v.name(), cells.size(),
                        s, median(cpu.get(key)), cells.size() / s, v.name().startsWith("Spark") ? String.format(Locale.ROOT, "%.2fx", local1 / s)
                                : "", differ == 0 ? "all " + cells.size() + " cells, every round"
                                : differ + " cell answers differ");
            }
        }
        int served = (int) reference.stream().filter(c -> c.maxRatePerS() > 0).count();
        double searchSeconds = reference.stream().mapToDouble(CellResult::searchSeconds).sum();
        System.out.printf(Locale.ROOT, "%nCells: %d served, %d that no rate serves within the SLO; the single-machine "
                + "searches' own time summed over cells (round 1, 1 thread): %.1f s, %.3f s per cell.%n", served,
                all.size() - served, searchSeconds, searchSeconds / all.size());
        System.out.printf(Locale.ROOT, "Spark session start (not in the times above): the JVM's first %s; later ones "
                + "%s%n", firstSession, SESSION_STARTS);
        System.out.println("load average at end: " + loadAverage());
    }

    private static final List<String> SESSION_STARTS = new ArrayList<>();

    private static Variant threads(int count) {
        return new Variant() {
            @Override
            public String name() {
                return "this machine, " + count + " thread" + (count == 1 ? "" : "s");
            }

            @Override
            public Run search(List<ThroughputCell> cells) {
                long t0 = System.nanoTime();
                double cpu0 = cpuSeconds();
                List<CellResult> results = new ThroughputCells(ThroughputCellStore.none(), count, Clock.systemUTC())
                        .resolve(cells, null).results();
                return new Run(results, (System.nanoTime() - t0) / 1e9, cpuSeconds() - cpu0);
            }
        };
    }

    /** A fresh session per run, so a run never finds the previous run's executors warm with its cached data. */
    private static Variant spark(String master) {
        return new Variant() {
            @Override
            public String name() {
                return "Spark " + master;
            }

            @Override
            public Run search(List<ThroughputCell> cells) {
                long t0 = System.nanoTime();
                SparkSession session = SweepJob.session(Optional.of(master));
                SESSION_STARTS.add(String.format(Locale.ROOT, "%s %.1f s", master, (System.nanoTime() - t0) / 1e9));
                try {
                    long start = System.nanoTime();
                    double cpu0 = cpuSeconds();
                    ScaleoutSweep.Report report = new ScaleoutSweep(session, ThroughputCellStore.none(),
                            new SweepProgress(new PrintStream(OutputStream.nullOutputStream())))
                            .run(cells, OptionalInt.empty(), Optional.empty());
                    if (report.searched() != cells.size()) {
                        throw new IllegalStateException("searched " + report.searched() + " of " + cells.size());
                    }
                    double seconds = (System.nanoTime() - start) / 1e9;
                    double cpuSeconds = cpuSeconds() - cpu0;
                    List<CellResult> results = new ArrayList<>();
                    report.outcomes().forEach(o -> results.add(o.result()));
                    return new Run(results, seconds, cpuSeconds);
                } finally {
                    session.stop();
                }
            }
        };
    }

    private static double median(List<Double> v) {
        double[] a = v.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        return a.length % 2 == 1 ? a[a.length / 2] : 0.5 * (a[a.length / 2 - 1] + a[a.length / 2]);
    }

    private static String loadAverage() {
        try {
            return Files.readString(Path.of("/proc/loadavg")).trim();
        } catch (IOException e) {
            return "unknown (" + e.getMessage() + ")";
        }
    }
}

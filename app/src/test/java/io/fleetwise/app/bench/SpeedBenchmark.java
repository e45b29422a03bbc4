package io.fleetwise.app.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Issue 17's figures, old build against new in one run, interleaved (old, new, new, old, ...) so both see the same
 * machine load: a throughput-table cell's capacity search on the demo study's replica configs and buckets, the demo
 * study's Fleet solve (cold database, again, after a restart), and {@code fleetwise whatif --study "Demo study"
 * --variant traffic=1.5} (cold, then with the table stored). Each measurement runs in a fresh JVM. A main that prints
 * tables (docs/benchmarks.md), not a test.
 *
 * <pre>
 * # the old build: main's classes, built apart from this worktree
 * git archive main | tar -x -C /tmp/speed/old-src &amp;&amp; (cd /tmp/speed/old-src &amp;&amp; mvn -o -q -pl app -am package -DskipTests)
 * mvn -o -q -pl app -am package -DskipTests &amp;&amp; mvn -o -q -pl app test-compile
 * java -cp app/target/test-classes io.fleetwise.app.bench.SpeedBenchmark --old /tmp/speed/old-src/app/target [--rounds 2]
 * </pre>
 *
 * {@code --new} defaults to {@code app/target}; each build folder holds {@code fleetwise.jar} and {@code lib/}.
 * {@code --only cells,fleet,whatif} picks scenarios.
 */
public final class SpeedBenchmark {

    private final Map<String, Path> builds = new LinkedHashMap<>();
    private final Path probeClasses;
    private final Path work;
    private final int rounds;

    private SpeedBenchmark(Path oldBuild, Path newBuild, Path probeClasses, Path work, int rounds) {
        builds.put("old", oldBuild);
        builds.put("new", newBuild);
        this.probeClasses = probeClasses;
        this.work = work;
        this.rounds = rounds;
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> opts = new LinkedHashMap<>();
        for (int i = 0; i + 1 < args.length; i += 2) {
            opts.put(args[i], args[i + 1]);
        }
        if (!opts.containsKey("--old")) {
            System.err.println("Usage: SpeedBenchmark --old OLD_APP_TARGET [--new app/target] [--rounds 2] "
                    + "[--work /tmp/speed/bench] [--only cells,fleet,whatif]");
            System.exit(2);
        }
        Path probes = Path.of(SpeedBenchmark.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        SpeedBenchmark bench = new SpeedBenchmark(Path.of(opts.get("--old")),
                Path.of(opts.getOrDefault("--new", "app/target")), probes,
                Path.of(opts.getOrDefault("--work", "/tmp/speed/bench")), Integer.parseInt(opts.getOrDefault("--rounds", "2")));
        List<String> only = Arrays.asList(opts.getOrDefault("--only", "cells,fleet,whatif").split(","));
        System.out.println("# Speed benchmark, " + java.time.Instant.now() + ", " + Runtime.getRuntime().availableProcessors()
                + " CPUs, Java " + System.getProperty("java.version") + ", load average at start: " + loadAverage());
        builds(bench);
        if (only.contains("cells")) {
            bench.cells();
        }
        if (only.contains("fleet")) {
            bench.fleet();
        }
        if (only.contains("whatif")) {
            bench.whatIf();
        }
        System.out.println("\nload average at end: " + loadAverage());
    }

    private static void builds(SpeedBenchmark bench) {
        bench.builds.forEach((name, dir) -> System.out.println("build " + name + ": " + dir.toAbsolutePath()));
    }

    /** The order builds run in for round {@code r}: old first in even rounds, new first in odd ones. */
    private List<String> order(int r) {
        List<String> names = new ArrayList<>(builds.keySet());
        if (r % 2 == 1) {
            java.util.Collections.reverse(names);
        }
        return names;
    }

    // ---------------------------------------------------------------- cells

    private void cells() throws Exception {
        Map<String, Map<String, List<double[]>>> byBuild = new LinkedHashMap<>();
        for (int r = 0; r < rounds; r++) {
            for (String build : order(r)) {
                for (String line : probe(build, "cells", "1")) {
                    Map<String, String> f = fields(line);
                    byBuild.computeIfAbsent(build, b -> new LinkedHashMap<>())
                            .computeIfAbsent(f.get("cell"), c -> new ArrayList<>())
                            .add(new double[] {Double.parseDouble(f.get("cpu_ms")), Double.parseDouble(f.get("wall_ms")),
                                    Double.parseDouble(f.get("rate"))});
                }
            }
        }
        System.out.println("\n## Capacity search of one throughput-table cell (demo study, What-if settings: 400 requests, "
                + "5 % tolerance; median of " + rounds + " runs after a JIT warm-up round; CPU = process CPU time)\n");
        System.out.println("| cell (replica config, bucket) | old CPU ms | new CPU ms | CPU speed-up | old wall ms | new wall ms "
                + "| old req/s | new req/s | difference |");
        System.out.println("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |");
        Map<String, List<double[]>> olds = byBuild.get("old");
        Map<String, List<double[]>> news = byBuild.get("new");
        double oldServed = 0;
        double newServed = 0;
        double oldServedWall = 0;
        double newServedWall = 0;
        double oldZero = 0;
        double newZero = 0;
        double logSum = 0;
        int served = 0;
        double worst = 0;
        for (String cell : olds.keySet()) {
            double[] o = medians(olds.get(cell));
            double[] n = medians(news.get(cell));
            double diff = o[2] == 0 && n[2] == 0 ? 0 : Math.abs(n[2] - o[2]) / Math.max(o[2], n[2]);
            System.out.printf(Locale.ROOT, "| %s | %.1f | %.1f | %.1fx | %.1f | %.1f | %.3f | %.3f | %.1f %% |%n", cell,
                    o[0], n[0], o[0] / n[0], o[1], n[1], o[2], n[2], 100 * diff);
            if (o[2] > 0) {
                oldServed += o[0];
                newServed += n[0];
                oldServedWall += o[1];
                newServedWall += n[1];
                // wall time per cell: the CPU clock ticks in 10 ms, too coarse for one short cell
                logSum += Math.log(o[1] / n[1]);
                served++;
                worst = Math.max(worst, diff);
            } else {
                oldZero += o[0];
                newZero += n[0];
            }
        }
        System.out.printf(Locale.ROOT, "%nCells the replica serves (%d): CPU %.0f ms -> %.0f ms in all, %.1fx; wall %.0f ms -> "
                + "%.0f ms, %.1fx; geometric mean of the per-cell wall speed-up %.1fx; largest answer difference %.1f %% "
                + "(tolerance 5 %%).%n", served, oldServed, newServed, oldServed / newServed, oldServedWall, newServedWall,
                oldServedWall / newServedWall, Math.exp(logSum / Math.max(1, served)), 100 * worst);
        System.out.printf(Locale.ROOT, "Cells no rate serves within the SLO (%d): CPU %.0f ms -> %.0f ms, %.0fx.%n",
                olds.size() - served, oldZero, newZero, oldZero / Math.max(1e-9, newZero));
    }

    private static double[] medians(List<double[]> runs) {
        double[] m = new double[runs.get(0).length];
        for (int k = 0; k < m.length; k++) {
            int col = k;
            double[] v = runs.stream().mapToDouble(a -> a[col]).sorted().toArray();
            m[k] = v.length % 2 == 1 ? v[v.length / 2] : 0.5 * (v[v.length / 2 - 1] + v[v.length / 2]);
        }
        return m;
    }

    // ---------------------------------------------------------------- fleet

    private void fleet() throws Exception {
        Map<String, Map<String, List<Double>>> times = new LinkedHashMap<>();
        Map<String, String> answers = new LinkedHashMap<>();
        for (int r = 0; r < rounds; r++) {
            for (String build : order(r)) {
                Path db = freshDb(build + "-fleet-" + r);
                List<String> first = probe(build, "fleet", db.toString(), "2");
                List<String> restart = probe(build, "fleet", db.toString(), "1");
                Map<String, List<Double>> t = times.computeIfAbsent(build, b -> new LinkedHashMap<>());
                for (String line : first) {
                    Map<String, String> f = fields(line);
                    String step = f.get("step");
                    String label = switch (step) {
                        case "solve 1" -> "cold database: first solve";
                        case "solve 2" -> "the same solve again (same window)";
                        default -> null;
                    };
                    if ("note".equals(step)) {
                        answers.put(build + " note", f.get("note"));
                    }
                    if (label != null) {
                        t.computeIfAbsent(label, k -> new ArrayList<>()).add(Double.parseDouble(f.get("wall_ms")));
                        answers.put(build + " " + label, f.get("status"));
                    }
                }
                for (String line : restart) {
                    Map<String, String> f = fields(line);
                    if ("solve 1".equals(f.get("step"))) {
                        t.computeIfAbsent("after a restart (new JVM, same database)", k -> new ArrayList<>())
                                .add(Double.parseDouble(f.get("wall_ms")));
                    }
                    if ("process".equals(f.get("step"))) {
                        t.computeIfAbsent("after a restart: whole process (start, open, solve)", k -> new ArrayList<>())
                                .add(Double.parseDouble(f.get("wall_ms")));
                    }
                }
            }
        }
        System.out.println("\n## Demo study, Fleet area solve (as the app wires it; wall time, median of " + rounds + ")\n");
        timesTable(times);
        answers.forEach((k, v) -> System.out.println("- " + k + ": " + v));
    }

    // ---------------------------------------------------------------- what-if CLI

    private void whatIf() throws Exception {
        Map<String, Map<String, List<Double>>> times = new LinkedHashMap<>();
        for (int r = 0; r < rounds; r++) {
            for (String build : order(r)) {
                Path db = freshDb(build + "-whatif-" + r);
                Map<String, List<Double>> t = times.computeIfAbsent(build, b -> new LinkedHashMap<>());
                t.computeIfAbsent("cold database", k -> new ArrayList<>()).add(cli(build, db, "whatif", "--study",
                        "Demo study", "--variant", "traffic=1.5"));
                t.computeIfAbsent("again (table stored in the new build)", k -> new ArrayList<>()).add(cli(build, db,
                        "whatif", "--study", "Demo study", "--variant", "traffic=1.5"));
            }
        }
        System.out.println("\n## `fleetwise whatif --study \"Demo study\" --variant traffic=1.5` (whole process, wall time, "
                + "median of " + rounds + ")\n");
        timesTable(times);
    }

    private static void timesTable(Map<String, Map<String, List<Double>>> times) {
        System.out.println("| step | old s | new s | speed-up |");
        System.out.println("| --- | ---: | ---: | ---: |");
        for (String step : times.get("old").keySet()) {
            double o = median(times.get("old").get(step)) / 1000;
            double n = median(times.get("new").get(step)) / 1000;
            System.out.printf(Locale.ROOT, "| %s | %.2f | %.2f | %.1fx |%n", step, o, n, o / n);
        }
    }

    private static double median(List<Double> v) {
        double[] a = v.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        return a.length % 2 == 1 ? a[a.length / 2] : 0.5 * (a[a.length / 2 - 1] + a[a.length / 2]);
    }

    // ---------------------------------------------------------------- processes

    private Path freshDb(String name) throws IOException {
        Path dir = work.resolve(name);
        if (Files.exists(dir)) {
            try (Stream<Path> files = Files.walk(dir)) {
                for (Path p : files.sorted(java.util.Comparator.reverseOrder()).toList()) {
                    Files.delete(p);
                }
            }
        }
        Files.createDirectories(dir);
        return dir.resolve("fleetwise.db");
    }

    private String classPath(String build) throws IOException {
        Path dir = builds.get(build);
        try (Stream<Path> libs = Files.list(dir.resolve("lib"))) {
            return Stream.concat(Stream.of(probeClasses, dir.resolve("fleetwise.jar")),
                    libs.filter(p -> p.toString().endsWith(".jar")).sorted())
                    .map(Path::toString).collect(Collectors.joining(java.io.File.pathSeparator));
        }
    }

    private List<String> probe(String build, String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of(javaBin(), "-Xmx2g", "-cp", classPath(build),
                SpeedProbe.class.getName()));
        command.addAll(List.of(args));
        return run(command);
    }

    /** Wall milliseconds of one whole {@code fleetwise} command (what a user waits for). */
    private double cli(String build, Path db, String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of(javaBin(), "-jar", builds.get(build).resolve("fleetwise.jar").toString(),
                "--db", db.toString()));
        command.addAll(List.of(args));
        long t0 = System.nanoTime();
        run(command);
        return (System.nanoTime() - t0) / 1e6;
    }

    private static List<String> run(List<String> command) throws Exception {
        Process p = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        List<String> lines = new ArrayList<>();
        try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
            for (String line = r.readLine(); line != null; line = r.readLine()) {
                lines.add(line);
            }
        }
        int exit = p.waitFor();
        if (exit != 0) {
            throw new IllegalStateException("Exit " + exit + " from " + String.join(" ", command.subList(0, 2)) + " ... "
                    + command.get(command.size() - 1) + "\n" + String.join("\n", lines));
        }
        return lines;
    }

    private static String javaBin() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    private static Map<String, String> fields(String line) {
        Map<String, String> f = new LinkedHashMap<>();
        for (String part : line.split("\t")) {
            int eq = part.indexOf('=');
            if (eq > 0) {
                f.put(part.substring(0, eq), part.substring(eq + 1));
            }
        }
        return f;
    }

    private static String loadAverage() {
        try {
            return Files.readString(Path.of("/proc/loadavg")).trim();
        } catch (IOException e) {
            return "unknown (" + e.getMessage() + ")";
        }
    }
}

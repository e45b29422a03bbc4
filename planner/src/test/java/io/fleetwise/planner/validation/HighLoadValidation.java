package io.fleetwise.planner.validation;

import io.fleetwise.planner.validation.BenchmarkPoint.Metric;
import io.fleetwise.planner.validation.BenchmarkReplay.Outcome;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.function.Predicate;

/**
 * Replays every point of the high-load set and prints one markdown table per split with per-point signed errors
 * (docs/validation.md). Run as a main; {@code HighLoadValidationTest} checks the same numbers.
 */
public final class HighLoadValidation {
    /** Metrics shown in the tables, in column order. */
    static final List<Metric> COLUMNS = List.of(Metric.requestThroughput, Metric.outputThroughput, Metric.totalThroughput,
            Metric.meanTtftMs, Metric.meanTpotMs, Metric.medianTtftMs, Metric.medianTpotMs);

    /**
     * The splits, in report order: {@code train} (tuned on), {@code holdout-model} (a model never tuned on, on a
     * tuned testbed), {@code holdout-gpu} (GPUs and testbeds never tuned on), {@code holdout-version} (an engine
     * version older than its profile's range: SGLang 0.3.0 predates the overlap scheduler of the 0.4+ profile).
     */
    static final List<String> SPLITS = List.of("train", "holdout-model", "holdout-gpu", "holdout-version");

    private HighLoadValidation() {
    }

    static List<Outcome> runAll() {
        List<Outcome> out = new ArrayList<>();
        for (BenchmarkPoint p : BenchmarkPoint.loadAll()) {
            out.add(BenchmarkReplay.run(p));
        }
        return out;
    }

    /** Median of |error| over the replayed outcomes that have a metric matching {@code which}. */
    static double medianAbsError(List<Outcome> outcomes, Predicate<Metric> which) {
        double[] e = outcomes.stream().filter(Outcome::replayed)
                .flatMapToDouble(o -> o.point().measured().keySet().stream().filter(which)
                        .mapToDouble(m -> Math.abs(o.error(m))).limit(1))
                .toArray();
        Arrays.sort(e);
        if (e.length == 0) {
            return Double.NaN;
        }
        return e.length % 2 == 1 ? e[e.length / 2] : 0.5 * (e[e.length / 2 - 1] + e[e.length / 2]);
    }

    static String table(List<Outcome> outcomes) {
        StringBuilder sb = new StringBuilder("| point | engine | GPU | load |");
        for (Metric m : COLUMNS) {
            sb.append(' ').append(m.name()).append(" |");
        }
        sb.append("\n| --- | --- | --- | --- |");
        sb.append(" --- |".repeat(COLUMNS.size())).append('\n');
        for (Outcome o : outcomes) {
            BenchmarkPoint p = o.point();
            sb.append(String.format(Locale.ROOT, "| %s | %s %s | %s TP%d | %s |", p.id(), p.engine(), p.engineVersion(),
                    p.gpu(), p.tp(), load(p)));
            for (Metric m : COLUMNS) {
                Double measured = p.measured().get(m);
                if (measured == null) {
                    sb.append(" |");
                } else if (!o.replayed()) {
                    sb.append(String.format(Locale.ROOT, " %s (not replayed) |", fmt(measured)));
                } else {
                    sb.append(String.format(Locale.ROOT, " %s / %s (%+.1f%%) |", fmt(measured), fmt(o.predicted().get(m)),
                            100 * o.error(m)));
                }
            }
            sb.append('\n');
        }
        return sb.toString();
    }

    /**
     * The docs/validation.md table: one row per point with the signed error (predicted / measured - 1) of each figure
     * its source printed, the throughput also as measured / predicted, and the source.
     */
    static String compactTable(List<Outcome> outcomes) {
        StringBuilder sb = new StringBuilder("| point | engine | GPU | testbed | load | throughput measured / predicted | "
                + "mean TTFT | mean TPOT | median TTFT | median TPOT | source |\n"
                + "| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |\n");
        for (Outcome o : outcomes) {
            BenchmarkPoint p = o.point();
            Metric thr = p.measured().keySet().stream().filter(Metric::isThroughput).findFirst().orElse(null);
            String testbed = Testbeds.isCalibrated(p.testbed())
                    ? String.format(Locale.ROOT, "%s (x%.2f)", p.testbed(), Testbeds.computeScale(p.testbed())) : p.testbed();
            sb.append(String.format(Locale.ROOT, "| %s | %s %s | %s TP%d | %s | %s | ", p.id(), p.engine(), p.engineVersion(),
                    p.gpu(), p.tp(), testbed, load(p)));
            if (thr == null) {
                sb.append(" |");
            } else if (!o.replayed() || !Double.isFinite(o.error(thr))) {
                sb.append(String.format(Locale.ROOT, "%s %s: not replayed |", thr.name(), fmt(p.measured().get(thr))));
            } else {
                sb.append(String.format(Locale.ROOT, "%s %s / %s (%+.1f%%) |", thr.name().replace("Throughput", ""),
                        fmt(p.measured().get(thr)), fmt(o.predicted().get(thr)), 100 * o.error(thr)));
            }
            for (Metric m : List.of(Metric.meanTtftMs, Metric.meanTpotMs, Metric.medianTtftMs, Metric.medianTpotMs)) {
                if (!p.measured().containsKey(m)) {
                    sb.append(" |");
                } else if (!o.replayed() || !Double.isFinite(o.error(m))) {
                    sb.append(" n/a |");
                } else {
                    sb.append(String.format(Locale.ROOT, " %+.1f%% |", 100 * o.error(m)));
                }
            }
            sb.append(" [").append(shortSource(p.source())).append("](").append(p.source()).append(") |\n");
        }
        return sb.toString();
    }

    private static String shortSource(String url) {
        String[] parts = url.split("/");
        return parts.length >= 2 ? parts[parts.length - 2] + "/" + parts[parts.length - 1] : url;
    }

    private static String load(BenchmarkPoint p) {
        switch (p.load().mode()) {
            case "rate": return p.dataset().prompts() + " at " + p.load().rate() + " req/s";
            case "concurrency": return p.dataset().prompts() + " at concurrency " + p.load().maxConcurrency();
            default: return p.dataset().prompts() + " at once";
        }
    }

    private static String fmt(double v) {
        return v >= 100 ? String.format(Locale.ROOT, "%.0f", v) : String.format(Locale.ROOT, "%.2f", v);
    }

    static String summary(String label, List<Outcome> outcomes) {
        long skipped = outcomes.stream().filter(o -> !o.replayed()).count();
        return String.format(Locale.ROOT, "%s: %d points (%d not replayed); median |error| throughput %.1f%%, mean TPOT %.1f%%, "
                        + "mean TTFT %.1f%%, median TPOT %.1f%%, median TTFT %.1f%%",
                label, outcomes.size(), skipped, 100 * medianAbsError(outcomes, Metric::isThroughput),
                100 * medianAbsError(outcomes, m -> m == Metric.meanTpotMs),
                100 * medianAbsError(outcomes, m -> m == Metric.meanTtftMs),
                100 * medianAbsError(outcomes, m -> m == Metric.medianTpotMs),
                100 * medianAbsError(outcomes, m -> m == Metric.medianTtftMs));
    }

    /** Where {@code --write-bands} puts the bands file (the source tree, run from the repository root). */
    static final String BANDS_SOURCE = "planner/src/test/resources" + Bands.RESOURCE;

    public static void main(String[] args) throws java.io.IOException {
        long t0 = System.nanoTime();
        List<Outcome> all = runAll();
        if (args.length > 0 && args[0].equals("--write-bands")) {
            java.nio.file.Files.writeString(java.nio.file.Path.of(BANDS_SOURCE), Bands.write(all));
            System.out.println("wrote " + BANDS_SOURCE);
        }
        for (String split : HighLoadValidation.SPLITS) {
            List<Outcome> part = all.stream().filter(o -> o.point().split().equals(split)).toList();
            System.out.println("### " + split);
            System.out.println();
            System.out.print(args.length > 0 && args[args.length - 1].equals("--wide") ? table(part) : compactTable(part));
            System.out.println();
            System.out.println(summary(split, part));
            System.out.println();
        }
        System.out.printf(Locale.ROOT, "(%d replays in %.1f s)%n", all.size(), (System.nanoTime() - t0) / 1e9);
    }
}

package io.fleetwise.profiler;

import io.fleetwise.datastore.Database;
import io.fleetwise.executor.device.CpuDevice;
import io.fleetwise.executor.device.DeviceInfo;
import io.fleetwise.planner.catalog.Catalog;
import io.fleetwise.planner.model.ModelSpec;
import io.fleetwise.profiler.calibrate.CalibrationSweep;
import io.fleetwise.profiler.calibrate.EfficiencyFit;
import io.fleetwise.profiler.calibrate.SweepPoint;
import io.fleetwise.profiler.compare.IterationComparison;
import io.fleetwise.profiler.compare.OperatorComparison;
import io.fleetwise.datastore.calibration.StoredCalibration;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * How well a calibrated model predicts the CPU device's iteration times: calibrates the CPU device (printing each
 * sweep point against the fit), then runs the tiny 2-layer model (TP2 shard, chat preset at 10 req/s, 64-token
 * budget) {@code runs} times for {@code iterations} simulated iterations and prints measured against predicted per
 * iteration and per operator class, and the spread of the per-iteration error. A benchmark (a main), not a test:
 *
 * <pre>mvn -o -q -pl profiler -am test-compile exec:java -Dexec.classpathScope=test \
 *   -Dexec.mainClass=io.fleetwise.profiler.CpuCalibrationAccuracyBenchmark -Dexec.args="5 8"</pre>
 */
public final class CpuCalibrationAccuracyBenchmark {
    private CpuCalibrationAccuracyBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int runs = args.length > 0 ? Integer.parseInt(args[0]) : 5;
        int iterations = args.length > 1 ? Integer.parseInt(args[1]) : 8;
        ModelSpec tiny = TinyModel.spec();
        Catalog catalog = Catalog.builtIn().withModel(tiny);
        Path db = Files.createTempDirectory("fleetwise-cpu-cal").resolve("b.db");
        Profiler profiler = new Profiler(Database.open(db), catalog, Clock.systemUTC());
        System.out.printf(Locale.ROOT, "CPU device: %s, JVM %s, %d cores available%n", new CpuDevice().info().name(),
                System.getProperty("java.version"), Runtime.getRuntime().availableProcessors());

        List<SweepPoint> before = diagnoseSweep();

        long t0 = System.nanoTime();
        StoredCalibration cal = profiler.calibrate("cpu", null);
        System.out.printf(Locale.ROOT, "%ncalibration v%d: %d sweep cases, fit RMS log error %.1f%%, %.1f s%n", cal.version(),
                cal.sweepPoints(), 100 * cal.fitRmsLogError(), (System.nanoTime() - t0) / 1e9);

        List<Double> iterationErrors = new ArrayList<>();
        List<Double> totalErrors = new ArrayList<>();
        Map<io.fleetwise.planner.perf.OperatorClass, double[]> byClass = new EnumMap<>(io.fleetwise.planner.perf.OperatorClass.class);
        for (int r = 0; r < 2 * runs; r++) {
            // Even runs: the simulated chat schedule (at this rate and budget every iteration is a 64-token prefill);
            // odd runs: a fixed mix of prefill chunks after context and decode batches, so decode shapes are checked too.
            java.lang.management.ThreadMXBean threads = java.lang.management.ManagementFactory.getThreadMXBean();
            long cpu0 = threads.getCurrentThreadCpuTime(), wall0 = System.nanoTime();
            ExecutionReport rep = r % 2 == 0
                    ? profiler.executeSimulated(tiny, 2, 1, "cpu", 64, "chat", 10, iterations, "bench " + r, null)
                    : profiler.execute(new ExecuteRequest(tiny, 2, 1, 1, 0, mixedSchedule(), "cpu",
                    io.fleetwise.executor.run.TimingMode.PER_KERNEL, "bench mixed " + r), null);
            // The CPU device runs in this thread: CPU time well below wall time means other processes took the cores.
            double cpuShare = (threads.getCurrentThreadCpuTime() - cpu0) / (double) (System.nanoTime() - wall0);
            System.out.printf(Locale.ROOT, "%nrun %d: measured %.2f ms, predicted %.2f ms, total error %+.1f%% "
                            + "(this thread had the CPU %.0f%% of the run's wall time)%n", r,
                    rep.comparison().measuredTotalMs(), rep.comparison().predictedTotalMs(), rep.comparison().totalErrorPct(), 100 * cpuShare);
            totalErrors.add(rep.comparison().totalErrorPct());
            for (IterationComparison it : rep.comparison().byIteration()) {
                System.out.printf(Locale.ROOT, "  iteration %d %-34s measured %8.2f ms  predicted %8.2f ms  %+6.1f%%%n", it.iteration(),
                        it.batch(), it.totalMs(), it.predictedMs(), it.errorPct());
                iterationErrors.add(it.errorPct());
            }
            for (OperatorComparison o : rep.comparison().byOperator()) {
                double[] acc = byClass.computeIfAbsent(o.operatorClass(), k -> new double[2]);
                acc[0] += o.measuredMs();
                acc[1] += o.predictedMs();
            }
        }
        System.out.printf(Locale.ROOT, "%nper operator class over all runs (measured vs predicted):%n");
        byClass.forEach((c, a) -> System.out.printf(Locale.ROOT, "  %-18s measured %9.2f ms  predicted %9.2f ms  %+7.1f%%%n", c,
                a[0], a[1], a[0] > 0 ? (a[1] - a[0]) / a[0] * 100 : Double.NaN));
        List<Double> abs = iterationErrors.stream().map(Math::abs).sorted().toList();
        System.out.printf(Locale.ROOT, "%nper-iteration error over %d iterations: mean |error| %.1f%%, median |error| %.1f%%, "
                        + "range %+.1f%% .. %+.1f%%%n", abs.size(), abs.stream().mapToDouble(d -> d).average().orElse(Double.NaN),
                abs.get(abs.size() / 2), iterationErrors.stream().mapToDouble(d -> d).min().orElse(Double.NaN),
                iterationErrors.stream().mapToDouble(d -> d).max().orElse(Double.NaN));
        System.out.printf(Locale.ROOT, "per-run total error: %s%n", totalErrors.stream()
                .map(e -> String.format(Locale.ROOT, "%+.1f%%", e)).toList());
        // The same sweep again after the runs: if it is now as slow as the runs, the device (JIT state, machine) changed,
        // not the model.
        List<SweepPoint> after;
        try (CpuDevice cpu = new CpuDevice()) {
            after = CalibrationSweep.run(cpu, CalibrationSweep.cpuPlan(), null);
        }
        Map<SweepPoint.Kind, List<Double>> ratios = new EnumMap<>(SweepPoint.Kind.class);
        for (int i = 0; i < Math.min(before.size(), after.size()); i++) {
            ratios.computeIfAbsent(before.get(i).kind(), k -> new ArrayList<>()).add(after.get(i).timeNs() / before.get(i).timeNs());
        }
        System.out.printf(Locale.ROOT, "%nsweep repeated after the runs, time after / before (median per kind):%n");
        ratios.forEach((k, v) -> System.out.printf(Locale.ROOT, "  %-18s x%.2f%n", k,
                v.stream().sorted().toList().get(v.size() / 2)));
    }

    static io.fleetwise.executor.run.IterationSchedule mixedSchedule() {
        return new io.fleetwise.executor.run.IterationSchedule(List.of(
                new io.fleetwise.executor.run.Iteration(List.of(new io.fleetwise.executor.run.PrefillChunk(48, 0)), List.of(100, 150, 200, 250)),
                new io.fleetwise.executor.run.Iteration(List.of(), List.of(300, 310, 320, 330, 340, 350, 360, 370, 380, 390, 400, 410, 420, 430, 440, 450)),
                new io.fleetwise.executor.run.Iteration(List.of(new io.fleetwise.executor.run.PrefillChunk(32, 64)), List.of(120, 121, 122, 123, 124, 125, 126, 127)),
                new io.fleetwise.executor.run.Iteration(List.of(), List.of(500, 700, 900, 1100)),
                new io.fleetwise.executor.run.Iteration(List.of(new io.fleetwise.executor.run.PrefillChunk(16, 0), new io.fleetwise.executor.run.PrefillChunk(16, 0)), List.of()),
                new io.fleetwise.executor.run.Iteration(List.of(), List.of(64, 64, 64, 64, 64, 64, 64, 64, 64, 64, 64, 64, 64, 64, 64, 64, 64, 64, 64, 64, 64, 64, 64, 64, 64, 64, 64, 64, 64, 64, 64, 64))));
    }

    /** Each sweep point against the fitted model, to see which kinds of operation the fit cannot describe. */
    private static List<SweepPoint> diagnoseSweep() {
        List<SweepPoint> points;
        try (CpuDevice cpu = new CpuDevice()) {
            points = CalibrationSweep.run(cpu, CalibrationSweep.cpuPlan(), null);
        }
        DeviceInfo info = new CpuDevice().info();
        var base = DeviceModels.uncalibrated(info);
        EfficiencyFit fit = new EfficiencyFit(DeviceModels.cpuReference(), base);
        EfficiencyFit.Result r = fit.fit(points, base, "diagnostic", "diagnostic");
        System.out.printf(Locale.ROOT, "%nsweep (diagnostic pass), fit RMS log error %.1f%%:%n", 100 * r.rmsLogError());
        for (SweepPoint p : points) {
            double predicted = fit.predictNs(p, r.fitted());
            System.out.printf(Locale.ROOT, "  %-18s %-46s measured %9.1f us  fitted %9.1f us  x%.2f%n", p.kind(), p.shape(),
                    p.timeNs() / 1e3, predicted / 1e3, predicted / p.timeNs());
        }
        return points;
    }
}

package io.fleetwise.planner.alloc.bench;

import io.fleetwise.planner.alloc.AllocationCandidate;
import io.fleetwise.planner.alloc.AllocationProblem;
import io.fleetwise.planner.alloc.AllocationResult;
import io.fleetwise.planner.alloc.FleetAllocator;
import io.fleetwise.planner.alloc.SolveStatus;
import io.fleetwise.planner.alloc.SolverBackend;
import io.fleetwise.planner.alloc.SolverOptions;
import io.fleetwise.planner.alloc.schedule.FleetSchedule;
import io.fleetwise.planner.alloc.schedule.GpuPrices;
import io.fleetwise.planner.alloc.schedule.LoadProfile;
import io.fleetwise.planner.alloc.schedule.ScheduleAllocator;
import io.fleetwise.planner.alloc.schedule.ScheduleOptions;
import io.fleetwise.planner.alloc.schedule.ScheduleProblem;
import io.fleetwise.planner.alloc.schedule.ScheduleSummary;
import io.fleetwise.planner.pricing.PriceKind;
import io.fleetwise.planner.pricing.ResolvedPrice;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Solve time of the time-varying schedule MILP on the size issue 18 asks for: 24 hourly periods x 100 buckets
 * (10 x 10 histogram) x 10 replica configs, the allocator benchmark's seeded candidates
 * ({@link AllocatorBenchmark#instance}), a diurnal day (mean 200 req/s, +-60 %, peak at 14:00), every GPU type
 * bought as a 1-year reservation (on-demand x 0.63), on demand, and (for three of the five types) spot at
 * 0.7 x on-demand with one interruption per 50 GPU-hours and a one-hour on-demand fallback. Times are wall
 * clock for model building plus solving; the static allocator on the peak hour runs in the same JVM for scale.
 *
 * <p>Run: {@code mvn -B -o -q -pl planner test-compile exec:java -Dexec.classpathScope=test
 * -Dexec.mainClass=io.fleetwise.planner.alloc.bench.ScheduleBenchmark -Dexec.args="5"} (argument: seeds).
 */
public final class ScheduleBenchmark {

    private ScheduleBenchmark() {
    }

    /** The benchmark instance; public so the test suite can solve exactly this shape too. */
    public static ScheduleProblem instance(long seed, int periods) {
        return instance(seed, periods, Double.parseDouble(System.getProperty("rate", "200")));
    }

    public static ScheduleProblem instance(long seed, int periods, double meanRate) {
        AllocationProblem base = AllocatorBenchmark.instance(seed, 10, 10, 10, 8, meanRate);
        double[] rates = new double[periods];
        for (int h = 0; h < periods; h++) {
            rates[h] = meanRate * (1 + 0.6 * Math.sin(2 * Math.PI * (h - 8) / 24.0));
        }
        Map<String, GpuPrices> prices = new LinkedHashMap<>();
        for (AllocationCandidate c : base.candidates()) {
            double onDemand = c.costPerHourUsd() / c.gpuCount();
            boolean spot = !c.gpuType().equals("A10G") && !c.gpuType().equals("A100-80GB");
            prices.putIfAbsent(c.gpuType(), new GpuPrices(c.gpuType(),
                    Optional.of(price(c.gpuType(), PriceKind.RESERVED_1Y, onDemand * 0.63, 0, 0)),
                    Optional.of(price(c.gpuType(), PriceKind.ON_DEMAND, onDemand, 0, 0)),
                    spot ? Optional.of(price(c.gpuType(), PriceKind.SPOT, onDemand * 0.7, 0.02, onDemand))
                            : Optional.empty()));
        }
        return new ScheduleProblem(LoadProfile.hourly(rates, "benchmark diurnal day"), base.buckets(),
                base.candidates(), prices, ScheduleOptions.defaults());
    }

    private static ResolvedPrice price(String gpu, PriceKind kind, double usd, double interruptions, double fallback) {
        return new ResolvedPrice(gpu, kind, usd, List.of(), "benchmark", interruptions, fallback,
                kind == PriceKind.SPOT ? 1.0 : 0.0);
    }

    public static void main(String[] args) {
        int seeds = args.length > 0 ? Integer.parseInt(args[0]) : 5;
        // optional second argument: only this backend (SCIP, CBC, CP_SAT); third: slice factor (0 = continuous routing);
        // -Dlimit=SECONDS: time limit per solve (default 10); -Drate=REQ_PER_S: mean rate (default 200)
        double limit = Double.parseDouble(System.getProperty("limit", "10"));
        List<SolverOptions> configs = new ArrayList<>(List.of(
                ScheduleAllocator.defaultOptions().withTimeLimitSeconds(limit),
                ScheduleAllocator.defaultOptions().withBackend(SolverBackend.CBC).withTimeLimitSeconds(limit),
                ScheduleAllocator.defaultOptions().withBackend(SolverBackend.CP_SAT).withThreads(2)
                        .withTimeLimitSeconds(limit)));
        int slices = args.length > 2 ? Integer.parseInt(args[2]) : 0;
        if (args.length > 1 && !args[1].equals("all")) {
            configs.removeIf(o -> !o.backend().name().equalsIgnoreCase(args[1]));
        }
        int periods = Integer.parseInt(System.getProperty("periods", "24"));
        System.out.printf(Locale.ROOT, "instance: %d periods x 100 buckets x 10 configs, diurnal mean %s req/s, "
                + "seeds 1..%d, %d cores visible, load average %s%n", periods, System.getProperty("rate", "200"), seeds,
                Runtime.getRuntime().availableProcessors(),
                java.lang.management.ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
        // warm-up: native loading and JIT are not part of a solve
        new ScheduleAllocator().solve(instance(99, 3));
        new FleetAllocator().solve(AllocatorBenchmark.instance(99, 3, 3, 3, 2, 10.0));
        List<String> rows = new ArrayList<>();
        // -Dmethods=DECOMPOSITION_THEN_WHOLE,DECOMPOSITION,WHOLE_MILP: the schedule's algorithms to compare, in this
        // order, in the same run
        List<ScheduleAllocator.Method> methods = new ArrayList<>();
        for (String m : System.getProperty("methods", "DECOMPOSITION_THEN_WHOLE,DECOMPOSITION,WHOLE_MILP").split(",")) {
            methods.add(ScheduleAllocator.Method.valueOf(m.trim()));
        }
        for (ScheduleAllocator.Method method : methods) {
        for (SolverOptions options : configs) {
            double[] times = new double[seeds];
            double[] cpu = new double[seeds];
            int optimal = 0;
            double worstGap = 0;
            for (int seed = 1; seed <= seeds; seed++) {
                ScheduleProblem p = instance(seed, periods);
                com.sun.management.OperatingSystemMXBean os = (com.sun.management.OperatingSystemMXBean)
                        java.lang.management.ManagementFactory.getOperatingSystemMXBean();
                long c0 = os.getProcessCpuTime();
                long t0 = System.nanoTime();
                long traceStart = System.nanoTime();
                // -Dtrace=true prints the solver's progress messages with the time since the start
                FleetSchedule s = new ScheduleAllocator(options, slices, method).solve(p, Boolean.getBoolean("trace")
                        ? new io.fleetwise.planner.progress.ProgressListener() {
                            @Override
                            public void progress(double fraction, String message) {
                                System.out.printf(Locale.ROOT, "  %7.0f ms %s%n", (System.nanoTime() - traceStart) / 1e6,
                                        message);
                            }
                        } : io.fleetwise.planner.progress.ProgressListener.NONE);
                double ms = (System.nanoTime() - t0) / 1e6;
                cpu[seed - 1] = (os.getProcessCpuTime() - c0) / 1e6;
                times[seed - 1] = ms;
                optimal += s.status() == SolveStatus.OPTIMAL ? 1 : 0;
                worstGap = Math.max(worstGap, Double.isNaN(s.relativeGap()) ? Double.POSITIVE_INFINITY : s.relativeGap());
                System.out.printf(Locale.ROOT, "%-13s %-7s threads %d seed %d: %8.1f ms wall, %8.1f ms CPU %-9s gap "
                                + "%.1e  %.2f USD  %s  %s%n", method, options.backend(), options.threads(), seed, ms, cpu[seed - 1],
                        s.status(), s.relativeGap(), s.totalCostUsd(), ScheduleSummary.describe(s), s.message());
            }
            Arrays.sort(times);
            Arrays.sort(cpu);
            rows.add(String.format(Locale.ROOT, "| schedule, %s, %s, limit %.0f s | %.0f | %.0f | %.0f | %d/%d | %.2g %% |",
                    method, options.backend(), limit, times[seeds / 2], times[seeds - 1], cpu[seeds / 2], optimal, seeds,
                    100 * worstGap));
        }
        }
        double[] times = new double[seeds];
        int optimal = 0;
        for (int seed = 1; seed <= seeds; seed++) {
            AllocationProblem peak = AllocatorBenchmark.instance(seed, 10, 10, 10, 8,
                    1.6 * Double.parseDouble(System.getProperty("rate", "200")));
            long t0 = System.nanoTime();
            AllocationResult r = new FleetAllocator().solve(peak);
            times[seed - 1] = (System.nanoTime() - t0) / 1e6;
            optimal += r.status() == SolveStatus.OPTIMAL ? 1 : 0;
        }
        Arrays.sort(times);
        rows.add(String.format(Locale.ROOT, "| static allocator, peak hour only (reference), CP_SAT | %.0f | %.0f | | "
                + "%d/%d | |", times[seeds / 2], times[seeds - 1], optimal, seeds));
        System.out.println();
        System.out.println("| model and solver | median ms wall | max ms wall | median ms CPU | proven optimal | largest gap |");
        System.out.println("| --- | --- | --- | --- | --- | --- |");
        rows.forEach(System.out::println);
    }
}

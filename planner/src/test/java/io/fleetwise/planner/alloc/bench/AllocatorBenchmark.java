package io.fleetwise.planner.alloc.bench;

import io.fleetwise.planner.alloc.AllocationCandidate;
import io.fleetwise.planner.alloc.AllocationProblem;
import io.fleetwise.planner.alloc.AllocationResult;
import io.fleetwise.planner.alloc.FleetAllocator;
import io.fleetwise.planner.alloc.Formulation;
import io.fleetwise.planner.alloc.SolverBackend;
import io.fleetwise.planner.alloc.SolverOptions;
import io.fleetwise.planner.alloc.ThroughputSource;
import io.fleetwise.planner.alloc.WorkloadBucket;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;

/**
 * Solve time of the allocator on 10 candidate configs x 100 buckets (10 x 10 histogram) x slice factor 8,
 * with seeded random throughputs shaped like real ones (long inputs and outputs are slower; bigger
 * replicas are faster and dearer). Prints one row per backend/formulation/seed.
 *
 * <p>Run: {@code mvn -B -o -q -pl planner -am test-compile exec:java -Dexec.classpathScope=test
 * -Dexec.mainClass=io.fleetwise.planner.alloc.bench.AllocatorBenchmark [-Dexec.args="5"]} (argument: seeds).
 */
public final class AllocatorBenchmark {

    private AllocatorBenchmark() {
    }

    /** The benchmark instance; public so tests and docs can rebuild exactly the same one. */
    public static AllocationProblem instance(long seed, int candidates, int rows, int columns, int sliceFactor,
                                             double totalRate) {
        Random rnd = new Random(seed);
        List<WorkloadBucket> buckets = new ArrayList<>();
        double[] share = new double[rows * columns];
        double sum = 0;
        for (int i = 0; i < rows; i++) {
            for (int j = 0; j < columns; j++) {
                // heavier at short lengths, like chat traces; a few empty cells
                double w = rnd.nextDouble() < 0.05 ? 0.0 : Math.exp(-0.25 * (i + j)) * (0.5 + rnd.nextDouble());
                share[i * columns + j] = w;
                sum += w;
            }
        }
        for (int i = 0; i < rows; i++) {
            for (int j = 0; j < columns; j++) {
                int inLo = 64 << i;
                int outLo = 16 << j;
                buckets.add(WorkloadBucket.ofRanges(inLo, 2 * inLo, outLo, 2 * outLo, share[i * columns + j] / sum));
            }
        }
        List<AllocationCandidate> cs = new ArrayList<>();
        String[] gpus = {"L4", "A10G", "L40S", "A100-80GB", "H100-SXM"};
        double[] speed = {0.8, 1.0, 1.2, 4.0, 7.0};
        double[] price = {0.70, 1.01, 0.86, 3.67, 7.516};
        for (int c = 0; c < candidates; c++) {
            int g = c % gpus.length;
            int tp = 1 << (c / gpus.length);
            List<Double> tputs = new ArrayList<>();
            for (int i = 0; i < rows; i++) {
                for (int j = 0; j < columns; j++) {
                    double memoryPenalty = Math.pow(1.0 + (i + j) / (2.0 * speed[g] * tp), 1.5);
                    double t = 10.0 * speed[g] * tp * 0.85 / memoryPenalty * (0.8 + 0.4 * rnd.nextDouble());
                    // small GPUs cannot hold the longest contexts
                    tputs.add(speed[g] * tp < 1.5 && i + j > 15 ? 0.0 : t);
                }
            }
            cs.add(AllocationCandidate.replica(gpus[g], tp, 1, price[g], tputs, ThroughputSource.SIMULATED));
        }
        return AllocationProblem.minCost(buckets, totalRate, cs, sliceFactor);
    }

    public static void main(String[] args) {
        int seeds = args.length > 0 ? Integer.parseInt(args[0]) : 5;
        boolean withPerSlice = args.length < 2 || !args[1].equals("aggregated-only");
        List<SolverOptions> configs = new ArrayList<>(List.of(
                SolverOptions.defaults().withBackend(SolverBackend.CP_SAT).withThreads(2),
                SolverOptions.defaults().withBackend(SolverBackend.CP_SAT).withThreads(1),
                SolverOptions.defaults().withBackend(SolverBackend.SCIP).withThreads(1),
                SolverOptions.defaults().withBackend(SolverBackend.CBC).withThreads(1)));
        if (withPerSlice) {
            configs.add(SolverOptions.defaults().withBackend(SolverBackend.SCIP).withThreads(1)
                    .withFormulation(Formulation.PER_SLICE).withTimeLimitSeconds(20));
        }
        System.out.printf(Locale.ROOT, "instance: 10 candidates x 100 buckets x slice factor 8, 200 req/s, seeds 1..%d, "
                + "%d cores visible%n", seeds, Runtime.getRuntime().availableProcessors());
        System.out.printf(Locale.ROOT, "%-7s %-7s %-10s %-4s %9s %9s %8s %-8s %10s  %s%n", "backend", "threads",
                "formulation", "seed", "solve_ms", "total_ms", "gap", "status", "cost_usd_h", "counts");
        // warm-up: native loading and JIT are not part of a solve
        new FleetAllocator().solve(instance(99, 3, 3, 3, 2, 10.0));
        List<String> summary = new ArrayList<>();
        for (SolverOptions options : configs) {
            double[] times = new double[seeds];
            int optimal = 0;
            for (int seed = 1; seed <= seeds; seed++) {
                AllocationProblem p = instance(seed, 10, 10, 10, 8, 200.0);
                long t0 = System.nanoTime();
                AllocationResult r = new FleetAllocator(options).solve(p);
                double totalMs = (System.nanoTime() - t0) / 1e6;
                times[seed - 1] = totalMs;
                optimal += r.status() == io.fleetwise.planner.alloc.SolveStatus.OPTIMAL ? 1 : 0;
                System.out.printf(Locale.ROOT, "%-7s %-7d %-10s %-4d %9.1f %9.1f %8.1e %-8s %10.3f  %s%n",
                        options.backend(), options.threads(), options.formulation(), seed, r.solveTimeMs(), totalMs,
                        r.relativeGap(), r.status(), r.costPerHourUsd(), nonZero(r));
            }
            java.util.Arrays.sort(times);
            summary.add(String.format(Locale.ROOT, "| %s | %d | %s | %.0f | %.0f | %d/%d |", options.backend(),
                    options.threads(), options.formulation(), times[seeds / 2], times[seeds - 1], optimal, seeds));
        }
        System.out.println();
        System.out.println("| backend | threads | formulation | median ms (build + solve) | max ms | optimal |");
        System.out.println("| --- | --- | --- | --- | --- | --- |");
        summary.forEach(System.out::println);
    }

    private static String nonZero(AllocationResult r) {
        StringBuilder sb = new StringBuilder();
        r.countsByCandidate().forEach((k, v) -> {
            if (v > 0) {
                sb.append(k).append('=').append(v).append(' ');
            }
        });
        return sb.toString().trim();
    }
}

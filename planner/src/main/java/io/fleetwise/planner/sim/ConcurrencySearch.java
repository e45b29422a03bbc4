package io.fleetwise.planner.sim;

import io.fleetwise.planner.model.ModelSpec;
import io.fleetwise.planner.model.ReplicaConfig;
import io.fleetwise.planner.model.Slo;
import io.fleetwise.planner.calibration.CalibrationSet;
import io.fleetwise.planner.perf.EnergyModel;
import io.fleetwise.planner.progress.ProgressListener;
import io.fleetwise.planner.workload.LengthDistribution;
import io.fleetwise.planner.workload.RequestTrace;

import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.SplittableRandom;
import java.util.concurrent.CancellationException;

/**
 * Capacity of one replica under a closed loop ({@link LoadMode#closedLoop}): the most requests a client may keep in
 * flight while at least {@code slo.attainment()} of them meet the SLO, and the throughput that concurrency yields.
 * This is the question a {@code vllm bench serve --request-rate inf --max-concurrency C} sweep answers; an
 * open-loop rate search ({@link CapacitySearch}) is the wrong one for it, because a client cap keeps the server's
 * queue bounded at any offered rate.
 *
 * <p>Every request is ready at t = 0 and the same sampled lengths serve every concurrency. Steady state is measured
 * the way {@link SteadyStateWindow} measures an open loop: unmeasured warm-up requests first (at least half the
 * measured count and two rounds of the loop, 2 C), then the measured ones, then an unmeasured tail of at least
 * two rounds that keeps C in flight while the measured ones finish. A concurrency is sustained when the measured
 * requests, and the later half of them, attain the SLO with nothing dropped. Attainment falls as C grows (a bigger
 * batch, then a server-side queue once C passes max_num_seqs or the KV pool), so a doubling bracket and an integer
 * bisection find the largest sustained C.
 */
public final class ConcurrencySearch {
    /** Largest concurrency tried; a replica that still meets the SLO there is reported at this bound. */
    public static final int MAX_CONCURRENCY = 4096;

    /** @param requests least measured requests per simulation */
    public record Options(int requests, long seed, int maxSimulations) {
        public Options {
            if (requests < 10) {
                throw new IllegalArgumentException("Concurrency search needs >= 10 requests per simulation, got " + requests);
            }
            if (maxSimulations < 1) {
                throw new IllegalArgumentException("maxSimulations must be >= 1, was " + maxSimulations);
            }
        }

        public static Options defaults() {
            return new Options(2000, 42L, 30);
        }
    }

    /**
     * @param maxConcurrency     largest sustained concurrency (0 when even one request at a time misses the SLO)
     * @param throughputPerS     completed requests per second of the measured window at that concurrency
     * @param atMaxConcurrency   summary of the whole run at that concurrency (warm-up and tail included)
     * @param atBound            whether the search stopped at {@link #MAX_CONCURRENCY} still meeting the SLO
     */
    public record Result(int maxConcurrency, double throughputPerS, double perGpuThroughputPerS,
                         SimulationSummary atMaxConcurrency, double measuredAttainment, int simulations,
                         double wallSeconds, boolean atBound) {
    }

    private record Run(SimulationSummary summary, double attainment, double laterHalfAttainment, double throughputPerS) {
    }

    private ConcurrencySearch() {
    }

    public static int warmUpRequests(int measured, int concurrency) {
        return Math.max((int) Math.ceil(measured * SteadyStateWindow.WARM_UP_FRACTION), 2 * concurrency);
    }

    public static int tailRequests(int measured, int concurrency) {
        return Math.max(SteadyStateWindow.tailRequests(measured), 2 * concurrency);
    }

    /** Whether one replica sustains {@code concurrency} in flight, judged exactly as the search judges it. */
    public static boolean sustains(ModelSpec model, ReplicaConfig replica, LengthDistribution lengths, Slo slo,
                                   Options options, CalibrationSet profile, int concurrency) {
        return attained(new Evaluator(model, replica, lengths, slo, options, profile, ProgressListener.NONE)
                .run(concurrency), slo);
    }

    public static Result maxConcurrency(ModelSpec model, ReplicaConfig replica, LengthDistribution lengths, Slo slo,
                                        Options options, CalibrationSet profile, ProgressListener listener) {
        Objects.requireNonNull(slo, "slo");
        ProgressListener progress = listener == null ? ProgressListener.NONE : listener;
        long t0 = System.nanoTime();
        Evaluator evaluator = new Evaluator(model, replica, lengths, slo, options, profile, progress);
        java.util.function.IntFunction<Run> simulate = evaluator::run;
        int[] sims = evaluator.simulations;
        int lo = 0;
        Run best = null;
        int hi;
        int c = 1;
        Run s = simulate.apply(c);
        if (!attained(s, slo)) {
            progress.progress(1.0, "one request at a time already misses the SLO");
            return new Result(0, 0, 0, s.summary(), s.attainment(), sims[0], (System.nanoTime() - t0) / 1e9, false);
        }
        lo = 1;
        best = s;
        while (true) {
            if (c >= MAX_CONCURRENCY || sims[0] >= options.maxSimulations()) {
                hi = c;
                break;
            }
            c = Math.min(MAX_CONCURRENCY, 2 * c);
            s = simulate.apply(c);
            if (!attained(s, slo)) {
                hi = c;
                break;
            }
            lo = c;
            best = s;
            progress.progress(0.2, "sustains " + lo + " in flight");
        }
        while (hi - lo > 1 && sims[0] < options.maxSimulations()) {
            int mid = (lo + hi) >>> 1;
            s = simulate.apply(mid);
            if (attained(s, slo)) {
                lo = mid;
                best = s;
            } else {
                hi = mid;
            }
            progress.progress(Math.min(0.99, 0.2 + 0.8 * sims[0] / options.maxSimulations()),
                    String.format(Locale.ROOT, "max concurrency in [%d, %d]", lo, hi));
        }
        progress.progress(1.0, "max concurrency " + lo);
        return new Result(lo, best.throughputPerS(), best.throughputPerS() / replica.gpuCount(), best.summary(),
                best.attainment(), sims[0], (System.nanoTime() - t0) / 1e9, lo == MAX_CONCURRENCY);
    }

    /**
     * Requests per second the client sent over the window [from, to): in steady state a closed loop sends one
     * request per finished one, so this is the replica's completion rate without the warm-up's and the drain's.
     */
    static double windowThroughput(SimulationResult result, int from, int to) {
        if (to - from < 2) {
            return 0;
        }
        double spanNs = result.sentNs(to - 1) - result.sentNs(from);
        return spanNs > 0 ? (to - from - 1) / (spanNs / 1e9) : 0;
    }

    /** Simulates closed loops over one seeded stream of request lengths (request i is the same at every C). */
    private static final class Evaluator {
        private final ModelSpec model;
        private final ReplicaConfig replica;
        private final LengthDistribution lengths;
        private final Slo slo;
        private final Options options;
        private final CalibrationSet profile;
        private final ProgressListener progress;
        private final SplittableRandom random;
        private final int[] pair = new int[2];
        private int[] in = new int[0];
        private int[] out = new int[0];
        final int[] simulations = {0};

        Evaluator(ModelSpec model, ReplicaConfig replica, LengthDistribution lengths, Slo slo, Options options,
                  CalibrationSet profile, ProgressListener progress) {
            this.model = model;
            this.replica = replica;
            this.lengths = lengths;
            this.slo = slo;
            this.options = options;
            this.profile = profile;
            this.progress = progress;
            this.random = new SplittableRandom(options.seed());
        }

        Run run(int c) {
            if (progress.isCancelled()) {
                throw new CancellationException("Concurrency search cancelled after " + simulations[0] + " simulations");
            }
            int warmUp = warmUpRequests(options.requests(), c);
            int n = warmUp + options.requests() + tailRequests(options.requests(), c);
            if (n > in.length) {
                int have = in.length;
                in = java.util.Arrays.copyOf(in, n);
                out = java.util.Arrays.copyOf(out, n);
                for (int i = have; i < n; i++) {
                    lengths.sample(random, pair);
                    in[i] = pair[0];
                    out[i] = pair[1];
                }
            }
            simulations[0]++;
            SimulationConfig config = new SimulationConfig(model, List.of(ReplicaGroup.of(replica, 1)),
                    RouterPolicy.ROUND_ROBIN, profile, slo, EnergyModel.standard(), LoadMode.closedLoop(c));
            SimulationResult result = Simulator.run(config, new RequestTrace("closed loop C=" + c, new long[n],
                    java.util.Arrays.copyOf(in, n), java.util.Arrays.copyOf(out, n)));
            int to = warmUp + options.requests();
            return new Run(result.summary(), SteadyStateWindow.attainment(result, slo, warmUp, to),
                    SteadyStateWindow.attainment(result, slo, warmUp + options.requests() / 2, to),
                    windowThroughput(result, warmUp, to));
        }
    }

    private static boolean attained(Run s, Slo slo) {
        return s.summary().dropped() == 0 && s.attainment() >= slo.attainment()
                && s.laterHalfAttainment() >= slo.attainment();
    }
}

package io.fleetwise.planner.sim;

import io.fleetwise.planner.calibration.CalibrationSet;
import io.fleetwise.planner.model.ModelSpec;
import io.fleetwise.planner.model.ReplicaConfig;
import io.fleetwise.planner.model.Slo;
import io.fleetwise.planner.perf.EnergyModel;
import io.fleetwise.planner.perf.MemoryModel;
import io.fleetwise.planner.perf.MemoryPlan;
import io.fleetwise.planner.perf.PerformanceModel;
import io.fleetwise.planner.progress.ProgressListener;
import io.fleetwise.planner.workload.FixedLengths;
import io.fleetwise.planner.workload.LengthDistribution;
import io.fleetwise.planner.workload.RequestTrace;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.SplittableRandom;
import java.util.concurrent.CancellationException;

/**
 * Highest Poisson request rate one replica sustains while at least {@code slo.attainment()} of requests meet the
 * SLO (DistServe's goodput). One sampled set of request lengths and one set of unit-rate exponential gaps are
 * drawn from the seed and reused at every rate (gaps divided by the rate), so the attainment is a deterministic
 * function of the rate and the binary search is stable.
 *
 * <p>Attainment is measured in steady state ({@link SteadyStateWindow}): at least {@code requests} measured requests run
 * between unmeasured warm-up and tail requests, and a rate is sustained only when the measured requests and the
 * later half of them both attain the SLO (a growing backlog shows first in the later half) and nothing is dropped.
 *
 * <p>How the search gets there fast (docs/benchmarks.md, "Capacity search"): each run stops as soon as its verdict
 * is certain ({@link SteadyStateVerdict}: the SLO already lost for enough measured requests, or enough of them met it)
 * and skips the utilization and energy bookkeeping; when every request has the same lengths, one request alone tells
 * whether any rate can attain the SLO (load only adds waiting); the bracket starts at a caller's estimate (the
 * closed-form bound of the plan search) instead of 1 req/s and is narrowed geometrically; and the performance model
 * is built once per search, so its caches stay warm from one rate to the next. {@link Options#fullRuns()} runs the
 * earlier search instead (every run to the end, doubling from 1 req/s), the reference the fast one is tested against.
 */
public final class CapacitySearch {

    /**
     * Version of the way the search reaches its answer. Stored throughput-table cells are keyed by it: bump it when a
     * change can move an answer (within the tolerance or beyond), so no cell of the old search is served again.
     */
    public static final int ALGORITHM_VERSION = 3;

    /**
     * @param requests     requests per simulation (more = tighter, slower); 2,000 is a good default
     * @param relTolerance stop when the bracket is narrower than this fraction of the rate
     * @param fullRuns     run every simulation to the end and bracket from 1 req/s (the reference search)
     */
    public record Options(int requests, long seed, double relTolerance, int maxSimulations, boolean fullRuns) {
        public Options {
            if (requests < 10) {
                throw new IllegalArgumentException("Capacity search needs >= 10 requests per simulation, got " + requests);
            }
            if (!(relTolerance > 0 && relTolerance < 1)) {
                throw new IllegalArgumentException("relTolerance must be in (0, 1), was " + relTolerance);
            }
            if (maxSimulations < 1) {
                throw new IllegalArgumentException("maxSimulations must be >= 1, was " + maxSimulations);
            }
        }

        public Options(int requests, long seed, double relTolerance, int maxSimulations) {
            this(requests, seed, relTolerance, maxSimulations, false);
        }

        public static Options defaults() {
            return new Options(2000, 42L, 0.02, 40);
        }

        public Options withFullRuns(boolean full) {
            return new Options(requests, seed, relTolerance, maxSimulations, full);
        }
    }

    /**
     * The answer. {@link #atMaxRate()} and {@link #measuredAttainment()} describe a whole run at the found rate
     * (warm-up and tail included; the attainment is the steady-state one the search judges); the search itself
     * stops runs early, so they are simulated on first use.
     */
    public static final class Result {
        private final double maxRatePerS;
        private final double perGpuRatePerS;
        private final int simulations;
        private final double wallSeconds;
        private final FullRun fullRun;
        private Run atMaxRate;

        Result(double maxRatePerS, double perGpuRatePerS, int simulations, double wallSeconds, FullRun fullRun, Run known) {
            this.maxRatePerS = maxRatePerS;
            this.perGpuRatePerS = perGpuRatePerS;
            this.simulations = simulations;
            this.wallSeconds = wallSeconds;
            this.fullRun = fullRun;
            this.atMaxRate = known;
        }

        public double maxRatePerS() {
            return maxRatePerS;
        }

        public double perGpuRatePerS() {
            return perGpuRatePerS;
        }

        /** Simulations the search ran (a run stopped early counts as one). */
        public int simulations() {
            return simulations;
        }

        public double wallSeconds() {
            return wallSeconds;
        }

        /** Summary of a whole run at the found rate (at the lowest rate tried when nothing is sustained). */
        public synchronized SimulationSummary atMaxRate() {
            return run().summary();
        }

        /** Steady-state attainment of a whole run at the found rate. */
        public synchronized double measuredAttainment() {
            return run().attainment();
        }

        private Run run() {
            if (atMaxRate == null) {
                atMaxRate = fullRun.get();
            }
            return atMaxRate;
        }
    }

    /** One whole simulated rate: the summary and the attainments of the measured window. */
    private record Run(SimulationSummary summary, double attainment, double laterHalfAttainment) {
        boolean attained(Slo slo) {
            return summary.dropped() == 0 && attainment >= slo.attainment() && laterHalfAttainment >= slo.attainment();
        }
    }

    @FunctionalInterface
    private interface FullRun {
        Run get();
    }

    private CapacitySearch() {
    }

    public static Result maxRate(ModelSpec model, ReplicaConfig replica, LengthDistribution lengths, Slo slo,
                                 Options options, CalibrationSet calibration, ProgressListener listener) {
        return maxRate(model, replica, lengths, slo, options, calibration, Double.NaN, listener);
    }

    /**
     * @param estimateRatePerS where to start bracketing (a closed-form estimate of the answer; NaN = 1 req/s). It
     *                         only changes how fast the search gets there, not what it finds (within the tolerance).
     */
    public static Result maxRate(ModelSpec model, ReplicaConfig replica, LengthDistribution lengths, Slo slo,
                                 Options options, CalibrationSet calibration, double estimateRatePerS,
                                 ProgressListener listener) {
        Objects.requireNonNull(slo, "slo");
        Objects.requireNonNull(calibration, "calibration");
        Searcher searcher = new Searcher(model, replica, lengths, slo, options, calibration, listener);
        return options.fullRuns() ? searcher.referenceSearch() : searcher.fastSearch(estimateRatePerS);
    }

    /** The state of one search: the request stream, the replica's models (built once) and the run count. */
    private static final class Searcher {
        private final ReplicaConfig replica;
        private final LengthDistribution lengths;
        private final Slo slo;
        private final Options options;
        private final ProgressListener progress;
        private final RequestStream stream;
        private final SimulationConfig config;
        private final ReplicaModelFactory models;
        private final MemoryPlan memory;
        private final long t0 = System.nanoTime();
        private int simulations;

        Searcher(ModelSpec model, ReplicaConfig replica, LengthDistribution lengths, Slo slo, Options options,
                 CalibrationSet calibration, ProgressListener listener) {
            this.replica = replica;
            this.lengths = lengths;
            this.slo = slo;
            this.options = options;
            this.progress = listener == null ? ProgressListener.NONE : listener;
            this.stream = new RequestStream(new SplittableRandom(options.seed()), lengths);
            this.config = new SimulationConfig(model, List.of(ReplicaGroup.of(replica, 1)), RouterPolicy.ROUND_ROBIN,
                    calibration, slo, EnergyModel.standard());
            this.memory = MemoryModel.plan(model, replica);
            // one performance model for every run, remembering its iteration times: a pure function of the batch,
            // so what one run computed is valid in the next
            PerformanceModel perf = new IterationTimeCache(
                    ReplicaModelFactory.STANDARD.performance(0, config.groups().get(0), config));
            this.models = new ReplicaModelFactory() {
                @Override
                public PerformanceModel performance(int groupIndex, ReplicaGroup group, SimulationConfig c) {
                    return perf;
                }

                @Override
                public MemoryPlan memory(int groupIndex, ReplicaGroup group, SimulationConfig c) {
                    return memory;
                }
            };
        }

        /**
         * The reference search's answer, found with few runs. The reference visits a fixed set of rates (1 req/s,
         * doubled or halved, then bisected) and answers the passing end of the last bracket it narrows to. Where
         * attainment falls with the rate, that bracket is determined by where the threshold lies, so this search
         * plays the reference's moves against a guess of the threshold ({@link #referenceBracket}), then runs only
         * the two ends of the bracket it ends in: if the lower end passes and the upper fails, the reference ends there
         * too and gives the same answer, bit for bit. Otherwise the guess moves (between the passing and failing rates
         * seen so far) and it tries again. Runs stop early ({@link #attainedFast}); a verdict is never run twice.
         */
        Result fastSearch(double estimateRatePerS) {
            if (lengths instanceof FixedLengths fixed && memory.fits() && !loneRequestMeetsSlo(fixed)) {
                // load only adds waiting: if one request alone misses the SLO, every request at every rate does
                return result(0, null, () -> wholeRun(Math.pow(2, -14)));
            }
            double guess = estimateRatePerS > 0 && Double.isFinite(estimateRatePerS) ? estimateRatePerS : 1.0;
            double passed = 0;
            double failed = Double.POSITIVE_INFINITY;
            while (simulations < options.maxSimulations() && passed < failed) {
                double[] bracket = referenceBracket(guess);
                double lo = bracket[0];
                double hi = bracket[1];
                reportBracket(Math.max(lo, 1e-9), hi);
                if (lo == 0) {
                    // the reference would find no sustained rate down to its lowest: so it is, if that one fails
                    if (!verdict(hi)) {
                        return result(0, null, () -> wholeRun(hi));
                    }
                    passed = Math.max(passed, hi);
                } else if (!verdict(lo)) {
                    failed = Math.min(failed, lo);
                } else {
                    passed = Math.max(passed, lo);
                    if (!Double.isFinite(hi) || !verdict(hi)) {
                        progress.progress(1.0, String.format(Locale.ROOT, "capacity %.3g req/s", lo));
                        return result(lo, null, wholeRunAt(lo));
                    }
                    passed = Math.max(passed, hi);
                }
                guess = passed == 0 ? failed / 2 : Double.isInfinite(failed) ? passed * 2 : Math.sqrt(passed * failed);
            }
            // a rate above a failing one passed (attainment does not fall monotonically here), or runs ran out:
            // take the reference's own moves, reusing every verdict already run
            return referenceMoves();
        }

        /** The reference search's moves with early-stopped runs; its answer whatever the attainment curve. */
        private Result referenceMoves() {
            double lo = 0;
            double hi;
            double rate = 1.0;
            int runs = 1;
            if (verdict(rate)) {
                lo = rate;
                while (runs < options.maxSimulations()) {
                    rate *= 2;
                    runs++;
                    if (!verdict(rate)) {
                        break;
                    }
                    lo = rate;
                }
                hi = rate;
            } else {
                hi = rate;
                while (runs < options.maxSimulations() && rate > 1e-4) {
                    rate /= 2;
                    runs++;
                    if (verdict(rate)) {
                        lo = rate;
                        break;
                    }
                    hi = rate;
                }
                if (lo == 0) {
                    double lowest = hi;
                    return result(0, null, () -> wholeRun(lowest));
                }
            }
            while (hi - lo > options.relTolerance() * lo && runs < options.maxSimulations()) {
                double mid = 0.5 * (lo + hi);
                runs++;
                if (verdict(mid)) {
                    lo = mid;
                } else {
                    hi = mid;
                }
            }
            return result(lo, null, wholeRunAt(lo));
        }

        /**
         * Where the reference search would end if exactly the rates up to {@code threshold} were sustained: its last
         * bracket {lo, hi} (lo = 0 when it found none; hi = infinity when it ran out of runs still passing).
         */
        private double[] referenceBracket(double threshold) {
            int runs = 1;
            double lo = 0;
            double hi;
            double rate = 1.0;
            if (rate <= threshold) {
                lo = rate;
                hi = Double.POSITIVE_INFINITY;
                while (runs < options.maxSimulations()) {
                    rate *= 2;
                    runs++;
                    if (rate > threshold) {
                        hi = rate;
                        break;
                    }
                    lo = rate;
                }
            } else {
                hi = rate;
                while (runs < options.maxSimulations() && rate > 1e-4) {
                    rate /= 2;
                    runs++;
                    if (rate <= threshold) {
                        lo = rate;
                        break;
                    }
                    hi = rate;
                }
                if (lo == 0) {
                    return new double[] {0, hi};
                }
            }
            while (hi - lo > options.relTolerance() * lo && runs < options.maxSimulations()) {
                double mid = 0.5 * (lo + hi);
                runs++;
                if (mid <= threshold) {
                    lo = mid;
                } else {
                    hi = mid;
                }
            }
            return new double[] {lo, hi};
        }

        /** The verdict at {@code rate}, each rate run once. */
        private boolean verdict(double rate) {
            return verdicts.computeIfAbsent(rate, this::attainedFast);
        }

        private final java.util.Map<Double, Boolean> verdicts = new java.util.HashMap<>();

        /** The earlier search, every run whole: double from 1 req/s while attained, halve while not, then bisect. */
        Result referenceSearch() {
            double lo = 0;
            double hi;
            Run best = null;
            double rate = 1.0;
            Run s = wholeRun(rate);
            if (s.attained(slo)) {
                lo = rate;
                best = s;
                while (simulations < options.maxSimulations()) {
                    rate *= 2;
                    s = wholeRun(rate);
                    if (!s.attained(slo)) {
                        break;
                    }
                    lo = rate;
                    best = s;
                    progress.progress(0.1, "capacity >= " + lo + " req/s");
                }
                hi = rate;
            } else {
                hi = rate;
                while (simulations < options.maxSimulations() && rate > 1e-4) {
                    rate /= 2;
                    s = wholeRun(rate);
                    if (s.attained(slo)) {
                        lo = rate;
                        best = s;
                        break;
                    }
                    hi = rate;
                }
                if (best == null) {
                    Run last = s;
                    return result(0, last, () -> last);
                }
            }
            while (hi - lo > options.relTolerance() * lo && simulations < options.maxSimulations()) {
                double mid = 0.5 * (lo + hi);
                s = wholeRun(mid);
                if (s.attained(slo)) {
                    lo = mid;
                    best = s;
                } else {
                    hi = mid;
                }
                reportBracket(lo, hi);
            }
            progress.progress(1.0, "capacity " + lo + " req/s");
            Run found = best;
            return result(lo, found, () -> found);
        }

        private void reportBracket(double lo, double hi) {
            progress.progress(Math.min(0.99, 0.2 + 0.8 * (1 - Math.log((hi - lo) / lo) / Math.log(options.relTolerance() / 2))),
                    String.format(Locale.ROOT, "capacity in [%.3f, %.3f] req/s", lo, hi));
        }

        private Result result(double maxRate, Run known, FullRun whole) {
            return new Result(maxRate, maxRate / replica.gpuCount(), simulations, (System.nanoTime() - t0) / 1e9,
                    whole, known);
        }

        private FullRun wholeRunAt(double rate) {
            return () -> wholeRun(rate);
        }

        /** One request alone on the idle replica meets the SLO (simulated, so exactly as the runs judge it). */
        private boolean loneRequestMeetsSlo(FixedLengths fixed) {
            RequestTrace one = new RequestTrace("lone request", new long[] {0}, new int[] {fixed.inputTokens()},
                    new int[] {fixed.outputTokens()});
            SteadyStateVerdict verdict = new SteadyStateVerdict(slo, 0, 1,
                    ReplicaEngine.alwaysFits(memory, replica.batching(), (long) fixed.inputTokens() + fixed.outputTokens()));
            checkCancelled();
            return Simulator.runToVerdict(config, one, models, verdict, progress).attained();
        }

        /** Whether {@code rate} is sustained, from a run stopped as soon as that is certain. */
        private boolean attainedFast(double rate) {
            checkCancelled();
            int measured = SteadyStateWindow.measuredRequests(options.requests(), rate);
            int warmUp = SteadyStateWindow.warmUpRequests(measured, rate);
            int n = SteadyStateWindow.totalRequests(measured, rate);
            RequestTrace trace = stream.trace(n, rate);
            simulations++;
            SteadyStateVerdict verdict = SteadyStateVerdict.of(slo, warmUp, measured, stream.alwaysFit(n, memory, replica));
            return Simulator.runToVerdict(config, trace, models, verdict, progress).attained();
        }

        /** A whole run at {@code rate} with every statistic. */
        private Run wholeRun(double rate) {
            checkCancelled();
            int measured = SteadyStateWindow.measuredRequests(options.requests(), rate);
            int warmUp = SteadyStateWindow.warmUpRequests(measured, rate);
            int n = SteadyStateWindow.totalRequests(measured, rate);
            simulations++;
            SimulationResult result = Simulator.run(config, stream.trace(n, rate), ProgressListener.NONE,
                    SimulationTraceSink.NONE, models);
            return new Run(result.summary(), SteadyStateWindow.attainment(result, slo, warmUp, warmUp + measured),
                    SteadyStateWindow.attainment(result, slo, warmUp + measured / 2, warmUp + measured));
        }

        private void checkCancelled() {
            if (progress.isCancelled()) {
                throw new CancellationException("Capacity search cancelled after " + simulations + " simulations");
            }
        }
    }

    /**
     * Unit-rate exponential gaps and sampled lengths, request by request from one seeded generator, so request i is
     * the same at every rate however many requests a rate's warm-up needs.
     */
    private static final class RequestStream {
        private final SplittableRandom random;
        private final LengthDistribution lengths;
        private final int[] pair = new int[2];
        private double[] unitGaps = new double[0];
        private int[] in = new int[0];
        private int[] out = new int[0];
        /** Longest request (input + output) among the first {@code longestOf} requests. */
        private long longest;
        private int longestOf;

        RequestStream(SplittableRandom random, LengthDistribution lengths) {
            this.random = random;
            this.lengths = lengths;
        }

        /** The first {@code n} requests arriving at {@code rate}. */
        RequestTrace trace(int n, double rate) {
            ensure(n);
            long[] t = new long[n];
            double now = 0;
            for (int i = 0; i < n; i++) {
                now += unitGaps[i] / rate;
                t[i] = (long) (now * 1e9);
            }
            return new RequestTrace("capacity @" + rate, t, Arrays.copyOf(in, n), Arrays.copyOf(out, n));
        }

        /** Whether none of the first {@code n} requests can ever be dropped by the replica. */
        boolean alwaysFit(int n, MemoryPlan memory, ReplicaConfig replica) {
            ensure(n);
            for (; longestOf < n; longestOf++) {
                longest = Math.max(longest, (long) in[longestOf] + out[longestOf]);
            }
            return ReplicaEngine.alwaysFits(memory, replica.batching(), longest);
        }

        private void ensure(int count) {
            int have = unitGaps.length;
            if (count <= have) {
                return;
            }
            unitGaps = Arrays.copyOf(unitGaps, count);
            in = Arrays.copyOf(in, count);
            out = Arrays.copyOf(out, count);
            for (int i = have; i < count; i++) {
                unitGaps[i] = -Math.log(1.0 - random.nextDouble());
                lengths.sample(random, pair);
                in[i] = pair[0];
                out[i] = pair[1];
            }
        }
    }
}

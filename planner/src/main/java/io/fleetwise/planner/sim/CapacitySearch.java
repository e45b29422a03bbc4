package io.fleetwise.planner.sim;

import io.fleetwise.planner.calibration.CalibrationSet;
import io.fleetwise.planner.model.ModelSpec;
import io.fleetwise.planner.model.ReplicaConfig;
import io.fleetwise.planner.model.Slo;
import io.fleetwise.planner.perf.EnergyModel;
import io.fleetwise.planner.progress.ProgressListener;
import io.fleetwise.planner.workload.LengthDistribution;
import io.fleetwise.planner.workload.RequestTrace;

import java.util.List;
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
 */
public final class CapacitySearch {

    /**
     * @param requests     requests per simulation (more = tighter, slower); 2,000 is a good default
     * @param relTolerance stop when the bracket is narrower than this fraction of the rate
     */
    public record Options(int requests, long seed, double relTolerance, int maxSimulations) {
        public Options {
            if (requests < 10) {
                throw new IllegalArgumentException("Capacity search needs >= 10 requests per simulation, got " + requests);
            }
            if (!(relTolerance > 0 && relTolerance < 1)) {
                throw new IllegalArgumentException("relTolerance must be in (0, 1), was " + relTolerance);
            }
        }

        public static Options defaults() {
            return new Options(2000, 42L, 0.02, 40);
        }
    }

    /**
     * The answer with the simulation at the found rate ({@code atMaxRate} covers the whole run, warm-up and tail
     * included; {@code measuredAttainment} is the steady-state attainment the search judged).
     */
    public record Result(double maxRatePerS, double perGpuRatePerS, SimulationSummary atMaxRate, int simulations,
                         double wallSeconds, double measuredAttainment) {
    }

    /** One simulated rate: the whole run's summary and the attainments of the measured window. */
    private record Run(SimulationSummary summary, double attainment, double laterHalfAttainment) {
    }

    private CapacitySearch() {
    }

    public static Result maxRate(ModelSpec model, ReplicaConfig replica, LengthDistribution lengths, Slo slo,
                                 Options options, CalibrationSet calibration, ProgressListener listener) {
        Objects.requireNonNull(slo, "slo");
        ProgressListener progress = listener == null ? ProgressListener.NONE : listener;
        long t0 = System.nanoTime();
        RequestStream stream = new RequestStream(new SplittableRandom(options.seed()), lengths);
        SimulationConfig config = new SimulationConfig(model, List.of(ReplicaGroup.of(replica, 1)),
                RouterPolicy.ROUND_ROBIN, calibration, slo, EnergyModel.standard());
        int[] sims = {0};
        java.util.function.DoubleFunction<Run> simulate = rate -> {
            if (progress.isCancelled()) {
                throw new CancellationException("Capacity search cancelled after " + sims[0] + " simulations");
            }
            int measured = SteadyStateWindow.measuredRequests(options.requests(), rate);
            int warmUp = SteadyStateWindow.warmUpRequests(measured, rate);
            int n = SteadyStateWindow.totalRequests(measured, rate);
            stream.ensure(n);
            long[] t = new long[n];
            double now = 0;
            for (int i = 0; i < n; i++) {
                now += stream.unitGaps[i] / rate;
                t[i] = (long) (now * 1e9);
            }
            sims[0]++;
            int[] in = java.util.Arrays.copyOf(stream.in, n);
            int[] out = java.util.Arrays.copyOf(stream.out, n);
            SimulationResult result = Simulator.run(config, new RequestTrace("capacity @" + rate, t, in, out));
            return new Run(result.summary(), SteadyStateWindow.attainment(result, slo, warmUp, warmUp + measured),
                    SteadyStateWindow.attainment(result, slo, warmUp + measured / 2, warmUp + measured));
        };
        // Bracket: start from a rate, double while attained, halve while not.
        double lo = 0;
        double hi;
        Run best = null;
        double rate = 1.0;
        Run s = simulate.apply(rate);
        if (attained(s, slo)) {
            lo = rate;
            best = s;
            while (sims[0] < options.maxSimulations()) {
                rate *= 2;
                s = simulate.apply(rate);
                if (!attained(s, slo)) {
                    break;
                }
                lo = rate;
                best = s;
                progress.progress(0.1, "capacity >= " + lo + " req/s");
            }
            hi = rate;
        } else {
            hi = rate;
            while (sims[0] < options.maxSimulations() && rate > 1e-4) {
                rate /= 2;
                s = simulate.apply(rate);
                if (attained(s, slo)) {
                    lo = rate;
                    best = s;
                    break;
                }
                hi = rate;
            }
            if (best == null) {
                return new Result(0, 0, s.summary(), sims[0], (System.nanoTime() - t0) / 1e9, s.attainment());
            }
        }
        while (hi - lo > options.relTolerance() * lo && sims[0] < options.maxSimulations()) {
            double mid = 0.5 * (lo + hi);
            s = simulate.apply(mid);
            if (attained(s, slo)) {
                lo = mid;
                best = s;
            } else {
                hi = mid;
            }
            progress.progress(Math.min(0.99, 0.2 + 0.8 * (1 - Math.log((hi - lo) / lo) / Math.log(options.relTolerance() / 2))),
                    String.format(java.util.Locale.ROOT, "capacity in [%.3f, %.3f] req/s", lo, hi));
        }
        progress.progress(1.0, "capacity " + lo + " req/s");
        return new Result(lo, lo / replica.gpuCount(), best.summary(), sims[0], (System.nanoTime() - t0) / 1e9,
                best.attainment());
    }

    /**
     * Unit-rate exponential gaps and sampled lengths, request by request from one seeded generator, so request i is
     * the same at every rate however many requests a rate's warm-up needs.
     */
    private static final class RequestStream {
        private final SplittableRandom random;
        private final LengthDistribution lengths;
        private final int[] pair = new int[2];
        double[] unitGaps = new double[0];
        int[] in = new int[0];
        int[] out = new int[0];

        RequestStream(SplittableRandom random, LengthDistribution lengths) {
            this.random = random;
            this.lengths = lengths;
        }

        void ensure(int count) {
            int have = unitGaps.length;
            if (count <= have) {
                return;
            }
            unitGaps = java.util.Arrays.copyOf(unitGaps, count);
            in = java.util.Arrays.copyOf(in, count);
            out = java.util.Arrays.copyOf(out, count);
            for (int i = have; i < count; i++) {
                unitGaps[i] = -Math.log(1.0 - random.nextDouble());
                lengths.sample(random, pair);
                in[i] = pair[0];
                out[i] = pair[1];
            }
        }
    }

    private static boolean attained(Run s, Slo slo) {
        return s.summary().dropped() == 0 && s.attainment() >= slo.attainment()
                && s.laterHalfAttainment() >= slo.attainment();
    }
}

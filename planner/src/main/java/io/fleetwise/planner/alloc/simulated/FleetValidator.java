package io.fleetwise.planner.alloc.simulated;

import io.fleetwise.planner.alloc.AllocationProblem;
import io.fleetwise.planner.alloc.AllocationResult;
import io.fleetwise.planner.alloc.WorkloadBucket;
import io.fleetwise.planner.calibration.CalibrationSet;
import io.fleetwise.planner.model.ModelSpec;
import io.fleetwise.planner.model.ReplicaConfig;
import io.fleetwise.planner.model.Slo;
import io.fleetwise.planner.progress.ProgressListener;
import io.fleetwise.planner.sim.ReplicaGroup;
import io.fleetwise.planner.sim.SimulationConfig;
import io.fleetwise.planner.sim.SimulationResult;
import io.fleetwise.planner.sim.SimulationTraceSink;
import io.fleetwise.planner.sim.Simulator;
import io.fleetwise.planner.sim.SteadyStateWindow;
import io.fleetwise.planner.sim.SimulatorVersion;
import io.fleetwise.planner.throughput.CanonicalText;
import io.fleetwise.planner.workload.RequestTrace;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.concurrent.CancellationException;

/**
 * Simulates a planned fleet on the workload and reports the SLO attainment it reaches.
 *
 * <p>Requests arrive as one Poisson stream at the plan's demand rate (headroom included); each draws its
 * bucket by rate share and its lengths uniformly inside the bucket's token ranges (not the midpoints the
 * throughput table used, so the check also covers the spread inside a bucket). The router sends a request
 * of bucket b to candidate c with probability {@code share[b][c]} from the plan, and to the least
 * loaded replica inside that candidate's group. Because that routing depends only on the bucket, the
 * groups never interact, so each group is simulated on its own sub-stream; together they are exactly
 * the whole fleet.
 *
 * <p>Attainment counts the measured requests of the stream, which runs between unmeasured
 * warm-up and tail requests ({@link SteadyStateWindow}), exactly as the capacity search behind the throughput
 * table measures a replica; otherwise the check would judge a different quantity than the table promised.
 */
public final class FleetValidator {

    /**
     * @param requests least measured requests in the simulated stream (more when they would span less than
     *                 {@link SteadyStateWindow#MEASURED_SECONDS}; warm-up and tail requests come on top)
     */
    public record Options(int requests, long seed) {
        public Options {
            if (requests < 10) {
                throw new IllegalArgumentException("Fleet validation needs >= 10 requests, got " + requests);
            }
        }

        public static Options defaults() {
            return new Options(5000, 7L);
        }
    }

    /** Part of every stored validation's key: bump when the validation's method changes. */
    public static final int VERSION = 1;

    private FleetValidator() {
    }

    /**
     * The key of a validation: the SHA-256 of everything it depends on (the model; every bucket's token ranges and
     * rate; the plan's candidates in order with their replica configs, counts and routing shares; the SLO; the
     * calibration profile of each GPU type used and the engine profile; the options; this method's and the
     * simulator's versions). Prices are not in it: a price change that keeps the plan keeps its validation.
     */
    public static String key(ModelSpec model, AllocationProblem problem, AllocationResult plan,
                             Map<String, ReplicaConfig> replicaByCandidate, Slo slo, CalibrationSet calibration,
                             Options options) {
        CanonicalText text = new CanonicalText().add("model", model).add("slo", slo).add("options", options)
                .add("validator", VERSION).add("simulator", SimulatorVersion.CURRENT)
                .add("engine", calibration.engine());
        for (int b = 0; b < problem.buckets().size(); b++) {
            WorkloadBucket bucket = problem.buckets().get(b);
            text.add("bucket" + b, List.of(bucket.inputMinTokens(), bucket.inputMaxTokens(), bucket.outputMinTokens(),
                    bucket.outputMaxTokens())).add("rate" + b, problem.bucketRatePerSecond(b));
        }
        for (int c = 0; c < plan.candidates().size(); c++) {
            String name = plan.candidates().get(c).name();
            ReplicaConfig rc = replicaByCandidate.get(name);
            List<Double> shares = new ArrayList<>();
            for (int b = 0; b < problem.buckets().size(); b++) {
                shares.add(plan.share(b, c));
            }
            text.add("candidate" + c, name).add("count" + c, plan.replicaCounts().get(c)).add("shares" + c, shares);
            if (rc != null) {
                text.add("replica" + c, rc).add("calibration" + c, calibration.profileFor(rc.gpu()));
            }
        }
        return text.sha256();
    }

    /**
     * As {@link #validate}, read from {@code store} when this plan was validated before under the same inputs, else
     * simulated and kept there.
     */
    public static FleetValidation validate(ModelSpec model, AllocationProblem problem, AllocationResult plan,
                                           Map<String, ReplicaConfig> replicaByCandidate, Slo slo,
                                           CalibrationSet calibration, Options options, FleetValidationStore store,
                                           ProgressListener listener) {
        String key = key(model, problem, plan, replicaByCandidate, slo, calibration, options);
        Optional<FleetValidation> stored;
        try {
            stored = store.find(key);
        } catch (RuntimeException e) {
            // an unreadable store costs time, not answers
            stored = Optional.empty();
        }
        if (stored.isPresent()) {
            if (listener != null) {
                listener.progress(1.0, stored.get().message() + " (stored validation of this plan)");
            }
            return stored.get();
        }
        FleetValidation validation = validate(model, problem, plan, replicaByCandidate, slo, calibration, options,
                listener);
        try {
            store.save(key, validation);
        } catch (RuntimeException e) {
            // kept for this answer; validated again next time
        }
        return validation;
    }

    /**
     * @param replicaByCandidate the replica config behind every candidate the plan uses
     * @throws CancellationException when the listener asks to cancel
     */
    public static FleetValidation validate(ModelSpec model, AllocationProblem problem, AllocationResult plan,
                                           Map<String, ReplicaConfig> replicaByCandidate, Slo slo,
                                           CalibrationSet calibration, Options options,
                                           ProgressListener listener) {
        Objects.requireNonNull(slo, "slo");
        ProgressListener progress = listener == null ? ProgressListener.NONE : listener;
        if (!plan.hasPlan()) {
            throw new IllegalArgumentException("There is no plan to validate: " + plan.status() + " " + plan.message());
        }
        int buckets = problem.buckets().size();
        int candidates = plan.candidates().size();
        double[] bucketRates = new double[buckets];
        double demand = 0;
        for (int b = 0; b < buckets; b++) {
            WorkloadBucket bucket = problem.buckets().get(b);
            bucketRates[b] = problem.bucketRatePerSecond(b);
            if (bucketRates[b] > 0 && !bucket.hasTokenRanges()) {
                throw new IllegalArgumentException("Bucket '" + bucket.name() + "' has no token ranges; fleet "
                        + "validation needs request lengths to simulate");
            }
            demand += bucketRates[b];
        }
        if (!(demand > 0)) {
            return new FleetValidation(1.0, slo.attainment(), true, 0, 0, 0.0, Map.of(),
                    "No traffic to validate");
        }
        SplittableRandom random = new SplittableRandom(options.seed());
        int n = SteadyStateWindow.measuredRequests(options.requests(), demand);
        int warmUp = SteadyStateWindow.warmUpRequests(n, demand);
        int total = SteadyStateWindow.totalRequests(n, demand);
        List<List<long[]>> routed = new ArrayList<>();
        for (int c = 0; c < candidates; c++) {
            routed.add(new ArrayList<>());
        }
        int unserved = 0;
        double now = 0;
        for (int i = 0; i < total; i++) {
            boolean measured = i >= warmUp && i < warmUp + n;
            now += -Math.log(1.0 - random.nextDouble()) / demand;
            int b = pick(random, bucketRates, demand);
            WorkloadBucket bucket = problem.buckets().get(b);
            int in = uniform(random, bucket.inputMinTokens(), bucket.inputMaxTokens());
            int out = uniform(random, bucket.outputMinTokens(), bucket.outputMaxTokens());
            double u = random.nextDouble();
            int target = -1;
            double acc = 0;
            for (int c = 0; c < candidates; c++) {
                acc += plan.share(b, c);
                if (u < acc) {
                    target = c;
                    break;
                }
            }
            if (target < 0) {
                if (measured) {
                    unserved++;
                }
                continue;
            }
            routed.get(target).add(new long[] {(long) (now * 1e9), in, out, measured ? 1 : 0});
        }
        ProgressListener cancelOnly = new ProgressListener() {
            @Override
            public void progress(double fraction, String message) {
            }

            @Override
            public boolean isCancelled() {
                return progress.isCancelled();
            }
        };
        Map<String, Double> byCandidate = new LinkedHashMap<>();
        long met = 0;
        int routedTotal = 0;
        for (int c = 0; c < candidates; c++) {
            List<long[]> requests = routed.get(c);
            if (requests.isEmpty()) {
                continue;
            }
            if (progress.isCancelled()) {
                throw new CancellationException("Fleet validation cancelled");
            }
            String name = plan.candidates().get(c).name();
            int count = plan.replicaCounts().get(c);
            int measuredHere = 0;
            for (long[] request : requests) {
                measuredHere += (int) request[3];
            }
            routedTotal += measuredHere;
            progress.progress((double) c / candidates, "Simulating " + count + " x " + name + " on "
                    + requests.size() + " requests");
            if (measuredHere == 0) {
                continue;
            }
            if (count == 0) {
                byCandidate.put(name, 0.0);
                continue;
            }
            ReplicaConfig rc = replicaByCandidate.get(name);
            if (rc == null) {
                throw new IllegalArgumentException("No replica config for candidate '" + name + "'; validation "
                        + "needs one for every candidate the plan uses");
            }
            long[] arrivals = new long[requests.size()];
            int[] ins = new int[requests.size()];
            int[] outs = new int[requests.size()];
            for (int i = 0; i < requests.size(); i++) {
                arrivals[i] = requests.get(i)[0];
                ins[i] = (int) requests.get(i)[1];
                outs[i] = (int) requests.get(i)[2];
            }
            SimulationConfig config = SimulationConfig.of(model, List.of(ReplicaGroup.of(rc, count)), slo, calibration);
            SimulationResult result = Simulator.run(config, new RequestTrace("fleet validation: " + name, arrivals, ins,
                    outs), cancelOnly, SimulationTraceSink.NONE);
            long metHere = 0;
            for (int i = 0; i < requests.size(); i++) {
                if (requests.get(i)[3] == 1 && SteadyStateWindow.meets(result, i, slo)) {
                    metHere++;
                }
            }
            byCandidate.put(name, (double) metHere / measuredHere);
            met += metHere;
        }
        double attainment = routedTotal == 0 ? 1.0 : (double) met / routedTotal;
        boolean meets = attainment >= slo.attainment();
        String message = String.format(Locale.ROOT, "%s: %.1f %% of %d simulated requests met the SLO (target %.1f %%)%s",
                meets ? "Plan meets the SLO" : "Plan MISSES the SLO", 100 * attainment, routedTotal,
                100 * slo.attainment(), meets ? "" : "; throughputs from midpoint lengths may be optimistic for the "
                        + "spread inside buckets: add headroom, use narrower buckets or a larger slice factor");
        if (unserved > 0) {
            message += String.format(Locale.ROOT, "; %d of %d requests are not served by the plan", unserved, n);
        }
        progress.progress(1.0, message);
        return new FleetValidation(attainment, slo.attainment(), meets, routedTotal, unserved, demand, byCandidate,
                message);
    }

    private static int pick(SplittableRandom random, double[] weights, double total) {
        double u = random.nextDouble() * total;
        double acc = 0;
        int last = 0;
        for (int i = 0; i < weights.length; i++) {
            if (weights[i] <= 0) {
                continue;
            }
            acc += weights[i];
            last = i;
            if (u < acc) {
                return i;
            }
        }
        return last;
    }

    /** Uniform in [min, max), at least 1 token. */
    private static int uniform(SplittableRandom random, int min, int max) {
        int lo = Math.max(1, min);
        int hi = Math.max(lo + 1, max);
        return lo + random.nextInt(hi - lo);
    }
}

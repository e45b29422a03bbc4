package io.fleetwise.views.fleet;

import io.fleetwise.planner.alloc.WorkloadBucket;
import io.fleetwise.planner.model.ModelSpec;
import io.fleetwise.planner.model.ReplicaConfig;
import io.fleetwise.planner.model.Slo;
import io.fleetwise.planner.progress.ProgressListener;
import io.fleetwise.planner.sim.CapacitySearch;
import io.fleetwise.planner.workload.LengthDistribution;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Per-bucket throughput of a replica config from the simulator's capacity search: the highest Poisson rate one
 * replica sustains under the SLO when every request has the bucket's representative lengths. Results are cached
 * per (model, replica, bucket lengths, SLO, request count), so moving the rate slider or changing the price
 * re-solves without re-simulating.
 */
final class SimulatedThroughputTables {

    private record Key(String model, String replica, int input, int output, double ttftMs, double tpotMs,
                       double attainment, int requests) {
    }

    private final Map<Key, Double> cache = new ConcurrentHashMap<>();
    private final int requestsPerSimulation;

    SimulatedThroughputTables(int requestsPerSimulation) {
        this.requestsPerSimulation = requestsPerSimulation;
    }

    int requestsPerSimulation() {
        return requestsPerSimulation;
    }

    /** Throughput (req/s per replica) for each bucket; 0 where the replica cannot meet the SLO at any rate. */
    List<Double> table(ModelSpec model, ReplicaConfig replica, List<WorkloadBucket> buckets, Slo slo,
                       ProgressListener progress, double from, double to) {
        List<Double> out = new ArrayList<>();
        for (int b = 0; b < buckets.size(); b++) {
            if (progress.isCancelled()) {
                throw new CancellationException("Throughput tables cancelled");
            }
            WorkloadBucket bucket = buckets.get(b);
            int in = bucket.representativeInputTokens();
            int outTokens = bucket.representativeOutputTokens();
            Key key = new Key(model.name(), replica.label(), in, outTokens, slo.ttftMs(), slo.tpotMs(), slo.attainment(),
                    requestsPerSimulation);
            progress.progress(from + (to - from) * b / buckets.size(), String.format(Locale.ROOT,
                    "Capacity of %s for %s", replica.label(), bucket.name()));
            Double rate = cache.get(key);
            if (rate == null) {
                CapacitySearch.Options options = new CapacitySearch.Options(requestsPerSimulation, 42L, 0.05, 24);
                ProgressListener cancelOnly = new ProgressListener() {
                    @Override
                    public void progress(double fraction, String message) {
                        // the search's own fractions would make the bar jump back; the bucket step is reported above
                    }

                    @Override
                    public boolean isCancelled() {
                        return progress.isCancelled();
                    }
                };
                rate = CapacitySearch.maxRate(model, replica, fixed(in, outTokens), slo, options, cancelOnly)
                        .maxRatePerS();
                cache.put(key, rate);
            }
            out.add(rate);
        }
        return out;
    }

    boolean isCached(ModelSpec model, ReplicaConfig replica, WorkloadBucket bucket, Slo slo) {
        return cache.containsKey(new Key(model.name(), replica.label(), bucket.representativeInputTokens(),
                bucket.representativeOutputTokens(), slo.ttftMs(), slo.tpotMs(), slo.attainment(), requestsPerSimulation));
    }

    private static LengthDistribution fixed(int input, int output) {
        return new LengthDistribution() {
            @Override
            public void sample(SplittableRandom random, int[] lengths) {
                lengths[0] = input;
                lengths[1] = output;
            }

            @Override
            public String name() {
                return "fixed " + input + "x" + output;
            }
        };
    }
}

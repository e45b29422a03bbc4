package io.fleetwise.planner.service;

import io.fleetwise.planner.model.ModelSpec;
import io.fleetwise.planner.model.ReplicaConfig;
import io.fleetwise.planner.perf.MemoryModel;
import io.fleetwise.planner.perf.MemoryPlan;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The rules a serving configuration must follow, in one place, so the GUI, the command line and the report refuse
 * the same input with the same one-line message. Each method throws {@link IllegalArgumentException} naming the
 * field, the value and, where there is one, a way out.
 */
public final class ServingRules {

    /** Most requests one simulation of a request stream may have (memory and patience on a laptop). */
    public static final int MAX_REQUESTS = 200_000;
    /** Fewest requests a simulation judges an SLO on. */
    public static final int MIN_REQUESTS = 10;

    private ServingRules() {
    }

    /**
     * TP must divide the attention heads; TP and the KV heads must split evenly (one divides the other: GQA heads are
     * replicated when TP exceeds them); PP must not exceed the layers; EP must divide the experts of an MoE model.
     */
    public static void checkParallelism(ModelSpec model, int tp, int pp, int ep) {
        if (tp < 1) {
            throw new IllegalArgumentException("TP must be at least 1, was " + tp + ".");
        }
        if (pp < 1) {
            throw new IllegalArgumentException("PP must be at least 1, was " + pp + ".");
        }
        if (ep < 1) {
            throw new IllegalArgumentException("EP must be at least 1, was " + ep + ".");
        }
        if (model.numAttentionHeads() % tp != 0) {
            throw new IllegalArgumentException(String.format(Locale.ROOT,
                    "TP %d does not divide %s's %d attention heads. Maybe use TP %s.", tp, model.name(),
                    model.numAttentionHeads(), divisors(model.numAttentionHeads())));
        }
        if (!model.isMla() && model.numKvHeads() % tp != 0 && tp % model.numKvHeads() != 0) {
            throw new IllegalArgumentException(String.format(Locale.ROOT,
                    "TP %d and %s's %d KV heads do not split evenly (one must divide the other).", tp, model.name(),
                    model.numKvHeads()));
        }
        if (pp > model.numLayers()) {
            throw new IllegalArgumentException(String.format(Locale.ROOT, "PP %d exceeds %s's %d layers.", pp,
                    model.name(), model.numLayers()));
        }
        if (ep > 1 && !model.isMoe()) {
            throw new IllegalArgumentException(String.format(Locale.ROOT,
                    "EP %d needs a mixture-of-experts model; %s is dense. Maybe use EP 1.", ep, model.name()));
        }
        if (ep > 1 && model.numExperts() % ep != 0) {
            throw new IllegalArgumentException(String.format(Locale.ROOT,
                    "EP %d does not divide %s's %d experts.", ep, model.name(), model.numExperts()));
        }
        if (ep > tp * pp) {
            throw new IllegalArgumentException(String.format(Locale.ROOT,
                    "EP %d exceeds the replica's %d GPUs (TP %d x PP %d).", ep, tp * pp, tp, pp));
        }
    }

    /**
     * The replica's memory plan as {@code engine} sizes its KV cache; refused, with by how much it misses, when the
     * weights and one KV block do not fit.
     */
    public static MemoryPlan requireFits(ModelSpec model, ReplicaConfig replica,
                                         io.fleetwise.planner.engine.EngineProfile engine) {
        checkParallelism(model, replica.tp(), replica.pp(), replica.ep());
        MemoryPlan memory = MemoryModel.plan(model, replica, io.fleetwise.planner.perf.KvCacheSizing.forEngine(engine));
        if (!memory.fits()) {
            throw new IllegalArgumentException(memory.message());
        }
        return memory;
    }

    /** A positive, finite number of {@code unit}; the message names the field and the value. */
    public static double positive(String field, double value, String unit) {
        if (!(value > 0) || Double.isInfinite(value)) {
            throw new IllegalArgumentException(field + " must be a positive number of " + unit + ", was "
                    + plain(value) + ".");
        }
        return value;
    }

    /** A request rate: positive; infinite only where {@code infiniteAllowed} (all requests at once). */
    public static double rate(String field, double ratePerS, boolean infiniteAllowed) {
        if (infiniteAllowed && ratePerS == Double.POSITIVE_INFINITY) {
            return ratePerS;
        }
        return positive(field, ratePerS, "requests/s");
    }

    /** Requests in one simulated stream: {@value #MIN_REQUESTS} to {@value #MAX_REQUESTS}. */
    public static int requests(String field, int requests) {
        if (requests < MIN_REQUESTS || requests > MAX_REQUESTS) {
            throw new IllegalArgumentException(field + " must be a whole number from " + MIN_REQUESTS + " to "
                    + MAX_REQUESTS + ", was " + requests + ".");
        }
        return requests;
    }

    /** A share of GPU memory the engine may use: (0, 1]. */
    public static double gpuMemoryUtilization(double share) {
        if (!(share > 0 && share <= 1)) {
            throw new IllegalArgumentException("GPU memory utilization must be in (0, 1], was " + share + ".");
        }
        return share;
    }

    private static String divisors(int heads) {
        List<String> d = new ArrayList<>();
        for (int t = 1; t <= Math.min(heads, 64); t++) {
            if (heads % t == 0) {
                d.add(Integer.toString(t));
            }
        }
        return String.join(", ", d);
    }

    private static String plain(double v) {
        if (Double.isInfinite(v)) {
            return v > 0 ? "unbounded" : "-unbounded";
        }
        return v == Math.rint(v) && Math.abs(v) < 1e15 ? Long.toString((long) v) : Double.toString(v);
    }
}

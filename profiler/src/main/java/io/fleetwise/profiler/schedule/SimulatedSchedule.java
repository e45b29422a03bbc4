package io.fleetwise.profiler.schedule;

import io.fleetwise.planner.calibration.CalibrationSet;
import io.fleetwise.executor.run.Iteration;
import io.fleetwise.executor.run.IterationSchedule;
import io.fleetwise.executor.run.PrefillChunk;
import io.fleetwise.planner.model.ModelSpec;
import io.fleetwise.planner.model.ReplicaConfig;
import io.fleetwise.planner.progress.ProgressListener;
import io.fleetwise.planner.sim.ReplicaGroup;
import io.fleetwise.planner.sim.SimulationConfig;
import io.fleetwise.planner.sim.SimulationTraceSink;
import io.fleetwise.planner.sim.Simulator;
import io.fleetwise.planner.workload.RequestTrace;
import io.fleetwise.planner.workload.WorkloadGenerator;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CancellationException;

/**
 * The first iterations one replica runs in a simulation of a Poisson workload, as an executor schedule.
 * The simulator reports each iteration's batch as sums (prefill sequences and tokens, decode sequences and
 * their total context); this spreads the sums evenly over the sequences, and prefill chunks start at
 * context 0. A run of this schedule therefore has the simulated batch sizes and total KV reads, not the
 * exact per-sequence lengths.
 */
public final class SimulatedSchedule {

    private SimulatedSchedule() {
    }

    /** @param calibration what the simulated replica's iteration times come from (they decide who batches with whom) */
    public static IterationSchedule build(ModelSpec model, ReplicaConfig replica, CalibrationSet calibration, String lengthPreset,
                                          double ratePerS, int iterations, long seed, ProgressListener listener) {
        if (iterations <= 0) {
            throw new IllegalArgumentException("iterations must be > 0, was " + iterations);
        }
        if (!(ratePerS > 0)) {
            throw new IllegalArgumentException("rate must be > 0 requests/s, was " + ratePerS);
        }
        ProgressListener outer = listener == null ? ProgressListener.NONE : listener;
        RequestTrace trace = WorkloadGenerator.poisson(lengthPreset, ratePerS, Math.min(4000, 50 + 4 * iterations), seed);
        List<Iteration> collected = new ArrayList<>();
        SimulationTraceSink sink = new SimulationTraceSink() {
            @Override
            public void iteration(int replicaId, long startNs, long endNs, int prefillSeqs, int prefillTokens, int decodeSeqs,
                                  long decodeContextTokens) {
                if (replicaId == 0 && collected.size() < iterations && prefillTokens + decodeSeqs > 0) {
                    collected.add(toIteration(prefillSeqs, prefillTokens, decodeSeqs, decodeContextTokens));
                }
            }
        };
        ProgressListener stopWhenDone = new ProgressListener() {
            @Override
            public void progress(double fraction, String message) {
                outer.progress(Math.min(1.0, collected.size() / (double) iterations), "Simulating: " + collected.size() + " of "
                        + iterations + " iterations");
            }

            @Override
            public boolean isCancelled() {
                return outer.isCancelled() || collected.size() >= iterations;
            }
        };
        SimulationConfig config = SimulationConfig.of(model, List.of(ReplicaGroup.of(replica, 1)), null, calibration);
        try {
            Simulator.run(config, trace, stopWhenDone, sink);
        } catch (CancellationException e) {
            if (collected.size() < iterations) {
                throw e;
            }
        }
        if (collected.isEmpty()) {
            throw new IllegalStateException("The simulation of " + model.name() + " produced no iterations");
        }
        return new IterationSchedule(collected.subList(0, Math.min(iterations, collected.size())));
    }

    static Iteration toIteration(int prefillSeqs, int prefillTokens, int decodeSeqs, long decodeContextTokens) {
        List<PrefillChunk> prefills = new ArrayList<>();
        for (int i = 0; i < prefillSeqs; i++) {
            int tokens = prefillTokens / prefillSeqs + (i < prefillTokens % prefillSeqs ? 1 : 0);
            if (tokens > 0) {
                prefills.add(new PrefillChunk(tokens, 0));
            }
        }
        List<Integer> decodes = new ArrayList<>();
        for (int i = 0; i < decodeSeqs; i++) {
            long ctx = decodeContextTokens / decodeSeqs + (i < decodeContextTokens % decodeSeqs ? 1 : 0);
            decodes.add((int) Math.max(1, ctx));
        }
        return new Iteration(prefills, decodes);
    }
}

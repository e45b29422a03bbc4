package io.fleetwise.planner.sim;

import io.fleetwise.planner.workload.RequestTrace;

import java.util.Arrays;

/** Mutable per-request state of one run, column-wise. Package-private working state of the simulator. */
final class RequestTable {
    final int n;
    final int[] input;
    final int[] output;
    final long[] arrivalNs;
    /** Tokens the current prefill must compute (input, or input + generated after a preemption). */
    final int[] prefillTarget;
    /** Tokens of the current prefill already computed. */
    final int[] prefilled;
    final int[] generated;
    final int[] blocks;
    final int[] preemptions;
    /** In a micro-batch that has started and not finished (pipeline parallelism keeps several in flight). */
    final boolean[] inFlight;
    final int[] prefillReplica;
    final int[] decodeReplica;
    final double[] scheduledNs;
    final double[] firstTokenNs;
    final double[] finishNs;

    RequestTable(RequestTrace trace) {
        n = trace.size();
        input = new int[n];
        output = new int[n];
        arrivalNs = new long[n];
        for (int i = 0; i < n; i++) {
            input[i] = trace.inputTokens(i);
            output[i] = trace.outputTokens(i);
            arrivalNs[i] = trace.arrivalNs(i);
        }
        prefillTarget = input.clone();
        prefilled = new int[n];
        generated = new int[n];
        blocks = new int[n];
        preemptions = new int[n];
        inFlight = new boolean[n];
        prefillReplica = new int[n];
        decodeReplica = new int[n];
        scheduledNs = new double[n];
        firstTokenNs = new double[n];
        finishNs = new double[n];
        Arrays.fill(scheduledNs, Double.NaN);
        Arrays.fill(firstTokenNs, Double.NaN);
        Arrays.fill(finishNs, Double.NaN);
        Arrays.fill(prefillReplica, -1);
        Arrays.fill(decodeReplica, -1);
    }
}

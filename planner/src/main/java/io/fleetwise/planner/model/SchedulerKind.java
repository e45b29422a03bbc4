package io.fleetwise.planner.model;

import java.util.Locale;

/**
 * How a replica forms batches.
 * VLLM: continuous batching, prefill-first (a waiting prompt is prefilled whole, then decodes resume), paged KV,
 * preemption by recompute. SARATHI: chunked prefill under a token budget, decodes first, then prefill chunks
 * (vLLM's chunked-prefill mode). ORCA: iteration-level scheduling without paging: a request reserves KV for its
 * whole maximum length on admission, prompts are prefilled whole in the same iteration as running decodes.
 */
public enum SchedulerKind {
    VLLM, SARATHI, ORCA;

    public static SchedulerKind parse(String text) {
        try {
            return valueOf(text.trim().toUpperCase(Locale.ROOT));
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("Unknown scheduler '" + text + "'. Use one of: vllm, sarathi, orca.");
        }
    }
}

package io.fleetwise.executor.run;

/** {@code tokens} new prompt tokens of one sequence that already has {@code context} tokens in the KV cache. */
public record PrefillChunk(int tokens, int context) {
    public PrefillChunk {
        if (tokens <= 0 || context < 0) {
            throw new IllegalArgumentException("Prefill chunk needs tokens > 0 and context >= 0, was tokens=" + tokens + ", context=" + context);
        }
    }
}

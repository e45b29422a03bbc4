package io.fleetwise.executor.run;

import java.util.List;

/**
 * One forward pass of a batch: prefill chunks and decode sequences. A decode sequence with context
 * L has L tokens cached; its new token is appended at position L and attends L+1 keys.
 */
public record Iteration(List<PrefillChunk> prefills, List<Integer> decodeContexts) {
    public Iteration {
        prefills = List.copyOf(prefills);
        decodeContexts = List.copyOf(decodeContexts);
        if (prefills.isEmpty() && decodeContexts.isEmpty()) {
            throw new IllegalArgumentException("An iteration needs at least one prefill chunk or decode sequence");
        }
        for (int i = 0; i < decodeContexts.size(); i++) {
            if (decodeContexts.get(i) < 0) {
                throw new IllegalArgumentException("Decode sequence " + i + " has negative context " + decodeContexts.get(i));
            }
        }
    }

    public int tokens() {
        return prefills.stream().mapToInt(PrefillChunk::tokens).sum() + decodeContexts.size();
    }

    public int sequences() {
        return prefills.size() + decodeContexts.size();
    }

    public String describe() {
        return "tokens=" + tokens() + " prefill=" + prefills.size() + " decode=" + decodeContexts.size();
    }
}

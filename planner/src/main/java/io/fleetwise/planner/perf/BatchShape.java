package io.fleetwise.planner.perf;

/**
 * One iteration's batch, reduced to the sums the cost of every operator depends on.
 *
 * @param prefillTokens       tokens of all prefill chunks
 * @param prefillSeqs         sequences with a prefill chunk
 * @param prefillAttnPairs    causal query-key pairs of the chunks: sum of chunk * (contextBefore + (chunk + 1) / 2)
 * @param prefillKvTokens     KV tokens the chunks read: sum of contextBefore + chunk
 * @param decodeSeqs          sequences decoding one token
 * @param decodeContextTokens sum of the decoding sequences' context lengths (KV tokens read)
 */
public record BatchShape(int prefillTokens, int prefillSeqs, double prefillAttnPairs, long prefillKvTokens,
                         int decodeSeqs, long decodeContextTokens) {

    public BatchShape {
        if (prefillTokens < 0 || prefillSeqs < 0 || prefillAttnPairs < 0 || prefillKvTokens < 0 || decodeSeqs < 0
                || decodeContextTokens < 0) {
            throw new IllegalArgumentException("BatchShape counts must be >= 0: " + prefillTokens + ", " + prefillSeqs
                    + ", " + prefillAttnPairs + ", " + prefillKvTokens + ", " + decodeSeqs + ", " + decodeContextTokens);
        }
    }

    public static final BatchShape EMPTY = new BatchShape(0, 0, 0, 0, 0, 0);

    /** Causal pairs of a chunk of {@code chunk} tokens after {@code contextBefore} cached tokens. */
    public static double causalPairs(int chunk, long contextBefore) {
        return chunk * (contextBefore + (chunk + 1) / 2.0);
    }

    /** A single whole prompt of {@code tokens} tokens with nothing cached. */
    public static BatchShape prefill(int tokens) {
        return EMPTY.plusPrefill(tokens, 0);
    }

    /** {@code seqs} decoding sequences, each with {@code context} tokens of context. */
    public static BatchShape decode(int seqs, int context) {
        return new BatchShape(0, 0, 0, 0, seqs, (long) seqs * context);
    }

    public BatchShape plusPrefill(int chunk, long contextBefore) {
        return new BatchShape(prefillTokens + chunk, prefillSeqs + 1, prefillAttnPairs + causalPairs(chunk, contextBefore),
                prefillKvTokens + contextBefore + chunk, decodeSeqs, decodeContextTokens);
    }

    public BatchShape plusDecode(long context) {
        return new BatchShape(prefillTokens, prefillSeqs, prefillAttnPairs, prefillKvTokens, decodeSeqs + 1,
                decodeContextTokens + context);
    }

    /** Tokens through the GEMMs this iteration. */
    public int tokens() {
        return prefillTokens + decodeSeqs;
    }

    public int sequences() {
        return prefillSeqs + decodeSeqs;
    }

    public boolean isEmpty() {
        return tokens() == 0;
    }
}

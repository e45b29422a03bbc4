package io.fleetwise.executor.device;

/**
 * Heads of one attention call on one GPU: {@code qHeads} query heads sharing {@code kvHeads} KV heads
 * (grouped-query attention), each {@code headDim} wide, scores scaled by {@code scale}.
 */
public record AttentionShape(int qHeads, int kvHeads, int headDim, float scale) {
    public AttentionShape {
        if (qHeads <= 0 || kvHeads <= 0 || qHeads % kvHeads != 0) {
            throw new IllegalArgumentException("qHeads " + qHeads + " must be a positive multiple of kvHeads " + kvHeads);
        }
        if (headDim <= 0 || headDim % 64 != 0 || headDim > 256) {
            throw new IllegalArgumentException("headDim must be 64, 128, 192 or 256 for the attention kernels, was " + headDim);
        }
    }

    public static AttentionShape of(int qHeads, int kvHeads, int headDim) {
        return new AttentionShape(qHeads, kvHeads, headDim, (float) (1.0 / Math.sqrt(headDim)));
    }

    public int groupSize() {
        return qHeads / kvHeads;
    }
}

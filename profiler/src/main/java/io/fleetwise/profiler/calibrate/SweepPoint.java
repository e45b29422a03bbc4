package io.fleetwise.profiler.calibrate;

/**
 * One timed operation of a calibration sweep, reduced to what the performance model's roofline of that
 * kind depends on: FLOPs, bytes moved, and the measured time.
 */
public record SweepPoint(Kind kind, String shape, double flops, double bytes, double timeNs) {
    public enum Kind { GEMM, ATTENTION_PREFILL, ATTENTION_DECODE, ELEMENTWISE }

    public SweepPoint {
        if (!(timeNs > 0) || flops < 0 || !(bytes > 0)) {
            throw new IllegalArgumentException("Sweep point " + kind + " " + shape + ": needs time > 0, flops >= 0, bytes > 0; got "
                    + timeNs + " ns, " + flops + " FLOP, " + bytes + " B");
        }
    }

    /** GEMM {@code [M,K] x [N,K]^T} in bf16, counted as the performance model counts it. */
    public static SweepPoint gemm(int m, int n, int k, double timeNs) {
        return new SweepPoint(Kind.GEMM, "M=" + m + " N=" + n + " K=" + k, 2.0 * m * n * k,
                2.0 * ((double) n * k + (double) m * (k + n)), timeNs);
    }

    /** A prefill chunk of {@code tokens} new tokens after {@code context} cached ones. */
    public static SweepPoint prefill(int tokens, int context, int qHeads, int kvHeads, int headDim, double timeNs) {
        double pairs = tokens * (context + (tokens + 1) / 2.0);
        double flops = 2.0 * pairs * qHeads * 2.0 * headDim;
        double bytes = (double) (context + tokens) * 2.0 * kvHeads * headDim * 2.0 + 2.0 * tokens * qHeads * headDim * 2.0;
        return new SweepPoint(Kind.ATTENTION_PREFILL, "tokens=" + tokens + " context=" + context + " heads=" + qHeads + "/" + kvHeads
                + " d=" + headDim, flops, bytes, timeNs);
    }

    /** {@code batch} sequences decoding one token each over {@code context} cached tokens. */
    public static SweepPoint decode(int batch, int context, int qHeads, int kvHeads, int headDim, double timeNs) {
        double ctx = (double) batch * context;
        double flops = 2.0 * qHeads * 2.0 * headDim * ctx;
        double bytes = ctx * 2.0 * kvHeads * headDim * 2.0 + 2.0 * batch * qHeads * headDim * 2.0;
        return new SweepPoint(Kind.ATTENTION_DECODE, "batch=" + batch + " context=" + context + " heads=" + qHeads + "/" + kvHeads
                + " d=" + headDim, flops, bytes, timeNs);
    }

    public static SweepPoint elementwise(String op, double bytes, double timeNs) {
        return new SweepPoint(Kind.ELEMENTWISE, op, 0, bytes, timeNs);
    }
}

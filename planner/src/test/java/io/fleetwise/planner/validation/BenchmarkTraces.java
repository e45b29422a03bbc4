package io.fleetwise.planner.validation;

import io.fleetwise.planner.workload.RequestTrace;

import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * Rebuilds the requests a benchmark client sent from what its printout states.
 *
 * <ul>
 *   <li>{@code random}: every prompt has the same length and every output the same cap; the printed totals set the
 *   per-request lengths exactly (a total below prompts x cap means some requests stopped early at EOS, spread evenly).</li>
 *   <li>{@code sharegpt}: the printout gives only totals, so lengths are drawn from log-normal distributions
 *   (sigma {@value #SHAREGPT_INPUT_SIGMA} for prompts, {@value #SHAREGPT_OUTPUT_SIGMA} for outputs: an assumption
 *   about the shape, not measured here), filtered as vLLM's and SGLang's clients filter ShareGPT (prompt and output
 *   of at least 4 tokens, prompt at most 1024, prompt plus output at most 2048) and scaled until their means equal
 *   the printed totals.</li>
 * </ul>
 * Arrivals: {@code burst} and {@code concurrency} send everything at t = 0 (the closed loop holds back all but C), {@code rate} is a Poisson process (the clients' default
 * burstiness 1). Deterministic: the seed comes from the point's id.
 */
final class BenchmarkTraces {
    static final double SHAREGPT_INPUT_SIGMA = 1.2;
    static final double SHAREGPT_OUTPUT_SIGMA = 1.0;
    private static final int SHAREGPT_MIN_TOKENS = 4;
    private static final int SHAREGPT_MAX_PROMPT = 1024;
    private static final int SHAREGPT_MAX_TOTAL = 2048;

    private BenchmarkTraces() {
    }

    static RequestTrace of(BenchmarkPoint p) {
        BenchmarkPoint.Dataset d = p.dataset();
        SplittableRandom rnd = new SplittableRandom(p.id().hashCode());
        int n = d.prompts();
        int[] in;
        int[] out;
        if (d.kind().equals("random")) {
            in = spread(d.totalInputTokens(), n);
            out = spread(d.totalOutputTokens(), n);
        } else if (d.kind().equals("sharegpt")) {
            int[][] lengths = shareGpt(n, d.meanInput(), d.meanOutput(), rnd);
            in = lengths[0];
            out = lengths[1];
        } else {
            throw new IllegalArgumentException(p.id() + ": unknown dataset kind '" + d.kind() + "'");
        }
        long[] arrivals = new long[n];
        if (p.load().mode().equals("rate")) {
            double t = 0;
            for (int i = 0; i < n; i++) {
                t += -Math.log(1.0 - rnd.nextDouble()) / p.load().rate();
                arrivals[i] = Math.round(t * 1e9);
            }
        }
        return new RequestTrace(p.id(), arrivals, in, out);
    }

    /** {@code total} split into {@code n} integers that differ by at most one. */
    static int[] spread(long total, int n) {
        int[] v = new int[n];
        long base = total / n;
        long extra = total - base * n;
        for (int i = 0; i < n; i++) {
            v[i] = (int) (base + (i < extra ? 1 : 0));
        }
        return v;
    }

    private static int[][] shareGpt(int n, double meanIn, double meanOut, SplittableRandom rnd) {
        double[] zIn = new double[n];
        double[] zOut = new double[n];
        for (int i = 0; i < n; i++) {
            zIn[i] = gaussian(rnd);
            zOut[i] = gaussian(rnd);
        }
        double muIn = Math.log(meanIn) - SHAREGPT_INPUT_SIGMA * SHAREGPT_INPUT_SIGMA / 2;
        double muOut = Math.log(meanOut) - SHAREGPT_OUTPUT_SIGMA * SHAREGPT_OUTPUT_SIGMA / 2;
        int[] in = new int[n];
        int[] out = new int[n];
        // Filtering trims the tails, so re-centre the medians until the filtered means hit the printed ones.
        for (int iter = 0; iter < 60; iter++) {
            draw(zIn, zOut, muIn, muOut, in, out);
            double gotIn = Arrays.stream(in).average().orElse(meanIn);
            double gotOut = Arrays.stream(out).average().orElse(meanOut);
            if (Math.abs(gotIn / meanIn - 1) < 1e-3 && Math.abs(gotOut / meanOut - 1) < 1e-3) {
                break;
            }
            muIn += Math.log(meanIn / gotIn);
            muOut += Math.log(meanOut / gotOut);
        }
        return new int[][] {in, out};
    }

    /** Lengths from normals, clamped into the clients' filter window (a draw outside it stands for a resampled one). */
    private static void draw(double[] zIn, double[] zOut, double muIn, double muOut, int[] in, int[] out) {
        for (int i = 0; i < zIn.length; i++) {
            int a = (int) Math.round(Math.exp(muIn + SHAREGPT_INPUT_SIGMA * zIn[i]));
            int b = (int) Math.round(Math.exp(muOut + SHAREGPT_OUTPUT_SIGMA * zOut[i]));
            a = Math.max(SHAREGPT_MIN_TOKENS, Math.min(SHAREGPT_MAX_PROMPT, a));
            b = Math.max(SHAREGPT_MIN_TOKENS, Math.min(SHAREGPT_MAX_TOTAL - a, b));
            in[i] = a;
            out[i] = b;
        }
    }

    private static double gaussian(SplittableRandom rnd) {
        double u = 1.0 - rnd.nextDouble();
        double v = rnd.nextDouble();
        return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
    }
}

package io.fleetwise.planner.perf;

import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVRecord;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Default calibration profiles. {@link #h100Measured()} fits every efficiency curve at load time to the measured
 * H100 kernel sweep shipped in this jar ({@code perf/h100-sweep.csv}, see {@code perf/SOURCE.md}). The serving
 * engine's host overheads (tuned to the six vLLM 0.6.0 runs in {@code docs/validation.md}) are not part of a
 * calibration: see {@link io.fleetwise.planner.engine.EngineProfile#vllm06()}.
 */
public final class CalibrationProfiles {
    /** H100 SXM datasheet peaks the sweep's efficiencies are relative to (h100-measured.md). */
    static final double H100_BF16_PEAK_TFLOPS = 989.0;
    static final double H100_FP8_PEAK_TFLOPS = 1979.0;
    static final double H100_HBM_GBPS = 3350.0;
    /** Rows shorter than this are dominated by eager host dispatch (tiny kernel = 10.83 us in the same loop). */
    static final double MIN_TRUSTED_US = 45.0;
    /**
     * GEMM rows at least this long are device bound in the sweep's eager loop: its smallest GEMMs take 19.4-19.9 us
     * whatever their size (16.8 MB: K2048xN4096 and K1024xN8192, M = 1), so cuBLAS dispatch costs ~20 us per GEMM there
     * and a GEMM row 1.5x that is timed by the GPU, not the host.
     */
    static final double MIN_TRUSTED_GEMM_US = 30.0;
    /**
     * Least time of one eagerly launched kernel in vLLM 0.6.0. The sweep's plain PyTorch loop measured 10.83 us for an
     * empty kernel (h100-sweep.csv row tiny_kernel); vLLM's eager path dispatches more Python per kernel, and the
     * grid search against the six vLLM runs (VllmHostOverheadTuning) chose 16 us.
     */
    static final double EAGER_KERNEL_FLOOR_US = 16.0;
    /**
     * Least device time of a kernel replayed from a CUDA graph: launch gaps inside a graph are ~1-2 us and a tiny
     * kernel runs ~2 us (NVIDIA "Getting Started with CUDA Graphs" blog measured 3.4 us -> 2.0 us per short kernel
     * when moving from stream launches to a graph). Assumed 2.5 us, not measured here.
     */
    static final double GRAPH_KERNEL_FLOOR_US = 2.5;
    /** Blend of compute and memory limits; p = 3 reproduces the GEMM sweep's knee (see docs/perf-model.md). */
    static final double OVERLAP_EXPONENT = 3.0;
    /**
     * NCCL all-reduce bus bandwidth on 8x H100 NVLink4 reaches ~360-370 GB/s of the 450 GB/s per direction
     * (nccl-tests results commonly published for DGX H100): 0.80.
     */
    static final double COLLECTIVE_BUS_EFF = 0.80;
    private CalibrationProfiles() {
    }

    /** The curves fitted to the H100 sweep; fitted once, on first use (the JVM's holder-class idiom makes that lazy and safe). */
    public static CalibrationProfile h100Measured() {
        return H100Holder.PROFILE;
    }

    private static final class H100Holder {
        static final CalibrationProfile PROFILE = fit(readSweep());
    }

    /** One row of the sweep. */
    record SweepRow(String op, String dtype, int m, int k, int n, int batch, int qHeads, int kvHeads, int headDim,
                    int context, double timeUs, double tflops, double gbps) {
        double flops() {
            return tflops * 1e12 * timeUs * 1e-6;
        }

        double bytes() {
            return gbps * 1e9 * timeUs * 1e-6;
        }

        boolean isGemm() {
            return op.startsWith("gemm_");
        }
    }

    static List<SweepRow> readSweep() {
        String path = "/io/fleetwise/planner/perf/h100-sweep.csv";
        try (InputStream in = CalibrationProfiles.class.getResourceAsStream(path)) {
            if (in == null) {
                throw new IllegalStateException("Missing resource " + path);
            }
            List<SweepRow> rows = new ArrayList<>();
            for (CSVRecord r : CSVFormat.DEFAULT.builder().setHeader().setSkipHeaderRecord(true).build()
                    .parse(new InputStreamReader(in, StandardCharsets.UTF_8))) {
                rows.add(new SweepRow(r.get("op"), r.get("dtype"), i(r.get("M")), i(r.get("K")), i(r.get("N")),
                        i(r.get("batch")), i(r.get("q_heads")), i(r.get("kv_heads")), i(r.get("head_dim")),
                        i(r.get("context")), d(r.get("time_us")), d(r.get("tflops")), d(r.get("gbps"))));
            }
            return rows;
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read " + path, e);
        }
    }

    private static int i(String s) {
        return s == null || s.isBlank() ? 0 : Integer.parseInt(s.trim());
    }

    private static double d(String s) {
        return s == null || s.isBlank() ? 0 : Double.parseDouble(s.trim());
    }

    static double gemmBytes(SweepRow r, double weightBytes) {
        return (double) r.k() * r.n() * weightBytes + 2.0 * ((double) r.m() * r.k() + (double) r.m() * r.n());
    }

    /** Bytes an fp8 W8A8 GEMM moves: 1-byte weights and inputs, 16-bit outputs. */
    static double fp8GemmBytes(SweepRow r) {
        return (double) r.k() * r.n() + (double) r.m() * r.k() + 2.0 * r.m() * r.n();
    }

    static CalibrationProfile fit(List<SweepRow> rows) {
        // 1. Weight streaming: small-M bf16 GEMMs are bandwidth bound, with a fixed device time per GEMM.
        EfficiencyCurve gemmMem = weightStreamingCurve(rows);
        // 2. Compute: invert the p-norm blend so that the curve is the compute-side efficiency alone.
        Map<Integer, List<Double>> compBins = new TreeMap<>();
        for (SweepRow r : rows) {
            if (r.isGemm() && r.dtype().equals("bf16") && r.m() >= 64 && r.timeUs() >= MIN_TRUSTED_US) {
                double flops = 2.0 * r.m() * r.k() * r.n();
                double bytes = gemmBytes(r, 2.0);
                double tm = bytes / (H100_HBM_GBPS * 1e9 * gemmMem.at(bytes));
                double t = r.timeUs() * 1e-6;
                double rest = Math.pow(t, OVERLAP_EXPONENT) - Math.pow(tm, OVERLAP_EXPONENT);
                if (rest > 0.2 * Math.pow(t, OVERLAP_EXPONENT)) {
                    double tc = Math.pow(rest, 1.0 / OVERLAP_EXPONENT);
                    bin(compBins, flops, Math.min(1.0, flops / tc / (H100_BF16_PEAK_TFLOPS * 1e12)));
                }
            }
        }
        EfficiencyCurve gemmComp = curve(compBins);
        // 3. fp8: ratio of large-M achieved fractions (same shapes).
        List<Double> fp8 = new ArrayList<>();
        List<Double> bf16Same = new ArrayList<>();
        for (SweepRow r : rows) {
            if (r.op().equals("gemm_gate_up") && r.m() >= 2048 && r.timeUs() >= MIN_TRUSTED_US) {
                if (r.dtype().equals("fp8")) {
                    fp8.add(r.tflops() / H100_FP8_PEAK_TFLOPS);
                } else if (r.dtype().equals("bf16")) {
                    bf16Same.add(r.tflops() / H100_BF16_PEAK_TFLOPS);
                }
            }
        }
        double fp8Scale = fp8.isEmpty() || bf16Same.isEmpty() ? 1.0 : median(fp8) / median(bf16Same);
        // fp8 scaled-mm streaming its weights (M <= 16): bandwidth reached relative to a bf16 GEMM moving the same
        // bytes. The sweep's fp8 rows (torch._scaled_mm, per-tensor scales) reach 0.93-0.97 of it.
        List<Double> fp8Mem = new ArrayList<>();
        for (SweepRow r : rows) {
            if (r.isGemm() && r.dtype().equals("fp8") && r.m() <= 16 && r.timeUs() >= MIN_TRUSTED_GEMM_US) {
                double bytes = fp8GemmBytes(r);
                fp8Mem.add(bytes / (r.timeUs() * 1e-6) / (H100_HBM_GBPS * 1e9) / gemmMem.at(bytes));
            }
        }
        double fp8MemScale = fp8Mem.isEmpty() ? 1.0 : Math.min(1.0, median(fp8Mem));
        // 4. Attention.
        Map<Integer, List<Double>> prefillBins = new TreeMap<>();
        Map<Integer, List<Double>> decodeBins = new TreeMap<>();
        Map<Integer, List<Double>> eltBins = new TreeMap<>();
        for (SweepRow r : rows) {
            if (r.timeUs() < MIN_TRUSTED_US) {
                continue;
            }
            if (r.op().equals("attn_prefill")) {
                bin(prefillBins, r.flops(), r.tflops() / H100_BF16_PEAK_TFLOPS);
            } else if (r.op().equals("attn_decode")) {
                bin(decodeBins, r.bytes(), r.gbps() / H100_HBM_GBPS);
            } else if (r.op().equals("rmsnorm") || r.op().equals("silu_mul")) {
                bin(eltBins, r.bytes(), r.gbps() / H100_HBM_GBPS);
            }
        }
        return new CalibrationProfile("H100-SXM measured (PyTorch 2.11 sweep)",
                gemmComp, gemmMem, fp8Scale, fp8MemScale, curve(prefillBins), curve(decodeBins), curve(eltBins, 1),
                OVERLAP_EXPONENT, GRAPH_KERNEL_FLOOR_US, EAGER_KERNEL_FLOOR_US, COLLECTIVE_BUS_EFF,
                "efficiency curves: median per log2 size bin (2+ rows) of h100-sweep.csv rows >= 45 us (H100 80GB HBM3 SXM, "
                        + "PyTorch 2.11, 2026-11-22); eager kernel floor tuned to the vLLM 0.6.0 TP8 Llama-3.1-70B runs");
    }

    /**
     * Weight-streaming efficiency of a GEMM of b bytes at small M: t(b) = t0 + b / (HBM x e), fitted by least squares on
     * the device-bound bf16 rows with M <= 16 (>= {@link #MIN_TRUSTED_GEMM_US}), i.e. efficiency e x b / (b + t0 x HBM x
     * e). A GEMM pays a fixed device time t0 (pipeline fill and the last partial wave; ~9 us on the sweep's H100) on top
     * of streaming at e of the HBM peak, so the efficiency keeps falling below the sizes the sweep's long rows cover
     * (TP-sharded decode GEMMs: 17-120 MB per GPU for a 70B model at TP8) instead of staying at the smallest bin's value.
     * Tabulated per log2 size from 1 MB to 4 GB.
     */
    static EfficiencyCurve weightStreamingCurve(List<SweepRow> rows) {
        double n = 0, sx = 0, sy = 0, sxx = 0, sxy = 0;
        for (SweepRow r : rows) {
            if (r.isGemm() && r.dtype().equals("bf16") && r.m() <= 16 && r.timeUs() >= MIN_TRUSTED_GEMM_US) {
                double x = gemmBytes(r, 2.0);
                double y = r.timeUs() * 1e-6;
                n++;
                sx += x;
                sy += y;
                sxx += x * x;
                sxy += x * y;
            }
        }
        if (n < 3) {
            throw new IllegalStateException("The H100 sweep has fewer than 3 device-bound small-M GEMM rows");
        }
        double slope = (n * sxy - sx * sy) / (n * sxx - sx * sx); // s per byte = 1 / (HBM x e)
        double t0 = Math.max(0, (sy - slope * sx) / n);
        double e = Math.min(1.0, 1.0 / (slope * H100_HBM_GBPS * 1e9));
        double[] sizes = new double[13];
        double[] fr = new double[sizes.length];
        for (int i = 0; i < sizes.length; i++) {
            sizes[i] = Math.pow(2, 20 + i);
            double streaming = sizes[i] / (H100_HBM_GBPS * 1e9 * e);
            fr[i] = e * streaming / (streaming + t0);
        }
        return new EfficiencyCurve(sizes, fr);
    }

    private static void bin(Map<Integer, List<Double>> bins, double size, double fraction) {
        if (size > 0 && fraction > 0) {
            int key = (int) Math.round(Math.log(size) / Math.log(2));
            bins.computeIfAbsent(key, x -> new ArrayList<>()).add(Math.min(1.0, fraction));
        }
    }

    private static EfficiencyCurve curve(Map<Integer, List<Double>> bins) {
        return curve(bins, 2);
    }

    private static EfficiencyCurve curve(Map<Integer, List<Double>> bins, int minRows) {
        bins.values().removeIf(v -> v.size() < minRows); // a lone row in a bin is too often a dispatch-bound outlier
        if (bins.isEmpty()) {
            throw new IllegalStateException("The H100 sweep has no rows for a curve");
        }
        double[] sizes = new double[bins.size()];
        double[] fr = new double[bins.size()];
        int i = 0;
        for (Map.Entry<Integer, List<Double>> e : bins.entrySet()) {
            sizes[i] = Math.pow(2, e.getKey());
            fr[i] = median(e.getValue());
            i++;
        }
        return new EfficiencyCurve(sizes, fr);
    }

    static double median(List<Double> values) {
        double[] a = values.stream().mapToDouble(Double::doubleValue).toArray();
        Arrays.sort(a);
        int n = a.length;
        return n % 2 == 1 ? a[n / 2] : 0.5 * (a[n / 2 - 1] + a[n / 2]);
    }
}

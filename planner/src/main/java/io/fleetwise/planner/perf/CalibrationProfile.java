package io.fleetwise.planner.perf;

import io.fleetwise.planner.fingerprint.Fingerprint;

import java.util.Objects;

/**
 * Everything the performance model takes from measurement rather than from datasheets. Efficiencies are fractions
 * of a GPU's datasheet peak, so a profile measured on one GPU applies to another by its specs (an assumption: the
 * same software reaches the same fraction of peak). A later calibration fits a profile per GPU type from runs.
 *
 * @param gemmComputeEff        GEMM fraction of peak 16-bit FLOP/s vs FLOPs of one GEMM
 * @param gemmMemoryEff         fraction of peak HBM bandwidth a weight-streaming GEMM reaches vs bytes moved
 * @param fp8ComputeScale       fp8 GEMM efficiency relative to the bf16 one (cuBLAS fp8 reaches a lower fraction of its
 *                              doubled peak)
 * @param fp8MemoryScale        fp8 scaled-mm weight-streaming efficiency at small M relative to a bf16 GEMM moving the
 *                              same bytes (1 where the profile was measured without fp8 GEMMs)
 * @param prefillAttnComputeEff prefill attention fraction of peak vs attention FLOPs
 * @param decodeAttnMemoryEff   decode attention fraction of peak bandwidth vs KV bytes read
 * @param elementwiseMemoryEff  norms, activation, rotary: fraction of peak bandwidth vs bytes
 * @param overlapExponent       p of the p-norm (t_compute^p + t_memory^p)^(1/p) that blends the two roofline limits
 * @param graphKernelFloorUs    least time of one kernel replayed from a CUDA graph
 * @param eagerKernelFloorUs    least time of one kernel launched eagerly (host dispatch bound)
 * @param collectiveBusEff      fraction of link bandwidth NCCL-style collectives reach
 */
public record CalibrationProfile(
        String name,
        EfficiencyCurve gemmComputeEff,
        EfficiencyCurve gemmMemoryEff,
        double fp8ComputeScale,
        double fp8MemoryScale,
        EfficiencyCurve prefillAttnComputeEff,
        EfficiencyCurve decodeAttnMemoryEff,
        EfficiencyCurve elementwiseMemoryEff,
        double overlapExponent,
        double graphKernelFloorUs,
        double eagerKernelFloorUs,
        double collectiveBusEff,
        String source) {

    public CalibrationProfile {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(gemmComputeEff, "gemmComputeEff");
        Objects.requireNonNull(gemmMemoryEff, "gemmMemoryEff");
        Objects.requireNonNull(prefillAttnComputeEff, "prefillAttnComputeEff");
        Objects.requireNonNull(decodeAttnMemoryEff, "decodeAttnMemoryEff");
        Objects.requireNonNull(elementwiseMemoryEff, "elementwiseMemoryEff");
        if (!(overlapExponent >= 1)) {
            throw new IllegalArgumentException("overlapExponent must be >= 1, was " + overlapExponent);
        }
        if (!(collectiveBusEff > 0 && collectiveBusEff <= 1)) {
            throw new IllegalArgumentException("collectiveBusEff must be in (0, 1], was " + collectiveBusEff);
        }
        if (!(fp8ComputeScale > 0) || !(fp8MemoryScale > 0) || !(graphKernelFloorUs >= 0) || !(eagerKernelFloorUs >= 0)) {
            throw new IllegalArgumentException("CalibrationProfile " + name + ": scale must be > 0 and times >= 0");
        }
        source = source == null ? "" : source;
    }

    /** A profile measured without fp8 GEMMs: fp8 weight streaming taken as efficient as bf16 ({@code fp8MemoryScale} 1). */
    public CalibrationProfile(String name, EfficiencyCurve gemmComputeEff, EfficiencyCurve gemmMemoryEff,
                              double fp8ComputeScale, EfficiencyCurve prefillAttnComputeEff,
                              EfficiencyCurve decodeAttnMemoryEff, EfficiencyCurve elementwiseMemoryEff,
                              double overlapExponent, double graphKernelFloorUs, double eagerKernelFloorUs,
                              double collectiveBusEff, String source) {
        this(name, gemmComputeEff, gemmMemoryEff, fp8ComputeScale, 1.0, prefillAttnComputeEff, decodeAttnMemoryEff,
                elementwiseMemoryEff, overlapExponent, graphKernelFloorUs, eagerKernelFloorUs, collectiveBusEff, source);
    }

    /** These curves with another fp8 weight-streaming scale (a calibration derived from one that has it). */
    public CalibrationProfile withFp8MemoryScale(double scale) {
        return new CalibrationProfile(name, gemmComputeEff, gemmMemoryEff, fp8ComputeScale, scale, prefillAttnComputeEff,
                decodeAttnMemoryEff, elementwiseMemoryEff, overlapExponent, graphKernelFloorUs, eagerKernelFloorUs,
                collectiveBusEff, source);
    }

    public CalibrationProfile withKernelFloors(double graphUs, double eagerUs) {
        return new CalibrationProfile(name, gemmComputeEff, gemmMemoryEff, fp8ComputeScale, fp8MemoryScale, prefillAttnComputeEff,
                decodeAttnMemoryEff, elementwiseMemoryEff, overlapExponent, graphUs, eagerUs, collectiveBusEff, source);
    }

    /** The same profile under another name and source (a stored calibration named for the user). */
    public CalibrationProfile named(String newName, String newSource) {
        return new CalibrationProfile(newName, gemmComputeEff, gemmMemoryEff, fp8ComputeScale, fp8MemoryScale, prefillAttnComputeEff,
                decodeAttnMemoryEff, elementwiseMemoryEff, overlapExponent, graphKernelFloorUs, eagerKernelFloorUs,
                collectiveBusEff, newSource);
    }

    /**
     * A stable hash of every figure that changes a prediction (curves, scales, floors), not of the name or source: two
     * profiles with the same fingerprint predict the same.
     */
    public String fingerprint() {
        Fingerprint f = Fingerprint.of("calibration-profile")
                .add("gemmComputeEff", curve(gemmComputeEff)).add("gemmMemoryEff", curve(gemmMemoryEff))
                .add("fp8ComputeScale", fp8ComputeScale).add("prefillAttnComputeEff", curve(prefillAttnComputeEff))
                .add("decodeAttnMemoryEff", curve(decodeAttnMemoryEff)).add("elementwiseMemoryEff", curve(elementwiseMemoryEff))
                .add("overlapExponent", overlapExponent).add("graphKernelFloorUs", graphKernelFloorUs)
                .add("eagerKernelFloorUs", eagerKernelFloorUs).add("collectiveBusEff", collectiveBusEff);
        // added later: named only where it changes a prediction, so profiles without it keep their fingerprints
        return (fp8MemoryScale == 1.0 ? f : f.add("fp8MemoryScale", fp8MemoryScale)).hex();
    }

    private static String curve(EfficiencyCurve c) {
        return java.util.Arrays.toString(c.sizes()) + "->" + java.util.Arrays.toString(c.fractions());
    }

    /** Ideal hardware: every efficiency 1, no floors or host time (for hand-checkable roofline tests). */
    public static CalibrationProfile ideal() {
        EfficiencyCurve one = EfficiencyCurve.constant(1.0);
        return new CalibrationProfile("ideal roofline", one, one, 1.0, one, one, one, 1e9, 0, 0, 1.0,
                "no measurement: datasheet peaks, max(compute, memory)");
    }
}

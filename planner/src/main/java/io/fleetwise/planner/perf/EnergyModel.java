package io.fleetwise.planner.perf;

import io.fleetwise.planner.model.GpuType;

/**
 * GPU power as a linear function of utilization between an idle floor and TDP:
 * {@code P = TDP * (idle + (1 - idle) * u)}, u = max(achieved FLOP/s / peak, achieved bytes/s / peak bandwidth).
 */
public final class EnergyModel {
    /**
     * Idle floor as a share of TDP. An H100 SXM (700 W) reads ~70 W (10 %) in nvidia-smi when fully idle; a serving
     * GPU between iterations keeps its clocks up and memory powered, so 15 % is assumed (not measured here).
     */
    public static final double DEFAULT_IDLE_FRACTION = 0.15;

    private final double idleFraction;

    public EnergyModel(double idleFraction) {
        if (!(idleFraction >= 0 && idleFraction <= 1)) {
            throw new IllegalArgumentException("idleFraction must be in [0, 1], was " + idleFraction);
        }
        this.idleFraction = idleFraction;
    }

    public static EnergyModel standard() {
        return new EnergyModel(DEFAULT_IDLE_FRACTION);
    }

    public double idleFraction() {
        return idleFraction;
    }

    public double powerW(GpuType gpu, double utilization) {
        double u = Math.max(0, Math.min(1, utilization));
        return gpu.tdpW() * (idleFraction + (1 - idleFraction) * u);
    }

    public double idlePowerW(GpuType gpu) {
        return gpu.tdpW() * idleFraction;
    }

    /** Joules one GPU spends on an iteration of {@code ns} that did the given work. */
    public double iterationJoules(GpuType gpu, double ns, double flops, double peakFlops, double bytes) {
        if (ns <= 0) {
            return 0;
        }
        double s = ns * 1e-9;
        double u = Math.max(flops / (peakFlops * s), bytes / (gpu.memBandwidthGBps() * 1e9 * s));
        return powerW(gpu, u) * s;
    }
}

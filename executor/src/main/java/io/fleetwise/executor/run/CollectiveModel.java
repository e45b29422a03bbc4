package io.fleetwise.executor.run;

import io.fleetwise.planner.model.GpuType;

/**
 * Time of the collectives one local GPU cannot run, from an alpha-beta model: ring all-reduce
 * {@code 2(n-1)/n * bytes / bw + 2(n-1) * latency}, all-to-all {@code (n-1)/n * bytes / bw + (n-1) * latency},
 * point-to-point {@code bytes / bw + latency}. These are estimates, marked modelled in the timing records.
 *
 * @param busBandwidthGBps per-direction bandwidth between GPUs
 * @param latencyUs        per-step latency
 */
public record CollectiveModel(double busBandwidthGBps, double latencyUs) {
    public CollectiveModel {
        if (busBandwidthGBps <= 0 || latencyUs < 0) {
            throw new IllegalArgumentException("Collective model needs bandwidth > 0 and latency >= 0, was " + busBandwidthGBps + " GB/s, " + latencyUs + " us");
        }
    }

    /** Per-direction NVLink (or PCIe when the GPU has no NVLink) bandwidth from the catalog, 5 us per step. */
    public static CollectiveModel forGpu(GpuType gpu) {
        double bidirectional = gpu.linkBandwidthGBps() > 0 ? gpu.linkBandwidthGBps() : gpu.pcieGBps();
        return new CollectiveModel(bidirectional / 2, 5.0);
    }

    public long allReduceNs(long bytes, int gpus) {
        if (gpus <= 1) {
            return 0;
        }
        double seconds = 2.0 * (gpus - 1) / gpus * bytes / (busBandwidthGBps * 1e9) + 2.0 * (gpus - 1) * latencyUs * 1e-6;
        return Math.round(seconds * 1e9);
    }

    public long allToAllNs(long bytes, int gpus) {
        if (gpus <= 1) {
            return 0;
        }
        double seconds = (double) (gpus - 1) / gpus * bytes / (busBandwidthGBps * 1e9) + (gpus - 1) * latencyUs * 1e-6;
        return Math.round(seconds * 1e9);
    }

    public long sendRecvNs(long bytes) {
        return Math.round((bytes / (busBandwidthGBps * 1e9) + latencyUs * 1e-6) * 1e9);
    }
}

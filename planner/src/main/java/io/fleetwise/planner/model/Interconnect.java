package io.fleetwise.planner.model;

import java.util.Objects;

/**
 * A link GPUs talk over: NVLink inside a node, a NIC between nodes, or PCIe.
 *
 * @param bandwidthGBps one-direction bandwidth per GPU, GB/s (NVLink4 on H100: 900 GB/s bidirectional = 450 per direction)
 * @param latencyUs     one-hop latency of a small message, microseconds
 */
public record Interconnect(String name, double bandwidthGBps, double latencyUs) {

    public Interconnect {
        Objects.requireNonNull(name, "name");
        if (bandwidthGBps <= 0) {
            throw new IllegalArgumentException("Interconnect " + name + ": bandwidthGBps must be > 0, was " + bandwidthGBps);
        }
        if (latencyUs < 0) {
            throw new IllegalArgumentException("Interconnect " + name + ": latencyUs must be >= 0, was " + latencyUs);
        }
    }

    /**
     * InfiniBand NDR 400 Gb/s per GPU (one ConnectX-7 per GPU in DGX H100): 50 GB/s per direction;
     * ~5 us small-message latency through one switch (NVIDIA ConnectX-7 product brief quotes sub-microsecond
     * adapter latency; NCCL inter-node small all-reduce steps measure several us).
     */
    public static final Interconnect INFINIBAND_NDR = new Interconnect("InfiniBand NDR 400G", 50.0, 5.0);

    /** PCIe Gen4 x16: 32 GB/s per direction (64 bidirectional, gpus.csv), ~10 us per hop through host. */
    public static final Interconnect PCIE_GEN4 = new Interconnect("PCIe Gen4 x16", 32.0, 10.0);

    /**
     * The intra-node link of a GPU type from its catalog entry: half the bidirectional NVLink figure;
     * PCIe (half of {@code pcieGBps}) where the GPU has no NVLink. NVLink latency ~3 us per step is the
     * NCCL small-message figure commonly measured on DGX H100 (nccl-tests all_reduce at 8 B: ~10-15 us for 8 GPUs
     * over a few steps).
     */
    public static Interconnect intraNodeOf(GpuType gpu) {
        if (gpu.linkBandwidthGBps() > 0) {
            return new Interconnect(gpu.interconnect(), gpu.linkBandwidthGBps() / 2.0, 3.0);
        }
        double pcie = gpu.pcieGBps() > 0 ? gpu.pcieGBps() / 2.0 : 16.0;
        return new Interconnect("PCIe", pcie, 10.0);
    }
}

package io.fleetwise.executor.device;

import io.fleetwise.planner.catalog.Catalog;
import io.fleetwise.planner.model.GpuType;

import java.util.Locale;
import java.util.Optional;

/**
 * Maps the driver's device name (e.g. "NVIDIA H100 80GB HBM3") to a catalog GPU type. Variants the
 * name alone cannot tell apart (A100 40 vs 80 GB) are separated by memory size.
 */
public final class GpuTypeMatcher {
    private final Catalog catalog;

    public GpuTypeMatcher(Catalog catalog) {
        this.catalog = catalog;
    }

    public Optional<GpuType> match(String deviceName, long memoryBytes) {
        String n = deviceName.toUpperCase(Locale.ROOT);
        String wanted = null;
        if (n.contains("H200")) {
            wanted = "H200-SXM";
        } else if (n.contains("H100")) {
            wanted = n.contains("PCIE") || n.contains("NVL") ? "H100-PCIe" : "H100-SXM";
        } else if (n.contains("B200")) {
            wanted = "B200-HGX";
        } else if (n.contains("A100")) {
            wanted = memoryBytes > 60L * 1_000_000_000L ? "A100-80GB-SXM" : "A100-40GB-SXM";
        } else if (n.contains("L40S")) {
            wanted = "L40S";
        } else if (n.matches(".*\\bL4\\b.*")) {
            wanted = "L4";
        } else if (n.contains("A10G")) {
            wanted = "A10G";
        } else if (n.matches(".*\\bT4\\b.*")) {
            wanted = "T4";
        } else if (n.contains("V100")) {
            wanted = "V100-SXM2-32GB";
        }
        if (wanted == null) {
            return Optional.empty();
        }
        String name = wanted;
        return catalog.gpus().stream().filter(g -> g.name().equalsIgnoreCase(name)).findFirst();
    }
}

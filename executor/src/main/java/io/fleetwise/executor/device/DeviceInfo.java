package io.fleetwise.executor.device;

import io.fleetwise.planner.model.GpuType;

import java.util.Optional;

/**
 * What discovery learned about one device. Clocks are kHz as the driver reports them; GPU-only
 * fields are 0 for the CPU device.
 *
 * @param driverVersion CUDA driver API version, e.g. 13000 for CUDA 13.0; 0 for the CPU
 * @param catalogMatch  the catalog GPU type this device is, when the name identifies one
 */
public record DeviceInfo(
        Kind kind,
        int index,
        String name,
        int computeMajor,
        int computeMinor,
        int multiprocessors,
        long memoryBytes,
        int clockKHz,
        int memoryClockKHz,
        int memoryBusWidthBits,
        int driverVersion,
        Optional<GpuType> catalogMatch) {

    public enum Kind { CUDA, CPU }

    public String computeCapability() {
        return computeMajor + "." + computeMinor;
    }

    /** CUDA 13.0 for 13000. */
    public String driverVersionText() {
        return driverVersion == 0 ? "-" : (driverVersion / 1000) + "." + (driverVersion % 1000) / 10;
    }

    /** Tensor-core bf16 (mma.sync bf16) exists from compute capability 8.0 (Ampere) on. */
    public boolean hasBf16TensorCores() {
        return kind == Kind.CUDA && computeMajor >= 8;
    }

    public String summary() {
        if (kind == Kind.CPU) {
            return name;
        }
        return String.format(java.util.Locale.ROOT, "GPU %d: %s (sm_%d%d, %d SMs, %.1f GiB, %d MHz, driver CUDA %s)%s",
                index, name, computeMajor, computeMinor, multiprocessors, memoryBytes / 1073741824.0, clockKHz / 1000,
                driverVersionText(), catalogMatch.map(g -> " = catalog " + g.name()).orElse(" (no catalog match)"));
    }
}

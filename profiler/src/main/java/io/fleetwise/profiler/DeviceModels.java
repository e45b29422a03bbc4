package io.fleetwise.profiler;

import io.fleetwise.executor.device.DeviceInfo;
import io.fleetwise.planner.model.GpuType;
import io.fleetwise.planner.model.Price;
import io.fleetwise.planner.perf.CalibrationProfile;
import io.fleetwise.planner.perf.CalibrationProfiles;

import java.time.LocalDate;

/**
 * The performance-model view of a device: its {@link GpuType} (peaks the efficiency curves are fractions of)
 * and the profile to predict with when no calibration is stored.
 */
public final class DeviceModels {
    /**
     * Reference peaks of the CPU device. They are not a datasheet: the plain-Java device has none. They are
     * round upper bounds no single-threaded scalar Java loop reaches (200 GFLOP/s, 100 GB/s), chosen only
     * so that calibrated efficiencies are fractions in (0, 1]. Predictions on the CPU device mean nothing
     * until the device is calibrated.
     */
    public static final double CPU_REFERENCE_TFLOPS = 0.2;
    public static final double CPU_REFERENCE_GBPS = 100.0;

    private DeviceModels() {
    }

    public static GpuType cpuReference() {
        return new GpuType("CPU device", "JVM", "plain Java", "host", Math.max(1.0, Runtime.getRuntime().maxMemory() / 1e9),
                "host RAM", CPU_REFERENCE_GBPS, CPU_REFERENCE_TFLOPS, CPU_REFERENCE_TFLOPS, 0, 0, "none", 0, 16, 0,
                new Price(Double.NaN, Double.NaN, Double.NaN, LocalDate.of(2026, 1, 1), "", "not for sale: the local CPU"),
                "reference peaks (not a datasheet): " + CPU_REFERENCE_TFLOPS + " TFLOP/s, " + CPU_REFERENCE_GBPS + " GB/s",
                "the executor's plain-Java CPU device");
    }

    /** The GPU type to model a device with; a GPU the catalog does not know cannot be predicted. */
    public static GpuType gpuType(DeviceInfo device) {
        if (device.kind() == DeviceInfo.Kind.CPU) {
            return cpuReference();
        }
        return device.catalogMatch().orElseThrow(() -> new IllegalArgumentException("GPU '" + device.name()
                + "' matches no catalog GPU type, so the performance model has no peaks for it; add it to the catalog"));
    }

    /**
     * The profile for a device with no stored calibration: the built-in H100-measured curves (fractions of
     * peak, applied to the device's peaks), kernels floored at the graph-launch floor (launches from Java are not Python-dispatch bound)
     * or at zero on the CPU device.
     */
    public static CalibrationProfile uncalibrated(DeviceInfo device) {
        CalibrationProfile h100 = CalibrationProfiles.h100Measured();
        double floorUs = device.kind() == DeviceInfo.Kind.CPU ? 0 : h100.graphKernelFloorUs();
        CalibrationProfile p = h100.withKernelFloors(floorUs, floorUs);
        return new CalibrationProfile("uncalibrated: built-in H100 curves on " + device.name(), p.gemmComputeEff(), p.gemmMemoryEff(),
                p.fp8ComputeScale(), p.fp8MemoryScale(), p.prefillAttnComputeEff(), p.decodeAttnMemoryEff(), p.elementwiseMemoryEff(), p.overlapExponent(),
                p.graphKernelFloorUs(), p.eagerKernelFloorUs(), p.collectiveBusEff(),
                "not calibrated for this device; " + p.source());
    }
}

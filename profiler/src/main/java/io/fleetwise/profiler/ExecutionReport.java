package io.fleetwise.profiler;

import io.fleetwise.datastore.trace.TraceInfo;
import io.fleetwise.executor.device.DeviceInfo;
import io.fleetwise.executor.run.RunResult;
import io.fleetwise.profiler.compare.Comparison;

/**
 * What an execution stored and found.
 *
 * @param calibrationId the stored calibration the prediction used; null when the device is uncalibrated
 */
public record ExecutionReport(DeviceInfo device, RunResult run, TraceInfo trace, long profileId, Long calibrationId,
                              Comparison comparison) {
    public String deviceName() {
        return device.name();
    }

    /** Whether the TP all-reduces ran for real between several local devices (else modelled, or none at TP 1). */
    public boolean allReduceRanForReal() {
        return run.records().stream().anyMatch(t -> t.op().startsWith("allreduce") && !t.modelled());
    }

    /** Tensor parallelism of the shard that ran. */
    public int tensorParallel() {
        return run.shard().tp();
    }

    /** "measured (ring over 2 local devices, peer copies)", "modelled (one device; ...)" or "none (TP 1)". */
    public String allReduceSource() {
        if (run.records().stream().noneMatch(t -> t.op().startsWith("allreduce"))) {
            return "none (TP 1)";
        }
        return allReduceRanForReal() ? "measured (ring over " + tensorParallel() + " local devices, peer copies)"
                : "modelled (one device; alpha-beta link model)";
    }

    /** True when the times are the CPU device's (never to be read as a GPU's). */
    public boolean cpuDevice() {
        return device.kind() == DeviceInfo.Kind.CPU;
    }
}

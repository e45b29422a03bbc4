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

    /** True when the times are the CPU device's (never to be read as a GPU's). */
    public boolean cpuDevice() {
        return device.kind() == DeviceInfo.Kind.CPU;
    }
}

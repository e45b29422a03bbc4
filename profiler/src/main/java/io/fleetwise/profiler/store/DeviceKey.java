package io.fleetwise.profiler.store;

import io.fleetwise.executor.device.DeviceInfo;

/**
 * What a calibration belongs to: the catalog GPU type a GPU matched (so every H100 shares one), the
 * device name for an unmatched GPU, and "cpu" for the CPU device, whose numbers are never a GPU's.
 */
public final class DeviceKey {
    private DeviceKey() {
    }

    public static String of(DeviceInfo device) {
        if (device.kind() == DeviceInfo.Kind.CPU) {
            return "cpu";
        }
        return "cuda:" + device.catalogMatch().map(g -> g.name()).orElse(device.name());
    }
}

package io.fleetwise.profiler.store;

import io.fleetwise.executor.run.TimingRecord;

import java.time.Instant;
import java.util.List;

/**
 * A measured run as stored: operator, shape, dtype and time per record, on the device named.
 *
 * @param gpuType the catalog GPU type of the device; empty for the CPU device and unmatched GPUs
 */
public record StoredProfile(long id, String name, Instant createdAt, String deviceName, String deviceKind, String gpuType,
                            String modelName, String shard, String timingMode, int iterations, Long traceId,
                            Long calibrationId, List<TimingRecord> samples) {
    public StoredProfile {
        samples = List.copyOf(samples);
    }
}

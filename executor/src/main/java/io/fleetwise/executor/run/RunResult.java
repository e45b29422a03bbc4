package io.fleetwise.executor.run;

import java.util.List;

/**
 * What a run measured: device-timed records and modelled collective records (flagged) per iteration.
 *
 * @param finalHidden the last iteration's output hidden states [tokens x hidden] when the run captured them, else empty
 */
public record RunResult(ShardShape shard, String device, TimingMode mode, MemoryPlan memory, List<TimingRecord> records, float[] finalHidden) {
    public RunResult {
        records = List.copyOf(records);
    }

    /** Measured device time of iteration {@code i}: the sum of its measured records. */
    public long measuredNs(int iteration) {
        return records.stream().filter(r -> r.iteration() == iteration && !r.modelled()).mapToLong(TimingRecord::timeNs).sum();
    }

    /** Modelled collective time of iteration {@code i}. */
    public long modelledNs(int iteration) {
        return records.stream().filter(r -> r.iteration() == iteration && r.modelled()).mapToLong(TimingRecord::timeNs).sum();
    }
}

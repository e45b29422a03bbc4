package io.fleetwise.planner.alloc.schedule;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * @param headroomFraction plan every period for this much more traffic (0.2 = 20 %)
 * @param gpuCaps          most GPUs of a type in use at any time (baseline and peaks together); missing = no cap
 * @param spotMaxShare     most of a period's GPUs that may be spot (1 = no limit): a cap on how much capacity one
 *                         market-wide reclaim can take at once
 */
public record ScheduleOptions(double headroomFraction, Map<String, Integer> gpuCaps, double spotMaxShare) {

    public ScheduleOptions {
        if (!(headroomFraction >= 0) || Double.isInfinite(headroomFraction)) {
            throw new IllegalArgumentException("Headroom must be a finite fraction >= 0, was " + headroomFraction);
        }
        if (!(spotMaxShare >= 0 && spotMaxShare <= 1)) {
            throw new IllegalArgumentException("Spot share must be in [0, 1], was " + spotMaxShare);
        }
        gpuCaps = Collections.unmodifiableMap(new LinkedHashMap<>(gpuCaps));
        gpuCaps.forEach((type, cap) -> {
            if (cap == null || cap < 0) {
                throw new IllegalArgumentException("Cap for " + type + " must be >= 0 GPUs, was " + cap);
            }
        });
    }

    public static ScheduleOptions defaults() {
        return new ScheduleOptions(0.0, Map.of(), 1.0);
    }

    public ScheduleOptions withHeadroom(double fraction) {
        return new ScheduleOptions(fraction, gpuCaps, spotMaxShare);
    }

    public ScheduleOptions withCaps(Map<String, Integer> caps) {
        return new ScheduleOptions(headroomFraction, caps, spotMaxShare);
    }

    public ScheduleOptions withSpotMaxShare(double share) {
        return new ScheduleOptions(headroomFraction, gpuCaps, share);
    }
}

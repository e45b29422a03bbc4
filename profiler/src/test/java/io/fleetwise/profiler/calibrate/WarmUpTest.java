package io.fleetwise.profiler.calibrate;

import org.junit.jupiter.api.Test;

import java.util.Iterator;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class WarmUpTest {
    private static int passes(List<Long> durations, int min, int max) {
        Iterator<Long> it = durations.iterator();
        return WarmUp.untilSettled(it::next, min, max);
    }

    @Test
    void stopsOnceTwoConsecutivePassesAgreeWithinFivePercent() {
        assertThat(passes(List.of(100L, 60L, 40L, 39L, 39L, 39L), 2, 6)).isEqualTo(4);
        assertThat(passes(List.of(100L, 98L, 97L), 2, 6)).isEqualTo(2);
    }

    @Test
    void runsAtLeastTheMinimumAndAtMostTheMaximum() {
        assertThat(passes(List.of(100L, 100L, 100L, 100L), 3, 6)).isEqualTo(3);
        assertThat(passes(List.of(100L, 50L, 100L, 50L, 100L, 50L), 2, 6)).isEqualTo(6);
    }
}

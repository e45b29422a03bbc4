package io.fleetwise.planner.sim;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SteadyStateWindowTest {

    @Test
    void slowStreamsKeepTheRequestedCountAndHalfAsManyWarmUpRequests() {
        assertThat(SteadyStateWindow.measuredRequests(300, 1.0)).isEqualTo(300);
        assertThat(SteadyStateWindow.warmUpRequests(300, 1.0)).isEqualTo(150);
        assertThat(SteadyStateWindow.totalRequests(300, 1.0)).isEqualTo(150 + 300 + 75);
    }

    @Test
    void fastStreamsWarmUpAndMeasureAtLeastAMinuteOfArrivals() {
        int measured = SteadyStateWindow.measuredRequests(300, 25.0);
        assertThat(measured).isEqualTo(1500);
        assertThat(SteadyStateWindow.warmUpRequests(measured, 25.0)).isEqualTo(1500);
    }

    @Test
    void aRepeatedTraceRunsAtTheAskedRateForWarmUpMeasuredAndTail() {
        io.fleetwise.planner.workload.RequestTrace trace = io.fleetwise.planner.workload.WorkloadGenerator
                .poisson("chat", 3, 200, 1);
        SteadyStateWindow.Stream s = SteadyStateWindow.repeated(trace, 30.0, 200);
        assertThat(s.measured()).isEqualTo(1800);
        assertThat(s.warmUp()).isEqualTo(1800);
        assertThat(s.trace().size()).isEqualTo(1800 + 1800 + 450);
        assertThat(s.trace().meanRatePerS()).isCloseTo(30.0, org.assertj.core.data.Percentage.withPercentage(1));
        // request i is the trace's request i mod n
        assertThat(s.trace().inputTokens(200 * 7 + 13)).isEqualTo(trace.inputTokens(13));
        assertThat(s.trace().outputTokens(200 * 7 + 13)).isEqualTo(trace.outputTokens(13));
    }

    @Test
    void repeatedCopiesDoNotShareTheirPrefixesWithTheFirst() {
        int[][] hashes = {{1, 2}, {1, 3}};
        io.fleetwise.planner.workload.RequestTrace trace = new io.fleetwise.planner.workload.RequestTrace("t",
                new long[] {0, 1_000_000_000L}, new int[] {32, 32}, new int[] {4, 4}, hashes, 16);
        SteadyStateWindow.Stream s = SteadyStateWindow.repeated(trace, 1.0, 10);
        assertThat(s.trace().prefixHashes(0)).containsExactly(1, 2);
        assertThat(s.trace().prefixHashes(2)[0]).isNotEqualTo(1).isEqualTo(s.trace().prefixHashes(3)[0]);
    }

    @Test
    void aRateThatIsNotPositiveIsRefusedWithItsValue() {
        assertThatThrownBy(() -> SteadyStateWindow.warmUpRequests(100, 0.0))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("was 0.0");
    }
}

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
    void aRateThatIsNotPositiveIsRefusedWithItsValue() {
        assertThatThrownBy(() -> SteadyStateWindow.warmUpRequests(100, 0.0))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("was 0.0");
    }
}

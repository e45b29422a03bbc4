package io.fleetwise.planner.progress;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class TimeLeftTest {

    @Test
    void aQuarterDoneAfterTenSecondsLeavesThirty() {
        assertThat(TimeLeft.seconds(0.25, 10)).isCloseTo(30, within(1e-9));
        assertThat(TimeLeft.append("Capacity search 3 of 12", 0.25, 10)).isEqualTo("Capacity search 3 of 12; about 30 s left");
    }

    @Test
    void tooLittleDoneSaysNothingRatherThanGuess() {
        assertThat(TimeLeft.seconds(0.001, 10)).isNaN();
        assertThat(TimeLeft.seconds(0.5, 0.01)).isNaN();
        assertThat(TimeLeft.append("Solving", 0.001, 10)).isEqualTo("Solving");
    }

    @Test
    void longWaitsAreSaidInMinutesAndHours() {
        assertThat(TimeLeft.describe(125)).isEqualTo("about 3 min left");
        assertThat(TimeLeft.describe(3 * 3600)).isEqualTo("about 3.0 h left");
        assertThat(TimeLeft.describe(0.2)).isEqualTo("less than 1 s left");
    }
}

package io.fleetwise.datastore.trace.model;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;

class TimeAxisTest {
    @ParameterizedTest
    @CsvSource({"0.1, 80, 10", "1, 80, 100", "30, 80, 5000", "1000000, 80, 100000000"})
    void tickStepFollowsTheOneTwoFiveLadder(double nsPerPixel, double minPx, long expectedStepNs) {
        assertThat(TimeAxis.tickStepNs(nsPerPixel, minPx)).isEqualTo(expectedStepNs);
    }

    @ParameterizedTest
    @CsvSource({"500, 100, 500 ns", "2500, 500, 2500 ns", "3000000, 1000000, 3 ms", "1500000, 500000, 1500 us", "1500000000, 500000000, 1500 ms", "2000000000, 1000000000, 2 s"})
    void labelsUseTheUnitOfTheTickStep(long ns, long stepNs, String expected) {
        assertThat(TimeAxis.format(ns, stepNs)).isEqualTo(expected);
    }
}

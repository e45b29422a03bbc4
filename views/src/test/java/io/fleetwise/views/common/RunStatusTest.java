package io.fleetwise.views.common;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class RunStatusTest {

    private final RunStatus status = new RunStatus(this, "No run yet.");

    @Test
    void progressAfterTheRunEndedIsIgnored() {
        status.start("Solving ...");
        status.showProgress(0.4, "bucket 2 of 5");
        status.finished("Done.");

        status.showProgress(0.7, "late update");

        assertThat(status.progressProperty().get()).isEqualTo(1.0);
        assertThat(status.statusProperty().get()).isEqualTo("Done.");
        assertThat(status.runningProperty().get()).isFalse();
    }

    @Test
    void anErrorWhileRunningKeepsTheRunGoingButAFailureEndsIt() {
        status.start("Simulating ...");

        status.error("A simulation is running; cancel it first.");
        assertThat(status.isRunning()).isTrue();
        assertThat(status.statusIsErrorProperty().get()).isTrue();

        status.failed("Simulation failed: out of memory");
        assertThat(status.isRunning()).isFalse();
        assertThat(status.progressProperty().get()).isZero();
        assertThat(status.statusProperty().get()).isEqualTo("Simulation failed: out of memory");
    }
}

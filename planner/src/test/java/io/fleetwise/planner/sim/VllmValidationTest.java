package io.fleetwise.planner.sim;

import io.fleetwise.planner.calibration.CalibrationSet;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The six measured vLLM runs: TPOT within 5 % and TTFT within 10 % per case (table in docs/validation.md). */
class VllmValidationTest {

    @Test
    void replayOfMeasuredVllmRunsMatchesTtftAndTpot() throws IOException {
        List<VllmValidation.Row> rows = VllmValidation.run(CalibrationSet.builtIn());
        assertThat(rows).hasSize(6);
        for (VllmValidation.Row r : rows) {
            assertThat(Math.abs(r.tpotErr())).as(r.id() + " TPOT error").isLessThan(0.05);
            assertThat(Math.abs(r.ttftErr())).as(r.id() + " TTFT error").isLessThan(0.10);
        }
    }
}

package io.fleetwise.planner.sim;

import io.fleetwise.planner.engine.EngineProfile;
import io.fleetwise.planner.perf.CalibrationProfiles;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The six measured vLLM 0.6.0 runs with the default vLLM 0.6 engine profile and no per-case factor: TPOT within 5 %
 * and TTFT within 10 % per case (table in docs/validation.md).
 */
class VllmValidationTest {

    @Test
    void replayOfMeasuredVllmRunsMatchesTtftAndTpot() throws IOException {
        List<VllmValidation.Row> rows = VllmValidation.run(CalibrationProfiles.h100Measured(), EngineProfile.vllm06());
        assertThat(rows).hasSize(6);
        for (VllmValidation.Row r : rows) {
            assertThat(Math.abs(r.tpotErr())).as(r.id() + " TPOT error").isLessThan(0.05);
            assertThat(Math.abs(r.ttftErr())).as(r.id() + " TTFT error").isLessThan(0.10);
        }
    }
}

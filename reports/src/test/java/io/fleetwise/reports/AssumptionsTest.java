package io.fleetwise.reports;

import io.fleetwise.planner.engine.EngineProfile;
import io.fleetwise.planner.engine.EngineProfiles;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Locale;

import static org.assertj.core.api.Assertions.assertThat;

/** A report states the engine its figures were computed with, not a fixed description of another one. */
class AssumptionsTest {

    @Test
    void everyEngineIsDescribedByItsOwnHostCostsDefaultsAndMemorySizing() {
        for (EngineProfile engine : EngineProfiles.all()) {
            String text = String.join(" ", Assumptions.of(engine));
            assertThat(text).as(engine.id()).contains(engine.describe());
            if (engine.id().equals(EngineProfile.KERNELS_ONLY)) {
                assertThat(text).contains("No host time");
            } else {
                assertThat(text).as(engine.id())
                        .contains(String.format(Locale.ROOT, "Host time per step: %.0f us", engine.host().iterationUs()))
                        .contains(String.format(Locale.ROOT, "gpu-memory-utilization %.2f",
                                engine.defaults().gpuMemoryUtilization()))
                        .contains("blocks of " + engine.defaults().blockSizeTokens() + " tokens");
            }
        }
    }

    @Test
    void theDefaultEnginesAssumptionsDoNotDescribeVllm06sHostModel() {
        List<String> v1 = Assumptions.of(EngineProfiles.vllmV1());
        String text = String.join(" ", v1);
        assertThat(text).contains("vllm-v1").doesNotContain("vLLM 0.6").doesNotContain("2464 us");
        assertThat(text).contains("prompts are chunked into steps shared with decodes").contains("prefix caching on");
        assertThat(String.join(" ", Assumptions.of(EngineProfiles.vllm06())))
                .contains("chunked only when the max model length exceeds 32768").contains("prefix caching off");
    }
}

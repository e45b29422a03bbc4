package io.fleetwise.planner.service;

import io.fleetwise.planner.catalog.Catalog;
import io.fleetwise.planner.model.ModelSpec;
import io.fleetwise.planner.model.ReplicaConfig;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ServingRulesTest {
    private static final Catalog CATALOG = Catalog.builtIn();
    private static final ModelSpec LLAMA_70B = CATALOG.model("Llama-3.1-70B");

    @Test
    void tensorParallelismMustDivideTheAttentionHeads() {
        assertThatThrownBy(() -> ServingRules.checkParallelism(LLAMA_70B, 3, 1, 1))
                .hasMessage("TP 3 does not divide Llama-3.1-70B's 64 attention heads. Maybe use TP 1, 2, 4, 8, 16, 32, 64.");
    }

    @Test
    void tensorParallelismAndKvHeadsMustSplitEvenly() {
        ModelSpec gqa = CATALOG.models().stream().filter(m -> !m.isMla() && m.numKvHeads() > 1
                && m.numAttentionHeads() % (2 * m.numKvHeads()) == 0).findFirst().orElseThrow();
        int tp = 2 * gqa.numKvHeads();
        assertThatCode(() -> ServingRules.checkParallelism(gqa, tp, 1, 1)).as("KV heads replicate above their count")
                .doesNotThrowAnyException();
    }

    @Test
    void pipelineDepthMustNotExceedTheLayers() {
        assertThatThrownBy(() -> ServingRules.checkParallelism(LLAMA_70B, 1, 81, 1))
                .hasMessage("PP 81 exceeds Llama-3.1-70B's 80 layers.");
    }

    @Test
    void expertParallelismNeedsAnMoeModel() {
        assertThatThrownBy(() -> ServingRules.checkParallelism(LLAMA_70B, 2, 1, 2))
                .hasMessageContaining("EP 2 needs a mixture-of-experts model");
    }

    @Test
    void aReplicaThatDoesNotFitSaysByHowMuch() {
        ReplicaConfig oneL4 = ReplicaConfig.of(CATALOG.gpu("L4"), 1);

        assertThatThrownBy(() -> ServingRules.requireFits(LLAMA_70B, oneL4, io.fleetwise.planner.engine.EngineProfiles.vllmV1())).hasMessageContaining("does not fit");
    }

    @Test
    void rangesNameTheFieldAndTheValue() {
        assertThatThrownBy(() -> ServingRules.requests("Requests", 5))
                .hasMessage("Requests must be a whole number from 10 to 200000, was 5.");
        assertThatThrownBy(() -> ServingRules.rate("Rate (requests/s)", -2, false))
                .hasMessage("Rate (requests/s) must be a positive number of requests/s, was -2.");
    }
}

package io.fleetwise.planner.perf;

import io.fleetwise.planner.catalog.Catalog;
import io.fleetwise.planner.model.ModelSpec;
import io.fleetwise.planner.model.ReplicaConfig;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class MemoryModelTest {
    private static final Catalog CATALOG = Catalog.builtIn();

    @Test
    void kvCapacityOfLlama8bOnOneH100MatchesHandComputation() {
        ModelSpec m = CATALOG.model("Llama-3.1-8B");
        MemoryPlan plan = MemoryModel.plan(m, ReplicaConfig.of(CATALOG.gpu("H100-SXM"), 1));
        // Per layer: q,o 2*4096*4096 + k,v 2*4096*1024 + FFN 3*4096*14336; 32 layers; embedding and LM head 128256*4096 each.
        double params = 32 * (2.0 * 4096 * 4096 + 2.0 * 4096 * 1024 + 3.0 * 4096 * 14336) + 2.0 * 128256 * 4096;
        double weights = params * 2;
        double activations = 8192.0 * (4 * 4096 + 3 * 14336 + (32 + 16) * 128) * 2 + 2.0 * 256 * 128256 * 4;
        double pool = 80e9 * 0.90 - weights - activations - 1.5e9;
        long tokens = (long) Math.floor(pool / (2.0 * 8 * 128 * 2 * 32)) / 16 * 16;
        assertThat(plan.weightBytesPerGpu()).isCloseTo(weights, within(1.0));
        assertThat(plan.kvBytesPerTokenPerGpu()).isEqualTo(131072.0);
        assertThat(plan.kvCapacityTokens()).isEqualTo(tokens);
        assertThat(plan.kvCapacityBlocks()).isEqualTo(tokens / 16);
    }

    @Test
    void gqaKvHeadsReplicateWhenTpExceedsThem() {
        ModelSpec m = CATALOG.model("Llama-3.1-70B"); // 8 KV heads
        double tp8 = MemoryModel.plan(m, ReplicaConfig.of(CATALOG.gpu("H100-SXM"), 8)).kvBytesPerTokenPerGpu();
        assertThat(tp8).isEqualTo(2.0 * 1 * 128 * 2 * 80);
    }

    @Test
    void mlaCachesTheCompressedLatent() {
        ModelSpec v3 = CATALOG.model("DeepSeek-V3");
        assertThat(v3.kvBytesPerToken(io.fleetwise.planner.model.DType.BF16)).isEqualTo((512 + 64) * 2.0 * 61);
    }

    @Test
    void aModelThatDoesNotFitSaysByHowMuch() {
        MemoryPlan plan = MemoryModel.plan(CATALOG.model("Llama-3.1-405B"), ReplicaConfig.of(CATALOG.gpu("H100-SXM"), 1));
        assertThat(plan.fits()).isFalse();
        assertThat(plan.shortfallBytes()).isGreaterThan(700e9);
        assertThat(plan.message()).contains("does not fit by").contains("GB per GPU");
    }
}

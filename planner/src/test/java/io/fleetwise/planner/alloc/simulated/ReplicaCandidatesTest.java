package io.fleetwise.planner.alloc.simulated;

import io.fleetwise.planner.catalog.Catalog;
import io.fleetwise.planner.model.ReplicaConfig;
import io.fleetwise.planner.perf.MemoryModel;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class ReplicaCandidatesTest {

    private final Catalog catalog = Catalog.builtIn();

    @Test
    void smallModelGetsOneGpuReplicas() {
        List<ReplicaConfig> rcs = ReplicaCandidates.fitting(catalog.model("llama-3.1-8b"),
                List.of(catalog.gpu("h100-sxm"), catalog.gpu("l40s")), 1);
        assertThat(rcs).extracting(ReplicaConfig::gpuCount).containsExactly(1, 1);
    }

    @Test
    void seventyBillionNeedsSeveralGpusAndTheSmallestFittingSizeComesFirst() {
        List<ReplicaConfig> rcs = ReplicaCandidates.fitting(catalog.model("llama-3.1-70b"),
                List.of(catalog.gpu("h100-sxm")), 2);
        assertThat(rcs).hasSize(2);
        assertThat(rcs.get(0).tp()).isGreaterThan(1);
        assertThat(rcs.get(1).tp()).isEqualTo(2 * rcs.get(0).tp());
        ReplicaConfig half = rcs.get(0).withParallelism(rcs.get(0).tp() / 2, 1, 1);
        assertThat(MemoryModel.plan(catalog.model("llama-3.1-70b"), half).holds(ReplicaCandidates.MIN_SERVING_KV_TOKENS))
                .isFalse();
    }

    @Test
    void aSizeThatHoldsTheWeightsButAlmostNoKvIsNotOffered() {
        // 70B bf16 on two H100s fits as vLLM sizes it, with a few thousand tokens of KV: not a serving replica
        ReplicaConfig tp2 = ReplicaConfig.of(catalog.gpu("h100-sxm"), 1).withParallelism(2, 1, 1);
        assertThat(MemoryModel.plan(catalog.model("llama-3.1-70b"), tp2).fits()).isTrue();

        List<ReplicaConfig> rcs = ReplicaCandidates.fitting(catalog.model("llama-3.1-70b"),
                List.of(catalog.gpu("h100-sxm")), 1);

        assertThat(rcs).singleElement().satisfies(rc -> assertThat(rc.tp()).isEqualTo(4));
    }

    @Test
    void fourHundredFiveBillionOnEightyGigabyteGpusIsPipelinedAcrossNodes() {
        List<ReplicaConfig> rcs = ReplicaCandidates.fitting(catalog.model("llama-3.1-405b"),
                List.of(catalog.gpu("h100-sxm")), 1);
        assertThat(rcs).singleElement().satisfies(rc -> {
            assertThat(rc.tp()).isEqualTo(8);
            assertThat(rc.pp()).isGreaterThan(1);
        });
    }
}

package io.fleetwise.planner.engine;

import io.fleetwise.planner.catalog.Catalog;
import io.fleetwise.planner.catalog.CatalogLoader;
import io.fleetwise.planner.model.BatchingPolicy;
import io.fleetwise.planner.model.SchedulerKind;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class EngineProfileTest {

    @Test
    void builtInsAreDistinctAndFoundById() {
        assertThat(EngineProfiles.all()).extracting(EngineProfile::id)
                .containsExactly("vllm-v1", "vllm-0.6", "sglang", "kernels-only");
        assertThat(EngineProfiles.defaultProfile().id()).isEqualTo(EngineProfiles.DEFAULT_ID);
        assertThat(EngineProfiles.all()).extracting(EngineProfile::fingerprint).doesNotHaveDuplicates();
        assertThat(EngineProfiles.byId("sglang")).isEqualTo(EngineProfiles.sglang());
        assertThatThrownBy(() -> EngineProfiles.byId("tgi")).hasMessageContaining("vllm-0.6")
                .hasMessageContaining("sglang");
    }

    @Test
    void hostCostsAreNamedParameters() {
        HostCosts host = EngineProfiles.vllm06().host();
        assertThat(host.parameters().keySet()).containsExactlyElementsOf(HostCosts.PARAMETER_NAMES);
        assertThat(host.with(host.parameters())).isEqualTo(host);
        HostCosts moved = host.with(Map.of("perScheduledSequenceUs", 40.0));
        assertThat(moved.perScheduledSequenceUs()).isEqualTo(40.0);
        assertThat(moved.iterationUs()).isEqualTo(host.iterationUs());
        assertThat(moved.outputProcessingOverlapped()).isEqualTo(host.outputProcessingOverlapped());
        assertThatThrownBy(() -> host.with(Map.of("hostPerSequenceUs", 1.0))).hasMessageContaining("perScheduledSequenceUs");
        assertThatThrownBy(() -> host.with(Map.of("iterationUs", -1.0))).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void fingerprintFollowsEveryPart() {
        EngineProfile v1 = EngineProfiles.vllmV1();
        assertThat(v1.withHostCosts(1, 2, 3).fingerprint()).isNotEqualTo(v1.fingerprint());
        assertThat(v1.withKernels(EngineKernels.DENSE).fingerprint()).isNotEqualTo(v1.fingerprint());
        assertThat(v1.withDefaults(EngineProfiles.sglang().defaults()).fingerprint()).isNotEqualTo(v1.fingerprint());
        assertThat(v1.withHostCosts(v1.hostIterationUs(), v1.hostPerSequenceUs(), v1.frontendRequestUs())).isEqualTo(v1);
    }

    @Test
    void defaultsFollowTheEnginesOwnRules() {
        Catalog catalog = CatalogLoader.loadBuiltIn();
        // vLLM 0.6: chunked prefill only for contexts above 32K (arg_utils), 256 sequences.
        BatchingPolicy v06short = EngineProfiles.vllm06().defaults().batching(catalog.gpu("H100-SXM"), 8192);
        assertThat(v06short.scheduler()).isEqualTo(SchedulerKind.VLLM);
        BatchingPolicy v06long = EngineProfiles.vllm06().defaults().batching(catalog.gpu("H100-SXM"), 131072);
        assertThat(v06long.scheduler()).isEqualTo(SchedulerKind.SARATHI);
        assertThat(v06long.maxBatchedTokens()).isEqualTo(512);
        // vLLM V1 on the OpenAI server: 8192 tokens / 1024 sequences on >= 70 GB GPUs other than A100, else 2048 / 256.
        BatchingPolicy v1h100 = EngineProfiles.vllmV1().defaults().batching(catalog.gpu("H100-SXM"), 8192);
        assertThat(v1h100.scheduler()).isEqualTo(SchedulerKind.SARATHI);
        assertThat(v1h100.maxBatchedTokens()).isEqualTo(8192);
        assertThat(v1h100.maxNumSeqs()).isEqualTo(1024);
        assertThat(v1h100.prefixCaching()).isTrue();
        BatchingPolicy v1a100 = EngineProfiles.vllmV1().defaults().batching(catalog.gpu("A100-80GB-SXM"), 8192);
        assertThat(v1a100.maxBatchedTokens()).isEqualTo(2048);
        assertThat(v1a100.maxNumSeqs()).isEqualTo(256);
        // SGLang: page size 1, chunked prefill by GPU memory.
        BatchingPolicy sgl = EngineProfiles.sglang().defaults().batching(catalog.gpu("H100-SXM"), 8192);
        assertThat(sgl.blockSizeTokens()).isEqualTo(1);
        assertThat(sgl.maxBatchedTokens()).isEqualTo(8192);
    }
}

package io.fleetwise.planner.sweep;

import io.fleetwise.planner.ingest.InputException;
import io.fleetwise.planner.model.DType;
import io.fleetwise.planner.model.Slo;
import io.fleetwise.planner.sim.CapacitySearch;
import io.fleetwise.planner.workload.FixedLengths;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SweepSpecJsonTest {
    /** The example shipped under docs/examples (the one docs/scale-out.md shows). */
    static final Path EXAMPLE = Path.of("..", "docs", "examples", "sweep-8b-four-gpus.json");

    @Test
    void theShippedExampleReads() {
        SweepSpec spec = SweepSpecJson.read(EXAMPLE);
        assertThat(spec.models()).containsExactly("Llama-3.1-8B");
        assertThat(spec.gpuTypes()).containsExactly("H100-SXM", "A100-80GB-SXM", "L40S", "L4");
        assertThat(spec.replicas().sizesPerGpuType()).isEqualTo(2);
        assertThat(spec.replicas().explicit()).isFalse();
        assertThat(spec.weightDtypes()).containsExactly(DType.BF16);
        assertThat(spec.lengths()).hasSize(6).contains(new FixedLengths(4096, 512));
        assertThat(spec.slos()).containsExactly(Slo.of(2000, 100, 0.9), Slo.of(500, 40, 0.9));
        assertThat(spec.search()).isEqualTo(new CapacitySearch.Options(200, 42, 0.05, 20));
        assertThat(spec.calibration()).isEqualTo("latest");
        assertThat(spec.whatIf()).containsExactly(new SweepSpec.WhatIfEntry("Demo study", "tpot:60:120:3",
                io.fleetwise.planner.study.WhatIfSettings.DEFAULT_REQUESTS_PER_SEARCH));
        assertThat(spec.parquet()).isEmpty();
    }

    @Test
    void explicitSizesAndDefaults() {
        SweepSpec spec = SweepSpecJson.parse("""
                {"format": "fleetwise-sweep/1", "models": ["Llama-3.1-70B"], "gpuTypes": ["H100-SXM"],
                 "replicas": {"tp": [2, 4, 8], "pp": [1, 2]}, "weightDtypes": ["bf16", "FP8"],
                 "lengths": {"input": [512], "output": [128]}, "slos": [{"ttftMs": 1000, "tpotMs": 50, "e2eMs": 20000}],
                 "engines": ["vllm-0.6"], "calibration": "builtin", "parquet": "out/sweep"}""", "s.json");
        assertThat(spec.replicas().tp()).containsExactly(2, 4, 8);
        assertThat(spec.replicas().pp()).containsExactly(1, 2);
        assertThat(spec.weightDtypes()).containsExactly(DType.BF16, DType.FP8);
        assertThat(spec.slos()).containsExactly(new Slo(1000, 50, 20000, 0.9));
        assertThat(spec.search()).isEqualTo(CapacitySearch.Options.defaults());
        assertThat(spec.engines()).containsExactly("vllm-0.6");
        assertThat(spec.parquet()).contains("out/sweep");
    }

    @Test
    void mistakesNameTheFileAndTheField() {
        String base = """
                {"format": "fleetwise-sweep/1", "models": ["Llama-3.1-8B"], "gpuTypes": ["H100-SXM"],
                 "lengths": {"input": [512], "output": [128]}, "slos": [{"ttftMs": 1000, "tpotMs": 50}] %s}""";
        assertMessage(base.formatted("").replace(", \"slos\": [{\"ttftMs\": 1000, \"tpotMs\": 50}]", ""),
                "s.json: slos: missing");
        assertMessage(base.formatted(", \"modles\": []"), "s.json: modles: unknown field");
        assertMessage(base.formatted(", \"search\": {\"requests\": 5}"), "s.json: search.requests: must be a whole number from 10");
        assertMessage(base.formatted(", \"search\": {\"tolerance\": 1.5}"), "s.json: search.tolerance: must be in (0, 1)");
        assertMessage(base.formatted(", \"calibration\": \"v3\""), "s.json: calibration: expected \"latest\" or \"builtin\"");
        assertMessage(base.formatted(", \"weightDtypes\": [\"bf17\"]"), "s.json: weightDtypes[0]: Unknown dtype 'bf17'");
        assertMessage(base.formatted(", \"replicas\": {\"pp\": [2]}"), "s.json: replicas.pp: give tp with it");
        assertMessage(base.formatted(", \"whatIf\": [{\"study\": \"x\"}]"), "s.json: whatIf[0]: expected");
        assertMessage(base.formatted("").replace("[{\"ttftMs\": 1000", "[{\"ttftMs\": \"fast\""),
                "s.json: slos[0].ttftMs: must be a number > 0, was \"fast\"");
        assertMessage(base.formatted("").replace("\"H100-SXM\"]", "\"H100-SXM\", \"H100-SXM\"]"),
                "s.json: gpuTypes[1]: \"H100-SXM\" is listed twice");
        assertMessage("{\"format\": \"fleetwise-sweep/2\"}", "s.json: format: expected \"fleetwise-sweep/1\"");
        assertMessage("{\"format\": \"fleetwise-sweep/1\",}", "s.json: not valid JSON (line 1");
        assertMessage("{\"format\": \"fleetwise-sweep/1\"}", "s.json: models: a sweep needs a grid");
        assertMessage(base.formatted("").replace("\"input\": [512]", "\"input\": [1, 2, 3, 4, 5, 6, 7, 8, 9, 10]")
                        .replace("\"models\": [\"Llama-3.1-8B\"]", "\"models\": " + names(40))
                        .replace("\"output\": [128]", "\"output\": [1, 2, 3, 4, 5, 6, 7, 8, 9, 10]")
                        .replace("\"gpuTypes\": [\"H100-SXM\"]", "\"gpuTypes\": " + names(600)),
                "more than the 2,000,000 one spec may hold");
    }

    private static String names(int n) {
        StringBuilder sb = new StringBuilder("[");
        for (int i = 0; i < n; i++) {
            sb.append(i == 0 ? "" : ", ").append("\"m").append(i).append('"');
        }
        return sb.append(']').toString();
    }

    private static void assertMessage(String json, String expected) {
        assertThatThrownBy(() -> SweepSpecJson.parse(json, "s.json")).isInstanceOf(InputException.class)
                .hasMessageContaining(expected);
    }
}

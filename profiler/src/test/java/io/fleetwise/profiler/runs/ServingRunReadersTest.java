package io.fleetwise.profiler.runs;

import io.fleetwise.planner.sim.LoadMode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

class ServingRunReadersTest {

    @TempDir
    Path dir;

    static Path resource(String name) {
        try {
            return Path.of(ServingRunReadersTest.class.getResource(name).toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The request lists of the six validation runs live with the planner's validation set. */
    static Path validationRequests(String id) {
        return Path.of("../planner/src/test/resources/io/fleetwise/planner/validation/vllm-h100-light/requests/"
                + id + ".jsonl");
    }

    @Test
    void aDetailedVllmResultGivesItsServedRequestsAndCountsTheFailedOne() throws IOException {
        ServingRun run = ServingRunReaders.read(resource("vllm-bench-serve-detailed.json")).get(0);
        assertThat(run.format()).isEqualTo(ServingRunReaders.VLLM_FORMAT);
        assertThat(run.modelId()).isEqualTo("meta-llama/Llama-3.1-8B-Instruct");
        assertThat(run.perRequest()).isTrue();
        assertThat(run.requests()).hasSize(7);
        assertThat(run.requests().get(4).inputTokens()).isEqualTo(490);
        assertThat(run.notes()).contains("1 failed request skipped (non-empty error or no tokens)");
        assertThat(run.load().loadMode()).isEqualTo(LoadMode.closedLoop(4));
        assertThat(run.load().ratePerS()).isInfinite();
        assertThat(run.measured().tokenWeightedTpotMs()).isBetween(11.8, 14.8);
    }

    @Test
    void aSummaryOnlyVllmResultReplaysMeanLengthsAndSaysSo() throws IOException {
        ServingRun run = ServingRunReaders.read(resource("vllm-bench-serve-summary.json")).get(0);
        assertThat(run.perRequest()).isFalse();
        assertThat(run.requests()).hasSize(1000).allSatisfy(r -> assertThat(r.inputTokens()).isEqualTo(217));
        assertThat(run.load().loadMode()).isEqualTo(LoadMode.openLoop());
        assertThat(run.load().ratePerS()).isEqualTo(8.0);
        assertThat(run.measured().meanTpotMs()).isEqualTo(17.3);
        assertThat(run.notes()).anyMatch(n -> n.startsWith("no per-request lengths"));
    }

    @Test
    void anSglangOutputFileHoldsOneRunPerLine() throws IOException {
        List<ServingRun> runs = ServingRunReaders.read(resource("sglang-bench-serving.jsonl"));
        assertThat(runs).extracting(ServingRun::id)
                .containsExactly("sglang-bench-serving.jsonl#1", "sglang-bench-serving.jsonl#2");
        assertThat(runs).allSatisfy(r -> assertThat(r.format()).isEqualTo(ServingRunReaders.SGLANG_FORMAT));
        assertThat(runs.get(0).load().ratePerS()).isEqualTo(4.0);
        assertThat(runs.get(1).load().ratePerS()).isInfinite();
        assertThat(runs.get(1).load().maxConcurrency()).isEqualTo(16);
        assertThat(runs.get(1).measured().tokenWeightedTpotMs()).isCloseTo(24.1, within(0.1));
    }

    @Test
    void aPrometheusSnapshotWithItsRequestListGivesTheServersMeans() throws IOException {
        ServingRun run = ServingRunReaders.read(resource("vllm-llama3.1-70b-tp8-lmsys_05.prom") + "="
                + validationRequests("vllm-llama3.1-70b-tp8-lmsys_05")).get(0);
        assertThat(run.format()).isEqualTo(ServingRunReaders.PROMETHEUS_FORMAT);
        assertThat(run.requests()).hasSize(1024);
        assertThat(run.requests().get(0).arrivalS()).isEqualTo(0.197890289);
        // cases.json: ttft_mean_s 0.0379720579367131, tpot_mean_s 0.014136739326051032
        assertThat(run.measured().meanTtftMs()).isCloseTo(37.9720579, within(1e-6));
        assertThat(run.measured().tokenWeightedTpotMs()).isCloseTo(14.1367393, within(1e-6));
        assertThat(run.load().ratePerS()).isCloseTo(0.5, within(0.03));
    }

    @Test
    void aFileThatIsNotJsonNamesItsLine() throws IOException {
        Path bad = dir.resolve("broken.json");
        Files.writeString(bad, "{\n  \"request_rate\": 4,\n  \"duration\": oops\n}\n");
        assertThatThrownBy(() -> ServingRunReaders.read(bad)).isInstanceOf(RunFormatException.class)
                .hasMessageStartingWith("broken.json line 3: is not valid JSON");
    }

    @Test
    void aResultWithoutItsRateNamesTheField() throws IOException {
        Path bad = dir.resolve("norate.json");
        Files.writeString(bad, "{\"model_id\": \"m\", \"duration\": 10, \"completed\": 5, \"total_input_tokens\": 50,"
                + " \"total_output_tokens\": 50, \"mean_ttft_ms\": 1, \"mean_tpot_ms\": 1}");
        assertThatThrownBy(() -> ServingRunReaders.read(bad))
                .hasMessage("norate.json field request_rate: missing; the run's request rate (a number or \"inf\") says how to replay it");
    }

    @Test
    void perRequestListsThatDoNotAlignAreRefused() throws IOException {
        Path bad = dir.resolve("ragged.jsonl");
        Files.writeString(bad, "{\"request_rate\": 2, \"duration\": 3, \"completed\": 2, \"mean_ttft_ms\": 1, "
                + "\"mean_tpot_ms\": 1, \"input_lens\": [5, 6], \"output_lens\": [7]}\n"
                + "{\"request_rate\": 2, \"duration\": 3, \"completed\": 2, \"mean_ttft_ms\": 1, \"mean_tpot_ms\": 1, "
                + "\"input_lens\": [5, 6], \"output_lens\": [7, 8]}\n");
        assertThatThrownBy(() -> ServingRunReaders.read(bad))
                .hasMessage("ragged.jsonl line 1, field output_lens: has 1 entries but input_lens has 2; the per-request lists must align");
    }

    @Test
    void aNegativeTimeInsideTheDetailsNamesItsIndex() throws IOException {
        Path bad = dir.resolve("neg.json");
        Files.writeString(bad, "{\"request_rate\": \"inf\", \"duration\": 3, \"completed\": 2, \"mean_ttft_ms\": 1, "
                + "\"mean_tpot_ms\": 1, \"input_lens\": [5, 6], \"output_lens\": [7, 8], \"ttfts\": [0.1, -2]}");
        assertThatThrownBy(() -> ServingRunReaders.read(bad)).hasMessage("neg.json field ttfts[1]: expected seconds >= 0, was -2");
    }

    @Test
    void aSnapshotGivenAloneSaysHowToPairIt() {
        assertThatThrownBy(() -> ServingRunReaders.read(resource("vllm-llama3.1-70b-tp8-lmsys_05.prom")))
                .hasMessageContaining("give it with the requests it served as METRICS=REQUESTS");
    }

    @Test
    void aSnapshotThatCountsOtherRequestsThanTheListIsRefused() throws IOException {
        Path list = dir.resolve("two.jsonl");
        Files.writeString(list, "{\"arrival_s\": 0.0, \"input_tokens\": 3, \"output_tokens\": 4}\n"
                + "{\"arrival_s\": 1.0, \"input_tokens\": 3, \"output_tokens\": 4}\n");
        assertThatThrownBy(() -> ServingRunReaders.readPrometheus(resource("vllm-llama3.1-70b-tp8-lmsys_05.prom"), list))
                .hasMessageContaining("vllm-llama3.1-70b-tp8-lmsys_05.prom metric vllm:e2e_request_latency_seconds_count: counts 1024 finished requests but two.jsonl lists 2");
    }

    @Test
    void aRequestListLineWithoutTokensNamesLineAndField() throws IOException {
        Path list = dir.resolve("list.jsonl");
        Files.writeString(list, "{\"arrival_s\": 0.0, \"input_tokens\": 3, \"output_tokens\": 4}\n"
                + "{\"arrival_s\": 1.0, \"input_tokens\": 3}\n");
        assertThatThrownBy(() -> ServingRunReaders.readPrometheus(resource("vllm-llama3.1-70b-tp8-lmsys_05.prom"), list))
                .hasMessage("list.jsonl line 2, field output_tokens: expected a token count >= 1, was missing");
    }

    @Test
    void aSnapshotLineWithoutAValueNamesItsLine() throws IOException {
        Path prom = dir.resolve("m.prom");
        Files.writeString(prom, "# HELP x\nvllm:e2e_request_latency_seconds_count{a=\"b\"} twelve\n");
        Path list = dir.resolve("l.jsonl");
        Files.writeString(list, "{\"arrival_s\": 0.0, \"input_tokens\": 3, \"output_tokens\": 4}\n");
        assertThatThrownBy(() -> ServingRunReaders.readPrometheus(prom, list))
                .hasMessage("m.prom line 2: metric vllm:e2e_request_latency_seconds_count has value 'twelve', not a number");
    }

    @Test
    void aMissingFileIsNamed() {
        assertThatThrownBy(() -> ServingRunReaders.read(dir.resolve("nope.json"))).hasMessageEndingWith("nope.json: does not exist");
    }

    @Test
    void aSnapshotWhoseLatenciesEndBeforeTheirFirstTokensIsRefusedByMetric() throws IOException {
        Path prom = dir.resolve("m.prom");
        Files.writeString(prom, """
                vllm:e2e_request_latency_seconds_count 1
                vllm:e2e_request_latency_seconds_sum 0.5
                vllm:time_to_first_token_seconds_count 1
                vllm:time_to_first_token_seconds_sum 0.9
                vllm:generation_tokens_total 4
                """);
        Path list = dir.resolve("l.jsonl");
        Files.writeString(list, "{\"arrival_s\": 0.0, \"input_tokens\": 3, \"output_tokens\": 4}\n");
        assertThatThrownBy(() -> ServingRunReaders.readPrometheus(prom, list))
                .hasMessageStartingWith("m.prom metric vllm:e2e_request_latency_seconds_sum: is 0.500000 s, less than");
    }

    @Test
    void aRequestListWithFractionalOrWrappingTokensIsRefusedNotCut() throws IOException {
        for (String tokens : new String[] {"12.5", "4294967297"}) {
            Path list = dir.resolve("l.jsonl");
            Files.writeString(list, "{\"arrival_s\": 0.0, \"input_tokens\": " + tokens + ", \"output_tokens\": 4}\n");
            assertThatThrownBy(() -> ServingRunReaders.readPrometheus(resource("vllm-llama3.1-70b-tp8-lmsys_05.prom"), list))
                    .hasMessage("l.jsonl line 1, field input_tokens: expected a token count >= 1, was " + tokens);
        }
    }
}

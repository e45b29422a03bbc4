package io.fleetwise.planner.alloc.format;

import io.fleetwise.planner.alloc.AllocationMode;
import io.fleetwise.planner.alloc.AllocationResult;
import io.fleetwise.planner.alloc.AllocatorFormatException;
import io.fleetwise.planner.alloc.FleetAllocator;
import io.fleetwise.planner.pricing.PriceKind;
import io.fleetwise.planner.alloc.ThroughputSource;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class AllocatorInputReaderTest {

    static String example() {
        try (InputStream in = AllocatorInputReaderTest.class.getResourceAsStream(
                "/io/fleetwise/planner/alloc/allocator-example.json")) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String minimal(String candidateExtra, String topExtra) {
        return "{\"total_request_rate\": 10, " + topExtra
                + "\"buckets\": [{\"name\": \"chat\", \"input_tokens\": [0, 512], \"output_tokens\": [0, 256], \"share\": 1}],"
                + "\"candidates\": [{\"gpu_type\": \"H100-SXM\", " + candidateExtra + " \"throughput_rps\": {\"chat\": 5}}]}";
    }

    @Test
    void exampleFileGivesMelangesAnswerForTheSameNumbers() {
        AllocatorInput input = AllocatorInputReader.parse(example(), "allocator-example.json");
        AllocationResult r = new FleetAllocator().solve(input.problem());
        assertThat(r.countsByCandidate()).containsEntry("A10G", 3).containsEntry("A100-80GB", 1);
        assertThat(r.costPerHourUsd()).isCloseTo(6.7, org.assertj.core.api.Assertions.within(1e-9));
    }

    @Test
    void bucketsWithoutNamesAreNamedByTheirTokenRanges() {
        AllocatorInput input = AllocatorInputReader.parse(example(), "allocator-example.json");
        assertThat(input.problem().buckets().get(0).name()).isEqualTo("input 1-256 x output 1-128");
        assertThat(input.problem().buckets().get(3).name()).isEqualTo("long prompt, long answer");
        assertThat(input.problem().gpuCapsByType()).containsEntry("A100-80GB", 8);
        assertThat(input.problem().candidates().get(0).source()).isEqualTo(ThroughputSource.MEASURED_IMPORTED);
    }

    @Test
    void tensorParallelReplicaCostsGpusTimesThePriceOfTheChosenKind() {
        String json = minimal("\"tensor_parallel\": 4, \"price_usd_per_gpu_hour\": {\"on_demand\": 3.0, \"spot\": 1.5},",
                "\"price_kind\": \"spot\",");
        AllocatorInput input = AllocatorInputReader.parse(json, "x.json");
        assertThat(input.priceKind()).isEqualTo(PriceKind.SPOT);
        assertThat(input.problem().candidates().get(0).name()).isEqualTo("H100-SXM TP4");
        assertThat(input.problem().candidates().get(0).gpuCount()).isEqualTo(4);
        assertThat(input.problem().candidates().get(0).costPerHourUsd()).isEqualTo(6.0);
    }

    @Test
    void missingPriceOfTheChosenKindIsNamed() {
        String json = minimal("\"price_usd_per_gpu_hour\": {\"on_demand\": 3.0},", "\"price_kind\": \"reserved\",");
        assertThatThrownBy(() -> AllocatorInputReader.parse(json, "x.json"))
                .isInstanceOf(AllocatorFormatException.class)
                .hasMessageContaining("candidates[0]").hasMessageContaining("no reserved price");
    }

    @Test
    void budgetTurnsOnBudgetMode() {
        AllocatorInput input = AllocatorInputReader.parse(minimal("\"cost_usd_per_hour\": 3,",
                "\"budget_usd_per_hour\": 12.5,"), "x.json");
        assertThat(input.problem().mode()).isEqualTo(AllocationMode.MAX_GOODPUT_WITHIN_BUDGET);
        assertThat(input.problem().budgetPerHourUsd()).isEqualTo(12.5);
    }

    @Test
    void bucketsLeftOutOfAThroughputTableCannotBeServed() {
        String json = "{\"total_request_rate\": 10, \"buckets\": ["
                + "{\"name\": \"a\", \"input_tokens\": [0, 1], \"output_tokens\": [0, 1], \"share\": 0.5},"
                + "{\"name\": \"b\", \"input_tokens\": [0, 1], \"output_tokens\": [1, 2], \"share\": 0.5}],"
                + "\"candidates\": [{\"gpu_type\": \"L4\", \"cost_usd_per_hour\": 1, \"throughput_rps\": {\"a\": 4}}]}";
        AllocatorInput input = AllocatorInputReader.parse(json, "x.json");
        assertThat(input.problem().candidates().get(0).throughputRps()).isEqualTo(List.of(4.0, 0.0));
        assertThat(new FleetAllocator().solve(input.problem()).message()).contains("'b'");
    }

    @Test
    void throughputForAnUnknownBucketIsRejectedByName() {
        String json = minimal("\"cost_usd_per_hour\": 3,", "").replace("{\"chat\": 5}", "{\"chatt\": 5}");
        assertThatThrownBy(() -> AllocatorInputReader.parse(json, "in.json"))
                .hasMessageContaining("in.json").hasMessageContaining("'chatt'")
                .hasMessageContaining("candidates[0].throughput_rps");
    }

    @Test
    void bothCostAndPriceIsAmbiguousAndRejected() {
        String json = minimal("\"cost_usd_per_hour\": 3, \"price_usd_per_gpu_hour\": 3,", "");
        assertThatThrownBy(() -> AllocatorInputReader.parse(json, "x.json")).hasMessageContaining("exactly one of");
    }

    @Test
    void unknownFieldIsRejectedWithWhereItIs() {
        String json = minimal("\"cost_usd_per_hour\": 3, \"tp\": 2,", "");
        assertThatThrownBy(() -> AllocatorInputReader.parse(json, "x.json"))
                .hasMessageContaining("'tp'").hasMessageContaining("candidates[0]");
    }

    @Test
    void invertedTokenRangeIsRejected() {
        String json = minimal("\"cost_usd_per_hour\": 3,", "").replace("[0, 512]", "[512, 0]");
        assertThatThrownBy(() -> AllocatorInputReader.parse(json, "x.json"))
                .hasMessageContaining("buckets[0].input_tokens");
    }
}

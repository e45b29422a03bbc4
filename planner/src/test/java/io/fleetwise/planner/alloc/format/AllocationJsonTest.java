package io.fleetwise.planner.alloc.format;

import com.fasterxml.jackson.databind.JsonNode;
import io.fleetwise.planner.alloc.AllocationProblem;
import io.fleetwise.planner.alloc.AllocationResult;
import io.fleetwise.planner.alloc.AllocatorFormatException;
import io.fleetwise.planner.alloc.BaselineComparison;
import io.fleetwise.planner.alloc.Baselines;
import io.fleetwise.planner.alloc.FleetAllocator;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

class AllocationJsonTest {

    private static AllocationProblem example() {
        return AllocatorInputReader.parse(AllocatorInputReaderTest.example(), "allocator-example.json").problem();
    }

    @Test
    void storedResultReadsBackEqual() {
        AllocationResult r = new FleetAllocator().solve(example());
        assertThat(AllocationJson.read(AllocationJson.write(r), "test")).isEqualTo(r);
    }

    @Test
    void storedProblemReadsBackEqualIncludingCapsAndBudget() {
        AllocationProblem p = example().withHeadroom(0.2).withBudget(9.5);
        assertThat(AllocationJson.readProblem(AllocationJson.writeProblem(p), "test")).isEqualTo(p);
        AllocationProblem minCost = example();
        assertThat(AllocationJson.readProblem(AllocationJson.writeProblem(minCost), "test").budgetPerHourUsd()).isNaN();
    }

    @Test
    void storedResultWithoutPlanKeepsItsNanCostAndMessage() {
        AllocationResult r = new FleetAllocator().solve(example().withCaps(java.util.Map.of("A100-80GB", 0, "A10G", 2)));
        AllocationResult back = AllocationJson.read(AllocationJson.write(r), "test");
        assertThat(back.costPerHourUsd()).isNaN();
        assertThat(back.message()).isEqualTo(r.message()).contains("caps");
    }

    @Test
    void reportHasPlanAssignmentBaselinesAndSaving() {
        AllocationProblem p = example();
        BaselineComparison cmp = new Baselines(new FleetAllocator()).compare(p);
        JsonNode report = AllocationJson.report(p, cmp);
        assertThat(report.get("replicas").get("A10G").asInt()).isEqualTo(3);
        assertThat(report.get("cost_usd_per_hour").asDouble()).isCloseTo(6.7, within(1e-9));
        assertThat(report.get("assignment").get(0).get("bucket").asText()).isEqualTo("input 1-256 x output 1-128");
        assertThat(report.get("best_single_type").asText()).isEqualTo("A100-80GB");
        assertThat(report.get("saving_percent_vs_best_single_type").asDouble()).isCloseTo(100 * 0.64 / 7.34, within(1e-9));
        assertThat(report.get("solver").get("name").asText()).isEqualTo("CP_SAT");
    }

    @Test
    void garbageIsRejectedWithItsSource() {
        assertThatThrownBy(() -> AllocationJson.read("{\"status\": 3", "study 7 plan 2"))
                .isInstanceOf(AllocatorFormatException.class).hasMessageContaining("study 7 plan 2");
    }
}

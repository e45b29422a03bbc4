package io.fleetwise.planner.alloc.melange;

import io.fleetwise.planner.alloc.AllocationResult;
import io.fleetwise.planner.alloc.FleetAllocator;
import io.fleetwise.planner.alloc.SolveStatus;
import io.fleetwise.planner.alloc.SolverBackend;
import io.fleetwise.planner.alloc.SolverOptions;
import io.fleetwise.planner.alloc.ThroughputSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class MelangeExampleTest {

    static String exampleJson() {
        try (InputStream in = MelangeExampleTest.class.getResourceAsStream("/io/fleetwise/planner/alloc/melange-example.json")) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void answerOnMelangesExampleConfigEqualsItsPublishedAnswer() {
        MelangeConfig config = MelangeConfigReader.parse(exampleJson(), "example.json");
        AllocationResult result = new FleetAllocator().solve(config.toProblem());

        Map<String, Object> published = new LinkedHashMap<>();
        published.put("A10G", 3);
        published.put("A100-80GB", 1);
        published.put("cost", 6.7);
        assertThat(result.status()).isEqualTo(SolveStatus.OPTIMAL);
        assertThat(MelangeAnswer.of(result)).containsExactlyEntriesOf(published);
    }

    @ParameterizedTest
    @EnumSource(SolverBackend.class)
    void everyBackendReachesMelangesCostOnTheExample(SolverBackend backend) {
        MelangeConfig config = MelangeConfigReader.parse(exampleJson(), "example.json");
        AllocationResult result = new FleetAllocator(SolverOptions.defaults().withBackend(backend)).solve(config.toProblem());
        assertThat(MelangeAnswer.roundedCost(result.costPerHourUsd())).isEqualTo(6.7);
    }

    @Test
    void answerJsonKeepsMelangesKeyOrderWithCostLast() {
        MelangeConfig config = MelangeConfigReader.parse(exampleJson(), "example.json");
        String json = MelangeAnswer.toJson(new FleetAllocator().solve(config.toProblem()));
        assertThat(json.replaceAll("\\s", "")).isEqualTo("{\"A10G\":3,\"A100-80GB\":1,\"cost\":6.7}");
    }

    @Test
    void exampleThroughputsAreLabelledAsImportedMeasurements() {
        MelangeConfig config = MelangeConfigReader.parse(exampleJson(), "example.json");
        assertThat(config.toProblem().candidates()).allSatisfy(
                c -> assertThat(c.source()).isEqualTo(ThroughputSource.MEASURED_IMPORTED));
    }

    @Test
    void toyExampleOfMelangesMainPyIsFiveA10gs() {
        // melange/main.py's toy input. By hand: A10G loads 0.8 + 2 + 0.6 + 0.8 = 4.2 -> 5 x 1.01 = 5.05 $/h;
        // any A100 (3.67 $/h) leaves at least 2 A10Gs of load, so every mix costs more.
        String json = "{\"gpu_info\": {\"A10G\": {\"cost\": 1.01, \"tputs\": [[5, 1], [10, 5]]},"
                + " \"A100\": {\"cost\": 3.67, \"tputs\": [[20, 2], [50, 20]]}},"
                + " \"workload_distribution\": [[0.25, 0.125], [0.375, 0.25]], \"total_request_rate\": 16,"
                + " \"slice_factor\": 1}";
        AllocationResult result = new FleetAllocator().solve(MelangeConfigReader.parse(json, "main.py").toProblem());
        assertThat(MelangeAnswer.of(result)).containsEntry("A10G", 5).containsEntry("A100", 0).containsEntry("cost", 5.05);
    }
}

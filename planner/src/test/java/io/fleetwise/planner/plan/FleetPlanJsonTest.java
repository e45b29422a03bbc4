package io.fleetwise.planner.plan;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fleetwise.planner.catalog.Catalog;
import io.fleetwise.planner.model.BatchingPolicy;
import io.fleetwise.planner.model.DType;
import io.fleetwise.planner.model.ReplicaConfig;
import io.fleetwise.planner.model.ReplicaRole;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class FleetPlanJsonTest {
    private static final Catalog CATALOG = Catalog.builtIn();

    static FleetPlan twoPartPlan() {
        ReplicaConfig h100 = ReplicaConfig.of(CATALOG.gpu("H100-SXM"), 4).withBatching(BatchingPolicy.sarathi(2048))
                .withDtypes(DType.FP8, DType.FP8, DType.FP8);
        ReplicaConfig l4 = ReplicaConfig.of(CATALOG.gpu("L4"), 1).withRole(ReplicaRole.MIXED);
        List<FleetPlan.Part> parts = List.of(new FleetPlan.Part(h100, 2, 0.75), new FleetPlan.Part(l4, 3, 0.25));
        return new FleetPlan(FleetPlan.describe(parts), "Llama-3.1-8B", parts, 62.5,
                new FleetPlan.Predicted(8, 7.6, 0.95, Double.NaN, 41.5, true),
                new FleetPlan.Provenance(FleetPlan.FLEET_ALLOCATION, "abc", "def", "built-in", "vllm-0.6",
                        Map.of("H100-SXM", 7.52, "L4", 0.7)));
    }

    @Test
    void aPlanComesBackAsItWasStored() {
        FleetPlan plan = twoPartPlan();

        FleetPlan back = FleetPlanJson.read(FleetPlanJson.write(plan), CATALOG, "plan 1");

        assertThat(back).isEqualTo(plan.withProvenance(plan.provenance()));
        assertThat(back.gpuCount()).isEqualTo(11);
        assertThat(back.quantizedFormats(DType.BF16)).containsExactly(DType.FP8);
    }

    @Test
    void aDamagedFieldIsNamedWithThePlan() {
        ObjectNode json = FleetPlanJson.write(twoPartPlan());
        ((ObjectNode) json.get("parts").get(1)).put("count", "three");

        assertThatThrownBy(() -> FleetPlanJson.read(json, CATALOG, "plan 7"))
                .hasMessage("plan 7, parts[1]: field 'count' must be a whole number");
    }

    @Test
    void aGpuTypeTheCatalogNoLongerHasIsNamed() {
        ObjectNode json = FleetPlanJson.write(twoPartPlan());
        ((ObjectNode) json.get("parts").get(0).get("replica")).put("gpu", "Z9000");

        assertThatThrownBy(() -> FleetPlanJson.read(json, CATALOG, "plan 7"))
                .hasMessageStartingWith("plan 7, parts[0].replica.gpu: ").hasMessageContaining("Z9000");
    }
}

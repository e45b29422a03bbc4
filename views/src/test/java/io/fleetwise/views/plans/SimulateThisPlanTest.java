package io.fleetwise.views.plans;

import io.fleetwise.planner.calibration.CalibrationSet;
import io.fleetwise.planner.catalog.Catalog;
import io.fleetwise.planner.model.ReplicaConfig;
import io.fleetwise.planner.search.PlanPart;
import io.fleetwise.planner.search.RankedPlan;
import io.fleetwise.planner.task.CurrentThreadTaskExecutor;
import io.fleetwise.views.simulate.SimulateViewModel;
import io.fleetwise.views.simulate.SimulationRequest;
import io.fleetwise.views.simulate.SimulationRequests;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class SimulateThisPlanTest {

    private final CurrentThreadTaskExecutor executor = new CurrentThreadTaskExecutor();
    private final SimulationRequests requests = new SimulationRequests();
    private final List<String> opened = new ArrayList<>();
    private final PlansViewModel plans = new PlansViewModel(Catalog::builtIn, CalibrationSet::builtIn, executor, Runnable::run)
            .handOffTo(requests, opened::add);

    private void searchTinyCluster() {
        TinyPlanInputs.fill(plans);
        plans.presetProperty().set("code");
        assertThat(plans.search()).isTrue();
    }

    @Test
    void pressingItLoadsThePlansReplicaConfigIntoSimulateAndOpensIt() {
        SimulateViewModel simulate = new SimulateViewModel(Catalog::builtIn, CalibrationSet::builtIn, executor, Runnable::run);
        simulate.follow(requests);
        searchTinyCluster();
        RankedPlan best = plans.selectedProperty().get();
        PlanPart part = best.plan().parts().get(0);
        ReplicaConfig replica = part.shape().config();
        assertThat(plans.canSimulateSelectedProperty().get()).isTrue();

        assertThat(plans.simulateSelected()).isTrue();

        assertThat(opened).containsExactly("Simulate");
        SimulationRequest sent = requests.latestProperty().get();
        assertThat(sent.replica()).isEqualTo(replica);
        assertThat(sent.replicas()).isEqualTo(part.count());
        assertThat(simulate.modelNameProperty().get()).isEqualTo("Llama-3.1-70B");
        assertThat(simulate.gpuNameProperty().get()).isEqualTo("H100-SXM");
        assertThat(simulate.tensorParallelProperty().get()).isEqualTo(replica.tp());
        assertThat(simulate.pipelineParallelProperty().get()).isEqualTo(replica.pp());
        assertThat(simulate.replicasProperty().get()).isEqualTo(part.count());
        assertThat(simulate.weightDtypeProperty().get()).isEqualTo(replica.weightDtype()).hasToString("FP8");
        assertThat(simulate.schedulerProperty().get()).isEqualTo(replica.batching().scheduler());
        assertThat(simulate.workloadProperty().get()).isEqualTo("code");
        assertThat(simulate.rateTextProperty().get()).isEqualTo("2");
        assertThat(simulate.requestsTextProperty().get()).isEqualTo("60");
        assertThat(simulate.sloTtftTextProperty().get()).isEqualTo("3000");
        assertThat(simulate.sloTpotTextProperty().get()).isEqualTo("150");
        assertThat(simulate.canRunProperty().get()).as(simulate.validationMessageProperty().get()).isTrue();
        assertThat(simulate.statusProperty().get()).startsWith("Loaded plan #1 from Plans");
    }

    @Test
    void aSimulateAreaBuiltLaterStillGetsTheSentPlan() {
        searchTinyCluster();
        plans.simulateSelected();

        SimulateViewModel simulate = new SimulateViewModel(Catalog::builtIn, CalibrationSet::builtIn, executor, Runnable::run);
        simulate.follow(requests);

        assertThat(simulate.replicasProperty().get()).isEqualTo(plans.selectedProperty().get().plan().parts().get(0).count());
        assertThat(simulate.workloadProperty().get()).isEqualTo("code");
    }

    @Test
    void aPlanOfSeveralGpuTypesRunsWholeAndItsRunAttachesToThePlan() {
        Catalog catalog = Catalog.builtIn();
        io.fleetwise.views.common.InMemoryPlanStore store = new io.fleetwise.views.common.InMemoryPlanStore();
        List<io.fleetwise.planner.plan.FleetPlan.Part> parts = List.of(
                new io.fleetwise.planner.plan.FleetPlan.Part(ReplicaConfig.of(catalog.gpu("H100-SXM"), 1), 1, 0.7),
                new io.fleetwise.planner.plan.FleetPlan.Part(ReplicaConfig.of(catalog.gpu("A100-80GB-SXM"), 1), 1, 0.3));
        io.fleetwise.planner.plan.FleetPlan mixed = new io.fleetwise.planner.plan.FleetPlan(
                io.fleetwise.planner.plan.FleetPlan.describe(parts), "Llama-3.1-8B", parts, 12.0,
                io.fleetwise.planner.plan.FleetPlan.Predicted.unknown(4),
                new io.fleetwise.planner.plan.FleetPlan.Provenance(io.fleetwise.planner.plan.FleetPlan.FLEET_ALLOCATION,
                        "", "", "built-in", "vllm-0.6", java.util.Map.of()));
        long id = store.save(1, mixed, null).id();
        SimulateViewModel simulate = new SimulateViewModel(Catalog::builtIn, CalibrationSet::builtIn, executor,
                Runnable::run).attachRunsTo(store);
        simulate.sweepAfterRunProperty().set(false);

        simulate.load(SimulationRequest.ofPlan(mixed, id, "chat", 4, 80, io.fleetwise.planner.model.Slo.of(2000, 100, 0.9),
                "plan #" + id));
        simulate.run();

        assertThat(simulate.planInfoProperty().get()).contains("all 2 parts");
        assertThat(simulate.statusProperty().get()).startsWith("Simulated the whole plan (2 parts)");
        assertThat(simulate.summaryProperty().get().gpuCount()).isEqualTo(2);
        assertThat(store.runsOf(id)).singleElement().satisfies(run -> {
            assertThat(run.kind()).isEqualTo(io.fleetwise.planner.plan.PlanStore.PlanRun.SIMULATION);
            assertThat(run.metrics()).containsKeys("ttftP90Ms", "tpotP90Ms", "sloAttainment");
        });

        simulate.tensorParallelProperty().set(2);

        assertThat(simulate.planInfoProperty().get()).as("editing the replica leaves the plan").isEmpty();
    }

    /** The issue's case: the demo study's top plan mixes GPU types, and Simulate and Execute both take it. */
    @Test
    void theTopPlanOfTheDemoSearchSimulatesWholeAndExecutesItsFirstPart() {
        Catalog catalog = Catalog.builtIn();
        io.fleetwise.views.common.InMemoryPlanStore store = new io.fleetwise.views.common.InMemoryPlanStore();
        io.fleetwise.views.execute.ExecutionRequests executions = new io.fleetwise.views.execute.ExecutionRequests();
        PlansViewModel demo = PlansViewModel.forStudy(io.fleetwise.planner.study.DemoStudy.create(catalog),
                        Catalog::builtIn, CalibrationSet::builtIn, executor, Runnable::run)
                .handOffTo(requests, opened::add).executeThrough(executions).keepPlansIn(store, () -> 1, () -> "fp");
        demo.requestsProperty().set("80");
        demo.timeBudgetSProperty().set("20");
        assertThat(demo.search()).isTrue();
        RankedPlan top = demo.selectedProperty().get();
        assertThat(top).as(demo.messageProperty().get()).isNotNull();
        SimulateViewModel simulate = new SimulateViewModel(Catalog::builtIn, CalibrationSet::builtIn, executor,
                Runnable::run).attachRunsTo(store);
        simulate.sweepAfterRunProperty().set(false);
        simulate.follow(requests);

        assertThat(demo.canSimulateSelectedProperty().get()).isTrue();
        assertThat(demo.simulateSelected()).as(demo.messageProperty().get()).isTrue();
        simulate.run();

        assertThat(simulate.statusIsErrorProperty().get()).as(simulate.statusProperty().get()).isFalse();
        assertThat(simulate.summaryProperty().get().gpuCount()).isEqualTo(top.metrics().gpuCount());
        long id = store.plansOf(1).get(0).id();
        assertThat(store.runsOf(id)).hasSize(1);
        assertThat(demo.executeSelected()).as(demo.messageProperty().get()).isTrue();
        assertThat(executions.latestProperty().get().planId()).isEqualTo(id);
        demo.refreshRuns();
        assertThat(demo.selectedRunsProperty().get()).startsWith("Plan #" + id).contains("Simulated");
    }

    @Test
    void withoutASearchNothingIsSentAndTheMessageSaysWhy() {
        assertThat(plans.canSimulateSelectedProperty().get()).isFalse();

        assertThat(plans.simulateSelected()).isFalse();

        assertThat(opened).isEmpty();
        assertThat(requests.latestProperty().get()).isNull();
        assertThat(plans.messageProperty().get()).isEqualTo("Search and select a plan first.");
        assertThat(plans.messageIsErrorProperty().get()).isTrue();
    }
}

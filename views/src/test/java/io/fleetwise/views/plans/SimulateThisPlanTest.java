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
    void withoutASearchNothingIsSentAndTheMessageSaysWhy() {
        assertThat(plans.canSimulateSelectedProperty().get()).isFalse();

        assertThat(plans.simulateSelected()).isFalse();

        assertThat(opened).isEmpty();
        assertThat(requests.latestProperty().get()).isNull();
        assertThat(plans.messageProperty().get()).isEqualTo("Search and select a plan first.");
        assertThat(plans.messageIsErrorProperty().get()).isTrue();
    }
}

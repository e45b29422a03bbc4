package io.fleetwise.views.plans;

import io.fleetwise.planner.calibration.CalibrationSet;
import io.fleetwise.datastore.Database;
import io.fleetwise.planner.catalog.Catalog;
import io.fleetwise.planner.model.ReplicaConfig;
import io.fleetwise.planner.perf.CalibrationProfiles;
import io.fleetwise.planner.search.PlanPart;
import io.fleetwise.planner.search.RankedPlan;
import io.fleetwise.planner.task.CurrentThreadTaskExecutor;
import io.fleetwise.profiler.Profiler;
import io.fleetwise.views.execute.ExecuteViewModel;
import io.fleetwise.views.execute.ExecutionRequests;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;

/** Plans' "Execute this plan": the selected plan's model, TP/PP/EP and workload land in the Execute form. */
class ExecuteThisPlanTest {
    @TempDir
    Path dir;

    private final CurrentThreadTaskExecutor executor = new CurrentThreadTaskExecutor();
    private final ExecutionRequests requests = new ExecutionRequests();
    private final List<String> opened = new ArrayList<>();
    private final AtomicReference<CalibrationSet> calibration = new AtomicReference<>(CalibrationSet.builtIn());
    private final PlansViewModel plans = new PlansViewModel(Catalog::builtIn, calibration::get, executor, Runnable::run)
            .handOffTo(new io.fleetwise.views.simulate.SimulationRequests(), opened::add).executeThrough(requests);

    private ExecuteViewModel execute() {
        Profiler profiler = new Profiler(Database.open(dir.resolve("e.db")), Catalog.builtIn(), Clock.systemUTC());
        return new ExecuteViewModel(profiler, Catalog::builtIn, CalibrationSet::builtIn, executor, Runnable::run).receiveFrom(requests);
    }

    private void searchTinyCluster() {
        TinyPlanInputs.fill(plans);
        plans.presetProperty().set("code");
        assertThat(plans.search()).isTrue();
    }

    @Test
    void pressingItFillsTheExecuteFormWithThePlansShardAndWorkloadAndOpensExecute() {
        ExecuteViewModel vm = execute();
        searchTinyCluster();
        RankedPlan best = plans.selectedProperty().get();
        PlanPart part = best.plan().parts().get(0);
        ReplicaConfig replica = part.shape().config();
        assertThat(plans.canExecuteSelectedProperty().get()).isTrue();

        assertThat(plans.executeSelected()).isTrue();

        assertThat(opened).containsExactly("Execute");
        assertThat(requests.latestProperty().get().replica()).as("the schedule is simulated for the planned replica").isEqualTo(replica);
        assertThat(vm.modelNameProperty().get()).isEqualTo("Llama-3.1-70B");
        assertThat(vm.tensorParallelProperty().get()).isEqualTo(replica.tp());
        assertThat(vm.pipelineParallelProperty().get()).isEqualTo(replica.pp());
        assertThat(vm.expertParallelProperty().get()).isEqualTo(replica.ep());
        assertThat(vm.presetProperty().get()).isEqualTo("code");
        assertThat(Double.parseDouble(vm.rateTextProperty().get())).isCloseTo(2.0 / part.count(), org.assertj.core.data.Offset.offset(1e-3));
        assertThat(vm.maxBatchTokensProperty().get()).isEqualTo(replica.batching().maxBatchedTokens());
        assertThat(vm.statusProperty().get()).startsWith("Loaded plan #1 from Plans");
    }

    @Test
    void anExecuteAreaBuiltLaterStillGetsTheSentPlan() {
        searchTinyCluster();
        plans.executeSelected();

        ExecuteViewModel vm = execute();

        assertThat(vm.modelNameProperty().get()).isEqualTo("Llama-3.1-70B");
        assertThat(vm.tensorParallelProperty().get()).isEqualTo(plans.selectedProperty().get().plan().parts().get(0).shape().config().tp());
    }

    @Test
    void withoutASearchNothingIsSent() {
        assertThat(plans.canExecuteSelectedProperty().get()).isFalse();
        assertThat(plans.executeSelected()).isFalse();
        assertThat(requests.latestProperty().get()).isNull();
        assertThat(opened).isEmpty();
    }

    @Test
    void theSearchSaysWhichCalibrationItsPredictionsUsed() {
        searchTinyCluster();
        assertThat(plans.calibrationInfoProperty().get()).isEqualTo("Predicted with " + CalibrationSet.BUILT_IN_LABEL + ".");
        calibration.set(CalibrationSet.builtIn().withCalibration("H100-SXM", CalibrationProfiles.h100Measured(),
                "H100-SXM calibration v4 (2026-11-23, test)"));

        searchTinyCluster();

        assertThat(plans.calibrationInfoProperty().get()).isEqualTo("Predicted with H100-SXM calibration v4 (2026-11-23, test).");
    }

    @Test
    void runAfterAHandOffExecutesThePlannedReplicasScheduleOnTheCpuDevice() throws Exception {
        io.fleetwise.planner.model.ModelSpec tiny;
        try (java.io.InputStream in = getClass().getResourceAsStream("/io/fleetwise/views/execute/tiny-llama-config.json")) {
            tiny = io.fleetwise.planner.catalog.HuggingFaceConfigImporter.parse("tiny-llama-config.json",
                    new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8), "tiny-llama");
        }
        Catalog catalog = Catalog.builtIn().withModel(tiny);
        Profiler profiler = new Profiler(Database.open(dir.resolve("t.db")), catalog, Clock.systemUTC());
        ExecuteViewModel vm = new ExecuteViewModel(profiler, () -> catalog, CalibrationSet::builtIn, executor, Runnable::run).receiveFrom(requests);
        ReplicaConfig planned = ReplicaConfig.of(catalog.gpu("L4"), 2)
                .withBatching(io.fleetwise.planner.model.BatchingPolicy.sarathi(48));
        requests.send(new io.fleetwise.views.execute.ExecutionRequest("tiny-llama", 2, 1, 1, "chat", 4, 48, planned, "plan #1 from Plans"));
        assertThat(vm.scheduleSummaryProperty().get()).startsWith("Schedule: the planned replica's (L4 TP2");
        vm.iterationsProperty().set(2);

        vm.run();

        assertThat(vm.statusIsErrorProperty().get()).as(vm.statusProperty().get()).isFalse();
        assertThat(vm.statusProperty().get()).startsWith("Done: measured");
        assertThat(vm.iterationRows()).hasSize(2).allSatisfy(r -> assertThat(r.batch()).startsWith("tokens="));
        assertThat(vm.iterationRows().get(0).batch()).matches("tokens=(4[0-8]|[1-3]?[0-9]) .*");
    }
}

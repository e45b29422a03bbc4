package io.fleetwise.views.simulate;

import io.fleetwise.planner.calibration.CalibrationSet;
import io.fleetwise.planner.catalog.Catalog;
import io.fleetwise.planner.model.Node;
import io.fleetwise.planner.model.NodeGroup;
import io.fleetwise.planner.model.Slo;
import io.fleetwise.planner.study.StudyDocument;
import io.fleetwise.planner.study.WorkloadSpec;
import io.fleetwise.planner.task.CurrentThreadTaskExecutor;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class SimulateViewModelStudyTest {

    private static final Catalog CATALOG = Catalog.builtIn();

    private static SimulateViewModel forStudy(StudyDocument doc) {
        return SimulateViewModel.forStudy(doc, () -> CATALOG, CalibrationSet::builtIn, new CurrentThreadTaskExecutor(), Runnable::run);
    }

    @Test
    void studysModelGpuWorkloadRateAndSloBecomeTheInputs() {
        StudyDocument doc = StudyDocument.empty("s").withModelName("Llama-3.1-70B")
                .withNodeGroups(List.of(new NodeGroup("a100", Node.standard(CATALOG.gpu("A100-80GB-SXM")), 2, 0)))
                .withWorkload(WorkloadSpec.preset("code", 2.5))
                .withSlo(Slo.of(750, 40, 0.95));

        SimulateViewModel vm = forStudy(doc);

        assertThat(vm.modelNameProperty().get()).isEqualTo("Llama-3.1-70B");
        assertThat(vm.gpuNameProperty().get()).isEqualTo("A100-80GB-SXM");
        assertThat(vm.workloadProperty().get()).isEqualTo("code");
        assertThat(vm.rateTextProperty().get()).isEqualTo("2.5");
        assertThat(vm.sloTtftTextProperty().get()).isEqualTo("750");
        assertThat(vm.sloTpotTextProperty().get()).isEqualTo("40");
        assertThat(vm.sloAttainmentTargetProperty().get()).isEqualTo(0.95);
    }

    @Test
    void aModelTooBigForOneGpuStartsAtTheSmallestTpThatHoldsIt() {
        StudyDocument doc = StudyDocument.empty("s").withModelName("Llama-3.1-70B")
                .withNodeGroups(List.of(new NodeGroup("h100", Node.standard(CATALOG.gpu("H100-SXM")), 2, 0)));

        SimulateViewModel vm = forStudy(doc);

        // As vLLM sizes it, two H100s hold the 141 GB of bf16 weights with about 4,900 tokens of KV: too little to
        // serve (ReplicaCandidates.MIN_SERVING_KV_TOKENS), so the area starts at four
        assertThat(vm.tensorParallelProperty().get()).as("141 GB of bf16 weights plus a serving KV pool need four H100s")
                .isEqualTo(4);
        assertThat(vm.pipelineParallelProperty().get()).isEqualTo(1);
        assertThat(vm.validationMessageProperty().get()).isEmpty();
    }

    @Test
    void aStudyWithoutModelOrClusterKeepsTodaysDefaults() {
        SimulateViewModel vm = forStudy(StudyDocument.empty("blank").withSlo(
                Slo.of(Double.POSITIVE_INFINITY, 80, 0.9)));

        assertThat(vm.modelNameProperty().get()).isEqualTo("Llama-3.1-8B");
        assertThat(vm.gpuNameProperty().get()).isEqualTo("H100-SXM");
        assertThat(vm.sloTtftTextProperty().get()).isEqualTo("1000");
        assertThat(vm.sloTpotTextProperty().get()).isEqualTo("80");
        assertThat(vm.rateTextProperty().get()).isEqualTo("1");
    }

    @Test
    void noOpenStudyGivesTheDefaults() {
        SimulateViewModel vm = forStudy(null);

        assertThat(vm.modelNameProperty().get()).isEqualTo("Llama-3.1-8B");
        assertThat(vm.rateTextProperty().get()).isEqualTo("4");
    }
}

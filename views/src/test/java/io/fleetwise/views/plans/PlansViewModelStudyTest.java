package io.fleetwise.views.plans;

import io.fleetwise.planner.calibration.CalibrationSet;
import io.fleetwise.planner.catalog.Catalog;
import io.fleetwise.planner.model.Node;
import io.fleetwise.planner.model.NodeGroup;
import io.fleetwise.planner.model.Slo;
import io.fleetwise.planner.search.SearchConfig;
import io.fleetwise.planner.study.StudyDocument;
import io.fleetwise.planner.study.WorkloadSpec;
import io.fleetwise.planner.task.CurrentThreadTaskExecutor;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class PlansViewModelStudyTest {

    private static final Catalog CATALOG = Catalog.builtIn();

    private static PlansViewModel forStudy(StudyDocument doc) {
        return PlansViewModel.forStudy(doc, () -> CATALOG, CalibrationSet::builtIn, new CurrentThreadTaskExecutor(), Runnable::run);
    }

    @Test
    void studysModelClusterWorkloadAndSloAreSearched() throws Exception {
        Node fourL4 = new Node(CATALOG.gpu("L4"), 4, Node.standard(CATALOG.gpu("L4")).intraNode(),
                Node.standard(CATALOG.gpu("L4")).interNode());
        StudyDocument doc = StudyDocument.empty("s").withModelName("Llama-3.1-8B")
                .withCluster("lab", List.of(new NodeGroup("l4", fourL4, 3, 0)))
                .withWorkload(WorkloadSpec.preset("summarization", 3))
                .withSlo(Slo.of(1500, 60, 0.8));

        PlansViewModel vm = forStudy(doc);

        assertThat(vm.modelProperty().get()).isEqualTo("Llama-3.1-8B");
        assertThat(vm.clusterTextProperty().get()).isEqualTo("study: lab");
        assertThat(vm.presetProperty().get()).isEqualTo("summarization");
        assertThat(vm.rateProperty().get()).isEqualTo("3");
        assertThat(vm.sloTtftMsProperty().get()).isEqualTo("1500");
        assertThat(vm.sloTpotMsProperty().get()).isEqualTo("60");
        SearchConfig config = vm.config();
        assertThat(config.cluster().groups()).singleElement()
                .satisfies(g -> assertThat(g.node().gpuCount()).isEqualTo(4));
        assertThat(config.cluster().totalGpus()).isEqualTo(12);
        assertThat(config.slo().attainment()).isEqualTo(0.8);
    }

    @Test
    void typingAnotherClusterReplacesTheStudysCluster() throws Exception {
        PlansViewModel vm = forStudy(StudyDocument.empty("s").withModelName("Llama-3.1-8B")
                .withCluster("lab", List.of(new NodeGroup("l4", Node.standard(CATALOG.gpu("L4")), 1, 0))));

        vm.clusterTextProperty().set("8xH100-SXM");

        assertThat(vm.config().cluster().groups()).singleElement()
                .satisfies(g -> assertThat(g.gpu().name()).isEqualTo("H100-SXM"));
    }

    @Test
    void aStudyWithoutModelOrClusterKeepsTodaysDefaults() {
        PlansViewModel vm = forStudy(StudyDocument.empty("blank"));

        assertThat(vm.modelProperty().get()).isEqualTo("Llama-3.1-70B");
        assertThat(vm.clusterTextProperty().get()).isEqualTo("8xH100-SXM,8xA100-80GB-SXM");
        assertThat(vm.sloTtftMsProperty().get()).isEqualTo("500");
    }
}

package io.fleetwise.views.cluster;

import io.fleetwise.planner.catalog.Catalog;
import io.fleetwise.planner.study.StudyDocument;
import io.fleetwise.planner.task.CurrentThreadTaskExecutor;
import io.fleetwise.views.study.Autosave;
import io.fleetwise.views.study.CurrentStudy;
import io.fleetwise.views.study.TestStudies;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

class ClusterViewModelTest {

    @TempDir
    Path dir;
    private CurrentStudy study;
    private ClusterViewModel viewModel;

    @BeforeEach
    void open() {
        study = TestStudies.open(StudyDocument.empty("s"));
        viewModel = new ClusterViewModel(study, new CurrentThreadTaskExecutor());
    }

    @Test
    void droppingAGpuTypeAddsOneNodeOfEightAndSelectsIt() {
        viewModel.addGroup("H100-SXM");

        assertThat(viewModel.summaryProperty().get().gpus()).isEqualTo(8);
        assertThat(viewModel.selectedProperty().get().gpu().name()).isEqualTo("H100-SXM");
    }

    @Test
    void aSecondGroupOfTheSameTypeGetsItsOwnName() {
        viewModel.addGroup("L4");
        viewModel.addGroup("L4");

        assertThat(viewModel.groups()).extracting(g -> g.name()).containsExactly("L4", "L4 #2");
    }

    @Test
    void theCostTileIsGpusTimesTheCatalogPrice() {
        viewModel.addGroup("H100-SXM");
        double price = Catalog.builtIn().gpu("H100-SXM").price().onDemandUsdPerHour();

        assertThat(viewModel.summaryProperty().get().costPerHourUsd()).isEqualTo(8 * price);
    }

    @Test
    void typingANodeCountChangesTheStudy() {
        viewModel.addGroup("A100-80GB-SXM");
        viewModel.fieldTextProperty(GroupField.NODES).set("4");

        viewModel.commit(GroupField.NODES);

        assertThat(study.document().cluster().orElseThrow().totalGpus()).isEqualTo(32);
    }

    @Test
    void badTextStaysInTheFieldWithAMessageAndTheStudyIsUnchanged() {
        viewModel.addGroup("A100-80GB-SXM");
        StudyDocument before = study.document();
        viewModel.fieldTextProperty(GroupField.GPUS_PER_NODE).set("eight");

        viewModel.commit(GroupField.GPUS_PER_NODE);

        assertThat(viewModel.fieldErrors().get(GroupField.GPUS_PER_NODE)).contains("'eight'", "whole number");
        assertThat(viewModel.fieldTextProperty(GroupField.GPUS_PER_NODE).get()).isEqualTo("eight");
        assertThat(study.document()).isEqualTo(before);
    }

    @Test
    void aCapAboveTheGroupsGpusIsRefused() {
        viewModel.addGroup("L4");
        viewModel.fieldTextProperty(GroupField.AVAILABILITY_CAP_GPUS).set("9");

        assertThat(viewModel.commit(GroupField.AVAILABILITY_CAP_GPUS)).isFalse();
    }

    @Test
    void nvlinkOnAGpuWithoutItIsRefused() {
        viewModel.addGroup("L4");

        viewModel.intraLinkProperty().set(LinkKind.NVLINK);

        assertThat(viewModel.fieldErrors().get(GroupField.INTRA_LINK)).contains("no NVLink");
    }

    @Test
    void switchingAnH100GroupToPcieUsesThePcieBandwidth() {
        viewModel.addGroup("H100-SXM");

        viewModel.intraLinkProperty().set(LinkKind.PCIE);

        assertThat(viewModel.selectedProperty().get().node().intraNode().name()).isEqualTo("PCIe");
    }

    @Test
    void undoRemovesAnAddedGroup() {
        viewModel.addGroup("H100-SXM");

        study.undo();

        assertThat(viewModel.groups()).isEmpty();
    }

    @Test
    void aSavedClusterFileOpensIntoAnotherStudy() throws Exception {
        viewModel.addGroup("H100-SXM");
        viewModel.addGroup("L4");
        Path file = dir.resolve("c.json");
        viewModel.saveClusterFile(file);
        CurrentStudy other = TestStudies.open(StudyDocument.empty("t"));
        ClusterViewModel otherView = new ClusterViewModel(other, new CurrentThreadTaskExecutor());

        otherView.openClusterFile(file);

        assertThat(other.document().nodeGroups()).isEqualTo(study.document().nodeGroups());
    }

    @Test
    void aBrokenClusterFileNamesTheFieldAndKeepsTheCluster() throws Exception {
        viewModel.addGroup("H100-SXM");
        Path file = dir.resolve("bad.json");
        Files.writeString(file, "{\"nodeGroups\":[{\"gpu\":\"H100-SXM\",\"nodes\":-2}]}");

        viewModel.openClusterFile(file);

        assertThat(viewModel.messageProperty().get()).contains("nodeGroups[0].nodes");
        assertThat(viewModel.groups()).hasSize(1);
    }
}

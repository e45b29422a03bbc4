package io.fleetwise.views.cluster;

import io.fleetwise.planner.catalog.Catalog;
import io.fleetwise.planner.model.GpuType;
import io.fleetwise.planner.study.StudyDocument;
import io.fleetwise.planner.task.CurrentThreadTaskExecutor;
import io.fleetwise.views.study.CurrentStudy;
import io.fleetwise.views.study.TestStudies;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.LocalDate;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;

/** Bad values in the property sheet name the field and the value and change nothing; catalog prices flow in. */
class ClusterValidationTest {

    private final AtomicReference<Catalog> catalog = new AtomicReference<>(Catalog.builtIn());
    private CurrentStudy study;
    private ClusterViewModel viewModel;

    @BeforeEach
    void open() {
        study = TestStudies.open(StudyDocument.empty("s"), catalog::get);
        viewModel = new ClusterViewModel(study, new CurrentThreadTaskExecutor());
        viewModel.addGroup("H100-SXM");
    }

    private String typeAndCommit(GroupField field, String text) {
        StudyDocument before = study.document();
        viewModel.fieldTextProperty(field).set(text);
        assertThat(viewModel.commit(field)).as("commit of '%s'", text).isFalse();
        assertThat(study.document()).isEqualTo(before);
        assertThat(viewModel.fieldTextProperty(field).get()).isEqualTo(text);
        return viewModel.fieldErrors().get(field);
    }

    @Test
    void zeroGpusPerNodeNamesTheFieldAndTheValue() {
        assertThat(typeAndCommit(GroupField.GPUS_PER_NODE, "0")).contains("GPUs per node", "0", "1 to 16");
    }

    @Test
    void wordsForGpusPerNodeNameTheFieldAndTheText() {
        assertThat(typeAndCommit(GroupField.GPUS_PER_NODE, "many")).contains("GPUs per node", "'many'", "whole number");
    }

    @Test
    void aNegativeNicBandwidthNamesTheFieldAndTheValue() {
        assertThat(typeAndCommit(GroupField.NIC_BANDWIDTH_GBPS, "-50")).contains("NIC GB/s", "-50", "more than 0");
    }

    @Test
    void fewerNodesThanTheCapNeedsIsRefusedWithBothNumbers() {
        viewModel.fieldTextProperty(GroupField.NODES).set("4");
        viewModel.commit(GroupField.NODES);
        viewModel.fieldTextProperty(GroupField.AVAILABILITY_CAP_GPUS).set("24");
        assertThat(viewModel.commit(GroupField.AVAILABILITY_CAP_GPUS)).isTrue();

        assertThat(typeAndCommit(GroupField.NODES, "2")).contains("Nodes", "2", "16 GPUs", "cap of 24");
    }

    @Test
    void aCapAboveTheGroupNamesTheFieldAndTheValue() {
        assertThat(typeAndCommit(GroupField.AVAILABILITY_CAP_GPUS, "40")).contains("GPU cap", "40", "8 GPUs");
    }

    @Test
    void aFixedValueClearsTheMessage() {
        typeAndCommit(GroupField.GPUS_PER_NODE, "many");
        viewModel.fieldTextProperty(GroupField.GPUS_PER_NODE).set("4");

        assertThat(viewModel.commit(GroupField.GPUS_PER_NODE)).isTrue();
        assertThat(viewModel.fieldErrors()).doesNotContainKey(GroupField.GPUS_PER_NODE);
    }

    @Test
    void aCatalogPriceChangeReachesThePaletteAndTheCostOnReload() {
        GpuType h100 = catalog.get().gpu("H100-SXM");
        catalog.set(catalog.get().withGpu(h100.withPrice(h100.price().withOnDemand(1.23, LocalDate.of(2026, 11, 1), "test"))));
        assertThat(viewModel.summaryProperty().get().costPerHourUsd()).isNotEqualTo(8 * 1.23);

        viewModel.reloadPalette();

        assertThat(viewModel.palette()).filteredOn(g -> g.name().equals("H100-SXM"))
                .extracting(g -> g.price().onDemandUsdPerHour()).containsExactly(1.23);
        assertThat(viewModel.summaryProperty().get().costPerHourUsd()).isEqualTo(8 * 1.23);
    }
}

package io.fleetwise.planner.cluster;

import io.fleetwise.planner.catalog.Catalog;
import io.fleetwise.planner.model.Cluster;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ClusterFilesTest {

    private final Catalog catalog = Catalog.builtIn();

    @Test
    void shorthandBuildsEightGpuNodes() {
        Cluster c = ClusterFiles.parseShorthand("8xH100-SXM,16xA100-80GB", catalog);
        assertThat(c.groups()).hasSize(2);
        assertThat(c.groups().get(1).gpu().name()).isEqualTo("A100-80GB-SXM");
        assertThat(c.groups().get(1).nodeCount()).isEqualTo(2);
        assertThat(c.totalGpus()).isEqualTo(24);
    }

    @Test
    void ambiguousGpuPrefixIsNamed() {
        assertThatThrownBy(() -> ClusterFiles.parseShorthand("8xH100", catalog))
                .isInstanceOf(ClusterFormatException.class)
                .hasMessageContaining("ambiguous").hasMessageContaining("H100-PCIe");
    }

    @Test
    void fileRoundTripsThroughJson() {
        Cluster c = ClusterFiles.parseShorthand("2xH100-SXM,8xL40S", catalog);
        Cluster back = ClusterFiles.parse("c.json", ClusterFiles.toJson(c), catalog);
        assertThat(back).isEqualTo(c);
    }

    @Test
    void badFieldIsNamedWithItsPath() {
        String json = "{\"nodeGroups\":[{\"gpu\":\"L4\",\"nodes\":0}]}";
        assertThatThrownBy(() -> ClusterFiles.parse("lab.json", json, catalog))
                .hasMessageContaining("lab.json nodeGroups[0].nodes");
    }

    @Test
    void capLimitsUsableGpus() {
        String json = "{\"nodeGroups\":[{\"gpu\":\"L4\",\"gpusPerNode\":4,\"nodes\":4,\"availabilityCapGpus\":6}]}";
        Cluster c = ClusterFiles.parse("c.json", json, catalog);
        assertThat(c.groups().get(0).usableGpus()).isEqualTo(6);
        assertThat(c.totalGpus()).isEqualTo(16);
    }
}

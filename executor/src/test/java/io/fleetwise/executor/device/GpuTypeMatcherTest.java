package io.fleetwise.executor.device;

import io.fleetwise.planner.catalog.Catalog;
import io.fleetwise.planner.model.GpuType;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class GpuTypeMatcherTest {
    private final GpuTypeMatcher matcher = new GpuTypeMatcher(Catalog.builtIn());

    private String match(String name, double gib) {
        return matcher.match(name, (long) (gib * 1073741824L)).map(GpuType::name).orElse("none");
    }

    @Test
    void driverNamesMapToCatalogTypes() {
        assertThat(match("NVIDIA H100 80GB HBM3", 79.2)).isEqualTo("H100-SXM");
        assertThat(match("NVIDIA H100 PCIe", 79.6)).isEqualTo("H100-PCIe");
        assertThat(match("NVIDIA H200", 139.8)).isEqualTo("H200-SXM");
        assertThat(match("NVIDIA L4", 22.0)).isEqualTo("L4");
        assertThat(match("NVIDIA L40S", 44.4)).isEqualTo("L40S");
        assertThat(match("Tesla T4", 14.6)).isEqualTo("T4");
        assertThat(match("NVIDIA A10G", 22.0)).isEqualTo("A10G");
    }

    @Test
    void a100VariantsAreToldApartByMemory() {
        assertThat(match("NVIDIA A100-SXM4-80GB", 79.2)).isEqualTo("A100-80GB-SXM");
        assertThat(match("NVIDIA A100-SXM4-40GB", 39.4)).isEqualTo("A100-40GB-SXM");
    }

    @Test
    void unknownGpusHaveNoMatch() {
        assertThat(match("NVIDIA GeForce RTX 4090", 23.6)).isEqualTo("none");
        assertThat(match("NVIDIA L40", 44.4)).isEqualTo("none");
    }
}

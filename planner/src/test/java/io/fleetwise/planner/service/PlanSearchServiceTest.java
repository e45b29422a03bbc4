package io.fleetwise.planner.service;

import io.fleetwise.planner.calibration.CalibrationSet;
import io.fleetwise.planner.catalog.Catalog;
import io.fleetwise.planner.cluster.ClusterFiles;
import io.fleetwise.planner.model.DType;
import io.fleetwise.planner.model.Slo;
import io.fleetwise.planner.search.SearchConfig;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class PlanSearchServiceTest {
    private static final Catalog CATALOG = Catalog.builtIn();
    private final PlanSearchService service = new PlanSearchService(() -> CATALOG);

    private static PlanSearchRequest request() {
        return PlanSearchRequest.of("Llama-3.1-70B", ClusterFiles.parseShorthand("8xH100-SXM", CATALOG),
                WorkloadRequest.generated("chat", 4, 100), Slo.of(2000, 100, 0.9), CalibrationSet.builtIn());
    }

    @Test
    void theModelsOwnFormatIsSearchedUnlessOthersAreAskedFor() {
        SearchConfig config = service.resolve(request());

        assertThat(config.space().weightDtypes()).containsExactly(CATALOG.model("Llama-3.1-70B").nativeWeightDtype());
        assertThat(service.resolve(request().withFormats(List.of(DType.BF16, DType.INT4), List.of(DType.BF16)))
                .space().weightDtypes()).containsExactly(DType.BF16, DType.INT4);
    }

    @Test
    void kvFormatMemoryShareAndPipelineDepthsReachTheSearch() {
        SearchConfig config = service.resolve(request().withFormats(List.of(), List.of(DType.FP8))
                .withShapes(List.of(1, 2), 0.8, false));

        assertThat(config.space().kvDtypes()).containsExactly(DType.FP8);
        assertThat(config.space().pipelineDepths()).containsExactly(1, 2);
        assertThat(config.space().disaggregation()).isFalse();
        assertThat(config.space().batching()).allSatisfy(b -> assertThat(b.gpuMemoryUtilization()).isEqualTo(0.8));
    }
}

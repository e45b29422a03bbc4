package io.fleetwise.planner.search;

import io.fleetwise.planner.calibration.CalibrationSet;
import io.fleetwise.planner.catalog.Catalog;
import io.fleetwise.planner.cluster.ClusterFiles;
import io.fleetwise.planner.model.Cluster;
import io.fleetwise.planner.model.DType;
import io.fleetwise.planner.model.ModelSpec;
import io.fleetwise.planner.model.Slo;
import io.fleetwise.planner.progress.ProgressListener;
import io.fleetwise.planner.workload.RequestTrace;
import io.fleetwise.planner.workload.WorkloadGenerator;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** APEX's check: Llama-3.1-70B on 2x H100, its three plans are candidates and TP2 wins on throughput. */
class PlanSearchApexTest {
    private static SearchResult result;

    @BeforeAll
    static void search() {
        Catalog catalog = Catalog.builtIn();
        ModelSpec model = catalog.model("Llama-3.1-70B");
        Cluster cluster = ClusterFiles.parseShorthand("2xH100-SXM", catalog);
        RequestTrace trace = WorkloadGenerator.poisson("chat", 2.0, 200, 7);
        SearchConfig config = SearchConfig.of(model, cluster, trace, Slo.of(3000, 150, 0.9), SearchObjective.GOODPUT, CalibrationSet.builtIn())
                .withSpace(SearchSpace.apex().withWeightDtypes(List.of(DType.FP8)))
                .withContenders(4).withThreads(2);
        result = PlanSearch.run(config, ProgressListener.NONE);
    }

    @Test
    void candidateSetHoldsApexThreePlans() {
        List<String> labels = result.candidates().stream().map(c -> c.shape().parallelLabel()).toList();
        assertThat(labels).contains("TP2", "PP2", "attention-DP2 + FFN-TP2");
    }

    @Test
    void inBf16TheThreePlansAreEnumeratedButNoneFitsEightyGigabytes() {
        // 141 GB of bf16 weights over 2 x 72 GB usable (vLLM's 0.90) leaves no room for activations and KV.
        Catalog catalog = Catalog.builtIn();
        SearchConfig config = SearchConfig.of(catalog.model("Llama-3.1-70B"), ClusterFiles.parseShorthand("2xH100-SXM", catalog),
                WorkloadGenerator.poisson("chat", 2.0, 50, 7), Slo.of(3000, 150, 0.9), SearchObjective.GOODPUT, CalibrationSet.builtIn())
                .withSpace(SearchSpace.apex()).withContenders(1).withThreads(2);
        SearchResult bf16 = PlanSearch.run(config, ProgressListener.NONE);
        assertThat(bf16.candidates()).filteredOn(c -> List.of("TP2", "PP2", "attention-DP2 + FFN-TP2").contains(c.shape().parallelLabel()))
                .hasSize(3).allSatisfy(c -> assertThat(c.pruned()).isEqualTo(PruneReason.MEMORY));
        assertThat(bf16.ranked()).isEmpty();
    }

    @Test
    void tensorParallelTwoRanksFirstForGoodput() {
        assertThat(result.best()).isPresent();
        assertThat(result.best().get().plan().parts()).hasSize(1);
        assertThat(result.best().get().plan().parts().get(0).shape().parallelLabel()).isEqualTo("TP2");
    }
}

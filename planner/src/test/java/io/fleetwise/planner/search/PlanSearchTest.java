package io.fleetwise.planner.search;

import io.fleetwise.planner.calibration.CalibrationSet;
import io.fleetwise.planner.catalog.Catalog;
import io.fleetwise.planner.cluster.ClusterFiles;
import io.fleetwise.planner.model.BatchingPolicy;
import io.fleetwise.planner.model.Cluster;
import io.fleetwise.planner.model.DType;
import io.fleetwise.planner.model.ModelSpec;
import io.fleetwise.planner.model.ReplicaRole;
import io.fleetwise.planner.model.Slo;
import io.fleetwise.planner.progress.ProgressListener;
import io.fleetwise.planner.workload.RequestTrace;
import io.fleetwise.planner.workload.WorkloadGenerator;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Set;
import java.util.concurrent.CancellationException;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PlanSearchTest {
    private static final Catalog CATALOG = Catalog.builtIn();
    private static final ModelSpec LLAMA_70B = CATALOG.model("Llama-3.1-70B");
    private static final ModelSpec LLAMA_8B = CATALOG.model("Llama-3.1-8B");
    private static final RequestTrace SHORT = WorkloadGenerator.poisson("chat", 2.0, 120, 3);
    private static final Slo SLO = Slo.of(3000, 150, 0.9);

    private static SearchSpace twoGpuSpace() {
        return new SearchSpace(List.of(1, 2), List.of(DType.BF16, DType.FP8, DType.INT4), List.of(DType.BF16),
                List.of(BatchingPolicy.vllmDefault()), true, false, false);
    }

    private static SearchResult search(ModelSpec model, String gpus, SearchSpace space, SearchObjective objective, int contenders) {
        Cluster cluster = ClusterFiles.parseShorthand(gpus, CATALOG);
        SearchConfig config = SearchConfig.of(model, cluster, SHORT, SLO, objective, CalibrationSet.builtIn()).withSpace(space)
                .withContenders(contenders).withThreads(2);
        return PlanSearch.run(config, ProgressListener.NONE);
    }

    @Test
    void twoGpusWith70bEnumerateTwelveShapesAndKeepOnlyTheSevenThatFit() {
        // Hand count: layouts TP1, PP2, TP2, attention-DP2+FFN-TP2 (4) x weights bf16, fp8, int4 (3) = 12.
        // bf16 fits none of them (70.6 GB of weights per GPU leave under 1 GiB of KV of 71.3 GiB usable per H100,
        // too little for the longest request, or none at all); fp8 fits all but TP1 (72.7 GB of weights on one GPU);
        // int4 fits all four.
        SearchResult r = search(LLAMA_70B, "2xH100-SXM", twoGpuSpace(), SearchObjective.GOODPUT, 2);
        assertThat(r.shapesEnumerated()).isEqualTo(12);
        assertThat(r.pruned(PruneReason.MEMORY)).isEqualTo(5);
        Set<String> fitting = r.candidates().stream().filter(c -> c.pruned() != PruneReason.MEMORY)
                .map(c -> c.shape().parallelLabel() + " " + c.shape().config().weightDtype().label())
                .collect(Collectors.toSet());
        assertThat(fitting).containsExactlyInAnyOrder("PP2 fp8", "TP2 fp8", "attention-DP2 + FFN-TP2 fp8",
                "TP1 int4", "PP2 int4", "TP2 int4", "attention-DP2 + FFN-TP2 int4");
    }

    @Test
    void memoryPrunedShapesAreExactlyThoseTheMemoryModelRejects() {
        SearchResult r = search(LLAMA_70B, "2xH100-SXM", twoGpuSpace(), SearchObjective.GOODPUT, 1);
        int longest = WorkloadStats.of(SHORT).maxSequenceTokens();
        for (CandidateOutcome c : r.candidates()) {
            io.fleetwise.planner.perf.MemoryPlan plan = c.shape().memoryPlan(LLAMA_70B);
            boolean fits = plan.fits() && plan.holds(longest);
            assertThat(c.pruned() == PruneReason.MEMORY).as(c.shape().label()).isEqualTo(!fits);
        }
        assertThat(r.candidates().stream().filter(c -> c.pruned() == PruneReason.MEMORY).findFirst().orElseThrow().detail())
                .contains("does not fit by");
    }

    @Test
    void int4OnOneGpuGivesTwoReplicasOnTwoGpus() {
        SearchResult r = search(LLAMA_70B, "2xH100-SXM", twoGpuSpace(), SearchObjective.GOODPUT, 1);
        assertThat(r.ranked()).anySatisfy(p -> assertThat(p.label()).isEqualTo("2x H100-SXM TP1 w:int4 kv:bf16 vllm-8192"));
    }

    /** The best plan's simulated goodput for Mixtral on 8 H100s over a chat trace of {@code requests} requests. */
    private static double mixtralGoodput(int requests) {
        RequestTrace trace = WorkloadGenerator.poisson("chat", 20, requests, 3);
        SearchSpace space = new SearchSpace(List.of(1), List.of(DType.BF16), List.of(DType.BF16),
                List.of(BatchingPolicy.vllmDefault()), false, false, false);
        SearchConfig config = SearchConfig.of(CATALOG.model("Mixtral-8x7B"), ClusterFiles.parseShorthand("8xH100-SXM", CATALOG),
                trace, SLO, SearchObjective.GOODPUT, CalibrationSet.builtIn()).withSpace(space).withContenders(1).withThreads(2);
        RankedPlan best = PlanSearch.run(config, ProgressListener.NONE).best().orElseThrow();
        assertThat(best.metrics().simulated()).isTrue();
        return best.metrics().goodputPerS();
    }

    @Test
    void aPlansGoodputDoesNotGrowWhenTheTraceGetsShorter() {
        // Replaying a whole short trace faster counts its idle start and drain: 400 requests once reported 5x the
        // goodput of 2,000. In steady state the trace's length only changes the sample.
        double short400 = mixtralGoodput(400);
        double long2000 = mixtralGoodput(2000);
        assertThat(short400).isPositive();
        assertThat(short400).isLessThanOrEqualTo(1.08 * long2000);
        assertThat(long2000).isLessThanOrEqualTo(1.08 * short400);
    }

    @Test
    void chosenPlanHasTheBestSimulatedGoodput() {
        SearchResult r = search(LLAMA_70B, "2xH100-SXM", twoGpuSpace(), SearchObjective.GOODPUT, 4);
        double best = r.best().orElseThrow().metrics().goodputPerS();
        assertThat(r.ranked().stream().filter(p -> p.metrics().simulated()).mapToDouble(p -> p.metrics().goodputPerS()))
                .allSatisfy(g -> assertThat(g).isLessThanOrEqualTo(best));
        assertThat(r.simulated()).isEqualTo(4);
    }

    @Test
    void plansThatMeetTheSloAtTheRateAreRankedAboveEveryPlanThatFailsIt() {
        // The demo study's setting, where simulation shows some contenders missing the tight TTFT target
        // that the analytic bound said they would meet.
        Cluster cluster = ClusterFiles.parseShorthand("8xH100-SXM,8xA100-80GB-SXM,4xL4", CATALOG);
        RequestTrace chat = WorkloadGenerator.poisson("chat", 8.0, 400, 5);
        Slo tight = Slo.of(500, 50, 0.9);
        for (SearchObjective objective : List.of(SearchObjective.GOODPUT, SearchObjective.COST)) {
            SearchResult r = PlanSearch.run(SearchConfig.of(LLAMA_70B, cluster, chat, tight, objective, CalibrationSet.builtIn())
                    .withContenders(8).withThreads(2), ProgressListener.NONE);
            List<Boolean> meets = r.ranked().stream().map(p -> p.metrics().meetsSlo(tight.attainment())).toList();
            assertThat(meets).as(objective + ": SLO met, in rank order").contains(true);
            assertThat(meets.subList(meets.indexOf(false) < 0 ? meets.size() : meets.indexOf(false), meets.size()))
                    .as(objective + ": after the first plan that fails, none passes").doesNotContain(true);
        }
    }

    @Test
    void aSimulatedPlanThatMeetsTheSloAtTheRateHasAGoodputOfAtLeastThatRate() {
        SearchResult r = search(LLAMA_8B, "2xH100-SXM,2xA100-80GB-SXM", SearchSpace.full(), SearchObjective.GOODPUT, 4);
        double rate = WorkloadStats.of(SHORT).ratePerS();
        assertThat(r.ranked().stream().filter(p -> p.metrics().simulated() && p.metrics().meetsSlo(SLO.attainment())))
                .isNotEmpty()
                .allSatisfy(p -> assertThat(p.metrics().goodputPerS()).as(p.label()).isGreaterThanOrEqualTo(rate * 0.999));
    }

    @Test
    void chosenPlanHasTheLowestCostAmongSimulatedPlansThatMeetTheSlo() {
        SearchResult r = search(LLAMA_8B, "4xH100-SXM", SearchSpace.full().withDisaggregation(false), SearchObjective.COST, 5);
        RankedPlan best = r.best().orElseThrow();
        assertThat(best.metrics().meetsSlo(SLO.attainment())).isTrue();
        assertThat(r.ranked().stream().filter(p -> p.metrics().simulated() && p.metrics().meetsSlo(SLO.attainment())))
                .allSatisfy(p -> assertThat(p.metrics().costPerMillionTokensUsd())
                        .isGreaterThanOrEqualTo(best.metrics().costPerMillionTokensUsd()));
        // Cost objective may use fewer GPUs than the cluster has.
        assertThat(r.ranked().stream().mapToInt(p -> p.plan().gpuCount()).min().orElseThrow()).isLessThan(4);
    }

    @Test
    void chosenPlanHasTheLowestEnergyAmongSimulatedPlansThatMeetTheSlo() {
        SearchResult r = search(LLAMA_8B, "2xH100-SXM", SearchSpace.full(), SearchObjective.ENERGY, 4);
        RankedPlan best = r.best().orElseThrow();
        assertThat(r.ranked().stream().filter(p -> p.metrics().simulated() && p.metrics().meetsSlo(SLO.attainment())))
                .allSatisfy(p -> assertThat(p.metrics().joulesPerOutputToken())
                        .isGreaterThanOrEqualTo(best.metrics().joulesPerOutputToken()));
    }

    @Test
    void heterogeneousClusterMixesNodeGroupsAndWeightsTheRouterByCapacity() {
        SearchSpace space = new SearchSpace(List.of(1), List.of(DType.BF16), List.of(DType.BF16),
                List.of(BatchingPolicy.vllmDefault()), false, false, false);
        SearchResult r = search(LLAMA_8B, "8xH100-SXM,8xA100-80GB-SXM", space, SearchObjective.GOODPUT, 1);
        RankedPlan mixed = r.ranked().stream().filter(p -> p.plan().parts().size() == 2
                && p.plan().parts().stream().allMatch(x -> x.shape().config().tp() == 1)).findFirst().orElseThrow();
        PlanPart h100 = mixed.plan().parts().get(0);
        assertThat(h100.shape().config().gpu().name()).isEqualTo("H100-SXM");
        assertThat(mixed.plan().routingWeights().get(0)).isGreaterThan(mixed.plan().routingWeights().get(1));
        assertThat(mixed.plan().placement(ClusterFiles.parseShorthand("8xH100-SXM,8xA100-80GB-SXM", CATALOG)))
                .hasSize(16).allSatisfy(g -> assertThat(g.idle()).isFalse());
    }

    @Test
    void disaggregatedPoolsAreCandidates() {
        SearchResult r = search(LLAMA_8B, "4xH100-SXM", SearchSpace.apex().withDisaggregation(true), SearchObjective.GOODPUT, 1);
        assertThat(r.ranked()).anySatisfy(p -> {
            assertThat(p.plan().disaggregated()).isTrue();
            assertThat(p.plan().parts()).extracting(x -> x.shape().config().role())
                    .containsExactly(ReplicaRole.PREFILL, ReplicaRole.DECODE);
        });
    }

    @Test
    void unevenPipelineStagesSplitLayersFrontFirst() {
        assertThat(ReplicaShape.stageLayers(80, 3)).containsExactly(27, 27, 26);
        SearchSpace space = new SearchSpace(List.of(3), List.of(DType.BF16), List.of(DType.BF16),
                List.of(BatchingPolicy.vllmDefault()), false, false, false);
        SearchResult r = search(LLAMA_8B, "4xH100-SXM", space, SearchObjective.GOODPUT, 1);
        assertThat(r.candidates()).anySatisfy(c -> assertThat(c.shape().parallelLabel()).isEqualTo("PP3 ([11,11,10] layers)"));
    }

    @Test
    void placementPutsTensorRanksOnConsecutiveGpusOfOneNode() {
        Cluster cluster = ClusterFiles.parseShorthand("8xH100-SXM", CATALOG);
        ReplicaShape shape = ReplicaShape.of("H100-SXM-0",
                io.fleetwise.planner.model.ReplicaConfig.of(CATALOG.gpu("H100-SXM"), 2).withParallelism(2, 2, 1), false, LLAMA_70B);
        ParallelPlan plan = ParallelPlan.of(new PlanPart(shape, 1));
        List<GpuAssignment> gpus = plan.placement(cluster);
        assertThat(gpus).extracting(GpuAssignment::stage).containsExactly(0, 0, 1, 1, 0, 0, 0, 0);
        assertThat(gpus).extracting(GpuAssignment::shard).startsWith(0, 1, 0, 1);
        assertThat(gpus.subList(4, 8)).allSatisfy(g -> assertThat(g.idle()).isTrue());
    }

    @Test
    void cancelledSearchThrows() {
        Cluster cluster = ClusterFiles.parseShorthand("8xH100-SXM", CATALOG);
        SearchConfig config = SearchConfig.of(LLAMA_8B, cluster, SHORT, SLO, SearchObjective.GOODPUT, CalibrationSet.builtIn()).withThreads(2);
        ProgressListener cancelled = new ProgressListener() {
            @Override
            public void progress(double fraction, String message) {
            }

            @Override
            public boolean isCancelled() {
                return true;
            }
        };
        assertThatThrownBy(() -> PlanSearch.run(config, cancelled)).isInstanceOf(CancellationException.class);
    }

    @Test
    void exhaustedTimeBudgetStillReturnsRankedPlans() {
        Cluster cluster = ClusterFiles.parseShorthand("2xH100-SXM", CATALOG);
        SearchConfig config = SearchConfig.of(LLAMA_8B, cluster, SHORT, SLO, SearchObjective.GOODPUT, CalibrationSet.builtIn())
                .withSpace(SearchSpace.apex()).withThreads(2).withTimeBudgetS(1e-6);
        SearchResult r = PlanSearch.run(config, ProgressListener.NONE);
        assertThat(r.budgetExhausted()).isTrue();
        assertThat(r.ranked()).isNotEmpty();
        assertThat(r.simulated()).isZero();
    }

    @Test
    void paretoFrontHoldsOnlyNonDominatedPlans() {
        SearchResult r = search(LLAMA_8B, "2xH100-SXM", SearchSpace.full(), SearchObjective.GOODPUT, 2);
        assertThat(r.pareto()).isNotEmpty();
        for (RankedPlan p : r.pareto()) {
            for (RankedPlan q : r.ranked()) {
                boolean dominates = q.metrics().goodputPerS() >= p.metrics().goodputPerS()
                        && q.metrics().e2eP90Ms() <= p.metrics().e2eP90Ms()
                        && q.metrics().costPerMillionTokensUsd() <= p.metrics().costPerMillionTokensUsd()
                        && q.metrics().joulesPerOutputToken() <= p.metrics().joulesPerOutputToken()
                        && (q.metrics().goodputPerS() > p.metrics().goodputPerS() || q.metrics().e2eP90Ms() < p.metrics().e2eP90Ms()
                        || q.metrics().costPerMillionTokensUsd() < p.metrics().costPerMillionTokensUsd()
                        || q.metrics().joulesPerOutputToken() < p.metrics().joulesPerOutputToken());
                assertThat(dominates).as(q.label() + " dominates " + p.label()).isFalse();
            }
        }
    }

    @Test
    void configRejectsZeroContendersWithTheFieldName() {
        Cluster cluster = ClusterFiles.parseShorthand("2xH100-SXM", CATALOG);
        assertThatThrownBy(() -> SearchConfig.of(LLAMA_8B, cluster, SHORT, SLO, SearchObjective.GOODPUT, CalibrationSet.builtIn()).withContenders(0))
                .hasMessageContaining("contenders must be >= 1, was 0");
        assertThatThrownBy(() -> SearchObjective.parse("speed")).hasMessageContaining("goodput, cost, energy or latency");
    }
}

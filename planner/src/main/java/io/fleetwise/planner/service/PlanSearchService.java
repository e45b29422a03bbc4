package io.fleetwise.planner.service;

import io.fleetwise.planner.catalog.Catalog;
import io.fleetwise.planner.model.BatchingPolicy;
import io.fleetwise.planner.model.DType;
import io.fleetwise.planner.model.ModelSpec;
import io.fleetwise.planner.progress.ProgressListener;
import io.fleetwise.planner.search.PlanSearch;
import io.fleetwise.planner.search.SearchConfig;
import io.fleetwise.planner.search.SearchResult;
import io.fleetwise.planner.search.SearchSpace;
import io.fleetwise.planner.workload.RequestTrace;

import java.util.List;
import java.util.Objects;
import java.util.function.Supplier;

/** The plan-search workflow for the Plans area and {@code fleetwise search}: resolve a request, run the search. */
public final class PlanSearchService {

    private final Supplier<Catalog> catalog;

    public PlanSearchService(Supplier<Catalog> catalog) {
        this.catalog = Objects.requireNonNull(catalog, "catalog");
    }

    /**
     * The search the request asks for: the model from the catalog, its own weight format unless formats were named,
     * the three batching policies of the full space at the request's memory share.
     *
     * @throws IllegalArgumentException naming what is wrong (unknown model, a trace without requests ...)
     */
    public SearchConfig resolve(PlanSearchRequest request) {
        ModelSpec model = SimulationService.model(catalog.get(), request.model());
        List<DType> weights = request.weightDtypes().isEmpty() ? List.of(model.nativeWeightDtype()) : request.weightDtypes();
        SearchSpace full = SearchSpace.full();
        List<BatchingPolicy> batching = full.batching().stream()
                .map(b -> b.withGpuMemoryUtilization(request.gpuMemoryUtilization())).toList();
        SearchSpace space = new SearchSpace(request.pipelineDepths(), weights, request.kvDtypes(), batching,
                full.attentionDataParallel(), request.disaggregation(), full.maxReplicaCounts());
        RequestTrace trace = SimulationService.load(request.workload());
        int threads = request.threads() == 0 ? Runtime.getRuntime().availableProcessors() : request.threads();
        return SearchConfig.of(model, request.cluster(), trace, request.slo(), request.objective(), request.calibration())
                .withSpace(space).withContenders(request.contenders()).withTimeBudgetS(request.timeBudgetS())
                .withThreads(threads);
    }

    /** Runs the search; cancellable through the listener, returning the best plans found so far. */
    public SearchResult search(PlanSearchRequest request, ProgressListener listener) {
        return search(resolve(request), listener);
    }

    /** Runs a search {@link #resolve} made (the caller keeps the config to show what was searched). */
    public SearchResult search(SearchConfig config, ProgressListener listener) {
        return PlanSearch.run(config, listener == null ? ProgressListener.NONE : listener);
    }
}

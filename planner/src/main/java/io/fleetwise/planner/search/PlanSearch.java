package io.fleetwise.planner.search;

import io.fleetwise.planner.model.BatchingPolicy;
import io.fleetwise.planner.model.DType;
import io.fleetwise.planner.model.ModelSpec;
import io.fleetwise.planner.model.NodeGroup;
import io.fleetwise.planner.model.ReplicaConfig;
import io.fleetwise.planner.model.ReplicaRole;
import io.fleetwise.planner.model.SchedulerKind;
import io.fleetwise.planner.model.Slo;
import io.fleetwise.planner.perf.MemoryPlan;
import io.fleetwise.planner.perf.OperatorClass;
import io.fleetwise.planner.perf.PerformanceModel;
import io.fleetwise.planner.progress.ProgressListener;
import io.fleetwise.planner.sim.ReplicaGroup;
import io.fleetwise.planner.sim.ReplicaModelFactory;
import io.fleetwise.planner.sim.RouterPolicy;
import io.fleetwise.planner.sim.SimulationConfig;
import io.fleetwise.planner.sim.SimulationResult;
import io.fleetwise.planner.sim.SimulationSummary;
import io.fleetwise.planner.sim.SteadyStateWindow;
import io.fleetwise.planner.sim.Simulator;
import io.fleetwise.planner.sim.SimulationTraceSink;
import io.fleetwise.planner.workload.RequestTrace;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

/**
 * Parallel-plan search (APEX-style, extended to heterogeneous clusters, quantization, batching and disaggregation).
 * <ol>
 *   <li>Enumerate replica shapes per node group (TP inside a node, PP, EP for MoE, attention-DP + FFN-TP, dtypes,
 *       schedulers); drop those that do not fit memory.</li>
 *   <li>Evaluate each shape's closed-form steady state in parallel; drop shapes dominated on the same node group,
 *       keep the best few by the objective's bound.</li>
 *   <li>Combine kept shapes into fleet plans (one shape per node group, replica counts, prefill/decode pools),
 *       skipping symmetric duplicates; rank them by the analytic bound.</li>
 *   <li>Simulate the top contenders over the trace in parallel, within the time budget; rank, mark the Pareto
 *       front.</li>
 * </ol>
 */
public final class PlanSearch {
    private static final int[] TP_DEGREES = {1, 2, 4, 8, 16};
    private static final int MAX_GOODPUT_SIMULATIONS = 6;

    private final SearchConfig config;
    private final ProgressListener listener;
    private final WorkloadStats work;
    private final long deadlineNs;
    private final long startNs;
    private final Map<PruneReason, Integer> pruned = new EnumMap<>(PruneReason.class);
    private boolean budgetExhausted;

    private PlanSearch(SearchConfig config, ProgressListener listener) {
        this.config = config;
        this.listener = listener == null ? ProgressListener.NONE : listener;
        this.work = WorkloadStats.of(config.trace());
        this.startNs = System.nanoTime();
        this.deadlineNs = startNs + (long) (config.timeBudgetS() * 1e9);
    }

    /** Runs a search; throws {@link CancellationException} when the listener cancels. */
    public static SearchResult run(SearchConfig config, ProgressListener listener) {
        return new PlanSearch(config, listener).search();
    }

    private SearchResult search() {
        ExecutorService pool = Executors.newFixedThreadPool(config.threads(), r -> {
            Thread t = new Thread(r, "plan-search");
            t.setDaemon(true);
            return t;
        });
        try {
            listener.progress(0.0, "enumerating replica shapes");
            List<ReplicaShape> shapes = enumerateShapes();
            List<CandidateOutcome> outcomes = new ArrayList<>();
            List<ShapeEstimate> feasible = evaluateShapes(shapes, pool, outcomes);
            checkCancelled();
            Map<String, List<ShapeEstimate>> kept = keepBestPerGroup(feasible, outcomes);
            listener.progress(0.35, "combining " + kept.values().stream().mapToInt(List::size).sum() + " shapes into plans");
            Set<String> seen = new HashSet<>();
            List<FleetEstimate> fleets = combine(kept, seen);
            int plansEnumerated = fleets.size() + count(PruneReason.SYMMETRIC);
            List<Scored> scored = scoreFleets(fleets, pool);
            checkCancelled();
            scored.sort(Comparator.comparing((Scored s) -> s.key, KEY_ORDER));
            List<Scored> contenders = new ArrayList<>(scored.subList(0, Math.min(config.contenders(), scored.size())));
            int simulated = simulate(contenders, pool);
            List<RankedPlan> ranked = rank(scored);
            List<RankedPlan> pareto = ranked.stream().filter(RankedPlan::pareto).toList();
            listener.progress(1.0, "searched " + plansEnumerated + " plans, simulated " + simulated);
            return new SearchResult(config.objective(), ranked, pareto, outcomes, shapes.size(), plansEnumerated,
                    new LinkedHashMap<>(pruned), simulated, budgetExhausted, (System.nanoTime() - startNs) / 1e9);
        } finally {
            pool.shutdownNow();
        }
    }

    // ---- 1. shapes ----

    private List<ReplicaShape> enumerateShapes() {
        ModelSpec model = config.model();
        SearchSpace space = config.space();
        List<ReplicaShape> out = new ArrayList<>();
        for (NodeGroup g : config.cluster().groups()) {
            int usable = g.usableGpus();
            int perNode = g.node().gpuCount();
            for (int tp : TP_DEGREES) {
                if (tp > perNode || tp > usable || model.numAttentionHeads() % tp != 0) {
                    continue;
                }
                for (int pp : space.pipelineDepths()) {
                    if (tp * pp > usable || pp > model.numLayers()) {
                        continue;
                    }
                    for (int ep : expertDegrees(model, tp)) {
                        for (boolean attnDp : attentionModes(tp)) {
                            for (DType w : space.weightDtypes()) {
                                for (DType kv : space.kvDtypes()) {
                                    for (BatchingPolicy b : space.batching()) {
                                        ReplicaConfig rc = new ReplicaConfig(g.gpu(), tp, pp, ep, w, kv, DType.BF16, b,
                                                ReplicaRole.MIXED, g.node());
                                        out.add(ReplicaShape.of(g.name(), rc, attnDp, model));
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }
        return out;
    }

    private static List<Integer> expertDegrees(ModelSpec model, int tp) {
        return model.isMoe() && tp > 1 ? List.of(1, tp) : List.of(1);
    }

    private List<Boolean> attentionModes(int tp) {
        return config.space().attentionDataParallel() && tp > 1 ? List.of(false, true) : List.of(false);
    }

    private List<ShapeEstimate> evaluateShapes(List<ReplicaShape> shapes, ExecutorService pool,
                                               List<CandidateOutcome> outcomes) {
        AtomicInteger done = new AtomicInteger();
        List<Future<Object>> futures = new ArrayList<>();
        for (ReplicaShape s : shapes) {
            futures.add(pool.submit(() -> {
                if (listener.isCancelled()) {
                    throw new CancellationException("Plan search cancelled");
                }
                MemoryPlan mem = s.memoryPlan(config.model());
                Object r;
                if (!mem.fits()) {
                    r = mem.message();
                } else if (!mem.holds(work.maxSequenceTokens())) {
                    r = s.label() + " holds " + mem.kvCapacityTokens() + " KV tokens, less than the longest request ("
                            + work.maxSequenceTokens() + " tokens)";
                } else {
                    r = new ShapeEstimate(config.model(), s, work, config.calibration(), config.energy());
                }
                int n = done.incrementAndGet();
                if (n % 64 == 0) {
                    listener.progress(0.3 * n / shapes.size(), "evaluated " + n + " of " + shapes.size() + " shapes");
                }
                return r;
            }));
        }
        List<ShapeEstimate> feasible = new ArrayList<>();
        for (int i = 0; i < shapes.size(); i++) {
            Object r = await(futures.get(i));
            if (r instanceof ShapeEstimate) {
                feasible.add((ShapeEstimate) r);
            } else {
                outcomes.add(new CandidateOutcome(shapes.get(i), PruneReason.MEMORY, (String) r));
                count(PruneReason.MEMORY, 1);
            }
        }
        return feasible;
    }

    /** Per node group: drop dominated shapes, then keep the best {@code shapesPerGroup} by the objective's bound. */
    private Map<String, List<ShapeEstimate>> keepBestPerGroup(List<ShapeEstimate> feasible, List<CandidateOutcome> outcomes) {
        Map<String, List<ShapeEstimate>> byGroup = new LinkedHashMap<>();
        for (ShapeEstimate e : feasible) {
            byGroup.computeIfAbsent(e.shape().nodeGroup(), k -> new ArrayList<>()).add(e);
        }
        Map<String, List<ShapeEstimate>> kept = new LinkedHashMap<>();
        for (var entry : byGroup.entrySet()) {
            List<ShapeEstimate> list = entry.getValue();
            double[][] v = new double[list.size()][];
            for (int i = 0; i < list.size(); i++) {
                v[i] = shapeVector(list.get(i));
            }
            List<ShapeEstimate> front = new ArrayList<>();
            for (int i = 0; i < list.size(); i++) {
                int by = dominatedBy(v, i);
                if (by >= 0) {
                    outcomes.add(new CandidateOutcome(list.get(i).shape(), PruneReason.DOMINATED,
                            "dominated by " + list.get(by).shape().label()));
                    count(PruneReason.DOMINATED, 1);
                } else {
                    front.add(list.get(i));
                }
            }
            front.sort(Comparator.comparingDouble(this::shapeScore));
            List<ShapeEstimate> best = new ArrayList<>(front.subList(0, Math.min(config.shapesPerGroup(), front.size())));
            for (ShapeEstimate e : front) {
                if (best.contains(e)) {
                    outcomes.add(new CandidateOutcome(e.shape(), null, "kept"));
                } else {
                    outcomes.add(new CandidateOutcome(e.shape(), PruneReason.OUTRANKED,
                            "outside the best " + config.shapesPerGroup() + " of its node group by the " + config.objective().label() + " bound"));
                    count(PruneReason.OUTRANKED, 1);
                }
            }
            kept.put(entry.getKey(), best);
        }
        return kept;
    }

    /** Larger-is-better per-GPU vector: capacity, SLO capacity, -light-load TTFT, -TPOT, -energy per token. */
    private double[] shapeVector(ShapeEstimate e) {
        int gpus = e.shape().gpuCount();
        double light = e.capacityPerS() * 0.05;
        double[] l = e.latencyAt(light, false, false);
        double rate = Math.min(e.capacityPerS() * 0.8, work.ratePerS());
        double j = e.powerW(rate) / Math.max(1e-9, rate * work.meanOutputTokens());
        return new double[]{e.capacityPerS() / gpus, e.sloCapacityPerS(config.slo()) / gpus, -l[0], -l[1], -j / gpus,
                e.decodeOnlyCapacityPerS() / gpus, e.prefillOnlyCapacityPerS() / gpus};
    }

    private static int dominatedBy(double[][] v, int i) {
        for (int j = 0; j < v.length; j++) {
            if (j == i) {
                continue;
            }
            boolean geq = true;
            boolean gt = false;
            for (int k = 0; k < v[i].length; k++) {
                if (v[j][k] < v[i][k]) {
                    geq = false;
                    break;
                }
                if (v[j][k] > v[i][k]) {
                    gt = true;
                }
            }
            if (geq && gt) {
                return j;
            }
        }
        return -1;
    }

    /** Lower is better; per GPU so shapes of different sizes compare. */
    private double shapeScore(ShapeEstimate e) {
        int gpus = e.shape().gpuCount();
        switch (config.objective()) {
            case GOODPUT:
                return -e.sloCapacityPerS(config.slo()) / gpus - 1e-6 * e.capacityPerS() / gpus;
            case COST:
                return gpus * e.shape().config().gpu().price().onDemandUsdPerHour() / Math.max(1e-9, e.sloCapacityPerS(config.slo()));
            case ENERGY:
                return e.powerW(e.capacityPerS() * 0.8) / Math.max(1e-9, e.capacityPerS() * 0.8);
            default:
                double[] l = e.latencyAt(Math.min(work.ratePerS(), e.capacityPerS() * 0.5), false, false);
                return l[0] / ref(config.slo().ttftMs(), 1000) + l[1] / ref(config.slo().tpotMs(), 100);
        }
    }

    // ---- 2. fleets ----

    private List<FleetEstimate> combine(Map<String, List<ShapeEstimate>> kept, Set<String> seen) {
        List<NodeGroup> groups = new ArrayList<>(config.cluster().groups());
        List<List<PlanPart>> perGroupChoices = new ArrayList<>();
        Map<PlanPart, ShapeEstimate> estimateOf = new java.util.HashMap<>();
        boolean fewer = config.space().maxReplicaCounts()
                && (config.objective() == SearchObjective.COST || config.objective() == SearchObjective.ENERGY);
        for (NodeGroup g : groups) {
            List<PlanPart> choices = new ArrayList<>();
            for (ShapeEstimate e : kept.getOrDefault(g.name(), List.of())) {
                int max = g.usableGpus() / e.shape().gpuCount();
                for (int c = fewer ? 1 : max; c <= max; c++) {
                    PlanPart p = new PlanPart(e.shape(), c);
                    choices.add(p);
                    estimateOf.put(p, e);
                }
            }
            perGroupChoices.add(choices);
        }
        List<FleetEstimate> out = new ArrayList<>();
        combineRec(groups, perGroupChoices, 0, new ArrayList<>(), estimateOf, seen, out);
        if (config.space().disaggregation()) {
            addDisaggregated(groups, kept, seen, out);
        }
        return out;
    }

    private void combineRec(List<NodeGroup> groups, List<List<PlanPart>> choices, int gi, List<PlanPart> current,
                            Map<PlanPart, ShapeEstimate> estimateOf, Set<String> seen, List<FleetEstimate> out) {
        if (gi == groups.size()) {
            if (!current.isEmpty()) {
                addFleet(current, current.stream().map(estimateOf::get).toList(), seen, out);
            }
            return;
        }
        combineRec(groups, choices, gi + 1, current, estimateOf, seen, out);
        for (PlanPart p : choices.get(gi)) {
            current.add(p);
            combineRec(groups, choices, gi + 1, current, estimateOf, seen, out);
            current.remove(current.size() - 1);
        }
    }

    private void addDisaggregated(List<NodeGroup> groups, Map<String, List<ShapeEstimate>> kept, Set<String> seen,
                                  List<FleetEstimate> out) {
        // Inside one group: the best few shapes split into a prefill and a decode pool of every size.
        for (NodeGroup g : groups) {
            List<ShapeEstimate> list = kept.getOrDefault(g.name(), List.of());
            for (ShapeEstimate e : list.subList(0, Math.min(3, list.size()))) {
                if (e.shape().config().batching().scheduler() != SchedulerKind.VLLM) {
                    continue; // pools run whole prompts; chunking has nothing to interleave with
                }
                int max = g.usableGpus() / e.shape().gpuCount();
                for (int p = 1; p < max; p++) {
                    List<PlanPart> parts = List.of(new PlanPart(e.shape().withRole(ReplicaRole.PREFILL), p),
                            new PlanPart(e.shape().withRole(ReplicaRole.DECODE), max - p));
                    addFleet(parts, List.of(e, e), seen, out);
                }
            }
        }
        // Across groups: one group prefills, another decodes.
        for (NodeGroup a : groups) {
            for (NodeGroup b : groups) {
                if (a == b) {
                    continue;
                }
                List<ShapeEstimate> la = kept.getOrDefault(a.name(), List.of());
                List<ShapeEstimate> lb = kept.getOrDefault(b.name(), List.of());
                List<ShapeEstimate> prefillShapes = la.stream()
                        .filter(e -> e.shape().config().batching().scheduler() == SchedulerKind.VLLM).limit(2).toList();
                for (ShapeEstimate ea : prefillShapes) {
                    for (ShapeEstimate eb : lb.subList(0, Math.min(2, lb.size()))) {
                        List<PlanPart> parts = List.of(
                                new PlanPart(ea.shape().withRole(ReplicaRole.PREFILL), a.usableGpus() / ea.shape().gpuCount()),
                                new PlanPart(eb.shape().withRole(ReplicaRole.DECODE), b.usableGpus() / eb.shape().gpuCount()));
                        addFleet(parts, List.of(ea, eb), seen, out);
                    }
                }
            }
        }
    }

    private void addFleet(List<PlanPart> parts, List<ShapeEstimate> estimates, Set<String> seen, List<FleetEstimate> out) {
        if (!seen.add(canonicalKey(parts))) {
            count(PruneReason.SYMMETRIC, 1);
            return;
        }
        ParallelPlan plan = FleetEstimate.weighted(parts, estimates);
        out.add(new FleetEstimate(plan, estimates, work, config.model().kvBytesPerToken(parts.get(0).shape().config().kvDtype())));
    }

    /** Node groups of the same GPU and node size are interchangeable: key on their signature, not their name. */
    private String canonicalKey(List<PlanPart> parts) {
        List<String> keys = new ArrayList<>();
        for (PlanPart p : parts) {
            NodeGroup g = config.cluster().groups().stream().filter(x -> x.name().equals(p.shape().nodeGroup())).findFirst().orElseThrow();
            keys.add(g.gpu().name() + "/" + g.node().gpuCount() + "/" + g.usableGpus() + ":" + p.count() + "x" + p.shape().label());
        }
        keys.sort(null);
        return String.join("|", keys);
    }

    // ---- 3. analytic ranking ----

    private static final class Scored {
        final FleetEstimate fleet;
        PlanMetrics metrics;
        double[] key;

        Scored(FleetEstimate fleet) {
            this.fleet = fleet;
        }
    }

    private static final Comparator<double[]> KEY_ORDER = (a, b) -> {
        for (int i = 0; i < a.length; i++) {
            int c = Double.compare(a[i], b[i]);
            if (c != 0) {
                return c;
            }
        }
        return 0;
    };

    private List<Scored> scoreFleets(List<FleetEstimate> fleets, ExecutorService pool) {
        List<Future<Scored>> futures = new ArrayList<>();
        AtomicInteger done = new AtomicInteger();
        for (FleetEstimate f : fleets) {
            futures.add(pool.submit(() -> {
                if (listener.isCancelled()) {
                    throw new CancellationException("Plan search cancelled");
                }
                Scored s = new Scored(f);
                s.metrics = f.metrics(config.slo());
                s.key = key(s.metrics);
                int n = done.incrementAndGet();
                if (n % 256 == 0) {
                    listener.progress(0.35 + 0.25 * n / fleets.size(), "bounded " + n + " of " + fleets.size() + " plans");
                }
                return s;
            }));
        }
        List<Scored> out = new ArrayList<>();
        for (Future<Scored> fu : futures) {
            Scored s = await(fu);
            boolean needsRate = config.objective() != SearchObjective.GOODPUT;
            if (needsRate && s.metrics.capacityPerS() < work.ratePerS()) {
                count(PruneReason.CAPACITY, 1);
                continue;
            }
            out.add(s);
        }
        return out;
    }

    /** Sort key, lower first: (fails the SLO at the rate, objective value, tie-breaks). */
    private double[] key(PlanMetrics m) {
        double target = config.slo().attainment();
        double fails = m.meetsSlo(target) ? 0 : 1;
        switch (config.objective()) {
            case GOODPUT:
                return new double[]{-m.goodputPerS(), -m.capacityPerS(), m.costPerHourUsd()};
            case COST:
                return new double[]{fails, m.costPerMillionTokensUsd(), m.e2eP90Ms()};
            case ENERGY:
                return new double[]{fails, m.joulesPerOutputToken(), m.costPerMillionTokensUsd()};
            default:
                return new double[]{m.ttftP90Ms() / ref(config.slo().ttftMs(), 1000) + m.tpotP90Ms() / ref(config.slo().tpotMs(), 100),
                        m.costPerHourUsd()};
        }
    }

    private static double ref(double target, double fallback) {
        return Double.isFinite(target) ? target : fallback;
    }

    // ---- 4. simulation ----

    private int simulate(List<Scored> contenders, ExecutorService pool) {
        List<Future<PlanMetrics>> futures = new ArrayList<>();
        AtomicInteger done = new AtomicInteger();
        for (Scored s : contenders) {
            futures.add(pool.submit(() -> {
                if (System.nanoTime() > deadlineNs) {
                    return null;
                }
                PlanMetrics m = simulated(s);
                int n = done.incrementAndGet();
                listener.progress(0.6 + 0.4 * n / contenders.size(), "simulated " + n + " of " + contenders.size()
                        + " contenders: " + s.fleet.plan().label());
                return m;
            }));
        }
        int simulated = 0;
        for (int i = 0; i < contenders.size(); i++) {
            PlanMetrics m = await(futures.get(i));
            if (m == null) {
                budgetExhausted = true;
                count(PruneReason.NOT_SIMULATED, 1);
            } else {
                contenders.get(i).metrics = m;
                contenders.get(i).key = key(m);
                simulated++;
            }
        }
        return simulated;
    }

    private PlanMetrics simulated(Scored s) {
        ParallelPlan plan = s.fleet.plan();
        PlanMetrics analytic = s.metrics;
        SimulationSummary atRate = runSimulation(plan, config.trace()).summary();
        double goodput = analytic.goodputPerS();
        if (config.objective() == SearchObjective.GOODPUT) {
            goodput = simulatedGoodput(plan, analytic.goodputPerS());
        }
        double tokensPerS = atRate.outputTokensPerS();
        return new PlanMetrics(true, goodput, analytic.capacityPerS(), tokensPerS, atRate.ttft().p90Ms(),
                atRate.tpot().p90Ms(), atRate.e2e().p90Ms(), atRate.sloAttainment(), plan.costPerHourUsd(),
                atRate.costPerMillionOutputTokensUsd(), atRate.joulesPerOutputToken(), plan.gpuCount(),
                analytic.decodeIterationMs(), analytic.breakdownMs());
    }

    /**
     * Highest rate the plan sustains in steady state ({@link SteadyStateWindow}, the judgement capacity search
     * uses): the trace's requests, repeated and with their gaps scaled to the rate, measured after a warm-up and
     * before a tail. A whole finite trace replayed faster would count its idle start and its drain, so a short trace
     * would report several times the rate a long one does. The search starts at the analytic bound and brackets by
     * factors of 1.4, then bisects, within {@link #MAX_GOODPUT_SIMULATIONS} runs and the time budget.
     */
    private double simulatedGoodput(ParallelPlan plan, double analyticGoodput) {
        double lo = 0;
        double hi = Double.POSITIVE_INFINITY;
        double rate = analyticGoodput > 0 && Double.isFinite(analyticGoodput) ? analyticGoodput : work.ratePerS();
        for (int i = 0; i < MAX_GOODPUT_SIMULATIONS && System.nanoTime() < deadlineNs; i++) {
            SteadyStateWindow.Stream stream = SteadyStateWindow.repeated(config.trace(), rate, config.trace().size());
            if (SteadyStateWindow.sustained(runSimulation(plan, stream.trace()), config.slo(), stream)) {
                lo = rate;
            } else {
                hi = rate;
            }
            rate = Double.isInfinite(hi) ? rate * 1.4 : lo == 0 ? rate / 1.4 : 0.5 * (lo + hi);
        }
        return lo;
    }

    private SimulationResult runSimulation(ParallelPlan plan, RequestTrace trace) {
        List<ReplicaGroup> groups = plan.replicaGroups();
        long mixed = plan.parts().stream().filter(p -> p.shape().config().role() != ReplicaRole.DECODE).count();
        RouterPolicy router = mixed > 1 ? RouterPolicy.WEIGHTED : RouterPolicy.LEAST_OUTSTANDING;
        SimulationConfig sc = new SimulationConfig(config.model(), groups, router, config.calibration(), config.slo(),
                config.energy());
        ReplicaModelFactory models = new ReplicaModelFactory() {
            @Override
            public PerformanceModel performance(int groupIndex, ReplicaGroup group, SimulationConfig c) {
                return plan.parts().get(groupIndex).shape().performanceModel(c.model(), c.calibration());
            }

            @Override
            public MemoryPlan memory(int groupIndex, ReplicaGroup group, SimulationConfig c) {
                return plan.parts().get(groupIndex).shape().memoryPlan(c.model());
            }
        };
        ProgressListener cancelOnly = new ProgressListener() {
            @Override
            public void progress(double fraction, String message) {
            }

            @Override
            public boolean isCancelled() {
                return listener.isCancelled();
            }
        };
        return Simulator.run(sc, trace, cancelOnly, SimulationTraceSink.NONE, models);
    }

    // ---- 5. ranking and Pareto ----

    private List<RankedPlan> rank(List<Scored> scored) {
        List<Scored> sorted = new ArrayList<>(scored);
        // Plans that meet the SLO at the workload's rate first (a simulated failure must not outrank a plan that
        // passes), then simulated before analytic (their figures are the better evidence), each block by the objective.
        double target = config.slo().attainment();
        sorted.sort(Comparator.comparing((Scored s) -> s.metrics.meetsSlo(target) ? 0 : 1)
                .thenComparing(s -> s.metrics.simulated() ? 0 : 1)
                .thenComparing(s -> s.key, KEY_ORDER));
        // The front compares like with like: simulated p90s where any plan was simulated, else the analytic bounds.
        boolean anySimulated = sorted.stream().anyMatch(s -> s.metrics.simulated());
        List<Scored> comparable = sorted.stream().filter(s -> s.metrics.simulated() == anySimulated).toList();
        boolean[] front = paretoFront(comparable.stream().map(s -> s.metrics).toList());
        List<RankedPlan> out = new ArrayList<>();
        for (int i = 0; i < sorted.size(); i++) {
            Scored s = sorted.get(i);
            int c = comparable.indexOf(s);
            out.add(new RankedPlan(i + 1, s.fleet.plan(), s.metrics, c >= 0 && front[c], why(s.metrics)));
        }
        return out;
    }

    /** Non-dominated over (goodput max, p90 E2E min, cost per M tokens min, J per token min). */
    static boolean[] paretoFront(List<PlanMetrics> metrics) {
        Function<PlanMetrics, double[]> v = m -> new double[]{m.goodputPerS(), -m.e2eP90Ms(), -m.costPerMillionTokensUsd(),
                -m.joulesPerOutputToken()};
        double[][] all = metrics.stream().map(v).toArray(double[][]::new);
        boolean[] front = new boolean[all.length];
        for (int i = 0; i < all.length; i++) {
            front[i] = dominatedBy(all, i) < 0 && java.util.Arrays.stream(all[i]).noneMatch(Double::isNaN);
        }
        return front;
    }

    private static String why(PlanMetrics m) {
        double total = m.breakdownMs().values().stream().mapToDouble(Double::doubleValue).sum();
        OperatorClass top = m.dominantOperator();
        double share = total > 0 ? m.breakdownMs().getOrDefault(top, 0.0) / total : 0;
        return String.format(Locale.ROOT, "goodput %.2f req/s, decode iteration %.1f ms, %.0f%% in %s",
                m.goodputPerS(), m.decodeIterationMs(), 100 * share, top.name().toLowerCase(Locale.ROOT));
    }

    // ---- helpers ----

    private void checkCancelled() {
        if (listener.isCancelled()) {
            throw new CancellationException("Plan search cancelled");
        }
    }

    private int count(PruneReason r) {
        return pruned.getOrDefault(r, 0);
    }

    private synchronized void count(PruneReason r, int n) {
        pruned.merge(r, n, Integer::sum);
    }

    private static <T> T await(Future<T> f) {
        try {
            return f.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CancellationException("Plan search interrupted");
        } catch (ExecutionException e) {
            Throwable c = e.getCause();
            if (c instanceof CancellationException) {
                throw (CancellationException) c;
            }
            if (c instanceof RuntimeException) {
                throw (RuntimeException) c;
            }
            throw new IllegalStateException(c);
        }
    }
}

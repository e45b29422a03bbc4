package io.fleetwise.planner.alloc.schedule;

import com.google.ortools.linearsolver.MPConstraint;
import com.google.ortools.linearsolver.MPObjective;
import com.google.ortools.linearsolver.MPSolver;
import com.google.ortools.linearsolver.MPSolverParameters;
import com.google.ortools.linearsolver.MPVariable;
import io.fleetwise.planner.alloc.AllocationCandidate;
import io.fleetwise.planner.alloc.OrTools;
import io.fleetwise.planner.alloc.SolveStatus;
import io.fleetwise.planner.alloc.SolverBackend;
import io.fleetwise.planner.alloc.SolverOptions;
import io.fleetwise.planner.progress.ProgressListener;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CancellationException;

/**
 * Plans a fleet over a day or a week as a mixed-integer programme (OR-Tools): a baseline of GPUs per type paid for
 * every hour (reserved or owned), plus on-demand and spot GPUs bought per period, and the replicas each period runs
 * with its buckets routed onto them. The programme below is solved whole, or decomposed over the baseline
 * ({@link BaselineDecomposition}, the default where there is a baseline); see {@link #solve(ScheduleProblem,
 * ProgressListener)}.
 *
 * <p>Variables: {@code R[g]} baseline GPUs of type g (integer); per period p: replicas {@code n[p][c]} of each replica
 * config c (integer), spot GPUs {@code S[p][g]} (integer) and on-demand GPUs {@code O[p][g]} of each type, and the
 * share {@code x[p][b][c]} of bucket b's traffic routed to c (continuous: a router splits a bucket's requests in any
 * proportion). Constraints: every bucket with traffic is routed in full; a config's load
 * {@code sum_b rate[p][b] x / throughput[b][c]} fits in {@code n[p][c]}; a type's GPUs in use
 * {@code sum_c gpus_c n[p][c]} are covered by {@code R[g] + O[p][g] + S[p][g]}; availability caps bound a type's GPUs
 * in use; optionally at most a share of a period's GPUs is spot. Objective:
 * {@code sum_g R[g] price_g H + sum_p hours_p sum_g (O price_od + S price_spot)}, spot at its expected price (the
 * chance of an interruption times the on-demand fallback that keeps the SLO). {@code O} needs no integrality: with
 * integer replicas, baseline and spot, the cheapest {@code O} is a whole number of GPUs, which keeps the model small.
 */
public final class ScheduleAllocator {

    /**
     * Relative gap of the per-period solves that only seed the whole programme: a schedule within 0.1 % of each
     * period's best is a good start, and closing the last 0.1 % of every period would eat the time the whole
     * programme needs.
     */
    private static final double HEURISTIC_GAP = 1e-3;

    /** Load slack above an integer that still counts as fitting (the solver's tolerance is about 1e-6). */
    private static final double LOAD_EPSILON = 1e-7;

    /** How a schedule with a baseline is solved. */
    public enum Method {
        /**
         * The default: {@link #DECOMPOSITION}, handing the second half of the time to the whole programme in one MILP
         * (started from its schedule, keeping the better proven bound) on large fleets; {@link #WHOLE_MILP} for a fleet
         * bought only as a baseline (nothing on demand or spot).
         */
        DECOMPOSITION_THEN_WHOLE,
        /** Only the branch and bound over the baseline with Lagrangian bounds from the periods' own MILPs (exact). */
        DECOMPOSITION,
        /** Per-period heuristics, then the whole programme in one MILP (the solver before the decomposition). */
        WHOLE_MILP
    }

    private final SolverOptions options;
    private final int sliceFactor;
    private final Method method;

    public ScheduleAllocator() {
        this(defaultOptions());
    }

    public ScheduleAllocator(SolverOptions options) {
        this(options, 0);
    }

    /**
     * @param sliceFactor 0 routes each bucket's traffic in any proportion (continuous shares); k > 0 routes it in k
     *                    equal slices as the static allocator does (integer shares, an all-integer model)
     */
    public ScheduleAllocator(SolverOptions options, int sliceFactor) {
        this(options, sliceFactor, Method.DECOMPOSITION_THEN_WHOLE);
    }

    public ScheduleAllocator(SolverOptions options, int sliceFactor, Method method) {
        this.method = Objects.requireNonNull(method, "method");
        this.options = Objects.requireNonNull(options, "options");
        if (sliceFactor < 0) {
            throw new IllegalArgumentException("Slice factor must be >= 0 (0 = continuous routing), was " + sliceFactor);
        }
        this.sliceFactor = sliceFactor;
    }

    /**
     * SCIP: the routing shares are continuous, which CP-SAT handles only by scaling them to integers; SCIP solves the
     * mixed model exactly and fastest in the schedule benchmark (docs/benchmarks-allocator.md).
     */
    public static SolverOptions defaultOptions() {
        return SolverOptions.defaults().withBackend(SolverBackend.SCIP).withTimeLimitSeconds(30);
    }

    public SolverOptions options() {
        return options;
    }

    public FleetSchedule solve(ScheduleProblem problem) {
        return solve(problem, ProgressListener.NONE);
    }

    /**
     * Solves the schedule within the time limit. Given the baseline the periods are independent; without a baseline
     * price the whole programme is solved in one MILP (its periods split apart). With one, the {@link Method} decides:
     * by default the decomposition over the baseline ({@link BaselineDecomposition}: per-period MILPs on replica
     * counts with capacity cuts, Lagrangian bounds, then baselines settled one by one, or branch and bound on boxes
     * of baselines where they are too many); if by half the time it has not proved a large fleet's schedule, the
     * whole programme gets the rest, started from its schedule. The result is OPTIMAL only when a proven lower bound is within the
     * options' relative gap of its cost, else FEASIBLE with the proven gap (NaN: none proven).
     *
     * @throws CancellationException when the listener asks to cancel
     */
    public FleetSchedule solve(ScheduleProblem problem, ProgressListener listener) {
        Objects.requireNonNull(problem, "problem");
        ProgressListener progress = listener == null ? ProgressListener.NONE : listener;
        if (progress.isCancelled()) {
            throw new CancellationException("Schedule cancelled before it started");
        }
        String solverName = options.backend().orToolsId();
        String unservable = unservable(problem);
        if (!unservable.isEmpty()) {
            return FleetSchedule.withoutPlan(problem, SolveStatus.INFEASIBLE, 0, solverName, unservable);
        }
        OrTools.ensureLoaded();
        long start = System.nanoTime();
        double budget = options.timeLimitSeconds();
        boolean coupled = problem.pricesByGpuType().values().stream().anyMatch(g -> g.baseline().isPresent());
        if (!coupled) {
            return attempt(problem, null, null, budget, options.relativeGap(), progress.part(0, 1)).schedule();
        }
        // A fleet that never changes (every type bought only as a baseline: the constant fleet a schedule is compared
        // with) is peak sizing, with no hour trading baseline against flexible GPUs; there the whole programme is the
        // better (benchmark day at 200 req/s, 10 s: 826.52 USD within 10 % against the decomposition's 895.01 within 17 %)
        boolean flexible = problem.pricesByGpuType().values().stream()
                .anyMatch(g -> g.onDemand().isPresent() || g.spot().isPresent());
        if (method == Method.DECOMPOSITION_THEN_WHOLE && flexible) {
            return decomposeThenWhole(problem, progress, start, budget);
        }
        if (method == Method.DECOMPOSITION) {
            FleetSchedule split = new BaselineDecomposition(this, problem, progress, start, budget,
                    options.relativeGap(), Math.max(2, options.threads())).solve();
            return split != null ? split : FleetSchedule.withoutPlan(problem, SolveStatus.NO_SOLUTION_FOUND,
                    (System.nanoTime() - start) / 1e6, solverName, "The solver stopped after "
                            + options.timeLimitSeconds() + " s without a schedule; raise the time limit");
        }
        Map<String, Integer> none = new LinkedHashMap<>();
        problem.pricesByGpuType().forEach((type, p) -> {
            if (p.baseline().isPresent()) {
                none.put(type, 0);
            }
        });
        progress.progress(0.0, "Planning each period without a baseline");
        // each heuristic phase gets at most a quarter of the time, so the whole programme keeps half to improve and prove
        FleetSchedule best = perPeriod(problem, none, Math.min(remaining(start, budget), budget / 4),
                progress.part(0.0, 0.3));
        if (best.hasPlan()) {
            Map<String, Integer> baseline = worthReserving(problem, best);
            if (!baseline.equals(none)) {
                progress.progress(0.3, "Planning each period around a baseline of " + baseline);
                FleetSchedule around = perPeriod(problem, baseline, Math.min(remaining(start, budget), budget / 4),
                        progress.part(0.3, 0.6));
                if (around.hasPlan() && around.totalCostUsd() < best.totalCostUsd()) {
                    best = around;
                }
            }
        }
        progress.progress(0.6, "Improving the schedule and proving how good it is");
        Attempt whole = attempt(problem, null, best.hasPlan() ? best : null, Math.max(0.5, remaining(start, budget)),
                options.relativeGap(), progress.part(0.6, 1.0));
        double ms = (System.nanoTime() - start) / 1e6;
        FleetSchedule full = whole.schedule();
        if (full.hasPlan() && (!best.hasPlan() || full.totalCostUsd() <= best.totalCostUsd() + 1e-9)) {
            return withTime(full, ms, full.status(), gapTo(full.totalCostUsd(), whole.bound()));
        }
        if (!best.hasPlan()) {
            return withTime(full, ms, full.status(), full.relativeGap());
        }
        double gap = gapTo(best.totalCostUsd(), whole.bound());
        return withTime(best, ms, gap <= options.relativeGap() ? SolveStatus.OPTIMAL : SolveStatus.FEASIBLE, gap);
    }

    /**
     * Mean GPUs per period from which the decomposition hands the second half of the time to the whole programme when
     * it has not proved its schedule by then. Replica rounding is what weakens the whole programme's LP bound, and it
     * weighs about one replica in the fleet: with a few GPUs per period the decomposition's bound is far the stronger,
     * with many the LP bound is, while each period MILP of the decomposition gets slower (in the schedule benchmark:
     * about 5-15 GPUs per period at 50-200 req/s, where the decomposition is better; baselines alone of 38-41 GPUs at
     * 2000 req/s, where the whole programme is; docs/benchmarks-allocator.md). The threshold lies between the two,
     * chosen from those runs.
     */
    private static final double HAND_OVER_GPUS = 30;

    /**
     * The decomposition over the baseline first; from half the time on, if it has not proved its schedule and the
     * fleet is large ({@link #HAND_OVER_GPUS}), the whole programme gets the rest, started from the decomposition's
     * schedule. Both bounds are proven, so the answer carries the better of them.
     */
    private FleetSchedule decomposeThenWhole(ScheduleProblem problem, ProgressListener progress, long start,
                                             double budget) {
        String solverName = options.backend().orToolsId();
        FleetSchedule split = new BaselineDecomposition(this, problem, progress, start, budget,
                options.relativeGap(), Math.max(2, options.threads()), budget / 2, HAND_OVER_GPUS).solve();
        if (split != null && (split.status() == SolveStatus.OPTIMAL || split.status() == SolveStatus.INFEASIBLE
                || budget - (System.nanoTime() - start) / 1e9 < budget / 10)) {
            return withTime(split, (System.nanoTime() - start) / 1e9 * 1e3, split.status(), split.relativeGap());
        }
        progress.progress(0.5, "Improving the schedule and proving how good it is");
        double splitBound = split == null || Double.isNaN(split.relativeGap()) ? Double.NaN
                : split.totalCostUsd() * (1 - split.relativeGap());
        Attempt whole = attempt(problem, null, split, Math.max(0.5, remaining(start, budget)), options.relativeGap(),
                progress.part(0.5, 1.0));
        double ms = (System.nanoTime() - start) / 1e6;
        double bound = Double.isNaN(splitBound) ? whole.bound()
                : Double.isNaN(whole.bound()) ? splitBound : Math.max(splitBound, whole.bound());
        FleetSchedule full = whole.schedule();
        FleetSchedule best = split != null && (!full.hasPlan() || split.totalCostUsd() <= full.totalCostUsd() + 1e-9)
                ? split : full;
        if (!best.hasPlan()) {
            return best.status() == SolveStatus.INFEASIBLE ? best
                    : FleetSchedule.withoutPlan(problem, SolveStatus.NO_SOLUTION_FOUND, ms, solverName,
                    "The solver stopped after " + options.timeLimitSeconds() + " s without a schedule; raise the "
                            + "time limit");
        }
        double gap = gapTo(best.totalCostUsd(), bound);
        return withTime(best, ms, !Double.isNaN(gap) && gap <= options.relativeGap() ? SolveStatus.OPTIMAL
                : SolveStatus.FEASIBLE, Double.isNaN(gap) ? Double.NaN : Math.max(0.0, gap));
    }

    /**
     * The schedule for a fixed baseline: with it fixed the periods are independent, so each is solved on its own, on
     * as many threads as the options allow (at least two: the periods share nothing).
     */
    private FleetSchedule perPeriod(ScheduleProblem problem, Map<String, Integer> baseline, double seconds,
                                    ProgressListener progress) {
        int periods = problem.load().periods().size();
        long start = System.nanoTime();
        FleetSchedule[] parts = new FleetSchedule[periods];
        java.util.concurrent.atomic.AtomicInteger done = new java.util.concurrent.atomic.AtomicInteger();
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(
                Math.max(2, options.threads()), r -> {
                    Thread t = new Thread(r, "schedule-period");
                    t.setDaemon(true);
                    return t;
                });
        try {
            List<java.util.concurrent.Future<FleetSchedule>> futures = new ArrayList<>();
            for (int p = 0; p < periods; p++) {
                ScheduleProblem one = problem.withLoad(new LoadProfile(List.of(problem.load().periods().get(p)),
                        problem.load().source()));
                futures.add(pool.submit(() -> {
                    FleetSchedule part = attempt(one, baseline, null, remaining(start, seconds), HEURISTIC_GAP,
                            ProgressListener.NONE).schedule();
                    int d = done.incrementAndGet();
                    progress.progress((double) d / periods, "Planned " + d + " of " + periods + " periods");
                    return part;
                }));
            }
            for (int p = 0; p < periods; p++) {
                if (progress.isCancelled()) {
                    throw new CancellationException("Schedule cancelled");
                }
                try {
                    parts[p] = futures.get(p).get();
                } catch (java.util.concurrent.ExecutionException e) {
                    if (e.getCause() instanceof RuntimeException) {
                        throw (RuntimeException) e.getCause();
                    }
                    throw new IllegalStateException(e.getCause());
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new CancellationException("Interrupted while planning periods");
                }
            }
        } finally {
            pool.shutdownNow();
        }
        double ms = (System.nanoTime() - start) / 1e6;
        List<PeriodPlan> plans = new ArrayList<>();
        double total = 0;
        SolveStatus status = SolveStatus.OPTIMAL;
        StringBuilder notes = new StringBuilder();
        Map<String, Integer> bought = new LinkedHashMap<>();
        for (FleetSchedule part : parts) {
            if (!part.hasPlan()) {
                return FleetSchedule.withoutPlan(problem, part.status(), ms, options.backend().orToolsId(),
                        part.message());
            }
            if (part.status() != SolveStatus.OPTIMAL) {
                status = SolveStatus.FEASIBLE;
            }
            PeriodPlan plan = part.periods().get(0);
            plans.add(plan);
            total += plan.flexibleCostUsd();
            part.baselineGpusByType().forEach((type, n) -> bought.merge(type, n, Math::max));
            if (!part.message().isEmpty()) {
                notes.append(part.message()).append(' ');
            }
        }
        Map<String, Integer> kept = new LinkedHashMap<>();
        baseline.forEach((type, n) -> kept.put(type, Math.max(n, bought.getOrDefault(type, 0))));
        for (Map.Entry<String, Integer> e : kept.entrySet()) {
            total += e.getValue() * problem.pricesByGpuType().get(e.getKey()).baselineUsdPerGpuHour()
                    * problem.load().totalHours();
        }
        kept.values().removeIf(n -> n == 0);
        return new FleetSchedule(problem, status, kept, plans, total, status == SolveStatus.OPTIMAL ? 0.0 : Double.NaN,
                ms, options.backend().orToolsId(), notes.toString().trim());
    }

    /** One solve of the programme, with the baseline fixed ({@code fixedBaseline}) or free, optionally from a hint. */
    private record Attempt(FleetSchedule schedule, double bound) {
    }

    private Attempt attempt(ScheduleProblem problem, Map<String, Integer> fixedBaseline, FleetSchedule hint,
                            double seconds, double gap, ProgressListener progress) {
        String solverName = options.backend().orToolsId();
        MPSolver solver = MPSolver.createSolver(solverName);
        if (solver == null) {
            throw new IllegalStateException("OR-Tools has no " + solverName + " solver in this build");
        }
        try {
            progress.progress(0.0, "Building the schedule model");
            Model model = build(solver, problem, fixedBaseline);
            if (hint != null) {
                hint(solver, model, problem, hint);
            }
            progress.progress(0.1, "Solving " + problem.load().periods().size() + " periods x "
                    + problem.buckets().size() + " buckets x " + problem.candidates().size() + " configs with "
                    + solverName);
            long start = System.nanoTime();
            MPSolver.ResultStatus status = solveInterruptibly(solver, progress, seconds, gap);
            double ms = (System.nanoTime() - start) / 1e6;
            progress.progress(1.0, "Schedule solved");
            double bound = status == MPSolver.ResultStatus.OPTIMAL ? solver.objective().value()
                    : status == MPSolver.ResultStatus.FEASIBLE ? solver.objective().bestBound() : Double.NaN;
            switch (status) {
                case OPTIMAL:
                case FEASIBLE:
                    return new Attempt(read(problem, model, status == MPSolver.ResultStatus.OPTIMAL ? SolveStatus.OPTIMAL
                            : SolveStatus.FEASIBLE, gap(solver, status), ms, fixedBaseline == null), bound);
                case INFEASIBLE:
                    return new Attempt(FleetSchedule.withoutPlan(problem, SolveStatus.INFEASIBLE, ms, solverName,
                            "Infeasible: no schedule serves every period" + (problem.options().gpuCaps().isEmpty()
                                    ? "" : " within the availability caps " + problem.options().gpuCaps())
                                    + (problem.options().spotMaxShare() < 1 ? " and the spot share limit" : "")
                                    + ". Raise a cap, allow more purchase kinds or lower the load."), Double.NaN);
                default:
                    return new Attempt(FleetSchedule.withoutPlan(problem, SolveStatus.NO_SOLUTION_FOUND, ms, solverName,
                            "The solver stopped after " + options.timeLimitSeconds() + " s without a schedule ("
                                    + status + "); raise the time limit"), Double.NaN);
            }
        } finally {
            solver.delete();
        }
    }

    /**
     * The baseline a schedule makes worth buying: per GPU type, the k-th GPU is reserved when the hours it is busy,
     * at the flexible price it would otherwise be bought at, cost more than a whole term of it.
     */
    static Map<String, Integer> worthReserving(ScheduleProblem problem, FleetSchedule schedule) {
        Map<String, Integer> out = new LinkedHashMap<>();
        double hours = problem.load().totalHours();
        for (Map.Entry<String, GpuPrices> e : problem.pricesByGpuType().entrySet()) {
            GpuPrices prices = e.getValue();
            if (prices.baseline().isEmpty()) {
                continue;
            }
            double flexible = Math.min(prices.onDemand().isPresent() ? prices.onDemandUsdPerGpuHour() : Double.POSITIVE_INFINITY,
                    prices.spot().isPresent() ? prices.spotExpectedUsdPerGpuHour() : Double.POSITIVE_INFINITY);
            int[] used = new int[schedule.periods().size()];
            int most = 0;
            for (int p = 0; p < used.length; p++) {
                used[p] = schedule.gpusInUse(schedule.periods().get(p)).getOrDefault(e.getKey(), 0);
                most = Math.max(most, used[p]);
            }
            int keep = 0;
            for (int k = 1; k <= most; k++) {
                double busyCost = 0;
                for (int p = 0; p < used.length; p++) {
                    if (used[p] >= k) {
                        busyCost += schedule.periods().get(p).period().durationHours()
                                * (Double.isInfinite(flexible) ? prices.baselineUsdPerGpuHour() : flexible);
                    }
                }
                if (busyCost >= prices.baselineUsdPerGpuHour() * hours) {
                    keep = k;
                }
            }
            out.put(e.getKey(), keep);
        }
        return out;
    }

    private void hint(MPSolver solver, Model m, ScheduleProblem problem, FleetSchedule hint) {
        List<MPVariable> vars = new ArrayList<>();
        List<Double> values = new ArrayList<>();
        m.baseline.forEach((type, v) -> {
            vars.add(v);
            values.add((double) hint.baselineGpusByType().getOrDefault(type, 0));
        });
        for (int p = 0; p < hint.periods().size(); p++) {
            PeriodPlan plan = hint.periods().get(p);
            for (int c = 0; c < problem.candidates().size(); c++) {
                if (m.replicas[p][c] != null) {
                    vars.add(m.replicas[p][c]);
                    values.add((double) plan.replicas(c));
                }
                for (int b = 0; b < problem.buckets().size(); b++) {
                    if (m.share[p][b][c] != null) {
                        vars.add(m.share[p][b][c]);
                        values.add(sliceFactor > 0 ? Math.rint(plan.shares().get(b).get(c) * sliceFactor)
                                : plan.shares().get(b).get(c));
                    }
                }
            }
            for (Map.Entry<String, MPVariable> e : m.spot.get(p).entrySet()) {
                vars.add(e.getValue());
                values.add((double) plan.spotGpus().getOrDefault(e.getKey(), 0));
            }
            for (Map.Entry<String, MPVariable> e : m.onDemand.get(p).entrySet()) {
                vars.add(e.getValue());
                values.add((double) plan.onDemandGpus().getOrDefault(e.getKey(), 0));
            }
        }
        double[] v = new double[values.size()];
        for (int i = 0; i < v.length; i++) {
            v[i] = values.get(i);
        }
        solver.setHint(vars.toArray(new MPVariable[0]), v);
    }

    private static double remaining(long startNs, double budgetSeconds) {
        return Math.max(0.1, budgetSeconds - (System.nanoTime() - startNs) / 1e9);
    }

    private static double gapTo(double cost, double bound) {
        // a bound below zero is no bound (costs are never negative): the solver proved nothing yet
        if (Double.isNaN(bound) || Double.isInfinite(bound) || bound < 0 || !(cost > 0)) {
            return Double.NaN;
        }
        double diff = cost - bound;
        return diff <= 1e-9 * Math.max(1, cost) ? 0.0 : diff / cost;
    }

    private static FleetSchedule withTime(FleetSchedule s, double ms, SolveStatus status, double gap) {
        return new FleetSchedule(s.problem(), status, s.baselineGpusByType(), s.periods(), s.totalCostUsd(), gap, ms,
                s.solverName(), s.message());
    }


    /** Names each (period, bucket) with traffic that no replica config can serve or no config can be bought for. */
    static String unservable(ScheduleProblem problem) {
        List<String> names = new ArrayList<>();
        for (int p = 0; p < problem.load().periods().size(); p++) {
            for (int b = 0; b < problem.buckets().size(); b++) {
                if (problem.rate(p, b) <= 0) {
                    continue;
                }
                boolean servable = false;
                for (AllocationCandidate c : problem.candidates()) {
                    servable |= c.canServe(b) && buyable(problem.prices(c));
                }
                if (!servable) {
                    names.add("'" + problem.buckets().get(b).name() + "' in " + problem.load().periods().get(p).label());
                }
            }
        }
        if (names.isEmpty()) {
            return "";
        }
        String shown = String.join(", ", names.subList(0, Math.min(5, names.size())))
                + (names.size() > 5 ? " and " + (names.size() - 5) + " more" : "");
        return "Infeasible: nothing can serve " + shown + ": no replica config with a price serves that bucket. "
                + "Add a GPU type that can, or a price for one.";
    }

    static boolean buyable(GpuPrices p) {
        return p.baseline().isPresent() || p.onDemand().isPresent() || p.spot().isPresent();
    }

    static final class Model {
        final Map<String, MPVariable> baseline = new LinkedHashMap<>();
        final List<Map<String, MPVariable>> onDemand = new ArrayList<>();
        final List<Map<String, MPVariable>> spot = new ArrayList<>();
        MPVariable[][] replicas;
        MPVariable[][][] share;
    }

    Model build(MPSolver solver, ScheduleProblem problem, Map<String, Integer> fixedBaseline) {
        return build(solver, problem, fixedBaseline, true);
    }

    /**
     * @param strongLinking add the facility-location rows (share routed to a config <= its replicas): they tighten the
     *                      whole programme's LP, but make a single period's MILP several times slower to solve
     */
    Model build(MPSolver solver, ScheduleProblem problem, Map<String, Integer> fixedBaseline, boolean strongLinking) {
        int periods = problem.load().periods().size();
        int buckets = problem.buckets().size();
        List<AllocationCandidate> cands = problem.candidates();
        int configs = cands.size();
        double hours = problem.load().totalHours();
        Model m = new Model();
        m.replicas = new MPVariable[periods][configs];
        m.share = new MPVariable[periods][buckets][configs];
        double[][] fullLoad = new double[periods][configs];
        for (int p = 0; p < periods; p++) {
            for (int b = 0; b < buckets; b++) {
                for (int c = 0; c < configs; c++) {
                    if (problem.rate(p, b) > 0 && cands.get(c).canServe(b)) {
                        fullLoad[p][c] += problem.rate(p, b) / cands.get(c).throughputRps().get(b);
                    }
                }
            }
        }
        List<Map<String, Double>> gpuUpper = new ArrayList<>();
        Map<String, Double> baselineUpper = new LinkedHashMap<>();
        for (int p = 0; p < periods; p++) {
            Map<String, Double> gpusNow = new LinkedHashMap<>();
            for (int c = 0; c < configs; c++) {
                if (buyable(problem.prices(cands.get(c)))) {
                    gpusNow.merge(cands.get(c).gpuType(),
                            (double) replicasFor(fullLoad[p][c]) * cands.get(c).gpuCount(), Double::sum);
                }
            }
            problem.options().gpuCaps().forEach((type, cap) -> gpusNow.computeIfPresent(type, (k, v) -> Math.min(v, cap)));
            gpusNow.forEach((type, n) -> baselineUpper.merge(type, n, Math::max));
            gpuUpper.add(gpusNow);
        }
        MPObjective objective = solver.objective();
        for (Map.Entry<String, GpuPrices> e : problem.pricesByGpuType().entrySet()) {
            if (e.getValue().baseline().isPresent() && baselineUpper.containsKey(e.getKey())) {
                // R may be continuous: with whole replicas (so whole GPUs in use) the cheapest R is a whole number of
                // GPUs; read() takes that whole number.
                double upper = baselineUpper.get(e.getKey());
                MPVariable r = fixedBaseline != null
                        ? solver.makeNumVar(Math.min(upper, fixedBaseline.getOrDefault(e.getKey(), 0)),
                        Math.min(upper, fixedBaseline.getOrDefault(e.getKey(), 0)), "R_" + e.getKey())
                        : solver.makeNumVar(0, upper, "R_" + e.getKey());
                m.baseline.put(e.getKey(), r);
                objective.setCoefficient(r, e.getValue().baselineUsdPerGpuHour() * hours);
            }
        }
        for (int p = 0; p < periods; p++) {
            double periodHours = problem.load().periods().get(p).durationHours();
            Map<String, MPVariable> onDemand = new LinkedHashMap<>();
            Map<String, MPVariable> spot = new LinkedHashMap<>();
            m.onDemand.add(onDemand);
            m.spot.add(spot);
            // GPUs of a type in use are covered by the baseline, on-demand GPUs and spot GPUs. On-demand GPUs may be
            // continuous: at the optimum they are max(0, in use - baseline - spot), a whole number.
            Map<String, MPConstraint> typeRows = new LinkedHashMap<>();
            for (Map.Entry<String, Double> e : gpuUpper.get(p).entrySet()) {
                String type = e.getKey();
                GpuPrices prices = problem.pricesByGpuType().get(type);
                MPConstraint row = solver.makeConstraint(-MPSolver.infinity(), 0.0, "gpus_" + p + "_" + type);
                typeRows.put(type, row);
                MPVariable r = m.baseline.get(type);
                if (r != null) {
                    row.setCoefficient(r, -1.0);
                }
                if (prices.onDemand().isPresent()) {
                    MPVariable o = sliceFactor > 0 ? solver.makeIntVar(0.0, e.getValue(), "O_" + p + "_" + type)
                            : solver.makeNumVar(0.0, e.getValue(), "O_" + p + "_" + type);
                    onDemand.put(type, o);
                    row.setCoefficient(o, -1.0);
                    objective.setCoefficient(o, periodHours * prices.onDemandUsdPerGpuHour());
                }
                if (prices.spot().isPresent()) {
                    MPVariable sp = solver.makeIntVar(0.0, e.getValue(), "S_" + p + "_" + type);
                    spot.put(type, sp);
                    row.setCoefficient(sp, -1.0);
                    objective.setCoefficient(sp, periodHours * prices.spotExpectedUsdPerGpuHour());
                }
            }
            MPConstraint spotRow = problem.options().spotMaxShare() < 1 && !spot.isEmpty()
                    ? solver.makeConstraint(-MPSolver.infinity(), 0.0, "spot_share_" + p) : null;
            if (spotRow != null) {
                spot.values().forEach(v -> spotRow.setCoefficient(v, 1.0));
            }
            MPConstraint[] loadRows = new MPConstraint[configs];
            for (int c = 0; c < configs; c++) {
                AllocationCandidate cand = cands.get(c);
                if (!buyable(problem.prices(cand)) || fullLoad[p][c] <= 0) {
                    continue;
                }
                MPVariable n = solver.makeIntVar(0, replicasFor(fullLoad[p][c]), "n_" + p + "_" + c);
                m.replicas[p][c] = n;
                typeRows.get(cand.gpuType()).setCoefficient(n, cand.gpuCount());
                if (spotRow != null) {
                    spotRow.setCoefficient(n, -cand.gpuCount() * problem.options().spotMaxShare());
                }
                loadRows[c] = solver.makeConstraint(-MPSolver.infinity(), 0.0, "load_" + p + "_" + c);
                loadRows[c].setCoefficient(n, -1.0);
            }
            for (Map.Entry<String, Integer> cap : problem.options().gpuCaps().entrySet()) {
                MPConstraint row = solver.makeConstraint(0.0, cap.getValue(), "cap_" + p + "_" + cap.getKey());
                for (int c = 0; c < configs; c++) {
                    if (m.replicas[p][c] != null && cands.get(c).gpuType().equals(cap.getKey())) {
                        row.setCoefficient(m.replicas[p][c], cands.get(c).gpuCount());
                    }
                }
            }
            for (int b = 0; b < buckets; b++) {
                double rate = problem.rate(p, b);
                if (rate <= 0) {
                    continue;
                }
                int units = sliceFactor > 0 ? sliceFactor : 1;
                MPConstraint routed = solver.makeConstraint(units, units, "route_" + p + "_" + b);
                for (int c = 0; c < configs; c++) {
                    AllocationCandidate cand = cands.get(c);
                    if (loadRows[c] == null || !cand.canServe(b)) {
                        continue;
                    }
                    MPVariable x = sliceFactor > 0 ? solver.makeIntVar(0, sliceFactor, "y_" + p + "_" + b + "_" + c)
                            : solver.makeNumVar(0.0, 1.0, "x_" + p + "_" + b + "_" + c);
                    m.share[p][b][c] = x;
                    routed.setCoefficient(x, 1.0);
                    loadRows[c].setCoefficient(x, rate / units / cand.throughputRps().get(b));
                    // Strong linking (as in facility location): routing any share of a bucket to c needs that share of a
                    // replica at least. Implied by the load row when one replica cannot carry the bucket alone; far
                    // tighter when it can, which is when the LP would otherwise spread a bucket over fractional replicas.
                    if (strongLinking && (sliceFactor > 0 || rate < cand.throughputRps().get(b))) {
                        MPConstraint uses = solver.makeConstraint(-MPSolver.infinity(), 0.0, "uses_" + p + "_" + b + "_" + c);
                        uses.setCoefficient(x, 1.0);
                        uses.setCoefficient(m.replicas[p][c], -units);
                    }
                }
            }
        }
        objective.setMinimization();
        return m;
    }

    MPSolver.ResultStatus solveInterruptibly(MPSolver solver, ProgressListener listener, double seconds,
                                                     double relativeGap) {
        solver.setTimeLimit((long) Math.ceil(seconds * 1000.0));
        if (options.threads() > 1) {
            solver.setNumThreads(options.threads());
        }
        MPSolverParameters params = new MPSolverParameters();
        params.setDoubleParam(MPSolverParameters.DoubleParam.RELATIVE_MIP_GAP, relativeGap);
        Thread watcher = new Thread(() -> {
            while (!Thread.currentThread().isInterrupted()) {
                if (listener.isCancelled()) {
                    solver.interruptSolve();
                    return;
                }
                try {
                    Thread.sleep(20);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }, "schedule-cancel-watcher");
        watcher.setDaemon(true);
        watcher.start();
        try {
            MPSolver.ResultStatus status = solver.solve(params);
            if (listener.isCancelled()) {
                throw new CancellationException("Schedule cancelled while solving");
            }
            if (status == MPSolver.ResultStatus.MODEL_INVALID) {
                throw new IllegalStateException("OR-Tools rejected the schedule model as invalid; check for non-finite "
                        + "prices or throughputs");
            }
            return status;
        } finally {
            watcher.interrupt();
            params.delete();
        }
    }

    FleetSchedule read(ScheduleProblem problem, Model m, SolveStatus status, double gap, double solveMs,
                               boolean baselineFree) {
        int periods = problem.load().periods().size();
        int buckets = problem.buckets().size();
        List<AllocationCandidate> cands = problem.candidates();
        int configs = cands.size();
        Map<String, Integer> baseline = new LinkedHashMap<>();
        m.baseline.forEach((type, v) -> baseline.put(type, (int) Math.rint(v.solutionValue())));
        StringBuilder notes = new StringBuilder();
        List<int[]> replicaRows = new ArrayList<>();
        List<List<List<Double>>> shareRows = new ArrayList<>();
        List<Map<String, Integer>> spotRows = new ArrayList<>();
        for (int p = 0; p < periods; p++) {
            LoadPeriod period = problem.load().periods().get(p);
            List<List<Double>> shares = new ArrayList<>();
            double[] load = new double[configs];
            for (int b = 0; b < buckets; b++) {
                List<Double> row = new ArrayList<>();
                for (int c = 0; c < configs; c++) {
                    MPVariable x = m.share[p][b][c];
                    double v = x == null ? 0.0 : sliceFactor > 0 ? Math.rint(x.solutionValue()) / sliceFactor
                            : Math.max(0.0, Math.min(1.0, x.solutionValue()));
                    v = v < 1e-9 ? 0.0 : v;
                    row.add(v);
                    if (v > 0) {
                        load[c] += problem.rate(p, b) * v / cands.get(c).throughputRps().get(b);
                    }
                }
                shares.add(row);
            }
            int[] replicas = new int[configs];
            for (int c = 0; c < configs; c++) {
                replicas[c] = value(m.replicas[p][c]);
                int needed = replicasFor(load[c]);
                if (needed > replicas[c]) {
                    // The solver accepts loads a hair above the count within its tolerance; never hand out an overload.
                    notes.append(String.format(Locale.ROOT, "Raised %s in %s from %d to %d replicas: the solver's "
                                    + "tolerance let load %.9f pass. ", cands.get(c).name(), period.label(), replicas[c],
                            needed, load[c]));
                    replicas[c] = needed;
                }
            }
            Map<String, Integer> spot = new LinkedHashMap<>();
            m.spot.get(p).forEach((type, v) -> spot.put(type, (int) Math.rint(v.solutionValue())));
            replicaRows.add(replicas);
            shareRows.add(shares);
            spotRows.add(spot);
        }
        FleetSchedule draft = new FleetSchedule(problem, status, baseline, List.of(), 0, gap, solveMs,
                options.backend().orToolsId(), "");
        if (baselineFree) {
            // The programme's baseline is continuous; take the whole number of GPUs that is cheapest for these replicas.
            baseline.clear();
            baseline.putAll(cheapestBaseline(problem, draft, replicaRows, spotRows));
        }
        List<PeriodPlan> plans = new ArrayList<>();
        double total = 0;
        for (int p = 0; p < periods; p++) {
            LoadPeriod period = problem.load().periods().get(p);
            List<Integer> replicas = new ArrayList<>();
            for (int n : replicaRows.get(p)) {
                replicas.add(n);
            }
            PeriodPlan bare = new PeriodPlan(period, replicas, Map.of(), Map.of(), Map.of(), shareRows.get(p), 0);
            Map<String, Integer> inUse = new LinkedHashMap<>();
            Map<String, Integer> onDemand = new LinkedHashMap<>();
            Map<String, Integer> spot = new LinkedHashMap<>();
            double flexible = 0;
            for (Map.Entry<String, Integer> e : draft.gpusInUse(bare).entrySet()) {
                String type = e.getKey();
                int used = e.getValue();
                GpuPrices prices = problem.pricesByGpuType().get(type);
                int fromBaseline = Math.min(used, baseline.getOrDefault(type, 0));
                int fromSpot = Math.min(used - fromBaseline, spotRows.get(p).getOrDefault(type, 0));
                int rest = used - fromBaseline - fromSpot;
                if (rest > 0 && prices.onDemand().isEmpty()) {
                    // only after rounding a load up; cover it the way the type can be bought
                    if (prices.spot().isPresent()) {
                        fromSpot += rest;
                    } else {
                        notes.append(String.format(Locale.ROOT, "Raised the %s baseline from %d to %d GPUs (rounding in "
                                + "%s). ", type, baseline.getOrDefault(type, 0), fromBaseline + rest, period.label()));
                        baseline.put(type, fromBaseline + rest);
                        fromBaseline += rest;
                    }
                    rest = 0;
                }
                inUse.put(type, fromBaseline);
                if (rest > 0) {
                    onDemand.put(type, rest);
                    flexible += rest * period.durationHours() * prices.onDemandUsdPerGpuHour();
                }
                if (fromSpot > 0) {
                    spot.put(type, fromSpot);
                    flexible += fromSpot * period.durationHours() * prices.spotExpectedUsdPerGpuHour();
                }
            }
            total += flexible;
            plans.add(new PeriodPlan(period, replicas, inUse, onDemand, spot, shareRows.get(p), flexible));
        }
        for (Map.Entry<String, Integer> e : baseline.entrySet()) {
            total += e.getValue() * problem.pricesByGpuType().get(e.getKey()).baselineUsdPerGpuHour()
                    * problem.load().totalHours();
        }
        baseline.values().removeIf(n -> n == 0);
        return new FleetSchedule(problem, status, baseline, plans, total, gap, solveMs, options.backend().orToolsId(),
                notes.toString().trim());
    }

    /** Per type, the whole number of baseline GPUs that costs least given the GPUs each period uses and its spot GPUs. */
    private static Map<String, Integer> cheapestBaseline(ScheduleProblem problem, FleetSchedule draft,
                                                         List<int[]> replicaRows, List<Map<String, Integer>> spotRows) {
        Map<String, Integer> out = new LinkedHashMap<>();
        double hours = problem.load().totalHours();
        for (Map.Entry<String, GpuPrices> e : problem.pricesByGpuType().entrySet()) {
            GpuPrices prices = e.getValue();
            if (prices.baseline().isEmpty()) {
                continue;
            }
            int periods = replicaRows.size();
            int[] need = new int[periods];
            int most = 0;
            for (int p = 0; p < periods; p++) {
                List<Integer> replicas = new ArrayList<>();
                for (int n : replicaRows.get(p)) {
                    replicas.add(n);
                }
                int used = draft.gpusInUse(new PeriodPlan(problem.load().periods().get(p), replicas, Map.of(), Map.of(),
                        Map.of(), List.of(), 0)).getOrDefault(e.getKey(), 0);
                need[p] = Math.max(0, used - spotRows.get(p).getOrDefault(e.getKey(), 0));
                most = Math.max(most, need[p]);
            }
            double flexible = prices.onDemand().isPresent() ? prices.onDemandUsdPerGpuHour() : Double.POSITIVE_INFINITY;
            int best = most;
            double bestCost = Double.POSITIVE_INFINITY;
            for (int r = 0; r <= most; r++) {
                double cost = r * prices.baselineUsdPerGpuHour() * hours;
                for (int p = 0; p < periods; p++) {
                    int rest = need[p] - r;
                    if (rest > 0) {
                        cost += rest * problem.load().periods().get(p).durationHours() * flexible;
                    }
                }
                if (cost < bestCost - 1e-9) {
                    bestCost = cost;
                    best = r;
                }
            }
            out.put(e.getKey(), best);
        }
        return out;
    }

    private static int value(MPVariable v) {
        return v == null ? 0 : (int) Math.rint(v.solutionValue());
    }

    private static int replicasFor(double load) {
        return load > 0 ? Math.max(1, (int) Math.ceil(load - LOAD_EPSILON)) : 0;
    }

    private static double gap(MPSolver solver, MPSolver.ResultStatus status) {
        double value = solver.objective().value();
        double bound = solver.objective().bestBound();
        if (Double.isNaN(bound) || Double.isInfinite(bound)) {
            return status == MPSolver.ResultStatus.OPTIMAL ? 0.0 : Double.NaN;
        }
        double diff = Math.abs(value - bound);
        return diff < 1e-9 ? 0.0 : diff / Math.max(Math.abs(value), 1e-9);
    }
}

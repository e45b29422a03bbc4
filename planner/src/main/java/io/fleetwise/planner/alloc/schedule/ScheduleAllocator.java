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
 * Plans a fleet over a day or a week in one mixed-integer programme (OR-Tools): a baseline of GPUs per type paid for
 * every hour (reserved or owned), plus on-demand and spot GPUs bought per period, and the replicas each period runs
 * with its buckets routed onto them.
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

    /** Load slack above an integer that still counts as fitting (the solver's tolerance is about 1e-6). */
    private static final double LOAD_EPSILON = 1e-7;

    private final SolverOptions options;
    private final int sliceFactor;

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
        return SolverOptions.defaults().withBackend(SolverBackend.SCIP).withTimeLimitSeconds(60);
    }

    public SolverOptions options() {
        return options;
    }

    public FleetSchedule solve(ScheduleProblem problem) {
        return solve(problem, ProgressListener.NONE);
    }

    /** @throws CancellationException when the listener asks to cancel */
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
        progress.progress(0.0, "Building the schedule model");
        OrTools.ensureLoaded();
        MPSolver solver = MPSolver.createSolver(solverName);
        if (solver == null) {
            throw new IllegalStateException("OR-Tools has no " + solverName + " solver in this build");
        }
        try {
            Model model = build(solver, problem);
            progress.progress(0.1, "Solving " + problem.load().periods().size() + " periods x "
                    + problem.buckets().size() + " buckets x " + problem.candidates().size() + " configs with "
                    + solverName);
            long start = System.nanoTime();
            MPSolver.ResultStatus status = solveInterruptibly(solver, progress);
            double ms = (System.nanoTime() - start) / 1e6;
            progress.progress(1.0, "Schedule solved");
            switch (status) {
                case OPTIMAL:
                case FEASIBLE:
                    return read(problem, model, status == MPSolver.ResultStatus.OPTIMAL ? SolveStatus.OPTIMAL
                            : SolveStatus.FEASIBLE, gap(solver, status), ms);
                case INFEASIBLE:
                    return FleetSchedule.withoutPlan(problem, SolveStatus.INFEASIBLE, ms, solverName,
                            "Infeasible: no schedule serves every period" + (problem.options().gpuCaps().isEmpty()
                                    ? "" : " within the availability caps " + problem.options().gpuCaps())
                                    + (problem.options().spotMaxShare() < 1 ? " and the spot share limit" : "")
                                    + ". Raise a cap, allow more purchase kinds or lower the load.");
                default:
                    return FleetSchedule.withoutPlan(problem, SolveStatus.NO_SOLUTION_FOUND, ms, solverName,
                            "The solver stopped after " + options.timeLimitSeconds() + " s without a schedule ("
                                    + status + "); raise the time limit");
            }
        } finally {
            solver.delete();
        }
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

    private static boolean buyable(GpuPrices p) {
        return p.baseline().isPresent() || p.onDemand().isPresent() || p.spot().isPresent();
    }

    private static final class Model {
        final Map<String, MPVariable> baseline = new LinkedHashMap<>();
        final List<Map<String, MPVariable>> onDemand = new ArrayList<>();
        final List<Map<String, MPVariable>> spot = new ArrayList<>();
        MPVariable[][] replicas;
        MPVariable[][][] share;
    }

    private Model build(MPSolver solver, ScheduleProblem problem) {
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
                MPVariable r = solver.makeNumVar(0, baselineUpper.get(e.getKey()), "R_" + e.getKey());
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
                    if (sliceFactor > 0 || rate < cand.throughputRps().get(b)) {
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

    private MPSolver.ResultStatus solveInterruptibly(MPSolver solver, ProgressListener listener) {
        solver.setTimeLimit((long) Math.ceil(options.timeLimitSeconds() * 1000.0));
        if (options.threads() > 1) {
            solver.setNumThreads(options.threads());
        }
        String extra = System.getProperty("fleetwise.scip", "");
        if (!extra.isEmpty()) {
            solver.setSolverSpecificParametersAsString(extra.replace(';', '\n'));
        }
        MPSolverParameters params = new MPSolverParameters();
        params.setDoubleParam(MPSolverParameters.DoubleParam.RELATIVE_MIP_GAP, options.relativeGap());
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

    private FleetSchedule read(ScheduleProblem problem, Model m, SolveStatus status, double gap, double solveMs) {
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

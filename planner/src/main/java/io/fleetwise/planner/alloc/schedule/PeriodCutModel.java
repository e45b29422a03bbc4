package io.fleetwise.planner.alloc.schedule;

import com.google.ortools.linearsolver.MPConstraint;
import com.google.ortools.linearsolver.MPObjective;
import com.google.ortools.linearsolver.MPSolver;
import com.google.ortools.linearsolver.MPVariable;
import io.fleetwise.planner.alloc.AllocationCandidate;
import io.fleetwise.planner.alloc.SolveStatus;
import io.fleetwise.planner.progress.ProgressListener;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CancellationException;

/**
 * One period of a schedule as a small MILP on replica counts, with the routing projected out (Benders feasibility
 * cuts), kept between solves so that only the baseline's bounds and price change.
 *
 * <p>A period's routing (100 buckets x 10 configs of continuous shares) matters only through one question: can these
 * replica counts carry the period's traffic? By LP duality (Farkas) they can exactly when, for every weighting
 * {@code y >= 0} of the configs, {@code sum_c y_c n_c >= sum_b rate_b min_{c serves b} y_c / throughput_bc} (weigh each
 * config's load row by y_c and sum: a request of bucket b needs at least the cheapest weighted share of a replica that
 * can serve it). So the MILP has only replica counts, the baseline GPUs it may use and the GPUs it buys, plus the
 * <em>capacity cuts</em> found so far; each solve checks its replica counts with a small LP (the most violated
 * weighting, normalised {@code sum y = 1}), adds the cut and solves again until the counts can carry the traffic. The
 * MILP with some cuts is a relaxation of the period, so its proven bound is a lower bound of the period's optimum;
 * when its solution is routable it is the period's optimum (within the MILP gap). Cuts found once stay for every later
 * solve; the first are found on the LP relaxation, where rounds cost a fraction of a millisecond.
 */
final class PeriodCutModel implements AutoCloseable {

    /** A weighting violated by less than this (replica units) is taken as carried: below the LP solvers' tolerance. */
    private static final double VIOLATION = 1e-6;

    /** Load slack above an integer that still counts as fitting (as {@link ScheduleAllocator}). */
    private static final double LOAD_EPSILON = 1e-7;

    /** Rounds of cuts on one solve before giving up (never reached in the benchmark: a few rounds suffice). */
    private static final int MAX_ROUNDS = 500;

    /**
     * A few dozen variables and rows: SCIP's cutting planes cost more than they save here (as in a period of the
     * whole model, where they made a solve about five times slower).
     */
    private static final String SCIP_SMALL_MODEL = "separating/maxroundsroot = 0\nseparating/maxrounds = 0\n";

    private final ScheduleAllocator allocator;
    private final ScheduleProblem problem;
    private final ProgressListener progress;
    private final int configs;
    private final List<AllocationCandidate> cands;
    /** Configs that can run (buyable, with traffic they serve); the others have no replica variable. */
    private final boolean[][] runs;
    private final int[][] replicaUpper;
    private final List<String> baselineTypes;
    private final int periods;
    private final Separator[] separators;
    private final MPSolver lp;
    private final MPSolver mip;
    private final Master relaxed;
    private final Master master;
    private int cutCount;
    private final int[] upper;

    /** A solve's answer: a proven lower bound of the objective, and the replicas of a routable optimum (or null). */
    record Result(double bound, double value, int[][] replicas, double[] baselineUsed) {
        boolean solved() {
            return replicas != null;
        }
    }

    /**
     * @param one           a problem of exactly one period
     * @param baselineTypes the types with a baseline price, in the caller's order
     */
    PeriodCutModel(ScheduleAllocator allocator, ScheduleProblem one, List<String> baselineTypes, ProgressListener progress) {
        this.allocator = allocator;
        this.problem = one;
        this.progress = progress;
        this.baselineTypes = baselineTypes;
        this.cands = one.candidates();
        this.configs = cands.size();
        periods = one.load().periods().size();
        runs = new boolean[periods][configs];
        replicaUpper = new int[periods][configs];
        separators = new Separator[periods];
        for (int p = 0; p < periods; p++) {
            for (int c = 0; c < configs; c++) {
                double load = 0;
                for (int b = 0; b < one.buckets().size(); b++) {
                    if (one.rate(p, b) > 0 && cands.get(c).canServe(b)) {
                        load += one.rate(p, b) / cands.get(c).throughputRps().get(b);
                    }
                }
                runs[p][c] = load > 0 && ScheduleAllocator.buyable(one.prices(cands.get(c)));
                replicaUpper[p][c] = runs[p][c] ? Math.max(1, (int) Math.ceil(load - LOAD_EPSILON)) : 0;
            }
            separators[p] = new Separator(p);
        }
        lp = MPSolver.createSolver("GLOP");
        mip = MPSolver.createSolver("SCIP");
        if (lp == null || mip == null) {
            throw new IllegalStateException("OR-Tools has no GLOP or SCIP solver in this build");
        }
        relaxed = new Master(lp, false);
        master = new Master(mip, true);
        upper = new int[baselineTypes.size()];
        for (int g = 0; g < upper.length; g++) {
            upper[g] = master.baseline[g] == null ? 0 : (int) Math.round(master.baseline[g].ub());
        }
        for (int round = 0; round < MAX_ROUNDS; round++) {
            if (lp.solve() != MPSolver.ResultStatus.OPTIMAL || !separate(relaxed)) {
                break;
            }
        }
    }

    /** Most baseline GPUs of each type this period could use (0 for a type it cannot run). */
    int upper(int g) {
        return upper[g];
    }

    int cuts() {
        return cutCount;
    }

    /**
     * The period's cheapest plan when between {@code lo[g]} and {@code hi[g]} baseline GPUs of type g are there at
     * {@code price[g]} each (clipped to what the period can use).
     */
    Result solve(int[] lo, int[] hi, double[] price, double seconds, double gap) {
        long deadline = System.nanoTime() + (long) (seconds * 1e9);
        for (int g = 0; g < baselineTypes.size(); g++) {
            MPVariable r = master.baseline[g];
            if (r != null) {
                r.setBounds(Math.min(lo[g], upper(g)), Math.min(hi[g], upper(g)));
                mip.objective().setCoefficient(r, price[g]);
            }
        }
        double bound = 0;
        for (int round = 0; round < MAX_ROUNDS; round++) {
            double left = (deadline - System.nanoTime()) / 1e9;
            if (left <= 0) {
                return new Result(bound, Double.NaN, null, null);
            }
            // SCIP cannot take new bounds on a variable its presolve made binary ("invalid bounds for binary
            // variable"): extract the (small) model afresh; cuts and everything else stay in the model
            mip.reset();
            mip.setSolverSpecificParametersAsString(SCIP_SMALL_MODEL);
            MPSolver.ResultStatus status = allocator.solveInterruptibly(mip, progress, left, gap);
            if (status == MPSolver.ResultStatus.INFEASIBLE) {
                return new Result(Double.POSITIVE_INFINITY, Double.NaN, null, null);
            }
            if (status != MPSolver.ResultStatus.OPTIMAL && status != MPSolver.ResultStatus.FEASIBLE) {
                return new Result(bound, Double.NaN, null, null);
            }
            double value = mip.objective().value();
            double b = status == MPSolver.ResultStatus.OPTIMAL ? Math.min(value, mip.objective().bestBound())
                    : mip.objective().bestBound();
            if (Double.isFinite(b)) {
                bound = Math.max(bound, b);
            }
            int[][] n = new int[periods][configs];
            for (int p = 0; p < periods; p++) {
                double[] counts = master.replicaValues(p);
                for (int c = 0; c < configs; c++) {
                    n[p][c] = (int) counts[c];
                }
            }
            double[] used = new double[baselineTypes.size()];
            for (int g = 0; g < used.length; g++) {
                used[g] = master.baseline[g] == null ? 0 : master.baseline[g].solutionValue();
            }
            if (!separate(master)) {
                return new Result(bound, value, n, used);
            }
        }
        return new Result(bound, Double.NaN, null, null);
    }

    /** Adds the most violated capacity cut at {@code at}'s solution to both models; false if the counts are routable. */
    private boolean separate(Master at) {
        // read every period's counts before adding any cut: a changed model has no solution to read
        double[][] counts = new double[periods][];
        for (int p = 0; p < periods; p++) {
            counts[p] = at.replicaValues(p);
        }
        boolean any = false;
        for (int p = 0; p < periods; p++) {
            double[] y = separators[p].mostViolated(counts[p]);
            if (y == null) {
                continue;
            }
            double rhs = rhs(p, y);
            relaxed.addCut(p, y, rhs);
            master.addCut(p, y, rhs);
            cutCount++;
            any = true;
        }
        return any;
    }

    @Override
    public void close() {
        lp.delete();
        mip.delete();
        for (Separator s : separators) {
            s.close();
        }
    }

    /** Least weighted replica capacity period p's traffic needs under weighting y. */
    private double rhs(int p, double[] y) {
        double total = 0;
        for (int b = 0; b < problem.buckets().size(); b++) {
            double rate = problem.rate(p, b);
            if (rate <= 0) {
                continue;
            }
            double cheapest = Double.POSITIVE_INFINITY;
            for (int c = 0; c < configs; c++) {
                if (runs[p][c] && cands.get(c).canServe(b)) {
                    cheapest = Math.min(cheapest, y[c] / cands.get(c).throughputRps().get(b));
                }
            }
            if (Double.isFinite(cheapest)) {
                total += rate * cheapest;
            }
        }
        // a hair below: a routable count must never be cut off by rounding in the sum
        return total * (1 - 1e-9);
    }

    /** Hints a solution (baseline and replica counts per period) to the MILP's next solve. */
    void hint(int[] baseline, int[][] replicas) {
        master.hint(baseline, replicas);
    }

    /** The master programme: replicas, baseline and GPUs bought, no routing; capacity cuts added as found. */
    private final class Master {
        final MPSolver solver;
        final boolean integer;
        final MPVariable[] baseline;
        final MPVariable[][] replicas;

        Master(MPSolver solver, boolean integer) {
            this.solver = solver;
            this.integer = integer;
            MPObjective objective = solver.objective();
            double hours = problem.load().totalHours();
            Map<String, Integer> baselineUpper = new LinkedHashMap<>();
            List<Map<String, Integer>> gpuUpper = new ArrayList<>();
            for (int p = 0; p < periods; p++) {
                Map<String, Integer> now = new LinkedHashMap<>();
                for (int c = 0; c < configs; c++) {
                    if (runs[p][c]) {
                        now.merge(cands.get(c).gpuType(), replicaUpper[p][c] * cands.get(c).gpuCount(), Integer::sum);
                    }
                }
                problem.options().gpuCaps().forEach((type, cap) -> now.computeIfPresent(type, (k, v) -> Math.min(v, cap)));
                now.forEach((type, v) -> baselineUpper.merge(type, v, Math::max));
                gpuUpper.add(now);
            }
            baseline = new MPVariable[baselineTypes.size()];
            for (int g = 0; g < baselineTypes.size(); g++) {
                String type = baselineTypes.get(g);
                baseline[g] = var(0, baselineUpper.getOrDefault(type, 0), true, "B_" + g);
                objective.setCoefficient(baseline[g],
                        problem.pricesByGpuType().get(type).baselineUsdPerGpuHour() * hours);
            }
            replicas = new MPVariable[periods][configs];
            for (int p = 0; p < periods; p++) {
                double periodHours = problem.load().periods().get(p).durationHours();
                Map<String, MPConstraint> typeRows = new LinkedHashMap<>();
                List<MPVariable> spot = new ArrayList<>();
                for (Map.Entry<String, Integer> e : gpuUpper.get(p).entrySet()) {
                    String type = e.getKey();
                    GpuPrices prices = problem.pricesByGpuType().get(type);
                    MPConstraint row = solver.makeConstraint(-MPSolver.infinity(), 0.0, "gpus_" + p + "_" + type);
                    typeRows.put(type, row);
                    int g = baselineTypes.indexOf(type);
                    if (g >= 0) {
                        row.setCoefficient(baseline[g], -1.0);
                    }
                    if (prices.onDemand().isPresent()) {
                        // continuous: at the optimum it is in use - baseline - spot, a whole number
                        MPVariable o = var(0.0, e.getValue(), true, "O_" + p + "_" + type);
                        row.setCoefficient(o, -1.0);
                        objective.setCoefficient(o, periodHours * prices.onDemandUsdPerGpuHour());
                    }
                    if (prices.spot().isPresent()) {
                        MPVariable s = var(0, e.getValue(), true, "S_" + p + "_" + type);
                        spot.add(s);
                        row.setCoefficient(s, -1.0);
                        objective.setCoefficient(s, periodHours * prices.spotExpectedUsdPerGpuHour());
                    }
                }
                MPConstraint spotRow = problem.options().spotMaxShare() < 1 && !spot.isEmpty()
                        ? solver.makeConstraint(-MPSolver.infinity(), 0.0, "spot_share_" + p) : null;
                if (spotRow != null) {
                    spot.forEach(v -> spotRow.setCoefficient(v, 1.0));
                }
                for (int c = 0; c < configs; c++) {
                    if (!runs[p][c]) {
                        continue;
                    }
                    AllocationCandidate cand = cands.get(c);
                    MPVariable n = var(0, replicaUpper[p][c], true, "n_" + p + "_" + c);
                    replicas[p][c] = n;
                    typeRows.get(cand.gpuType()).setCoefficient(n, cand.gpuCount());
                    if (spotRow != null) {
                        spotRow.setCoefficient(n, -cand.gpuCount() * problem.options().spotMaxShare());
                    }
                }
                for (Map.Entry<String, Integer> cap : problem.options().gpuCaps().entrySet()) {
                    MPConstraint row = solver.makeConstraint(0.0, cap.getValue(), "cap_" + p + "_" + cap.getKey());
                    for (int c = 0; c < configs; c++) {
                        if (replicas[p][c] != null && cands.get(c).gpuType().equals(cap.getKey())) {
                            row.setCoefficient(replicas[p][c], cands.get(c).gpuCount());
                        }
                    }
                }
            }
            objective.setMinimization();
        }

        private MPVariable var(double lo, double hi, boolean whole, String name) {
            return integer && whole ? solver.makeIntVar(lo, hi, name) : solver.makeNumVar(lo, hi, name);
        }

        void addCut(int p, double[] y, double rhs) {
            MPConstraint row = solver.makeConstraint(rhs, MPSolver.infinity(), "cut_" + p + "_" + cutCount);
            for (int c = 0; c < configs; c++) {
                if (replicas[p][c] != null && y[c] != 0) {
                    row.setCoefficient(replicas[p][c], y[c]);
                }
            }
        }

        void hint(int[] b, int[][] n) {
            List<MPVariable> vars = new ArrayList<>();
            List<Double> values = new ArrayList<>();
            for (int g = 0; g < baseline.length; g++) {
                vars.add(baseline[g]);
                values.add((double) Math.min(b[g], upper[g]));
            }
            for (int p = 0; p < periods; p++) {
                for (int c = 0; c < configs; c++) {
                    if (replicas[p][c] != null) {
                        vars.add(replicas[p][c]);
                        values.add((double) n[p][c]);
                    }
                }
            }
            double[] v = new double[values.size()];
            for (int i = 0; i < v.length; i++) {
                v[i] = values.get(i);
            }
            solver.setHint(vars.toArray(new MPVariable[0]), v);
        }

        double[] replicaValues(int p) {
            double[] n = new double[configs];
            for (int c = 0; c < configs; c++) {
                n[c] = replicas[p][c] == null ? 0 : replicas[p][c].solutionValue();
                if (integer) {
                    n[c] = Math.rint(n[c]);
                }
            }
            return n;
        }

    }

    /** Routes period p's buckets onto its replicas (an LP); raises a count the LP's tolerance overfilled, with a note. */
    List<List<Double>> route(int p, int[] n, StringBuilder notes) {
        int buckets = problem.buckets().size();
        MPSolver lp = MPSolver.createSolver("GLOP");
        try {
            MPVariable[][] x = new MPVariable[buckets][configs];
            MPConstraint[] load = new MPConstraint[configs];
            for (int c = 0; c < configs; c++) {
                if (n[c] > 0) {
                    load[c] = lp.makeConstraint(-MPSolver.infinity(), n[c], "load_" + c);
                }
            }
            for (int b = 0; b < buckets; b++) {
                double rate = problem.rate(p, b);
                if (rate <= 0) {
                    continue;
                }
                MPConstraint routed = lp.makeConstraint(1.0, 1.0, "route_" + b);
                for (int c = 0; c < configs; c++) {
                    if (load[c] != null && cands.get(c).canServe(b)) {
                        x[b][c] = lp.makeNumVar(0.0, 1.0, "x_" + b + "_" + c);
                        routed.setCoefficient(x[b][c], 1.0);
                        load[c].setCoefficient(x[b][c], rate / cands.get(c).throughputRps().get(b));
                    }
                }
            }
            MPSolver.ResultStatus status = lp.solve();
            if (status != MPSolver.ResultStatus.OPTIMAL) {
                throw new IllegalStateException("Period " + problem.load().periods().get(p).label()
                        + ": the routing LP found no routing for replica counts the capacity cuts accept (" + status + ")");
            }
            List<List<Double>> shares = new ArrayList<>();
            double[] used = new double[configs];
            for (int b = 0; b < buckets; b++) {
                List<Double> row = new ArrayList<>();
                double sum = 0;
                for (int c = 0; c < configs; c++) {
                    double v = x[b][c] == null ? 0.0 : Math.max(0.0, Math.min(1.0, x[b][c].solutionValue()));
                    v = v < 1e-9 ? 0.0 : v;
                    row.add(v);
                    sum += v;
                }
                if (sum > 0) {
                    // shares of a bucket add up to one exactly
                    for (int c = 0; c < configs; c++) {
                        row.set(c, row.get(c) / sum);
                        used[c] += problem.rate(p, b) * row.get(c) / (row.get(c) > 0
                                ? cands.get(c).throughputRps().get(b) : 1.0);
                    }
                }
                shares.add(row);
            }
            for (int c = 0; c < configs; c++) {
                int needed = used[c] > 0 ? Math.max(1, (int) Math.ceil(used[c] - LOAD_EPSILON)) : 0;
                if (needed > n[c]) {
                    notes.append(String.format(Locale.ROOT, "Raised %s in %s from %d to %d replicas: the LP's "
                                    + "tolerance let load %.9f pass. ", cands.get(c).name(),
                            problem.load().periods().get(p).label(), n[c], needed, used[c]));
                    n[c] = needed;
                }
            }
            return shares;
        } finally {
            lp.delete();
        }
    }

    /**
     * Period p's check: the weighting y (sum 1) of its configs under which its traffic most exceeds the weighted
     * replicas, or null if none does (the counts can carry it). An LP kept between calls; only its objective changes.
     */
    private final class Separator implements AutoCloseable {
        final MPSolver lp = MPSolver.createSolver("GLOP");
        final MPVariable[] y = new MPVariable[configs];

        Separator(int p) {
            MPObjective objective = lp.objective();
            MPConstraint sum = lp.makeConstraint(1.0, 1.0, "sum");
            for (int c = 0; c < configs; c++) {
                if (runs[p][c]) {
                    y[c] = lp.makeNumVar(0.0, 1.0, "y_" + c);
                    sum.setCoefficient(y[c], 1.0);
                }
            }
            for (int b = 0; b < problem.buckets().size(); b++) {
                double rate = problem.rate(p, b);
                if (rate <= 0) {
                    continue;
                }
                MPVariable z = lp.makeNumVar(0.0, MPSolver.infinity(), "z_" + b);
                objective.setCoefficient(z, 1.0);
                for (int c = 0; c < configs; c++) {
                    if (y[c] != null && cands.get(c).canServe(b)) {
                        MPConstraint row = lp.makeConstraint(-MPSolver.infinity(), 0.0, "z_" + b + "_" + c);
                        row.setCoefficient(z, 1.0);
                        row.setCoefficient(y[c], -rate / cands.get(c).throughputRps().get(b));
                    }
                }
            }
            objective.setMaximization();
        }

        double[] mostViolated(double[] n) {
            for (int c = 0; c < configs; c++) {
                if (y[c] != null) {
                    lp.objective().setCoefficient(y[c], -n[c]);
                }
            }
            MPSolver.ResultStatus status = lp.solve();
            if (status != MPSolver.ResultStatus.OPTIMAL || lp.objective().value() <= VIOLATION) {
                return null;
            }
            double[] w = new double[configs];
            for (int c = 0; c < configs; c++) {
                // tiny weights are dropped; the cut's right-hand side is computed for the weights kept, so it stays valid
                w[c] = y[c] == null || y[c].solutionValue() < 1e-9 ? 0.0 : y[c].solutionValue();
            }
            return w;
        }

        @Override
        public void close() {
            lp.delete();
        }
    }

}

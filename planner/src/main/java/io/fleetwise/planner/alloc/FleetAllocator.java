package io.fleetwise.planner.alloc;

import com.google.ortools.linearsolver.MPConstraint;
import com.google.ortools.linearsolver.MPObjective;
import com.google.ortools.linearsolver.MPSolver;
import com.google.ortools.linearsolver.MPSolverParameters;
import com.google.ortools.linearsolver.MPVariable;
import io.fleetwise.planner.progress.ProgressListener;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CancellationException;

/**
 * Cost-aware bin packing of workload buckets onto candidate replicas (Mélange, Griggs et al. 2024),
 * solved exactly as an integer programme with OR-Tools.
 *
 * <p>Min-cost model: integer replica counts {@code n[c] >= 0}; each bucket's rate is cut into
 * {@code sliceFactor} equal slices and every slice goes to exactly one candidate that can serve the
 * bucket; a candidate's load {@code sum slice rate / throughput[bucket][c]} must fit in {@code n[c]};
 * minimise {@code sum n[c] * cost[c]}. Availability caps bound {@code sum n[c] * gpus[c]} per GPU type.
 * Budget mode lets slices go unserved, caps cost at the budget, maximises the served rate and then,
 * with that rate fixed, minimises cost. See {@link Formulation} for the two equivalent encodings.
 */
public final class FleetAllocator {

    /** Load slack above an integer that still counts as fitting (solver tolerance is 1e-6 relative). */
    private static final double LOAD_EPSILON = 1e-7;

    private final SolverOptions options;

    public FleetAllocator() {
        this(SolverOptions.defaults());
    }

    public FleetAllocator(SolverOptions options) {
        this.options = Objects.requireNonNull(options, "options");
    }

    public SolverOptions options() {
        return options;
    }

    public AllocationResult solve(AllocationProblem problem) {
        return solve(problem, ProgressListener.NONE);
    }

    /**
     * Solves the problem. An unsolvable problem gives a result with status INFEASIBLE and a message
     * naming the cause (the bucket nobody can serve, the caps or the budget), not an exception.
     *
     * @throws CancellationException when the listener asks to cancel
     */
    public AllocationResult solve(AllocationProblem problem, ProgressListener listener) {
        Objects.requireNonNull(problem, "problem");
        Objects.requireNonNull(listener, "listener");
        if (listener.isCancelled()) {
            throw new CancellationException("Allocation cancelled before it started");
        }
        boolean budgetMode = problem.mode() == AllocationMode.MAX_GOODPUT_WITHIN_BUDGET;
        if (!budgetMode) {
            String unservable = unservableBuckets(problem);
            if (!unservable.isEmpty()) {
                return AllocationResult.withoutPlan(problem, SolveStatus.INFEASIBLE, 0.0, options.backend().orToolsId(),
                        options.formulation(), unservable);
            }
        }
        double limitSeconds = options.secondsAllowedAt(System.nanoTime());
        if (limitSeconds <= 0) {
            return AllocationResult.withoutPlan(problem, SolveStatus.NO_SOLUTION_FOUND, 0.0, options.backend().orToolsId(),
                    options.formulation(), "The time limit ran out before the solver could start; raise the time limit");
        }
        listener.progress(0.0, "Building the allocation model");
        OrTools.ensureLoaded();
        MPSolver solver = MPSolver.createSolver(options.backend().orToolsId());
        if (solver == null) {
            throw new IllegalStateException("OR-Tools has no " + options.backend().orToolsId()
                    + " solver in this build; choose another SolverBackend");
        }
        try {
            Model model = buildModel(solver, problem, budgetMode);
            listener.progress(0.1, "Solving with " + options.backend().orToolsId());
            long start = System.nanoTime();
            MPSolver.ResultStatus status = solveInterruptibly(solver, listener, limitSeconds);
            double gap = relativeGap(solver, status);
            if (status == MPSolver.ResultStatus.OPTIMAL || status == MPSolver.ResultStatus.FEASIBLE) {
                model.keepSolution();
            }
            double secondPassSeconds = options.secondsAllowedAt(System.nanoTime());
            if (budgetMode && secondPassSeconds > 0
                    && (status == MPSolver.ResultStatus.OPTIMAL || status == MPSolver.ResultStatus.FEASIBLE)) {
                // Second pass: keep the served rate the first pass reached and pay as little as possible for it.
                double served = solver.objective().value();
                MPConstraint keepServed = solver.makeConstraint(served - Math.max(1e-9, 1e-9 * served),
                        MPSolver.infinity(), "keep_served_rate");
                for (AssignmentVar a : model.assignments) {
                    keepServed.setCoefficient(a.var, a.ratePerUnit);
                }
                MPObjective objective = solver.objective();
                objective.clear();
                for (int c = 0; c < model.counts.length; c++) {
                    objective.setCoefficient(model.counts[c], problem.candidates().get(c).costPerHourUsd());
                }
                objective.setMinimization();
                listener.progress(0.55, "Minimising cost at the best served rate");
                MPSolver.ResultStatus second = solveInterruptibly(solver, listener, secondPassSeconds);
                if (second == MPSolver.ResultStatus.OPTIMAL || second == MPSolver.ResultStatus.FEASIBLE) {
                    status = worse(status, second);
                    gap = Math.max(gap, relativeGap(solver, second));
                    model.keepSolution();
                }
                // otherwise the first pass's plan stands: same served rate, cost not minimised further
            }
            double solveTimeMs = (System.nanoTime() - start) / 1e6;
            String note = "";
            if (options.backend() == SolverBackend.CBC && status == MPSolver.ResultStatus.OPTIMAL
                    && solveTimeMs >= 0.98 * limitSeconds * 1000.0) {
                // OR-Tools' CBC wrapper can report OPTIMAL when CBC stopped on the time limit (seen in the
                // allocator benchmark); a proof that ran out of time is not one.
                status = MPSolver.ResultStatus.FEASIBLE;
                gap = Double.NaN;
                note = "CBC stopped at the " + seconds(limitSeconds) + " s time limit; optimality is not proven. ";
            }
            listener.progress(1.0, "Solved: " + status);
            AllocationResult result = toResult(problem, model, status, gap, solveTimeMs, budgetMode, limitSeconds);
            return note.isEmpty() ? result : result.withMessage((note + result.message()).trim());
        } finally {
            solver.delete();
        }
    }

    /** Names every bucket with traffic that no candidate can serve; empty when there is none. */
    static String unservableBuckets(AllocationProblem problem) {
        List<String> names = new ArrayList<>();
        for (int b = 0; b < problem.buckets().size(); b++) {
            if (problem.bucketRatePerSecond(b) <= 0) {
                continue;
            }
            boolean servable = false;
            for (AllocationCandidate c : problem.candidates()) {
                servable |= c.canServe(b);
            }
            if (!servable) {
                names.add("'" + problem.buckets().get(b).name() + "' ("
                        + String.format(Locale.ROOT, "%.4g", problem.bucketRatePerSecond(b)) + " req/s)");
            }
        }
        if (names.isEmpty()) {
            return "";
        }
        return "Infeasible: no candidate can serve bucket" + (names.size() > 1 ? "s " : " ") + String.join(", ", names)
                + " - every candidate's throughput for it is 0 or missing. Add a candidate that can serve it "
                + "or remove its traffic.";
    }

    private static final class AssignmentVar {
        final int bucket;
        final int candidate;
        final MPVariable var;
        /** Rate one unit of {@code var} routes: slice rate. */
        final double ratePerUnit;

        AssignmentVar(int bucket, int candidate, MPVariable var, double ratePerUnit) {
            this.bucket = bucket;
            this.candidate = candidate;
            this.var = var;
            this.ratePerUnit = ratePerUnit;
        }
    }

    private static final class Model {
        final MPVariable[] counts;
        final List<AssignmentVar> assignments = new ArrayList<>();
        double[] countValues;
        double[] assignmentValues;

        Model(int candidates) {
            counts = new MPVariable[candidates];
        }

        /** Copies the solver's current solution, which a later failed solve would overwrite. */
        void keepSolution() {
            countValues = new double[counts.length];
            for (int c = 0; c < counts.length; c++) {
                countValues[c] = counts[c].solutionValue();
            }
            assignmentValues = new double[assignments.size()];
            for (int i = 0; i < assignmentValues.length; i++) {
                assignmentValues[i] = assignments.get(i).var.solutionValue();
            }
        }
    }

    private Model buildModel(MPSolver solver, AllocationProblem problem, boolean budgetMode) {
        List<AllocationCandidate> candidates = problem.candidates();
        int k = problem.sliceFactor();
        Model model = new Model(candidates.size());
        double[] fullLoad = new double[candidates.size()];
        for (int b = 0; b < problem.buckets().size(); b++) {
            double rate = problem.bucketRatePerSecond(b);
            for (int c = 0; c < candidates.size(); c++) {
                if (rate > 0 && candidates.get(c).canServe(b)) {
                    fullLoad[c] += rate / candidates.get(c).throughputRps().get(b);
                }
            }
        }
        for (int c = 0; c < candidates.size(); c++) {
            AllocationCandidate cand = candidates.get(c);
            double upper = replicasFor(fullLoad[c]);
            Integer cap = problem.gpuCapsByType().get(cand.gpuType());
            if (cap != null) {
                upper = Math.min(upper, Math.floor(cap / (double) cand.gpuCount()));
            }
            if (budgetMode && cand.costPerHourUsd() > 0) {
                upper = Math.min(upper, Math.floor(problem.budgetPerHourUsd() / cand.costPerHourUsd() + 1e-9));
            }
            model.counts[c] = solver.makeIntVar(0, Math.max(0, upper), "n_" + c);
        }
        MPConstraint[] capacity = new MPConstraint[candidates.size()];
        for (int c = 0; c < candidates.size(); c++) {
            capacity[c] = solver.makeConstraint(-MPSolver.infinity(), 0.0, "load_" + c);
            capacity[c].setCoefficient(model.counts[c], -1.0);
        }
        for (int b = 0; b < problem.buckets().size(); b++) {
            double rate = problem.bucketRatePerSecond(b);
            if (rate <= 0) {
                continue;
            }
            double sliceRate = rate / k;
            boolean aggregated = options.formulation() == Formulation.AGGREGATED;
            int rows = aggregated ? 1 : k;
            for (int s = 0; s < rows; s++) {
                double lower = budgetMode ? 0.0 : (aggregated ? k : 1);
                double upper = aggregated ? k : 1;
                MPConstraint assign = solver.makeConstraint(lower, upper, "assign_" + b + "_" + s);
                for (int c = 0; c < candidates.size(); c++) {
                    if (!candidates.get(c).canServe(b)) {
                        continue;
                    }
                    MPVariable v = aggregated
                            ? solver.makeIntVar(0, k, "y_" + b + "_" + c)
                            : solver.makeBoolVar("x_" + b + "_" + s + "_" + c);
                    assign.setCoefficient(v, 1.0);
                    capacity[c].setCoefficient(v, sliceRate / candidates.get(c).throughputRps().get(b));
                    // A load far below the solver's tolerance would otherwise fit in zero replicas.
                    MPConstraint needsReplica = solver.makeConstraint(-MPSolver.infinity(), 0.0,
                            "uses_" + b + "_" + s + "_" + c);
                    needsReplica.setCoefficient(v, 1.0);
                    needsReplica.setCoefficient(model.counts[c], -(aggregated ? k : 1));
                    model.assignments.add(new AssignmentVar(b, c, v, sliceRate));
                }
            }
        }
        for (Map.Entry<String, Integer> cap : problem.gpuCapsByType().entrySet()) {
            MPConstraint capConstraint = solver.makeConstraint(0.0, cap.getValue(), "cap_" + cap.getKey());
            for (int c = 0; c < candidates.size(); c++) {
                if (candidates.get(c).gpuType().equals(cap.getKey())) {
                    capConstraint.setCoefficient(model.counts[c], candidates.get(c).gpuCount());
                }
            }
        }
        MPObjective objective = solver.objective();
        if (budgetMode) {
            MPConstraint budget = solver.makeConstraint(0.0, problem.budgetPerHourUsd(), "budget");
            for (int c = 0; c < candidates.size(); c++) {
                budget.setCoefficient(model.counts[c], candidates.get(c).costPerHourUsd());
            }
            for (AssignmentVar a : model.assignments) {
                objective.setCoefficient(a.var, a.ratePerUnit);
            }
            objective.setMaximization();
        } else {
            for (int c = 0; c < candidates.size(); c++) {
                objective.setCoefficient(model.counts[c], candidates.get(c).costPerHourUsd());
            }
            objective.setMinimization();
        }
        return model;
    }

    private MPSolver.ResultStatus solveInterruptibly(MPSolver solver, ProgressListener listener, double limitSeconds) {
        solver.setTimeLimit(Math.max(1L, (long) Math.ceil(limitSeconds * 1000.0)));
        if (options.threads() > 1) {
            solver.setNumThreads(options.threads());
        }
        MPSolverParameters params = new MPSolverParameters();
        params.setDoubleParam(MPSolverParameters.DoubleParam.RELATIVE_MIP_GAP, options.relativeGap());
        CancelWatcher watcher = new CancelWatcher(solver, listener);
        watcher.start();
        MPSolver.ResultStatus status;
        try {
            status = solver.solve(params);
        } finally {
            watcher.finish();
            params.delete();
        }
        if (watcher.interrupted || listener.isCancelled()) {
            throw new CancellationException("Allocation cancelled while solving");
        }
        if (status == MPSolver.ResultStatus.MODEL_INVALID) {
            throw new IllegalStateException("OR-Tools rejected the allocation model as invalid; check for "
                    + "non-finite costs or throughputs");
        }
        return status;
    }

    /** Polls the listener and interrupts the native solve when it asks to cancel. */
    private static final class CancelWatcher extends Thread {
        private final MPSolver solver;
        private final ProgressListener listener;
        private volatile boolean finished;
        volatile boolean interrupted;

        CancelWatcher(MPSolver solver, ProgressListener listener) {
            super("allocator-cancel-watcher");
            setDaemon(true);
            this.solver = solver;
            this.listener = listener;
        }

        @Override
        public void run() {
            while (!finished) {
                if (listener.isCancelled()) {
                    interrupted = true;
                    solver.interruptSolve();
                    return;
                }
                try {
                    Thread.sleep(20);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }

        void finish() {
            finished = true;
            interrupt();
            try {
                join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** Replicas a load needs: any positive load needs one, however small; a hair above an integer does not. */
    private static int replicasFor(double load) {
        return load > 0 ? Math.max(1, (int) Math.ceil(load - LOAD_EPSILON)) : 0;
    }

    private static double relativeGap(MPSolver solver, MPSolver.ResultStatus status) {
        if (status != MPSolver.ResultStatus.OPTIMAL && status != MPSolver.ResultStatus.FEASIBLE) {
            return Double.NaN;
        }
        double value = solver.objective().value();
        double bound = solver.objective().bestBound();
        if (Double.isNaN(bound) || Double.isInfinite(bound)) {
            return status == MPSolver.ResultStatus.OPTIMAL ? 0.0 : Double.NaN;
        }
        double diff = Math.abs(value - bound);
        if (diff < 1e-9) {
            return 0.0;
        }
        return diff / Math.max(Math.abs(value), 1e-9);
    }

    private static String seconds(double s) {
        return String.format(Locale.ROOT, "%.3g", s);
    }

    private static MPSolver.ResultStatus worse(MPSolver.ResultStatus a, MPSolver.ResultStatus b) {
        return a == MPSolver.ResultStatus.OPTIMAL ? b : a;
    }

    private AllocationResult toResult(AllocationProblem problem, Model model, MPSolver.ResultStatus status,
                                      double gap, double solveTimeMs, boolean budgetMode, double limitSeconds) {
        String solverName = options.backend().orToolsId();
        switch (status) {
            case OPTIMAL:
            case FEASIBLE:
                break;
            case INFEASIBLE:
                return AllocationResult.withoutPlan(problem, SolveStatus.INFEASIBLE, solveTimeMs, solverName,
                        options.formulation(), infeasibleMessage(problem));
            default:
                return AllocationResult.withoutPlan(problem, SolveStatus.NO_SOLUTION_FOUND, solveTimeMs, solverName,
                        options.formulation(), "The solver stopped after " + seconds(limitSeconds)
                                + " s without finding a plan (" + status + "); raise the time limit");
        }
        List<AllocationCandidate> candidates = problem.candidates();
        int k = problem.sliceFactor();
        double[][] units = new double[problem.buckets().size()][candidates.size()];
        double[] load = new double[candidates.size()];
        double served = 0;
        for (int i = 0; i < model.assignments.size(); i++) {
            AssignmentVar a = model.assignments.get(i);
            double v = Math.rint(model.assignmentValues[i]);
            units[a.bucket][a.candidate] += v;
            load[a.candidate] += v * a.ratePerUnit / candidates.get(a.candidate).throughputRps().get(a.bucket);
            served += v * a.ratePerUnit;
        }
        List<Integer> counts = new ArrayList<>();
        double cost = 0;
        StringBuilder notes = new StringBuilder();
        for (int c = 0; c < candidates.size(); c++) {
            int n = (int) Math.rint(model.countValues[c]);
            // The solver accepts loads a hair above n within its tolerance; never hand out an overloaded plan.
            int needed = replicasFor(load[c]);
            if (needed > n) {
                notes.append("Raised ").append(candidates.get(c).name()).append(" from ").append(n).append(" to ")
                        .append(needed).append(" replicas: the solver's tolerance let load ")
                        .append(String.format(Locale.ROOT, "%.9f", load[c])).append(" pass. ");
                n = needed;
            }
            counts.add(n);
            cost += n * candidates.get(c).costPerHourUsd();
        }
        List<List<Double>> shares = new ArrayList<>();
        for (int b = 0; b < problem.buckets().size(); b++) {
            List<Double> row = new ArrayList<>();
            for (int c = 0; c < candidates.size(); c++) {
                row.add(units[b][c] / k);
            }
            shares.add(row);
        }
        if (budgetMode && served < problem.demandRatePerSecond() - 1e-9) {
            notes.append(String.format(Locale.ROOT, "The budget of %.2f $/h serves %.4g of %.4g req/s (%.1f %%). ",
                    problem.budgetPerHourUsd(), served, problem.demandRatePerSecond(),
                    100.0 * served / Math.max(problem.demandRatePerSecond(), 1e-12)));
        }
        SolveStatus solveStatus = status == MPSolver.ResultStatus.OPTIMAL ? SolveStatus.OPTIMAL : SolveStatus.FEASIBLE;
        return new AllocationResult(candidates, counts, cost, shares, served, problem.demandRatePerSecond(),
                solveStatus, gap, solveTimeMs, solverName, options.formulation(), notes.toString().trim());
    }

    private static String infeasibleMessage(AllocationProblem problem) {
        if (problem.mode() == AllocationMode.MAX_GOODPUT_WITHIN_BUDGET) {
            return "Infeasible: no plan fits the budget of " + problem.budgetPerHourUsd() + " $/h and the caps "
                    + problem.gpuCapsByType();
        }
        if (!problem.gpuCapsByType().isEmpty()) {
            return "Infeasible: no plan serves the whole workload within the availability caps "
                    + capsText(problem.gpuCapsByType()) + ". Raise a cap, lower the rate or add candidates.";
        }
        return "Infeasible: the solver found no plan that serves the whole workload";
    }

    static String capsText(Map<String, Integer> caps) {
        List<String> parts = new ArrayList<>();
        caps.forEach((type, cap) -> parts.add(type + " <= " + cap + " GPUs"));
        return String.join(", ", parts);
    }
}

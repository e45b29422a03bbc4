package io.fleetwise.planner.alloc.schedule;

import com.google.ortools.linearsolver.MPConstraint;
import com.google.ortools.linearsolver.MPObjective;
import com.google.ortools.linearsolver.MPSolver;
import com.google.ortools.linearsolver.MPVariable;
import io.fleetwise.planner.alloc.SolveStatus;
import io.fleetwise.planner.progress.ProgressListener;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.Set;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.IntFunction;

/**
 * Exact schedule by decomposition over the baseline. The only thing the periods share is the baseline B[g] (GPUs of
 * type g paid for every hour); given B, each period is a static allocation of its own in which a type's GPUs up to
 * B[g] are free and above it cost the flexible price. So:
 *
 * <ul>
 *   <li>Each period is a small MILP of its own (built once, kept in its solver; only the baseline's bounds and price
 *   change between solves), solved on every core the options allow.</li>
 *   <li>Lower bound (Lagrangian relaxation of "every period uses the same baseline"): for any prices mu[p][g] >= 0,
 *   {@code cost(B) >= sum_p phi_p(mu_p) + sum_g (term_g - sum_p mu[p][g]) B[g]}, where phi_p(mu_p) is period p's
 *   cheapest plan when a baseline GPU of type g costs it mu[p][g] (the solver's proven bound of it, so the bound is
 *   valid even when a period solve stops early). The prices come from a Dantzig-Wolfe master LP over the period plans
 *   found so far (column generation): this bound is as strong as every period's own integer hull, far stronger than
 *   the whole programme's LP relaxation, which is what stalls a MILP solver on the whole programme.</li>
 *   <li>Upper bound: the master's baseline, rounded, with every period solved exactly around it.</li>
 *   <li>The Lagrangian bound tails off, and the periods' costs are not convex in B, so after some rounds at the root
 *   the search goes baseline by baseline: every baseline that could still beat the best schedule gets a proven bound
 *   from what the solves so far say about each period ({@link PeriodCostBounds}: the root's Lagrangian cuts, and every
 *   period solved around some baseline, whose cost cannot fall faster than the flexible price of the GPUs a larger
 *   baseline frees); the least-bound baseline is settled next, solving only its periods whose bound is below their
 *   cheapest known plan. Most periods of a new baseline need no solve, which is what makes this fast.</li>
 *   <li>Where the baselines are too many to go through one by one (large fleets), branch and bound on B instead: a
 *   node is a box of baselines, its bound the relaxation restricted to the box; a box of one baseline is solved
 *   exactly.</li>
 * </ul>
 * The result is OPTIMAL only when the best schedule's cost is within the relative tolerance of the proven bound, else
 * FEASIBLE with the gap proven when time ran out.
 */
final class BaselineDecomposition {

    /** Relative gap each period's MILP is solved to; its proven bound, not its plan, goes into the lower bound. */
    private static final double PERIOD_GAP = 1e-7;

    private final ScheduleAllocator allocator;
    private final ScheduleProblem problem;
    private final ProgressListener progress;
    private final long startNs;
    private final double budgetSeconds;
    private final double tolerance;
    private final int threads;

    private final List<String> types = new ArrayList<>();
    /** Baseline price of a GPU of each type over the whole profile. */
    private final double[] term;
    /** Most baseline GPUs of each type any period could use. */
    private final int[] most;
    private final Period[] periods;
    private final List<List<Column>> columns = new ArrayList<>();
    private final Map<List<Integer>, Evaluation> evaluated = new HashMap<>();

    private final double handOverAtSeconds;
    private final double handOverGpus;
    /** The last global bound reported (best-first: the least bound of the open boxes). */
    private double lastBound;

    private Evaluation incumbent;
    private int periodSolves;
    /** The prices that gave the best bound at the last node, where the next node starts. */
    private double[][] bestMu;

    /**
     * A period plan found by any solve, as a column of the master: the GPUs of each baseline type it runs
     * ({@code used}), what it costs with no baseline ({@code costWithout}, the types without a baseline price
     * included) and what each of its GPUs of a baseline type costs by the hour there ({@code saving[g]}: what one
     * baseline GPU saves it, taken as linear).
     */
    private record Column(PeriodPlan plan, int[] used, double costWithout, double[] saving) {
    }

    /** Every period solved around one baseline. */
    private record Evaluation(int[] baseline, double cost, double bound, FleetSchedule schedule) {
    }

    /** What a period costs at baseline prices mu: a proven lower bound and the plan found. */
    private record Priced(double bound, PeriodPlan plan) {
    }

    /**
     * Lagrangian rounds at the root before the search goes baseline by baseline. The bound rises fast in the first
     * rounds and then tails off, while the point search needs it only to rule out far baselines: on the benchmark's
     * 200 req/s day (3 seeds, 10 s) 3 rounds left the search 7.2-10.1 s in all, 6 rounds 5.1-8.0 s, 10 rounds 5.7-8.4 s;
     * 26 rounds (seed 1, 9 s of rounds) left 12 baselines to settle, 3 rounds 21.
     */
    private static final int ROOT_ROUNDS = 6;

    /** Most of the time the root's rounds may take (each round solves every period once). */
    private static final double ROOT_SHARE = 0.5;

    /** The root's Lagrangian rounds also stop once three rounds together raised the bound by less than this share. */
    private static final double ROOT_STALL = 0.01;

    /**
     * Most nodes the enumeration of candidate baselines may visit before the search keeps to boxes instead (a large
     * fleet: baselines of tens of GPUs per type, too many to go through one by one).
     */
    private static final int MAX_ENUMERATION_NODES = 500_000;

    /** What the solves so far prove about each period's cost as a function of the baseline. */
    private PeriodCostBounds periodBounds;
    /** The root box while its Lagrangian rounds run (their cuts hold over it), else null. */
    private Box rootPhase;
    private long rootUntilNs = Long.MAX_VALUE;
    /** Baselines whose every period's cost is known exactly. */
    private final Set<List<Integer>> settled = new HashSet<>();

    private record Box(int[] lo, int[] hi, double bound) {
        boolean isPoint() {
            return Arrays.equals(lo, hi);
        }
    }

    BaselineDecomposition(ScheduleAllocator allocator, ScheduleProblem problem, ProgressListener progress,
                          long startNs, double budgetSeconds, double tolerance, int threads) {
        this(allocator, problem, progress, startNs, budgetSeconds, tolerance, threads, Double.POSITIVE_INFINITY, 0);
    }

    /**
     * @param handOverAtSeconds from this many seconds after the start, stop (and let the caller try something else)
     *                          if the proven gap is above the tolerance and the best schedule runs at least
     *                          {@code handOverGpus} GPUs in a mean period
     */
    BaselineDecomposition(ScheduleAllocator allocator, ScheduleProblem problem, ProgressListener progress,
                          long startNs, double budgetSeconds, double tolerance, int threads, double handOverAtSeconds,
                          double handOverGpus) {
        this.handOverAtSeconds = handOverAtSeconds;
        this.handOverGpus = handOverGpus;
        this.allocator = allocator;
        this.problem = problem;
        this.progress = progress;
        this.startNs = startNs;
        this.budgetSeconds = budgetSeconds;
        this.tolerance = tolerance;
        this.threads = threads;
        problem.pricesByGpuType().forEach((type, prices) -> {
            if (prices.baseline().isPresent()) {
                types.add(type);
            }
        });
        term = new double[types.size()];
        for (int g = 0; g < types.size(); g++) {
            term[g] = problem.pricesByGpuType().get(types.get(g)).baselineUsdPerGpuHour() * problem.load().totalHours();
        }
        periods = new Period[problem.load().periods().size()];
        most = new int[types.size()];
    }

    FleetSchedule solve() {
        ExecutorService pool = Executors.newFixedThreadPool(threads, r -> {
            Thread t = new Thread(r, "schedule-period");
            t.setDaemon(true);
            return t;
        });
        try {
            progress.progress(0.0, "Building " + periods.length + " period models");
            inParallel(pool, p -> {
                periods[p] = new Period(p);
                return null;
            });
            for (Period period : periods) {
                columns.add(new ArrayList<>());
                for (int g = 0; g < types.size(); g++) {
                    most[g] = Math.max(most[g], period.upper[g]);
                }
            }
            int[][] upper = new int[periods.length][];
            double[] hours = new double[periods.length];
            for (int p = 0; p < periods.length; p++) {
                upper[p] = periods[p].upper;
                hours[p] = problem.load().periods().get(p).durationHours();
            }
            periodBounds = new PeriodCostBounds(upper, hours, savingPerBaselineGpuHour());
            return branchAndBound(pool);
        } finally {
            pool.shutdownNow();
            // a cancel or an error can leave period solves running on the pool (they stop at the cancel or their time
            // limit); freeing their native solvers under them would crash the JVM, so wait for them first
            boolean idle;
            try {
                idle = pool.awaitTermination(Math.max(30, (long) Math.ceil(budgetSeconds)), TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                idle = false;
            }
            if (idle) {
                for (Period period : periods) {
                    if (period != null) {
                        period.close();
                    }
                }
            }
        }
    }

    private FleetSchedule branchAndBound(ExecutorService pool) {
        progress.progress(0.02, "Planning each period without a baseline");
        Evaluation none = evaluate(pool, new int[types.size()]);
        if (none == null || !Double.isFinite(none.cost())) {
            // some period needs a baseline (a type bought only as one): start from the largest baseline instead
            Evaluation all = evaluate(pool, most.clone());
            if (all != null && !Double.isFinite(all.cost())) {
                // a period cannot be served even with every GPU it could use in the baseline: no baseline helps
                return FleetSchedule.withoutPlan(problem, SolveStatus.INFEASIBLE, (System.nanoTime() - startNs) / 1e6,
                        allocator.options().backend().orToolsId(), "Infeasible: no schedule serves every period"
                                + (problem.options().gpuCaps().isEmpty() ? ""
                                : " within the availability caps " + problem.options().gpuCaps())
                                + (problem.options().spotMaxShare() < 1 ? " and the spot share limit" : "")
                                + ". Raise a cap, allow more purchase kinds or lower the load.");
            }
        }
        if (incumbent == null) {
            return null;
        }
        improveFromKnownPlans(ScheduleAllocator.worthReserving(problem, incumbent.schedule()));
        // a baseline that alone costs more than the best schedule found is never optimal
        int[] hi = new int[types.size()];
        for (int g = 0; g < types.size(); g++) {
            hi[g] = (int) Math.min(most[g], Math.floor(incumbent.cost() / term[g] + 1e-9));
        }
        Box root = new Box(new int[types.size()], hi, 0.0);
        rootPhase = root;
        rootUntilNs = startNs + (long) (ROOT_SHARE * budgetSeconds * 1e9);
        NodeResult atRoot = relax(pool, root);
        rootPhase = null;
        rootUntilNs = Long.MAX_VALUE;
        if (atRoot != null && closed(atRoot.bound())) {
            return finish(atRoot.bound(), true, "closed at the root");
        }
        PriorityQueue<Candidate> candidates = candidates(hi);
        if (candidates != null) {
            return pointByPoint(pool, candidates);
        }
        PriorityQueue<Box> open = new PriorityQueue<>((x, y) -> Double.compare(x.bound(), y.bound()));
        open.add(new Box(root.lo(), root.hi(), atRoot == null ? 0.0 : atRoot.bound()));
        // least bound of the boxes closed because they cannot beat the best schedule (by the tolerance)
        double pruned = Double.POSITIVE_INFINITY;
        int nodes = 0;
        while (!open.isEmpty()) {
            Box box = open.peek();
            if (closed(box.bound())) {
                pruned = Math.min(pruned, box.bound());
                open.clear();
                break;
            }
            if (outOfTime()) {
                break;
            }
            open.poll();
            nodes++;
            report(box.bound(), "node " + nodes);
            if (box.isPoint()) {
                Evaluation e = evaluate(pool, box.lo());
                if (e == null) {
                    open.add(box);
                    break;
                }
                if (closed(e.bound())) {
                    pruned = Math.min(pruned, e.bound());
                } else {
                    // the periods' own solves stopped short of proving their optimum in the time left
                    open.add(new Box(box.lo(), box.hi(), Math.max(box.bound(), e.bound())));
                    break;
                }
                continue;
            }
            NodeResult r = relax(pool, box);
            if (r == null) {
                open.add(box);
                break;
            }
            if (closed(r.bound())) {
                pruned = Math.min(pruned, r.bound());
                continue;
            }
            if (outOfTime()) {
                open.add(new Box(box.lo(), box.hi(), r.bound()));
                break;
            }
            open.addAll(split(box, r.baseline(), r.bound()));
        }
        double bound = Math.min(pruned, open.stream().mapToDouble(Box::bound).min().orElse(Double.POSITIVE_INFINITY));
        return finish(bound, open.isEmpty(), nodes + " nodes");
    }

    /** The incumbent routed, with its proven gap to {@code bound}; {@code exhausted}: nothing left to search. */
    private FleetSchedule finish(double provenBound, boolean exhausted, String search) {
        double bound = Math.min(provenBound, incumbent.cost());
        double gap = Math.max(0.0, gapTo(incumbent.cost(), bound));
        boolean optimal = exhausted || gap <= tolerance;
        FleetSchedule s = incumbent.schedule();
        // route the chosen plans' traffic (an LP per period); a replica the LP's tolerance overfilled is raised
        StringBuilder notes = new StringBuilder(s.message().isEmpty() ? "" : s.message() + " ");
        List<PeriodPlan> routed = new ArrayList<>();
        double total = 0;
        for (int g = 0; g < types.size(); g++) {
            total += incumbent.baseline()[g] * term[g];
        }
        for (int p = 0; p < periods.length; p++) {
            PeriodPlan plan = periods[p].routed(s.periods().get(p), incumbent.baseline(), notes);
            routed.add(plan);
            total += plan.flexibleCostUsd();
        }
        if (total > s.totalCostUsd() + 1e-9) {
            gap = Math.max(0.0, gapTo(total, bound));
            optimal = gap <= tolerance;
        }
        notes.append(String.format(Locale.ROOT, "Decomposition over the baseline: %d period solves, %s.",
                periodSolves, search));
        return new FleetSchedule(problem, optimal ? SolveStatus.OPTIMAL : SolveStatus.FEASIBLE, s.baselineGpusByType(),
                routed, total, gap, (System.nanoTime() - startNs) / 1e6, allocator.options().backend().orToolsId(),
                notes.toString().trim());
    }

    /**
     * Search over the baseline one baseline at a time, least bound first. Every baseline that could beat the best
     * schedule has a proven lower bound ({@link PeriodCostBounds}) and an upper bound from the period plans known; the
     * least-bound one is settled next: its periods whose two bounds differ are solved around it, the widest gaps first,
     * until its cost is known or its bound cannot beat the best schedule. Each solve is a new point for every later
     * bound, so that most periods of a baseline need no solve of their own.
     */
    private FleetSchedule pointByPoint(ExecutorService pool, PriorityQueue<Candidate> queue) {
        int settledCount = 0;
        while (!queue.isEmpty()) {
            Candidate c = queue.poll();
            double bound = lowerBound(c.baseline);
            if (bound > c.bound + 1e-9) {
                // bounds only rise: revisit it in its new place
                queue.add(new Candidate(c.baseline, bound));
                continue;
            }
            if (closed(bound)) {
                queue.clear();
                break;
            }
            if (outOfTime()) {
                queue.add(c);
                break;
            }
            settledCount++;
            report(bound, settledCount + (settledCount == 1 ? " baseline" : " baselines") + " checked");
            double after = settle(pool, c.baseline);
            if (!closed(after) && !settled.contains(key(c.baseline))) {
                queue.add(new Candidate(c.baseline, Math.max(bound, after)));
            }
        }
        double bound = queue.stream().mapToDouble(Candidate::bound).min().orElse(Double.POSITIVE_INFINITY);
        return finish(bound, queue.isEmpty(), settledCount == 0 ? "every other baseline ruled out by its bound"
                : settledCount + (settledCount == 1 ? " baseline" : " baselines") + " checked one by one");
    }

    private record Candidate(int[] baseline, double bound) {
    }

    /**
     * Every baseline in the box whose bound could beat the best schedule, or null when there are too many to go
     * through one by one ({@link #MAX_ENUMERATION_NODES}).
     */
    private PriorityQueue<Candidate> candidates(int[] hi) {
        PriorityQueue<Candidate> queue = new PriorityQueue<>((x, y) -> Double.compare(x.bound(), y.bound()));
        int[] visits = {MAX_ENUMERATION_NODES};
        return enumerate(hi, 0, new int[types.size()], 0.0, queue, visits) ? queue : null;
    }

    /**
     * Depth first over the types: a partial baseline is dropped when its price plus the periods' bound with every type
     * still open at its most (bounds never rise with a larger baseline) cannot beat the best schedule.
     */
    private boolean enumerate(int[] hi, int g, int[] b, double termSoFar, PriorityQueue<Candidate> queue, int[] visits) {
        if (--visits[0] < 0 || (visits[0] % 1024 == 0 && outOfTime())) {
            return false;
        }
        if (g == types.size()) {
            double bound = termSoFar + periodBounds.lower(b);
            if (!closed(bound)) {
                queue.add(new Candidate(b.clone(), bound));
            }
            return true;
        }
        for (int v = 0; v <= hi[g]; v++) {
            double t = termSoFar + v * term[g];
            if (closed(t)) {
                break;
            }
            b[g] = v;
            if (g + 1 < types.size()) {
                int[] widest = b.clone();
                for (int o = g + 1; o < types.size(); o++) {
                    widest[o] = hi[o];
                }
                if (closed(t + periodBounds.lower(widest))) {
                    continue;
                }
            }
            if (!enumerate(hi, g + 1, b, t, queue, visits)) {
                return false;
            }
        }
        b[g] = 0;
        return true;
    }

    private double lowerBound(int[] b) {
        double total = periodBounds.lower(b);
        for (int g = 0; g < types.size(); g++) {
            total += b[g] * term[g];
        }
        return total;
    }

    /**
     * Most one baseline GPU of each type can save a period per hour: without it, the period's plan buys that GPU by
     * the hour instead, spot where the spot share leaves room (always, without a share limit), else on demand;
     * infinite for a type that cannot be bought by the hour.
     */
    private double[] savingPerBaselineGpuHour() {
        boolean unlimitedSpot = problem.options().spotMaxShare() >= 1;
        double[] out = new double[types.size()];
        for (int g = 0; g < types.size(); g++) {
            GpuPrices prices = problem.pricesByGpuType().get(types.get(g));
            double onDemand = prices.onDemand().isPresent() ? prices.onDemandUsdPerGpuHour() : Double.POSITIVE_INFINITY;
            double spot = prices.spot().isPresent() ? prices.spotExpectedUsdPerGpuHour() : Double.POSITIVE_INFINITY;
            out[g] = unlimitedSpot ? Math.min(onDemand, spot) : onDemand;
        }
        return out;
    }

    /**
     * Solves the periods around baseline b whose proven bound is below what their known plans cost there, the widest
     * gaps first, until every period's cost is known (the baseline is settled) or the baseline's bound cannot beat the
     * best schedule. Returns the baseline's proven bound.
     */
    private double settle(ExecutorService pool, int[] b) {
        double price = 0;
        for (int g = 0; g < types.size(); g++) {
            price += b[g] * term[g];
        }
        boolean[] solved = new boolean[periods.length];
        while (true) {
            double[] lower = new double[periods.length];
            double[] upper = new double[periods.length];
            double bound = price;
            List<Integer> open = new ArrayList<>();
            for (int p = 0; p < periods.length; p++) {
                lower[p] = periodBounds.lower(p, b);
                upper[p] = costFromKnownPlans(p, b);
                bound += lower[p];
                // a period solved here already is as exact as its solve's gap allows
                if (!solved[p] && upper[p] - lower[p] > 1e-9 * Math.max(1, upper[p])) {
                    open.add(p);
                }
            }
            if (open.isEmpty()) {
                settled.add(key(b));
                if (bound < incumbent.cost() - 1e-9) {
                    improveFromKnownPlans(b);
                }
                return bound;
            }
            if (closed(bound) || outOfTime()) {
                return bound;
            }
            open.sort((x, y) -> Double.compare(upper[y] - lower[y], upper[x] - lower[x]));
            // one period per thread at a time: the bound may close the baseline before the rest (on the benchmark's day
            // 10-25 % faster than half the open periods at a time, and than all of them)
            List<Integer> batch = open.subList(0, Math.min(open.size(), threads));
            double[] bounds = new double[periods.length];
            FleetSchedule[] parts = new FleetSchedule[periods.length];
            inParallel(pool, batch.size(), i -> {
                int p = batch.get(i);
                parts[p] = periods[p].around(b, bounds, p);
                return null;
            });
            for (int p : batch) {
                if (parts[p] != null && parts[p].status() == SolveStatus.INFEASIBLE) {
                    return Double.POSITIVE_INFINITY;
                }
                solved[p] = parts[p] != null && parts[p].hasPlan();
                periodBounds.addPoint(p, b, bounds[p]);
                if (solved[p]) {
                    addColumn(p, parts[p].periods().get(0));
                }
            }
        }
    }

    private boolean closed(double bound) {
        return incumbent != null && bound >= incumbent.cost() * (1 - tolerance);
    }

    private void report(double bound, String where) {
        if (Double.isFinite(bound)) {
            lastBound = bound;
        }
        double elapsed = (System.nanoTime() - startNs) / 1e9;
        double gap = gapTo(incumbent.cost(), bound);
        progress.progress(Math.min(0.99, 0.05 + 0.94 * elapsed / budgetSeconds), String.format(Locale.ROOT,
                "Best schedule %.2f USD, proven within %s (%s, %d period solves)", incumbent.cost(),
                Double.isNaN(gap) ? "no bound yet" : String.format(Locale.ROOT, "%.3f %%", 100 * gap), where,
                periodSolves));
    }

    private record NodeResult(double bound, double[] baseline) {
    }

    /**
     * Lagrangian bound of a box by stabilised column generation: prices from the master LP's duals, smoothed towards
     * the best prices so far (Wentges smoothing: the raw duals of a master with few plans swing from one extreme to
     * the other), every period priced at them. Starts from the baseline's own hourly price spread over the periods.
     * Returns the best bound found and the master's last baseline, or null when time ran out before any bound.
     */
    private NodeResult relax(ExecutorService pool, Box box) {
        double best = box.bound();
        double[] masterBaseline = null;
        double[][] center = bestMu != null ? bestMu : pricesFromIncumbent();
        double[][] mu = center;
        double smoothing = 0.5;
        List<Double> history = new ArrayList<>();
        for (int iteration = 0; ; iteration++) {
            if (outOfTime() || System.nanoTime() > rootUntilNs || rootDone(history)) {
                return masterBaseline == null ? null : new NodeResult(best, masterBaseline);
            }
            double[][] prices = mu;
            Priced[] priced = new Priced[periods.length];
            inParallel(pool, p -> {
                priced[p] = periods[p].price(prices[p], box.lo(), box.hi());
                return null;
            });
            double bound = 0;
            double[] muSum = new double[types.size()];
            int added = 0;
            for (int p = 0; p < periods.length; p++) {
                if (box == rootPhase) {
                    // priced over the root box: a cut that holds for every baseline the search will look at
                    periodBounds.addLagrangeCut(p, prices[p], priced[p].bound());
                }
                bound += priced[p].bound();
                for (int g = 0; g < types.size(); g++) {
                    muSum[g] += prices[p][g];
                }
                if (priced[p].plan() != null && addColumn(p, priced[p].plan())) {
                    added++;
                }
            }
            for (int g = 0; g < types.size(); g++) {
                double reduced = term[g] - muSum[g];
                bound += Math.min(reduced * box.lo()[g], reduced * box.hi()[g]);
            }
            if (bound > best || masterBaseline == null) {
                center = prices;
            }
            best = Math.max(best, bound);
            if (box == rootPhase) {
                history.add(best);
            }
            Master master = master(box);
            masterBaseline = master.baseline();
            int[] rounded = new int[types.size()];
            for (int g = 0; g < types.size(); g++) {
                rounded[g] = (int) Math.max(box.lo()[g], Math.min(box.hi()[g], Math.rint(masterBaseline[g])));
            }
            improveFromKnownPlans(rounded);
            // the best baseline so far, with every period solved exactly around it (once per baseline): a known plan
            // mix is only as good as the plans found so far
            evaluate(pool, incumbent.baseline());
            report(best, "bounding round " + (iteration + 1));
            if (closed(best) || master.value() <= best + tolerance * Math.max(1, best)) {
                bestMu = center;
                return new NodeResult(best, masterBaseline);
            }
            if (added == 0) {
                if (smoothing == 0) {
                    // the master's own prices found no better plan: the relaxation has converged
                    bestMu = center;
                    return new NodeResult(best, masterBaseline);
                }
                smoothing = 0;
            }
            double[][] next = new double[periods.length][types.size()];
            for (int p = 0; p < periods.length; p++) {
                for (int g = 0; g < types.size(); g++) {
                    next[p][g] = smoothing * center[p][g] + (1 - smoothing) * master.mu()[p][g];
                }
            }
            mu = next;
            if (added > 0) {
                smoothing = 0.5;
            }
        }
    }

    /**
     * The root's rounds are done: {@link #ROOT_ROUNDS} of them, or its bound rose by less than {@link #ROOT_STALL} of
     * the best schedule over the last three ({@code history}: the root's bound after each round; empty elsewhere).
     */
    private boolean rootDone(List<Double> history) {
        int n = history.size();
        return n >= ROOT_ROUNDS || n > 3 && history.get(n - 1) - history.get(n - 4) < ROOT_STALL * incumbent.cost();
    }

    /**
     * Prices of a baseline GPU to each period that the best schedule so far would call fair (the LP dual of choosing
     * its baseline given its periods' GPUs, as in the newsvendor rule): a period that buys GPUs of a type above the
     * baseline values one more baseline GPU at what it pays for one by the hour; what is left of the term's price is
     * spread over the other periods in proportion to that hourly price, at most that price each.
     */
    private double[][] pricesFromIncumbent() {
        double[][] mu = new double[periods.length][types.size()];
        FleetSchedule s = incumbent.schedule();
        for (int g = 0; g < types.size(); g++) {
            String type = types.get(g);
            GpuPrices prices = problem.pricesByGpuType().get(type);
            double hourly = Math.min(prices.onDemand().isPresent() ? prices.onDemandUsdPerGpuHour() : Double.POSITIVE_INFINITY,
                    prices.spot().isPresent() ? prices.spotExpectedUsdPerGpuHour() : Double.POSITIVE_INFINITY);
            if (!Double.isFinite(hourly)) {
                hourly = prices.baselineUsdPerGpuHour();
            }
            double left = term[g];
            double rest = 0;
            boolean[] above = new boolean[periods.length];
            for (int p = 0; p < periods.length; p++) {
                PeriodPlan plan = s.periods().get(p);
                int used = s.gpusInUse(plan).getOrDefault(type, 0);
                double flexible = hourly * plan.period().durationHours();
                if (used > incumbent.baseline()[g]) {
                    above[p] = true;
                    mu[p][g] = flexible;
                    left -= flexible;
                } else {
                    rest += flexible;
                }
            }
            if (left < 0) {
                // more periods above the baseline than the term is worth: scale them down to the term
                double scale = term[g] / (term[g] - left);
                for (int p = 0; p < periods.length; p++) {
                    mu[p][g] *= scale;
                }
                continue;
            }
            for (int p = 0; p < periods.length; p++) {
                if (!above[p] && rest > 0) {
                    double flexible = hourly * s.periods().get(p).period().durationHours();
                    mu[p][g] = Math.min(flexible, left * flexible / rest);
                }
            }
        }
        return mu;
    }

    /**
     * Cheapest schedule from the period plans found so far around baselines near {@code start} (no solves: each
     * period takes its cheapest known plan at that baseline); keeps it when it beats the incumbent.
     */
    private void improveFromKnownPlans(Map<String, Integer> start) {
        int[] b = new int[types.size()];
        for (int g = 0; g < types.size(); g++) {
            b[g] = Math.min(most[g], start.getOrDefault(types.get(g), 0));
        }
        improveFromKnownPlans(b);
    }

    private void improveFromKnownPlans(int[] start) {
        int[] b = descend(start);
        if (incumbent != null && incumbent.baseline() != null) {
            int[] other = descend(incumbent.baseline());
            if (costFromKnownPlans(other) < costFromKnownPlans(b)) {
                b = other;
            }
        }
        double cost = costFromKnownPlans(b);
        if (Double.isFinite(cost) && (incumbent == null || cost < incumbent.cost() - 1e-9)) {
            List<PeriodPlan> plans = new ArrayList<>();
            for (int p = 0; p < periods.length; p++) {
                PeriodPlan bestPlan = null;
                double bestCost = Double.POSITIVE_INFINITY;
                for (Column c : columns.get(p)) {
                    PeriodPlan at = planAt(c.plan(), b);
                    if (at != null && at.flexibleCostUsd() < bestCost) {
                        bestCost = at.flexibleCostUsd();
                        bestPlan = at;
                    }
                }
                plans.add(bestPlan);
            }
            Map<String, Integer> kept = new LinkedHashMap<>();
            double total = 0;
            for (int g = 0; g < types.size(); g++) {
                if (b[g] > 0) {
                    kept.put(types.get(g), b[g]);
                }
                total += b[g] * term[g];
            }
            for (PeriodPlan plan : plans) {
                total += plan.flexibleCostUsd();
            }
            FleetSchedule s = new FleetSchedule(problem, SolveStatus.FEASIBLE, kept, plans, total, Double.NaN, 0,
                    allocator.options().backend().orToolsId(), "");
            incumbent = new Evaluation(b, total, Double.NEGATIVE_INFINITY, s);
        }
    }

    /**
     * Local search over baselines on the known plans: alternately each period takes its cheapest plan at the baseline
     * and each type's baseline is set to the best for those plans (the newsvendor rule, exactly), then single steps and
     * swaps of one GPU between two types, until nothing is cheaper.
     */
    private int[] descend(int[] start) {
        int[] b = start.clone();
        double cost = costFromKnownPlans(b);
        for (int pass = 0; pass < 20; pass++) {
            boolean moved = false;
            PeriodPlan[] chosen = cheapestKnownPlans(b);
            for (int g = 0; g < types.size(); g++) {
                int cap = (int) Math.min(most[g], Math.floor(Math.max(cost, 0) / term[g] + 1e-9));
                int bestValue = b[g];
                double bestCost = Double.POSITIVE_INFINITY;
                for (int v = 0; v <= cap; v++) {
                    int[] next = b.clone();
                    next[g] = v;
                    double c = next[g] * term[g];
                    for (int o = 0; o < types.size(); o++) {
                        c += o == g ? 0 : next[o] * term[o];
                    }
                    for (int p = 0; p < periods.length && c < bestCost; p++) {
                        c += chosen[p] == null ? Double.POSITIVE_INFINITY : flexibleCost(chosen[p], next);
                    }
                    if (c < bestCost - 1e-9) {
                        bestCost = c;
                        bestValue = v;
                    }
                }
                b[g] = bestValue;
            }
            double after = costFromKnownPlans(b);
            if (after < cost - 1e-9) {
                cost = after;
                moved = true;
            }
            for (int g = 0; g < types.size(); g++) {
                for (int h = -1; h < types.size(); h++) {
                    for (int step : new int[] {1, -1}) {
                        int[] next = b.clone();
                        next[g] += step;
                        if (h >= 0 && h != g) {
                            next[h] -= step;
                        } else if (h >= 0) {
                            continue;
                        }
                        if (next[g] < 0 || next[g] > most[g] || (h >= 0 && (next[h] < 0 || next[h] > most[h]))) {
                            continue;
                        }
                        double c = costFromKnownPlans(next);
                        if (c < cost - 1e-9) {
                            b = next;
                            cost = c;
                            moved = true;
                        }
                    }
                }
            }
            if (!moved) {
                break;
            }
        }
        return b;
    }

    private PeriodPlan[] cheapestKnownPlans(int[] b) {
        PeriodPlan[] out = new PeriodPlan[periods.length];
        for (int p = 0; p < periods.length; p++) {
            double cheapest = Double.POSITIVE_INFINITY;
            for (Column c : columns.get(p)) {
                double cost = flexibleCost(c.plan(), b);
                if (cost < cheapest) {
                    cheapest = cost;
                    out[p] = c.plan();
                }
            }
        }
        return out;
    }

    private double costFromKnownPlans(int[] b) {
        double total = 0;
        for (int g = 0; g < types.size(); g++) {
            total += b[g] * term[g];
        }
        for (int p = 0; p < periods.length; p++) {
            total += costFromKnownPlans(p, b);
        }
        return total;
    }

    /** What period p's cheapest known plan costs around baseline b. */
    private double costFromKnownPlans(int p, int[] b) {
        double cheapest = Double.POSITIVE_INFINITY;
        for (Column c : columns.get(p)) {
            cheapest = Math.min(cheapest, flexibleCost(c.plan(), b));
        }
        return cheapest;
    }

    /** The plan's replicas bought around baseline {@code b}: what it then costs and how, or null if it cannot be. */
    private PeriodPlan planAt(PeriodPlan plan, int[] b) {
        FlexibleCover cover = cover(plan, b);
        return cover.feasible() ? new PeriodPlan(plan.period(), plan.replicas(), cover.baselineInUse(), cover.onDemand(),
                cover.spot(), plan.shares(), cover.costUsd()) : null;
    }

    /** What a plan's GPUs cost above baseline {@code b} (infinite when they cannot be bought). */
    private double flexibleCost(PeriodPlan plan, int[] b) {
        return cover(plan, b).costUsd();
    }

    private FlexibleCover cover(PeriodPlan plan, int[] b) {
        return FlexibleCover.of(problem, types, b, plan.period(), plan::replicas);
    }

    /** Adds a period plan as a column of the master unless the same replicas are known already. */
    private boolean addColumn(int p, PeriodPlan plan) {
        for (Column c : columns.get(p)) {
            if (c.plan().replicas().equals(plan.replicas())) {
                return false;
            }
        }
        int[] used = new int[types.size()];
        for (int c = 0; c < problem.candidates().size(); c++) {
            int g = types.indexOf(problem.candidates().get(c).gpuType());
            if (g >= 0) {
                used[g] += plan.replicas(c) * problem.candidates().get(c).gpuCount();
            }
        }
        double without = flexibleCost(plan, new int[types.size()]);
        double[] saving = new double[types.size()];
        for (int g = 0; g < types.size(); g++) {
            if (used[g] == 0) {
                continue;
            }
            int[] only = new int[types.size()];
            only[g] = used[g];
            double withType = flexibleCost(plan, only);
            saving[g] = Double.isFinite(without) ? (without - withType) / used[g]
                    : term[g] / problem.load().totalHours() * plan.period().durationHours() * 10;
        }
        if (!Double.isFinite(without)) {
            // a plan that needs a baseline (a type bought only as one): costed in the master as if bought at a
            // prohibitive hourly price, so that the master prefers covering it with a baseline
            without = 0;
            for (int g = 0; g < types.size(); g++) {
                without += saving[g] * used[g];
            }
            int[] full = used.clone();
            double rest = flexibleCost(plan, full);
            without += Double.isFinite(rest) ? rest : 0;
        }
        columns.get(p).add(new Column(plan, used, without, saving));
        return true;
    }

    /** Children of a box: split on the type whose master baseline is most fractional, else around the master's point. */
    private List<Box> split(Box box, double[] baseline, double bound) {
        int pick = -1;
        double frac = 1e-6;
        for (int g = 0; g < types.size(); g++) {
            double f = Math.abs(baseline[g] - Math.rint(baseline[g]));
            if (box.lo()[g] < box.hi()[g] && f > frac) {
                frac = f;
                pick = g;
            }
        }
        List<Box> out = new ArrayList<>();
        if (pick >= 0) {
            int v = (int) Math.floor(baseline[pick]);
            out.add(narrow(box, pick, box.lo()[pick], v, bound));
            out.add(narrow(box, pick, v + 1, box.hi()[pick], bound));
            return out;
        }
        // integral master baseline: fix the widest free type around it (below, at, above)
        for (int g = 0; g < types.size(); g++) {
            if (box.lo()[g] < box.hi()[g] && (pick < 0
                    || box.hi()[g] - box.lo()[g] > box.hi()[pick] - box.lo()[pick])) {
                pick = g;
            }
        }
        int v = (int) Math.max(box.lo()[pick], Math.min(box.hi()[pick], Math.rint(baseline[pick])));
        if (v > box.lo()[pick]) {
            out.add(narrow(box, pick, box.lo()[pick], v - 1, bound));
        }
        out.add(narrow(box, pick, v, v, bound));
        if (v < box.hi()[pick]) {
            out.add(narrow(box, pick, v + 1, box.hi()[pick], bound));
        }
        return out;
    }

    private static Box narrow(Box box, int g, int lo, int hi, double bound) {
        int[] l = box.lo().clone();
        int[] h = box.hi().clone();
        l[g] = lo;
        h[g] = hi;
        return new Box(l, h, bound);
    }

    private record Master(double value, double[] baseline, double[][] mu) {
    }

    /**
     * The restricted master LP: each period a convex combination of its known plans, each plan covering up to all its
     * GPUs of a baseline type from the baseline (saving what they cost it by the hour), the baseline in the box.
     * Its duals price a baseline GPU to each period. Only a guide for the prices: the bound comes from the periods.
     */
    private Master master(Box box) {
        MPSolver lp = MPSolver.createSolver("GLOP");
        try {
            MPObjective objective = lp.objective();
            MPVariable[] b = new MPVariable[types.size()];
            for (int g = 0; g < types.size(); g++) {
                b[g] = lp.makeNumVar(box.lo()[g], box.hi()[g], "B_" + g);
                objective.setCoefficient(b[g], term[g]);
            }
            MPConstraint[][] link = new MPConstraint[periods.length][types.size()];
            for (int p = 0; p < periods.length; p++) {
                MPConstraint convexity = lp.makeConstraint(1.0, 1.0, "convexity_" + p);
                for (int g = 0; g < types.size(); g++) {
                    link[p][g] = lp.makeConstraint(-MPSolver.infinity(), 0.0, "link_" + p + "_" + g);
                    link[p][g].setCoefficient(b[g], -1.0);
                }
                int k = 0;
                for (Column c : columns.get(p)) {
                    MPVariable w = lp.makeNumVar(0.0, MPSolver.infinity(), "w_" + p + "_" + k);
                    objective.setCoefficient(w, c.costWithout());
                    convexity.setCoefficient(w, 1.0);
                    for (int g = 0; g < types.size(); g++) {
                        if (c.used()[g] == 0) {
                            continue;
                        }
                        MPVariable y = lp.makeNumVar(0.0, MPSolver.infinity(), "y_" + p + "_" + k + "_" + g);
                        objective.setCoefficient(y, -c.saving()[g]);
                        link[p][g].setCoefficient(y, 1.0);
                        MPConstraint within = lp.makeConstraint(-MPSolver.infinity(), 0.0, "within_" + p + "_" + k + "_" + g);
                        within.setCoefficient(y, 1.0);
                        within.setCoefficient(w, -c.used()[g]);
                    }
                    k++;
                }
            }
            objective.setMinimization();
            MPSolver.ResultStatus status = lp.solve();
            if (status != MPSolver.ResultStatus.OPTIMAL) {
                throw new IllegalStateException("The schedule's master LP did not solve (" + status + ")");
            }
            double[] baseline = new double[types.size()];
            for (int g = 0; g < types.size(); g++) {
                baseline[g] = b[g].solutionValue();
            }
            double[][] mu = new double[periods.length][types.size()];
            for (int p = 0; p < periods.length; p++) {
                for (int g = 0; g < types.size(); g++) {
                    // a <= row of a minimisation has a dual <= 0: the price of one more baseline GPU to this period
                    mu[p][g] = Math.max(0.0, -link[p][g].dualValue());
                }
            }
            return new Master(objective.value(), baseline, mu);
        } finally {
            lp.delete();
        }
    }

    /** Solves every period around a baseline; keeps the schedule when it is the cheapest so far. */
    private Evaluation evaluate(ExecutorService pool, int[] baseline) {
        List<Integer> key = key(baseline);
        Evaluation known = evaluated.get(key);
        if (known != null) {
            return known;
        }
        FleetSchedule[] parts = new FleetSchedule[periods.length];
        double[] bounds = new double[periods.length];
        inParallel(pool, p -> {
            parts[p] = periods[p].around(baseline, bounds, p);
            return null;
        });
        for (FleetSchedule part : parts) {
            if (part != null && part.status() == SolveStatus.INFEASIBLE) {
                Evaluation infeasible = new Evaluation(baseline.clone(), Double.POSITIVE_INFINITY,
                        Double.POSITIVE_INFINITY, null);
                evaluated.put(key, infeasible);
                return infeasible;
            }
        }
        for (int p = 0; p < periods.length; p++) {
            if (Double.isFinite(bounds[p])) {
                periodBounds.addPoint(p, baseline, bounds[p]);
            }
        }
        Evaluation e = assemble(baseline, parts, bounds);
        if (e == null) {
            return null;
        }
        evaluated.put(key, e);
        if (incumbent == null || e.cost() < incumbent.cost() - 1e-9) {
            incumbent = e;
        }
        return e;
    }

    private Evaluation assemble(int[] baseline, FleetSchedule[] parts, double[] bounds) {
        List<PeriodPlan> plans = new ArrayList<>();
        double total = 0;
        double bound = 0;
        StringBuilder notes = new StringBuilder();
        Map<String, Integer> kept = new LinkedHashMap<>();
        for (int g = 0; g < types.size(); g++) {
            kept.put(types.get(g), baseline[g]);
        }
        for (int p = 0; p < parts.length; p++) {
            FleetSchedule part = parts[p];
            if (part == null || !part.hasPlan()) {
                return null;
            }
            PeriodPlan plan = part.periods().get(0);
            plans.add(plan);
            total += plan.flexibleCostUsd();
            bound += bounds[p];
            part.baselineGpusByType().forEach((type, n) -> kept.merge(type, n, Math::max));
            if (!part.message().isEmpty()) {
                notes.append(part.message()).append(' ');
            }
            addColumn(p, plan);
        }
        for (int g = 0; g < types.size(); g++) {
            bound += baseline[g] * term[g];
        }
        for (Map.Entry<String, Integer> e : kept.entrySet()) {
            total += e.getValue() * problem.pricesByGpuType().get(e.getKey()).baselineUsdPerGpuHour()
                    * problem.load().totalHours();
        }
        kept.values().removeIf(n -> n == 0);
        FleetSchedule s = new FleetSchedule(problem, SolveStatus.FEASIBLE, kept, plans, total, Double.NaN, 0,
                allocator.options().backend().orToolsId(), notes.toString().trim());
        return new Evaluation(baseline.clone(), total, Math.min(bound, total), s);
    }

    private static List<Integer> key(int[] baseline) {
        List<Integer> k = new ArrayList<>(baseline.length);
        for (int v : baseline) {
            k.add(v);
        }
        return k;
    }

    private void inParallel(ExecutorService pool, IntFunction<Void> task) {
        inParallel(pool, periods.length, task);
    }

    private void inParallel(ExecutorService pool, int count, IntFunction<Void> task) {
        List<Future<Void>> futures = new ArrayList<>();
        for (int p = 0; p < count; p++) {
            int index = p;
            futures.add(pool.submit(() -> task.apply(index)));
        }
        try {
            for (Future<Void> f : futures) {
                if (progress.isCancelled()) {
                    throw new CancellationException("Schedule cancelled");
                }
                f.get();
            }
        } catch (ExecutionException e) {
            futures.forEach(f -> f.cancel(true));
            if (e.getCause() instanceof RuntimeException) {
                throw (RuntimeException) e.getCause();
            }
            throw new IllegalStateException(e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CancellationException("Interrupted while planning periods");
        } catch (CancellationException e) {
            futures.forEach(f -> f.cancel(true));
            throw e;
        }
    }

    private double secondsLeft() {
        return budgetSeconds - (System.nanoTime() - startNs) / 1e9;
    }

    private boolean outOfTime() {
        return secondsLeft() <= 0 || handingOver();
    }

    /** Past the hand-over time, not proven, and a fleet large enough for the caller's other method to be the better. */
    private boolean handingOver() {
        if ((System.nanoTime() - startNs) / 1e9 < handOverAtSeconds || incumbent == null) {
            return false;
        }
        double gap = gapTo(incumbent.cost(), lastBound);
        if (gap <= tolerance) {
            return false;
        }
        FleetSchedule s = incumbent.schedule();
        double gpus = 0;
        for (PeriodPlan plan : s.periods()) {
            gpus += s.gpusInUse(plan).values().stream().mapToInt(Integer::intValue).sum();
        }
        return gpus / Math.max(1, s.periods().size()) >= handOverGpus;
    }

    static double gapTo(double cost, double bound) {
        if (Double.isNaN(bound) || Double.isInfinite(bound) || !(cost > 0)) {
            return Double.NaN;
        }
        double diff = cost - bound;
        return diff <= 1e-9 * Math.max(1, cost) ? 0.0 : diff / cost;
    }

    /** One period's model, built once; the baseline's bounds and price change between solves. */
    private final class Period implements AutoCloseable {
        final ScheduleProblem one;
        final PeriodCutModel model;
        final int[] upper;

        Period(int p) {
            one = problem.withLoad(new LoadProfile(List.of(problem.load().periods().get(p)), problem.load().source()));
            model = new PeriodCutModel(allocator, one, types, progress);
            upper = new int[types.size()];
            for (int g = 0; g < types.size(); g++) {
                upper[g] = model.upper(g);
            }
        }

        /** Cheapest plan when a baseline GPU of type g costs {@code mu[g]} and lo[g] to hi[g] of them are there. */
        synchronized Priced price(double[] mu, int[] lo, int[] hi) {
            // a baseline above what the period can use is worth no more to it than that; the rest is a constant
            double offset = 0;
            for (int g = 0; g < types.size(); g++) {
                offset += mu[g] * Math.max(0, lo[g] - upper[g]);
            }
            PeriodCutModel.Result r = run(lo, hi, mu);
            if (Double.isInfinite(r.bound())) {
                return new Priced(Double.POSITIVE_INFINITY, null);
            }
            return new Priced(Math.max(0.0, r.bound()) + offset, r.solved() ? plan(r.replicas()[0]) : null);
        }

        /** The period planned around a fixed baseline; {@code bounds[p]} gets the proven bound of its cost. */
        synchronized FleetSchedule around(int[] b, double[] bounds, int p) {
            PeriodPlan plan = null;
            PeriodCutModel.Result r = run(b, b, new double[types.size()]);
            if (Double.isInfinite(r.bound())) {
                bounds[p] = Double.POSITIVE_INFINITY;
                return FleetSchedule.withoutPlan(one, SolveStatus.INFEASIBLE, 0, "SCIP", "infeasible");
            }
            bounds[p] = Math.max(0.0, r.bound());
            if (!r.solved()) {
                return null;
            }
            plan = planAt(plan(r.replicas()[0]), b);
            if (plan == null) {
                return null;
            }
            bounds[p] = Math.min(bounds[p], plan.flexibleCostUsd());
            Map<String, Integer> kept = new LinkedHashMap<>();
            for (int g = 0; g < types.size(); g++) {
                kept.put(types.get(g), b[g]);
            }
            return new FleetSchedule(one, SolveStatus.FEASIBLE, kept, List.of(plan), plan.flexibleCostUsd(), 0, 0,
                    "SCIP", "");
        }

        /** A plan of these replicas without routing yet (routed once it is part of the answer). */
        PeriodPlan plan(int[] replicas) {
            List<Integer> counts = new ArrayList<>();
            for (int n : replicas) {
                counts.add(n);
            }
            return new PeriodPlan(one.load().periods().get(0), counts, Map.of(), Map.of(), Map.of(), List.of(), 0);
        }

        /** Routes a plan's traffic (its replicas raised where the LP's tolerance overfilled one, with a note). */
        PeriodPlan routed(PeriodPlan plan, int[] b, StringBuilder notes) {
            int[] n = new int[problem.candidates().size()];
            for (int c = 0; c < n.length; c++) {
                n[c] = plan.replicas(c);
            }
            List<List<Double>> shares;
            synchronized (this) {
                shares = model.route(0, n, notes);
            }
            PeriodPlan raised = planAt(plan(n), b);
            return new PeriodPlan(raised.period(), raised.replicas(), raised.baselineGpusInUse(), raised.onDemandGpus(),
                    raised.spotGpus(), shares, raised.flexibleCostUsd());
        }

        private PeriodCutModel.Result run(int[] lo, int[] hi, double[] mu) {
            synchronized (BaselineDecomposition.this) {
                periodSolves++;
            }
            return model.solve(lo, hi, mu, Math.max(0.05, secondsLeft()), PERIOD_GAP);
        }

        @Override
        public void close() {
            model.close();
        }
    }
}

package io.fleetwise.profiler.runs;

import io.fleetwise.planner.calibration.CalibrationSet;
import io.fleetwise.planner.progress.ProgressListener;
import org.apache.commons.math3.exception.TooManyEvaluationsException;
import org.apache.commons.math3.exception.TooManyIterationsException;
import org.apache.commons.math3.fitting.leastsquares.LeastSquaresBuilder;
import org.apache.commons.math3.fitting.leastsquares.LeastSquaresOptimizer;
import org.apache.commons.math3.fitting.leastsquares.LeastSquaresProblem;
import org.apache.commons.math3.fitting.leastsquares.LevenbergMarquardtOptimizer;
import org.apache.commons.math3.fitting.leastsquares.MultivariateJacobianFunction;
import org.apache.commons.math3.linear.Array2DRowRealMatrix;
import org.apache.commons.math3.linear.ArrayRealVector;
import org.apache.commons.math3.linear.RealVector;
import org.apache.commons.math3.util.Pair;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CancellationException;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Fits the host costs of the engine profile (and, where the runs cover enough shapes, scales of the GPU efficiency
 * curves) to measured serving runs by nonlinear least squares: Levenberg-Marquardt from Apache Commons Math over every
 * run at once, each residual {@code ln(predicted / measured)} of a run's mean TTFT, mean TPOT and, where the server set
 * the pace, output throughput, each prediction a replay of the run in the simulator ({@link RunReplay}). The Jacobian
 * is taken by forward differences (the simulator is a black box). A light pull towards the starting values (weight
 * {@value #RIDGE} per unit of the parameter's scale) keeps a parameter the runs cannot see (the front end's cost
 * where every run is queue-bound) where it was, while moving the identifiable ones by far less than measurement noise.
 * Leave-one-out cross-validation refits without each run and predicts it, the error a user should expect on a run
 * the fit has not seen.
 */
public final class RunFit {
    static final double RIDGE = 0.02;
    /** Curves are fitted only from this many runs whose mean prompt lengths span a factor {@link #SHAPE_SPAN}. */
    static final int CURVE_MIN_RUNS = 4;
    static final double SHAPE_SPAN = 2.0;
    private static final double FAILED_RESIDUAL = 5.0;
    private static final int MAX_EVALUATIONS = 400;

    private final ServingDeployment deployment;
    private final CalibrationSet base;
    private final ProgressListener listener;

    public RunFit(ServingDeployment deployment, CalibrationSet base, ProgressListener listener) {
        this.deployment = deployment;
        this.base = base;
        this.listener = listener == null ? ProgressListener.NONE : listener;
    }

    /** Whether the runs cover enough shapes for the efficiency curves to be told from the host costs. */
    public static boolean coverEnoughShapes(List<ServingRun> runs) {
        if (runs.size() < CURVE_MIN_RUNS) {
            return false;
        }
        double min = runs.stream().mapToDouble(ServingRun::meanInputTokens).min().orElse(0);
        double max = runs.stream().mapToDouble(ServingRun::meanInputTokens).max().orElse(0);
        return min > 0 && max / min >= SHAPE_SPAN;
    }

    /** Fits over all runs, then leaves each out once; throws {@link CancellationException} when the listener cancels. */
    public RunFitResult fit(List<ServingRun> runs) {
        if (runs.isEmpty()) {
            throw new IllegalArgumentException("A fit needs at least one measured run");
        }
        boolean curves = coverEnoughShapes(runs);
        FitParameters all = new FitParameters(base, deployment.replica().gpu().name(), curves);
        // Parameters no run can see (per TP worker on TP1 runs, tokenization where prompts are short) are held at the
        // engine's value instead of fitted: the fit then costs fewer simulations and says what it could not measure.
        Screen screen = screen(runs, all);
        List<String> moved = all.names().stream().filter(n -> !screen.unseen().contains(n)
                && !screen.confounded().contains(n)).toList();
        FitParameters params = all.restrictedTo(moved);
        List<String> notes = new ArrayList<>();
        notes.add(curves ? "efficiency curves fitted too: " + runs.size() + " runs with mean prompts spanning "
                + String.format(Locale.ROOT, "%.1fx", span(runs))
                : "host costs only: the efficiency curves need " + CURVE_MIN_RUNS + "+ runs whose mean prompt lengths "
                + "differ " + SHAPE_SPAN + "x or more");
        int stages = runs.size() > 1 ? runs.size() + 1 : 1;
        if (!screen.unseen().isEmpty()) {
            notes.add("not seen by these runs (a 20 % change moves no prediction by 0.2 %), held at the engine's "
                    + "published value: " + String.join(", ", screen.unseen()));
        }
        if (!screen.confounded().isEmpty()) {
            notes.add("moves these runs' predictions as the fitted costs together do (less than "
                    + Math.round(100 * CONFOUNDED) + " % of its effect is its own), so these runs cannot separate it; "
                    + "held at the engine's published value: " + String.join(", ", screen.confounded()));
        }
        double[] fitted = moved.isEmpty() ? new double[0] : solve(runs, params, params.start(), 0, stages);
        List<RunResidual> inSample = residuals(runs, params.apply(fitted));
        List<String> unseen = moved.isEmpty() ? List.of() : unseen(runs, params, fitted);
        if (!unseen.isEmpty()) {
            notes.add("not seen at the fitted point, kept near the engine's published value: " + String.join(", ", unseen));
        }
        List<RunResidual> loo = new ArrayList<>();
        if (runs.size() > 1) {
            for (int i = 0; i < runs.size(); i++) {
                List<ServingRun> others = new ArrayList<>(runs);
                ServingRun held = others.remove(i);
                double[] v = moved.isEmpty() ? fitted : solve(others, params, fitted, i + 1, stages);
                loo.add(residual(held, RunReplay.predict(deployment, params.apply(v), held, cancelOnly())));
            }
        } else {
            notes.add("one run: no leave-one-out error");
        }
        listener.progress(1.0, "fitted " + params.names().size() + " parameters to " + runs.size() + " runs");
        // every parameter is reported and stored, the held ones at their start, so a stored fit says what it used
        Map<String, Double> startAll = all.named(all.start());
        Map<String, Double> fittedAll = new java.util.LinkedHashMap<>(startAll);
        fittedAll.putAll(params.named(fitted));
        return new RunFitResult(startAll, fittedAll, params.apply(fitted), inSample, loo,
                rms(inSample), evaluations.get(), curves, notes);
    }

    private final AtomicInteger evaluations = new AtomicInteger();

    private double[] solve(List<ServingRun> runs, FitParameters params, double[] from, int stage, int stages) {
        double[] start = params.start();
        int[] stageStart = {evaluations.get()};
        Map<List<Double>, double[]> cache = new HashMap<>();
        java.util.function.Function<double[], double[]> value = point -> cache.computeIfAbsent(key(point), k -> {
            if (listener.isCancelled()) {
                throw new CancellationException("Fit from runs cancelled after " + evaluations.get() + " evaluations");
            }
            int n = evaluations.incrementAndGet();
            // a stage typically converges in about ten Jacobians of (parameters + 1) evaluations each
            double expected = 10.0 * (params.names().size() + 1);
            listener.progress(Math.min(0.99, (stage + Math.min(0.95, (n - stageStart[0]) / expected)) / stages),
                    String.format(Locale.ROOT, "%s: evaluation %d", stage == 0 ? "fitting all runs"
                            : "leaving run " + stage + " of " + (stages - 1) + " out", n));
            return residualVector(runs, params, point, start);
        });
        MultivariateJacobianFunction model = point -> {
            double[] x = params.clamp(point.toArray());
            double[] f = value.apply(x);
            double[][] jac = new double[f.length][x.length];
            for (int j = 0; j < x.length; j++) {
                double[] xs = x.clone();
                double h = params.step(j, x[j]);
                xs[j] = x[j] + h;
                double[] fs = value.apply(params.clamp(xs));
                double dx = params.clamp(xs)[j] - x[j];
                for (int i = 0; i < f.length; i++) {
                    jac[i][j] = dx == 0 ? 0 : (fs[i] - f[i]) / dx;
                }
            }
            return new Pair<>(new ArrayRealVector(f), new Array2DRowRealMatrix(jac, false));
        };
        int m = value.apply(params.clamp(from)).length;
        LeastSquaresProblem problem = new LeastSquaresBuilder()
                .start(params.clamp(from))
                .model(model)
                .target(new double[m])
                .parameterValidator(v -> new ArrayRealVector(params.clamp(v.toArray())))
                .maxEvaluations(MAX_EVALUATIONS)
                .maxIterations(MAX_EVALUATIONS)
                .build();
        try {
            LeastSquaresOptimizer.Optimum optimum = new LevenbergMarquardtOptimizer()
                    .withCostRelativeTolerance(1e-4).withParameterRelativeTolerance(1e-3)
                    .optimize(problem);
            return params.clamp(optimum.getPoint().toArray());
        } catch (TooManyEvaluationsException | TooManyIterationsException e) {
            // keep the best point seen: the cache holds every evaluated point
            return best(cache, params.clamp(from));
        }
    }

    private static double[] best(Map<List<Double>, double[]> cache, double[] fallback) {
        double bestCost = Double.POSITIVE_INFINITY;
        double[] bestPoint = fallback;
        for (Map.Entry<List<Double>, double[]> e : cache.entrySet()) {
            double c = Arrays.stream(e.getValue()).map(x -> x * x).sum();
            if (c < bestCost) {
                bestCost = c;
                bestPoint = e.getKey().stream().mapToDouble(Double::doubleValue).toArray();
            }
        }
        return bestPoint;
    }

    private static List<Double> key(double[] point) {
        List<Double> k = new ArrayList<>(point.length);
        for (double v : point) {
            k.add(v);
        }
        return k;
    }

    private double[] residualVector(List<ServingRun> runs, FitParameters params, double[] point, double[] start) {
        CalibrationSet profile = params.apply(point);
        List<RunPrediction> predictions = runs.parallelStream()
                .map(r -> RunReplay.predict(deployment, profile, r, cancelOnly())).toList();
        List<Double> out = new ArrayList<>();
        for (int i = 0; i < runs.size(); i++) {
            ServingRun run = runs.get(i);
            RunPrediction p = predictions.get(i);
            RunMeasurement m = run.measured();
            out.add(logRatio(p.meanTtftMs(), m.meanTtftMs()));
            out.add(Double.isNaN(m.meanTpotMs()) ? logRatio(p.tokenWeightedTpotMs(), m.tokenWeightedTpotMs())
                    : logRatio(p.meanTpotMs(), m.meanTpotMs()));
            if (serverPaced(run)) {
                out.add(logRatio(p.outputTokensPerS(), m.outputTokensPerS()));
            }
        }
        for (int k = 0; k < point.length; k++) {
            out.add(RIDGE * (point[k] - start[k]) / params.scale(k, start[k]));
        }
        return out.stream().mapToDouble(Double::doubleValue).toArray();
    }

    /** Share of a parameter's effect on the predictions below which it counts as another's (see {@link #screen}). */
    static final double CONFOUNDED = 0.20;

    /** What a fit can move: names no run sees, and names whose effect the ones before them already make. */
    record Screen(List<String> unseen, List<String> confounded) {
    }

    /**
     * Probes each parameter at the engine's values (a change of 20 % of its scale) and keeps it only when the runs see
     * it (some figure moves 0.2 %) and when its effect is not, within {@value #CONFOUNDED} of its size, a combination of
     * the effects of the parameters kept before it (Gram-Schmidt over the probe columns, in the order of
     * {@link io.fleetwise.planner.engine.HostCosts#PARAMETER_NAMES}): per-request and per-prompt-token API costs are
     * one and the same to runs whose prompts all come from one distribution, and fitting both lets the ill-conditioned
     * least squares wander along the valley between them.
     */
    private Screen screen(List<ServingRun> runs, FitParameters params) {
        double[] start = params.start();
        double[] base = residualVector(runs, params, start, start);
        int data = base.length - start.length;
        List<double[]> basis = new ArrayList<>();
        List<String> unseen = new ArrayList<>();
        List<String> confounded = new ArrayList<>();
        for (int k = 0; k < start.length; k++) {
            double[] moved = start.clone();
            moved[k] = start[k] + 0.2 * params.scale(k, start[k]);
            double[] r = residualVector(runs, params, params.clamp(moved), start);
            double[] col = new double[data];
            double max = 0;
            for (int i = 0; i < data; i++) {
                col[i] = r[i] - base[i];
                max = Math.max(max, Math.abs(col[i]));
            }
            if (max < 0.002) {
                unseen.add(params.names().get(k));
                continue;
            }
            double norm = Math.sqrt(dot(col, col));
            double[] own = col.clone();
            for (double[] b : basis) {
                double c = dot(own, b);
                for (int i = 0; i < data; i++) {
                    own[i] -= c * b[i];
                }
            }
            double ownNorm = Math.sqrt(dot(own, own));
            if (ownNorm < CONFOUNDED * norm) {
                confounded.add(params.names().get(k));
                continue;
            }
            for (int i = 0; i < data; i++) {
                own[i] /= ownNorm;
            }
            basis.add(own);
        }
        return new Screen(unseen, confounded);
    }

    private static double dot(double[] a, double[] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) {
            s += a[i] * b[i];
        }
        return s;
    }

    /** Parameters whose change by 20 % of their scale moves no compared figure by 0.2 %. */
    private List<String> unseen(List<ServingRun> runs, FitParameters params, double[] at) {
        double[] start = params.start();
        int data = residualVector(runs, params, at, start).length - at.length;
        double[] base = residualVector(runs, params, at, start);
        List<String> out = new ArrayList<>();
        for (int k = 0; k < at.length; k++) {
            double[] moved = at.clone();
            moved[k] = at[k] + 0.2 * params.scale(k, start[k]);
            double[] r = residualVector(runs, params, params.clamp(moved), start);
            double max = 0;
            for (int i = 0; i < data; i++) {
                max = Math.max(max, Math.abs(r[i] - base[i]));
            }
            if (max < 0.002) {
                out.add(params.names().get(k));
            }
        }
        return out;
    }

    /** Throughput is the server's only where the client did not set the pace. */
    static boolean serverPaced(ServingRun run) {
        RunLoad l = run.load();
        return (l.offline() || l.maxConcurrency() > 0 || Double.isInfinite(l.ratePerS()))
                && Double.isFinite(run.measured().outputTokensPerS());
    }

    private static double logRatio(double predicted, double measured) {
        if (!(measured > 0) || !Double.isFinite(measured)) {
            return 0; // not measured: no pull either way
        }
        if (!(predicted > 0) || !Double.isFinite(predicted)) {
            return FAILED_RESIDUAL;
        }
        return Math.log(predicted / measured);
    }

    private List<RunResidual> residuals(List<ServingRun> runs, CalibrationSet profile) {
        List<RunPrediction> predictions = runs.parallelStream()
                .map(r -> RunReplay.predict(deployment, profile, r, cancelOnly())).toList();
        List<RunResidual> out = new ArrayList<>();
        for (int i = 0; i < runs.size(); i++) {
            out.add(residual(runs.get(i), predictions.get(i)));
        }
        return out;
    }

    static RunResidual residual(ServingRun run, RunPrediction p) {
        RunMeasurement m = run.measured();
        double tpot = Double.isNaN(m.meanTpotMs()) ? relative(p.tokenWeightedTpotMs(), m.tokenWeightedTpotMs())
                : relative(p.meanTpotMs(), m.meanTpotMs());
        return new RunResidual(run.id(), relative(p.meanTtftMs(), m.meanTtftMs()), tpot,
                serverPaced(run) ? relative(p.outputTokensPerS(), m.outputTokensPerS()) : Double.NaN);
    }

    private static double relative(double predicted, double measured) {
        return measured > 0 && Double.isFinite(measured) ? predicted / measured - 1 : Double.NaN;
    }

    private static double rms(List<RunResidual> residuals) {
        double sum = 0;
        int n = 0;
        for (RunResidual r : residuals) {
            for (double e : new double[] {r.ttftError(), r.tpotError(), r.throughputError()}) {
                if (!Double.isNaN(e) && e > -1) {
                    double l = Math.log(1 + e);
                    sum += l * l;
                    n++;
                }
            }
        }
        return n == 0 ? Double.NaN : Math.sqrt(sum / n);
    }

    private static double span(List<ServingRun> runs) {
        double min = runs.stream().mapToDouble(ServingRun::meanInputTokens).min().orElse(1);
        double max = runs.stream().mapToDouble(ServingRun::meanInputTokens).max().orElse(1);
        return max / min;
    }

    private ProgressListener cancelOnly() {
        return new ProgressListener() {
            @Override
            public void progress(double fraction, String message) {
            }

            @Override
            public boolean isCancelled() {
                return listener.isCancelled();
            }
        };
    }
}

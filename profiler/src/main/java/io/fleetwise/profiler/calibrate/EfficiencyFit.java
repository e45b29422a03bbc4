package io.fleetwise.profiler.calibrate;

import io.fleetwise.planner.model.DType;
import io.fleetwise.planner.model.GpuType;
import io.fleetwise.planner.perf.CalibrationProfile;
import io.fleetwise.planner.perf.EfficiencyCurve;
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
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * Fits the performance model's efficiency curves to sweep timings by nonlinear least squares
 * (Levenberg-Marquardt from Apache Commons Math). The parameters are the curves' fractions at fixed knots
 * (log-spaced over the sizes the sweep covered); each point's time is predicted with the same roofline
 * the performance model uses for that kind of operation, {@code max(floor, (t_c^p + t_m^p)^(1/p))}, and
 * the residual is {@code ln(predicted / measured)}, so a 10% miss weighs the same on a 5 us and a 5 ms
 * kernel. Fractions are kept in (0, 1) by a logistic map; a very light pull towards the starting point
 * (weight {@value #RIDGE}) keeps a curve the sweep cannot see (memory side of a compute-bound device)
 * from drifting while moving the identifiable ones by far less than the timing noise.
 */
public final class EfficiencyFit {
    public enum Curve { GEMM_COMPUTE, GEMM_MEMORY, ATTENTION_COMPUTE, ATTENTION_MEMORY, ELEMENTWISE_MEMORY }

    static final double RIDGE = 1e-3;
    private static final int MAX_KNOTS = 4;

    /** What a fit produced. */
    public record Result(CalibrationProfile profile, double rmsLogError, int points, Map<Curve, EfficiencyCurve> fitted) {
    }

    private final double peakFlops;
    private final double peakBytesPerS;
    private final double p;
    private final double floorNs;

    /**
     * @param gpu     the device's peaks (fractions are relative to them)
     * @param base    profile whose exponent, floors and non-fitted fields the result keeps
     */
    public EfficiencyFit(GpuType gpu, CalibrationProfile base) {
        this.peakFlops = gpu.peakTflops(DType.BF16) * 1e12;
        this.peakBytesPerS = gpu.memBandwidthGBps() * 1e9;
        this.p = base.overlapExponent();
        this.floorNs = base.eagerKernelFloorUs() * 1e3;
    }

    public Result fit(List<SweepPoint> points, CalibrationProfile base, String name, String source) {
        if (points.isEmpty()) {
            throw new IllegalArgumentException("Calibration needs at least one sweep point");
        }
        Map<Curve, double[]> knots = new EnumMap<>(Curve.class);
        for (Curve c : Curve.values()) {
            List<Double> sizes = new ArrayList<>();
            for (SweepPoint pt : points) {
                if (uses(pt.kind(), c)) {
                    sizes.add(sizeFor(pt, c));
                }
            }
            if (!sizes.isEmpty()) {
                knots.put(c, knotsFor(sizes));
            }
        }
        List<Curve> curves = new ArrayList<>(knots.keySet());
        int[] offset = new int[curves.size() + 1];
        for (int i = 0; i < curves.size(); i++) {
            offset[i + 1] = offset[i] + knots.get(curves.get(i)).length;
        }
        int params = offset[curves.size()];
        double[] start = new double[params];
        for (int i = 0; i < curves.size(); i++) {
            double f = startFraction(points, curves.get(i));
            Arrays.fill(start, offset[i], offset[i + 1], logit(f));
        }
        int n = points.size();
        MultivariateJacobianFunction model = theta -> {
            double[] t = theta.toArray();
            double[] value = residuals(t, points, curves, knots, offset, start);
            double[][] jac = new double[n + params][params];
            for (int j = 0; j < params; j++) {
                double h = 1e-5;
                double[] up = t.clone();
                double[] down = t.clone();
                up[j] += h;
                down[j] -= h;
                double[] ru = residuals(up, points, curves, knots, offset, start);
                double[] rd = residuals(down, points, curves, knots, offset, start);
                for (int i = 0; i < n + params; i++) {
                    jac[i][j] = (ru[i] - rd[i]) / (2 * h);
                }
            }
            return new Pair<>(new ArrayRealVector(value, false), new Array2DRowRealMatrix(jac, false));
        };
        LeastSquaresProblem problem = new LeastSquaresBuilder()
                .model(model)
                .target(new double[n + params])
                .start(start)
                .maxEvaluations(20_000)
                .maxIterations(20_000)
                .build();
        LeastSquaresOptimizer.Optimum optimum = new LevenbergMarquardtOptimizer().optimize(problem);
        double[] theta = optimum.getPoint().toArray();
        Map<Curve, EfficiencyCurve> fitted = new EnumMap<>(Curve.class);
        for (int i = 0; i < curves.size(); i++) {
            fitted.put(curves.get(i), curve(theta, knots.get(curves.get(i)), offset[i]));
        }
        double[] r = residuals(theta, points, curves, knots, offset, start);
        double sum = 0;
        for (int i = 0; i < n; i++) {
            sum += r[i] * r[i];
        }
        CalibrationProfile profile = new CalibrationProfile(name,
                fitted.getOrDefault(Curve.GEMM_COMPUTE, base.gemmComputeEff()),
                fitted.getOrDefault(Curve.GEMM_MEMORY, base.gemmMemoryEff()),
                base.fp8ComputeScale(),
                base.fp8MemoryScale(),
                fitted.getOrDefault(Curve.ATTENTION_COMPUTE, base.prefillAttnComputeEff()),
                fitted.getOrDefault(Curve.ATTENTION_MEMORY, base.decodeAttnMemoryEff()),
                fitted.getOrDefault(Curve.ELEMENTWISE_MEMORY, base.elementwiseMemoryEff()),
                base.overlapExponent(), base.graphKernelFloorUs(), base.eagerKernelFloorUs(), base.collectiveBusEff(), source);
        return new Result(profile, Math.sqrt(sum / n), n, fitted);
    }

    /** Predicted time of a point under the given curves, as the performance model computes it. */
    public double predictNs(SweepPoint pt, Map<Curve, EfficiencyCurve> curves) {
        double t;
        switch (pt.kind()) {
            case GEMM:
                t = blend(pt.flops() / (peakFlops * curves.get(Curve.GEMM_COMPUTE).at(pt.flops())),
                        pt.bytes() / (peakBytesPerS * curves.get(Curve.GEMM_MEMORY).at(pt.bytes())));
                break;
            case ATTENTION_PREFILL:
            case ATTENTION_DECODE:
                t = blend(pt.flops() / (peakFlops * curves.get(Curve.ATTENTION_COMPUTE).at(pt.flops())),
                        pt.bytes() / (peakBytesPerS * curves.get(Curve.ATTENTION_MEMORY).at(pt.bytes())));
                break;
            default:
                t = pt.bytes() / (peakBytesPerS * curves.get(Curve.ELEMENTWISE_MEMORY).at(pt.bytes()));
        }
        return Math.max(t * 1e9, floorNs);
    }

    private double[] residuals(double[] theta, List<SweepPoint> points, List<Curve> curves, Map<Curve, double[]> knots,
                               int[] offset, double[] start) {
        Map<Curve, EfficiencyCurve> map = new EnumMap<>(Curve.class);
        for (int i = 0; i < curves.size(); i++) {
            map.put(curves.get(i), curve(theta, knots.get(curves.get(i)), offset[i]));
        }
        double[] r = new double[points.size() + theta.length];
        for (int i = 0; i < points.size(); i++) {
            r[i] = Math.log(predictNs(points.get(i), map) / points.get(i).timeNs());
        }
        for (int j = 0; j < theta.length; j++) {
            r[points.size() + j] = RIDGE * (theta[j] - start[j]);
        }
        return r;
    }

    private double blend(double tc, double tm) {
        return Math.pow(Math.pow(tc, p) + Math.pow(tm, p), 1.0 / p);
    }

    private static EfficiencyCurve curve(double[] theta, double[] knotSizes, int from) {
        double[] f = new double[knotSizes.length];
        for (int i = 0; i < f.length; i++) {
            f[i] = logistic(theta[from + i]);
        }
        return new EfficiencyCurve(knotSizes, f);
    }

    static boolean uses(SweepPoint.Kind kind, Curve c) {
        switch (c) {
            case GEMM_COMPUTE:
            case GEMM_MEMORY:
                return kind == SweepPoint.Kind.GEMM;
            case ATTENTION_COMPUTE:
            case ATTENTION_MEMORY:
                return kind == SweepPoint.Kind.ATTENTION_PREFILL || kind == SweepPoint.Kind.ATTENTION_DECODE;
            default:
                return kind == SweepPoint.Kind.ELEMENTWISE;
        }
    }

    static double sizeFor(SweepPoint pt, Curve c) {
        return c == Curve.GEMM_COMPUTE || c == Curve.ATTENTION_COMPUTE ? Math.max(1, pt.flops()) : pt.bytes();
    }

    /** Up to {@value #MAX_KNOTS} knots, log-spaced from the smallest to the largest size seen. */
    static double[] knotsFor(List<Double> sizes) {
        TreeSet<Double> distinct = new TreeSet<>(sizes);
        double lo = Math.log(distinct.first());
        double hi = Math.log(distinct.last());
        int count = Math.min(MAX_KNOTS, distinct.size());
        if (count == 1 || hi - lo < 1e-9) {
            return new double[] {distinct.first()};
        }
        double[] k = new double[count];
        for (int i = 0; i < count; i++) {
            k[i] = Math.exp(lo + (hi - lo) * i / (count - 1));
        }
        return k;
    }

    /** Median fraction each point would reach if this curve alone bounded it: a start close enough for LM. */
    private double startFraction(List<SweepPoint> points, Curve c) {
        List<Double> f = new ArrayList<>();
        boolean compute = c == Curve.GEMM_COMPUTE || c == Curve.ATTENTION_COMPUTE;
        for (SweepPoint pt : points) {
            if (uses(pt.kind(), c)) {
                double ideal = compute ? pt.flops() / peakFlops : pt.bytes() / peakBytesPerS;
                f.add(Math.min(0.9, Math.max(1e-6, ideal * 1e9 / pt.timeNs())));
            }
        }
        f.sort(Double::compare);
        return f.get(f.size() / 2);
    }

    private static double logit(double f) {
        return Math.log(f / (1 - f));
    }

    private static double logistic(double x) {
        return 1.0 / (1.0 + Math.exp(-x));
    }
}

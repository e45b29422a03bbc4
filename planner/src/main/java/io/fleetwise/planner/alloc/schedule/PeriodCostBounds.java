package io.fleetwise.planner.alloc.schedule;

import java.util.ArrayList;
import java.util.List;

/**
 * What is proven about each period's cost as a function of the baseline B (the GPUs of each baseline type it gets
 * free), from the solves done so far. Two kinds of facts, each a lower bound valid for every baseline in the root box:
 *
 * <ul>
 *   <li>A <em>Lagrangian cut</em>: the period priced at baseline prices mu over the box cost at least {@code bound},
 *   so {@code phi_p(B) >= bound - mu . B}.</li>
 *   <li>A <em>point</em>: the period solved around baseline {@code at} costs at least {@code value}. Its cost never
 *   rises with a larger baseline, and cannot fall faster than {@code step[g]} per hour for each baseline GPU of type g
 *   added (the plan that uses it could buy it by the hour instead), nor below zero; a baseline above what the period
 *   can use ({@code upper[p][g]}) is worth no more than that. So {@code phi_p(B) >= value - sum_g step_g hours
 *   (min(B_g, upper_g) - at_g)^+}.</li>
 * </ul>
 * Together they bound a baseline the search has never solved, often to within what its known plans cost there, so
 * that most periods of a new baseline need no solve.
 */
final class PeriodCostBounds {

    private record LagrangeCut(double[] mu, double bound) {
    }

    private record Point(int[] at, double value) {
    }

    private final int[][] upper;
    private final double[] hours;
    private final double[] step;
    private final List<List<LagrangeCut>> cuts = new ArrayList<>();
    private final List<List<Point>> points = new ArrayList<>();

    /**
     * @param upper per period and baseline type: most baseline GPUs the period can use
     * @param hours per period: its duration
     * @param step  per baseline type: most a baseline GPU saves a period per hour (may be infinite)
     */
    PeriodCostBounds(int[][] upper, double[] hours, double[] step) {
        this.upper = upper;
        this.hours = hours;
        this.step = step;
        for (int p = 0; p < upper.length; p++) {
            cuts.add(new ArrayList<>());
            points.add(new ArrayList<>());
        }
    }

    synchronized void addLagrangeCut(int p, double[] mu, double bound) {
        if (Double.isFinite(bound)) {
            cuts.get(p).add(new LagrangeCut(mu.clone(), bound));
        }
    }

    synchronized void addPoint(int p, int[] at, double value) {
        if (Double.isFinite(value)) {
            points.get(p).add(new Point(at.clone(), value));
        }
    }

    /** Proven lower bound of period p's cost around baseline b. */
    synchronized double lower(int p, int[] b) {
        double best = 0;
        for (LagrangeCut c : cuts.get(p)) {
            double v = c.bound();
            for (int g = 0; g < b.length; g++) {
                v -= c.mu()[g] * b[g];
            }
            best = Math.max(best, v);
        }
        for (Point point : points.get(p)) {
            double v = point.value();
            for (int g = 0; g < b.length && v > best; g++) {
                int added = Math.min(b[g], upper[p][g]) - point.at()[g];
                if (added > 0) {
                    v -= Math.min(step[g] * hours[p], point.value()) * added;
                }
            }
            best = Math.max(best, v);
        }
        return best;
    }

    /** Proven lower bound of every period's cost together around baseline b (the baseline's own price not included). */
    double lower(int[] b) {
        double total = 0;
        for (int p = 0; p < upper.length; p++) {
            total += lower(p, b);
        }
        return total;
    }
}

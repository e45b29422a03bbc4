package io.fleetwise.planner.alloc.schedule;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The facts a baseline search keeps about a period's cost, worked by hand. */
class PeriodCostBoundsTest {

    /** One period of 2 hours; type 0 saves at most 3 USD per GPU-hour, type 1 at most 5; it can use 4 and 2 of them. */
    private final PeriodCostBounds bounds = new PeriodCostBounds(new int[][] {{4, 2}}, new double[] {2.0},
            new double[] {3.0, 5.0});

    @Test
    void knowingNothingBoundsACostByZero() {
        assertEquals(0.0, bounds.lower(0, new int[] {0, 0}));
    }

    @Test
    void aLagrangianCutFallsWithTheBaselineAtItsPrices() {
        bounds.addLagrangeCut(0, new double[] {2.0, 1.0}, 30.0);
        assertEquals(30.0, bounds.lower(0, new int[] {0, 0}));
        assertEquals(30.0 - 2 * 3 - 1 * 2, bounds.lower(0, new int[] {3, 2}));
        // a cost is never below zero
        assertEquals(0.0, bounds.lower(0, new int[] {20, 0}));
    }

    @Test
    void aPointHoldsBelowItsBaselineAndFallsAtMostTheFlexiblePriceAbove() {
        bounds.addPoint(0, new int[] {1, 0}, 40.0);
        // a smaller baseline never makes the period cheaper
        assertEquals(40.0, bounds.lower(0, new int[] {0, 0}));
        assertEquals(40.0, bounds.lower(0, new int[] {1, 0}));
        // two more GPUs of type 0: at most 3 USD x 2 h each
        assertEquals(40.0 - 2 * 3 * 2, bounds.lower(0, new int[] {3, 0}));
        // the period uses at most 4 of type 0: the fifth and later are worth nothing to it
        assertEquals(40.0 - 3 * 3 * 2, bounds.lower(0, new int[] {9, 0}));
        assertEquals(40.0 - 3 * 2 - 2 * 5 * 2, bounds.lower(0, new int[] {2, 7}));
    }

    @Test
    void aTypeThatCannotBeBoughtByTheHourMayMakeThePeriodFree() {
        PeriodCostBounds onlyBaseline = new PeriodCostBounds(new int[][] {{3}}, new double[] {1.0},
                new double[] {Double.POSITIVE_INFINITY});
        onlyBaseline.addPoint(0, new int[] {0}, 12.0);
        assertEquals(12.0, onlyBaseline.lower(0, new int[] {0}));
        assertEquals(0.0, onlyBaseline.lower(0, new int[] {1}));
    }

    @Test
    void theStrongestFactWinsAndPeriodsAddUp() {
        PeriodCostBounds two = new PeriodCostBounds(new int[][] {{4}, {4}}, new double[] {1.0, 1.0},
                new double[] {3.0});
        two.addPoint(0, new int[] {0}, 10.0);
        two.addLagrangeCut(0, new double[] {1.0}, 9.0);
        two.addPoint(1, new int[] {2}, 4.0);
        // period 0 at 2: point 10 - 6 = 4, cut 9 - 2 = 7; period 1 at 2: 4
        assertEquals(7.0, two.lower(0, new int[] {2}));
        assertEquals(11.0, two.lower(new int[] {2}));
    }
}

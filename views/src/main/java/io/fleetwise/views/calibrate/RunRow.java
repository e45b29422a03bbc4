package io.fleetwise.views.calibrate;

/**
 * One measured run in the fit's result table: signed relative errors (predicted / measured - 1), NaN where not
 * compared.
 */
public record RunRow(String run, String format, String load, int requests, double ttftError, double tpotError,
                     double throughputError, double heldOutTtftError, double heldOutTpotError,
                     double heldOutThroughputError) {
}

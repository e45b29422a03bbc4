package io.fleetwise.views.calibrate;

/** One fitted parameter: where the fit started and where it ended. */
public record ParameterRow(String name, double start, double fitted) {
}

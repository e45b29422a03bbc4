package io.fleetwise.views.schedule;

/** One hour of a schedule as the table shows it: GPUs in use, and how many of them are bought by the hour. */
public record PeriodRow(String period, double ratePerS, String inUse, String onDemand, String spot, double flexibleCostUsd,
                        int baselineGpus, int onDemandGpus, int spotGpus) {
}

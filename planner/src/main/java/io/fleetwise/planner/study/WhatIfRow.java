package io.fleetwise.planner.study;

/**
 * The headline results of one what-if variant.
 *
 * @param costPerHourUsd        cost of the cheapest GPU mix meeting the SLO at the variant's rate; NaN without a plan
 * @param deltaCostPercent      change against the first (base) row, percent; NaN for the base or without a plan
 * @param savingPercent         saving of the mix against the best single GPU type, percent
 * @param mix                   the replicas of the mix, e.g. "2 x H100-SXM TP4 + 3 x L4 TP1"
 * @param message               why there is no plan, else empty
 * @param note                  requests left out because no candidate meets the SLO for them (within the share the
 *                              SLO's attainment lets miss), else empty
 */
public record WhatIfRow(String variant, double ratePerS, double tpotMs, double costPerHourUsd, double deltaCostPercent,
                        int gpus, double savingPercent, String mix, String message, String note) {
}

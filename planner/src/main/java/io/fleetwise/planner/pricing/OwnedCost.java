package io.fleetwise.planner.pricing;

/**
 * One GPU-hour of owned hardware, part by part (US dollars).
 *
 * @param facilityWattsPerGpu the GPU's share of the node's draw, PUE included
 */
public record OwnedCost(double capitalUsdPerGpuHour, double powerUsdPerGpuHour, double hostingUsdPerGpuHour,
                        double facilityWattsPerGpu) {

    public double totalUsdPerGpuHour() {
        return capitalUsdPerGpuHour + powerUsdPerGpuHour + hostingUsdPerGpuHour;
    }
}

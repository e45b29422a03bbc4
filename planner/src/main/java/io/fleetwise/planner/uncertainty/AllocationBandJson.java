package io.fleetwise.planner.uncertainty;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * An {@link AllocationBand} as every output carries it ({@code allocate --band --json}, {@code whatif --band --json},
 * the Fleet result a study saves and its report reads): the sentence, the band's source, whether the mix or its counts
 * change, and the cost at both ends when both have a plan.
 */
public final class AllocationBandJson {

    /** Key of the band in a saved Fleet result and in the commands' JSON answers. */
    public static final String KEY = "band";

    private AllocationBandJson() {
    }

    public static ObjectNode of(AllocationBand band) {
        ObjectNode out = JsonNodeFactory.instance.objectNode();
        out.put("describe", band.describe());
        out.put("source", band.band().describe());
        out.put("mixChanges", band.mixChanges());
        out.put("countsChange", band.countsChange());
        if (band.pessimistic().hasPlan() && band.optimistic().hasPlan()) {
            out.put("costLowUsdPerHour", band.costLowUsdPerHour());
            out.put("costHighUsdPerHour", band.costHighUsdPerHour());
        }
        if (band.nominal().hasPlan()) {
            out.put("costNominalUsdPerHour", band.nominal().costPerHourUsd());
        }
        return out;
    }
}

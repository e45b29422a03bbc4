package io.fleetwise.planner.alloc.simulated;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What simulating the whole planned fleet on the workload showed.
 *
 * @param sloAttainment          share of routed requests that met every SLO target
 * @param targetAttainment       the share the SLO asks for
 * @param routedRequests         requests the plan routes to some replica
 * @param unservedRequests       requests of bucket shares the plan leaves unserved (budget mode)
 * @param attainmentByCandidate  candidate name to the attainment of the requests routed to it
 */
public record FleetValidation(double sloAttainment, double targetAttainment, boolean meetsSlo, int routedRequests,
                              int unservedRequests, double simulatedRatePerSecond,
                              Map<String, Double> attainmentByCandidate, String message) {

    public FleetValidation {
        attainmentByCandidate = Collections.unmodifiableMap(new LinkedHashMap<>(attainmentByCandidate));
    }
}

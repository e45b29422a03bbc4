package io.fleetwise.views.fleet;

import io.fleetwise.planner.service.FleetAllocationRequest;
import io.fleetwise.reports.StudyReportBuilder;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A report computed for a study without a saved allocation must answer the question the Fleet area answers: both go
 * through the fleet allocation service with one bucket grid (a different grid once made the demo's cheapest single-type
 * fleet "infeasible" in the report while the Fleet area priced it at 180 $/h); the request count must agree too.
 */
class FleetGridSharedWithReportsTest {

    @Test
    void aReportWithoutASavedAllocationUsesTheFleetAreasRequestCountAndSweep() {
        StudyReportBuilder.Options report = StudyReportBuilder.Options.quick();
        assertThat(report.searchRequests()).isEqualTo(FleetViewModel.DEFAULT_REQUESTS_PER_SEARCH)
                .isEqualTo(FleetAllocationRequest.defaults().capacity().requestsPerSearch());
        assertThat(report.sweepPoints()).isEqualTo(FleetAllocationRequest.defaults().sweepPoints());
    }
}

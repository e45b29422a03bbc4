package io.fleetwise.views.fleet;

import io.fleetwise.planner.alloc.WorkloadBuckets;
import io.fleetwise.reports.StudyReportBuilder;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A report computed for a study without a saved allocation must answer the question the Fleet area answers: the same
 * length buckets and capacity-search size (a different grid once made the demo's cheapest single-type fleet
 * "infeasible" in the report while the Fleet area priced it at 180 $/h).
 */
class FleetGridSharedWithReportsTest {

    @Test
    void aReportWithoutASavedAllocationUsesTheFleetAreasBucketsAndRequestCount() {
        StudyReportBuilder.Options report = StudyReportBuilder.Options.quick();
        assertThat(WorkloadBuckets.parseEdges(report.inputEdges(), "input")).containsExactly(FleetViewModel.INPUT_EDGES);
        assertThat(WorkloadBuckets.parseEdges(report.outputEdges(), "output")).containsExactly(FleetViewModel.OUTPUT_EDGES);
        assertThat(report.searchRequests()).isEqualTo(FleetViewModel.DEFAULT_REQUESTS_PER_SEARCH);
    }
}

package io.fleetwise.reports;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class ReportTablesTest {

    @Test
    void aTypeThatCannotServeALoadedBucketIsExplainedByThatBucket() {
        ReportInput input = ReportFixtures.oneTypeCannotServeABucket();
        String bucket = input.problem().buckets().get(3).name();

        List<String> why = ReportTables.whyNotAlone(input);

        assertThat(why).containsExactly("A10G cannot serve the workload alone: one replica meets the SLO at no rate on "
                + "the bucket " + bucket + " (the per-replica throughput table below shows 0).");
    }

    @Test
    void typesThatCanServeAloneNeedNoExplanation() {
        assertThat(ReportTables.whyNotAlone(ReportFixtures.melangeExample(List.of()))).isEmpty();
    }
}

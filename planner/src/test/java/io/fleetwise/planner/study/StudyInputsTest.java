package io.fleetwise.planner.study;

import io.fleetwise.planner.calibration.CalibrationSet;
import io.fleetwise.planner.catalog.Catalog;
import io.fleetwise.planner.model.Slo;
import io.fleetwise.planner.perf.CalibrationProfiles;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class StudyInputsTest {
    private static final Catalog CATALOG = Catalog.builtIn();
    private static final StudyDocument DEMO = DemoStudy.create(CATALOG);
    private static final String BASE = StudyInputs.fingerprint(DEMO, CATALOG, CalibrationSet.builtIn());

    @Test
    void theSameInputsGiveTheSameFingerprint() {
        assertThat(StudyInputs.fingerprint(DemoStudy.create(CATALOG), Catalog.builtIn(), CalibrationSet.builtIn()))
                .isEqualTo(BASE);
        assertThat(StudyInputs.fingerprint(DEMO.withDescription("other words").withResult("x", null), CATALOG,
                CalibrationSet.builtIn())).as("description and results are not inputs").isEqualTo(BASE);
    }

    @Test
    void workloadSloClusterModelAndCalibrationEachChangeIt() {
        assertThat(StudyInputs.fingerprint(DEMO.withWorkload(DEMO.workload().withRatePerS(16)), CATALOG,
                CalibrationSet.builtIn())).isNotEqualTo(BASE);
        assertThat(StudyInputs.fingerprint(DEMO.withSlo(Slo.of(500, 40, 0.9)), CATALOG, CalibrationSet.builtIn()))
                .isNotEqualTo(BASE);
        assertThat(StudyInputs.fingerprint(DEMO.withNodeGroups(DEMO.nodeGroups().subList(0, 1)), CATALOG,
                CalibrationSet.builtIn())).isNotEqualTo(BASE);
        assertThat(StudyInputs.fingerprint(DEMO.withModelName("Llama-3.1-8B"), CATALOG, CalibrationSet.builtIn()))
                .isNotEqualTo(BASE);
        assertThat(StudyInputs.fingerprint(DEMO, CATALOG, CalibrationSet.builtIn().withCalibration("H100-SXM",
                CalibrationProfiles.h100Measured().withKernelFloors(3, 20), "v1"))).isNotEqualTo(BASE);
    }
}

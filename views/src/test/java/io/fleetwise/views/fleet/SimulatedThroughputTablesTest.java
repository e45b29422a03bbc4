package io.fleetwise.views.fleet;

import io.fleetwise.planner.alloc.PriceSelection;
import io.fleetwise.planner.alloc.WorkloadBucket;
import io.fleetwise.planner.catalog.Catalog;
import io.fleetwise.planner.model.ModelSpec;
import io.fleetwise.planner.model.ReplicaConfig;
import io.fleetwise.planner.model.Slo;
import io.fleetwise.planner.perf.CalibrationProfiles;
import io.fleetwise.planner.calibration.CalibrationSet;
import io.fleetwise.planner.progress.ProgressListener;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class SimulatedThroughputTablesTest {
    @Test
    void aNewCalibrationOfTheReplicasGpuTypeIsSimulatedAfresh() {
        Catalog catalog = Catalog.builtIn();
        ModelSpec model = catalog.model("Llama-3.1-8B");
        ReplicaConfig h100 = ReplicaConfig.of(catalog.gpu("H100-SXM"), 1);
        List<WorkloadBucket> buckets = List.of(new WorkloadBucket("chat", 200, 400, 100, 200, 1.0));
        Slo slo = Slo.of(2000, 100, 0.9);
        SimulatedThroughputTables tables = new SimulatedThroughputTables(60,
                io.fleetwise.planner.throughput.ThroughputCellStore.inMemory());
        CalibrationSet builtIn = CalibrationSet.builtIn();
        tables.row(model, h100, buckets, slo, PriceSelection.onDemand(), builtIn, ProgressListener.NONE);
        assertThat(tables.isCached(model, h100, buckets, slo, builtIn)).isTrue();
        // a calibration that differs from the built-in curves (kernel floors), so its fingerprint differs
        var fitted = CalibrationProfiles.h100Measured().withKernelFloors(3.0, 20.0);

        assertThat(tables.isCached(model, h100, buckets, slo, builtIn.withCalibration("A100-80GB-SXM", fitted,
                "A100-80GB-SXM calibration v1"))).as("another GPU type's calibration changes nothing").isTrue();
        assertThat(tables.isCached(model, h100, buckets, slo, builtIn.withCalibration("H100-SXM", fitted,
                "H100-SXM calibration v1"))).isFalse();
    }
}

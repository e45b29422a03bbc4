package io.fleetwise.planner.throughput;

import io.fleetwise.planner.calibration.CalibrationSet;
import io.fleetwise.planner.catalog.Catalog;
import io.fleetwise.planner.engine.EngineProfile;
import io.fleetwise.planner.model.BatchingPolicy;
import io.fleetwise.planner.model.DType;
import io.fleetwise.planner.model.GpuType;
import io.fleetwise.planner.model.ModelSpec;
import io.fleetwise.planner.model.ReplicaConfig;
import io.fleetwise.planner.model.Slo;
import io.fleetwise.planner.perf.CalibrationProfiles;
import io.fleetwise.planner.perf.EfficiencyCurve;
import io.fleetwise.planner.sim.CapacitySearch;
import io.fleetwise.planner.workload.FixedLengths;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ThroughputCellJsonTest {
    private static final Catalog CATALOG = Catalog.builtIn();
    private static final ModelSpec MODEL = CATALOG.model("Llama-3.1-8B");
    private static final GpuType H100 = CATALOG.gpu("H100-SXM");
    private static final CapacitySearch.Options SEARCH = new CapacitySearch.Options(60, 7L, 0.05, 12);

    /** A GPU type with an unknown price (NaN), a fitted curve with sizes whose exp(log(x)) is not x, an E2E target. */
    private static ThroughputCell unusualCell() {
        GpuType noPrice = H100.withPrice(io.fleetwise.planner.model.Price.unknown("nobody offers it"));
        var builtIn = CalibrationProfiles.h100Measured();
        var fitted = new io.fleetwise.planner.perf.CalibrationProfile("fitted", new EfficiencyCurve(
                new double[] {3.3, 1234.567, 9.87654321e9}, new double[] {0.1, 0.55, 0.81}), builtIn.gemmMemoryEff(),
                builtIn.fp8ComputeScale(), builtIn.prefillAttnComputeEff(), builtIn.decodeAttnMemoryEff(),
                builtIn.elementwiseMemoryEff(), 2.5, builtIn.graphKernelFloorUs(), builtIn.eagerKernelFloorUs(),
                builtIn.collectiveBusEff(), "test");
        CalibrationSet set = CalibrationSet.builtIn().withCalibration("H100-SXM", fitted, "fitted v1")
                .withEngine(EngineProfile.vllm06().withHostCosts(1234.5, 67.25, 3000));
        ReplicaConfig replica = ReplicaConfig.of(noPrice, 2).withBatching(BatchingPolicy.sarathi(512))
                .withDtypes(DType.FP8, DType.BF16, DType.BF16);
        return new ThroughputCell(MODEL, replica, new FixedLengths(300, 120), new Slo(800, 60, 30_000, 0.95), set,
                SEARCH);
    }

    @Test
    void aCellReadBackHasTheSameKeyAndEveryValue() {
        ThroughputCell cell = unusualCell();
        String line = ThroughputCellJson.write(cell);
        assertThat(line).doesNotContain("\n").startsWith("{\"format\":\"" + ThroughputCellJson.FORMAT + "\"");
        ThroughputCell back = ThroughputCellJson.read(line);
        assertThat(back.key()).isEqualTo(cell.key());
        assertThat(back.model()).isEqualTo(cell.model());
        assertThat(back.replica()).isEqualTo(cell.replica());
        assertThat(back.slo()).isEqualTo(cell.slo());
        assertThat(back.search()).isEqualTo(cell.search());
        assertThat(back.calibration().profileFor(back.replica().gpu()).fingerprint())
                .isEqualTo(cell.calibration().profileFor(cell.replica().gpu()).fingerprint());
        assertThat(back.replica().gpu().price().onDemandUsdPerHour()).isNaN();
        assertThat(ThroughputCellJson.write(back)).isEqualTo(line);
    }

    @Test
    void aCellWrittenBeforeProfilesHadAnFp8WeightStreamingScaleReadsAsTheCellItWas() {
        ThroughputCell cell = unusualCell(); // its profile has no fp8 weight-streaming scale of its own (1.0)
        String line = ThroughputCellJson.write(cell);
        String old = line.replace("\"fp8MemoryScale\":1.0,", "");
        assertThat(old).isNotEqualTo(line).doesNotContain("fp8MemoryScale");
        assertThat(ThroughputCellJson.read(old).key()).isEqualTo(cell.key());
    }

    @Test
    void aCellReadBackFindsTheSameCapacityToTheLastBit() {
        ThroughputCell cell = new ThroughputCell(MODEL, ReplicaConfig.of(H100, 1), new FixedLengths(500, 100),
                Slo.of(600, 40, 0.9), CalibrationSet.builtIn(), SEARCH);
        ThroughputCell back = ThroughputCellJson.read(ThroughputCellJson.write(cell));
        assertThat(back.search(null).maxRatePerS()).isEqualTo(cell.search(null).maxRatePerS()).isPositive();
    }

    @Test
    void aChangedLineIsRefusedInsteadOfSearchedIntoAWrongCell() {
        String line = ThroughputCellJson.write(unusualCell());
        String tampered = line.replace("\"inputTokens\":300", "\"inputTokens\":301");
        assertThat(tampered).isNotEqualTo(line);
        assertThatThrownBy(() -> ThroughputCellJson.read(tampered)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("reads back as").hasMessageContaining("another Fleetwise version");
        assertThatThrownBy(() -> ThroughputCellJson.read("{\"format\":\"other\"}"))
                .hasMessageContaining("Not a throughput cell");
        assertThatThrownBy(() -> ThroughputCellJson.read("{not json")).hasMessageContaining("malformed JSON");
        assertThatThrownBy(() -> ThroughputCellJson.read(line.replace("\"slo\":", "\"slO\":")))
                .hasMessageContaining("lacks one of");
    }
}

package io.fleetwise.profiler.store;

import io.fleetwise.datastore.calibration.CalibrationJson;
import io.fleetwise.datastore.calibration.StoredCalibration;
import io.fleetwise.datastore.Database;
import io.fleetwise.executor.device.DeviceInfo;
import io.fleetwise.planner.perf.CalibrationProfile;
import io.fleetwise.planner.perf.CalibrationProfiles;
import io.fleetwise.planner.perf.EfficiencyCurve;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class CalibrationStoreTest {
    private static final DeviceInfo CPU = new DeviceInfo(DeviceInfo.Kind.CPU, 0, "CPU test", 0, 0, 0, 1L << 30, 0, 0, 0, 0, Optional.empty());

    private static CalibrationProfile withElementwise(double fraction) {
        CalibrationProfile h = CalibrationProfiles.h100Measured();
        return new CalibrationProfile("v" + fraction, h.gemmComputeEff(), h.gemmMemoryEff(), h.fp8ComputeScale(), h.prefillAttnComputeEff(),
                h.decodeAttnMemoryEff(), new EfficiencyCurve(new double[] {1e3, 1e6}, new double[] {fraction / 2, fraction}),
                h.overlapExponent(), 1.5, 0, h.collectiveBusEff(), "test fit");
    }

    @Test
    void savedCalibrationsComeBackEqualAndTheNewestVersionIsTheOneInUse(@TempDir Path dir) {
        Database db = Database.open(dir.resolve("cal.db"));
        CalibrationStore store = new CalibrationStore(db, Clock.fixed(Instant.parse("2026-11-22T23:00:00Z"), ZoneOffset.UTC));

        assertThat(store.latest(CPU)).isEmpty();
        StoredCalibration first = store.save(CPU, withElementwise(0.02), 0.05, 30);
        StoredCalibration second = store.save(CPU, withElementwise(0.04), 0.04, 30);

        assertThat(first.version()).isEqualTo(1);
        assertThat(second.version()).isEqualTo(2);
        StoredCalibration latest = new CalibrationStore(Database.open(dir.resolve("cal.db")), Clock.systemUTC()).latest(CPU).orElseThrow();
        assertThat(latest.id()).isEqualTo(second.id());
        assertThat(latest.deviceKey()).isEqualTo("cpu");
        assertThat(latest.createdAt()).isEqualTo(Instant.parse("2026-11-22T23:00:00Z"));
        assertThat(latest.profile().elementwiseMemoryEff().fractions()).containsExactly(0.02, 0.04);
        assertThat(latest.profile().elementwiseMemoryEff().sizes()[1]).isCloseTo(1e6, org.assertj.core.api.Assertions.within(1e-6));
        assertThat(latest.profile().gemmComputeEff().fractions()).containsExactly(CalibrationProfiles.h100Measured().gemmComputeEff().fractions());
        assertThat(latest.profile().graphKernelFloorUs()).isEqualTo(1.5);
        assertThat(store.find(first.id()).orElseThrow().profile().elementwiseMemoryEff().fractions()).containsExactly(0.01, 0.02);
        assertThat(store.all()).hasSize(2);
    }

    @Test
    void aGpuCalibrationIsFoundByItsCatalogTypeAndTheCpuDeviceNeverIs(@TempDir Path dir) {
        CalibrationStore store = new CalibrationStore(Database.open(dir.resolve("gpu.db")), Clock.systemUTC());
        io.fleetwise.planner.model.GpuType h100 = io.fleetwise.planner.catalog.Catalog.builtIn().gpus().stream()
                .filter(g -> g.name().equals("H100-SXM")).findFirst().orElseThrow();
        DeviceInfo gpu = new DeviceInfo(DeviceInfo.Kind.CUDA, 0, "NVIDIA H100 80GB HBM3", 9, 0, 132, 80L << 30, 1980000, 2619000, 5120,
                13000, Optional.of(h100));
        store.save(CPU, withElementwise(0.02), 0.1, 10);
        StoredCalibration onGpu = store.save(gpu, withElementwise(0.6), 0.03, 120);

        assertThat(store.latestForGpuType("H100-SXM")).get().extracting(StoredCalibration::id).isEqualTo(onGpu.id());
        assertThat(store.latestForGpuType("A100-80GB-SXM")).isEmpty();
        assertThat(store.latestForGpuType("CPU device")).isEmpty();
        assertThat(store.latest(CPU).orElseThrow().deviceKey()).isEqualTo("cpu");
    }

    @Test
    void brokenParamsJsonNamesTheRowAndField() {
        String json = CalibrationJson.write(withElementwise(0.02)).replace("\"overlapExponent\":3.0", "\"overlapExponent\":\"x\"");

        assertThatThrownBy(() -> CalibrationJson.read(json, "calibration 7"))
                .hasMessageContaining("calibration 7").hasMessageContaining("overlapExponent");
    }
}

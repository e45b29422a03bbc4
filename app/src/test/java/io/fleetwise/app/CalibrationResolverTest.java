package io.fleetwise.app;

import io.fleetwise.datastore.Database;
import io.fleetwise.planner.perf.GpuCalibrations;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class CalibrationResolverTest {
    @TempDir
    Path dir;

    @AfterEach
    void builtInAgain() {
        GpuCalibrations.install(Map.of());
    }

    @Test
    void aDamagedCalibrationRowLeavesTheGuiOnTheBuiltInCurvesWithTheReason() {
        Database db = Database.open(dir.resolve("c.db"));
        db.execute(c -> c.createStatement().executeUpdate("INSERT INTO calibration(device_key, device_name, device_kind, version, "
                + "created_at, params_json, fit_rms_log_error, sweep_points) VALUES ('cuda:H100-SXM', 'NVIDIA H100', 'CUDA', 1, "
                + "'2026-11-22T10:00:00Z', '{\"name\": \"half a calibration\"}', 0.1, 30)"));
        CalibrationResolver resolver = new CalibrationResolver(db, Clock.systemUTC());

        assertThat(resolver.installLatestOrBuiltIn()).hasValueSatisfying(why -> assertThat(why)
                .startsWith("Stored calibrations not used").contains("calibration"));
        assertThat(GpuCalibrations.installed()).isEmpty();
        assertThat(GpuCalibrations.describe("H100-SXM")).isEqualTo(GpuCalibrations.BUILT_IN_LABEL);
    }

    @Test
    void anEmptyStoreInstallsNothingAndSaysSo() {
        CalibrationResolver resolver = new CalibrationResolver(Database.open(dir.resolve("e.db")), Clock.systemUTC());
        assertThat(resolver.installLatestOrBuiltIn()).isEmpty();
        assertThat(CalibrationResolver.describeInstalled()).isEqualTo(GpuCalibrations.BUILT_IN_LABEL + " for every GPU type");
    }

    @Test
    void aDamagedCalibrationRowIsNamedOnTheCommandLineWithTheWayAround() {
        Database db = Database.open(dir.resolve("d.db"));
        db.execute(c -> c.createStatement().executeUpdate("INSERT INTO calibration(device_key, device_name, device_kind, version, "
                + "created_at, params_json, fit_rms_log_error, sweep_points) VALUES ('cuda:H100-SXM', 'NVIDIA H100', 'CUDA', 1, "
                + "'2026-11-22T10:00:00Z', '{\"name\": \"half a calibration\"}', 0.1, 30)"));
        CalibrationResolver resolver = new CalibrationResolver(db, Clock.systemUTC());

        assertThat(org.assertj.core.api.Assertions.catchThrowable(() -> resolver.table("latest", "H100-SXM")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("calibration 1: params JSON field")
                .hasMessageEndingWith("(plan without stored calibrations: --calibration builtin)");
        assertThat(resolver.table("builtin", "H100-SXM")).isEmpty();
    }
}

package io.fleetwise.app;

import io.fleetwise.datastore.Database;
import io.fleetwise.planner.calibration.CalibrationSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Clock;

import static org.assertj.core.api.Assertions.assertThat;

class CalibrationResolverTest {
    @TempDir
    Path dir;

    @Test
    void aDamagedCalibrationRowLeavesTheGuiOnTheBuiltInCurvesWithTheReason() {
        Database db = Database.open(dir.resolve("c.db"));
        db.execute(c -> c.createStatement().executeUpdate("INSERT INTO calibration(device_key, device_name, device_kind, version, "
                + "created_at, params_json, fit_rms_log_error, sweep_points) VALUES ('cuda:H100-SXM', 'NVIDIA H100', 'CUDA', 1, "
                + "'2026-11-22T10:00:00Z', '{\"name\": \"half a calibration\"}', 0.1, 30)"));
        CalibrationResolver resolver = new CalibrationResolver(db, Clock.systemUTC());

        assertThat(resolver.refresh()).hasValueSatisfying(why -> assertThat(why)
                .startsWith("Stored calibrations not used").contains("calibration"));
        assertThat(resolver.current().calibrated()).isEmpty();
        assertThat(resolver.current().labelFor("H100-SXM")).isEqualTo(CalibrationSet.BUILT_IN_LABEL);
    }

    @Test
    void anEmptyStorePredictsWithTheBuiltInCurvesAndSaysSo() {
        CalibrationResolver resolver = new CalibrationResolver(Database.open(dir.resolve("e.db")), Clock.systemUTC());
        assertThat(resolver.refresh()).isEmpty();
        assertThat(resolver.current().describe()).isEqualTo(CalibrationSet.BUILT_IN_LABEL + " for every GPU type");
        assertThat(resolver.current().fingerprint()).isEqualTo(CalibrationSet.builtIn().fingerprint());
    }

    @Test
    void aDamagedCalibrationRowIsNamedOnTheCommandLineWithTheWayAround() {
        Database db = Database.open(dir.resolve("d.db"));
        db.execute(c -> c.createStatement().executeUpdate("INSERT INTO calibration(device_key, device_name, device_kind, version, "
                + "created_at, params_json, fit_rms_log_error, sweep_points) VALUES ('cuda:H100-SXM', 'NVIDIA H100', 'CUDA', 1, "
                + "'2026-11-22T10:00:00Z', '{\"name\": \"half a calibration\"}', 0.1, 30)"));
        CalibrationResolver resolver = new CalibrationResolver(db, Clock.systemUTC());

        assertThat(org.assertj.core.api.Assertions.catchThrowable(() -> resolver.resolve("latest", "H100-SXM")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("calibration 1: params JSON field")
                .hasMessageEndingWith("(plan without stored calibrations: --calibration builtin)");
        assertThat(resolver.resolve("builtin", "H100-SXM")).isEqualTo(CalibrationSet.builtIn());
    }
}

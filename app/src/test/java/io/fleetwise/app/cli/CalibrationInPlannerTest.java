package io.fleetwise.app.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fleetwise.datastore.Database;
import io.fleetwise.executor.device.DeviceInfo;
import io.fleetwise.planner.catalog.Catalog;
import io.fleetwise.planner.perf.CalibrationProfile;
import io.fleetwise.planner.perf.CalibrationProfiles;
import io.fleetwise.planner.perf.EfficiencyCurve;
import io.fleetwise.planner.calibration.CalibrationSet;
import io.fleetwise.profiler.store.CalibrationStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.StringWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/** A calibration stored for a GPU type changes what the planner commands predict for that type, and only for it. */
class CalibrationInPlannerTest {
    @TempDir
    Path dir;

    private StringWriter out = new StringWriter();
    private StringWriter err = new StringWriter();

    private JsonNode run(String... args) throws Exception {
        out = new StringWriter();
        err = new StringWriter();
        int code = CliRun.runWithDb(out, err, dir, args);
        assertThat(code).as(err.toString()).isZero();
        return new ObjectMapper().readTree(out.toString());
    }

    private JsonNode simulate(String gpu, String... extra) throws Exception {
        String[] base = {"simulate", "--model", "Llama-3.1-8B", "--gpu", gpu, "--rate", "4", "--requests", "120", "--json"};
        String[] all = new String[base.length + extra.length];
        System.arraycopy(base, 0, all, 0, base.length);
        System.arraycopy(extra, 0, all, base.length, extra.length);
        return run(all);
    }

    /** A calibration as a slow H100 would give: every kernel at a quarter of the built-in efficiency. */
    private void storeSlowH100Calibration(int times) {
        CalibrationProfile b = CalibrationProfiles.h100Measured();
        EfficiencyCurve slow = EfficiencyCurve.constant(0.1);
        CalibrationProfile fitted = new CalibrationProfile("calibrated on NVIDIA H100 80GB HBM3", slow, slow, 1.0, slow, slow, slow,
                b.overlapExponent(), 0, 0, 0.8, "test fit");
        DeviceInfo h100 = new DeviceInfo(DeviceInfo.Kind.CUDA, 0, "NVIDIA H100 80GB HBM3", 9, 0, 132, 80L << 30, 1980000,
                2619000, 5120, 13000, Optional.of(Catalog.builtIn().gpu("H100-SXM")));
        CalibrationStore store = new CalibrationStore(Database.open(dir.resolve("f.db")),
                Clock.fixed(Instant.parse("2026-11-22T10:00:00Z"), ZoneOffset.UTC));
        for (int i = 0; i < times; i++) {
            store.save(h100, fitted, 0.05, 30);
        }
    }

    @Test
    void aStoredGpuCalibrationChangesSimulateForThatTypeOnlyAndBuiltinIgnoresIt() throws Exception {
        JsonNode h100Before = simulate("H100-SXM");
        JsonNode a100Before = simulate("A100-80GB-SXM");
        assertThat(h100Before.path("calibration").asText()).isEqualTo(CalibrationSet.BUILT_IN_LABEL);

        storeSlowH100Calibration(2);

        JsonNode h100After = simulate("H100-SXM");
        assertThat(h100After.path("calibration").asText()).startsWith("H100-SXM calibration v2 (2026-11-22, NVIDIA H100 80GB HBM3");
        assertThat(h100After.path("summary").path("tpot").path("meanMs").asDouble())
                .isGreaterThan(1.2 * h100Before.path("summary").path("tpot").path("meanMs").asDouble());

        JsonNode a100After = simulate("A100-80GB-SXM");
        assertThat(a100After.path("calibration").asText()).isEqualTo(CalibrationSet.BUILT_IN_LABEL);
        assertThat(a100After.path("summary").path("tpot").path("meanMs").asDouble())
                .isEqualTo(a100Before.path("summary").path("tpot").path("meanMs").asDouble());

        JsonNode builtin = simulate("H100-SXM", "--calibration", "builtin");
        assertThat(builtin.path("calibration").asText()).isEqualTo(CalibrationSet.BUILT_IN_LABEL);
        assertThat(builtin.path("summary").path("tpot").path("meanMs").asDouble())
                .isEqualTo(h100Before.path("summary").path("tpot").path("meanMs").asDouble());

        JsonNode v1 = simulate("H100-SXM", "--calibration", "1");
        assertThat(v1.path("calibration").asText()).startsWith("H100-SXM calibration v1 ");
        assertThat(v1.path("calibrationFingerprint").asText()).isNotEqualTo(builtin.path("calibrationFingerprint").asText());
        assertThat(builtin.path("calibrationFingerprint").asText()).isEqualTo(CalibrationSet.builtIn().fingerprint());
        assertThat(builtin.path("engine").asText()).isEqualTo("vllm-v1");
    }

    @Test
    void anUnknownCalibrationVersionIsRefusedWithTheVersionsStored() throws Exception {
        storeSlowH100Calibration(1);
        out = new StringWriter();
        err = new StringWriter();
        int code = CliRun.runWithDb(out, err, dir, "simulate", "--model", "Llama-3.1-8B", "--gpu", "H100-SXM", "--rate", "4",
                "--requests", "20", "--calibration", "7");
        assertThat(code).isNotZero();
        assertThat(err.toString()).contains("no calibration version 7 of GPU type H100-SXM", "(stored: 1)");
    }

    @Test
    void capacityTextSaysWhichCalibrationItUsed() throws Exception {
        storeSlowH100Calibration(1);
        out = new StringWriter();
        err = new StringWriter();
        int code = CliRun.runWithDb(out, err, dir, "capacity", "--model", "Llama-3.1-8B", "--gpu", "H100-SXM", "--requests", "100",
                "--slo-tpot-ms", "60", "--tolerance", "0.2");
        assertThat(code).as(err.toString()).isZero();
        assertThat(out.toString()).contains("calibration: H100-SXM calibration v1 (2026-11-22");
    }

    @Test
    void searchOverTwoGpuTypesNamesTheCalibrationOfEach() throws Exception {
        storeSlowH100Calibration(1);
        JsonNode doc = run("search", "--model", "Llama-3.1-8B", "--gpus", "1xH100-SXM,1xA100-80GB-SXM", "--rate", "2", "--requests", "60",
                "--slo-ttft-ms", "3000", "--slo-tpot-ms", "150", "--weights", "bf16", "--contenders", "2", "--threads", "2", "--json");
        assertThat(doc.path("calibration").asText()).contains("H100-SXM: H100-SXM calibration v1 (2026-11-22",
                "A100-80GB-SXM: " + CalibrationSet.BUILT_IN_LABEL);

        out = new StringWriter();
        err = new StringWriter();
        int code = CliRun.runWithDb(out, err, dir, "search", "--model", "Llama-3.1-8B", "--gpus", "1xH100-SXM,1xA100-80GB-SXM",
                "--rate", "2", "--requests", "20", "--calibration", "1");
        assertThat(code).isNotZero();
        assertThat(err.toString()).contains("this command plans several GPU types; write GPU:VERSION");
    }
}

package io.fleetwise.app.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** devices, execute and calibrate on the CPU device with a 2-layer model imported from a config.json. */
class ProfilerCliTest {
    @TempDir
    Path dir;

    private StringWriter out = new StringWriter();
    private StringWriter err = new StringWriter();

    private int run(String... args) {
        out = new StringWriter();
        err = new StringWriter();
        CliContext context = new CliContext(new PrintWriter(out), new PrintWriter(err), Map.of(), dir.resolve("home"),
                Clock.systemUTC(), (services, demo) -> 0);
        return Cli.commandLine(context).execute(args);
    }

    private String db() {
        return dir.resolve("f.db").toString();
    }

    private void importTinyModel() throws Exception {
        Path config = dir.resolve("tiny").resolve("config.json");
        Files.createDirectories(config.getParent());
        try (InputStream in = getClass().getResourceAsStream("tiny-llama-config.json")) {
            Files.copy(in, config);
        }
        assertThat(run("--db", db(), "catalog", "import-model", config.toString(), "--name", "tiny-llama")).as(err.toString()).isZero();
    }

    @Test
    void devicesListsTheCpuDeviceAndSaysPlainlyWhyThereIsNoGpu() throws Exception {
        assertThat(run("--db", db(), "devices")).as(err.toString()).isZero();
        assertThat(out.toString()).contains("cpu", "CPU (plain Java reference");

        assertThat(run("--db", db(), "devices", "--json")).isZero();
        JsonNode json = new ObjectMapper().readTree(out.toString());
        JsonNode devices = json.get("devices");
        assertThat(devices.get(devices.size() - 1).get("device").asText()).isEqualTo("cpu");
        if (!json.get("cudaAvailable").asBoolean()) {
            assertThat(json.get("cudaUnavailableReason").asText()).matches("(no CUDA driver|no CUDA device|CUDA driver error).*");
            assertThat(devices).hasSize(1);
        }
    }

    @Test
    void executeOnTheCpuDeviceStoresTraceAndProfileAndCalibrateChangesThePrediction() throws Exception {
        importTinyModel();

        assertThat(run("--db", db(), "execute", "--model", "tiny-llama", "--tp", "2", "--rate", "20", "--preset", "chat",
                "--iterations", "2", "--max-batch-tokens", "64", "--json")).as(err.toString()).isZero();
        JsonNode first = new ObjectMapper().readTree(out.toString());
        assertThat(first.get("deviceKind").asText()).isEqualTo("CPU");
        assertThat(first.get("measuredOn").asText()).contains("not a GPU measurement");
        assertThat(first.get("traceId").asLong()).isPositive();
        assertThat(first.get("calibrationId").isNull()).isTrue();
        assertThat(first.get("byIteration")).hasSize(2);
        assertThat(first.get("byOperator").findValuesAsText("operatorClass")).contains("QKV_GEMM", "ATTENTION_PREFILL", "TP_ALL_REDUCE");
        assertThat(first.get("measuredTotalMs").asDouble()).isPositive();

        assertThat(run("--db", db(), "calibrate", "--device", "cpu", "--json")).as(err.toString()).isZero();
        JsonNode cal = new ObjectMapper().readTree(out.toString());
        assertThat(cal.get("version").asInt()).isEqualTo(1);
        assertThat(cal.get("deviceKey").asText()).isEqualTo("cpu");
        assertThat(cal.get("curves").get("gemm_compute").get("fractions")).isNotEmpty();

        assertThat(run("--db", db(), "execute", "--model", "tiny-llama", "--tp", "2", "--rate", "20", "--preset", "chat",
                "--iterations", "2", "--max-batch-tokens", "64")).as(err.toString()).isZero();
        assertThat(out.toString()).contains("Measured on the CPU device", "Predicted with: calibrated on CPU", "QKV_GEMM",
                "Total: measured");
    }

    @Test
    void executeRunsAScheduleFileInPerIterationMode() throws Exception {
        importTinyModel();
        Path schedule = dir.resolve("schedule.json");
        Files.writeString(schedule, io.fleetwise.executor.run.IterationScheduleJson.write(new io.fleetwise.executor.run.IterationSchedule(
                java.util.List.of(new io.fleetwise.executor.run.Iteration(java.util.List.of(new io.fleetwise.executor.run.PrefillChunk(24, 0)),
                                java.util.List.of()),
                        new io.fleetwise.executor.run.Iteration(java.util.List.of(), java.util.List.of(30, 50, 70))))));

        assertThat(run("--db", db(), "execute", "--model", "tiny-llama", "--tp", "1", "--schedule", schedule.toString(),
                "--per-iteration", "--json", "--trace-name", "from file")).as(err.toString()).isZero();
        JsonNode json = new ObjectMapper().readTree(out.toString());
        assertThat(json.get("timingMode").asText()).isEqualTo("PER_ITERATION");
        assertThat(json.get("byIteration")).hasSize(2);
        assertThat(json.get("byIteration").get(1).get("batch").asText()).isEqualTo("tokens=3 prefill=0 decode=3");
        assertThat(json.get("byIteration").get(0).get("measuredMs").asDouble()).isPositive();
        assertThat(json.get("measuredTotalMs").asDouble()).isPositive();
    }

    @Test
    void executeNeedsExactlyOneScheduleSourceAndNamesABadDevice() throws Exception {
        importTinyModel();

        assertThat(run("--db", db(), "execute", "--model", "tiny-llama", "--tp", "1")).isEqualTo(2);
        assertThat(err.toString()).contains("--schedule");
        assertThat(run("--db", db(), "execute", "--model", "tiny-llama", "--tp", "1", "--schedule", dir.resolve("none.json").toString(),
                "--device", "tpu:0")).isEqualTo(1);
        assertThat(err.toString()).contains("tpu:0", "expected cpu or cuda:N");
    }

    @Test
    void executeOnTwoCpuDevicesRunsTheAllReduceForRealAndSaysSo() throws Exception {
        importTinyModel();

        assertThat(run("--db", db(), "execute", "--model", "tiny-llama", "--tp", "2", "--devices", "cpu,cpu", "--rate", "20",
                "--preset", "chat", "--iterations", "2", "--max-batch-tokens", "32", "--json")).as(err.toString()).isZero();
        JsonNode json = new ObjectMapper().readTree(out.toString());
        assertThat(json.get("tpAllReduce").asText()).startsWith("measured (ring over 2 local devices");
        assertThat(json.get("byOperator").findValuesAsText("operatorClass")).contains("TP_ALL_REDUCE");

        assertThat(run("--db", db(), "execute", "--model", "tiny-llama", "--tp", "4", "--devices", "cpu,cpu", "--rate", "20",
                "--preset", "chat", "--iterations", "1")).isNotZero();
        assertThat(err.toString()).contains("--devices lists 2 devices but --tp is 4");
    }
}

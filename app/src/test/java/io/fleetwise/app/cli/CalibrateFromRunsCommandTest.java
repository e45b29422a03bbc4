package io.fleetwise.app.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fleetwise.datastore.Database;
import io.fleetwise.datastore.engine.EngineFitRepository;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;

import static org.assertj.core.api.Assertions.assertThat;

class CalibrateFromRunsCommandTest {
    @TempDir
    Path dir;
    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int run(String... args) {
        return CliRun.runWithDb(out, err, dir, args);
    }

    /** Two vllm bench serve results without details: a closed loop of 4 and of 32, 1024 in / 128 out. */
    private Path[] runs() throws Exception {
        Path a = dir.resolve("c4.json");
        Files.writeString(a, "{\"date\": \"20250301-101500\", \"backend\": \"vllm\", \"model_id\": \"meta-llama/Llama-3.1-8B-Instruct\","
                + " \"num_prompts\": 120, \"request_rate\": \"inf\", \"burstiness\": 1.0, \"max_concurrency\": 4,"
                + " \"duration\": 37.9, \"completed\": 120, \"total_input_tokens\": 122880, \"total_output_tokens\": 15360,"
                + " \"request_throughput\": 3.17, \"output_throughput\": 405.3, \"mean_ttft_ms\": 62.0, \"mean_tpot_ms\": 9.1}");
        Path b = dir.resolve("c32.json");
        Files.writeString(b, "{\"date\": \"20250301-103000\", \"backend\": \"vllm\", \"model_id\": \"meta-llama/Llama-3.1-8B-Instruct\","
                + " \"num_prompts\": 160, \"request_rate\": \"inf\", \"burstiness\": 1.0, \"max_concurrency\": 32,"
                + " \"duration\": 17.1, \"completed\": 160, \"total_input_tokens\": 163840, \"total_output_tokens\": 20480,"
                + " \"request_throughput\": 9.36, \"output_throughput\": 1197.7, \"mean_ttft_ms\": 160.0, \"mean_tpot_ms\": 19.5}");
        return new Path[] {a, b};
    }

    @Test
    void fromRunsFitsReportsEachRunAndStoresTheProfile() throws Exception {
        Path[] files = runs();
        int code = run("calibrate", "--from-runs", files[0].toString(), files[1].toString(), "--engine", "vllm-0.6",
                "--model", "Llama-3.1-8B", "--gpu", "H100-SXM", "--json");
        assertThat(code).as(err.toString()).isZero();
        JsonNode doc = new ObjectMapper().readTree(out.toString());
        assertThat(doc.path("stored").asText()).isEqualTo("vllm-0.6:v1");
        assertThat(doc.path("runs")).hasSize(2);
        assertThat(doc.path("runs").get(0).path("leaveOneOut").has("tpotError")).isTrue();
        assertThat(doc.path("fitted").path("perScheduledSequenceUs").isNumber()).isTrue();
        EngineFitRepository repo = new EngineFitRepository(Database.open(dir.resolve("f.db")), Clock.systemUTC());
        assertThat(repo.resolve("vllm-0.6").runs()).isEqualTo(2);
    }

    @Test
    void everyServingEngineCanBeFittedAndKernelsOnlyIsRefused() throws Exception {
        Path[] files = runs();
        int code = run("calibrate", "--from-runs", files[0].toString(), files[1].toString(), "--engine", "sglang",
                "--model", "Llama-3.1-8B", "--gpu", "H100-SXM", "--json");
        assertThat(code).as(err.toString()).isZero();
        assertThat(new ObjectMapper().readTree(out.toString()).path("stored").asText()).isEqualTo("sglang:v1");
        err.getBuffer().setLength(0);
        code = run("calibrate", "--from-runs", files[0].toString(), "--engine", "kernels-only", "--model", "Llama-3.1-8B",
                "--gpu", "H100-SXM");
        assertThat(code).isEqualTo(Cli.EXIT_ERROR);
        assertThat(err.toString()).contains("--engine: 'kernels-only' models no serving engine's host")
                .contains("vllm-v1, vllm-0.6, sglang");
        EngineFitRepository repo = new EngineFitRepository(Database.open(dir.resolve("f.db")), Clock.systemUTC());
        assertThat(repo.all()).hasSize(1);
    }

    @Test
    void aMalformedRunFileIsAOneLineErrorAndStoresNothing() throws Exception {
        Path bad = dir.resolve("bad.json");
        Files.writeString(bad, "{\"request_rate\": 4, \"duration\": 10, \"completed\": \"many\"}");
        int code = run("calibrate", "--from-runs", bad.toString(), "--model", "Llama-3.1-8B", "--gpu", "H100-SXM");
        assertThat(code).isEqualTo(Cli.EXIT_ERROR);
        assertThat(err.toString()).startsWith("fleetwise: bad.json field completed: expected a whole number >= 1, was \"many\"");
        EngineFitRepository repo = new EngineFitRepository(Database.open(dir.resolve("f.db")), Clock.systemUTC());
        assertThat(repo.all()).isEmpty();
    }

    @Test
    void fromRunsWithoutTheDeploymentSaysWhatIsMissing() throws Exception {
        int code = run("calibrate", "--from-runs", runs()[0].toString());
        assertThat(code).isEqualTo(Cli.EXIT_ERROR);
        assertThat(err.toString()).contains("calibrate --from-runs needs --model and --gpu");
    }

    @Test
    void everyPlannerCommandPredictsWithTheNewestFitUnlessToldOtherwise() throws Exception {
        Path[] files = runs();
        assertThat(run("calibrate", "--from-runs", files[0].toString(), files[1].toString(), "--model", "Llama-3.1-8B",
                "--gpu", "H100-SXM")).as(err.toString()).isZero();
        String[] simulate = {"simulate", "--model", "Llama-3.1-8B", "--gpu", "H100-SXM", "--rate", "inf",
                "--max-concurrency", "4", "--requests", "100", "--json"};
        out.getBuffer().setLength(0);
        assertThat(run(simulate)).as(err.toString()).isZero();
        JsonNode fitted = new ObjectMapper().readTree(out.toString());
        out.getBuffer().setLength(0);
        String[] unfitted = java.util.Arrays.copyOf(simulate, simulate.length + 2);
        unfitted[simulate.length] = "--engine-fit";
        unfitted[simulate.length + 1] = "none";
        assertThat(run(unfitted)).as(err.toString()).isZero();
        JsonNode published = new ObjectMapper().readTree(out.toString());
        assertThat(fitted.toString()).contains("fitted vllm-v1:v1");
        assertThat(published.toString()).doesNotContain("fitted vllm-v1:v1");
        assertThat(fitted.path("summary").path("tpot").path("meanMs").asDouble())
                .isNotEqualTo(published.path("summary").path("tpot").path("meanMs").asDouble());
    }

    @Test
    void anEngineFitThatIsNotStoredIsNamed() throws Exception {
        int code = run("simulate", "--model", "Llama-3.1-8B", "--gpu", "H100-SXM", "--rate", "2", "--requests", "20",
                "--engine-fit", "vllm-0.6:v7");
        assertThat(code).isEqualTo(Cli.EXIT_ERROR);
        assertThat(err.toString()).contains("No fitted engine profile 'vllm-0.6:v7'. Stored: none");
    }
}

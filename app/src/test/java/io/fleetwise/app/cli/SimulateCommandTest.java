package io.fleetwise.app.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class SimulateCommandTest {

    @TempDir
    Path dir;

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int run(String... args) {
        return CliRun.runWithDb(out, err, dir, args);
    }

    @Test
    void simulateJsonReportsEveryRequestAndWritesTheTimeline() throws Exception {
        Path timeline = dir.resolve("t.jsonl");
        int code = run("simulate", "--model", "Llama-3.1-8B", "--gpu", "H100-SXM", "--replicas", "2", "--rate", "8",
                "--requests", "300", "--slo-ttft-ms", "2000", "--slo-tpot-ms", "100", "--json", "--trace-out", timeline.toString());
        assertThat(code).as(err.toString()).isZero();
        JsonNode doc = new ObjectMapper().readTree(out.toString());
        assertThat(doc.path("summary").path("completed").asInt()).isEqualTo(300);
        assertThat(doc.path("summary").path("ttft").path("p99Ms").asDouble()).isPositive();
        assertThat(doc.path("summary").path("sloAttainment").asDouble()).isBetween(0.0, 1.0);
        List<String> lines = Files.readAllLines(timeline);
        assertThat(lines).anyMatch(l -> l.contains("\"type\":\"iteration\""));
        assertThat(lines.stream().filter(l -> l.contains("\"type\":\"request\""))).hasSize(300);
    }

    @Test
    void capacityPrintsTheSustainableRate() throws Exception {
        int code = run("capacity", "--model", "Llama-3.1-8B", "--gpu", "H100-SXM", "--preset", "chat", "--requests", "300",
                "--slo-ttft-ms", "2000", "--slo-tpot-ms", "60", "--json");
        assertThat(code).as(err.toString()).isZero();
        JsonNode doc = new ObjectMapper().readTree(out.toString());
        assertThat(doc.path("maxRatePerS").asDouble()).isPositive();
    }

    @Test
    void closedLoopNamesItsModeAndServesEveryRequest() throws Exception {
        int code = run("simulate", "--model", "Llama-3.1-8B", "--gpu", "H100-SXM", "--rate", "inf",
                "--max-concurrency", "8", "--requests", "200", "--json");
        assertThat(code).as(err.toString()).isZero();
        JsonNode doc = new ObjectMapper().readTree(out.toString());
        assertThat(doc.path("load").path("mode").asText()).isEqualTo("closed-loop");
        assertThat(doc.path("load").path("maxConcurrency").asInt()).isEqualTo(8);
        assertThat(doc.path("summary").path("completed").asInt()).isEqualTo(200);
    }

    @Test
    void offlineNeedsNoRateAndOutrunsAnOpenLoop() throws Exception {
        int code = run("simulate", "--model", "Llama-3.1-8B", "--gpu", "H100-SXM", "--offline", "--requests", "300", "--json");
        assertThat(code).as(err.toString()).isZero();
        JsonNode offline = new ObjectMapper().readTree(out.toString());
        assertThat(offline.path("load").path("mode").asText()).isEqualTo("offline");
        out.getBuffer().setLength(0);
        // A rate the replica outruns: the open loop's makespan is the arrivals' span (an engine with a large batch
        // serves 20 req/s of 300 requests as fast as offline, both ending with the longest request).
        assertThat(run("simulate", "--model", "Llama-3.1-8B", "--gpu", "H100-SXM", "--rate", "5", "--requests", "300",
                "--json")).isZero();
        JsonNode open = new ObjectMapper().readTree(out.toString());
        assertThat(offline.path("summary").path("outputTokensPerS").asDouble())
                .isGreaterThan(open.path("summary").path("outputTokensPerS").asDouble());
    }

    @Test
    void offlineWithAConcurrencyCapIsAOneLineError() {
        int code = run("simulate", "--model", "Llama-3.1-8B", "--gpu", "H100-SXM", "--offline", "--max-concurrency", "4");
        assertThat(code).isEqualTo(Cli.EXIT_ERROR);
        assertThat(err.toString()).startsWith("fleetwise: Offline sends every request at once");
    }

    @Test
    void aRateThatIsNotANumberIsNamed() {
        int code = run("simulate", "--model", "Llama-3.1-8B", "--gpu", "H100-SXM", "--rate", "fast");
        assertThat(code).isEqualTo(Cli.EXIT_ERROR);
        assertThat(err.toString()).contains("--rate: 'fast' is not a number");
    }

    @Test
    void closedLoopCapacityFindsTheConcurrency() throws Exception {
        int code = run("capacity", "--model", "Llama-3.1-8B", "--gpu", "H100-SXM", "--preset", "chat", "--requests", "200",
                "--slo-ttft-ms", "2000", "--slo-tpot-ms", "40", "--closed-loop", "--json");
        assertThat(code).as(err.toString()).isZero();
        JsonNode doc = new ObjectMapper().readTree(out.toString());
        assertThat(doc.path("maxConcurrency").asInt()).isPositive();
        assertThat(doc.path("throughputPerS").asDouble()).isPositive();
    }

    @Test
    void capacityWithoutAnSloIsAOneLineError() {
        int code = run("capacity", "--model", "Llama-3.1-8B", "--gpu", "H100-SXM");
        assertThat(code).isEqualTo(Cli.EXIT_ERROR);
        assertThat(err.toString()).startsWith("fleetwise: capacity needs an SLO");
    }

    @Test
    void aModelThatDoesNotFitSaysByHowMuch() {
        int code = run("simulate", "--model", "Llama-3.1-405B", "--gpu", "H100-SXM", "--rate", "1", "--requests", "10");
        assertThat(code).isEqualTo(Cli.EXIT_ERROR);
        assertThat(err.toString()).contains("does not fit by");
    }

    @Test
    void aMalformedTraceNamesItsLineAndField() throws Exception {
        Path bad = dir.resolve("bad.csv");
        Files.writeString(bad, "TIMESTAMP,ContextTokens,GeneratedTokens\n2023-11-16 18:17:03.9799600,x,8\n");
        int code = run("simulate", "--model", "Llama-3.1-8B", "--gpu", "H100-SXM", "--trace", bad.toString());
        assertThat(code).isEqualTo(Cli.EXIT_ERROR);
        assertThat(err.toString()).contains("bad.csv line 2").contains("ContextTokens");
    }
}

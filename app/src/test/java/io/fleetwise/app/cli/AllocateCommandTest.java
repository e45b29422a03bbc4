package io.fleetwise.app.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class AllocateCommandTest {

    /** melange/config/example.json of tyler-griggs/melange-release; its README answers 3 A10G + 1 A100-80GB, 6.7 $/h. */
    static final String MELANGE_EXAMPLE = "{\n"
            + "    \"gpu_info\": {\n"
            + "        \"A10G\": {\"cost\": 1.01, \"tputs\": [[2, 1], [5, 2]]},\n"
            + "        \"A100-80GB\": {\"cost\": 3.67, \"tputs\": [[20, 20], [40, 20]]}\n"
            + "    },\n"
            + "    \"workload_distribution\": [[0.2, 0.1], [0.5, 0.2]],\n"
            + "    \"total_request_rate\": 30.0,\n"
            + "    \"slice_factor\": 1\n"
            + "}";

    @TempDir
    Path dir;

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int run(String... args) {
        return CliRun.run(out, err, dir, args);
    }

    private Path write(String name, String text) throws IOException {
        Path file = dir.resolve(name);
        Files.writeString(file, text);
        return file;
    }

    @Test
    void melangeExampleJsonIsMelangesPublishedAnswer() throws Exception {
        Path config = write("example.json", MELANGE_EXAMPLE);
        assertThat(run("allocate", "--melange-config", config.toString(), "--json")).isZero();
        JsonNode answer = new ObjectMapper().readTree(out.toString());
        assertThat(answer.toString()).isEqualTo("{\"A10G\":3,\"A100-80GB\":1,\"cost\":6.7}");
        assertThat(dir.resolve("home")).doesNotExist();
    }

    /**
     * The Total line is against the study's rate, and says what the fleet service left out (requests that meet the
     * SLO on no candidate) rather than quietly showing the lower rate the solver was given.
     */
    @Test
    void totalLineStatesTheRequestedRateAndWhatWasLeftOut() {
        io.fleetwise.planner.alloc.AllocationCandidate c = new io.fleetwise.planner.alloc.AllocationCandidate(
                "H100-SXM TP8", "H100-SXM", 8, 40.0, List.of(5.0), io.fleetwise.planner.alloc.ThroughputSource.SIMULATED);
        io.fleetwise.planner.alloc.AllocationResult mix = new io.fleetwise.planner.alloc.AllocationResult(List.of(c),
                List.of(3), 120.0, List.of(List.of(1.0)), 11.994, 11.994, io.fleetwise.planner.alloc.SolveStatus.OPTIMAL,
                0, 1.0, "CP-SAT", io.fleetwise.planner.alloc.Formulation.AGGREGATED, "");
        String note = "0.05% of requests (8192-32768) meet the SLO on no candidate and are left out (the SLO lets 10% miss)";
        StringWriter text = new StringWriter();
        new AllocationPrinter(new java.io.PrintWriter(text)).printTable(mix,
                new io.fleetwise.planner.alloc.BaselineComparison(mix, List.of()), OutputFormat.TEXT, 12.0, note);
        assertThat(text.toString()).contains("Total: 120.0000 $/h for 24 GPUs, serving 11.99 of 12.00 req/s (" + note + ")")
                .doesNotContain("of 11.99 req/s");
    }

    @Test
    void melangeExampleTableShowsTheMixBaselinesAndSaving() throws Exception {
        Path config = write("example.json", MELANGE_EXAMPLE);
        assertThat(run("allocate", "--melange-config", config.toString())).isZero();
        assertThat(out.toString()).contains("A10G", "A100-80GB", "Total: 6.7000 $/h for 4 GPUs", "OPTIMAL",
                "Saving of the mix against the best single type (A100-80GB): 8.7 %");
    }

    @Test
    void bucketNobodyCanServeIsAOneLineErrorNamingIt() throws Exception {
        Path config = write("bad.json", MELANGE_EXAMPLE.replace("[[20, 20], [40, 20]]", "[[20, 20], [0, 20]]")
                .replace("[[2, 1], [5, 2]]", "[[2, 1], [0, 2]]"));
        assertThat(run("allocate", "--melange-config", config.toString(), "--json")).isEqualTo(Cli.EXIT_ERROR);
        assertThat(err.toString()).startsWith("fleetwise: Infeasible").contains("input row 1 x output column 0");
    }

    @Test
    void brokenConfigNamesTheFileAndField() throws Exception {
        Path config = write("typo.json", MELANGE_EXAMPLE.replace("slice_factor", "slice_factr"));
        assertThat(run("allocate", "--melange-config", config.toString())).isEqualTo(Cli.EXIT_ERROR);
        assertThat(err.toString()).contains("typo.json", "slice_factr");
    }

    @Test
    void fleetwiseFormatReportIsJsonWithAssignmentAndSaving() throws Exception {
        Path config = write("ours.json", "{\"total_request_rate\": 30, \"buckets\": ["
                + "{\"input_tokens\": [1, 256], \"output_tokens\": [1, 128], \"share\": 0.2},"
                + "{\"input_tokens\": [1, 256], \"output_tokens\": [128, 1024], \"share\": 0.1},"
                + "{\"input_tokens\": [256, 2048], \"output_tokens\": [1, 128], \"share\": 0.5},"
                + "{\"input_tokens\": [256, 2048], \"output_tokens\": [128, 1024], \"share\": 0.2}],"
                + "\"candidates\": [{\"gpu_type\": \"A10G\", \"cost_usd_per_hour\": 1.01, \"throughput_rps\": [2, 1, 5, 2]},"
                + "{\"gpu_type\": \"A100-80GB\", \"cost_usd_per_hour\": 3.67, \"throughput_rps\": [20, 20, 40, 20]}]}");
        assertThat(run("allocate", "--config", config.toString(), "--json", "--headroom", "0.5")).isZero();
        JsonNode report = new ObjectMapper().readTree(out.toString());
        assertThat(report.get("status").asText()).isEqualTo("OPTIMAL");
        assertThat(report.get("demand_rate_per_s").asDouble()).isEqualTo(45.0);
        assertThat(report.get("assignment")).hasSize(4);
        assertThat(report.get("single_type_baselines")).hasSize(2);
    }

    @Test
    void allocationSavedToAStudyIsListedThere() throws Exception {
        Path config = write("example.json", MELANGE_EXAMPLE);
        String db = dir.resolve("f.db").toString();
        assertThat(run("--db", db, "allocate", "--melange-config", config.toString(), "--save-to-study", "Demo study",
                "--save-as", "melange example")).isZero();
        assertThat(err.toString()).contains("Saved as allocation 1 'melange example' in study 'Demo study'");
    }

    @Test
    void melangeAndFleetwiseInputsAreExclusive() throws Exception {
        Path config = write("example.json", MELANGE_EXAMPLE);
        assertThat(run("allocate", "--melange-config", config.toString(), "--config", config.toString()))
                .isEqualTo(Cli.EXIT_USAGE);
    }

    @Test
    void capOnTheCommandLineChangesThePlan() throws Exception {
        Path config = write("example.json", MELANGE_EXAMPLE);
        assertThat(run("allocate", "--melange-config", config.toString(), "--json", "--caps", "A100-80GB=0")).isZero();
        assertThat(new ObjectMapper().readTree(out.toString()).toString())
                .isEqualTo("{\"A10G\":12,\"A100-80GB\":0,\"cost\":12.12}");
    }

    @Test
    void sweepPrintsCostAgainstRateForTheMixAndEachType() throws Exception {
        Path config = write("example.json", MELANGE_EXAMPLE);
        assertThat(run("allocate", "--melange-config", config.toString(), "--sweep", "10:30:3")).isZero();
        assertThat(out.toString()).contains("rate_per_s  mix", "20          3.67  8.08   3.67", "30          6.7   12.12  7.34");
    }

    @Test
    void simulatedThroughputsPlanAndValidateAFleetForACatalogModel() throws Exception {
        String db = dir.resolve("f.db").toString();
        assertThat(run("--db", db, "allocate", "--model", "Llama-3.1-8B", "--replica", "H100-SXM:1,L40S:1",
                "--rate", "20", "--search-requests", "200",
                "--validate", "--json")).as(err.toString()).isZero();
        JsonNode report = new ObjectMapper().readTree(out.toString());
        assertThat(report.get("status").asText()).isEqualTo("OPTIMAL");
        assertThat(report.get("candidates").get(0).get("throughput_source").asText()).isEqualTo("simulated");
        assertThat(report.get("validation").get("sloAttainment").asDouble()).isBetween(0.0, 1.0);
        // no assertion on progress lines: StderrProgress prints at most one a second, so a fast run prints none
    }

    @Test
    void validateWithoutAModelIsRefused() throws Exception {
        Path config = write("example.json", MELANGE_EXAMPLE);
        assertThat(run("allocate", "--melange-config", config.toString(), "--validate")).isEqualTo(Cli.EXIT_ERROR);
        assertThat(err.toString()).contains("--validate needs --model");
    }

    @Test
    void gpusOptionOffersTheSmallestReplicasThatHoldTheModel() throws Exception {
        String db = dir.resolve("f.db").toString();
        assertThat(run("--db", db, "allocate", "--model", "Llama-3.1-8B", "--gpus", "H100-SXM,L40S", "--sizes-per-type", "1",
                "--rate", "10", "--search-requests", "200",
                "--json")).as(err.toString()).isZero();
        JsonNode candidates = new ObjectMapper().readTree(out.toString()).get("candidates");
        assertThat(candidates).hasSize(2);
        assertThat(candidates.get(0).get("name").asText()).startsWith("H100-SXM TP1");
        assertThat(candidates.get(1).get("name").asText()).startsWith("L40S TP1");
    }

    @Test
    void theBandSaysWhetherTheMixChangesAndBracketsTheCost() throws Exception {
        String db = dir.resolve("f.db").toString();
        assertThat(run("--db", db, "allocate", "--model", "Llama-3.1-8B", "--replica", "H100-SXM:1,L40S:1",
                "--rate", "40", "--search-requests", "200",
                "--band", "--json")).as(err.toString()).isZero();
        JsonNode report = new ObjectMapper().readTree(out.toString());
        JsonNode band = report.get("band");
        assertThat(band.get("describe").asText()).as(band.toString()).startsWith("Within the model's error band (TTFT +-");
        double nominal = report.get("cost_usd_per_hour").asDouble();
        assertThat(band.get("costHighUsdPerHour").asDouble()).isGreaterThanOrEqualTo(nominal);
        assertThat(band.get("costLowUsdPerHour").asDouble()).isLessThanOrEqualTo(nominal);

        assertThat(run("--db", db, "allocate", "--model", "Llama-3.1-8B", "--replica", "H100-SXM:1,L40S:1",
                "--rate", "40", "--search-requests", "200",
                "--band")).as(err.toString()).isZero();
        assertThat(out.toString()).contains("How sure: Within the model's error band");
    }
}

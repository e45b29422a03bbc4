package io.fleetwise.app.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.fleetwise.app.sweep.ScaleoutLauncher;
import io.fleetwise.planner.throughput.ThroughputCellJson;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * {@code fleetwise sweep}: a small grid and a what-if sweep of the demo study, on this machine's threads, in a child
 * JVM on Spark (when the scale-out job is built, as `mvn verify` does before app's tests), and resolved for
 * spark-submit.
 */
class SweepCommandTest {
    /** 8B on an H100 and an L4 at two request shapes: 8 small cells; the demo what-if at small searches. */
    private static final String SPEC = """
            {"format": "fleetwise-sweep/1", "name": "small", "models": ["Llama-3.1-8B"], "gpuTypes": ["H100-SXM", "L4"],
             "lengths": {"input": [300, 2000], "output": [100]},
             "slos": [{"ttftMs": 1500, "tpotMs": 80}, {"ttftMs": 400, "tpotMs": 30}], "calibration": "builtin",
             "search": {"requests": 60, "seed": 5, "tolerance": 0.05, "maxSimulations": 16}%s}""";
    private static final String WHAT_IF = ", \"whatIf\": [{\"study\": \"Demo study\", \"sweep\": \"rate:1:2:2\", \"requests\": 50}]";

    @TempDir
    Path dir;

    private Path spec(String extra) throws Exception {
        Path file = dir.resolve("spec.json");
        Files.writeString(file, SPEC.formatted(extra));
        return file;
    }

    @Test
    void inProcessCellsAreStoredAndTheWhatIfSweepIsReplannedFromThem() throws Exception {
        Path spec = spec(WHAT_IF);
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = CliRun.runWithDb(out, err, dir, "sweep", spec.toString(), "--in-process", "--json");
        assertThat(code).as(err.toString()).isZero();
        JsonNode result = JsonOutput.mapper().readTree(out.toString());
        JsonNode cells = result.get("cells");
        assertThat(cells.size()).isGreaterThan(8);
        assertThat(cells.findValuesAsText("model")).contains("Llama-3.1-8B", "Llama-3.1-70B");
        assertThat(result.get("whatIf").get(0).get("points")).hasSize(2);
        assertThat(err.toString()).contains("cells searched on this machine").doesNotContain("were searched here");

        StringWriter again = new StringWriter();
        StringWriter againErr = new StringWriter();
        assertThat(CliRun.runWithDb(again, againErr, dir, "sweep", spec.toString(), "--in-process", "--json")).isZero();
        assertThat(againErr.toString()).contains("sweep: 0 cells searched");
        assertThat(JsonOutput.mapper().readTree(again.toString()).get("cells")).isEqualTo(cells);
    }

    @Test
    void onSparkInAChildJvmTheTableIsTheSingleMachineOneCellForCell() throws Exception {
        Path scaleout = Path.of("..", "scaleout", "target");
        assumeTrue(Files.isRegularFile(scaleout.resolve(ScaleoutLauncher.JOB_JAR)),
                "the scale-out job jar is built by `mvn verify` (package) before app's tests; not by `mvn test`");
        Path spec = spec("");
        StringWriter here = new StringWriter();
        assertThat(CliRun.runWithDb(here, new StringWriter(), dir, "sweep", spec.toString(), "--in-process", "--json"))
                .isZero();

        Path other = dir.resolve("spark");
        Files.createDirectories(other);
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        String[] args = {"--db", other.resolve("s.db").toString(), "sweep", spec.toString(), "--master", "local[2]",
                "--json"};
        int code = Cli.commandLine(CliRun.context(out, err, other, Map.of())).execute(args);
        assertThat(code).as(err.toString()).isZero();
        assertThat(err.toString()).contains("8 searched on local[2]");
        JsonNode single = JsonOutput.mapper().readTree(here.toString()).get("cells");
        JsonNode spark = JsonOutput.mapper().readTree(out.toString()).get("cells");
        assertThat(spark).hasSize(8);
        for (int i = 0; i < 8; i++) {
            assertThat(spark.get(i).get("fingerprint")).isEqualTo(single.get(i).get("fingerprint"));
            assertThat(spark.get(i).get("maxRatePerS").asDouble()).as(spark.get(i).toString())
                    .isEqualTo(single.get(i).get("maxRatePerS").asDouble());
            assertThat(spark.get(i).get("simulations")).isEqualTo(single.get(i).get("simulations"));
        }

        StringWriter againErr = new StringWriter();
        StringWriter againOut = new StringWriter();
        assertThat(Cli.commandLine(CliRun.context(againOut, againErr, other, Map.of())).execute(args)).isZero();
        assertThat(againErr.toString()).contains("all 8 cells are stored; nothing to search")
                .doesNotContain("searched on local");
        assertThat(JsonOutput.mapper().readTree(againOut.toString()).get("cells")).isEqualTo(spark);
    }

    @Test
    void theAppItselfCarriesNoSpark() {
        assertThatThrownBy(() -> Class.forName("org.apache.spark.SparkContext"))
                .isInstanceOf(ClassNotFoundException.class);
    }

    @Test
    void writeCellsResolvesTheSpecForSparkSubmit() throws Exception {
        Path cells = dir.resolve("cells.jsonl");
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        assertThat(CliRun.runWithDb(out, err, dir, "sweep", spec("").toString(), "--write-cells", cells.toString()))
                .as(err.toString()).isZero();
        List<String> lines = Files.readAllLines(cells);
        assertThat(lines).hasSize(9);
        assertThat(lines.get(0)).isEqualTo("# sweep: small");
        lines.subList(1, 9).forEach(l -> assertThat(ThroughputCellJson.read(l).model().name()).isEqualTo("Llama-3.1-8B"));
        assertThat(out.toString()).contains("spark-submit --master spark://HOST:7077 --class io.fleetwise.scaleout.SweepJob",
                ScaleoutLauncher.JOB_JAR, cells.toString());
    }

    @Test
    void withoutTheScaleoutJobTheMessageSaysHowToBuildIt() throws Exception {
        Path empty = Files.createDirectories(dir.resolve("empty"));
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Cli.commandLine(CliRun.context(out, err, dir, Map.of("FLEETWISE_SCALEOUT_HOME", empty.toString())))
                .execute("--db", dir.resolve("f.db").toString(), "sweep", spec("").toString());
        assertThat(code).isNotZero();
        assertThat(err.toString()).contains("mvn -B -pl scaleout -am package", "--in-process");
    }

    @Test
    void engineIdsAreTheirPublishedProfilesAndAnUnknownOneIsNamed() throws Exception {
        Path spec = dir.resolve("engines.json");
        Files.writeString(spec, SPEC.formatted(", \"engines\": [\"vllm-0.6\", \"sglang\"]")
                .replace("\"L4\"", "\"A100-80GB-SXM\""));
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        assertThat(CliRun.runWithDb(out, err, dir, "sweep", spec.toString(), "--write-cells",
                dir.resolve("cells.jsonl").toString())).as(err.toString()).isZero();
        List<String> engines = Files.readAllLines(dir.resolve("cells.jsonl")).stream().filter(l -> !l.startsWith("#"))
                .map(l -> ThroughputCellJson.read(l).calibration().engine().id()).distinct().toList();
        assertThat(engines).containsExactlyInAnyOrder("vllm-0.6", "sglang");

        Files.writeString(spec, SPEC.formatted(", \"engines\": [\"vllm-9\"]"));
        StringWriter bad = new StringWriter();
        assertThat(CliRun.runWithDb(new StringWriter(), bad, dir, "sweep", spec.toString(), "--in-process")).isNotZero();
        assertThat(bad.toString()).contains("engines.json: engines: Unknown engine 'vllm-9'", "vllm-v1");
    }

    @Test
    void aBadSpecIsOneLineNamingTheField() throws Exception {
        Path spec = dir.resolve("bad.json");
        Files.writeString(spec, SPEC.formatted("").replace("\"tpotMs\": 80", "\"tpotMs\": -1"));
        StringWriter err = new StringWriter();
        int code = CliRun.runWithDb(new StringWriter(), err, dir, "sweep", spec.toString(), "--in-process");
        assertThat(code).isNotZero();
        assertThat(err.toString().strip()).contains("bad.json: slos[0].tpotMs: must be a number > 0").doesNotContain("\n\tat ");
    }
}

package io.fleetwise.app.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code study export/import/list} on real SQLite files. */
class StudyCommandTest {

    @TempDir
    Path dir;

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int run(String... args) {
        out.getBuffer().setLength(0);
        err.getBuffer().setLength(0);
        CliContext context = new CliContext(new PrintWriter(out), new PrintWriter(err), Map.of(), dir.resolve("home"),
                Clock.fixed(Instant.parse("2026-11-22T12:00:00Z"), ZoneOffset.UTC), (services, demo) -> 0);
        return Cli.commandLine(context).execute(args);
    }

    @Test
    void anExportedStudyImportsIntoAnotherDatabase() throws Exception {
        Path file = dir.resolve("demo.json");
        assertThat(run("--db", dir.resolve("a.db").toString(), "study", "export", "Demo study", file.toString())).isZero();

        assertThat(run("--db", dir.resolve("b.db").toString(), "study", "import", file.toString(), "--name", "Shared")).isZero();
        run("--db", dir.resolve("b.db").toString(), "study", "list", "--json");

        JsonNode list = new ObjectMapper().readTree(out.toString());
        assertThat(list.findValuesAsText("name")).containsExactlyInAnyOrder("Demo study", "Shared");
    }

    @Test
    void savedPlansAndSimulationTravelThroughExportAndImport() throws Exception {
        Path file = dir.resolve("demo.json");
        run("--db", dir.resolve("a.db").toString(), "study", "export", "Demo study", file.toString());
        ObjectMapper json = new ObjectMapper();
        com.fasterxml.jackson.databind.node.ObjectNode doc = (com.fasterxml.jackson.databind.node.ObjectNode) json.readTree(file.toFile());
        com.fasterxml.jackson.databind.node.ObjectNode results = doc.putObject("results");
        com.fasterxml.jackson.databind.node.ObjectNode plans = results.putObject("plans").put("model", "Llama-3.1-70B")
                .put("chosenRank", 1);
        plans.putArray("ranked").addObject().put("rank", 1).put("label", "2x H100-SXM TP4 fp8 vllm")
                .put("costPerHourUsd", 60.16).putNull("ttftP90Ms");
        results.putObject("simulation").put("model", "Llama-3.1-70B").putObject("metrics").put("ttftP99Ms", 411.5);
        json.writeValue(file.toFile(), doc);

        assertThat(run("--db", dir.resolve("b.db").toString(), "study", "import", file.toString(), "--name", "Shared")).isZero();
        Path again = dir.resolve("again.json");
        assertThat(run("--db", dir.resolve("b.db").toString(), "study", "export", "Shared", again.toString())).isZero();

        JsonNode back = json.readTree(again.toFile()).path("results");
        assertThat(back.path("plans")).isEqualTo(results.path("plans"));
        assertThat(back.path("simulation")).isEqualTo(results.path("simulation"));
        assertThat(io.fleetwise.planner.study.PlansResultJson.read(back.path("plans")).chosen().orElseThrow().label())
                .isEqualTo("2x H100-SXM TP4 fp8 vllm");
        assertThat(io.fleetwise.planner.study.SimulationResultJson.read(back.path("simulation")).metrics())
                .containsEntry("ttftP99Ms", 411.5);
    }

    @Test
    void theExportedFileIsAVersionedStudyWithTheDemoCluster() throws Exception {
        Path file = dir.resolve("demo.json");
        run("--db", dir.resolve("a.db").toString(), "study", "export", "Demo study", file.toString());

        JsonNode doc = new ObjectMapper().readTree(file.toFile());
        assertThat(doc.path("format").asText() + " v" + doc.path("formatVersion").asInt() + " "
                + doc.path("cluster").path("nodeGroups").size() + " " + doc.path("model").asText() + " "
                + doc.path("allocations").isArray()).isEqualTo("fleetwise-study/4 v4 2 Llama-3.1-70B true");
    }

    @Test
    void importingUnderATakenNameFailsWithAHintAndAddsNothing() throws Exception {
        Path file = dir.resolve("demo.json");
        String db = dir.resolve("a.db").toString();
        run("--db", db, "study", "export", "Demo study", file.toString());

        assertThat(run("--db", db, "study", "import", file.toString())).isEqualTo(1);
        assertThat(err.toString()).contains("already exists", "--name");
    }

    @Test
    void aBadFieldInTheFileIsNamedInOneLine() throws Exception {
        Path file = dir.resolve("bad.json");
        Files.writeString(file, "{\"format\":\"fleetwise-study/1\",\"name\":\"x\",\"slo\":{\"attainment\":1.5}}");

        assertThat(run("--db", dir.resolve("a.db").toString(), "study", "import", file.toString())).isEqualTo(1);
        assertThat(err.toString()).contains("bad.json", "slo", "attainment");
    }

    @Test
    void exportingAnUnknownStudyNamesIt() {
        assertThat(run("--db", dir.resolve("a.db").toString(), "study", "export", "Nope", dir.resolve("x.json").toString()))
                .isEqualTo(1);
        assertThat(err.toString()).contains("Nope");
    }
}

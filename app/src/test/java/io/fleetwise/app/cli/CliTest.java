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
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class CliTest {

    @TempDir
    Path dir;

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();
    private final List<Boolean> guiStarts = new ArrayList<>();
    private Map<String, String> environment = Map.of();

    private int run(String... args) {
        CliContext context = new CliContext(new PrintWriter(out), new PrintWriter(err), environment, dir.resolve("home"),
                Clock.fixed(Instant.parse("2026-11-22T12:00:00Z"), ZoneOffset.UTC), (services, demo) -> {
                    guiStarts.add(demo);
                    return 0;
                });
        return Cli.commandLine(context).execute(args);
    }

    private String db() {
        return dir.resolve("f.db").toString();
    }

    @Test
    void versionIsTheMavenProjectVersion() {
        assertThat(run("--version")).isZero();
        assertThat(out.toString()).containsPattern("^fleetwise \\d+\\.\\d+\\.\\d+");
    }

    @Test
    void helpListsTheCommandsAndTouchesNoDatabase() {
        assertThat(run("--help")).isZero();
        assertThat(out.toString()).contains("catalog", "study", "--db");
        assertThat(dir.resolve("home")).doesNotExist();
    }

    @Test
    void catalogGpusJsonIsValidJsonWithEveryGpuAndItsPrice() throws Exception {
        assertThat(run("--db", db(), "catalog", "gpus", "--json")).isZero();

        JsonNode gpus = new ObjectMapper().readTree(out.toString());
        assertThat(gpus).hasSizeGreaterThanOrEqualTo(12);
        assertThat(gpus.findValuesAsText("name")).contains("H100-SXM", "MI300X");
        assertThat(gpus.get(0).path("price").path("asOf").asText()).matches("\\d{4}-\\d{2}-\\d{2}");
    }

    @Test
    void catalogModelsCsvHasAHeaderAndOneRowPerModel() {
        assertThat(run("catalog", "models", "--csv", "--db", db())).isZero();

        List<String> lines = out.toString().lines().toList();
        assertThat(lines.get(0)).startsWith("name,hf_repo,params_total_b");
        assertThat(lines).hasSizeGreaterThanOrEqualTo(8).anyMatch(l -> l.startsWith("DeepSeek-V3,"));
    }

    @Test
    void aPriceSetOnTheCommandLineIsListedWithItsSource() {
        assertThat(run("--db", db(), "catalog", "set-price", "H100-SXM", "2.10", "--note", "negotiated")).isZero();
        out.getBuffer().setLength(0);

        run("--db", db(), "catalog", "gpus", "--csv");

        assertThat(out.toString()).containsPattern("(?m)^H100-SXM,.*,2\\.1,2026-11-22,user override: negotiated$");
    }

    @Test
    void anImportedModelIsListed() throws Exception {
        Path config = Files.writeString(dir.resolve("config.json"), "{\"hidden_size\":2048,\"num_attention_heads\":16,"
                + "\"num_key_value_heads\":8,\"num_hidden_layers\":16,\"intermediate_size\":8192,\"vocab_size\":128256}");

        assertThat(run("--db", db(), "catalog", "import-model", config.toString(), "--name", "Tiny-1B")).isZero();
        run("--db", db(), "catalog", "models");

        assertThat(out.toString()).contains("Tiny-1B");
    }

    @Test
    void aCorruptDatabaseGivesOneClearLineAndExitCodeOne() throws Exception {
        Path corrupt = Files.write(dir.resolve("corrupt.db"), new byte[] {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17});

        assertThat(run("--db", corrupt.toString(), "catalog", "gpus")).isEqualTo(Cli.EXIT_ERROR);
        assertThat(err.toString().lines()).singleElement().asString()
                .startsWith("fleetwise: " + corrupt).contains("not an SQLite file");
        assertThat(Files.readAllBytes(corrupt)).hasSize(17);
    }

    @Test
    void anUnknownGpuNamesTheKnownOnes() {
        assertThat(run("--db", db(), "catalog", "set-price", "H900", "1")).isEqualTo(Cli.EXIT_ERROR);
        assertThat(err.toString()).contains("No GPU type named 'H900'").contains("H100-SXM").doesNotContain("Exception");
    }

    @Test
    void anUnknownCommandIsAUsageError() {
        assertThat(run("frobnicate")).isEqualTo(Cli.EXIT_USAGE);
        assertThat(err.toString()).contains("frobnicate").contains("--help");
    }

    @Test
    void jsonAndCsvTogetherAreRefused() {
        assertThat(run("--db", db(), "catalog", "gpus", "--json", "--csv")).isEqualTo(Cli.EXIT_ERROR);
        assertThat(err.toString()).contains("--json").contains("--csv");
    }

    @Test
    void noCommandOpensTheWindowAndDemoSaysWhichStudy() {
        run("--db", db());
        run("--db", db(), "--demo");

        assertThat(guiStarts).containsExactly(false, true);
    }

    @Test
    void theEnvironmentVariableChoosesTheDatabaseWhenNoOptionIsGiven() {
        Path fromEnv = dir.resolve("env.db");
        environment = Map.of("FLEETWISE_DB", fromEnv.toString());

        run("study", "list");

        assertThat(fromEnv).exists();
        assertThat(out.toString()).contains("Demo study");
    }

    @Test
    void theDefaultDatabaseIsInTheHomeFolder() {
        run("study", "list");

        assertThat(dir.resolve("home/.fleetwise/fleetwise.db")).exists();
    }
}

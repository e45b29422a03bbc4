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
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPInputStream;

import static org.assertj.core.api.Assertions.assertThat;

class TraceCommandTest {
    @TempDir
    Path dir;

    private StringWriter out = new StringWriter();
    private StringWriter err = new StringWriter();

    private int run(String... args) {
        out = new StringWriter();
        err = new StringWriter();
        CliContext context = new CliContext(new PrintWriter(out), new PrintWriter(err), Map.of(), dir.resolve("home"),
                Clock.fixed(Instant.parse("2026-11-22T12:00:00Z"), ZoneOffset.UTC), (services, demo) -> 0);
        return Cli.commandLine(context).execute(args);
    }

    private String db() {
        return dir.resolve("f.db").toString();
    }

    @Test
    void importListStatsAndExportWorkOnTheSameDatabase() throws Exception {
        Path json = dir.resolve("t.json");
        Files.writeString(json, """
                {"traceEvents":[
                  {"ph":"X","name":"gemm","pid":1,"tid":7,"ts":0,"dur":10},
                  {"ph":"X","name":"gemm","pid":1,"tid":7,"ts":20,"dur":30},
                  {"ph":"X","name":"softmax","pid":1,"tid":7,"ts":60,"dur":5}
                ]}""");
        assertThat(run("--db", db(), "trace", "import", json.toString(), "--name", "kernels", "--json")).isZero();
        JsonNode imported = new ObjectMapper().readTree(out.toString());
        assertThat(imported.get("eventCount").asLong()).isEqualTo(3);
        long id = imported.get("id").asLong();

        assertThat(run("--db", db(), "trace", "list", "--json")).isZero();
        assertThat(new ObjectMapper().readTree(out.toString()).findValuesAsText("name")).contains("kernels");

        assertThat(run("--db", db(), "trace", "stats", Long.toString(id), "--from", "0", "--to", "55000", "--json")).isZero();
        JsonNode stats = new ObjectMapper().readTree(out.toString());
        assertThat(stats.get(0).get("name").asText()).isEqualTo("gemm");
        assertThat(stats.get(0).get("count").asLong()).isEqualTo(2);
        assertThat(stats.get(0).get("totalDurNs").asLong()).isEqualTo(40_000);
        assertThat(stats).hasSize(1);

        Path gz = dir.resolve("out.json.gz");
        assertThat(run("--db", db(), "trace", "export", Long.toString(id), "--chrome", gz.toString())).isZero();
        try (GZIPInputStream in = new GZIPInputStream(Files.newInputStream(gz))) {
            assertThat(new ObjectMapper().readTree(in).get("traceEvents").size()).isGreaterThanOrEqualTo(3);
        }
    }

    @Test
    void traceListStillSaysWhatTheImportRepairedAndSkipped() throws Exception {
        Path json = dir.resolve("rounded.json");
        Files.writeString(json, """
                {"traceEvents":[
                  {"ph":"X","name":"a","pid":1,"tid":7,"ts":10.0,"dur":2.0},
                  {"ph":"X","name":"b","pid":1,"tid":7,"ts":11.999,"dur":2.0},
                  {"ph":"P","name":"sample","pid":1,"tid":7,"ts":13.0}
                ]}""");
        assertThat(run("--db", db(), "trace", "import", json.toString())).as(err.toString()).isZero();

        assertThat(run("--db", db(), "trace", "list", "--csv")).isZero();
        List<String> lines = out.toString().lines().toList();
        assertThat(lines.get(0)).startsWith("id,name,source,events,repaired,skipped,");
        assertThat(lines.get(1)).contains(",2,1,1,");

        assertThat(run("--db", db(), "trace", "list", "--json")).isZero();
        JsonNode report = new ObjectMapper().readTree(out.toString()).get(0).get("importReport");
        assertThat(report.get("accepted").asLong()).isEqualTo(2);
        assertThat(report.get("skipped").get(0).get("reason").asText()).contains("'P'");
        assertThat(report.get("repaired").get(0).get("firstPlaces").get(0).asText()).contains("11.999 us");
    }

    @Test
    void malformedFileIsReportedOnOneLineWithItsLocationAndNothingIsStored() throws Exception {
        Path json = dir.resolve("bad.json");
        Files.writeString(json, "[{\"ph\":\"X\",\"name\":\"a\",\"pid\":1,\"tid\":1,\"ts\":\"x\",\"dur\":1}]");
        assertThat(run("--db", db(), "trace", "import", json.toString())).isEqualTo(Cli.EXIT_ERROR);
        assertThat(err.toString()).startsWith("fleetwise: bad.json line 1").contains("'ts'");
        assertThat(run("--db", db(), "trace", "list", "--json")).isZero();
        assertThat(new ObjectMapper().readTree(out.toString())).isEmpty();
    }

    @Test
    void simulationStoredWithStoreTraceIsListedAndHasStatsPerIterationKind() throws Exception {
        assertThat(run("--db", db(), "simulate", "--model", "Llama-3.1-8B", "--gpu", "H100-SXM", "--rate", "4",
                "--requests", "100", "--json", "--store-trace", "sim run")).as(err.toString()).isZero();
        long id = new ObjectMapper().readTree(out.toString()).get("traceId").asLong();

        assertThat(run("--db", db(), "trace", "list", "--json")).isZero();
        assertThat(new ObjectMapper().readTree(out.toString()).findValuesAsText("name")).containsExactly("sim run");
        assertThat(run("--db", db(), "trace", "stats", Long.toString(id), "--json")).isZero();
        JsonNode stats = new ObjectMapper().readTree(out.toString());
        assertThat(stats.findValuesAsText("name")).anyMatch(n -> n.startsWith("request ")).contains("decode");
    }

    @Test
    void nsightSystemsSqliteExportIsRecognisedByItsHeader() throws Exception {
        Path report = dir.resolve("report.sqlite");
        try (java.sql.Connection c = java.sql.DriverManager.getConnection("jdbc:sqlite:" + report);
             java.sql.Statement st = c.createStatement()) {
            st.executeUpdate("CREATE TABLE StringIds (id INTEGER PRIMARY KEY, value TEXT)");
            st.executeUpdate("INSERT INTO StringIds VALUES (1, 'gemm')");
            st.executeUpdate("CREATE TABLE CUPTI_ACTIVITY_KIND_KERNEL (start INTEGER, \"end\" INTEGER, deviceId INTEGER, streamId INTEGER, "
                    + "correlationId INTEGER, shortName INTEGER)");
            st.executeUpdate("INSERT INTO CUPTI_ACTIVITY_KIND_KERNEL VALUES (100, 200, 0, 7, 1, 1), (300, 450, 0, 7, 2, 1)");
        }
        assertThat(run("--db", db(), "trace", "import", report.toString(), "--json")).as(err.toString()).isZero();
        JsonNode imported = new ObjectMapper().readTree(out.toString());
        assertThat(imported.get("eventCount").asLong()).isEqualTo(2);
        assertThat(imported.get("name").asText()).isEqualTo("report.sqlite");
    }
}

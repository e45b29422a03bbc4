package io.fleetwise.app.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

class SearchCommandTest {

    @TempDir
    Path dir;

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int run(String... args) {
        return CliRun.runWithDb(out, err, dir, args);
    }

    @Test
    void searchPrintsRankedTableForTwoGpus() {
        int code = run("search", "--model", "Llama-3.1-70B", "--gpus", "2xH100-SXM", "--rate", "2", "--requests", "100",
                "--slo-ttft-ms", "3000", "--slo-tpot-ms", "150", "--weights", "fp8", "--contenders", "3", "--threads", "2",
                "--engine", "vllm-0.6"); // with vLLM V1's host costs PP2 ranks first
        assertThat(code).as(err.toString()).isZero();
        String text = out.toString();
        assertThat(text).contains("rank").contains("goodput/s").contains("1x H100-SXM TP2 w:fp8");
        assertThat(text.lines().filter(l -> l.startsWith("1 "))).singleElement().asString().contains("TP2");
    }

    @Test
    void searchJsonReadsAClusterFile() throws Exception {
        Path cluster = dir.resolve("c.json");
        Files.writeString(cluster, "{\"format\":\"fleetwise-cluster/1\",\"name\":\"lab\",\"nodeGroups\":[{\"name\":\"h\","
                + "\"gpu\":\"H100-SXM\",\"gpusPerNode\":2,\"nodes\":1}]}");
        int code = run("search", "--model", "Llama-3.1-8B", "--cluster", cluster.toString(), "--rate", "4", "--requests", "100",
                "--objective", "cost", "--slo-ttft-ms", "2000", "--slo-tpot-ms", "100", "--weights", "bf16", "--contenders", "2",
                "--threads", "2", "--json");
        assertThat(code).as(err.toString()).isZero();
        JsonNode doc = new ObjectMapper().readTree(out.toString());
        assertThat(doc.path("cluster").asText()).isEqualTo("lab");
        assertThat(doc.path("objective").asText()).isEqualTo("cost");
        assertThat(doc.path("ranked").size()).isPositive();
        assertThat(doc.path("ranked").get(0).path("parts").get(0).path("weightDtype").asText()).isEqualTo("bf16");
        assertThat(doc.path("simulated").asInt()).isEqualTo(2);
    }

    @Test
    void modelThatFitsNowhereIsAOneLineError() {
        int code = run("search", "--model", "Llama-3.1-405B", "--gpus", "1xL4", "--rate", "1", "--requests", "20");
        assertThat(code).isEqualTo(1);
        assertThat(err.toString()).contains("No plan for Llama-3.1-405B").contains("do not fit memory");
    }

    @Test
    void searchWithBothClusterAndGpusIsAUsageError() {
        int code = run("search", "--model", "Llama-3.1-8B", "--gpus", "2xH100-SXM", "--cluster", "x.json", "--rate", "1");
        assertThat(code).isNotZero();
        assertThat(err.toString()).contains("exactly one of --cluster FILE and --gpus");
    }
}

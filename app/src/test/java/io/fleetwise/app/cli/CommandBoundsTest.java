package io.fleetwise.app.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Absurd option values get one line naming the option and the allowed range before anything is allocated, and a
 * time budget stops every stage of the command that reports progress.
 */
class CommandBoundsTest {
    @TempDir
    Path dir;

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "--requests 2147483647 | --requests/--rate requests: 2147483647 is out of range; allowed 1 to 5000000",
            "--rate 1e-300 | rate (requests/s): 1.0E-300 is out of range; allowed 0.001 to 1000000.0",
            "--slo-attainment 2 | --slo-attainment 2.0 is out of range; allowed more than 0 up to 1",
            "--tp 1024 | TP 1024 does not divide Llama-3.1-8B's 32 attention heads. Maybe use TP 1, 2, 4, 8, 16, 32.",
            "--rate-scale 0 | --rate-scale: 0.0 is out of range; allowed 0.001 to 1000000.0"})
    void absurdSimulateOptionsAreOneLineWithTheAllowedRange(String option, String message) {
        String[] parts = option.split(" ");
        String[] args = {"simulate", "--model", "Llama-3.1-8B", "--gpu", "H100-SXM", "--rate", "4", parts[0], parts[1]};
        if (parts[0].equals("--rate")) {
            args = new String[] {"simulate", "--model", "Llama-3.1-8B", "--gpu", "H100-SXM", parts[0], parts[1]};
        }
        assertThat(CliRun.runWithDb(out, err, dir, args)).isEqualTo(Cli.EXIT_ERROR);
        assertThat(err.toString().lines().toList()).singleElement().asString().startsWith("fleetwise: ").contains(message);
    }

    @Test
    void theDeadlineCountsFromTheCommandsStart() {
        PrintWriter sink = new PrintWriter(new StringWriter());
        long now = System.nanoTime();
        assertThat(StderrProgress.withDeadline(sink, "t", now, 600).isCancelled()).isFalse();
        // a command that started 10 s ago with a 1 s budget is already out of time, whatever stage it is in
        assertThat(StderrProgress.withDeadline(sink, "t", now - 10_000_000_000L, 1).isCancelled()).isTrue();
    }

    @Test
    void aSearchBudgetSpentBeforeItStartsEndsTheCommandWithOneLine() {
        int code = CliRun.runWithDb(out, err, dir, "search", "--model", "Llama-3.1-70B", "--gpus", "8xH100-SXM", "--rate", "2",
                "--requests", "100", "--time-budget-s", "0.001", "--threads", "1");
        String text = err.toString();
        // either the best plan found by then, or a one-line message that names the budget; never a stack trace
        assertThat(text).doesNotContain("unexpected error").doesNotContain("\tat ");
        if (code != 0) {
            assertThat(text.lines().filter(l -> l.startsWith("fleetwise: "))).singleElement().asString().contains("--time-budget-s");
        }
    }

    @Test
    void allocatesTimeLimitCountsTheMeasurementsToo() {
        // measuring replica throughputs takes far longer than 1 ms: the limit ends the command there, in one line
        int code = CliRun.runWithDb(out, err, dir, "allocate", "--model", "Llama-3.1-8B", "--gpus", "H100-SXM", "--rate", "5",
                "--time-limit", "0.001");
        assertThat(code).isEqualTo(Cli.EXIT_ERROR);
        assertThat(err.toString().lines().filter(l -> l.startsWith("fleetwise: "))).singleElement().asString()
                .contains("--time-limit 0.001 s ran out while measuring replica throughputs");
        assertThat(err.toString()).doesNotContain("\tat ");
    }

    @Test
    void aSolveAfterTheDeadlineGetsNoTimeOfItsOwn() throws Exception {
        // reading the file takes most of the 1 ms: the solver gets what is left (or nothing), never its own 30 s
        Path config = dir.resolve("allocator.json");
        try (var in = getClass().getResourceAsStream("fuzz/seeds/allocator.json")) {
            java.nio.file.Files.copy(in, config);
        }
        int code = CliRun.runWithDb(out, err, dir, "allocate", "--config", config.toString(), "--time-limit", "0.001");
        assertThat(code).isEqualTo(Cli.EXIT_ERROR);
        assertThat(err.toString().lines().toList()).singleElement().asString().startsWith("fleetwise: ")
                .contains("raise the time limit");
    }

    @Test
    void allocateWithinItsTimeLimitStillPlans() throws Exception {
        Path config = dir.resolve("allocator.json");
        try (var in = getClass().getResourceAsStream("fuzz/seeds/allocator.json")) {
            java.nio.file.Files.copy(in, config);
        }
        assertThat(CliRun.runWithDb(out, err, dir, "allocate", "--config", config.toString(), "--time-limit", "60")).isZero();
        assertThat(out.toString()).contains("Total:");
    }
}

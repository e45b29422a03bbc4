package io.fleetwise.scaleout;

import io.fleetwise.planner.calibration.CalibrationSet;
import io.fleetwise.planner.catalog.Catalog;
import io.fleetwise.planner.sweep.SweepPlan;
import io.fleetwise.planner.sweep.SweepSpecJson;
import io.fleetwise.planner.throughput.ThroughputCell;
import io.fleetwise.planner.throughput.ThroughputCellJson;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** What the job reads, without starting Spark: cells files (named by their first comment line) and specs. */
class SweepJobInputTest {
    private static final String SPEC = """
            {"format": "fleetwise-sweep/1", "name": "two", "models": ["Llama-3.1-8B"], "gpuTypes": ["H100-SXM"],
             "lengths": {"input": [200, 3000], "output": [50]}, "slos": [{"ttftMs": 1500, "tpotMs": 80}],
             "calibration": "builtin", "engines": ["vllm-0.6", "sglang"]}""";

    @TempDir
    Path dir;

    @Test
    void aCellsFileIsNamedByItsSweepLineAndReadsBackToTheSameCells() throws Exception {
        List<ThroughputCell> cells = SweepPlan.expand(SweepSpecJson.parse(SPEC, "two.json"), Catalog.builtIn(),
                e -> CalibrationSet.builtIn()).cells();
        List<String> lines = new ArrayList<>();
        lines.add(SweepJob.NAME_PREFIX + "capacity of 8B");
        cells.forEach(c -> lines.add(ThroughputCellJson.write(c)));
        Path file = dir.resolve("cells.jsonl");
        Files.write(file, lines);
        SweepJob.Input input = SweepJob.read(file);
        assertThat(input.name()).isEqualTo("capacity of 8B");
        // the same inputs: every key (the SHA-256 of everything a cell depends on) is the written cell's
        assertThat(input.cells().stream().map(ThroughputCell::key).toList())
                .isEqualTo(cells.stream().map(ThroughputCell::key).toList());

        lines.set(2, lines.get(2).replace("\"model\"", "\"modell\""));
        Files.write(file, lines);
        assertThatThrownBy(() -> SweepJob.read(file)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("cells.jsonl line 3: ");
    }

    @Test
    void aSpecsEnginesAreTheBuiltInProfilesAndAnUnknownOneIsNamed() throws Exception {
        Path spec = dir.resolve("two.json");
        Files.writeString(spec, SPEC);
        SweepJob.Input input = SweepJob.read(spec);
        assertThat(input.name()).isEqualTo("two");
        assertThat(input.cells()).hasSize(4);
        assertThat(input.cells().stream().map(c -> c.calibration().engine().id()).distinct())
                .containsExactlyInAnyOrder("vllm-0.6", "sglang");
        Files.writeString(spec, SPEC.replace("sglang", "tgi"));
        assertThatThrownBy(() -> SweepJob.read(spec)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("Unknown engine 'tgi'");
    }
}

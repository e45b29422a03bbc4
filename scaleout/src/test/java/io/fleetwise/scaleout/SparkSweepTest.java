package io.fleetwise.scaleout;

import io.fleetwise.datastore.Database;
import io.fleetwise.datastore.throughput.ThroughputCellRepository;
import io.fleetwise.planner.calibration.CalibrationSet;
import io.fleetwise.planner.catalog.Catalog;
import io.fleetwise.planner.sweep.SweepPlan;
import io.fleetwise.planner.sweep.SweepSpecJson;
import io.fleetwise.planner.throughput.CellResult;
import io.fleetwise.planner.throughput.ThroughputCell;
import io.fleetwise.planner.throughput.ThroughputCellStore;
import io.fleetwise.planner.throughput.ThroughputCells;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The sweep on Spark in local mode (two cores, no web UI, loopback only) gives the single-machine answers, cell for
 * cell, stores them in the study database and writes them as Parquet. One Spark session for the whole class: starting
 * Spark is most of the time.
 */
class SparkSweepTest {
    /** 8B on an H100 and an L4, three request shapes (one the L4 cannot serve in time), two SLOs: 18 small cells. */
    private static final String SPEC = """
            {"format": "fleetwise-sweep/1", "name": "ci", "models": ["Llama-3.1-8B"], "gpuTypes": ["H100-SXM", "L4"],
             "replicas": {"sizesPerGpuType": 2}, "lengths": {"input": [200, 3000], "output": [50, 400]},
             "slos": [{"ttftMs": 1500, "tpotMs": 80}, {"ttftMs": 300, "tpotMs": 30}],
             "calibration": "builtin", "search": {"requests": 60, "seed": 3, "tolerance": 0.05, "maxSimulations": 16}}""";

    private static SparkSession spark;

    @BeforeAll
    static void startSpark() {
        spark = SweepJob.session(Optional.of("local[2]"));
    }

    @AfterAll
    static void stopSpark() {
        if (spark != null) {
            spark.stop();
        }
    }

    @Test
    void sparkGivesTheSingleMachineAnswersStoresThemAndWritesParquet(@TempDir Path dir) throws Exception {
        List<ThroughputCell> cells = SweepPlan.expand(SweepSpecJson.parse(SPEC, "ci.json"), Catalog.builtIn(),
                e -> CalibrationSet.builtIn()).cells();
        assertThat(cells).hasSizeGreaterThan(10);
        List<CellResult> single = new ThroughputCells(ThroughputCellStore.none(), 2, Clock.systemUTC())
                .resolve(cells, null).results();
        assertThat(single).anyMatch(r -> r.maxRatePerS() == 0).anyMatch(r -> r.maxRatePerS() > 0);

        Path tasks = dir.resolve("cells.jsonl");
        SweepJob.writeCells(cells, tasks);
        Path db = dir.resolve("study.db");
        String parquet = dir.resolve("table").toString();
        SweepJob.Arguments args = SweepJob.Arguments.parse(new String[] {tasks.toString(), "--db", db.toString(),
                "--parquet", parquet, "--partitions", "5"});
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int status = SweepJob.sweep(args, SweepJob.read(tasks), spark, print(out), print(err));
        assertThat(status).as(err.toString(StandardCharsets.UTF_8)).isZero();
        assertThat(out.toString(StandardCharsets.UTF_8)).contains(cells.size() + " cells, 0 stored before, "
                + cells.size() + " searched on local[2]");

        Map<String, CellResult> stored = new ThroughputCellRepository(Database.open(db))
                .find(cells.stream().map(ThroughputCell::key).toList());
        assertThat(stored).hasSize(cells.size());
        for (int i = 0; i < cells.size(); i++) {
            CellResult spark = stored.get(cells.get(i).key().fingerprint());
            assertThat(spark.maxRatePerS()).as(cells.get(i).key().replica() + ", " + cells.get(i).key().lengths())
                    .isEqualTo(single.get(i).maxRatePerS());
            assertThat(spark.simulations()).isEqualTo(single.get(i).simulations());
        }

        Dataset<Row> table = spark.read().parquet(parquet);
        assertThat(table.count()).isEqualTo(cells.size());
        assertThat(table.filter("source = 'searched' AND max_rate_per_s > 0").count())
                .isEqualTo(single.stream().filter(r -> r.maxRatePerS() > 0).count());

        ByteArrayOutputStream again = new ByteArrayOutputStream();
        assertThat(SweepJob.sweep(args, SweepJob.read(tasks), spark, print(again), print(err))).isZero();
        assertThat(again.toString(StandardCharsets.UTF_8)).contains(cells.size() + " stored before, 0 searched");
        assertThat(spark.read().parquet(parquet).filter("source = 'stored'").count()).isEqualTo(cells.size());
    }

    private static PrintStream print(ByteArrayOutputStream bytes) {
        return new PrintStream(bytes, true, StandardCharsets.UTF_8);
    }
}

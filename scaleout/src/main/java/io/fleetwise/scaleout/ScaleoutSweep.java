package io.fleetwise.scaleout;

import io.fleetwise.datastore.throughput.ThroughputCellRepository;
import io.fleetwise.planner.throughput.CellKey;
import io.fleetwise.planner.throughput.CellResult;
import io.fleetwise.planner.throughput.ThroughputCell;
import io.fleetwise.planner.throughput.ThroughputCellStore;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * A sweep's cells on Spark, as the single-machine {@code ThroughputCells} does them on threads: cells already in the
 * store are read, the others searched as Spark tasks and stored. Cells go out in chunks of a few dozen per core, each
 * stored (and appended to the Parquet table) as soon as it finishes, so a sweep stopped midway keeps what it finished
 * and a rerun searches only the rest.
 */
public final class ScaleoutSweep {

    /**
     * @param outcomes every cell's answer, in the order asked
     * @param stored   cells found in the store before the sweep
     * @param searched cells searched by this sweep
     */
    public record Report(List<CellOutcome> outcomes, int stored, int searched, double seconds, String master,
                         int parallelism, int partitions) {
    }

    private final SparkSession spark;
    private final ThroughputCellStore store;
    private final SweepProgress progress;

    /** @param store where cells are looked up and kept ({@link ThroughputCellStore#none()}: search every one) */
    public ScaleoutSweep(SparkSession spark, ThroughputCellStore store, SweepProgress progress) {
        this.spark = Objects.requireNonNull(spark, "spark");
        this.store = Objects.requireNonNull(store, "store");
        this.progress = Objects.requireNonNull(progress, "progress");
    }

    /**
     * @param partitions Spark partitions per chunk (default: {@link SparkCellSearch#defaultPartitions})
     * @param parquet    a directory to write the whole table to (replaced), if any
     */
    public Report run(List<ThroughputCell> cells, OptionalInt partitions, Optional<String> parquet) {
        long start = System.nanoTime();
        JavaSparkContext jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
        Map<String, ThroughputCell> distinct = new LinkedHashMap<>();
        Map<String, CellKey> keys = new LinkedHashMap<>();
        for (ThroughputCell c : cells) {
            CellKey key = c.key();
            distinct.putIfAbsent(key.fingerprint(), c);
            keys.putIfAbsent(key.fingerprint(), key);
        }
        Map<String, CellResult> found = store.find(keys.values());
        Map<String, CellOutcome> outcomes = new LinkedHashMap<>();
        List<ThroughputCell> missing = new ArrayList<>();
        distinct.forEach((f, c) -> {
            CellResult r = found.get(f);
            if (r != null) {
                outcomes.put(f, CellOutcome.of(c, r, CellOutcome.STORED, ""));
            } else {
                missing.add(c);
            }
        });
        if (parquet.isPresent()) {
            writeParquet(jsc.parallelize(new ArrayList<>(outcomes.values()), 1), parquet.get(), SaveMode.Overwrite);
        }
        int chunk = Math.max(1, jsc.defaultParallelism() * 64);
        int perChunk = partitions.orElse(SparkCellSearch.defaultPartitions(jsc, Math.min(chunk, missing.size())));
        progress.begin(missing.size(), outcomes.size());
        for (int from = 0; from < missing.size(); from += chunk) {
            List<ThroughputCell> part = missing.subList(from, Math.min(missing.size(), from + chunk));
            JavaRDD<CellOutcome> rdd = SparkCellSearch.outcomes(jsc, part, perChunk).cache();
            progress.chunkStarted(part.size(), rdd.getNumPartitions());
            List<CellOutcome> done = rdd.collect();
            keep(done);
            done.forEach(o -> outcomes.put(o.fingerprint(), o));
            if (parquet.isPresent()) {
                writeParquet(rdd, parquet.get(), SaveMode.Append);
            }
            rdd.unpersist(false);
            progress.cellsDone(done.size());
        }
        List<CellOutcome> ordered = new ArrayList<>();
        distinct.keySet().forEach(f -> ordered.add(outcomes.get(f)));
        return new Report(ordered, distinct.size() - missing.size(), missing.size(), (System.nanoTime() - start) / 1e9,
                spark.sparkContext().master(), jsc.defaultParallelism(), perChunk);
    }

    private void keep(List<CellOutcome> done) {
        Map<CellKey, CellResult> rows = new LinkedHashMap<>();
        done.forEach(o -> rows.put(o.key(), o.result()));
        if (store instanceof ThroughputCellRepository repository) {
            repository.saveAll(rows);
        } else {
            rows.forEach(store::save);
        }
    }

    private void writeParquet(JavaRDD<CellOutcome> rows, String dir, SaveMode mode) {
        JavaRDD<Row> asRows = rows.map(CellOutcome::toRow);
        spark.createDataFrame(asRows, CellOutcome.schema()).write().mode(mode).parquet(dir);
    }
}

package io.fleetwise.scaleout;

import io.fleetwise.planner.progress.ProgressListener;
import io.fleetwise.planner.sim.CapacitySearch;
import io.fleetwise.planner.throughput.CellResult;
import io.fleetwise.planner.throughput.ThroughputCell;
import org.apache.spark.SparkEnv;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Capacity searches of throughput cells as Spark tasks. Each task rebuilds its cell from the text it was shipped as
 * ({@link CellTask}) and runs {@link ThroughputCell#search}, the code the single-machine path runs, so each cell gets
 * the single-machine answer whichever executor searches it. Cells go out in key order (a shuffle, since keys are
 * hashes), so the slow cells of one replica spread over partitions instead of piling into one.
 */
public final class SparkCellSearch {

    private SparkCellSearch() {
    }

    /** Partitions for {@code cells} cells: many per core, so a partition of slow cells does not hold the others up. */
    public static int defaultPartitions(JavaSparkContext spark, int cells) {
        return Math.max(1, Math.min(cells, spark.defaultParallelism() * 16));
    }

    /** The searched cells as a distributed data set (not yet run); {@link #search} collects it. */
    public static JavaRDD<CellOutcome> outcomes(JavaSparkContext spark, List<ThroughputCell> cells, int partitions) {
        List<CellTask> tasks = new ArrayList<>(cells.size());
        cells.forEach(c -> tasks.add(CellTask.of(c)));
        tasks.sort(Comparator.comparing(CellTask::fingerprint));
        return spark.parallelize(tasks, Math.max(1, Math.min(partitions, Math.max(1, tasks.size()))))
                .map(SparkCellSearch::searchOne);
    }

    /** Every cell's answer, in the order of {@code cells}. */
    public static List<CellOutcome> search(JavaSparkContext spark, List<ThroughputCell> cells, int partitions) {
        if (cells.isEmpty()) {
            return List.of();
        }
        Map<String, CellOutcome> byKey = new HashMap<>();
        for (CellOutcome o : outcomes(spark, cells, partitions).collect()) {
            byKey.put(o.fingerprint(), o);
        }
        List<CellOutcome> out = new ArrayList<>(cells.size());
        for (ThroughputCell c : cells) {
            out.add(byKey.get(c.key().fingerprint()));
        }
        return out;
    }

    /** What one Spark task does. */
    static CellOutcome searchOne(CellTask task) {
        ThroughputCell cell = task.cell();
        CapacitySearch.Result r = cell.search(ProgressListener.NONE);
        CellResult result = new CellResult(r.maxRatePerS(), r.simulations(), r.wallSeconds(), Instant.now());
        return CellOutcome.of(cell, result, CellOutcome.SEARCHED, executor());
    }

    private static String executor() {
        SparkEnv env = SparkEnv.get();
        String id = env == null ? "?" : env.executorId();
        try {
            return id + "@" + InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            return id;
        }
    }
}

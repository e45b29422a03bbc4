package io.fleetwise.scaleout;

import io.fleetwise.planner.throughput.CellKey;
import io.fleetwise.planner.throughput.CellResult;
import io.fleetwise.planner.throughput.ThroughputCell;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

import java.io.Serializable;
import java.time.Instant;

/**
 * One cell of a sweep's table as a Spark task's result and a Parquet row: the key's fields (what a person reads), the
 * inputs as numbers to filter and plot by, and the answer with where it came from.
 *
 * @param source   {@code searched} (by this sweep) or {@code stored} (found in the database before it ran)
 * @param executor the Spark executor and host that searched it; empty for stored cells
 */
public record CellOutcome(String fingerprint, String model, String replica, String gpuType, int tp, int pp,
                          String weightDtype, String lengths, int inputTokens, int outputTokens, String slo,
                          double ttftMs, double tpotMs, double attainment, String calibration, String engine,
                          String search, int simulatorVersion, double maxRatePerS, int simulations,
                          double searchSeconds, String computedAt, String source, String executor)
        implements Serializable {
    private static final long serialVersionUID = 1L;

    public static final String SEARCHED = "searched";
    public static final String STORED = "stored";

    public static CellOutcome of(ThroughputCell cell, CellResult result, String source, String executor) {
        CellKey key = cell.key();
        return new CellOutcome(key.fingerprint(), key.model(), key.replica(), cell.replica().gpu().name(),
                cell.replica().tp(), cell.replica().pp(), cell.replica().weightDtype().label(), key.lengths(),
                cell.lengths().inputTokens(), cell.lengths().outputTokens(), key.slo(), cell.slo().ttftMs(),
                cell.slo().tpotMs(), cell.slo().attainment(), key.calibration(), key.engine(), key.search(),
                key.simulatorVersion(), result.maxRatePerS(), result.simulations(), result.searchSeconds(),
                result.computedAt().toString(), source, executor);
    }

    public CellKey key() {
        return new CellKey(fingerprint, model, replica, lengths, slo, calibration, engine, search, simulatorVersion);
    }

    public CellResult result() {
        return new CellResult(maxRatePerS, simulations, searchSeconds, Instant.parse(computedAt));
    }

    /** The Parquet columns, in {@link #toRow()} order. */
    public static StructType schema() {
        return new StructType(new StructField[] {
                DataTypes.createStructField("fingerprint", DataTypes.StringType, false),
                DataTypes.createStructField("model", DataTypes.StringType, false),
                DataTypes.createStructField("replica", DataTypes.StringType, false),
                DataTypes.createStructField("gpu_type", DataTypes.StringType, false),
                DataTypes.createStructField("tp", DataTypes.IntegerType, false),
                DataTypes.createStructField("pp", DataTypes.IntegerType, false),
                DataTypes.createStructField("weight_dtype", DataTypes.StringType, false),
                DataTypes.createStructField("lengths", DataTypes.StringType, false),
                DataTypes.createStructField("input_tokens", DataTypes.IntegerType, false),
                DataTypes.createStructField("output_tokens", DataTypes.IntegerType, false),
                DataTypes.createStructField("slo", DataTypes.StringType, false),
                DataTypes.createStructField("ttft_ms", DataTypes.DoubleType, false),
                DataTypes.createStructField("tpot_ms", DataTypes.DoubleType, false),
                DataTypes.createStructField("attainment", DataTypes.DoubleType, false),
                DataTypes.createStructField("calibration", DataTypes.StringType, false),
                DataTypes.createStructField("engine", DataTypes.StringType, false),
                DataTypes.createStructField("search", DataTypes.StringType, false),
                DataTypes.createStructField("simulator_version", DataTypes.IntegerType, false),
                DataTypes.createStructField("max_rate_per_s", DataTypes.DoubleType, false),
                DataTypes.createStructField("simulations", DataTypes.IntegerType, false),
                DataTypes.createStructField("search_seconds", DataTypes.DoubleType, false),
                DataTypes.createStructField("computed_at", DataTypes.StringType, false),
                DataTypes.createStructField("source", DataTypes.StringType, false),
                DataTypes.createStructField("executor", DataTypes.StringType, false)});
    }

    public Row toRow() {
        return RowFactory.create(fingerprint, model, replica, gpuType, tp, pp, weightDtype, lengths, inputTokens,
                outputTokens, slo, ttftMs, tpotMs, attainment, calibration, engine, search, simulatorVersion,
                maxRatePerS, simulations, searchSeconds, computedAt, source, executor);
    }
}

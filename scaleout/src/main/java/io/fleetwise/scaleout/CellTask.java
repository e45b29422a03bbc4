package io.fleetwise.scaleout;

import io.fleetwise.planner.throughput.ThroughputCell;
import io.fleetwise.planner.throughput.ThroughputCellJson;

import java.io.Serializable;
import java.util.Objects;

/**
 * One throughput cell as a Spark task's input: its key and the cell as one line of JSON ({@link ThroughputCellJson}),
 * plain text, so no planner type has to be Java-serializable and an executor running another Fleetwise build refuses
 * the cell (its key would not read back) instead of searching it differently.
 */
public record CellTask(String fingerprint, String json) implements Serializable {
    private static final long serialVersionUID = 1L;

    public CellTask {
        Objects.requireNonNull(fingerprint, "fingerprint");
        Objects.requireNonNull(json, "json");
    }

    public static CellTask of(ThroughputCell cell) {
        return new CellTask(cell.key().fingerprint(), ThroughputCellJson.write(cell));
    }

    /** The cell again, its key checked. */
    public ThroughputCell cell() {
        return ThroughputCellJson.read(json);
    }
}

package io.fleetwise.planner.study;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.ArrayList;
import java.util.List;

/**
 * Executor runs of a study ({@code results.executions}, docs/study-format.md): per run the stored profile and trace
 * ids, the device and the predicted-vs-measured comparison (whole run and per operator class), newest last, at most
 * {@link #MAX_RUNS}. The comparison is kept because it needs the run's schedule, which the profile store does not keep.
 */
public final class ExecutionResultJson {

    public static final String KEY = "executions";
    public static final int MAX_RUNS = 20;

    private ExecutionResultJson() {
    }

    /** One operator class (or {@code total}) of a run, predicted and measured. */
    public record Row(String metric, double predictedMs, double measuredMs) {
    }

    /** One stored run. */
    public record Run(long profileId, long traceId, String name, String model, String device, String calibration,
                      List<Row> rows) {
        public Run {
            rows = List.copyOf(rows);
        }
    }

    /** {@code previous} (a stored array, or null) with {@code run} appended; the oldest drop beyond the limit. */
    public static ArrayNode append(JsonNode previous, Run run) {
        ArrayNode runs = JsonNodeFactory.instance.arrayNode();
        if (previous != null && previous.isArray()) {
            previous.forEach(n -> runs.add(n.deepCopy()));
        }
        ObjectNode o = runs.addObject();
        o.put("profileId", run.profileId());
        o.put("traceId", run.traceId());
        o.put("name", run.name());
        o.put("model", run.model());
        o.put("device", run.device());
        o.put("calibration", run.calibration());
        ArrayNode rows = o.putArray("rows");
        for (Row r : run.rows()) {
            rows.addObject().put("metric", r.metric()).put("predictedMs", finite(r.predictedMs()))
                    .put("measuredMs", finite(r.measuredMs()));
        }
        while (runs.size() > MAX_RUNS) {
            runs.remove(0);
        }
        return runs;
    }

    /** @throws IllegalArgumentException naming the entry that is not a run */
    public static List<Run> read(JsonNode array) {
        if (array == null || !array.isArray()) {
            throw new IllegalArgumentException("results." + KEY + ": expected an array of runs");
        }
        List<Run> runs = new ArrayList<>();
        for (int i = 0; i < array.size(); i++) {
            JsonNode o = array.get(i);
            if (!o.path("rows").isArray()) {
                throw new IllegalArgumentException("results." + KEY + "[" + i + "].rows: expected an array");
            }
            List<Row> rows = new ArrayList<>();
            for (JsonNode r : o.get("rows")) {
                rows.add(new Row(r.path("metric").asText(""), r.path("predictedMs").asDouble(Double.NaN),
                        r.path("measuredMs").asDouble(Double.NaN)));
            }
            runs.add(new Run(o.path("profileId").asLong(-1), o.path("traceId").asLong(-1), o.path("name").asText(""),
                    o.path("model").asText(""), o.path("device").asText(""), o.path("calibration").asText(""), rows));
        }
        return runs;
    }

    private static double finite(double v) {
        return Double.isFinite(v) ? v : 0.0;
    }
}

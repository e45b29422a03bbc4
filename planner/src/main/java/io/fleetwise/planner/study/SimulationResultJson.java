package io.fleetwise.planner.study;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fleetwise.planner.sim.LoadMode;
import io.fleetwise.planner.sim.SimulationSummary;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

import static io.fleetwise.planner.study.JsonNumbers.number;

/**
 * The Simulate area's last run in a study ({@code results.simulation}, docs/study-format.md): what was simulated and
 * its headline metrics. Figures that do not exist are written as {@code null} and read back as NaN.
 */
public final class SimulationResultJson {

    public static final String KEY = "simulation";

    private SimulationResultJson() {
    }

    /**
     * A stored run.
     *
     * @param metrics headline metrics by name (units in the names, e.g. {@code ttftP99Ms}), in the order written
     * @param load    how requests were sent ({@link LoadMode#label()}; open loop for runs stored before load modes)
     */
    public record SavedSimulation(String model, String replica, String gpuType, int replicas, int gpus,
                                  String workload, double ratePerS, int requests, double sloTtftMs, double sloTpotMs,
                                  double sloAttainmentTarget, Map<String, Double> metrics, String load) {
        public SavedSimulation {
            Objects.requireNonNull(model, "model");
            metrics = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(metrics));
        }
    }

    /** What the run was: its inputs, as the area ran them. */
    public record Run(String model, String replica, String gpuType, int replicas, String workload, double ratePerS,
                      LoadMode load, int requests, double sloTtftMs, double sloTpotMs, double sloAttainmentTarget) {
    }

    public static ObjectNode write(Run run, SimulationSummary s) {
        ObjectNode root = JsonNodeFactory.instance.objectNode();
        root.put("model", run.model());
        root.put("replica", run.replica());
        root.put("gpuType", run.gpuType());
        root.put("replicas", run.replicas());
        root.put("gpus", s.gpuCount());
        ObjectNode workload = root.putObject("workload");
        workload.put("name", run.workload());
        number(workload, "ratePerS", run.ratePerS());
        workload.put("requests", run.requests());
        ObjectNode load = root.putObject("load");
        load.put("mode", run.load().id());
        if (run.load().capsConcurrency()) {
            load.put("maxConcurrency", run.load().maxConcurrency());
        }
        ObjectNode slo = root.putObject("slo");
        number(slo, "ttftMs", run.sloTtftMs());
        number(slo, "tpotMs", run.sloTpotMs());
        number(slo, "attainment", run.sloAttainmentTarget());
        ObjectNode m = root.putObject("metrics");
        m.put("completed", s.completed());
        m.put("dropped", s.dropped());
        number(m, "durationS", s.durationS());
        number(m, "ttftP50Ms", s.ttft().p50Ms());
        number(m, "ttftP99Ms", s.ttft().p99Ms());
        number(m, "tpotP50Ms", s.tpot().p50Ms());
        number(m, "tpotP99Ms", s.tpot().p99Ms());
        number(m, "e2eP50Ms", s.e2e().p50Ms());
        number(m, "e2eP99Ms", s.e2e().p99Ms());
        number(m, "requestThroughputPerS", s.requestThroughputPerS());
        number(m, "outputTokensPerS", s.outputTokensPerS());
        number(m, "sloAttainment", s.sloAttainment());
        number(m, "goodputPerS", s.goodputPerS());
        number(m, "costPerHourUsd", s.costPerHourUsd());
        number(m, "costPerMillionOutputTokensUsd", s.costPerMillionOutputTokensUsd());
        number(m, "joulesPerOutputToken", s.joulesPerOutputToken());
        return root;
    }

    /** @throws IllegalArgumentException naming the field that is missing or wrong */
    public static SavedSimulation read(JsonNode root) {
        String where = "results." + KEY;
        if (root == null || !root.isObject()) {
            throw new IllegalArgumentException(where + ": expected an object");
        }
        if (!root.path("metrics").isObject()) {
            throw new IllegalArgumentException(where + ".metrics: expected an object of headline metrics");
        }
        Map<String, Double> metrics = new LinkedHashMap<>();
        root.get("metrics").fields().forEachRemaining(e -> metrics.put(e.getKey(),
                e.getValue().isNumber() ? e.getValue().asDouble() : Double.NaN));
        JsonNode w = root.path("workload");
        JsonNode slo = root.path("slo");
        return new SavedSimulation(root.path("model").asText(""), root.path("replica").asText(""),
                root.path("gpuType").asText(""), root.path("replicas").asInt(0), root.path("gpus").asInt(0),
                w.path("name").asText(""), number(w, "ratePerS"), w.path("requests").asInt(0), number(slo, "ttftMs"),
                number(slo, "tpotMs"), number(slo, "attainment"), metrics, readLoad(root.path("load"), where).label());
    }

    private static LoadMode readLoad(JsonNode load, String where) {
        if (load.isMissingNode()) {
            return LoadMode.openLoop();
        }
        String mode = load.path("mode").asText("");
        switch (mode) {
            case "open-loop": return LoadMode.openLoop();
            case "offline": return LoadMode.offline();
            case "closed-loop":
                if (!load.path("maxConcurrency").canConvertToInt() || load.path("maxConcurrency").asInt() < 1) {
                    throw new IllegalArgumentException(where + ".load.maxConcurrency: expected a whole number >= 1, was "
                            + load.path("maxConcurrency"));
                }
                return LoadMode.closedLoop(load.path("maxConcurrency").asInt());
            default:
                throw new IllegalArgumentException(where + ".load.mode: expected open-loop, closed-loop or offline, was '"
                        + mode + "'");
        }
    }
}

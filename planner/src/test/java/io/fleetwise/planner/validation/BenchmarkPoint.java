package io.fleetwise.planner.validation;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One published benchmark result of the high-load validation set ({@code validation/high-load/points.json}; the format
 * is described in the README beside it): how the server ran, what the client sent, and the figures it printed.
 *
 * @param split    {@code train} (used for tuning) or a {@code holdout-*} group (never used for tuning)
 * @param settings server flags that differ from the engine's defaults (e.g. {@code schedulerSteps}, {@code maxModelLen})
 * @param testbed  the lab and GPU the point was measured on ({@code gpustack-h100}); points of one testbed share its
 *                 machines, so a compute-speed calibration fitted to its training points applies to all of them
 *                 ({@link Testbeds})
 * @param measured metric name to the published value; names are those of {@link Metric}
 */
public record BenchmarkPoint(String id, String split, String source, String quote, String engine, String engineVersion,
                             String server, Map<String, Double> settings, String gpu, int tp, String testbed, String model,
                             Dtypes dtype, Dataset dataset, Load load, Map<Metric, Double> measured) {

    public static final String RESOURCE = "/io/fleetwise/planner/validation/high-load/points.json";

    /** Precision of weights, GEMM activations and KV cache, and how activations are quantized ({@code scheme}). */
    public record Dtypes(String weights, String activations, String kv, String scheme) {
    }

    /**
     * What the client sent: {@code random} (every prompt {@code inputTokens} long, outputs capped at
     * {@code outputTokens}) or {@code sharegpt}; totals are the client's printed token counts.
     */
    public record Dataset(String kind, int prompts, int inputTokens, int outputTokens, long totalInputTokens,
                          long totalOutputTokens) {
        public double meanInput() {
            return (double) totalInputTokens / prompts;
        }

        public double meanOutput() {
            return (double) totalOutputTokens / prompts;
        }
    }

    /**
     * {@code burst} (every request sent at t = 0 through the API server: {@code --request-rate inf}), {@code rate}
     * (Poisson at {@code rate} req/s) or {@code concurrency} (at most {@code maxConcurrency} in flight).
     */
    public record Load(String mode, double rate, int maxConcurrency) {
    }

    /** The figures a benchmark client prints, with the simulator's way of computing each. */
    public enum Metric {
        requestThroughput, outputThroughput, totalThroughput, meanTtftMs, meanTpotMs, medianTtftMs, medianTpotMs, medianE2eMs;

        public boolean isThroughput() {
            return this == requestThroughput || this == outputThroughput || this == totalThroughput;
        }
    }

    public boolean isTraining() {
        return split.equals("train");
    }

    public static List<BenchmarkPoint> loadAll() {
        try (InputStream in = BenchmarkPoint.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("Missing test resource " + RESOURCE);
            }
            JsonNode root = new ObjectMapper().readTree(in);
            List<BenchmarkPoint> points = new ArrayList<>();
            for (JsonNode p : root.get("points")) {
                points.add(parse(p));
            }
            return points;
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read " + RESOURCE, e);
        }
    }

    private static BenchmarkPoint parse(JsonNode p) {
        String id = text(p, "id");
        Map<String, Double> settings = new LinkedHashMap<>();
        p.path("settings").fields().forEachRemaining(e -> settings.put(e.getKey(), e.getValue().asDouble()));
        JsonNode d = p.get("dtype");
        Dtypes dtypes = new Dtypes(text(d, "weights"), text(d, "activations"), text(d, "kv"), d.path("scheme").asText(""));
        JsonNode ds = p.get("dataset");
        Dataset dataset = new Dataset(text(ds, "kind"), ds.get("prompts").asInt(), ds.path("inputTokens").asInt(0),
                ds.path("outputTokens").asInt(0), ds.get("totalInputTokens").asLong(), ds.get("totalOutputTokens").asLong());
        JsonNode l = p.get("load");
        Load load = new Load(text(l, "mode"), l.path("rate").asDouble(0), l.path("maxConcurrency").asInt(0));
        Map<Metric, Double> measured = new LinkedHashMap<>();
        p.get("measured").fields().forEachRemaining(e -> measured.put(Metric.valueOf(e.getKey()), e.getValue().asDouble()));
        return new BenchmarkPoint(id, text(p, "split"), text(p, "source"), text(p, "quote"), text(p, "engine"),
                text(p, "engineVersion"), text(p, "server"), settings, text(p, "gpu"), p.get("tp").asInt(), text(p, "testbed"), text(p, "model"),
                dtypes, dataset, load, measured);
    }

    private static String text(JsonNode n, String field) {
        JsonNode v = n.get(field);
        return Objects.requireNonNull(v, () -> "points.json: missing field '" + field + "' in " + n).asText();
    }
}

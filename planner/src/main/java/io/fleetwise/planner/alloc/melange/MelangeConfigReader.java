package io.fleetwise.planner.alloc.melange;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fleetwise.planner.alloc.AllocatorFormatException;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads Mélange's config JSON exactly as Mélange's {@code SolverRunner} does: the four top-level keys
 * (unknown keys are rejected, like its dataclass constructor does; missing ones take its defaults:
 * empty, empty, 0 req/s, slice factor 1), {@code gpu_info} entries with {@code cost} and {@code tputs}.
 * Where Mélange would crash with a division by zero, a 0, null or missing throughput cell means the GPU
 * cannot serve that bucket.
 */
public final class MelangeConfigReader {

    private static final Set<String> TOP_LEVEL = Set.of("gpu_info", "workload_distribution", "total_request_rate",
            "slice_factor");
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private MelangeConfigReader() {
    }

    public static MelangeConfig read(Path file) {
        String text = io.fleetwise.planner.ingest.InputFiles.readText(file, "Mélange config",
                io.fleetwise.planner.ingest.InputLimits.MAX_CONFIG_BYTES);
        return parse(text, file.toString());
    }

    /** @param source file name or description used in error messages */
    public static MelangeConfig parse(String json, String source) {
        JsonNode root;
        try {
            root = MAPPER.readTree(json);
        } catch (JsonProcessingException e) {
            throw new AllocatorFormatException(source + ": not valid JSON at line " + e.getLocation().getLineNr()
                    + ", column " + e.getLocation().getColumnNr() + ": " + e.getOriginalMessage(), e);
        }
        if (root == null || !root.isObject()) {
            throw new AllocatorFormatException(source + ": a Mélange config must be a JSON object with gpu_info, "
                    + "workload_distribution, total_request_rate and slice_factor");
        }
        for (Iterator<String> it = root.fieldNames(); it.hasNext(); ) {
            String key = it.next();
            if (!TOP_LEVEL.contains(key)) {
                throw new AllocatorFormatException(source + ": unknown field '" + key + "'; a Mélange config has "
                        + "gpu_info, workload_distribution, total_request_rate and slice_factor");
            }
        }
        List<List<Double>> distribution = matrix(root.get("workload_distribution"), source, "workload_distribution");
        if (distribution.isEmpty() || distribution.get(0).isEmpty()) {
            throw new AllocatorFormatException(source + ": workload_distribution is empty; it needs at least one "
                    + "row of bucket shares");
        }
        int columns = distribution.get(0).size();
        for (int i = 0; i < distribution.size(); i++) {
            if (distribution.get(i).size() != columns) {
                throw new AllocatorFormatException(source + ": workload_distribution row " + i + " has "
                        + distribution.get(i).size() + " cells but row 0 has " + columns);
            }
            for (int j = 0; j < columns; j++) {
                Double v = distribution.get(i).get(j);
                if (v == null || v < 0) {
                    throw new AllocatorFormatException(source + ": workload_distribution[" + i + "][" + j
                            + "] must be a share >= 0, was " + v);
                }
            }
        }
        double rate = number(root.get("total_request_rate"), 0.0, source, "total_request_rate");
        if (rate < 0) {
            throw new AllocatorFormatException(source + ": total_request_rate must be >= 0 req/s, was " + rate);
        }
        JsonNode sliceNode = root.get("slice_factor");
        int sliceFactor = 1;
        if (sliceNode != null && !sliceNode.isNull()) {
            if (!sliceNode.canConvertToInt() || !sliceNode.isIntegralNumber() || sliceNode.asInt() < 1) {
                throw new AllocatorFormatException(source + ": slice_factor must be an integer >= 1, was " + sliceNode);
            }
            sliceFactor = sliceNode.asInt();
        }
        Map<String, MelangeConfig.Gpu> gpus = new LinkedHashMap<>();
        JsonNode gpuInfo = root.get("gpu_info");
        if (gpuInfo == null || !gpuInfo.isObject() || gpuInfo.isEmpty()) {
            throw new AllocatorFormatException(source + ": gpu_info must be an object with at least one GPU, e.g. "
                    + "{\"A10G\": {\"cost\": 1.01, \"tputs\": [[2, 1], [5, 2]]}}");
        }
        for (Iterator<Map.Entry<String, JsonNode>> it = gpuInfo.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            String field = "gpu_info." + e.getKey();
            if (!e.getValue().isObject()) {
                throw new AllocatorFormatException(source + ": " + field + " must be an object with cost and tputs");
            }
            JsonNode costNode = e.getValue().get("cost");
            if (costNode == null) {
                throw new AllocatorFormatException(source + ": " + field + ".cost is missing");
            }
            double cost = number(costNode, 0.0, source, field + ".cost");
            if (cost < 0) {
                throw new AllocatorFormatException(source + ": " + field + ".cost must be >= 0 $/h, was " + cost);
            }
            if (e.getValue().get("tputs") == null) {
                throw new AllocatorFormatException(source + ": " + field + ".tputs is missing");
            }
            List<List<Double>> tputs = matrix(e.getValue().get("tputs"), source, field + ".tputs");
            gpus.put(e.getKey(), new MelangeConfig.Gpu(cost, padded(tputs, distribution.size(), columns, source,
                    field + ".tputs")));
        }
        return new MelangeConfig(gpus, distribution, rate, sliceFactor);
    }

    private static List<List<Double>> padded(List<List<Double>> tputs, int rows, int columns, String source,
                                             String field) {
        if (tputs.size() > rows) {
            throw new AllocatorFormatException(source + ": " + field + " has " + tputs.size()
                    + " rows but workload_distribution has " + rows);
        }
        List<List<Double>> out = new ArrayList<>();
        for (int i = 0; i < rows; i++) {
            List<Double> row = i < tputs.size() ? tputs.get(i) : List.of();
            if (row.size() > columns) {
                throw new AllocatorFormatException(source + ": " + field + " row " + i + " has " + row.size()
                        + " cells but workload_distribution has " + columns + " columns");
            }
            List<Double> full = new ArrayList<>();
            for (int j = 0; j < columns; j++) {
                Double v = j < row.size() ? row.get(j) : null;
                double t = v == null ? 0.0 : v;
                if (t < 0 || Double.isNaN(t) || Double.isInfinite(t)) {
                    throw new AllocatorFormatException(source + ": " + field + "[" + i + "][" + j
                            + "] must be a throughput >= 0 req/s (0 = cannot serve), was " + v);
                }
                full.add(t);
            }
            out.add(full);
        }
        return out;
    }

    private static List<List<Double>> matrix(JsonNode node, String source, String field) {
        List<List<Double>> rows = new ArrayList<>();
        if (node == null || node.isNull()) {
            return rows;
        }
        if (!node.isArray()) {
            throw new AllocatorFormatException(source + ": " + field + " must be a list of lists of numbers, was "
                    + node.getNodeType());
        }
        for (int i = 0; i < node.size(); i++) {
            JsonNode row = node.get(i);
            if (!row.isArray()) {
                throw new AllocatorFormatException(source + ": " + field + " row " + i
                        + " must be a list of numbers, was " + row);
            }
            List<Double> values = new ArrayList<>();
            for (int j = 0; j < row.size(); j++) {
                JsonNode cell = row.get(j);
                if (cell.isNull()) {
                    values.add(null);
                } else if (cell.isNumber()) {
                    values.add(cell.asDouble());
                } else {
                    throw new AllocatorFormatException(source + ": " + field + "[" + i + "][" + j
                            + "] must be a number, was " + cell);
                }
            }
            rows.add(values);
        }
        return rows;
    }

    private static double number(JsonNode node, double fallback, String source, String field) {
        if (node == null || node.isNull()) {
            return fallback;
        }
        if (!node.isNumber()) {
            throw new AllocatorFormatException(source + ": " + field + " must be a number, was " + node);
        }
        return node.asDouble();
    }
}

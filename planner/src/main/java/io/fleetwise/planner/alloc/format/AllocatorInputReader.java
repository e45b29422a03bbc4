package io.fleetwise.planner.alloc.format;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fleetwise.planner.alloc.AllocationCandidate;
import io.fleetwise.planner.alloc.AllocationMode;
import io.fleetwise.planner.alloc.AllocationProblem;
import io.fleetwise.planner.alloc.AllocatorFormatException;
import io.fleetwise.planner.pricing.PriceKind;
import io.fleetwise.planner.alloc.ThroughputSource;
import io.fleetwise.planner.alloc.WorkloadBucket;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/** Reads Fleetwise's allocator JSON (named buckets, replica candidates, caps, prices); see docs/allocator-format.md. */
public final class AllocatorInputReader {

    public static final String FORMAT = "fleetwise-allocator/1";

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final Set<String> TOP = Set.of("format", "name", "total_request_rate", "slice_factor", "headroom",
            "price_kind", "budget_usd_per_hour", "buckets", "candidates", "gpu_caps");
    private static final Set<String> BUCKET = Set.of("name", "input_tokens", "output_tokens", "share");
    private static final Set<String> CANDIDATE = Set.of("name", "gpu_type", "gpus", "tensor_parallel",
            "pipeline_parallel", "cost_usd_per_hour", "price_usd_per_gpu_hour", "throughput_source", "throughput_rps");

    private AllocatorInputReader() {
    }

    public static AllocatorInput read(Path file) {
        return parse(io.fleetwise.planner.ingest.InputFiles.readText(file, "Allocator input",
                io.fleetwise.planner.ingest.InputLimits.MAX_CONFIG_BYTES), file.toString());
    }

    public static AllocatorInput parse(String json, String source) {
        JsonNode root;
        try {
            root = MAPPER.readTree(json);
        } catch (JsonProcessingException e) {
            throw new AllocatorFormatException(source + ": not valid JSON at line " + e.getLocation().getLineNr()
                    + ", column " + e.getLocation().getColumnNr() + ": " + e.getOriginalMessage(), e);
        }
        if (root == null || !root.isObject()) {
            throw new AllocatorFormatException(source + ": the allocator input must be a JSON object");
        }
        checkKeys(root, TOP, source, "top level");
        String format = text(root, "format", null, source, "format");
        if (format != null && !format.equals(FORMAT)) {
            throw new AllocatorFormatException(source + ": format is '" + format + "', this reader understands '"
                    + FORMAT + "'");
        }
        double rate = number(root, "total_request_rate", Double.NaN, source, "total_request_rate");
        if (!(rate >= 0)) {
            throw new AllocatorFormatException(source + ": total_request_rate (req/s, >= 0) is required");
        }
        int sliceFactor = integer(root, "slice_factor", 1, source, "slice_factor");
        double headroom = number(root, "headroom", 0.0, source, "headroom");
        PriceKind priceKind;
        try {
            priceKind = PriceKind.parse(text(root, "price_kind", "on_demand", source, "price_kind"));
        } catch (IllegalArgumentException e) {
            throw new AllocatorFormatException(source + ": price_kind: " + e.getMessage(), e);
        }
        double budget = number(root, "budget_usd_per_hour", Double.NaN, source, "budget_usd_per_hour");

        List<WorkloadBucket> buckets = buckets(root.get("buckets"), source);
        Map<String, Integer> bucketIndex = new LinkedHashMap<>();
        for (int b = 0; b < buckets.size(); b++) {
            if (bucketIndex.put(buckets.get(b).name(), b) != null) {
                throw new AllocatorFormatException(source + ": two buckets are named '" + buckets.get(b).name() + "'");
            }
        }
        List<AllocationCandidate> candidates = candidates(root.get("candidates"), bucketIndex, priceKind, source);
        Map<String, Integer> caps = new LinkedHashMap<>();
        JsonNode capsNode = root.get("gpu_caps");
        if (capsNode != null && !capsNode.isNull()) {
            if (!capsNode.isObject()) {
                throw new AllocatorFormatException(source + ": gpu_caps must be an object of GPU type to max GPUs");
            }
            for (Iterator<Map.Entry<String, JsonNode>> it = capsNode.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                if (!e.getValue().isIntegralNumber() || !e.getValue().canConvertToInt() || e.getValue().asInt() < 0) {
                    throw new AllocatorFormatException(source + ": gpu_caps." + e.getKey()
                            + " must be a whole number of GPUs >= 0, was " + e.getValue());
                }
                caps.put(e.getKey(), e.getValue().asInt());
            }
        }
        try {
            AllocationProblem problem = new AllocationProblem(buckets, rate, candidates, sliceFactor, caps, headroom,
                    Double.isNaN(budget) ? AllocationMode.MIN_COST : AllocationMode.MAX_GOODPUT_WITHIN_BUDGET, budget);
            return new AllocatorInput(text(root, "name", "", source, "name"), problem, priceKind);
        } catch (IllegalArgumentException e) {
            throw new AllocatorFormatException(source + ": " + e.getMessage(), e);
        }
    }

    private static List<WorkloadBucket> buckets(JsonNode node, String source) {
        if (node == null || !node.isArray() || node.isEmpty()) {
            throw new AllocatorFormatException(source + ": buckets must be a non-empty list of "
                    + "{\"input_tokens\": [min, max], \"output_tokens\": [min, max], \"share\": s}");
        }
        List<WorkloadBucket> buckets = new ArrayList<>();
        for (int i = 0; i < node.size(); i++) {
            JsonNode b = node.get(i);
            String field = "buckets[" + i + "]";
            if (!b.isObject()) {
                throw new AllocatorFormatException(source + ": " + field + " must be an object");
            }
            checkKeys(b, BUCKET, source, field);
            int[] in = range(b.get("input_tokens"), source, field + ".input_tokens");
            int[] out = range(b.get("output_tokens"), source, field + ".output_tokens");
            double share = number(b, "share", Double.NaN, source, field + ".share");
            if (!(share >= 0)) {
                throw new AllocatorFormatException(source + ": " + field + ".share must be a number >= 0, was "
                        + b.get("share"));
            }
            String name = text(b, "name", WorkloadBucket.rangeName(in[0], in[1], out[0], out[1]), source, field + ".name");
            buckets.add(new WorkloadBucket(name, in[0], in[1], out[0], out[1], share));
        }
        return buckets;
    }

    private static List<AllocationCandidate> candidates(JsonNode node, Map<String, Integer> bucketIndex,
                                                        PriceKind priceKind, String source) {
        if (node == null || !node.isArray() || node.isEmpty()) {
            throw new AllocatorFormatException(source + ": candidates must be a non-empty list");
        }
        List<AllocationCandidate> out = new ArrayList<>();
        for (int i = 0; i < node.size(); i++) {
            JsonNode c = node.get(i);
            String field = "candidates[" + i + "]";
            if (!c.isObject()) {
                throw new AllocatorFormatException(source + ": " + field + " must be an object");
            }
            checkKeys(c, CANDIDATE, source, field);
            String gpuType = text(c, "gpu_type", null, source, field + ".gpu_type");
            if (gpuType == null || gpuType.isBlank()) {
                throw new AllocatorFormatException(source + ": " + field + ".gpu_type is required");
            }
            int tp = integer(c, "tensor_parallel", 1, source, field + ".tensor_parallel");
            int pp = integer(c, "pipeline_parallel", 1, source, field + ".pipeline_parallel");
            int gpus = integer(c, "gpus", tp * pp, source, field + ".gpus");
            if (gpus != tp * pp && (c.has("tensor_parallel") || c.has("pipeline_parallel"))) {
                throw new AllocatorFormatException(source + ": " + field + ".gpus is " + gpus
                        + " but tensor_parallel x pipeline_parallel is " + tp * pp);
            }
            String defaultName = gpuType + (tp > 1 || pp > 1 ? " TP" + tp + (pp > 1 ? " PP" + pp : "")
                    : gpus > 1 ? " x" + gpus : "");
            String name = text(c, "name", defaultName, source, field + ".name");
            double cost = cost(c, gpus, priceKind, source, field + " (" + name + ")");
            ThroughputSource tsource;
            String ts = text(c, "throughput_source", "measured_imported", source, field + ".throughput_source");
            try {
                tsource = ThroughputSource.valueOf(ts.trim().toUpperCase(Locale.ROOT).replace('-', '_'));
            } catch (IllegalArgumentException e) {
                throw new AllocatorFormatException(source + ": " + field + ".throughput_source is '" + ts
                        + "'; use simulated or measured_imported", e);
            }
            List<Double> tputs = throughputs(c.get("throughput_rps"), bucketIndex, source, field + ".throughput_rps");
            try {
                out.add(new AllocationCandidate(name, gpuType, gpus, cost, tputs, tsource));
            } catch (IllegalArgumentException e) {
                throw new AllocatorFormatException(source + ": " + field + ": " + e.getMessage(), e);
            }
        }
        return out;
    }

    private static double cost(JsonNode c, int gpus, PriceKind kind, String source, String field) {
        JsonNode replicaCost = c.get("cost_usd_per_hour");
        JsonNode perGpu = c.get("price_usd_per_gpu_hour");
        if ((replicaCost == null) == (perGpu == null)) {
            throw new AllocatorFormatException(source + ": " + field
                    + " needs exactly one of cost_usd_per_hour (whole replica) or price_usd_per_gpu_hour");
        }
        if (replicaCost != null) {
            return number(c, "cost_usd_per_hour", Double.NaN, source, field + ".cost_usd_per_hour");
        }
        if (perGpu.isNumber()) {
            return gpus * perGpu.asDouble();
        }
        if (!perGpu.isObject()) {
            throw new AllocatorFormatException(source + ": " + field
                    + ".price_usd_per_gpu_hour must be a number or an object of on_demand/spot/reserved_1y (or reserved)/reserved_3y/owned prices");
        }
        String key = kind.key();
        JsonNode price = perGpu.get(key);
        if (price == null && kind == PriceKind.RESERVED_1Y) {
            key = "reserved"; // the one-year term, as files written before the terms were told apart call it
            price = perGpu.get(key);
        }
        if (price == null || !price.isNumber()) {
            throw new AllocatorFormatException(source + ": " + field + ".price_usd_per_gpu_hour has no " + key
                    + " price, and price_kind is " + key);
        }
        return gpus * price.asDouble();
    }

    private static List<Double> throughputs(JsonNode node, Map<String, Integer> bucketIndex, String source,
                                            String field) {
        List<Double> tputs = new ArrayList<>();
        for (int b = 0; b < bucketIndex.size(); b++) {
            tputs.add(0.0);
        }
        if (node == null || node.isNull()) {
            throw new AllocatorFormatException(source + ": " + field + " is required: an object of bucket name to "
                    + "req/s (buckets left out cannot be served), or a list in bucket order");
        }
        if (node.isArray()) {
            if (node.size() != bucketIndex.size()) {
                throw new AllocatorFormatException(source + ": " + field + " lists " + node.size()
                        + " values but there are " + bucketIndex.size() + " buckets");
            }
            for (int b = 0; b < node.size(); b++) {
                tputs.set(b, throughput(node.get(b), source, field + "[" + b + "]"));
            }
            return tputs;
        }
        if (!node.isObject()) {
            throw new AllocatorFormatException(source + ": " + field + " must be an object or a list");
        }
        for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            Integer b = bucketIndex.get(e.getKey());
            if (b == null) {
                throw new AllocatorFormatException(source + ": " + field + " names bucket '" + e.getKey()
                        + "', which is not among the buckets " + bucketIndex.keySet());
            }
            tputs.set(b, throughput(e.getValue(), source, field + "." + e.getKey()));
        }
        return tputs;
    }

    private static double throughput(JsonNode v, String source, String field) {
        if (v.isNull()) {
            return 0.0;
        }
        if (!v.isNumber() || v.asDouble() < 0) {
            throw new AllocatorFormatException(source + ": " + field + " must be a throughput >= 0 req/s, was " + v);
        }
        return v.asDouble();
    }

    private static int[] range(JsonNode node, String source, String field) {
        if (node == null || !node.isArray() || node.size() != 2 || !node.get(0).isIntegralNumber()
                || !node.get(1).isIntegralNumber() || !node.get(0).canConvertToInt() || !node.get(1).canConvertToInt()
                || node.get(0).asInt() < 0 || node.get(1).asInt() < node.get(0).asInt()) {
            throw new AllocatorFormatException(source + ": " + field + " must be [min, max] token counts with "
                    + "0 <= min <= max, was " + node);
        }
        return new int[] {node.get(0).asInt(), node.get(1).asInt()};
    }

    private static void checkKeys(JsonNode node, Set<String> allowed, String source, String where) {
        for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
            String key = it.next();
            if (!allowed.contains(key)) {
                throw new AllocatorFormatException(source + ": unknown field '" + key + "' at " + where
                        + "; allowed: " + new java.util.TreeSet<>(allowed));
            }
        }
    }

    private static String text(JsonNode node, String key, String fallback, String source, String field) {
        JsonNode v = node.get(key);
        if (v == null || v.isNull()) {
            return fallback;
        }
        if (!v.isTextual()) {
            throw new AllocatorFormatException(source + ": " + field + " must be a string, was " + v);
        }
        return v.asText();
    }

    private static double number(JsonNode node, String key, double fallback, String source, String field) {
        JsonNode v = node.get(key);
        if (v == null || v.isNull()) {
            return fallback;
        }
        if (!v.isNumber()) {
            throw new AllocatorFormatException(source + ": " + field + " must be a number, was " + v);
        }
        return v.asDouble();
    }

    private static int integer(JsonNode node, String key, int fallback, String source, String field) {
        JsonNode v = node.get(key);
        if (v == null || v.isNull()) {
            return fallback;
        }
        if (!v.isIntegralNumber() || !v.canConvertToInt()) {
            throw new AllocatorFormatException(source + ": " + field + " must be a whole number, was " + v);
        }
        return v.asInt();
    }
}

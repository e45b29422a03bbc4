package io.fleetwise.planner.study;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fleetwise.planner.catalog.Catalog;
import io.fleetwise.planner.cluster.ClusterFiles;
import io.fleetwise.planner.cluster.ClusterFormatException;
import io.fleetwise.planner.model.Cluster;
import io.fleetwise.planner.model.Slo;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Reads and writes the study document as JSON ({@code "format": "fleetwise-study/1"}, docs/study-format.md): the
 * payload of the studies table and the export/import file. GPU types are stored by name and resolved against the
 * catalog on reading, so prices follow the catalog (and its overrides). Unknown top-level fields are ignored.
 */
public final class StudyJson {

    public static final String FORMAT = "fleetwise-study/1";
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private StudyJson() {
    }

    public static String toJson(StudyDocument doc) {
        ObjectNode root = JSON.createObjectNode();
        root.put("format", FORMAT);
        root.put("name", doc.name());
        root.put("description", doc.description());
        Cluster cluster = doc.cluster().orElse(null);
        if (cluster == null) {
            root.putNull("cluster");
        } else {
            root.set("cluster", tree(ClusterFiles.toJson(cluster)));
        }
        root.put("model", doc.modelName());
        // derived, for readers that only want the GPU types in play (the Fleet area's candidate list); not read back
        ArrayNode gpuTypes = root.putArray("gpuTypes");
        doc.nodeGroups().stream().map(g -> g.gpu().name()).distinct().forEach(gpuTypes::add);
        ObjectNode w = root.putObject("workload");
        WorkloadSpec spec = doc.workload();
        w.put("source", spec.source().name().toLowerCase(Locale.ROOT));
        w.put("lengthPreset", spec.lengthPreset());
        w.put("ratePerS", spec.ratePerS());
        w.put("burstinessCv", spec.burstinessCv());
        w.put("diurnalAmplitude", spec.diurnalAmplitude());
        w.put("requests", spec.requests());
        w.put("seed", spec.seed());
        w.put("traceFile", spec.traceFile());
        ObjectNode s = root.putObject("slo");
        Slo slo = doc.slo();
        putTarget(s, "ttftMs", slo.ttftMs());
        putTarget(s, "tpotMs", slo.tpotMs());
        putTarget(s, "e2eMs", slo.e2eMs());
        s.put("attainment", slo.attainment());
        ObjectNode results = root.putObject("results");
        doc.results().forEach(results::set);
        ArrayNode runs = root.putArray("runIds");
        doc.runIds().forEach(runs::add);
        ArrayNode traces = root.putArray("traceIds");
        doc.traceIds().forEach(traces::add);
        try {
            return JSON.writeValueAsString(root);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Cannot write study JSON", e);
        }
    }

    public static void write(StudyDocument doc, Path file) throws IOException {
        Files.writeString(file, toJson(doc));
    }

    public static StudyDocument read(Path file, Catalog catalog) throws IOException {
        return parse(file.toString(), io.fleetwise.planner.ingest.InputFiles.readText(file, "Study file",
                io.fleetwise.planner.ingest.InputLimits.MAX_CONFIG_BYTES), catalog, null);
    }

    /**
     * Parses a study. {@code fallbackName} names a document that has no "name" field (payloads written before
     * this format held only a model and a description); null makes the name required.
     */
    public static StudyDocument parse(String source, String json, Catalog catalog, String fallbackName) {
        JsonNode root;
        try {
            root = JSON.readTree(json);
        } catch (JsonProcessingException e) {
            long line = e.getLocation() == null ? 0 : e.getLocation().getLineNr();
            throw new StudyFormatException(source + " line " + line + ": not valid JSON: " + e.getOriginalMessage());
        }
        if (root == null || !root.isObject()) {
            throw new StudyFormatException(source + ": expected a JSON object (a " + FORMAT + " study)");
        }
        JsonNode format = root.get("format");
        if (format != null && !FORMAT.equals(format.asText())) {
            throw new StudyFormatException(source + ": field 'format' is '" + format.asText() + "', this version reads "
                    + FORMAT + ". Maybe the file is a cluster file (open it in the Cluster area) or from a newer Fleetwise.");
        }
        String name = root.hasNonNull("name") ? root.get("name").asText() : fallbackName;
        if (name == null || name.isBlank()) {
            throw new StudyFormatException(source + ": field 'name' is missing or empty");
        }
        StudyDocument doc = StudyDocument.empty(name.trim()).withDescription(root.path("description").asText(""));
        JsonNode cluster = root.get("cluster");
        if (cluster != null && !cluster.isNull()) {
            if (!cluster.isObject()) {
                throw new StudyFormatException(source + ": field 'cluster' must be an object (" + ClusterFiles.FORMAT + ") or null");
            }
            try {
                Cluster c = ClusterFiles.parse(source + " cluster", cluster.toString(), catalog);
                doc = doc.withCluster(c.name(), c.groups());
            } catch (ClusterFormatException e) {
                throw new StudyFormatException(e.getMessage());
            }
        }
        if (root.has("model")) {
            String model = text(source, root, "model");
            if (!model.isEmpty() && catalog.models().stream().noneMatch(m -> m.name().equals(model))) {
                throw new StudyFormatException(source + ": field 'model': no model '" + model
                        + "' in the catalog. Maybe import its config.json in the Catalog area first.");
            }
            doc = doc.withModelName(model);
        }
        if (root.has("workload")) {
            doc = doc.withWorkload(workload(source + ": field 'workload", root.get("workload"), doc.workload()));
        }
        if (root.has("slo")) {
            doc = doc.withSlo(slo(source + ": field 'slo", root.get("slo"), doc.slo()));
        }
        JsonNode results = root.get("results");
        if (results != null && !results.isNull()) {
            if (!results.isObject()) {
                throw new StudyFormatException(source + ": field 'results' must be an object of named results");
            }
            Map<String, JsonNode> map = new LinkedHashMap<>();
            Iterator<Map.Entry<String, JsonNode>> it = results.fields();
            while (it.hasNext()) {
                Map.Entry<String, JsonNode> e = it.next();
                map.put(e.getKey(), e.getValue());
            }
            for (Map.Entry<String, JsonNode> e : map.entrySet()) {
                doc = doc.withResult(e.getKey(), e.getValue());
            }
        }
        for (long id : ids(source, root, "runIds")) {
            doc = doc.withRunId(id);
        }
        for (long id : ids(source, root, "traceIds")) {
            doc = doc.withTraceId(id);
        }
        return doc;
    }

    private static WorkloadSpec workload(String where, JsonNode node, WorkloadSpec defaults) {
        if (!node.isObject()) {
            throw new StudyFormatException(where + "' must be an object");
        }
        String sourceText = node.path("source").asText(defaults.source().name()).toUpperCase(Locale.ROOT);
        WorkloadSpec.Source kind;
        try {
            kind = WorkloadSpec.Source.valueOf(sourceText);
        } catch (IllegalArgumentException e) {
            throw new StudyFormatException(where + ".source' is '" + node.path("source").asText()
                    + "'; use preset, generator or trace");
        }
        try {
            return new WorkloadSpec(kind, node.path("lengthPreset").asText(defaults.lengthPreset()),
                    number(where, node, "ratePerS", defaults.ratePerS()),
                    number(where, node, "burstinessCv", defaults.burstinessCv()),
                    number(where, node, "diurnalAmplitude", defaults.diurnalAmplitude()),
                    requests(where, node, defaults.requests()),
                    seed(where, node, defaults.seed()),
                    node.path("traceFile").asText(""));
        } catch (StudyFormatException e) {
            throw e;
        } catch (IllegalArgumentException e) {
            throw new StudyFormatException(where + "': " + e.getMessage());
        }
    }

    private static Slo slo(String where, JsonNode node, Slo defaults) {
        if (!node.isObject()) {
            throw new StudyFormatException(where + "' must be an object");
        }
        try {
            return new Slo(number(where, node, "ttftMs", defaults.ttftMs()), number(where, node, "tpotMs", defaults.tpotMs()),
                    number(where, node, "e2eMs", Double.POSITIVE_INFINITY),
                    number(where, node, "attainment", defaults.attainment()));
        } catch (IllegalArgumentException e) {
            throw new StudyFormatException(where + "': " + e.getMessage());
        }
    }

    /** A number field; JSON null means "no target" (infinity), absence means the default. */
    /** The seed as written: read through a double, 9007199254740993 would come back as ...992, another workload. */
    private static long seed(String where, JsonNode node, long whenAbsent) {
        JsonNode v = node.get("seed");
        if (v == null) {
            return whenAbsent;
        }
        if (v.isIntegralNumber() && v.canConvertToLong()) {
            return v.asLong();
        }
        if (v.isNumber() && v.asDouble() == Math.rint(v.asDouble()) && Math.abs(v.asDouble()) <= 9.007199254740992e15) {
            return (long) v.asDouble();
        }
        throw new StudyFormatException(where + ".seed' must be a whole number from " + Long.MIN_VALUE + " to " + Long.MAX_VALUE
                + ", was " + io.fleetwise.planner.ingest.InputText.quote(v));
    }

    /** An exact whole number of requests: null, 1.5 or 4294967297 are refused, not turned into another count. */
    private static int requests(String where, JsonNode node, int whenAbsent) {
        JsonNode v = node.get("requests");
        if (v == null) {
            return whenAbsent;
        }
        if (!v.isIntegralNumber() || !v.canConvertToInt() || v.asInt() < 1
                || v.asInt() > io.fleetwise.planner.ingest.InputLimits.MAX_REQUESTS) {
            throw new StudyFormatException(where + ".requests' must be a whole number from 1 to "
                    + io.fleetwise.planner.ingest.InputLimits.MAX_REQUESTS + ", was "
                    + io.fleetwise.planner.ingest.InputText.quote(v));
        }
        return v.asInt();
    }

    private static double number(String where, JsonNode node, String field, double whenAbsent) {
        JsonNode v = node.get(field);
        if (v == null) {
            return whenAbsent;
        }
        if (v.isNull()) {
            return Double.POSITIVE_INFINITY;
        }
        if (!v.isNumber()) {
            throw new StudyFormatException(where + "." + field + "' must be a number, was " + v);
        }
        return v.asDouble();
    }

    private static String text(String source, JsonNode root, String field) {
        JsonNode v = root.get(field);
        if (v.isNull()) {
            return "";
        }
        if (!v.isTextual()) {
            throw new StudyFormatException(source + ": field '" + field + "' must be a string, was " + v);
        }
        return v.asText().trim();
    }

    private static List<Long> ids(String source, JsonNode root, String field) {
        JsonNode v = root.get(field);
        List<Long> out = new ArrayList<>();
        if (v == null || v.isNull()) {
            return out;
        }
        if (!v.isArray()) {
            throw new StudyFormatException(source + ": field '" + field + "' must be an array of ids");
        }
        for (int i = 0; i < v.size(); i++) {
            if (!v.get(i).isIntegralNumber()) {
                throw new StudyFormatException(source + ": field '" + field + "[" + i + "]' must be a whole number, was " + v.get(i));
            }
            out.add(v.get(i).asLong());
        }
        return out;
    }

    private static void putTarget(ObjectNode o, String field, double value) {
        if (Double.isInfinite(value)) {
            o.putNull(field);
        } else {
            o.put(field, value);
        }
    }

    private static JsonNode tree(String json) {
        try {
            return JSON.readTree(json);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Cannot re-read cluster JSON", e);
        }
    }
}

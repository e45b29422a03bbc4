package io.fleetwise.planner.sweep;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fleetwise.planner.ingest.InputException;
import io.fleetwise.planner.ingest.InputFiles;
import io.fleetwise.planner.model.DType;
import io.fleetwise.planner.model.Slo;
import io.fleetwise.planner.sim.CapacitySearch;
import io.fleetwise.planner.study.WhatIfSettings;
import io.fleetwise.planner.workload.FixedLengths;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * Reads SPEC.json ({@code fleetwise-sweep/1}, docs/scale-out.md has the format with an example). Every mistake is one
 * line naming the file and the field ({@code sweep.json: slos[1].tpotMs: must be a number > 0, was "fast"}), and an
 * unknown field is refused rather than ignored, so a typo never silently sweeps the default.
 */
public final class SweepSpecJson {
    /** A spec is a few kilobytes; anything near this is not one. */
    private static final long MAX_BYTES = 4L << 20;
    /** Cells one spec may ask for: a few days of a 100-executor cluster at the demo's cell cost. */
    public static final int MAX_CELLS = 2_000_000;

    private static final Set<String> FIELDS = Set.of("format", "name", "models", "gpuTypes", "replicas", "weightDtypes",
            "lengths", "slos", "engines", "calibration", "search", "whatIf", "parquet");
    private static final ObjectMapper JSON = new ObjectMapper();

    private final String file;

    private SweepSpecJson(String file) {
        this.file = file;
    }

    /** @throws InputException naming the file and field at fault */
    public static SweepSpec read(Path path) {
        String text = InputFiles.readText(path, "Sweep spec", MAX_BYTES);
        return parse(text, path.getFileName() == null ? path.toString() : path.getFileName().toString());
    }

    /** @param file what messages call the text (the file name) */
    public static SweepSpec parse(String text, String file) {
        return new SweepSpecJson(file).parse(text);
    }

    private SweepSpec parse(String text) {
        JsonNode root;
        try {
            root = JSON.readTree(text);
        } catch (JsonProcessingException e) {
            throw fail("not valid JSON (line " + e.getLocation().getLineNr() + ", column "
                    + e.getLocation().getColumnNr() + "): " + e.getOriginalMessage());
        }
        if (root == null || !root.isObject()) {
            throw fail("expected a JSON object with \"format\": \"" + SweepSpec.FORMAT + "\"");
        }
        String format = root.path("format").asText("");
        if (!SweepSpec.FORMAT.equals(format)) {
            throw fail("format: expected \"" + SweepSpec.FORMAT + "\", was \"" + format + "\"");
        }
        for (Iterator<String> names = root.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!FIELDS.contains(name)) {
                throw fail(name + ": unknown field (known: " + String.join(", ", new java.util.TreeSet<>(FIELDS)) + ")");
            }
        }
        String name = root.path("name").asText("sweep");
        List<String> models = texts(root, "models", false);
        List<String> gpuTypes = texts(root, "gpuTypes", models.isEmpty());
        List<SweepSpec.WhatIfEntry> whatIf = whatIf(root.get("whatIf"));
        if (models.isEmpty() && whatIf.isEmpty()) {
            throw fail("models: a sweep needs a grid (models, gpuTypes, lengths, slos) or whatIf entries");
        }
        boolean grid = !models.isEmpty();
        SweepSpec.ReplicaSizes replicas = replicas(root.get("replicas"));
        List<DType> dtypes = dtypes(root.get("weightDtypes"));
        List<FixedLengths> lengths = grid ? lengths(root.get("lengths")) : List.of();
        List<Slo> slos = grid ? slos(root.get("slos")) : List.of();
        List<String> engines = texts(root, "engines", true);
        String calibration = root.path("calibration").asText(SweepSpec.LATEST).trim().toLowerCase(Locale.ROOT);
        if (!calibration.equals(SweepSpec.LATEST) && !calibration.equals(SweepSpec.BUILTIN)) {
            throw fail("calibration: expected \"latest\" or \"builtin\", was \"" + calibration + "\"");
        }
        CapacitySearch.Options search = search(root.get("search"));
        Optional<String> parquet = root.hasNonNull("parquet") ? Optional.of(root.get("parquet").asText())
                : Optional.empty();
        long cells = (long) models.size() * gpuTypes.size() * Math.max(1, replicas.explicit()
                ? replicas.tp().size() * replicas.pp().size() : replicas.sizesPerGpuType())
                * dtypes.size() * lengths.size() * slos.size() * Math.max(1, engines.size());
        if (cells > MAX_CELLS) {
            throw fail(String.format(Locale.ROOT, "the grid asks for up to %,d cells, more than the %,d one spec may "
                    + "hold; split it into several specs", cells, MAX_CELLS));
        }
        return new SweepSpec(name, models, gpuTypes, replicas, dtypes, lengths, slos, engines, calibration, search,
                whatIf, parquet);
    }

    private List<String> texts(JsonNode root, String field, boolean optional) {
        JsonNode node = root.get(field);
        if (node == null || node.isNull()) {
            if (optional) {
                return List.of();
            }
            if (field.equals("models")) {
                return List.of();
            }
            throw fail(field + ": missing (a list of names)");
        }
        if (!node.isArray()) {
            throw fail(field + ": expected a list of names, was " + node.getNodeType().name().toLowerCase(Locale.ROOT));
        }
        Set<String> out = new LinkedHashSet<>();
        for (int i = 0; i < node.size(); i++) {
            JsonNode n = node.get(i);
            if (!n.isTextual() || n.asText().isBlank()) {
                throw fail(field + "[" + i + "]: expected a name, was " + n);
            }
            if (!out.add(n.asText().trim())) {
                throw fail(field + "[" + i + "]: \"" + n.asText() + "\" is listed twice");
            }
        }
        if (out.isEmpty() && !optional) {
            throw fail(field + ": empty; name at least one");
        }
        return new ArrayList<>(out);
    }

    private SweepSpec.ReplicaSizes replicas(JsonNode node) {
        if (node == null || node.isNull()) {
            return new SweepSpec.ReplicaSizes(1, List.of(), List.of());
        }
        if (!node.isObject()) {
            throw fail("replicas: expected {\"sizesPerGpuType\": N} or {\"tp\": [...], \"pp\": [...]}");
        }
        if (node.has("tp")) {
            List<Integer> tp = ints(node.get("tp"), "replicas.tp", 1, 64);
            List<Integer> pp = node.has("pp") ? ints(node.get("pp"), "replicas.pp", 1, 64) : List.of(1);
            return new SweepSpec.ReplicaSizes(0, tp, pp);
        }
        if (node.has("pp")) {
            throw fail("replicas.pp: give tp with it (\"tp\": [1, 2, 4, 8])");
        }
        return new SweepSpec.ReplicaSizes(wholeNumber(node.get("sizesPerGpuType"), "replicas.sizesPerGpuType", 1, 8),
                List.of(), List.of());
    }

    private List<DType> dtypes(JsonNode node) {
        if (node == null || node.isNull()) {
            return List.of(DType.BF16);
        }
        if (!node.isArray() || node.isEmpty()) {
            throw fail("weightDtypes: expected a non-empty list such as [\"bf16\", \"fp8\"]");
        }
        Set<DType> out = new LinkedHashSet<>();
        for (int i = 0; i < node.size(); i++) {
            try {
                out.add(DType.parse(node.get(i).asText()));
            } catch (IllegalArgumentException e) {
                throw fail("weightDtypes[" + i + "]: " + e.getMessage());
            }
        }
        return new ArrayList<>(out);
    }

    private List<FixedLengths> lengths(JsonNode node) {
        if (node == null || !node.isObject()) {
            throw fail("lengths: missing; expected {\"input\": [tokens...], \"output\": [tokens...]}");
        }
        List<Integer> input = ints(node.get("input"), "lengths.input", 1, 10_000_000);
        List<Integer> output = ints(node.get("output"), "lengths.output", 1, 1_000_000);
        List<FixedLengths> out = new ArrayList<>();
        for (int in : input) {
            for (int o : output) {
                out.add(new FixedLengths(in, o));
            }
        }
        return out;
    }

    private List<Slo> slos(JsonNode node) {
        if (node == null || !node.isArray() || node.isEmpty()) {
            throw fail("slos: missing; expected a list such as [{\"ttftMs\": 2000, \"tpotMs\": 100, \"attainment\": 0.9}]");
        }
        List<Slo> out = new ArrayList<>();
        for (int i = 0; i < node.size(); i++) {
            JsonNode s = node.get(i);
            String at = "slos[" + i + "]";
            if (!s.isObject()) {
                throw fail(at + ": expected an object with ttftMs, tpotMs, attainment (and e2eMs)");
            }
            double ttft = positive(s.get("ttftMs"), at + ".ttftMs");
            double tpot = positive(s.get("tpotMs"), at + ".tpotMs");
            double e2e = s.hasNonNull("e2eMs") ? positive(s.get("e2eMs"), at + ".e2eMs") : Double.POSITIVE_INFINITY;
            double attainment = s.hasNonNull("attainment") ? positive(s.get("attainment"), at + ".attainment") : 0.9;
            if (attainment > 1) {
                throw fail(at + ".attainment: must be in (0, 1], was " + attainment);
            }
            out.add(new Slo(ttft, tpot, e2e, attainment));
        }
        return out;
    }

    private CapacitySearch.Options search(JsonNode node) {
        CapacitySearch.Options d = CapacitySearch.Options.defaults();
        if (node == null || node.isNull()) {
            return d;
        }
        if (!node.isObject()) {
            throw fail("search: expected {\"requests\": N, \"seed\": N, \"tolerance\": F, \"maxSimulations\": N}");
        }
        int requests = node.has("requests") ? wholeNumber(node.get("requests"), "search.requests", 10, 1_000_000)
                : d.requests();
        long seed = node.has("seed") ? wholeNumber(node.get("seed"), "search.seed", 0, Integer.MAX_VALUE) : d.seed();
        double tolerance = node.has("tolerance") ? positive(node.get("tolerance"), "search.tolerance") : d.relTolerance();
        if (tolerance >= 1) {
            throw fail("search.tolerance: must be in (0, 1), was " + tolerance);
        }
        int max = node.has("maxSimulations") ? wholeNumber(node.get("maxSimulations"), "search.maxSimulations", 1, 200)
                : d.maxSimulations();
        return new CapacitySearch.Options(requests, seed, tolerance, max);
    }

    private List<SweepSpec.WhatIfEntry> whatIf(JsonNode node) {
        if (node == null || node.isNull()) {
            return List.of();
        }
        if (!node.isArray()) {
            throw fail("whatIf: expected a list such as [{\"study\": \"Demo study\", \"sweep\": \"tpot:40:120:5\"}]");
        }
        List<SweepSpec.WhatIfEntry> out = new ArrayList<>();
        for (int i = 0; i < node.size(); i++) {
            JsonNode e = node.get(i);
            String study = e.path("study").asText("");
            String sweep = e.path("sweep").asText("");
            if (study.isBlank() || sweep.isBlank()) {
                throw fail("whatIf[" + i + "]: expected {\"study\": NAME, \"sweep\": \"tpot:FROM:TO:POINTS\"}");
            }
            int requests = e.has("requests") ? wholeNumber(e.get("requests"), "whatIf[" + i + "].requests",
                    WhatIfSettings.MIN_REQUESTS_PER_SEARCH, 1_000_000) : WhatIfSettings.DEFAULT_REQUESTS_PER_SEARCH;
            out.add(new SweepSpec.WhatIfEntry(study.trim(), sweep.trim(), requests));
        }
        return out;
    }

    private List<Integer> ints(JsonNode node, String field, int min, int max) {
        if (node == null || !node.isArray() || node.isEmpty()) {
            throw fail(field + ": expected a non-empty list of whole numbers");
        }
        Set<Integer> out = new LinkedHashSet<>();
        for (int i = 0; i < node.size(); i++) {
            out.add(wholeNumber(node.get(i), field + "[" + i + "]", min, max));
        }
        return new ArrayList<>(out);
    }

    private int wholeNumber(JsonNode node, String field, int min, int max) {
        if (node == null || !node.isIntegralNumber() || node.longValue() < min || node.longValue() > max) {
            throw fail(field + ": must be a whole number from " + min + " to " + max + ", was " + node);
        }
        return node.intValue();
    }

    private double positive(JsonNode node, String field) {
        if (node == null || !node.isNumber() || !(node.doubleValue() > 0) || Double.isInfinite(node.doubleValue())) {
            throw fail(field + ": must be a number > 0, was " + node);
        }
        return node.doubleValue();
    }

    private InputException fail(String message) {
        return new InputException(file + ": " + message);
    }
}

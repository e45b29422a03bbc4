package io.fleetwise.datastore.study;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fleetwise.datastore.fleet.SavedAllocation;
import io.fleetwise.planner.alloc.AllocationProblem;
import io.fleetwise.planner.alloc.AllocationResult;
import io.fleetwise.planner.alloc.AllocatorFormatException;
import io.fleetwise.planner.alloc.format.AllocationJson;
import io.fleetwise.planner.catalog.Catalog;
import io.fleetwise.planner.catalog.UserGpuType;
import io.fleetwise.planner.model.ModelSpec;
import io.fleetwise.planner.plan.FleetPlan;
import io.fleetwise.planner.plan.FleetPlanJson;
import io.fleetwise.planner.plan.PlanStore;
import io.fleetwise.planner.ingest.InputText;
import io.fleetwise.planner.study.StudyDocument;
import io.fleetwise.planner.study.StudyFormatException;
import io.fleetwise.planner.study.StudyJson;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The study export file: everything a study owns in one JSON document with a version. Version 1
 * ({@code fleetwise-study/1}) is the study document alone; version 2 ({@code fleetwise-study/2}, field
 * {@code formatVersion: 2}) adds the study's saved fleet allocations (problem, plan, saving, time); version 3 adds
 * the GPU types of the user's own and the imported model the study uses ({@code userGpuTypes}, {@code userModels}), without
 * which another Fleetwise cannot even read the study; version 4 adds the study's fleet plans ({@code plans}: each plan
 * as {@code fleetwise-plan/1} with its provenance and input fingerprint, the allocator's problem and mix behind it,
 * {@code leftOut} when that allocation left requests out, and the runs measured or simulated against it; a run's trace
 * stays behind, as traces do not travel). The price choice and a saved schedule are study results and travel inside
 * the document. Every version ever written is read; a file from a newer Fleetwise is refused with its
 * version named. Golden files of each version are in the tests.
 */
public final class StudyArchive {
    public static final int CURRENT_VERSION = 4;
    public static final String FORMAT_PREFIX = "fleetwise-study/";
    /** Version 3's fields for the user's GPU types and imported models (the document's own gpuTypes lists names). */
    public static final String USER_GPU_TYPES = "userGpuTypes";
    public static final String USER_MODELS = "userModels";
    /** Version 4's field for the study's fleet plans. */
    public static final String PLANS = "plans";
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT)
            .disable(com.fasterxml.jackson.databind.DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    private StudyArchive() {
    }

    /**
     * A study as read from an export file, with the allocations it carried (none for version 1) and the user's GPU
     * types and models it uses (none before version 3).
     */
    public record Contents(int version, StudyDocument document, List<ArchivedAllocation> allocations,
                           List<UserGpuType> gpuTypes, List<ModelSpec> models, List<ArchivedPlan> plans) {
        public Contents {
            allocations = List.copyOf(allocations);
            gpuTypes = List.copyOf(gpuTypes);
            models = List.copyOf(models);
            plans = List.copyOf(plans);
        }
    }

    /** A fleet plan as it travels: no ids (the importing database assigns them), its runs oldest first. */
    public record ArchivedPlan(Instant createdAt, FleetPlan plan, Optional<PlanStore.Allocation> allocation,
                               List<ArchivedRun> runs) {
        public ArchivedPlan {
            Objects.requireNonNull(plan, "plan");
            Objects.requireNonNull(allocation, "allocation");
            runs = List.copyOf(runs);
        }
    }

    /** A run of a plan as it travels: without its trace id, which means nothing in another database. */
    public record ArchivedRun(Instant createdAt, String kind, String label, Map<String, Double> metrics) {
        public ArchivedRun {
            metrics = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(metrics));
        }
    }

    /** What a study uses of the user's catalog: its own GPU types and imported models (empty when it uses none). */
    public record OwnCatalog(List<UserGpuType> gpuTypes, List<ModelSpec> models) {
        public static final OwnCatalog NONE = new OwnCatalog(List.of(), List.of());

        public OwnCatalog {
            gpuTypes = List.copyOf(gpuTypes);
            models = List.copyOf(models);
        }
    }

    /** An allocation as it travels in the file: no ids, which the importing database assigns. */
    public record ArchivedAllocation(String name, Instant createdAt, AllocationProblem problem, AllocationResult result,
                                     double savingPercent) {
        public static ArchivedAllocation of(SavedAllocation saved) {
            return new ArchivedAllocation(saved.name(), saved.createdAt(), saved.problem(), saved.result(), saved.savingPercent());
        }
    }

    /** The current version's text for a study and its allocations, using no GPU type or model of the user's. */
    public static String write(StudyDocument doc, List<ArchivedAllocation> allocations) {
        return write(doc, allocations, OwnCatalog.NONE);
    }

    /** The current version's text for a study, its allocations and the user's GPU types and models it uses. */
    public static String write(StudyDocument doc, List<ArchivedAllocation> allocations, OwnCatalog own) {
        return write(doc, allocations, own, List.of());
    }

    /** The current version's text for everything a study owns, its fleet plans included. */
    public static String write(StudyDocument doc, List<ArchivedAllocation> allocations, OwnCatalog own,
                               List<ArchivedPlan> plans) {
        try {
            ObjectNode root = (ObjectNode) JSON.readTree(StudyJson.toJson(doc));
            ObjectNode out = JSON.createObjectNode();
            out.put("format", FORMAT_PREFIX + CURRENT_VERSION);
            out.put("formatVersion", CURRENT_VERSION);
            root.fields().forEachRemaining(e -> {
                if (!e.getKey().equals("format")) {
                    out.set(e.getKey(), e.getValue());
                }
            });
            ArrayNode types = out.putArray(USER_GPU_TYPES);
            for (UserGpuType t : own.gpuTypes()) {
                types.add(JSON.valueToTree(t));
            }
            ArrayNode models = out.putArray(USER_MODELS);
            for (ModelSpec m : own.models()) {
                models.add(JSON.valueToTree(m));
            }
            ArrayNode list = out.putArray("allocations");
            for (ArchivedAllocation a : allocations) {
                ObjectNode node = list.addObject();
                node.put("name", a.name());
                node.put("createdAt", a.createdAt().toString());
                if (Double.isFinite(a.savingPercent())) {
                    node.put("savingPercent", a.savingPercent());
                } else {
                    node.putNull("savingPercent");
                }
                node.set("problem", JSON.readTree(AllocationJson.writeProblem(a.problem())));
                node.set("result", JSON.readTree(AllocationJson.write(a.result())));
            }
            ArrayNode planList = out.putArray(PLANS);
            for (ArchivedPlan p : plans) {
                ObjectNode node = planList.addObject();
                node.put("createdAt", p.createdAt().toString());
                node.set("plan", FleetPlanJson.write(p.plan()));
                if (p.allocation().isPresent()) {
                    node.set("problem", JSON.readTree(AllocationJson.writeProblem(p.allocation().get().problem())));
                    node.set("result", JSON.readTree(AllocationJson.write(p.allocation().get().result())));
                    if (!p.allocation().get().leftOut().isEmpty()) {
                        node.put(LEFT_OUT, p.allocation().get().leftOut());
                    }
                }
                ArrayNode runs = node.putArray("runs");
                for (ArchivedRun r : p.runs()) {
                    ObjectNode run = runs.addObject();
                    run.put("createdAt", r.createdAt().toString());
                    run.put("kind", r.kind());
                    run.put("label", r.label());
                    ObjectNode metrics = run.putObject("metrics");
                    r.metrics().forEach((k, v) -> {
                        if (v != null && Double.isFinite(v)) {
                            metrics.put(k, v);
                        } else {
                            metrics.putNull(k);
                        }
                    });
                }
            }
            return JSON.writeValueAsString(out) + "\n";
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Cannot write the study export", e);
        }
    }

    /** Reads any version; nothing is half-read: a bad allocation refuses the whole file, naming its place. */
    public static Contents read(String source, String json, Catalog catalog) {
        JsonNode root;
        try {
            root = JSON.readTree(json);
        } catch (JsonProcessingException e) {
            long line = e.getLocation() == null ? 0 : e.getLocation().getLineNr();
            throw new StudyFormatException(source + " line " + line + ": not valid JSON: " + e.getOriginalMessage());
        }
        if (root == null || !root.isObject()) {
            throw new StudyFormatException(source + ": expected a JSON object (a " + FORMAT_PREFIX + CURRENT_VERSION + " study)");
        }
        int version = version(source, root);
        if (version == 1) {
            return new Contents(1, StudyJson.parse(source, json, catalog, null), List.of(), List.of(), List.of(), List.of());
        }
        ObjectNode study = ((ObjectNode) root).deepCopy();
        JsonNode allocations = study.remove("allocations");
        JsonNode planNodes = study.remove(PLANS);
        List<UserGpuType> gpuTypes = entries(source, USER_GPU_TYPES, study.remove(USER_GPU_TYPES), UserGpuType.class);
        List<ModelSpec> models = entries(source, USER_MODELS, study.remove(USER_MODELS), ModelSpec.class);
        study.remove("formatVersion");
        study.put("format", StudyJson.FORMAT);
        // the study names GPU types and a model the importing catalog may not have yet: read it with the file's
        Catalog readWith = withOwn(catalog, gpuTypes, models);
        StudyDocument doc = StudyJson.parse(source, study.toString(), readWith, null);
        List<ArchivedAllocation> list = new ArrayList<>();
        if (allocations != null && !allocations.isNull()) {
            if (!allocations.isArray()) {
                throw new StudyFormatException(source + ": field 'allocations' must be an array");
            }
            for (int i = 0; i < allocations.size(); i++) {
                list.add(allocation(source + ": allocations[" + i + "]", allocations.get(i)));
            }
        }
        List<ArchivedPlan> plans = new ArrayList<>();
        if (planNodes != null && !planNodes.isNull()) {
            if (!planNodes.isArray()) {
                throw new StudyFormatException(source + ": field '" + PLANS + "' must be an array");
            }
            for (int i = 0; i < planNodes.size(); i++) {
                plans.add(plan(source + ": " + PLANS + "[" + i + "]", planNodes.get(i), readWith));
            }
        }
        return new Contents(version, doc, list, gpuTypes, models, plans);
    }

    /** A plan's note on the requests its allocation left out; optional (absent: nothing was left out). */
    private static final String LEFT_OUT = "leftOut";

    private static String leftOut(String where, JsonNode node) {
        JsonNode n = node.get(LEFT_OUT);
        if (n == null || n.isNull()) {
            return "";
        }
        if (!n.isTextual()) {
            throw new StudyFormatException(where + "." + LEFT_OUT + " must be text (why requests were left out)");
        }
        return n.asText();
    }

    private static ArchivedPlan plan(String where, JsonNode node, Catalog catalog) {
        if (node == null || !node.isObject()) {
            throw new StudyFormatException(where + " must be an object with createdAt, plan and runs");
        }
        Instant createdAt = instant(where + ".createdAt", node.get("createdAt"));
        JsonNode planNode = node.get("plan");
        if (planNode == null || !planNode.isObject()) {
            throw new StudyFormatException(where + ".plan must be an object (a " + FleetPlanJson.FORMAT + " plan)");
        }
        FleetPlan plan;
        Optional<PlanStore.Allocation> allocation = Optional.empty();
        try {
            plan = FleetPlanJson.read(planNode, catalog, where + ".plan");
            JsonNode problem = node.get("problem");
            JsonNode result = node.get("result");
            if ((problem == null || problem.isNull()) != (result == null || result.isNull())) {
                throw new StudyFormatException(where + ": 'problem' and 'result' come together (the allocator's problem "
                        + "and the mix it solved) or not at all");
            }
            if (problem != null && !problem.isNull()) {
                allocation = Optional.of(new PlanStore.Allocation(
                        AllocationJson.readProblem(problem.toString(), where + ".problem"),
                        AllocationJson.read(result.toString(), where + ".result"), leftOut(where, node)));
            }
        } catch (StudyFormatException e) {
            throw e;
        } catch (IllegalArgumentException e) { // the plan's or the allocation's reader, naming the field
            throw new StudyFormatException(InputText.clip(e.getMessage()));
        }
        List<ArchivedRun> runs = new ArrayList<>();
        JsonNode runNodes = node.get("runs");
        if (runNodes != null && !runNodes.isNull()) {
            if (!runNodes.isArray()) {
                throw new StudyFormatException(where + ".runs must be an array");
            }
            for (int i = 0; i < runNodes.size(); i++) {
                runs.add(run(where + ".runs[" + i + "]", runNodes.get(i)));
            }
        }
        return new ArchivedPlan(createdAt, plan, allocation, runs);
    }

    private static ArchivedRun run(String where, JsonNode node) {
        if (node == null || !node.isObject()) {
            throw new StudyFormatException(where + " must be an object with createdAt, kind, label and metrics");
        }
        Instant createdAt = instant(where + ".createdAt", node.get("createdAt"));
        String kind = node.path("kind").asText("");
        if (!kind.equals(PlanStore.PlanRun.SIMULATION) && !kind.equals(PlanStore.PlanRun.EXECUTION)) {
            throw new StudyFormatException(where + ".kind must be '" + PlanStore.PlanRun.SIMULATION + "' or '"
                    + PlanStore.PlanRun.EXECUTION + "', was " + InputText.quote(node.get("kind")));
        }
        JsonNode label = node.get("label");
        if (label == null || !label.isTextual()) {
            throw new StudyFormatException(where + ".label must be a string, was " + InputText.quote(label));
        }
        JsonNode metricsNode = node.get("metrics");
        if (metricsNode == null || !metricsNode.isObject()) {
            throw new StudyFormatException(where + ".metrics must be an object of figures by name");
        }
        Map<String, Double> metrics = new java.util.LinkedHashMap<>();
        metricsNode.fields().forEachRemaining(e -> {
            if (e.getValue().isNull()) {
                metrics.put(e.getKey(), Double.NaN); // a figure that does not exist, as the plan store keeps it
            } else if (e.getValue().isNumber()) {
                metrics.put(e.getKey(), e.getValue().asDouble());
            } else {
                throw new StudyFormatException(where + ".metrics." + e.getKey() + " must be a number or null, was "
                        + InputText.quote(e.getValue()));
            }
        });
        return new ArchivedRun(createdAt, kind, label.asText(), metrics);
    }

    private static Instant instant(String where, JsonNode node) {
        try {
            return Instant.parse(node == null ? "" : node.asText(""));
        } catch (DateTimeParseException e) {
            throw new StudyFormatException(where + " must be an ISO-8601 instant such as 2026-11-22T23:00:00Z, was "
                    + InputText.quote(node));
        }
    }

    /** The catalog with the file's GPU types and models added where it has none of that name. */
    static Catalog withOwn(Catalog catalog, List<UserGpuType> gpuTypes, List<ModelSpec> models) {
        List<io.fleetwise.planner.model.GpuType> gpus = new ArrayList<>(catalog.gpus());
        for (UserGpuType t : gpuTypes) {
            if (gpus.stream().noneMatch(g -> g.name().equalsIgnoreCase(t.name()))) {
                gpus.add(t.toGpuType());
            }
        }
        List<ModelSpec> all = new ArrayList<>(catalog.models());
        for (ModelSpec m : models) {
            if (all.stream().noneMatch(known -> known.name().equals(m.name()))) {
                all.add(m);
            }
        }
        return new Catalog(gpus, all);
    }

    private static <T> List<T> entries(String source, String field, JsonNode array, Class<T> type) {
        if (array == null || array.isNull()) {
            return List.of();
        }
        if (!array.isArray()) {
            throw new StudyFormatException(source + ": field '" + field + "' must be an array");
        }
        List<T> out = new ArrayList<>();
        for (int i = 0; i < array.size(); i++) {
            JsonNode node = array.get(i);
            if (!node.isObject()) {
                throw new StudyFormatException(source + ": " + field + "[" + i + "] must be an object");
            }
            try {
                out.add(JSON.treeToValue(node, type));
            } catch (JsonProcessingException | IllegalArgumentException e) {
                Throwable cause = e.getCause() instanceof IllegalArgumentException ? e.getCause() : e;
                String why = cause instanceof JsonProcessingException j ? j.getOriginalMessage() : cause.getMessage();
                throw new StudyFormatException(InputText.clip(source + ": " + field + "[" + i + "]: " + why));
            }
        }
        return out;
    }

    private static int version(String source, JsonNode root) {
        JsonNode format = root.get("format");
        String text = format == null || format.isNull() ? StudyJson.FORMAT : format.asText();
        if (!text.startsWith(FORMAT_PREFIX)) {
            // not a study at all: StudyJson says what it seems to be
            return 1;
        }
        int version;
        try {
            version = Integer.parseInt(text.substring(FORMAT_PREFIX.length()));
        } catch (NumberFormatException e) {
            throw new StudyFormatException(source + ": field 'format' is " + InputText.quote(text) + "; allowed "
                    + FORMAT_PREFIX + "1 to " + FORMAT_PREFIX + CURRENT_VERSION);
        }
        if (version < 1 || version > CURRENT_VERSION) {
            throw new StudyFormatException(source + ": field 'format' is " + InputText.quote(text) + ", a study from "
                    + (version > CURRENT_VERSION ? "a newer Fleetwise" : "no Fleetwise version") + "; this version reads "
                    + FORMAT_PREFIX + "1 to " + FORMAT_PREFIX + CURRENT_VERSION);
        }
        JsonNode declared = root.get("formatVersion");
        if (declared != null && (!declared.isIntegralNumber() || declared.asInt() != version)) {
            throw new StudyFormatException(source + ": field 'formatVersion' is " + InputText.quote(declared)
                    + " but 'format' says version " + version);
        }
        return version;
    }

    private static ArchivedAllocation allocation(String where, JsonNode node) {
        if (node == null || !node.isObject()) {
            throw new StudyFormatException(where + " must be an object with name, createdAt, problem and result");
        }
        JsonNode name = node.get("name");
        if (name == null || !name.isTextual() || name.asText().isBlank()) {
            throw new StudyFormatException(where + ".name must be a non-empty string, was " + InputText.quote(name));
        }
        Instant createdAt;
        try {
            createdAt = Instant.parse(node.path("createdAt").asText(""));
        } catch (DateTimeParseException e) {
            throw new StudyFormatException(where + ".createdAt must be an ISO-8601 instant such as 2026-11-22T23:00:00Z, was "
                    + InputText.quote(node.get("createdAt")));
        }
        JsonNode saving = node.get("savingPercent");
        double savingPercent;
        if (saving == null || saving.isNull()) {
            savingPercent = Double.NaN;
        } else if (saving.isNumber() && Double.isFinite(saving.asDouble())) {
            savingPercent = saving.asDouble();
        } else {
            throw new StudyFormatException(where + ".savingPercent must be a number or null, was " + InputText.quote(saving));
        }
        JsonNode problem = node.get("problem");
        JsonNode result = node.get("result");
        if (problem == null || !problem.isObject() || result == null || !result.isObject()) {
            throw new StudyFormatException(where + ": fields 'problem' and 'result' must be objects");
        }
        try {
            return new ArchivedAllocation(name.asText().trim(), createdAt,
                    AllocationJson.readProblem(problem.toString(), where + ".problem"),
                    AllocationJson.read(result.toString(), where + ".result"), savingPercent);
        } catch (AllocatorFormatException e) {
            throw new StudyFormatException(e.getMessage());
        }
    }
}

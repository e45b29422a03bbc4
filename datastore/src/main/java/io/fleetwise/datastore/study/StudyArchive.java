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
import io.fleetwise.planner.ingest.InputText;
import io.fleetwise.planner.study.StudyDocument;
import io.fleetwise.planner.study.StudyFormatException;
import io.fleetwise.planner.study.StudyJson;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;

/**
 * The study export file: everything a study owns in one JSON document with a version. Version 1
 * ({@code fleetwise-study/1}) is the study document alone; version 2 ({@code fleetwise-study/2}, field
 * {@code formatVersion: 2}) adds the study's saved fleet allocations (problem, plan, saving, time). Every
 * version ever written is read; a file from a newer Fleetwise is refused with its version named. Golden files
 * of each version are in the tests.
 */
public final class StudyArchive {
    public static final int CURRENT_VERSION = 2;
    public static final String FORMAT_PREFIX = "fleetwise-study/";
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private StudyArchive() {
    }

    /** A study as read from an export file, with the allocations it carried (none for version 1). */
    public record Contents(int version, StudyDocument document, List<ArchivedAllocation> allocations) {
        public Contents {
            allocations = List.copyOf(allocations);
        }
    }

    /** An allocation as it travels in the file: no ids, which the importing database assigns. */
    public record ArchivedAllocation(String name, Instant createdAt, AllocationProblem problem, AllocationResult result,
                                     double savingPercent) {
        public static ArchivedAllocation of(SavedAllocation saved) {
            return new ArchivedAllocation(saved.name(), saved.createdAt(), saved.problem(), saved.result(), saved.savingPercent());
        }
    }

    /** The current version's text for a study and its allocations. */
    public static String write(StudyDocument doc, List<ArchivedAllocation> allocations) {
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
            return new Contents(1, StudyJson.parse(source, json, catalog, null), List.of());
        }
        ObjectNode study = ((ObjectNode) root).deepCopy();
        JsonNode allocations = study.remove("allocations");
        study.remove("formatVersion");
        study.put("format", StudyJson.FORMAT);
        StudyDocument doc = StudyJson.parse(source, study.toString(), catalog, null);
        List<ArchivedAllocation> list = new ArrayList<>();
        if (allocations != null && !allocations.isNull()) {
            if (!allocations.isArray()) {
                throw new StudyFormatException(source + ": field 'allocations' must be an array");
            }
            for (int i = 0; i < allocations.size(); i++) {
                list.add(allocation(source + ": allocations[" + i + "]", allocations.get(i)));
            }
        }
        return new Contents(version, doc, list);
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

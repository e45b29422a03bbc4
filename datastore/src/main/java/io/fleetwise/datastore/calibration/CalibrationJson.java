package io.fleetwise.datastore.calibration;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fleetwise.planner.perf.CalibrationProfile;
import io.fleetwise.planner.perf.EfficiencyCurve;

import java.io.IOException;

/** A {@link CalibrationProfile} as the params JSON stored with a calibration, and back. */
public final class CalibrationJson {
    private static final ObjectMapper JSON = new ObjectMapper();

    private CalibrationJson() {
    }

    public static String write(CalibrationProfile p) {
        ObjectNode n = JSON.createObjectNode();
        n.put("name", p.name());
        n.set("gemmComputeEff", curve(p.gemmComputeEff()));
        n.set("gemmMemoryEff", curve(p.gemmMemoryEff()));
        n.put("fp8ComputeScale", p.fp8ComputeScale());
        n.put("fp8MemoryScale", p.fp8MemoryScale());
        n.set("prefillAttnComputeEff", curve(p.prefillAttnComputeEff()));
        n.set("decodeAttnMemoryEff", curve(p.decodeAttnMemoryEff()));
        n.set("elementwiseMemoryEff", curve(p.elementwiseMemoryEff()));
        n.put("overlapExponent", p.overlapExponent());
        n.put("graphKernelFloorUs", p.graphKernelFloorUs());
        n.put("eagerKernelFloorUs", p.eagerKernelFloorUs());
        n.put("collectiveBusEff", p.collectiveBusEff());
        n.put("source", p.source());
        return n.toString();
    }

    /** @param where names the row in error messages, e.g. "calibration 3" */
    public static CalibrationProfile read(String json, String where) {
        try {
            JsonNode n = JSON.readTree(json);
            return new CalibrationProfile(text(n, "name", where), curve(n, "gemmComputeEff", where),
                    curve(n, "gemmMemoryEff", where), number(n, "fp8ComputeScale", where),
                    // stored before fp8 weight streaming was calibrated: as efficient as bf16 (what they predicted with)
                    n.has("fp8MemoryScale") ? number(n, "fp8MemoryScale", where) : 1.0,
                    curve(n, "prefillAttnComputeEff", where), curve(n, "decodeAttnMemoryEff", where),
                    curve(n, "elementwiseMemoryEff", where), number(n, "overlapExponent", where),
                    number(n, "graphKernelFloorUs", where), number(n, "eagerKernelFloorUs", where),
                    number(n, "collectiveBusEff", where), text(n, "source", where));
        } catch (IOException e) {
            throw new IllegalArgumentException(where + ": params JSON does not parse: " + e.getMessage(), e);
        }
    }

    private static ObjectNode curve(EfficiencyCurve c) {
        ObjectNode n = JSON.createObjectNode();
        ArrayNode sizes = n.putArray("sizes");
        ArrayNode fractions = n.putArray("fractions");
        for (double s : c.sizes()) {
            sizes.add(s);
        }
        for (double f : c.fractions()) {
            fractions.add(f);
        }
        return n;
    }

    private static EfficiencyCurve curve(JsonNode n, String field, String where) {
        JsonNode c = n.get(field);
        if (c == null || !c.get("sizes").isArray() || !c.get("fractions").isArray()) {
            throw new IllegalArgumentException(where + ": params JSON field '" + field + "' needs arrays 'sizes' and 'fractions'");
        }
        double[] sizes = new double[c.get("sizes").size()];
        double[] fractions = new double[c.get("fractions").size()];
        for (int i = 0; i < sizes.length; i++) {
            sizes[i] = c.get("sizes").get(i).asDouble();
        }
        for (int i = 0; i < fractions.length; i++) {
            fractions[i] = c.get("fractions").get(i).asDouble();
        }
        try {
            return new EfficiencyCurve(sizes, fractions);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(where + ": params JSON field '" + field + "': " + e.getMessage(), e);
        }
    }

    private static double number(JsonNode n, String field, String where) {
        JsonNode v = n.get(field);
        if (v == null || !v.isNumber()) {
            throw new IllegalArgumentException(where + ": params JSON field '" + field + "' must be a number, was " + v);
        }
        return v.asDouble();
    }

    private static String text(JsonNode n, String field, String where) {
        JsonNode v = n.get(field);
        if (v == null || !v.isTextual()) {
            throw new IllegalArgumentException(where + ": params JSON field '" + field + "' must be a string, was " + v);
        }
        return v.asText();
    }
}

package io.fleetwise.planner.study;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Doubles in the study's result JSON: JSON has no NaN or infinity, so a figure that is not a finite number (no
 * goodput found, an SLO left open) is stored as null and read back as NaN.
 */
public final class JsonNumbers {

    private JsonNumbers() {
    }

    public static void number(ObjectNode o, String field, double v) {
        if (Double.isNaN(v) || Double.isInfinite(v)) {
            o.putNull(field);
        } else {
            o.put(field, v);
        }
    }

    /** The field's value, or NaN when it is missing, null or not a number. */
    public static double number(JsonNode o, String field) {
        JsonNode n = o.get(field);
        return n == null || !n.isNumber() ? Double.NaN : n.asDouble();
    }
}

package io.fleetwise.planner.study;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.ArrayList;
import java.util.List;

import static io.fleetwise.planner.study.JsonNumbers.number;

/**
 * The what-if results as a study stores them: "whatIf" (an array of rows) and "whatIfSweep" (the sweep and its
 * points). Shapes are documented in docs/study-format.md. JSON has no NaN: a figure that does not exist is null.
 */
public final class WhatIfJson {

    public static final String ROWS_KEY = "whatIf";
    public static final String SWEEP_KEY = "whatIfSweep";
    public static final String VARIANTS_KEY = "whatIfVariants";
    /** The {@link ResultStamp} of the stored rows: what they were planned from. */
    public static final String STAMP_KEY = "whatIfInputs";

    private WhatIfJson() {
    }

    public static ArrayNode rows(List<WhatIfRow> rows) {
        ArrayNode array = JsonNodeFactory.instance.arrayNode();
        for (WhatIfRow r : rows) {
            ObjectNode o = array.addObject();
            o.put("variant", r.variant());
            number(o, "ratePerS", r.ratePerS());
            number(o, "tpotMs", r.tpotMs());
            number(o, "costPerHourUsd", r.costPerHourUsd());
            number(o, "deltaCostPercent", r.deltaCostPercent());
            o.put("gpus", r.gpus());
            number(o, "savingPercent", r.savingPercent());
            o.put("mix", r.mix());
            o.put("message", r.message());
            o.put("note", r.note());
        }
        return array;
    }

    /** @throws IllegalArgumentException naming the entry that is not a row */
    public static List<WhatIfRow> rows(JsonNode array) {
        if (array == null || !array.isArray()) {
            throw new IllegalArgumentException("results." + ROWS_KEY + ": expected an array of rows");
        }
        List<WhatIfRow> rows = new ArrayList<>();
        for (int i = 0; i < array.size(); i++) {
            JsonNode o = array.get(i);
            if (!o.hasNonNull("variant")) {
                throw new IllegalArgumentException("results." + ROWS_KEY + "[" + i + "]: no 'variant'");
            }
            rows.add(new WhatIfRow(o.get("variant").asText(), number(o, "ratePerS"), number(o, "tpotMs"),
                    number(o, "costPerHourUsd"), number(o, "deltaCostPercent"), o.path("gpus").asInt(0),
                    number(o, "savingPercent"), o.path("mix").asText(""), o.path("message").asText(""),
                    o.path("note").asText("")));
        }
        return rows;
    }

    public static ArrayNode variants(List<WhatIfVariant> variants) {
        ArrayNode array = JsonNodeFactory.instance.arrayNode();
        for (WhatIfVariant v : variants) {
            ObjectNode o = array.addObject();
            o.put("name", v.name());
            o.put("rateFactor", v.rateFactor());
            number(o, "tpotMs", v.tpotMs());
            ObjectNode prices = o.putObject("priceFactors");
            v.priceFactors().entrySet().stream().sorted(java.util.Map.Entry.comparingByKey())
                    .forEach(e -> prices.put(e.getKey(), e.getValue()));
        }
        return array;
    }

    /** @throws IllegalArgumentException naming the entry and field that is wrong */
    public static List<WhatIfVariant> variants(JsonNode array) {
        if (array == null || !array.isArray()) {
            throw new IllegalArgumentException("results." + VARIANTS_KEY + ": expected an array of variants");
        }
        List<WhatIfVariant> out = new ArrayList<>();
        for (int i = 0; i < array.size(); i++) {
            JsonNode o = array.get(i);
            String where = "results." + VARIANTS_KEY + "[" + i + "]";
            if (!o.hasNonNull("name") || !o.path("rateFactor").isNumber()) {
                throw new IllegalArgumentException(where + ": needs 'name' and a numeric 'rateFactor'");
            }
            java.util.Map<String, Double> prices = new java.util.LinkedHashMap<>();
            o.path("priceFactors").fields().forEachRemaining(e -> prices.put(e.getKey(), e.getValue().asDouble()));
            try {
                out.add(new WhatIfVariant(o.get("name").asText(), o.get("rateFactor").asDouble(), number(o, "tpotMs"),
                        prices));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(where + ": " + e.getMessage(), e);
            }
        }
        return out;
    }

    public static ObjectNode sweep(WhatIfSweepResult result) {
        ObjectNode o = JsonNodeFactory.instance.objectNode();
        WhatIfSweep s = result.sweep();
        o.put("parameter", s.parameter().name());
        o.put("gpuType", s.gpuType());
        o.put("from", s.from());
        o.put("to", s.to());
        o.put("axisLabel", s.axisLabel());
        ArrayNode points = o.putArray("points");
        for (WhatIfSweepPoint p : result.points()) {
            ObjectNode n = points.addObject();
            n.put("value", p.value());
            number(n, "ratePerS", p.ratePerS());
            number(n, "tpotMs", p.tpotMs());
            number(n, "costPerHourUsd", p.costPerHourUsd());
            n.put("gpus", p.gpus());
            n.put("feasible", p.feasible());
            n.put("mix", p.mix());
            n.put("message", p.message());
        }
        return o;
    }

    /** @throws IllegalArgumentException naming the field that is missing or wrong */
    public static WhatIfSweepResult sweep(JsonNode o) {
        String where = "results." + SWEEP_KEY;
        if (o == null || !o.isObject() || !o.path("points").isArray()) {
            throw new IllegalArgumentException(where + ": expected an object with 'points'");
        }
        JsonNode points = o.get("points");
        WhatIfSweep sweep = new WhatIfSweep(WhatIfSweep.Parameter.parse(o.path("parameter").asText("")),
                o.path("gpuType").asText(""), o.path("from").asDouble(), o.path("to").asDouble(), points.size());
        List<WhatIfSweepPoint> list = new ArrayList<>();
        for (int i = 0; i < points.size(); i++) {
            JsonNode n = points.get(i);
            if (!n.path("value").isNumber()) {
                throw new IllegalArgumentException(where + ".points[" + i + "]: 'value' is not a number");
            }
            list.add(new WhatIfSweepPoint(n.get("value").asDouble(), number(n, "ratePerS"), number(n, "tpotMs"),
                    number(n, "costPerHourUsd"), n.path("gpus").asInt(0), n.path("mix").asText(""),
                    n.path("message").asText("")));
        }
        return new WhatIfSweepResult(sweep, list);
    }
}

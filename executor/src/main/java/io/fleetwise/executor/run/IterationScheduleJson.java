package io.fleetwise.executor.run;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fleetwise.planner.ingest.InputException;
import io.fleetwise.planner.ingest.InputFiles;
import io.fleetwise.planner.ingest.InputLimits;
import io.fleetwise.planner.ingest.InputText;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads and writes iteration schedules as JSON, e.g. for {@code fleetwise execute --schedule FILE}:
 * <pre>
 * {"iterations": [
 *   {"prefill": [{"tokens": 512, "context": 0}], "decode": [1000, 2000]},
 *   {"decode": [1001, 2001], "repeat": 10}
 * ]}
 * </pre>
 * {@code decode} lists the cached context of each decode sequence; {@code repeat} (default 1) runs the
 * same batch several times. Errors name the source, the JSON path and the value. A schedule has at most
 * {@value #MAX_ITERATIONS} iterations (repeats counted) and at most {@link InputLimits#MAX_TOKENS} tokens a chunk or
 * context, so a typing slip ({@code "repeat": 2147483647}) is refused before anything is allocated.
 */
public final class IterationScheduleJson {
    private static final ObjectMapper MAPPER = new ObjectMapper();
    /** Far more than a profiling run needs (a few thousand iterations), far less than would exhaust memory. */
    public static final int MAX_ITERATIONS = 1_000_000;

    private IterationScheduleJson() {
    }

    /** The file as one line of trouble at most: a device, a directory, over 64 MiB or not UTF-8 is refused by name. */
    public static IterationSchedule read(Path file) {
        return parse(InputFiles.readText(file, "Iteration schedule", InputLimits.MAX_CONFIG_BYTES), file.toString());
    }

    public static IterationSchedule parse(String json, String source) {
        JsonNode root;
        try {
            root = MAPPER.readTree(json);
        } catch (JsonProcessingException e) {
            throw new InputException(source + " line " + e.getLocation().getLineNr() + " column " + e.getLocation().getColumnNr()
                    + ": not valid JSON (" + e.getOriginalMessage() + ")");
        }
        JsonNode its = root == null ? null : root.get("iterations");
        if (its == null || !its.isArray() || its.isEmpty()) {
            throw new IllegalArgumentException(source + ": needs a non-empty array \"iterations\"");
        }
        List<Iteration> out = new ArrayList<>();
        for (int i = 0; i < its.size(); i++) {
            String at = source + ": iterations[" + i + "]";
            JsonNode it = its.get(i);
            if (!it.isObject()) {
                throw new IllegalArgumentException(at + " must be an object, was " + InputText.quote(it));
            }
            List<PrefillChunk> prefills = new ArrayList<>();
            JsonNode p = it.path("prefill");
            if (!p.isMissingNode()) {
                requireArray(p, at + ".prefill");
                for (int c = 0; c < p.size(); c++) {
                    String cat = at + ".prefill[" + c + "]";
                    prefills.add(new PrefillChunk(intField(p.get(c), "tokens", cat, 1, true),
                            intField(p.get(c), "context", cat, 0, false)));
                }
            }
            List<Integer> decodes = new ArrayList<>();
            JsonNode d = it.path("decode");
            if (!d.isMissingNode()) {
                requireArray(d, at + ".decode");
                for (int j = 0; j < d.size(); j++) {
                    decodes.add(intValue(d.get(j), at + ".decode[" + j + "]", 0));
                }
            }
            if (prefills.isEmpty() && decodes.isEmpty()) {
                throw new IllegalArgumentException(at + ": needs at least one prefill chunk or decode sequence");
            }
            int repeat = it.has("repeat") ? intValue(it.get("repeat"), at + ".repeat", 1) : 1;
            if (repeat > MAX_ITERATIONS - out.size()) {
                throw new IllegalArgumentException(at + ".repeat " + repeat + " makes the schedule longer than the "
                        + MAX_ITERATIONS + " iterations allowed (" + out.size() + " before it)");
            }
            Iteration iteration = new Iteration(prefills, decodes);
            for (int r = 0; r < repeat; r++) {
                out.add(iteration);
            }
        }
        return new IterationSchedule(out);
    }

    public static String write(IterationSchedule schedule) {
        ObjectNode root = MAPPER.createObjectNode();
        ArrayNode its = root.putArray("iterations");
        for (Iteration it : schedule.iterations()) {
            ObjectNode o = its.addObject();
            if (!it.prefills().isEmpty()) {
                ArrayNode p = o.putArray("prefill");
                it.prefills().forEach(c -> p.addObject().put("tokens", c.tokens()).put("context", c.context()));
            }
            if (!it.decodeContexts().isEmpty()) {
                ArrayNode d = o.putArray("decode");
                it.decodeContexts().forEach(d::add);
            }
        }
        try {
            return MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(root);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Cannot write schedule", e);
        }
    }

    private static void requireArray(JsonNode n, String at) {
        if (!n.isArray()) {
            throw new IllegalArgumentException(at + " must be an array, was " + InputText.quote(n));
        }
    }

    private static int intField(JsonNode obj, String field, String at, int min, boolean required) {
        if (obj == null || !obj.isObject()) {
            throw new IllegalArgumentException(at + " must be an object like {\"tokens\": 512, \"context\": 0}, was "
                    + InputText.quote(obj));
        }
        JsonNode v = obj.get(field);
        if (v == null) {
            if (required) {
                throw new IllegalArgumentException(at + "." + field + " is missing");
            }
            return 0;
        }
        return intValue(v, at + "." + field, min);
    }

    private static int intValue(JsonNode v, String at, int min) {
        if (!v.isIntegralNumber() || !v.canConvertToInt()) {
            throw new IllegalArgumentException(at + " must be an integer from " + min + " to " + InputLimits.MAX_TOKENS
                    + ", was " + InputText.quote(v));
        }
        if (v.intValue() < min || v.intValue() > InputLimits.MAX_TOKENS) {
            throw new IllegalArgumentException(at + " must be from " + min + " to " + InputLimits.MAX_TOKENS + ", was "
                    + v.intValue());
        }
        return v.intValue();
    }
}

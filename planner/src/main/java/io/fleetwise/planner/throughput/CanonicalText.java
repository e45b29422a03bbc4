package io.fleetwise.planner.throughput;

import io.fleetwise.planner.perf.EfficiencyCurve;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.RecordComponent;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.Collection;
import java.util.HexFormat;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Writes the inputs of a cell as one canonical text: every record component by name, recursively, doubles in their
 * exact shortest form. Components that only document (names of sources, notes, prices) are left out, so editing a
 * note or a price never invalidates a cell, while a field added to a record later is included without anyone
 * remembering to: a new input changes the key, and the cell is computed again.
 */
public final class CanonicalText {

    /** Components that do not change what a simulation computes. */
    private static final Set<String> DOCUMENTATION = Set.of("price", "specSource", "notes", "source", "hfRepo");

    private final StringBuilder text = new StringBuilder();

    public CanonicalText add(String name, Object value) {
        text.append(name).append('=');
        write(value);
        text.append(';');
        return this;
    }

    public String text() {
        return text.toString();
    }

    /** SHA-256 of the text, hex. */
    public String sha256() {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(text.toString().getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("Every Java runtime has SHA-256", e);
        }
    }

    private void write(Object value) {
        if (value == null) {
            text.append("null");
        } else if (value instanceof Double || value instanceof Float) {
            text.append(Double.toString(((Number) value).doubleValue()));
        } else if (value instanceof Number || value instanceof Boolean || value instanceof Enum<?>
                || value instanceof CharSequence || value instanceof java.time.temporal.Temporal) {
            text.append(value);
        } else if (value instanceof EfficiencyCurve curve) {
            text.append("curve").append(Arrays.toString(curve.sizes())).append(Arrays.toString(curve.fractions()));
        } else if (value instanceof double[] a) {
            text.append(Arrays.toString(a));
        } else if (value instanceof int[] a) {
            text.append(Arrays.toString(a));
        } else if (value instanceof long[] a) {
            text.append(Arrays.toString(a));
        } else if (value instanceof Collection<?> c) {
            text.append('[');
            c.forEach(v -> {
                write(v);
                text.append(',');
            });
            text.append(']');
        } else if (value instanceof Map<?, ?> m) {
            // in key order, whatever order the map iterates in
            Map<String, Object> sorted = new TreeMap<>();
            m.forEach((k, v) -> sorted.put(String.valueOf(k), v));
            text.append('{');
            sorted.forEach((k, v) -> {
                text.append(k).append(':');
                write(v);
                text.append(',');
            });
            text.append('}');
        } else if (value.getClass().isRecord()) {
            writeRecord(value);
        } else {
            throw new IllegalArgumentException("No canonical form for " + value.getClass().getName()
                    + "; a throughput-cell key takes records, numbers, text and efficiency curves");
        }
    }

    private void writeRecord(Object record) {
        text.append(record.getClass().getSimpleName()).append('{');
        for (RecordComponent component : record.getClass().getRecordComponents()) {
            if (DOCUMENTATION.contains(component.getName())) {
                continue;
            }
            text.append(component.getName()).append('=');
            try {
                write(component.getAccessor().invoke(record));
            } catch (IllegalAccessException | InvocationTargetException e) {
                throw new IllegalStateException("Cannot read " + component.getName() + " of " + record, e);
            }
            text.append(',');
        }
        text.append('}');
    }
}

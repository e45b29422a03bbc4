package io.fleetwise.planner.throughput;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fleetwise.planner.perf.EfficiencyCurve;

import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Planner values (records of numbers, text, enums, dates, lists, maps and efficiency curves) to JSON and back, every
 * record component by name through its canonical constructor, so a value read back is equal to the one written and
 * its constructor validates it again. Doubles keep every bit (Jackson writes the shortest exact form); NaN and the
 * infinities, which JSON has no numbers for, are written as text.
 */
public final class RecordJson {
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private RecordJson() {
    }

    public static JsonNode write(Object value) {
        if (value == null) {
            return NODES.nullNode();
        }
        if (value instanceof Double || value instanceof Float) {
            double d = ((Number) value).doubleValue();
            return Double.isFinite(d) ? NODES.numberNode(d) : NODES.textNode(Double.toString(d));
        }
        if (value instanceof Integer i) {
            return NODES.numberNode(i);
        }
        if (value instanceof Long l) {
            return NODES.numberNode(l);
        }
        if (value instanceof Boolean b) {
            return NODES.booleanNode(b);
        }
        if (value instanceof CharSequence || value instanceof Enum<?> || value instanceof LocalDate) {
            return NODES.textNode(value instanceof Enum<?> e ? e.name() : value.toString());
        }
        if (value instanceof EfficiencyCurve curve) {
            ObjectNode node = NODES.objectNode();
            node.set("sizes", write(boxed(curve.sizes())));
            node.set("fractions", write(boxed(curve.fractions())));
            return node;
        }
        if (value instanceof List<?> list) {
            ArrayNode array = NODES.arrayNode();
            list.forEach(v -> array.add(write(v)));
            return array;
        }
        if (value instanceof Map<?, ?> map) {
            ObjectNode node = NODES.objectNode();
            map.forEach((k, v) -> node.set(String.valueOf(k), write(v)));
            return node;
        }
        if (value.getClass().isRecord()) {
            ObjectNode node = NODES.objectNode();
            for (RecordComponent c : value.getClass().getRecordComponents()) {
                try {
                    node.set(c.getName(), write(c.getAccessor().invoke(value)));
                } catch (IllegalAccessException | InvocationTargetException e) {
                    throw new IllegalStateException("Cannot read " + c.getName() + " of " + value.getClass().getName(), e);
                }
            }
            return node;
        }
        throw new IllegalArgumentException("No JSON form for " + value.getClass().getName());
    }

    public static Object read(JsonNode node, Type type, String path) {
        if (node == null || node.isNull()) {
            return null;
        }
        if (type instanceof ParameterizedType p) {
            Class<?> raw = (Class<?>) p.getRawType();
            if (List.class.isAssignableFrom(raw)) {
                List<Object> out = new ArrayList<>();
                for (int i = 0; i < node.size(); i++) {
                    out.add(read(node.get(i), p.getActualTypeArguments()[0], path + "[" + i + "]"));
                }
                return out;
            }
            if (Map.class.isAssignableFrom(raw)) {
                Map<String, Object> out = new LinkedHashMap<>();
                Iterator<Map.Entry<String, JsonNode>> fields = node.fields();
                while (fields.hasNext()) {
                    Map.Entry<String, JsonNode> f = fields.next();
                    out.put(f.getKey(), read(f.getValue(), p.getActualTypeArguments()[1], path + "." + f.getKey()));
                }
                return out;
            }
            throw new IllegalArgumentException(path + ": cannot read a " + p);
        }
        Class<?> c = (Class<?>) type;
        if (c == double.class || c == Double.class || c == float.class || c == Float.class) {
            double d = node.isTextual() ? Double.parseDouble(node.asText()) : node.doubleValue();
            return c == float.class || c == Float.class ? (Object) (float) d : (Object) d;
        }
        if (c == int.class || c == Integer.class) {
            return node.intValue();
        }
        if (c == long.class || c == Long.class) {
            return node.longValue();
        }
        if (c == boolean.class || c == Boolean.class) {
            return node.booleanValue();
        }
        if (c == String.class) {
            return node.asText();
        }
        if (c.isEnum()) {
            return enumValue(c, node.asText(), path);
        }
        if (c == LocalDate.class) {
            return LocalDate.parse(node.asText());
        }
        if (c == EfficiencyCurve.class) {
            return new EfficiencyCurve(doubles(node.get("sizes")), doubles(node.get("fractions")));
        }
        if (c.isRecord()) {
            return readRecord(node, c, path);
        }
        throw new IllegalArgumentException(path + ": cannot read a " + c.getName());
    }

    private static Object readRecord(JsonNode node, Class<?> c, String path) {
        RecordComponent[] components = c.getRecordComponents();
        Class<?>[] types = new Class<?>[components.length];
        Object[] args = new Object[components.length];
        for (int i = 0; i < components.length; i++) {
            types[i] = components[i].getType();
            String name = components[i].getName();
            if (!node.has(name)) {
                throw new IllegalArgumentException(path + "." + name + ": missing");
            }
            args[i] = read(node.get(name), components[i].getGenericType(), path + "." + name);
        }
        try {
            Constructor<?> canonical = c.getDeclaredConstructor(types);
            canonical.setAccessible(true);
            return canonical.newInstance(args);
        } catch (InvocationTargetException e) {
            throw new IllegalArgumentException(path + ": " + e.getCause().getMessage(), e.getCause());
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("Cannot build a " + c.getName(), e);
        }
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private static Object enumValue(Class<?> c, String name, String path) {
        try {
            return Enum.valueOf((Class<? extends Enum>) c, name);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(path + ": no " + c.getSimpleName() + " '" + name + "'", e);
        }
    }

    private static double[] doubles(JsonNode node) {
        double[] out = new double[node.size()];
        for (int i = 0; i < out.length; i++) {
            JsonNode n = node.get(i);
            out[i] = n.isTextual() ? Double.parseDouble(n.asText()) : n.doubleValue();
        }
        return out;
    }

    private static List<Double> boxed(double[] values) {
        List<Double> out = new ArrayList<>(values.length);
        for (double v : values) {
            out.add(v);
        }
        return out;
    }
}

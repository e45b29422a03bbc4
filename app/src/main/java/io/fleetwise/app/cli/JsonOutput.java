package io.fleetwise.app.cli;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonSerializer;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.ser.std.ToStringSerializer;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;

/**
 * JSON for the command line, the same everywhere: records as objects, dates and instants as ISO
 * strings, unknown numbers (NaN) as {@code null}, indented.
 */
public final class JsonOutput {

    private static final ObjectMapper MAPPER = createMapper();

    private JsonOutput() {
    }

    public static ObjectMapper mapper() {
        return MAPPER;
    }

    public static void print(PrintWriter out, Object value) {
        try {
            out.println(MAPPER.writeValueAsString(value));
            out.flush();
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException("Cannot write JSON: " + e.getOriginalMessage(), e);
        }
    }

    private static ObjectMapper createMapper() {
        SimpleModule module = new SimpleModule("fleetwise-cli");
        module.addSerializer(LocalDate.class, ToStringSerializer.instance);
        module.addSerializer(Instant.class, ToStringSerializer.instance);
        module.addSerializer(Duration.class, ToStringSerializer.instance);
        JsonSerializer<Double> nanAsNull = new JsonSerializer<>() {
            @Override
            public void serialize(Double value, JsonGenerator gen, SerializerProvider serializers) throws IOException {
                if (value == null || value.isNaN() || value.isInfinite()) {
                    gen.writeNull();
                } else {
                    gen.writeNumber(value);
                }
            }
        };
        module.addSerializer(Double.class, nanAsNull);
        module.addSerializer(Double.TYPE, nanAsNull);
        return new ObjectMapper()
                .registerModule(module)
                .enable(SerializationFeature.INDENT_OUTPUT)
                .disable(SerializationFeature.FAIL_ON_EMPTY_BEANS);
    }
}

package io.fleetwise.planner.alloc.simulated;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fleetwise.planner.throughput.RecordJson;

/**
 * A fleet validation as one JSON object and back, every double to the bit (a stored validation must read back as the
 * one simulated). Reading refuses text that is not a whole validation, naming the field.
 */
public final class FleetValidationJson {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private FleetValidationJson() {
    }

    public static String write(FleetValidation validation) {
        return RecordJson.write(validation).toString();
    }

    /** @throws IllegalArgumentException when {@code json} is not a fleet validation */
    public static FleetValidation read(String json) {
        try {
            Object validation = RecordJson.read(MAPPER.readTree(json), FleetValidation.class, "validation");
            if (validation == null) {
                throw new IllegalArgumentException("validation: missing");
            }
            return (FleetValidation) validation;
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("Not JSON: " + e.getOriginalMessage(), e);
        }
    }
}

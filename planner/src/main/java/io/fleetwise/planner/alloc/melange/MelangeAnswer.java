package io.fleetwise.planner.alloc.melange;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.fleetwise.planner.alloc.AllocationResult;

import java.math.BigDecimal;
import java.math.MathContext;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Mélange's answer shape: every GPU with its count (zeros included), then {@code "cost"} in $/h,
 * e.g. {@code {"A10G": 3, "A100-80GB": 1, "cost": 6.7}}.
 */
public final class MelangeAnswer {

    private static final ObjectMapper MAPPER = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private MelangeAnswer() {
    }

    /** @throws IllegalArgumentException when the result has no plan (Mélange returns None then) */
    public static Map<String, Object> of(AllocationResult result) {
        if (!result.hasPlan()) {
            throw new IllegalArgumentException("No plan to print: " + result.status() + " " + result.message());
        }
        Map<String, Object> answer = new LinkedHashMap<>(result.countsByCandidate());
        answer.put("cost", roundedCost(result.costPerHourUsd()));
        return answer;
    }

    /** Cost without binary-floating noise (3 x 1.01 + 3.67 prints 6.7, as in Mélange's README). */
    public static double roundedCost(double costPerHourUsd) {
        return new BigDecimal(costPerHourUsd).round(new MathContext(12)).doubleValue();
    }

    public static String toJson(AllocationResult result) {
        try {
            return MAPPER.writeValueAsString(of(result));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Cannot write the Mélange answer as JSON", e);
        }
    }
}

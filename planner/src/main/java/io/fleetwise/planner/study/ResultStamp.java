package io.fleetwise.planner.study;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fleetwise.planner.calibration.CalibrationSet;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Objects;
import java.util.Optional;

/**
 * What a stored study result was computed from: the fingerprint of the study's inputs ({@link StudyInputs}), the
 * calibration and engine profile by name, and when. Stored in each result under {@value #FIELD}; a result without
 * one (written before results carried it) counts as stale, since nobody can say what it was computed from.
 */
public record ResultStamp(String inputFingerprint, String calibration, String engine, Instant computedAt) {

    public static final String FIELD = "inputs";

    public ResultStamp {
        Objects.requireNonNull(inputFingerprint, "inputFingerprint");
        Objects.requireNonNull(calibration, "calibration");
        Objects.requireNonNull(engine, "engine");
        Objects.requireNonNull(computedAt, "computedAt");
    }

    public static ResultStamp of(String inputFingerprint, CalibrationSet calibration, Instant now) {
        return new ResultStamp(inputFingerprint, calibration.describe(), calibration.engine().describe(), now);
    }

    /** Writes this stamp into {@code result} under {@value #FIELD}. */
    public ObjectNode writeInto(ObjectNode result) {
        ObjectNode n = result.putObject(FIELD);
        n.put("fingerprint", inputFingerprint);
        n.put("calibration", calibration);
        n.put("engine", engine);
        n.put("computedAt", computedAt.toString());
        return result;
    }

    /** The stamp of a stored result, or empty when it has none (or a damaged one). */
    public static Optional<ResultStamp> of(JsonNode result) {
        JsonNode n = result == null ? null : result.path(FIELD);
        if (n == null || !n.isObject() || !n.path("fingerprint").isTextual()) {
            return Optional.empty();
        }
        try {
            return Optional.of(new ResultStamp(n.path("fingerprint").asText(), n.path("calibration").asText(""),
                    n.path("engine").asText(""), Instant.parse(n.path("computedAt").asText())));
        } catch (DateTimeParseException e) {
            return Optional.empty();
        }
    }

    /** Whether a result with this stamp no longer matches inputs of {@code currentFingerprint}. */
    public boolean isStaleAgainst(String currentFingerprint) {
        return !inputFingerprint.equals(currentFingerprint);
    }
}

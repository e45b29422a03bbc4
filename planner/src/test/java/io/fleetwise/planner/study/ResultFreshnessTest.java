package io.fleetwise.planner.study;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fleetwise.planner.calibration.CalibrationSet;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class ResultFreshnessTest {
    private static final CalibrationSet CALIBRATION = CalibrationSet.builtIn();
    private static final Instant THEN = Instant.parse("2026-12-01T10:00:00Z");

    @Test
    void eachSavedResultIsNamedCurrentOrStaleAgainstTheStudysInputsNow() {
        ObjectNode results = JsonNodeFactory.instance.objectNode();
        results.set(WhatIfJson.ROWS_KEY, JsonNodeFactory.instance.arrayNode());
        results.set(WhatIfJson.STAMP_KEY, ResultStamp.of("now", CALIBRATION, THEN)
                .writeInto(JsonNodeFactory.instance.objectNode()));
        results.set(PlansResultJson.KEY, ResultStamp.of("before", CALIBRATION, THEN)
                .writeInto(JsonNodeFactory.instance.objectNode()));
        results.set(SimulationResultJson.KEY, JsonNodeFactory.instance.objectNode().put("model", "x"));

        List<String> notes = ResultFreshness.notes(results, "now", CALIBRATION);

        assertThat(notes.get(0)).startsWith("Inputs of this report: study inputs now, engine "
                + CALIBRATION.engine().describe());
        assertThat(notes).anySatisfy(n -> assertThat(n).startsWith("The saved what-if rows are current"));
        assertThat(notes).anySatisfy(n -> assertThat(n).startsWith("Stale: the saved plan search was computed "
                + THEN + " for inputs before").endsWith("run it again in the Plans area."));
        assertThat(notes).anySatisfy(n -> assertThat(n).startsWith("Stale: the saved simulation run records no inputs"));
    }

    @Test
    void aStudyWithoutSavedResultsOnlyNamesTheReportsInputs() {
        assertThat(ResultFreshness.notes(JsonNodeFactory.instance.objectNode(), "abc", CALIBRATION)).hasSize(1);
    }
}

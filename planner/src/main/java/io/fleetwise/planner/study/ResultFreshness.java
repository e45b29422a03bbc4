package io.fleetwise.planner.study;

import com.fasterxml.jackson.databind.JsonNode;
import io.fleetwise.planner.calibration.CalibrationSet;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * What each of a study's saved results was computed from, against the study's inputs now: one line per result for the
 * report and {@code fleetwise study results}, naming its inputs (fingerprint, engine profile, calibration) and saying "stale" where they no longer match,
 * so a report never shows stale and fresh results side by side without saying which is which.
 */
public final class ResultFreshness {

    /** A kind of saved result: where it lives in the study's results and where its stamp is. */
    private record Kind(String name, String key, String stampKey, String area) {
    }

    private static final List<Kind> KINDS = List.of(
            new Kind("plan search", PlansResultJson.KEY, null, "Plans"),
            new Kind("simulation run", SimulationResultJson.KEY, null, "Simulate"),
            new Kind("what-if rows", WhatIfJson.ROWS_KEY, WhatIfJson.STAMP_KEY, "What-if"));

    private ResultFreshness() {
    }

    /** As {@link #notes(JsonNode, String, CalibrationSet)} for a study document's results. */
    public static List<String> notes(java.util.Map<String, JsonNode> results, String inputsNow, CalibrationSet calibration) {
        com.fasterxml.jackson.databind.node.ObjectNode node =
                com.fasterxml.jackson.databind.node.JsonNodeFactory.instance.objectNode();
        results.forEach((key, value) -> node.set(key, value));
        return notes(node, inputsNow, calibration);
    }

    /**
     * @param results     the study's results object
     * @param inputsNow   the fingerprint of the study's inputs now (as every area stamps its results)
     * @param calibration the calibration the report predicts with
     */
    public static List<String> notes(JsonNode results, String inputsNow, CalibrationSet calibration) {
        List<String> out = new ArrayList<>();
        out.add("Inputs of this report: study inputs " + inputsNow + ", engine " + calibration.engine().describe()
                + ", calibration " + calibration.describe() + ".");
        for (Kind kind : KINDS) {
            JsonNode result = results.path(kind.key());
            if (result.isMissingNode() || result.isNull()) {
                continue;
            }
            JsonNode stampNode = kind.stampKey() == null ? result : results.path(kind.stampKey());
            Optional<ResultStamp> stamp = ResultStamp.of(stampNode);
            if (stamp.isEmpty()) {
                out.add("Stale: the saved " + kind.name() + " records no inputs (it was saved before results carried "
                        + "them), so it may not answer the study as it is; run it again in the " + kind.area()
                        + " area.");
            } else if (stamp.get().isStaleAgainst(inputsNow)) {
                out.add("Stale: the saved " + kind.name() + " was computed " + stamp.get().computedAt() + " for inputs "
                        + stamp.get().inputFingerprint() + " (engine " + stamp.get().engine() + ", calibration "
                        + stamp.get().calibration() + "), not the study's inputs now; run it again in the "
                        + kind.area() + " area.");
            } else {
                out.add("The saved " + kind.name() + (kind.name().endsWith("s") ? " are" : " is") + " current: computed " + stamp.get().computedAt()
                        + " for these inputs (engine " + stamp.get().engine() + ").");
            }
        }
        return out;
    }
}

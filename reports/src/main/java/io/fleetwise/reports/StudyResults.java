package io.fleetwise.reports;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.MissingNode;
import io.fleetwise.datastore.fleet.SavedAllocation;
import io.fleetwise.datastore.study.Study;
import io.fleetwise.datastore.trace.TraceInfo;
import io.fleetwise.datastore.trace.TraceStore;
import io.fleetwise.planner.alloc.AllocationProblem;
import io.fleetwise.planner.alloc.AllocationResult;
import io.fleetwise.planner.alloc.format.AllocationJson;
import io.fleetwise.planner.study.ExecutionResultJson;
import io.fleetwise.planner.study.FleetResultJson;
import io.fleetwise.planner.study.PlansResultJson;
import io.fleetwise.planner.study.SimulationResultJson;
import io.fleetwise.planner.study.WhatIfJson;
import io.fleetwise.planner.study.WhatIfRow;
import io.fleetwise.planner.study.WhatIfSweepResult;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Reads what a study holds of the areas' results ({@code results.fleet}, {@code plans}, {@code simulation},
 * {@code whatIf*}, {@code executions}) and its trace, for the report. A result that cannot be read is left out with
 * a note naming the field, so one bad entry does not cost the whole report.
 */
public final class StudyResults {

    private StudyResults() {
    }

    static JsonNode resultsOf(Study study) {
        try {
            JsonNode root = new ObjectMapper().readTree(study.payloadJson());
            return root == null ? MissingNode.getInstance() : root.path("results");
        } catch (IOException e) {
            throw new IllegalArgumentException("Study '" + study.name() + "': the stored payload is not JSON: "
                    + e.getMessage(), e);
        }
    }

    /** The allocation the Fleet area stored in the study, when it stored the lossless problem and mix with it. */
    static Optional<SavedAllocation> fleetAllocation(Study study, JsonNode results, List<String> notes) {
        return fleetAllocation(study, results, "", notes);
    }

    /**
     * As {@link #fleetAllocation(Study, JsonNode, List)}; {@code bookNow} is the fingerprint of the price book the
     * study is priced from now ("" when the report does not price from a book): a result solved with another book's
     * prices is not this study's answer.
     */
    static Optional<SavedAllocation> fleetAllocation(Study study, JsonNode results, String bookNow, List<String> notes) {
        JsonNode fleet = results.path(FleetResultJson.KEY);
        if (!fleet.isObject()) {
            return Optional.empty();
        }
        if (!fleet.hasNonNull(FleetResultJson.PROBLEM) || !fleet.hasNonNull(FleetResultJson.RESULT)) {
            notes.add("The study's saved fleet result (results.fleet) predates stored problems, so this report "
                    + "computed the allocation again; press Save in the Fleet area to report that one.");
            return Optional.empty();
        }
        String savedModel = fleet.path("model").asText("");
        String studyModel = modelOf(study);
        if (!savedModel.isEmpty() && !studyModel.isEmpty() && !savedModel.equals(studyModel)) {
            notes.add("The study's saved fleet result was solved for " + savedModel + ", not the study's model "
                    + studyModel + ", so this report computed the allocation for " + studyModel + ".");
            return Optional.empty();
        }
        String savedBook = fleet.path("priceBook").asText("");
        if (!savedBook.isEmpty() && !bookNow.isEmpty() && !savedBook.equals(bookNow)) {
            notes.add("The study's saved fleet result was priced with price book " + savedBook + ", not the book the "
                    + "study is priced from now (" + bookNow + "), so this report computed the allocation with today's "
                    + "prices.");
            return Optional.empty();
        }
        String where = "study '" + study.name() + "' results.fleet";
        try {
            AllocationProblem problem = AllocationJson.readProblem(fleet.get(FleetResultJson.PROBLEM).toString(), where);
            AllocationResult result = AllocationJson.read(fleet.get(FleetResultJson.RESULT).toString(), where);
            return Optional.of(new SavedAllocation(-1, study.id(), "Fleet area result", study.updatedAt(), problem, result,
                    fleet.path("saving_percent_vs_best_single_type").asDouble(Double.NaN)));
        } catch (RuntimeException e) {
            notes.add("The study's saved fleet result could not be read (" + e.getMessage() + "); the allocation was "
                    + "computed again.");
            return Optional.empty();
        }
    }

    /**
     * Why allocations saved with {@code allocate --save-to-study} are not in the report: their rows do not say which
     * model, workload and prices they were solved for (a Mélange or allocator file's throughputs name no model), so
     * showing one as the study's fleet could show another model's answer.
     */
    static String unverifiedAllocationsNote(List<SavedAllocation> saved) {
        List<String> names = saved.stream().map(a -> "'" + a.name() + "' of " + a.createdAt()).toList();
        return "Not shown as this study's fleet: " + saved.size() + " allocation" + (saved.size() == 1 ? "" : "s")
                + " saved with allocate --save-to-study (" + io.fleetwise.planner.ingest.InputText.clip(
                String.join(", ", names)) + "), which do not record the model, workload and prices they were solved "
                + "for; the fleet above answers this study's own inputs.";
    }

    /**
     * A saved plans or simulation result searched for another model than the study's is not this study's answer:
     * left out, with a note naming both models.
     */
    private static <T> Optional<T> forStudyModel(Optional<T> result, String savedModel, String studyModel, String what,
                                                 List<String> notes) {
        if (result.isPresent() && !savedModel.isEmpty() && !studyModel.isEmpty() && !savedModel.equals(studyModel)) {
            notes.add("Left out the saved " + what + ": it was computed for " + savedModel + ", not the study's model "
                    + studyModel + "; run it again for " + studyModel + ".");
            return Optional.empty();
        }
        return result;
    }

    /** {@code input} with the study's plans, simulation, what-if results, executor runs and trace snapshot. */
    static ReportInput attach(ReportInput input, Study study, JsonNode results, TraceStore traces, List<String> notes) {
        return attach(input, study, results, traces, notes, Optional.empty());
    }

    /** As {@link #attach(ReportInput, Study, JsonNode, TraceStore, List)}, with the procurement part where priced. */
    static ReportInput attach(ReportInput input, Study study, JsonNode results, TraceStore traces, List<String> notes,
                              Optional<ProcurementReport> procurement) {
        List<String> allNotes = new ArrayList<>(input.allocationNotes());
        allNotes.addAll(notes);
        String studyModel = modelOf(study);
        Optional<PlansResultJson.SavedPlans> plans = read(results, PlansResultJson.KEY, PlansResultJson::read, allNotes);
        plans = forStudyModel(plans, plans.map(PlansResultJson.SavedPlans::model).orElse(""), studyModel,
                "plan search (results." + PlansResultJson.KEY + ")", allNotes);
        Optional<SimulationResultJson.SavedSimulation> simulation = read(results, SimulationResultJson.KEY,
                SimulationResultJson::read, allNotes);
        simulation = forStudyModel(simulation, simulation.map(SimulationResultJson.SavedSimulation::model).orElse(""),
                studyModel, "simulation run (results." + SimulationResultJson.KEY + ")", allNotes);
        List<WhatIfRow> whatIf = read(results, WhatIfJson.ROWS_KEY, WhatIfJson::rows, allNotes).orElse(List.of());
        Optional<WhatIfSweepResult> sweep = read(results, WhatIfJson.SWEEP_KEY, WhatIfJson::sweep, allNotes);
        List<ExecutionResultJson.Run> runs = read(results, ExecutionResultJson.KEY, ExecutionResultJson::read, allNotes)
                .orElse(List.of());
        List<ReportInput.PredictedMeasured> measured = new ArrayList<>();
        for (ExecutionResultJson.Run run : runs) {
            String label = "profile " + run.profileId() + (run.device().isEmpty() ? "" : " on " + run.device());
            for (ExecutionResultJson.Row row : run.rows()) {
                measured.add(new ReportInput.PredictedMeasured(label, row.metric(), row.predictedMs(), row.measuredMs(),
                        "ms"));
            }
        }
        String predictedOrigin = runs.isEmpty() ? ""
                : runs.size() + " executor run" + (runs.size() == 1 ? "" : "s") + " recorded in this study by the Execute "
                + "area (results.executions); predictions use the calibration named per run: "
                + String.join("; ", runs.stream().map(r -> "profile " + r.profileId() + ": " + r.calibration())
                .distinct().toList()) + ".";
        Optional<BufferedImage> image = Optional.empty();
        String caption = traces == null ? "The trace store was not available to this report." : "";
        if (traces != null) {
            List<Long> traceIds = study.payloadJson().isEmpty() ? List.of() : traceIds(study);
            Optional<TraceInfo> trace = TimelineSnapshot.traceOf(traces, study.id(), study.name(), traceIds);
            if (trace.isPresent()) {
                boolean owned = (trace.get().studyId() != null && trace.get().studyId() == study.id())
                        || traceIds.contains(trace.get().id());
                TimelineSnapshot.Snapshot snap = TimelineSnapshot.render(traces, trace.get(),
                        owned ? "the newest trace of this study" : "the newest trace named after this study");
                image = Optional.of(snap.image());
                caption = snap.caption();
            }
        }
        ReportInput withNotes = new ReportInput(input.studyName(), input.studyDescription(), input.generatedAt(),
                input.fleetwiseVersion(), input.model(), input.gpuTypes(), input.cluster(), input.workloadDescription(),
                input.totalRatePerSecond(), input.lengthPercentiles(), input.slo(), input.problem(), input.comparison(),
                input.rateSweep(), input.allocationOrigin(), allNotes, input.validation(), input.planMetrics(),
                input.predictedVsMeasured(), input.timelineSnapshot(), input.assumptions(), input.saved());
        procurement.filter(p -> !p.staleReason().isEmpty()).ifPresent(p -> allNotes.add(p.staleReason()));
        return withNotes.withSaved(new ReportInput.SavedResults(plans, simulation, whatIf, sweep, predictedOrigin, caption,
                procurement), measured, image);
    }

    private static String modelOf(Study study) {
        try {
            JsonNode root = new ObjectMapper().readTree(study.payloadJson());
            return root == null ? "" : root.path("model").asText("");
        } catch (IOException e) {
            return "";
        }
    }

    private static List<Long> traceIds(Study study) {
        try {
            JsonNode ids = new ObjectMapper().readTree(study.payloadJson()).path("traceIds");
            List<Long> out = new ArrayList<>();
            ids.forEach(n -> out.add(n.asLong()));
            return out;
        } catch (IOException e) {
            return List.of();
        }
    }

    private static <T> Optional<T> read(JsonNode results, String key, java.util.function.Function<JsonNode, T> reader,
                                        List<String> notes) {
        JsonNode node = results.get(key);
        if (node == null || node.isNull()) {
            return Optional.empty();
        }
        try {
            return Optional.ofNullable(reader.apply(node));
        } catch (RuntimeException e) {
            notes.add("Left out results." + key + ": " + e.getMessage());
            return Optional.empty();
        }
    }
}

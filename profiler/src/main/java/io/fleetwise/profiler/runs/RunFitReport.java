package io.fleetwise.profiler.runs;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.List;

/**
 * The report stored with a fitted engine profile: each run (file, format, load, requests, measured figures, notes)
 * with its in-sample and leave-one-out errors, and the fit's notes. Non-finite figures are written as null.
 */
public final class RunFitReport {
    private static final ObjectMapper JSON = new ObjectMapper();

    private RunFitReport() {
    }

    public static ObjectNode toJson(ServingDeployment deployment, String engine, List<ServingRun> runs, RunFitResult fit) {
        ObjectNode root = JSON.createObjectNode();
        root.put("engine", engine);
        root.put("deployment", deployment.label());
        number(root, "rmsLogError", fit.rmsLogError());
        number(root, "medianLeaveOneOutError", fit.medianLeaveOneOutError());
        root.put("evaluations", fit.evaluations());
        root.put("curvesFitted", fit.curvesFitted());
        ObjectNode start = root.putObject("start");
        fit.start().forEach((k, v) -> number(start, k, v));
        ObjectNode fitted = root.putObject("fitted");
        fit.fitted().forEach((k, v) -> number(fitted, k, v));
        ArrayNode notes = root.putArray("notes");
        fit.notes().forEach(notes::add);
        ArrayNode list = root.putArray("runs");
        for (int i = 0; i < runs.size(); i++) {
            ServingRun run = runs.get(i);
            ObjectNode r = list.addObject();
            r.put("id", run.id());
            r.put("format", run.format());
            r.put("load", run.load().label());
            r.put("requests", run.requests().size());
            r.put("perRequest", run.perRequest());
            number(r, "measuredTtftMs", run.measured().meanTtftMs());
            number(r, "measuredTpotMs", Double.isNaN(run.measured().meanTpotMs()) ? run.measured().tokenWeightedTpotMs()
                    : run.measured().meanTpotMs());
            number(r, "measuredOutputTokensPerS", run.measured().outputTokensPerS());
            residual(r.putObject("inSample"), fit.inSample().get(i));
            if (!fit.leaveOneOut().isEmpty()) {
                residual(r.putObject("leaveOneOut"), fit.leaveOneOut().get(i));
            }
            ArrayNode runNotes = r.putArray("notes");
            run.notes().forEach(runNotes::add);
        }
        return root;
    }

    private static void residual(ObjectNode node, RunResidual r) {
        number(node, "ttftError", r.ttftError());
        number(node, "tpotError", r.tpotError());
        number(node, "throughputError", r.throughputError());
    }

    private static void number(ObjectNode node, String field, double v) {
        if (Double.isFinite(v)) {
            node.put(field, v);
        } else {
            node.putNull(field);
        }
    }
}

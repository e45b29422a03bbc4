package io.fleetwise.planner.alloc.format;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fleetwise.planner.alloc.AllocationCandidate;
import io.fleetwise.planner.alloc.AllocationProblem;
import io.fleetwise.planner.alloc.AllocationResult;
import io.fleetwise.planner.alloc.AllocatorFormatException;
import io.fleetwise.planner.alloc.BaselineComparison;

/**
 * JSON for allocation results: a readable report (command line, exports) and a lossless form of
 * {@link AllocationResult} for storage ({@link #write} / {@link #read} round-trip).
 */
public final class AllocationJson {

    private static final ObjectMapper MAPPER = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private AllocationJson() {
    }

    /** The report: plan, per-bucket assignment, baselines and saving; NaN figures are written as null. */
    public static ObjectNode report(AllocationProblem problem, BaselineComparison comparison) {
        AllocationResult r = comparison.mix();
        ObjectNode root = MAPPER.createObjectNode();
        root.put("status", r.status().name());
        root.put("message", r.message());
        number(root, "cost_usd_per_hour", r.costPerHourUsd());
        number(root, "served_rate_per_s", r.servedRatePerSecond());
        number(root, "demand_rate_per_s", r.demandRatePerSecond());
        root.put("total_gpus", r.hasPlan() ? r.totalGpus() : 0);
        ObjectNode counts = root.putObject("replicas");
        r.countsByCandidate().forEach(counts::put);
        ObjectNode gpus = root.putObject("gpus_by_type");
        r.gpusByType().forEach(gpus::put);
        ArrayNode candidates = root.putArray("candidates");
        for (AllocationCandidate c : r.candidates()) {
            ObjectNode n = candidates.addObject();
            n.put("name", c.name());
            n.put("gpu_type", c.gpuType());
            n.put("gpus", c.gpuCount());
            n.put("cost_usd_per_hour", c.costPerHourUsd());
            n.put("throughput_source", c.source().name().toLowerCase(java.util.Locale.ROOT));
        }
        ArrayNode assignment = root.putArray("assignment");
        for (int b = 0; b < problem.buckets().size(); b++) {
            ObjectNode n = assignment.addObject();
            n.put("bucket", problem.buckets().get(b).name());
            number(n, "rate_per_s", problem.bucketRatePerSecond(b));
            ObjectNode shares = n.putObject("shares");
            for (int c = 0; c < r.candidates().size(); c++) {
                if (r.share(b, c) > 0) {
                    shares.put(r.candidates().get(c).name(), r.share(b, c));
                }
            }
        }
        ArrayNode baselines = root.putArray("single_type_baselines");
        for (AllocationResult single : comparison.singleTypeFleets()) {
            ObjectNode n = baselines.addObject();
            n.put("candidate", BaselineComparison.candidateOf(single));
            n.put("status", single.status().name());
            number(n, "cost_usd_per_hour", single.costPerHourUsd());
            n.put("replicas", single.replicaCounts().get(0));
        }
        comparison.bestSingleType().ifPresent(best -> root.put("best_single_type", BaselineComparison.candidateOf(best)));
        number(root, "saving_percent_vs_best_single_type", comparison.savingPercent());
        ObjectNode solver = root.putObject("solver");
        solver.put("name", r.solverName());
        solver.put("formulation", r.formulation().name());
        number(solver, "relative_gap", r.relativeGap());
        number(solver, "solve_time_ms", r.solveTimeMs());
        return root;
    }

    public static String reportJson(AllocationProblem problem, BaselineComparison comparison) {
        try {
            return MAPPER.writeValueAsString(report(problem, comparison));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Cannot write the allocation report", e);
        }
    }

    /** Lossless JSON of a result, for storage. */
    public static String write(AllocationResult result) {
        try {
            return MAPPER.writeValueAsString(result);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Cannot write the allocation result", e);
        }
    }

    /** @param source what the JSON came from, for the error message */
    public static AllocationResult read(String json, String source) {
        try {
            return MAPPER.readValue(json, AllocationResult.class);
        } catch (JsonProcessingException e) {
            throw new AllocatorFormatException(source + ": not a stored allocation result: " + e.getOriginalMessage(), e);
        }
    }

    /** Lossless JSON of a problem (workload, candidates, caps, mode), for storage next to its result. */
    public static String writeProblem(AllocationProblem problem) {
        try {
            return MAPPER.writeValueAsString(problem);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Cannot write the allocation problem", e);
        }
    }

    public static AllocationProblem readProblem(String json, String source) {
        try {
            return MAPPER.readValue(json, AllocationProblem.class);
        } catch (JsonProcessingException e) {
            throw new AllocatorFormatException(source + ": not a stored allocation problem: " + e.getOriginalMessage(), e);
        }
    }

    private static void number(ObjectNode node, String field, double value) {
        if (Double.isNaN(value) || Double.isInfinite(value)) {
            node.putNull(field);
        } else {
            node.put(field, value);
        }
    }
}

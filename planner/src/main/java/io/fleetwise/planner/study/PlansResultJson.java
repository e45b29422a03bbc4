package io.fleetwise.planner.study;

import java.util.Map;
import java.util.EnumMap;
import io.fleetwise.planner.perf.OperatorClass;
import io.fleetwise.planner.search.ParallelPlan;
import io.fleetwise.planner.search.ReplicaShape;
import io.fleetwise.planner.search.PlanPart;
import io.fleetwise.planner.plan.FleetPlanJson;
import io.fleetwise.planner.catalog.Catalog;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fleetwise.planner.model.Slo;
import io.fleetwise.planner.search.PlanMetrics;
import io.fleetwise.planner.search.RankedPlan;
import io.fleetwise.planner.search.SearchResult;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

import static io.fleetwise.planner.study.JsonNumbers.number;

/**
 * The Plans area's result in a study ({@code results.plans}, docs/study-format.md): what was searched, the ranked
 * plans (at most {@link #MAX_PLANS}) with their predicted metrics, and the rank of the plan the user chose. Figures
 * that do not exist are written as {@code null} and read back as NaN.
 */
public final class PlansResultJson {

    public static final String KEY = "plans";
    /** Ranked plans kept in the study; the rest of a search's list is not worth the study's size. */
    public static final int MAX_PLANS = 20;

    private PlansResultJson() {
    }

    /** One stored plan: its rank and label and the metrics the search predicted for it. */
    public record SavedPlan(int rank, String label, boolean pareto, String why, int gpus, int replicas,
                            boolean disaggregated, boolean simulated, double goodputPerS, double capacityPerS,
                            double outputTokensPerS, double ttftP90Ms, double tpotP90Ms, double e2eP90Ms,
                            double sloAttainment, double costPerHourUsd, double costPerMillionTokensUsd,
                            double joulesPerOutputToken, double decodeIterationMs) {
        public SavedPlan {
            Objects.requireNonNull(label, "label");
            why = why == null ? "" : why;
        }
    }

    /** A search as stored: its inputs, its plans, and which one was chosen (0 = none). */
    public record SavedPlans(String model, String cluster, int clusterGpus, String objective, String preset,
                             double ratePerS, int requests, double sloTtftMs, double sloTpotMs, double sloAttainment,
                             String calibration, int shapes, int plansEnumerated, int simulatedPlans,
                             boolean budgetExhausted, double wallTimeS, int chosenRank, List<SavedPlan> ranked) {
        public SavedPlans {
            ranked = List.copyOf(ranked);
        }

        public Optional<SavedPlan> chosen() {
            return ranked.stream().filter(p -> p.rank() == chosenRank).findFirst();
        }
    }

    /** The search's inputs, as the area ran it. */
    public record Searched(String model, String cluster, int clusterGpus, String preset, double ratePerS,
                           int requests, Slo slo, String calibration) {
    }

    public static ObjectNode write(Searched searched, SearchResult result, RankedPlan chosen) {
        ObjectNode root = JsonNodeFactory.instance.objectNode();
        root.put("model", searched.model());
        root.put("cluster", searched.cluster());
        root.put("clusterGpus", searched.clusterGpus());
        root.put("objective", result.objective().name());
        ObjectNode workload = root.putObject("workload");
        workload.put("preset", searched.preset());
        number(workload, "ratePerS", searched.ratePerS());
        workload.put("requests", searched.requests());
        ObjectNode slo = root.putObject("slo");
        number(slo, "ttftMs", searched.slo().ttftMs());
        number(slo, "tpotMs", searched.slo().tpotMs());
        number(slo, "attainment", searched.slo().attainment());
        root.put("calibration", searched.calibration());
        ObjectNode search = root.putObject("search");
        search.put("shapes", result.shapesEnumerated());
        search.put("plans", result.plansEnumerated());
        search.put("simulated", result.simulated());
        search.put("budgetExhausted", result.budgetExhausted());
        number(search, "wallTimeS", result.wallTimeS());
        root.put("chosenRank", chosen == null ? 0 : chosen.rank());
        ArrayNode ranked = root.putArray("ranked");
        List<RankedPlan> kept = new ArrayList<>(result.ranked().subList(0, Math.min(MAX_PLANS, result.ranked().size())));
        if (chosen != null && kept.stream().noneMatch(p -> p.rank() == chosen.rank())) {
            kept.add(chosen);
        }
        for (RankedPlan p : kept) {
            ObjectNode o = ranked.addObject();
            PlanMetrics m = p.metrics();
            o.put("rank", p.rank());
            o.put("label", p.label());
            o.put("pareto", p.pareto());
            o.put("why", p.why() == null ? "" : p.why());
            o.put("gpus", p.plan().gpuCount());
            o.put("replicas", p.plan().replicaCount());
            o.put("disaggregated", p.plan().disaggregated());
            o.put("simulated", m.simulated());
            number(o, "goodputPerS", m.goodputPerS());
            number(o, "capacityPerS", m.capacityPerS());
            number(o, "outputTokensPerS", m.outputTokensPerS());
            number(o, "ttftP90Ms", m.ttftP90Ms());
            number(o, "tpotP90Ms", m.tpotP90Ms());
            number(o, "e2eP90Ms", m.e2eP90Ms());
            number(o, "sloAttainment", m.sloAttainment());
            number(o, "costPerHourUsd", m.costPerHourUsd());
            number(o, "costPerMillionTokensUsd", m.costPerMillionTokensUsd());
            number(o, "joulesPerOutputToken", m.joulesPerOutputToken());
            number(o, "decodeIterationMs", m.decodeIterationMs());
            o.set("detail", detail(p));
        }
        return root;
    }

    /** Everything to show the ranked plan again after a restart: its parts, routing and the per-operator breakdown. */
    private static ObjectNode detail(RankedPlan p) {
        ObjectNode d = JsonNodeFactory.instance.objectNode();
        ArrayNode parts = d.putArray("parts");
        for (int i = 0; i < p.plan().parts().size(); i++) {
            PlanPart part = p.plan().parts().get(i);
            ObjectNode o = parts.addObject();
            o.put("nodeGroup", part.shape().nodeGroup());
            o.put("count", part.count());
            o.put("routingWeight", p.plan().routingWeights().get(i));
            o.put("attentionDataParallel", part.shape().attentionDataParallel());
            ArrayNode stages = o.putArray("stageLayers");
            for (int layers : part.shape().stageLayers()) {
                stages.add(layers);
            }
            o.set("replica", FleetPlanJson.replica(part.shape().config()));
        }
        ObjectNode breakdown = d.putObject("breakdownMs");
        p.metrics().breakdownMs().forEach((op, ms) -> number(breakdown, op.name(), ms));
        return d;
    }

    /**
     * The stored ranked plans, whole, as the Plans area shows them; empty when they were stored without their detail
     * (before results carried it).
     *
     * @throws IllegalArgumentException naming the plan and field that do not read (a GPU type left the catalog ...)
     */
    public static List<RankedPlan> rankedPlans(JsonNode root, Catalog catalog) {
        List<RankedPlan> out = new ArrayList<>();
        JsonNode ranked = root.path("ranked");
        for (int i = 0; i < ranked.size(); i++) {
            JsonNode o = ranked.get(i);
            JsonNode d = o.path("detail");
            if (!d.isObject()) {
                return List.of();
            }
            String where = "results." + KEY + ".ranked[" + i + "].detail";
            List<PlanPart> parts = new ArrayList<>();
            List<Double> weights = new ArrayList<>();
            JsonNode array = d.path("parts");
            for (int k = 0; k < array.size(); k++) {
                JsonNode part = array.get(k);
                String at = where + ".parts[" + k + "]";
                int[] stages = new int[part.path("stageLayers").size()];
                for (int s = 0; s < stages.length; s++) {
                    stages[s] = part.path("stageLayers").get(s).asInt();
                }
                ReplicaShape shape = new ReplicaShape(part.path("nodeGroup").asText(""),
                        FleetPlanJson.replica(part.path("replica"), catalog, at + ".replica"),
                        part.path("attentionDataParallel").asBoolean(false), stages);
                parts.add(new PlanPart(shape, part.path("count").asInt(1)));
                weights.add(part.path("routingWeight").asDouble(1.0));
            }
            Map<OperatorClass, Double> breakdown = new EnumMap<>(OperatorClass.class);
            d.path("breakdownMs").fields().forEachRemaining(e -> breakdown.put(OperatorClass.valueOf(e.getKey()),
                    e.getValue().isNumber() ? e.getValue().asDouble() : Double.NaN));
            int gpus = parts.stream().mapToInt(p -> p.count() * p.shape().gpuCount()).sum();
            PlanMetrics m = new PlanMetrics(o.path("simulated").asBoolean(false), number(o, "goodputPerS"),
                    number(o, "capacityPerS"), number(o, "outputTokensPerS"), number(o, "ttftP90Ms"),
                    number(o, "tpotP90Ms"), number(o, "e2eP90Ms"), number(o, "sloAttainment"),
                    number(o, "costPerHourUsd"), number(o, "costPerMillionTokensUsd"), number(o, "joulesPerOutputToken"),
                    gpus, number(o, "decodeIterationMs"), breakdown);
            out.add(new RankedPlan(o.path("rank").asInt(), new ParallelPlan(parts, weights), m,
                    o.path("pareto").asBoolean(false), o.path("why").asText("")));
        }
        return out;
    }

    /** @throws IllegalArgumentException naming the field that is missing or wrong */
    public static SavedPlans read(JsonNode root) {
        String where = "results." + KEY;
        if (root == null || !root.isObject()) {
            throw new IllegalArgumentException(where + ": expected an object");
        }
        if (!root.path("ranked").isArray()) {
            throw new IllegalArgumentException(where + ".ranked: expected an array of plans");
        }
        List<SavedPlan> plans = new ArrayList<>();
        JsonNode ranked = root.get("ranked");
        for (int i = 0; i < ranked.size(); i++) {
            JsonNode o = ranked.get(i);
            if (!o.path("rank").isInt() || !o.hasNonNull("label")) {
                throw new IllegalArgumentException(where + ".ranked[" + i + "]: needs an integer 'rank' and a 'label'");
            }
            plans.add(new SavedPlan(o.get("rank").asInt(), o.get("label").asText(), o.path("pareto").asBoolean(false),
                    o.path("why").asText(""), o.path("gpus").asInt(0), o.path("replicas").asInt(0),
                    o.path("disaggregated").asBoolean(false), o.path("simulated").asBoolean(false),
                    number(o, "goodputPerS"), number(o, "capacityPerS"), number(o, "outputTokensPerS"),
                    number(o, "ttftP90Ms"), number(o, "tpotP90Ms"), number(o, "e2eP90Ms"), number(o, "sloAttainment"),
                    number(o, "costPerHourUsd"), number(o, "costPerMillionTokensUsd"), number(o, "joulesPerOutputToken"),
                    number(o, "decodeIterationMs")));
        }
        JsonNode workload = root.path("workload");
        JsonNode slo = root.path("slo");
        JsonNode search = root.path("search");
        return new SavedPlans(root.path("model").asText(""), root.path("cluster").asText(""),
                root.path("clusterGpus").asInt(0), root.path("objective").asText(""), workload.path("preset").asText(""),
                number(workload, "ratePerS"), workload.path("requests").asInt(0), number(slo, "ttftMs"),
                number(slo, "tpotMs"), number(slo, "attainment"), root.path("calibration").asText(""),
                search.path("shapes").asInt(0), search.path("plans").asInt(0), search.path("simulated").asInt(0),
                search.path("budgetExhausted").asBoolean(false), number(search, "wallTimeS"),
                root.path("chosenRank").asInt(0), plans);
    }
}

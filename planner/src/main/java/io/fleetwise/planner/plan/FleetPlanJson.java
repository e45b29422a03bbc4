package io.fleetwise.planner.plan;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fleetwise.planner.catalog.Catalog;
import io.fleetwise.planner.model.BatchingPolicy;
import io.fleetwise.planner.model.DType;
import io.fleetwise.planner.model.GpuType;
import io.fleetwise.planner.model.Interconnect;
import io.fleetwise.planner.model.Node;
import io.fleetwise.planner.model.ReplicaConfig;
import io.fleetwise.planner.model.ReplicaRole;
import io.fleetwise.planner.model.SchedulerKind;
import io.fleetwise.planner.study.JsonNumbers;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.NoSuchElementException;

/**
 * A {@link FleetPlan} as stored JSON (format {@value #FORMAT}): replica configs by GPU type name, with every figure a
 * replica needs (parallelism, formats, batching, role, node shape and links), so a stored plan is re-created exactly
 * against the catalog. Reading names the field that is wrong.
 */
public final class FleetPlanJson {
    public static final String FORMAT = "fleetwise-plan/1";
    private static final ObjectMapper JSON = new ObjectMapper();

    private FleetPlanJson() {
    }

    public static ObjectNode write(FleetPlan plan) {
        ObjectNode n = JSON.createObjectNode();
        n.put("format", FORMAT);
        n.put("label", plan.label());
        n.put("model", plan.model());
        ArrayNode parts = n.putArray("parts");
        for (FleetPlan.Part p : plan.parts()) {
            ObjectNode part = parts.addObject();
            part.put("count", p.count());
            part.put("routingShare", p.routingShare());
            part.set("replica", replica(p.replica()));
        }
        JsonNumbers.number(n, "costPerHourUsd", plan.costPerHourUsd());
        FleetPlan.Predicted m = plan.predicted();
        ObjectNode predicted = n.putObject("predicted");
        JsonNumbers.number(predicted, "ratePerS", m.ratePerS());
        JsonNumbers.number(predicted, "goodputPerS", m.goodputPerS());
        JsonNumbers.number(predicted, "sloAttainment", m.sloAttainment());
        JsonNumbers.number(predicted, "ttftP90Ms", m.ttftP90Ms());
        JsonNumbers.number(predicted, "tpotP90Ms", m.tpotP90Ms());
        predicted.put("simulated", m.simulated());
        FleetPlan.Provenance p = plan.provenance();
        ObjectNode provenance = n.putObject("provenance");
        provenance.put("service", p.service());
        provenance.put("inputFingerprint", p.inputFingerprint());
        provenance.put("calibrationFingerprint", p.calibrationFingerprint());
        provenance.put("calibration", p.calibration());
        provenance.put("engine", p.engine());
        ObjectNode prices = provenance.putObject("priceOffersUsdPerGpuHour");
        p.priceOffersUsdPerGpuHour().forEach(prices::put);
        return n;
    }

    /** @param where names the stored plan in messages, e.g. "plan 12" */
    public static FleetPlan read(JsonNode n, Catalog catalog, String where) {
        String format = n.path("format").asText("");
        if (!FORMAT.equals(format)) {
            throw new IllegalArgumentException(where + ": format is '" + format + "', expected " + FORMAT);
        }
        List<FleetPlan.Part> parts = new ArrayList<>();
        JsonNode array = n.path("parts");
        if (!array.isArray() || array.isEmpty()) {
            throw new IllegalArgumentException(where + ": field 'parts' must be a non-empty array");
        }
        for (int i = 0; i < array.size(); i++) {
            JsonNode part = array.get(i);
            String at = where + ", parts[" + i + "]";
            parts.add(new FleetPlan.Part(replica(part.path("replica"), catalog, at + ".replica"),
                    integer(part, "count", at), number(part, "routingShare", at)));
        }
        JsonNode m = n.path("predicted");
        FleetPlan.Predicted predicted = new FleetPlan.Predicted(JsonNumbers.number(m, "ratePerS"),
                JsonNumbers.number(m, "goodputPerS"), JsonNumbers.number(m, "sloAttainment"),
                JsonNumbers.number(m, "ttftP90Ms"), JsonNumbers.number(m, "tpotP90Ms"), m.path("simulated").asBoolean(false));
        JsonNode p = n.path("provenance");
        Map<String, Double> prices = new LinkedHashMap<>();
        p.path("priceOffersUsdPerGpuHour").fields().forEachRemaining(e -> prices.put(e.getKey(), e.getValue().asDouble()));
        FleetPlan.Provenance provenance = new FleetPlan.Provenance(text(p, "service", where + ".provenance"),
                p.path("inputFingerprint").asText(""), p.path("calibrationFingerprint").asText(""),
                p.path("calibration").asText(""), p.path("engine").asText(""), prices);
        return new FleetPlan(text(n, "label", where), text(n, "model", where), parts,
                JsonNumbers.number(n, "costPerHourUsd"), predicted, provenance);
    }

    /** One replica config as stored JSON (GPU type by name). */
    public static ObjectNode replica(ReplicaConfig r) {
        ObjectNode n = JSON.createObjectNode();
        n.put("gpu", r.gpu().name());
        n.put("tp", r.tp());
        n.put("pp", r.pp());
        n.put("ep", r.ep());
        n.put("weightDtype", r.weightDtype().label());
        n.put("kvDtype", r.kvDtype().label());
        n.put("activationDtype", r.activationDtype().label());
        n.put("role", r.role().name().toLowerCase(Locale.ROOT));
        BatchingPolicy b = r.batching();
        ObjectNode batching = n.putObject("batching");
        batching.put("scheduler", b.scheduler().name().toLowerCase(Locale.ROOT));
        batching.put("maxNumSeqs", b.maxNumSeqs());
        batching.put("maxBatchedTokens", b.maxBatchedTokens());
        batching.put("blockSizeTokens", b.blockSizeTokens());
        batching.put("gpuMemoryUtilization", b.gpuMemoryUtilization());
        batching.put("prefixCaching", b.prefixCaching());
        batching.put("cudaGraphs", b.cudaGraphs());
        ObjectNode node = n.putObject("node");
        node.put("gpus", r.node().gpuCount());
        node.set("intraNode", link(r.node().intraNode()));
        node.set("interNode", link(r.node().interNode()));
        return n;
    }

    private static ObjectNode link(Interconnect link) {
        ObjectNode n = JSON.createObjectNode();
        n.put("name", link.name());
        n.put("bandwidthGBps", link.bandwidthGBps());
        n.put("latencyUs", link.latencyUs());
        return n;
    }

    /** A stored replica config against the catalog; {@code where} names it in messages. */
    public static ReplicaConfig replica(JsonNode n, Catalog catalog, String where) {
        GpuType gpu;
        try {
            gpu = catalog.gpu(text(n, "gpu", where));
        } catch (NoSuchElementException e) {
            throw new IllegalArgumentException(where + ".gpu: " + e.getMessage(), e);
        }
        JsonNode b = n.path("batching");
        String bw = where + ".batching";
        BatchingPolicy batching = new BatchingPolicy(SchedulerKind.parse(text(b, "scheduler", bw)),
                integer(b, "maxNumSeqs", bw), integer(b, "maxBatchedTokens", bw), integer(b, "blockSizeTokens", bw),
                number(b, "gpuMemoryUtilization", bw), b.path("prefixCaching").asBoolean(false),
                b.path("cudaGraphs").asBoolean(true));
        JsonNode node = n.path("node");
        Node shape = new Node(gpu, integer(node, "gpus", where + ".node"),
                link(node.path("intraNode"), where + ".node.intraNode"),
                link(node.path("interNode"), where + ".node.interNode"));
        try {
            return new ReplicaConfig(gpu, integer(n, "tp", where), integer(n, "pp", where), integer(n, "ep", where),
                    DType.parse(text(n, "weightDtype", where)), DType.parse(text(n, "kvDtype", where)),
                    DType.parse(text(n, "activationDtype", where)),
                    batching, ReplicaRole.valueOf(text(n, "role", where).toUpperCase(Locale.ROOT)), shape);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(where + ": " + e.getMessage(), e);
        }
    }

    private static Interconnect link(JsonNode n, String where) {
        return new Interconnect(text(n, "name", where), number(n, "bandwidthGBps", where), number(n, "latencyUs", where));
    }

    private static String text(JsonNode n, String field, String where) {
        JsonNode v = n.path(field);
        if (!v.isTextual() || v.asText().isBlank()) {
            throw new IllegalArgumentException(where + ": field '" + field + "' must be a non-empty string");
        }
        return v.asText();
    }

    private static int integer(JsonNode n, String field, String where) {
        JsonNode v = n.path(field);
        if (!v.canConvertToInt() || !v.isIntegralNumber()) {
            throw new IllegalArgumentException(where + ": field '" + field + "' must be a whole number");
        }
        return v.asInt();
    }

    private static double number(JsonNode n, String field, String where) {
        JsonNode v = n.path(field);
        if (!v.isNumber()) {
            throw new IllegalArgumentException(where + ": field '" + field + "' must be a number");
        }
        return v.asDouble();
    }
}

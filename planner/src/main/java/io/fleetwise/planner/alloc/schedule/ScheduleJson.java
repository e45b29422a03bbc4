package io.fleetwise.planner.alloc.schedule;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fleetwise.planner.pricing.PriceOffer;
import io.fleetwise.planner.pricing.ResolvedPrice;
import io.fleetwise.planner.uncertainty.ScheduleBand;

import java.util.Map;

/**
 * A schedule outcome as JSON: what the command line prints, what a study keeps under {@value #STUDY_KEY} and what
 * the report reads. Carries the fingerprint of its inputs, so a reader can tell a result for other inputs.
 */
public final class ScheduleJson {

    /** Where a study keeps its schedule. */
    public static final String STUDY_KEY = "schedule";
    public static final String FORMAT = "fleetwise-schedule/1";
    private static final ObjectMapper JSON = new ObjectMapper();

    private ScheduleJson() {
    }

    public static ObjectNode write(FleetScheduling.Outcome o) {
        return write(o, "");
    }

    /** @param studyFingerprint {@link FleetScheduling#studyFingerprint} of the study it answers; "" for none */
    public static ObjectNode write(FleetScheduling.Outcome o, String studyFingerprint) {
        ObjectNode root = JSON.createObjectNode();
        root.put("format", FORMAT);
        root.put("fingerprint", o.fingerprint());
        root.put("studyFingerprint", studyFingerprint);
        root.put("model", o.request().model().name());
        root.put("load", o.request().load().source());
        root.put("priceBook", o.request().prices().book().fingerprint());
        root.put("priceChoice", o.request().prices().choice().describe());
        root.put("calibration", o.request().calibration().describe(FleetScheduling.gpuTypesOf(o.request())));
        root.put("engine", o.request().calibration().engine().id());
        root.put("calibrationFingerprint", o.request().calibration().fingerprint());
        FleetSchedule s = o.schedule();
        root.put("status", s.status().name());
        root.put("message", s.message());
        root.put("summary", ScheduleSummary.describe(s));
        putNumber(root, "relativeGap", s.relativeGap());
        putNumber(root, "solveTimeMs", s.solveTimeMs());
        putNumber(root, "hours", o.request().load().totalHours());
        putNumber(root, "totalCostUsd", s.totalCostUsd());
        putNumber(root, "averageCostPerHourUsd", s.hasPlan() ? s.averageCostPerHourUsd() : Double.NaN);
        ObjectNode baseline = root.putObject("baselineGpus");
        s.baselineGpusByType().forEach(baseline::put);
        FleetSchedule constant = o.comparison().constantFleet();
        ObjectNode c = root.putObject("constantFleet");
        c.put("summary", ScheduleSummary.describe(constant));
        c.put("status", constant.status().name());
        putNumber(c, "totalCostUsd", constant.totalCostUsd());
        putNumber(root, "savingPercent", o.comparison().savingPercent());
        ArrayNode periods = root.putArray("periods");
        for (PeriodPlan p : s.periods()) {
            ObjectNode row = periods.addObject();
            row.put("period", p.period().label());
            putNumber(row, "hours", p.period().durationHours());
            putNumber(row, "ratePerS", p.period().ratePerSecond());
            ObjectNode inUse = row.putObject("gpusInUse");
            s.gpusInUse(p).forEach((type, n) -> {
                if (n > 0) {
                    inUse.put(type, n);
                }
            });
            putMap(row.putObject("baselineGpus"), p.baselineGpusInUse());
            putMap(row.putObject("onDemandGpus"), p.onDemandGpus());
            putMap(row.putObject("spotGpus"), p.spotGpus());
            putNumber(row, "flexibleCostUsd", p.flexibleCostUsd());
        }
        ArrayNode prices = root.putArray("prices");
        o.prices().values().forEach(g -> g.all().forEach(p -> prices.add(price(p))));
        ScheduleBand band = o.band();
        ObjectNode b = root.putObject("band");
        b.put("band", band.band().describe());
        b.put("describe", band.describe());
        b.put("planChanges", band.planChanges());
        b.put("baselineChanges", band.baselineChanges());
        b.put("pessimisticSummary", ScheduleSummary.describe(band.pessimistic()));
        b.put("optimisticSummary", ScheduleSummary.describe(band.optimistic()));
        putNumber(b, "pessimisticCostUsd", band.pessimistic().totalCostUsd());
        putNumber(b, "optimisticCostUsd", band.optimistic().totalCostUsd());
        ArrayNode notes = root.putArray("notes");
        o.notes().forEach(notes::add);
        return root;
    }

    private static ObjectNode price(ResolvedPrice p) {
        ObjectNode n = JSON.createObjectNode();
        n.put("gpuType", p.gpuType());
        n.put("kind", p.kind().key());
        putNumber(n, "usdPerGpuHour", p.usdPerGpuHour());
        putNumber(n, "expectedUsdPerGpuHour", p.expectedUsdPerGpuHour());
        n.put("rule", p.rule());
        ArrayNode offers = n.putArray("offers");
        for (PriceOffer o : p.basis()) {
            offers.add(o.describe() + " [" + o.source() + "]");
        }
        return n;
    }

    private static void putMap(ObjectNode node, Map<String, Integer> map) {
        map.forEach((k, v) -> {
            if (v > 0) {
                node.put(k, v);
            }
        });
    }

    private static void putNumber(ObjectNode node, String field, double v) {
        if (Double.isFinite(v)) {
            node.put(field, v);
        } else {
            node.putNull(field);
        }
    }
}

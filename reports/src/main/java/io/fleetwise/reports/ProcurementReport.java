package io.fleetwise.reports;

import com.fasterxml.jackson.databind.JsonNode;
import io.fleetwise.planner.alloc.schedule.FleetScheduling;
import io.fleetwise.planner.alloc.schedule.ScheduleJson;
import io.fleetwise.planner.catalog.Catalog;
import io.fleetwise.planner.model.GpuType;
import io.fleetwise.planner.model.NodeGroup;
import io.fleetwise.planner.pricing.PriceKind;
import io.fleetwise.planner.pricing.PriceResolver;
import io.fleetwise.planner.pricing.ResolvedPrice;
import io.fleetwise.planner.study.StudyDocument;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * The procurement part of a report: the schedule the study saved (only when it was computed for this study's
 * model, workload, cluster and price book), and every GPU type of the study priced each way, owned against rented.
 *
 * @param schedule    the saved schedule (ScheduleJson), present only when it answers this study
 * @param staleReason why a saved schedule is not shown; empty when there is none or it is shown
 * @param prices      rows: GPU type, on-demand, spot (expected), reserved 1-year, reserved 3-year, owned, cheapest
 * @param priceBook   which book and choice the prices come from
 * @param fleetBand   the saved cheapest fleet's error band sentence (AllocationBandJson), when the report shows that
 *                    saved fleet and it was solved with the band; else empty
 */
public record ProcurementReport(Optional<JsonNode> schedule, String staleReason, List<List<String>> prices,
                                String priceBook, String fleetBand) {

    public static final List<String> PRICE_HEADERS = List.of("GPU type", "on-demand $/GPU-h", "spot, expected $/GPU-h",
            "reserved 1-year $/GPU-h", "reserved 3-year $/GPU-h", "owned $/GPU-h", "cheapest way");

    public ProcurementReport {
        prices = List.copyOf(prices);
        staleReason = staleReason == null ? "" : staleReason;
        priceBook = priceBook == null ? "" : priceBook;
        fleetBand = fleetBand == null ? "" : fleetBand;
    }

    /** With the error band of the fleet this report shows (read from the saved Fleet result it shows). */
    public ProcurementReport withFleetBand(String band) {
        return new ProcurementReport(schedule, staleReason, prices, priceBook, band);
    }

    public static ProcurementReport read(StudyDocument study, JsonNode results, PriceResolver resolver, Catalog catalog) {
        Optional<JsonNode> schedule = Optional.empty();
        String stale = "";
        JsonNode saved = results.path(ScheduleJson.STUDY_KEY);
        if (saved.isObject()) {
            String now = FleetScheduling.studyFingerprint(study, resolver);
            String then = saved.path("studyFingerprint").asText("");
            if (!ScheduleJson.FORMAT.equals(saved.path("format").asText())) {
                stale = "The study's saved schedule has format '" + saved.path("format").asText() + "', which this version "
                        + "does not read.";
            } else if (!now.equals(then)) {
                stale = "The study's saved schedule was computed for other inputs (model " + saved.path("model").asText()
                        + ", price book " + saved.path("priceBook").asText() + "); the model, workload, SLO, cluster or "
                        + "price book changed since, so it is not reported. Plan the day again in the Fleet area.";
            } else {
                schedule = Optional.of(saved);
            }
        }
        List<List<String>> rows = new ArrayList<>();
        Set<String> types = new LinkedHashSet<>();
        for (NodeGroup g : study.nodeGroups()) {
            types.add(g.gpu().name());
        }
        for (String t : types) {
            GpuType gpu;
            try {
                gpu = catalog.gpu(t);
            } catch (RuntimeException e) {
                continue;
            }
            List<String> row = new ArrayList<>();
            row.add(gpu.name());
            double best = Double.POSITIVE_INFINITY;
            String bestKind = "none priced";
            for (PriceKind k : List.of(PriceKind.ON_DEMAND, PriceKind.SPOT, PriceKind.RESERVED_1Y, PriceKind.RESERVED_3Y,
                    PriceKind.OWNED)) {
                Optional<ResolvedPrice> p = resolver.tryResolve(gpu, k);
                row.add(p.map(v -> ReportTables.num(v.expectedUsdPerGpuHour(), 3)).orElse("-"));
                if (p.isPresent() && p.get().expectedUsdPerGpuHour() < best) {
                    best = p.get().expectedUsdPerGpuHour();
                    bestKind = k.label();
                }
            }
            row.add(bestKind);
            rows.add(row);
        }
        return new ProcurementReport(schedule, stale, rows, "price book " + resolver.book().fingerprint() + " ("
                + resolver.choice().describe() + ")", "");
    }

    /** Title-page lines: how sure the cheapest fleet is, the schedule, its cost against a peak-sized fleet, how sure. */
    public List<String[]> titleFacts() {
        List<String[]> facts = new ArrayList<>();
        if (!fleetBand.isEmpty()) {
            facts.add(new String[]{"How sure (cheapest fleet)", fleetBand});
        }
        if (schedule.isPresent()) {
            JsonNode s = schedule.get();
            facts.add(new String[]{"Schedule", s.path("summary").asText()});
            facts.add(new String[]{"Against a peak-sized fleet", String.format(Locale.ROOT,
                    "%s $ over %s h against %s $ for a constant fleet (%s): %s %% saved",
                    ReportTables.num(s.path("totalCostUsd").asDouble(Double.NaN), 2),
                    ReportTables.num(s.path("hours").asDouble(Double.NaN), 0),
                    ReportTables.num(s.path("constantFleet").path("totalCostUsd").asDouble(Double.NaN), 2),
                    s.path("constantFleet").path("summary").asText(),
                    ReportTables.num(s.path("savingPercent").asDouble(Double.NaN), 1))});
            facts.add(new String[]{"How sure", s.path("band").path("describe").asText()});
        } else if (!staleReason.isEmpty()) {
            facts.add(new String[]{"Schedule", staleReason});
        }
        return facts;
    }

    /** The schedule's hours as a table: hour, rate, GPUs in use, on demand and spot per type. */
    public ReportTable periodTable() {
        JsonNode s = schedule.orElseThrow();
        Set<String> types = new LinkedHashSet<>();
        for (JsonNode p : s.path("periods")) {
            p.path("gpusInUse").fieldNames().forEachRemaining(types::add);
        }
        List<String> headers = new ArrayList<>(List.of("hour", "req/s"));
        for (String t : types) {
            headers.add(t + " in use");
            headers.add(t + " on-demand");
            headers.add(t + " spot");
        }
        headers.add("on-demand + spot $");
        List<List<String>> rows = new ArrayList<>();
        for (JsonNode p : s.path("periods")) {
            List<String> row = new ArrayList<>(List.of(p.path("period").asText(),
                    ReportTables.num(p.path("ratePerS").asDouble(Double.NaN), 2)));
            for (String t : types) {
                row.add(Integer.toString(p.path("gpusInUse").path(t).asInt(0)));
                row.add(Integer.toString(p.path("onDemandGpus").path(t).asInt(0)));
                row.add(Integer.toString(p.path("spotGpus").path(t).asInt(0)));
            }
            row.add(ReportTables.num(p.path("flexibleCostUsd").asDouble(Double.NaN), 2));
            rows.add(row);
        }
        // its column names are already words; they are printed as they are
        return new ReportTable("Schedule by hour", "procurement-schedule", headers, headers, rows);
    }

    /** The prices the schedule was costed with, with the offers and rules behind them. */
    public ReportTable pricesUsedTable() {
        List<List<String>> rows = new ArrayList<>();
        for (JsonNode p : schedule.orElseThrow().path("prices")) {
            List<String> offers = new ArrayList<>();
            for (Iterator<JsonNode> it = p.path("offers").elements(); it.hasNext(); ) {
                offers.add(it.next().asText());
            }
            rows.add(List.of(p.path("gpuType").asText(), p.path("kind").asText(),
                    ReportTables.num(p.path("expectedUsdPerGpuHour").asDouble(Double.NaN), 3),
                    offers.isEmpty() ? "-" : String.join("; ", offers)));
        }
        List<String> headers = List.of("GPU type", "kind", "$/GPU-h (expected)", "offers");
        return new ReportTable("Prices the schedule was costed with", "procurement-prices-used", headers, headers, rows);
    }

    public ReportTable ownedVsRentedTable() {
        return new ReportTable("Owned against rented, per GPU-hour (" + priceBook + ")", "procurement-owned-vs-rented",
                PRICE_HEADERS, PRICE_HEADERS, prices);
    }
}

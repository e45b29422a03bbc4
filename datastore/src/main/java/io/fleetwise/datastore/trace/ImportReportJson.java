package io.fleetwise.datastore.trace;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fleetwise.planner.ingest.ImportReport;

import java.util.ArrayList;
import java.util.List;

/** An {@link ImportReport} as the JSON stored in {@code trace.import_report}: the shape {@code --json} prints. */
final class ImportReportJson {
    private static final ObjectMapper JSON = new ObjectMapper();

    private ImportReportJson() {
    }

    static String write(ImportReport report) {
        try {
            return JSON.writeValueAsString(report.toJson());
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("an import report is plain data and always writes", e);
        }
    }

    /** The stored report, or null when none was stored (or the text is not one: never a reason to hide the trace). */
    static ImportReport read(String text) {
        if (text == null || text.isBlank()) {
            return null;
        }
        try {
            JsonNode root = JSON.readTree(text);
            if (root == null || !root.isObject()) {
                return null;
            }
            return new ImportReport(root.path("accepted").asLong(0), entries(root.path("repaired")),
                    entries(root.path("skipped")));
        } catch (JsonProcessingException e) {
            return null;
        }
    }

    private static List<ImportReport.Entry> entries(JsonNode array) {
        List<ImportReport.Entry> out = new ArrayList<>();
        for (JsonNode e : array) {
            List<String> places = new ArrayList<>();
            e.path("firstPlaces").forEach(p -> places.add(p.asText()));
            out.add(new ImportReport.Entry(e.path("reason").asText(""), e.path("count").asLong(0), places));
        }
        return out;
    }
}

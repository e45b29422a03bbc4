package io.fleetwise.planner.ingest;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What an importer did with its input: how many items it took as they were, how many it took after a repair
 * (and why), and how many it left out (and why), each reason with the first few places so the user can look
 * them up. Nothing an importer reads is dropped without appearing here.
 */
public record ImportReport(long accepted, List<Entry> repaired, List<Entry> skipped) {

    /** Places kept per reason: enough to find the pattern, bounded however many rows share it. */
    public static final int PLACES_KEPT = 5;

    public ImportReport {
        repaired = List.copyOf(repaired);
        skipped = List.copyOf(skipped);
    }

    /** One reason: how many items it touched and where the first of them are. */
    public record Entry(String reason, long count, List<String> firstPlaces) {
        public Entry {
            Objects.requireNonNull(reason, "reason");
            firstPlaces = List.copyOf(firstPlaces);
        }
    }

    public static ImportReport acceptedAll(long accepted) {
        return new ImportReport(accepted, List.of(), List.of());
    }

    public long repairedCount() {
        return repaired.stream().mapToLong(Entry::count).sum();
    }

    public long skippedCount() {
        return skipped.stream().mapToLong(Entry::count).sum();
    }

    /** One line for a console or a status bar, e.g. "1999 accepted, 1 repaired (…), 0 skipped". */
    public String summary() {
        StringBuilder b = new StringBuilder().append(accepted).append(" accepted");
        b.append(", ").append(repairedCount()).append(" repaired");
        appendReasons(b, repaired);
        b.append(", ").append(skippedCount()).append(" skipped");
        appendReasons(b, skipped);
        return b.toString();
    }

    private static void appendReasons(StringBuilder b, List<Entry> entries) {
        if (entries.isEmpty()) {
            return;
        }
        b.append(" (");
        for (int i = 0; i < entries.size(); i++) {
            Entry e = entries.get(i);
            b.append(i == 0 ? "" : "; ").append(e.count()).append(' ').append(e.reason());
            if (!e.firstPlaces().isEmpty()) {
                b.append(", first at ").append(String.join(", ", e.firstPlaces()));
            }
        }
        b.append(')');
    }

    /** Plain map for JSON output: accepted, repaired[], skipped[] with reason, count and firstPlaces. */
    public Map<String, Object> toJson() {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("accepted", accepted);
        json.put("repaired", entriesJson(repaired));
        json.put("skipped", entriesJson(skipped));
        return json;
    }

    private static List<Map<String, Object>> entriesJson(List<Entry> entries) {
        List<Map<String, Object>> out = new ArrayList<>();
        for (Entry e : entries) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("reason", e.reason());
            m.put("count", e.count());
            m.put("firstPlaces", e.firstPlaces());
            out.add(m);
        }
        return out;
    }

    /** Collects counts while an importer runs; one per import, not thread-safe. */
    public static final class Builder {
        private long accepted;
        private final Map<String, long[]> repairedCounts = new LinkedHashMap<>();
        private final Map<String, List<String>> repairedPlaces = new LinkedHashMap<>();
        private final Map<String, long[]> skippedCounts = new LinkedHashMap<>();
        private final Map<String, List<String>> skippedPlaces = new LinkedHashMap<>();

        public Builder accept() {
            accepted++;
            return this;
        }

        public Builder accept(long n) {
            accepted += n;
            return this;
        }

        /** An item taken after a repair: it is also counted as accepted by whoever stores it. */
        public Builder repaired(String reason, String place) {
            note(repairedCounts, repairedPlaces, reason, place, 1);
            return this;
        }

        public Builder skipped(String reason, String place) {
            note(skippedCounts, skippedPlaces, reason, place, 1);
            return this;
        }

        public Builder skipped(String reason, String place, long count) {
            note(skippedCounts, skippedPlaces, reason, place, count);
            return this;
        }

        public long accepted() {
            return accepted;
        }

        private static void note(Map<String, long[]> counts, Map<String, List<String>> places, String reason, String place,
                                 long count) {
            if (count <= 0) {
                return;
            }
            counts.computeIfAbsent(reason, k -> new long[1])[0] += count;
            List<String> list = places.computeIfAbsent(reason, k -> new ArrayList<>());
            if (place != null && list.size() < PLACES_KEPT) {
                list.add(place);
            }
        }

        public ImportReport build() {
            return new ImportReport(accepted, entries(repairedCounts, repairedPlaces), entries(skippedCounts, skippedPlaces));
        }

        private static List<Entry> entries(Map<String, long[]> counts, Map<String, List<String>> places) {
            List<Entry> out = new ArrayList<>();
            counts.forEach((reason, n) -> out.add(new Entry(reason, n[0], places.getOrDefault(reason, List.of()))));
            return out;
        }
    }
}

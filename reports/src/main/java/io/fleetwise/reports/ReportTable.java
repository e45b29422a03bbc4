package io.fleetwise.reports;

import io.fleetwise.planner.glossary.FieldNames;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * One results table of a report, the single source for the PDF table and its CSV export.
 *
 * @param fileStem CSV file name without extension, e.g. {@code allocation}
 * @param headers  the CSV's column names (machine names, stable for scripts)
 * @param labels   the printed column names, one per header (FieldNames: the glossary's words)
 */
public record ReportTable(String title, String fileStem, List<String> headers, List<String> labels,
                         List<List<String>> rows) {

    /** A table whose printed column names are {@link FieldNames#name} of its headers. */
    public ReportTable(String title, String fileStem, List<String> headers, List<List<String>> rows) {
        this(title, fileStem, headers, headers.stream().map(FieldNames::name).toList(), rows);
    }

    public ReportTable {
        Objects.requireNonNull(title, "title");
        Objects.requireNonNull(fileStem, "fileStem");
        headers = List.copyOf(headers);
        labels = List.copyOf(labels);
        if (labels.size() != headers.size()) {
            throw new IllegalArgumentException("Table '" + title + "': " + labels.size() + " printed names for "
                    + headers.size() + " columns");
        }
        List<List<String>> copy = new ArrayList<>();
        for (List<String> row : rows) {
            if (row.size() != headers.size()) {
                throw new IllegalArgumentException("Table '" + title + "': a row has " + row.size() + " cells, the header "
                        + headers.size() + ": " + row);
            }
            copy.add(List.copyOf(row));
        }
        rows = List.copyOf(copy);
    }

    public boolean isEmpty() {
        return rows.isEmpty();
    }
}

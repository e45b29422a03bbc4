package io.fleetwise.reports;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * One results table of a report, the single source for the PDF table and its CSV export.
 *
 * @param fileStem CSV file name without extension, e.g. {@code allocation}
 */
public record ReportTable(String title, String fileStem, List<String> headers, List<List<String>> rows) {

    public ReportTable {
        Objects.requireNonNull(title, "title");
        Objects.requireNonNull(fileStem, "fileStem");
        headers = List.copyOf(headers);
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

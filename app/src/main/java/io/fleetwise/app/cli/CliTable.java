package io.fleetwise.app.cli;

import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * A result table printed as aligned text or CSV; JSON output prints the domain values themselves
 * (see {@link #print(PrintWriter, OutputFormat, Object)}), so scripts get every field.
 */
public final class CliTable {

    private final List<String> headers;
    private final List<List<String>> rows = new ArrayList<>();

    public CliTable(String... headers) {
        this.headers = List.of(headers);
    }

    public CliTable row(Object... cells) {
        if (cells.length != headers.size()) {
            throw new IllegalArgumentException("Row has " + cells.length + " cells, table has " + headers.size() + " columns");
        }
        rows.add(Arrays.stream(cells).map(CliTable::cell).toList());
        return this;
    }

    /** Prints the table, or {@code jsonValue} as JSON when the format is JSON. */
    public void print(PrintWriter out, OutputFormat format, Object jsonValue) {
        switch (format) {
            case JSON:
                JsonOutput.print(out, jsonValue);
                break;
            case CSV:
                printCsv(out);
                break;
            default:
                printText(out);
        }
        out.flush();
    }

    private void printCsv(PrintWriter out) {
        try {
            CSVPrinter printer = new CSVPrinter(out, CSVFormat.DEFAULT.builder().setRecordSeparator('\n').get());
            printer.printRecord(headers);
            for (List<String> row : rows) {
                printer.printRecord(row);
            }
            printer.flush();
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot write CSV", e);
        }
    }

    private void printText(PrintWriter out) {
        int[] widths = new int[headers.size()];
        for (int i = 0; i < widths.length; i++) {
            widths[i] = headers.get(i).length();
            for (List<String> row : rows) {
                widths[i] = Math.max(widths[i], row.get(i).length());
            }
        }
        out.println(line(headers, widths));
        for (List<String> row : rows) {
            out.println(line(row, widths));
        }
    }

    private static String line(List<String> cells, int[] widths) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < cells.size(); i++) {
            if (i > 0) {
                sb.append("  ");
            }
            String cell = cells.get(i);
            sb.append(cell).append(" ".repeat(i == cells.size() - 1 ? 0 : widths[i] - cell.length()));
        }
        return sb.toString().stripTrailing();
    }

    private static String cell(Object value) {
        if (value == null) {
            return "";
        }
        if (value instanceof Double) {
            double d = (Double) value;
            if (Double.isNaN(d)) {
                return "";
            }
            return d == Math.rint(d) && Math.abs(d) < 1e15 ? Long.toString((long) d) : String.format(Locale.ROOT, "%.3f", d)
                    .replaceAll("0+$", "").replaceAll("\\.$", "");
        }
        return value.toString();
    }
}

package io.fleetwise.planner.catalog;

import io.fleetwise.planner.model.DType;
import org.apache.commons.csv.CSVRecord;

import java.time.LocalDate;
import java.time.format.DateTimeParseException;

/** Typed access to one catalog CSV row; every failure names the file, line and field. */
final class CsvRow {

    private final String file;
    private final CSVRecord record;

    CsvRow(String file, CSVRecord record) {
        this.file = file;
        this.record = record;
    }

    /** Physical line of the row in the file (the header is line 1). */
    long line() {
        return record.getRecordNumber() + 1;
    }

    CatalogFormatException error(String field, String problem) {
        return new CatalogFormatException(file, line(), field, problem);
    }

    /** The trimmed value; an optional column absent from the header reads as empty. */
    String text(String field) {
        if (!record.isMapped(field)) {
            return "";
        }
        if (!record.isSet(field)) {
            throw error(field, "row has " + record.size() + " fields, fewer than the header");
        }
        return record.get(field).trim();
    }

    String requiredText(String field) {
        if (!record.isMapped(field)) {
            throw error(field, "column is missing from the header");
        }
        String value = text(field);
        if (value.isEmpty()) {
            throw error(field, "is empty");
        }
        return value;
    }

    double requiredPositive(String field) {
        requiredText(field);
        double v = number(field, Double.NaN);
        if (Double.isNaN(v) || v <= 0) {
            throw error(field, "must be a number > 0, was '" + text(field) + "'");
        }
        return v;
    }

    /** A number that may be left empty ({@code whenEmpty} then). Negative values are rejected. */
    double number(String field, double whenEmpty) {
        String value = text(field);
        if (value.isEmpty()) {
            return whenEmpty;
        }
        try {
            double v = Double.parseDouble(value);
            if (v < 0 || Double.isInfinite(v) || Double.isNaN(v)) {
                throw error(field, "must be a finite number >= 0, was '" + value + "'");
            }
            return v;
        } catch (NumberFormatException e) {
            throw error(field, "is not a number: '" + value + "'");
        }
    }

    int integer(String field, int whenEmpty) {
        String value = text(field);
        if (value.isEmpty()) {
            return whenEmpty;
        }
        try {
            int v = Integer.parseInt(value);
            if (v < 0) {
                throw error(field, "must be >= 0, was " + v);
            }
            return v;
        } catch (NumberFormatException e) {
            throw error(field, "is not a whole number: '" + value + "'");
        }
    }

    int requiredInteger(String field) {
        requiredText(field);
        int v = integer(field, -1);
        if (v <= 0) {
            throw error(field, "must be a whole number > 0, was '" + text(field) + "'");
        }
        return v;
    }

    boolean bool(String field, boolean whenEmpty) {
        String value = text(field);
        if (value.isEmpty()) {
            return whenEmpty;
        }
        if (value.equalsIgnoreCase("true") || value.equalsIgnoreCase("false")) {
            return Boolean.parseBoolean(value);
        }
        throw error(field, "must be true or false, was '" + value + "'");
    }

    LocalDate date(String field) {
        String value = requiredText(field);
        try {
            return LocalDate.parse(value);
        } catch (DateTimeParseException e) {
            throw error(field, "is not a date (YYYY-MM-DD): '" + value + "'");
        }
    }

    DType dtype(String field, DType whenEmpty) {
        String value = text(field);
        if (value.isEmpty()) {
            return whenEmpty;
        }
        try {
            return DType.parse(value);
        } catch (IllegalArgumentException e) {
            throw error(field, e.getMessage());
        }
    }
}

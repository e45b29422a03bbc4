package io.fleetwise.planner.pricing;

/**
 * A price book file that cannot be read; the message names the file, the line and the field (line 0: the file as a
 * whole, e.g. a broken quote whose own message places it).
 */
public final class PriceBookFormatException extends IllegalArgumentException implements io.fleetwise.planner.ingest.UserInputError {

    private final String file;
    private final long line;
    private final String field;

    public PriceBookFormatException(String file, long line, String field, String problem) {
        super(file + (line > 0 ? " line " + line : "") + (field.isEmpty() ? "" : ", field '" + field + "'") + ": " + problem);
        this.file = file;
        this.line = line;
        this.field = field;
    }

    public String file() {
        return file;
    }

    public long line() {
        return line;
    }

    public String field() {
        return field;
    }
}

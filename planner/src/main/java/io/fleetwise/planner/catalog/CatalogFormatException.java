package io.fleetwise.planner.catalog;

/** A catalog file that cannot be read; the message names the file, the line and the field. */
public final class CatalogFormatException extends RuntimeException implements io.fleetwise.planner.ingest.UserInputError {

    private final String file;
    private final long line;
    private final String field;

    public CatalogFormatException(String file, long line, String field, String problem) {
        super(io.fleetwise.planner.ingest.InputText.clip(file + " line " + line + (field.isEmpty() ? "" : ", field '" + field + "'") + ": " + problem));
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

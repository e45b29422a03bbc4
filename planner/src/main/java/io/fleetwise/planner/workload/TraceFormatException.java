package io.fleetwise.planner.workload;

/** A trace line that cannot be read; the message names the file, line, field and value. */
public class TraceFormatException extends IllegalArgumentException implements io.fleetwise.planner.ingest.UserInputError {
    private final String file;
    private final long line;
    private final String field;

    public TraceFormatException(String file, long line, String field, String problem) {
        super(io.fleetwise.planner.ingest.InputText.clip(file + " line " + line + (field == null ? "" : ", field " + field) + ": " + problem));
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

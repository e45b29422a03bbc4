package io.fleetwise.datastore.trace;

/** An imported file is malformed; the message names the file and the line/field or table.column. */
public class TraceFormatException extends Exception implements io.fleetwise.planner.ingest.UserInputError {
    public TraceFormatException(String message) { super(io.fleetwise.planner.ingest.InputText.clip(message)); }
    public TraceFormatException(String message, Throwable cause) { super(io.fleetwise.planner.ingest.InputText.clip(message), cause); }
}

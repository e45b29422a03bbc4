package io.fleetwise.datastore.trace;

/** An imported file is malformed; the message names the file and the line/field or table.column. */
public class TraceFormatException extends Exception {
    public TraceFormatException(String message) { super(message); }
    public TraceFormatException(String message, Throwable cause) { super(message, cause); }
}

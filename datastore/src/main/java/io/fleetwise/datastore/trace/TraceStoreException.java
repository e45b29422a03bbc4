package io.fleetwise.datastore.trace;

/** A database error inside the trace store, with the operation that failed. */
public class TraceStoreException extends RuntimeException {
    public TraceStoreException(String message, Throwable cause) { super(message, cause); }
}

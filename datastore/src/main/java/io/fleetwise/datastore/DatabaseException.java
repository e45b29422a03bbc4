package io.fleetwise.datastore;

/** The store cannot be opened or used; the message says which file and why, for the user to read. */
public final class DatabaseException extends RuntimeException implements io.fleetwise.planner.ingest.UserInputError {

    public DatabaseException(String message) {
        super(message);
    }

    public DatabaseException(String message, Throwable cause) {
        super(message, cause);
    }
}

package io.fleetwise.planner.ingest;

/** A user error found while reading an input; the message names the place, the problem and what is allowed. */
public class InputException extends IllegalArgumentException implements UserInputError {
    private static final long serialVersionUID = 1L;

    public InputException(String message) {
        super(InputText.clip(message));
    }

    public InputException(String message, Throwable cause) {
        super(InputText.clip(message), cause);
    }
}

package io.fleetwise.planner.study;

/** A study JSON that cannot be read; the message names the source and the field. */
public class StudyFormatException extends IllegalArgumentException implements io.fleetwise.planner.ingest.UserInputError {
    private static final long serialVersionUID = 1L;

    public StudyFormatException(String message) {
        super(io.fleetwise.planner.ingest.InputText.clip(message));
    }
}

package io.fleetwise.planner.ingest;

/**
 * Marks an exception caused by what the user gave us (a file, a field, an option), not by a defect: its
 * message names the place (file and line, field or option), the problem and what is allowed, in one line.
 * Front ends print such messages as they are; anything else is reported as an unexpected error.
 */
public interface UserInputError {
}

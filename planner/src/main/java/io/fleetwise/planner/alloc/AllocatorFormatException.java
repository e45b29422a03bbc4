package io.fleetwise.planner.alloc;

/** An allocator input file that cannot be used; the message names the file, the field and the value. */
public class AllocatorFormatException extends IllegalArgumentException implements io.fleetwise.planner.ingest.UserInputError {
    public AllocatorFormatException(String message) {
        super(io.fleetwise.planner.ingest.InputText.clip(message));
    }

    public AllocatorFormatException(String message, Throwable cause) {
        super(io.fleetwise.planner.ingest.InputText.clip(message), cause);
    }
}
